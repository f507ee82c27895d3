/*
 * The HTML of the public pages.  A page is head + header + content +
 * footer; the stylesheet link carries a digest of the stylesheet so that
 * it can be cached for a year and still change with a release.
 */
#include "page.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "md.h"

#define SITE_NAME "红链"

/*
 * Phone first: one column of readable width, system fonts with the
 * Chinese ones named, tables that scroll sideways instead of widening the
 * page.  Print: no site chrome, black on white, link targets written out.
 */
const char hl_page_css[] =
    ":root{--red:#b3261e;--ink:#1f1f1f;--muted:#5f6368;--line:#e3e3e3;"
    "--bg:#fafafa;--card:#fff}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font:17px/1.75 -apple-system,BlinkMacSystemFont,\"PingFang SC\","
    "\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",sans-serif;overflow-wrap:break-word}\n"
    ".site{background:var(--red);color:#fff;padding:.6rem 1rem}\n"
    ".site a{color:#fff;text-decoration:none;font-weight:600}\n"
    "main{max-width:44rem;margin:0 auto;padding:1rem}\n"
    "article,.group{background:var(--card);border:1px solid var(--line);"
    "border-radius:.5rem;padding:1rem 1.1rem;margin:0 0 1rem}\n"
    "h1{font-size:1.45rem;line-height:1.4;margin:.2rem 0 .6rem}\n"
    "h2{font-size:1.2rem;line-height:1.4;margin:1.4rem 0 .5rem}\n"
    "h3,h4,h5,h6{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
    ".group h2{margin-top:0;color:var(--red)}\n"
    ".meta{color:var(--muted);font-size:.9rem;margin:0 0 1rem}\n"
    ".meta .scope{display:inline-block;border:1px solid var(--red);"
    "color:var(--red);border-radius:.25rem;padding:0 .35rem;"
    "margin-right:.5rem;font-size:.8rem;line-height:1.6}\n"
    ".body p,.body ul,.body ol,.body blockquote,.body pre,.body table"
    "{margin:0 0 1rem}\n"
    ".body ul,.body ol{padding-left:1.5rem}\n"
    ".body blockquote{margin-left:0;padding:.2rem .9rem;"
    "border-left:4px solid var(--line);color:var(--muted)}\n"
    ".body a,.back a,.list a{color:var(--red)}\n"
    ".body img{max-width:100%;height:auto}\n"
    ".body code{font-family:ui-monospace,Menlo,Consolas,monospace;"
    "font-size:.9em;background:#f1f1f1;padding:.05rem .25rem;"
    "border-radius:.2rem}\n"
    ".body pre{overflow-x:auto;background:#f1f1f1;padding:.7rem;"
    "border-radius:.3rem}\n"
    ".body pre code{background:none;padding:0}\n"
    ".body table{display:block;overflow-x:auto;border-collapse:collapse;"
    "max-width:100%}\n"
    ".body th,.body td{border:1px solid var(--line);padding:.35rem .6rem;"
    "text-align:left;vertical-align:top}\n"
    ".body th{background:#f5f5f5;white-space:nowrap}\n"
    ".body th[align=center],.body td[align=center]{text-align:center}\n"
    ".body th[align=right],.body td[align=right]{text-align:right}\n"
    ".body hr{border:0;border-top:1px solid var(--line);margin:1.5rem 0}\n"
    ".list{list-style:none;margin:0;padding:0}\n"
    ".list li{padding:.55rem 0;border-top:1px solid var(--line)}\n"
    ".list li:first-child{border-top:0}\n"
    ".list a{text-decoration:none;font-weight:500}\n"
    ".list time{display:block;color:var(--muted);font-size:.85rem}\n"
    ".back{margin:0 0 .8rem;font-size:.95rem}\n"
    ".empty{color:var(--muted)}\n"
    "footer{max-width:44rem;margin:0 auto;padding:0 1rem 2rem;"
    "color:var(--muted);font-size:.85rem}\n"
    "@media (min-width:48rem){body{font-size:18px}"
    "h1{font-size:1.7rem}}\n"
    "@media print{@page{margin:2cm}"
    "body{background:#fff;color:#000;font-size:12pt;line-height:1.6}"
    ".site,.back,footer{display:none}"
    "main{max-width:none;padding:0}"
    "article,.group{border:0;padding:0}"
    ".body a{color:#000}"
    ".body a[href^=\"http\"]::after{content:\" (\" attr(href) \")\";"
    "font-size:.85em;overflow-wrap:anywhere}"
    ".body table{display:table}"
    ".body pre{white-space:pre-wrap}"
    "h1,h2,h3{break-after:avoid}"
    "tr,img,pre,blockquote{break-inside:avoid}}\n";

const size_t hl_page_css_len = sizeof(hl_page_css) - 1;

struct meta {
	const char *title;       /* text */
	const char *description; /* text or NULL */
	const char *url;         /* absolute, or NULL */
	const char *og_type;
};

static void
text(struct hl_buf *out, const char *s)
{
	hl_md_html_escape(s, strlen(s), out);
}

/* public_url + path, without doubling the "/". */
static void
url_of(struct hl_buf *out, const char *public_url, const char *path)
{
	size_t n = public_url != NULL ? strlen(public_url) : 0;

	while (n > 0 && public_url[n - 1] == '/')
		n--;
	hl_buf_append(out, public_url != NULL ? public_url : "", n);
	hl_buf_puts(out, path);
}

/* FNV-1a of the stylesheet: changes whenever the text does. */
static uint32_t
css_digest(void)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < hl_page_css_len; i++) {
		h ^= (unsigned char)hl_page_css[i];
		h *= 16777619u;
	}
	return h;
}

