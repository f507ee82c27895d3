/*
 * Assignment rows.  The database's trigger refuses an assignment to a
 * user who is not a commissioner; the check here comes first only to
 * name the field with a friendlier message.
 */
#include "assignment.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "enterprise.h"
#include "err.h"

#define FIELDS                                                                 \
	"'id', a.id, 'commissioner_id', a.commissioner_id,"                    \
	" 'commissioner_name', u.name, 'commissioner_login', u.login,"         \
	" 'enterprise_id', a.enterprise_id, 'enterprise_name', e.name,"        \
	" 'created_at', a.created_at, 'created_by', a.created_by"

#define FROM                                                                   \
	" FROM assignments a JOIN users u ON u.id = a.commissioner_id"         \
	" JOIN enterprises e ON e.id = a.enterprise_id"

static const char SQL_ONE[] =
    "SELECT json_build_object(" FIELDS ")::text" FROM " WHERE a.id = $1";

/* $1 commissioner, $2 enterprise. */
static const char SQL_REFS[] =
    "SELECT (SELECT role FROM users WHERE id = $1::bigint),"
    " EXISTS (SELECT 1 FROM enterprises WHERE id = $2::bigint)";

/* $1 commissioner, $2 enterprise, $3 creator. */
static const char SQL_INSERT[] =
    "INSERT INTO assignments (commissioner_id, enterprise_id, created_by)"
    " VALUES ($1, $2, NULLIF($3, '0')::bigint)"
    " ON CONFLICT (commissioner_id, enterprise_id) DO NOTHING RETURNING id";

static const char SQL_DELETE[] =
    "WITH d AS (SELECT json_build_object(" FIELDS ")::text AS j" FROM
    "  WHERE a.id = $1)"
    " , x AS (DELETE FROM assignments WHERE id = $1 RETURNING id)"
    " SELECT d.j FROM d, x";

struct create_tx {
	struct hl_ctx *ctx;
	const char *params[3];
	struct hl_buf *out;
	size_t out_len;
};

