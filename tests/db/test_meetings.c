/*
 * Meetings, action items and common problems against the real schema.
 * Each test runs in a transaction that is rolled back, on a chain of its
 * own with four enterprises, a committee member, a responder and cases
 * made for it: the common-problem grouping on a hand-made set (three
 * similar cases from three enterprises group; three from one enterprise
 * do not; a dissimilar one and another category stay out; a higher
 * threshold splits them) and the trigram index behind it; the drafted
 * agenda and the one-open-agenda rule; frozen minutes versions; the status
 * trigger; a decision that fails half-way leaves nothing; the close guard
 * with and without an override; the overdue sweep.
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
#include <jansson.h>

#include "action.h"
#include "buf.h"
#include "case.h"
#include "common_problem.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "meeting.h"
#include "mem.h"
#include "tfix.h"

static struct hl_db_conn *db_;
static struct hl_arena arena_;

/* The fixture of one test. */
static struct {
	char chain[64];
	char code[40];
	char ent[4][64];
	char committee[64];
	char responder[64];
	char admin[64];
} f_;

static const struct hl_meeting_opts opts_ = { 65536, { 30, 3 } };

/* ---- helpers ---- */

static void
q(const char *sql, int n, const char *const *params, char out[64])
{
	tfix_sql(db_, sql, n, params, out, 64);
}

static long long
count1(const char *sql, const char *p1)
{
	return tfix_sql_int(db_, sql, p1);
}

static void
script(const char *sql)
{
	struct hl_err err = { 0 };

	if (hl_db_exec_script(db_, sql, &err) == -1)
		tfix_sql_fail(sql, &err);
}

static struct hl_ctx
ctx_as(enum hl_role role, const char *user_id)
{
	struct hl_ctx c = { 0 };

	c.db = db_;
	c.arena = &arena_;
	c.request_id = "test-meetings";
	c.client_ip = "127.0.0.1";
	c.role = role;
	c.user_id = atoll(user_id);
	c.login = "test";
	return c;
}

static json_t *
parse(const struct hl_buf *b)
{
	json_error_t je;
	json_t *j = json_loads(hl_buf_cstr(b), 0, &je);

	if (j == NULL)
		fail_msg("not JSON: %s: %s", je.text, hl_buf_cstr(b));
	return j;
}

/* A case of enterprise k on the fixture's chain; status and extras by
 * SQL.  Its id into id. */
static void
new_case(int k, const char *category, const char *title, const char *desc,
    char id[64])
{
	const char *p[5] = { f_.ent[k], f_.chain, category, title, desc };

	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description) VALUES ($1::bigint, $2::bigint, $3, $4, $5)"
	  " RETURNING id",
	    5, p, id);
}

/* Make case id resolved (accepted, assigned to the responder). */
static void
resolve_case(const char *id)
{
	const char *p[2] = { id, f_.responder };

	q("UPDATE cases SET status = 'accepted', accepted_at = hl_now(),"
	  " due_on = hl_today() + 5, due_at = hl_end_of_day(hl_today() + 5)"
	  " WHERE id = $1::bigint",
	    1, p, NULL);
	q("UPDATE cases SET status = 'assigned', assignee_user_id = $2::bigint"
	  " WHERE id = $1::bigint",
	    2, p, NULL);
	q("UPDATE cases SET status = 'in_progress' WHERE id = $1::bigint", 1, p,
	    NULL);
	q("UPDATE cases SET status = 'resolved', resolved_at = hl_now(),"
	  " resolution = '已办结' WHERE id = $1::bigint",
	    1, p, NULL);
}

static int
setup(void **state)
{
	char code[19];
	char v[64];
	const char *p[3];
	int k;

	(void)state;
	script("BEGIN");
	memset(&f_, 0, sizeof(f_));
	snprintf(f_.code, sizeof(f_.code), "tmeet%ld", (long)getpid());
	snprintf(v, sizeof(v), "会议测试链%ld", (long)getpid());
	p[0] = f_.code;
	p[1] = v;
	q("INSERT INTO chains (code, name) VALUES ($1, $2) RETURNING id", 2, p,
	    f_.chain);
	for (k = 0; k < 4; k++) {
		char name[64];

		snprintf(name, sizeof(name), "会议测试企业%d-%ld", k,
		    (long)getpid());
		tfix_credit_code("91370303M", code);
		p[0] = name;
		p[1] = code;
		p[2] = f_.chain;
		q("WITH e AS (INSERT INTO enterprises (name, credit_code,"
		  " district, size_class) VALUES ($1, $2, '张店区', 'small')"
		  " RETURNING id), c AS (INSERT INTO enterprise_chains"
		  " (enterprise_id, chain_id, is_primary) SELECT e.id,"
		  " $3::bigint, true FROM e RETURNING 1) SELECT id FROM e",
		    3, p, f_.ent[k]);
	}
	tfix_sql_user(db_, "t-meet-", "测试党委成员", "committee", f_.committee,
	    sizeof(f_.committee));
	p[0] = f_.committee;
	p[1] = f_.chain;
	q("INSERT INTO user_chains (user_id, chain_id) VALUES ($1::bigint,"
	  " $2::bigint)",
	    2, p, NULL);
	tfix_sql_user(db_, "t-meet-", "测试责任人", "responder", f_.responder,
	    sizeof(f_.responder));
	q("SELECT id FROM users WHERE login = 'admin-demo'", 0, NULL, f_.admin);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	script("ROLLBACK");
	hl_arena_release(&arena_);
	return 0;
}

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
	return 0;
}

