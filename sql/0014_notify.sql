-- 0014: what the notify worker keeps between attempts, and who is told
-- what.  Each producer calls one function here in the transaction of its
-- change: it builds the webhook payload (ids, numbers, statuses, a Chinese
-- "title" and a front-end "link"), fans it out with hl_outbox_enqueue()
-- and writes the in-app messages of the users concerned with
-- hl_message_add():
--   hl_case_notify(type, case_id, actor, extra)     case.* events
--   hl_visit_notify(visit_id, actor)                visit.recorded
--   hl_bulletin_notify(bulletin_id, actor)          bulletin.published
--   hl_policy_notify_matched(policy_id)             policy.matched
--   hl_policy_notify_closing(policy_id)             policy.window_closing
-- Payloads never hold text typed as a note or reason: webhooks post into
-- group chats.  Messages go only to users who may see the record they
-- point at, and never to the user who made the change.

-- ---- webhooks, outbox, deliveries ----

ALTER TABLE webhooks
	ADD COLUMN disabled_at timestamptz,
	ADD COLUMN disabled_reason text CHECK (char_length(disabled_reason) <= 200);

-- A re-sent dead row counts its tries again from here: it is dead once
-- attempts - tries_base reaches notify_max_tries.  attempts itself only
-- grows, so deliveries (outbox_id, attempt) stays unique.
ALTER TABLE outbox ADD COLUMN tries_base integer NOT NULL DEFAULT 0
	CHECK (tries_base >= 0 AND tries_base <= attempts);
-- Pruning delivered rows, and the delivery log filtered by state.
CREATE INDEX outbox_delivered_idx ON outbox (delivered_at) WHERE state = 'delivered';
CREATE INDEX outbox_webhook_state_idx ON outbox (webhook_id, state, id DESC);

-- response_excerpt: the start of the receiver's answer (robots answer
-- 200 with an error code in the body).  digest_size: how many events the
-- POST carried (a robot digest folds several; one row per event each).
ALTER TABLE deliveries
	ADD COLUMN response_excerpt text CHECK (char_length(response_excerpt) <= 500),
	ADD COLUMN digest_size integer NOT NULL DEFAULT 1 CHECK (digest_size >= 1);

-- One send slot per robot address (WeCom and DingTalk drop messages past
-- about 20 a minute): a POST to url may start at next_send_at, and each
-- one moves it on by the configured spacing.  Keyed by the address, so
-- two webhooks posting into one group share its budget.  The worker
-- locks a slot FOR UPDATE SKIP LOCKED, so with several servers one of
-- them sends to a robot at a time.
CREATE TABLE robot_slots (
	url		text PRIMARY KEY,
	next_send_at	timestamptz NOT NULL DEFAULT '-infinity'
);

