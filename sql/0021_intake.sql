-- 0021: other channels in.  Enterprise problems also reach the committee
-- through the 12345 hotline (政务服务便民热线) and the province's
-- enterprise-request platform (接诉即办): their systems file cases through
-- Open311 GeoReport v2 with an API key of the integration role, and
-- exports of their work orders are imported on the desk.  Either way a
-- case is an ordinary case (same deadlines, routing and lifecycle) with
-- an intake row saying where it came from and under which work-order
-- number, unique per source, so that a replay finds the case again.
-- Status changes of such a case go back to its source as intake.status
-- notifications in the GeoReport status shape.

-- ---- the integration role ----

-- An account other systems act as, through API tokens only (no password
-- login: auth.c treats it as disabled there).  Its user_chains are the
-- chains it may file for.
ALTER TABLE users DROP CONSTRAINT users_role_check,
    ADD CONSTRAINT users_role_check CHECK (role IN ('enterprise', 'commissioner',
	'responder', 'committee', 'admin', 'integration'));
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check,
    ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('enterprise', 'commissioner',
	'responder', 'committee', 'admin', 'integration'));

-- ---- channels ----

-- phone: taken by staff on the phone; hotline: the 12345 hotline;
-- platform: the province's enterprise-request platform.
ALTER TABLE cases DROP CONSTRAINT cases_channel_check,
    ADD CONSTRAINT cases_channel_check CHECK (channel IN ('portal', 'visit', 'event',
	'phone', 'hotline', 'platform'));

-- ---- enterprises not yet confirmed ----

-- A credit code an outside source names that nobody has registered
-- becomes an unverified enterprise: its name and chain as the source
-- gave them, its district when the address tells it, its size unknown.
-- A commissioner (any: it is nobody's yet) or an admin confirms it with
-- the missing facts; until then it may lack district and size.
ALTER TABLE enterprises ADD COLUMN verified boolean NOT NULL DEFAULT true,
    ALTER COLUMN district DROP NOT NULL,
    ALTER COLUMN size_class DROP NOT NULL,
    ADD CONSTRAINT enterprises_verified_complete
	CHECK (NOT verified OR (district IS NOT NULL AND size_class IS NOT NULL));
CREATE INDEX enterprises_unverified_idx ON enterprises (id) WHERE NOT verified;

-- ---- sources ----

-- A system cases come from.  user_id is the integration account that
-- files through Open311 as this source (its API tokens are the source's
-- keys); mapping names, for the work-order import, the header each
-- column has in the source's export ({"source_ref":"工单编号",…}; a
-- column not named is found by its default header); webhook_id is the
-- source's own subscription to the status of its cases.
CREATE TABLE intake_sources (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,31}$'),
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
	channel		text NOT NULL CHECK (channel IN ('phone', 'hotline', 'platform')),
	user_id		bigint UNIQUE REFERENCES users (id) ON DELETE SET NULL,
	webhook_id	bigint UNIQUE REFERENCES webhooks (id) ON DELETE SET NULL,
	mapping		jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(mapping) = 'object'),
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE TRIGGER intake_sources_updated_at BEFORE UPDATE ON intake_sources
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

INSERT INTO intake_sources (code, name, channel) VALUES
	('12345', '淄博市12345政务服务便民热线', 'hotline'),
	('province', '山东省企业诉求“接诉即办”平台', 'platform');

-- A source's account must be an integration account, and its webhook
-- must carry intake.status alone: hl_outbox_enqueue() gives a webhook
-- every event its types name, and a source may hear only of its own
-- cases (hl_open311_notify() below sends it exactly those).
CREATE FUNCTION hl_intake_sources_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users
	    WHERE id = NEW.user_id AND role = 'integration') THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '接入账号必须是“系统接入”角色的用户', 'user_id');
	END IF;
	IF NEW.webhook_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM webhooks
	    WHERE id = NEW.webhook_id AND event_types = '{intake.status}') THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '来源的回传地址只能订阅 intake.status 一种事件', 'webhook_id');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER intake_sources_check BEFORE INSERT OR UPDATE OF user_id, webhook_id
    ON intake_sources FOR EACH ROW EXECUTE FUNCTION hl_intake_sources_check();

