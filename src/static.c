/*
 * In-memory static files.  Hashed names (Vite's name-HASH.ext under
 * /assets/) are cached for a year as immutable; index.html is revalidated
 * on every load so a new release is picked up at once.  The table is
 * built before the workers start and read-only afterwards.
 */
#define _XOPEN_SOURCE 700
#include "static.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "crypto.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "mem.h"

struct asset {
	char *path; /* URL path: "/assets/index-3f2a1b.js" */
	const char *ctype;
	const char *cache;
	char etag[24];
	struct hl_buf raw;
	struct hl_buf gz;
	struct hl_buf br;
};

static struct asset *assets_;
static size_t n_assets_;
static size_t cap_assets_;
static const char *root_;
static size_t root_len_;
static int load_failed_;

static const struct {
	const char *ext;
	const char *ctype;
} TYPES[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".webp", "image/webp" },
	{ ".ico", "image/x-icon" },
	{ ".woff", "font/woff" },
	{ ".woff2", "font/woff2" },
	{ ".ttf", "font/ttf" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".map", "application/json; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".pdf", "application/pdf" },
};

static const char *
ctype_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
			if (strcasecmp(dot, TYPES[i].ext) == 0)
				return TYPES[i].ctype;
	return "application/octet-stream";
}

/* Vite names bundles name-HASH.ext with a hash of 8 or more characters
 * from [A-Za-z0-9_-]. */
static bool
is_hashed(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	const char *dash;
	const char *p;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL)
		return false;
	for (dash = dot; dash > base && dash[-1] != '-'; dash--)
		;
	if (dash == base || dot - dash < 8)
		return false;
	for (p = dash; p < dot; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		        (*p >= 'A' && *p <= 'Z') || *p == '_' || *p == '-'))
			return false;
	return true;
}

static int
slurp(const char *file, struct hl_buf *out)
{
	FILE *f = fopen(file, "rb");
	char chunk[16384];
	size_t n;
	int rc;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_append(out, chunk, n);
	rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s);
	size_t k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
on_file(const char *file, const struct stat *st, int flag, struct FTW *ftw)
{
	struct asset *a;
	char *side;
	unsigned char h[HL_CRYPTO_SHA256_LEN];
	char hex[17];

	(void)ftw;
	/* FTW_PHYS reports symlinks as FTW_SL: they are skipped, so a link
	 * can never lead out of the directory. */
	if (flag != FTW_F || !S_ISREG(st->st_mode) || ends_with(file, ".gz") ||
	    ends_with(file, ".br"))
		return 0;
	if (n_assets_ == cap_assets_) {
		cap_assets_ = cap_assets_ == 0 ? 64 : cap_assets_ * 2;
		assets_ = hl_xrealloc(assets_, cap_assets_ * sizeof(*assets_));
	}
	a = &assets_[n_assets_];
	memset(a, 0, sizeof(*a));
	if (slurp(file, &a->raw) == -1) {
		hl_log(HL_LOG_ERR, "static: cannot read '%s'", file);
		hl_buf_release(&a->raw);
		load_failed_ = 1;
		return 1;
	}
	n_assets_++;
	a->path = hl_xstrdup(file + root_len_);
	a->ctype = ctype_of(file);
	if (strcmp(a->path, "/index.html") == 0)
		a->cache = "no-cache";
	else if (strncmp(a->path, "/assets/", 8) == 0 && is_hashed(a->path))
		a->cache = "public, max-age=31536000, immutable";
	else
		a->cache = "public, max-age=3600";
	hl_crypto_sha256(a->raw.p != NULL ? a->raw.p : "", a->raw.len, h);
	hl_hex_encode(h, 8, hex);
	snprintf(a->etag, sizeof(a->etag), "\"%s\"", hex);
	side = hl_xmalloc(strlen(file) + 4);
	sprintf(side, "%s.gz", file);
	if (slurp(side, &a->gz) == -1)
		hl_buf_release(&a->gz);
	sprintf(side, "%s.br", file);
	if (slurp(side, &a->br) == -1)
		hl_buf_release(&a->br);
	free(side);
	return 0;
}

static int cmp_asset(const void *x, const void *y);

int
hl_static_add_file(const char *file, const char *url_path, struct hl_err *err)
{
	struct stat st;

	if (stat(file, &st) == -1 || !S_ISREG(st.st_mode))
		return hl_err_set(err, 500, "internal", "cannot read '%s'",
		    file);
	root_len_ = 0;
	load_failed_ = 0;
	if (on_file(file, &st, FTW_F, NULL) != 0 || load_failed_)
		return hl_err_set(err, 500, "internal", "cannot read '%s'",
		    file);
	free(assets_[n_assets_ - 1].path);
	assets_[n_assets_ - 1].path = hl_xstrdup(url_path);
	assets_[n_assets_ - 1].cache = "no-cache";
	qsort(assets_, n_assets_, sizeof(*assets_), cmp_asset);
	return 0;
}

