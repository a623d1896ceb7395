#!/usr/bin/env bash
# A bounded AFL++ pass (SharpFuzz instrumentation) over one decoder:
#   fuzz/run.sh tsa   [SECONDS]   the reference TSA's TimeStampReq decoder (seeds: requests made by openssl ts -query)
#   fuzz/run.sh suite [SECONDS]   the suite's TimeStampResp/token decoders (seeds: the shared real tokens, read in place)
# SECONDS defaults to 60. Exit 0 when AFL found no crash and no hang, 1 when it did (the inputs are kept and named),
# 2 when the tools are missing. FUZZ_OUT=DIR keeps the work folder (findings/, corpus/) instead of a temporary one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: fuzz/run.sh tsa|suite [SECONDS]}"
seconds="${2:-60}"
case "$target" in
  tsa)   project="$root/fuzz/ReferenceTsa.Fuzz"; harness=ReferenceTsa.Fuzz.dll; instrumented=ReferenceTsa.dll ;;
  suite) project="$root/fuzz/Conformance.Fuzz";  harness=Conformance.Fuzz.dll;  instrumented=Conformance.Checks.dll ;;
  *) echo "unknown target '$target' (tsa or suite)" >&2; exit 2 ;;
esac

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++ (scripts/install-test-dependencies.sh)" >&2; exit 2; }
tools="$root/fuzz/.tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

work="${FUZZ_OUT:-$(mktemp -d)}"
[ -n "${FUZZ_OUT:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
dotnet build "$project" -c Release -o "$work/bin" -p:UseAppHost=false -nologo -v q -m:1 >/dev/null
"$tools/sharpfuzz" "$work/bin/$instrumented" >/dev/null

if [ "$target" = tsa ]; then
  # Valid requests as an independent client writes them: SHA-256/384/512, with and without nonce, certReq and policy.
  printf 'seed' > "$work/data"
  i=0
  for digest in sha256 sha384 sha512; do
    for extra in "" "-no_nonce" "-cert" "-cert -tspolicy 0.4.0.2023.1.1"; do
      # shellcheck disable=SC2086
      openssl ts -query -data "$work/data" -"$digest" $extra -out "$work/corpus/request-$i.tsq" 2>/dev/null
      i=$((i + 1))
    done
  done
else
  dir="$root"
  while [ "$dir" != / ] && [ ! -d "$dir/shared/corpus/real-tokens" ]; do dir="$(dirname "$dir")"; done
  [ -d "$dir/shared/corpus/real-tokens" ] || { echo "no shared/corpus/real-tokens above $root: no seeds for the suite's decoders" >&2; exit 2; }
  for token in "$dir"/shared/corpus/real-tokens/*.tst "$dir"/shared/corpus/real-tokens/*.tsr; do
    cp "$token" "$work/corpus/"  # AFL reads regular files only; the corpus itself stays where it is
  done
fi

# The harness is managed code run by dotnet, not an AFL-compiled binary: AFL_SKIP_BIN_CHECK. One input per run.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
afl-fuzz -V "$seconds" -i "$work/corpus" -o "$work/findings" -t 10000 -m none -- dotnet "$work/bin/$harness" >"$work/afl.log" 2>&1 \
  || { tail -20 "$work/afl.log" >&2; exit 2; }

stats="$work/findings/default/fuzzer_stats"
execs="$(awk -F: '/^execs_done/ {gsub(/ /, "", $2); print $2}' "$stats")"
paths="$(awk -F: '/^corpus_count/ {gsub(/ /, "", $2); print $2}' "$stats")"
crashes="$(find "$work/findings/default/crashes" -type f ! -name README.txt | wc -l)"
hangs="$(find "$work/findings/default/hangs" -type f | wc -l)"
echo "fuzz $target: ${seconds}s, $execs executions, $paths inputs in the corpus, $crashes crash(es), $hangs hang(s)"
if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
  [ -n "${FUZZ_OUT:-}" ] || { kept="$(mktemp -d)"; cp -r "$work/findings" "$kept/"; echo "findings kept in $kept/findings" >&2; }
  exit 1
fi
