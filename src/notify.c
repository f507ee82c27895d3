/*
 * The delivery worker.  One thread, one curl multi handle, one database
 * connection.  A round: record what finished (one statement for the
 * batch), claim as many due rows as there are free slots (one statement
 * per kind, robots and generic: rows get a lease, next_attempt_at moved
 * past the longest an attempt can take, and that value is the claim's
 * token), start their posts, then wait in curl_multi_poll() for the
 * network, the next poll or curl_multi_wakeup() on stop.  No transaction
 * stays open during a post.
 *
 * At least once: a row is marked delivered only after its 2xx is seen;
 * if the process dies first, the lease runs out and another round (here
 * or in another server) sends it again with the same webhook-id.  A
 * result is recorded only while its claim token still stands, so an
 * attempt that outlived its lease cannot overwrite a newer one.
 *
 * SSRF: the URL is checked when a webhook is saved (hl_notify_url_check)
 * and again by the socket callback on the address curl actually connects
 * to, so a name that resolves elsewhere later (DNS rebinding) still
 * cannot reach a refused network.  No proxies, no redirects, http and
 * https only.
 */
#include "notify.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <netdb.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "log.h"
#include "mem.h"
#include "notify_addr.h"
#include "notify_fmt.h"
#include "str.h"

/* At most this much of an answer is read; the rest is cut off. */
#define RESPONSE_MAX (64 * 1024)
/* The start of an answer kept in the delivery log, in characters. */
#define EXCERPT_CHARS 500
/* Events one robot digest may fold. */
#define FOLD_MAX 50
/* On stop, how long the posts in flight may still finish. */
#define STOP_GRACE_MS 3000
/* Retry-After is honoured up to a day. */
#define RETRY_AFTER_MAX_S 86400
/* How often a backlog may make the worker refresh the statistics. */
#define STATS_EVERY_US 30000000u
/* The worker thread's niceness, above the HTTP workers' 0. */
#define WORKER_NICE 5
/* Longest a result waits to be written with others. */
#define BATCH_WAIT_US 50000u
/* Robots' "too many messages" error codes: WeCom 45009, DingTalk 130101. */
#define WECOM_FREQ_LIMIT    45009
#define DINGTALK_SEND_LIMIT 130101

/* Settings, written by hl_notify_setup() before the thread starts. */
static const struct hl_conf *conf_;
static struct hl_notify_nets allow_;
static bool curl_up_;

/* Guards stop_; the thread runs while running_. */
static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static bool stop_;
static bool running_;
static pthread_t thread_;
static CURLM *multi_; /* the thread's; curl_multi_wakeup() from others */

/* An outbox row a post carries. */
struct row {
	int64_t id;
	char claim[48]; /* next_attempt_at as claimed: the lease's token */
	int64_t attempts;
	int64_t tries_base;
};

/* One post in flight. */
struct xfer {
	CURL *easy;
	struct curl_slist *hdrs;
	enum hl_notify_format format;
	struct hl_buf url;
	struct hl_buf body;
	struct hl_buf resp;
	bool resp_cut;     /* the answer was longer than RESPONSE_MAX */
	char refused[160]; /* set by the socket callback */
	char errbuf[CURL_ERROR_SIZE];
	uint64_t start_us;
	struct row *rows;
	size_t n_rows;
	struct xfer *next;
};

/* The worker's state, owned by its thread. */
struct worker {
	struct xfer *inflight;
	size_t n_inflight;
	struct hl_buf results; /* JSON array elements, "," separated */
	size_t n_results;
	uint64_t results_since_us; /* when the oldest unrecorded one came */
	uint64_t slots_at_us;      /* when robot send slots were last made */
	int64_t n_robots;          /* active robot webhooks, then */
	uint64_t analyzed_at_us;   /* when this worker last analyzed */
	bool analyze_off;          /* it may not */
};

/* ---- setup ---- */

int
hl_notify_setup(const struct hl_conf *c, struct hl_err *err)
{
	char why[200];

	if (hl_notify_addr_parse_nets(c->notify_allow_nets, &allow_, why,
	        sizeof(why)) == -1)
		return hl_err_set(err, 500, "invalid_config",
		    "[notify] allow_nets: %s", why);
	if (!curl_up_ && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return hl_err_set(err, 500, "invalid_config",
		    "notify: cannot initialise libcurl");
	curl_up_ = true;
	conf_ = c;
	return 0;
}

void
hl_notify_release(void)
{
	if (curl_up_)
		curl_global_cleanup();
	curl_up_ = false;
	conf_ = NULL;
	memset(&allow_, 0, sizeof(allow_));
}

/* ---- the URL rule ---- */

/* Every address host resolves to must be allowed.  A name that does not
 * resolve now is accepted: the socket callback checks what it resolves
 * to when a post is made. */
static int
check_host(const char *host, struct hl_err *err)
{
	struct addrinfo hints;
	struct addrinfo *res = NULL;
	struct addrinfo *ai;
	char bare[256];
	char text[INET6_ADDRSTRLEN];
	const char *why;
	size_t n = strlen(host);
	int rc = 0;

	/* curl writes an IPv6 literal in brackets. */
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
		snprintf(bare, sizeof(bare), "%.*s", (int)(n - 2), host + 1);
	else
		snprintf(bare, sizeof(bare), "%s", host);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(bare, NULL, &hints, &res) != 0)
		return 0;
	for (ai = res; ai != NULL && rc == 0; ai = ai->ai_next) {
		why = hl_notify_addr_refusal_sa(ai->ai_addr, &allow_);
		if (why == NULL)
			continue;
		hl_notify_addr_text(ai->ai_addr, text, sizeof(text));
		rc = hl_err_field(err, "url", "不能使用此地址：%s 是%s", text,
		    why);
	}
	freeaddrinfo(res);
	return rc;
}

