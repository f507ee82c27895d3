/*
 * Policy queries and changes.  PostgreSQL builds every answer; the
 * matching of an enterprise against the active policies, reasons
 * included, is the SQL function hl_policy_match() alone, so that there is
 * one rule to test (the notifications of new and closing policies use it
 * too).  A
 * change is checked as the merged policy: the stored row is decoded with
 * the request's own field table and the change laid over it.
 */
#include "policy.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "bulletin.h"
#include "conf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

#define TEXT_ARRAY(n) HL_BULLETIN_SQL_TEXT_ARRAY(n)

#define ACTIVE                                                                 \
	"(p.archived_at IS NULL AND p.effective_on <= hl_today()"              \
	" AND (p.expires_on IS NULL OR p.expires_on >= hl_today()))"

#define POLICY_CHAIN_CODES                                                     \
	"(SELECT coalesce(json_agg(c.code ORDER BY c.sort_order, c.id), '[]')" \
	" FROM policy_chains pc JOIN chains c ON c.id = pc.chain_id"           \
	" WHERE pc.policy_id = p.id)"

/*
 * Whether the caller (role R, user id U) may change policy p: admins
 * always; committee members when the policy has chains and all of them
 * are theirs.  Citywide policies are the admins'.
 */
#define EDITABLE(R, U)                                                         \
	"(" R " = 'admin' OR (" R " = 'committee'"                             \
	" AND EXISTS (SELECT 1 FROM policy_chains pc"                          \
	"  WHERE pc.policy_id = p.id)"                                         \
	" AND NOT EXISTS (SELECT 1 FROM policy_chains pc"                      \
	"  WHERE pc.policy_id = p.id AND NOT EXISTS (SELECT 1"                 \
	"   FROM user_chains uc WHERE uc.user_id = " U "::bigint"              \
	"   AND uc.chain_id = pc.chain_id))))"

/* A policy without its body: list items, audit rows, reply heads. */
#define POLICY_FIELDS                                                          \
	"'id', p.id, 'title', p.title, 'issuer', p.issuer,"                    \
	" 'ref_number', p.ref_number, 'effective_on', p.effective_on,"         \
	" 'expires_on', p.expires_on, 'apply_from', p.apply_from,"             \
	" 'apply_until', p.apply_until,"                                       \
	" 'chain_codes', " POLICY_CHAIN_CODES ","                              \
	" 'districts', p.districts, 'size_classes', p.size_classes,"           \
	" 'required_tags', p.required_tags,"                                   \
	" 'excluded_tags', p.excluded_tags,"                                   \
	" 'key_enterprise_only', p.key_enterprise_only,"                       \
	" 'benefit_summary', p.benefit_summary, 'source_url', p.source_url,"   \
	" 'active', " ACTIVE ", 'archived', p.archived_at IS NOT NULL,"        \
	" 'demo', p.demo, 'created_at', p.created_at,"                         \
	" 'updated_at', p.updated_at"

static const char *const size_classes[] = { "large", "medium", "small", "micro",
	NULL };

/* ---- decoding ---- */

/* The API's members of a policy, pointing into in; the last one
 * (archived) belongs to changes only. */
