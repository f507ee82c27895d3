/*
 * The print view's HTML.  Four scoped queries (the meeting, its
 * attendees, its agenda with the cases' facts as they went on it, its
 * decisions with their action items) and a writer that escapes every
 * text through md.c; only the minutes' HTML, rendered by md.c when they
 * were saved, is copied as it is.
 */
#include "meeting_print.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "action.h"
#include "buf.h"
#include "case.h"
#include "case_fsm.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "md.h"

/*
 * GB/T 9704-2012 in CSS: A4 with its margins (37 mm top, 35 bottom, 28
 * left, 26 right), 16 pt (三号) 仿宋 body on a 28 pt grid, a 22 pt (二号)
 * 小标宋 title, the issuer in red over the red line, 黑体 for 一、, 楷体
 * for （一）.  Each stack names the Windows and macOS faces first and
 * ends in the faces Debian's fonts-arphic-ukai, fonts-arphic-uming and
 * fonts-wqy-microhei install.  On screen the page shows as a sheet.
 */
const char hl_meeting_print_css[] =
    ":root{--fs:\"FangSong\",\"FangSong_GB2312\",\"仿宋_GB2312\",\"仿宋\","
    "\"STFangsong\",\"AR PL UKai CN\",\"AR PL UKai\",serif;"
    "--kai:\"KaiTi\",\"KaiTi_GB2312\",\"楷体_GB2312\",\"楷体\",\"STKaiti\","
    "\"AR PL UKai CN\",serif;"
    "--hei:\"SimHei\",\"黑体\",\"STHeiti\",\"Heiti SC\","
    "\"WenQuanYi Micro Hei\",\"Noto Sans CJK SC\",sans-serif;"
    "--song:\"FZXiaoBiaoSong-B05S\",\"方正小标宋简体\",\"SimSun\",\"宋体\","
    "\"STSong\",\"AR PL UMing CN\",\"Noto Serif CJK SC\",serif;"
    "--red:#c00000}\n"
    "@page{size:A4;margin:37mm 26mm 35mm 28mm;"
    "@bottom-center{content:\"— \" counter(page) \" —\";"
    "font-family:\"SimSun\",\"AR PL UMing CN\",serif;font-size:14pt}}\n"
    "*{box-sizing:border-box}\n"
    "html{background:#e9e9e9}\n"
    "body{margin:0;color:#000;font-family:var(--fs);font-size:16pt;"
    "line-height:28pt}\n"
    ".toolbar{position:sticky;top:0;display:flex;gap:1em;align-items:center;"
    "justify-content:center;padding:8px;background:#333;color:#fff;"
    "font:14px/1.5 var(--hei)}\n"
    ".toolbar button{font:inherit;padding:4px 16px;border:0;border-radius:4px;"
    "background:#fff;color:#000;cursor:pointer}\n"
    ".toolbar button:focus-visible,.toolbar a:focus-visible{outline:3px solid "
    "#ffbf47;outline-offset:2px}\n"
    ".toolbar a{color:#fff}\n"
    ".doc{width:210mm;min-height:297mm;margin:16px auto;"
    "padding:37mm 26mm 35mm 28mm;background:#fff;"
    "box-shadow:0 1px 6px rgba(0,0,0,.3)}\n"
    ".head{text-align:center;margin:0 0 28pt}\n"
    ".issuer{margin:0;color:var(--red);font-family:var(--song);"
    "font-weight:bold;font-size:26pt;line-height:36pt;letter-spacing:.08em}\n"
    ".docno{margin:14pt 0 4pt;font-family:var(--fs)}\n"
    ".redline{height:0;margin:0;border:0;border-top:2.5pt solid var(--red)}\n"
    "h1{margin:0 0 28pt;text-align:center;font-family:var(--song);"
    "font-weight:bold;font-size:22pt;line-height:36pt}\n"
    ".draft{margin:-20pt 0 20pt;text-align:center;font-family:var(--kai)}\n"
    "h2{margin:0;font-family:var(--hei);font-weight:normal;font-size:16pt;"
    "break-after:avoid}\n"
    "h3{margin:0;font-family:var(--kai);font-weight:normal;font-size:16pt;"
    "break-after:avoid}\n"
    "section{margin:0 0 14pt}\n"
    "p{margin:0;text-indent:2em}\n"
    ".facts{text-indent:0;padding-left:2em;font-size:14pt;line-height:24pt}\n"
    ".minutes{font-size:16pt}\n"
    ".minutes h1,.minutes h2,.minutes h3,.minutes h4{font-size:16pt;"
    "text-align:left;margin:0;font-weight:normal;line-height:28pt}\n"
    ".minutes h1,.minutes h2{font-family:var(--hei)}\n"
    ".minutes h3,.minutes h4{font-family:var(--kai)}\n"
    ".minutes ul,.minutes ol{margin:0;padding-left:2em}\n"
    ".minutes p{text-indent:2em}\n"
    ".minutes a{color:#000}\n"
    "table{width:100%;border-collapse:collapse;margin:6pt 0 10pt;"
    "font-size:12pt;line-height:18pt}\n"
    "th,td{border:.75pt solid #000;padding:3pt 5pt;vertical-align:top;"
    "text-align:left}\n"
    "th{font-family:var(--hei);font-weight:normal;white-space:nowrap}\n"
    ".nw{white-space:nowrap}\n"
    "tr{break-inside:avoid}\n"
    ".colophon{margin-top:28pt;border-top:1pt solid #000;"
    "border-bottom:1pt solid #000;font-size:14pt;line-height:28pt;"
    "display:flex;justify-content:space-between;padding:0 1em;"
    "break-inside:avoid}\n"
    ".none{text-indent:2em;color:#000}\n"
    "@media print{html{background:#fff}.toolbar{display:none}"
    ".doc{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}}\n";

