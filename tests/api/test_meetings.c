/*
 * Chain committee meetings over HTTP: scoping for every role (an
 * enterprise, a commissioner, a responder and a committee member of
 * another chain see nothing: 404), bad input refused with Chinese messages
 * and nothing half-written, the drafted and edited agenda (a case on one
 * open agenda at a time), minutes over the cap, approved minutes frozen
 * into versions, decisions with action items, the close guard with and
 * without an override, the overdue sweep and its message, notifications
 * through the outbox contract, the print view, exports, idempotency, a
 * case's meetings and the common problems.  Cases are made in SQL on
 * auto-parts (committee-demo's chain) with titles unique to the run;
 * meetings a test leaves open are cancelled, so their cases are free for
 * the next one.
 */
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

#include "buf.h"
#include "err.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"
#include "xlsx.h"

static struct thttp_client *committee_;
static struct thttp_client *admin_;
static struct thttp_client *ent_;
static struct thttp_client *ent2_;
static struct thttp_client *commissioner_;
static struct thttp_client *responder_;
static struct thttp_client *policy_;
static struct thttp_client *other_; /* committee of ceramics-glass */
static struct tdb *db_;
static struct thttp_resp *r_; /* the current response */
static char tag_[32];
static unsigned serial_;
static long long policy_id_;
static long long ent_id_; /* ent-demo's enterprise */
static long long other_id_;

static const struct tfix_login logins_[] = {
	{ "committee-demo", &committee_ },
	{ "admin-demo", &admin_ },
	{ "ent-demo", &ent_ },
	{ "ent2-demo", &ent2_ },
	{ "commissioner-demo", &commissioner_ },
	{ "responder-demo", &responder_ },
	{ "policy-demo", &policy_ },
	{ NULL, NULL },
};

/* ---- helpers ---- */

static struct thttp_resp *call(struct thttp_client *c, const char *method,
    const char *json, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* method path (printf-style) with a JSON body or none; the answer is
 * kept in r_ until the next call. */
static struct thttp_resp *
call(struct thttp_client *c, const char *method, const char *json,
    const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	thttp_resp_free(r_);
	r_ = json != NULL
	    ? thttp_client_json(c, method, path, json)
	    : thttp_client_request(c, method, path, NULL, NULL, 0);
	return r_;
}

static void
want(struct thttp_resp *r, long status)
{
	tfix_expect(r, status, NULL);
}

/* A title unique to this run. */
static const char *
unique(const char *what, char buf[128])
{
	snprintf(buf, 128, "%s-%s-%u", what, tag_, serial_++);
	return buf;
}

static char *
sql_text(const char *sql, const char *p1)
{
	const char *v = tdb_value(db_, sql, p1, NULL);

	return strdup(v != NULL ? v : "");
}

/*
 * A case of enterprise ent on chain code, straight into the table, in
 * status how: "submitted", "in_progress" (assigned to policy-demo, due in
 * 5 days), "escalated" (in_progress and escalated) or "overdue"
 * (assigned, past its deadline).  Returns its id.
 */
static long long
make_case(long long ent, const char *code, const char *how, const char *title)
{
	char e[24];
	long long id;

	snprintf(e, sizeof(e), "%lld", ent);
	id = tdb_int(db_,
	    "INSERT INTO cases (enterprise_id, chain_id, category, title,"
	    " description) SELECT $1::bigint, c.id, 'approvals', $3,"
	    " '会议测试用诉求：' || $3 FROM chains c WHERE c.code = $2"
	    " RETURNING id",
	    e, code, title, NULL);
	snprintf(e, sizeof(e), "%lld", id);
	if (strcmp(how, "submitted") == 0)
		return id;
	tdb_exec(db_,
	    "UPDATE cases SET status = 'accepted', accepted_at = hl_now(),"
	    " due_on = hl_today() + CASE WHEN $2 = 'overdue' THEN -3 ELSE 5"
	    " END, due_at = hl_end_of_day(hl_today() + CASE WHEN $2 ="
	    " 'overdue' THEN -3 ELSE 5 END) WHERE id = $1::bigint",
	    e, how, NULL);
	tdb_exec(db_,
	    "UPDATE cases SET status = 'assigned', assignee_user_id = (SELECT"
	    " id FROM users WHERE login = 'policy-demo') WHERE id = $1::bigint",
	    e, NULL);
	if (strcmp(how, "overdue") != 0)
		tdb_exec(db_,
		    "UPDATE cases SET status = 'in_progress'"
		    " WHERE id = $1::bigint",
		    e, NULL);
	if (strcmp(how, "escalated") == 0)
		tdb_exec(db_,
		    "UPDATE cases SET escalated = true, escalated_at = hl_now(),"
		    " escalated_reason = '测试升级' WHERE id = $1::bigint",
		    e, NULL);
	return id;
}

/* POST /meetings as c on chain code; status and extra members as JSON
 * text (",\"status\":\"held\"" …).  Returns the id, or fails the test
 * unless want_status is met (then 0). */
static long long
create_meeting(struct thttp_client *c, const char *code, const char *title,
    const char *starts_at, const char *extra, long want_status)
{
	char body[2048];

	snprintf(body, sizeof(body),
	    "{\"chain_code\":\"%s\",\"title\":\"%s\",\"starts_at\":\"%s\","
	    "\"place\":\"市政府第三会议室\"%s}",
	    code, title, starts_at, extra != NULL ? extra : "");
	call(c, "POST", body, "/api/v1/meetings");
	want(r_, want_status);
	return want_status == 201 ? thttp_resp_int(r_, "id", 0) : 0;
}

static void
cancel(long long id)
{
	call(committee_, "PATCH", "{\"status\":\"cancelled\"}",
	    "/api/v1/meetings/%lld", id);
}

/* The index of the agenda item about case id in r_'s agenda, or -1. */
static int
agenda_index(long long case_id)
{
	json_t *agenda = thttp_json_get(thttp_resp_json(r_), "agenda");
	size_t i;

	for (i = 0; i < json_array_size(agenda); i++) {
		json_t *cases =
		    json_object_get(json_array_get(agenda, i), "cases");
		size_t k;

		for (k = 0; k < json_array_size(cases); k++)
			if (json_integer_value(json_object_get(
			        json_array_get(cases, k), "id")) == case_id)
				return (int)i;
	}
	return -1;
}

static int
setup(void **state)
{
	char body[512];
	char login[64];
	struct thttp_resp *r;

	(void)state;
	snprintf(tag_, sizeof(tag_), "%ld-%ld", (long)getpid(),
	    (long)time(NULL) % 100000);
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	policy_id_ = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'policy-demo'", NULL);
	ent_id_ = tdb_int(db_,
	    "SELECT enterprise_id FROM users WHERE login = 'ent-demo'", NULL);
	/* A committee member of another chain. */
	snprintf(login, sizeof(login), "cmt-other-%s", tag_);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"陶瓷链党委成员\",\"role\":\"committee\","
	    "\"password\":\"%s\",\"chain_codes\":[\"ceramics-glass\"]}",
	    login, TFIX_DEMO_PASSWORD);
	r = thttp_client_json(admin_, "POST", "/api/v1/users", body);
	if (r->status != 201) {
		fprintf(stderr, "cannot make the other committee member: %s\n",
		    r->body);
		thttp_resp_free(r);
		return -1;
	}
	other_id_ = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	other_ = tfix_signed_in(login);
	return other_ != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	thttp_resp_free(r_);
	r_ = NULL;
	thttp_client_free(other_);
	tfix_close(logins_, &db_);
	return 0;
}

