/*
 * Enterprise import endpoints (admin): POST /enterprises/import
 * [?dry_run=true] with a CSV or .xlsx file, and GET
 * /enterprises/import/template?format=csv|xlsx.
 */
#ifndef HL_ENTERPRISE_IMPORT_API_H
#define HL_ENTERPRISE_IMPORT_API_H

struct hl_req;

int hl_enterprise_import_api_run(struct hl_req *req);
int hl_enterprise_import_api_template(struct hl_req *req);

#endif /* HL_ENTERPRISE_IMPORT_API_H */
