Feature: One signing key per TSU
  EN 319 421 TIS-7.6.2-08 allows a TSU only one time-stamp signing key in use at a time. Seen from outside, tokens
  signed under one TSU name may move to a new key once (a rollover) but never go back and forth between keys.

  @req:TSP-CERT-015 @req:EN319421-TIS-7.6.2-08 @source:EN319421-TIS-7.6.2-08 @should
  Scenario: Tokens of one TSU do not alternate between signing keys
    When 20 tokens are requested in turn from each declared service
    Then tokens signed under one TSU name never alternate between signing keys
