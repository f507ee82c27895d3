/*
 * The enterprise registry over HTTP: credit code vectors (GB 32100-2015),
 * duplicates, bad input of every kind answered 400/413/415/422 and never
 * 5xx, hostile text stored verbatim and returned escaped, list filters
 * and keyset paging, Idempotency-Key, scoping (404), audited reads of
 * contacts, and who may change what.
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

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

static struct thttp_client *admin_;
static struct thttp_client *com_;
static struct thttp_client *ent_;
static struct thttp_client *ent2_;
static struct tdb *db_;
static unsigned serial_;

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "commissioner-demo", &com_ },
	{ "ent-demo", &ent_ },
	{ "ent2-demo", &ent2_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	return tfix_open(logins_, &db_);
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

static struct thttp_resp *
post_enterprise(struct thttp_client *c, const char *name, const char *code,
    const char *extra)
{
	char body[1024];

	snprintf(body, sizeof(body),
	    "{\"name\":\"%s\",\"credit_code\":\"%s\","
	    "\"chain_codes\":[\"auto-parts\"],\"district\":\"张店区\","
	    "\"size_class\":\"small\"%s}",
	    name, code, extra != NULL ? extra : "");
	return thttp_client_json(c, "POST", "/api/v1/enterprises", body);
}

/* ---- credit codes ---- */

static void
test_credit_code_vectors(void **state)
{
	static const char *const prefixes[] = { "91370303M", "12370300P",
		"52370300M", "Y13703000", "913703PRA", "91370321T" };
	char code[19];
	char name[64];
	char bad[19];
	char lower[19];
	char want[128];
	struct thttp_resp *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		tfix_credit_code(prefixes[i], code);
		snprintf(name, sizeof(name), "代码测试%zu-%ld", i,
		    (long)getpid());
		r = post_enterprise(admin_, name, code, NULL);
		tfix_expect(r, 201, NULL);
		assert_string_equal(thttp_resp_str(r, "credit_code"), code);
		thttp_resp_free(r);
		/* Every other check character is refused. */
		snprintf(bad, sizeof(bad), "%s", code);
		bad[17] = bad[17] == 'X' ? 'Y' : 'X';
		r = post_enterprise(admin_, name, bad, NULL);
		tfix_expect_field(r, 422, "credit_code");
		/* The message names the right check character. */
		snprintf(want, sizeof(want),
		    "统一社会信用代码校验位错误：按前 17 位，第 18 位应为“%c”",
		    code[17]);
		assert_string_equal(
		    thttp_resp_str(r, "error.fields.credit_code"), want);
		thttp_resp_free(r);
	}
	/* Lower case is the same code, stored upper case. */
	tfix_credit_code("91370303M", code);
	for (i = 0; i < 18; i++)
		lower[i] =
		    (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32
		                                            : code[i]);
	lower[18] = '\0';
	r = post_enterprise(admin_, "小写代码企业", lower, NULL);
	tfix_expect(r, 201, NULL);
	assert_string_equal(thttp_resp_str(r, "credit_code"), code);
	thttp_resp_free(r);
	/* Length and alphabet. */
	r = post_enterprise(admin_, "代码测试", "91370303MA01XBBR9", NULL);
	tfix_expect_field(r, 422, "credit_code");
	thttp_resp_free(r);
	r = post_enterprise(admin_, "代码测试", "91370303MAI1XBBR99", NULL);
	tfix_expect_field(r, 422, "credit_code");
	thttp_resp_free(r);
	r = post_enterprise(admin_, "代码测试", "91370303MA01XBBR991", NULL);
	tfix_expect_field(r, 422, "credit_code");
	thttp_resp_free(r);
}

