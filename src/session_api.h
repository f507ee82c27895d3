/* POST /api/v1/session (login), DELETE /api/v1/session (logout),
 * GET /api/v1/me. */
#ifndef HL_SESSION_API_H
#define HL_SESSION_API_H

struct hl_req;

int hl_session_api_login(struct hl_req *req);
int hl_session_api_logout(struct hl_req *req);
int hl_session_api_me(struct hl_req *req);

#endif /* HL_SESSION_API_H */
