@token
Feature: Profile of the TSU certificate
  The certificate of the time-stamping unit is an end-entity certificate for time stamping only (RFC 3161 §2.3),
  profiled by EN 319 422 §6 on top of EN 319 412-2/-3, and it has to chain to the TSA's declared trust anchors.
  Each scenario examines the TSU behind every declared service: the non-qualified one and the qualified one.
  The certificate is taken from the token (the request asks for it); a stored token without it is not applicable,
  and a stored token is examined under the row that matches what it declares (qualified or not).

  @req:TSP-CERT-001 @source:RFC3161-2.3 @source:EN319422-6.4 @must
  Scenario Outline: The extended key usage is time stamping only (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's extended key usage is time stamping only

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-002 @source:RFC3161-2.3 @source:EN319422-6.4 @must
  Scenario Outline: The extended key usage is critical (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's extended key usage is critical

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-003 @source:RFC5280-4.2.1.3 @source:EN319422-6.1 @should
  Scenario Outline: The key usage allows signing only (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's key usage allows signing only

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-004 @source:RFC5280-4.2.1.9 @should
  Scenario Outline: The TSU certificate is not a CA certificate (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate is not a CA certificate

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  # EN 319 422 §6.4 says the extension "should" be used; EN 319 421 TIS-7.6.7-05 lets the TSA set the key's expiry in the
  # cryptographic module instead. A certificate without it is therefore an observation, never a nonconformity.
  @req:TSP-CERT-005 @source:EN319422-6.4 @source:EN319421-TIS-7.6.7-04 @source:EN319421-TIS-7.6.7-05 @should
  Scenario Outline: The private key usage period ends before the certificate does (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate limits its private key's usage period to end before the certificate

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  # The TSA sets an expiry date for the key (TIS-7.6.7-01) no later than the certificate's notAfter (-02). Only an expiry
  # the certificate declares is visible; one set in the module needs the TSA's evidence.
  @req:EN319421-TIS-7.6.7-02 @req:EN319421-TIS-7.6.7-01 @source:EN319421-TIS-7.6.7-05 @must
  Scenario Outline: A declared private key expiry is not later than the certificate (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the private key expiry the TSU certificate declares is not later than its notAfter

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-006 @source:EN319422-6.2 @must
  Scenario Outline: The subject names the country, the TSA and the TSU (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's subject names the country, the TSA and the unit

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-007 @source:EN319422-6.1 @source:EN319412-3-4.2.1 @must
  Scenario Outline: A legal-person subject has the EN 319 412-3 attributes (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's subject is a well-formed legal-person name

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-008 @source:EN319422-6.1 @source:EN319412-2-4.3 @must
  Scenario Outline: The extensions follow the EN 319 412-2 profile (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's extensions follow the EN 319 412-2 profile

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  # A relying party gets the genuine TSU public key through a certificate path to a trust anchor (TIS-7.6.4-01).
  @req:TSP-CERT-009 @req:EN319421-TIS-7.6.4-01 @source:RFC5280-6 @source:EN319421-TIS-7.6.4-02 @must
  Scenario Outline: The TSU certificate chains to a declared trust anchor (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate chains to a declared trust anchor at genTime

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-010 @source:RFC3161-4 @source:RFC5280-6.3 @must
  Scenario Outline: The TSU certificate is not revoked (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate is not revoked at validation time

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  # The key's algorithm identifier and size are looked up in the applicable crypto policy: TS 119 312 (EN 319 422 §8,
  # TIS-7.6.2-05) for the non-qualified TSU, the ECCG Agreed Cryptographic Mechanisms (CIR (EU) 2025/1929) for the qualified one.
  @req:TSP-CERT-011 @req:EN319422-8 @req:EN319421-TIS-7.6.2-05 @req:CIR2025-1929-TIS-7.6.2-05A @req:CIR2025-1929-P2.10
  @source:EN319422-6.3 @source:EN319422-6.5 @source:CIR2025-1929-P2.7 @should
  Scenario Outline: The TSU key's algorithm and size are acceptable (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU key's algorithm and size are acceptable under the applicable crypto policy

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  # The key expires no later than the certificate (TSP-CERT-005), so a certificate within its algorithm's lifetime keeps
  # the key's expiry within the lifetime the crypto policy gives its size (TIS-7.6.7-03; -03A for qualified services).
  @req:TSP-CERT-012 @req:EN319421-TIS-7.6.7-03 @req:CIR2025-1929-TIS-7.6.7-03A @source:EN319421-TIS-7.6.5-01 @must
  Scenario Outline: The TSU certificate does not outlive its algorithm (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate does not outlive its algorithm under the applicable crypto policy

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-013 @source:RFC3161-2.3 @should
  Scenario Outline: The TSU certificate does not exempt itself from revocation checking (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate does not exempt itself from revocation checking

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |

  @req:TSP-CERT-014 @source:EN319412-5 @source:EN319422-6.1 @should
  Scenario Outline: Qualified statements in the TSU certificate are well formed (<tsu> TSU)
    Given a time-stamp token issued by the <tsu> TSU
    Then the TSU certificate's qualified statements, if any, are well formed

    Examples:
      | tsu           |
      | non-qualified |
      | qualified     |
