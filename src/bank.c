/*
 * Lead bank, account manager and financing product writes through the
 * shared four-ones transaction (fourone.c): the checks and statements.
 */
#include "bank.h"

#include "ctx.h"
#include "err.h"
#include "valid.h"

#define CHAIN_OF_BANK(B) "(SELECT code FROM chains WHERE id = " B ".chain_id)"

/* ---- the bank ---- */

static const char SQL_BANK_GET[] =
    "SELECT json_build_object(" HL_BANK_SQL_FIELDS(
        "b") ","
             " 'chain_code', " CHAIN_OF_BANK(
                 "b") ")::text"
                      " FROM lead_banks b WHERE b.id = $1::bigint";

static const char SQL_BANK_LOCK[] =
    "SELECT b.id FROM lead_banks b JOIN chains c ON c.id = b.chain_id"
    " WHERE c.code = $1 FOR UPDATE OF b";

static const char SQL_BANK_INSERT[] =
    "INSERT INTO lead_banks (chain_id, bank_name, branch, address, phone,"
    " note) SELECT c.id, btrim(j->>'bank_name'),"
    " coalesce(btrim(j->>'branch'), ''), coalesce(btrim(j->>'address'), ''),"
    " NULLIF(btrim(j->>'phone'), ''), coalesce(j->>'note', '')"
    " FROM chains c, (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

static const char SQL_BANK_UPDATE[] =
    "UPDATE lead_banks t SET" HL_FOURONE_SET_TEXT("bank_name") "," HL_FOURONE_SET_TEXT("branch") "," HL_FOURONE_SET_TEXT(
        "address") "," HL_FOURONE_SET_NULLABLE("phone") ","
                                                        " note = CASE WHEN d.j ? 'note' THEN coalesce(d.j->>'note', '')"
                                                        "  ELSE t.note END"
                                                        " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                                                        " WHERE t.id = $1::bigint RETURNING t.id";

static const struct hl_fourone_spec bank_spec = {
	.object_type = "lead_bank",
	.sql_get = SQL_BANK_GET,
	.sql_lock = SQL_BANK_LOCK,
	.sql_insert = SQL_BANK_INSERT,
	.sql_update = SQL_BANK_UPDATE,
	.upsert = true,
	.parent_missing = "产业链不存在",
};

int
hl_bank_put(struct hl_ctx *ctx, const char *code, const struct hl_bank_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	hl_fourone_check_text("bank_name", in->bank_name, true, 2, 100, err);
	hl_fourone_check_text("branch", in->branch, false, 0, 100, err);
	hl_fourone_check_text("address", in->address, false, 0, 200, err);
	hl_fourone_check_contact("phone", in->phone, "email", NULL, err);
	if (hl_err_is_set(err))
		return -1;
	w.key = code;
	w.has_user = false;
	return hl_fourone_update(ctx, &bank_spec, &w, out, err);
}

/* ---- account managers ---- */

#define CHAIN_OF_MANAGER(M)                                                    \
	"(SELECT c.code FROM lead_banks b JOIN chains c ON c.id = b.chain_id"  \
	" WHERE b.id = " M ".bank_id)"

static const char SQL_MANAGER_GET[] =
    "SELECT json_build_object(" HL_BANK_SQL_MANAGER_FIELDS(
        "m") ","
             " 'chain_code', " CHAIN_OF_MANAGER(
                 "m") ")::text"
                      " FROM bank_account_managers m WHERE m.id = $1::bigint";

static const char SQL_MANAGER_LOCK[] =
    "SELECT id FROM bank_account_managers WHERE id = $1::bigint FOR UPDATE";

static const char SQL_MANAGER_INSERT[] =
    "INSERT INTO bank_account_managers (bank_id, name, title, phone, email,"
    " sort_order) SELECT b.id, btrim(j->>'name'),"
    " coalesce(btrim(j->>'title'), ''), NULLIF(btrim(j->>'phone'), ''),"
    " NULLIF(btrim(j->>'email'), ''), coalesce((j->>'sort_order')::int,"
    "  (SELECT coalesce(max(x.sort_order), 0) + 1"
    "  FROM bank_account_managers x WHERE x.bank_id = b.id))"
    " FROM lead_banks b JOIN chains c ON c.id = b.chain_id,"
    " (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

