/*
 * In-app messages (站内信) over HTTP: who is told what as a case moves
 * (enterprise, commissioner, assignee, committee; never the one who acted),
 * a visit, a published bulletin, a new policy with the reasons an
 * enterprise qualifies and a closing application window; the list with
 * its unread count, read marks, and scoping: nobody reads or marks
 * another's messages.
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
static struct thttp_client *commissioner_;
static struct thttp_client *responder_;
static struct thttp_client *committee_;
static struct tdb *db_;
static unsigned serial_;
static char tag_[48]; /* unique to this run, in titles made here */

static const struct tfix_login logins_[] = {
	{ "ent-demo", &ent_ },
	{ "ent2-demo", &ent2_ },
	{ "commissioner-demo", &commissioner_ },
	{ "responder-demo", &responder_ },
	{ "committee-demo", &committee_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	snprintf(tag_, sizeof(tag_), "站内信%ld", (long)getpid());
	return tfix_open(logins_, &db_);
}

/* What this run made that later tests should not see. */
static int
teardown(void **state)
{
	(void)state;
	if (db_ != NULL) {
		tdb_exec(db_, "DELETE FROM policies WHERE title LIKE $1 || '%'",
		    tag_, NULL);
		tdb_exec(db_,
		    "DELETE FROM bulletins WHERE title LIKE $1 || '%'", tag_,
		    NULL);
		tdb_exec(db_,
		    "DELETE FROM assignments WHERE commissioner_id IN (SELECT id"
		    " FROM users WHERE name = $1)",
		    tag_, NULL);
	}
	tfix_close(logins_, &db_);
	return 0;
}

/* ---- helpers ---- */

static struct thttp_resp *
post(struct thttp_client *c, const char *path, const char *body)
{
	return thttp_client_json(c, "POST", path, body);
}

static void
post_ok(struct thttp_client *c, const char *path, const char *body, long want)
{
	struct thttp_resp *r = post(c, path, body);

	if (r->status != want)
		fail_msg("POST %s: %ld %s", path, r->status, r->body);
	thttp_resp_free(r);
}

static long long
user_id(const char *login)
{
	return tdb_int(db_, "SELECT id FROM users WHERE login = $1", login,
	    NULL);
}

/* Messages of user login of event type about case id (0: any case). */
static long long
n_messages(const char *login, const char *type, long long case_id)
{
	char cid[24];

	snprintf(cid, sizeof(cid), "%lld", case_id);
	return tdb_int(db_,
	    "SELECT count(*) FROM messages m JOIN users u ON u.id = m.user_id"
	    " WHERE u.login = $1 AND m.event_type = $2"
	    " AND ($3::bigint = 0 OR m.case_id = $3::bigint)",
	    login, type, cid, NULL);
}

/* The newest message of login of type: its title and body ("" if none),
 * copied into out as "title|body|link". */
static void
last_message(const char *login, const char *type, char *out, size_t len)
{
	const char *v = tdb_value(db_,
	    "SELECT m.title || '|' || m.body || '|' || m.link FROM messages m"
	    " JOIN users u ON u.id = m.user_id WHERE u.login = $1"
	    " AND m.event_type = $2 ORDER BY m.id DESC LIMIT 1",
	    login, type, NULL);

	snprintf(out, len, "%s", v != NULL ? v : "");
}

static long long
new_case(void)
{
	char body[256];
	struct thttp_resp *r;
	long long id;

	snprintf(body, sizeof(body),
	    "{\"category\":\"financing\",\"title\":\"%s 贷款 %u\","
	    "\"description\":\"流动资金\"}",
	    tag_, serial_++);
	r = post(ent_, "/api/v1/cases", body);
	if (r->status != 201)
		fail_msg("case: %ld %s", r->status, r->body);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	return id;
}

static void
act(struct thttp_client *c, long long id, const char *body)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", id);
	post_ok(c, path, body, 200);
}

/* ---- cases ---- */

