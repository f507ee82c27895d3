/*
 * Formats.  Robots (WeCom group robot "markdown", DingTalk robot
 * "markdown") render a small Markdown dialect each; we write what both
 * show well: a bold heading, plain lines, ">" quotes and [text](url)
 * links.  Text from payloads goes through put_text(), so that a name
 * with brackets or asterisks cannot become a link or emphasis in a group
 * chat.  Standard Webhooks: the signed content is "id.timestamp.body"
 * with the key the base64 after "whsec_" (spec section "Signature
 * scheme").
 */
#include "notify_fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "err.h"
#include "json.h"
#include "str.h"

/* A line of a digest shows at most this much of a title. */
#define DIGEST_TITLE_CHARS 60
/* A fact's value, at most. */
#define FACT_CHARS 80
/* Room kept for the digest's last line ("另有 N 条…") and its link. */
#define DIGEST_TAIL_BYTES 200

static const char *const format_names[] = { "generic", "wecom", "dingtalk",
	NULL };

int
hl_notify_fmt_parse(const char *name, enum hl_notify_format *out)
{
	int i;

	for (i = 0; name != NULL && format_names[i] != NULL; i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum hl_notify_format)i;
			return 0;
		}
	return -1;
}

/* ---- signing ---- */

/* The key of a whsec_ secret into key; its length, or -1. */
static long
secret_key(const char *secret, unsigned char key[HL_NOTIFY_FMT_KEY_MAX])
{
	size_t plen = strlen(HL_NOTIFY_FMT_SECRET_PREFIX);
	long n;

	if (secret == NULL ||
	    strncmp(secret, HL_NOTIFY_FMT_SECRET_PREFIX, plen) != 0)
		return -1;
	n = hl_b64_decode(secret + plen, strlen(secret + plen), key,
	    HL_NOTIFY_FMT_KEY_MAX);
	if (n < HL_NOTIFY_FMT_KEY_MIN)
		return -1;
	return n;
}

bool
hl_notify_fmt_secret_ok(const char *secret)
{
	unsigned char key[HL_NOTIFY_FMT_KEY_MAX];
	bool ok = secret_key(secret, key) > 0;

	hl_crypto_random(key, sizeof(key)); /* scrub */
	return ok;
}

int
hl_notify_fmt_sign(const char *secret, const char *msg_id, int64_t timestamp,
    const void *body, size_t len, char out[HL_NOTIFY_FMT_SIG_LEN])
{
	unsigned char key[HL_NOTIFY_FMT_KEY_MAX];
	unsigned char mac[HL_CRYPTO_SHA256_LEN];
	struct hl_buf content = { 0 };
	long n = secret_key(secret, key);

	if (n < 0)
		return -1;
	hl_buf_printf(&content, "%s.%" PRId64 ".", msg_id, timestamp);
	hl_buf_append(&content, body, len);
	hl_crypto_hmac_sha256(key, (size_t)n, content.p, content.len, mac);
	hl_crypto_random(key, sizeof(key));
	memcpy(out, "v1,", 3);
	hl_b64_encode(mac, sizeof(mac), out + 3);
	hl_buf_release(&content);
	return 0;
}

/* ---- text ---- */

/* Full-width look-alikes of the ASCII characters robot Markdown acts
 * on. */
static const char *
lookalike(char c)
{
	switch (c) {
	case '[':
		return "［";
	case ']':
		return "］";
	case '*':
		return "＊";
	case '_':
		return "＿";
	case '`':
		return "｀";
	case '<':
		return "＜";
	case '>':
		return "＞";
	case '~':
		return "～";
	case '|':
		return "｜";
	case '\\':
		return "＼";
	case '#':
		return "＃";
	default:
		return NULL;
	}
}

/* Append s (valid UTF-8) as inert text of at most max_chars characters
 * ("…" marks a cut); line breaks and tabs become spaces, other control
 * characters are dropped. */
