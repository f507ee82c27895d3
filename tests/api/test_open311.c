/*
 * Open311 GeoReport v2 over HTTP, as the 12345 hotline's system uses it:
 * an integration account of the auto-parts chain bound to source
 * "12345", its API token sent as api_key (form and query) or as a bearer
 * header.  The shapes of services.json, a POST's answer, a request and
 * an error list, as the spec's examples have them; a work order filed,
 * its case on the desk, notified to the chain's webhook and in the
 * source's own intake.status webhook when the desk moves it, and its new
 * status read back; a replay; an unknown enterprise registered
 * unverified; the bad inputs answered with the spec's errors and nothing
 * written; a key of another role, of another source, and a chain the
 * source may not file for.
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
#include <curl/curl.h>
#include <jansson.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

#define V2 "/open311/v2/"

static struct thttp_client *admin_;
static struct thttp_client *com_;
static struct tdb *db_;
static char key_[128];       /* the 12345 source's integration (auto-parts) */
static char other_key_[128]; /* the province source's (ceramics-glass) */
static char admin_key_[128]; /* an admin's token: the wrong role */
static char code_[19];       /* a registered enterprise of auto-parts */
static char tag_[32];        /* unique to this run: work-order numbers */
static char hook_[24];       /* the 12345 source's status webhook */
static char other_hook_[24]; /* the province source's */
static char chain_hook_[24]; /* auto-parts' case.created webhook */

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "commissioner-demo", &com_ },
	{ NULL, NULL },
};

/* ---- helpers ---- */

/* An integration user of chain, with a token into key; its id. */
static long long
integration(const char *chain, char *key, size_t cap)
{
	char body[512];
	struct thttp_resp *r;
	long long uid;

	snprintf(body, sizeof(body),
	    "{\"login\":\"o311-%s-%d\",\"name\":\"接入%s\","
	    "\"password\":\"Intake@2026!x\",\"role\":\"integration\","
	    "\"chain_codes\":[\"%s\"]}",
	    chain, (int)getpid(), chain, chain);
	r = thttp_client_json(admin_, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	uid = thttp_resp_int(r, "id", 0);
	assert_true(uid > 0);
	thttp_resp_free(r);
	snprintf(body, sizeof(body), "{\"name\":\"open311\",\"user_id\":%lld}",
	    uid);
	r = thttp_client_json(admin_, "POST", "/api/v1/tokens", body);
	tfix_expect(r, 201, NULL);
	snprintf(key, cap, "%s", thttp_resp_str(r, "token"));
	thttp_resp_free(r);
	return uid;
}

static void
bind_source(const char *code, long long uid)
{
	char path[96];
	char body[64];
	struct thttp_resp *r;

	snprintf(path, sizeof(path), "/api/v1/intake/sources/%s", code);
	snprintf(body, sizeof(body), "{\"user_id\":%lld}", uid);
	r = thttp_client_json(admin_, "PATCH", path, body);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "user.id", 0), uid);
	thttp_resp_free(r);
}

/* A webhook of chain ("": every chain) straight into the table (the admin API
 * refuses addresses that lead nowhere); its id into out. */
static void
webhook(const char *types, const char *chain, char out[24])
{
	snprintf(out, 24, "%s",
	    tdb_value(db_,
	        "INSERT INTO webhooks (name, url, event_types, chain_id)"
	        " VALUES ('o311', 'https://hooks.example.invalid/o311', $1,"
	        " (SELECT id FROM chains WHERE code = NULLIF($2, ''))) RETURNING id",
	        types, chain, NULL));
}

