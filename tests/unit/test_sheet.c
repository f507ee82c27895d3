/* link: sheet xlsx export calendar json mem buf str err log */
/*
 * Spreadsheet reading and row reports: CSV in UTF-8 with and without a
 * byte order mark, in GBK and in UTF-16; RFC 4180 quoting; .xlsx written
 * by our own exporter and by hand (shared strings, inline strings, rich
 * text, sparse cells); headers found by name in any order; and every kind
 * of bad file refused with 422 and a message, never read half-way.
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
#include <zip.h>

#include "buf.h"
#include "err.h"
#include "export.h"
#include "json.h"
#include "sheet.h"

static const struct hl_sheet_limits lim = { 1000, 50, 2000 };

static const char *const name_aliases[] = { "企业全称", "单位名称", NULL };
static const struct hl_sheet_col cols[] = {
	{ "name", "企业名称", name_aliases, true },
	{ "credit_code", "统一社会信用代码", NULL, true },
	{ "note", "备注", NULL, false },
};

#define N_COLS (sizeof(cols) / sizeof(cols[0]))

static void
read_ok(struct hl_sheet *s, const char *p, size_t len,
    enum hl_sheet_format want)
{
	struct hl_err err = { 0 };

	if (hl_sheet_read(s, p, len, &lim, &err) == -1)
		fail_msg("refused: %s", err.msg);
	assert_int_equal(s->format, want);
}

static void
read_bad(const char *p, size_t len, const char *needle)
{
	struct hl_sheet s = { 0 };
	struct hl_err err = { 0 };

	assert_int_equal(hl_sheet_read(&s, p, len, &lim, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "invalid_file");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].name, "file");
	if (strstr(err.msg, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
	assert_int_equal(s.n_rows, 0);
	hl_sheet_release(&s);
}

/* UTF-8 text in another encoding, through iconv as the test's reference. */
static size_t
encode(const char *to, const char *utf8, char *out, size_t cap)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char *in = (char *)(uintptr_t)utf8;
	size_t in_left = strlen(utf8);
	char *o = out;
	size_t o_left = cap;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &in_left, &o, &o_left) != (size_t)-1);
	iconv_close(cd);
	return cap - o_left;
}

static const char CSV[] =
    "企业名称,统一社会信用代码,备注\r\n"
    "淄博华晟汽车零部件有限公司,91370303MA3C4UJ15W,\"含逗号，和\"\"引号\"\", 以及\n换行\"\r\n"
    "\r\n"
    ",  ,\r\n"
    "  山东鲁中新材料有限公司　,91370302MA3C4UJ15W,最后一行没有换行";

static void
assert_csv_rows(struct hl_sheet *s)
{
	assert_int_equal(s->n_rows, 3);
	assert_int_equal(s->rows[0].line, 1);
	assert_int_equal(s->rows[1].line, 2);
	assert_string_equal(s->rows[1].cells[0], "淄博华晟汽车零部件有限公司");
	assert_string_equal(s->rows[1].cells[2],
	    "含逗号，和\"引号\", 以及\n换行");
	/* The quoted newline counts: the next rows are on lines 4 and 6. */
	assert_int_equal(s->rows[2].line, 6);
	/* Blanks trimmed, the full-width space too. */
	assert_string_equal(s->rows[2].cells[0], "山东鲁中新材料有限公司");
	assert_string_equal(s->rows[2].cells[2], "最后一行没有换行");
}

static void
test_csv_utf8_with_and_without_bom(void **state)
{
	struct hl_sheet s = { 0 };
	char bom[sizeof(CSV) + 3] = "\xef\xbb\xbf";

	(void)state;
	read_ok(&s, CSV, strlen(CSV), HL_SHEET_CSV_UTF8);
	assert_csv_rows(&s);
	hl_sheet_release(&s);
	memcpy(bom + 3, CSV, sizeof(CSV));
	read_ok(&s, bom, strlen(bom), HL_SHEET_CSV_UTF8);
	assert_csv_rows(&s);
	assert_string_equal(s.rows[0].cells[0], "企业名称");
	hl_sheet_release(&s);
}

