Feature: EU qualified electronic time stamps
  A token the TSA declares qualified carries one non-critical qcStatements extension holding esi4-qtstStatement-1
  (EN 319 422 §9.1 and Annex B; a shall since CIR (EU) 2025/1929). A TSA issuing both kinds keeps them apart: the
  qualified TSU issues only qualified tokens, and the two kinds come from TSUs with different names at different
  access points (EN 319 421 §8.2). Whether a token really is qualified is decided by the trusted list, not here.

  @token @req:TSP-QTS-001 @source:EN319422-9.1 @source:CIR2025-1929-P2.11 @should
  Scenario: A qualified token has exactly one qcStatements extension
    Given a time-stamp token from the qualified time-stamping service
    Then the token has exactly one qcStatements extension

  @token @req:TSP-QTS-002 @source:EN319422-9.1 @source:EN319422-B @must
  Scenario: The qcStatements extension holds only esi4-qtstStatement-1
    Given a time-stamp token from the qualified time-stamping service
    Then the qcStatements extension holds only the EU qualified time-stamp statement

  @token @req:TSP-QTS-003 @source:EN319422-9.1 @must
  Scenario: The qcStatements extension is not critical
    Given a time-stamp token from the qualified time-stamping service
    Then the qcStatements extension is not critical

  @req:TSP-QTS-004 @source:EN319421-TIS-8.2-01 @must
  Scenario: The qualified service never issues a non-qualified token
    When the qualified service is asked for tokens with every declared policy, hash algorithm and certificate choice
    Then every token it grants is declared qualified and signed by the same TSU

  @req:TSP-QTS-005 @source:EN319421-TIS-8.2-02 @source:EN319421-TIS-8.2-03 @must
  Scenario: Qualified and non-qualified tokens come from separate TSUs and access points
    When both services are asked for tokens with every declared policy
    Then the two services use TSUs with different subject names and the non-qualified one issues no qualified token

  @token @req:TSP-QTS-007 @source:EN319421-TIS-8.1-01 @source:EN319421-TIS-8.1-02 @must
  Scenario: The qualified TSU's certificate is issued under NCP+ or a qualified legal-person policy
    Given a time-stamp token from the qualified time-stamping service
    Then the TSU certificate is issued under NCP+ or a qualified legal-person policy

  @token @req:TSP-QTS-008 @source:EN319421-TIS-8.1-02 @may
  Scenario: The run calls a token's qualified status a declaration, not a fact
    Given a time-stamp token from the qualified time-stamping service
    Then the run words the token's qualified status as the TSA's declaration, leaving the status to the EU trusted list

  @req:EIDAS-ART42-1-A @source:EIDAS-ART42-1-A @source:RFC3161-2.4.2 @must
  Scenario: A qualified token binds its time to the data so that a change is detected
    Given a time-stamp token from the qualified time-stamping service
    Then the token stamps the request's imprint under signed attributes and a signature that bind it to the TSTInfo
    And a copy of the token whose stamped imprint is changed no longer verifies

  @token @req:EIDAS-ART42-1-C @source:EIDAS-ART42-1-C @source:EN319422-6.1 @must
  Scenario: A qualified token is sealed by the TSA as a legal person under a certified key
    Given a time-stamp token from the qualified time-stamping service
    Then the token is sealed by the TSU: its signature verifies, and its certificate names a legal person and chains to a declared trust anchor at genTime
