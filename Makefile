# dialturn — the single entry point: make, make run, make test, make bench, make lint.
#
# Two builds share the sources: build/rel (optimised, what `make run` serves) and
# build/san (AddressSanitizer + UBSan, what `make test` runs); a third, build/fuzz,
# is clang's libFuzzer build of the same code for fuzz/ (`make fuzz`).  Each object
# depends on its headers through -MMD.

PREFIX   ?= /usr/local
DESTDIR  ?=
PORT     ?= 8080
DEMO_DB  ?= demo.db

# Debian packages the build and the tests need; `make deps` installs what is missing.
DEB_BUILD = gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev libcurl4-openssl-dev \
            libcmark-dev libsodium-dev libcsv-dev zlib1g-dev python3 \
            libcairo2-dev libpango1.0-dev libical-dev libxlsxwriter-dev
DEB_TEST  = libcriterion-dev sqlite3 curl python3 python3-aiosmtpd jq clang-format nginx openssl systemd \
            poppler-utils python3-openpyxl
DEB_BROWSER = chromium
# Node and npm build the stylesheet; Debian's are used only where none is installed
# (package-lock.json pins versions that still run on Debian 12's Node 18).
DEB_NODE  = nodejs npm
DEB_BENCH = hyperfine wrk

PKGS    = libmicrohttpd sqlite3 jansson libcmark libsodium libcurl cairo pangocairo libical xlsxwriter
CC      ?= cc
WARN    = -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wvla -Wno-unused-parameter
BASEFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl, libical, pango and cairo are opened when first used (src/lib/dynlib.h),
# not linked: their headers only.  The unit tests that read their output with
# them link them (TEST_LIBS).
DYN_PKGS = libcurl cairo pangocairo libical
LIBS    = $(shell pkg-config --libs $(filter-out $(DYN_PKGS),$(PKGS)) 2>/dev/null) -lcsv -lz \
          -lpthread -lm -ldl
TEST_LIBS = $(shell pkg-config --libs $(DYN_PKGS) 2>/dev/null)

