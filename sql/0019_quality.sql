-- 0019: service quality.  Closing a case is judged by whether the
-- enterprise's problem was solved: re-checks (回访) call closed cases
-- back, and the committee's figures (docs/METRICS.md) are computed from
-- case_facts, one row per case kept current by a trigger on cases.
--
--  * case_facts: the dates and numbers the figures read (first response,
--    first deadline, first resolution, working days to it, the rating, the
--    first reopen and escalation).  An incrementally refreshed rollup:
--    each write to a case updates its own row in the same transaction, so
--    the dashboards never recompute history and never see a stale row.
--    Facts are frozen when they first happen (as deadlines are): a later
--    reopen does not move the first resolution a figure was judged on.
--  * recheck_draws, rechecks: the weekly draw (a logged seed makes it
--    reproducible, see hl_recheck_pick) and the queue, one re-check at
--    most per closure (a transition into closed or rejected).
--  * The lifecycle gains two moves for a re-check that found the problem
--    not solved: closed -> in_progress and rejected -> submitted.

-- ---- case facts ----

CREATE TABLE case_facts (
	case_id			bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	-- Copies of the case's current values, so that a figure reads one
	-- table (no joins at 1 M cases).
	chain_id		bigint NOT NULL,
	category		text NOT NULL,
	enterprise_id		bigint NOT NULL,
	assignee_user_id	bigint,
	submitted_at		timestamptz NOT NULL,
	submitted_on		date NOT NULL,
	-- The first answer the enterprise got: accepted or rejected.
	responded_at		timestamptz,
	-- The first acceptance and the deadline it set.
	accepted_on		date,
	due_on			date,
	due_at			timestamptz,
	-- The first resolution (办结), whether it met that deadline, and the
	-- working days from the acceptance day to it, on the calendar as it
	-- stood then (hl_workdays_between: 0 on the same day).
	first_resolved_at	timestamptz,
	first_resolved_on	date,
	on_time			boolean,
	close_workdays		integer,
	-- The latest rating given (kept when a re-check reopens the case and
	-- the case row forgets it).
	rating			smallint CHECK (rating BETWEEN 1 AND 5),
	rated_at		timestamptz,
	rated_on		date,
	-- The first reopen after the first resolution; every reopen counted.
	reopened_at		timestamptz,
	n_reopens		integer NOT NULL DEFAULT 0 CHECK (n_reopens >= 0),
	-- The first escalation, and the first resolution at or after it.
	escalated_at		timestamptz,
	escalated_on		date,
	escalation_resolved_on	date,
	CHECK ((first_resolved_at IS NULL) = (first_resolved_on IS NULL)),
	CHECK ((rated_at IS NULL) = (rated_on IS NULL))
);
COMMENT ON TABLE case_facts IS
    'One row per case, written by the cases_facts trigger only; the figures of docs/METRICS.md read it.';

-- Each figure reads the rows whose date of one kind falls in the period,
-- chain by chain (the chains a caller may see drive index range scans),
-- and only the columns it needs, which each index carries (INCLUDE) so
-- that the scans never visit the table.
CREATE INDEX case_facts_submitted_idx ON case_facts (chain_id, submitted_on)
    INCLUDE (category, enterprise_id, assignee_user_id, submitted_at, responded_at);
CREATE INDEX case_facts_due_idx ON case_facts (chain_id, due_on)
    INCLUDE (category, enterprise_id, assignee_user_id, first_resolved_at, on_time)
    WHERE due_on IS NOT NULL;
CREATE INDEX case_facts_resolved_idx ON case_facts (chain_id, first_resolved_on)
    INCLUDE (category, enterprise_id, assignee_user_id, close_workdays, reopened_at)
    WHERE first_resolved_on IS NOT NULL;
CREATE INDEX case_facts_rated_idx ON case_facts (chain_id, rated_on)
    INCLUDE (category, enterprise_id, assignee_user_id, rating) WHERE rated_on IS NOT NULL;
CREATE INDEX case_facts_escalated_idx ON case_facts (chain_id, escalated_on)
    INCLUDE (category, enterprise_id, assignee_user_id) WHERE escalated_on IS NOT NULL;
CREATE INDEX case_facts_escalation_resolved_idx ON case_facts (chain_id, escalation_resolved_on)
    INCLUDE (category, enterprise_id, assignee_user_id)
    WHERE escalation_resolved_on IS NOT NULL;
