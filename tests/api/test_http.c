/*
 * The HTTP layer as a client sees it: every error status answered as the
 * JSON error body, the security headers on every answer whatever its
 * status, request ids, static files (types, ETags, precompressed bodies,
 * cache lifetimes, the front end's routes, nothing outside the assets
 * directory), and the chains registry.
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

#include "tfix.h"
#include "thttp.h"

static void
assert_security_headers(const struct thttp_resp *r)
{
	const char *v = thttp_resp_header(r, "Content-Security-Policy");

	assert_non_null(v);
	assert_non_null(strstr(v, "default-src 'self'"));
	assert_non_null(strstr(v, "script-src 'self'"));
	v = thttp_resp_header(r, "X-Content-Type-Options");
	assert_non_null(v);
	assert_string_equal(v, "nosniff");
	v = thttp_resp_header(r, "X-Frame-Options");
	assert_non_null(v);
	assert_string_equal(v, "DENY");
	assert_non_null(thttp_resp_header(r, "Referrer-Policy"));
	v = thttp_resp_header(r, "X-Request-Id");
	assert_non_null(v);
	assert_true(strlen(v) >= 8);
}

/* A JSON error in the PRODUCT.md shape with the given status and code,
 * carrying the same request id as the header. */
static void
assert_error(struct thttp_resp *r, long status, const char *code)
{
	const char *ct = thttp_resp_header(r, "Content-Type");
	const char *rid = thttp_resp_header(r, "X-Request-Id");

	assert_int_equal(r->status, status);
	assert_non_null(ct);
	assert_int_equal(strncmp(ct, "application/json", 16), 0);
	assert_non_null(thttp_resp_str(r, "error.code"));
	assert_string_equal(thttp_resp_str(r, "error.code"), code);
	assert_non_null(thttp_resp_str(r, "error.message"));
	assert_true(strlen(thttp_resp_str(r, "error.message")) > 0);
	assert_non_null(thttp_resp_str(r, "error.request_id"));
	assert_string_equal(thttp_resp_str(r, "error.request_id"), rid);
	assert_security_headers(r);
	assert_non_null(thttp_resp_header(r, "Cache-Control"));
	assert_string_equal(thttp_resp_header(r, "Cache-Control"), "no-store");
}

static void
test_unknown_api_path_is_404(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/nope", NULL, NULL, 0);

	*state = r;
	assert_error(r, 404, "not_found");
}

static void
test_wrong_method_is_405_with_allow(void **state)
{
	struct thttp_resp *r =
	    thttp_request("DELETE", "/api/v1/chains", NULL, NULL, 0);

	*state = r;
	assert_error(r, 405, "method_not_allowed");
	assert_non_null(thttp_resp_header(r, "Allow"));
	assert_non_null(strstr(thttp_resp_header(r, "Allow"), "GET"));
}

static void
test_declared_oversize_body_is_413(void **state)
{
	size_t n = 2 * 1024 * 1024;
	char *body = calloc(1, n);
	const char *h[] = { "Content-Type: application/json", NULL };
	struct thttp_resp *r;

	assert_non_null(body);
	memset(body, ' ', n);
	r = thttp_request("POST", "/api/v1/session", h, body, n);
	free(body);
	*state = r;
	assert_error(r, 413, "payload_too_large");
}

/* A body must announce its length, so that everything about it is known
 * before any of it is read: chunked bodies are refused outright. */
static void
test_chunked_body_is_411(void **state)
{
	size_t n = 2 * 1024 * 1024;
	char *body = calloc(1, n);
	const char *h[] = { "Content-Type: application/json",
		"Transfer-Encoding: chunked", NULL };
	struct thttp_resp *r;

	assert_non_null(body);
	memset(body, ' ', n);
	r = thttp_request("POST", "/api/v1/session", h, body, n);
	free(body);
	*state = r;
	assert_error(r, 411, "length_required");
}

static void
test_long_uri_is_414(void **state)
{
	char path[6000];
	struct thttp_resp *r;

	memcpy(path, "/api/v1/chains?q=", 17);
	memset(path + 17, 'a', sizeof(path) - 18);
	path[sizeof(path) - 1] = '\0';
	r = thttp_request("GET", path, NULL, NULL, 0);
	*state = r;
	assert_error(r, 414, "uri_too_long");
}

static void
test_wrong_media_type_is_415(void **state)
{
	const char *h[] = { "Content-Type: text/plain", NULL };
	struct thttp_resp *r =
	    thttp_request("POST", "/api/v1/session", h, "{}", 2);

	*state = r;
	assert_error(r, 415, "unsupported_media_type");
}