static void
test_case_messages_reach_the_right_users(void **state)
{
	long long id = new_case();
	char body[128];
	char msg[1024];

	(void)state;
	/* Filed by the enterprise: its commissioner is told, not the
	 * enterprise user who filed it nor another enterprise. */
	assert_int_equal(n_messages("commissioner-demo", "case.created", id),
	    1);
	assert_int_equal(n_messages("ent-demo", "case.created", id), 0);
	assert_int_equal(n_messages("ent2-demo", "case.created", id), 0);
	assert_int_equal(n_messages("responder-demo", "case.created", id), 0);

	act(commissioner_, id, "{\"action\":\"accept\"}");
	assert_int_equal(n_messages("ent-demo", "case.accepted", id), 1);
	assert_int_equal(n_messages("commissioner-demo", "case.accepted", id),
	    0);
	last_message("ent-demo", "case.accepted", msg, sizeof(msg));
	assert_non_null(strstr(msg, "已受理，办理期限"));
	assert_non_null(strstr(msg, "/m/cases/"));

	snprintf(body, sizeof(body),
	    "{\"action\":\"assign\",\"assignee_id\":%lld}",
	    user_id("responder-demo"));
	act(commissioner_, id, body);
	assert_int_equal(n_messages("responder-demo", "case.assigned", id), 1);
	last_message("responder-demo", "case.assigned", msg, sizeof(msg));
	assert_non_null(strstr(msg, "您有新的待办诉求"));
	assert_non_null(strstr(msg, "|/desk/cases/"));
	assert_int_equal(n_messages("ent-demo", "case.assigned", id), 1);

	/* Escalations reach the chain's committee; the enterprise is not
	 * told of them. */
	act(commissioner_, id, "{\"action\":\"escalate\",\"reason\":\"协调\"}");
	assert_int_equal(n_messages("committee-demo", "case.escalated", id), 1);
	assert_int_equal(n_messages("responder-demo", "case.escalated", id), 1);
	assert_int_equal(n_messages("ent-demo", "case.escalated", id), 0);

	act(responder_, id, "{\"action\":\"start\"}");
	act(responder_, id,
	    "{\"action\":\"resolve\",\"resolution\":\"已发放贷款\"}");
	assert_int_equal(n_messages("ent-demo", "case.resolved", id), 1);
	last_message("ent-demo", "case.resolved", msg, sizeof(msg));
	assert_non_null(strstr(msg, "已办结，请确认办理结果"));
	assert_int_equal(n_messages("commissioner-demo", "case.resolved", id),
	    1);
	assert_int_equal(n_messages("responder-demo", "case.resolved", id), 0);

	act(ent_, id, "{\"action\":\"confirm\",\"rating\":5}");
	assert_int_equal(n_messages("responder-demo", "case.closed", id), 1);
	assert_int_equal(n_messages("commissioner-demo", "case.closed", id), 1);
	assert_int_equal(n_messages("ent-demo", "case.closed", id), 0);
}

/* A refused transition changes nothing, so it tells nobody. */
static void
test_refused_change_tells_nobody(void **state)
{
	long long id = new_case();
	char cid[24];
	long long before;
	struct thttp_resp *r;
	char path[96];

	(void)state;
	snprintf(cid, sizeof(cid), "%lld", id);
	before = tdb_int(db_,
	    "SELECT (SELECT count(*) FROM messages WHERE case_id = $1::bigint)"
	    " + (SELECT count(*) FROM outbox WHERE payload ->> 'case_id' = $1::text)",
	    cid, NULL);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", id);
	r = post(responder_, path,
	    "{\"action\":\"resolve\",\"resolution\":\"x\"}");
	assert_true(r->status == 404 || r->status == 409 || r->status == 403);
	thttp_resp_free(r);
	r = post(commissioner_, path, "{\"action\":\"confirm\",\"rating\":3}");
	assert_true(r->status >= 400 && r->status < 500);
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT (SELECT count(*) FROM messages WHERE"
	                     " case_id = $1::bigint) + (SELECT count(*) FROM"
	                     " outbox WHERE payload ->> 'case_id' = $1::text)",
	                     cid, NULL),
	    before);
}

/* ---- the list and read marks ---- */

static json_t *
list(struct thttp_client *c, const char *query, struct thttp_resp **keep)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/notifications%s", query);
	*keep = thttp_client_request(c, "GET", path, NULL, NULL, 0);
	assert_int_equal((*keep)->status, 200);
	return thttp_resp_json(*keep);
}

