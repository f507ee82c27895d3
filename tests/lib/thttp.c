/*
 * HTTP client for the API tests on libcurl.  Each client is one easy
 * handle, so its cookies and its connection live as long as it does; the
 * headers of a response are kept as name/value pairs for lookup.
 */
#include "thttp.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define DEFAULT_BASE_URL "http://127.0.0.1:18080"
#define TIMEOUT_S        30L

struct thttp_hdr {
	char *name;
	char *value;
};

struct thttp_client {
	CURL *curl;
	char *csrf;
};

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL) {
		fprintf(stderr, "thttp: out of memory\n");
		abort();
	}
	return p;
}

static char *
xstrndup(const char *s, size_t len)
{
	char *p = xrealloc(NULL, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static CURL *
easy_new(void)
{
	static bool global_done;
	CURL *h;

	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			fprintf(stderr, "thttp: curl_global_init failed\n");
			abort();
		}
		global_done = true;
	}
	h = curl_easy_init();
	if (h == NULL) {
		fprintf(stderr, "thttp: curl_easy_init failed\n");
		abort();
	}
	return h;
}

static void
clear_headers(struct thttp_resp *r)
{
	size_t i;

	for (i = 0; i < r->n_hdrs_; i++) {
		free(r->hdrs_[i].name);
		free(r->hdrs_[i].value);
	}
	free(r->hdrs_);
	r->hdrs_ = NULL;
	r->n_hdrs_ = 0;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct thttp_resp *r = arg;
	size_t len = size * n;

	r->body = xrealloc(r->body, r->body_len + len + 1);
	memcpy(r->body + r->body_len, p, len);
	r->body_len += len;
	r->body[r->body_len] = '\0';
	return len;
}

/* One header line, "Name: value\r\n"; a status line starts a new response
 * (after a 100 Continue), so it forgets the headers seen so far. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct thttp_resp *r = arg;
	size_t len = size * n;
	size_t end = len;
	const char *colon;
	const char *v;
	struct thttp_hdr *h;

	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		clear_headers(r);
		return len;
	}
	while (end > 0 && (p[end - 1] == '\r' || p[end - 1] == '\n'))
		end--;
	colon = memchr(p, ':', end);
	if (colon == NULL)
		return len;
	v = colon + 1;
	while (v < p + end && (*v == ' ' || *v == '\t'))
		v++;
	r->hdrs_ = xrealloc(r->hdrs_, (r->n_hdrs_ + 1) * sizeof(*r->hdrs_));
	h = &r->hdrs_[r->n_hdrs_++];
	h->name = xstrndup(p, (size_t)(colon - p));
	h->value = xstrndup(v, (size_t)(p + end - v));
	return len;
}

static bool
has_header(const char *const *headers, const char *name)
{
	size_t len = strlen(name);

	for (; headers != NULL && *headers != NULL; headers++)
		if (strncasecmp(*headers, name, len) == 0 &&
		    (*headers)[len] == ':')
			return true;
	return false;
}

static bool
is_write(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	    strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

static struct curl_slist *
add_header(struct curl_slist *list, const char *h)
{
	struct curl_slist *l = curl_slist_append(list, h);

	if (l == NULL) {
		fprintf(stderr, "thttp: out of memory\n");
		abort();
	}
	return l;
}

/* Runs one request on h, which may hold cookies from earlier ones. */
static struct thttp_resp *
perform(CURL *h, const char *csrf, const char *method, const char *path,
    const char *const *headers, const void *body, size_t len)
{
	struct thttp_resp *r = xrealloc(NULL, sizeof(*r));
	struct curl_slist *list = NULL;
	const char *base = getenv("HONGLIAN_TEST_BASE_URL");
	char *url;
	char *csrf_hdr = NULL;
	const char *const *hp;
	CURLcode rc;

	memset(r, 0, sizeof(*r));
	r->body = xstrndup("", 0);
	if (base == NULL || *base == '\0')
		base = DEFAULT_BASE_URL;
	/* A whole URL goes where it says (one server of several). */
	if (strncmp(path, "http://", 7) == 0)
		base = "";
	url = xrealloc(NULL, strlen(base) + strlen(path) + 1);
	strcpy(url, base);
	strcat(url, path);

	for (hp = headers; hp != NULL && *hp != NULL; hp++)
		list = add_header(list, *hp);
	/* No "Expect: 100-continue" round trip, and no Content-Type the
	 * test did not ask for (curl would add a form type to any body). */
	list = add_header(list, "Expect:");
	if (!has_header(headers, "Content-Type"))
		list = add_header(list, "Content-Type:");
	if (csrf != NULL && is_write(method) &&
	    !has_header(headers, "X-CSRF-Token")) {
		csrf_hdr =
		    xrealloc(NULL, strlen(csrf) + sizeof("X-CSRF-Token: "));
		strcpy(csrf_hdr, "X-CSRF-Token: ");
		strcat(csrf_hdr, csrf);
		list = add_header(list, csrf_hdr);
	}

	/* A client's handle still holds the last request's method and body;
	 * HTTPGET comes last, since setting POSTFIELDS selects POST. */
	curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (body == NULL && is_write(method) && strcmp(method, "DELETE") != 0)
		body = "";
	if (body != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}

	rc = curl_easy_perform(h);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	} else {
		fprintf(stderr, "thttp: %s %s: %s\n", method, url,
		    curl_easy_strerror(rc));
		r->status = 0;
	}
	curl_slist_free_all(list);
	free(csrf_hdr);
	free(url);
	return r;
}