int
hl_notify_url_check(const char *url, struct hl_err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	char *host = NULL;
	char *user = NULL;
	char *password = NULL;
	int rc = -1;

	if (u == NULL) {
		hl_log(HL_LOG_ERR, "out of memory");
		abort();
	}
	/* Any scheme parses, so that a wrong one gets its own message. */
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	        CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		hl_err_field(err, "url", "不是有效的网址");
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		hl_err_field(err, "url",
		    "只能使用 http 或 https 网址，不能用 %s", scheme);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    host[0] == '\0') {
		hl_err_field(err, "url", "网址缺少主机名");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK) {
		hl_err_field(err, "url", "网址不能包含用户名或密码");
		goto out;
	}
	rc = check_host(host, err);
out:
	curl_free(password);
	curl_free(user);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

/* ---- one post ---- */

/* curl's socket(2): refuse an address the rule refuses, whatever name
 * led to it. */
static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = arg;
	const char *why = hl_notify_addr_refusal_sa(&a->addr, &allow_);
	char text[INET6_ADDRSTRLEN];

	if (purpose != CURLSOCKTYPE_IPCXN || why != NULL) {
		hl_notify_addr_text(&a->addr, text, sizeof(text));
		snprintf(x->refused, sizeof(x->refused),
		    "拒绝连接 %s：%s不在允许范围内", text,
		    why != NULL ? why : "");
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* Keep the first RESPONSE_MAX bytes of the answer, then stop reading:
 * returning less than given makes curl end the transfer. */
static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (x->resp.len + len > RESPONSE_MAX) {
		x->resp_cut = true;
		return 0;
	}
	hl_buf_append(&x->resp, p, len);
	return len;
}

static void
xfer_free(struct xfer *x)
{
	if (x == NULL)
		return;
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->hdrs);
	hl_buf_release(&x->url);
	hl_buf_release(&x->body);
	hl_buf_release(&x->resp);
	free(x->rows);
	free(x);
}

static void
add_header(struct xfer *x, const char *name, const char *value)
{
	struct hl_buf h = { 0 };
	struct curl_slist *l;

	hl_buf_printf(&h, "%s: %s", name, value);
	l = curl_slist_append(x->hdrs, h.p);
	hl_buf_release(&h);
	if (l == NULL) {
		hl_log(HL_LOG_ERR, "out of memory");
		abort();
	}
	x->hdrs = l;
}

/* The easy handle of x, its body and url already made. */
static void
xfer_setup(struct xfer *x)
{
	CURL *e = curl_easy_init();
	long timeout_ms = (long)conf_->notify_timeout_s * 1000;

	if (e == NULL) {
		hl_log(HL_LOG_ERR, "out of memory");
		abort();
	}
	x->easy = e;
	add_header(x, "Content-Type", "application/json; charset=utf-8");
	add_header(x, "User-Agent", "Honglian-Notify/1.0");
	/* No "100-continue" round trip before the body. */
	add_header(x, "Expect", "");
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_URL, x->url.p);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	/* An environment proxy would make the guard check the proxy. */
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->body.p);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)x->body.len);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);
}

/* ---- results ---- */

/* Append one result to the batch the next record() writes. */
static void
result_add(struct worker *w, const struct row *r, const char *outcome,
    long http_status, const char *error, int64_t duration_ms, int64_t delay_ms,
    const char *excerpt, size_t digest_size)
{
	struct hl_jw jw;

	if (w->n_results > 0)
		hl_buf_putc(&w->results, ',');
	else
		w->results_since_us = hl_log_now_us();
	hl_jw_init(&jw, &w->results);
	hl_jw_obj_begin(&jw);
	hl_jw_key(&jw, "id");
	hl_jw_i64(&jw, r->id);
	hl_jw_key(&jw, "claim");
	hl_jw_str(&jw, r->claim);
	hl_jw_key(&jw, "outcome");
	hl_jw_str(&jw, outcome);
	hl_jw_key(&jw, "http_status");
	if (http_status >= 100 && http_status <= 599)
		hl_jw_i64(&jw, http_status);
	else
		hl_jw_null(&jw);
	hl_jw_key(&jw, "error");
	hl_jw_str(&jw, error);
	hl_jw_key(&jw, "duration_ms");
	hl_jw_i64(&jw, duration_ms);
	hl_jw_key(&jw, "delay_ms");
	hl_jw_i64(&jw, delay_ms);
	hl_jw_key(&jw, "excerpt");
	hl_jw_str(&jw, excerpt);
	hl_jw_key(&jw, "digest_size");
	hl_jw_i64(&jw, (int64_t)digest_size);
	hl_jw_obj_end(&jw);
	w->n_results++;
}