/* ---- scoping ---- */

static void
test_scoping_every_role(void **state)
{
	char title[128];
	long long id;
	struct thttp_client *nobody[] = { ent_, ent2_, commissioner_,
		responder_, other_ };
	size_t i;

	(void)state;
	id = create_meeting(committee_, "auto-parts",
	    unique("权限测试会", title), "2027-03-02T09:00:00+08:00", NULL,
	    201);
	call(admin_, "GET", NULL, "/api/v1/meetings/%lld", id);
	want(r_, 200);
	for (i = 0; i < sizeof(nobody) / sizeof(nobody[0]); i++) {
		call(nobody[i], "GET", NULL, "/api/v1/meetings/%lld", id);
		tfix_expect(r_, 404, "not_found");
		call(nobody[i], "PATCH", "{\"title\":\"改名\"}",
		    "/api/v1/meetings/%lld", id);
		tfix_expect(r_, 404, "not_found");
		call(nobody[i], "POST", "{\"title\":\"议题\"}",
		    "/api/v1/meetings/%lld/agenda", id);
		tfix_expect(r_, 404, "not_found");
		call(nobody[i], "POST", "{\"text\":\"决定\"}",
		    "/api/v1/meetings/%lld/decisions", id);
		tfix_expect(r_, 404, "not_found");
		call(nobody[i], "GET", NULL, "/meetings/%lld/print", id);
		want(r_, 404);
		assert_non_null(
		    strstr(thttp_resp_header(r_, "Content-Type"), "text/html"));
	}
	/* Nothing changed for all that. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM meetings WHERE title = $1",
	                     title, NULL),
	    1);
	call(ent_, "POST", "{}", "/api/v1/meetings");
	tfix_expect(r_, 403, "forbidden");
	call(ent_, "GET", NULL, "/api/v1/meetings");
	tfix_expect(r_, 403, "forbidden");
	/* Another chain's committee cannot hold auto-parts' meetings. */
	create_meeting(other_, "auto-parts", "越权会议",
	    "2027-03-02T09:00:00+08:00", NULL, 422);
	tfix_expect_field(r_, 422, "chain_code");
	call(other_, "GET", NULL, "/api/v1/chains/auto-parts/common-problems");
	tfix_expect(r_, 404, "not_found");
	call(other_, "GET", NULL, "/api/v1/meetings?chain=auto-parts");
	want(r_, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r_), "items")), 0);
	cancel(id);
}

/* ---- bad input ---- */

