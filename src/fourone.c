/*
 * One transaction per four-ones write.  The body travels to PostgreSQL as
 * one jsonb parameter, already checked by the resource module, and the
 * resource's UPDATE reads "present" and "absent" members the same way for
 * every column (HL_FOURONE_SET_*).  Snapshots for the audit row come from
 * the same statement as the answer, so the log shows what people saw.
 */
#include "fourone.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

enum op {
	OP_CREATE,
	OP_UPDATE,
	OP_RETIRE,
};

struct tx {
	struct hl_ctx *ctx;
	const struct hl_fourone_spec *spec;
	const struct hl_fourone_write *w;
	enum op op;
	struct hl_buf *out; /* NULL when retiring */
	size_t out_len;
};

void
hl_fourone_key(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* Run sql with params and copy the first column of its row into out
 * (arena); *out NULL when there is no row. */
static int
one(struct hl_ctx *ctx, const char *sql, int n, const char *const *params,
    const char **out, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(ctx->db, sql, n, params, err);

	if (r == NULL)
		return -1;
	*out = hl_db_nrows(r) > 0 && !hl_db_isnull(r, 0, 0)
	    ? hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0))
	    : NULL;
	hl_db_res_free(r);
	return 0;
}

/* The write's own statement; a duplicate becomes the spec's message. */
static int
write_row(struct tx *t, enum op op, const char *id, const char **new_id,
    struct hl_err *err)
{
	const struct hl_fourone_spec *s = t->spec;
	char uid[24];
	const char *params[3];
	const char *sql;
	int n = 3;
	int rc;

	hl_fourone_key(t->ctx->user_id, uid);
	params[1] = t->w->body;
	params[2] = uid;
	switch (op) {
	case OP_CREATE:
		sql = s->sql_insert;
		params[0] = t->w->key;
		break;
	case OP_UPDATE:
		sql = s->sql_update;
		params[0] = id;
		break;
	case OP_RETIRE:
	default:
		sql = s->sql_retire;
		params[0] = id;
		n = 1;
		break;
	}
	rc = one(t->ctx, sql, n, params, new_id, err);
	if (rc == -1 && err->status == 409 &&
	    strcmp(err->code, "conflict") == 0 && s->conflict_msg != NULL) {
		hl_err_clear(err);
		hl_err_set(err, 409, "conflict", "%s", s->conflict_msg);
		hl_err_field(err, s->conflict_field, "%s", s->conflict_msg);
	}
	if (rc == 0 && *new_id == NULL)
		return op == OP_CREATE && s->parent_missing != NULL
		    ? hl_err_set(err, 404, "not_found", "%s", s->parent_missing)
		    : hl_err_not_found(err);
	return rc;
}

/* The record after the write, for the audit row and the answer (written
 * with the escaping every answer gets: hl_db_append_json()). */
static int
snapshot(struct tx *t, const char *id, const char **json, struct hl_err *err)
{
	const char *p[1] = { id };
	struct hl_db_res *r =
	    hl_db_exec(t->ctx->db, t->spec->sql_get, 1, p, err);

	if (r == NULL)
		return -1;
	*json = NULL;
	if (hl_db_nrows(r) > 0 && !hl_db_isnull(r, 0, 0)) {
		*json = hl_arena_strdup(t->ctx->arena, hl_db_get(r, 0, 0));
		if (t->out != NULL)
			hl_db_append_json(t->out, r, 0, 0);
	}
	hl_db_res_free(r);
	return 0;
}

static const char *
action(struct hl_ctx *ctx, const char *type, enum op op)
{
	return hl_arena_printf(ctx->arena, "%s.%s", type,
	    op == OP_CREATE       ? "create"
	        : op == OP_UPDATE ? "update"
	                          : "retire");
}

static int
write_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct tx *t = arg;
	const struct hl_fourone_spec *s = t->spec;
	enum op op = t->op;
	const char *id = NULL;
	const char *before = NULL;
	const char *after = NULL;
	const char *p[1];

	(void)db;
	if (t->out != NULL && t->out->len > t->out_len) {
		t->out->len = t->out_len;
		t->out->p[t->out_len] = '\0';
	}
	if (op != OP_CREATE) {
		p[0] = t->w->key;
		if (one(t->ctx, s->sql_lock, 1, p, &id, err) == -1)
			return -1;
		if (id == NULL && !(op == OP_UPDATE && s->upsert))
			return hl_err_not_found(err);
		if (id == NULL)
			op = OP_CREATE;
	}
	if (id != NULL) {
		p[0] = id;
		if (one(t->ctx, s->sql_get, 1, p, &before, err) == -1)
			return -1;
	}
	if (write_row(t, op, id, &id, err) == -1)
		return -1;
	if (t->w->has_user && s->binding != HL_BINDING_NONE &&
	    hl_binding_set(t->ctx, s->binding, strtoll(id, NULL, 10),
	        t->w->user_id, err) == -1)
		return -1;
	p[0] = id;
	if (s->sql_after != NULL &&
	    hl_db_run(t->ctx->db, s->sql_after, 1, p, err) == -1)
		return -1;
	if (snapshot(t, id, &after, err) == -1)
		return -1;
	return hl_audit_add(t->ctx, action(t->ctx, s->object_type, op),
	    s->object_type, id, before, after, err);
}

static int
run(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const struct hl_fourone_write *w, enum op op, struct hl_buf *out,
    struct hl_err *err)
{
	struct tx t = { ctx, spec, w, op, out, out != NULL ? out->len : 0 };

	return hl_db_tx_run(ctx->db, write_tx, &t, err);
}

int
hl_fourone_create(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const struct hl_fourone_write *w, struct hl_buf *out, struct hl_err *err)
{
	return run(ctx, spec, w, OP_CREATE, out, err);
}

int
hl_fourone_update(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const struct hl_fourone_write *w, struct hl_buf *out, struct hl_err *err)
{
	return run(ctx, spec, w, OP_UPDATE, out, err);
}

int
hl_fourone_retire(struct hl_ctx *ctx, const struct hl_fourone_spec *spec,
    const char *key, struct hl_err *err)
{
	struct hl_fourone_write w = { key, NULL, false, 0 };

	return run(ctx, spec, &w, OP_RETIRE, NULL, err);
}

void
hl_fourone_check_text(const char *field, const char *s, bool required,
    size_t min, size_t max, struct hl_err *err)
{
	size_t len;

	if (s == NULL) {
		if (required)
			hl_err_field(err, field, "必填");
		return;
	}
	len = strlen(s);
	while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL)
		len--;
	while (len > 0 && strchr(" \t\r\n", *s) != NULL) {
		s++;
		len--;
	}
	if (!hl_utf8_valid(s, len))
		hl_err_field(err, field, "含有无效的字符编码");
	else if (len == 0 && min > 0)
		hl_err_field(err, field, "不能为空");
	else if (hl_utf8_count(s, len) < min)
		hl_err_field(err, field, "至少需要 %zu 个字", min);
	else if (hl_utf8_count(s, len) > max)
		hl_err_field(err, field, "不能超过 %zu 个字", max);
}

void
hl_fourone_check_contact(const char *phone_field, const char *phone,
    const char *email_field, const char *email, struct hl_err *err)
{
	hl_valid_contact_phone(phone_field, phone, err);
	if (email != NULL && email[0] != '\0')
		hl_valid_email(email_field, email, err);
}