static void
test_csv_gbk_is_detected_and_decoded(void **state)
{
	struct hl_sheet s = { 0 };
	char gbk[1024];
	size_t n = encode("GBK", CSV, gbk, sizeof(gbk));

	(void)state;
	/* GBK bytes are not UTF-8: the reader has to notice. */
	read_ok(&s, gbk, n, HL_SHEET_CSV_GBK);
	assert_csv_rows(&s);
	hl_sheet_release(&s);
}

static void
test_utf16_tab_separated(void **state)
{
	struct hl_sheet s = { 0 };
	char buf[1024] = "\xff\xfe";
	size_t n = encode("UTF-16LE",
	    "企业名称\t统一社会信用代码\n甲公司\t91370303MA3C4UJ15W\n", buf + 2,
	    sizeof(buf) - 2);

	(void)state;
	read_ok(&s, buf, n + 2, HL_SHEET_CSV_UTF16);
	assert_int_equal(s.n_rows, 2);
	assert_int_equal(s.rows[1].n_cells, 2);
	assert_string_equal(s.rows[1].cells[1], "91370303MA3C4UJ15W");
	hl_sheet_release(&s);
}

/* ---- xlsx ---- */

static const struct hl_export_col xcols[] = {
	{ "note", "备注", HL_EXPORT_TEXT },
	{ "count", "职工人数", HL_EXPORT_INT },
	{ "name", "企业名称", HL_EXPORT_TEXT },
	{ "code", "统一社会信用代码", HL_EXPORT_TEXT },
};

struct xrows {
	int at;
};

static int
xnext(void *arg, const char **cells, struct hl_err *err)
{
	static const char *const vals[][4] = {
		{ "第一家", "120", "淄博华晟汽车零部件有限公司",
		    "91370303MA3C4UJ15W" },
		{ NULL, "7", "  山东鲁中新材料有限公司 ",
		    "91370302MA3C4UJ15W" },
	};
	struct xrows *x = arg;
	int i;

	(void)err;
	if (x->at == 2)
		return 0;
	for (i = 0; i < 4; i++)
		cells[i] = vals[x->at][i];
	x->at++;
	return 1;
}

static void
test_xlsx_from_the_exporter(void **state)
{
	struct xrows x = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_sheet s = { 0 };
	struct hl_sheet_map m;

	(void)state;
	assert_int_equal(
	    hl_export_xlsx("企业", xcols, 4, xnext, &x, &out, &err), 0);
	read_ok(&s, out.p, out.len, HL_SHEET_XLSX);
	assert_int_equal(s.n_rows, 3);
	assert_int_equal(s.rows[2].line, 3);
	assert_string_equal(s.rows[1].cells[1], "120");
	/* An empty cell keeps the cells after it in their columns. */
	assert_string_equal(s.rows[2].cells[0], "");
	assert_string_equal(s.rows[2].cells[2], "山东鲁中新材料有限公司");
	/* Columns by header, in the file's order. */
	assert_int_equal(hl_sheet_map_columns(&s, cols, N_COLS, &m, &err), 0);
	assert_int_equal(m.header, 0);
	assert_string_equal(hl_sheet_get(&s, &m, 1, 0),
	    "淄博华晟汽车零部件有限公司");
	assert_string_equal(hl_sheet_get(&s, &m, 2, 1), "91370302MA3C4UJ15W");
	assert_string_equal(hl_sheet_get(&s, &m, 1, 2), "第一家");
	assert_int_equal(m.n_unknown, 1);
	assert_string_equal(m.unknown[0], "职工人数");
	hl_sheet_release(&s);
	/* Cut short, it is a damaged file. */
	read_bad(out.p, out.len / 2, "损坏");
	hl_buf_release(&out);
}

/* A zip of the given parts, through libzip into a temporary file. */
static void
make_zip(const char *const *names, const char *const *bodies, size_t n,
    struct hl_buf *out)
{
	char path[] = "/tmp/test_sheet-XXXXXX";
	int fd = mkstemp(path);
	zip_t *z;
	FILE *f;
	char chunk[4096];
	size_t k;
	size_t i;

