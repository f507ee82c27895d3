/* link: export calendar mem buf str err log */
/*
 * CSV and .xlsx exports: BOM, RFC 4180 quoting, Chinese text, formula
 * neutralisation, typed cells, failures that leave the buffer alone, and
 * the workbook's XML as unzip(1) shows it.  TMPDIR points at a private
 * directory so that leftover temporary files are seen.
 */
#include <dirent.h>
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

#include "buf.h"
#include "err.h"
#include "export.h"

#define BOM "\xef\xbb\xbf"

static char tmpdir[] = "/tmp/test_export-XXXXXX";

/* Rows from a table of strings, n_cols per row; a cell may be NULL. */
struct rows {
	const char *const *vals;
	size_t n_cols;
	size_t n_rows;
	size_t at;
	int fail_at; /* >= 0: fail instead of giving that row */
	bool set_err;
};

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	struct rows *r = arg;
	size_t i;

	if (r->fail_at >= 0 && r->at == (size_t)r->fail_at) {
		if (r->set_err)
			hl_err_set(err, 503, "unavailable", "数据库暂时不可用");
		return -1;
	}
	if (r->at == r->n_rows)
		return 0;
	for (i = 0; i < r->n_cols; i++) {
		assert_null(cells[i]); /* every call starts empty */
		cells[i] = r->vals[r->at * r->n_cols + i];
	}
	r->at++;
	return 1;
}

static const struct hl_export_col cols3[] = {
	{ "name", "企业名称", HL_EXPORT_TEXT },
	{ "n_visits", "走访次数", HL_EXPORT_INT },
	{ "visited_on", "走访日期", HL_EXPORT_DATE },
};

/* Export rows as CSV and compare with want (without the BOM). */
static void
assert_csv(const struct hl_export_col *cols, size_t n_cols,
    const char *const *vals, size_t n_rows, const char *want)
{
	struct rows r = { vals, n_cols, n_rows, 0, -1, false };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	assert_int_equal(hl_export_csv(cols, n_cols, next_row, &r, &out, &err),
	    0);
	assert_true(out.len >= 3);
	assert_memory_equal(out.p, BOM, 3);
	assert_string_equal(out.p + 3, want);
	hl_buf_release(&out);
}

static void
test_export_csv_starts_with_bom_and_header(void **state)
{
	(void)state;
	assert_csv(cols3, 3, NULL, 0, "企业名称,走访次数,走访日期\r\n");
}

static void
test_export_csv_quotes_per_rfc4180(void **state)
{
	static const char *const vals[] = {
		"淄博齐鲁化工有限公司", "3", "2026-11-22",     /* plain */
		"张店区, 南定镇", "12", NULL,                  /* comma */
		"他说\"好\"", NULL, "",                        /* quotes */
		"第一行\r\n第二行", "-4", "2026-02-30",        /* CRLF */
		"a\nb", "007", "2026-1-1",                     /* LF */
		"\"", "9223372036854775807", "2028-02-29",     /* one quote */
		"淄博市，张店区；“新材料”", "", " 2026-11-22", /* full width */
	};

	(void)state;
	assert_csv(cols3, 3, vals, 7,
	    "企业名称,走访次数,走访日期\r\n"
	    "淄博齐鲁化工有限公司,3,2026-11-22\r\n"
	    "\"张店区, 南定镇\",12,\r\n"
	    "\"他说\"\"好\"\"\",,\r\n"
	    "\"第一行\r\n第二行\",-4,2026-02-30\r\n"
	    "\"a\nb\",007,2026-1-1\r\n"
	    "\"\"\"\",9223372036854775807,2028-02-29\r\n"
	    "淄博市，张店区；“新材料”,, 2026-11-22\r\n");
}

static void
test_export_csv_neutralises_formulas(void **state)
{
	static const char *const vals[] = {
		"=cmd|' /C calc'!A0", "+1", NULL, /* */
		"-1", "-1", NULL,                 /* INT -1 is a number */
		"@SUM(1)", "+1", NULL,            /* INT +1 is not */
		"\t=1+1", "=1", NULL,             /* */
		"\r=1+1", "1-1", NULL,            /* CR: quoted too */
		"=HYPERLINK(\"http://x.cn\",\"点我\")", "1e3", NULL, /* */
		"a=1", "", "=2026-11-22", /* only the start */
	};

	(void)state;
	assert_csv(cols3, 3, vals, 7,
	    "企业名称,走访次数,走访日期\r\n"
	    "'=cmd|' /C calc'!A0,'+1,\r\n"
	    "'-1,-1,\r\n"
	    "'@SUM(1),'+1,\r\n"
	    "'\t=1+1,'=1,\r\n"
	    "\"'\r=1+1\",1-1,\r\n"
	    "\"'=HYPERLINK(\"\"http://x.cn\"\",\"\"点我\"\")\",1e3,\r\n"
	    "a=1,,'=2026-11-22\r\n");
}

