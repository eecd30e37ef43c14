#!/usr/bin/env bash
# make bench: the benchmarks of the crawler, scoring, reports, portal, site
# farm and store, each against a baseline measured in the same run, written
# to bench/results.md (raw output in bench/raw.txt), then the portal under
# wrk (web/testdata/load.sh). About 12–15 minutes on two cores.
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
# The portal under wrk with a national cohort in review (issue 17's
# targets beside the figures); PORTAL_LOAD=0 leaves it out, AGENCIES and
# STATE shape it (web/testdata/load.sh).
if [ "${PORTAL_LOAD:-1}" != 0 ] && command -v wrk >/dev/null; then
  echo "+ bash web/testdata/load.sh" >&2
  bash web/testdata/load.sh | tee bench/portal-load.txt
  { echo; echo "## Portal under load (web/testdata/load.sh, ${AGENCIES:-14000} agencies, ${STATE:-review})"; echo; echo '```'; cat bench/portal-load.txt; echo '```'; } >>bench/results.md
fi
echo "wrote bench/results.md"
