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
 * Table limits, checked by check_tables() before cmark sees the input (see
 * struct table_cost).  A 64 KiB document of well-formed tables stays far
 * below them: 32 768 cells at the very most.  At the limits cmark needs
 * about 0.1 s for each.
 */
#define TABLE_MAX_CELLS  (UINT64_C(1) << 17)
#define TABLE_MAX_RENDER (UINT64_C(1) << 25)
#define TABLE_MAX_SPLIT  (UINT64_C(1) << 26)
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
	 * Registration is not thread-safe: a plain static flag guards an
	 * unlocked append to a global list of extensions (and later releases
	 * abort on a second registration), hence pthread_once.  We never use
	 * cmark's arena allocator: its arena is a global, which the table
	 * extension's cmark_arena_push()/pop() would then share.
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
 * behind blockquote and list markers; over-approximated: every such line
 * passes, and some others do.
 */
static bool
delimiter_like(const char *p, size_t n)
{
	bool dash = false;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '-':
			dash = true;
			break;
		case '|':
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
	return dash;
}

/* An upper bound of the cells cmark can split a line into. */
static uint64_t
line_cells(const char *p, size_t n)
{
	uint64_t pipes = 0;
	size_t i;

	for (i = 0; i < n; i++)
		pipes += p[i] == '|';
	return pipes + 1;
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
 *   - Splitting a line into cells costs O(cells^2): a two-column table
 *     with one row of 65 000 pipes takes 22 s.
 *   - A delimiter-like line under a paragraph that does not become a table
 *     splits the whole paragraph again: "|\n-|\n" repeated takes 9 s.
 * So we bound these from the raw text, erring on the large side, and refuse
 * the document past the limits.
 */
struct table_cost {
	uint64_t cells;  /* cells, padding included */
	uint64_t render; /* columns squared, summed over rows */
	uint64_t split;  /* cells squared, summed over every line split */
	uint64_t rescan; /* paragraph bytes scanned again */
};

/* Running sums over one block: lines up to a blank line. */
struct table_block {
	uint64_t n_lines;
	uint64_t n_delims;
	uint64_t cols;     /* sum of c over its delimiter-like lines */
	uint64_t cols_at;  /* sum of c * i, i the line's index */
	uint64_t cols2;    /* sum of c * c */
	uint64_t cols2_at; /* sum of c * c * i */
	uint64_t split;    /* sum of line_cells()^2 over its lines */
};

/*
 * One line of a block, at byte at of the document; the block started at
 * byte block_at.  A delimiter row needs a header row above it in the same
 * block, so the first line is never one.  cmark then splits the header
 * (every line above) and the delimiter row.
 */
static void
add_line(struct table_block *b, struct table_cost *cost, const char *p,
    size_t n, size_t at, size_t block_at)
{
	uint64_t k = line_cells(p, n);

	b->split += k * k;
	if (b->n_lines > 0 && delimiter_like(p, n)) {
		b->n_delims++;
		b->cols += k;
		b->cols_at += k * b->n_lines;
		b->cols2 += k * k;
		b->cols2_at += k * k * b->n_lines;
		cost->split += b->split;
		cost->rescan += at - block_at;
	}
	b->n_lines++;
}

/*
 * A blank line ends a block and any table in it, so a table has at most as
 * many rows as there are lines from its delimiter row (c columns, at index
 * i) to the end of the block, n - i: c * (n - i) cells, c * c * (n - i)
 * rendering.  Each line of a block with a table in it may be split twice
 * more as a row (once to see whether it is one, once to make it).
 */
static void
close_block(struct table_block *b, struct table_cost *cost)
{
	cost->cells += b->n_lines * b->cols - b->cols_at;
	cost->render += b->n_lines * b->cols2 - b->cols2_at;
	if (b->n_delims > 0)
		cost->split += 2 * b->split;
	memset(b, 0, sizeof(*b));
}

static int
check_tables(const char *src, size_t len, struct hl_err *err)
{
	struct table_cost cost = { 0 };
	struct table_block b = { 0 };
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
			close_block(&b, &cost);
			block_at = next;
		} else {
			add_line(&b, &cost, src + at, end - at, at, block_at);
		}
		if (end == len)
			break;
		at = next;
	}
	close_block(&b, &cost);
	if (cost.cells > TABLE_MAX_CELLS || cost.render > TABLE_MAX_RENDER ||
	    cost.split > TABLE_MAX_SPLIT || cost.rescan > TABLE_MAX_RESCAN)
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
