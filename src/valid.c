/*
 * Field validators for request input.  Each knows one format and words its
 * own message; dates are read by calendar.c and text lengths counted by
 * str.c, so there is one parser for each.
 */
#include "valid.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "err.h"
#include "str.h"

/* GB 32100-2015, 4.1: the 31 characters of a code, in order of value. */
static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/* GB 32100-2015, 4.3: weight of each of the first 17 positions, 3^i mod 31. */
static const int credit_weights[HL_VALID_CREDIT_CODE_LEN - 1] = { 1, 3, 9, 27,
	19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
all_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(p[i]))
			return false;
	return true;
}

/* The value of an upper-cased code character, or -1. */
static int
credit_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(credit_alphabet, c);
	return p == NULL ? -1 : (int)(p - credit_alphabet);
}

/* Bytes in the UTF-8 sequence starting at s (valid text). */
static size_t
seq_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
}

int
hl_valid_credit_code(const char *field, const char *s,
    char out[HL_VALID_CREDIT_CODE_LEN + 1], struct hl_err *err)
{
	char code[HL_VALID_CREDIT_CODE_LEN + 1];
	size_t len, i;
	int sum = 0;
	int v, check;
	char c;

	if (s == NULL)
		return 0;
	len = strlen(s);
	if (!hl_utf8_valid(s, len))
		return hl_err_field(err, field, "统一社会信用代码含有无效字符");
	if (hl_utf8_count(s, len) != HL_VALID_CREDIT_CODE_LEN)
		return hl_err_field(err, field, "统一社会信用代码应为 18 位");
	/* 18 characters: 18 bytes unless one is not ASCII, and that one is
	 * refused before the loop reads past 18 bytes. */
	for (i = 0; i < len; i++) {
		c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A')
		                               : s[i];
		v = seq_len(s + i) == 1 ? credit_value(c) : -1;
		if (v == -1)
			return hl_err_field(err, field,
			    "统一社会信用代码含有无效字符“%.*s”",
			    (int)seq_len(s + i), s + i);
		code[i] = c;
		if (i < HL_VALID_CREDIT_CODE_LEN - 1)
			sum += v * credit_weights[i];
	}
	code[HL_VALID_CREDIT_CODE_LEN] = '\0';
	/* GB 32100-2015, 4.3: C18 = 31 - MOD(sum, 31), and 31 becomes 0. */
	check = (31 - sum % 31) % 31;
	if (code[HL_VALID_CREDIT_CODE_LEN - 1] != credit_alphabet[check])
		return hl_err_field(err, field,
		    "统一社会信用代码校验位错误：按前 17 位，第 18 位应为“%c”",
		    credit_alphabet[check]);
	if (out != NULL)
		memcpy(out, code, sizeof(code));
	return 0;
}

static bool
mobile_ok(const char *s)
{
	return strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' &&
	    all_digits(s, 11);
}

int
hl_valid_mobile(const char *field, const char *s, struct hl_err *err)
{
	if (s == NULL || mobile_ok(s))
		return 0;
	return hl_err_field(err, field, "请填写正确的手机号码（11 位数字）");
}

/* Landline: 0AA-NNNNNNN or 0AAA-NNNNNNNN, optionally -EXT (1 to 6 digits). */
static bool
landline_ok(const char *s)
{
	const char *dash = strchr(s, '-');
	const char *num;
	const char *ext;
	size_t area, n;

	if (dash == NULL)
		return false;
	area = (size_t)(dash - s);
	if (area < 3 || area > 4 || s[0] != '0' || s[1] == '0' ||
	    !all_digits(s, area))
		return false;
	num = dash + 1;
	ext = strchr(num, '-');
	n = ext != NULL ? (size_t)(ext - num) : strlen(num);
	if (n < 7 || n > 8 || num[0] == '0' || num[0] == '1' ||
	    !all_digits(num, n))
		return false;
	if (ext == NULL)
		return true;
	n = strlen(ext + 1);
	return n >= 1 && n <= 6 && all_digits(ext + 1, n);
}

int
hl_valid_phone(const char *field, const char *s, struct hl_err *err)
{
	if (s == NULL || mobile_ok(s) || landline_ok(s))
		return 0;
	return hl_err_field(err, field,
	    "请填写正确的电话号码，如 13800000000 或 0533-2181234");
}

int
hl_valid_contact_phone(const char *field, const char *s, struct hl_err *err)
{
	size_t i;
	size_t digits = 0;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (is_digit(s[i]))
			digits++;
		else if (strchr("+-() ", s[i]) == NULL)
			break;
	}
	if (s[i] != '\0' || i > 40 || digits < 5)
		return hl_err_field(err, field, "电话号码格式不正确");
	return 0;
}

static bool
email_local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    is_digit(c) || (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~.-", c));
}

