/*
 * Intake handlers for the desk (admins): the sources with their import
 * mappings, and the work-order import with its dry run and template.
 */
#ifndef HL_INTAKE_API_H
#define HL_INTAKE_API_H

struct hl_req;

/* GET /api/v1/intake/sources */
int hl_intake_api_sources(struct hl_req *req);
/* PATCH /api/v1/intake/sources/{code} */
int hl_intake_api_source_update(struct hl_req *req);
/* POST /api/v1/intake/sources/{code}/import?dry_run=true */
int hl_intake_api_import(struct hl_req *req);
/* GET /api/v1/intake/sources/{code}/import/template?format=csv|xlsx */
int hl_intake_api_template(struct hl_req *req);

#endif /* HL_INTAKE_API_H */
