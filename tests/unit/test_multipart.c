/* link: multipart mem buf str err log */
/*
 * Unit tests for multipart.c: boundaries from Content-Type, parts and their
 * headers, file names as browsers and curl send them (RFC 7578, RFC 8187),
 * binary data that looks like a delimiter, and the malformed bodies that
 * must be refused with 400.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "mem.h"
#include "multipart.h"

#define CT "multipart/form-data; boundary=XyZ"

struct fx {
	struct hl_arena arena;
	struct hl_multipart m;
	struct hl_err err;
};

static int
setup(void **state)
{
	*state = hl_xcalloc(1, sizeof(struct fx));
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	hl_arena_release(&f->arena);
	free(f);
	return 0;
}

static int
parse(struct fx *f, const char *ct, const char *body, size_t len)
{
	memset(&f->err, 0, sizeof(f->err));
	return hl_multipart_parse(ct, body, len, &f->arena, &f->m, &f->err);
}

static int
parse_s(struct fx *f, const char *ct, const char *body)
{
	return parse(f, ct, body, strlen(body));
}

static void
assert_refused(struct fx *f, const char *ct, const char *body)
{
	assert_int_equal(parse_s(f, ct, body), -1);
	assert_int_equal(f->err.status, 400);
	assert_string_equal(f->err.code, "bad_request");
}

static void
test_two_parts_with_file(void **state)
{
	struct fx *f = *state;
	const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"internal\"\r\n"
	    "\r\n"
	    "true\r\n"
	    "--XyZ\r\n"
	    "content-disposition: form-data; name=\"file\"; "
	    "filename=\"报告.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n"
	    "\r\n"
	    "%PDF-1.7 data\r\n"
	    "--XyZ--\r\n";
	const struct hl_multipart_part *p;
	size_t n;

	assert_int_equal(parse_s(f, CT, body), 0);
	assert_int_equal(f->m.n_parts, 2);
	assert_string_equal(f->m.parts[0].name, "internal");
	assert_null(f->m.parts[0].filename);
	assert_int_equal(f->m.parts[0].len, 4);
	assert_memory_equal(f->m.parts[0].data, "true", 4);
	p = hl_multipart_find(&f->m, "file", &n);
	assert_non_null(p);
	assert_int_equal(n, 1);
	assert_string_equal(p->filename, "报告.pdf");
	assert_int_equal(p->filename_len, strlen("报告.pdf"));
	assert_string_equal(p->content_type, "application/pdf");
	assert_int_equal(p->len, strlen("%PDF-1.7 data"));
	assert_memory_equal(p->data, "%PDF-1.7 data", p->len);
	assert_null(hl_multipart_find(&f->m, "nope", &n));
	assert_int_equal(n, 0);
}

static void
test_boundary_quoted_and_other_params(void **state)
{
	struct fx *f = *state;
	const char body[] = "preamble to ignore\r\n"
	                    "--a b:c\r\n"
	                    "Content-Disposition: form-data; name=x\r\n"
	                    "\r\n"
	                    "1\r\n"
	                    "--a b:c--";

	assert_int_equal(parse_s(f,
	                     "Multipart/Form-Data; charset=utf-8; "
	                     "boundary=\"a b:c\"",
	                     body),
	    0);
	assert_int_equal(f->m.n_parts, 1);
	assert_string_equal(f->m.parts[0].name, "x");
	assert_memory_equal(f->m.parts[0].data, "1", 1);
}

/* Bytes that resemble the delimiter but lack its leading CRLF, CRLFs and
 * NULs stay part of the data. */
static void
test_binary_data_kept_whole(void **state)
{
	struct fx *f = *state;
	const char data[] = "\x00\x01--XyZ\r\n\xff\r\n-XyZ\r\n--\x00";
	char body[256];
	size_t n = 0;
	const char *head = "--XyZ\r\nContent-Disposition: form-data; "
	                   "name=\"file\"; filename=\"b.bin\"\r\n\r\n";
	const char *tail = "\r\n--XyZ--\r\n";

	memcpy(body + n, head, strlen(head));
	n += strlen(head);
	memcpy(body + n, data, sizeof(data) - 1);
	n += sizeof(data) - 1;
	memcpy(body + n, tail, strlen(tail));
	n += strlen(tail);
	assert_int_equal(parse(f, CT, body, n), 0);
	assert_int_equal(f->m.n_parts, 1);
	assert_int_equal(f->m.parts[0].len, sizeof(data) - 1);
	assert_memory_equal(f->m.parts[0].data, data, sizeof(data) - 1);
}

