/* link: str */
/*
 * String views, UTF-8 checking, integer parsing, base64url and hex.  The
 * UTF-8 vectors follow Unicode table 3-7 and Markus Kuhn's stress test.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "str.h"

/* A view over a literal that may contain NULs. */
#define LIT(s) ((struct hl_str){ (s), sizeof(s) - 1 })

static bool
valid_lit(const char *s, size_t len)
{
	/* A heap copy of exactly len bytes lets ASan catch any over-read. */
	char *p = calloc(len > 0 ? len : 1, 1);
	bool ok;

	memcpy(p, s, len);
	ok = hl_utf8_valid(p, len);
	free(p);
	return ok;
}

#define VALID(s) valid_lit((s), sizeof(s) - 1)

static void
test_str_from_measures_c_string(void **state)
{
	struct hl_str s = hl_str_from("案件");

	(void)state;
	assert_int_equal(s.len, 6);
	assert_memory_equal(s.p, "案件", 6);
	assert_int_equal(hl_str_from("").len, 0);
}

static void
test_str_eq_compares_length_and_bytes(void **state)
{
	struct hl_str empty = { NULL, 0 };

	(void)state;
	assert_true(hl_str_eq(LIT("cases"), "cases"));
	assert_false(hl_str_eq(LIT("cases"), "case"));
	assert_false(hl_str_eq(LIT("case"), "cases"));
	assert_false(hl_str_eq(LIT("Cases"), "cases"));
	assert_true(hl_str_eq(empty, ""));
	assert_false(hl_str_eq(empty, "x"));
	/* A view is not NUL-terminated: only its first len bytes count. */
	assert_true(hl_str_eq((struct hl_str){ "cases/12", 5 }, "cases"));
}

static void
test_str_casecmp_eq_ignores_ascii_case_only(void **state)
{
	(void)state;
	assert_true(hl_str_casecmp_eq(LIT("Content-Type"), "content-type"));
	assert_true(hl_str_casecmp_eq(LIT("BEARER"), "Bearer"));
	assert_false(hl_str_casecmp_eq(LIT("Bearer "), "bearer"));
	assert_false(hl_str_casecmp_eq(LIT("bearex"), "bearer"));
	/* 0xC0 and 0xE0 differ by the ASCII case bit but are not letters. */
	assert_false(hl_str_casecmp_eq(LIT("\xc0"), "\xe0"));
	/* '@' and '`' differ by the same bit. */
	assert_false(hl_str_casecmp_eq(LIT("@"), "`"));
}

static void
test_utf8_valid_accepts_well_formed(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("plain ascii {\"a\":1}"));
	assert_true(VALID("企业诉求：融资难，请协调银行。"));
	assert_true(VALID("\x00"));
	assert_true(VALID("\x7f"));
	/* The first and last code point of each length. */
	assert_true(VALID("\xc2\x80"));
	assert_true(VALID("\xdf\xbf"));
	assert_true(VALID("\xe0\xa0\x80"));
	assert_true(VALID("\xef\xbf\xbf"));
	assert_true(VALID("\xf0\x90\x80\x80"));
	assert_true(VALID("\xf4\x8f\xbf\xbf"));
	/* Either side of the surrogates. */
	assert_true(VALID("\xed\x9f\xbf"));
	assert_true(VALID("\xee\x80\x80"));
	/* Emoji, and a mix crossing 8-byte words. */
	assert_true(VALID("\xf0\x9f\x98\x80"));
	assert_true(VALID("abcdefg\xe4\xb8\xad"
	                  "abcdefghijklmnop\xc3\xa9xyz"));
}

static void
test_utf8_valid_rejects_overlong(void **state)
{
	(void)state;
	assert_false(VALID("\xc0\xaf"));
	assert_false(VALID("\xc1\xbf"));
	assert_false(VALID("\xc0\x80"));
	assert_false(VALID("\xe0\x80\xaf"));
	assert_false(VALID("\xe0\x9f\xbf"));
	assert_false(VALID("\xf0\x80\x80\xaf"));
	assert_false(VALID("\xf0\x8f\xbf\xbf"));
}

static void
test_utf8_valid_rejects_surrogates(void **state)
{
	(void)state;
	assert_false(VALID("\xed\xa0\x80"));
	assert_false(VALID("\xed\xad\xbf"));
	assert_false(VALID("\xed\xb0\x80"));
	assert_false(VALID("\xed\xbf\xbf"));
	/* A CESU-8 pair for U+1F600. */
	assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80"));
}

