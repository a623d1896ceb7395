@white-box
Feature: Key and clock events are logged with a precise time (reference TSA, operator control)
  The TSA records every TSU key and certificate life-cycle event, every synchronisation of its clock with UTC and every detected loss
  of synchronisation, each with its precise time (EN 319 421 OVR-7.12-02, -03, -04, -05, -06; EN 319 401 REQ-7.10-05).
  The operator makes the clock lose and regain synchronisation and hands over the log; each clock event must be dated
  within the window in which the suite saw it happen.

  @req:TSP-REF-005 @source:EN319421-OVR-7.12-02 @source:EN319421-OVR-7.12-03 @source:EN319421-OVR-7.12-04 @source:EN319421-OVR-7.12-06 @must
  Scenario: Key and certificate life-cycle, synchronisation and loss of synchronisation are logged with a precise time
    Given the operator has started the TSA with UTC sources under its control
    And the TSA issues time-stamps
    When every UTC source stops answering
    And the TSA stops issuing time-stamps and refuses with timeNotAvailable or systemFailure
    And the UTC sources answer again
    And the TSA issues time-stamps again
    Then the event log records the TSU key and certificate life-cycle, the loss of synchronisation and the synchronisation, each with a precise time