static void
test_create_bad_input_writes_nothing(void **state)
{
	char title[128];
	char extra[128];
	char big[400];

	(void)state;
	unique("坏输入会", title);
	create_meeting(committee_, "auto-parts", title,
	    "2020-01-01T09:00:00+08:00", ",\"status\":\"scheduled\"", 422);
	tfix_expect_field(r_, 422, "starts_at");
	create_meeting(committee_, "auto-parts", title, "2027-03-02 9点", NULL,
	    422);
	tfix_expect_field(r_, 422, "starts_at");
	create_meeting(committee_, "auto-parts", title,
	    "2027-03-02T09:00:00+08:00",
	    ",\"ends_at\":\"2027-03-02T08:00:00+08:00\"", 422);
	tfix_expect_field(r_, 422, "ends_at");
	create_meeting(committee_, "auto-parts", title,
	    "2027-03-02T09:00:00+08:00", ",\"kind\":\"party\"", 422);
	tfix_expect_field(r_, 422, "kind");
	snprintf(extra, sizeof(extra), ",\"attendees\":[{\"user_id\":%lld}]",
	    other_id_);
	create_meeting(committee_, "auto-parts", title,
	    "2027-03-02T09:00:00+08:00", extra, 422);
	tfix_expect_field(r_, 422, "attendees[0].user_id");
	memset(big, 'x', 300);
	big[300] = '\0';
	create_meeting(committee_, "auto-parts", big,
	    "2027-03-02T09:00:00+08:00", NULL, 422);
	tfix_expect_field(r_, 422, "title");
	call(committee_, "POST", "{\"chain_code\":", "/api/v1/meetings");
	tfix_expect(r_, 400, "invalid_json");
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM meetings WHERE title = $1",
	                     title, NULL),
	    0);
}

/* ---- agenda ---- */

static void
test_agenda_drafted_and_edited(void **state)
{
	char title[128];
	char body[256];
	long long esc;
	long long ovd;
	long long foreign;
	long long id;
	long long id2;
	long long first;
	long long text_item;
	int ie;
	json_t *agenda;
	size_t n;
	size_t i;

	(void)state;
	esc = make_case(ent_id_, "auto-parts", "escalated",
	    unique("升级诉求", title));
	ovd = make_case(ent_id_, "auto-parts", "overdue",
	    unique("超期诉求", title));
	foreign = make_case(tdb_int(db_,
	                        "SELECT min(ec.enterprise_id) FROM"
	                        " enterprise_chains ec JOIN chains c ON"
	                        " c.id = ec.chain_id WHERE c.code ="
	                        " 'ceramics-glass'",
	                        NULL),
	    "ceramics-glass", "submitted", unique("外链诉求", title));
	id = create_meeting(committee_, "auto-parts", unique("议程会", title),
	    "2027-03-03T09:00:00+08:00", NULL, 201);
	ie = agenda_index(esc);
	assert_true(ie >= 0);
	assert_true(agenda_index(ovd) >= 0);
	agenda = thttp_json_get(thttp_resp_json(r_), "agenda");
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(agenda, (size_t)ie), "kind")),
	    "escalated");
	/* The escalated cases come first, then the overdue ones. */
	assert_true(ie < agenda_index(ovd));
	/* The facts went with it, and the case's timeline says so. */
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_object_get(
	            json_array_get(
	                json_object_get(json_array_get(agenda, (size_t)ie),
	                    "cases"),
	                0),
	            "facts"),
	        "status")),
	    "in_progress");
	snprintf(title, sizeof(title), "%lld", esc);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM case_events WHERE case_id ="
	                     " $1::bigint AND kind = 'agenda' AND internal",
	                     title, NULL),
	    1);
	/* Another chain's case is not there (404), one on an open agenda is
	 * taken (409). */
	snprintf(body, sizeof(body), "{\"case_id\":%lld}", foreign);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/agenda", id);
	tfix_expect_field(r_, 404, "case_id");
	id2 = create_meeting(committee_, "auto-parts",
	    unique("议程会二", title), "2027-03-04T09:00:00+08:00", NULL, 201);
	assert_int_equal(agenda_index(esc), -1);
	snprintf(body, sizeof(body), "{\"case_id\":%lld}", esc);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/agenda", id2);
	tfix_expect(r_, 409, "conflict");
	/* Free text, then the order reversed. */
	call(committee_, "POST", "{\"title\":\"其他事项：研究下季度工作\"}",
	    "/api/v1/meetings/%lld/agenda", id);
	want(r_, 201);
	agenda = thttp_json_get(thttp_resp_json(r_), "agenda");
	n = json_array_size(agenda);
	assert_true(n >= 3);
	text_item = json_integer_value(
	    json_object_get(json_array_get(agenda, n - 1), "id"));
	first = json_integer_value(
	    json_object_get(json_array_get(agenda, 0), "id"));
	{
		char ids[1024] = "{\"ids\":[";
		size_t w = strlen(ids);

		for (i = n; i-- > 0;)
			w +=
			    (size_t)snprintf(ids + w, sizeof(ids) - w, "%lld%s",
			        json_integer_value(json_object_get(
			            json_array_get(agenda, i), "id")),
			        i > 0 ? "," : "]}");
		call(committee_, "PUT", ids, "/api/v1/meetings/%lld/agenda",
		    id);
		want(r_, 200);
	}
	agenda = thttp_json_get(thttp_resp_json(r_), "agenda");
	assert_int_equal(json_integer_value(
	                     json_object_get(json_array_get(agenda, 0), "id")),
	    text_item);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_array_get(agenda, n - 1), "id")),
	    first);
	/* An order that leaves an item out. */
	snprintf(body, sizeof(body), "{\"ids\":[%lld]}", first);
	call(committee_, "PUT", body, "/api/v1/meetings/%lld/agenda", id);
	tfix_expect_field(r_, 422, "ids");
	/* Remove the text item: the rest close up. */
	call(committee_, "DELETE", NULL, "/api/v1/meetings/%lld/agenda/%lld",
	    id, text_item);
	want(r_, 204);
	call(committee_, "GET", NULL, "/api/v1/meetings/%lld", id);
	agenda = thttp_json_get(thttp_resp_json(r_), "agenda");
	assert_int_equal(json_array_size(agenda), n - 1);
	for (i = 0; i < json_array_size(agenda); i++)
		assert_int_equal(json_integer_value(json_object_get(
		                     json_array_get(agenda, i), "position")),
		    (long long)i + 1);
	/* Once held, the agenda is what it was. */
	call(committee_, "PATCH",
	    "{\"starts_at\":\"2026-01-05T09:00:00+08:00\","
	    "\"status\":\"held\"}",
	    "/api/v1/meetings/%lld", id);
	want(r_, 200);
	call(committee_, "POST", "{\"title\":\"迟到的议题\"}",
	    "/api/v1/meetings/%lld/agenda", id);
	tfix_expect(r_, 409, "conflict");
	/* Held: the cases are free for the next meeting's agenda. */
	snprintf(body, sizeof(body), "{\"case_id\":%lld}", esc);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/agenda", id2);
	want(r_, 201);
	cancel(id2);
}