const size_t hl_meeting_print_css_len = sizeof(hl_meeting_print_css) - 1;

const char hl_meeting_print_js[] =
    "document.getElementById('print').addEventListener('click',"
    "function(){window.print();});\n";

const size_t hl_meeting_print_js_len = sizeof(hl_meeting_print_js) - 1;

/* ---- queries: $1 role, $2 user id, $3 meeting ---- */

#define LOCAL(col)   "(" col " AT TIME ZONE 'Asia/Shanghai')"
#define CN_DATE(col) "to_char(" LOCAL(col) ", 'YYYY\"年\"FMMM\"月\"FMDD\"日\"')"

static const char SQL_MEETING[] = "SELECT m.title, m.kind, m.status, ch.name, " CN_DATE(
    "m.starts_at") ","
                   " (ARRAY['一', '二', '三', '四', '五', '六', '日'])[extract(isodow FROM"
                   " " LOCAL("m.starts_at") ")::int], to_char(" LOCAL(
                       "m.starts_at") ","
                                      " 'HH24:MI'), to_char(" LOCAL(
                                          "m.ends_at") ", 'HH24:MI'), m.place,"
                                                       " m.minutes_html, m.minutes_version, " CN_DATE(
                                                           "m.minutes_approved_at") ","
                                                                                    " extract(year FROM " LOCAL(
                                                                                        "m.starts_at") ")::int,"
                                                                                                       " (SELECT count(*) FROM meetings x WHERE x.chain_id = m.chain_id"
                                                                                                       "  AND x.status <> 'cancelled' AND extract(year FROM " LOCAL("x.starts_at") "  ) = extract(year FROM " LOCAL(
                                                                                                           "m.starts_at") ")"
                                                                                                                          "  AND (x.starts_at, x.id) <= (m.starts_at, m.id)),"
                                                                                                                          " " CN_DATE(
                                                                                                                              "hl_now()") ""
                                                                                                                                          " FROM meetings m JOIN chains ch ON ch.id = m.chain_id"
                                                                                                                                          " WHERE m.id = $3::bigint AND " HL_ACTION_SQL_MANAGES(
                                                                                                                                              "m.chain_id");

enum {
	M_TITLE,
	M_KIND,
	M_STATUS,
	M_CHAIN,
	M_DATE,
	M_WEEKDAY,
	M_START,
	M_END,
	M_PLACE,
	M_MINUTES,
	M_VERSION,
	M_APPROVED,
	M_YEAR,
	M_SEQ,
	M_TODAY
};