static int
check_refs(struct hl_db_conn *db, const char *const *params, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(db, SQL_REFS, 2, params, err);

	if (r == NULL)
		return -1;
	if (hl_db_isnull(r, 0, 0))
		hl_err_field(err, "commissioner_id", "用户不存在");
	else if (strcmp(hl_db_get(r, 0, 0), "commissioner") != 0)
		hl_err_field(err, "commissioner_id",
		    "只能为服务专员分配包联企业");
	if (!hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "enterprise_id", "企业不存在");
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct create_tx *ct = arg;
	struct hl_db_res *r;
	char sid[24];
	const char *params[1] = { sid };
	int n;

	if (ct->out->p != NULL) {
		ct->out->len = ct->out_len;
		ct->out->p[ct->out_len] = '\0';
	}
	if (check_refs(db, ct->params, err) == -1)
		return -1;
	r = hl_db_exec(db, SQL_INSERT, 3, ct->params, err);
	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	if (n == 1)
		snprintf(sid, sizeof(sid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	if (n == 0)
		return hl_err_set(err, 409, "conflict",
		    "该服务专员已包联此企业");
	if (hl_db_fetch_json(db, SQL_ONE, 1, params, ct->out, err) == -1)
		return -1;
	return hl_audit_add(ct->ctx, "assignment.create", "assignment", sid,
	    NULL, ct->out->p + ct->out_len, err);
}

int
hl_assignment_create(struct hl_ctx *ctx, int64_t commissioner_id,
    int64_t enterprise_id, struct hl_buf *out, struct hl_err *err)
{
	char com[24];
	char ent[24];
	char uid[24];
	struct create_tx ct = { ctx, { com, ent, uid }, out, out->len };

	snprintf(com, sizeof(com), "%" PRId64, commissioner_id);
	snprintf(ent, sizeof(ent), "%" PRId64, enterprise_id);
	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	return hl_db_tx_run(ctx->db, create_tx, &ct, err);
}

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
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	rc = hl_audit_add(dt->ctx, "assignment.delete", "assignment", dt->sid,
	    hl_db_get(r, 0, 0), NULL, err);
	hl_db_res_free(r);
	return rc;
}

int
hl_assignment_delete(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char sid[24];
	struct delete_tx dt = { ctx, sid };

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	return hl_db_tx_run(ctx->db, delete_tx, &dt, err);
}

/* $1..$3 the caller, $4 commissioner or 0, $5 enterprise or 0, $6 cursor,
 * $7 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT a.id FROM assignments a"
    " WHERE " HL_ENTERPRISE_VISIBLE("a.enterprise_id", "$1", "$2",
        "$3") " AND ($4::bigint = 0 OR a.commissioner_id = $4::bigint)"
              " AND ($5::bigint = 0 OR a.enterprise_id = $5::bigint)"
              " AND ($6::bigint = 0 OR a.id < $6::bigint)"
              " ORDER BY a.id DESC LIMIT $7::int + 1)," HL_DB_SQL_SHOWN(
                  "$7") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
                        " json_build_object(" FIELDS
                        ") ORDER BY a.id DESC), '[]')" FROM
                        " WHERE a.id IN (SELECT id FROM shown))," HL_DB_SQL_NEXT_CURSOR(
                            "$7") ")";

int
hl_assignment_list_json(struct hl_ctx *ctx,
    const struct hl_assignment_filter *f, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_enterprise_caller c;
	char com[24];
	char ent[24];
	char cursor[24];
	char limit[24];
	const char *params[7] = { NULL, c.uid, c.own, com, ent, cursor, limit };

	hl_enterprise_caller(ctx, &c);
	params[0] = c.role;
	snprintf(com, sizeof(com), "%" PRId64, f->commissioner_id);
	snprintf(ent, sizeof(ent), "%" PRId64, f->enterprise_id);
	snprintf(cursor, sizeof(cursor), "%" PRId64, f->cursor);
	snprintf(limit, sizeof(limit), "%" PRId64, f->limit);
	return hl_db_fetch_json(ctx->db, SQL_LIST, 7, params, out, err);
}

/* ---- in bulk ---- */

/* $1 enterprise ids (JSON array): those that do not exist, by place. */
static const char SQL_MISSING[] =
    "SELECT x.i - 1 FROM jsonb_array_elements_text($1::jsonb)"
    " WITH ORDINALITY AS x(v, i)"
    " WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = x.v::bigint)"
    " ORDER BY x.i";

/* $1 commissioner, $2 enterprises, $3 creator: the new rows as audit
 * items. */
static const char SQL_BULK_ADD[] =
    "WITH ins AS (INSERT INTO assignments (commissioner_id, enterprise_id,"
    "  created_by) SELECT $1::bigint, x::bigint, NULLIF($3, '0')::bigint"
    "  FROM jsonb_array_elements_text($2::jsonb) AS x"
    "  ON CONFLICT (commissioner_id, enterprise_id) DO NOTHING"
    "  RETURNING *)"
    " SELECT count(*), coalesce(json_agg(json_build_object('id', a.id::text,"
    " 'after', json_build_object(" FIELDS "))), '[]')::text"
    " FROM ins a JOIN users u ON u.id = a.commissioner_id"
    " JOIN enterprises e ON e.id = a.enterprise_id";

/* $1 commissioner, $2 enterprises: the removed rows as audit items. */
static const char SQL_BULK_REMOVE[] =
    "WITH del AS (DELETE FROM assignments WHERE commissioner_id = $1::bigint"
    "  AND enterprise_id IN (SELECT x::bigint"
    "  FROM jsonb_array_elements_text($2::jsonb) AS x) RETURNING *)"
    " SELECT count(*), coalesce(json_agg(json_build_object('id', a.id::text,"
    " 'before', json_build_object(" FIELDS "))), '[]')::text"
    " FROM del a JOIN users u ON u.id = a.commissioner_id"
    " JOIN enterprises e ON e.id = a.enterprise_id";

struct bulk_tx {
	struct hl_ctx *ctx;
	const char *com;
	const char *add;
	const char *remove;
	size_t n_add;
	size_t n_remove;
	struct hl_buf *out;
	size_t out_len;
};

static int
bulk_step(struct bulk_tx *t, const char *sql, const char *ids,
    const char *action, int64_t *n, struct hl_err *err)
{
	char uid[24];
	const char *params[3] = { t->com, ids, uid };
	struct hl_db_res *r;
	int rc;

	snprintf(uid, sizeof(uid), "%" PRId64, t->ctx->user_id);
	r = hl_db_exec(t->ctx->db, sql, sql == SQL_BULK_ADD ? 3 : 2, params,
	    err);
	if (r == NULL)
		return -1;
	*n = hl_db_get_i64(r, 0, 0);
	rc = hl_audit_add_many(t->ctx, action, "assignment", hl_db_get(r, 0, 1),
	    err);
	hl_db_res_free(r);
	return rc;
}

static int
bulk_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct bulk_tx *t = arg;
	const char *p_refs[2] = { t->com, "0" };
	const char *p_add[1] = { t->add };
	struct hl_db_res *r;
	int64_t added = 0;
	int64_t removed = 0;
	int i;

	if (t->out->len > t->out_len) {
		t->out->len = t->out_len;
		t->out->p[t->out_len] = '\0';
	}
	/* Only the commissioner's half of SQL_REFS matters here. */
	r = hl_db_exec(db, SQL_REFS, 2, p_refs, err);
	if (r == NULL)
		return -1;
	if (hl_db_isnull(r, 0, 0))
		hl_err_field(err, "commissioner_id", "用户不存在");
	else if (strcmp(hl_db_get(r, 0, 0), "commissioner") != 0)
		hl_err_field(err, "commissioner_id",
		    "只能为服务专员分配包联企业");
	hl_db_res_free(r);
	r = hl_db_exec(db, SQL_MISSING, 1, p_add, err);
	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r); i++) {
		char field[32];

		snprintf(field, sizeof(field), "add[%s]", hl_db_get(r, i, 0));
		hl_err_field(err, field, "企业不存在");
	}
	hl_db_res_free(r);
	if (hl_err_is_set(err) ||
	    bulk_step(t, SQL_BULK_ADD, t->add, "assignment.create", &added,
	        err) == -1 ||
	    bulk_step(t, SQL_BULK_REMOVE, t->remove, "assignment.delete",
	        &removed, err) == -1)
		return -1;
	hl_buf_printf(t->out,
	    "{\"commissioner_id\":%s,\"added\":%" PRId64 ",\"removed\":%" PRId64
	    ",\"unchanged\":%" PRId64 "}",
	    t->com, added, removed,
	    (int64_t)(t->n_add + t->n_remove) - added - removed);
	return 0;
}

