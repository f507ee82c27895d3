/* link: err str */
/*
 * Recording expected failures: status, code, message, per-field messages,
 * truncation on a character boundary and the NULL err that callers may pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"

/* True when s is complete UTF-8 as far as its last sequence goes. */
static bool
ends_on_boundary(const char *s)
{
	size_t len = strlen(s);
	size_t i = 0;
	size_t need;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)s[i];
		need = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (i + need > len)
			return false;
		i += need;
	}
	return true;
}

static void
test_err_zero_is_not_set(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_false(hl_err_is_set(&err));
	assert_false(hl_err_is_set(NULL));
}

static void
test_err_set_records_and_returns_minus_one(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_err_set(&err, 409, "invalid_transition",
	                     "案件 %s 当前状态为%s，不能%s", "HL-2026-0007",
	                     "已关闭", "受理"),
	    -1);
	assert_true(hl_err_is_set(&err));
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "invalid_transition");
	assert_string_equal(err.msg,
	    "案件 HL-2026-0007 当前状态为已关闭，不能受理");
	assert_int_equal(err.n_fields, 0);
}

static void
test_err_set_truncates_on_utf8_boundary(void **state)
{
	struct hl_err err = { 0 };
	char want[HL_ERR_MSG_MAX];
	char pad[8];
	size_t i;

	(void)state;
	/*
	 * Shift a run of 3-byte characters by 0, 1 and 2 ASCII bytes so that
	 * the 255-byte cut falls at each position inside a character.
	 */
	for (i = 0; i < 3; i++) {
		memset(pad, 'a', i);
		pad[i] = '\0';
		hl_err_set(&err, 422, "validation_failed", "%s%s", pad,
		    "企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求"
		    "企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求"
		    "企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求企业诉求");
		assert_true(ends_on_boundary(err.msg));
		/* Whole characters up to the limit: at most 2 bytes lost. */
		assert_in_range(strlen(err.msg), HL_ERR_MSG_MAX - 3,
		    HL_ERR_MSG_MAX - 1);
		assert_int_equal((strlen(err.msg) - i) % 3, 0);
		assert_memory_equal(err.msg, pad, i);
	}
	/* Plain ASCII is cut at the last byte that fits. */
	memset(want, 'x', sizeof(want) - 1);
	want[sizeof(want) - 1] = '\0';
	hl_err_set(&err, 400, "bad_request", "%sTAIL", want);
	assert_int_equal(strlen(err.msg), HL_ERR_MSG_MAX - 1);
	assert_string_equal(err.msg, want);
}

/* A message that fits exactly is not cut. */
static void
test_err_set_keeps_message_that_fits(void **state)
{
	struct hl_err err = { 0 };
	char want[HL_ERR_MSG_MAX];
	size_t i;

	(void)state;
	/* 85 characters of 3 bytes: 255 bytes, the most that fits. */
	want[0] = '\0';
	for (i = 0; i < 85; i++)
		strcat(want, "链");
	hl_err_set(&err, 422, "validation_failed", "%s", want);
	assert_string_equal(err.msg, want);
}

static void
test_err_field_sets_generic_validation_error(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_err_field(&err, "credit_code",
	                     "统一社会信用代码校验位错误（应为%c）", 'X'),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_string_equal(err.msg, "请求数据有误，请检查标注的字段");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].name, "credit_code");
	assert_string_equal(err.fields[0].msg,
	    "统一社会信用代码校验位错误（应为X）");
}

static void
test_err_field_keeps_error_already_set(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	hl_err_set(&err, 409, "conflict", "该企业已存在");
	hl_err_field(&err, "credit_code", "已被其他企业使用");
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "conflict");
	assert_string_equal(err.msg, "该企业已存在");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].msg, "已被其他企业使用");
}

static void
test_err_field_collects_in_order(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	hl_err_field(&err, "name", "必填");
	hl_err_field(&err, "district", "未知的区县：%s", "东城");
	hl_err_field(&err, "tags", "最多 %d 个", 10);
	assert_int_equal(err.n_fields, 3);
	assert_string_equal(err.fields[0].name, "name");
	assert_string_equal(err.fields[0].msg, "必填");
	assert_string_equal(err.fields[1].name, "district");
	assert_string_equal(err.fields[1].msg, "未知的区县：东城");
	assert_string_equal(err.fields[2].name, "tags");
	assert_string_equal(err.fields[2].msg, "最多 10 个");
}

