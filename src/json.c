/*
 * JSON in and out.  Request bodies go through jansson (this is its only
 * user) and are decoded against a table of expected members, collecting
 * one message per field at fault.  Responses are written by a streaming
 * writer that appends to the caller's buffer; what to write is left to the
 * api modules.
 */
#include "json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "mem.h"
#include "str.h"

/*
 * jansson's parser recurses once per nesting level, up to 2048 levels;
 * no request of ours nests anywhere near 64, and a worker thread should
 * not spend its stack on a hostile body.
 */
#define MAX_DEPTH 64

/* Element counts for the array kinds; see struct hl_json_field. */
#define STR_ARRAY_MAX         200
#define INT_ARRAY_MAX_DEFAULT 1000

/*
 * JSON_ALLOW_NUL: a string with \u0000 still parses, so that decoding can
 * refuse it for its field (422) instead of failing the whole body; our
 * strings end up as C strings in libpq.  JSON_DECODE_ANY: a scalar body
 * parses too, and hl_json_decode() answers it with the same 422 as an
 * array.  Without JSON_DISABLE_EOF_CHECK the body must be exactly one value.
 */
#define PARSE_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)

#define MSG_INTERNAL "服务器内部错误，请稍后重试"

static const char *const type_msgs[] = {
	[HL_JSON_STRING] = "应为字符串",
	[HL_JSON_INT] = "应为整数",
	[HL_JSON_BOOL] = "应为布尔值",
	[HL_JSON_STR_ARRAY] = "应为字符串数组",
	[HL_JSON_INT_ARRAY] = "应为整数数组",
	[HL_JSON_OBJECT] = "应为对象",
	[HL_JSON_ARRAY] = "应为数组",
};

/* ---- input ---- */

/*
 * Refuse nesting deeper than MAX_DEPTH before jansson recurses into it.
 * Brackets inside strings do not count.  Line and column are counted the
 * way jansson counts them (from 1, in code points).
 */
static int
check_depth(const char *p, size_t len, struct hl_err *err)
{
	size_t i;
	size_t line = 1;
	size_t col = 0;
	int depth = 0;
	bool in_str = false;
	bool esc = false;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n') {
			line++;
			col = 0;
		} else if ((c & 0xc0) != 0x80) {
			col++;
		}
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > MAX_DEPTH)
				return hl_err_set(err, 400, "invalid_json",
				    "JSON 嵌套不能超过 %d 层（第 %zu 行第 %zu 列）",
				    MAX_DEPTH, line, col);
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

struct hl_json *
hl_json_parse(const char *p, size_t len, struct hl_err *err)
{
	json_error_t je;
	json_t *root;

	/* An empty struct hl_buf (no body) has p == NULL. */
	if (p == NULL) {
		p = "";
		len = 0;
	}
	if (!hl_utf8_valid(p, len)) {
		hl_err_set(err, 400, "bad_request",
		    "请求内容不是有效的 UTF-8 文本");
		return NULL;
	}
	if (check_depth(p, len, err) == -1)
		return NULL;
	root = json_loadb(p, len, PARSE_FLAGS, &je);
	if (root == NULL) {
		/* jansson says column 0 for an error before the first
		 * character; people count from 1. */
		hl_err_set(err, 400, "invalid_json",
		    "JSON 格式错误（第 %d 行第 %d 列）：%s", je.line,
		    je.column < 1 ? 1 : je.column, je.text);
		return NULL;
	}
	return (struct hl_json *)root;
}

void
hl_json_free(struct hl_json *j)
{
	json_decref((json_t *)j);
}

/*
 * Check a string value against max code points.  Returns 0, or -1 with
 * the reason in msg (without the field name, which the caller adds).
 */
static int
check_str(const json_t *v, size_t max, char *msg, size_t msg_size)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	if (memchr(s, '\0', len) != NULL) {
		snprintf(msg, msg_size, "不能包含 U+0000 字符");
		return -1;
	}
	/* A string of at most max bytes has at most max code points, so
	 * most values are never counted. */
	if (max > 0 && len > max && hl_utf8_count(s, len) > max) {
		snprintf(msg, msg_size, "长度不能超过 %zu 个字符", max);
		return -1;
	}
	return 0;
}

static int
decode_string(const struct hl_json_field *f, const json_t *v,
    struct hl_arena *arena, struct hl_err *err)
{
	const char **out = f->out;
	char msg[HL_ERR_MSG_MAX];

