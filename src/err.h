/*
 * Expected failures, as the API reports them: an HTTP status, a stable code
 * for programs, a Chinese message for people and per-field messages.
 * Functions that can fail take a struct hl_err *, fill it and return -1.
 */
#ifndef HL_ERR_H
#define HL_ERR_H

#include <stdbool.h>

#define HL_ERR_MAX_FIELDS 16
#define HL_ERR_MSG_MAX    256

struct hl_err_field {
	char name[64];
	char msg[HL_ERR_MSG_MAX];
};

struct hl_err {
	int status;       /* HTTP status; 0 while no error is set */
	const char *code; /* static string: "validation_failed", ... */
	char msg[HL_ERR_MSG_MAX];
	int retry_after_s; /* > 0: sent as Retry-After */
	int n_fields;
	struct hl_err_field fields[HL_ERR_MAX_FIELDS];
};

/* Set status, code and a printf-formatted message.  Returns -1 so that
 * callers can write "return hl_err_set(err, ...);".  err may be NULL. */
int hl_err_set(struct hl_err *err, int status, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Add a per-field message; when no error is set yet, the error becomes
 * 422 validation_failed with a generic message.  Returns -1. */
int hl_err_field(struct hl_err *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when a status is set (an error was recorded). */
bool hl_err_is_set(const struct hl_err *err);
/* Forget the error. */
void hl_err_clear(struct hl_err *err);

/* Shorthands for the common statuses; each returns -1. */
int hl_err_not_found(struct hl_err *err);
int hl_err_forbidden(struct hl_err *err);
int hl_err_internal(struct hl_err *err);

#endif /* HL_ERR_H */
