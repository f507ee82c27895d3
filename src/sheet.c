/*
 * Rows from CSV and .xlsx files, headers found by name, row reports.
 * The encoding is detected rather than asked for because the people who
 * import do not know it: Excel in China saves CSV as GBK, WPS and newer
 * Excel as UTF-8 with a byte order mark, "Unicode text" as UTF-16.  GBK is
 * decoded as GB 18030, its superset, with glibc's iconv.  Cells are
 * trimmed when read, so every later step sees the value people meant.
 */
#include "sheet.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "str.h"
#include "xlsx.h"

/* An .xlsx part may inflate to this much; a worksheet of the largest
 * import allowed is a few megabytes. */
#define MAX_PART_LEN (64u * 1024u * 1024u)

static int bad_file(struct hl_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
bad_file(struct hl_err *err, const char *fmt, ...)
{
	char msg[HL_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	msg[hl_utf8_cut(msg, strlen(msg))] = '\0';
	hl_err_set(err, 422, "invalid_file", "%s", msg);
	hl_err_field(err, "file", "%s", msg);
	return -1;
}

const char *
hl_sheet_format_name(enum hl_sheet_format f)
{
	switch (f) {
	case HL_SHEET_CSV_UTF8:
		return "csv-utf8";
	case HL_SHEET_CSV_GBK:
		return "csv-gbk";
	case HL_SHEET_CSV_UTF16:
		return "csv-utf16";
	case HL_SHEET_XLSX:
		return "xlsx";
	}
	return "";
}

/* ---- cells and rows ---- */

/* Length of a blank (ASCII white space, U+00A0, U+3000, U+FEFF) at p, or
 * 0 when there is none. */
static size_t
blank_at(const char *p, size_t len)
{
	const unsigned char *u = (const unsigned char *)p;

	if (len >= 1 &&
	    (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n' ||
	        u[0] == '\v' || u[0] == '\f'))
		return 1;
	if (len >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (len >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

/* Length of a blank that ends at p + len, or 0. */
static size_t
blank_before(const char *p, size_t len)
{
	if (len >= 3 && blank_at(p + len - 3, 3) == 3)
		return 3;
	if (len >= 2 && blank_at(p + len - 2, 2) == 2)
		return 2;
	if (len >= 1 && blank_at(p + len - 1, 1) == 1)
		return 1;
	return 0;
}

static void
trim(const char **p, size_t *len)
{
	size_t n;

	while ((n = blank_at(*p, *len)) > 0) {
		*p += n;
		*len -= n;
	}
	while ((n = blank_before(*p, *len)) > 0)
		*len -= n;
}

/* The row being built, before it is known to be non-blank. */
struct row_builder {
	const char **cells; /* hl_xrealloc'd; the strings are in the arena */
	size_t n;
	size_t cap;
	size_t line;
	bool blank;
};

struct reader {
	struct hl_sheet *s;
	const struct hl_sheet_limits *lim;
	struct row_builder rb;
};

/* Set cell col of the row being built, trimmed; the cells before it that
 * were not given are empty. */
static int
set_cell(struct reader *rd, size_t col, const char *p, size_t len,
    struct hl_err *err)
{
	struct row_builder *rb = &rd->rb;

	trim(&p, &len);
	if (len > 0 && hl_utf8_count(p, len) > rd->lim->max_cell_chars)
		return bad_file(err, "第 %zu 行有单元格超过 %zu 个字符",
		    rb->line, rd->lim->max_cell_chars);
	if (col >= rd->lim->max_cols)
		return bad_file(err, "第 %zu 行超过 %zu 列", rb->line,
		    rd->lim->max_cols);
	if (col >= rb->cap) {
		rb->cap = col < 16 ? 16 : 2 * col;
		rb->cells =
		    hl_xrealloc(rb->cells, rb->cap * sizeof(*rb->cells));
	}
	while (rb->n <= col)
		rb->cells[rb->n++] = "";
	rb->cells[col] = hl_arena_strndup(&rd->s->arena, p, len);
	if (len > 0)
		rb->blank = false;
	return 0;
}

static int
add_cell(struct reader *rd, const char *p, size_t len, struct hl_err *err)
{
	return set_cell(rd, rd->rb.n, p, len, err);
}

static void
start_row(struct reader *rd, size_t line)
{
	rd->rb.n = 0;
	rd->rb.line = line;
	rd->rb.blank = true;
}

/* Keep the row built so far unless it is blank. */
static int
end_row(struct reader *rd, struct hl_err *err)
{
	struct hl_sheet *s = rd->s;
	struct hl_sheet_row *r;

	if (rd->rb.blank)
		return 0;
	if (s->n_rows >= rd->lim->max_rows)
		return bad_file(err, "文件超过 %zu 行，请分批导入",
		    rd->lim->max_rows);
	if (s->n_rows == s->cap) {
		s->cap = s->cap == 0 ? 64 : 2 * s->cap;
		s->rows = hl_xrealloc(s->rows, s->cap * sizeof(*s->rows));
	}
	r = &s->rows[s->n_rows++];
	r->line = rd->rb.line;
	r->n_cells = rd->rb.n;
	r->cells = hl_arena_alloc(&s->arena, (rd->rb.n + 1) * sizeof(char *));
	memcpy(r->cells, rd->rb.cells, rd->rb.n * sizeof(char *));
	rd->rb.blank = true;
	return 0;
}

/* ---- CSV ---- */

/* Tab-separated when the first line that is not a comment has more tabs
 * than commas. */
static char
delimiter(const char *t, size_t n)
{
	size_t i = 0;
	size_t tabs = 0;
	size_t commas = 0;

	while (i < n && t[i] == '#') {
		while (i < n && t[i] != '\n')
			i++;
		i++;
	}
	for (; i < n && t[i] != '\n' && t[i] != '\r'; i++) {
		tabs += t[i] == '\t';
		commas += t[i] == ',';
	}
	return tabs > commas ? '\t' : ',';
}

/* One field starting at t[*i]; *line follows the newlines inside quotes. */
static int
csv_field(struct reader *rd, const char *t, size_t n, size_t *i, char delim,
    size_t *line, struct hl_buf *f, struct hl_err *err)
{
	size_t start;

	hl_buf_reset(f);
	if (*i < n && t[*i] == '"') {
		size_t opened = *line;

		(*i)++;
		for (;;) {
			if (*i >= n)
				return bad_file(err, "第 %zu 行的引号没有闭合",
				    opened);
			if (t[*i] == '"') {
				if (*i + 1 < n && t[*i + 1] == '"') {
					hl_buf_putc(f, '"');
					*i += 2;
					continue;
				}
				(*i)++;
				break;
			}
			if (t[*i] == '\n')
				(*line)++;
			hl_buf_putc(f, t[*i]);
			(*i)++;
		}
	}
	/* Unquoted text, or what follows a closing quote (kept as written). */
	start = *i;
	while (*i < n && t[*i] != delim && t[*i] != '\n' && t[*i] != '\r')
		(*i)++;
	hl_buf_append(f, t + start, *i - start);
	return add_cell(rd, f->p != NULL ? f->p : "", f->len, err);
}

static int
read_csv(struct reader *rd, const char *t, size_t n, struct hl_err *err)
{
	char delim = delimiter(t, n);
	struct hl_buf f = { 0 };
	size_t i = 0;
	size_t line = 1;
	int rc = -1;

	while (i < n) {
		start_row(rd, line);
		for (;;) {
			if (csv_field(rd, t, n, &i, delim, &line, &f, err) ==
			    -1)
				goto out;
			if (i < n && t[i] == delim) {
				i++;
				continue;
			}
			break;
		}
		if (i < n && t[i] == '\r')
			i++;
		if (i < n && t[i] == '\n')
			i++;
		line++;
		if (end_row(rd, err) == -1)
			goto out;
	}
	rc = 0;
out:
	hl_buf_release(&f);
	return rc;
}

/* Control characters other than tab and line ends mean "not text". */
static bool
text_clean(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			return false;
	}
	return true;
}

/* p[0..len) in encoding from, as UTF-8 in out; -1 when it does not
 * decode. */
static int
decode(const char *from, const char *p, size_t len, struct hl_buf *out)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)(uintptr_t)p;
	size_t in_left = len;
	char *o;
	size_t o_left;
	int rc = 0;

	if (cd == (iconv_t)-1)
		HL_BUG("iconv cannot convert to UTF-8");
	hl_buf_reset(out);
	hl_buf_grow(out, 2 * len + 16);
	o = out->p;
	o_left = out->cap - 1;
	if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &o, &o_left) == (size_t)-1)
		rc = -1;
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	iconv_close(cd);
	return rc;
}