	if (check_str(v, f->max, msg, sizeof(msg)) == -1)
		return hl_err_field(err, f->name, "%s", msg);
	if (f->required && json_string_length(v) == 0)
		return hl_err_field(err, f->name, "不能为空");
	*out = hl_arena_strndup(arena, json_string_value(v),
	    json_string_length(v));
	return 0;
}

static int
decode_str_array(const struct hl_json_field *f, const json_t *v,
    struct hl_arena *arena, struct hl_err *err)
{
	struct hl_json_strv *out = f->out;
	char msg[HL_ERR_MSG_MAX];
	const char **sv = NULL;
	size_t n = json_array_size(v);
	size_t i;

	if (n > STR_ARRAY_MAX)
		return hl_err_field(err, f->name, "数组元素不能超过 %d 个",
		    STR_ARRAY_MAX);
	for (i = 0; i < n; i++) {
		const json_t *e = json_array_get(v, i);

		if (!json_is_string(e))
			return hl_err_field(err, f->name, "应为字符串数组");
		if (check_str(e, f->max, msg, sizeof(msg)) == -1)
			return hl_err_field(err, f->name, "第 %zu 项%s", i + 1,
			    msg);
	}
	if (n > 0)
		sv = hl_arena_alloc(arena, n * sizeof(*sv));
	for (i = 0; i < n; i++) {
		const json_t *e = json_array_get(v, i);

		sv[i] = hl_arena_strndup(arena, json_string_value(e),
		    json_string_length(e));
	}
	out->v = sv;
	out->n = n;
	return 0;
}

static int
decode_int_array(const struct hl_json_field *f, const json_t *v,
    struct hl_arena *arena, struct hl_err *err)
{
	struct hl_json_i64v *out = f->out;
	size_t max = f->max > 0 ? f->max : INT_ARRAY_MAX_DEFAULT;
	int64_t *iv = NULL;
	size_t n = json_array_size(v);
	size_t i;

	if (n > max)
		return hl_err_field(err, f->name, "数组元素不能超过 %zu 个",
		    max);
	for (i = 0; i < n; i++) {
		if (!json_is_integer(json_array_get(v, i)))
			return hl_err_field(err, f->name, "应为整数数组");
	}
	if (n > 0)
		iv = hl_arena_alloc(arena, n * sizeof(*iv));
	for (i = 0; i < n; i++)
		iv[i] = (int64_t)json_integer_value(json_array_get(v, i));
	out->v = iv;
	out->n = n;
	return 0;
}

/* Decode one member that is there (and not a null taken as absent). */
static int
decode_value(const struct hl_json_field *f, const json_t *v,
    struct hl_arena *arena, struct hl_err *err)
{
	bool ok;

	switch (f->kind) {
	case HL_JSON_STRING:
		ok = json_is_string(v);
		break;
	case HL_JSON_INT:
		ok = json_is_integer(v);
		break;
	case HL_JSON_BOOL:
		ok = json_is_boolean(v);
		break;
	case HL_JSON_OBJECT:
		ok = json_is_object(v);
		break;
	case HL_JSON_STR_ARRAY:
	case HL_JSON_INT_ARRAY:
	case HL_JSON_ARRAY:
		ok = json_is_array(v);
		break;
	default:
		HL_BUG("json: unknown field kind");
	}
	if (!ok)
		return hl_err_field(err, f->name, "%s", type_msgs[f->kind]);

	switch (f->kind) {
	case HL_JSON_STRING:
		return decode_string(f, v, arena, err);
	case HL_JSON_INT:
		*(int64_t *)f->out = (int64_t)json_integer_value(v);
		return 0;
	case HL_JSON_BOOL:
		*(bool *)f->out = json_is_true(v);
		return 0;
	case HL_JSON_STR_ARRAY:
		return decode_str_array(f, v, arena, err);
	case HL_JSON_INT_ARRAY:
		return decode_int_array(f, v, arena, err);
	case HL_JSON_ARRAY:
		if (f->max > 0 && json_array_size(v) > f->max)
			return hl_err_field(err, f->name,
			    "数组元素不能超过 %zu 个", f->max);
		break;
	case HL_JSON_OBJECT:
		break;
	}
	*(const struct hl_json **)f->out = (const struct hl_json *)v;
	return 0;
}

/* What an absent member leaves in out; INT and BOOL keep the caller's
 * default. */
