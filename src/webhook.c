/*
 * Webhook rows, their delivery log and the admin's actions on them.
 * Input is checked here per field (the database's CHECKs and the event
 * type trigger are the last line); the URL goes through the SSRF guard
 * before any transaction starts, since resolving a name may take a while.
 * PostgreSQL builds every answer.
 */
#include "webhook.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "bulletin.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "notify.h"
#include "notify_fmt.h"
#include "str.h"

#define NAME_MAX_CHARS   100
#define URL_MAX_CHARS    2000
#define SECRET_MAX_CHARS 200

/* A webhook as the API shows it: no secret, query values masked, and
 * what its outbox holds. */
#define WEBHOOK_JSON                                                           \
	"json_build_object('id', w.id, 'name', w.name,"                        \
	" 'url', hl_url_mask(w.url), 'format', w.format,"                      \
	" 'has_secret', w.secret IS NOT NULL, 'event_types', w.event_types,"   \
	" 'chain_code', ch.code, 'chain_name', ch.name, 'active', w.active,"   \
	" 'disabled_at', w.disabled_at, 'disabled_reason', w.disabled_reason," \
	" 'created_at', w.created_at, 'updated_at', w.updated_at,"             \
	" 'stats', (SELECT json_build_object("                                 \
	"  'pending', count(*) FILTER (WHERE o.state = 'pending'"              \
	"   AND o.attempts = o.tries_base),"                                   \
	"  'failed', count(*) FILTER (WHERE o.state = 'pending'"               \
	"   AND o.attempts > o.tries_base),"                                   \
	"  'delivered', count(*) FILTER (WHERE o.state = 'delivered'),"        \
	"  'dead', count(*) FILTER (WHERE o.state = 'dead'))"                  \
	"  FROM outbox o WHERE o.webhook_id = w.id),"                          \
	" 'last_attempt', (SELECT json_build_object('at', d.at,"               \
	"  'http_status', d.http_status, 'error', d.error)"                    \
	"  FROM deliveries d WHERE d.webhook_id = w.id"                        \
	"  ORDER BY d.at DESC, d.id DESC LIMIT 1))"

#define WEBHOOK_FROM                                                           \
	" FROM webhooks w LEFT JOIN chains ch ON ch.id = w.chain_id"

/* A notification's status in the log: failed is pending after a try. */
#define LOG_STATUS                                                             \
	"CASE WHEN o.state = 'pending' AND o.attempts > o.tries_base"          \
	" THEN 'failed' ELSE o.state END"

/* One delivery log item of outbox row o (nt: its type). */
#define LOG_ITEM                                                               \
	"json_build_object('id', o.id, 'event_type', o.event_type,"            \
	" 'label', nt.label, 'title', o.payload ->> 'title',"                  \
	" 'status', " LOG_STATUS ", 'http_status', (SELECT d.http_status"      \
	"  FROM deliveries d WHERE d.outbox_id = o.id"                         \
	"  ORDER BY d.attempt DESC LIMIT 1),"                                  \
	" 'attempts', o.attempts, 'next_attempt_at', CASE WHEN"                \
	"  o.state = 'pending' THEN o.next_attempt_at END,"                    \
	" 'last_error', o.last_error, 'message_id', o.idempotency_key,"        \
	" 'created_at', o.created_at, 'delivered_at', o.delivered_at,"         \
	" 'tries', (SELECT coalesce(json_agg(json_build_object("               \
	"  'attempt', d.attempt, 'at', d.at, 'http_status', d.http_status,"    \
	"  'error', d.error, 'duration_ms', d.duration_ms,"                    \
	"  'digest_size', d.digest_size,"                                      \
	"  'response_excerpt', d.response_excerpt) ORDER BY d.attempt DESC),"  \
	"  '[]') FROM deliveries d WHERE d.outbox_id = o.id))"

static const char *const log_statuses[] = { "pending", "failed", "delivered",
	"dead", NULL };

/* ---- decoding ---- */

