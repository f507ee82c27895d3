/*
 * Every endpoint, one line each: method, path, handler, the roles that may
 * call it (0: anyone), the body it takes and flags.  Order matters only
 * for the same path: the first match wins.  The router checks roles and
 * CSRF from this table, so handlers never do.
 */
#include "router.h"

#include "action_api.h"
#include "assignment_api.h"
#include "audit_api.h"
#include "bank_api.h"
#include "bulletin_api.h"
#include "calendar_api.h"
#include "case_api.h"
#include "chain_api.h"
#include "committee_api.h"
#include "ctx.h"
#include "enterprise_api.h"
#include "enterprise_import_api.h"
#include "event_api.h"
#include "expert_api.h"
#include "health_api.h"
#include "legal_api.h"
#include "meeting_api.h"
#include "message_api.h"
#include "policy_api.h"
#include "policy_pack_api.h"
#include "routing_api.h"
#include "session_api.h"
#include "static.h"
#include "token_api.h"
#include "user_api.h"
#include "visit_api.h"
#include "webhook_api.h"

#define ANY    0u
#define SIGNED ((unsigned)HL_ROLES_SIGNED_IN)
#define STAFF  ((unsigned)HL_ROLES_STAFF)
#define ADMIN  ((unsigned)HL_ROLE_ADMIN)
/* Who runs policy sessions (event.c narrows committee members to their
 * chains). */
#define RUNNERS                                                                \
	((unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN))
#define CMT_ADMIN ((unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN))

