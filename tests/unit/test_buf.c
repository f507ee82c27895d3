/* link: buf mem log str */
/*
 * The growable buffer: content and NUL termination after every operation,
 * growth, and the hand-over of its memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

/* The invariants every operation keeps. */
static void
assert_buf(const struct hl_buf *b, const char *want, size_t want_len)
{
	assert_int_equal(b->len, want_len);
	assert_true(b->cap > b->len);
	assert_memory_equal(b->p, want, want_len);
	assert_int_equal(b->p[b->len], '\0');
}

static void
test_buf_zero_is_empty(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	assert_string_equal(hl_buf_cstr(&b), "");
	hl_buf_reset(&b);
	hl_buf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void
test_buf_append_keeps_nul_terminated(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_buf_append(&b, "abc", 3);
	assert_buf(&b, "abc", 3);
	hl_buf_puts(&b, "诉求");
	assert_buf(&b, "abc诉求", 9);
	hl_buf_putc(&b, '!');
	assert_buf(&b, "abc诉求!", 10);
	assert_string_equal(hl_buf_cstr(&b), "abc诉求!");
	hl_buf_release(&b);
}

static void
test_buf_append_empty_terminates(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_buf_append(&b, NULL, 0);
	assert_non_null(b.p);
	assert_buf(&b, "", 0);
	hl_buf_puts(&b, "");
	assert_buf(&b, "", 0);
	hl_buf_release(&b);
}

static void
test_buf_append_keeps_embedded_nul(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_buf_append(&b, "a\0b", 3);
	hl_buf_putc(&b, '\0');
	assert_buf(&b, "a\0b\0", 4);
	hl_buf_release(&b);
}

static void
test_buf_grow_doubles_capacity(void **state)
{
	struct hl_buf b = { 0 };
	size_t cap;
	int n_growths;

	(void)state;
	hl_buf_putc(&b, 'x');
	cap = b.cap;
	/* Each time cap bytes no longer fit with the NUL, cap doubles. */
	for (n_growths = 0; n_growths < 5; n_growths++) {
		while (b.len + 1 < cap)
			hl_buf_putc(&b, 'x');
		assert_int_equal(b.cap, cap);
		hl_buf_putc(&b, 'x');
		assert_int_equal(b.cap, 2 * cap);
		cap = b.cap;
	}
	/* A large reservation jumps straight past the doubling steps. */
	hl_buf_grow(&b, 10 * cap);
	assert_true(b.cap >= b.len + 10 * cap + 1);
	assert_int_equal(b.p[b.len], '\0');
	hl_buf_release(&b);
}

static void
test_buf_grow_reserves_without_moving(void **state)
{
	struct hl_buf b = { 0 };
	const char *p;
	size_t i;

	(void)state;
	hl_buf_grow(&b, 1000);
	assert_true(b.cap >= 1001);
	assert_string_equal(hl_buf_cstr(&b), "");
	p = b.p;
	for (i = 0; i < 1000; i++)
		hl_buf_putc(&b, (char)('a' + i % 26));
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.p[999], 'a' + 999 % 26);
	hl_buf_release(&b);
}

static void
test_buf_many_appends_keep_content(void **state)
{
	struct hl_buf b = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		hl_buf_append(&b, "0123456789", 10);
	assert_int_equal(b.len, 1000000);
	for (i = 0; i < b.len; i += 9973)
		assert_int_equal(b.p[i], '0' + i % 10);
	assert_int_equal(b.p[b.len], '\0');
	hl_buf_release(&b);
}

static void
test_buf_printf_appends_formatted(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_buf_puts(&b, "id=");
	hl_buf_printf(&b, "%d", 42);
	hl_buf_printf(&b, ",name=%s,%05.1f", "红链", 3.14159);
	assert_string_equal(hl_buf_cstr(&b), "id=42,name=红链,003.1");
	assert_int_equal(b.len, strlen("id=42,name=红链,003.1"));
	hl_buf_printf(&b, "%s", "");
	assert_int_equal(b.len, strlen("id=42,name=红链,003.1"));
	hl_buf_release(&b);
}

/* Output longer than the spare room takes the grow-and-format-again path. */
static void
test_buf_printf_grows_for_long_output(void **state)
{
	struct hl_buf b = { 0 };
	char *want;
	size_t i;

	(void)state;
	want = malloc(5001);
	for (i = 0; i < 5000; i++)
		want[i] = (char)('a' + i % 26);
	want[5000] = '\0';
	hl_buf_puts(&b, "<");
	hl_buf_printf(&b, "%s>", want);
	assert_int_equal(b.len, 5002);
	assert_int_equal(b.p[0], '<');
	assert_memory_equal(b.p + 1, want, 5000);
	assert_string_equal(b.p + 5001, ">");
	free(want);
	hl_buf_release(&b);
}

