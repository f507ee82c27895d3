# Honglian: build, test and run.  `make run` and `make test` do everything
# on a fresh Debian bookworm machine (as root: they install what is missing).

MODE ?= release
B    := build/$(MODE)
CC   ?= gcc
# Parallel compiles for the builds that run and test start.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

PKGS := libmicrohttpd libpq libcurl jansson libsodium inih xlsxwriter libzip expat libseccomp
WARN  = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wdeclaration-after-statement -Wpointer-arith -Wformat=2 -Wvla -Wwrite-strings \
        -Wimplicit-fallthrough -fno-common
BASE  = -std=c11 -D_DEFAULT_SOURCE -MMD -MP -Isrc $(WARN)
ifeq ($(MODE),test)
CFLAGS  = $(BASE) -Og -g3 -fsanitize=address,undefined -fno-sanitize-recover=all \
          -fno-omit-frame-pointer
LDFLAGS = -fsanitize=address,undefined
else ifeq ($(MODE),fuzz)
# libFuzzer harnesses (tests/fuzz): everything built by clang with the
# fuzzer's coverage and the sanitizers; `make fuzzers` builds them.
CC      := clang
CFLAGS  = $(BASE) -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
          -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS = -fsanitize=fuzzer,address,undefined
else
# Hardening, checked by tests/unit/test_build.c with readelf: PIE, full
# RELRO (everything bound at start, then read-only), stack protector and
# stack-clash probes, and _FORTIFY_SOURCE=3 (checks also where an object's
# size is only known at run time) where gcc has it, i.e. from gcc 12.  -g3
# keeps the macros in the debug information, which is how the test sees
# the level.
FORTIFY := $(shell [ "$$($(CC) -dumpversion 2>/dev/null | cut -d. -f1)" -ge 12 ] 2>/dev/null && echo 3 || echo 2)
CFLAGS  = $(BASE) -O2 -g3 -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=$(FORTIFY) \
          -fstack-protector-strong -fstack-clash-protection -fPIE
LDFLAGS = -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
endif
# cmocka apart: pkg-config prints nothing at all when one package is missing,
# and the image's build stage has no cmocka.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
              $(shell pkg-config --cflags cmocka 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm -lcmark-gfm-extensions -lpthread

SRCS      := $(wildcard src/*.c)
LIB_OBJS  := $(patsubst src/%.c,$(B)/src/%.o,$(filter-out src/main.c,$(SRCS)))
TLIB_OBJS := $(patsubst %.c,$(B)/%.o,$(wildcard tests/lib/*.c))
UNIT      := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
FUZZ      := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
DBT       := $(patsubst tests/db/%.c,%,$(wildcard tests/db/test_*.c))
APIT      := $(patsubst tests/api/%.c,%,$(wildcard tests/api/test_*.c))
TEST_BINS := $(UNIT:%=$(B)/tests/unit/%) $(DBT:%=$(B)/tests/db/%) $(APIT:%=$(B)/tests/api/%)

.SECONDARY:

.PHONY: all deps run test unit tests db-start db-stop migrate seed fmt fmt-check lint bench bench-notify bench-meetings bench-scale bench-metrics clean web \
        fuzzers fuzz soak

all: $(B)/honglian

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# Test code includes its helpers as "thttp.h", "tdb.h".
$(B)/tests/%.o: CFLAGS += -Itests/lib

$(B)/libhl.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/honglian: $(B)/src/main.o $(B)/libhl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# A unit test names the modules it links with in a line of its own:
#   /* link: calendar tcal buf mem */
# each a module of src/ or, when tests/lib has one of that name, a test
# helper.
unit_objs = $(foreach m,$(1),$(if $(wildcard tests/lib/$(m).c),$(B)/tests/lib/$(m).o,$(B)/src/$(m).o))
define unit_rule
$(B)/tests/unit/$(1): $(B)/tests/unit/$(1).o $$(call unit_objs,$$(shell sed -n 's|^/\* link: \(.*\) \*/$$$$|\1|p' tests/unit/$(1).c))
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS) -lcmocka
endef
$(foreach t,$(UNIT),$(eval $(call unit_rule,$(t))))

$(B)/tests/db/%: $(B)/tests/db/%.o $(TLIB_OBJS) $(B)/libhl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

$(B)/tests/api/%: $(B)/tests/api/%.o $(TLIB_OBJS) $(B)/libhl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

tests: $(B)/honglian $(TEST_BINS)

# A fuzz harness links the modules its link line names, as a unit test
# does, or else the whole library (the router's needs the route table).
define fuzz_rule
$(B)/tests/fuzz/$(1): $(B)/tests/fuzz/$(1).o $$(if $$(shell grep -l '^/\* link: ' tests/fuzz/$(1).c),$$(call unit_objs,$$(shell sed -n 's|^/\* link: \(.*\) \*/$$$$|\1|p' tests/fuzz/$(1).c)),$(B)/libhl.a)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach t,$(FUZZ),$(eval $(call fuzz_rule,$(t))))

