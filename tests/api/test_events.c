/*
 * Policy sessions over HTTP: who may create, see and run which session
 * (drafts 404 to others, another chain's session 403 to run), every bad
 * input of the issue refused with a 4xx and no change (registering twice,
 * for a closed, cancelled, started or another chain's closed session, too
 * many attendees, a wrong or reused check-in code, fewer seats than
 * given), fifty enterprises registering at once for ten seats, questions
 * that become cases the commissioner sees, the day-before reminder (the
 * test server runs its jobs every second), the cancellation's messages
 * and webhook event, the exports and the per-chain figures.
 *
 * Extra enterprises act through bearer tokens made straight in the
 * database (a token is its SHA-256 there), so that fifty of them cost no
 * password hashing.
 */
#include <pthread.h>
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

#define N_RACERS 50
#define N_SEATS  10

static struct thttp_client *ent_;
static struct thttp_client *ent2_;
static struct thttp_client *committee_;
static struct thttp_client *commissioner_;
static struct thttp_client *responder_;
static struct thttp_client *admin_;
static struct tdb *db_;
static long long ent_id_;
static long long ent2_id_;
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
	(void)state;
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	ent_id_ = tdb_int(db_,
	    "SELECT enterprise_id FROM users WHERE login = 'ent-demo'", NULL);
	ent2_id_ = tdb_int(db_,
	    "SELECT enterprise_id FROM users WHERE login = 'ent2-demo'", NULL);
	return ent_id_ > 0 && ent2_id_ > 0 ? 0 : -1;
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
		fail_msg("want %ld, got %ld: %.800s", status, r->status,
		    r->body);
}

