/*
 * CSV and .xlsx exports; the only file that includes <xlsxwriter.h>.  One
 * driver pulls the rows from the caller's callback, checks and classifies
 * each cell once and hands the row to a writer: CSV goes straight into the
 * caller's buffer; libxlsxwriter 1.1.4 can only write a file (the in-memory
 * output_buffer option came in a later version), so it gets a private
 * temporary directory and we read the file back.
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "calendar.h"
#include "err.h"
#include "log.h"
#include "mem.h"
#include "str.h"

/* Excel's limits: columns, characters (UTF-16 code units) in a cell and in
 * a sheet name.  CSV keeps the column limit so that both accept the same. */
#define MAX_COLS        LXW_COL_MAX
#define CELL_MAX_UNITS  32767
#define SHEET_MAX_UNITS 31
/* Column widths, in widths of the digit 0; a Chinese character is two. */
#define WIDTH_MIN 8
#define WIDTH_MAX 60
/* Excel keeps numbers as doubles: beyond 2^53 an integer loses digits. */
#define EXACT_INT_MAX (INT64_C(1) << 53)

enum kind { KIND_EMPTY, KIND_TEXT, KIND_INT, KIND_DATE, KIND_DATETIME };

/* One cell, checked and taken apart once, for either writer. */
struct cell {
	enum kind kind;
	const char *p; /* the caller's bytes, NUL-terminated */
	size_t len;
	bool guard; /* text that a spreadsheet could run: write a ' first */
	int64_t i;  /* KIND_INT */
	int y;      /* KIND_DATE and KIND_DATETIME: the parts */
	int mo;
	int d;
	int h;
	int mi;
	int s;
};

/* Writes one row of cells: the header (row 0) or a data row (1, ...). */
typedef int (*put_fn)(void *, const struct cell *, size_t, struct hl_err *);

/* Both exports take the same columns; a bad count is a bug in a static
 * column list. */
static void
check_cols(size_t n_cols)
{
	if (n_cols == 0 || n_cols > MAX_COLS)
		HL_BUG("export: the number of columns is not 1..16384");
}

/* An existing date "YYYY-MM-DD" in the first ten bytes of p[0..len). */
static bool
parse_date(const char *p, size_t len, struct cell *c)
{
	int32_t day;

	if (len < 10 ||
	    hl_calendar_date_parse((struct hl_str){ p, 10 }, &day) == -1)
		return false;
	hl_calendar_day_to_ymd(day, &c->y, &c->mo, &c->d);
	return true;
}

/* What HL_EXPORT_DATETIME accepts (see export.h); the offset is checked
 * for form and dropped. */
static bool
parse_datetime(const char *p, size_t len, struct cell *c)
{
	size_t i = 16;

	if (len < 16 || !parse_date(p, len, c) ||
	    (p[10] != ' ' && p[10] != 'T') || p[13] != ':')
		return false;
	c->h = hl_str_digits(p + 11, 2);
	c->mi = hl_str_digits(p + 14, 2);
	if (c->h < 0 || c->h > 23 || c->mi < 0 || c->mi > 59)
		return false;
	if (i < len && p[i] == ':') {
		if (len < 19 || (c->s = hl_str_digits(p + 17, 2)) < 0 ||
		    c->s > 59)
			return false;
		i = 19;
		if (i < len && p[i] == '.') {
			if (++i == len || hl_str_digits(p + i, 1) == -1)
				return false;
			while (i < len && hl_str_digits(p + i, 1) != -1)
				i++;
		}
	}
	if (i == len)
		return true;
	if (p[i] == 'Z')
		return i + 1 == len;
	if (p[i] != '+' && p[i] != '-')
		return false;
	i++;
	if (len - i == 5 && p[i + 2] == ':')
		return hl_str_digits(p + i, 2) != -1 &&
		    hl_str_digits(p + i + 3, 2) != -1;
	if (len - i == 4)
		return hl_str_digits(p + i, 4) != -1;
	return len - i == 2 && hl_str_digits(p + i, 2) != -1;
}

