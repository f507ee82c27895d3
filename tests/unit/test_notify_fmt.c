/* link: notify_fmt crypto json buf str mem err log */
/*
 * Notification formats: the Standard Webhooks signature against the test
 * vector its libraries publish (and an HMAC computed here with libsodium
 * directly), secrets, the generic body, WeCom and DingTalk messages (one
 * event, digests that stay under the robots' size limit, Markdown from
 * payloads made inert), DingTalk's signed URL and robot answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "buf.h"
#include "crypto.h"
#include "notify_fmt.h"
#include "str.h"

#define PUBLIC_URL "https://hl.example.cn/"

static const char CASE_PAYLOAD[] =
    "{\"case_id\": 12, \"number\": \"HL-2026-000123\", \"status\":"
    " \"assigned\", \"enterprise_name\": \"淄博华晟汽车零部件有限公司\","
    " \"chain_name\": \"汽车部件\", \"assignee_name\": \"李四\","
    " \"due_on\": \"2026-03-05\", \"title\": \"诉求 HL-2026-000123"
    " 已交办给李四\", \"link\": \"/desk/cases/12\"}";

static struct hl_notify_event
event(const char *type, const char *label, const char *payload)
{
	struct hl_notify_event ev = { type, label, payload,
		"0f8e6a3c-1111-4222-8333-944445555666",
		"2026-03-01T10:00:00.123456+08:00" };

	return ev;
}

/* The JSON body of a robot message for events, parsed; the caller
 * decrefs.  *used gets how many events it carries. */
static json_t *
robot(enum hl_notify_format f, const struct hl_notify_event *ev, size_t n,
    size_t *used)
{
	struct hl_buf out = { 0 };
	json_error_t jerr;
	json_t *j;

	hl_notify_fmt_robot(f, ev, n, PUBLIC_URL, &out, used);
	j = json_loadb(out.p, out.len, 0, &jerr);
	if (j == NULL)
		fail_msg("not JSON: %s: %s", jerr.text, out.p);
	hl_buf_release(&out);
	return j;
}

static const char *
markdown_of(json_t *j, enum hl_notify_format f)
{
	json_t *md = json_object_get(j, "markdown");

	return json_string_value(
	    json_object_get(md, f == HL_NOTIFY_DINGTALK ? "text" : "content"));
}

/* ---- Standard Webhooks ---- */

/* The vector of the spec repository's library tests (Go, Python,
 * JavaScript, PHP, C#, Java all share it). */
