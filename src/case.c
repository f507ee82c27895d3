/*
 * Case writes and the case page.  Each change runs in one transaction:
 * the case row is locked (FOR UPDATE) before case_fsm decides, so two
 * racing actions are decided one after the other on the current state;
 * then the UPDATE, the timeline row, the outbox events and the audit row
 * are written on the same connection.  Deadlines come from the SQL
 * functions of 0005 inside that transaction (one source of truth: the
 * calendar_days table); calendar.c only mirrors them for tests.
 */
#include "case.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "action.h"
#include "attachment.h"
#include "audit.h"
#include "buf.h"
#include "case_fsm.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "mem.h"
#include "str.h"
#include "user.h"

#define TITLE_MAX_CHARS       100
#define DESCRIPTION_MAX_CHARS 5000
#define NOTE_MAX_CHARS        5000

const char *const hl_case_categories[] = { "policy", "financing", "legal",
	"technology", "talent", "approvals", "other", NULL };

static const char *const category_labels[] = { "政策", "融资", "法律", "技术",
	"人才", "审批", "其他" };

static const char *const channels[] = { "portal", "phone", "visit", "event",
	"hotline", "platform", NULL };
static const char *const channel_labels[] = { "企业端", "电话", "走访", "活动",
	"12345热线", "诉求平台" };

