/*
 * Unit tests for case_fsm.c.  The expected verdicts are written out here as
 * grids, one per role, independently of the module's tables: every status,
 * action, role, escalation flag and combination of the caller's ties to the
 * case is checked against them.
 */
/* link: case_fsm err mem log str */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "case_fsm.h"
#include "ctx.h"
#include "err.h"

#define N_ST  HL_CASE_FSM_N_STATUSES
#define N_ACT HL_CASE_FSM_N_ACTIONS

static const char *const status_api[N_ST] = { "submitted", "accepted",
	"rejected", "assigned", "in_progress", "resolved", "closed" };
static const char *const action_api[N_ACT] = { "accept", "reject", "assign",
	"start", "resolve", "confirm", "reopen", "escalate", "deescalate" };

static const enum hl_role roles[] = { HL_ROLE_NONE, HL_ROLE_ENTERPRISE,
	HL_ROLE_COMMISSIONER, HL_ROLE_RESPONDER, HL_ROLE_COMMITTEE,
	HL_ROLE_ADMIN };
#define N_ROLES (sizeof(roles) / sizeof(roles[0]))

/*
 * Verdicts for a case that is not escalated, when the caller has every tie
 * to the case (in charge, assignee, owner): A allowed, I 409
 * invalid_transition, F 403 forbidden.  Rows are statuses in API order,
 * columns the actions in API order:
 *   accept reject assign start resolve confirm reopen escalate deescalate
 */
static const char *const grid[N_ROLES][N_ST] = {
	/* anonymous */
	{ "FFFFFFFFF", "FFFFFFFFF", "FFFFFFFFF", "FFFFFFFFF", "FFFFFFFFF",
	    "FFFFFFFFF", "FFFFFFFFF" },
	/* enterprise */
	{
	    "FFFFFIIFF", /* submitted */
	    "FFFFFIIFF", /* accepted */
	    "FFFFFIIFF", /* rejected */
	    "FFFFFIIFF", /* assigned */
	    "FFFFFIIFF", /* in_progress */
	    "FFFFFAAFF", /* resolved */
	    "FFFFFIIFF", /* closed */
	},
	/* commissioner */
	{
	    "AAIIIFFAI", /* submitted */
	    "IIAIIFFAI", /* accepted */
	    "IIIIIFFII", /* rejected */
	    "IIAAIFFAI", /* assigned */
	    "IIAIAFFAI", /* in_progress */
	    "IIIIIFFAI", /* resolved */
	    "IIIIIFFII", /* closed */
	},
	/* responder */
	{
	    "FFFIIFFFF", /* submitted */
	    "FFFIIFFFF", /* accepted */
	    "FFFIIFFFF", /* rejected */
	    "FFFAIFFFF", /* assigned */
	    "FFFIAFFFF", /* in_progress */
	    "FFFIIFFFF", /* resolved */
	    "FFFIIFFFF", /* closed */
	},
	/* committee */
	{
	    "AAIIIFFAI", /* submitted */
	    "IIAIIFFAI", /* accepted */
	    "IIIIIFFII", /* rejected */
	    "IIAAIFFAI", /* assigned */
	    "IIAIAFFAI", /* in_progress */
	    "IIIIIFFAI", /* resolved */
	    "IIIIIFFII", /* closed */
	},
	/* admin */
	{
	    "AAIIIFFAI", /* submitted */
	    "IIAIIFFAI", /* accepted */
	    "IIIIIFFII", /* rejected */
	    "IIAAIFFAI", /* assigned */
	    "IIAIAFFAI", /* in_progress */
	    "IIIIIFFAI", /* resolved */
	    "IIIIIFFII", /* closed */
	},
};

/* The status after each allowed move, as the PRODUCT.md diagram draws it;
 * "=" keeps the status (re-assignment, escalation). */