static void
test_utf8_valid_rejects_above_max(void **state)
{
	(void)state;
	assert_false(VALID("\xf4\x90\x80\x80"));
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xf7\xbf\xbf\xbf"));
	assert_false(VALID("\xf8\x88\x80\x80\x80"));
	assert_false(VALID("\xfc\x84\x80\x80\x80\x80"));
	assert_false(VALID("\xfe"));
	assert_false(VALID("\xff"));
}

static void
test_utf8_valid_rejects_truncated(void **state)
{
	(void)state;
	assert_false(VALID("\xc3"));
	assert_false(VALID("\xe4\xb8"));
	assert_false(VALID("\xf0\x9f\x98"));
	assert_false(VALID("abc\xe4"));
	/* Cut short by the next character rather than by the end. */
	assert_false(VALID("\xe4\xb8"
	                   "a"));
	assert_false(VALID("\xf0\x9f\x98"
	                   "a"));
	assert_false(VALID("\xc3\xc3\xa9"));
}

static void
test_utf8_valid_rejects_stray_continuation(void **state)
{
	(void)state;
	assert_false(VALID("\x80"));
	assert_false(VALID("\xbf"));
	assert_false(VALID("abc\x80"));
	assert_false(VALID("\xc3\xa9\xa9"));
	assert_false(VALID("\xe4\xb8\xad\x80"));
}

/* Every position of a bad byte in a long ASCII run must be seen, whichever
 * part of the 8-byte word it falls in. */
static void
test_utf8_valid_finds_bad_byte_anywhere(void **state)
{
	char s[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(s); i++) {
		memset(s, 'a', sizeof(s));
		s[i] = (char)0x80;
		assert_false(valid_lit(s, sizeof(s)));
		/* The same position holding a valid 2-byte sequence. */
		if (i + 1 < sizeof(s)) {
			s[i] = (char)0xc3;
			s[i + 1] = (char)0xa9;
			assert_true(valid_lit(s, sizeof(s)));
		}
	}
}

/* Only len bytes count: a sequence cut by len is truncated even when the
 * bytes after it would complete it. */
static void
test_utf8_valid_respects_len(void **state)
{
	(void)state;
	assert_true(hl_utf8_valid("中文", 3));
	assert_false(hl_utf8_valid("中文", 4));
	assert_false(hl_utf8_valid("中文", 5));
	assert_true(hl_utf8_valid("\xff", 0));
}

static void
test_utf8_count_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(hl_utf8_count("", 0), 0);
	assert_int_equal(hl_utf8_count("abc", 3), 3);
	assert_int_equal(hl_utf8_count("红链", strlen("红链")), 2);
	assert_int_equal(
	    hl_utf8_count("a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", 10), 4);
	assert_int_equal(hl_utf8_count("请协调银行。", strlen("请协调银行。")),
	    6);
}

static void
test_utf8_chars_counts_c_string(void **state)
{
	(void)state;
	assert_int_equal(hl_utf8_chars(""), 0);
	assert_int_equal(hl_utf8_chars("abc"), 3);
	assert_int_equal(hl_utf8_chars("红链 2026"), 7);
	assert_int_equal(hl_utf8_chars("a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80"),
	    4);
}

static int64_t
i64_ok(const char *s)
{
	int64_t v = 42;

	assert_int_equal(hl_str_to_i64(hl_str_from(s), &v), 0);
	return v;
}

static void
i64_bad(struct hl_str s)
{
	int64_t v = 42;

	assert_int_equal(hl_str_to_i64(s, &v), -1);
	/* A failed parse leaves the output alone. */
	assert_int_equal(v, 42);
}

static void
test_str_to_i64_parses_numbers(void **state)
{
	(void)state;
	assert_int_equal(i64_ok("0"), 0);
	assert_int_equal(i64_ok("-0"), 0);
	assert_int_equal(i64_ok("7"), 7);
	assert_int_equal(i64_ok("-7"), -7);
	assert_int_equal(i64_ok("1234567890123"), 1234567890123LL);
	assert_int_equal(i64_ok("9223372036854775807"), INT64_MAX);
	assert_true(i64_ok("-9223372036854775808") == INT64_MIN);
	assert_int_equal(i64_ok("9223372036854775806"), INT64_MAX - 1);
	assert_true(i64_ok("-9223372036854775807") == INT64_MIN + 1);
}