static void
fields_of(struct hl_policy_in *in, bool change,
    struct hl_json_field f[HL_POLICY_N_FIELDS])
{
	const struct hl_json_field t[HL_POLICY_N_FIELDS] = {
		[HL_POLICY_TITLE] = { "title", HL_JSON_STRING, !change, false,
		    200, &in->title, NULL },
		[HL_POLICY_ISSUER] = { "issuer", HL_JSON_STRING, !change, false,
		    200, &in->issuer, NULL },
		[HL_POLICY_REF_NUMBER] = { "ref_number", HL_JSON_STRING, false,
		    true, 100, &in->ref_number, NULL },
		[HL_POLICY_EFFECTIVE_ON] = { "effective_on", HL_JSON_STRING,
		    !change, false, 10, &in->effective_on, NULL },
		[HL_POLICY_EXPIRES_ON] = { "expires_on", HL_JSON_STRING, false,
		    true, 10, &in->expires_on, NULL },
		[HL_POLICY_APPLY_FROM] = { "apply_from", HL_JSON_STRING, false,
		    true, 10, &in->apply_from, NULL },
		[HL_POLICY_APPLY_UNTIL] = { "apply_until", HL_JSON_STRING,
		    false, true, 10, &in->apply_until, NULL },
		[HL_POLICY_CHAIN_CODES] = { "chain_codes", HL_JSON_STR_ARRAY,
		    false, false, 64, &in->chain_codes, NULL },
		[HL_POLICY_DISTRICTS] = { "districts", HL_JSON_STR_ARRAY, false,
		    false, 20, &in->districts, NULL },
		[HL_POLICY_SIZE_CLASSES] = { "size_classes", HL_JSON_STR_ARRAY,
		    false, false, 10, &in->size_classes, NULL },
		[HL_POLICY_REQUIRED_TAGS] = { "required_tags",
		    HL_JSON_STR_ARRAY, false, false, 30, &in->required_tags,
		    NULL },
		[HL_POLICY_EXCLUDED_TAGS] = { "excluded_tags",
		    HL_JSON_STR_ARRAY, false, false, 30, &in->excluded_tags,
		    NULL },
		[HL_POLICY_KEY_ENTERPRISE_ONLY] = { "key_enterprise_only",
		    HL_JSON_BOOL, false, false, 0, &in->key_enterprise_only,
		    NULL },
		[HL_POLICY_BENEFIT_SUMMARY] = { "benefit_summary",
		    HL_JSON_STRING, false, false, 2000, &in->benefit_summary,
		    NULL },
		/* Bytes, not characters, are what limit a body: see
		 * hl_bulletin_render(). */
		[HL_POLICY_BODY_MD] = { "body_md", HL_JSON_STRING, false, false,
		    0, &in->body_md, NULL },
		[HL_POLICY_SOURCE_URL] = { "source_url", HL_JSON_STRING, false,
		    true, 2000, &in->source_url, NULL },
		[HL_POLICY_ARCHIVED] = { "archived", HL_JSON_BOOL, false, false,
		    0, &in->archived, NULL },
	};
	size_t i;

	for (i = 0; i < HL_POLICY_N_FIELDS; i++) {
		f[i] = t[i];
		f[i].present = &in->present[i];
	}
}

/*
 * The decoder takes a null for a nullable member as absent; in a change
 * it means "clear", so such members count as present (their out is NULL).
 */
static int
mark_null(const char *key, const struct hl_json *val, void *arg)
{
	struct hl_json_field *f = arg;
	size_t i;

	if (hl_json_string(val) != NULL)
		return 0;
	for (i = 0; i < HL_POLICY_N_FIELDS; i++)
		if (f[i].nullable && strcmp(f[i].name, key) == 0)
			*f[i].present = true;
	return 0;
}

int
hl_policy_decode(const struct hl_json *j, bool change, struct hl_policy_in *in,
    struct hl_arena *arena, struct hl_err *err)
{
	struct hl_json_field f[HL_POLICY_N_FIELDS];

	memset(in, 0, sizeof(*in));
	fields_of(in, change, f);
	if (hl_json_decode(j, f,
	        change ? HL_POLICY_N_FIELDS : HL_POLICY_N_FIELDS - 1, arena,
	        err) == -1)
		return -1;
	hl_json_object_each(j, mark_null, f);
	return 0;
}

static size_t
out_size(enum hl_json_kind kind)
{
	switch (kind) {
	case HL_JSON_STRING:
		return sizeof(const char *);
	case HL_JSON_STR_ARRAY:
		return sizeof(struct hl_json_strv);
	case HL_JSON_BOOL:
		return sizeof(bool);
	default:
		HL_BUG("policy: unexpected field kind");
	}
}

/* Lay the members present in chg over cur. */
static void
merge(struct hl_policy_in *cur, const struct hl_policy_in *chg)
{
	struct hl_policy_in x = *chg;
	struct hl_json_field fc[HL_POLICY_N_FIELDS];
	struct hl_json_field fx[HL_POLICY_N_FIELDS];
	size_t i;

	fields_of(cur, true, fc);
	fields_of(&x, true, fx);
	for (i = 0; i < HL_POLICY_N_FIELDS; i++)
		if (x.present[i])
			memcpy(fc[i].out, fx[i].out, out_size(fc[i].kind));
}

/* ---- checks ---- */

/* Parse an optional date; *ok tells whether *day holds one. */
static void
date_of(const char *field, const char *s, int32_t *day, bool *ok,
    struct hl_err *err)
{
	*ok =
	    s != NULL && s[0] != '\0' && hl_valid_date(field, s, day, err) == 0;
}