/* The common problems of the fixture's chain as committee, percent. */
static json_t *
problems(int64_t percent)
{
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_common_problem_opts o = { percent, 3 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;

	if (hl_common_problem_json(&c, f_.code, &o, &out, &err) == -1)
		fail_msg("common problems: %d %s", err.status, err.msg);
	j = parse(&out);
	hl_buf_release(&out);
	return j;
}

/* The ids of a group's cases as "1,2,3" (in its order). */
static void
group_ids(json_t *group, char *out, size_t cap)
{
	json_t *cases = json_object_get(group, "cases");
	size_t i;
	size_t w = 0;

	out[0] = '\0';
	for (i = 0; i < json_array_size(cases) && w + 24 < cap; i++)
		w += (size_t)snprintf(out + w, cap - w, "%s%lld",
		    i > 0 ? "," : "",
		    json_integer_value(
		        json_object_get(json_array_get(cases, i), "id")));
}

/* ---- common problems ---- */

static struct {
	char a[64], b[64], c[64];    /* similar, three enterprises */
	char d[64], e[64], g[64];    /* similar, one enterprise */
	char odd[64], other_cat[64]; /* dissimilar; similar, other category */
} cp_;

static void
common_set(void)
{
	new_case(0, "talent", "数控高级技工招聘困难",
	    "企业扩产急需数控高级技工，本地招聘困难，希望对接职业院校订单培养。",
	    cp_.a);
	new_case(1, "talent", "高级技工招聘困难",
	    "扩大产能急需数控高级技工，本地招聘困难，希望对接职业院校。",
	    cp_.b);
	new_case(2, "talent", "数控高级技工招聘难",
	    "急需数控高级技工，本地招聘困难，希望政府帮助对接职业院校培养。",
	    cp_.c);
	new_case(3, "policy", "技改补贴申报材料复杂",
	    "技术改造补贴申报材料复杂，希望简化流程。", cp_.d);
	new_case(3, "policy", "技改补贴申报材料太复杂",
	    "技术改造补贴申报材料复杂，希望简化申报流程。", cp_.e);
	new_case(3, "policy", "技改补贴申报材料繁杂",
	    "技术改造补贴的申报材料复杂，希望简化流程。", cp_.g);
	new_case(0, "talent", "厂区道路积水",
	    "雨季厂区门前道路积水严重，影响货车通行。", cp_.odd);
	new_case(1, "legal", "高级技工招聘困难",
	    "扩大产能急需数控高级技工，本地招聘困难，希望对接职业院校。",
	    cp_.other_cat);
}

static void
test_common_problems_three_enterprises_group(void **state)
{
	json_t *j;
	json_t *items;
	char ids[256];
	char want[256];

	(void)state;
	common_set();
	j = problems(30);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	group_ids(json_array_get(items, 0), ids, sizeof(ids));
	snprintf(want, sizeof(want), "%s,%s,%s", cp_.a, cp_.b, cp_.c);
	assert_string_equal(ids, want);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_array_get(items, 0), "n_enterprises")),
	    3);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(items, 0), "category")),
	    "talent");
	json_decref(j);
}

static void
test_common_problems_threshold_splits(void **state)
{
	json_t *j;

	(void)state;
	common_set();
	j = problems(90);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
}

static void
test_common_problems_closed_cases_leave(void **state)
{
	const char *p[1] = { cp_.c };
	json_t *j;

	(void)state;
	common_set();
	q("UPDATE cases SET status = 'rejected', rejected_at = hl_now(),"
	  " reject_reason = '重复' WHERE id = $1::bigint",
	    1, p, NULL);
	j = problems(30);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
}

