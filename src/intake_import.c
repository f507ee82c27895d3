/*
 * Work-order imports.  The hotline's export is read with sheet.c, the
 * columns found by the source's saved mapping, and each row made a work
 * order (struct hl_intake_item) checked by intake.c's own rules, so an
 * imported work order passes exactly what one sent through Open311 does.
 * The rows that pass are checked against the database in one query
 * (hl_intake_check()) before the report is written, and filed in one
 * transaction (hl_intake_file()).
 */
#include "intake_import.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "calendar.h"
#include "case.h"
#include "ctx.h"
#include "err.h"
#include "export.h"
#include "intake.h"
#include "json.h"
#include "mem.h"
#include "sheet.h"
#include "str.h"
#include "valid.h"

/* Longest header a mapping may give a column. */
#define HEADER_MAX_CHARS 40

enum col {
	C_REF,
	C_RECEIVED,
	C_CODE,
	C_NAME,
	C_CHAIN,
	C_DISTRICT,
	C_CATEGORY,
	C_TITLE,
	C_DESCRIPTION,
	C_ADDRESS,
	C_REQ_NAME,
	C_REQ_PHONE,
	N_COLS
};

/* The headers hotline systems give these columns, besides the title. */
static const char *const a_ref[] = { "工单号", "受理编号", "诉求编号",
	"工单流水号", NULL };
static const char *const a_received[] = { "来电时间", "登记时间", "创建时间",
	"受理日期", NULL };
static const char *const a_code[] = { "信用代码", "社会信用代码",
	"企业信用代码", "统一信用代码", NULL };
static const char *const a_name[] = { "单位名称", "诉求企业", "涉及企业",
	NULL };
static const char *const a_chain[] = { "所属产业链", "产业链名称", NULL };
static const char *const a_district[] = { "所属区县", "属地", NULL };
static const char *const a_category[] = { "诉求类型", "问题类别", "诉求分类",
	NULL };
static const char *const a_title[] = { "标题", "工单标题", "诉求主题", NULL };
static const char *const a_description[] = { "问题描述", "来电内容", "工单内容",
	"诉求描述", NULL };
static const char *const a_address[] = { "事发地址", "问题地址", "企业地址",
	NULL };
static const char *const a_req_name[] = { "来电人", "反映人", "来电人姓名",
	NULL };
static const char *const a_req_phone[] = { "来电号码", "联系方式", "手机号码",
	NULL };

/* Keys are struct hl_intake_item's members where one is meant, so that
 * intake.c's field names name the columns. */
static const struct hl_sheet_col defaults[N_COLS] = {
	{ "source_ref", "工单编号", a_ref, true },
	{ "received_at", "受理时间", a_received, false },
	{ "credit_code", "统一社会信用代码", a_code, true },
	{ "enterprise_name", "企业名称", a_name, false },
	{ "chain", "产业链", a_chain, false },
	{ "district", "区县", a_district, false },
	{ "category", "诉求类别", a_category, false },
	{ "title", "诉求标题", a_title, false },
	{ "description", "诉求内容", a_description, true },
	{ "address", "地址", a_address, false },
	{ "requester_name", "诉求人", a_req_name, false },
	{ "requester_phone", "联系电话", a_req_phone, false },
};

/* Categories as hotlines write them. */
static const struct {
	const char *text;
	const char *category;
} categories[] = {
	{ "政策", "policy" },
	{ "政策咨询", "policy" },
	{ "政策咨询与申报", "policy" },
	{ "惠企政策", "policy" },
	{ "融资", "financing" },
	{ "融资需求", "financing" },
	{ "金融", "financing" },
	{ "金融服务", "financing" },
	{ "贷款", "financing" },
	{ "法律", "legal" },
	{ "法律服务", "legal" },
	{ "法务", "legal" },
	{ "技术", "technology" },
	{ "技术攻关", "technology" },
	{ "科技", "technology" },
	{ "人才", "talent" },
	{ "人才与用工", "talent" },
	{ "用工", "talent" },
	{ "招聘", "talent" },
	{ "审批", "approvals" },
	{ "审批与要素保障", "approvals" },
	{ "要素保障", "approvals" },
	{ "行政审批", "approvals" },
	{ "其他", "other" },
	{ "其他诉求", "other" },
	{ "其它", "other" },
};

