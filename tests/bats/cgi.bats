#!/usr/bin/env bats
# Issue 2, point 5: CGI as the seed's CGIHTTPRequestHandler runs it, exec'd
# in place, with RFC 3875's environment built from scratch.
load helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	REALROOT=$(realpath "$ROOT")
	mkdir -p "$ROOT/sub/dir/cgi" "$ROOT/cgi-bin/nested/more"
	script() { # script PATH BODY: an executable sh script
		printf '#!/bin/sh\n%s\n' "$2" > "$ROOT/$1"
		chmod 755 "$ROOT/$1"
	}
	script sub/dir/cgi/s.sh 'printf "Content-Type: text/plain\r\n\r\nfrom sub/dir/cgi\n"'
	script cgi-bin/nested/more/pwd.sh 'printf "Content-Type: text/plain\r\n\r\n"; pwd'
	script cgi-bin/err.sh 'i=0; while [ $i -lt 50 ]; do echo "STDERR-LEAK $i" >&2; i=$((i+1)); done
printf "Content-Type: text/plain\r\n\r\nvisible\n"'
	script cgi-bin/nph-raw.sh 'printf "HTTP/1.0 299 Custom\r\nContent-Type: text/plain\r\n\r\nnph body\n"'
	script cgi-bin/status.sh 'printf "Status: 404 Gone Away\r\nContent-Type: text/plain\r\n\r\nnot here\n"'
	script cgi-bin/redir.sh 'printf "Location: /hello.txt\r\n\r\n"'
	# reads its body first, then shows its environment
	script cgi-bin/envpost.sh 'head -c "${CONTENT_LENGTH:-0}" > /dev/null; printf "Content-Type: text/plain\r\n\r\n"; env | LC_ALL=C sort'
}
teardown() { deactivate; }

# Every request is bounded: a handler that hangs fails the test, not the run.
curl() { command curl --max-time 20 "$@"; }

env_of() {
	body_of "$1" | sed -n "s/^$2=//p"
}

@test "cgi: HTTP/1.0 200 Script output follows, Server, Date, then the script's own bytes" {
	activate -- --root "$ROOT"
	for v in 1.0 1.1; do
		run raw "GET /cgi-bin/htbin-missing/../../htbin/hi.sh HTTP/$v\r\nHost: x\r\n\r\n"
		[ "${lines[0]}" = $'HTTP/1.0 200 Script output follows\r' ]
		[[ "${lines[1]}" == "Server: cgihandler/"* ]]
		[[ "${lines[2]}" =~ ^Date:\ [A-Z][a-z]{2},\ [0-9]{2}\ .*\ GMT$'\r'$ ]]
		[ "${lines[3]}" = $'Content-Type: text/plain\r' ]
		[ "$(body_of "$output")" = "hi from htbin" ]
	done
}

@test "cgi: /cgi-bin and /htbin by default; nested directories; script and PATH_INFO split" {
	activate --inetd -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/htbin/hi.sh"
	[ "$output" = "hi from htbin" ]
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/nested/deep.sh/extra/p%20i"
	[ "$output" = "nested SCRIPT_NAME=/cgi-bin/nested/deep.sh PATH_INFO=/extra/p i" ]
	run curl -sS "http://127.0.0.1:$PORT//cgi-bin/./nested//deep.sh"
	[ "$output" = "nested SCRIPT_NAME=/cgi-bin/nested/deep.sh PATH_INFO=" ]
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/nested/more/pwd.sh"
	[ "$output" = "$REALROOT/cgi-bin/nested/more" ]
}

