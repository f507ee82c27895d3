/*
 * The printable meeting: one server-rendered HTML document laid out for
 * A4 in the style of a Chinese official document (GB/T 9704: the issuing
 * committee in red over the red 发文 line, a centred title, sections
 * numbered 一、二、… and （一）（二）…, 仿宋 body, 黑体 and 楷体
 * headings): the notice, the agenda with each case's facts, the minutes
 * and the decisions with their action items.  The fonts are named in CSS
 * stacks that end in the CJK faces the project installs (AR PL UKai and
 * UMing, WenQuanYi Micro Hei), so the page prints the same anywhere.
 * The stylesheet and the print button's script are served by the binary
 * (the CSP allows nothing inline).
 */
#ifndef HL_MEETING_PRINT_H
#define HL_MEETING_PRINT_H

#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

#define HL_MEETING_PRINT_CSS_PATH "/meeting-print.css"
#define HL_MEETING_PRINT_JS_PATH  "/meeting-print.js"
extern const char hl_meeting_print_css[];
extern const size_t hl_meeting_print_css_len;
extern const char hl_meeting_print_js[];
extern const size_t hl_meeting_print_js_len;

/* Append the document of meeting id as ctx may see it (the chain's
 * committee members and admins; anyone else 404). */
int hl_meeting_print(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* Append the page that says the meeting cannot be shown (sent with 404). */
void hl_meeting_print_not_found(struct hl_buf *out);

#endif /* HL_MEETING_PRINT_H */
