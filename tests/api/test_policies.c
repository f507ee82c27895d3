/*
 * Policies over HTTP: who sees which enterprise's matches (404 for the
 * others), the answer's shape, query checks, and the policy endpoints:
 * create, read, change, archive, with bad input refused as 400/413/422
 * and nothing stored.
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

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

static struct thttp_client *ent_;
static struct thttp_client *ent2_;
static struct thttp_client *committee_;
static struct thttp_client *commissioner_;
static struct thttp_client *responder_;
static struct thttp_client *admin_;
static struct tdb *db_;
static long long ent_id_;  /* ent-demo's enterprise */
static long long ent2_id_; /* ent2-demo's */
static long long far_id_;  /* on no chain of committee-demo, not assigned */

static const struct tfix_login logins_[] = {
	{ "ent-demo", &ent_ },
	{ "ent2-demo", &ent2_ },
	{ "committee-demo", &committee_ },
	{ "commissioner-demo", &commissioner_ },
	{ "responder-demo", &responder_ },
	{ "admin-demo", &admin_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	ent_id_ = tfix_own_enterprise(ent_);
	ent2_id_ = tfix_own_enterprise(ent2_);
	far_id_ = tdb_int(db_,
	    "SELECT min(e.id) FROM enterprises e WHERE NOT EXISTS (SELECT 1"
	    " FROM enterprise_chains ec JOIN user_chains uc"
	    "  ON uc.chain_id = ec.chain_id JOIN users u ON u.id = uc.user_id"
	    " WHERE ec.enterprise_id = e.id AND u.login = 'committee-demo')"
	    " AND NOT EXISTS (SELECT 1 FROM assignments a JOIN users u"
	    "  ON u.id = a.commissioner_id"
	    " WHERE a.enterprise_id = e.id AND u.login = 'commissioner-demo')",
	    NULL);
	return ent_id_ > 0 && ent2_id_ > 0 && far_id_ > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

static struct thttp_resp *get(void **state, struct thttp_client *c,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static struct thttp_resp *
get(void **state, struct thttp_client *c, const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return tfix_keep(state,
	    c != NULL ? thttp_client_request(c, "GET", path, NULL, NULL, 0)
	              : thttp_request("GET", path, NULL, NULL, 0));
}

static long long
n_rows(void)
{
	return tdb_int(db_,
	    "SELECT (SELECT count(*) FROM policies) * 1000000"
	    " + (SELECT count(*) FROM policy_chains) * 1000"
	    " + (SELECT count(*) FROM audit_log WHERE object_type = 'policy')",
	    NULL);
}

/* The item for policy id in a match answer, or NULL. */
static json_t *
item(struct thttp_resp *r, long long id)
{
	json_t *items = thttp_json_get(thttp_resp_json(r), "items");
	size_t i;

	assert_true(json_is_array(items));
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		if (json_integer_value(json_object_get(it, "id")) == id)
			return it;
	}
	return NULL;
}

static bool
has_string(json_t *array, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(array); i++)
		if (strcmp(json_string_value(json_array_get(array, i)), s) == 0)
			return true;
	return false;
}

/* ---- matching ---- */

static void
test_enterprise_sees_its_own_matches(void **state)
{
	struct thttp_resp *r =
	    get(state, ent_, "/api/v1/enterprises/%lld/policies", ent_id_);
	json_t *items;
	size_t i;

	assert_int_equal(r->status, 200);
	assert_int_equal(thttp_resp_int(r, "enterprise.id", 0), ent_id_);
	assert_int_equal(thttp_resp_int(r, "window_days", -1), 14);
	assert_true(
	    json_is_null(thttp_json_get(thttp_resp_json(r), "next_cursor")));
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_true(json_array_size(items) > 0);
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		assert_true(json_is_boolean(json_object_get(it, "qualifies")));
		assert_true(json_is_array(json_object_get(it, "matched")));
		assert_true(json_is_array(json_object_get(it, "missing")));
		assert_true(json_is_array(json_object_get(it, "excluded")));
		assert_true(
		    json_is_boolean(json_object_get(it, "closing_soon")));
		assert_int_equal(json_is_true(json_object_get(it, "qualifies")),
		    json_array_size(json_object_get(it, "missing")) == 0 &&
		        json_array_size(json_object_get(it, "excluded")) == 0);
	}
}

