/* link: md mem buf str err log */
/*
 * Markdown rendering: the GFM features we use, Chinese text, the XSS corpus
 * (nothing active may survive), 64 KiB pathological inputs against a 1 s
 * bound, the size and UTF-8 checks, and concurrent rendering.
 */
#include <ctype.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "buf.h"
#include "err.h"
#include "md.h"

/* Render a C string; the test fails when rendering fails.  Caller frees. */
static char *
render(const char *src)
{
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };

	if (hl_md_render(src, strlen(src), &html, &err) == -1)
		fail_msg("render failed: %d %s", err.status, err.msg);
	return hl_buf_detach(&html, NULL);
}

/* Assert that rendering src gives HTML containing each of the strings. */
static void
assert_renders(const char *src, ...)
{
	char *html = render(src);
	const char *want;
	va_list ap;

	va_start(ap, src);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (strstr(html, want) == NULL)
			fail_msg("rendering %s\ngave %s\nwithout %s", src, html,
			    want);
	}
	va_end(ap);
	free(html);
}

/*
 * The scheme of an attribute value as a browser sees it: entities that
 * cmark writes decoded, leading spaces and controls skipped, tabs and
 * newlines dropped, lower case.
 */
static void
url_head(const char *v, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	size_t i = 0;
	char c;

	while (i < n && (unsigned char)v[i] <= 0x20)
		i++;
	while (i < n && o + 1 < cap) {
		c = v[i++];
		if (c == '&') {
			/* cmark writes &amp; &quot; &#x27; &lt; &gt; only. */
			while (i < n && v[i - 1] != ';')
				i++;
			c = '?';
		}
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		out[o++] = (char)tolower((unsigned char)c);
	}
	out[o] = '\0';
}

static bool
bad_scheme(const char *head)
{
	static const char *const bad[] = { "javascript:", "vbscript:", "data:",
		"file:" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strncmp(head, bad[i], strlen(bad[i])) == 0)
			return true;
	return false;
}

/*
 * Whether html could do more than display, with what into why.  Text
 * outside tags is escaped by cmark ('<' is "&lt;"), so "javascript:" or
 * "onerror" in plain text is inert; what counts is markup: a dangerous
 * element anywhere, an on* attribute, an href or src with a dangerous
 * scheme.  cmark always double-quotes attribute values and escapes '"'
 * inside them; anything else it would not write counts as active too.
 */
static bool
active_markup(const char *html, char *why, size_t size)
{
	static const char *const elements[] = { "<script", "<iframe", "<svg",
		"<object", "<embed", "<style", "<math", "<base", "<form",
		"<meta", "<link", "<img src=x", "<a href=\"javascript" };
	char *l = strdup(html);
	char name[32];
	char head[32];
	const char *p;
	const char *v;
	size_t i;
	size_t n;
	bool active = true;

	for (i = 0; l[i] != '\0'; i++)
		l[i] = (char)tolower((unsigned char)l[i]);
	for (i = 0; i < sizeof(elements) / sizeof(elements[0]); i++)
		if (strstr(l, elements[i]) != NULL) {
			snprintf(why, size, "%s", elements[i]);
			goto out;
		}
	for (p = strchr(l, '<'); p != NULL; p = strchr(p, '<')) {
		if (strncmp(p, "<!--", 4) == 0) {
			p = strstr(p, "-->");
			if (p == NULL) {
				snprintf(why, size, "an open comment");
				goto out;
			}
			continue;
		}
		p += strspn(p + 1, "/") + 1;
		p += strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		for (;;) {
			p += strspn(p, " \t\n");
			if (*p == '>' || *p == '\0' || strncmp(p, "/>", 2) == 0)
				break;
			n = strcspn(p, "= \t\n>");
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			if (strncmp(name, "on", 2) == 0) {
				snprintf(why, size, "an %s attribute", name);
				goto out;
			}
			p += n;
			if (*p != '=')
				continue;
			v = p + 2;
			if (p[1] != '"' || (p = strchr(v, '"')) == NULL) {
				snprintf(why, size, "an unquoted %s", name);
				goto out;
			}
			url_head(v, (size_t)(p - v), head, sizeof(head));
			if ((strcmp(name, "href") == 0 ||
			        strcmp(name, "src") == 0) &&
			    bad_scheme(head)) {
				snprintf(why, size, "%s=\"%s\"", name, head);
				goto out;
			}
			p++;
		}
	}
	active = false;
out:
	free(l);
	return active;
}

