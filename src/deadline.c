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
#include "mem.h"
#include "sheet.h"
#include "str.h"

#define MAX_NAME_CHARS 40
#define MAX_DAYS       366
#define SLA_MAX_DAYS   250

/* Open cases with a deadline: the deadlines a change of the rules does
 * not move (they were fixed at acceptance). */
#define OPEN_WITH_DEADLINE "c.status IN ('accepted', 'assigned', 'in_progress')"

/* $1 year: the year's listed days, its working days, and the effect of a
 * change on open deadlines, stated for people. */
static const char SQL_CALENDAR[] =
    "SELECT json_build_object('year', $1::int,"
    " 'days', coalesce((SELECT json_agg(json_build_object('day', d.day,"
    "   'kind', d.kind, 'name', d.name) ORDER BY d.day)"
    "   FROM calendar_days d WHERE d.day >= make_date($1::int, 1, 1)"
    "   AND d.day < make_date($1::int + 1, 1, 1)), '[]'),"
    " 'n_workdays', hl_workdays_between(make_date($1::int, 1, 1) - 1,"
    "   make_date($1::int, 12, 31)),"
    " 'effect', (SELECT json_build_object('open_with_deadline', count(*),"
    "   'due_in_year', count(*) FILTER (WHERE c.due_on >= make_date($1::int,"
    "   1, 1) AND c.due_on < make_date($1::int + 1, 1, 1)),"
    "   'message', '办理期限在诉求受理时按当时的日历算定，修改日历不会移动已"
    "设定的期限：目前有 ' || count(*) FILTER (WHERE c.due_on >= make_date("
    "$1::int, 1, 1) AND c.due_on < make_date($1::int + 1, 1, 1)) || ' 件在办"
    "诉求的期限在 ' || $1::int || ' 年内，保持不变；新日历只用于此后受理的诉"
    "求。') FROM cases c WHERE " OPEN_WITH_DEADLINE "))";

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

/* The limits, with how many open cases of each category have a deadline
 * already (which a change leaves as it is), and the effect in words. */
static const char SQL_SLA[] =
    "WITH open AS (SELECT c.category, count(*) AS n FROM cases c"
    "  WHERE " OPEN_WITH_DEADLINE " GROUP BY c.category)"
    " SELECT json_build_object('items', json_agg(json_build_object("
    " 'category', s.category, 'working_days', s.working_days,"
    " 'open_with_deadline', coalesce(o.n, 0),"
    " 'updated_at', s.updated_at, 'updated_by', CASE WHEN u.id IS NULL"
    "  THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END)"
    " ORDER BY array_position(ARRAY['policy', 'financing', 'legal',"
    "  'technology', 'talent', 'approvals', 'other'], s.category)),"
    " 'effect', json_build_object('open_with_deadline',"
    "  coalesce(sum(o.n), 0), 'message', '办理期限在诉求受理时按当时的时限"
    "算定，修改时限不会移动已设定的期限：目前 ' || coalesce(sum(o.n), 0) ||"
    "  ' 件在办诉求的期限保持不变；新时限只用于此后受理的诉求。'))"
    " FROM sla_limits s LEFT JOIN users u ON u.id = s.updated_by"
    " LEFT JOIN open o ON o.category = s.category";

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

/* ---- calendar import ---- */

static const char *const date_titles[] = { "day", "日期（YYYY-MM-DD）", NULL };
static const char *const kind_titles[] = { "类别", "放假/上班", "type", NULL };
static const char *const name_titles[] = { "节日", "节日名称", "说明", "备注",
	NULL };

enum { COL_DATE, COL_KIND, COL_NAME };

static const struct hl_sheet_col calendar_cols[] = {
	{ "date", "日期", date_titles, true },
	{ "kind", "类型", kind_titles, true },
	{ "name", "名称", name_titles, false },
};

#define N_CALENDAR_COLS (sizeof(calendar_cols) / sizeof(calendar_cols[0]))

/* The kind as people write it in a holiday schedule. */
static const char *
kind_of(const char *s)
{
	static const char *const holiday[] = { "holiday", "休", "假", "放假",
		"休息", "假日", "节假日", "法定节假日", NULL };
	static const char *const workday[] = { "workday", "班", "上班",
		"调休上班", "补班", "工作日", NULL };
	size_t i;

	for (i = 0; holiday[i] != NULL; i++)
		if (strcmp(s, holiday[i]) == 0)
			return "holiday";
	for (i = 0; workday[i] != NULL; i++)
		if (strcmp(s, workday[i]) == 0)
			return "workday";
	return NULL;
}

