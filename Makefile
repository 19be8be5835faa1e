# cgihandler: build, check, run, install, static build, fuzz, bench.
# `make run` serves the demo site; `make check` runs every test. Both install
# what a fresh Debian machine lacks (tests/deps.sh).

VERSION  = 0.1.0
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc

WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-missing-field-initializers
HARDEN   = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS  ?= -O2 -g
# 64-bit off_t, ino_t and time_t on 32-bit glibc too (armhf, mips): without
# them readdir fails with EOVERFLOW on a file system with 64-bit inode
# numbers or directory offsets, and dates end in 2038. No-ops on 64-bit CPUs
# and with musl, whose types are always 64-bit.
LFS      = -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
CFLAGS  += -std=gnu11 -D_GNU_SOURCE $(LFS) $(WARN) $(HARDEN) -DCGIHANDLER_VERSION='"$(VERSION)"'
LDFLAGS += -pie -Wl,-z,relro,-z,now

# Objects live in build/; make check SAN=1 builds an ASan+UBSan binary in
# build-san/ and runs every test against it, without touching ./cgihandler.
BUILD    = build
BIN      = cgihandler
ifeq ($(SAN),1)
BUILD    = build-san
BIN      = build-san/cgihandler
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
HDRS     = $(wildcard lib/*.h)

# The binary the tests run; `make check CGIHANDLER=./cgihandler-static`
# runs the whole suite against the static build.
CGIHANDLER ?= ./$(BIN)

.PHONY: all static check unit run deps clean format
all: $(BIN)

$(BIN): $(BUILD)/handler.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
	@strip -o $(BUILD)/stripped $@ && printf 'size %-22s %7d bytes (%d stripped)\n' $@ \
	  "$$(stat -c %s $@)" "$$(stat -c %s $(BUILD)/stripped)"

$(BUILD)/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Werror -c -o $@ $<

# Static with musl: a few dozen KiB, the cheapest exec there is (DESIGN.md).
# The flags of every static build: this one and make cross's.
# -z noseparate-code: x86-64's ld otherwise gives the ELF header, the code
# and the read-only data a page-aligned segment each, about 4 KiB of file
# padding (153,288 -> 149,192 bytes); aarch64 and mips already link so.
# CGIHANDLER_STATIC: the code knows dlopen is not there (lib/log.c).
# lib/hot.ld: what every request touches on as few pages as can be.
# -fno-pie: the link is not PIE (a static EXEC at a fixed address), so PIC
# code buys nothing; without it the tables of pointers (statuses, options)
# are .rodata, not 3 KiB of .data.rel.ro ahead of .data: 1.4 KiB more code
# fits before the file grows by its next 4 KiB (the RELRO end is
# page-aligned), and a request has one page fault less.
STATIC_FLAGS = -std=gnu11 -D_GNU_SOURCE $(LFS) -Os -static $(WARN) -Werror \
               -DCGIHANDLER_VERSION='"$(VERSION)"' -fno-asynchronous-unwind-tables \
               -ffunction-sections -fdata-sections -Wl,--gc-sections -Wl,-z,noseparate-code -s \
               -DCGIHANDLER_STATIC -Wl,-T,lib/hot.ld -fno-pie
static: cgihandler-static
cgihandler-static: handler.c $(LIB_SRC) $(HDRS) lib/hot.ld
	@command -v musl-gcc >/dev/null || tests/deps.sh musl-tools
	musl-gcc $(STATIC_FLAGS) -o $@ handler.c $(LIB_SRC)
	@printf 'size %-22s %7d bytes\n' $@ "$$(stat -c %s $@)"

deps:
	tests/deps.sh

# --- Cross builds: static binaries for the routers' CPUs -----------------
# `make cross` builds cgihandler-aarch64, -armhf, -mipsel and -mips with
# Debian's cross gcc. Where Debian has the target's multiarch musl-dev:ARCH
# (all but big-endian mips) the binary is static musl: musl-tools ships a
# specs file for the native musl only, and the same file with the target's
# triplet is what musl-gcc is for that target. Big-endian mips is static
# glibc. `make check-cross` runs the activation, static, CGI and hostile
# suites against each under qemu-user-static; CROSS_ARCHS=armhf
# CROSS_SUITES="smoke hostile-syntax" narrows it (CI).
CROSS_ARCHS  ?= aarch64 armhf mipsel mips
CROSS_SUITES ?= smoke activation static cgi hostile-limits hostile-syntax hostile-paths \
                hostile-scripts hostile-faults
gnu_aarch64  = aarch64-linux-gnu
gnu_armhf    = arm-linux-gnueabihf
gnu_mipsel   = mipsel-linux-gnu
gnu_mips     = mips-linux-gnu
musl_aarch64 = aarch64-linux-musl
musl_armhf   = arm-linux-musleabihf
musl_mipsel  = mipsel-linux-musl
qemu_aarch64 = qemu-aarch64-static
qemu_armhf   = qemu-arm-static
qemu_mipsel  = qemu-mipsel-static
qemu_mips    = qemu-mips-static
# musl's specs where there is a musl, nothing (static glibc) elsewhere
cross_specs  = $(if $(musl_$(1)),-specs build-cross/$(1)/musl-gcc.specs)

.PHONY: cross check-cross
cross: $(CROSS_ARCHS:%=cgihandler-%)
	@for a in $(CROSS_ARCHS); do printf 'size %-22s %7d bytes\n' cgihandler-$$a \
	  "$$(stat -c %s cgihandler-$$a)"; done

build-cross/%/musl-gcc.specs:
	@mkdir -p $(dir $@)
	sed 's|x86_64-linux-musl|$(musl_$*)|g; s|ld-musl-x86_64|ld-musl-$*|' \
	  /usr/lib/x86_64-linux-musl/musl-gcc.specs > $@

build-cross/%/tools:
	@tests/deps.sh --cross $*
	@mkdir -p $(dir $@) && touch $@

# The activator starts the wrapper, which becomes qemu running the binary
# (by its full path: a test may give the activator PATH=/evil).
build-cross/%/cgihandler: cgihandler-%
	printf '#!/bin/sh\nexec %s %s "$$@"\n' "$$(command -v $(qemu_$*))" $(CURDIR)/cgihandler-$* > $@
	chmod +x $@

.SECONDEXPANSION:
$(CROSS_ARCHS:%=cgihandler-%): cgihandler-%: build-cross/%/tools \
  $$(if $$(musl_$$*),build-cross/$$*/musl-gcc.specs) handler.c $(LIB_SRC) $(HDRS) lib/hot.ld
	$(gnu_$*)-gcc $(call cross_specs,$*) $(STATIC_FLAGS) -o $@ handler.c $(LIB_SRC)

