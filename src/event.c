/*
 * Policy sessions: the checks, the writes (each one transaction that locks
 * the session row first, so registrations, cancellations, promotions and
 * check-ins of one session are decided one at a time on its current
 * state), the session and its registrations as JSON, the list, the
 * figures, the exports and the reminder job.  PostgreSQL builds every
 * answer; lists travel to it as JSON text parameters.  The list cursor is
 * base64url of "<group>.<time>.<id>", the three keys of its order.
 */
#include "event.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "md.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX     200
#define CURSOR_MAX    64
#define EXPORT_MAX    20000

/* The audit image of session e. */
#define SQL_SNAPSHOT                                                           \
	"json_build_object('chain_id', e.chain_id, 'title', e.title,"          \
	" 'topic', e.topic, 'organizer', e.organizer,"                         \
	" 'starts_at', e.starts_at, 'ends_at', e.ends_at, 'place', e.place,"   \
	" 'capacity', e.capacity, 'max_attendees', e.max_attendees,"           \
	" 'status', e.status, 'cancel_reason', e.cancel_reason,"               \
	" 'policy_ids', ARRAY(SELECT ep.policy_id FROM event_policies ep"      \
	"  WHERE ep.event_id = e.id ORDER BY ep.position),"                    \
	" 'bulletin_ids', ARRAY(SELECT eb.bulletin_id FROM event_bulletins eb" \
	"  WHERE eb.event_id = e.id ORDER BY eb.position))::text"

/* ---- the session as the caller sees it ---- */

/* The caller's scope ($1..$3) and a session id ($4) as parameters. */
struct key {
	char uid[24];
	char ent[24];
	char id[24];
	const char *params[4];
};

static void
key_make(const struct hl_ctx *ctx, int64_t id, struct key *k)
{
	hl_case_scope_params(ctx, k->uid, k->ent, k->params);
	hl_i64_text(id, k->id);
	k->params[3] = k->id;
}

/* What a write or a staff page needs to know about session $4. */
#define SQL_FACTS_BODY                                                         \
	"SELECT e.status, " HL_EVENT_SQL_MANAGE ", e.starts_at <= hl_now(),"   \
	" e.starts_at - interval '1 day' <= hl_now(),"                         \
	" coalesce(e.capacity, 2147483647), e.max_attendees,"                  \
	" coalesce(e.chain_id, 0),"                                            \
	" (SELECT coalesce(sum(r.attendee_count), 0)"                          \
	"  FROM event_registrations r"                                         \
	"  WHERE r.event_id = e.id AND r.status = 'registered'),"              \
	" (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id" \
	"  AND r.status = 'waitlisted'),"                                      \
	" EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = e.id" \
	"  AND r.enterprise_id = $3::bigint), " SQL_SNAPSHOT                   \
	" FROM events e WHERE e.id = $4::bigint AND " HL_EVENT_SQL_VISIBLE

static const char SQL_FACTS[] = SQL_FACTS_BODY;

/*
 * The lock comes first, in a statement of its own: a statement that waits
 * for a row lock still reads the rest (the seats taken) as of its start,
 * so the facts are read by the next statement, which sees what the
 * transaction that held the lock committed.
 */
static const char SQL_LOCK[] =
    "SELECT e.id FROM events e WHERE e.id = $4::bigint"
    " AND " HL_EVENT_SQL_VISIBLE " AND $3::bigint IS NOT NULL"
    " FOR UPDATE OF e";

enum {
	LOAD_LOCK = 1 << 0,   /* lock the session row for a write */
	LOAD_MANAGE = 1 << 1, /* 403 unless the caller runs it */
};

struct facts {
	char status[16];
	bool manage;
	bool started;
	bool checkin_open; /* from a day before the start */
	int64_t capacity;
	int64_t max_attendees;
	int64_t chain_id; /* 0: citywide */
	int64_t seats;    /* held by registered enterprises */
	int64_t n_waiting;
	bool mine; /* the caller's enterprise has a registration */
	const char *before;
};

/*
 * Read the facts of session id for ctx into f (before in the arena),
 * with LOAD_LOCK locking its row.  404 when ctx may not see it; with
 * LOAD_MANAGE, 403 when ctx sees it but does not run it.
 */
static int
load(struct hl_ctx *ctx, int64_t id, unsigned flags, struct facts *f,
    struct hl_err *err)
{
	struct key k;
	struct hl_db_res *r;

	key_make(ctx, id, &k);
	if ((flags & LOAD_LOCK) != 0 &&
	    hl_db_run(ctx->db, SQL_LOCK, 4, k.params, err) == -1)
		return -1;
	r = hl_db_exec(ctx->db, SQL_FACTS, 4, k.params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	memset(f, 0, sizeof(*f));
	snprintf(f->status, sizeof(f->status), "%s", hl_db_get(r, 0, 0));
	f->manage = hl_db_get_bool(r, 0, 1);
	f->started = hl_db_get_bool(r, 0, 2);
	f->checkin_open = hl_db_get_bool(r, 0, 3);
	f->capacity = hl_db_get_i64(r, 0, 4);
	f->max_attendees = hl_db_get_i64(r, 0, 5);
	f->chain_id = hl_db_get_i64(r, 0, 6);
	f->seats = hl_db_get_i64(r, 0, 7);
	f->n_waiting = hl_db_get_i64(r, 0, 8);
	f->mine = hl_db_get_bool(r, 0, 9);
	f->before = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 10));
	hl_db_res_free(r);
	if ((flags & LOAD_MANAGE) != 0 && !f->manage)
		return hl_err_set(err, 403, "forbidden",
		    "只有本产业链党委成员、服务专员和管理员可以操作此活动");
	return 0;
}

static const char SQL_SNAPSHOT_OF[] =
    "SELECT " SQL_SNAPSHOT " FROM events e WHERE e.id = $1::bigint";

/* The audit image of session sid now, into *json (the arena). */
static int
snapshot(struct hl_ctx *ctx, const char *sid, const char **json,
    struct hl_err *err)
{
	const char *params[1] = { sid };
	struct hl_db_res *r =
	    hl_db_exec(ctx->db, SQL_SNAPSHOT_OF, 1, params, err);

	if (r == NULL)
		return -1;
	*json = hl_db_nrows(r) == 1
	    ? hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0))
	    : NULL;
	hl_db_res_free(r);
	return 0;
}

