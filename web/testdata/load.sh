#!/usr/bin/env bash
# Load test of the portal with a national cohort: 'zwgk serve' on loopback
# over a SQLite store seeded with AGENCIES agencies (default 14000: a few
# ministries, the provinces, cities and most of all counties) in one cycle
# in STATE (review, the default, where assessors work for weeks, or
# published). wrk -t2 -c16 runs DURATION (default 15s) against each route:
#   ranking     the ranking page of the largest tier (counties)
#   api         the ranking API of the same tier
#   scorecard   one county's scorecard page
#   pdf         the same scorecard as PDF
#   flood       the ranking page again while 8 more connections log in
#               (bcrypt at the portal's cost) as fast as they can
# and prints Requests/sec, the 99% latency and the portal's CPU per request
# (from /proc: unlike the first two, it hardly depends on the load of the
# shared machine) of each, with the load average and the targets of
# issue 17 beside them.
#   bash web/testdata/load.sh                 (from the repository root)
#   AGENCIES=2000 STATE=published DURATION=10s bash web/testdata/load.sh
#   BASELINE=lead bash web/testdata/load.sh   (also serve the same database
#       with the zwgk of that git revision, one route after the other in the
#       same run, and print the ratios: the machine is shared and noisy)
#   RATE=550 bash web/testdata/load.sh  (paced: wrk sends about RATE
#       requests a second in all instead of as many as it can, so the 99%
#       latency is the one at that rate, not at saturation; the logins of
#       the flood stay unpaced)
#   KEEP_DB=/tmp/load.db  keeps the seeded database there and reuses it when
#       it exists (seeding 14,000 agencies takes a few minutes)
# Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
agencies=${AGENCIES:-14000}
state=${STATE:-review}
duration=${DURATION:-15s}
conns=${CONNS:-16}
port=${PORT:-18080}
dir=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "${BASELINE:-}" ] && [ -d "$dir/base-src" ]; then git worktree remove --force "$dir/base-src" >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

go build -o "$dir/zwgk" ./cmd/zwgk
bins=("$dir/zwgk")
labels=("this")
if [ -n "${BASELINE:-}" ]; then
  git worktree add --detach "$dir/base-src" "$BASELINE" >/dev/null 2>&1
  (cd "$dir/base-src" && go build -o "$dir/zwgk-base" ./cmd/zwgk)
  bins=("$dir/zwgk-base" "$dir/zwgk")
  labels=("$BASELINE" "this")
fi

db=${KEEP_DB:-$dir/load.db}
meta=$db.$agencies.$state.env
if [ ! -f "$db" ] || [ ! -f "$meta" ]; then
  echo "seeding $agencies agencies ($state) into $db …" >&2
  rm -f "$db" "$db"-*
  ZWGK_LOAD_DB=$db ZWGK_LOAD_OUT=$meta ZWGK_LOAD_AGENCIES=$agencies ZWGK_LOAD_STATE=$state \
    go test -count=1 -timeout 30m -run '^TestLoadSeed$' ./web >/dev/null
fi
# shellcheck disable=SC1090
. "$meta"
cookie="Cookie: zwgk_session=$TOKEN"
base=http://127.0.0.1:$port
cat >"$dir/login.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"name":"$FLOOD_USER","password":"$FLOOD_PASSWORD"}'
wrk.headers["Content-Type"] = "application/json"
EOF

# RATE paces each connection with wrk's delay(): conns connections, one
# request each per conns*1000/RATE ms (a little under RATE in all, since a
# request's own time adds to its delay).
pace=()
if [ -n "${RATE:-}" ]; then
  awk -v r="$RATE" 'BEGIN{ exit !(r+0 > 0) }' || { echo "RATE=$RATE: want requests per second, a positive number" >&2; exit 1; }
  awk -v c="$conns" -v r="$RATE" 'BEGIN{ printf "function delay()\n  return %.3f\nend\n", c*1000/r }' >"$dir/pace.lua"
  pace=(-s "$dir/pace.lua")
fi

declare -A paths=(
  [ranking]="/cycles/load/ranking?tier=county"
  [api]="/api/cycles/load/ranking?tier=county"
  [scorecard]="/cycles/load/agencies/$CARD"
  [pdf]="/cycles/load/agencies/$CARD/scorecard.pdf"
  [flood]="/cycles/load/ranking?tier=county"
)
declare -A targets=(
  [ranking]="p99 < 20 ms at >= 500 req/s"
  [api]="p99 < 20 ms at >= 500 req/s"
  [scorecard]="p99 < 30 ms"
  [pdf]="p99 < 300 ms"
  [flood]=">= 70 % of ranking's req/s"
)
routes=(ranking api scorecard pdf flood)