static void
test_list_is_scoped_and_read_marks(void **state)
{
	struct thttp_resp *r;
	struct thttp_resp *w;
	json_t *j;
	long long unread;
	long long first;
	char body[128];
	char mid[24];

	(void)state;
	new_case();
	new_case();
	j = list(commissioner_, "?unread=true&limit=1", &r);
	unread = json_integer_value(json_object_get(j, "unread_count"));
	assert_true(unread >= 2);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_true(json_is_string(json_object_get(j, "next_cursor")));
	first = json_integer_value(thttp_json_get(j, "items.0.id"));
	assert_string_equal(
	    json_string_value(thttp_json_get(j, "items.0.label")), "新诉求");
	assert_true(json_is_null(thttp_json_get(j, "items.0.read_at")));
	thttp_resp_free(r);

	/* Someone else's message: not in their list, not theirs to mark. */
	snprintf(mid, sizeof(mid), "%lld", first);
	j = list(ent2_, "?limit=200", &r);
	assert_null(strstr(r->body, tag_));
	thttp_resp_free(r);
	snprintf(body, sizeof(body), "{\"ids\":[%lld]}", first);
	w = post(ent2_, "/api/v1/notifications/read", body);
	assert_int_equal(w->status, 200);
	assert_int_equal(thttp_resp_int(w, "updated", -1), 0);
	thttp_resp_free(w);
	assert_true(
	    tdb_value(db_, "SELECT read_at FROM messages WHERE id = $1::bigint",
	        mid, NULL) == NULL);

	/* The owner marks it. */
	w = post(commissioner_, "/api/v1/notifications/read", body);
	assert_int_equal(w->status, 200);
	assert_int_equal(thttp_resp_int(w, "updated", -1), 1);
	assert_int_equal(thttp_resp_int(w, "unread_count", -1), unread - 1);
	thttp_resp_free(w);
	j = list(commissioner_, "?unread=true&limit=200", &r);
	assert_int_equal(json_integer_value(json_object_get(j, "unread_count")),
	    unread - 1);
	snprintf(body, sizeof(body), "\"id\" : %lld,", first);
	assert_null(strstr(r->body, body));
	thttp_resp_free(r);

	w = post(commissioner_, "/api/v1/notifications/read", "{\"all\":true}");
	assert_int_equal(w->status, 200);
	assert_int_equal(thttp_resp_int(w, "unread_count", -1), 0);
	thttp_resp_free(w);
	j = list(commissioner_, "?limit=5", &r);
	assert_int_equal(json_integer_value(json_object_get(j, "unread_count")),
	    0);
	assert_true(json_array_size(json_object_get(j, "items")) > 0);
	assert_true(json_is_string(thttp_json_get(j, "items.0.read_at")));
	thttp_resp_free(r);
	r = thttp_request("GET", "/api/v1/notifications", NULL, NULL, 0);
	tfix_expect(r, 401, "unauthenticated");
	thttp_resp_free(r);
}

static void
test_read_refuses_bad_input(void **state)
{
	static const struct {
		const char *body;
		const char *field;
	} cases[] = {
		{ "{}", "ids" },
		{ "{\"all\":false}", "ids" },
		{ "{\"ids\":[1],\"all\":true}", "all" },
		{ "{\"ids\":[0]}", "ids" },
		{ "{\"ids\":\"1\"}", "ids" },
		{ "{\"ids\":[1.5]}", "ids" },
		{ "{\"every\":true}", "every" },
	};
	struct thttp_resp *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = post(ent_, "/api/v1/notifications/read", cases[i].body);
		tfix_expect_field(r, 422, cases[i].field);
		thttp_resp_free(r);
	}
	r = post(ent_, "/api/v1/notifications/read", "{\"ids\":");
	tfix_expect(r, 400, "invalid_json");
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", "/api/v1/notifications?unread=y",
	    NULL, NULL, 0);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
}

/* ---- other producers ---- */

static void
test_bulletin_tells_the_chain(void **state)
{
	char body[256];
	char path[96];
	char msg[1024];
	struct thttp_resp *r;
	long long id;

	(void)state;
	snprintf(body, sizeof(body),
	    "{\"title\":\"%s 简报\",\"body_md\":\"内容\","
	    "\"chain_codes\":[\"auto-parts\"]}",
	    tag_);
	r = post(committee_, "/api/v1/bulletins", body);
	assert_int_equal(r->status, 201);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/bulletins/%lld/publish", id);
	post_ok(committee_, path, "{}", 200);
	last_message("ent-demo", "bulletin.published", msg, sizeof(msg));
	assert_non_null(strstr(msg, tag_));
	snprintf(path, sizeof(path), "|/m/bulletins/%lld", id);
	assert_non_null(strstr(msg, path));
	last_message("ent2-demo", "bulletin.published", msg, sizeof(msg));
	assert_non_null(strstr(msg, tag_));
	last_message("committee-demo", "bulletin.published", msg, sizeof(msg));
	assert_null(strstr(msg, tag_));
}

static long long
new_policy(const char *suffix, const char *extra)
{
	char body[512];
	struct thttp_resp *r;
	long long id;

	snprintf(body, sizeof(body),
	    "{\"title\":\"%s %s\",\"issuer\":\"淄博市工信局\","
	    "\"effective_on\":\"%s\",\"chain_codes\":[\"auto-parts\"]%s}",
	    tag_, suffix, tdb_value(db_, "SELECT (hl_today() - 1)::text", NULL),
	    extra);
	r = post(committee_, "/api/v1/policies", body);
	if (r->status != 201)
		fail_msg("policy: %ld %s", r->status, r->body);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	return id;
}