static void
clear_out(const struct hl_json_field *f)
{
	switch (f->kind) {
	case HL_JSON_STRING:
		*(const char **)f->out = NULL;
		break;
	case HL_JSON_STR_ARRAY:
		memset(f->out, 0, sizeof(struct hl_json_strv));
		break;
	case HL_JSON_INT_ARRAY:
		memset(f->out, 0, sizeof(struct hl_json_i64v));
		break;
	case HL_JSON_OBJECT:
	case HL_JSON_ARRAY:
		*(const struct hl_json **)f->out = NULL;
		break;
	case HL_JSON_INT:
	case HL_JSON_BOOL:
		break;
	}
}

static bool
is_known(const char *key, const struct hl_json_field *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(fields[i].name, key) == 0)
			return true;
	}
	return false;
}

/* Report each member not in the table; returns how many there were. */
static size_t
refuse_unknown(json_t *obj, const struct hl_json_field *fields, size_t n,
    struct hl_err *err)
{
	char name[sizeof(err->fields[0].name)];
	const char *key;
	void *it;
	size_t n_bad = 0;
	size_t len;

	for (it = json_object_iter(obj); it != NULL;
	     it = json_object_iter_next(obj, it)) {
		key = json_object_iter_key(it);
		if (is_known(key, fields, n))
			continue;
		/* Keys are the client's and hl_err cuts names anywhere:
		 * cut a long one before the character it would split. */
		len = strlen(key);
		if (len >= sizeof(name))
			len = hl_utf8_cut(key, sizeof(name) - 1);
		memcpy(name, key, len);
		name[len] = '\0';
		hl_err_field(err, name, "未知字段");
		n_bad++;
	}
	return n_bad;
}

int
hl_json_decode(const struct hl_json *j, const struct hl_json_field *fields,
    size_t n, struct hl_arena *arena, struct hl_err *err)
{
	json_t *obj = (json_t *)j;
	const struct hl_json_field *f;
	const json_t *v;
	size_t n_bad = 0;
	bool absent;
	size_t i;

	if (!json_is_object(obj))
		return hl_err_set(err, 422, "validation_failed",
		    "请求体应为 JSON 对象");
	for (i = 0; i < n; i++) {
		f = &fields[i];
		v = json_object_get(obj, f->name);
		absent = v == NULL || (json_is_null(v) && f->nullable);
		if (f->present != NULL)
			*f->present = !absent;
		if (absent) {
			clear_out(f);
			if (f->required) {
				hl_err_field(err, f->name, "必填");
				n_bad++;
			}
		} else if (decode_value(f, v, arena, err) == -1) {
			n_bad++;
		}
	}
	n_bad += refuse_unknown(obj, fields, n, err);
	return n_bad > 0 ? -1 : 0;
}

int
hl_json_decode_text(const char *p, size_t len,
    const struct hl_json_field *fields, size_t n, struct hl_arena *arena,
    struct hl_err *err)
{
	struct hl_json *j = hl_json_parse(p, len, err);
	int rc;

	if (j == NULL)
		return -1;
	rc = hl_json_decode(j, fields, n, arena, err);
	hl_json_free(j);
	return rc;
}

size_t
hl_json_array_size(const struct hl_json *j)
{
	return json_array_size((const json_t *)j);
}

int
hl_json_decode_elem(const struct hl_json *j, const struct hl_json_field *fields,
    size_t n, struct hl_arena *arena, const char *name, size_t i,
    struct hl_err *err)
{
	struct hl_err e = { 0 };
	char f[96];
	int k;

	if (hl_json_decode(j, fields, n, arena, &e) == 0)
		return 0;
	for (k = 0; k < e.n_fields; k++) {
		snprintf(f, sizeof(f), "%s[%zu].%s", name, i, e.fields[k].name);
		hl_err_field(err, f, "%s", e.fields[k].msg);
	}
	if (e.n_fields == 0) {
		snprintf(f, sizeof(f), "%s[%zu]", name, i);
		hl_err_field(err, f, "%s", e.msg);
	}
	return -1;
}

const struct hl_json *
hl_json_array_get(const struct hl_json *j, size_t i)
{
	return (const struct hl_json *)json_array_get((const json_t *)j, i);
}

