#!/usr/bin/env bats
# Issue 4, point 6: journald. No journald runs here: a fake one
# (fakejournald.py) binds the native socket in a private mount namespace
# where /run/systemd is ours (libsystemd has no override for the path), and
# the test reads the fields of each datagram. The static build cannot load
# libsystemd: there the documented fallback, stderr, is what is tested.
load helpers
load deploy_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	J=$BATS_TEST_TMPDIR/run-systemd
	mkdir -p "$J/journal"
	chmod 755 "$J" "$J/journal"
	ENTRIES=$BATS_TEST_TMPDIR/entries.json
	: > "$ENTRIES"
	start_fake "$J/journal/socket" "$ENTRIES"
	STATIC=
	file -L "$CGIHANDLER" | grep -q 'statically linked' && STATIC=1
	true
}
teardown() {
	stop_server
	stop_fake
}

# with_journal COMMAND...: becomes COMMAND with $J as /run/systemd.
with_journal() {
	exec unshare -m --propagation private -- sh -c \
		'mount --bind "$1" /run/systemd && shift && exec "$@"' with_journal "$J" "$@"
}

# serve_journal [-E NAME=VALUE]... -- ARGS: the handler under
# systemd-socket-activate --inetd, its stderr in $ACT_LOG.
serve_journal() {
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1" "$2")
		shift 2
	done
	shift
	ACT_LOG=$BATS_TEST_TMPDIR/stderr.log
	# a new port when the last was taken between free_port and the bind
	# (suites run side by side), as the other start_bg callers do
	local try
	for try in 1 2 3 4 5 6 7 8; do
		free_port
		start_bg "$ACT_LOG" with_journal systemd-socket-activate -l "127.0.0.1:$PORT" \
			-a --inetd "${envs[@]}" "$CGIHANDLER" "$@" && return 0
	done
	return 1
}

# entry N FIELD: FIELD of the Nth entry received (1-based), or "-" if absent.
entry() {
	python3 -c 'import json,sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
print(rows[n - 1].get(sys.argv[3], "-") if len(rows) >= n else "-")' "$ENTRIES" "$1" "$2"
}

# entries_at_least N: N entries or more arrived.
entries_at_least() {
	[ "$(grep -c . "$ENTRIES")" -ge "$1" ]
}

# wait_entries N: waits (WAIT_S at most) until N entries arrived.
wait_entries() {
	wait_for entries_at_least "$1"
}

@test "journal: --log=journal sends structured entries: method, target, status, bytes, remote address, priority" {
	serve_journal -- --root "$ROOT" --log=journal
	run curl -sS "http://127.0.0.1:$PORT/hello.txt?x=1"
	[ "$output" = "hello world" ]
	run curl -sS -o /dev/null "http://127.0.0.1:$PORT/missing.txt"
	run curl -sS --data-binary 'abc' "http://127.0.0.1:$PORT/cgi-bin/echo.sh"
	[ "$output" = abc ]
	if [ -n "$STATIC" ]; then
		# no libsystemd to load: the lines are on stderr, as documented
		wait_log '"POST /cgi-bin/echo.sh HTTP/1.1" 200 -'
		grep -q '^127.0.0.1 - - \[.*"GET /hello.txt?x=1 HTTP/1.1" 200 12$' "$ACT_LOG"
		[ ! -s "$ENTRIES" ]
		return
	fi
	wait_entries 3
	cat "$ENTRIES"
	[ "$(entry 1 PRIORITY)" = 6 ]
	[ "$(entry 1 SYSLOG_IDENTIFIER)" = cgihandler ]
	[ "$(entry 1 CGIHANDLER_METHOD)" = GET ]
	[ "$(entry 1 CGIHANDLER_TARGET)" = "/hello.txt?x=1" ]
	[ "$(entry 1 CGIHANDLER_STATUS)" = 200 ]
	[ "$(entry 1 CGIHANDLER_BYTES)" = 12 ]
	[ "$(entry 1 REMOTE_ADDR)" = 127.0.0.1 ]
	[[ "$(entry 1 MESSAGE)" == '127.0.0.1 - - ['*'] "GET /hello.txt?x=1 HTTP/1.1" 200 12' ]]
	[ "$(entry 1 CGIHANDLER_REASON)" = - ]
	[ "$(entry 2 CGIHANDLER_STATUS)" = 404 ]
	[ "$(entry 2 CGIHANDLER_REASON)" != - ]
	[ "$(entry 3 CGIHANDLER_METHOD)" = POST ]
	[ "$(entry 3 CGIHANDLER_TARGET)" = /cgi-bin/echo.sh ]
	[ "$(entry 3 CGIHANDLER_STATUS)" = 200 ]
	# a script's body length is not ours to know
	[ "$(entry 3 CGIHANDLER_BYTES)" = - ]
	# and nothing went to stderr
	! grep -q ' - - \[' "$ACT_LOG" || false
}

