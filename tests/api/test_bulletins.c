/*
 * Bulletins over HTTP: Markdown rendered by the server (tables, lists,
 * links, Chinese), an XSS corpus that must come out inert both in
 * body_html and on the public page, the size limit, bad input refused
 * without partial writes, who sees drafts, publishing, the public pages
 * (title, Open Graph, CSP, 404) and the editor's preview.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <jansson.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

static struct thttp_client *committee_;
static struct thttp_client *admin_;
static struct thttp_client *ent_;
static struct thttp_client *commissioner_;
static struct tdb *db_;

/* ---- helpers ---- */

static const struct tfix_login logins_[] = {
	{ "committee-demo", &committee_ },
	{ "admin-demo", &admin_ },
	{ "ent-demo", &ent_ },
	{ "commissioner-demo", &commissioner_ },
	{ NULL, NULL },
};

static int
setup(void **state)
{
	(void)state;
	return tfix_open(logins_, &db_);
}

static int
teardown(void **state)
{
	(void)state;
	tfix_close(logins_, &db_);
	return 0;
}

/* Send body (consumed) as JSON. */
static struct thttp_resp *
send_json(struct thttp_client *c, const char *method, const char *path,
    json_t *body)
{
	char *s = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	struct thttp_resp *r = thttp_client_json(c, method, path, s);

	free(s);
	json_decref(body);
	return r;
}

static json_t *
bulletin_body(const char *title, const char *md, const char *chain)
{
	json_t *chains = json_array();

	if (chain != NULL)
		json_array_append_new(chains, json_string(chain));
	return json_pack("{s:s, s:s, s:o}", "title", title, "body_md", md,
	    "chain_codes", chains);
}

/* Create a draft for 汽车部件 as committee-demo; returns its id. */
static long long
create(const char *title, const char *md, struct thttp_resp **out)
{
	struct thttp_resp *r = send_json(committee_, "POST",
	    "/api/v1/bulletins", bulletin_body(title, md, "auto-parts"));
	long long id;

	if (r->status != 201)
		fail_msg("create: %ld %s", r->status, r->body);
	id = thttp_resp_int(r, "id", 0);
	if (out != NULL)
		*out = r;
	else
		thttp_resp_free(r);
	return id;
}

static void
publish(long long id, const char *verb, long expect)
{
	char path[96];
	struct thttp_resp *r;

	snprintf(path, sizeof(path), "/api/v1/bulletins/%lld/%s", id, verb);
	r = thttp_client_request(committee_, "POST", path, NULL, NULL, 0);
	if (r->status != expect)
		fail_msg("%s: %ld %s", verb, r->status, r->body);
	thttp_resp_free(r);
}

static struct thttp_resp *
page(long long id)
{
	char path[64];

	snprintf(path, sizeof(path), "/bulletins/%lld", id);
	return thttp_request("GET", path, NULL, NULL, 0);
}

static long long
n_bulletins(void)
{
	return tdb_int(db_,
	    "SELECT (SELECT count(*) FROM bulletins) * 1000"
	    " + (SELECT count(*) FROM bulletin_chains)",
	    NULL);
}

/* ---- an HTML checker: what in a page could run or leak ---- */

static const char *const inert_tags[] = { "html", "head", "body", "meta",
	"link", "title", "header", "main", "footer", "article", "section",
	"div", "p", "span", "time", "a", "ul", "ol", "li", "h1", "h2", "h3",
	"h4", "h5", "h6", "strong", "em", "del", "code", "pre", "blockquote",
	"table", "thead", "tbody", "tr", "th", "td", "hr", "br", "img", NULL };
static const char *const inert_attrs[] = { "href", "src", "alt", "title",
	"align", "class", "datetime", "rel", "content", "name", "property",
	"charset", "lang", "start", NULL };

static bool
listed(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcasecmp(*list, s) == 0)
			return true;
	return false;
}