static int
setup(void **state)
{
	long long uid;
	long long other;
	char sql_uid[24];

	(void)state;
	if (tfix_open(logins_, &db_) == -1)
		return -1;
	snprintf(tag_, sizeof(tag_), "GD%d-%ld", (int)getpid(),
	    (long)time(NULL) % 100000);
	uid = integration("auto-parts", key_, sizeof(key_));
	other = integration("ceramics-glass", other_key_, sizeof(other_key_));
	bind_source("12345", uid);
	bind_source("province", other);
	snprintf(sql_uid, sizeof(sql_uid), "%s",
	    tdb_value(db_, "SELECT id FROM users WHERE login = 'admin-demo'",
	        NULL));
	{
		char body[96];
		struct thttp_resp *r;

		snprintf(body, sizeof(body),
		    "{\"name\":\"wrong role\",\"user_id\":%s}", sql_uid);
		r = thttp_client_json(admin_, "POST", "/api/v1/tokens", body);
		tfix_expect(r, 201, NULL);
		snprintf(admin_key_, sizeof(admin_key_), "%s",
		    thttp_resp_str(r, "token"));
		thttp_resp_free(r);
	}
	snprintf(code_, sizeof(code_), "%s",
	    tdb_value(db_,
	        "SELECT e.credit_code FROM enterprises e"
	        " JOIN enterprise_chains ec ON ec.enterprise_id = e.id"
	        " AND ec.is_primary JOIN chains c ON c.id = ec.chain_id"
	        " WHERE c.code = 'auto-parts' AND e.verified"
	        " ORDER BY e.id LIMIT 1",
	        NULL));
	webhook("{intake.status}", "", hook_);
	webhook("{intake.status}", "", other_hook_);
	webhook("{case.created}", "auto-parts", chain_hook_);
	tdb_exec(db_,
	    "UPDATE intake_sources SET webhook_id = $1 WHERE code = '12345'",
	    hook_, NULL);
	tdb_exec(db_,
	    "UPDATE intake_sources SET webhook_id = $1 WHERE code = 'province'",
	    other_hook_, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tdb_exec(db_,
	    "UPDATE intake_sources SET webhook_id = NULL, user_id = NULL",
	    NULL);
	tdb_exec(db_, "DELETE FROM webhooks WHERE name = 'o311'", NULL);
	tfix_close(logins_, &db_);
	return 0;
}

/* name=value pairs (NULL-terminated, values URL-encoded here) as a
 * form body into out. */
static void
form(char *out, size_t cap, const char *const *kv)
{
	size_t len = 0;

	out[0] = '\0';
	for (; kv[0] != NULL; kv += 2) {
		char *v = curl_easy_escape(NULL, kv[1], 0);
		char *k = curl_easy_escape(NULL, kv[0], 0);

		len += (size_t)snprintf(out + len, cap - len, "%s%s=%s",
		    len > 0 ? "&" : "", k, v);
		assert_true(len < cap);
		curl_free(v);
		curl_free(k);
	}
}

/* POST requests.json with kv as its form, api_key key (NULL: none). */
static struct thttp_resp *
post(const char *key, const char *const *kv)
{
	const char *hdrs[] = {
		"Content-Type: application/x-www-form-urlencoded", NULL
	};
	char body[4096];
	char all[4300];

	form(body, sizeof(body), kv);
	if (key != NULL)
		snprintf(all, sizeof(all), "api_key=%s%s%s", key,
		    body[0] != '\0' ? "&" : "", body);
	else
		snprintf(all, sizeof(all), "%s", body);
	return thttp_request("POST", V2 "requests.json", hdrs, all,
	    strlen(all));
}

static struct thttp_resp *
get(const char *key, const char *path)
{
	char url[512];

	snprintf(url, sizeof(url), V2 "%s%sapi_key=%s", path,
	    strchr(path, '?') != NULL ? "&" : "?", key);
	return thttp_request("GET", url, NULL, NULL, 0);
}

static long long
n_cases(void)
{
	return tdb_int(db_, "SELECT count(*) FROM cases", NULL);
}

/* The answer is the spec's error list, status st, and some entry's
 * description names what (NULL: any). */
static void
expect_errors(struct thttp_resp *r, long st, const char *what)
{
	json_t *a = thttp_resp_json(r);
	bool found = what == NULL;
	size_t i;

	if (r->status != st)
		fprintf(stderr, "got %ld: %s\n", r->status, r->body);
	assert_int_equal(r->status, st);
	assert_true(json_is_array(a));
	assert_true(json_array_size(a) >= 1);
	for (i = 0; i < json_array_size(a); i++) {
		json_t *e = json_array_get(a, i);
		const char *d =
		    json_string_value(json_object_get(e, "description"));

		assert_int_equal(json_integer_value(json_object_get(e, "code")),
		    st);
		assert_non_null(d);
		assert_true(strlen(d) > 0);
		if (what != NULL && strstr(d, what) != NULL)
			found = true;
	}
	if (!found)
		fprintf(stderr, "no description names %s: %s\n", what, r->body);
	assert_true(found);
}

/* A good work order numbered ref for code. */
static struct thttp_resp *
file(const char *key, const char *ref, const char *code, const char *extra_k,
    const char *extra_v)
{
	const char *kv[] = { "service_code", "financing", "description",
		"企业反映：流动资金贷款到期，续贷审批慢，希望协调银行。",
		"address_string", "淄博市张店区华光路 100 号", "lat", "36.8",
		"long", "118.05", "attribute[credit_code]", code,
		"attribute[source_id]", ref, "first_name", "王", "phone",
		"13800000000", extra_k, extra_v, NULL };

	return post(key, kv);
}

static void
ref(const char *suffix, char out[64])
{
	snprintf(out, 64, "%s-%s", tag_, suffix);
}

/* ---- tests ---- */

static void
test_services(void **state)
{
	struct thttp_resp *r = get(key_, "services.json");
	json_t *a = thttp_resp_json(r);
	json_t *s;
	size_t i;
	bool financing = false;

	(void)state;
	tfix_expect(r, 200, NULL);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a),
	    tdb_int(db_, "SELECT count(*) FROM sla_limits", NULL));
	json_array_foreach(a, i, s)
	{
		const char *code =
		    json_string_value(json_object_get(s, "service_code"));

		assert_non_null(code);
		assert_non_null(
		    json_string_value(json_object_get(s, "service_name")));
		assert_non_null(
		    json_string_value(json_object_get(s, "description")));
		assert_true(json_is_boolean(json_object_get(s, "metadata")));
		assert_string_equal(
		    json_string_value(json_object_get(s, "type")), "realtime");
		assert_non_null(json_object_get(s, "keywords"));
		assert_non_null(json_object_get(s, "group"));
		if (strcmp(code, "financing") == 0) {
			financing = true;
			assert_string_equal(json_string_value(json_object_get(s,
			                        "service_name")),
			    "融资需求");
		}
	}
	assert_true(financing);
	thttp_resp_free(r);

	/* The definition of one service: its attributes. */
	r = get(key_, "services/financing.json");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "service_code"), "financing");
	assert_string_equal(thttp_resp_str(r, "attributes.0.code"),
	    "credit_code");
	assert_true(json_is_true(
	    thttp_json_get(thttp_resp_json(r), "attributes.0.required")));
	/* the chain's values are this key's chains only */
	assert_string_equal(thttp_resp_str(r, "attributes.4.code"), "chain");
	assert_string_equal(thttp_resp_str(r, "attributes.4.values.0.key"),
	    "auto-parts");
	assert_null(
	    thttp_json_get(thttp_resp_json(r), "attributes.4.values.1"));
	thttp_resp_free(r);
	r = get(key_, "services/nosuch.json");
	expect_errors(r, 404, "nosuch");
	thttp_resp_free(r);
	r = thttp_request("GET", V2 "services.xml", NULL, NULL, 0);
	expect_errors(r, 400, ".json");
	thttp_resp_free(r);
}

