/*
 * The intake's SQL against the real schema, each test inside a
 * transaction that is rolled back: GeoReport's two statuses from the
 * case lifecycle; a status change of a case from a source, whatever made
 * it, queues intake.status for that source's own webhook and for the
 * webhooks of no source that want it, never for another source's; a
 * case without an intake row queues none; a source's account must be an
 * integration, its webhook must carry intake.status alone (and stays
 * so); a work-order number is unique per source.
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

#include "db.h"
#include "err.h"
#include "tfix.h"

static struct hl_db_conn *db_;

static int
q(const char *sql, int n, const char *const *params, char *out)
{
	return tfix_sql(db_, sql, n, params, out, 64);
}

static int
setup(void **state)
{
	(void)state;
	db_ = tfix_db_open();
	return db_ != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	hl_db_close(db_);
	return 0;
}

static int
begin(void **state)
{
	(void)state;
	q("BEGIN", 0, NULL, NULL);
	return 0;
}

static int
rollback(void **state)
{
	(void)state;
	q("ROLLBACK", 0, NULL, NULL);
	return 0;
}

/* Run sql expecting it to fail with status and field; the transaction
 * goes on (a savepoint takes the failure). */
static void
refused(const char *sql, int n, const char *const *params, int status,
    const char *field)
{
	struct hl_err err = { 0 };

	q("SAVEPOINT s", 0, NULL, NULL);
	assert_int_equal(hl_db_run(db_, sql, n, params, &err), -1);
	assert_int_equal(err.status, status);
	if (field != NULL) {
		assert_int_equal(err.n_fields, 1);
		assert_string_equal(err.fields[0].name, field);
	}
	q("ROLLBACK TO SAVEPOINT s", 0, NULL, NULL);
}

static void
webhook(const char *types, char out[64])
{
	const char *p[1] = { types };

	q("INSERT INTO webhooks (name, url, event_types) VALUES ('intake-db',"
	  " 'https://hooks.example.invalid/x', $1) RETURNING id",
	    1, p, out);
}

static void
test_status_mapping(void **state)
{
	static const char *const open[] = { "submitted", "accepted", "assigned",
		"in_progress" };
	static const char *const closed[] = { "resolved", "closed",
		"rejected" };
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(open) / sizeof(open[0]); i++) {
		q("SELECT hl_open311_status($1)", 1, &open[i], out);
		assert_string_equal(out, "open");
	}
	for (i = 0; i < sizeof(closed) / sizeof(closed[0]); i++) {
		q("SELECT hl_open311_status($1)", 1, &closed[i], out);
		assert_string_equal(out, "closed");
	}
}

static void
test_status_change_told_to_its_source_only(void **state)
{
	char own[64];
	char other[64];
	char all[64];
	char cid[64];
	char plain[64];
	char out[64];
	const char *p[3];

	(void)state;
	webhook("{intake.status}", own);
	webhook("{intake.status}", other);
	webhook("{}", all);
	p[0] = own;
	q("UPDATE intake_sources SET webhook_id = $1::bigint"
	  " WHERE code = '12345'",
	    1, p, NULL);
	p[0] = other;
	q("UPDATE intake_sources SET webhook_id = $1::bigint"
	  " WHERE code = 'province'",
	    1, p, NULL);
	/* two cases of one enterprise, one of them from the hotline */
	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description, channel) SELECT ec.enterprise_id, ec.chain_id,"
	  " 'policy', '来源测试', '来源测试用诉求', 'hotline'"
	  " FROM enterprise_chains ec WHERE ec.is_primary ORDER BY"
	  " ec.enterprise_id LIMIT 1 RETURNING id",
	    0, NULL, cid);
	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description, channel) SELECT enterprise_id, chain_id, category,"
	  " title, description, 'phone' FROM cases WHERE id = $1::bigint"
	  " RETURNING id",
	    1, (const char *const[]){ cid }, plain);
	q("INSERT INTO case_intake (case_id, source_id, source_ref, via)"
	  " SELECT $1::bigint, id, 'DB-1', 'open311' FROM intake_sources"
	  " WHERE code = '12345'",
	    1, (const char *const[]){ cid }, NULL);
	/* the same number again for the same source: refused */
	refused("INSERT INTO case_intake (case_id, source_id, source_ref, via)"
	        " SELECT $1::bigint, id, 'DB-1', 'import' FROM intake_sources"
	        " WHERE code = '12345'",
	    1, (const char *const[]){ plain }, 409, NULL);

	/* a change made straight in SQL, as the deadline job would */
	q("UPDATE cases SET status = 'accepted', accepted_at = hl_now(),"
	  " due_on = current_date + 10, due_at = hl_end_of_day(current_date + 10) WHERE id IN ($1::bigint, $2::bigint)",
	    2, (const char *const[]){ cid, plain }, NULL);
	p[0] = own;
	p[1] = cid;
	q("SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint AND"
	  " event_type = 'intake.status' AND (payload->>'case_id')::bigint ="
	  " $2::bigint AND payload->>'status' = 'open' AND"
	  " payload->>'from_status' = 'submitted' AND payload->>'source' ="
	  " '12345' AND payload->>'source_ref' = 'DB-1'",
	    2, p, out);
	assert_string_equal(out, "1");
	p[0] = all;
	q("SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint AND"
	  " event_type = 'intake.status' AND (payload->>'case_id')::bigint ="
	  " $2::bigint",
	    2, p, out);
	assert_string_equal(out, "1");
	p[0] = other;
	q("SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint", 1, p,
	    out);
	assert_string_equal(out, "0");
	/* the case without an intake row told nobody about intake */
	p[0] = plain;
	q("SELECT count(*) FROM outbox WHERE event_type = 'intake.status' AND"
	  " (payload->>'case_id')::bigint = $1::bigint",
	    1, p, out);
	assert_string_equal(out, "0");
	/* an update that keeps the status queues nothing more */
	q("UPDATE cases SET title = '来源测试（改）' WHERE id = $1::bigint", 1,
	    (const char *const[]){ cid }, NULL);
	p[0] = cid;
	q("SELECT count(*) FROM outbox WHERE event_type = 'intake.status' AND"
	  " (payload->>'case_id')::bigint = $1::bigint",
	    1, p, out);
	assert_string_equal(out, "2");
}

static void
test_source_account_and_webhook_checked(void **state)
{
	char uid[64];
	char hook[64];
	const char *p[1];

	(void)state;
	tfix_sql_user(db_, "intake-", "承办人", "responder", uid, sizeof(uid));
	p[0] = uid;
	refused("UPDATE intake_sources SET user_id = $1::bigint"
	        " WHERE code = '12345'",
	    1, p, 422, "user_id");
	webhook("{case.created,intake.status}", hook);
	p[0] = hook;
	refused("UPDATE intake_sources SET webhook_id = $1::bigint"
	        " WHERE code = '12345'",
	    1, p, 422, "webhook_id");
	q("UPDATE webhooks SET event_types = '{intake.status}'"
	  " WHERE id = $1::bigint",
	    1, p, NULL);
	q("UPDATE intake_sources SET webhook_id = $1::bigint"
	  " WHERE code = '12345'",
	    1, p, NULL);
	/* bound, it keeps to intake.status */
	refused("UPDATE webhooks SET event_types = '{}' WHERE id = $1::bigint",
	    1, p, 422, "event_types");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_status_mapping, begin,
		    rollback),
		cmocka_unit_test_setup_teardown(
		    test_status_change_told_to_its_source_only, begin,
		    rollback),
		cmocka_unit_test_setup_teardown(
		    test_source_account_and_webhook_checked, begin, rollback),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
