/*
 * The audit log exported, for admins who read it in a spreadsheet.
 */
#ifndef HL_AUDIT_EXPORT_H
#define HL_AUDIT_EXPORT_H

#include <stdbool.h>

struct hl_audit_filter;
struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Most rows an export holds; more is 422 too_many_rows. */
#define HL_AUDIT_EXPORT_MAX 100000

/*
 * Append the rows matching f (cursor and limit ignored), newest first, as
 * a CSV file (csv) or an .xlsx workbook with Chinese headers: time (Asia/
 * Shanghai), actor, action, record, request, address, and the before and
 * after images as JSON text.  422 too_many_rows past HL_AUDIT_EXPORT_MAX.
 */
int hl_audit_export(struct hl_ctx *ctx, const struct hl_audit_filter *f,
    bool csv, struct hl_buf *out, struct hl_err *err);

#endif /* HL_AUDIT_EXPORT_H */