/* An attribute value as a browser reads it: entities decoded. */
static void
decode_attr(const char *p, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	size_t i = 0;

	while (i < n && k + 5 < cap) {
		if (p[i] == '&') {
			const char *semi = memchr(p + i, ';', n - i);
			char ent[16];
			size_t len = semi != NULL ? (size_t)(semi - p - i) : 0;

			if (len > 1 && len < sizeof(ent)) {
				long v = -1;

				memcpy(ent, p + i + 1, len - 1);
				ent[len - 1] = '\0';
				if (ent[0] == '#')
					v = strtol(ent + 1 +
					        (ent[1] == 'x' ||
					            ent[1] == 'X'),
					    NULL,
					    ent[1] == 'x' || ent[1] == 'X'
					        ? 16
					        : 10);
				else if (strcasecmp(ent, "colon") == 0)
					v = ':';
				else if (strcasecmp(ent, "tab") == 0)
					v = '\t';
				else if (strcasecmp(ent, "newline") == 0)
					v = '\n';
				else if (strcmp(ent, "amp") == 0)
					v = '&';
				if (v > 0 && v < 128) {
					out[k++] = (char)v;
					i += len + 1;
					continue;
				}
			}
		}
		out[k++] = p[i++];
	}
	out[k] = '\0';
}

/* A URL the page would follow: only http, https, mailto or relative (no
 * scheme: "java%20script:x" is a relative path, as a browser reads it). */
static bool
url_safe(const char *v)
{
	char s[512];
	size_t k = 0;
	size_t i;

	for (; *v != '\0' && (unsigned char)*v <= 0x20; v++)
		;
	for (; *v != '\0' && k + 1 < sizeof(s); v++)
		if (*v != '\t' && *v != '\n' && *v != '\r')
			s[k++] = (char)tolower((unsigned char)*v);
	s[k] = '\0';
	for (i = 0; s[i] != '\0' && s[i] != ':'; i++)
		if (!(isalpha((unsigned char)s[i]) ||
		        (i > 0 &&
		            (isdigit((unsigned char)s[i]) ||
		                strchr("+-.", s[i]) != NULL))))
			return true;
	if (s[i] != ':')
		return true;
	return strncmp(s, "http:", 5) == 0 || strncmp(s, "https:", 6) == 0 ||
	    strncmp(s, "mailto:", 7) == 0;
}

/* Parse one tag at p ('<' + letter or '/'); *end after it.  NULL when
 * inert, else what is active. */
static const char *
check_tag(const char *p, const char **end, char *why, size_t why_len)
{
	char name[32];
	char value[512];
	size_t n = 0;
	bool closing = p[1] == '/';

	p += closing ? 2 : 1;
	while (isalnum((unsigned char)*p) && n + 1 < sizeof(name))
		name[n++] = *p++;
	name[n] = '\0';
	if (!listed(inert_tags, name)) {
		snprintf(why, why_len, "tag <%s>", name);
		return why;
	}
	for (;;) {
		const char *a;
		size_t alen;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '/')
			p++;
		if (*p == '>' || *p == '\0')
			break;
		a = p;
		while (*p != '\0' && *p != '=' && *p != '>' && *p != ' ' &&
		    *p != '\n' && *p != '/')
			p++;
		alen = (size_t)(p - a);
		snprintf(name, sizeof(name), "%.*s", (int)alen, a);
		if (!listed(inert_attrs, name)) {
			snprintf(why, why_len, "attribute %s", name);
			return why;
		}
		if (*p != '=')
			continue;
		p++;
		if (*p == '"' || *p == '\'') {
			const char *q = strchr(p + 1, *p);

			if (q == NULL)
				return "unterminated attribute";
			decode_attr(p + 1, (size_t)(q - p - 1), value,
			    sizeof(value));
			p = q + 1;
		} else {
			const char *q = p;

			while (*q != '\0' && *q != ' ' && *q != '>')
				q++;
			decode_attr(p, (size_t)(q - p), value, sizeof(value));
			p = q;
		}
		if ((strcasecmp(name, "href") == 0 ||
		        strcasecmp(name, "src") == 0) &&
		    !url_safe(value)) {
			snprintf(why, why_len, "%s=\"%.60s\"", name, value);
			return why;
		}
	}
	*end = *p == '>' ? p + 1 : p;
	return NULL;
}