@test "journal: an error line is an entry of priority 3 (err)" {
	serve_journal -- --root "$ROOT/no-such-dir" --log=journal
	run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = 500 ]
	if [ -n "$STATIC" ]; then
		wait_log 'cannot serve'
		return
	fi
	wait_entries 2
	cat "$ENTRIES"
	[ "$(entry 1 PRIORITY)" = 3 ]
	[[ "$(entry 1 MESSAGE)" == *"cannot serve"* ]]
	[ "$(entry 2 PRIORITY)" = 6 ]
	[ "$(entry 2 CGIHANDLER_STATUS)" = 500 ]
}

@test "journal: stderr that is JOURNAL_STREAM selects the journal by itself; another stream does not" {
	ACT_LOG=$BATS_TEST_TMPDIR/stderr.log
	: > "$ACT_LOG"
	stream=$(stat -c '%d:%i' "$ACT_LOG")
	serve_journal -E "JOURNAL_STREAM=$stream" -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = "hello world" ]
	if [ -n "$STATIC" ]; then
		wait_log '"GET /hello.txt HTTP/1.1" 200 12'
	else
		wait_entries 1
		[ "$(entry 1 CGIHANDLER_TARGET)" = /hello.txt ]
		! grep -q ' - - \[' "$ACT_LOG" || false
	fi
	stop_server
	# the same variable naming some other file: plain stderr
	serve_journal -E "JOURNAL_STREAM=$(stat -c '%d:%i' "$ROOT/hello.txt")" -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/sub/deeper/file.txt"
	[ "$output" = deep ]
	wait_log '"GET /sub/deeper/file.txt HTTP/1.1" 200 5'
	[ "$(grep -c CGIHANDLER_TARGET "$ENTRIES")" -le 1 ]
	! grep -q 'deeper' "$ENTRIES" || false
}

@test "journal: with no journald to take them, journal lines go to stderr, not nowhere" {
	stop_fake
	rm -f "$J/journal/socket"
	serve_journal -- --root "$ROOT" --log=journal
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = "hello world" ]
	wait_log '^127.0.0.1 - - \[.*"GET /hello.txt HTTP/1.1" 200 12$'
}

@test "journal: after --chroot the journal's socket is out of reach: lines go to stderr" {
	serve_journal -- --root "$ROOT" --chroot --log=journal
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = "hello world" ]
	wait_log '^127.0.0.1 - - \[.*"GET /hello.txt HTTP/1.1" 200 12$'
	[ ! -s "$ENTRIES" ]
}

@test "journal: libsystemd is not linked, and is loaded only when the journal is used" {
	run ldd "$CGIHANDLER"
	[[ "$output" != *libsystemd* ]]
	req=$BATS_TEST_TMPDIR/req
	printf 'GET /hello.txt HTTP/1.0\r\n\r\n' > "$req"
	for log in stderr syslog none auto; do
		strace -f -e trace=open,openat,openat2 -o "$BATS_TEST_TMPDIR/trace" \
			"$CGIHANDLER" --root "$ROOT" --log=$log < "$req" > /dev/null 2>&1
		grep -q 'hello.txt' "$BATS_TEST_TMPDIR/trace"
		! grep -q libsystemd "$BATS_TEST_TMPDIR/trace" || false
	done
	strace -f -e trace=open,openat,openat2 -o "$BATS_TEST_TMPDIR/trace" \
		"$CGIHANDLER" --root "$ROOT" --log=journal < "$req" > /dev/null 2>&1
	if [ -n "$STATIC" ]; then
		! grep -q libsystemd "$BATS_TEST_TMPDIR/trace" || false
	else
		grep -q 'libsystemd.so.0' "$BATS_TEST_TMPDIR/trace"
	fi
}
