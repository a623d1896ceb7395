Feature: Time-stamp protocol over HTTP
  RFC 3161 §3.4 defines how a time-stamp request travels over HTTP: the client POSTs a DER-encoded
  TimeStampReq as application/timestamp-query, and the server answers with a DER-encoded
  TimeStampResp as application/timestamp-reply. EN 319 422 §7 adopts this transport.

  @req:TSP-HTTP-001 @source:RFC3161-3.4 @source:EN319422-7 @must
  Scenario: A time-stamp request over HTTP is answered with a DER time-stamp response of the registered media type
    Given a time-stamp request for a random SHA-256 digest
    When the request is sent to the time-stamping service
    Then the answer is one DER-encoded time-stamp response labelled application/timestamp-reply

  @req:TSP-HTTP-001 @source:RFC3161-3.4 @source:EN319422-7 @must
  Scenario: A refusal sent as a time-stamp response is DER too, with the registered media type
    Given a time-stamp request whose imprint uses an unknown hash algorithm
    When the request is sent to the time-stamping service
    Then a refusal given as a time-stamp response is one DER-encoded time-stamp response labelled application/timestamp-reply

  @req:TSP-HTTP-002 @source:RFC3161-3.4 @must
  Scenario: A valid request is answered with a time-stamp response or an HTTP error, nothing else
    Given a time-stamp request for a random SHA-256 digest
    When the request is sent to the time-stamping service
    Then a successful HTTP status comes with a time-stamp response, never with another kind of document