/* NULL when html holds nothing that could run script, load a frame, or
 * navigate to an unsafe scheme; else a description of the first find. */
static const char *
active_markup(const char *html, char *why, size_t why_len)
{
	const char *p = html;

	while ((p = strchr(p, '<')) != NULL) {
		const char *end = p + 1;

		if (strncmp(p, "<!-- raw HTML omitted -->", 25) == 0) {
			p += 25;
			continue;
		}
		if (strncmp(p, "<!DOCTYPE html>", 15) == 0) {
			p += 15;
			continue;
		}
		if (!isalpha((unsigned char)p[1]) && p[1] != '/') {
			snprintf(why, why_len, "markup \"%.20s\"", p);
			return why;
		}
		if (check_tag(p, &end, why, why_len) != NULL)
			return why;
		p = end;
	}
	return NULL;
}

static const char *const xss_corpus[] = {
	"<script>alert(1)</script>",
	"<SCRIPT SRC=//x.cn/x.js></SCRIPT>",
	"<ScRiPt>alert(1)</sCrIpT>",
	"<img src=x onerror=alert(1)>",
	"x <IMG SRC=x OnError=alert(1)> y",
	"<iframe src=\"https://evil.cn\"></iframe>",
	"<IFRAME SRCDOC=\"<script>alert(1)</script>\"></IFRAME>",
	"<svg onload=alert(1)>",
	"<a href=\"javascript:alert(1)\">x</a>",
	"[a](javascript:alert(1))",
	"[a](JaVaScRiPt:alert(1))",
	"[a](&#106;avascript:alert(1))",
	"[a](&#x6A;&#x61;vascript:alert(1))",
	"[a](javascript&#58;alert(1))",
	"[a](javascript&colon;alert(1))",
	"[a](java&#9;script:alert(1))",
	"[a](&#1;javascript:alert(1))",
	"[a](<java script:alert(1)>)",
	"[a](vbscript:msgbox(1))",
	"[a](data:text/html,<script>alert(1)</script>)",
	"[a](DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"![a](data:image/svg+xml,<svg onload=alert(1)>)",
	"![a](javascript:alert(1))",
	"![a\"onerror=\"alert(1)](https://a.cn/x.png)",
	"[a](https://a.cn\"onmouseover=\"alert(1))",
	"<javascript:alert(1)>",
	"<JAVASCRIPT:alert(1)>",
	"<data:text/html,<script>alert(1)</script>>",
	"[x]\n\n[x]: JaVaScRiPt:alert(1) \"t\"",
	"www.a.cn/javascript:alert(1)",
	"见 https://example.com/<script>，谢谢",
	"<object data=\"javascript:alert(1)\"></object>",
	"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
	"<form action=\"javascript:alert(1)\"><button>x</button></form>",
	"| a |\n|---|\n| <script>alert(1)</script> |\n",
	"| [x](javascript:alert(1)) |\n|---|\n",
	"~~<svg onload=alert(1)>~~",
	"<scr<script>ipt>alert(1)</script>",
	"```\n<script>alert(1)</script>\n```",
	"<!-- <script>alert(1)</script> -->",
};

/* ---- tests ---- */

/* Each test keeps its current response in *state, freed by the teardown
 * when an assertion ends the test early. */
/* The checker is what the corpus tests rely on: it must see these. */
static void
test_checker_finds_active_markup(void **state)
{
	static const char *const active[] = {
		"<p><SCRIPT>x</SCRIPT></p>",
		"<img src=\"a.png\" onerror=\"alert(1)\">",
		"<a href=\"JavaScript:alert(1)\">x</a>",
		"<a href=\"&#106;avascript:alert(1)\">x</a>",
		"<a href=\" \tjava\tscript:x\">x</a>",
		"<img src=\"data:text/html,x\">",
		"<iframe src=\"https://a.cn\"></iframe>",
		"<!-- x -->",
	};
	char why[96];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(active) / sizeof(active[0]); i++)
		if (active_markup(active[i], why, sizeof(why)) == NULL)
			fail_msg("missed %s", active[i]);
	assert_null(active_markup(
	    "<p><a href=\"\">x</a> <a href=\"https://a.cn/?a=1&amp;b\">y</a>"
	    "&lt;script&gt;</p><!-- raw HTML omitted -->",
	    why, sizeof(why)));
}

