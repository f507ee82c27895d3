/*
 * Reading .xlsx workbooks (ECMA-376 SpreadsheetML): the cells of the first
 * worksheet as text, in document order.  The only libzip and expat user.
 * What the cells mean, and whether a row is good, is the caller's business;
 * sheet.c turns the cells into rows.
 */
#ifndef HL_XLSX_H
#define HL_XLSX_H

#include <stdbool.h>
#include <stddef.h>

struct hl_err;

/* What one workbook may cost; a file past any of them is refused. */
struct hl_xlsx_limits {
	size_t max_part_len; /* uncompressed bytes of one XML part */
	size_t max_rows;     /* highest row number read */
	size_t max_cols;     /* highest column number read */
	size_t max_cell_len; /* bytes of one cell's text */
};

/*
 * Called for each cell that has a value, in document order: row and col
 * are 0-based (A1 is 0, 0), text is UTF-8 and NUL-terminated, borrowed
 * until the call returns.  Shared strings are resolved, rich text is
 * joined, booleans are "TRUE"/"FALSE", numbers are written as stored
 * ("12", "0.5", "46023" for a date: styles are not read).  Return 0 to go
 * on or -1 with err set to stop.
 */
typedef int (*hl_xlsx_cell_fn)(void *arg, size_t row, size_t col,
    const char *text, size_t len, struct hl_err *err);

/* True when p starts like a zip archive (a local file header). */
bool hl_xlsx_sniff(const void *p, size_t len);

/*
 * Read the first worksheet of the workbook p[0..len) and call fn for its
 * cells.  Errors: 422 invalid_file (field "file") with a Chinese message
 * for a damaged zip, a zip that is not a workbook, malformed XML, a DTD,
 * or a part, row, column or cell past lim; fn's own error as it set it.
 * Returns 0 or -1.
 */
int hl_xlsx_read(const void *p, size_t len, const struct hl_xlsx_limits *lim,
    hl_xlsx_cell_fn fn, void *arg, struct hl_err *err);

#endif /* HL_XLSX_H */
