Feature: The qualified TSU is on its member state's EU trusted list
  A token carrying esi4-qtstStatement-1 is an EU qualified electronic time stamp only if an authentic trusted list of
  the TSU's member state shows the issuing service as a qualified time-stamping service (type TSA/QTST) with status
  granted at the token's genTime (eIDAS art. 22 and 42; CIR (EU) 2015/1505; ETSI TS 119 612 and TS 119 615). The
  suite reads the lists it is given (--trusted-list, --lotl, --lotl-signer, or the target file), checks their
  signatures and that the list of lists announces each list's signer, and reads the matched service's status history.
  Without a list for the TSU's territory the check is incomplete, never passed.

  @token @req:TSP-QTS-006 @source:EN319421-TIS-8.1-02 @must
  Scenario: The qualified TSU is a granted qualified time-stamping service at genTime
    Given a time-stamp token from the qualified time-stamping service
    Then the TSU is a granted qualified time-stamping service on its member state's trusted list at genTime