static const char SQL_MANAGER_UPDATE[] =
    "UPDATE bank_account_managers t SET" HL_FOURONE_SET_TEXT("name") "," HL_FOURONE_SET_TEXT("title") "," HL_FOURONE_SET_NULLABLE(
        "phone") "," HL_FOURONE_SET_NULLABLE("email") "," HL_FOURONE_SET_INT("sort_order",
        "int") "," HL_FOURONE_SET_BOOL("active") " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                                                 " WHERE t.id = $1::bigint RETURNING t.id";

static const char SQL_MANAGER_RETIRE[] =
    "UPDATE bank_account_managers SET active = false WHERE id = $1::bigint"
    " RETURNING id";

static const struct hl_fourone_spec manager_spec = {
	.object_type = "account_manager",
	.sql_get = SQL_MANAGER_GET,
	.sql_lock = SQL_MANAGER_LOCK,
	.sql_insert = SQL_MANAGER_INSERT,
	.sql_update = SQL_MANAGER_UPDATE,
	.sql_retire = SQL_MANAGER_RETIRE,
	.binding = HL_BINDING_ACCOUNT_MANAGER,
	.parent_missing = "产业链不存在或尚未设置主办银行",
	.conflict_field = "name",
	.conflict_msg = "主办银行已有同名的客户经理",
};

static int
check_manager(const struct hl_bank_manager_in *in, bool creating,
    struct hl_err *err)
{
	hl_fourone_check_text("name", in->name, creating, 1, 40, err);
	hl_fourone_check_text("title", in->title, false, 0, 100, err);
	hl_fourone_check_contact("phone", in->phone, "email", in->email, err);
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_bank_manager_create(struct hl_ctx *ctx, const char *code,
    const struct hl_bank_manager_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	if (check_manager(in, true, err) == -1)
		return -1;
	w.key = code;
	return hl_fourone_create(ctx, &manager_spec, &w, out, err);
}

int
hl_bank_manager_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_bank_manager_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check_manager(in, false, err) == -1)
		return -1;
	hl_fourone_key(id, key);
	w.key = key;
	return hl_fourone_update(ctx, &manager_spec, &w, out, err);
}

int
hl_bank_manager_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char key[24];

	hl_fourone_key(id, key);
	return hl_fourone_retire(ctx, &manager_spec, key, err);
}

/* ---- financing products ---- */

static const char SQL_PRODUCT_GET[] =
    "SELECT json_build_object(" HL_BANK_SQL_PRODUCT_FIELDS(
        "p") ","
             " 'chain_code', " CHAIN_OF_MANAGER(
                 "p") ")::text"
                      " FROM financing_products p WHERE p.id = $1::bigint";

static const char SQL_PRODUCT_LOCK[] =
    "SELECT id FROM financing_products WHERE id = $1::bigint FOR UPDATE";

static const char SQL_PRODUCT_INSERT[] =
    "INSERT INTO financing_products (bank_id, name, kind, rate_text,"
    " min_amount_yuan, max_amount_yuan, term_months, conditions, summary,"
    " sort_order) SELECT b.id, btrim(j->>'name'), j->>'kind',"
    " coalesce(btrim(j->>'rate_text'), ''), (j->>'min_amount_yuan')::bigint,"
    " (j->>'max_amount_yuan')::bigint, (j->>'term_months')::int,"
    " coalesce(j->>'conditions', ''), coalesce(j->>'summary', ''),"
    " coalesce((j->>'sort_order')::int, (SELECT coalesce(max(x.sort_order),"
    "  0) + 1 FROM financing_products x WHERE x.bank_id = b.id))"
    " FROM lead_banks b JOIN chains c ON c.id = b.chain_id,"
    " (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

