/*
 * Audit rows.  The table refuses UPDATE and DELETE by trigger (0004), so
 * this module can only ever add.  Actor columns are filled from the
 * request context, never from client input.
 */
#include "audit.h"

#include <inttypes.h>
#include <stdio.h>

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