/* ---- minutes ---- */

static void
test_minutes_cap_approval_and_versions(void **state)
{
	char title[128];
	long long id;
	char *big;
	size_t n = 70 * 1024;
	json_t *j;

	(void)state;
	id = create_meeting(committee_, "auto-parts", unique("纪要会", title),
	    "2026-01-05T09:00:00+08:00", NULL, 201);
	/* Approval straight from a draft is not a move. */
	call(committee_, "PATCH",
	    "{\"minutes_md\":\"## 纪要\",\"status\":\"minutes_approved\"}",
	    "/api/v1/meetings/%lld", id);
	tfix_expect(r_, 409, "invalid_transition");
	big = malloc(n + 64);
	assert_non_null(big);
	strcpy(big, "{\"minutes_md\":\"");
	memset(big + strlen(big), 'a', n);
	strcpy(big + 15 + n, "\"}");
	call(committee_, "PATCH", big, "/api/v1/meetings/%lld", id);
	free(big);
	tfix_expect_field(r_, 413, "minutes_md");
	call(committee_, "PATCH", "{\"status\":\"held\"}",
	    "/api/v1/meetings/%lld", id);
	want(r_, 200);
	call(committee_, "PATCH", "{\"status\":\"minutes_approved\"}",
	    "/api/v1/meetings/%lld", id);
	tfix_expect_field(r_, 422, "minutes_md");
	call(committee_, "PATCH",
	    "{\"minutes_md\":\"## 会议纪要\\n\\n第一版 <script>x</script>\","
	    "\"status\":\"minutes_approved\"}",
	    "/api/v1/meetings/%lld", id);
	want(r_, 200);
	assert_int_equal(thttp_resp_int(r_, "minutes_version", 0), 1);
	assert_null(strstr(thttp_resp_str(r_, "minutes_html"), "<script"));
	assert_non_null(strstr(thttp_resp_str(r_, "minutes_html"), "<h2>"));
	call(committee_, "PATCH",
	    "{\"minutes_md\":\"## 会议纪要\\n\\n修订版\"}",
	    "/api/v1/meetings/%lld", id);
	want(r_, 200);
	assert_int_equal(thttp_resp_int(r_, "minutes_version", 0), 2);
	j = thttp_json_get(thttp_resp_json(r_), "minutes_versions");
	assert_int_equal(json_array_size(j), 2);
	call(committee_, "GET", NULL, "/api/v1/meetings/%lld/minutes/1", id);
	want(r_, 200);
	assert_non_null(strstr(thttp_resp_str(r_, "minutes_md"), "第一版"));
	call(committee_, "GET", NULL, "/api/v1/meetings/%lld/minutes/3", id);
	tfix_expect(r_, 404, "not_found");
	call(committee_, "PATCH", "{\"title\":\"改名\"}",
	    "/api/v1/meetings/%lld", id);
	tfix_expect(r_, 409, "conflict");
}

/* ---- decisions, action items, the close guard ---- */

/* A held meeting on auto-parts (it started on 2026-12-01); its id. */
static long long
held_meeting(const char *what)
{
	char title[128];
	long long id = create_meeting(committee_, "auto-parts",
	    unique(what, title), "2026-12-01T09:00:00+08:00", NULL, 201);

	call(committee_, "PATCH", "{\"status\":\"held\"}",
	    "/api/v1/meetings/%lld", id);
	want(r_, 200);
	return id;
}

static long long
n_written(long long meeting)
{
	char m[24];

	snprintf(m, sizeof(m), "%lld", meeting);
	return tdb_int(db_,
	    "SELECT (SELECT count(*) FROM meeting_decisions"
	    " WHERE meeting_id = $1::bigint) + (SELECT count(*)"
	    " FROM action_items WHERE meeting_id = $1::bigint)",
	    m, NULL);
}

