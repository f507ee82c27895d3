/*
 * Visits over HTTP: who may record a visit for which enterprise (404 for
 * the others, 403 for enterprise users), the input rules (levels,
 * findings, dates by the app clock, the problem cap), the cases a visit
 * creates, who sees which visit (findings hidden from the enterprise),
 * edits with their audit history, Idempotency-Key replays, coverage and
 * the CSV/Excel exports (BOM, formula cells neutralised).
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
static struct thttp_client *ent2_;
static struct thttp_client *committee_;
static struct thttp_client *commissioner_;
static struct thttp_client *responder_;
static struct thttp_client *admin_;
static struct tdb *db_;
static long long ent_id_;  /* ent-demo's enterprise, assigned */
static long long far_id_;  /* not assigned to commissioner-demo */
static char today_[16];    /* hl_today() */
static char tomorrow_[16]; /* hl_today() + 1 */
static unsigned serial_;

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
	const char *v;

	(void)state;
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	ent_id_ = tdb_int(db_,
	    "SELECT enterprise_id FROM users WHERE login = 'ent-demo'", NULL);
	far_id_ = tdb_int(db_,
	    "SELECT min(e.id) FROM enterprises e WHERE NOT EXISTS (SELECT 1"
	    " FROM assignments a JOIN users u ON u.id = a.commissioner_id"
	    " WHERE a.enterprise_id = e.id AND u.login = 'commissioner-demo')",
	    NULL);
	v = tdb_value(db_, "SELECT hl_today()::text", NULL);
	snprintf(today_, sizeof(today_), "%s", v != NULL ? v : "");
	v = tdb_value(db_, "SELECT (hl_today() + 1)::text", NULL);
	snprintf(tomorrow_, sizeof(tomorrow_), "%s", v != NULL ? v : "");
	return ent_id_ > 0 && far_id_ > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
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
		fail_msg("want %ld, got %ld: %s", status, r->status, r->body);
}

/* A body for enterprise ent with a unique summary (written to tag). */
static const char *
body(char *buf, size_t len, long long ent, const char *date, const char *levels,
    const char *findings, const char *problems, char tag[48])
{
	snprintf(tag, 48, "api-visit-%ld-%u", (long)getpid(), serial_++);
	snprintf(buf, len,
	    "{\"enterprise_id\":%lld,\"visited_on\":\"%s\",\"levels\":%s,"
	    "\"findings\":%s,\"problems\":%s,\"summary\":\"%s\","
	    "\"visitors\":[{\"name\":\"李行长\"}]}",
	    ent, date, levels, findings, problems, tag);
	return buf;
}

static long long
n_visits(const char *tag)
{
	return tdb_int(db_, "SELECT count(*) FROM visits WHERE summary = $1",
	    tag, NULL);
}

/* ---- recording ---- */