static void
put_text(struct hl_buf *b, const char *s, size_t max_chars)
{
	size_t chars = 0;
	const char *alt;
	size_t len;

	while (*s != '\0') {
		unsigned char c = (unsigned char)*s;

		len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (strnlen(s, len) < len)
			return; /* a cut sequence: stop rather than overrun */
		if (chars == max_chars) {
			hl_buf_puts(b, "…");
			return;
		}
		chars++;
		if (c == '\n' || c == '\r' || c == '\t')
			hl_buf_putc(b, ' ');
		else if (c < 0x20 || c == 0x7f)
			;
		else if ((alt = lookalike((char)c)) != NULL)
			hl_buf_puts(b, alt);
		else
			hl_buf_append(b, s, len);
		s += len;
	}
}

/* A front-end path a link may use: "/x/y?z=1", nothing that could end
 * a Markdown link or leave the site. */
static bool
link_ok(const char *link)
{
	const char *p;

	if (link == NULL || link[0] != '/' || link[1] == '/')
		return false;
	for (p = link; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') ||
		        strchr("/-_.?=&%#~+,", *p) != NULL))
			return false;
	return p - link <= 500;
}

/* public_url without its trailing "/" and link, into b; false (nothing
 * written) when the payload has no usable link. */
static bool
put_url(struct hl_buf *b, const char *public_url, const char *link)
{
	size_t n = strlen(public_url);

	if (!link_ok(link))
		return false;
	while (n > 0 && public_url[n - 1] == '/')
		n--;
	hl_buf_append(b, public_url, n);
	hl_buf_puts(b, link);
	return true;
}

/* ---- payloads ---- */

/* One event's payload, parsed; fields borrowed from doc. */
struct parsed {
	struct hl_json *doc;
	const char *title;
	const char *link;
};

static void
parse(const struct hl_notify_event *ev, struct parsed *p)
{
	struct hl_err err = { 0 };

	memset(p, 0, sizeof(*p));
	p->doc = hl_json_parse(ev->payload, strlen(ev->payload), &err);
	if (p->doc == NULL)
		return;
	p->title = hl_json_string(hl_json_get(p->doc, "title"));
	p->link = hl_json_string(hl_json_get(p->doc, "link"));
	if (p->title != NULL && p->title[0] == '\0')
		p->title = NULL;
}

/* A scalar member of the payload as text into tmp: strings as they are,
 * integers in decimal; NULL for anything else. */
static const char *
member_text(const struct parsed *p, const char *key, char tmp[24])
{
	const struct hl_json *v = hl_json_get(p->doc, key);
	const char *s = hl_json_string(v);
	int64_t n;

	if (s != NULL)
		return s[0] != '\0' ? s : NULL;
	if (hl_json_int(v, &n) == 0) {
		snprintf(tmp, 24, "%" PRId64, n);
		return tmp;
	}
	return NULL;
}

static const char *
heading(const struct hl_notify_event *ev)
{
	return ev->label != NULL && ev->label[0] != '\0' ? ev->label
	                                                 : "红链通知";
}

/* The event's one line of text: the payload's title, else the heading
 * and the case number when there is one. */
static void
put_title(struct hl_buf *b, const struct hl_notify_event *ev,
    const struct parsed *p, size_t max_chars)
{
	char tmp[24];
	const char *number;

	if (p->title != NULL) {
		put_text(b, p->title, max_chars);
		return;
	}
	put_text(b, heading(ev), max_chars);
	if ((number = member_text(p, "number", tmp)) != NULL) {
		hl_buf_putc(b, ' ');
		put_text(b, number, 40);
	}
}

/* The facts a single-event message lists, by event family. */
struct fact {
	const char *family; /* prefix of the event type */
	const char *key;    /* payload member */
	const char *label;
};

static const struct fact facts[] = {
	{ "case.", "number", "诉求编号" },
	{ "case.", "enterprise_name", "企业" },
	{ "case.", "chain_name", "产业链" },
	{ "case.", "assignee_name", "承办人" },
	{ "case.", "due_on", "办理期限" },
	{ "visit.", "enterprise_name", "企业" },
	{ "visit.", "chain_name", "产业链" },
	{ "visit.", "visited_on", "走访日期" },
	{ "visit.", "n_problems", "发现问题（条）" },
	{ "bulletin.", "bulletin_title", "标题" },
	{ "bulletin.", "chain_names", "产业链" },
	{ "policy.", "policy_title", "政策" },
	{ "policy.", "issuer", "发布单位" },
	{ "policy.", "apply_until", "申报截止" },
	{ "policy.", "n_enterprises", "符合条件企业（家）" },
};

