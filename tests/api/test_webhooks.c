/*
 * Webhooks end to end: the admin API (validation per field, secrets never
 * answered, the SSRF guard at registration for many address forms and at
 * connect time), and the delivery worker of the running server against
 * receivers on 127.0.0.1 started here: the Standard Webhooks signature
 * checked by the receiver, retries with backoff (503 then 200),
 * Retry-After, 410 disabling the webhook, dead after max_tries and
 * re-sent, redirects not followed, a 10 MiB answer, a receiver that is
 * slow or down while the API stays fast, WeCom and DingTalk bodies and
 * DingTalk signing, a robot's rate limit with every event in a digest, a
 * committee meeting's events (a module that plugged its events in by
 * name) in a WeCom group, and an https receiver whose certificate nobody
 * vouches for.
 * The server runs conf/honglian.test.conf: allow_nets 127.0.0.0/8,
 * timeout_s 3, max_tries 3, retry_base_ms 300, robot_rate 4 per 4 s.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"
#include "trecv.h"

/* What conf/honglian.test.conf sets. */
#define TIMEOUT_S      3
#define MAX_TRIES      3
#define RETRY_BASE_MS  300
#define ROBOT_RATE     4
#define ROBOT_WINDOW_S 4
/* How late a post may reach a receiver, at most, on a loaded machine. */
#define JITTER_S 0.25

static struct thttp_client *admin_;
static struct thttp_client *committee_;
static struct tdb *db_;
static char secret_[80]; /* whsec_ + base64 of key_ */
static unsigned char key_[32];

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "committee-demo", &committee_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	char b64[64];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(key_, sizeof(key_));
	sodium_bin2base64(b64, sizeof(b64), key_, sizeof(key_),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(secret_, sizeof(secret_), "whsec_%s", b64);
	return tfix_open(logins_, &db_);
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

/* ---- helpers ---- */

static struct thttp_resp *
send_json(const char *method, const char *path, json_t *body)
{
	char *s = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	struct thttp_resp *r = thttp_client_json(admin_, method, path, s);

	free(s);
	json_decref(body);
	return r;
}

/* POST /webhooks with body; fails the test unless the answer is want.
 * Returns the id on 201. */
static long long
create(json_t *body, long want)
{
	struct thttp_resp *r = send_json("POST", "/api/v1/webhooks", body);
	long long id = 0;

	if (r->status != want)
		fail_msg("create: %ld %s", r->status, r->body);
	if (want == 201)
		id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	return id;
}

/* A generic webhook for the receiver's path, one event type. */
static long long
generic(struct trecv *rv, const char *path, const char *type)
{
	char url[256];

	trecv_url(rv, path, url, sizeof(url));
	return create(json_pack("{s:s, s:s, s:s, s:[s]}", "name", "测试接收方",
	                  "url", url, "secret", secret_, "event_types", type),
	    201);
}

static void
delete_webhook(long long id)
{
	char path[64];
	struct thttp_resp *r;

	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", id);
	r = thttp_client_request(admin_, "DELETE", path, NULL, NULL, 0);
	if (r->status != 204)
		fail_msg("delete: %ld %s", r->status, r->body);
	thttp_resp_free(r);
}

/* POST /webhooks/{id}/test: the queued notification's id. */
static long long
send_test(long long id)
{
	char path[64];
	struct thttp_resp *r;
	long long nid;

	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/test", id);
	r = thttp_client_request(admin_, "POST", path, NULL, NULL, 0);
	if (r->status != 202)
		fail_msg("test: %ld %s", r->status, r->body);
	assert_string_equal(thttp_resp_str(r, "status"), "pending");
	nid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	return nid;
}

static char *
cell(const char *sql, long long id)
{
	char sid[24];
	const char *v;

	snprintf(sid, sizeof(sid), "%lld", id);
	v = tdb_value(db_, sql, sid, NULL);
	return strdup(v != NULL ? v : "");
}

/* Wait until outbox row nid is in state (at most timeout_ms). */
static void
wait_state(long long nid, const char *state, int timeout_ms)
{
	double until = trecv_now() + timeout_ms / 1000.0;
	char *s = NULL;

	for (;;) {
		free(s);
		s = cell("SELECT state FROM outbox WHERE id = $1::bigint", nid);
		if (strcmp(s, state) == 0 || trecv_now() > until)
			break;
		usleep(50000);
	}
	if (strcmp(s, state) != 0)
		fail_msg("outbox %lld is '%s' after %d ms, not '%s'", nid, s,
		    timeout_ms, state);
	free(s);
}

/* The delivery log item of notification nid of webhook id, parsed;
 * the caller decrefs. */
static json_t *
log_item(long long id, long long nid)
{
	char path[96];
	struct thttp_resp *r;
	json_t *items;
	json_t *it = NULL;
	size_t i;

	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/deliveries", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	items = thttp_json_get(thttp_resp_json(r), "items");
	for (i = 0; i < json_array_size(items); i++)
		if (json_integer_value(
		        json_object_get(json_array_get(items, i), "id")) == nid)
			it = json_incref(json_array_get(items, i));
	thttp_resp_free(r);
	if (it == NULL)
		fail_msg("notification %lld not in the log of %lld", nid, id);
	return it;
}

static const char *
jstr(json_t *j, const char *path)
{
	return json_string_value(thttp_json_get(j, path));
}

static long long
jint(json_t *j, const char *path)
{
	return json_integer_value(thttp_json_get(j, path));
}

/* The receiver-side check a consumer makes (spec "Verifying
 * signatures"): HMAC-SHA256 of id.timestamp.body under the key, base64,
 * compared in constant time with each "v1," signature of the header. */
static bool
signature_verifies(const struct trecv_hit *h, const unsigned char *key,
    size_t key_len)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char want[64];

	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)h->webhook_id,
	    strlen(h->webhook_id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st,
	    (const unsigned char *)h->webhook_timestamp,
	    strlen(h->webhook_timestamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)h->body,
	    h->body_len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(want, "v1,", 3);
	sodium_bin2base64(want + 3, sizeof(want) - 3, mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	return strlen(h->webhook_signature) == strlen(want) &&
	    sodium_memcmp(h->webhook_signature, want, strlen(want)) == 0;
}

static long long
n_webhooks(void)
{
	return tdb_int(db_, "SELECT count(*) FROM webhooks", NULL);
}

/* ---- the admin API ---- */

static void
test_create_refuses_bad_input_per_field(void **state)
{
	char long_name[512] = "";
	char long_secret[260] = "whsec_";
	long long before = n_webhooks();
	struct {
		json_t *body;
		const char *field;
	} cases[14];
	size_t i;
	struct thttp_resp *r;

	(void)state;
	for (i = 0; i < 101; i++)
		strcat(long_name, "名");
	for (i = 0; i < 201; i++)
		strcat(long_secret, "A");
	cases[0].body = json_pack("{s:s, s:s}", "url", "https://example.com/h",
	    "secret", secret_);
	cases[0].field = "name";
	cases[1].body = json_pack("{s:s, s:s, s:s}", "name", long_name, "url",
	    "https://example.com/h", "secret", secret_);
	cases[1].field = "name";
	cases[2].body = json_pack("{s:s, s:s, s:s}", "name", "x", "url",
	    "ftp://example.com/h", "secret", secret_);
	cases[2].field = "url";
	cases[3].body = json_pack("{s:s, s:s, s:s}", "name", "x", "url",
	    "not a url", "secret", secret_);
	cases[3].field = "url";
	cases[4].body = json_pack("{s:s, s:s, s:s, s:s}", "name", "x", "url",
	    "https://example.com/h", "format", "slack", "secret", secret_);
	cases[4].field = "format";
	cases[5].body = json_pack("{s:s, s:s, s:s}", "name", "x", "url",
	    "https://example.com/h", "secret", long_secret);
	cases[5].field = "secret";
	cases[6].body = json_pack("{s:s, s:s}", "name", "x", "url",
	    "https://example.com/h");
	cases[6].field = "secret";
	cases[7].body = json_pack("{s:s, s:s, s:s}", "name", "x", "url",
	    "https://example.com/h", "secret", "whsec_dG9vc2hvcnQ=");
	cases[7].field = "secret";
	cases[8].body = json_pack("{s:s, s:s, s:s, s:s}", "name", "x", "url",
	    "https://example.com/h", "format", "wecom", "secret", "abc");
	cases[8].field = "secret";
	cases[9].body = json_pack("{s:s, s:s, s:s, s:s}", "name", "x", "url",
	    "https://example.com/h", "format", "dingtalk", "secret", "abc");
	cases[9].field = "secret";
	cases[10].body = json_pack("{s:s, s:s, s:s, s:[s]}", "name", "x", "url",
	    "https://example.com/h", "secret", secret_, "event_types",
	    "case.exploded");
	cases[10].field = "event_types";
	cases[11].body = json_pack("{s:s, s:s, s:s, s:[s,s]}", "name", "x",
	    "url", "https://example.com/h", "secret", secret_, "event_types",
	    "case.created", "case.created");
	cases[11].field = "event_types";
	cases[12].body = json_pack("{s:s, s:s, s:s, s:s}", "name", "x", "url",
	    "https://example.com/h", "secret", secret_, "chain_code",
	    "no-such-chain");
	cases[12].field = "chain_code";
	cases[13].body = json_pack("{s:s, s:s, s:s, s:i}", "name", "x", "url",
	    "https://example.com/h", "secret", secret_, "colour", 3);
	cases[13].field = "colour";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = send_json("POST", "/api/v1/webhooks", cases[i].body);
		tfix_expect_field(r, 422, cases[i].field);
		thttp_resp_free(r);
	}
	assert_int_equal(n_webhooks(), before);
}

