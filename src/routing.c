/*
 * Routing rules and their completeness.  Who would be suggested is asked
 * of hl_routing_candidates() (0018), the function case routing itself
 * uses, so the check cannot disagree with what happens to a new case.
 */
#include "routing.h"

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

#define CATEGORY_ORDER                                                         \
	"array_position(ARRAY['policy', 'financing', 'legal', 'technology',"   \
	" 'talent', 'approvals', 'other'], s.category)"

/*
 * $1 chain code or '', $2 category or '', $3 role, $4 user: one row of
 * CTE "items" per chain and category the caller may see; effective is the
 * first candidate, problem what a person should fix.  Both statements
 * below end with it; they differ in what they aggregate, so each keeps a
 * plan whose cost stays below the JIT threshold (a CASE choosing between
 * the two answers made PostgreSQL cost, and JIT-compile, the whole tree).
 */
#define ROUTING_ITEMS                                                                                      \
	"WITH pairs AS (SELECT c.id AS chain_id, c.code, c.name, c.sort_order,"                            \
	"  s.category, " CATEGORY_ORDER " AS cat_order"                                                    \
	"  FROM chains c CROSS JOIN sla_limits s"                                                          \
	"  WHERE ($1 = '' OR c.code = $1) AND ($2 = '' OR s.category = $2)"                                \
	"  AND ($3 = 'admin' OR ($3 = 'committee' AND EXISTS (SELECT 1"                                    \
	"   FROM user_chains uc WHERE uc.chain_id = c.id"                                                  \
	"   AND uc.user_id = $4::bigint)))),"                                                              \
	" rows AS MATERIALIZED (SELECT p.*,"                                                               \
	"  (SELECT coalesce(json_agg(json_build_object('id', u.id,"                                        \
	"   'login', u.login, 'name', u.name, 'usable', u.role = 'responder'"                              \
	"   AND u.disabled_at IS NULL) ORDER BY r.sort_order, r.id), '[]')"                                \
	"   FROM routing_rules r JOIN users u ON u.id = r.user_id"                                         \
	"   WHERE r.chain_id = p.chain_id AND r.category = p.category) AS rules,"                          \
	"  (SELECT count(*) FROM routing_rules r JOIN users u ON u.id = r.user_id"                         \
	"   WHERE r.chain_id = p.chain_id AND r.category = p.category"                                     \
	"   AND NOT (u.role = 'responder' AND u.disabled_at IS NULL))"                                     \
	"   AS n_unusable,"                                                                                \
	"  (SELECT json_build_object('id', u.id, 'login', u.login,"                                        \
	"   'name', u.name, 'source', rc.source)"                                                          \
	"   FROM hl_routing_candidates(p.chain_id, p.category) rc"                                         \
	"   JOIN users u ON u.id = rc.user_id LIMIT 1) AS effective,"                                      \
	"  (SELECT count(*) FROM hl_routing_candidates(p.chain_id, p.category))"                           \
	"   AS n_candidates"                                                                               \
	"  FROM pairs p),"                                                                                 \
	" items AS MATERIALIZED (SELECT r.*, json_build_object('chain_code',"                              \
	"  r.code, 'chain_name', r.name, 'category', r.category,"                                          \
	"  'rules', r.rules, 'effective', r.effective,"                                                    \
	"  'n_candidates', r.n_candidates,"                                                                \
	"  'problem', CASE WHEN r.effective IS NULL THEN CASE"                                             \
	"   WHEN r.n_unusable > 0 THEN '分办规则中的承办人均已停用或不是承办人员'"     \
	"   WHEN r.category = 'other' THEN '没有分办规则（其他类诉求没有默认承办人）'" \
	"   ELSE '没有分办规则，该产业链也没有对应的“四个一”承办人账号' END"  \
	"   WHEN r.n_unusable > 0 THEN '分办规则中有已停用的承办人，已跳过'"              \
	"   END) AS j FROM rows r)"

/* The check's members, over CTE "items". */
#define ROUTING_CHECK                                                          \
	"'gaps', coalesce(json_agg(i.j ORDER BY i.sort_order, i.chain_id,"     \
	"  i.cat_order) FILTER (WHERE i.effective IS NULL), '[]'),"            \
	" 'complete', coalesce(bool_and(i.effective IS NOT NULL), true),"      \
	" 'n_pairs', count(*),"                                                \
	" 'n_covered', count(*) FILTER (WHERE i.effective IS NOT NULL)"

