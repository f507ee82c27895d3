/*
 * Policy endpoints: the policies of the chains' policy packs under
 * /api/v1/policies, and an enterprise's explained matches under
 * /api/v1/enterprises/{id}/policies.
 */
#ifndef HL_POLICY_API_H
#define HL_POLICY_API_H

struct hl_req;

/* GET /api/v1/policies: ?chain= ?q= ?active=true|false ?archived=true,
 * paged. */
int hl_policy_api_list(struct hl_req *req);
/* GET /api/v1/policies/{id} */
int hl_policy_api_get(struct hl_req *req);
/* POST /api/v1/policies → 201 */
int hl_policy_api_create(struct hl_req *req);
/* PATCH /api/v1/policies/{id}: any members; "archived" archives. */
int hl_policy_api_update(struct hl_req *req);
/* GET /api/v1/enterprises/{id}/policies?window_days=N (0..365, 14) */
int hl_policy_api_match(struct hl_req *req);

#endif /* HL_POLICY_API_H */
