#!/usr/bin/env bats
# Issue 3, group 5: clients and scripts that fail half way. The process
# always ends within its bounds, leaves no zombie, logs what happened, and
# the next connection is served normally.
load hostile_helpers

setup() { hostile_setup; }
teardown() {
	stop_pid CLIENT_PID
	hostile_teardown
}

# client PY-CODE: runs python with a connected socket `s` to the activator.
client() {
	python3 - "$PORT" "$@" <<EOF_PY
import socket, struct, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
$CLIENT_CODE
EOF_PY
}

big_file() {
	# sparse: fast to make, still sent byte by byte
	truncate -s "$2" "$ROOT/$1"
	chmod 644 "$ROOT/$1"
}

@test "faults: a client that closes mid-head is logged and forgotten" {
	expect close 'GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Half' --half-close
	expect_reason no-request
	wait_no_handlers 3
}
@test "faults: a client that resets mid-head is logged and forgotten" {
	CLIENT_CODE='s.sendall(b"GET /hello.txt HTTP/1.1\r\nHo")
time.sleep(0.2)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()' client
	# the reset throws away what the handler has not read yet, all of it
	# when it starts late (under qemu, with CI's stages side by side)
	wait_log ' \(no-request\|client-reset\)$' || { cat "$ACT_LOG"; false; }
	wait_no_handlers 3
	still_serves
}
@test "faults: a client that closes mid-body (chunked) gets its 400 logged" {
	expect 400 'POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nabc' --half-close
	expect_reason body-truncated
	wait_no_handlers 3
}
@test "faults: a client that leaves mid-body (Content-Length) lets the script see EOF" {
	expect close 'POST /cgi-bin/sum.sh HTTP/1.0\r\nContent-Length: 100000\r\n\r\nabc' --no-read
	wait_no_handlers 5
	still_serves
}
@test "faults: a client that closes mid-response of a large file ends the handler" {
	big_file big.bin 200M
	CLIENT_CODE='s.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
s.recv(65536)
s.close()' client
	wait_no_handlers 5
	wait_log '"GET /big.bin HTTP/1.0" 200'
	still_serves
}
@test "faults: a reader gone from a pipe costs a write EPIPE, not the handler's life" {
	# SIGPIPE is ignored by the writes that can raise it (lib/sigpipe.h),
	# not at start: the answer's writev into a pipe (a file, a script's
	# status line) and the log line's write(2) after an answer sent on a
	# socket (MSG_NOSIGNAL). Python gives the handler SIGPIPE's default.
	# Prints each run's exit status and log.
	run python3 - "$CGIHANDLER" "$ROOT" <<'PY'
import os, socket, subprocess, sys, tempfile
def gone():
    r, w = os.pipe()
    os.close(r)
    return w
for target, out, err in (("/hello.txt", "gone", "file"), ("/cgi-bin/env.sh", "gone", "file"),
                         ("/missing", "socket", "gone")):
    log = tempfile.TemporaryFile()
    if out == "socket":
        ours, theirs = socket.socketpair()
        ours.sendall(b"GET " + target.encode() + b" HTTP/1.0\r\n\r\n")
        stdin = stdout = theirs
    else:
        stdin = tempfile.TemporaryFile()
        stdin.write(b"GET " + target.encode() + b" HTTP/1.0\r\n\r\n")
        stdin.seek(0)
        stdout = gone()
    p = subprocess.run([sys.argv[1], "--root", sys.argv[2]], stdin=stdin, stdout=stdout,
                       stderr=gone() if err == "gone" else log, timeout=20)
    log.seek(0)
    print(target, out, err, p.returncode, log.read().decode().strip())
PY
	echo "$output"
	[[ "${lines[0]}" == "/hello.txt gone file 1 "*'"GET /hello.txt HTTP/1.0" 200 '*' client-gone' ]]
	[[ "${lines[1]}" == "/cgi-bin/env.sh gone file 1 "*'"GET /cgi-bin/env.sh HTTP/1.0" - 0 client-gone' ]]
	[ "${lines[2]}" = "/missing socket gone 0 " ]
}
@test "faults: a client that never reads a large file is cut off at --timeout" {
	deactivate
	activate -- --root "$ROOT" --timeout 2
	big_file big.bin 200M
	CLIENT_CODE='s.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
time.sleep(15)' client &
	CLIENT_PID=$!
	# the handler starts once the client is up (python may take a while
	# on a loaded machine), then the socket buffers fill and the send
	# stalls for the timeout
	wait_log 'Spawned'
	wait_no_handlers 8
	wait_log '"GET /big.bin HTTP/1.0" 200 [0-9]* send-stalled$'
	still_serves
}
@test "faults: a file truncated while it is sent ends the answer short, and is logged" {
	big_file big.bin 64M
	printf '' > "$BATS_TEST_TMPDIR/started"
	CLIENT_CODE='s.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
got = len(s.recv(65536))
open(sys.argv[2], "w").write("reading\n")
time.sleep(1)
while True:
    b = s.recv(1 << 20)
    if not b:
        break
    got += len(b)
print("got", got)' client "$BATS_TEST_TMPDIR/started" > "$BATS_TEST_TMPDIR/client.out" &
	CLIENT_PID=$!
	# the answer must be under way before the file shrinks: a client
	# slow to start (python, on a loaded machine) would otherwise get
	# the short file whole, and nothing would be cut short
	wait_for --while "$CLIENT_PID" test -s "$BATS_TEST_TMPDIR/started"
	truncate -s 1M "$ROOT/big.bin"
	wait "$CLIENT_PID"
	CLIENT_PID=
	local got
	got=$(awk '/^got/ {print $2}' "$BATS_TEST_TMPDIR/client.out")
	echo "client read $got bytes of a 64 MiB answer"
	[ -n "$got" ] && [ "$got" -lt $((64 * 1024 * 1024)) ]
	wait_no_handlers 3
	expect_reason body-cut-short
	still_serves
}
@test "faults: a client that leaves a script's endless output ends the script (SIGPIPE)" {
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\nexec yes\n' > "$ROOT"/cgi-bin/yes.sh
	chmod 755 "$ROOT"/cgi-bin/yes.sh
	CLIENT_CODE='s.sendall(b"GET /cgi-bin/yes.sh HTTP/1.0\r\n\r\n")
s.recv(65536)
s.close()' client
	wait_no_handlers 5
	still_serves
}
@test "faults: a body sent to a refused request is drained so the answer arrives" {
	local body
	body=$(head -c 200000 /dev/zero | tr '\0' a)
	expect 501 "POST /hello.txt HTTP/1.0\\r\\nContent-Length: 200000\\r\\n\\r\\n$body"
}
@test "faults: --relay, a script that dies before its header is 502 and reaped" {
	printf '#!/bin/sh\nkill -SEGV $$\n' > "$ROOT"/cgi-bin/die.sh
	chmod 755 "$ROOT"/cgi-bin/die.sh
	deactivate
	activate -- --root "$ROOT" --relay
	expect 502 'GET /cgi-bin/die.sh HTTP/1.0\r\n\r\n'
	expect_reason script-header-invalid
	wait_log 'ended by signal 11'
	wait_no_handlers 3
}
@test "faults: --relay, a script that never ends is killed by --cgi-timeout and reaped" {
	deactivate
	activate -- --root "$ROOT" --relay --cgi-timeout 1
	expect 200 'GET /cgi-bin/spin.sh HTTP/1.0\r\n\r\n' --timeout 10
	[[ "$ANSWER" == *spinning* ]]
	closed_by_handler
	wait_log 'ended by signal 14'
	wait_no_handlers 3
}
@test "faults: --relay, a bare CR in a script's header is 502, never relayed" {
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\nX-A: a\\rSet-Cookie: evil=1\\r\\n\\r\\nbody\\n"\n' > "$ROOT"/cgi-bin/inject.sh
	chmod 755 "$ROOT"/cgi-bin/inject.sh
	deactivate
	activate -- --root "$ROOT" --relay
	expect 502 'GET /cgi-bin/inject.sh HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" != *evil=1* ]]
	expect_reason script-header-invalid
}
@test "faults: --relay, a NUL or any other control byte in a script's header line is 502" {
	# each line is judged whole: a NUL must not end it early, so that what
	# follows the NUL (here a Location that would be served) is never
	# dropped unseen while the rest is relayed
	cat > "$ROOT"/cgi-bin/ctl.py <<'PY'
#!/usr/bin/python3
import os, sys, urllib.parse
sys.stdout.buffer.write(urllib.parse.unquote_to_bytes(os.environ["QUERY_STRING"]))
PY
	chmod 755 "$ROOT"/cgi-bin/ctl.py
	deactivate
	activate -- --root "$ROOT" --relay
	local q
	for q in 'Content-Type:%20text/plain%0d%0aX-A:%20a%00Set-Cookie:%20evil=1%0d%0a%0d%0abody' \
		'Content-Type:%20text/plain%00evil=1%0d%0a%0d%0abody' \
		'Status:%20200%00evil=1%0d%0aContent-Type:%20text/plain%0d%0a%0d%0abody' \
		'Location:%20/hello.txt%00evil=1%0d%0a%0d%0a' \
		'Content-Type:%20text/plain%0d%0aX-A:%20a%7fevil=1%0d%0a%0d%0abody' \
		'Content-Type:%20text/plain%0d%0aX-A:%20a%01evil=1%0d%0a%0d%0abody'; do
		expect 502 "GET /cgi-bin/ctl.py?$q HTTP/1.0\r\n\r\n"
		[[ "$ANSWER" != *evil* ]]
	done
	expect_reason script-header-invalid
	# a tab is no control byte here: it stays a value's blank
	expect 200 'GET /cgi-bin/ctl.py?Content-Type:%20text/plain%0d%0aX-A:%20a%09b%0d%0a%0d%0abody HTTP/1.0\r\n\r\n'
	[ "$(header_of "$ANSWER" X-A)" = "$(printf 'a\tb')" ]
}
@test "faults: --relay, a script's own Location is relayed as a 302, as sent" {
	printf '#!/bin/sh\nprintf "Location: http://evil.example/\\r\\n\\r\\n"\n' > "$ROOT"/cgi-bin/redir.sh
	chmod 755 "$ROOT"/cgi-bin/redir.sh
	deactivate
	activate -- --root "$ROOT" --relay
	expect 302 'GET /cgi-bin/redir.sh HTTP/1.0\r\n\r\n'
	# the script's own redirect is its business (RFC 3875 6.2.4); ours never are
	[ "$(header_of "$ANSWER" Location)" = "http://evil.example/" ]
}
@test "faults: many hostile connections at once leave no process behind" {
	deactivate
	activate -- --root "$ROOT" --timeout 2
	local i pids=()
	for i in $(seq 1 20); do
		printf 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n' | $RAWHTTP --port "$PORT" --timeout 6 >/dev/null 2>&1 &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || true; done
	wait_no_handlers 5
	still_serves
}
