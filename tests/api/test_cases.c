/*
 * Cases over HTTP, black-box: the whole lifecycle by the roles PRODUCT.md
 * §4 names, every illegal transition answered 409 with the row, timeline
 * and audit log untouched, intake validation, Idempotency-Key, internal
 * notes, attachments (types by content, size, names, downloads), list
 * filters and keyset paging, overdue and automatic escalation by the
 * server's own job thread, exports, the escalation board, and the
 * calendar and SLA administration.  The demo users of the seed act.
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

#define BOUNDARY "hlTestBoundary7MA4YWxkTrZu0gW"

static struct thttp_client *admin_;
static struct thttp_client *com_;
static struct thttp_client *ent_;
static struct thttp_client *ent2_;
static struct thttp_client *resp_;
static struct thttp_client *cmt_;
static struct tdb *db_;
static unsigned serial_;
static long long responder_id_;

/* ---- helpers ---- */

/* A title unique to this run. */
static const char *
unique(const char *prefix, char out[96])
{
	snprintf(out, 96, "%s-%ld-%u", prefix, (long)getpid(), serial_++);
	return out;
}

static struct thttp_resp *
post_case(struct thttp_client *c, const char *category, const char *title,
    const char *extra)
{
	char body[2048];

	snprintf(body, sizeof(body),
	    "{\"category\":\"%s\",\"title\":\"%s\","
	    "\"description\":\"接口测试用诉求\"%s}",
	    category, title, extra != NULL ? extra : "");
	return thttp_client_json(c, "POST", "/api/v1/cases", body);
}

/* A case filed by ent-demo; its id. */
static long long
new_case(const char *category, const char *title)
{
	struct thttp_resp *r = post_case(ent_, category, title, NULL);
	long long id;

	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_true(id > 0);
	thttp_resp_free(r);
	return id;
}

static struct thttp_resp *
transition(struct thttp_client *c, long long id, const char *body)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", id);
	return thttp_client_json(c, "POST", path, body);
}

static void
transition_ok(struct thttp_client *c, long long id, const char *body,
    const char *want_status)
{
	struct thttp_resp *r = transition(c, id, body);

	tfix_expect(r, 200, NULL);
	if (want_status != NULL)
		assert_string_equal(thttp_resp_str(r, "status"), want_status);
	thttp_resp_free(r);
}

static struct thttp_resp *
get_case(struct thttp_client *c, long long id)
{
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/cases/%lld", id);
	return thttp_client_request(c, "GET", path, NULL, NULL, 0);
}

/* The case row, its timeline size and its audit rows, as one string. */
static char *
snapshot(long long id)
{
	char sid[24];
	const char *v;

	snprintf(sid, sizeof(sid), "%lld", id);
	v = tdb_value(db_,
	    "SELECT row_to_json(c)::text || '|' || (SELECT count(*)"
	    " FROM case_events e WHERE e.case_id = c.id) || '|' ||"
	    " (SELECT count(*) FROM audit_log a WHERE a.object_type = 'case'"
	    " AND a.object_id = c.id::text) FROM cases c WHERE c.id = $1::bigint",
	    sid, NULL);
	assert_non_null(v);
	return strdup(v);
}

/* Is action among the case's allowed_actions for this caller? */
static bool
allows(struct thttp_resp *r, const char *action)
{
	json_t *a = thttp_json_get(thttp_resp_json(r), "allowed_actions");
	size_t i;

	assert_non_null(a);
	for (i = 0; i < json_array_size(a); i++)
		if (strcmp(json_string_value(json_array_get(a, i)), action) ==
		    0)
			return true;
	return false;
}

/* {"action":"assign","assignee_id":id}, in a static buffer. */
static const char *
assign_to(long long id)
{
	static char body[96];

	snprintf(body, sizeof(body),
	    "{\"action\":\"assign\",\"assignee_id\":%lld}", id);
	return body;
}

static long long
count(const char *sql, const char *p1)
{
	return tdb_int(db_, sql, p1, NULL);
}

static const char *
lls(long long v, char out[24])
{
	snprintf(out, 24, "%lld", v);
	return out;
}

/* ---- lifecycle ---- */