static void
test_common_problems_other_committee_404(void **state)
{
	struct hl_ctx c;
	struct hl_common_problem_opts o = { 30, 3 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char other[64];

	(void)state;
	q("SELECT id FROM users WHERE login = 'committee-demo'", 0, NULL,
	    other);
	c = ctx_as(HL_ROLE_COMMITTEE, other);
	assert_int_equal(hl_common_problem_json(&c, f_.code, &o, &out, &err),
	    -1);
	assert_int_equal(err.status, 404);
	hl_buf_release(&out);
}

/* The % probe of the query uses the trigram index on open titles, once
 * there are enough cases for an index to pay (500 here). */
static void
test_common_problems_use_the_index(void **state)
{
	const char *p[2] = { f_.chain, f_.ent[0] };
	struct hl_err err = { 0 };
	struct hl_db_res *r;
	struct hl_buf plan = { 0 };
	int i;

	(void)state;
	common_set();
	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description) SELECT $2::bigint, $1::bigint, 'other',"
	  " '问题' || g || md5(g::text), '描述' || md5((g * 7)::text)"
	  " FROM generate_series(1, 500) g",
	    2, p, NULL);
	script("ANALYZE cases");
	if (hl_common_problem_threshold(db_, &opts_.problems, &err) == -1)
		tfix_sql_fail("threshold", &err);
	r = hl_db_exec(db_,
	    "EXPLAIN WITH RECURSIVE " HL_COMMON_PROBLEM_SQL_CTES("$1::bigint",
	        "3") " SELECT count(*) FROM cp_group",
	    1, p, &err);
	if (r == NULL)
		tfix_sql_fail("EXPLAIN", &err);
	for (i = 0; i < hl_db_nrows(r); i++) {
		hl_buf_puts(&plan, hl_db_get(r, i, 0));
		hl_buf_putc(&plan, '\n');
	}
	hl_db_res_free(r);
	/* The open titles' index, or the one on every title: both are
	 * trigram indexes the probe may take. */
	if (strstr(hl_buf_cstr(&plan), "title_trgm") == NULL ||
	    strstr(hl_buf_cstr(&plan), "Bitmap Index Scan") == NULL)
		fail_msg("the plan does not use the index:\n%s",
		    hl_buf_cstr(&plan));
	hl_buf_release(&plan);
}

/* ---- meetings ---- */

static json_t *
create_meeting(const char *title, const char *starts_at, const char *status)
{
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_meeting_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;

	in.chain_code = f_.code;
	in.title = title;
	in.starts_at = starts_at;
	in.status = status;
	if (hl_meeting_create(&c, &opts_, &in, &out, &err) == -1)
		fail_msg("create: %d %s %s", err.status, err.code, err.msg);
	j = parse(&out);
	hl_buf_release(&out);
	return j;
}

static int
set_status(int64_t id, const char *status, const char *minutes,
    struct hl_err *err)
{
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_meeting_in in = { 0 };
	struct hl_buf out = { 0 };
	int rc;

	in.status = status;
	in.minutes_md = minutes;
	rc = hl_meeting_update(&c, &opts_, id, &in, &out, err);
	hl_buf_release(&out);
	return rc;
}

static int64_t
id_of(json_t *j)
{
	return json_integer_value(json_object_get(j, "id"));
}

static void
test_meeting_drafts_agenda_one_open_agenda_per_case(void **state)
{
	char esc[64];
	char ovd[64];
	char n[64];
	const char *p[1];
	json_t *m1;
	json_t *m2;
	json_t *m3;
	json_t *agenda;
	struct hl_err err = { 0 };

	(void)state;
	common_set();
	new_case(1, "approvals", "用地审批卡住", "新厂房用地审批半年未批。",
	    esc);
	p[0] = esc;
	q("UPDATE cases SET escalated = true, escalated_at = hl_now(),"
	  " escalated_reason = '多部门' WHERE id = $1::bigint",
	    1, p, NULL);
	new_case(2, "financing", "贷款审批超期", "技改贷款超过期限未批。", ovd);
	p[0] = ovd;
	q("UPDATE cases SET status = 'accepted', accepted_at = hl_now(),"
	  " due_on = hl_today() - 3, due_at = hl_end_of_day(hl_today() - 3)"
	  " WHERE id = $1::bigint",
	    1, p, NULL);
	m1 = create_meeting("第一次例会", "2026-01-05T09:00:00+08:00", NULL);
	agenda = json_object_get(m1, "agenda");
	assert_int_equal(json_array_size(agenda), 3);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(agenda, 0), "kind")),
	    "escalated");
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(agenda, 1), "kind")),
	    "overdue");
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(agenda, 2), "kind")),
	    "common_problem");
	assert_int_equal(json_array_size(json_object_get(
	                     json_array_get(agenda, 2), "cases")),
	    3);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_array_get(agenda, 0), "case_id")),
	    atoll(esc));
	/* Each linked case has an agenda row on its timeline. */
	assert_int_equal(count1("SELECT count(*) FROM case_events e"
	                        " JOIN cases c ON c.id = e.case_id"
	                        " WHERE c.chain_id = $1::bigint"
	                        " AND e.kind = 'agenda'",
	                     f_.chain),
	    5);
	/* While the first is open, a second meeting gets none of them. */
	m2 = create_meeting("第二次例会", "2026-01-06T09:00:00+08:00", NULL);
	assert_int_equal(json_array_size(json_object_get(m2, "agenda")), 0);
	/* Once the first has been held, they may go on an agenda again. */
	assert_int_equal(set_status(id_of(m1), "held", NULL, &err), 0);
	m3 = create_meeting("第三次例会", "2026-01-07T09:00:00+08:00", NULL);
	assert_int_equal(json_array_size(json_object_get(m3, "agenda")), 3);
	snprintf(n, sizeof(n), "%lld",
	    count1("SELECT count(*) FROM meeting_agenda_cases"
	           " WHERE meeting_open AND case_id = $1::bigint",
	        esc));
	assert_string_equal(n, "1");
	json_decref(m1);
	json_decref(m2);
	json_decref(m3);
}