static void
test_markdown_renders_through_the_api(void **state)
{
	const char md[] = "## 政策要点\n\n"
	                  "| 项目 | 金额（万元） |\n|:---|---:|\n"
	                  "| 技术改造 | 200 |\n| 专精特新 | 50 |\n\n"
	                  "1. 第一条\n2. 第二条\n\n- 甲\n- 乙\n\n"
	                  "详见[申报指南](https://example.com/guide)，"
	                  "或访问 https://example.com/a，谢谢。\n\n"
	                  "~~旧办法~~作废，时间 3~5 天。\n";
	struct thttp_resp *r = NULL;
	const char *html;

	create("测试：Markdown 渲染", md, &r);
	*state = r;
	assert_string_equal(thttp_resp_str(r, "status"), "draft");
	assert_string_equal(thttp_resp_str(r, "chain_codes.0"), "auto-parts");
	html = thttp_resp_str(r, "body_html");
	assert_non_null(html);
	assert_non_null(strstr(html, "<h2>政策要点</h2>"));
	assert_non_null(strstr(html, "<table>"));
	assert_non_null(strstr(html, "<th align=\"right\">金额（万元）</th>"));
	assert_non_null(strstr(html, "<td align=\"left\">技术改造</td>"));
	assert_non_null(strstr(html, "<ol>\n<li>第一条</li>"));
	assert_non_null(strstr(html, "<ul>\n<li>甲</li>"));
	assert_non_null(
	    strstr(html, "<a href=\"https://example.com/guide\">申报指南</a>"));
	/* The autolink stops before the Chinese text that follows it. */
	assert_non_null(strstr(html,
	    "<a href=\"https://example.com/a\">https://example.com/a</a>，"));
	assert_non_null(strstr(html, "<del>旧办法</del>"));
	assert_non_null(strstr(html, "3~5 天"));
	assert_string_equal(thttp_resp_str(r, "body_md"), md);
}

static void
test_xss_corpus_is_inert_in_preview(void **state)
{
	char why[96];
	size_t i;

	for (i = 0; i < sizeof(xss_corpus) / sizeof(xss_corpus[0]); i++) {
		struct thttp_resp *r =
		    send_json(committee_, "POST", "/api/v1/markdown/preview",
		        json_pack("{s:s}", "body_md", xss_corpus[i]));
		const char *html = thttp_resp_str(tfix_keep(state, r), "html");

		if (r->status != 200 || html == NULL)
			fail_msg("%s: %ld %s", xss_corpus[i], r->status,
			    r->body);
		if (active_markup(html, why, sizeof(why)) != NULL)
			fail_msg("%s\nrendered with %s:\n%s", xss_corpus[i],
			    why, html);
	}
}

/* The whole corpus in one bulletin: body_html, then the public page (its
 * head and chrome included), hostile title and all. */