/* A doc exercising strikethrough, autolinks and a table: the features
 * whose parsing state cmark keeps in globals. */
static const char concurrent_doc[] =
    "~~作废~~ 见 www.zibo.gov.cn 或 a@b.cn ~~旧条款~~ https://x.cn/p\n"
    "\n"
    "| 链 | 企业 |\n"
    "|---|---|\n"
    "| ~~新材料~~ | www.a.cn |\n";

struct worker {
	char *first; /* the worker's first rendering */
	int n_bad;   /* renderings that differed from it */
};

static void *
render_many(void *arg)
{
	struct worker *w = arg;
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };
	int i;

	for (i = 0; i < 300; i++) {
		hl_buf_reset(&html);
		if (hl_md_render(concurrent_doc, sizeof(concurrent_doc) - 1,
		        &html, &err) == -1)
			w->n_bad++;
		else if (w->first == NULL)
			w->first = hl_buf_detach(&html, NULL);
		else if (strcmp(hl_buf_cstr(&html), w->first) != 0)
			w->n_bad++;
	}
	hl_buf_release(&html);
	return NULL;
}

/*
 * First in the list, so that the threads also race into the lazy
 * registration of the extensions.  Without the parse lock in md.c, about a
 * third of these renderings lose their strikethrough or autolinks.
 */