static const char *
category_of(const char *s)
{
	size_t i;

	if (s[0] == '\0')
		return "other";
	if (hl_case_category_label(s) != NULL)
		return s;
	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strcmp(categories[i].text, s) == 0)
			return categories[i].category;
	for (i = 0; hl_case_categories[i] != NULL; i++)
		if (strcasecmp(hl_case_categories[i], s) == 0)
			return hl_case_categories[i];
	return NULL;
}

/* ---- columns by the saved mapping ---- */

/* Header name of column key in mapping m (an object node), or NULL. */
struct find_arg {
	const char *key;
	const char *header;
};

static int
find_member(const char *key, const struct hl_json *val, void *arg)
{
	struct find_arg *f = arg;

	if (strcmp(key, f->key) == 0)
		f->header = hl_json_string(val);
	return 0;
}

/*
 * The columns of the file as mapping m says: a column it names is found
 * by that header alone; the others by their default headers, less any
 * the mapping gives another column.
 */
static void
columns(struct hl_arena *a, const struct hl_json *m,
    struct hl_sheet_col out[N_COLS])
{
	const char *mapped[N_COLS];
	size_t c;
	size_t k;

	for (c = 0; c < N_COLS; c++) {
		struct find_arg f = { defaults[c].key, NULL };

		hl_json_object_each(m, find_member, &f);
		mapped[c] =
		    f.header != NULL && f.header[0] != '\0' ? f.header : NULL;
		out[c] = defaults[c];
	}
	for (c = 0; c < N_COLS; c++) {
		const char **al;
		size_t n = 0;

		if (mapped[c] != NULL) {
			out[c].title = mapped[c];
			out[c].aliases = NULL;
			continue;
		}
		al = hl_arena_alloc(a, 8 * sizeof(*al));
		for (k = 0; defaults[c].aliases[k] != NULL && n < 7; k++) {
			size_t j;
			bool taken = false;

			for (j = 0; j < N_COLS; j++)
				taken |= mapped[j] != NULL &&
				    strcmp(mapped[j], defaults[c].aliases[k]) ==
				        0;
			if (!taken)
				al[n++] = defaults[c].aliases[k];
		}
		al[n] = NULL;
		out[c].aliases = al;
		for (k = 0; k < N_COLS; k++)
			if (mapped[k] != NULL &&
			    strcmp(mapped[k], defaults[c].title) == 0)
				out[c].title = defaults[c].key;
	}
}

/* ---- the import ---- */

struct imp {
	struct hl_ctx *ctx;
	struct hl_intake_source src;
	struct hl_json *mapping;
	struct hl_sheet_col cols[N_COLS];
	struct hl_sheet sheet;
	struct hl_sheet_map map;
	struct hl_sheet_report rep;
	size_t n;      /* data rows */
	size_t *row;   /* each data row's index in sheet.rows */
	size_t *line;  /* and its line */
	bool *good;    /* passed the checks of a work order */
	size_t *dup;   /* the line of an earlier row with its number, or 0 */
	size_t n_good; /* rows to check with the database, compacted: */
	size_t *of;    /* per data row: its index among them */
	struct hl_intake_item *items;
	struct hl_intake_plan *plans;
};

static const char *
cell(struct imp *im, size_t d, enum col c)
{
	return hl_sheet_get(&im->sheet, &im->map, im->row[d], c);
}

