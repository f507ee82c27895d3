/*
 * Committee member writes through the shared four-ones transaction
 * (fourone.c).  Duplicates are looked for first so that the answer can
 * say which rule was broken (one secretary, one name); the unique indexes
 * stay the last word under concurrent writes.
 */
#include "committee.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "db.h"
#include "err.h"
#include "valid.h"

static const char SQL_GET[] = "SELECT json_build_object(" HL_COMMITTEE_SQL_FIELDS(
    "m") ","
         " 'chain_code', (SELECT code FROM chains WHERE id = m.chain_id))::text"
         " FROM chain_committee_members m WHERE m.id = $1::bigint";

static const char SQL_LOCK[] =
    "SELECT id FROM chain_committee_members WHERE id = $1::bigint"
    " FOR UPDATE";

static const char SQL_INSERT[] =
    "INSERT INTO chain_committee_members (chain_id, name, title,"
    " committee_role, sort_order, user_id)"
    " SELECT c.id, btrim(j->>'name'), coalesce(btrim(j->>'title'), ''),"
    " coalesce(j->>'role', 'member'), coalesce((j->>'sort_order')::int,"
    "  (SELECT coalesce(max(x.sort_order), 0) + 1"
    "  FROM chain_committee_members x WHERE x.chain_id = c.id)),"
    " (j->>'user_id')::bigint"
    " FROM chains c, (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

/* A changed link takes the chain from the old account unless another post
 * on the chain keeps it; sql_after gives it to the new one. */
static const char SQL_UPDATE[] =
    "WITH old AS (SELECT user_id FROM chain_committee_members"
    "  WHERE id = $1::bigint),"
    " upd AS (UPDATE chain_committee_members t SET" HL_FOURONE_SET_TEXT("name") "," HL_FOURONE_SET_TEXT(
        "title") ","
                 " committee_role = coalesce(d.j->>'role', t.committee_role)," HL_FOURONE_SET_INT(
                     "sort_order", "int") "," HL_FOURONE_SET_INT("user_id",
                     "bigint") " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                               " WHERE t.id = $1::bigint RETURNING t.id, t.user_id, t.chain_id),"
                               " rm AS (DELETE FROM user_chains uc USING old, upd"
                               "  WHERE old.user_id IS NOT NULL"
                               "  AND old.user_id IS DISTINCT FROM upd.user_id"
                               "  AND uc.user_id = old.user_id AND uc.chain_id = upd.chain_id"
                               "  AND NOT EXISTS (SELECT 1 FROM chain_committee_members x"
                               "  WHERE x.user_id = old.user_id AND x.chain_id = upd.chain_id"
                               "  AND x.id <> upd.id))"
                               " SELECT id FROM upd";

static const char SQL_REMOVE[] =
    "WITH del AS (DELETE FROM chain_committee_members WHERE id = $1::bigint"
    "  RETURNING id, user_id, chain_id),"
    " rm AS (DELETE FROM user_chains uc USING del"
    "  WHERE uc.user_id = del.user_id AND uc.chain_id = del.chain_id"
    "  AND NOT EXISTS (SELECT 1 FROM chain_committee_members x"
    "  WHERE x.user_id = del.user_id AND x.chain_id = del.chain_id"
    "  AND x.id <> del.id))"
    " SELECT id FROM del";

static const char SQL_AFTER[] =
    "INSERT INTO user_chains (user_id, chain_id)"
    " SELECT user_id, chain_id FROM chain_committee_members"
    " WHERE id = $1::bigint AND user_id IS NOT NULL ON CONFLICT DO NOTHING";

static const struct hl_fourone_spec spec = {
	.object_type = "committee_member",
	.sql_get = SQL_GET,
	.sql_lock = SQL_LOCK,
	.sql_insert = SQL_INSERT,
	.sql_update = SQL_UPDATE,
	.sql_retire = SQL_REMOVE,
	.sql_after = SQL_AFTER,
	.parent_missing = "产业链不存在",
	.conflict_field = "name",
	.conflict_msg = "该产业链党委已有同名成员，或已有书记",
};

