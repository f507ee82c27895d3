-- Scale data for Honglian: `honglian seed --scale N` runs this file after
-- the demo seed, in one transaction, step by step (each "-- step:" line
-- starts a step; the command prints how long each took).  Everything is
-- set-based: no loop over rows anywhere.
--
-- Settings (SET LOCAL by the command): honglian.scale_cases (N cases),
-- honglian.scale_hash (the argon2id hash every scale user gets: the demo
-- password).  From N: ~N/10 enterprises, ~N/5 visits (each finding 0-3
-- problems that become cases), N/10000 commissioners (at least 5), three
-- committee members per chain, a responder for every four-ones resource
-- the demo seed has, three admins and one user per enterprise.  Every
-- scale row is fictional (enterprises and users carry demo = true; logins
-- start with "scale-").
--
-- Skew, as in a real deployment: chains get cases by a 1/rank^1.1 weight
-- (the first three hold about 45%); within a chain a few enterprises hold
-- most (the top 1% of enterprises about a fifth of the cases, the top 10%
-- half); volume grows over the three years; the largest part of every
-- case's life is done (about 90% of the cases older than a quarter are
-- closed, 5% rejected); a few percent are open past their deadline, and
-- those open more than three working days past it are escalated, as the
-- deadline job would have done.  Timelines, reminders, overdue flags and
-- escalations are consistent with the statuses, so the background jobs
-- find nothing to catch up on.
--
-- Speed: the foreign keys and the secondary indexes of the filled tables
-- are dropped first and made again at the end (one validating join per
-- key and one sorted build per index instead of a check and an index
-- insertion per row); their definitions are read from the catalogue, so
-- whatever later migrations add is rebuilt as it was.  random() is seeded,
-- so the same N gives the same data.

-- step: settings
SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL work_mem = '256MB';
SET LOCAL maintenance_work_mem = '512MB';
SET LOCAL synchronous_commit = off;
SELECT setseed(0.2026);

CREATE TEMP TABLE sp ON COMMIT DROP AS
SELECT n AS n_cases,
    greatest(n / 10, 50) AS n_ent,
    greatest(n / 5, 20) AS n_visits,
    greatest(n / 10000, 5) AS n_comm,
    current_setting('honglian.scale_hash') AS pw_hash,
    hl_now() AS t_end,
    hl_now() - interval '3 years' AS t_start,
    hl_today() AS today
FROM (SELECT current_setting('honglian.scale_cases')::int AS n) x;

-- Phrase pools.  pick(a, r) is a[1 + floor(r * n)].
CREATE FUNCTION pg_temp.pick(a text[], r double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT a[1 + least(floor(r * cardinality(a))::int, cardinality(a) - 1)]
$$;

CREATE TEMP TABLE words ON COMMIT DROP AS SELECT
    ARRAY['华','鑫','泰','瑞','宏','恒','盛','金','天','广','鲁','齐','博','润','康',
          '中','新','丰','达','源','晟','嘉','佳','信','德','通','联','海','远','昌']
        AS syl,
    ARRAY['科技','实业','材料','机械','化工','电子','精密','装备','新能源','制造',
          '汽车零部件','医药','智能科技','环保科技','铝业','陶瓷','生物科技','纺织',
          '包装','信息技术']
        AS trade,
    ARRAY['有限公司','股份有限公司','集团有限公司']
        AS form,
    ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴','徐','孙','马','朱','胡',
          '郭','何','林','高','罗']
        AS surname,
    ARRAY['建国','明','志强','秀英','丽','军','伟','芳','磊','洋','勇','静','涛','娟',
          '超','敏','国华','立新','海燕','德胜']
        AS given,
    ARRAY['研发费用加计扣除','高新技术企业认定','专精特新奖补','技术改造补贴','稳岗返还',
          '首台套保险补偿','设备更新贴息','出口信用保险补贴','人才公寓申请','绿色工厂奖励',
          '数字化转型补助','知识产权质押奖补']
        AS policy,
    ARRAY['流动资金贷款','设备更新贷款','应收账款融资','知识产权质押贷款','供应链金融',
          '银行承兑汇票','中长期项目贷款','科技信用贷款','票据贴现','贷款展期']
        AS loan,
    ARRAY['合同纠纷','知识产权侵权','劳动争议','债务追偿','股权转让','商标注册',
          '合规审查','专利许可','租赁纠纷','工程款拖欠']
        AS legal,
    ARRAY['工艺优化','产品检测认证','新材料配方','自动化产线改造','工业软件选型',
          '能耗诊断','质量追溯系统','模具开发','产学研合作','中试放大']
        AS tech,
    ARRAY['研发工程师','高级技工','数控操作工','质量管理人员','外贸业务员',
          '化工工艺工程师','软件开发人员','电气工程师','销售经理','安全管理人员']
        AS post,
    ARRAY['环评审批','施工许可','用地手续','安全生产许可','排污许可','消防验收',
          '规划许可','项目备案','能评审查','不动产登记']
        AS permit,
    ARRAY['用电增容','道路配套','物流运输','用水用气','厂区周边环境','员工通勤',
          '子女入学','供热保障','网络宽带','危废处置']
        AS misc;