-- A URL as shown to admins: every query value masked but for its last
-- four characters (a WeCom key or DingTalk access_token is a secret).
CREATE FUNCTION hl_url_mask(u text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT regexp_replace(u, '([?&][^=&#]*=)[^&#]*?([^&#]{0,4})(?=[&#]|$)',
	    '\1***\2', 'g')
$$;

-- hl_outbox_enqueue() for an event of several chains (a bulletin or a
-- policy for some chains; none = citywide): a webhook without a chain
-- gets one row, a webhook of one chain gets one row when its chain is in
-- p_chain_ids or the event is citywide.  The row's chain is the event's
-- when it has one, the webhook's when that is how it matched, else NULL.
-- Returns the rows queued.
CREATE FUNCTION hl_outbox_enqueue_chains(p_event_type text, p_chain_ids bigint[],
    p_payload jsonb)
RETURNS integer
LANGUAGE sql VOLATILE AS $$
	WITH ins AS (
		INSERT INTO outbox (webhook_id, event_type, chain_id, payload)
		SELECT w.id, p_event_type,
		    CASE WHEN cardinality(p_chain_ids) = 0 THEN NULL
		         WHEN cardinality(p_chain_ids) = 1 THEN p_chain_ids[1]
		         ELSE w.chain_id END,
		    p_payload
		FROM webhooks w
		WHERE w.active
		  AND (cardinality(w.event_types) = 0 OR p_event_type = ANY (w.event_types))
		  AND (w.chain_id IS NULL OR cardinality(p_chain_ids) = 0
		       OR w.chain_id = ANY (p_chain_ids))
		RETURNING 1)
	SELECT count(*)::integer FROM ins
$$;

-- ---- cases ----

-- Tell about case p_case_id: p_type is a case.* row of notification_types,
-- p_actor the user who made the change (NULL: the system), p_extra
-- members laid over the payload (event id, action, statuses, at).
-- Returns the number of outbox rows queued.
--   enterprise users of the case's enterprise: what happens to their case
--     (created by staff, accepted, rejected, assigned, started, resolved,
--     closed, reopened), linked to the portal;
--   commissioners serving the enterprise: every event;
--   the assignee: every event after assignment ("您有新的待办诉求" when
--     it is assigned to them);
--   committee members of the case's chain: escalations.
CREATE FUNCTION hl_case_notify(p_type text, p_case_id bigint, p_actor bigint,
    p_extra jsonb DEFAULT '{}')
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	c record;
	t text;
	body text;
	n integer;
	staff bigint[];
BEGIN
	SELECT k.id, k.number, k.title, k.status, k.escalated, k.chain_id,
	    k.enterprise_id, k.assignee_user_id, k.due_on, e.name AS enterprise_name,
	    ch.code AS chain_code, ch.name AS chain_name, a.name AS assignee_name
	INTO c
	FROM cases k JOIN enterprises e ON e.id = k.enterprise_id
	    JOIN chains ch ON ch.id = k.chain_id
	    LEFT JOIN users a ON a.id = k.assignee_user_id
	WHERE k.id = p_case_id;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	t := '诉求 ' || c.number || CASE p_type
		WHEN 'case.created' THEN ' 已提交（' || c.enterprise_name || '）'
		WHEN 'case.accepted' THEN ' 已受理，办理期限 ' || coalesce(c.due_on::text, '—')
		WHEN 'case.rejected' THEN ' 不予受理'
		WHEN 'case.assigned' THEN ' 已交办给' || coalesce(c.assignee_name, '承办人')
		WHEN 'case.started' THEN ' 开始办理'
		WHEN 'case.resolved' THEN ' 已办结，待企业确认'
		WHEN 'case.closed' THEN ' 已关闭'
		WHEN 'case.reopened' THEN ' 已重新打开'
		WHEN 'case.escalated' THEN ' 列为书记突破项目'
		WHEN 'case.deescalated' THEN ' 取消书记突破项目'
		WHEN 'case.due_soon' THEN ' 将于 ' || coalesce(c.due_on::text, '—') || ' 到期'
		WHEN 'case.overdue' THEN ' 已超过办理期限'
		ELSE '：' || coalesce((SELECT label FROM notification_types
		    WHERE name = p_type), p_type) END;
	n := hl_outbox_enqueue(p_type, c.chain_id, jsonb_build_object(
	    'case_id', c.id, 'number', c.number, 'status', c.status,
	    'escalated', c.escalated, 'enterprise_id', c.enterprise_id,
	    'enterprise_name', c.enterprise_name, 'chain_code', c.chain_code,
	    'chain_name', c.chain_name, 'assignee_name', c.assignee_name,
	    'due_on', c.due_on, 'title', t, 'link', '/desk/cases/' || c.id)
	    || coalesce(p_extra, '{}'));
	body := c.title || ' · ' || c.enterprise_name;

	IF p_type IN ('case.created', 'case.accepted', 'case.rejected',
	    'case.assigned', 'case.started', 'case.resolved', 'case.closed',
	    'case.reopened') THEN
		PERFORM hl_message_add(ARRAY(SELECT u.id FROM users u
		    WHERE u.enterprise_id = c.enterprise_id AND u.role = 'enterprise'
		      AND u.id IS DISTINCT FROM p_actor),
		    p_type, CASE p_type WHEN 'case.resolved'
		        THEN '诉求 ' || c.number || ' 已办结，请确认办理结果' ELSE t END,
		    body, '/m/cases/' || c.id, c.id, c.chain_id);
	END IF;
	IF p_type = 'case.assigned' AND c.assignee_user_id IS DISTINCT FROM p_actor THEN
		PERFORM hl_message_add(ARRAY[c.assignee_user_id], p_type,
		    '您有新的待办诉求 ' || c.number, body, '/desk/cases/' || c.id,
		    c.id, c.chain_id);
	END IF;
	staff := ARRAY(SELECT DISTINCT x FROM (
		SELECT a.commissioner_id AS x FROM assignments a
		WHERE a.enterprise_id = c.enterprise_id
		UNION ALL
		SELECT c.assignee_user_id WHERE p_type NOT IN ('case.created', 'case.assigned')
		UNION ALL
		SELECT uc.user_id FROM user_chains uc JOIN users u ON u.id = uc.user_id
		WHERE uc.chain_id = c.chain_id AND u.role = 'committee'
		  AND p_type IN ('case.escalated', 'case.deescalated')) s
	    WHERE x IS NOT NULL AND x IS DISTINCT FROM p_actor
	      AND (p_type <> 'case.assigned' OR x IS DISTINCT FROM c.assignee_user_id));
	PERFORM hl_message_add(staff, p_type, t, body, '/desk/cases/' || c.id,
	    c.id, c.chain_id);
	RETURN n;
END
$$;

-- ---- visits ----

-- visit.recorded for visit p_visit_id, recorded by p_actor: the webhook
-- event, and a message to the other commissioners serving the
-- enterprise.  Call it after the visit's cases exist (their numbers are
-- in the payload).
CREATE FUNCTION hl_visit_notify(p_visit_id bigint, p_actor bigint)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	v record;
	t text;
	body text;
