#!/usr/bin/env bats
# Issue 2, points 3 and 5: a request body reaches the script byte for byte,
# checked by sha256: sizes from 0 B to 20 MiB, in the same packet as the
# head, trickled, and chunked (decoded, with an exact CONTENT_LENGTH).
load helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\necho "CONTENT_LENGTH=$CONTENT_LENGTH"\nhead -c "${CONTENT_LENGTH:-0}" | sha256sum | cut -d" " -f1\n' > "$ROOT/cgi-bin/lensum.sh"
	chmod 755 "$ROOT/cgi-bin/lensum.sh"
}
teardown() { deactivate; }

# Every request is bounded: a handler that hangs fails the test, not the run.
curl() { command curl --max-time 60 "$@"; }

# body SIZE: a file of SIZE random bytes; prints its path.
body() {
	local f=$BATS_TEST_TMPDIR/body-$1
	head -c "$1" /dev/urandom > "$f"
	echo "$f"
}

sum_of() {
	sha256sum < "$1" | cut -d' ' -f1
}

@test "body: 0 B, 1 B, 100 KiB and 20 MiB POSTs reach the script exactly (curl, both styles)" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		for size in 0 1 102400 20971520; do
			f=$(body $size)
			run curl -sS --data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/sum.sh"
			[ "$status" -eq 0 ]
			[ "$output" = "$(sum_of "$f")" ] || { echo "size $size mode '$mode': $output"; false; }
		done
		deactivate
	done
}

@test "body: 1 B and 100 KiB through http.client" {
	activate -- --root "$ROOT"
	for size in 1 102400; do
		f=$(body $size)
		run hc --method POST --body-file "$f" /cgi-bin/lensum.sh
		[ "$(body_of "$output")" = "CONTENT_LENGTH=$size
$(sum_of "$f")" ]
	done
}

@test "body: the body in the same packet as the head, byte for byte" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		f=$(body 3000)
		run python3 - "$PORT" "$f" <<'PY'
import socket, sys, hashlib
body = open(sys.argv[2], "rb").read()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
# one send: head and body leave in one segment
s.sendall(b"POST /cgi-bin/sum.sh HTTP/1.0\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
out = b""
while True:
    c = s.recv(65536)
    if not c:
        break
    out += c
got = out.split(b"\r\n\r\n", 2)[-1].strip().decode()
print("ok" if got == hashlib.sha256(body).hexdigest() else "bad " + repr(out))
PY
		[ "$output" = ok ]
		deactivate
	done
}

@test "body: a trickled body (a byte every few ms) reaches the script exactly" {
	activate -- --root "$ROOT"
	run raw 'POST /cgi-bin/echo.sh HTTP/1.0\r\nContent-Length: 40\r\n\r\n0123456789abcdefghijklmnopqrstuvwxyzABCD' --trickle 0.002
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = 0123456789abcdefghijklmnopqrstuvwxyzABCD ]
}

@test "body: binary bytes (NUL, CR LF, 0xff) survive" {
	activate --inetd -- --root "$ROOT"
	printf 'a\0b\r\nc\xff\r\n\r\nd' > "$BATS_TEST_TMPDIR/bin"
	run curl -sS --data-binary @"$BATS_TEST_TMPDIR/bin" "http://127.0.0.1:$PORT/cgi-bin/sum.sh"
	[ "$output" = "$(sum_of "$BATS_TEST_TMPDIR/bin")" ]
}

@test "body: chunked bodies are decoded, with an exact CONTENT_LENGTH (curl, both styles)" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		for size in 0 1 102400 3000000; do
			f=$(body $size)
			run curl -sS -H 'Transfer-Encoding: chunked' --data-binary @"$f" \
				"http://127.0.0.1:$PORT/cgi-bin/lensum.sh"
			[ "$output" = "CONTENT_LENGTH=$size
$(sum_of "$f")" ] || { echo "size $size: $output"; false; }
		done
		deactivate
	done
}

@test "body: chunked through http.client, and hand-made chunks with extensions and trailers" {
	activate -- --root "$ROOT"
	f=$(body 10000)
	run hc --method POST --chunked --body-file "$f" /cgi-bin/lensum.sh
	[ "$(body_of "$output")" = "CONTENT_LENGTH=10000
$(sum_of "$f")" ]
	run raw 'POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello world" ]
	run raw 'POST /cgi-bin/env.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
	[[ "$output" == *"CONTENT_LENGTH=3"* ]]
	[[ "$output" != *"HTTP_TRANSFER_ENCODING"* ]]
}

@test "body: a chunked body with Expect: 100-continue gets the 100 first" {
	activate -- --root "$ROOT"
	f=$(body 5000)
	run curl -sS -v --expect100-timeout 10 -H 'Expect: 100-continue' -H 'Transfer-Encoding: chunked' \
		--data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/lensum.sh"
	[[ "$output" == *"HTTP/1.1 100 Continue"* ]]
	[[ "$output" == *"CONTENT_LENGTH=5000"* ]]
	[[ "$output" == *"$(sum_of "$f")"* ]]
}

@test "body: a body past --max-body is refused with 413 before the script runs" {
	activate -- --root "$ROOT" --max-body 1K
	f=$(body 2048)
	run curl -sS -i --data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/sum.sh"
	[ "$(status_of "$output")" = 413 ]
	run curl -sS -i -H 'Transfer-Encoding: chunked' --data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/sum.sh"
	[ "$(status_of "$output")" = 413 ]
	f=$(body 1024)
	run curl -sS --data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/sum.sh"
	[ "$output" = "$(sum_of "$f")" ]
}

@test "body: with --relay the script still gets the body exactly (plain and chunked)" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT" --relay
		f=$(body 200000)
		run curl -sS -i --data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/sum.sh"
		[[ "${lines[0]}" == "HTTP/1.1 200 OK"* ]]
		[ "$(body_of "$output")" = "$(sum_of "$f")" ]
		run curl -sS -H 'Transfer-Encoding: chunked' --data-binary @"$f" "http://127.0.0.1:$PORT/cgi-bin/lensum.sh"
		[ "$output" = "CONTENT_LENGTH=200000
$(sum_of "$f")" ]
		deactivate
	done
}