/* The start of an answer as valid UTF-8 text without control characters
 * (a receiver may answer anything), at most EXCERPT_CHARS characters. */
static void
excerpt_of(const struct hl_buf *resp, struct hl_buf *out)
{
	size_t i = 0;
	size_t chars = 0;
	size_t len;

	while (i < resp->len && chars < EXCERPT_CHARS) {
		unsigned char c = (unsigned char)resp->p[i];

		len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (i + len > resp->len || !hl_utf8_valid(resp->p + i, len)) {
			hl_buf_putc(out, '?');
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			hl_buf_putc(out, ' ');
			i++;
		} else {
			hl_buf_append(out, resp->p + i, len);
			i += len;
		}
		chars++;
	}
}

int64_t
hl_notify_backoff_ms(int64_t base_ms, int64_t cap_ms, int64_t k, uint32_t r)
{
	int64_t d = base_ms;

	while (--k > 0 && d < cap_ms)
		d *= 2;
	if (d > cap_ms)
		d = cap_ms;
	return d / 2 + (int64_t)((uint64_t)r % (uint64_t)(d / 2 + 1));
}

/* The delay before try number k with the configured steps and a fresh
 * random draw. */
static int64_t
backoff_ms(int64_t k)
{
	uint32_t r;

	hl_crypto_random(&r, sizeof(r));
	return hl_notify_backoff_ms(conf_->notify_retry_base_ms,
	    conf_->notify_retry_max_s * 1000, k, r);
}

/* How a finished post went, for its rows. */
struct verdict {
	const char *outcome; /* delivered, retry, gone (dead + disable) */
	int64_t delay_ms;    /* retry: when, or -1 for the backoff */
	struct hl_buf error;
};

/* A robot answers 200 with {"errcode":N,"errmsg":"..."}; N != 0 is a
 * failure, and its "too many messages" codes mean wait a window. */
static void
judge_robot(struct xfer *x, struct verdict *v)
{
	int64_t code;

	if (hl_notify_fmt_robot_errcode(x->resp.p != NULL ? x->resp.p : "",
	        x->resp.len, &code) == -1 ||
	    code == 0)
		return;
	v->outcome = "retry";
	hl_buf_printf(&v->error, "机器人答复错误码 %" PRId64, code);
	if (code == WECOM_FREQ_LIMIT || code == DINGTALK_SEND_LIMIT)
		v->delay_ms = conf_->notify_robot_window_s * 1000;
}

static void
judge(struct xfer *x, CURLcode cc, long status, struct verdict *v)
{
	curl_off_t after = -1;

	v->outcome = "retry";
	v->delay_ms = -1;
	if (x->refused[0] != '\0') {
		hl_buf_puts(&v->error, x->refused);
		return;
	}
	/* Our own cut of a long answer ends the transfer with a write
	 * error; the status line was read before it. */
	if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && x->resp_cut)) {
		hl_buf_printf(&v->error, "未收到答复：%s",
		    x->errbuf[0] != '\0' ? x->errbuf : curl_easy_strerror(cc));
		return;
	}
	if (status >= 200 && status <= 299) {
		v->outcome = "delivered";
		if (x->format != HL_NOTIFY_GENERIC)
			judge_robot(x, v);
		return;
	}
	if (status == 410) {
		v->outcome = "gone";
		hl_buf_puts(&v->error, "接收方答复 410 Gone，已停用此 Webhook");
		return;
	}
	if (status >= 300 && status <= 399)
		hl_buf_printf(&v->error,
		    "接收方答复 %ld 重定向（不跟随），请改用最终网址", status);
	else
		hl_buf_printf(&v->error, "接收方答复 HTTP %ld", status);
	if ((status == 429 || status == 503) &&
	    curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &after) ==
	        CURLE_OK &&
	    after > 0)
		v->delay_ms = (after > RETRY_AFTER_MAX_S ? RETRY_AFTER_MAX_S
		                                         : (int64_t)after) *
		    1000;
}