static const char *
opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* "H:MM" or "H:MM:SS" into seconds of the day, or -1. */
static long
time_of_day(const char *s)
{
	int part[3] = { 0, 0, 0 };
	int n = 0;
	const char *p = s;

	while (n < 3) {
		int digits = 0;
		int v = 0;

		while (*p >= '0' && *p <= '9' && digits < 2) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0)
			return -1;
		part[n++] = v;
		if (*p != ':')
			break;
		p++;
	}
	if (*p != '\0' || n < 2 || part[0] > 23 || part[1] > 59 || part[2] > 59)
		return -1;
	return part[0] * 3600L + part[1] * 60L + part[2];
}

/*
 * A time as hotline exports write it, as RFC 3339 in China's time:
 * RFC 3339 itself; a date as hl_calendar_date_parse_loose() reads it,
 * with "H:MM[:SS]" after a blank or a "T" or without (midnight); an
 * Excel serial with its fraction of a day ("46086.5": a date-time cell
 * read without its style).  NULL when it is none of these.
 */
static const char *
when(struct hl_arena *a, const char *s)
{
	struct hl_err e = { 0 };
	char date[HL_CALENDAR_DATE_SIZE];
	size_t date_len = strcspn(s, " T");
	int32_t day;
	long secs = 0;

	if (hl_valid_datetime("t", s, &e) == 0)
		return s;
	if (strchr(s, '.') != NULL && strspn(s, "0123456789.") == strlen(s)) {
		const char *dot = strchr(s, '.');

		if (hl_calendar_date_parse_loose(
		        (struct hl_str){ s, (size_t)(dot - s) }, &day) == -1)
			return NULL;
		secs = (long)(strtod(dot, NULL) * 86400.0 + 0.5);
		if (secs >= 86400)
			secs = 86399;
	} else {
		const char *t = s + date_len;

		if (hl_calendar_date_parse_loose((struct hl_str){ s, date_len },
		        &day) == -1)
			return NULL;
		while (*t == ' ' || *t == 'T')
			t++;
		secs = time_of_day(t);
		if (secs < 0)
			return NULL;
	}
	hl_calendar_date_format(day, date);
	return hl_arena_printf(a, "%sT%02ld:%02ld:%02ld+08:00", date,
	    secs / 3600, secs / 60 % 60, secs % 60);
}

/* The requester's details of data row d as a JSON object, or NULL. */
static const char *
requester(struct imp *im, size_t d)
{
	const char *name = cell(im, d, C_REQ_NAME);
	const char *phone = cell(im, d, C_REQ_PHONE);
	struct hl_buf b = { 0 };
	struct hl_jw w;
	const char *s;

	if (name[0] == '\0' && phone[0] == '\0')
		return NULL;
	hl_jw_init(&w, &b);
	hl_jw_obj_begin(&w);
	if (name[0] != '\0') {
		hl_jw_key(&w, "name");
		hl_jw_strn(&w, name, hl_utf8_prefix(name, strlen(name), 40));
	}
	if (phone[0] != '\0') {
		hl_jw_key(&w, "phone");
		hl_jw_strn(&w, phone, hl_utf8_prefix(phone, strlen(phone), 40));
	}
	hl_jw_obj_end(&w);
	s = hl_arena_strdup(im->ctx->arena, hl_buf_cstr(&b));
	hl_buf_release(&b);
	return s;
}

/* Data row d as a work order, checked; faults into err. */
static void
read_row(struct imp *im, size_t d, struct hl_intake_item *it,
    struct hl_err *err)
{
	const char *v;

	memset(it, 0, sizeof(*it));
	it->source_ref = opt(cell(im, d, C_REF));
	it->credit_code = cell(im, d, C_CODE);
	it->enterprise_name = opt(cell(im, d, C_NAME));
	it->chain = opt(cell(im, d, C_CHAIN));
	it->district = opt(cell(im, d, C_DISTRICT));
	it->title = opt(cell(im, d, C_TITLE));
	it->description = opt(cell(im, d, C_DESCRIPTION));
	it->address = opt(cell(im, d, C_ADDRESS));
	it->requester_json = requester(im, d);
	v = cell(im, d, C_CATEGORY);
	it->category = category_of(v);
	if (it->category == NULL) {
		hl_err_field(err, "category",
		    "诉求类别“%s”无法识别，应为政策、融资、法律、技术、人才、"
		    "审批或其他",
		    v);
		it->category = "other";
	}
	v = cell(im, d, C_RECEIVED);
	if (v[0] != '\0') {
		it->received_at = when(im->ctx->arena, v);
		if (it->received_at == NULL)
			hl_err_field(err, "received_at",
			    "受理时间“%s”无法识别，应如 2026-03-05 09:30", v);
	}
	hl_intake_item_check(im->ctx, it, err);
}