/* $1..$3 scope, $4 id. */
static const char SQL_GET[] =
    "SELECT json_build_object(" HL_EVENT_SQL_ITEM_FIELDS ","
    " 'topic_md', e.topic, 'topic_html', e.topic_html,"
    " 'policies', (SELECT coalesce(json_agg(json_build_object('id', p.id,"
    "  'title', p.title, 'issuer', p.issuer) ORDER BY ep.position), '[]')"
    "  FROM event_policies ep JOIN policies p ON p.id = ep.policy_id"
    "  WHERE ep.event_id = e.id AND p.archived_at IS NULL),"
    " 'bulletins', (SELECT coalesce(json_agg(json_build_object('id', b.id,"
    "  'title', b.title, 'published_at', b.published_at)"
    "  ORDER BY eb.position), '[]')"
    "  FROM event_bulletins eb JOIN bulletins b ON b.id = eb.bulletin_id"
    "  WHERE eb.event_id = e.id AND b.status = 'published'),"
    " 'cases', (SELECT coalesce(json_agg(json_build_object('id', c.id,"
    "  'number', c.number, 'status', c.status, 'title', c.title,"
    "  'category', c.category, 'enterprise_id', c.enterprise_id,"
    "  'enterprise_name', ce.name, 'overdue', " HL_CASE_SQL_OVERDUE ")"
    "  ORDER BY c.id), '[]')"
    "  FROM cases c JOIN enterprises ce ON ce.id = c.enterprise_id"
    "  WHERE c.event_id = e.id AND " HL_CASE_SQL_SCOPE "),"
    " 'created_by', (SELECT json_build_object('id', u.id, 'name', u.name)"
    "  FROM users u WHERE u.id = e.created_by))"
    " FROM events e" HL_EVENT_SQL_JOINS
    " WHERE e.id = $4::bigint AND " HL_EVENT_SQL_VISIBLE;

int
hl_event_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	struct key k;

	key_make(ctx, id, &k);
	return hl_db_fetch_json(ctx->db, SQL_GET, 4, k.params, out, err);
}

/* ---- creating and changing ---- */

/* A list of ids as a JSON array: how the links travel to SQL. */
static void
ids_json(const struct hl_json_i64v *v, struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
	hl_jw_arr_begin(&w);
	for (i = 0; i < v->n; i++)
		hl_jw_i64(&w, v->v[i]);
	hl_jw_arr_end(&w);
}

static void
check_ids(const char *field, const struct hl_json_i64v *v, struct hl_err *err)
{
	size_t i;
	size_t k;

	if (v->n > HL_EVENT_LINKS_MAX) {
		hl_err_field(err, field, "最多关联 %d 项", HL_EVENT_LINKS_MAX);
		return;
	}
	for (i = 0; i < v->n; i++)
		for (k = 0; k < i; k++)
			if (v->v[i] == v->v[k]) {
				hl_err_field(err, field,
				    "编号 %" PRId64 " 重复", v->v[i]);
				return;
			}
}

static void
check_text(const char *field, const char *s, size_t max, bool required,
    const char *what, struct hl_err *err)
{
	if (s == NULL || hl_str_blank(s)) {
		if (required)
			hl_err_field(err, field, "请填写%s", what);
	} else if (hl_utf8_chars(s) > max) {
		hl_err_field(err, field, "%s不能超过 %zu 个字", what, max);
	}
}

/* Everything that can be judged without the database, all at once. */
static int
check_in(const struct hl_event_in *in, bool change, struct hl_err *err)
{
	const bool *has = in->present;

#define WANT(f) (!change || has[f])
	if (WANT(HL_EVENT_TITLE))
		check_text("title", in->title, HL_EVENT_TITLE_MAX, true,
		    "活动名称", err);
	if (WANT(HL_EVENT_PLACE))
		check_text("place", in->place, HL_EVENT_PLACE_MAX, true,
		    "活动地点", err);
	if (WANT(HL_EVENT_ORGANIZER))
		check_text("organizer", in->organizer, HL_EVENT_PLACE_MAX,
		    false, "主办单位", err);
	if (WANT(HL_EVENT_STARTS_AT)) {
		if (in->starts_at == NULL)
			hl_err_field(err, "starts_at", "请填写开始时间");
		hl_valid_datetime("starts_at", in->starts_at, err);
	}
	if (WANT(HL_EVENT_ENDS_AT)) {
		if (in->ends_at == NULL)
			hl_err_field(err, "ends_at", "请填写结束时间");
		hl_valid_datetime("ends_at", in->ends_at, err);
	}
	if (WANT(HL_EVENT_CAPACITY) &&
	    (in->capacity < 1 || in->capacity > HL_EVENT_CAPACITY_MAX))
		hl_err_field(err, "capacity", "名额应为 1 到 %d 之间的整数",
		    HL_EVENT_CAPACITY_MAX);
	if (has[HL_EVENT_MAX_ATTENDEES] &&
	    (in->max_attendees < 1 ||
	        in->max_attendees > HL_EVENT_ATTENDEES_MAX))
		hl_err_field(err, "max_attendees",
		    "每家企业可报名人数应为 1 到 %d", HL_EVENT_ATTENDEES_MAX);
	if (has[HL_EVENT_TOPIC] && in->topic_md != NULL &&
	    strlen(in->topic_md) > HL_EVENT_TOPIC_MAX_LEN)
		hl_err_field(err, "topic_md", "活动主题不能超过 %d 字节",
		    HL_EVENT_TOPIC_MAX_LEN);
	if (has[HL_EVENT_POLICIES])
		check_ids("policy_ids", &in->policy_ids, err);
	if (has[HL_EVENT_BULLETINS])
		check_ids("bulletin_ids", &in->bulletin_ids, err);
#undef WANT
	return hl_err_is_set(err) ? -1 : 0;
}

/* The topic as HTML (md.c: raw HTML dropped, unsafe links emptied). */
static int
render_topic(const char *md, const struct hl_event_opts *o, struct hl_buf *html,
    struct hl_err *err)
{
	size_t len = strlen(md);

	if (o->md_max_len > 0 && len > o->md_max_len)
		return hl_err_field(err, "topic_md",
		    "活动主题不能超过 %zu 字节", o->md_max_len);
	if (hl_md_render(md, len, html, err) == -1) {
		if (hl_err_is_set(err))
			hl_err_field(err, "topic_md", "%s", err->msg);
		return -1;
	}
	return 0;
}

/*
 * $1..$3 scope, $4 session id (NULL: a new one), $5 chain code (NULL:
 * unchanged, '': citywide), $6 starts_at, $7 ends_at (NULL: unchanged),
 * $8 policy ids, $9 bulletin ids (JSON arrays, NULL: unchanged): the
 * chain id the session will have, whether the code is unknown, whether
 * the caller may run sessions there, whether it ends after it starts,
 * and the linked ids that are not usable.
 */
static const char SQL_CHECK[] =
    "SELECT x.chain_id, x.unknown,"
    " ($1 IN ('admin', 'commissioner') OR (x.chain_id IS NOT NULL"
    "  AND EXISTS (SELECT 1 FROM user_chains uc WHERE uc.user_id ="
    "  $2::bigint AND uc.chain_id = x.chain_id))) AND $3::bigint IS NOT NULL,"
    " coalesce(coalesce($7::timestamptz, e.ends_at)"
    "  > coalesce($6::timestamptz, e.starts_at), false),"
    " (SELECT coalesce(string_agg(a.x, '、' ORDER BY a.o), '')"
    "  FROM json_array_elements_text(coalesce($8::json, '[]'))"
    "  WITH ORDINALITY AS a(x, o) WHERE NOT EXISTS (SELECT 1 FROM policies p"
    "  WHERE p.id = a.x::bigint AND p.archived_at IS NULL)),"
    " (SELECT coalesce(string_agg(a.x, '、' ORDER BY a.o), '')"
    "  FROM json_array_elements_text(coalesce($9::json, '[]'))"
    "  WITH ORDINALITY AS a(x, o) WHERE NOT EXISTS (SELECT 1 FROM bulletins b"
    "  WHERE b.id = a.x::bigint AND b.status = 'published'))"
    " FROM (SELECT 1) one LEFT JOIN events e ON e.id = $4::bigint,"
    " LATERAL (SELECT CASE WHEN $5::text IS NULL THEN e.chain_id"
    "  WHEN $5 = '' THEN NULL"
    "  ELSE (SELECT c.id FROM chains c WHERE c.code = $5) END AS chain_id,"
    "  coalesce($5 <> '' AND NOT EXISTS (SELECT 1 FROM chains c"
    "  WHERE c.code = $5), false) AS unknown) x";