static void
test_md_render_concurrent_threads_agree(void **state)
{
	struct worker w[8] = { 0 };
	pthread_t t[8];
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(
		    pthread_create(&t[i], NULL, render_many, &w[i]), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_non_null(w[0].first);
	assert_non_null(strstr(w[0].first, "<del>作废</del>"));
	assert_non_null(strstr(w[0].first, "href=\"http://www.zibo.gov.cn\""));
	assert_non_null(strstr(w[0].first, "href=\"mailto:a@b.cn\""));
	assert_non_null(strstr(w[0].first, "<td><del>新材料</del></td>"));
	for (i = 0; i < 8; i++) {
		assert_int_equal(w[i].n_bad, 0);
		assert_string_equal(w[i].first, w[0].first);
	}
	for (i = 0; i < 8; i++)
		free(w[i].first);
}

static void
test_md_render_tables_with_alignment(void **state)
{
	(void)state;
	hl_md_init();
	assert_renders("| 名称 | 数量 | 备注 |\n"
	               "|:---|---:|:---:|\n"
	               "| 钢铁 | 3 | 重点 |\n"
	               "| 化工 | 12 |\n",
	    "<table>", "<th align=\"left\">名称</th>",
	    "<th align=\"right\">数量</th>", "<th align=\"center\">备注</th>",
	    "<td align=\"left\">钢铁</td>", "<td align=\"right\">12</td>",
	    "<td align=\"center\"></td>", "</table>", NULL);
	/* A pipe inside a cell is escaped with a backslash. */
	assert_renders("| a |\n|---|\n| x \\| y |\n", "<td>x | y</td>", NULL);
}

static void
test_md_render_lists(void **state)
{
	(void)state;
	assert_renders("- 走访\n- 诉求\n  - 子项\n\n3. 第三\n4. 第四\n",
	    "<ul>\n<li>走访</li>\n<li>诉求\n<ul>\n<li>子项</li>",
	    "<ol start=\"3\">\n<li>第三</li>\n<li>第四</li>\n</ol>", NULL);
}

static void
test_md_render_links_keeps_safe_urls(void **state)
{
	(void)state;
	assert_renders("[政策](https://www.zibo.gov.cn/p?a=1&b=2 \"标题\") "
	               "[相对](/policies/3) [锚点](#s2) [邮件](mailto:a@b.cn) "
	               "[协议相对](//cdn.example.cn/x) [大写](HTTPS://A.CN/)",
	    "<a href=\"https://www.zibo.gov.cn/p?a=1&amp;b=2\" "
	    "title=\"标题\">政策</a>",
	    "<a href=\"/policies/3\">相对</a>", "<a href=\"#s2\">锚点</a>",
	    "<a href=\"mailto:a@b.cn\">邮件</a>",
	    "<a href=\"//cdn.example.cn/x\">协议相对</a>",
	    "<a href=\"HTTPS://A.CN/\">大写</a>", NULL);
	/* Chinese in a URL is percent-encoded. */
	assert_renders("[淄博](https://zh.wikipedia.org/wiki/淄博)",
	    "href=\"https://zh.wikipedia.org/wiki/%E6%B7%84%E5%8D%9A\"", NULL);
	assert_renders("![图](https://a.cn/x.png) ![本站](/files/1.png)",
	    "<img src=\"https://a.cn/x.png\" alt=\"图\" />",
	    "<img src=\"/files/1.png\" alt=\"本站\" />", NULL);
}

static void
test_md_render_chinese_headings(void **state)
{
	(void)state;
	assert_renders("# 淄博市新材料产业链政策\n\n"
	               "## 第一章　总则\n\n"
	               "正文：支持**链主企业**牵头，*协同*发展。\n\n"
	               "第二章\n======\n",
	    "<h1>淄博市新材料产业链政策</h1>", "<h2>第一章　总则</h2>",
	    "<p>正文：支持<strong>链主企业</strong>牵头，<em>协同</em>"
	    "发展。</p>",
	    "<h1>第二章</h1>", NULL);
}

static void
test_md_render_strikethrough_needs_two_tildes(void **state)
{
	char *html;

	(void)state;
	assert_renders("~~已废止~~ 现行", "<del>已废止</del> 现行", NULL);
	/* Ranges written with one tilde stay text. */
	html = render("工期 3~5 天，验收 7~8 天");
	assert_string_equal(html, "<p>工期 3~5 天，验收 7~8 天</p>\n");
	free(html);
}

static void
test_md_render_autolinks(void **state)
{
	(void)state;
	assert_renders("见 https://www.zibo.gov.cn/a 与 www.example.cn 联系 "
	               "a@b.cn 或 <https://c.cn>",
	    "<a href=\"https://www.zibo.gov.cn/a\">https://www.zibo.gov.cn/a</a>",
	    "<a href=\"http://www.example.cn\">www.example.cn</a>",
	    "<a href=\"mailto:a@b.cn\">a@b.cn</a>",
	    "<a href=\"https://c.cn\">https://c.cn</a>", NULL);
}

static void
test_md_render_autolinks_stop_before_chinese(void **state)
{
	char *html;

	(void)state;
	html = render("详见https://www.zibo.gov.cn/a，谢谢。 www.a.cn。");
	assert_string_equal(html,
	    "<p>详见<a href=\"https://www.zibo.gov.cn/a\">"
	    "https://www.zibo.gov.cn/a</a>，谢谢。 "
	    "<a href=\"http://www.a.cn\">www.a.cn</a>。</p>\n");
	free(html);
	/* An explicit link keeps its URL. */
	assert_renders("[链接](https://a.cn/x，y)",
	    "<a href=\"https://a.cn/x%EF%BC%8Cy\">链接</a>", NULL);
}

static void
test_md_render_appends(void **state)
{
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	hl_buf_puts(&html, "<main>");
	assert_int_equal(hl_md_render("*a*", 3, &html, &err), 0);
	assert_string_equal(hl_buf_cstr(&html), "<main><p><em>a</em></p>\n");
	hl_buf_reset(&html);
	assert_int_equal(hl_md_render("", 0, &html, &err), 0);
	assert_int_equal(html.len, 0);
	hl_buf_release(&html);
}

static const char *const xss_corpus[] = {
	"<script>alert(1)</script>",
	"<SCRIPT SRC=//x.cn/x.js></SCRIPT>",
	"a <script>alert(1)</script> b",
	"<img src=x onerror=alert(1)>",
	"x <img src=x onerror=alert(1)> y",
	"<iframe src=\"https://evil.cn\"></iframe>",
	"<svg onload=alert(1)>",
	"<svg><script>alert(1)</script></svg>",
	"<a href=\"javascript:alert(1)\">x</a>",
	"<A HREF=\"JaVaScRiPt:alert(1)\">x</A>",
	"<!-- <script>alert(1)</script> -->",
	"a <!-- c --> b",
	"<style>body{}</style>",
	"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
	"<div onmouseover=\"alert(1)\">x</div>",
	"[a](javascript:alert(1))",
	"[a](JaVaScRiPt:alert(1))",
	"[a](&#106;avascript:alert(1))",
	"[a](&#x6A;avascript:alert(1))",
	"[a](&#X6a;&#X61;vascript:alert(1))",
	"[a](javascript&#58;alert(1))",
	"[a](javascript&colon;alert(1))",
	"[a](java\tscript:alert(1))",
	"[a](java&#9;script:alert(1))",
	"[a](java&#10;script:alert(1))",
	"[a](java&Tab;script:alert(1))",
	"[a](&#9;javascript:alert(1))",
	"[a](&#1;javascript:alert(1))",
	"[a]( javascript:alert(1))",
	"[a](<javascript:alert(1)>)",
	"[a](<java script:alert(1)>)",
	"[a](javascript:alert`1`)",
	"[a](\\javascript:alert(1))",
	"[a](vbscript:msgbox(1))",
	"[a](VBScript:msgbox(1))",
	"[a](file:///etc/passwd)",
	"[a](data:text/html,<script>alert(1)</script>)",
	"[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"[a](DATA:text/html,x)",
	"![a](data:image/png;base64,iVBORw0KGgo=)",
	"![a](data:image/svg+xml,<svg onload=alert(1)>)",
	"![a](javascript:alert(1))",
	"![a\"onerror=\"alert(1)](https://a.cn/x.png)",
	"[a](https://a.cn \"\\\" onerror=\\\"alert(1)\")",
	"[a](https://a.cn\"onmouseover=\"alert(1))",
	"<javascript:alert(1)>",
	"<JAVASCRIPT:alert(1)>",
	"<vbscript:msgbox(1)>",
	"<data:text/html,<script>alert(1)</script>>",
	"<data:text/html;base64,PHNjcmlwdD4=>",
	"<file:///etc/passwd>",
	"[x]\n\n[x]: javascript:alert(1)",
	"[x]\n\n[x]: JaVaScRiPt:alert(1) \"t\"",
	"[x][y]\n\n[y]: &#106;avascript:alert(1)",
	"![x]\n\n[x]: data:text/html,x",
	"javascript:alert(1)",
	"xmpp:a@b.cn javascript:alert(1)@x.cn",
	"www.a.cn/javascript:alert(1)",
	"<a href=\"https://a.cn\" onclick=\"alert(1)\">x</a>",
	"<a href=\"https://a.cn\">x</a>",
	"<img src=\"javascript:alert(1)\">",
	"<object data=\"javascript:alert(1)\"></object>",
	"<embed src=\"javascript:alert(1)\">",
	"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
	"<base href=\"javascript:alert(1)//\">",
	"<form action=\"javascript:alert(1)\"><button>x</button></form>",
	"<details open ontoggle=alert(1)>",
	"<textarea><script>alert(1)</script></textarea>",
	"<title><script>alert(1)</script></title>",
	"<plaintext><script>alert(1)</script>",
	"```\n<script>alert(1)</script>\n```",
	"```js\" onmouseover=\"alert(1)\n x\n```",
	"`<img src=x onerror=alert(1)>`",
	"    <script>alert(1)</script>",
	"> <script>alert(1)</script>",
	"- <iframe src=x>",
	"| a |\n|---|\n| <script>alert(1)</script> |\n",
	"| [x](javascript:alert(1)) |\n|---|\n",
	"~~<svg onload=alert(1)>~~",
	"&lt;script&gt;alert(1)&lt;/script&gt;",
	"\\<script>alert(1)\\</script>",
	"<scr<script>ipt>alert(1)</script>",
	"<<script>script>alert(1)</script>",
	"<ScRiPt>alert(1)</sCrIpT>",
	"<script\n>alert(1)</script>",
	"<?php echo 1; ?> <![CDATA[<script>]]> <!DOCTYPE html>",
};

/* The corpus test is only as good as its checker. */
static void
test_md_active_markup_checker_finds_active_html(void **state)
{
	static const char *const active[] = {
		"<p><SCRIPT>alert(1)</SCRIPT></p>",
		"<p><img src=\"a.png\" onerror=\"alert(1)\" /></p>",
		"<a href=\"JavaScript:alert(1)\">x</a>",
		"<a href=\" \tjava\tscript:alert(1)\">x</a>",
		"<img src=\"data:text/html,x\" alt=\"\" />",
		"<a href=x>y</a>",
		"<p>a <!-- b</p>",
	};
	static const char *const inert[] = {
		"<p>javascript:alert(1) onerror=x data:text &lt;script&gt;</p>",
		"<p><a href=\"\">javascript:alert(1)</a></p>",
		"<a href=\"https://a.cn\" title=\"&quot; onerror=&quot;x\">",
		"<a href=\"java%73cript:x\">x</a><!-- raw HTML omitted -->",
	};
	char why[96];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(active) / sizeof(active[0]); i++)
		if (!active_markup(active[i], why, sizeof(why)))
			fail_msg("missed %s", active[i]);
	for (i = 0; i < sizeof(inert) / sizeof(inert[0]); i++)
		if (active_markup(inert[i], why, sizeof(why)))
			fail_msg("%s: %s", inert[i], why);
}

