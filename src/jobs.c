/*
 * The job thread.  Each round takes, per job, a transaction-level
 * advisory lock with pg_try_advisory_xact_lock: a job another process is
 * running is skipped this round rather than waited for, and the lock goes
 * away with the transaction even if this process dies mid-job.
 */
#include "jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "auth.h"
#include "case_job.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "event.h"
#include "log.h"
#include "recheck.h"

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
	{ "rechecks.draw", "honglian.job.recheck_draw", hl_recheck_job_draw },
};

static const char SQL_TRY_LOCK[] =
    "SELECT pg_try_advisory_xact_lock(hashtext($1))";

/* Guards stop_ and wakes the thread early on stop. */
static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_ = PTHREAD_COND_INITIALIZER;
static bool stop_;
static bool running_;
static pthread_t thread_;
static int64_t interval_s_;

struct run_arg {
	const struct job *job;
	bool skipped;
};

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
	if (!got) {
		ra->skipped = true;
		return 0;
	}
	return ra->job->fn(db, NULL, err);
}

int
hl_jobs_run_once(struct hl_db_conn *db, struct hl_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(JOBS) / sizeof(JOBS[0]); i++) {
		struct run_arg ra = { &JOBS[i], false };
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

static void *
loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_);
	while (!stop_) {
		struct timespec until;
		struct hl_err err = { 0 };
		struct hl_db_conn *db;

		pthread_mutex_unlock(&lock_);
		db = hl_db_thread(&err);
		if (db != NULL)
			hl_jobs_run_once(db, NULL);
		pthread_mutex_lock(&lock_);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += interval_s_;
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
	interval_s_ = c->jobs_interval_s;
	if (interval_s_ <= 0)
		return;
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
