/*
 * Routing and the four ones against the real schema, each test inside a
 * transaction that is rolled back: hl_routing_candidates() (what the
 * suggested assignee and the completeness check both read) takes a
 * pair's usable rules first, the chain's active binding otherwise,
 * nobody for "other" without a rule, the least busy first; the rules'
 * trigger refuses accounts that are not responders; binding one account
 * to a record moves it; and registering many enterprises is all or
 * nothing.
 */
#include <inttypes.h>
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

#include "binding.h"
#include "ctx.h"
#include "db.h"
#include "enterprise.h"
#include "err.h"
#include "mem.h"
#include "tfix.h"

#define CHAIN "energy-storage"

static struct hl_db_conn *db_;
static struct hl_arena arena_;
static char chain_[24];

static int
q(const char *sql, int n, const char *const *params, char *out)
{
	return tfix_sql(db_, sql, n, params, out, 24);
}

static int
setup(void **state)
{
	const char *p[1] = { CHAIN };

	(void)state;
	db_ = tfix_db_open();
	if (db_ == NULL)
		return -1;
	return tfix_sql(db_, "SELECT id FROM chains WHERE code = $1", 1, p,
	           chain_, sizeof(chain_)) == 1
	    ? 0
	    : -1;
}

static int
teardown(void **state)
{
	(void)state;
	hl_db_close(db_);
	hl_arena_release(&arena_);
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

/* A responder bound to the chain's first account manager. */
static void
bound_manager(char uid[24], char mid[24])
{
	const char *p[1] = { chain_ };
	const char *b[2] = { mid, uid };

	tfix_sql_user(db_, "rt-", "银行经理", "responder", uid, 24);
	q("SELECT m.id FROM bank_account_managers m JOIN lead_banks l"
	  " ON l.id = m.bank_id WHERE l.chain_id = $1::bigint"
	  " ORDER BY m.id LIMIT 1",
	    1, p, mid);
	q("UPDATE users SET account_manager_id = $1::bigint"
	  " WHERE id = $2::bigint",
	    2, b, NULL);
}

static void
rule(const char *category, const char *uid, const char *order)
{
	const char *p[4] = { chain_, category, uid, order };

	q("INSERT INTO routing_rules (chain_id, category, user_id, sort_order)"
	  " VALUES ($1::bigint, $2, $3::bigint, $4::int)",
	    4, p, NULL);
}

/* hl_case_default_responder(chain, category) as text, "" for NULL. */
static const char *
suggested(const char *category)
{
	const char *p[2] = { chain_, category };
	char *out = hl_arena_alloc(&arena_, 24);

	q("SELECT hl_case_default_responder($1::bigint, $2)", 2, p, out);
	return out;
}

static void
test_binding_is_the_default(void **state)
{
	char uid[24];
	char mid[24];

	(void)state;
	bound_manager(uid, mid);
	assert_string_equal(suggested("financing"), uid);
	/* Retired: no longer suggested. */
	q("UPDATE bank_account_managers SET active = false"
	  " WHERE id = $1::bigint",
	    1, (const char *const[]){ mid }, NULL);
	assert_string_equal(suggested("financing"), "");
}

static void
test_rule_first_then_binding(void **state)
{
	char bound[24];
	char mid[24];
	char ruled[24];
	const char *p[1] = { ruled };

	(void)state;
	bound_manager(bound, mid);
	tfix_sql_user(db_, "rt-", "部门窗口", "responder", ruled, 24);
	rule("financing", ruled, "1");
	assert_string_equal(suggested("financing"), ruled);
	/* The rule's only account disabled: the binding answers again. */
	q("UPDATE users SET disabled_at = hl_now() WHERE id = $1::bigint", 1, p,
	    NULL);
	assert_string_equal(suggested("financing"), bound);
	/* Other categories are not touched by a financing rule. */
	assert_string_equal(suggested("legal"), "");
}

static void
test_other_needs_a_rule(void **state)
{
	char uid[24];

	(void)state;
	assert_string_equal(suggested("other"), "");
	tfix_sql_user(db_, "rt-", "综合窗口", "responder", uid, 24);
	rule("other", uid, "1");
	assert_string_equal(suggested("other"), uid);
}

static void
test_least_busy_first(void **state)
{
	char a[24];
	char b[24];
	char ent[24];
	const char *p[3] = { ent, chain_, a };

	(void)state;
	tfix_sql_user(db_, "rt-", "甲", "responder", a, 24);
	tfix_sql_user(db_, "rt-", "乙", "responder", b, 24);
	rule("technology", a, "1");
	rule("technology", b, "2");
	assert_string_equal(suggested("technology"), a);
	q("SELECT enterprise_id FROM enterprise_chains WHERE chain_id ="
	  " $1::bigint LIMIT 1",
	    1, (const char *const[]){ chain_ }, ent);
	/* a has a case in hand: b comes first. */
	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description, status, accepted_at, due_on, due_at,"
	  " assignee_user_id) VALUES ($1::bigint, $2::bigint, 'technology',"
	  " '在办', '在办', 'assigned', hl_now(), hl_today(),"
	  " hl_end_of_day(hl_today()), $3::bigint)",
	    3, p, NULL);
	assert_string_equal(suggested("technology"), b);
}

static void
test_rules_name_responders_only(void **state)
{
	char uid[24];
	const char *p[3] = { chain_, "policy", uid };
	struct hl_err err = { 0 };
	struct hl_db_res *r;

	(void)state;
	tfix_sql_user(db_, "rt-", "专员", "commissioner", uid, 24);
	q("SAVEPOINT s", 0, NULL, NULL);
	r = hl_db_exec(db_,
	    "INSERT INTO routing_rules (chain_id, category, user_id)"
	    " VALUES ($1::bigint, $2, $3::bigint)",
	    3, p, &err);
	assert_null(r);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "user_ids");
	q("ROLLBACK TO SAVEPOINT s", 0, NULL, NULL);
}