/* No element twice: the columns' CHECK would refuse it without a field. */
static int
check_unique(const char *field, const struct hl_json_strv *v,
    struct hl_err *err)
{
	size_t i;
	size_t k;

	for (i = 0; i < v->n; i++)
		for (k = 0; k < i; k++)
			if (strcmp(v->v[i], v->v[k]) == 0)
				return hl_err_field(err, field, "“%s”重复",
				    v->v[i]);
	return 0;
}

static bool
url_shaped(const char *s)
{
	size_t i;

	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Everything that can be judged without the database, all at once. */
static int
check_policy(const struct hl_policy_in *in, struct hl_err *err)
{
	int32_t eff = 0;
	int32_t exp = 0;
	int32_t from = 0;
	int32_t until = 0;
	bool eff_ok;
	bool exp_ok;
	bool from_ok;
	bool until_ok;
	size_t i;
	size_t k;

	if (hl_str_blank_ascii(in->title))
		hl_err_field(err, "title", "不能为空");
	if (hl_str_blank_ascii(in->issuer))
		hl_err_field(err, "issuer", "不能为空");
	if (in->effective_on == NULL)
		hl_err_field(err, "effective_on", "必填");
	date_of("effective_on", in->effective_on, &eff, &eff_ok, err);
	date_of("expires_on", in->expires_on, &exp, &exp_ok, err);
	date_of("apply_from", in->apply_from, &from, &from_ok, err);
	date_of("apply_until", in->apply_until, &until, &until_ok, err);
	if (eff_ok && exp_ok && exp < eff)
		hl_err_field(err, "expires_on", "失效日期不能早于生效日期");
	if (from_ok && until_ok && until < from)
		hl_err_field(err, "apply_until",
		    "申报截止日期不能早于申报开始日期");
	for (i = 0; i < in->size_classes.n; i++)
		hl_valid_enum("size_classes", in->size_classes.v[i],
		    size_classes, err);
	check_unique("chain_codes", &in->chain_codes, err);
	check_unique("districts", &in->districts, err);
	check_unique("size_classes", &in->size_classes, err);
	check_unique("required_tags", &in->required_tags, err);
	check_unique("excluded_tags", &in->excluded_tags, err);
	for (i = 0; i < in->excluded_tags.n; i++)
		for (k = 0; k < in->required_tags.n; k++)
			if (strcmp(in->excluded_tags.v[i],
			        in->required_tags.v[k]) == 0)
				hl_err_field(err, "excluded_tags",
				    "“%s”不能既是必备标签又是排除标签",
				    in->excluded_tags.v[i]);
	if (in->source_url != NULL && in->source_url[0] != '\0' &&
	    !url_shaped(in->source_url))
		hl_err_field(err, "source_url",
		    "应为以 http:// 或 https:// 开头的网址");
	return hl_err_is_set(err) ? -1 : 0;
}

/* $1 districts, $2 required tags, $3 excluded tags (JSON arrays): the
 * names not in the vocabularies, each list joined by "、". */
static const char SQL_VOCAB[] =
    "SELECT array_to_string(hl_unknown_districts(" TEXT_ARRAY(
        "$1") "), '、'),"
              " array_to_string(hl_unknown_tags(" TEXT_ARRAY(
                  "$2") "), '、'),"
                        " array_to_string(hl_unknown_tags(" TEXT_ARRAY(
                            "$3") "), '、')";

/* The arrays as JSON parameters, owned by the caller. */
struct arrays {
	struct hl_buf chains;
	struct hl_buf districts;
	struct hl_buf sizes;
	struct hl_buf required;
	struct hl_buf excluded;
};

/* Unknown districts and tags, named, and the caller's right to the
 * chains; collected into err with what check_policy() found. */
static int
check_refs(struct hl_ctx *ctx, const struct hl_policy_in *in,
    const struct arrays *a, struct hl_err *err)
{
	const char *params[3] = { hl_buf_cstr(&a->districts),
		hl_buf_cstr(&a->required), hl_buf_cstr(&a->excluded) };
	static const char *const names[3] = { "districts", "required_tags",
		"excluded_tags" };
	static const char *const what[3] = { "未知的区县", "未知的企业标签",
		"未知的企业标签" };
	struct hl_err db_err = { 0 };
	struct hl_db_res *r;
	int i;

	r = hl_db_exec(ctx->db, SQL_VOCAB, 3, params, &db_err);
	if (r == NULL) {
		*err = db_err;
		return -1;
	}
	for (i = 0; i < 3; i++)
		if (hl_db_get(r, 0, i)[0] != '\0')
			hl_err_field(err, names[i], "%s：%s", what[i],
			    hl_db_get(r, 0, i));
	hl_db_res_free(r);
	return hl_bulletin_check_chains(ctx, &in->chain_codes, err);
}

/* ---- reading ---- */

/* $1 role, $2 user id, $3 chain code or '', $4 q or '', $5 'true',
 * 'false' or '', $6 archived, $7 cursor (0: first page), $8 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT p.* FROM policies p"
    " WHERE ($3 = '' OR NOT EXISTS (SELECT 1 FROM policy_chains pc"
    "   WHERE pc.policy_id = p.id)"
    "  OR EXISTS (SELECT 1 FROM policy_chains pc"
    "   JOIN chains c ON c.id = pc.chain_id"
    "   WHERE pc.policy_id = p.id AND c.code = $3))"
    " AND ($4 = '' OR p.title ILIKE '%' || replace(replace(replace($4,"
    "  '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"
    "  OR p.ref_number ILIKE '%' || replace(replace(replace($4,"
    "  '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')"
    " AND (CASE $5 WHEN 'true' THEN " ACTIVE " WHEN 'false' THEN NOT " ACTIVE
    "  ELSE true END)"
    " AND (p.archived_at IS NOT NULL) = $6::boolean"
    " AND ($7::bigint = 0 OR p.id < $7::bigint)"
    " ORDER BY p.id DESC LIMIT $8::int + 1)," HL_DB_SQL_SHOWN(
        "$8") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              "  json_build_object(" POLICY_FIELDS
              ", 'can_edit', " EDITABLE("$1", "$2") "  ) ORDER BY p.id DESC), '[]') FROM shown p)," HL_DB_SQL_NEXT_CURSOR(
                  "$8") ")";

int
hl_policy_list_json(struct hl_ctx *ctx, const struct hl_policy_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char cursor[24];
	char limit[24];
	const char *params[8];

	hl_bulletin_caller(ctx, &params[0], uid);
	snprintf(cursor, sizeof(cursor), "%" PRId64, f->cursor);
	snprintf(limit, sizeof(limit), "%" PRId64, f->limit);
	params[1] = uid;
	params[2] = f->chain != NULL ? f->chain : "";
	params[3] = f->q != NULL ? f->q : "";
	params[4] = f->active != NULL ? f->active : "";
	params[5] = f->archived ? "true" : "false";
	params[6] = cursor;
	params[7] = limit;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 8, params, out, err);
}

/* $1 id, $2 role, $3 user id. */
static const char SQL_GET[] =
    "SELECT json_build_object(" POLICY_FIELDS ", 'body_md', p.body_md,"
    " 'body_html', p.body_html, 'archived_at', p.archived_at,"
    " 'can_edit', " EDITABLE("$2", "$3") ")"
                                         " FROM policies p WHERE p.id = $1";

int
hl_policy_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_bulletin_fetch_item_json(ctx, SQL_GET, id, out, err);
}