/* The input as SQL parameters; owned by the caller, release with
 * params_release(). */
struct params {
	struct hl_buf policies;
	struct hl_buf bulletins;
	struct hl_buf html;
};

static void
params_release(struct params *p)
{
	hl_buf_release(&p->policies);
	hl_buf_release(&p->bulletins);
	hl_buf_release(&p->html);
}

/* A 403 on chain_code, unless a 422 is already being reported. */
static void
forbid_chain(struct hl_err *err, const char *msg)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 403, "forbidden", "%s", msg);
	hl_err_field(err, "chain_code", "%s", msg);
}

/*
 * The checks that need the database, for session id (0: a new one): the
 * chain id it will have into chain ("" citywide; unchanged when the
 * chain was not sent on a change).
 */
static int
check_db(struct hl_ctx *ctx, int64_t id, const struct hl_event_in *in,
    const struct params *p, char chain[24], struct hl_err *err)
{
	const bool *has = in->present;
	struct key k;
	const char *params[9];
	struct hl_db_res *r;

	key_make(ctx, id, &k);
	memcpy(params, k.params, sizeof(k.params));
	params[3] = id > 0 ? k.id : NULL;
	params[4] = has[HL_EVENT_CHAIN] || id == 0
	    ? (in->chain_code != NULL ? in->chain_code : "")
	    : NULL;
	params[5] = has[HL_EVENT_STARTS_AT] ? in->starts_at : NULL;
	params[6] = has[HL_EVENT_ENDS_AT] ? in->ends_at : NULL;
	params[7] = has[HL_EVENT_POLICIES] ? hl_buf_cstr(&p->policies) : NULL;
	params[8] = has[HL_EVENT_BULLETINS] ? hl_buf_cstr(&p->bulletins) : NULL;
	r = hl_db_exec(ctx->db, SQL_CHECK, 9, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "chain_code", "未知的产业链：%s",
		    in->chain_code);
	else if (!hl_db_get_bool(r, 0, 2))
		forbid_chain(err,
		    hl_db_isnull(r, 0, 0)
		        ? "全市范围的政策直通车由服务专员或管理员组织，请选择产业链"
		        : "您不是该产业链的党委成员，不能为其组织活动");
	if (!hl_db_get_bool(r, 0, 3))
		hl_err_field(err, "ends_at", "结束时间应晚于开始时间");
	if (hl_db_get(r, 0, 4)[0] != '\0')
		hl_err_field(err, "policy_ids", "政策不存在或已归档：%s",
		    hl_db_get(r, 0, 4));
	if (hl_db_get(r, 0, 5)[0] != '\0')
		hl_err_field(err, "bulletin_ids",
		    "政策简报不存在或尚未发布：%s", hl_db_get(r, 0, 5));
	snprintf(chain, 24, "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

/* $1 session id, $2 policy ids, $3 bulletin ids (JSON arrays; NULL
 * keeps a list).  Upserts keep the rows that stay, in the new order. */
static const char SQL_LINKS[] =
    "WITH dp AS (DELETE FROM event_policies ep WHERE $2::json IS NOT NULL"
    "  AND ep.event_id = $1::bigint AND NOT ep.policy_id IN"
    "  (SELECT x::bigint FROM json_array_elements_text($2::json) x)"
    "  RETURNING 1),"
    " ip AS (INSERT INTO event_policies (event_id, policy_id, position)"
    "  SELECT $1::bigint, a.x::bigint, a.o FROM json_array_elements_text("
    "  $2::json) WITH ORDINALITY AS a(x, o) WHERE $2::json IS NOT NULL"
    "  ON CONFLICT (event_id, policy_id) DO UPDATE"
    "  SET position = EXCLUDED.position RETURNING 1),"
    " db AS (DELETE FROM event_bulletins eb WHERE $3::json IS NOT NULL"
    "  AND eb.event_id = $1::bigint AND NOT eb.bulletin_id IN"
    "  (SELECT x::bigint FROM json_array_elements_text($3::json) x)"
    "  RETURNING 1),"
    " ib AS (INSERT INTO event_bulletins (event_id, bulletin_id, position)"
    "  SELECT $1::bigint, a.x::bigint, a.o FROM json_array_elements_text("
    "  $3::json) WITH ORDINALITY AS a(x, o) WHERE $3::json IS NOT NULL"
    "  ON CONFLICT (event_id, bulletin_id) DO UPDATE"
    "  SET position = EXCLUDED.position RETURNING 1)"
    " SELECT (SELECT count(*) FROM dp), (SELECT count(*) FROM ip),"
    " (SELECT count(*) FROM db), (SELECT count(*) FROM ib)";

static int
write_links(struct hl_ctx *ctx, const char *sid, const struct hl_event_in *in,
    const struct params *p, bool all, struct hl_err *err)
{
	const bool *has = in->present;
	const char *params[3];

	params[0] = sid;
	params[1] =
	    all || has[HL_EVENT_POLICIES] ? hl_buf_cstr(&p->policies) : NULL;
	params[2] =
	    all || has[HL_EVENT_BULLETINS] ? hl_buf_cstr(&p->bulletins) : NULL;
	return hl_db_run(ctx->db, SQL_LINKS, 3, params, err);
}

static const char SQL_INSERT[] =
    "INSERT INTO events (chain_id, title, topic, topic_html, organizer,"
    " starts_at, ends_at, place, capacity, max_attendees, created_by)"
    " VALUES (NULLIF($1, '')::bigint, btrim($2), $3, $4,"
    " coalesce(btrim($5), ''), $6::timestamptz, $7::timestamptz, btrim($8),"
    " $9::int, $10::int, $11::bigint) RETURNING id";

struct write_tx {
	struct hl_ctx *ctx;
	int64_t id; /* 0 on creation */
	const struct hl_event_in *in;
	const struct params *p;
	struct hl_buf *out;
};

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct write_tx *wt = arg;
	struct hl_ctx *ctx = wt->ctx;
	const struct hl_event_in *in = wt->in;
	char chain[24];
	char cap[24];
	char max[24];
	char uid[24];
	char sid[24];
	const char *params[11];
	const char *after = NULL;
	struct hl_db_res *r;

	if (check_db(ctx, 0, in, wt->p, chain, err) == -1)
		return -1;
	hl_i64_text(in->capacity, cap);
	hl_i64_text(in->max_attendees > 0 ? in->max_attendees : 5, max);
	hl_i64_text(ctx->user_id, uid);
	params[0] = chain;
	params[1] = in->title;
	params[2] = in->topic_md != NULL ? in->topic_md : "";
	params[3] = hl_buf_cstr(&wt->p->html);
	params[4] = in->organizer;
	params[5] = in->starts_at;
	params[6] = in->ends_at;
	params[7] = in->place;
	params[8] = cap;
	params[9] = max;
	params[10] = uid;
	r = hl_db_exec(db, SQL_INSERT, 11, params, err);
	if (r == NULL)
		return -1;
	snprintf(sid, sizeof(sid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	if (write_links(ctx, sid, in, wt->p, true, err) == -1 ||
	    snapshot(ctx, sid, &after, err) == -1 ||
	    hl_audit_add(ctx, "event.create", "event", sid, NULL, after, err) ==
	        -1)
		return -1;
	return hl_event_get_json(ctx, strtoll(sid, NULL, 10), wt->out, err);
}

/* The JSON parameters of in; the topic rendered when it was sent. */
static int
params_make(const struct hl_event_in *in, const struct hl_event_opts *o,
    struct params *p, struct hl_err *err)
{
	ids_json(&in->policy_ids, &p->policies);
	ids_json(&in->bulletin_ids, &p->bulletins);
	if (in->present[HL_EVENT_TOPIC] && in->topic_md != NULL)
		return render_topic(in->topic_md, o, &p->html, err);
	hl_buf_puts(&p->html, "");
	return 0;
}

int
hl_event_create(struct hl_ctx *ctx, const struct hl_event_in *in,
    const struct hl_event_opts *o, struct hl_buf *out, struct hl_err *err)
{
	struct params p = { 0 };
	struct write_tx wt = { ctx, 0, in, &p, out };
	int rc = -1;

	if (ctx->role != HL_ROLE_COMMISSIONER &&
	    ctx->role != HL_ROLE_COMMITTEE && ctx->role != HL_ROLE_ADMIN)
		return hl_err_forbidden(err);
	if (check_in(in, false, err) == -1 || params_make(in, o, &p, err) == -1)
		goto out;
	rc = hl_db_tx_run_out(ctx->db, create_tx, &wt, out, err);
out:
	params_release(&p);
	return rc;
}

/*
 * $1 id, $2 chain id (NULL: unchanged, '': citywide), $3 title, $4 topic,
 * $5 its HTML, $6 organizer, $7 starts_at, $8 ends_at, $9 place, $10
 * capacity, $11 max_attendees; NULL keeps a member.
 */
static const char SQL_UPDATE[] =
    "UPDATE events e SET chain_id = CASE WHEN $2::text IS NULL"
    "  THEN e.chain_id ELSE NULLIF($2, '')::bigint END,"
    " title = coalesce(btrim($3), e.title), topic = coalesce($4, e.topic),"
    " topic_html = coalesce($5, e.topic_html),"
    " organizer = coalesce(btrim($6), e.organizer),"
    " starts_at = coalesce($7::timestamptz, e.starts_at),"
    " ends_at = coalesce($8::timestamptz, e.ends_at),"
    " place = coalesce(btrim($9), e.place),"
    " capacity = coalesce($10::int, e.capacity),"
    " max_attendees = coalesce($11::int, e.max_attendees)"
    " WHERE e.id = $1::bigint";

static int promote(struct hl_ctx *ctx, const char *sid, struct hl_err *err);

static int
update_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct write_tx *wt = arg;
	struct hl_ctx *ctx = wt->ctx;
	const struct hl_event_in *in = wt->in;
	const bool *has = in->present;
	struct facts f;
	char chain[24];
	char sid[24];
	char cap[24];
	char max[24];
	const char *params[11];
	const char *after = NULL;

	if (load(ctx, wt->id, LOAD_LOCK | LOAD_MANAGE, &f, err) == -1)
		return -1;
	if (strcmp(f.status, "done") == 0 || strcmp(f.status, "cancelled") == 0)
		return hl_err_set(err, 409, "invalid_transition",
		    "已举办或已取消的活动不能再修改");
	if (has[HL_EVENT_CAPACITY] && in->capacity < f.seats) {
		hl_err_set(err, 409, "capacity_below_seats",
		    "名额不能少于已报名企业占用的 %" PRId64 " 个座位", f.seats);
		return hl_err_field(err, "capacity",
		    "不能少于已占用的 %" PRId64 " 个座位", f.seats);
	}
	if (check_db(ctx, wt->id, in, wt->p, chain, err) == -1)
		return -1;
	hl_i64_text(wt->id, sid);
	hl_i64_text(in->capacity, cap);
	hl_i64_text(in->max_attendees, max);
	params[0] = sid;
	params[1] = has[HL_EVENT_CHAIN] ? chain : NULL;
	params[2] = has[HL_EVENT_TITLE] ? in->title : NULL;
	params[3] = has[HL_EVENT_TOPIC]
	    ? (in->topic_md != NULL ? in->topic_md : "")
	    : NULL;
	params[4] = has[HL_EVENT_TOPIC] ? hl_buf_cstr(&wt->p->html) : NULL;
	params[5] = has[HL_EVENT_ORGANIZER]
	    ? (in->organizer != NULL ? in->organizer : "")
	    : NULL;
	params[6] = has[HL_EVENT_STARTS_AT] ? in->starts_at : NULL;
	params[7] = has[HL_EVENT_ENDS_AT] ? in->ends_at : NULL;
	params[8] = has[HL_EVENT_PLACE] ? in->place : NULL;
	params[9] = has[HL_EVENT_CAPACITY] ? cap : NULL;
	params[10] = has[HL_EVENT_MAX_ATTENDEES] ? max : NULL;
	if (hl_db_run(db, SQL_UPDATE, 11, params, err) == -1 ||
	    write_links(ctx, sid, in, wt->p, false, err) == -1 ||
	    (has[HL_EVENT_CAPACITY] && promote(ctx, sid, err) == -1) ||
	    snapshot(ctx, sid, &after, err) == -1 ||
	    hl_audit_add(ctx, "event.update", "event", sid, f.before, after,
	        err) == -1)
		return -1;
	return hl_event_get_json(ctx, wt->id, wt->out, err);
}

int
hl_event_update(struct hl_ctx *ctx, int64_t id, const struct hl_event_in *in,
    const struct hl_event_opts *o, struct hl_buf *out, struct hl_err *err)
{
	struct params p = { 0 };
	struct write_tx wt = { ctx, id, in, &p, out };
	int rc = -1;

	if (check_in(in, true, err) == -1 || params_make(in, o, &p, err) == -1)
		goto out;
	rc = hl_db_tx_run_out(ctx->db, update_tx, &wt, out, err);
out:
	params_release(&p);
	return rc;
}

/* ---- the life of a session ---- */

/* $1 id, $2 new status, $3 the reason of a cancellation. */
static const char SQL_SET_STATUS[] =
    "UPDATE events SET status = $2,"
    " cancel_reason = CASE WHEN $2 = 'cancelled'"
    "  THEN NULLIF(btrim($3), '') ELSE cancel_reason END,"
    " cancelled_at = CASE WHEN $2 = 'cancelled' THEN hl_now() END"
    " WHERE id = $1::bigint";

/* $1 id: the enterprises of its chain (every one for a citywide session)
 * are told that registration opened; webhooks get event.opened. */
static const char SQL_NOTIFY_OPENED[] =
    "SELECT hl_message_add(ARRAY(SELECT u.id FROM users u"
    "  WHERE u.role = 'enterprise' AND (e.chain_id IS NULL"
    "  OR u.enterprise_id IN (SELECT ec.enterprise_id"
    "  FROM enterprise_chains ec WHERE ec.chain_id = e.chain_id))),"
    " 'event.opened', '政策直通车开放报名：' || e.title,"
    " " HL_EVENT_SQL_WHEN_WHERE(
        "e") " || '。名额有限，欢迎报名。',"
             " '/m/events/' || e.id, NULL, e.chain_id),"
             " hl_outbox_enqueue('event.opened', e.chain_id, jsonb_build_object("
             "  'event_id', e.id, 'status', e.status, 'starts_at', e.starts_at,"
             "  'capacity', e.capacity, 'title', '政策直通车开放报名：' || e.title,"
             "  'link', '/m/events/' || e.id))"
             " FROM events e WHERE e.id = $1::bigint";

/* $1 id: everyone registered or waiting is told of the cancellation (the
 * reason, written for them, goes in the message, never to webhooks). */
static const char SQL_NOTIFY_CANCELLED[] =
    "SELECT hl_message_add(ARRAY(SELECT u.id FROM users u"
    "  JOIN event_registrations r ON r.enterprise_id = u.enterprise_id"
    "  WHERE r.event_id = e.id AND u.role = 'enterprise'),"
    " 'event.cancelled', '政策直通车已取消：' || e.title,"
    " " HL_EVENT_SQL_WHEN_WHERE(
        "e") " || ' 的活动已取消'"
             "  || coalesce('，原因：' || e.cancel_reason, '') || '。',"
             " '/m/events/' || e.id, NULL, e.chain_id),"
             " hl_outbox_enqueue('event.cancelled', e.chain_id, jsonb_build_object("
             "  'event_id', e.id, 'status', e.status, 'starts_at', e.starts_at,"
             "  'n_registrations', (SELECT count(*) FROM event_registrations r"
             "  WHERE r.event_id = e.id), 'title', '政策直通车已取消：' || e.title,"
             "  'link', '/desk/events/' || e.id))"
             " FROM events e WHERE e.id = $1::bigint";

struct act_tx {
	struct hl_ctx *ctx;
	int64_t id;
	enum hl_event_action action;
	const char *reason;
	struct hl_buf *out;
};

static const char *const action_names[] = { "event.open", "event.close",
	"event.done", "event.cancel" };

/* The new status for a, or an error for the current one. */
static const char *
next_status(const struct facts *f, enum hl_event_action a, bool *notify,
    struct hl_err *err)
{
	const char *s = f->status;

	*notify = false;
	switch (a) {
	case HL_EVENT_OPEN:
		if (strcmp(s, "draft") != 0 && strcmp(s, "closed") != 0)
			break;
		if (f->started) {
			hl_err_set(err, 409, "event_past",
			    "活动已经开始，不能再开放报名");
			return NULL;
		}
		*notify = strcmp(s, "draft") == 0;
		return "open";
	case HL_EVENT_CLOSE:
		if (strcmp(s, "open") == 0)
			return "closed";
		break;
	case HL_EVENT_DONE:
		if (strcmp(s, "open") != 0 && strcmp(s, "closed") != 0)
			break;
		if (!f->started) {
			hl_err_set(err, 409, "event_not_started",
			    "活动尚未开始，不能标记为已举办");
			return NULL;
		}
		return "done";
	case HL_EVENT_CANCEL:
		if (strcmp(s, "done") == 0 || strcmp(s, "cancelled") == 0)
			break;
		*notify = true;
		return "cancelled";
	}
	hl_err_set(err, 409, "invalid_transition",
	    "活动当前状态（%s）不允许此操作",
	    strcmp(s, "draft") == 0        ? "草稿"
	        : strcmp(s, "open") == 0   ? "报名中"
	        : strcmp(s, "closed") == 0 ? "报名截止"
	        : strcmp(s, "done") == 0   ? "已举办"
	                                   : "已取消");
	return NULL;
}

static int
act_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct act_tx *at = arg;
	struct hl_ctx *ctx = at->ctx;
	struct facts f;
	char sid[24];
	const char *params[3];
	const char *status;
	const char *after = NULL;
	bool notify;

	if (load(ctx, at->id, LOAD_LOCK | LOAD_MANAGE, &f, err) == -1)
		return -1;
	status = next_status(&f, at->action, &notify, err);
	if (status == NULL)
		return -1;
	hl_i64_text(at->id, sid);
	params[0] = sid;
	params[1] = status;
	params[2] = at->reason;
	if (hl_db_run(db, SQL_SET_STATUS, 3, params, err) == -1 ||
	    (notify &&
	        hl_db_run(db,
	            at->action == HL_EVENT_OPEN ? SQL_NOTIFY_OPENED
	                                        : SQL_NOTIFY_CANCELLED,
	            1, params, err) == -1) ||
	    snapshot(ctx, sid, &after, err) == -1 ||
	    hl_audit_add(ctx, action_names[at->action], "event", sid, f.before,
	        after, err) == -1)
		return -1;
	return hl_event_get_json(ctx, at->id, at->out, err);
}

int
hl_event_act(struct hl_ctx *ctx, int64_t id, enum hl_event_action action,
    const char *reason, struct hl_buf *out, struct hl_err *err)
{
	struct act_tx at = { ctx, id, action, reason, out };

	if (reason != NULL && hl_utf8_chars(reason) > HL_EVENT_REASON_MAX)
		return hl_err_field(err, "reason", "取消原因不能超过 %d 个字",
		    HL_EVENT_REASON_MAX);
	return hl_db_tx_run_out(ctx->db, act_tx, &at, out, err);
}

/* ---- registrations ---- */

/* $1 registration id. */
static const char SQL_REG[] =
    "SELECT json_build_object(" HL_EVENT_SQL_REG_FIELDS ")"
    " FROM event_registrations r WHERE r.id = $1::bigint";

static int
reg_json(struct hl_ctx *ctx, const char *rid, struct hl_buf *out,
    struct hl_err *err)
{
	const char *params[1] = { rid };

	return hl_db_fetch_json(ctx->db, SQL_REG, 1, params, out, err);
}

/*
 * $1 session, $2 enterprise, $3 user, $4 attendees, $5 note, $6 status.
 * The code is one the session does not have yet: the session row is
 * locked, so no other registration can take it meanwhile.
 */
static const char SQL_REGISTER[] =
    "INSERT INTO event_registrations (event_id, enterprise_id, user_id,"
    " attendee_count, note, status, code)"
    " VALUES ($1::bigint, $2::bigint, $3::bigint, $4::int,"
    " coalesce(btrim($5), ''), $6, (SELECT x.c FROM (SELECT hl_event_code()"
    "  AS c FROM generate_series(1, 8)) x WHERE NOT EXISTS (SELECT 1"
    "  FROM event_registrations r WHERE r.event_id = $1::bigint"
    "  AND r.code = x.c) LIMIT 1))"
    " RETURNING id, json_build_object('event_id', event_id,"
    " 'enterprise_id', enterprise_id, 'attendee_count', attendee_count,"
    " 'status', status)::text";

struct reg_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_event_reg_in *in;
	struct hl_buf *out;
};

