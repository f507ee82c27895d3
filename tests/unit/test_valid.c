/*
 * Unit tests for valid.c.  The valid credit codes are published codes of
 * large companies and codes generated for the test; every one was checked
 * by computing its GB 32100-2015 check character, not copied on trust.
 */
/* link: valid calendar err mem log str */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "calendar.h"
#include "err.h"
#include "valid.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The one message err holds for field, or NULL when none was added. */
static const char *
field_msg(const struct hl_err *err, const char *field)
{
	int i;

	for (i = 0; i < err->n_fields; i++)
		if (strcmp(err->fields[i].name, field) == 0)
			return err->fields[i].msg;
	return NULL;
}

/* Run the credit code validator; returns its message or NULL. */
static const char *
credit(const char *s, char *out)
{
	static struct hl_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = hl_valid_credit_code("credit_code", s, out, &err);
	if (rc == 0) {
		assert_false(hl_err_is_set(&err));
		return NULL;
	}
	assert_int_equal(rc, -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].name, "credit_code");
	return err.fields[0].msg;
}

static void
test_credit_code_valid_accepted(void **state)
{
	static const char *const ok[] = {
		/* Published codes (verified by computation). */
		"914403001922038216",
		"9144030071526726XG",
		"91330100716105852F",
		"91110000802100433B",
		"91110108551385082Q",
		/* Generated: a Zibo enterprise, an institution, a social
		 * organisation, other registration authorities. */
		"91370300MA3C0A1B28",
		"913703021630554111",
		"12370300004291375U",
		"52370300MJD60012XA",
		"Y1370300000000000E",
		/* Sums giving check values 0 (31 becomes 0) and 30 ('Y'). */
		"000000000000000000",
		"91370347PHH8PJDWJ0",
		"9137030T1TA3GMRLP0",
		"913703PRADKG3CWJ6Y",
	};
	char out[HL_VALID_CREDIT_CODE_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(out, 'x', sizeof(out));
		if (credit(ok[i], out) != NULL)
			fail_msg("refused %s", ok[i]);
		assert_string_equal(out, ok[i]);
	}
	/* out may be NULL; a NULL value is an absent member. */
	assert_null(credit("914403001922038216", NULL));
	assert_null(credit(NULL, out));
}

static void
test_credit_code_lower_case_upper_cased(void **state)
{
	char out[HL_VALID_CREDIT_CODE_LEN + 1];

	(void)state;
	assert_null(credit("9144030071526726xg", out));
	assert_string_equal(out, "9144030071526726XG");
	assert_null(credit("91370300ma3c0a1b28", out));
	assert_string_equal(out, "91370300MA3C0A1B28");
	assert_null(credit("913703prADKG3cwj6y", out));
	assert_string_equal(out, "913703PRADKG3CWJ6Y");
}

static void
test_credit_code_wrong_length(void **state)
{
	static const char *const bad[] = {
		"",
		"9",
		"91440300192203821",
		"9144030019220382161",
		" 914403001922038216",
		"914403001922038216 ",
		"9144 0300 1922 0382 16",
		"统一社会信用代码",
		"91440300192203821号号",
	};
	char out[HL_VALID_CREDIT_CODE_LEN + 1] = "untouched";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = credit(bad[i], out);

		if (msg == NULL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(msg, "统一社会信用代码应为 18 位");
	}
	assert_string_equal(out, "untouched");
}

static void
test_credit_code_invalid_character(void **state)
{
	static const struct {
		const char *code;
		const char *msg;
	} bad[] = {
		{ "91440300192203821I", "统一社会信用代码含有无效字符“I”" },
		{ "914403001922O38216", "统一社会信用代码含有无效字符“O”" },
		{ "91440300S922038216", "统一社会信用代码含有无效字符“S”" },
		{ "9144030019V2038216", "统一社会信用代码含有无效字符“V”" },
		{ "Z14403001922038216", "统一社会信用代码含有无效字符“Z”" },
		{ "914403001922038i16", "统一社会信用代码含有无效字符“i”" },
		{ "9144030019220382o6", "统一社会信用代码含有无效字符“o”" },
		{ "9144030019220382 6", "统一社会信用代码含有无效字符“ ”" },
		{ "91440300-922038216", "统一社会信用代码含有无效字符“-”" },
		{ "91440300192203821６", "统一社会信用代码含有无效字符“６”" },
		{ "91440300192203821号", "统一社会信用代码含有无效字符“号”" },
		{ "9144030019I2O38216", "统一社会信用代码含有无效字符“I”" },
		{ "91440300192203821\xff", "统一社会信用代码含有无效字符" },
	};
	char out[HL_VALID_CREDIT_CODE_LEN + 1] = "untouched";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = credit(bad[i].code, out);

		if (msg == NULL)
			fail_msg("accepted \"%s\"", bad[i].code);
		assert_string_equal(msg, bad[i].msg);
	}
	assert_string_equal(out, "untouched");
}

