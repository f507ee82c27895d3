/*
 * API token endpoints, for admins: create (the token is in this answer
 * only), list, revoke.  Roles are in routes.c.
 */
#ifndef HL_TOKEN_API_H
#define HL_TOKEN_API_H

struct hl_req;

/* POST /api/v1/tokens {"name","user_id","expires_at"?} */
int hl_token_api_create(struct hl_req *req);
/* GET /api/v1/tokens?user=&limit=&cursor= */
int hl_token_api_list(struct hl_req *req);
/* DELETE /api/v1/tokens/{id} */
int hl_token_api_revoke(struct hl_req *req);

#endif /* HL_TOKEN_API_H */
