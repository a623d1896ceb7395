Feature: Handling of valid time-stamp requests
  A time-stamping service grants a well-formed version 1 request (RFC 3161 §2.4.1, EN 319 422 §5.1),
  binds the client's nonce into the token, and includes certificates only when asked to.

  @req:TSP-REQ-001 @source:RFC3161-2.4.2 @source:EN319422-5.1.1 @must
  Scenario Outline: A valid version 1 request with a SHA-256 imprint is granted by the <service> service
    Given the <service> time-stamping service
    When a time-stamp is requested for a random SHA-256 digest
    Then the request is granted

    Examples:
      | service       |
      | non-qualified |
      | qualified     |

  @req:TSP-REQ-002 @source:EN319422-5.1.2 @source:RFC3161-2.4.2 @must
  Scenario: The nonce of the request is echoed in the token
    Given a time-stamp request for a random SHA-256 digest
    And the request carries a random 64-bit nonce
    When the request is sent to the time-stamping service
    Then the request is granted
    And the token's nonce equals the request's nonce

  @req:TSP-REQ-002 @source:EN319422-5.1.2 @must
  Scenario: A 128-bit nonce is echoed in full
    Given a time-stamp request for a random SHA-256 digest
    And the request carries a random 128-bit nonce
    When the request is sent to the time-stamping service
    Then the request is granted
    And the token's nonce equals the request's nonce

  @req:TSP-REQ-004 @source:RFC3161-2.4.1 @must
  Scenario: Without certReq the token carries no certificates
    Given a time-stamp request for a random SHA-256 digest
    And the request does not ask for the TSA's certificate
    When the request is sent to the time-stamping service
    Then the request is granted
    And the token carries no certificates