/* Record a finished post: a result per row it carried. */
static void
finish(struct worker *w, struct xfer *x, CURLcode cc)
{
	struct verdict v = { NULL, -1, { 0 } };
	struct hl_buf excerpt = { 0 };
	long status = 0;
	int64_t ms = (int64_t)((hl_log_now_us() - x->start_us) / 1000);
	int64_t tries;
	int64_t delay;
	const char *outcome;
	size_t i;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	judge(x, cc, status, &v);
	excerpt_of(&x->resp, &excerpt);
	for (i = 0; i < x->n_rows; i++) {
		const struct row *r = &x->rows[i];

		outcome = v.outcome;
		delay = 0;
		tries = r->attempts + 1 - r->tries_base;
		if (strcmp(outcome, "retry") == 0) {
			if (tries >= conf_->notify_max_tries)
				outcome = "dead";
			else
				delay = v.delay_ms >= 0 ? v.delay_ms
				                        : backoff_ms(tries);
		}
		result_add(w, r, outcome, status,
		    v.error.len > 0 ? v.error.p : NULL, ms, delay,
		    excerpt.len > 0 ? excerpt.p : NULL, x->n_rows);
	}
	if (strcmp(v.outcome, "delivered") != 0)
		hl_log(HL_LOG_INFO, "notify: post of %zu event(s) failed: %s",
		    x->n_rows, hl_buf_cstr(&v.error));
	hl_buf_release(&excerpt);
	hl_buf_release(&v.error);
}

/* The rows a robot digest had no room for go back, due now. */
static void
release_rows(struct worker *w, const struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		result_add(w, &rows[i], "release", 0, NULL, 0, 0, NULL, 1);
}

/*
 * $1 the results as a JSON array.  A result counts only while its claim
 * stands (state pending, next_attempt_at unchanged).  "release" gives a
 * row back untried; the others are attempts with a deliveries row.
 */
static const char SQL_RECORD[] =
    "WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id bigint,"
    "  claim timestamptz, outcome text, http_status integer, error text,"
    "  duration_ms bigint, delay_ms bigint, excerpt text,"
    "  digest_size integer)),"
    " upd AS (UPDATE outbox o SET"
    "  attempts = o.attempts + CASE WHEN r.outcome = 'release' THEN 0"
    "   ELSE 1 END,"
    "  state = CASE r.outcome WHEN 'delivered' THEN 'delivered'"
    "   WHEN 'dead' THEN 'dead' WHEN 'gone' THEN 'dead' ELSE 'pending' END,"
    "  delivered_at = CASE WHEN r.outcome = 'delivered' THEN hl_now() END,"
    "  next_attempt_at = hl_now() + CASE WHEN r.outcome IN ('retry',"
    "   'release') THEN r.delay_ms * interval '1 millisecond'"
    "   ELSE interval '0' END,"
    "  last_error = CASE r.outcome WHEN 'release' THEN o.last_error"
    "   WHEN 'delivered' THEN NULL ELSE left(r.error, 2000) END"
    "  FROM r WHERE o.id = r.id AND o.state = 'pending'"
    "  AND o.next_attempt_at = r.claim"
    "  RETURNING o.id, o.webhook_id, o.attempts, r.outcome, r.http_status,"
    "  r.error, r.duration_ms, r.excerpt, r.digest_size),"
    " ins AS (INSERT INTO deliveries (outbox_id, webhook_id, attempt,"
    "  http_status, error, duration_ms, response_excerpt, digest_size)"
    "  SELECT u.id, u.webhook_id, u.attempts, u.http_status,"
    "  left(u.error, 2000), least(greatest(u.duration_ms, 0), 2147483647),"
    "  left(u.excerpt, 500), greatest(u.digest_size, 1)"
    "  FROM upd u WHERE u.outcome <> 'release' RETURNING 1),"
    " gone AS (UPDATE webhooks w SET active = false,"
    "  disabled_at = hl_now(),"
    "  disabled_reason = '接收方答复 410 Gone，已自动停用'"
    "  WHERE w.active AND w.id IN (SELECT u.webhook_id FROM upd u"
    "  WHERE u.outcome = 'gone') RETURNING w.id)"
    " SELECT (SELECT count(*) FROM upd), (SELECT count(*) FROM ins),"
    " (SELECT count(*) FROM gone)";

/* Write the batch of results; kept for the next round when the database
 * cannot take it now (the leases outlast a short outage). */
static void
record(struct worker *w, struct hl_db_conn *db)
{
	struct hl_buf arr = { 0 };
	struct hl_err err = { 0 };
	const char *params[1];
	struct hl_db_res *r;

	if (w->n_results == 0)
		return;
	hl_buf_putc(&arr, '[');
	hl_buf_append(&arr, w->results.p, w->results.len);
	hl_buf_putc(&arr, ']');
	params[0] = arr.p;
	r = hl_db_exec(db, SQL_RECORD, 1, params, &err);
	hl_buf_release(&arr);
	if (r == NULL) {
		hl_log(HL_LOG_WARN, "notify: cannot record %zu result(s): %s",
		    w->n_results, err.msg);
		return;
	}
	if (hl_db_get_i64(r, 0, 2) > 0)
		hl_log(HL_LOG_WARN,
		    "notify: %" PRId64 " webhook(s) disabled after 410 Gone",
		    hl_db_get_i64(r, 0, 2));
	hl_db_res_free(r);
	hl_buf_reset(&w->results);
	w->n_results = 0;
}

