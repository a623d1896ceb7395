@token
Feature: Profile of the TSU certificate
  The certificate of the time-stamping unit is an end-entity certificate for time stamping only (RFC 3161 §2.3),
  profiled by EN 319 422 §6 on top of EN 319 412-2/-3, and it has to chain to the TSA's declared trust anchors.
  The certificate is taken from the token (the request asks for it); a stored token without it is not applicable.

  Background:
    Given a time-stamp token from the time-stamping service

  @req:TSP-CERT-001 @source:RFC3161-2.3 @source:EN319422-6.4 @must
  Scenario: The extended key usage is time stamping only
    Then the TSU certificate's extended key usage is time stamping only

  @req:TSP-CERT-002 @source:RFC3161-2.3 @source:EN319422-6.4 @must
  Scenario: The extended key usage is critical
    Then the TSU certificate's extended key usage is critical

  @req:TSP-CERT-003 @source:RFC5280-4.2.1.3 @source:EN319422-6.1 @should
  Scenario: The key usage allows signing only
    Then the TSU certificate's key usage allows signing only

  @req:TSP-CERT-004 @source:RFC5280-4.2.1.9 @should
  Scenario: The TSU certificate is not a CA certificate
    Then the TSU certificate is not a CA certificate

  @req:TSP-CERT-005 @source:EN319422-6.4 @source:EN319421-TIS-7.6.7-04 @should
  Scenario: The private key usage period ends before the certificate does
    Then the TSU certificate limits its private key's usage period to end before the certificate

  @req:TSP-CERT-006 @source:EN319422-6.2 @must
  Scenario: The subject names the country, the TSA and the TSU
    Then the TSU certificate's subject names the country, the TSA and the unit

  @req:TSP-CERT-007 @source:EN319422-6.1 @source:EN319412-3-4.2.1 @must
  Scenario: A legal-person subject has the EN 319 412-3 attributes
    Then the TSU certificate's subject is a well-formed legal-person name

  @req:TSP-CERT-008 @source:EN319422-6.1 @source:EN319412-2-4.3 @must
  Scenario: The extensions follow the EN 319 412-2 profile
    Then the TSU certificate's extensions follow the EN 319 412-2 profile

  @req:TSP-CERT-009 @source:RFC5280-6 @source:EN319421-TIS-7.6.4-02 @must
  Scenario: The TSU certificate chains to a declared trust anchor
    Then the TSU certificate chains to a declared trust anchor at genTime

  @req:TSP-CERT-011 @source:EN319422-6.3 @source:EN319422-6.5 @source:CIR2025-1929-P2.7 @should
  Scenario: The TSU key's algorithm and size are acceptable
    Then the TSU key's algorithm and size are acceptable under the applicable crypto policy

  @req:TSP-CERT-012 @source:EN319421-TIS-7.6.5-01 @must
  Scenario: The TSU certificate does not outlive its algorithm
    Then the TSU certificate does not outlive its algorithm under the applicable crypto policy

  @req:TSP-CERT-013 @source:RFC3161-2.3 @should
  Scenario: The TSU certificate does not exempt itself from revocation checking
    Then the TSU certificate does not exempt itself from revocation checking

  @req:TSP-CERT-014 @source:EN319412-5 @source:EN319422-6.1 @should
  Scenario: Qualified statements in the TSU certificate are well formed
    Then the TSU certificate's qualified statements, if any, are well formed
