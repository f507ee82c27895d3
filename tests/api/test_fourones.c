/*
 * The four ones as data, over HTTP: experts, account managers (linked to
 * responder accounts), financing products, law firms and lawyers,
 * committee members (linked to committee accounts, giving them the
 * chain), chain details and policy packs, each added, changed and retired
 * with its bad input refused by field; routing rules and the completeness
 * check, and a new case suggested to the responder a rule names; retiring
 * keeps history.  Every record is made for the test on a chain the demo
 * flow does not use, and shared state (rules, links) is put back.
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

/* Chains of the seed that the demo flow and the other tests leave alone. */
#define CHAIN  "new-metal-materials"
#define CHAIN2 "smart-equipment"

static struct thttp_client *admin_;
static struct thttp_client *cmt_;
static struct thttp_client *com_;
static struct tdb *db_;
static unsigned serial_;

static const struct tfix_login logins_[] = {
	{ "admin-demo", &admin_ },
	{ "committee-demo", &cmt_ },
	{ "commissioner-demo", &com_ },
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

/* ---- helpers ---- */

static struct thttp_resp *req(struct thttp_client *c, const char *method,
    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A request with a JSON body built from fmt (NULL: none). */
static struct thttp_resp *
req(struct thttp_client *c, const char *method, const char *path,
    const char *fmt, ...)
{
	char body[4096];
	va_list ap;

	if (fmt == NULL)
		return thttp_client_request(c, method, path, NULL, NULL, 0);
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	return thttp_client_json(c, method, path, body);
}

/* An id as text, for tdb parameters (a static buffer per call site use). */
static const char *
idtext(long long id)
{
	static char buf[4][24];
	static unsigned n;
	char *out = buf[n++ % 4];

	snprintf(out, 24, "%lld", id);
	return out;
}

/* A name unique to this run. */
static const char *
unique(const char *prefix)
{
	static char names[16][64];
	char *out = names[serial_ % 16];

	snprintf(out, 64, "%s%ld-%u", prefix, (long)getpid() % 100000, serial_);
	serial_++;
	return out;
}

/* A new enabled responder account; its id. */
static long long
new_responder(const char *name)
{
	struct thttp_resp *r = req(admin_, "POST", "/api/v1/users",
	    "{\"login\":\"%s\",\"name\":\"%s\",\"role\":\"responder\","
	    "\"password\":\"%s\"}",
	    unique("rsp"), name, TFIX_DEMO_PASSWORD);
	long long id;

	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	return id;
}

static void
set_disabled(long long uid, bool disabled)
{
	char path[64];
	struct thttp_resp *r;

	snprintf(path, sizeof(path), "/api/v1/users/%lld", uid);
	r = req(admin_, "PATCH", path, "{\"disabled\":%s}",
	    disabled ? "true" : "false");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
}

/* Whether the public chain page lists text anywhere. */
static bool
public_page_has(const char *code, const char *text)
{
	char path[96];
	struct thttp_resp *r;
	bool has;

	snprintf(path, sizeof(path), "/api/v1/chains/%s", code);
	r = thttp_request("GET", path, NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	has = strstr(r->body, text) != NULL;
	thttp_resp_free(r);
	return has;
}

static long long
audit_rows(const char *action, long long id)
{
	char sid[24];

	snprintf(sid, sizeof(sid), "%lld", id);
	return tdb_int(db_,
	    "SELECT count(*) FROM audit_log WHERE action = $1"
	    " AND object_id = $2",
	    action, sid, NULL);
}

/* ---- experts ---- */

static void
test_expert_add_change_retire_restore(void **state)
{
	const char *name = unique("专家");
	char path[96];
	struct thttp_resp *r;
	long long id;
	long long dup;

	(void)state;
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/experts",
	    "{\"name\":\"%s\",\"title\":\"教授\",\"field\":\"铝合金\","
	    "\"organisation\":\"鲁中大学\",\"phone\":\"0533-7654321\","
	    "\"email\":\"x@example.com\"}",
	    name);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_true(id > 0);
	assert_string_equal(thttp_resp_str(r, "chain_code"), CHAIN);
	assert_string_equal(thttp_resp_str(r, "organisation"), "鲁中大学");
	assert_true(json_is_true(thttp_json_get(thttp_resp_json(r), "active")));
	assert_true(json_is_null(thttp_json_get(thttp_resp_json(r), "user")));
	thttp_resp_free(r);
	assert_int_equal(audit_rows("expert.create", id), 1);
	assert_true(public_page_has(CHAIN, name));

	/* The same person twice (blanks do not make another one): 409. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/experts",
	    "{\"name\":\" %s \",\"organisation\":\"鲁中大学\"}", name);
	tfix_expect_field(r, 409, "name");
	assert_non_null(strstr(thttp_resp_str(r, "error.message"), "同名"));
	thttp_resp_free(r);

	/* Bad input, every field named at once; nothing written. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/experts",
	    "{\"title\":\"x\",\"phone\":\"abc\",\"email\":\"nope\"}");
	tfix_expect_field(r, 422, "name");
	tfix_expect_field(r, 422, "phone");
	tfix_expect_field(r, 422, "email");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/experts",
	    "{\"name\":\"   \"}");
	tfix_expect_field(r, 422, "name");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/experts",
	    "{\"name\":\"x\",\"colour\":\"red\"}");
	tfix_expect_field(r, 422, "colour");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/no-such-chain/experts",
	    "{\"name\":\"某专家\"}");
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	/* Committee members read their chains; they do not edit panels. */
	r = req(cmt_, "POST", "/api/v1/chains/auto-parts/experts",
	    "{\"name\":\"某专家\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);

	/* A change of some members keeps the others. */
	snprintf(path, sizeof(path), "/api/v1/experts/%lld", id);
	r = req(admin_, "PATCH", path, "{\"field\":\"镁合金\",\"phone\":\"\"}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "field"), "镁合金");
	assert_string_equal(thttp_resp_str(r, "title"), "教授");
	assert_true(json_is_null(thttp_json_get(thttp_resp_json(r), "phone")));
	thttp_resp_free(r);

	/* Retired: gone from the public page, kept for the history. */
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	assert_false(public_page_has(CHAIN, name));
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM experts WHERE name = $1"
	                     " AND NOT active",
	                     name, NULL),
	    1);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	/* A namesake may join while the first is retired... */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/experts",
	    "{\"name\":\"%s\",\"organisation\":\"鲁中大学\"}", name);
	tfix_expect(r, 201, NULL);
	dup = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	/* ...and then the first cannot come back beside it. */
	r = req(admin_, "PATCH", path, "{\"active\":true}");
	tfix_expect_field(r, 409, "name");
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/experts/%lld", dup);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/experts/%lld", id);
	r = req(admin_, "PATCH", path, "{\"active\":true}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	assert_true(public_page_has(CHAIN, name));
	assert_int_equal(audit_rows("expert.retire", id), 2);
	r = req(admin_, "DELETE", "/api/v1/experts/999999999", NULL);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
}

static void
test_expert_create_is_idempotent(void **state)
{
	char key[64];
	const char *hdrs[] = { "Content-Type: application/json", key, NULL };
	char body[256];
	struct thttp_resp *r1;
	struct thttp_resp *r2;

	(void)state;
	snprintf(key, sizeof(key), "Idempotency-Key: fourones-%ld",
	    (long)getpid());
	snprintf(body, sizeof(body), "{\"name\":\"%s\"}", unique("幂等专家"));
	r1 = thttp_client_request(admin_, "POST",
	    "/api/v1/chains/" CHAIN "/experts", hdrs, body, strlen(body));
	r2 = thttp_client_request(admin_, "POST",
	    "/api/v1/chains/" CHAIN "/experts", hdrs, body, strlen(body));
	tfix_expect(r1, 201, NULL);
	tfix_expect(r2, 201, NULL);
	assert_int_equal(thttp_resp_int(r1, "id", 0),
	    thttp_resp_int(r2, "id", 1));
	assert_string_equal(thttp_resp_header(r2, "Idempotent-Replayed"),
	    "true");
	thttp_resp_free(r1);
	thttp_resp_free(r2);
}

/* ---- lead banks ---- */

static void
test_account_manager_is_a_responder(void **state)
{
	long long uid = new_responder("新客户经理");
	long long other = new_responder("另一客户经理");
	long long com = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'commissioner-demo'", NULL);
	char path[96];
	struct thttp_resp *r;
	long long id;

	(void)state;
	/* Not a responder: refused by field. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/managers",
	    "{\"name\":\"%s\",\"user_id\":%lld}", unique("经理"), com);
	tfix_expect_field(r, 422, "user_id");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.user_id"), "承办人员"));
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/managers",
	    "{\"name\":\"%s\",\"user_id\":999999999}", unique("经理"));
	tfix_expect_field(r, 422, "user_id");
	thttp_resp_free(r);
	/* A responder: bound, and the chain page's manager. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/managers",
	    "{\"name\":\"%s\",\"title\":\"客户经理\",\"user_id\":%lld}",
	    unique("经理"), uid);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_int_equal(thttp_resp_int(r, "user.id", 0), uid);
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT account_manager_id FROM users"
	                     " WHERE id = $1::bigint",
	                     idtext(uid), NULL),
	    id);
	/* One account speaks for one record. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/managers",
	    "{\"name\":\"%s\",\"user_id\":%lld}", unique("经理"), uid);
	tfix_expect_field(r, 422, "user_id");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.user_id"), "已对应"));
	thttp_resp_free(r);
	/* A disabled account is refused. */
	set_disabled(other, true);
	snprintf(path, sizeof(path), "/api/v1/account-managers/%lld", id);
	r = req(admin_, "PATCH", path, "{\"user_id\":%lld}", other);
	tfix_expect_field(r, 422, "user_id");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.user_id"), "停用"));
	thttp_resp_free(r);
	set_disabled(other, false);
	/* Moving the link to another account unbinds the first; null
	 * unbinds. */
	r = req(admin_, "PATCH", path, "{\"user_id\":%lld}", other);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "user.id", 0), other);
	thttp_resp_free(r);
	assert_true(tdb_value(db_,
	                "SELECT account_manager_id FROM users"
	                " WHERE id = $1::bigint",
	                idtext(uid), NULL) == NULL);
	r = req(admin_, "PATCH", path, "{\"user_id\":null}");
	tfix_expect(r, 200, NULL);
	assert_true(json_is_null(thttp_json_get(thttp_resp_json(r), "user")));
	thttp_resp_free(r);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
}