static const char SQL_PRODUCT_UPDATE[] =
    "UPDATE financing_products t SET" HL_FOURONE_SET_TEXT(
        "name") ","
                " kind = coalesce(d.j->>'kind', t.kind)," HL_FOURONE_SET_TEXT(
                    "rate_text") "," HL_FOURONE_SET_INT("min_amount_yuan",
                    "bigint") "," HL_FOURONE_SET_INT("max_amount_yuan",
                    "bigint") "," HL_FOURONE_SET_INT("term_months",
                    "int") ","
                           " conditions = CASE WHEN d.j ? 'conditions'"
                           "  THEN coalesce(d.j->>'conditions', '') ELSE t.conditions END,"
                           " summary = CASE WHEN d.j ? 'summary'"
                           "  THEN coalesce(d.j->>'summary', '') ELSE t.summary END," HL_FOURONE_SET_INT(
                               "sort_order",
                               "int") "," HL_FOURONE_SET_BOOL("active") " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                                                                        " WHERE t.id = $1::bigint RETURNING t.id";

static const char SQL_PRODUCT_RETIRE[] =
    "UPDATE financing_products SET active = false WHERE id = $1::bigint"
    " RETURNING id";

static const struct hl_fourone_spec product_spec = {
	.object_type = "financing_product",
	.sql_get = SQL_PRODUCT_GET,
	.sql_lock = SQL_PRODUCT_LOCK,
	.sql_insert = SQL_PRODUCT_INSERT,
	.sql_update = SQL_PRODUCT_UPDATE,
	.sql_retire = SQL_PRODUCT_RETIRE,
	.parent_missing = "产业链不存在或尚未设置主办银行",
	.conflict_field = "name",
	.conflict_msg = "主办银行已有同名的融资产品",
};

static const char *const kinds[] = { "credit_loan", "secured_loan", "ip_pledge",
	"supply_chain", "bill", "guarantee", "leasing", "other", NULL };

/* Amounts in yuan: positive, below 10^13 (a trillion yuan is plenty). */
#define MAX_AMOUNT 10000000000000LL

static int
check_product(const struct hl_bank_product_in *in, bool creating,
    struct hl_err *err)
{
	hl_fourone_check_text("name", in->name, creating, 1, 100, err);
	if (creating && in->kind == NULL)
		hl_err_field(err, "kind", "必填");
	hl_valid_enum("kind", in->kind, kinds, err);
	hl_fourone_check_text("rate_text", in->rate_text, false, 0, 100, err);
	if (in->has_min &&
	    (in->min_amount_yuan <= 0 || in->min_amount_yuan > MAX_AMOUNT))
		hl_err_field(err, "min_amount_yuan", "金额应为正整数（元）");
	if (in->has_max &&
	    (in->max_amount_yuan <= 0 || in->max_amount_yuan > MAX_AMOUNT))
		hl_err_field(err, "max_amount_yuan", "金额应为正整数（元）");
	else if (in->has_min && in->has_max &&
	    in->min_amount_yuan > in->max_amount_yuan)
		hl_err_field(err, "max_amount_yuan",
		    "最高额度不能低于最低额度");
	if (in->has_term && (in->term_months < 1 || in->term_months > 360))
		hl_err_field(err, "term_months", "期限应为 1 到 360 个月");
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_bank_product_create(struct hl_ctx *ctx, const char *code,
    const struct hl_bank_product_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	if (check_product(in, true, err) == -1)
		return -1;
	w.key = code;
	return hl_fourone_create(ctx, &product_spec, &w, out, err);
}

int
hl_bank_product_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_bank_product_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;
	char key[24];

	if (check_product(in, false, err) == -1)
		return -1;
	hl_fourone_key(id, key);
	w.key = key;
	return hl_fourone_update(ctx, &product_spec, &w, out, err);
}

int
hl_bank_product_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char key[24];

	hl_fourone_key(id, key);
	return hl_fourone_retire(ctx, &product_spec, key, err);
}