struct import {
	struct hl_ctx *ctx;
	int year;
	struct hl_sheet sheet;
	struct hl_sheet_map map;
	struct hl_sheet_report rep;
	struct hl_deadline_day *days; /* the good rows, arena */
	int32_t *nums;                /* their day numbers */
	size_t n;
};

/* Check row i; a good row is added to im->days. */
static void
import_row(struct import *im, size_t i)
{
	size_t line = im->sheet.rows[i].line;
	const char *date = hl_sheet_get(&im->sheet, &im->map, i, COL_DATE);
	const char *kind_text = hl_sheet_get(&im->sheet, &im->map, i, COL_KIND);
	const char *name = hl_sheet_get(&im->sheet, &im->map, i, COL_NAME);
	const char *const *t = im->map.title;
	const char *kind = kind_of(kind_text);
	char canon[HL_CALENDAR_DATE_SIZE];
	int32_t day = 0;
	size_t k;
	int y, m, d;

	if (hl_calendar_date_parse_loose(hl_str_from(date), &day) == -1) {
		hl_sheet_report_error(&im->rep, line, "date", t[COL_DATE],
		    date[0] == '\0' ? "缺少日期"
		                    : "“%s”不是日期，应写成 YYYY-MM-DD",
		    date);
	} else {
		hl_calendar_day_to_ymd(day, &y, &m, &d);
		hl_calendar_date_format(day, canon);
		if (y != im->year)
			hl_sheet_report_error(&im->rep, line, "date",
			    t[COL_DATE], "%s 不在 %d 年内", canon, im->year);
		for (k = 0; k < im->n; k++)
			if (im->nums[k] == day)
				hl_sheet_report_error(&im->rep, line, "date",
				    t[COL_DATE], "%s 在文件中出现了两次",
				    canon);
		if (kind != NULL && strcmp(kind, "workday") == 0 &&
		    hl_calendar_weekday(day) < 6)
			hl_sheet_report_error(&im->rep, line, "kind",
			    t[COL_KIND],
			    "%s 是工作日，调休上班日只能是星期六或星期日",
			    canon);
	}
	if (kind == NULL)
		hl_sheet_report_error(&im->rep, line, "kind", t[COL_KIND],
		    "类型“%s”无法识别，应为“放假”（holiday）或“上班”"
		    "（workday）",
		    kind_text);
	if (hl_utf8_count(name, strlen(name)) > MAX_NAME_CHARS)
		hl_sheet_report_error(&im->rep, line, "name", t[COL_NAME],
		    "名称不能超过 %d 个字", MAX_NAME_CHARS);
	if (!hl_sheet_report_row_done(&im->rep))
		return;
	im->nums[im->n] = day;
	im->days[im->n].day = hl_arena_strdup(im->ctx->arena, canon);
	im->days[im->n].kind = kind;
	im->days[im->n].name = name;
	im->n++;
}

static void
days_json(const struct hl_deadline_day *days, size_t n, struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
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
}

/* $1 year, $2 the new days: what they change in the stored year, and the
 * open deadlines that stay as they are. */
static const char SQL_CALENDAR_DIFF[] =
    "WITH new AS (SELECT (x->>'day')::date AS day, x->>'kind' AS kind,"
    "  x->>'name' AS name FROM jsonb_array_elements($2::jsonb) AS x),"
    " old AS (SELECT day, kind, name FROM calendar_days"
    "  WHERE day >= make_date($1::int, 1, 1)"
    "  AND day < make_date($1::int + 1, 1, 1))"
    " SELECT json_build_object("
    " 'added', (SELECT coalesce(json_agg(json_build_object('day', n.day,"
    "  'kind', n.kind, 'name', n.name) ORDER BY n.day), '[]') FROM new n"
    "  WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o.day = n.day)),"
    " 'removed', (SELECT coalesce(json_agg(json_build_object('day', o.day,"
    "  'kind', o.kind, 'name', o.name) ORDER BY o.day), '[]') FROM old o"
    "  WHERE NOT EXISTS (SELECT 1 FROM new n WHERE n.day = o.day)),"
    " 'changed', (SELECT coalesce(json_agg(json_build_object('day', n.day,"
    "  'kind', n.kind, 'name', n.name, 'old_kind', o.kind,"
    "  'old_name', o.name) ORDER BY n.day), '[]') FROM new n"
    "  JOIN old o ON o.day = n.day"
    "  WHERE o.kind <> n.kind OR o.name <> n.name)),"
    " (SELECT json_build_object('open_with_deadline', count(*),"
    "  'due_in_year', count(*) FILTER (WHERE c.due_on >= make_date($1::int,"
    "  1, 1) AND c.due_on < make_date($1::int + 1, 1, 1)),"
    "  'message', '办理期限在诉求受理时按当时的日历算定，导入不会移动已设定"
    "的期限：目前有 ' || count(*) FILTER (WHERE c.due_on >= make_date("
    "$1::int, 1, 1) AND c.due_on < make_date($1::int + 1, 1, 1)) || ' 件在办"
    "诉求的期限在 ' || $1::int || ' 年内，保持不变；新日历只用于此后受理的诉"
    "求。') FROM cases c WHERE " OPEN_WITH_DEADLINE ")";

