/*
 * Meeting endpoints: /api/v1/meetings and below, a chain's common
 * problems, a case's meetings, and the print view with its stylesheet and
 * script.  Each handler decodes its input, calls one function of
 * meeting.c, common_problem.c or meeting_print.c and replies once; roles
 * are in routes.c, scoping in SQL (a meeting that is not the caller's
 * chain's is 404).
 */
#ifndef HL_MEETING_API_H
#define HL_MEETING_API_H

struct hl_conf;
struct hl_req;

/* Take the Markdown limit and the [meetings] settings from c.  Call once
 * at startup, before the workers start. */
void hl_meeting_api_setup(const struct hl_conf *c);

/* GET /meetings and POST /meetings (Idempotency-Key). */
int hl_meeting_api_list(struct hl_req *req);
int hl_meeting_api_create(struct hl_req *req);
/* GET and PATCH /meetings/{id}. */
int hl_meeting_api_get(struct hl_req *req);
int hl_meeting_api_update(struct hl_req *req);
/* POST /meetings/{id}/agenda (Idempotency-Key): add an item;
 * PUT /meetings/{id}/agenda {"ids":[…]}: reorder;
 * PATCH and DELETE /meetings/{id}/agenda/{item}. */
int hl_meeting_api_agenda_add(struct hl_req *req);
int hl_meeting_api_agenda_order(struct hl_req *req);
int hl_meeting_api_agenda_update(struct hl_req *req);
int hl_meeting_api_agenda_remove(struct hl_req *req);
/* POST /meetings/{id}/decisions (Idempotency-Key). */
int hl_meeting_api_decide(struct hl_req *req);
/* GET /meetings/{id}/minutes/{version}: an approved version. */
int hl_meeting_api_minutes(struct hl_req *req);
/* GET /meetings/{id}/people: who may attend or own an action item. */
int hl_meeting_api_people(struct hl_req *req);
/* GET /meetings/{id}/decisions.xlsx. */
int hl_meeting_api_export(struct hl_req *req);
/* GET /cases/{id}/meetings. */
int hl_meeting_api_case(struct hl_req *req);
/* GET /chains/{code}/common-problems. */
int hl_meeting_api_common_problems(struct hl_req *req);
/* GET /meetings/{id}/print, /meeting-print.css, /meeting-print.js. */
int hl_meeting_api_print(struct hl_req *req);
int hl_meeting_api_print_css(struct hl_req *req);
int hl_meeting_api_print_js(struct hl_req *req);

#endif /* HL_MEETING_API_H */