static void
test_xss_corpus_is_inert_in_body_and_public_page(void **state)
{
	const char title[] = "<script>alert(1)</script>\"><img src=x "
	                     "onerror=alert(1)>";
	struct membuf {
		char *p;
		size_t len;
	} md = { NULL, 0 };
	struct thttp_resp *r = NULL;
	struct thttp_resp *pg;
	char why[96];
	long long id;
	size_t i;
	FILE *f = open_memstream(&md.p, &md.len);

	assert_non_null(f);
	for (i = 0; i < sizeof(xss_corpus) / sizeof(xss_corpus[0]); i++)
		fprintf(f, "%s\n\n", xss_corpus[i]);
	fclose(f);
	id = create(title, md.p, &r);
	free(md.p);
	*state = r;
	if (active_markup(thttp_resp_str(r, "body_html"), why, sizeof(why)))
		fail_msg("body_html: %s", why);
	publish(id, "publish", 200);
	pg = page(id);
	assert_int_equal(pg->status, 200);
	if (active_markup(pg->body, why, sizeof(why)) != NULL)
		fail_msg("page: %s", why);
	assert_null(strstr(pg->body, "<script"));
	assert_non_null(strstr(pg->body,
	    "<title>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
	assert_non_null(
	    strstr(pg->body, "property=\"og:title\" content=\"&lt;script&gt;"));
	thttp_resp_free(pg);
}

static void
test_public_page_has_title_og_and_csp(void **state)
{
	const char md[] =
	    "本季度重点推送技术改造奖补、专精特新培育和链主协同配套"
	    "三项政策，请符合条件的企业关注申报时间，按时提交材料。"
	    "12月3日将举办“政策直通车”技改政策专场，欢迎链上企业"
	    "报名参加，现场解读申报要点并答疑。会后将汇总企业提出的"
	    "问题，分类交办，限时办结并反馈结果。\n";
	struct thttp_resp *r;
	const char *ct;
	const char *csp;
	const char *css;
	char want[160];
	char href[128];
	long long id;

	(void)state;
	id = create("测试：第四季度政策速递 & 答疑", md, NULL);
	publish(id, "publish", 200);
	r = page(id);
	*state = r;
	assert_int_equal(r->status, 200);
	ct = thttp_resp_header(r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "text/html"));
	csp = thttp_resp_header(r, "Content-Security-Policy");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'self'"));
	assert_non_null(strstr(csp, "style-src 'self'"));
	assert_non_null(strstr(r->body, "<!DOCTYPE html>"));
	assert_non_null(strstr(r->body,
	    "<title>测试：第四季度政策速递 &amp; 答疑 - 红链</title>"));
	assert_non_null(strstr(r->body,
	    "<meta property=\"og:title\" content=\"测试：第四季度政策速递 "
	    "&amp; 答疑\">"));
	assert_non_null(
	    strstr(r->body, "<meta property=\"og:type\" content=\"article\">"));
	/* og:description: the start of the text, about 100 characters. */
	assert_non_null(strstr(r->body,
	    "<meta property=\"og:description\" content=\"本季度重点推送"));
	assert_null(strstr(r->body, "限时办结并反馈结果。\">"));
	assert_non_null(strstr(r->body, "…\">"));
	snprintf(want, sizeof(want), "/bulletins/%lld\">", id);
	assert_non_null(
	    strstr(r->body, "<meta property=\"og:url\" content=\"http"));
	assert_non_null(strstr(strstr(r->body, "og:url"), want));
	assert_null(strstr(r->body, "style="));
	assert_null(strstr(r->body, "<style"));
	assert_null(strstr(r->body, "<script"));
	/* The stylesheet it links is served, as CSS. */
	css = strstr(r->body, "<link rel=\"stylesheet\" href=\"");
	assert_non_null(css);
	css += strlen("<link rel=\"stylesheet\" href=\"");
	snprintf(href, sizeof(href), "%.*s", (int)strcspn(css, "\""), css);
	{
		struct thttp_resp *s =
		    thttp_request("GET", href, NULL, NULL, 0);

		assert_int_equal(s->status, 200);
		assert_non_null(
		    strstr(thttp_resp_header(s, "Content-Type"), "text/css"));
		assert_non_null(strstr(s->body, "@media print"));
		thttp_resp_free(s);
	}
}

static void
test_drafts_are_hidden_until_published(void **state)
{
	struct thttp_resp *r;
	char path[64];
	long long id;

	id = create("测试：草稿不公开", "草稿内容\n", NULL);
	snprintf(path, sizeof(path), "/api/v1/bulletins/%lld", id);
	r = page(id);
	*state = r;
	assert_int_equal(r->status, 404);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Type"), "text/html"));
	assert_non_null(thttp_resp_header(r, "Content-Security-Policy"));
	tfix_keep(state, NULL);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	*state = r;
	tfix_expect(r, 404, "not_found");
	tfix_keep(state, NULL);
	r = thttp_client_request(admin_, "GET", path, NULL, NULL, 0);
	*state = r;
	assert_int_equal(r->status, 200);
	tfix_keep(state, NULL);

	publish(id, "publish", 200);
	publish(id, "publish", 409);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	*state = r;
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_str(r, "status"), "published");
	tfix_keep(state, NULL);
	r = page(id);
	*state = r;
	assert_int_equal(r->status, 200);
	tfix_keep(state, NULL);

	publish(id, "unpublish", 200);
	publish(id, "unpublish", 409);
	r = page(id);
	*state = r;
	assert_int_equal(r->status, 404);
	tfix_keep(state, NULL);
	r = page(999999999);
	*state = r;
	assert_int_equal(r->status, 404);
	tfix_keep(state, NULL);
	r = thttp_request("GET", "/bulletins/abc", NULL, NULL, 0);
	*state = r;
	assert_int_equal(r->status, 404);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Type"), "text/html"));
}