static int
index_of(const char *const *names, const char *s)
{
	int i;

	for (i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
hl_case_category_label(const char *category)
{
	int i = index_of(hl_case_categories, category);

	return i < 0 ? NULL : category_labels[i];
}

const char *
hl_case_channel_label(const char *channel)
{
	int i = index_of(channels, channel);

	return i < 0 ? NULL : channel_labels[i];
}

void
hl_case_scope_params(const struct hl_ctx *ctx, char uid[24], char ent[24],
    const char *params[3])
{
	const char *role = hl_ctx_role_name(ctx->role);

	snprintf(uid, 24, "%" PRId64, ctx->user_id);
	snprintf(ent, 24, "%" PRId64,
	    ctx->role == HL_ROLE_ENTERPRISE ? ctx->enterprise_id : 0);
	params[0] = role != NULL ? role : "";
	params[1] = uid;
	params[2] = ent;
}

/* $1 role, $2 user: the ids of hl_case_scope_ids(). */
static const char SQL_SCOPE_IDS[] =
    "SELECT CASE $1 WHEN 'commissioner' THEN (SELECT array_agg("
    "  a.enterprise_id ORDER BY a.enterprise_id) FROM assignments a"
    "  WHERE a.commissioner_id = $2::bigint)"
    " WHEN 'committee' THEN (SELECT array_agg(uc.chain_id ORDER BY"
    "  uc.chain_id) FROM user_chains uc WHERE uc.user_id = $2::bigint)"
    " END::text";

int
hl_case_scope_ids(struct hl_ctx *ctx, const char **ids, struct hl_err *err)
{
	char uid[24];
	char ent[24];
	const char *params[3];
	struct hl_db_res *r;

	*ids = "{}";
	if (ctx->role != HL_ROLE_COMMISSIONER && ctx->role != HL_ROLE_COMMITTEE)
		return 0;
	hl_case_scope_params(ctx, uid, ent, params);
	r = hl_db_exec(ctx->db, SQL_SCOPE_IDS, 2, params, err);
	if (r == NULL)
		return -1;
	if (!hl_db_isnull(r, 0, 0))
		*ids = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return 0;
}

/* True when s has nothing but ASCII white space and U+3000. */
static bool
is_blank(const char *s)
{
	if (s == NULL)
		return true;
	while (*s != '\0') {
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

/* The texts behind the parameters of a query about one case. */
struct case_key {
	char uid[24];
	char ent[24];
	char cid[24];
};

/* params $1..$3 the caller's scope (hl_case_scope_params()), $4 case id:
 * the start of every query about one case. */
static void
case_params(const struct hl_ctx *ctx, int64_t id, struct case_key *k,
    const char **params)
{
	hl_case_scope_params(ctx, k->uid, k->ent, params);
	hl_i64_text(id, k->cid);
	params[3] = k->cid;
}

/* ---- the timeline ---- */

/* One case_events row; NULL strings are SQL NULL. */
struct event {
	int64_t case_id;
	int64_t actor; /* 0: the system */
	const char *kind;
	const char *action;
	const char *from;
	const char *to;
	const char *body;
	bool internal;
	const char *data;   /* a JSON object; NULL: {} */
	const char *outbox; /* event type to notify, NULL: none */
};

/*
 * The row, and its notifications in the same statement: the webhook
 * event and the in-app messages (hl_case_notify(), sql/0014_notify.sql).
 * The payload carries no text people typed (notes, reasons): webhooks
 * often post into group chats, which must not see internal remarks.
 */
static const char SQL_EVENT[] =
    "WITH ev AS (INSERT INTO case_events (case_id, actor_user_id, kind,"
    "  action, from_status, to_status, body, internal, data)"
    "  VALUES ($1::bigint, NULLIF($2, '0')::bigint, $3::text, $4::text,"
    "  $5::text, $6::text, $7::text, $8::boolean, coalesce($9::jsonb,"
    "  '{}')) RETURNING id, at)"
    " SELECT ev.id, CASE WHEN $10::text IS NULL THEN 0"
    "  ELSE hl_case_notify($10::text, $1::bigint, NULLIF($2, '0')::bigint,"
    "  jsonb_build_object('event_id', ev.id, 'kind', $3::text,"
    "  'action', $4::text, 'from_status', $5::text, 'to_status', $6::text,"
    "  'at', ev.at)) END"
    " FROM ev";

static int
add_event(struct hl_db_conn *db, const struct event *ev, int64_t *id,
    struct hl_err *err)
{
	char cid[24];
	char actor[24];
	const char *params[10];
	struct hl_db_res *r;

	hl_i64_text(ev->case_id, cid);
	hl_i64_text(ev->actor, actor);
	params[0] = cid;
	params[1] = actor;
	params[2] = ev->kind;
	params[3] = ev->action;
	params[4] = ev->from;
	params[5] = ev->to;
	params[6] = ev->body;
	params[7] = ev->internal ? "true" : "false";
	params[8] = ev->data;
	params[9] = ev->outbox;
	r = hl_db_exec(db, SQL_EVENT, 10, params, err);
	if (r == NULL)
		return -1;
	if (id != NULL)
		*id = hl_db_get_i64(r, 0, 0);
	hl_db_res_free(r);
	return 0;
}

/* ---- what the caller is to the case ---- */

#define SQL_FACTS_BODY                                                         \
	"SELECT c.status, c.escalated,"                                        \
	" coalesce(c.assignee_user_id = $2::bigint, false),"                   \
	" ($1 = 'enterprise' AND c.enterprise_id = $3::bigint),"               \
	" ($1 = 'commissioner' AND EXISTS (SELECT 1 FROM assignments x"        \
	"   WHERE x.enterprise_id = c.enterprise_id"                           \
	"   AND x.commissioner_id = $2::bigint))"                              \
	" OR ($1 = 'committee' AND EXISTS (SELECT 1 FROM user_chains x"        \
	"   WHERE x.chain_id = c.chain_id AND x.user_id = $2::bigint)),"       \
	" c.category, json_build_object('status', c.status,"                   \
	"  'assignee_user_id', c.assignee_user_id, 'escalated', c.escalated,"  \
	"  'due_at', c.due_at, 'resolution', c.resolution,"                    \
	"  'rating', c.rating)::text"                                          \
	" FROM cases c WHERE c.id = $4::bigint AND " HL_CASE_SQL_SCOPE

enum {
	F_STATUS,
	F_ESCALATED,
	F_ASSIGNEE,
	F_OWNER,
	F_IN_CHARGE,
	F_CATEGORY,
	F_BEFORE
};

/* $1..$3 scope, $4 case id. */
static const char SQL_FACTS[] = SQL_FACTS_BODY;
static const char SQL_FACTS_LOCK[] = SQL_FACTS_BODY " FOR UPDATE OF c";

/* The caller's facts about case id into *f; 404 when not visible.  The
 * result (for the category and the before image) goes to *res. */
static int
load_facts(struct hl_ctx *ctx, int64_t id, bool lock,
    struct hl_case_fsm_facts *f, struct hl_db_res **res, struct hl_err *err)
{
	struct case_key k;
	const char *params[4];
	struct hl_db_res *r;

	case_params(ctx, id, &k, params);
	r = hl_db_exec(ctx->db, lock ? SQL_FACTS_LOCK : SQL_FACTS, 4, params,
	    err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	memset(f, 0, sizeof(*f));
	if (hl_case_fsm_status_parse(hl_db_get(r, 0, F_STATUS), &f->status) ==
	    -1)
		HL_BUG("case: unknown status in the database");
	f->escalated = hl_db_get_bool(r, 0, F_ESCALATED);
	f->role = ctx->role;
	f->is_assignee = hl_db_get_bool(r, 0, F_ASSIGNEE);
	f->is_owner = hl_db_get_bool(r, 0, F_OWNER);
	f->is_in_charge = hl_db_get_bool(r, 0, F_IN_CHARGE);
	*res = r;
	return 0;
}

/* ---- the case as JSON ---- */

/*
 * What a timeline row ev says beyond its text, from its data (see the
 * statements below): the new assignee, the rating, the file.  The rest of
 * the data is for the audit trail, not for the page.
 */
#define SQL_EVENT_DETAILS                                                      \
	"'assignee', CASE WHEN ev.kind = 'assignment'"                         \
	" THEN ev.data->'assignee' END,"                                       \
	" 'rating', CASE WHEN ev.action = 'confirm'"                           \
	" THEN (ev.data->>'rating')::int END,"                                 \
	" 'attachment', CASE WHEN ev.kind = 'attachment' THEN ev.data END"

/* $1..$3 scope, $4 case id, $5 allowed actions, comma-separated. */
static const char SQL_CASE[] =
    "SELECT json_build_object('id', c.id, 'number', c.number,"
    " 'enterprise_id', e.id, 'enterprise_name', e.name,"
    " 'chain_code', ch.code, 'chain_name', ch.name,"
    " 'category', c.category, 'title', c.title,"
    " 'description', c.description, 'channel', c.channel,"
    " 'status', c.status,"
    " 'assignee', CASE WHEN a.id IS NULL THEN NULL"
    "  ELSE json_build_object('id', a.id, 'name', a.name) END,"
    " 'created_by', CASE WHEN cb.id IS NULL THEN NULL"
    "  ELSE json_build_object('id', cb.id, 'name', cb.name) END,"
    " 'created_at', c.created_at, 'updated_at', c.updated_at,"
    " 'accepted_at', c.accepted_at, 'due_on', c.due_on, 'due_at', c.due_at,"
    " 'overdue', " HL_CASE_SQL_OVERDUE ","
    " 'workdays_left', " HL_CASE_SQL_WORKDAYS_LEFT ","
    " 'escalated', c.escalated,"
    " 'escalation', " HL_CASE_SQL_ESCALATION ","
    " 'started_at', c.started_at, 'resolved_at', c.resolved_at,"
    " 'resolution', c.resolution,"
    " 'resolved_late', coalesce(c.resolved_at > c.due_at, false),"
    " 'closed_at', c.closed_at, 'rejected_at', c.rejected_at,"
    " 'reject_reason', c.reject_reason, 'rating', c.rating,"
    " 'rating_comment', c.rating_comment, 'rated_at', c.rated_at,"
    " 'visit_id', c.visit_id, 'event_id', c.event_id,"
    " 'intake', (SELECT json_build_object('source_code', s.code,"
    "   'source_name', s.name, 'source_ref', i.source_ref, 'via', i.via,"
    "   'address', i.address, 'received_at', i.received_at,"
    "   'requester', CASE WHEN $1 <> 'enterprise' THEN i.requester END)"
    "   FROM case_intake i JOIN intake_sources s ON s.id = i.source_id"
    "   WHERE i.case_id = c.id),"
    " 'timeline', (SELECT coalesce(json_agg(json_build_object("
    "   'id', ev.id, 'at', ev.at, 'kind', ev.kind, 'action', ev.action,"
    "   'from_status', ev.from_status, 'to_status', ev.to_status,"
    "   'body', ev.body, 'internal', ev.internal, " SQL_EVENT_DETAILS ","
    "   'actor', CASE WHEN eu.id IS NULL THEN NULL"
    "    ELSE json_build_object('id', eu.id, 'name', eu.name,"
    "    'role', eu.role) END) ORDER BY ev.at, ev.id), '[]')"
    "   FROM case_events ev LEFT JOIN users eu ON eu.id = ev.actor_user_id"
    "   WHERE ev.case_id = c.id AND (NOT ev.internal OR $1 <> 'enterprise')),"
    " 'attachments', (SELECT coalesce(json_agg(json_build_object("
    "   'id', f.id, 'file_name', f.file_name,"
    "   'content_type', f.content_type, 'size_bytes', f.size_bytes,"
    "   'sha256', encode(f.sha256, 'hex'), 'internal', f.internal,"
    "   'uploaded_at', f.uploaded_at, 'uploaded_by', CASE WHEN fu.id IS NULL"
    "    THEN NULL ELSE json_build_object('id', fu.id, 'name', fu.name) END)"
    "   ORDER BY f.id), '[]')"
    "   FROM case_attachments f LEFT JOIN users fu ON fu.id = f.uploaded_by"
    "   WHERE f.case_id = c.id AND (NOT f.internal OR $1 <> 'enterprise')),"
    " 'allowed_actions', to_json(string_to_array($5, ',')))"
    " FROM cases c JOIN enterprises e ON e.id = c.enterprise_id"
    " JOIN chains ch ON ch.id = c.chain_id"
    " LEFT JOIN users a ON a.id = c.assignee_user_id"
    " LEFT JOIN users cb ON cb.id = c.created_by"
    " WHERE c.id = $4::bigint AND " HL_CASE_SQL_SCOPE;

static int
case_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_case_fsm_facts f;
	enum hl_case_fsm_action acts[HL_CASE_FSM_N_ACTIONS];
	struct hl_db_res *r = NULL;
	struct hl_buf allowed = { 0 };
	struct case_key k;
	const char *params[5];
	size_t n;
	size_t i;
	int rc;

	if (load_facts(ctx, id, false, &f, &r, err) == -1)
		return -1;
	hl_db_res_free(r);
	n = hl_case_fsm_available(&f, acts);
	for (i = 0; i < n; i++) {
		if (i > 0)
			hl_buf_putc(&allowed, ',');
		hl_buf_puts(&allowed, hl_case_fsm_action_name(acts[i]));
	}
	case_params(ctx, id, &k, params);
	params[4] = hl_buf_cstr(&allowed);
	rc = hl_db_fetch_json(ctx->db, SQL_CASE, 5, params, out, err);
	hl_buf_release(&allowed);
	return rc;
}

int
hl_case_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	return case_json(ctx, id, out, err);
}

/* ---- intake ---- */

/*
 * $1..$3 scope, $4 enterprise id, $5 chain code ('' for the default):
 * the enterprise if the caller may file for it, and the chain.
 */
static const char SQL_TARGET[] =
    "SELECT e.id, (SELECT ec.chain_id FROM enterprise_chains ec"
    "  JOIN chains ch ON ch.id = ec.chain_id"
    "  WHERE ec.enterprise_id = e.id AND ($5 = '' OR ch.code = $5)"
    "  ORDER BY ec.is_primary DESC, ch.sort_order, ch.id LIMIT 1)"
    " FROM enterprises e WHERE e.id = $4::bigint"
    " AND ($1 = 'admin' OR ($1 = 'enterprise' AND e.id = $3::bigint)"
    "  OR ($1 = 'commissioner' AND EXISTS (SELECT 1 FROM assignments x"
    "   WHERE x.enterprise_id = e.id AND x.commissioner_id = $2::bigint)))";

/* The cases_before_write trigger fills year and seq from case_counters. */
static const char SQL_INSERT[] =
    "INSERT INTO cases (enterprise_id, chain_id, category, title,"
    " description, channel, created_by)"
    " VALUES ($1::bigint, $2::bigint, $3, $4, $5, $6, $7::bigint)"
    " RETURNING id, json_build_object('number', number,"
    " 'enterprise_id', enterprise_id, 'chain_id', chain_id,"
    " 'category', category, 'title', title, 'channel', channel,"
    " 'status', status)::text";

struct create_tx {
	struct hl_ctx *ctx;
	const struct hl_case_new *in;
	const char *channel;
	struct hl_buf *out;
};

void
hl_case_check_what(const char *prefix, const char *category, const char *title,
    const char *description, struct hl_err *err)
{
	char f[48];

	snprintf(f, sizeof(f), "%scategory", prefix);
	if (index_of(hl_case_categories, category) < 0)
		hl_err_field(err, f,
		    "类别应为 policy、financing、legal、technology、talent、"
		    "approvals 或 other");
	snprintf(f, sizeof(f), "%stitle", prefix);
	if (is_blank(title))
		hl_err_field(err, f, "请填写标题");
	else if (hl_utf8_count(title, strlen(title)) > TITLE_MAX_CHARS)
		hl_err_field(err, f, "标题不能超过 %d 个字", TITLE_MAX_CHARS);
	snprintf(f, sizeof(f), "%sdescription", prefix);
	if (is_blank(description))
		hl_err_field(err, f, "请填写问题描述");
	else if (hl_utf8_count(description, strlen(description)) >
	    DESCRIPTION_MAX_CHARS)
		hl_err_field(err, f, "问题描述不能超过 %d 个字",
		    DESCRIPTION_MAX_CHARS);
}

static int
check_new(struct hl_ctx *ctx, const struct hl_case_new *in,
    const char **channel, struct hl_err *err)
{
	hl_case_check_what("", in->category, in->title, in->description, err);
	if (ctx->role == HL_ROLE_ENTERPRISE) {
		if (in->enterprise_id_given)
			hl_err_field(err, "enterprise_id",
			    "enterprise_id 不可指定");
		if (in->channel != NULL && strcmp(in->channel, "portal") != 0)
			hl_err_field(err, "channel",
			    "企业用户提交的诉求渠道只能是 portal");
		*channel = "portal";
	} else if (ctx->role == HL_ROLE_COMMISSIONER ||
	    ctx->role == HL_ROLE_ADMIN) {
		if (!in->enterprise_id_given || in->enterprise_id <= 0)
			hl_err_field(err, "enterprise_id", "请选择企业");
		*channel = in->channel != NULL ? in->channel : "phone";
		if (index_of(channels, *channel) < 1)
			hl_err_field(err, "channel",
			    "渠道应为 phone、visit、event、hotline 或 platform");
	} else {
		return hl_err_forbidden(err);
	}
	return hl_err_is_set(err) ? -1 : 0;
}

/* The enterprise and chain for a new case into ids[0..2). */
static int
create_target(struct hl_ctx *ctx, const struct hl_case_new *in, char ids[2][24],
    struct hl_err *err)
{
	char uid[24];
	char ent[24];
	char eid[24];
	const char *params[5];
	struct hl_db_res *r;
	int rc = -1;

	hl_case_scope_params(ctx, uid, ent, params);
	hl_i64_text(ctx->role == HL_ROLE_ENTERPRISE ? ctx->enterprise_id
	                                            : in->enterprise_id,
	    eid);
	params[3] = eid;
	params[4] = in->chain_code != NULL ? in->chain_code : "";
	r = hl_db_exec(ctx->db, SQL_TARGET, 5, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		hl_err_field(err, "enterprise_id",
		    "企业不存在或不在您的包联范围内");
	else if (hl_db_isnull(r, 0, 1) && in->chain_code != NULL)
		hl_err_field(err, "chain_code", "该企业不属于此产业链");
	else if (hl_db_isnull(r, 0, 1))
		hl_err_field(err, "enterprise_id", "该企业尚未加入任何产业链");
	else {
		snprintf(ids[0], 24, "%s", hl_db_get(r, 0, 0));
		snprintf(ids[1], 24, "%s", hl_db_get(r, 0, 1));
		rc = 0;
	}
	hl_db_res_free(r);
	return rc;
}

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct create_tx *ct = arg;
	const struct hl_case_new *in = ct->in;
	char ids[2][24];
	char uid[24];
	const char *params[7];
	struct hl_db_res *r;
	struct event ev = { 0 };
	int rc = -1;

	if (create_target(ct->ctx, in, ids, err) == -1)
		return -1;
	hl_i64_text(ct->ctx->user_id, uid);
	params[0] = ids[0];
	params[1] = ids[1];
	params[2] = in->category;
	params[3] = in->title;
	params[4] = in->description;
	params[5] = ct->channel;
	params[6] = uid;
	r = hl_db_exec(db, SQL_INSERT, 7, params, err);
	if (r == NULL)
		return -1;
	ev.case_id = hl_db_get_i64(r, 0, 0);
	ev.actor = ct->ctx->user_id;
	ev.kind = "transition";
	ev.action = "create";
	ev.to = "submitted";
	ev.outbox = "case.created";
	if (add_event(db, &ev, NULL, err) == -1 ||
	    hl_audit_add(ct->ctx, "case.create", "case", hl_db_get(r, 0, 0),
	        NULL, hl_db_get(r, 0, 1), err) == -1 ||
	    case_json(ct->ctx, ev.case_id, ct->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_case_create(struct hl_ctx *ctx, const struct hl_case_new *in,
    struct hl_buf *out, struct hl_err *err)
{
	struct create_tx ct = { ctx, in, NULL, out };

	if (check_new(ctx, in, &ct.channel, err) == -1)
		return -1;
	return hl_db_tx_run_out(ctx->db, create_tx, &ct, out, err);
}

/* ---- many at once: the problems of a visit or a session ---- */

void
hl_case_problems_check(const struct hl_case_problem *p, size_t n,
    const char *occasion, bool with_enterprise, struct hl_err *err)
{
	char prefix[32];
	char f[48];
	size_t i;

	if (n > HL_CASE_PROBLEMS_MAX) {
		hl_err_field(err, "problems",
		    "一次%s最多登记 %d 个问题，本次提交了 %zu 个，请分批登记",
		    occasion, HL_CASE_PROBLEMS_MAX, n);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(prefix, sizeof(prefix), "problems[%zu].", i);
		if (with_enterprise && p[i].enterprise_id <= 0) {
			snprintf(f, sizeof(f), "%senterprise_id", prefix);
			hl_err_field(err, f, "请选择提出问题的企业");
		}
		hl_case_check_what(prefix, p[i].category, p[i].title,
		    p[i].description, err);
	}
}

void
hl_case_problems_json(const struct hl_case_problem *p, size_t n,
    bool with_enterprise, struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
	hl_jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "enterprise_id");
		if (with_enterprise)
			hl_jw_i64(&w, p[i].enterprise_id);
		else
			hl_jw_null(&w);
		hl_jw_key(&w, "category");
		hl_jw_str(&w, p[i].category);
		hl_jw_key(&w, "title");
		hl_jw_str(&w, p[i].title);
		hl_jw_key(&w, "description");
		hl_jw_str(&w, p[i].description);
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
}

/*
 * The cases, their timeline "create" rows, one audit row each and the
 * case.created notifications (hl_case_notify(): webhooks and in-app
 * messages), in one statement.  $1 visit id, $2 event
 * id (NULL: none), $3 channel, $4 actor id, $5 actor login, $6 problems,
 * $7 request id, $8 client address, $9 default enterprise, $10 preferred
 * chain.  The SELECT of the outbox CTE is referenced below, since
 * PostgreSQL runs only the data-modifying CTEs that nobody reads.
 */
static const char SQL_CREATE_MANY[] =
    "WITH p AS (SELECT coalesce(x.enterprise_id, $9::bigint) AS ent,"
    "  x.category, btrim(x.title) AS title, x.description, x.ord"
    "  FROM ROWS FROM (json_to_recordset($6::json) AS (enterprise_id bigint,"
    "  category text, title text, description text))"
    "  WITH ORDINALITY AS x(enterprise_id, category, title, description,"
    "  ord)),"
    " c AS (INSERT INTO cases (enterprise_id, chain_id, category, title,"
    "  description, channel, created_by, visit_id, event_id)"
    "  SELECT p.ent, (SELECT ec.chain_id FROM enterprise_chains ec"
    "   JOIN chains ch ON ch.id = ec.chain_id WHERE ec.enterprise_id = p.ent"
    "   ORDER BY coalesce(ec.chain_id = $10::bigint, false) DESC,"
    "   ec.is_primary DESC, ch.sort_order, ch.id LIMIT 1),"
    "  p.category, p.title, p.description, $3, $4::bigint, $1::bigint,"
    "  $2::bigint FROM p ORDER BY p.ord"
    "  RETURNING id, number, enterprise_id, chain_id, category, title,"
    "  channel, status, visit_id, event_id),"
    " ev AS (INSERT INTO case_events (case_id, actor_user_id, kind,"
    "  action, to_status, data)"
    "  SELECT c.id, $4::bigint, 'transition', 'create', 'submitted',"
    "  jsonb_strip_nulls(jsonb_build_object('visit_id', c.visit_id,"
    "  'event_id', c.event_id)) FROM c RETURNING id, case_id, at),"
    " au AS (INSERT INTO audit_log (actor_user_id, actor_login, action,"
    "  object_type, object_id, request_id, client_ip, after)"
    "  SELECT $4::bigint, $5, 'case.create', 'case', c.id::text, $7,"
    "  NULLIF($8, '')::inet, jsonb_build_object('number', c.number,"
    "  'enterprise_id', c.enterprise_id, 'chain_id', c.chain_id,"
    "  'category', c.category, 'title', c.title, 'channel', c.channel,"
    "  'status', c.status) || jsonb_strip_nulls(jsonb_build_object("
    "  'visit_id', c.visit_id, 'event_id', c.event_id)) FROM c RETURNING 1),"
    " ob AS (SELECT hl_case_notify('case.created', c.id, $4::bigint,"
    "  jsonb_build_object('event_id', ev.id, 'kind', 'transition',"
    "  'action', 'create', 'from_status', NULL, 'to_status', 'submitted',"
    "  'at', ev.at) || jsonb_strip_nulls(jsonb_build_object('visit_id',"
    "  c.visit_id, 'session_id', c.event_id))) AS n"
    "  FROM c JOIN ev ON ev.case_id = c.id)"
    " SELECT (SELECT coalesce(json_agg(json_build_object('id', c.id,"
    "  'number', c.number, 'status', c.status, 'title', c.title,"
    "  'category', c.category, 'enterprise_id', c.enterprise_id,"
    "  'enterprise_name', e.name, 'chain_code', ch.code) ORDER BY c.id),"
    "  '[]') FROM c JOIN enterprises e ON e.id = c.enterprise_id"
    "  JOIN chains ch ON ch.id = c.chain_id),"
    " (SELECT count(*) FROM au), (SELECT coalesce(sum(n), 0) FROM ob)";

int
hl_case_create_many(struct hl_ctx *ctx, const struct hl_case_many *m,
    struct hl_buf *out, struct hl_err *err)
{
	char visit[24];
	char event[24];
	char uid[24];
	char ent[24];
	char chain[24];
	const char *params[10];
	struct hl_db_res *r;

	hl_i64_text(m->visit_id, visit);
	hl_i64_text(m->event_id, event);
	hl_i64_text(ctx->user_id, uid);
	hl_i64_text(m->enterprise_id, ent);
	hl_i64_text(m->chain_id, chain);
	params[0] = m->visit_id > 0 ? visit : NULL;
	params[1] = m->event_id > 0 ? event : NULL;
	params[2] = m->channel;
	params[3] = uid;
	params[4] = ctx->login;
	params[5] = m->problems_json;
	params[6] = ctx->request_id;
	params[7] = ctx->client_ip != NULL ? ctx->client_ip : "";
	params[8] = m->enterprise_id > 0 ? ent : NULL;
	params[9] = m->chain_id > 0 ? chain : NULL;
	r = hl_db_exec(ctx->db, SQL_CREATE_MANY, 10, params, err);
	if (r == NULL)
		return -1;
	if (out != NULL)
		hl_db_append_json(out, r, 0, 0);
	hl_db_res_free(r);
	return 0;
}

/* ---- transitions ---- */

#define SQL_AFTER                                                              \
	"json_build_object('status', c.status,"                                \
	" 'assignee_user_id', c.assignee_user_id, 'escalated', c.escalated,"   \
	" 'due_at', c.due_at, 'resolution', c.resolution,"                     \
	" 'rating', c.rating)::text"

/* Each answers the after image (audit) and the timeline row's data. */
static const char SQL_ACCEPT[] =
    "UPDATE cases c SET status = 'accepted', accepted_at = hl_now(),"
    " accepted_by = $2::bigint, due_on = hl_due_on(c.category, hl_today()),"
    " due_at = hl_end_of_day(hl_due_on(c.category, hl_today()))"
    " WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('due_on', c.due_on, 'due_at', c.due_at,"
    " 'working_days', (SELECT s.working_days FROM sla_limits s"
    "  WHERE s.category = c.category))::text";

static const char SQL_REJECT[] =
    "UPDATE cases c SET status = 'rejected', rejected_at = hl_now(),"
    " reject_reason = $2 WHERE c.id = $1::bigint"
    " RETURNING " SQL_AFTER ", '{}'";

/* $3 the status after (assigned, or the same on a re-assignment), $4
 * whether the assignee was the suggested one. */
static const char SQL_ASSIGN[] =
    "WITH old AS (SELECT assignee_user_id FROM cases WHERE id = $1::bigint)"
    " UPDATE cases c SET status = $3::text, assignee_user_id = $2::bigint"
    " FROM old WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('assignee', (SELECT json_build_object('id', u.id,"
    "  'name', u.name, 'role', u.role) FROM users u WHERE u.id = $2::bigint),"
    " 'previous_assignee_id', old.assignee_user_id,"
    " 'suggested', $4::boolean)::text";

static const char SQL_START[] =
    "UPDATE cases c SET status = 'in_progress',"
    " started_at = coalesce(c.started_at, hl_now())"
    " WHERE c.id = $1::bigint RETURNING " SQL_AFTER ", '{}'";

static const char SQL_RESOLVE[] =
    "UPDATE cases c SET status = 'resolved', resolved_at = hl_now(),"
    " resolution = $2 WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('late', coalesce(c.resolved_at > c.due_at,"
    " false))::text";

static const char SQL_CONFIRM[] =
    "UPDATE cases c SET status = 'closed', closed_at = hl_now(),"
    " rating = $2::smallint, rating_comment = $3, rated_at = hl_now()"
    " WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('rating', c.rating)::text";

/* The deadline stays (see case.h); the old resolution goes into the
 * timeline row. */
static const char SQL_REOPEN[] =
    "WITH old AS (SELECT resolution, resolved_at FROM cases"
    "  WHERE id = $1::bigint)"
    " UPDATE cases c SET status = 'in_progress', resolved_at = NULL,"
    " resolution = NULL FROM old WHERE c.id = $1::bigint"
    " RETURNING " SQL_AFTER ", json_build_object('previous_resolution',"
    " old.resolution, 'previous_resolved_at', old.resolved_at)::text";

/* A re-check found the problem of a closed case not solved ($2 the
 * re-check): a new deadline from today, since the old one passed long
 * ago, and the rating goes with the closure it rated. */
static const char SQL_REOPEN_CLOSED[] =
    "WITH old AS (SELECT resolution, resolved_at, closed_at, rating,"
    "  rating_comment, due_on FROM cases WHERE id = $1::bigint)"
    " UPDATE cases c SET status = 'in_progress', resolved_at = NULL,"
    " resolution = NULL, closed_at = NULL, rating = NULL,"
    " rating_comment = NULL, rated_at = NULL,"
    " due_on = hl_due_on(c.category, hl_today()),"
    " due_at = hl_end_of_day(hl_due_on(c.category, hl_today())),"
    " reminder_sent_at = NULL, overdue_flagged_at = NULL"
    " FROM old WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('recheck_id', $2::bigint,"
    " 'previous_resolution', old.resolution,"
    " 'previous_resolved_at', old.resolved_at,"
    " 'previous_closed_at', old.closed_at, 'previous_rating', old.rating,"
    " 'previous_rating_comment', old.rating_comment,"
    " 'previous_due_on', old.due_on, 'due_on', c.due_on,"
    " 'due_at', c.due_at)::text";

/* The same for a rejected case: back to submitted, to be decided again. */
static const char SQL_REOPEN_REJECTED[] =
    "WITH old AS (SELECT reject_reason, rejected_at FROM cases"
    "  WHERE id = $1::bigint)"
    " UPDATE cases c SET status = 'submitted', rejected_at = NULL,"
    " reject_reason = NULL FROM old WHERE c.id = $1::bigint"
    " RETURNING " SQL_AFTER ", json_build_object('recheck_id', $2::bigint,"
    " 'previous_reject_reason', old.reject_reason,"
    " 'previous_rejected_at', old.rejected_at)::text";

static const char SQL_ESCALATE[] =
    "UPDATE cases c SET escalated = true, escalated_at = hl_now(),"
    " escalated_by = $2::bigint, escalated_reason = $3"
    " WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('automatic', false)::text";

static const char SQL_DEESCALATE[] =
    "WITH old AS (SELECT escalated_reason FROM cases WHERE id = $1::bigint)"
    " UPDATE cases c SET escalated = false, escalated_at = NULL,"
    " escalated_by = NULL, escalated_reason = NULL FROM old"
    " WHERE c.id = $1::bigint RETURNING " SQL_AFTER ","
    " json_build_object('previous_reason', old.escalated_reason)::text";

/* The chain's default responder for the case: its routing rule, else the
 * chain's four-ones binding ("other": nobody without a rule). */
static const char SQL_DEFAULT_RESPONDER[] =
    "SELECT hl_case_default_responder(c.chain_id, c.category)"
    " FROM cases c WHERE c.id = $1::bigint";

/*
 * $1 user, $2 case: the user's role, whether enabled, and whether the
 * user could work on the case: responders are scoped by the assignment
 * itself, admins see everything, commissioners and committee members
 * only their enterprises and chains.
 */
static const char SQL_ASSIGNEE[] =
    "SELECT u.role, u.disabled_at IS NULL, CASE u.role"
    "  WHEN 'responder' THEN true WHEN 'admin' THEN true"
    "  WHEN 'commissioner' THEN EXISTS (SELECT 1 FROM assignments x"
    "   WHERE x.commissioner_id = u.id AND x.enterprise_id = c.enterprise_id)"
    "  WHEN 'committee' THEN EXISTS (SELECT 1 FROM user_chains x"
    "   WHERE x.user_id = u.id AND x.chain_id = c.chain_id)"
    "  ELSE false END"
    " FROM users u, cases c WHERE u.id = $1::bigint AND c.id = $2::bigint";

struct transition_tx {
	struct hl_ctx *ctx;
	int64_t id;
	enum hl_case_fsm_action action;
	enum hl_case_fsm_status from;
	const struct hl_case_transition *in;
	struct hl_buf *out;
};

static int
default_responder(struct hl_db_conn *db, const char *cid, int64_t *uid,
    struct hl_err *err)
{
	const char *params[1] = { cid };
	struct hl_db_res *r =
	    hl_db_exec(db, SQL_DEFAULT_RESPONDER, 1, params, err);

	if (r == NULL)
		return -1;
	*uid = hl_db_nrows(r) > 0 && !hl_db_isnull(r, 0, 0)
	    ? hl_db_get_i64(r, 0, 0)
	    : 0;
	hl_db_res_free(r);
	return 0;
}

static int
check_assignee(struct hl_db_conn *db, const char *aid, const char *cid,
    struct hl_err *err)
{
	const char *params[2] = { aid, cid };
	struct hl_db_res *r = hl_db_exec(db, SQL_ASSIGNEE, 2, params, err);
	int rc = -1;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0 || !hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "assignee_id", "承办人不存在或已停用");
	else if (strcmp(hl_db_get(r, 0, 0), "enterprise") == 0)
		hl_err_field(err, "assignee_id", "企业用户不能作为承办人");
	else if (!hl_db_get_bool(r, 0, 2))
		hl_err_field(err, "assignee_id",
		    "该工作人员无权办理此诉求，不能作为承办人");
	else
		rc = 0;
	hl_db_res_free(r);
	return rc;
}

/* The text of the timeline row: the action's own text, else the note. */
static const char *
event_body(enum hl_case_fsm_action a, const struct hl_case_transition *in,
    const char *resolution)
{
	switch (a) {
	case HL_CASE_FSM_REJECT:
	case HL_CASE_FSM_REOPEN:
		return in->reason;
	case HL_CASE_FSM_ESCALATE:
		return !is_blank(in->reason) ? in->reason : in->note;
	case HL_CASE_FSM_RESOLVE:
		return resolution;
	case HL_CASE_FSM_CONFIRM:
		return !is_blank(in->comment) ? in->comment : in->note;
	case HL_CASE_FSM_ACCEPT:
	case HL_CASE_FSM_ASSIGN:
	case HL_CASE_FSM_START:
	case HL_CASE_FSM_DEESCALATE:
		break;
	}
	return in->note;
}

/* The notification type of a transition (rows of notification_types). */
static const char *
event_type(enum hl_case_fsm_action a)
{
	switch (a) {
	case HL_CASE_FSM_ACCEPT:
		return "case.accepted";
	case HL_CASE_FSM_REJECT:
		return "case.rejected";
	case HL_CASE_FSM_ASSIGN:
		return "case.assigned";
	case HL_CASE_FSM_START:
		return "case.started";
	case HL_CASE_FSM_RESOLVE:
		return "case.resolved";
	case HL_CASE_FSM_CONFIRM:
		return "case.closed";
	case HL_CASE_FSM_REOPEN:
		return "case.reopened";
	case HL_CASE_FSM_ESCALATE:
		return "case.escalated";
	case HL_CASE_FSM_DEESCALATE:
		return "case.deescalated";
	}
	HL_BUG("unknown case action");
}

static const char *
event_kind(enum hl_case_fsm_action a)
{
	switch (a) {
	case HL_CASE_FSM_ASSIGN:
		return "assignment";
	case HL_CASE_FSM_ESCALATE:
		return "escalation";
	case HL_CASE_FSM_DEESCALATE:
		return "deescalation";
	case HL_CASE_FSM_ACCEPT:
	case HL_CASE_FSM_REJECT:
	case HL_CASE_FSM_START:
	case HL_CASE_FSM_RESOLVE:
	case HL_CASE_FSM_CONFIRM:
	case HL_CASE_FSM_REOPEN:
		break;
	}
	return "transition";
}

/* Run the action's UPDATE; r gets the after image and the event data. */
static int
apply(struct transition_tx *tt, const struct hl_case_fsm_next *next,
    const char *resolution, int64_t assignee, bool suggested,
    struct hl_db_res **r, struct hl_err *err)
{
	const struct hl_case_transition *in = tt->in;
	char cid[24];
	char uid[24];
	char num[24];
	const char *p[4] = { cid, NULL, NULL, NULL };
	const char *sql = NULL;
	int n = 1;

	hl_i64_text(tt->id, cid);
	hl_i64_text(tt->ctx->user_id, uid);
	switch (tt->action) {
	case HL_CASE_FSM_ACCEPT:
		sql = SQL_ACCEPT;
		p[1] = uid;
		n = 2;
		break;
	case HL_CASE_FSM_REJECT:
		sql = SQL_REJECT;
		p[1] = in->reason;
		n = 2;
		break;
	case HL_CASE_FSM_ASSIGN:
		sql = SQL_ASSIGN;
		hl_i64_text(assignee, num);
		p[1] = num;
		p[2] = hl_case_fsm_status_name(next->status);
		p[3] = suggested ? "true" : "false";
		n = 4;
		break;
	case HL_CASE_FSM_START:
		sql = SQL_START;
		break;
	case HL_CASE_FSM_RESOLVE:
		sql = SQL_RESOLVE;
		p[1] = resolution;
		n = 2;
		break;
	case HL_CASE_FSM_CONFIRM:
		sql = SQL_CONFIRM;
		hl_i64_text(in->rating, num);
		p[1] = in->rating > 0 ? num : NULL; /* none: an override */
		p[2] = is_blank(in->comment) ? NULL : in->comment;
		n = 3;
		break;
	case HL_CASE_FSM_REOPEN:
		sql = SQL_REOPEN;
		if (tt->from == HL_CASE_FSM_CLOSED)
			sql = SQL_REOPEN_CLOSED;
		else if (tt->from == HL_CASE_FSM_REJECTED)
			sql = SQL_REOPEN_REJECTED;
		if (sql != SQL_REOPEN) {
			hl_i64_text(in->recheck_id, num);
			p[1] = num;
			n = 2;
		}
		break;
	case HL_CASE_FSM_ESCALATE:
		sql = SQL_ESCALATE;
		p[1] = uid;
		p[2] = event_body(tt->action, in, NULL);
		if (is_blank(p[2]))
			p[2] = NULL;
		n = 3;
		break;
	case HL_CASE_FSM_DEESCALATE:
		sql = SQL_DEESCALATE;
		break;
	}
	*r = hl_db_exec(tt->ctx->db, sql, n, p, err);
	return *r == NULL ? -1 : 0;
}

/* Input the FSM does not check: the resolution and the assignee. */
static int
prepare(struct transition_tx *tt, const char **resolution, int64_t *assignee,
    bool *suggested, struct hl_err *err)
{
	struct hl_case_fsm_input fin = { 0 };
	char cid[24];
	char aid[24];

	hl_i64_text(tt->id, cid);
	*resolution = tt->in->resolution;
	if (is_blank(*resolution))
		*resolution = tt->in->note;
	*assignee = tt->in->assignee_id;
	*suggested = false;
	if (tt->action == HL_CASE_FSM_ASSIGN && *assignee == 0) {
		if (default_responder(tt->ctx->db, cid, assignee, err) == -1)
			return -1;
		*suggested = *assignee > 0;
	}
	fin.reason = tt->in->reason;
	fin.rating = tt->in->rating;
	fin.assignee_id = *assignee;
	if (hl_case_fsm_validate(tt->action, &fin, err) == -1)
		return -1;
	if (tt->action == HL_CASE_FSM_RESOLVE && is_blank(*resolution))
		return hl_err_field(err, "resolution", "请填写办理结果");
	if (tt->action == HL_CASE_FSM_ASSIGN) {
		hl_i64_text(*assignee, aid);
		if (check_assignee(tt->ctx->db, aid, cid, err) == -1)
			return -1;
	}
	return 0;
}

static int
transition_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct transition_tx *tt = arg;
	struct hl_case_fsm_facts f;
	struct hl_case_fsm_next next;
	struct hl_db_res *facts = NULL;
	struct hl_db_res *r = NULL;
	struct event ev = { 0 };
	const char *resolution = NULL;
	int64_t assignee = 0;
	bool suggested = false;
	bool over = false;
	char cid[24];
	char action[48];
	int rc = -1;

	if (load_facts(tt->ctx, tt->id, true, &f, &facts, err) == -1)
		return -1;
	f.recheck_not_solved = tt->in->recheck_id > 0;
	tt->from = f.status;
	/* The action is checked once the case is known to be visible: a
	 * case the caller may not see is 404 whatever the body says. */
	if (tt->in->action == NULL ||
	    hl_case_fsm_action_parse(tt->in->action, &tt->action) == -1) {
		hl_err_field(err, "action",
		    "操作应为 accept、reject、assign、start、resolve、confirm、"
		    "reopen、escalate 或 deescalate");
		goto out;
	}
	/* An open meeting action item holds the case open (action.h):
	 * confirm here, reject once case_fsm has allowed it. */
	if (tt->action == HL_CASE_FSM_CONFIRM &&
	    hl_action_close_guard(tt->ctx, tt->id, &f, tt->in->override_reason,
	        &over, err) == -1)
		goto out;
	if (over) {
		next.status = HL_CASE_FSM_CLOSED;
		next.escalated = f.escalated;
	} else if (hl_case_fsm_decide(&f, tt->action, &next, err) == -1 ||
	    prepare(tt, &resolution, &assignee, &suggested, err) == -1 ||
	    (tt->action == HL_CASE_FSM_REJECT &&
	        hl_action_reject_guard(tt->ctx, tt->id, &f, err) == -1))
		goto out;
	if (apply(tt, &next, resolution, assignee, suggested, &r, err) == -1)
		goto out;
	ev.case_id = tt->id;
	ev.actor = tt->ctx->user_id;
	ev.kind = event_kind(tt->action);
	ev.action = hl_case_fsm_action_name(tt->action);
	ev.from = hl_case_fsm_status_name(f.status);
	ev.to = hl_case_fsm_status_name(next.status);
	ev.body = over ? tt->in->override_reason
	               : event_body(tt->action, tt->in, resolution);
	if (is_blank(ev.body))
		ev.body = NULL;
	ev.data = hl_db_get(r, 0, 1);
	ev.outbox = event_type(tt->action);
	hl_i64_text(tt->id, cid);
	snprintf(action, sizeof(action), "case.%s", ev.action);
	if (add_event(db, &ev, NULL, err) == -1 ||
	    hl_audit_add(tt->ctx, action, "case", cid,
	        hl_db_get(facts, 0, F_BEFORE), hl_db_get(r, 0, 0), err) == -1 ||
	    case_json(tt->ctx, tt->id, tt->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_db_res_free(facts);
	return rc;
}

int
hl_case_transition(struct hl_ctx *ctx, int64_t id,
    const struct hl_case_transition *in, struct hl_buf *out, struct hl_err *err)
{
	struct transition_tx tt = { ctx, id, 0, 0, in, out };

	return hl_db_tx_run_out(ctx->db, transition_tx, &tt, out, err);
}

/* ---- notes ---- */

/* $1..$3 scope, $4 case id: visible to the caller (shared lock, so that
 * the timeline row is added to the case as it stands). */
static const char SQL_VISIBLE[] =
    "SELECT c.status FROM cases c WHERE c.id = $4::bigint AND " HL_CASE_SQL_SCOPE
    " FOR SHARE OF c";

/* $1 the note's timeline row, written by a user. */
static const char SQL_NOTE_JSON[] =
    "SELECT json_build_object('id', ev.id, 'body', ev.body,"
    " 'internal', ev.internal, 'author', json_build_object('id', u.id,"
    "  'name', u.name, 'role', u.role), 'created_at', ev.at)"
    " FROM case_events ev JOIN users u ON u.id = ev.actor_user_id"
    " WHERE ev.id = $1::bigint";

/* The status of case id into status if ctx may see it; 404 otherwise. */
static int
visible(struct hl_ctx *ctx, int64_t id, char status[16], struct hl_err *err)
{
	struct case_key k;
	const char *params[4];
	struct hl_db_res *r;

	case_params(ctx, id, &k, params);
	r = hl_db_exec(ctx->db, SQL_VISIBLE, 4, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	snprintf(status, 16, "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return 0;
}

/* After the visibility check, so that a case the caller may not see is
 * 404 whatever the body says. */
static int
check_note(struct hl_ctx *ctx, const char *body, bool internal,
    struct hl_err *err)
{
	if (is_blank(body))
		return hl_err_field(err, "body", "请填写备注内容");
	if (hl_utf8_count(body, strlen(body)) > NOTE_MAX_CHARS)
		return hl_err_field(err, "body", "备注不能超过 %d 个字",
		    NOTE_MAX_CHARS);
	if (ctx->role == HL_ROLE_ENTERPRISE && internal)
		return hl_err_field(err, "internal",
		    "企业用户不能添加内部备注");
	return 0;
}

struct note_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const char *body;
	bool internal;
	struct hl_buf *out;
};

static int
note_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct note_tx *nt = arg;
	struct event ev = { 0 };
	char status[16];
	char cid[24];
	char eid[24];
	const char *params[1] = { eid };
	int64_t id;

	if (visible(nt->ctx, nt->id, status, err) == -1 ||
	    check_note(nt->ctx, nt->body, nt->internal, err) == -1)
		return -1;
	ev.case_id = nt->id;
	ev.actor = nt->ctx->user_id;
	ev.kind = "note";
	ev.body = nt->body;
	ev.internal = nt->internal;
	if (add_event(db, &ev, &id, err) == -1)
		return -1;
	hl_i64_text(nt->id, cid);
	hl_i64_text(id, eid);
	if (hl_audit_add(nt->ctx, "case.note", "case", cid, NULL,
	        nt->internal ? "{\"internal\":true}" : "{\"internal\":false}",
	        err) == -1)
		return -1;
	return hl_db_fetch_json(db, SQL_NOTE_JSON, 1, params, nt->out, err);
}

int
hl_case_add_note(struct hl_ctx *ctx, int64_t id, const char *body,
    bool internal, struct hl_buf *out, struct hl_err *err)
{
	struct note_tx nt = { ctx, id, body, internal, out };

	return hl_db_tx_run_out(ctx->db, note_tx, &nt, out, err);
}

/* ---- routing ---- */

/*
 * $1..$3 scope, $4 case id, $5 the category labels {"policy":"政策",...}:
 * the chain's default responder for the case (the pair's routing rule,
 * else the chain's four-ones binding; "other" without a rule: nobody,
 * assign by hand), why it is that person, and every enabled responder
 * who could take the case instead: those bound to the chain's four ones,
 * named in its routing rules, and the department desks given the chain.
 */
static const char SQL_SUGGESTED[] =
    "SELECT json_build_object("
    " 'user', (SELECT json_build_object(" HL_USER_SQL_FIELDS ")"
    "  FROM users u WHERE u.id = d.uid),"
    " 'reason', CASE WHEN d.source = 'rule' THEN ch.name"
    "  || '产业链分办规则（' || ($5::json->>c.category) || '类诉求）'"
    "  ELSE (SELECT ch.name || '产业链' || CASE rb.resource"
    "  WHEN 'expert' THEN '专家顾问' WHEN 'account_manager'"
    "  THEN '主办银行客户经理' WHEN 'lawyer' THEN '法律顾问团律师'"
    "  ELSE '政策对接人' END || '（' || ($5::json->>c.category)"
    "  || '类诉求）' FROM responder_bindings rb"
    "  WHERE rb.user_id = d.uid AND rb.chain_id = c.chain_id LIMIT 1) END,"
    " 'candidates', (SELECT coalesce(json_agg(json_build_object(" HL_USER_SQL_FIELDS
    ") ORDER BY u.name, u.id), '[]') FROM users u"
    "  WHERE u.role = 'responder' AND u.disabled_at IS NULL"
    "  AND (EXISTS (SELECT 1 FROM responder_bindings x"
    "   WHERE x.user_id = u.id AND x.chain_id = c.chain_id)"
    "  OR EXISTS (SELECT 1 FROM routing_rules x"
    "   WHERE x.user_id = u.id AND x.chain_id = c.chain_id)"
    "  OR EXISTS (SELECT 1 FROM user_chains x"
    "   WHERE x.user_id = u.id AND x.chain_id = c.chain_id))))"
    " FROM cases c JOIN chains ch ON ch.id = c.chain_id"
    " LEFT JOIN LATERAL (SELECT rc.user_id AS uid, rc.source"
    "  FROM hl_routing_candidates(c.chain_id, c.category) rc LIMIT 1) d"
    "  ON true"
    " WHERE c.id = $4::bigint AND " HL_CASE_SQL_SCOPE;

int
hl_case_suggested_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	struct case_key k;
	const char *params[5];
	struct hl_buf labels = { 0 };
	struct hl_jw w;
	int i;
	int rc;

	hl_jw_init(&w, &labels);
	hl_jw_obj_begin(&w);
	for (i = 0; hl_case_categories[i] != NULL; i++) {
		hl_jw_key(&w, hl_case_categories[i]);
		hl_jw_str(&w, category_labels[i]);
	}
	hl_jw_obj_end(&w);
	case_params(ctx, id, &k, params);
	params[4] = hl_buf_cstr(&labels);
	rc = hl_db_fetch_json(ctx->db, SQL_SUGGESTED, 5, params, out, err);
	hl_buf_release(&labels);
	return rc;
}

/* ---- attachments ---- */

/* $4 is the file, sent as binary; size and hash are computed here so they
 * always describe the stored bytes. */
static const char SQL_ATTACH[] =
    "INSERT INTO case_attachments (case_id, file_name, content_type,"
    " size_bytes, sha256, content, internal, uploaded_by)"
    " VALUES ($1::bigint, $2, $3, octet_length($4::bytea), sha256($4::bytea),"
    " $4::bytea, $5::boolean, $6::bigint)"
    " RETURNING id, json_build_object('id', id, 'file_name', file_name,"
    " 'content_type', content_type, 'size_bytes', size_bytes,"
    " 'sha256', encode(sha256, 'hex'), 'internal', internal,"
    " 'uploaded_at', uploaded_at, 'uploaded_by', (SELECT"
    "  json_build_object('id', u.id, 'name', u.name) FROM users u"
    "  WHERE u.id = uploaded_by))";

struct attach_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_case_upload *u;
	enum hl_attachment_type type;
	const char *name;
	struct hl_buf *out;
};

/*
 * The file, once the case is known to be visible (so that a case the
 * caller may not see is 404 whatever is uploaded): its type, and a safe
 * name for it into at.
 */
static int
check_upload(struct attach_tx *at, const char *status, struct hl_err *err)
{
	const struct hl_case_upload *u = at->u;

	if (u->len == 0)
		return hl_err_field(err, "file", "文件为空");
	if (u->len > (size_t)INT32_MAX)
		return hl_err_set(err, 413, "payload_too_large", "文件过大");
	if (u->internal && at->ctx->role == HL_ROLE_ENTERPRISE)
		return hl_err_field(err, "internal",
		    "企业用户不能上传内部附件");
	at->type = hl_attachment_sniff(u->data, u->len);
	if (at->type == HL_ATTACHMENT_UNKNOWN)
		return hl_err_set(err, 415, "unsupported_media_type",
		    "仅支持 PDF、PNG、JPEG、Word（.docx）和 Excel（.xlsx）文件");
	if (strcmp(status, "closed") == 0 || strcmp(status, "rejected") == 0)
		return hl_err_set(err, 409, "conflict",
		    "诉求已结束，不能再上传附件");
	at->name = hl_attachment_safe_name(at->ctx->arena, u->file_name,
	    u->file_name != NULL ? u->file_name_len : 0, at->type);
	return 0;
}

static int
attach_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct attach_tx *at = arg;
	struct event ev = { 0 };
	char status[16];
	char cid[24];
	char uid[24];
	const char *params[6];
	int lens[6] = { 0 };
	bool binary[6] = { false, false, false, true, false, false };
	struct hl_db_res *r;
	int rc = -1;

	if (visible(at->ctx, at->id, status, err) == -1 ||
	    check_upload(at, status, err) == -1)
		return -1;
	hl_i64_text(at->id, cid);
	hl_i64_text(at->ctx->user_id, uid);
	params[0] = cid;
	params[1] = at->name;
	params[2] = hl_attachment_mime(at->type);
	params[3] = at->u->data;
	lens[3] = (int)at->u->len;
	params[4] = at->u->internal ? "true" : "false";
	params[5] = uid;
	r = hl_db_execb(db, SQL_ATTACH, 6, params, lens, binary, err);
	if (r == NULL)
		return -1;
	ev.case_id = at->id;
	ev.actor = at->ctx->user_id;
	ev.kind = "attachment";
	ev.body = at->name;
	ev.internal = at->u->internal;
	ev.data = hl_db_get(r, 0, 1);
	if (add_event(db, &ev, NULL, err) == -1 ||
	    hl_audit_add(at->ctx, "case.attach", "case", cid, NULL,
	        hl_db_get(r, 0, 1), err) == -1)
		goto out;
	hl_db_append_json(at->out, r, 0, 1);
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_case_attach(struct hl_ctx *ctx, int64_t id, const struct hl_case_upload *u,
    struct hl_buf *out, struct hl_err *err)
{
	struct attach_tx at = { ctx, id, u, HL_ATTACHMENT_UNKNOWN, NULL, out };

	return hl_db_tx_run_out(ctx->db, attach_tx, &at, out, err);
}

/* $1..$3 scope, $4 case id, $5 attachment id.  Internal files are for
 * staff only.  Text and bytea columns only: it runs with a binary result. */
static const char SQL_ATTACHMENT[] =
    "SELECT f.content_type, f.file_name, f.content"
    " FROM case_attachments f JOIN cases c ON c.id = f.case_id"
    " WHERE f.id = $5::bigint AND c.id = $4::bigint"
    " AND (NOT f.internal OR $1 <> 'enterprise') AND " HL_CASE_SQL_SCOPE;

int
hl_case_attachment_get(struct hl_ctx *ctx, int64_t id, int64_t aid,
    struct hl_buf *content, const char **content_type, const char **file_name,
    struct hl_err *err)
{
	struct case_key k;
	char fid[24];
	const char *params[5];
	struct hl_db_res *r;
	int rc = -1;

	case_params(ctx, id, &k, params);
	hl_i64_text(aid, fid);
	params[4] = fid;
	/* Binary: the file's bytes as they are, not twice as many in hex. */
	r = hl_db_exec_binary(ctx->db, SQL_ATTACHMENT, 5, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	hl_buf_append(content, hl_db_get(r, 0, 2), hl_db_getlen(r, 0, 2));
	*content_type = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0));
	*file_name = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 1));
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}
