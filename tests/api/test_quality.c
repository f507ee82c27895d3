/*
 * Service quality over HTTP: the dashboard's answer and its errors (a
 * period in the future or too long, a chain the caller may not see), the
 * tables per group, the CSV and Excel files, the drill-down filter of the
 * case list, the printed monthly report and its stylesheet, and a re-check
 * from a case rated 1 through the queue to "not solved" and the reopened
 * case, with the roles that may not take part.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

static struct thttp_client *ent_;
static struct thttp_client *committee_;
static struct thttp_client *commissioner_;
static struct thttp_client *responder_;
static struct thttp_client *admin_;
static struct tdb *db_;
static char tomorrow_[16];

static const struct tfix_login logins_[] = {
	{ "ent-demo", &ent_ },
	{ "committee-demo", &committee_ },
	{ "commissioner-demo", &commissioner_ },
	{ "responder-demo", &responder_ },
	{ "admin-demo", &admin_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	const char *v;

	(void)state;
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	v = tdb_value(db_, "SELECT (hl_today() + 1)::text", NULL);
	snprintf(tomorrow_, sizeof(tomorrow_), "%s", v != NULL ? v : "");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tdb_exec(db_, "UPDATE app_clock SET clock_offset = interval '0'", NULL);
	tfix_close(logins_, &db_);
	return 0;
}

static struct thttp_resp *
get(void **state, struct thttp_client *c, const char *path)
{
	return tfix_keep(state,
	    thttp_client_request(c, "GET", path, NULL, NULL, 0));
}

static struct thttp_resp *
send(void **state, struct thttp_client *c, const char *method, const char *path,
    const char *json)
{
	return tfix_keep(state, thttp_client_json(c, method, path, json));
}

static void
assert_status(struct thttp_resp *r, long status)
{
	if (r->status != status)
		fail_msg("want %ld, got %ld: %.300s", status, r->status,
		    r->body);
}

/* ---- figures ---- */

static void
test_dashboard_answer(void **state)
{
	struct thttp_resp *r = get(state, committee_,
	    "/api/v1/metrics?chain=auto-parts&from=2026-01-01&to=2026-01-31");
	json_t *j;

	assert_status(r, 200);
	j = thttp_resp_json(r);
	assert_non_null(j);
	assert_string_equal(thttp_resp_str(r, "scope.chain.code"),
	    "auto-parts");
	assert_string_equal(thttp_resp_str(r, "period.from"), "2026-01-01");
	assert_int_equal(thttp_resp_int(r, "period.days", 0), 31);
	assert_string_equal(thttp_resp_str(r, "previous.to"), "2025-12-31");
	assert_string_equal(thttp_resp_str(r, "previous.from"), "2025-12-01");
	assert_non_null(thttp_json_get(j, "on_time_rate"));
	assert_non_null(thttp_json_get(j, "days_to_close.median"));
	assert_non_null(thttp_json_get(j, "satisfaction.distribution.5"));
	assert_non_null(thttp_json_get(j, "visit_coverage.levels.talent"));
	assert_true(json_is_array(thttp_json_get(j, "weekly")));
	assert_true(json_is_integer(thttp_json_get(j, "overdue_now")));
	/* Without a chain: the committee member's own chains. */
	r = get(state, committee_, "/api/v1/metrics");
	assert_status(r, 200);
	assert_int_equal(thttp_resp_int(r, "period.days", 0), 30);
}

static void
test_dashboard_bad_input(void **state)
{
	char path[160];
	struct thttp_resp *r;

	snprintf(path, sizeof(path), "/api/v1/metrics?to=%s", tomorrow_);
	r = get(state, committee_, path);
	tfix_expect_field(r, 422, "to");
	r = get(state, committee_,
	    "/api/v1/metrics?from=2025-01-01&to=2026-06-30");
	tfix_expect_field(r, 422, "from");
	r = get(state, committee_,
	    "/api/v1/metrics?from=2026-03-01&to=2026-02-01");
	tfix_expect_field(r, 422, "from");
	r = get(state, committee_, "/api/v1/metrics?from=2026-02-30");
	tfix_expect_field(r, 400, "from");
	r = get(state, committee_, "/api/v1/metrics?category=parking");
	tfix_expect_field(r, 422, "category");
	r = get(state, committee_, "/api/v1/metrics?commissioner=abc");
	tfix_expect_field(r, 400, "commissioner");
	/* A chain the committee member does not serve does not exist. */
	r = get(state, committee_, "/api/v1/metrics?chain=ceramics-glass");
	tfix_expect(r, 404, "not_found");
	r = get(state, committee_, "/api/v1/metrics/ceramics-glass");
	tfix_expect(r, 404, "not_found");
	r = get(state, admin_, "/api/v1/metrics?chain=ceramics-glass");
	assert_status(r, 200);
}

