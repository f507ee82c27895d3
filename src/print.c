/*
 * The print stylesheet and the frame of a printed document.  A4 portrait
 * with margins a binder's holes clear; black on white; Chinese fonts
 * named for the machines that print (Windows offices, Debian's Noto);
 * tables that repeat their header row on each page.  On screen the sheet
 * sits on a grey desk, and on a phone it becomes one scrolling column.
 */
#include "print.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "md.h"

const char hl_print_css[] =
    "@page{size:A4 portrait;margin:18mm 16mm 20mm 22mm}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;color:#000;background:#e9e9e9;"
    "font:10.5pt/1.6 \"SimSun\",\"Songti SC\",\"Noto Serif CJK SC\","
    "\"Noto Sans CJK SC\",\"Microsoft YaHei\",serif}\n"
    ".sheet{width:210mm;min-height:297mm;margin:8mm auto;padding:18mm 16mm"
    " 20mm 22mm;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}\n"
    ".hint{max-width:210mm;margin:6mm auto 0;padding:0 2mm;color:#333;"
    "font:13px/1.5 sans-serif}\n"
    "h1{font-size:18pt;line-height:1.35;text-align:center;margin:0 0 4pt;"
    "letter-spacing:1pt}\n"
    ".sub{text-align:center;margin:0 0 14pt;font-size:10pt;color:#222}\n"
    "h2{font-size:13pt;margin:16pt 0 6pt;padding-bottom:2pt;"
    "border-bottom:1.5pt solid #a3211a;break-after:avoid}\n"
    "p{margin:0 0 6pt}\n"
    ".note{font-size:9pt;color:#222}\n"
    ".wrap{overflow-x:auto}\n"
    "table{width:100%;border-collapse:collapse;font-size:9.5pt;"
    "margin:0 0 8pt}\n"
    "thead{display:table-header-group}\n"
    "tr{break-inside:avoid}\n"
    "th,td{border:.75pt solid #444;padding:2.5pt 5pt;text-align:left;"
    "vertical-align:top}\n"
    "thead th{background:#efefef;font-weight:bold;font-size:9pt;"
    "line-height:1.3;vertical-align:bottom}\n"
    "tbody th{font-weight:normal;white-space:nowrap}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.num{white-space:nowrap}\n"
    "footer{margin-top:14pt;padding-top:4pt;border-top:.75pt solid #444;"
    "font-size:8.5pt;color:#222}\n"
    "@media screen and (max-width:820px){body{background:#fff}"
    ".sheet{width:auto;min-height:0;margin:0;padding:16px;box-shadow:none}"
    "h1{font-size:20px}table{font-size:13px}"
    ".wrap table{min-width:36em}}\n"
    "@media print{body{background:#fff}.hint{display:none}"
    ".sheet{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}"
    "a{color:#000;text-decoration:none}}\n";

const size_t hl_print_css_len = sizeof(hl_print_css) - 1;

void
hl_print_text(struct hl_buf *out, const char *s)
{
	if (s != NULL)
		hl_md_html_escape(s, strlen(s), out);
}

/* FNV-1a of the stylesheet: changes whenever the text does. */
static uint32_t
css_digest(void)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < hl_print_css_len; i++) {
		h ^= (unsigned char)hl_print_css[i];
		h *= 16777619u;
	}
	return h;
}

void
hl_print_begin(struct hl_buf *out, const char *title)
{
	hl_buf_puts(out,
	    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"format-detection\" content=\"telephone=no\">\n"
	    "<meta name=\"robots\" content=\"noindex\">\n<title>");
	hl_print_text(out, title);
	hl_buf_printf(out,
	    " - 红链</title>\n"
	    "<link rel=\"stylesheet\" href=\"" HL_PRINT_CSS_PATH "?v=%08" PRIx32
	    "\">\n</head>\n<body>\n"
	    "<p class=\"hint\">按 Ctrl+P（手机：浏览器菜单中的“打印”）"
	    "打印，纸张选择 A4 纵向。</p>\n<main class=\"sheet\">\n",
	    css_digest());
}

void
hl_print_end(struct hl_buf *out, const char *footer)
{
	if (footer != NULL) {
		hl_buf_puts(out, "<footer>");
		hl_print_text(out, footer);
		hl_buf_puts(out, "</footer>\n");
	}
	hl_buf_puts(out, "</main>\n</body>\n</html>\n");
}

void
hl_print_table(struct hl_buf *out, const char *const *headers,
    const bool *numeric, size_t n_cols, const char *const *cells, size_t n_rows)
{
	size_t i;
	size_t j;

	hl_buf_puts(out, "<div class=\"wrap\"><table>\n<thead><tr>");
	for (j = 0; j < n_cols; j++) {
		hl_buf_puts(out,
		    numeric[j] ? "<th scope=\"col\" class=\"num\">"
		               : "<th scope=\"col\">");
		hl_print_text(out, headers[j]);
		hl_buf_puts(out, "</th>");
	}
	hl_buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n_rows; i++) {
		hl_buf_puts(out, "<tr>");
		for (j = 0; j < n_cols; j++) {
			const char *tag = j == 0 ? "th" : "td";

			hl_buf_printf(out, "<%s%s%s>", tag,
			    j == 0 ? " scope=\"row\"" : "",
			    numeric[j] ? " class=\"num\"" : "");
			hl_print_text(out, cells[i * n_cols + j]);
			hl_buf_printf(out, "</%s>", tag);
		}
		hl_buf_puts(out, "</tr>\n");
	}
	hl_buf_puts(out, "</tbody></table></div>\n");
}
