/*
 * Calendar and SLA administration.  Input is checked here with per-field
 * messages first (the table CHECKs are the last line), then written with
 * its audit row in one transaction; lists are passed to PostgreSQL as one
 * JSON parameter built by our writer, never spliced into SQL.
 */
#include "deadline.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "str.h"

#define MAX_NAME_CHARS 40
#define MAX_DAYS       366
#define SLA_MAX_DAYS   250

/* $1 year. */
static const char SQL_CALENDAR[] =
    "SELECT json_build_object('year', $1::int,"
    " 'days', coalesce((SELECT json_agg(json_build_object('day', d.day,"
    "   'kind', d.kind, 'name', d.name) ORDER BY d.day)"
    "   FROM calendar_days d WHERE d.day >= make_date($1::int, 1, 1)"
    "   AND d.day < make_date($1::int + 1, 1, 1)), '[]'),"
    " 'n_workdays', hl_workdays_between(make_date($1::int, 1, 1) - 1,"
    "   make_date($1::int, 12, 31)))";

int
hl_deadline_calendar_json(struct hl_ctx *ctx, int year, struct hl_buf *out,
    struct hl_err *err)
{
	char y[16];
	const char *params[1] = { y };

	if (year < HL_DEADLINE_YEAR_MIN || year > HL_DEADLINE_YEAR_MAX)
		return hl_err_not_found(err);
	snprintf(y, sizeof(y), "%d", year);
	return hl_db_fetch_json(ctx->db, SQL_CALENDAR, 1, params, out, err);
}

/* $1 year: the year's rows before the change, for the audit row. */
static const char SQL_CALENDAR_OLD[] =
    "SELECT coalesce(json_agg(json_build_object('day', d.day,"
    " 'kind', d.kind, 'name', d.name) ORDER BY d.day), '[]')::text"
    " FROM calendar_days d WHERE d.day >= make_date($1::int, 1, 1)"
    " AND d.day < make_date($1::int + 1, 1, 1)";

static const char SQL_CALENDAR_DELETE[] =
    "DELETE FROM calendar_days WHERE day >= make_date($1::int, 1, 1)"
    " AND day < make_date($1::int + 1, 1, 1)";

/* $1 [{"day","kind","name"}], checked by the caller. */
static const char SQL_CALENDAR_INSERT[] =
    "INSERT INTO calendar_days (day, kind, name)"
    " SELECT (x->>'day')::date, x->>'kind', x->>'name'"
    " FROM jsonb_array_elements($1::jsonb) AS x";

struct calendar_tx {
	struct hl_ctx *ctx;
	const char *year;
	const char *json;
};

static int
calendar_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct calendar_tx *ct = arg;
	const char *p_year[1] = { ct->year };
	const char *p_json[1] = { ct->json };
	struct hl_db_res *old =
	    hl_db_exec(db, SQL_CALENDAR_OLD, 1, p_year, err);
	struct hl_db_res *r = NULL;
	int rc = -1;

	if (old == NULL)
		return -1;
	r = hl_db_exec(db, SQL_CALENDAR_DELETE, 1, p_year, err);
	if (r == NULL)
		goto out;
	hl_db_res_free(r);
	r = hl_db_exec(db, SQL_CALENDAR_INSERT, 1, p_json, err);
	if (r == NULL ||
	    hl_audit_add(ct->ctx, "calendar.replace", "calendar", ct->year,
	        hl_db_get(old, 0, 0), ct->json, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_db_res_free(old);
	return rc;
}

/* Check one day; field names are "days[i].member". */
static void
check_day(int year, size_t i, const struct hl_deadline_day *d, int32_t *num,
    struct hl_err *err)
{
	char field[48];
	enum hl_calendar_kind kind = 0;
	int y = 0;
	int m;
	int dd;

	*num = INT32_MIN;
	snprintf(field, sizeof(field), "days[%zu].kind", i);
	if (d->kind == NULL ||
	    hl_calendar_kind_parse(hl_str_from(d->kind), &kind) == -1)
		hl_err_field(err, field, "类型应为 holiday 或 workday");
	snprintf(field, sizeof(field), "days[%zu].name", i);
	if (d->name != NULL &&
	    (!hl_utf8_valid(d->name, strlen(d->name)) ||
	        hl_utf8_count(d->name, strlen(d->name)) > MAX_NAME_CHARS))
		hl_err_field(err, field, "名称不能超过 %d 个字符",
		    MAX_NAME_CHARS);
	snprintf(field, sizeof(field), "days[%zu].day", i);
	if (d->day == NULL ||
	    hl_calendar_date_parse(hl_str_from(d->day), num) == -1) {
		hl_err_field(err, field, "日期格式应为 YYYY-MM-DD");
		*num = INT32_MIN;
		return;
	}
	hl_calendar_day_to_ymd(*num, &y, &m, &dd);
	if (y != year) {
		hl_err_field(err, field, "日期不在 %d 年内", year);
		*num = INT32_MIN;
	} else if (kind == HL_CALENDAR_WORKDAY &&
	    hl_calendar_weekday(*num) < 6) {
		hl_err_field(err, field, "调休上班日只能是星期六或星期日");
	}
}

int
hl_deadline_calendar_replace(struct hl_ctx *ctx, int year,
    const struct hl_deadline_day *days, size_t n, struct hl_err *err)
{
	int32_t nums[MAX_DAYS];
	struct hl_buf json = { 0 };
	struct hl_jw w;
	char y[16];
	struct calendar_tx ct = { ctx, y, NULL };
	size_t i;
	size_t j;
	int rc;

	if (year < HL_DEADLINE_YEAR_MIN || year > HL_DEADLINE_YEAR_MAX)
		return hl_err_not_found(err);
	if (n > MAX_DAYS)
		return hl_err_field(err, "days", "一年最多列出 %d 天",
		    MAX_DAYS);
	for (i = 0; i < n; i++) {
		check_day(year, i, &days[i], &nums[i], err);
		for (j = 0; j < i && nums[i] != INT32_MIN; j++) {
			if (nums[j] == nums[i]) {
				char field[48];

				snprintf(field, sizeof(field), "days[%zu].day",
				    i);
				hl_err_field(err, field, "日期 %s 重复",
				    days[i].day);
				break;
			}
		}
	}
	if (hl_err_is_set(err))
		return -1;
	hl_jw_init(&w, &json);
	hl_jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "day");
		hl_jw_str(&w, days[i].day);
		hl_jw_key(&w, "kind");
		hl_jw_str(&w, days[i].kind);
		hl_jw_key(&w, "name");
		hl_jw_str(&w, days[i].name != NULL ? days[i].name : "");
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
	snprintf(y, sizeof(y), "%d", year);
	ct.json = hl_buf_cstr(&json);
	rc = hl_db_tx_run(ctx->db, calendar_tx, &ct, err);
	hl_buf_release(&json);
	return rc;
}