static void
test_file_read_replay_and_desk_status(void **state)
{
	char ref1[64];
	char number[64];
	char path[128];
	char cid[24];
	char body[128];
	long long before = n_cases();
	struct thttp_resp *r;

	(void)state;
	ref(".1", ref1);
	r = file(key_, ref1, code_, "account_id", "acct-7");
	tfix_expect(r, 201, NULL);
	assert_true(json_is_array(thttp_resp_json(r)));
	assert_int_equal(json_array_size(thttp_resp_json(r)), 1);
	snprintf(number, sizeof(number), "%s",
	    thttp_resp_str(r, "0.service_request_id"));
	assert_non_null(thttp_resp_str(r, "0.service_notice"));
	assert_string_equal(thttp_resp_str(r, "0.account_id"), "acct-7");
	thttp_resp_free(r);
	assert_int_equal(n_cases(), before + 1);

	/* the case: channel, intake row, enterprise, chain */
	snprintf(cid, sizeof(cid), "%s",
	    tdb_value(db_,
	        "SELECT c.id FROM cases c JOIN case_intake i ON i.case_id ="
	        " c.id JOIN intake_sources s ON s.id = i.source_id"
	        " JOIN enterprises e ON e.id = c.enterprise_id"
	        " JOIN chains ch ON ch.id = c.chain_id"
	        " WHERE c.number = $1 AND s.code = '12345' AND"
	        " i.source_ref = $2 AND i.via = 'open311' AND c.channel ="
	        " 'hotline' AND c.category = 'financing' AND"
	        " e.credit_code = $3 AND ch.code = 'auto-parts' AND"
	        " c.status = 'submitted' AND i.lat = 36.8 AND"
	        " i.requester->>'phone' = '13800000000'",
	        number, ref1, code_, NULL));
	assert_true(atoll(cid) > 0);
	/* notified through the contract: the chain's case.created webhook,
	 * in the transaction that made it */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND event_type = 'case.created' AND"
	                     " (payload->>'case_id')::bigint = $2::bigint",
	                     chain_hook_, cid, NULL),
	    1);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'case.intake' AND object_id = $1",
	                     cid, NULL),
	    1);

	/* the spec's request */
	snprintf(path, sizeof(path), "requests/%s.json", number);
	r = get(key_, path);
	tfix_expect(r, 200, NULL);
	assert_int_equal(json_array_size(thttp_resp_json(r)), 1);
	assert_string_equal(thttp_resp_str(r, "0.service_request_id"), number);
	assert_string_equal(thttp_resp_str(r, "0.status"), "open");
	assert_string_equal(thttp_resp_str(r, "0.service_code"), "financing");
	assert_string_equal(thttp_resp_str(r, "0.service_name"), "融资需求");
	assert_string_equal(thttp_resp_str(r, "0.address"),
	    "淄博市张店区华光路 100 号");
	assert_non_null(thttp_resp_str(r, "0.requested_datetime"));
	assert_non_null(thttp_resp_str(r, "0.updated_datetime"));
	assert_non_null(thttp_resp_str(r, "0.status_notes"));
	assert_non_null(thttp_resp_str(r, "0.agency_responsible"));
	assert_true(
	    json_is_number(thttp_json_get(thttp_resp_json(r), "0.lat")));
	assert_true(
	    json_is_number(thttp_json_get(thttp_resp_json(r), "0.long")));
	thttp_resp_free(r);

	/* a replay: the same case, nothing new */
	r = file(key_, ref1, code_, "account_id", "acct-7");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "0.service_request_id"), number);
	thttp_resp_free(r);
	assert_int_equal(n_cases(), before + 1);

	/* the list: by number, and by status */
	snprintf(path, sizeof(path), "requests.json?service_request_id=%s",
	    number);
	r = get(key_, path);
	tfix_expect(r, 200, NULL);
	assert_int_equal(json_array_size(thttp_resp_json(r)), 1);
	assert_string_equal(thttp_resp_str(r, "0.service_request_id"), number);
	thttp_resp_free(r);

	/* another source's key does not see it */
	r = get(other_key_, path);
	tfix_expect(r, 200, NULL);
	assert_int_equal(json_array_size(thttp_resp_json(r)), 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "requests/%s.json", number);
	r = get(other_key_, path);
	expect_errors(r, 404, NULL);
	thttp_resp_free(r);

	/* handled on the desk: accepted, then rejected... */
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transitions", cid);
	r = thttp_client_json(admin_, "POST", path, "{\"action\":\"accept\"}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "requests/%s.json", number);
	r = get(key_, path);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "0.status"), "open");
	assert_non_null(strstr(thttp_resp_str(r, "0.status_notes"), "已受理"));
	assert_non_null(thttp_resp_str(r, "0.expected_datetime"));
	thttp_resp_free(r);
	/* ... told to the source's own webhook, not to the other source's */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND event_type = 'intake.status' AND"
	                     " payload->>'service_request_id' = $2 AND"
	                     " payload->>'status' = 'open' AND"
	                     " payload->>'case_status' = 'accepted' AND"
	                     " payload->>'source_ref' = $3 AND"
	                     " payload ? 'title' AND payload ? 'link' AND"
	                     " payload->>'description' IS NULL",
	                     hook_, number, ref1, NULL),
	    1);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND payload->>'service_request_id'"
	                     " = $2",
	                     other_hook_, number, NULL),
	    0);
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transitions", cid);
	snprintf(body, sizeof(body),
	    "{\"action\":\"assign\",\"assignee_id\":%s}",
	    tdb_value(db_,
	        "SELECT id FROM users WHERE login = 'responder-demo'", NULL));
	r = thttp_client_json(admin_, "POST", path, body);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "POST", path, "{\"action\":\"start\"}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "POST", path,
	    "{\"action\":\"resolve\",\"resolution\":\"已协调银行续贷\"}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "requests/%s.json", number);
	r = get(key_, path);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "0.status"), "closed");
	assert_non_null(
	    strstr(thttp_resp_str(r, "0.status_notes"), "已协调银行续贷"));
	thttp_resp_free(r);
	r = get(key_, "requests.json?status=closed&service_code=financing");
	tfix_expect(r, 200, NULL);
	assert_true(strstr(r->body, number) != NULL);
	thttp_resp_free(r);
	r = get(key_, "requests.json?status=open");
	tfix_expect(r, 200, NULL);
	assert_true(strstr(r->body, number) == NULL);
	thttp_resp_free(r);
	/* four changes, four notifications to the source */
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM outbox WHERE webhook_id ="
	        " $1::bigint AND payload->>'service_request_id' = $2",
	        hook_, number, NULL),
	    4);
}