static void
test_tables(void **state)
{
	struct thttp_resp *r;
	json_t *items;

	r = get(state, admin_, "/api/v1/metrics/chains");
	assert_status(r, 200);
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_true(json_array_size(items) >= 20);
	r = get(state, committee_, "/api/v1/metrics/chains");
	assert_status(r, 200);
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(thttp_resp_str(r, "items.0.key"), "auto-parts");
	assert_non_null(thttp_json_get(thttp_resp_json(r), "n_ranked"));
	r = get(state, committee_, "/api/v1/metrics/categories");
	assert_status(r, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 7);
	assert_string_equal(thttp_resp_str(r, "items.1.key"), "financing");
	r = get(state, committee_, "/api/v1/metrics/responders");
	assert_status(r, 200);
	r = get(state, committee_, "/api/v1/metrics/commissioners");
	assert_status(r, 200);
}

static void
test_exports(void **state)
{
	struct thttp_resp *r;

	r = get(state, committee_, "/api/v1/metrics.csv?table=categories");
	assert_status(r, 200);
	assert_non_null(strstr(thttp_resp_header(r, "Content-Disposition"),
	    "metrics-categories.csv"));
	/* UTF-8 BOM, then the header row. */
	assert_memory_equal(r->body, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(r->body, "类别,新增诉求（件）"));
	assert_non_null(strstr(r->body, "按期办结率"));
	r = get(state, committee_, "/api/v1/metrics.xlsx?table=summary");
	assert_status(r, 200);
	assert_true(r->body_len > 100);
	assert_memory_equal(r->body, "PK", 2);
	r = get(state, committee_, "/api/v1/metrics.csv?table=weekly");
	assert_status(r, 200);
	assert_non_null(strstr(r->body, " 至 "));
	r = get(state, committee_, "/api/v1/metrics.csv?table=chains");
	assert_status(r, 200);
	assert_non_null(strstr(r->body, "汽车部件"));
	assert_null(strstr(r->body, "陶瓷"));
	r = get(state, committee_, "/api/v1/metrics.csv?table=bogus");
	tfix_expect_field(r, 400, "table");
}

static void
test_drill_down_filter(void **state)
{
	struct thttp_resp *r;

	r = get(state, committee_, "/api/v1/cases?figure=late");
	tfix_expect_field(r, 400, "figure_from");
	r = get(state, committee_,
	    "/api/v1/cases?figure=nope&figure_from=2026-01-01"
	    "&figure_to=2026-01-31");
	tfix_expect_field(r, 400, "figure");
	r = get(state, committee_,
	    "/api/v1/cases?figure_from=2026-01-01&figure_to=2026-01-31");
	tfix_expect_field(r, 400, "figure");
	r = get(state, committee_,
	    "/api/v1/cases?figure=late&figure_from=2026-01-01"
	    "&figure_to=2026-01-31&chain=auto-parts&commissioner=1");
	assert_status(r, 200);
	r = get(state, committee_,
	    "/api/v1/cases.csv?figure=closed&figure_from=2026-01-01"
	    "&figure_to=2026-01-31");
	assert_status(r, 200);
}

static void
test_printed_report(void **state)
{
	struct thttp_resp *r;

	r = get(state, committee_, "/chains/auto-parts/report?month=2026-01");
	assert_status(r, 200);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Type"), "text/html"));
	assert_non_null(
	    strstr(r->body, "汽车部件产业链服务质量月报（2026年1月）"));
	assert_non_null(
	    strstr(r->body, "<link rel=\"stylesheet\" href=\"/print.css?v="));
	assert_null(strstr(r->body, "<script"));
	r = get(state, committee_, "/chains/auto-parts/report?month=2999-01");
	assert_status(r, 422);
	assert_non_null(strstr(r->body, "该月尚未开始"));
	r = get(state, committee_,
	    "/chains/ceramics-glass/report?month=2026-01");
	assert_status(r, 404);
	assert_non_null(strstr(r->body, "<!DOCTYPE html>"));
	r = tfix_keep(state, thttp_request("GET", "/print.css", NULL, NULL, 0));
	assert_status(r, 200);
	assert_non_null(strstr(r->body, "@page{size:A4"));
}

/* ---- re-checks ---- */

static void
clock_at(const char *local)
{
	tdb_exec(db_,
	    "UPDATE app_clock SET clock_offset ="
	    " ($1::timestamp AT TIME ZONE 'Asia/Shanghai') - now()",
	    local, NULL);
}

static long long
act(void **state, struct thttp_client *c, long long id, const char *json)
{
	char path[64];
	struct thttp_resp *r;

	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", id);
	r = send(state, c, "POST", path, json);
	assert_status(r, 200);
	return thttp_resp_int(r, "id", 0);
}

/* The re-check of case id in the commissioner's queue, 0 when absent. */
static long long
queued(void **state, long long id)
{
	struct thttp_resp *r = get(state, commissioner_,
	    "/api/v1/rechecks?status=pending&reason=low_rating&limit=200");
	json_t *it;
	size_t i;

	assert_status(r, 200);
	json_array_foreach(thttp_json_get(thttp_resp_json(r), "items"), i, it)
	{
		if (json_integer_value(thttp_json_get(it, "case.id")) == id)
			return json_integer_value(json_object_get(it, "id"));
	}
	return 0;
}