/* An unknown filter value, or a chain the caller may not see, is "no
 * row": 404. */
#define ROUTING_FOUND                                                          \
	" HAVING ($1 = '' OR EXISTS (SELECT 1 FROM pairs))"                    \
	" AND ($2 = '' OR EXISTS (SELECT 1 FROM sla_limits WHERE category = $2))"

static const char SQL_LIST[] = ROUTING_ITEMS
    " SELECT json_build_object('items', coalesce(json_agg(i.j"
    "  ORDER BY i.sort_order, i.chain_id, i.cat_order), '[]'), " ROUTING_CHECK
    ") FROM items i" ROUTING_FOUND;

static const char SQL_CHECK[] = ROUTING_ITEMS
    " SELECT json_build_object(" ROUTING_CHECK ") FROM items i" ROUTING_FOUND;

/* For this transaction only.  The statements above call a function per
 * chain and category, which makes their estimated cost large enough for
 * PostgreSQL to JIT-compile them: measured, 2.2 s of compiling for 0.3 s
 * of work on 140 pairs. */
static const char SQL_NO_JIT[] = "SELECT set_config('jit', 'off', true)";

struct list_tx {
	struct hl_ctx *ctx;
	const char *sql;
	const char *const *params;
	struct hl_buf *out;
	size_t out_len;
};

static int
list_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct list_tx *t = arg;

	hl_buf_cut(t->out, t->out_len);
	if (hl_db_run(db, SQL_NO_JIT, 0, NULL, err) == -1)
		return -1;
	return hl_db_fetch_json(db, t->sql, 4, t->params, t->out, err);
}

static int
list(struct hl_ctx *ctx, const char *chain, const char *category, bool check,
    struct hl_buf *out, struct hl_err *err)
{
	const char *role = hl_ctx_role_name(ctx->role);
	char uid[24];
	const char *params[4];
	struct list_tx t = { ctx, check ? SQL_CHECK : SQL_LIST, params, out,
		out->len };

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	params[0] = chain != NULL ? chain : "";
	params[1] = category != NULL ? category : "";
	params[2] = role != NULL ? role : "";
	params[3] = uid;
	return hl_db_tx_run(ctx->db, list_tx, &t, err);
}

int
hl_routing_list_json(struct hl_ctx *ctx, const struct hl_routing_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	return list(ctx, f->chain, f->category, false, out, err);
}

int
hl_routing_check_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	return list(ctx, NULL, NULL, true, out, err);
}

/* ---- changing a rule ---- */

/* $1 code: the chain, locked, so that two edits of one chain queue up. */
static const char SQL_CHAIN[] =
    "SELECT id FROM chains WHERE code = $1 FOR UPDATE";

/* $1 users as a JSON array: per user in order, why it cannot answer cases
 * ('' when it can). */
static const char SQL_USERS[] =
    "SELECT CASE WHEN u.id IS NULL THEN '账号不存在'"
    " WHEN u.role <> 'responder' THEN '“' || u.name || '”不是承办人员账号'"
    " WHEN u.disabled_at IS NOT NULL THEN '“' || u.name || '”的账号已停用'"
    " ELSE '' END"
    " FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS x(v, i)"
    " LEFT JOIN users u ON u.id = x.v::bigint ORDER BY x.i";

/* $1 chain id, $2 category: the rule as a list of user ids. */
static const char SQL_RULE[] =
    "SELECT coalesce(json_agg(user_id ORDER BY sort_order, id), '[]')::text"
    " FROM routing_rules WHERE chain_id = $1::bigint AND category = $2";

static const char SQL_DELETE[] =
    "DELETE FROM routing_rules WHERE chain_id = $1::bigint AND category = $2";

/* $1 chain id, $2 category, $3 users (JSON array), $4 the admin. */
static const char SQL_INSERT[] =
    "INSERT INTO routing_rules (chain_id, category, user_id, sort_order,"
    " created_by) SELECT $1::bigint, $2, x.v::bigint, x.i, $4::bigint"
    " FROM jsonb_array_elements_text($3::jsonb) WITH ORDINALITY AS x(v, i)";

