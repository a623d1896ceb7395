#!/usr/bin/env bash
# The one command that runs every test: installs missing test dependencies, then `dotnet test` on the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-dependencies.sh

export REQNROLL_TELEMETRY_ENABLED=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Conformance.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

# A bounded fuzz pass over the TSA's request decoder and the suite's token decoders (FUZZ_SECONDS each, default 60;
# 0 skips it). Longer runs: fuzz/run.sh tsa|suite SECONDS (see README, "Fuzzing").
if [ "${FUZZ_SECONDS:-60}" -gt 0 ]; then
  for target in tsa suite; do
    bash fuzz/run.sh "$target" "${FUZZ_SECONDS:-60}" || status=1
  done
fi

# One closing line over all test assemblies: "N passed, N failed, N skipped", summed from the per-assembly
# summaries that VSTest prints ("Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N").
awk '
  /^[[:space:]]+Passed: [0-9]+[[:space:]]*$/  { p += $2 }
  /^[[:space:]]+Failed: [0-9]+[[:space:]]*$/  { f += $2 }
  /^[[:space:]]+Skipped: [0-9]+[[:space:]]*$/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