static void
test_md_render_xss_corpus_is_inert(void **state)
{
	char why[96];
	char *html;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(xss_corpus) / sizeof(xss_corpus[0]); i++) {
		html = render(xss_corpus[i]);
		if (active_markup(html, why, sizeof(why)))
			fail_msg("%s\nrendered with %s:\n%s", xss_corpus[i],
			    why, html);
		free(html);
	}
}

static void
test_md_render_blanks_unsafe_urls(void **state)
{
	(void)state;
	assert_renders("[a](JaVaScRiPt:alert(1))", "<a href=\"\">a</a>", NULL);
	assert_renders("[a](&#106;avascript:alert(1))", "<a href=\"\">a</a>",
	    NULL);
	assert_renders("[a](java&#9;script:alert(1))", "<a href=\"\">a</a>",
	    NULL);
	assert_renders("[a](&#9;javascript:alert(1))", "<a href=\"\">a</a>",
	    NULL);
	assert_renders("[a](xmpp:a@b.cn)", "<a href=\"\">a</a>", NULL);
	/* cmark lets data:image/png through; we do not. */
	assert_renders("![a](data:image/png;base64,iVBORw0KGgo=)",
	    "<img src=\"\" alt=\"a\" />", NULL);
	assert_renders("![a](mailto:a@b.cn)", "<img src=\"\" alt=\"a\" />",
	    NULL);
	/* Raw HTML is omitted, visibly to nobody. */
	assert_renders("<script>alert(1)</script>", "<!-- raw HTML omitted -->",
	    NULL);
}

