Feature: Requests a TSA has to refuse
  A TSA issues no token for a request it cannot honour: an unknown policy or extension, an unknown or weak hash
  algorithm, an imprint of the wrong length, another version, or a request that is not DER (RFC 3161 §2.4.1,
  §2.4.2). It may refuse with a TimeStampResp rejection, whose failInfo then names the reason, or with an HTTP
  error (RFC 3161 §3.4); both count as a refusal.

  @req:TSP-REQ-006 @source:RFC3161-2.4.2 @must
  Scenario: A policy the TSA does not use is refused
    Given a time-stamp request for a random SHA-256 digest
    And the request asks for a policy no TSA uses
    When the request is sent to the time-stamping service
    Then the request is refused with failInfo "unacceptedPolicy"

  @req:TSP-REQ-007 @source:RFC3161-2.4.1 @source:RFC3161-2.1 @must
  Scenario Outline: An unknown <criticality> request extension is refused
    Given a time-stamp request for a random SHA-256 digest
    And the request carries an unknown <criticality> extension
    When the request is sent to the time-stamping service
    Then the request is refused with failInfo "unacceptedExtension"

    Examples:
      | criticality  |
      | non-critical |
      | critical     |

  @req:TSP-REQ-008 @source:RFC3161-2.4.1 @should
  Scenario: An unknown hash algorithm is refused
    Given a time-stamp request whose imprint uses an unknown hash algorithm
    When the request is sent to the time-stamping service
    Then the request is refused with failInfo "badAlg"

  @req:TSP-REQ-009 @source:RFC3161-2.4.1 @source:EN319422-5.1.3 @source:CIR2025-1929-P2.5 @should
  Scenario Outline: A weak hash algorithm (<hash>) is refused
    Given a time-stamp request for a random <hash> digest
    When the request is sent to the time-stamping service
    Then the request is refused with failInfo "badAlg"

    Examples:
      | hash  |
      | MD5   |
      | SHA-1 |

  @req:TSP-REQ-010 @source:RFC3161-2.4.1 @must
  Scenario Outline: A SHA-256 imprint of <length> bytes gets no token
    Given a time-stamp request with a SHA-256 imprint of <length> bytes
    When the request is sent to the time-stamping service
    Then the request is refused

    Examples:
      | length |
      | 20     |
      | 33     |

  @req:TSP-REQ-011 @source:RFC3161-2.4.1 @should
  Scenario: A request claiming version 2 is refused
    Given a time-stamp request for a random SHA-256 digest
    And the request claims version 2
    When the request is sent to the time-stamping service
    Then the request is refused

  @req:TSP-REQ-012 @source:RFC3161-2.4.2 @should
  Scenario Outline: A request <malformation> is refused
    Given a time-stamp request for a random SHA-256 digest
    And the request is encoded "<malformation>"
    When the request is sent to the time-stamping service
    Then the request is refused

    Examples:
      | malformation              |
      | truncated                 |
      | with an indefinite length |
      | with trailing garbage     |
