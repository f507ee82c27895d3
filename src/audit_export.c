/*
 * The audit log as a file: the rows the list's filters select, newest
 * first, as CSV or .xlsx through export.c, for people who read the log in
 * a spreadsheet or hand it on.  Streamed as the case exports are: the log
 * is the largest table of all (six rows a case).
 */
#include "audit_export.h"

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "err.h"
#include "export.h"

/* $1..$6 as SQL_LIST's. */
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
    " ORDER BY l.id DESC";

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

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	return hl_db_rows_next(arg, cells, N_EXPORT_COLS, err);
}

int
hl_audit_export(const struct hl_audit_filter *f, bool csv,
    struct hl_export_stream **out, struct hl_err *err)
{
	struct hl_audit_filter all = *f;
	struct hl_audit_params p = { 0 };
	struct hl_db_rows *rows;

	*out = NULL;
	all.cursor = 0;
	hl_audit_filter_params(&all, &p);
	rows = hl_db_rows_open(SQL_EXPORT, 6, p.v,
	    csv ? 0 : HL_AUDIT_EXPORT_XLSX_MAX, err);
	if (rows == NULL)
		return -1;
	if (csv) {
		*out = hl_export_csv_stream(export_cols, N_EXPORT_COLS,
		    next_row, rows, hl_db_rows_free);
		return 0;
	}
	return hl_export_xlsx_stream("审计日志", export_cols, N_EXPORT_COLS,
	    next_row, rows, hl_db_rows_free, out, err);
}