static void
test_duplicate_credit_code_names_the_registered_one(void **state)
{
	char code[19];
	char name[64];
	char want[160];
	struct thttp_resp *r;

	(void)state;
	tfix_credit_code("91370303M", code);
	snprintf(name, sizeof(name), "重复登记企业%ld-%u", (long)getpid(),
	    serial_++);
	r = post_enterprise(admin_, name, code, NULL);
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	/* A commissioner registering it again learns which one it is. */
	r = post_enterprise(com_, "另一个名字", code, NULL);
	tfix_expect(r, 409, "conflict");
	snprintf(want, sizeof(want), "统一社会信用代码已登记：%s", name);
	assert_string_equal(thttp_resp_str(r, "error.message"), want);
	tfix_expect_field(r, 409, "credit_code");
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM enterprises WHERE"
	                     " credit_code = $1",
	                     code, NULL),
	    1);
}

/* ---- bad input ---- */

static void
test_bad_input_is_refused_never_5xx(void **state)
{
	static const char *const bodies[] = {
		"{",
		"[]",
		"null",
		"{\"name\":1}",
		"{\"name\":\"ok\",\"credit_code\":[\"x\"]}",
		"{\"chain_codes\":\"auto-parts\"}",
		"{\"key_enterprise\":\"yes\"}",
		"{\"employee_count\":1.5}",
		"{\"employee_count\":-3}",
		"{\"employee_count\":99999999999999999999}",
		"{\"unknown\":true}",
		"{\"name\":\"a\",\"name\":\"b\"}",
		"{\"contacts\":[1,2]}",
		"{\"contacts\":{}}",
		"{\"tags\":[null]}",
		"{\"name\":\"\\u0000x\"}",
	};
	const char *json_ct[] = { "Content-Type: application/json", NULL };
	const char *text_ct[] = { "Content-Type: text/plain", NULL };
	char long_name[1200];
	char body[1400];
	struct thttp_resp *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		r = thttp_client_json(admin_, "POST", "/api/v1/enterprises",
		    bodies[i]);
		if (r->status != 400 && r->status != 422)
			fail_msg("%s: %ld %s", bodies[i], r->status, r->body);
		assert_non_null(thttp_resp_str(r, "error.code"));
		thttp_resp_free(r);
	}
	/* Over-long: 201 characters of a 200 maximum. */
	memset(long_name, 0, sizeof(long_name));
	for (i = 0; i < 201; i++)
		memcpy(long_name + 3 * i, "企", 3);
	snprintf(body, sizeof(body), "{\"name\":\"%s\"}", long_name);
	r = thttp_client_json(admin_, "POST", "/api/v1/enterprises", body);
	tfix_expect_field(r, 422, "name");
	thttp_resp_free(r);
	/* Invalid UTF-8. */
	r = thttp_client_request(admin_, "POST", "/api/v1/enterprises", json_ct,
	    "{\"name\":\"\xc3\x28\"}", 12);
	tfix_expect(r, 400, NULL);
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "POST", "/api/v1/enterprises", text_ct,
	    "{}", 2);
	tfix_expect(r, 415, NULL);
	thttp_resp_free(r);
	/* Queries: hostile or malformed, never a 5xx. */
	r = thttp_client_request(admin_, "GET",
	    "/api/v1/enterprises?q=%27%20OR%201%3D1%20--", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	/* Text, not SQL: only names that contain it, never every row. */
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE strpos(name,"
	        " $1) > 0",
	        "' OR 1=1 --", NULL));
	assert_true(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")) <
	    (size_t)tdb_int(db_, "SELECT count(*) FROM enterprises", NULL));
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET", "/api/v1/enterprises?q=%C3%28",
	    NULL, NULL, 0);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET", "/api/v1/enterprises?key=maybe",
	    NULL, NULL, 0);
	tfix_expect_field(r, 400, "key");
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET",
	    "/api/v1/enterprises/1%27%20OR%201=1", NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
}

