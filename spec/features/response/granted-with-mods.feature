Feature: Modified requests are declared
  RFC 3161 §2.4.2: a TSA that grants a request with changes says so with status grantedWithMods. Every granted token is
  compared with its request (policy, imprint, nonce); the differences are listed in the evidence, and a change under
  plain "granted" is a finding.

  @req:TSP-RESP-004 @source:RFC3161-2.4.2 @may
  Scenario: Every change to a request is declared with grantedWithMods and reported
    When requests with and without a policy, a nonce and a certificate request are sent to the time-stamping service
    Then every change the TSA made to a request is declared with grantedWithMods and listed in the report