static const char *const edges[][3] = {
	{ "submitted", "accept", "accepted" },
	{ "submitted", "reject", "rejected" },
	{ "accepted", "assign", "assigned" },
	{ "assigned", "assign", "=" },
	{ "assigned", "start", "in_progress" },
	{ "in_progress", "assign", "=" },
	{ "in_progress", "resolve", "resolved" },
	{ "resolved", "confirm", "closed" },
	{ "resolved", "reopen", "in_progress" },
	{ "submitted", "escalate", "=" },
	{ "accepted", "escalate", "=" },
	{ "assigned", "escalate", "=" },
	{ "in_progress", "escalate", "=" },
	{ "resolved", "escalate", "=" },
	{ "submitted", "deescalate", "=" },
	{ "accepted", "deescalate", "=" },
	{ "assigned", "deescalate", "=" },
	{ "in_progress", "deescalate", "=" },
	{ "resolved", "deescalate", "=" },
};

static enum hl_case_fsm_status
st_of(const char *name)
{
	enum hl_case_fsm_status s = 0;

	if (hl_case_fsm_status_parse(name, &s) == -1)
		fail_msg("unknown status %s", name);
	return s;
}

static enum hl_case_fsm_action
act_of(const char *name)
{
	enum hl_case_fsm_action a = 0;

	if (hl_case_fsm_action_parse(name, &a) == -1)
		fail_msg("unknown action %s", name);
	return a;
}

static const char *
expected_next(int st, int act)
{
	size_t i;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		if (strcmp(edges[i][0], status_api[st]) == 0 &&
		    strcmp(edges[i][1], action_api[act]) == 0)
			return strcmp(edges[i][2], "=") == 0 ? status_api[st]
			                                     : edges[i][2];
	return NULL;
}

/* The expected verdict for one combination; st and act index the API name
 * arrays. */
static char
expected(size_t r, int st, int act, bool escalated,
    const struct hl_case_fsm_facts *f)
{
	int col = act;
	char c;

	/* On an escalated case, escalate and deescalate swap verdicts. */
	if (escalated && act == 7)
		col = 8;
	else if (escalated && act == 8)
		col = 7;
	c = grid[r][st][col];
	if (c != 'A' || roles[r] == HL_ROLE_ADMIN)
		return c;
	switch (act) {
	case 3: /* start */
	case 4: /* resolve */
		return f->is_assignee ? 'A' : 'F';
	case 5: /* confirm */
	case 6: /* reopen */
		return f->is_owner ? 'A' : 'F';
	default: /* accept, reject, assign, escalate, deescalate */
		return f->is_in_charge ? 'A' : 'F';
	}
}

static void
test_names_round_trip(void **state)
{
	enum hl_case_fsm_status s;
	enum hl_case_fsm_action a;
	int i;

	(void)state;
	for (i = 0; i < N_ST; i++) {
		s = st_of(status_api[i]);
		assert_int_equal(s, HL_CASE_FSM_SUBMITTED + i);
		assert_string_equal(hl_case_fsm_status_name(s), status_api[i]);
		assert_non_null(hl_case_fsm_status_label(s));
	}
	for (i = 0; i < N_ACT; i++) {
		a = act_of(action_api[i]);
		assert_int_equal(a, HL_CASE_FSM_ACCEPT + i);
		assert_string_equal(hl_case_fsm_action_name(a), action_api[i]);
		assert_non_null(hl_case_fsm_action_label(a));
	}
	assert_int_equal(HL_CASE_FSM_IN_PROGRESS, st_of("in_progress"));
	assert_int_equal(HL_CASE_FSM_DEESCALATE, act_of("deescalate"));
	assert_string_equal(hl_case_fsm_status_label(HL_CASE_FSM_CLOSED),
	    "已关闭");
	assert_string_equal(hl_case_fsm_action_label(HL_CASE_FSM_ACCEPT),
	    "受理");
	assert_null(hl_case_fsm_status_name(0));
	assert_null(hl_case_fsm_status_name(N_ST + 1));
	assert_null(hl_case_fsm_status_label(0));
	assert_null(hl_case_fsm_action_name(0));
	assert_null(hl_case_fsm_action_name(N_ACT + 1));
	assert_null(hl_case_fsm_action_label(N_ACT + 1));
}