static int
read_text(struct reader *rd, const char *p, size_t len, struct hl_err *err)
{
	const unsigned char *u = (const unsigned char *)p;
	struct hl_buf t = { 0 };
	int rc = -1;

	if (len >= 2 &&
	    ((u[0] == 0xff && u[1] == 0xfe) ||
	        (u[0] == 0xfe && u[1] == 0xff))) {
		if (decode(u[0] == 0xff ? "UTF-16LE" : "UTF-16BE", p + 2,
		        len - 2, &t) == -1) {
			bad_file(err, "文件的 UTF-16 编码有误");
			goto out;
		}
		rd->s->format = HL_SHEET_CSV_UTF16;
	} else if (memchr(p, '\0', len) != NULL) {
		bad_file(err,
		    "文件既不是 CSV 文本也不是 Excel 工作簿（.xlsx）");
		goto out;
	} else if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		if (!hl_utf8_valid(p + 3, len - 3)) {
			bad_file(err,
			    "文件标明为 UTF-8 编码，但内容不是有效的 "
			    "UTF-8");
			goto out;
		}
		hl_buf_append(&t, p + 3, len - 3);
		rd->s->format = HL_SHEET_CSV_UTF8;
	} else if (hl_utf8_valid(p, len)) {
		hl_buf_append(&t, p, len);
		rd->s->format = HL_SHEET_CSV_UTF8;
	} else if (decode("GB18030", p, len, &t) == 0) {
		rd->s->format = HL_SHEET_CSV_GBK;
	} else {
		bad_file(err,
		    "无法识别文件编码：既不是 UTF-8 也不是 GBK；请在 "
		    "Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入");
		goto out;
	}
	if (!text_clean(t.p != NULL ? t.p : "", t.len)) {
		bad_file(err, "文件含有控制字符，不是 CSV 文本");
		goto out;
	}
	rc = read_csv(rd, t.p != NULL ? t.p : "", t.len, err);