static void
test_decision_bad_input_writes_nothing(void **state)
{
	char title[128];
	char body[512];
	char disabled[24];
	long long id;
	long long draft;
	long long cs;
	long long foreign;

	(void)state;
	cs = make_case(ent_id_, "auto-parts", "in_progress",
	    unique("决定坏输入", title));
	foreign = make_case(tdb_int(db_,
	                        "SELECT min(ec.enterprise_id) FROM"
	                        " enterprise_chains ec JOIN chains c ON"
	                        " c.id = ec.chain_id WHERE c.code ="
	                        " 'ceramics-glass'",
	                        NULL),
	    "ceramics-glass", "submitted", unique("外链诉求", title));
	draft = create_meeting(committee_, "auto-parts",
	    unique("未召开", title), "2027-03-05T09:00:00+08:00", NULL, 201);
	call(committee_, "POST", "{\"text\":\"决定\"}",
	    "/api/v1/meetings/%lld/decisions", draft);
	tfix_expect(r_, 409, "conflict");
	cancel(draft);
	id = held_meeting("决定会");
	snprintf(body, sizeof(body),
	    "{\"text\":\"限期办结\",\"actions\":[{\"owner_id\":%lld,"
	    "\"due_on\":\"2026-11-30\",\"case_ids\":[%lld]}]}",
	    policy_id_, cs);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 422, "actions[0].due_on");
	snprintf(body, sizeof(body),
	    "{\"text\":\"限期办结\",\"actions\":[{\"owner_id\":%lld,"
	    "\"due_workdays\":3},{\"owner_id\":999999999,\"due_workdays\":3}]}",
	    policy_id_);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 422, "actions[1].owner_id");
	snprintf(disabled, sizeof(disabled), "%lld",
	    tdb_int(db_,
	        "INSERT INTO users (login, name, role, password_hash,"
	        " disabled_at) VALUES ('meet-disabled-' || $1, '停用的人',"
	        " 'responder', '$argon2id$x', now()) RETURNING id",
	        tag_, NULL));
	snprintf(body, sizeof(body),
	    "{\"text\":\"限期办结\",\"actions\":[{\"owner_id\":%s,"
	    "\"due_workdays\":3}]}",
	    disabled);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 422, "actions[0].owner_id");
	snprintf(body, sizeof(body),
	    "{\"text\":\"限期办结\",\"actions\":[{\"owner_id\":%lld,"
	    "\"due_workdays\":3}]}",
	    tdb_int(db_, "SELECT id FROM users WHERE login = 'ent-demo'",
	        NULL));
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 422, "actions[0].owner_id");
	snprintf(body, sizeof(body),
	    "{\"text\":\"限期办结\",\"actions\":[{\"owner_id\":%lld,"
	    "\"due_workdays\":3,\"case_ids\":[%lld]}]}",
	    policy_id_, foreign);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 404, "actions[0].case_ids");
	snprintf(body, sizeof(body),
	    "{\"text\":\"限期办结\",\"actions\":[{\"owner_id\":%lld}]}",
	    policy_id_);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 422, "actions[0].due_on");
	call(committee_, "POST", "{\"text\":\"  \"}",
	    "/api/v1/meetings/%lld/decisions", id);
	tfix_expect_field(r_, 422, "text");
	assert_int_equal(n_written(id), 0);
}

/* A decision of meeting id with one action item on case cs owned by
 * policy-demo; the item's id. */
static long long
decide_on(long long id, long long cs, const char *text)
{
	char body[512];
	json_t *actions;

	snprintf(body, sizeof(body),
	    "{\"text\":\"%s\",\"actions\":[{\"owner_id\":%lld,"
	    "\"due_workdays\":5,\"case_ids\":[%lld]}]}",
	    text, policy_id_, cs);
	call(committee_, "POST", body, "/api/v1/meetings/%lld/decisions", id);
	want(r_, 201);
	actions = thttp_json_get(thttp_resp_json(r_), "actions");
	assert_int_equal(json_array_size(actions), 1);
	return json_integer_value(
	    json_object_get(json_array_get(actions, 0), "id"));
}

static void
resolve(long long cs)
{
	call(policy_, "POST",
	    "{\"action\":\"resolve\",\"resolution\":\"已办结\"}",
	    "/api/v1/cases/%lld/transitions", cs);
	want(r_, 200);
}

static void
test_close_guard_waits_for_the_action(void **state)
{
	char title[128];
	char num[24];
	long long id;
	long long cs;
	long long action;

	(void)state;
	cs = make_case(ent_id_, "auto-parts", "in_progress",
	    unique("督办后关闭", title));
	id = held_meeting("督办会");
	action = decide_on(id, cs, "由市自然资源局牵头限期解决");
	/* The owner is told, and finds it among their actions. */
	snprintf(num, sizeof(num), "%lld", policy_id_);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM messages WHERE user_id ="
	                " $1::bigint AND event_type = 'action.assigned'",
	                num, NULL) >= 1);
	call(policy_, "GET", NULL, "/api/v1/actions?mine=true&status=open");
	want(r_, 200);
	assert_non_null(strstr(r_->body, "由市自然资源局牵头限期解决"));
	resolve(cs);
	call(ent_, "POST", "{\"action\":\"confirm\",\"rating\":5}",
	    "/api/v1/cases/%lld/transitions", cs);
	tfix_expect(r_, 409, "open_action");
	call(committee_, "POST", "{\"action\":\"confirm\"}",
	    "/api/v1/cases/%lld/transitions", cs);
	tfix_expect_field(r_, 422, "override_reason");
	/* Nobody but the owner and the committee may complete it. */
	call(ent_, "POST", "{}", "/api/v1/actions/%lld/complete", action);
	tfix_expect(r_, 404, "not_found");
	call(responder_, "POST", "{}", "/api/v1/actions/%lld/complete", action);
	tfix_expect(r_, 404, "not_found");
	call(policy_, "POST", "{\"note\":\"已会商解决\"}",
	    "/api/v1/actions/%lld/complete", action);
	want(r_, 200);
	assert_string_equal(thttp_resp_str(r_, "status"), "done");
	call(policy_, "POST", "{}", "/api/v1/actions/%lld/complete", action);
	tfix_expect(r_, 409, "conflict");
	call(ent_, "POST", "{\"action\":\"confirm\",\"rating\":5}",
	    "/api/v1/cases/%lld/transitions", cs);
	want(r_, 200);
	assert_string_equal(thttp_resp_str(r_, "status"), "closed");
	/* The case page knows the meeting and the decision. */
	call(commissioner_, "GET", NULL, "/api/v1/cases/%lld/meetings", cs);
	want(r_, 200);
	assert_int_equal(thttp_resp_int(r_, "open_actions", -1), 0);
	assert_int_equal(thttp_resp_int(r_, "items.0.meeting.id", 0), id);
	assert_non_null(strstr(r_->body, "由市自然资源局牵头限期解决"));
	call(ent_, "GET", NULL, "/api/v1/cases/%lld/meetings", cs);
	tfix_expect(r_, 403, "forbidden");
}