/* One pathological input: a name, how to build 64 KiB of it, and whether
 * we expect it rendered (0) or refused as too complex (422). */
struct patho {
	const char *name;
	const char *unit; /* repeated to fill 64 KiB, when fill is NULL */
	size_t (*fill)(char *buf, size_t cap);
	int want_status;
};

static size_t
fill_nested_emph(char *buf, size_t cap)
{
	size_t n = 0;

	while (n + 14 <= cap / 2) {
		memcpy(buf + n, "*a **a ", 7);
		n += 7;
	}
	buf[n++] = 'b';
	while (n + 7 <= cap) {
		memcpy(buf + n, " a** a*", 7);
		n += 7;
	}
	return n;
}

static size_t
fill_nested_brackets(char *buf, size_t cap)
{
	size_t half = (cap - 1) / 2;

	memset(buf, '[', half);
	buf[half] = 'a';
	memset(buf + half + 1, ']', half);
	return 2 * half + 1;
}

static size_t
fill_backtick_runs(char *buf, size_t cap)
{
	size_t n = 0;
	size_t k;

	for (k = 1; n + k + 1 <= cap; k++) {
		buf[n++] = 'e';
		memset(buf + n, '`', k);
		n += k;
	}
	return n;
}

static size_t
fill_nested_lists(char *buf, size_t cap)
{
	size_t n = 0;
	size_t d;

	for (d = 0; n + 2 * d + 4 <= cap; d++) {
		memset(buf + n, ' ', 2 * d);
		n += 2 * d;
		memcpy(buf + n, "* a\n", 4);
		n += 4;
	}
	return n;
}

