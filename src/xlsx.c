/*
 * .xlsx reading on libzip and expat, each used nowhere else.  Why these:
 * libzip opens an archive straight from a memory buffer, tells each
 * entry's uncompressed size before a byte is inflated (a zip bomb is
 * refused up front, and the bytes actually inflated are counted too) and
 * checks CRCs; expat parses XML as a stream of chunks, so a worksheet is
 * never held as a tree, it loads no external entities, and since 2.4 it
 * stops entity-expansion attacks by itself.  Both are small, in Debian
 * main and long ABI-stable; libxml2 would bring a DOM and more switches to
 * get right for the same job.
 *
 * A workbook is read in three passes over its parts: xl/workbook.xml and
 * its relationships name the first sheet's part, xl/sharedStrings.xml
 * gives the shared strings, then the sheet's cells go to the callback.
 */
#include "xlsx.h"

#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "err.h"
#include "mem.h"

#define CHUNK_LEN 65536

enum part {
	PART_WORKBOOK,
	PART_RELS,
	PART_STRINGS,
	PART_SHEET,
};

struct rd {
	zip_t *za;
	const struct hl_xlsx_limits *lim;
	struct hl_err *err;
	XML_Parser xp;
	enum part part;
	bool failed; /* err was set by a handler */

	/* text of the element being read */
	struct hl_buf text;
	bool collecting;
	int in_rph; /* phonetic runs (<rPh>) are not the cell's text */

	/* workbook and relationships */
	char rid[128];
	char target[512];

	/* shared strings: NUL-separated in pool, offsets in offs */
	struct hl_buf pool;
	size_t *offs;
	size_t n_strs;
	size_t cap_strs;
	bool in_si;

	/* worksheet */
	hl_xlsx_cell_fn fn;
	void *arg;
	size_t row;
	size_t next_row;
	size_t col;
	size_t next_col;
	char type[16];
	bool has_v;
};

static int
bad_file(struct hl_err *err, const char *msg)
{
	hl_err_set(err, 422, "invalid_file", "%s", msg);
	hl_err_field(err, "file", "%s", msg);
	return -1;
}

/* Stop the parser from inside a handler; err is already set. */
static void
fail(struct rd *rd)
{
	rd->failed = true;
	XML_StopParser(rd->xp, XML_FALSE);
}

static void
fail_msg(struct rd *rd, const char *msg)
{
	if (!rd->failed)
		bad_file(rd->err, msg);
	fail(rd);
}

/* "x:row" and "row" are the same element: namespaces are not checked. */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c != NULL ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void
begin_text(struct rd *rd)
{
	hl_buf_reset(&rd->text);
	hl_buf_puts(&rd->text, "");
	rd->collecting = true;
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct rd *rd = ud;

	if (!rd->collecting || rd->in_rph > 0 || rd->failed)
		return;
	if (rd->text.len + (size_t)len > rd->lim->max_cell_len) {
		fail_msg(rd, "单元格内容过长");
		return;
	}
	hl_buf_append(&rd->text, s, (size_t)len);
}

/* An xlsx has no DTD; one is refused, whatever it declares. */
static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	fail_msg(ud, "文件含有不允许的文档类型声明");
}

/* ---- workbook.xml and its relationships ---- */

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rd *rd = ud;
	size_t i;

	if (rd->part == PART_WORKBOOK) {
		/* The first sheet's r:id: an attribute "id" with a prefix. */
		if (strcmp(local(name), "sheet") != 0 || rd->rid[0] != '\0')
			return;
		for (i = 0; atts[i] != NULL; i += 2)
			if (strchr(atts[i], ':') != NULL &&
			    strcmp(local(atts[i]), "id") == 0)
				snprintf(rd->rid, sizeof(rd->rid), "%s",
				    atts[i + 1]);
		return;
	}
	if (strcmp(local(name), "Relationship") == 0 && rd->rid[0] != '\0' &&
	    attr(atts, "Id") != NULL &&
	    strcmp(attr(atts, "Id"), rd->rid) == 0 &&
	    attr(atts, "Target") != NULL)
		snprintf(rd->target, sizeof(rd->target), "%s",
		    attr(atts, "Target"));
}

static void XMLCALL
wb_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL
ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rd *rd = ud;
	const char *n = local(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		rd->in_si = true;
		begin_text(rd);
		rd->collecting = false;
	} else if (strcmp(n, "rPh") == 0) {
		rd->in_rph++;
	} else if (strcmp(n, "t") == 0 && rd->in_si) {
		rd->collecting = true;
	}
}

static void XMLCALL
ss_end(void *ud, const XML_Char *name)
{
	struct rd *rd = ud;
	const char *n = local(name);

	if (strcmp(n, "rPh") == 0 && rd->in_rph > 0) {
		rd->in_rph--;
	} else if (strcmp(n, "t") == 0) {
		rd->collecting = false;
	} else if (strcmp(n, "si") == 0 && rd->in_si) {
		if (rd->n_strs == rd->cap_strs) {
			rd->cap_strs =
			    rd->cap_strs == 0 ? 256 : 2 * rd->cap_strs;
			rd->offs = hl_xrealloc(rd->offs,
			    rd->cap_strs * sizeof(*rd->offs));
		}
		rd->offs[rd->n_strs++] = rd->pool.len;
		hl_buf_append(&rd->pool, rd->text.p, rd->text.len);
		hl_buf_putc(&rd->pool, '\0');
		rd->in_si = false;
	}
}