-- The chains, heaviest first, with their share of cases.
CREATE TEMP TABLE cw ON COMMIT DROP AS
WITH r AS (SELECT id, row_number() OVER (ORDER BY sort_order, id) AS rk
    FROM chains),
w AS (SELECT id, rk, 1.0 / power(rk, 1.1) AS w FROM r)
SELECT id AS chain_id, rk,
    coalesce(sum(w) OVER (ORDER BY rk ROWS BETWEEN UNBOUNDED PRECEDING
        AND 1 PRECEDING), 0) / sum(w) OVER () AS lo,
    sum(w) OVER (ORDER BY rk) / sum(w) OVER () AS hi
FROM w;

-- step: save and drop keys and indexes
CREATE TEMP TABLE ddl ON COMMIT DROP AS
SELECT 'i' AS kind, format('%s', pg_get_indexdef(i.indexrelid)) AS def,
    format('DROP INDEX %s', i.indexrelid::regclass) AS undo
FROM pg_index i
WHERE i.indrelid IN ('cases'::regclass, 'case_events'::regclass,
        'visits'::regclass, 'visit_visitors'::regclass,
        'audit_log'::regclass, 'enterprises'::regclass,
        'enterprise_chains'::regclass, 'users'::regclass,
        'assignments'::regclass, 'user_chains'::regclass)
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k
        WHERE k.conindid = i.indexrelid)
UNION ALL
SELECT 'f', format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass,
        k.conname, pg_get_constraintdef(k.oid)),
    format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass,
        k.conname)
FROM pg_constraint k
WHERE k.contype = 'f'
    AND k.conrelid IN ('cases'::regclass, 'case_events'::regclass,
        'visits'::regclass, 'visit_visitors'::regclass,
        'enterprises'::regclass, 'enterprise_chains'::regclass,
        'users'::regclass, 'assignments'::regclass, 'user_chains'::regclass);

DO $$
DECLARE
	s text;
BEGIN
	FOR s IN SELECT undo FROM ddl ORDER BY kind DESC LOOP
		EXECUTE s;
	END LOOP;
END
$$;
-- Row triggers of the filled tables check what the data below already
-- satisfies (known tags, commissioner role, numbering with seq given).
ALTER TABLE cases DISABLE TRIGGER USER;
ALTER TABLE enterprises DISABLE TRIGGER USER;
ALTER TABLE assignments DISABLE TRIGGER USER;

-- step: enterprises
-- i = 1 is the enterprise with the most cases; the first tenth are key
-- enterprises (重点企业), served by commissioners.
CREATE TEMP TABLE ge ON COMMIT DROP AS
SELECT i,
    (SELECT coalesce(max(id), 0) FROM enterprises) + i AS id,
    random() AS r1, random() AS r2, random() AS r3, random() AS r4,
    random() AS r5, random() AS r6, random() AS r7
FROM sp, generate_series(1, sp.n_ent) AS i;

CREATE TEMP TABLE gec ON COMMIT DROP AS
SELECT ge.id AS enterprise_id, cw.chain_id, true AS is_primary
FROM ge JOIN cw ON ge.r1 >= cw.lo AND ge.r1 < cw.hi
UNION ALL
SELECT ge.id, cw.chain_id, false
FROM ge JOIN cw ON ge.r2 >= cw.lo AND ge.r2 < cw.hi
WHERE ge.r3 < 0.15
    AND NOT (ge.r1 >= cw.lo AND ge.r1 < cw.hi);

INSERT INTO enterprises (id, name, credit_code, district, size_class, tags,
    key_enterprise, party_org_status, address, main_products,
    employee_count, note, demo, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT ge.id,
    '淄博' || pg_temp.pick(w.syl, ge.r4) || pg_temp.pick(w.syl, ge.r5)
        || pg_temp.pick(w.syl, ge.r6) || pg_temp.pick(w.trade, ge.r7)
        || pg_temp.pick(w.form, ge.r2),
    cc.code || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
        (31 - cc.total % 31) % 31 + 1, 1),
    (SELECT d.name FROM districts d ORDER BY d.sort_order, d.name
        OFFSET floor(ge.r5 * ge.r5 * 11)::int LIMIT 1),
    CASE WHEN ge.i <= sp.n_ent / 50 THEN 'large'
        WHEN ge.i <= sp.n_ent / 5 THEN 'medium'
        WHEN ge.r3 < 0.6 THEN 'small' ELSE 'micro' END,
    ARRAY(SELECT t.name FROM tags t
        WHERE t.sort_order <= 12
            AND (hashint4(ge.i * 13 + t.sort_order) & 1023)
                < CASE WHEN ge.i <= sp.n_ent / 10 THEN 307 ELSE 82 END
        ORDER BY t.sort_order),
    ge.i <= sp.n_ent / 10,
    CASE WHEN ge.r6 < 0.35 THEN 'established' WHEN ge.r6 < 0.55 THEN 'joint'
        WHEN ge.r6 < 0.75 THEN 'instructor' ELSE 'none' END,
    '淄博市' || pg_temp.pick(w.syl, ge.r7) || pg_temp.pick(w.syl, ge.r4)
        || '路' || (1 + floor(ge.r3 * 300))::int || '号（演示）',
    pg_temp.pick(w.trade, ge.r7) || '产品',
    CASE WHEN ge.i <= sp.n_ent / 50 THEN 1000 + floor(ge.r4 * 9000)::int
        WHEN ge.i <= sp.n_ent / 5 THEN 100 + floor(ge.r4 * 900)::int
        ELSE 5 + floor(ge.r4 * 95)::int END,
    '规模测试数据，虚构企业。',
    true,
    sp.t_start - (ge.r4 * interval '300 days'),
    sp.t_start