/* The column of an item member, N_COLS when none is meant. */
static size_t
col_of(const char *field)
{
	size_t c;

	for (c = 0; c < N_COLS; c++)
		if (strcmp(defaults[c].key, field) == 0)
			return c;
	return N_COLS;
}

static void
report(struct imp *im, size_t d, const char *field, const char *msg)
{
	size_t c = col_of(field);

	hl_sheet_report_error(&im->rep, im->line[d],
	    c < N_COLS ? defaults[c].key : field,
	    c < N_COLS ? im->map.title[c] : "", "%s", msg);
}

/* A row with a number, for sorting by number, then by place. */
struct numbered {
	const char *ref;
	size_t d;
};

static int
by_ref(const void *a, const void *b)
{
	const struct numbered *x = a;
	const struct numbered *y = b;
	int c = strcmp(x->ref, y->ref);

	if (c != 0)
		return c;
	return x->d < y->d ? -1 : x->d > y->d;
}

/* dup[d] for each good row repeating the number of an earlier one, which
 * stays good; sorted, the rows of one number come together. */
static void
find_duplicates(struct imp *im)
{
	struct numbered *v =
	    hl_arena_alloc(im->ctx->arena, (im->n + 1) * sizeof(*v));
	size_t n = 0;
	size_t i;

	for (i = 0; i < im->n; i++)
		if (im->good[i]) {
			v[n].ref = im->items[i].source_ref;
			v[n++].d = i;
		}
	qsort(v, n, sizeof(*v), by_ref);
	for (i = 1; i < n; i++)
		if (strcmp(v[i].ref, v[i - 1].ref) == 0) {
			size_t first = v[i - 1].d;

			im->dup[v[i].d] = im->dup[first] != 0 ? im->dup[first]
			                                      : im->line[first];
			im->good[v[i].d] = false;
		}
}

/* Every data row read and checked, the good ones compacted into
 * items[0..n_good) (by way of of[]). */
static int
read_file(struct imp *im, const char *p, size_t len, struct hl_err *err)
{
	static const struct hl_sheet_limits lim = {
		HL_INTAKE_IMPORT_MAX_ROWS + 20, 64, 10000
	};
	struct hl_arena *a = im->ctx->arena;
	struct hl_intake_item *all;
	size_t i;
	size_t d;

	if (hl_sheet_read(&im->sheet, p, len, &lim, err) == -1 ||
	    hl_sheet_map_columns(&im->sheet, im->cols, N_COLS, &im->map, err) ==
	        -1)
		return -1;
	im->row = hl_arena_alloc(a, (im->sheet.n_rows + 1) * sizeof(size_t));
	for (i = im->map.header + 1; i < im->sheet.n_rows; i++)
		if (!hl_sheet_is_comment(&im->sheet, i))
			im->row[im->n++] = i;
	if (im->n > HL_INTAKE_IMPORT_MAX_ROWS) {
		hl_err_set(err, 422, "invalid_file",
		    "一次最多导入 %d 条工单，请分批导入",
		    HL_INTAKE_IMPORT_MAX_ROWS);
		return hl_err_field(err, "file", "超过 %d 行",
		    HL_INTAKE_IMPORT_MAX_ROWS);
	}
	im->line = hl_arena_alloc(a, (im->n + 1) * sizeof(size_t));
	im->good = hl_arena_alloc(a, (im->n + 1) * sizeof(bool));
	im->dup = hl_arena_alloc(a, (im->n + 1) * sizeof(size_t));
	im->of = hl_arena_alloc(a, (im->n + 1) * sizeof(size_t));
	all = hl_arena_alloc(a, (im->n + 1) * sizeof(*all));
	im->items = all;
	for (d = 0; d < im->n; d++) {
		struct hl_err e = { 0 };

		im->line[d] = im->sheet.rows[im->row[d]].line;
		read_row(im, d, &all[d], &e);
		im->good[d] = !hl_err_is_set(&e);
		im->dup[d] = 0;
	}
	find_duplicates(im);
	/* The good rows move to the front, in order, for the database. */
	im->items = hl_arena_alloc(a, (im->n + 1) * sizeof(*im->items));
	for (d = 0; d < im->n; d++)
		if (im->good[d]) {
			im->of[d] = im->n_good;
			im->items[im->n_good++] = all[d];
		}
	im->plans = hl_arena_alloc(a, (im->n_good + 1) * sizeof(*im->plans));
	return 0;
}