static void
fields_of(struct hl_webhook_in *in, bool change,
    struct hl_json_field f[HL_WEBHOOK_N_FIELDS])
{
	const struct hl_json_field t[HL_WEBHOOK_N_FIELDS] = {
		[HL_WEBHOOK_NAME] = { "name", HL_JSON_STRING, !change, false,
		    NAME_MAX_CHARS, &in->name, NULL },
		[HL_WEBHOOK_URL] = { "url", HL_JSON_STRING, !change, false,
		    URL_MAX_CHARS, &in->url, NULL },
		[HL_WEBHOOK_FORMAT] = { "format", HL_JSON_STRING, false, false,
		    20, &in->format, NULL },
		[HL_WEBHOOK_SECRET] = { "secret", HL_JSON_STRING, false, true,
		    SECRET_MAX_CHARS, &in->secret, NULL },
		[HL_WEBHOOK_EVENT_TYPES] = { "event_types", HL_JSON_STR_ARRAY,
		    false, false, 60, &in->event_types, NULL },
		[HL_WEBHOOK_CHAIN_CODE] = { "chain_code", HL_JSON_STRING, false,
		    true, 40, &in->chain_code, NULL },
		[HL_WEBHOOK_ACTIVE] = { "active", HL_JSON_BOOL, false, false, 0,
		    &in->active, NULL },
	};
	size_t i;

	for (i = 0; i < HL_WEBHOOK_N_FIELDS; i++) {
		f[i] = t[i];
		f[i].present = &in->present[i];
	}
}

/* The decoder takes a null for a nullable member as absent; here it
 * means "clear", so it counts as sent (its out stays NULL). */
static int
mark_null(const char *key, const struct hl_json *val, void *arg)
{
	struct hl_webhook_in *in = arg;

	if (hl_json_string(val) != NULL)
		return 0;
	if (strcmp(key, "secret") == 0)
		in->present[HL_WEBHOOK_SECRET] = true;
	else if (strcmp(key, "chain_code") == 0)
		in->present[HL_WEBHOOK_CHAIN_CODE] = true;
	return 0;
}

int
hl_webhook_decode(const struct hl_json *j, bool change,
    struct hl_webhook_in *in, struct hl_arena *arena, struct hl_err *err)
{
	struct hl_json_field f[HL_WEBHOOK_N_FIELDS];

	memset(in, 0, sizeof(*in));
	in->active = true;
	fields_of(in, change, f);
	if (hl_json_decode(j, f, HL_WEBHOOK_N_FIELDS, arena, err) == -1)
		return -1;
	hl_json_object_each(j, mark_null, in);
	return 0;
}

/* ---- checks ---- */

/* The checks that need neither the stored row nor the database. */
static void
check_fields(const struct hl_webhook_in *in, struct hl_err *err)
{
	enum hl_notify_format f;
	size_t i;
	size_t k;

	if (in->present[HL_WEBHOOK_NAME] && hl_str_blank_ascii(in->name))
		hl_err_field(err, "name", "请填写名称");
	if (in->present[HL_WEBHOOK_FORMAT] &&
	    hl_notify_fmt_parse(in->format, &f) == -1)
		hl_err_field(err, "format",
		    "格式应为 generic、wecom 或 dingtalk");
	if (in->present[HL_WEBHOOK_URL] &&
	    ((strncmp(in->url, "http://", 7) != 0 &&
	         strncmp(in->url, "https://", 8) != 0) ||
	        in->url[strcspn(in->url, " \t\r\n")] != '\0'))
		hl_err_field(err, "url",
		    "网址应以 http:// 或 https:// 开头，且不含空格");
	for (i = 0; i < in->event_types.n; i++)
		for (k = 0; k < i; k++)
			if (strcmp(in->event_types.v[i],
			        in->event_types.v[k]) == 0) {
				hl_err_field(err, "event_types",
				    "事件类型重复：%s", in->event_types.v[i]);
				return;
			}
}

/* The secret of a webhook in format f: given (secret, NULL for none),
 * or kept (has_stored).  *clear: drop the stored one. */
