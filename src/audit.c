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
    " ORDER BY l.id DESC LIMIT $8::int + 1)," HL_DB_SQL_SHOWN(
        "$8") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              " json_build_object('id', l.id, 'at', l.at,"
              " 'actor_user_id', l.actor_user_id, 'actor_login', l.actor_login,"
              " 'action', l.action, 'object_type', l.object_type,"
              " 'object_id', l.object_id, 'request_id', l.request_id,"
              " 'client_ip', host(l.client_ip), 'before', l.before,"
              " 'after', l.after) ORDER BY l.id DESC), '[]') FROM shown l)," HL_DB_SQL_NEXT_CURSOR(
                  "$8") ")";

void
hl_audit_filter_params(const struct hl_audit_filter *f,
    struct hl_audit_params *p)
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
	struct hl_audit_params p = { 0 };

	hl_audit_filter_params(f, &p);
	return hl_db_fetch_json(ctx->db, SQL_LIST, 8, p.v, out, err);
}