static void
tag_meta(struct hl_buf *out, const char *attr, const char *name,
    const char *value)
{
	if (value == NULL)
		return;
	hl_buf_printf(out, "<meta %s=\"%s\" content=\"", attr, name);
	text(out, value);
	hl_buf_puts(out, "\">\n");
}

static void
begin(struct hl_buf *out, const struct meta *m)
{
	hl_buf_puts(out,
	    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"format-detection\" content=\"telephone=no\">\n"
	    "<title>");
	text(out, m->title);
	hl_buf_puts(out, " - " SITE_NAME "</title>\n");
	tag_meta(out, "name", "description", m->description);
	tag_meta(out, "property", "og:type", m->og_type);
	tag_meta(out, "property", "og:site_name", SITE_NAME);
	tag_meta(out, "property", "og:title", m->title);
	tag_meta(out, "property", "og:description", m->description);
	tag_meta(out, "property", "og:url", m->url);
	if (m->url != NULL) {
		hl_buf_puts(out, "<link rel=\"canonical\" href=\"");
		text(out, m->url);
		hl_buf_puts(out, "\">\n");
	}
	hl_buf_printf(out,
	    "<link rel=\"stylesheet\" href=\"" HL_PAGE_CSS_PATH "?v=%08" PRIx32
	    "\">\n"
	    "</head>\n<body>\n"
	    "<header class=\"site\"><a href=\"/bulletins\">" SITE_NAME
	    " · 政策简报</a></header>\n<main>\n",
	    css_digest());
}

static void
end(struct hl_buf *out)
{
	hl_buf_puts(out,
	    "</main>\n<footer>淄博市产业链党委 · " SITE_NAME
	    "企业服务平台</footer>\n</body>\n</html>\n");
}

void
hl_page_bulletin(struct hl_buf *out, const struct hl_bulletin_public *b,
    const char *public_url)
{
	struct hl_buf url = { 0 };
	char path[48];
	struct meta m = { b->title, b->excerpt, NULL, "article" };

	snprintf(path, sizeof(path), "/bulletins/%" PRId64, b->id);
	url_of(&url, public_url, path);
	m.url = hl_buf_cstr(&url);
	if (m.description != NULL && m.description[0] == '\0')
		m.description = NULL;
	begin(out, &m);
	hl_buf_puts(out,
	    "<p class=\"back\"><a href=\"/bulletins\">‹ 全部简报</a></p>\n"
	    "<article>\n<h1>");
	text(out, b->title);
	hl_buf_puts(out, "</h1>\n<p class=\"meta\"><span class=\"scope\">");
	text(out, b->scope);
	hl_buf_puts(out, "</span><time datetime=\"");
	text(out, b->published_at);
	hl_buf_puts(out, "\">");
	text(out, b->published_on);
	hl_buf_puts(out, "</time></p>\n<div class=\"body\">\n");
	/* Rendered by md.c: raw HTML dropped, URLs limited. */
	hl_buf_puts(out, b->body_html);
	hl_buf_puts(out, "</div>\n</article>\n");
	end(out);
	hl_buf_release(&url);
}

/* Rows of one group are adjacent; citywide has no code. */
static bool
same_group(const struct hl_bulletin_index_row *a,
    const struct hl_bulletin_index_row *b)
{
	if (a->group_code == NULL || b->group_code == NULL)
		return a->group_code == b->group_code;
	return strcmp(a->group_code, b->group_code) == 0;
}

void
hl_page_bulletin_index(struct hl_buf *out,
    const struct hl_bulletin_index_row *rows, size_t n_rows,
    const char *public_url)
{
	struct hl_buf url = { 0 };
	struct meta m = { "政策简报",
		"淄博市产业链党委发布的政策简报：全市及各产业链的政策解读与服务信息。",
		NULL, "website" };
	size_t i;

	url_of(&url, public_url, "/bulletins");
	m.url = hl_buf_cstr(&url);
	begin(out, &m);
	hl_buf_puts(out, "<h1>政策简报</h1>\n");
	if (n_rows == 0)
		hl_buf_puts(out, "<p class=\"empty\">暂无已发布的简报。</p>\n");
	for (i = 0; i < n_rows; i++) {
		const struct hl_bulletin_index_row *r = &rows[i];

		if (i == 0 || !same_group(&rows[i - 1], r)) {
			hl_buf_puts(out, "<section class=\"group\"><h2>");
			text(out, r->group_name);
			hl_buf_puts(out, "</h2>\n<ul class=\"list\">\n");
		}
		hl_buf_printf(out, "<li><a href=\"/bulletins/%" PRId64 "\">",
		    r->b.id);
		text(out, r->b.title);
		hl_buf_puts(out, "</a><time datetime=\"");
		text(out, r->b.published_at);
		hl_buf_puts(out, "\">");
		text(out, r->b.published_on);
		hl_buf_puts(out, "</time></li>\n");
		if (i + 1 == n_rows || !same_group(r, &rows[i + 1]))
			hl_buf_puts(out, "</ul></section>\n");
	}
	end(out);
	hl_buf_release(&url);
}

void
hl_page_not_found(struct hl_buf *out)
{
	const struct meta m = { "页面不存在", NULL, NULL, NULL };

	begin(out, &m);
	hl_buf_puts(out,
	    "<article>\n<h1>页面不存在</h1>\n"
	    "<p>该简报不存在或尚未发布。</p>\n"
	    "<p class=\"back\"><a href=\"/bulletins\">‹ 查看全部简报</a></p>\n"
	    "</article>\n");
	end(out);
}