/* clang-format off */
const struct hl_route hl_routes[] = {
	{ "GET", "/healthz", hl_health_api_live, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },
	{ "GET", "/readyz", hl_health_api_ready, ANY, HL_BODY_NONE, 0 },

	{ "GET", "/api/v1/openapi.json", hl_static_serve, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },

	{ "GET", "/api/v1/chains", hl_chain_api_list, ANY, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/chains/{code}", hl_chain_api_get, ANY, HL_BODY_NONE, HL_ROUTE_MAYBE_AUTH },

	{ "POST", "/api/v1/session", hl_session_api_login, ANY, HL_BODY_JSON, HL_ROUTE_NO_CSRF },
	{ "DELETE", "/api/v1/session", hl_session_api_logout, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/me", hl_session_api_me, SIGNED, HL_BODY_NONE, 0 },

	/* people: enterprises, users, assignments, tokens, audit */
	{ "POST", "/api/v1/me/password", hl_session_api_password, SIGNED, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/enterprises", hl_enterprise_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/enterprises", hl_enterprise_api_create, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/enterprises/{id}", hl_enterprise_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/enterprises/{id}", hl_enterprise_api_update, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/enterprises/import", hl_enterprise_import_api_run, ADMIN, HL_BODY_FILE, 0 },
	{ "GET", "/api/v1/enterprises/import/template", hl_enterprise_import_api_template, ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/districts", hl_enterprise_api_districts, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/tags", hl_enterprise_api_tags, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/users", hl_user_api_create, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/users", hl_user_api_list, ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/users/{id}", hl_user_api_get, ADMIN, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/users/{id}", hl_user_api_update, ADMIN, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/assignments", hl_assignment_api_create, ADMIN, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/assignments/bulk", hl_assignment_api_bulk, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/assignments", hl_assignment_api_list, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, 0 },
	{ "DELETE", "/api/v1/assignments/{id}", hl_assignment_api_delete, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/tokens", hl_token_api_create, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/tokens", hl_token_api_list, ADMIN, HL_BODY_NONE, 0 },
	{ "DELETE", "/api/v1/tokens/{id}", hl_token_api_revoke, ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/audit", hl_audit_api_list, ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/audit.csv", hl_audit_api_export_csv, ADMIN, HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/audit.xlsx", hl_audit_api_export_xlsx, ADMIN, HL_BODY_NONE, HL_ROUTE_REPLICA },

	/* cases */
	{ "POST", "/api/v1/cases", hl_case_api_create, (unsigned)(HL_ROLE_ENTERPRISE | HL_ROLE_COMMISSIONER | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/cases", hl_case_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/stats/cases", hl_case_api_stats, STAFF, HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/cases.csv", hl_case_api_export_csv, STAFF, HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/cases.xlsx", hl_case_api_export_xlsx, STAFF, HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/cases/{id}", hl_case_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/cases/{id}/transitions", hl_case_api_transition, SIGNED, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/cases/{id}/notes", hl_case_api_note, STAFF, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/cases/{id}/attachments", hl_case_api_attach, SIGNED, HL_BODY_UPLOAD, 0 },
	{ "GET", "/api/v1/cases/{id}/attachments/{aid}", hl_case_api_attachment, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/cases/{id}/suggested-assignee", hl_case_api_suggested, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/chains/{code}/escalations", hl_case_api_escalations, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/calendar/{year}", hl_calendar_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PUT", "/api/v1/calendar/{year}", hl_calendar_api_put, ADMIN, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/calendar/{year}/import", hl_calendar_api_import, ADMIN, HL_BODY_FILE, 0 },
	{ "GET", "/api/v1/sla", hl_calendar_api_sla_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PUT", "/api/v1/sla", hl_calendar_api_sla_put, ADMIN, HL_BODY_JSON, 0 },

	/* visits, coverage, workload */
	{ "POST", "/api/v1/visits", hl_visit_api_create, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/visits", hl_visit_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/visits.csv", hl_visit_api_export_csv, STAFF, HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/visits.xlsx", hl_visit_api_export_xlsx, STAFF, HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/visits/{id}", hl_visit_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/visits/{id}", hl_visit_api_update, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/coverage", hl_visit_api_coverage, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/coverage.csv", hl_visit_api_coverage_csv, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/coverage.xlsx", hl_visit_api_coverage_xlsx, (unsigned)(HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, HL_ROUTE_REPLICA },
	{ "GET", "/api/v1/workload", hl_visit_api_workload, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, HL_ROUTE_REPLICA },

	/* policies, bulletins */
	{ "GET", "/api/v1/policies", hl_policy_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/policies", hl_policy_api_create, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/policies/{id}", hl_policy_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/policies/{id}", hl_policy_api_update, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/enterprises/{id}/policies", hl_policy_api_match, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/bulletins", hl_bulletin_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/bulletins", hl_bulletin_api_create, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/bulletins/{id}", hl_bulletin_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/bulletins/{id}", hl_bulletin_api_update, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/bulletins/{id}/publish", hl_bulletin_api_publish, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/bulletins/{id}/unpublish", hl_bulletin_api_unpublish, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/markdown/preview", hl_bulletin_api_preview, STAFF, HL_BODY_JSON, 0 },
	{ "GET", "/bulletins", hl_bulletin_api_index_page, ANY, HL_BODY_NONE, 0 },
	{ "GET", "/bulletins/{id}", hl_bulletin_api_page, ANY, HL_BODY_NONE, 0 },
	{ "GET", "/bulletin.css", hl_bulletin_api_css, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },

	/* the four ones as data: chains, committees, experts, lead banks,
	 * legal teams, policy packs, routing rules */
	{ "PATCH", "/api/v1/chains/{code}", hl_chain_api_update, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/chains/{code}/resources", hl_chain_api_resources, CMT_ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/chains/{code}/committee-members", hl_committee_api_create, ADMIN, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/committee-members/{id}", hl_committee_api_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/committee-members/{id}", hl_committee_api_remove, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/chains/{code}/experts", hl_expert_api_create, ADMIN, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/experts/{id}", hl_expert_api_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/experts/{id}", hl_expert_api_retire, ADMIN, HL_BODY_NONE, 0 },
	{ "PUT", "/api/v1/chains/{code}/lead-bank", hl_bank_api_put, ADMIN, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/chains/{code}/lead-bank/managers", hl_bank_api_manager_create, ADMIN, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/account-managers/{id}", hl_bank_api_manager_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/account-managers/{id}", hl_bank_api_manager_retire, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/chains/{code}/lead-bank/products", hl_bank_api_product_create, ADMIN, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/financing-products/{id}", hl_bank_api_product_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/financing-products/{id}", hl_bank_api_product_retire, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/chains/{code}/law-firms", hl_legal_api_firm_create, ADMIN, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/law-firms/{id}", hl_legal_api_firm_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/law-firms/{id}", hl_legal_api_firm_retire, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/law-firms/{id}/lawyers", hl_legal_api_lawyer_create, ADMIN, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/lawyers/{id}", hl_legal_api_lawyer_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/lawyers/{id}", hl_legal_api_lawyer_retire, ADMIN, HL_BODY_NONE, 0 },
	{ "PUT", "/api/v1/chains/{code}/policy-pack", hl_policy_pack_api_put, ADMIN, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/chains/{code}/policy-pack/policies", hl_policy_pack_api_add, CMT_ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/chains/{code}/policy-pack/policies/{policy_id}", hl_policy_pack_api_remove, CMT_ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/routing-rules", hl_routing_api_list, CMT_ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/routing-rules/check", hl_routing_api_check, CMT_ADMIN, HL_BODY_NONE, 0 },
	{ "PUT", "/api/v1/chains/{code}/routing-rules/{category}", hl_routing_api_set, ADMIN, HL_BODY_JSON, 0 },

	/* policy sessions (政策直通车) */
	{ "GET", "/api/v1/events", hl_event_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/events", hl_event_api_create, RUNNERS, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/events/{id}", hl_event_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/events/{id}", hl_event_api_update, RUNNERS, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/events/{id}/open", hl_event_api_open, RUNNERS, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/events/{id}/close", hl_event_api_close, RUNNERS, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/events/{id}/done", hl_event_api_done, RUNNERS, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/events/{id}/cancel", hl_event_api_cancel, RUNNERS, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/events/{id}/registrations", hl_event_api_registrations, RUNNERS, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/events/{id}/registrations", hl_event_api_register, (unsigned)HL_ROLE_ENTERPRISE, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/events/{id}/registrations/{rid}", hl_event_api_unregister, (unsigned)HL_ROLE_ENTERPRISE | RUNNERS, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/events/{id}/registrations.csv", hl_event_api_export_csv, RUNNERS, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/events/{id}/registrations.xlsx", hl_event_api_export_xlsx, RUNNERS, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/events/{id}/checkins", hl_event_api_checkin, RUNNERS, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/events/{id}/questions", hl_event_api_questions, RUNNERS, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/stats/events", hl_event_api_stats, RUNNERS, HL_BODY_NONE, 0 },
	/* notifications: webhooks and their delivery log (admins), in-app messages (everyone's own) */
	{ "GET", "/api/v1/notification-types", hl_webhook_api_types, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/webhooks", hl_webhook_api_create, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/webhooks", hl_webhook_api_list, ADMIN, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/webhooks/{id}", hl_webhook_api_get, ADMIN, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/webhooks/{id}", hl_webhook_api_update, ADMIN, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/webhooks/{id}", hl_webhook_api_delete, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/webhooks/{id}/test", hl_webhook_api_test, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/webhooks/{id}/deliveries", hl_webhook_api_log, ADMIN, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/webhooks/{id}/deliveries/{nid}/resend", hl_webhook_api_resend, ADMIN, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/notifications", hl_message_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/notifications/read", hl_message_api_read, SIGNED, HL_BODY_JSON, 0 },
	/* chain committee meetings, decisions, action items, common problems:
	 * a meeting is its chain's committee's (404 for anyone else, in SQL);
	 * an action item also its owner's */
	{ "GET", "/api/v1/meetings", hl_meeting_api_list, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/meetings", hl_meeting_api_create, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/meetings/{id}", hl_meeting_api_get, SIGNED, HL_BODY_NONE, 0 },
	{ "PATCH", "/api/v1/meetings/{id}", hl_meeting_api_update, SIGNED, HL_BODY_JSON, 0 },
	{ "POST", "/api/v1/meetings/{id}/agenda", hl_meeting_api_agenda_add, SIGNED, HL_BODY_JSON, 0 },
	{ "PUT", "/api/v1/meetings/{id}/agenda", hl_meeting_api_agenda_order, SIGNED, HL_BODY_JSON, 0 },
	{ "PATCH", "/api/v1/meetings/{id}/agenda/{item}", hl_meeting_api_agenda_update, SIGNED, HL_BODY_JSON, 0 },
	{ "DELETE", "/api/v1/meetings/{id}/agenda/{item}", hl_meeting_api_agenda_remove, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/meetings/{id}/decisions", hl_meeting_api_decide, SIGNED, HL_BODY_JSON, 0 },
	{ "GET", "/api/v1/meetings/{id}/decisions.xlsx", hl_meeting_api_export, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/meetings/{id}/minutes/{version}", hl_meeting_api_minutes, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/meetings/{id}/people", hl_meeting_api_people, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/cases/{id}/meetings", hl_meeting_api_case, STAFF, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/chains/{code}/common-problems", hl_meeting_api_common_problems, (unsigned)(HL_ROLE_COMMITTEE | HL_ROLE_ADMIN), HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/actions", hl_action_api_list, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/actions.csv", hl_action_api_export_csv, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/api/v1/actions.xlsx", hl_action_api_export_xlsx, SIGNED, HL_BODY_NONE, 0 },
	{ "POST", "/api/v1/actions/{id}/complete", hl_action_api_complete, SIGNED, HL_BODY_JSON, 0 },
	{ "GET", "/meetings/{id}/print", hl_meeting_api_print, SIGNED, HL_BODY_NONE, 0 },
	{ "GET", "/meeting-print.css", hl_meeting_api_print_css, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },
	{ "GET", "/meeting-print.js", hl_meeting_api_print_js, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },

	{ "GET", "*", hl_static_serve, ANY, HL_BODY_NONE, HL_ROUTE_NO_DB },
};

/* clang-format on */

const size_t hl_n_routes = sizeof(hl_routes) / sizeof(hl_routes[0]);