static void
test_bearer_and_unknown_enterprise(void **state)
{
	char ref1[64];
	char code[19];
	char hdr[200];
	char body[1024];
	const char *hdrs[] = { hdr,
		"Content-Type: application/x-www-form-urlencoded", NULL };
	const char *kv[] = { "service_code", "policy", "description",
		"新办企业咨询研发费用加计扣除", "address_string",
		"淄博市淄川区松龄路 8 号", "attribute[credit_code]", NULL,
		"attribute[source_id]", NULL, "attribute[enterprise_name]",
		"淄博新开测试科技有限公司", NULL };
	struct thttp_resp *r;

	(void)state;
	ref(".2", ref1);
	tfix_credit_code("91370302Q", code);
	kv[7] = code;
	kv[9] = ref1;
	form(body, sizeof(body), kv);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", key_);
	r = thttp_request("POST", V2 "requests.json", hdrs, body, strlen(body));
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	/* registered unverified on the key's only chain, district from the
	 * address */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM enterprises e JOIN"
	                     " enterprise_chains ec ON ec.enterprise_id = e.id"
	                     " JOIN chains c ON c.id = ec.chain_id WHERE"
	                     " e.credit_code = $1 AND NOT e.verified AND"
	                     " c.code = 'auto-parts' AND e.district = '淄川区'"
	                     " AND e.name = '淄博新开测试科技有限公司'",
	                     code, NULL),
	    1);

	/* any commissioner sees it and confirms it with the missing size,
	 * and then serves it */
	{
		char path[64];
		char eid[24];

		snprintf(eid, sizeof(eid), "%s",
		    tdb_value(db_,
		        "SELECT id FROM enterprises WHERE credit_code = $1",
		        code, NULL));

		snprintf(path, sizeof(path), "/api/v1/enterprises/%s", eid);
		/* not among the enterprises the commissioner serves, but in
		 * the list of those to confirm */
		r = thttp_client_request(com_, "GET",
		    "/api/v1/enterprises?limit=200", NULL, NULL, 0);
		tfix_expect(r, 200, NULL);
		assert_null(strstr(r->body, code));
		thttp_resp_free(r);
		r = thttp_client_request(com_, "GET",
		    "/api/v1/enterprises?verified=false&limit=200", NULL, NULL,
		    0);
		tfix_expect(r, 200, NULL);
		assert_non_null(strstr(r->body, code));
		thttp_resp_free(r);
		r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
		tfix_expect(r, 200, NULL);
		assert_true(json_is_false(
		    thttp_json_get(thttp_resp_json(r), "verified")));
		thttp_resp_free(r);
		r = thttp_client_json(com_, "PATCH", path,
		    "{\"verified\":true}");
		tfix_expect_field(r, 422, "size_class");
		thttp_resp_free(r);
		r = thttp_client_json(com_, "PATCH", path,
		    "{\"verified\":false,\"size_class\":\"small\"}");
		tfix_expect_field(r, 422, "verified");
		thttp_resp_free(r);
		r = thttp_client_json(com_, "PATCH", path,
		    "{\"verified\":true,\"size_class\":\"small\"}");
		tfix_expect(r, 200, NULL);
		assert_true(json_is_true(
		    thttp_json_get(thttp_resp_json(r), "verified")));
		assert_string_equal(thttp_resp_str(r, "size_class"), "small");
		thttp_resp_free(r);
		assert_int_equal(
		    tdb_int(db_,
		        "SELECT count(*) FROM assignments a JOIN users"
		        " u ON u.id = a.commissioner_id WHERE"
		        " a.enterprise_id = $1::bigint AND u.login ="
		        " 'commissioner-demo'",
		        eid, NULL),
		    1);
	}
}

