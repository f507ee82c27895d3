/*
 * Spreadsheet imports over HTTP.  Enterprises: the template, a dry run
 * that reports every row's problem (a bad check character with the right
 * one, unknown chain or district, a credit code registered already or
 * twice in the file) and changes nothing, then the good rows registered
 * with their audit rows; the same file as UTF-8 with a byte order mark,
 * as GBK and as .xlsx with its columns in another order; and bad files
 * (10 MB of garbage, an undecodable text, an old .xls, a missing column,
 * an oversized body) refused with 4xx, never 5xx.  The calendar: a
 * preview that shows the days and what they change, an import, a file
 * with bad rows refused whole, and dates as Excel stores them.
 */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "export.h"
#include "sheet.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

#define IMPORT "/api/v1/enterprises/import"
#define BOM    "\xef\xbb\xbf"
/* A year no other test and no seed lists. */
#define YEAR "2031"

static struct thttp_client *admin_;
static struct thttp_client *com_;
static struct tdb *db_;

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "commissioner-demo", &com_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	return tfix_open(logins_, &db_);
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

/* ---- helpers ---- */

static struct thttp_resp *
upload(struct thttp_client *c, const char *path, const char *type,
    const void *p, size_t len)
{
	char ct[128];
	const char *hdrs[] = { ct, NULL };

	snprintf(ct, sizeof(ct), "Content-Type: %s", type);
	return thttp_client_request(c, "POST", path, hdrs, p, len);
}

static long long
n_enterprises(void)
{
	return tdb_int(db_, "SELECT count(*) FROM enterprises", NULL);
}

/* The error of the answer at index i as "row field: message". */
static void
error_at(struct thttp_resp *r, size_t i, long long *row, const char **field,
    const char **msg)
{
	json_t *e =
	    json_array_get(thttp_json_get(thttp_resp_json(r), "errors"), i);

	assert_non_null(e);
	*row = json_integer_value(json_object_get(e, "row"));
	*field = json_string_value(json_object_get(e, "field"));
	*msg = json_string_value(json_object_get(e, "message"));
}

/* An existing enterprise's credit code, from the seed. */
static const char *
taken_code(char out[19])
{
	snprintf(out, 19, "%s",
	    tdb_value(db_,
	        "SELECT credit_code FROM enterprises WHERE demo ORDER BY id"
	        " LIMIT 1",
	        NULL));
	return out;
}

/* codes[0], codes[1]: new; codes[2]: codes[1]'s body with a wrong check
 * character; *right: the one it needs. */
static void
make_codes(const char *prefix, char codes[3][19], char *right)
{
	tfix_credit_code(prefix, codes[0]);
	tfix_credit_code(prefix, codes[1]);
	tfix_credit_code(prefix, codes[2]);
	*right = codes[2][17];
	codes[2][17] = codes[2][17] == 'X' ? 'Y' : 'X';
}

/* The test file, UTF-8: two good rows and five with problems. */
static void
enterprise_csv(const char *tag, char codes[3][19], struct hl_buf *out)
{
	char taken[19];

	hl_buf_printf(out,
	    "备注,企业名称,统一社会信用代码,所属产业链,区县,企业规模,联系人,"
	    "联系电话,企业标签\r\n"
	    "第一家,导入%s甲公司,%s,汽车部件,张店区,小型,张三,0533-1234567,"
	    "专精特新\r\n"
	    ",导入%s乙公司,%s,auto-parts/聚氨酯,淄川,中型,,,\r\n"
	    ",导入%s丙公司,%s,auto-parts,张店区,小型,,,\r\n"
	    ",导入%s丁公司,913703031,不存在链,火星区,小型,,,\r\n"
	    ",导入%s戊公司,%s,auto-parts,张店区,小型,,,\r\n"
	    ",导入%s己公司,%s,auto-parts,张店区,巨型,,,\r\n",
	    tag, codes[0], tag, codes[1], tag, codes[2], tag, tag,
	    taken_code(taken), tag, codes[0]);
}