static void
test_names_unknown_refused(void **state)
{
	static const char *const bad[] = { "", "Submitted", "in-progress",
		"inprogress", "open", "de-escalate", "Accept", "accept ",
		"close", "submit" };
	enum hl_case_fsm_status s = HL_CASE_FSM_CLOSED;
	enum hl_case_fsm_action a = HL_CASE_FSM_REOPEN;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(hl_case_fsm_status_parse(bad[i], &s), -1);
		assert_int_equal(hl_case_fsm_action_parse(bad[i], &a), -1);
	}
	assert_int_equal(hl_case_fsm_action_parse("accepted", &a), -1);
	assert_int_equal(hl_case_fsm_status_parse("accept", &s), -1);
	assert_int_equal(s, HL_CASE_FSM_CLOSED);
	assert_int_equal(a, HL_CASE_FSM_REOPEN);
}

static void
test_is_open_all_but_rejected_and_closed(void **state)
{
	(void)state;
	assert_true(hl_case_fsm_is_open(HL_CASE_FSM_SUBMITTED));
	assert_true(hl_case_fsm_is_open(HL_CASE_FSM_ACCEPTED));
	assert_false(hl_case_fsm_is_open(HL_CASE_FSM_REJECTED));
	assert_true(hl_case_fsm_is_open(HL_CASE_FSM_ASSIGNED));
	assert_true(hl_case_fsm_is_open(HL_CASE_FSM_IN_PROGRESS));
	assert_true(hl_case_fsm_is_open(HL_CASE_FSM_RESOLVED));
	assert_false(hl_case_fsm_is_open(HL_CASE_FSM_CLOSED));
	assert_false(hl_case_fsm_is_open(0));
}

/* Every status x action x role x escalation x (assignee, owner, in charge). */
static void
test_decide_every_combination(void **state)
{
	struct hl_case_fsm_facts f;
	struct hl_case_fsm_next next;
	struct hl_err err;
	size_t i, r;
	int st, act, esc, ties, rc, n = 0, n_allowed = 0;
	char want;

	(void)state;
	for (i = 0; i < N_ROLES * N_ST * N_ACT * 2 * 8; i++) {
		ties = (int)(i % 8);
		esc = (int)(i / 8 % 2);
		act = (int)(i / 16 % N_ACT);
		st = (int)(i / 16 / N_ACT % N_ST);
		r = i / 16 / N_ACT / N_ST;
		memset(&f, 0, sizeof(f));
		f.status = st_of(status_api[st]);
		f.escalated = esc;
		f.role = roles[r];
		f.is_assignee = (ties & 1) != 0;
		f.is_owner = (ties & 2) != 0;
		f.is_in_charge = (ties & 4) != 0;
		memset(&err, 0, sizeof(err));
		next.status = 0;
		next.escalated = false;
		want = expected(r, st, act, esc, &f);
		rc = hl_case_fsm_decide(&f, act_of(action_api[act]), &next,
		    &err);
		n++;
		if ((rc == 0) != (want == 'A'))
			fail_msg("role %d %s %s esc=%d ties=%d: rc %d, want %c",
			    (int)roles[r], status_api[st], action_api[act], esc,
			    ties, rc, want);
		if (want == 'A') {
			n_allowed++;
			assert_false(hl_err_is_set(&err));
			assert_non_null(expected_next(st, act));
			assert_string_equal(
			    hl_case_fsm_status_name(next.status),
			    expected_next(st, act));
			if (act == 7)
				assert_true(next.escalated);
			else if (act == 8)
				assert_false(next.escalated);
			else
				assert_int_equal(next.escalated, esc);
			continue;
		}
		assert_int_equal(next.status, 0);
		if (want == 'I') {
			assert_int_equal(err.status, 409);
			assert_string_equal(err.code, "invalid_transition");
		} else {
			assert_int_equal(err.status, 403);
			assert_string_equal(err.code, "forbidden");
		}
		assert_true(strlen(err.msg) > 0);
		assert_int_equal(err.n_fields, 0);
	}
	assert_int_equal(n, 6 * 7 * 9 * 2 * 8);
	assert_true(n_allowed > 0);
}