static void
test_64k_plus_one_byte_is_413_and_stores_nothing(void **state)
{
	size_t n = 64 * 1024;
	char *md = malloc(n + 2);
	long long before = n_bulletins();
	struct thttp_resp *r;

	assert_non_null(md);
	memset(md, 'a', n + 1);
	md[n + 1] = '\0';
	r = send_json(committee_, "POST", "/api/v1/bulletins",
	    bulletin_body("测试：超长", md, "auto-parts"));
	*state = r;
	tfix_expect(r, 413, "payload_too_large");
	assert_int_equal(n_bulletins(), before);
	tfix_keep(state, NULL);
	r = send_json(committee_, "POST", "/api/v1/markdown/preview",
	    json_pack("{s:s}", "body_md", md));
	*state = r;
	tfix_expect(r, 413, "payload_too_large");
	tfix_keep(state, NULL);
	/* Exactly 64 KiB is fine. */
	md[n] = '\0';
	r = send_json(committee_, "POST", "/api/v1/bulletins",
	    bulletin_body("测试：正好 64 KiB", md, "auto-parts"));
	*state = r;
	assert_int_equal(r->status, 201);
	free(md);
}

static void
test_invalid_utf8_is_400_and_stores_nothing(void **state)
{
	const char body[] = "{\"title\":\"测试\",\"body_md\":\"ab\xc3\x28"
	                    "cd\",\"chain_codes\":[\"auto-parts\"]}";
	const char *h[] = { "Content-Type: application/json", NULL };
	long long before = n_bulletins();
	struct thttp_resp *r = thttp_client_request(committee_, "POST",
	    "/api/v1/bulletins", h, body, sizeof(body) - 1);

	*state = r;
	tfix_expect(r, 400, "bad_request");
	assert_int_equal(n_bulletins(), before);
}

static void
test_unknown_chain_codes_are_422_naming_them(void **state)
{
	long long before = n_bulletins();
	json_t *b = bulletin_body("测试：未知产业链", "内容\n", "auto-parts");
	struct thttp_resp *r;
	const char *msg;

	json_array_append_new(json_object_get(b, "chain_codes"),
	    json_string("no-such-chain"));
	r = send_json(admin_, "POST", "/api/v1/bulletins", b);
	*state = r;
	tfix_expect(r, 422, "validation_failed");
	msg = thttp_resp_str(r, "error.fields.chain_codes");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "no-such-chain"));
	assert_null(strstr(msg, "auto-parts"));
	assert_int_equal(n_bulletins(), before);
}

static void
test_bad_members_are_422_per_field(void **state)
{
	long long before = n_bulletins();
	struct thttp_resp *r =
	    thttp_client_json(committee_, "POST", "/api/v1/bulletins",
	        "{\"title\":\"   \",\"body_md\":\"x\",\"chain_codes\":[1],"
	        "\"extra\":true}");

	*state = r;
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_resp_str(r, "error.fields.chain_codes"));
	assert_non_null(thttp_resp_str(r, "error.fields.extra"));
	tfix_keep(state, NULL);
	r = thttp_client_json(committee_, "POST", "/api/v1/bulletins",
	    "{\"title\":\"   \",\"body_md\":\"x\","
	    "\"chain_codes\":[\"auto-parts\"]}");
	*state = r;
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_resp_str(r, "error.fields.title"));
	assert_int_equal(n_bulletins(), before);
}

