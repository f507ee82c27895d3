/*
 * List parameters.  The cursor is opaque to clients but simple inside:
 * base64url of the decimal last sort key, so a forged or truncated one is
 * caught by decoding, and the server can change its content later
 * without clients noticing.
 */
#include "qparam.h"

#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "err.h"
#include "http.h"
#include "mem.h"
#include "str.h"

static int
bad(struct hl_err *err, const char *name, const char *msg)
{
	hl_err_set(err, 400, "bad_request", "查询参数 %s 有误", name);
	return hl_err_field(err, name, "%s", msg);
}

/* limit, 1..HL_QPARAM_LIMIT_MAX, default HL_QPARAM_LIMIT_DEFAULT. */
static int
paging_limit(struct hl_req *req, int64_t *limit, struct hl_err *err)
{
	const char *l = hl_http_query(req, "limit");

	*limit = HL_QPARAM_LIMIT_DEFAULT;
	if (l != NULL &&
	    (hl_str_to_i64(hl_str_from(l), limit) == -1 || *limit < 1 ||
	        *limit > HL_QPARAM_LIMIT_MAX))
		return bad(err, "limit", "应为 1 到 200 的整数");
	return 0;
}

int
hl_qparam_paging(struct hl_req *req, int64_t *limit, int64_t *cursor,
    struct hl_err *err)
{
	const char *c = hl_http_query(req, "cursor");
	char dec[24];
	long n;

	*cursor = 0;
	if (paging_limit(req, limit, err) == -1)
		return -1;
	if (c == NULL)
		return 0;
	n = strlen(c) <= 32
	    ? hl_b64url_decode(c, strlen(c), dec, sizeof(dec) - 1)
	    : -1;
	if (n <= 0)
		return bad(err, "cursor", "无效的分页游标");
	dec[n] = '\0';
	if (hl_str_to_i64(hl_str_from(dec), cursor) == -1 || *cursor < 1)
		return bad(err, "cursor", "无效的分页游标");
	return 0;
}

int
hl_qparam_paging_key(struct hl_req *req, int64_t *limit, int64_t *key,
    int64_t *id, struct hl_err *err)
{
	const char *c = hl_http_query(req, "cursor");
	char dec[48];
	char *dot;
	long n;

	*key = 0;
	*id = 0;
	if (paging_limit(req, limit, err) == -1)
		return -1;
	if (c == NULL)
		return 0;
	n = strlen(c) <= 64
	    ? hl_b64url_decode(c, strlen(c), dec, sizeof(dec) - 1)
	    : -1;
	if (n <= 0)
		return bad(err, "cursor", "无效的分页游标");
	dec[n] = '\0';
	dot = strchr(dec, '.');
	if (dot == NULL)
		return bad(err, "cursor", "无效的分页游标");
	*dot = '\0';
	if (hl_str_to_i64(hl_str_from(dec), key) == -1 ||
	    hl_str_to_i64(hl_str_from(dot + 1), id) == -1 || *id < 1) {
		*key = 0;
		*id = 0;
		return bad(err, "cursor", "无效的分页游标");
	}
	return 0;
}

int64_t
hl_qparam_limit(struct hl_req *req)
{
	const char *v = hl_http_query(req, "limit");
	int64_t n;

	if (v == NULL)
		return 0;
	if (hl_str_to_i64(hl_str_from(v), &n) == -1 || n == 0)
		return -1;
	return n;
}

int
hl_qparam_id(struct hl_req *req, const char *name, int64_t *out,
    struct hl_err *err)
{
	const char *v = hl_http_query(req, name);

	*out = 0;
	if (v == NULL)
		return 0;
	if (hl_str_to_i64(hl_str_from(v), out) == -1 || *out < 1)
		return bad(err, name, "应为正整数编号");
	return 0;
}

int
hl_qparam_bool(struct hl_req *req, const char *name, bool *out, bool *given,
    struct hl_err *err)
{
	const char *v = hl_http_query(req, name);

	*given = v != NULL;
	if (v == NULL)
		return 0;
	if (strcmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "false") == 0)
		*out = false;
	else
		return bad(err, name, "应为 true 或 false");
	return 0;
}

int
hl_qparam_date(struct hl_req *req, const char *name, const char **out,
    struct hl_err *err)
{
	const char *v = hl_http_query(req, name);
	int32_t day;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (strlen(v) != 10 ||
	    hl_calendar_date_parse(hl_str_from(v), &day) == -1)
		return bad(err, name, "应为日期 YYYY-MM-DD");
	*out = v;
	return 0;
}

int
hl_qparam_text(struct hl_req *req, const char *name, size_t max_chars,
    const char **out, struct hl_err *err)
{
	const char *v = hl_http_query(req, name);
	size_t len;

	*out = NULL;
	if (v == NULL || v[0] == '\0')
		return 0;
	len = strlen(v);
	if (!hl_utf8_valid(v, len))
		return bad(err, name, "不是有效的 UTF-8 文本");
	if (hl_utf8_count(v, len) > max_chars)
		return bad(err, name, "太长");
	*out = v;
	return 0;
}
