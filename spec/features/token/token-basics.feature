@token
Feature: Basic content of the time-stamp token
  Every time-stamp token holds a TSTInfo (RFC 3161 §2.4.2) whose fields EN 319 422 §5.2 profiles.
  These checks need only the token, so they also run offline on stored tokens (tsa-conformance inspect).

  @req:TSP-TST-001 @source:RFC3161-2.4.2 @must
  Scenario: The TSTInfo is version 1
    Given a time-stamp token from the time-stamping service
    Then the token's TSTInfo version is 1

  @req:TSP-TST-008 @req:EN319421-TIS-7.7.1-01 @source:EN319422-5.2.2 @source:EN319421-OVR-5.1-03 @must
  Scenario: The token declares an accuracy of one second or better
    Given a time-stamp token from the time-stamping service
    Then the token's accuracy is present and at most 1 second
