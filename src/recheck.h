/*
 * Re-checks (回访): closing a case is judged by whether the enterprise's
 * problem was solved.  Each week a draw queues a share of the week's
 * closures at random, plus every case rated 1 or 2, every rejected case
 * and every case closed by override (the rules are hl_recheck_pick() in
 * 0019, the seed is logged so the draw can be run again); staff call the
 * enterprise and record the outcome.  "Not solved" reopens the case
 * through case.c's transition, in the same transaction as the outcome.
 * One re-check at most per closure (the database's unique key).
 */
#ifndef HL_RECHECK_H
#define HL_RECHECK_H

#include <stdint.h>

struct hl_buf;
struct hl_conf;
struct hl_ctx;
struct hl_db_conn;
struct hl_err;

/* Share of a week's closures drawn until hl_recheck_setup() (tests,
 * commands): the default of [recheck] share_percent. */
#define HL_RECHECK_SHARE_PERCENT 10
/* Weeks the job catches up after the server was down. */
#define HL_RECHECK_CATCH_UP_WEEKS 8

/* Take [recheck] share_percent from c; call once before the jobs start. */
void hl_recheck_setup(const struct hl_conf *c);

/*
 * Draw the week that starts on week_start ("YYYY-MM-DD", a Monday, Zibo
 * time) with seed (>= 0) and share_percent (0..100) on db, inside the
 * caller's transaction: the draw row, its re-checks (hl_recheck_pick()),
 * their audit row (actor ctx, NULL for the weekly job), a recheck.queued
 * outbox event and messages per chain for its committee and the
 * enterprises' commissioners.  *draw_id gets the draw.  Errors: 422 on
 * week_start when it is not a Monday or the week is not over yet; 409
 * conflict when the week was drawn already.
 */
int hl_recheck_draw(struct hl_db_conn *db, struct hl_ctx *ctx,
    const char *week_start, int64_t seed, int64_t share_percent,
    int64_t *draw_id, struct hl_err *err);

/*
 * The weekly job, as an hl_db_tx_fn (arg unused) inside the caller's
 * transaction: draws each week that ended since the last draw, at most
 * HL_RECHECK_CATCH_UP_WEEKS back (the first run draws last week only),
 * each with a fresh random seed and the configured share.
 */
int hl_recheck_job_draw(struct hl_db_conn *db, void *arg, struct hl_err *err);

/*
 * POST /rechecks/draws (admin): draw week_start now, as ctx, with a fresh
 * seed and share_percent (-1: the configured share), in a transaction of
 * its own; append the draw as JSON (as in hl_recheck_draws_json()).  For
 * a week the job missed.  Errors as hl_recheck_draw().
 */
int hl_recheck_draw_now(struct hl_ctx *ctx, const char *week_start,
    int64_t share_percent, struct hl_buf *out, struct hl_err *err);

/* Filters of the queue; NULL or 0 when not given. */
struct hl_recheck_filter {
	const char *status;  /* "pending" | "done" */
	const char *outcome; /* "solved" | "partly" | "not_solved" */
	const char *reason;  /* "sample" | "low_rating" | "rejected" | ... */
	const char *chain;   /* chain code */
	int64_t draw;        /* draw id */
	int64_t cursor;      /* id of the last row of the previous page */
	int64_t limit;       /* 1..200 */
};

/*
 * Append {"items":[…],"next_cursor"} of the re-checks of cases ctx may see
 * (case scoping: a commissioner's enterprises, a committee's chains),
 * newest first; items as hl_recheck_get_json().  A bad status, outcome or
 * reason is 400 naming it.
 */
int hl_recheck_list_json(struct hl_ctx *ctx, const struct hl_recheck_filter *f,
    struct hl_buf *out, struct hl_err *err);

/*
 * Append re-check id: {"id","status","outcome","note","reasons":[…],
 * "closed_status","closed_at","created_at","recorded_at","recorded_by",
 * "draw":{"id","week_start","seed","share_percent"},"case":{"id","number",
 * "title","category","status","enterprise_id","enterprise_name",
 * "chain_code","chain_name","rating","assignee"}}.  404 when ctx may not
 * see its case.
 */
int hl_recheck_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* An outcome; strings borrowed. */
struct hl_recheck_outcome {
	const char *outcome; /* solved | partly | not_solved */
	const char *note;    /* required for not_solved; 1..2000 characters */
};

/*
 * Record the call of re-check id as ctx, in one transaction: the outcome,
 * its audit row and a recheck.recorded outbox event; "not_solved" reopens
 * the case with the note as the reason on its timeline (case.c: a closed
 * case back in progress with a new deadline, a rejected one back to
 * submitted), the others add an internal note to the timeline.  Appends
 * the re-check after it.  Errors, in order: 404 when ctx may not see the
 * case; 422 per field (outcome, note); 409 conflict when it was recorded
 * already; the reopen's 403 or 409 when the caller may not reopen the
 * case or it is no longer closed or rejected.
 */
int hl_recheck_record(struct hl_ctx *ctx, int64_t id,
    const struct hl_recheck_outcome *in, struct hl_buf *out,
    struct hl_err *err);

/* Append {"items":[{"id","week_start","seed","share_percent","n_closures",
 * "n_always","n_sampled","drawn_by","created_at"}],"next_cursor"}, newest
 * week first: the draws and their seeds, for audit. */
int hl_recheck_draws_json(struct hl_ctx *ctx, int64_t cursor, int64_t limit,
    struct hl_buf *out, struct hl_err *err);

#endif /* HL_RECHECK_H */
