# hostile_helpers.bash: what the hostile*.bats suites share, on top of
# helpers.bash. Every case sends one hostile request, checks the exact
# answer (or the clean close), that the secret beside the root never
# appears, and that the same activator then serves a normal request.

load helpers

# The fixture root plus what the hostile cases need: symlinks that point
# out of the root, names that need escaping, scripts that misbehave.
hostile_site() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	local secret
	secret=$(dirname "$ROOT")/secret.txt
	chmod 644 "$secret"
	ln -s ../secret.txt "$ROOT"/out-link.txt
	ln -s / "$ROOT"/slash-link
	ln -s "$secret" "$ROOT"/abs-link.txt
	ln -s hello.txt "$ROOT"/in-link.txt
	mkdir -p "$ROOT"/.git "$ROOT"/evil.com "$ROOT"/'\evil.com' "$ROOT"/list
	printf '[core]\n' > "$ROOT"/.git/config
	printf 'x\n' > "$ROOT"/list/'<script>alert(1)<\script>.txt'
	printf 'x\n' > "$ROOT"/list/.hidden-in-list
	printf 'x\n' > "$ROOT"/list/visible.txt
	# A script outside the root, reachable only through a symlink.
	printf '#!/bin/sh\ntouch %s/outside-ran\n' "$BATS_TEST_TMPDIR" > "$(dirname "$ROOT")"/outside.sh
	chmod 755 "$(dirname "$ROOT")"/outside.sh
	ln -s ../../outside.sh "$ROOT"/cgi-bin/outside.sh
	cat > "$ROOT"/cgi-bin/spin.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\nspinning\n'
while :; do :; done
SH
	cat > "$ROOT"/cgi-bin/sleep.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\npid=%s\n' "$$"
exec sleep 60
SH
	cat > "$ROOT"/cgi-bin/crash.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\nabout to crash\n'
kill -SEGV $$
SH
	cat > "$ROOT"/cgi-bin/writein.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "CONTENT_LENGTH=$CONTENT_LENGTH"
if (printf 'overwrite' >&0) 2>/dev/null; then echo "stdin-writable"; else echo "stdin-sealed"; fi
head -c "$CONTENT_LENGTH"
echo
SH
	cat > "$ROOT"/cgi-bin/bashenv.sh <<'SH'
#!/bin/bash
printf 'Content-Type: text/plain\r\n\r\n'
env | LC_ALL=C sort
SH
	cat > "$ROOT"/cgi-bin/mem.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
# 1 GiB of address space, mapped but never touched: RLIMIT_AS refuses it
# (alloc-failed) while the machine does no work for it (a bytearray would
# zero 1 GiB, 3.9 s at load 10 here; in CI, at load 27, the answer came
# without its verdict)
if python3 -c 'import mmap; mmap.mmap(-1, 1 << 30)' 2>/dev/null; then echo alloc-ok; else echo alloc-failed; fi
SH
	chmod 755 "$ROOT"/cgi-bin/spin.sh "$ROOT"/cgi-bin/sleep.sh "$ROOT"/cgi-bin/crash.sh \
		"$ROOT"/cgi-bin/writein.sh "$ROOT"/cgi-bin/bashenv.sh "$ROOT"/cgi-bin/mem.sh
}

# still_serves: the activator answers a plain request normally.
still_serves() {
	local a
	a=$(raw 'GET /hello.txt HTTP/1.0\r\n\r\n') || true
	if [ "$(status_of "$a")" != 200 ] || [[ "$a" != *"hello world"* ]]; then
		echo "a normal request after the hostile one got: $a" >&2
		return 1
	fi
}

