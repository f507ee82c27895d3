/*
 * Enterprise endpoints: the registry list and record, registration (with
 * Idempotency-Key) and changes, and the district and tag vocabularies.
 * Roles are in routes.c; scoping is in enterprise.c's SQL.
 */
#ifndef HL_ENTERPRISE_API_H
#define HL_ENTERPRISE_API_H

struct hl_req;

/* GET /api/v1/enterprises?chain=&district=&tag=&key=&q=&commissioner=
 * &limit=&cursor= */
int hl_enterprise_api_list(struct hl_req *req);
/* GET /api/v1/enterprises/{id} */
int hl_enterprise_api_get(struct hl_req *req);
/* POST /api/v1/enterprises */
int hl_enterprise_api_create(struct hl_req *req);
/* PATCH /api/v1/enterprises/{id} */
int hl_enterprise_api_update(struct hl_req *req);
/* GET /api/v1/districts */
int hl_enterprise_api_districts(struct hl_req *req);
/* GET /api/v1/tags */
int hl_enterprise_api_tags(struct hl_req *req);

#endif /* HL_ENTERPRISE_API_H */