static void
test_financing_products(void **state)
{
	const char *name = unique("链上贷");
	char path[96];
	struct thttp_resp *r;
	long long id;

	(void)state;
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/products",
	    "{\"name\":\"%s\",\"kind\":\"loan\",\"min_amount_yuan\":500000,"
	    "\"max_amount_yuan\":100000,\"term_months\":0}",
	    name);
	tfix_expect_field(r, 422, "kind");
	tfix_expect_field(r, 422, "max_amount_yuan");
	tfix_expect_field(r, 422, "term_months");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/products",
	    "{\"name\":\"%s\"}", name);
	tfix_expect_field(r, 422, "kind");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/products",
	    "{\"name\":\"%s\",\"kind\":\"credit_loan\",\"rate_text\":\"LPR+10BP\","
	    "\"min_amount_yuan\":100000,\"max_amount_yuan\":5000000,"
	    "\"term_months\":12,\"conditions\":\"纳税信用A级\","
	    "\"summary\":\"随借随还\"}",
	    name);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_int_equal(thttp_resp_int(r, "min_amount_yuan", 0), 100000);
	assert_string_equal(thttp_resp_str(r, "conditions"), "纳税信用A级");
	thttp_resp_free(r);
	assert_true(public_page_has(CHAIN, name));
	/* The same product twice: 409 naming it. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/lead-bank/products",
	    "{\"name\":\"%s\",\"kind\":\"bill\"}", name);
	tfix_expect_field(r, 409, "name");
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/financing-products/%lld", id);
	r = req(admin_, "PATCH", path,
	    "{\"term_months\":null,\"kind\":\"bill\"}");
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_null(thttp_json_get(thttp_resp_json(r), "term_months")));
	assert_string_equal(thttp_resp_str(r, "kind"), "bill");
	thttp_resp_free(r);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	assert_false(public_page_has(CHAIN, name));
}

static void
test_lead_bank_details(void **state)
{
	const char *branch = unique("支行");
	struct thttp_resp *r;
	long long id;

	(void)state;
	r = req(admin_, "PUT", "/api/v1/chains/" CHAIN "/lead-bank",
	    "{\"branch\":\"%s\"}", branch);
	tfix_expect_field(r, 422, "bank_name");
	thttp_resp_free(r);
	r = req(admin_, "PUT", "/api/v1/chains/" CHAIN "/lead-bank",
	    "{\"bank_name\":\"甲\",\"phone\":\"x\"}");
	tfix_expect_field(r, 422, "bank_name");
	tfix_expect_field(r, 422, "phone");
	thttp_resp_free(r);
	id = tdb_int(db_,
	    "SELECT b.id FROM lead_banks b JOIN chains c ON c.id = b.chain_id"
	    " WHERE c.code = $1",
	    CHAIN, NULL);
	/* The chain's one bank is changed, not a second one made. */
	r = req(admin_, "PUT", "/api/v1/chains/" CHAIN "/lead-bank",
	    "{\"bank_name\":\"齐源银行\",\"branch\":\"%s\"}", branch);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "id", 0), id);
	assert_string_equal(thttp_resp_str(r, "branch"), branch);
	thttp_resp_free(r);
	assert_true(public_page_has(CHAIN, branch));
	assert_int_equal(audit_rows("lead_bank.update", id), 1);
	r = req(admin_, "PUT", "/api/v1/chains/no-such-chain/lead-bank",
	    "{\"bank_name\":\"齐源银行\"}");
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
}