/* What every variant of the test file must report. */
static void
assert_report(struct thttp_resp *r, char right)
{
	long long row;
	const char *field;
	const char *msg;
	char want[128];

	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "rows", 0), 6);
	assert_int_equal(thttp_resp_int(r, "ok", 0), 2);
	/* Row 4: the check character, and the right one. */
	error_at(r, 0, &row, &field, &msg);
	assert_int_equal(row, 4);
	assert_string_equal(field, "credit_code");
	snprintf(want, sizeof(want),
	    "统一社会信用代码校验位错误：按前 17 位，第 18 位应为“%c”", right);
	assert_string_equal(msg, want);
	/* Row 5: chain and district unknown (and its code is bad too). */
	error_at(r, 1, &row, &field, &msg);
	assert_int_equal(row, 5);
	assert_string_equal(field, "chains");
	assert_non_null(strstr(msg, "不存在链"));
	error_at(r, 2, &row, &field, &msg);
	assert_string_equal(field, "district");
	assert_non_null(strstr(msg, "火星区"));
	/* Row 6: registered already, naming the enterprise. */
	error_at(r, 4, &row, &field, &msg);
	assert_int_equal(row, 6);
	assert_non_null(strstr(msg, "已登记"));
	/* Row 7: twice in the file, and an unknown size. */
	error_at(r, 5, &row, &field, &msg);
	assert_int_equal(row, 7);
	assert_string_equal(field, "size_class");
	error_at(r, 6, &row, &field, &msg);
	assert_int_equal(row, 7);
	assert_string_equal(msg, "与第 2 行的统一社会信用代码重复");
	assert_int_equal(thttp_resp_int(r, "n_errors", 0), 7);
	assert_non_null(thttp_resp_str(r, "columns.chains"));
}

/* Dry run, then import: the two good rows, audited, with their chains. */
static void
dry_run_then_import(const char *type, const void *p, size_t len,
    const char *format, char right, const char *tag)
{
	long long before = n_enterprises();
	long long audit = tdb_int(db_,
	    "SELECT count(*) FROM audit_log WHERE action ="
	    " 'enterprise.import'",
	    NULL);
	struct thttp_resp *r =
	    upload(admin_, IMPORT "?dry_run=true", type, p, len);
	char path[64];
	char name[64];
	long long id;

	assert_report(r, right);
	assert_string_equal(thttp_resp_str(r, "format"), format);
	assert_int_equal(thttp_resp_int(r, "imported", -1), 0);
	thttp_resp_free(r);
	assert_int_equal(n_enterprises(), before);

	r = upload(admin_, IMPORT, type, p, len);
	assert_report(r, right);
	assert_int_equal(thttp_resp_int(r, "imported", 0), 2);
	id = thttp_resp_int(r, "ids.1", 0);
	thttp_resp_free(r);
	assert_int_equal(n_enterprises(), before + 2);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'enterprise.import'",
	                     NULL),
	    audit + 2);
	/* The second row: two chains (the first primary), 淄川 as 淄川区. */
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	snprintf(name, sizeof(name), "导入%s乙公司", tag);
	assert_string_equal(thttp_resp_str(r, "name"), name);
	assert_string_equal(thttp_resp_str(r, "chain_codes.0"), "auto-parts");
	assert_string_equal(thttp_resp_str(r, "chain_codes.1"), "polyurethane");
	assert_string_equal(thttp_resp_str(r, "district"), "淄川区");
	assert_string_equal(thttp_resp_str(r, "size_class"), "medium");
	thttp_resp_free(r);
	/* Again: nothing is good any more, and nothing is written. */
	r = upload(admin_, IMPORT, type, p, len);
	tfix_expect_field(r, 422, "file");
	thttp_resp_free(r);
	assert_int_equal(n_enterprises(), before + 2);
}

/* ---- enterprises ---- */

static void
test_template(void **state)
{
	struct thttp_resp *r;
	struct hl_sheet s = { 0 };
	struct hl_sheet_limits lim = { 10, 50, 100 };
	struct hl_err err = { 0 };

	(void)state;
	r = thttp_client_request(admin_, "GET", IMPORT "/template?format=csv",
	    NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_true(strncmp(r->body,
	                BOM "企业名称,统一社会信用代码,产业链,区县,企业规模,",
	                strlen(BOM "企业名称,统一社会信用代码,产业链,区县,"
	                           "企业规模,")) == 0);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Disposition"), "attachment"));
	thttp_resp_free(r);
	/* The workbook reads back as the same header. */
	r = thttp_client_request(admin_, "GET", IMPORT "/template", NULL, NULL,
	    0);
	assert_int_equal(r->status, 200);
	assert_int_equal(hl_sheet_read(&s, r->body, r->body_len, &lim, &err),
	    0);
	assert_int_equal(s.format, HL_SHEET_XLSX);
	assert_string_equal(s.rows[0].cells[0], "企业名称");
	assert_string_equal(s.rows[0].cells[15], "电子邮箱");
	hl_sheet_release(&s);
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET", IMPORT "/template?format=ods",
	    NULL, NULL, 0);
	tfix_expect_field(r, 400, "format");
	thttp_resp_free(r);
	r = thttp_client_request(com_, "GET", IMPORT "/template", NULL, NULL,
	    0);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
}