static void
test_hostile_text_stored_verbatim_returned_escaped(void **state)
{
	char name[120];
	char code[19];
	char body[600];
	char path[64];
	struct thttp_resp *r;
	long long id;

	(void)state;
	snprintf(name, sizeof(name),
	    "<script>alert(1)</script>' OR 1=1 -- %ld-%u", (long)getpid(),
	    serial_++);
	tfix_credit_code("91370303M", code);
	snprintf(body, sizeof(body),
	    "{\"name\":\"%s\",\"credit_code\":\"%s\","
	    "\"chain_codes\":[\"auto-parts\"],\"district\":\"张店区\","
	    "\"size_class\":\"small\",\"note\":\"Robert'); DROP TABLE"
	    " enterprises;--\"}",
	    name, code);
	r = thttp_client_json(admin_, "POST", "/api/v1/enterprises", body);
	tfix_expect(r, 201, NULL);
	assert_string_equal(thttp_resp_str(r, "name"), name);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", id);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	/* The same text comes back, escaped for embedding in HTML. */
	assert_string_equal(thttp_resp_str(r, "name"), name);
	assert_null(strstr(r->body, "<script>"));
	assert_non_null(strstr(r->body, "\\u003cscript"));
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM enterprises WHERE name = $1",
	                     name, NULL),
	    1);
}

/* ---- lists ---- */

/* Every id of the list at path (with ?... already), page by page. */
static size_t
collect(struct thttp_client *c, const char *path, int limit, long long *ids,
    size_t max)
{
	char url[512];
	char cursor[128] = "";
	size_t n = 0;

	for (;;) {
		struct thttp_resp *r;
		json_t *items;
		const char *next;
		size_t i;

		snprintf(url, sizeof(url), "%s%slimit=%d%s%s", path,
		    strchr(path, '?') != NULL ? "&" : "?", limit,
		    cursor[0] != '\0' ? "&cursor=" : "", cursor);
		r = thttp_client_request(c, "GET", url, NULL, NULL, 0);
		tfix_expect(r, 200, NULL);
		items = thttp_json_get(thttp_resp_json(r), "items");
		assert_true(json_array_size(items) <= (size_t)limit);
		for (i = 0; i < json_array_size(items) && n < max; i++)
			ids[n++] = json_integer_value(
			    json_object_get(json_array_get(items, i), "id"));
		next = thttp_resp_str(r, "next_cursor");
		if (next == NULL) {
			thttp_resp_free(r);
			return n;
		}
		assert_int_equal(json_array_size(items), limit);
		snprintf(cursor, sizeof(cursor), "%s", next);
		thttp_resp_free(r);
	}
}

static void
test_keyset_paging_visits_every_row_once(void **state)
{
	static long long all[2000];
	static long long paged[2000];
	size_t n_all;
	size_t n_paged;
	size_t i;

	(void)state;
	n_all = collect(admin_, "/api/v1/enterprises", 200, all, 2000);
	n_paged = collect(admin_, "/api/v1/enterprises", 7, paged, 2000);
	assert_true(n_all >= 30);
	assert_int_equal(n_paged, n_all);
	for (i = 0; i < n_all; i++) {
		assert_int_equal(paged[i], all[i]);
		if (i > 0)
			assert_true(all[i] < all[i - 1]);
	}
	assert_int_equal((long long)n_all,
	    tdb_int(db_, "SELECT count(*) FROM enterprises", NULL));
}

static void
test_paging_parameters_checked(void **state)
{
	static const char *const bad[] = { "limit=0", "limit=201", "limit=abc",
		"cursor=", "cursor=%21%21", "cursor=LTE", "cursor=YWJj",
		"cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
	char url[128];
	struct thttp_resp *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(url, sizeof(url), "/api/v1/enterprises?%s", bad[i]);
		r = thttp_client_request(admin_, "GET", url, NULL, NULL, 0);
		if (r->status != 400)
			fail_msg("%s: %ld %s", bad[i], r->status, r->body);
		assert_string_equal(thttp_resp_str(r, "error.code"),
		    "bad_request");
		thttp_resp_free(r);
	}
}

static long long
count_of(struct thttp_client *c, const char *query)
{
	static long long ids[2000];
	char path[256];

	snprintf(path, sizeof(path), "/api/v1/enterprises?%s", query);
	return (long long)collect(c, path, 200, ids, 2000);
}