/* The report: each row's faults, in the order of the file. */
static void
report_rows(struct imp *im)
{
	size_t d;
	int f;

	for (d = 0; d < im->n; d++) {
		if (!im->good[d] && im->dup[d] == 0) {
			struct hl_intake_item it;
			struct hl_err e = { 0 };

			read_row(im, d, &it, &e);
			for (f = 0; f < e.n_fields && f < HL_ERR_MAX_FIELDS;
			     f++)
				report(im, d, e.fields[f].name,
				    e.fields[f].msg);
		} else if (im->dup[d] != 0) {
			char msg[80];

			snprintf(msg, sizeof(msg), "与第 %zu 行的工单编号重复",
			    im->dup[d]);
			report(im, d, "source_ref", msg);
		} else if (im->plans[im->of[d]].outcome == HL_INTAKE_BAD) {
			const struct hl_intake_plan *pl = &im->plans[im->of[d]];

			report(im, d, pl->field, pl->message);
		}
		hl_sheet_report_row_done(&im->rep);
	}
}

static void
jw_case(struct hl_jw *w, struct imp *im, size_t d)
{
	const struct hl_intake_plan *pl = &im->plans[im->of[d]];

	hl_jw_obj_begin(w);
	hl_jw_key(w, "row");
	hl_jw_i64(w, (int64_t)im->line[d]);
	hl_jw_key(w, "source_ref");
	hl_jw_str(w, im->items[im->of[d]].source_ref);
	hl_jw_key(w, "number");
	hl_jw_str(w, pl->number);
	hl_jw_key(w, "id");
	hl_jw_i64(w, pl->case_id);
	hl_jw_obj_end(w);
}

/* The rows whose plan is outcome, filed or not (filed: with a case). */
static void
jw_rows(struct hl_jw *w, struct imp *im, enum hl_intake_outcome outcome,
    bool filed)
{
	size_t d;

	hl_jw_arr_begin(w);
	for (d = 0; d < im->n; d++)
		if (im->good[d] && im->plans[im->of[d]].outcome == outcome &&
		    (!filed || im->plans[im->of[d]].case_id != 0))
			jw_case(w, im, d);
	hl_jw_arr_end(w);
}

