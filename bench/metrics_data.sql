-- Bench-only data for bench/metrics.sh: :n cases (psql -v n=1000000) over
-- the two years before today on the 20 demo chains, with the enterprises,
-- commissioners, responders, re-checks, visits and policy sessions the
-- figures read.  Rows are written in their final state through the same
-- triggers the application's writes go through (cases_facts_insert and
-- cases_facts keep case_facts), so the rollup is what production would have.  Fictional;
-- never load it into a real database.  Needs the demo seed.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- GB 32100-2015 check character (as hl_credit_code_valid).
CREATE FUNCTION pg_temp.credit_code(i integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
	weights constant int[] := ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
	    25, 13, 8, 24, 10, 30, 28];
	base text := '91370399' || lpad(i::text, 9, '0');
	total int := 0;
	v int;
BEGIN
	FOR k IN 1..17 LOOP
		total := total + (strpos(alphabet, substr(base, k, 1)) - 1) * weights[k];
	END LOOP;
	v := 31 - total % 31;
	IF v = 31 THEN
		v := 0;
	END IF;
	RETURN base || substr(alphabet, v + 1, 1);
END
$$;

BEGIN;
-- Enterprises, one chain each, spread over the 20 chains.
INSERT INTO enterprises (name, credit_code, district, size_class, demo)
SELECT '基准测试企业' || g, pg_temp.credit_code(g), '张店区',
    (ARRAY['large', 'medium', 'small', 'micro'])[1 + g % 4], true
FROM generate_series(1, 20000) g;
INSERT INTO enterprise_chains (enterprise_id, chain_id, is_primary)
SELECT e.id, (SELECT id FROM chains ORDER BY id OFFSET e.id % 20 LIMIT 1), true
FROM enterprises e WHERE e.name LIKE '基准测试企业%';

-- 50 commissioners serving 400 enterprises each.
INSERT INTO users (login, name, role, password_hash, demo)
SELECT 'bench-commissioner-' || g, '基准专员' || g, 'commissioner',
    '$argon2id$v=19$m=65536,t=2,p=1$YmVuY2g$bench', true
FROM generate_series(1, 50) g;
INSERT INTO assignments (commissioner_id, enterprise_id)
SELECT (SELECT id FROM users WHERE login = 'bench-commissioner-' || (1 + e.id % 50)), e.id
FROM enterprises e WHERE e.name LIKE '基准测试企业%';

-- A responder account for every expert, lawyer and account manager.
INSERT INTO users (login, name, role, password_hash, expert_id, demo)
SELECT 'bench-expert-' || x.id, x.name, 'responder',
    '$argon2id$v=19$m=65536,t=2,p=1$YmVuY2g$bench', x.id, true
FROM experts x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.expert_id = x.id);
INSERT INTO users (login, name, role, password_hash, lawyer_id, demo)
SELECT 'bench-lawyer-' || x.id, x.name, 'responder',
    '$argon2id$v=19$m=65536,t=2,p=1$YmVuY2g$bench', x.id, true
FROM lawyers x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.lawyer_id = x.id);
INSERT INTO users (login, name, role, password_hash, account_manager_id, demo)
SELECT 'bench-manager-' || x.id, x.name, 'responder',
    '$argon2id$v=19$m=65536,t=2,p=1$YmVuY2g$bench', x.id, true
FROM bank_account_managers x
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.account_manager_id = x.id);
COMMIT;

-- The responders of each chain, to pick assignees from.
CREATE TEMP TABLE chain_responders AS
SELECT rb.chain_id, array_agg(rb.user_id ORDER BY rb.user_id) AS ids
FROM responder_bindings rb GROUP BY 1;
CREATE TEMP TABLE bench_enterprises AS
SELECT row_number() OVER (ORDER BY e.id) AS i, e.id, ec.chain_id
FROM enterprises e JOIN enterprise_chains ec ON ec.enterprise_id = e.id AND ec.is_primary
WHERE e.name LIKE '基准测试企业%';

-- Cases in their final state.  r1..r6 are independent uniform draws.
CREATE TEMP TABLE plan AS
SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
    random() AS r5, random() AS r6,
    (now() - interval '730 days') + random() * interval '729 days' AS created_at
FROM generate_series(1, :n) g;

INSERT INTO cases (year, seq, enterprise_id, chain_id, category, title, description,
    channel, status, assignee_user_id, accepted_at, due_on, due_at, started_at,
    resolved_at, resolution, closed_at, rejected_at, reject_reason, escalated,
    escalated_reason, escalated_at, rating, rated_at, created_at)
SELECT y, row_number() OVER (PARTITION BY y ORDER BY g), e.id, e.chain_id, cat,
    '基准诉求 ' || g, '基准测试生成的诉求。', 'portal', st,
    CASE WHEN st NOT IN ('submitted', 'accepted', 'rejected')
	THEN cr.ids[1 + (g % cardinality(cr.ids))] END,
    acc, due, hl_end_of_day(due),
    CASE WHEN st IN ('in_progress', 'resolved', 'closed') THEN acc + interval '2 hours' END,
    res, CASE WHEN res IS NOT NULL THEN '已办理。' END,
    CASE WHEN st = 'closed' THEN res + interval '1 day' END,
    CASE WHEN st = 'rejected' THEN created_at + interval '5 hours' END,
    CASE WHEN st = 'rejected' THEN '不属于受理范围' END,
    esc, CASE WHEN esc THEN '基准升级' END, CASE WHEN esc THEN acc + interval '3 days' END,
    CASE WHEN st = 'closed' THEN rating END,
    CASE WHEN st = 'closed' THEN res + interval '1 day' END,
    created_at