static const char SQL_ATTENDEES[] =
    "SELECT t.name, t.title, t.attended FROM meeting_attendees t"
    " JOIN meetings m ON m.id = t.meeting_id WHERE m.id = $3::bigint"
    " AND " HL_ACTION_SQL_MANAGES("m.chain_id") " ORDER BY t.sort_order, t.id";

/* One row per item and case (items without cases once), the facts as
 * the case went on the agenda. */
static const char SQL_AGENDA[] =
    "SELECT i.id, i.title, i.kind, i.notes, i.facts->>'n_enterprises',"
    " l.facts->>'number', l.facts->>'enterprise_name', l.facts->>'category',"
    " l.facts->>'status', l.facts->>'due_on', l.facts->>'escalated',"
    " l.facts->>'overdue'"
    " FROM meeting_agenda_items i JOIN meetings m ON m.id = i.meeting_id"
    " LEFT JOIN meeting_agenda_cases l ON l.agenda_item_id = i.id"
    " WHERE m.id = $3::bigint AND " HL_ACTION_SQL_MANAGES(
        "m.chain_id") " ORDER BY i.position, l.created_at, l.case_id";

enum {
	A_ID,
	A_TITLE,
	A_KIND,
	A_NOTES,
	A_N_ENTERPRISES,
	A_NUMBER,
	A_ENTERPRISE,
	A_CATEGORY,
	A_STATUS,
	A_DUE,
	A_ESCALATED,
	A_OVERDUE
};

static const char SQL_DECISIONS[] =
    "SELECT d.id, d.body, a.body, a.owner_name, a.due_on::text,"
    " CASE WHEN a.status = 'done' THEN '已完成'"
    "  WHEN a.due_on < hl_today() THEN '已逾期' ELSE '未完成' END,"
    " (SELECT string_agg(c.number, '、' ORDER BY c.id)"
    "  FROM action_item_cases l JOIN cases c ON c.id = l.case_id"
    "  WHERE l.action_item_id = a.id), a.id IS NULL"
    " FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id"
    " LEFT JOIN action_items a ON a.decision_id = d.id"
    " WHERE m.id = $3::bigint AND " HL_ACTION_SQL_MANAGES(
        "m.chain_id") " ORDER BY d.position, d.id, a.id";

enum { D_ID, D_TEXT, D_ACTION, D_OWNER, D_DUE, D_STATUS, D_CASES, D_NONE };

/* ---- writing ---- */

static void
text(struct hl_buf *out, const char *s)
{
	hl_md_html_escape(s, strlen(s), out);
}

/* n (1..99) in Chinese numerals: 一 … 十 … 九十九. */
static void
cn_num(struct hl_buf *out, int n)
{
	static const char *const d[] = { "", "一", "二", "三", "四", "五", "六",
		"七", "八", "九" };

	if (n < 1 || n > 99) {
		hl_buf_printf(out, "%d", n);
		return;
	}
	if (n >= 20)
		hl_buf_puts(out, d[n / 10]);
	if (n >= 10)
		hl_buf_puts(out, "十");
	hl_buf_puts(out, d[n % 10]);
}

/* A section heading "一、title". */
static void
section(struct hl_buf *out, int n, const char *title)
{
	hl_buf_puts(out, "<section>\n<h2>");
	cn_num(out, n);
	hl_buf_puts(out, "、");
	hl_buf_puts(out, title);
	hl_buf_puts(out, "</h2>\n");
}

/* A sub-heading "（一）" + escaped text. */
static void
sub(struct hl_buf *out, int n, const char *s)
{
	hl_buf_puts(out, "<h3>（");
	cn_num(out, n);
	hl_buf_puts(out, "）");
	text(out, s);
	hl_buf_puts(out, "</h3>\n");
}