/* ---- legal teams ---- */

static void
test_firm_retired_takes_its_lawyers_off(void **state)
{
	const char *firm = unique("律师事务所");
	const char *lawyer = unique("律师");
	char path[96];
	struct thttp_resp *r;
	long long fid;
	long long lid;

	(void)state;
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/law-firms",
	    "{\"name\":\"%s\",\"address\":\"张店区\"}", firm);
	tfix_expect(r, 201, NULL);
	fid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/law-firms",
	    "{\"name\":\"%s\"}", firm);
	tfix_expect_field(r, 409, "name");
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/law-firms/%lld/lawyers", fid);
	r = req(admin_, "POST", path,
	    "{\"name\":\"%s\",\"speciality\":\"合同纠纷\"}", lawyer);
	tfix_expect(r, 201, NULL);
	lid = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "firm"), firm);
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/law-firms/999999999/lawyers",
	    "{\"name\":\"某律师\"}");
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	assert_true(public_page_has(CHAIN, lawyer));
	snprintf(path, sizeof(path), "/api/v1/law-firms/%lld", fid);
	r = req(admin_, "PATCH", path, "{\"address\":\"淄川区\"}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "address"), "淄川区");
	assert_string_equal(thttp_resp_str(r, "name"), firm);
	thttp_resp_free(r);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	assert_false(public_page_has(CHAIN, lawyer));
	assert_false(public_page_has(CHAIN, firm));
	/* The administrators' view still has both, marked. */
	r = req(admin_, "GET", "/api/v1/chains/" CHAIN "/resources", NULL);
	tfix_expect(r, 200, NULL);
	assert_non_null(strstr(r->body, firm));
	assert_non_null(strstr(r->body, lawyer));
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/lawyers/%lld", lid);
	r = req(admin_, "PATCH", path, "{\"email\":\"bad\"}");
	tfix_expect_field(r, 422, "email");
	thttp_resp_free(r);
}