static void
test_full_lifecycle_by_the_right_roles(void **state)
{
	char title[96];
	char sid[24];
	long long id;
	struct thttp_resp *r;
	json_t *tl;
	static const char *const kinds[] = { "transition", "transition",
		"assignment", "transition", "transition", "transition" };
	static const char *const actions[] = { "create", "accept", "assign",
		"start", "resolve", "confirm" };
	size_t i;

	(void)state;
	r = post_case(ent_, "financing", unique("融资全流程", title), NULL);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "status"), "submitted");
	assert_string_equal(thttp_resp_str(r, "channel"), "portal");
	assert_string_equal(thttp_resp_str(r, "chain_code"), "auto-parts");
	assert_non_null(thttp_resp_str(r, "enterprise_name"));
	assert_true(thttp_resp_int(r, "enterprise_id", 0) > 0);
	assert_int_equal(strncmp(thttp_resp_str(r, "number"), "HL-20", 5), 0);
	assert_int_equal(strlen(thttp_resp_str(r, "number")), 14);
	assert_false(allows(r, "accept")); /* the enterprise cannot */
	thttp_resp_free(r);

	r = get_case(com_, id);
	tfix_expect(r, 200, NULL);
	assert_true(allows(r, "accept"));
	assert_true(allows(r, "reject"));
	assert_false(allows(r, "assign"));
	thttp_resp_free(r);

	r = transition(com_, id, "{\"action\":\"accept\",\"note\":\"已受理\"}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "status"), "accepted");
	assert_non_null(thttp_resp_str(r, "due_at"));
	assert_non_null(thttp_resp_str(r, "due_on"));
	assert_int_equal(thttp_resp_int(r, "workdays_left", -99), 10);
	assert_false(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "overdue")));
	thttp_resp_free(r);

	/* Financing goes to an account manager of the chain's lead bank
	 * (responder-demo, unless other tests bound more of them). */
	snprintf(title, sizeof(title), "/api/v1/cases/%lld/suggested-assignee",
	    id);
	r = thttp_client_request(com_, "GET", title, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "user.responder.resource"),
	    "account_manager");
	assert_string_equal(thttp_resp_str(r, "user.role"), "responder");
	assert_non_null(strstr(thttp_resp_str(r, "reason"), "融资类诉求"));
	assert_true(json_array_size(
	                thttp_json_get(thttp_resp_json(r), "candidates")) >= 1);
	assert_int_equal(count("SELECT count(*) FROM responder_bindings rb"
	                       " JOIN chains c ON c.id = rb.chain_id"
	                       " WHERE rb.resource = 'account_manager'"
	                       " AND c.code = 'auto-parts' AND rb.user_id ="
	                       " $1::bigint",
	                     lls(thttp_resp_int(r, "user.id", 0), sid)),
	    1);
	if (count("SELECT count(*) FROM responder_bindings rb JOIN chains c"
	          " ON c.id = rb.chain_id WHERE c.code = $1"
	          " AND rb.resource = 'account_manager'",
	        "auto-parts") == 1)
		assert_int_equal(thttp_resp_int(r, "user.id", 0),
		    responder_id_);
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", title, NULL, NULL, 0);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);

	transition_ok(com_, id, assign_to(responder_id_), "assigned");
	r = get_case(resp_, id);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "assignee.id", 0), responder_id_);
	assert_true(allows(r, "start"));
	thttp_resp_free(r);
	transition_ok(resp_, id, "{\"action\":\"start\"}", "in_progress");
	r = transition(resp_, id, "{\"action\":\"resolve\"}");
	tfix_expect_field(r, 422, "resolution");
	thttp_resp_free(r);
	transition_ok(resp_, id,
	    "{\"action\":\"resolve\",\"resolution\":\"已发放贷款 500 万元\"}",
	    "resolved");
	r = transition(ent_, id, "{\"action\":\"confirm\",\"rating\":6}");
	tfix_expect_field(r, 422, "rating");
	thttp_resp_free(r);
	r = transition(ent_, id,
	    "{\"action\":\"confirm\",\"rating\":4,\"comment\":\"办理及时\"}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "status"), "closed");
	assert_int_equal(thttp_resp_int(r, "rating", 0), 4);
	assert_string_equal(thttp_resp_str(r, "rating_comment"), "办理及时");
	assert_string_equal(thttp_resp_str(r, "resolution"),
	    "已发放贷款 500 万元");
	tl = thttp_json_get(thttp_resp_json(r), "timeline");
	assert_int_equal(json_array_size(tl), 6);
	for (i = 0; i < 6; i++) {
		json_t *ev = json_array_get(tl, i);

		assert_string_equal(
		    json_string_value(json_object_get(ev, "kind")), kinds[i]);
		assert_string_equal(
		    json_string_value(json_object_get(ev, "action")),
		    actions[i]);
	}
	/* The timeline names the assignee and the rating. */
	assert_int_equal(json_integer_value(thttp_json_get(
	                     json_array_get(tl, 2), "assignee.id")),
	    responder_id_);
	assert_int_equal(
	    json_integer_value(thttp_json_get(json_array_get(tl, 5), "rating")),
	    4);
	assert_null(json_object_get(json_array_get(tl, 5), "data"));
	assert_int_equal(json_array_size(thttp_json_get(thttp_resp_json(r),
	                     "allowed_actions")),
	    0);
	thttp_resp_free(r);
	/* One audit row per change, written with it. */
	lls(id, sid);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE"
	                       " object_type = 'case' AND object_id = $1",
	                     sid),
	    6);
}