struct thttp_resp *
thttp_request(const char *method, const char *path, const char *const *headers,
    const void *body, size_t len)
{
	CURL *h = easy_new();
	struct thttp_resp *r;

	r = perform(h, NULL, method, path, headers, body, len);
	curl_easy_cleanup(h);
	return r;
}

struct thttp_client *
thttp_client_new(void)
{
	struct thttp_client *c = xrealloc(NULL, sizeof(*c));

	c->curl = easy_new();
	/* An in-memory cookie jar, read from no file. */
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
	c->csrf = NULL;
	return c;
}

void
thttp_client_free(struct thttp_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c->csrf);
	free(c);
}

struct thttp_resp *
thttp_client_request(struct thttp_client *c, const char *method,
    const char *path, const char *const *headers, const void *body, size_t len)
{
	return perform(c->curl, c->csrf, method, path, headers, body, len);
}

struct thttp_resp *
thttp_client_json(struct thttp_client *c, const char *method, const char *path,
    const char *json)
{
	static const char *const hdrs[] = { "Content-Type: application/json",
		NULL };

	return thttp_client_request(c, method, path, hdrs, json,
	    json == NULL ? 0 : strlen(json));
}

long
thttp_client_login(struct thttp_client *c, const char *login,
    const char *password)
{
	json_t *in =
	    json_pack("{s:s, s:s}", "login", login, "password", password);
	char *body = json_dumps(in, JSON_COMPACT);
	struct thttp_resp *r;
	long status;

	r = thttp_client_json(c, "POST", "/api/v1/session", body);
	status = r->status;
	if (status == 200)
		thttp_client_set_csrf(c, thttp_resp_str(r, "csrf_token"));
	thttp_resp_free(r);
	free(body);
	json_decref(in);
	return status;
}

void
thttp_client_set_source(struct thttp_client *c, const char *ip)
{
	char v[80];

	if (ip == NULL) {
		curl_easy_setopt(c->curl, CURLOPT_INTERFACE, NULL);
		return;
	}
	/* "host!": an address, never an interface name. */
	snprintf(v, sizeof(v), "host!%s", ip);
	curl_easy_setopt(c->curl, CURLOPT_INTERFACE, v);
}

void
thttp_client_set_csrf(struct thttp_client *c, const char *token)
{
	free(c->csrf);
	c->csrf = token == NULL ? NULL : xstrndup(token, strlen(token));
}

const char *
thttp_client_csrf(const struct thttp_client *c)
{
	return c->csrf;
}

void
thttp_resp_free(struct thttp_resp *r)
{
	if (r == NULL)
		return;
	clear_headers(r);
	json_decref(r->json_);
	free(r->body);
	free(r);
}

const char *
thttp_resp_header(const struct thttp_resp *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n_hdrs_; i++)
		if (strcasecmp(r->hdrs_[i].name, name) == 0)
			return r->hdrs_[i].value;
	return NULL;
}

json_t *
thttp_resp_json(struct thttp_resp *r)
{
	json_error_t err;

	if (r->json_ == NULL)
		r->json_ = json_loadb(r->body, r->body_len, 0, &err);
	return r->json_;
}

json_t *
thttp_json_get(json_t *root, const char *path)
{
	char *copy = xstrndup(path, strlen(path));
	char *save = NULL;
	char *seg;
	char *end;
	unsigned long i;
	json_t *v = root;

	for (seg = strtok_r(copy, ".", &save); seg != NULL && v != NULL;
	     seg = strtok_r(NULL, ".", &save)) {
		if (json_is_object(v)) {
			v = json_object_get(v, seg);
		} else if (json_is_array(v)) {
			i = strtoul(seg, &end, 10);
			if (end == seg || *end != '\0')
				v = NULL;
			else
				v = json_array_get(v, i);
		} else {
			v = NULL;
		}
	}
	free(copy);
	return v;
}

const char *
thttp_resp_str(struct thttp_resp *r, const char *path)
{
	return json_string_value(thttp_json_get(thttp_resp_json(r), path));
}

long long
thttp_resp_int(struct thttp_resp *r, const char *path, long long def)
{
	json_t *v = thttp_json_get(thttp_resp_json(r), path);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}
