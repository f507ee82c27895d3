/*
 * Bulletin queries and changes, and the helpers policy.c shares (Markdown
 * with the configured limit, lists as SQL parameters, who may write for
 * which chains).  PostgreSQL builds the JSON; the public pages get plain
 * rows, because page.c writes HTML, not this module.
 */
#include "bulletin.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "md.h"
#include "mem.h"

#define TEXT_ARRAY(n) HL_BULLETIN_SQL_TEXT_ARRAY(n)

#define CHAIN_CODES                                                            \
	"(SELECT coalesce(json_agg(c.code ORDER BY c.sort_order, c.id), '[]')" \
	" FROM bulletin_chains bc JOIN chains c ON c.id = bc.chain_id"         \
	" WHERE bc.bulletin_id = b.id)"

/* Whether the caller (role R, user U) may edit bulletin b: admins; a
 * committee member when b has chains, all of them theirs. */
#define EDITABLE(R, U)                                                         \
	"(" R " = 'admin' OR (" R " = 'committee'"                             \
	" AND EXISTS (SELECT 1 FROM bulletin_chains bc"                        \
	"  WHERE bc.bulletin_id = b.id)"                                       \
	" AND NOT EXISTS (SELECT 1 FROM bulletin_chains bc"                    \
	"  WHERE bc.bulletin_id = b.id AND NOT EXISTS (SELECT 1"               \
	"   FROM user_chains uc WHERE uc.user_id = " U "::bigint"              \
	"   AND uc.chain_id = bc.chain_id))))"

/* Published bulletins are for everyone; drafts for their editors. */
#define VISIBLE(R, U) "(b.status = 'published' OR " EDITABLE(R, U) ")"

/*
 * Plain text of the rendered body, about 100 characters, as x.t: tags
 * out, the four entities cmark writes decoded (&amp; last), white space
 * collapsed.  Used as LATERAL (EXCERPT) x.
 */
#define EXCERPT                                                                \
	"(SELECT CASE WHEN char_length(s) > 100"                               \
	"  THEN left(s, 100) || '…' ELSE s END AS t"                         \
	" FROM (SELECT btrim(regexp_replace(replace(replace(replace(replace("  \
	"  regexp_replace(b.body_html, '<[^>]*>', '', 'g'),"                   \
	"  '&lt;', '<'), '&gt;', '>'), '&quot;', '\"'), '&amp;', '&'),"        \
	"  '\\s+', ' ', 'g')) AS s) y)"

/* A bulletin without its bodies; b is the row, $R/$U the caller. */
#define FIELDS(R, U)                                                           \
	"'id', b.id, 'title', b.title, 'chain_codes', " CHAIN_CODES ","        \
	" 'status', b.status, 'published_at', b.published_at,"                 \
	" 'public_path', CASE WHEN b.status = 'published'"                     \
	"  THEN '/bulletins/' || b.id END,"                                    \
	" 'author', (SELECT json_build_object('id', u.id, 'name', u.name)"     \
	"  FROM users u WHERE u.id = b.created_by),"                           \
	" 'demo', b.demo, 'created_at', b.created_at,"                         \
	" 'updated_at', b.updated_at, 'can_edit', " EDITABLE(R, U)

/* ---- shared with policy.c ---- */

int
hl_bulletin_render(const char *md, size_t max_len, struct hl_buf *html,
    struct hl_err *err)
{
	size_t len = strlen(md);
	size_t max =
	    max_len == 0 || max_len > HL_MD_MAX_LEN ? HL_MD_MAX_LEN : max_len;

	if (len > max) {
		hl_err_set(err, 413, "payload_too_large",
		    "Markdown 内容不能超过 %zu 字节", max);
		return hl_err_field(err, "body_md", "不能超过 %zu 字节", max);
	}
	if (hl_md_render(md, len, html, err) == -1) {
		if (hl_err_is_set(err))
			hl_err_field(err, "body_md", "%s", err->msg);
		return -1;
	}
	return 0;
}

void
hl_bulletin_json_strv(const struct hl_json_strv *v, struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
	hl_jw_arr_begin(&w);
	for (i = 0; i < v->n; i++)
		hl_jw_str(&w, v->v[i]);
	hl_jw_arr_end(&w);
}

/* $1 codes (JSON array), $2 role, $3 user id: the unknown codes, and the
 * known ones that are not the caller's (for anyone but an admin). */