/* ---- writing ---- */

/* $1..$16: the policy's columns; $17 creator. */
static const char SQL_INSERT[] =
    "INSERT INTO policies (title, issuer, ref_number, effective_on,"
    " expires_on, apply_from, apply_until, districts, size_classes,"
    " required_tags, excluded_tags, key_enterprise_only, benefit_summary,"
    " body_md, body_html, source_url, created_by)"
    " VALUES (btrim($1), btrim($2), NULLIF(btrim($3), ''), $4::date,"
    " NULLIF($5, '')::date, NULLIF($6, '')::date, NULLIF($7, '')::date, " TEXT_ARRAY(
        "$8") ", " TEXT_ARRAY("$9") ", " TEXT_ARRAY("$10") ", " TEXT_ARRAY("$11") ","
                                                                                  " $12::boolean, $13, $14, $15, NULLIF($16, ''), NULLIF($17, '0')::bigint)"
                                                                                  " RETURNING id";

/* $1 id, $2..$17 as above ($17 archived). */
static const char SQL_UPDATE[] =
    "UPDATE policies SET title = btrim($2), issuer = btrim($3),"
    " ref_number = NULLIF(btrim($4), ''), effective_on = $5::date,"
    " expires_on = NULLIF($6, '')::date, apply_from = NULLIF($7, '')::date,"
    " apply_until = NULLIF($8, '')::date,"
    " districts = " TEXT_ARRAY("$9") ", size_classes = " TEXT_ARRAY("$10") ", required_tags = " TEXT_ARRAY(
        "$11") ","
               " excluded_tags = " TEXT_ARRAY(
                   "$12") ", key_enterprise_only = $13::boolean,"
                          " benefit_summary = $14, body_md = $15, body_html = $16,"
                          " source_url = NULLIF($17, ''),"
                          " archived_at = CASE WHEN $18::boolean"
                          "  THEN coalesce(archived_at, hl_now()) END"
                          " WHERE id = $1";

