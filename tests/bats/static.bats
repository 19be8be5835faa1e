#!/usr/bin/env bats
# Issue 2, point 4: files as the seed's SimpleHTTPRequestHandler serves them,
# plus conditional and ranged GET, through both activation styles.
load helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	printf '<p>page</p>\n' > "$ROOT/page.html"
	printf 'p{}\n' > "$ROOT/style.css"
	printf '\x89PNG\r\n\x1a\n' > "$ROOT/pic.png"
	printf 'gz' > "$ROOT/data.gz"
	printf 'x' > "$ROOT/blob.weirdext"
	printf 'no extension' > "$ROOT/README"
	# a fixed mtime: Last-Modified is checked to the second
	touch -d '2021-03-04 05:06:07 UTC' "$ROOT/hello.txt"
	mkdir -p "$ROOT/htmdir" "$ROOT/both" "$ROOT/list/Zeta" "$ROOT/list/alpha dir"
	printf 'htm index\n' > "$ROOT/htmdir/index.htm"
	printf 'html wins\n' > "$ROOT/both/index.html"
	printf 'htm loses\n' > "$ROOT/both/index.htm"
	for n in 'b.txt' 'A.txt' 'c d.txt' '<x&y>.txt' 'é.txt' '.dot'; do
		printf '%s' "$n" > "$ROOT/list/$n"
	done
	ln -s b.txt "$ROOT/list/link"
}
teardown() { deactivate; }

# Every request is bounded: a handler that hangs fails the test, not the run.
curl() { command curl --max-time 20 "$@"; }

@test "static: MIME types from /etc/mime.types, the seed's overrides, else octet-stream" {
	activate -- --root "$ROOT"
	check() {
		run curl -sS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$PORT$1"
		[ "$output" = "$2" ] || { echo "$1: got $output, want $2"; return 1; }
	}
	check /hello.txt text/plain
	check /page.html text/html
	check /style.css text/css
	check /pic.png image/png
	check /data.gz application/gzip
	check /blob.weirdext application/octet-stream
	check /README application/octet-stream
}

@test "static: a file's bytes, its length, Last-Modified to the second" {
	activate --inetd -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Content-Length)" = 12 ]
	[ "$(header_of "$output" Last-Modified)" = "Thu, 04 Mar 2021 05:06:07 GMT" ]
	[ "$(body_of "$output")" = "hello world" ]
	cmp <(curl -sS "http://127.0.0.1:$PORT/one-k.bin") "$ROOT/one-k.bin"
}

@test "static: If-Modified-Since at or after Last-Modified is 304 without a body; before is 200" {
	activate -- --root "$ROOT"
	for ims in "Thu, 04 Mar 2021 05:06:07 GMT" "Thu, 04 Mar 2021 06:06:07 GMT" \
		"Thursday, 04-Mar-21 05:06:07 GMT" "Thu Mar  4 05:06:07 2021"; do
		run raw "GET /hello.txt HTTP/1.0\r\nIf-Modified-Since: $ims\r\n\r\n"
		[ "$(status_of "$output")" = 304 ]
		[ -z "$(body_of "$output")" ]
		[ "$(header_of "$output" Last-Modified)" = "Thu, 04 Mar 2021 05:06:07 GMT" ]
	done
	run raw "GET /hello.txt HTTP/1.0\r\nIf-Modified-Since: Wed, 04 Mar 2020 05:06:07 GMT\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello world" ]
	run raw "GET /hello.txt HTTP/1.0\r\nIf-Modified-Since: not a date\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
}

@test "static: ETag and If-None-Match (304), a list, a miss (200), and it wins over If-Modified-Since" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	etag=$(header_of "$output" ETag)
	[[ "$etag" == '"'*'"' ]]
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: $etag\r\n\r\n"
	[ "$(status_of "$output")" = 304 ]
	[ -z "$(body_of "$output")" ]
	[ "$(header_of "$output" ETag)" = "$etag" ]
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"nope\", W/$etag\r\n\r\n"
	[ "$(status_of "$output")" = 304 ]
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"nope\"\r\nIf-Modified-Since: Thu, 04 Mar 2021 06:06:07 GMT\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello world" ]
	# a changed file gets a new tag
	printf 'hello again\n' > "$ROOT/hello.txt"
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: $etag\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello again" ]
}