/* ---- claims ---- */

/* What both claims answer, per row, from the CTE "upd" of claimed rows. */
#define SQL_CLAIM_COLUMNS                                                      \
	" SELECT u.id, u.next_attempt_at::text, u.attempts, u.tries_base,"     \
	" u.webhook_id, w.url, w.format, w.secret, u.event_type, nt.label,"    \
	" u.payload::text, u.idempotency_key::text,"                           \
	" to_json(u.created_at) #>> '{}'"                                      \
	" FROM upd u JOIN webhooks w ON w.id = u.webhook_id"                   \
	" LEFT JOIN notification_types nt ON nt.name = u.event_type"

enum {
	C_ID,
	C_CLAIM,
	C_ATTEMPTS,
	C_TRIES_BASE,
	C_WEBHOOK,
	C_URL,
	C_FORMAT,
	C_SECRET,
	C_TYPE,
	C_LABEL,
	C_PAYLOAD,
	C_MSG_ID,
	C_CREATED
};

/*
 * $1 lease in ms, $2 rows at most: due rows of generic webhooks.  The
 * webhook is a per-row filter, not a join, so that the plan is always a
 * walk of outbox_due_idx in order that stops at the limit: after a quiet
 * spell the statistics say the outbox is empty, and a join would read and
 * sort every due row of a burst (10 000 of them: 200 ms per claim).
 */
static const char SQL_CLAIM_GENERIC[] =
    "WITH due AS (SELECT o.id FROM outbox o"
    "  WHERE o.state = 'pending' AND o.next_attempt_at <= hl_now()"
    "  AND (SELECT w.active AND w.format = 'generic' FROM webhooks w"
    "   WHERE w.id = o.webhook_id)"
    "  ORDER BY o.next_attempt_at, o.id LIMIT $2::int"
    "  FOR UPDATE OF o SKIP LOCKED),"
    " upd AS (UPDATE outbox o SET next_attempt_at = hl_now()"
    "  + $1::bigint * interval '1 millisecond' FROM due WHERE o.id = due.id"
    "  RETURNING o.*)" SQL_CLAIM_COLUMNS " ORDER BY u.id";

/* Every robot address an active webhook posts to has a send slot;
 * answers how many active robot webhooks there are. */
static const char SQL_SLOTS[] =
    "WITH ins AS (INSERT INTO robot_slots (url) SELECT DISTINCT w.url"
    "  FROM webhooks w WHERE w.active AND w.format <> 'generic'"
    "  AND NOT EXISTS (SELECT 1 FROM robot_slots s WHERE s.url = w.url)"
    "  ON CONFLICT DO NOTHING RETURNING 1)"
    " SELECT count(*) FROM webhooks w"
    " WHERE w.active AND w.format <> 'generic'";

/*
 * $1 lease in ms, $2 robot spacing in ms, $3 robots at most, $4 events
 * per digest at most.  Robots whose slot is open and that have due rows
 * (slot locked SKIP LOCKED: one server per robot); per robot the webhook
 * with the oldest due row; its due rows, oldest first; the slot moves on.
 */
static const char SQL_CLAIM_ROBOTS[] =
    "WITH free AS (SELECT s.url FROM robot_slots s"
    "  WHERE s.next_send_at <= hl_now() AND EXISTS (SELECT 1 FROM webhooks w"
    "   JOIN outbox o ON o.webhook_id = w.id WHERE w.url = s.url"
    "   AND w.active AND w.format <> 'generic' AND o.state = 'pending'"
    "   AND o.next_attempt_at <= hl_now())"
    "  ORDER BY s.next_send_at LIMIT $3::int FOR UPDATE SKIP LOCKED),"
    " pick AS (SELECT DISTINCT ON (f.url) f.url, w.id AS webhook_id"
    "  FROM free f JOIN webhooks w ON w.url = f.url AND w.active"
    "  AND w.format <> 'generic' JOIN outbox o ON o.webhook_id = w.id"
    "  AND o.state = 'pending' AND o.next_attempt_at <= hl_now()"
    "  ORDER BY f.url, o.next_attempt_at, o.id),"
    " rows AS (SELECT x.id FROM pick p CROSS JOIN LATERAL (SELECT o.id"
    "  FROM outbox o WHERE o.webhook_id = p.webhook_id"
    "  AND o.state = 'pending' AND o.next_attempt_at <= hl_now()"
    "  ORDER BY o.next_attempt_at, o.id LIMIT $4::int"
    "  FOR UPDATE SKIP LOCKED) x),"
    " slot AS (UPDATE robot_slots s SET next_send_at = hl_now()"
    "  + $2::bigint * interval '1 millisecond' FROM pick p"
    "  WHERE s.url = p.url RETURNING 1),"
    " upd AS (UPDATE outbox o SET next_attempt_at = hl_now()"
    "  + $1::bigint * interval '1 millisecond' FROM rows r WHERE o.id = r.id"
    "  RETURNING o.*)" SQL_CLAIM_COLUMNS
    " ORDER BY u.webhook_id, u.next_attempt_at, u.id";