	assert_true(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, NULL);
	assert_non_null(z);
	for (i = 0; i < n; i++) {
		zip_source_t *src =
		    zip_source_buffer(z, bodies[i], strlen(bodies[i]), 0);

		assert_non_null(src);
		assert_true(zip_file_add(z, names[i], src, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_append(out, chunk, k);
	fclose(f);
	unlink(path);
}

static const char WB[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships\"><sheets><sheet name=\"名单\" sheetId=\"1\" "
    "r:id=\"rId7\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships><Relationship Id=\"rId7\" Target=\"worksheets/data.xml\"/>"
    "</Relationships>";

static void
test_xlsx_by_hand_strings_and_gaps(void **state)
{
	static const char ss[] =
	    "<sst><si><t>企业名称</t></si><si><r><t>统一社会</t></r>"
	    "<r><t>信用代码</t></r><rPh><t>しんよう</t></rPh></si>"
	    "<si><t xml:space=\"preserve\"> 甲&amp;乙 </t></si></sst>";
	static const char sh[] =
	    "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData>"
	    "<x:row r=\"2\"><x:c r=\"C2\" t=\"s\"><x:v>1</x:v></x:c>"
	    "<x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c></x:row>"
	    "<x:row r=\"5\"><x:c r=\"A5\" t=\"s\"><x:v>2</x:v></x:c>"
	    "<x:c r=\"C5\" t=\"inlineStr\"><x:is><x:t>91370303</x:t>"
	    "<x:t>MA3C4UJ15W</x:t></x:is></x:c>"
	    "<x:c r=\"D5\" t=\"b\"><x:v>1</x:v></x:c>"
	    "<x:c r=\"E5\"><x:f>1+1</x:f><x:v>2.0</x:v></x:c></x:row>"
	    "</x:sheetData></x:worksheet>";
	const char *names[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
		"xl/sharedStrings.xml", "xl/worksheets/data.xml" };
	const char *bodies[] = { WB, RELS, ss, sh };
	struct hl_buf zip = { 0 };
	struct hl_sheet s = { 0 };

	(void)state;
	make_zip(names, bodies, 4, &zip);
	read_ok(&s, zip.p, zip.len, HL_SHEET_XLSX);
	assert_int_equal(s.n_rows, 2);
	assert_int_equal(s.rows[0].line, 2);
	/* Rich text runs joined, phonetic runs left out. */
	assert_string_equal(s.rows[0].cells[2], "统一社会信用代码");
	assert_string_equal(s.rows[0].cells[0], "企业名称");
	assert_int_equal(s.rows[1].line, 5);
	assert_string_equal(s.rows[1].cells[0], "甲&乙");
	assert_string_equal(s.rows[1].cells[1], "");
	assert_string_equal(s.rows[1].cells[2], "91370303MA3C4UJ15W");
	assert_string_equal(s.rows[1].cells[3], "TRUE");
	assert_string_equal(s.rows[1].cells[4], "2");
	hl_sheet_release(&s);
	hl_buf_release(&zip);
}

static void
test_xlsx_refusals(void **state)
{
	static const char doctype[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]>"
	    "<workbook>&a;</workbook>";
	static const char broken[] = "<workbook><sheets></workbook>";
	const char *wb_names[] = { "xl/workbook.xml" };
	const char *other_names[] = { "word/document.xml" };
	const char *b1[] = { doctype };
	const char *b2[] = { broken };
	const char *b3[] = { "<doc/>" };
	struct hl_buf zip = { 0 };
	const char *bomb_names[] = { "xl/workbook.xml",
		"xl/worksheets/sheet1.xml" };
	const char *bomb[2];
	char *big;
	size_t big_len = 65u * 1024u * 1024u;

	(void)state;
	make_zip(wb_names, b1, 1, &zip);
	read_bad(zip.p, zip.len, "文档类型");
	hl_buf_reset(&zip);
	make_zip(wb_names, b2, 1, &zip);
	read_bad(zip.p, zip.len, "格式错误");
	hl_buf_reset(&zip);
	make_zip(other_names, b3, 1, &zip);
	read_bad(zip.p, zip.len, "不是 Excel 工作簿");
	hl_buf_reset(&zip);
	/* 65 MB of one letter inflates from about 65 KB: refused before. */
	big = malloc(big_len + 1);
	assert_non_null(big);
	memset(big, 'a', big_len);
	big[big_len] = '\0';
	bomb[0] = WB;
	bomb[1] = big;
	make_zip(bomb_names, bomb, 2, &zip);
	assert_true(zip.len < 1024 * 1024);
	read_bad(zip.p, zip.len, "过大");
	free(big);
	hl_buf_release(&zip);
}

/* ---- bad files ---- */

static void
test_bad_files_are_refused_with_a_reason(void **state)
{
	static const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest";
	/* Neither UTF-8 nor GB 18030 (0x80 alone is in neither). */
	static const char mojibake[] = "企业名称\n\x80\x80\x80\n";
	static const char quote[] = "企业名称,备注\n甲,\"没有闭合\n乙,丙\n";
	static const char ctl[] = "企业名称\n甲\x01乙\n";
	size_t n = 10u * 1024u * 1024u;
	char *garbage = malloc(n);
	size_t i;
	uint32_t x = 2463534242u;

	(void)state;
	assert_non_null(garbage);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		garbage[i] = (char)(x & 0xff);
	}
	read_bad(garbage, n, "既不是 CSV");
	/* Random bytes without a NUL are not text either. */
	for (i = 0; i < n; i++)
		if (garbage[i] == '\0')
			garbage[i] = '\x81';
	read_bad(garbage, n, "编码");
	free(garbage);
	read_bad("", 0, "空");
	read_bad("\n\n  \r\n", 5, "没有任何内容");
	read_bad(xls, sizeof(xls) - 1, ".xls");
	read_bad(mojibake, strlen(mojibake), "GBK");
	read_bad(quote, strlen(quote), "第 2 行的引号没有闭合");
	read_bad(ctl, strlen(ctl), "控制字符");
	read_bad("PK\x03\x04garbage", 11, "损坏");
}

static void
test_limits(void **state)
{
	static const struct hl_sheet_limits tight = { 2, 3, 5 };
	struct hl_sheet s = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_sheet_read(&s, "a\nb\nc\n", 6, &tight, &err), -1);
	assert_non_null(strstr(err.msg, "超过 2 行"));
	hl_err_clear(&err);
	assert_int_equal(hl_sheet_read(&s, "a,b,c,d\n", 8, &tight, &err), -1);
	assert_non_null(strstr(err.msg, "超过 3 列"));
	hl_err_clear(&err);
	assert_int_equal(hl_sheet_read(&s, "一二三四五六\n", 19, &tight, &err),
	    -1);
	assert_non_null(strstr(err.msg, "超过 5 个字符"));
	hl_err_clear(&err);
	/* Five characters are fine, however many bytes. */
	assert_int_equal(hl_sheet_read(&s, "一二三四五\n", 16, &tight, &err),
	    0);
	hl_sheet_release(&s);
}

/* ---- columns ---- */

static void
test_headers_any_order_aliases_marks_comments(void **state)
{
	static const char csv[] =
	    "# 导入说明：每行一家企业\n"
	    "淄博市企业名单,,,\n"
	    "备注,统一社会信用代码（必填）,*单位名称,所属园区\n"
	    "# 这一行是注释\n"
	    "甲,91370303MA3C4UJ15W,甲公司,高新区\n";
	struct hl_sheet s = { 0 };
	struct hl_sheet_map m;
	struct hl_err err = { 0 };

	(void)state;
	read_ok(&s, csv, strlen(csv), HL_SHEET_CSV_UTF8);
	assert_int_equal(hl_sheet_map_columns(&s, cols, N_COLS, &m, &err), 0);
	assert_int_equal(s.rows[m.header].line, 3);
	assert_string_equal(m.title[0], "*单位名称");
	assert_string_equal(hl_sheet_get(&s, &m, 4, 0), "甲公司");
	assert_string_equal(hl_sheet_get(&s, &m, 4, 2), "甲");
	assert_true(hl_sheet_is_comment(&s, 3));
	assert_int_equal(m.n_unknown, 1);
	assert_string_equal(m.unknown[0], "所属园区");
	hl_sheet_release(&s);
}

static void
test_headers_missing_twice_or_none(void **state)
{
	struct hl_sheet s = { 0 };
	struct hl_sheet_map m;
	struct hl_err err = { 0 };

	(void)state;
	read_ok(&s, "企业名称,备注\n甲,乙\n", strlen("企业名称,备注\n甲,乙\n"),
	    HL_SHEET_CSV_UTF8);
	assert_int_equal(hl_sheet_map_columns(&s, cols, N_COLS, &m, &err), -1);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].name, "credit_code");
	assert_string_equal(err.fields[0].msg, "文件缺少“统一社会信用代码”列");
	hl_sheet_release(&s);
	hl_err_clear(&err);
	read_ok(&s, "企业名称,单位名称,统一社会信用代码\n",
	    strlen("企业名称,单位名称,统一社会信用代码\n"), HL_SHEET_CSV_UTF8);
	assert_int_equal(hl_sheet_map_columns(&s, cols, N_COLS, &m, &err), -1);
	assert_string_equal(err.code, "invalid_file");
	assert_non_null(strstr(err.msg, "单位名称"));
	hl_sheet_release(&s);
	hl_err_clear(&err);
	read_ok(&s, "a,b\n1,2\n", 8, HL_SHEET_CSV_UTF8);
	assert_int_equal(hl_sheet_map_columns(&s, cols, N_COLS, &m, &err), -1);
	assert_non_null(strstr(err.msg, "找不到表头行"));
	hl_sheet_release(&s);
}

