-- 0013: what the notification system knows by name, and in-app messages
-- (站内信).  Every module that notifies does it in the transaction of its
-- change, through two SQL functions:
--   hl_outbox_enqueue(type, chain_id, payload)   webhooks (0010)
--   hl_message_add(user_ids, type, title, body, link, case_id, chain_id)
--                                                 in-app messages (here)
-- Event types are rows of notification_types, so a module that brings new
-- events (meetings, policy sessions, …) adds its names in its own
-- migration and webhooks can subscribe to them with no code change.

CREATE TABLE notification_types (
	name		text PRIMARY KEY CHECK (name ~ '^[a-z_]+(\.[a-z_]+)+$'),
	label		text NOT NULL CHECK (char_length(btrim(label)) BETWEEN 1 AND 40),
	sort_order	integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE notification_types IS
    'Event types webhooks can subscribe to and messages are tagged with; label is Chinese.';

INSERT INTO notification_types (name, label, sort_order) VALUES
	('case.created', '新诉求', 10),
	('case.accepted', '诉求已受理', 20),
	('case.assigned', '诉求已交办', 30),
	('case.due_soon', '诉求即将到期', 40),
	('case.overdue', '诉求已超期', 50),
	('case.rejected', '诉求不予受理', 25),
	('case.started', '诉求开始办理', 35),
	('case.escalated', '列为书记突破项目', 60),
	('case.deescalated', '取消书记突破项目', 65),
	('case.resolved', '诉求已办结待确认', 70),
	('case.closed', '诉求已关闭', 80),
	('case.reopened', '诉求已重新打开', 90),
	('visit.recorded', '走访已记录', 100),
	('bulletin.published', '政策简报发布', 110),
	('policy.window_closing', '政策申报即将截止', 120),
	('policy.matched', '新政策与企业匹配', 130),
	('webhook.test', '测试消息', 1000);

-- webhooks.event_types must name known types; checked by a trigger, since
-- an array cannot carry a foreign key.
CREATE FUNCTION hl_webhooks_event_types_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	bad text;
BEGIN
	SELECT t INTO bad FROM unnest(NEW.event_types) t
	WHERE NOT EXISTS (SELECT 1 FROM notification_types n WHERE n.name = t)
	LIMIT 1;
	IF bad IS NOT NULL THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '未知的事件类型：' || bad, 'event_types');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER webhooks_event_types_check BEFORE INSERT OR UPDATE OF event_types ON webhooks
    FOR EACH ROW EXECUTE FUNCTION hl_webhooks_event_types_check();

-- One row per recipient.  Written in the transaction of the change it
-- tells about; never holds internal notes.  link is a path of the front
-- end (/desk/cases/12, /m/cases/12), resolved against [server] public_url
-- where an absolute address is needed.
CREATE TABLE messages (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	event_type	text NOT NULL REFERENCES notification_types (name),
	title		text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	body		text NOT NULL DEFAULT '' CHECK (char_length(body) <= 2000),
	link		text NOT NULL DEFAULT '' CHECK (char_length(link) <= 500),
	case_id		bigint REFERENCES cases (id) ON DELETE SET NULL,
	chain_id	bigint REFERENCES chains (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	read_at		timestamptz
);
CREATE INDEX messages_user_idx ON messages (user_id, id DESC);
CREATE INDEX messages_user_unread_idx ON messages (user_id, id DESC) WHERE read_at IS NULL;

-- Adds one message per distinct, active user in p_user_ids (NULLs and
-- disabled users are skipped); returns how many were written.
CREATE FUNCTION hl_message_add(p_user_ids bigint[], p_event_type text,
    p_title text, p_body text, p_link text,
    p_case_id bigint DEFAULT NULL, p_chain_id bigint DEFAULT NULL)
RETURNS integer
LANGUAGE sql VOLATILE AS $$
	WITH ins AS (
		INSERT INTO messages (user_id, event_type, title, body, link,
		    case_id, chain_id)
		SELECT u.id, p_event_type, left(p_title, 200),
		    left(coalesce(p_body, ''), 2000), coalesce(p_link, ''),
		    p_case_id, p_chain_id
		FROM users u
		WHERE u.id = ANY (p_user_ids) AND u.disabled_at IS NULL
		RETURNING 1)
	SELECT count(*)::integer FROM ins
$$;