/* ---- the worksheet ---- */

/* "BC12" -> column 54 (0-based), or SIZE_MAX when r has no letters. */
static size_t
ref_col(const char *r)
{
	size_t col = 0;
	size_t n = 0;

	for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		col = col * 26 + (size_t)(*r - 'A' + 1);
	return n == 0 || n == 4 ? SIZE_MAX : col - 1;
}

/* A positive decimal number up to 10^9, or 0. */
static size_t
small_number(const char *s)
{
	size_t v = 0;
	size_t n = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		if (++n > 9)
			return 0;
		else
			v = v * 10 + (size_t)(*s - '0');
	return *s == '\0' ? v : 0;
}

static void XMLCALL
sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rd *rd = ud;
	const char *n = local(name);
	const char *v;

	if (rd->failed)
		return;
	if (strcmp(n, "row") == 0) {
		v = attr(atts, "r");
		rd->row = v != NULL && small_number(v) > 0 ? small_number(v) - 1
		                                           : rd->next_row;
		if (rd->row >= rd->lim->max_rows)
			fail_msg(rd, "工作表的行数超过上限");
		rd->next_row = rd->row + 1;
		rd->next_col = 0;
	} else if (strcmp(n, "c") == 0) {
		v = attr(atts, "r");
		rd->col = v != NULL ? ref_col(v) : SIZE_MAX;
		if (rd->col == SIZE_MAX)
			rd->col = rd->next_col;
		if (rd->col >= rd->lim->max_cols)
			fail_msg(rd, "工作表的列数超过上限");
		v = attr(atts, "t");
		snprintf(rd->type, sizeof(rd->type), "%s", v != NULL ? v : "n");
		rd->has_v = false;
		hl_buf_reset(&rd->text);
	} else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		if (!rd->has_v)
			begin_text(rd);
		rd->collecting = true;
	} else if (strcmp(n, "rPh") == 0) {
		rd->in_rph++;
	}
}

/* Numbers as people typed them: 12 rather than 12.0 or 1.2E1. */
static const char *
number_text(const char *s, char *tmp, size_t len)
{
	char *end;
	double d = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || d != d || d > 1e15 || d < -1e15 ||
	    (double)(long long)d != d)
		return s;
	snprintf(tmp, len, "%lld", (long long)d);
	return tmp;
}

static void
emit(struct rd *rd)
{
	const char *s = hl_buf_cstr(&rd->text);
	char tmp[32];
	size_t i;

	if (strcmp(rd->type, "s") == 0) {
		/* small_number() is 0 for "0" and for what is no number. */
		i = small_number(s);
		if ((i == 0 && strcmp(s, "0") != 0) || i >= rd->n_strs) {
			fail_msg(rd, "工作表引用了不存在的共享字符串");
			return;
		}
		s = rd->pool.p + rd->offs[i];
	} else if (strcmp(rd->type, "b") == 0) {
		s = strcmp(s, "1") == 0 ? "TRUE" : "FALSE";
	} else if (strcmp(rd->type, "n") == 0) {
		s = number_text(s, tmp, sizeof(tmp));
	}
	if (rd->fn(rd->arg, rd->row, rd->col, s, strlen(s), rd->err) == -1)
		fail(rd);
}

static void XMLCALL
sh_end(void *ud, const XML_Char *name)
{
	struct rd *rd = ud;
	const char *n = local(name);

	if (rd->failed)
		return;
	if (strcmp(n, "rPh") == 0 && rd->in_rph > 0) {
		rd->in_rph--;
	} else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		rd->collecting = false;
		rd->has_v = true;
	} else if (strcmp(n, "c") == 0) {
		if (rd->has_v)
			emit(rd);
		rd->next_col = rd->col + 1;
		rd->collecting = false;
	}
}

/* ---- reading parts ---- */

/* A parser with the handlers of rd->part, into rd->xp. */
static void
new_parser(struct rd *rd)
{
	rd->xp = XML_ParserCreate("UTF-8");
	if (rd->xp == NULL)
		HL_BUG("out of memory: XML_ParserCreate");
	XML_SetUserData(rd->xp, rd);
	XML_SetCharacterDataHandler(rd->xp, on_text);
	XML_SetStartDoctypeDeclHandler(rd->xp, on_doctype);
	switch (rd->part) {
	case PART_WORKBOOK:
	case PART_RELS:
		XML_SetElementHandler(rd->xp, wb_start, wb_end);
		break;
	case PART_STRINGS:
		XML_SetElementHandler(rd->xp, ss_start, ss_end);
		break;
	case PART_SHEET:
		XML_SetElementHandler(rd->xp, sh_start, sh_end);
		break;
	}
}