@test "static: If-None-Match on several lines is one list (RFC 9110 5.3): the tag on any line is 304" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	etag=$(header_of "$output" ETag)
	# the tag on the second line, on a later line after another field, after
	# empty members, with a quoted comma in an earlier member
	for fields in "If-None-Match: \"nope\"\r\nIf-None-Match: $etag" \
		"If-None-Match: \"a\", \"b\"\r\nAccept: */*\r\nif-none-match: , ,W/$etag" \
		"If-None-Match: \"x,y\"\r\nIf-None-Match:\r\nIf-None-Match: $etag"; do
		run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\n$fields\r\n\r\n"
		[ "$(status_of "$output")" = 304 ] || { echo "$fields: $output"; return 1; }
		[ -z "$(body_of "$output")" ]
		run raw "HEAD /hello.txt HTTP/1.0\r\n$fields\r\n\r\n"
		[ "$(status_of "$output")" = 304 ] || { echo "HEAD $fields: $output"; return 1; }
	done
	# no line has it: the whole file
	run raw "GET /hello.txt HTTP/1.0\r\nIf-None-Match: \"a\"\r\nIf-None-Match: \"b\"\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello world" ]
}

@test "static: If-Match and If-Unmodified-Since fail with 412 before Range, without the file (RFC 9110 13.2.2)" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	etag=$(header_of "$output" ETag)
	past="Wed, 03 Mar 2021 05:06:07 GMT"
	for fields in 'If-Match: "nope"\r\nRange: bytes=5-' 'If-Match: "nope"' \
		"If-Match: W/$etag\r\nRange: bytes=5-" 'If-Match: "a"\r\nIf-Match: "b"' \
		"If-Unmodified-Since: $past\r\nRange: bytes=5-" "If-Unmodified-Since: $past" \
		"If-Match: \"nope\"\r\nIf-None-Match: $etag" \
		"If-Unmodified-Since: $past\r\nIf-Modified-Since: $past"; do
		run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\n$fields\r\n\r\n"
		[ "$(status_of "$output")" = 412 ] || { echo "$fields: $output"; return 1; }
		[ -z "$(header_of "$output" Content-Range)" ]
		! printf '%s' "$output" | grep -q world || false
		run raw "HEAD /hello.txt HTTP/1.0\r\n$fields\r\n\r\n"
		[ "$(status_of "$output")" = 412 ]
		[ -z "$(body_of "$output")" ]
	done
	# they hold: the range, or the whole file
	for fields in "If-Match: $etag" 'If-Match: *' "If-Match: \"a\"\r\nIf-Match: $etag" \
		"If-Unmodified-Since: Thu, 04 Mar 2021 05:06:07 GMT" \
		"If-Match: $etag\r\nIf-Unmodified-Since: $past" \
		"If-Unmodified-Since: $past\r\nIf-Unmodified-Since: $past"; do
		run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\n$fields\r\nRange: bytes=6-\r\n\r\n"
		[ "$(status_of "$output")" = 206 ] || { echo "$fields: $output"; return 1; }
		[ "$(body_of "$output")" = world ]
	done
	# If-Match that holds, then If-None-Match that matches: 304
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-Match: $etag\r\nIf-None-Match: $etag\r\n\r\n"
	[ "$(status_of "$output")" = 304 ]
	# curl's own -z -date (If-Unmodified-Since)
	run curl -sS -o /dev/null -w '%{http_code}' -z "-$past" "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = 412 ]
}

@test "static: If-Range: a strong tag or the exact date gives the range, anything else the whole file" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	etag=$(header_of "$output" ETag)
	for ir in "$etag" "Thu, 04 Mar 2021 05:06:07 GMT"; do
		run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=6-\r\nIf-Range: $ir\r\n\r\n"
		[ "$(status_of "$output")" = 206 ] || { echo "$ir: $output"; return 1; }
		[ "$(body_of "$output")" = world ]
	done
	for ir in '"stale"' "W/$etag" "Thu, 04 Mar 2021 05:06:08 GMT" "Thu, 04 Mar 2021 05:06:06 GMT" \
		"not a date" "$etag\r\nIf-Range: $etag"; do
		run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=6-\r\nIf-Range: $ir\r\n\r\n"
		[ "$(status_of "$output")" = 200 ] || { echo "$ir: $output"; return 1; }
		[ "$(body_of "$output")" = "hello world" ]
		[ -z "$(header_of "$output" Content-Range)" ]
	done
	# If-None-Match comes before If-Range: a match is 304 whatever the range
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=6-\r\nIf-Range: \"stale\"\r\nIf-None-Match: $etag\r\n\r\n"
	[ "$(status_of "$output")" = 304 ]
}