static const char SQL_CHAIN_CHECK[] =
    "SELECT coalesce(string_agg(w.x, '、' ORDER BY w.i)"
    "  FILTER (WHERE c.id IS NULL), ''),"
    " coalesce(string_agg(w.x, '、' ORDER BY w.i)"
    "  FILTER (WHERE c.id IS NOT NULL AND $2 <> 'admin'"
    "  AND NOT EXISTS (SELECT 1 FROM user_chains uc"
    "   WHERE uc.user_id = $3::bigint AND uc.chain_id = c.id)), '')"
    " FROM json_array_elements_text($1::json) WITH ORDINALITY AS w(x, i)"
    " LEFT JOIN chains c ON c.code = w.x";

void
hl_bulletin_caller(const struct hl_ctx *ctx, const char **role, char uid[24])
{
	*role = hl_ctx_role_name(ctx->role);
	if (*role == NULL)
		*role = "";
	snprintf(uid, 24, "%" PRId64, ctx->user_id);
}

int
hl_bulletin_fetch_item_json(struct hl_ctx *ctx, const char *sql, int64_t id,
    struct hl_buf *out, struct hl_err *err)
{
	char sid[24];
	char uid[24];
	const char *params[3] = { sid, NULL, uid };

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	hl_bulletin_caller(ctx, &params[1], uid);
	return hl_db_fetch_json(ctx->db, sql, 3, params, out, err);
}

/* A 403 on chain_codes, unless a 422 is already being reported. */
static void
forbid_chains(struct hl_err *err, const char *msg, const char *names)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 403, "forbidden", "%s%s", msg, names);
	hl_err_field(err, "chain_codes", "%s%s", msg, names);
}

int
hl_bulletin_check_chains(struct hl_ctx *ctx, const struct hl_json_strv *codes,
    struct hl_err *err)
{
	struct hl_buf json = { 0 };
	struct hl_err db_err = { 0 };
	char uid[24];
	const char *params[3] = { NULL, NULL, uid };
	struct hl_db_res *r;
	size_t i;
	size_t k;

	for (i = 0; i < codes->n; i++)
		for (k = 0; k < i; k++)
			if (strcmp(codes->v[i], codes->v[k]) == 0) {
				hl_err_field(err, "chain_codes", "“%s”重复",
				    codes->v[i]);
				return -1;
			}
	hl_bulletin_json_strv(codes, &json);
	params[0] = hl_buf_cstr(&json);
	hl_bulletin_caller(ctx, &params[1], uid);
	r = hl_db_exec(ctx->db, SQL_CHAIN_CHECK, 3, params, &db_err);
	hl_buf_release(&json);
	if (r == NULL) {
		*err = db_err;
		return -1;
	}
	if (hl_db_get(r, 0, 0)[0] != '\0')
		hl_err_field(err, "chain_codes", "未知的产业链：%s",
		    hl_db_get(r, 0, 0));
	else if (hl_db_get(r, 0, 1)[0] != '\0')
		forbid_chains(err, "您不是以下产业链的党委成员：",
		    hl_db_get(r, 0, 1));
	else if (codes->n == 0 && ctx->role != HL_ROLE_ADMIN)
		forbid_chains(err, "全市范围的内容由管理员发布，请选择产业链",
		    "");
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

/* ---- reading ---- */

/* $1 role, $2 user id, $3 chain code or '', $4 status or '', $5 cursor
 * (0: first page), $6 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT b.* FROM bulletins b"
    " WHERE " VISIBLE("$1",
        "$2") " AND ($3 = '' OR NOT EXISTS (SELECT 1 FROM bulletin_chains bc"
              "   WHERE bc.bulletin_id = b.id)"
              "  OR EXISTS (SELECT 1 FROM bulletin_chains bc"
              "   JOIN chains c ON c.id = bc.chain_id"
              "   WHERE bc.bulletin_id = b.id AND c.code = $3))"
              " AND ($4 = '' OR b.status = $4)"
              " AND ($5::bigint = 0 OR b.id < $5::bigint)"
              " ORDER BY b.id DESC LIMIT $6::int + 1)," HL_DB_SQL_SHOWN(
                  "$6") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
                        "  json_build_object(" FIELDS("$1",
                            "$2") ", 'excerpt', x.t)"
                                  "  ORDER BY b.id DESC), '[]') FROM shown b, LATERAL " EXCERPT
                                  " x)," HL_DB_SQL_NEXT_CURSOR("$6") ")";

int
hl_bulletin_list_json(struct hl_ctx *ctx, const struct hl_bulletin_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char cursor[24];
	char limit[24];
	const char *params[6];

	hl_bulletin_caller(ctx, &params[0], uid);
	snprintf(cursor, sizeof(cursor), "%" PRId64, f->cursor);
	snprintf(limit, sizeof(limit), "%" PRId64, f->limit);
	params[1] = uid;
	params[2] = f->chain != NULL ? f->chain : "";
	params[3] = f->status != NULL ? f->status : "";
	params[4] = cursor;
	params[5] = limit;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 6, params, out, err);
}

/* $1 id, $2 role, $3 user id. */
static const char SQL_GET[] = "SELECT json_build_object(" FIELDS("$2",
    "$3") ", 'excerpt', x.t,"
          " 'body_md', b.body_md, 'body_html', b.body_html)"
          " FROM bulletins b, LATERAL " EXCERPT " x"
          " WHERE b.id = $1 AND " VISIBLE("$2", "$3");

int
hl_bulletin_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_bulletin_fetch_item_json(ctx, SQL_GET, id, out, err);
}