/* ---- generic ---- */

void
hl_notify_fmt_generic(const struct hl_notify_event *ev, const char *public_url,
    struct hl_buf *out)
{
	struct hl_buf url = { 0 };
	struct parsed p;
	struct hl_jw w;

	parse(ev, &p);
	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "type");
	hl_jw_str(&w, ev->event_type);
	hl_jw_key(&w, "timestamp");
	hl_jw_str(&w, ev->created_at);
	hl_jw_key(&w, "label");
	hl_jw_str(&w, ev->label);
	hl_jw_key(&w, "url");
	if (p.doc != NULL && put_url(&url, public_url, p.link))
		hl_jw_str(&w, hl_buf_cstr(&url));
	else
		hl_jw_null(&w);
	hl_jw_key(&w, "data");
	hl_jw_raw(&w, ev->payload, strlen(ev->payload));
	hl_jw_obj_end(&w);
	hl_buf_release(&url);
	hl_json_free(p.doc);
}

/* ---- robots ---- */

/* Line and paragraph breaks: DingTalk joins single newlines. */
static const char *
br(enum hl_notify_format f)
{
	return f == HL_NOTIFY_DINGTALK ? "\n\n" : "\n";
}

/* One event told in full. */
static void
robot_single(enum hl_notify_format f, const struct hl_notify_event *ev,
    const struct parsed *p, const char *public_url, struct hl_buf *md)
{
	char tmp[24];
	const char *v;
	size_t i;
	size_t fam;

	hl_buf_puts(md, f == HL_NOTIFY_DINGTALK ? "#### " : "**");
	put_text(md, heading(ev), 40);
	hl_buf_puts(md, f == HL_NOTIFY_DINGTALK ? "" : "**");
	hl_buf_puts(md, br(f));
	put_title(md, ev, p, 200);
	hl_buf_puts(md, br(f));
	for (i = 0; p->doc != NULL && i < sizeof(facts) / sizeof(facts[0]);
	     i++) {
		fam = strlen(facts[i].family);
		if (strncmp(ev->event_type, facts[i].family, fam) != 0 ||
		    (v = member_text(p, facts[i].key, tmp)) == NULL)
			continue;
		hl_buf_puts(md, "> ");
		hl_buf_puts(md, facts[i].label);
		hl_buf_puts(md, "：");
		put_text(md, v, FACT_CHARS);
		hl_buf_puts(md, br(f));
	}
	if (p->doc != NULL && link_ok(p->link)) {
		hl_buf_puts(md, "[查看详情](");
		put_url(md, public_url, p->link);
		hl_buf_puts(md, ")");
		hl_buf_puts(md, br(f));
	}
}

/* One line of a digest. */
static void
digest_line(enum hl_notify_format f, const struct hl_notify_event *ev,
    const struct parsed *p, const char *public_url, struct hl_buf *line)
{
	hl_buf_puts(line, "> ");
	put_text(line, heading(ev), 40);
	hl_buf_puts(line, "：");
	if (p->doc != NULL && link_ok(p->link)) {
		hl_buf_putc(line, '[');
		put_title(line, ev, p, DIGEST_TITLE_CHARS);
		hl_buf_puts(line, "](");
		put_url(line, public_url, p->link);
		hl_buf_putc(line, ')');
	} else {
		put_title(line, ev, p, DIGEST_TITLE_CHARS);
	}
	hl_buf_puts(line, br(f));
}

/* Several events: a heading with the count (patched in at the end,
 * since it is known only once the lines are chosen) and a line each. */
