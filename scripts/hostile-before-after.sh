#!/usr/bin/env bash
# Crawls each hostile site of the site farm (issue 13) with two builds of
# zwgk and prints, per site and build: wall time, peak RSS, requests the
# site saw, and the outcome (failure cause, pages, links checked, link
# sample, whether the private service's title leaked).
#
#   go build -o /tmp/zwgk-old ./cmd/zwgk   # at the old commit
#   go build -o /tmp/zwgk-new ./cmd/zwgk   # at the new one
#   bash scripts/hostile-before-after.sh /tmp/zwgk-old /tmp/zwgk-new [limit-seconds] [kinds…]
# A build given as - is skipped.
set -euo pipefail
old=$1 new=$2 limit=${3:-180}
shift 3 || shift $#
here=$(cd "$(dirname "$0")/.." && pwd)
farm=$(mktemp -d)/hostilefarm
(cd "$here" && go build -o "$farm" ./scripts/hostilefarm)
kinds=("$@")
if [ ${#kinds[@]} -eq 0 ]; then
  kinds=(gzip_bomb huge_page slow_header slow_body silent redirect_loop private_redirect deep_nesting many_links binary_as_html huge_robots retry_after retry_after_long url_trap)
fi
printf '%-17s %-6s %8s %8s %8s  %s\n' site build time_s rss_MiB requests outcome
for k in "${kinds[@]}"; do
  for b in old new; do
    bin=$old; [ $b = new ] && bin=$new
    [ "$bin" = - ] && continue
    dir=$(mktemp -d)
    coproc FARM { "$farm" 2>"$dir/farm.err"; }
    url=
    while read -r kind u <&"${FARM[0]}"; do
      [ "$kind" = ready ] && break
      [ "$kind" = "$k" ] && url=$u
    done
    set +e
    /usr/bin/time -f '%e %M' -o "$dir/time" timeout "$limit" "$bin" crawl "$url" --framework zwgk-2016 --as-of 2026-11-20 --delay 0 >"$dir/out.json" 2>"$dir/err"
    rc=$?
    set -e
    exec {FARM[1]}>&-
    wait "$FARM_PID" 2>/dev/null || true
    read -r secs rss <<<"$(tail -1 "$dir/time")"
    req=$(awk -v k="$k" '$1==k {print $3}' "$dir/farm.err")
    if [ $rc -eq 124 ]; then
      outcome="not finished in ${limit}s"
    elif [ $rc -ne 0 ]; then
      outcome="exit $rc: $(head -c 200 "$dir/err")"
    else
      outcome=$(jq -c '{failure: (.failure.cause // null), pages: (.pages|length), links: (.links|length), sample: .link_sample, redirect: .home_redirect, refused: ((.refused // []) | map("\(.cause):\(.count)"))}' "$dir/out.json")
      grep -q 'SECRET-7f3a' "$dir/out.json" && outcome="$outcome SECRET TITLE LEAKED"
    fi
    printf '%-17s %-6s %8s %8d %8s  %s\n' "$k" $b "$secs" $((rss / 1024)) "${req:-?}" "$outcome"
    rm -rf "$dir"
  done
done
