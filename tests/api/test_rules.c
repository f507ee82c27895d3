/*
 * Rules and people over HTTP: SLA and calendar changes state their effect
 * on open deadlines and leave deadlines already set where they were; a
 * calendar with a date twice or a non-date is refused by element; 包联
 * assignments in bulk, audited one row each; the audit log's filters
 * (who, what, when, record) and its export.
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

static struct thttp_client *admin_;
static struct thttp_client *com_;
static struct thttp_client *ent_;
static struct tdb *db_;

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "commissioner-demo", &com_ },
	{ "ent-demo", &ent_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	return tfix_open(logins_, &db_);
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

static struct thttp_resp *
get(struct thttp_client *c, const char *path)
{
	return thttp_client_request(c, "GET", path, NULL, NULL, 0);
}

/* ---- deadlines ---- */

/* A legal case of ent-demo, accepted: its id; its due date in due. */
static long long
accepted_case(char due[16])
{
	struct thttp_resp *r = thttp_client_json(ent_, "POST", "/api/v1/cases",
	    "{\"category\":\"legal\",\"title\":\"合同审查\","
	    "\"description\":\"期限规则测试\"}");
	char path[64];
	long long id;

	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", id);
	r = thttp_client_json(com_, "POST", path, "{\"action\":\"accept\"}");
	tfix_expect(r, 200, NULL);
	snprintf(due, 16, "%s", thttp_resp_str(r, "due_on"));
	thttp_resp_free(r);
	return id;
}

static void
test_sla_change_leaves_set_deadlines(void **state)
{
	char due[16];
	long long id = accepted_case(due);
	long long days = tdb_int(db_,
	    "SELECT working_days FROM sla_limits WHERE category = 'legal'",
	    NULL);
	long long open = tdb_int(db_,
	    "SELECT count(*) FROM cases WHERE category = 'legal' AND status"
	    " IN ('accepted', 'assigned', 'in_progress')",
	    NULL);
	char body[128];
	char path[64];
	struct thttp_resp *r;
	json_t *items;
	json_t *it;
	size_t i;

	(void)state;
	r = get(admin_, "/api/v1/sla");
	tfix_expect(r, 200, NULL);
	items = thttp_json_get(thttp_resp_json(r), "items");
	json_array_foreach(items, i,
	    it) if (strcmp(json_string_value(json_object_get(it, "category")),
	                "legal") == 0)
	    assert_int_equal(
	        json_integer_value(json_object_get(it, "open_with_deadline")),
	        open);
	assert_non_null(
	    strstr(thttp_resp_str(r, "effect.message"), "不会移动"));
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"items\":[{\"category\":\"legal\",\"working_days\":%lld}]}",
	    days + 7);
	r = thttp_client_json(admin_, "PUT", "/api/v1/sla", body);
	tfix_expect(r, 200, NULL);
	assert_true(thttp_resp_int(r, "effect.open_with_deadline", 0) >= open);
	thttp_resp_free(r);
	/* The accepted case keeps the deadline it was given. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", id);
	r = get(admin_, path);
	assert_string_equal(thttp_resp_str(r, "due_on"), due);
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"items\":[{\"category\":\"legal\",\"working_days\":%lld}]}",
	    days);
	r = thttp_client_json(admin_, "PUT", "/api/v1/sla", body);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PUT", "/api/v1/sla",
	    "{\"items\":[{\"category\":\"legal\",\"working_days\":0}]}");
	tfix_expect_field(r, 422, "items[0].working_days");
	thttp_resp_free(r);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM audit_log WHERE action ="
	                " 'sla.update'",
	                NULL) >= 2);
}

static void
test_calendar_effect_and_bad_days(void **state)
{
	char due[16];
	struct thttp_resp *r;

	(void)state;
	(void)accepted_case(due);
	r = get(admin_, "/api/v1/calendar/2026");
	tfix_expect(r, 200, NULL);
	assert_true(thttp_resp_int(r, "effect.open_with_deadline", 0) >= 1);
	assert_non_null(thttp_resp_str(r, "effect.message"));
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PUT", "/api/v1/calendar/2032",
	    "{\"days\":[{\"day\":\"2032-01-01\",\"kind\":\"holiday\"},"
	    "{\"day\":\"2032-01-01\",\"kind\":\"holiday\"},"
	    "{\"day\":\"not a date\",\"kind\":\"holiday\"}]}");
	tfix_expect_field(r, 422, "days[1].day");
	tfix_expect_field(r, 422, "days[2].day");
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM calendar_days"
	                     " WHERE extract(year FROM day) = 2032",
	                     NULL),
	    0);
}

/* ---- assignments ---- */

