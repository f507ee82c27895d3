/*
 * Committee member endpoints (admin): POST /chains/{code}/committee-members,
 * PATCH and DELETE /committee-members/{id}.
 */
#ifndef HL_COMMITTEE_API_H
#define HL_COMMITTEE_API_H

struct hl_req;

int hl_committee_api_create(struct hl_req *req);
int hl_committee_api_update(struct hl_req *req);
int hl_committee_api_remove(struct hl_req *req);

#endif /* HL_COMMITTEE_API_H */