static void
test_reject_and_reopen(void **state)
{
	char title[96];
	long long a = new_case("policy", unique("退回", title));
	long long b = new_case("legal", unique("重办", title));
	struct thttp_resp *r;
	char *due;

	(void)state;
	r = transition(com_, a, "{\"action\":\"reject\",\"reason\":\"  　\"}");
	tfix_expect_field(r, 422, "reason");
	thttp_resp_free(r);
	r = transition(com_, a,
	    "{\"action\":\"reject\",\"reason\":\"不属于受理范围\"}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "status"), "rejected");
	assert_string_equal(thttp_resp_str(r, "reject_reason"),
	    "不属于受理范围");
	thttp_resp_free(r);

	transition_ok(com_, b, "{\"action\":\"accept\"}", "accepted");
	r = transition(com_, b,
	    assign_to(
	        count("SELECT id FROM users WHERE login = $1", "lawyer-demo")));
	tfix_expect(r, 200, NULL);
	due = strdup(thttp_resp_str(r, "due_at"));
	thttp_resp_free(r);
	{
		char path[64];
		struct thttp_client *lawyer = tfix_signed_in("lawyer-demo");

		assert_non_null(lawyer);
		transition_ok(lawyer, b, "{\"action\":\"start\"}",
		    "in_progress");
		transition_ok(lawyer, b,
		    "{\"action\":\"resolve\",\"resolution\":\"已出具法律意见\"}",
		    "resolved");
		r = transition(ent_, b, "{\"action\":\"reopen\"}");
		tfix_expect_field(r, 422, "reason");
		thttp_resp_free(r);
		r = transition(ent_, b,
		    "{\"action\":\"reopen\",\"reason\":\"对方仍未履约\"}");
		tfix_expect(r, 200, NULL);
		assert_string_equal(thttp_resp_str(r, "status"), "in_progress");
		/* The deadline stays what was promised. */
		assert_string_equal(thttp_resp_str(r, "due_at"), due);
		assert_null(thttp_resp_str(r, "resolution"));
		thttp_resp_free(r);
		snprintf(path, sizeof(path), "/api/v1/cases/%lld", b);
		r = thttp_client_request(lawyer, "GET", path, NULL, NULL, 0);
		tfix_expect(r, 200, NULL);
		assert_true(allows(r, "resolve"));
		thttp_resp_free(r);
		thttp_client_free(lawyer);
	}
	free(due);
}

/*
 * Every action that PRODUCT.md §4 does not allow from a status, taken by
 * a role that may take it in principle and with complete input: 409
 * invalid_transition, and the row, timeline and audit log as before.
 * allowed[s] lists what the diagram allows (written out here, not taken
 * from the server); escalation is tested on a case that is not escalated.
 */
static const char *const statuses[] = { "submitted", "accepted", "assigned",
	"in_progress", "resolved", "closed", "rejected" };
static const char *const allowed[] = {
	"accept reject escalate",  /* submitted */
	"assign escalate",         /* accepted */
	"assign start escalate",   /* assigned */
	"assign resolve escalate", /* in_progress */
	"confirm reopen escalate", /* resolved */
	"",                        /* closed */
	"",                        /* rejected */
};
static const char *const actions_all[] = { "accept", "reject", "assign",
	"start", "resolve", "confirm", "reopen", "escalate", "deescalate" };

/* Bring a new case to status s. */
static long long
case_in(const char *s)
{
	char title[96];
	char body[128];
	long long id = new_case("financing", unique("非法流转", title));
	size_t k;
	static const char *const path[] = { "accept", "assign", "start",
		"resolve", "confirm" };

	if (strcmp(s, "submitted") == 0)
		return id;
	if (strcmp(s, "rejected") == 0) {
		transition_ok(com_, id,
		    "{\"action\":\"reject\",\"reason\":\"测试\"}", "rejected");
		return id;
	}
	for (k = 0; k < 5; k++) {
		const char *a = path[k];

		if (strcmp(a, "accept") == 0)
			transition_ok(com_, id, "{\"action\":\"accept\"}",
			    NULL);
		else if (strcmp(a, "assign") == 0)
			transition_ok(com_, id, assign_to(responder_id_), NULL);
		else if (strcmp(a, "start") == 0)
			transition_ok(resp_, id, "{\"action\":\"start\"}",
			    NULL);
		else if (strcmp(a, "resolve") == 0)
			transition_ok(resp_, id,
			    "{\"action\":\"resolve\",\"resolution\":\"好\"}",
			    NULL);
		else
			transition_ok(ent_, id,
			    "{\"action\":\"confirm\",\"rating\":5}", NULL);
		snprintf(body, sizeof(body), "%s", statuses[k + 1]);
		if (strcmp(s, body) == 0)
			return id;
	}
	fail_msg("no way to %s", s);
	return 0;
}

static bool
in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

static void
test_every_illegal_transition_409_changes_nothing(void **state)
{
	size_t s;
	size_t a;
	int n_checked = 0;

	(void)state;
	for (s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++) {
		long long id = case_in(statuses[s]);
		char *before = snapshot(id);

		for (a = 0; a < sizeof(actions_all) / sizeof(actions_all[0]);
		     a++) {
			const char *act = actions_all[a];
			bool by_ent = strcmp(act, "confirm") == 0 ||
			    strcmp(act, "reopen") == 0;
			char body[256];
			struct thttp_resp *r;
			char *after;

			if (in_list(allowed[s], act))
				continue;
			snprintf(body, sizeof(body),
			    "{\"action\":\"%s\",\"reason\":\"理由\","
			    "\"rating\":5,\"resolution\":\"结果\","
			    "\"assignee_id\":%lld}",
			    act, responder_id_);
			r = transition(by_ent ? ent_ : admin_, id, body);
			if (r->status != 409)
				fail_msg("%s on %s: want 409, got %ld %s", act,
				    statuses[s], r->status, r->body);
			tfix_expect(r, 409, "invalid_transition");
			thttp_resp_free(r);
			after = snapshot(id);
			if (strcmp(before, after) != 0)
				fail_msg("%s on %s changed the case", act,
				    statuses[s]);
			free(after);
			n_checked++;
		}
		free(before);
	}
	/* 9 actions x 7 statuses minus the 14 allowed ones. */
	assert_int_equal(n_checked, 9 * 7 - 14);
}

static void
test_double_escalation_409(void **state)
{
	char title[96];
	long long id = new_case("talent", unique("重复升级", title));
	struct thttp_resp *r;
	char *before;
	char *after;

	(void)state;
	transition_ok(com_, id,
	    "{\"action\":\"escalate\",\"reason\":\"需要书记协调\"}",
	    "submitted");
	before = snapshot(id);
	r = transition(cmt_, id, "{\"action\":\"escalate\"}");
	tfix_expect(r, 409, "invalid_transition");
	thttp_resp_free(r);
	after = snapshot(id);
	assert_string_equal(before, after);
	free(before);
	free(after);
	transition_ok(cmt_, id, "{\"action\":\"deescalate\"}", "submitted");
	r = transition(cmt_, id, "{\"action\":\"deescalate\"}");
	tfix_expect(r, 409, "invalid_transition");
	thttp_resp_free(r);
}

static void
test_who_may_act(void **state)
{
	char title[96];
	long long id = new_case("financing", unique("权限", title));
	struct thttp_resp *r;

	(void)state;
	/* Not theirs at all: 404, as if it did not exist. */
	r = transition(ent2_, id, "{\"action\":\"reopen\",\"reason\":\"x\"}");
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = get_case(ent2_, id);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = get_case(resp_, id); /* not assigned to them (yet) */
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	/* Visible, but the role may not. */
	r = transition(ent_, id, "{\"action\":\"accept\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = transition(com_, id, "{\"action\":\"fly\"}");
	tfix_expect_field(r, 422, "action");
	thttp_resp_free(r);
	r = transition(com_, id, "{\"action\":\"accept\",\"extra\":1}");
	tfix_expect(r, 422, NULL);
	thttp_resp_free(r);
	transition_ok(com_, id, "{\"action\":\"accept\"}", "accepted");
	/* An enterprise user is never an assignee. */
	{
		char body[96];

		snprintf(body, sizeof(body),
		    "{\"action\":\"assign\",\"assignee_id\":%lld}",
		    count("SELECT id FROM users WHERE login = $1", "ent-demo"));
		r = transition(com_, id, body);
		tfix_expect_field(r, 422, "assignee_id");
		thttp_resp_free(r);
	}
	/* Without assignee_id: the suggested responder. */
	{
		char path[96];
		long long want;

		snprintf(path, sizeof(path),
		    "/api/v1/cases/%lld/suggested-assignee", id);
		r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
		want = thttp_resp_int(r, "user.id", 0);
		thttp_resp_free(r);
		assert_true(want > 0);
		r = transition(com_, id, "{\"action\":\"assign\"}");
		tfix_expect(r, 200, NULL);
		assert_int_equal(thttp_resp_int(r, "assignee.id", 0), want);
		thttp_resp_free(r);
	}
	transition_ok(com_, id, assign_to(responder_id_), "assigned");
	r = transition(resp_, id, "{\"action\":\"accept\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = transition(resp_, id, "{\"action\":\"escalate\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
}

/* ---- intake ---- */

static void
test_intake_validation(void **state)
{
	char title[96];
	char long_title[512];
	struct thttp_resp *r;
	size_t i;

	(void)state;
	r = post_case(ent_, "policy", "x", ",\"enterprise_id\":1");
	tfix_expect_field(r, 422, "enterprise_id");
	assert_string_equal(thttp_resp_str(r, "error.fields.enterprise_id"),
	    "enterprise_id 不可指定");
	thttp_resp_free(r);
	r = post_case(ent_, "weather", "x", NULL);
	tfix_expect_field(r, 422, "category");
	thttp_resp_free(r);
	r = post_case(ent_, "policy", " 　 ", NULL);
	tfix_expect_field(r, 422, "title");
	thttp_resp_free(r);
	long_title[0] = '\0';
	for (i = 0; i < 101; i++)
		strcat(long_title, "链");
	r = post_case(ent_, "policy", long_title, NULL);
	tfix_expect_field(r, 422, "title");
	thttp_resp_free(r);
	long_title[strlen(long_title) - 3] = '\0'; /* exactly 100 */
	r = post_case(ent_, "policy", long_title, NULL);
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	r = post_case(ent_, "policy", "x", ",\"channel\":\"phone\"");
	tfix_expect_field(r, 422, "channel");
	thttp_resp_free(r);
	r = thttp_client_json(ent_, "POST", "/api/v1/cases", "{\"title\":");
	tfix_expect(r, 400, "invalid_json");
	thttp_resp_free(r);

	/* A commissioner files for assigned enterprises only. */
	r = post_case(com_, "policy", "x", NULL);
	tfix_expect_field(r, 422, "enterprise_id");
	thttp_resp_free(r);
	r = post_case(com_, "policy", "x", ",\"enterprise_id\":999999999");
	tfix_expect_field(r, 422, "enterprise_id");
	thttp_resp_free(r);
	{
		char extra[96];
		long long other = count(
		    "SELECT min(e.id) FROM enterprises e WHERE NOT EXISTS"
		    " (SELECT 1 FROM assignments a JOIN users u ON"
		    " u.id = a.commissioner_id WHERE a.enterprise_id = e.id"
		    " AND u.login = $1)",
		    "commissioner-demo");
		long long ent2 = count("SELECT enterprise_id FROM users"
		                       " WHERE login = $1",
		    "ent2-demo");

		snprintf(extra, sizeof(extra), ",\"enterprise_id\":%lld",
		    other);
		r = post_case(com_, "policy", "x", extra);
		tfix_expect_field(r, 422, "enterprise_id");
		thttp_resp_free(r);
		snprintf(extra, sizeof(extra),
		    ",\"enterprise_id\":%lld,\"channel\":\"portal\"", ent2);
		r = post_case(com_, "policy", "x", extra);
		tfix_expect_field(r, 422, "channel");
		thttp_resp_free(r);
		/* ent2's enterprise is on two chains: the caller may pick. */
		snprintf(extra, sizeof(extra),
		    ",\"enterprise_id\":%lld,\"channel\":\"visit\","
		    "\"chain_code\":\"energy-storage\"",
		    ent2);
		r = post_case(com_, "technology", unique("走访", title), extra);
		tfix_expect(r, 201, NULL);
		assert_string_equal(thttp_resp_str(r, "chain_code"),
		    "energy-storage");
		assert_string_equal(thttp_resp_str(r, "channel"), "visit");
		thttp_resp_free(r);
		snprintf(extra, sizeof(extra),
		    ",\"enterprise_id\":%lld,\"chain_code\":\"new-materials\"",
		    ent2);
		r = post_case(com_, "policy", "x", extra);
		tfix_expect_field(r, 422, "chain_code");
		thttp_resp_free(r);
	}
	r = post_case(resp_, "policy", "x", NULL);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
}

static void
test_idempotent_replay_creates_once(void **state)
{
	char title[96];
	char key[64];
	char hdr[96];
	char body[512];
	const char *headers[3] = { hdr, "Content-Type: application/json",
		NULL };
	struct thttp_resp *a;
	struct thttp_resp *b;
	struct thttp_resp *c;

	(void)state;
	snprintf(key, sizeof(key), "case-%ld-%u", (long)getpid(), serial_++);
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key);
	snprintf(body, sizeof(body),
	    "{\"category\":\"legal\",\"title\":\"%s\","
	    "\"description\":\"重放\"}",
	    unique("幂等", title));
	a = thttp_client_request(ent_, "POST", "/api/v1/cases", headers, body,
	    strlen(body));
	b = thttp_client_request(ent_, "POST", "/api/v1/cases", headers, body,
	    strlen(body));
	tfix_expect(a, 201, NULL);
	tfix_expect(b, 201, NULL);
	assert_int_equal(thttp_resp_int(a, "id", 0),
	    thttp_resp_int(b, "id", 1));
	assert_string_equal(thttp_resp_str(a, "number"),
	    thttp_resp_str(b, "number"));
	assert_non_null(thttp_resp_header(b, "Idempotent-Replayed"));
	assert_int_equal(
	    count("SELECT count(*) FROM cases WHERE title = $1", title), 1);
	/* The same key for another body is refused. */
	snprintf(body, sizeof(body),
	    "{\"category\":\"legal\",\"title\":\"%s\","
	    "\"description\":\"另一个请求\"}",
	    title);
	c = thttp_client_request(ent_, "POST", "/api/v1/cases", headers, body,
	    strlen(body));
	tfix_expect(c, 422, "idempotency_key_reused");
	thttp_resp_free(a);
	thttp_resp_free(b);
	thttp_resp_free(c);
}

/* ---- notes ---- */

static bool
timeline_has(struct thttp_resp *r, const char *body)
{
	json_t *tl = thttp_json_get(thttp_resp_json(r), "timeline");
	size_t i;

	for (i = 0; i < json_array_size(tl); i++) {
		const char *b = json_string_value(
		    json_object_get(json_array_get(tl, i), "body"));

		if (b != NULL && strcmp(b, body) == 0)
			return true;
	}
	return false;
}

static void
test_internal_notes_hidden_from_the_enterprise(void **state)
{
	char title[96];
	char path[96];
	long long id = new_case("approvals", unique("备注", title));
	struct thttp_resp *r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/notes", id);
	r = thttp_client_json(com_, "POST", path,
	    "{\"body\":\"内部：企业资金链紧张\",\"internal\":true}");
	tfix_expect(r, 201, NULL);
	assert_string_equal(thttp_resp_str(r, "body"), "内部：企业资金链紧张");
	assert_true(thttp_resp_int(r, "author.id", 0) > 0);
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "internal")));
	thttp_resp_free(r);
	r = thttp_client_json(cmt_, "POST", path,
	    "{\"body\":\"已电话联系企业\",\"internal\":false}");
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	r = thttp_client_json(com_, "POST", path, "{\"body\":\"  \"}");
	tfix_expect_field(r, 422, "body");
	thttp_resp_free(r);
	r = thttp_client_json(ent_, "POST", path, "{\"body\":\"企业备注\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = thttp_client_json(ent2_, "POST", path, "{\"body\":\"x\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);

	r = get_case(ent_, id);
	tfix_expect(r, 200, NULL);
	assert_false(timeline_has(r, "内部：企业资金链紧张"));
	assert_true(timeline_has(r, "已电话联系企业"));
	assert_null(strstr(r->body, "资金链"));
	thttp_resp_free(r);
	r = get_case(com_, id);
	assert_true(timeline_has(r, "内部：企业资金链紧张"));
	thttp_resp_free(r);
	/* The list item never carries the timeline either. */
	r = thttp_client_request(ent_, "GET", "/api/v1/cases?limit=200", NULL,
	    NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_null(strstr(r->body, "资金链"));
	thttp_resp_free(r);
}

/* ---- attachments ---- */

/* A multipart body with one file part (and internal when not NULL);
 * malloc'd, length in *len. */
static char *
form(const char *filename, const char *ctype, const void *data, size_t n,
    const char *internal, size_t *len)
{
	char head[512];
	char tail[256];
	char *b;
	int h;
	int t;

	h = snprintf(head, sizeof(head),
	    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\";"
	    " filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
	    filename, ctype);
	if (internal != NULL)
		t = snprintf(tail, sizeof(tail),
		    "\r\n--" BOUNDARY "\r\nContent-Disposition: form-data;"
		    " name=\"internal\"\r\n\r\n%s\r\n--" BOUNDARY "--\r\n",
		    internal);
	else
		t = snprintf(tail, sizeof(tail), "\r\n--" BOUNDARY "--\r\n");
	b = malloc((size_t)h + n + (size_t)t);
	assert_non_null(b);
	memcpy(b, head, (size_t)h);
	memcpy(b + h, data, n);
	memcpy(b + (size_t)h + n, tail, (size_t)t);
	*len = (size_t)h + n + (size_t)t;
	return b;
}

static struct thttp_resp *
upload_raw(struct thttp_client *c, long long id, const char *body, size_t len)
{
	static const char *const headers[] = {
		"Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL
	};
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/cases/%lld/attachments", id);
	return thttp_client_request(c, "POST", path, headers, body, len);
}

static struct thttp_resp *
upload(struct thttp_client *c, long long id, const char *filename,
    const char *ctype, const void *data, size_t n, const char *internal)
{
	size_t len;
	char *body = form(filename, ctype, data, n, internal, &len);
	struct thttp_resp *r = upload_raw(c, id, body, len);

	free(body);
	return r;
}

/* A stored ZIP whose only entry is name. */
static size_t
zip_with(const char *name, unsigned char *out)
{
	size_t nl = strlen(name);
	size_t pos = 0;

	memset(out, 0, 30 + nl + 46 + nl + 22);
	memcpy(out, "PK\x03\x04", 4);
	out[26] = (unsigned char)nl;
	memcpy(out + 30, name, nl);
	pos = 30 + nl;
	memcpy(out + pos, "PK\x01\x02", 4);
	out[pos + 28] = (unsigned char)nl;
	memcpy(out + pos + 46, name, nl);
	pos += 46 + nl;
	memcpy(out + pos, "PK\x05\x06", 4);
	out[pos + 8] = out[pos + 10] = 1;
	out[pos + 12] = (unsigned char)(46 + nl);
	out[pos + 16] = (unsigned char)(30 + nl);
	return pos + 22;
}

static void
test_attachments_checked_by_content(void **state)
{
	static const char pdf[] = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
	static const char html[] = "<html><script>alert(1)</script></html>";
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\""
	                          " onload=\"alert(1)\"/>";
	unsigned char zip[256];
	char title[96];
	char path[128];
	long long id = new_case("technology", unique("附件", title));
	long long aid;
	struct thttp_resp *r;
	const char *v;
	size_t n;

	(void)state;
	r = upload(ent_, id, "../../申请 材料.pdf", "application/pdf", pdf,
	    sizeof(pdf) - 1, NULL);
	tfix_expect(r, 201, NULL);
	aid = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "file_name"), "申请 材料.pdf");
	assert_string_equal(thttp_resp_str(r, "content_type"),
	    "application/pdf");
	assert_int_equal(thttp_resp_int(r, "size_bytes", 0), sizeof(pdf) - 1);
	thttp_resp_free(r);

	/* The download: the same bytes, never rendered inline. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/attachments/%lld", id,
	    aid);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_int_equal(r->body_len, sizeof(pdf) - 1);
	assert_memory_equal(r->body, pdf, sizeof(pdf) - 1);
	assert_string_equal(thttp_resp_header(r, "Content-Type"),
	    "application/pdf");
	assert_string_equal(thttp_resp_header(r, "X-Content-Type-Options"),
	    "nosniff");
	v = thttp_resp_header(r, "Content-Disposition");
	assert_non_null(v);
	assert_int_equal(strncmp(v, "attachment;", 11), 0);
	assert_non_null(strstr(v,
	    "filename*=UTF-8''%E7%94%B3%E8%AF%B7%20%E6%9D%90%E6%96%99.pdf"));
	thttp_resp_free(r);
	r = thttp_client_request(ent2_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);

	/* HTML and SVG, whatever they are called: 415. */
	r = upload(ent_, id, "report.pdf", "application/pdf", html,
	    sizeof(html) - 1, NULL);
	tfix_expect(r, 415, "unsupported_media_type");
	thttp_resp_free(r);
	r = upload(ent_, id, "logo.svg", "image/svg+xml", svg, sizeof(svg) - 1,
	    NULL);
	tfix_expect(r, 415, "unsupported_media_type");
	thttp_resp_free(r);
	n = zip_with("readme.txt", zip);
	r = upload(ent_, id, "a.docx", "application/zip", zip, n, NULL);
	tfix_expect(r, 415, "unsupported_media_type");
	thttp_resp_free(r);
	/* A Word document is a ZIP with word/ inside; named by content. */
	n = zip_with("word/document.xml", zip);
	r = upload(ent_, id, "纪要", "application/octet-stream", zip, n, NULL);
	tfix_expect(r, 201, NULL);
	assert_string_equal(thttp_resp_str(r, "file_name"), "纪要.docx");
	assert_string_equal(thttp_resp_str(r, "content_type"),
	    "application/"
	    "vnd.openxmlformats-officedocument.wordprocessingml.document");
	thttp_resp_free(r);
	r = upload(ent_, id, "empty.pdf", "application/pdf", "", 0, NULL);
	tfix_expect_field(r, 422, "file");
	thttp_resp_free(r);

	/* Malformed bodies: 400; no file part: 422. */
	r = upload_raw(ent_, id, "--" BOUNDARY "\r\nno headers end", 31);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
	{
		static const char only_text[] =
		    "--" BOUNDARY "\r\nContent-Disposition: form-data;"
		    " name=\"note\"\r\n\r\nhi\r\n--" BOUNDARY "--\r\n";

		r = upload_raw(ent_, id, only_text, sizeof(only_text) - 1);
		tfix_expect_field(r, 422, "file");
		thttp_resp_free(r);
	}

	/* Internal files are the staff's. */
	r = upload(ent_, id, "a.pdf", "application/pdf", pdf, sizeof(pdf) - 1,
	    "true");
	tfix_expect_field(r, 422, "internal");
	thttp_resp_free(r);
	r = upload(com_, id, "内部.pdf", "application/pdf", pdf,
	    sizeof(pdf) - 1, "true");
	tfix_expect(r, 201, NULL);
	aid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/attachments/%lld", id,
	    aid);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = get_case(ent_, id);
	assert_null(strstr(r->body, "内部.pdf"));
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "attachments")),
	    2);
	thttp_resp_free(r);
	r = get_case(com_, id);
	assert_non_null(strstr(r->body, "内部.pdf"));
	thttp_resp_free(r);
	/* Someone else's case: 404. */
	r = upload(ent2_, id, "a.pdf", "application/pdf", pdf, sizeof(pdf) - 1,
	    NULL);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
}

