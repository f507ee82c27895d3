/*
 * Enterprise imports: a chain office's list of enterprises, as CSV or
 * .xlsx, checked row by row (a dry run lists every problem) and the good
 * rows registered in one transaction.  Reading the file and the row
 * report are sheet.c's; the checks of one enterprise are enterprise.c's.
 */
#ifndef HL_ENTERPRISE_IMPORT_H
#define HL_ENTERPRISE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Data rows one file may hold. */
#define HL_ENTERPRISE_IMPORT_MAX_ROWS 5000

/*
 * Check the file p[0..len) and, unless dry_run, register its good rows
 * (admins).  Columns are found by their Chinese headers in any order:
 * 企业名称, 统一社会信用代码, 产业链 (names or codes, several separated by
 * 、 , ; or /, the first the primary chain), 区县, 企业规模 (required), and
 * 企业标签, 重点企业, 党组织情况, 地址, 主营产品, 职工人数, 备注, 联系人,
 * 联系人职务, 联系电话, 电子邮箱.  A row's problems: every check of a
 * registration (a bad credit code names the check character its first 17
 * characters give), an unknown chain, district, size, tag or party
 * status, a credit code already registered (naming the enterprise) or
 * earlier in the file.  Appends {"dry_run","format","rows","ok",
 * "n_errors","errors":[{"row","field","column","message"}],
 * "errors_truncated","columns":{key:header},"ignored_columns":[…],
 * "imported":N,"ids":[…]}.  Importing with no good row is 422
 * validation_failed; a credit code registered meanwhile 409 (nothing is
 * written then).  File errors as hl_sheet_read() and
 * hl_sheet_map_columns().
 */
int hl_enterprise_import(struct hl_ctx *ctx, const char *p, size_t len,
    bool dry_run, struct hl_buf *out, struct hl_err *err);

/* Append the import template, headers only, as CSV (UTF-8 with a byte
 * order mark) or .xlsx. */
int hl_enterprise_import_template(bool csv, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_ENTERPRISE_IMPORT_H */
