/*
 * Audit rows.  The table refuses UPDATE and DELETE by trigger (0004), so
 * this module can only ever add.  Actor columns are filled from the
 * request context, never from client input.
 */
#include "audit.h"

#include <inttypes.h>
#include <stdio.h>

#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "qparam.h"

static const char SQL_ADD[] =
    "INSERT INTO audit_log (actor_user_id, actor_login, action, object_type,"
    " object_id, request_id, client_ip, before, after)"
    " VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, '')::inet, $8::jsonb,"
    " $9::jsonb)";

int
hl_audit_add(struct hl_ctx *ctx, const char *action, const char *object_type,
    const char *object_id, const char *before_json, const char *after_json,
    struct hl_err *err)
{
	char uid[24];
	const char *params[9];

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	params[0] = ctx->user_id > 0 ? uid : NULL;
	params[1] = ctx->login;
	params[2] = action;
	params[3] = object_type;
	params[4] = object_id;
	params[5] = ctx->request_id;
	params[6] = ctx->client_ip;
	params[7] = before_json;
	params[8] = after_json;
	return hl_db_run(ctx->db, SQL_ADD, 9, params, err);
}

static const char SQL_ADD_MANY[] =
    "INSERT INTO audit_log (actor_user_id, actor_login, action, object_type,"
    " object_id, request_id, client_ip, before, after)"
    " SELECT $1::bigint, $2, $3, $4, x->>'id', $5, NULLIF($6, '')::inet,"
    " x->'before', x->'after' FROM jsonb_array_elements($7::jsonb) AS x";

int
hl_audit_add_many(struct hl_ctx *ctx, const char *action,
    const char *object_type, const char *items_json, struct hl_err *err)
{
	char uid[24];
	const char *params[7];

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	params[0] = ctx->user_id > 0 ? uid : NULL;
	params[1] = ctx->login;
	params[2] = action;
	params[3] = object_type;
	params[4] = ctx->request_id;
	params[5] = ctx->client_ip;
	params[6] = items_json;
	return hl_db_run(ctx->db, SQL_ADD_MANY, 7, params, err);
}

int
hl_audit_add_system(struct hl_db_conn *db, const char *action,
    const char *object_type, const char *object_id, const char *after_json,
    struct hl_err *err)
{
	struct hl_ctx ctx = { 0 };

	ctx.db = db;
	return hl_audit_add(&ctx, action, object_type, object_id, NULL,
	    after_json, err);
}

/* $1 actor or 0, $2 action or '', $3 object type or '', $4 object id or
 * '', $5 first day or '', $6 last day or '', $7 cursor, $8 limit.  An
 * action ending in "." is a prefix ("enterprise." = every enterprise
 * action). */
