#!/usr/bin/env bats
# Issue 9, point 3: a script that leaves its request body unread must not
# cost the client its answer. Closing a socket with the body still queued,
# or still arriving, resets the connection, and the reset throws the answer
# away (curl exits 56, http.client raises). In the default mode, exec in
# place, a keeper process holds the connection until the script has ended,
# then half-closes and reads the rest away, bounded by the announced length
# and --timeout (lib/keeper.h). A script that reads still reads the socket
# itself (body.bats checks every byte by sha256).
load helpers
load deploy_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	# answers at once, never looks at its stdin
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\nignored %%s bytes\\n" "$CONTENT_LENGTH"\n' \
		> "$ROOT/cgi-bin/ignore.sh"
	# reads half of the body, then answers
	printf '#!/bin/sh\nhead -c $((CONTENT_LENGTH / 2)) > /dev/null\nprintf "Content-Type: text/plain\\r\\n\\r\\nread half\\n"\n' \
		> "$ROOT/cgi-bin/half.sh"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\nexiting 7\\n"\nexit 7\n' \
		> "$ROOT/cgi-bin/seven.sh"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\nsleeping\\n"\nexec sleep 30\n' \
		> "$ROOT/cgi-bin/sleeps.sh"
	chmod 755 "$ROOT"/cgi-bin/*.sh
}
teardown() {
	deactivate
	stop_server
}

# Every request is bounded: a handler that hangs fails the test, not the run.
curl() { command curl --max-time 60 "$@"; }

# body SIZE: a file of SIZE random bytes; prints its path.
body() {
	local f=$BATS_TEST_TMPDIR/body-$1
	[ -e "$f" ] || head -c "$1" /dev/urandom > "$f"
	echo "$f"
}

# stalled ANNOUNCED SENT PIECE PAUSE [--hold]: a POST to ignore.sh that
# announces ANNOUNCED bytes and sends SENT of them, PIECE bytes at a time
# with PAUSE seconds between, then reads the answer to its end. Prints
# "answer: BODY" and "end: eof" for a clean end, or the error; with --hold,
# then keeps the connection and sends a byte every 0.1 s (20 s at most)
# until the server has closed, and prints "held: closed" or "held: open".
stalled() {
	python3 - "$PORT" "$@" <<'PY'
import socket, sys, time
port, announced, sent, piece, pause = (int(sys.argv[1]), int(sys.argv[2]),
                                       int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
hold = "--hold" in sys.argv
s = socket.create_connection(("127.0.0.1", port), timeout=20)
try:
    s.sendall(b"POST /cgi-bin/ignore.sh HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % announced)
    for off in range(0, sent, piece):
        s.sendall(b"x" * min(piece, sent - off))
        time.sleep(pause)
    # the answer must end well before the server's --timeout (8 s), so
    # its end is the half-close, not the close after the drain
    s.settimeout(4)
    out = b"".join(iter(lambda: s.recv(65536), b""))
except OSError as e:
    print("error:", repr(e))
    sys.exit(0)
print("answer:", out.split(b"\r\n\r\n", 1)[-1].decode().strip())
print("end: eof")
if hold:
    state = "open"
    for i in range(200):
        try:
            s.send(b"y")
        except OSError:
            state = "closed"
            break
        time.sleep(0.1)
    print("held:", state)
PY
}

# handlers: the pids of the handler processes the activator runs now.
handlers() {
	pgrep -P "$ACT_PID" || true
}

# kept_script_sleeps: sets keeper (the handler the activator runs) and
# script (the keeper's child); true once that child has exec'd sleep, the
# last step of sleeps.sh (a child seen earlier may still be the shell).
kept_script_sleeps() {
	keeper=$(handlers)
	[ -n "$keeper" ] && script=$(pgrep -P "$keeper") &&
		[ "$(cat "/proc/$script/comm" 2>/dev/null)" = sleep ]
}

# handler_sleeps: sets pid to the handler the activator runs; true once
# that process has become sleep.
handler_sleeps() {
	pid=$(handlers)
	[ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ]
}

@test "unread: curl POSTs of 1 B, 1 KiB, 64 KiB, 1 MiB and 10 MiB to a script that ignores them get the whole answer (both styles)" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		for size in 1 1024 65536 1048576 10485760; do
			run curl -sS --data-binary @"$(body $size)" "http://127.0.0.1:$PORT/cgi-bin/ignore.sh"
			[ "$status" -eq 0 ] || { echo "size $size mode '$mode': curl exit $status: $output"; false; }
			[ "$output" = "ignored $size bytes" ]
		done
		deactivate
	done
}

@test "unread: python http.client POSTs of 1 KiB, 64 KiB, 1 MiB and 10 MiB get the whole answer (both styles)" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		for size in 1024 65536 1048576 10485760; do
			run hc --method POST --body-file "$(body $size)" /cgi-bin/ignore.sh
			[ "$status" -eq 0 ] || { echo "size $size mode '$mode': $output"; false; }
			[ "$(status_of "$output")" = 200 ]
			[ "$(body_of "$output")" = "ignored $size bytes" ]
		done
		deactivate
	done
}

@test "unread: under tcpserver too, and a script that reads half of the body" {
	serve "$BATS_TEST_TMPDIR/tcpserver.log" tcpserver -q -R -H -l 0 127.0.0.1 @PORT \
		"$CGIHANDLER" --root "$ROOT"
	run curl -sS --data-binary @"$(body 1048576)" "http://127.0.0.1:$PORT/cgi-bin/ignore.sh"
	[ "$status" -eq 0 ]
	[ "$output" = "ignored 1048576 bytes" ]
	run curl -sS --data-binary @"$(body 10485760)" "http://127.0.0.1:$PORT/cgi-bin/half.sh"
	[ "$status" -eq 0 ]
	[ "$output" = "read half" ]
}

@test "unread: a body sent slowly, after the script has answered, is read away" {
	activate -- --root "$ROOT"
	# 256 KiB in 16 KiB pieces, 20 ms apart: most of it arrives after
	# the script is gone
	run stalled 262144 262144 16384 0.02
	[ "${lines[0]}" = "answer: ignored 262144 bytes" ] || { echo "$output"; false; }
	[ "${lines[1]}" = "end: eof" ]
}

@test "unread: a client that never sends the rest of its body gets the answer at once, and is let go by --timeout" {
	activate -- --root "$ROOT" --timeout 8
	# 100,000 of 200,000 bytes, then nothing: the answer ends with a
	# clean end of stream at once; the keeper waits for the rest for
	# --timeout (a byte every 0.1 s does not extend it), then closes
	run stalled 200000 100000 100000 0 --hold
	[ "${lines[0]}" = "answer: ignored 200000 bytes" ] || { echo "$output"; false; }
	[ "${lines[1]}" = "end: eof" ]
	[ "${lines[2]}" = "held: closed" ]
	local i
	for i in $(seq 1 150); do
		[ -z "$(handlers)" ] && break
		sleep 0.1
	done
	[ -z "$(handlers)" ]
}

@test "unread: the activator still sees the script's end: its exit code, --cgi-timeout's SIGALRM, a SIGTERM passed on" {
	# seven.sh under the default --cgi-timeout: a 1 s wall clock could end
	# it before its exit on a loaded machine (died with code 14)
	activate -- --root "$ROOT"
	run curl -sS --data-binary @"$(body 100000)" "http://127.0.0.1:$PORT/cgi-bin/seven.sh"
	[ "$status" -eq 0 ]
	[ "$output" = "exiting 7" ]
	wait_log "died with code 7"
	deactivate
	activate -- --root "$ROOT" --cgi-timeout 1
	# killed by the alarm that survived the exec: the activator sees the
	# signal (systemd-socket-activate prints its number, 14)
	run curl -sS --data-binary @"$(body 100000)" "http://127.0.0.1:$PORT/cgi-bin/sleeps.sh"
	[ "$status" -eq 0 ]
	[ "$output" = "sleeping" ]
	wait_log "died with code 14"
	deactivate
	# the keeper passes a SIGTERM from its activator to the script
	activate -- --root "$ROOT"
	curl -sS --data-binary @"$(body 100000)" "http://127.0.0.1:$PORT/cgi-bin/sleeps.sh" \
		> "$BATS_TEST_TMPDIR/term.out" &
	local cpid=$! keeper= script=
	wait_for --while "$cpid" kept_script_sleeps
	[ -n "$script" ]
	[ "$(cat "/proc/$script/comm")" = sleep ]
	kill -TERM "$keeper"
	wait_log "died with code 15"
	wait "$cpid"
	[ "$(cat "$BATS_TEST_TMPDIR/term.out")" = sleeping ]
	# the script is gone, not left behind
	! kill -0 "$script" 2>/dev/null || false
}

@test "unread: a request without a body is not kept: the handler is the script (no fork)" {
	activate -- --root "$ROOT"
	curl -sS "http://127.0.0.1:$PORT/cgi-bin/sleeps.sh" > "$BATS_TEST_TMPDIR/get.out" &
	local cpid=$! pid=
	wait_for --while "$cpid" handler_sleeps
	# the process the activator started became the script itself
	[ "$(cat "/proc/$pid/comm")" = sleep ]
	! pgrep -P "$pid" || false
	kill "$pid"
	wait "$cpid" || true
}

# traced_post REQUEST-FILE [cgihandler args...]: runs the handler under
# strace on a loopback TCP connection (inetd style), sends the bytes of
# REQUEST-FILE, reads the answer to its end and then keeps its own side
# open, never shut down, until the handler has exited (30 s at most).
# Prints the status line; the trace of poll, ppoll and shutdown is in
# $BATS_TEST_TMPDIR/trace.
traced_post() {
	python3 - "$BATS_TEST_TMPDIR/trace" "$@" <<'PY'
import socket, subprocess, sys
trace, request = sys.argv[1], open(sys.argv[2], "rb").read()
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
client = socket.create_connection(ls.getsockname())
conn, _ = ls.accept()
p = subprocess.Popen(["strace", "-f", "-o", trace, "-e", "trace=poll,ppoll,shutdown"] + sys.argv[3:],
                     stdin=conn, stdout=conn, stderr=subprocess.DEVNULL)
conn.close()
client.sendall(request)
client.settimeout(30)
answer = b"".join(iter(lambda: client.recv(65536), b""))
p.wait(timeout=30)
client.close()
print(answer.split(b"\r\n")[0].decode())
PY
}

# waited_after_shutdown: true when, once the handler had half-closed, a
# wait for more input ran out (a poll that returned 0, "Timeout").
waited_after_shutdown() {
	awk '/shutdown\(/ { s = 1 } s && /poll\(.*= 0 \(Timeout\)/ { w = 1 } END { exit !w }' \
		"$BATS_TEST_TMPDIR/trace"
}

@test "unread: a whole body, chunked or not, ends the exchange at once: no wait for input that will not come" {
	command -v strace >/dev/null || skip "strace not installed"
	printf '#!/bin/sh\nhead -c "$CONTENT_LENGTH" > /dev/null\nprintf "Content-Type: text/plain\\r\\n\\r\\nread\\n"\n' \
		> "$ROOT/cgi-bin/reads.sh"
	chmod 755 "$ROOT/cgi-bin/reads.sh"
	chunked='Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer-Field: x\r\n\r\n'
	length='Content-Length: 11\r\n\r\nhello world'
	# a chunked body to a file (501, never read), to a --relay script (read
	# into a memfd) and to a missing one; a Content-Length body to a file,
	# to a --relay script that reads it and to a script in place that
	# reads it (the keeper)
	for c in "/hello.txt|$chunked|501" \
		"/cgi-bin/reads.sh|$chunked|200|--relay" "/cgi-bin/nothing.sh|$chunked|404|--relay" \
		"/hello.txt|$length|501" "/cgi-bin/reads.sh|$length|200|--relay" \
		"/cgi-bin/reads.sh|$length|200"; do
		IFS='|' read -r path framing code mode <<< "$c"
		printf "POST $path HTTP/1.1\\r\\nHost: x\\r\\n$framing" > "$BATS_TEST_TMPDIR/req"
		run traced_post "$BATS_TEST_TMPDIR/req" "$CGIHANDLER" --root "$ROOT" --timeout 5 $mode
		[[ "$output" == "HTTP/1."?" $code "* ]] || { echo "$c: $output"; return 1; }
		grep -q 'shutdown(' "$BATS_TEST_TMPDIR/trace" || { echo "$c: no half-close"; return 1; }
		! waited_after_shutdown || { echo "$c waited:"; cat "$BATS_TEST_TMPDIR/trace"; return 1; }
	done
}

@test "unread: a body that is really unread (part of it never sent, a chunked body without its last chunk) is still drained within bounds" {
	command -v strace >/dev/null || skip "strace not installed"
	for framing in 'Content-Length: 100\r\n\r\nonly this' 'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n' \
		'Transfer-Encoding: chunked\r\n\r\nzz\r\n'; do
		printf "POST /hello.txt HTTP/1.1\\r\\nHost: x\\r\\n$framing" > "$BATS_TEST_TMPDIR/req"
		run traced_post "$BATS_TEST_TMPDIR/req" "$CGIHANDLER" --root "$ROOT" --timeout 5
		[[ "$output" == "HTTP/1.1 501 "* ]] || { echo "$framing: $output"; return 1; }
		waited_after_shutdown || { echo "$framing: no drain"; cat "$BATS_TEST_TMPDIR/trace"; return 1; }
	done
}