/* hl_now() plus an interval, as RFC 3339. */
static void
at(const char *interval, char out[64])
{
	const char *v = tdb_value(db_,
	    "SELECT to_char((hl_now() + $1::interval) AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	    interval, NULL);

	snprintf(out, 64, "%s", v != NULL ? v : "");
}

/* Create a session as c on chain (NULL: citywide) starting after
 * starts_in: the response (kept in state). */
static struct thttp_resp *
create(void **state, struct thttp_client *c, const char *chain,
    const char *starts_in, int capacity, int max_attendees)
{
	char b[1024];
	char starts[64];
	char ends[64];
	char chain_json[80];

	at(starts_in, starts);
	at("40 days", ends);
	if (chain != NULL)
		snprintf(chain_json, sizeof(chain_json), "\"%s\"", chain);
	else
		snprintf(chain_json, sizeof(chain_json), "null");
	snprintf(b, sizeof(b),
	    "{\"chain_code\":%s,\"title\":\"接口测试专场%ld-%u\","
	    "\"topic_md\":\"## 议程\\n\\n1. 政策解读 <script>x</script>\","
	    "\"organizer\":\"益企同行服务队\",\"starts_at\":\"%s\","
	    "\"ends_at\":\"%s\",\"place\":\"测试会场\",\"capacity\":%d,"
	    "\"max_attendees\":%d}",
	    chain_json, (long)getpid(), serial_++, starts, ends, capacity,
	    max_attendees);
	return send(state, c, "POST", "/api/v1/events", b);
}

/* A session made and opened by the admin; its id. */
static long long
open_session(void **state, const char *chain, const char *starts_in,
    int capacity, int max_attendees)
{
	struct thttp_resp *r =
	    create(state, admin_, chain, starts_in, capacity, max_attendees);
	long long id;
	char path[96];

	assert_status(r, 201);
	id = thttp_resp_int(r, "id", 0);
	snprintf(path, sizeof(path), "/api/v1/events/%lld/open", id);
	assert_status(send(state, admin_, "POST", path, NULL), 200);
	return id;
}

static void
ev_path(char *out, size_t len, long long id, const char *rest)
{
	snprintf(out, len, "/api/v1/events/%lld%s", id, rest);
}

static struct thttp_resp *
reg(void **state, struct thttp_client *c, long long id, const char *json)
{
	char path[96];

	ev_path(path, sizeof(path), id, "/registrations");
	return send(state, c, "POST", path, json);
}

static long long
n_regs(long long id, const char *status)
{
	char sid[24];

	snprintf(sid, sizeof(sid), "%lld", id);
	return tdb_int(db_,
	    "SELECT count(*) FROM event_registrations"
	    " WHERE event_id = $1::bigint AND ($2 = '' OR status = $2)",
	    sid, status, NULL);
}

/* An enterprise on chain with a user and a bearer token for it: the
 * "Authorization: Bearer ..." header into hdr, the enterprise id. */
static long long
token_enterprise(const char *chain, char hdr[96])
{
	char name[96];
	char code[19];
	char login[64];
	char token[48];
	char ent[24];
	const char *v;

	snprintf(name, sizeof(name), "接口测试活动企业%ld-%u", (long)getpid(),
	    serial_);
	snprintf(login, sizeof(login), "t-evapi-%ld-%u", (long)getpid(),
	    serial_);
	/* HL_AUTH_TOKEN_CHARS (43) of base64url. */
	snprintf(token, sizeof(token), "evapi%010ld%06uxxxxxxxxxxxxxxxxxxxxxx",
	    (long)getpid(), serial_++);
	token[43] = '\0';
	tfix_credit_code("91370303T", code);
	v = tdb_value(db_,
	    "WITH e AS (INSERT INTO enterprises (name, credit_code, district,"
	    "  size_class) VALUES ($1, $2, '张店区', 'small') RETURNING id),"
	    " c AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
	    "  is_primary) SELECT e.id, ch.id, true FROM e, chains ch"
	    "  WHERE ch.code = $5 RETURNING 1),"
	    " u AS (INSERT INTO users (login, name, role, password_hash,"
	    "  enterprise_id) SELECT $3, '接口测试企业用户', 'enterprise',"
	    "  '$argon2id$unusable', e.id FROM e RETURNING id, enterprise_id),"
	    " t AS (INSERT INTO api_tokens (name, token_hash, role, user_id)"
	    "  SELECT 'events test', sha256(convert_to($4, 'UTF8')),"
	    "  'enterprise', u.id FROM u RETURNING 1)"
	    " SELECT enterprise_id FROM u, (SELECT count(*) FROM t) n,"
	    " (SELECT count(*) FROM c) m",
	    name, code, login, token, chain, NULL);
	assert_non_null(v);
	snprintf(ent, sizeof(ent), "%s", v);
	snprintf(hdr, 96, "Authorization: Bearer %s", token);
	return atoll(ent);
}

/* A request as a bearer-token enterprise. */
static struct thttp_resp *
as_token(const char *hdr, const char *method, const char *path,
    const char *json)
{
	const char *headers[3] = { "Content-Type: application/json", hdr,
		NULL };

	return thttp_request(method, path, headers, json,
	    json != NULL ? strlen(json) : 0);
}

/* ---- creating and who sees what ---- */

static void
test_create_scoping_and_input_rules(void **state)
{
	struct thttp_resp *r;
	char path[96];
	long long draft;
	long long other;

	/* A committee member drafts for their chain; the topic is rendered
	 * without the raw HTML. */
	r = create(state, committee_, "auto-parts", "3 days", 30, 3);
	assert_status(r, 201);
	draft = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "status"), "draft");
	assert_string_equal(thttp_resp_str(r, "chain.code"), "auto-parts");
	assert_null(strstr(thttp_resp_str(r, "topic_html"), "<script"));
	assert_non_null(strstr(thttp_resp_str(r, "topic_html"), "<h2>"));
	/* Not theirs, or citywide: 403 on chain_code. */
	tfix_expect_field(
	    create(state, committee_, "polyurethane", "3 days", 30, 3), 403,
	    "chain_code");
	tfix_expect_field(create(state, committee_, NULL, "3 days", 30, 3), 403,
	    "chain_code");
	assert_status(create(state, commissioner_, NULL, "3 days", 30, 3), 201);
	tfix_expect_field(
	    create(state, admin_, "no-such-chain", "3 days", 30, 3), 422,
	    "chain_code");
	/* Every field at fault at once. */
	r = send(state, admin_, "POST", "/api/v1/events",
	    "{\"title\":\" \",\"starts_at\":\"2026-02-30T10:00:00+08:00\","
	    "\"ends_at\":\"明天\",\"capacity\":0,\"max_attendees\":21,"
	    "\"policy_ids\":[1,1]}");
	tfix_expect(r, 422, "validation_failed");
	{
		static const char *const fields[] = { "title", "place",
			"starts_at", "ends_at", "capacity", "max_attendees",
			"policy_ids" };
		json_t *f = thttp_json_get(thttp_resp_json(r), "error.fields");
		size_t i;

		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (json_object_get(f, fields[i]) == NULL)
				fail_msg("no message on %s: %s", fields[i],
				    r->body);
	}
	r = send(state, admin_, "POST", "/api/v1/events",
	    "{\"title\":\"t\",\"place\":\"p\",\"capacity\":5,"
	    "\"starts_at\":\"2026-12-20T10:00:00+08:00\","
	    "\"ends_at\":\"2026-12-20T09:00:00+08:00\","
	    "\"bulletin_ids\":[999999999]}");
	tfix_expect_field(r, 422, "ends_at");
	tfix_expect_field(r, 422, "bulletin_ids");

	/* The draft: only those who run it see it. */
	ev_path(path, sizeof(path), draft, "");
	tfix_expect(get(state, ent_, path), 404, "not_found");
	tfix_expect(get(state, responder_, path), 404, "not_found");
	r = get(state, commissioner_, path);
	assert_status(r, 200);
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "can_manage")));
	tfix_expect(reg(state, ent_, draft, "{}"), 404, "not_found");

	/* Another chain's session: seen by all, run by its own. */
	other = open_session(state, "polyurethane", "3 days", 10, 2);
	ev_path(path, sizeof(path), other, "");
	r = get(state, committee_, path);
	assert_status(r, 200);
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "can_manage")));
	tfix_expect(send(state, committee_, "PATCH", path, "{\"title\":\"x\"}"),
	    403, "forbidden");
	ev_path(path, sizeof(path), other, "/registrations");
	tfix_expect(get(state, committee_, path), 403, "forbidden");
	tfix_expect(get(state, ent_, path), 403, "forbidden");
	ev_path(path, sizeof(path), other, "/close");
	tfix_expect(send(state, committee_, "POST", path, NULL), 403,
	    "forbidden");
	r = get(state, ent_, "/api/v1/events?upcoming=true&limit=200");
	assert_status(r, 200);
	/* My chain first: no session of another chain before one of mine. */
	{
		json_t *items = thttp_json_get(thttp_resp_json(r), "items");
		size_t i;
		bool seen_other = false;

		for (i = 0; i < json_array_size(items); i++) {
			bool mine = json_is_true(json_object_get(
			    json_array_get(items, i), "on_my_chain"));

			if (mine && seen_other)
				fail_msg("a session of my chain after another"
				         " one at %zu",
				    i);
			seen_other = seen_other || !mine;
		}
	}
	tfix_expect_field(get(state, ent_, "/api/v1/events?status=soon"), 400,
	    "status");
	tfix_expect_field(get(state, ent_, "/api/v1/events?cursor=abc"), 400,
	    "cursor");
}