/* A claimed row of result r. */
static void
row_of(const struct hl_db_res *r, int i, struct row *out)
{
	out->id = hl_db_get_i64(r, i, C_ID);
	snprintf(out->claim, sizeof(out->claim), "%s",
	    hl_db_get(r, i, C_CLAIM));
	out->attempts = hl_db_get_i64(r, i, C_ATTEMPTS);
	out->tries_base = hl_db_get_i64(r, i, C_TRIES_BASE);
}

static void
event_of(const struct hl_db_res *r, int i, struct hl_notify_event *ev)
{
	ev->event_type = hl_db_get(r, i, C_TYPE);
	ev->label =
	    hl_db_isnull(r, i, C_LABEL) ? NULL : hl_db_get(r, i, C_LABEL);
	ev->payload = hl_db_get(r, i, C_PAYLOAD);
	ev->msg_id = hl_db_get(r, i, C_MSG_ID);
	ev->created_at = hl_db_get(r, i, C_CREATED);
}

static void
start(struct worker *w, struct xfer *x)
{
	xfer_setup(x);
	x->start_us = hl_log_now_us();
	x->next = w->inflight;
	w->inflight = x;
	w->n_inflight++;
	curl_multi_add_handle(multi_, x->easy);
}

/* A generic post for row i of r: one event, signed. */
static void
start_generic(struct worker *w, const struct hl_db_res *r, int i)
{
	struct xfer *x = hl_xcalloc(1, sizeof(*x));
	struct hl_notify_event ev;
	char sig[HL_NOTIFY_FMT_SIG_LEN];
	char ts[24];
	int64_t now = (int64_t)time(NULL);

	x->format = HL_NOTIFY_GENERIC;
	x->rows = hl_xcalloc(1, sizeof(*x->rows));
	x->n_rows = 1;
	row_of(r, i, &x->rows[0]);
	event_of(r, i, &ev);
	hl_buf_puts(&x->url, hl_db_get(r, i, C_URL));
	hl_notify_fmt_generic(&ev, conf_->public_url, &x->body);
	snprintf(ts, sizeof(ts), "%" PRId64, now);
	add_header(x, "webhook-id", ev.msg_id);
	add_header(x, "webhook-timestamp", ts);
	if (!hl_db_isnull(r, i, C_SECRET) &&
	    hl_notify_fmt_sign(hl_db_get(r, i, C_SECRET), ev.msg_id, now,
	        x->body.p, x->body.len, sig) == 0)
		add_header(x, "webhook-signature", sig);
	start(w, x);
}

/* A robot post for rows [from, to) of r (one webhook): one message or a
 * digest; rows the digest has no room for are released. */