static void
check_secret(enum hl_notify_format f, bool given, const char *secret,
    bool has_stored, bool *clear, struct hl_err *err)
{
	*clear = false;
	switch (f) {
	case HL_NOTIFY_GENERIC:
		if ((given && secret == NULL) || (!given && !has_stored))
			hl_err_field(err, "secret",
			    "通用格式须设置签名密钥（whsec_ 加 24 到 64 字节随机数的 "
			    "base64）");
		else if (given && !hl_notify_fmt_secret_ok(secret))
			hl_err_field(err, "secret",
			    "签名密钥应为 whsec_ 加 24 到 64 字节随机数的 base64 "
			    "编码");
		return;
	case HL_NOTIFY_WECOM:
		if (given && secret != NULL)
			hl_err_field(err, "secret",
			    "企业微信机器人不使用密钥（密钥在网址的 key 参数中）");
		*clear = true;
		return;
	case HL_NOTIFY_DINGTALK:
		if (given && secret != NULL &&
		    (strncmp(secret, "SEC", 3) != 0 || secret[3] == '\0' ||
		        secret[strspn(secret,
		            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		            "0123456789")] != '\0'))
			hl_err_field(err, "secret",
			    "钉钉加签密钥应为机器人设置中以 SEC 开头的字符串");
		return;
	}
}

/* $1 chain code: its id, if it exists. */
static const char SQL_CHAIN[] = "SELECT id FROM chains WHERE code = $1";

/* The chain of code into id (24 bytes); 422 on chain_code if none. */
static int
chain_id(struct hl_ctx *ctx, const char *code, char id[24], struct hl_err *err)
{
	const char *params[1] = { code };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_CHAIN, 1, params, err);
	int rc = 0;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		rc = hl_err_field(err, "chain_code", "没有代码为 %s 的产业链",
		    code);
	else
		snprintf(id, 24, "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return rc;
}

/* ---- reading ---- */

/* $1 id. */
static const char SQL_GET[] =
    "SELECT " WEBHOOK_JSON WEBHOOK_FROM " WHERE w.id = $1::bigint";

int
hl_webhook_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char sid[24];
	const char *params[1] = { sid };

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	return hl_db_fetch_json(ctx->db, SQL_GET, 1, params, out, err);
}

/* $1 cursor, $2 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT w.id FROM webhooks w"
    " WHERE ($1::bigint = 0 OR w.id < $1::bigint)"
    " ORDER BY w.id DESC LIMIT $2::int + 1)," HL_DB_SQL_SHOWN(
        "$2") " SELECT json_build_object('items', (SELECT coalesce("
              "json_agg(" WEBHOOK_JSON
              " ORDER BY w.id DESC), '[]')" WEBHOOK_FROM
              " WHERE w.id IN (SELECT id FROM shown))," HL_DB_SQL_NEXT_CURSOR(
                  "$2") ")";

int
hl_webhook_list_json(struct hl_ctx *ctx, int64_t cursor, int64_t limit,
    struct hl_buf *out, struct hl_err *err)
{
	char c[24];
	char l[24];
	const char *params[2] = { c, l };

	snprintf(c, sizeof(c), "%" PRId64, cursor);
	snprintf(l, sizeof(l), "%" PRId64, limit);
	return hl_db_fetch_json(ctx->db, SQL_LIST, 2, params, out, err);
}

/* ---- writing ---- */

/* $1 name, $2 url, $3 format, $4 secret, $5 event types (JSON array),
 * $6 chain id or '', $7 active, $8 creator. */
static const char SQL_INSERT[] =
    "INSERT INTO webhooks (name, url, format, secret, event_types, chain_id,"
    " active, created_by) VALUES (btrim($1), $2, $3, $4, " HL_BULLETIN_SQL_TEXT_ARRAY(
        "$5") ","
              " NULLIF($6, '')::bigint, $7::boolean, NULLIF($8, '0')::bigint)"
              " RETURNING id";

/*
 * $1 id, then per member a flag "sent" and the value: $2/$3 name, $4/$5
 * url, $6/$7 format, $8/$9 secret, $10/$11 event types, $12/$13 chain id,
 * $14/$15 active; $16 drop the secret.
 */
