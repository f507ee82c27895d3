/*
 * Policy matching and policy writes against the real schema.  The matching
 * tests build their enterprises, users and policies inside a transaction
 * that is rolled back after each test, and read hl_policy_match_json()'s
 * answer; the write tests only make writes that must fail, and check that
 * nothing was stored.
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

#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "policy.h"
#include "tfix.h"

static struct hl_db_conn *db_;
static struct hl_arena arena_;

/* The fixture of a matching test; ids as decimal strings. */
struct fx {
	char ent[24]; /* 汽车部件, 张店区, medium, 专精特新 + 规上企业, key */
	char other[24];     /* 聚氨酯, 博山区, small, no tags, not key */
	char committee[24]; /* committee user of 聚氨酯 */
	char commissioner[24]; /* assigned to other only */
	char responder[24];    /* no case yet */
	char p_ok[24], p_tag[24], p_district[24], p_excluded[24];
	char p_expired[24], p_last_day[24], p_future[24], p_archived[24];
	char p_soon[24], p_closed[24], p_chain[24], p_key[24], p_city[24];
	char p_size[24];
};

static struct fx fx_;

/* ---- helpers ---- */

/* Run sql; copy the first cell (or "") into out when out is not NULL. */
static void
q(const char *sql, int n, const char *const *params, char out[24])
{
	tfix_sql(db_, sql, n, params, out, 24);
}

static long long
count(const char *sql)
{
	return tfix_sql_int(db_, sql, NULL);
}

static const char SQL_ENTERPRISE[] =
    "WITH e AS (INSERT INTO enterprises (name, credit_code, district,"
    "  size_class, tags, key_enterprise)"
    "  VALUES ($1, $2, $3, $4, $5::text[], $6::boolean) RETURNING id),"
    " c AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
    "  is_primary) SELECT e.id, ch.id, true FROM e, chains ch"
    "  WHERE ch.code = $7 RETURNING 1)"
    " SELECT id FROM e";

static void
enterprise(char id[24], const char *name, const char *district,
    const char *size, const char *tags, const char *key, const char *chain)
{
	char code[19];
	const char *p[7] = { name, code, district, size, tags, key, chain };

	tfix_credit_code("91370303T", code);
	q(SQL_ENTERPRISE, 7, p, id);
}

static void
user(char id[24], const char *role)
{
	tfix_sql_user(db_, "t-pol-", "测试用户", role, id, 24);
}

/*
 * A policy: dates as day offsets from hl_today() ('' for none), lists as
 * text[] literals, chains as a text[] literal of codes.
 */
static const char SQL_POLICY[] =
    "WITH p AS (INSERT INTO policies (title, issuer, effective_on,"
    "  expires_on, apply_until, districts, size_classes, required_tags,"
    "  excluded_tags, key_enterprise_only, archived_at)"
    "  VALUES ($1, '测试发文机关', hl_today() + $2::int,"
    "  hl_today() + NULLIF($3, '')::int, hl_today() + NULLIF($4, '')::int,"
    "  $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean,"
    "  CASE WHEN $11::boolean THEN hl_now() END) RETURNING id),"
    " c AS (INSERT INTO policy_chains (policy_id, chain_id)"
    "  SELECT p.id, ch.id FROM p, chains ch"
    "  WHERE ch.code = ANY ($10::text[]) RETURNING 1)"
    " SELECT id FROM p";

struct pol {
	const char *eff, *exp, *until;
	const char *districts, *sizes, *required, *excluded, *key, *chains;
	const char *archived;
};

static void
policy(char id[24], const char *title, struct pol p)
{
	const char *v[11] = { title, p.eff ? p.eff : "-30", p.exp ? p.exp : "",
		p.until ? p.until : "", p.districts ? p.districts : "{}",
		p.sizes ? p.sizes : "{}", p.required ? p.required : "{}",
		p.excluded ? p.excluded : "{}", p.key ? p.key : "false",
		p.chains ? p.chains : "{}", p.archived ? p.archived : "false" };

	q(SQL_POLICY, 11, v, id);
}

