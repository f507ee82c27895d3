/*
 * json.c: parsing errors and limits, decoding against field tables, the
 * streaming writer's escaping and commas, and the API error body.  Writer
 * output is parsed back with jansson to prove it is valid JSON.
 */
/* link: json mem buf str err log */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "json.h"
#include "mem.h"
#include "str.h"

static struct hl_json *
parse(const char *s, struct hl_err *err)
{
	return hl_json_parse(s, strlen(s), err);
}

/* The message recorded for field name, or NULL. */
static const char *
field_msg(const struct hl_err *err, const char *name)
{
	int i;

	for (i = 0; i < err->n_fields; i++) {
		if (strcmp(err->fields[i].name, name) == 0)
			return err->fields[i].msg;
	}
	return NULL;
}

/* Parse s as an object and decode it against fields; returns the result. */
static int
decode(const char *s, const struct hl_json_field *fields, size_t n,
    struct hl_arena *arena, struct hl_err *err)
{
	struct hl_json *j;
	int rc;

	j = parse(s, err);
	assert_non_null(j);
	rc = hl_json_decode(j, fields, n, arena, err);
	hl_json_free(j);
	return rc;
}

/* A text of n nested arrays: "[[...]]". */
static char *
nested(size_t n)
{
	char *s = hl_xmalloc(2 * n + 1);

	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	return s;
}