static const char *const roles[] = { "secretary", "deputy_secretary", "member",
	NULL };

/* $1 chain code or '' (then the chain of member $2), $2 member id or 0,
 * $3 name or '', $4 role or '', $5 user or 0: whether the committee has
 * a secretary other than $2, a member of that name other than $2, and
 * the account's role and whether it is enabled. */
static const char SQL_CHECK[] =
    "WITH ch AS (SELECT id FROM chains WHERE code = $1 UNION ALL"
    "  SELECT chain_id FROM chain_committee_members"
    "  WHERE id = $2::bigint AND $1 = '')"
    " SELECT $4 = 'secretary' AND EXISTS (SELECT 1"
    "  FROM chain_committee_members m, ch WHERE m.chain_id = ch.id"
    "  AND m.committee_role = 'secretary' AND m.id <> $2::bigint),"
    " $3 <> '' AND EXISTS (SELECT 1 FROM chain_committee_members m, ch"
    "  WHERE m.chain_id = ch.id AND lower(btrim(m.name)) = lower(btrim($3))"
    "  AND m.id <> $2::bigint),"
    " (SELECT role FROM users WHERE id = $5::bigint),"
    " (SELECT disabled_at IS NULL FROM users WHERE id = $5::bigint)";

static int
check_db(struct hl_ctx *ctx, const char *code, int64_t id,
    const struct hl_committee_in *in, struct hl_err *err)
{
	char sid[24];
	char uid[24];
	const char *params[5];
	struct hl_db_res *r;

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	snprintf(uid, sizeof(uid), "%" PRId64,
	    in->w.has_user ? in->w.user_id : 0);
	params[0] = code != NULL ? code : "";
	params[1] = sid;
	params[2] = in->name != NULL ? in->name : "";
	params[3] = in->role != NULL ? in->role : "";
	params[4] = uid;
	r = hl_db_exec(ctx->db, SQL_CHECK, 5, params, err);
	if (r == NULL)
		return -1;
	if (in->w.has_user && in->w.user_id > 0) {
		if (hl_db_isnull(r, 0, 2))
			hl_err_field(err, "user_id", "账号不存在");
		else if (strcmp(hl_db_get(r, 0, 2), "committee") != 0)
			hl_err_field(err, "user_id",
			    "只能关联产业链党委成员角色的账号");
		else if (!hl_db_get_bool(r, 0, 3))
			hl_err_field(err, "user_id", "该账号已停用");
	}
	if (!hl_err_is_set(err) && hl_db_get_bool(r, 0, 0)) {
		hl_err_set(err, 409, "conflict", "该产业链党委已有书记");
		hl_err_field(err, "role", "该产业链党委已有书记");
	} else if (!hl_err_is_set(err) && hl_db_get_bool(r, 0, 1)) {
		hl_err_set(err, 409, "conflict", "该产业链党委已有同名成员");
		hl_err_field(err, "name", "该产业链党委已有同名成员");
	}
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

static int
check(const struct hl_committee_in *in, bool creating, struct hl_err *err)
{
	hl_fourone_check_text("name", in->name, creating, 1, 40, err);
	hl_fourone_check_text("title", in->title, false, 0, 100, err);
	hl_valid_enum("role", in->role, roles, err);
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_committee_create(struct hl_ctx *ctx, const char *code,
    const struct hl_committee_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	if (check(in, true, err) == -1 || check_db(ctx, code, 0, in, err) == -1)
		return -1;
	w.key = code;
	return hl_fourone_create(ctx, &spec, &w, out, err);
}

int
hl_committee_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_committee_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check(in, false, err) == -1 ||
	    check_db(ctx, NULL, id, in, err) == -1)
		return -1;
	hl_fourone_key(id, key);
	w.key = key;
	return hl_fourone_update(ctx, &spec, &w, out, err);
}

int
hl_committee_remove(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char key[24];

	hl_fourone_key(id, key);
	return hl_fourone_retire(ctx, &spec, key, err);
}
