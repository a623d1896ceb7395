@white-box
Feature: Serial numbers survive a crash (reference TSA, operator control)
  Serial numbers are unique for every token a TSA issues (RFC 3161 §2.4.2), also when the TSA crashes and starts
  again. The operator kills the TSA process while clients are being served and starts it on the same state.

  @req:TSP-REF-006 @source:RFC3161-2.4.2 @must
  Scenario: No serial number is reused after the TSA is killed under load
    Given the operator has started the TSA in its own process
    When the TSA is killed while it is issuing time-stamps under load and started again
    Then no serial number is issued twice