static struct hl_ctx
ctx_as(enum hl_role role, const char *user_id, const char *enterprise_id)
{
	struct hl_ctx c = { 0 };

	c.db = db_;
	c.arena = &arena_;
	c.request_id = "test-policies";
	c.role = role;
	c.user_id = user_id != NULL ? atoll(user_id) : 0;
	c.enterprise_id = enterprise_id != NULL ? atoll(enterprise_id) : 0;
	c.login = "test";
	return c;
}

/* hl_policy_match_json() as role for enterprise ent; NULL on an error,
 * whose status goes to *status. */
static json_t *
match(struct hl_ctx c, const char *ent, int64_t window, int *status)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_error_t je;
	json_t *j = NULL;

	*status = 200;
	if (hl_policy_match_json(&c, atoll(ent), window, &out, &err) == -1)
		*status = err.status;
	else if ((j = json_loads(hl_buf_cstr(&out), 0, &je)) == NULL)
		fail_msg("not JSON: %s", je.text);
	hl_buf_release(&out);
	return j;
}

static json_t *
match_ok(struct hl_ctx c, const char *ent, int64_t window)
{
	int status;
	json_t *j = match(c, ent, window, &status);

	assert_int_equal(status, 200);
	return j;
}

/* The item of policy id in a match answer, or NULL. */
static json_t *
item(json_t *answer, const char *id)
{
	json_t *items = json_object_get(answer, "items");
	size_t i;

	assert_true(json_is_array(items));
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		if (json_integer_value(json_object_get(it, "id")) == atoll(id))
			return it;
	}
	return NULL;
}

/* The string array member of it joined by ",". */
static const char *
joined(json_t *it, const char *member)
{
	static char buf[512];
	json_t *a = json_object_get(it, member);
	size_t used = 0;
	size_t i;

	assert_true(json_is_array(a));
	buf[0] = '\0';
	for (i = 0; i < json_array_size(a); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
		    i > 0 ? "," : "", json_string_value(json_array_get(a, i)));
	return buf;
}

static bool
flag(json_t *it, const char *member)
{
	json_t *v = json_object_get(it, member);

	assert_true(json_is_boolean(v));
	return json_is_true(v);
}

/* ---- matching fixtures ---- */

static int
open_db(void **state)
{
	(void)state;
	db_ = tfix_db_open();
	return db_ != NULL ? 0 : -1;
}

static int
close_db(void **state)
{
	(void)state;
	hl_db_close(db_);
	hl_arena_release(&arena_);
	return 0;
}

static int
begin(void **state)
{
	struct hl_err err = { 0 };
	struct fx *f = &fx_;
	const char *p[2];

	(void)state;
	if (hl_db_exec_script(db_, "BEGIN", &err) == -1)
		return -1;
	memset(f, 0, sizeof(*f));
	enterprise(f->ent, "测试匹配企业甲", "张店区", "medium",
	    "{专精特新,规上企业}", "true", "auto-parts");
	enterprise(f->other, "测试匹配企业乙", "博山区", "small", "{}", "false",
	    "polyurethane");
	user(f->committee, "committee");
	p[0] = f->committee;
	q("INSERT INTO user_chains (user_id, chain_id) SELECT $1, id"
	  " FROM chains WHERE code = 'polyurethane'",
	    1, p, NULL);
	user(f->commissioner, "commissioner");
	p[0] = f->commissioner;
	p[1] = f->other;
	q("INSERT INTO assignments (commissioner_id, enterprise_id)"
	  " VALUES ($1, $2)",
	    2, p, NULL);
	user(f->responder, "responder");

	policy(f->p_ok, "测试：全部符合",
	    (struct pol){ .districts = "{张店区,淄川区}",
	        .sizes = "{medium,small}",
	        .required = "{专精特新}",
	        .chains = "{auto-parts}" });
	policy(f->p_tag, "测试：缺少标签",
	    (struct pol){ .required = "{专精特新,高新技术企业}" });
	policy(f->p_district, "测试：区县不符",
	    (struct pol){ .districts = "{博山区,沂源县}" });
	policy(f->p_excluded, "测试：排除标签",
	    (struct pol){ .excluded = "{规上企业,上市企业}" });
	policy(f->p_expired, "测试：已失效", (struct pol){ .exp = "-1" });
	policy(f->p_last_day, "测试：今天失效", (struct pol){ .exp = "0" });
	policy(f->p_future, "测试：尚未生效", (struct pol){ .eff = "1" });
	policy(f->p_archived, "测试：已归档",
	    (struct pol){ .archived = "true" });
	policy(f->p_soon, "测试：即将截止", (struct pol){ .until = "3" });
	policy(f->p_closed, "测试：申报已截止", (struct pol){ .until = "-1" });
	policy(f->p_chain, "测试：产业链不符",
	    (struct pol){ .chains = "{polyurethane}" });
	policy(f->p_key, "测试：重点企业", (struct pol){ .key = "true" });
	policy(f->p_city, "测试：不限条件", (struct pol){ 0 });
	policy(f->p_size, "测试：规模不符", (struct pol){ .sizes = "{large}" });
	return 0;
}

