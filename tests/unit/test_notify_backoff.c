/* link: notify notify_addr notify_fmt db crypto json buf str mem err log */
/*
 * The delivery worker's retry delays: each step doubles the one before up
 * to the cap, the random part takes off at most half, never more, and
 * different draws give different delays (retries of events that failed
 * together do not arrive together).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "notify.h"

#define BASE_MS 10000
#define CAP_MS  (21600 * 1000)

static void
test_steps_double_up_to_the_cap(void **state)
{
	int64_t k;
	int64_t step = BASE_MS;

	(void)state;
	for (k = 1; k <= 20; k++) {
		/* The smallest draw takes off half, the largest nothing. */
		assert_int_equal(hl_notify_backoff_ms(BASE_MS, CAP_MS, k, 0),
		    step / 2);
		assert_int_equal(hl_notify_backoff_ms(BASE_MS, CAP_MS, k,
		                     (uint32_t)(step / 2)),
		    step);
		step = step * 2 > CAP_MS ? CAP_MS : step * 2;
	}
	/* Past the cap it stays there. */
	assert_int_equal(
	    hl_notify_backoff_ms(BASE_MS, CAP_MS, 100, (uint32_t)(CAP_MS / 2)),
	    CAP_MS);
	/* A base above the cap is cut to it. */
	assert_int_equal(hl_notify_backoff_ms(5000, 2000, 1, 1000), 2000);
}

static void
test_jitter_stays_in_range_and_spreads(void **state)
{
	int64_t k;
	int64_t lo;
	int64_t hi;
	int64_t d;
	int64_t first;
	int distinct;
	uint32_t r;
	int i;

	(void)state;
	assert_true(sodium_init() >= 0);
	for (k = 1; k <= 6; k++) {
		hi = (int64_t)BASE_MS << (k - 1);
		lo = hi / 2;
		first = -1;
		distinct = 0;
		for (i = 0; i < 200; i++) {
			randombytes_buf(&r, sizeof(r));
			d = hl_notify_backoff_ms(BASE_MS, CAP_MS, k, r);
			if (d < lo || d > hi)
				fail_msg(
				    "retry %lld: %lld ms, not in [%lld, %lld]",
				    (long long)k, (long long)d, (long long)lo,
				    (long long)hi);
			if (first == -1)
				first = d;
			else if (d != first)
				distinct++;
		}
		/* 200 draws over thousands of values: all equal would mean
		 * no jitter at all. */
		assert_true(distinct > 100);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_double_up_to_the_cap),
		cmocka_unit_test(test_jitter_stays_in_range_and_spreads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
