/*
 * Intake from other systems.  Checking a batch is one query over the
 * items as a JSON array (replays, enterprises, chains, districts); filing
 * is one transaction under an advisory lock on the source, so that two
 * filings of one number cannot both pass the replay check.  The cases
 * themselves come from hl_case_create_many(), one call per chain and
 * channel, so an outside case is numbered, audited and notified exactly
 * as one recorded at a visit.
 */
#include "intake.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

/* Characters of a title made from the description. */
#define TITLE_FROM_DESCRIPTION_CHARS 30

static const char *const source_channels[] = { "phone", "hotline", "platform",
	NULL };

/* ---- sources ---- */

#define SOURCE_COLS "s.id, s.code, s.name, s.channel, s.mapping::text"

static const char SQL_SOURCE_OF_USER[] =
    "SELECT " SOURCE_COLS " FROM intake_sources s WHERE s.user_id = $1";
static const char SQL_SOURCE_BY_CODE[] =
    "SELECT " SOURCE_COLS " FROM intake_sources s WHERE s.code = $1";

static int
load_source(struct hl_ctx *ctx, const char *sql, const char *param,
    struct hl_intake_source *s, struct hl_err *err)
{
	const char *params[1] = { param };
	struct hl_db_res *r = hl_db_exec(ctx->db, sql, 1, params, err);
	int n;

	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	if (n == 1) {
		s->id = hl_db_get_i64(r, 0, 0);
		s->code = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 1));
		s->name = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 2));
		s->channel = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 3));
		s->mapping_json =
		    hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 4));
	}
	hl_db_res_free(r);
	return n == 1 ? 0 : 1;
}

int
hl_intake_source_of_caller(struct hl_ctx *ctx, struct hl_intake_source *s,
    struct hl_err *err)
{
	char uid[24];
	int rc;

	hl_i64_text(ctx->user_id, uid);
	rc = load_source(ctx, SQL_SOURCE_OF_USER, uid, s, err);
	if (rc == 1)
		return hl_err_set(err, 403, "forbidden",
		    "该系统接入账号尚未绑定诉求来源，请管理员在“诉求来源”中绑定");
	return rc;
}

int
hl_intake_source_get(struct hl_ctx *ctx, const char *code,
    struct hl_intake_source *s, struct hl_err *err)
{
	int rc = load_source(ctx, SQL_SOURCE_BY_CODE, code, s, err);

	return rc == 1 ? hl_err_not_found(err) : rc;
}

#define SOURCE_FIELDS                                                          \
	"'id', s.id, 'code', s.code, 'name', s.name, 'channel', s.channel,"    \
	" 'user', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object("    \
	"  'id', u.id, 'login', u.login, 'name', u.name) END,"                 \
	" 'webhook_id', s.webhook_id, 'mapping', s.mapping,"                   \
	" 'n_cases', (SELECT count(*) FROM case_intake i"                      \
	"  WHERE i.source_id = s.id), 'updated_at', s.updated_at"

static const char SQL_SOURCES[] =
    "SELECT coalesce(json_agg(json_build_object(" SOURCE_FIELDS
    ") ORDER BY s.id), '[]') FROM intake_sources s"
    " LEFT JOIN users u ON u.id = s.user_id";

int
hl_intake_sources_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_SOURCES, 0, NULL, out, err);
}

static const char SQL_SOURCE_ONE[] =
    "SELECT json_build_object(" SOURCE_FIELDS ")::text FROM intake_sources s"
    " LEFT JOIN users u ON u.id = s.user_id"
    " WHERE s.code = $1";

static const char SQL_SOURCE_LOCK[] =
    "SELECT id FROM intake_sources WHERE code = $1 FOR UPDATE";

/* $1 code, $2 name, $3 channel, $4 user ('' unchanged, '0' none), $5
 * webhook (the same), $6 mapping (NULL unchanged). */
