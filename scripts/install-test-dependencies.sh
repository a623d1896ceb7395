#!/usr/bin/env bash
# Installs the real components the tests use (independent RFC 3161 clients and so on) when they are missing.
# Debian packages only; needs root (or sudo). Safe to run repeatedly: does nothing when all are present.
set -euo pipefail

# package -> why the tests need it
packages=(
  "openssl:openssl ts -query/-verify as an independent RFC 3161 client"
  "softhsm2:SoftHSM2, the real PKCS#11 token of the HSM tests and of dev init"
  "opensc:pkcs11-tool, the independent view of the token's objects and attributes"
  "curl:posting queries in shell checks"
  "openjdk-17-jdk-headless:jarsigner -tsa / -verify as an independent client"
  "osslsigncode:Authenticode signing with an RFC 3161 time-stamp"
  "python3-rfc3161ng:Debian's Python RFC 3161 client (run with /usr/bin/python3)"
  "chromium:headless browser that renders report.html (screenshot, layout checks) and prints report.pdf"
  "chrony:chronyd -x serving NTP on loopback as the TSA clock gate's time source"
  "postgresql:PostgreSQL 15 server binaries for the evidence-log tests' throw-away cluster (initdb, pg_ctl as user postgres)"
  "afl++:afl-fuzz, the coverage-guided fuzzer behind fuzz/run.sh (SharpFuzz-instrumented request and token decoders)"
  "nginx:the reverse-proxy example of docs/deployment.md, run by a test (nginx terminates TLS in front of the TSA)"
)

missing=()
for entry in "${packages[@]}"; do
  name="${entry%%:*}"
  if ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$name")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi

echo "test dependencies: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
