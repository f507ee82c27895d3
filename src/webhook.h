/*
 * Webhooks (admin): the subscriptions the notify worker delivers to, the
 * delivery log of each, a test message and the re-sending of a dead
 * notification; and the event types one may subscribe to.  Secrets are
 * write-only: no answer holds one, and URLs are shown with their query
 * values masked (a WeCom key or DingTalk token is a secret too).
 */
#ifndef HL_WEBHOOK_H
#define HL_WEBHOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"

struct hl_arena;
struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Members of a webhook as the API writes them (the index into
 * present[]). */
enum hl_webhook_field {
	HL_WEBHOOK_NAME,
	HL_WEBHOOK_URL,
	HL_WEBHOOK_FORMAT,
	HL_WEBHOOK_SECRET,
	HL_WEBHOOK_EVENT_TYPES,
	HL_WEBHOOK_CHAIN_CODE,
	HL_WEBHOOK_ACTIVE,
	HL_WEBHOOK_N_FIELDS,
};

/*
 * A webhook to create, or the members of a change (present[] says which
 * were sent; a JSON null for secret or chain_code counts as sent and
 * clears it).  Strings borrowed (request arena).
 */
struct hl_webhook_in {
	const char *name;   /* 1..100 characters */
	const char *url;    /* http(s), at most 2000 characters */
	const char *format; /* generic (default) | wecom | dingtalk */
	const char *secret; /* generic: whsec_...; dingtalk: SEC...; NULL */
	struct hl_json_strv
	    event_types;        /* notification_types names; none: all */
	const char *chain_code; /* NULL: every chain */
	bool active;            /* default true */
	bool present[HL_WEBHOOK_N_FIELDS];
};

/*
 * Decode request body j into in: a creation (name and url required) or,
 * when change is true, a change (nothing required).  Strings go to
 * arena.  Per-field 422 errors (over-long names and secrets included).
 */
int hl_webhook_decode(const struct hl_json *j, bool change,
    struct hl_webhook_in *in, struct hl_arena *arena, struct hl_err *err);

/*
 * Create a webhook and append it (the OpenAPI schema Webhook).  422 per
 * field: name; url (not http(s), or refused by the SSRF guard:
 * hl_notify_url_check()); format; secret (generic needs a Standard
 * Webhooks secret "whsec_<base64 of 24-64 bytes>", dingtalk takes its
 * robot's "SEC..." signing secret or none, wecom none); event_types
 * (unknown or repeated names); chain_code.  Audited.
 */
int hl_webhook_create(struct hl_ctx *ctx, const struct hl_webhook_in *in,
    struct hl_buf *out, struct hl_err *err);

/* Change the members present in in, checked as the merged webhook;
 * switching to wecom drops the secret.  Enabling clears the reason it
 * was disabled.  404 when there is none.  Audited. */
int hl_webhook_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_webhook_in *in, struct hl_buf *out, struct hl_err *err);

/* Delete webhook id with its outbox rows and delivery log.  404 when
 * there is none.  Audited. */
int hl_webhook_delete(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

/* Append one webhook; 404 when there is none. */
int hl_webhook_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* Append {"items":[Webhook],"next_cursor"}, newest first. */
int hl_webhook_list_json(struct hl_ctx *ctx, int64_t cursor, int64_t limit,
    struct hl_buf *out, struct hl_err *err);

/*
 * Queue a webhook.test notification for webhook id alone (whatever event
 * types it chose) and append it as a delivery log item.  409 conflict
 * when the webhook is disabled; 404 when there is none.  Audited.
 */
int hl_webhook_test(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* Filters of the delivery log; NULL or 0 means "not given". */
struct hl_webhook_log_filter {
	const char *status; /* pending | failed | delivered | dead */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append the delivery log of webhook id, newest first:
 * {"items":[{"id","event_type","label","title","status","http_status",
 * "attempts","next_attempt_at","last_error","message_id","created_at",
 * "delivered_at","tries":[{"attempt","at","http_status","error",
 * "duration_ms","digest_size","response_excerpt"}]}],"next_cursor"}.
 * status: pending (not tried yet), failed (tried, will be again),
 * delivered, dead.  422 for an unknown status; 404 when there is no such
 * webhook.
 */
int hl_webhook_log_json(struct hl_ctx *ctx, int64_t id,
    const struct hl_webhook_log_filter *f, struct hl_buf *out,
    struct hl_err *err);

/*
 * Send dead notification nid of webhook id again: it is pending, due now,
 * with notify_max_tries tries of its own.  Appends it as a log item.
 * 404 when webhook id has no such notification; 409 conflict when it is
 * not dead or the webhook is disabled.  Audited.
 */
int hl_webhook_resend(struct hl_ctx *ctx, int64_t id, int64_t nid,
    struct hl_buf *out, struct hl_err *err);

/* Append {"items":[{"name","label"}]}: the event types webhooks may
 * subscribe to, in display order. */
int hl_webhook_types_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_WEBHOOK_H */