static const char SQL_UPDATE[] =
    "UPDATE webhooks SET"
    " name = CASE WHEN $2::boolean THEN btrim($3) ELSE name END,"
    " url = CASE WHEN $4::boolean THEN $5 ELSE url END,"
    " format = CASE WHEN $6::boolean THEN $7 ELSE format END,"
    " secret = CASE WHEN $16::boolean THEN NULL"
    "  WHEN $8::boolean THEN $9 ELSE secret END,"
    " event_types = CASE WHEN $10::boolean"
    "  THEN " HL_BULLETIN_SQL_TEXT_ARRAY(
        "$11") " ELSE event_types END,"
               " chain_id = CASE WHEN $12::boolean THEN NULLIF($13, '')::bigint"
               "  ELSE chain_id END,"
               " active = CASE WHEN $14::boolean THEN $15::boolean ELSE active END,"
               " disabled_at = CASE WHEN $14::boolean AND $15::boolean THEN NULL"
               "  WHEN $14::boolean AND active AND NOT $15::boolean THEN hl_now()"
               "  ELSE disabled_at END,"
               " disabled_reason = CASE WHEN $14::boolean AND $15::boolean"
               "  THEN NULL WHEN $14::boolean AND active AND NOT $15::boolean"
               "  THEN '管理员停用' ELSE disabled_reason END"
               " WHERE id = $1::bigint";

/* $1 id: the row a change starts from, locked. */
static const char SQL_LOCK[] =
    "SELECT format, secret IS NOT NULL FROM webhooks WHERE id = $1::bigint"
    " FOR UPDATE";

/* The audit image: the answer without its counters. */
static const char SQL_AUDIT_ROW[] =
    "SELECT json_build_object('name', w.name, 'url', hl_url_mask(w.url),"
    " 'format', w.format, 'has_secret', w.secret IS NOT NULL,"
    " 'event_types', w.event_types, 'chain_id', w.chain_id,"
    " 'active', w.active)::text FROM webhooks w WHERE w.id = $1::bigint";

struct write_tx {
	struct hl_ctx *ctx;
	const struct hl_webhook_in *in;
	int64_t id; /* 0: create */
	struct hl_buf *out;
	size_t out_len;
};

static int
audit_row(struct hl_ctx *ctx, const char *sid, const char **json,
    struct hl_err *err)
{
	const char *params[1] = { sid };
	struct hl_db_res *r =
	    hl_db_exec(ctx->db, SQL_AUDIT_ROW, 1, params, err);

	if (r == NULL)
		return -1;
	*json = hl_db_nrows(r) == 1
	    ? hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0))
	    : NULL;
	hl_db_res_free(r);
	return 0;
}

/* The stored format and whether a secret is stored, of the row locked
 * for a change; 404 when there is none. */
static int
lock_row(struct hl_ctx *ctx, const char *sid, enum hl_notify_format *f,
    bool *has_secret, struct hl_err *err)
{
	const char *params[1] = { sid };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_LOCK, 1, params, err);
	int rc = 0;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		rc = hl_err_not_found(err);
	else if (hl_notify_fmt_parse(hl_db_get(r, 0, 0), f) == -1)
		HL_BUG("webhook: unknown format in the database");
	else
		*has_secret = hl_db_get_bool(r, 0, 1);
	hl_db_res_free(r);
	return rc;
}

static int
insert(struct write_tx *wt, const char *chain, const char *types, char sid[24],
    struct hl_err *err)
{
	const struct hl_webhook_in *in = wt->in;
	char uid[24];
	const char *p[8];
	struct hl_db_res *r;