BEGIN
	SELECT x.id, x.enterprise_id, x.chain_id, x.visited_on, x.levels,
	    e.name AS enterprise_name, ch.code AS chain_code, ch.name AS chain_name,
	    ARRAY(SELECT k.number FROM cases k WHERE k.visit_id = x.id
	        ORDER BY k.id) AS numbers
	INTO v
	FROM visits x JOIN enterprises e ON e.id = x.enterprise_id
	    JOIN chains ch ON ch.id = x.chain_id
	WHERE x.id = p_visit_id;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	t := '走访已记录：' || v.enterprise_name || '（' || v.visited_on || '）';
	body := CASE WHEN cardinality(v.numbers) = 0 THEN '未发现需要办理的问题'
	    ELSE '发现问题 ' || cardinality(v.numbers) || ' 条，已转为诉求 '
	        || array_to_string(v.numbers, '、') END;
	PERFORM hl_message_add(ARRAY(SELECT a.commissioner_id FROM assignments a
	    WHERE a.enterprise_id = v.enterprise_id
	      AND a.commissioner_id IS DISTINCT FROM p_actor),
	    'visit.recorded', t, body, '/desk/visits/' || v.id, NULL, v.chain_id);
	RETURN hl_outbox_enqueue('visit.recorded', v.chain_id, jsonb_build_object(
	    'visit_id', v.id, 'enterprise_id', v.enterprise_id,
	    'enterprise_name', v.enterprise_name, 'chain_code', v.chain_code,
	    'chain_name', v.chain_name, 'visited_on', v.visited_on,
	    'levels', v.levels, 'n_problems', cardinality(v.numbers),
	    'case_numbers', v.numbers, 'title', t, 'link', '/desk/visits/' || v.id));
END
$$;

