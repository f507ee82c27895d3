/*
 * The write path every four-ones record shares (experts, account
 * managers, financing products, law firms, lawyers, committee members,
 * the lead bank, the policy pack's desk): one transaction that inserts,
 * changes or retires the row, binds the responder account when one is
 * given, runs the resource's follow-up statement, and appends the audit
 * row with the record before and after.  Each resource module brings its
 * statements in a spec and checks its input before calling.
 */
#ifndef HL_FOURONE_H
#define HL_FOURONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "binding.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/*
 * SQL pieces for an UPDATE over table alias t FROM (SELECT $2::jsonb AS j)
 * d: a member present in the body replaces the column, an absent one
 * keeps it.  Text is trimmed; NULLABLE turns "" and null into NULL.
 */
#define HL_FOURONE_SET_TEXT(COL)                                               \
	" " COL " = CASE WHEN d.j ? '" COL "' THEN coalesce(btrim(d.j->>'" COL \
	"'), '') ELSE t." COL " END"
#define HL_FOURONE_SET_NULLABLE(COL)                                           \
	" " COL " = CASE WHEN d.j ? '" COL "' THEN NULLIF(btrim(d.j->>'" COL   \
	"'), '') ELSE t." COL " END"
#define HL_FOURONE_SET_INT(COL, TYPE)                                          \
	" " COL " = CASE WHEN d.j ? '" COL "' THEN (d.j->>'" COL "')::" TYPE   \
	" ELSE t." COL " END"
#define HL_FOURONE_SET_BOOL(COL)                                               \
	" " COL " = coalesce((d.j->>'" COL "')::boolean, t." COL ")"

/* A resource's statements and names.  All static. */
struct hl_fourone_spec {
	const char *object_type; /* audit: "expert" -> expert.create, ... */
	/* $1 id: the record as one json column; no row when gone. */
	const char *sql_get;
	/* $1 the record's key (an id, or a chain code for the one-per-chain
	 * records): its id, locked FOR UPDATE; no row when none. */
	const char *sql_lock;
	/* $1 the parent's key, $2 the body (jsonb), $3 the caller's id:
	 * RETURNING id; no row when the parent does not exist. */
	const char *sql_insert;
	/* $1 id, $2 the body, $3 the caller's id. */
	const char *sql_update;
	/* $1 id: retire (active = false), or delete where nothing points at
	 * the row. */
	const char *sql_retire;
	/* $1 id, after every write; NULL for none. */
	const char *sql_after;
	enum hl_binding_kind binding;
	bool upsert;                /* update of a missing record creates it */
	const char *parent_missing; /* message of the 404 when no parent */
	const char *conflict_field; /* a 409 from the write names this... */
	const char *conflict_msg;   /* ...with this message */
};

/* One write.  Strings borrowed. */
struct hl_fourone_write {
	const char *key;  /* create: the parent's key; else the record's */
	const char *body; /* the request body, checked by the caller */
	bool has_user;    /* user_id was given: bind it (0: unbind) */
	int64_t user_id;
};

/*
 * Create, change or retire a record, audited as "<type>.create",
 * "<type>.update", "<type>.retire" with the record before and after, in
 * one transaction on ctx->db.  Create and update append the record after
 * (spec->sql_get) to out.  Errors: 404 when the record (or, creating, the
 * parent: spec->parent_missing) does not exist; 409 conflict on a
 * duplicate, with spec's field and message; binding errors as
 * hl_binding_set(); database errors as db.h maps them.
 */
int hl_fourone_create(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const struct hl_fourone_write *w, struct hl_buf *out, struct hl_err *err);
int hl_fourone_update(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const struct hl_fourone_write *w, struct hl_buf *out, struct hl_err *err);
int hl_fourone_retire(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const char *key, struct hl_err *err);

/* The record id as the SQL key text (an id parameter). */
void hl_fourone_key(int64_t id, char out[24]);

/*
 * Checks shared by the resources, adding a per-field message to err (422)
 * as valid.h does.  Text: s without surrounding blanks (as the SQL stores
 * it) has min..max characters; NULL passes unless required.  Contact: a
 * phone as hl_valid_contact_phone() and an e-mail address as
 * hl_valid_email(), each optional ("" clears it).
 */
void hl_fourone_check_text(const char *field, const char *s, bool required,
    size_t min, size_t max, struct hl_err *err);
void hl_fourone_check_contact(const char *phone_field, const char *phone,
    const char *email_field, const char *email, struct hl_err *err);

#endif /* HL_FOURONE_H */