	snprintf(uid, sizeof(uid), "%" PRId64, wt->ctx->user_id);
	p[0] = in->name;
	p[1] = in->url;
	p[2] = in->present[HL_WEBHOOK_FORMAT] ? in->format : "generic";
	p[3] = in->secret;
	p[4] = types;
	p[5] = chain;
	p[6] = in->active ? "true" : "false";
	p[7] = uid;
	r = hl_db_exec(wt->ctx->db, SQL_INSERT, 8, p, err);
	if (r == NULL)
		return -1;
	snprintf(sid, 24, "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return 0;
}

static int
update(struct write_tx *wt, const char *chain, const char *types,
    bool clear_secret, const char *sid, struct hl_err *err)
{
	const struct hl_webhook_in *in = wt->in;
	const bool *sent = in->present;
	const char *p[16];

	p[0] = sid;
	p[1] = sent[HL_WEBHOOK_NAME] ? "true" : "false";
	p[2] = in->name;
	p[3] = sent[HL_WEBHOOK_URL] ? "true" : "false";
	p[4] = in->url;
	p[5] = sent[HL_WEBHOOK_FORMAT] ? "true" : "false";
	p[6] = in->format;
	p[7] = sent[HL_WEBHOOK_SECRET] ? "true" : "false";
	p[8] = in->secret;
	p[9] = sent[HL_WEBHOOK_EVENT_TYPES] ? "true" : "false";
	p[10] = types;
	p[11] = sent[HL_WEBHOOK_CHAIN_CODE] ? "true" : "false";
	p[12] = chain;
	p[13] = sent[HL_WEBHOOK_ACTIVE] ? "true" : "false";
	p[14] = in->active ? "true" : "false";
	p[15] = clear_secret && !(sent[HL_WEBHOOK_SECRET] && in->secret != NULL)
	    ? "true"
	    : "false";
	return hl_db_run(wt->ctx->db, SQL_UPDATE, 16, p, err);
}

static int
write_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct write_tx *wt = arg;
	const struct hl_webhook_in *in = wt->in;
	struct hl_buf types = { 0 };
	enum hl_notify_format f = HL_NOTIFY_GENERIC;
	bool has_secret = false;
	bool clear = false;
	const char *before = NULL;
	const char *after = NULL;
	char chain[24] = "";
	char sid[24];
	int rc = -1;

	(void)db;
	hl_buf_cut(wt->out, wt->out_len);
	snprintf(sid, sizeof(sid), "%" PRId64, wt->id);
	if (wt->id != 0 &&
	    (lock_row(wt->ctx, sid, &f, &has_secret, err) == -1 ||
	        audit_row(wt->ctx, sid, &before, err) == -1))
		goto out;
	if (in->present[HL_WEBHOOK_FORMAT])
		hl_notify_fmt_parse(in->format, &f);
	check_secret(f, in->present[HL_WEBHOOK_SECRET], in->secret, has_secret,
	    &clear, err);
	/* A missing chain is one more 422 beside the secret's; anything
	 * else (the database) ends here. */
	if (in->present[HL_WEBHOOK_CHAIN_CODE] && in->chain_code != NULL &&
	    chain_id(wt->ctx, in->chain_code, chain, err) == -1 &&
	    err->status != 422)
		goto out;
	if (hl_err_is_set(err))
		goto out;
	hl_bulletin_json_strv(&in->event_types, &types);
	if ((wt->id == 0 ? insert(wt, chain, hl_buf_cstr(&types), sid, err)
	                 : update(wt, chain, hl_buf_cstr(&types), clear, sid,
	                       err)) == -1 ||
	    audit_row(wt->ctx, sid, &after, err) == -1 ||
	    hl_audit_add(wt->ctx,
	        wt->id == 0 ? "webhook.create" : "webhook.update", "webhook",
	        sid, before, after, err) == -1 ||
	    hl_webhook_get_json(wt->ctx, strtoll(sid, NULL, 10), wt->out,
	        err) == -1)
		goto out;
	rc = 0;
out:
	hl_buf_release(&types);
	return rc;
}

static int
write_webhook(struct hl_ctx *ctx, int64_t id, const struct hl_webhook_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	struct write_tx wt = { ctx, in, id, out, out->len };

	check_fields(in, err);
	/* The guard may resolve a name: outside the transaction. */
	if (!hl_err_is_set(err) && in->present[HL_WEBHOOK_URL])
		hl_notify_url_check(in->url, err);
	if (hl_err_is_set(err))
		return -1;
	if (hl_db_tx_run(ctx->db, write_tx, &wt, err) == -1) {
		hl_buf_cut(out, wt.out_len);
		return -1;
	}
	return 0;
}

int
hl_webhook_create(struct hl_ctx *ctx, const struct hl_webhook_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	return write_webhook(ctx, 0, in, out, err);
}

int
hl_webhook_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_webhook_in *in, struct hl_buf *out, struct hl_err *err)
{
	return write_webhook(ctx, id, in, out, err);
}