/* The guard at registration: no private, loopback (other than the test
 * allow list's 127.0.0.0/8), link-local, CGNAT, multicast, unspecified,
 * mapped or translated address in any spelling, no other scheme, no
 * credentials in the URL. */
static void
test_ssrf_refused_at_registration(void **state)
{
	static const char *const urls[] = {
		"http://10.0.0.1/hook",
		"http://172.16.0.1/hook",
		"http://192.168.1.1/hook",
		"http://169.254.169.254/latest/meta-data/",
		"http://100.64.0.1/hook",
		"http://0.0.0.0/hook",
		"http://224.0.0.1/hook",
		"http://255.255.255.255/hook",
		"http://[::1]/hook",
		"http://[::]/hook",
		"http://[fc00::1]/hook",
		"http://[fe80::1]/hook",
		"http://[::ffff:127.0.0.1]/hook",
		"http://[::ffff:a9fe:a9fe]/hook",
		"http://0xa9fea9fe/hook",
		"http://2852039166/hook",
		"http://012.0.0.1/hook",
		"http://10.1/hook",
		"ftp://example.com/hook",
		"file:///etc/passwd",
		"gopher://example.com/hook",
		"http://user:pw@example.com/hook",
	};
	long long before = n_webhooks();
	struct thttp_resp *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		r = send_json("POST", "/api/v1/webhooks",
		    json_pack("{s:s, s:s, s:s}", "name", "x", "url", urls[i],
		        "secret", secret_));
		if (r->status != 422 ||
		    json_object_get(
		        thttp_json_get(thttp_resp_json(r), "error.fields"),
		        "url") == NULL)
			fail_msg("%s: %ld %s", urls[i], r->status, r->body);
		thttp_resp_free(r);
	}
	assert_int_equal(n_webhooks(), before);
	/* A change is checked the same way. */
	i = (size_t)create(json_pack("{s:s, s:s, s:s}", "name", "x", "url",
	                       "https://example.com/h", "secret", secret_),
	    201);
	{
		char path[64];

		snprintf(path, sizeof(path), "/api/v1/webhooks/%zu", i);
		r = send_json("PATCH", path,
		    json_pack("{s:s}", "url", "http://169.254.169.254/"));
		tfix_expect_field(r, 422, "url");
		thttp_resp_free(r);
	}
	delete_webhook((long long)i);
}