static void
test_attachment_too_large_413(void **state)
{
	char title[96];
	long long id = new_case("other", unique("大文件", title));
	size_t n = 22u * 1024u * 1024u; /* over max_body_upload (21M) */
	char *big = calloc(1, n);
	struct thttp_resp *r;
	char sid[24];

	(void)state;
	assert_non_null(big);
	memcpy(big, "%PDF-", 5);
	r = upload(ent_, id, "big.pdf", "application/pdf", big, n, NULL);
	tfix_expect(r, 413, "payload_too_large");
	thttp_resp_free(r);
	free(big);
	assert_int_equal(count("SELECT count(*) FROM case_attachments"
	                       " WHERE case_id = $1::bigint",
	                     lls(id, sid)),
	    0);
}

/* ---- lists ---- */

static long long
item_id(struct thttp_resp *r, size_t i)
{
	json_t *it =
	    json_array_get(thttp_json_get(thttp_resp_json(r), "items"), i);

	return it != NULL ? json_integer_value(json_object_get(it, "id")) : 0;
}

static size_t
n_items(struct thttp_resp *r)
{
	return json_array_size(thttp_json_get(thttp_resp_json(r), "items"));
}

static struct thttp_resp *
list(struct thttp_client *c, const char *query)
{
	char path[512];

	snprintf(path, sizeof(path), "/api/v1/cases?%s", query);
	return thttp_client_request(c, "GET", path, NULL, NULL, 0);
}