static void
test_close_guard_override_is_audited(void **state)
{
	char title[128];
	char num[24];
	long long id;
	long long cs;

	(void)state;
	cs = make_case(ent_id_, "auto-parts", "in_progress",
	    unique("越过督办", title));
	id = held_meeting("越过督办会");
	decide_on(id, cs, "限期解决用地问题");
	resolve(cs);
	/* An enterprise user's override counts for nothing. */
	call(ent_, "POST",
	    "{\"action\":\"confirm\",\"rating\":5,\"override_reason\":\"我要关\"}",
	    "/api/v1/cases/%lld/transitions", cs);
	tfix_expect(r_, 409, "open_action");
	call(committee_, "POST",
	    "{\"action\":\"confirm\",\"override_reason\":\"企业书面确认已解决，"
	    "督办事项转入常态跟踪\"}",
	    "/api/v1/cases/%lld/transitions", cs);
	want(r_, 200);
	assert_string_equal(thttp_resp_str(r_, "status"), "closed");
	snprintf(num, sizeof(num), "%lld", cs);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'case.close_override' AND object_id = $1",
	                     num, NULL),
	    1);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM case_events WHERE case_id ="
	                     " $1::bigint AND action = 'confirm' AND body LIKE"
	                     " '企业书面确认%'",
	                     num, NULL),
	    1);
}

static void
test_overdue_sweep_messages_the_owner(void **state)
{
	char title[128];
	char aid[24];
	long long id;
	long long cs;
	int i;

	(void)state;
	cs = make_case(ent_id_, "auto-parts", "in_progress",
	    unique("督办逾期", title));
	id = held_meeting("逾期会");
	snprintf(aid, sizeof(aid), "%lld", decide_on(id, cs, "逾期测试督办"));
	tdb_exec(db_,
	    "UPDATE action_items SET due_on = hl_today() - 1"
	    " WHERE id = $1::bigint",
	    aid, NULL);
	/* The job thread runs every second under the test configuration. */
	for (i = 0; i < 100; i++) {
		if (tdb_int(db_,
		        "SELECT count(*) FROM action_items WHERE id = $1::bigint"
		        " AND overdue_notified_at IS NOT NULL",
		        aid, NULL) > 0)
			break;
		usleep(100 * 1000);
	}
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM messages m JOIN action_items a"
	        " ON a.owner_user_id = m.user_id WHERE a.id ="
	        " $1::bigint AND m.event_type = 'action.overdue'"
	        " AND m.title LIKE '%逾期测试督办%'",
	        aid, NULL),
	    1);
	call(policy_, "GET", NULL, "/api/v1/actions?mine=true&status=overdue");
	want(r_, 200);
	assert_non_null(strstr(r_->body, "逾期测试督办"));
}

/* ---- notifications ---- */

static void
test_scheduling_notifies_through_the_outbox(void **state)
{
	char title[128];
	char extra[256];
	char wh[24];
	char mid[24];
	char *payload;
	long long id;

	(void)state;
	snprintf(wh, sizeof(wh), "%lld",
	    tdb_int(db_,
	        "INSERT INTO webhooks (name, url, event_types) VALUES"
	        " ('test-meetings ' || $1, 'http://192.0.2.1/hook',"
	        " '{meeting.scheduled}') RETURNING id",
	        tag_, NULL));
	snprintf(extra, sizeof(extra),
	    ",\"status\":\"scheduled\",\"attendees\":[{\"user_id\":%lld},"
	    "{\"name\":\"列席人员\",\"title\":\"区发改局\"}]",
	    tdb_int(db_, "SELECT id FROM users WHERE login = 'committee-demo'",
	        NULL));
	id = create_meeting(committee_, "auto-parts", unique("通知会", title),
	    "2027-03-06T09:00:00+08:00", extra, 201);
	snprintf(mid, sizeof(mid), "%lld", id);
	payload = sql_text("SELECT payload::text FROM outbox WHERE webhook_id ="
	                   " (SELECT max(id) FROM webhooks WHERE name LIKE"
	                   " 'test-meetings %') AND (payload->>'meeting_id')"
	                   "::bigint = $1::bigint",
	    mid);
	assert_non_null(strstr(payload, "\"title\""));
	assert_non_null(strstr(payload, "/desk/meetings/"));
	assert_non_null(strstr(payload, "\"status\": \"scheduled\""));
	free(payload);
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM messages m JOIN users u ON"
	        " u.id = m.user_id WHERE u.login ="
	        " 'committee-demo' AND m.event_type ="
	        " 'meeting.scheduled' AND m.link = '/desk/meetings/'"
	        " || $1",
	        mid, NULL),
	    1);
	tdb_exec(db_, "DELETE FROM webhooks WHERE id = $1::bigint", wh, NULL);
	cancel(id);
	want(r_, 200);
}