@test "cgi: PATH_INFO as the client sent it, decoded: empty segments, '.' and '..' kept (RFC 3875 4.1.5)" {
	activate -- --root "$ROOT"
	# target, then the SCRIPT_NAME, PATH_INFO and PATH_TRANSLATED it gives
	check() {
		run raw "GET $1 HTTP/1.0\r\n\r\n"
		[ "$(status_of "$output")" = 200 ] || { echo "$1: $output"; return 1; }
		[ "$(env_of "$output" SCRIPT_NAME)" = "$2" ] || { echo "$1: SCRIPT_NAME $(env_of "$output" SCRIPT_NAME)"; return 1; }
		[ "$(env_of "$output" PATH_INFO)" = "$3" ] || { echo "$1: PATH_INFO $(env_of "$output" PATH_INFO)"; return 1; }
		[ "$(env_of "$output" PATH_TRANSLATED)" = "$4" ] || { echo "$1: PATH_TRANSLATED $(env_of "$output" PATH_TRANSLATED)"; return 1; }
	}
	check /cgi-bin/env.sh/a///b /cgi-bin/env.sh /a///b "$REALROOT/a/b"
	check /cgi-bin/env.sh/YWJj//ZA== /cgi-bin/env.sh /YWJj//ZA== "$REALROOT/YWJj/ZA=="
	check /cgi-bin/env.sh//YWJj%2F%2FZA%3D%3D/ /cgi-bin/env.sh //YWJj//ZA==/ "$REALROOT/YWJj/ZA==/"
	check /cgi-bin//env.sh/x /cgi-bin/env.sh /x "$REALROOT/x"
	check /x/../cgi-bin/env.sh//y /cgi-bin/env.sh //y "$REALROOT/y"
	check /cgi-bin/./env.sh/a/../b /cgi-bin/env.sh /a/../b "$REALROOT/b"
	check /cgi-bin/env.sh/a/./b/. /cgi-bin/env.sh /a/./b/. "$REALROOT/a/b/"
	check /cgi-bin/env.sh/../env.sh//z /cgi-bin/env.sh //z "$REALROOT/z"
	check '/cgi-bin/env.sh/p%20q//r' /cgi-bin/env.sh '/p q//r' "$REALROOT/p q/r"
	# a nested script, reached through '//', '.' and '..', says it itself
	run raw "GET //cgi-bin/./nested/../nested//deep.sh//a//b/../c/ HTTP/1.0\r\n\r\n"
	[ "$(body_of "$output")" = "nested SCRIPT_NAME=/cgi-bin/nested/deep.sh PATH_INFO=//a//b/../c/" ]
	# and a real client that keeps the path as it is
	run curl -sS -i --path-as-is "http://127.0.0.1:$PORT/cgi-bin/env.sh/a/..//b"
	[ "$(env_of "$output" PATH_INFO)" = "/a/..//b" ]
	[ "$(env_of "$output" PATH_TRANSLATED)" = "$REALROOT/b" ]
	# which script runs is still decided on the collapsed path
	run raw "GET /cgi-bin/nested/deep.sh/../../env.sh/q HTTP/1.0\r\n\r\n"
	[ "$(env_of "$output" SCRIPT_NAME)" = /cgi-bin/env.sh ]
	[ "$(env_of "$output" PATH_INFO)" = /q ]
	no_secret "$output"
}

@test "cgi: --cgi-dir replaces the defaults, and nested ones work" {
	activate -- --root "$ROOT" --cgi-dir /sub/dir/cgi
	run curl -sS "http://127.0.0.1:$PORT/sub/dir/cgi/s.sh"
	[ "$output" = "from sub/dir/cgi" ]
	# /cgi-bin is a plain directory now: the script is a file, not run
	run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$(status_of "$output")" = 200 ]
	[[ "$(body_of "$output")" == '#!/bin/sh'* ]]
	run curl -sS "http://127.0.0.1:$PORT/htbin/hi.sh"
	[[ "$output" == '#!/bin/sh'* ]]
	deactivate
	activate -- --root "$ROOT" --cgi-dir /sub/dir/cgi --cgi-dir /htbin
	run curl -sS "http://127.0.0.1:$PORT/htbin/hi.sh"
	[ "$output" = "hi from htbin" ]
}

@test "cgi: the seed's 404 and 403 answers" {
	activate -- --root "$ROOT"
	run raw 'GET /cgi-bin/nope.sh HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 404 ]
	[[ "$output" == *"Message: No such CGI script (&#x27;/cgi-bin/nope.sh&#x27;)."* ]]
	run raw 'GET /cgi-bin/noexec.sh HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 403 ]
	[[ "$output" == *"Message: CGI script is not executable (&#x27;/cgi-bin/noexec.sh&#x27;)."* ]]
	run raw 'GET /cgi-bin/nested HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 403 ]
	[[ "$output" == *"Message: CGI script is not a plain file (&#x27;/cgi-bin/nested&#x27;)."* ]]
	[[ "$output" != *"not executable"* ]]
}

@test "cgi: POST only to scripts (501 Can only POST to CGI scripts); other methods 501" {
	activate -- --root "$ROOT"
	run raw 'POST /hello.txt HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc'
	[ "$(status_of "$output")" = 501 ]
	[[ "$output" == *"Message: Can only POST to CGI scripts."* ]]
	for m in PUT DELETE OPTIONS PATCH TRACE FOO custom GETs; do
		run raw "$m /cgi-bin/env.sh HTTP/1.0\r\n\r\n"
		[ "$(status_of "$output")" = 501 ] || { echo "$m: $output"; false; }
		[[ "$output" == *"Unsupported method (&#x27;$m&#x27;)"* ]]
	done
}

