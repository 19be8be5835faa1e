#!/usr/bin/env bats
# Issue 11, points 1 and 2: the PROXY protocol (--proxy-protocol) through a
# real activator with raw v1 and v2 headers: the addresses it names reach
# the script and the log, the request behind it is read whole (socket and
# pipe), every malformed class is refused with its reason; and TLS that
# scripts can see (--https, the v2 SSL TLV): HTTPS, REQUEST_SCHEME, and
# Locations that stay relative.
load helpers
load hostile_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
}
teardown() { deactivate; }

# env_of ANSWER NAME: a variable from env.sh's output.
env_of() {
	body_of "$1" | sed -n "s/^$2=//p"
}

# v2 VER_CMD FAM ADDRESS-BYTES [TLV-BYTES]: a PROXY v2 header as printf
# escapes; the length is counted from the bytes given (each \xHH is one).
v2() {
	local body=$3${4:-} n
	n=$(printf '%b' "$body" | wc -c)
	printf '\\r\\n\\r\\n\\x00\\r\\nQUIT\\n\\x%s\\x%s\\x%02x\\x%02x%s' "$1" "$2" $((n >> 8)) $((n & 255)) "$body"
}
# 203.0.113.7:51000 -> 198.51.100.20:8443, as v2 address bytes
A4='\xcb\x00\x71\x07\xc6\x33\x64\x14\xc7\x38\x20\xfb'
# 2001:db8::7:51000 -> 2001:db8::20:8443
A6='\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x07\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20\xc7\x38\x20\xfb'
# PP2_TYPE_SSL: client PP2_CLIENT_SSL, verify 0, version "TLSv1.3"
SSL_TLV='\x20\x00\x0f\x01\x00\x00\x00\x00\x21\x00\x07TLSv1.3'
# the first 20 of its 28 bytes
V2_CUT='\r\n\r\n\x00\r\nQUIT\n\x21\x11\x00\x0c\xcb\x00\x71\x07'
GET_ENV='GET /cgi-bin/env.sh HTTP/1.0\r\n\r\n'

# refused HEADER-BYTES REASON [rawhttp options]: the connection is closed
# with no answer, and the log says why.
refused() {
	local hdr=$1 why=$2
	shift 2
	run raw "$hdr" "$@"
	[ "$status" -eq 3 ] || { echo "status $status: $output" >&2; return 1; }
	[ -z "$output" ]
	expect_reason "$why"
}

@test "proxy: v1 TCP4: REMOTE_ADDR/PORT and SERVER_ADDR/PORT from the header, in the env and the log" {
	activate -- --root "$ROOT" --proxy-protocol
	run raw "PROXY TCP4 203.0.113.7 198.51.100.20 51000 8443\r\n$GET_ENV"
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" REMOTE_ADDR)" = 203.0.113.7 ]
	[ "$(env_of "$output" REMOTE_PORT)" = 51000 ]
	[ "$(env_of "$output" SERVER_ADDR)" = 198.51.100.20 ]
	[ "$(env_of "$output" SERVER_PORT)" = 8443 ]
	[ "$(env_of "$output" REQUEST_SCHEME)" = http ]
	[[ "$output" != *HTTPS=* ]]
	wait_log '^203\.0\.113\.7 - - .*"GET /cgi-bin/env.sh HTTP/1.0" 200'
	# a file answer logs the client too
	run raw "PROXY TCP4 192.0.2.1 198.51.100.20 4000 80\r\nGET /hello.txt HTTP/1.0\r\n\r\n"
	[ "$(body_of "$output")" = "hello world" ]
	wait_log '^192\.0\.2\.1 - - .*"GET /hello.txt HTTP/1.0" 200 12'
}

@test "proxy: v1 TCP6 and UNKNOWN: the IPv6 client; UNKNOWN keeps the real peer" {
	activate -- --root "$ROOT" --proxy-protocol
	run raw "PROXY TCP6 2001:db8::7 2001:db8::20 51000 8443\r\n$GET_ENV"
	[ "$(env_of "$output" REMOTE_ADDR)" = 2001:db8::7 ]
	[ "$(env_of "$output" SERVER_ADDR)" = 2001:db8::20 ]
	[ "$(env_of "$output" SERVER_PORT)" = 8443 ]
	wait_log '^2001:db8::7 - - '
	run raw "PROXY UNKNOWN\r\n$GET_ENV"
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" REMOTE_ADDR)" = 127.0.0.1 ]
	[ "$(env_of "$output" SERVER_PORT)" = "$PORT" ]
}

@test "proxy: v2 TCP4 and TCP6: the addresses from the binary header" {
	activate -- --root "$ROOT" --proxy-protocol
	run raw "$(v2 21 11 "$A4")$GET_ENV"
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" REMOTE_ADDR)" = 203.0.113.7 ]
	[ "$(env_of "$output" REMOTE_PORT)" = 51000 ]
	[ "$(env_of "$output" SERVER_ADDR)" = 198.51.100.20 ]
	[ "$(env_of "$output" SERVER_PORT)" = 8443 ]
	[[ "$output" != *HTTPS=* ]]
	wait_log '^203\.0\.113\.7 - - .*"GET /cgi-bin/env.sh HTTP/1.0" 200'
	run raw "$(v2 21 21 "$A6")$GET_ENV"
	[ "$(env_of "$output" REMOTE_ADDR)" = 2001:db8::7 ]
	[ "$(env_of "$output" SERVER_ADDR)" = 2001:db8::20 ]
}