static const char SQL_SLA[] =
    "SELECT json_build_object('items', json_agg(json_build_object("
    " 'category', s.category, 'working_days', s.working_days,"
    " 'updated_at', s.updated_at, 'updated_by', CASE WHEN u.id IS NULL"
    "  THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END)"
    " ORDER BY array_position(ARRAY['policy', 'financing', 'legal',"
    "  'technology', 'talent', 'approvals', 'other'], s.category)))"
    " FROM sla_limits s LEFT JOIN users u ON u.id = s.updated_by";

int
hl_deadline_sla_json(struct hl_ctx *ctx, struct hl_buf *out, struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_SLA, 0, NULL, out, err);
}

static const char SQL_SLA_OLD[] =
    "SELECT json_object_agg(category, working_days)::text FROM sla_limits";

/* $1 [{"category","working_days"}], $2 the admin. */
static const char SQL_SLA_UPDATE[] =
    "UPDATE sla_limits s SET working_days = (x->>'working_days')::int,"
    " updated_by = $2::bigint FROM jsonb_array_elements($1::jsonb) AS x"
    " WHERE s.category = x->>'category'";

struct sla_tx {
	struct hl_ctx *ctx;
	const char *json;
};

static int
sla_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct sla_tx *st = arg;
	char uid[24];
	const char *params[2] = { st->json, uid };
	struct hl_db_res *old = hl_db_exec(db, SQL_SLA_OLD, 0, NULL, err);
	struct hl_db_res *r = NULL;
	int rc = -1;

	if (old == NULL)
		return -1;
	snprintf(uid, sizeof(uid), "%" PRId64, st->ctx->user_id);
	r = hl_db_exec(db, SQL_SLA_UPDATE, 2, params, err);
	if (r == NULL ||
	    hl_audit_add(st->ctx, "sla.update", "sla", NULL,
	        hl_db_get(old, 0, 0), st->json, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_db_res_free(old);
	return rc;
}

int
hl_deadline_sla_update(struct hl_ctx *ctx, const struct hl_deadline_sla *items,
    size_t n, struct hl_err *err)
{
	struct hl_buf json = { 0 };
	struct hl_jw w;
	struct sla_tx st = { ctx, NULL };
	size_t i;
	size_t j;
	int rc;

	if (n == 0)
		return hl_err_field(err, "items", "请至少提供一个类别的期限");
	for (i = 0; i < n; i++) {
		char field[48];

		snprintf(field, sizeof(field), "items[%zu].category", i);
		if (hl_case_category_label(items[i].category) == NULL) {
			hl_err_field(err, field, "未知的诉求类别");
			continue;
		}
		for (j = 0; j < i; j++)
			if (items[j].category != NULL &&
			    strcmp(items[j].category, items[i].category) == 0)
				hl_err_field(err, field, "类别重复");
		snprintf(field, sizeof(field), "items[%zu].working_days", i);
		if (items[i].working_days < 1 ||
		    items[i].working_days > SLA_MAX_DAYS)
			hl_err_field(err, field,
			    "办理期限应为 1 到 %d 个工作日", SLA_MAX_DAYS);
	}
	if (hl_err_is_set(err))
		return -1;
	hl_jw_init(&w, &json);
	hl_jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "category");
		hl_jw_str(&w, items[i].category);
		hl_jw_key(&w, "working_days");
		hl_jw_i64(&w, items[i].working_days);
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
	st.json = hl_buf_cstr(&json);
	rc = hl_db_tx_run(ctx->db, sla_tx, &st, err);
	hl_buf_release(&json);
	return rc;
}
