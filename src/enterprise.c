/*
 * Enterprise queries and changes.  A registration or change travels to
 * PostgreSQL as one JSON document of the members given, already checked
 * and canonical (upper-case credit code, trimmed name), so the SQL reads
 * "absent" and "present" the same way for every column.  PostgreSQL
 * builds the answers; scoping is HL_ENTERPRISE_VISIBLE in each WHERE.
 */
#include "enterprise.h"

#include <inttypes.h>
#include <stdio.h>
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

#define CHAIN_CODES                                                            \
	"(SELECT coalesce(json_agg(c.code ORDER BY ec.is_primary DESC,"        \
	"  c.sort_order, c.id), '[]') FROM enterprise_chains ec"               \
	"  JOIN chains c ON c.id = ec.chain_id WHERE ec.enterprise_id = e.id)"

/* An enterprise without contacts; the note is for staff (R the role). */
#define CHAIN_NAMES                                                            \
	"(SELECT coalesce(json_agg(c.name ORDER BY ec.is_primary DESC,"        \
	"  c.sort_order, c.id), '[]') FROM enterprise_chains ec"               \
	"  JOIN chains c ON c.id = ec.chain_id WHERE ec.enterprise_id = e.id)"

#define FIELDS(R)                                                              \
	"'id', e.id, 'name', e.name, 'credit_code', e.credit_code,"            \
	" 'chain_codes', " CHAIN_CODES ", 'chain_names', " CHAIN_NAMES ","     \
	" 'primary_chain', (SELECT c.code FROM enterprise_chains ec"           \
	"  JOIN chains c ON c.id = ec.chain_id"                                \
	"  WHERE ec.enterprise_id = e.id AND ec.is_primary),"                  \
	" 'district', e.district, 'size_class', e.size_class,"                 \
	" 'tags', e.tags, 'key_enterprise', e.key_enterprise,"                 \
	" 'party_org_status', e.party_org_status, 'address', e.address,"       \
	" 'main_products', e.main_products,"                                   \
	" 'employee_count', e.employee_count,"                                 \
	" 'note', CASE WHEN " R " <> 'enterprise' THEN e.note END,"            \
	" 'n_open_cases', (SELECT count(*) FROM cases oc"                      \
	"  WHERE oc.enterprise_id = e.id AND oc.status IN ('submitted',"       \
	"  'accepted', 'assigned', 'in_progress')),"                           \
	" 'demo', e.demo, 'created_at', e.created_at,"                         \
	" 'updated_at', e.updated_at"

void
hl_enterprise_caller(const struct hl_ctx *ctx, struct hl_enterprise_caller *c)
{
	c->role = hl_ctx_role_name(ctx->role);
	if (c->role == NULL)
		c->role = "";
	snprintf(c->uid, sizeof(c->uid), "%" PRId64, ctx->user_id);
	snprintf(c->own, sizeof(c->own), "%" PRId64, ctx->enterprise_id);
}