static void
test_bulk_assignments(void **state)
{
	long long com = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'commissioner-demo'", NULL);
	long long a = tdb_int(db_,
	    "SELECT min(e.id) FROM enterprises e WHERE NOT EXISTS (SELECT 1"
	    " FROM assignments x WHERE x.enterprise_id = e.id)",
	    NULL);
	long long b = tdb_int(db_,
	    "SELECT max(e.id) FROM enterprises e WHERE NOT EXISTS (SELECT 1"
	    " FROM assignments x WHERE x.enterprise_id = e.id)",
	    NULL);
	long long audit = tdb_int(db_,
	    "SELECT count(*) FROM audit_log WHERE action LIKE 'assignment.%'",
	    NULL);
	char body[256];
	char path[64];
	struct thttp_resp *r;

	(void)state;
	assert_true(a > 0 && b > a);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", a);
	r = get(com_, path);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"add\":[%lld,%lld,999999999]}", com, a,
	    b);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments/bulk", body);
	tfix_expect_field(r, 422, "add[2]");
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"add\":[%lld]}",
	    tdb_int(db_, "SELECT id FROM users WHERE login = 'admin-demo'",
	        NULL),
	    a);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments/bulk", body);
	tfix_expect_field(r, 422, "commissioner_id");
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"add\":[%lld],\"remove\":[%lld]}", com,
	    a, a);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments/bulk", body);
	tfix_expect_field(r, 422, "remove");
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action LIKE"
	                     " 'assignment.%'",
	                     NULL),
	    audit);

	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"add\":[%lld,%lld]}", com, a, b);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments/bulk", body);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "added", 0), 2);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", a);
	r = get(com_, path);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	/* Again: nothing new; then one removed. */
	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"add\":[%lld],\"remove\":[%lld]}", com,
	    b, a);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments/bulk", body);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "added", -1), 0);
	assert_int_equal(thttp_resp_int(r, "removed", 0), 1);
	assert_int_equal(thttp_resp_int(r, "unchanged", 0), 1);
	thttp_resp_free(r);
	r = get(com_, path);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action LIKE"
	                     " 'assignment.%'",
	                     NULL),
	    audit + 3);
	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"remove\":[%lld]}", com, b);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments/bulk", body);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
}

/* ---- the audit log ---- */

static void
test_audit_filters_and_export(void **state)
{
	long long admin = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'admin-demo'", NULL);
	char path[256];
	struct thttp_resp *r;
	json_t *items;
	json_t *it;
	size_t i;

	(void)state;
	/* What: an action prefix; who: the actor; when: today. */
	snprintf(path, sizeof(path),
	    "/api/v1/audit?action=sla.&actor=%lld&limit=5", admin);
	r = get(admin_, path);
	tfix_expect(r, 200, NULL);
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_true(json_array_size(items) >= 1);
	json_array_foreach(items, i, it)
	{
		assert_string_equal(
		    json_string_value(json_object_get(it, "action")),
		    "sla.update");
		assert_int_equal(
		    json_integer_value(json_object_get(it, "actor_user_id")),
		    admin);
	}
	thttp_resp_free(r);
	/* The record: one assignment's history. */
	r = get(admin_,
	    "/api/v1/audit?object_type=sla&from=2000-01-01"
	    "&to=2000-01-02");
	tfix_expect(r, 200, NULL);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 0);
	thttp_resp_free(r);
	r = get(admin_, "/api/v1/audit?from=yesterday");
	tfix_expect_field(r, 400, "from");
	thttp_resp_free(r);
	/* The same filters as a file. */
	r = get(admin_, "/api/v1/audit.csv?action=sla.");
	assert_int_equal(r->status, 200);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Type"), "text/csv"));
	assert_true(
	    strncmp(r->body, "\xef\xbb\xbf时间,操作账号,账号编号,操作,对象类型",
	        strlen("\xef\xbb\xbf时间,操作账号,账号编号,操作,"
	               "对象类型")) == 0);
	assert_non_null(strstr(r->body, "sla.update"));
	assert_null(strstr(r->body, "assignment.create"));
	thttp_resp_free(r);
	r = get(admin_, "/api/v1/audit.xlsx?object_type=assignment");
	assert_int_equal(r->status, 200);
	assert_true(r->body_len > 4 && memcmp(r->body, "PK\x03\x04", 4) == 0);
	thttp_resp_free(r);
	r = get(com_, "/api/v1/audit.csv");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sla_change_leaves_set_deadlines),
		cmocka_unit_test(test_calendar_effect_and_bad_days),
		cmocka_unit_test(test_bulk_assignments),
		cmocka_unit_test(test_audit_filters_and_export),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
