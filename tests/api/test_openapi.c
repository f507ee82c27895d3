/*
 * The OpenAPI document describes the whole API: every route of the route
 * table has its path and method in docs/openapi.json, and the server
 * serves that same document.  A new endpoint without its description
 * fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "router.h"
#include "thttp.h"

static void
lower(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++)
		out[i] =
		    (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
	out[i] = '\0';
}

static void
test_every_route_is_described(void **state)
{
	json_error_t jerr;
	json_t *doc = json_load_file("docs/openapi.json", 0, &jerr);
	json_t *paths;
	size_t i;
	int missing = 0;

	(void)state;
	if (doc == NULL)
		fail_msg("docs/openapi.json: %s (line %d)", jerr.text,
		    jerr.line);
	paths = json_object_get(doc, "paths");
	assert_non_null(paths);
	for (i = 0; i < hl_n_routes; i++) {
		const struct hl_route *r = &hl_routes[i];
		char method[16];
		json_t *p;

		if (strcmp(r->pattern, "*") == 0)
			continue;
		lower(r->method, method, sizeof(method));
		p = json_object_get(paths, r->pattern);
		if (p == NULL || json_object_get(p, method) == NULL) {
			fprintf(stderr, "not in docs/openapi.json: %s %s\n",
			    r->method, r->pattern);
			missing++;
		}
	}
	json_decref(doc);
	assert_int_equal(missing, 0);
}

static void
test_served_document_is_the_file(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/openapi.json", NULL, NULL, 0);
	json_error_t jerr;
	json_t *doc = json_load_file("docs/openapi.json", 0, &jerr);

	(void)state;
	assert_non_null(doc);
	assert_int_equal(r->status, 200);
	assert_true(json_equal(thttp_resp_json(r), doc));
	json_decref(doc);
	thttp_resp_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_is_described),
		cmocka_unit_test(test_served_document_is_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