static void
start_robot(struct worker *w, const struct hl_db_res *r, int from, int to)
{
	struct xfer *x = hl_xcalloc(1, sizeof(*x));
	size_t n = (size_t)(to - from);
	struct hl_notify_event *ev = hl_xcalloc(n, sizeof(*ev));
	struct row *rows = hl_xcalloc(n, sizeof(*rows));
	struct timespec now;
	size_t used;
	size_t i;

	for (i = 0; i < n; i++) {
		event_of(r, from + (int)i, &ev[i]);
		row_of(r, from + (int)i, &rows[i]);
	}
	if (hl_notify_fmt_parse(hl_db_get(r, from, C_FORMAT), &x->format) == -1)
		HL_BUG("notify: unknown webhook format in the database");
	hl_notify_fmt_robot(x->format, ev, n, conf_->public_url, &x->body,
	    &used);
	if (x->format == HL_NOTIFY_DINGTALK &&
	    !hl_db_isnull(r, from, C_SECRET)) {
		clock_gettime(CLOCK_REALTIME, &now);
		hl_notify_fmt_dingtalk_url(hl_db_get(r, from, C_URL),
		    hl_db_get(r, from, C_SECRET),
		    (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000,
		    &x->url);
	} else {
		hl_buf_puts(&x->url, hl_db_get(r, from, C_URL));
	}
	release_rows(w, rows + used, n - used);
	x->rows = rows;
	x->n_rows = used;
	free(ev);
	start(w, x);
}

/*
 * A backlog just appeared (a claim filled every slot).  After a quiet
 * spell the planner's statistics, which autovacuum refreshes at most once
 * a minute, say no row is pending, and the plans of the record and claim
 * statements then read every pending row each time: 10 000 queued events
 * made each statement take 200 ms.  So the worker refreshes them itself,
 * at most every STATS_EVERY_US, through a function that runs as the
 * table's owner (the server's role may not ANALYZE: 0016); where that
 * fails, it says so once and leaves it to autovacuum.
 */
static const char SQL_ANALYZE[] = "SELECT hl_analyze_outbox()";

static void
fresh_statistics(struct worker *w, struct hl_db_conn *db)
{
	struct hl_err err = { 0 };

	if (w->analyze_off ||
	    (w->analyzed_at_us != 0 &&
	        hl_log_now_us() - w->analyzed_at_us < STATS_EVERY_US))
		return;
	w->analyzed_at_us = hl_log_now_us();
	if (hl_db_exec_script(db, SQL_ANALYZE, &err) == -1) {
		hl_log(HL_LOG_INFO, "notify: cannot analyze the outbox: %s",
		    err.msg);
		w->analyze_off = true;
	}
}

/*
 * Claim what is due, as free slots allow, and start the posts.  Each
 * claim is one statement, atomic on its own: its rows are leased when it
 * returns, so no transaction needs to span both.  Returns true when the
 * generic claim filled every slot it could: more may be due now.
 */
static bool
claim(struct worker *w, struct hl_db_conn *db)
{
	int64_t free_slots = conf_->notify_concurrency - (int64_t)w->n_inflight;
	int64_t lease = 2 * conf_->notify_timeout_s * 1000 + 5000;
	/* A post reaches the robot a few milliseconds after its claim;
	 * the margin keeps rate + 1 posts from landing in one window. */
	int64_t spacing = (conf_->notify_robot_window_s * 1000 +
	                      conf_->notify_robot_rate - 1) /
	        conf_->notify_robot_rate +
	    100;
	struct hl_db_res *r = NULL;
	struct hl_err err = { 0 };
	char p1[24];
	char p2[24];
	char p3[24];
	char p4[24];
	const char *params[4] = { p1, p2, p3, p4 };
	bool more = false;
	int i;
	int j;

	if (free_slots <= 0)
		return false;
	/* New robot addresses get their slot once a second at most; the
	 * robot claim is skipped while there is no robot at all. */
	if (hl_log_now_us() - w->slots_at_us >= 1000000u) {
		if ((r = hl_db_exec(db, SQL_SLOTS, 0, NULL, &err)) == NULL)
			goto fail;
		w->n_robots = hl_db_get_i64(r, 0, 0);
		hl_db_res_free(r);
		w->slots_at_us = hl_log_now_us();
	}
	snprintf(p1, sizeof(p1), "%" PRId64, lease);
	snprintf(p2, sizeof(p2), "%" PRId64, spacing);
	snprintf(p3, sizeof(p3), "%" PRId64, free_slots);
	snprintf(p4, sizeof(p4), "%d", FOLD_MAX);
	if (w->n_robots > 0) {
		r = hl_db_exec(db, SQL_CLAIM_ROBOTS, 4, params, &err);
		if (r == NULL)
			goto fail;
		/* Robot rows come grouped by webhook: one post per group. */
		for (i = 0; i < hl_db_nrows(r); i = j) {
			for (j = i + 1; j < hl_db_nrows(r) &&
			     hl_db_get_i64(r, j, C_WEBHOOK) ==
			         hl_db_get_i64(r, i, C_WEBHOOK);
			     j++)
				;
			start_robot(w, r, i, j);
			free_slots--;
		}
		hl_db_res_free(r);
	}
	if (free_slots <= 0)
		return false;
	snprintf(p2, sizeof(p2), "%" PRId64, free_slots);
	if ((r = hl_db_exec(db, SQL_CLAIM_GENERIC, 2, params, &err)) == NULL)
		goto fail;
	for (i = 0; i < hl_db_nrows(r); i++)
		start_generic(w, r, i);
	more = hl_db_nrows(r) >= free_slots;
	hl_db_res_free(r);
	if (more)
		fresh_statistics(w, db);
	return more;
fail:
	hl_log(HL_LOG_WARN, "notify: cannot claim: %s", err.msg);
	return false;
}

/* ---- the loop ---- */

/* Collect finished posts into results. */
static void
reap(struct worker *w)
{
	struct xfer **pp;
	struct xfer *x;
	void *priv;
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(multi_, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		x = priv;
		finish(w, x, m->data.result);
		curl_multi_remove_handle(multi_, x->easy);
		for (pp = &w->inflight; *pp != x; pp = &(*pp)->next)
			;
		*pp = x->next;
		w->n_inflight--;
		xfer_free(x);
	}
}

static bool
stopping(void)
{
	bool s;

	pthread_mutex_lock(&lock_);
	s = stop_;
	pthread_mutex_unlock(&lock_);
	return s;
}

/* On stop: what is still in flight after the grace goes back to the
 * outbox untried (its receiver may still see it: at least once). */
static void
drain(struct worker *w, struct hl_db_conn *db)
{
	uint64_t until = hl_log_now_us() + (uint64_t)STOP_GRACE_MS * 1000;
	struct xfer *x;
	int running;

	while (w->n_inflight > 0 && hl_log_now_us() < until) {
		curl_multi_perform(multi_, &running);
		reap(w);
		if (w->n_inflight > 0)
			curl_multi_poll(multi_, NULL, 0, 100, NULL);
	}
	while ((x = w->inflight) != NULL) {
		w->inflight = x->next;
		w->n_inflight--;
		release_rows(w, x->rows, x->n_rows);
		curl_multi_remove_handle(multi_, x->easy);
		xfer_free(x);
	}
	if (db != NULL)
		record(w, db);
}

/*
 * Work comes in batches, so that one statement records or claims many
 * posts: results are written once half the slots' worth waits, nothing
 * is in flight any more, or the oldest has waited BATCH_WAIT_US; a claim
 * is made once half the slots are free, or all of them.
 */
static bool
record_now(const struct worker *w)
{
	int64_t half = (conf_->notify_concurrency + 1) / 2;

	return w->n_results > 0 &&
	    ((int64_t)w->n_results >= half || w->n_inflight == 0 ||
	        hl_log_now_us() - w->results_since_us >= BATCH_WAIT_US);
}

static bool
claim_now(const struct worker *w)
{
	int64_t half = (conf_->notify_concurrency + 1) / 2;
	int64_t free_slots = conf_->notify_concurrency - (int64_t)w->n_inflight;

	/* Results that cannot be written (the database is away) hold new
	 * claims back: their rows are leased, not lost. */
	return (int64_t)w->n_results < conf_->notify_concurrency &&
	    (w->n_inflight == 0 || free_slots >= half);
}

static void *
loop(void *arg)
{
	struct worker w;
	struct hl_db_conn *db = NULL;
	bool more;
	int running;
	int timeout;

	(void)arg;
	memset(&w, 0, sizeof(w));
	/* Requests come first: when the CPUs are busy, this thread (only
	 * it, on Linux) yields to the HTTP workers.  Notifications wait a
	 * little; nothing is lost. */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKER_NICE) ==
	    -1)
		hl_log(HL_LOG_INFO,
		    "notify: cannot lower the worker's priority");
	while (!stopping()) {
		struct hl_err err = { 0 };

		more = false;
		db = hl_db_thread(&err);
		if (db != NULL && record_now(&w))
			record(&w, db);
		if (db != NULL && claim_now(&w))
			more = claim(&w, db);
		curl_multi_perform(multi_, &running);
		reap(&w);
		/* Go round at once when more may be due; wake for results
		 * waiting to be written; else sleep until the network, the
		 * next poll or a stop. */
		timeout = (int)conf_->notify_poll_ms;
		if (more || (db != NULL && record_now(&w)))
			timeout = 0;
		else if (w.n_results > 0)
			timeout = (int)(BATCH_WAIT_US / 1000);
		curl_multi_poll(multi_, NULL, 0, timeout, NULL);
	}
	drain(&w, db);
	hl_buf_release(&w.results);
	return NULL;
}