start() { # binary
  "$1" --db "$db" serve --addr "127.0.0.1:$port" 2>"$dir/serve.log" &
  pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "$base/login" && return; sleep 0.1; done
  echo "the portal did not start:" >&2; cat "$dir/serve.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
rss() { awk '/VmRSS/{print $2" kB"}' "/proc/$pid/status"; }
# cputicks: the portal's user+system CPU so far, in clock ticks: the CPU
# a request costs does not depend on how loaded the machine is, the
# requests per second do.
cputicks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
tck=$(getconf CLK_TCK)

# measure LABEL ROUTE: one wrk run, its Requests/sec and 99% latency
# (in ms) appended to $dir/results.
measure() {
  local label=$1 route=$2 out load t0 t1
  # The machine is shared: the 1-minute load average beside each figure.
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(cputicks)
  if [ "$route" = flood ]; then
    wrk -t1 -c8 -d"$duration" --timeout "${TIMEOUT:-10s}" -s "$dir/login.lua" "$base/api/session" >"$dir/flood.out" 2>&1 &
    local fl=$!
  fi
  out=$(wrk -t2 -c"$conns" -d"$duration" --timeout "${TIMEOUT:-10s}" --latency "${pace[@]}" -H "$cookie" "$base${paths[$route]}")
  if [ "$route" = flood ]; then wait "$fl"; fi
  t1=$(cputicks)
  local rps p99 non2xx n cpu
  rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.1f", v}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
  n=$(awk '/requests in/{print $1}' <<<"$out")
  # CPU of the portal per request of this route (for the flood, the
  # logins' hashing included).
  cpu=$(awk -v a="$t0" -v b="$t1" -v n="$n" -v hz="$tck" 'BEGIN{ if (n>0) printf "%.2f", (b-a)*1000/hz/n; else print "-" }')
  echo "$label $route $rps $p99 ${non2xx:-0} $load $cpu" >>"$dir/results"
  printf '== %-9s %-10s Requests/sec %9s   99%% %8s ms   non-2xx %s   load %s   portal CPU %s ms/request\n' "$label" "$route" "$rps" "$p99" "${non2xx:-0}" "$load" "$cpu"
  if [ "$route" = flood ]; then
    printf '   (logins meanwhile: %s req/s, non-2xx %s)\n' "$(awk '/^Requests\/sec/{print $2}' "$dir/flood.out")" "$(awk '/Non-2xx/{print $NF}' "$dir/flood.out")"
  fi
}

echo "cohort: $agencies agencies, cycle in $state; wrk -t2 -c$conns -d$duration per route${RATE:+, paced at $RATE requests/s}; $(nproc) cores"
: >"$dir/results"
# Route by route, each binary in turn, so both see the same machine state.
for route in "${routes[@]}"; do
  for i in "${!bins[@]}"; do
    start "${bins[$i]}"
    # Warm up (the first request of a cycle reads its scorecards), and
    # make sure the route answers 200: wrk counts a redirect to the login
    # page as a success.
    code=$(curl -s -o /dev/null -m 120 -w '%{http_code}' -H "$cookie" "$base${paths[$route]}" || true)
    if [ "$code" != 200 ]; then
      echo "${labels[$i]} $route answers $code, not 200: nothing measured" >&2; cat "$dir/serve.log" >&2; exit 1
    fi
    measure "${labels[$i]}" "$route"
    [ "$route" = flood ] && echo "   RSS of the portal: $(rss)"
    grep -m3 -i "level=error" "$dir/serve.log" || true
    stop
  done
done

echo
echo "Summary (Requests/sec, 99% latency in ms; issue 17's targets on the right):"
awk -v labels="${labels[*]}" '
  { rps[$1" "$2]=$3; p99[$1" "$2]=$4; ld[$1" "$2]=$6; cpu[$1" "$2]=$7; seen[$2]=1 }
  END {
    n=split(labels, L, " ")
    for (i=1;i<=n;i++) { l=L[i]; if (rps[l" ranking"]>0) flood[l]=sprintf("%.0f %%", 100*rps[l" flood"]/rps[l" ranking"]) }
    split("ranking api scorecard pdf flood", R, " ")
    for (j=1;j<=5;j++) { r=R[j]
      line=sprintf("  %-10s", r)
      for (i=1;i<=n;i++) { l=L[i]; line=line sprintf("  %s: %8s req/s p99 %7s ms cpu %s ms/req (load %s)", l, rps[l" "r], p99[l" "r], cpu[l" "r], ld[l" "r]); if (r=="flood") line=line " (" flood[l] " of ranking)" }
      if (n==2 && rps[L[1]" "r]>0) line=line sprintf("   ×%.1f req/s, p99 ×%.2f", rps[L[2]" "r]/rps[L[1]" "r], (p99[L[1]" "r]>0? p99[L[2]" "r]/p99[L[1]" "r] : 0))
      print line
    }
  }' "$dir/results"
for r in "${routes[@]}"; do printf '  target %-10s %s\n' "$r" "${targets[$r]}"; done
