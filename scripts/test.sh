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

# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk '
  /^(Passed|Failed)!  *- *Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  f += $(i+1) + 0
      if ($i == "Passed:")  p += $(i+1) + 0
      if ($i == "Skipped:") s += $(i+1) + 0
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