/* Take s apart as a value of the given type; a value that does not have
 * the type's form is text. */
static void
classify(enum hl_export_type type, const char *s, struct cell *c)
{
	memset(c, 0, sizeof(*c));
	c->p = s;
	c->len = s == NULL ? 0 : strlen(s);
	if (c->len == 0) {
		c->kind = KIND_EMPTY;
		return;
	}
	c->kind = KIND_TEXT;
	switch (type) {
	case HL_EXPORT_INT:
		if (hl_str_to_i64((struct hl_str){ s, c->len }, &c->i) == 0)
			c->kind = KIND_INT;
		break;
	case HL_EXPORT_DATE:
		if (c->len == 10 && parse_date(s, c->len, c))
			c->kind = KIND_DATE;
		break;
	case HL_EXPORT_DATETIME:
		if (parse_datetime(s, c->len, c))
			c->kind = KIND_DATETIME;
		break;
	case HL_EXPORT_TEXT:
		break;
	}
	/*
	 * OWASP's CSV injection advice: Excel and LibreOffice start a formula
	 * at = + - @, and also after a leading TAB or CR.  The ' shows that
	 * the cell is text and keeps "-1" or "=A1" readable.
	 */
	if (c->kind == KIND_TEXT)
		c->guard = strchr("=+-@\t\r", s[0]) != NULL;
}

/* The header row from the titles. */
static int
put_header(const struct hl_export_col *cols, size_t n_cols, struct cell *cells,
    put_fn put, void *w, struct hl_err *err)
{
	size_t i;

	for (i = 0; i < n_cols; i++)
		classify(HL_EXPORT_TEXT, cols[i].title, &cells[i]);
	return put(w, cells, 0, err);
}

/*
 * The caller's next row, checked (UTF-8) and classified, written by put()
 * as data row number row: 1 when a row was written, 0 when there are no
 * more, -1 with err set.  vals and cells have n_cols entries.
 */
static int
put_row(const struct hl_export_col *cols, size_t n_cols,
    hl_export_row_fn next_row, void *arg, const char **vals, struct cell *cells,
    size_t row, put_fn put, void *w, struct hl_err *err)
{
	size_t i;
	int got;

	memset(vals, 0, n_cols * sizeof(*vals));
	got = next_row(arg, vals, err);
	if (got == 0)
		return 0;
	if (got == -1) {
		if (err != NULL && !hl_err_is_set(err))
			hl_err_internal(err);
		return -1;
	}
	if (got != 1)
		HL_BUG("export: bad return from a row callback");
	for (i = 0; i < n_cols; i++) {
		classify(cols[i].type, vals[i], &cells[i]);
		if (!hl_utf8_valid(cells[i].p, cells[i].len)) {
			hl_log(HL_LOG_ERR,
			    "export: invalid UTF-8 in column '%s', row %zu",
			    cols[i].key, row);
			return hl_err_internal(err);
		}
	}
	return put(w, cells, row, err) == -1 ? -1 : 1;
}

/* The shared loop: the header row, then every row of the caller's. */
static int
drive(const struct hl_export_col *cols, size_t n_cols,
    hl_export_row_fn next_row, void *arg, put_fn put, void *w,
    struct hl_err *err)
{
	const char **vals = hl_xcalloc(n_cols, sizeof(*vals));
	struct cell *cells = hl_xcalloc(n_cols, sizeof(*cells));
	size_t row;
	int got = 0;
	int rc = -1;

	if (put_header(cols, n_cols, cells, put, w, err) == -1)
		goto out;
	for (row = 1; (got = put_row(cols, n_cols, next_row, arg, vals, cells,
	                   row, put, w, err)) == 1;
	     row++)
		;
	if (got == 0)
		rc = 0;
out:
	free(cells);
	free(vals);
	return rc;
}

