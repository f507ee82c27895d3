/*
 * Spreadsheet imports, whatever they hold: a CSV or .xlsx file read into
 * rows of UTF-8 cells, its columns found by their (Chinese) header names in
 * any order, and the row report a dry run answers.  What a row means and
 * whether it is good is the importing module's job (enterprises, calendar
 * days, work orders); this module knows files, headers and reports.
 */
#ifndef HL_SHEET_H
#define HL_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "json.h"
#include "mem.h"

struct hl_err;

/* How the file was written; the report names it so people can tell what
 * was detected. */
enum hl_sheet_format {
	HL_SHEET_CSV_UTF8 = 1, /* with or without a byte order mark */
	HL_SHEET_CSV_GBK,      /* what Excel in China saves as CSV */
	HL_SHEET_CSV_UTF16,    /* Excel's "Unicode text" (tab-separated) */
	HL_SHEET_XLSX,
};

/* "csv-utf8", "csv-gbk", "csv-utf16", "xlsx". */
const char *hl_sheet_format_name(enum hl_sheet_format f);

/* One row with at least one non-blank cell.  Cells are UTF-8 without
 * control characters other than tab and newline, never NULL. */
struct hl_sheet_row {
	size_t line; /* the row number people see: CSV line, Excel row */
	size_t n_cells;
	const char **cells;
};

/*
 * A file's rows.  Declare it "= { 0 }"; hl_sheet_read() fills it and
 * hl_sheet_release() frees it (rows and cells are owned by it).
 */
struct hl_sheet {
	struct hl_arena arena;
	struct hl_sheet_row *rows;
	size_t n_rows;
	size_t cap;
	enum hl_sheet_format format;
};

/* What one file may hold; past any of them it is refused. */
struct hl_sheet_limits {
	size_t max_rows;       /* non-blank rows, the header included */
	size_t max_cols;       /* cells per row */
	size_t max_cell_chars; /* characters per cell */
};

/*
 * Read p[0..len): an .xlsx workbook (its first worksheet) when it starts
 * like a zip archive, else CSV text, comma- or tab-separated (whichever
 * the first line has more of), RFC 4180 quoting, any line ends.  The
 * encoding is found, not asked: a byte order mark (UTF-8, UTF-16), else
 * UTF-8 when the bytes are valid UTF-8, else GBK (GB 18030) when they
 * decode as that.  Blank rows are left out.  Errors, each 422
 * invalid_file with field "file" and a Chinese message saying what is
 * wrong: an empty file, an old .xls or encrypted workbook, bytes that are
 * neither text nor a workbook, an encoding that is neither UTF-8 nor GBK,
 * an unclosed quote (naming the line), a file past lim.  Returns 0 or -1;
 * s is empty after a failure.
 */
int hl_sheet_read(struct hl_sheet *s, const char *p, size_t len,
    const struct hl_sheet_limits *lim, struct hl_err *err);

void hl_sheet_release(struct hl_sheet *s);

/* ---- columns ---- */

/* A column an import knows.  Static tables of these describe a file. */
struct hl_sheet_col {
	const char *key;   /* "credit_code": reports, code */
	const char *title; /* the template's header: "统一社会信用代码" */
	const char *const
	    *aliases; /* other headers, NULL-terminated, or NULL */
	bool required;
};

/* Where an import's columns are in a file. */
struct hl_sheet_map {
	size_t header;      /* index in rows of the header row */
	int *idx;           /* per column of the table: cell index or -1 */
	const char **title; /* per column: the header as the file spells it */
	size_t n_cols;
	const char **unknown; /* headers no column claims, as spelled */
	size_t n_unknown;
};

/*
 * Find the header row (the first row, among the first ten that are not
 * comments, naming one of cols) and each column in it, in any order.
 * Headers compare without surrounding blanks, full-width or not, and
 * without a "*" or "（必填）" mark.  Rows whose first cell starts with "#"
 * are comments, before and after the header.  Errors: 422 invalid_file
 * when no header row is found or a header appears twice (field "file"),
 * 422 validation_failed with one field per missing required column, the
 * field named by its key, the message by its title.  The map's arrays
 * come from s's arena.
 */
int hl_sheet_map_columns(struct hl_sheet *s, const struct hl_sheet_col *cols,
    size_t n_cols, struct hl_sheet_map *m, struct hl_err *err);

/* True when row i of s is a comment ("#…" in its first cell). */
bool hl_sheet_is_comment(const struct hl_sheet *s, size_t i);

/* The cell of column c (an index into the table given to
 * hl_sheet_map_columns) in row i, trimmed of blanks; "" when the file has
 * no such column or cell.  Borrowed from s. */
const char *hl_sheet_get(struct hl_sheet *s, const struct hl_sheet_map *m,
    size_t i, size_t c);

/* ---- the row report ---- */

/* Errors listed in a report; more are counted, not listed. */
#define HL_SHEET_REPORT_MAX_ERRORS 1000

/*
 * What a dry run answers: rows read, rows without a problem, and each
 * problem as {"row":<line>,"field":<key>,"column":<header>,"message"}.
 * Declare it "= { 0 }"; release with hl_sheet_report_release().
 */
struct hl_sheet_report {
	size_t rows;
	size_t ok;
	size_t n_errors;
	struct hl_buf errors; /* the listed errors as JSON, comma-separated */
	size_t row_errors;    /* errors of the row being checked */
};

/* One problem of the row being checked; message is printf-formatted. */
void hl_sheet_report_error(struct hl_sheet_report *r, size_t line,
    const char *field, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The row being checked is done: counted, and as ok when it had no error
 * since the previous call.  Returns whether it was ok. */
bool hl_sheet_report_row_done(struct hl_sheet_report *r);
/* Write the members "rows", "ok", "n_errors", "errors" and
 * "errors_truncated" into the object w is in. */
void hl_sheet_report_json(const struct hl_sheet_report *r, struct hl_jw *w);
void hl_sheet_report_release(struct hl_sheet_report *r);

#endif /* HL_SHEET_H */
