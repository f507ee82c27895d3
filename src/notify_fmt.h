/*
 * What a notification looks like on the wire, for each webhook format:
 * generic (a Standard Webhooks payload and signature), WeCom group robot
 * and DingTalk robot (Markdown messages in Chinese, a digest when several
 * events wait, DingTalk's signed URL).  Pure: no network, no database;
 * notify.c sends what this builds.  Any event type formats: the heading
 * is the type's label, the text the payload's "title", the link its
 * "link" under public_url; known families (case, visit, bulletin,
 * policy) add their facts.
 */
#ifndef HL_NOTIFY_FMT_H
#define HL_NOTIFY_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;

enum hl_notify_format {
	HL_NOTIFY_GENERIC,
	HL_NOTIFY_WECOM,
	HL_NOTIFY_DINGTALK,
};

/* "generic", "wecom", "dingtalk" into *out; -1 for anything else. */
int hl_notify_fmt_parse(const char *name, enum hl_notify_format *out);

/* One queued event; every string borrowed. */
struct hl_notify_event {
	const char *event_type; /* "case.assigned" */
	const char *label;      /* its Chinese label, NULL when unknown */
	const char *payload;    /* the outbox payload: a JSON object */
	const char *msg_id;     /* the idempotency key (webhook-id) */
	const char *created_at; /* when it happened, RFC 3339 */
};

/* Standard Webhooks: a symmetric secret is "whsec_" and the base64 of 24
 * to 64 random bytes. */
#define HL_NOTIFY_FMT_SECRET_PREFIX "whsec_"
#define HL_NOTIFY_FMT_KEY_MIN       24
#define HL_NOTIFY_FMT_KEY_MAX       64

/* True when secret is a Standard Webhooks symmetric secret. */
bool hl_notify_fmt_secret_ok(const char *secret);

/*
 * Append the generic body of ev: {"type","timestamp","label","url","data"}
 * with data the payload as stored and url the payload's link under
 * public_url (null without a link).
 */
void hl_notify_fmt_generic(const struct hl_notify_event *ev,
    const char *public_url, struct hl_buf *out);

/* Longest webhook-signature value, with its NUL. */
#define HL_NOTIFY_FMT_SIG_LEN 64

/*
 * The webhook-signature header value "v1,<base64 HMAC-SHA256>" of
 * "<msg_id>.<timestamp>.<body>" under secret (whsec_...).  Returns 0, or
 * -1 when the secret is not one (nothing is written).
 */
int hl_notify_fmt_sign(const char *secret, const char *msg_id,
    int64_t timestamp, const void *body, size_t len,
    char out[HL_NOTIFY_FMT_SIG_LEN]);

/* Most bytes of Markdown a robot message carries: WeCom refuses more
 * than 4096, DingTalk shows less well. */
#define HL_NOTIFY_FMT_ROBOT_MAX 4000

/*
 * Append the JSON body of a robot message (f is WeCom or DingTalk) for
 * events ev[0..n), n >= 1: one event alone is told in full; several make
 * one digest with a line each.  Lines are added while the Markdown stays
 * under HL_NOTIFY_FMT_ROBOT_MAX bytes; *used gets the number of events
 * the message carries (at least 1), so the caller can keep the rest for
 * the next message.  Text from payloads cannot form Markdown (brackets,
 * emphasis, tags become full-width look-alikes).
 */
void hl_notify_fmt_robot(enum hl_notify_format f,
    const struct hl_notify_event *ev, size_t n, const char *public_url,
    struct hl_buf *out, size_t *used);

/*
 * DingTalk's signed robot URL: url plus "timestamp=<ts_ms>" and
 * "sign=<percent-encoded base64 of HMAC-SHA256 over "<ts_ms>\n<secret>"
 * keyed by secret>", appended to out.
 */
void hl_notify_fmt_dingtalk_url(const char *url, const char *secret,
    int64_t ts_ms, struct hl_buf *out);

/*
 * The errcode of a robot's answer ({"errcode":0,"errmsg":"ok"}) into
 * *code: 0 when found, -1 when the body is not such JSON.
 */
int hl_notify_fmt_robot_errcode(const char *body, size_t len, int64_t *code);

#endif /* HL_NOTIFY_FMT_H */