static void
test_utf8_with_bom(void **state)
{
	char codes[3][19];
	char right;
	struct hl_buf f = { 0 };

	(void)state;
	make_codes("91370303Q", codes, &right);
	hl_buf_puts(&f, BOM);
	enterprise_csv("U", codes, &f);
	dry_run_then_import("text/csv", f.p, f.len, "csv-utf8", right, "U");
	hl_buf_release(&f);
}

static void
test_gbk(void **state)
{
	char codes[3][19];
	char right;
	struct hl_buf f = { 0 };
	struct hl_buf g = { 0 };
	iconv_t cd = iconv_open("GBK", "UTF-8");
	char *in;
	size_t in_left;
	char *o;
	size_t o_left;

	(void)state;
	make_codes("91370303R", codes, &right);
	enterprise_csv("G", codes, &f);
	assert_true(cd != (iconv_t)-1);
	hl_buf_grow(&g, 2 * f.len);
	in = f.p;
	in_left = f.len;
	o = g.p;
	o_left = g.cap - 1;
	assert_true(iconv(cd, &in, &in_left, &o, &o_left) != (size_t)-1);
	iconv_close(cd);
	g.len = (size_t)(o - g.p);
	/* What Excel in China sends: no charset, and not UTF-8. */
	dry_run_then_import("application/vnd.ms-excel", g.p, g.len, "csv-gbk",
	    right, "G");
	hl_buf_release(&f);
	hl_buf_release(&g);
}

/* The same rows as a workbook, columns reordered and named otherwise. */
struct xl {
	const char *const *cells;
	size_t n_cols;
	size_t n_rows;
	size_t at;
};

static int
xl_row(void *arg, const char **cells, struct hl_err *err)
{
	struct xl *x = arg;
	size_t i;

	(void)err;
	if (x->at == x->n_rows)
		return 0;
	for (i = 0; i < x->n_cols; i++)
		cells[i] = x->cells[x->at * x->n_cols + i];
	x->at++;
	return 1;
}

static void
test_xlsx(void **state)
{
	static const struct hl_export_col cols[] = {
		{ "a", "统一社会信用代码", HL_EXPORT_TEXT },
		{ "b", "单位名称", HL_EXPORT_TEXT },
		{ "c", "规模", HL_EXPORT_TEXT },
		{ "d", "产业链", HL_EXPORT_TEXT },
		{ "e", "所属区县", HL_EXPORT_TEXT },
		{ "f", "职工人数", HL_EXPORT_INT },
	};
	char codes[3][19];
	char right;
	char taken[19];
	const char *cells[6 * 6];
	struct xl x = { cells, 6, 6, 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	size_t i;

	(void)state;
	make_codes("91370303T", codes, &right);
	for (i = 0; i < 6; i++) {
		cells[i * 6 + 2] = "小型";
		cells[i * 6 + 3] = "auto-parts";
		cells[i * 6 + 4] = "张店区";
		cells[i * 6 + 5] = "35";
	}
	cells[0] = codes[0];
	cells[1] = "导入X甲公司";
	cells[6] = codes[1];
	cells[7] = "导入X乙公司";
	cells[9] = "auto-parts、聚氨酯";
	cells[10] = "淄川";
	cells[8] = "中型";
	cells[12] = codes[2];
	cells[13] = "导入X丙公司";
	cells[18] = "913703031";
	cells[19] = "导入X丁公司";
	cells[21] = "不存在链";
	cells[22] = "火星区";
	cells[24] = taken_code(taken);
	cells[25] = "导入X戊公司";
	cells[30] = codes[0];
	cells[31] = "导入X己公司";
	cells[32] = "巨型";
	assert_int_equal(
	    hl_export_xlsx("企业", cols, 6, xl_row, &x, &out, &err), 0);
	dry_run_then_import(
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    out.p, out.len, "xlsx", right, "X");
	hl_buf_release(&out);
}

static void
test_bad_files(void **state)
{
	size_t n = 10u * 1024u * 1024u;
	char *garbage = malloc(n);
	long long before = n_enterprises();
	struct thttp_resp *r;
	uint32_t x = 88172645u;
	size_t i;
	static const char mp[] =
	    "--B\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n"
	    "x\r\n--B--\r\n";

	(void)state;
	assert_non_null(garbage);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		garbage[i] = (char)(x >> 8);
	}
	/* 10 MB of garbage: a clear 422, never a 5xx. */
	r = upload(admin_, IMPORT "?dry_run=true", "application/octet-stream",
	    garbage, n);
	tfix_expect_field(r, 422, "file");
	assert_string_equal(thttp_resp_str(r, "error.code"), "invalid_file");
	thttp_resp_free(r);
	r = upload(admin_, IMPORT, "text/csv", garbage, n);
	tfix_expect_field(r, 422, "file");
	thttp_resp_free(r);
	/* Bytes that are neither UTF-8 nor GBK say so. */
	r = upload(admin_, IMPORT "?dry_run=true", "text/csv",
	    "企业名称\n\x80\x80\n", 16);
	tfix_expect_field(r, 422, "file");
	assert_non_null(strstr(thttp_resp_str(r, "error.message"), "GBK"));
	thttp_resp_free(r);
	r = upload(admin_, IMPORT "?dry_run=true", "application/vnd.ms-excel",
	    "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", 12);
	tfix_expect_field(r, 422, "file");
	assert_non_null(strstr(thttp_resp_str(r, "error.message"), ".xls"));
	thttp_resp_free(r);
	/* A missing column is named. */
	r = upload(admin_, IMPORT "?dry_run=true", "text/csv",
	    "企业名称,统一社会信用代码,产业链,企业规模\n甲,1,2,3\n",
	    strlen("企业名称,统一社会信用代码,产业链,企业规模\n甲,1,2,3\n"));
	tfix_expect_field(r, 422, "district");
	thttp_resp_free(r);
	r = upload(admin_, IMPORT "?dry_run=true", "text/csv", "", 0);
	tfix_expect_field(r, 422, "file");
	thttp_resp_free(r);
	r = upload(admin_, IMPORT "?dry_run=maybe", "text/csv", "a", 1);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
	r = upload(admin_, IMPORT "?dry_run=true", "image/png", "a", 1);
	tfix_expect(r, 415, "unsupported_media_type");
	thttp_resp_free(r);
	r = upload(admin_, IMPORT "?dry_run=true",
	    "multipart/form-data; boundary=B", mp, strlen(mp));
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
	garbage = realloc(garbage, 22u * 1024u * 1024u);
	assert_non_null(garbage);
	r = upload(admin_, IMPORT "?dry_run=true", "text/csv", garbage,
	    22u * 1024u * 1024u);
	tfix_expect(r, 413, "payload_too_large");
	thttp_resp_free(r);
	free(garbage);
	r = upload(com_, IMPORT "?dry_run=true", "text/csv", "a", 1);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	assert_int_equal(n_enterprises(), before);
}