struct set_tx {
	struct hl_ctx *ctx;
	const char *code;
	const char *category;
	const char *users; /* JSON array */
	struct hl_buf *out;
	size_t out_len;
};

static int
rule_json(struct hl_db_conn *db, const char *cid, const char *category,
    struct hl_arena *a, const char **json, struct hl_err *err)
{
	const char *params[2] = { cid, category };
	struct hl_db_res *r = hl_db_exec(db, SQL_RULE, 2, params, err);

	if (r == NULL)
		return -1;
	*json = hl_arena_strdup(a, hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return 0;
}

static int
check_users(struct hl_db_conn *db, const char *users, struct hl_err *err)
{
	const char *params[1] = { users };
	struct hl_db_res *r = hl_db_exec(db, SQL_USERS, 1, params, err);
	int i;

	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r); i++) {
		char field[32];

		if (hl_db_get(r, i, 0)[0] == '\0')
			continue;
		snprintf(field, sizeof(field), "user_ids[%d]", i);
		hl_err_field(err, field, "%s", hl_db_get(r, i, 0));
	}
	hl_db_res_free(r);
	if (hl_err_is_set(err))
		hl_err_set(err, 422, "validation_failed",
		    "分办规则只能指定启用的承办人员账号");
	return hl_err_is_set(err) ? -1 : 0;
}

static int
set_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct set_tx *t = arg;
	char cid[24];
	char uid[24];
	const char *p_code[1] = { t->code };
	const char *p_pair[2] = { cid, t->category };
	const char *p_ins[4] = { cid, t->category, t->users, uid };
	const char *before = NULL;
	const char *after = NULL;
	struct hl_db_res *r;
	int n;

	if (t->out->len > t->out_len) {
		t->out->len = t->out_len;
		t->out->p[t->out_len] = '\0';
	}
	r = hl_db_exec(db, SQL_CHAIN, 1, p_code, err);
	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	if (n > 0)
		snprintf(cid, sizeof(cid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	if (n == 0)
		return hl_err_not_found(err);
	snprintf(uid, sizeof(uid), "%" PRId64, t->ctx->user_id);
	if (check_users(db, t->users, err) == -1 ||
	    rule_json(db, cid, t->category, t->ctx->arena, &before, err) ==
	        -1 ||
	    hl_db_run(db, SQL_DELETE, 2, p_pair, err) == -1 ||
	    hl_db_run(db, SQL_INSERT, 4, p_ins, err) == -1 ||
	    rule_json(db, cid, t->category, t->ctx->arena, &after, err) == -1 ||
	    hl_audit_add(t->ctx, "routing_rule.set", "routing_rule",
	        hl_arena_printf(t->ctx->arena, "%s/%s", t->code, t->category),
	        hl_arena_printf(t->ctx->arena, "{\"user_ids\":%s}", before),
	        hl_arena_printf(t->ctx->arena, "{\"user_ids\":%s}", after),
	        err) == -1)
		return -1;
	return list(t->ctx, t->code, NULL, false, t->out, err);
}

int
hl_routing_set(struct hl_ctx *ctx, const char *code, const char *category,
    const int64_t *user_ids, size_t n, struct hl_buf *out, struct hl_err *err)
{
	struct hl_buf users = { 0 };
	struct set_tx t = { ctx, code, category, NULL, out, out->len };
	size_t i;
	size_t k;
	int rc;

	if (hl_case_category_label(category) == NULL)
		return hl_err_not_found(err);
	if (n > HL_ROUTING_MAX_USERS)
		return hl_err_field(err, "user_ids",
		    "一条分办规则最多指定 %d 人", HL_ROUTING_MAX_USERS);
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (user_ids[k] == user_ids[i])
				return hl_err_field(err, "user_ids",
				    "承办人重复");
		if (user_ids[i] <= 0)
			return hl_err_field(err, "user_ids", "账号编号无效");
	}
	hl_buf_putc(&users, '[');
	for (i = 0; i < n; i++)
		hl_buf_printf(&users, "%s%" PRId64, i > 0 ? "," : "",
		    user_ids[i]);
	hl_buf_putc(&users, ']');
	t.users = hl_buf_cstr(&users);
	rc = hl_db_tx_run(ctx->db, set_tx, &t, err);
	hl_buf_release(&users);
	return rc;
}