/* ---- the report ---- */

static void
test_report_counts_and_shape(void **state)
{
	struct hl_sheet_report r = { 0 };
	struct hl_buf out = { 0 };
	struct hl_jw w;
	size_t i;

	(void)state;
	hl_sheet_report_error(&r, 2, "credit_code", "统一社会信用代码",
	    "校验位错误，应为“%c”", 'W');
	hl_sheet_report_error(&r, 2, "district", "区县", "未知的区县");
	assert_false(hl_sheet_report_row_done(&r));
	assert_true(hl_sheet_report_row_done(&r));
	hl_jw_init(&w, &out);
	hl_jw_obj_begin(&w);
	hl_sheet_report_json(&r, &w);
	hl_jw_obj_end(&w);
	assert_string_equal(out.p,
	    "{\"rows\":2,\"ok\":1,\"n_errors\":2,\"errors\":["
	    "{\"row\":2,\"field\":\"credit_code\",\"column\":\"统一社会信用代码\","
	    "\"message\":\"校验位错误，应为“W”\"},"
	    "{\"row\":2,\"field\":\"district\",\"column\":\"区县\","
	    "\"message\":\"未知的区县\"}],\"errors_truncated\":false}");
	hl_buf_reset(&out);
	for (i = 0; i < HL_SHEET_REPORT_MAX_ERRORS + 5; i++)
		hl_sheet_report_error(&r, i, "x", "x", "错");
	assert_int_equal(r.n_errors, HL_SHEET_REPORT_MAX_ERRORS + 7);
	hl_jw_init(&w, &out);
	hl_jw_obj_begin(&w);
	hl_sheet_report_json(&r, &w);
	hl_jw_obj_end(&w);
	assert_non_null(strstr(out.p, "\"errors_truncated\":true"));
	hl_buf_release(&out);
	hl_sheet_report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_utf8_with_and_without_bom),
		cmocka_unit_test(test_csv_gbk_is_detected_and_decoded),
		cmocka_unit_test(test_utf16_tab_separated),
		cmocka_unit_test(test_xlsx_from_the_exporter),
		cmocka_unit_test(test_xlsx_by_hand_strings_and_gaps),
		cmocka_unit_test(test_xlsx_refusals),
		cmocka_unit_test(test_bad_files_are_refused_with_a_reason),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_headers_any_order_aliases_marks_comments),
		cmocka_unit_test(test_headers_missing_twice_or_none),
		cmocka_unit_test(test_report_counts_and_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