static void
test_filters_match_the_database(void **state)
{
	(void)state;
	assert_int_equal(count_of(admin_, "chain=polyurethane"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprise_chains ec JOIN chains c"
	        " ON c.id = ec.chain_id WHERE c.code = 'polyurethane'",
	        NULL));
	assert_int_equal(
	    count_of(admin_, "district=%E5%8D%9A%E5%B1%B1%E5%8C%BA"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE district = '博山区'",
	        NULL));
	assert_int_equal(
	    count_of(admin_, "tag=%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE tags @>"
	        " ARRAY['专精特新']",
	        NULL));
	assert_int_equal(count_of(admin_, "key=true"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE key_enterprise", NULL));
	assert_int_equal(count_of(admin_, "key=false"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE NOT key_enterprise",
	        NULL));
	/* Chinese text in the name, and part of a credit code. */
	assert_int_equal(count_of(admin_, "q=%E6%B1%BD%E8%BD%A6"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE name LIKE '%汽车%'"
	        " OR credit_code LIKE '%汽车%'",
	        NULL));
	assert_int_equal(count_of(admin_, "q=ma01xbbr"),
	    tdb_int(db_,
	        "SELECT count(*) FROM enterprises WHERE name ILIKE"
	        " '%ma01xbbr%' OR credit_code ILIKE '%ma01xbbr%'",
	        NULL));
	assert_true(count_of(admin_, "q=ma01xbbr") >= 1);
	assert_int_equal(count_of(admin_, "chain=no-such-chain"), 0);
}

/* ---- Idempotency-Key ---- */

static struct thttp_resp *
post_with_key(struct thttp_client *c, const char *key, const char *body)
{
	char hdr[400];
	const char *hdrs[3] = { "Content-Type: application/json", hdr, NULL };

	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key);
	return thttp_client_request(c, "POST", "/api/v1/enterprises", hdrs,
	    body, strlen(body));
}

static void
test_idempotency_key_replays_and_refuses_reuse(void **state)
{
	char code[19];
	char key[64];
	char body[400];
	char other[400];
	char long_key[300];
	struct thttp_resp *a;
	struct thttp_resp *b;

	(void)state;
	tfix_credit_code("91370303M", code);
	snprintf(key, sizeof(key), "ek-%ld-%ld", (long)getpid(),
	    (long)time(NULL));
	snprintf(body, sizeof(body),
	    "{\"name\":\"幂等企业\",\"credit_code\":\"%s\","
	    "\"chain_codes\":[\"auto-parts\"],\"district\":\"张店区\","
	    "\"size_class\":\"small\"}",
	    code);
	a = post_with_key(admin_, key, body);
	tfix_expect(a, 201, NULL);
	assert_null(thttp_resp_header(a, "Idempotent-Replayed"));
	b = post_with_key(admin_, key, body);
	tfix_expect(b, 201, NULL);
	assert_string_equal(thttp_resp_header(b, "Idempotent-Replayed"),
	    "true");
	assert_int_equal(thttp_resp_int(b, "id", 0),
	    thttp_resp_int(a, "id", -1));
	assert_true(json_equal(thttp_resp_json(a), thttp_resp_json(b)));
	thttp_resp_free(a);
	thttp_resp_free(b);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM enterprises WHERE"
	                     " credit_code = $1",
	                     code, NULL),
	    1);
	/* The same key for another body. */
	snprintf(other, sizeof(other), "%.*s,\"note\":\"x\"}",
	    (int)strlen(body) - 1, body);
	a = post_with_key(admin_, key, other);
	tfix_expect(a, 422, "idempotency_key_reused");
	thttp_resp_free(a);
	/* Keys belong to their user: the commissioner's same key is new,
	 * and meets the registered code. */
	a = post_with_key(com_, key, body);
	tfix_expect(a, 409, "conflict");
	thttp_resp_free(a);
	memset(long_key, 'k', 256);
	long_key[256] = '\0';
	a = post_with_key(admin_, long_key, body);
	tfix_expect(a, 400, "bad_request");
	thttp_resp_free(a);
}

/* ---- scoping and changes ---- */