CREATE FUNCTION hl_webhooks_source_types_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.event_types <> '{intake.status}' AND EXISTS (SELECT 1
	    FROM intake_sources WHERE webhook_id = NEW.id) THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '该地址是诉求来源的状态回传地址，只能订阅 intake.status',
		    'event_types');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER webhooks_source_types_check BEFORE UPDATE OF event_types ON webhooks
    FOR EACH ROW EXECUTE FUNCTION hl_webhooks_source_types_check();

-- Where a case came from.  The requester's details are personal data:
-- kept for the staff who call back, never put in a notification.
CREATE TABLE case_intake (
	case_id		bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	source_id	bigint NOT NULL REFERENCES intake_sources (id) ON DELETE RESTRICT,
	source_ref	text NOT NULL CHECK (char_length(source_ref) BETWEEN 1 AND 64
			    AND source_ref = btrim(source_ref)),
	via		text NOT NULL CHECK (via IN ('open311', 'import')),
	address		text CHECK (char_length(address) <= 400),
	address_id	text CHECK (char_length(address_id) <= 100),
	lat		double precision CHECK (lat BETWEEN -90 AND 90),
	long		double precision CHECK (long BETWEEN -180 AND 180),
	media_url	text CHECK (media_url ~ '^https?://[^[:space:]]+$' AND length(media_url) <= 2000),
	requester	jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(requester) = 'object'),
	received_at	timestamptz, -- when the source took the request, if it said
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK ((lat IS NULL) = (long IS NULL)),
	UNIQUE (source_id, source_ref)
);
CREATE INDEX case_intake_source_idx ON case_intake (source_id, case_id DESC);

-- ---- Open311 ----

-- The case categories as GeoReport services: Chinese names, a
-- description and keywords for the people who classify at the source.
CREATE TABLE open311_services (
	category	text PRIMARY KEY REFERENCES sla_limits (category),
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	description	text NOT NULL CHECK (char_length(description) <= 400),
	keywords	text NOT NULL DEFAULT '' CHECK (char_length(keywords) <= 200),
	sort_order	integer NOT NULL DEFAULT 0
);
INSERT INTO open311_services (category, name, description, keywords, sort_order) VALUES
	('policy', '政策咨询与申报', '惠企政策的咨询、解读、申报和兑现', '政策,补贴,奖补,申报,兑现', 1),
	('financing', '融资需求', '贷款、授信、担保、转贷等融资需求', '融资,贷款,授信,担保,转贷', 2),
	('legal', '法律服务', '合同、纠纷、知识产权、合规等法律问题', '法律,合同,纠纷,维权,合规', 3),
	('technology', '技术攻关', '技术难题、研发合作、成果转化、设备改造', '技术,研发,攻关,转化,改造', 4),
	('talent', '人才与用工', '招聘、用工、人才引进与培训', '人才,招聘,用工,培训,引进', 5),
	('approvals', '审批与要素保障', '项目审批、用地、用电、用水、环评等要素保障', '审批,用地,用电,环评,手续', 6),
	('other', '其他诉求', '不属于以上类别的其他问题', '其他', 7);