/* percent-encode s (UTF-8) for a query string. */
static const char *
qenc(const char *s, char out[512])
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *s != '\0' && n + 4 < 512; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || ch == '-') {
			out[n++] = (char)ch;
		} else {
			out[n++] = '%';
			out[n++] = hex[ch >> 4];
			out[n++] = hex[ch & 15];
		}
	}
	out[n] = '\0';
	return out;
}

/* List queries answered 400 naming field. */
static const struct {
	const char *query;
	const char *field;
} bad_lists[] = {
	{ "cursor=garbage!", "cursor" },
	{ "cursor=eHl6", "cursor" },
	{ "limit=0", "limit" },
	{ "limit=201", "limit" },
	{ "status=open", "status" },
	{ "overdue=yes", "overdue" },
	{ "from=2026-13-01", "from" },
	{ "sort=title", "sort" },
};

static void
test_list_filters_and_keyset_paging(void **state)
{
	char marker[96];
	char title[128];
	char q[512];
	char query[1024];
	long long ids[3];
	long long seen[3] = { 0, 0, 0 };
	struct thttp_resp *r;
	char *cursor = NULL;
	int page;
	int i;

	(void)state;
	unique("筛选标记", marker);
	snprintf(title, sizeof(title), "%s 甲", marker);
	ids[0] = new_case("policy", title);
	snprintf(title, sizeof(title), "%s 乙", marker);
	ids[1] = new_case("legal", title);
	snprintf(title, sizeof(title), "%s 丙", marker);
	ids[2] = new_case("legal", title);
	qenc(marker, q);

	/* Chinese search finds exactly the three, newest first. */
	snprintf(query, sizeof(query), "q=%s", q);
	r = list(com_, query);
	tfix_expect(r, 200, NULL);
	assert_int_equal(n_items(r), 3);
	assert_int_equal(item_id(r, 0), ids[2]);
	assert_int_equal(item_id(r, 2), ids[0]);
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "items.0.enterprise_name"));
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "items.0.chain_code"));
	assert_true(
	    json_is_null(thttp_json_get(thttp_resp_json(r), "next_cursor")));
	thttp_resp_free(r);
	/* Other filters narrow it. */
	snprintf(query, sizeof(query), "q=%s&category=legal", q);
	r = list(com_, query);
	assert_int_equal(n_items(r), 2);
	thttp_resp_free(r);
	snprintf(query, sizeof(query), "q=%s&status=submitted,accepted", q);
	r = list(com_, query);
	assert_int_equal(n_items(r), 3);
	thttp_resp_free(r);
	snprintf(query, sizeof(query), "q=%s&status=closed", q);
	r = list(com_, query);
	assert_int_equal(n_items(r), 0);
	thttp_resp_free(r);
	snprintf(query, sizeof(query), "q=%s&chain=auto-parts&overdue=false",
	    q);
	r = list(com_, query);
	assert_int_equal(n_items(r), 3);
	thttp_resp_free(r);
	/* Another enterprise's user sees none of them. */
	snprintf(query, sizeof(query), "q=%s", q);
	r = list(ent2_, query);
	tfix_expect(r, 200, NULL);
	assert_int_equal(n_items(r), 0);
	thttp_resp_free(r);

	/* One per page: three pages, each case once, then no cursor. */
	for (page = 0; page < 4; page++) {
		if (cursor == NULL && page > 0)
			break;
		if (cursor != NULL)
			snprintf(query, sizeof(query), "q=%s&limit=1&cursor=%s",
			    q, cursor);
		else
			snprintf(query, sizeof(query), "q=%s&limit=1", q);
		r = list(com_, query);
		tfix_expect(r, 200, NULL);
		assert_int_equal(n_items(r), 1);
		seen[page] = item_id(r, 0);
		free(cursor);
		cursor = NULL;
		if (thttp_resp_str(r, "next_cursor") != NULL)
			cursor = strdup(thttp_resp_str(r, "next_cursor"));
		thttp_resp_free(r);
	}
	assert_int_equal(page, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(seen[i], ids[2 - i]);

	/* The deadline order: accepted ones by due date, the rest last. */
	transition_ok(com_, ids[1], "{\"action\":\"accept\"}", "accepted");
	transition_ok(com_, ids[0], "{\"action\":\"accept\"}", "accepted");
	snprintf(query, sizeof(query), "q=%s&sort=due_at", q);
	r = list(com_, query);
	tfix_expect(r, 200, NULL);
	assert_int_equal(item_id(r, 0), ids[0]); /* policy: 3 days */
	assert_int_equal(item_id(r, 1), ids[1]); /* legal: 5 days */
	assert_int_equal(item_id(r, 2), ids[2]); /* no deadline */
	thttp_resp_free(r);
	snprintf(query, sizeof(query), "q=%s&sort=due_at&limit=2", q);
	r = list(com_, query);
	cursor = strdup(thttp_resp_str(r, "next_cursor"));
	thttp_resp_free(r);
	snprintf(query, sizeof(query), "q=%s&sort=due_at&limit=2&cursor=%s", q,
	    cursor);
	r = list(com_, query);
	assert_int_equal(n_items(r), 1);
	assert_int_equal(item_id(r, 0), ids[2]);
	thttp_resp_free(r);
	/* A cursor of one order is refused by the other. */
	snprintf(query, sizeof(query), "q=%s&cursor=%s", q, cursor);
	r = list(com_, query);
	tfix_expect_field(r, 400, "cursor");
	thttp_resp_free(r);
	free(cursor);

	/* Bad parameters: 400, named. */
	for (i = 0; i < (int)(sizeof(bad_lists) / sizeof(bad_lists[0])); i++) {
		r = list(com_, bad_lists[i].query);
		tfix_expect_field(r, 400, bad_lists[i].field);
		thttp_resp_free(r);
	}
	/* Created-date range: today (Zibo) holds them, yesterday does not. */
	{
		const char *today =
		    tdb_value(db_, "SELECT hl_today()::text", NULL);
		char day[16];

		snprintf(day, sizeof(day), "%s", today);
		snprintf(query, sizeof(query), "q=%s&from=%s&to=%s", q, day,
		    day);
		r = list(com_, query);
		assert_int_equal(n_items(r), 3);
		thttp_resp_free(r);
		snprintf(query, sizeof(query), "q=%s&to=2020-01-01", q);
		r = list(com_, query);
		assert_int_equal(n_items(r), 0);
		thttp_resp_free(r);
	}
}

