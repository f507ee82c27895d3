/*
 * Role names as the API, the database and the command line spell them.
 * The caller's identity itself is filled in by router.c and auth.c.
 */
#include "ctx.h"

#include <stddef.h>
#include <string.h>

struct role_name {
	enum hl_role role;
	const char *name;
};

static const struct role_name roles[] = {
	{ HL_ROLE_ENTERPRISE, "enterprise" },
	{ HL_ROLE_COMMISSIONER, "commissioner" },
	{ HL_ROLE_RESPONDER, "responder" },
	{ HL_ROLE_COMMITTEE, "committee" },
	{ HL_ROLE_ADMIN, "admin" },
	{ HL_ROLE_INTEGRATION, "integration" },
};

#define HL_CTX_N_ROLES (sizeof(roles) / sizeof(roles[0]))

const char *
hl_ctx_role_name(enum hl_role role)
{
	size_t i;

	for (i = 0; i < HL_CTX_N_ROLES; i++)
		if (roles[i].role == role)
			return roles[i].name;
	return NULL;
}

int
hl_ctx_role_parse(const char *name, enum hl_role *out)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < HL_CTX_N_ROLES; i++) {
		if (strcmp(name, roles[i].name) == 0) {
			*out = roles[i].role;
			return 0;
		}
	}
	return -1;
}