-- GeoReport's two statuses: a case is closed once it has an answer
-- (resolved, closed) or was turned away (rejected).
CREATE FUNCTION hl_open311_status(p_status text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN p_status IN ('resolved', 'closed', 'rejected')
	    THEN 'closed' ELSE 'open' END
$$;

-- Case p_case_id as a GeoReport v2 request (GET requests/{id}.json),
-- NULL when it has no intake row.  p_full adds what people typed (the
-- description, the resolution or the reason for turning it away):
-- the source's own API key reads it; notifications go without it, since
-- a webhook may post into a group chat.
CREATE FUNCTION hl_open311_request(p_case_id bigint, p_full boolean) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'service_request_id', c.number,
	    'status', hl_open311_status(c.status),
	    'status_notes', CASE c.status
		WHEN 'submitted' THEN '已接收，等待受理'
		WHEN 'accepted' THEN '已受理，办理期限 ' || c.due_on::text
		WHEN 'assigned' THEN '已交办，办理期限 ' || c.due_on::text
		WHEN 'in_progress' THEN '正在办理，办理期限 ' || c.due_on::text
		WHEN 'resolved' THEN '已办结，待企业确认'
		WHEN 'closed' THEN '已办结，企业已确认'
		WHEN 'rejected' THEN '不予受理' END
		|| CASE WHEN NOT p_full THEN ''
		    WHEN c.status IN ('resolved', 'closed') THEN '。办理结果：' || c.resolution
		    WHEN c.status = 'rejected' THEN '。原因：' || c.reject_reason
		    ELSE '' END,
	    'service_name', s.name,
	    'service_code', c.category,
	    'description', CASE WHEN p_full THEN c.description END,
	    'agency_responsible', ch.name || '产业链党委',
	    'service_notice', '受理后 ' || l.working_days || ' 个工作日内办结',
	    'requested_datetime', date_trunc('second', coalesce(i.received_at, c.created_at)),
	    'updated_datetime', date_trunc('second', CASE c.status
		WHEN 'resolved' THEN c.resolved_at
		WHEN 'closed' THEN c.closed_at
		WHEN 'rejected' THEN c.rejected_at
		ELSE c.updated_at END),
	    'expected_datetime', date_trunc('second', c.due_at),
	    'address', i.address,
	    'address_id', i.address_id,
	    'zipcode', NULL,
	    'lat', i.lat,
	    'long', i.long,
	    'media_url', i.media_url)
	FROM cases c JOIN case_intake i ON i.case_id = c.id
	    JOIN chains ch ON ch.id = c.chain_id
	    JOIN open311_services s ON s.category = c.category
	    JOIN sla_limits l ON l.category = c.category
	WHERE c.id = p_case_id
$$;

INSERT INTO notification_types (name, label, sort_order) VALUES
	('intake.status', '外部来源诉求状态变更', 140);

-- Tell the sources about case p_case_id, whose status was p_from: the
-- webhook of the case's own source, and the webhooks of no source that
-- subscribe to intake.status (or to everything) for the case's chain
-- or every chain.  Not hl_outbox_enqueue(): that would also reach the
-- webhooks of the other sources.  The payload is the GeoReport request
-- without typed text, with the ids, the source and its work-order
-- number, the title and the desk's link.  Returns the rows queued.
CREATE FUNCTION hl_open311_notify(p_case_id bigint, p_from text) RETURNS integer
LANGUAGE sql VOLATILE AS $$
	WITH k AS (SELECT c.id, c.number, c.status, c.chain_id, i.source_id,
	    i.source_ref, src.code AS source_code, src.webhook_id
	    FROM cases c JOIN case_intake i ON i.case_id = c.id
	    JOIN intake_sources src ON src.id = i.source_id
	    WHERE c.id = p_case_id),
	ins AS (
		INSERT INTO outbox (webhook_id, event_type, chain_id, payload)
		SELECT w.id, 'intake.status', k.chain_id,
		    hl_open311_request(k.id, false) || jsonb_build_object(
		    'case_id', k.id, 'number', k.number, 'source', k.source_code,
		    'source_ref', k.source_ref, 'case_status', k.status,
		    'from_status', p_from,
		    'title', '诉求 ' || k.number || '（' || k.source_ref || '）状态：'
			|| hl_open311_status(k.status),
		    'link', '/desk/cases/' || k.id)
		FROM k JOIN webhooks w ON w.active
		WHERE w.id = k.webhook_id
		   OR (NOT EXISTS (SELECT 1 FROM intake_sources o WHERE o.webhook_id = w.id)
		       AND (cardinality(w.event_types) = 0
			    OR 'intake.status' = ANY (w.event_types))
		       AND (w.chain_id IS NULL OR w.chain_id = k.chain_id))
		RETURNING 1)
	SELECT count(*)::integer FROM ins
$$;

-- Every status change of a case from a source is told, whatever made it
-- (the desk, the deadline job, a meeting): in the transaction of the
-- change, as the notification contract asks.
CREATE FUNCTION hl_cases_open311_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM case_intake WHERE case_id = NEW.id) THEN
		PERFORM hl_open311_notify(NEW.id, OLD.status);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER cases_open311_status AFTER UPDATE OF status ON cases
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION hl_cases_open311_status();