static void
test_huge_headers_are_431(void **state)
{
	char big[10000];
	const char *h[] = { big, NULL };
	struct thttp_resp *r;

	memcpy(big, "X-Big: ", 7);
	memset(big + 7, 'a', sizeof(big) - 8);
	big[sizeof(big) - 1] = '\0';
	r = thttp_request("GET", "/healthz", h, NULL, 0);
	*state = r;
	assert_error(r, 431, "headers_too_large");
}

static void
test_malformed_json_names_line_and_column(void **state)
{
	const char *h[] = { "Content-Type: application/json", NULL };
	const char body[] = "{\n  \"login\": \"a\",\n  \"password\" 1\n}";
	struct thttp_resp *r =
	    thttp_request("POST", "/api/v1/session", h, body, sizeof(body) - 1);
	const char *msg;

	*state = r;
	assert_error(r, 400, "invalid_json");
	msg = thttp_resp_str(r, "error.message");
	assert_non_null(strstr(msg, "第 3 行"));
	assert_non_null(strstr(msg, "列"));
}

static void
test_invalid_utf8_body_is_400(void **state)
{
	const char *h[] = { "Content-Type: application/json", NULL };
	const char body[] = "{\"login\":\"\xc0\xaf\",\"password\":\"x\"}";
	struct thttp_resp *r =
	    thttp_request("POST", "/api/v1/session", h, body, sizeof(body) - 1);

	*state = r;
	assert_error(r, 400, "bad_request");
}

static void
test_invalid_utf8_in_url_is_400(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/chains/%ff%fe", NULL, NULL, 0);

	*state = r;
	assert_error(r, 400, "bad_request");
}

static void
test_encoded_nul_in_url_is_400(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/index.html%00.js", NULL, NULL, 0);

	*state = r;
	assert_error(r, 400, "bad_request");
}

static void
test_client_request_id_is_echoed(void **state)
{
	const char *h[] = { "X-Request-Id: trace-0123456789abcdef", NULL };
	struct thttp_resp *r = thttp_request("GET", "/healthz", h, NULL, 0);

	*state = r;
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_header(r, "X-Request-Id"),
	    "trace-0123456789abcdef");
}

static void
test_hostile_request_id_is_replaced(void **state)
{
	const char *h[] = { "X-Request-Id: <script>x</script>", NULL };
	struct thttp_resp *r = thttp_request("GET", "/healthz", h, NULL, 0);

	*state = r;
	assert_int_equal(r->status, 200);
	assert_null(strchr(thttp_resp_header(r, "X-Request-Id"), '<'));
}

static void
test_readyz_ok_with_current_schema(void **state)
{
	struct thttp_resp *r = thttp_request("GET", "/readyz", NULL, NULL, 0);

	*state = r;
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_str(r, "status"), "ok");
	assert_security_headers(r);
}

static void
test_chains_lists_twenty_with_counts(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/chains", NULL, NULL, 0);
	json_t *items;
	size_t i;
	bool found = false;

	*state = r;
	assert_int_equal(r->status, 200);
	assert_security_headers(r);
	assert_string_equal(thttp_resp_header(r, "Cache-Control"), "no-store");
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_non_null(items);
	assert_int_equal(json_array_size(items), 20);
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		assert_true(json_is_string(json_object_get(it, "code")));
		assert_true(json_is_string(json_object_get(it, "name")));
		assert_true(json_is_integer(json_object_get(it, "n_experts")));
		assert_true(
		    json_is_integer(json_object_get(it, "n_enterprises")));
		if (strcmp(json_string_value(json_object_get(it, "name")),
		        "聚氨酯") == 0)
			found = true;
	}
	assert_true(found);
}

static void
test_chain_has_committee_and_four_ones(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/chains/auto-parts", NULL, NULL, 0);
	json_t *root;

	*state = r;
	assert_int_equal(r->status, 200);
	root = thttp_resp_json(r);
	assert_string_equal(thttp_resp_str(r, "code"), "auto-parts");
	assert_string_equal(thttp_resp_str(r, "name"), "汽车部件");
	assert_true(
	    json_array_size(thttp_json_get(root, "committee.members")) >= 1);
	assert_true(
	    json_array_size(thttp_json_get(root, "expert_panel.experts")) >= 1);
	assert_non_null(thttp_json_get(root, "policy_pack.policies"));
	assert_non_null(thttp_resp_str(r, "lead_bank.bank_name"));
	assert_true(json_array_size(thttp_json_get(root,
	                "lead_bank.account_managers")) >= 1);
	assert_true(
	    json_array_size(thttp_json_get(root, "legal_team.lawyers")) >= 1);
}