static void
test_export_csv_writes_datetimes_plain(void **state)
{
	static const struct hl_export_col cols[] = {
		{ "created_at", "创建时间", HL_EXPORT_DATETIME },
	};
	static const char *const vals[] = {
		"2026-11-22T15:04:05+08:00",
		"2026-11-22 15:04:05.123456+08",
		"2026-11-22 15:04",
		"2026-11-22T07:04:05Z",
		"2026-11-22 15:04:05+0800",
		"2026-11-22 24:00:00",
		"2026-11-22",
		"2026-11-22 15:04:05+8",
		"-2026-11-22 15:04:05",
	};

	(void)state;
	assert_csv(cols, 1, vals, 9,
	    "创建时间\r\n"
	    "2026-11-22 15:04:05\r\n"
	    "2026-11-22 15:04:05\r\n"
	    "2026-11-22 15:04:00\r\n"
	    "2026-11-22 07:04:05\r\n"
	    "2026-11-22 15:04:05\r\n"
	    "2026-11-22 24:00:00\r\n"
	    "2026-11-22\r\n"
	    "2026-11-22 15:04:05+8\r\n"
	    "'-2026-11-22 15:04:05\r\n");
}

static void
test_export_csv_failure_leaves_buffer(void **state)
{
	static const char *const vals[] = { "a", "1", NULL, "b", "2", NULL };
	struct rows r = { vals, 3, 2, 0, 1, true };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	hl_buf_puts(&out, "before");
	assert_int_equal(hl_export_csv(cols3, 3, next_row, &r, &out, &err), -1);
	assert_int_equal(err.status, 503);
	assert_string_equal(err.code, "unavailable");
	assert_string_equal(hl_buf_cstr(&out), "before");

	/* A callback that fails without saying why gives 500. */
	r = (struct rows){ vals, 3, 2, 0, 0, false };
	hl_err_clear(&err);
	assert_int_equal(hl_export_csv(cols3, 3, next_row, &r, &out, &err), -1);
	assert_int_equal(err.status, 500);
	assert_string_equal(hl_buf_cstr(&out), "before");
	hl_buf_release(&out);
}

static void
test_export_csv_refuses_invalid_utf8(void **state)
{
	static const char *const vals[] = { "ok", "1", NULL, "bad\xff", "2",
		NULL };
	struct rows r = { vals, 3, 2, 0, -1, false };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_export_csv(cols3, 3, next_row, &r, &out, &err), -1);
	assert_int_equal(err.status, 500);
	assert_string_equal(err.code, "internal");
	assert_int_equal(out.len, 0);
	hl_buf_release(&out);
}

/* Entries left in the test's TMPDIR. */
static int
tmp_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static bool
have_unzip(void)
{
	return system("command -v unzip >/dev/null 2>&1") == 0;
}

/* One member of the zip archive in xlsx, NUL-terminated; caller frees. */
static char *
unzip_member(const struct hl_buf *xlsx, const char *member)
{
	char path[] = "/tmp/test_export_xlsx-XXXXXX";
	struct hl_buf xml = { 0 };
	char cmd[256];
	char chunk[4096];
	FILE *f;
	size_t n;
	int fd;

	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, xlsx->p, xlsx->len), (ssize_t)xlsx->len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", path, member);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_append(&xml, chunk, n);
	assert_int_equal(pclose(f), 0);
	unlink(path);
	return hl_buf_detach(&xml, NULL);
}

static void
assert_has(const char *xml, const char *want)
{
	if (strstr(xml, want) == NULL)
		fail_msg("%s\nlacks %s", xml, want);
}

static void
export_xlsx(const char *sheet, const struct hl_export_col *cols, size_t n_cols,
    const char *const *vals, size_t n_rows, struct hl_buf *out)
{
	struct rows r = { vals, n_cols, n_rows, 0, -1, false };
	struct hl_err err = { 0 };

	if (hl_export_xlsx(sheet, cols, n_cols, next_row, &r, out, &err) == -1)
		fail_msg("xlsx export failed: %d %s", err.status, err.msg);
	assert_int_equal(tmp_entries(), 0);
}

