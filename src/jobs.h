/*
 * Background jobs inside the server: one thread wakes every
 * jobs_interval_s and runs each registered job.  Jobs take a PostgreSQL
 * advisory lock, so with several server processes one runs at a time.
 */
#ifndef HL_JOBS_H
#define HL_JOBS_H

struct hl_conf;
struct hl_db_conn;
struct hl_err;

/* Start the thread (a no-op when jobs_interval_s is 0). */
void hl_jobs_start(const struct hl_conf *c);
/* Wake the thread, wait for the round in progress, join it. */
void hl_jobs_stop(void);

/*
 * Run one round now on connection db: every job, each under its advisory
 * lock (skipped when another process holds it).  Used by the thread and by
 * tests.  Returns 0, or -1 when a job failed (logged, err set).
 */
int hl_jobs_run_once(struct hl_db_conn *db, struct hl_err *err);

#endif /* HL_JOBS_H */
