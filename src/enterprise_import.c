/*
 * Enterprise imports.  Values are read the way chain offices write them
 * (产业链 by name or code, 规模 as 大型/中型/小型/微型, 是/否), turned
 * into a registration (struct hl_enterprise_in) and checked by
 * enterprise.c's own checks, so an imported enterprise passes exactly
 * what a typed-in one does.  Existing credit codes are looked up in one
 * query for the whole file, and the vocabularies (chains, districts,
 * tags) in one more.
 */
#include "enterprise_import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "enterprise.h"
#include "err.h"
#include "export.h"
#include "json.h"
#include "mem.h"
#include "sheet.h"
#include "str.h"
#include "valid.h"

enum col {
	C_NAME,
	C_CODE,
	C_CHAINS,
	C_DISTRICT,
	C_SIZE,
	C_TAGS,
	C_KEY,
	C_PARTY,
	C_ADDRESS,
	C_PRODUCTS,
	C_EMPLOYEES,
	C_NOTE,
	C_CONTACT,
	C_CONTACT_TITLE,
	C_PHONE,
	C_EMAIL,
	N_COLS
};

static const char *const a_name[] = { "名称", "企业全称", "单位名称",
	"企业（单位）名称", NULL };
static const char *const a_code[] = { "信用代码", "社会信用代码",
	"统一信用代码", "统一社会信用代码（18位）", NULL };
static const char *const a_chains[] = { "所属产业链", "产业链名称",
	"产业链代码", "所在产业链", NULL };
static const char *const a_district[] = { "所属区县", "所在区县",
	"区县（功能区）", "区县/功能区", NULL };
static const char *const a_size[] = { "规模", "规模类型", "企业规模类型",
	NULL };
static const char *const a_tags[] = { "标签", "企业类型", "资质", NULL };
static const char *const a_key[] = { "是否重点企业", "重点", NULL };
static const char *const a_party[] = { "党组织", "党组织建立情况", "党组织状况",
	NULL };
static const char *const a_address[] = { "企业地址", "注册地址", "通讯地址",
	NULL };
static const char *const a_products[] = { "主要产品", "主营业务", NULL };
static const char *const a_employees[] = { "员工人数", "从业人数", "职工数",
	NULL };
static const char *const a_contact[] = { "联系人姓名", NULL };
static const char *const a_contact_title[] = { "职务", "联系人职位", NULL };
static const char *const a_phone[] = { "电话", "手机", "联系方式", "联系人电话",
	NULL };
static const char *const a_email[] = { "邮箱", "电子邮件", "Email", NULL };

static const struct hl_sheet_col cols[N_COLS] = {
	{ "name", "企业名称", a_name, true },
	{ "credit_code", "统一社会信用代码", a_code, true },
	{ "chains", "产业链", a_chains, true },
	{ "district", "区县", a_district, true },
	{ "size_class", "企业规模", a_size, true },
	{ "tags", "企业标签", a_tags, false },
	{ "key_enterprise", "重点企业", a_key, false },
	{ "party_org_status", "党组织情况", a_party, false },
	{ "address", "地址", a_address, false },
	{ "main_products", "主营产品", a_products, false },
	{ "employee_count", "职工人数", a_employees, false },
	{ "note", "备注", NULL, false },
	{ "contact_name", "联系人", a_contact, false },
	{ "contact_title", "联系人职务", a_contact_title, false },
	{ "contact_phone", "联系电话", a_phone, false },
	{ "contact_email", "电子邮箱", a_email, false },
};

/* The registration's field names (hl_enterprise_check()) as columns. */
static const struct {
	const char *field;
	enum col col;
} field_cols[] = {
	{ "name", C_NAME },
	{ "credit_code", C_CODE },
	{ "chain_codes", C_CHAINS },
	{ "district", C_DISTRICT },
	{ "size_class", C_SIZE },
	{ "tags", C_TAGS },
	{ "key_enterprise", C_KEY },
	{ "party_org_status", C_PARTY },
	{ "address", C_ADDRESS },
	{ "main_products", C_PRODUCTS },
	{ "employee_count", C_EMPLOYEES },
	{ "note", C_NOTE },
	{ "contacts[0].name", C_CONTACT },
	{ "contacts[0].title", C_CONTACT_TITLE },
	{ "contacts[0].phone", C_PHONE },
	{ "contacts[0].email", C_EMAIL },
	{ "contacts", C_CONTACT },
};