static void
test_idempotent_create(void **state)
{
	const char *headers[3] = { "Content-Type: application/json",
		"Idempotency-Key: events-test-create", NULL };
	char b[512];
	char starts[64];
	char ends[64];
	char key[64];
	struct thttp_resp *r;
	long long id;

	at("5 days", starts);
	at("6 days", ends);
	snprintf(key, sizeof(key), "Idempotency-Key: ev-%ld", (long)getpid());
	headers[1] = key;
	snprintf(b, sizeof(b),
	    "{\"chain_code\":\"auto-parts\",\"title\":\"幂等测试%ld\","
	    "\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"会场\","
	    "\"capacity\":5}",
	    (long)getpid(), starts, ends);
	r = tfix_keep(state,
	    thttp_client_request(admin_, "POST", "/api/v1/events", headers, b,
	        strlen(b)));
	assert_status(r, 201);
	id = thttp_resp_int(r, "id", 0);
	r = tfix_keep(state,
	    thttp_client_request(admin_, "POST", "/api/v1/events", headers, b,
	        strlen(b)));
	assert_status(r, 201);
	assert_int_equal(thttp_resp_int(r, "id", 0), id);
	assert_non_null(thttp_resp_header(r, "Idempotent-Replayed"));
}

/* ---- registration and its bad input ---- */

