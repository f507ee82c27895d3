/*
 * Decoding and answers shared by the four-ones handlers.  "user_id": null
 * must unbind, so its presence is read from the document itself: the
 * decoder treats a null member as absent.
 */
#include "fourone_api.h"

#include <string.h>

#include "buf.h"
#include "err.h"
#include "fourone.h"
#include "http.h"
#include "json.h"

#define MAX_FIELDS 24

static int
find_user(const char *key, const struct hl_json *val, void *arg)
{
	(void)val;
	if (strcmp(key, "user_id") == 0)
		*(bool *)arg = true;
	return 0;
}

int
hl_fourone_api_decode(struct hl_req *req, const struct hl_json_field *fields,
    size_t n, bool with_user, struct hl_fourone_write *w, struct hl_err *err)
{
	struct hl_json_field all[MAX_FIELDS + 1];
	struct hl_json *j;
	int rc;

	if (n > MAX_FIELDS)
		HL_BUG("too many fields for hl_fourone_api_decode");
	memcpy(all, fields, n * sizeof(*fields));
	memset(w, 0, sizeof(*w));
	if (with_user) {
		all[n] = (struct hl_json_field){ "user_id", HL_JSON_INT, false,
			true, 0, &w->user_id, NULL };
		n++;
	}
	j = hl_json_parse(req->body.p, req->body.len, err);
	if (j == NULL)
		return -1;
	rc = hl_json_decode(j, all, n, &req->arena, err);
	if (rc == 0 && with_user)
		hl_json_object_each(j, find_user, &w->has_user);
	hl_json_free(j);
	if (rc == 0 && w->has_user && w->user_id < 0)
		rc = hl_err_field(err, "user_id", "账号编号无效");
	w->body = hl_buf_cstr(&req->body);
	return rc;
}

int
hl_fourone_api_create(struct hl_req *req, hl_idem_create_fn fn, void *arg)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_idem_run(req, fn, arg, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_fourone_api_reply(struct hl_req *req, struct hl_buf *out,
    const struct hl_err *err)
{
	if (err != NULL && hl_err_is_set(err)) {
		if (out != NULL)
			hl_buf_release(out);
		return hl_http_reply_err(req, err);
	}
	if (out == NULL)
		return hl_http_reply(req, 204, NULL, NULL);
	return hl_http_reply_json(req, 200, out);
}
