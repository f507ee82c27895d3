#!/usr/bin/env bash
# Benchmark: the common-problem query (共性问题) and the meeting create
# that drafts an agenda from it, on a chain with N open cases.
#
#   bench/common_problems.sh [N] [runs]      (default 2000 cases, 5 runs)
#
# A private cluster in var/bench-meetings gets the migrations, the demo
# data and N open cases on auto-parts spread over the seeded enterprises:
# titles and descriptions drawn from 40 problem topics and varied
# phrasings (random, fixed seed), so that cases of one topic and category
# are similar and the rest are not.  The release server on port 18122
# answers GET /api/v1/chains/auto-parts/common-problems `runs` times for
# committee-demo; the median and the worst time are printed, with the
# number of groups, and the time of one POST /api/v1/meetings.  The
# grouping looks at the 500 most recent open cases of a chain at most
# (HL_COMMON_PROBLEM_CASES_MAX in src/common_problem.h).
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-2000}
runs=${2:-5}
port=18122
dir=var/bench-meetings
base=http://127.0.0.1:$port
make -s all
scripts/pg.sh start "$dir" --fresh >/dev/null
url=$(scripts/pg.sh url "$dir")
# KEEP=1 leaves the cluster running afterwards, to look at the plans.
trap 'kill "$pid" 2>/dev/null || true; [ "${KEEP:-}" = 1 ] || scripts/pg.sh stop "$dir" >/dev/null' EXIT
pid=
HONGLIAN_DATABASE_URL=$url build/release/honglian migrate >/dev/null
HONGLIAN_DATABASE_URL=$url build/release/honglian seed --demo >/dev/null

psql "$url" -q -v n="$n" <<'EOF'
SELECT setseed(0.42);
WITH topics(t) AS (SELECT unnest(ARRAY['新厂房用地审批','技改贷款审批','高级技工招聘','电力增容报装',
  '环评手续办理','出口退税到账','技术改造补贴兑现','物流运输成本','原材料价格上涨','发明专利申请',
  '厂房租金上涨','污水处理能力','天然气管网接入','园区道路修缮','人才公寓申请','高新技术企业认定',
  '首台套保险补偿','研发费用加计扣除','知识产权质押融资','应收账款融资','外贸订单下滑','海关通关时间',
  '安全生产许可证','危废处置费用','土地出让金缓缴','职工子女入学','企业上市辅导','产学研合作对接',
  '检验检测认证','标准制定参与','数字化改造补贴','绿色工厂认定','碳排放核算','消防验收',
  '规划许可变更','不动产权证办理','社保费用缓缴','稳岗补贴申领','银行抽贷压贷','担保费率过高'])),
t AS (SELECT row_number() OVER () AS k, t FROM topics),
e AS (SELECT array_agg(id ORDER BY id) AS ids FROM enterprises),
g AS (SELECT i, 1 + floor(random() * 40)::int AS k, random() AS r1, random() AS r2, random() AS r3
  FROM generate_series(1, :n) i)
INSERT INTO cases (enterprise_id, chain_id, category, title, description, created_at)
SELECT e.ids[1 + floor(g.r1 * cardinality(e.ids))::int], (SELECT id FROM chains WHERE code = 'auto-parts'),
  (ARRAY['policy','financing','legal','technology','talent','approvals','other'])[1 + (t.k % 7)],
  (ARRAY['关于','请求协调','反映','咨询',''])[1 + floor(g.r2 * 5)::int] || t.t ||
  (ARRAY['问题','困难','进度缓慢','需要支持','事宜'])[1 + floor(g.r3 * 5)::int],
  (ARRAY['我公司','企业','本单位'])[1 + floor(g.r3 * 3)::int] || (ARRAY['近期','今年以来','扩产过程中','项目建设中'])[1 + floor(g.r2 * 4)::int] ||
  '在' || t.t || '方面遇到困难：' || md5(g.i::text) || '，希望有关部门协调解决。',
  hl_now() - (g.i || ' minutes')::interval
FROM g JOIN t ON t.k = g.k, e;
VACUUM ANALYZE cases;
EOF

HONGLIAN_DATABASE_URL=$url HONGLIAN_SERVER_PORT=$port HONGLIAN_SERVER_PUBLIC_URL=$base \
    HONGLIAN_SERVER_LOG_LEVEL=warn HONGLIAN_SERVER_ACCESS_LOG=false \
    build/release/honglian serve >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "$base/healthz" && break; sleep 0.1; done
jar=$dir/cookies
csrf=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d '{"login":"committee-demo","password":"Demo@2026!"}' "$base/api/v1/session" |
    sed -n 's/.*"csrf_token" *: *"\([^"]*\)".*/\1/p')

times=()
for _ in $(seq 1 "$runs"); do
	t=$(curl -s -b "$jar" -o "$dir/groups.json" -w '%{time_total}' \
	    "$base/api/v1/chains/auto-parts/common-problems")
	times+=("$t")
done
groups=$(grep -o '"n_enterprises"' "$dir/groups.json" | wc -l || true)
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
worst=$(echo "$sorted" | tail -1)
create=$(curl -s -b "$jar" -o "$dir/meeting.json" -w '%{http_code} %{time_total}' \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -d '{"chain_code":"auto-parts","title":"基准测试会议","starts_at":"2026-01-05T09:00:00+08:00"}' \
    "$base/api/v1/meetings")
items=$(grep -o '"position"' "$dir/meeting.json" | wc -l || true)
echo "common problems: $n open cases, $groups groups; median ${median}s, worst ${worst}s over $runs runs"
echo "meeting create (agenda drafted, $items items): HTTP ${create% *} in ${create#* }s"