/* ---- the print view and files ---- */

static int
put_cell(void *arg, size_t row, size_t col, const char *text, size_t len,
    struct hl_err *err)
{
	(void)err;
	hl_buf_printf(arg, "%zu:%zu=%.*s\n", row, col, (int)len, text);
	return 0;
}

/* The cells of r's workbook's first sheet, one "row:col=text" a line. */
static char *
workbook_cells(const struct thttp_resp *r)
{
	const struct hl_xlsx_limits lim = { 1 << 20, 1000, 50, 1 << 16 };
	struct hl_buf cells = { 0 };
	struct hl_err err = { 0 };
	char *s;

	assert_true(hl_xlsx_sniff(r->body, r->body_len));
	if (hl_xlsx_read(r->body, r->body_len, &lim, put_cell, &cells, &err) ==
	    -1)
		fail_msg("the workbook does not read back: %s", err.msg);
	s = strdup(hl_buf_cstr(&cells));
	hl_buf_release(&cells);
	return s;
}

static void
test_print_view_and_exports(void **state)
{
	char title[128];
	char num[24];
	char *number;
	char *cells;
	long long id;
	long long cs;

	(void)state;
	cs = make_case(ent_id_, "auto-parts", "in_progress",
	    unique("打印诉求", title));
	snprintf(num, sizeof(num), "%lld", cs);
	number =
	    sql_text("SELECT number FROM cases WHERE id = $1::bigint", num);
	id = held_meeting("打印会");
	decide_on(id, cs, "打印测试决定");
	call(committee_, "GET", NULL, "/meetings/%lld/print", id);
	want(r_, 200);
	assert_non_null(
	    strstr(thttp_resp_header(r_, "Content-Type"), "text/html"));
	assert_non_null(
	    strstr(thttp_resp_header(r_, "Cache-Control"), "no-store"));
	assert_non_null(thttp_resp_header(r_, "Content-Security-Policy"));
	assert_non_null(strstr(r_->body, "二、会议议程"));
	assert_non_null(strstr(r_->body, "四、会议决定及督办事项"));
	assert_non_null(strstr(r_->body, "打印测试决定"));
	assert_non_null(strstr(r_->body, "/meeting-print.css"));
	assert_null(strstr(r_->body, "<style"));
	assert_null(strstr(r_->body, " style="));
	call(committee_, "GET", NULL, "/meeting-print.css");
	want(r_, 200);
	assert_non_null(strstr(r_->body, "@page"));
	assert_non_null(strstr(r_->body, "AR PL UKai"));
	call(committee_, "GET", NULL, "/api/v1/meetings/%lld/decisions.xlsx",
	    id);
	want(r_, 200);
	cells = workbook_cells(r_);
	/* The heading row, then the decision with its action item, owner,
	 * state and case on one row. */
	assert_non_null(strstr(cells, "0:1=会议决定\n"));
	assert_non_null(strstr(cells, "0:3=责任人\n"));
	assert_non_null(strstr(cells, "1:1=打印测试决定\n"));
	assert_non_null(strstr(cells, "1:3=演示政策专员\n"));
	assert_non_null(strstr(cells, "1:5=未完成\n"));
	assert_non_null(strstr(cells, number));
	assert_null(strstr(cells, "2:1="));
	free(cells);
	call(committee_, "GET", NULL, "/api/v1/actions.csv?meeting=%lld", id);
	want(r_, 200);
	assert_non_null(strstr(r_->body, "督办事项"));
	assert_non_null(strstr(r_->body, "打印测试决定"));
	call(committee_, "GET", NULL, "/api/v1/actions.xlsx?meeting=%lld", id);
	want(r_, 200);
	cells = workbook_cells(r_);
	assert_non_null(strstr(cells, "0:4=督办事项\n"));
	assert_non_null(strstr(cells, "1:4=打印测试决定\n"));
	assert_non_null(strstr(cells, "1:5=演示政策专员\n"));
	assert_null(strstr(cells, "2:4="));
	free(cells);
	/* An enterprise's file has the titles and no rows. */
	call(ent_, "GET", NULL, "/api/v1/actions.csv?meeting=%lld", id);
	want(r_, 200);
	assert_null(strstr(r_->body, "打印测试决定"));
	call(committee_, "GET", NULL, "/api/v1/actions?status=bogus");
	tfix_expect_field(r_, 400, "status");
	free(number);
}

/* ---- idempotency, lists, common problems ---- */

static void
test_create_is_idempotent(void **state)
{
	char title[128];
	char body[512];
	const char *hdrs[] = { "Content-Type: application/json",
		"Idempotency-Key: meetings-idem-test", NULL };
	struct thttp_resp *a;
	struct thttp_resp *b;

	(void)state;
	snprintf(body, sizeof(body),
	    "{\"chain_code\":\"auto-parts\",\"title\":\"%s\","
	    "\"starts_at\":\"2027-04-01T09:00:00+08:00\"}",
	    unique("幂等会", title));
	a = thttp_client_request(committee_, "POST", "/api/v1/meetings", hdrs,
	    body, strlen(body));
	b = thttp_client_request(committee_, "POST", "/api/v1/meetings", hdrs,
	    body, strlen(body));
	want(a, 201);
	want(b, 201);
	assert_int_equal(thttp_resp_int(a, "id", 0),
	    thttp_resp_int(b, "id", 1));
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM meetings WHERE title = $1",
	                     title, NULL),
	    1);
	cancel(thttp_resp_int(a, "id", 0));
	thttp_resp_free(a);
	thttp_resp_free(b);
}