static void
test_meeting_scheduled_must_lie_ahead(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_meeting_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	in.chain_code = f_.code;
	in.title = "过去的会议";
	in.starts_at = "2020-01-01T09:00:00+08:00";
	in.status = "scheduled";
	assert_int_equal(hl_meeting_create(&c, &opts_, &in, &out, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "starts_at");
	assert_int_equal(count1("SELECT count(*) FROM meetings"
	                        " WHERE chain_id = $1::bigint",
	                     f_.chain),
	    0);
	hl_buf_release(&out);
}

static void
test_minutes_versions_frozen(void **state)
{
	json_t *m;
	char id[24];
	char v1[64];
	struct hl_err err = { 0 };
	const char *p[1] = { id };

	(void)state;
	m = create_meeting("纪要测试会", "2026-01-05T09:00:00+08:00", NULL);
	snprintf(id, sizeof(id), "%lld", (long long)id_of(m));
	assert_int_equal(set_status(id_of(m), "held", NULL, &err), 0);
	/* Approval needs minutes. */
	assert_int_equal(set_status(id_of(m), "minutes_approved", NULL, &err),
	    -1);
	assert_int_equal(err.status, 422);
	hl_err_clear(&err);
	assert_int_equal(
	    set_status(id_of(m), "minutes_approved", "## 纪要\n\n第一版", &err),
	    0);
	assert_int_equal(count1("SELECT count(*) FROM meeting_minutes_versions"
	                        " WHERE meeting_id = $1::bigint",
	                     id),
	    1);
	/* Approved minutes change only into a new version. */
	assert_int_equal(set_status(id_of(m), NULL, "## 纪要\n\n第二版", &err),
	    0);
	q("SELECT string_agg(version || ':' || minutes_md, '|' ORDER BY"
	  " version) FROM meeting_minutes_versions WHERE meeting_id = $1::bigint",
	    1, p, v1);
	assert_string_equal(v1, "1:## 纪要\n\n第一版|2:## 纪要\n\n第二版");
	assert_int_equal(count1("SELECT minutes_version FROM meetings"
	                        " WHERE id = $1::bigint",
	                     id),
	    2);
	/* The rows themselves never change. */
	script("SAVEPOINT frozen");
	{
		struct hl_db_res *r = hl_db_exec(db_,
		    "UPDATE meeting_minutes_versions SET minutes_md = 'x'"
		    " WHERE meeting_id = $1::bigint",
		    1, p, &err);

		assert_null(r);
		assert_int_equal(err.status, 409);
		assert_string_equal(err.code, "conflict");
	}
	script("ROLLBACK TO SAVEPOINT frozen");
	json_decref(m);
}

static void
test_status_trigger_refuses_jumps(void **state)
{
	json_t *m;
	char id[24];
	const char *p[1] = { id };
	struct hl_err err = { 0 };
	struct hl_db_res *r;

	(void)state;
	m = create_meeting("状态测试会", "2026-01-05T09:00:00+08:00", NULL);
	snprintf(id, sizeof(id), "%lld", (long long)id_of(m));
	script("SAVEPOINT jump");
	r = hl_db_exec(db_,
	    "UPDATE meetings SET status = 'minutes_approved',"
	    " minutes_md = 'x' WHERE id = $1::bigint",
	    1, p, &err);
	assert_null(r);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "invalid_transition");
	script("ROLLBACK TO SAVEPOINT jump");
	/* And the domain says why, in Chinese, without writing. */
	hl_err_clear(&err);
	assert_int_equal(set_status(id_of(m), "minutes_approved", "x", &err),
	    -1);
	assert_int_equal(err.status, 409);
	assert_non_null(strstr(err.msg, "草稿"));
	json_decref(m);
}

/* ---- decisions and action items ---- */