static size_t
robot_digest(enum hl_notify_format f, const struct hl_notify_event *ev,
    size_t n, const char *public_url, struct hl_buf *md)
{
	struct hl_buf body = { 0 };
	struct hl_buf line = { 0 };
	struct parsed p;
	size_t used = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		hl_buf_reset(&line);
		parse(&ev[i], &p);
		digest_line(f, &ev[i], &p, public_url, &line);
		hl_json_free(p.doc);
		if (used > 0 &&
		    body.len + line.len + DIGEST_TAIL_BYTES >
		        HL_NOTIFY_FMT_ROBOT_MAX)
			break;
		hl_buf_append(&body, line.p, line.len);
		used++;
	}
	hl_buf_printf(md,
	    f == HL_NOTIFY_DINGTALK ? "#### 红链通知（%zu 条）%s"
	                            : "**红链通知（%zu 条）**%s",
	    used, br(f));
	hl_buf_append(md, body.p, body.len);
	if (used < n)
		hl_buf_printf(md, "其余 %zu 条稍后送达%s", n - used, br(f));
	hl_buf_release(&line);
	hl_buf_release(&body);
	return used;
}

void
hl_notify_fmt_robot(enum hl_notify_format f, const struct hl_notify_event *ev,
    size_t n, const char *public_url, struct hl_buf *out, size_t *used)
{
	struct hl_buf md = { 0 };
	struct hl_buf title = { 0 };
	struct parsed p;
	struct hl_jw w;

	if (n == 1) {
		parse(ev, &p);
		robot_single(f, ev, &p, public_url, &md);
		put_text(&title, heading(ev), 40);
		hl_json_free(p.doc);
		*used = 1;
	} else {
		*used = robot_digest(f, ev, n, public_url, &md);
		hl_buf_printf(&title, "红链通知（%zu 条）", *used);
	}
	/* WeCom refuses over 4096 bytes: a single event whose text alone is
	 * longer (it cannot be: titles and facts are cut) would be cut at a
	 * character boundary rather than lost. */
	if (md.len > HL_NOTIFY_FMT_ROBOT_MAX)
		md.len = hl_utf8_cut(md.p, HL_NOTIFY_FMT_ROBOT_MAX);
	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "msgtype");
	hl_jw_str(&w, "markdown");
	hl_jw_key(&w, "markdown");
	hl_jw_obj_begin(&w);
	if (f == HL_NOTIFY_DINGTALK) {
		hl_jw_key(&w, "title");
		hl_jw_str(&w, hl_buf_cstr(&title));
		hl_jw_key(&w, "text");
	} else {
		hl_jw_key(&w, "content");
	}
	hl_jw_strn(&w, md.p != NULL ? md.p : "", md.len);
	hl_jw_obj_end(&w);
	hl_jw_obj_end(&w);
	hl_buf_release(&title);
	hl_buf_release(&md);
}

void
hl_notify_fmt_dingtalk_url(const char *url, const char *secret, int64_t ts_ms,
    struct hl_buf *out)
{
	unsigned char mac[HL_CRYPTO_SHA256_LEN];
	char sign[4 * ((HL_CRYPTO_SHA256_LEN + 2) / 3) + 1];
	struct hl_buf content = { 0 };
	const char *p;

	hl_buf_printf(&content, "%" PRId64 "\n%s", ts_ms, secret);
	hl_crypto_hmac_sha256(secret, strlen(secret), content.p, content.len,
	    mac);
	hl_b64_encode(mac, sizeof(mac), sign);
	hl_buf_printf(out, "%s%ctimestamp=%" PRId64 "&sign=", url,
	    strchr(url, '?') != NULL ? '&' : '?', ts_ms);
	/* base64's "+", "/" and "=" are not safe in a query value. */
	for (p = sign; *p != '\0'; p++)
		if (*p == '+' || *p == '/' || *p == '=')
			hl_buf_printf(out, "%%%02X", (unsigned char)*p);
		else
			hl_buf_putc(out, *p);
	hl_buf_release(&content);
}

int
hl_notify_fmt_robot_errcode(const char *body, size_t len, int64_t *code)
{
	struct hl_err err = { 0 };
	struct hl_json *j = hl_json_parse(body, len, &err);
	int rc = -1;

	if (j != NULL && hl_json_int(hl_json_get(j, "errcode"), code) == 0)
		rc = 0;
	hl_json_free(j);
	return rc;
}
