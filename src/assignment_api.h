/*
 * Assignment endpoints (包联): admins create and delete, admins and
 * committee members list.  Roles are in routes.c.
 */
#ifndef HL_ASSIGNMENT_API_H
#define HL_ASSIGNMENT_API_H

struct hl_req;

/* POST /api/v1/assignments {"commissioner_id","enterprise_id"} */
int hl_assignment_api_create(struct hl_req *req);
/* POST /api/v1/assignments/bulk {"commissioner_id","add":[…],"remove":[…]} */
int hl_assignment_api_bulk(struct hl_req *req);
/* DELETE /api/v1/assignments/{id} */
int hl_assignment_api_delete(struct hl_req *req);
/* GET /api/v1/assignments?commissioner=&enterprise=&limit=&cursor= */
int hl_assignment_api_list(struct hl_req *req);

#endif /* HL_ASSIGNMENT_API_H */