FROM ge CROSS JOIN sp CROSS JOIN words w
CROSS JOIN LATERAL (
    SELECT code, (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY',
            substr(code, k, 1)) - 1)
        * (ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30,
            28])[k])::int FROM generate_series(1, 17) AS k) AS total
    FROM (SELECT '91370300HL' || lpad(ge.i::text, 7, '0') AS code) c0) cc;
SELECT setval(pg_get_serial_sequence('enterprises', 'id'),
    (SELECT max(id) FROM enterprises));

INSERT INTO enterprise_chains (enterprise_id, chain_id, is_primary,
    created_at)
SELECT enterprise_id, chain_id, is_primary, sp.t_start FROM gec, sp;

-- step: users
-- Three admins, three committee members per chain, the commissioners, a
-- responder for every four-ones resource without one, one user per
-- enterprise.
CREATE TEMP TABLE gu ON COMMIT DROP AS
SELECT 'scale-admin-' || k AS login, '规模测试管理员' || k AS name,
    'admin' AS role, NULL::bigint AS enterprise_id, NULL::bigint AS expert_id,
    NULL::bigint AS account_manager_id, NULL::bigint AS lawyer_id,
    NULL::bigint AS policy_pack_id, NULL::bigint AS chain_id
FROM generate_series(1, 3) AS k
UNION ALL
SELECT 'scale-committee-' || c.code || '-' || k,
    pg_temp.pick(w.surname, ((c.id * 7 + k) % 20) / 20.0)
        || pg_temp.pick(w.given, ((c.id * 3 + k * 5) % 20) / 20.0),
    'committee', NULL, NULL, NULL, NULL, NULL, c.id
FROM chains c CROSS JOIN generate_series(1, 3) AS k CROSS JOIN words w
UNION ALL
SELECT 'scale-commissioner-' || k,
    pg_temp.pick(w.surname, (k % 20) / 20.0)
        || pg_temp.pick(w.given, ((k / 20) % 20) / 20.0),
    'commissioner', NULL, NULL, NULL, NULL, NULL, NULL
FROM sp CROSS JOIN generate_series(1, sp.n_comm) AS k CROSS JOIN words w
UNION ALL
SELECT 'scale-expert-' || x.id, x.name, 'responder', NULL, x.id, NULL, NULL,
    NULL, NULL
FROM experts x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.expert_id = x.id)
UNION ALL
SELECT 'scale-manager-' || m.id, m.name, 'responder', NULL, NULL, m.id, NULL,
    NULL, NULL
FROM bank_account_managers m
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.account_manager_id = m.id)
UNION ALL
SELECT 'scale-lawyer-' || l.id, l.name, 'responder', NULL, NULL, NULL, l.id,
    NULL, NULL
FROM lawyers l WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.lawyer_id = l.id)
UNION ALL
SELECT 'scale-policy-' || p.id, p.contact_name, 'responder',
    NULL, NULL, NULL, NULL, p.id, NULL
FROM policy_packs p
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.policy_pack_id = p.id)
UNION ALL
SELECT 'scale-ent-' || ge.i,
    pg_temp.pick(w.surname, ge.r6) || pg_temp.pick(w.given, ge.r3),
    'enterprise', ge.id, NULL, NULL, NULL, NULL, NULL
FROM ge CROSS JOIN words w;

INSERT INTO users (login, name, role, password_hash, enterprise_id, expert_id,
    account_manager_id, lawyer_id, policy_pack_id, department, demo,
    created_at, updated_at, password_changed_at)
SELECT gu.login, gu.name, gu.role, sp.pw_hash, gu.enterprise_id, gu.expert_id,
    gu.account_manager_id, gu.lawyer_id, gu.policy_pack_id,
    CASE gu.role WHEN 'committee' THEN '产业链党委' ELSE '' END, true,
    sp.t_start, sp.t_start, sp.t_start
FROM gu, sp;

INSERT INTO user_chains (user_id, chain_id, created_at)
SELECT u.id, gu.chain_id, sp.t_start
FROM gu JOIN users u ON lower(u.login) = lower(gu.login), sp
WHERE gu.chain_id IS NOT NULL;

-- Who acts: per chain its committee members (k = 0..2) and per
-- (chain, resource) its responders (k = 0..m-1), busiest first.
CREATE TEMP TABLE cm ON COMMIT DROP AS
SELECT uc.chain_id, u.id AS user_id,
    row_number() OVER (PARTITION BY uc.chain_id ORDER BY u.id) - 1 AS k
FROM user_chains uc JOIN users u ON u.id = uc.user_id
WHERE u.role = 'committee' AND u.login LIKE 'scale-%';

CREATE TEMP TABLE rp ON COMMIT DROP AS
SELECT rb.chain_id, rb.resource, rb.user_id, u.name, u.role,
    row_number() OVER (PARTITION BY rb.chain_id, rb.resource
        ORDER BY rb.user_id) - 1 AS k,
    count(*) OVER (PARTITION BY rb.chain_id, rb.resource) AS m