/* Whether the session takes this registration now. */
static int
check_register(const struct facts *f, int64_t n, struct hl_err *err)
{
	if (strcmp(f->status, "cancelled") == 0)
		return hl_err_set(err, 409, "event_cancelled",
		    "该活动已取消，不能报名");
	if (strcmp(f->status, "open") != 0)
		return hl_err_set(err, 409, "event_closed", "该活动已停止报名");
	if (f->started)
		return hl_err_set(err, 409, "event_past",
		    "该活动已经开始，不能再报名");
	if (f->mine)
		return hl_err_set(err, 409, "already_registered",
		    "贵企业已报名本场活动（或已在候补名单中），不能重复报名");
	if (n > f->max_attendees || n > f->capacity)
		return hl_err_field(err, "attendee_count",
		    "本场活动每家企业最多报名 %" PRId64 " 人",
		    f->max_attendees < f->capacity ? f->max_attendees
		                                   : f->capacity);
	return 0;
}

static int
register_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct reg_tx *rt = arg;
	struct hl_ctx *ctx = rt->ctx;
	int64_t n = rt->in->attendee_count > 0 ? rt->in->attendee_count : 1;
	struct facts f;
	char sid[24];
	char ent[24];
	char uid[24];
	char cnt[24];
	char rid[24];
	const char *params[6];
	struct hl_db_res *r;
	int rc;

	if (load(ctx, rt->id, LOAD_LOCK, &f, err) == -1 ||
	    check_register(&f, n, err) == -1)
		return -1;
	hl_i64_text(rt->id, sid);
	hl_i64_text(ctx->enterprise_id, ent);
	hl_i64_text(ctx->user_id, uid);
	hl_i64_text(n, cnt);
	params[0] = sid;
	params[1] = ent;
	params[2] = uid;
	params[3] = cnt;
	params[4] = rt->in->note;
	/* First come, first served: with anyone waiting, a newcomer waits
	 * too, even when its smaller party would fit. */
	params[5] = f.n_waiting == 0 && f.seats + n <= f.capacity
	    ? "registered"
	    : "waitlisted";
	r = hl_db_exec(db, SQL_REGISTER, 6, params, err);
	if (r == NULL)
		return -1;
	snprintf(rid, sizeof(rid), "%s", hl_db_get(r, 0, 0));
	rc = hl_audit_add(ctx, "event.register", "event_registration", rid,
	    NULL, hl_db_get(r, 0, 1), err);
	hl_db_res_free(r);
	if (rc == -1)
		return -1;
	return reg_json(ctx, rid, rt->out, err);
}