/* ---- deadlines, by the server's job thread ---- */

static void
wait_for(const char *sql, const char *id)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (tdb_int(db_, sql, id, NULL) > 0)
			return;
		usleep(100 * 1000);
	}
	fail_msg("timed out waiting for: %s", sql);
}

static void
test_overdue_and_auto_escalation_by_the_job(void **state)
{
	char title[96];
	char sid[24];
	char query[256];
	long long id = new_case("financing", unique("逾期", title));
	struct thttp_resp *r;
	json_t *tl;
	size_t i;
	int n_overdue = 0;

	(void)state;
	transition_ok(com_, id, "{\"action\":\"accept\"}", "accepted");
	lls(id, sid);
	/* The deadline was five working days ago. */
	tdb_exec(db_,
	    "UPDATE cases SET due_on = hl_add_workdays(hl_today(), -5),"
	    " due_at = hl_end_of_day(hl_add_workdays(hl_today(), -5))"
	    " WHERE id = $1::bigint",
	    sid, NULL);
	wait_for("SELECT count(*) FROM cases WHERE id = $1::bigint"
	         " AND escalated AND overdue_flagged_at IS NOT NULL",
	    sid);
	r = get_case(com_, id);
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "overdue")));
	assert_int_equal(thttp_resp_int(r, "workdays_left", 0),
	    count("SELECT hl_workdays_between(hl_today(),"
	          " due_on) FROM cases WHERE id = $1::bigint",
	        sid));
	assert_true(thttp_resp_int(r, "workdays_left", 0) <= -4);
	assert_true(json_is_true(
	    thttp_json_get(thttp_resp_json(r), "escalation.automatic")));
	assert_string_equal(thttp_resp_str(r, "escalation.reason"),
	    "逾期超过 3 个工作日，自动升级为书记突破项目");
	tl = thttp_json_get(thttp_resp_json(r), "timeline");
	for (i = 0; i < json_array_size(tl); i++)
		if (strcmp(json_string_value(
		               json_object_get(json_array_get(tl, i), "kind")),
		        "overdue") == 0)
			n_overdue++;
	assert_int_equal(n_overdue, 1);
	thttp_resp_free(r);
	/* The list shows it overdue and escalated; the board lists it. */
	snprintf(query, sizeof(query),
	    "/api/v1/cases?overdue=true&escalated=true"
	    "&limit=200");
	r = thttp_client_request(com_, "GET", query, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	for (i = 0; i < n_items(r) && item_id(r, i) != id; i++)
		;
	assert_true(i < n_items(r));
	thttp_resp_free(r);
	r = thttp_client_request(cmt_, "GET",
	    "/api/v1/chains/auto-parts/escalations", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_non_null(strstr(r->body, title));
	thttp_resp_free(r);
	/* Still exactly one overdue row after more rounds. */
	usleep(1500 * 1000);
	assert_int_equal(count("SELECT count(*) FROM case_events WHERE"
	                       " case_id = $1::bigint AND kind = 'overdue'",
	                     sid),
	    1);
}

/* ---- the escalation board ---- */

static void
test_escalation_board(void **state)
{
	char title[96];
	long long id = new_case("legal", unique("书记突破", title));
	struct thttp_resp *r;

	(void)state;
	transition_ok(com_, id,
	    "{\"action\":\"escalate\",\"reason\":\"涉及跨部门协调\"}",
	    "submitted");
	r = thttp_client_request(cmt_, "GET",
	    "/api/v1/chains/auto-parts/escalations", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_non_null(strstr(r->body, title));
	assert_non_null(strstr(r->body, "涉及跨部门协调"));
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET",
	    "/api/v1/chains/auto-parts/escalations", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = thttp_client_request(cmt_, "GET",
	    "/api/v1/chains/energy-storage/escalations", NULL, NULL, 0);
	tfix_expect(r, 404, "not_found"); /* not their chain */
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET",
	    "/api/v1/chains/no-such-chain/escalations", NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET",
	    "/api/v1/chains/auto-parts/escalations", NULL, NULL, 0);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	transition_ok(cmt_, id, "{\"action\":\"deescalate\"}", "submitted");
	r = thttp_client_request(cmt_, "GET",
	    "/api/v1/chains/auto-parts/escalations", NULL, NULL, 0);
	assert_null(strstr(r->body, title));
	thttp_resp_free(r);
}

/* ---- counts ---- */

static void
test_stats_count_the_filtered_cases(void **state)
{
	char marker[96];
	char title[128];
	char q[512];
	char path[640];
	long long a;
	struct thttp_resp *r;
	json_t *j;

	(void)state;
	unique("统计", marker);
	snprintf(title, sizeof(title), "%s 甲", marker);
	a = new_case("financing", title);
	snprintf(title, sizeof(title), "%s 乙", marker);
	new_case("legal", title);
	transition_ok(com_, a, "{\"action\":\"accept\"}", "accepted");
	qenc(marker, q);
	snprintf(path, sizeof(path), "/api/v1/stats/cases?q=%s", q);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	j = thttp_resp_json(r);
	assert_int_equal(thttp_resp_int(r, "total", -1), 2);
	assert_int_equal(thttp_resp_int(r, "open", -1), 2);
	assert_int_equal(thttp_resp_int(r, "overdue", -1), 0);
	assert_int_equal(thttp_resp_int(r, "escalated", -1), 0);
	assert_int_equal(thttp_resp_int(r, "by_status.submitted", -1), 1);
	assert_int_equal(thttp_resp_int(r, "by_status.accepted", -1), 1);
	assert_null(thttp_json_get(j, "by_status.closed"));
	assert_int_equal(thttp_resp_int(r, "by_category.financing", -1), 1);
	assert_int_equal(json_array_size(thttp_json_get(j, "by_chain")), 1);
	assert_string_equal(thttp_resp_str(r, "by_chain.0.chain_code"),
	    "auto-parts");
	assert_int_equal(thttp_resp_int(r, "by_chain.0.open", -1), 2);
	thttp_resp_free(r);
	/* Scoped like the list: the responder has none of them. */
	r = thttp_client_request(resp_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "total", -1), 0);
	assert_int_equal(
	    json_object_size(thttp_json_get(thttp_resp_json(r), "by_status")),
	    0);
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET", "/api/v1/stats/cases?status=x",
	    NULL, NULL, 0);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
}