static void
test_enterprise_user_sees_only_its_own(void **state)
{
	long long mine = tfix_own_enterprise(ent_);
	long long theirs = tfix_own_enterprise(ent2_);
	long long ids[10];
	char path[64];
	struct thttp_resp *r;

	(void)state;
	assert_true(mine > 0 && theirs > 0 && mine != theirs);
	assert_int_equal(collect(ent_, "/api/v1/enterprises", 50, ids, 10), 1);
	assert_int_equal(ids[0], mine);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", theirs);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", "/api/v1/enterprises/999999999",
	    NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	/* Enterprise users change nothing here. */
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", mine);
	r = thttp_client_json(ent_, "PATCH", path, "{\"note\":\"x\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = post_enterprise(ent_, "企业用户登记", "91370303MA01XBBR99", NULL);
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
}

static void
test_reading_contacts_is_audited(void **state)
{
	long long mine = tfix_own_enterprise(ent_);
	char path[64];
	char sid[24];
	struct thttp_resp *r;
	long long before;

	(void)state;
	snprintf(sid, sizeof(sid), "%lld", mine);
	before = tdb_int(db_,
	    "SELECT count(*) FROM audit_log WHERE action ="
	    " 'enterprise.read_contacts' AND object_id = $1"
	    " AND actor_login = 'ent-demo'",
	    sid, NULL);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", mine);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_true(json_array_size(
	                thttp_json_get(thttp_resp_json(r), "contacts")) > 0);
	/* Staff notes are not for the enterprise. */
	assert_true(json_is_null(thttp_json_get(thttp_resp_json(r), "note")));
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'enterprise.read_contacts' AND object_id = $1"
	                     " AND actor_login = 'ent-demo'",
	                     sid, NULL),
	    before + 1);
	/* The list shows no contacts, and is not audited as such. */
	r = thttp_client_request(ent_, "GET", "/api/v1/enterprises", NULL, NULL,
	    0);
	tfix_expect(r, 200, NULL);
	assert_null(strstr(r->body, "\"contacts\""));
	thttp_resp_free(r);
}

static void
test_commissioner_registers_and_changes_its_own(void **state)
{
	char code[19];
	char path[64];
	struct thttp_resp *r;
	long long id;
	long long other;

	(void)state;
	tfix_credit_code("91370303M", code);
	r = post_enterprise(com_, "专员登记的企业", code,
	    ",\"contacts\":[{\"name\":\"赵六\",\"phone\":\"13800000000\","
	    "\"is_primary\":true}]");
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "commissioners.0.name"),
	    "演示服务专员");
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", id);
	r = thttp_client_json(com_, "PATCH", path,
	    "{\"tags\":[\"专精特新\",\"规上企业\"],\"party_org_status\":"
	    "\"joint\",\"employee_count\":120}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "tags.1"), "规上企业");
	assert_string_equal(thttp_resp_str(r, "party_org_status"), "joint");
	assert_int_equal(thttp_resp_int(r, "employee_count", 0), 120);
	thttp_resp_free(r);
	/* Admin-only members and unknown vocabulary, by name. */
	r = thttp_client_json(com_, "PATCH", path, "{\"key_enterprise\":true}");
	tfix_expect_field(r, 422, "key_enterprise");
	thttp_resp_free(r);
	r = thttp_client_json(com_, "PATCH", path,
	    "{\"credit_code\":\"91370303MA01XBBR99\"}");
	tfix_expect_field(r, 422, "credit_code");
	thttp_resp_free(r);
	r = thttp_client_json(com_, "PATCH", path, "{\"tags\":[\"不存在\"]}");
	tfix_expect_field(r, 422, "tags");
	thttp_resp_free(r);
	r = thttp_client_json(com_, "PATCH", path,
	    "{\"size_class\":\"huge\",\"party_org_status\":\"maybe\"}");
	tfix_expect_field(r, 422, "size_class");
	tfix_expect_field(r, 422, "party_org_status");
	thttp_resp_free(r);
	/* An enterprise not assigned to the commissioner does not exist. */
	other = tdb_int(db_,
	    "SELECT min(e.id) FROM enterprises e WHERE NOT EXISTS (SELECT 1"
	    " FROM assignments a JOIN users u ON u.id = a.commissioner_id"
	    " WHERE a.enterprise_id = e.id"
	    " AND u.login = 'commissioner-demo')",
	    NULL);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", other);
	r = thttp_client_json(com_, "PATCH", path, "{\"note\":\"x\"}");
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
}