static void
test_sign_matches_published_vector(void **state)
{
	static const char payload[] = "{\"test\": 2432232314}";
	char sig[HL_NOTIFY_FMT_SIG_LEN];

	(void)state;
	assert_int_equal(
	    hl_notify_fmt_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	        "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, payload,
	        strlen(payload), sig),
	    0);
	assert_string_equal(sig,
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

/* The same computation done here with libsodium and a fresh key. */
static void
test_sign_equals_hmac_of_id_timestamp_body(void **state)
{
	unsigned char key[32];
	char b64[64];
	char secret[80];
	char sig[HL_NOTIFY_FMT_SIG_LEN];
	char want[HL_NOTIFY_FMT_SIG_LEN];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	static const char body[] = "{\"type\":\"case.created\",\"data\":{}}";
	static const char content[] =
	    "abc-123.1700000000.{\"type\":\"case.created\",\"data\":{}}";

	(void)state;
	assert_int_equal(sodium_init() >= 0, 1);
	randombytes_buf(key, sizeof(key));
	sodium_bin2base64(b64, sizeof(b64), key, sizeof(key),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(secret, sizeof(secret), "whsec_%s", b64);
	crypto_auth_hmacsha256_init(&st, key, sizeof(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)content,
	    strlen(content));
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(want, "v1,", 3);
	sodium_bin2base64(want + 3, sizeof(want) - 3, mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	assert_int_equal(hl_notify_fmt_sign(secret, "abc-123", 1700000000, body,
	                     strlen(body), sig),
	    0);
	assert_string_equal(sig, want);
}

static void
test_secret_rules(void **state)
{
	char sig[HL_NOTIFY_FMT_SIG_LEN];

	(void)state;
	assert_true(
	    hl_notify_fmt_secret_ok("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
	/* 64 bytes of key, the most. */
	assert_true(hl_notify_fmt_secret_ok(
	    "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAA"));
	assert_false(hl_notify_fmt_secret_ok(NULL));
	assert_false(hl_notify_fmt_secret_ok(""));
	assert_false(
	    hl_notify_fmt_secret_ok("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
	/* 18 bytes: under the spec's 24. */
	assert_false(hl_notify_fmt_secret_ok("whsec_AAAAAAAAAAAAAAAAAAAAAAAA"));
	/* 65 bytes: over 64. */
	assert_false(hl_notify_fmt_secret_ok(
	    "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
	assert_false(hl_notify_fmt_secret_ok("whsec_not base64!!"));
	assert_false(
	    hl_notify_fmt_secret_ok("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La"
	                            "LaSw="));
	assert_int_equal(
	    hl_notify_fmt_sign("whsec_short", "id", 1, "x", 1, sig), -1);
}

static void
test_generic_body(void **state)
{
	struct hl_notify_event ev =
	    event("case.assigned", "诉求已交办", CASE_PAYLOAD);
	struct hl_buf out = { 0 };
	json_error_t jerr;
	json_t *j;

	(void)state;
	hl_notify_fmt_generic(&ev, PUBLIC_URL, &out);
	j = json_loadb(out.p, out.len, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "type")),
	    "case.assigned");
	assert_string_equal(json_string_value(json_object_get(j, "timestamp")),
	    "2026-03-01T10:00:00.123456+08:00");
	assert_string_equal(json_string_value(json_object_get(j, "label")),
	    "诉求已交办");
	assert_string_equal(json_string_value(json_object_get(j, "url")),
	    "https://hl.example.cn/desk/cases/12");
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(j, "data"), "number")),
	    "HL-2026-000123");
	json_decref(j);
	hl_buf_release(&out);
}

/* A link that is not a front-end path is left out, not sent. */
static void
test_generic_refuses_foreign_links(void **state)
{
	static const char *const links[] = { "https://evil.example/x",
		"//evil.example/x", "/a b", "/x)](javascript:alert(1)",
		"javascript:alert(1)" };
	char payload[256];
	struct hl_notify_event ev;
	struct hl_buf out = { 0 };
	size_t i;
	json_t *j;

	(void)state;
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(payload, sizeof(payload),
		    "{\"title\": \"t\", \"link\": \"%s\"}", links[i]);
		ev = event("x.y", NULL, payload);
		hl_buf_reset(&out);
		hl_notify_fmt_generic(&ev, PUBLIC_URL, &out);
		j = json_loadb(out.p, out.len, 0, NULL);
		assert_non_null(j);
		assert_true(json_is_null(json_object_get(j, "url")));
		json_decref(j);
	}
	hl_buf_release(&out);
}

/* ---- robots ---- */

static void
test_wecom_single_event(void **state)
{
	struct hl_notify_event ev =
	    event("case.assigned", "诉求已交办", CASE_PAYLOAD);
	size_t used = 0;
	json_t *j = robot(HL_NOTIFY_WECOM, &ev, 1, &used);
	const char *md = markdown_of(j, HL_NOTIFY_WECOM);

	(void)state;
	assert_int_equal(used, 1);
	assert_string_equal(json_string_value(json_object_get(j, "msgtype")),
	    "markdown");
	assert_non_null(md);
	assert_non_null(strstr(md, "**诉求已交办**\n"));
	assert_non_null(strstr(md, "诉求 HL-2026-000123 已交办给李四\n"));
	assert_non_null(strstr(md, "> 诉求编号：HL-2026-000123\n"));
	assert_non_null(strstr(md, "> 企业：淄博华晟汽车零部件有限公司\n"));
	assert_non_null(strstr(md, "> 办理期限：2026-03-05\n"));
	assert_non_null(
	    strstr(md, "[查看详情](https://hl.example.cn/desk/cases/12)"));
	json_decref(j);
}

static void
test_dingtalk_single_event(void **state)
{
	struct hl_notify_event ev =
	    event("case.assigned", "诉求已交办", CASE_PAYLOAD);
	size_t used = 0;
	json_t *j = robot(HL_NOTIFY_DINGTALK, &ev, 1, &used);
	json_t *md = json_object_get(j, "markdown");
	const char *text = markdown_of(j, HL_NOTIFY_DINGTALK);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(j, "msgtype")),
	    "markdown");
	assert_string_equal(json_string_value(json_object_get(md, "title")),
	    "诉求已交办");
	assert_non_null(text);
	assert_non_null(strstr(text, "#### 诉求已交办\n\n"));
	assert_non_null(strstr(text, "> 承办人：李四\n\n"));
	assert_non_null(
	    strstr(text, "[查看详情](https://hl.example.cn/desk/cases/12)"));
	json_decref(j);
}

/* An event type nobody here knows formats from its label and payload. */
static void
test_unknown_type_uses_label_title_link(void **state)
{
	struct hl_notify_event ev = event("meeting.scheduled", "会议已安排",
	    "{\"meeting_id\": 3, \"title\": \"汽车部件产业链党委会议 3月8日\","
	    " \"link\": \"/desk/meetings/3\"}");
	size_t used = 0;
	json_t *j = robot(HL_NOTIFY_WECOM, &ev, 1, &used);
	const char *md = markdown_of(j, HL_NOTIFY_WECOM);

	(void)state;
	assert_non_null(
	    strstr(md, "**会议已安排**\n汽车部件产业链党委会议 3月8日\n"));
	assert_non_null(strstr(md, "(https://hl.example.cn/desk/meetings/3)"));
	assert_null(strstr(md, "> "));
	json_decref(j);
}

/* Brackets, emphasis and tags in a name cannot make links or markup. */
static void
test_robot_text_is_inert(void **state)
{
	struct hl_notify_event ev = event("case.created", "新诉求",
	    "{\"title\": \"[点我](https://evil.example) **急** <font "
	    "color=\\\"red\\\">x</font>\\n# 标题\", \"enterprise_name\": "
	    "\"A_B`C\", \"link\": \"/desk/cases/1\"}");
	size_t used = 0;
	json_t *j = robot(HL_NOTIFY_WECOM, &ev, 1, &used);
	const char *md = markdown_of(j, HL_NOTIFY_WECOM);

	(void)state;
	assert_null(strstr(md, "](https://evil"));
	assert_null(strstr(md, "**急**"));
	assert_null(strstr(md, "<font"));
	assert_null(strstr(md, "\n# "));
	assert_non_null(
	    strstr(md, "［点我］(https://evil.example) ＊＊急＊＊"));
	assert_non_null(strstr(md, "> 企业：A＿B｀C\n"));
	json_decref(j);
}

/* Many events: one digest per message, under the size limit, with every
 * event it carries named; the rest are left for the next message. */
static void
test_digest_fits_and_counts(void **state)
{
	enum { N = 120 };
	struct hl_notify_event ev[N];
	char *payloads[N];
	char number[32];
	size_t used = 0;
	size_t i;
	json_t *j;
	const char *md;
	int f;

	(void)state;
	for (i = 0; i < N; i++) {
		payloads[i] = malloc(512);
		snprintf(payloads[i], 512,
		    "{\"number\": \"HL-2026-%06zu\", \"title\": \"诉求 "
		    "HL-2026-%06zu 已提交（一家名字相当长的淄博某某新材料科技股份"
		    "有限公司）\", \"link\": \"/desk/cases/%zu\"}",
		    i, i, i);
		ev[i] = event("case.created", "新诉求", payloads[i]);
	}
	for (f = HL_NOTIFY_WECOM; f <= HL_NOTIFY_DINGTALK; f++) {
		j = robot((enum hl_notify_format)f, ev, N, &used);
		md = markdown_of(j, (enum hl_notify_format)f);
		assert_true(used > 1);
		assert_true(used < N);
		assert_true(strlen(md) <= HL_NOTIFY_FMT_ROBOT_MAX);
		for (i = 0; i < N; i++) {
			snprintf(number, sizeof(number), "HL-2026-%06zu", i);
			assert_true((strstr(md, number) != NULL) == (i < used));
		}
		snprintf(number, sizeof(number), "红链通知（%zu 条）", used);
		assert_non_null(strstr(md, number));
		json_decref(j);
	}
	for (i = 0; i < N; i++)
		free(payloads[i]);
}

/* DingTalk: sign = urlencode(base64(HMAC-SHA256(key = secret,
 * "<ms>\n<secret>"))), computed here with libsodium. */
static void
test_dingtalk_signed_url(void **state)
{
	static const char secret[] = "SECabc123DEF456ghi789";
	static const char content[] = "1700000000123\nSECabc123DEF456ghi789";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	char b64[64];
	char want[256];
	char enc[128];
	struct hl_buf out = { 0 };
	size_t i;
	size_t k = 0;

	(void)state;
	assert_int_equal(sodium_init() >= 0, 1);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)content,
	    strlen(content));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	for (i = 0; b64[i] != '\0'; i++)
		k += (size_t)snprintf(enc + k, sizeof(enc) - k,
		    strchr("+/=", b64[i]) != NULL ? "%%%02X" : "%c",
		    (unsigned char)b64[i]);
	snprintf(want, sizeof(want),
	    "https://oapi.dingtalk.com/robot/send?access_token=T1"
	    "&timestamp=1700000000123&sign=%s",
	    enc);
	hl_notify_fmt_dingtalk_url(
	    "https://oapi.dingtalk.com/robot/send?access_token=T1", secret,
	    1700000000123LL, &out);
	assert_string_equal(out.p, want);
	hl_buf_release(&out);
}