/* ---- exports ---- */

static void
test_exports(void **state)
{
	char marker[96];
	char q[512];
	char path[768];
	char title[160];
	struct thttp_resp *r;

	(void)state;
	unique("导出", marker);
	snprintf(title, sizeof(title), "=HYPERLINK(\\\"http://x\\\") %s",
	    marker);
	new_case("policy", title);
	qenc(marker, q);
	snprintf(path, sizeof(path), "/api/v1/cases.csv?q=%s", q);
	r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_int_equal(
	    strncmp(thttp_resp_header(r, "Content-Type"), "text/csv", 8), 0);
	assert_memory_equal(r->body, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(r->body, "诉求编号"));
	assert_non_null(strstr(r->body, "政策"));
	assert_non_null(strstr(r->body, "已提交"));
	/* A formula is neutralised: the cell starts with '. */
	assert_non_null(strstr(r->body, "'=HYPERLINK"));
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/cases.xlsx?q=%s", q);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_true(r->body_len > 100);
	assert_memory_equal(r->body, "PK\x03\x04", 4);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Disposition"), "attachment"));
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", "/api/v1/cases.csv", NULL, NULL,
	    0);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	/* Paging does not apply to exports. */
	snprintf(path, sizeof(path), "/api/v1/cases.csv?q=%s&limit=0", q);
	r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
}

