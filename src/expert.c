/*
 * Expert writes through the shared four-ones transaction (fourone.c);
 * this module holds the checks and the statements.
 */
#include "expert.h"

#include "ctx.h"
#include "err.h"

static const char SQL_GET[] = "SELECT json_build_object(" HL_EXPERT_SQL_FIELDS(
    "e") ","
         " 'chain_code', c.code)::text"
         " FROM experts e JOIN chains c ON c.id = e.chain_id"
         " WHERE e.id = $1::bigint";

static const char SQL_LOCK[] =
    "SELECT id FROM experts WHERE id = $1::bigint FOR UPDATE";

static const char SQL_INSERT[] =
    "INSERT INTO experts (chain_id, name, title, field, organisation, phone,"
    " email, bio, sort_order)"
    " SELECT c.id, btrim(j->>'name'), coalesce(btrim(j->>'title'), ''),"
    " coalesce(btrim(j->>'field'), ''),"
    " coalesce(btrim(j->>'organisation'), ''),"
    " NULLIF(btrim(j->>'phone'), ''), NULLIF(btrim(j->>'email'), ''),"
    " coalesce(j->>'bio', ''), coalesce((j->>'sort_order')::int,"
    "  (SELECT coalesce(max(x.sort_order), 0) + 1 FROM experts x"
    "  WHERE x.chain_id = c.id))"
    " FROM chains c, (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

static const char SQL_UPDATE[] =
    "UPDATE experts t SET" HL_FOURONE_SET_TEXT("name") "," HL_FOURONE_SET_TEXT("title") "," HL_FOURONE_SET_TEXT("field") "," HL_FOURONE_SET_TEXT("organisation") "," HL_FOURONE_SET_NULLABLE(
        "phone") "," HL_FOURONE_SET_NULLABLE("email") ","
                                                      " bio = CASE WHEN d.j ? 'bio' THEN coalesce(d.j->>'bio', '')"
                                                      "  ELSE t.bio END," HL_FOURONE_SET_INT(
                                                          "sort_order",
                                                          "int") "," HL_FOURONE_SET_BOOL("active") " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                                                                                                   " WHERE t.id = $1::bigint RETURNING t.id";

static const char SQL_RETIRE[] =
    "UPDATE experts SET active = false WHERE id = $1::bigint RETURNING id";

static const struct hl_fourone_spec spec = {
	.object_type = "expert",
	.sql_get = SQL_GET,
	.sql_lock = SQL_LOCK,
	.sql_insert = SQL_INSERT,
	.sql_update = SQL_UPDATE,
	.sql_retire = SQL_RETIRE,
	.binding = HL_BINDING_EXPERT,
	.parent_missing = "产业链不存在",
	.conflict_field = "name",
	.conflict_msg = "该产业链专家顾问团中已有同一单位的同名专家",
};

static int
check(const struct hl_expert_in *in, bool creating, struct hl_err *err)
{
	hl_fourone_check_text("name", in->name, creating, 1, 40, err);
	hl_fourone_check_text("title", in->title, false, 0, 100, err);
	hl_fourone_check_text("field", in->field, false, 0, 200, err);
	hl_fourone_check_text("organisation", in->organisation, false, 0, 200,
	    err);
	hl_fourone_check_contact("phone", in->phone, "email", in->email, err);
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_expert_create(struct hl_ctx *ctx, const char *code,
    const struct hl_expert_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	if (check(in, true, err) == -1)
		return -1;
	w.key = code;
	return hl_fourone_create(ctx, &spec, &w, out, err);
}

int
hl_expert_update(struct hl_ctx *ctx, int64_t id, const struct hl_expert_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check(in, false, err) == -1)
		return -1;
	hl_fourone_key(id, key);
	w.key = key;
	return hl_fourone_update(ctx, &spec, &w, out, err);
}

int
hl_expert_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char key[24];

	hl_fourone_key(id, key);
	return hl_fourone_retire(ctx, &spec, key, err);
}