@test "cgi: a query without '=' is argv[1] ('+' as space); with '=' or empty, no argument" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/env.sh?hello+world%21"
	[ "$(env_of "$output" ARGV1)" = "hello world%21" ]
	[ "$(env_of "$output" ARGC)" = 1 ]
	[ "$(env_of "$output" QUERY_STRING)" = "hello+world%21" ]
	for q in '?a=b' '?' ''; do
		run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/env.sh$q"
		[ "$(env_of "$output" ARGC)" = 0 ] || { echo "$q: $output"; false; }
	done
}

@test "cgi: every RFC 3875 meta-variable, exactly, in both activation styles" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		run curl -sS -i -H 'Content-Type: application/x-www-form-urlencoded' \
			-H 'Authorization: Basic dXNlcjpwYXNz' --data-binary 'abc' \
			"http://127.0.0.1:$PORT/cgi-bin/envpost.sh/p%20q/r?x=1&y=%41+b"
		[ "$(status_of "$output")" = 200 ]
		got=$(body_of "$output" | grep -v '^HTTP_' | grep -v '^PWD=' | sed "s/^REMOTE_PORT=[0-9][0-9]*$/REMOTE_PORT=N/")
		want="CONTENT_LENGTH=3
CONTENT_TYPE=application/x-www-form-urlencoded
DOCUMENT_ROOT=$REALROOT
GATEWAY_INTERFACE=CGI/1.1
PATH=/usr/local/bin:/usr/bin:/bin
PATH_INFO=/p q/r
PATH_TRANSLATED=$REALROOT/p q/r
QUERY_STRING=x=1&y=%41+b
REMOTE_ADDR=127.0.0.1
REMOTE_HOST=127.0.0.1
REMOTE_PORT=N
REQUEST_METHOD=POST
REQUEST_SCHEME=http
REQUEST_URI=/cgi-bin/envpost.sh/p%20q/r?x=1&y=%41+b
SCRIPT_FILENAME=$REALROOT/cgi-bin/envpost.sh
SCRIPT_NAME=/cgi-bin/envpost.sh
SERVER_ADDR=127.0.0.1
SERVER_NAME=127.0.0.1
SERVER_PORT=$PORT
SERVER_PROTOCOL=HTTP/1.1
SERVER_SOFTWARE=cgihandler/$("$CGIHANDLER" --version | cut -d' ' -f2)"
		[ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); false; }
		deactivate
	done
}

@test "cgi: SERVER_PROTOCOL, SERVER_NAME and no CONTENT_* for an HTTP/1.0 GET" {
	activate -- --root "$ROOT"
	run raw 'GET /cgi-bin/env.sh HTTP/1.0\r\n\r\n'
	[ "$(env_of "$output" SERVER_PROTOCOL)" = HTTP/1.0 ]
	[ "$(env_of "$output" SERVER_NAME)" = 127.0.0.1 ]
	[ "$(env_of "$output" PATH_INFO)" = "" ]
	body_of "$output" | grep -q '^PATH_INFO=$'
	! body_of "$output" | grep -q '^PATH_TRANSLATED=' || false
	! body_of "$output" | grep -q '^CONTENT_' || false
	run raw 'GET /cgi-bin/env.sh HTTP/1.1\r\nHost: www.example.org:8080\r\n\r\n'
	[ "$(env_of "$output" SERVER_NAME)" = www.example.org ]
	[ "$(env_of "$output" HTTP_HOST)" = www.example.org:8080 ]
	deactivate
	# --server-name is what --help and the man page say: the name when
	# the request names no host; a Host names it (RFC 3875 4.1.14)
	activate -- --root "$ROOT" --server-name configured.example
	run raw 'GET /cgi-bin/env.sh HTTP/1.1\r\nHost: other:8080\r\n\r\n'
	[ "$(env_of "$output" SERVER_NAME)" = other ]
	run raw 'GET http://abs.example/cgi-bin/env.sh HTTP/1.1\r\nHost: abs.example\r\n\r\n'
	[ "$(env_of "$output" SERVER_NAME)" = abs.example ]
	run raw 'GET /cgi-bin/env.sh HTTP/1.0\r\n\r\n'
	[ "$(env_of "$output" SERVER_NAME)" = configured.example ]
	run raw 'GET /cgi-bin/env.sh HTTP/1.0\r\nHost: \r\n\r\n'
	[ "$(env_of "$output" SERVER_NAME)" = configured.example ]
}

