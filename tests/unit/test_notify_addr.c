/* link: notify_addr */
/*
 * The SSRF guard's address rule: every refused form (IPv4 and IPv6,
 * mapped and translated), public addresses allowed, the allow list and
 * its parser.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "notify_addr.h"

/* The refusal of the address written as text (either family). */
static const char *
refusal(const char *text, const struct hl_notify_nets *allow)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, text, a) == 1)
		return hl_notify_addr_refusal(AF_INET, a, allow);
	if (inet_pton(AF_INET6, text, a) == 1)
		return hl_notify_addr_refusal(AF_INET6, a, allow);
	fail_msg("not an address: %s", text);
	return NULL;
}

static void
test_refused_forms(void **state)
{
	static const struct {
		const char *addr;
		const char *why;
	} cases[] = {
		{ "127.0.0.1", "回环地址" },
		{ "127.255.255.254", "回环地址" },
		{ "10.0.0.1", "私有地址" },
		{ "172.16.5.4", "私有地址" },
		{ "172.31.255.255", "私有地址" },
		{ "192.168.1.1", "私有地址" },
		{ "169.254.169.254", "链路本地地址" },
		{ "100.64.0.1", "运营商级 NAT 地址" },
		{ "100.127.255.254", "运营商级 NAT 地址" },
		{ "0.0.0.0", "未指定地址" },
		{ "224.0.0.1", "组播地址" },
		{ "239.255.255.250", "组播地址" },
		{ "255.255.255.255", "保留地址" },
		{ "240.0.0.1", "保留地址" },
		{ "192.0.2.1", "文档示例地址" },
		{ "198.18.0.1", "保留地址" },
		{ "::1", "回环地址" },
		{ "::", "未指定地址" },
		{ "fc00::1", "唯一本地地址" },
		{ "fd12:3456::1", "唯一本地地址" },
		{ "fe80::1", "链路本地地址" },
		{ "ff02::1", "组播地址" },
		{ "::ffff:127.0.0.1", "IPv4 映射的 IPv6 地址" },
		{ "::ffff:169.254.169.254", "IPv4 映射的 IPv6 地址" },
		{ "::ffff:8.8.8.8", "IPv4 映射的 IPv6 地址" },
		{ "::127.0.0.1", "IPv4 兼容的 IPv6 地址" },
		{ "64:ff9b::a00:1", "IPv4 转换地址" },
		{ "2002:a00:1::1", "IPv4 转换地址" },
		{ "2001:db8::1", "文档示例地址" },
		{ "fec0::1", "站点本地地址" },
	};
	size_t i;
	const char *why;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = refusal(cases[i].addr, NULL);
		if (why == NULL || strcmp(why, cases[i].why) != 0)
			fail_msg("%s: got %s, want %s", cases[i].addr,
			    why != NULL ? why : "(allowed)", cases[i].why);
	}
}

static void
test_public_allowed(void **state)
{
	static const char *const ok[] = { "8.8.8.8", "1.1.1.1",
		"101.226.103.106", "172.32.0.1", "100.128.0.1", "11.0.0.1",
		"2400:3200::1", "2408:8000::1", "2001:4860:4860::8888" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (refusal(ok[i], NULL) != NULL)
			fail_msg("%s refused: %s", ok[i], refusal(ok[i], NULL));
}

static void
test_allow_list(void **state)
{
	struct hl_notify_nets allow;
	char why[200];

	(void)state;
	assert_int_equal(hl_notify_addr_parse_nets("127.0.0.0/8, fd00::/8",
	                     &allow, why, sizeof(why)),
	    0);
	assert_int_equal(allow.n, 2);
	assert_null(refusal("127.0.0.1", &allow));
	assert_null(refusal("127.9.9.9", &allow));
	assert_null(refusal("fd12::1", &allow));
	assert_non_null(refusal("::1", &allow));
	assert_non_null(refusal("10.0.0.1", &allow));
	assert_non_null(refusal("::ffff:127.0.0.1", &allow));
	assert_non_null(refusal("fc00::1", &allow));
	/* A single address, no prefix. */
	assert_int_equal(
	    hl_notify_addr_parse_nets("10.1.2.3", &allow, why, sizeof(why)), 0);
	assert_null(refusal("10.1.2.3", &allow));
	assert_non_null(refusal("10.1.2.4", &allow));
	/* Empty: nothing is allowed beyond the rule. */
	assert_int_equal(
	    hl_notify_addr_parse_nets("", &allow, why, sizeof(why)), 0);
	assert_int_equal(allow.n, 0);
	assert_int_equal(
	    hl_notify_addr_parse_nets(NULL, &allow, why, sizeof(why)), 0);
	assert_int_equal(allow.n, 0);
}

static void
test_allow_list_errors(void **state)
{
	static const char *const bad[] = { "localhost", "10.0.0.0/33", "::/129",
		"1.2.3.4/", "1.2.3.4/x", "1.2.3", "10.0.0.0/-1", "256.0.0.1" };
	struct hl_notify_nets allow;
	char why[200];
	char many[2048] = "";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		if (hl_notify_addr_parse_nets(bad[i], &allow, why,
		        sizeof(why)) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(strstr(why, "is not a network"));
	}
	for (i = 0; i <= HL_NOTIFY_NETS_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
		    "10.0.%zu.0/24,", i);
	assert_int_equal(
	    hl_notify_addr_parse_nets(many, &allow, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "more than"));
}

static void
test_sockaddr_forms(void **state)
{
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	char text[64];

	(void)state;
	memset(&in4, 0, sizeof(in4));
	in4.sin_family = AF_INET;
	inet_pton(AF_INET, "169.254.169.254", &in4.sin_addr);
	assert_string_equal(
	    hl_notify_addr_refusal_sa((struct sockaddr *)&in4, NULL),
	    "链路本地地址");
	hl_notify_addr_text((struct sockaddr *)&in4, text, sizeof(text));
	assert_string_equal(text, "169.254.169.254");
	memset(&in6, 0, sizeof(in6));
	in6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	assert_string_equal(
	    hl_notify_addr_refusal_sa((struct sockaddr *)&in6, NULL),
	    "回环地址");
	hl_notify_addr_text((struct sockaddr *)&in6, text, sizeof(text));
	assert_string_equal(text, "::1");
	in6.sin6_family = AF_UNIX;
	assert_non_null(
	    hl_notify_addr_refusal_sa((struct sockaddr *)&in6, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_forms),
		cmocka_unit_test(test_public_allowed),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test(test_allow_list_errors),
		cmocka_unit_test(test_sockaddr_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