FROM (
	SELECT pl.*, extract(year FROM pl.created_at AT TIME ZONE 'Asia/Shanghai')::int AS y,
	    (ARRAY['policy', 'financing', 'legal', 'technology', 'talent', 'approvals', 'other'])
		[1 + floor(pl.r1 * 7)::int] AS cat,
	    CASE WHEN pl.r2 < 0.03 THEN 'submitted' WHEN pl.r2 < 0.10 THEN 'rejected'
		WHEN pl.r2 < 0.12 THEN 'accepted' WHEN pl.r2 < 0.15 THEN 'assigned'
		WHEN pl.r2 < 0.22 THEN 'in_progress' WHEN pl.r2 < 0.27 THEN 'resolved'
		ELSE 'closed' END AS st,
	    1 + floor(pl.r4 * pl.r4 * 5)::int AS rating0,
	    (pl.g % 20000) + 1 AS ei
	FROM plan pl
) s
JOIN bench_enterprises e ON e.i = s.ei
JOIN chain_responders cr ON cr.chain_id = e.chain_id,
LATERAL (SELECT CASE WHEN s.st NOT IN ('submitted', 'rejected')
	THEN s.created_at + s.r3 * interval '30 hours' END AS acc) a,
LATERAL (SELECT hl_due_on(s.cat, hl_local_day(a.acc)) AS due) d,
LATERAL (SELECT CASE WHEN s.st IN ('resolved', 'closed')
	THEN a.acc + (s.r5 * s.r5 * 30) * interval '1 day' END AS res,
	s.r6 < 0.03 AND s.st NOT IN ('submitted', 'rejected') AS esc,
	6 - s.rating0 AS rating) z;

INSERT INTO case_counters (year, last)
SELECT year, max(seq) FROM cases GROUP BY year
ON CONFLICT (year) DO UPDATE SET last = EXCLUDED.last;

-- Closures on the timeline for the re-checked cases, one draw per week,
-- and the re-checks: 10 % of the closed cases, recorded a week later.
CREATE TEMP TABLE rc AS
SELECT c.id, c.closed_at, c.chain_id FROM cases c
WHERE c.status = 'closed' AND c.id % 10 = 0 AND c.closed_at < now() - interval '8 days';
INSERT INTO case_events (case_id, at, kind, action, from_status, to_status, data)
SELECT rc.id, rc.closed_at, 'transition', 'confirm', 'resolved', 'closed', '{}'
FROM rc;
INSERT INTO recheck_draws (week_start, seed, share_percent)
SELECT DISTINCT date_trunc('week', hl_local_day(rc.closed_at))::date, 42, 10 FROM rc;
INSERT INTO rechecks (case_id, chain_id, closure_event_id, closed_status, closed_at, draw_id,
    reasons, status, outcome, recorded_at, recorded_on)
SELECT ev.case_id, rc.chain_id, ev.id, 'closed', ev.at, d.id, ARRAY['sample'], 'done',
    (ARRAY['solved', 'solved', 'solved', 'partly', 'not_solved'])[1 + ev.id % 5],
    ev.at + interval '7 days', hl_local_day(ev.at + interval '7 days')
FROM case_events ev JOIN rc ON rc.id = ev.case_id AND ev.to_status = 'closed'
JOIN recheck_draws d ON d.week_start = date_trunc('week', hl_local_day(ev.at))::date;

-- 60 000 visits and 600 policy sessions over the same two years.
INSERT INTO visits (enterprise_id, chain_id, visited_on, levels)
SELECT e.id, e.chain_id, (now() - g % 730 * interval '1 day')::date,
    CASE g % 4 WHEN 0 THEN ARRAY['industry'] WHEN 1 THEN ARRAY['enterprise', 'project']
	WHEN 2 THEN ARRAY['technology', 'talent'] ELSE ARRAY['industry', 'enterprise', 'talent'] END
FROM generate_series(1, 60000) g JOIN bench_enterprises e ON e.i = 1 + (g * 7) % 20000;
INSERT INTO events (chain_id, title, starts_at, ends_at, status, demo)
SELECT (SELECT id FROM chains ORDER BY id OFFSET g % 20 LIMIT 1), '基准政策直通车 ' || g,
    now() - g * interval '1 day', now() - g * interval '1 day' + interval '2 hours', 'open', true
FROM generate_series(1, 600) g;
-- Four in five registered enterprises attend (fixed by the ids, so the
-- figures are the same every run); a check-in code each, as event.c writes.
INSERT INTO event_registrations (event_id, enterprise_id, attendee_count, attended,
    checked_in_at, code)
SELECT ev.id, e.id, 1, (ev.id + e.id) % 5 <> 0,
    CASE WHEN (ev.id + e.id) % 5 <> 0 THEN ev.starts_at END, hl_event_code()
FROM events ev JOIN LATERAL (SELECT be.id FROM bench_enterprises be
    WHERE be.chain_id = ev.chain_id ORDER BY be.id OFFSET ev.id % 50 LIMIT 20) e ON true
WHERE ev.title LIKE '基准政策直通车%';
UPDATE events SET status = 'done' WHERE title LIKE '基准政策直通车%';

VACUUM ANALYZE cases, case_facts, case_events, rechecks, recheck_draws, visits, events,
    event_registrations, enterprises, enterprise_chains, assignments, users;
