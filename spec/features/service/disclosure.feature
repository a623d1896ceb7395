Feature: Tokens match the TSA disclosure statement
  EN 319 421 §5.2 and §6.2: the TSA's disclosure statement lists the time-stamp policies it supports, BTSP among them,
  and for each the hash algorithms it accepts and the accuracy of its tokens against UTC. The suite reads a
  machine-readable extract of the statement (disclosure: in the target file) and compares it with what every declared
  service does. Without the extract the check cannot be made: it needs that evidence and never passes.

  Background:
    Given the TSA's disclosure statement

  @req:TSP-SVC-001 @req:EN319421-OVR-5.2-01 @req:EN319421-OVR-5.2-02 @source:EN319421-OVR-5.2-01A @must
  Scenario: The disclosure statement lists BTSP beside the TSA's own policies
    Then the disclosure statement lists the BTSP policy identifier

  @req:TSP-SVC-001 @req:EN319421-OVR-5.2-01 @req:EN319421-OVR-6.2-02 @source:EN319421-OVR-6.2-02 @must
  Scenario: Every token carries a disclosed policy and at most the disclosed accuracy
    When each declared service is asked for a time stamp without a policy and with each disclosed policy
    Then every token carries a disclosed policy, a hash disclosed for it and at most the accuracy disclosed for it

  @req:TSP-SVC-001 @req:EN319421-OVR-6.2-02 @source:EN319421-OVR-6.2-02 @must
  Scenario: The TSA accepts exactly the hash algorithms it discloses
    When each declared service is asked for a time stamp with every hash algorithm the suite knows
    Then each service accepts exactly the hash algorithms the disclosure statement lists
