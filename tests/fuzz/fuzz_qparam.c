/* link: qparam calendar head err mem str buf log */
/*
 * Query strings: the raw target as head.c checks it, then its parameters
 * (split and percent-decoded as libmicrohttpd does) through every qparam
 * reader.  This harness stands in for http.c's hl_http_query(), the only
 * thing qparam takes from the daemon.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "head.h"
#include "http.h"
#include "mem.h"
#include "qparam.h"
#include "str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

static const char *keys_[MAX_ARGS];
static const char *vals_[MAX_ARGS];
static size_t n_args_;

const char *
hl_http_query(struct hl_req *req, const char *name)
{
	size_t i;

	(void)req;
	for (i = 0; i < n_args_; i++)
		if (strcmp(keys_[i], name) == 0)
			return vals_[i];
	return NULL;
}

/* Percent-decode s[0..len) into the arena, '+' as a space. */
static char *
decode(struct hl_arena *a, const char *s, size_t len)
{
	char *out = hl_arena_alloc(a, len + 1);
	size_t n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[n++] = ' ';
		} else if (s[i] == '%' && i + 2 < len &&
		    hl_hex_value(s[i + 1]) >= 0 &&
		    hl_hex_value(s[i + 2]) >= 0) {
			out[n++] = (char)(hl_hex_value(s[i + 1]) * 16 +
			    hl_hex_value(s[i + 2]));
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct hl_head_limits lim = { 4096, 8192, 64, 64, 32 };
	struct hl_req req;
	struct hl_head h;
	struct hl_err err = { 0 };
	const char *q = (const char *)data;
	char *target;
	int64_t limit;
	int64_t cursor;
	int64_t id;
	bool b;
	bool given;
	const char *s;
	size_t i = 0;

	memset(&req, 0, sizeof(req));
	target = hl_arena_alloc(&req.arena, size + 3);
	memcpy(target, "/?", 2);
	memcpy(target + 2, data, size);
	if (hl_head_target(target, size + 2, &lim, &h) == -1) {
		if (h.status != 400 && h.status != 414)
			abort();
		goto out;
	}
	n_args_ = 0;
	while (i < size && n_args_ < MAX_ARGS) {
		size_t end = i;
		size_t eq;

		while (end < size && q[end] != '&')
			end++;
		for (eq = i; eq < end && q[eq] != '='; eq++)
			;
		keys_[n_args_] = decode(&req.arena, q + i, eq - i);
		vals_[n_args_] = eq < end
		    ? decode(&req.arena, q + eq + 1, end - eq - 1)
		    : NULL;
		n_args_++;
		i = end + 1;
	}
	hl_qparam_paging(&req, &limit, &cursor, &err);
	hl_err_clear(&err);
	hl_qparam_limit(&req);
	hl_qparam_id(&req, "enterprise", &id, &err);
	hl_err_clear(&err);
	hl_qparam_bool(&req, "overdue", &b, &given, &err);
	hl_err_clear(&err);
	hl_qparam_date(&req, "from", &s, &err);
	hl_err_clear(&err);
	hl_qparam_text(&req, "q", 50, &s, &err);
out:
	hl_arena_release(&req.arena);
	return 0;
}