/* Forget what an earlier attempt of a retried transaction appended. */
static void
cut(struct hl_buf *b, size_t len)
{
	if (b->p != NULL && b->len > len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

/* ---- reading ---- */

/*
 * HL_ENTERPRISE_VISIBLE for the list, with a commissioner's enterprises
 * and a committee member's chains as the array $12 (hl_case_scope_ids()):
 * asked through subqueries, PostgreSQL cannot plan for the scope's size,
 * and at 100 000 enterprises it read them all newest first to find a page
 * of a commissioner's two hundred.
 */
#define LIST_VISIBLE                                                                \
	"($1 = 'admin'"                                                             \
	" OR ($1 = 'enterprise' AND e.id = $3::bigint)"                             \
	" OR ($1 = 'commissioner' AND e.id = ANY ($12::bigint[]))"                  \
	" OR ($1 = 'committee' AND EXISTS (SELECT 1 FROM enterprise_chains vec"     \
	"  WHERE vec.enterprise_id = e.id AND vec.chain_id = ANY ($12::bigint[])))" \
	" OR ($1 = 'responder' AND EXISTS (SELECT 1 FROM cases vc"                  \
	"  WHERE vc.enterprise_id = e.id AND vc.assignee_user_id = $2::bigint)))"

/* $1..$3 the caller, $4 chain, $5 district, $6 tag, $7 key, $8 ILIKE
 * pattern ('' for none), $9 cursor, $10 limit, $11 commissioner or 0,
 * $12 the scope's ids. */
/* clang-format off */
static const char SQL_LIST[] =
    "WITH page AS (SELECT e.* FROM enterprises e"
    " WHERE " LIST_VISIBLE
    " AND ($4 = '' OR EXISTS (SELECT 1 FROM enterprise_chains ec"
    "  JOIN chains c ON c.id = ec.chain_id"
    "  WHERE ec.enterprise_id = e.id AND c.code = $4))"
    " AND ($5 = '' OR e.district = $5)"
    " AND ($6 = '' OR e.tags @> ARRAY[$6])"
    " AND ($7 = '' OR e.key_enterprise = ($7 = 'true'))"
    " AND ($8 = '' OR e.name ILIKE $8 OR e.credit_code ILIKE $8)"
    " AND ($9::bigint = 0 OR e.id < $9::bigint)"
    " AND ($11::bigint = 0 OR EXISTS (SELECT 1 FROM assignments a"
    "  WHERE a.enterprise_id = e.id AND a.commissioner_id = $11::bigint))"
    " ORDER BY e.id DESC LIMIT $10::int + 1),"
    HL_DB_SQL_SHOWN("$10")
    " SELECT json_build_object('items', (SELECT coalesce(json_agg("
    " json_build_object(" FIELDS("$1") ") ORDER BY e.id DESC), '[]')"
    " FROM shown e),"
    HL_DB_SQL_NEXT_CURSOR("$10") ")";
/* clang-format on */

int
hl_enterprise_list_json(struct hl_ctx *ctx,
    const struct hl_enterprise_filter *f, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_enterprise_caller c;
	char cursor[24];
	char limit[24];
	char com[24];
	const char *params[12];

	hl_enterprise_caller(ctx, &c);
	if (hl_case_scope_ids(ctx, &params[11], err) == -1)
		return -1;
	snprintf(com, sizeof(com), "%" PRId64, f->commissioner_id);
	snprintf(cursor, sizeof(cursor), "%" PRId64, f->cursor);
	snprintf(limit, sizeof(limit), "%" PRId64, f->limit);
	params[0] = c.role;
	params[1] = c.uid;
	params[2] = c.own;
	params[3] = f->chain != NULL ? f->chain : "";
	params[4] = f->district != NULL ? f->district : "";
	params[5] = f->tag != NULL ? f->tag : "";
	params[6] = f->key != NULL ? f->key : "";
	params[7] = f->q != NULL ? hl_db_like(ctx->arena, f->q) : "";
	params[8] = cursor;
	params[9] = limit;
	params[10] = com;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 12, params, out, err);
}

/* $1 id, $2..$4 the caller: the enterprise with its contacts and
 * commissioners, and the number of contacts (for the audit). */
static const char SQL_GET[] = "SELECT json_build_object(" FIELDS(
    "$2") ","
          " 'contacts', (SELECT coalesce(json_agg(json_build_object("
          "   'id', k.id, 'name', k.name, 'title', k.title, 'phone', k.phone,"
          "   'email', k.email, 'is_primary', k.is_primary)"
          "   ORDER BY k.sort_order, k.id), '[]')"
          "   FROM enterprise_contacts k WHERE k.enterprise_id = e.id),"
          " 'commissioners', (SELECT coalesce(json_agg(json_build_object("
          "   'id', u.id, 'name', u.name, 'assignment_id', a.id)"
          "   ORDER BY a.id), '[]') FROM assignments a"
          "   JOIN users u ON u.id = a.commissioner_id"
          "   WHERE a.enterprise_id = e.id))::text,"
          " (SELECT count(*) FROM enterprise_contacts k"
          "  WHERE k.enterprise_id = e.id)"
          " FROM enterprises e WHERE e.id = $1"
          " AND " HL_ENTERPRISE_VISIBLE("e.id", "$2", "$3", "$4");

/* Fetch enterprise sid as the caller c sees it into out (when not NULL)
 * and *json (arena copy, when not NULL); *n_contacts gets their number. */
static int
fetch(struct hl_ctx *ctx, const char *sid, const struct hl_enterprise_caller *c,
    struct hl_buf *out, const char **json, int64_t *n_contacts,
    struct hl_err *err)
{
	const char *params[4] = { sid, c->role, c->uid, c->own };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_GET, 4, params, err);

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	if (out != NULL)
		hl_db_append_json(out, r, 0, 0);
	if (json != NULL)
		*json = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0));
	if (n_contacts != NULL)
		*n_contacts = hl_db_get_i64(r, 0, 1);
	hl_db_res_free(r);
	return 0;
}

