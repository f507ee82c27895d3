-- 0010: outbound notifications.  A change that should notify calls
-- hl_outbox_enqueue() in its own transaction: one outbox row per
-- subscribed webhook, so each receiver has its own retry state and its
-- own idempotency key (sent as a header; receivers dedupe on it).  The
-- notify worker claims due rows with FOR UPDATE SKIP LOCKED (safe with N
-- app processes), posts them, logs every attempt in deliveries, and
-- either marks the row delivered or schedules the next attempt with
-- backoff; after notify_max_tries it becomes dead.

CREATE TABLE webhooks (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
	url		text NOT NULL CHECK (url ~ '^https?://[^[:space:]]+$' AND length(url) <= 2000),
	format		text NOT NULL DEFAULT 'generic' CHECK (format IN ('generic', 'wecom', 'dingtalk')),
	-- generic: HMAC-SHA256 key of the signature header; dingtalk: the
	-- robot's SEC... signing secret; wecom: unused (the key is in the URL).
	secret		text CHECK (octet_length(secret) BETWEEN 1 AND 200),
	-- Event types delivered, e.g. {case.created,case.overdue}; '{}' = all.
	event_types	text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(event_types)),
	chain_id	bigint REFERENCES chains (id) ON DELETE CASCADE, -- NULL: every chain
	active		boolean NOT NULL DEFAULT true,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE TRIGGER webhooks_updated_at BEFORE UPDATE ON webhooks
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

CREATE TABLE outbox (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	webhook_id	bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event_type	text NOT NULL CHECK (event_type ~ '^[a-z_]+(\.[a-z_]+)+$'),
	chain_id	bigint REFERENCES chains (id) ON DELETE SET NULL,
	payload		jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
	idempotency_key	uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
	state		text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
	attempts	integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at	timestamptz NOT NULL DEFAULT hl_now(),
	last_error	text CHECK (char_length(last_error) <= 2000),
	delivered_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);
-- The worker's claim:
--   SELECT ... FROM outbox WHERE state = 'pending' AND next_attempt_at <= hl_now()
--   ORDER BY next_attempt_at, id LIMIT $n FOR UPDATE SKIP LOCKED
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_webhook_idx ON outbox (webhook_id, id DESC);
CREATE INDEX outbox_created_idx ON outbox (created_at DESC, id DESC);

-- Fan an event out to every active webhook that wants it (type listed or
-- list empty; chain matches or webhook unfiltered).  Returns the number
-- of rows queued (0 when nobody subscribed).  Call it in the transaction
-- that makes the change, so the notification exists iff the change does.
CREATE FUNCTION hl_outbox_enqueue(p_event_type text, p_chain_id bigint, p_payload jsonb)
RETURNS integer
LANGUAGE sql VOLATILE AS $$
	WITH ins AS (
		INSERT INTO outbox (webhook_id, event_type, chain_id, payload)
		SELECT w.id, p_event_type, p_chain_id, p_payload
		FROM webhooks w
		WHERE w.active
		  AND (cardinality(w.event_types) = 0 OR p_event_type = ANY (w.event_types))
		  AND (w.chain_id IS NULL OR w.chain_id = p_chain_id)
		RETURNING 1)
	SELECT count(*)::integer FROM ins
$$;

-- One row per HTTP attempt (the delivery log shown to admins).
-- http_status NULL: no response (DNS, connect, TLS, timeout): see error.
CREATE TABLE deliveries (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	outbox_id	bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
	webhook_id	bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	attempt		integer NOT NULL CHECK (attempt >= 1),
	at		timestamptz NOT NULL DEFAULT hl_now(),
	http_status	integer CHECK (http_status BETWEEN 100 AND 599),
	error		text CHECK (char_length(error) <= 2000),
	duration_ms	integer NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
	UNIQUE (outbox_id, attempt)
);
CREATE INDEX deliveries_webhook_idx ON deliveries (webhook_id, at DESC, id DESC);
CREATE INDEX deliveries_at_idx ON deliveries (at DESC, id DESC);
