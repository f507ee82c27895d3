/*
 * Printed pages (A4): the print stylesheet of the service-quality report,
 * served at HL_PRINT_CSS_PATH, and the frame of such a document.  (The
 * meeting minutes have their own, an official document's layout, in
 * meeting_print.c.)  A printed page is complete HTML
 * without JavaScript, readable on a phone's screen too; the CSP allows no
 * inline style, so everything it looks like is here.  Text goes through
 * hl_print_text(), which escapes it.
 */
#ifndef HL_PRINT_H
#define HL_PRINT_H

#include <stdbool.h>
#include <stddef.h>

struct hl_buf;

#define HL_PRINT_CSS_PATH "/print.css"
extern const char hl_print_css[];
extern const size_t hl_print_css_len;

/*
 * Append the start of a printed document titled title (text): head,
 * stylesheet link (with a digest of the stylesheet, so that it may be
 * cached for a year), a screen-only hint on how to print, and the opening
 * of the A4 sheet.  Close it with hl_print_end(), whose footer line is
 * footer (text, may be NULL).
 */
void hl_print_begin(struct hl_buf *out, const char *title);
void hl_print_end(struct hl_buf *out, const char *footer);

/* Append s escaped for HTML text and attribute values. */
void hl_print_text(struct hl_buf *out, const char *s);

/*
 * Append a table: headers[0..n_cols), then n_rows rows of cells (row
 * major, NULL for an empty cell).  Columns whose numeric[i] is true are
 * right-aligned with tabular figures; the first column is a row header.
 * Header rows repeat on every printed page; rows never split across pages.
 */
void hl_print_table(struct hl_buf *out, const char *const *headers,
    const bool *numeric, size_t n_cols, const char *const *cells,
    size_t n_rows);

#endif /* HL_PRINT_H */