static void
answer(struct imp *im, bool dry_run, struct hl_buf *out)
{
	struct hl_jw w;
	size_t n_new = 0;
	size_t n_ent = 0;
	size_t i;

	for (i = 0; i < im->n_good; i++) {
		n_new += im->plans[i].outcome == HL_INTAKE_NEW;
		n_ent += im->plans[i].outcome == HL_INTAKE_NEW &&
		    im->plans[i].enterprise_id == 0;
	}
	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "dry_run");
	hl_jw_bool(&w, dry_run);
	hl_jw_key(&w, "format");
	hl_jw_str(&w, hl_sheet_format_name(im->sheet.format));
	hl_jw_key(&w, "source");
	hl_jw_str(&w, im->src.code);
	hl_sheet_report_json(&im->rep, &w);
	hl_jw_key(&w, "columns");
	hl_jw_obj_begin(&w);
	for (i = 0; i < N_COLS; i++)
		if (im->map.idx[i] >= 0) {
			hl_jw_key(&w, defaults[i].key);
			hl_jw_str(&w, im->map.title[i]);
		}
	hl_jw_obj_end(&w);
	hl_jw_key(&w, "ignored_columns");
	hl_jw_arr_begin(&w);
	for (i = 0; i < im->map.n_unknown; i++)
		hl_jw_str(&w, im->map.unknown[i]);
	hl_jw_arr_end(&w);
	hl_jw_key(&w, "new");
	hl_jw_i64(&w, (int64_t)n_new);
	hl_jw_key(&w, "new_enterprises");
	hl_jw_i64(&w, (int64_t)n_ent);
	hl_jw_key(&w, "replays");
	jw_rows(&w, im, HL_INTAKE_REPLAY, false);
	hl_jw_key(&w, "imported");
	hl_jw_i64(&w, dry_run ? 0 : (int64_t)n_new);
	hl_jw_key(&w, "cases");
	if (dry_run) {
		hl_jw_arr_begin(&w);
		hl_jw_arr_end(&w);
	} else {
		jw_rows(&w, im, HL_INTAKE_NEW, true);
	}
	hl_jw_obj_end(&w);
}

static int
load(struct imp *im, const char *code, struct hl_err *err)
{
	if (hl_intake_source_get(im->ctx, code, &im->src, err) == -1)
		return -1;
	im->mapping = hl_json_parse(im->src.mapping_json,
	    strlen(im->src.mapping_json), err);
	if (im->mapping == NULL)
		HL_BUG("intake: a saved mapping is not JSON");
	columns(im->ctx->arena, im->mapping, im->cols);
	return 0;
}

int
hl_intake_import(struct hl_ctx *ctx, const char *source_code, const char *p,
    size_t len, bool dry_run, struct hl_buf *out, struct hl_err *err)
{
	struct imp im;
	int rc = -1;

	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	if (ctx->role != HL_ROLE_ADMIN)
		return hl_err_forbidden(err);
	if (load(&im, source_code, err) == -1 ||
	    read_file(&im, p, len, err) == -1)
		goto out;
	if (!dry_run && im.n == 0) {
		hl_err_set(err, 422, "validation_failed",
		    "文件只有表头，没有工单数据");
		hl_err_field(err, "file", "没有数据行");
		goto out;
	}
	if (im.n_good > 0 &&
	    (dry_run ? hl_intake_check(ctx, &im.src, im.items, im.n_good,
	                   im.plans, err)
	             : hl_intake_file(ctx, &im.src, "import", im.items,
	                   im.n_good, im.plans, err)) == -1)
		goto out;
	report_rows(&im);
	if (!dry_run && im.rep.ok == 0) {
		hl_err_set(err, 422, "validation_failed",
		    "文件中没有可以导入的行（%zu 行都有问题），请先预览并改正",
		    im.rep.rows);
		hl_err_field(err, "file", "没有可以导入的行");
		goto out;
	}
	answer(&im, dry_run, out);
	rc = 0;
out:
	hl_json_free(im.mapping);
	hl_sheet_report_release(&im.rep);
	hl_sheet_release(&im.sheet);
	return rc;
}

/* ---- the template ---- */

static int
no_rows(void *arg, const char **cells, struct hl_err *err)
{
	(void)arg;
	(void)cells;
	(void)err;
	return 0;
}

