/* GET /api/v1/chains, GET and PATCH /api/v1/chains/{code}, GET
 * /api/v1/chains/{code}/resources. */
#ifndef HL_CHAIN_API_H
#define HL_CHAIN_API_H

struct hl_req;

int hl_chain_api_list(struct hl_req *req);
int hl_chain_api_get(struct hl_req *req);
int hl_chain_api_update(struct hl_req *req);
int hl_chain_api_resources(struct hl_req *req);

#endif /* HL_CHAIN_API_H */