check-cross: $(CROSS_ARCHS:%=build-cross/%/cgihandler)
	tests/cross.sh "$(CROSS_SUITES)" $(CROSS_ARCHS)


# Unit tests of the pure parts of lib/.
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
$(BUILD)/unit/test_%: tests/unit/test_%.c tests/unit/check.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Werror -I. $(LDFLAGS) -o $@ $< $(LIB_OBJ)

unit: $(UNIT_BIN)

check: deps $(BIN) unit
	CGIHANDLER=$(CGIHANDLER) $(if $(filter 1,$(SAN)),SAN_LOG_DIR=$(SAN_LOG_DIR)) \
	  tests/run tests/style.sh $(UNIT_BIN)

run: deps $(BIN)
	tests/demo.sh $(ARGS)

clean:
	rm -rf cgihandler cgihandler-static build build-san

format:
	clang-format -i handler.c lib/*.c lib/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c \
	  tests/bench/*.c tests/bats/fixtures/*.c

# --- Install and the static check (issue 4, deployment) ---
# `make install PREFIX=/usr DESTDIR=/tmp/pkg`: the binary, the man page, the
# systemd units and the inetd/xinetd examples. The shipped units name
# /usr/local/bin/cgihandler; each installed copy names the installed binary.
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
UNITDIR  ?= $(PREFIX)/lib/systemd/system
DATADIR  ?= $(PREFIX)/share/cgihandler
SHIPPED_BIN = /usr/local/bin/cgihandler
UNITS    = cgihandler.socket cgihandler@.service
EXAMPLES = inetd.conf xinetd.conf
# The binary to install: INSTALL_BIN=./cgihandler-static installs that one.
INSTALL_BIN ?= $(BIN)

.PHONY: install uninstall check-static
install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/cgihandler
	install -m 644 docs/cgihandler.8 $(DESTDIR)$(MANDIR)/man8/cgihandler.8
	for f in $(UNITS); do \
	  sed 's|$(SHIPPED_BIN)|$(BINDIR)/cgihandler|g' units/$$f > $(DESTDIR)$(UNITDIR)/$$f && \
	  chmod 644 $(DESTDIR)$(UNITDIR)/$$f || exit 1; done
	for f in $(EXAMPLES); do \
	  sed 's|$(SHIPPED_BIN)|$(BINDIR)/cgihandler|g' units/$$f > $(DESTDIR)$(DATADIR)/$$f && \
	  chmod 644 $(DESTDIR)$(DATADIR)/$$f || exit 1; done

# Removes exactly what install put, and the one directory that is ours.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cgihandler $(DESTDIR)$(MANDIR)/man8/cgihandler.8
	for f in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$f; done
	for f in $(EXAMPLES); do rm -f $(DESTDIR)$(DATADIR)/$$f; done
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

# --- The Debian package: `make deb` -------------------------------------
# Builds cgihandler_VERSION_ARCH.deb with Debian's tools from debian/, in a
# copy of the tracked tree under build-deb/ (dpkg-buildpackage writes to the
# parent of the source directory), then runs lintian on it.
DEB_ARCH = $(shell dpkg --print-architecture 2>/dev/null)
DEB      = build-deb/cgihandler_$(VERSION)_$(DEB_ARCH).deb
.PHONY: deb
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null && command -v lintian >/dev/null || \
	  tests/deps.sh dpkg-dev debhelper lintian fakeroot
	rm -rf build-deb && mkdir -p build-deb/cgihandler-$(VERSION)
	git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t build-deb/cgihandler-$(VERSION)
	cd build-deb/cgihandler-$(VERSION) && dpkg-buildpackage -us -uc -b > ../build.log 2>&1 || \
	  { tail -40 ../build.log; exit 1; }
	lintian --fail-on error,warning $(DEB)
	@echo "built $(DEB)"

# The whole suite against the static musl build.
check-static: cgihandler-static
	$(MAKE) check CGIHANDLER=./cgihandler-static

# --- bench (issue 5): `make bench`, `make bench ARGS=--quick` ---------------
# Builds its own cgihandler copies and peers' fixtures under a temporary
# directory; writes the table, results and chart to build-bench/bench-out/.
.PHONY: bench
bench:
	tests/bench/run.sh $(ARGS)

# --- Sanitizers and fuzzing (issue 3, hostile input) ----------------------
# SAN=1: the binary carries its own ASan/UBSan defaults (tests/fuzz/
# san_options.c) so that a report goes to a file in SAN_LOG_DIR, never to
# fd 2, which under inetd is the connection; `make san-report SAN=1` fails
# when any report is there (the hostile suites check after each case).
SAN_LOG_DIR ?= /tmp/cgihandler-san
.PHONY: san-logs san-report fuzz fuzz-merge
ifeq ($(SAN),1)
# clang, not gcc: gcc's UBSan runtime sits beside ASan's and ignores
# log_path, so its reports would still go to fd 2 (seen with gcc 12).
CC = clang
$(BIN): $(BUILD)/tests/fuzz/san_options.o
check: san-logs
endif
$(BUILD)/tests/fuzz/san_options.o: tests/fuzz/san_options.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DSAN_LOG_DIR='"$(SAN_LOG_DIR)"' -Werror -c -o $@ $<
san-logs:
	mkdir -p $(SAN_LOG_DIR) && chmod 1777 $(SAN_LOG_DIR) && rm -f $(SAN_LOG_DIR)/*
san-report:
	@if ls $(SAN_LOG_DIR)/*san.* >/dev/null 2>&1; then \
	  cat $(SAN_LOG_DIR)/*san.*; echo "sanitizer reports in $(SAN_LOG_DIR)"; exit 1; \
	else echo "no sanitizer reports in $(SAN_LOG_DIR)"; fi

# `make fuzz FUZZ_SECONDS=N`: builds each libFuzzer target into build-fuzz/
# and runs it N seconds from its seed corpus (tests/fuzz/corpus/NAME, read
# only; what it finds goes to build-fuzz/corpus-NAME). A crash stops make
# and leaves build-fuzz/crash-NAME-*. `make fuzz-merge` folds the new finds
# that add coverage back into the seed corpus.
FUZZ_SECONDS ?= 60
# inputs up to just past HEAD_MAX, so the 414 and 431 paths are reachable
FUZZ_MAX_LEN ?= 17000
FUZZ_TARGETS  = request uri chunked cgi_env proxy cgi_head httpdate
FUZZ_CC      ?= clang
FUZZ_SAN      = address,undefined
FUZZ_CFLAGS   = -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all \
                $(WARN) -Werror -I. -DCGIHANDLER_VERSION='"$(VERSION)"'
FUZZ_BIN      = $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
# lib/ is compiled once for every target (fuzzer-no-link: the coverage
# instrumentation without libFuzzer's main, which each target links).
FUZZ_LIB_OBJ  = $(LIB_SRC:%.c=build-fuzz/%.o)

build-fuzz/lib/%.o: lib/%.c $(HDRS) Makefile
	@command -v $(FUZZ_CC) >/dev/null || tests/deps.sh clang libclang-rt-14-dev
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c -o $@ $<

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< $(FUZZ_LIB_OBJ)

fuzz: $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus-$$t; \
	  build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -max_len=$(FUZZ_MAX_LEN) \
	    -artifact_prefix=build-fuzz/crash-$$t- build-fuzz/corpus-$$t tests/fuzz/corpus/$$t \
	    > build-fuzz/$$t.log 2>&1 || { tail -60 build-fuzz/$$t.log; exit 1; }; \
	  printf 'fuzz %-8s %s s: %s runs; corpus: %s seeds, %s in build-fuzz/corpus-%s\n' $$t $(FUZZ_SECONDS) \
	    "$$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/$$t.log)" \
	    "$$(ls tests/fuzz/corpus/$$t | wc -l)" "$$(ls build-fuzz/corpus-$$t | wc -l)" $$t; \
	done

fuzz-merge: $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
	  build-fuzz/fuzz_$$t -merge=1 tests/fuzz/corpus/$$t build-fuzz/corpus-$$t \
	    > build-fuzz/$$t.merge.log 2>&1 || exit 1; done
