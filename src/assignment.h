/*
 * Assignments (包联): which commissioner serves which enterprise.  They
 * scope what a commissioner sees (HL_ENTERPRISE_VISIBLE); admins make and
 * remove them, committee members read those of their chains.
 */
#ifndef HL_ASSIGNMENT_H
#define HL_ASSIGNMENT_H

#include <stddef.h>
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

/* Most enterprises one bulk change may name. */
#define HL_ASSIGNMENT_BULK_MAX 500

/*
 * Assign the enterprises add[0..n_add) to commissioner_id and take
 * remove[0..n_remove) from them, in one transaction with one audit row
 * per assignment made ("assignment.create") or removed
 * ("assignment.delete").  Pairs that exist already, or are not there to
 * remove, are counted, not refused.  Appends {"commissioner_id","added",
 * "removed","unchanged"}.  Errors: 422 on commissioner_id (no such user,
 * not a commissioner), "add[i]" (no such enterprise), "add"/"remove"
 * (more than HL_ASSIGNMENT_BULK_MAX, or an enterprise in both).
 */
int hl_assignment_bulk(struct hl_ctx *ctx, int64_t commissioner_id,
    const int64_t *add, size_t n_add, const int64_t *remove, size_t n_remove,
    struct hl_buf *out, struct hl_err *err);

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
