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