/* ---- committees and chain details ---- */

static void
test_committee_member_links_an_account(void **state)
{
	long long cmt = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'committee-demo'", NULL);
	long long rsp = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'responder-demo'", NULL);
	char path[96];
	struct thttp_resp *r;
	long long id;

	(void)state;
	/* The seed's committees have their secretary. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/committee-members",
	    "{\"name\":\"%s\",\"role\":\"secretary\"}", unique("书记"));
	tfix_expect_field(r, 409, "role");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/committee-members",
	    "{\"name\":\"%s\",\"role\":\"chair\",\"user_id\":%lld}",
	    unique("委员"), rsp);
	tfix_expect_field(r, 422, "role");
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/committee-members",
	    "{\"name\":\"%s\",\"user_id\":%lld}", unique("委员"), rsp);
	tfix_expect_field(r, 422, "user_id");
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM user_chains uc JOIN chains c"
	                     " ON c.id = uc.chain_id WHERE c.code = $1"
	                     " AND uc.user_id = (SELECT id FROM users"
	                     " WHERE login = 'committee-demo')",
	                     CHAIN, NULL),
	    0);
	/* Linked: the account now serves the chain too. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/committee-members",
	    "{\"name\":\"%s\",\"title\":\"委员\",\"user_id\":%lld}",
	    unique("委员"), cmt);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	assert_string_equal(thttp_resp_str(r, "role"), "member");
	assert_non_null(strstr(r->body, "\"" CHAIN "\""));
	thttp_resp_free(r);
	r = req(cmt_, "GET", "/api/v1/chains/" CHAIN "/resources", NULL);
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "can_edit")));
	thttp_resp_free(r);
	/* Removed: the chain goes with the post. */
	snprintf(path, sizeof(path), "/api/v1/committee-members/%lld", id);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	r = req(cmt_, "GET", "/api/v1/chains/" CHAIN "/resources", NULL);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	assert_int_equal(audit_rows("committee_member.retire", id), 1);
}

