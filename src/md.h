/*
 * Markdown to HTML for policy bodies, bulletins and meeting minutes, on
 * cmark-gfm (its only user): GFM tables, strikethrough and autolinks, raw
 * HTML dropped, links and images limited to safe URL schemes.  Storing the
 * source and the HTML is left to the domain modules; HTML-escaping for other
 * server-rendered pages lives here too, so there is one escaper.
 */
#ifndef HL_MD_H
#define HL_MD_H

#include <stddef.h>

struct hl_buf;
struct hl_err;

/* The largest Markdown source hl_md_render() accepts, in bytes. */
#define HL_MD_MAX_LEN 65536

/*
 * Register cmark-gfm's extensions.  Call once at startup, before threads
 * render; calling it again, or concurrently, is harmless (pthread_once), and
 * hl_md_render() calls it too.
 */
void hl_md_init(void);

/*
 * Render src[0..len) (Markdown, need not be NUL-terminated) and append the
 * HTML to html.  The output is safe to embed in a page: raw HTML becomes an
 * HTML comment, and a link or image whose URL has a scheme other than http,
 * https (and mailto for links) gets an empty URL.  Safe to call from several
 * threads at once; the inline-parsing step is serialised (see md.c).
 * Returns 0, or -1 with html unchanged and err set to
 *   413 payload_too_large  when len > HL_MD_MAX_LEN,
 *   400 bad_request        when src is not valid UTF-8,
 *   422 validation_failed  when its tables are too big or too odd for the
 *                          cmark-gfm we have (over 131 072 cells, or lines
 *                          of thousands of pipes; see md.c).
 */
int hl_md_render(const char *src, size_t len, struct hl_buf *html,
    struct hl_err *err);

/* Append s[0..len) to out with & < > " ' escaped as HTML entities, for text
 * and for quoted attribute values. */
void hl_md_html_escape(const char *s, size_t len, struct hl_buf *out);

#endif /* HL_MD_H */
