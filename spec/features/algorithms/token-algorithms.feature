@token
Feature: Algorithms of the time-stamp token
  The digest and signature algorithms and the TSU key size have to be acceptable when the token is made
  (EN 319 422 §5.2.3 with TS 119 312; for qualified time stamps CIR (EU) 2025/1929 Annex point 2(6) with the
  ECCG Agreed Cryptographic Mechanisms). The policy comes from spec/crypto, as the etsi and eu-qualified profiles
  name it: a token from the qualified service, or one declaring itself qualified, is judged by the qualified one.

  @req:TSP-ALG-001 @source:EN319422-5.2.3 @source:CIR2025-1929-P2.6 @should
  Scenario: Digest and signature algorithms are acceptable at genTime
    Given a time-stamp token from the time-stamping service
    Then the token's digest and signature algorithms are acceptable at genTime under the applicable crypto policy

  @req:TSP-ALG-001 @source:EN319422-5.2.3 @source:CIR2025-1929-P2.6 @should
  Scenario: Digest and signature algorithms of a qualified token are acceptable at genTime
    Given a time-stamp token from the qualified time-stamping service
    Then the token's digest and signature algorithms are acceptable at genTime under the applicable crypto policy

  # Validation time is a separate question: an algorithm acceptable at genTime that is no longer acceptable today makes
  # the token due for renewal (RFC 3161 §4 item 3). That is information for the relying party, not a finding against
  # the TSA.
  @req:TSP-ALG-002 @source:RFC3161-4 @may
  Scenario: Digest and signature algorithms are still acceptable at validation time
    Given a time-stamp token from the time-stamping service
    Then the token's digest and signature algorithms are still acceptable today under the applicable crypto policy