/* The same combinations through hl_case_fsm_available(). */
static void
test_available_lists_allowed_actions(void **state)
{
	enum hl_case_fsm_action out[HL_CASE_FSM_N_ACTIONS];
	struct hl_case_fsm_facts f;
	size_t i, r, n, k;
	int st, act, esc, ties;

	(void)state;
	for (i = 0; i < N_ROLES * N_ST * 2 * 8; i++) {
		ties = (int)(i % 8);
		esc = (int)(i / 8 % 2);
		st = (int)(i / 16 % N_ST);
		r = i / 16 / N_ST;
		memset(&f, 0, sizeof(f));
		f.status = st_of(status_api[st]);
		f.escalated = esc;
		f.role = roles[r];
		f.is_assignee = (ties & 1) != 0;
		f.is_owner = (ties & 2) != 0;
		f.is_in_charge = (ties & 4) != 0;
		memset(out, 0, sizeof(out));
		n = hl_case_fsm_available(&f, out);
		k = 0;
		for (act = 0; act < N_ACT; act++) {
			if (expected(r, st, act, esc, &f) != 'A')
				continue;
			if (k >= n || out[k] != act_of(action_api[act]))
				fail_msg(
				    "role %d %s esc=%d ties=%d: %s missing",
				    (int)roles[r], status_api[st], esc, ties,
				    action_api[act]);
			k++;
		}
		assert_int_equal(n, k);
	}
}

/* A few verdicts spelled out, with the messages a person reads. */
static void
test_decide_examples(void **state)
{
	struct hl_case_fsm_facts f = { 0 };
	struct hl_case_fsm_next next = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	/* A responder who is the assignee starts and resolves. */
	f.status = HL_CASE_FSM_ASSIGNED;
	f.role = HL_ROLE_RESPONDER;
	f.is_assignee = true;
	assert_int_equal(hl_case_fsm_decide(&f, HL_CASE_FSM_START, &next, &err),
	    0);
	assert_int_equal(next.status, HL_CASE_FSM_IN_PROGRESS);
	f.status = next.status;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_RESOLVE, &next, &err), 0);
	assert_int_equal(next.status, HL_CASE_FSM_RESOLVED);
	/* Re-assigning a case in progress keeps it in progress. */
	f.role = HL_ROLE_COMMITTEE;
	f.is_in_charge = true;
	f.status = HL_CASE_FSM_IN_PROGRESS;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_ASSIGN, &next, &err), 0);
	assert_int_equal(next.status, HL_CASE_FSM_IN_PROGRESS);
	/* The enterprise confirms; an admin may not. */
	memset(&f, 0, sizeof(f));
	f.status = HL_CASE_FSM_RESOLVED;
	f.role = HL_ROLE_ENTERPRISE;
	f.is_owner = true;
	f.escalated = true;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_CONFIRM, &next, &err), 0);
	assert_int_equal(next.status, HL_CASE_FSM_CLOSED);
	assert_true(next.escalated);
	f.role = HL_ROLE_ADMIN;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_CONFIRM, &next, &err), -1);
	assert_int_equal(err.status, 403);
	assert_string_equal(err.msg, "您无权对此诉求执行“确认并评价”操作");
	/* A closed case cannot be accepted again. */
	hl_err_clear(&err);
	f.status = HL_CASE_FSM_CLOSED;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_ACCEPT, &next, &err), -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.msg, "诉求当前为“已关闭”，不能受理");
	/* Escalation is a flag, set once. */
	hl_err_clear(&err);
	f.status = HL_CASE_FSM_ACCEPTED;
	f.escalated = true;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_ESCALATE, &next, &err), -1);
	assert_string_equal(err.code, "invalid_transition");
	assert_string_equal(err.msg, "诉求已升级，不能重复升级");
	hl_err_clear(&err);
	f.escalated = false;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_DEESCALATE, &next, &err), -1);
	assert_string_equal(err.msg, "诉求未升级，无需取消升级");
	/* The role check comes before the status check... */
	hl_err_clear(&err);
	f.role = HL_ROLE_RESPONDER;
	f.status = HL_CASE_FSM_CLOSED;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_ACCEPT, &next, &err), -1);
	assert_int_equal(err.status, 403);
	/* ...and the tie check after it. */
	hl_err_clear(&err);
	f.is_assignee = false;
	assert_int_equal(hl_case_fsm_decide(&f, HL_CASE_FSM_START, &next, &err),
	    -1);
	assert_int_equal(err.status, 409);
	hl_err_clear(&err);
	f.status = HL_CASE_FSM_ASSIGNED;
	assert_int_equal(hl_case_fsm_decide(&f, HL_CASE_FSM_START, &next, &err),
	    -1);
	assert_int_equal(err.status, 403);
	assert_string_equal(err.msg, "您无权对此诉求执行“开始办理”操作");
	/* err may be NULL. */
	assert_int_equal(hl_case_fsm_decide(&f, HL_CASE_FSM_START, &next, NULL),
	    -1);
}