int
hl_intake_import_template(struct hl_ctx *ctx, const char *source_code, bool csv,
    struct hl_buf *out, struct hl_err *err)
{
	struct imp im;
	struct hl_export_col ecols[N_COLS];
	size_t i;
	int rc = -1;

	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	if (load(&im, source_code, err) == -1)
		goto out;
	for (i = 0; i < N_COLS; i++) {
		ecols[i].key = defaults[i].key;
		ecols[i].title = im.cols[i].title == defaults[i].key
		    ? defaults[i].title
		    : im.cols[i].title;
		ecols[i].type = HL_EXPORT_TEXT;
	}
	rc = csv ? hl_export_csv(ecols, N_COLS, no_rows, NULL, out, err)
	         : hl_export_xlsx("工单导入", ecols, N_COLS, no_rows, NULL, out,
	               err);
out:
	hl_json_free(im.mapping);
	return rc;
}

/* ---- sources and their mappings ---- */

int
hl_intake_import_sources_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_jw w;
	size_t len = out->len;
	size_t i;
	size_t k;

	hl_buf_puts(out, "{\"items\":");
	if (hl_intake_sources_json(ctx, out, err) == -1) {
		out->len = len;
		return -1;
	}
	hl_buf_puts(out, ",\"columns\":");
	hl_jw_init(&w, out);
	hl_jw_arr_begin(&w);
	for (i = 0; i < N_COLS; i++) {
		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "key");
		hl_jw_str(&w, defaults[i].key);
		hl_jw_key(&w, "title");
		hl_jw_str(&w, defaults[i].title);
		hl_jw_key(&w, "required");
		hl_jw_bool(&w, defaults[i].required);
		hl_jw_key(&w, "aliases");
		hl_jw_arr_begin(&w);
		for (k = 0; defaults[i].aliases[k] != NULL; k++)
			hl_jw_str(&w, defaults[i].aliases[k]);
		hl_jw_arr_end(&w);
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
	hl_buf_putc(out, '}');
	return 0;
}

struct mapping_check {
	struct hl_ctx *ctx;
	struct hl_jw w;
	const char *headers[N_COLS];
	struct hl_err *err;
};

static int
check_member(const char *key, const struct hl_json *val, void *arg)
{
	struct mapping_check *m = arg;
	const char *v = hl_json_string(val);
	size_t c = col_of(key);
	char field[80];
	size_t k;

	snprintf(field, sizeof(field), "mapping.%s", key);
	if (c == N_COLS) {
		hl_err_field(m->err, field, "未知的列“%s”", key);
		return 0;
	}
	if (v == NULL) {
		hl_err_field(m->err, field, "应为列名（文字）");
		return 0;
	}
	while (*v == ' ')
		v++;
	if (v[0] == '\0')
		return 0;
	if (hl_valid_length(field, v, 1, HEADER_MAX_CHARS, m->err) == -1)
		return 0;
	for (k = 0; k < N_COLS; k++)
		if (m->headers[k] != NULL && strcmp(m->headers[k], v) == 0) {
			hl_err_field(m->err, field, "列名“%s”已用于“%s”", v,
			    defaults[k].title);
			return 0;
		}
	m->headers[c] = hl_arena_strdup(m->ctx->arena, v);
	hl_jw_key(&m->w, key);
	hl_jw_str(&m->w, v);
	return 0;
}

int
hl_intake_import_source_update(struct hl_ctx *ctx, const char *code,
    struct hl_intake_source_change *in, const struct hl_json *mapping,
    struct hl_buf *out, struct hl_err *err)
{
	struct mapping_check m;
	struct hl_buf doc = { 0 };
	int rc;

	if (ctx->role != HL_ROLE_ADMIN)
		return hl_err_forbidden(err);
	if (mapping != NULL) {
		memset(&m, 0, sizeof(m));
		m.ctx = ctx;
		m.err = err;
		hl_jw_init(&m.w, &doc);
		hl_jw_obj_begin(&m.w);
		hl_json_object_each(mapping, check_member, &m);
		hl_jw_obj_end(&m.w);
		if (hl_err_is_set(err)) {
			hl_buf_release(&doc);
			return -1;
		}
		in->mapping_json = hl_buf_cstr(&doc);
	}
	rc = hl_intake_source_update(ctx, code, in, out, err);
	hl_buf_release(&doc);
	return rc;
}