fuzzers: $(FUZZ:%=$(B)/tests/fuzz/%)

# Benchmark helpers (bench/*.c) that run the server's own code: linked
# like the server, so that they follow what libhl needs.
$(B)/bench/%: $(B)/bench/%.o $(B)/libhl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

deps:
	@scripts/deps.sh

# Building and running need no browser and no test tools: `deps.sh run`
# keeps a first `make run` short.
web:
	@scripts/deps.sh run
	@scripts/web.sh

# The scripts note how long their steps took in HONGLIAN_RUN_TIMES (one
# "<step> <seconds>" line each), and run.sh sums them up when the demo is
# ready: downloads apart from the rest.
run: export HONGLIAN_RUN_STARTED := $(shell date +%s)
run: export HONGLIAN_RUN_TIMES := $(CURDIR)/build/run-times
run:
	@mkdir -p build && rm -f build/run-times
	@scripts/deps.sh run
	@scripts/web.sh bundle
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory fmt-check
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@$(MAKE) --no-print-directory -j$(JOBS) MODE=test tests
	@$(MAKE) --no-print-directory -j$(JOBS) MODE=fuzz fuzzers
	@scripts/run-tests.sh

unit:
	@$(MAKE) --no-print-directory MODE=test $(UNIT:%=build/test/tests/unit/%)
	@scripts/run-tests.sh --unit

db-start:
	@scripts/pg.sh start var/pg

db-stop:
	@scripts/pg.sh stop var/pg

# Against HONGLIAN_DATABASE_URL when set, else the private cluster in var/pg.
DB_ENV = HONGLIAN_DATABASE_URL="$${HONGLIAN_DATABASE_URL:-$$(scripts/pg.sh url var/pg)}"

migrate: all
	@[ -n "$$HONGLIAN_DATABASE_URL" ] || scripts/pg.sh start var/pg
	@$(DB_ENV) $(B)/honglian migrate

seed: all
	@[ -n "$$HONGLIAN_DATABASE_URL" ] || scripts/pg.sh start var/pg
	@$(DB_ENV) $(B)/honglian seed --demo

fmt:
	clang-format -i src/*.[ch] tests/*/*.[ch] bench/*.[ch]

fmt-check:
	@clang-format --dry-run -Werror src/*.[ch] tests/*/*.[ch] bench/*.[ch] && echo "fmt-check: ok"

# cppcheck, then the include direction of docs/DEVELOPING.md's layer table
# (and a test that the include check does fail when it should).
lint:
	@cppcheck --quiet --error-exitcode=1 --enable=warning,portability -Isrc src
	@echo "cppcheck: ok"
	@scripts/layers.sh
	@scripts/layers-test.sh

bench: all
	@bench/run.sh

# Each libFuzzer harness for FUZZ_SECONDS (default 600) from the seeds of
# tests/fuzz/corpus/ (only read) and what earlier runs found, kept in
# build/fuzz/corpus/ (make test runs each for 30 seconds into a fresh
# scratch directory).  Crashes are left in build/fuzz/crashes/.
fuzz: deps
	@$(MAKE) --no-print-directory MODE=fuzz fuzzers
	@scripts/fuzz.sh --keep $${FUZZ_SECONDS:-600}

# The long batteries: slowloris for 3 minutes with 1,200 connections,
# 1,024 slow uploads, 50 kill -9 under writes, PostgreSQL away for 10 s
# under load (HONGLIAN_SOAK=1 lengthens what make test runs briefly).
soak: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory MODE=test tests
	@HONGLIAN_SOAK=1 HONGLIAN_TEST_WEB=0 \
	    HONGLIAN_TEST_ONLY="api/test_slowloris api/test_memory api/test_crash api/test_hostile api/test_outage" \
	    scripts/run-tests.sh

# The notification worker: events/s to a local receiver, and the chain
# endpoint's throughput while delivering as a ratio of idle.
bench-notify: all
	@bench/notify.sh

# The common-problem query and agenda drafting on 2000 open cases.
bench-meetings: all
	@bench/common_problems.sh

# Lists, exports and writes at 10 000 and 1 000 000 generated cases, and
# one against two servers behind nginx (docs/SCALING.md has the figures).
bench-scale: all
	@bench/scale.sh

# The committee's dashboards on a million cases (bench/metrics.sh).
bench-metrics: all
	@bench/metrics.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