static int
rollback(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	hl_arena_release(&arena_);
	return hl_db_exec_script(db_, "ROLLBACK", &err);
}

/* ---- matching ---- */

static void
test_match_all_criteria_met_qualifies_with_reasons(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *it = item(j, fx_.p_ok);

	(void)state;
	assert_non_null(it);
	assert_true(flag(it, "qualifies"));
	assert_string_equal(joined(it, "matched"),
	    "chain:auto-parts,district:张店区,size:medium,tag:专精特新");
	assert_string_equal(joined(it, "missing"), "");
	assert_string_equal(joined(it, "excluded"), "");
	json_decref(j);
}

static void
test_match_missing_tag_is_named(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *it = item(j, fx_.p_tag);

	(void)state;
	assert_non_null(it);
	assert_false(flag(it, "qualifies"));
	assert_string_equal(joined(it, "matched"), "tag:专精特新");
	assert_string_equal(joined(it, "missing"), "tag:高新技术企业");
	json_decref(j);
}

static void
test_match_wrong_district_lists_alternatives(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *it = item(j, fx_.p_district);

	(void)state;
	assert_non_null(it);
	assert_false(flag(it, "qualifies"));
	assert_string_equal(joined(it, "missing"), "district:博山区|沂源县");
	assert_string_equal(joined(it, "matched"), "");
	json_decref(j);
}

static void
test_match_excluded_tag_disqualifies(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *it = item(j, fx_.p_excluded);

	(void)state;
	assert_non_null(it);
	assert_false(flag(it, "qualifies"));
	assert_string_equal(joined(it, "excluded"), "tag:规上企业");
	assert_string_equal(joined(it, "missing"), "");
	json_decref(j);
}

static void
test_match_wrong_chain_size_and_key(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *o = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.other, 14);

	(void)state;
	assert_string_equal(joined(item(j, fx_.p_chain), "missing"),
	    "chain:polyurethane");
	assert_string_equal(joined(item(o, fx_.p_chain), "matched"),
	    "chain:polyurethane");
	assert_true(flag(item(o, fx_.p_chain), "qualifies"));
	assert_string_equal(joined(item(j, fx_.p_size), "missing"),
	    "size:large");
	assert_string_equal(joined(item(j, fx_.p_key), "matched"),
	    "key_enterprise");
	assert_true(flag(item(j, fx_.p_key), "qualifies"));
	assert_string_equal(joined(item(o, fx_.p_key), "missing"),
	    "key_enterprise");
	assert_false(flag(item(o, fx_.p_key), "qualifies"));
	/* Nothing asked, nothing missing: a citywide policy for all. */
	assert_true(flag(item(o, fx_.p_city), "qualifies"));
	assert_string_equal(joined(item(o, fx_.p_city), "matched"), "");
	json_decref(o);
	json_decref(j);
}

static void
test_match_lists_only_policies_in_force(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);

	(void)state;
	assert_null(item(j, fx_.p_expired));
	assert_null(item(j, fx_.p_future));
	assert_null(item(j, fx_.p_archived));
	assert_non_null(item(j, fx_.p_last_day));
	assert_non_null(item(j, fx_.p_closed));
	json_decref(j);
}

