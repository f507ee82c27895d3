/*
 * What other pages read about meetings: the list (and the calendar), one
 * approved version of the minutes, the people who may attend or own an action
 * item, the meetings and decisions a case took part in, and the Excel file of a
 * meeting's decisions.  Reads only; the same scoping as meeting.c (a meeting is
 * its chain's committee's and the admins').
 */
#ifndef HL_MEETING_VIEW_H
#define HL_MEETING_VIEW_H

#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* The list's filters (borrowed; NULL or 0 when absent). */
struct hl_meeting_filter {
	const char *chain;  /* chain code */
	const char *status; /* one status */
	const char *from;   /* YYYY-MM-DD: starting on or after (Zibo time) */
	const char *to;     /* YYYY-MM-DD: starting on or before */
	int64_t limit;
	int64_t cursor_key; /* starts_at in microseconds since 1970 */
	int64_t cursor_id;  /* 0: the first page */
};

/* Append {"items":[…],"next_cursor"}: the meetings of the caller's chains
 * (admins: all) that match f, latest first.  A bad status or an empty
 * range is 400 naming it. */
int hl_meeting_list_json(struct hl_ctx *ctx, const struct hl_meeting_filter *f,
    struct hl_buf *out, struct hl_err *err);

/* Append version v of meeting id's approved minutes {"version",
 * "minutes_md","minutes_html","created_at","created_by"}; 404 when the
 * meeting is not the caller's or has no such version. */
int hl_meeting_minutes_json(struct hl_ctx *ctx, int64_t id, int64_t version,
    struct hl_buf *out, struct hl_err *err);

/* Append {"items":[user]}: the enabled staff of meeting id's chain who
 * can attend or own an action item (its committee members, the
 * commissioners serving its enterprises, the responders of its four ones
 * and department desks, the admins), by role and name. */
int hl_meeting_people_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/*
 * Append {"open_actions":N,"items":[{"meeting":{…},"agenda":[…],
 * "decisions":[…]}]}: the meetings case case_id was on the agenda of or
 * has action items from, latest first, with the decisions and action
 * items about it.  For staff who may see the case (404 otherwise).
 */
int hl_meeting_case_json(struct hl_ctx *ctx, int64_t case_id,
    struct hl_buf *out, struct hl_err *err);

/* Append meeting id's decisions and action items as an .xlsx workbook,
 * one row per action item (a decision without any has one row). */
int hl_meeting_export(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_MEETING_VIEW_H */