static void
test_export_xlsx_is_a_zip_with_our_cells(void **state)
{
	static const char *const vals[] = {
		"淄博齐鲁化工有限公司", "3", "2026-11-22",   /* */
		"=cmd|' /C calc'!A0", "-1", "2026-02-30",    /* */
		"+1", "+1", "1899-12-31",                    /* */
		"@SUM(1)", "9007199254740993", NULL,         /* */
		"<b>&amp;\"x\"</b>", "", "",                 /* */
		"ctl\x01 x", "12345678901234", "2028-02-29", /* */
	};
	struct hl_buf out = { 0 };
	char *xml;

	(void)state;
	export_xlsx("案件", cols3, 3, vals, 6, &out);
	assert_true(out.len > 1000);
	assert_memory_equal(out.p, "PK\x03\x04", 4);
	if (!have_unzip()) {
		hl_buf_release(&out);
		skip();
	}
	xml = unzip_member(&out, "xl/worksheets/sheet1.xml");
	/* Header: bold (style 1), frozen. */
	assert_has(xml,
	    "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>企业名称</t>");
	assert_has(xml,
	    "<pane ySplit=\"1\" topLeftCell=\"A2\" "
	    "activePane=\"bottomLeft\" state=\"frozen\"/>");
	/* Text as strings, neutralised; never a formula. */
	assert_has(xml, "<t>淄博齐鲁化工有限公司</t>");
	assert_has(xml, "<t>'=cmd|' /C calc'!A0</t>");
	assert_has(xml, "<t>'+1</t>");
	assert_has(xml, "<t>'@SUM(1)</t>");
	assert_has(xml, "<t>&lt;b&gt;&amp;amp;\"x\"&lt;/b&gt;</t>");
	assert_has(xml, "<t>ctl_x0001_ x</t>");
	assert_null(strstr(xml, "<f>"));
	/* Numbers and dates typed; the rest text. */
	assert_has(xml, "<c r=\"B2\" s=\"2\"><v>3</v></c>");
	assert_has(xml, "<c r=\"C2\" s=\"3\"><v>46348</v></c>");
	assert_has(xml, "<c r=\"B3\" s=\"2\"><v>-1</v></c>");
	assert_has(xml, "<t>2026-02-30</t>");
	assert_has(xml, "<t>1899-12-31</t>");
	assert_has(xml, "<t>9007199254740993</t>");
	assert_has(xml, "<v>12345678901234</v>");
	assert_has(xml, "<v>46812</v>"); /* 2028-02-29 */
	/* Widths: 企业名称 is 4 characters, the company name 10. */
	assert_has(xml,
	    "<col min=\"1\" max=\"1\" width=\"22.7109375\" "
	    "customWidth=\"1\"/>");
	assert_has(xml,
	    "<col min=\"3\" max=\"3\" width=\"12.7109375\" "
	    "customWidth=\"1\"/>");
	free(xml);
	xml = unzip_member(&out, "xl/workbook.xml");
	assert_has(xml, "<sheet name=\"案件\" sheetId=\"1\" r:id=\"rId1\"/>");
	free(xml);
	hl_buf_release(&out);
}

static void
test_export_xlsx_mends_sheet_names(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} names[] = {
		{ "a[b]:c*?/\\d", "a_b__c____d" },
		{ "'引号'", "_引号_" },
		{ "", "Sheet1" },
		{ NULL, "Sheet1" },
		{ "history", "histor_" },
		{ "淄博市新材料产业链重点企业走访记录表二〇二六年十一月第一批次汇总",
		    "淄博市新材料产业链重点企业走访记录表二〇二六年十一月第一批次汇" },
		{ "bad\xff", "Sheet1" },
	};
	struct hl_buf out = { 0 };
	char want[256];
	char *xml;
	size_t i;

	(void)state;
	if (!have_unzip())
		skip();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		hl_buf_reset(&out);
		export_xlsx(names[i].in, cols3, 3, NULL, 0, &out);
		xml = unzip_member(&out, "xl/workbook.xml");
		snprintf(want, sizeof(want), "<sheet name=\"%s\"",
		    names[i].want);
		assert_has(xml, want);
		free(xml);
	}
	hl_buf_release(&out);
}