/* Contact details are for signed-in users: null for the public. */
static void
test_chain_contacts_only_when_signed_in(void **state)
{
	struct thttp_client *c = thttp_client_new();
	struct thttp_resp *anon =
	    thttp_request("GET", "/api/v1/chains/auto-parts", NULL, NULL, 0);
	struct thttp_resp *r;
	json_t *phone;

	*state = anon;
	phone = thttp_json_get(thttp_resp_json(anon),
	    "lead_bank.account_managers.0.phone");
	assert_non_null(phone);
	assert_true(json_is_null(phone));
	assert_int_equal(thttp_client_login(c, "ent-demo", "Demo@2026!"), 200);
	r = thttp_client_request(c, "GET", "/api/v1/chains/auto-parts", NULL,
	    NULL, 0);
	assert_int_equal(r->status, 200);
	phone = thttp_json_get(thttp_resp_json(r),
	    "lead_bank.account_managers.0.phone");
	assert_true(json_is_string(phone));
	thttp_resp_free(r);
	thttp_client_free(c);
}

static void
test_unknown_chain_is_404(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/chains/no-such", NULL, NULL, 0);

	*state = r;
	assert_error(r, 404, "not_found");
}

static void
test_app_route_serves_index_without_cache(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/desk/cases/12", NULL, NULL, 0);

	*state = r;
	if (r->status == 404)
		skip(); /* the front end is not built in this tree */
	assert_int_equal(r->status, 200);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Type"), "text/html"));
	assert_string_equal(thttp_resp_header(r, "Cache-Control"), "no-cache");
	assert_non_null(thttp_resp_header(r, "ETag"));
	assert_security_headers(r);
}

static void
test_etag_revalidates_with_304(void **state)
{
	struct thttp_resp *r = thttp_request("GET", "/", NULL, NULL, 0);
	char inm[128];
	const char *h[] = { inm, NULL };
	struct thttp_resp *again;

	*state = r;
	if (r->status == 404)
		skip();
	assert_int_equal(r->status, 200);
	snprintf(inm, sizeof(inm), "If-None-Match: %s",
	    thttp_resp_header(r, "ETag"));
	again = thttp_request("GET", "/", h, NULL, 0);
	assert_int_equal(again->status, 304);
	assert_int_equal(again->body_len, 0);
	assert_security_headers(again);
	thttp_resp_free(again);
}

static void
test_unknown_asset_file_is_404(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/assets/nope-12345678.js", NULL, NULL, 0);

	*state = r;
	assert_error(r, 404, "not_found");
}

static void
test_dot_dot_never_leaves_assets(void **state)
{
	const char *paths[] = { "/assets/../../etc/passwd",
		"/assets/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
		"/%2e%2e/conf/honglian.conf" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct thttp_resp *r =
		    thttp_request("GET", paths[i], NULL, NULL, 0);

		assert_null(strstr(r->body, "root:"));
		assert_null(strstr(r->body, "[database]"));
		assert_true(r->status == 404 || r->status == 400 ||
		    (r->status == 200 && strstr(r->body, "<html") != NULL));
		assert_security_headers(r);
		thttp_resp_free(r);
	}
}

static void
test_openapi_document_is_served(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/openapi.json", NULL, NULL, 0);

	*state = r;
	assert_int_equal(r->status, 200);
	assert_non_null(thttp_resp_str(r, "openapi"));
	assert_non_null(thttp_json_get(thttp_resp_json(r), "paths"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_unknown_api_path_is_404,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_wrong_method_is_405_with_allow,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_declared_oversize_body_is_413,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_chunked_body_is_411,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_long_uri_is_414, tfix_free_resp),
		cmocka_unit_test_teardown(test_wrong_media_type_is_415,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_huge_headers_are_431,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_malformed_json_names_line_and_column, tfix_free_resp),
		cmocka_unit_test_teardown(test_invalid_utf8_body_is_400,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_invalid_utf8_in_url_is_400,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_encoded_nul_in_url_is_400,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_client_request_id_is_echoed,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_hostile_request_id_is_replaced,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_readyz_ok_with_current_schema,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_chains_lists_twenty_with_counts,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_chain_has_committee_and_four_ones, tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_chain_contacts_only_when_signed_in, tfix_free_resp),
		cmocka_unit_test_teardown(test_unknown_chain_is_404,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_app_route_serves_index_without_cache, tfix_free_resp),
		cmocka_unit_test_teardown(test_etag_revalidates_with_304,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_unknown_asset_file_is_404,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_dot_dot_never_leaves_assets,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_openapi_document_is_served,
		    tfix_free_resp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