static void
test_chain_details(void **state)
{
	const char *desc = unique("链的说明");
	struct thttp_resp *r;

	(void)state;
	r = req(admin_, "PATCH", "/api/v1/chains/" CHAIN,
	    "{\"description\":\"%s\",\"chain_leader_name\":\"某链长\"}", desc);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "description"), desc);
	assert_string_equal(thttp_resp_str(r, "chain_leader.name"), "某链长");
	thttp_resp_free(r);
	assert_true(public_page_has(CHAIN, desc));
	r = req(admin_, "PATCH", "/api/v1/chains/" CHAIN,
	    "{\"chain_leader_name\":\"%s\"}",
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"
	    "四五六七八九十一");
	tfix_expect_field(r, 422, "chain_leader_name");
	thttp_resp_free(r);
	r = req(cmt_, "PATCH", "/api/v1/chains/auto-parts",
	    "{\"description\":\"x\"}");
	tfix_expect(r, 403, "forbidden");
	thttp_resp_free(r);
	r = req(admin_, "PATCH", "/api/v1/chains/no-such-chain",
	    "{\"description\":\"x\"}");
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM audit_log WHERE action ="
	                " 'chain.update'",
	                NULL) >= 1);
}

/* ---- policy packs ---- */

/* Whether the answer's chain_codes has code. */
static bool
has_code(struct thttp_resp *r, const char *code)
{
	json_t *v = thttp_json_get(thttp_resp_json(r), "chain_codes");
	size_t i;
	json_t *c;

	json_array_foreach(v, i,
	    c) if (strcmp(json_string_value(c), code) == 0) return true;
	return false;
}