/* Words for the enumerations, as people write them. */
struct word {
	const char *text;
	const char *value;
};

static const struct word sizes[] = {
	{ "大型", "large" },
	{ "大", "large" },
	{ "大型企业", "large" },
	{ "中型", "medium" },
	{ "中", "medium" },
	{ "中型企业", "medium" },
	{ "小型", "small" },
	{ "小", "small" },
	{ "小型企业", "small" },
	{ "微型", "micro" },
	{ "微", "micro" },
	{ "微型企业", "micro" },
	{ "large", "large" },
	{ "medium", "medium" },
	{ "small", "small" },
	{ "micro", "micro" },
	{ NULL, NULL },
};

static const struct word parties[] = {
	{ "单独建立", "established" },
	{ "单独组建", "established" },
	{ "已建立", "established" },
	{ "已建", "established" },
	{ "联合建立", "joint" },
	{ "联合组建", "joint" },
	{ "党建指导员", "instructor" },
	{ "指导员", "instructor" },
	{ "选派党建指导员", "instructor" },
	{ "无", "none" },
	{ "未建立", "none" },
	{ "未建", "none" },
	{ "established", "established" },
	{ "joint", "joint" },
	{ "instructor", "instructor" },
	{ "none", "none" },
	{ NULL, NULL },
};

static const struct word yes_no[] = {
	{ "是", "true" },
	{ "否", "false" },
	{ "Y", "true" },
	{ "N", "false" },
	{ "yes", "true" },
	{ "no", "false" },
	{ "true", "true" },
	{ "false", "false" },
	{ "1", "true" },
	{ "0", "false" },
	{ "√", "true" },
	{ "重点", "true" },
	{ NULL, NULL },
};

static const char *
word(const struct word *w, const char *s)
{
	for (; w->text != NULL; w++)
		if (strcasecmp(w->text, s) == 0)
			return w->value;
	return NULL;
}

struct imp {
	struct hl_ctx *ctx;
	struct hl_sheet sheet;
	struct hl_sheet_map map;
	struct hl_sheet_report rep;
	struct hl_db_res *vocab; /* kind ('c' 'd' 't'), name, code */
	struct hl_db_res *taken; /* credit code, enterprise name */
	const char **row_codes;  /* per row: canonical code or NULL */
	size_t *row_lines;
	size_t *dup_of; /* per row: an earlier row's line with its code */
	struct hl_enterprise_in *ins; /* the good rows */
	const char **codes;
	size_t n_ok;
	unsigned reported; /* columns of the current row with an error */
};