static void
test_other_enterprise_is_404(void **state)
{
	struct thttp_resp *r =
	    get(state, ent_, "/api/v1/enterprises/%lld/policies", ent2_id_);

	tfix_expect(r, 404, "not_found");
	r = get(state, ent2_, "/api/v1/enterprises/%lld/policies", ent_id_);
	tfix_expect(r, 404, "not_found");
	r = get(state, ent2_, "/api/v1/enterprises/%lld/policies", ent2_id_);
	assert_int_equal(r->status, 200);
	r = get(state, NULL, "/api/v1/enterprises/%lld/policies", ent_id_);
	tfix_expect(r, 401, "unauthenticated");
}

static void
test_staff_see_as_scoped(void **state)
{
	long long n_cases;
	char id[24];
	struct thttp_resp *r;

	snprintf(id, sizeof(id), "%lld", ent_id_);
	n_cases = tdb_int(db_,
	    "SELECT count(*) FROM cases c JOIN users u"
	    " ON u.id = c.assignee_user_id"
	    " WHERE u.login = 'responder-demo' AND c.enterprise_id = $1::bigint",
	    id, NULL);
	r = get(state, committee_, "/api/v1/enterprises/%lld/policies",
	    ent_id_);
	assert_int_equal(r->status, 200);
	r = get(state, commissioner_, "/api/v1/enterprises/%lld/policies",
	    ent_id_);
	assert_int_equal(r->status, 200);
	r = get(state, admin_, "/api/v1/enterprises/%lld/policies", far_id_);
	assert_int_equal(r->status, 200);
	r = get(state, committee_, "/api/v1/enterprises/%lld/policies",
	    far_id_);
	tfix_expect(r, 404, "not_found");
	r = get(state, commissioner_, "/api/v1/enterprises/%lld/policies",
	    far_id_);
	tfix_expect(r, 404, "not_found");
	/* A responder sees the enterprises of the cases assigned to them. */
	r = get(state, responder_, "/api/v1/enterprises/%lld/policies",
	    ent_id_);
	assert_int_equal(r->status, n_cases > 0 ? 200 : 404);
	r = get(state, responder_, "/api/v1/enterprises/%lld/policies",
	    far_id_);
	tfix_expect(r, 404, "not_found");
	r = get(state, admin_, "/api/v1/enterprises/999999999/policies");
	tfix_expect(r, 404, "not_found");
	r = get(state, admin_, "/api/v1/enterprises/abc/policies");
	tfix_expect(r, 404, "not_found");
}

static void
test_window_days_is_checked(void **state)
{
	struct thttp_resp *r = get(state, ent_,
	    "/api/v1/enterprises/%lld/policies?window_days=abc", ent_id_);

	tfix_expect(r, 400, "bad_request");
	assert_non_null(thttp_resp_str(r, "error.fields.window_days"));
	r = get(state, ent_,
	    "/api/v1/enterprises/%lld/policies?window_days=366", ent_id_);
	tfix_expect(r, 400, "bad_request");
	r = get(state, ent_, "/api/v1/enterprises/%lld/policies?window_days=0",
	    ent_id_);
	assert_int_equal(r->status, 200);
	assert_int_equal(thttp_resp_int(r, "window_days", -1), 0);
}

/* ---- policies ---- */

static struct thttp_resp *
send(void **state, struct thttp_client *c, const char *method, const char *path,
    const char *json)
{
	return tfix_keep(state, thttp_client_json(c, method, path, json));
}

