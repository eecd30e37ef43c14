#!/usr/bin/env bash
# make bench: the benchmarks of the crawler, scoring, reports, portal, site
# farm and store, each against a baseline measured in the same run, written
# to bench/results.md (raw output in bench/raw.txt), then the portal under
# wrk (web/testdata/load.sh), then the figures measured by hand that
# bench/notes.md keeps (appended as they are, so a run never loses them).
# About 15–20 minutes on two cores; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench
raw=bench/raw.txt
: >"$raw"
# The machine is shared: results.md gives the load averages at both ends.
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
run() { echo "+ go test $*" >&2; go test -run '^$' "$@" 2>&1 | tee -a "$raw"; }

run -bench 'NationalCohort' -benchtime 3x -benchmem -cpu 1 ./scoring
run -bench 'Farm|Polite' -benchtime 1x -timeout 20m ./crawler
run -bench 'ScorecardPDF|ChromiumPrintPDF|XLSX' -benchtime 1x ./reports
run -bench 'Portal' -benchtime 1s -benchmem ./web
run -bench 'Serve' -benchtime 2s ./sitefarm
run -bench 'SavePage' -benchtime 500x ./store

# The portal under wrk with a national cohort in review (issue 17's
# targets beside the figures); PORTAL_LOAD=0 leaves it out, AGENCIES and
# STATE shape it (web/testdata/load.sh).
# wrk runs twice on one seeded database: as fast as it can (saturation:
# the most the portal serves), then paced at PORTAL_RATE requests a second
# (default 550, above the target's 500) for the latency at that rate.
portal=bench/portal-load.txt
: >"$portal"
if [ "${PORTAL_LOAD:-1}" != 0 ] && command -v wrk >/dev/null; then
  db=${KEEP_DB:-$(mktemp -d)/load.db}
  echo "+ bash web/testdata/load.sh (saturation, then RATE=${PORTAL_RATE:-550})" >&2
  { echo "### As fast as wrk can (saturation)"; echo; echo '```'; KEEP_DB=$db bash web/testdata/load.sh; echo '```'
    echo; echo "### Paced at ${PORTAL_RATE:-550} requests/s (RATE)"; echo; echo '```'; KEEP_DB=$db RATE=${PORTAL_RATE:-550} bash web/testdata/load.sh; echo '```'; } | tee "$portal"
  [ -n "${KEEP_DB:-}" ] || rm -rf "$(dirname "$db")"
elif [ "${PORTAL_LOAD:-1}" != 0 ]; then
  echo "wrk missing (apt-get install -y wrk): the portal under load is not measured" | tee "$portal" >&2
fi

{
  go run ./bench/benchreport -commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" -load-start "$load_start" <"$raw"
  if [ -s "$portal" ]; then
    echo; echo "## Portal under load (web/testdata/load.sh, ${AGENCIES:-14000} agencies, ${STATE:-review}; issue 17)"; echo
    cat "$portal"
  fi
  if [ -f bench/notes.md ]; then echo; cat bench/notes.md; fi
} >bench/results.md.new
mv bench/results.md.new bench/results.md
echo "wrote bench/results.md"
