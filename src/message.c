/*
 * Message queries.  A read mark is the reader's own view of their inbox,
 * not a change to any record, so it is not audited; the messages
 * themselves are written with the change they tell about.
 */
#include "message.h"

#include <inttypes.h>
#include <stdio.h>

#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"

#define UNREAD_COUNT                                                           \
	"(SELECT count(*) FROM messages u WHERE u.user_id = $1::bigint"        \
	" AND u.read_at IS NULL)"

/* $1 user, $2 unread only, $3 cursor, $4 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT m.id FROM messages m WHERE m.user_id = $1::bigint"
    "  AND (NOT $2::boolean OR m.read_at IS NULL)"
    "  AND ($3::bigint = 0 OR m.id < $3::bigint)"
    "  ORDER BY m.id DESC LIMIT $4::int + 1)," HL_DB_SQL_SHOWN(
        "$4") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              " json_build_object('id', m.id, 'event_type', m.event_type,"
              " 'label', nt.label, 'title', m.title, 'body', m.body,"
              " 'link', m.link, 'case_id', m.case_id, 'chain_code', c.code,"
              " 'created_at', m.created_at, 'read_at', m.read_at)"
              " ORDER BY m.id DESC), '[]') FROM messages m"
              " JOIN notification_types nt ON nt.name = m.event_type"
              " LEFT JOIN chains c ON c.id = m.chain_id"
              " WHERE m.id IN (SELECT id FROM shown)),"
              " 'unread_count', " UNREAD_COUNT
              "," HL_DB_SQL_NEXT_CURSOR("$4") ")";

int
hl_message_list_json(struct hl_ctx *ctx, const struct hl_message_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char c[24];
	char l[24];
	const char *params[4] = { uid, f->unread ? "true" : "false", c, l };

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	snprintf(c, sizeof(c), "%" PRId64, f->cursor);
	snprintf(l, sizeof(l), "%" PRId64, f->limit);
	return hl_db_fetch_json(ctx->db, SQL_LIST, 4, params, out, err);
}

/* $1 user, $2 all, $3 ids (a JSON array of numbers). */
static const char SQL_READ[] =
    "WITH upd AS (UPDATE messages SET read_at = hl_now()"
    "  WHERE user_id = $1::bigint AND read_at IS NULL AND ($2::boolean"
    "  OR id IN (SELECT x::bigint FROM json_array_elements_text($3::json) x))"
    "  RETURNING 1)"
    " SELECT json_build_object('updated', (SELECT count(*) FROM upd),"
    " 'unread_count', " UNREAD_COUNT " - (SELECT count(*) FROM upd))";

int
hl_message_mark_read(struct hl_ctx *ctx, const int64_t *ids, size_t n, bool all,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_buf arr = { 0 };
	char uid[24];
	const char *params[3] = { uid, all ? "true" : "false", NULL };
	size_t i;
	int rc;

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	hl_buf_putc(&arr, '[');
	for (i = 0; i < n; i++)
		hl_buf_printf(&arr, "%s%" PRId64, i > 0 ? "," : "", ids[i]);
	hl_buf_putc(&arr, ']');
	params[2] = arr.p;
	rc = hl_db_fetch_json(ctx->db, SQL_READ, 3, params, out, err);
	hl_buf_release(&arr);
	return rc;
}