static void
test_export_xlsx_failure_leaves_buffer_and_no_files(void **state)
{
	static const char *const vals[] = { "a", "1", NULL, "b", "2", NULL };
	struct rows r = { vals, 3, 2, 0, 1, true };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	hl_buf_puts(&out, "before");
	assert_int_equal(
	    hl_export_xlsx("x", cols3, 3, next_row, &r, &out, &err), -1);
	assert_int_equal(err.status, 503);
	assert_string_equal(hl_buf_cstr(&out), "before");
	assert_int_equal(tmp_entries(), 0);

	r = (struct rows){ (const char *const[]){ "ok", "1", NULL, "\xc0\xaf",
		               "2", NULL },
		3, 2, 0, -1, false };
	hl_err_clear(&err);
	assert_int_equal(
	    hl_export_xlsx("x", cols3, 3, next_row, &r, &out, &err), -1);
	assert_int_equal(err.status, 500);
	assert_string_equal(hl_buf_cstr(&out), "before");
	assert_int_equal(tmp_entries(), 0);
	hl_buf_release(&out);
}

/* A row source that makes up n rows on the fly. */
struct gen {
	size_t n;
	size_t at;
	char num[24];
	const char *text; /* NULL: rows of one column */
};

static int
gen_row(void *arg, const char **cells, struct hl_err *err)
{
	struct gen *g = arg;

	(void)err;
	if (g->at == g->n)
		return 0;
	snprintf(g->num, sizeof(g->num), "%zu", g->at++);
	if (g->text == NULL) {
		/* One column: the number. */
		cells[0] = g->num;
		return 1;
	}
	cells[0] = g->text;
	cells[1] = g->num;
	cells[2] = "2026-11-22";
	return 1;
}

static void
test_export_xlsx_streams_many_rows(void **state)
{
	struct gen g = { 50000, 0, "", "淄博市张店区某某新材料科技有限公司" };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(
	    hl_export_xlsx("走访", cols3, 3, gen_row, &g, &out, &err), 0);
	assert_int_equal(g.at, 50000);
	assert_memory_equal(out.p, "PK\x03\x04", 4);
	assert_int_equal(tmp_entries(), 0);
	hl_buf_release(&out);
}

static void
test_export_xlsx_cuts_long_text(void **state)
{
	struct gen g = { 1, 0, "", NULL };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char *big = malloc(40000 * 3 + 1);
	char *xml;
	size_t i;

	(void)state;
	for (i = 0; i < 40000; i++)
		memcpy(big + 3 * i, "淄", 3);
	big[3 * 40000] = '\0';
	g.text = big;
	assert_int_equal(hl_export_xlsx("x", cols3, 3, gen_row, &g, &out, &err),
	    0);
	if (have_unzip()) {
		xml = unzip_member(&out, "xl/worksheets/sheet1.xml");
		/* 32767 characters and not one more. */
		assert_non_null(strstr(xml, big + 3 * (40000 - 32767)));
		assert_null(strstr(xml, big + 3 * (40000 - 32768)));
		free(xml);
	}
	free(big);
	hl_buf_release(&out);
}

static void
test_export_xlsx_refuses_more_rows_than_excel(void **state)
{
	static const struct hl_export_col col = { "n", "序号", HL_EXPORT_INT };
	struct gen g = { 1048576, 0, "", NULL };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_export_xlsx("x", &col, 1, gen_row, &g, &out, &err),
	    -1);
	assert_int_equal(err.status, 413);
	assert_string_equal(err.code, "payload_too_large");
	assert_int_equal(g.at, 1048576);
	assert_int_equal(out.len, 0);
	assert_int_equal(tmp_entries(), 0);
	hl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_csv_starts_with_bom_and_header),
		cmocka_unit_test(test_export_csv_quotes_per_rfc4180),
		cmocka_unit_test(test_export_csv_neutralises_formulas),
		cmocka_unit_test(test_export_csv_writes_datetimes_plain),
		cmocka_unit_test(test_export_csv_failure_leaves_buffer),
		cmocka_unit_test(test_export_csv_refuses_invalid_utf8),
		cmocka_unit_test(test_export_xlsx_is_a_zip_with_our_cells),
		cmocka_unit_test(test_export_xlsx_mends_sheet_names),
		cmocka_unit_test(
		    test_export_xlsx_failure_leaves_buffer_and_no_files),
		cmocka_unit_test(test_export_xlsx_streams_many_rows),
		cmocka_unit_test(test_export_xlsx_cuts_long_text),
		cmocka_unit_test(test_export_xlsx_refuses_more_rows_than_excel),
	};
	int rc;

	if (mkdtemp(tmpdir) == NULL || setenv("TMPDIR", tmpdir, 1) == -1)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(tmpdir);
	return rc;
}