CREATE INDEX case_facts_enterprise_idx ON case_facts (enterprise_id);
CREATE INDEX case_facts_assignee_idx ON case_facts (assignee_user_id)
    WHERE assignee_user_id IS NOT NULL;

-- The Zibo calendar day of an instant.
CREATE FUNCTION hl_local_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT (t AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- The facts of new cases, one statement for all the rows an INSERT wrote
-- (a bulk load or seed pays one join, not a function call per row).  The
-- same derivation as hl_case_facts_sync() below for a case without facts.
CREATE FUNCTION hl_case_facts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_facts (case_id, chain_id, category, enterprise_id,
	    assignee_user_id, submitted_at, submitted_on, responded_at,
	    accepted_on, due_on, due_at, first_resolved_at, first_resolved_on,
	    on_time, close_workdays, rating, rated_at, rated_on,
	    escalated_at, escalated_on, escalation_resolved_on)
	SELECT n.id, n.chain_id, n.category, n.enterprise_id, n.assignee_user_id,
	    n.created_at, hl_local_day(n.created_at), least(n.accepted_at, n.rejected_at),
	    d.accepted_on, n.due_on, d.due_at,
	    n.resolved_at, hl_local_day(n.resolved_at),
	    CASE WHEN n.resolved_at IS NOT NULL THEN
		d.due_at IS NOT NULL AND n.resolved_at <= d.due_at END,
	    hl_workdays_between(d.accepted_on, hl_local_day(n.resolved_at)),
	    CASE WHEN n.rated_at IS NOT NULL THEN n.rating END, n.rated_at,
	    hl_local_day(n.rated_at),
	    d.escalated_at, hl_local_day(d.escalated_at),
	    CASE WHEN n.resolved_at >= d.escalated_at THEN hl_local_day(n.resolved_at) END
	FROM new_cases n,
	LATERAL (SELECT
		CASE WHEN n.due_on IS NOT NULL THEN
		    hl_local_day(coalesce(n.accepted_at, n.created_at)) END AS accepted_on,
		CASE WHEN n.due_on IS NOT NULL THEN n.due_at END AS due_at,
		CASE WHEN n.escalated THEN n.escalated_at END AS escalated_at) d;
	RETURN NULL;
END
$$;
CREATE TRIGGER cases_facts_insert AFTER INSERT ON cases
    REFERENCING NEW TABLE AS new_cases
    FOR EACH STATEMENT EXECUTE FUNCTION hl_case_facts_insert();

-- Bring the facts row of case NEW up to date after a write.  Runs in the
-- writer's transaction, under the case's row lock, so two writers of one
-- case update its facts one after the other.
CREATE FUNCTION hl_case_facts_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	f case_facts%ROWTYPE;
	was case_facts%ROWTYPE;
	found_row boolean;
BEGIN
	SELECT * INTO f FROM case_facts WHERE case_id = NEW.id;
	found_row := FOUND;
	was := f;
	IF NOT found_row THEN
		f.case_id := NEW.id;
		f.submitted_at := NEW.created_at;
		f.submitted_on := hl_local_day(NEW.created_at);
		f.n_reopens := 0;
	END IF;
	f.chain_id := NEW.chain_id;
	f.category := NEW.category;
	f.enterprise_id := NEW.enterprise_id;
	f.assignee_user_id := NEW.assignee_user_id;
	-- least() ignores NULLs: the earlier of the two answers.
	f.responded_at := coalesce(f.responded_at, least(NEW.accepted_at, NEW.rejected_at));
	IF f.due_on IS NULL AND NEW.due_on IS NOT NULL THEN
		f.due_on := NEW.due_on;
		f.due_at := NEW.due_at;
		f.accepted_on := hl_local_day(coalesce(NEW.accepted_at, NEW.created_at));
	END IF;
	IF f.first_resolved_at IS NULL AND NEW.resolved_at IS NOT NULL THEN
		f.first_resolved_at := NEW.resolved_at;
		f.first_resolved_on := hl_local_day(NEW.resolved_at);
		f.on_time := f.due_at IS NOT NULL AND NEW.resolved_at <= f.due_at;
		f.close_workdays := hl_workdays_between(f.accepted_on, f.first_resolved_on);
	END IF;
	IF NEW.rated_at IS NOT NULL AND NEW.rated_at IS DISTINCT FROM f.rated_at THEN
		f.rating := NEW.rating;
		f.rated_at := NEW.rated_at;
		f.rated_on := hl_local_day(NEW.rated_at);
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.status IN ('resolved', 'closed', 'rejected')
	    AND NEW.status IN ('submitted', 'in_progress') THEN
		f.n_reopens := f.n_reopens + 1;
		IF f.first_resolved_at IS NOT NULL AND f.reopened_at IS NULL THEN
			f.reopened_at := hl_now();
		END IF;
	END IF;
	IF NEW.escalated AND f.escalated_at IS NULL THEN
		f.escalated_at := NEW.escalated_at;
		f.escalated_on := hl_local_day(NEW.escalated_at);
	END IF;
	IF f.escalated_at IS NOT NULL AND f.escalation_resolved_on IS NULL
	    AND NEW.resolved_at IS NOT NULL AND NEW.resolved_at >= f.escalated_at THEN
		f.escalation_resolved_on := hl_local_day(NEW.resolved_at);
	END IF;
	-- Most case writes (reminders, notes' updated_at) change no fact.
	IF found_row AND f IS NOT DISTINCT FROM was THEN
		RETURN NULL;
	END IF;
	INSERT INTO case_facts VALUES (f.*)
	ON CONFLICT (case_id) DO UPDATE SET
		chain_id = EXCLUDED.chain_id, category = EXCLUDED.category,
		enterprise_id = EXCLUDED.enterprise_id,
		assignee_user_id = EXCLUDED.assignee_user_id,
		responded_at = EXCLUDED.responded_at,
		accepted_on = EXCLUDED.accepted_on, due_on = EXCLUDED.due_on,
		due_at = EXCLUDED.due_at,
		first_resolved_at = EXCLUDED.first_resolved_at,
		first_resolved_on = EXCLUDED.first_resolved_on,
		on_time = EXCLUDED.on_time, close_workdays = EXCLUDED.close_workdays,
		rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at,
		rated_on = EXCLUDED.rated_on, reopened_at = EXCLUDED.reopened_at,
		n_reopens = EXCLUDED.n_reopens, escalated_at = EXCLUDED.escalated_at,
		escalated_on = EXCLUDED.escalated_on,
		escalation_resolved_on = EXCLUDED.escalation_resolved_on;
	RETURN NULL;
END
$$;
-- Only for the writes that change something a fact is made of (most
-- writes, reminders and notes' updated_at, do not and skip the call).
CREATE TRIGGER cases_facts AFTER UPDATE ON cases
    FOR EACH ROW WHEN ((OLD.status, OLD.chain_id, OLD.category,
	OLD.enterprise_id, OLD.assignee_user_id, OLD.accepted_at,
	OLD.rejected_at, OLD.due_on, OLD.due_at, OLD.resolved_at, OLD.rating,
	OLD.rated_at, OLD.escalated, OLD.escalated_at)
	IS DISTINCT FROM (NEW.status, NEW.chain_id, NEW.category,
	NEW.enterprise_id, NEW.assignee_user_id, NEW.accepted_at,
	NEW.rejected_at, NEW.due_on, NEW.due_at, NEW.resolved_at, NEW.rating,
	NEW.rated_at, NEW.escalated, NEW.escalated_at))
    EXECUTE FUNCTION hl_case_facts_sync();

-- Facts for the cases that have none: those that existed before this
-- migration, and those a bulk load wrote with the cases' triggers off
-- (`honglian seed --scale`, sql/seed/scale.sql).  Their history comes
-- from the timeline where it has one (first resolution, reopens,
-- escalation), else from the row.  Returns the rows added.
CREATE FUNCTION hl_case_facts_fill() RETURNS bigint
LANGUAGE sql AS $$
	WITH added AS (
	INSERT INTO case_facts (case_id, chain_id, category, enterprise_id, assignee_user_id,
	    submitted_at, submitted_on, responded_at, accepted_on, due_on, due_at,
	    first_resolved_at, first_resolved_on, on_time, close_workdays,
	    rating, rated_at, rated_on, reopened_at, n_reopens,
	    escalated_at, escalated_on, escalation_resolved_on)
	SELECT c.id, c.chain_id, c.category, c.enterprise_id, c.assignee_user_id,
	    c.created_at, hl_local_day(c.created_at), least(c.accepted_at, c.rejected_at),
	    CASE WHEN c.due_on IS NOT NULL THEN hl_local_day(coalesce(c.accepted_at, c.created_at)) END,
	    c.due_on, c.due_at,
	    h.resolved_at, hl_local_day(h.resolved_at),
	    CASE WHEN h.resolved_at IS NOT NULL THEN c.due_at IS NOT NULL AND h.resolved_at <= c.due_at END,
	    CASE WHEN h.resolved_at IS NOT NULL AND c.due_on IS NOT NULL THEN
		hl_workdays_between(hl_local_day(coalesce(c.accepted_at, c.created_at)), hl_local_day(h.resolved_at)) END,
	    c.rating, c.rated_at, hl_local_day(c.rated_at),
	    (SELECT min(ev.at) FROM case_events ev WHERE ev.case_id = c.id
		AND ev.action = 'reopen' AND ev.at > h.resolved_at),
	    (SELECT count(*) FROM case_events ev WHERE ev.case_id = c.id AND ev.action = 'reopen'),
	    h.escalated_at, hl_local_day(h.escalated_at),
	    (SELECT hl_local_day(min(ev.at)) FROM case_events ev WHERE ev.case_id = c.id
		AND ev.action = 'resolve' AND ev.at >= h.escalated_at)
	FROM cases c,
	LATERAL (SELECT
		coalesce((SELECT min(ev.at) FROM case_events ev WHERE ev.case_id = c.id
		    AND ev.action = 'resolve'), c.resolved_at) AS resolved_at,
		coalesce((SELECT min(ev.at) FROM case_events ev WHERE ev.case_id = c.id
		    AND ev.kind = 'escalation'), c.escalated_at) AS escalated_at) h
	WHERE NOT EXISTS (SELECT 1 FROM case_facts x WHERE x.case_id = c.id)
	ON CONFLICT (case_id) DO NOTHING
	RETURNING 1)
	SELECT count(*) FROM added
$$;
SELECT hl_case_facts_fill();

-- The dashboards' "overdue now" per chain (cases_open_due_idx has no chain).
CREATE INDEX cases_chain_open_due_idx ON cases (chain_id, due_at)
    INCLUDE (category, enterprise_id, assignee_user_id)
    WHERE status IN ('accepted', 'assigned', 'in_progress');

-- ---- the lifecycle: a re-check's reopen ----

-- As in 0006, plus the two moves of a re-check that found the problem not
-- solved (case_fsm.c allows them only then): closed -> in_progress and
-- rejected -> submitted.
CREATE OR REPLACE FUNCTION hl_cases_before_write() RETURNS trigger
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
	    (OLD.status = 'resolved' AND NEW.status IN ('closed', 'in_progress')) OR
	    (OLD.status = 'closed' AND NEW.status = 'in_progress') OR
	    (OLD.status = 'rejected' AND NEW.status = 'submitted')) THEN
		PERFORM hl_raise('409', 'invalid_transition',
		    '当前状态不允许此操作');
	END IF;
	IF NEW.year <> OLD.year OR NEW.seq <> OLD.seq THEN
		PERFORM hl_raise('422', 'validation_failed', '诉求编号不可修改');
	END IF;
	RETURN NEW;
END
$$;

-- ---- re-checks (回访) ----

-- The draw job reads a week's closures by time.
CREATE INDEX case_events_closure_idx ON case_events (at)
    WHERE kind = 'transition' AND to_status IN ('closed', 'rejected');

-- One draw per week (Monday to Sunday, Zibo time).  seed and
-- share_percent are what hl_recheck_pick() was called with, so anyone can
-- run it again and get the same cases (see docs/METRICS.md).
CREATE TABLE recheck_draws (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	week_start	date NOT NULL UNIQUE CHECK (extract(isodow FROM week_start) = 1),
	seed		bigint NOT NULL CHECK (seed >= 0),
	share_percent	integer NOT NULL CHECK (share_percent BETWEEN 0 AND 100),
	n_closures	integer NOT NULL DEFAULT 0 CHECK (n_closures >= 0),
	n_always	integer NOT NULL DEFAULT 0 CHECK (n_always >= 0),
	n_sampled	integer NOT NULL DEFAULT 0 CHECK (n_sampled >= 0),
	drawn_by	bigint REFERENCES users (id) ON DELETE SET NULL, -- NULL: the weekly job
	created_at	timestamptz NOT NULL DEFAULT hl_now()
);

-- reasons: why the closure is in the queue.  'sample' (the random share),
-- 'low_rating' (rated 1 or 2), 'rejected', 'override' (closed without the
-- enterprise's confirmation, e.g. by a committee override).
CREATE TABLE rechecks (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id		bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	-- The case's chain when drawn (a case keeps its chain), so that a
	-- chain's figures find its re-checks without reading every case.
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE RESTRICT,
	-- The timeline row of the closure: at most one re-check each.
	closure_event_id bigint NOT NULL UNIQUE REFERENCES case_events (id) ON DELETE CASCADE,
	closed_status	text NOT NULL CHECK (closed_status IN ('closed', 'rejected')),
	closed_at	timestamptz NOT NULL,
	draw_id		bigint NOT NULL REFERENCES recheck_draws (id) ON DELETE RESTRICT,
	reasons		text[] NOT NULL CHECK (cardinality(reasons) > 0
			    AND reasons <@ ARRAY['sample', 'low_rating', 'rejected', 'override']
			    AND hl_text_array_clean(reasons)),
	status		text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
	outcome		text CHECK (outcome IN ('solved', 'partly', 'not_solved')),
	note		text CHECK (char_length(note) <= 2000),
	recorded_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	recorded_at	timestamptz,
	recorded_on	date,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK ((status = 'done') = (outcome IS NOT NULL)),
	CHECK ((status = 'done') = (recorded_at IS NOT NULL)),
	CHECK ((recorded_at IS NULL) = (recorded_on IS NULL))
);
CREATE INDEX rechecks_case_idx ON rechecks (case_id, id);
CREATE INDEX rechecks_pending_idx ON rechecks (id) WHERE status = 'pending';
CREATE INDEX rechecks_recorded_idx ON rechecks (chain_id, recorded_on)
    INCLUDE (case_id, outcome) WHERE recorded_on IS NOT NULL;
CREATE INDEX rechecks_draw_idx ON rechecks (draw_id, id);

-- The closures of the week that starts on p_week (a Monday, Zibo time):
-- every transition into closed or rejected, with the reasons that put it
-- in the queue whatever the draw (empty: only the random share may).
-- Closed by override: the closing row says so (override_reason), or no
-- enterprise user closed it (confirm is the enterprise's own word).
CREATE FUNCTION hl_recheck_closures(p_week date)
RETURNS TABLE (closure_event_id bigint, case_id bigint, closed_status text,
    closed_at timestamptz, reasons text[])
LANGUAGE sql STABLE AS $$
	SELECT ev.id, ev.case_id, ev.to_status, ev.at, array_remove(ARRAY[
	    CASE WHEN ev.to_status = 'closed' AND (ev.data->>'rating') ~ '^[0-9]+$'
		AND (ev.data->>'rating')::integer <= 2 THEN 'low_rating' END,
	    CASE WHEN ev.to_status = 'rejected' THEN 'rejected' END,
	    CASE WHEN ev.to_status = 'closed' AND (ev.data ? 'override_reason'
		OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = ev.actor_user_id
		    AND u.role = 'enterprise')) THEN 'override' END], NULL)
	FROM case_events ev
	WHERE ev.kind = 'transition' AND ev.to_status IN ('closed', 'rejected')
	  AND ev.at >= p_week::timestamp AT TIME ZONE 'Asia/Shanghai'
	  AND ev.at < (p_week + 7)::timestamp AT TIME ZONE 'Asia/Shanghai'
$$;

-- The draw of week p_week with p_seed and p_share_percent: every closure
-- with a reason, plus ceil(N * share / 100) of the N others, taken in the
-- order of md5(seed:closure id), a shuffle that the seed fixes.  The same
-- arguments give the same rows for as long as the timeline holds them.
CREATE FUNCTION hl_recheck_pick(p_week date, p_seed bigint, p_share_percent integer)
RETURNS TABLE (closure_event_id bigint, case_id bigint, closed_status text,
    closed_at timestamptz, reasons text[])
LANGUAGE sql STABLE AS $$
	WITH c AS (SELECT * FROM hl_recheck_closures(p_week)),
	pool AS (SELECT c.*, row_number() OVER (ORDER BY
		md5(p_seed::text || ':' || c.closure_event_id::text),
		c.closure_event_id) AS rn, count(*) OVER () AS n
	    FROM c WHERE cardinality(c.reasons) = 0)
	SELECT c.closure_event_id, c.case_id, c.closed_status, c.closed_at, c.reasons
	FROM c WHERE cardinality(c.reasons) > 0
	UNION ALL
	SELECT pool.closure_event_id, pool.case_id, pool.closed_status,
	    pool.closed_at, ARRAY['sample']
	FROM pool WHERE pool.rn <= ceil(pool.n * p_share_percent / 100.0)
$$;

INSERT INTO notification_types (name, label, sort_order) VALUES
	('recheck.queued', '回访任务已生成', 140),
	('recheck.recorded', '回访结果已记录', 150);