/* A policy for 汽车部件 that ent-demo's enterprise qualifies for (it is
 * 专精特新 in the seed), closing in three days; archived at the end. */
static void
test_policy_lifecycle_and_match(void **state)
{
	char body[1024];
	char path[96];
	char sid[24];
	struct thttp_resp *r;
	json_t *it;
	long long id;

	snprintf(body, sizeof(body),
	    "{\"title\":\"测试：专精特新技改贴息\",\"issuer\":\"测试发文机关\","
	    "\"ref_number\":\"淄测〔2026〕7号\",\"effective_on\":\"2020-01-01\","
	    "\"apply_until\":\"%s\",\"chain_codes\":[\"auto-parts\"],"
	    "\"required_tags\":[\"专精特新\"],\"excluded_tags\":[\"上市企业\"],"
	    "\"benefit_summary\":\"贴息 50%%\","
	    "\"body_md\":\"**贴息**\\n\\n| 档次 | 比例 |\\n|---|---|\\n| 一 | 50%% |\"}",
	    tdb_value(db_, "SELECT (hl_today() + 3)::text", NULL));
	r = send(state, committee_, "POST", "/api/v1/policies", body);
	if (r->status != 201)
		fail_msg("%ld %s", r->status, r->body);
	id = thttp_resp_int(r, "id", 0);
	assert_true(id > 0);
	assert_string_equal(thttp_resp_str(r, "chain_codes.0"), "auto-parts");
	assert_non_null(strstr(thttp_resp_str(r, "body_html"), "<table>"));
	assert_true(json_is_true(thttp_json_get(thttp_resp_json(r), "active")));
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "can_edit")));
	snprintf(sid, sizeof(sid), "%lld", id);
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM audit_log"
	        " WHERE action = 'policy.create' AND object_id = $1",
	        sid, NULL),
	    1);

	r = get(state, ent_, "/api/v1/enterprises/%lld/policies", ent_id_);
	it = item(r, id);
	assert_non_null(it);
	assert_true(json_is_true(json_object_get(it, "qualifies")));
	assert_true(
	    has_string(json_object_get(it, "matched"), "chain:auto-parts"));
	assert_true(has_string(json_object_get(it, "matched"), "tag:专精特新"));
	assert_true(json_is_true(json_object_get(it, "closing_soon")));
	assert_int_equal(json_integer_value(json_object_get(it, "days_left")),
	    3);
	r = get(state, ent2_, "/api/v1/enterprises/%lld/policies", ent2_id_);
	it = item(r, id);
	assert_non_null(it);
	assert_false(json_is_true(json_object_get(it, "qualifies")));
	assert_true(has_string(json_object_get(it, "missing"), "tag:专精特新"));

	r = get(state, ent_, "/api/v1/policies/%lld", id);
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_str(r, "ref_number"), "淄测〔2026〕7号");
	assert_false(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "can_edit")));
	r = get(state, ent_, "/api/v1/policies?q=%s",
	    "%E4%B8%93%E7%B2%BE"
	    "%E7%89%B9%E6%96%B0%E6%8A%80%E6%94%B9%E8%B4%B4%E6%81%AF");
	assert_int_equal(r->status, 200);
	assert_int_equal(thttp_resp_int(r, "items.0.id", 0), id);

	snprintf(path, sizeof(path), "/api/v1/policies/%lld", id);
	r = send(state, ent_, "PATCH", path, "{\"title\":\"x\"}");
	tfix_expect(r, 403, "forbidden");
	r = send(state, committee_, "PATCH", path,
	    "{\"expires_on\":\"2019-12-31\"}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_resp_str(r, "error.fields.expires_on"));
	r = send(state, committee_, "PATCH", path,
	    "{\"ref_number\":null,\"archived\":true}");
	assert_int_equal(r->status, 200);
	assert_true(
	    json_is_null(thttp_json_get(thttp_resp_json(r), "ref_number")));
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "archived")));
	assert_string_equal(thttp_resp_str(r, "title"),
	    "测试：专精特新技改贴息");
	r = get(state, ent_, "/api/v1/enterprises/%lld/policies", ent_id_);
	assert_null(item(r, id));
	r = get(state, ent_, "/api/v1/policies?archived=true&limit=200");
	assert_int_equal(r->status, 200);
	assert_true(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")) >= 1);
}