static void
test_secrets_are_never_answered(void **state)
{
	char path[64];
	struct thttp_resp *r;
	long long id;
	long long wid;

	(void)state;
	id = create(json_pack("{s:s, s:s, s:s}", "name", "有密钥", "url",
	                "https://example.com/h", "secret", secret_),
	    201);
	wid = create(json_pack("{s:s, s:s, s:s}", "name", "企业微信群", "url",
	                 "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?"
	                 "key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
	                 "format", "wecom"),
	    201);
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "has_secret")));
	assert_null(strstr(r->body, "whsec_"));
	assert_null(thttp_json_get(thttp_resp_json(r), "secret"));
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET", "/api/v1/webhooks?limit=200",
	    NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "whsec_"));
	/* The robot's key is a secret too: only its end is shown. */
	assert_null(strstr(r->body, "693a91f6"));
	assert_non_null(strstr(r->body, "key=***5aaa"));
	thttp_resp_free(r);
	r = send_json("PATCH", path, json_pack("{s:s}", "name", "改名"));
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "whsec_"));
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE"
	                     " object_type = 'webhook' AND (after::text LIKE"
	                     " '%whsec_%' OR after::text LIKE '%693a91f6%')",
	                     NULL),
	    0);
	delete_webhook(id);
	delete_webhook(wid);
}

static void
test_change_disable_delete(void **state)
{
	char path[64];
	struct thttp_resp *r;
	long long id;

	(void)state;
	id = create(json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "name", "改动",
	                "url", "https://example.com/h", "secret", secret_,
	                "chain_code", "auto-parts", "event_types",
	                "case.created"),
	    201);
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", id);
	r = send_json("PATCH", path, json_pack("{s:b}", "active", 0));
	assert_int_equal(r->status, 200);
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "active")));
	assert_string_equal(thttp_resp_str(r, "disabled_reason"), "管理员停用");
	thttp_resp_free(r);
	/* Disabled: no test message. */
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/test", id);
	r = thttp_client_request(admin_, "POST", path, NULL, NULL, 0);
	tfix_expect(r, 409, "conflict");
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", id);
	r = send_json("PATCH", path,
	    json_pack("{s:b, s:n, s:[]}", "active", 1, "chain_code",
	        "event_types"));
	assert_int_equal(r->status, 200);
	assert_true(json_is_true(thttp_json_get(thttp_resp_json(r), "active")));
	assert_true(json_is_null(
	    thttp_json_get(thttp_resp_json(r), "disabled_reason")));
	assert_true(
	    json_is_null(thttp_json_get(thttp_resp_json(r), "chain_code")));
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "event_types")),
	    0);
	thttp_resp_free(r);
	/* To WeCom: the signing secret goes. */
	r = send_json("PATCH", path, json_pack("{s:s}", "format", "wecom"));
	assert_int_equal(r->status, 200);
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "has_secret")));
	thttp_resp_free(r);
	/* Back to generic needs a secret again. */
	r = send_json("PATCH", path, json_pack("{s:s}", "format", "generic"));
	tfix_expect_field(r, 422, "secret");
	thttp_resp_free(r);
	r = send_json("PATCH", "/api/v1/webhooks/999999999",
	    json_pack("{s:s}", "name", "无"));
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	delete_webhook(id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "DELETE", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	/* Only admins. */
	r = thttp_client_request(committee_, "GET", "/api/v1/webhooks", NULL,
	    NULL, 0);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
}

static void
test_types_and_log_filters(void **state)
{
	struct thttp_resp *r;
	long long id;
	char path[96];

	(void)state;
	r = thttp_client_request(committee_, "GET",
	    "/api/v1/notification-types", NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "\"case.assigned\""));
	assert_non_null(strstr(r->body, "诉求已交办"));
	thttp_resp_free(r);
	id = create(json_pack("{s:s, s:s, s:s}", "name", "日志", "url",
	                "https://example.com/h", "secret", secret_),
	    201);
	snprintf(path, sizeof(path),
	    "/api/v1/webhooks/%lld/deliveries?status=lost", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect_field(r, 422, "status");
	thttp_resp_free(r);
	snprintf(path, sizeof(path),
	    "/api/v1/webhooks/%lld/deliveries?status=dead&limit=5", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 0);
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET",
	    "/api/v1/webhooks/999999999/deliveries", NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	delete_webhook(id);
}

/* ---- deliveries ---- */