@test "proxy: v2 LOCAL (a health check) keeps the real peer and still serves the request" {
	activate -- --root "$ROOT" --proxy-protocol
	run raw "$(v2 20 00 '')$GET_ENV"
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" REMOTE_ADDR)" = 127.0.0.1 ]
	# LOCAL with an address block: skipped by its length, not read
	run raw "$(v2 20 11 "$A4")OPTIONS * HTTP/1.0\r\n\r\n"
	[ "$(status_of "$output")" = 501 ]
	wait_log '^127\.0\.0\.1 - - .*"OPTIONS \* HTTP/1.0" 501'
}

@test "proxy: the v2 SSL TLV (PP2_CLIENT_SSL) gives HTTPS=on and REQUEST_SCHEME=https" {
	activate -- --root "$ROOT" --proxy-protocol
	run raw "$(v2 21 11 "$A4" "$SSL_TLV")$GET_ENV"
	[ "$(status_of "$output")" = 200 ]
	[ "$(env_of "$output" HTTPS)" = on ]
	[ "$(env_of "$output" REQUEST_SCHEME)" = https ]
	[ "$(env_of "$output" REMOTE_ADDR)" = 203.0.113.7 ]
	# the same TLV without the bit: plain http
	run raw "$(v2 21 11 "$A4" '\x20\x00\x05\x02\x00\x00\x00\x00')$GET_ENV"
	[ "$(env_of "$output" REQUEST_SCHEME)" = http ]
	[[ "$output" != *HTTPS=* ]]
}

@test "proxy: not one byte of the request is consumed: a POST body reaches the script whole" {
	activate -- --root "$ROOT" --proxy-protocol
	local post='POST /cgi-bin/echo.sh HTTP/1.0\r\nContent-Length: 10\r\n\r\n0123456789'
	run raw "PROXY TCP4 203.0.113.7 198.51.100.20 51000 8443\r\n$post"
	[ "$(body_of "$output")" = 0123456789 ]
	run raw "$(v2 21 11 "$A4" "$SSL_TLV")$post"
	[ "$(body_of "$output")" = 0123456789 ]
	# the header in its own segment, then the request
	run raw "PROXY TCP4 203.0.113.7 198.51.100.20 51000 8443\r\n$post" --split 20
	[ "$(body_of "$output")" = 0123456789 ]
	run raw "$(v2 21 11 "$A4")$post" --split 10
	[ "$(body_of "$output")" = 0123456789 ]
}

@test "proxy: on a pipe the header is read byte-exact, the body left to the script" {
	local post='POST /cgi-bin/echo.sh HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloTRAILING'
	run bash -c "printf '%b' 'PROXY TCP4 203.0.113.7 198.51.100.20 51000 8443\r\n$post' |
		'$CGIHANDLER' --root '$ROOT' --proxy-protocol 2>/dev/null"
	[[ "${lines[0]}" == "HTTP/1.0 200 Script output follows"* ]]
	[ "$(body_of "$output")" = hello ]
	run bash -c "printf '%b' '$(v2 21 11 "$A4" "$SSL_TLV")$post' |
		'$CGIHANDLER' --root '$ROOT' --proxy-protocol 2>/dev/null"
	[ "$(body_of "$output")" = hello ]
	run bash -c "printf '%b' '$(v2 21 11 "$A4")$GET_ENV' |
		'$CGIHANDLER' --root '$ROOT' --proxy-protocol 2>/dev/null"
	[ "$(env_of "$output" REMOTE_ADDR)" = 203.0.113.7 ]
}

@test "proxy: missing, truncated, oversized and timed-out headers are refused, closed and logged" {
	activate -- --root "$ROOT" --proxy-protocol --timeout 2
	refused "$GET_ENV" proxy-missing
	refused 'PROXY TCP4 203.0.113.7 198.51.100.20' proxy-truncated --half-close
	refused "$V2_CUT" proxy-truncated --half-close
	refused "PROXY UNKNOWN $(printf '%0100d' 0)\r\n$GET_ENV" proxy-v1-too-long
	refused '\r\n\r\n\x00\r\nQUIT\n\x21\x11\x10\x00' proxy-v2-too-long
	# a client that sends half a header and waits is cut off by --timeout
	refused 'PROXY TCP4 203.0.113.7' proxy-timeout
	refused "$V2_CUT" proxy-timeout
	refused '' no-request --half-close
}