struct get_tx {
	struct hl_ctx *ctx;
	int64_t id;
	struct hl_buf *out;
	size_t out_len;
};

static int
get_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct get_tx *g = arg;
	struct hl_enterprise_caller c;
	char sid[24];
	int64_t n = 0;

	(void)db;
	cut(g->out, g->out_len);
	hl_enterprise_caller(g->ctx, &c);
	snprintf(sid, sizeof(sid), "%" PRId64, g->id);
	if (fetch(g->ctx, sid, &c, g->out, NULL, &n, err) == -1)
		return -1;
	if (n == 0)
		return 0;
	return hl_audit_add(g->ctx, "enterprise.read_contacts", "enterprise",
	    sid, NULL, NULL, err);
}

int
hl_enterprise_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	struct get_tx g = { ctx, id, out, out->len };

	return hl_db_tx_run(ctx->db, get_tx, &g, err);
}

static const char SQL_DISTRICTS[] =
    "SELECT json_build_object('items', coalesce(json_agg(json_build_object("
    " 'name', name, 'kind', kind, 'division_code', division_code)"
    " ORDER BY sort_order, name), '[]')) FROM districts";

int
hl_enterprise_districts_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_DISTRICTS, 0, NULL, out, err);
}

static const char SQL_TAGS[] =
    "SELECT json_build_object('items', coalesce(json_agg(json_build_object("
    " 'name', name, 'description', description)"
    " ORDER BY sort_order, name), '[]')) FROM tags";

int
hl_enterprise_tags_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_TAGS, 0, NULL, out, err);
}

/* ---- checking input ---- */

static const char *const size_classes[] = { "large", "medium", "small", "micro",
	NULL };
static const char *const party_statuses[] = { "established", "joint",
	"instructor", "none", NULL };

/* s without leading and trailing ASCII white space, in the arena. */
static const char *
trimmed(struct hl_ctx *ctx, const char *s)
{
	size_t len;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && strchr(" \t\n\r", s[len - 1]) != NULL)
		len--;
	return hl_arena_strndup(ctx->arena, s, len);
}

static void
check_strv(const char *field, const struct hl_json_strv *v, size_t min,
    size_t max, struct hl_err *err)
{
	size_t i;
	size_t k;

	if (v->n < min || v->n > max) {
		hl_err_field(err, field, "应有 %zu 到 %zu 项", min, max);
		return;
	}
	for (i = 0; i < v->n; i++) {
		if (v->v[i][0] == '\0') {
			hl_err_field(err, field, "不能有空项");
			return;
		}
		for (k = 0; k < i; k++)
			if (strcmp(v->v[i], v->v[k]) == 0) {
				hl_err_field(err, field, "“%s”重复", v->v[i]);
				return;
			}
	}
}

static void
check_contacts(const struct hl_enterprise_in *in, struct hl_err *err)
{
	size_t i;
	size_t n_primary = 0;
	char f[64];

	if (in->n_contacts > HL_ENTERPRISE_MAX_CONTACTS) {
		hl_err_field(err, "contacts", "联系人不能超过 %d 位",
		    HL_ENTERPRISE_MAX_CONTACTS);
		return;
	}
	for (i = 0; i < in->n_contacts; i++) {
		const struct hl_enterprise_contact *k = &in->contacts[i];

		snprintf(f, sizeof(f), "contacts[%zu].name", i);
		hl_valid_length(f, k->name != NULL ? k->name : "", 1, 40, err);
		snprintf(f, sizeof(f), "contacts[%zu].title", i);
		hl_valid_length(f, k->title, 0, 100, err);
		snprintf(f, sizeof(f), "contacts[%zu].phone", i);
		hl_valid_contact_phone(f, k->phone, err);
		snprintf(f, sizeof(f), "contacts[%zu].email", i);
		if (k->email != NULL && k->email[0] != '\0')
			hl_valid_email(f, k->email, err);
		n_primary += k->is_primary;
	}
	if (n_primary > 1)
		hl_err_field(err, "contacts", "只能有一位主要联系人");
}

static void
required(bool has, const char *field, struct hl_err *err)
{
	if (!has)
		hl_err_field(err, field, "必填");
}

