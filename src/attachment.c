/*
 * Attachment typing and naming.  The type comes from magic bytes only: the
 * client's file name and Content-Type are what an attacker controls, so an
 * HTML page called report.pdf is refused, and what is stored is always
 * served with the type found here.  Office files are ZIPs; their central
 * directory, not the extension, tells a Word document from a workbook.
 */
#include "attachment.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "str.h"

#define ZIP_EOCD_LEN    22
#define ZIP_CDIR_LEN    46
#define ZIP_MAX_COMMENT 65535

static const char DEFAULT_STEM[] = "附件";

static const struct {
	const char *mime;
	const char *ext;
} types[] = {
	[HL_ATTACHMENT_PDF] = { "application/pdf", ".pdf" },
	[HL_ATTACHMENT_PNG] = { "image/png", ".png" },
	[HL_ATTACHMENT_JPEG] = { "image/jpeg", ".jpg" },
	[HL_ATTACHMENT_DOCX] = { "application/"
	                         "vnd.openxmlformats-officedocument."
	                         "wordprocessingml.document",
	    ".docx" },
	[HL_ATTACHMENT_XLSX] = { "application/"
	                         "vnd.openxmlformats-officedocument."
	                         "spreadsheetml.sheet",
	    ".xlsx" },
};

static bool
type_ok(enum hl_attachment_type t)
{
	return t >= HL_ATTACHMENT_PDF && t <= HL_ATTACHMENT_XLSX;
}

const char *
hl_attachment_mime(enum hl_attachment_type t)
{
	return type_ok(t) ? types[t].mime : NULL;
}