static void
test_create_makes_cases_and_scopes_reads(void **state)
{
	char b[1024];
	char tag[48];
	char path[96];
	struct thttp_resp *r;
	long long id;

	r = send(state, commissioner_, "POST", "/api/v1/visits",
	    body(b, sizeof(b), ent_id_, today_, "[\"industry\",\"talent\"]",
	        "{\"industry\":\"上游钢材涨价\"}",
	        "[{\"category\":\"financing\",\"title\":\"流动资金紧张\","
	        "\"description\":\"需要贷款\"},{\"category\":\"talent\","
	        "\"title\":\"缺数控技工\",\"description\":\"10 名\"}]",
	        tag));
	assert_status(r, 201);
	id = thttp_resp_int(r, "id", 0);
	assert_true(id > 0);
	assert_string_equal(thttp_resp_str(r, "cases.0.status"), "submitted");
	assert_string_equal(thttp_resp_str(r, "cases.1.title"), "缺数控技工");
	assert_string_equal(thttp_resp_str(r, "cases.1.category"), "talent");
	assert_non_null(thttp_resp_str(r, "cases.0.number"));
	assert_null(thttp_resp_str(r, "cases.2.number"));
	assert_string_equal(thttp_resp_str(r, "visitors.0.name"), "李行长");
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM cases c JOIN visits v"
	                     " ON v.id = c.visit_id WHERE v.summary = $1"
	                     " AND c.channel = 'visit'"
	                     " AND c.status = 'submitted'",
	                     tag, NULL),
	    2);

	snprintf(path, sizeof(path), "/api/v1/visits/%lld", id);
	/* The enterprise sees its visit, without the staff's findings. */
	r = get(state, ent_, path);
	assert_status(r, 200);
	assert_true(
	    json_is_null(thttp_json_get(thttp_resp_json(r), "findings")));
	assert_string_equal(thttp_resp_str(r, "levels.1"), "talent");
	assert_string_equal(thttp_resp_str(r, "cases.0.title"), "流动资金紧张");
	r = get(state, ent2_, path);
	tfix_expect(r, 404, "not_found");
	r = get(state, responder_, path);
	tfix_expect(r, 404, "not_found");
	r = get(state, committee_, path);
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "findings.industry"),
	    "上游钢材涨价");
	r = get(state, responder_, "/api/v1/visits");
	assert_status(r, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 0);
	snprintf(path, sizeof(path),
	    "/api/v1/visits?enterprise=%lld&level=talent&limit=1", ent_id_);
	r = get(state, ent_, path);
	assert_status(r, 200);
	assert_int_equal(thttp_resp_int(r, "items.0.id", 0), id);
	r = get(state, ent_, "/api/v1/visits?level=weather");
	tfix_expect(r, 400, "bad_request");
}

static void
test_scoping_of_recording(void **state)
{
	char b[1024];
	char tag[48];
	struct thttp_resp *r;

	r = send(state, commissioner_, "POST", "/api/v1/visits",
	    body(b, sizeof(b), far_id_, today_, "[\"industry\"]", "{}", "[]",
	        tag));
	tfix_expect(r, 404, "not_found");
	r = send(state, ent_, "POST", "/api/v1/visits",
	    body(b, sizeof(b), ent_id_, today_, "[\"industry\"]", "{}", "[]",
	        tag));
	tfix_expect(r, 403, "forbidden");
	r = send(state, responder_, "POST", "/api/v1/visits",
	    body(b, sizeof(b), ent_id_, today_, "[\"industry\"]", "{}", "[]",
	        tag));
	tfix_expect(r, 403, "forbidden");
	assert_int_equal(n_visits(tag), 0);
}

/* POST b as the commissioner: 422 with a message on field. */
static void
refused(void **state, const char *b, const char *tag, const char *field)
{
	struct thttp_resp *r =
	    send(state, commissioner_, "POST", "/api/v1/visits", b);
	json_t *fields;

	tfix_expect(r, 422, "validation_failed");
	/* By hand: the dotted path would split "problems[0].title". */
	fields = thttp_json_get(thttp_resp_json(r), "error.fields");
	if (!json_is_string(json_object_get(fields, field)))
		fail_msg("no message on %s: %s", field, r->body);
	assert_int_equal(n_visits(tag), 0);
}

static void
test_levels_and_findings_rules(void **state)
{
	char b[1024];
	char tag[48];

	refused(state,
	    body(b, sizeof(b), ent_id_, today_, "[]", "{}", "[]", tag), tag,
	    "levels");
	refused(state,
	    body(b, sizeof(b), ent_id_, today_, "[\"industry\",\"weather\"]",
	        "{}", "[]", tag),
	    tag, "levels");
	refused(state,
	    body(b, sizeof(b), ent_id_, today_, "[\"talent\",\"talent\"]", "{}",
	        "[]", tag),
	    tag, "levels");
	refused(state,
	    body(b, sizeof(b), ent_id_, today_, "[\"talent\"]",
	        "{\"project\":\"项目进度慢\"}", "[]", tag),
	    tag, "findings");
	refused(state,
	    body(b, sizeof(b), ent_id_, tomorrow_, "[\"talent\"]", "{}", "[]",
	        tag),
	    tag, "visited_on");
	refused(state,
	    body(b, sizeof(b), ent_id_, today_, "[\"talent\"]", "{}",
	        "[{\"category\":\"weather\",\"title\":\" \","
	        "\"description\":\"x\"}]",
	        tag),
	    tag, "problems[0].title");
}

