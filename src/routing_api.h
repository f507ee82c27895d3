/*
 * Routing rule endpoints: GET /routing-rules and GET /routing-rules/check
 * (committee members of their chains, admin); PUT
 * /chains/{code}/routing-rules/{category} (admin).
 */
#ifndef HL_ROUTING_API_H
#define HL_ROUTING_API_H

struct hl_req;

int hl_routing_api_list(struct hl_req *req);
int hl_routing_api_check(struct hl_req *req);
int hl_routing_api_set(struct hl_req *req);

#endif /* HL_ROUTING_API_H */