/* $1 id: the audit image of the deleted row. */
static const char SQL_DELETE[] =
    "WITH d AS (DELETE FROM webhooks w WHERE w.id = $1::bigint"
    "  RETURNING w.*)"
    " SELECT json_build_object('name', d.name, 'url', hl_url_mask(d.url),"
    " 'format', d.format, 'active', d.active)::text FROM d";

struct delete_tx {
	struct hl_ctx *ctx;
	const char *sid;
};

static int
delete_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct delete_tx *dt = arg;
	const char *params[1] = { dt->sid };
	struct hl_db_res *r = hl_db_exec(db, SQL_DELETE, 1, params, err);
	int rc;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		rc = hl_err_not_found(err);
	else
		rc = hl_audit_add(dt->ctx, "webhook.delete", "webhook", dt->sid,
		    hl_db_get(r, 0, 0), NULL, err);
	hl_db_res_free(r);
	return rc;
}

int
hl_webhook_delete(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char sid[24];
	struct delete_tx dt = { ctx, sid };

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	return hl_db_tx_run(ctx->db, delete_tx, &dt, err);
}

/* ---- the delivery log ---- */

/* $1 webhook, $2 status or '', $3 cursor, $4 limit.  The outer FROM
 * makes an unknown webhook answer nothing (404). */
static const char SQL_LOG[] =
    "WITH page AS (SELECT o.id FROM outbox o WHERE o.webhook_id = $1::bigint"
    "  AND ($2 = '' OR " LOG_STATUS " = $2)"
    "  AND ($3::bigint = 0 OR o.id < $3::bigint)"
    "  ORDER BY o.id DESC LIMIT $4::int + 1)," HL_DB_SQL_SHOWN(
        "$4") " SELECT json_build_object('items', (SELECT coalesce("
              "json_agg(" LOG_ITEM " ORDER BY o.id DESC), '[]') FROM outbox o"
              " LEFT JOIN notification_types nt ON nt.name = o.event_type"
              " WHERE o.id IN (SELECT id FROM shown))," HL_DB_SQL_NEXT_CURSOR(
                  "$4") ") FROM webhooks w WHERE w.id = $1::bigint";

int
hl_webhook_log_json(struct hl_ctx *ctx, int64_t id,
    const struct hl_webhook_log_filter *f, struct hl_buf *out,
    struct hl_err *err)
{
	char sid[24];
	char c[24];
	char l[24];
	const char *params[4] = { sid, f->status != NULL ? f->status : "", c,
		l };
	size_t i;

	for (i = 0; f->status != NULL && log_statuses[i] != NULL; i++)
		if (strcmp(f->status, log_statuses[i]) == 0)
			break;
	if (f->status != NULL && log_statuses[i] == NULL)
		return hl_err_field(err, "status",
		    "状态应为 pending、failed、delivered 或 dead");
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	snprintf(c, sizeof(c), "%" PRId64, f->cursor);
	snprintf(l, sizeof(l), "%" PRId64, f->limit);
	return hl_db_fetch_json(ctx->db, SQL_LOG, 4, params, out, err);
}

/* $1 outbox row: as a log item. */
static const char SQL_LOG_ONE[] =
    "SELECT " LOG_ITEM " FROM outbox o"
    " LEFT JOIN notification_types nt ON nt.name = o.event_type"
    " WHERE o.id = $1::bigint";

/* $1 webhook, $2 who asks: a test notification for it alone, or no row
 * when the webhook is disabled; none at all when there is no webhook. */
static const char SQL_TEST[] =
    "WITH w AS (SELECT * FROM webhooks WHERE id = $1::bigint FOR SHARE),"
    " ins AS (INSERT INTO outbox (webhook_id, event_type, chain_id, payload)"
    "  SELECT w.id, 'webhook.test', w.chain_id, jsonb_build_object("
    "  'webhook_id', w.id, 'webhook_name', w.name,"
    "  'title', '红链测试消息：' || w.name || ' 已连通',"
    "  'link', '/desk/webhooks/' || w.id, 'sent_by', $2::text)"
    "  FROM w WHERE w.active RETURNING id)"
    " SELECT (SELECT id FROM ins) FROM w";

