/*
 * Prints, as a pgbench script, the statements the case write path runs:
 * one case created, accepted and given a note, each in its transaction,
 * as the server runs them for POST /cases, POST /cases/{id}/transitions
 * and POST /cases/{id}/notes.  They are caught while they run (db.h's
 * watch), with their parameters written as literals, the new case's id
 * as the pgbench variable :id (from the INSERT, by \gset).  So pgbench
 * measures the very statements of the write path, not a copy of them.
 *
 *   HONGLIAN_DATABASE_URL=... write_sql LOGIN ENTERPRISE_ID > write.sql
 *
 * LOGIN is an admin (any enterprise, any action).  It writes one case.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "case.h"
#include "conf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"

#define MAX_STMTS 32

int main(int argc, char **argv);

struct stmt {
	char *sql;
	int n;
	char *params[32];
};

static struct stmt stmts_[MAX_STMTS];
static int n_stmts_;

static void
on_statement(void *arg, struct hl_db_conn *c, const char *sql, int n,
    const char *const *params)
{
	struct stmt *s;
	int i;

	(void)arg;
	(void)c;
	if (n_stmts_ >= MAX_STMTS || n > 32 || params == NULL) {
		fprintf(stderr, "write_sql: cannot keep '%.60s'\n", sql);
		exit(1);
	}
	s = &stmts_[n_stmts_++];
	s->sql = hl_xstrdup(sql);
	s->n = n;
	for (i = 0; i < n; i++)
		s->params[i] = params[i] != NULL ? hl_xstrdup(params[i]) : NULL;
}

static void
base64(const char *in, char *out)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)in;
	size_t n = strlen(in);
	size_t i;
	char *o = out;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = abc[p[i] >> 2];
		*o++ = abc[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = abc[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = abc[p[i + 2] & 63];
	}
	if (i < n) {
		*o++ = abc[p[i] >> 2];
		if (i + 1 < n) {
			*o++ = abc[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			*o++ = abc[(p[i + 1] & 15) << 2];
		} else {
			*o++ = abc[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
}

/* s with $1..$n replaced by literals (:id for the case's id), on one
 * line. */
static void
render(const struct stmt *s, const char *id, struct hl_buf *out)
{
	const char *p = s->sql;
	const char *v;
	int k;

	while (*p != '\0') {
		if (*p != '$' || p[1] < '1' || p[1] > '9') {
			hl_buf_putc(out, *p == '\n' ? ' ' : *p);
			p++;
			continue;
		}
		k = (int)strtol(p + 1, (char **)&p, 10);
		if (k < 1 || k > s->n) {
			fprintf(stderr, "write_sql: $%d out of range\n", k);
			exit(1);
		}
		v = s->params[k - 1];
		if (v == NULL) {
			hl_buf_puts(out, "NULL");
		} else if (id != NULL && strcmp(v, id) == 0) {
			hl_buf_puts(out, ":id");
		} else if (strchr(v, ':') != NULL) {
			/* pgbench takes ":name" anywhere, in literals too, for
			 * a variable: a value with a colon goes in base64. */
			char *b64 = hl_xmalloc(4 * strlen(v) / 3 + 8);

			base64(v, b64);
			hl_buf_printf(out,
			    "convert_from(decode('%s', 'base64'), 'UTF8')",
			    b64);
			free(b64);
		} else {
			hl_buf_putc(out, '\'');
			for (; *v != '\0'; v++) {
				if (*v == '\'')
					hl_buf_putc(out, '\'');
				hl_buf_putc(out, *v);
			}
			hl_buf_putc(out, '\'');
		}
	}
}

/* The statements from first on as one transaction; the INSERT into cases
 * ends with \gset, which sets :id. */
static void
print_tx(int first, const char *id)
{
	struct hl_buf line = { 0 };
	int i;

	puts("BEGIN;");
	for (i = first; i < n_stmts_; i++) {
		hl_buf_reset(&line);
		render(&stmts_[i], id, &line);
		if (strncmp(stmts_[i].sql, "INSERT INTO cases ", 18) == 0)
			printf("%s \\gset\n", hl_buf_cstr(&line));
		else
			printf("%s;\n", hl_buf_cstr(&line));
	}
	puts("COMMIT;");
	hl_buf_release(&line);
}

static void
fail(const char *what, const struct hl_err *err)
{
	fprintf(stderr, "write_sql: %s: %s\n", what, err->msg);
	exit(1);
}

int
main(int argc, char **argv)
{
	const char *url = getenv("HONGLIAN_DATABASE_URL");
	struct hl_conf conf = { 0 };
	struct hl_arena arena = { 0 };
	struct hl_ctx ctx = { 0 };
	struct hl_err err = { 0 };
	struct hl_buf out = { 0 };
	struct hl_db_res *r;
	struct hl_case_new in = { 0 };
	const char *p;
	struct hl_case_transition accept = { .action = "accept" };
	const char *params[1];
	char id[24];
	int64_t case_id;
	int mark;

	if (argc != 3 || url == NULL) {
		fprintf(stderr,
		    "usage: HONGLIAN_DATABASE_URL=... write_sql "
		    "LOGIN ENTERPRISE_ID\n");
		return 2;
	}
	if (hl_conf_load(&conf, NULL, &err) == -1)
		fail("configuration", &err);
	hl_db_setup(&conf);
	ctx.db = hl_db_open(url, &err);
	if (ctx.db == NULL)
		fail("connect", &err);
	params[0] = argv[1];
	r = hl_db_exec(ctx.db,
	    "SELECT id FROM users WHERE lower(login) = lower($1)", 1, params,
	    &err);
	if (r == NULL || hl_db_nrows(r) != 1)
		fail("no such user", &err);
	ctx.user_id = hl_db_get_i64(r, 0, 0);
	hl_db_res_free(r);
	ctx.role = HL_ROLE_ADMIN;
	ctx.arena = &arena;
	ctx.request_id = "bench-write";
	ctx.client_ip = "127.0.0.1";
	ctx.login = argv[1];
	in.category = "financing";
	in.title = "设备更新贷款需求";
	in.description =
	    "企业计划更新生产设备，需要中长期贷款支持。（基准测试）";
	in.channel = "phone";
	in.enterprise_id = strtoll(argv[2], NULL, 10);
	in.enterprise_id_given = true;

	hl_db_watch(on_statement, NULL);
	if (hl_case_create(&ctx, &in, &out, &err) == -1)
		fail("create", &err);
	hl_db_watch(NULL, NULL);
	/* The answer is the case, its id first. */
	p = strstr(hl_buf_cstr(&out), "\"id\"");
	case_id =
	    p != NULL ? strtoll(p + strcspn(p, "0123456789"), NULL, 10) : 0;
	if (case_id <= 0)
		fail("no id in the answer", &err);
	snprintf(id, sizeof(id), "%" PRId64, case_id);
	print_tx(0, id);

	mark = n_stmts_;
	hl_db_watch(on_statement, NULL);
	if (hl_case_transition(&ctx, case_id, &accept, &out, &err) == -1)
		fail("accept", &err);
	hl_db_watch(NULL, NULL);
	print_tx(mark, id);

	mark = n_stmts_;
	hl_db_watch(on_statement, NULL);
	if (hl_case_add_note(&ctx, case_id,
	        "已联系主办银行，约定下周上门对接。", false, &out, &err) == -1)
		fail("note", &err);
	hl_db_watch(NULL, NULL);
	print_tx(mark, id);
	hl_buf_release(&out);
	hl_arena_release(&arena);
	hl_db_close(ctx.db);
	hl_db_shutdown();
	hl_conf_release(&conf);
	return 0;
}
