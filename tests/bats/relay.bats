#!/usr/bin/env bats
# --relay, the parsed-header mode (issue 8 point 8, issue 9 points 1 to 3):
# every valid CGI header block (RFC 3875 section 6) is answered as RFC 9110
# says, whatever else the script writes; local redirects are served by us
# through every check again; a body the script left unread is drained so
# the client gets its answer.
load hostile_helpers

setup() {
	hostile_site
	# head.sh: writes the header block given in the query (percent-encoded
	# by the caller, '+' for a space), then BODY-LEAK.
	cat > "$ROOT"/cgi-bin/head.sh <<'SH'
#!/bin/bash
q=${QUERY_STRING//+/ }
printf '%b\r\nBODY-LEAK\n' "${q//%/\\x}"
SH
	# status.sh: Status from the query, a Content-Type and a body.
	cat > "$ROOT"/cgi-bin/status.sh <<'SH'
#!/bin/bash
q=${QUERY_STRING//+/ }
printf 'Status: %b\r\nContent-Type: text/plain\r\n\r\nBODY-LEAK\n' "${q//%/\\x}"
SH
	# loc.sh: only a Location, the query decoded.
	cat > "$ROOT"/cgi-bin/loc.sh <<'SH'
#!/bin/bash
printf 'Location: %b\r\n\r\n' "${QUERY_STRING//%/\\x}"
SH
	# ignore.sh: never reads its body; answers at once.
	cat > "$ROOT"/cgi-bin/ignore.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\nanswered without reading %s bytes\n' "$CONTENT_LENGTH"
SH
	chmod 755 "$ROOT"/cgi-bin/head.sh "$ROOT"/cgi-bin/status.sh "$ROOT"/cgi-bin/loc.sh \
		"$ROOT"/cgi-bin/ignore.sh
	activate -- --root "$ROOT" --relay
}
teardown() {
	stop_pid CLIENT_PID
	hostile_teardown
}

curl() { command curl --max-time 20 "$@"; }

# head_block TEXT: TEXT (with \r\n written as such) made a query for head.sh.
head_block() {
	printf '%s' "$1" | sed 's/%/%25/g; s/ /+/g; s/\\r/%0D/g; s/\\n/%0A/g'
}

@test "relay: HEAD, 204, 205 and 304 carry no body, whatever the script writes" {
	expect 200 'HEAD /cgi-bin/status.sh?200 HTTP/1.1\r\nHost: x\r\n\r\n'
	[ "$(body_of "$ANSWER")" = "" ]
	[[ "$ANSWER" != *BODY-LEAK* ]]
	for code in 204 205 304; do
		expect $code "GET /cgi-bin/status.sh?$code HTTP/1.1\r\nHost: x\r\n\r\n"
		[[ "$ANSWER" != *BODY-LEAK* ]]
		[ "$(body_of "$ANSWER")" = "" ]
	done
	# a script's own Content-Length: kept for HEAD and 304 (it describes
	# the GET's body), never on a 204, zero on a 205
	local q
	q=$(head_block 'Status: 204\r\nContent-Length: 10\r\n')
	expect 204 "GET /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	[ -z "$(header_of "$ANSWER" Content-Length)" ]
	q=$(head_block 'Status: 205\r\nContent-Length: 10\r\n')
	expect 205 "GET /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	[ "$(header_of "$ANSWER" Content-Length)" = 0 ]
	[ "$(body_of "$ANSWER")" = "" ]
	q=$(head_block 'Content-Type: text/plain\r\nContent-Length: 10\r\n')
	expect 200 "HEAD /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	[ "$(header_of "$ANSWER" Content-Length)" = 10 ]
	[ "$(body_of "$ANSWER")" = "" ]
	# a body after the head would be read by a keep-alive client as the
	# next answer: python's http.client must see exactly one, with no body
	run python3 - "$PORT" <<'PY'
import http.client, sys
for method, path in (("HEAD", "/cgi-bin/status.sh?200"), ("GET", "/cgi-bin/status.sh?204"),
                     ("GET", "/cgi-bin/status.sh?205"), ("GET", "/cgi-bin/status.sh?304")):
    c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
    c.request(method, path)
    r = c.getresponse()
    print(method, r.status, repr(r.read()))
PY
	[ "$status" = 0 ]
	[ "$output" = "HEAD 200 b''
GET 204 b''
GET 205 b''
GET 304 b''" ]
}

@test "relay: a Status that is not a final 3-digit code from 200 to 599 is 502, logged" {
	local bad
	for bad in 100 101+Switching 199 1000 20 abc 200x 600 099 2%C3%A9; do
		expect 502 "GET /cgi-bin/status.sh?$bad HTTP/1.1\r\nHost: x\r\n\r\n"
		[[ "$ANSWER" != *BODY-LEAK* ]]
		[[ "$ANSWER" != *"HTTP/1.1 1"* ]]
	done
	expect_reason script-status-invalid
	[ "$(grep -c ' 502 .* script-status-invalid$' "$ACT_LOG")" = 10 ]
}

@test "relay: every code without a phrase gets its standard one (RFC 9110)" {
	local code want line
	for code in 200 201 202 203 205 206 300 301 302 303 305 307 308 400 401 402 403 404 405 \
		406 407 408 409 410 411 412 415 417 421 426 428 429 431 451 500 501 502 503 504 505 511; do
		want=$(python3 -c "import http, sys; print(http.HTTPStatus(int(sys.argv[1])).phrase)" $code)
		line=$(raw "GET /cgi-bin/status.sh?$code HTTP/1.0\r\n\r\n" | head -n 1 | tr -d '\r')
		[ "$line" = "HTTP/1.0 $code $want" ] || { echo "$code: $line, want $want"; false; }
	done
	# the script's own phrase is kept; an unregistered code has none
	line=$(raw 'GET /cgi-bin/status.sh?401+Who+Are+You HTTP/1.0\r\n\r\n' | head -n 1)
	[ "$line" = $'HTTP/1.0 401 Who Are You\r' ]
	line=$(raw 'GET /cgi-bin/status.sh?299 HTTP/1.0\r\n\r\n' | head -n 1)
	[ "$line" = $'HTTP/1.0 299 \r' ]
	[[ "$(raw 'GET /cgi-bin/status.sh?401 HTTP/1.0\r\n\r\n')" != *Unknown* ]]
}

@test "relay: Location is an absolute URI or a path with exactly one leading /; others are 502" {
	local loc
	for loc in //evil.example/x '/%5Cevil.example' '%5C%5Cevil.example' foo ./x '?x=1' \
		1http://x/ 'http//x' ':x'; do
		expect 502 "GET /cgi-bin/loc.sh?$loc HTTP/1.0\r\n\r\n"
		[[ "$ANSWER" != *evil.example* ]]
		[ -z "$(header_of "$ANSWER" Location)" ]
	done
	expect_reason script-location-invalid
	[ "$(grep -c ' 502 .* script-location-invalid$' "$ACT_LOG")" = 9 ]
	# absolute URIs with a scheme go to the client as a 302, as written
	for loc in https://example.org/a?b=1 mailto:x@example.org git+ssh://h/r; do
		expect 302 "GET /cgi-bin/loc.sh?$loc HTTP/1.0\r\n\r\n"
		[ "$(header_of "$ANSWER" Location)" = "$loc" ]
	done
}

@test "relay: the script's framing never reaches the client as framing" {
	# its own Transfer-Encoding and Connection are dropped: an HTTP/1.0
	# client gets the bytes it wrote, closed by our close
	local q
	q=$(head_block 'Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nKeep-Alive: timeout=99\r\nUpgrade: h2c\r\nX-Own: kept\r\n')
	for v in 1.0 1.1; do
		expect 200 "GET /cgi-bin/head.sh?$q HTTP/$v\r\nHost: x\r\n\r\n"
		[ -z "$(header_of "$ANSWER" Transfer-Encoding)" ]
		[ -z "$(header_of "$ANSWER" Keep-Alive)" ]
		[ -z "$(header_of "$ANSWER" Upgrade)" ]
		[ "$(printf '%s' "$ANSWER" | tr -d '\r' | grep -ci '^Connection:')" = 1 ]
		[ "$(header_of "$ANSWER" Connection)" = close ]
		[ "$(header_of "$ANSWER" X-Own)" = kept ]
		[ "$(body_of "$ANSWER")" = BODY-LEAK ]
	done
	run curl -sS --http1.1 "http://127.0.0.1:$PORT/cgi-bin/head.sh?$q"
	[ "$status" = 0 ]
	[ "$output" = BODY-LEAK ]
	# a Content-Length that matches is kept
	q=$(head_block 'Content-Type: text/plain\r\nContent-Length: 10\r\n')
	expect 200 "GET /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	[ "$(header_of "$ANSWER" Content-Length)" = 10 ]
	[ "$(body_of "$ANSWER")" = BODY-LEAK ]
	# one shorter than the body: the body is cut there, the rest never sent
	q=$(head_block 'Content-Type: text/plain\r\nContent-Length: 4\r\n')
	expect 200 "GET /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	[ "$(header_of "$ANSWER" Content-Length)" = 4 ]
	[ "$(printf '%s' "$ANSWER" | tr -d '\r' | sed -n '/^$/,$p' | tail -c +2)" = BODY ]
	expect_reason script-body-overlong
	# one longer than the body: the client sees an incomplete answer
	q=$(head_block 'Content-Type: text/plain\r\nContent-Length: 50\r\n')
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/head.sh?$q"
	[ "$status" = 18 ] # CURLE_PARTIAL_FILE
	expect_reason script-body-short
	# one that is not a number, or two that differ: 502
	q=$(head_block 'Content-Type: text/plain\r\nContent-Length: 5, 6\r\n')
	expect 502 "GET /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	q=$(head_block 'Content-Type: text/plain\r\nContent-Length: 5\r\nContent-Length: 6\r\n')
	expect 502 "GET /cgi-bin/head.sh?$q HTTP/1.1\r\nHost: x\r\n\r\n"
	expect_reason script-content-length-invalid
}

@test "relay: a Status alone is a valid answer; no Content-Type is invented; other fields pass" {
	printf '#!/bin/sh\nprintf "Status: 403 Forbidden\\r\\nX-Why: push disabled\\r\\nExpires: Fri, 01 Jan 1980 00:00:00 GMT\\r\\n\\r\\n"\n' > "$ROOT"/cgi-bin/forbid.sh
	chmod 755 "$ROOT"/cgi-bin/forbid.sh
	for v in 1.0 1.1; do
		expect 403 "GET /cgi-bin/forbid.sh HTTP/$v\r\nHost: x\r\n\r\n"
		[ "$(head -n 1 <<<"$ANSWER")" = "HTTP/$v 403 Forbidden"$'\r' ]
		[ -z "$(header_of "$ANSWER" Content-Type)" ]
		[ "$(header_of "$ANSWER" Content-Length)" = 0 ]
		[ "$(header_of "$ANSWER" X-Why)" = "push disabled" ]
		[ "$(header_of "$ANSWER" Expires)" = "Fri, 01 Jan 1980 00:00:00 GMT" ]
	done
	run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/cgi-bin/forbid.sh"
	[ "$output" = 403 ]
	# a body needs a Content-Type (RFC 3875 6.3.1): without one, 502
	expect 502 "GET /cgi-bin/head.sh?$(head_block 'Status: 200\r\n') HTTP/1.0\r\n\r\n"
	[[ "$ANSWER" != *BODY-LEAK* ]]
	expect_reason script-body-without-type
	# a block without any of Content-Type, Location, Status: 502
	expect 502 "GET /cgi-bin/head.sh?$(head_block 'X-Only: 1\r\n') HTTP/1.0\r\n\r\n"
	expect_reason script-header-no-cgi-field
}

@test "relay: git http-backend's errors arrive as its status: 404 for a missing repository" {
	command -v git >/dev/null || skip "no git"
	local backend
	backend=$(git --exec-path)/git-http-backend
	[ -x "$backend" ] || skip "no git-http-backend"
	mkdir -p "$BATS_TEST_TMPDIR/repos"
	cat > "$ROOT"/cgi-bin/git <<SH
#!/bin/sh
GIT_PROJECT_ROOT=$BATS_TEST_TMPDIR/repos GIT_HTTP_EXPORT_ALL=1 exec $backend
SH
	chmod 755 "$ROOT"/cgi-bin/git
	chmod o+rx "$BATS_TEST_TMPDIR/repos"
	run curl -sS -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$PORT/cgi-bin/git/missing.git/info/refs?service=git-upload-pack"
	[ "$output" = 404 ]
	run git ls-remote "http://127.0.0.1:$PORT/cgi-bin/git/missing.git"
	[ "$status" != 0 ]
	[[ "$output" == *"not found"* || "$output" == *"404"* ]]
}

@test "relay: a local redirect is served by us: a file, a directory, a script with its query" {
	expect 200 'GET /cgi-bin/loc.sh?/hello.txt HTTP/1.0\r\n\r\n'
	[ "$(body_of "$ANSWER")" = "hello world" ]
	[ -z "$(header_of "$ANSWER" Location)" ]
	expect 200 'GET /cgi-bin/loc.sh?/withindex/ HTTP/1.1\r\nHost: x\r\n\r\n'
	[[ "$ANSWER" == *"index page"* ]]
	# a directory without its slash: our own 301, as for any request
	expect 301 'GET /cgi-bin/loc.sh?/withindex HTTP/1.1\r\nHost: x\r\n\r\n'
	# a POST redirected to a script: a GET with the Location's query, no body
	run python3 "$TESTS_DIR/bats/httpclient.py" --port "$PORT" --method POST \
		--header 'Content-Type: text/plain' --body 'abc' \
		'/cgi-bin/loc.sh?/cgi-bin/env.sh%3Fa=1%26b=2'
	[ "$status" = 0 ]
	[[ "$output" == "HTTP/1.1 200 OK"* ]]
	[[ "$output" == *$'\nREQUEST_METHOD=GET\n'* ]]
	[[ "$output" == *$'\nQUERY_STRING=a=1&b=2\n'* ]]
	[[ "$output" == *$'\nSCRIPT_NAME=/cgi-bin/env.sh\n'* ]]
	[[ "$output" != *CONTENT_LENGTH* ]]
	[[ "$output" != *CONTENT_TYPE* ]]
	# HEAD stays HEAD: no body
	expect 200 'HEAD /cgi-bin/loc.sh?/hello.txt HTTP/1.0\r\n\r\n'
	[ "$(body_of "$ANSWER")" = "" ]
	# with any other field it is the client's redirect (RFC 3875 6.2.4)
	expect 302 "GET /cgi-bin/head.sh?$(head_block 'Location: /hello.txt\r\nContent-Type: text/plain\r\n') HTTP/1.0\r\n\r\n"
	[ "$(header_of "$ANSWER" Location)" = /hello.txt ]
	expect 303 "GET /cgi-bin/head.sh?$(head_block 'Status: 303\r\nLocation: /hello.txt\r\nContent-Type: text/plain\r\n') HTTP/1.0\r\n\r\n"
	[ "$(header_of "$ANSWER" Location)" = /hello.txt ]
}

@test "relay: a local redirect with a #fragment serves its path and query; the fragment reaches no one" {
	expect 200 'GET /cgi-bin/loc.sh?/hello.txt%23section-2 HTTP/1.0\r\n\r\n'
	[ "$(body_of "$ANSWER")" = "hello world" ]
	expect 200 'GET /cgi-bin/loc.sh?/withindex/%23 HTTP/1.1\r\nHost: x\r\n\r\n'
	[[ "$ANSWER" == *"index page"* ]]
	expect 200 'GET /cgi-bin/loc.sh?/cgi-bin/env.sh/p%3Fa=1%23frag%3Fb HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" == *$'\nQUERY_STRING=a=1\n'* ]]
	[[ "$ANSWER" == *$'\nPATH_INFO=/p\n'* ]]
	[[ "$ANSWER" == *$'\nREQUEST_URI=/cgi-bin/env.sh/p?a=1\n'* ]]
	[[ "$ANSWER" != *frag* ]]
	# still every check: the path before the fragment is what is judged
	expect 404 'GET /cgi-bin/loc.sh?/../secret.txt%23x HTTP/1.0\r\n\r\n'
	expect 404 'GET /cgi-bin/loc.sh?/.hidden%23x HTTP/1.0\r\n\r\n'
	# an escaped %23 is a name, not a fragment
	printf 'hash\n' > "$ROOT/a#b.txt"
	expect 200 'GET /cgi-bin/loc.sh?/a%2523b.txt HTTP/1.0\r\n\r\n'
	[ "$(body_of "$ANSWER")" = "hash" ]
}

@test "relay: a local redirect gets every check again: containment, dotfiles, scripts" {
	local loc
	for loc in /../secret.txt /%252e%252e/secret.txt /cgi-bin/../../secret.txt /..%252fsecret.txt; do
		expect 404 "GET /cgi-bin/loc.sh?$loc HTTP/1.0\r\n\r\n"
	done
	# a symlink out of the root: refused as it is when asked for directly
	expect 403 'GET /out-link.txt HTTP/1.0\r\n\r\n'
	expect 403 'GET /cgi-bin/loc.sh?/out-link.txt HTTP/1.0\r\n\r\n'
	expect 404 'GET /cgi-bin/loc.sh?/.hidden HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" != *dot* ]]
	expect_reason dotfile
	expect 403 'GET /cgi-bin/loc.sh?/cgi-bin/noexec.sh HTTP/1.0\r\n\r\n'
	expect_reason script-not-executable
	expect 403 'GET /cgi-bin/loc.sh?/cgi-bin/outside.sh HTTP/1.0\r\n\r\n'
	expect_reason script-outside-root
	[ ! -e "$BATS_TEST_TMPDIR/outside-ran" ]
}

@test "relay: local redirects end: a loop is 508 after LOCAL_REDIRECTS_MAX hops" {
	printf '#!/bin/sh\necho "$$" >> %s/hops\nprintf "Location: /cgi-bin/self.sh\\r\\n\\r\\n"\n' "$BATS_TEST_TMPDIR" > "$ROOT"/cgi-bin/self.sh
	chmod 755 "$ROOT"/cgi-bin/self.sh
	chmod o+rwx "$BATS_TEST_TMPDIR"
	expect 508 'GET /cgi-bin/self.sh HTTP/1.0\r\n\r\n'
	expect_reason local-redirect-loop
	# the first request and LOCAL_REDIRECTS_MAX (5) hops ran, no more
	[ "$(wc -l < "$BATS_TEST_TMPDIR/hops")" = 6 ]
	# a chain shorter than the bound arrives
	expect 200 'GET /cgi-bin/loc.sh?/cgi-bin/loc.sh%3F/cgi-bin/loc.sh%253F/hello.txt HTTP/1.0\r\n\r\n'
	[ "$(body_of "$ANSWER")" = "hello world" ]
	wait_no_handlers 3
}

@test "relay: a body the script never reads is drained, so http.client gets the whole answer" {
	# 1 MiB, and 8 MiB: more than loopback's socket buffers and the
	# 256 KiB that every other answer drains, so without the drain up to
	# the declared length our close resets the upload (BrokenPipeError)
	local mib
	for mib in 1 8; do
		head -c $((mib * 1024 * 1024)) /dev/urandom > "$BATS_TEST_TMPDIR/body"
		run python3 "$TESTS_DIR/bats/httpclient.py" --port "$PORT" --method POST \
			--body-file "$BATS_TEST_TMPDIR/body" /cgi-bin/ignore.sh
		[ "$status" = 0 ]
		[[ "$output" == "HTTP/1.1 200 OK"* ]]
		[[ "$output" == *"answered without reading $((mib * 1024 * 1024)) bytes"* ]]
	done
	# and a local redirect after an unread body
	run python3 "$TESTS_DIR/bats/httpclient.py" --port "$PORT" --method POST \
		--body-file "$BATS_TEST_TMPDIR/body" /cgi-bin/loc.sh?/hello.txt
	[ "$status" = 0 ]
	[[ "$output" == *"hello world"* ]]
	wait_no_handlers 5
}

@test "relay: the drain is bounded by the deadline: a client that stops sending is let go" {
	deactivate
	activate -- --root "$ROOT" --relay --timeout 2
	# declares 1 MiB, sends 64 KiB, then sends nothing and never closes
	python3 - "$PORT" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
s.sendall(b"POST /cgi-bin/ignore.sh HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
s.sendall(b"a" * 65536)
time.sleep(20)
PY
	CLIENT_PID=$!
	wait_log '"POST /cgi-bin/ignore.sh HTTP/1.1" 200'
	# --timeout for the drain, LINGER_MS for the close: well under 10 s
	wait_no_handlers 10
	stop_pid CLIENT_PID
}