/* Parse the part name with the handlers of rd->part.  A missing part is
 * 0 with *found false. */
static int
parse_part(struct rd *rd, const char *name, bool *found)
{
	zip_int64_t idx = zip_name_locate(rd->za, name, 0);
	zip_stat_t st;
	zip_file_t *zf = NULL;
	char *chunk = NULL;
	zip_int64_t n;
	size_t total = 0;
	int rc = -1;

	*found = idx >= 0;
	if (idx < 0)
		return 0;
	zip_stat_init(&st);
	if (zip_stat_index(rd->za, (zip_uint64_t)idx, 0, &st) == -1 ||
	    !(st.valid & ZIP_STAT_SIZE))
		return bad_file(rd->err,
		    "Excel 文件已损坏（无法读取压缩目录）");
	if (st.size > rd->lim->max_part_len)
		return bad_file(rd->err, "Excel 文件解压后过大");
	zf = zip_fopen_index(rd->za, (zip_uint64_t)idx, 0);
	if (zf == NULL)
		return bad_file(rd->err, "Excel 文件已损坏或已加密");
	new_parser(rd);
	chunk = hl_xmalloc(CHUNK_LEN);
	rd->collecting = false;
	rd->in_rph = 0;
	for (;;) {
		n = zip_fread(zf, chunk, CHUNK_LEN);
		if (n < 0) {
			bad_file(rd->err, "Excel 文件已损坏（解压失败）");
			goto out;
		}
		/* The declared size may lie; the inflated bytes are counted. */
		total += (size_t)n;
		if (total > rd->lim->max_part_len) {
			bad_file(rd->err, "Excel 文件解压后过大");
			goto out;
		}
		if (XML_Parse(rd->xp, chunk, (int)n, n == 0) ==
		    XML_STATUS_ERROR) {
			if (!rd->failed) {
				char msg[160];

				snprintf(msg, sizeof(msg),
				    "Excel 文件内容格式错误（%s 第 %lu 行）",
				    name,
				    (unsigned long)XML_GetCurrentLineNumber(
				        rd->xp));
				bad_file(rd->err, msg);
			}
			goto out;
		}
		if (n == 0)
			break;
	}
	rc = 0;
out:
	free(chunk);
	XML_ParserFree(rd->xp);
	rd->xp = NULL;
	zip_fclose(zf);
	return rc;
}

bool
hl_xlsx_sniff(const void *p, size_t len)
{
	return len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0;
}

/* The first sheet's part name, from the workbook and its relationships;
 * the conventional name when they do not say. */
static int
sheet_part(struct rd *rd, char *out, size_t len)
{
	bool found;

	rd->part = PART_WORKBOOK;
	if (parse_part(rd, "xl/workbook.xml", &found) == -1)
		return -1;
	if (!found)
		return bad_file(rd->err,
		    "不是 Excel 工作簿（.xlsx）：缺少 xl/workbook.xml");
	rd->part = PART_RELS;
	if (rd->rid[0] != '\0' &&
	    parse_part(rd, "xl/_rels/workbook.xml.rels", &found) == -1)
		return -1;
	if (rd->target[0] == '/')
		snprintf(out, len, "%s", rd->target + 1);
	else if (rd->target[0] != '\0')
		snprintf(out, len, "xl/%s", rd->target);
	else
		snprintf(out, len, "xl/worksheets/sheet1.xml");
	return 0;
}

int
hl_xlsx_read(const void *p, size_t len, const struct hl_xlsx_limits *lim,
    hl_xlsx_cell_fn fn, void *arg, struct hl_err *err)
{
	struct rd rd;
	zip_error_t zerr;
	zip_source_t *src;
	char name[600];
	bool found;
	int rc = -1;

	memset(&rd, 0, sizeof(rd));
	rd.lim = lim;
	rd.err = err;
	rd.fn = fn;
	rd.arg = arg;
	zip_error_init(&zerr);
	src = zip_source_buffer_create(p, len, 0, &zerr);
	if (src == NULL)
		HL_BUG("out of memory: zip_source_buffer_create");
	rd.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	zip_error_fini(&zerr);
	if (rd.za == NULL) {
		zip_source_free(src);
		return bad_file(err,
		    "Excel 文件已损坏（不是有效的 zip 压缩包）");
	}
	if (sheet_part(&rd, name, sizeof(name)) == -1)
		goto out;
	rd.part = PART_STRINGS;
	if (parse_part(&rd, "xl/sharedStrings.xml", &found) == -1)
		goto out;
	rd.part = PART_SHEET;
	if (parse_part(&rd, name, &found) == -1)
		goto out;
	if (!found) {
		bad_file(err, "Excel 工作簿中找不到第一个工作表");
		goto out;
	}
	rc = 0;
out:
	zip_discard(rd.za);
	hl_buf_release(&rd.text);
	hl_buf_release(&rd.pool);
	free(rd.offs);
	return rc;
}