static void
test_str_to_i64_rejects_malformed(void **state)
{
	(void)state;
	i64_bad(LIT(""));
	i64_bad((struct hl_str){ NULL, 0 });
	i64_bad(LIT("-"));
	i64_bad(LIT("+1"));
	i64_bad(LIT(" 1"));
	i64_bad(LIT("1 "));
	i64_bad(LIT("1a"));
	i64_bad(LIT("0x10"));
	i64_bad(LIT("1.0"));
	i64_bad(LIT("--1"));
	i64_bad(LIT("1-"));
	i64_bad(LIT("1\0002"));
	i64_bad(LIT("\xef\xbc\x91"));
}

static void
test_str_to_i64_rejects_overflow(void **state)
{
	(void)state;
	i64_bad(LIT("9223372036854775808"));
	i64_bad(LIT("-9223372036854775809"));
	i64_bad(LIT("9223372036854775810"));
	i64_bad(LIT("10000000000000000000"));
	i64_bad(LIT("99999999999999999999999"));
}

/* Only the first len bytes are the number. */
static void
test_str_to_i64_stops_at_len(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(hl_str_to_i64((struct hl_str){ "12/edit", 2 }, &v), 0);
	assert_int_equal(v, 12);
}

static void
b64_encodes_to(const char *in, const char *want)
{
	char out[64];

	hl_b64url_encode(in, strlen(in), out);
	assert_string_equal(out, want);
}

/* RFC 4648 section 10 vectors, without the padding. */
static void
test_i64_text_writes_decimal(void **state)
{
	char out[24];

	(void)state;
	hl_i64_text(0, out);
	assert_string_equal(out, "0");
	hl_i64_text(42, out);
	assert_string_equal(out, "42");
	hl_i64_text(-7, out);
	assert_string_equal(out, "-7");
	/* The extremes fit the 24 bytes, and parse back. */
	hl_i64_text(INT64_MAX, out);
	assert_string_equal(out, "9223372036854775807");
	hl_i64_text(INT64_MIN, out);
	assert_string_equal(out, "-9223372036854775808");
	assert_int_equal(i64_ok(out), INT64_MIN);
}

static void
test_b64url_encode_matches_rfc4648(void **state)
{
	(void)state;
	b64_encodes_to("", "");
	b64_encodes_to("f", "Zg");
	b64_encodes_to("fo", "Zm8");
	b64_encodes_to("foo", "Zm9v");
	b64_encodes_to("foob", "Zm9vYg");
	b64_encodes_to("fooba", "Zm9vYmE");
	b64_encodes_to("foobar", "Zm9vYmFy");
}

static void
test_b64url_encode_uses_url_alphabet(void **state)
{
	const unsigned char in[] = { 0xfb, 0xff, 0xbf, 0xfe };
	char out[16];

	(void)state;
	hl_b64url_encode(in, sizeof(in), out);
	assert_string_equal(out, "-_-__g");
}

static void
test_b64url_roundtrip_every_length(void **state)
{
	unsigned char in[70];
	unsigned char back[70];
	char enc[4 * ((sizeof(in) + 2) / 3) + 1];
	size_t len;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (len = 0; len <= sizeof(in); len++) {
		hl_b64url_encode(in, len, enc);
		/* No padding: 4 characters per 3 bytes, rounded up. */
		assert_int_equal(strlen(enc), (4 * len + 2) / 3);
		memset(back, 0, sizeof(back));
		assert_int_equal(
		    hl_b64url_decode(enc, strlen(enc), back, sizeof(back)),
		    (long)len);
		assert_memory_equal(back, in, len);
	}
}

