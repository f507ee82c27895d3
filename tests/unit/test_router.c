/*
 * Route matching on a table of the test's own: literal and parameter
 * segments, the rest-of-path wildcard, 404 against 405 with the allowed
 * methods, HEAD as GET, and the fallback for pages outside /api/.
 */
/* clang-format off */
/* link: router auth audit crypto db http conn head json err mem buf str log ctx */
/* clang-format on */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "http.h"
#include "router.h"

static int
handler(struct hl_req *req)
{
	(void)req;
	return 0;
}

static int
other(struct hl_req *req)
{
	(void)req;
	return 0;
}

const struct hl_route hl_routes[] = {
	{ "GET", "/api/v1/chains", handler, 0, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/chains/{code}", other, 0, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/cases", handler, 1, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/cases", other, 1, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/cases.xlsx", handler, 1, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/cases/{id}", handler, 1, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/cases/{id}/attachments", handler, 1, HL_BODY_UPLOAD,
	    0 },
	{ "GET", "/api/v1/cases/{id}/attachments/{aid}", other, 1, HL_BODY_NONE,
	    0 },
	{ "GET", "/files/*", other, 0, HL_BODY_NONE, 0 },
	{ "GET", "*", handler, 0, HL_BODY_NONE, HL_ROUTE_NO_DB },
	{ "POST", "/api/v1/cases/import", other, 1, HL_BODY_FILE, 0 },
};
const size_t hl_n_routes = sizeof(hl_routes) / sizeof(hl_routes[0]);

struct fixture {
	struct hl_req req;
	struct hl_err err;
	char allow[128];
	int rc;
};

static struct fixture *
match(void **state, const char *method, const char *path)
{
	struct fixture *f = *state;

	hl_arena_release(&f->req.arena);
	memset(f, 0, sizeof(*f));
	f->req.method = method;
	f->req.path = path;
	f->rc = hl_router_match(&f->req, f->allow, sizeof(f->allow), &f->err);
	return f;
}

static int
setup(void **state)
{
	*state = test_calloc(1, sizeof(struct fixture));
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	hl_arena_release(&f->req.arena);
	test_free(f);
	return 0;
}

static void
test_literal_route_matches(void **state)
{
	struct fixture *f = match(state, "GET", "/api/v1/chains");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[0]);
	assert_int_equal(f->req.n_params, 0);
}

/* A literal route owns its path: the {id} route after it does not take
 * "import" as an id, so another method is 405 with the literal's Allow. */
static void
test_literal_path_beats_parameter(void **state)
{
	struct fixture *f = match(state, "POST", "/api/v1/cases/import");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[10]);
	f = match(state, "GET", "/api/v1/cases/import");
	assert_int_equal(f->rc, -1);
	assert_int_equal(f->err.status, 405);
	assert_string_equal(f->allow, "POST");
	/* Other ids still reach the parameter route. */
	f = match(state, "GET", "/api/v1/cases/7");
	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[5]);
}

static void
test_parameter_is_captured(void **state)
{
	struct fixture *f = match(state, "GET", "/api/v1/chains/auto-parts");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[1]);
	assert_string_equal(hl_router_param(&f->req, "code"), "auto-parts");
	assert_null(hl_router_param(&f->req, "id"));
}

static void
test_two_parameters_are_captured(void **state)
{
	struct fixture *f =
	    match(state, "GET", "/api/v1/cases/12/attachments/345");
	int64_t id = 0;
	struct hl_err err = { 0 };

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[7]);
	assert_int_equal(hl_router_param_i64(&f->req, "id", &id, &err), 0);
	assert_int_equal(id, 12);
	assert_int_equal(hl_router_param_i64(&f->req, "aid", &id, &err), 0);
	assert_int_equal(id, 345);
}

static void
test_non_numeric_id_is_404(void **state)
{
	struct fixture *f = match(state, "GET", "/api/v1/cases/abc");
	int64_t id = 0;
	struct hl_err err = { 0 };

	assert_int_equal(f->rc, 0);
	assert_int_equal(hl_router_param_i64(&f->req, "id", &id, &err), -1);
	assert_int_equal(err.status, 404);
	hl_err_clear(&err);
	f = match(state, "GET", "/api/v1/cases/-3");
	assert_int_equal(hl_router_param_i64(&f->req, "id", &id, &err), -1);
	assert_int_equal(err.status, 404);
}

static void
test_literal_with_dot_beats_parameter(void **state)
{
	struct fixture *f = match(state, "GET", "/api/v1/cases.xlsx");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[4]);
}

static void
test_same_path_other_method_is_chosen_by_method(void **state)
{
	struct fixture *f = match(state, "POST", "/api/v1/cases");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[2]);
	assert_int_equal(f->req.body_limit > 0, 1);
	assert_string_equal(f->req.body_type, "application/json");
	assert_string_equal(f->req.pattern, "/api/v1/cases");
	f = match(state, "GET", "/api/v1/cases");
	assert_ptr_equal(f->req.route, &hl_routes[3]);
	assert_int_equal(f->req.body_limit, 0);
	assert_null(f->req.body_type);
	f = match(state, "POST", "/api/v1/cases/7/attachments");
	assert_int_equal(f->rc, 0);
	assert_string_equal(f->req.body_type, "multipart/form-data");
	assert_true(f->req.body_limit > 1024 * 1024);
}

static void
test_wrong_method_is_405_with_allow(void **state)
{
	struct fixture *f = match(state, "DELETE", "/api/v1/cases");

	assert_int_equal(f->rc, -1);
	assert_int_equal(f->err.status, 405);
	assert_string_equal(f->err.code, "method_not_allowed");
	assert_string_equal(f->allow, "POST, GET");
}

static void
test_head_is_answered_as_get(void **state)
{
	struct fixture *f = match(state, "HEAD", "/api/v1/chains");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[0]);
}

static void
test_unknown_api_path_is_404(void **state)
{
	struct fixture *f = match(state, "GET", "/api/v1/nothing/here");

	assert_int_equal(f->rc, -1);
	assert_int_equal(f->err.status, 404);
	assert_string_equal(f->err.code, "not_found");
	f = match(state, "GET", "/api/v1/chains/a/b");
	assert_int_equal(f->err.status, 404);
	f = match(state, "GET", "/api/v1/chains/");
	assert_int_equal(f->err.status, 404);
}

static void
test_pages_fall_back_outside_api(void **state)
{
	struct fixture *f = match(state, "GET", "/desk/cases/12");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[9]);
	f = match(state, "POST", "/desk/cases/12");
	assert_int_equal(f->rc, -1);
	assert_int_equal(f->err.status, 405);
	assert_string_equal(f->allow, "GET, HEAD");
}

static void
test_wildcard_takes_the_rest(void **state)
{
	struct fixture *f = match(state, "GET", "/files/a/b/c.txt");

	assert_int_equal(f->rc, 0);
	assert_ptr_equal(f->req.route, &hl_routes[8]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal_route_matches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_literal_path_beats_parameter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parameter_is_captured,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_two_parameters_are_captured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_numeric_id_is_404,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_literal_with_dot_beats_parameter, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_same_path_other_method_is_chosen_by_method, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_method_is_405_with_allow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_is_answered_as_get,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_api_path_is_404,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pages_fall_back_outside_api, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wildcard_takes_the_rest,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
