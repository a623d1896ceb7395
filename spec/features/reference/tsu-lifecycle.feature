@white-box
Feature: A TSU issues only with a loaded certificate and an unexpired key (reference TSA, operator control)
  A TSU issues nothing before its certificate is loaded (EN 319 421 TIS-7.6.4-04) and nothing once its private key
  has reached its expiry (TIS-7.7.1-09, TIS-7.6.7-06). A qualified TSU is never configured to issue non-qualified
  time-stamps (TIS-8.2-01). The operator starts instances with these faults; each must refuse to start or refuse
  every request to that TSU (the faults are set on the TSU behind the non-qualified endpoint).

  @req:TSP-REF-002 @source:EN319421-TIS-7.7.1-09 @source:EN319421-TIS-7.6.7-06 @must
  Scenario: No time-stamp from a TSU whose key usage period has ended
    Given the operator has started the TSA with a TSU whose key usage period has ended
    Then the TSU issues no time-stamp

  @req:TSP-REF-002 @source:EN319421-TIS-7.7.1-09 @source:EN319421-TIS-7.6.7-06 @must
  Scenario: Issuance stops when the TSU key's usage period ends during operation
    Given the operator has started the TSA with a TSU whose key usage period ends while it runs
    And the TSA issues time-stamps
    When the TSU key's usage period has ended
    Then the TSU issues no time-stamp

  @req:TSP-REF-003 @source:EN319421-TIS-7.6.4-04 @must
  Scenario: No time-stamp from a TSU whose certificate is not loaded
    Given the operator has started the TSA with a TSU whose certificate is not loaded
    Then the TSU issues no time-stamp

  @req:TSP-REF-007 @source:EN319421-TIS-8.2-01 @must
  Scenario: The qualified TSU cannot be put behind the non-qualified service
    Given the operator has started the TSA with the qualified TSU also serving the non-qualified endpoint
    Then the TSA refuses this configuration

  @req:TSP-REF-007 @source:EN319421-TIS-8.2-01 @source:EN319421-TIS-8.2-02 @must
  Scenario: Qualified and non-qualified TSUs cannot share a subject name
    Given the operator has started the TSA with the qualified and the non-qualified TSU under one subject name
    Then the TSA refuses this configuration