FROM responder_bindings rb JOIN users u ON u.id = rb.user_id
WHERE u.role = 'responder' AND u.disabled_at IS NULL;
CREATE INDEX ON rp (chain_id, resource, k);

CREATE TEMP TABLE gcom ON COMMIT DROP AS
SELECT u.id AS user_id, row_number() OVER (ORDER BY u.id) - 1 AS k
FROM users u WHERE u.role = 'commissioner' AND u.login LIKE 'scale-%';

-- step: assignments
-- Key enterprises each to one commissioner, dealt round the table so
-- that every commissioner has heavy and light ones; a tenth of the other
-- enterprises too.
INSERT INTO assignments (commissioner_id, enterprise_id, created_at)
SELECT gcom.user_id, ge.id, sp.t_start
FROM ge CROSS JOIN sp
JOIN gcom ON gcom.k = (ge.i - 1) % sp.n_comm
WHERE ge.i <= sp.n_ent / 10 OR ge.r7 < 0.1;

CREATE TEMP TABLE ecom ON COMMIT DROP AS
SELECT enterprise_id, min(commissioner_id) AS commissioner_id
FROM assignments GROUP BY enterprise_id;
CREATE UNIQUE INDEX ON ecom (enterprise_id);

CREATE TEMP TABLE eu ON COMMIT DROP AS
SELECT enterprise_id, min(id) AS user_id FROM users
WHERE role = 'enterprise' GROUP BY enterprise_id;
CREATE UNIQUE INDEX ON eu (enterprise_id);

CREATE TEMP TABLE epc ON COMMIT DROP AS
SELECT enterprise_id, chain_id FROM gec WHERE is_primary;
CREATE UNIQUE INDEX ON epc (enterprise_id);

CREATE TEMP TABLE esec ON COMMIT DROP AS
SELECT enterprise_id, min(chain_id) AS chain_id FROM gec WHERE NOT is_primary
GROUP BY enterprise_id;
CREATE UNIQUE INDEX ON esec (enterprise_id);
CREATE UNIQUE INDEX ON ge (i);

-- step: visits
-- Commissioners visit their enterprises (three in five visits); the
-- rest are committee visits spread like cases.
CREATE TEMP TABLE gv ON COMMIT DROP AS
SELECT j, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
    random() AS r5, random() AS r6
FROM sp, generate_series(1, sp.n_visits) AS j;

CREATE TEMP TABLE gv2 ON COMMIT DROP AS
SELECT (SELECT coalesce(max(id), 0) FROM visits)
        + row_number() OVER (ORDER BY x.visited_on, x.j) AS id, x.*
FROM (
    SELECT gv.j, ge.id AS enterprise_id, epc.chain_id,
        (sp.t_start + (sp.t_end - sp.t_start) * sqrt(gv.r2))::date
            AS visited_on,
        CASE WHEN gv.r3 < 0.6 AND ecom.commissioner_id IS NOT NULL
            THEN ecom.commissioner_id
            ELSE (SELECT cm.user_id FROM cm WHERE cm.chain_id = epc.chain_id
                AND cm.k = floor(gv.r4 * 3)::int) END AS recorded_by,
        gv.r4, gv.r5, gv.r6
    FROM gv CROSS JOIN sp
    JOIN ge ON ge.i = 1 + floor(sp.n_ent * power(gv.r1, 2.5))::int
    JOIN epc ON epc.enterprise_id = ge.id
    LEFT JOIN ecom ON ecom.enterprise_id = ge.id) x;