static void
test_registration_bad_input_changes_nothing(void **state)
{
	struct thttp_resp *r;
	char path[96];
	char sid[24];
	long long id;
	long long rid2;
	long long closed;

	id = open_session(state, "auto-parts", "3 days", 3, 2);
	tfix_expect_field(reg(state, ent_, id, "{\"attendee_count\":3}"), 422,
	    "attendee_count");
	r = reg(state, ent_, id,
	    "{\"attendee_count\":2,\"note\":\"财务、技术各一人\"}");
	assert_status(r, 201);
	assert_string_equal(thttp_resp_str(r, "status"), "registered");
	assert_int_equal(strlen(thttp_resp_str(r, "code")), 6);
	tfix_expect(reg(state, ent_, id, "{}"), 409, "already_registered");
	r = reg(state, ent2_, id, "{\"attendee_count\":2}");
	assert_status(r, 201);
	assert_string_equal(thttp_resp_str(r, "status"), "waitlisted");
	assert_int_equal(thttp_resp_int(r, "position", 0), 1);
	rid2 = thttp_resp_int(r, "id", 0);
	assert_int_equal(n_regs(id, ""), 2);

	/* Only the enterprise's own. */
	snprintf(path, sizeof(path), "/api/v1/events/%lld/registrations/%lld",
	    id, rid2);
	tfix_expect(send(state, ent_, "DELETE", path, NULL), 404, "not_found");
	ev_path(path, sizeof(path), id, "");
	r = get(state, ent2_, path);
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "my_registration.status"),
	    "waitlisted");

	/* Fewer seats than given: 409 on capacity, nothing changes; more
	 * seats: the waitlist moves up at once. */
	r = send(state, committee_, "PATCH", path, "{\"capacity\":1}");
	tfix_expect_field(r, 409, "capacity");
	assert_string_equal(thttp_resp_str(r, "error.code"),
	    "capacity_below_seats");
	snprintf(sid, sizeof(sid), "%lld", id);
	assert_int_equal(
	    tdb_int(db_, "SELECT capacity FROM events WHERE id = $1::bigint",
	        sid, NULL),
	    3);
	r = send(state, committee_, "PATCH", path, "{\"capacity\":4}");
	assert_status(r, 200);
	assert_int_equal(thttp_resp_int(r, "seats_taken", -1), 4);
	assert_int_equal(n_regs(id, "registered"), 2);

	/* Closed, cancelled, started, another chain's closed session. */
	ev_path(path, sizeof(path), id, "/close");
	assert_status(send(state, committee_, "POST", path, NULL), 200);
	r = reg(state, ent2_, id, "{}");
	tfix_expect(r, 409, NULL);
	ev_path(path, sizeof(path), id, "/cancel");
	assert_status(
	    send(state, committee_, "POST", path, "{\"reason\":\"场地调整\"}"),
	    200);
	tfix_expect(send(state, committee_, "POST", path, NULL), 409,
	    "invalid_transition");
	id = open_session(state, "auto-parts", "3 days", 5, 2);
	ev_path(path, sizeof(path), id, "/cancel");
	assert_status(send(state, admin_, "POST", path, NULL), 200);
	tfix_expect(reg(state, ent_, id, "{}"), 409, "event_cancelled");
	id = open_session(state, "auto-parts", "3 days", 5, 2);
	snprintf(sid, sizeof(sid), "%lld", id);
	tdb_exec(db_,
	    "UPDATE events SET starts_at = hl_now() - interval '10 minutes'"
	    " WHERE id = $1::bigint",
	    sid, NULL);
	tfix_expect(reg(state, ent_, id, "{}"), 409, "event_past");
	closed = open_session(state, "polyurethane", "3 days", 5, 2);
	ev_path(path, sizeof(path), closed, "/close");
	assert_status(send(state, admin_, "POST", path, NULL), 200);
	tfix_expect(reg(state, ent_, closed, "{}"), 409, "event_closed");
	assert_int_equal(n_regs(id, ""), 0);
	assert_int_equal(n_regs(closed, ""), 0);
	/* Staff do not register; enterprises do not run sessions. */
	tfix_expect(reg(state, commissioner_, closed, "{}"), 403, "forbidden");
	tfix_expect(create(state, ent_, "auto-parts", "3 days", 5, 2), 403,
	    "forbidden");
}

/* ---- fifty at once ---- */