static void
test_assignments_scope_and_audit(void **state)
{
	struct thttp_client *cmt = thttp_client_new();
	char code[19];
	char body[200];
	char path[80];
	struct thttp_resp *r;
	long long ent;
	long long com;
	long long aid;

	(void)state;
	assert_int_equal(
	    thttp_client_login(cmt, "committee-demo", TFIX_DEMO_PASSWORD), 200);
	tfix_credit_code("91370303M", code);
	r = post_enterprise(admin_, "待包联企业", code, NULL);
	tfix_expect(r, 201, NULL);
	ent = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	com = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'commissioner-demo'", NULL);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", ent);
	r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"commissioner_id\":%lld,\"enterprise_id\":%lld}", com, ent);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments", body);
	tfix_expect(r, 201, NULL);
	aid = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "enterprise_name"), "待包联企业");
	thttp_resp_free(r);
	r = thttp_client_json(admin_, "POST", "/api/v1/assignments", body);
	tfix_expect(r, 409, "conflict");
	thttp_resp_free(r);
	/* Now the commissioner sees it, in the list filtered by itself. */
	r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/enterprises?commissioner=%lld",
	    com);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_non_null(strstr(r->body, "待包联企业"));
	thttp_resp_free(r);
	/* The committee of auto-parts sees this auto-parts assignment. */
	snprintf(path, sizeof(path), "/api/v1/assignments?enterprise=%lld",
	    ent);
	r = thttp_client_request(cmt, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "items.0.id", 0), aid);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/assignments/%lld", aid);
	r = thttp_client_request(admin_, "DELETE", path, NULL, NULL, 0);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", ent);
	r = thttp_client_request(com_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	/* Each change is in the audit log, newest first. */
	snprintf(path, sizeof(path),
	    "/api/v1/audit?object_type=assignment&object_id=%lld", aid);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "items.0.action"),
	    "assignment.delete");
	assert_string_equal(thttp_resp_str(r, "items.1.action"),
	    "assignment.create");
	assert_string_equal(thttp_resp_str(r, "items.0.actor_login"),
	    "admin-demo");
	thttp_resp_free(r);
	r = thttp_client_request(admin_, "GET", "/api/v1/audit?from=2026-02-30",
	    NULL, NULL, 0);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
	thttp_client_free(cmt);
}

static void
test_vocabularies_listed(void **state)
{
	struct thttp_resp *r;

	(void)state;
	r = thttp_client_request(ent_, "GET", "/api/v1/districts", NULL, NULL,
	    0);
	tfix_expect(r, 200, NULL);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")),
	    tdb_int(db_, "SELECT count(*) FROM districts", NULL));
	assert_string_equal(thttp_resp_str(r, "items.0.name"), "张店区");
	thttp_resp_free(r);
	r = thttp_client_request(ent_, "GET", "/api/v1/tags", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "items.0.name"), "专精特新");
	thttp_resp_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_code_vectors),
		cmocka_unit_test(
		    test_duplicate_credit_code_names_the_registered_one),
		cmocka_unit_test(test_bad_input_is_refused_never_5xx),
		cmocka_unit_test(
		    test_hostile_text_stored_verbatim_returned_escaped),
		cmocka_unit_test(test_keyset_paging_visits_every_row_once),
		cmocka_unit_test(test_paging_parameters_checked),
		cmocka_unit_test(test_filters_match_the_database),
		cmocka_unit_test(
		    test_idempotency_key_replays_and_refuses_reuse),
		cmocka_unit_test(test_enterprise_user_sees_only_its_own),
		cmocka_unit_test(test_reading_contacts_is_audited),
		cmocka_unit_test(
		    test_commissioner_registers_and_changes_its_own),
		cmocka_unit_test(test_assignments_scope_and_audit),
		cmocka_unit_test(test_vocabularies_listed),
	};

	return cmocka_run_group_tests_name("enterprises", tests, setup,
	    teardown);
}