/* RFC 4180: a field with a comma, quote or line end goes in quotes, and a
 * quote inside is doubled. */
static void
csv_text(struct hl_buf *out, const struct cell *c)
{
	bool quote = strpbrk(c->p, ",\"\r\n") != NULL;
	size_t run = 0;
	size_t i;

	if (quote)
		hl_buf_putc(out, '"');
	if (c->guard)
		hl_buf_putc(out, '\'');
	for (i = 0; i < c->len; i++) {
		if (c->p[i] != '"')
			continue;
		/* Up to and with the quote; the next run starts with it. */
		hl_buf_append(out, c->p + run, i + 1 - run);
		run = i;
	}
	hl_buf_append(out, c->p + run, c->len - run);
	if (quote)
		hl_buf_putc(out, '"');
}

/* The BOM is how Excel knows the file is UTF-8, not GBK. */
#define CSV_BOM "\xef\xbb\xbf"

struct csv {
	struct hl_buf *out;
	size_t n_cols;
};

static int
csv_put(void *w, const struct cell *cells, size_t row, struct hl_err *err)
{
	struct csv *csv = w;
	const struct cell *c;
	size_t i;

	(void)row;
	(void)err;
	for (i = 0; i < csv->n_cols; i++) {
		c = &cells[i];
		if (i > 0)
			hl_buf_putc(csv->out, ',');
		switch (c->kind) {
		case KIND_EMPTY:
			break;
		case KIND_INT:
		case KIND_DATE:
			hl_buf_append(csv->out, c->p, c->len);
			break;
		case KIND_DATETIME:
			hl_buf_printf(csv->out, "%04d-%02d-%02d %02d:%02d:%02d",
			    c->y, c->mo, c->d, c->h, c->mi, c->s);
			break;
		case KIND_TEXT:
			csv_text(csv->out, c);
			break;
		}
	}
	hl_buf_append(csv->out, "\r\n", 2);
	return 0;
}

int
hl_export_csv(const struct hl_export_col *cols, size_t n_cols,
    hl_export_row_fn next_row, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct csv csv = { out, n_cols };
	size_t start = out->len;

	check_cols(n_cols);
	hl_buf_append(out, CSV_BOM, 3);
	if (drive(cols, n_cols, next_row, arg, csv_put, &csv, err) == -1) {
		hl_buf_cut(out, start);
		return -1;
	}
	return 0;
}

/* The longest prefix of valid UTF-8 p[0..len) that has at most max UTF-16
 * code units (characters above U+FFFF take two), in bytes. */
static size_t
utf16_cut(const char *p, size_t len, size_t max)
{
	size_t units = 0;
	size_t i = 0;
	size_t n;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)p[i];
		n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (units + (n == 4 ? 2 : 1) > max)
			break;
		units += n == 4 ? 2 : 1;
		i += n;
	}
	return i;
}

/* The widest line of p[0..len) in widths of "0", counting a character
 * from U+0800 up (Chinese, full-width forms) as two; stops at WIDTH_MAX. */
static size_t
display_width(const char *p, size_t len)
{
	size_t best = 0;
	size_t line = 0;
	size_t i;
	unsigned char c;

	for (i = 0; i < len && best < WIDTH_MAX; i++) {
		c = (unsigned char)p[i];
		if (c == '\n')
			line = 0;
		else if ((c & 0xc0) != 0x80)
			line += c >= 0xe0 ? 2 : 1;
		if (line > best)
			best = line;
	}
	return best;
}

/*
 * Excel refuses sheet names with [ ] : * ? / \, longer than 31 characters,
 * starting or ending with ', or called History; we mend rather than fail,
 * because a name may come from data (a chain's name).
 */