static void
test_robot_errcode(void **state)
{
	int64_t code = -1;
	static const char ok[] = "{\"errcode\":0,\"errmsg\":\"ok\"}";
	static const char busy[] =
	    "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}";

	(void)state;
	assert_int_equal(hl_notify_fmt_robot_errcode(ok, strlen(ok), &code), 0);
	assert_int_equal(code, 0);
	assert_int_equal(hl_notify_fmt_robot_errcode(busy, strlen(busy), &code),
	    0);
	assert_int_equal(code, 45009);
	assert_int_equal(hl_notify_fmt_robot_errcode("ok", 2, &code), -1);
	assert_int_equal(hl_notify_fmt_robot_errcode("{}", 2, &code), -1);
}

static void
test_format_names(void **state)
{
	enum hl_notify_format f;

	(void)state;
	assert_int_equal(hl_notify_fmt_parse("wecom", &f), 0);
	assert_int_equal(f, HL_NOTIFY_WECOM);
	assert_int_equal(hl_notify_fmt_parse("dingtalk", &f), 0);
	assert_int_equal(f, HL_NOTIFY_DINGTALK);
	assert_int_equal(hl_notify_fmt_parse("generic", &f), 0);
	assert_int_equal(f, HL_NOTIFY_GENERIC);
	assert_int_equal(hl_notify_fmt_parse("slack", &f), -1);
	assert_int_equal(hl_notify_fmt_parse(NULL, &f), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_matches_published_vector),
		cmocka_unit_test(test_sign_equals_hmac_of_id_timestamp_body),
		cmocka_unit_test(test_secret_rules),
		cmocka_unit_test(test_generic_body),
		cmocka_unit_test(test_generic_refuses_foreign_links),
		cmocka_unit_test(test_wecom_single_event),
		cmocka_unit_test(test_dingtalk_single_event),
		cmocka_unit_test(test_unknown_type_uses_label_title_link),
		cmocka_unit_test(test_robot_text_is_inert),
		cmocka_unit_test(test_digest_fits_and_counts),
		cmocka_unit_test(test_dingtalk_signed_url),
		cmocka_unit_test(test_robot_errcode),
		cmocka_unit_test(test_format_names),
	};

	hl_crypto_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