INSERT INTO visits (id, enterprise_id, chain_id, visited_on, recorded_by,
    levels, findings, visitors, summary, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT gv2.id, gv2.enterprise_id, gv2.chain_id, gv2.visited_on,
    gv2.recorded_by, lv.levels,
    (SELECT jsonb_object_agg(l, CASE l
        WHEN 'industry' THEN '上下游配套' || pg_temp.pick(w.trade, gv2.r5)
            || '需求旺盛，本地配套率有待提高'
        WHEN 'enterprise' THEN '企业经营总体平稳，' || pg_temp.pick(w.loan, gv2.r6)
            || '需求较为迫切'
        WHEN 'project' THEN '在建项目涉及' || pg_temp.pick(w.permit, gv2.r4)
            || '，进度受手续影响'
        WHEN 'technology' THEN '企业提出' || pg_temp.pick(w.tech, gv2.r5)
            || '方面的技术需求'
        ELSE '缺少' || pg_temp.pick(w.post, gv2.r6) || '，招聘难度较大' END)
        FROM unnest(lv.levels) AS l),
    ARRAY[pg_temp.pick(w.surname, gv2.r4) || pg_temp.pick(w.given, gv2.r5)],
    '走访了解企业生产经营情况，记录问题并转交办理。（规模测试数据）',
    least(gv2.visited_on + time '17:00' AT TIME ZONE 'Asia/Shanghai',
        sp.t_end - interval '1 hour'),
    least(gv2.visited_on + time '17:00' AT TIME ZONE 'Asia/Shanghai',
        sp.t_end - interval '1 hour')
FROM sp, gv2 CROSS JOIN words w
CROSS JOIN LATERAL (
    SELECT coalesce(nullif(array_remove(ARRAY[
        CASE WHEN hashint4(gv2.j * 5 + 1) & 1 = 0 THEN 'industry' END,
        CASE WHEN hashint4(gv2.j * 5 + 2) & 1023 < 341 THEN 'enterprise' END,
        CASE WHEN hashint4(gv2.j * 5 + 3) & 1 = 0 THEN 'project' END,
        CASE WHEN hashint4(gv2.j * 5 + 4) & 1 = 0 THEN 'technology' END,
        CASE WHEN hashint4(gv2.j * 5 + 5) & 1023 < 341 THEN 'talent' END], NULL),
        '{}'), ARRAY['enterprise']) AS levels) lv;
SELECT setval(pg_get_serial_sequence('visits', 'id'),
    (SELECT max(id) FROM visits));

INSERT INTO visit_visitors (visit_id, user_id)
SELECT id, recorded_by FROM gv2 WHERE recorded_by IS NOT NULL;

-- step: cases
-- Each visit finds 0-3 problems (0.8 on average) that become cases on
-- the visit channel; the other cases come from the portal (most), the
-- phone and policy sessions.  u1..u9 drive the rest of a case's life.
CREATE TEMP TABLE g0 ON COMMIT DROP AS
SELECT gv2.enterprise_id, gv2.chain_id, 'visit' AS channel, gv2.id AS visit_id,
    least(gv2.visited_on + time '18:00' AT TIME ZONE 'Asia/Shanghai'
        + (p * interval '7 minutes'), sp.t_end - p * interval '1 minute')
        AS created_at,
    gv2.recorded_by AS created_by
FROM sp, gv2 CROSS JOIN LATERAL generate_series(1,
    CASE WHEN gv2.r4 < 0.45 THEN 0 WHEN gv2.r4 < 0.80 THEN 1
        WHEN gv2.r4 < 0.95 THEN 2 ELSE 3 END) AS p;

INSERT INTO g0
SELECT ge.id, CASE WHEN x.r4 < 0.2 AND sec.chain_id IS NOT NULL
        THEN sec.chain_id ELSE epc.chain_id END,
    CASE WHEN x.r3 < 0.75 THEN 'portal' WHEN x.r3 < 0.95 THEN 'phone'
        ELSE 'event' END,
    NULL,
    sp.t_start + (sp.t_end - sp.t_start) * sqrt(x.r2),
    NULL
FROM sp CROSS JOIN LATERAL (SELECT random() AS r1, random() AS r2,
        random() AS r3, random() AS r4
    FROM generate_series(1, greatest(sp.n_cases
        - (SELECT count(*) FROM g0)::int, 0))) x
JOIN ge ON ge.i = 1 + floor(sp.n_ent * power(x.r1, 3))::int
JOIN epc ON epc.enterprise_id = ge.id
LEFT JOIN esec sec ON sec.enterprise_id = ge.id;

-- The stage a case stops at, drawn once: most go all the way.
CREATE TEMP TABLE g1 ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY g0.created_at) AS rn, g0.*,
    (ARRAY['policy','policy','policy','policy','financing','financing',
        'financing','financing','technology','technology','technology',
        'approvals','approvals','talent','talent','legal','legal','other',
        'other','policy'])[1 + floor(random() * 20)::int] AS category,
    random() AS u1, random() AS u2, random() AS u3, random() AS u4,
    random() AS u5, random() AS u6, random() AS u7, random() AS u8,
    random() AS u9
FROM g0;

CREATE TEMP TABLE g2 ON COMMIT DROP AS
SELECT g1.*,
    CASE WHEN u1 < 0.005 THEN 0   -- stays submitted
        WHEN u1 < 0.055 THEN -1   -- rejected
        WHEN u1 < 0.058 THEN 1    -- stays accepted
        WHEN u1 < 0.065 THEN 2    -- stays assigned
        WHEN u1 < 0.080 THEN 3    -- stays in progress
        WHEN u1 < 0.090 THEN 4    -- resolved, never confirmed
        ELSE 5 END AS final,
    g1.created_at + (1 + 47 * u2) * interval '1 hour' AS accepted_at0
FROM g1;

CREATE TEMP TABLE dmap ON COMMIT DROP AS
SELECT d.category, d.day, hl_due_on(d.category, d.day) AS due_on
FROM (SELECT DISTINCT category,
    (accepted_at0 AT TIME ZONE 'Asia/Shanghai')::date AS day FROM g2) d;
CREATE UNIQUE INDEX ON dmap (category, day);

-- Timestamps along the way; a stage happens only when its time has come
-- (a young case is still open whatever its final stage).
CREATE TEMP TABLE g3 ON COMMIT DROP AS
SELECT g2.*, dmap.due_on, hl_end_of_day(dmap.due_on) AS due_at,
    g2.accepted_at0 + (2 + 22 * u3) * interval '1 hour' AS assigned_at0,
    g2.accepted_at0 + (26 + 70 * u3) * interval '1 hour' AS started_at0,
    g2.accepted_at0 + (hl_end_of_day(dmap.due_on) - g2.accepted_at0)
        * CASE WHEN u4 < 0.9 THEN 0.2 + 0.75 * u5 ELSE 1.05 + u5 END
        AS resolved_at0
