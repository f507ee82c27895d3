/*
 * Markdown rendering on cmark-gfm 0.29.0.gfm.6 (Debian bookworm), the only
 * file that includes it.  cmark's safe mode drops raw HTML and blanks
 * javascript:, vbscript:, file: and most data: URLs; we narrow links and
 * images further to an allowlist of schemes, and guard against the table
 * extension's known blow-ups in this version before parsing.
 */
#include "md.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "buf.h"
#include "err.h"
#include "mem.h"
#include "str.h"

/*
 * Footnotes stay off (no CMARK_OPT_FOOTNOTES), and so does CMARK_OPT_UNSAFE:
 * that one option is what would let raw HTML and javascript: URLs through.
 * Only "~~" strikes through: Chinese text writes ranges with one tilde
 * ("3~5 天，7~8 月"), which single-tilde strikethrough would cross out.
 */
#define MD_OPTIONS                                                             \
	(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 |                         \
	    CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)

/*
 * Table limits, checked by check_tables() before cmark sees the input.
 * A 64 KiB document with well-formed tables stays far below them: 32 768
 * cells at the very most, and a few hundred delimiter rows.
 */
#define TABLE_MAX_CELLS  (UINT64_C(1) << 17)
#define TABLE_MAX_WORK   (UINT64_C(1) << 25)
#define TABLE_MAX_RESCAN (UINT64_C(1) << 22)

static const char *const ext_names[] = { "table", "strikethrough", "autolink",
	"tagfilter" };

/* Written once under init_once, read-only afterwards. */
static cmark_syntax_extension *exts[sizeof(ext_names) / sizeof(ext_names[0])];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/*
 * Guards cmark's inline parser.  XXX: in this version the inline parser
 * keeps its table of special characters in globals (SPECIAL_CHARS and
 * SKIP_CHARS in inlines.c) and every parse adds the extensions' characters
 * ('~' and the autolink triggers) on entry and removes them on exit, so a
 * parse that finishes on one thread switches strikethrough and autolinks
 * off for a parse running on another (measured: 472 of 1600 concurrent
 * renders differed).  Upstream still has the globals; drop the lock when a
 * release keeps them per parser.
 */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void
init_exts(void)
{
	size_t i;

	/*
	 * Registration is not thread-safe (a plain static flag, and a second
	 * registration aborts in cmark_register_node_flag), hence
	 * pthread_once.  We never use cmark's arena allocator: its arena is
	 * a global, which the table extension's push/pop calls would share.
	 */
	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		exts[i] = cmark_find_syntax_extension(ext_names[i]);
		if (exts[i] == NULL)
			HL_BUG("md: a cmark-gfm core extension is missing");
	}
}

void
hl_md_init(void)
{
	if (pthread_once(&init_once, init_exts) != 0)
		HL_BUG("md: pthread_once failed");
}

/* A line that consists of spaces and tabs only; cmark's notion of blank. */
static bool
blank_line(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

/*
 * Whether a line could be a table's delimiter row ("|:--|--:|"), possibly
 * behind blockquote markers and list markers; over-approximated: every such
 * line passes, and some others do.  *n_cols gets an upper bound of its
 * number of cells.
 */
static bool
delimiter_like(const char *p, size_t n, uint64_t *n_cols)
{
	uint64_t pipes = 0;
	bool dash = false;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '-':
			dash = true;
			break;
		case '|':
			pipes++;
			break;
		case ' ':
		case '\t':
		case '\v':
		case '\f':
		case ':':
		case '>':
		case '*':
		case '+':
		case '.':
		case ')':
			break;
		default:
			if (p[i] < '0' || p[i] > '9')
				return false;
		}
	}
	*n_cols = pipes + 1;
	return dash;
}

/* Running sums over the delimiter-like lines of one block of lines. */
struct table_sums {
	uint64_t n_lines;
	uint64_t cols;
	uint64_t cols_at;
	uint64_t cols2;
	uint64_t cols2_at;
};

/*
 * A block ends at a blank line, and so does any table in it: a table has
 * at most as many rows as there are lines from its delimiter row to the end
 * of the block.  For each delimiter-like line of c columns at line index i,
 * that adds c * (n - i) cells and c * c * (n - i) rendering work.
 */
