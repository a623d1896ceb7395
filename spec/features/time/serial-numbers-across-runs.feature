Feature: Serial numbers stay unique across runs
  RFC 3161 §2.4.2 makes the serial number unique for every token a TSA issues, and §2.1 keeps that true after a restart
  or a crash. Within a run, the TSTInfo feature compares the serials of tokens requested concurrently; across runs the
  suite keeps a local, append-only history of the serials each TSU issued (--history DIR, off with --no-history) and
  names the earlier run and token when a serial comes back. This is sampling evidence: it can find a repeat, never
  prove that there is none.

  @req:TSP-TST-004 @source:RFC3161-2.4.2 @source:RFC3161-2.1 @must
  Scenario: Serial numbers are not repeated across runs against the same TSU
    When 40 time-stamps are requested concurrently
    Then no token repeats a serial number an earlier run recorded for the same TSU
