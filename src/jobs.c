/*
 * The job thread.  Each round takes, per job, a transaction-level
 * advisory lock with pg_try_advisory_xact_lock: a job another process is
 * running is skipped this round rather than waited for, and the lock goes
 * away with the transaction even if this process dies mid-job.  Rounds
 * start at the boundaries of the period (jobs_interval_s on the clock),
 * and the round of the thread claims the period in job_runs (0020) in the
 * job's transaction: with N processes each job runs once per period.
 */
#include "jobs.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "auth.h"
#include "case_job.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "event.h"
#include "log.h"
#include "notify.h"
#include "policy.h"

struct job {
	const char *name;
	const char *lock_key; /* text, hashed by PostgreSQL into the key */
	hl_db_tx_fn fn;
};

static const struct job JOBS[] = {
	{ "sessions.expire", "honglian.job.sessions", hl_auth_job_expire },
	{ "cases.deadlines", "honglian.job.case_deadlines",
	    hl_case_job_deadlines },
	{ "events.reminders", "honglian.job.event_reminders",
	    hl_event_job_reminders },
	{ "policies.notify", "honglian.job.policy_notify",
	    hl_policy_job_notify },
	{ "notify.prune", "honglian.job.notify_prune", hl_notify_job_prune },
	{ "actions.overdue", "honglian.job.action_overdue",
	    hl_action_job_overdue },
};

static const char SQL_TRY_LOCK[] =
    "SELECT pg_try_advisory_xact_lock(hashtext($1))";

/*
 * $1 job, $2 period, $3 runner: a row when this transaction is the one to
 * run the period.  Runs older than a week go at the same time.
 */
static const char SQL_CLAIM[] =
    "WITH old AS (DELETE FROM job_runs WHERE name = $1"
    "  AND ran_at < now() - interval '7 days')"
    " INSERT INTO job_runs (name, period, runner)"
    " VALUES ($1, $2::bigint, $3) ON CONFLICT DO NOTHING RETURNING period";

/* Guards stop_ and wakes the thread early on stop. */
static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_ = PTHREAD_COND_INITIALIZER;
static bool stop_;
static bool running_;
static pthread_t thread_;
static int64_t interval_s_;
static char runner_[300]; /* host:pid, for job_runs */

struct run_arg {
	const struct job *job;
	const char *period; /* NULL: run now, whatever ran this period */
	bool skipped;
};

/* Claim ra's period for its job; false when another run has it. */
static int
claim(struct hl_db_conn *db, struct run_arg *ra, bool *mine, struct hl_err *err)
{
	const char *params[3] = { ra->job->name, ra->period, runner_ };
	struct hl_db_res *r = hl_db_exec(db, SQL_CLAIM, 3, params, err);

	if (r == NULL)
		return -1;
	*mine = hl_db_nrows(r) > 0;
	hl_db_res_free(r);
	return 0;
}

static int
run_locked(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct run_arg *ra = arg;
	const char *params[1] = { ra->job->lock_key };
	struct hl_db_res *r = hl_db_exec(db, SQL_TRY_LOCK, 1, params, err);
	bool got;

	if (r == NULL)
		return -1;
	got = hl_db_get_bool(r, 0, 0);
	hl_db_res_free(r);
	if (got && ra->period != NULL && claim(db, ra, &got, err) == -1)
		return -1;
	if (!got) {
		ra->skipped = true;
		return 0;
	}
	return ra->job->fn(db, NULL, err);
}

/* Every job once, under its lock; for period (not NULL) only when no
 * process has run it in that period yet. */
static int
run_round(struct hl_db_conn *db, const char *period, struct hl_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(JOBS) / sizeof(JOBS[0]); i++) {
		struct run_arg ra = { &JOBS[i], period, false };
		struct hl_err e = { 0 };

		if (hl_db_tx_run(db, run_locked, &ra, &e) == -1) {
			hl_log(HL_LOG_WARN, "jobs: '%s' failed: %s",
			    JOBS[i].name, e.msg);
			if (err != NULL && !hl_err_is_set(err))
				*err = e;
			rc = -1;
		}
	}
	return rc;
}

int
hl_jobs_run_once(struct hl_db_conn *db, struct hl_err *err)
{
	return run_round(db, NULL, err);
}

/*
 * The thread: a round at the start of each period, the same instants in
 * every process (the clock, not this process's start, decides), so that
 * all of them try each period and one wins it.  The 50 ms past the
 * boundary absorb a clock a little behind another's.
 */
static void *
loop(void *arg)
{
	struct timespec now;
	struct timespec until;
	int64_t period;
	char p[24];

	(void)arg;
	pthread_mutex_lock(&lock_);
	while (!stop_) {
		struct hl_err err = { 0 };
		struct hl_db_conn *db;

		clock_gettime(CLOCK_REALTIME, &now);
		period = (int64_t)now.tv_sec / interval_s_;
		snprintf(p, sizeof(p), "%" PRId64, period);
		pthread_mutex_unlock(&lock_);
		db = hl_db_thread(&err);
		if (db != NULL)
			run_round(db, p, NULL);
		pthread_mutex_lock(&lock_);
		until.tv_sec = (time_t)((period + 1) * interval_s_);
		until.tv_nsec = 50 * 1000 * 1000;
		while (!stop_ &&
		    pthread_cond_timedwait(&wake_, &lock_, &until) == 0)
			;
	}
	pthread_mutex_unlock(&lock_);
	return NULL;
}

void
hl_jobs_start(const struct hl_conf *c)
{
	char host[256];

	interval_s_ = c->jobs_interval_s;
	if (interval_s_ <= 0)
		return;
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	snprintf(runner_, sizeof(runner_), "%s:%ld", host, (long)getpid());
	stop_ = false;
	if (pthread_create(&thread_, NULL, loop, NULL) != 0) {
		hl_log(HL_LOG_ERR, "jobs: cannot start the job thread");
		return;
	}
	running_ = true;
}

void
hl_jobs_stop(void)
{
	if (!running_)
		return;
	pthread_mutex_lock(&lock_);
	stop_ = true;
	pthread_cond_signal(&wake_);
	pthread_mutex_unlock(&lock_);
	pthread_join(thread_, NULL);
	running_ = false;
}