# expect STATUS REQUEST [rawhttp options]: sends REQUEST, checks its status
# (or "close": no answer at all), that the secret is absent, and that the
# next connection is served. The answer is left in $ANSWER, rawhttp's exit
# status in $RAW_STATUS.
expect() {
	local want=$1 req=$2
	shift 2
	RAW_STATUS=0
	ANSWER=$(raw "$req" "$@" 2>/dev/null) || RAW_STATUS=$?
	if [ "$want" = close ]; then
		if [ -n "$ANSWER" ]; then
			echo "expected a close, got: $ANSWER" >&2
			return 1
		fi
	elif [ "$(status_of "$ANSWER")" != "$want" ]; then
		echo "expected $want, got: $(printf '%s' "$ANSWER" | head -c 600)" >&2
		return 1
	fi
	no_secret "$ANSWER" || { echo "the secret leaked: $ANSWER" >&2; return 1; }
	still_serves
}

# closed_by_handler: the handler ended the last expect's exchange, not the
# client's --timeout (rawhttp exits 4 when that ran out first). The client's
# --timeout is the bound, set well above the handler's own: a bound on the
# wall clock (SECONDS) fails on a loaded machine, with the suites in parallel.
closed_by_handler() {
	[ "$RAW_STATUS" = 0 ] && return 0
	echo "the client's --timeout ended the exchange (rawhttp exit $RAW_STATUS)" >&2
	return 1
}

# expect_reason TOKEN: the refusal's reason token reached the access log.
expect_reason() {
	wait_log " $1" || { echo "no log line with reason $1:" >&2; cat "$ACT_LOG" >&2; return 1; }
}

# handlers_of_activator: the PIDs of the activator's children still alive
# (a handler, or the script that replaced it), one per line.
handlers_of_activator() {
	ps -o pid= --ppid "$ACT_PID" 2>/dev/null | tr -d ' ' || true
}

# wait_no_handlers SECONDS: waits until the activator has no child left;
# fails when one is still there (or a zombie remains) after SECONDS.
wait_no_handlers() {
	local i n=$(($1 * 20))
	for i in $(seq 1 "$n"); do
		[ -z "$(handlers_of_activator)" ] && return 0
		sleep 0.05
	done
	echo "still running after $1 s:" >&2
	ps -o pid,stat,etime,args --ppid "$ACT_PID" >&2 || true
	return 1
}

# no_sanitizer_report: under `make check SAN=1` the binary writes ASan and
# UBSan reports to files in $SAN_LOG_DIR (never into the connection); any
# report there fails the test that caused it. Only that run sets
# SAN_LOG_DIR: a run of another build beside it (CI runs them side by side)
# must neither blame itself for those reports nor take them away.
no_sanitizer_report() {
	local d=${SAN_LOG_DIR:-}
	[ -n "$d" ] && [ -d "$d" ] || return 0
	local f found=0
	for f in "$d"/*.[0-9]*; do
		[ -f "$f" ] || continue
		# blamed already: seen.NAME matches the pattern too
		case ${f##*/} in seen.*) continue ;; esac
		cat "$f" >&2
		# blamed once: the next test starts clean
		mv "$f" "$d/seen.$(basename "$f")" 2>/dev/null || rm -f "$f"
		found=1
	done
	[ "$found" = 0 ]
}

# without_openat2: from here on the activator starts the handler through
# tests/bats/fixtures/no-openat2.c, as on a kernel before 5.6 (openat2
# answers ENOSYS), so its /proc fallback for opening beneath the root is
# what the test exercises. Restarts the activator with the same root.
without_openat2() {
	local fixture=$BATS_TEST_TMPDIR/no-openat2 wrap=$BATS_TEST_TMPDIR/handler-without-openat2
	cc -O2 -o "$fixture" "$BATS_TEST_DIRNAME"/fixtures/no-openat2.c || return 1
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$fixture" "$CGIHANDLER" > "$wrap"
	chmod 755 "$wrap"
	CGIHANDLER=$wrap
}

hostile_setup() {
	hostile_site
	activate -- --root "$ROOT"
}

hostile_teardown() {
	deactivate
	no_sanitizer_report
}
