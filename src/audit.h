/*
 * The audit log: one append-only row per change, login, refusal and read
 * of personal contact data, written on the same connection (and so in the
 * same transaction) as the change it records.
 */
#ifndef HL_AUDIT_H
#define HL_AUDIT_H

#include <stdint.h>

struct hl_ctx;
struct hl_err;

/*
 * Append a row: actor, request id and address from ctx (NULL or an
 * anonymous ctx records no actor, e.g. a background job), action such as
 * "case.transition", object type and id (id may be NULL), before and
 * after as JSON text of the changed fields (each may be NULL).  Runs on
 * ctx->db, so inside the caller's transaction.  Returns 0 or -1.
 */
int hl_audit_add(struct hl_ctx *ctx, const char *action,
    const char *object_type, const char *object_id, const char *before_json,
    const char *after_json, struct hl_err *err);

/*
 * Append one row per element of items, a JSON array of {"id","before"?,
 * "after"?} (the object id as text and its images), all with this action
 * and object type and ctx's actor, in one statement: for changes of many
 * records at once (imports, bulk assignments).  Returns 0 or -1.
 */
int hl_audit_add_many(struct hl_ctx *ctx, const char *action,
    const char *object_type, const char *items_json, struct hl_err *err);

/* Same on an explicit connection with an explicit actor login, for
 * background jobs and commands (no request). */
struct hl_db_conn;
int hl_audit_add_system(struct hl_db_conn *db, const char *action,
    const char *object_type, const char *object_id, const char *after_json,
    struct hl_err *err);

/* Filters of the audit list; NULL or 0 means "not given". */
struct hl_audit_filter {
	int64_t actor;           /* actor_user_id */
	const char *action;      /* exact, or a prefix ending in "." */
	const char *object_type; /* exact */
	const char *object_id;   /* exact */
	const char *from;        /* YYYY-MM-DD, first day (Asia/Shanghai) */
	const char *to;          /* YYYY-MM-DD, last day, inclusive */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append {"items":[{"id","at","actor_user_id","actor_login","action",
 * "object_type","object_id","request_id","client_ip","before","after"}],
 * "next_cursor"}, newest first (by id, which follows time).  For admins:
 * the route allows no one else.
 */
struct hl_buf;
int hl_audit_list_json(struct hl_ctx *ctx, const struct hl_audit_filter *f,
    struct hl_buf *out, struct hl_err *err);

/*
 * The filter as statement parameters: $1 actor (0 for none), $2 action,
 * $3 object type, $4 object id, $5 first day, $6 last day ('' for none),
 * $7 cursor, $8 limit, in v; the strings live in p.  For the statements
 * of the list and of the export (audit_export.c), which filter alike.
 */
struct hl_audit_params {
	char actor[24];
	char cursor[24];
	char limit[24];
	const char *v[8];
};
void hl_audit_filter_params(const struct hl_audit_filter *f,
    struct hl_audit_params *p);

#endif /* HL_AUDIT_H */
