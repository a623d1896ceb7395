Feature: Time stamps over HTTPS
  EN 319 422 §7 carries the time-stamp protocol over HTTP or HTTPS and recommends HTTPS; CIR (EU) 2025/1929 Annex point
  2(9) requires qualified services to support HTTPS. Every declared service is asked over https:// (a declared https
  URL as given, otherwise the same host and path on the HTTPS default port); the TLS version and the server
  certificate's validity are recorded for each.

  @req:TSP-HTTP-003 @req:CIR2025-1929-P2.9 @req:EN319421-TIS-7.7.1-02 @source:EN319422-7 @source:CIR2025-1929-P2.9 @should
  Scenario: Every declared service grants a valid request over HTTPS
    When a time-stamp is requested over HTTPS from every declared service
    Then every service grants it over TLS 1.2 or later with a server certificate valid for its host