static void
test_multipart_form(void **state)
{
	char code[19];
	char body[1024];
	int n;
	struct thttp_resp *r;

	(void)state;
	tfix_credit_code("91370303U", code);
	n = snprintf(body, sizeof(body),
	    "--B\r\nContent-Disposition: form-data; name=\"file\";"
	    " filename=\"企业.csv\"\r\nContent-Type: text/csv\r\n\r\n"
	    "企业名称,统一社会信用代码,产业链,区县,企业规模\r\n"
	    "表单公司,%s,auto-parts,张店区,微型\r\n--B--\r\n",
	    code);
	r = upload(admin_, IMPORT "?dry_run=true",
	    "multipart/form-data; boundary=B", body, (size_t)n);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "ok", 0), 1);
	assert_int_equal(thttp_resp_int(r, "n_errors", -1), 0);
	thttp_resp_free(r);
}

/* ---- the calendar ---- */

static void
put_year(const char *days)
{
	struct thttp_resp *r =
	    thttp_client_json(admin_, "PUT", "/api/v1/calendar/" YEAR, days);

	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
}

static long long
n_days(void)
{
	return tdb_int(db_,
	    "SELECT count(*) FROM calendar_days WHERE extract(year FROM day) ="
	    " " YEAR,
	    NULL);
}