static void
test_empty_part_and_padding(void **state)
{
	struct fx *f = *state;
	const char body[] = "--XyZ  \r\n"
	                    "Content-Disposition: form-data; name=\"file\"; "
	                    "filename=\"\"\r\n"
	                    "\r\n"
	                    "\r\n"
	                    "--XyZ--";

	assert_int_equal(parse_s(f, CT, body), 0);
	assert_int_equal(f->m.n_parts, 1);
	assert_int_equal(f->m.parts[0].len, 0);
	assert_non_null(f->m.parts[0].filename);
	assert_int_equal(f->m.parts[0].filename_len, 0);
}

/* Browsers send '"' as %22 and paths raw; curl --form-escape uses
 * backslashes; RFC 8187 filename* wins over filename. */
static void
test_filename_encodings(void **state)
{
	struct fx *f = *state;
	const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"; "
	    "filename=\"say %22hi%22.pdf\"\r\n\r\n1\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"b\"; "
	    "filename=\"C:\\Users\\x\\a.pdf\"\r\n\r\n2\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"c\"; "
	    "filename=\"q\\\"uote.pdf\"\r\n\r\n3\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"d\"; filename=\"x.pdf\"; "
	    "filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf\r\n\r\n4\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"e\"; "
	    "filename=\"keep%41.pdf\"; filename*=iso-8859-1''x%E9.pdf\r\n"
	    "\r\n5\r\n"
	    "--XyZ--\r\n";

	assert_int_equal(parse_s(f, CT, body), 0);
	assert_int_equal(f->m.n_parts, 5);
	assert_string_equal(f->m.parts[0].filename, "say \"hi\".pdf");
	assert_string_equal(f->m.parts[1].filename, "C:\\Users\\x\\a.pdf");
	assert_string_equal(f->m.parts[2].filename, "q\"uote.pdf");
	assert_string_equal(f->m.parts[3].filename, "报告.pdf");
	assert_string_equal(f->m.parts[4].filename, "keep%41.pdf");
}

static void
test_duplicate_names_counted(void **state)
{
	struct fx *f = *state;
	const char body[] = "--XyZ\r\n"
	                    "Content-Disposition: form-data; name=file; "
	                    "filename=a.pdf\r\n\r\nA\r\n"
	                    "--XyZ\r\n"
	                    "Content-Disposition: form-data; name=file; "
	                    "filename=b.pdf\r\n\r\nB\r\n"
	                    "--XyZ--\r\n";
	const struct hl_multipart_part *p;
	size_t n;

	assert_int_equal(parse_s(f, CT, body), 0);
	p = hl_multipart_find(&f->m, "file", &n);
	assert_int_equal(n, 2);
	assert_string_equal(p->filename, "a.pdf");
}

static void
test_bad_content_type_refused(void **state)
{
	struct fx *f = *state;
	const char body[] = "--XyZ\r\nContent-Disposition: form-data; "
	                    "name=a\r\n\r\n1\r\n--XyZ--";

	assert_refused(f, NULL, body);
	assert_refused(f, "application/json", body);
	assert_refused(f, "multipart/form-data", body);
	assert_refused(f, "multipart/form-data; boundary=", body);
	assert_refused(f, "multipart/form-data; boundary=\"XyZ", body);
	assert_refused(f, "multipart/form-dataX; boundary=XyZ", body);
	assert_refused(f,
	    "multipart/form-data; boundary="
	    "12345678901234567890123456789012345678901234567890"
	    "123456789012345678901",
	    body);
	assert_refused(f, "multipart/form-data; boundary=\"ab \"", body);
	assert_refused(f, "multipart/form-data; boundary=a<b", body);
}