@test "cgi: HTTP_* for each header but credentials and Proxy; repeats joined" {
	activate --inetd -- --root "$ROOT"
	run raw 'GET /cgi-bin/env.sh HTTP/1.1\r\nHost: h\r\nX-Custom-Thing: v1\r\nAccept: text/html\r\naccept: text/plain\r\nCookie: a=1\r\nCookie: b=2\r\nAuthorization: Basic eDp5\r\nProxy-Authorization: Basic eDp5\r\nProxy: http://evil.example:3128/\r\nX_Under: sneaky\r\nContent-Type: text/x-not-a-body\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" HTTP_X_CUSTOM_THING)" = v1 ]
	[ "$(env_of "$output" HTTP_ACCEPT)" = "text/html, text/plain" ]
	[ "$(env_of "$output" HTTP_COOKIE)" = "a=1; b=2" ]
	body=$(body_of "$output")
	[[ "$body" != *HTTP_AUTHORIZATION* ]]
	[[ "$body" != *HTTP_PROXY_AUTHORIZATION* ]]
	[[ "$body" != *HTTP_PROXY=* ]]
	[[ "$body" != *HTTP_X_UNDER* ]]
	[[ "$body" != *sneaky* ]]
	[[ "$body" != *HTTP_CONTENT_TYPE* ]]
	[[ "$body" != *AUTH_TYPE* ]]
	[[ "$body" != *REMOTE_USER* ]]
	[ "$(env_of "$output" CONTENT_TYPE)" = text/x-not-a-body ]
}

@test "cgi: --pass-auth passes Authorization as HTTP_AUTHORIZATION, as sent; Proxy-Authorization never (both styles)" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT" --pass-auth
		run raw 'GET /cgi-bin/env.sh HTTP/1.1\r\nHost: h\r\nAuthorization: Basic YWxpY2U6cGE6c3Mgd29yZA==\r\nProxy-Authorization: Basic eDp5\r\n\r\n'
		[ "$(status_of "$output")" = 200 ]
		[ "$(env_of "$output" HTTP_AUTHORIZATION)" = "Basic YWxpY2U6cGE6c3Mgd29yZA==" ]
		body=$(body_of "$output")
		[[ "$body" != *HTTP_PROXY_AUTHORIZATION* ]]
		[[ "$body" != *eDp5* ]]
		# the credentials are unchecked: nothing says who the user is
		[[ "$body" != *REMOTE_USER* ]]
		[[ "$body" != *AUTH_TYPE* ]]
		deactivate
	done
}

@test "cgi: preconditions are the script's to judge (RFC 3875): If-Match and If-None-Match reach it, joined" {
	activate -- --root "$ROOT"
	run raw 'GET /cgi-bin/env.sh HTTP/1.1\r\nHost: h\r\nIf-Match: "nope"\r\nIf-Match: "two"\r\nIf-Unmodified-Since: Thu, 01 Jan 1970 00:00:01 GMT\r\nIf-None-Match: *\r\nRange: bytes=5-\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" HTTP_IF_MATCH)" = '"nope", "two"' ]
	[ "$(env_of "$output" HTTP_IF_NONE_MATCH)" = '*' ]
	[ "$(env_of "$output" HTTP_IF_UNMODIFIED_SINCE)" = "Thu, 01 Jan 1970 00:00:01 GMT" ]
	[ "$(env_of "$output" HTTP_RANGE)" = "bytes=5-" ]
}