static int
decide(int64_t meeting, const char *text, struct hl_action_in *a, size_t n,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_ctx c = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_meeting_decision_in in = { 0 };

	in.text = text;
	in.actions = a;
	in.n_actions = n;
	return hl_meeting_decide(&c, meeting, &in, out, err);
}

static void
test_decision_fails_whole(void **state)
{
	char cs[64];
	json_t *m;
	int64_t ids[1];
	struct hl_action_in a[2] = { { 0 }, { 0 } };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char mid[24];

	(void)state;
	new_case(0, "policy", "政策兑现慢", "补贴兑现超过三个月。", cs);
	ids[0] = atoll(cs);
	m = create_meeting("决定测试会", "2026-01-05T09:00:00+08:00", NULL);
	snprintf(mid, sizeof(mid), "%lld", (long long)id_of(m));
	/* Not held yet. */
	assert_int_equal(decide(id_of(m), "决定", NULL, 0, &out, &err), -1);
	assert_int_equal(err.status, 409);
	hl_err_clear(&err);
	assert_int_equal(set_status(id_of(m), "held", NULL, &err), 0);
	a[0].owner_id = atoll(f_.responder);
	a[0].due_workdays = 5;
	a[0].case_ids = ids;
	a[0].n_case_ids = 1;
	a[1].owner_id = 999999999;
	a[1].due_on = "2026-02-01";
	assert_int_equal(decide(id_of(m), "请财政局加快兑现", a, 2, &out, &err),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "actions[1].owner_id");
	assert_int_equal(count1("SELECT (SELECT count(*) FROM meeting_decisions"
	                        " WHERE meeting_id = $1::bigint)"
	                        " + (SELECT count(*) FROM action_items"
	                        " WHERE meeting_id = $1::bigint)",
	                     mid),
	    0);
	assert_int_equal(count1("SELECT count(*) FROM case_events"
	                        " WHERE case_id = $1::bigint AND kind = 'note'",
	                     cs),
	    0);
	/* A deadline before the meeting's day. */
	hl_err_clear(&err);
	a[1].owner_id = atoll(f_.responder);
	a[1].due_on = "2026-01-04";
	assert_int_equal(decide(id_of(m), "请财政局加快兑现", a, 2, &out, &err),
	    -1);
	assert_string_equal(err.fields[0].name, "actions[1].due_on");
	/* The working days follow the calendar: 5 after Monday 2026-01-05. */
	hl_err_clear(&err);
	assert_int_equal(decide(id_of(m), "请财政局加快兑现", a, 1, &out, &err),
	    0);
	assert_int_equal(count1("SELECT count(*) FROM action_items"
	                        " WHERE meeting_id = $1::bigint"
	                        " AND due_on = '2026-01-12'",
	                     mid),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM messages m"
	                        " JOIN action_items a"
	                        " ON a.owner_user_id = m.user_id"
	                        " WHERE a.meeting_id = $1::bigint"
	                        " AND m.event_type = 'action.assigned'",
	                     mid),
	    1);
	hl_buf_release(&out);
	json_decref(m);
}

/* A held meeting with one open action item on case cs, owned by the
 * responder; the item's id into action. */
static void
open_action_on(const char *cs, char action[64])
{
	json_t *m;
	int64_t ids[1];
	struct hl_action_in a = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *p[1] = { cs };

	m = create_meeting("督办测试会", "2026-01-05T09:00:00+08:00", NULL);
	assert_int_equal(set_status(id_of(m), "held", NULL, &err), 0);
	ids[0] = atoll(cs);
	a.owner_id = atoll(f_.responder);
	a.due_workdays = 3;
	a.case_ids = ids;
	a.n_case_ids = 1;
	if (decide(id_of(m), "限期解决", &a, 1, &out, &err) == -1)
		fail_msg("decide: %s", err.msg);
	q("SELECT a.id FROM action_items a JOIN action_item_cases l"
	  " ON l.action_item_id = a.id WHERE l.case_id = $1::bigint",
	    1, p, action);
	hl_buf_release(&out);
	json_decref(m);
}

static int
confirm(struct hl_ctx *c, const char *cs, int64_t rating, const char *reason,
    struct hl_err *err)
{
	struct hl_case_transition t = { 0 };
	struct hl_buf out = { 0 };
	int rc;

	t.action = "confirm";
	t.rating = rating;
	t.override_reason = reason;
	rc = hl_case_transition(c, atoll(cs), &t, &out, err);
	hl_buf_release(&out);
	return rc;
}

