#!/usr/bin/env bats
# Issue 2, point 7: one Common Log Format line per request on stderr, and
# never a byte of it in a response, even when stderr is the connection.
load helpers
load deploy_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
}
teardown() {
	deactivate
	stop_fake
}

curl() { command curl --max-time 20 "$@"; }

CLF='^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} \+0000\] '

# syslog_lines_at_least N: the fake syslog received N lines or more.
syslog_lines_at_least() {
	[ "$(wc -l < "$sys/lines")" -ge "$1" ]
}

# access_lines: the access-log lines in the activator log.
access_lines() {
	grep -E "$CLF" "$ACT_LOG" || true
}

@test "logging: one CLF line per request, on stderr, in both styles" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		curl -sS -o /dev/null "http://127.0.0.1:$PORT/hello.txt"
		wait_log '"GET /hello.txt HTTP/1.1" 200 12$'
		curl -sS -o /dev/null "http://127.0.0.1:$PORT/missing"
		wait_log '"GET /missing HTTP/1.1" 404 [0-9]* no-such-file$'
		curl -sS -o /dev/null "http://127.0.0.1:$PORT/cgi-bin/env.sh?x=1"
		wait_log '"GET /cgi-bin/env.sh?x=1 HTTP/1.1" 200 -$'
		curl -sS -o /dev/null -X PUT "http://127.0.0.1:$PORT/x"
		wait_log '"PUT /x HTTP/1.1" 501 [0-9]* unsupported-method$'
		sleep 0.2
		[ "$(access_lines | wc -l)" -eq 4 ]
		# every line is CLF: host ident user [date] "request" status bytes [reason]
		! access_lines | grep -vE "$CLF\"[^\"]*\" [0-9]{3} ([0-9]+|-)( [a-z0-9-]+)?$" || false
		deactivate
	done
}

@test "logging: HEAD logs 0 bytes; a range logs what was sent" {
	activate -- --root "$ROOT"
	curl -sS -o /dev/null -I "http://127.0.0.1:$PORT/hello.txt"
	wait_log '"HEAD /hello.txt HTTP/1.1" 200 0$'
	curl -sS -o /dev/null -r 0-4 "http://127.0.0.1:$PORT/hello.txt"
	wait_log '"GET /hello.txt HTTP/1.1" 206 5$'
}

@test "logging: unprintable bytes and quotes of a request line are escaped (the seed's test_unprintable_not_logged)" {
	activate -- --root "$ROOT"
	run raw 'GET /\x1b[31m"x HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 400 ]
	wait_log 'GET /\\x1b\[31m\\x22x HTTP/1.0" 400'
	! grep -q $'\x1b' "$ACT_LOG" || false
}

@test "logging: a request that never came is logged too" {
	activate -- --root "$ROOT" --timeout 1
	run raw '' --half-close
	wait_log '"" - [0-9-]* no-request$'
	# the 408 shows the handler's --timeout (1 s) ended it; the client's
	# bound is only for a handler that never answers
	run raw 'GET / HTTP/1.0\r\n' --timeout 15
	[ "$(status_of "$output")" = 408 ]
	wait_log '"" 408 [0-9]* head-timeout$'
}

@test "logging: with stderr being the connection, nothing of the log is in the response" {
	wrapper=$BATS_TEST_TMPDIR/stderr-is-conn
	printf '#!/bin/sh\nexec 2>&1\nexec strace -f -o "%s" -e trace=connect,sendto,write "%s" "$@"\n' \
		"$BATS_TEST_TMPDIR/trace" "$CGIHANDLER" > "$wrapper"
	chmod 755 "$wrapper"
	command -v strace >/dev/null || skip "strace not installed"
	CGIHANDLER=$wrapper activate --inetd -- --root "$ROOT"
	for path in /hello.txt /missing /cgi-bin/env.sh /sub; do
		out=$BATS_TEST_TMPDIR/answer
		raw "GET $path HTTP/1.0\r\n\r\n" > "$out"
		[[ "$(cat "$out")" != *' - - ['* ]]
		[[ "$(cat "$out")" != *cgihandler\[* ]]
		len=$(header_of "$(cat "$out")" Content-Length)
		if [ -n "$len" ]; then
			# the body is exactly Content-Length bytes: nothing after it
			head=$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d.index(b"\r\n\r\n")+4)' "$out")
			[ "$(stat -c %s "$out")" -eq $((head + len)) ]
		fi
	done
	# the lines went to syslog instead
	grep -q 'connect([0-9]*, {sa_family=AF_UNIX, sun_path="/dev/log"}' "$BATS_TEST_TMPDIR/trace"
	! access_lines | grep -q . || false
}

@test "logging: --log none writes nothing; --log stderr is overruled when stderr is the connection" {
	activate -- --root "$ROOT" --log none
	curl -sS -o /dev/null "http://127.0.0.1:$PORT/hello.txt"
	# the activator reaps the handler after its last word: none came
	wait_log 'died with code'
	! access_lines | grep -q . || false
	deactivate
	wrapper=$BATS_TEST_TMPDIR/stderr-is-conn
	printf '#!/bin/sh\nexec 2>&1\nexec "%s" "$@"\n' "$CGIHANDLER" > "$wrapper"
	chmod 755 "$wrapper"
	CGIHANDLER=$wrapper activate --inetd -- --root "$ROOT" --log stderr
	run raw 'GET /missing HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 404 ]
	[[ "$output" != *' - - ['* ]]
	[[ "$output" == *'</html>' ]]
}

# --log syslog speaks syslog's datagram protocol itself (lib/log.c): each
# line is one datagram to /dev/log, "<PRI>cgihandler[PID]: " and the line
# whole, LOG_DAEMON with the line's severity, no timestamp (the receiver
# stamps it, RFC 3164 section 4.3.2).
@test "logging: --log syslog sends each line as one datagram to /dev/log: <PRI>cgihandler[PID]: and the whole line" {
	sys=$BATS_TEST_TMPDIR/sys
	mkdir -p "$sys"
	chmod 755 "$sys"
	start_fake --raw "$sys/log" "$sys/lines"
	long=/$(printf 'x%.0s' $(seq 1 1040))
	for target in /hello.txt "$long"; do
		printf 'GET %s HTTP/1.0\r\n\r\n' "$target" > "$BATS_TEST_TMPDIR/req"
		(with_devlog "$sys" "$CGIHANDLER" --root "$ROOT" --log syslog \
			< "$BATS_TEST_TMPDIR/req" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err")
		[ "$(status_of "$(cat "$BATS_TEST_TMPDIR/out")")" != "" ]
		[ ! -s "$BATS_TEST_TMPDIR/err" ]
	done
	wait_for syslog_lines_at_least 2
	cat "$sys/lines"
	[ "$(wc -l < "$sys/lines")" -eq 2 ]
	# daemon.info (3 * 8 + 6), and a datagram past 1,024 bytes is not cut
	# where syslog(3)'s 1 KiB buffer would cut it
	grep -Eq '^<30>cgihandler\[[0-9]+\]: - - - \[[^]]*\] "GET /hello.txt HTTP/1.0" 200 12$' "$sys/lines"
	grep -Eq '^<30>cgihandler\[[0-9]+\]: - - - \[[^]]*\] "GET /x{1000,}[^"]*" 404 [0-9]+ no-such-file$' "$sys/lines"
	[ "$(awk 'length($0) > 1024' "$sys/lines" | wc -l)" -eq 1 ]
}