static void
test_committee_writes_only_for_own_chains(void **state)
{
	long long before = n_bulletins();
	struct thttp_resp *r =
	    send_json(committee_, "POST", "/api/v1/bulletins",
	        bulletin_body("测试：他链", "内容\n", "polyurethane"));

	*state = r;
	tfix_expect(r, 403, "forbidden");
	assert_non_null(strstr(thttp_resp_str(r, "error.fields.chain_codes"),
	    "polyurethane"));
	tfix_keep(state, NULL);
	r = send_json(committee_, "POST", "/api/v1/bulletins",
	    bulletin_body("测试：全市", "内容\n", NULL));
	*state = r;
	tfix_expect(r, 403, "forbidden");
	tfix_keep(state, NULL);
	r = send_json(ent_, "POST", "/api/v1/bulletins",
	    bulletin_body("测试：企业", "内容\n", "auto-parts"));
	*state = r;
	tfix_expect(r, 403, "forbidden");
	assert_int_equal(n_bulletins(), before);
	tfix_keep(state, NULL);
	/* Admins write citywide ones. */
	r = send_json(admin_, "POST", "/api/v1/bulletins",
	    bulletin_body("测试：全市简报", "内容\n", NULL));
	*state = r;
	assert_int_equal(r->status, 201);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "chain_codes")),
	    0);
}

static void
test_changes_need_csrf(void **state)
{
	struct thttp_client *c = tfix_signed_in("committee-demo");
	struct thttp_resp *r;

	thttp_client_set_csrf(c, "wrong");
	r = send_json(c, "POST", "/api/v1/bulletins",
	    bulletin_body("测试：CSRF", "内容\n", "auto-parts"));
	*state = r;
	tfix_expect(r, 403, "csrf");
	thttp_client_free(c);
}

static void
test_patch_renders_drafts_and_refuses_published(void **state)
{
	char path[64];
	struct thttp_resp *r;
	long long id = create("测试：修改", "旧内容\n", NULL);

	snprintf(path, sizeof(path), "/api/v1/bulletins/%lld", id);
	r = thttp_client_json(committee_, "PATCH", path,
	    "{\"body_md\":\"**新内容**\"}");
	*state = r;
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_str(r, "title"), "测试：修改");
	assert_string_equal(thttp_resp_str(r, "body_html"),
	    "<p><strong>新内容</strong></p>\n");
	tfix_keep(state, NULL);
	publish(id, "publish", 200);
	r = thttp_client_json(committee_, "PATCH", path, "{\"title\":\"x\"}");
	*state = r;
	tfix_expect(r, 409, "conflict");
	tfix_keep(state, NULL);
	r = thttp_client_json(ent_, "PATCH", path, "{\"title\":\"x\"}");
	*state = r;
	tfix_expect(r, 403, "forbidden");
}

