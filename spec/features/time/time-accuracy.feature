Feature: Time in the tokens agrees with UTC
  A time-stamp is worth what its time is worth: EN 319 421 §7.7.1 asks that the time in every token agrees with UTC
  within the accuracy the token states, and §7.7.2 that the TSU clock stays within the declared accuracy, which is one
  second or better. The suite samples tokens one after another from each endpoint (tsa-conformance run --samples N,
  optionally --spread over a period), notes its own clock just before each request leaves and just after the answer
  arrives, and knows how far its own clock may be from UTC (ε: measured against --ntp, or declared with
  --clock-uncertainty). A genTime outside [send - accuracy - ε, receive + accuracy + ε] cannot be right.
  The samples and the clock reference are kept for the report (evidence/time/).

  @req:TSP-TIME-001 @req:EN319421-TIS-7.7.2-01 @req:RFC3161-2.1-02 @source:EN319421-TIS-7.7.1-05 @source:EN319421-TIS-7.7.1-06 @source:RFC3161-2.1 @source:EIDAS-ART42-1-B @must
  Scenario: Every sampled token's time agrees with UTC within its accuracy
    Given the suite's clock is referenced to UTC
    When tokens are sampled from each endpoint of the time-stamping service
    Then every token's genTime lies within its accuracy of UTC, allowing for the suite's clock uncertainty

  @req:TSP-TIME-002 @source:EN319421-TIS-7.7.2-03 @source:EN319421-OVR-5.1-03 @must
  Scenario: Every sampled token states an accuracy of one second or better
    When tokens are sampled from each endpoint of the time-stamping service
    Then every token states an accuracy of at most 1 second

  @req:TSP-TIME-002 @source:EN319421-OVR-5.1-03 @source:EN319421-OVR-5.2-01 @must
  Scenario: Every sampled token states the accuracy the TSA discloses
    When tokens are sampled from each endpoint of the time-stamping service
    Then every token states the accuracy the TSA declares

  @req:TSP-TIME-003 @source:EN319421-TIS-7.7.2-05 @should
  Scenario: The time in consecutive tokens shows no backward jump
    When tokens are sampled from each endpoint of the time-stamping service
    Then genTime never goes backwards between consecutive tokens by more than their accuracies

  @req:TSP-TIME-004 @source:EN319421-TIS-7.7.2-07 @source:EN319421-TIS-7.7.2-08 @should
  Scenario: Tokens stay within their accuracy through a scheduled leap second
    Given the sampling window spans a leap second scheduled in the IERS list
    And the suite's clock is referenced to UTC
    When tokens are sampled from each endpoint of the time-stamping service
    Then the tokens taken around the leap second carry a genTime within their accuracy of UTC