static void row_error(struct imp *im, size_t line, enum col c, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
row_error(struct imp *im, size_t line, enum col c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	msg[hl_utf8_cut(msg, strlen(msg))] = '\0';
	im->reported |= 1u << c;
	hl_sheet_report_error(&im->rep, line, cols[c].key, im->map.title[c],
	    "%s", msg);
}

/* ---- vocabularies ---- */

static const char SQL_VOCAB[] = "SELECT 'c', name, code FROM chains UNION ALL"
                                " SELECT 'd', name, '' FROM districts UNION ALL"
                                " SELECT 't', name, '' FROM tags";

/* The value of vocabulary kind for text s: a chain's code by name or
 * code, a district by name or an unambiguous start of one ("张店" for
 * 张店区), a tag by name; NULL when unknown. */
static const char *
lookup(const struct imp *im, char kind, const char *s)
{
	const char *found = NULL;
	size_t len = strlen(s);
	int n = 0;
	int i;

	for (i = 0; i < hl_db_nrows(im->vocab); i++) {
		const char *name = hl_db_get(im->vocab, i, 1);

		if (hl_db_get(im->vocab, i, 0)[0] != kind)
			continue;
		if (strcmp(name, s) == 0 ||
		    (kind == 'c' &&
		        strcasecmp(hl_db_get(im->vocab, i, 2), s) == 0))
			return kind == 'c' ? hl_db_get(im->vocab, i, 2) : name;
		if (kind == 'd' && len >= 6 && strncmp(name, s, len) == 0) {
			found = name;
			n++;
		}
		/* "汽车部件产业链" and "汽车部件链" name the chain 汽车部件. */
		if (kind == 'c' && strncmp(s, name, strlen(name)) == 0 &&
		    (strcmp(s + strlen(name), "产业链") == 0 ||
		        strcmp(s + strlen(name), "链") == 0))
			return hl_db_get(im->vocab, i, 2);
	}
	return n == 1 ? found : NULL;
}

/* s split at 、 ， , ； ; / ／ and blanks, into a NULL-terminated list. */
static const char **
split(struct hl_arena *a, const char *s, size_t *n)
{
	static const char *const seps[] = { "、", "，", ",", "；", ";", "/",
		"／", " ", "\t", "\n", "　", NULL };
	size_t cap = 8;
	const char **v = hl_arena_alloc(a, cap * sizeof(*v));
	const char *start = s;
	size_t k;

	*n = 0;
	while (*start != '\0') {
		const char *p = start;
		size_t sl = 0;

		while (*p != '\0') {
			for (k = 0; seps[k] != NULL; k++)
				if (strncmp(p, seps[k], strlen(seps[k])) == 0)
					break;
			if (seps[k] != NULL) {
				sl = strlen(seps[k]);
				break;
			}
			p++;
		}
		if (p > start) {
			if (*n + 1 >= cap) {
				const char **w =
				    hl_arena_alloc(a, 2 * cap * sizeof(*w));

				memcpy(w, v, *n * sizeof(*v));
				v = w;
				cap *= 2;
			}
			v[(*n)++] =
			    hl_arena_strndup(a, start, (size_t)(p - start));
		}
		start = *p != '\0' ? p + sl : p;
	}
	v[*n] = NULL;
	return v;
}

/* Known values of a list column (chains, tags), duplicates dropped;
 * unknown ones are reported. */
static void
list_of(struct imp *im, size_t line, enum col c, char kind, const char *s,
    struct hl_json_strv *out)
{
	size_t n;
	const char **t = split(im->ctx->arena, s, &n);
	size_t i;
	size_t k;

	out->v = hl_arena_alloc(im->ctx->arena, (n + 1) * sizeof(char *));
	out->n = 0;
	for (i = 0; i < n; i++) {
		const char *v = lookup(im, kind, t[i]);

		if (v == NULL) {
			row_error(im, line, c,
			    kind == 'c'
			        ? "未知的产业链“%s”（请填写产业链名称或代码）"
			        : "未知的企业标签“%s”",
			    t[i]);
			continue;
		}
		for (k = 0; k < out->n && strcmp(out->v[k], v) != 0; k++)
			;
		if (k == out->n)
			out->v[out->n++] = v;
	}
}

/* ---- one row ---- */

static const char *
cell(struct imp *im, size_t i, enum col c)
{
	return hl_sheet_get(&im->sheet, &im->map, i, c);
}

static const char *
opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* The enumerations and numbers of row i into in. */
static void
read_words(struct imp *im, size_t i, size_t line, struct hl_enterprise_in *in)
{
	const char *v;
	int64_t n;

	in->has_size_class = true;
	v = cell(im, i, C_SIZE);
	in->size_class = word(sizes, v);
	if (in->size_class == NULL)
		row_error(im, line, C_SIZE,
		    v[0] == '\0'
		        ? "请填写企业规模（大型、中型、小型或微型）"
		        : "企业规模“%s”无法识别，应为大型、中型、小型或微型",
		    v);
	v = cell(im, i, C_KEY);
	if (v[0] != '\0') {
		in->has_key_enterprise = word(yes_no, v) != NULL;
		in->key_enterprise = in->has_key_enterprise &&
		    strcmp(word(yes_no, v), "true") == 0;
		if (!in->has_key_enterprise)
			row_error(im, line, C_KEY, "“%s”应为“是”或“否”", v);
	}
	v = cell(im, i, C_PARTY);
	if (v[0] != '\0') {
		in->party_org_status = word(parties, v);
		in->has_party_org_status = in->party_org_status != NULL;
		if (in->party_org_status == NULL)
			row_error(im, line, C_PARTY,
			    "党组织情况“%s”无法识别，应为单独建立、联合建立、"
			    "党建指导员或无",
			    v);
	}
	v = cell(im, i, C_EMPLOYEES);
	if (v[0] != '\0') {
		char digits[24];
		size_t len = strlen(v);

		/* "120人" is 120. */
		if (len > 3 && strcmp(v + len - 3, "人") == 0)
			len -= 3;
		snprintf(digits, sizeof(digits), "%.*s", (int)len, v);
		if (len >= sizeof(digits) ||
		    hl_str_to_i64(hl_str_from(digits), &n) == -1 || n < 0)
			row_error(im, line, C_EMPLOYEES,
			    "职工人数“%s”应为非负整数", v);
		else {
			in->employee_count = n;
			in->has_employee_count = true;
		}
	}
}

static void
read_contact(struct imp *im, size_t i, size_t line, struct hl_enterprise_in *in)
{
	struct hl_enterprise_contact *k;
	const char *name = cell(im, i, C_CONTACT);
	const char *phone = cell(im, i, C_PHONE);
	const char *email = cell(im, i, C_EMAIL);

	if (name[0] == '\0' && phone[0] == '\0' && email[0] == '\0')
		return;
	if (name[0] == '\0')
		row_error(im, line, C_CONTACT,
		    "填写了联系电话或邮箱，请同时填写联系人姓名");
	k = hl_arena_alloc(im->ctx->arena, sizeof(*k));
	k->name = name;
	k->title = opt(cell(im, i, C_CONTACT_TITLE));
	k->phone = opt(phone);
	k->email = opt(email);
	k->is_primary = true;
	in->contacts = k;
	in->n_contacts = 1;
	in->has_contacts = true;
}

/* What enterprise.c says about the registration, for the columns this
 * module has not reported on already. */
static void
registration_errors(struct imp *im, size_t line, const struct hl_err *e)
{
	int f;
	size_t k;

	for (f = 0; f < e->n_fields; f++) {
		enum col c = C_NAME;

		for (k = 0; k < sizeof(field_cols) / sizeof(field_cols[0]); k++)
			if (strcmp(field_cols[k].field, e->fields[f].name) == 0)
				break;
		if (k < sizeof(field_cols) / sizeof(field_cols[0]))
			c = field_cols[k].col;
		if (!(im->reported & (1u << c)))
			row_error(im, line, c, "%s", e->fields[f].msg);
	}
}

/* The enterprise already registered with code, or NULL: a binary search
 * of the codes, which SQL_TAKEN answers in byte order. */
static const char *
taken_by(const struct imp *im, const char *code)
{
	int lo = 0;
	int hi = hl_db_nrows(im->taken);

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(hl_db_get(im->taken, mid, 0), code);

		if (c == 0)
			return hl_db_get(im->taken, mid, 1);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
check_row(struct imp *im, size_t i)
{
	size_t line = im->sheet.rows[i].line;
	struct hl_enterprise_in in;
	struct hl_err e = { 0 };
	char code[HL_VALID_CREDIT_CODE_LEN + 1] = "";
	const char *district = cell(im, i, C_DISTRICT);
	const char *v;

	memset(&in, 0, sizeof(in));
	im->reported = 0;
	in.name = cell(im, i, C_NAME);
	in.credit_code = cell(im, i, C_CODE);
	in.has_name = in.has_credit_code = true;
	in.has_chain_codes = in.has_district = in.has_tags = true;
	if (cell(im, i, C_CHAINS)[0] == '\0')
		row_error(im, line, C_CHAINS, "请填写产业链（名称或代码）");
	list_of(im, line, C_CHAINS, 'c', cell(im, i, C_CHAINS),
	    &in.chain_codes);
	list_of(im, line, C_TAGS, 't', cell(im, i, C_TAGS), &in.tags);
	in.district = lookup(im, 'd', district);
	if (in.district == NULL) {
		row_error(im, line, C_DISTRICT,
		    district[0] == '\0' ? "请填写区县" : "未知的区县“%s”",
		    district);
		in.district = district;
	}
	read_words(im, i, line, &in);
	in.address = opt(cell(im, i, C_ADDRESS));
	in.main_products = opt(cell(im, i, C_PRODUCTS));
	in.note = opt(cell(im, i, C_NOTE));
	in.has_address = in.address != NULL;
	in.has_main_products = in.main_products != NULL;
	in.has_note = in.note != NULL;
	read_contact(im, i, line, &in);
	if (hl_enterprise_check(im->ctx, &in, true, code, &e) == -1)
		registration_errors(im, line, &e);
	v = im->row_codes[i] == NULL ? NULL : taken_by(im, im->row_codes[i]);
	if (v != NULL)
		row_error(im, line, C_CODE, "该统一社会信用代码已登记：%s", v);
	if (im->dup_of[i] != 0)
		row_error(im, line, C_CODE, "与第 %zu 行的统一社会信用代码重复",
		    im->dup_of[i]);
	if (!hl_sheet_report_row_done(&im->rep))
		return;
	im->ins[im->n_ok] = in;
	im->codes[im->n_ok] = hl_arena_strdup(im->ctx->arena, code);
	im->n_ok++;
}

/* ---- the file ---- */

static const char SQL_TAKEN[] =
    "SELECT e.credit_code, e.name FROM enterprises e"
    " WHERE e.credit_code IN (SELECT jsonb_array_elements_text($1::jsonb))"
    " ORDER BY e.credit_code COLLATE \"C\"";

/* A row with a credit code, for sorting by code, then by place. */
struct coded_row {
	const char *code;
	size_t i;
};

static int
by_code(const void *a, const void *b)
{
	const struct coded_row *x = a;
	const struct coded_row *y = b;
	int c = strcmp(x->code, y->code);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* dup_of for each row repeating the code of an earlier one: sorted, the
 * rows of one code come together, the first of them first. */
static void
find_duplicates(struct imp *im)
{
	struct coded_row *rows;
	size_t n = 0;
	size_t i;

	rows = hl_arena_alloc(im->ctx->arena,
	    (im->sheet.n_rows + 1) * sizeof(*rows));
	for (i = 0; i < im->sheet.n_rows; i++)
		if (im->row_codes[i] != NULL) {
			rows[n].code = im->row_codes[i];
			rows[n++].i = i;
		}
	qsort(rows, n, sizeof(*rows), by_code);
	for (i = 1; i < n; i++) {
		size_t first = rows[i - 1].i;

		if (strcmp(rows[i].code, rows[i - 1].code) != 0)
			continue;
		im->dup_of[rows[i].i] = im->dup_of[first] != 0
		    ? im->dup_of[first]
		    : im->row_lines[first];
	}
}

static int
find_taken(struct imp *im, struct hl_err *err)
{
	struct hl_buf codes = { 0 };
	struct hl_jw w;
	const char *params[1];
	size_t i;

	hl_jw_init(&w, &codes);
	hl_jw_arr_begin(&w);
	for (i = im->map.header + 1; i < im->sheet.n_rows; i++) {
		char code[HL_VALID_CREDIT_CODE_LEN + 1];
		struct hl_err e = { 0 };

		im->row_lines[i] = im->sheet.rows[i].line;
		if (hl_sheet_is_comment(&im->sheet, i) ||
		    hl_valid_credit_code("c", cell(im, i, C_CODE), code, &e) ==
		        -1)
			continue;
		im->row_codes[i] = hl_arena_strdup(im->ctx->arena, code);
		hl_jw_str(&w, code);
	}
	hl_jw_arr_end(&w);
	find_duplicates(im);
	params[0] = hl_buf_cstr(&codes);
	im->taken = hl_db_exec(im->ctx->db, SQL_TAKEN, 1, params, err);
	hl_buf_release(&codes);
	return im->taken == NULL ? -1 : 0;
}

static int
check_file(struct imp *im, const char *p, size_t len, struct hl_err *err)
{
	static const struct hl_sheet_limits lim = {
		HL_ENTERPRISE_IMPORT_MAX_ROWS + 20, 64, 4000
	};
	size_t n;
	size_t i;

	if (hl_sheet_read(&im->sheet, p, len, &lim, err) == -1 ||
	    hl_sheet_map_columns(&im->sheet, cols, N_COLS, &im->map, err) == -1)
		return -1;
	n = im->sheet.n_rows;
	if (n - im->map.header - 1 > HL_ENTERPRISE_IMPORT_MAX_ROWS) {
		hl_err_set(err, 422, "invalid_file",
		    "一次最多导入 %d 家企业，请分批导入",
		    HL_ENTERPRISE_IMPORT_MAX_ROWS);
		return hl_err_field(err, "file", "超过 %d 行",
		    HL_ENTERPRISE_IMPORT_MAX_ROWS);
	}
	im->row_codes =
	    hl_arena_alloc(im->ctx->arena, (n + 1) * sizeof(char *));
	im->row_lines =
	    hl_arena_alloc(im->ctx->arena, (n + 1) * sizeof(size_t));
	im->dup_of = hl_arena_alloc(im->ctx->arena, (n + 1) * sizeof(size_t));
	im->ins = hl_arena_alloc(im->ctx->arena, (n + 1) * sizeof(*im->ins));
	im->codes = hl_arena_alloc(im->ctx->arena, (n + 1) * sizeof(char *));
	im->vocab = hl_db_exec(im->ctx->db, SQL_VOCAB, 0, NULL, err);
	if (im->vocab == NULL || find_taken(im, err) == -1)
		return -1;
	for (i = im->map.header + 1; i < n; i++)
		if (!hl_sheet_is_comment(&im->sheet, i))
			check_row(im, i);
	return 0;
}

static void
answer(struct imp *im, bool dry_run, const int64_t *ids, size_t n_ids,
    struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "dry_run");
	hl_jw_bool(&w, dry_run);
	hl_jw_key(&w, "format");
	hl_jw_str(&w, hl_sheet_format_name(im->sheet.format));
	hl_sheet_report_json(&im->rep, &w);
	hl_jw_key(&w, "columns");
	hl_jw_obj_begin(&w);
	for (i = 0; i < N_COLS; i++)
		if (im->map.idx[i] >= 0) {
			hl_jw_key(&w, cols[i].key);
			hl_jw_str(&w, im->map.title[i]);
		}
	hl_jw_obj_end(&w);
	hl_jw_key(&w, "ignored_columns");
	hl_jw_arr_begin(&w);
	for (i = 0; i < im->map.n_unknown; i++)
		hl_jw_str(&w, im->map.unknown[i]);
	hl_jw_arr_end(&w);
	hl_jw_key(&w, "imported");
	hl_jw_i64(&w, (int64_t)n_ids);
	hl_jw_key(&w, "ids");
	hl_jw_arr_begin(&w);
	for (i = 0; i < n_ids; i++)
		hl_jw_i64(&w, ids[i]);
	hl_jw_arr_end(&w);
	hl_jw_obj_end(&w);
}

int
hl_enterprise_import(struct hl_ctx *ctx, const char *p, size_t len,
    bool dry_run, struct hl_buf *out, struct hl_err *err)
{
	struct imp im;
	int64_t *ids = NULL;
	int rc = -1;

	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	if (ctx->role != HL_ROLE_ADMIN)
		return hl_err_forbidden(err);
	if (check_file(&im, p, len, err) == -1)
		goto out;
	if (!dry_run && im.rep.rows == 0) {
		hl_err_set(err, 422, "validation_failed",
		    "文件只有表头，没有企业数据");
		hl_err_field(err, "file", "没有数据行");
		goto out;
	}
	if (!dry_run && im.n_ok == 0) {
		hl_err_set(err, 422, "validation_failed",
		    "文件中没有可以导入的行（%zu 行都有问题），请先预览并改正",
		    im.rep.rows);
		hl_err_field(err, "file", "没有可以导入的行");
		goto out;
	}
	if (!dry_run) {
		ids = hl_arena_alloc(ctx->arena, im.n_ok * sizeof(*ids));
		if (hl_enterprise_create_many(ctx, im.ins, im.codes, im.n_ok,
		        ids, err) == -1)
			goto out;
	}
	answer(&im, dry_run, ids, dry_run ? 0 : im.n_ok, out);
	rc = 0;
out:
	hl_db_res_free(im.taken);
	hl_db_res_free(im.vocab);
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
hl_enterprise_import_template(bool csv, struct hl_buf *out, struct hl_err *err)
{
	struct hl_export_col ecols[N_COLS];
	size_t i;

	for (i = 0; i < N_COLS; i++) {
		ecols[i].key = cols[i].key;
		ecols[i].title = cols[i].title;
		ecols[i].type = HL_EXPORT_TEXT;
	}
	if (csv)
		return hl_export_csv(ecols, N_COLS, no_rows, NULL, out, err);
	return hl_export_xlsx("企业导入", ecols, N_COLS, no_rows, NULL, out,
	    err);
}