/* ---- writing ---- */

static const char SQL_INSERT[] =
    "INSERT INTO bulletins (title, body_md, body_html, created_by)"
    " VALUES (btrim($1), $2, $3, NULLIF($4, '0')::bigint) RETURNING id";

/* $1 id, $2 title or NULL (unchanged), $3 body or NULL, $4 html. */
static const char SQL_UPDATE[] =
    "UPDATE bulletins SET title = coalesce(btrim($2), title),"
    " body_md = coalesce($3, body_md), body_html = $4 WHERE id = $1";

/* $1 id, $2 chain codes (JSON array). */
static const char SQL_CHAINS[] =
    "WITH want AS (SELECT c.id FROM chains c"
    "  WHERE c.code = ANY (" TEXT_ARRAY(
        "$2") ")),"
              " del AS (DELETE FROM bulletin_chains WHERE bulletin_id = $1"
              "  AND chain_id NOT IN (SELECT id FROM want) RETURNING 1)"
              " INSERT INTO bulletin_chains (bulletin_id, chain_id)"
              " SELECT $1, id FROM want ON CONFLICT DO NOTHING";

/* $1 id, $2 role, $3 user id: the bulletin if the caller sees it, locked
 * until commit, with whether they may edit it. */
static const char SQL_LOCK[] = "SELECT b.status, " EDITABLE("$2",
    "$3") ", b.body_md"
          " FROM bulletins b WHERE b.id = $1 AND " VISIBLE("$2",
              "$3") " FOR UPDATE OF b";

/* $1 id: the audit snapshot. */
static const char SQL_AUDIT_ROW[] =
    "SELECT json_build_object('id', b.id, 'title', b.title,"
    " 'chain_codes', " CHAIN_CODES ", 'status', b.status,"
    " 'published_at', b.published_at, 'body_md_md5', md5(b.body_md))::text"
    " FROM bulletins b WHERE b.id = $1";

/* $1 id, $2 publisher, $3 html. */
static const char SQL_PUBLISH[] =
    "UPDATE bulletins SET status = 'published', published_at = hl_now(),"
    " published_by = NULLIF($2, '0')::bigint, body_html = $3 WHERE id = $1";

static const char SQL_UNPUBLISH[] =
    "UPDATE bulletins SET status = 'draft', published_at = NULL,"
    " published_by = NULL WHERE id = $1";

/*
 * $1 id, $2 public URL ('' when unknown): the bulletin.published event
 * (once for webhooks of every chain, once for a webhook of one of its
 * chains) and a message to the users of every enterprise on its chains
 * (all of them for a citywide one): hl_bulletin_notify().
 */
static const char SQL_NOTIFY[] = "SELECT hl_bulletin_notify($1, $2)";

enum op {
	OP_CREATE,
	OP_UPDATE,
	OP_PUBLISH,
	OP_UNPUBLISH,
};

static const char *const op_actions[] = {
	[OP_CREATE] = "bulletin.create",
	[OP_UPDATE] = "bulletin.update",
	[OP_PUBLISH] = "bulletin.publish",
	[OP_UNPUBLISH] = "bulletin.unpublish",
};