static const char SQL_SOURCE_UPDATE[] =
    "UPDATE intake_sources SET name = coalesce(btrim($2), name),"
    " channel = coalesce($3, channel),"
    " user_id = CASE $4 WHEN '' THEN user_id ELSE NULLIF($4, '0')::bigint END,"
    " webhook_id = CASE $5 WHEN '' THEN webhook_id"
    "  ELSE NULLIF($5, '0')::bigint END,"
    " mapping = coalesce($6::jsonb, mapping) WHERE code = $1";

struct source_tx {
	struct hl_ctx *ctx;
	const char *code;
	const struct hl_intake_source_change *in;
	struct hl_buf *out;
	size_t out_len;
};

static int
source_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct source_tx *t = arg;
	const struct hl_intake_source_change *in = t->in;
	struct hl_buf before = { 0 };
	char user[24] = "";
	char hook[24] = "";
	const char *params[6];
	struct hl_db_res *r;
	int n;
	int rc = -1;

	t->out->len = t->out_len;
	params[0] = t->code;
	r = hl_db_exec(db, SQL_SOURCE_LOCK, 1, params, err);
	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	hl_db_res_free(r);
	if (n == 0)
		return hl_err_not_found(err);
	if (hl_db_fetch_json(db, SQL_SOURCE_ONE, 1, params, &before, err) == -1)
		goto out;
	if (in->has_user_id)
		hl_i64_text(in->user_id, user);
	if (in->has_webhook_id)
		hl_i64_text(in->webhook_id, hook);
	params[1] = in->name;
	params[2] = in->channel;
	params[3] = user;
	params[4] = hook;
	params[5] = in->mapping_json;
	if (hl_db_run(db, SQL_SOURCE_UPDATE, 6, params, err) == -1) {
		/* Another source's account or webhook: the unique index. */
		if (err->status == 409) {
			hl_err_clear(err);
			hl_err_field(err,
			    in->has_user_id ? "user_id" : "webhook_id",
			    "已绑定到另一个诉求来源");
		}
		goto out;
	}
	if (hl_db_fetch_json(db, SQL_SOURCE_ONE, 1, params, t->out, err) == -1)
		goto out;
	rc = hl_audit_add(t->ctx, "intake_source.update", "intake_source",
	    t->code, hl_buf_cstr(&before), t->out->p + t->out_len, err);
out:
	hl_buf_release(&before);
	return rc;
}

int
hl_intake_source_update(struct hl_ctx *ctx, const char *code,
    const struct hl_intake_source_change *in, struct hl_buf *out,
    struct hl_err *err)
{
	struct source_tx t = { ctx, code, in, out, out->len };

	if (in->name != NULL)
		hl_valid_length("name", in->name, 1, 100, err);
	if (in->channel != NULL)
		hl_valid_enum("channel", in->channel, source_channels, err);
	if (in->has_user_id && in->user_id < 0)
		hl_err_field(err, "user_id", "应为用户编号");
	if (in->has_webhook_id && in->webhook_id < 0)
		hl_err_field(err, "webhook_id", "应为回传地址编号");
	if (hl_err_is_set(err))
		return -1;
	return hl_db_tx_run(ctx->db, source_tx, &t, err);
}

/* ---- one item ---- */

/* s without surrounding ASCII blanks and U+3000, in the arena; NULL for
 * NULL or nothing left. */
