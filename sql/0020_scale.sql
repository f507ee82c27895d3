-- 0020: running at scale and as more than one process.
--
-- Background jobs run in every server process; job_runs makes each run
-- once per period however many processes there are.  A process that
-- wakes for period P (floor(epoch / jobs_interval_s)) takes the job's
-- advisory lock and inserts (job, P): the insert that wins runs the job
-- in the same transaction, the others find the row and skip.  A run that
-- fails rolls its row back, so another process may still run the period.
CREATE TABLE job_runs (
	name		text NOT NULL CHECK (name ~ '^[a-z_]+(\.[a-z_]+)+$'),
	period		bigint NOT NULL,
	runner		text NOT NULL CHECK (octet_length(runner) <= 300),
	ran_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (name, period)
);
COMMENT ON TABLE job_runs IS
    'One row per background job run: (job, period) is claimed by the process that runs it; a week is kept.';

-- Lists at a million cases (measured with `honglian seed --scale`; see
-- docs/SCALING.md).
--
-- A responder sees the enterprises of the cases assigned to them: the
-- enterprise list asks, per enterprise, whether such a case exists.
CREATE INDEX cases_assignee_enterprise_idx ON cases (assignee_user_id, enterprise_id)
    WHERE assignee_user_id IS NOT NULL;
-- A responder's cases of one category, newest first: a responder holds a
-- hundred thousand cases at a million, mostly of one or two categories,
-- and a category they have none of must be an empty range, not a scan.
CREATE INDEX cases_assignee_category_created_idx
    ON cases (assignee_user_id, category, created_at DESC, id DESC)
    WHERE assignee_user_id IS NOT NULL;

-- Every enterprise in a list shows its open cases (n_open_cases): counted
-- from this index alone, not from all of an enterprise's cases (20 000 for
-- the largest at a million).
CREATE INDEX cases_open_enterprise_idx ON cases (enterprise_id)
    WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress');

-- A responder answers some categories only (the bank's account manager
-- financing, a lawyer legal cases ...), and a chain's cases lean to some
-- categories: without these statistics PostgreSQL takes the columns as
-- independent, expects a responder's "legal" filter to match thousands of
-- cases where it matches none, and walks the whole newest-first index
-- looking for them.
CREATE STATISTICS cases_assignee_category_stats (mcv) ON assignee_user_id, category FROM cases;
ALTER STATISTICS cases_assignee_category_stats SET STATISTICS 2000;
CREATE STATISTICS cases_chain_category_stats (mcv) ON chain_id, category FROM cases;
ALTER STATISTICS cases_chain_category_stats SET STATISTICS 1000;

-- Working days in (a, b], as 0005 defines them, counted in closed form:
-- the weekdays of whole weeks and of the days left over, plus the make-up
-- working days and minus the weekday holidays that calendar_days lists in
-- the range.  0005 counted day by day: every open case in a list shows
-- its working days left, and for a case a year past its deadline that was
-- a series of hundreds of days per row.
CREATE OR REPLACE FUNCTION hl_workdays_between(a date, b date) RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN b >= a THEN 1 ELSE -1 END * (
		abs(b - a) / 7 * 5
		+ (SELECT count(*)::integer
		    FROM generate_series(1, abs(b - a) % 7) AS i
		    WHERE extract(isodow FROM least(a, b) + abs(b - a) / 7 * 7 + i) < 6)
		+ (SELECT (count(*) FILTER (WHERE c.kind = 'workday')
		    - count(*) FILTER (WHERE c.kind = 'holiday'
		        AND extract(isodow FROM c.day) < 6))::integer
		    FROM calendar_days c
		    WHERE c.day > least(a, b) AND c.day <= greatest(a, b)))
$$;
