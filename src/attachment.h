/*
 * What an uploaded case attachment is and what it may be called: the type
 * from the content's magic bytes (never from the client's name or
 * Content-Type), a file name safe to store and to offer for download, and
 * the Content-Disposition header of a download.  Pure; storing the bytes is
 * case.c's job.
 */
#ifndef HL_ATTACHMENT_H
#define HL_ATTACHMENT_H

#include <stddef.h>

struct hl_arena;
struct hl_buf;

/* The allow-list.  Everything else (HTML, SVG, scripts, archives, old
 * Office formats) is UNKNOWN and refused. */
enum hl_attachment_type {
	HL_ATTACHMENT_UNKNOWN = 0,
	HL_ATTACHMENT_PDF,  /* "%PDF-" */
	HL_ATTACHMENT_PNG,  /* \x89PNG\r\n\x1a\n */
	HL_ATTACHMENT_JPEG, /* \xff\xd8\xff */
	HL_ATTACHMENT_DOCX, /* ZIP whose central directory has word/ names */
	HL_ATTACHMENT_XLSX, /* ZIP whose central directory has xl/ names */
};

/* Longest stored file name, in characters (code points). */
#define HL_ATTACHMENT_NAME_MAX 200

/*
 * The type of p[0..len) by its content.  A ZIP counts only when it starts
 * with a local file header and its end-of-central-directory record and
 * every central directory entry lie inside the data; it is DOCX when an
 * entry's name starts with "word/", else XLSX when one starts with "xl/".
 */
enum hl_attachment_type hl_attachment_sniff(const void *p, size_t len);

/* The media type served for t ("application/pdf", …), and the usual
 * extension (".pdf", ".png", ".jpg", ".docx", ".xlsx"); NULL for UNKNOWN. */
const char *hl_attachment_mime(enum hl_attachment_type t);
const char *hl_attachment_ext(enum hl_attachment_type t);

/*
 * A safe name for raw[0..len) (a client's file name, any bytes) holding
 * content of type t: the part after the last '/' or '\'; bytes that are not
 * UTF-8 dropped; control characters (C0, DEL, C1), bidirectional controls,
 * BOM and line/paragraph separators dropped; < > : " | ? * replaced by '_';
 * leading and trailing spaces and dots trimmed; Chinese and other text
 * kept.  When the name does not end in t's extension (case-insensitive;
 * ".jpeg" counts for JPEG) the extension is appended, so that a PNG called
 * "a.pdf" is offered as "a.pdf.png".  An empty result becomes "附件" plus
 * the extension.  At most HL_ATTACHMENT_NAME_MAX characters, shortened
 * before the extension.  NUL-terminated, from arena.  t must not be UNKNOWN.
 */
char *hl_attachment_safe_name(struct hl_arena *arena, const char *raw,
    size_t len, enum hl_attachment_type t);

/*
 * Append the Content-Disposition value for downloading a file called name
 * (UTF-8, as made by hl_attachment_safe_name()): RFC 6266 "attachment",
 * an ASCII fallback filename="…" (other characters, '"', '\' and '%' as
 * '_') and filename*=UTF-8''… percent-encoded (RFC 8187 attr-chars kept).
 */
void hl_attachment_disposition(struct hl_buf *out, const char *name);

#endif /* HL_ATTACHMENT_H */
