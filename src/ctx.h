/*
 * Who is asking: the caller's identity and the per-request resources a
 * domain function needs (the thread's database connection, the request
 * arena, the request id for audit rows).  Filled by http.c, router.c and
 * auth.c; domain modules read it and never include http.h.
 */
#ifndef HL_CTX_H
#define HL_CTX_H

#include <stdbool.h>
#include <stdint.h>

struct hl_arena;
struct hl_db_conn;

/* Roles are bits so that a route can allow several. */
enum hl_role {
	HL_ROLE_NONE = 0,
	HL_ROLE_ENTERPRISE = 1 << 0,
	HL_ROLE_COMMISSIONER = 1 << 1,
	HL_ROLE_RESPONDER = 1 << 2,
	HL_ROLE_COMMITTEE = 1 << 3,
	HL_ROLE_ADMIN = 1 << 4,
};

#define HL_ROLES_STAFF                                                         \
	(HL_ROLE_COMMISSIONER | HL_ROLE_RESPONDER | HL_ROLE_COMMITTEE |        \
	    HL_ROLE_ADMIN)
#define HL_ROLES_SIGNED_IN (HL_ROLE_ENTERPRISE | HL_ROLES_STAFF)

struct hl_ctx {
	struct hl_db_conn *db;  /* borrowed: this thread's connection */
	struct hl_arena *arena; /* borrowed: the request's arena */
	const char *request_id; /* borrowed */
	const char *client_ip;  /* borrowed */
	int64_t user_id;        /* 0: anonymous */
	int64_t session_id;     /* 0: none (anonymous or bearer token) */
	enum hl_role role;      /* HL_ROLE_NONE when anonymous */
	int64_t enterprise_id;  /* the enterprise role's own, else 0 */
	const char *login;      /* borrowed, NULL when anonymous */
	bool via_cookie;        /* authenticated by session cookie (CSRF) */
	/* With via_cookie: SHA-256 of the session's CSRF token (auth.c). */
	unsigned char csrf_hash[32];
};

/* "enterprise", "commissioner", ...; NULL for HL_ROLE_NONE or a mix. */
const char *hl_ctx_role_name(enum hl_role role);
/* Parse a role name; -1 when unknown. */
int hl_ctx_role_parse(const char *name, enum hl_role *out);

#endif /* HL_CTX_H */