static void
test_decide_out_of_enum_is_a_bug(void **state)
{
	struct hl_case_fsm_facts f = { 0 };
	struct hl_case_fsm_next next;
	pid_t pid;
	int st = 0;

	(void)state;
	f.role = HL_ROLE_ADMIN;
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(2);
		(void)hl_case_fsm_decide(&f, HL_CASE_FSM_ACCEPT, &next, NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

/* Validate one action; returns the field message, or NULL when valid. */
static const char *
check(enum hl_case_fsm_action a, const char *reason, int64_t rating,
    int64_t assignee_id, const char **field)
{
	static struct hl_err err;
	struct hl_case_fsm_input in;
	int rc;

	memset(&err, 0, sizeof(err));
	in.reason = reason;
	in.rating = rating;
	in.assignee_id = assignee_id;
	rc = hl_case_fsm_validate(a, &in, &err);
	if (rc == 0) {
		assert_false(hl_err_is_set(&err));
		return NULL;
	}
	assert_int_equal(rc, -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 1);
	*field = err.fields[0].name;
	return err.fields[0].msg;
}

static void
test_validate_reasons(void **state)
{
	static const char *const blank[] = { NULL, "", " ", "\t\r\n",
		"\xe3\x80\x80", " \xe3\x80\x80\xe3\x80\x80 " };
	const char *field = NULL;
	const char *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		msg = check(HL_CASE_FSM_REJECT, blank[i], 0, 0, &field);
		assert_non_null(msg);
		assert_string_equal(field, "reason");
		assert_string_equal(msg, "请填写退回理由");
		msg = check(HL_CASE_FSM_REOPEN, blank[i], 5, 0, &field);
		assert_non_null(msg);
		assert_string_equal(field, "reason");
		assert_string_equal(msg, "请填写重新办理的理由");
	}
	assert_null(
	    check(HL_CASE_FSM_REJECT, "不属于本链受理范围", 0, 0, &field));
	assert_null(check(HL_CASE_FSM_REOPEN, " 问题仍未解决 ", 0, 0, &field));
	assert_null(check(HL_CASE_FSM_REOPEN, "\xe3\x80\x80x", 0, 0, &field));
	/* An incomplete U+3000 is text, not a space. */
	assert_null(check(HL_CASE_FSM_REJECT, "\xe3\x80", 0, 0, &field));
}

static void
test_validate_rating(void **state)
{
	static const int64_t bad[] = { 0, 6, -1, 10, INT64_MIN, INT64_MAX,
		4294967297LL };
	const char *field = NULL;
	const char *msg;
	size_t i;
	int64_t r;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg = check(HL_CASE_FSM_CONFIRM, "无", bad[i], 0, &field);
		assert_non_null(msg);
		assert_string_equal(field, "rating");
		assert_string_equal(msg, "评分应为 1 到 5 的整数");
	}
	for (r = 1; r <= 5; r++)
		assert_null(check(HL_CASE_FSM_CONFIRM, NULL, r, 0, &field));
}

static void
test_validate_assignee_and_others(void **state)
{
	const char *field = NULL;
	const char *msg;

	(void)state;
	msg = check(HL_CASE_FSM_ASSIGN, NULL, 0, 0, &field);
	assert_non_null(msg);
	assert_string_equal(field, "assignee_id");
	assert_string_equal(msg, "请选择承办人");
	assert_non_null(check(HL_CASE_FSM_ASSIGN, NULL, 0, -3, &field));
	assert_null(check(HL_CASE_FSM_ASSIGN, NULL, 0, 42, &field));
	/* Actions that need nothing accept nothing, and ignore the rest. */
	assert_null(check(HL_CASE_FSM_ACCEPT, NULL, 0, 0, &field));
	assert_null(check(HL_CASE_FSM_START, NULL, 0, 0, &field));
	assert_null(check(HL_CASE_FSM_RESOLVE, NULL, 9, 0, &field));
	assert_null(check(HL_CASE_FSM_ESCALATE, "", 0, 0, &field));
	assert_null(check(HL_CASE_FSM_DEESCALATE, NULL, 0, -1, &field));
}