struct write_tx {
	struct hl_ctx *ctx;
	enum op op;
	int64_t id; /* 0 for OP_CREATE */
	const struct hl_bulletin_in *in;
	const struct hl_bulletin_opts *o;
	struct hl_buf *out;
	size_t out_len;
};

static int
audit_row(struct hl_ctx *ctx, const char *sid, const char **json,
    struct hl_err *err)
{
	const char *params[1] = { sid };
	struct hl_db_res *r =
	    hl_db_exec(ctx->db, SQL_AUDIT_ROW, 1, params, err);

	if (r == NULL)
		return -1;
	*json = hl_db_nrows(r) == 1
	    ? hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0))
	    : NULL;
	hl_db_res_free(r);
	return 0;
}

/*
 * Lock bulletin wt->id for a change: 404 when the caller does not see it,
 * 403 when they may not edit it, 409 when its state does not allow the
 * operation.  *body_md gets its stored source (arena).
 */
static int
lock(struct write_tx *wt, const char *sid, const char **body_md,
    struct hl_err *err)
{
	char uid[24];
	const char *params[3] = { sid, NULL, uid };
	struct hl_db_res *r;
	bool published;
	int rc = -1;

	hl_bulletin_caller(wt->ctx, &params[1], uid);
	r = hl_db_exec(wt->ctx->db, SQL_LOCK, 3, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	published = strcmp(hl_db_get(r, 0, 0), "published") == 0;
	if (!hl_db_get_bool(r, 0, 1))
		hl_err_set(err, 403, "forbidden",
		    "只能管理本人所在产业链的简报，全市简报由管理员管理");
	else if (wt->op == OP_UPDATE && published)
		hl_err_set(err, 409, "conflict",
		    "简报已发布，请先撤回为草稿再修改");
	else if (wt->op == OP_PUBLISH && published)
		hl_err_set(err, 409, "conflict", "简报已经发布");
	else if (wt->op == OP_UNPUBLISH && !published)
		hl_err_set(err, 409, "conflict", "简报尚未发布");
	else
		rc = 0;
	*body_md = hl_arena_strdup(wt->ctx->arena, hl_db_get(r, 0, 2));
out:
	hl_db_res_free(r);
	return rc;
}

/* The title and chains of a creation or change (in) are checked here, the
 * body by rendering it. */
static int
check_in(struct hl_ctx *ctx, const struct hl_bulletin_in *in,
    struct hl_err *err)
{
	const char *s = in->title;