static void
test_list_filters_and_pages(void **state)
{
	struct thttp_resp *r;
	json_t *items;
	long long first;
	char path[96];
	size_t i;

	create("测试：列表草稿", "内容\n", NULL);
	r = thttp_client_request(ent_, "GET", "/api/v1/bulletins?status=draft",
	    NULL, NULL, 0);
	*state = r;
	assert_int_equal(r->status, 200);
	assert_int_equal(
	    json_array_size(thttp_json_get(thttp_resp_json(r), "items")), 0);
	tfix_keep(state, NULL);
	r = thttp_client_request(committee_, "GET",
	    "/api/v1/bulletins?status=draft&chain=auto-parts", NULL, NULL, 0);
	*state = r;
	items = thttp_json_get(thttp_resp_json(r), "items");
	assert_true(json_array_size(items) >= 1);
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		assert_string_equal(
		    json_string_value(json_object_get(it, "status")), "draft");
		assert_null(json_object_get(it, "body_md"));
		assert_true(json_is_string(json_object_get(it, "excerpt")));
	}
	tfix_keep(state, NULL);
	r = thttp_client_request(ent_, "GET", "/api/v1/bulletins?limit=1", NULL,
	    NULL, 0);
	*state = r;
	assert_int_equal(r->status, 200);
	assert_non_null(thttp_resp_str(r, "next_cursor"));
	first = thttp_resp_int(r, "items.0.id", 0);
	snprintf(path, sizeof(path), "/api/v1/bulletins?limit=1&cursor=%s",
	    thttp_resp_str(r, "next_cursor"));
	tfix_keep(state, NULL);
	r = thttp_client_request(ent_, "GET", path, NULL, NULL, 0);
	*state = r;
	assert_int_equal(r->status, 200);
	assert_true(thttp_resp_int(r, "items.0.id", 0) < first);
	tfix_keep(state, NULL);
	r = thttp_client_request(ent_, "GET", "/api/v1/bulletins?status=x",
	    NULL, NULL, 0);
	*state = r;
	tfix_expect(r, 400, "bad_request");
	tfix_keep(state, NULL);
	r = thttp_client_request(ent_, "GET", "/api/v1/bulletins?limit=0", NULL,
	    NULL, 0);
	*state = r;
	tfix_expect(r, 400, "bad_request");
	tfix_keep(state, NULL);
	r = thttp_request("GET", "/api/v1/bulletins", NULL, NULL, 0);
	*state = r;
	tfix_expect(r, 401, "unauthenticated");
}

static void
test_preview_is_for_staff(void **state)
{
	struct thttp_resp *r = thttp_client_json(ent_, "POST",
	    "/api/v1/markdown/preview", "{\"body_md\":\"# 标题\"}");

	*state = r;
	tfix_expect(r, 403, "forbidden");
	tfix_keep(state, NULL);
	r = thttp_client_json(commissioner_, "POST", "/api/v1/markdown/preview",
	    "{\"body_md\":\"# 标题\\n\\n| a |\\n|---|\\n| 1 |\"}");
	*state = r;
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(thttp_resp_str(r, "html"), "<h1>标题</h1>"));
	assert_non_null(strstr(thttp_resp_str(r, "html"), "<td>1</td>"));
}

static void
test_index_groups_citywide_first(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/bulletins", NULL, NULL, 0);
	const char *city;
	const char *chain;

	*state = r;
	assert_int_equal(r->status, 200);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Content-Type"), "text/html"));
	assert_non_null(strstr(r->body, "<title>政策简报 - 红链</title>"));
	city = strstr(r->body, "<h2>全市</h2>");
	chain = strstr(r->body, "<h2>汽车部件</h2>");
	assert_non_null(city);
	assert_non_null(chain);
	assert_true(city < chain);
	assert_non_null(strstr(r->body, "红链平台上线试运行公告（演示）"));
	assert_null(strstr(r->body, "测试：列表草稿"));
}

#define T(f) cmocka_unit_test_teardown(f, tfix_free_resp)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_checker_finds_active_markup),
		T(test_markdown_renders_through_the_api),
		T(test_xss_corpus_is_inert_in_preview),
		T(test_xss_corpus_is_inert_in_body_and_public_page),
		T(test_public_page_has_title_og_and_csp),
		T(test_drafts_are_hidden_until_published),
		T(test_64k_plus_one_byte_is_413_and_stores_nothing),
		T(test_invalid_utf8_is_400_and_stores_nothing),
		T(test_unknown_chain_codes_are_422_naming_them),
		T(test_bad_members_are_422_per_field),
		T(test_committee_writes_only_for_own_chains),
		T(test_changes_need_csrf),
		T(test_patch_renders_drafts_and_refuses_published),
		T(test_list_filters_and_pages),
		T(test_preview_is_for_staff),
		T(test_index_groups_citywide_first),
	};

	return cmocka_run_group_tests_name("bulletins", tests, setup, teardown);
}