int
hl_json_object_each(const struct hl_json *j, hl_json_member_fn fn, void *arg)
{
	json_t *obj = (json_t *)j;
	const struct hl_json *v;
	const char *key;
	void *it;

	for (it = json_object_iter(obj); it != NULL;
	     it = json_object_iter_next(obj, it)) {
		key = json_object_iter_key(it);
		v = (const struct hl_json *)json_object_iter_value(it);
		if (fn(key, v, arg) == -1)
			return -1;
	}
	return 0;
}

const char *
hl_json_string(const struct hl_json *j)
{
	const json_t *v = (const json_t *)j;
	const char *s = json_string_value(v);

	/* A C string would silently end at the first U+0000. */
	if (s == NULL || memchr(s, '\0', json_string_length(v)) != NULL)
		return NULL;
	return s;
}

const struct hl_json *
hl_json_get(const struct hl_json *j, const char *key)
{
	return (const struct hl_json *)json_object_get((const json_t *)j, key);
}

int
hl_json_int(const struct hl_json *j, int64_t *out)
{
	if (!json_is_integer((const json_t *)j))
		return -1;
	*out = (int64_t)json_integer_value((const json_t *)j);
	return 0;
}

/* ---- output ---- */

/*
 * The HTML-safe escape for the character at p[i] (p[0..len) being JSON
 * text or a string's content), or NULL when it needs none; *used gets the
 * input bytes it stands for.  "<", ">" and "&", so that "</script>" or
 * "<!--" in a value cannot end a script element the JSON is embedded in;
 * U+2028 and U+2029, which end a line in JavaScript before ES2019, so a
 * JSON text with them raw is not a valid script there.  Outside strings
 * JSON has none of these characters, so escaping them byte-wise is valid
 * anywhere in a JSON text.
 */
static const char *
html_escape_at(const unsigned char *p, size_t len, size_t i, size_t *used)
{
	*used = 1;
	switch (p[i]) {
	case '<':
		return "\\u003c";
	case '>':
		return "\\u003e";
	case '&':
		return "\\u0026";
	case 0xe2:
		if (len - i >= 3 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			*used = 3;
			return p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
		}
		break;
	default:
		break;
	}
	return NULL;
}

/*
 * The escape for the character at p[i], or NULL when it is copied as is.
 * *n gets the escape's length, *used the input bytes it stands for.
 * tmp (at least 7 bytes) holds a \u00XX escape.
 */
static const char *
escape_at(const unsigned char *p, size_t len, size_t i, char *tmp, size_t *n,
    size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	const char *e = html_escape_at(p, len, i, used);
	unsigned char c = p[i];

	*n = 2;
	if (e != NULL) {
		*n = 6;
		return e;
	}
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		if (c >= 0x20)
			return NULL;
		break;
	}
	memcpy(tmp, "\\u00", 4);
	tmp[4] = hex[c >> 4];
	tmp[5] = hex[c & 0xf];
	tmp[6] = '\0';
	*n = 6;
	return tmp;
}

void
hl_json_append_safe(struct hl_buf *b, const char *json, size_t len)
{
	const unsigned char *p = (const unsigned char *)json;
	const char *e;
	size_t start = 0;
	size_t used;
	size_t i;

	for (i = 0; i < len; i += used) {
		e = html_escape_at(p, len, i, &used);
		if (e == NULL)
			continue;
		hl_buf_append(b, json + start, i - start);
		hl_buf_puts(b, e);
		start = i + used;
	}
	hl_buf_append(b, json + start, len - start);
}

/* Append s[0..len) as a JSON string: runs of plain bytes are copied with
 * one append each, so nothing is allocated but buffer growth. */
static void
put_str(struct hl_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char tmp[8];
	const char *e;
	size_t start = 0;
	size_t used;
	size_t n;
	size_t i;

	hl_buf_grow(b, len + 2);
	hl_buf_putc(b, '"');
	for (i = 0; i < len; i += used) {
		e = escape_at(p, len, i, tmp, &n, &used);
		if (e == NULL)
			continue;
		if (i > start)
			hl_buf_append(b, s + start, i - start);
		hl_buf_append(b, e, n);
		start = i + used;
	}
	if (len > start)
		hl_buf_append(b, s + start, len - start);
	hl_buf_putc(b, '"');
}

/* Place the comma a value needs: none right after a key or first in its
 * container. */
static void
before_value(struct hl_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->need_comma[w->depth - 1])
		hl_buf_putc(w->b, ',');
	w->need_comma[w->depth - 1] = true;
}