/* ---- calendar and SLA ---- */

static void
test_calendar_and_sla_administration(void **state)
{
	struct thttp_resp *r;
	long long audits;

	(void)state;
	r = thttp_client_request(ent_, "GET", "/api/v1/calendar/2026", NULL,
	    NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "year", 0), 2026);
	assert_non_null(strstr(r->body, "\"2026-10-01\""));
	/* 261 weekdays - 19 weekday holidays + 6 make-up days. */
	assert_int_equal(thttp_resp_int(r, "n_workdays", 0), 248);
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", "/api/v1/calendar/1800", NULL,
	    NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);

	/* Replacing a year no case depends on. */
	r = thttp_client_json(com_, "PUT", "/api/v1/calendar/2099",
	    "{\"days\":[]}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PUT", "/api/v1/calendar/2099",
	    "{\"days\":[{\"day\":\"2099-01-01\",\"kind\":\"holiday\"},"
	    "{\"day\":\"2099-01-05\",\"kind\":\"workday\"},"
	    "{\"day\":\"2098-12-31\",\"kind\":\"holiday\"},"
	    "{\"day\":\"2099-01-01\",\"kind\":\"workday\"},"
	    "{\"day\":\"2099-01-02\",\"kind\":\"party\"}]}");
	tfix_expect_field(r, 422, "days[1].day");
	tfix_expect_field(r, 422, "days[2].day");
	tfix_expect_field(r, 422, "days[3].day");
	tfix_expect_field(r, 422, "days[4].kind");
	thttp_resp_free(r);
	audits = count("SELECT count(*) FROM audit_log WHERE action ="
	               " 'calendar.replace' AND object_id = $1",
	    "2099");
	r = thttp_client_json(admin_, "PUT", "/api/v1/calendar/2099",
	    "{\"days\":[{\"day\":\"2099-01-01\",\"kind\":\"holiday\","
	    "\"name\":\"元旦\"},{\"day\":\"2099-01-03\",\"kind\":\"workday\"}]}");
	tfix_expect(r, 200, NULL);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "days")), 2);
	thttp_resp_free(r);
	assert_int_equal(count("SELECT count(*) FROM calendar_days WHERE"
	                       " day >= $1::date AND day < '2100-01-01'",
	                     "2099-01-01"),
	    2);
	r = thttp_client_json(admin_, "PUT", "/api/v1/calendar/2099",
	    "{\"days\":[]}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action ="
	                       " 'calendar.replace' AND object_id = $1",
	                     "2099"),
	    audits + 2);

	r = thttp_client_request(ent_, "GET", "/api/v1/sla", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "items.0.category"), "policy");
	thttp_resp_free(r);
	r = thttp_client_json(com_, "PUT", "/api/v1/sla",
	    "{\"items\":[{\"category\":\"other\",\"working_days\":9}]}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PUT", "/api/v1/sla",
	    "{\"items\":[{\"category\":\"other\",\"working_days\":0},"
	    "{\"category\":\"weather\",\"working_days\":3}]}");
	tfix_expect_field(r, 422, "items[0].working_days");
	tfix_expect_field(r, 422, "items[1].category");
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PUT", "/api/v1/sla",
	    "{\"items\":[{\"category\":\"other\",\"working_days\":9}]}");
	tfix_expect(r, 200, NULL);
	assert_non_null(strstr(r->body, "\"working_days\" : 9"));
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PUT", "/api/v1/sla",
	    "{\"items\":[{\"category\":\"other\",\"working_days\":10}]}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	assert_int_equal(count("SELECT working_days FROM sla_limits"
	                       " WHERE category = $1",
	                     "other"),
	    10);
}

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "commissioner-demo", &com_ },
	{ "ent-demo", &ent_ },
	{ "ent2-demo", &ent2_ },
	{ "responder-demo", &resp_ },
	{ "committee-demo", &cmt_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	responder_id_ = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'responder-demo'", NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_lifecycle_by_the_right_roles),
		cmocka_unit_test(test_reject_and_reopen),
		cmocka_unit_test(
		    test_every_illegal_transition_409_changes_nothing),
		cmocka_unit_test(test_double_escalation_409),
		cmocka_unit_test(test_who_may_act),
		cmocka_unit_test(test_intake_validation),
		cmocka_unit_test(test_idempotent_replay_creates_once),
		cmocka_unit_test(
		    test_internal_notes_hidden_from_the_enterprise),
		cmocka_unit_test(test_attachments_checked_by_content),
		cmocka_unit_test(test_attachment_too_large_413),
		cmocka_unit_test(test_list_filters_and_keyset_paging),
		cmocka_unit_test(test_overdue_and_auto_escalation_by_the_job),
		cmocka_unit_test(test_escalation_board),
		cmocka_unit_test(test_stats_count_the_filtered_cases),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_calendar_and_sla_administration),
	};

	return cmocka_run_group_tests_name("cases", tests, setup, teardown);
}