static void
test_binding_moves_the_account(void **state)
{
	char uid[24];
	char mid[24];
	char other[24];
	struct hl_ctx ctx = { 0 };
	struct hl_err err = { 0 };
	char out[24];

	(void)state;
	ctx.db = db_;
	ctx.arena = &arena_;
	bound_manager(uid, mid);
	tfix_sql_user(db_, "rt-", "新经理", "responder", other, 24);
	assert_int_equal(hl_binding_set(&ctx, HL_BINDING_ACCOUNT_MANAGER,
	                     strtoll(mid, NULL, 10), strtoll(other, NULL, 10),
	                     &err),
	    0);
	q("SELECT account_manager_id FROM users WHERE id = $1::bigint", 1,
	    (const char *const[]){ uid }, out);
	assert_string_equal(out, "");
	q("SELECT account_manager_id FROM users WHERE id = $1::bigint", 1,
	    (const char *const[]){ other }, out);
	assert_string_equal(out, mid);
	/* The first account may not also speak for an expert now... */
	assert_int_equal(hl_binding_set(&ctx, HL_BINDING_EXPERT, 1,
	                     strtoll(other, NULL, 10), &err),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "user_id");
	/* ...and 0 unbinds. */
	hl_err_clear(&err);
	assert_int_equal(hl_binding_set(&ctx, HL_BINDING_ACCOUNT_MANAGER,
	                     strtoll(mid, NULL, 10), 0, &err),
	    0);
	q("SELECT count(*) FROM users WHERE account_manager_id = $1::bigint", 1,
	    (const char *const[]){ mid }, out);
	assert_string_equal(out, "0");
}

static void
test_create_many_is_all_or_nothing(void **state)
{
	char admin[24];
	char code0[19];
	char code1[19];
	char taken[24];
	const char *codes[2] = { code0, code1 };
	const char *chains[1] = { CHAIN };
	struct hl_enterprise_in ins[2];
	int64_t ids[2];
	struct hl_ctx ctx = { 0 };
	struct hl_err err = { 0 };
	char n[24];
	size_t i;

	(void)state;
	tfix_sql_user(db_, "rt-", "管理员", "admin", admin, 24);
	ctx.db = db_;
	ctx.arena = &arena_;
	ctx.role = HL_ROLE_ADMIN;
	ctx.user_id = strtoll(admin, NULL, 10);
	ctx.login = "rt-admin";
	tfix_credit_code("91370303W", code0);
	tfix_credit_code("91370303W", code1);
	memset(ins, 0, sizeof(ins));
	for (i = 0; i < 2; i++) {
		ins[i].name = i == 0 ? "整批甲公司" : "整批乙公司";
		ins[i].credit_code = codes[i];
		ins[i].chain_codes.v = chains;
		ins[i].chain_codes.n = 1;
		ins[i].district = "张店区";
		ins[i].size_class = "small";
		ins[i].has_name = ins[i].has_credit_code = true;
		ins[i].has_chain_codes = ins[i].has_district = true;
		ins[i].has_size_class = true;
	}
	/* The second code is registered meanwhile. */
	q("INSERT INTO enterprises (name, credit_code, district, size_class)"
	  " VALUES ('抢先登记公司', $1, '张店区', 'small') RETURNING id",
	    1, (const char *const[]){ code1 }, taken);
	assert_int_equal(
	    hl_enterprise_create_many(&ctx, ins, codes, 2, ids, &err), -1);
	assert_int_equal(err.status, 409);
	assert_non_null(strstr(err.msg, code1));
	q("SELECT count(*) FROM enterprises WHERE credit_code = $1", 1,
	    (const char *const[]){ code0 }, n);
	assert_string_equal(n, "0");
	/* Without it both go in, with chains and one audit row each. */
	q("DELETE FROM enterprises WHERE id = $1::bigint", 1,
	    (const char *const[]){ taken }, NULL);
	hl_err_clear(&err);
	assert_int_equal(
	    hl_enterprise_create_many(&ctx, ins, codes, 2, ids, &err), 0);
	assert_true(ids[0] > 0 && ids[1] > ids[0]);
	q("SELECT count(*) FROM enterprise_chains ec JOIN enterprises e"
	  " ON e.id = ec.enterprise_id WHERE e.credit_code IN ($1, $2)"
	  " AND ec.is_primary",
	    2, codes, n);
	assert_string_equal(n, "2");
	q("SELECT count(*) FROM audit_log WHERE action = 'enterprise.import'"
	  " AND actor_user_id = $1::bigint AND after->>'credit_code' IN ($2, $3)",
	    3, (const char *const[]){ admin, code0, code1 }, n);
	assert_string_equal(n, "2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_binding_is_the_default,
		    begin, rollback),
		cmocka_unit_test_setup_teardown(test_rule_first_then_binding,
		    begin, rollback),
		cmocka_unit_test_setup_teardown(test_other_needs_a_rule, begin,
		    rollback),
		cmocka_unit_test_setup_teardown(test_least_busy_first, begin,
		    rollback),
		cmocka_unit_test_setup_teardown(test_rules_name_responders_only,
		    begin, rollback),
		cmocka_unit_test_setup_teardown(test_binding_moves_the_account,
		    begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_create_many_is_all_or_nothing, begin, rollback),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