/* The verdict of a with f, as a letter of the grids (A, I, F). */
static char
verdict(const struct hl_case_fsm_facts *f, enum hl_case_fsm_action a)
{
	struct hl_case_fsm_next next = { 0 };
	struct hl_err err = { 0 };

	if (hl_case_fsm_decide(f, a, &next, &err) == 0)
		return 'A';
	return err.status == 409 ? 'I' : 'F';
}

static void
test_recheck_reopens_finished_cases(void **state)
{
	/* Per role (anonymous, enterprise, commissioner, responder,
	 * committee, admin), with every tie, reopening a closed case when
	 * a re-check found it not solved. */
	static const char with_flag[] = "FFAFAA";
	static const char without_flag[] = "FIFFFF";
	struct hl_case_fsm_facts f = { 0 };
	struct hl_case_fsm_next next = { 0 };
	struct hl_err err = { 0 };
	enum hl_case_fsm_action acts[N_ACT];
	size_t r;

	(void)state;
	for (r = 0; r < N_ROLES; r++) {
		memset(&f, 0, sizeof(f));
		f.role = roles[r];
		f.is_in_charge = f.is_assignee = f.is_owner = true;
		f.status = HL_CASE_FSM_CLOSED;
		assert_int_equal(verdict(&f, HL_CASE_FSM_REOPEN),
		    without_flag[r]);
		f.status = HL_CASE_FSM_REJECTED;
		assert_int_equal(verdict(&f, HL_CASE_FSM_REOPEN),
		    without_flag[r]);
		f.recheck_not_solved = true;
		assert_int_equal(verdict(&f, HL_CASE_FSM_REOPEN), with_flag[r]);
		f.status = HL_CASE_FSM_CLOSED;
		assert_int_equal(verdict(&f, HL_CASE_FSM_REOPEN), with_flag[r]);
		/* Nothing else opens up. */
		assert_int_not_equal(verdict(&f, HL_CASE_FSM_CONFIRM), 'A');
		assert_int_not_equal(verdict(&f, HL_CASE_FSM_ACCEPT), 'A');
	}
	/* Closed goes back to in progress, rejected to submitted. */
	memset(&f, 0, sizeof(f));
	f.role = HL_ROLE_COMMISSIONER;
	f.is_in_charge = true;
	f.recheck_not_solved = true;
	f.escalated = true;
	f.status = HL_CASE_FSM_CLOSED;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_REOPEN, &next, &err), 0);
	assert_int_equal(next.status, HL_CASE_FSM_IN_PROGRESS);
	assert_true(next.escalated);
	f.status = HL_CASE_FSM_REJECTED;
	assert_int_equal(
	    hl_case_fsm_decide(&f, HL_CASE_FSM_REOPEN, &next, &err), 0);
	assert_int_equal(next.status, HL_CASE_FSM_SUBMITTED);
	/* A commissioner of another enterprise may not. */
	f.is_in_charge = false;
	assert_int_equal(verdict(&f, HL_CASE_FSM_REOPEN), 'F');
	/* The pages never offer it: the flag is false outside a re-check. */
	f.is_in_charge = true;
	f.recheck_not_solved = false;
	f.status = HL_CASE_FSM_CLOSED;
	assert_int_equal(hl_case_fsm_available(&f, acts), 0);
	/* A resolved case is reopened by its enterprise only, flag or not. */
	f.status = HL_CASE_FSM_RESOLVED;
	f.recheck_not_solved = true;
	assert_int_equal(verdict(&f, HL_CASE_FSM_REOPEN), 'F');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_names_unknown_refused),
		cmocka_unit_test(test_is_open_all_but_rejected_and_closed),
		cmocka_unit_test(test_decide_every_combination),
		cmocka_unit_test(test_available_lists_allowed_actions),
		cmocka_unit_test(test_decide_examples),
		cmocka_unit_test(test_recheck_reopens_finished_cases),
		cmocka_unit_test(test_decide_out_of_enum_is_a_bug),
		cmocka_unit_test(test_validate_reasons),
		cmocka_unit_test(test_validate_rating),
		cmocka_unit_test(test_validate_assignee_and_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