@test "proxy: each malformed class is refused with its reason" {
	activate -- --root "$ROOT" --proxy-protocol
	refused "PROXY TCP4 203.0.113.7 198.51.100.20 51000 8443\n$GET_ENV" proxy-v1-syntax
	refused "PROXY TCP4  203.0.113.7 198.51.100.20 51000 8443\r\n$GET_ENV" proxy-v1-syntax
	refused "PROXY TCP9 203.0.113.7 198.51.100.20 51000 8443\r\n$GET_ENV" proxy-v1-syntax
	refused "PROXY TCP4 203.0.113.07 198.51.100.20 51000 8443\r\n$GET_ENV" proxy-v1-address
	refused "PROXY TCP4 2001:db8::7 198.51.100.20 51000 8443\r\n$GET_ENV" proxy-v1-address
	refused "PROXY TCP6 2001:db8:::7 ::1 51000 8443\r\n$GET_ENV" proxy-v1-address
	refused "PROXY TCP4 203.0.113.7 198.51.100.20 65536 8443\r\n$GET_ENV" proxy-v1-port
	refused "PROXY TCP4 203.0.113.7 198.51.100.20 051000 8443\r\n$GET_ENV" proxy-v1-port
	refused "$(v2 11 11 "$A4")$GET_ENV" proxy-v2-version
	refused "$(v2 23 11 "$A4")$GET_ENV" proxy-v2-command
	refused "$(v2 21 51 "$A4")$GET_ENV" proxy-v2-family
	refused "$(v2 21 21 "$A4")$GET_ENV" proxy-v2-length
	refused "$(v2 21 11 "$A4" '\x04\x00\x09ab')$GET_ENV" proxy-v2-tlv
	refused "$(v2 21 11 "$A4" '\x20\x00\x03\x01\x00\x00')$GET_ENV" proxy-v2-tlv
	refused "$(v2 21 11 "$A4" '\x03\x00\x04\x00\x00\x00\x00')$GET_ENV" proxy-v2-crc32c
	refused '\r\n\r\n\x00\r\nQUIX\n\x21\x11\x00\x0c' proxy-missing
}

@test "proxy: without --proxy-protocol a PROXY header is a bad request (400)" {
	activate -- --root "$ROOT"
	run raw "PROXY TCP4 203.0.113.7 198.51.100.20 51000 8443\r\n$GET_ENV"
	[ "$(status_of "$output")" = 400 ]
	[[ "$output" != *REMOTE_ADDR* ]]
	expect_reason request-line-syntax
	run raw "$(v2 21 11 "$A4")$GET_ENV"
	[ "$(status_of "$output")" = 400 ]
	[[ "$output" != *REMOTE_ADDR* ]]
}

@test "https: --https gives HTTPS=on and REQUEST_SCHEME=https; without it http and no HTTPS" {
	activate -- --root "$ROOT" --https
	run curl -sS --max-time 20 -H 'Https: off' "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$(printf '%s\n' "$output" | sed -n 's/^HTTPS=//p')" = on ]
	[[ "$output" == *$'\n'REQUEST_SCHEME=https$'\n'* ]]
	# the client's header stays a header, never the variable
	[[ "$output" == *$'\n'HTTP_HTTPS=off$'\n'* ]]
	deactivate
	activate -- --root "$ROOT"
	run curl -sS --max-time 20 "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[[ "$output" == *$'\n'REQUEST_SCHEME=http$'\n'* ]]
	[[ "$output" != *HTTPS=* ]]
}

@test "https: the directory 301's Location stays a relative path under --https and the SSL TLV" {
	activate -- --root "$ROOT" --https --proxy-protocol
	run raw "PROXY TCP4 203.0.113.7 198.51.100.20 51000 443\r\nGET /sub?x=1 HTTP/1.1\r\nHost: www.example\r\n\r\n"
	[ "$(status_of "$output")" = 301 ]
	[ "$(header_of "$output" Location)" = "/sub/?x=1" ]
	run raw "$(v2 21 11 "$A4" "$SSL_TLV")GET /sub HTTP/1.1\r\nHost: www.example\r\n\r\n"
	[ "$(status_of "$output")" = 301 ]
	[ "$(header_of "$output" Location)" = "/sub/" ]
}

@test "https: a relayed local redirect (RFC 3875 6.2.2) is served in place, still https, with no Location built" {
	printf '#!/bin/sh\nprintf "Location: /cgi-bin/env.sh?from=redirect\\r\\n\\r\\n"\n' > "$ROOT/cgi-bin/local.sh"
	chmod 755 "$ROOT/cgi-bin/local.sh"
	activate -- --root "$ROOT" --relay --proxy-protocol
	run raw "$(v2 21 11 "$A4" "$SSL_TLV")GET /cgi-bin/local.sh HTTP/1.1\r\nHost: www.example\r\nConnection: close\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	[ -z "$(header_of "$output" Location)" ]
	[[ "$output" == *$'\n'QUERY_STRING=from=redirect* ]]
	[[ "$output" == *$'\n'HTTPS=on* ]]
	[[ "$output" == *$'\n'REQUEST_SCHEME=https* ]]
	[[ "$output" == *$'\n'REMOTE_ADDR=203.0.113.7* ]]
}
