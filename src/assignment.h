/*
 * Assignments (包联): which commissioner serves which enterprise.  They
 * scope what a commissioner sees (HL_ENTERPRISE_VISIBLE); admins make and
 * remove them, committee members read those of their chains.
 */
#ifndef HL_ASSIGNMENT_H
#define HL_ASSIGNMENT_H

#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/*
 * Assign enterprise_id to commissioner_id, audited, and append
 * {"id","commissioner_id","commissioner_name","enterprise_id",
 * "enterprise_name","created_at","created_by"}.  Errors: 422 on
 * commissioner_id (no such user, or not a commissioner) or enterprise_id
 * (no such enterprise); 409 conflict when the pair exists already.
 */
int hl_assignment_create(struct hl_ctx *ctx, int64_t commissioner_id,
    int64_t enterprise_id, struct hl_buf *out, struct hl_err *err);

/* Remove assignment id, audited with the row removed.  404 when none. */
int hl_assignment_delete(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

/* Filters of the list; 0 means "not given". */
struct hl_assignment_filter {
	int64_t commissioner_id;
	int64_t enterprise_id;
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/* Append {"items":[assignment],"next_cursor"}, newest first, of the
 * enterprises the caller may see (admins: all; committee: its chains'). */
int hl_assignment_list_json(struct hl_ctx *ctx,
    const struct hl_assignment_filter *f, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_ASSIGNMENT_H */