static void
test_match_window_closing_soon(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *narrow = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 2);
	json_t *it = item(j, fx_.p_soon);

	(void)state;
	assert_true(flag(it, "closing_soon"));
	assert_int_equal(json_integer_value(json_object_get(it, "days_left")),
	    3);
	assert_true(json_is_string(json_object_get(it, "apply_until")));
	assert_true(flag(it, "application_open"));
	assert_false(flag(item(narrow, fx_.p_soon), "closing_soon"));
	it = item(j, fx_.p_closed);
	assert_false(flag(it, "closing_soon"));
	assert_false(flag(it, "application_open"));
	assert_true(json_is_null(json_object_get(it, "days_left")));
	assert_false(flag(item(j, fx_.p_ok), "closing_soon"));
	json_decref(narrow);
	json_decref(j);
}

static size_t
position(json_t *answer, const char *id)
{
	json_t *items = json_object_get(answer, "items");
	size_t i;

	for (i = 0; i < json_array_size(items); i++)
		if (json_integer_value(json_object_get(json_array_get(items, i),
		        "id")) == atoll(id))
			return i;
	fail_msg("policy %s is not listed", id);
	return SIZE_MAX;
}

/* Qualifying policies come first, the closing ones first among them. */
static void
test_match_orders_qualifying_first(void **state)
{
	json_t *j = match_ok(ctx_as(HL_ROLE_ADMIN, "1", NULL), fx_.ent, 14);
	json_t *items = json_object_get(j, "items");
	bool seen_no = false;
	size_t i;

	(void)state;
	assert_true(position(j, fx_.p_soon) < position(j, fx_.p_city));
	assert_true(position(j, fx_.p_city) < position(j, fx_.p_tag));
	for (i = 0; i < json_array_size(items); i++) {
		bool qual = flag(json_array_get(items, i), "qualifies");

		if (!qual)
			seen_no = true;
		else if (seen_no)
			fail_msg("a qualifying policy after one that is not");
	}
	json_decref(j);
}

static void
test_match_scoped_to_the_caller(void **state)
{
	struct fx *f = &fx_;
	const char *p[2];
	int st;

	(void)state;
	json_decref(
	    match_ok(ctx_as(HL_ROLE_ENTERPRISE, "1", f->ent), f->ent, 14));
	assert_null(
	    match(ctx_as(HL_ROLE_ENTERPRISE, "1", f->other), f->ent, 14, &st));
	assert_int_equal(st, 404);
	assert_null(match(ctx_as(HL_ROLE_COMMITTEE, f->committee, NULL), f->ent,
	    14, &st));
	assert_int_equal(st, 404);
	json_decref(match_ok(ctx_as(HL_ROLE_COMMITTEE, f->committee, NULL),
	    f->other, 14));
	assert_null(match(ctx_as(HL_ROLE_COMMISSIONER, f->commissioner, NULL),
	    f->ent, 14, &st));
	assert_int_equal(st, 404);
	json_decref(match_ok(
	    ctx_as(HL_ROLE_COMMISSIONER, f->commissioner, NULL), f->other, 14));
	assert_null(match(ctx_as(HL_ROLE_RESPONDER, f->responder, NULL), f->ent,
	    14, &st));
	assert_int_equal(st, 404);
	p[0] = f->ent;
	p[1] = f->responder;
	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description, assignee_user_id)"
	  " SELECT $1, id, 'policy', '测试诉求', '测试', $2 FROM chains"
	  " WHERE code = 'auto-parts'",
	    2, p, NULL);
	json_decref(match_ok(ctx_as(HL_ROLE_RESPONDER, f->responder, NULL),
	    f->ent, 14));
	assert_null(
	    match(ctx_as(HL_ROLE_ADMIN, "1", NULL), "999999999", 14, &st));
	assert_int_equal(st, 404);
}

/* ---- writes that must fail and store nothing ---- */

static const char SQL_COUNTS[] =
    "SELECT (SELECT count(*) FROM policies) * 1000000"
    " + (SELECT count(*) FROM policy_chains) * 1000"
    " + (SELECT count(*) FROM audit_log WHERE object_type = 'policy')";