static void
test_bad_dates_and_names_are_422_and_store_nothing(void **state)
{
	long long before = n_rows();
	struct thttp_resp *r = send(state, committee_, "POST",
	    "/api/v1/policies",
	    "{\"title\":\"测试：错误\",\"issuer\":\"x\","
	    "\"effective_on\":\"2026-06-01\",\"expires_on\":\"2026-05-31\","
	    "\"chain_codes\":[\"auto-parts\",\"no-such-chain\"],"
	    "\"districts\":[\"火星区\"],\"required_tags\":[\"不存在的标签\"],"
	    "\"size_classes\":[\"huge\"]}");

	tfix_expect(r, 422, "validation_failed");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.expires_on"), "生效日期"));
	assert_non_null(strstr(thttp_resp_str(r, "error.fields.chain_codes"),
	    "no-such-chain"));
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.districts"), "火星区"));
	assert_non_null(strstr(thttp_resp_str(r, "error.fields.required_tags"),
	    "不存在的标签"));
	assert_non_null(thttp_resp_str(r, "error.fields.size_classes"));
	r = send(state, committee_, "POST", "/api/v1/policies",
	    "{\"title\":\"测试：错误\",\"issuer\":\"x\","
	    "\"effective_on\":\"2026-02-30\",\"chain_codes\":[\"auto-parts\"]}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_resp_str(r, "error.fields.effective_on"));
	r = send(state, committee_, "POST", "/api/v1/policies",
	    "{\"issuer\":\"x\",\"chain_codes\":[\"auto-parts\"]}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_resp_str(r, "error.fields.title"));
	assert_non_null(thttp_resp_str(r, "error.fields.effective_on"));
	assert_int_equal(n_rows(), before);
}

static void
test_bad_bodies_are_400_413_and_store_nothing(void **state)
{
	const char *h[] = { "Content-Type: application/json", NULL };
	const char bad[] = "{\"title\":\"\xe6\xb5\",\"issuer\":\"x\","
	                   "\"effective_on\":\"2026-01-01\"}";
	long long before = n_rows();
	size_t n = 64 * 1024 + 1;
	json_t *b;
	char *s;
	char *md = malloc(n + 1);
	struct thttp_resp *r;

	r = tfix_keep(state,
	    thttp_client_request(committee_, "POST", "/api/v1/policies", h, bad,
	        sizeof(bad) - 1));
	tfix_expect(r, 400, "bad_request");
	r = send(state, committee_, "POST", "/api/v1/policies", "{\"title\":");
	tfix_expect(r, 400, "invalid_json");
	assert_non_null(md);
	memset(md, '#', n);
	md[n] = '\0';
	b = json_pack("{s:s, s:s, s:s, s:[s], s:s}", "title", "测试：超长",
	    "issuer", "x", "effective_on", "2026-01-01", "chain_codes",
	    "auto-parts", "body_md", md);
	s = json_dumps(b, JSON_COMPACT);
	r = send(state, committee_, "POST", "/api/v1/policies", s);
	tfix_expect(r, 413, "payload_too_large");
	free(s);
	json_decref(b);
	free(md);
	assert_int_equal(n_rows(), before);
}

static void
test_roles_and_scopes_for_writes(void **state)
{
	long long before = n_rows();
	const char ok[] = "{\"title\":\"测试：越权\",\"issuer\":\"x\","
	                  "\"effective_on\":\"2026-01-01\","
	                  "\"chain_codes\":[\"polyurethane\"]}";
	struct thttp_resp *r =
	    send(state, ent_, "POST", "/api/v1/policies", ok);
	char path[96];

	tfix_expect(r, 403, "forbidden");
	r = send(state, commissioner_, "POST", "/api/v1/policies", ok);
	tfix_expect(r, 403, "forbidden");
	r = send(state, committee_, "POST", "/api/v1/policies", ok);
	tfix_expect(r, 403, "forbidden");
	assert_non_null(strstr(thttp_resp_str(r, "error.fields.chain_codes"),
	    "polyurethane"));
	/* A citywide policy is the admins'. */
	snprintf(path, sizeof(path), "/api/v1/policies/%lld",
	    tdb_int(db_,
	        "SELECT min(p.id) FROM policies p WHERE NOT EXISTS (SELECT 1"
	        " FROM policy_chains pc WHERE pc.policy_id = p.id)",
	        NULL));
	r = send(state, committee_, "PATCH", path, "{\"title\":\"x\"}");
	tfix_expect(r, 403, "forbidden");
	r = send(state, committee_, "PATCH", "/api/v1/policies/999999999",
	    "{\"title\":\"x\"}");
	tfix_expect(r, 404, "not_found");
	assert_int_equal(n_rows(), before);
}

static void
test_list_filters_and_pages(void **state)
{
	struct thttp_resp *r = get(state, ent_,
	    "/api/v1/policies?chain=auto-parts&active=true&limit=2");
	json_t *items;
	char cursor[32];
	long long last;
	size_t i;

	assert_int_equal(r->status, 200);
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_int_equal(json_array_size(items), 2);
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		json_t *chains = json_object_get(it, "chain_codes");

		assert_true(json_is_true(json_object_get(it, "active")));
		assert_true(json_array_size(chains) == 0 ||
		    has_string(chains, "auto-parts"));
		assert_null(json_object_get(it, "body_html"));
	}
	assert_non_null(thttp_resp_str(r, "next_cursor"));
	snprintf(cursor, sizeof(cursor), "%s",
	    thttp_resp_str(r, "next_cursor"));
	last = thttp_resp_int(r, "items.1.id", 0);
	r = get(state, ent_,
	    "/api/v1/policies?chain=auto-parts&active=true&limit=2&cursor=%s",
	    cursor);
	assert_int_equal(r->status, 200);
	assert_true(thttp_resp_int(r, "items.0.id", 0) < last);
	r = get(state, ent_, "/api/v1/policies?active=false");
	assert_int_equal(r->status, 200);
	items = thttp_json_get(thttp_resp_json(r), "items");
	for (i = 0; i < json_array_size(items); i++)
		assert_false(json_is_true(
		    json_object_get(json_array_get(items, i), "active")));
	r = get(state, ent_, "/api/v1/policies?active=maybe");
	tfix_expect(r, 400, "bad_request");
	r = get(state, ent_, "/api/v1/policies?limit=201");
	tfix_expect(r, 400, "bad_request");
	r = get(state, ent_, "/api/v1/policies?cursor=-3");
	tfix_expect(r, 400, "bad_request");
	r = get(state, ent_, "/api/v1/policies/999999999");
	tfix_expect(r, 404, "not_found");
	r = get(state, NULL, "/api/v1/policies");
	tfix_expect(r, 401, "unauthenticated");
}

#define T(f) cmocka_unit_test_teardown(f, tfix_free_resp)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_enterprise_sees_its_own_matches),
		T(test_other_enterprise_is_404),
		T(test_staff_see_as_scoped),
		T(test_window_days_is_checked),
		T(test_policy_lifecycle_and_match),
		T(test_bad_dates_and_names_are_422_and_store_nothing),
		T(test_bad_bodies_are_400_413_and_store_nothing),
		T(test_roles_and_scopes_for_writes),
		T(test_list_filters_and_pages),
	};

	return cmocka_run_group_tests_name("policies", tests, setup, teardown);
}