static void
test_bad_input_writes_nothing(void **state)
{
	char ref1[64];
	char bad_code[19];
	long long cases = n_cases();
	long long ents = tdb_int(db_, "SELECT count(*) FROM enterprises", NULL);
	struct thttp_resp *r;

	(void)state;
	ref(".3", ref1);
	snprintf(bad_code, sizeof(bad_code), "%s", code_);
	bad_code[17] = bad_code[17] == 'X' ? 'Y' : 'X';

	/* no key, a wrong key, the key of an admin */
	r = file(NULL, ref1, code_, "x", "y");
	expect_errors(r, 403, "api_key");
	thttp_resp_free(r);
	r = file("not-a-token", ref1, code_, "x", "y");
	expect_errors(r, 403, "api_key");
	thttp_resp_free(r);
	r = file(admin_key_, ref1, code_, "x", "y");
	expect_errors(r, 403, NULL);
	thttp_resp_free(r);
	/* an unknown service code */
	{
		const char *kv[] = { "service_code", "nosuch", "description",
			"x", "address_string", "a", "attribute[credit_code]",
			code_, "attribute[source_id]", ref1, NULL };

		r = post(key_, kv);
		expect_errors(r, 404, "nosuch");
		thttp_resp_free(r);
	}
	/* a malformed credit code */
	r = file(key_, ref1, bad_code, "x", "y");
	expect_errors(r, 400, "attribute[credit_code]");
	thttp_resp_free(r);
	/* missing fields: the number, the description, the location */
	{
		const char *kv[] = { "service_code", "legal",
			"attribute[credit_code]", code_, NULL };

		r = post(key_, kv);
		expect_errors(r, 400, "attribute[source_id]");
		expect_errors(r, 400, "description");
		expect_errors(r, 400, "address_string");
		thttp_resp_free(r);
	}
	/* a chain the source may not file for */
	r = file(key_, ref1, code_, "attribute[chain]", "ceramics-glass");
	expect_errors(r, 403, "attribute[chain]");
	thttp_resp_free(r);
	/* an enterprise of another chain, through the other source's key */
	r = file(other_key_, ref1, code_, "x", "y");
	expect_errors(r, 403, NULL);
	thttp_resp_free(r);
	/* an unknown credit code without the enterprise's name */
	{
		char fresh[19];

		tfix_credit_code("91370302Q", fresh);
		r = file(key_, ref1, fresh, "x", "y");
		expect_errors(r, 400, "attribute[enterprise_name]");
		thttp_resp_free(r);
	}
	/* not a form */
	{
		const char *hdrs[] = { "Content-Type: application/json", NULL };

		r = thttp_request("POST", V2 "requests.json", hdrs, "{}", 2);
		expect_errors(r, 400, NULL);
		thttp_resp_free(r);
	}
	assert_int_equal(n_cases(), cases);
	assert_int_equal(tdb_int(db_, "SELECT count(*) FROM enterprises", NULL),
	    ents);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM case_intake WHERE source_ref"
	                     " = $1",
	                     ref1, NULL),
	    0);
	/* the integration key opens nothing but Open311 */
	{
		char hdr[200];
		const char *hdrs[] = { hdr, NULL };
		const char *paths[] = { "/api/v1/cases", "/api/v1/me",
			"/api/v1/enterprises", "/api/v1/intake/sources" };
		size_t i;

		snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", key_);
		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			r = thttp_request("GET", paths[i], hdrs, NULL, 0);
			tfix_expect(r, 403, "forbidden");
			thttp_resp_free(r);
		}
	}
	/* a span over 90 days; a bad status */
	r = get(key_,
	    "requests.json?start_date=2026-01-01T00:00:00Z"
	    "&end_date=2026-06-01T00:00:00Z");
	expect_errors(r, 400, "end_date");
	thttp_resp_free(r);
	r = get(key_, "requests.json?status=pending");
	expect_errors(r, 400, "status");
	thttp_resp_free(r);
}