-- ---- bulletins ----

-- bulletin.published for bulletin p_bulletin_id: one event (per
-- hl_outbox_enqueue_chains), and a message to every enterprise user
-- whose enterprise is on one of its chains (all of them for a citywide
-- bulletin).  p_public_url ('' when unknown) makes the payload's "url",
-- the public page.
CREATE FUNCTION hl_bulletin_notify(p_bulletin_id bigint, p_public_url text)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	b record;
	t text;
BEGIN
	SELECT x.id, x.title, x.published_at,
	    ARRAY(SELECT bc.chain_id FROM bulletin_chains bc
	        WHERE bc.bulletin_id = x.id ORDER BY bc.chain_id) AS chain_ids
	INTO b FROM bulletins x WHERE x.id = p_bulletin_id;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	t := '政策简报：' || b.title;
	PERFORM hl_message_add(ARRAY(SELECT u.id FROM users u
	    WHERE u.role = 'enterprise' AND (cardinality(b.chain_ids) = 0
	       OR EXISTS (SELECT 1 FROM enterprise_chains ec
	           WHERE ec.enterprise_id = u.enterprise_id
	             AND ec.chain_id = ANY (b.chain_ids)))),
	    'bulletin.published', t, '', '/m/bulletins/' || b.id, NULL,
	    CASE WHEN cardinality(b.chain_ids) = 1 THEN b.chain_ids[1] END);
	RETURN hl_outbox_enqueue_chains('bulletin.published', b.chain_ids,
	    jsonb_build_object('id', b.id, 'bulletin_id', b.id,
	    'bulletin_title', b.title,
	    'chain_codes', to_jsonb(ARRAY(SELECT c.code FROM chains c
	        WHERE c.id = ANY (b.chain_ids) ORDER BY c.sort_order, c.id)),
	    'chain_names', array_to_string(ARRAY(SELECT c.name FROM chains c
	        WHERE c.id = ANY (b.chain_ids) ORDER BY c.sort_order, c.id), '、'),
	    'published_at', b.published_at,
	    'url', CASE WHEN p_public_url <> ''
	        THEN rtrim(p_public_url, '/') || '/bulletins/' || b.id END,
	    'title', t, 'link', '/bulletins/' || b.id));
END
$$;

-- ---- policies ----

-- When enterprises were told about a policy: that they qualify for it
-- (once, when it is created in force or comes into force), and that its
-- application window closes soon (once).
ALTER TABLE policies
	ADD COLUMN matched_notified_at timestamptz,
	ADD COLUMN closing_notified_at timestamptz;

-- The matching rule (policy.c explains it): every eligibility list is
-- "any of", empty meaning unrestricted (no policy chain: citywide);
-- required tags are "all of", excluded tags "none of"; key_enterprise_only
-- needs the key-enterprise flag.  For each policy of p_policy_ids and
-- each enterprise of p_enterprise_ids (NULL: every enterprise): matched
-- names the criteria met ("chain:<code>", "district:<name>",
-- "size:<class>", "key_enterprise", "tag:<name>"), missing those not met
-- (an "any of" with its alternatives joined by "|"), excluded the
-- excluded tags the enterprise has.  It qualifies when missing and
-- excluded are both empty.
CREATE FUNCTION hl_policy_match(p_policy_ids bigint[], p_enterprise_ids bigint[])
RETURNS TABLE (policy_id bigint, enterprise_id bigint, matched text[],
    missing text[], excluded text[])
