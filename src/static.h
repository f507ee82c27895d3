/*
 * The built front end, served from memory: every regular file under the
 * assets directory is read once at startup with its precompressed .br/.gz
 * siblings, so a request is a lookup in a sorted table and nothing outside
 * the directory (.., encoded dots, NUL, symlinks) can ever be named.
 */
#ifndef HL_STATIC_H
#define HL_STATIC_H

struct hl_err;
struct hl_req;

/* Load dir.  A missing directory is not an error (the API still works;
 * pages answer 404 until the front end is built).  Returns 0 or -1. */
int hl_static_load(const char *dir, struct hl_err *err);
void hl_static_release(void);

/* Serve one more file at url_path (e.g. the OpenAPI document at
 * /api/v1/openapi.json), revalidated on every use.  Call after
 * hl_static_load().  A missing file is an error. */
int hl_static_add_file(const char *file, const char *url_path,
    struct hl_err *err);

/* Number of files loaded (for the startup log line). */
unsigned long hl_static_count(void);

/* GET handler for the fallback route: the file, or index.html for an app
 * route (a last segment without a dot), or 404. */
int hl_static_serve(struct hl_req *req);

#endif /* HL_STATIC_H */
