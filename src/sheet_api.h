/*
 * The request side of spreadsheet imports (enterprises, the calendar,
 * later work orders): the file a request carries and its dry_run flag.
 */
#ifndef HL_SHEET_API_H
#define HL_SHEET_API_H

#include <stdbool.h>
#include <stddef.h>

struct hl_err;
struct hl_req;

/*
 * The uploaded file: the body itself, or the part "file" of a
 * multipart/form-data body.  *p and *len are borrowed from the body.
 * Errors: 415 unsupported_media_type for a Content-Type no spreadsheet is
 * sent as (CSV, .xlsx, a form, or none); 400 bad_request for a malformed
 * form or one without "file"; 422 invalid_file (field "file") for an empty
 * body.
 */
int hl_sheet_api_file(struct hl_req *req, const char **p, size_t *len,
    struct hl_err *err);

/* ?dry_run=true|false, false when absent; 400 otherwise. */
int hl_sheet_api_dry_run(struct hl_req *req, bool *dry_run, struct hl_err *err);

#endif /* HL_SHEET_API_H */
