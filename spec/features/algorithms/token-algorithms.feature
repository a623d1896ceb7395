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
