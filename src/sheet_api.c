/*
 * Uploaded spreadsheets.  Browsers may send the file as the body (fetch
 * with a File) or in a form; integrations send the body.  Both reach the
 * same reader.
 */
#include "sheet_api.h"

#include <string.h>
#include <strings.h>

#include "err.h"
#include "http.h"
#include "multipart.h"
#include "qparam.h"

/* ct is media type type, parameters aside. */
static bool
media_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);

	return strncasecmp(ct, type, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* What a spreadsheet may be sent as: the types browsers give .csv and
 * .xlsx files (Windows says application/vnd.ms-excel for .csv), none at
 * all, or a form. */
static bool
file_type_ok(const char *ct)
{
	static const char *const ok[] = { "text/csv", "text/plain",
		"application/csv", "application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.spreadsheetml"
		".sheet",
		"application/octet-stream", "multipart/form-data", NULL };
	size_t i;

	if (ct == NULL || ct[0] == '\0')
		return true;
	for (i = 0; ok[i] != NULL; i++)
		if (media_type_is(ct, ok[i]))
			return true;
	return false;
}

int
hl_sheet_api_file(struct hl_req *req, const char **p, size_t *len,
    struct hl_err *err)
{
	const char *ct = hl_http_header(req, "Content-Type");
	struct hl_multipart m;
	const struct hl_multipart_part *part;

	*p = req->body.p != NULL ? req->body.p : "";
	*len = req->body.len;
	if (*len > 0 && !file_type_ok(ct))
		return hl_err_set(err, 415, "unsupported_media_type",
		    "请求内容类型应为 CSV 或 Excel（.xlsx）文件");
	if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		if (hl_multipart_parse(ct, *p, *len, &req->arena, &m, err) ==
		    -1)
			return -1;
		part = hl_multipart_find(&m, "file", NULL);
		if (part == NULL)
			return hl_err_set(err, 400, "bad_request",
			    "表单中缺少文件字段 file");
		*p = part->data;
		*len = part->len;
	}
	if (*len == 0) {
		hl_err_set(err, 422, "invalid_file", "请选择要导入的文件");
		return hl_err_field(err, "file", "请选择要导入的文件");
	}
	return 0;
}

int
hl_sheet_api_dry_run(struct hl_req *req, bool *dry_run, struct hl_err *err)
{
	bool given = false;

	*dry_run = false;
	return hl_qparam_bool(req, "dry_run", dry_run, &given, err);
}