static void
test_ten_thousand_problems_refused(void **state)
{
	static const char one[] =
	    "{\"category\":\"other\",\"title\":\"t\",\"description\":\"d\"},";
	size_t n = 10000;
	size_t len = n * (sizeof(one) - 1) + 512;
	char *problems = malloc(len);
	char *b = malloc(len + 512);
	char tag[48];
	struct thttp_resp *r;
	const char *msg;
	size_t i;

	assert_non_null(problems);
	assert_non_null(b);
	problems[0] = '[';
	for (i = 0; i < n; i++)
		memcpy(problems + 1 + i * (sizeof(one) - 1), one,
		    sizeof(one) - 1);
	problems[n * (sizeof(one) - 1)] = ']';
	problems[n * (sizeof(one) - 1) + 1] = '\0';
	body(b, len + 512, ent_id_, today_, "[\"talent\"]", "{}", problems,
	    tag);
	r = send(state, commissioner_, "POST", "/api/v1/visits", b);
	if (r->status == 413) {
		tfix_expect(r, 413, "payload_too_large");
	} else {
		tfix_expect(r, 422, "validation_failed");
		msg = thttp_resp_str(r, "error.fields.problems");
		assert_non_null(msg);
		assert_non_null(strstr(msg, "50"));
	}
	assert_int_equal(n_visits(tag), 0);
	free(b);
	free(problems);
}

static void
test_idempotent_replay(void **state)
{
	char b[1024];
	char tag[48];
	char key[80];
	char hdr[128];
	const char *headers[3] = { "Content-Type: application/json", hdr,
		NULL };
	struct thttp_resp *r;
	long long id;

	body(b, sizeof(b), ent_id_, today_, "[\"project\"]",
	    "{\"project\":\"新产线\"}",
	    "[{\"category\":\"approvals\",\"title\":\"环评审批慢\","
	    "\"description\":\"已三个月\"}]",
	    tag);
	snprintf(key, sizeof(key), "visit-%s", tag);
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key);
	r = tfix_keep(state,
	    thttp_client_request(commissioner_, "POST", "/api/v1/visits",
	        headers, b, strlen(b)));
	assert_status(r, 201);
	id = thttp_resp_int(r, "id", 0);
	r = tfix_keep(state,
	    thttp_client_request(commissioner_, "POST", "/api/v1/visits",
	        headers, b, strlen(b)));
	assert_status(r, 201);
	assert_int_equal(thttp_resp_int(r, "id", 0), id);
	assert_non_null(thttp_resp_header(r, "Idempotent-Replayed"));
	assert_int_equal(n_visits(tag), 1);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM cases c JOIN visits v"
	                     " ON v.id = c.visit_id WHERE v.summary = $1",
	                     tag, NULL),
	    1);
}

static void
test_patch_keeps_history(void **state)
{
	char b[1024];
	char tag[48];
	char path[96];
	struct thttp_resp *r;
	long long id;
	char sid[24];

	r = send(state, admin_, "POST", "/api/v1/visits",
	    body(b, sizeof(b), ent_id_, today_, "[\"industry\"]",
	        "{\"industry\":\"旧的发现\"}", "[]", tag));
	assert_status(r, 201);
	id = thttp_resp_int(r, "id", 0);
	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(path, sizeof(path), "/api/v1/visits/%lld", id);
	/* Dropping a level that still has findings is refused. */
	r = send(state, admin_, "PATCH", path, "{\"levels\":[\"talent\"]}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_resp_str(r, "error.fields.findings"));
	/* Not the recorder, not committee: readable but not editable. */
	r = send(state, commissioner_, "PATCH", path,
	    "{\"summary\":\"专员改的\"}");
	tfix_expect(r, 403, "forbidden");
	r = send(state, committee_, "PATCH", path,
	    "{\"levels\":[\"talent\",\"industry\"],"
	    "\"findings\":{\"talent\":\"新的发现\"}}");
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "findings.talent"), "新的发现");
	assert_null(thttp_resp_str(r, "findings.industry"));
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM audit_log"
	        " WHERE action = 'visit.update' AND object_id = $1"
	        " AND before -> 'findings' ->> 'industry' = '旧的发现'"
	        " AND after -> 'findings' ->> 'talent' = '新的发现'",
	        sid, NULL),
	    1);
	r = send(state, ent_, "PATCH", path, "{\"summary\":\"x\"}");
	tfix_expect(r, 403, "forbidden");
}