/* jansson's view of a writer's output; fails the test when invalid. */
static json_t *
reparse(const struct hl_buf *b)
{
	json_error_t je;
	json_t *v;

	v = json_loadb(b->p, b->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (v == NULL)
		fail_msg("not valid JSON (%s): %s", je.text, hl_buf_cstr(b));
	return v;
}

/* ---- parse ---- */

static void
test_parse_object_returns_node(void **state)
{
	struct hl_err err = { 0 };
	struct hl_json *j;

	(void)state;
	j = parse(" {\"a\": \"中文\", \"b\": [1, 2]} \n", &err);
	assert_non_null(j);
	assert_false(hl_err_is_set(&err));
	hl_json_free(j);
}

static void
test_parse_syntax_error_names_line_and_column(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_null(parse("{\n  \"a\": 1,\n  \"b\": x\n}", &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_json");
	assert_string_equal(err.msg,
	    "JSON 格式错误（第 3 行第 8 列）：invalid token near 'x'");
}

static void
test_parse_trailing_value_invalid_json(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_null(parse("{} x", &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_json");
	assert_string_equal(err.msg,
	    "JSON 格式错误（第 1 行第 4 列）：end of file expected near 'x'");
}

static void
test_parse_empty_body_invalid_json_column_one(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_null(hl_json_parse(NULL, 0, &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_json");
	assert_non_null(strstr(err.msg, "（第 1 行第 1 列）"));
}

static void
test_parse_invalid_utf8_bad_request(void **state)
{
	static const char *const bad[] = {
		"{\"a\":\"\xff\"}", "{\"a\":\"\xc0\xaf\"}", /* overlong "/" */
		"{\"a\":\"\xed\xa0\x80\"}",                 /* surrogate */
		"{\"a\":\"\xe4\xb8\"}",                     /* cut character */
	};
	struct hl_err err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hl_err_clear(&err);
		assert_null(parse(bad[i], &err));
		assert_int_equal(err.status, 400);
		assert_string_equal(err.code, "bad_request");
		assert_string_equal(err.msg, "请求内容不是有效的 UTF-8 文本");
	}
}

static void
test_parse_duplicate_key_invalid_json(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_null(parse("{\"a\":1,\"a\":2}", &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_json");
	assert_non_null(strstr(err.msg, "duplicate object key"));
}

static void
test_parse_nul_in_key_invalid_json(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_null(parse("{\"a\\u0000\":1}", &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_json");
}

static void
test_parse_depth_64_accepted(void **state)
{
	struct hl_err err = { 0 };
	struct hl_json *j;
	char *s = nested(64);

	(void)state;
	j = parse(s, &err);
	assert_non_null(j);
	hl_json_free(j);
	free(s);
}

static void
test_parse_depth_65_invalid_json(void **state)
{
	struct hl_err err = { 0 };
	char *s = nested(65);

	(void)state;
	assert_null(parse(s, &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_json");
	assert_string_equal(err.msg,
	    "JSON 嵌套不能超过 64 层（第 1 行第 65 列）");
	free(s);

	/* Far below jansson's own limit of 2048, and refused before it. */
	hl_err_clear(&err);
	s = nested(1000);
	assert_null(parse(s, &err));
	assert_string_equal(err.code, "invalid_json");
	free(s);
}

static void
test_parse_depth_mixed_objects_counts_both(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	int i;

	(void)state;
	for (i = 0; i < 33; i++)
		hl_buf_puts(&b, "{\"k\":[");
	for (i = 0; i < 33; i++)
		hl_buf_puts(&b, "]}");
	assert_null(hl_json_parse(b.p, b.len, &err));
	assert_string_equal(err.code, "invalid_json");
	assert_non_null(strstr(err.msg, "嵌套不能超过 64 层"));
	hl_buf_release(&b);
}

static void
test_parse_brackets_in_strings_not_counted(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j;
	int i;

	(void)state;
	/* An escaped quote must not end the string for the depth scan. */
	hl_buf_puts(&b, "{\"a\":\"\\\"");
	for (i = 0; i < 100; i++)
		hl_buf_puts(&b, "[{");
	hl_buf_puts(&b, "\\\\\"}");
	j = hl_json_parse(b.p, b.len, &err);
	assert_non_null(j);
	assert_false(hl_err_is_set(&err));
	hl_json_free(j);
	hl_buf_release(&b);
}

static void
test_parse_error_quotes_chinese_token_whole(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_null(parse("[1,\n 中]", &err));
	assert_string_equal(err.code, "invalid_json");
	assert_string_equal(err.msg,
	    "JSON 格式错误（第 2 行第 2 列）：invalid token near '中'");
}

/* ---- decode ---- */

struct all {
	const char *name;
	int64_t count;
	bool flag;
	struct hl_json_strv tags;
	struct hl_json_i64v ids;
	const struct hl_json *findings;
	const struct hl_json *problems;
	bool name_present;
};

static size_t
all_fields(struct all *a, struct hl_json_field *f)
{
	const struct hl_json_field t[] = {
		{ "name", HL_JSON_STRING, true, false, 10, &a->name,
		    &a->name_present },
		{ "count", HL_JSON_INT, false, false, 0, &a->count, NULL },
		{ "flag", HL_JSON_BOOL, false, false, 0, &a->flag, NULL },
		{ "tags", HL_JSON_STR_ARRAY, false, false, 3, &a->tags, NULL },
		{ "ids", HL_JSON_INT_ARRAY, false, false, 0, &a->ids, NULL },
		{ "findings", HL_JSON_OBJECT, false, false, 0, &a->findings,
		    NULL },
		{ "problems", HL_JSON_ARRAY, false, false, 2, &a->problems,
		    NULL },
	};

	memcpy(f, t, sizeof(t));
	return sizeof(t) / sizeof(t[0]);
}

static void
test_decode_every_kind_fills_outputs(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);
	struct hl_json *j;

	(void)state;
	/* Object and array outs borrow from the document: keep it. */
	j = parse("{\"name\":\"企业名称\",\"count\":-9007199254740993,"
	          "\"flag\":true,\"tags\":[\"甲\",\"\",\"abc\"],"
	          "\"ids\":[3,1,2],\"findings\":{\"x\":\"y\"},"
	          "\"problems\":[{},{}]}",
	    &err);
	assert_non_null(j);
	assert_int_equal(hl_json_decode(j, f, n, &arena, &err), 0);
	assert_false(hl_err_is_set(&err));
	assert_string_equal(a.name, "企业名称");
	assert_true(a.name_present);
	assert_true(a.count == INT64_C(-9007199254740993));
	assert_true(a.flag);
	assert_int_equal(a.tags.n, 3);
	assert_string_equal(a.tags.v[0], "甲");
	assert_string_equal(a.tags.v[1], "");
	assert_string_equal(a.tags.v[2], "abc");
	assert_int_equal(a.ids.n, 3);
	assert_int_equal(a.ids.v[0], 3);
	assert_int_equal(a.ids.v[1], 1);
	assert_int_equal(a.ids.v[2], 2);
	assert_non_null(a.findings);
	assert_null(hl_json_string(a.findings));
	assert_int_equal(hl_json_array_size(a.problems), 2);
	hl_json_free(j);
	hl_arena_release(&arena);
}

static void
test_decode_strings_outlive_document(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	/* decode() frees the document before we read: the copies are the
	 * arena's (ASan would catch a borrowed pointer). */
	assert_int_equal(
	    decode("{\"name\":\"甲乙\",\"tags\":[\"丙\"]}", f, n, &arena, &err),
	    0);
	assert_string_equal(a.name, "甲乙");
	assert_string_equal(a.tags.v[0], "丙");
	hl_arena_release(&arena);
}

static void
test_decode_absent_optional_keeps_defaults(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	a.count = 50;
	a.flag = true;
	a.tags.n = 99;
	a.findings = (const struct hl_json *)&a;
	assert_int_equal(decode("{\"name\":\"x\"}", f, n, &arena, &err), 0);
	assert_int_equal(a.count, 50);
	assert_true(a.flag);
	assert_null(a.tags.v);
	assert_int_equal(a.tags.n, 0);
	assert_null(a.ids.v);
	assert_null(a.findings);
	assert_null(a.problems);
	hl_arena_release(&arena);
}

static void
test_decode_missing_required_reports_field(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	a.name_present = true;
	assert_int_equal(decode("{}", f, n, &arena, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(field_msg(&err, "name"), "必填");
	assert_null(a.name);
	assert_false(a.name_present);
	hl_arena_release(&arena);
}

static void
test_decode_wrong_types_reports_every_field(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	assert_int_equal(decode("{\"name\":1,\"count\":\"1\",\"flag\":0,"
	                        "\"tags\":\"a\",\"ids\":{},\"findings\":[],"
	                        "\"problems\":{}}",
	                     f, n, &arena, &err),
	    -1);
	assert_int_equal(err.status, 422);
	assert_int_equal(err.n_fields, 7);
	assert_string_equal(field_msg(&err, "name"), "应为字符串");
	assert_string_equal(field_msg(&err, "count"), "应为整数");
	assert_string_equal(field_msg(&err, "flag"), "应为布尔值");
	assert_string_equal(field_msg(&err, "tags"), "应为字符串数组");
	assert_string_equal(field_msg(&err, "ids"), "应为整数数组");
	assert_string_equal(field_msg(&err, "findings"), "应为对象");
	assert_string_equal(field_msg(&err, "problems"), "应为数组");
	hl_arena_release(&arena);
}

static void
test_decode_int_rejects_real_and_string(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	int64_t a = 7;
	int64_t b = 7;
	const struct hl_json_field f[] = {
		{ "a", HL_JSON_INT, true, false, 0, &a, NULL },
		{ "b", HL_JSON_INT, true, false, 0, &b, NULL },
	};

	(void)state;
	assert_int_equal(decode("{\"a\":1.0,\"b\":\"1\"}", f, 2, &arena, &err),
	    -1);
	assert_string_equal(field_msg(&err, "a"), "应为整数");
	assert_string_equal(field_msg(&err, "b"), "应为整数");
	assert_int_equal(a, 7);
	assert_int_equal(b, 7);
	hl_arena_release(&arena);
}

static void
test_decode_unknown_field_reported(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	assert_int_equal(
	    decode("{\"name\":\"x\",\"nmae\":\"y\"}", f, n, &arena, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(field_msg(&err, "nmae"), "未知字段");
	hl_arena_release(&arena);
}

static void
test_decode_long_unknown_key_cut_on_character(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j;
	int i;

	(void)state;
	hl_buf_puts(&b, "{\"");
	for (i = 0; i < 30; i++)
		hl_buf_puts(&b, "键");
	hl_buf_puts(&b, "\":1}");
	j = hl_json_parse(b.p, b.len, &err);
	assert_non_null(j);
	assert_int_equal(hl_json_decode(j, NULL, 0, &arena, &err), -1);
	assert_int_equal(err.n_fields, 1);
	/* 21 characters of 3 bytes fill the 63 bytes a name may hold. */
	assert_int_equal(strlen(err.fields[0].name), 63);
	assert_true(hl_utf8_valid(err.fields[0].name, 63));
	assert_string_equal(err.fields[0].msg, "未知字段");
	hl_json_free(j);
	hl_buf_release(&b);
	hl_arena_release(&arena);
}

static void
test_decode_collects_all_problems(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	assert_int_equal(decode("{\"count\":true,\"tags\":[\"abcd\"],\"x\":1,"
	                        "\"y\":2}",
	                     f, n, &arena, &err),
	    -1);
	assert_int_equal(err.n_fields, 5);
	assert_string_equal(field_msg(&err, "name"), "必填");
	assert_string_equal(field_msg(&err, "count"), "应为整数");
	assert_string_equal(field_msg(&err, "tags"),
	    "第 1 项长度不能超过 3 个字符");
	assert_string_equal(field_msg(&err, "x"), "未知字段");
	assert_string_equal(field_msg(&err, "y"), "未知字段");
	hl_arena_release(&arena);
}

static void
test_decode_too_long_string_refused(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	const char *s = NULL;
	const struct hl_json_field f[] = {
		{ "title", HL_JSON_STRING, true, false, 5, &s, NULL },
	};

	(void)state;
	/* Five characters in fifteen bytes fit; "\u878d" is one too. */
	assert_int_equal(
	    decode("{\"title\":\"融资对接\\u878d\"}", f, 1, &arena, &err), 0);
	assert_string_equal(s, "融资对接融");
	assert_int_equal(
	    decode("{\"title\":\"融资对接会议\"}", f, 1, &arena, &err), -1);
	assert_string_equal(field_msg(&err, "title"), "长度不能超过 5 个字符");
	hl_arena_release(&arena);
}

static void
test_decode_required_empty_string_refused(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	const char *req = NULL;
	const char *opt = NULL;
	const struct hl_json_field f[] = {
		{ "req", HL_JSON_STRING, true, false, 0, &req, NULL },
		{ "opt", HL_JSON_STRING, false, false, 0, &opt, NULL },
	};

	(void)state;
	assert_int_equal(
	    decode("{\"req\":\"\",\"opt\":\"\"}", f, 2, &arena, &err), -1);
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(field_msg(&err, "req"), "不能为空");
	assert_string_equal(opt, "");
	hl_arena_release(&arena);
}

static void
test_decode_null_absent_only_when_nullable(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	const char *a = "preset";
	const char *b = NULL;
	const char *c = NULL;
	int64_t d = 5;
	bool a_present = true;
	bool b_present = false;
	const struct hl_json_field f[] = {
		{ "a", HL_JSON_STRING, false, true, 0, &a, &a_present },
		{ "b", HL_JSON_STRING, false, false, 0, &b, &b_present },
		{ "c", HL_JSON_STRING, true, true, 0, &c, NULL },
		{ "d", HL_JSON_INT, false, true, 0, &d, NULL },
	};

	(void)state;
	assert_int_equal(decode("{\"a\":null,\"b\":null,\"c\":null,\"d\":null}",
	                     f, 4, &arena, &err),
	    -1);
	assert_null(a);
	assert_false(a_present);
	assert_true(b_present);
	assert_int_equal(d, 5);
	assert_int_equal(err.n_fields, 2);
	assert_string_equal(field_msg(&err, "b"), "应为字符串");
	assert_string_equal(field_msg(&err, "c"), "必填");
	hl_arena_release(&arena);
}

static void
test_decode_nul_in_string_refused_422(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	const char *s = NULL;
	struct hl_json_strv v = { 0 };
	const struct hl_json_field f[] = {
		{ "s", HL_JSON_STRING, false, false, 0, &s, NULL },
		{ "v", HL_JSON_STR_ARRAY, false, false, 0, &v, NULL },
	};

	(void)state;
	assert_int_equal(
	    decode("{\"s\":\"a\\u0000b\",\"v\":[\"x\",\"\\u0000\"]}", f, 2,
	        &arena, &err),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_string_equal(field_msg(&err, "s"), "不能包含 U+0000 字符");
	assert_string_equal(field_msg(&err, "v"),
	    "第 2 项不能包含 U+0000 字符");
	hl_arena_release(&arena);
}

static void
test_decode_str_array_limits(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_strv v = { 0 };
	const struct hl_json_field f[] = {
		{ "v", HL_JSON_STR_ARRAY, true, false, 2, &v, NULL },
	};
	int i;

	(void)state;
	assert_int_equal(
	    decode("{\"v\":[\"甲乙\",\"甲乙丙\"]}", f, 1, &arena, &err), -1);
	assert_string_equal(field_msg(&err, "v"),
	    "第 2 项长度不能超过 2 个字符");
	hl_err_clear(&err);
	assert_int_equal(decode("{\"v\":[\"a\",1]}", f, 1, &arena, &err), -1);
	assert_string_equal(field_msg(&err, "v"), "应为字符串数组");
	hl_err_clear(&err);
	assert_int_equal(decode("{\"v\":[\"a\",null]}", f, 1, &arena, &err),
	    -1);
	assert_string_equal(field_msg(&err, "v"), "应为字符串数组");

	/* 200 elements is the fixed ceiling. */
	hl_buf_puts(&b, "{\"v\":[\"a\"");
	for (i = 1; i < 200; i++)
		hl_buf_puts(&b, ",\"a\"");
	hl_buf_puts(&b, "]}");
	hl_err_clear(&err);
	assert_int_equal(decode(b.p, f, 1, &arena, &err), 0);
	assert_int_equal(v.n, 200);
	hl_buf_reset(&b);
	hl_buf_puts(&b, "{\"v\":[\"a\"");
	for (i = 1; i < 201; i++)
		hl_buf_puts(&b, ",\"a\"");
	hl_buf_puts(&b, "]}");
	assert_int_equal(decode(b.p, f, 1, &arena, &err), -1);
	assert_string_equal(field_msg(&err, "v"), "数组元素不能超过 200 个");
	hl_buf_release(&b);
	hl_arena_release(&arena);
}

static void
test_decode_int_array_limits(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_i64v three = { 0 };
	struct hl_json_i64v dflt = { 0 };
	const struct hl_json_field f[] = {
		{ "three", HL_JSON_INT_ARRAY, false, false, 3, &three, NULL },
		{ "dflt", HL_JSON_INT_ARRAY, false, false, 0, &dflt, NULL },
	};
	int i;

	(void)state;
	assert_int_equal(decode("{\"three\":[1,2,3,4]}", f, 2, &arena, &err),
	    -1);
	assert_string_equal(field_msg(&err, "three"), "数组元素不能超过 3 个");
	hl_err_clear(&err);
	assert_int_equal(decode("{\"three\":[1,2.5]}", f, 2, &arena, &err), -1);
	assert_string_equal(field_msg(&err, "three"), "应为整数数组");
	hl_err_clear(&err);
	assert_int_equal(decode("{\"three\":[]}", f, 2, &arena, &err), 0);
	assert_int_equal(three.n, 0);

	/* max 0 means 1000 elements for integer arrays. */
	hl_buf_puts(&b, "{\"dflt\":[0");
	for (i = 1; i < 1000; i++)
		hl_buf_printf(&b, ",%d", i);
	hl_buf_puts(&b, "]}");
	assert_int_equal(decode(b.p, f, 2, &arena, &err), 0);
	assert_int_equal(dflt.n, 1000);
	assert_int_equal(dflt.v[999], 999);
	hl_buf_reset(&b);
	hl_buf_puts(&b, "{\"dflt\":[0");
	for (i = 1; i < 1001; i++)
		hl_buf_printf(&b, ",%d", i);
	hl_buf_puts(&b, "]}");
	assert_int_equal(decode(b.p, f, 2, &arena, &err), -1);
	assert_string_equal(field_msg(&err, "dflt"),
	    "数组元素不能超过 1000 个");
	hl_buf_release(&b);
	hl_arena_release(&arena);
}

static void
test_decode_array_max_counts_elements(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);

	(void)state;
	assert_int_equal(decode("{\"name\":\"x\",\"problems\":[{},{},{}]}", f,
	                     n, &arena, &err),
	    -1);
	assert_string_equal(field_msg(&err, "problems"),
	    "数组元素不能超过 2 个");
	hl_arena_release(&arena);
}

static void
test_decode_non_object_422(void **state)
{
	static const char *const bodies[] = { "[]", "\"a\"", "1", "null" };
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		hl_err_clear(&err);
		assert_int_equal(decode(bodies[i], NULL, 0, &arena, &err), -1);
		assert_int_equal(err.status, 422);
		assert_string_equal(err.code, "validation_failed");
		assert_string_equal(err.msg, "请求体应为 JSON 对象");
		assert_int_equal(err.n_fields, 0);
	}
}

struct visit {
	const char *category;
	const char *title;
};

static int
collect_member(const char *key, const struct hl_json *val, void *arg)
{
	struct hl_buf *b = arg;
	const char *s = hl_json_string(val);

	hl_buf_printf(b, "%s=%s;", key, s != NULL ? s : "?");
	return strcmp(key, "stop") == 0 ? -1 : 0;
}

static void
test_array_and_object_access_walks_nodes(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	const struct hl_json *problems = NULL;
	const struct hl_json *findings = NULL;
	struct visit v = { 0 };
	const struct hl_json_field top[] = {
		{ "problems", HL_JSON_ARRAY, true, false, 0, &problems, NULL },
		{ "findings", HL_JSON_OBJECT, true, false, 0, &findings, NULL },
	};
	const struct hl_json_field each[] = {
		{ "category", HL_JSON_STRING, true, false, 20, &v.category,
		    NULL },
		{ "title", HL_JSON_STRING, true, false, 20, &v.title, NULL },
	};
	struct hl_json *j;

	(void)state;
	j = parse("{\"problems\":[{\"category\":\"legal\",\"title\":\"甲\"},"
	          "{\"category\":\"talent\",\"title\":\"乙\"}],"
	          "\"findings\":{\"industry\":\"一\",\"talent\":\"二\","
	          "\"n\":1,\"stop\":\"s\",\"after\":\"x\"}}",
	    &err);
	assert_non_null(j);
	assert_int_equal(hl_json_decode(j, top, 2, &arena, &err), 0);
	assert_int_equal(hl_json_array_size(problems), 2);
	assert_int_equal(hl_json_decode(hl_json_array_get(problems, 1), each, 2,
	                     &arena, &err),
	    0);
	assert_string_equal(v.category, "talent");
	assert_string_equal(v.title, "乙");
	assert_null(hl_json_array_get(problems, 2));
	assert_int_equal(hl_json_array_size(findings), 0);

	/* Document order; a -1 from the callback stops the walk. */
	assert_int_equal(hl_json_object_each(findings, collect_member, &b), -1);
	assert_string_equal(hl_buf_cstr(&b),
	    "industry=一;talent=二;n=?;stop=s;");
	assert_null(hl_json_string(findings));
	hl_json_free(j);

	j = parse("[\"ok\",\"a\\u0000b\"]", &err);
	assert_string_equal(hl_json_string(hl_json_array_get(j, 0)), "ok");
	assert_null(hl_json_string(hl_json_array_get(j, 1)));
	hl_json_free(j);
	hl_buf_release(&b);
	hl_arena_release(&arena);
}

/* ---- writer ---- */

static void
test_jw_escapes_json_specials(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	json_t *v;

	(void)state;
	hl_jw_init(&w, &b);
	hl_jw_str(&w, "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f中");
	assert_string_equal(hl_buf_cstr(&b),
	    "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f中\"");
	v = reparse(&b);
	assert_string_equal(json_string_value(v),
	    "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f中");
	json_decref(v);
	hl_buf_release(&b);
}

static void
test_jw_escapes_html_and_line_separators(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	json_t *v;
	const char *s =
	    "</script><!--&amp;\xe2\x80\xa8|\xe2\x80\xa9|\xe2\x80\xa6";

	(void)state;
	hl_jw_init(&w, &b);
	hl_jw_str(&w, s);
	assert_string_equal(hl_buf_cstr(&b),
	    "\"\\u003c/script\\u003e\\u003c!--\\u0026amp;\\u2028|\\u2029|"
	    "\xe2\x80\xa6\"");
	v = reparse(&b);
	assert_string_equal(json_string_value(v), s);
	json_decref(v);
	hl_buf_release(&b);
}

/* JSON that PostgreSQL wrote gets the writer's escapes, inside and
 * outside strings alike, and still means the same. */
static void
test_append_safe_escapes_foreign_json(void **state)
{
	struct hl_buf b = { 0 };
	json_t *v;
	const char *in =
	    "{\"a\":\"</script>&\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xa6\",\"b\":[1]}";
	char *cut;

	(void)state;
	hl_buf_puts(&b, "x");
	hl_json_append_safe(&b, in, strlen(in));
	assert_string_equal(hl_buf_cstr(&b),
	    "x{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029"
	    "\xe2\x80\xa6\",\"b\":[1]}");
	v = json_loads(hl_buf_cstr(&b) + 1, 0, NULL);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "a")),
	    "</script>&\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xa6");
	json_decref(v);
	/* A lead byte at the end is copied, never read past. */
	hl_buf_reset(&b);
	cut = hl_xmalloc(3);
	memcpy(cut, "<\xe2\x80", 3);
	hl_json_append_safe(&b, cut, 3);
	free(cut);
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.p, "\\u003c\xe2\x80", 8);
	hl_buf_release(&b);
}

static void
test_jw_strn_escapes_nul_and_stops_at_len(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	char *cut;

	(void)state;
	hl_jw_init(&w, &b);
	hl_jw_arr_begin(&w);
	hl_jw_strn(&w, "a\0b", 3);
	hl_jw_strn(&w, "abcdef", 3);
	hl_jw_strn(&w, "", 0);
	/* A lone lead byte at the very end of the input: looking for
	 * U+2028 must not read past len (ASan checks the heap copy). */
	cut = hl_xmalloc(2);
	memcpy(cut, "\xe2\x80", 2);
	hl_jw_strn(&w, cut, 2);
	free(cut);
	hl_jw_arr_end(&w);
	assert_string_equal(hl_buf_cstr(&b),
	    "[\"a\\u0000b\",\"abc\",\"\",\"\xe2\x80\"]");
	hl_buf_release(&b);
}

static void
test_jw_every_ascii_byte_round_trips(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	char all[128];
	json_t *v;
	int i;

	(void)state;
	for (i = 0; i < 128; i++)
		all[i] = (char)i;
	hl_jw_init(&w, &b);
	hl_jw_strn(&w, all, sizeof(all));
	/* Nothing below 0x20 and no '<' '>' '&' may appear raw. */
	for (i = 0; i < (int)b.len; i++) {
		assert_true((unsigned char)b.p[i] >= 0x20);
		assert_null(strchr("<>&", b.p[i]));
	}
	v = reparse(&b);
	assert_int_equal(json_string_length(v), 128);
	assert_memory_equal(json_string_value(v), all, 128);
	json_decref(v);
	hl_buf_release(&b);
}

static void
test_jw_nesting_places_commas(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	json_t *v;

	(void)state;
	hl_jw_init(&w, &b);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "items");
	hl_jw_arr_begin(&w);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "id");
	hl_jw_i64(&w, 1);
	hl_jw_key(&w, "tags");
	hl_jw_arr_begin(&w);
	hl_jw_arr_end(&w);
	hl_jw_key(&w, "ok");
	hl_jw_bool(&w, true);
	hl_jw_obj_end(&w);
	hl_jw_obj_begin(&w);
	hl_jw_obj_end(&w);
	hl_jw_arr_begin(&w);
	hl_jw_bool(&w, false);
	hl_jw_null(&w);
	hl_jw_str(&w, NULL);
	hl_jw_arr_end(&w);
	hl_jw_arr_end(&w);
	hl_jw_key(&w, "raw");
	hl_jw_raw(&w, "{\"a\":[1,2]}", 11);
	hl_jw_key(&w, "next_cursor");
	hl_jw_null(&w);
	hl_jw_obj_end(&w);
	assert_int_equal(w.depth, 0);
	assert_string_equal(hl_buf_cstr(&b),
	    "{\"items\":[{\"id\":1,\"tags\":[],\"ok\":true},{},"
	    "[false,null,null]],\"raw\":{\"a\":[1,2]},\"next_cursor\":null}");
	v = reparse(&b);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 3);
	json_decref(v);
	hl_buf_release(&b);
}

static void
test_jw_keys_are_escaped(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;

	(void)state;
	hl_jw_init(&w, &b);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "a\"<");
	hl_jw_i64(&w, 0);
	hl_jw_obj_end(&w);
	assert_string_equal(hl_buf_cstr(&b), "{\"a\\\"\\u003c\":0}");
	hl_buf_release(&b);
}

static void
test_jw_i64_extremes_exact(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;

	(void)state;
	hl_jw_init(&w, &b);
	hl_jw_arr_begin(&w);
	hl_jw_i64(&w, INT64_MIN);
	hl_jw_i64(&w, INT64_MAX);
	hl_jw_i64(&w, 0);
	hl_jw_i64(&w, -1);
	hl_jw_arr_end(&w);
	assert_string_equal(hl_buf_cstr(&b),
	    "[-9223372036854775808,9223372036854775807,0,-1]");
	hl_buf_release(&b);
}

static void
test_jw_max_depth_nests_32(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	char *want = nested(HL_JW_MAX_DEPTH);
	int i;

	(void)state;
	hl_jw_init(&w, &b);
	for (i = 0; i < HL_JW_MAX_DEPTH; i++)
		hl_jw_arr_begin(&w);
	for (i = 0; i < HL_JW_MAX_DEPTH; i++)
		hl_jw_arr_end(&w);
	assert_string_equal(hl_buf_cstr(&b), want);
	free(want);
	hl_buf_release(&b);
}

static void
test_jw_appends_after_existing_content(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;

	(void)state;
	hl_buf_puts(&b, "x=");
	hl_jw_init(&w, &b);
	hl_jw_str(&w, "中文");
	assert_string_equal(hl_buf_cstr(&b), "x=\"中文\"");
	hl_buf_release(&b);
}

/* ---- error body ---- */

static void
test_write_error_without_fields_exact(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	hl_err_not_found(&err);
	hl_json_write_error(&b, &err, "req-1");
	assert_string_equal(hl_buf_cstr(&b),
	    "{\"error\":{\"code\":\"not_found\",\"message\":\"记录不存在\","
	    "\"request_id\":\"req-1\"}}");
	hl_buf_release(&b);
}

static void
test_write_error_with_fields_valid_json(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	json_t *v;
	json_t *e;
	json_t *fields;

	(void)state;
	hl_err_field(&err, "credit_code", "校验位不正确");
	hl_err_field(&err, "name", "必填");
	hl_json_write_error(&b, &err, "abc<def>");
	v = reparse(&b);
	e = json_object_get(v, "error");
	assert_non_null(e);
	assert_int_equal(json_object_size(e), 4);
	assert_string_equal(json_string_value(json_object_get(e, "code")),
	    "validation_failed");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	    err.msg);
	assert_string_equal(json_string_value(json_object_get(e, "request_id")),
	    "abc<def>");
	fields = json_object_get(e, "fields");
	assert_int_equal(json_object_size(fields), 2);
	assert_string_equal(
	    json_string_value(json_object_get(fields, "credit_code")),
	    "校验位不正确");
	assert_string_equal(json_string_value(json_object_get(fields, "name")),
	    "必填");
	json_decref(v);
	hl_buf_release(&b);
}

static void
test_write_error_decode_result_round_trips(void **state)
{
	struct hl_arena arena = { 0 };
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };
	struct hl_json_field f[7];
	struct all a = { 0 };
	size_t n = all_fields(&a, f);
	json_t *v;
	json_t *fields;

	(void)state;
	assert_int_equal(decode("{\"name\":\"\\u003c\\\"\\u2028\",\"<k>\":1}",
	                     f, n, &arena, &err),
	    -1);
	hl_json_write_error(&b, &err, NULL);
	v = reparse(&b);
	fields = json_object_get(json_object_get(v, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "<k>")),
	    "未知字段");
	assert_true(json_is_null(
	    json_object_get(json_object_get(v, "error"), "request_id")));
	assert_null(strchr(hl_buf_cstr(&b), '<'));
	json_decref(v);
	hl_buf_release(&b);
	hl_arena_release(&arena);
}

static void
test_write_error_unset_is_internal(void **state)
{
	static const char want[] =
	    "{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误，请稍后重试\","
	    "\"request_id\":\"r\"}}";
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	hl_json_write_error(&b, &err, "r");
	assert_string_equal(hl_buf_cstr(&b), want);
	hl_buf_reset(&b);
	hl_json_write_error(&b, NULL, "r");
	assert_string_equal(hl_buf_cstr(&b), want);
	hl_buf_release(&b);
}

static void
test_write_error_empty_message_gets_sentence(void **state)
{
	struct hl_buf b = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	err.status = 409;
	hl_json_write_error(&b, &err, "r");
	assert_string_equal(hl_buf_cstr(&b),
	    "{\"error\":{\"code\":\"internal\",\"message\":\"请求无法处理\","
	    "\"request_id\":\"r\"}}");
	hl_buf_reset(&b);
	err.code = "conflict";
	err.status = 503;
	hl_json_write_error(&b, &err, "r");
	assert_string_equal(hl_buf_cstr(&b),
	    "{\"error\":{\"code\":\"conflict\",\"message\":"
	    "\"服务器内部错误，请稍后重试\",\"request_id\":\"r\"}}");
	hl_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_object_returns_node),
		cmocka_unit_test(test_parse_syntax_error_names_line_and_column),
		cmocka_unit_test(test_parse_trailing_value_invalid_json),
		cmocka_unit_test(test_parse_empty_body_invalid_json_column_one),
		cmocka_unit_test(test_parse_invalid_utf8_bad_request),
		cmocka_unit_test(test_parse_duplicate_key_invalid_json),
		cmocka_unit_test(test_parse_nul_in_key_invalid_json),
		cmocka_unit_test(test_parse_depth_64_accepted),
		cmocka_unit_test(test_parse_depth_65_invalid_json),
		cmocka_unit_test(test_parse_depth_mixed_objects_counts_both),
		cmocka_unit_test(test_parse_brackets_in_strings_not_counted),
		cmocka_unit_test(test_parse_error_quotes_chinese_token_whole),
		cmocka_unit_test(test_decode_every_kind_fills_outputs),
		cmocka_unit_test(test_decode_strings_outlive_document),
		cmocka_unit_test(test_decode_absent_optional_keeps_defaults),
		cmocka_unit_test(test_decode_missing_required_reports_field),
		cmocka_unit_test(test_decode_wrong_types_reports_every_field),
		cmocka_unit_test(test_decode_int_rejects_real_and_string),
		cmocka_unit_test(test_decode_unknown_field_reported),
		cmocka_unit_test(test_decode_long_unknown_key_cut_on_character),
		cmocka_unit_test(test_decode_collects_all_problems),
		cmocka_unit_test(test_decode_too_long_string_refused),
		cmocka_unit_test(test_decode_required_empty_string_refused),
		cmocka_unit_test(test_decode_null_absent_only_when_nullable),
		cmocka_unit_test(test_decode_nul_in_string_refused_422),
		cmocka_unit_test(test_decode_str_array_limits),
		cmocka_unit_test(test_decode_int_array_limits),
		cmocka_unit_test(test_decode_array_max_counts_elements),
		cmocka_unit_test(test_decode_non_object_422),
		cmocka_unit_test(test_array_and_object_access_walks_nodes),
		cmocka_unit_test(test_jw_escapes_json_specials),
		cmocka_unit_test(test_jw_escapes_html_and_line_separators),
		cmocka_unit_test(test_jw_strn_escapes_nul_and_stops_at_len),
		cmocka_unit_test(test_append_safe_escapes_foreign_json),
		cmocka_unit_test(test_jw_every_ascii_byte_round_trips),
		cmocka_unit_test(test_jw_nesting_places_commas),
		cmocka_unit_test(test_jw_keys_are_escaped),
		cmocka_unit_test(test_jw_i64_extremes_exact),
		cmocka_unit_test(test_jw_max_depth_nests_32),
		cmocka_unit_test(test_jw_appends_after_existing_content),
		cmocka_unit_test(test_write_error_without_fields_exact),
		cmocka_unit_test(test_write_error_with_fields_valid_json),
		cmocka_unit_test(test_write_error_decode_result_round_trips),
		cmocka_unit_test(test_write_error_unset_is_internal),
		cmocka_unit_test(test_write_error_empty_message_gets_sentence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