static void
jw_open(struct hl_jw *w, char c)
{
	before_value(w);
	if (w->depth >= HL_JW_MAX_DEPTH)
		HL_BUG("json: writer nested too deep");
	hl_buf_putc(w->b, c);
	w->need_comma[w->depth] = false;
	w->depth++;
}

static void
jw_close(struct hl_jw *w, char c)
{
	if (w->depth == 0 || w->after_key)
		HL_BUG("json: writer end without a begin or after a key");
	w->depth--;
	hl_buf_putc(w->b, c);
}

static void
put_key(struct hl_jw *w, const char *key, size_t len)
{
	if (w->depth == 0 || w->after_key)
		HL_BUG("json: writer key outside an object or after a key");
	if (w->need_comma[w->depth - 1])
		hl_buf_putc(w->b, ',');
	w->need_comma[w->depth - 1] = true;
	put_str(w->b, key, len);
	hl_buf_putc(w->b, ':');
	w->after_key = true;
}

void
hl_jw_init(struct hl_jw *w, struct hl_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

void
hl_jw_obj_begin(struct hl_jw *w)
{
	jw_open(w, '{');
}

void
hl_jw_obj_end(struct hl_jw *w)
{
	jw_close(w, '}');
}

void
hl_jw_arr_begin(struct hl_jw *w)
{
	jw_open(w, '[');
}

void
hl_jw_arr_end(struct hl_jw *w)
{
	jw_close(w, ']');
}

void
hl_jw_key(struct hl_jw *w, const char *key)
{
	put_key(w, key, strlen(key));
}

void
hl_jw_str(struct hl_jw *w, const char *s)
{
	if (s == NULL) {
		hl_jw_null(w);
		return;
	}
	hl_jw_strn(w, s, strlen(s));
}

void
hl_jw_strn(struct hl_jw *w, const char *s, size_t len)
{
	before_value(w);
	put_str(w->b, s, len);
}

void
hl_jw_i64(struct hl_jw *w, int64_t v)
{
	char tmp[24];
	int n;

	n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	before_value(w);
	hl_buf_append(w->b, tmp, (size_t)n);
}

void
hl_jw_bool(struct hl_jw *w, bool v)
{
	before_value(w);
	if (v)
		hl_buf_append(w->b, "true", 4);
	else
		hl_buf_append(w->b, "false", 5);
}

void
hl_jw_null(struct hl_jw *w)
{
	before_value(w);
	hl_buf_append(w->b, "null", 4);
}

void
hl_jw_raw(struct hl_jw *w, const char *json, size_t len)
{
	before_value(w);
	hl_json_append_safe(w->b, json, len);
}

void
hl_json_write_error(struct hl_buf *b, const struct hl_err *err,
    const char *request_id)
{
	struct hl_jw w;
	const char *code = "internal";
	const char *msg = MSG_INTERNAL;
	size_t msg_len = strlen(MSG_INTERNAL);
	int n_fields = 0;
	int i;

	if (err != NULL && err->status != 0) {
		if (err->code != NULL)
			code = err->code;
		/* An error set without words still gets a sentence. */
		if (err->msg[0] != '\0') {
			msg = err->msg;
			msg_len = strnlen(err->msg, sizeof(err->msg));
		} else if (err->status < 500) {
			msg = "请求无法处理";
			msg_len = strlen(msg);
		}
		n_fields = err->n_fields;
		if (n_fields > HL_ERR_MAX_FIELDS)
			n_fields = HL_ERR_MAX_FIELDS;
	}

	hl_jw_init(&w, b);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "error");
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "code");
	hl_jw_str(&w, code);
	hl_jw_key(&w, "message");
	hl_jw_strn(&w, msg, msg_len);
	if (n_fields > 0) {
		hl_jw_key(&w, "fields");
		hl_jw_obj_begin(&w);
		for (i = 0; i < n_fields; i++) {
			const struct hl_err_field *f = &err->fields[i];

			put_key(&w, f->name, strnlen(f->name, sizeof(f->name)));
			hl_jw_strn(&w, f->msg, strnlen(f->msg, sizeof(f->msg)));
		}
		hl_jw_obj_end(&w);
	}
	hl_jw_key(&w, "request_id");
	hl_jw_str(&w, request_id);
	hl_jw_obj_end(&w);
	hl_jw_obj_end(&w);
}