int
hl_enterprise_check(struct hl_ctx *ctx, const struct hl_enterprise_in *in,
    bool creating, char code[HL_VALID_CREDIT_CODE_LEN + 1], struct hl_err *err)
{
	bool admin = ctx->role == HL_ROLE_ADMIN;

	if (creating) {
		required(in->has_name, "name", err);
		required(in->has_credit_code, "credit_code", err);
		required(in->has_chain_codes, "chain_codes", err);
		required(in->has_district, "district", err);
		required(in->has_size_class, "size_class", err);
	}
	if (in->has_name)
		hl_valid_length("name", trimmed(ctx, in->name), 2, 200, err);
	if (in->has_credit_code) {
		if (!creating && !admin)
			hl_err_field(err, "credit_code",
			    "只有管理员可以修改统一社会信用代码");
		else
			hl_valid_credit_code("credit_code", in->credit_code,
			    code, err);
	}
	if (in->has_key_enterprise && !admin)
		hl_err_field(err, "key_enterprise",
		    "只有管理员可以设置重点企业标记");
	if (in->has_chain_codes)
		check_strv("chain_codes", &in->chain_codes, 1,
		    HL_ENTERPRISE_MAX_CHAINS, err);
	if (in->has_district)
		hl_valid_length("district", in->district, 1, 20, err);
	if (in->has_size_class)
		hl_valid_enum("size_class", in->size_class, size_classes, err);
	if (in->has_party_org_status)
		hl_valid_enum("party_org_status", in->party_org_status,
		    party_statuses, err);
	if (in->has_tags)
		check_strv("tags", &in->tags, 0, HL_ENTERPRISE_MAX_TAGS, err);
	if (in->has_address)
		hl_valid_length("address", in->address, 0, 200, err);
	if (in->has_main_products)
		hl_valid_length("main_products", in->main_products, 0, 1000,
		    err);
	if (in->has_note)
		hl_valid_length("note", in->note, 0, 4000, err);
	if (in->has_employee_count &&
	    (in->employee_count < 0 || in->employee_count > 10000000))
		hl_err_field(err, "employee_count",
		    "应为 0 到 10000000 的整数");
	if (in->has_contacts)
		check_contacts(in, err);
	return hl_err_is_set(err) ? -1 : 0;
}

static void
jw_strv(struct hl_jw *w, const char *key, const struct hl_json_strv *v)
{
	size_t i;

	hl_jw_key(w, key);
	hl_jw_arr_begin(w);
	for (i = 0; i < v->n; i++)
		hl_jw_str(w, v->v[i]);
	hl_jw_arr_end(w);
}

static void
jw_opt(struct hl_jw *w, bool has, const char *key, const char *v)
{
	if (has) {
		hl_jw_key(w, key);
		hl_jw_str(w, v != NULL ? v : "");
	}
}

static void
jw_contacts(struct hl_ctx *ctx, struct hl_jw *w,
    const struct hl_enterprise_in *in)
{
	size_t i;

	hl_jw_key(w, "contacts");
	hl_jw_arr_begin(w);
	for (i = 0; i < in->n_contacts; i++) {
		const struct hl_enterprise_contact *k = &in->contacts[i];

		hl_jw_obj_begin(w);
		hl_jw_key(w, "name");
		hl_jw_str(w, trimmed(ctx, k->name));
		jw_opt(w, true, "title", k->title);
		jw_opt(w, true, "phone", k->phone);
		jw_opt(w, true, "email", k->email);
		hl_jw_key(w, "is_primary");
		hl_jw_bool(w, k->is_primary);
		hl_jw_obj_end(w);
	}
	hl_jw_arr_end(w);
}

/* The members given, checked and canonical, as one JSON object. */
static void
in_json(struct hl_ctx *ctx, const struct hl_enterprise_in *in, const char *code,
    struct hl_buf *out)
{
	struct hl_jw w;

	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	jw_opt(&w, in->has_name, "name", trimmed(ctx, in->name));
	jw_opt(&w, in->has_credit_code, "credit_code", code);
	jw_opt(&w, in->has_district, "district", in->district);
	jw_opt(&w, in->has_size_class, "size_class", in->size_class);
	jw_opt(&w, in->has_party_org_status, "party_org_status",
	    in->party_org_status);
	jw_opt(&w, in->has_address, "address", in->address);
	jw_opt(&w, in->has_main_products, "main_products", in->main_products);
	jw_opt(&w, in->has_note, "note", in->note);
	if (in->has_key_enterprise) {
		hl_jw_key(&w, "key_enterprise");
		hl_jw_bool(&w, in->key_enterprise);
	}
	if (in->has_employee_count) {
		hl_jw_key(&w, "employee_count");
		hl_jw_i64(&w, in->employee_count);
	}
	if (in->has_tags)
		jw_strv(&w, "tags", &in->tags);
	if (in->has_chain_codes)
		jw_strv(&w, "chain_codes", &in->chain_codes);
	if (in->has_contacts)
		jw_contacts(ctx, &w, in);
	hl_jw_obj_end(&w);
}

