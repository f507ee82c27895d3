/*
 * Server-rendered HTML pages: the public bulletin pages, complete documents
 * without JavaScript that read well on a phone (WeChat's browser included)
 * and print well.  Each has a <title> and Open Graph tags so that a shared
 * link shows its title.  Styles come from one stylesheet served by the
 * binary, since the CSP allows no inline style.  Every interpolated text
 * goes through hl_md_html_escape(); only HTML rendered by md.c is copied
 * as it is.
 */
#ifndef HL_PAGE_H
#define HL_PAGE_H

#include <stddef.h>

#include "bulletin.h"

struct hl_buf;

/* Where the stylesheet is served, and its text. */
#define HL_PAGE_CSS_PATH "/bulletin.css"
extern const char hl_page_css[];
extern const size_t hl_page_css_len;

/*
 * Append the page for published bulletin b.  public_url is the site's
 * address as configured (public_url; a trailing "/" is ignored), for
 * og:url and the canonical link.
 */
void hl_page_bulletin(struct hl_buf *out, const struct hl_bulletin_public *b,
    const char *public_url);

/* Append the index of published bulletins: rows as
 * hl_bulletin_public_index() returns them, one section per group. */
void hl_page_bulletin_index(struct hl_buf *out,
    const struct hl_bulletin_index_row *rows, size_t n_rows,
    const char *public_url);

/* Append the "not found" page (sent with status 404). */
void hl_page_not_found(struct hl_buf *out);

#endif /* HL_PAGE_H */