static void
test_policy_pack_membership(void **state)
{
	/* A policy for CHAIN2 alone, and one of no chain (citywide). */
	const char *only = tdb_value(db_,
	    "SELECT p.id::text FROM policies p WHERE (SELECT count(*)"
	    " FROM policy_chains x WHERE x.policy_id = p.id) = 1 AND EXISTS"
	    " (SELECT 1 FROM policy_chains x JOIN chains c ON c.id = x.chain_id"
	    " WHERE x.policy_id = p.id AND c.code = $1) ORDER BY p.id LIMIT 1",
	    CHAIN2, NULL);
	char only_id[24];
	char citywide[24];
	char path[160];
	struct thttp_resp *r;

	(void)state;
	assert_non_null(only);
	snprintf(only_id, sizeof(only_id), "%s", only);
	snprintf(citywide, sizeof(citywide), "%s",
	    tdb_value(db_,
	        "SELECT id::text FROM policies p WHERE NOT EXISTS (SELECT 1"
	        " FROM policy_chains x WHERE x.policy_id = p.id)"
	        " ORDER BY id LIMIT 1",
	        NULL));
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/policy-pack/policies",
	    "{\"policy_id\":%s}", citywide);
	tfix_expect_field(r, 422, "policy_id");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.policy_id"), "全市通用"));
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/policy-pack/policies",
	    "{\"policy_id\":999999999}");
	tfix_expect_field(r, 422, "policy_id");
	thttp_resp_free(r);
	/* Its only chain cannot let it go: it would apply everywhere. */
	snprintf(path, sizeof(path),
	    "/api/v1/chains/" CHAIN2 "/policy-pack/policies/%s", only_id);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect_field(r, 422, "policy_id");
	thttp_resp_free(r);
	/* Into CHAIN's pack, then out again. */
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/policy-pack/policies",
	    "{\"policy_id\":%s}", only_id);
	tfix_expect(r, 201, NULL);
	assert_true(has_code(r, CHAIN));
	assert_true(has_code(r, CHAIN2));
	thttp_resp_free(r);
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN "/policy-pack/policies",
	    "{\"policy_id\":%s}", only_id);
	tfix_expect(r, 409, "conflict");
	thttp_resp_free(r);
	snprintf(path, sizeof(path),
	    "/api/v1/chains/" CHAIN "/policy-pack/policies/%s", only_id);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 200, NULL);
	assert_false(has_code(r, CHAIN));
	assert_true(has_code(r, CHAIN2));
	thttp_resp_free(r);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	/* Committee members: their own chain's pack only. */
	r = req(cmt_, "POST", "/api/v1/chains/" CHAIN "/policy-pack/policies",
	    "{\"policy_id\":%s}", only_id);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = req(cmt_, "POST", "/api/v1/chains/auto-parts/policy-pack/policies",
	    "{\"policy_id\":%s}", only_id);
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path),
	    "/api/v1/chains/auto-parts/policy-pack/policies/%s", only_id);
	r = req(cmt_, "DELETE", path, NULL);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM audit_log WHERE action LIKE"
	                " 'policy.pack_%' AND object_id = $1",
	                only_id, NULL) >= 4);
	/* The desk of the pack, with its responder account. */
	r = req(admin_, "PUT", "/api/v1/chains/" CHAIN "/policy-pack",
	    "{\"department\":\"市工信局\"}");
	tfix_expect_field(r, 422, "contact_name");
	thttp_resp_free(r);
	r = req(admin_, "PUT", "/api/v1/chains/" CHAIN "/policy-pack",
	    "{\"contact_name\":\"政策专员\",\"department\":\"市工信局\","
	    "\"contact_email\":\"policy@example.com\"}");
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "department"), "市工信局");
	thttp_resp_free(r);
}

/* ---- routing ---- */

/* The routing item of CHAIN2's category in r (a routing list). */
static json_t *
item(struct thttp_resp *r, const char *category)
{
	json_t *items = thttp_json_get(thttp_resp_json(r), "items");
	size_t i;
	json_t *it;

	json_array_foreach(items, i,
	    it) if (strcmp(json_string_value(json_object_get(it, "category")),
	                category) == 0) return it;
	fail_msg("no %s item", category);
	return NULL;
}

/* A financing case of an enterprise whose primary chain is CHAIN2; its
 * suggested assignee's id (0: nobody) and reason into reason. */
static long long
suggest_for_new_case(char *reason, size_t cap, long long *case_id)
{
	long long ent = tdb_int(db_,
	    "SELECT ec.enterprise_id FROM enterprise_chains ec"
	    " JOIN chains c ON c.id = ec.chain_id WHERE c.code = $1"
	    " AND ec.is_primary ORDER BY ec.enterprise_id LIMIT 1",
	    CHAIN2, NULL);
	char path[96];
	struct thttp_resp *r;
	long long uid;

	r = req(admin_, "POST", "/api/v1/cases",
	    "{\"category\":\"financing\",\"title\":\"%s\","
	    "\"description\":\"分办规则测试\",\"enterprise_id\":%lld}",
	    unique("流动资金"), ent);
	tfix_expect(r, 201, NULL);
	*case_id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/suggested-assignee",
	    *case_id);
	r = req(admin_, "GET", path, NULL);
	tfix_expect(r, 200, NULL);
	uid = thttp_resp_int(r, "user.id", 0);
	snprintf(reason, cap, "%s",
	    thttp_resp_str(r, "reason") != NULL ? thttp_resp_str(r, "reason")
	                                        : "");
	thttp_resp_free(r);
	return uid;
}