static void
close_block(struct table_sums *s, uint64_t *cells, uint64_t *work)
{
	*cells += s->n_lines * s->cols - s->cols_at;
	*work += s->n_lines * s->cols2 - s->cols2_at;
	memset(s, 0, sizeof(*s));
}

/*
 * XXX: cmark-gfm 0.29.0.gfm.6 lacks the table fixes of later releases
 * (CVE-2023-37463, the limit on autocompleted cells), and Debian has not
 * backported them.  We measured, on 64 KiB inputs:
 *   - Every row is padded to the header's number of columns while
 *     parsing, so 10 000 columns over 20 000 one-byte rows asks for some
 *     200 million cells: the allocation fails and cmark calls abort().
 *   - The HTML renderer finds each cell's column by walking its row from
 *     the start, O(columns^2) per row: a 16 000-column header alone takes
 *     0.6 s, with two rows 1 s.
 *   - A delimiter-like line under a paragraph that does not become a table
 *     rescans the whole paragraph: "|\n-|\n" repeated takes 9 s.
 * So we bound, from the raw text and erring on the large side, the cells
 * (columns times rows), the rendering work (columns squared times rows)
 * and the rescanned bytes, and refuse the document past the limits.
 */
static int
check_tables(const char *src, size_t len, struct hl_err *err)
{
	struct table_sums s = { 0 };
	uint64_t cells = 0;
	uint64_t work = 0;
	uint64_t rescan = 0;
	uint64_t c;
	size_t block_at = 0;
	size_t at = 0;
	size_t end;
	size_t next;

	for (;;) {
		/* cmark ends a line at "\n", "\r" or "\r\n". */
		end = at;
		while (end < len && src[end] != '\n' && src[end] != '\r')
			end++;
		next = end;
		if (next < len && src[next++] == '\r' && next < len &&
		    src[next] == '\n')
			next++;
		if (blank_line(src + at, end - at)) {
			close_block(&s, &cells, &work);
			block_at = next;
		} else {
			/* A delimiter row needs a header row above it. */
			if (s.n_lines > 0 &&
			    delimiter_like(src + at, end - at, &c)) {
				s.cols += c;
				s.cols_at += c * s.n_lines;
				s.cols2 += c * c;
				s.cols2_at += c * c * s.n_lines;
				rescan += at - block_at;
			}
			s.n_lines++;
		}
		if (end == len)
			break;
		at = next;
	}
	close_block(&s, &cells, &work);
	if (cells > TABLE_MAX_CELLS || work > TABLE_MAX_WORK ||
	    rescan > TABLE_MAX_RESCAN)
		return hl_err_set(err, 422, "validation_failed",
		    "Markdown 中的表格过大或过于复杂（列数、行数或分隔行过多），请拆分后再提交");
	return 0;
}

/*
 * Links may point to http, https and mailto URLs, images to http and https
 * ones; URLs without a scheme (relative, "/x", "#x", "//host/x") are fine.
 * The scheme is found as a browser would (WHATWG URL): leading spaces and
 * control characters skipped, tabs and newlines ignored, ASCII letters
 * compared without case.  cmark has already decoded entities and escapes,
 * so "&#106;avascript:" arrives here as "javascript:".
 */
static bool
url_allowed(const char *url, bool image)
{
	const unsigned char *p = (const unsigned char *)url;
	char scheme[8];
	size_t n = 0;
	unsigned char c;

	while (*p != '\0' && *p <= 0x20)
		p++;
	for (; *p != '\0' && *p != ':'; p++) {
		c = *p;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			c |= 0x20;
		else if (n == 0 ||
		    !((c >= '0' && c <= '9') || c == '+' || c == '-' ||
		        c == '.'))
			return true; /* not a scheme: a relative reference */
		if (n == sizeof(scheme) - 1)
			return false; /* longer than any scheme we allow */
		scheme[n++] = (char)c;
	}
	if (*p != ':')
		return true;
	scheme[n] = '\0';
	return strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
	    (!image && strcmp(scheme, "mailto") == 0);
}