struct racer {
	char hdr[96];
	long long ent;
	const char *path;
	pthread_barrier_t *start;
	long status;
	char reg_status[16];
	long long position;
	long long id;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct thttp_resp *resp;
	const char *s;

	pthread_barrier_wait(r->start);
	resp = as_token(r->hdr, "POST", r->path, "{\"attendee_count\":1}");
	r->status = resp->status;
	s = thttp_resp_str(resp, "status");
	snprintf(r->reg_status, sizeof(r->reg_status), "%s", s ? s : "");
	r->position = thttp_resp_int(resp, "position", 0);
	r->id = thttp_resp_int(resp, "id", 0);
	thttp_resp_free(resp);
	return NULL;
}

static void
test_fifty_enterprises_register_at_once_for_ten_seats(void **state)
{
	static struct racer racers[N_RACERS];
	pthread_t threads[N_RACERS];
	pthread_barrier_t start;
	bool seen[N_RACERS + 1] = { false };
	char path[96];
	char del[128];
	long long id;
	long long max_registered = 0;
	long long first_waiting = 0;
	struct racer *leaver = NULL;
	struct thttp_resp *r;
	int n_registered = 0;
	int i;

	id = open_session(state, "auto-parts", "3 days", N_SEATS, 1);
	ev_path(path, sizeof(path), id, "/registrations");
	pthread_barrier_init(&start, NULL, N_RACERS);
	for (i = 0; i < N_RACERS; i++) {
		memset(&racers[i], 0, sizeof(racers[i]));
		racers[i].ent = token_enterprise("auto-parts", racers[i].hdr);
		racers[i].path = path;
		racers[i].start = &start;
	}
	for (i = 0; i < N_RACERS; i++)
		assert_int_equal(
		    pthread_create(&threads[i], NULL, race, &racers[i]), 0);
	for (i = 0; i < N_RACERS; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&start);

	for (i = 0; i < N_RACERS; i++) {
		struct racer *x = &racers[i];

		if (x->status != 201)
			fail_msg("racer %d answered %ld", i, x->status);
		if (strcmp(x->reg_status, "registered") == 0) {
			n_registered++;
			if (x->id > max_registered) {
				max_registered = x->id;
				leaver = x;
			}
		} else {
			assert_string_equal(x->reg_status, "waitlisted");
			/* Positions 1..40, each once. */
			assert_true(x->position >= 1 &&
			    x->position <= N_RACERS - N_SEATS);
			assert_false(seen[x->position]);
			seen[x->position] = true;
			if (x->position == 1)
				first_waiting = x->id;
		}
	}
	assert_int_equal(n_registered, N_SEATS);
	assert_int_equal(n_regs(id, "registered"), N_SEATS);
	assert_int_equal(n_regs(id, "waitlisted"), N_RACERS - N_SEATS);
	/* First come, first served: every seat went before any waiting. */
	for (i = 0; i < N_RACERS; i++)
		if (strcmp(racers[i].reg_status, "waitlisted") == 0)
			assert_true(racers[i].id > max_registered);

	/* A seat given back goes to the first on the waitlist at once. */
	assert_non_null(leaver);
	snprintf(del, sizeof(del), "%s/%lld", path, leaver->id);
	r = tfix_keep(state, as_token(leaver->hdr, "DELETE", del, NULL));
	assert_status(r, 204);
	r = get(state, admin_, path);
	assert_status(r, 200);
	{
		json_t *items = thttp_json_get(thttp_resp_json(r), "items");
		size_t k;
		bool found = false;

		for (k = 0; k < json_array_size(items); k++) {
			json_t *it = json_array_get(items, k);

			if (json_integer_value(json_object_get(it, "id")) ==
			    first_waiting) {
				found = true;
				assert_string_equal(
				    json_string_value(
				        json_object_get(it, "status")),
				    "registered");
				assert_true(json_is_string(
				    json_object_get(it, "promoted_at")));
			}
		}
		assert_true(found);
	}
	assert_int_equal(n_regs(id, "registered"), N_SEATS);
	assert_int_equal(n_regs(id, "waitlisted"), N_RACERS - N_SEATS - 1);
}

/* ---- at the door, and the questions ---- */

