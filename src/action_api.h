/*
 * Action item endpoints: the lists ("my actions" with ?mine=true, a
 * chain's or a meeting's), their CSV and Excel files, and completing an
 * item.  Each handler decodes, calls one action.c function and replies
 * once; who sees what is action.c's SQL.
 */
#ifndef HL_ACTION_API_H
#define HL_ACTION_API_H

struct hl_req;

/* GET /actions, /actions.csv and /actions.xlsx. */
int hl_action_api_list(struct hl_req *req);
int hl_action_api_export_csv(struct hl_req *req);
int hl_action_api_export_xlsx(struct hl_req *req);
/* POST /actions/{id}/complete {"note"?}. */
int hl_action_api_complete(struct hl_req *req);

#endif /* HL_ACTION_API_H */
