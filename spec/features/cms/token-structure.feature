@token
Feature: CMS structure of the time-stamp token
  A time-stamp token is a CMS ContentInfo holding SignedData (RFC 3161 §2.4.2, RFC 5652 §5). The TSTInfo is
  encapsulated in it as DER, and one SignerInfo, the TSA's, signs it with signed attributes that bind the content
  and identify the TSU certificate (RFC 2634, RFC 5035, RFC 5816). These checks need only the token, so they also
  run offline on stored tokens; those needing the TSU certificate do not apply to a token stored without it.

  Background:
    Given a time-stamp token from the time-stamping service

  @req:TSP-CMS-001 @source:RFC3161-2.4.2 @must
  Scenario: The token is a ContentInfo of type id-signedData
    Then the token is a ContentInfo of type signed data

  @req:TSP-CMS-002 @source:RFC3161-2.4.2 @must
  Scenario: The signed data encapsulates a TSTInfo
    Then the signed data encapsulates a TSTInfo

  @req:TSP-CMS-003 @source:RFC3161-2.4.2 @must
  Scenario: The TSTInfo is strict DER
    Then the TSTInfo is encoded in strict DER

  @req:TSP-CMS-014 @source:RFC3161-2.4.2 @source:RFC5652-5 @must
  Scenario: Independent decoders accept the token and read the same TSTInfo values
    Then independent decoders accept the token and read the same values

  @req:TSP-CMS-004 @source:RFC3161-2.4.2 @must
  Scenario: The TSA's signature is the only one
    Then the signed data has exactly one signer

  @req:TSP-CMS-005 @source:RFC5652-5.1 @must
  Scenario: SignedData is version 3
    Then the signed data version is 3

  @req:TSP-CMS-006 @source:RFC5652-5.3 @source:RFC5652-11.1 @source:RFC5652-11.2 @must
  Scenario: The signed attributes bind the TSTInfo
    Then the signed attributes bind the content type and the digest of the TSTInfo

  @req:TSP-CMS-007 @source:RFC3161-2.4.2 @source:RFC5816-2.2.1 @source:EN319422-5.2.2 @must
  Scenario: A signing-certificate attribute identifies the TSU certificate
    Then a signing-certificate attribute identifies the TSU certificate

  @req:TSP-CMS-008 @source:RFC3161-2.4.2 @source:RFC5816-2.2.1 @must
  Scenario: The certificate identifier matches the signer's certificate
    Then the first certificate identifier matches the signer's certificate

  @req:TSP-CMS-009 @source:EN319422-5.2.3 @source:CIR2025-1929-P2.6 @should
  Scenario: The TSU certificate is identified with a hash other than SHA-1
    Then the certificate identifier uses a hash other than SHA-1

  @req:TSP-CMS-010 @source:RFC5652-5.4 @source:RFC5652-5.6 @must
  Scenario: The signature verifies with the TSU certificate's key
    Then the signature verifies with the TSU certificate's public key

  @req:TSP-CMS-011 @source:RFC5652-5.3 @must
  Scenario: The signer identifier names the TSU certificate
    Then the signer identifier names the TSU certificate with the matching SignerInfo version

  @req:TSP-CMS-012 @source:RFC6211-2 @must
  Scenario: An algorithm-protection attribute agrees with the SignerInfo
    Then an algorithm-protection attribute, if present, names the signer's algorithms

  @req:TSP-CMS-013 @source:RFC5652-11.3 @should
  Scenario: A signing-time attribute agrees with genTime
    Then a signing-time attribute, if present, agrees with genTime