/* ---- writing ---- */

/* $1 document, $2 id of the enterprise changed (0 when creating): an
 * unknown district, the unknown chain codes, and the enterprise that has
 * the credit code already. */
static const char SQL_REFS[] =
    "SELECT $1::jsonb ? 'district' AND NOT EXISTS (SELECT 1 FROM districts"
    "  WHERE name = $1::jsonb->>'district'),"
    " (SELECT coalesce(string_agg(w.x, '、' ORDER BY w.i), '')"
    "  FROM jsonb_array_elements_text(coalesce($1::jsonb->'chain_codes',"
    "  '[]')) WITH ORDINALITY AS w(x, i)"
    "  WHERE NOT EXISTS (SELECT 1 FROM chains c WHERE c.code = w.x)),"
    " (SELECT name FROM enterprises WHERE credit_code ="
    "  $1::jsonb->>'credit_code' AND id <> $2::bigint)";

/* Refuse references that do not exist and a taken credit code, with
 * friendly messages (the constraints would only say "invalid"). */
static int
check_refs(struct hl_ctx *ctx, const char *doc, const char *sid,
    struct hl_err *err)
{
	const char *params[2] = { doc, sid };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_REFS, 2, params, err);

	if (r == NULL)
		return -1;
	if (hl_db_get_bool(r, 0, 0))
		hl_err_field(err, "district", "未知的区县");
	if (hl_db_get(r, 0, 1)[0] != '\0')
		hl_err_field(err, "chain_codes", "未知的产业链：%s",
		    hl_db_get(r, 0, 1));
	if (!hl_err_is_set(err) && !hl_db_isnull(r, 0, 2)) {
		hl_err_set(err, 409, "conflict", "统一社会信用代码已登记：%s",
		    hl_db_get(r, 0, 2));
		hl_err_field(err, "credit_code", "已登记：%s",
		    hl_db_get(r, 0, 2));
	}
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

#define DOC_TAGS                                                               \
	"ARRAY(SELECT x FROM jsonb_array_elements_text(j->'tags')"             \
	" WITH ORDINALITY AS t(x, i) ORDER BY i)"

/*
 * $1 an array of documents, $2 creator: the enterprises with their chains
 * (the first one primary) and contacts, answering (i, id) per document
 * inserted, i its 1-based place.  A document whose credit code was
 * registered by a concurrent request meanwhile is skipped (the caller
 * reports it).  One statement however many documents: an import of
 * thousands is as many round trips as one registration.
 */
static const char SQL_INSERT[] =
    "WITH d AS (SELECT x AS j, i FROM jsonb_array_elements($1::jsonb)"
    "  WITH ORDINALITY AS t(x, i)),"
    " ins AS (INSERT INTO enterprises (name, credit_code, district,"
    "  size_class, tags, key_enterprise, party_org_status, address,"
    "  main_products, employee_count, note, created_by)"
    "  SELECT j->>'name', j->>'credit_code', j->>'district',"
    "  j->>'size_class', coalesce(" DOC_TAGS ", '{}'),"
    "  coalesce((j->>'key_enterprise')::boolean, false),"
    "  coalesce(j->>'party_org_status', 'none'),"
    "  coalesce(j->>'address', ''), coalesce(j->>'main_products', ''),"
    "  (j->>'employee_count')::int, coalesce(j->>'note', ''),"
    "  NULLIF($2, '0')::bigint FROM d ORDER BY i"
    "  ON CONFLICT (credit_code) DO NOTHING RETURNING id, credit_code),"
    " done AS (SELECT ins.id, d.j, d.i FROM ins"
    "  JOIN d ON d.j->>'credit_code' = ins.credit_code),"
    " ch AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
    "  is_primary) SELECT done.id, c.id, w.k = 1 FROM done"
    "  CROSS JOIN LATERAL jsonb_array_elements_text(done.j->'chain_codes')"
    "  WITH ORDINALITY AS w(x, k) JOIN chains c ON c.code = w.x),"
    " ct AS (INSERT INTO enterprise_contacts (enterprise_id, name, title,"
    "  phone, email, is_primary, sort_order)"
    "  SELECT done.id, x->>'name', x->>'title', NULLIF(x->>'phone', ''),"
    "  NULLIF(x->>'email', ''), (x->>'is_primary')::boolean, k FROM done"
    "  CROSS JOIN LATERAL jsonb_array_elements(coalesce(done.j->'contacts',"
    "  '[]')) WITH ORDINALITY AS w(x, k))"
    " SELECT i, id FROM done ORDER BY i";