/*
 * A header of n_cols columns, its delimiter row, then rows "x" until cap or
 * n_rows; the first line starts with first, the others with rest (container
 * markers).
 */
static size_t
fill_table(char *buf, size_t cap, const char *first, const char *rest,
    size_t n_cols, size_t n_rows)
{
	size_t n = 0;
	size_t i;

	n += (size_t)sprintf(buf + n, "%s", first);
	for (i = 0; i < n_cols; i++)
		n += (size_t)sprintf(buf + n, "a|");
	n += (size_t)sprintf(buf + n, "\n%s", rest);
	for (i = 0; i < n_cols; i++)
		n += (size_t)sprintf(buf + n, "-|");
	buf[n++] = '\n';
	for (i = 0; i < n_rows && n + strlen(rest) + 3 <= cap; i++)
		n += (size_t)sprintf(buf + n, "%sx\n", rest);
	return n;
}

static size_t
fill_wide_table(char *buf, size_t cap)
{
	return fill_table(buf, cap, "", "", 3000, 2);
}

static size_t
fill_wide_tall_table(char *buf, size_t cap)
{
	return fill_table(buf, cap, "", "", 5000, SIZE_MAX);
}

static size_t
fill_long_table(char *buf, size_t cap)
{
	static const char row[] = "| 淄博 | 1 | 2 | 3 |\n";
	size_t n = fill_table(buf, cap, "", "", 4, 0);

	while (n + sizeof(row) - 1 <= cap) {
		memcpy(buf + n, row, sizeof(row) - 1);
		n += sizeof(row) - 1;
	}
	return n;
}

/* A two-column table, then one row of pipes to the end. */
static size_t
fill_pipe_row(char *buf, size_t cap)
{
	memcpy(buf, "a|b\n-|-\n", 8);
	memset(buf + 8, '|', cap - 8);
	return cap;
}

/* A paragraph of pipes, then a delimiter row under it. */
static size_t
fill_pipe_header(char *buf, size_t cap)
{
	memset(buf, '|', cap - 5);
	memcpy(buf + cap - 5, "\n-|-\n", 5);
	return cap;
}

static const struct patho pathos[] = {
	{ "65536 x [", "[", NULL, 0 },
	{ "65536 x ]", "]", NULL, 0 },
	{ "*a repeated", "*a", NULL, 0 },
	{ "_a repeated", "_a ", NULL, 0 },
	{ "a_ repeated", "a_ ", NULL, 0 },
	{ "*a_ repeated", "*a_ ", NULL, 0 },
	{ "**a repeated", "**a", NULL, 0 },
	{ "nested strong emph", NULL, fill_nested_emph, 0 },
	{ "65536 x >", ">", NULL, 0 },
	{ "> repeated", "> ", NULL, 0 },
	{ "- > repeated", "- > ", NULL, 0 },
	{ "65536 x |", "|", NULL, 0 },
	{ "a| repeated", "a|", NULL, 0 },
	{ "|-| repeated", "|-|", NULL, 0 },
	{ "65536 x `", "`", NULL, 0 },
	{ "e + backtick runs", NULL, fill_backtick_runs, 0 },
	{ "65536 x <", "<", NULL, 0 },
	{ "<a repeated", "<a", NULL, 0 },
	{ "</<!-- repeated", "<!--", NULL, 0 },
	{ "nested brackets", NULL, fill_nested_brackets, 0 },
	{ "[a]( repeated", "[a](", NULL, 0 },
	{ "[a](<b repeated", "[a](<b", NULL, 0 },
	{ "[ (]( repeated", "[ (](", NULL, 0 },
	{ "![[]() repeated", "![[]()", NULL, 0 },
	{ "[ a_ repeated", "[ a_", NULL, 0 },
	{ "65536 x ~", "~", NULL, 0 },
	{ "~~a repeated", "~~a", NULL, 0 },
	{ "www.a repeated", "www.a", NULL, 0 },
	{ "www.a.cn_ repeated", "www.a.cn_ ", NULL, 0 },
	{ "a@ repeated", "a@", NULL, 0 },
	{ "a@a.cn repeated", "a@a.cn ", NULL, 0 },
	{ "http:// repeated", "http://", NULL, 0 },
	{ "mailto: repeated", "mailto:", NULL, 0 },
	{ "&# repeated", "&#", NULL, 0 },
	{ "backslashes", "\\", NULL, 0 },
	{ "[x]: refs repeated", "[x]: y\n", NULL, 0 },
	{ "1. repeated", "1. ", NULL, 0 },
	{ "deeply nested lists", NULL, fill_nested_lists, 0 },
	{ "newlines", "\n", NULL, 0 },
	{ "a + two spaces", "a  \n", NULL, 0 },
	{ "table, 3000 columns", NULL, fill_wide_table, 0 },
	{ "table, 4 columns, 3000 rows", NULL, fill_long_table, 0 },
	{ "table, 5000 cols x 10k rows", NULL, fill_wide_tall_table, 422 },
	{ "table, a row of 65k pipes", NULL, fill_pipe_row, 422 },
	{ "65k pipes over a delimiter", NULL, fill_pipe_header, 422 },
	{ "|\\n-|\\n repeated", "|\n-|\n", NULL, 422 },
	{ "aaa\\rbbb\\n-\\v\\n repeated", "aaa\rbbb\n-\v\n", NULL, 422 },
};