static void
test_b64url_roundtrip_all_byte_values(void **state)
{
	unsigned char in[256];
	unsigned char back[256];
	char enc[4 * ((256 + 2) / 3) + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	hl_b64url_encode(in, sizeof(in), enc);
	assert_null(strpbrk(enc, "+/="));
	assert_int_equal(hl_b64url_decode(enc, strlen(enc), back, sizeof(back)),
	    256);
	assert_memory_equal(back, in, sizeof(in));
}

static long
b64_decode(const char *s, unsigned char *out, size_t cap)
{
	return hl_b64url_decode(s, strlen(s), out, cap);
}

static void
test_b64url_decode_rejects_bad_input(void **state)
{
	unsigned char out[32];

	(void)state;
	/* Standard base64's characters and padding are not base64url. */
	assert_int_equal(b64_decode("Zm9v+A", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm9v/A", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zg==", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm8=", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm 9v", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm9v\n", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm9\xc3\xa9", out, sizeof(out)), -1);
	assert_int_equal(hl_b64url_decode("Zm\0v", 4, out, sizeof(out)), -1);
	/* One character left over cannot hold a byte. */
	assert_int_equal(b64_decode("Z", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm9vY", out, sizeof(out)), -1);
	/* Unused low bits must be zero: "Zh" would also read as "f". */
	assert_int_equal(b64_decode("Zh", out, sizeof(out)), -1);
	assert_int_equal(b64_decode("Zm9", out, sizeof(out)), -1);
}

static void
test_b64url_decode_respects_cap(void **state)
{
	unsigned char out[8];

	(void)state;
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(b64_decode("Zm9vYmFy", out, 5), -1);
	/* Nothing was written past cap. */
	assert_int_equal(out[5], 0xaa);
	assert_int_equal(b64_decode("Zm9vYmFy", out, 6), 6);
	assert_memory_equal(out, "foobar", 6);
	assert_int_equal(b64_decode("", NULL, 0), 0);
}

static void
test_hex_encode_is_lower_case(void **state)
{
	const unsigned char in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char out[2 * sizeof(in) + 1];

	(void)state;
	hl_hex_encode(in, sizeof(in), out);
	assert_string_equal(out, "00017f80abff");
	hl_hex_encode(in, 0, out);
	assert_string_equal(out, "");
}

static void
test_b64_matches_rfc4648(void **state)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba",
		"foobar" };
	static const char *const want[] = { "", "Zg==", "Zm8=", "Zm9v",
		"Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	unsigned char back[16];
	unsigned char bytes[2] = { 0xfb, 0xff };
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		hl_b64_encode(in[i], strlen(in[i]), out);
		assert_string_equal(out, want[i]);
		assert_int_equal(
		    hl_b64_decode(out, strlen(out), back, sizeof(back)),
		    (long)strlen(in[i]));
		assert_memory_equal(back, in[i], strlen(in[i]));
	}
	/* The standard alphabet, not the URL one. */
	hl_b64_encode(bytes, sizeof(bytes), out);
	assert_string_equal(out, "+/8=");
}

static void
test_b64_decode_rejects_bad_input(void **state)
{
	static const char *const bad[] = { "Zg", "Zg=", "Zh==", "Zm9v=", "=",
		"Z===", "Zg==Zg==", "-_8=", "Zm 9", "Zm9v\n" };
	unsigned char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (hl_b64_decode(bad[i], strlen(bad[i]), out, sizeof(out)) !=
		    -1)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(hl_b64_decode("Zm9vYmFy", 8, out, 5), -1);
}

static void
test_utf8_cut_never_splits_a_character(void **state)
{
	/* "a", then 中 (3 bytes), then 😀 (4 bytes). */
	const char *s = "a\xe4\xb8\xad\xf0\x9f\x98\x80";

	(void)state;
	assert_int_equal(hl_utf8_cut(s, 0), 0);
	assert_int_equal(hl_utf8_cut(s, 1), 1);
	assert_int_equal(hl_utf8_cut(s, 2), 1);
	assert_int_equal(hl_utf8_cut(s, 3), 1);
	assert_int_equal(hl_utf8_cut(s, 4), 4);
	assert_int_equal(hl_utf8_cut(s, 5), 4);
	assert_int_equal(hl_utf8_cut(s, 7), 4);
	assert_int_equal(hl_utf8_cut(s, 8), 8);
}

static void
test_utf8_prefix_counts_characters(void **state)
{
	const char *s = "a\xe4\xb8\xad\xf0\x9f\x98\x80z";

	(void)state;
	assert_int_equal(hl_utf8_prefix(s, strlen(s), 0), 0);
	assert_int_equal(hl_utf8_prefix(s, strlen(s), 1), 1);
	assert_int_equal(hl_utf8_prefix(s, strlen(s), 2), 4);
	assert_int_equal(hl_utf8_prefix(s, strlen(s), 3), 8);
	assert_int_equal(hl_utf8_prefix(s, strlen(s), 4), 9);
	assert_int_equal(hl_utf8_prefix(s, strlen(s), 99), 9);
	assert_int_equal(hl_utf8_prefix(s, 3, 2), 3);
}

static void
test_hex_value_and_decode(void **state)
{
	unsigned char out[3];

	(void)state;
	assert_int_equal(hl_hex_value('0'), 0);
	assert_int_equal(hl_hex_value('9'), 9);
	assert_int_equal(hl_hex_value('a'), 10);
	assert_int_equal(hl_hex_value('F'), 15);
	assert_int_equal(hl_hex_value('g'), -1);
	assert_int_equal(hl_hex_value('\0'), -1);
	assert_int_equal(hl_hex_decode("00fFa5", 6, out, 3), 0);
	assert_int_equal(out[0], 0x00);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(out[2], 0xa5);
	assert_int_equal(hl_hex_decode("00ff", 4, out, 3), -1);
	assert_int_equal(hl_hex_decode("00ffa5aa", 8, out, 3), -1);
	assert_int_equal(hl_hex_decode("00fxa5", 6, out, 3), -1);
}

static void
test_str_blank_counts_ascii_and_ideographic_spaces(void **state)
{
	(void)state;
	assert_true(hl_str_blank(NULL));
	assert_true(hl_str_blank(""));
	assert_true(hl_str_blank(" \t\r\n\v\f"));
	/* U+3000, the full-width space of a Chinese input method. */
	assert_true(hl_str_blank("\xe3\x80\x80 \xe3\x80\x80"));
	assert_false(hl_str_blank("未解决"));
	assert_false(hl_str_blank(" \xe3\x80\x80x"));
	/* Another character starting with the same byte is text. */
	assert_false(hl_str_blank("\xe3\x80\x81"));
}

static void
test_str_blank_ascii_counts_four_ascii_spaces_only(void **state)
{
	(void)state;
	assert_true(hl_str_blank_ascii(NULL));
	assert_true(hl_str_blank_ascii(""));
	assert_true(hl_str_blank_ascii(" \t\r\n"));
	assert_false(hl_str_blank_ascii(" x "));
	/* Unlike hl_str_blank(): these are text here. */
	assert_false(hl_str_blank_ascii("\v"));
	assert_false(hl_str_blank_ascii("\f"));
	assert_false(hl_str_blank_ascii("\xe3\x80\x80"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_from_measures_c_string),
		cmocka_unit_test(test_str_eq_compares_length_and_bytes),
		cmocka_unit_test(test_str_casecmp_eq_ignores_ascii_case_only),
		cmocka_unit_test(test_utf8_valid_accepts_well_formed),
		cmocka_unit_test(test_utf8_valid_rejects_overlong),
		cmocka_unit_test(test_utf8_valid_rejects_surrogates),
		cmocka_unit_test(test_utf8_valid_rejects_above_max),
		cmocka_unit_test(test_utf8_valid_rejects_truncated),
		cmocka_unit_test(test_utf8_valid_rejects_stray_continuation),
		cmocka_unit_test(test_utf8_valid_finds_bad_byte_anywhere),
		cmocka_unit_test(test_utf8_valid_respects_len),
		cmocka_unit_test(test_utf8_count_counts_code_points),
		cmocka_unit_test(test_utf8_chars_counts_c_string),
		cmocka_unit_test(test_str_to_i64_parses_numbers),
		cmocka_unit_test(test_str_to_i64_rejects_malformed),
		cmocka_unit_test(test_str_to_i64_rejects_overflow),
		cmocka_unit_test(test_str_to_i64_stops_at_len),
		cmocka_unit_test(test_i64_text_writes_decimal),
		cmocka_unit_test(test_b64url_encode_matches_rfc4648),
		cmocka_unit_test(test_b64url_encode_uses_url_alphabet),
		cmocka_unit_test(test_b64url_roundtrip_every_length),
		cmocka_unit_test(test_b64url_roundtrip_all_byte_values),
		cmocka_unit_test(test_b64url_decode_rejects_bad_input),
		cmocka_unit_test(test_b64url_decode_respects_cap),
		cmocka_unit_test(test_b64_matches_rfc4648),
		cmocka_unit_test(test_b64_decode_rejects_bad_input),
		cmocka_unit_test(test_hex_encode_is_lower_case),
		cmocka_unit_test(test_utf8_cut_never_splits_a_character),
		cmocka_unit_test(test_utf8_prefix_counts_characters),
		cmocka_unit_test(test_hex_value_and_decode),
		cmocka_unit_test(
		    test_str_blank_counts_ascii_and_ideographic_spaces),
		cmocka_unit_test(
		    test_str_blank_ascii_counts_four_ascii_spaces_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
