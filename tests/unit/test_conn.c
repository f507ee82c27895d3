/* link: conn head conf crypto json err mem buf str log */
/*
 * The client address behind proxies: trusted_proxies as written in the
 * configuration (addresses and CIDR blocks, IPv4 and IPv6), and the
 * right-most untrusted hop of X-Forwarded-For.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <netinet/in.h>

#include "conf.h"
#include "conn.h"
#include "crypto.h"
#include "err.h"

static int
setup_with(const char *proxies, struct hl_err *err)
{
	struct hl_conf c;
	int rc;

	assert_int_equal(hl_conf_load(&c, NULL, err), 0);
	free(c.trusted_proxies);
	c.trusted_proxies = strdup(proxies);
	rc = hl_conn_setup(&c, err);
	hl_conf_release(&c);
	return rc;
}

static const char *
client(const char *peer, const char *xff)
{
	static char out[64];
	struct sockaddr_in a4 = { 0 };
	struct sockaddr_in6 a6 = { 0 };
	const struct sockaddr *sa;

	if (inet_pton(AF_INET, peer, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		sa = (const struct sockaddr *)&a4;
	} else {
		assert_int_equal(inet_pton(AF_INET6, peer, &a6.sin6_addr), 1);
		a6.sin6_family = AF_INET6;
		sa = (const struct sockaddr *)&a6;
	}
	hl_conn_client(sa, xff, out, sizeof(out));
	return out;
}

static void
test_trusted_proxies_are_parsed(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(setup_with("", &err), 0);
	assert_int_equal(
	    setup_with("127.0.0.1, 10.0.0.0/8 fd00::/8  ::1", &err), 0);
	assert_int_equal(setup_with("10.0.0.0/33", &err), -1);
	assert_non_null(strstr(err.msg, "10.0.0.0/33"));
	hl_err_clear(&err);
	assert_int_equal(setup_with("proxy.example", &err), -1);
	assert_non_null(strstr(err.msg, "proxy.example"));
	hl_err_clear(&err);
	assert_int_equal(setup_with("10.0.0.0/", &err), -1);
}

static void
test_right_most_untrusted_hop_is_the_client(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(setup_with("10.0.0.0/8, 2001:db8:1::/48", &err), 0);
	/* An untrusted peer's X-Forwarded-For is ignored. */
	assert_string_equal(client("192.0.2.1", "198.51.100.7"), "192.0.2.1");
	assert_string_equal(client("10.1.2.3", NULL), "10.1.2.3");
	assert_string_equal(client("10.1.2.3", "198.51.100.7"), "198.51.100.7");
	/* The client wrote the left part itself. */
	assert_string_equal(client("10.1.2.3", "1.1.1.1, 198.51.100.7"),
	    "198.51.100.7");
	/* Two proxies of ours in a row. */
	assert_string_equal(
	    client("10.1.2.3", "1.1.1.1,198.51.100.7, 10.9.9.9"),
	    "198.51.100.7");
	/* All trusted: the left-most. */
	assert_string_equal(client("10.1.2.3", "10.0.0.1, 10.0.0.2"),
	    "10.0.0.1");
	/* Garbage stops the walk at the proxy that wrote it. */
	assert_string_equal(client("10.1.2.3", "1.1.1.1, bogus, 10.0.0.5"),
	    "10.0.0.5");
	assert_string_equal(client("10.1.2.3", "\"},{\"x"), "10.1.2.3");
	assert_string_equal(client("10.1.2.3", ""), "10.1.2.3");
	assert_string_equal(client("10.1.2.3", " , ,"), "10.1.2.3");
	/* IPv6 peers and hops. */
	assert_string_equal(client("2001:db8:1:2::5", "2001:db8:2::9"),
	    "2001:db8:2::9");
	assert_string_equal(client("2001:db8:2::5", "2001:db8:3::9"),
	    "2001:db8:2::5");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trusted_proxies_are_parsed),
		cmocka_unit_test(test_right_most_untrusted_hop_is_the_client),
	};

	if (hl_crypto_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