/* ---- the work-order import ---- */

static struct thttp_resp *
import(const char *query, const char *csv)
{
	const char *hdrs[] = { "Content-Type: text/csv", NULL };
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/intake/sources/12345/import%s",
	    query);
	return thttp_client_request(admin_, "POST", path, hdrs, csv,
	    strlen(csv));
}

/* The errors of r as "row field" words, space-separated, into out. */
static void
error_rows(struct thttp_resp *r, char *out, size_t cap)
{
	json_t *a = thttp_json_get(thttp_resp_json(r), "errors");
	json_t *e;
	size_t i;
	size_t len = 0;

	out[0] = '\0';
	json_array_foreach(a, i, e) len += (size_t)snprintf(out + len,
	    cap - len, "%s%lld %s", len > 0 ? " " : "",
	    (long long)json_integer_value(json_object_get(e, "row")),
	    json_string_value(json_object_get(e, "field")));
}

static void
test_import_good_and_bad_rows(void **state)
{
	char a[64];
	char b[64];
	char fresh[19];
	char bad_code[19];
	char csv[4096];
	char errs[512];
	long long cases = n_cases();
	struct thttp_resp *r;

	(void)state;
	ref("imp-a", a);
	ref("imp-b", b);
	tfix_credit_code("91370303Q", fresh);
	snprintf(bad_code, sizeof(bad_code), "%s", code_);
	bad_code[17] = bad_code[17] == 'X' ? 'Y' : 'X';
	/* the hotline calls its description column 来电详情 */
	r = thttp_client_json(admin_, "PATCH", "/api/v1/intake/sources/12345",
	    "{\"mapping\":{\"description\":\"来电详情\"}}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "mapping.description"),
	    "来电详情");
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "PATCH", "/api/v1/intake/sources/12345",
	    "{\"mapping\":{\"nosuch\":\"x\"}}");
	tfix_expect_field(r, 422, "mapping.nosuch");
	thttp_resp_free(r);

	snprintf(csv, sizeof(csv),
	    "工单编号,受理时间,统一社会信用代码,企业名称,产业链,诉求类别,"
	    "来电详情,来电人,联系电话\r\n"
	    "%s,2026/3/5 9:30,%s,,,融资,企业反映续贷困难,李四,13900000000\r\n"
	    "%s,,%s,淄博导入测试新材料有限公司,auto-parts,技术,"
	    "企业需要涂层技术攻关,,\r\n"
	    "%s-x,,%s,,,融资,信用代码有误,,\r\n"
	    "%s,,%s,,,融资,编号重复,,\r\n"
	    "%s-y,,%s,,,火星,类别不明,,\r\n"
	    "%s-z,昨天,%s,,,融资,,,\r\n",
	    a, code_, b, fresh, a, bad_code, a, code_, a, code_, a, code_);

	/* the dry run: every row's problem, nothing written */
	r = import("?dry_run=true", csv);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "rows", -1), 6);
	assert_int_equal(thttp_resp_int(r, "ok", -1), 2);
	assert_int_equal(thttp_resp_int(r, "new", -1), 2);
	assert_int_equal(thttp_resp_int(r, "new_enterprises", -1), 1);
	assert_int_equal(thttp_resp_int(r, "imported", -1), 0);
	assert_string_equal(thttp_resp_str(r, "columns.description"),
	    "来电详情");
	error_rows(r, errs, sizeof(errs));
	assert_string_equal(errs,
	    "4 credit_code 5 source_ref 6 category"
	    " 7 received_at 7 description");
	thttp_resp_free(r);
	assert_int_equal(n_cases(), cases);

	/* the import: the good rows filed */
	r = import("", csv);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "imported", -1), 2);
	assert_string_equal(thttp_resp_str(r, "cases.0.source_ref"), a);
	assert_string_equal(thttp_resp_str(r, "cases.1.source_ref"), b);
	thttp_resp_free(r);
	assert_int_equal(n_cases(), cases + 2);
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM case_intake i JOIN cases c"
	        " ON c.id = i.case_id WHERE i.via = 'import' AND"
	        " c.channel = 'hotline' AND i.source_ref IN ($1, $2)"
	        " AND (i.source_ref <> $1 OR (i.received_at ="
	        " '2026-03-05 09:30+08' AND c.category ="
	        " 'financing' AND i.requester->>'name' = '李四'))",
	        a, b, NULL),
	    2);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM enterprises WHERE"
	                     " credit_code = $1 AND NOT verified",
	                     fresh, NULL),
	    1);

	/* the same file again: replays, nothing new */
	r = import("", csv);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "imported", -1), 0);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "replays")), 2);
	thttp_resp_free(r);
	assert_int_equal(n_cases(), cases + 2);

	/* a file with no good row is refused whole */
	snprintf(csv, sizeof(csv),
	    "工单编号,统一社会信用代码,来电详情\r\n%s-w,%s,x\r\n", a, bad_code);
	r = import("", csv);
	tfix_expect(r, 422, "validation_failed");
	thttp_resp_free(r);
	assert_int_equal(n_cases(), cases + 2);
	r = thttp_client_json(admin_, "PATCH", "/api/v1/intake/sources/12345",
	    "{\"mapping\":{}}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_file_read_replay_and_desk_status),
		cmocka_unit_test(test_bearer_and_unknown_enterprise),
		cmocka_unit_test(test_bad_input_writes_nothing),
		cmocka_unit_test(test_import_good_and_bad_rows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