/* $1 id, $2 document: the members present replace the stored ones. */
static const char SQL_UPDATE[] =
    "UPDATE enterprises e SET name = coalesce(j->>'name', e.name),"
    " credit_code = coalesce(j->>'credit_code', e.credit_code),"
    " district = coalesce(j->>'district', e.district),"
    " size_class = coalesce(j->>'size_class', e.size_class),"
    " tags = CASE WHEN j ? 'tags' THEN " DOC_TAGS " ELSE e.tags END,"
    " key_enterprise = coalesce((j->>'key_enterprise')::boolean,"
    "  e.key_enterprise),"
    " party_org_status = coalesce(j->>'party_org_status',"
    "  e.party_org_status),"
    " address = coalesce(j->>'address', e.address),"
    " main_products = coalesce(j->>'main_products', e.main_products),"
    " employee_count = CASE WHEN j ? 'employee_count'"
    "  THEN (j->>'employee_count')::int ELSE e.employee_count END,"
    " note = coalesce(j->>'note', e.note)"
    " FROM (SELECT $2::jsonb AS j) d WHERE e.id = $1";

/* $1 id, $2 document with chain_codes: drop the chains not listed and
 * clear the primary flag, so that the next statement can set it on the
 * first listed chain (the partial unique index allows one at a time). */
static const char SQL_CHAINS_CLEAR[] =
    "WITH w AS (SELECT c.id FROM jsonb_array_elements_text("
    "  $2::jsonb->'chain_codes') AS x JOIN chains c ON c.code = x),"
    " del AS (DELETE FROM enterprise_chains WHERE enterprise_id = $1"
    "  AND chain_id NOT IN (SELECT id FROM w))"
    " UPDATE enterprise_chains SET is_primary = false"
    " WHERE enterprise_id = $1 AND is_primary"
    " AND chain_id IN (SELECT id FROM w)";

static const char SQL_CHAINS_SET[] =
    "INSERT INTO enterprise_chains (enterprise_id, chain_id, is_primary)"
    " SELECT $1, c.id, w.i = 1 FROM jsonb_array_elements_text("
    "  $2::jsonb->'chain_codes') WITH ORDINALITY AS w(x, i)"
    " JOIN chains c ON c.code = w.x"
    " ON CONFLICT (enterprise_id, chain_id)"
    " DO UPDATE SET is_primary = EXCLUDED.is_primary";

/* $1 id, $2 document with contacts: they replace the stored ones. */
static const char SQL_CONTACTS[] =
    "WITH del AS (DELETE FROM enterprise_contacts WHERE enterprise_id = $1)"
    " INSERT INTO enterprise_contacts (enterprise_id, name, title, phone,"
    " email, is_primary, sort_order)"
    " SELECT $1, x->>'name', x->>'title', NULLIF(x->>'phone', ''),"
    " NULLIF(x->>'email', ''), (x->>'is_primary')::boolean, i"
    " FROM jsonb_array_elements($2::jsonb->'contacts')"
    " WITH ORDINALITY AS t(x, i)";

/* $1 enterprise, $2 commissioner: the creator serves what they register. */
static const char SQL_ASSIGN[] =
    "INSERT INTO assignments (commissioner_id, enterprise_id, created_by)"
    " VALUES ($2, $1, $2) ON CONFLICT DO NOTHING RETURNING id,"
    " json_build_object('id', id, 'commissioner_id', commissioner_id,"
    " 'enterprise_id', enterprise_id)::text";

/* $1 id, $2 role, $3 user id: enterprise id locked for a change, if the
 * caller may change it (admins: any; commissioners: assigned ones). */
static const char SQL_LOCK[] =
    "SELECT e.id FROM enterprises e WHERE e.id = $1"
    " AND ($2 = 'admin' OR ($2 = 'commissioner' AND EXISTS (SELECT 1"
    "  FROM assignments a WHERE a.enterprise_id = e.id"
    "  AND a.commissioner_id = $3::bigint)))"
    " FOR UPDATE OF e";

struct write_tx {
	struct hl_ctx *ctx;
	const struct hl_enterprise_in *in;
	const char *doc;
	int64_t id; /* 0 when creating */
	struct hl_buf *out;
	size_t out_len;
};