@test "cgi: the environment is built from scratch: nothing of the activator's leaks in" {
	for mode in "" --inetd; do
		activate $mode --env FOO=bar --env HTTP_PROXY=http://evil:1/ --env PATH=/evil \
			--env LD_PRELOAD=/evil.so --env SERVER_SOFTWARE=fake -- --root "$ROOT"
		run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/env.sh"
		[ "$(status_of "$output")" = 200 ]
		body=$(body_of "$output")
		[[ "$body" != *FOO* ]]
		[[ "$body" != *evil* ]]
		[[ "$body" != *LD_PRELOAD* ]]
		[[ "$body" != *HOME=* ]]
		[ "$(env_of "$output" PATH)" = /usr/local/bin:/usr/bin:/bin ]
		[[ "$(env_of "$output" SERVER_SOFTWARE)" == cgihandler/* ]]
		deactivate
	done
}

@test "cgi: DOCUMENT_ROOT, SCRIPT_FILENAME and the directory are the root's real path, however --root names it" {
	# a canonical absolute root without symlinks is taken as it is named
	# (no readlink per request): every other spelling must still give the
	# real path
	ln -s "$REALROOT" "$BATS_TEST_TMPDIR/link"
	for r in "$REALROOT" "$REALROOT/" "$BATS_TEST_TMPDIR/link" "$BATS_TEST_TMPDIR/link/" \
		"$REALROOT/./" "$REALROOT/../root" "$REALROOT//" "$BATS_TEST_TMPDIR//link" \
		"$(realpath --relative-to=. "$REALROOT")"; do
		activate -- --root "$r"
		run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/env.sh/x"
		[ "$(env_of "$output" DOCUMENT_ROOT)" = "$REALROOT" ] || { echo "$r: $output"; false; }
		[ "$(env_of "$output" SCRIPT_FILENAME)" = "$REALROOT/cgi-bin/env.sh" ]
		[ "$(env_of "$output" PATH_TRANSLATED)" = "$REALROOT/x" ]
		[ "$(env_of "$output" CWD)" = "$REALROOT/cgi-bin" ]
		deactivate
	done
}

@test "cgi: the script runs in its own directory (RFC 3875 7.2)" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$(env_of "$output" CWD)" = "$REALROOT/cgi-bin" ]
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/nested/more/pwd.sh/x/y"
	[ "$output" = "$REALROOT/cgi-bin/nested/more" ]
}

@test "cgi: script stderr never reaches the client when fd 2 is the connection" {
	# inetd hands the socket on fd 2 as well; systemd-socket-activate
	# --inetd gives fd 0 and 1 only, so a wrapper makes fd 2 the socket.
	# Under --log none it is asked only before the script starts, after
	# the status line (none for nph-).
	wrapper=$BATS_TEST_TMPDIR/stderr-is-conn
	printf '#!/bin/sh\nexec 2>&1\nexec "%s" "$@"\n' "$CGIHANDLER" > "$wrapper"
	chmod 755 "$wrapper"
	cp "$ROOT/cgi-bin/err.sh" "$ROOT/cgi-bin/nph-err.sh"
	for log in stderr none; do
		CGIHANDLER=$wrapper activate --inetd -- --root "$ROOT" --log $log
		run raw 'GET /cgi-bin/err.sh HTTP/1.0\r\n\r\n'
		[ "$(status_of "$output")" = 200 ]
		[ "$(body_of "$output")" = visible ]
		[[ "$output" != *STDERR-LEAK* ]]
		run raw 'GET /cgi-bin/nph-err.sh HTTP/1.0\r\n\r\n'
		[ "$output" = $'Content-Type: text/plain\r\n\r\nvisible' ] || { echo "$output"; false; }
		deactivate
	done
	! grep -q STDERR-LEAK "$ACT_LOG" || false
}

@test "cgi: with fd 2 not the connection, script stderr goes to the log, not the client" {
	for log in stderr none; do
		for mode in "" --inetd; do
			activate $mode -- --root "$ROOT" --log $log
			run raw 'GET /cgi-bin/err.sh HTTP/1.0\r\n\r\n'
			[ "$(body_of "$output")" = visible ]
			[[ "$output" != *STDERR-LEAK* ]]
			wait_log 'STDERR-LEAK 49'
			deactivate
		done
	done
}

@test "cgi: an nph- script is exec'd with nothing written before it" {
	activate -- --root "$ROOT"
	for mode in "" --relay; do
		deactivate
		activate -- --root "$ROOT" $mode
		run raw 'GET /cgi-bin/nph-raw.sh HTTP/1.1\r\nHost: x\r\n\r\n'
		[ "${lines[0]}" = $'HTTP/1.0 299 Custom\r' ]
		[ "${lines[1]}" = $'Content-Type: text/plain\r' ]
		[ "$(body_of "$output")" = "nph body" ]
		[[ "$output" != *"Script output follows"* ]]
	done
}

@test "cgi: without --relay, Status: is the script's text after the seed's 200" {
	activate -- --root "$ROOT"
	run raw 'GET /cgi-bin/status.sh HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Status)" = "404 Gone Away" ]
}

@test "cgi: --relay honours Status: and Location:" {
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT" --relay
		run raw 'GET /cgi-bin/status.sh HTTP/1.1\r\nHost: x\r\n\r\n'
		[ "${lines[0]}" = $'HTTP/1.1 404 Gone Away\r' ]
		[ -z "$(header_of "$output" Status)" ]
		[ "$(header_of "$output" Content-Type)" = text/plain ]
		[ "$(header_of "$output" Connection)" = close ]
		[ "$(body_of "$output")" = "not here" ]
		# a Location that is a local path and nothing else is a local
		# redirect (RFC 3875 6.2.2): we serve the path (tests in relay.bats)
		run raw 'GET /cgi-bin/redir.sh HTTP/1.0\r\n\r\n'
		[ "$(status_of "$output")" = 200 ]
		[ "$(body_of "$output")" = "hello world" ]
		run curl -sS -L "http://127.0.0.1:$PORT/cgi-bin/redir.sh"
		[ "$output" = "hello world" ]
		run curl -sS "http://127.0.0.1:$PORT/cgi-bin/env.sh?q=1"
		[[ "$output" == *"QUERY_STRING=q=1"* ]]
		deactivate
	done
}

# preexec_calls ARGS...: the system calls one GET of /cgi-bin/env.sh makes
# after its head was read and before the script's execve, by name, one
# line: strace -f around the handler under --inetd (fd 2 the activator's
# log file). fstat is fstat however libc spells it; alarm is setitimer.
# The handler starts as clean as the test can make it (default signals,
# empty mask, umask 022); a signal still ignored then (make leaves glibc's
# 32 and 33 ignored, which libc will not touch) is rightly reset by an
# rt_sigaction of its own, which is left out, one per such signal.
preexec_calls() {
	local wrapper=$BATS_TEST_TMPDIR/traced trace=$BATS_TEST_TMPDIR/trace
	cat > "$wrapper" <<PY
#!/usr/bin/env python3
import os, signal, sys
for sig in range(1, signal.NSIG):
    try:
        signal.signal(sig, signal.SIG_DFL)
    except (OSError, ValueError, RuntimeError):
        pass
signal.pthread_sigmask(signal.SIG_SETMASK, set())
os.umask(0o022)
with open("/proc/self/status") as st:
    ign = [l.split()[1] for l in st if l.startswith("SigIgn:")][0]
with open("$BATS_TEST_TMPDIR/ignored", "w") as f:
    f.write(str(bin(int(ign, 16)).count("1")))
os.execvp("strace", ["strace", "-f", "-o", "$trace", "$CGIHANDLER"] + sys.argv[1:])
PY
	chmod 755 "$wrapper"
	rm -f "$trace"
	CGIHANDLER=$wrapper activate --inetd -- "$@"
	run raw 'GET /cgi-bin/env.sh HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	deactivate
	awk -v inherited="$(cat "$BATS_TEST_TMPDIR/ignored")" '
		/execve\(".*cgi-bin\/env.sh"/ { print calls; exit }
		/^[0-9]+ +(\+\+\+|---|<\.\.\.)/ { next }
		{ sub(/^[0-9]+ +/, ""); sub(/\(.*/, "") }
		/^recvfrom$/ { calls = ""; left = inherited; next }
		/^rt_sigaction$/ && left > 0 { left--; next }
		{ sub(/^(newfstatat|statx)$/, "fstat"); sub(/^alarm$/, "setitimer")
		  calls = calls (calls == "" ? "" : " ") $0 }' "$trace"
}

@test "cgi: a script's pre-exec work is these system calls and no more (issue 12)" {
	skip_if_emulated "strace follows qemu, not the binary it runs"
	command -v strace >/dev/null || skip "strace not installed"
	# each one's reason: docs/benchmarks.md, "Cheap on a slow CPU"
	local want="openat2 fstat faccessat2 getsockname clock_gettime sendmsg setsockopt fstat chdir close_range openat read setitimer"
	got=$(preexec_calls --root "$REALROOT" --log none)
	echo "got:  $got"
	echo "want: $want"
	[ "$got" = "$want" ]
	# with the log line on fd 2, a file: fd 2 was asked about at start,
	# and a write to a file needs no SIGPIPE ignored (nor reset)
	want="openat2 fstat faccessat2 getsockname clock_gettime sendmsg write setsockopt chdir close_range openat read setitimer"
	got=$(preexec_calls --root "$REALROOT")
	echo "got:  $got"
	echo "want: $want"
	[ "$got" = "$want" ]
}
