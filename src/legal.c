/*
 * Law firm and lawyer writes through the shared four-ones transaction
 * (fourone.c): the checks and statements.
 */
#include "legal.h"

#include "ctx.h"
#include "err.h"

/* ---- firms ---- */

static const char SQL_FIRM_GET[] =
    "SELECT json_build_object(" HL_LEGAL_SQL_FIRM_FIELDS(
        "f") ","
             " 'chain_code', (SELECT code FROM chains WHERE id = f.chain_id))::text"
             " FROM law_firms f WHERE f.id = $1::bigint";

static const char SQL_FIRM_LOCK[] =
    "SELECT id FROM law_firms WHERE id = $1::bigint FOR UPDATE";

static const char SQL_FIRM_INSERT[] =
    "INSERT INTO law_firms (chain_id, name, address, phone, note, sort_order)"
    " SELECT c.id, btrim(j->>'name'), coalesce(btrim(j->>'address'), ''),"
    " NULLIF(btrim(j->>'phone'), ''), coalesce(j->>'note', ''),"
    " coalesce((j->>'sort_order')::int, (SELECT coalesce(max(x.sort_order),"
    "  0) + 1 FROM law_firms x WHERE x.chain_id = c.id))"
    " FROM chains c, (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

static const char SQL_FIRM_UPDATE[] =
    "UPDATE law_firms t SET" HL_FOURONE_SET_TEXT("name") "," HL_FOURONE_SET_TEXT("address") "," HL_FOURONE_SET_NULLABLE(
        "phone") ","
                 " note = CASE WHEN d.j ? 'note' THEN coalesce(d.j->>'note', '')"
                 "  ELSE t.note END," HL_FOURONE_SET_INT("sort_order", "int") "," HL_FOURONE_SET_BOOL(
                     "active") " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                               " WHERE t.id = $1::bigint RETURNING t.id";

static const char SQL_FIRM_RETIRE[] =
    "UPDATE law_firms SET active = false WHERE id = $1::bigint RETURNING id";

static const struct hl_fourone_spec firm_spec = {
	.object_type = "law_firm",
	.sql_get = SQL_FIRM_GET,
	.sql_lock = SQL_FIRM_LOCK,
	.sql_insert = SQL_FIRM_INSERT,
	.sql_update = SQL_FIRM_UPDATE,
	.sql_retire = SQL_FIRM_RETIRE,
	.parent_missing = "产业链不存在",
	.conflict_field = "name",
	.conflict_msg =
	    "该产业链法律服务团已有同名律师事务所（已停用的可恢复）",
};

static int
check_firm(const struct hl_legal_firm_in *in, bool creating, struct hl_err *err)
{
	hl_fourone_check_text("name", in->name, creating, 2, 100, err);
	hl_fourone_check_text("address", in->address, false, 0, 200, err);
	hl_fourone_check_contact("phone", in->phone, "email", NULL, err);
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_legal_firm_create(struct hl_ctx *ctx, const char *code,
    const struct hl_legal_firm_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	if (check_firm(in, true, err) == -1)
		return -1;
	w.key = code;
	return hl_fourone_create(ctx, &firm_spec, &w, out, err);
}

int
hl_legal_firm_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_legal_firm_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check_firm(in, false, err) == -1)
		return -1;
	hl_fourone_key(id, key);
	w.key = key;
	return hl_fourone_update(ctx, &firm_spec, &w, out, err);
}

int
hl_legal_firm_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char key[24];

	hl_fourone_key(id, key);
	return hl_fourone_retire(ctx, &firm_spec, key, err);
}

/* ---- lawyers ---- */

static const char SQL_LAWYER_GET[] =
    "SELECT json_build_object(" HL_LEGAL_SQL_LAWYER_FIELDS(
        "l") ","
             " 'firm', f.name, 'chain_code', c.code)::text"
             " FROM lawyers l JOIN law_firms f ON f.id = l.firm_id"
             " JOIN chains c ON c.id = f.chain_id WHERE l.id = $1::bigint";

static const char SQL_LAWYER_LOCK[] =
    "SELECT id FROM lawyers WHERE id = $1::bigint FOR UPDATE";

static const char SQL_LAWYER_INSERT[] =
    "INSERT INTO lawyers (firm_id, name, speciality, phone, email,"
    " sort_order) SELECT f.id, btrim(j->>'name'),"
    " coalesce(btrim(j->>'speciality'), ''), NULLIF(btrim(j->>'phone'), ''),"
    " NULLIF(btrim(j->>'email'), ''), coalesce((j->>'sort_order')::int,"
    "  (SELECT coalesce(max(x.sort_order), 0) + 1 FROM lawyers x"
    "  WHERE x.firm_id = f.id))"
    " FROM law_firms f, (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE f.id = $1::bigint RETURNING id";

static const char SQL_LAWYER_UPDATE[] =
    "UPDATE lawyers t SET" HL_FOURONE_SET_TEXT("name") "," HL_FOURONE_SET_TEXT("speciality") "," HL_FOURONE_SET_NULLABLE(
        "phone") "," HL_FOURONE_SET_NULLABLE("email") "," HL_FOURONE_SET_INT("sort_order",
        "int") "," HL_FOURONE_SET_BOOL("active") " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                                                 " WHERE t.id = $1::bigint RETURNING t.id";

static const char SQL_LAWYER_RETIRE[] =
    "UPDATE lawyers SET active = false WHERE id = $1::bigint RETURNING id";

static const struct hl_fourone_spec lawyer_spec = {
	.object_type = "lawyer",
	.sql_get = SQL_LAWYER_GET,
	.sql_lock = SQL_LAWYER_LOCK,
	.sql_insert = SQL_LAWYER_INSERT,
	.sql_update = SQL_LAWYER_UPDATE,
	.sql_retire = SQL_LAWYER_RETIRE,
	.binding = HL_BINDING_LAWYER,
	.parent_missing = "律师事务所不存在",
	.conflict_field = "name",
	.conflict_msg = "该律师事务所已有同名律师",
};

static int
check_lawyer(const struct hl_legal_lawyer_in *in, bool creating,
    struct hl_err *err)
{
	hl_fourone_check_text("name", in->name, creating, 1, 40, err);
	hl_fourone_check_text("speciality", in->speciality, false, 0, 200, err);
	hl_fourone_check_contact("phone", in->phone, "email", in->email, err);
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_legal_lawyer_create(struct hl_ctx *ctx, int64_t firm_id,
    const struct hl_legal_lawyer_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check_lawyer(in, true, err) == -1)
		return -1;
	hl_fourone_key(firm_id, key);
	w.key = key;
	return hl_fourone_create(ctx, &lawyer_spec, &w, out, err);
}

int
hl_legal_lawyer_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_legal_lawyer_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check_lawyer(in, false, err) == -1)
		return -1;
	hl_fourone_key(id, key);
	w.key = key;
	return hl_fourone_update(ctx, &lawyer_spec, &w, out, err);
}

int
hl_legal_lawyer_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char key[24];

	hl_fourone_key(id, key);
	return hl_fourone_retire(ctx, &lawyer_spec, key, err);
}