@test "static: a listing exists without validators: If-Match: * holds, a tag fails, If-None-Match: * is 304" {
	activate -- --root "$ROOT"
	run raw "GET /list/ HTTP/1.0\r\nIf-Match: *\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	body_of "$output" | grep -q 'b.txt'
	run raw "GET /list/ HTTP/1.0\r\nIf-Match: \"x\"\r\n\r\n"
	[ "$(status_of "$output")" = 412 ]
	! body_of "$output" | grep -q 'b.txt' || false
	run raw "GET /list/ HTTP/1.0\r\nIf-None-Match: *\r\n\r\n"
	[ "$(status_of "$output")" = 304 ]
	[ -z "$(body_of "$output")" ]
	run raw "GET /list/ HTTP/1.0\r\nIf-None-Match: \"x\"\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	# a missing file is 404 whatever the preconditions (RFC 9110 13.2.1)
	run raw "GET /nope.txt HTTP/1.0\r\nIf-Match: *\r\n\r\n"
	[ "$(status_of "$output")" = 404 ]
}

@test "static: Range: 206 with Content-Range, suffix ranges, 416, and whole for what we ignore" {
	activate -- --root "$ROOT"
	run curl -sS -i -r 0-4 "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 206 ]
	[ "$(header_of "$output" Content-Range)" = "bytes 0-4/12" ]
	[ "$(header_of "$output" Content-Length)" = 5 ]
	[ "$(body_of "$output")" = hello ]
	run curl -sS -r -6 "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = world ]
	run curl -sS -r 6- "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = world ]
	cmp <(curl -sS -r 1000-2000 "http://127.0.0.1:$PORT/one-k.bin") <(tail -c 24 "$ROOT/one-k.bin")
	run curl -sS -i -r 12-20 "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 416 ]
	[ "$(header_of "$output" Content-Range)" = "bytes */12" ]
	run curl -sS -i -r 0-1,3-4 "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello world" ]
	run curl -sS -i -r 0-4 -H 'If-Range: "stale"' "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Accept-Ranges)" = bytes ]
}

@test "static: index.html, index.htm, and index.html first" {
	activate --inetd -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/withindex/"
	[ "$output" = "<html><body>index page</body></html>" ]
	run curl -sS -i "http://127.0.0.1:$PORT/htmdir/"
	[ "$(body_of "$output")" = "htm index" ]
	[ "$(header_of "$output" Content-Type)" = text/html ]
	run curl -sS "http://127.0.0.1:$PORT/both/"
	[ "$output" = "html wins" ]
}

@test "static: the listing: names HTML-escaped, links percent-encoded, sorted, dirs with /, no dotfiles" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/list/"
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Content-Type)" = "text/html; charset=utf-8" ]
	body=$(body_of "$output")
	[[ "$body" == *"<title>Directory listing for /list/</title>"* ]]
	[[ "$body" == *'<li><a href="%3Cx%26y%3E.txt">&lt;x&amp;y&gt;.txt</a></li>'* ]]
	[[ "$body" == *'<li><a href="c%20d.txt">c d.txt</a></li>'* ]]
	[[ "$body" == *'<li><a href="%C3%A9.txt">é.txt</a></li>'* ]]
	[[ "$body" == *'<li><a href="alpha%20dir/">alpha dir/</a></li>'* ]]
	[[ "$body" == *'<li><a href="Zeta/">Zeta/</a></li>'* ]]
	[[ "$body" == *'<li><a href="link">link@</a></li>'* ]]
	[[ "$body" != *".dot"* ]]
	[[ "$body" != *"<x&y>"* ]]
	# sorted case-insensitively, as the seed's list.sort(key=str.lower)
	order=$(printf '%s\n' "$body" | sed -n 's/.*<a href="[^"]*">\([^<]*\)<.*/\1/p' | tr '\n' '|')
	[ "$order" = "&lt;x&amp;y&gt;.txt|A.txt|alpha dir/|b.txt|c d.txt|link@|Zeta/|é.txt|" ]
	# each link works
	run curl -sS "http://127.0.0.1:$PORT/list/%3Cx%26y%3E.txt"
	[ "$output" = "<x&y>.txt" ]
	run curl -sS "http://127.0.0.1:$PORT/list/c%20d.txt"
	[ "$output" = "c d.txt" ]
}

@test "static: a directory without / gets 301 to the path plus /, query kept" {
	activate -- --root "$ROOT"
	run raw 'GET /sub HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 301 ]
	[ "$(header_of "$output" Location)" = /sub/ ]
	[ "$(header_of "$output" Content-Length)" = 0 ]
	run raw 'GET /sub/deeper?a=1&b=%41 HTTP/1.0\r\n\r\n'
	[ "$(header_of "$output" Location)" = "/sub/deeper/?a=1&b=%41" ]
	run raw 'GET /list/alpha%20dir HTTP/1.0\r\n\r\n'
	[ "$(header_of "$output" Location)" = "/list/alpha%20dir/" ]
}

