/* link: attachment mem buf str log */
/*
 * Unit tests for attachment.c: types by magic bytes only (an HTML page or
 * an SVG called .pdf is refused, a ZIP is told apart by its central
 * directory), safe file names, and the download's Content-Disposition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attachment.h"
#include "buf.h"
#include "mem.h"

/* A minimal stored ZIP with the given entry names: local headers, central
 * directory, end record.  Written into out (cap bytes); returns the size. */
static size_t
make_zip(unsigned char *out, size_t cap, const char *const *names, size_t n)
{
	size_t pos = 0;
	size_t cd_start;
	size_t offsets[8];
	size_t i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);

		assert_true(pos + 30 + nl <= cap);
		offsets[i] = pos;
		memset(out + pos, 0, 30);
		memcpy(out + pos, "PK\x03\x04", 4);
		out[pos + 26] = (unsigned char)nl;
		memcpy(out + pos + 30, names[i], nl);
		pos += 30 + nl;
	}
	cd_start = pos;
	for (i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);

		assert_true(pos + 46 + nl <= cap);
		memset(out + pos, 0, 46);
		memcpy(out + pos, "PK\x01\x02", 4);
		out[pos + 28] = (unsigned char)nl;
		out[pos + 42] = (unsigned char)(offsets[i] & 0xff);
		out[pos + 43] = (unsigned char)(offsets[i] >> 8);
		memcpy(out + pos + 46, names[i], nl);
		pos += 46 + nl;
	}
	assert_true(pos + 22 <= cap);
	memset(out + pos, 0, 22);
	memcpy(out + pos, "PK\x05\x06", 4);
	out[pos + 8] = out[pos + 10] = (unsigned char)n;
	out[pos + 12] = (unsigned char)((pos - cd_start) & 0xff);
	out[pos + 13] = (unsigned char)((pos - cd_start) >> 8);
	out[pos + 16] = (unsigned char)(cd_start & 0xff);
	out[pos + 17] = (unsigned char)(cd_start >> 8);
	return pos + 22;
}

static void
test_sniff_magic_types(void **state)
{
	(void)state;
	assert_int_equal(hl_attachment_sniff("%PDF-1.4\n...", 12),
	    HL_ATTACHMENT_PDF);
	assert_int_equal(hl_attachment_sniff("\x89PNG\r\n\x1a\n\0\0", 10),
	    HL_ATTACHMENT_PNG);
	assert_int_equal(hl_attachment_sniff("\xff\xd8\xff\xe0", 4),
	    HL_ATTACHMENT_JPEG);
	assert_string_equal(hl_attachment_mime(HL_ATTACHMENT_PDF),
	    "application/pdf");
	assert_string_equal(hl_attachment_ext(HL_ATTACHMENT_JPEG), ".jpg");
	assert_null(hl_attachment_mime(HL_ATTACHMENT_UNKNOWN));
}