static void
test_routing_rule_picks_the_responder(void **state)
{
	long long uid = new_responder("分办测试经理");
	long long com = tdb_int(db_,
	    "SELECT id FROM users WHERE login = 'commissioner-demo'", NULL);
	long long n_covered;
	long long case_id;
	char reason[256];
	char path[96];
	struct thttp_resp *r;

	(void)state;
	r = req(admin_, "GET", "/api/v1/routing-rules/check", NULL);
	tfix_expect(r, 200, NULL);
	n_covered = thttp_resp_int(r, "n_covered", -1);
	assert_int_equal(thttp_resp_int(r, "n_pairs", 0),
	    tdb_int(db_, "SELECT count(*) * 7 FROM chains", NULL));
	assert_true(
	    json_is_false(thttp_json_get(thttp_resp_json(r), "complete")));
	assert_null(thttp_json_get(thttp_resp_json(r), "items"));
	thttp_resp_free(r);
	/* Nobody answers CHAIN2's financing cases yet: a gap, said so. */
	r = req(admin_, "GET", "/api/v1/routing-rules?chain=" CHAIN2, NULL);
	tfix_expect(r, 200, NULL);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 7);
	assert_true(
	    json_is_null(json_object_get(item(r, "financing"), "effective")));
	assert_non_null(json_string_value(
	    json_object_get(item(r, "financing"), "problem")));
	thttp_resp_free(r);
	assert_int_equal(suggest_for_new_case(reason, sizeof(reason), &case_id),
	    0);

	/* Rules name enabled responders only. */
	r = req(admin_, "PUT",
	    "/api/v1/chains/" CHAIN2 "/routing-rules/financing",
	    "{\"user_ids\":[%lld,999999999]}", com);
	tfix_expect_field(r, 422, "user_ids[0]");
	tfix_expect_field(r, 422, "user_ids[1]");
	thttp_resp_free(r);
	r = req(admin_, "PUT",
	    "/api/v1/chains/" CHAIN2 "/routing-rules/financing",
	    "{\"user_ids\":[%lld,%lld]}", uid, uid);
	tfix_expect_field(r, 422, "user_ids");
	thttp_resp_free(r);
	r = req(admin_, "PUT", "/api/v1/chains/" CHAIN2 "/routing-rules/loans",
	    "{\"user_ids\":[%lld]}", uid);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	set_disabled(uid, true);
	r = req(admin_, "PUT",
	    "/api/v1/chains/" CHAIN2 "/routing-rules/financing",
	    "{\"user_ids\":[%lld]}", uid);
	tfix_expect_field(r, 422, "user_ids[0]");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.user_ids[0]"), "停用"));
	thttp_resp_free(r);
	set_disabled(uid, false);

	/* The rule: the new case is suggested to that responder. */
	r = req(admin_, "PUT",
	    "/api/v1/chains/" CHAIN2 "/routing-rules/financing",
	    "{\"user_ids\":[%lld]}", uid);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "n_covered", 0),
	    thttp_resp_int(r, "n_pairs", 0) -
	        json_array_size(thttp_json_get(thttp_resp_json(r), "gaps")));
	assert_int_equal(
	    json_integer_value(json_object_get(
	        json_object_get(item(r, "financing"), "effective"), "id")),
	    uid);
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_object_get(item(r, "financing"), "effective"), "source")),
	    "rule");
	thttp_resp_free(r);
	assert_int_equal(suggest_for_new_case(reason, sizeof(reason), &case_id),
	    uid);
	assert_non_null(strstr(reason, "分办规则"));
	r = req(admin_, "GET", "/api/v1/routing-rules/check", NULL);
	assert_int_equal(thttp_resp_int(r, "n_covered", -1), n_covered + 1);
	thttp_resp_free(r);
	/* Assigning without naming anyone takes the suggestion. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", case_id);
	r = req(admin_, "POST", path, "{\"action\":\"accept\"}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = req(admin_, "POST", path, "{\"action\":\"assign\"}");
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "assignee.id", 0), uid);
	thttp_resp_free(r);

	/* Disabled after the rule: skipped, and reported. */
	set_disabled(uid, true);
	r = req(admin_, "GET",
	    "/api/v1/routing-rules?chain=" CHAIN2 "&category=financing", NULL);
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_null(json_object_get(item(r, "financing"), "effective")));
	assert_non_null(strstr(
	    json_string_value(json_object_get(item(r, "financing"), "problem")),
	    "停用"));
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "gaps")), 1);
	thttp_resp_free(r);
	/* The old case still shows who answered it. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", case_id);
	r = req(admin_, "GET", path, NULL);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "assignee.id", 0), uid);
	assert_string_equal(thttp_resp_str(r, "assignee.name"), "分办测试经理");
	thttp_resp_free(r);
	set_disabled(uid, false);

	/* No rule again: the pair falls back to the chain's binding. */
	r = req(admin_, "PUT",
	    "/api/v1/chains/" CHAIN2 "/routing-rules/financing",
	    "{\"user_ids\":[]}");
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_null(json_object_get(item(r, "financing"), "effective")));
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log"
	                     " WHERE action = 'routing_rule.set'"
	                     " AND object_id = $1",
	                     CHAIN2 "/financing", NULL),
	    2);
	/* Committee members see their chains only. */
	r = req(cmt_, "GET", "/api/v1/routing-rules?chain=" CHAIN2, NULL);
	tfix_expect(r, 404, "not_found");
	thttp_resp_free(r);
	r = req(cmt_, "GET", "/api/v1/routing-rules", NULL);
	tfix_expect(r, 200, NULL);
	assert_int_equal(thttp_resp_int(r, "n_pairs", 0),
	    7 *
	        tdb_int(db_,
	            "SELECT count(*) FROM user_chains WHERE user_id = (SELECT"
	            " id FROM users WHERE login = 'committee-demo')",
	            NULL));
	thttp_resp_free(r);
}