static const char SQL_LIST[] =
    "WITH page AS (SELECT l.* FROM audit_log l"
    " WHERE ($1::bigint = 0 OR l.actor_user_id = $1::bigint)"
    " AND ($2 = '' OR l.action = $2 OR (right($2, 1) = '.'"
    "  AND left(l.action, length($2)) = $2))"
    " AND ($3 = '' OR l.object_type = $3)"
    " AND ($4 = '' OR l.object_id = $4)"
    " AND ($5 = '' OR l.at >= NULLIF($5, '')::date::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " AND ($6 = '' OR l.at < (NULLIF($6, '')::date + 1)::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " AND ($7::bigint = 0 OR l.id < $7::bigint)"
    " ORDER BY l.id DESC LIMIT $8::int + 1)," HL_QPARAM_SQL_SHOWN(
        "$8") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              " json_build_object('id', l.id, 'at', l.at,"
              " 'actor_user_id', l.actor_user_id, 'actor_login', l.actor_login,"
              " 'action', l.action, 'object_type', l.object_type,"
              " 'object_id', l.object_id, 'request_id', l.request_id,"
              " 'client_ip', host(l.client_ip), 'before', l.before,"
              " 'after', l.after) ORDER BY l.id DESC), '[]') FROM shown l)," HL_QPARAM_SQL_NEXT_CURSOR(
                  "$8") ")";

/* The filter as the statements' $1..$6, cursor and limit as $7, $8. */
struct params {
	char actor[24];
	char cursor[24];
	char limit[24];
	const char *v[8];
};

static void
filter_params(const struct hl_audit_filter *f, struct params *p)
{
	snprintf(p->actor, sizeof(p->actor), "%" PRId64, f->actor);
	snprintf(p->cursor, sizeof(p->cursor), "%" PRId64, f->cursor);
	snprintf(p->limit, sizeof(p->limit), "%" PRId64, f->limit);
	p->v[0] = p->actor;
	p->v[1] = f->action != NULL ? f->action : "";
	p->v[2] = f->object_type != NULL ? f->object_type : "";
	p->v[3] = f->object_id != NULL ? f->object_id : "";
	p->v[4] = f->from != NULL ? f->from : "";
	p->v[5] = f->to != NULL ? f->to : "";
	p->v[6] = p->cursor;
	p->v[7] = p->limit;
}

int
hl_audit_list_json(struct hl_ctx *ctx, const struct hl_audit_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct params p;

	filter_params(f, &p);
	return hl_db_fetch_json(ctx->db, SQL_LIST, 8, p.v, out, err);
}

/* $1..$6 as SQL_LIST's, $7 the row cap. */
static const char SQL_EXPORT[] =
    "SELECT to_char(l.at AT TIME ZONE 'Asia/Shanghai',"
    " 'YYYY-MM-DD HH24:MI:SS'), l.actor_login, l.actor_user_id::text,"
    " l.action, l.object_type, l.object_id, l.request_id, host(l.client_ip),"
    " l.before::text, l.after::text FROM audit_log l"
    " WHERE ($1::bigint = 0 OR l.actor_user_id = $1::bigint)"
    " AND ($2 = '' OR l.action = $2 OR (right($2, 1) = '.'"
    "  AND left(l.action, length($2)) = $2))"
    " AND ($3 = '' OR l.object_type = $3)"
    " AND ($4 = '' OR l.object_id = $4)"
    " AND ($5 = '' OR l.at >= NULLIF($5, '')::date::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " AND ($6 = '' OR l.at < (NULLIF($6, '')::date + 1)::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " ORDER BY l.id DESC LIMIT $7::int";

static const struct hl_export_col export_cols[] = {
	{ "at", "时间", HL_EXPORT_DATETIME },
	{ "actor_login", "操作账号", HL_EXPORT_TEXT },
	{ "actor_user_id", "账号编号", HL_EXPORT_INT },
	{ "action", "操作", HL_EXPORT_TEXT },
	{ "object_type", "对象类型", HL_EXPORT_TEXT },
	{ "object_id", "对象编号", HL_EXPORT_TEXT },
	{ "request_id", "请求编号", HL_EXPORT_TEXT },
	{ "client_ip", "来源地址", HL_EXPORT_TEXT },
	{ "before", "修改前", HL_EXPORT_TEXT },
	{ "after", "修改后", HL_EXPORT_TEXT },
};

#define N_EXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))

struct rows {
	struct hl_db_res *r;
	int next;
};

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	struct rows *rs = arg;

	(void)err;
	if (rs->next >= hl_db_nrows(rs->r))
		return 0;
	hl_db_get_row(rs->r, rs->next++, cells, N_EXPORT_COLS);
	return 1;
}

int
hl_audit_export(struct hl_ctx *ctx, const struct hl_audit_filter *f, bool csv,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_audit_filter all = *f;
	struct params p;
	struct rows rs = { NULL, 0 };
	int rc;

	all.cursor = 0;
	all.limit = HL_AUDIT_EXPORT_MAX + 1;
	filter_params(&all, &p);
	p.v[6] = p.limit;
	rs.r = hl_db_exec(ctx->db, SQL_EXPORT, 7, p.v, err);
	if (rs.r == NULL)
		return -1;
	if (hl_db_nrows(rs.r) > HL_AUDIT_EXPORT_MAX) {
		hl_db_res_free(rs.r);
		return hl_err_set(err, 422, "too_many_rows",
		    "符合条件的日志超过 %d 条，请缩小筛选范围后再导出",
		    HL_AUDIT_EXPORT_MAX);
	}
	if (csv)
		rc = hl_export_csv(export_cols, N_EXPORT_COLS, next_row, &rs,
		    out, err);
	else
		rc = hl_export_xlsx("审计日志", export_cols, N_EXPORT_COLS,
		    next_row, &rs, out, err);
	hl_db_res_free(rs.r);
	return rc;
}