out:
	hl_buf_release(&t);
	return rc;
}

/* ---- XLSX ---- */

struct xl {
	struct reader *rd;
	size_t row; /* SIZE_MAX before the first cell */
};

static int
xl_cell(void *arg, size_t row, size_t col, const char *text, size_t len,
    struct hl_err *err)
{
	struct xl *x = arg;
	struct reader *rd = x->rd;

	if (row != x->row) {
		if (x->row != SIZE_MAX && end_row(rd, err) == -1)
			return -1;
		start_row(rd, row + 1);
		x->row = row;
	}
	return set_cell(rd, col, text, len, err);
}

static int
read_xlsx(struct reader *rd, const char *p, size_t len, struct hl_err *err)
{
	struct hl_xlsx_limits xl_lim;
	struct xl x = { rd, SIZE_MAX };

	xl_lim.max_part_len = MAX_PART_LEN;
	/* Row numbers, not rows: a sheet may skip some. */
	xl_lim.max_rows = rd->lim->max_rows + 10000;
	xl_lim.max_cols = rd->lim->max_cols;
	/* Bytes: a character is at most 4. */
	xl_lim.max_cell_len = 4 * rd->lim->max_cell_chars;
	rd->s->format = HL_SHEET_XLSX;
	if (hl_xlsx_read(p, len, &xl_lim, xl_cell, &x, err) == -1)
		return -1;
	return x.row != SIZE_MAX ? end_row(rd, err) : 0;
}