static int
import_check(struct import *im, const char *p, size_t len, struct hl_err *err)
{
	static const struct hl_sheet_limits lim = { MAX_DAYS + 50, 20, 200 };
	size_t i;

	if (hl_sheet_read(&im->sheet, p, len, &lim, err) == -1 ||
	    hl_sheet_map_columns(&im->sheet, calendar_cols, N_CALENDAR_COLS,
	        &im->map, err) == -1)
		return -1;
	im->days = hl_arena_alloc(im->ctx->arena,
	    (im->sheet.n_rows + 1) * sizeof(*im->days));
	im->nums = hl_arena_alloc(im->ctx->arena,
	    (im->sheet.n_rows + 1) * sizeof(*im->nums));
	for (i = im->map.header + 1; i < im->sheet.n_rows; i++)
		if (!hl_sheet_is_comment(&im->sheet, i))
			import_row(im, i);
	return 0;
}

/* Member key of the answer: column col of r, escaped as answers are. */
static void
jw_db(struct hl_jw *w, const char *key, const struct hl_db_res *r, int col)
{
	struct hl_buf v = { 0 };

	hl_db_append_json(&v, r, 0, col);
	hl_jw_key(w, key);
	hl_jw_raw(w, hl_buf_cstr(&v), v.len);
	hl_buf_release(&v);
}

static void
import_answer(struct import *im, bool dry_run, bool imported,
    const struct hl_buf *days, const struct hl_db_res *diff, struct hl_buf *out)
{
	struct hl_jw w;

	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "year");
	hl_jw_i64(&w, im->year);
	hl_jw_key(&w, "dry_run");
	hl_jw_bool(&w, dry_run);
	hl_jw_key(&w, "imported");
	hl_jw_bool(&w, imported);
	hl_jw_key(&w, "format");
	hl_jw_str(&w, hl_sheet_format_name(im->sheet.format));
	hl_sheet_report_json(&im->rep, &w);
	hl_jw_key(&w, "days");
	hl_jw_raw(&w, hl_buf_cstr(days), days->len);
	jw_db(&w, "changes", diff, 0);
	jw_db(&w, "effect", diff, 1);
	hl_jw_obj_end(&w);
}

int
hl_deadline_calendar_import(struct hl_ctx *ctx, int year, const char *p,
    size_t len, bool dry_run, struct hl_buf *out, struct hl_err *err)
{
	struct import im;
	struct hl_buf days = { 0 };
	struct hl_db_res *r = NULL;
	char y[16];
	const char *params[2] = { y, NULL };
	int rc = -1;

	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.year = year;
	if (year < HL_DEADLINE_YEAR_MIN || year > HL_DEADLINE_YEAR_MAX)
		return hl_err_not_found(err);
	if (import_check(&im, p, len, err) == -1)
		goto out;
	if (im.n > MAX_DAYS) {
		hl_err_field(err, "file", "一年最多列出 %d 天", MAX_DAYS);
		goto out;
	}
	if (!dry_run && im.rep.n_errors > 0) {
		hl_err_set(err, 422, "validation_failed",
		    "日历文件有 %zu 处错误，没有导入；请先预览并改正",
		    im.rep.n_errors);
		hl_err_field(err, "file", "有 %zu 处错误", im.rep.n_errors);
		goto out;
	}
	days_json(im.days, im.n, &days);
	snprintf(y, sizeof(y), "%d", year);
	params[1] = hl_buf_cstr(&days);
	r = hl_db_exec(ctx->db, SQL_CALENDAR_DIFF, 2, params, err);
	if (r == NULL)
		goto out;
	if (!dry_run &&
	    hl_deadline_calendar_replace(ctx, year, im.days, im.n, err) == -1)
		goto out;
	import_answer(&im, dry_run, !dry_run, &days, r, out);
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&days);
	hl_sheet_report_release(&im.rep);
	hl_sheet_release(&im.sheet);
	return rc;
}
