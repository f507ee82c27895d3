/*
 * Tabular exports (cases, visits, enterprises, events) as CSV and Excel
 * .xlsx; the only libxlsxwriter user.  The caller describes the columns and
 * hands the rows over one at a time through a callback, so that a database
 * result can be streamed without this module knowing where rows come from;
 * choosing the rows and the columns is the domain module's job.
 */
#ifndef HL_EXPORT_H
#define HL_EXPORT_H

#include <stddef.h>

struct hl_buf;
struct hl_err;

/*
 * What a column holds.  A value that does not have its column's form is
 * written as text, so a bad value is never lost, only not typed.
 */
enum hl_export_type {
	HL_EXPORT_TEXT = 0, /* any UTF-8 text */
	HL_EXPORT_INT,      /* decimal int64: "42", "-7" */
	HL_EXPORT_DATE,     /* "YYYY-MM-DD" */
	/*
	 * "YYYY-MM-DD HH:MM[:SS[.frac]]", 'T' allowed for the space, with an
	 * optional "Z" or "+08[:00]" offset: PostgreSQL's timestamptz text
	 * and RFC 3339 both fit.  The wall-clock time is kept as written and
	 * the offset dropped (Excel has no time zones), so callers pass
	 * times in Asia/Shanghai.  Written as "YYYY-MM-DD HH:MM:SS".
	 */
	HL_EXPORT_DATETIME,
};

/* One column; callers keep static arrays of these. */
struct hl_export_col {
	const char *key; /* stable name, used in logs: "credit_code" */
	const char *title; /* header cell, for people: "统一社会信用代码" */
	enum hl_export_type type;
};

/*
 * The row source.  Fill cells[0..n_cols), which arrive all NULL, with the
 * next row's values as NUL-terminated UTF-8 (NULL or "" for an empty cell);
 * they are borrowed and must stay valid until the next call.  Return 1 for
 * a row, 0 when there are no more rows, or -1 with err set (the export then
 * fails with that error; a callback that sets none gets 500 internal).
 */
typedef int (
    *hl_export_row_fn)(void *arg, const char **cells, struct hl_err *err);

/*
 * Append a CSV file to out: UTF-8 with a BOM (so that Excel detects the
 * encoding), a header row of the titles, CRLF line ends, and RFC 4180
 * quoting.  A text cell that starts with = + - @ TAB or CR, which a
 * spreadsheet could run as a formula, gets a ' in front (OWASP's CSV
 * injection advice); INT, DATE and DATETIME values of the right form are
 * written plain.  n_cols is 1..16384 (more is a bug).
 * Returns 0, or -1 with out as before and err set: the callback's error, or
 * 500 internal when a cell is not valid UTF-8 (logged with its column).
 */
int hl_export_csv(const struct hl_export_col *cols, size_t n_cols,
    hl_export_row_fn next_row, void *arg, struct hl_buf *out,
    struct hl_err *err);

/*
 * Append an .xlsx workbook to out, with one sheet named sheet (unusable
 * characters become '_', cut to Excel's 31 characters; "" gives "Sheet1"):
 * a bold header row, frozen, column widths from the longest value (a Chinese
 * character counts two), numbers as numbers, dates and times as Excel dates,
 * text always as a string (never a formula), with the same ' in front as in
 * CSV, and cut to Excel's limit of 32767 characters (logged).  Rows stream
 * through temporary files in $TMPDIR (or /tmp), so memory stays flat.
 * Returns 0, or -1 with out as before and err set: as for hl_export_csv(),
 * plus 413 payload_too_large past Excel's 1048575 data rows, and 500
 * internal when the temporary files fail (logged).
 */
int hl_export_xlsx(const char *sheet, const struct hl_export_col *cols,
    size_t n_cols, hl_export_row_fn next_row, void *arg, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_EXPORT_H */
