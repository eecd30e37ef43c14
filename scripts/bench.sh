#!/usr/bin/env bash
# make bench: the benchmarks of the crawler, scoring, reports, portal, site
# farm and store, each against a baseline measured in the same run, written
# to bench/results.md (raw output in bench/raw.txt). About 5–8 minutes on
# two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench
raw=bench/raw.txt
: >"$raw"
run() { echo "+ go test $*" >&2; go test -run '^$' "$@" 2>&1 | tee -a "$raw"; }

run -bench 'NationalCohort' -benchtime 3x -benchmem -cpu 1 ./scoring
run -bench 'Farm|Polite' -benchtime 1x -timeout 20m ./crawler
run -bench 'ScorecardPDF|ChromiumPrintPDF' -benchtime 1x ./reports
run -bench 'Portal' -benchtime 1s -benchmem ./web
run -bench 'Serve' -benchtime 2s ./sitefarm
run -bench 'SavePage' -benchtime 500x ./store

go run ./bench/benchreport -commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" <"$raw" >bench/results.md
echo "wrote bench/results.md"