void
hl_notify_start(void)
{
	if (conf_ == NULL)
		HL_BUG("notify: started before hl_notify_setup()");
	multi_ = curl_multi_init();
	if (multi_ == NULL) {
		hl_log(HL_LOG_ERR, "out of memory");
		abort();
	}
	/* One connection per receiver at most is plenty for robots; generic
	 * receivers get as many as posts in flight. */
	curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)conf_->notify_concurrency);
	stop_ = false;
	if (pthread_create(&thread_, NULL, loop, NULL) != 0) {
		hl_log(HL_LOG_ERR, "notify: cannot start the delivery thread");
		curl_multi_cleanup(multi_);
		multi_ = NULL;
		return;
	}
	running_ = true;
}

void
hl_notify_stop(void)
{
	if (!running_)
		return;
	pthread_mutex_lock(&lock_);
	stop_ = true;
	pthread_mutex_unlock(&lock_);
	curl_multi_wakeup(multi_);
	pthread_join(thread_, NULL);
	curl_multi_cleanup(multi_);
	multi_ = NULL;
	running_ = false;
}

/* ---- pruning ---- */

/* $1 days to keep delivered rows. */
static const char SQL_PRUNE[] =
    "WITH gone AS (DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
    "  WHERE state = 'delivered'"
    "  AND delivered_at < hl_now() - $1::int * interval '1 day'"
    "  ORDER BY delivered_at LIMIT 10000) RETURNING 1),"
    " slots AS (DELETE FROM robot_slots s WHERE NOT EXISTS (SELECT 1"
    "  FROM webhooks w WHERE w.url = s.url) RETURNING 1)"
    " SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM slots)";

int
hl_notify_job_prune(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	char days[24];
	const char *params[1] = { days };

	(void)arg;
	snprintf(days, sizeof(days), "%" PRId64,
	    conf_ != NULL ? conf_->notify_keep_days : 30);
	return hl_db_run(db, SQL_PRUNE, 1, params, err);
}
