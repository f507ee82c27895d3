/*
 * The audit log endpoints, for admins.  Roles are in routes.c.
 */
#ifndef HL_AUDIT_API_H
#define HL_AUDIT_API_H

struct hl_req;

/* GET /api/v1/audit?actor=&action=&object_type=&object_id=&from=&to=
 * &limit=&cursor= */
int hl_audit_api_list(struct hl_req *req);
/* GET /api/v1/audit.csv, /api/v1/audit.xlsx: the same filters, the whole
 * filtered log as a file. */
int hl_audit_api_export_csv(struct hl_req *req);
int hl_audit_api_export_xlsx(struct hl_req *req);

#endif /* HL_AUDIT_API_H */
