Feature: Request options and hash algorithms a TSA has to handle
  The TSA returns its certificate when asked, honours a requested policy it supports, accepts the current strong
  hashes and stamps any well-formed imprint without judging its content (RFC 3161 §2.1, §2.4.1, §2.4.2;
  EN 319 422 §5.1). Parameters (policies, hashes) come from the target's declarations.

  @req:TSP-REQ-003 @source:RFC3161-2.4.1 @source:EN319422-5.1.2 @must
  Scenario: With certReq TRUE the token carries the TSU certificate
    Given a time-stamp request for a random SHA-256 digest
    And the request asks for the TSA's certificate
    When the request is sent to the time-stamping service
    Then the request is granted
    And the token carries the TSU certificate the signing-certificate attribute references

  @req:TSP-REQ-005 @source:EN319422-5.1.2 @source:RFC3161-2.4.2 @must
  Scenario: A requested policy the TSA supports is the token's policy
    When a time-stamp is requested with each policy the TSA declares
    Then every granted token carries the policy that was requested, and at least one declared policy is granted

  @req:TSP-REQ-013 @source:EN319422-5.1.3 @source:CIR2025-1929-P2.5 @should
  Scenario: Every hash algorithm the TSA declares is accepted
    When a time-stamp is requested for each hash algorithm the TSA declares
    Then every hash algorithm is granted

  @req:TSP-REQ-014 @source:RFC3161-2.1 @must
  Scenario Outline: An imprint of all <value> is stamped as given
    Given a time-stamp request whose SHA-256 imprint is all <value>
    When the request is sent to the time-stamping service
    Then the imprint is stamped as given

    Examples:
      | value |
      | zeros |
      | ones  |

  @req:TSP-REQ-015 @source:RFC3161-2.1 @must
  Scenario: The token carries nothing about the requester
    Given a time-stamp request for a random SHA-256 digest
    When the request is sent to the time-stamping service
    Then the request is granted
    And the token carries nothing that identifies the requester