FROM g2 JOIN dmap ON dmap.category = g2.category
    AND dmap.day = (g2.accepted_at0 AT TIME ZONE 'Asia/Shanghai')::date;

CREATE TEMP TABLE g4 ON COMMIT DROP AS
SELECT g3.*,
    greatest(g3.started_at0, g3.resolved_at0)
        + (2 + 118 * u6) * interval '1 hour' AS closed_at0,
    CASE WHEN final = -1 THEN CASE WHEN accepted_at0 <= sp.t_end
            THEN -1 ELSE 0 END
        ELSE least(final,
            CASE WHEN accepted_at0 > sp.t_end THEN 0
                WHEN assigned_at0 > sp.t_end THEN 1
                WHEN started_at0 > sp.t_end THEN 2
                WHEN greatest(started_at0, resolved_at0) > sp.t_end THEN 3
                WHEN greatest(started_at0, resolved_at0)
                    + (2 + 118 * u6) * interval '1 hour' > sp.t_end THEN 4
                ELSE 5 END) END AS stage
FROM g3, sp;

-- Open and more than three working days past the deadline: escalated
-- automatically, as the deadline job does (escalate_after_days = 3).
CREATE TEMP TABLE wmap ON COMMIT DROP AS
SELECT d.due_on, hl_workdays_between(d.due_on, sp.today) AS late
FROM (SELECT DISTINCT due_on FROM g4 WHERE stage IN (1, 2, 3)) d, sp;
CREATE UNIQUE INDEX ON wmap (due_on);