int
hl_event_register(struct hl_ctx *ctx, int64_t id,
    const struct hl_event_reg_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct reg_tx rt = { ctx, id, in, out };

	if (ctx->role != HL_ROLE_ENTERPRISE || ctx->enterprise_id <= 0)
		return hl_err_forbidden(err);
	if (in->attendee_count < 0 ||
	    in->attendee_count > HL_EVENT_ATTENDEES_MAX)
		hl_err_field(err, "attendee_count", "参加人数应为 1 到 %d 人",
		    HL_EVENT_ATTENDEES_MAX);
	if (in->note != NULL && hl_utf8_chars(in->note) > HL_EVENT_NOTE_MAX)
		hl_err_field(err, "note", "备注不能超过 %d 个字",
		    HL_EVENT_NOTE_MAX);
	if (hl_err_is_set(err))
		return -1;
	return hl_db_tx_run_out(ctx->db, register_tx, &rt, out, err);
}

/*
 * Seats freed at session $1 go to the waitlist in order: the running sum
 * of the waiting parties, by id, against the free seats gives the
 * longest prefix that fits, so nobody is passed over.  Only while the
 * session is still ahead.  Each promoted enterprise is told in-app and
 * webhooks get event.promoted; answers each promoted registration's id
 * and its audit image.
 */
