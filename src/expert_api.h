/*
 * Expert panel endpoints (admin): POST /chains/{code}/experts,
 * PATCH /experts/{id}, DELETE /experts/{id} (retires).
 */
#ifndef HL_EXPERT_API_H
#define HL_EXPERT_API_H

struct hl_req;

int hl_expert_api_create(struct hl_req *req);
int hl_expert_api_update(struct hl_req *req);
int hl_expert_api_retire(struct hl_req *req);

#endif /* HL_EXPERT_API_H */