/* $1 id, $2 chain codes (JSON array): the policy's chains become those. */
static const char SQL_CHAINS[] =
    "WITH want AS (SELECT c.id FROM chains c"
    "  WHERE c.code = ANY (" TEXT_ARRAY(
        "$2") ")),"
              " del AS (DELETE FROM policy_chains WHERE policy_id = $1"
              "  AND chain_id NOT IN (SELECT id FROM want) RETURNING 1)"
              " INSERT INTO policy_chains (policy_id, chain_id)"
              " SELECT $1, id FROM want ON CONFLICT DO NOTHING";

/* $1 id: the row for the audit log, its body as a digest. */
static const char SQL_AUDIT_ROW[] =
    "SELECT json_build_object(" POLICY_FIELDS ","
    " 'body_md_md5', md5(p.body_md))::text FROM policies p WHERE p.id = $1";

/* $1 id, $2 role, $3 user id: the stored policy shaped as a change
 * request, whether the caller may change it, locked until commit. */
static const char SQL_EDIT[] =
    "SELECT json_build_object('title', p.title, 'issuer', p.issuer,"
    " 'ref_number', p.ref_number, 'effective_on', p.effective_on,"
    " 'expires_on', p.expires_on, 'apply_from', p.apply_from,"
    " 'apply_until', p.apply_until,"
    " 'chain_codes', " POLICY_CHAIN_CODES ","
    " 'districts', p.districts, 'size_classes', p.size_classes,"
    " 'required_tags', p.required_tags, 'excluded_tags', p.excluded_tags,"
    " 'key_enterprise_only', p.key_enterprise_only,"
    " 'benefit_summary', p.benefit_summary, 'body_md', p.body_md,"
    " 'source_url', p.source_url,"
    " 'archived', p.archived_at IS NOT NULL)::text,"
    " " EDITABLE("$2", "$3") " FROM policies p WHERE p.id = $1"
                             " FOR UPDATE OF p";

struct write_tx {
	struct hl_ctx *ctx;
	const struct hl_policy_in *in;
	size_t md_max_len;
	int64_t id; /* the policy to change; 0: create one */
	struct hl_buf *out;
	size_t out_len; /* out's length before, for a retried attempt */
};

/* The audit snapshot of policy sid into *json (request arena). */
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

/*
 * Write the checked policy in (rendered: html) as row *id, or as a new row
 * whose id goes to *id when it is 0; then its chains.
 */