static void
test_checkin_codes_and_questions_become_cases(void **state)
{
	struct thttp_resp *r;
	char path[96];
	char b[512];
	char code[16];
	char sid[24];
	long long id;
	long long case_id;
	long long cases;

	id = open_session(state, "auto-parts", "2 hours", 10, 2);
	r = reg(state, ent_, id, "{}");
	assert_status(r, 201);
	snprintf(code, sizeof(code), "%s", thttp_resp_str(r, "code"));
	ev_path(path, sizeof(path), id, "/checkins");
	tfix_expect(send(state, ent_, "POST", path, "{\"code\":\"x\"}"), 403,
	    "forbidden");
	tfix_expect_field(
	    send(state, commissioner_, "POST", path, "{\"code\":\"ABC\"}"), 422,
	    "code");
	r = send(state, commissioner_, "POST", path, "{\"code\":\"ZZZZZZ\"}");
	tfix_expect_field(r, 422, "code");
	assert_string_equal(thttp_resp_str(r, "error.code"), "invalid_code");
	snprintf(b, sizeof(b), "{\"code\":\"%s\"}", code);
	r = send(state, commissioner_, "POST", path, b);
	assert_status(r, 200);
	assert_int_equal(thttp_resp_int(r, "enterprise.id", 0), ent_id_);
	assert_non_null(thttp_resp_str(r, "checked_in_at"));
	tfix_expect(send(state, committee_, "POST", path, b), 409,
	    "already_checked_in");
	snprintf(sid, sizeof(sid), "%lld", id);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM event_registrations"
	                     " WHERE event_id = $1::bigint"
	                     " AND checked_in_at IS NOT NULL",
	                     sid, NULL),
	    1);

	/* Questions: ent2 did not register, so nothing is written. */
	cases = tdb_int(db_, "SELECT count(*) FROM cases", NULL);
	ev_path(path, sizeof(path), id, "/questions");
	snprintf(b, sizeof(b),
	    "{\"problems\":[{\"enterprise_id\":%lld,\"category\":\"financing\","
	    "\"title\":\"设备更新贷款贴息\",\"description\":\"现场提问\"},"
	    "{\"enterprise_id\":%lld,\"category\":\"policy\","
	    "\"title\":\"研发费用加计扣除\",\"description\":\"现场提问\"}]}",
	    ent_id_, ent2_id_);
	tfix_expect_field(send(state, commissioner_, "POST", path, b), 422,
	    "problems[1].enterprise_id");
	assert_int_equal(tdb_int(db_, "SELECT count(*) FROM cases", NULL),
	    cases);
	tfix_expect_field(send(state, commissioner_, "POST", path,
	                      "{\"problems\":[{\"enterprise_id\":1,"
	                      "\"category\":\"weather\"}]}"),
	    422, "problems[0].category");
	snprintf(b, sizeof(b),
	    "{\"problems\":[{\"enterprise_id\":%lld,\"category\":\"financing\","
	    "\"title\":\"设备更新贷款贴息\",\"description\":\"现场提问\"},"
	    "{\"enterprise_id\":%lld,\"category\":\"policy\","
	    "\"title\":\"研发费用加计扣除\",\"description\":\"现场提问\"}]}",
	    ent_id_, ent_id_);
	r = send(state, commissioner_, "POST", path, b);
	assert_status(r, 201);
	assert_int_equal(thttp_resp_int(r, "event_id", 0), id);
	assert_non_null(thttp_resp_str(r, "cases.1.number"));
	case_id = thttp_resp_int(r, "cases.0.id", 0);
	/* The commissioner sees the case, linked to the session. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", case_id);
	r = get(state, commissioner_, path);
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "channel"), "event");
	assert_int_equal(thttp_resp_int(r, "event_id", 0), id);
	assert_status(get(state, ent_, path), 200);
	tfix_expect(get(state, ent2_, path), 404, "not_found");
	ev_path(path, sizeof(path), id, "");
	r = get(state, commissioner_, path);
	assert_int_equal(thttp_resp_int(r, "cases.0.id", 0), case_id);
	/* Another chain's committee member cannot raise questions here. */
	id = open_session(state, "polyurethane", "2 hours", 10, 2);
	ev_path(path, sizeof(path), id, "/questions");
	tfix_expect(send(state, committee_, "POST", path, b), 403, "forbidden");
}

/* ---- reminders and cancellation ---- */