static int
cmp_asset(const void *x, const void *y)
{
	return strcmp(((const struct asset *)x)->path,
	    ((const struct asset *)y)->path);
}

int
hl_static_load(const char *dir, struct hl_err *err)
{
	struct stat st;

	hl_static_release();
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		hl_log(HL_LOG_WARN, "static: no assets directory '%s'", dir);
		return 0;
	}
	root_ = dir;
	root_len_ = strlen(dir);
	while (root_len_ > 1 && dir[root_len_ - 1] == '/')
		root_len_--;
	load_failed_ = 0;
	if (nftw(dir, on_file, 16, FTW_PHYS) != 0 || load_failed_)
		return hl_err_set(err, 500, "internal",
		    "cannot load assets from '%s'", dir);
	qsort(assets_, n_assets_, sizeof(*assets_), cmp_asset);
	return 0;
}

void
hl_static_release(void)
{
	size_t i;

	for (i = 0; i < n_assets_; i++) {
		free(assets_[i].path);
		hl_buf_release(&assets_[i].raw);
		hl_buf_release(&assets_[i].gz);
		hl_buf_release(&assets_[i].br);
	}
	free(assets_);
	assets_ = NULL;
	n_assets_ = 0;
	cap_assets_ = 0;
}

unsigned long
hl_static_count(void)
{
	return (unsigned long)n_assets_;
}

static const struct asset *
find(const char *path)
{
	struct asset key = { 0 };

	if (n_assets_ == 0)
		return NULL;
	key.path = (char *)(uintptr_t)path;
	return bsearch(&key, assets_, n_assets_, sizeof(*assets_), cmp_asset);
}

/* Whether the client takes an encoding; q=0 refusals are honoured. */
static bool
accepts(const char *ae, const char *enc)
{
	const char *p;
	size_t n = strlen(enc);

	for (p = ae; p != NULL && (p = strstr(p, enc)) != NULL; p += n) {
		const char *q;

		if ((p != ae && p[-1] != ' ' && p[-1] != ',') ||
		    (p[n] != '\0' && p[n] != ',' && p[n] != ';' && p[n] != ' '))
			continue;
		q = p + n;
		while (*q == ' ')
			q++;
		if (strncmp(q, ";q=0", 4) == 0 &&
		    strspn(q + 4, ".0") == strcspn(q + 4, ","))
			return false;
		return true;
	}
	return false;
}

static bool
last_segment_has_dot(const char *path)
{
	const char *base = strrchr(path, '/');

	return strchr(base != NULL ? base : path, '.') != NULL;
}

int
hl_static_serve(struct hl_req *req)
{
	const struct asset *a;
	const struct hl_buf *body;
	const char *ae;
	const char *inm;
	struct hl_err err = { 0 };

	/* The table only holds files under the directory, so nothing else
	 * can be served; a dot-dot path is still answered as what it is. */
	if (strstr(req->path, "/..") != NULL)
		return hl_err_set(&err, 404, "not_found", "请求的文件不存在"),
		       hl_http_reply_err(req, &err);
	a = strcmp(req->path, "/") == 0 ? find("/index.html") : find(req->path);
	if (a == NULL && !last_segment_has_dot(req->path))
		a = find("/index.html");
	if (a == NULL)
		return hl_err_set(&err, 404, "not_found", "请求的文件不存在"),
		       hl_http_reply_err(req, &err);
	hl_http_add_header_ref(req, "Cache-Control", a->cache);
	hl_http_add_header_ref(req, "ETag", a->etag);
	hl_http_add_header_ref(req, "Vary", "Accept-Encoding");
	inm = hl_http_header(req, "If-None-Match");
	if (inm != NULL && strstr(inm, a->etag) != NULL)
		return hl_http_reply_static(req, 304, NULL, "", 0);
	ae = hl_http_header(req, "Accept-Encoding");
	body = &a->raw;
	if (a->br.len > 0 && ae != NULL && accepts(ae, "br")) {
		body = &a->br;
		hl_http_add_header_ref(req, "Content-Encoding", "br");
	} else if (a->gz.len > 0 && ae != NULL && accepts(ae, "gzip")) {
		body = &a->gz;
		hl_http_add_header_ref(req, "Content-Encoding", "gzip");
	}
	return hl_http_reply_static(req, 200, a->ctype,
	    body->p != NULL ? body->p : "", body->len);
}
