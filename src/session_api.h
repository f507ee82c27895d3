/* POST /api/v1/session (login), DELETE /api/v1/session (logout),
 * GET /api/v1/me, POST /api/v1/me/password. */
#ifndef HL_SESSION_API_H
#define HL_SESSION_API_H

struct hl_req;

int hl_session_api_login(struct hl_req *req);
int hl_session_api_logout(struct hl_req *req);
int hl_session_api_me(struct hl_req *req);
/*
 * {"current_password","new_password"}: every session of the caller ends;
 * a caller who came with a session cookie gets a new session in the same
 * answer (Set-Cookie, 200 {"user","csrf_token"}), so only the other
 * devices must sign in again.  A bearer caller gets 200 {"user"}.
 */
int hl_session_api_password(struct hl_req *req);

#endif /* HL_SESSION_API_H */