int
hl_sheet_read(struct hl_sheet *s, const char *p, size_t len,
    const struct hl_sheet_limits *lim, struct hl_err *err)
{
	static const unsigned char ole2[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
		0xb1, 0x1a, 0xe1 };
	struct reader rd;
	int rc;

	memset(&rd, 0, sizeof(rd));
	rd.s = s;
	rd.lim = lim;
	if (len == 0)
		return bad_file(err, "文件是空的");
	if (len >= sizeof(ole2) && memcmp(p, ole2, sizeof(ole2)) == 0)
		return bad_file(err,
		    "这是旧版 Excel（.xls）或加密的工作簿，请在 "
		    "Excel 中另存为 .xlsx 或“CSV UTF-8”后再导入");
	if (hl_xlsx_sniff(p, len))
		rc = read_xlsx(&rd, p, len, err);
	else
		rc = read_text(&rd, p, len, err);
	free(rd.rb.cells);
	if (rc == 0 && s->n_rows == 0)
		rc = bad_file(err, "文件中没有任何内容");
	if (rc == -1)
		hl_sheet_release(s);
	return rc;
}

void
hl_sheet_release(struct hl_sheet *s)
{
	hl_arena_release(&s->arena);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

/* ---- columns ---- */

bool
hl_sheet_is_comment(const struct hl_sheet *s, size_t i)
{
	const struct hl_sheet_row *r = &s->rows[i];

	return r->n_cells > 0 && r->cells[0][0] == '#';
}

/* A header without its blanks and its "required" marks. */
static const char *
header_name(struct hl_sheet *s, const char *h)
{
	static const char *const marks[] = { "（必填）", "(必填)", "（选填）",
		"(选填)", "*", "＊", NULL };
	size_t len = strlen(h);
	bool again = true;
	size_t k;

	while (again) {
		again = false;
		trim(&h, &len);
		for (k = 0; marks[k] != NULL; k++) {
			size_t ml = strlen(marks[k]);

			if (len >= ml && memcmp(h, marks[k], ml) == 0) {
				h += ml;
				len -= ml;
				again = true;
			} else if (len >= ml &&
			    memcmp(h + len - ml, marks[k], ml) == 0) {
				len -= ml;
				again = true;
			}
		}
	}
	return hl_arena_strndup(&s->arena, h, len);
}

static bool
col_has(const struct hl_sheet_col *c, const char *name)
{
	size_t k;

	if (strcmp(c->title, name) == 0 || strcmp(c->key, name) == 0)
		return true;
	for (k = 0; c->aliases != NULL && c->aliases[k] != NULL; k++)
		if (strcmp(c->aliases[k], name) == 0)
			return true;
	return false;
}

/* The column of cols named by header h, or -1. */
static int
col_of(const struct hl_sheet_col *cols, size_t n, const char *h)
{
	size_t c;

	for (c = 0; c < n; c++)
		if (col_has(&cols[c], h))
			return (int)c;
	return -1;
}

static int
map_row(struct hl_sheet *s, size_t i, const struct hl_sheet_col *cols, size_t n,
    struct hl_sheet_map *m, struct hl_err *err)
{
	const struct hl_sheet_row *r = &s->rows[i];
	size_t k;
	int c;

	m->header = i;
	m->unknown =
	    hl_arena_alloc(&s->arena, (r->n_cells + 1) * sizeof(char *));
	for (k = 0; k < r->n_cells; k++) {
		const char *h = header_name(s, r->cells[k]);

		if (h[0] == '\0')
			continue;
		c = col_of(cols, n, h);
		if (c == -1) {
			m->unknown[m->n_unknown++] = r->cells[k];
			continue;
		}
		if (m->idx[c] != -1)
			return bad_file(err, "第 %zu 行的表头“%s”出现了两次",
			    r->line, r->cells[k]);
		m->idx[c] = (int)k;
		m->title[c] = r->cells[k];
	}
	for (k = 0; k < n; k++)
		if (cols[k].required && m->idx[k] == -1)
			hl_err_field(err, cols[k].key, "文件缺少“%s”列",
			    cols[k].title);
	if (hl_err_is_set(err))
		hl_err_set(err, 422, "validation_failed",
		    "文件缺少必需的列，请对照模板检查表头");
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_sheet_map_columns(struct hl_sheet *s, const struct hl_sheet_col *cols,
    size_t n_cols, struct hl_sheet_map *m, struct hl_err *err)
{
	size_t i;
	size_t k;
	size_t seen = 0;

	memset(m, 0, sizeof(*m));
	m->n_cols = n_cols;
	m->idx = hl_arena_alloc(&s->arena, (n_cols + 1) * sizeof(int));
	m->title = hl_arena_alloc(&s->arena, (n_cols + 1) * sizeof(char *));
	for (k = 0; k < n_cols; k++) {
		m->idx[k] = -1;
		m->title[k] = cols[k].title;
	}
	for (i = 0; i < s->n_rows && seen < 10; i++) {
		const struct hl_sheet_row *r = &s->rows[i];

		if (hl_sheet_is_comment(s, i))
			continue;
		seen++;
		for (k = 0; k < r->n_cells; k++)
			if (col_of(cols, n_cols, header_name(s, r->cells[k])) !=
			    -1)
				return map_row(s, i, cols, n_cols, m, err);
	}
	return bad_file(err,
	    "找不到表头行：第一行应为“%s”等列名，请使用导入"
	    "模板",
	    cols[0].title);
}

const char *
hl_sheet_get(struct hl_sheet *s, const struct hl_sheet_map *m, size_t i,
    size_t c)
{
	const struct hl_sheet_row *r = &s->rows[i];
	int k = c < m->n_cols ? m->idx[c] : -1;

	return k >= 0 && (size_t)k < r->n_cells ? r->cells[k] : "";
}

/* ---- the row report ---- */

void
hl_sheet_report_error(struct hl_sheet_report *r, size_t line, const char *field,
    const char *column, const char *fmt, ...)
{
	struct hl_buf msg = { 0 };
	struct hl_jw w;
	va_list ap;

	r->n_errors++;
	r->row_errors++;
	if (r->n_errors > HL_SHEET_REPORT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	hl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (r->errors.len > 0)
		hl_buf_putc(&r->errors, ',');
	hl_jw_init(&w, &r->errors);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "row");
	hl_jw_i64(&w, (int64_t)line);
	hl_jw_key(&w, "field");
	hl_jw_str(&w, field);
	hl_jw_key(&w, "column");
	hl_jw_str(&w, column);
	hl_jw_key(&w, "message");
	hl_jw_strn(&w, hl_buf_cstr(&msg), hl_utf8_cut(msg.p, msg.len));
	hl_jw_obj_end(&w);
	hl_buf_release(&msg);
}

bool
hl_sheet_report_row_done(struct hl_sheet_report *r)
{
	bool ok = r->row_errors == 0;

	r->rows++;
	r->ok += ok;
	r->row_errors = 0;
	return ok;
}

void
hl_sheet_report_json(const struct hl_sheet_report *r, struct hl_jw *w)
{
	hl_jw_key(w, "rows");
	hl_jw_i64(w, (int64_t)r->rows);
	hl_jw_key(w, "ok");
	hl_jw_i64(w, (int64_t)r->ok);
	hl_jw_key(w, "n_errors");
	hl_jw_i64(w, (int64_t)r->n_errors);
	hl_jw_key(w, "errors");
	hl_jw_arr_begin(w);
	hl_jw_raw(w, hl_buf_cstr(&r->errors), r->errors.len);
	hl_jw_arr_end(w);
	hl_jw_key(w, "errors_truncated");
	hl_jw_bool(w, r->n_errors > HL_SHEET_REPORT_MAX_ERRORS);
}

void
hl_sheet_report_release(struct hl_sheet_report *r)
{
	hl_buf_release(&r->errors);
	memset(r, 0, sizeof(*r));
}