/* ---- coverage, workload, exports ---- */

static void
test_coverage_and_workload_roles(void **state)
{
	struct thttp_resp *r;

	r = get(state, committee_, "/api/v1/coverage?chain=auto-parts");
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "levels.0"), "industry");
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "items.0.levels.talent"));
	r = get(state, commissioner_, "/api/v1/coverage?stale_days=30");
	assert_status(r, 200);
	r = get(state, admin_, "/api/v1/coverage?chain=no-such-chain");
	tfix_expect(r, 404, "not_found");
	r = get(state, admin_, "/api/v1/coverage?stale_days=-1");
	tfix_expect(r, 400, "bad_request");
	r = get(state, responder_, "/api/v1/coverage?chain=auto-parts");
	tfix_expect(r, 403, "forbidden");
	r = get(state, ent_, "/api/v1/coverage?chain=auto-parts");
	tfix_expect(r, 403, "forbidden");
	r = get(state, committee_, "/api/v1/workload");
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "to"), today_);
	r = get(state, commissioner_, "/api/v1/workload");
	tfix_expect(r, 403, "forbidden");
	r = get(state, admin_,
	    "/api/v1/workload?from=2026-02-01&to=2026-01-01");
	tfix_expect(r, 400, "bad_request");
}

static void
test_exports_have_bom_and_neutralised_cells(void **state)
{
	char b[1024];
	char tag[48];
	char path[128];
	struct thttp_resp *r;

	r = send(state, commissioner_, "POST", "/api/v1/visits",
	    body(b, sizeof(b), ent_id_, today_, "[\"technology\"]",
	        "{\"technology\":\"=HYPERLINK(\\\"http://x\\\")\"}", "[]",
	        tag));
	assert_status(r, 201);
	snprintf(path, sizeof(path), "/api/v1/visits.csv?enterprise=%lld",
	    ent_id_);
	r = get(state, commissioner_, path);
	assert_status(r, 200);
	assert_true(r->body_len > 3);
	assert_memory_equal(r->body, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(r->body, "'=HYPERLINK"));
	assert_null(strstr(r->body, ",=HYPERLINK"));
	assert_null(strstr(r->body, "\"=HYPERLINK"));
	assert_non_null(strstr(r->body, "技术"));
	assert_non_null(thttp_resp_header(r, "Content-Type"));
	assert_non_null(strstr(thttp_resp_header(r, "Content-Type"), "csv"));
	snprintf(path, sizeof(path), "/api/v1/visits.xlsx?enterprise=%lld",
	    ent_id_);
	r = get(state, commissioner_, path);
	assert_status(r, 200);
	assert_memory_equal(r->body, "PK", 2);
	r = get(state, ent_, "/api/v1/visits.csv");
	tfix_expect(r, 403, "forbidden");
	r = get(state, committee_, "/api/v1/coverage.csv?chain=auto-parts");
	assert_status(r, 200);
	assert_memory_equal(r->body, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(r->body, "淄博华晟汽车零部件有限公司"));
	r = get(state, committee_, "/api/v1/coverage.xlsx?chain=auto-parts");
	assert_status(r, 200);
	assert_memory_equal(r->body, "PK", 2);
	r = get(state, admin_, "/api/v1/coverage.csv?chain=no-such-chain");
	tfix_expect(r, 404, "not_found");
}

#define T(f) cmocka_unit_test_teardown(f, tfix_free_resp)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_makes_cases_and_scopes_reads),
		T(test_scoping_of_recording),
		T(test_levels_and_findings_rules),
		T(test_ten_thousand_problems_refused),
		T(test_idempotent_replay),
		T(test_patch_keeps_history),
		T(test_coverage_and_workload_roles),
		T(test_exports_have_bom_and_neutralised_cells),
	};

	return cmocka_run_group_tests_name("visits", tests, setup, teardown);
}