/* $1 webhook, $2 outbox row: dead -> pending with fresh tries. */
static const char SQL_RESEND[] =
    "WITH o AS (SELECT o.id, o.state, w.active FROM outbox o"
    "  JOIN webhooks w ON w.id = o.webhook_id"
    "  WHERE o.id = $2::bigint AND o.webhook_id = $1::bigint"
    "  FOR UPDATE OF o),"
    " upd AS (UPDATE outbox x SET state = 'pending', tries_base = x.attempts,"
    "  next_attempt_at = hl_now() FROM o"
    "  WHERE x.id = o.id AND o.state = 'dead' AND o.active RETURNING x.id)"
    " SELECT o.state, o.active, (SELECT id FROM upd) FROM o";

struct act_tx {
	struct hl_ctx *ctx;
	int64_t id;
	int64_t nid; /* resend: the outbox row */
	struct hl_buf *out;
	size_t out_len;
};

static int
test_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct act_tx *at = arg;
	char sid[24];
	char nid[24];
	const char *params[2] = { sid, at->ctx->login };
	struct hl_db_res *r;

	hl_buf_cut(at->out, at->out_len);
	snprintf(sid, sizeof(sid), "%" PRId64, at->id);
	if ((r = hl_db_exec(db, SQL_TEST, 2, params, err)) == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	if (hl_db_isnull(r, 0, 0)) {
		hl_db_res_free(r);
		return hl_err_set(err, 409, "conflict",
		    "此 Webhook 已停用，启用后才能发送测试消息");
	}
	snprintf(nid, sizeof(nid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	params[0] = nid;
	if (hl_audit_add(at->ctx, "webhook.test", "webhook", sid, NULL, NULL,
	        err) == -1)
		return -1;
	return hl_db_fetch_json(db, SQL_LOG_ONE, 1, params, at->out, err);
}

int
hl_webhook_test(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	struct act_tx at = { ctx, id, 0, out, out->len };

	if (hl_db_tx_run(ctx->db, test_tx, &at, err) == -1) {
		hl_buf_cut(out, at.out_len);
		return -1;
	}
	return 0;
}

static int
resend_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct act_tx *at = arg;
	char sid[24];
	char nid[24];
	const char *params[2] = { sid, nid };
	struct hl_db_res *r;
	int rc = -1;

	hl_buf_cut(at->out, at->out_len);
	snprintf(sid, sizeof(sid), "%" PRId64, at->id);
	snprintf(nid, sizeof(nid), "%" PRId64, at->nid);
	if ((r = hl_db_exec(db, SQL_RESEND, 2, params, err)) == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		hl_err_not_found(err);
	else if (strcmp(hl_db_get(r, 0, 0), "dead") != 0)
		hl_err_set(err, 409, "conflict",
		    "只有已放弃（dead）的通知可以重新发送");
	else if (!hl_db_get_bool(r, 0, 1))
		hl_err_set(err, 409, "conflict",
		    "此 Webhook 已停用，启用后才能重新发送");
	else
		rc = 0;
	hl_db_res_free(r);
	if (rc == -1)
		return -1;
	if (hl_audit_add(at->ctx, "webhook.resend", "outbox", nid, NULL, NULL,
	        err) == -1)
		return -1;
	params[0] = nid;
	return hl_db_fetch_json(db, SQL_LOG_ONE, 1, params, at->out, err);
}

int
hl_webhook_resend(struct hl_ctx *ctx, int64_t id, int64_t nid,
    struct hl_buf *out, struct hl_err *err)
{
	struct act_tx at = { ctx, id, nid, out, out->len };

	if (hl_db_tx_run(ctx->db, resend_tx, &at, err) == -1) {
		hl_buf_cut(out, at.out_len);
		return -1;
	}
	return 0;
}

static const char SQL_TYPES[] =
    "SELECT json_build_object('items', coalesce(json_agg(json_build_object("
    " 'name', n.name, 'label', n.label) ORDER BY n.sort_order, n.name),"
    " '[]')) FROM notification_types n";

int
hl_webhook_types_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_TYPES, 0, NULL, out, err);
}