const char *
hl_attachment_ext(enum hl_attachment_type t)
{
	return type_ok(t) ? types[t].ext : NULL;
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Offset of the end-of-central-directory record, searched backwards over
 * the largest possible comment; -1 when there is none. */
static long
zip_eocd(const unsigned char *b, size_t len)
{
	size_t pos;
	size_t stop;

	if (len < ZIP_EOCD_LEN)
		return -1;
	pos = len - ZIP_EOCD_LEN;
	stop = pos > ZIP_MAX_COMMENT ? pos - ZIP_MAX_COMMENT : 0;
	for (;; pos--) {
		if (memcmp(b + pos, "PK\x05\x06", 4) == 0)
			return (long)pos;
		if (pos == stop)
			return -1;
	}
}

static bool
has_prefix(const unsigned char *name, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(name, prefix, k) == 0;
}

static enum hl_attachment_type
sniff_zip(const unsigned char *b, size_t len)
{
	long eocd = zip_eocd(b, len);
	uint32_t n_entries;
	uint32_t cd_size;
	uint32_t cd_off;
	size_t q;
	uint32_t i;
	bool word = false;
	bool xl = false;

	if (eocd < 0)
		return HL_ATTACHMENT_UNKNOWN;
	n_entries = le16(b + eocd + 10);
	cd_size = le32(b + eocd + 12);
	cd_off = le32(b + eocd + 16);
	/* ZIP64 markers (0xffffffff) fail this bound, which is right for
	 * uploads of at most a few tens of MiB. */
	if ((uint64_t)cd_off + cd_size > (uint64_t)eocd)
		return HL_ATTACHMENT_UNKNOWN;
	q = cd_off;
	for (i = 0; i < n_entries; i++) {
		size_t name_len;
		size_t entry_len;

		if (q + ZIP_CDIR_LEN > (size_t)cd_off + cd_size ||
		    memcmp(b + q, "PK\x01\x02", 4) != 0)
			return HL_ATTACHMENT_UNKNOWN;
		name_len = le16(b + q + 28);
		entry_len = ZIP_CDIR_LEN + name_len + le16(b + q + 30) +
		    le16(b + q + 32);
		if (q + entry_len > (size_t)cd_off + cd_size)
			return HL_ATTACHMENT_UNKNOWN;
		if (has_prefix(b + q + ZIP_CDIR_LEN, name_len, "word/"))
			word = true;
		else if (has_prefix(b + q + ZIP_CDIR_LEN, name_len, "xl/"))
			xl = true;
		q += entry_len;
	}
	if (word)
		return HL_ATTACHMENT_DOCX;
	if (xl)
		return HL_ATTACHMENT_XLSX;
	return HL_ATTACHMENT_UNKNOWN;
}

enum hl_attachment_type
hl_attachment_sniff(const void *p, size_t len)
{
	const unsigned char *b = p;

	if (len >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return HL_ATTACHMENT_PDF;
	if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return HL_ATTACHMENT_PNG;
	if (len >= 3 && memcmp(b, "\xff\xd8\xff", 3) == 0)
		return HL_ATTACHMENT_JPEG;
	if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
		return sniff_zip(b, len);
	return HL_ATTACHMENT_UNKNOWN;
}

/*
 * Decode one UTF-8 sequence at s (n bytes left) into *cp; returns its
 * length, or 0 for a malformed, overlong or surrogate sequence.
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t k;
	size_t i;
	uint32_t c;
	uint32_t min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		k = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		k = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		k = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return k;
}

/* Characters that never belong in a file name shown to people. */
static bool
unwanted(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x200e ||
	    c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 ||
	    c == 0xfeff;
}

static bool
ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t k = strlen(suffix);
	size_t i;

	if (len < k)
		return false;
	for (i = 0; i < k; i++) {
		char a = s[len - k + i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != suffix[i])
			return false;
	}
	return true;
}

char *
hl_attachment_safe_name(struct hl_arena *arena, const char *raw, size_t len,
    enum hl_attachment_type t)
{
	const unsigned char *s = (const unsigned char *)raw;
	const char *ext = hl_attachment_ext(t);
	size_t start = 0;
	size_t i;
	size_t n = 0;
	size_t b;
	size_t e;
	size_t ext_len;
	size_t stem_max;
	bool has_ext;
	char *clean;
	char *out;

	if (ext == NULL)
		HL_BUG("attachment: naming a file of unknown type");
	for (i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == '\\')
			start = i + 1;
	clean = hl_arena_alloc(arena, len - start + 1);
	for (i = start; i < len;) {
		uint32_t cp;
		size_t k = utf8_next(s + i, len - i, &cp);

		if (k == 0) {
			i++;
			continue;
		}
		if (!unwanted(cp)) {
			if (cp < 0x80 && strchr("<>:\"|?*", (int)cp) != NULL) {
				clean[n++] = '_';
			} else {
				memcpy(clean + n, s + i, k);
				n += k;
			}
		}
		i += k;
	}
	b = 0;
	while (b < n && (clean[b] == ' ' || clean[b] == '.'))
		b++;
	e = n;
	while (e > b && (clean[e - 1] == ' ' || clean[e - 1] == '.'))
		e--;
	has_ext = e > b &&
	    (ends_with_ci(clean + b, e - b, ext) ||
	        (t == HL_ATTACHMENT_JPEG &&
	            ends_with_ci(clean + b, e - b, ".jpeg")));
	if (e == b) {
		b = 0;
		e = strlen(DEFAULT_STEM);
		clean = hl_arena_strdup(arena, DEFAULT_STEM);
	}
	/* Keep the extension whole when cutting to the limit. */
	ext_len = has_ext ? 0 : strlen(ext);
	stem_max = HL_ATTACHMENT_NAME_MAX - ext_len;
	if (hl_utf8_count(clean + b, e - b) > stem_max) {
		size_t keep_ext = 0;

		if (has_ext) {
			/* The name's own extension: from its last dot. */
			const char *dot = NULL;
			size_t j;

			for (j = b; j < e; j++)
				if (clean[j] == '.')
					dot = clean + j;
			keep_ext = (size_t)(clean + e - dot);
		}
		out = hl_arena_alloc(arena, (e - b) + ext_len + 1);
		n = hl_utf8_prefix(clean + b, e - b - keep_ext,
		    stem_max - keep_ext);
		memcpy(out, clean + b, n);
		memcpy(out + n, clean + e - keep_ext, keep_ext);
		n += keep_ext;
	} else {
		out = hl_arena_alloc(arena, (e - b) + ext_len + 1);
		memcpy(out, clean + b, e - b);
		n = e - b;
	}
	memcpy(out + n, ext, ext_len);
	out[n + ext_len] = '\0';
	return out;
}

/* RFC 8187 attr-char. */
static bool
attr_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || strchr("!#$&+-.^_`|~", c) != NULL;
}

void
hl_attachment_disposition(struct hl_buf *out, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	hl_buf_puts(out, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p != '\0';) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' &&
		    *p != '%') {
			hl_buf_putc(out, (char)*p++);
			continue;
		}
		hl_buf_putc(out, '_');
		/* One '_' per character, not per byte. */
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
	}
	hl_buf_puts(out, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (attr_char(*p)) {
			hl_buf_putc(out, (char)*p);
		} else {
			hl_buf_putc(out, '%');
			hl_buf_putc(out, hex[*p >> 4]);
			hl_buf_putc(out, hex[*p & 0x0f]);
		}
	}
}
