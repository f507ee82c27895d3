/*
 * Recording expected failures in a caller's struct hl_err.  Messages go
 * into fixed arrays so that failing never allocates; turning an error into
 * a JSON body is json.c's job and choosing the status is the caller's.
 */
#include "err.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "str.h"

/*
 * vsnprintf() into dst; when the text was cut, drop a partial UTF-8
 * sequence at the end, because the message ends up in a JSON body and a
 * client must never see half a Chinese character.
 */
static void format_into(char *dst, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
format_into(char *dst, size_t size, const char *fmt, va_list ap)
{
	int n;

	n = vsnprintf(dst, size, fmt, ap);
	if (n < 0)
		dst[0] = '\0';
	else if ((size_t)n >= size)
		dst[hl_utf8_cut(dst, size - 1)] = '\0';
}

int
hl_err_set(struct hl_err *err, int status, const char *code, const char *fmt,
    ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->status = status;
	err->code = code;
	va_start(ap, fmt);
	format_into(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A field that already has a message keeps it: validators run the basic
 * check (present, type) before the finer ones, so the first message is the
 * one to fix first, and a JSON object must not repeat a key.
 */
int
hl_err_field(struct hl_err *err, const char *field, const char *fmt, ...)
{
	struct hl_err_field *f;
	va_list ap;
	int i;

	if (err == NULL)
		return -1;
	if (!hl_err_is_set(err))
		hl_err_set(err, 422, "validation_failed",
		    "请求数据有误，请检查标注的字段");
	for (i = 0; i < err->n_fields; i++)
		if (strcmp(err->fields[i].name, field) == 0)
			return -1;
	/* The first HL_ERR_MAX_FIELDS fields are plenty for a person. */
	if (err->n_fields >= HL_ERR_MAX_FIELDS)
		return -1;
	f = &err->fields[err->n_fields++];
	/* Field names are ASCII keys from our own code: a plain cut is safe. */
	snprintf(f->name, sizeof(f->name), "%s", field);
	va_start(ap, fmt);
	format_into(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return -1;
}

bool
hl_err_is_set(const struct hl_err *err)
{
	return err != NULL && err->status != 0;
}

/* The 5 KiB of field arrays stay as they are: n_fields says how many of
 * them hold anything. */
void
hl_err_clear(struct hl_err *err)
{
	if (err == NULL)
		return;
	err->status = 0;
	err->code = NULL;
	err->msg[0] = '\0';
	err->retry_after_s = 0;
	err->n_fields = 0;
}

int
hl_err_not_found(struct hl_err *err)
{
	return hl_err_set(err, 404, "not_found", "记录不存在");
}

int
hl_err_forbidden(struct hl_err *err)
{
	return hl_err_set(err, 403, "forbidden", "无权执行此操作");
}

int
hl_err_internal(struct hl_err *err)
{
	return hl_err_set(err, 500, "internal", "服务器内部错误，请稍后重试");
}
