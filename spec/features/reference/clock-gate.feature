@white-box
Feature: No time-stamp without a trusted clock (reference TSA, operator control)
  A TSA that cannot show its clock is within the declared accuracy of UTC stops issuing until the clock has
  recovered (EN 319 421 TIS-7.7.1-07 and TIS-7.7.2-06; after a loss of calibration, OVR-7.13-04). RFC 3161 gives the
  refusal a name: failInfo timeNotAvailable. The operator starts an instance whose UTC sources it controls, then cuts
  or skews them; the suite only sends time-stamp requests and reads the answers.

  @req:TSP-REF-001 @source:EN319421-TIS-7.7.1-07 @source:EN319421-OVR-7.13-04 @must
  Scenario: No time-stamp while the UTC sources are unavailable
    Given the operator has started the TSA with UTC sources under its control
    And the TSA issues time-stamps
    When every UTC source stops answering
    Then the TSA stops issuing time-stamps and refuses with timeNotAvailable or systemFailure
    When the UTC sources answer again
    Then the TSA issues time-stamps again

  @req:TSP-REF-001 @source:EN319421-TIS-7.7.1-07 @source:EN319421-TIS-7.7.2-06 @must
  Scenario: No time-stamp while the clock is off by more than the declared accuracy
    Given the operator has started the TSA with UTC sources under its control
    And the TSA issues time-stamps
    When every UTC source reports a time 3 seconds off
    Then the TSA stops issuing time-stamps and refuses with timeNotAvailable or systemFailure
    When the UTC sources answer again
    Then the TSA issues time-stamps again
