/*
 * Legal team endpoints (admin): POST /chains/{code}/law-firms, PATCH and
 * DELETE /law-firms/{id}; POST /law-firms/{id}/lawyers, PATCH and DELETE
 * /lawyers/{id}.  DELETE retires.
 */
#ifndef HL_LEGAL_API_H
#define HL_LEGAL_API_H

struct hl_req;

int hl_legal_api_firm_create(struct hl_req *req);
int hl_legal_api_firm_update(struct hl_req *req);
int hl_legal_api_firm_retire(struct hl_req *req);
int hl_legal_api_lawyer_create(struct hl_req *req);
int hl_legal_api_lawyer_update(struct hl_req *req);
int hl_legal_api_lawyer_retire(struct hl_req *req);

#endif /* HL_LEGAL_API_H */