static void
test_recheck_from_rating_to_reopen(void **state)
{
	char body[256];
	char path[64];
	struct thttp_resp *r;
	long long id;
	long long rid;
	long long responder = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'responder-demo'", NULL);

	/* Filed, handled and rated 1 in the week of 2022-05-09. */
	clock_at("2022-05-10 09:00");
	r = send(state, ent_, "POST", "/api/v1/cases",
	    "{\"category\":\"policy\",\"title\":\"回访接口测试\","
	    "\"description\":\"补贴还没有到账\"}");
	assert_status(r, 201);
	id = thttp_resp_int(r, "id", 0);
	act(state, commissioner_, id, "{\"action\":\"accept\"}");
	snprintf(body, sizeof(body),
	    "{\"action\":\"assign\",\"assignee_id\":%lld}", responder);
	act(state, commissioner_, id, body);
	act(state, responder_, id, "{\"action\":\"start\"}");
	act(state, responder_, id,
	    "{\"action\":\"resolve\",\"resolution\":\"已协调\"}");
	act(state, ent_, id, "{\"action\":\"confirm\",\"rating\":1}");

	/* The week is drawn (by the admin, or by the job first). */
	clock_at("2022-05-17 10:00");
	r = send(state, admin_, "POST", "/api/v1/rechecks/draws",
	    "{\"week_start\":\"2022-05-10\"}");
	tfix_expect_field(r, 422, "week_start");
	r = send(state, admin_, "POST", "/api/v1/rechecks/draws",
	    "{\"week_start\":\"2022-05-16\"}");
	tfix_expect_field(r, 422, "week_start");
	r = send(state, admin_, "POST", "/api/v1/rechecks/draws",
	    "{\"week_start\":\"2022-05-09\",\"share_percent\":101}");
	tfix_expect_field(r, 422, "share_percent");
	r = send(state, admin_, "POST", "/api/v1/rechecks/draws",
	    "{\"week_start\":\"2022-05-09\"}");
	if (r->status != 201 && r->status != 409)
		fail_msg("draw: %ld %s", r->status, r->body);
	if (r->status == 201) {
		assert_true(thttp_resp_int(r, "n_always", 0) >= 1);
		assert_true(thttp_resp_int(r, "seed", -1) >= 0);
	}
	r = get(state, committee_, "/api/v1/rechecks/draws");
	assert_status(r, 200);
	rid = queued(state, id);
	assert_true(rid > 0);

	/* Who may not: the enterprise, a responder (routes); the queue
	 * items and the re-check are the case's, as scoped. */
	r = get(state, ent_, "/api/v1/rechecks");
	tfix_expect(r, 403, "forbidden");
	snprintf(path, sizeof(path), "/api/v1/rechecks/%lld", rid);
	r = send(state, responder_, "POST", path, "{\"outcome\":\"solved\"}");
	tfix_expect(r, 403, "forbidden");
	r = get(state, committee_, path);
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "status"), "pending");
	assert_int_equal(thttp_resp_int(r, "closure.rating", 0), 1);

	/* Not solved needs a note; then the case is back in progress. */
	r = send(state, commissioner_, "POST", path,
	    "{\"outcome\":\"not_solved\"}");
	tfix_expect_field(r, 422, "note");
	r = send(state, commissioner_, "POST", path,
	    "{\"outcome\":\"unsure\",\"note\":\"x\"}");
	tfix_expect_field(r, 422, "outcome");
	r = send(state, commissioner_, "POST", path,
	    "{\"outcome\":\"not_solved\",\"note\":\"企业说补贴仍未到账\"}");
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "status"), "done");
	assert_string_equal(thttp_resp_str(r, "outcome"), "not_solved");
	assert_string_equal(thttp_resp_str(r, "case.status"), "in_progress");
	r = send(state, commissioner_, "POST", path,
	    "{\"outcome\":\"solved\"}");
	tfix_expect(r, 409, "conflict");
	/* The enterprise sees the note on its timeline. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", id);
	r = get(state, ent_, path);
	assert_status(r, 200);
	assert_non_null(strstr(r->body, "企业说补贴仍未到账"));
	assert_string_equal(thttp_resp_str(r, "status"), "in_progress");
	tdb_exec(db_, "UPDATE app_clock SET clock_offset = interval '0'", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_dashboard_answer,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_dashboard_bad_input,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_tables, tfix_free_resp),
		cmocka_unit_test_teardown(test_exports, tfix_free_resp),
		cmocka_unit_test_teardown(test_drill_down_filter,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_printed_report, tfix_free_resp),
		cmocka_unit_test_teardown(test_recheck_from_rating_to_reopen,
		    tfix_free_resp),
	};

	return cmocka_run_group_tests_name("quality api", tests, setup,
	    teardown);
}