static void
test_close_guard_and_override(void **state)
{
	char cs[64];
	char action[64];
	char owner[64];
	char status[64];
	struct hl_ctx ent;
	struct hl_ctx cmt = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_err err = { 0 };
	const char *p[2];

	(void)state;
	new_case(0, "policy", "补贴兑现", "补贴迟迟未兑现。", cs);
	open_action_on(cs, action);
	resolve_case(cs);
	/* The enterprise that owns the case. */
	p[0] = f_.ent[0];
	q("INSERT INTO users (login, name, role, password_hash, enterprise_id)"
	  " VALUES ('t-meet-owner-' || $1, '企业用户', 'enterprise',"
	  " '$argon2id$x', $1::bigint) RETURNING id",
	    1, p, owner);
	ent = ctx_as(HL_ROLE_ENTERPRISE, owner);
	ent.enterprise_id = atoll(f_.ent[0]);
	assert_int_equal(confirm(&ent, cs, 5, NULL, &err), -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "open_action");
	/* A committee member needs a written reason. */
	hl_err_clear(&err);
	assert_int_equal(confirm(&cmt, cs, 0, "  ", &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "override_reason");
	p[0] = cs;
	q("SELECT status FROM cases WHERE id = $1::bigint", 1, p, status);
	assert_string_equal(status, "resolved");
	/* With one, the case closes, unrated, and the reason is kept. */
	hl_err_clear(&err);
	assert_int_equal(confirm(&cmt, cs, 0, "企业已书面确认问题解决", &err),
	    0);
	q("SELECT status || ':' || coalesce(rating::text, 'none') FROM cases"
	  " WHERE id = $1::bigint",
	    1, p, status);
	assert_string_equal(status, "closed:none");
	assert_int_equal(count1("SELECT count(*) FROM audit_log"
	                        " WHERE action = 'case.close_override'"
	                        " AND object_id = $1",
	                     cs),
	    1);
	assert_int_equal(
	    count1("SELECT count(*) FROM case_events"
	           " WHERE case_id = $1::bigint AND action ="
	           " 'confirm' AND body = '企业已书面确认问题解决'",
	        cs),
	    1);
	/* The action item itself stays open. */
	assert_int_equal(count1("SELECT count(*) FROM action_items"
	                        " WHERE id = $1::bigint AND status = 'open'",
	                     action),
	    1);
}

static void
test_close_after_action_done(void **state)
{
	char cs[64];
	char action[64];
	char owner[64];
	const char *p[1] = { f_.ent[1] };
	struct hl_ctx rsp = ctx_as(HL_ROLE_RESPONDER, f_.responder);
	struct hl_ctx ent;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	new_case(1, "policy", "补贴兑现二", "补贴迟迟未兑现。", cs);
	open_action_on(cs, action);
	resolve_case(cs);
	q("INSERT INTO users (login, name, role, password_hash, enterprise_id)"
	  " VALUES ('t-meet-owner-' || $1, '企业用户', 'enterprise',"
	  " '$argon2id$x', $1::bigint) RETURNING id",
	    1, p, owner);
	ent = ctx_as(HL_ROLE_ENTERPRISE, owner);
	ent.enterprise_id = atoll(f_.ent[1]);
	assert_int_equal(
	    hl_action_complete(&rsp, atoll(action), "已兑现", &out, &err), 0);
	assert_int_equal(confirm(&ent, cs, 4, NULL, &err), 0);
	hl_buf_release(&out);
}

/* 退回 ends a case as surely as a close: with an open action item the
 * enterprise's commissioner may not reject it; the committee may, and the
 * override is audited. */
static void
test_reject_guard(void **state)
{
	char cs[64];
	char action[64];
	char com[64];
	char status[64];
	struct hl_ctx c;
	struct hl_ctx cmt = ctx_as(HL_ROLE_COMMITTEE, f_.committee);
	struct hl_case_transition t = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *p[2];

	(void)state;
	new_case(2, "approvals", "用地审批待退回", "新厂房用地审批半年未批。",
	    cs);
	open_action_on(cs, action);
	tfix_sql_user(db_, "t-meet-", "测试服务专员", "commissioner", com,
	    sizeof(com));
	p[0] = com;
	p[1] = f_.ent[2];
	q("INSERT INTO assignments (commissioner_id, enterprise_id) VALUES"
	  " ($1::bigint, $2::bigint)",
	    2, p, NULL);
	c = ctx_as(HL_ROLE_COMMISSIONER, com);
	t.action = "reject";
	t.reason = "不属于服务范围";
	assert_int_equal(hl_case_transition(&c, atoll(cs), &t, &out, &err), -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "open_action");
	p[0] = cs;
	q("SELECT status FROM cases WHERE id = $1::bigint", 1, p, status);
	assert_string_equal(status, "submitted");
	/* Without a reason the committee is refused as anyone would be. */
	hl_err_clear(&err);
	t.reason = " ";
	assert_int_equal(hl_case_transition(&cmt, atoll(cs), &t, &out, &err),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "reason");
	assert_int_equal(count1("SELECT count(*) FROM audit_log"
	                        " WHERE action = 'case.close_override'"
	                        " AND object_id = $1",
	                     cs),
	    0);
	hl_err_clear(&err);
	t.reason = "经党委会议研究，转由市直部门另行处理";
	assert_int_equal(hl_case_transition(&cmt, atoll(cs), &t, &out, &err),
	    0);
	q("SELECT status FROM cases WHERE id = $1::bigint", 1, p, status);
	assert_string_equal(status, "rejected");
	assert_int_equal(count1("SELECT count(*) FROM audit_log"
	                        " WHERE action = 'case.close_override'"
	                        " AND object_id = $1"
	                        " AND after->>'action' = 'reject'",
	                     cs),
	    1);
	hl_buf_release(&out);
}

static void
test_overdue_sweep_tells_owner_once(void **state)
{
	char cs[64];
	char action[64];
	const char *p[1] = { action };
	struct hl_err err = { 0 };

	(void)state;
	new_case(2, "policy", "督办逾期测试", "测试逾期。", cs);
	open_action_on(cs, action);
	q("UPDATE action_items SET due_on = hl_today() - 1"
	  " WHERE id = $1::bigint",
	    1, p, NULL);
	assert_int_equal(hl_action_job_overdue(db_, NULL, &err), 0);
	assert_int_equal(hl_action_job_overdue(db_, NULL, &err), 0);
	assert_int_equal(count1("SELECT count(*) FROM messages m"
	                        " JOIN action_items a"
	                        " ON a.owner_user_id = m.user_id"
	                        " WHERE a.id = $1::bigint"
	                        " AND m.event_type = 'action.overdue'",
	                     action),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM audit_log"
	                        " WHERE action = 'action.overdue'"
	                        " AND object_id = $1",
	                     action),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM action_items"
	                        " WHERE id = $1::bigint"
	                        " AND overdue_notified_at IS NOT NULL",
	                     action),
	    1);
}