static void
test_generic_delivery_is_signed(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_hit h;
	long long id;
	long long nid;
	json_t *body;
	json_t *it;
	long long ts;

	(void)state;
	assert_non_null(rv);
	id = generic(rv, "/hook", "webhook.test");
	nid = send_test(id);
	assert_int_equal(trecv_wait(rv, 1, 10000), 1);
	wait_state(nid, "delivered", 5000);
	assert_int_equal(trecv_get(rv, 0, &h), 0);
	assert_string_equal(h.method, "POST");
	assert_string_equal(h.target, "/hook");
	assert_non_null(strstr(h.content_type, "application/json"));
	assert_true(signature_verifies(&h, key_, sizeof(key_)));
	/* One byte changed and it no longer does. */
	h.body[h.body_len - 2] ^= 1;
	assert_false(signature_verifies(&h, key_, sizeof(key_)));
	h.body[h.body_len - 2] ^= 1;
	ts = atoll(h.webhook_timestamp);
	assert_true(llabs(ts - (long long)time(NULL)) < 60);
	body = json_loadb(h.body, h.body_len, 0, NULL);
	assert_non_null(body);
	assert_string_equal(jstr(body, "type"), "webhook.test");
	assert_string_equal(jstr(body, "label"), "测试消息");
	assert_non_null(strstr(jstr(body, "data.title"), "红链测试消息"));
	json_decref(body);
	it = log_item(id, nid);
	assert_string_equal(jstr(it, "status"), "delivered");
	assert_int_equal(jint(it, "http_status"), 200);
	assert_int_equal(jint(it, "attempts"), 1);
	/* The receivers' idempotency key is the logged message id. */
	assert_string_equal(jstr(it, "message_id"), h.webhook_id);
	json_decref(it);
	trecv_hit_release(&h);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_retry_503_then_200(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer busy = { 503, NULL, "busy", 0, 0 };
	struct trecv_hit a;
	struct trecv_hit b;
	long long id;
	long long nid;
	json_t *it;

	(void)state;
	trecv_push(rv, &busy);
	id = generic(rv, "/retry", "webhook.test");
	nid = send_test(id);
	assert_int_equal(trecv_wait(rv, 2, 15000), 2);
	wait_state(nid, "delivered", 5000);
	assert_int_equal(trecv_get(rv, 0, &a), 0);
	assert_int_equal(trecv_get(rv, 1, &b), 0);
	/* The same event, the same idempotency key, after a backoff (of at
	 * least half the base, the jitter's floor). */
	assert_string_equal(a.webhook_id, b.webhook_id);
	assert_true(b.at_s - a.at_s >= RETRY_BASE_MS / 2 / 1000.0);
	it = log_item(id, nid);
	assert_int_equal(jint(it, "attempts"), 2);
	assert_int_equal(jint(it, "tries.0.http_status"), 200);
	assert_int_equal(jint(it, "tries.1.http_status"), 503);
	assert_string_equal(jstr(it, "tries.1.error"), "接收方答复 HTTP 503");
	assert_string_equal(jstr(it, "tries.1.response_excerpt"), "busy");
	json_decref(it);
	trecv_hit_release(&a);
	trecv_hit_release(&b);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_retry_after_is_honoured(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer slow_down = { 429, "Retry-After: 2\r\n", NULL, 0,
		0 };
	struct trecv_answer unavailable = { 503, "Retry-After: 1\r\n", NULL, 0,
		0 };
	struct trecv_hit h[3];
	long long id;
	long long nid;
	int i;

	(void)state;
	trecv_push(rv, &slow_down);
	trecv_push(rv, &unavailable);
	id = generic(rv, "/later", "webhook.test");
	nid = send_test(id);
	assert_int_equal(trecv_wait(rv, 3, 15000), 3);
	wait_state(nid, "delivered", 5000);
	for (i = 0; i < 3; i++)
		assert_int_equal(trecv_get(rv, (size_t)i, &h[i]), 0);
	/* The backoff alone would be well under a second. */
	assert_true(h[1].at_s - h[0].at_s >= 1.9);
	assert_true(h[2].at_s - h[1].at_s >= 0.9);
	for (i = 0; i < 3; i++)
		trecv_hit_release(&h[i]);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_gone_disables_the_webhook(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer gone = { 410, NULL, NULL, 0, 0 };
	char path[64];
	struct thttp_resp *r;
	long long id;
	long long nid;

	(void)state;
	trecv_set_default(rv, &gone);
	id = generic(rv, "/gone", "webhook.test");
	nid = send_test(id);
	wait_state(nid, "dead", 10000);
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "active")));
	assert_non_null(strstr(thttp_resp_str(r, "disabled_reason"), "410"));
	thttp_resp_free(r);
	/* Nothing more goes out to it. */
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/test", id);
	r = thttp_client_request(admin_, "POST", path, NULL, NULL, 0);
	tfix_expect(r, 409, "conflict");
	thttp_resp_free(r);
	assert_int_equal(trecv_count(rv), 1);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_dead_after_max_tries_then_resent(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer fail = { 500, NULL, "oops", 0, 0 };
	struct trecv_answer ok = { 200, NULL, NULL, 0, 0 };
	struct trecv_hit first;
	struct trecv_hit last;
	char path[128];
	struct thttp_resp *r;
	long long id;
	long long nid;
	json_t *it;

	(void)state;
	trecv_set_default(rv, &fail);
	id = generic(rv, "/dead", "webhook.test");
	nid = send_test(id);
	wait_state(nid, "dead", 15000);
	assert_int_equal(trecv_count(rv), MAX_TRIES);
	it = log_item(id, nid);
	assert_string_equal(jstr(it, "status"), "dead");
	assert_int_equal(jint(it, "attempts"), MAX_TRIES);
	assert_true(json_is_null(thttp_json_get(it, "next_attempt_at")));
	assert_int_equal(json_array_size(thttp_json_get(it, "tries")),
	    MAX_TRIES);
	json_decref(it);
	/* Only a dead one can be re-sent; this one can. */
	trecv_set_default(rv, &ok);
	snprintf(path, sizeof(path),
	    "/api/v1/webhooks/%lld/deliveries/%lld/resend", id, nid);
	r = thttp_client_request(admin_, "POST", path, NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_str(r, "status"), "pending");
	thttp_resp_free(r);
	wait_state(nid, "delivered", 10000);
	r = thttp_client_request(admin_, "POST", path, NULL, NULL, 0);
	tfix_expect(r, 409, "conflict");
	thttp_resp_free(r);
	snprintf(path, sizeof(path),
	    "/api/v1/webhooks/%lld/deliveries/999999999/resend", id);
	r = thttp_client_request(admin_, "POST", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	assert_int_equal(trecv_count(rv), MAX_TRIES + 1);
	assert_int_equal(trecv_get(rv, 0, &first), 0);
	assert_int_equal(trecv_get(rv, MAX_TRIES, &last), 0);
	assert_string_equal(first.webhook_id, last.webhook_id);
	trecv_hit_release(&first);
	trecv_hit_release(&last);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_redirect_is_not_followed(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv *other = trecv_start(0);
	struct trecv_answer moved = { 302, NULL, NULL, 0, 0 };
	char location[300];
	char elsewhere[256];
	long long id;
	long long nid;
	json_t *it;

	(void)state;
	trecv_url(other, "/elsewhere", elsewhere, sizeof(elsewhere));
	snprintf(location, sizeof(location), "Location: %s\r\n", elsewhere);
	moved.headers = location;
	trecv_set_default(rv, &moved);
	id = generic(rv, "/moved", "webhook.test");
	nid = send_test(id);
	assert_true(trecv_wait(rv, 1, 10000) >= 1);
	usleep(500000);
	it = log_item(id, nid);
	assert_int_equal(jint(it, "tries.0.http_status"), 302);
	assert_non_null(strstr(jstr(it, "tries.0.error"), "重定向"));
	assert_string_equal(jstr(it, "status"),
	    json_array_size(thttp_json_get(it, "tries")) < MAX_TRIES ? "failed"
	                                                             : "dead");
	json_decref(it);
	assert_int_equal(trecv_count(other), 0);
	delete_webhook(id);
	trecv_stop(rv);
	trecv_stop(other);
}

/* 10 MiB of answer: read up to 64 KiB, judged by its status. */
static void
test_huge_answer_is_cut(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer big = { 200, NULL, "0123456789abcdef",
		10 * 1024 * 1024, 0 };
	long long id;
	long long nid;
	json_t *it;
	double until;

	(void)state;
	trecv_set_default(rv, &big);
	id = generic(rv, "/big", "webhook.test");
	nid = send_test(id);
	wait_state(nid, "delivered", 10000);
	it = log_item(id, nid);
	assert_int_equal(jint(it, "tries.0.http_status"), 200);
	assert_int_equal(strlen(jstr(it, "tries.0.response_excerpt")), 500);
	json_decref(it);
	/* The worker hung up long before the end: the receiver could not
	 * send it all (socket buffers hold far less than 10 MiB while
	 * reading stops at 64 KiB). */
	until = trecv_now() + 10;
	while (trecv_cut(rv) == 0 && trecv_now() < until)
		usleep(50000);
	assert_int_equal(trecv_cut(rv), 1);
	delete_webhook(id);
	trecv_stop(rv);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a;
	double y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median and the slowest of n GET /api/v1/chains/auto-parts, in
 * milliseconds. */
static void
api_ms(int n, double *median, double *worst)
{
	double ms[64];
	double t;
	struct thttp_resp *r;
	int i;

	assert_true(n <= 64);
	for (i = 0; i < n; i++) {
		t = trecv_now();
		r = thttp_request("GET", "/api/v1/chains/auto-parts", NULL,
		    NULL, 0);
		assert_int_equal(r->status, 200);
		thttp_resp_free(r);
		ms[i] = (trecv_now() - t) * 1000;
	}
	qsort(ms, (size_t)n, sizeof(ms[0]), cmp_double);
	*median = ms[n / 2];
	*worst = ms[n - 1];
}

/* A receiver that sleeps 60 s: the attempt ends at timeout_s, the API
 * is as fast as ever meanwhile, and the event is delivered once the
 * receiver answers again. */
static void
test_slow_receiver(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer sleepy = { 200, NULL, NULL, 0, 60000 };
	struct trecv_answer ok = { 200, NULL, NULL, 0, 0 };
	long long id;
	long long nid[8];
	double before;
	double during;
	double worst;
	json_t *it;
	int i;

	(void)state;
	trecv_set_default(rv, &sleepy);
	id = generic(rv, "/slow", "webhook.test");
	api_ms(30, &before, &worst);
	for (i = 0; i < 8; i++)
		nid[i] = send_test(id);
	assert_int_equal(trecv_wait(rv, 8, 5000), 8);
	/* Eight posts hang at the receiver: requests are answered as fast
	 * as before (an API thread held by them would take seconds). */
	api_ms(30, &during, &worst);
	if (during > 3 * before + 50 || worst > 1000)
		fail_msg(
		    "the API took %.0f ms (median; %.0f before), %.0f ms at "
		    "worst during slow deliveries",
		    during, before, worst);
	trecv_set_default(rv, &ok);
	for (i = 0; i < 8; i++)
		wait_state(nid[i], "delivered", 20000);
	it = log_item(id, nid[0]);
	assert_true(jint(it, "attempts") >= 2);
	assert_non_null(strstr(jstr(it, "tries.1.error"), "未收到答复"));
	assert_true(jint(it, "tries.1.duration_ms") >= TIMEOUT_S * 1000 - 100);
	json_decref(it);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_receiver_down(void **state)
{
	struct trecv *rv = trecv_start(0);
	char url[256];
	long long id;
	long long nid;
	json_t *it;
	double until;

	(void)state;
	trecv_url(rv, "/down", url, sizeof(url));
	trecv_stop(rv);
	id = create(json_pack("{s:s, s:s, s:s, s:[s]}", "name", "停机", "url",
	                url, "secret", secret_, "event_types", "webhook.test"),
	    201);
	nid = send_test(id);
	until = trecv_now() + 10;
	do {
		usleep(100000);
		it = log_item(id, nid);
		if (json_array_size(thttp_json_get(it, "tries")) > 0)
			break;
		json_decref(it);
		it = NULL;
	} while (trecv_now() < until);
	assert_non_null(it);
	assert_true(json_is_null(thttp_json_get(it, "tries.0.http_status")));
	assert_non_null(strstr(jstr(it, "tries.0.error"), "未收到答复"));
	json_decref(it);
	delete_webhook(id);
}

/* Rows that got past registration some other way (an older version, a
 * name that now resolves elsewhere) are refused on the address actually
 * connected to. */
static void
test_guard_at_connect_time(void **state)
{
	static const char *const urls[] = { "http://10.255.255.1:9/x",
		"http://[::1]:9/x", "http://169.254.169.254/latest" };
	const char *why;
	char nid[24];
	double until;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		snprintf(nid, sizeof(nid), "%lld",
		    tdb_int(db_,
		        "WITH w AS (INSERT INTO webhooks (name, url, secret,"
		        " event_types) VALUES ('绕过', $1, $2, '{webhook.test}')"
		        " RETURNING id)"
		        " INSERT INTO outbox (webhook_id, event_type, payload)"
		        " SELECT id, 'webhook.test', '{\"title\":\"x\"}' FROM w"
		        " RETURNING id",
		        urls[i], secret_, NULL));
		until = trecv_now() + 10;
		for (;;) {
			why = tdb_value(db_,
			    "SELECT error FROM deliveries WHERE outbox_id ="
			    " $1::bigint",
			    nid, NULL);
			if (why != NULL || trecv_now() > until)
				break;
			usleep(100000);
		}
		if (why == NULL || strstr(why, "拒绝连接") == NULL)
			fail_msg("%s: %s", urls[i],
			    why != NULL ? why : "no try");
		tdb_exec(db_,
		    "DELETE FROM webhooks WHERE id = (SELECT webhook_id"
		    " FROM outbox WHERE id = $1::bigint)",
		    nid, NULL);
	}
}

/* Run argv (a NULL-terminated list) with stdout and stderr into out;
 * returns its pid. */
static pid_t
spawn(const char *const argv[], const char *out)
{
	pid_t pid = fork();
	FILE *f;

	assert_true(pid >= 0);
	if (pid == 0) {
		f = fopen(out, "w");
		if (f == NULL)
			_exit(127);
		dup2(fileno(f), 1);
		dup2(fileno(f), 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* The port "ACCEPT 127.0.0.1:<port>" in file at path, or 0. */
static int
accept_port(const char *path)
{
	char line[256];
	const char *colon;
	FILE *f = fopen(path, "r");
	int port = 0;

	if (f == NULL)
		return 0;
	while (port == 0 && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "ACCEPT ", 7) == 0 &&
		    (colon = strrchr(line, ':')) != NULL)
			port = atoi(colon + 1);
	fclose(f);
	return port;
}

/* TLS is verified: an https receiver (openssl s_server on 127.0.0.1)
 * with a self-signed certificate made here is refused on its
 * certificate.  Were verification off, the handshake would pass and the
 * post would time out instead (s_server -www answers no POST). */
static void
test_tls_is_verified(void **state)
{
	char dir[] = "/tmp/hl-tls-XXXXXX";
	char key[64];
	char crt[64];
	char out[64];
	char url[96];
	char nid[24];
	/* An EC key is made in milliseconds. */
	const char *const req[] = { "openssl", "req", "-x509", "-newkey", "ec",
		"-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
		"-out", crt, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
		"subjectAltName=IP:127.0.0.1", NULL };
	const char *const srv[] = { "openssl", "s_server", "-accept",
		"127.0.0.1:0", "-cert", crt, "-key", key, "-www", NULL };
	const char *why = NULL;
	long long id;
	double until;
	int port = 0;
	int status;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	snprintf(crt, sizeof(crt), "%s/crt.pem", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	pid = spawn(req, out);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("openssl req failed (is openssl installed?)");
	pid = spawn(srv, out);
	until = trecv_now() + 10;
	while ((port = accept_port(out)) == 0 && trecv_now() < until)
		usleep(50000);
	if (port == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("openssl s_server did not start");
	}
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/tls", port);
	id = create(json_pack("{s:s, s:s, s:s, s:[s]}", "name", "自签名证书",
	                "url", url, "secret", secret_, "event_types",
	                "webhook.test"),
	    201);
	snprintf(nid, sizeof(nid), "%lld", send_test(id));
	until = trecv_now() + 10;
	while ((why = tdb_value(db_,
	            "SELECT error FROM deliveries WHERE outbox_id = $1::bigint"
	            " AND attempt = 1",
	            nid, NULL)) == NULL &&
	    trecv_now() < until)
		usleep(100000);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	if (why == NULL || strstr(why, "certificate") == NULL)
		fail_msg("not refused on the certificate: %s",
		    why != NULL ? why : "no try");
	assert_null(tdb_value(db_,
	    "SELECT http_status FROM deliveries WHERE outbox_id = $1::bigint"
	    " AND attempt = 1",
	    nid, NULL));
	delete_webhook(id);
	unlink(key);
	unlink(crt);
	unlink(out);
	rmdir(dir);
}

static void
test_wecom_body(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer ok = { 200, NULL,
		"{\"errcode\":0,\"errmsg\":\"ok\"}", 0, 0 };
	struct trecv_answer bad = { 200, NULL,
		"{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}", 0,
		0 };
	struct trecv_hit h;
	char url[256];
	long long id;
	long long nid;
	json_t *body;
	json_t *it;

	(void)state;
	trecv_push(rv, &bad);
	trecv_set_default(rv, &ok);
	trecv_url(rv, "/cgi-bin/webhook/send?key=k-123", url, sizeof(url));
	id = create(json_pack("{s:s, s:s, s:s, s:[s]}", "name", "企业微信群",
	                "url", url, "format", "wecom", "event_types",
	                "webhook.test"),
	    201);
	nid = send_test(id);
	wait_state(nid, "delivered", 15000);
	assert_int_equal(trecv_get(rv, 0, &h), 0);
	assert_string_equal(h.target, "/cgi-bin/webhook/send?key=k-123");
	assert_string_equal(h.webhook_signature, "");
	body = json_loadb(h.body, h.body_len, 0, NULL);
	assert_non_null(body);
	assert_string_equal(jstr(body, "msgtype"), "markdown");
	assert_non_null(strstr(jstr(body, "markdown.content"), "**测试消息**"));
	assert_non_null(strstr(jstr(body, "markdown.content"), "红链测试消息"));
	json_decref(body);
	trecv_hit_release(&h);
	/* A 200 with an error code is a failed attempt. */
	it = log_item(id, nid);
	assert_int_equal(jint(it, "attempts"), 2);
	assert_string_equal(jstr(it, "tries.1.error"),
	    "机器人答复错误码 93000");
	json_decref(it);
	delete_webhook(id);
	trecv_stop(rv);
}

/* A robot that says it got too many messages (WeCom 45009, with HTTP
 * 200) has the event again only after a whole window, not after the
 * short backoff. */
static void
test_robot_over_its_limit_waits_a_window(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer ok = { 200, NULL,
		"{\"errcode\":0,\"errmsg\":\"ok\"}", 0, 0 };
	struct trecv_answer busy = { 200, NULL,
		"{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}", 0,
		0 };
	struct trecv_hit a;
	struct trecv_hit b;
	char url[256];
	long long id;
	long long nid;
	json_t *it;

	(void)state;
	trecv_push(rv, &busy);
	trecv_set_default(rv, &ok);
	trecv_url(rv, "/cgi-bin/webhook/send?key=busy", url, sizeof(url));
	id = create(json_pack("{s:s, s:s, s:s, s:[s]}", "name", "超限群", "url",
	                url, "format", "wecom", "event_types", "webhook.test"),
	    201);
	nid = send_test(id);
	assert_int_equal(trecv_wait(rv, 2, 20000), 2);
	wait_state(nid, "delivered", 5000);
	assert_int_equal(trecv_get(rv, 0, &a), 0);
	assert_int_equal(trecv_get(rv, 1, &b), 0);
	/* The backoff alone would be under a second. */
	if (b.at_s - a.at_s < ROBOT_WINDOW_S - JITTER_S)
		fail_msg("sent again after %.2f s, within the robot's window",
		    b.at_s - a.at_s);
	assert_string_equal(a.body, b.body);
	it = log_item(id, nid);
	assert_int_equal(jint(it, "attempts"), 2);
	assert_string_equal(jstr(it, "tries.1.error"),
	    "机器人答复错误码 45009");
	json_decref(it);
	trecv_hit_release(&a);
	trecv_hit_release(&b);
	delete_webhook(id);
	trecv_stop(rv);
}

/* Events another module brought by name (meetings, 0015) reach a robot
 * with their Chinese label, their one-line title and a link to the desk
 * page under public_url, as they happen through the API. */
static void
test_meeting_events_reach_a_robot(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer ok = { 200, NULL,
		"{\"errcode\":0,\"errmsg\":\"ok\"}", 0, 0 };
	struct trecv_hit h;
	struct thttp_resp *r;
	char url[256];
	char title[64];
	char body[512];
	char link[64];
	char path[64];
	const char *md;
	long long id;
	long long mid;
	json_t *j;

	(void)state;
	trecv_set_default(rv, &ok);
	trecv_url(rv, "/cgi-bin/webhook/send?key=meet", url, sizeof(url));
	id = create(json_pack("{s:s, s:s, s:s, s:[s, s], s:s}", "name",
	                "党委会议群", "url", url, "format", "wecom",
	                "event_types", "meeting.scheduled", "meeting.cancelled",
	                "chain_code", "auto-parts"),
	    201);
	snprintf(title, sizeof(title), "通知测试会议 %lld", id);
	snprintf(body, sizeof(body),
	    "{\"chain_code\":\"auto-parts\",\"title\":\"%s\","
	    "\"starts_at\":\"2027-04-08T09:00:00+08:00\","
	    "\"place\":\"市政府第三会议室\",\"status\":\"scheduled\"}",
	    title);
	r = thttp_client_json(committee_, "POST", "/api/v1/meetings", body);
	if (r->status != 201)
		fail_msg("meeting: %ld %s", r->status, r->body);
	mid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(link, sizeof(link), "/desk/meetings/%lld)", mid);
	assert_int_equal(trecv_wait(rv, 1, 15000), 1);
	assert_int_equal(trecv_get(rv, 0, &h), 0);
	j = json_loadb(h.body, h.body_len, 0, NULL);
	assert_non_null(j);
	assert_string_equal(jstr(j, "msgtype"), "markdown");
	md = jstr(j, "markdown.content");
	assert_non_null(md);
	if (strstr(md, "产业链党委会议已安排") == NULL ||
	    strstr(md, title) == NULL || strstr(md, "](http") == NULL ||
	    strstr(md, link) == NULL)
		fail_msg("scheduled: %s", md);
	json_decref(j);
	trecv_hit_release(&h);
	/* Cancelled: the next message (a robot's spacing later). */
	snprintf(path, sizeof(path), "/api/v1/meetings/%lld", mid);
	r = thttp_client_json(committee_, "PATCH", path,
	    "{\"status\":\"cancelled\"}");
	if (r->status != 200)
		fail_msg("cancel: %ld %s", r->status, r->body);
	thttp_resp_free(r);
	assert_int_equal(trecv_wait(rv, 2, 15000), 2);
	assert_int_equal(trecv_get(rv, 1, &h), 0);
	j = json_loadb(h.body, h.body_len, 0, NULL);
	assert_non_null(j);
	md = jstr(j, "markdown.content");
	assert_non_null(md);
	if (strstr(md, "产业链党委会议已取消") == NULL ||
	    strstr(md, "会议已取消") == NULL || strstr(md, title) == NULL ||
	    strstr(md, link) == NULL)
		fail_msg("cancelled: %s", md);
	json_decref(j);
	trecv_hit_release(&h);
	delete_webhook(id);
	trecv_stop(rv);
}

static void
test_dingtalk_body_and_sign(void **state)
{
	static const char secret[] = "SEC0123456789abcdefABCDEF";
	struct trecv *rv = trecv_start(0);
	struct trecv_answer ok = { 200, NULL,
		"{\"errcode\":0,\"errmsg\":\"ok\"}", 0, 0 };
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char content[128];
	char b64[64];
	char enc[128];
	char url[256];
	char ts[32];
	struct trecv_hit h;
	const char *p;
	long long id;
	long long nid;
	size_t k = 0;
	size_t i;
	json_t *body;

	(void)state;
	trecv_set_default(rv, &ok);
	trecv_url(rv, "/robot/send?access_token=tok", url, sizeof(url));
	id = create(json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "name", "钉钉群",
	                "url", url, "format", "dingtalk", "secret", secret,
	                "event_types", "webhook.test"),
	    201);
	nid = send_test(id);
	wait_state(nid, "delivered", 10000);
	assert_int_equal(trecv_get(rv, 0, &h), 0);
	assert_int_equal(
	    strncmp(h.target, "/robot/send?access_token=tok&timestamp=", 39),
	    0);
	p = h.target + 39;
	snprintf(ts, sizeof(ts), "%.*s", (int)strcspn(p, "&"), p);
	assert_true(llabs(atoll(ts) / 1000 - (long long)time(NULL)) < 60);
	snprintf(content, sizeof(content), "%s\n%s", ts, secret);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)content,
	    strlen(content));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	for (i = 0; b64[i] != '\0'; i++)
		k += (size_t)snprintf(enc + k, sizeof(enc) - k,
		    strchr("+/=", b64[i]) != NULL ? "%%%02X" : "%c",
		    (unsigned char)b64[i]);
	assert_string_equal(strstr(h.target, "&sign=") + 6, enc);
	body = json_loadb(h.body, h.body_len, 0, NULL);
	assert_non_null(body);
	assert_string_equal(jstr(body, "msgtype"), "markdown");
	assert_string_equal(jstr(body, "markdown.title"), "测试消息");
	assert_non_null(strstr(jstr(body, "markdown.text"), "#### 测试消息"));
	json_decref(body);
	trecv_hit_release(&h);
	delete_webhook(id);
	trecv_stop(rv);
}

/* 100 events for one robot, as they come: never more than robot_rate
 * posts in any robot_window_s, and every event in some digest. */
static void
test_robot_rate_limit_folds_into_digests(void **state)
{
	enum { N = 100 };
	struct trecv *rv = trecv_start(0);
	struct trecv_answer ok = { 200, NULL,
		"{\"errcode\":0,\"errmsg\":\"ok\"}", 0, 0 };
	struct trecv_hit *hits;
	char url[256];
	char n[24];
	char needle[64];
	size_t count;
	size_t i;
	size_t j;
	size_t in_window;
	size_t found;
	long long id;

	(void)state;
	trecv_set_default(rv, &ok);
	trecv_url(rv, "/cgi-bin/webhook/send?key=rate", url, sizeof(url));
	id = create(json_pack("{s:s, s:s, s:s, s:[s], s:s}", "name", "限流",
	                "url", url, "format", "wecom", "event_types",
	                "webhook.test", "chain_code", "ceramics-glass"),
	    201);
	for (i = 0; i < N; i++) {
		snprintf(n, sizeof(n), "%zu", i);
		tdb_exec(db_,
		    "SELECT hl_outbox_enqueue('webhook.test',"
		    " (SELECT id FROM chains WHERE code = 'ceramics-glass'),"
		    " jsonb_build_object('number', 'RATE-' || $1,"
		    " 'title', '限流测试 RATE-' || $1 || ' 号',"
		    " 'link', '/desk/cases/' || $1))",
		    n, NULL);
		if (i % 10 == 9)
			usleep(250000);
	}
	for (i = 0; i < 400; i++) {
		if (tdb_int(db_,
		        "SELECT count(*) FROM outbox WHERE webhook_id ="
		        " $1::bigint AND state = 'delivered'",
		        (snprintf(n, sizeof(n), "%lld", id), n), NULL) == N)
			break;
		usleep(100000);
	}
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND state = 'delivered'",
	                     n, NULL),
	    N);
	count = trecv_count(rv);
	assert_true(count >= 2);
	assert_true(count < N / 4);
	hits = calloc(count, sizeof(*hits));
	for (i = 0; i < count; i++)
		assert_int_equal(trecv_get(rv, i, &hits[i]), 0);
	/* Posts are spaced when they are claimed; on a busy machine one
	 * may reach the receiver a little late, the next one on time, so
	 * the windows counted here are JITTER_S shorter. */
	for (i = 0; i < count; i++) {
		in_window = 0;
		for (j = i; j < count; j++)
			if (hits[j].at_s - hits[i].at_s <
			    ROBOT_WINDOW_S - JITTER_S)
				in_window++;
		if (in_window > ROBOT_RATE)
			fail_msg("%zu posts within %d s from post %zu",
			    in_window, ROBOT_WINDOW_S, i);
	}
	for (i = 0; i < N; i++) {
		snprintf(needle, sizeof(needle), "RATE-%zu 号", i);
		found = 0;
		for (j = 0; j < count; j++)
			if (strstr(hits[j].body, needle) != NULL)
				found++;
		if (found == 0)
			fail_msg("event %zu is in no message", i);
	}
	/* The log knows which digest carried what. */
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT sum(1.0 / digest_size)::int FROM deliveries"
	        " WHERE webhook_id = $1::bigint",
	        n, NULL),
	    (long long)count);
	for (i = 0; i < count; i++)
		trecv_hit_release(&hits[i]);
	free(hits);
	delete_webhook(id);
	trecv_stop(rv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refuses_bad_input_per_field),
		cmocka_unit_test(test_ssrf_refused_at_registration),
		cmocka_unit_test(test_secrets_are_never_answered),
		cmocka_unit_test(test_change_disable_delete),
		cmocka_unit_test(test_types_and_log_filters),
		cmocka_unit_test(test_generic_delivery_is_signed),
		cmocka_unit_test(test_retry_503_then_200),
		cmocka_unit_test(test_retry_after_is_honoured),
		cmocka_unit_test(test_gone_disables_the_webhook),
		cmocka_unit_test(test_dead_after_max_tries_then_resent),
		cmocka_unit_test(test_redirect_is_not_followed),
		cmocka_unit_test(test_huge_answer_is_cut),
		cmocka_unit_test(test_slow_receiver),
		cmocka_unit_test(test_receiver_down),
		cmocka_unit_test(test_guard_at_connect_time),
		cmocka_unit_test(test_tls_is_verified),
		cmocka_unit_test(test_wecom_body),
		cmocka_unit_test(test_meeting_events_reach_a_robot),
		cmocka_unit_test(test_robot_over_its_limit_waits_a_window),
		cmocka_unit_test(test_dingtalk_body_and_sign),
		cmocka_unit_test(test_robot_rate_limit_folds_into_digests),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