static void
sheet_name(const char *in, char *out, size_t size)
{
	size_t len = in == NULL ? 0 : strlen(in);
	size_t i;

	if (!hl_utf8_valid(in, len))
		len = 0;
	len = utf16_cut(in, len, SHEET_MAX_UNITS);
	if (len == 0 || len >= size) {
		snprintf(out, size, "Sheet1");
		return;
	}
	memcpy(out, in, len);
	out[len] = '\0';
	for (i = 0; i < len; i++) {
		if ((unsigned char)out[i] < 0x20 ||
		    strchr("[]:*?/\\", out[i]) != NULL)
			out[i] = '_';
	}
	if (out[0] == '\'')
		out[0] = '_';
	if (out[len - 1] == '\'')
		out[len - 1] = '_';
	if (strcasecmp(out, "History") == 0)
		out[len - 1] = '_';
}

struct xlsx {
	size_t n_cols;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	lxw_format *num;
	lxw_format *date;
	lxw_format *datetime;
	size_t *widths;     /* per column, display_width() of the widest */
	struct hl_buf text; /* a text cell with its ', NUL-terminated */
	size_t n_cut;       /* text cells cut to CELL_MAX_UNITS */
};

static void
widen(struct xlsx *x, size_t col, size_t width)
{
	if (width > x->widths[col])
		x->widths[col] = width;
}

/* Text is always written as a string: Excel never runs a string cell,
 * whatever it starts with; the ' is there for copies out of Excel. */
static lxw_error
xlsx_text(struct xlsx *x, lxw_row_t row, lxw_col_t col, const struct cell *c,
    lxw_format *fmt)
{
	size_t n = utf16_cut(c->p, c->len, CELL_MAX_UNITS - (c->guard ? 1 : 0));
	const char *s = c->p;

	if (n < c->len)
		x->n_cut++;
	if (c->guard || n < c->len) {
		hl_buf_reset(&x->text);
		if (c->guard)
			hl_buf_putc(&x->text, '\'');
		hl_buf_append(&x->text, c->p, n);
		s = hl_buf_cstr(&x->text);
	}
	widen(x, col, display_width(s, strlen(s)));
	return worksheet_write_string(x->ws, row, col, s, fmt);
}

static lxw_error
xlsx_cell(struct xlsx *x, lxw_row_t row, lxw_col_t col, const struct cell *c)
{
	lxw_datetime dt;

	switch (c->kind) {
	case KIND_EMPTY:
		return LXW_NO_ERROR;
	case KIND_INT:
		if (c->i < -EXACT_INT_MAX || c->i > EXACT_INT_MAX)
			break;
		widen(x, col, c->len);
		return worksheet_write_number(x->ws, row, col, (double)c->i,
		    x->num);
	case KIND_DATE:
	case KIND_DATETIME:
		/* Excel's dates start in 1900; earlier ones stay text. */
		if (c->y < 1900)
			break;
		dt = (lxw_datetime){ c->y, c->mo, c->d, c->h, c->mi, c->s };
		widen(x, col, c->kind == KIND_DATE ? 10 : 19);
		return worksheet_write_datetime(x->ws, row, col, &dt,
		    c->kind == KIND_DATE ? x->date : x->datetime);
	case KIND_TEXT:
		break;
	}
	return xlsx_text(x, row, col, c, NULL);
}

static int
xlsx_put(void *w, const struct cell *cells, size_t row, struct hl_err *err)
{
	struct xlsx *x = w;
	lxw_error e = LXW_NO_ERROR;
	size_t i;

	if (row >= LXW_ROW_MAX)
		return hl_err_set(err, 413, "payload_too_large",
		    "Excel 文件最多导出 %d 行数据，请缩小导出范围或改用 CSV",
		    LXW_ROW_MAX - 1);
	for (i = 0; i < x->n_cols && e == LXW_NO_ERROR; i++) {
		if (row == 0)
			e = xlsx_text(x, 0, (lxw_col_t)i, &cells[i], x->head);
		else
			e = xlsx_cell(x, (lxw_row_t)row, (lxw_col_t)i,
			    &cells[i]);
	}
	if (e != LXW_NO_ERROR) {
		hl_log(HL_LOG_ERR, "export: cannot write xlsx row %zu: %s", row,
		    lxw_strerror(e));
		return hl_err_internal(err);
	}
	return 0;
}

