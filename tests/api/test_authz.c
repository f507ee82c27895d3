/*
 * The authorization matrix, generated from the route table (hl_routes):
 * every route and method, called by everyone (anonymous, two enterprise
 * users, commissioner, responder, committee member, admin) on records of
 * an enterprise B made for the test, compared with the policy table
 * below.  Enterprise A's user (ent-demo) on B's records, and B's user on
 * A's, must get 404 in every scoped cell.  Methods a path does not route
 * must give 405.  A route in hl_routes without a line in the policy table
 * fails the test, so nobody adds an endpoint without deciding who may
 * call it; a line whose route is not (yet) in hl_routes is skipped with a
 * note.
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

#include "router.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

/* The callers, the columns of the policy table. */
enum who {
	ANON,
	ENT_OTHER, /* enterprise A's user on B's records */
	ENT_OWNER, /* enterprise B's user on B's records */
	COM,       /* commissioner-demo: not assigned to B */
	RSP,       /* responder-demo: no case of B */
	CMT,       /* committee-demo: auto-parts, B is not on it */
	ADM,       /* admin-demo */
	N_WHO,
};

static const char *const who_name[N_WHO] = { "anonymous", "ent-other",
	"ent-owner", "commissioner", "responder", "committee", "admin" };

/*
 * One route's policy.  expect has one character per caller, in enum who
 * order: A allowed (2xx, or a 4xx about the input: 400 409 413 415 422),
 * N 404, F 403, U 401.  subst names what each {parameter} becomes, in
 * order: E enterprise B, C case of B, u user of B, P a policy, B a
 * published bulletin, K a chain code, Y a calendar year, X an id that
 * does not exist, V a session of auto-parts, M a meeting of B's chain
 * (ceramics-glass), T an action item of that meeting (owned by the
 * admin).
 * body: NULL for none, "multipart" for an upload, else JSON.  fresh: the
 * call ends the caller's session, so it gets a session of its own.
 */
struct policy {
	const char *method;
	const char *pattern;
	const char *expect;
	const char *subst;
	const char *body;
	bool fresh;
};