static const char SQL_PROMOTE[] =
    "WITH ev AS (SELECT e.id, e.chain_id, e.title, e.starts_at, e.place,"
    "  coalesce(e.capacity, 2147483647) - (SELECT coalesce(sum("
    "  x.attendee_count), 0) FROM event_registrations x"
    "  WHERE x.event_id = e.id AND x.status = 'registered') AS free"
    "  FROM events e WHERE e.id = $1::bigint"
    "  AND e.status IN ('open', 'closed') AND e.starts_at > hl_now()),"
    " cand AS (SELECT r.id, sum(r.attendee_count) OVER (ORDER BY r.id)"
    "  AS need FROM event_registrations r, ev"
    "  WHERE r.event_id = ev.id AND r.status = 'waitlisted'),"
    " up AS (UPDATE event_registrations r SET status = 'registered',"
    "  promoted_at = hl_now() FROM cand, ev"
    "  WHERE r.id = cand.id AND cand.need <= ev.free"
    "  RETURNING r.id, r.enterprise_id, r.attendee_count),"
    " msg AS (SELECT hl_message_add(ARRAY(SELECT u.id FROM users u"
    "  WHERE u.role = 'enterprise' AND u.enterprise_id = up.enterprise_id),"
    "  'event.promoted', '候补成功，已为您保留座位：' || ev.title,"
    "  " HL_EVENT_SQL_WHEN_WHERE(
        "ev") " || '。请按时参加，签到码见报名详情。',"
              "  '/m/events/' || ev.id, NULL, ev.chain_id) AS n FROM up, ev),"
              " ob AS (SELECT hl_outbox_enqueue('event.promoted', ev.chain_id,"
              "  jsonb_build_object('event_id', ev.id, 'registration_id', up.id,"
              "  'enterprise_id', up.enterprise_id, 'status', 'registered',"
              "  'attendee_count', up.attendee_count,"
              "  'title', '候补转为正式报名：' || ev.title,"
              "  'link', '/desk/events/' || ev.id)) AS n FROM up, ev)"
              " SELECT up.id::text, json_build_object('status', 'registered',"
              "  'promoted', true, 'enterprise_id', up.enterprise_id,"
              "  'messages', (SELECT sum(n) FROM msg),"
              "  'queued', (SELECT sum(n) FROM ob))::text FROM up ORDER BY up.id";

