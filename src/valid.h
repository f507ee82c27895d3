/*
 * Field validators.  Each checks one value; when it is wrong it adds a
 * Chinese per-field message to err (hl_err_field(): 422 validation_failed)
 * and returns -1, else 0.  Run every validator a form needs, then test
 * hl_err_is_set(), so that people see all their mistakes at once.  field is
 * the JSON member name.  A NULL value is an absent optional member and
 * passes: whether a member is required is the JSON decoder's business.
 */
#ifndef HL_VALID_H
#define HL_VALID_H

#include <stddef.h>
#include <stdint.h>

struct hl_err;

#define HL_VALID_CREDIT_CODE_LEN 18

/*
 * A unified social credit code (统一社会信用代码, GB 32100-2015): 18
 * characters from 0-9 and the capitals without I, O, S, V, Z, the last one
 * a check character over the first 17.  Lower-case letters are accepted and
 * upper-cased, because people copy codes by hand and the code is the same;
 * out (when not NULL) gets the canonical upper-case code and a NUL, and is
 * what should be stored and compared.  Messages tell the three faults
 * apart: "统一社会信用代码应为 18 位", "统一社会信用代码含有无效字符“I”"
 * (the first bad character as typed), "统一社会信用代码校验位错误：按前
 * 17 位，第 18 位应为“W”" (the check character the first 17 give, so that
 * a typo can be found).
 */
int hl_valid_credit_code(const char *field, const char *s,
    char out[HL_VALID_CREDIT_CODE_LEN + 1], struct hl_err *err);

/* A mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx, nothing else (no
 * +86, no spaces). */
int hl_valid_mobile(const char *field, const char *s, struct hl_err *err);
/* A mobile number as above, or a landline written with its area code and a
 * hyphen: 0533-2181234, 010-12345678, optionally with an extension
 * (0533-2181234-801).  Area codes are 0 and 2 or 3 digits not starting with
 * 0; local numbers 7 or 8 digits not starting with 0 or 1. */
int hl_valid_phone(const char *field, const char *s, struct hl_err *err);
/* A phone number as people write contacts down: 5 to 40 characters of
 * digits (at least 5) and + - ( ) and spaces.  Looser than
 * hl_valid_phone(): extensions, switchboards and the demo data's
 * 0533-0000xxxx range pass.  NULL and "" pass (no number). */
int hl_valid_contact_phone(const char *field, const char *s,
    struct hl_err *err);
/* A plain e-mail address: local@domain.tld, at most 254 bytes, ASCII only;
 * no quoted local parts, no IP literals. */
int hl_valid_email(const char *field, const char *s, struct hl_err *err);
/* s is one of allowed, a NULL-terminated list (exact, case-sensitive). */
int hl_valid_enum(const char *field, const char *s, const char *const *allowed,
    struct hl_err *err);
/* A date "YYYY-MM-DD" as hl_calendar_date_parse() reads it; *out gets the
 * day number when s is valid and not NULL, and is left alone otherwise. */
int hl_valid_date(const char *field, const char *s, int32_t *out,
    struct hl_err *err);
/*
 * An instant as RFC 3339 with an offset: YYYY-MM-DDTHH:MM:SS[.fraction]
 * followed by Z or +HH:MM / -HH:MM (a space for the T is accepted), an
 * existing date from the year 2000 on, so that PostgreSQL's timestamptz
 * cast cannot fail on it.
 */
int hl_valid_datetime(const char *field, const char *s, struct hl_err *err);
/* day is not after today (both day numbers; the caller knows the time zone,
 * Asia/Shanghai for us). */
int hl_valid_not_future(const char *field, int32_t day, int32_t today,
    struct hl_err *err);
/* Well-formed UTF-8 of min to max characters (code points, so "淄博" is 2);
 * SIZE_MAX for no upper bound.  An empty string with min > 0 gets
 * "不能为空". */
int hl_valid_length(const char *field, const char *s, size_t min, size_t max,
    struct hl_err *err);

#endif /* HL_VALID_H */