/* CPU time of this thread: the test is about the renderer's algorithm
 * (no quadratic blow-up), which wall time on a busy machine does not
 * measure. */
static double
thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_md_render_pathological_inputs_under_a_second(void **state)
{
	char *buf = malloc(HL_MD_MAX_LEN);
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };
	double t0;
	double s;
	size_t i;
	size_t n;
	size_t u;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(pathos) / sizeof(pathos[0]); i++) {
		if (pathos[i].fill != NULL) {
			n = pathos[i].fill(buf, HL_MD_MAX_LEN);
		} else {
			u = strlen(pathos[i].unit);
			for (n = 0; n < HL_MD_MAX_LEN; n++)
				buf[n] = pathos[i].unit[n % u];
		}
		assert_true(n <= HL_MD_MAX_LEN);
		hl_buf_reset(&html);
		hl_err_clear(&err);
		t0 = thread_cpu_s();
		rc = hl_md_render(buf, n, &html, &err);
		s = thread_cpu_s() - t0;
		print_message("  %-30s %6zu B  %8.2f ms  %s\n", pathos[i].name,
		    n, s * 1e3,
		    rc == 0                 ? "rendered"
		        : err.status == 422 ? "refused (422)"
		                            : "?");
		if (pathos[i].want_status == 0) {
			if (rc != 0)
				fail_msg("%s: %d %s", pathos[i].name,
				    err.status, err.msg);
		} else {
			assert_int_equal(rc, -1);
			assert_int_equal(err.status, pathos[i].want_status);
			assert_int_equal(html.len, 0);
		}
		if (s >= 1.0)
			fail_msg("%s took %.3f s of CPU", pathos[i].name, s);
	}
	hl_buf_release(&html);
	free(buf);
}

static void
test_md_render_refuses_over_64k(void **state)
{
	char *buf = malloc(HL_MD_MAX_LEN + 1);
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	memset(buf, 'a', HL_MD_MAX_LEN + 1);
	assert_int_equal(hl_md_render(buf, HL_MD_MAX_LEN + 1, &html, &err), -1);
	assert_int_equal(err.status, 413);
	assert_string_equal(err.code, "payload_too_large");
	assert_string_equal(err.msg, "Markdown 内容不能超过 64 KiB");
	assert_int_equal(html.len, 0);
	/* Exactly 64 KiB is fine. */
	hl_err_clear(&err);
	assert_int_equal(hl_md_render(buf, HL_MD_MAX_LEN, &html, &err), 0);
	assert_int_equal(html.len, HL_MD_MAX_LEN + 8); /* <p>…</p>\n */
	hl_buf_release(&html);
	free(buf);
}

