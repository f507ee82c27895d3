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
#include <stdint.h>

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

/*
 * Streams: the same files, made while they are read, so that an export of
 * any size holds a few rows in memory, not the file.
 *
 * Both take ownership of arg: free_arg(arg) (NULL: nothing to free) is
 * called once the rows are no longer needed.
 */
struct hl_export_stream;

/* CSV as hl_export_csv() writes it, rows pulled from next_row as the
 * reader asks for bytes.  Never fails: a failing row fails a read. */
struct hl_export_stream *hl_export_csv_stream(const struct hl_export_col *cols,
    size_t n_cols, hl_export_row_fn next_row, void *arg,
    void (*free_arg)(void *));

/*
 * An .xlsx workbook as hl_export_xlsx() writes it.  A workbook is a zip
 * archive finished only after its last row, so all rows are written now,
 * to a temporary file (memory stays flat), and reads come from that file.
 * Returns 0 and the stream in *out, or -1 with err set as for
 * hl_export_xlsx() (the callback's error, 413 past Excel's rows, 500).
 */
int hl_export_xlsx_stream(const char *sheet, const struct hl_export_col *cols,
    size_t n_cols, hl_export_row_fn next_row, void *arg,
    void (*free_arg)(void *), struct hl_export_stream **out,
    struct hl_err *err);

/*
 * Up to max bytes of the file into buf: their number, 0 at the end, or -1
 * when a row or the file failed (logged: the reader has the file's start
 * already, so all it can be told is that the download broke).  s is a
 * struct hl_export_stream; this and hl_export_stream_free() take void *
 * to be the reader hl_http_reply_stream() calls.
 */
long hl_export_stream_read(void *s, char *buf, size_t max);
/* The file's size when known before the end (.xlsx), else -1. */
int64_t hl_export_stream_size(const struct hl_export_stream *s);
/* Data rows made so far (CSV). */
size_t hl_export_stream_rows(const struct hl_export_stream *s);
void hl_export_stream_free(void *s);

#endif /* HL_EXPORT_H */