@test "static: 301 never to another host (the //evil.example/.. shape of CVE-2021-28861)" {
	activate --inetd -- --root "$ROOT"
	for target in '//evil.example/..%2f..%2fsub' '///evil.example/../sub' \
		'//evil.example/%2e%2e/sub' '/evil.example/..//sub' '//sub' \
		'https://evil.example//sub' '//evil.example/../sub?x=//y'; do
		run raw "GET $target HTTP/1.1\r\nHost: x\r\n\r\n"
		[ "$(status_of "$output")" = 301 ] || { echo "$target: $output"; false; }
		loc=$(header_of "$output" Location)
		[[ "$loc" == /sub/* ]] || { echo "$target -> $loc"; false; }
		[[ "$loc" != //* ]]
	done
}

@test "static: 404 for what is not there, a file with a trailing /, a dotfile; nothing outside the root" {
	activate -- --root "$ROOT"
	for p in /missing /missing/ /hello.txt/ /.hidden /list/.dot /sub/../../secret.txt /%2e%2e/secret.txt; do
		run raw "GET $p HTTP/1.0\r\n\r\n"
		[ "$(status_of "$output")" = 404 ] || { echo "$p: $output"; false; }
		[[ "$output" == *"Message: File not found."* ]]
		no_secret "$output"
	done
}

@test "static: HEAD has the GET's headers and no body (files, listings, errors)" {
	activate -- --root "$ROOT"
	for p in /hello.txt /list/ /missing /sub; do
		run raw "HEAD $p HTTP/1.0\r\n\r\n"
		get=$(raw "GET $p HTTP/1.0\r\n\r\n")
		[ "$(status_of "$output")" = "$(status_of "$get")" ]
		[ "$(header_of "$output" Content-Length)" = "$(header_of "$get" Content-Length)" ]
		[ "$(header_of "$output" Content-Type)" = "$(header_of "$get" Content-Type)" ]
		# nothing after the empty line
		[ "$(raw "HEAD $p HTTP/1.0\r\n\r\n" | tail -c 4 | od -An -c | tr -d ' ')" = '\r\n\r\n' ]
		[ -z "$(body_of "$output")" ]
	done
	run hc --method HEAD /one-k.bin
	[ "$(header_of "$output" Content-Length)" = 1024 ]
	[ -z "$(body_of "$output")" ]
}

@test "static: file bodies go out with sendfile(2)" {
	command -v strace >/dev/null || skip "strace not installed"
	run sh -c "printf 'GET /one-k.bin HTTP/1.0\r\n\r\n' |
		strace -f -e trace=sendfile -o '$BATS_TEST_TMPDIR/trace' '$CGIHANDLER' --root '$ROOT' > '$BATS_TEST_TMPDIR/out'"
	[ "$status" -eq 0 ]
	grep -q 'sendfile(1, [0-9]*, \[0\] => \[1024\], 1024) = 1024' "$BATS_TEST_TMPDIR/trace"
	tail -c 1024 "$BATS_TEST_TMPDIR/out" | cmp - "$ROOT/one-k.bin"
}

@test "static: sizes, offsets and dates past 32 bits: a 5 GiB sparse file, a range at its end, a 2040 mtime" {
	# What a 32-bit build (armhf, mips; make check-cross) gets wrong
	# without 64-bit off_t and time_t: the size, the sendfile offset, the
	# date, or the directory entry itself.
	truncate -s 5G "$ROOT/big.bin"
	printf 'END' | dd of="$ROOT/big.bin" bs=1 seek=$((5 * 1024 * 1024 * 1024 - 3)) conv=notrunc 2>/dev/null
	touch -d '2040-01-02 03:04:05 UTC' "$ROOT/big.bin"
	activate -- --root "$ROOT"
	run curl -sS -I "http://127.0.0.1:$PORT/big.bin"
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Content-Length)" = 5368709120 ]
	[ "$(header_of "$output" Last-Modified)" = "Mon, 02 Jan 2040 03:04:05 GMT" ]
	curl -sS -D "$BATS_TEST_TMPDIR/head" -o "$BATS_TEST_TMPDIR/tail" \
		-H 'Range: bytes=5368709115-' "http://127.0.0.1:$PORT/big.bin"
	head=$(cat "$BATS_TEST_TMPDIR/head")
	[ "$(status_of "$head")" = 206 ]
	[ "$(header_of "$head" Content-Range)" = "bytes 5368709115-5368709119/5368709120" ]
	[ "$(od -An -c "$BATS_TEST_TMPDIR/tail" | tr -d ' \n')" = '\0\0END' ]
	run curl -sS "http://127.0.0.1:$PORT/"
	[[ "$output" == *'<a href="big.bin">big.bin</a>'* ]]
}