/* A private temporary directory (mkdtemp: mode 0700) for the workbook and
 * libxlsxwriter's own temporary files.  All-zero: nothing to remove. */
struct tmp {
	char dir[PATH_MAX];
	char file[PATH_MAX + 16];
};

static int
tmp_make(struct tmp *t, struct hl_err *err)
{
	const char *base = getenv("TMPDIR");
	int n;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	n = snprintf(t->dir, sizeof(t->dir), "%s/honglian-export-XXXXXX", base);
	if (n < 0 || (size_t)n >= sizeof(t->dir) || mkdtemp(t->dir) == NULL) {
		hl_log(HL_LOG_ERR,
		    "export: cannot create a directory in '%s': %s", base,
		    strerror(errno));
		t->dir[0] = '\0';
		return hl_err_internal(err);
	}
	snprintf(t->file, sizeof(t->file), "%s/export.xlsx", t->dir);
	return 0;
}

static void
tmp_remove(struct tmp *t)
{
	if (t->dir[0] == '\0')
		return;
	if (unlink(t->file) == -1 && errno != ENOENT)
		hl_log(HL_LOG_WARN, "export: cannot remove '%s': %s", t->file,
		    strerror(errno));
	if (rmdir(t->dir) == -1)
		hl_log(HL_LOG_WARN, "export: cannot remove '%s': %s", t->dir,
		    strerror(errno));
}

/* Append the whole file at path to out. */
static int
slurp(const char *path, struct hl_buf *out, struct hl_err *err)
{
	char chunk[16384];
	struct stat st;
	ssize_t n;
	int fd;
	int rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		hl_log(HL_LOG_ERR, "export: cannot read '%s': %s", path,
		    strerror(errno));
		hl_err_internal(err);
		goto out;
	}
	hl_buf_grow(out, (size_t)st.st_size);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			hl_log(HL_LOG_ERR, "export: cannot read '%s': %s", path,
			    strerror(errno));
			hl_err_internal(err);
			goto out;
		}
		hl_buf_append(out, chunk, (size_t)n);
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	return rc;
}

/* The workbook, its one sheet and the formats, frozen header included. */
static int
xlsx_open(struct xlsx *x, struct tmp *t, const char *sheet, struct hl_err *err)
{
	/* constant_memory: rows go to a temporary file as they are written,
	 * so memory does not grow with the export (strings are written
	 * inline, not into a shared-strings table). */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE,
		.tmpdir = t->dir,
		.use_zip64 = LXW_FALSE };
	char name[SHEET_MAX_UNITS * 4 + 1];

	x->wb = workbook_new_opt(t->file, &opt);
	if (x->wb == NULL)
		goto fail;
	sheet_name(sheet, name, sizeof(name));
	x->ws = workbook_add_worksheet(x->wb, name);
	x->head = workbook_add_format(x->wb);
	x->num = workbook_add_format(x->wb);
	x->date = workbook_add_format(x->wb);
	x->datetime = workbook_add_format(x->wb);
	if (x->ws == NULL || x->head == NULL || x->num == NULL ||
	    x->date == NULL || x->datetime == NULL)
		goto fail;
	format_set_bold(x->head);
	format_set_num_format(x->num, "0");
	format_set_num_format(x->date, "yyyy-mm-dd");
	format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm:ss");
	worksheet_freeze_panes(x->ws, 1, 0);
	return 0;
fail:
	hl_log(HL_LOG_ERR, "export: cannot start a workbook in '%s'", t->dir);
	return hl_err_internal(err);
}

/*
 * Write the workbook of the caller's rows to t->file (t made here).
 * Returns 0, or -1 with err set; t is the caller's to remove either way.
 */