LANGUAGE sql STABLE AS $$
	WITH ent AS (SELECT e.id, e.district, e.size_class, e.tags, e.key_enterprise,
	    ARRAY(SELECT c.code FROM enterprise_chains ec
	        JOIN chains c ON c.id = ec.chain_id WHERE ec.enterprise_id = e.id
	        ORDER BY c.sort_order, c.id) AS chains
	    FROM enterprises e
	    WHERE p_enterprise_ids IS NULL OR e.id = ANY (p_enterprise_ids)),
	pol AS (SELECT p.id, p.districts, p.size_classes, p.required_tags,
	    p.excluded_tags, p.key_enterprise_only,
	    ARRAY(SELECT c.code FROM policy_chains pc
	        JOIN chains c ON c.id = pc.chain_id WHERE pc.policy_id = p.id
	        ORDER BY c.sort_order, c.id) AS codes
	    FROM policies p WHERE p.id = ANY (p_policy_ids))
	SELECT p.id, e.id,
	    (CASE WHEN cardinality(p.codes) > 0
	        THEN ARRAY(SELECT 'chain:' || x FROM unnest(p.codes)
	            WITH ORDINALITY AS u(x, i) WHERE x = ANY (e.chains) ORDER BY i) END
	     || CASE WHEN cardinality(p.districts) > 0 AND e.district = ANY (p.districts)
	        THEN ARRAY['district:' || e.district] END
	     || CASE WHEN cardinality(p.size_classes) > 0 AND e.size_class = ANY (p.size_classes)
	        THEN ARRAY['size:' || e.size_class] END
	     || CASE WHEN p.key_enterprise_only AND e.key_enterprise
	        THEN ARRAY['key_enterprise'] END
	     || ARRAY(SELECT 'tag:' || x FROM unnest(p.required_tags)
	        WITH ORDINALITY AS u(x, i) WHERE x = ANY (e.tags) ORDER BY i))::text[],
	    (CASE WHEN cardinality(p.codes) > 0 AND NOT p.codes && e.chains
	        THEN ARRAY['chain:' || array_to_string(p.codes, '|')] END
	     || CASE WHEN cardinality(p.districts) > 0 AND NOT e.district = ANY (p.districts)
	        THEN ARRAY['district:' || array_to_string(p.districts, '|')] END
	     || CASE WHEN cardinality(p.size_classes) > 0
	          AND NOT e.size_class = ANY (p.size_classes)
	        THEN ARRAY['size:' || array_to_string(p.size_classes, '|')] END
	     || CASE WHEN p.key_enterprise_only AND NOT e.key_enterprise
	        THEN ARRAY['key_enterprise'] END
	     || ARRAY(SELECT 'tag:' || x FROM unnest(p.required_tags)
	        WITH ORDINALITY AS u(x, i) WHERE NOT x = ANY (e.tags) ORDER BY i))::text[],
	    ARRAY(SELECT 'tag:' || x FROM unnest(p.excluded_tags)
	        WITH ORDINALITY AS u(x, i) WHERE x = ANY (e.tags) ORDER BY i)
	FROM pol p CROSS JOIN ent e
$$;