static long long
messages(const char *login, const char *type, long long event_id)
{
	char link[64];

	snprintf(link, sizeof(link), "/m/events/%lld", event_id);
	return tdb_int(db_,
	    "SELECT count(*) FROM messages m JOIN users u ON u.id = m.user_id"
	    " WHERE u.login = $1 AND m.event_type = $2 AND m.link = $3",
	    login, type, link, NULL);
}

static void
test_reminder_once_and_cancellation_tells_everyone(void **state)
{
	char path[96];
	char sid[24];
	char hook[24];
	const char *v;
	long long id;
	int i;

	id = open_session(state, "auto-parts", "5 hours", 1, 1);
	assert_status(reg(state, ent_, id, "{}"), 201);
	assert_status(reg(state, ent2_, id, "{}"), 201); /* waitlisted */
	/* The job runs every second in the test server. */
	for (i = 0; i < 100 && messages("ent-demo", "event.reminder", id) == 0;
	     i++)
		usleep(100 * 1000);
	assert_int_equal(messages("ent-demo", "event.reminder", id), 1);
	sleep(2);
	assert_int_equal(messages("ent-demo", "event.reminder", id), 1);
	assert_int_equal(messages("ent2-demo", "event.reminder", id), 0);

	/* A webhook of the chain hears of the cancellation, without the
	 * reason; both enterprises get a message with it. */
	v = tdb_value(db_,
	    "INSERT INTO webhooks (name, url, event_types, chain_id)"
	    " SELECT '活动测试', 'https://hooks.example.invalid/ev',"
	    " '{event.cancelled}', id FROM chains WHERE code = 'auto-parts'"
	    " RETURNING id",
	    NULL);
	assert_non_null(v);
	snprintf(hook, sizeof(hook), "%s", v);
	ev_path(path, sizeof(path), id, "/cancel");
	assert_status(send(state, committee_, "POST", path,
	                  "{\"reason\":\"主讲人临时出差\"}"),
	    200);
	assert_int_equal(messages("ent-demo", "event.cancelled", id), 1);
	assert_int_equal(messages("ent2-demo", "event.cancelled", id), 1);
	snprintf(sid, sizeof(sid), "%lld", id);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND event_type = 'event.cancelled'"
	                     " AND (payload->>'event_id')::bigint = $2::bigint"
	                     " AND payload->>'link' = '/desk/events/' || $2"
	                     " AND payload->>'title' LIKE '政策直通车已取消：%'"
	                     " AND payload::text NOT LIKE '%出差%'",
	                     hook, sid, NULL),
	    1);
	tdb_exec(db_, "DELETE FROM webhooks WHERE id = $1::bigint", hook, NULL);
}

/* ---- exports and figures ---- */

