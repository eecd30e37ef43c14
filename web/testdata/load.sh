#!/usr/bin/env bash
# Load test of the portal: 30 s of wrk against the ranking page and 30 s
# against a scorecard page of a published 300-agency cycle, served by
# 'zwgk serve' from SQLite on loopback. Prints requests/s, p99, errors and
# the server's resident memory before and after.
#   bash web/testdata/load.sh            (from the repository root)
# Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
dir=$(mktemp -d)
db=$dir/load.db
port=${PORT:-18080}
go build -o "$dir/zwgk" ./cmd/zwgk
ZWGK_LOAD_DB=$db go test -count=1 -run '^TestLoadSeed$' ./web >/dev/null
token=$(cat "$db.token")
"$dir/zwgk" --db "$db" serve --addr "127.0.0.1:$port" 2>"$dir/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
rss() { awk '/VmRSS/{print $2" kB"}' /proc/$pid/status; }
cookie="Cookie: zwgk_session=$token"
# Warm up (first read of a published cycle fills the scorecard cache).
curl -fs -o /dev/null -H "$cookie" "http://127.0.0.1:$port/cycles/load/ranking"
echo "RSS after warm-up: $(rss)"
for path in /cycles/load/ranking /cycles/load/agencies/L0007; do
  echo "== $path"
  wrk -t2 -c${CONNS:-16} -d${DURATION:-30s} --latency -H "$cookie" "http://127.0.0.1:$port$path" |
    grep -E 'Requests/sec|99%|50%|Non-2xx|Socket errors|requests in'
  echo "RSS: $(rss)"
done
grep -m5 -i "level=error" "$dir/serve.log" || true
curl -fs "http://127.0.0.1:$port/metrics" | grep -E '^zwgk_http_requests_total\{code="[^"]+",route="GET /cycles/\{cycle\}/(ranking|agencies/\{agency\})"\}|^go_memstats_heap_inuse_bytes'
