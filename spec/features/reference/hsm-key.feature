@white-box
Feature: The TSU private key is held only in a secure cryptographic device (PKCS#11)
  EN 319 421 TIS-7.6.3-02 wants the TSU private key held and used only inside a secure cryptographic device. With
  PKCS#11 access (hsm: in the target file) the auditor reads the key's attributes with the suite's own client: a
  sensitive, private token object, sensitive and unextractable since its creation and generated on the token, whose
  public key is the one in the TSU certificate the service sends. This shows how the key is configured, not that the
  device is certified. Without PKCS#11 access the requirement needs attested evidence.

  @req:TSP-REF-004 @req:EN319421-TIS-7.7.1-02 @source:EN319421-TIS-7.6.3-02 @source:CIR2025-1929-TIS-7.6.3-02 @must
  Scenario Outline: The <endpoint> TSU's private key cannot leave the device
    Given the TSU certificate of the <endpoint> time-stamping service
    When the auditor reads the TSU private key's attributes over PKCS#11
    Then the key is a sensitive token object that was generated on the token and can never be extracted
    And the key in the token is the TSU certificate's key

    Examples:
      | endpoint      |
      | non-qualified |
      | qualified     |
