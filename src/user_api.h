/*
 * The admin's user endpoints: create, list, read, change (name,
 * disabled, chains, password reset).  Roles are in routes.c.
 */
#ifndef HL_USER_API_H
#define HL_USER_API_H

struct hl_req;

/* POST /api/v1/users {"login","name","role","password","enterprise_id"?,
 * "chain_codes"?,"binding"?:{"kind","id"} (or "binding":"kind" with
 * "binding_id"),"phone"?,"email"?} */
int hl_user_api_create(struct hl_req *req);
/* GET /api/v1/users?role=&chain=&q=&limit=&cursor= */
int hl_user_api_list(struct hl_req *req);
/* GET /api/v1/users/{id} */
int hl_user_api_get(struct hl_req *req);
/* PATCH /api/v1/users/{id} */
int hl_user_api_update(struct hl_req *req);

#endif /* HL_USER_API_H */