static void
test_new_policy_tells_qualifying_enterprises(void **state)
{
	char msg[1024];
	char want[256];

	(void)state;
	new_policy("贴息", "");
	snprintf(want, sizeof(want), "新政策：%s 贴息|", tag_);
	last_message("ent-demo", "policy.matched", msg, sizeof(msg));
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "贵企业符合条件：产业链“汽车部件”"));
	assert_non_null(strstr(msg, "|/m/policies/"));
	last_message("ent2-demo", "policy.matched", msg, sizeof(msg));
	assert_non_null(strstr(msg, want));
	/* ent2-demo's enterprise is not 专精特新: it is not told. */
	new_policy("专精特新奖励", ",\"required_tags\":[\"专精特新\"]");
	snprintf(want, sizeof(want), "新政策：%s 专精特新奖励|", tag_);
	last_message("ent-demo", "policy.matched", msg, sizeof(msg));
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "“专精特新”企业"));
	last_message("ent2-demo", "policy.matched", msg, sizeof(msg));
	assert_null(strstr(msg, want));
}

static void
test_closing_window_reminds(void **state)
{
	char extra[128];
	char msg[1024];
	char want[256];
	int i;

	(void)state;
	snprintf(extra, sizeof(extra), ",\"apply_until\":\"%s\"",
	    tdb_value(db_, "SELECT (hl_today() + 2)::text", NULL));
	new_policy("申报", extra);
	snprintf(want, sizeof(want), "政策申报即将截止：%s 申报|", tag_);
	/* The job runs every second in the test configuration. */
	for (i = 0; i < 150; i++) {
		last_message("ent-demo", "policy.window_closing", msg,
		    sizeof(msg));
		if (strstr(msg, want) != NULL)
			break;
		usleep(100000);
	}
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "请及时申报"));
	usleep(1500000);
	/* Once. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM messages m JOIN users u"
	                     " ON u.id = m.user_id WHERE u.login = 'ent-demo'"
	                     " AND m.event_type = 'policy.window_closing'"
	                     " AND m.title LIKE '%' || $1 || ' 申报'",
	                     tag_, NULL),
	    1);
}

static void
test_visit_tells_the_other_commissioners(void **state)
{
	char uid[24];
	char ent[24];
	char body[512];
	char msg[1024];
	long long other;

	(void)state;
	snprintf(ent, sizeof(ent), "%lld", tfix_own_enterprise(ent_));
	other = tdb_int(db_,
	    "INSERT INTO users (login, name, role, password_hash) VALUES"
	    " ('second-' || $1 || '-' || pg_backend_pid(), $2, 'commissioner',"
	    " '$argon2id$v=19$m=1,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') RETURNING id",
	    ent, tag_, NULL);
	snprintf(uid, sizeof(uid), "%lld", other);
	tdb_exec(db_,
	    "INSERT INTO assignments (commissioner_id, enterprise_id) VALUES"
	    " ($1::bigint, $2::bigint)",
	    uid, ent, NULL);
	snprintf(body, sizeof(body),
	    "{\"enterprise_id\":%s,\"visited_on\":\"%s\","
	    "\"levels\":[\"enterprise\"],\"findings\":{},\"problems\":["
	    "{\"category\":\"talent\",\"title\":\"%s 缺技工\","
	    "\"description\":\"5 名\"}],\"summary\":\"%s\","
	    "\"visitors\":[{\"name\":\"王专员\"}]}",
	    ent, tdb_value(db_, "SELECT hl_today()::text", NULL), tag_, tag_);
	post_ok(commissioner_, "/api/v1/visits", body, 201);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM messages WHERE user_id ="
	                     " $1::bigint AND event_type = 'visit.recorded'",
	                     uid, NULL),
	    1);
	msg[0] = '\0';
	snprintf(msg, sizeof(msg), "%s",
	    tdb_value(db_,
	        "SELECT title || '|' || body || '|' || link FROM messages"
	        " WHERE user_id = $1::bigint AND event_type = 'visit.recorded'",
	        uid, NULL));
	assert_non_null(strstr(msg, "走访已记录："));
	assert_non_null(strstr(msg, "发现问题 1 条，已转为诉求 HL-"));
	assert_non_null(strstr(msg, "|/desk/visits/"));
	/* The visit's case, too; the commissioner who recorded it is told
	 * of neither. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM messages WHERE user_id ="
	                     " $1::bigint AND event_type = 'case.created'"
	                     " AND body LIKE $2 || '%'",
	                     uid, tag_, NULL),
	    1);
	last_message("commissioner-demo", "visit.recorded", msg, sizeof(msg));
	assert_null(strstr(msg, tag_));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_messages_reach_the_right_users),
		cmocka_unit_test(test_refused_change_tells_nobody),
		cmocka_unit_test(test_list_is_scoped_and_read_marks),
		cmocka_unit_test(test_read_refuses_bad_input),
		cmocka_unit_test(test_bulletin_tells_the_chain),
		cmocka_unit_test(test_new_policy_tells_qualifying_enterprises),
		cmocka_unit_test(test_closing_window_reminds),
		cmocka_unit_test(test_visit_tells_the_other_commissioners),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