/* ---- notifications ---- */

/* The outbox rows of type on the fixture's webhook whose payload has a
 * Chinese title and a desk link, and the messages of that type to user. */
static long long
n_outbox(const char *type)
{
	const char *p[2] = { type, f_.chain };
	char n[64];

	q("SELECT count(*) FROM outbox o JOIN webhooks w ON w.id = o.webhook_id"
	  " WHERE o.event_type = $1 AND w.chain_id = $2::bigint"
	  " AND o.chain_id = $2::bigint"
	  " AND o.payload->>'title' ~ '[一-龥]'"
	  " AND o.payload->>'link' LIKE '/desk/%'",
	    2, p, n);
	return atoll(n);
}

static long long
n_messages(const char *type, const char *user)
{
	const char *p[3] = { type, user, f_.chain };
	char n[64];

	q("SELECT count(*) FROM messages WHERE event_type = $1"
	  " AND user_id = $2::bigint AND chain_id = $3::bigint"
	  " AND title ~ '[一-龥]' AND link LIKE '/desk/%'",
	    3, p, n);
	return atoll(n);
}

/*
 * Every meeting and action event goes through the notification contract
 * in the transaction of its change: one outbox row per subscribed webhook
 * (payload with a Chinese "title" and a desk "link") and the in-app
 * messages of whom it concerns; a change that fails leaves neither.
 */