/*
 * Output one byte shorter than the spare room fits in place; output as long
 * as the room leaves nothing for the NUL and must grow.
 */
static void
test_buf_printf_at_room_boundary_stays_terminated(void **state)
{
	struct hl_buf b = { 0 };
	const char *p;
	size_t room;

	(void)state;
	hl_buf_puts(&b, "x");
	room = b.cap - b.len;
	p = b.p;
	hl_buf_printf(&b, "%0*d", (int)room - 1, 7);
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.len, room);
	assert_int_equal(b.p[b.len], '\0');
	hl_buf_reset(&b);
	hl_buf_puts(&b, "x");
	hl_buf_printf(&b, "%0*d", (int)room, 7);
	assert_int_equal(b.len, 1 + room);
	assert_true(b.cap > b.len);
	assert_int_equal(b.p[b.len], '\0');
	assert_int_equal(b.p[b.len - 1], '7');
	assert_int_equal(b.p[1], '0');
	hl_buf_release(&b);
}

static void
test_buf_reset_keeps_memory(void **state)
{
	struct hl_buf b = { 0 };
	const char *p;
	size_t cap;

	(void)state;
	hl_buf_puts(&b, "something long enough");
	p = b.p;
	cap = b.cap;
	hl_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(hl_buf_cstr(&b), "");
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.cap, cap);
	hl_buf_puts(&b, "again");
	assert_buf(&b, "again", 5);
	hl_buf_release(&b);
}

static void
test_buf_release_leaves_reusable(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_buf_puts(&b, "first");
	hl_buf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	hl_buf_puts(&b, "second");
	assert_buf(&b, "second", 6);
	hl_buf_release(&b);
}

static void
test_buf_detach_hands_over_bytes(void **state)
{
	struct hl_buf b = { 0 };
	size_t len = 0;
	char *p;

	(void)state;
	hl_buf_puts(&b, "企业");
	p = hl_buf_detach(&b, &len);
	assert_string_equal(p, "企业");
	assert_int_equal(len, 6);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);
	/* The buffer is usable again. */
	hl_buf_puts(&b, "x");
	p = hl_buf_detach(&b, NULL);
	assert_string_equal(p, "x");
	free(p);
}

static void
test_buf_detach_empty_gives_empty_string(void **state)
{
	struct hl_buf b = { 0 };
	size_t len = 99;
	char *p;

	(void)state;
	p = hl_buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
}

static void
test_buf_cut_forgets_the_tail(void **state)
{
	struct hl_buf b = { 0 };

	(void)state;
	hl_buf_cut(&b, 0);
	assert_null(b.p);
	hl_buf_puts(&b, "abcdef");
	hl_buf_cut(&b, 9);
	assert_string_equal(hl_buf_cstr(&b), "abcdef");
	hl_buf_cut(&b, 3);
	assert_int_equal(b.len, 3);
	assert_string_equal(hl_buf_cstr(&b), "abc");
	hl_buf_puts(&b, "x");
	assert_string_equal(hl_buf_cstr(&b), "abcx");
	hl_buf_cut(&b, 0);
	assert_string_equal(hl_buf_cstr(&b), "");
	hl_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_zero_is_empty),
		cmocka_unit_test(test_buf_append_keeps_nul_terminated),
		cmocka_unit_test(test_buf_append_empty_terminates),
		cmocka_unit_test(test_buf_append_keeps_embedded_nul),
		cmocka_unit_test(test_buf_grow_doubles_capacity),
		cmocka_unit_test(test_buf_grow_reserves_without_moving),
		cmocka_unit_test(test_buf_many_appends_keep_content),
		cmocka_unit_test(test_buf_printf_appends_formatted),
		cmocka_unit_test(test_buf_printf_grows_for_long_output),
		cmocka_unit_test(
		    test_buf_printf_at_room_boundary_stays_terminated),
		cmocka_unit_test(test_buf_reset_keeps_memory),
		cmocka_unit_test(test_buf_release_leaves_reusable),
		cmocka_unit_test(test_buf_detach_hands_over_bytes),
		cmocka_unit_test(test_buf_detach_empty_gives_empty_string),
		cmocka_unit_test(test_buf_cut_forgets_the_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