static void
test_credit_code_wrong_check_character(void **state)
{
	static const char *const bad[] = {
		"914403001922038217",
		"9144030071526726XH",
		"91370303MA3C0A1B2X", /* would need K */
		"914403001922038261", /* last two swapped */
		"194403001922038216", /* first two swapped */
		"000000000000000001",
		"9144030071526726xh",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = credit(bad[i], NULL);

		if (msg == NULL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(
		    strncmp(msg,
		        "统一社会信用代码校验位错误：按前 17 位，"
		        "第 18 位应为“",
		        strlen("统一社会信用代码校验位错误：按前 17 位，"
		               "第 18 位应为“")) == 0);
	}
}

/*
 * For many bodies, exactly one of the 31 characters completes a valid code,
 * and every change of one character or swap of two neighbours among the
 * first 17 is caught (31 is prime and the weights differ).
 */
static void
test_credit_code_check_properties(void **state)
{
	char code[HL_VALID_CREDIT_CODE_LEN + 1];
	char bad[HL_VALID_CREDIT_CODE_LEN + 1];
	uint32_t seed = 2026;
	int body, i, j, n_ok, good = -1;

	(void)state;
	code[HL_VALID_CREDIT_CODE_LEN] = '\0';
	for (body = 0; body < 300; body++) {
		for (i = 0; i < HL_VALID_CREDIT_CODE_LEN - 1; i++) {
			seed = seed * 1103515245u + 12345u;
			code[i] = alphabet[(seed >> 16) % 31];
		}
		n_ok = 0;
		for (j = 0; j < 31; j++) {
			code[17] = alphabet[j];
			if (credit(code, NULL) == NULL) {
				n_ok++;
				good = j;
			}
		}
		assert_int_equal(n_ok, 1);
		code[17] = alphabet[good];
		for (i = 0; i < HL_VALID_CREDIT_CODE_LEN; i++) {
			for (j = 0; j < 31; j++) {
				if (alphabet[j] == code[i])
					continue;
				memcpy(bad, code, sizeof(bad));
				bad[i] = alphabet[j];
				assert_non_null(credit(bad, NULL));
			}
		}
		for (i = 0; i + 1 < HL_VALID_CREDIT_CODE_LEN - 1; i++) {
			if (code[i] == code[i + 1])
				continue;
			memcpy(bad, code, sizeof(bad));
			bad[i] = code[i + 1];
			bad[i + 1] = code[i];
			assert_non_null(credit(bad, NULL));
		}
	}
}

static void
test_mobile(void **state)
{
	static const char *const ok[] = { "13800000000", "13912345678",
		"15053312345", "19999999999", "17000000000" };
	static const char *const bad[] = { "", "1380000000", "138000000000",
		"12800000000", "10800000000", "23800000000", "+8613800000000",
		"138 0000 0000", "138-0000-0000", "1380000000a",
		"１３８００００００００", "0533-2181234" };
	struct hl_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(hl_valid_mobile("mobile", ok[i], &err), 0);
		assert_false(hl_err_is_set(&err));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_mobile("mobile", bad[i], &err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(field_msg(&err, "mobile"),
		    "请填写正确的手机号码（11 位数字）");
	}
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_mobile("mobile", NULL, &err), 0);
}