static int
xlsx_build(const char *sheet, const struct hl_export_col *cols, size_t n_cols,
    hl_export_row_fn next_row, void *arg, struct tmp *t, struct hl_err *err)
{
	struct xlsx x = { 0 };
	size_t i;
	size_t w;
	lxw_error e;
	int rc = -1;

	check_cols(n_cols);
	x.n_cols = n_cols;
	x.widths = hl_xcalloc(n_cols, sizeof(*x.widths));
	if (tmp_make(t, err) == -1 || xlsx_open(&x, t, sheet, err) == -1 ||
	    drive(cols, n_cols, next_row, arg, xlsx_put, &x, err) == -1)
		goto out;
	for (i = 0; i < n_cols; i++) {
		/* Two more for the padding on either side of the text. */
		w = x.widths[i] + 2;
		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		worksheet_set_column(x.ws, (lxw_col_t)i, (lxw_col_t)i,
		    (double)w, NULL);
	}
	/*
	 * XXX: workbook_close() formats the creation time with gmtime(),
	 * whose static result two exports closing in the same instant share;
	 * at worst docProps/core.xml gets a mixed-up timestamp.
	 */
	e = workbook_close(x.wb);
	x.wb = NULL;
	if (e != LXW_NO_ERROR) {
		hl_log(HL_LOG_ERR, "export: cannot write '%s': %s", t->file,
		    lxw_strerror(e));
		hl_err_internal(err);
		goto out;
	}
	if (x.n_cut > 0)
		hl_log(HL_LOG_WARN,
		    "export: %zu text cells cut to %d characters for excel",
		    x.n_cut, CELL_MAX_UNITS);
	rc = 0;
out:
	/* Frees without writing; it also closes the rows' temporary file. */
	if (x.wb != NULL)
		lxw_workbook_free(x.wb);
	hl_buf_release(&x.text);
	free(x.widths);
	return rc;
}