/* The enterprise as an admin sees it: the audit snapshot. */
static int
snapshot(struct hl_ctx *ctx, const char *sid, struct hl_buf *out,
    const char **json, struct hl_err *err)
{
	struct hl_enterprise_caller admin = { "admin", "0", "0" };

	return fetch(ctx, sid, &admin, out, json, NULL, err);
}

static int
run2(struct hl_ctx *ctx, const char *sql, const char *sid, const char *doc,
    struct hl_err *err)
{
	const char *params[2] = { sid, doc };

	return hl_db_run(ctx->db, sql, 2, params, err);
}

/* Insert the documents of docs (a JSON array) on ctx->db; ids[i] gets
 * the id of document i, 0 for one skipped as registered meanwhile.
 * Returns how many were inserted, or -1. */
static int
insert_docs(struct hl_ctx *ctx, const char *docs, int64_t *ids, size_t n_docs,
    struct hl_err *err)
{
	char uid[24];
	const char *params[2] = { docs, uid };
	struct hl_db_res *r;
	int n;
	int k;

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	r = hl_db_exec(ctx->db, SQL_INSERT, 2, params, err);
	if (r == NULL)
		return -1;
	memset(ids, 0, n_docs * sizeof(*ids));
	n = hl_db_nrows(r);
	for (k = 0; k < n; k++) {
		int64_t i = hl_db_get_i64(r, k, 0);

		if (i >= 1 && (size_t)i <= n_docs)
			ids[i - 1] = hl_db_get_i64(r, k, 1);
	}
	hl_db_res_free(r);
	return n;
}

static int
insert(struct write_tx *w, char sid[24], struct hl_err *err)
{
	const char *docs = hl_arena_printf(w->ctx->arena, "[%s]", w->doc);
	int64_t id = 0;
	int n = insert_docs(w->ctx, docs, &id, 1, err);

	if (n == -1)
		return -1;
	if (n == 1)
		snprintf(sid, 24, "%" PRId64, id);
	/* Registered by a concurrent request since check_refs(): name it. */
	if (n == 0)
		return check_refs(w->ctx, w->doc, "0", err) == -1
		    ? -1
		    : hl_err_set(err, 409, "conflict",
		          "统一社会信用代码已登记");
	return 0;
}

static int
assign_creator(struct write_tx *w, const char *sid, struct hl_err *err)
{
	char uid[24];
	const char *params[2] = { sid, uid };
	struct hl_db_res *r;
	int rc = 0;

	if (w->ctx->role != HL_ROLE_COMMISSIONER)
		return 0;
	snprintf(uid, sizeof(uid), "%" PRId64, w->ctx->user_id);
	r = hl_db_exec(w->ctx->db, SQL_ASSIGN, 2, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 1)
		rc = hl_audit_add(w->ctx, "assignment.create", "assignment",
		    hl_db_get(r, 0, 0), NULL, hl_db_get(r, 0, 1), err);
	hl_db_res_free(r);
	return rc;
}

static int
write_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct write_tx *w = arg;
	struct hl_ctx *ctx = w->ctx;
	char sid[24];
	const char *before = NULL;
	const char *after = NULL;

	(void)db;
	cut(w->out, w->out_len);
	snprintf(sid, sizeof(sid), "%" PRId64, w->id);
	if (w->id > 0) {
		struct hl_enterprise_caller c;
		const char *params[3];
		struct hl_db_res *r;
		int n;

		hl_enterprise_caller(ctx, &c);
		params[0] = sid;
		params[1] = c.role;
		params[2] = c.uid;
		r = hl_db_exec(ctx->db, SQL_LOCK, 3, params, err);
		if (r == NULL)
			return -1;
		n = hl_db_nrows(r);
		hl_db_res_free(r);
		if (n == 0)
			return hl_err_not_found(err);
		if (snapshot(ctx, sid, NULL, &before, err) == -1)
			return -1;
	}
	if (check_refs(ctx, w->doc, sid, err) == -1)
		return -1;
	if ((w->id > 0 ? run2(ctx, SQL_UPDATE, sid, w->doc, err)
	               : insert(w, sid, err)) == -1)
		return -1;
	/* A new enterprise got its chains and contacts with its row. */
	if (w->id > 0 && w->in->has_chain_codes &&
	    (run2(ctx, SQL_CHAINS_CLEAR, sid, w->doc, err) == -1 ||
	        run2(ctx, SQL_CHAINS_SET, sid, w->doc, err) == -1))
		return -1;
	if (w->id > 0 && w->in->has_contacts &&
	    run2(ctx, SQL_CONTACTS, sid, w->doc, err) == -1)
		return -1;
	if (w->id == 0 && assign_creator(w, sid, err) == -1)
		return -1;
	if (snapshot(ctx, sid, w->out, &after, err) == -1)
		return -1;
	return hl_audit_add(ctx,
	    w->id > 0 ? "enterprise.update" : "enterprise.create", "enterprise",
	    sid, before, after, err);
}