static bool
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	const char *p, *label;
	size_t local;
	size_t n = 0;
	bool alpha_tld = true;
	int labels = 0;

	if (at == NULL || strlen(s) > 254)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || at[-1] == '.')
		return false;
	for (p = s; p < at; p++)
		if (!email_local_char(*p) || (p[0] == '.' && p[1] == '.'))
			return false;
	/* The domain: dot-separated labels of letters, digits and inner
	 * hyphens, at least two, the last one letters only. */
	for (label = at + 1;; label = p + 1) {
		alpha_tld = true;
		for (p = label; *p != '\0' && *p != '.'; p++) {
			if (is_digit(*p) || *p == '-')
				alpha_tld = false;
			else if (!((*p >= 'a' && *p <= 'z') ||
			             (*p >= 'A' && *p <= 'Z')))
				return false;
		}
		n = (size_t)(p - label);
		if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-')
			return false;
		labels++;
		if (*p == '\0')
			break;
	}
	return labels >= 2 && alpha_tld && n >= 2;
}

int
hl_valid_email(const char *field, const char *s, struct hl_err *err)
{
	if (s == NULL || email_ok(s))
		return 0;
	return hl_err_field(err, field, "请填写正确的电子邮箱地址");
}

int
hl_valid_enum(const char *field, const char *s, const char *const *allowed,
    struct hl_err *err)
{
	char list[HL_ERR_MSG_MAX];
	size_t used = 0;
	size_t i;
	int n;

	if (s == NULL)
		return 0;
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(s, allowed[i]) == 0)
			return 0;
	/* Name the choices when they fit in a message; most lists do. */
	list[0] = '\0';
	for (i = 0; allowed[i] != NULL; i++) {
		n = snprintf(list + used, sizeof(list) - used, "%s%s",
		    i > 0 ? "、" : "", allowed[i]);
		if (n < 0 || used + (size_t)n > sizeof(list) - 32) {
			used = 0;
			break;
		}
		used += (size_t)n;
	}
	if (used == 0)
		return hl_err_field(err, field, "取值无效");
	return hl_err_field(err, field, "取值无效，应为 %s 之一", list);
}

int
hl_valid_date(const char *field, const char *s, int32_t *out,
    struct hl_err *err)
{
	if (s == NULL || hl_calendar_date_parse(hl_str_from(s), out) == 0)
		return 0;
	return hl_err_field(err, field,
	    "请填写有效的日期，格式为 YYYY-MM-DD（如 2026-03-01）");
}

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool
datetime_ok(const char *s)
{
	size_t n = strlen(s);
	size_t i = 19;
	int32_t day;

	if (n < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
	    s[16] != ':' || !digits(s + 17, 2))
		return false;
	if (hl_str_digits(s, 4) < 2000 ||
	    hl_calendar_day_from_ymd(hl_str_digits(s, 4),
	        hl_str_digits(s + 5, 2), hl_str_digits(s + 8, 2), &day) == -1 ||
	    hl_str_digits(s + 11, 2) > 23 || hl_str_digits(s + 14, 2) > 59 ||
	    hl_str_digits(s + 17, 2) > 59)
		return false;
	if (s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 20 || i > 26)
			return false;
	}
	if (s[i] == 'Z' || s[i] == 'z')
		return i + 1 == n;
	return (s[i] == '+' || s[i] == '-') && n - i == 6 &&
	    digits(s + i + 1, 2) && s[i + 3] == ':' && digits(s + i + 4, 2) &&
	    hl_str_digits(s + i + 1, 2) <= 14 &&
	    hl_str_digits(s + i + 4, 2) <= 59;
}

int
hl_valid_datetime(const char *field, const char *s, struct hl_err *err)
{
	if (s == NULL || datetime_ok(s))
		return 0;
	return hl_err_field(err, field,
	    "应为带时区的 RFC 3339 时间，如 2027-01-01T00:00:00+08:00");
}

int
hl_valid_not_future(const char *field, int32_t day, int32_t today,
    struct hl_err *err)
{
	if (day <= today)
		return 0;
	return hl_err_field(err, field, "日期不能晚于今天");
}

int
hl_valid_length(const char *field, const char *s, size_t min, size_t max,
    struct hl_err *err)
{
	size_t len, n;

	if (s == NULL)
		return 0;
	len = strlen(s);
	if (!hl_utf8_valid(s, len))
		return hl_err_field(err, field, "含有无效的字符编码");
	n = hl_utf8_count(s, len);
	if (n == 0 && min > 0)
		return hl_err_field(err, field, "不能为空");
	if (n < min)
		return hl_err_field(err, field, "至少需要 %zu 个字", min);
	if (n > max)
		return hl_err_field(err, field, "不能超过 %zu 个字", max);
	return 0;
}