static char admin_[24];
static char committee_[24];

static int
find_users(void **state)
{
	if (open_db(state) == -1)
		return -1;
	q("SELECT id FROM users WHERE login = 'admin-demo'", 0, NULL, admin_);
	q("SELECT id FROM users WHERE login = 'committee-demo'", 0, NULL,
	    committee_);
	return admin_[0] != '\0' && committee_[0] != '\0' ? 0 : -1;
}

static bool
has_field(const struct hl_err *err, const char *name, const char *needle)
{
	int i;

	for (i = 0; i < err->n_fields; i++)
		if (strcmp(err->fields[i].name, name) == 0)
			return needle == NULL ||
			    strstr(err->fields[i].msg, needle) != NULL;
	return false;
}

static struct hl_policy_in
valid_policy(void)
{
	static const char *chains[] = { "auto-parts" };
	struct hl_policy_in in = { 0 };

	in.title = "测试：不应保存的政策";
	in.issuer = "测试发文机关";
	in.effective_on = "2026-01-01";
	in.chain_codes.v = chains;
	in.chain_codes.n = 1;
	return in;
}

static void
test_create_collects_every_field_error(void **state)
{
	static const char *districts[] = { "张店区", "火星区" };
	static const char *required[] = { "专精特新", "不存在的标签" };
	static const char *excluded[] = { "另一个未知标签" };
	static const char *chains[] = { "auto-parts", "no-such-chain" };
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, admin_, NULL);
	struct hl_policy_in in = valid_policy();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long before = count(SQL_COUNTS);

	(void)state;
	in.expires_on = "2025-12-31";
	in.apply_from = "2026-03-01";
	in.apply_until = "2026-02-01";
	in.districts.v = districts;
	in.districts.n = 2;
	in.required_tags.v = required;
	in.required_tags.n = 2;
	in.excluded_tags.v = excluded;
	in.excluded_tags.n = 1;
	in.chain_codes.v = chains;
	in.chain_codes.n = 2;
	assert_int_equal(hl_policy_create(&c, &in, 0, &out, &err), -1);
	assert_int_equal(err.status, 422);
	assert_true(has_field(&err, "expires_on", NULL));
	assert_true(has_field(&err, "apply_until", NULL));
	assert_true(has_field(&err, "districts", "火星区"));
	assert_false(has_field(&err, "districts", "张店区"));
	assert_true(has_field(&err, "required_tags", "不存在的标签"));
	assert_true(has_field(&err, "excluded_tags", "另一个未知标签"));
	assert_true(has_field(&err, "chain_codes", "no-such-chain"));
	assert_int_equal(out.len, 0);
	assert_int_equal(count(SQL_COUNTS), before);
	hl_buf_release(&out);
}

static void
test_create_committee_only_for_own_chains(void **state)
{
	static const char *other[] = { "polyurethane" };
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, committee_, NULL);
	struct hl_policy_in in = valid_policy();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long before = count(SQL_COUNTS);

	(void)state;
	in.chain_codes.v = other;
	assert_int_equal(hl_policy_create(&c, &in, 0, &out, &err), -1);
	assert_int_equal(err.status, 403);
	assert_true(has_field(&err, "chain_codes", "polyurethane"));
	hl_err_clear(&err);
	in.chain_codes.n = 0; /* citywide: the admins' */
	assert_int_equal(hl_policy_create(&c, &in, 0, &out, &err), -1);
	assert_int_equal(err.status, 403);
	assert_int_equal(count(SQL_COUNTS), before);
	hl_buf_release(&out);
}

static void
test_create_refuses_big_or_broken_markdown(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, admin_, NULL);
	struct hl_policy_in in = valid_policy();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long before = count(SQL_COUNTS);
	char *big = malloc(65537 + 1);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', 65537);
	big[65537] = '\0';
	in.body_md = big;
	assert_int_equal(hl_policy_create(&c, &in, 0, &out, &err), -1);
	assert_int_equal(err.status, 413);
	assert_string_equal(err.code, "payload_too_large");
	/* A configured limit below 64 KiB applies too. */
	big[1025] = '\0';
	hl_err_clear(&err);
	assert_int_equal(hl_policy_create(&c, &in, 1024, &out, &err), -1);
	assert_int_equal(err.status, 413);
	in.body_md = "ok \xc3\x28 broken";
	hl_err_clear(&err);
	assert_int_equal(hl_policy_create(&c, &in, 0, &out, &err), -1);
	assert_int_equal(err.status, 400);
	assert_int_equal(count(SQL_COUNTS), before);
	free(big);
	hl_buf_release(&out);
}