static void
test_list_pages_and_filters(void **state)
{
	char title[128];
	const char *cursor;
	char next[128];
	long long ids[3];
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		ids[i] = create_meeting(committee_, "auto-parts",
		    unique("列表会", title),
		    "2030-01-0"
		    "1T09:00:00+08:00",
		    NULL, 201);
	call(committee_, "GET", NULL,
	    "/api/v1/meetings?chain=auto-parts&from=2030-01-01&to=2030-01-01"
	    "&limit=2");
	want(r_, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r_), "items")), 2);
	/* Same time: the later id first. */
	assert_int_equal(thttp_resp_int(r_, "items.0.id", 0), ids[2]);
	cursor = thttp_resp_str(r_, "next_cursor");
	assert_non_null(cursor);
	snprintf(next, sizeof(next), "%s", cursor);
	call(committee_, "GET", NULL,
	    "/api/v1/meetings?chain=auto-parts&from=2030-01-01&to=2030-01-01"
	    "&limit=2&cursor=%s",
	    next);
	want(r_, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r_), "items")), 1);
	assert_int_equal(thttp_resp_int(r_, "items.0.id", 0), ids[0]);
	assert_null(thttp_resp_str(r_, "next_cursor"));
	call(committee_, "GET", NULL, "/api/v1/meetings?cursor=bm9wZQ");
	tfix_expect_field(r_, 400, "cursor");
	call(committee_, "GET", NULL, "/api/v1/meetings?status=open");
	tfix_expect_field(r_, 400, "status");
	for (i = 0; i < 3; i++)
		cancel(ids[i]);
}

static void
test_common_problems_of_the_chain(void **state)
{
	char title[128];
	char code[19];
	char body[512];
	long long ents[3];
	long long ids[3];
	int i;
	bool found = false;
	json_t *items;
	size_t k;

	(void)state;
	/* Three enterprises of auto-parts with the same problem. */
	for (i = 0; i < 3; i++) {
		char e[24];

		tfix_credit_code("91370303P", code);
		snprintf(body, sizeof(body),
		    "{\"name\":\"共性问题企业%d-%s\",\"credit_code\":\"%s\","
		    "\"chain_codes\":[\"auto-parts\"],\"district\":\"张店区\","
		    "\"size_class\":\"small\"}",
		    i, tag_, code);
		call(admin_, "POST", body, "/api/v1/enterprises");
		want(r_, 201);
		ents[i] = thttp_resp_int(r_, "id", 0);
		snprintf(e, sizeof(e), "%lld", ents[i]);
		snprintf(title, sizeof(title), "天然气管网接入迟迟无法落实%s",
		    tag_);
		ids[i] = tdb_int(db_,
		    "INSERT INTO cases (enterprise_id, chain_id, category,"
		    " title, description) SELECT $1::bigint, c.id,"
		    " 'technology', $2, '新建车间需要接入天然气管网，燃气公司"
		    "迟迟不予落实，影响投产。' FROM chains c"
		    " WHERE c.code = 'auto-parts' RETURNING id",
		    e, title, NULL);
	}
	call(committee_, "GET", NULL,
	    "/api/v1/chains/auto-parts/common-problems");
	want(r_, 200);
	items = thttp_json_get(thttp_resp_json(r_), "items");
	for (k = 0; k < json_array_size(items); k++) {
		json_t *g = json_array_get(items, k);
		char *dump =
		    json_dumps(json_object_get(g, "cases"), JSON_COMPACT);
		char one[32];
		bool all = true;

		for (i = 0; i < 3; i++) {
			snprintf(one, sizeof(one), "\"id\":%lld,", ids[i]);
			all = all && strstr(dump, one) != NULL;
		}
		free(dump);
		if (all) {
			found = true;
			assert_true(json_integer_value(json_object_get(g,
			                "n_enterprises")) >= 3);
			assert_string_equal(
			    json_string_value(json_object_get(g, "category")),
			    "technology");
		}
	}
	assert_true(found);
	call(committee_, "GET", NULL, "/api/v1/chains/nope/common-problems");
	tfix_expect(r_, 404, "not_found");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scoping_every_role),
		cmocka_unit_test(test_create_bad_input_writes_nothing),
		cmocka_unit_test(test_agenda_drafted_and_edited),
		cmocka_unit_test(test_minutes_cap_approval_and_versions),
		cmocka_unit_test(test_decision_bad_input_writes_nothing),
		cmocka_unit_test(test_close_guard_waits_for_the_action),
		cmocka_unit_test(test_close_guard_override_is_audited),
		cmocka_unit_test(test_overdue_sweep_messages_the_owner),
		cmocka_unit_test(test_scheduling_notifies_through_the_outbox),
		cmocka_unit_test(test_print_view_and_exports),
		cmocka_unit_test(test_create_is_idempotent),
		cmocka_unit_test(test_list_pages_and_filters),
		cmocka_unit_test(test_common_problems_of_the_chain),
	};

	return cmocka_run_group_tests_name("meetings", tests, setup, teardown);
}
