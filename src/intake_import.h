/*
 * Imports of work-order exports (the 12345 hotline's system and the like):
 * a CSV or .xlsx file read by sheet.c, its columns found by the source's
 * saved mapping (a column not mapped by its default headers), each row
 * checked as a work order (intake.c) and the good rows filed as cases
 * with the source's numbers, so that a row imported before finds its
 * case instead of making another.  The dry run and the row report are
 * the enterprise import's.
 */
#ifndef HL_INTAKE_IMPORT_H
#define HL_INTAKE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;
struct hl_intake_source_change;
struct hl_json;

/* Data rows one file may hold. */
#define HL_INTAKE_IMPORT_MAX_ROWS 5000

/*
 * Check the file p[0..len) of source code and, unless dry_run, file its
 * good rows (admins).  Columns (keys, default headers): source_ref 工单编号
 * (required), received_at 受理时间, credit_code 统一社会信用代码
 * (required), enterprise_name 企业名称, chain 产业链, district 区县,
 * category 诉求类别 (a category's key, label or service name; absent or
 * empty: other), title 诉求标题, description 诉求内容 (required), address
 * 地址, requester_name 诉求人, requester_phone 联系电话.  A row's
 * problems: every check of a work order, a number repeated in the file,
 * what hl_intake_check() finds.  A number the source filed before is a
 * good row: it is listed under "replays" with its case, and filed again
 * it changes nothing.  Appends {"dry_run","format","source","rows","ok",
 * "n_errors","errors":[{"row","field","column","message"}],
 * "errors_truncated","columns":{key:header},"ignored_columns":[…],
 * "new":N,"new_enterprises":N,"replays":[{"row","source_ref","number",
 * "id"}],"imported":N,"cases":[{"row","source_ref","number","id"}]}.
 * Importing a file without a good row is 422 validation_failed.  404 for
 * an unknown source; file errors as hl_sheet_read() and
 * hl_sheet_map_columns().
 */
int hl_intake_import(struct hl_ctx *ctx, const char *source_code, const char *p,
    size_t len, bool dry_run, struct hl_buf *out, struct hl_err *err);

/* Append the import template of source code, headers only, as the
 * source's mapping names them: CSV (UTF-8 with a byte order mark) or
 * .xlsx.  404 for an unknown source. */
int hl_intake_import_template(struct hl_ctx *ctx, const char *source_code,
    bool csv, struct hl_buf *out, struct hl_err *err);

/* Append {"items":[Source] (intake.h),"columns":[{"key","title",
 * "required","aliases":[…]}]}: the sources and the columns a mapping
 * may name.  Admins. */
int hl_intake_import_sources_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

/*
 * hl_intake_source_update() with mapping (an object node, or NULL to keep
 * the saved one) checked and made canonical first: keys must be column
 * keys (422 "mapping.<key>"), values strings of 1 to 40 characters, or ""
 * to go back to the default header, and no header may name two columns.
 */
int hl_intake_import_source_update(struct hl_ctx *ctx, const char *code,
    struct hl_intake_source_change *in, const struct hl_json *mapping,
    struct hl_buf *out, struct hl_err *err);

#endif /* HL_INTAKE_IMPORT_H */
