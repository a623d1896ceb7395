Feature: TSTInfo fields
  The TSTInfo states what was stamped, when and under which policy (RFC 3161 §2.4.2); EN 319 422 §5.2.2 profiles
  its fields and EN 319 421 ties genTime to the TSU certificate. Scenarios tagged @token also run offline.

  @token @req:TSP-TST-002 @req:EN319421-TIS-7.7.1-01 @source:RFC3161-2.4.2 @source:EN319422-5.2.2 @source:EN319421-OVR-5.2-01 @must
  Scenario: The token names a policy the TSA declares
    Given a time-stamp token from the time-stamping service
    Then the token's policy is one the TSA declares

  @req:TSP-TST-003 @source:RFC3161-2.4.2 @must
  Scenario: The token stamps the imprint of the request
    Given a time-stamp token from the time-stamping service
    Then the token's message imprint equals the request's

  @req:TSP-TST-004 @source:RFC3161-2.4.2 @must
  Scenario: Serial numbers are not repeated within the run, even under concurrent requests
    When 40 time-stamps are requested concurrently
    Then every token has a serial number not seen before in this run

  @token @req:TSP-TST-005 @source:RFC3161-2.4.2 @should
  Scenario: The serial number is positive and fits 160 bits
    Given a time-stamp token from the time-stamping service
    Then the token's serial number is positive and at most 160 bits long

  @token @req:TSP-TST-006 @source:RFC3161-2.4.2 @must
  Scenario: genTime follows the RFC 3161 format
    Given a time-stamp token from the time-stamping service
    Then the token's genTime is written in the RFC 3161 format

  @token @req:TSP-TST-007 @source:EN319422-5.2.2 @should
  Scenario: genTime is precise enough for the declared accuracy
    Given a time-stamp token from the time-stamping service
    Then the token's genTime is as precise as its accuracy requires

  @token @req:TSP-TST-009 @source:RFC3161-2.4.2 @must
  Scenario: The accuracy's millis and micros are within 1 to 999
    Given a time-stamp token from the time-stamping service
    Then the token's accuracy parts are within their ranges

  @token @req:TSP-TST-010 @source:EN319422-5.2.2 @must
  Scenario: The token does not claim ordering
    Given a time-stamp token from the time-stamping service
    Then the token does not claim ordering

  @req:TSP-TST-011 @source:RFC3161-2.4.2 @source:EN319422-4.2.2 @must
  Scenario: The nonce of the request comes back in the token
    Given a time-stamp request for a random SHA-256 digest
    And the request carries a random 64-bit nonce
    When the request is sent to the time-stamping service
    Then the request is granted
    And the token's nonce equals the request's nonce

  @token @req:TSP-TST-012 @source:RFC3161-2.4.2 @must
  Scenario: The tsa field names the TSU
    Given a time-stamp token from the time-stamping service
    Then the tsa field, if present, names the TSU certificate's subject

  @token @req:TSP-TST-013 @source:EN319422-5.2.2 @must
  Scenario: No TSTInfo extension is critical
    Given a time-stamp token from the time-stamping service
    Then the token has no critical extension

  @token @req:TSP-TST-014 @source:RFC5280-4.1.2.5 @source:EN319421-TIS-7.7.1-09 @source:EN319421-TIS-7.6.7-06 @must
  Scenario: genTime lies within the TSU certificate's validity and private key usage period
    Given a time-stamp token from the time-stamping service
    Then genTime lies within the TSU certificate's validity and private key usage period
