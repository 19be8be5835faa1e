#!/usr/bin/env bats
# Issue 3, group 1: every bound in lib/limits.h answered with its status,
# and the deadline that a trickling client cannot stretch.
load hostile_helpers

setup() { hostile_setup; }
teardown() { hostile_teardown; }

long() { head -c "$1" /dev/zero | tr '\0' "${2:-a}"; }
# rep N STR: STR N times (STR may hold the printf escapes raw() expands).
rep() { local i out=""; for ((i = 0; i < $1; i++)); do out+=$2; done; printf '%s' "$out"; }

@test "limits: request line one byte past REQUEST_LINE_MAX is 414" {
	# "GET /" + target + " HTTP/1.0" = 8193 bytes
	expect 414 "GET /$(long 8179) HTTP/1.0\r\n\r\n"
	expect_reason request-line-too-long
}

@test "limits: request line far past the head buffer is 414" {
	expect 414 "GET /$(long 20000) HTTP/1.0\r\n\r\n"
}

@test "limits: a request line just under the limit is parsed (404, not 414)" {
	expect 404 "GET /$(long 8000) HTTP/1.0\r\n\r\n"
}

@test "limits: a head past HEAD_MAX is 431" {
	local h="X-Pad: $(long 4000)\r\n"
	expect 431 "GET /hello.txt HTTP/1.0\r\n$h$h$h$h$h\r\n"
}

@test "limits: one header field of 17000 bytes is 431" {
	expect 431 "GET /hello.txt HTTP/1.0\r\nX-Big: $(long 17000)\r\n\r\n"
}

@test "limits: HEADERS_MAX + 1 header fields is 431" {
	local h="" i
	for i in $(seq 1 101); do h="${h}X-F$i: v\r\n"; done
	expect 431 "GET /hello.txt HTTP/1.0\r\n$h\r\n"
	expect_reason too-many-headers
}

@test "limits: exactly HEADERS_MAX header fields are accepted" {
	local h="" i
	for i in $(seq 1 100); do h="${h}X-F$i: v\r\n"; done
	expect 200 "GET /hello.txt HTTP/1.0\r\n$h\r\n"
}

# "At once" and "not a hang": the client waits 15 s, half the handler's
# --timeout (30 s by default), so an answer that waited for the timeout
# still fails, and a machine loaded by CI's stages side by side (or qemu)
# has room to start the handler.
@test "limits: 20000 empty lines before a request line are 431, not a hang" {
	expect 431 "$(rep 20000 '\n')" --timeout 15
}

@test "limits: a Content-Length past --max-body is 413 before the script runs" {
	deactivate
	activate -- --root "$ROOT" --max-body 1000
	expect 413 "POST /cgi-bin/echo.sh HTTP/1.0\r\nContent-Length: 1001\r\n\r\n$(long 1001)"
	expect_reason body-too-large
}

@test "limits: a Content-Length at --max-body reaches the script" {
	deactivate
	activate -- --root "$ROOT" --max-body 1000
	expect 200 "POST /cgi-bin/echo.sh HTTP/1.0\r\nContent-Length: 1000\r\n\r\n$(long 1000)"
	[[ "$ANSWER" == *"$(long 1000)"* ]]
}

@test "limits: a chunked body growing past --max-body is 413" {
	deactivate
	activate -- --root "$ROOT" --max-body 1000
	expect 413 "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n$(long 512)\r\n200\r\n$(long 512)\r\n0\r\n\r\n"
	expect_reason body-too-large
}

@test "limits: a single chunk announced larger than --max-body is 413 at once" {
	expect 413 "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffff\r\nabc" --timeout 15
}

@test "limits: a chunk size of 16 hex digits is 400 (no overflow)" {
	expect 400 "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n" --timeout 15
	expect_reason bad-chunked-body
}

@test "limits: trailers past HEAD_MAX are 431" {
	local t="X-T: $(long 4000)\r\n"
	expect 431 "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n$t$t$t$t$t\r\n"
}

@test "limits: a chunk extension past CHUNK_LINE_MAX is 400" {
	expect 400 "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;$(long 2000)\r\na\r\n0\r\n\r\n"
}

@test "limits: a head that never ends is cut off at --timeout (408)" {
	deactivate
	activate -- --root "$ROOT" --timeout 2
	expect 408 "GET /hello.txt HTTP/1.0\r\nX-Slow: yes\r\n" --timeout 8
	closed_by_handler
	expect_reason head-timeout
}

@test "limits: a head trickled a byte each 0.3 s is cut off at --timeout, not reset per byte" {
	deactivate
	activate -- --root "$ROOT" --timeout 2
	# 60 bytes at 0.3 s would take 18 s if each byte re-armed the timer
	expect 408 "GET /hello.txt HTTP/1.0\r\nX-Slow: $(long 30)\r\n\r\n" --trickle 0.3 --timeout 10
	closed_by_handler
}

@test "limits: a chunked body that stops coming is cut off at --timeout (408)" {
	deactivate
	activate -- --root "$ROOT" --timeout 2
	expect 408 "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab" --timeout 8
	closed_by_handler
	expect_reason body-timeout
}

@test "limits: head and chunked body share one deadline" {
	deactivate
	activate -- --root "$ROOT" --timeout 3
	# the head alone takes about 2 s; the body would take 10 s more
	local head="POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
	expect 408 "${head}$(rep 40 '1\r\na\r\n')" --trickle 0.03 --timeout 12
	closed_by_handler
}

@test "limits: a connection that sends nothing is closed at --timeout" {
	deactivate
	activate -- --root "$ROOT" --timeout 1
	expect 408 "" --timeout 6
	closed_by_handler
}