static void
test_sniff_refuses_the_rest(void **state)
{
	static const char html[] = "<!DOCTYPE html><html><script>x()</script>";
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\">";

	(void)state;
	assert_int_equal(hl_attachment_sniff(html, sizeof(html) - 1),
	    HL_ATTACHMENT_UNKNOWN);
	assert_int_equal(hl_attachment_sniff(svg, sizeof(svg) - 1),
	    HL_ATTACHMENT_UNKNOWN);
	/* Magic that is cut short, or starts late. */
	assert_int_equal(hl_attachment_sniff("%PDF", 4), HL_ATTACHMENT_UNKNOWN);
	assert_int_equal(hl_attachment_sniff("\x89PNG\r\n", 6),
	    HL_ATTACHMENT_UNKNOWN);
	assert_int_equal(hl_attachment_sniff(" %PDF-1.4", 9),
	    HL_ATTACHMENT_UNKNOWN);
	assert_int_equal(hl_attachment_sniff("", 0), HL_ATTACHMENT_UNKNOWN);
	/* Old Office (OLE2) and GIF are not on the list. */
	assert_int_equal(
	    hl_attachment_sniff("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8),
	    HL_ATTACHMENT_UNKNOWN);
	assert_int_equal(hl_attachment_sniff("GIF89a", 6),
	    HL_ATTACHMENT_UNKNOWN);
}

static void
test_sniff_zip_by_central_directory(void **state)
{
	static const char *const docx[] = { "[Content_Types].xml",
		"_rels/.rels", "word/document.xml" };
	static const char *const xlsx[] = { "[Content_Types].xml",
		"xl/workbook.xml", "xl/worksheets/sheet1.xml" };
	static const char *const plain[] = { "readme.txt", "src/word/x" };
	unsigned char buf[2048];
	size_t n;

	(void)state;
	n = make_zip(buf, sizeof(buf), docx, 3);
	assert_int_equal(hl_attachment_sniff(buf, n), HL_ATTACHMENT_DOCX);
	n = make_zip(buf, sizeof(buf), xlsx, 3);
	assert_int_equal(hl_attachment_sniff(buf, n), HL_ATTACHMENT_XLSX);
	n = make_zip(buf, sizeof(buf), plain, 2);
	assert_int_equal(hl_attachment_sniff(buf, n), HL_ATTACHMENT_UNKNOWN);

	/* A truncated file has no end record. */
	n = make_zip(buf, sizeof(buf), docx, 3);
	assert_int_equal(hl_attachment_sniff(buf, n - 10),
	    HL_ATTACHMENT_UNKNOWN);
	/* A central directory that points outside the file. */
	buf[n - 22 + 17] = 0x7f;
	assert_int_equal(hl_attachment_sniff(buf, n), HL_ATTACHMENT_UNKNOWN);
	/* An entry count larger than the directory holds. */
	n = make_zip(buf, sizeof(buf), docx, 3);
	buf[n - 22 + 10] = 9;
	assert_int_equal(hl_attachment_sniff(buf, n), HL_ATTACHMENT_UNKNOWN);
	/* An entry name length that runs past the directory. */
	n = make_zip(buf, sizeof(buf), xlsx, 3);
	buf[n - 22 - 46 - strlen(xlsx[2]) + 29] = 0x40;
	assert_int_equal(hl_attachment_sniff(buf, n), HL_ATTACHMENT_UNKNOWN);
}

static void
check_name(const char *raw, enum hl_attachment_type t, const char *want)
{
	struct hl_arena a = { 0 };
	char *got = hl_attachment_safe_name(&a, raw, strlen(raw), t);

	assert_string_equal(got, want);
	hl_arena_release(&a);
}

static void
test_safe_name_cleans(void **state)
{
	(void)state;
	check_name("报告.pdf", HL_ATTACHMENT_PDF, "报告.pdf");
	check_name("../../etc/passwd.pdf", HL_ATTACHMENT_PDF, "passwd.pdf");
	check_name("C:\\Users\\张三\\合同.docx", HL_ATTACHMENT_DOCX,
	    "合同.docx");
	check_name("a\r\nb\tc\x7f\xc2\x85.pdf", HL_ATTACHMENT_PDF, "abc.pdf");
	/* U+202E RIGHT-TO-LEFT OVERRIDE would show "fdp.exe" as "exe.pdf". */
	check_name("invoice\xe2\x80\xae"
	           "fdp.exe",
	    HL_ATTACHMENT_PDF, "invoicefdp.exe.pdf");
	check_name("bad\xff\xfe"
	           " utf8.pdf",
	    HL_ATTACHMENT_PDF, "bad utf8.pdf");
	check_name("a<b>c:d\"e|f?g*h.png", HL_ATTACHMENT_PNG,
	    "a_b_c_d_e_f_g_h.png");
	check_name("  ..hidden.pdf.. ", HL_ATTACHMENT_PDF, "hidden.pdf");
	check_name("REPORT.PDF", HL_ATTACHMENT_PDF, "REPORT.PDF");
	check_name("photo.jpeg", HL_ATTACHMENT_JPEG, "photo.jpeg");
	check_name("photo.JPG", HL_ATTACHMENT_JPEG, "photo.JPG");
}

static void
test_safe_name_extension_from_content(void **state)
{
	(void)state;
	check_name("image.pdf", HL_ATTACHMENT_PNG, "image.pdf.png");
	check_name("notes", HL_ATTACHMENT_DOCX, "notes.docx");
	check_name("", HL_ATTACHMENT_XLSX, "附件.xlsx");
	check_name("...", HL_ATTACHMENT_PDF, "附件.pdf");
	check_name("dir/", HL_ATTACHMENT_PDF, "附件.pdf");
}

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
test_safe_name_length_limit(void **state)
{
	struct hl_arena a = { 0 };
	char raw[1024];
	char *got;
	size_t i;

	(void)state;
	/* 300 Chinese characters and ".pdf": cut before the extension. */
	raw[0] = '\0';
	for (i = 0; i < 300; i++)
		strcat(raw, "链");
	strcat(raw, ".pdf");
	got = hl_attachment_safe_name(&a, raw, strlen(raw), HL_ATTACHMENT_PDF);
	assert_int_equal(chars(got), HL_ATTACHMENT_NAME_MAX);
	assert_int_equal(strncmp(got + strlen(got) - 4, ".pdf", 4), 0);
	assert_int_equal(strncmp(got, "链链", 6), 0);
	/* Without an extension: the appended one still fits. */
	memset(raw, 'x', 250);
	raw[250] = '\0';
	got = hl_attachment_safe_name(&a, raw, strlen(raw), HL_ATTACHMENT_XLSX);
	assert_int_equal(chars(got), HL_ATTACHMENT_NAME_MAX);
	assert_int_equal(strcmp(got + strlen(got) - 5, ".xlsx"), 0);
	/* Exactly at the limit: unchanged. */
	memset(raw, 'y', 196);
	strcpy(raw + 196, ".pdf");
	got = hl_attachment_safe_name(&a, raw, strlen(raw), HL_ATTACHMENT_PDF);
	assert_string_equal(got, raw);
	hl_arena_release(&a);
}

static void
test_disposition_rfc6266(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_attachment_disposition(&b, "报告 2026.pdf");
	assert_string_equal(hl_buf_cstr(&b),
	    "attachment; filename=\"__ 2026.pdf\"; "
	    "filename*=UTF-8''%E6%8A%A5%E5%91%8A%202026.pdf");
	hl_buf_reset(&b);
	hl_attachment_disposition(&b, "a\"b\\c%d;e.pdf");
	assert_string_equal(hl_buf_cstr(&b),
	    "attachment; filename=\"a_b_c_d;e.pdf\"; "
	    "filename*=UTF-8''a%22b%5Cc%25d%3Be.pdf");
	hl_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_magic_types),
		cmocka_unit_test(test_sniff_refuses_the_rest),
		cmocka_unit_test(test_sniff_zip_by_central_directory),
		cmocka_unit_test(test_safe_name_cleans),
		cmocka_unit_test(test_safe_name_extension_from_content),
		cmocka_unit_test(test_safe_name_length_limit),
		cmocka_unit_test(test_disposition_rfc6266),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