static void
begin(struct hl_buf *out, const struct hl_db_res *m, int64_t id)
{
	hl_buf_puts(out,
	    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	text(out, hl_db_get(m, 0, M_TITLE));
	hl_buf_puts(out,
	    "</title>\n<meta name=\"robots\" content=\"noindex\">\n"
	    "<link rel=\"stylesheet\" href=\"" HL_MEETING_PRINT_CSS_PATH "\">\n"
	    "<script src=\"" HL_MEETING_PRINT_JS_PATH "\" defer></script>\n"
	    "</head>\n<body>\n<div class=\"toolbar\" role=\"toolbar\""
	    " aria-label=\"打印工具栏\">");
	hl_buf_printf(out,
	    "<a href=\"/desk/meetings/%" PRId64 "\">返回会议</a>", id);
	hl_buf_puts(out,
	    "<button id=\"print\" type=\"button\">打印 / 另存为 PDF</button>"
	    "<span>A4 纵向；打印时请关闭浏览器的“页眉和页脚”。</span></div>\n"
	    "<article class=\"doc\">\n<header class=\"head\">\n"
	    "<p class=\"issuer\">淄博市");
	text(out, hl_db_get(m, 0, M_CHAIN));
	hl_buf_puts(out, "产业链党委</p>\n<p class=\"docno\">");
	text(out, hl_db_get(m, 0, M_CHAIN));
	hl_buf_printf(out, "链党委〔%s〕第 %s 次会议</p>\n",
	    hl_db_get(m, 0, M_YEAR), hl_db_get(m, 0, M_SEQ));
	hl_buf_puts(out, "<hr class=\"redline\">\n</header>\n<h1>");
	text(out, hl_db_get(m, 0, M_TITLE));
	hl_buf_puts(out, "</h1>\n");
	if (strcmp(hl_db_get(m, 0, M_STATUS), "minutes_approved") != 0)
		hl_buf_puts(out,
		    "<p class=\"draft\">（纪要尚未审定，仅供内部"
		    "研究）</p>\n");
}

static void
notice(struct hl_buf *out, const struct hl_db_res *m,
    const struct hl_db_res *att)
{
	int i;
	int n = 0;

	section(out, 1, "会议通知");
	hl_buf_puts(out, "<p>时间：");
	text(out, hl_db_get(m, 0, M_DATE));
	hl_buf_puts(out, "（星期");
	text(out, hl_db_get(m, 0, M_WEEKDAY));
	hl_buf_puts(out, "）");
	text(out, hl_db_get(m, 0, M_START));
	if (!hl_db_isnull(m, 0, M_END)) {
		hl_buf_puts(out, "—");
		text(out, hl_db_get(m, 0, M_END));
	}
	hl_buf_puts(out, "</p>\n<p>地点：");
	text(out,
	    hl_db_get(m, 0, M_PLACE)[0] != '\0' ? hl_db_get(m, 0, M_PLACE)
	                                        : "另行通知");
	hl_buf_puts(out, "</p>\n<p>类型：");
	hl_buf_puts(out,
	    strcmp(hl_db_get(m, 0, M_KIND), "special") == 0 ? "专题会"
	                                                    : "例会");
	hl_buf_puts(out, "</p>\n<p>参会人员：");
	for (i = 0; i < hl_db_nrows(att); i++) {
		if (!hl_db_isnull(att, i, 2) && !hl_db_get_bool(att, i, 2))
			continue;
		if (n++ > 0)
			hl_buf_puts(out, "、");
		text(out, hl_db_get(att, i, 0));
		if (hl_db_get(att, i, 1)[0] != '\0') {
			hl_buf_puts(out, "（");
			text(out, hl_db_get(att, i, 1));
			hl_buf_puts(out, "）");
		}
	}
	if (n == 0)
		hl_buf_puts(out, "另行通知");
	hl_buf_puts(out, "</p>\n");
	for (i = 0, n = 0; i < hl_db_nrows(att); i++) {
		if (hl_db_isnull(att, i, 2) || hl_db_get_bool(att, i, 2))
			continue;
		hl_buf_puts(out, n++ > 0 ? "、" : "<p>请假：");
		text(out, hl_db_get(att, i, 0));
	}
	if (n > 0)
		hl_buf_puts(out, "</p>\n");
	hl_buf_puts(out, "</section>\n");
}

/* The facts line of one agenda case. */
static void
case_facts(struct hl_buf *out, const struct hl_db_res *r, int i)
{
	enum hl_case_fsm_status st;
	const char *cat = hl_case_category_label(hl_db_get(r, i, A_CATEGORY));

	hl_buf_puts(out, "<p class=\"facts\">诉求编号：");
	text(out, hl_db_get(r, i, A_NUMBER));
	hl_buf_puts(out, "；企业：");
	text(out, hl_db_get(r, i, A_ENTERPRISE));
	hl_buf_puts(out, "；类别：");
	text(out, cat != NULL ? cat : hl_db_get(r, i, A_CATEGORY));
	hl_buf_puts(out, "；状态：");
	if (hl_case_fsm_status_parse(hl_db_get(r, i, A_STATUS), &st) == 0)
		hl_buf_puts(out, hl_case_fsm_status_label(st));
	if (!hl_db_isnull(r, i, A_DUE)) {
		hl_buf_puts(out, "；办理期限：");
		text(out, hl_db_get(r, i, A_DUE));
	}
	if (strcmp(hl_db_get(r, i, A_OVERDUE), "true") == 0)
		hl_buf_puts(out, "（已超期）");
	if (strcmp(hl_db_get(r, i, A_ESCALATED), "true") == 0)
		hl_buf_puts(out, "；书记突破项目");
	hl_buf_puts(out, "</p>\n");
}

static void
agenda(struct hl_buf *out, const struct hl_db_res *r)
{
	int i;
	int n = 0;

	section(out, 2, "会议议程");
	for (i = 0; i < hl_db_nrows(r); i++) {
		bool first = i == 0 ||
		    strcmp(hl_db_get(r, i, A_ID), hl_db_get(r, i - 1, A_ID)) !=
		        0;

		if (first) {
			sub(out, ++n, hl_db_get(r, i, A_TITLE));
			if (!hl_db_isnull(r, i, A_N_ENTERPRISES)) {
				hl_buf_puts(out,
				    "<p class=\"facts\">共性问题：");
				text(out, hl_db_get(r, i, A_N_ENTERPRISES));
				hl_buf_puts(out, " 家企业反映同类问题。</p>\n");
			}
			if (hl_db_get(r, i, A_NOTES)[0] != '\0') {
				hl_buf_puts(out, "<p>");
				text(out, hl_db_get(r, i, A_NOTES));
				hl_buf_puts(out, "</p>\n");
			}
		}
		if (!hl_db_isnull(r, i, A_NUMBER))
			case_facts(out, r, i);
	}
	if (n == 0)
		hl_buf_puts(out, "<p class=\"none\">（无议程）</p>\n");
	hl_buf_puts(out, "</section>\n");
}

static void
minutes(struct hl_buf *out, const struct hl_db_res *m)
{
	const char *html = hl_db_get(m, 0, M_MINUTES);

	section(out, 3, "会议纪要");
	if (strcmp(hl_db_get(m, 0, M_STATUS), "minutes_approved") == 0) {
		hl_buf_puts(out, "<p class=\"facts\">第 ");
		text(out, hl_db_get(m, 0, M_VERSION));
		hl_buf_puts(out, " 版，");
		text(out, hl_db_get(m, 0, M_APPROVED));
		hl_buf_puts(out, "审定。</p>\n");
	}
	if (html[0] == '\0')
		hl_buf_puts(out,
		    "<p class=\"none\">（尚未形成会议纪要）</p>\n");
	else {
		/* Rendered by md.c: raw HTML dropped, URLs limited. */
		hl_buf_puts(out, "<div class=\"minutes\">\n");
		hl_buf_puts(out, html);
		hl_buf_puts(out, "</div>\n");
	}
	hl_buf_puts(out, "</section>\n");
}

/* Names, dates, case numbers and statuses are not broken across lines
 * (class nw); the action's text takes what width is left. */
static void
action_row(struct hl_buf *out, const struct hl_db_res *r, int i, int n)
{
	hl_buf_printf(out, "<tr><td class=\"nw\">%d</td><td>", n);
	text(out, hl_db_get(r, i, D_ACTION));
	hl_buf_puts(out, "</td><td class=\"nw\">");
	text(out, hl_db_get(r, i, D_OWNER));
	hl_buf_puts(out, "</td><td class=\"nw\">");
	text(out, hl_db_get(r, i, D_DUE));
	hl_buf_puts(out, "</td><td class=\"nw\">");
	text(out, hl_db_get(r, i, D_CASES));
	hl_buf_puts(out, "</td><td class=\"nw\">");
	text(out, hl_db_get(r, i, D_STATUS));
	hl_buf_puts(out, "</td></tr>\n");
}

static void
decisions(struct hl_buf *out, const struct hl_db_res *r)
{
	int i;
	int n = 0;
	int k = 0;

	section(out, 4, "会议决定及督办事项");
	for (i = 0; i < hl_db_nrows(r); i++) {
		bool first = i == 0 ||
		    strcmp(hl_db_get(r, i, D_ID), hl_db_get(r, i - 1, D_ID)) !=
		        0;
		bool last = i + 1 == hl_db_nrows(r) ||
		    strcmp(hl_db_get(r, i, D_ID), hl_db_get(r, i + 1, D_ID)) !=
		        0;
		bool none = hl_db_get_bool(r, i, D_NONE);

		if (first) {
			sub(out, ++n, hl_db_get(r, i, D_TEXT));
			k = 0;
			if (!none)
				hl_buf_puts(out,
				    "<table><thead><tr><th>序号</th>"
				    "<th>督办事项</th><th>责任人</th>"
				    "<th>完成期限</th><th>关联诉求</th>"
				    "<th>状态</th></tr></thead><tbody>\n");
		}
		if (!none)
			action_row(out, r, i, ++k);
		if (last && !none)
			hl_buf_puts(out, "</tbody></table>\n");
	}
	if (n == 0)
		hl_buf_puts(out, "<p class=\"none\">（尚无会议决定）</p>\n");
	hl_buf_puts(out, "</section>\n");
}

static void
end(struct hl_buf *out, const struct hl_db_res *m)
{
	hl_buf_puts(out, "<footer class=\"colophon\"><span>");
	text(out, hl_db_get(m, 0, M_CHAIN));
	hl_buf_puts(out, "产业链党委办公室</span><span>");
	text(out, hl_db_get(m, 0, M_TODAY));
	hl_buf_puts(out,
	    "印发</span></footer>\n</article>\n</body>\n</html>\n");
}

int
hl_meeting_print(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char mid[24];
	const char *role = hl_ctx_role_name(ctx->role);
	const char *params[3] = { role != NULL ? role : "", uid, mid };
	struct hl_db_res *m = NULL;
	struct hl_db_res *att = NULL;
	struct hl_db_res *ag = NULL;
	struct hl_db_res *dec = NULL;
	int rc = -1;

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	snprintf(mid, sizeof(mid), "%" PRId64, id);
	m = hl_db_exec(ctx->db, SQL_MEETING, 3, params, err);
	if (m == NULL)
		goto out;
	if (hl_db_nrows(m) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	att = hl_db_exec(ctx->db, SQL_ATTENDEES, 3, params, err);
	ag = att != NULL ? hl_db_exec(ctx->db, SQL_AGENDA, 3, params, err)
	                 : NULL;
	dec = ag != NULL ? hl_db_exec(ctx->db, SQL_DECISIONS, 3, params, err)
	                 : NULL;
	if (dec == NULL)
		goto out;
	begin(out, m, id);
	notice(out, m, att);
	agenda(out, ag);
	minutes(out, m);
	decisions(out, dec);
	end(out, m);
	rc = 0;
out:
	hl_db_res_free(dec);
	hl_db_res_free(ag);
	hl_db_res_free(att);
	hl_db_res_free(m);
	return rc;
}

void
hl_meeting_print_not_found(struct hl_buf *out)
{
	hl_buf_puts(out,
	    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>会议不存在</title>\n"
	    "<link rel=\"stylesheet\" href=\"" HL_MEETING_PRINT_CSS_PATH "\">\n"
	    "</head>\n<body>\n<article class=\"doc\">\n<h1>会议不存在</h1>\n"
	    "<p>该会议不存在，或您不是该产业链党委成员。</p>\n"
	    "<p><a href=\"/desk/meetings\">返回会议列表</a></p>\n"
	    "</article>\n</body>\n</html>\n");
}