static int
store(struct hl_ctx *ctx, int64_t *id, const struct hl_policy_in *in,
    const struct arrays *a, const struct hl_buf *html, struct hl_err *err)
{
	char sid[24];
	char uid[24];
	const char *v[18];
	const char *cp[2];
	struct hl_db_res *r;
	int k = 0;

	snprintf(sid, sizeof(sid), "%" PRId64, *id);
	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	if (*id != 0)
		v[k++] = sid;
	v[k++] = in->title;
	v[k++] = in->issuer;
	v[k++] = in->ref_number != NULL ? in->ref_number : "";
	v[k++] = in->effective_on;
	v[k++] = in->expires_on != NULL ? in->expires_on : "";
	v[k++] = in->apply_from != NULL ? in->apply_from : "";
	v[k++] = in->apply_until != NULL ? in->apply_until : "";
	v[k++] = hl_buf_cstr(&a->districts);
	v[k++] = hl_buf_cstr(&a->sizes);
	v[k++] = hl_buf_cstr(&a->required);
	v[k++] = hl_buf_cstr(&a->excluded);
	v[k++] = in->key_enterprise_only ? "true" : "false";
	v[k++] = in->benefit_summary != NULL ? in->benefit_summary : "";
	v[k++] = in->body_md != NULL ? in->body_md : "";
	v[k++] = hl_buf_cstr(html);
	v[k++] = in->source_url != NULL ? in->source_url : "";
	if (*id == 0) {
		v[k++] = uid;
		r = hl_db_exec(ctx->db, SQL_INSERT, k, v, err);
		if (r == NULL)
			return -1;
		*id = hl_db_get_i64(r, 0, 0);
		hl_db_res_free(r);
		snprintf(sid, sizeof(sid), "%" PRId64, *id);
	} else {
		v[k++] = in->archived ? "true" : "false";
		if (hl_db_run(ctx->db, SQL_UPDATE, k, v, err) == -1)
			return -1;
	}
	cp[0] = sid;
	cp[1] = hl_buf_cstr(&a->chains);
	return hl_db_run(ctx->db, SQL_CHAINS, 2, cp, err);
}

/* Load policy id for a change by the caller, its audit snapshot into
 * *before, and lay chg over it into *cur. */
static int
load_merged(struct hl_ctx *ctx, int64_t id, const struct hl_policy_in *chg,
    struct hl_policy_in *cur, const char **before, struct hl_err *err)
{
	char sid[24];
	char uid[24];
	const char *params[3] = { sid, NULL, uid };
	struct hl_db_res *r;
	struct hl_json *j = NULL;
	int rc = -1;

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	hl_bulletin_caller(ctx, &params[1], uid);
	r = hl_db_exec(ctx->db, SQL_EDIT, 3, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	if (!hl_db_get_bool(r, 0, 1)) {
		hl_err_set(err, 403, "forbidden",
		    "只能修改本人所在产业链的政策，全市政策由管理员维护");
		goto out;
	}
	j = hl_json_parse(hl_db_get(r, 0, 0), hl_db_getlen(r, 0, 0), err);
	if (j == NULL ||
	    hl_policy_decode(j, true, cur, ctx->arena, err) == -1 ||
	    audit_row(ctx, sid, before, err) == -1)
		goto out;
	merge(cur, chg);
	rc = 0;
out:
	hl_json_free(j);
	hl_db_res_free(r);
	return rc;
}

/* $1 id: a new policy in force today is news to the enterprises that
 * qualify for it (one future-dated comes into force later: the job). */
static const char SQL_ANNOUNCE[] =
    "SELECT hl_policy_notify_matched(p.id) FROM policies p"
    " WHERE p.id = $1 AND " ACTIVE;

static int
announce(struct hl_ctx *ctx, const char *sid, struct hl_err *err)
{
	const char *params[1] = { sid };

	return hl_db_run(ctx->db, SQL_ANNOUNCE, 1, params, err);
}

static int
write_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct write_tx *wt = arg;
	struct hl_policy_in cur;
	const struct hl_policy_in *in = wt->in;
	struct arrays a = { 0 };
	struct hl_buf html = { 0 };
	const char *before = NULL;
	const char *after = NULL;
	int64_t id = wt->id;
	char sid[24];
	int rc = -1;