	if (in->present_title) {
		while (s != NULL &&
		    (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++;
		if (s == NULL || *s == '\0')
			hl_err_field(err, "title", "不能为空");
	}
	if (in->present_chain_codes)
		hl_bulletin_check_chains(ctx, &in->chain_codes, err);
	return hl_err_is_set(err) ? -1 : 0;
}

/* Create or change: render, write, set the chains. */
static int
save(struct write_tx *wt, char *sid, const char *stored_md, struct hl_err *err)
{
	const struct hl_bulletin_in *in = wt->in;
	const char *md = in->present_body_md ? in->body_md : stored_md;
	struct hl_buf html = { 0 };
	struct hl_buf codes = { 0 };
	char uid[24];
	const char *v[4];
	struct hl_db_res *r;
	int rc = -1;

	if (hl_bulletin_render(md != NULL ? md : "", wt->o->md_max_len, &html,
	        err) == -1 ||
	    check_in(wt->ctx, in, err) == -1)
		goto out;
	snprintf(uid, sizeof(uid), "%" PRId64, wt->ctx->user_id);
	if (wt->op == OP_CREATE) {
		v[0] = in->title;
		v[1] = in->body_md;
		v[2] = hl_buf_cstr(&html);
		v[3] = uid;
		r = hl_db_exec(wt->ctx->db, SQL_INSERT, 4, v, err);
		if (r == NULL)
			goto out;
		snprintf(sid, 24, "%s", hl_db_get(r, 0, 0));
		hl_db_res_free(r);
	} else {
		v[0] = sid;
		v[1] = in->present_title ? in->title : NULL;
		v[2] = in->present_body_md ? in->body_md : NULL;
		v[3] = hl_buf_cstr(&html);
		if (hl_db_run(wt->ctx->db, SQL_UPDATE, 4, v, err) == -1)
			goto out;
	}
	if (in->present_chain_codes) {
		hl_bulletin_json_strv(&in->chain_codes, &codes);
		v[0] = sid;
		v[1] = hl_buf_cstr(&codes);
		if (hl_db_run(wt->ctx->db, SQL_CHAINS, 2, v, err) == -1)
			goto out;
	}
	rc = 0;
out:
	hl_buf_release(&codes);
	hl_buf_release(&html);
	return rc;
}

/* Publish (rendering the stored source again) or take back to draft. */
static int
set_state(struct write_tx *wt, const char *sid, const char *stored_md,
    struct hl_err *err)
{
	struct hl_buf html = { 0 };
	char uid[24];
	const char *v[3] = { sid, uid, NULL };
	int rc = -1;

	if (wt->op == OP_UNPUBLISH)
		return hl_db_run(wt->ctx->db, SQL_UNPUBLISH, 1, v, err);
	snprintf(uid, sizeof(uid), "%" PRId64, wt->ctx->user_id);
	if (hl_bulletin_render(stored_md, wt->o->md_max_len, &html, err) == -1)
		goto out;
	v[2] = hl_buf_cstr(&html);
	if (hl_db_run(wt->ctx->db, SQL_PUBLISH, 3, v, err) == -1)
		goto out;
	v[1] = wt->o->public_url != NULL ? wt->o->public_url : "";
	rc = hl_db_run(wt->ctx->db, SQL_NOTIFY, 2, v, err);
out:
	hl_buf_release(&html);
	return rc;
}

static int
write_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct write_tx *wt = arg;
	const char *stored_md = NULL;
	const char *before = NULL;
	const char *after = NULL;
	char sid[24];
	int64_t id;

	(void)db;
	hl_buf_cut(wt->out, wt->out_len);
	snprintf(sid, sizeof(sid), "%" PRId64, wt->id);
	if (wt->op != OP_CREATE &&
	    (lock(wt, sid, &stored_md, err) == -1 ||
	        audit_row(wt->ctx, sid, &before, err) == -1))
		return -1;
	if (wt->op == OP_CREATE || wt->op == OP_UPDATE) {
		if (save(wt, sid, stored_md, err) == -1)
			return -1;
	} else if (set_state(wt, sid, stored_md, err) == -1) {
		return -1;
	}
	id = (int64_t)strtoll(sid, NULL, 10);
	if (audit_row(wt->ctx, sid, &after, err) == -1 ||
	    hl_audit_add(wt->ctx, op_actions[wt->op], "bulletin", sid, before,
	        after, err) == -1)
		return -1;
	return hl_bulletin_get_json(wt->ctx, id, wt->out, err);
}

static int
write_bulletin(struct hl_ctx *ctx, enum op op, int64_t id,
    const struct hl_bulletin_in *in, const struct hl_bulletin_opts *o,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_bulletin_in none = { 0 };
	struct write_tx wt = { ctx, op, id, in != NULL ? in : &none, o, out,
		out->len };

	if (hl_db_tx_run(ctx->db, write_tx, &wt, err) == -1) {
		hl_buf_cut(out, wt.out_len);
		return -1;
	}
	return 0;
}

int
hl_bulletin_create(struct hl_ctx *ctx, const struct hl_bulletin_in *in,
    const struct hl_bulletin_opts *o, struct hl_buf *out, struct hl_err *err)
{
	struct hl_bulletin_in all = *in;

	/* A creation sets everything; absent chains mean citywide. */
	all.present_title = true;
	all.present_body_md = true;
	all.present_chain_codes = true;
	return write_bulletin(ctx, OP_CREATE, 0, &all, o, out, err);
}

int
hl_bulletin_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_bulletin_in *in, const struct hl_bulletin_opts *o,
    struct hl_buf *out, struct hl_err *err)
{
	return write_bulletin(ctx, OP_UPDATE, id, in, o, out, err);
}

int
hl_bulletin_publish(struct hl_ctx *ctx, int64_t id, bool publish,
    const struct hl_bulletin_opts *o, struct hl_buf *out, struct hl_err *err)
{
	return write_bulletin(ctx, publish ? OP_PUBLISH : OP_UNPUBLISH, id,
	    NULL, o, out, err);
}

/* ---- the public pages ---- */

#define PUBLIC_COLUMNS                                                         \
	"b.id, b.title, to_json(b.published_at) #>> '{}',"                     \
	" to_char(b.published_at AT TIME ZONE 'Asia/Shanghai',"                \
	"  'YYYY\"年\"FMMM\"月\"FMDD\"日\"')"

/* $1 id. */
static const char SQL_PUBLIC[] =
    "SELECT " PUBLIC_COLUMNS ","
    " coalesce((SELECT string_agg(c.name, '、' ORDER BY c.sort_order, c.id)"
    "  FROM bulletin_chains bc JOIN chains c ON c.id = bc.chain_id"
    "  WHERE bc.bulletin_id = b.id), '全市'),"
    " b.body_html, x.t"
    " FROM bulletins b, LATERAL " EXCERPT " x"
    " WHERE b.id = $1 AND b.status = 'published'";

/* Copy column col of row into the arena. */
static const char *
dup(struct hl_ctx *ctx, const struct hl_db_res *r, int row, int col)
{
	return hl_arena_strndup(ctx->arena, hl_db_get(r, row, col),
	    hl_db_getlen(r, row, col));
}

int
hl_bulletin_public_get(struct hl_ctx *ctx, int64_t id,
    struct hl_bulletin_public *b, struct hl_err *err)
{
	char sid[24];
	const char *params[1] = { sid };
	struct hl_db_res *r;
	int rc = -1;

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	r = hl_db_exec(ctx->db, SQL_PUBLIC, 1, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	b->id = hl_db_get_i64(r, 0, 0);
	b->title = dup(ctx, r, 0, 1);
	b->published_at = dup(ctx, r, 0, 2);
	b->published_on = dup(ctx, r, 0, 3);
	b->scope = dup(ctx, r, 0, 4);
	b->body_html = dup(ctx, r, 0, 5);
	b->excerpt = dup(ctx, r, 0, 6);
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

/* Citywide bulletins (group -1, no code), then one group per chain. */
static const char SQL_INDEX[] =
    "WITH rows AS ("
    "  SELECT NULL::text AS code, '全市'::text AS name, -1 AS sort,"
    "   0::bigint AS chain_id, b.*"
    "  FROM bulletins b WHERE b.status = 'published'"
    "  AND NOT EXISTS (SELECT 1 FROM bulletin_chains bc"
    "   WHERE bc.bulletin_id = b.id)"
    "  UNION ALL"
    "  SELECT c.code, c.name, c.sort_order, c.id, b.*"
    "  FROM bulletins b JOIN bulletin_chains bc ON bc.bulletin_id = b.id"
    "  JOIN chains c ON c.id = bc.chain_id WHERE b.status = 'published'),"
    " ranked AS (SELECT *, row_number() OVER (PARTITION BY chain_id"
    "  ORDER BY published_at DESC, id DESC) AS n FROM rows)"
    " SELECT " PUBLIC_COLUMNS ", b.code, b.name FROM ranked b"
    " WHERE b.n <= $1::int"
    " ORDER BY b.sort, b.chain_id, b.published_at DESC, b.id DESC";

int
hl_bulletin_public_index(struct hl_ctx *ctx,
    struct hl_bulletin_index_row **rows, size_t *n_rows, struct hl_err *err)
{
	char per[24];
	const char *params[1] = { per };
	struct hl_db_res *r;
	struct hl_bulletin_index_row *v;
	int n;
	int i;

	snprintf(per, sizeof(per), "%d", HL_BULLETIN_INDEX_PER_GROUP);
	r = hl_db_exec(ctx->db, SQL_INDEX, 1, params, err);
	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	v = hl_arena_alloc(ctx->arena, (size_t)(n > 0 ? n : 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].b.id = hl_db_get_i64(r, i, 0);
		v[i].b.title = dup(ctx, r, i, 1);
		v[i].b.published_at = dup(ctx, r, i, 2);
		v[i].b.published_on = dup(ctx, r, i, 3);
		v[i].group_code =
		    hl_db_isnull(r, i, 4) ? NULL : dup(ctx, r, i, 4);
		v[i].group_name = dup(ctx, r, i, 5);
		v[i].b.scope = v[i].group_name;
	}
	hl_db_res_free(r);
	*rows = v;
	*n_rows = (size_t)n;
	return 0;
}