-- A matched criterion of hl_policy_match() in Chinese, for messages.
CREATE FUNCTION hl_policy_reason_text(r text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE
	    WHEN r = 'key_enterprise' THEN '重点企业'
	    WHEN r LIKE 'chain:%' THEN '产业链“' || coalesce((SELECT c.name FROM chains c
	        WHERE c.code = substr(r, 7)), substr(r, 7)) || '”'
	    WHEN r LIKE 'district:%' THEN '位于' || substr(r, 10)
	    WHEN r LIKE 'size:%' THEN CASE substr(r, 6) WHEN 'large' THEN '大型企业'
	        WHEN 'medium' THEN '中型企业' WHEN 'small' THEN '小型企业'
	        WHEN 'micro' THEN '微型企业' ELSE substr(r, 6) END
	    WHEN r LIKE 'tag:%' THEN '“' || substr(r, 5) || '”企业'
	    ELSE r END
$$;

-- The users of every enterprise that qualifies for policy p_id, with
-- the Chinese reasons of their enterprise ('' when the policy has no
-- criteria: it is for everyone).
CREATE FUNCTION hl_policy_audience(p_id bigint)
RETURNS TABLE (enterprise_id bigint, user_ids bigint[], reasons text)
LANGUAGE sql STABLE AS $$
	SELECT m.enterprise_id,
	    ARRAY(SELECT u.id FROM users u WHERE u.enterprise_id = m.enterprise_id
	        AND u.role = 'enterprise'),
	    array_to_string(ARRAY(SELECT hl_policy_reason_text(x)
	        FROM unnest(m.matched) WITH ORDINALITY AS t(x, i) ORDER BY i), '、')
	FROM hl_policy_match(ARRAY[p_id], NULL) m
	WHERE cardinality(m.missing) = 0 AND cardinality(m.excluded) = 0
$$;

-- The payload both policy events share.
CREATE FUNCTION hl_policy_payload(p_id bigint, p_title text, p_n integer)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('policy_id', p.id, 'policy_title', p.title,
	    'issuer', p.issuer, 'apply_until', p.apply_until,
	    'chain_codes', to_jsonb(ARRAY(SELECT c.code FROM policy_chains pc
	        JOIN chains c ON c.id = pc.chain_id WHERE pc.policy_id = p.id
	        ORDER BY c.sort_order, c.id)),
	    'n_enterprises', p_n, 'title', p_title, 'link', '/desk/policies/' || p.id)
	FROM policies p WHERE p.id = p_id
$$;

-- policy.matched, once per policy (matched_notified_at): every user of
-- an enterprise that qualifies gets "新政策" with the reasons; webhooks
-- get one event with the number of enterprises.  Returns the outbox rows
-- queued, 0 when it was told before.
CREATE FUNCTION hl_policy_notify_matched(p_id bigint)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	p record;
	a record;
	n integer := 0;
BEGIN
	UPDATE policies SET matched_notified_at = hl_now()
	WHERE id = p_id AND matched_notified_at IS NULL
	RETURNING id, title INTO p;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	FOR a IN SELECT * FROM hl_policy_audience(p_id) LOOP
		PERFORM hl_message_add(a.user_ids, 'policy.matched',
		    '新政策：' || p.title,
		    CASE WHEN a.reasons = '' THEN '本政策面向全市企业'
		    ELSE '贵企业符合条件：' || a.reasons END,
		    '/m/policies/' || p.id, NULL, NULL);
		n := n + 1;
	END LOOP;
	RETURN hl_outbox_enqueue_chains('policy.matched',
	    ARRAY(SELECT pc.chain_id FROM policy_chains pc WHERE pc.policy_id = p_id
	        ORDER BY pc.chain_id),
	    hl_policy_payload(p_id, '新政策《' || p.title || '》与 ' || n
	        || ' 家企业匹配', n));
END
$$;

-- policy.window_closing, once per policy (closing_notified_at): users of
-- the enterprises that qualify are reminded of the deadline.
CREATE FUNCTION hl_policy_notify_closing(p_id bigint)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	p record;
	a record;
	n integer := 0;
BEGIN
	UPDATE policies SET closing_notified_at = hl_now()
	WHERE id = p_id AND closing_notified_at IS NULL AND apply_until IS NOT NULL
	RETURNING id, title, apply_until INTO p;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	FOR a IN SELECT * FROM hl_policy_audience(p_id) LOOP
		PERFORM hl_message_add(a.user_ids, 'policy.window_closing',
		    '政策申报即将截止：' || p.title,
		    '申报截止日期 ' || p.apply_until || '，贵企业符合条件，请及时申报',
		    '/m/policies/' || p.id, NULL, NULL);
		n := n + 1;
	END LOOP;
	RETURN hl_outbox_enqueue_chains('policy.window_closing',
	    ARRAY(SELECT pc.chain_id FROM policy_chains pc WHERE pc.policy_id = p_id
	        ORDER BY pc.chain_id),
	    hl_policy_payload(p_id, '政策《' || p.title || '》将于 ' || p.apply_until
	        || ' 截止申报', n));
END
$$;