static void
test_exports_and_figures(void **state)
{
	struct thttp_resp *r;
	char hdr[2][96];
	char path[128];
	char b[256];
	char sid[24];
	char cid[24];
	long long id;
	long long ent[2];
	int i;

	/* A session of refractories (nobody else's tests use it) held on
	 * 2025-03-10: two registered, one came, one question closed on
	 * time. */
	id = open_session(state, "refractories", "3 days", 10, 2);
	ev_path(path, sizeof(path), id, "/registrations");
	for (i = 0; i < 2; i++) {
		ent[i] = token_enterprise("refractories", hdr[i]);
		r = tfix_keep(state,
		    as_token(hdr[i], "POST", path, "{\"note\":\"=1+1\"}"));
		assert_status(r, 201);
	}
	snprintf(sid, sizeof(sid), "%lld", id);
	tdb_exec(db_,
	    "UPDATE events SET starts_at = '2025-03-10 14:00+08',"
	    " ends_at = '2025-03-10 16:00+08' WHERE id = $1::bigint",
	    sid, NULL);
	snprintf(b, sizeof(b), "{\"code\":\"%s\"}",
	    tdb_value(db_,
	        "SELECT code FROM event_registrations WHERE event_id ="
	        " $1::bigint ORDER BY id LIMIT 1",
	        sid, NULL));
	ev_path(path, sizeof(path), id, "/checkins");
	assert_status(send(state, admin_, "POST", path, b), 200);
	ev_path(path, sizeof(path), id, "/questions");
	snprintf(b, sizeof(b),
	    "{\"problems\":[{\"enterprise_id\":%lld,\"category\":\"other\","
	    "\"title\":\"窑炉改造\",\"description\":\"现场提问\"}]}",
	    ent[0]);
	r = send(state, admin_, "POST", path, b);
	assert_status(r, 201);
	snprintf(cid, sizeof(cid), "%lld", thttp_resp_int(r, "cases.0.id", 0));
	tdb_exec(db_,
	    "UPDATE cases SET status = 'accepted', accepted_at = hl_now(),"
	    " due_on = hl_today() + 5, due_at = hl_end_of_day(hl_today() + 5)"
	    " WHERE id = $1::bigint",
	    cid, NULL);
	tdb_exec(db_,
	    "UPDATE cases SET status = 'assigned', assignee_user_id ="
	    " (SELECT id FROM users WHERE login = 'admin-demo')"
	    " WHERE id = $1::bigint",
	    cid, NULL);
	tdb_exec(db_,
	    "UPDATE cases SET status = 'in_progress' WHERE id = $1::bigint",
	    cid, NULL);
	tdb_exec(db_,
	    "UPDATE cases SET status = 'resolved', resolved_at = hl_now(),"
	    " resolution = '已对接' WHERE id = $1::bigint",
	    cid, NULL);
	tdb_exec(db_,
	    "UPDATE cases SET status = 'closed', closed_at = hl_now()"
	    " WHERE id = $1::bigint",
	    cid, NULL);
	ev_path(path, sizeof(path), id, "/done");
	assert_status(send(state, admin_, "POST", path, NULL), 200);

	/* The figures of that day and chain. */
	r = get(state, admin_,
	    "/api/v1/stats/events?chain=refractories&from=2025-03-10"
	    "&to=2025-03-10");
	assert_status(r, 200);
	assert_string_equal(thttp_resp_str(r, "items.0.chain.code"),
	    "refractories");
	assert_null(thttp_resp_str(r, "items.1.chain.code"));
	assert_int_equal(thttp_resp_int(r, "items.0.sessions_held", -1), 1);
	assert_int_equal(thttp_resp_int(r, "items.0.enterprises_reached", -1),
	    1);
	assert_int_equal(thttp_resp_int(r, "items.0.registrations", -1), 2);
	assert_int_equal(thttp_resp_int(r, "items.0.attended", -1), 1);
	assert_true(json_real_value(thttp_json_get(thttp_resp_json(r),
	                "items.0.attendance_rate")) == 0.5);
	assert_int_equal(thttp_resp_int(r, "items.0.questions_raised", -1), 1);
	assert_int_equal(thttp_resp_int(r, "items.0.closed_on_time", -1), 1);
	assert_int_equal(thttp_resp_int(r, "totals.sessions_held", -1), 1);
	r = get(state, committee_,
	    "/api/v1/stats/events?chain=refractories&from=2025-03-10"
	    "&to=2025-03-10");
	assert_status(r, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 0);
	tfix_expect(get(state, ent_, "/api/v1/stats/events"), 403, "forbidden");
	tfix_expect_field(get(state, admin_,
	                      "/api/v1/stats/events?from=2025-03-11"
	                      "&to=2025-03-10"),
	    400, "to");

	/* The exports: CSV with a BOM and the formula neutralised, Excel. */
	ev_path(path, sizeof(path), id, "/registrations.csv");
	r = get(state, admin_, path);
	assert_status(r, 200);
	assert_memory_equal(r->body, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(r->body, "报名状态"));
	assert_non_null(strstr(r->body, "已签到"));
	assert_non_null(strstr(r->body, "'=1+1"));
	tfix_expect(get(state, committee_, path), 403, "forbidden");
	ev_path(path, sizeof(path), id, "/registrations.xlsx");
	r = get(state, admin_, path);
	assert_status(r, 200);
	assert_memory_equal(r->body, "PK", 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_create_scoping_and_input_rules,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_idempotent_create,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_registration_bad_input_changes_nothing,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_fifty_enterprises_register_at_once_for_ten_seats,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_checkin_codes_and_questions_become_cases,
		    tfix_free_resp),
		cmocka_unit_test_teardown(
		    test_reminder_once_and_cancellation_tells_everyone,
		    tfix_free_resp),
		cmocka_unit_test_teardown(test_exports_and_figures,
		    tfix_free_resp),
	};

	return cmocka_run_group_tests_name("events", tests, setup, teardown);
}