static void
test_phone(void **state)
{
	static const char *const ok[] = { "13800000000", "0533-2181234",
		"0533-21812345", "010-62345678", "021-6123456",
		"0533-2181234-801", "0533-2181234-1", "0533-2181234-123456" };
	static const char *const bad[] = { "", "2181234", "05332181234",
		"0533 2181234", "(0533)2181234", "0533-218123",
		"0533-218123456", "0533-0181234", "0533-1181234",
		"00533-2181234", "0033-2181234", "533-2181234", "05-2181234",
		"0533-2181234-", "0533-2181234-1234567", "0533-2181234-80a",
		"0533--2181234", "0533-2181234-801-2", "０５３３-2181234",
		"12800000000" };
	struct hl_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_phone("phone", ok[i], &err) != 0)
			fail_msg("refused \"%s\"", ok[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_phone("phone", bad[i], &err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(field_msg(&err, "phone"),
		    "请填写正确的电话号码，如 13800000000 或 0533-2181234");
	}
}

static void
test_email(void **state)
{
	static const char *const ok[] = { "a@b.cn", "zhang.san@zibo.gov.cn",
		"li_si+honglian@example.com", "X@EXAMPLE.COM",
		"o'brien@mail-1.example.org", "user@sub.domain-x.com.cn" };
	static const char *const bad[] = { "", "a", "@b.cn", "a@", "a@b",
		"a@.cn", "a@b.", "a@b..cn", "a.@b.cn", ".a@b.cn", "a..b@b.cn",
		"a@b@c.cn", "a b@c.cn", "a@b c.cn", "a@-b.cn", "a@b-.cn",
		"a@b.c", "a@b.c1", "a@b.123", "张三@b.cn", "a@淄博.cn",
		"a@b_c.cn", "a\"b@c.cn", "a@b.cn." };
	char longlocal[80];
	char longdomain[300];
	struct hl_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_email("email", ok[i], &err) != 0)
			fail_msg("refused \"%s\"", ok[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_email("email", bad[i], &err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(field_msg(&err, "email"),
		    "请填写正确的电子邮箱地址");
	}
	/* 64 bytes of local part are allowed, 65 are not. */
	memset(longlocal, 'a', 64);
	strcpy(longlocal + 64, "@b.cn");
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_email("email", longlocal, &err), 0);
	memset(longlocal, 'a', 65);
	strcpy(longlocal + 65, "@b.cn");
	assert_int_equal(hl_valid_email("email", longlocal, &err), -1);
	/* A label of 64 bytes, and an address over 254 bytes. */
	memset(longdomain, 0, sizeof(longdomain));
	strcpy(longdomain, "a@");
	memset(longdomain + 2, 'b', 64);
	strcat(longdomain, ".cn");
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_email("email", longdomain, &err), -1);
	strcpy(longdomain, "a@");
	for (i = 0; i < 26; i++)
		strcat(longdomain, "abcdefghi.");
	strcat(longdomain, "cn");
	assert_int_equal(strlen(longdomain), 264);
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_email("email", longdomain, &err), -1);
	longdomain[2 + 24 * 10] = '\0';
	strcat(longdomain, "cn");
	assert_int_equal(strlen(longdomain), 244);
	assert_int_equal(hl_valid_email("email", longdomain, &err), 0);
}

static void
test_enum(void **state)
{
	static const char *const categories[] = { "policy", "financing",
		"legal", "technology", "talent", "approvals", "other", NULL };
	static const char *const none[] = { NULL };
	const char *many[80];
	struct hl_err err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; categories[i] != NULL; i++)
		assert_int_equal(
		    hl_valid_enum("category", categories[i], categories, &err),
		    0);
	assert_int_equal(hl_valid_enum("category", NULL, categories, &err), 0);
	assert_false(hl_err_is_set(&err));
	assert_int_equal(hl_valid_enum("category", "Policy", categories, &err),
	    -1);
	assert_string_equal(field_msg(&err, "category"),
	    "取值无效，应为 policy、financing、legal、technology、talent、"
	    "approvals、other 之一");
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_enum("category", "", categories, &err), -1);
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_enum("x", "a", none, &err), -1);
	assert_string_equal(field_msg(&err, "x"), "取值无效");
	/* A list too long to name. */
	for (i = 0; i < 79; i++)
		many[i] = "abcdefgh";
	many[79] = NULL;
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_enum("x", "z", many, &err), -1);
	assert_string_equal(field_msg(&err, "x"), "取值无效");
}

static void
test_date(void **state)
{
	static const char *const bad[] = { "2026-02-29", "2026-1-1",
		"2026-13-01", "2026/03/01", "", "2026-03-01T00:00:00+08:00",
		"2026-03-01 " };
	struct hl_err err = { 0 };
	int32_t d = 5;
	size_t i;

	(void)state;
	assert_int_equal(hl_valid_date("visited_on", "2028-02-29", &d, &err),
	    0);
	assert_int_equal(d, 21243);
	assert_int_equal(hl_valid_date("visited_on", NULL, &d, &err), 0);
	assert_int_equal(d, 21243);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_date("visited_on", bad[i], &d, &err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(field_msg(&err, "visited_on"),
		    "请填写有效的日期，格式为 YYYY-MM-DD（如 2026-03-01）");
		assert_int_equal(d, 21243);
	}
}

