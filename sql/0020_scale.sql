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