/* The first message for a field wins; JSON cannot repeat the key. */
static void
test_err_field_repeated_keeps_first(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	hl_err_field(&err, "phone", "必填");
	assert_int_equal(hl_err_field(&err, "phone", "格式不正确"), -1);
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].msg, "必填");
}

static void
test_err_field_drops_beyond_max(void **state)
{
	struct hl_err err = { 0 };
	char name[16];
	int i;

	(void)state;
	for (i = 0; i < HL_ERR_MAX_FIELDS + 5; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		assert_int_equal(hl_err_field(&err, name, "错误 %d", i), -1);
	}
	assert_int_equal(err.n_fields, HL_ERR_MAX_FIELDS);
	assert_string_equal(err.fields[HL_ERR_MAX_FIELDS - 1].name, "f15");
	assert_string_equal(err.fields[HL_ERR_MAX_FIELDS - 1].msg, "错误 15");
	assert_int_equal(err.status, 422);
}

static void
test_err_field_truncates_name_and_message(void **state)
{
	struct hl_err err = { 0 };
	char name[100];
	size_t i;

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	hl_err_field(&err, name, "%s",
	    "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长"
	    "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长"
	    "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长");
	assert_int_equal(strlen(err.fields[0].name), 63);
	assert_memory_equal(err.fields[0].name, name, 63);
	/* 85 whole characters fit in 255 bytes. */
	assert_int_equal(strlen(err.fields[0].msg), 255);
	assert_true(ends_on_boundary(err.fields[0].msg));
	for (i = 0; i < 85; i++)
		assert_memory_equal(err.fields[0].msg + 3 * i, "长", 3);
}

static void
test_err_clear_forgets_everything(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	hl_err_field(&err, "name", "必填");
	err.retry_after_s = 30;
	hl_err_clear(&err);
	assert_false(hl_err_is_set(&err));
	assert_int_equal(err.status, 0);
	assert_null(err.code);
	assert_string_equal(err.msg, "");
	assert_int_equal(err.n_fields, 0);
	assert_int_equal(err.retry_after_s, 0);
	/* Usable again: a new field starts a fresh validation error. */
	hl_err_field(&err, "district", "未知");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].name, "district");
}

static void
test_err_shorthands_set_status_code_message(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_err_not_found(&err), -1);
	assert_int_equal(err.status, 404);
	assert_string_equal(err.code, "not_found");
	assert_string_equal(err.msg, "记录不存在");
	assert_int_equal(hl_err_forbidden(&err), -1);
	assert_int_equal(err.status, 403);
	assert_string_equal(err.code, "forbidden");
	assert_string_equal(err.msg, "无权执行此操作");
	assert_int_equal(hl_err_internal(&err), -1);
	assert_int_equal(err.status, 500);
	assert_string_equal(err.code, "internal");
	assert_string_equal(err.msg, "服务器内部错误，请稍后重试");
}

static void
test_err_null_is_accepted_everywhere(void **state)
{
	(void)state;
	assert_int_equal(hl_err_set(NULL, 400, "bad_request", "x %d", 1), -1);
	assert_int_equal(hl_err_field(NULL, "name", "必填"), -1);
	assert_int_equal(hl_err_not_found(NULL), -1);
	assert_int_equal(hl_err_forbidden(NULL), -1);
	assert_int_equal(hl_err_internal(NULL), -1);
	assert_false(hl_err_is_set(NULL));
	hl_err_clear(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_zero_is_not_set),
		cmocka_unit_test(test_err_set_records_and_returns_minus_one),
		cmocka_unit_test(test_err_set_truncates_on_utf8_boundary),
		cmocka_unit_test(test_err_set_keeps_message_that_fits),
		cmocka_unit_test(test_err_field_sets_generic_validation_error),
		cmocka_unit_test(test_err_field_keeps_error_already_set),
		cmocka_unit_test(test_err_field_collects_in_order),
		cmocka_unit_test(test_err_field_repeated_keeps_first),
		cmocka_unit_test(test_err_field_drops_beyond_max),
		cmocka_unit_test(test_err_field_truncates_name_and_message),
		cmocka_unit_test(test_err_clear_forgets_everything),
		cmocka_unit_test(test_err_shorthands_set_status_code_message),
		cmocka_unit_test(test_err_null_is_accepted_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