CREATE TEMP TABLE gc ON COMMIT DROP AS
SELECT (SELECT coalesce(max(id), 0) FROM cases) + g4.rn AS id, g4.*,
    CASE stage WHEN -1 THEN 'rejected' WHEN 0 THEN 'submitted'
        WHEN 1 THEN 'accepted' WHEN 2 THEN 'assigned' WHEN 3 THEN 'in_progress'
        WHEN 4 THEN 'resolved' ELSE 'closed' END AS status,
    extract(year FROM g4.created_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
    CASE WHEN stage IN (1, 2, 3) AND coalesce(wmap.late, 0) > 3 THEN 'auto'
        WHEN stage IN (0, 1, 2, 3) AND u7 < 0.01 THEN 'manual' END AS esc,
    CASE WHEN g4.category IN ('financing') THEN 'account_manager'
        WHEN g4.category = 'legal' THEN 'lawyer'
        WHEN g4.category IN ('technology', 'talent') THEN 'expert'
        ELSE 'policy_contact' END AS resource,
    coalesce(ecom.commissioner_id, (SELECT cm.user_id FROM cm
        WHERE cm.chain_id = g4.chain_id AND cm.k = 0)) AS handler,
    eu.user_id AS ent_user
FROM g4
LEFT JOIN wmap ON wmap.due_on = g4.due_on
LEFT JOIN ecom ON ecom.enterprise_id = g4.enterprise_id
LEFT JOIN eu ON eu.enterprise_id = g4.enterprise_id;

CREATE TEMP TABLE gcase ON COMMIT DROP AS
SELECT gc.id, gc.rn, gc.enterprise_id, gc.chain_id, gc.category, gc.channel,
    gc.visit_id, gc.created_at, gc.status, gc.stage, gc.year,
    coalesce(gc.created_by, CASE WHEN gc.channel = 'portal' THEN gc.ent_user
        ELSE gc.handler END) AS created_by,
    gc.ent_user, gc.handler,
    CASE WHEN stage >= 2 THEN coalesce(rp.user_id, gc.handler) END
        AS assignee,
    rp.name AS assignee_name, rp.role AS assignee_role,
    CASE WHEN stage >= 1 THEN gc.accepted_at0 END AS accepted_at,
    CASE WHEN stage >= 1 THEN gc.handler END AS accepted_by,
    CASE WHEN stage >= 1 THEN gc.due_on END AS due_on,
    CASE WHEN stage >= 1 THEN gc.due_at END AS due_at,
    CASE WHEN stage >= 2 THEN gc.assigned_at0 END AS assigned_at,
    CASE WHEN stage >= 3 THEN gc.started_at0 END AS started_at,
    CASE WHEN stage >= 4 THEN greatest(gc.started_at0, gc.resolved_at0)
        END AS resolved_at,
    CASE WHEN stage >= 5 THEN gc.closed_at0 END AS closed_at,
    CASE WHEN stage = -1 THEN gc.accepted_at0 END AS rejected_at,
    gc.esc, gc.u5, gc.u6, gc.u7, gc.u8, gc.u9
FROM gc
LEFT JOIN rp ON rp.chain_id = gc.chain_id AND rp.resource = gc.resource
    AND rp.k = floor(rp.m * power(gc.u8, 1.5))::int;

-- Open cases with a deadline: reminded a day before it and flagged once
-- past it, as the jobs do; closed ones too when they ran late.
CREATE TEMP TABLE gcase2 ON COMMIT DROP AS
SELECT g.*,
    CASE WHEN g.due_at IS NOT NULL
        AND g.due_at - interval '20 hours' <= least(sp.t_end,
            coalesce(g.resolved_at, sp.t_end))
        AND g.due_at <= sp.t_end + interval '3 days'
        THEN g.due_at - interval '20 hours' END AS reminder_at,
    CASE WHEN g.due_at IS NOT NULL AND g.due_at < sp.t_end
        AND coalesce(g.resolved_at, sp.t_end) > g.due_at
        THEN g.due_at + interval '1 minute' END AS overdue_at,
    CASE WHEN g.esc = 'auto' THEN least(g.due_at + interval '4 days',
            sp.t_end)
        WHEN g.esc = 'manual' THEN g.created_at
            + (sp.t_end - g.created_at) * g.u9 END AS escalated_at,
    CASE WHEN g.esc = 'manual' THEN (SELECT cm.user_id FROM cm
        WHERE cm.chain_id = g.chain_id AND cm.k = 1) END AS escalated_by
FROM gcase g, sp;

INSERT INTO cases (id, year, seq, enterprise_id, chain_id, category, title,
    description, channel, status, created_by, assignee_user_id, accepted_at,
    accepted_by, due_on, due_at, started_at, resolved_at, resolution,
    closed_at, rejected_at, reject_reason, escalated, escalated_reason,
    escalated_at, escalated_by, reminder_sent_at, overdue_flagged_at, rating,
    rating_comment, rated_at, visit_id, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT g.id, g.year,
    coalesce((SELECT cc.last FROM case_counters cc WHERE cc.year = g.year), 0)
        + row_number() OVER (PARTITION BY g.year ORDER BY g.rn),
    g.enterprise_id, g.chain_id, g.category, t.title,
    t.title || '。' || e.name || '反映：' || t.detail
        || '，希望相关部门协调解决，并在办理期限内给予答复。（规模测试数据）',
    g.channel, g.status, g.created_by, g.assignee, g.accepted_at,
    g.accepted_by, g.due_on, g.due_at, g.started_at, g.resolved_at,
    CASE WHEN g.resolved_at IS NOT NULL THEN '已与企业对接，'
        || CASE WHEN g.u5 < 0.7 THEN '问题已协调解决' ELSE '提出解决方案并跟踪落实' END
        || '。（规模测试数据）' END,
    g.closed_at, g.rejected_at,
    CASE WHEN g.status = 'rejected' THEN '不属于受理范围，已告知企业相关渠道' END,
    g.esc IS NOT NULL,
    CASE WHEN g.esc = 'auto' THEN '逾期超过 3 个工作日，自动升级为书记突破项目'
        WHEN g.esc = 'manual' THEN '涉及多个部门，需产业链党委统筹协调' END,
    g.escalated_at, g.escalated_by, g.reminder_at, g.overdue_at,
    CASE WHEN g.status = 'closed' THEN CASE WHEN g.u6 < 0.55 THEN 5
        WHEN g.u6 < 0.85 THEN 4 WHEN g.u6 < 0.95 THEN 3 WHEN g.u6 < 0.98 THEN 2
        ELSE 1 END END,
    CASE WHEN g.status = 'closed' AND g.u7 < 0.3 THEN '感谢及时协调，问题已解决。' END,
    g.closed_at, g.visit_id, g.created_at,
    greatest(g.created_at, g.accepted_at, g.started_at, g.resolved_at,
        g.closed_at, g.rejected_at, g.escalated_at, g.reminder_at,
        g.overdue_at)
FROM gcase2 g
JOIN enterprises e ON e.id = g.enterprise_id
CROSS JOIN words w
CROSS JOIN LATERAL (SELECT CASE g.category
    WHEN 'policy' THEN pg_temp.pick(w.policy, g.u9) || '申报咨询'
    WHEN 'financing' THEN (10 + floor(g.u5 * 490))::int || '万元'
        || pg_temp.pick(w.loan, g.u9) || '需求'
    WHEN 'legal' THEN pg_temp.pick(w.legal, g.u9) || '法律咨询'
    WHEN 'technology' THEN pg_temp.pick(w.tech, g.u9) || '技术需求'
    WHEN 'talent' THEN '招聘' || pg_temp.pick(w.post, g.u9) || '困难'
    WHEN 'approvals' THEN pg_temp.pick(w.permit, g.u9) || '办理进度慢'
    ELSE pg_temp.pick(w.misc, g.u9) || '问题' END AS title,
    CASE g.category
    WHEN 'policy' THEN '企业符合' || pg_temp.pick(w.policy, g.u9)
        || '条件，但对申报材料和流程不清楚'
    WHEN 'financing' THEN '受原材料涨价影响，企业需要'
        || pg_temp.pick(w.loan, g.u9) || '，现有授信额度不足'
    WHEN 'legal' THEN '企业遇到' || pg_temp.pick(w.legal, g.u9)
        || '，需要律师提供专业意见'
    WHEN 'technology' THEN '企业在' || pg_temp.pick(w.tech, g.u9)
        || '方面遇到瓶颈，希望对接高校院所专家'
    WHEN 'talent' THEN '企业扩产需要' || pg_temp.pick(w.post, g.u9)
        || '，本地招聘困难'
    WHEN 'approvals' THEN '新建项目的' || pg_temp.pick(w.permit, g.u9)
        || '材料已提交，审批进度较慢'
    ELSE '厂区' || pg_temp.pick(w.misc, g.u9) || '影响正常生产' END AS detail) t
ORDER BY g.rn;
SELECT setval(pg_get_serial_sequence('cases', 'id'),
    (SELECT max(id) FROM cases));

INSERT INTO case_counters (year, last)
SELECT year, max(seq) FROM cases GROUP BY year
ON CONFLICT (year) DO UPDATE SET last = greatest(case_counters.last,
    excluded.last);

-- step: timelines
-- One row per step a case went through, in time order across cases (as
-- they were written); notes from the assignee on half the worked cases.
INSERT INTO case_events (case_id, at, actor_user_id, kind, from_status,
    to_status, action, body, internal, data)
SELECT ev.case_id, ev.at, ev.actor, ev.kind, ev.from_status, ev.to_status,
    ev.action, ev.body, ev.internal, ev.data
FROM gcase2 g CROSS JOIN LATERAL (VALUES
    (g.id, g.created_at, g.created_by, 'transition', NULL, 'submitted',
        'create', NULL, false, '{}'::jsonb, true),
    (g.id, g.rejected_at, g.handler, 'transition', 'submitted', 'rejected',
        'reject', '不属于受理范围，已告知企业相关渠道', false, '{}',
        g.rejected_at IS NOT NULL),
    (g.id, g.accepted_at, g.accepted_by, 'transition', 'submitted',
        'accepted', 'accept', NULL, false,
        jsonb_build_object('due_on', g.due_on, 'due_at', g.due_at),
        g.accepted_at IS NOT NULL),
    (g.id, g.assigned_at, g.handler, 'assignment', 'accepted', 'assigned',
        'assign', NULL, false,
        jsonb_build_object('assignee', jsonb_build_object('id', g.assignee,
            'name', g.assignee_name, 'role', g.assignee_role),
            'suggested', true),
        g.assigned_at IS NOT NULL),
    (g.id, g.started_at, g.assignee, 'transition', 'assigned', 'in_progress',
        'start', NULL, false, '{}', g.started_at IS NOT NULL),
    (g.id, g.started_at + interval '3 hours', g.assignee, 'note', NULL, NULL,
        NULL, CASE WHEN g.u5 < 0.5 THEN '已电话联系企业，了解具体情况。'
            ELSE '已约定上门对接时间。' END, g.u7 < 0.3, '{}',
        g.started_at IS NOT NULL AND g.u6 < 0.5),
    (g.id, g.reminder_at, NULL, 'reminder', NULL, NULL, NULL,
        '距办理期限不足一个工作日，请抓紧办理', false,
        jsonb_build_object('due_at', g.due_at), g.reminder_at IS NOT NULL),
    (g.id, g.overdue_at, NULL, 'overdue', NULL, NULL, NULL, '已超过办理期限',
        false, jsonb_build_object('due_at', g.due_at),
        g.overdue_at IS NOT NULL),
    (g.id, g.escalated_at, g.escalated_by, 'escalation', g.status, g.status,
        'escalate', CASE WHEN g.esc = 'auto'
            THEN '逾期超过 3 个工作日，自动升级为书记突破项目'
            ELSE '涉及多个部门，需产业链党委统筹协调' END, false,
        jsonb_build_object('automatic', g.esc = 'auto'),
        g.escalated_at IS NOT NULL),
    (g.id, g.resolved_at, g.assignee, 'transition', 'in_progress', 'resolved',
        'resolve', '已与企业对接，问题已协调解决。（规模测试数据）', false,
        jsonb_build_object('late', g.resolved_at > g.due_at),
        g.resolved_at IS NOT NULL),
    (g.id, g.closed_at, g.ent_user, 'transition', 'resolved', 'closed',
        'confirm', NULL, false, jsonb_build_object('rating', CASE
            WHEN g.u6 < 0.55 THEN 5 WHEN g.u6 < 0.85 THEN 4 WHEN g.u6 < 0.95
            THEN 3 WHEN g.u6 < 0.98 THEN 2 ELSE 1 END),
        g.closed_at IS NOT NULL)
    ) AS ev(case_id, at, actor, kind, from_status, to_status, action, body,
        internal, data, keep)
WHERE ev.keep
ORDER BY ev.at;

-- step: audit log
-- What the application would have logged: one row per transition.
INSERT INTO audit_log (at, actor_user_id, actor_login, action, object_type,
    object_id, request_id, after)
SELECT ev.at, ev.actor_user_id, NULL,
    CASE WHEN ev.kind = 'escalation' THEN 'case.escalate'
        ELSE 'case.' || ev.action END,
    'case', ev.case_id::text, 'scale-seed',
    jsonb_build_object('status', ev.to_status)
FROM case_events ev
WHERE ev.action IS NOT NULL
    AND ev.case_id >= (SELECT min(id) FROM gcase2)
ORDER BY ev.at;

-- step: rebuild keys and indexes
ALTER TABLE cases ENABLE TRIGGER USER;
ALTER TABLE enterprises ENABLE TRIGGER USER;
ALTER TABLE assignments ENABLE TRIGGER USER;
DO $$
DECLARE
	s text;
BEGIN
	FOR s IN SELECT def FROM ddl ORDER BY kind DESC LOOP
		EXECUTE s;
	END LOOP;
END
$$;

-- step: statistics
ANALYZE enterprises, enterprise_chains, users, user_chains, assignments,
    visits, visit_visitors, cases, case_events, audit_log, case_counters;