int
hl_export_xlsx(const char *sheet, const struct hl_export_col *cols,
    size_t n_cols, hl_export_row_fn next_row, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct tmp t = { 0 };
	size_t start = out->len;
	int rc = -1;

	if (xlsx_build(sheet, cols, n_cols, next_row, arg, &t, err) == -1 ||
	    slurp(t.file, out, err) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		hl_buf_cut(out, start);
	tmp_remove(&t);
	return rc;
}

/* ---- streams ---- */

/* Bytes kept ready for the reader beyond what it asked for: a few rows. */
#define STREAM_CHUNK 16384

struct hl_export_stream {
	/* CSV, made as it is read */
	const struct hl_export_col *cols;
	size_t n_cols;
	hl_export_row_fn next_row;
	void *arg;
	void (*free_arg)(void *);
	const char **vals;
	struct cell *cells;
	struct hl_buf pending; /* made, not yet read */
	size_t pending_off;
	size_t row; /* data rows written */
	bool started;
	bool done;
	/* .xlsx, written before the first byte: read from the file */
	int fd;
	int64_t size;
};

static struct hl_export_stream *
stream_new(void)
{
	struct hl_export_stream *s = hl_xcalloc(1, sizeof(*s));

	s->fd = -1;
	s->size = -1;
	return s;
}

struct hl_export_stream *
hl_export_csv_stream(const struct hl_export_col *cols, size_t n_cols,
    hl_export_row_fn next_row, void *arg, void (*free_arg)(void *))
{
	struct hl_export_stream *s = stream_new();

	check_cols(n_cols);
	s->cols = cols;
	s->n_cols = n_cols;
	s->next_row = next_row;
	s->arg = arg;
	s->free_arg = free_arg;
	s->vals = hl_xcalloc(n_cols, sizeof(*s->vals));
	s->cells = hl_xcalloc(n_cols, sizeof(*s->cells));
	return s;
}

int
hl_export_xlsx_stream(const char *sheet, const struct hl_export_col *cols,
    size_t n_cols, hl_export_row_fn next_row, void *arg,
    void (*free_arg)(void *), struct hl_export_stream **out, struct hl_err *err)
{
	struct hl_export_stream *s = NULL;
	struct tmp t = { 0 };
	struct stat st;
	int fd = -1;
	int rc = -1;

	*out = NULL;
	if (xlsx_build(sheet, cols, n_cols, next_row, arg, &t, err) == -1)
		goto out;
	/* Read from the open file once its name is gone, so that nothing is
	 * left behind whatever happens to the download. */
	fd = open(t.file, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		hl_log(HL_LOG_ERR, "export: cannot read '%s': %s", t.file,
		    strerror(errno));
		hl_err_internal(err);
		goto out;
	}
	s = stream_new();
	s->fd = fd;
	s->size = (int64_t)st.st_size;
	s->done = true;
	fd = -1;
	*out = s;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	tmp_remove(&t);
	if (free_arg != NULL)
		free_arg(arg);
	return rc;
}

int64_t
hl_export_stream_size(const struct hl_export_stream *s)
{
	return s->size;
}

/* Make more CSV into s->pending: the BOM and header first, then rows
 * until STREAM_CHUNK bytes wait or the rows end. */
static int
csv_fill(struct hl_export_stream *s, struct hl_err *err)
{
	struct csv csv = { &s->pending, s->n_cols };
	int got;

	if (!s->started) {
		s->started = true;
		hl_buf_append(&s->pending, CSV_BOM, 3);
		if (put_header(s->cols, s->n_cols, s->cells, csv_put, &csv,
		        err) == -1)
			return -1;
	}
	while (!s->done && s->pending.len < STREAM_CHUNK) {
		got = put_row(s->cols, s->n_cols, s->next_row, s->arg, s->vals,
		    s->cells, s->row + 1, csv_put, &csv, err);
		if (got == -1)
			return -1;
		if (got == 0)
			s->done = true;
		else
			s->row++;
	}
	return 0;
}

long
hl_export_stream_read(void *arg, char *buf, size_t max)
{
	struct hl_export_stream *s = arg;
	struct hl_err err = { 0 };
	size_t n;
	ssize_t r;

	if (s->fd != -1) {
		do
			r = read(s->fd, buf, max);
		while (r == -1 && errno == EINTR);
		if (r == -1)
			hl_log(HL_LOG_ERR, "export: cannot read a workbook: %s",
			    strerror(errno));
		return (long)r;
	}
	if (s->pending_off > 0 && s->pending.len - s->pending_off < max) {
		/* Keep only what is still to be read before making more. */
		n = s->pending.len - s->pending_off;
		memmove(s->pending.p, s->pending.p + s->pending_off, n);
		s->pending.len = n;
		s->pending.p[n] = '\0';
		s->pending_off = 0;
	}
	if (s->pending.len < max && !s->done && csv_fill(s, &err) == -1) {
		hl_log(HL_LOG_ERR, "export: stream failed after %zu rows: %s",
		    s->row, err.msg);
		return -1;
	}
	n = s->pending.len - s->pending_off;
	if (n > max)
		n = max;
	memcpy(buf, s->pending.p + s->pending_off, n);
	s->pending_off += n;
	if (s->pending_off == s->pending.len) {
		hl_buf_reset(&s->pending);
		s->pending_off = 0;
	}
	return (long)n;
}

size_t
hl_export_stream_rows(const struct hl_export_stream *s)
{
	return s->row;
}

void
hl_export_stream_free(void *arg)
{
	struct hl_export_stream *s = arg;

	if (s == NULL)
		return;
	if (s->free_arg != NULL)
		s->free_arg(s->arg);
	if (s->fd != -1)
		close(s->fd);
	hl_buf_release(&s->pending);
	free(s->cells);
	free(s->vals);
	free(s);
}
