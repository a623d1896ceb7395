Feature: Status of time-stamp responses
  Every TimeStampResp states its status; a token comes with status granted or grantedWithMods and with nothing
  else, only the defined status values and failure bits are used, and a rejection says why (RFC 3161 §2.4.2).
  Each scenario sends one valid and several invalid requests and examines every response. Offline (inspect), the stored
  TimeStampResp is the response examined, a rejection included; a bare token has no status and they do not apply.

  @token @req:TSP-RESP-001 @source:RFC3161-2.4.2 @must
  Scenario: A token comes exactly with a granting status
    When valid and invalid requests are sent to the time-stamping service
    Then every time-stamp response carries a token exactly when its status grants the request

  @token @req:TSP-RESP-002 @source:RFC3161-2.4.2 @should
  Scenario: Only defined status values and failure bits are used
    When valid and invalid requests are sent to the time-stamping service
    Then every time-stamp response uses only defined status values and failure bits

  @token @req:TSP-RESP-003 @source:RFC3161-2.4.2 @should
  Scenario: Every rejection names its reason in failInfo
    When valid and invalid requests are sent to the time-stamping service
    Then every rejection says why in failInfo
