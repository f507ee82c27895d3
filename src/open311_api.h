/*
 * Open311 GeoReport v2 handlers under /open311/v2/: decode the query or
 * the form, call one open311.c function, answer JSON.  The .xml forms of
 * the spec's paths answer that only JSON is served.
 */
#ifndef HL_OPEN311_API_H
#define HL_OPEN311_API_H

struct hl_req;

/* GET /open311/v2/services.json */
int hl_open311_api_services(struct hl_req *req);
/* GET /open311/v2/services/{code}.json */
int hl_open311_api_service(struct hl_req *req);
/* POST /open311/v2/requests.json (form-encoded) */
int hl_open311_api_create(struct hl_req *req);
/* GET /open311/v2/requests.json */
int hl_open311_api_list(struct hl_req *req);
/* GET /open311/v2/requests/{id}.json */
int hl_open311_api_get(struct hl_req *req);
/* GET and POST of /open311/v2/services.xml and requests.xml: 400. */
int hl_open311_api_xml(struct hl_req *req);

#endif /* HL_OPEN311_API_H */