/*
 * GFM autolinks run to the next space or "<", so in Chinese text, which
 * has no spaces, "见 https://example.com，谢谢" links "https://example.com，
 * 谢谢".  An autolink (one text child that the URL ends with) is cut at its
 * first non-ASCII byte and the rest goes back into the text after it; an
 * IRI with Chinese in it needs the [文字](URL) form.  Called on the link's
 * exit event, when cmark allows changing the tree around it.
 */
static void
trim_autolink(cmark_node *link)
{
	cmark_node *text = cmark_node_first_child(link);
	cmark_node *rest;
	const char *lit;
	const char *url;
	char *cut;
	size_t lit_len;
	size_t url_len;
	size_t k;

	if (text == NULL || cmark_node_next(text) != NULL ||
	    cmark_node_get_type(text) != CMARK_NODE_TEXT)
		return;
	lit = cmark_node_get_literal(text);
	url = cmark_node_get_url(link);
	if (lit == NULL || url == NULL)
		return;
	lit_len = strlen(lit);
	url_len = strlen(url);
	if (url_len < lit_len ||
	    memcmp(url + url_len - lit_len, lit, lit_len) != 0)
		return;
	for (k = 0; k < lit_len && (unsigned char)lit[k] < 0x80; k++)
		;
	if (k == 0 || k == lit_len)
		return;

	/* Setting a literal or URL frees the old one: copy from it first. */
	rest = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(rest, lit + k);
	cut = hl_xstrndup(url, url_len - (lit_len - k));
	cmark_node_set_url(link, cut);
	free(cut);
	cut = hl_xstrndup(lit, k);
	cmark_node_set_literal(text, cut);
	free(cut);
	if (cmark_node_insert_after(link, rest) == 0)
		HL_BUG("md: cannot insert the rest of an autolink");
}

/* Trim autolinks, then blank every link and image URL that url_allowed()
 * refuses; cmark renders an empty URL as href="" or src="", as its own
 * safe mode does. */
static void
filter_links(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *node;
	cmark_node_type type;
	const char *url;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_EXIT)
			continue;
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		if (type == CMARK_NODE_LINK)
			trim_autolink(node);
		else if (type != CMARK_NODE_IMAGE)
			continue;
		url = cmark_node_get_url(node);
		if (url != NULL && !url_allowed(url, type == CMARK_NODE_IMAGE))
			cmark_node_set_url(node, "");
	}
	cmark_iter_free(it);
}

int
hl_md_render(const char *src, size_t len, struct hl_buf *html,
    struct hl_err *err)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_parser *parser = NULL;
	cmark_node *doc = NULL;
	char *out = NULL;
	size_t i;

	if (len > HL_MD_MAX_LEN)
		return hl_err_set(err, 413, "payload_too_large",
		    "Markdown 内容不能超过 64 KiB");
	if (!hl_utf8_valid(src, len))
		return hl_err_set(err, 400, "bad_request",
		    "Markdown 内容不是有效的 UTF-8 文本");
	if (check_tables(src, len, err) == -1)
		return -1;
	hl_md_init();

	/* cmark's default allocator aborts when memory runs out, as ours. */
	parser = cmark_parser_new_with_mem(MD_OPTIONS, mem);
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (cmark_parser_attach_syntax_extension(parser, exts[i]) == 0)
			HL_BUG("md: cannot attach a cmark-gfm extension");
	if (pthread_mutex_lock(&parse_lock) != 0)
		HL_BUG("md: cannot lock parse_lock");
	cmark_parser_feed(parser, src, len);
	doc = cmark_parser_finish(parser);
	if (pthread_mutex_unlock(&parse_lock) != 0)
		HL_BUG("md: cannot unlock parse_lock");

	filter_links(doc);
	out = cmark_render_html_with_mem(doc, MD_OPTIONS,
	    cmark_parser_get_syntax_extensions(parser), mem);
	hl_buf_puts(html, out);

	mem->free(out);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return 0;
}

void
hl_md_html_escape(const char *s, size_t len, struct hl_buf *out)
{
	const char *ent;
	size_t run = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		default:
			continue;
		}
		hl_buf_append(out, s + run, i - run);
		hl_buf_puts(out, ent);
		run = i + 1;
	}
	hl_buf_append(out, s + run, len - run);
}