static void
test_malformed_bodies_refused(void **state)
{
	struct fx *f = *state;

	/* empty, no delimiter at all */
	assert_refused(f, CT, "");
	assert_refused(f, CT, "hello world");
	/* no closing delimiter */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1");
	/* headers never end */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=a");
	/* delimiter not followed by CRLF or -- */
	assert_refused(f, CT,
	    "--XyZjunk\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	    "--XyZ--");
	/* header without a colon */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition form-data\r\n\r\n1\r\n--XyZ--");
	/* folded header */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\n1\r\n"
	    "--XyZ--");
	/* no Content-Disposition, or not form-data, or no name */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--");
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n"
	    "--XyZ--");
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data; filename=a\r\n\r\n1\r\n"
	    "--XyZ--");
	/* unterminated quote, duplicate disposition */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n"
	    "--XyZ--");
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Disposition: form-data; name=b\r\n\r\n1\r\n--XyZ--");
	/* parameter garbage */
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data; name\r\n\r\n1\r\n"
	    "--XyZ--");
	assert_refused(f, CT,
	    "--XyZ\r\nContent-Disposition: form-data name=a\r\n\r\n1\r\n"
	    "--XyZ--");
}

static void
test_limits_refused(void **state)
{
	struct fx *f = *state;
	char *body = hl_xmalloc(64 * 1024);
	size_t n = 0;
	int i;

	for (i = 0; i < HL_MULTIPART_MAX_PARTS + 1; i++)
		n += (size_t)snprintf(body + n, 64 * 1024 - n,
		    "--XyZ\r\nContent-Disposition: form-data; name=p%d\r\n\r\n"
		    "v\r\n",
		    i);
	n += (size_t)snprintf(body + n, 64 * 1024 - n, "--XyZ--\r\n");
	assert_int_equal(parse(f, CT, body, n), -1);
	assert_int_equal(f->err.status, 400);

	/* A header block past the limit. */
	n = (size_t)snprintf(body, 64 * 1024,
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	memset(body + n, 'a', HL_MULTIPART_MAX_HEADER_LEN);
	n += HL_MULTIPART_MAX_HEADER_LEN;
	n += (size_t)snprintf(body + n, 64 * 1024 - n, "\r\n\r\n1\r\n--XyZ--");
	assert_int_equal(parse(f, CT, body, n), -1);
	assert_int_equal(f->err.status, 400);
	free(body);
}

/* Exactly the maximum number of parts is fine. */
static void
test_max_parts_accepted(void **state)
{
	struct fx *f = *state;
	char body[8192];
	size_t n = 0;
	int i;

	for (i = 0; i < HL_MULTIPART_MAX_PARTS; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		    "--XyZ\r\nContent-Disposition: form-data; name=p%d\r\n\r\n"
		    "v\r\n",
		    i);
	n += (size_t)snprintf(body + n, sizeof(body) - n, "--XyZ--\r\n");
	assert_int_equal(parse(f, CT, body, n), 0);
	assert_int_equal(f->m.n_parts, HL_MULTIPART_MAX_PARTS);
	assert_string_equal(f->m.parts[31].name, "p31");
}

/* Found by fuzzing (tests/fuzz/fuzz_multipart): a NUL inside an unquoted
 * parameter of a part's header made the copy shorter than the length
 * the parser then wrote its NUL at, one byte past the allocation. */
static void
test_nul_in_a_parameter_is_cut_there(void **state)
{
	static const char body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=ab\0cd; "
	    "filename=x\0\0\0\0\0\0\0\0.pdf\r\n\r\ndata\r\n--XyZ--\r\n";
	struct fx *f = *state;

	assert_int_equal(parse(f, CT, body, sizeof(body) - 1), 0);
	assert_int_equal(f->m.n_parts, 1);
	assert_string_equal(f->m.parts[0].name, "ab");
	assert_int_equal(f->m.parts[0].filename_len, 1);
	assert_int_equal(f->m.parts[0].len, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_parts_with_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_boundary_quoted_and_other_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_data_kept_whole,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_part_and_padding,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_filename_encodings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_names_counted,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_content_type_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_bodies_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_max_parts_accepted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_nul_in_a_parameter_is_cut_there, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
