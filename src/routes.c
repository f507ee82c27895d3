/*
 * Every endpoint, one line each: method, path, handler, the roles that may
 * call it (0: anyone), the body it takes and flags.  Order matters only
 * for the same path: the first match wins.  The router checks roles and
 * CSRF from this table, so handlers never do.
 */
#include "router.h"

#include "bulletin_api.h"
#include "chain_api.h"
#include "ctx.h"
#include "health_api.h"
#include "policy_api.h"
#include "session_api.h"
#include "static.h"

#define ANY    0u
#define SIGNED ((unsigned)HL_ROLES_SIGNED_IN)
#define STAFF  ((unsigned)HL_ROLES_STAFF)
#define ADMIN  ((unsigned)HL_ROLE_ADMIN)

/* clang-format off */
const struct hl_route hl_routes[] = {
	{ "GET", "/healthz", hl_health_api_live, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },
	{ "GET", "/readyz", hl_health_api_ready, ANY, HL_BODY_NONE, 0 },

	{ "GET", "/api/v1/openapi.json", hl_static_serve, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },

	{ "GET", "/api/v1/chains", hl_chain_api_list, ANY, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/chains/{code}", hl_chain_api_get, ANY, HL_BODY_NONE, HL_ROUTE_MAYBE_AUTH },

	{ "POST", "/api/v1/session", hl_session_api_login, ANY, HL_BODY_JSON, HL_ROUTE_NO_CSRF },
	{ "DELETE", "/api/v1/session", hl_session_api_logout, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/me", hl_session_api_me, SIGNED, HL_BODY_NONE, 0 },

	/* people: enterprises, users, assignments, tokens, audit */

	/* cases */

	/* visits, coverage, workload */

	/* policies, bulletins */
	{ "GET", "/api/v1/policies", hl_policy_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/policies", hl_policy_api_create, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/policies/{id}", hl_policy_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/policies/{id}", hl_policy_api_update, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/enterprises/{id}/policies", hl_policy_api_match, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/bulletins", hl_bulletin_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/bulletins", hl_bulletin_api_create, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/bulletins/{id}", hl_bulletin_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/bulletins/{id}", hl_bulletin_api_update, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/bulletins/{id}/publish", hl_bulletin_api_publish, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/bulletins/{id}/unpublish", hl_bulletin_api_unpublish, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/markdown/preview", hl_bulletin_api_preview, STAFF, HL_BODY_JSON, 0 },
	{ "GET", "/bulletins", hl_bulletin_api_index_page, ANY, HL_BODY_NONE, 0 },
	{ "GET", "/bulletins/{id}", hl_bulletin_api_page, ANY, HL_BODY_NONE, 0 },
	{ "GET", "/bulletin.css", hl_bulletin_api_css, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },

	{ "GET", "*", hl_static_serve, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },
};

/* clang-format on */

const size_t hl_n_routes = sizeof(hl_routes) / sizeof(hl_routes[0]);