static int
promote(struct hl_ctx *ctx, const char *sid, struct hl_err *err)
{
	const char *params[1] = { sid };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_PROMOTE, 1, params, err);
	int i;
	int rc = 0;

	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r) && rc == 0; i++)
		rc = hl_audit_add(ctx, "event.promote", "event_registration",
		    hl_db_get(r, i, 0), NULL, hl_db_get(r, i, 1), err);
	hl_db_res_free(r);
	return rc;
}

/* $1 session, $2 registration, $3 the caller's enterprise (0: not an
 * enterprise): the registration if the caller may cancel it, locked. */
static const char SQL_REG_LOCK[] =
    "SELECT r.checked_in_at IS NOT NULL, json_build_object('event_id',"
    " r.event_id, 'enterprise_id', r.enterprise_id, 'status', r.status,"
    " 'attendee_count', r.attendee_count, 'code', r.code)::text"
    " FROM event_registrations r WHERE r.id = $2::bigint"
    " AND r.event_id = $1::bigint"
    " AND ($3::bigint = 0 OR r.enterprise_id = $3::bigint)"
    " FOR UPDATE OF r";

static const char SQL_UNREGISTER[] =
    "DELETE FROM event_registrations WHERE id = $1::bigint";

struct unreg_tx {
	struct hl_ctx *ctx;
	int64_t id;
	int64_t rid;
};