static void
ids_json(const int64_t *v, size_t n, struct hl_buf *out)
{
	size_t i;

	hl_buf_putc(out, '[');
	for (i = 0; i < n; i++)
		hl_buf_printf(out, "%s%" PRId64, i > 0 ? "," : "", v[i]);
	hl_buf_putc(out, ']');
}

int
hl_assignment_bulk(struct hl_ctx *ctx, int64_t commissioner_id,
    const int64_t *add, size_t n_add, const int64_t *remove, size_t n_remove,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_buf a = { 0 };
	struct hl_buf r = { 0 };
	char com[24];
	struct bulk_tx t = { ctx, com, NULL, NULL, n_add, n_remove, out,
		out->len };
	size_t i;
	size_t k;
	int rc;

	if (n_add > HL_ASSIGNMENT_BULK_MAX || n_remove > HL_ASSIGNMENT_BULK_MAX)
		return hl_err_field(err,
		    n_add > HL_ASSIGNMENT_BULK_MAX ? "add" : "remove",
		    "一次最多 %d 家企业", HL_ASSIGNMENT_BULK_MAX);
	for (i = 0; i < n_add; i++)
		for (k = 0; k < n_remove; k++)
			if (add[i] == remove[k])
				return hl_err_field(err, "remove",
				    "同一家企业不能既分配又移除");
	snprintf(com, sizeof(com), "%" PRId64, commissioner_id);
	ids_json(add, n_add, &a);
	ids_json(remove, n_remove, &r);
	t.add = hl_buf_cstr(&a);
	t.remove = hl_buf_cstr(&r);
	rc = hl_db_tx_run(ctx->db, bulk_tx, &t, err);
	hl_buf_release(&a);
	hl_buf_release(&r);
	return rc;
}