/* A change is checked as the policy it makes: the stored effective_on
 * against a new expires_on. */
static void
test_update_checks_the_merged_policy(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, admin_, NULL);
	struct hl_policy_in chg = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char id[24];
	char stored[24];
	long long before = count(SQL_COUNTS);

	(void)state;
	q("SELECT min(id) FROM policies WHERE effective_on > '2000-01-02'", 0,
	    NULL, id);
	chg.expires_on = "2000-01-01";
	chg.present[HL_POLICY_EXPIRES_ON] = true;
	assert_int_equal(hl_policy_update(&c, atoll(id), &chg, 0, &out, &err),
	    -1);
	assert_int_equal(err.status, 422);
	assert_true(has_field(&err, "expires_on", NULL));
	q("SELECT coalesce(expires_on::text, '') FROM policies WHERE id = $1",
	    1, (const char *const[]){ id }, stored);
	assert_string_not_equal(stored, "2000-01-01");
	hl_err_clear(&err);
	assert_int_equal(hl_policy_update(&c, 999999999, &chg, 0, &out, &err),
	    -1);
	assert_int_equal(err.status, 404);
	assert_int_equal(count(SQL_COUNTS), before);
	hl_buf_release(&out);
}

/* committee-demo serves 汽车部件 only: a 聚氨酯 policy is readable but not
 * theirs to change. */
static void
test_update_other_chains_policy_is_403(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, committee_, NULL);
	struct hl_policy_in chg = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char id[24];
	long long before = count(SQL_COUNTS);

	(void)state;
	q("SELECT min(pc.policy_id) FROM policy_chains pc JOIN chains c"
	  " ON c.id = pc.chain_id WHERE c.code = 'polyurethane'",
	    0, NULL, id);
	chg.title = "改名";
	chg.present[HL_POLICY_TITLE] = true;
	assert_int_equal(hl_policy_update(&c, atoll(id), &chg, 0, &out, &err),
	    -1);
	assert_int_equal(err.status, 403);
	hl_err_clear(&err);
	assert_int_equal(hl_policy_get_json(&c, atoll(id), &out, &err), 0);
	assert_non_null(strstr(hl_buf_cstr(&out), "\"can_edit\" : false"));
	assert_int_equal(count(SQL_COUNTS), before);
	hl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest matching[] = {
		cmocka_unit_test_setup_teardown(
		    test_match_all_criteria_met_qualifies_with_reasons, begin,
		    rollback),
		cmocka_unit_test_setup_teardown(test_match_missing_tag_is_named,
		    begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_match_wrong_district_lists_alternatives, begin,
		    rollback),
		cmocka_unit_test_setup_teardown(
		    test_match_excluded_tag_disqualifies, begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_match_wrong_chain_size_and_key, begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_match_lists_only_policies_in_force, begin, rollback),
		cmocka_unit_test_setup_teardown(test_match_window_closing_soon,
		    begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_match_orders_qualifying_first, begin, rollback),
		cmocka_unit_test_setup_teardown(test_match_scoped_to_the_caller,
		    begin, rollback),
	};
	const struct CMUnitTest writes[] = {
		cmocka_unit_test(test_create_collects_every_field_error),
		cmocka_unit_test(test_create_committee_only_for_own_chains),
		cmocka_unit_test(test_create_refuses_big_or_broken_markdown),
		cmocka_unit_test(test_update_checks_the_merged_policy),
		cmocka_unit_test(test_update_other_chains_policy_is_403),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("policy matching", matching,
	    open_db, close_db);
	failed += cmocka_run_group_tests_name("policy writes", writes,
	    find_users, close_db);
	return failed == 0 ? 0 : 1;
}
