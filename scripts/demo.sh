#!/usr/bin/env bash
# make demo: one whole assessment cycle on the embedded SQLite default,
# against a farm of synthetic government websites on 127.0.0.x.
#
#   bash scripts/demo.sh            # after `make build`
#   DEMO_OUT=/tmp/d DEMO_SITES=30 bash scripts/demo.sh
#
# Every step is a plain zwgk command, the same a bureau runs on a real cycle.
# Every process it starts is stopped when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${BIN:-bin/zwgk}"
OUT="${DEMO_OUT:-demo-out}"
SITES="${DEMO_SITES:-60}"
SEED="${DEMO_SEED:-2026}"
ASOF="2026-11-20"
CYCLE="demo-2026"

farm_pid=""
cleanup() {
	if [ -n "$farm_pid" ] && kill -0 "$farm_pid" 2>/dev/null; then
		kill "$farm_pid" 2>/dev/null || true
		wait "$farm_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT INT TERM

start=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m  (%ds)\n' "$*" $(($(date +%s) - start)); }

rm -rf "$OUT"
mkdir -p "$OUT"
export ZWGK_DB="$OUT/zwgk.db"

step "1/9 站点样本库：$SITES 个模拟政府网站（含各类缺陷），仅监听 127.0.0.x"
# The farm's clock runs a simulated week in a few seconds, so the monitor's
# compressed probes meet the intermittent failures they would over a week.
"$BIN" sitefarm serve --sites "$SITES" --seed "$SEED" --as-of "$ASOF" --out "$OUT/farm" \
	--clock-start "$(date -u -d "$ASOF - 7 days" +%Y-%m-%dT00:00:00Z)" --clock-speed 86400 \
	>"$OUT/farm.log" 2>&1 &
farm_pid=$!
for _ in $(seq 1 100); do
	[ -s "$OUT/farm/manifest.json" ] && break
	kill -0 "$farm_pid" 2>/dev/null || { cat "$OUT/farm.log"; exit 1; }
	sleep 0.1
done
[ -s "$OUT/farm/manifest.json" ] || { echo "site farm did not start" >&2; cat "$OUT/farm.log"; exit 1; }
head -3 "$OUT/farm.log"

step "2/9 导入被评估单位"
"$BIN" agencies import "$OUT/farm/agencies.csv"

step "3/9 创建评估周期（内置指标体系 zwgk-2016，评估日 $ASOF）"
"$BIN" cycle create "$CYCLE" --framework zwgk-2016 --as-of "$ASOF"

step "4/9 可用性监测：每站 7 天 × 20 次探测，演示中压缩为数秒"
"$BIN" monitor "$CYCLE" --compress 50ms --workers 160 --start "$(date -u -d "$ASOF - 7 days" +%Y-%m-%dT00:00:00Z)"

step "5/9 采集：按指标体系抽样各网站（River 任务，可中断续采）"
# Farm mode: IPv6/HTTPS checks (when the framework asks for them) go through
# the farm's own resolver and test CA, which network.json describes.
farm_net=()
[ -s "$OUT/farm/network.json" ] && farm_net=(--sitefarm-net "$OUT/farm/network.json")
"$BIN" cycle crawl "$CYCLE" --delay 0 --per-host 4 --sites 24 "${farm_net[@]}"

step "6/9 评分、排名"
"$BIN" cycle score "$CYCLE"
"$BIN" sitefarm verify --sites "$SITES" --seed "$SEED" --as-of "$ASOF" --cycle "$CYCLE" --show 5 --min 0 || true

step "7/9 人工评分与发布：导出待评分清单，评估人员填写后以 zwgk review 导入，再正式发布"
# The worklist of findings pending an assessor, filled in as an assessor
# would (here: every one partly met), imported all or nothing; the cycle
# then publishes as final — cycle publish refuses while anything is pending.
"$BIN" review "$CYCLE" --template >"$OUT/reviews-todo.csv"
awk -F, -v OFS=, 'NR == 1 { print; next } { $3 = "partial"; $4 = "0.5"; $5 = "演示：评估人员人工核查，部分符合要求"; print }' \
	"$OUT/reviews-todo.csv" >"$OUT/reviews.csv"
"$BIN" review "$CYCLE" --file "$OUT/reviews.csv"
"$BIN" cycle publish "$CYCLE"

step "8/9 生成报告：PDF 记分卡、总报告、离线图表、开放数据"
"$BIN" report "$CYCLE" --out "$OUT/report" --assessor "zwgk 第三方评估组（演示）"

step "9/9 门户演示用户"
first=$(awk -F, 'NR==2 {print $1}' "$OUT/farm/agencies.csv")
{
	for u in "admin admin" "assessor assessor" "leader leader"; do
		set -- $u
		echo "demo-$1-pass" | "$BIN" user add "$1" --role "$2" --password-stdin >/dev/null
	done
	echo "demo-agency-pass" | "$BIN" user add agency --role agency --agency "$first" --password-stdin >/dev/null
} 2>&1

end=$(date +%s)
n_pdf=$(ls "$OUT/report/scorecards" | wc -l)
cat <<MSG

== 完成（用时 $((end - start)) 秒）
  记分卡 PDF（$n_pdf 份）: $OUT/report/scorecards/
  总报告:               $OUT/report/cohort.pdf
  图表（离线可开）:      $OUT/report/charts/index.html
  开放数据:             $OUT/report/scores.csv scores.json scores.xlsx findings.csv evidence/
  数据库:               $ZWGK_DB

  门户：  ZWGK_DB=$ZWGK_DB $BIN serve --addr 127.0.0.1:8080   然后打开 http://127.0.0.1:8080/
  演示用户（用户名 / 密码）:
    admin    / demo-admin-pass      评估局管理员
    assessor / demo-assessor-pass   复核员
    leader   / demo-leader-pass     领导（只读）
    agency   / demo-agency-pass     被评估单位 $first
MSG