/* A retired account manager keeps its cases and is no longer suggested. */
static void
test_retired_manager_keeps_history(void **state)
{
	long long uid = new_responder("退任经理");
	long long case_id;
	long long mid;
	char reason[256];
	char path[96];
	struct thttp_resp *r;

	(void)state;
	r = req(admin_, "POST", "/api/v1/chains/" CHAIN2 "/lead-bank/managers",
	    "{\"name\":\"%s\",\"user_id\":%lld}", unique("经理"), uid);
	tfix_expect(r, 201, NULL);
	mid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	/* Bound to the chain's bank: the default for financing. */
	assert_int_equal(suggest_for_new_case(reason, sizeof(reason), &case_id),
	    uid);
	assert_non_null(strstr(reason, "客户经理"));
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", case_id);
	r = req(admin_, "POST", path, "{\"action\":\"accept\"}");
	thttp_resp_free(r);
	r = req(admin_, "POST", path, "{\"action\":\"assign\"}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/account-managers/%lld", mid);
	r = req(admin_, "DELETE", path, NULL);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	/* The case keeps its assignee; new cases find nobody. */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", case_id);
	r = req(admin_, "GET", path, NULL);
	assert_int_equal(thttp_resp_int(r, "assignee.id", 0), uid);
	thttp_resp_free(r);
	assert_int_equal(suggest_for_new_case(reason, sizeof(reason), &case_id),
	    0);
	/* The record is kept, with its account. */
	r = req(admin_, "GET", "/api/v1/chains/" CHAIN2 "/resources", NULL);
	assert_non_null(strstr(r->body, "退任经理"));
	thttp_resp_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expert_add_change_retire_restore),
		cmocka_unit_test(test_expert_create_is_idempotent),
		cmocka_unit_test(test_account_manager_is_a_responder),
		cmocka_unit_test(test_financing_products),
		cmocka_unit_test(test_lead_bank_details),
		cmocka_unit_test(test_firm_retired_takes_its_lawyers_off),
		cmocka_unit_test(test_committee_member_links_an_account),
		cmocka_unit_test(test_chain_details),
		cmocka_unit_test(test_policy_pack_membership),
		cmocka_unit_test(test_routing_rule_picks_the_responder),
		cmocka_unit_test(test_retired_manager_keeps_history),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
