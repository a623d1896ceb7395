Feature: Requests outside the time-stamp protocol
  RFC 3161 §3.4 defines one way to ask for a time stamp over HTTP: a POST of a DER TimeStampReq labelled
  application/timestamp-query. A robust service gives no token for anything else; an HTTP error or a rejection are
  both acceptable answers. A valid request is sent first, so that a refusal means something.

  @req:TSP-HTTP-004 @source:RFC3161-3.4 @may
  Scenario: A GET, or a request with another media type, never gets a token
    When the time-stamping service is sent a GET, and a valid request labelled application/octet-stream
    Then neither is answered with a granted time-stamp token
