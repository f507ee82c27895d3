/*
 * The audit log exported, for admins who read it in a spreadsheet.
 */
#ifndef HL_AUDIT_EXPORT_H
#define HL_AUDIT_EXPORT_H

#include <stdbool.h>

struct hl_audit_filter;
struct hl_err;
struct hl_export_stream;

/* Most rows an Excel export holds; more is 422 too_many_rows (a CSV
 * export streams, whatever its size). */
#define HL_AUDIT_EXPORT_XLSX_MAX 100000

/*
 * The rows matching f (cursor and limit ignored), newest first, as a CSV
 * file (csv) or an .xlsx workbook with Chinese headers: time (Asia/
 * Shanghai), actor, action, record, request, address, and the before and
 * after images as JSON text; a stream for hl_http_reply_stream() into
 * *out, read as hl_case_export() reads (a cursor on a connection of its
 * own; the route is admins', who see every row).  422 too_many_rows
 * past HL_AUDIT_EXPORT_XLSX_MAX for a workbook.
 */
int hl_audit_export(const struct hl_audit_filter *f, bool csv,
    struct hl_export_stream **out, struct hl_err *err);

#endif /* HL_AUDIT_EXPORT_H */
