/*
 * The delivery worker inside `honglian serve`, and the only libcurl user.
 * One thread claims due outbox rows (FOR UPDATE SKIP LOCKED, with a lease,
 * so N servers never send a row twice at once), posts them through the
 * multi interface, records every attempt in deliveries and marks each row
 * delivered, retried later (exponential backoff with jitter, Retry-After
 * on 429 and 503) or dead; 410 Gone disables the webhook.  Robots (WeCom,
 * DingTalk) get at most [notify] robot_rate posts per robot_window_s, what
 * waits folded into digests.  Formats and signing are notify_fmt.c's, the
 * address rule notify_addr.c's.
 */
#ifndef HL_NOTIFY_H
#define HL_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

struct hl_conf;
struct hl_db_conn;
struct hl_err;

/*
 * Take the settings from c (borrowed; must outlive the worker) and start
 * libcurl.  A bad [notify] allow_nets fails with err->msg for operators.
 * Call once, before any thread uses this module; hl_notify_release()
 * undoes it.
 */
int hl_notify_setup(const struct hl_conf *c, struct hl_err *err);
void hl_notify_release(void);

/* Start the worker thread; hl_notify_stop() lets the posts in flight
 * finish for a few seconds, hands the rest back to the outbox and joins
 * it. */
void hl_notify_start(void);
void hl_notify_stop(void);

/*
 * Whether url may be a webhook's address: http or https, a host, no user
 * name or password, and every address the host resolves to now allowed
 * (notify_addr.h; a name that does not resolve now is left to the check
 * at connect time).  422 validation_failed with fields.url saying why.
 */
int hl_notify_url_check(const char *url, struct hl_err *err);

/*
 * The delay before retry number k (1 for the first retry) in milliseconds:
 * base_ms doubled k - 1 times, capped at cap_ms, less a part of up to half
 * chosen by the random draw r ("equal jitter": retries of events that
 * failed together spread out, and none comes sooner than half the step).
 */
int64_t hl_notify_backoff_ms(int64_t base_ms, int64_t cap_ms, int64_t k,
    uint32_t r);

/*
 * A job (hl_db_tx_fn, arg unused): delete delivered outbox rows older
 * than [notify] keep_days (their deliveries go with them), at most 10000
 * a round, and the send slots of robots no webhook uses any more.
 */
int hl_notify_job_prune(struct hl_db_conn *db, void *arg, struct hl_err *err);

#endif /* HL_NOTIFY_H */