	(void)db;
	hl_buf_cut(wt->out, wt->out_len);
	if (id != 0) {
		if (load_merged(wt->ctx, id, wt->in, &cur, &before, err) == -1)
			goto out;
		in = &cur;
	}
	if (hl_bulletin_render(in->body_md != NULL ? in->body_md : "",
	        wt->md_max_len, &html, err) == -1)
		goto out;
	hl_bulletin_json_strv(&in->chain_codes, &a.chains);
	hl_bulletin_json_strv(&in->districts, &a.districts);
	hl_bulletin_json_strv(&in->size_classes, &a.sizes);
	hl_bulletin_json_strv(&in->required_tags, &a.required);
	hl_bulletin_json_strv(&in->excluded_tags, &a.excluded);
	check_policy(in, err);
	if (check_refs(wt->ctx, in, &a, err) == -1 || hl_err_is_set(err) ||
	    store(wt->ctx, &id, in, &a, &html, err) == -1)
		goto out;
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	if ((wt->id == 0 && announce(wt->ctx, sid, err) == -1) ||
	    audit_row(wt->ctx, sid, &after, err) == -1 ||
	    hl_audit_add(wt->ctx,
	        wt->id == 0 ? "policy.create" : "policy.update", "policy", sid,
	        before, after, err) == -1 ||
	    hl_policy_get_json(wt->ctx, id, wt->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_buf_release(&a.chains);
	hl_buf_release(&a.districts);
	hl_buf_release(&a.sizes);
	hl_buf_release(&a.required);
	hl_buf_release(&a.excluded);
	hl_buf_release(&html);
	return rc;
}

static int
write_policy(struct hl_ctx *ctx, int64_t id, const struct hl_policy_in *in,
    size_t md_max_len, struct hl_buf *out, struct hl_err *err)
{
	struct write_tx wt = { ctx, in, md_max_len, id, out, out->len };

	if (hl_db_tx_run(ctx->db, write_tx, &wt, err) == -1) {
		hl_buf_cut(out, wt.out_len);
		return -1;
	}
	return 0;
}

int
hl_policy_create(struct hl_ctx *ctx, const struct hl_policy_in *in,
    size_t md_max_len, struct hl_buf *out, struct hl_err *err)
{
	return write_policy(ctx, 0, in, md_max_len, out, err);
}

int
hl_policy_update(struct hl_ctx *ctx, int64_t id, const struct hl_policy_in *in,
    size_t md_max_len, struct hl_buf *out, struct hl_err *err)
{
	return write_policy(ctx, id, in, md_max_len, out, err);
}

/* ---- matching ---- */

/* The enterprises the caller may see (role $2, user $3, own enterprise
 * $4), as docs/SCHEMA.md lists them (and HL_ENTERPRISE_VISIBLE: an
 * unverified enterprise is every commissioner's to confirm). */
#define ENTERPRISE_VISIBLE                                                     \
	"($2 = 'admin'"                                                        \
	" OR ($2 = 'enterprise' AND e.id = $4::bigint)"                        \
	" OR ($2 = 'commissioner' AND (NOT e.verified OR EXISTS (SELECT 1"     \
	"  FROM assignments a WHERE a.enterprise_id = e.id"                    \
	"  AND a.commissioner_id = $3::bigint)))"                              \
	" OR ($2 = 'committee' AND EXISTS (SELECT 1 FROM enterprise_chains ec" \
	"  JOIN user_chains uc ON uc.chain_id = ec.chain_id"                   \
	"  WHERE ec.enterprise_id = e.id AND uc.user_id = $3::bigint))"        \
	" OR ($2 = 'responder' AND EXISTS (SELECT 1 FROM cases c"              \
	"  WHERE c.enterprise_id = e.id AND c.assignee_user_id = $3::bigint)))"

/*
 * The matching rule is hl_policy_match() (sql/0014_notify.sql), shared
 * with the notifications that tell enterprises about policies they
 * qualify for: every eligibility list is "any of", empty meaning
 * unrestricted (no policy chain: citywide); required tags are "all of",
 * excluded tags "none of"; key_enterprise_only needs the key-enterprise
 * flag.  matched names the criteria met, missing the ones not met (an
 * "any of" with its alternatives joined by "|"), excluded the excluded
 * tags the enterprise has; it qualifies when missing and excluded are
 * both empty.  $1 enterprise id, $2..$4 the caller, $5 window in days.
 */
static const char SQL_MATCH[] =
    "WITH ent AS (SELECT e.id, e.name, e.district, e.size_class, e.tags,"
    "  e.key_enterprise,"
    "  ARRAY(SELECT c.code FROM enterprise_chains ec"
    "   JOIN chains c ON c.id = ec.chain_id WHERE ec.enterprise_id = e.id"
    "   ORDER BY c.sort_order, c.id) AS chains"
    "  FROM enterprises e WHERE e.id = $1 AND " ENTERPRISE_VISIBLE "),"
    " pol AS (SELECT p.*,"
    "  ARRAY(SELECT c.code FROM policy_chains pc"
    "   JOIN chains c ON c.id = pc.chain_id WHERE pc.policy_id = p.id"
    "   ORDER BY c.sort_order, c.id) AS codes"
    "  FROM policies p WHERE " ACTIVE "),"
    " m AS (SELECT p.*, x.matched, x.missing, x.excluded,"
    "  (p.apply_until IS NOT NULL AND p.apply_until >= hl_today()"
    "   AND p.apply_until <= hl_today() + $5::int) AS closing_soon"
    "  FROM pol p JOIN hl_policy_match(ARRAY(SELECT id FROM pol),"
    "   ARRAY(SELECT id FROM ent)) x ON x.policy_id = p.id)"
    " SELECT json_build_object("
    "  'enterprise', json_build_object('id', e.id, 'name', e.name,"
    "   'chain_codes', e.chains, 'district', e.district,"
    "   'size_class', e.size_class, 'tags', e.tags,"
    "   'key_enterprise', e.key_enterprise),"
    "  'today', hl_today(), 'window_days', $5::int,"
    "  'items', (SELECT coalesce(json_agg(json_build_object("
    "   'id', m.id, 'title', m.title, 'issuer', m.issuer,"
    "   'ref_number', m.ref_number, 'effective_on', m.effective_on,"
    "   'expires_on', m.expires_on, 'apply_from', m.apply_from,"
    "   'apply_until', m.apply_until, 'chain_codes', m.codes,"
    "   'benefit_summary', m.benefit_summary,"
    "   'qualifies', cardinality(m.missing) = 0"
    "    AND cardinality(m.excluded) = 0,"
    "   'matched', m.matched, 'missing', m.missing,"
    "   'excluded', m.excluded, 'closing_soon', m.closing_soon,"
    "   'days_left', CASE WHEN m.apply_until >= hl_today()"
    "    THEN m.apply_until - hl_today() END,"
    "   'application_open', (m.apply_from IS NULL"
    "    OR m.apply_from <= hl_today())"
    "    AND (m.apply_until IS NULL OR m.apply_until >= hl_today()))"
    "   ORDER BY (cardinality(m.missing) = 0"
    "   AND cardinality(m.excluded) = 0) DESC, m.closing_soon DESC,"
    "   m.apply_until NULLS LAST, m.effective_on DESC, m.id DESC), '[]')"
    "   FROM m),"
    "  'next_cursor', NULL)"
    " FROM ent e";

int
hl_policy_match_json(struct hl_ctx *ctx, int64_t enterprise_id,
    int64_t window_days, struct hl_buf *out, struct hl_err *err)
{
	char sid[24];
	char uid[24];
	char own[24];
	char days[24];
	const char *params[5] = { sid, NULL, uid, own, days };

	snprintf(sid, sizeof(sid), "%" PRId64, enterprise_id);
	hl_bulletin_caller(ctx, &params[1], uid);
	snprintf(own, sizeof(own), "%" PRId64, ctx->enterprise_id);
	snprintf(days, sizeof(days), "%" PRId64, window_days);
	return hl_db_fetch_json(ctx->db, SQL_MATCH, 5, params, out, err);
}

/* ---- the notification job ---- */

/* Policies that came into force since they were created (a created one
 * already in force was announced by its creation). */
static const char SQL_JOB_MATCHED[] =
    "SELECT count(hl_policy_notify_matched(p.id)) FROM policies p"
    " WHERE p.matched_notified_at IS NULL AND " ACTIVE
    " AND (p.created_at AT TIME ZONE 'Asia/Shanghai')::date < p.effective_on";

/* $1 days: policies taking applications whose window closes within. */
static const char SQL_JOB_CLOSING[] =
    "SELECT count(hl_policy_notify_closing(p.id)) FROM policies p"
    " WHERE p.closing_notified_at IS NULL AND " ACTIVE
    " AND p.apply_until BETWEEN hl_today() AND hl_today() + $1::int"
    " AND (p.apply_from IS NULL OR p.apply_from <= hl_today())";

/* Written once by hl_policy_setup() before the job thread starts. */
static int64_t closing_days_ = HL_POLICY_CLOSING_DAYS;

void
hl_policy_setup(const struct hl_conf *c)
{
	closing_days_ = c->notify_policy_closing_days;
}

int
hl_policy_job_notify(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	char days[24];
	const char *params[1] = { days };

	(void)arg;
	snprintf(days, sizeof(days), "%" PRId64, closing_days_);
	if (hl_db_run(db, SQL_JOB_MATCHED, 0, NULL, err) == -1 ||
	    hl_db_run(db, SQL_JOB_CLOSING, 1, params, err) == -1)
		return -1;
	return 0;
}