static void
test_calendar_preview_then_import(void **state)
{
	/* 2031-01-01 is a Wednesday, 01-04 a Saturday. */
	static const char csv[] = BOM "# 2031 年节假日安排（测试）\n"
	                              "名称,日期,类型\n"
	                              "元旦,2031-01-01,放假\n"
	                              "元旦,2031/1/2,休\n"
	                              "元旦调休上班,2031年1月4日,上班\n";
	struct thttp_resp *r;
	const char *mark;

	(void)state;
	put_year("{\"days\":[{\"day\":\"2031-05-01\",\"kind\":\"holiday\","
	         "\"name\":\"劳动节\"},{\"day\":\"2031-01-01\",\"kind\":"
	         "\"holiday\",\"name\":\"新年\"}]}");
	r = upload(admin_, "/api/v1/calendar/" YEAR "/import?dry_run=true",
	    "text/csv", csv, strlen(csv));
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "rows", 0), 3);
	assert_int_equal(thttp_resp_int(r, "ok", 0), 3);
	assert_string_equal(thttp_resp_str(r, "days.1.day"), "2031-01-02");
	assert_string_equal(thttp_resp_str(r, "days.2.kind"), "workday");
	/* What it changes, and what it does not: set deadlines. */
	assert_int_equal(json_array_size(thttp_json_get(thttp_resp_json(r),
	                     "changes.added")),
	    2);
	assert_string_equal(thttp_resp_str(r, "changes.removed.0.day"),
	    "2031-05-01");
	assert_string_equal(thttp_resp_str(r, "changes.changed.0.old_name"),
	    "新年");
	mark = thttp_resp_str(r, "effect.message");
	assert_non_null(strstr(mark, "不会移动"));
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "imported")));
	thttp_resp_free(r);
	assert_int_equal(n_days(), 2);
	r = upload(admin_, "/api/v1/calendar/" YEAR "/import", "text/csv", csv,
	    strlen(csv));
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "imported")));
	thttp_resp_free(r);
	assert_int_equal(n_days(), 3);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM calendar_days WHERE day ="
	                     " '2031-01-04' AND kind = 'workday'",
	                     NULL),
	    1);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM audit_log WHERE action ="
	                " 'calendar.replace' AND object_id = '" YEAR "'",
	                NULL) >= 2);
	put_year("{\"days\":[]}");
}

static void
test_calendar_bad_rows_refused_whole(void **state)
{
	static const char csv[] = "日期,类型,名称\n"
	                          "2031-01-01,放假,元旦\n"
	                          "2031-01-01,放假,元旦\n"
	                          "明天,放假,x\n"
	                          "2031-01-03,加班,x\n"
	                          "2031-01-06,上班,周一\n"
	                          "2030-12-31,放假,除夕\n";
	static const char *const want[][2] = {
		{ "3", "date" },
		{ "4", "date" },
		{ "5", "kind" },
		{ "6", "kind" },
		{ "7", "date" },
	};
	struct thttp_resp *r;
	long long row;
	const char *field;
	const char *msg;
	size_t i;

	(void)state;
	r = upload(admin_, "/api/v1/calendar/" YEAR "/import?dry_run=true",
	    "text/csv", csv, strlen(csv));
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "rows", 0), 6);
	assert_int_equal(thttp_resp_int(r, "ok", 0), 1);
	assert_int_equal(thttp_resp_int(r, "n_errors", 0), 5);
	for (i = 0; i < 5; i++) {
		error_at(r, i, &row, &field, &msg);
		assert_int_equal(row, atoi(want[i][0]));
		assert_string_equal(field, want[i][1]);
	}
	error_at(r, 0, &row, &field, &msg);
	assert_non_null(strstr(msg, "两次"));
	thttp_resp_free(r);
	r = upload(admin_, "/api/v1/calendar/" YEAR "/import", "text/csv", csv,
	    strlen(csv));
	tfix_expect_field(r, 422, "file");
	thttp_resp_free(r);
	assert_int_equal(n_days(), 0);
	r = upload(admin_, "/api/v1/calendar/1999/import?dry_run=true",
	    "text/csv", csv, strlen(csv));
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
}

/* Dates typed as dates in Excel arrive as serial numbers. */
static void
test_calendar_xlsx_dates(void **state)
{
	static const struct hl_export_col cols[] = {
		{ "day", "日期", HL_EXPORT_DATE },
		{ "kind", "类型", HL_EXPORT_TEXT },
		{ "name", "名称", HL_EXPORT_TEXT },
	};
	static const char *const cells[] = { "2031-10-01", "holiday", "国庆节",
		"2031-10-11", "workday", "国庆节调休上班" };
	struct xl x = { cells, 3, 2, 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct thttp_resp *r;

	(void)state;
	assert_int_equal(
	    hl_export_xlsx("日历", cols, 3, xl_row, &x, &out, &err), 0);
	r = upload(admin_, "/api/v1/calendar/" YEAR "/import?dry_run=true",
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    out.p, out.len);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "format"), "xlsx");
	assert_int_equal(thttp_resp_int(r, "ok", 0), 2);
	assert_string_equal(thttp_resp_str(r, "days.0.day"), "2031-10-01");
	assert_string_equal(thttp_resp_str(r, "days.1.day"), "2031-10-11");
	thttp_resp_free(r);
	hl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_utf8_with_bom),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_multipart_form),
		cmocka_unit_test(test_calendar_preview_then_import),
		cmocka_unit_test(test_calendar_bad_rows_refused_whole),
		cmocka_unit_test(test_calendar_xlsx_dates),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