static int
unregister_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct unreg_tx *ut = arg;
	struct hl_ctx *ctx = ut->ctx;
	bool own = ctx->role == HL_ROLE_ENTERPRISE;
	struct facts f;
	char sid[24];
	char rid[24];
	char ent[24];
	const char *params[3];
	struct hl_db_res *r;
	bool checked_in;
	int rc = -1;

	/* An enterprise cancels its own; others must run the session. */
	if (load(ctx, ut->id, LOAD_LOCK, &f, err) == -1)
		return -1;
	if (!own && !f.manage)
		return hl_err_not_found(err);
	hl_i64_text(ut->id, sid);
	hl_i64_text(ut->rid, rid);
	hl_i64_text(own ? ctx->enterprise_id : 0, ent);
	params[0] = sid;
	params[1] = rid;
	params[2] = ent;
	r = hl_db_exec(db, SQL_REG_LOCK, 3, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	checked_in = hl_db_get_bool(r, 0, 0);
	if (strcmp(f.status, "done") == 0 ||
	    strcmp(f.status, "cancelled") == 0) {
		hl_err_set(err, 409, "event_closed",
		    "活动已结束或已取消，报名不能再取消");
		goto out;
	}
	if (checked_in) {
		hl_err_set(err, 409, "already_checked_in",
		    "已签到的报名不能取消");
		goto out;
	}
	if (own && f.started) {
		hl_err_set(err, 409, "event_past",
		    "活动已经开始，不能再取消报名");
		goto out;
	}
	params[0] = rid;
	if (hl_db_run(db, SQL_UNREGISTER, 1, params, err) == -1 ||
	    hl_audit_add(ctx, "event.unregister", "event_registration", rid,
	        hl_db_get(r, 0, 1), NULL, err) == -1 ||
	    promote(ctx, sid, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_event_unregister(struct hl_ctx *ctx, int64_t id, int64_t rid,
    struct hl_err *err)
{
	struct unreg_tx ut = { ctx, id, rid };

	return hl_db_tx_run(ctx->db, unregister_tx, &ut, err);
}

int
hl_event_check_manage(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	struct facts f;

	return load(ctx, id, LOAD_MANAGE, &f, err);
}

/* ---- at the door ---- */

/* $1 session, $2 code: the registration, locked. */
static const char SQL_CODE[] =
    "SELECT r.id, r.status, r.checked_in_at IS NOT NULL,"
    " coalesce(to_char(r.checked_in_at AT TIME ZONE 'Asia/Shanghai',"
    "  'MM-DD HH24:MI'), ''), en.name"
    " FROM event_registrations r JOIN enterprises en"
    " ON en.id = r.enterprise_id"
    " WHERE r.event_id = $1::bigint AND r.code = $2 FOR UPDATE OF r";

static const char SQL_CHECKIN[] =
    "UPDATE event_registrations SET checked_in_at = hl_now(),"
    " attended = true, checked_in_by = $2::bigint WHERE id = $1::bigint"
    " RETURNING json_build_object('event_id', event_id,"
    " 'enterprise_id', enterprise_id, 'checked_in_at', checked_in_at)::text";

/* The code as stored (upper case, no spaces), or false when it cannot
 * be one. */
static bool
normalise_code(const char *in, char out[HL_EVENT_CODE_LEN + 1])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t n = 0;

	for (; in != NULL && *in != '\0'; in++) {
		char c = *in;

		if (c == ' ' || c == '\t' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (strchr(alphabet, c) == NULL || n == HL_EVENT_CODE_LEN)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == HL_EVENT_CODE_LEN;
}

/* Sessions that take check-ins and questions: live or held, from a day
 * before they start. */
static int
check_live(const struct facts *f, struct hl_err *err)
{
	if (strcmp(f->status, "draft") == 0 ||
	    strcmp(f->status, "cancelled") == 0)
		return hl_err_set(err, 409, "invalid_transition",
		    "草稿或已取消的活动不能签到或登记问题");
	if (!f->checkin_open)
		return hl_err_set(err, 409, "checkin_not_open",
		    "活动开始前一天起才能签到和登记问题");
	return 0;
}

struct checkin_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const char *code;
	struct hl_buf *out;
};

static int
invalid_code(struct hl_err *err, const char *msg)
{
	hl_err_set(err, 422, "invalid_code", "%s", msg);
	return hl_err_field(err, "code", "%s", msg);
}

static int
checkin_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct checkin_tx *ct = arg;
	struct hl_ctx *ctx = ct->ctx;
	struct facts f;
	char code[HL_EVENT_CODE_LEN + 1];
	char sid[24];
	char uid[24];
	char rid[24];
	const char *params[2];
	struct hl_db_res *r;
	struct hl_db_res *u = NULL;
	int rc = -1;

	if (load(ctx, ct->id, LOAD_LOCK | LOAD_MANAGE, &f, err) == -1 ||
	    check_live(&f, err) == -1)
		return -1;
	if (!normalise_code(ct->code, code))
		return invalid_code(err,
		    "签到码应为 6 位字母或数字（不含 0、1、I、O）");
	hl_i64_text(ct->id, sid);
	params[0] = sid;
	params[1] = code;
	r = hl_db_exec(db, SQL_CODE, 2, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		invalid_code(err, "签到码无效：本场活动没有这个签到码");
		goto out;
	}
	if (strcmp(hl_db_get(r, 0, 1), "waitlisted") == 0) {
		hl_err_set(err, 409, "waitlisted",
		    "%s 仍在候补名单中，尚未获得座位", hl_db_get(r, 0, 4));
		goto out;
	}
	if (hl_db_get_bool(r, 0, 2)) {
		hl_err_set(err, 409, "already_checked_in",
		    "%s 已于 %s 签到，不能重复签到", hl_db_get(r, 0, 4),
		    hl_db_get(r, 0, 3));
		goto out;
	}
	snprintf(rid, sizeof(rid), "%s", hl_db_get(r, 0, 0));
	hl_i64_text(ctx->user_id, uid);
	params[0] = rid;
	params[1] = uid;
	u = hl_db_exec(db, SQL_CHECKIN, 2, params, err);
	if (u == NULL ||
	    hl_audit_add(ctx, "event.checkin", "event_registration", rid, NULL,
	        hl_db_get(u, 0, 0), err) == -1 ||
	    reg_json(ctx, rid, ct->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(u);
	hl_db_res_free(r);
	return rc;
}

int
hl_event_checkin(struct hl_ctx *ctx, int64_t id, const char *code,
    struct hl_buf *out, struct hl_err *err)
{
	struct checkin_tx ct = { ctx, id, code, out };

	return hl_db_tx_run_out(ctx->db, checkin_tx, &ct, out, err);
}

/* ---- questions raised at a session ---- */

/* $1 session, $2 problems (JSON): per problem, whether its enterprise is
 * registered for the session and whether it is on a chain. */
static const char SQL_ASKERS[] =
    "SELECT EXISTS (SELECT 1 FROM event_registrations r"
    "  WHERE r.event_id = $1::bigint"
    "  AND r.enterprise_id = (x.v->>'enterprise_id')::bigint),"
    " EXISTS (SELECT 1 FROM enterprise_chains ec"
    "  WHERE ec.enterprise_id = (x.v->>'enterprise_id')::bigint)"
    " FROM json_array_elements($2::json) WITH ORDINALITY AS x(v, o)"
    " ORDER BY x.o";

struct questions_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_case_problem *problems;
	size_t n;
	const char *json;
	struct hl_buf *out;
};

static int
check_askers(struct questions_tx *qt, const char *sid, struct hl_err *err)
{
	const char *params[2] = { sid, qt->json };
	struct hl_db_res *r =
	    hl_db_exec(qt->ctx->db, SQL_ASKERS, 2, params, err);
	char field[48];
	int i;

	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r); i++) {
		snprintf(field, sizeof(field), "problems[%d].enterprise_id", i);
		if (!hl_db_get_bool(r, i, 0))
			hl_err_field(err, field, "该企业没有报名本场活动");
		else if (!hl_db_get_bool(r, i, 1))
			hl_err_field(err, field,
			    "该企业尚未加入任何产业链，请先完善企业信息");
	}
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

static int
questions_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct questions_tx *qt = arg;
	struct hl_ctx *ctx = qt->ctx;
	struct hl_case_many m = { 0 };
	struct facts f;
	char sid[24];
	size_t len = qt->out->len;

	(void)db;
	if (load(ctx, qt->id, LOAD_LOCK | LOAD_MANAGE, &f, err) == -1 ||
	    check_live(&f, err) == -1)
		return -1;
	if (qt->n == 0)
		return hl_err_field(err, "problems", "请至少登记一个问题");
	hl_case_problems_check(qt->problems, qt->n, "活动", true, err);
	if (hl_err_is_set(err))
		return -1;
	hl_i64_text(qt->id, sid);
	if (check_askers(qt, sid, err) == -1)
		return -1;
	m.channel = "event";
	m.event_id = qt->id;
	m.chain_id = f.chain_id;
	m.problems_json = qt->json;
	hl_buf_printf(qt->out, "{\"event_id\":%" PRId64 ",\"cases\":", qt->id);
	if (hl_case_create_many(ctx, &m, qt->out, err) == -1) {
		qt->out->len = len;
		return -1;
	}
	hl_buf_putc(qt->out, '}');
	return 0;
}

int
hl_event_questions(struct hl_ctx *ctx, int64_t id,
    const struct hl_case_problem *problems, size_t n, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_buf json = { 0 };
	struct questions_tx qt = { ctx, id, problems, n, NULL, out };
	int rc;

	if (n <= HL_CASE_PROBLEMS_MAX)
		hl_case_problems_json(problems, n, true, &json);
	else
		hl_buf_puts(&json, "[]");
	qt.json = hl_buf_cstr(&json);
	rc = hl_db_tx_run_out(ctx->db, questions_tx, &qt, out, err);
	hl_buf_release(&json);
	return rc;
}

/* ---- the day-before reminder ---- */

/*
 * Registrations holding seats at sessions that start between now and the
 * end of tomorrow (Beijing), not yet reminded; SKIP LOCKED leaves one
 * being cancelled right now to the next round.  Each enterprise's users
 * get a message; webhooks get one event.reminder per session.
 */
static const char SQL_REMIND[] =
    "WITH due AS (SELECT r.id FROM event_registrations r"
    "  JOIN events e ON e.id = r.event_id"
    "  WHERE r.status = 'registered' AND r.reminded_at IS NULL"
    "  AND e.status IN ('open', 'closed') AND e.starts_at > hl_now()"
    "  AND e.starts_at <= hl_end_of_day(hl_today() + 1)"
    "  ORDER BY e.starts_at, r.id LIMIT 1000 FOR UPDATE OF r SKIP LOCKED),"
    " upd AS (UPDATE event_registrations r SET reminded_at = hl_now()"
    "  FROM due WHERE r.id = due.id"
    "  RETURNING r.id, r.event_id, r.enterprise_id, r.code),"
    " msg AS (SELECT hl_message_add(ARRAY(SELECT u.id FROM users u"
    "  WHERE u.role = 'enterprise' AND u.enterprise_id = upd.enterprise_id),"
    "  'event.reminder', '活动提醒：' || e.title,"
    "  " HL_EVENT_SQL_WHEN_WHERE(
        "e") " || '。请准时参加，签到码 '"
             "  || upd.code || '。',"
             "  '/m/events/' || e.id, NULL, e.chain_id) AS n"
             "  FROM upd JOIN events e ON e.id = upd.event_id),"
             " ob AS (SELECT hl_outbox_enqueue('event.reminder', e.chain_id,"
             "  jsonb_build_object('event_id', e.id, 'status', e.status,"
             "  'starts_at', e.starts_at, 'n_reminded', x.n,"
             "  'title', '政策直通车即将举行：' || e.title,"
             "  'link', '/desk/events/' || e.id)) AS n"
             "  FROM (SELECT event_id, count(*) AS n FROM upd GROUP BY event_id) x"
             "  JOIN events e ON e.id = x.event_id)"
             " SELECT upd.id::text, json_build_object('event_id', upd.event_id,"
             "  'enterprise_id', upd.enterprise_id,"
             "  'messages', (SELECT sum(n) FROM msg),"
             "  'queued', (SELECT sum(n) FROM ob))::text FROM upd ORDER BY upd.id";

int
hl_event_job_reminders(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(db, SQL_REMIND, 0, NULL, err);
	int i;
	int rc = 0;

	(void)arg;
	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r) && rc == 0; i++)
		rc = hl_audit_add_system(db, "event.remind",
		    "event_registration", hl_db_get(r, i, 0),
		    hl_db_get(r, i, 1), err);
	hl_db_res_free(r);
	return rc;
}
