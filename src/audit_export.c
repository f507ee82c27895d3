/*
 * The audit log as a file: the rows the list's filters select, newest
 * first, as CSV or .xlsx through export.c, for people who read the log in
 * a spreadsheet or hand it on.
 */
#include "audit_export.h"

#include "audit.h"
#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"

/* $1..$6 as SQL_LIST's, $7 the row cap. */
static const char SQL_EXPORT[] =
    "SELECT to_char(l.at AT TIME ZONE 'Asia/Shanghai',"
    " 'YYYY-MM-DD HH24:MI:SS'), l.actor_login, l.actor_user_id::text,"
    " l.action, l.object_type, l.object_id, l.request_id, host(l.client_ip),"
    " l.before::text, l.after::text FROM audit_log l"
    " WHERE ($1::bigint = 0 OR l.actor_user_id = $1::bigint)"
    " AND ($2 = '' OR l.action = $2 OR (right($2, 1) = '.'"
    "  AND left(l.action, length($2)) = $2))"
    " AND ($3 = '' OR l.object_type = $3)"
    " AND ($4 = '' OR l.object_id = $4)"
    " AND ($5 = '' OR l.at >= NULLIF($5, '')::date::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " AND ($6 = '' OR l.at < (NULLIF($6, '')::date + 1)::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " ORDER BY l.id DESC LIMIT $7::int";

static const struct hl_export_col export_cols[] = {
	{ "at", "时间", HL_EXPORT_DATETIME },
	{ "actor_login", "操作账号", HL_EXPORT_TEXT },
	{ "actor_user_id", "账号编号", HL_EXPORT_INT },
	{ "action", "操作", HL_EXPORT_TEXT },
	{ "object_type", "对象类型", HL_EXPORT_TEXT },
	{ "object_id", "对象编号", HL_EXPORT_TEXT },
	{ "request_id", "请求编号", HL_EXPORT_TEXT },
	{ "client_ip", "来源地址", HL_EXPORT_TEXT },
	{ "before", "修改前", HL_EXPORT_TEXT },
	{ "after", "修改后", HL_EXPORT_TEXT },
};

#define N_EXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))

struct rows {
	struct hl_db_res *r;
	int next;
};

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	struct rows *rs = arg;

	(void)err;
	if (rs->next >= hl_db_nrows(rs->r))
		return 0;
	hl_db_get_row(rs->r, rs->next++, cells, N_EXPORT_COLS);
	return 1;
}

int
hl_audit_export(struct hl_ctx *ctx, const struct hl_audit_filter *f, bool csv,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_audit_filter all = *f;
	struct hl_audit_params p = { 0 };
	struct rows rs = { NULL, 0 };
	int rc;

	all.cursor = 0;
	all.limit = HL_AUDIT_EXPORT_MAX + 1;
	hl_audit_filter_params(&all, &p);
	p.v[6] = p.limit;
	rs.r = hl_db_exec(ctx->db, SQL_EXPORT, 7, p.v, err);
	if (rs.r == NULL)
		return -1;
	if (hl_db_nrows(rs.r) > HL_AUDIT_EXPORT_MAX) {
		hl_db_res_free(rs.r);
		return hl_err_set(err, 422, "too_many_rows",
		    "符合条件的日志超过 %d 条，请缩小筛选范围后再导出",
		    HL_AUDIT_EXPORT_MAX);
	}
	if (csv)
		rc = hl_export_csv(export_cols, N_EXPORT_COLS, next_row, &rs,
		    out, err);
	else
		rc = hl_export_xlsx("审计日志", export_cols, N_EXPORT_COLS,
		    next_row, &rs, out, err);
	hl_db_res_free(rs.r);
	return rc;
}
