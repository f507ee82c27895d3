-- 0006: cases (诉求): one intake, classified handling, closure within a
-- deadline.  The case row holds the current state; case_events is the
-- timeline (every change appends one row, in the same transaction as the
-- change and its audit_log row); attachments live in the database.
--
-- Statuses: submitted -> accepted | rejected; accepted -> assigned;
-- assigned -> in_progress; in_progress -> resolved; resolved -> closed
-- (confirm, with rating) | in_progress (reopen).  Reassigning keeps or
-- returns the status to assigned.  Open = submitted, accepted, assigned,
-- in_progress.  Escalation is a flag on an open case, not a status.

-- Gap-free numbering: one counter row per year, incremented by
-- UPDATE ... RETURNING inside the transaction that creates the case.
-- The row lock serialises concurrent creators until commit, and a
-- rolled-back creation rolls the increment back with it, so numbers have
-- no gaps and no duplicates (a sequence would leave gaps on rollback).
CREATE TABLE case_counters (
	year	integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
	last	integer NOT NULL DEFAULT 0 CHECK (last >= 0)
);

-- Next number of year y (creates the year's row on first use).
CREATE FUNCTION hl_case_next_seq(y integer) RETURNS integer
LANGUAGE sql VOLATILE STRICT AS $$
	INSERT INTO case_counters AS cc (year, last) VALUES (y, 1)
	ON CONFLICT (year) DO UPDATE SET last = cc.last + 1
	RETURNING cc.last
$$;

CREATE TABLE cases (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- year and seq are filled by the cases_number trigger when NULL:
	-- the year of hl_today() and the next seq of that year.
	year			integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
	seq			integer NOT NULL CHECK (seq > 0),
	-- HL-2026-000123; six digits, more once a year passes 999999.
	number			text NOT NULL GENERATED ALWAYS AS ('HL-' || year::text || '-' ||
				    CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0')
				    ELSE seq::text END) STORED,
	enterprise_id		bigint NOT NULL REFERENCES enterprises (id) ON DELETE RESTRICT,
	chain_id		bigint NOT NULL REFERENCES chains (id) ON DELETE RESTRICT,
	category		text NOT NULL REFERENCES sla_limits (category) ON DELETE RESTRICT
				CHECK (category IN ('policy', 'financing', 'legal', 'technology',
				    'talent', 'approvals', 'other')),
	title			text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	description		text NOT NULL CHECK (char_length(btrim(description)) BETWEEN 1 AND 10000),
	channel			text NOT NULL DEFAULT 'portal'
				CHECK (channel IN ('portal', 'visit', 'event', 'phone')),
	status			text NOT NULL DEFAULT 'submitted'
				CHECK (status IN ('submitted', 'accepted', 'rejected', 'assigned',
				    'in_progress', 'resolved', 'closed')),
	created_by		bigint REFERENCES users (id) ON DELETE SET NULL,
	assignee_user_id	bigint REFERENCES users (id) ON DELETE RESTRICT,
	accepted_at		timestamptz,
	accepted_by		bigint REFERENCES users (id) ON DELETE SET NULL,
	-- Deadline: due_on is the N-th working day after the acceptance day
	-- (hl_due_on(category, day)); due_at = hl_end_of_day(due_on).
	due_on			date,
	due_at			timestamptz,
	started_at		timestamptz,
	resolved_at		timestamptz,
	resolution		text CHECK (char_length(resolution) <= 10000),
	closed_at		timestamptz,
	rejected_at		timestamptz,
	reject_reason		text CHECK (char_length(btrim(reject_reason)) BETWEEN 1 AND 2000),
	escalated		boolean NOT NULL DEFAULT false,
	escalated_reason	text CHECK (char_length(escalated_reason) <= 2000),
	escalated_at		timestamptz,
	escalated_by		bigint REFERENCES users (id) ON DELETE SET NULL, -- NULL: automatic
	reminder_sent_at	timestamptz,
	overdue_flagged_at	timestamptz,
	rating			smallint CHECK (rating BETWEEN 1 AND 5),
	rating_comment		text CHECK (char_length(rating_comment) <= 1000),
	rated_at		timestamptz,
	visit_id		bigint, -- FK in 0007
	event_id		bigint, -- FK in 0009
	created_at		timestamptz NOT NULL DEFAULT hl_now(),
	updated_at		timestamptz NOT NULL DEFAULT hl_now(),
	UNIQUE (year, seq),
	UNIQUE (number),
	CONSTRAINT cases_due_pair CHECK ((due_on IS NULL) = (due_at IS NULL)),
	CONSTRAINT cases_accepted_has_deadline CHECK (status IN ('submitted', 'rejected')
	    OR (accepted_at IS NOT NULL AND due_on IS NOT NULL)),
	CONSTRAINT cases_assigned_has_assignee CHECK (status IN ('submitted', 'accepted', 'rejected')
	    OR assignee_user_id IS NOT NULL),
	CONSTRAINT cases_resolved_has_resolution CHECK (status NOT IN ('resolved', 'closed')
	    OR (resolved_at IS NOT NULL AND resolution IS NOT NULL)),
	CONSTRAINT cases_closed_at CHECK (status <> 'closed' OR closed_at IS NOT NULL),
	CONSTRAINT cases_rejected_has_reason CHECK (status <> 'rejected'
	    OR (reject_reason IS NOT NULL AND rejected_at IS NOT NULL)),
	CONSTRAINT cases_rating_when_closed CHECK (rating IS NULL OR status = 'closed'),
	CONSTRAINT cases_escalation_fields CHECK (CASE WHEN escalated THEN escalated_at IS NOT NULL
	    ELSE escalated_at IS NULL AND escalated_by IS NULL AND escalated_reason IS NULL END)
);
COMMENT ON COLUMN cases.escalated_by IS 'Who escalated; NULL while escalated means the automatic job did.';

-- List pages are keyset-paged on (created_at, id) descending:
--   WHERE <scope and filters> AND (created_at, id) < ($c_at, $c_id)
--   ORDER BY created_at DESC, id DESC LIMIT $n
-- with an index per common leading filter.
CREATE INDEX cases_created_idx ON cases (created_at DESC, id DESC);
CREATE INDEX cases_status_created_idx ON cases (status, created_at DESC, id DESC);
CREATE INDEX cases_chain_created_idx ON cases (chain_id, created_at DESC, id DESC);
CREATE INDEX cases_chain_status_created_idx ON cases (chain_id, status, created_at DESC, id DESC);
CREATE INDEX cases_assignee_created_idx ON cases (assignee_user_id, created_at DESC, id DESC)
    WHERE assignee_user_id IS NOT NULL;
CREATE INDEX cases_enterprise_created_idx ON cases (enterprise_id, created_at DESC, id DESC);
CREATE INDEX cases_escalated_idx ON cases (chain_id, created_at DESC, id DESC) WHERE escalated;
-- Deadline jobs (reminders, overdue flags, auto-escalation) and the
-- overdue filter read open cases by due_at.
CREATE INDEX cases_open_due_idx ON cases (due_at)
    WHERE status IN ('accepted', 'assigned', 'in_progress');
CREATE INDEX cases_visit_idx ON cases (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX cases_event_idx ON cases (event_id) WHERE event_id IS NOT NULL;
-- Free-text search (q): title ILIKE '%' || $q || '%' OR description ILIKE ...
-- Trigrams need 3 characters; shorter queries still work, unindexed.
CREATE INDEX cases_title_trgm ON cases USING gin (title gin_trgm_ops);
CREATE INDEX cases_description_trgm ON cases USING gin (description gin_trgm_ops);

-- Fill year/seq (gap-free, see case_counters) and refuse illegal status
-- changes.  case_fsm.c decides transitions; this is the safety net that
-- keeps a bug from writing one: it answers 409 invalid_transition.
CREATE FUNCTION hl_cases_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.seq IS NULL THEN
			NEW.year := coalesce(NEW.year,
			    extract(year FROM hl_today())::integer);
			NEW.seq := hl_case_next_seq(NEW.year);
		END IF;
		RETURN NEW;
	END IF;
	NEW.updated_at := hl_now();
	IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
	    (OLD.status = 'submitted' AND NEW.status IN ('accepted', 'rejected')) OR
	    (OLD.status = 'accepted' AND NEW.status = 'assigned') OR
	    (OLD.status = 'assigned' AND NEW.status = 'in_progress') OR
	    (OLD.status = 'in_progress' AND NEW.status IN ('resolved', 'assigned')) OR
	    (OLD.status = 'resolved' AND NEW.status IN ('closed', 'in_progress'))) THEN
		PERFORM hl_raise('409', 'invalid_transition',
		    '当前状态不允许此操作');
	END IF;
	IF NEW.year <> OLD.year OR NEW.seq <> OLD.seq THEN
		PERFORM hl_raise('422', 'validation_failed', '诉求编号不可修改');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER cases_before_write BEFORE INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION hl_cases_before_write();

-- Open: not yet finished (a deadline may or may not be set).
CREATE FUNCTION hl_case_is_open(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT status IN ('submitted', 'accepted', 'assigned', 'in_progress')
$$;

-- Overdue: an open case past due_at now, or a resolved/closed case that
-- was resolved after due_at.  For the list filter on open cases use the
-- indexable form: status IN ('accepted','assigned','in_progress') AND
-- due_at < hl_now().
CREATE FUNCTION hl_case_overdue(status text, due_at timestamptz, resolved_at timestamptz)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT CASE
	WHEN due_at IS NULL THEN false
	WHEN status IN ('accepted', 'assigned', 'in_progress') THEN hl_now() > due_at
	WHEN status IN ('resolved', 'closed') THEN coalesce(resolved_at > due_at, false)
	ELSE false END
$$;

-- Default responder for a new case: an enabled responder bound to the
-- chain's resource that answers the category, fewest open assigned cases
-- first, then lowest id.  NULL when the chain has none (assign by hand).
--   policy, approvals, other -> policy pack contact (department desk)
--   financing                -> lead bank account manager
--   legal                    -> lawyer of the chain's legal team
--   technology, talent       -> expert of the chain's panel
CREATE FUNCTION hl_case_default_responder(p_chain_id bigint, p_category text)
RETURNS bigint
LANGUAGE sql STABLE STRICT AS $$
	SELECT rb.user_id
	FROM responder_bindings rb
	JOIN users u ON u.id = rb.user_id
	WHERE rb.chain_id = p_chain_id
	  AND u.role = 'responder' AND u.disabled_at IS NULL
	  AND rb.resource = CASE p_category
		WHEN 'financing' THEN 'account_manager'
		WHEN 'legal' THEN 'lawyer'
		WHEN 'technology' THEN 'expert'
		WHEN 'talent' THEN 'expert'
		ELSE 'policy_contact' END
	ORDER BY (SELECT count(*) FROM cases c WHERE c.assignee_user_id = rb.user_id
		AND c.status IN ('assigned', 'in_progress')), rb.user_id
	LIMIT 1
$$;

-- The timeline.  internal = true rows are staff-only (never shown to the
-- enterprise).  actor_user_id NULL = the system (deadline jobs).
CREATE TABLE case_events (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id		bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at		timestamptz NOT NULL DEFAULT hl_now(),
	actor_user_id	bigint REFERENCES users (id) ON DELETE SET NULL,
	kind		text NOT NULL CHECK (kind IN ('transition', 'note', 'assignment',
			    'attachment', 'escalation', 'deescalation', 'reminder', 'overdue',
			    'agenda')),
	from_status	text CHECK (from_status IN ('submitted', 'accepted', 'rejected',
			    'assigned', 'in_progress', 'resolved', 'closed')),
	to_status	text CHECK (to_status IN ('submitted', 'accepted', 'rejected',
			    'assigned', 'in_progress', 'resolved', 'closed')),
	action		text CHECK (action IN ('create', 'accept', 'reject', 'assign', 'start',
			    'resolve', 'confirm', 'reopen', 'escalate', 'deescalate')),
	body		text CHECK (char_length(body) <= 10000),
	internal	boolean NOT NULL DEFAULT false,
	data		jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
	CHECK (kind <> 'transition' OR to_status IS NOT NULL),
	CHECK (kind <> 'note' OR body IS NOT NULL)
);
COMMENT ON COLUMN case_events.action IS
    'The API action that caused the row; creation is kind transition, action create, to_status submitted.';
CREATE INDEX case_events_case_idx ON case_events (case_id, at, id);

-- Attachments: the bytes are in the database (PostgreSQL is the only
-- store).  STORAGE EXTERNAL: uploads are mostly already compressed
-- (PDF, JPEG, Office), so skip TOAST compression and keep reads cheap.
CREATE TABLE case_attachments (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id		bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	file_name	text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255
			    AND file_name !~ '[/\\[:cntrl:]]' AND file_name NOT IN ('.', '..')),
	content_type	text NOT NULL CHECK (content_type ~ '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$'),
	size_bytes	bigint NOT NULL CHECK (size_bytes >= 0),
	sha256		bytea NOT NULL CHECK (octet_length(sha256) = 32),
	content		bytea NOT NULL,
	internal	boolean NOT NULL DEFAULT false,
	uploaded_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	uploaded_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK (size_bytes = octet_length(content))
);
ALTER TABLE case_attachments ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id, id);
