/*
 * Session endpoints.  Login answers the user and the CSRF token the
 * browser must send with every change; the cookie itself is HttpOnly and
 * never visible to scripts.
 */
#include "session_api.h"

#include <stdint.h>

#include "auth.h"
#include "buf.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "user.h"

static void
set_cookie(struct hl_req *req, const char *token, int64_t max_age_s)
{
	char v[HL_AUTH_COOKIE_SIZE];

	hl_auth_cookie(token, max_age_s, v);
	hl_http_add_header(req, "Set-Cookie", v);
}

static int
reply_me(struct hl_req *req, int status, const char *csrf)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	hl_buf_puts(&out, "{\"user\":");
	if (hl_user_me_json(&req->ctx, &out, &err) == -1) {
		hl_buf_release(&out);
		return hl_http_reply_err(req, &err);
	}
	/* The token is base64url: nothing in it needs escaping. */
	if (csrf != NULL && csrf[0] != '\0')
		hl_buf_printf(&out, ",\"csrf_token\":\"%s\"", csrf);
	hl_buf_putc(&out, '}');
	return hl_http_reply_json(req, status, &out);
}

int
hl_session_api_login(struct hl_req *req)
{
	const char *login = NULL;
	const char *password = NULL;
	const struct hl_json_field fields[] = {
		{ "login", HL_JSON_STRING, true, false, 64, &login, NULL },
		{ "password", HL_JSON_STRING, true, false, 256, &password,
		    NULL },
	};
	struct hl_auth_session s = { 0 };
	struct hl_err err = { 0 };
	int rc;

	rc = hl_json_decode_text(req->body.p, req->body.len, fields,
	    sizeof(fields) / sizeof(fields[0]), &req->arena, &err);
	if (rc == -1 ||
	    hl_auth_login(&req->ctx, login, password,
	        hl_http_header(req, "User-Agent"),
	        hl_http_cookie(req, hl_auth_cookie_name()), &s, &err) == -1)
		return hl_http_reply_err(req, &err);
	set_cookie(req, s.token, s.max_age_s);
	return reply_me(req, 200, s.csrf_token);
}

int
hl_session_api_logout(struct hl_req *req)
{
	struct hl_err err = { 0 };

	if (hl_auth_logout(&req->ctx, &err) == -1)
		return hl_http_reply_err(req, &err);
	set_cookie(req, "", 0);
	return hl_http_reply(req, 204, NULL, NULL);
}

int
hl_session_api_me(struct hl_req *req)
{
	char csrf[HL_AUTH_TOKEN_CHARS + 1];

	hl_auth_csrf_for(&req->ctx, hl_http_cookie(req, hl_auth_cookie_name()),
	    csrf);
	return reply_me(req, 200, csrf);
}

int
hl_session_api_password(struct hl_req *req)
{
	const char *current = NULL;
	const char *new_password = NULL;
	const struct hl_json_field fields[] = {
		{ "current_password", HL_JSON_STRING, true, false, 256,
		    &current, NULL },
		{ "new_password", HL_JSON_STRING, true, false, 256,
		    &new_password, NULL },
	};
	struct hl_auth_session s = { 0 };
	struct hl_err err = { 0 };
	int rc;

	rc = hl_json_decode_text(req->body.p, req->body.len, fields,
	    sizeof(fields) / sizeof(fields[0]), &req->arena, &err);
	if (rc == -1 ||
	    hl_user_change_own_password(&req->ctx, current, new_password,
	        hl_http_header(req, "User-Agent"), &s, &err) == -1)
		return hl_http_reply_err(req, &err);
	if (s.token[0] == '\0')
		return reply_me(req, 200, NULL);
	set_cookie(req, s.token, s.max_age_s);
	return reply_me(req, 200, s.csrf_token);
}