static void
test_every_event_notifies_in_its_transaction(void **state)
{
	const char *types[] = { "meeting.scheduled", "meeting.cancelled",
		"meeting.minutes_approved", "action.assigned",
		"action.completed", "action.overdue" };
	struct hl_ctx rsp = ctx_as(HL_ROLE_RESPONDER, f_.responder);
	struct hl_action_in a[2] = { { 0 }, { 0 } };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char cs[64];
	char mid[24];
	char action[64];
	const char *p[2];
	int64_t ids[1];
	json_t *future;
	json_t *held;
	size_t i;

	(void)state;
	/* Nothing registered yet: each type is a row of notification_types. */
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		p[0] = types[i];
		q("SELECT count(*) FROM notification_types WHERE name = $1", 1,
		    p, cs);
		assert_string_equal(cs, "1");
	}
	p[0] = f_.chain;
	q("INSERT INTO webhooks (name, url, chain_id) VALUES ('会议测试',"
	  " 'http://192.0.2.1/hook', $1::bigint) RETURNING id",
	    1, p, NULL);

	/* Scheduled, then cancelled: the attendee with an account hears. */
	future =
	    create_meeting("通知测试会", "2030-03-01T09:00:00+08:00", NULL);
	snprintf(mid, sizeof(mid), "%lld", (long long)id_of(future));
	p[0] = mid;
	p[1] = f_.committee;
	q("INSERT INTO meeting_attendees (meeting_id, user_id, name) VALUES"
	  " ($1::bigint, $2::bigint, '测试党委成员')",
	    2, p, NULL);
	assert_int_equal(n_outbox("meeting.scheduled"), 0);
	assert_int_equal(set_status(id_of(future), "scheduled", NULL, &err), 0);
	assert_int_equal(n_outbox("meeting.scheduled"), 1);
	assert_int_equal(n_messages("meeting.scheduled", f_.committee), 1);
	assert_int_equal(set_status(id_of(future), "cancelled", NULL, &err), 0);
	assert_int_equal(n_outbox("meeting.cancelled"), 1);
	assert_int_equal(n_messages("meeting.cancelled", f_.committee), 1);

	/* A held meeting: decisions, then its minutes approved. */
	held = create_meeting("纪要通知会", "2026-01-05T09:00:00+08:00", NULL);
	snprintf(mid, sizeof(mid), "%lld", (long long)id_of(held));
	p[0] = mid;
	q("INSERT INTO meeting_attendees (meeting_id, user_id, name) VALUES"
	  " ($1::bigint, $2::bigint, '测试党委成员')",
	    2, p, NULL);
	assert_int_equal(set_status(id_of(held), "held", NULL, &err), 0);

	/* A decision that fails on its second action tells nobody. */
	new_case(0, "policy", "通知测试诉求", "补贴兑现慢。", cs);
	ids[0] = atoll(cs);
	a[0].owner_id = atoll(f_.responder);
	a[0].due_workdays = 3;
	a[0].case_ids = ids;
	a[0].n_case_ids = 1;
	a[1].owner_id = 999999999;
	a[1].due_workdays = 3;
	assert_int_equal(decide(id_of(held), "限期兑现", a, 2, &out, &err), -1);
	assert_int_equal(n_outbox("action.assigned"), 0);
	assert_int_equal(n_messages("action.assigned", f_.responder), 0);
	hl_err_clear(&err);
	/* Assigned, completed (the recorder of the decision hears). */
	assert_int_equal(decide(id_of(held), "限期兑现", a, 1, &out, &err), 0);
	assert_int_equal(n_outbox("action.assigned"), 1);
	assert_int_equal(n_messages("action.assigned", f_.responder), 1);
	p[0] = cs;
	q("SELECT a.id FROM action_items a JOIN action_item_cases l"
	  " ON l.action_item_id = a.id WHERE l.case_id = $1::bigint",
	    1, p, action);
	assert_int_equal(
	    hl_action_complete(&rsp, atoll(action), "已兑现", &out, &err), 0);
	assert_int_equal(n_outbox("action.completed"), 1);
	assert_int_equal(n_messages("action.completed", f_.committee), 1);

	/* Overdue: a second item, past its deadline, swept. */
	a[0].case_ids = NULL;
	a[0].n_case_ids = 0;
	assert_int_equal(decide(id_of(held), "限期上报", a, 1, &out, &err), 0);
	p[0] = mid;
	q("UPDATE action_items SET due_on = hl_today() - 1"
	  " WHERE meeting_id = $1::bigint AND status = 'open'",
	    1, p, NULL);
	assert_int_equal(hl_action_job_overdue(db_, NULL, &err), 0);
	assert_int_equal(n_outbox("action.overdue"), 1);
	assert_int_equal(n_messages("action.overdue", f_.responder), 1);
	assert_int_equal(
	    set_status(id_of(held), "minutes_approved", "## 纪要", &err), 0);
	assert_int_equal(n_outbox("meeting.minutes_approved"), 1);
	assert_int_equal(n_messages("meeting.minutes_approved", f_.committee),
	    1);

	/* Seven events in all (two items assigned); each payload carries
	 * ids and a status, never the text of a note. */
	p[0] = f_.chain;
	q("SELECT count(*) || ':' || count(*) FILTER (WHERE"
	  " (o.payload ? 'meeting_id') AND (o.payload ? 'status')"
	  " AND NOT (o.payload ? 'body') AND NOT (o.payload ? 'note')"
	  " AND NOT (o.payload ? 'completion_note'))"
	  " FROM outbox o WHERE o.chain_id = $1::bigint",
	    1, p, cs);
	assert_string_equal(cs, "7:7");
	hl_buf_release(&out);
	json_decref(future);
	json_decref(held);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_common_problems_three_enterprises_group, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_common_problems_threshold_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_common_problems_closed_cases_leave, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_common_problems_other_committee_404, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_common_problems_use_the_index, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_meeting_drafts_agenda_one_open_agenda_per_case, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_meeting_scheduled_must_lie_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minutes_versions_frozen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_status_trigger_refuses_jumps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision_fails_whole,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_guard_and_override,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_after_action_done,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject_guard, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_overdue_sweep_tells_owner_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_every_event_notifies_in_its_transaction, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("meetings", tests, open_db,
	    close_db);
}
