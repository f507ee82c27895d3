/*
 * Policy pack endpoints: PUT /chains/{code}/policy-pack (the contact,
 * admin); POST /chains/{code}/policy-pack/policies and DELETE
 * /chains/{code}/policy-pack/policies/{policy_id} (committee members of
 * the chain, admin).
 */
#ifndef HL_POLICY_PACK_API_H
#define HL_POLICY_PACK_API_H

struct hl_req;

int hl_policy_pack_api_put(struct hl_req *req);
int hl_policy_pack_api_add(struct hl_req *req);
int hl_policy_pack_api_remove(struct hl_req *req);

#endif /* HL_POLICY_PACK_API_H */