static const char *
trim(struct hl_ctx *ctx, const char *s)
{
	size_t len;

	if (s == NULL)
		return NULL;
	for (;;) {
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	len = strlen(s);
	for (;;) {
		if (len > 0 &&
		    (s[len - 1] == ' ' ||
		        (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
			len--;
		else if (len >= 3 &&
		    strncmp(s + len - 3, "\xe3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	return len > 0 ? hl_arena_strndup(ctx->arena, s, len) : NULL;
}

/* True when s holds a control character (line breaks included). */
static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* http(s)://, no blanks or control characters, at most 2000 bytes: what
 * the intake row's CHECK takes. */
static bool
url_shaped(const char *s)
{
	const char *p;

	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return false;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return false;
	return p - s <= 2000 && p - s > 8;
}

/* The description's first line, cut to TITLE_FROM_DESCRIPTION_CHARS. */
static const char *
title_from(struct hl_ctx *ctx, const char *description)
{
	size_t len = strcspn(description, "\r\n");
	size_t cut;

	if (!hl_utf8_valid(description, len))
		return description;
	cut = hl_utf8_prefix(description, len, TITLE_FROM_DESCRIPTION_CHARS);
	return trim(ctx, hl_arena_strndup(ctx->arena, description, cut));
}

int
hl_intake_item_check(struct hl_ctx *ctx, struct hl_intake_item *it,
    struct hl_err *err)
{
	char code[HL_VALID_CREDIT_CODE_LEN + 1];

	it->source_ref = trim(ctx, it->source_ref);
	it->credit_code = trim(ctx, it->credit_code);
	it->enterprise_name = trim(ctx, it->enterprise_name);
	it->chain = trim(ctx, it->chain);
	it->district = trim(ctx, it->district);
	it->title = trim(ctx, it->title);
	it->description = trim(ctx, it->description);
	it->channel = trim(ctx, it->channel);
	it->address = trim(ctx, it->address);
	it->address_id = trim(ctx, it->address_id);
	it->media_url = trim(ctx, it->media_url);
	it->received_at = trim(ctx, it->received_at);
	if (it->source_ref == NULL)
		hl_err_field(err, "source_ref", "请填写来源工单编号");
	else if (hl_valid_length("source_ref", it->source_ref, 1,
	             HL_INTAKE_REF_MAX_CHARS, err) == 0 &&
	    has_control(it->source_ref))
		hl_err_field(err, "source_ref", "工单编号不能含有控制字符");
	if (hl_valid_credit_code("credit_code",
	        it->credit_code != NULL ? it->credit_code : "", code, err) == 0)
		it->credit_code = hl_arena_strdup(ctx->arena, code);
	if (it->enterprise_name != NULL)
		hl_valid_length("enterprise_name", it->enterprise_name, 2, 200,
		    err);
	if (it->chain != NULL)
		hl_valid_length("chain", it->chain, 1, 40, err);
	if (it->district != NULL)
		hl_valid_length("district", it->district, 1, 20, err);
	if (it->title == NULL && it->description != NULL)
		it->title = title_from(ctx, it->description);
	/* Without a description the title it would come from is not
	 * missing too: one fault, reported once. */
	hl_case_check_what("", it->category,
	    it->title == NULL && it->description == NULL ? "-" : it->title,
	    it->description, err);
	if (it->channel != NULL)
		hl_valid_enum("channel", it->channel, source_channels, err);
	if (it->address != NULL)
		hl_valid_length("address", it->address, 0, 400, err);
	if (it->address_id != NULL)
		hl_valid_length("address_id", it->address_id, 0, 100, err);
	if (it->has_location &&
	    (!isfinite(it->lat) || !isfinite(it->lon) || it->lat < -90 ||
	        it->lat > 90 || it->lon < -180 || it->lon > 180))
		hl_err_field(err, "lat", "经纬度超出范围");
	if (it->media_url != NULL && !url_shaped(it->media_url))
		hl_err_field(err, "media_url", "应为 http(s) 地址");
	if (it->received_at != NULL)
		hl_valid_datetime("received_at", it->received_at, err);
	return hl_err_is_set(err) ? -1 : 0;
}

/* ---- a batch ---- */

/* The members of items the check query reads, as a JSON array. */
static void
check_json(const struct hl_intake_item *items, size_t n, struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
	hl_jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "source_ref");
		hl_jw_str(&w, items[i].source_ref);
		hl_jw_key(&w, "credit_code");
		hl_jw_str(&w, items[i].credit_code);
		hl_jw_key(&w, "chain");
		hl_jw_str(&w, items[i].chain);
		hl_jw_key(&w, "district");
		hl_jw_str(&w, items[i].district);
		hl_jw_key(&w, "address");
		hl_jw_str(&w, items[i].address);
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
}

/*
 * $1 items, $2 source, $3 the integration whose chains bound the choice
 * (0: none, an admin's import).  Per item in order: 0 the case filed
 * before under its number and 1 that case's number; 2 the enterprise of
 * the credit code, 3 its name; 4 the chain to file under for it (the one
 * asked for, else its primary, else its first, within the allowed); 5 the
 * chain asked for (by code or name, "产业链" or "链" added or not) and 6
 * whether it is allowed; 7 the integration's chain when it has one only;
 * 8 the district asked for, or else the longest district name the address
 * holds; 9 whether the enterprise is on the chain asked for.
 */
static const char SQL_CHECK[] =
    "WITH x AS (SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb)"
    "  AS (source_ref text, credit_code text, chain text, district text,"
    "  address text)) WITH ORDINALITY AS x(source_ref, credit_code, chain,"
    "  district, address, ord)),"
    " allowed AS (SELECT uc.chain_id FROM user_chains uc"
    "  WHERE uc.user_id = $3::bigint)"
    " SELECT k.case_id, c.number, e.id, e.name,"
    " (SELECT ec.chain_id FROM enterprise_chains ec"
    "  JOIN chains ch ON ch.id = ec.chain_id WHERE ec.enterprise_id = e.id"
    "  AND (x.chain IS NULL OR ec.chain_id = ac.id)"
    "  AND ($3::bigint = 0 OR ec.chain_id IN (SELECT chain_id FROM allowed))"
    "  ORDER BY ec.is_primary DESC, ch.sort_order, ch.id LIMIT 1),"
    " ac.id, $3::bigint = 0 OR ac.id IN (SELECT chain_id FROM allowed),"
    " (SELECT min(chain_id) FROM allowed HAVING count(*) = 1),"
    " coalesce((SELECT d.name FROM districts d WHERE d.name = x.district),"
    "  (SELECT d.name FROM districts d WHERE x.district IS NULL"
    "   AND strpos(x.address, d.name) > 0"
    "   ORDER BY char_length(d.name) DESC, d.sort_order LIMIT 1)),"
    " EXISTS (SELECT 1 FROM enterprise_chains ec WHERE ec.enterprise_id = e.id"
    "  AND ec.chain_id = ac.id)"
    " FROM x LEFT JOIN case_intake k ON k.source_id = $2::bigint"
    "  AND k.source_ref = x.source_ref"
    " LEFT JOIN cases c ON c.id = k.case_id"
    " LEFT JOIN enterprises e ON e.credit_code = x.credit_code"
    " LEFT JOIN LATERAL (SELECT ch.id FROM chains ch WHERE x.chain IN"
    "  (ch.code, ch.name, ch.name || '产业链', ch.name || '链')"
    "  ORDER BY ch.id LIMIT 1) ac ON true"
    " ORDER BY x.ord";

enum {
	K_CASE,
	K_NUMBER,
	K_ENTERPRISE,
	K_ENTERPRISE_NAME,
	K_CHAIN,
	K_ASKED,
	K_ASKED_OK,
	K_ONLY,
	K_DISTRICT,
	K_ON_ASKED,
};

static void bad(struct hl_ctx *ctx, struct hl_intake_plan *p, int status,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
bad(struct hl_ctx *ctx, struct hl_intake_plan *p, int status, const char *field,
    const char *fmt, ...)
{
	char msg[HL_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	msg[hl_utf8_cut(msg, strlen(msg))] = '\0';
	p->outcome = HL_INTAKE_BAD;
	p->status = status;
	p->field = field;
	p->message = hl_arena_strdup(ctx->arena, msg);
}

/* The plan of item it from row i of the check query. */
static void
plan_row(struct hl_ctx *ctx, const struct hl_db_res *r, int i,
    const struct hl_intake_item *it, bool bounded, struct hl_intake_plan *p)
{
	bool asked = it->chain != NULL;
	bool asked_known = !hl_db_isnull(r, i, K_ASKED);

	memset(p, 0, sizeof(*p));
	if (!hl_db_isnull(r, i, K_CASE)) {
		p->outcome = HL_INTAKE_REPLAY;
		p->case_id = hl_db_get_i64(r, i, K_CASE);
		p->number =
		    hl_arena_strdup(ctx->arena, hl_db_get(r, i, K_NUMBER));
		return;
	}
	if (asked && !asked_known) {
		bad(ctx, p, 422, "chain", "未知的产业链“%s”", it->chain);
		return;
	}
	if (asked && !hl_db_get_bool(r, i, K_ASKED_OK)) {
		bad(ctx, p, 403, "chain", "本接入账号不能为产业链“%s”提交诉求",
		    it->chain);
		return;
	}
	p->outcome = HL_INTAKE_NEW;
	if (!hl_db_isnull(r, i, K_ENTERPRISE)) {
		p->enterprise_id = hl_db_get_i64(r, i, K_ENTERPRISE);
		p->enterprise_name = hl_arena_strdup(ctx->arena,
		    hl_db_get(r, i, K_ENTERPRISE_NAME));
		if (!hl_db_isnull(r, i, K_CHAIN))
			p->chain_id = hl_db_get_i64(r, i, K_CHAIN);
		else if (asked && !hl_db_get_bool(r, i, K_ON_ASKED))
			bad(ctx, p, 422, "chain", "该企业不属于产业链“%s”",
			    it->chain);
		else
			bad(ctx, p, 403, "credit_code",
			    "企业“%s”所在的产业链不在本接入账号可以提交的范围内",
			    p->enterprise_name);
		return;
	}
	if (it->enterprise_name == NULL) {
		bad(ctx, p, 422, "enterprise_name",
		    "统一社会信用代码 %s 尚未登记，请同时提供企业名称",
		    it->credit_code);
		return;
	}
	p->enterprise_name = it->enterprise_name;
	if (asked)
		p->chain_id = hl_db_get_i64(r, i, K_ASKED);
	else if (bounded && !hl_db_isnull(r, i, K_ONLY))
		p->chain_id = hl_db_get_i64(r, i, K_ONLY);
	else
		bad(ctx, p, 422, "chain", "企业尚未登记，请指明它所在的产业链");
	if (!hl_db_isnull(r, i, K_DISTRICT))
		p->district =
		    hl_arena_strdup(ctx->arena, hl_db_get(r, i, K_DISTRICT));
}

int
hl_intake_check(struct hl_ctx *ctx, const struct hl_intake_source *s,
    const struct hl_intake_item *items, size_t n, struct hl_intake_plan *plans,
    struct hl_err *err)
{
	struct hl_buf doc = { 0 };
	char sid[24];
	char uid[24];
	const char *params[3];
	struct hl_db_res *r;
	bool bounded = ctx->role == HL_ROLE_INTEGRATION;
	size_t i;

	check_json(items, n, &doc);
	hl_i64_text(s->id, sid);
	hl_i64_text(bounded ? ctx->user_id : 0, uid);
	params[0] = hl_buf_cstr(&doc);
	params[1] = sid;
	params[2] = uid;
	r = hl_db_exec(ctx->db, SQL_CHECK, 3, params, err);
	hl_buf_release(&doc);
	if (r == NULL)
		return -1;
	if ((size_t)hl_db_nrows(r) != n)
		HL_BUG("intake: the check lost items");
	for (i = 0; i < n; i++)
		plan_row(ctx, r, (int)i, &items[i], bounded, &plans[i]);
	hl_db_res_free(r);
	return 0;
}

/* ---- filing ---- */

/* One filing at a time per source: the replay check and the intake row
 * are then decided in order. */
static const char SQL_LOCK[] =
    "SELECT pg_advisory_xact_lock(hashtext('intake_source'), $1::int)";

/*
 * $1 the enterprises to register [{"credit_code","name","district",
 * "chain_id"}], $2 the registering user, $3 the source's code: each code
 * once, unverified, on its chain as the primary one; answers the audit
 * items.  A code registered meanwhile by someone else is skipped: the
 * next statement finds that enterprise.
 */
static const char SQL_NEW_ENTERPRISES[] =
    "WITH d AS (SELECT DISTINCT ON (x.credit_code) x.* FROM"
    "  jsonb_to_recordset($1::jsonb) AS x(credit_code text, name text,"
    "  district text, chain_id bigint) ORDER BY x.credit_code),"
    " ins AS (INSERT INTO enterprises (name, credit_code, district, verified,"
    "  created_by) SELECT d.name, d.credit_code, d.district, false,"
    "  NULLIF($2, '0')::bigint FROM d"
    "  ON CONFLICT (credit_code) DO NOTHING RETURNING id, credit_code),"
    " ch AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
    "  is_primary) SELECT ins.id, d.chain_id, true FROM ins"
    "  JOIN d USING (credit_code))"
    " SELECT coalesce(json_agg(json_build_object('id', ins.id::text,"
    "  'after', json_build_object('name', d.name, 'credit_code',"
    "  d.credit_code, 'district', d.district, 'chain_id', d.chain_id,"
    "  'verified', false, 'source', $3::text)) ORDER BY ins.id), '[]')::text"
    " FROM ins JOIN d USING (credit_code)";

/* $1 credit codes (a JSON array): their enterprises' ids, in order. */
static const char SQL_ENTERPRISE_IDS[] =
    "SELECT e.id FROM jsonb_array_elements_text($1::jsonb)"
    " WITH ORDINALITY AS x(code, ord)"
    " LEFT JOIN enterprises e ON e.credit_code = x.code ORDER BY x.ord";

/* Register the unknown enterprises of plans and give every NEW plan its
 * enterprise id. */
static int
register_enterprises(struct hl_ctx *ctx, const struct hl_intake_source *s,
    const struct hl_intake_item *items, size_t n, struct hl_intake_plan *plans,
    struct hl_err *err)
{
	struct hl_buf doc = { 0 };
	struct hl_buf codes = { 0 };
	struct hl_jw w;
	struct hl_jw wc;
	char uid[24];
	const char *params[3];
	struct hl_db_res *r = NULL;
	size_t i;
	size_t k;
	size_t n_new = 0;
	int rc = -1;

	hl_jw_init(&w, &doc);
	hl_jw_init(&wc, &codes);
	hl_jw_arr_begin(&w);
	hl_jw_arr_begin(&wc);
	for (i = 0; i < n; i++) {
		if (plans[i].outcome != HL_INTAKE_NEW ||
		    plans[i].enterprise_id != 0)
			continue;
		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "credit_code");
		hl_jw_str(&w, items[i].credit_code);
		hl_jw_key(&w, "name");
		hl_jw_str(&w, plans[i].enterprise_name);
		hl_jw_key(&w, "district");
		hl_jw_str(&w, plans[i].district);
		hl_jw_key(&w, "chain_id");
		hl_jw_i64(&w, plans[i].chain_id);
		hl_jw_obj_end(&w);
		hl_jw_str(&wc, items[i].credit_code);
		n_new++;
	}
	hl_jw_arr_end(&w);
	hl_jw_arr_end(&wc);
	if (n_new == 0) {
		rc = 0;
		goto out;
	}
	hl_i64_text(ctx->user_id, uid);
	params[0] = hl_buf_cstr(&doc);
	params[1] = uid;
	params[2] = s->code;
	r = hl_db_exec(ctx->db, SQL_NEW_ENTERPRISES, 3, params, err);
	if (r == NULL ||
	    hl_audit_add_many(ctx, "enterprise.create", "enterprise",
	        hl_db_get(r, 0, 0), err) == -1)
		goto out;
	hl_db_res_free(r);
	params[0] = hl_buf_cstr(&codes);
	r = hl_db_exec(ctx->db, SQL_ENTERPRISE_IDS, 1, params, err);
	if (r == NULL)
		goto out;
	for (i = 0, k = 0; i < n; i++) {
		if (plans[i].outcome != HL_INTAKE_NEW ||
		    plans[i].enterprise_id != 0)
			continue;
		if (hl_db_isnull(r, (int)k, 0))
			HL_BUG("intake: a registered enterprise is gone");
		plans[i].enterprise_id = hl_db_get_i64(r, (int)k++, 0);
	}
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&codes);
	hl_buf_release(&doc);
	return rc;
}

/*
 * $1 the cases hl_case_create_many() made (its answer), $2 the intake
 * details of the same items in the same order [{"i","source_ref",
 * "address","address_id","lat","long","media_url","requester",
 * "received_at"}], $3 source, $4 via: the intake rows, answering per case
 * the item's index, the case id, its number and the audit item.
 */
static const char SQL_INTAKE_ROWS[] =
    "WITH c AS (SELECT (x.j->>'id')::bigint AS id, x.j->>'number' AS number,"
    "  x.ord FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(j, ord)),"
    " d AS (SELECT * FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (i int,"
    "  source_ref text, address text, address_id text, lat float8,"
    "  long float8, media_url text, requester jsonb, received_at timestamptz))"
    "  WITH ORDINALITY AS d(i, source_ref, address, address_id, lat, long,"
    "  media_url, requester, received_at, ord)),"
    " ins AS (INSERT INTO case_intake (case_id, source_id, source_ref, via,"
    "  address, address_id, lat, long, media_url, requester, received_at)"
    "  SELECT c.id, $3::bigint, d.source_ref, $4, d.address, d.address_id,"
    "  d.lat, d.long, d.media_url, coalesce(d.requester, '{}'),"
    "  d.received_at FROM c JOIN d USING (ord) RETURNING *)"
    " SELECT d.i, c.id, c.number, json_build_object('id', c.id::text,"
    "  'after', json_build_object('source_id', ins.source_id, 'source_ref',"
    "  ins.source_ref, 'via', ins.via, 'number', c.number))::text"
    " FROM c JOIN d USING (ord) JOIN ins ON ins.case_id = c.id ORDER BY c.ord";

static void
jw_opt_str(struct hl_jw *w, const char *key, const char *v)
{
	hl_jw_key(w, key);
	hl_jw_str(w, v);
}

static void
jw_double(struct hl_jw *w, const char *key, bool has, double v)
{
	char num[40];

	hl_jw_key(w, key);
	if (!has) {
		hl_jw_null(w);
		return;
	}
	snprintf(num, sizeof(num), "%.9g", v);
	hl_jw_raw(w, num, strlen(num));
}

/* The intake details of item it (index i) into w. */
static void
intake_json(struct hl_jw *w, const struct hl_intake_item *it, size_t i)
{
	hl_jw_obj_begin(w);
	hl_jw_key(w, "i");
	hl_jw_i64(w, (int64_t)i);
	jw_opt_str(w, "source_ref", it->source_ref);
	jw_opt_str(w, "address", it->address);
	jw_opt_str(w, "address_id", it->address_id);
	jw_double(w, "lat", it->has_location, it->lat);
	jw_double(w, "long", it->has_location, it->lon);
	jw_opt_str(w, "media_url", it->media_url);
	hl_jw_key(w, "requester");
	if (it->requester_json != NULL)
		hl_jw_raw(w, it->requester_json, strlen(it->requester_json));
	else
		hl_jw_null(w);
	jw_opt_str(w, "received_at", it->received_at);
	hl_jw_obj_end(w);
}

/* The items of one chain and channel, from index first on. */
struct group {
	int64_t chain_id;
	const char *channel;
};

static bool
in_group(const struct hl_intake_plan *p, const struct hl_intake_item *it,
    const struct hl_intake_source *s, const struct group *g)
{
	const char *channel = it->channel != NULL ? it->channel : s->channel;

	return p->outcome == HL_INTAKE_NEW && p->case_id == 0 &&
	    p->chain_id == g->chain_id && strcmp(channel, g->channel) == 0;
}

/* File the NEW items of group g as cases with their intake rows. */
static int
file_group(struct hl_ctx *ctx, const struct hl_intake_source *s,
    const char *via, const struct hl_intake_item *items, size_t n,
    struct hl_intake_plan *plans, const struct group *g, struct hl_err *err)
{
	struct hl_case_problem *probs;
	struct hl_buf problems = { 0 };
	struct hl_buf made = { 0 };
	struct hl_buf details = { 0 };
	struct hl_buf audit = { 0 };
	struct hl_case_many m = { 0 };
	struct hl_jw w;
	char sid[24];
	const char *params[4];
	struct hl_db_res *r = NULL;
	size_t i;
	size_t k = 0;
	int row;
	int rc = -1;

	probs = hl_arena_alloc(ctx->arena, n * sizeof(*probs));
	hl_jw_init(&w, &details);
	hl_jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		if (!in_group(&plans[i], &items[i], s, g))
			continue;
		probs[k].enterprise_id = plans[i].enterprise_id;
		probs[k].category = items[i].category;
		probs[k].title = items[i].title;
		probs[k].description = items[i].description;
		intake_json(&w, &items[i], i);
		k++;
	}
	hl_jw_arr_end(&w);
	hl_case_problems_json(probs, k, true, &problems);
	m.channel = g->channel;
	m.chain_id = g->chain_id;
	m.problems_json = hl_buf_cstr(&problems);
	if (hl_case_create_many(ctx, &m, &made, err) == -1)
		goto out;
	hl_i64_text(s->id, sid);
	params[0] = hl_buf_cstr(&made);
	params[1] = hl_buf_cstr(&details);
	params[2] = sid;
	params[3] = via;
	r = hl_db_exec(ctx->db, SQL_INTAKE_ROWS, 4, params, err);
	if (r == NULL)
		goto out;
	if ((size_t)hl_db_nrows(r) != k)
		HL_BUG("intake: cases and intake rows differ");
	hl_buf_putc(&audit, '[');
	for (row = 0; row < hl_db_nrows(r); row++) {
		struct hl_intake_plan *p = &plans[hl_db_get_i64(r, row, 0)];

		p->case_id = hl_db_get_i64(r, row, 1);
		p->number = hl_arena_strdup(ctx->arena, hl_db_get(r, row, 2));
		if (row > 0)
			hl_buf_putc(&audit, ',');
		hl_buf_puts(&audit, hl_db_get(r, row, 3));
	}
	hl_buf_putc(&audit, ']');
	rc = hl_audit_add_many(ctx, "case.intake", "case", hl_buf_cstr(&audit),
	    err);
out:
	hl_db_res_free(r);
	hl_buf_release(&audit);
	hl_buf_release(&details);
	hl_buf_release(&made);
	hl_buf_release(&problems);
	return rc;
}

struct file_tx {
	struct hl_ctx *ctx;
	const struct hl_intake_source *s;
	const char *via;
	const struct hl_intake_item *items;
	size_t n;
	struct hl_intake_plan *plans;
};

static int
file_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct file_tx *t = arg;
	char sid[24];
	const char *params[1] = { sid };
	size_t i;

	hl_i64_text(t->s->id, sid);
	if (hl_db_run(db, SQL_LOCK, 1, params, err) == -1 ||
	    hl_intake_check(t->ctx, t->s, t->items, t->n, t->plans, err) ==
	        -1 ||
	    register_enterprises(t->ctx, t->s, t->items, t->n, t->plans, err) ==
	        -1)
		return -1;
	/* One hl_case_create_many() per chain and channel, in item order. */
	for (i = 0; i < t->n; i++) {
		struct group g;

		if (t->plans[i].outcome != HL_INTAKE_NEW ||
		    t->plans[i].case_id != 0)
			continue;
		g.chain_id = t->plans[i].chain_id;
		g.channel = t->items[i].channel != NULL ? t->items[i].channel
		                                        : t->s->channel;
		if (file_group(t->ctx, t->s, t->via, t->items, t->n, t->plans,
		        &g, err) == -1)
			return -1;
	}
	return 0;
}

int
hl_intake_file(struct hl_ctx *ctx, const struct hl_intake_source *s,
    const char *via, const struct hl_intake_item *items, size_t n,
    struct hl_intake_plan *plans, struct hl_err *err)
{
	struct file_tx t = { ctx, s, via, items, n, plans };

	return hl_db_tx_run(ctx->db, file_tx, &t, err);
}
