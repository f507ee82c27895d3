/*
 * HTTP client for the API tests, on libcurl: one request, one response
 * (status, headers, NUL-terminated body), plus clients that keep a cookie
 * jar and the CSRF token, so a test can be signed in as several users at
 * once.  Paths are relative to HONGLIAN_TEST_BASE_URL
 * (http://127.0.0.1:18080 when unset), or whole URLs ("http://..."), to
 * ask one server of several.  Test code only.
 */
#ifndef THTTP_H
#define THTTP_H

#include <stddef.h>

#include <jansson.h>

struct thttp_client;
struct thttp_hdr;

/* A response; owned by the caller, freed with thttp_resp_free(). */
struct thttp_resp {
	long status; /* 0 when the request failed (reason on stderr) */
	char *body;  /* always NUL-terminated, "" when empty */
	size_t body_len;
	struct thttp_hdr *hdrs_; /* private */
	size_t n_hdrs_;
	json_t *json_; /* private: the parsed body, see thttp_resp_json() */
};

/*
 * One request without cookies.  method is "GET", "POST", ...; headers is
 * a NULL-terminated array of "Name: value" strings, or NULL; body may be
 * NULL.  Returns a response (never NULL): a transport failure gives
 * status 0.
 */
struct thttp_resp *thttp_request(const char *method, const char *path,
    const char *const *headers, const void *body, size_t len);

/* A client with its own cookie jar and connection; free with
 * thttp_client_free(). */
struct thttp_client *thttp_client_new(void);
void thttp_client_free(struct thttp_client *c);

/*
 * As thttp_request(), through the client's cookie jar.  POST, PUT, PATCH
 * and DELETE carry X-CSRF-Token when the client holds a token and headers
 * do not name one.
 */
struct thttp_resp *thttp_client_request(struct thttp_client *c,
    const char *method, const char *path, const char *const *headers,
    const void *body, size_t len);

/* A request with a JSON body (Content-Type: application/json); json may be
 * NULL for no body. */
struct thttp_resp *thttp_client_json(struct thttp_client *c, const char *method,
    const char *path, const char *json);

/*
 * POST /api/v1/session; on 200 the client keeps the session cookie and
 * the csrf_token of the answer.  Returns the HTTP status.
 */
long thttp_client_login(struct thttp_client *c, const char *login,
    const char *password);

/* Send the client's requests from local address ip (e.g. "127.0.0.2",
 * any of 127.0.0.0/8 on Linux), so that a test can be a different client
 * address to the server's per-address limits; NULL goes back to the
 * default. */
void thttp_client_set_source(struct thttp_client *c, const char *ip);

/* Replace the client's CSRF token (copied; NULL forgets it). */
void thttp_client_set_csrf(struct thttp_client *c, const char *token);
/* The client's CSRF token, or NULL; borrowed. */
const char *thttp_client_csrf(const struct thttp_client *c);

void thttp_resp_free(struct thttp_resp *r);

/* The first response header called name (any case), or NULL; borrowed. */
const char *thttp_resp_header(const struct thttp_resp *r, const char *name);

/* The body parsed as JSON, or NULL when it is not JSON; owned by r. */
json_t *thttp_resp_json(struct thttp_resp *r);

/*
 * The member at a dotted path ("error.code", "items.0.id": a number
 * indexes an array) in root, or NULL; borrowed from root.
 */
json_t *thttp_json_get(json_t *root, const char *path);

/* Shortcuts on the body of r: the string at path (NULL when absent or not
 * a string; borrowed from r), the integer at path (def when absent). */
const char *thttp_resp_str(struct thttp_resp *r, const char *path);
long long thttp_resp_int(struct thttp_resp *r, const char *path, long long def);

#endif /* THTTP_H */