static void
test_md_render_refuses_invalid_utf8(void **state)
{
	static const char *const bad[] = { "\xff", "ab\xc3", "\xc0\xaf",
		"\xed\xa0\x80", "中\x80文" };
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };
	size_t i;

	(void)state;
	hl_buf_puts(&html, "kept");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hl_err_clear(&err);
		assert_int_equal(
		    hl_md_render(bad[i], strlen(bad[i]), &html, &err), -1);
		assert_int_equal(err.status, 400);
		assert_string_equal(err.code, "bad_request");
	}
	assert_string_equal(hl_buf_cstr(&html), "kept");
	hl_buf_release(&html);
}

static void
test_md_render_refuses_huge_tables(void **state)
{
	static const char small[] = "| a | b | c |\n|---|---|---|\n"
	                            "| 1 | 2 | 3 |\n\n";
	char *buf = malloc(HL_MD_MAX_LEN);
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };
	size_t n;
	size_t i;

	(void)state;
	/* 10 000 columns over 12 000 rows would make cmark abort(). */
	n = fill_table(buf, HL_MD_MAX_LEN, "", "", 10000, SIZE_MAX);
	assert_int_equal(hl_md_render(buf, n, &html, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	/* The same inside a blockquote and a list item. */
	n = fill_table(buf, HL_MD_MAX_LEN, "> ", "> ", 4000, SIZE_MAX);
	assert_int_equal(hl_md_render(buf, n, &html, &err), -1);
	n = fill_table(buf, HL_MD_MAX_LEN, "- ", "  ", 4000, SIZE_MAX);
	assert_int_equal(hl_md_render(buf, n, &html, &err), -1);
	/* CR line ends are line ends too. */
	for (i = 0; i < n; i++)
		if (buf[i] == '\n')
			buf[i] = '\r';
	assert_int_equal(hl_md_render(buf, n, &html, &err), -1);
	assert_int_equal(html.len, 0);
	/* A blank line ends a table: many small tables are fine. */
	for (n = 0; n + sizeof(small) - 1 <= HL_MD_MAX_LEN;
	     n += sizeof(small) - 1)
		memcpy(buf + n, small, sizeof(small) - 1);
	hl_err_clear(&err);
	assert_int_equal(hl_md_render(buf, n, &html, &err), 0);
	assert_non_null(strstr(hl_buf_cstr(&html), "<td>3</td>"));
	hl_buf_release(&html);
	free(buf);
}

static void
test_md_html_escape_escapes_five_characters(void **state)
{
	struct hl_buf out = { 0 };

	(void)state;
	hl_md_html_escape("<a href=\"x\" title='y'>&amp;</a>", 31, &out);
	assert_string_equal(hl_buf_cstr(&out),
	    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
	hl_buf_reset(&out);
	hl_md_html_escape("淄博 <b>", 8, &out); /* stops at len */
	assert_string_equal(hl_buf_cstr(&out), "淄博 &lt;");
	hl_buf_reset(&out);
	hl_md_html_escape("", 0, &out);
	assert_int_equal(out.len, 0);
	hl_md_html_escape("plain", 5, &out);
	assert_string_equal(hl_buf_cstr(&out), "plain");
	hl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_render_concurrent_threads_agree),
		cmocka_unit_test(test_md_render_tables_with_alignment),
		cmocka_unit_test(test_md_render_lists),
		cmocka_unit_test(test_md_render_links_keeps_safe_urls),
		cmocka_unit_test(test_md_render_chinese_headings),
		cmocka_unit_test(test_md_render_strikethrough_needs_two_tildes),
		cmocka_unit_test(test_md_render_autolinks),
		cmocka_unit_test(test_md_render_autolinks_stop_before_chinese),
		cmocka_unit_test(test_md_render_appends),
		cmocka_unit_test(
		    test_md_active_markup_checker_finds_active_html),
		cmocka_unit_test(test_md_render_xss_corpus_is_inert),
		cmocka_unit_test(test_md_render_blanks_unsafe_urls),
		cmocka_unit_test(
		    test_md_render_pathological_inputs_under_a_second),
		cmocka_unit_test(test_md_render_refuses_over_64k),
		cmocka_unit_test(test_md_render_refuses_invalid_utf8),
		cmocka_unit_test(test_md_render_refuses_huge_tables),
		cmocka_unit_test(test_md_html_escape_escapes_five_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