/* clang-format off */
static const struct policy policies[] = {
	{ "GET", "/healthz", "AAAAAAA", "", NULL, false },
	{ "GET", "/readyz", "AAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/openapi.json", "AAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/chains", "AAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/chains/{code}", "AAAAAAA", "K", NULL, false },
	{ "POST", "/api/v1/session", "AAAAAAA", "", "{}", false },
	{ "DELETE", "/api/v1/session", "UAAAAAA", "", NULL, true },
	{ "GET", "/api/v1/me", "UAAAAAA", "", NULL, false },

	/* people */
	{ "POST", "/api/v1/me/password", "UAAAAAA", "", "{}", false },
	{ "GET", "/api/v1/enterprises", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/enterprises", "UFFAFFA", "", "{}", false },
	{ "GET", "/api/v1/enterprises/{id}", "UNANNNA", "E", NULL, false },
	{ "PATCH", "/api/v1/enterprises/{id}", "UFFNFFA", "E", "{}", false },
	{ "GET", "/api/v1/districts", "UAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/tags", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/users", "UFFFFFA", "", "{}", false },
	{ "GET", "/api/v1/users", "UFFFFFA", "", NULL, false },
	{ "GET", "/api/v1/users/{id}", "UFFFFFA", "u", NULL, false },
	{ "PATCH", "/api/v1/users/{id}", "UFFFFFA", "u", "{}", false },
	{ "POST", "/api/v1/assignments", "UFFFFFA", "", "{}", false },
	{ "GET", "/api/v1/assignments", "UFFFFAA", "", NULL, false },
	{ "DELETE", "/api/v1/assignments/{id}", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/tokens", "UFFFFFA", "", "{}", false },
	{ "GET", "/api/v1/tokens", "UFFFFFA", "", NULL, false },
	{ "DELETE", "/api/v1/tokens/{id}", "UFFFFFN", "X", NULL, false },
	{ "GET", "/api/v1/audit", "UFFFFFA", "", NULL, false },
	{ "GET", "/api/v1/audit.csv", "UFFFFFA", "", NULL, false },
	{ "GET", "/api/v1/audit.xlsx", "UFFFFFA", "", NULL, false },
	{ "POST", "/api/v1/assignments/bulk", "UFFFFFA", "", "{}", false },
	{ "POST", "/api/v1/enterprises/import", "UFFFFFA", "", "multipart", false },
	{ "GET", "/api/v1/enterprises/import/template", "UFFFFFA", "", NULL, false },

	/* cases (API.md); the cases module decides the details */
	{ "POST", "/api/v1/cases", "UAAAFFA", "", "{}", false },
	{ "GET", "/api/v1/cases", "UAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/cases/{id}", "UNANNNA", "C", NULL, false },
	{ "POST", "/api/v1/cases/{id}/transitions", "UNANNNA", "C", "{}", false },
	{ "POST", "/api/v1/cases/{id}/notes", "UFFNNNA", "C", "{}", false },
	{ "POST", "/api/v1/cases/{id}/attachments", "UNANNNA", "C", "multipart", false },
	{ "GET", "/api/v1/stats/cases", "UFFAAAA", "", NULL, false },
	{ "GET", "/api/v1/cases.xlsx", "UFFAAAA", "", NULL, false },
	{ "GET", "/api/v1/cases.csv", "UFFAAAA", "", NULL, false },
	{ "GET", "/api/v1/cases/{id}/attachments/{aid}", "UNNNNNN", "CX", NULL, false },
	{ "GET", "/api/v1/cases/{id}/suggested-assignee", "UFFNFNA", "C", NULL, false },
	{ "GET", "/api/v1/chains/{code}/escalations", "UFFFFAA", "K", NULL, false },
	{ "GET", "/api/v1/calendar/{year}", "UAAAAAA", "Y", NULL, false },
	{ "PUT", "/api/v1/calendar/{year}", "UFFFFFA", "Y", "{}", false },
	{ "POST", "/api/v1/calendar/{year}/import", "UFFFFFA", "Y", "multipart", false },
	{ "GET", "/api/v1/sla", "UAAAAAA", "", NULL, false },
	{ "PUT", "/api/v1/sla", "UFFFFFA", "", "{}", false },

	/* visits, coverage, workload */
	{ "POST", "/api/v1/visits", "UFFAFAA", "", "{}", false },
	{ "GET", "/api/v1/visits", "UAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/visits.csv", "UFFAAAA", "", NULL, false },
	{ "GET", "/api/v1/visits.xlsx", "UFFAAAA", "", NULL, false },
	{ "GET", "/api/v1/visits/{id}", "UNNNNNN", "X", NULL, false },
	{ "PATCH", "/api/v1/visits/{id}", "UFFNFNN", "X", "{}", false },
	{ "GET", "/api/v1/coverage", "UFFAFAA", "", NULL, false },
	{ "GET", "/api/v1/coverage.csv", "UFFAFAA", "", NULL, false },
	{ "GET", "/api/v1/coverage.xlsx", "UFFAFAA", "", NULL, false },
	{ "GET", "/api/v1/workload", "UFFFFAA", "", NULL, false },

	/* policies, bulletins */
	{ "GET", "/api/v1/policies", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/policies", "UFFFFAA", "", "{}", false },
	{ "GET", "/api/v1/policies/{id}", "UAAAAAA", "P", NULL, false },
	{ "PATCH", "/api/v1/policies/{id}", "UFFFFNN", "X", "{}", false },
	{ "GET", "/api/v1/enterprises/{id}/policies", "UNANNNA", "E", NULL, false },
	{ "GET", "/api/v1/bulletins", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/bulletins", "UFFFFAA", "", "{}", false },
	{ "GET", "/api/v1/bulletins/{id}", "UAAAAAA", "B", NULL, false },
	{ "PATCH", "/api/v1/bulletins/{id}", "UFFFFNN", "X", "{}", false },
	{ "POST", "/api/v1/bulletins/{id}/publish", "UFFFFNN", "X", "{}", false },
	{ "POST", "/api/v1/bulletins/{id}/unpublish", "UFFFFNN", "X", "{}", false },
	{ "POST", "/api/v1/markdown/preview", "UFFAAAA", "", "{}", false },
	{ "GET", "/bulletins", "AAAAAAA", "", NULL, false },
	{ "GET", "/bulletins/{id}", "AAAAAAA", "B", NULL, false },
	{ "GET", "/bulletin.css", "AAAAAAA", "", NULL, false },

	/* the four ones as data: writes are the admins'; committee members
	 * read their chains' and change their chains' policy packs */
	{ "PATCH", "/api/v1/chains/{code}", "UFFFFFA", "K", "{}", false },
	{ "GET", "/api/v1/chains/{code}/resources", "UFFFFAA", "K", NULL, false },
	{ "POST", "/api/v1/chains/{code}/committee-members", "UFFFFFA", "K", "{}", false },
	{ "PATCH", "/api/v1/committee-members/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/committee-members/{id}", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/chains/{code}/experts", "UFFFFFA", "K", "{}", false },
	{ "PATCH", "/api/v1/experts/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/experts/{id}", "UFFFFFN", "X", NULL, false },
	{ "PUT", "/api/v1/chains/{code}/lead-bank", "UFFFFFA", "K", "{}", false },
	{ "POST", "/api/v1/chains/{code}/lead-bank/managers", "UFFFFFA", "K", "{}", false },
	{ "PATCH", "/api/v1/account-managers/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/account-managers/{id}", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/chains/{code}/lead-bank/products", "UFFFFFA", "K", "{}", false },
	{ "PATCH", "/api/v1/financing-products/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/financing-products/{id}", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/chains/{code}/law-firms", "UFFFFFA", "K", "{}", false },
	{ "PATCH", "/api/v1/law-firms/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/law-firms/{id}", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/law-firms/{id}/lawyers", "UFFFFFA", "X", "{}", false },
	{ "PATCH", "/api/v1/lawyers/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/lawyers/{id}", "UFFFFFN", "X", NULL, false },
	{ "PUT", "/api/v1/chains/{code}/policy-pack", "UFFFFFA", "K", "{}", false },
	{ "POST", "/api/v1/chains/{code}/policy-pack/policies", "UFFFFAA", "K", "{}", false },
	{ "DELETE", "/api/v1/chains/{code}/policy-pack/policies/{policy_id}", "UFFFFNN", "KX", NULL, false },
	{ "GET", "/api/v1/routing-rules", "UFFFFAA", "", NULL, false },
	{ "GET", "/api/v1/routing-rules/check", "UFFFFAA", "", NULL, false },
	{ "PUT", "/api/v1/chains/{code}/routing-rules/{category}", "UFFFFFA", "KX", "{}", false },
	/* policy sessions: V is a session of auto-parts (committee-demo's) */
	{ "GET", "/api/v1/events", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/events", "UFFAFAA", "", "{}", false },
	{ "GET", "/api/v1/events/{id}", "UAAAAAA", "V", NULL, false },
	{ "PATCH", "/api/v1/events/{id}", "UFFNFNN", "X", "{}", false },
	{ "POST", "/api/v1/events/{id}/open", "UFFNFNN", "X", "{}", false },
	{ "POST", "/api/v1/events/{id}/close", "UFFNFNN", "X", "{}", false },
	{ "POST", "/api/v1/events/{id}/done", "UFFNFNN", "X", "{}", false },
	{ "POST", "/api/v1/events/{id}/cancel", "UFFNFNN", "X", "{}", false },
	{ "GET", "/api/v1/events/{id}/registrations", "UFFAFAA", "V", NULL, false },
	{ "POST", "/api/v1/events/{id}/registrations", "UNNFFFF", "X", "{}", false },
	{ "DELETE", "/api/v1/events/{id}/registrations/{rid}", "UNNNFNN", "VX", NULL, false },
	{ "GET", "/api/v1/events/{id}/registrations.csv", "UFFAFAA", "V", NULL, false },
	{ "GET", "/api/v1/events/{id}/registrations.xlsx", "UFFAFAA", "V", NULL, false },
	{ "POST", "/api/v1/events/{id}/checkins", "UFFNFNN", "X", "{}", false },
	{ "POST", "/api/v1/events/{id}/questions", "UFFNFNN", "X", "{}", false },
	{ "GET", "/api/v1/stats/events", "UFFAFAA", "", NULL, false },
	/* notifications: webhooks (admin), in-app messages (one's own) */
	{ "GET", "/api/v1/notification-types", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/webhooks", "UFFFFFA", "", "{}", false },
	{ "GET", "/api/v1/webhooks", "UFFFFFA", "", NULL, false },
	{ "GET", "/api/v1/webhooks/{id}", "UFFFFFN", "X", NULL, false },
	{ "PATCH", "/api/v1/webhooks/{id}", "UFFFFFN", "X", "{}", false },
	{ "DELETE", "/api/v1/webhooks/{id}", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/webhooks/{id}/test", "UFFFFFN", "X", "{}", false },
	{ "GET", "/api/v1/webhooks/{id}/deliveries", "UFFFFFN", "X", NULL, false },
	{ "POST", "/api/v1/webhooks/{id}/deliveries/{nid}/resend", "UFFFFFN", "XX", "{}", false },
	{ "GET", "/api/v1/notifications", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/notifications/read", "UAAAAAA", "", "{}", false },

	/* meetings, action items, common problems: a meeting is its chain's
	 * committee's (committee-demo is on auto-parts, M on ceramics-glass) */
	{ "GET", "/api/v1/meetings", "UFFFFAA", "", NULL, false },
	{ "POST", "/api/v1/meetings", "UFFFFAA", "", "{}", false },
	{ "GET", "/api/v1/meetings/{id}", "UNNNNNA", "M", NULL, false },
	{ "PATCH", "/api/v1/meetings/{id}", "UNNNNNA", "M", "{}", false },
	{ "POST", "/api/v1/meetings/{id}/agenda", "UNNNNNA", "M", "{}", false },
	{ "PUT", "/api/v1/meetings/{id}/agenda", "UNNNNNA", "M", "{}", false },
	{ "PATCH", "/api/v1/meetings/{id}/agenda/{item}", "UNNNNNN", "MX", "{}", false },
	{ "DELETE", "/api/v1/meetings/{id}/agenda/{item}", "UNNNNNN", "MX", NULL, false },
	{ "POST", "/api/v1/meetings/{id}/decisions", "UNNNNNA", "M", "{}", false },
	{ "GET", "/api/v1/meetings/{id}/decisions.xlsx", "UNNNNNA", "M", NULL, false },
	{ "GET", "/api/v1/meetings/{id}/minutes/{version}", "UNNNNNN", "MX", NULL, false },
	{ "GET", "/api/v1/meetings/{id}/people", "UNNNNNA", "M", NULL, false },
	{ "GET", "/api/v1/cases/{id}/meetings", "UFFNNNA", "C", NULL, false },
	{ "GET", "/api/v1/chains/{code}/common-problems", "UFFFFAA", "K", NULL, false },
	{ "GET", "/api/v1/actions", "UAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/actions.csv", "UAAAAAA", "", NULL, false },
	{ "GET", "/api/v1/actions.xlsx", "UAAAAAA", "", NULL, false },
	{ "POST", "/api/v1/actions/{id}/complete", "UNNNNNA", "T", "{}", false },
	{ "GET", "/meetings/{id}/print", "UNNNNNA", "M", NULL, false },
	{ "GET", "/meeting-print.css", "AAAAAAA", "", NULL, false },
	{ "GET", "/meeting-print.js", "AAAAAAA", "", NULL, false },
};
/* clang-format on */

#define N_POLICIES (sizeof(policies) / sizeof(policies[0]))

/* Records of one enterprise, as path parameter values. */
struct records {
	char enterprise[24];
	char case_id[24];
	char user[24];
	char login[64];
};

static struct records a_; /* ent-demo's enterprise */
static struct records b_; /* made for this test */
static char policy_[24];
static char bulletin_[24];
static char event_[24];
static char meeting_[24];
static char action_[24];
static struct thttp_client *clients_[N_WHO]; /* [ANON] stays NULL */
static const char *logins_[N_WHO];
static struct tdb *db_;

/* ---- fixtures ---- */

/* A case of enterprise id on its primary chain, straight into the table:
 * the matrix needs one whatever the cases module offers. */
static void
make_case(struct records *r)
{
	snprintf(r->case_id, sizeof(r->case_id), "%lld",
	    tdb_int(db_,
	        "INSERT INTO cases (enterprise_id, chain_id, category, title,"
	        " description, channel) SELECT $1::bigint, ec.chain_id,"
	        " 'policy', '权限矩阵测试', '权限矩阵测试用诉求', 'portal'"
	        " FROM enterprise_chains ec WHERE ec.enterprise_id ="
	        " $1::bigint ORDER BY ec.is_primary DESC LIMIT 1 RETURNING id",
	        r->enterprise, NULL));
}

/* Enterprise B on a chain committee-demo does not serve, assigned to no
 * one, and its user, through the admin API. */
static int
make_b(struct thttp_client *adm)
{
	char code[19];
	char body[512];
	struct thttp_resp *r;

	tfix_credit_code("91370303A", code);
	snprintf(body, sizeof(body),
	    "{\"name\":\"权限测试企业乙%ld\",\"credit_code\":\"%s\","
	    "\"chain_codes\":[\"ceramics-glass\"],\"district\":\"博山区\","
	    "\"size_class\":\"small\",\"contacts\":[{\"name\":\"钱七\"}]}",
	    (long)getpid(), code);
	r = thttp_client_json(adm, "POST", "/api/v1/enterprises", body);
	if (r->status != 201) {
		fprintf(stderr, "cannot make enterprise B: %s\n", r->body);
		thttp_resp_free(r);
		return -1;
	}
	snprintf(b_.enterprise, sizeof(b_.enterprise), "%lld",
	    thttp_resp_int(r, "id", 0));
	thttp_resp_free(r);
	snprintf(b_.login, sizeof(b_.login), "authz-b-%ld-%ld", (long)getpid(),
	    (long)time(NULL) % 100000);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"乙企业用户\",\"role\":\"enterprise\","
	    "\"password\":\"%s\",\"enterprise_id\":%s}",
	    b_.login, TFIX_DEMO_PASSWORD, b_.enterprise);
	r = thttp_client_json(adm, "POST", "/api/v1/users", body);
	if (r->status != 201) {
		fprintf(stderr, "cannot make B's user: %s\n", r->body);
		thttp_resp_free(r);
		return -1;
	}
	snprintf(b_.user, sizeof(b_.user), "%lld", thttp_resp_int(r, "id", 0));
	thttp_resp_free(r);
	make_case(&b_);
	return 0;
}

static int
setup(void **state)
{
	int i;

	(void)state;
	db_ = tdb_open();
	if (db_ == NULL)
		return -1;
	logins_[ENT_OTHER] = "ent-demo";
	logins_[COM] = "commissioner-demo";
	logins_[RSP] = "responder-demo";
	logins_[CMT] = "committee-demo";
	logins_[ADM] = "admin-demo";
	clients_[ADM] = tfix_signed_in("admin-demo");
	if (clients_[ADM] == NULL || make_b(clients_[ADM]) == -1)
		return -1;
	logins_[ENT_OWNER] = b_.login;
	for (i = ENT_OTHER; i < ADM; i++) {
		clients_[i] = tfix_signed_in(logins_[i]);
		if (clients_[i] == NULL)
			return -1;
	}
	snprintf(a_.enterprise, sizeof(a_.enterprise), "%lld",
	    tdb_int(db_,
	        "SELECT enterprise_id FROM users WHERE login = 'ent-demo'",
	        NULL));
	snprintf(a_.user, sizeof(a_.user), "%lld",
	    tdb_int(db_, "SELECT id FROM users WHERE login = 'ent-demo'",
	        NULL));
	make_case(&a_);
	snprintf(policy_, sizeof(policy_), "%lld",
	    tdb_int(db_, "SELECT min(id) FROM policies", NULL));
	snprintf(bulletin_, sizeof(bulletin_), "%lld",
	    tdb_int(db_,
	        "SELECT min(id) FROM bulletins WHERE status = 'published'",
	        NULL));
	snprintf(event_, sizeof(event_), "%lld",
	    tdb_int(db_,
	        "SELECT min(e.id) FROM events e JOIN chains c"
	        " ON c.id = e.chain_id WHERE c.code = 'auto-parts'"
	        " AND e.status <> 'draft'",
	        NULL));
	snprintf(meeting_, sizeof(meeting_), "%lld",
	    tdb_int(db_,
	        "INSERT INTO meetings (chain_id, title, starts_at)"
	        " SELECT c.id, '权限矩阵测试会议', now() - interval '1 day'"
	        " FROM chains c WHERE c.code = 'ceramics-glass' RETURNING id",
	        NULL));
	snprintf(action_, sizeof(action_), "%lld",
	    tdb_int(db_,
	        "INSERT INTO action_items (meeting_id, body, owner_user_id,"
	        " due_on) SELECT $1::bigint, '权限矩阵测试督办', u.id,"
	        " hl_today() FROM users u WHERE u.login = 'admin-demo'"
	        " RETURNING id",
	        meeting_, NULL));
	return 0;
}

static int
teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < N_WHO; i++)
		thttp_client_free(clients_[i]);
	tdb_close(db_);
	return 0;
}

/* ---- calling ---- */

static const struct policy *
policy_of(const char *method, const char *pattern)
{
	size_t i;

	for (i = 0; i < N_POLICIES; i++)
		if (strcmp(policies[i].method, method) == 0 &&
		    strcmp(policies[i].pattern, pattern) == 0)
			return &policies[i];
	return NULL;
}

static bool
routed(const char *method, const char *pattern)
{
	size_t i;

	for (i = 0; i < hl_n_routes; i++)
		if (strcmp(hl_routes[i].method, method) == 0 &&
		    strcmp(hl_routes[i].pattern, pattern) == 0)
			return true;
	return false;
}

/* pattern with its {parameters} replaced as subst says, for records. */
static void
fill(const char *pattern, const char *subst, const struct records *rec,
    char *out, size_t len)
{
	size_t w = 0;
	const char *p;

	for (p = pattern; *p != '\0' && w + 1 < len;) {
		const char *v = NULL;

		if (*p != '{') {
			out[w++] = *p++;
			continue;
		}
		switch (*subst != '\0' ? *subst++ : 'X') {
		case 'E':
			v = rec->enterprise;
			break;
		case 'C':
			v = rec->case_id;
			break;
		case 'u':
			v = rec->user;
			break;
		case 'P':
			v = policy_;
			break;
		case 'B':
			v = bulletin_;
			break;
		case 'K':
			v = "auto-parts";
			break;
		case 'Y':
			v = "2026";
			break;
		case 'V':
			v = event_;
			break;
		case 'M':
			v = meeting_;
			break;
		case 'T':
			v = action_;
			break;
		default:
			v = "999999999";
			break;
		}
		while (*v != '\0' && w + 1 < len)
			out[w++] = *v++;
		while (*p != '\0' && *p != '}')
			p++;
		if (*p == '}')
			p++;
	}
	out[w] = '\0';
}

static const char MULTIPART[] =
    "--hlauthz\r\nContent-Disposition: form-data; name=\"file\";"
    " filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
    "authz\r\n--hlauthz--\r\n";

/* Call method path with p's body as caller c (NULL: anonymous), or as a
 * fresh session of login when fresh.  Returns the status. */
static long
call(struct thttp_client *c, const char *login, const char *method,
    const char *path, const struct policy *p)
{
	const char *json_hdrs[] = { "Content-Type: application/json", NULL };
	const char *mp_hdrs[] = {
		"Content-Type: multipart/form-data; boundary=hlauthz", NULL
	};
	const char *const *hdrs = NULL;
	const char *body = NULL;
	size_t len = 0;
	struct thttp_client *own = NULL;
	struct thttp_resp *r;
	long st;

	if (p != NULL && p->body != NULL) {
		bool mp = strcmp(p->body, "multipart") == 0;

		hdrs = mp ? mp_hdrs : json_hdrs;
		body = mp ? MULTIPART : p->body;
		len = strlen(body);
	}
	if (p != NULL && p->fresh && login != NULL) {
		own = tfix_signed_in(login);
		c = own;
	}
	r = c != NULL ? thttp_client_request(c, method, path, hdrs, body, len)
	              : thttp_request(method, path, hdrs, body, len);
	st = r->status;
	thttp_resp_free(r);
	thttp_client_free(own);
	return st;
}

static bool
matches(char want, long got)
{
	switch (want) {
	case 'U':
		return got == 401;
	case 'F':
		return got == 403;
	case 'N':
		return got == 404;
	case 'M':
		return got == 405;
	case 'A':
		return got >= 200 && got < 500 && got != 401 && got != 403 &&
		    got != 404 && got != 405;
	default:
		return false;
	}
}

struct tally {
	int cells;
	int mismatches;
	int cross;    /* cross-enterprise cells that must be 404 */
	int cross_ok; /* ... and were */
};

static void
cell(struct tally *t, enum who w, struct thttp_client *c, const char *login,
    const char *method, const char *path, const struct policy *p, char want,
    bool cross)
{
	long got = call(c, login, method, path, p);

	t->cells++;
	if (cross) {
		t->cross++;
		t->cross_ok += got == 404;
	}
	if (!matches(want, got)) {
		t->mismatches++;
		fprintf(stderr,
		    "MISMATCH %-6s %-45s as %-12s want %c got %ld\n", method,
		    path, who_name[w], want, got);
	}
}

/* ---- tests ---- */

static void
test_policy_covers_every_route(void **state)
{
	size_t i;
	int missing = 0;

	(void)state;
	for (i = 0; i < hl_n_routes; i++) {
		const struct hl_route *r = &hl_routes[i];

		if (strcmp(r->pattern, "*") == 0 ||
		    policy_of(r->method, r->pattern) != NULL)
			continue;
		fprintf(stderr,
		    "NO POLICY: %s %s: add a line to tests/api/test_authz.c\n",
		    r->method, r->pattern);
		missing++;
	}
	for (i = 0; i < N_POLICIES; i++)
		if (!routed(policies[i].method, policies[i].pattern))
			fprintf(stderr,
			    "note: %s %s is not routed yet, skipped\n",
			    policies[i].method, policies[i].pattern);
	assert_int_equal(missing, 0);
}

static void
test_matrix_roles_routes_methods(void **state)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "PATCH",
		"DELETE" };
	struct tally t = { 0 };
	char path[256];
	size_t i;
	size_t m;
	int w;

	(void)state;
	for (i = 0; i < N_POLICIES; i++) {
		const struct policy *p = &policies[i];
		/* Another enterprise's record, on a route the enterprise role
		 * may use: must be 404, as if it did not exist. */
		bool scoped = strpbrk(p->subst, "ECu") != NULL &&
		    p->expect[ENT_OTHER] != 'F';

		if (!routed(p->method, p->pattern))
			continue;
		assert_int_equal(strlen(p->expect), N_WHO);
		fill(p->pattern, p->subst, &b_, path, sizeof(path));
		for (w = 0; w < N_WHO; w++)
			cell(&t, (enum who)w, clients_[w], logins_[w],
			    p->method, path, p, p->expect[w],
			    w == ENT_OTHER && scoped);
		/* The mirror: B's user on A's records, A's user on its own. */
		fill(p->pattern, p->subst, &a_, path, sizeof(path));
		cell(&t, ENT_OTHER, clients_[ENT_OWNER], logins_[ENT_OWNER],
		    p->method, path, p, p->expect[ENT_OTHER], scoped);
		cell(&t, ENT_OWNER, clients_[ENT_OTHER], logins_[ENT_OTHER],
		    p->method, path, p, p->expect[ENT_OWNER], false);
	}
	/* Every method a path does not route: 405 for everyone. */
	for (i = 0; i < hl_n_routes; i++) {
		const struct hl_route *r = &hl_routes[i];
		const struct policy *p = policy_of(r->method, r->pattern);

		if (strcmp(r->pattern, "*") == 0 || p == NULL)
			continue;
		/* Each path once: at its first route. */
		{
			size_t k;
			bool first = true;

			for (k = 0; k < i; k++)
				if (strcmp(hl_routes[k].pattern, r->pattern) ==
				    0)
					first = false;
			if (!first)
				continue;
		}
		fill(r->pattern, p->subst, &b_, path, sizeof(path));
		for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			if (routed(methods[m], r->pattern))
				continue;
			for (w = 0; w < N_WHO; w++)
				cell(&t, (enum who)w, clients_[w], logins_[w],
				    methods[m], path, NULL, 'M', false);
		}
	}
	fprintf(stderr,
	    "authz matrix: %d cells, %d mismatches; cross-enterprise:"
	    " %d of %d cells 404 (%.0f%%)\n",
	    t.cells, t.mismatches, t.cross_ok, t.cross,
	    t.cross > 0 ? 100.0 * t.cross_ok / t.cross : 0.0);
	assert_true(t.cells > 0);
	assert_true(t.cross > 0);
	assert_int_equal(t.cross_ok, t.cross);
	assert_int_equal(t.mismatches, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_covers_every_route),
		cmocka_unit_test(test_matrix_roles_routes_methods),
	};

	return cmocka_run_group_tests_name("authz", tests, setup, teardown);
}
