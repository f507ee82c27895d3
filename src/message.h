/*
 * In-app messages (站内信): what each user is told, written by the
 * producers through hl_message_add() in the transaction of their change
 * (sql/0013, sql/0014).  Here the reading side: a user's own list with
 * the unread count, and marking read.  Every query is on the caller's
 * user id; nobody reads or marks another's messages.
 */
#ifndef HL_MESSAGE_H
#define HL_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Filters of the list; 0 / false means "not given". */
struct hl_message_filter {
	bool unread; /* unread ones only */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append the caller's messages, newest first:
 * {"items":[{"id","event_type","label","title","body","link","case_id",
 * "chain_code","created_at","read_at"}],"next_cursor","unread_count"}.
 */
int hl_message_list_json(struct hl_ctx *ctx, const struct hl_message_filter *f,
    struct hl_buf *out, struct hl_err *err);

/*
 * Mark the caller's messages read: those of ids[0..n) (ids that are not
 * the caller's, or already read, are left alone) or, when all, every
 * one.  Appends {"updated","unread_count"}.
 */
int hl_message_mark_read(struct hl_ctx *ctx, const int64_t *ids, size_t n,
    bool all, struct hl_buf *out, struct hl_err *err);

#endif /* HL_MESSAGE_H */