static int
save(struct hl_ctx *ctx, int64_t id, const struct hl_enterprise_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	char code[HL_VALID_CREDIT_CODE_LEN + 1] = "";
	struct hl_buf doc = { 0 };
	struct write_tx w = { ctx, in, NULL, id, out, out->len };
	int rc;

	if (ctx->role != HL_ROLE_ADMIN && ctx->role != HL_ROLE_COMMISSIONER)
		return id > 0 ? hl_err_not_found(err) : hl_err_forbidden(err);
	if (hl_enterprise_check(ctx, in, id == 0, code, err) == -1)
		return -1;
	in_json(ctx, in, code, &doc);
	w.doc = hl_buf_cstr(&doc);
	rc = hl_db_tx_run(ctx->db, write_tx, &w, err);
	hl_buf_release(&doc);
	return rc;
}

int
hl_enterprise_create(struct hl_ctx *ctx, const struct hl_enterprise_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	return save(ctx, 0, in, out, err);
}

int
hl_enterprise_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_enterprise_in *in, struct hl_buf *out, struct hl_err *err)
{
	return save(ctx, id, in, out, err);
}

/* ---- registering many ---- */

/* $1 ids (a JSON array): one {"id","after"} per enterprise as an admin
 * sees it, for the audit rows. */
static const char SQL_SNAPSHOTS[] =
    "SELECT coalesce(json_agg(json_build_object('id', e.id::text,"
    " 'after', json_build_object(" FIELDS(
        "'admin'") ")) ORDER BY e.id),"
                   " '[]')::text FROM enterprises e WHERE e.id IN (SELECT x::bigint"
                   " FROM jsonb_array_elements_text($1::jsonb) AS x)";

struct many_tx {
	struct hl_ctx *ctx;
	const char *docs;
	size_t n;
	const char *const *codes;
	int64_t *ids;
};

static int
many_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct many_tx *t = arg;
	struct hl_buf ids = { 0 };
	const char *params[1];
	struct hl_db_res *r = NULL;
	size_t i;
	int n;
	int rc = -1;

	n = insert_docs(t->ctx, t->docs, t->ids, t->n, err);
	if (n == -1)
		return -1;
	for (i = 0; i < t->n && (size_t)n < t->n; i++)
		if (t->ids[i] == 0) {
			hl_err_set(err, 409, "conflict",
			    "统一社会信用代码 %s 刚刚被登记，请重新预览后再导入",
			    t->codes[i]);
			return -1;
		}
	hl_buf_putc(&ids, '[');
	for (i = 0; i < t->n; i++)
		hl_buf_printf(&ids, "%s%" PRId64, i > 0 ? "," : "", t->ids[i]);
	hl_buf_putc(&ids, ']');
	params[0] = hl_buf_cstr(&ids);
	r = hl_db_exec(db, SQL_SNAPSHOTS, 1, params, err);
	if (r == NULL)
		goto out;
	rc = hl_audit_add_many(t->ctx, "enterprise.import", "enterprise",
	    hl_db_get(r, 0, 0), err);
out:
	hl_db_res_free(r);
	hl_buf_release(&ids);
	return rc;
}

int
hl_enterprise_create_many(struct hl_ctx *ctx,
    const struct hl_enterprise_in *ins, const char *const *codes, size_t n,
    int64_t *ids, struct hl_err *err)
{
	struct hl_buf docs = { 0 };
	struct many_tx t = { ctx, NULL, n, codes, ids };
	size_t i;
	int rc;

	if (ctx->role != HL_ROLE_ADMIN)
		return hl_err_forbidden(err);
	hl_buf_putc(&docs, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			hl_buf_putc(&docs, ',');
		in_json(ctx, &ins[i], codes[i], &docs);
	}
	hl_buf_putc(&docs, ']');
	t.docs = hl_buf_cstr(&docs);
	rc = hl_db_tx_run(ctx->db, many_tx, &t, err);
	hl_buf_release(&docs);
	return rc;
}