REL_CFLAGS = $(BASEFLAGS) -O2 -g
SAN_CFLAGS = $(BASEFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=all
SAN_LDFLAGS = -fsanitize=address,undefined

LIB_SRC   = $(wildcard src/lib/*.c)
MODEL_SRC = $(wildcard src/model/*.c)
WEB_SRC   = $(wildcard src/web/*.c)
CLI_SRC   = $(wildcard src/cli/*.c)
CORE_SRC  = $(LIB_SRC) $(MODEL_SRC) $(WEB_SRC) $(CLI_SRC)
MAIN_SRC  = src/main.c
GEN_SRC   = build/gen/embedded.c
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
SQL       = $(sort $(wildcard sql/*.sql))
EMBED_DATA = data/demo/birmingham-2015.json data/openapi.json
EMBED_ASSETS = build/gen/dialturn.css
SCSS      = $(wildcard assets/*.scss)

REL_OBJ = $(patsubst %.c,build/rel/%.o,$(CORE_SRC) $(GEN_SRC))
SAN_OBJ = $(patsubst %.c,build/san/%.o,$(CORE_SRC) $(GEN_SRC))
UNIT_BIN = $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))

.PHONY: all run test test-unit test-e2e test-browser bench lint install clean deps deps-test \
        deps-bench deps-node deps-node-apt deps-browser demo-db fuzz fuzz-build fuzz-replay \
        deps-fuzz

all: deps build/rel/dialturn

# --- dependencies -----------------------------------------------------------------
# Installs, with apt-get, whichever of the listed Debian packages is not installed.
define apt_ensure
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi
endef

deps:
	$(call apt_ensure,$(DEB_BUILD))
deps-test: deps
	$(call apt_ensure,$(DEB_TEST) $(DEB_BROWSER))
deps-browser:
	$(call apt_ensure,$(DEB_BROWSER))
# Node and npm from Debian, only when there is no `node` or `npm` on the PATH.
deps-node:
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory deps-node-apt; fi
deps-node-apt:
	$(call apt_ensure,$(DEB_NODE))
# nginx: Debian's package, which bench/run.sh runs as a private instance of its own on a
# loopback port, to compare with `dialturn serve` on the files `publish` writes
deps-bench: deps
	$(call apt_ensure,$(DEB_BENCH) nginx)

# --- build --------------------------------------------------------------------------
build/host/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

# --- front end: npm packages and the stylesheet ----------------------------------------
# node_modules comes from the committed package-lock.json alone (`npm ci`: the only
# network the build needs); the stamp makes it re-run when the lock file changes.
# No package needs an install script, so none runs.
node_modules/.stamp: package.json package-lock.json | deps-node
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# GOV.UK Frontend and dialturn's own styles, compiled to one stylesheet that is
# embedded in the binary.  It must reference no file (no fonts, no images): the
# binary serves none, so any url( fails the build.
build/gen/dialturn.css: $(SCSS) node_modules/.stamp
	@mkdir -p $(@D)
	@$(if $(V),,echo "  SASS    $@")
	$(Q)node_modules/.bin/sass --style=compressed --no-source-map --load-path=node_modules \
	  --quiet-deps --silence-deprecation=import assets/dialturn.scss $@.tmp
	$(Q)if grep -o 'url([^)]*)' $@.tmp; then \
	  echo "$@: the stylesheet references a file the binary does not serve"; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

# Migrations and other assets are compiled into the binary so that one file deploys.
$(GEN_SRC): build/host/embed $(SQL) $(EMBED_DATA) $(EMBED_ASSETS)
	@mkdir -p $(@D)
	build/host/embed $(SQL) $(EMBED_DATA) $(EMBED_ASSETS) > $@.tmp && mv $@.tmp $@

# V=1 shows the full compiler lines.
Q = $(if $(V),,@)

build/rel/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(REL_CFLAGS) -MMD -MP -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(V),,echo "  CC san  $<")
	$(Q)$(CC) $(SAN_CFLAGS) -MMD -MP -c -o $@ $<

# html_printf's conversions are our own, so the compiler cannot check them:
# tools/lint_calls.py (the injection check of `make lint`) runs as a build step
# instead, and a call with an unknown conversion, a wrong argument count, a %s
# of untrusted text or SQL built at run time fails the build before linking.
build/lint-calls.stamp: tools/lint_calls.py $(CORE_SRC) $(MAIN_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	@$(if $(V),,echo "  CHECK   html_printf and SQL calls")
	$(Q)python3 tools/lint_calls.py $(filter-out tools/lint_calls.py,$^)
	@touch $@

build/rel/dialturn: $(REL_OBJ) build/rel/src/main.o | build/lint-calls.stamp
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LIBS)

build/san/dialturn: $(SAN_OBJ) build/san/src/main.o | build/lint-calls.stamp
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(SAN_LDFLAGS) -o $@ $^ $(LIBS)

build/san/tests/%: tests/unit/%.c $(SAN_OBJ)
	@mkdir -p $(@D)
	@$(if $(V),,echo "  TEST    $<")
	$(Q)$(CC) $(SAN_CFLAGS) -MMD -MP -o $@ $< $(SAN_OBJ) $(LIBS) $(TEST_LIBS) -lcriterion $(SAN_LDFLAGS)

-include $(shell find build -name '*.d' 2>/dev/null)

# --- run ----------------------------------------------------------------------------
demo-db: build/rel/dialturn
	@[ -f $(DEMO_DB) ] || build/rel/dialturn demo --db $(DEMO_DB) --create-only

run: all
	build/rel/dialturn demo --db $(DEMO_DB) --listen 127.0.0.1:$(PORT)

# --- tests --------------------------------------------------------------------------
# The release build is made too: `make run` and `make bench` use it, and -O2's
# value ranges find format truncations that the sanitizer build's do not.
test: deps-test build/san/dialturn build/rel/dialturn $(UNIT_BIN)
	@$(MAKE) --no-print-directory lint test-unit fuzz-replay test-e2e test-browser

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 $$t --jobs 2; done

test-e2e: build/san/dialturn
	@DIALTURN=build/san/dialturn tests/e2e/run.sh

# Every page in tests/browser/pages.txt in Debian's chromium (never a downloaded
# browser): status, axe-core's WCAG 2.2 AA rules, no JavaScript, keyboard; then
# one whole month driven through the workspace's forms (cycle.mjs); then a panel
# meeting and a report to the Secretary of State through theirs (panel.mjs).
test-browser: deps-browser node_modules/.stamp build/san/dialturn
	@DIALTURN=build/san/dialturn node tests/browser/run.mjs
	@DIALTURN=build/san/dialturn node tests/browser/cycle.mjs
	@DIALTURN=build/san/dialturn node tests/browser/panel.mjs

# --- fuzzing ---------------------------------------------------------------------------
# One libFuzzer target per fuzz/fuzz_NAME.c, built with Debian's clang over the
# project's code compiled with ASan and UBSan (build/fuzz).  Seeds are in
# fuzz/corpus/NAME/, dictionaries in fuzz/NAME.dict, and every input that ever
# crashed a target in fuzz/crashes/NAME/.  `make fuzz` runs each target for
# FUZZ_SECONDS on one core, one after the other, keeping what it learns in
# build/fuzz/corpus/NAME/ and what it finds in build/fuzz/artifacts/NAME/;
# `make fuzz-replay` (part of `make test`) runs every seed and every crash once.
FUZZ_CC      = clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  = $(BASEFLAGS) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined
FUZZ_SRC     = $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN     = $(patsubst fuzz/%.c,build/fuzz/bin/%,$(FUZZ_SRC))
FUZZ_OBJ     = $(patsubst %.c,build/fuzz/%.o,$(CORE_SRC) $(GEN_SRC))

# clang and its libFuzzer runtime; without them fuzzing fails here, never skips.
deps-fuzz:
	$(call apt_ensure,clang)
	@mkdir -p build
	@echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && !n; }' \
	  > build/fuzz-probe.c
	@$(FUZZ_CC) -fsanitize=fuzzer -o build/fuzz-probe build/fuzz-probe.c || \
	  { echo "make: $(FUZZ_CC) cannot link a libFuzzer target: fuzzing needs Debian's clang"; exit 1; }
	@rm -f build/fuzz-probe build/fuzz-probe.c

build/fuzz/%.o: %.c | deps-fuzz
	@mkdir -p $(@D)
	@$(if $(V),,echo "  CC fuzz $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libdialturn.a: $(FUZZ_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

build/fuzz/bin/%: fuzz/%.c fuzz/fuzz.h build/fuzz/libdialturn.a | deps-fuzz
	@mkdir -p $(@D)
	@$(if $(V),,echo "  FUZZ    $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -I. -MMD -MP -o $@ $< build/fuzz/libdialturn.a $(LIBS) \
	  $(FUZZ_LDFLAGS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh fuzz $(FUZZ_BIN)

fuzz-replay: fuzz-build
	@fuzz/run.sh replay $(FUZZ_BIN)

# --- benchmarks (not part of test) ------------------------------------------------------
bench: deps-bench build/rel/dialturn build/rel/bench/critical
	build/rel/bench/critical 100000 300000 || echo "critical bench: a target was missed"
	bench/report.sh || echo "report bench: it did not run to the end"
	bench/run.sh

# The rules behind `impact` and the critical path on 100,000 actions and 300,000
# dependencies, in memory (bench/critical.c): the model functions alone.
build/rel/bench/critical: bench/critical.c build/rel/src/model/critical.o build/rel/src/model/rules.o \
                          build/rel/src/lib/buf.o build/rel/src/lib/natcmp.o
	@mkdir -p $(@D)
	$(CC) $(REL_CFLAGS) -o $@ $^

# --- lint ---------------------------------------------------------------------------
lint:
	tools/lint.sh

# --- install ------------------------------------------------------------------------
# The binary, the man page and the deployment kit of deploy/ (systemd units,
# system user, nginx site): deploy/install.sh says what goes where.
install: build/rel/dialturn
	deploy/install.sh build/rel/dialturn "$(DESTDIR)" "$(PREFIX)"

clean:
	rm -rf build