static void
test_datetime(void **state)
{
	static const char *const good[] = { "2026-12-03T14:30:00+08:00",
		"2026-12-03 14:30:00Z", "2028-02-29T23:59:59.123456-05:30",
		"2026-01-01t00:00:00z" };
	static const char *const bad[] = { "2026-12-03", "2026-02-29T10:00:00Z",
		"2026-04-31T10:00:00Z", "2026-12-03T24:00:00Z",
		"2026-12-03T14:30:00", "2026-12-03T14:30:00+8:00",
		"1999-12-31T23:59:59Z", "2026-12-03T14:30:00.Z",
		"2026-12-03T14:30:00+08:00 ", "明天下午两点" };
	struct hl_err err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (hl_valid_datetime("starts_at", good[i], &err) != 0)
			fail_msg("refused \"%s\"", good[i]);
	assert_int_equal(hl_valid_datetime("starts_at", NULL, &err), 0);
	assert_false(hl_err_is_set(&err));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (hl_valid_datetime("starts_at", bad[i], &err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(err.status, 422);
		assert_non_null(field_msg(&err, "starts_at"));
	}
}

static void
test_not_future(void **state)
{
	struct hl_err err = { 0 };
	int32_t today = 20454 + 325; /* 2026-11-22 */

	(void)state;
	assert_int_equal(hl_valid_not_future("visited_on", today, today, &err),
	    0);
	assert_int_equal(
	    hl_valid_not_future("visited_on", today - 400, today, &err), 0);
	assert_false(hl_err_is_set(&err));
	assert_int_equal(
	    hl_valid_not_future("visited_on", today + 1, today, &err), -1);
	assert_string_equal(field_msg(&err, "visited_on"), "日期不能晚于今天");
}

static void
test_length_in_code_points(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_valid_length("title", "淄博", 1, 2, &err), 0);
	assert_int_equal(hl_valid_length("title", "ab", 2, 2, &err), 0);
	assert_int_equal(hl_valid_length("title", "", 0, 10, &err), 0);
	assert_int_equal(hl_valid_length("title", NULL, 1, 10, &err), 0);
	assert_int_equal(hl_valid_length("title", "x", 0, SIZE_MAX, &err), 0);
	assert_false(hl_err_is_set(&err));
	assert_int_equal(hl_valid_length("title", "淄博市", 1, 2, &err), -1);
	assert_string_equal(field_msg(&err, "title"), "不能超过 2 个字");
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_length("title", "", 1, 200, &err), -1);
	assert_string_equal(field_msg(&err, "title"), "不能为空");
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_length("name", "张", 2, 20, &err), -1);
	assert_string_equal(field_msg(&err, "name"), "至少需要 2 个字");
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_valid_length("name", "a\xc0\xaf", 0, 20, &err), -1);
	assert_string_equal(field_msg(&err, "name"), "含有无效的字符编码");
}

/* Validators collect: every wrong field gets its message, once. */
static void
test_errors_collected_per_field(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	hl_valid_credit_code("credit_code", "91440300192203821I", NULL, &err);
	hl_valid_phone("phone", "12345", &err);
	hl_valid_email("email", "a@b.cn", &err);
	hl_valid_length("name", "", 1, 100, &err);
	hl_valid_length("name", "", 2, 100, &err);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 3);
	assert_string_equal(field_msg(&err, "credit_code"),
	    "统一社会信用代码含有无效字符“I”");
	assert_non_null(field_msg(&err, "phone"));
	assert_null(field_msg(&err, "email"));
	assert_string_equal(field_msg(&err, "name"), "不能为空");
	/* A NULL err is allowed, as everywhere. */
	assert_int_equal(hl_valid_mobile("mobile", "1", NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_code_valid_accepted),
		cmocka_unit_test(test_credit_code_lower_case_upper_cased),
		cmocka_unit_test(test_credit_code_wrong_length),
		cmocka_unit_test(test_credit_code_invalid_character),
		cmocka_unit_test(test_credit_code_wrong_check_character),
		cmocka_unit_test(test_credit_code_check_properties),
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_not_future),
		cmocka_unit_test(test_length_in_code_points),
		cmocka_unit_test(test_errors_collected_per_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
