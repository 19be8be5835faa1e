#!/usr/bin/env bats
# Issue 10, point 5: precompressed siblings (--precompressed): FILE.br and
# FILE.gz sent to a client whose Accept-Encoding takes them, with their own
# ETag, the file's type and Vary, through the activator with curl and raw
# requests.
load helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	seq 1 3000 > "$ROOT/page.txt"
	cp "$ROOT/page.txt" "$ROOT/withindex/index.html"
	for f in page.txt withindex/index.html; do
		gzip -k -9 "$ROOT/$f"
		brotli -k "$ROOT/$f"
	done
	seq 1 10 > "$ROOT/onlygz.css"
	gzip -k "$ROOT/onlygz.css"
	URL=http://127.0.0.1
}
teardown() { deactivate; }

curl() { command curl --max-time 20 "$@"; }

# head_for ACCEPT-ENCODING [PATH]: the head of a HEAD for PATH (/page.txt)
# with that Accept-Encoding field ("" for none).
head_for() {
	local ae=""
	[ -z "$1" ] || ae="Accept-Encoding: $1\r\n"
	raw "HEAD ${2:-/page.txt} HTTP/1.1\r\nHost: x\r\n$ae\r\n"
}

@test "precompressed: curl --compressed gets the brotli or gzip sibling and decodes it to the file" {
	activate -- --root "$ROOT" --precompressed
	run curl -sS --compressed -D "$BATS_TEST_TMPDIR/h" -o "$BATS_TEST_TMPDIR/body" "$URL:$PORT/page.txt"
	cmp "$BATS_TEST_TMPDIR/body" "$ROOT/page.txt"
	grep -qi '^Content-Encoding: br' "$BATS_TEST_TMPDIR/h"
	curl -sS -H 'Accept-Encoding: gzip' -D "$BATS_TEST_TMPDIR/h" "$URL:$PORT/page.txt" | gunzip |
		cmp - "$ROOT/page.txt"
	grep -qi '^Content-Encoding: gzip' "$BATS_TEST_TMPDIR/h"
	cmp <(curl -sS -H 'Accept-Encoding: gzip' "$URL:$PORT/page.txt") "$ROOT/page.txt.gz"
	cmp <(curl -sS -H 'Accept-Encoding: br' "$URL:$PORT/page.txt") "$ROOT/page.txt.br"
	# a directory's index file too
	cmp <(curl -sS -H 'Accept-Encoding: gzip' "$URL:$PORT/withindex/") "$ROOT/withindex/index.html.gz"
}

@test "precompressed: the sibling has the file's Content-Type, its own length and ETag, Vary on both" {
	activate -- --root "$ROOT" --precompressed
	run head_for gzip
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Content-Type)" = text/plain ]
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
	[ "$(header_of "$output" Content-Length)" = "$(stat -c %s "$ROOT/page.txt.gz")" ]
	[ "$(header_of "$output" Vary)" = Accept-Encoding ]
	[ -z "$(body_of "$output")" ]
	gz_tag=$(header_of "$output" ETag)
	run head_for br
	[ "$(header_of "$output" Content-Encoding)" = br ]
	br_tag=$(header_of "$output" ETag)
	run head_for ""
	[ -z "$(header_of "$output" Content-Encoding)" ]
	[ "$(header_of "$output" Content-Length)" = "$(stat -c %s "$ROOT/page.txt")" ]
	[ "$(header_of "$output" Vary)" = Accept-Encoding ]
	id_tag=$(header_of "$output" ETag)
	[ -n "$gz_tag" ] && [ "$gz_tag" != "$id_tag" ] && [ "$br_tag" != "$id_tag" ] &&
		[ "$br_tag" != "$gz_tag" ]
}

@test "precompressed: q-values, *, identity and repeated Accept-Encoding lines choose the coding" {
	activate -- --root "$ROOT" --precompressed
	check() {
		run head_for "$1"
		[ "$(header_of "$output" Content-Encoding)" = "$2" ] ||
			{ echo "[$1]: got '$(header_of "$output" Content-Encoding)', want '$2'"; return 1; }
	}
	check 'gzip' gzip
	check 'x-gzip' gzip
	check 'GZIP' gzip
	check 'br' br
	check 'gzip, deflate, br' br
	check 'br;q=0.5, gzip' gzip
	check 'br;q=0.5, gzip;q=0.8' gzip
	check 'br;q=1.0, gzip;q=1' br
	check 'gzip;q=0' ''
	check 'gzip;q=0.000, br;q=0' ''
	check 'gzip ; q=0.001' gzip
	check '*' br
	check '*;q=0' ''
	check '*;q=0, gzip' gzip
	check '*, br;q=0' gzip
	check 'identity' ''
	check 'identity;q=0' ''
	check 'identity;q=0, gzip' gzip
	check 'gzip;q=0.5, identity' ''
	check 'deflate' ''
	check 'gzip;q=2' ''
	check 'gzip;q=0.5x' ''
	check '' ''
	# one list over several lines (RFC 9110 5.3)
	run raw "HEAD /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: deflate\r\nAccept-Encoding: gzip\r\n\r\n"
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
	run raw "HEAD /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nAccept-Encoding: br;q=0\r\n\r\n"
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
	# only a .gz: a br-only client gets the file
	run head_for 'br' /onlygz.css
	[ -z "$(header_of "$output" Content-Encoding)" ]
	run head_for 'br, gzip' /onlygz.css
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
	[ "$(header_of "$output" Content-Type)" = text/css ]
}

@test "precompressed: a sibling older than the file is stale and ignored; a directory sibling too" {
	touch -d '2020-01-01' "$ROOT/page.txt.gz"
	rm "$ROOT/page.txt.br"
	mkdir "$ROOT/page.txt.br"
	activate -- --root "$ROOT" --precompressed
	run head_for 'gzip, br'
	[ -z "$(header_of "$output" Content-Encoding)" ]
	[ "$(header_of "$output" Content-Length)" = "$(stat -c %s "$ROOT/page.txt")" ]
	touch "$ROOT/page.txt.gz"
	run head_for 'gzip, br'
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
}

@test "precompressed: no original, no sibling: FILE.gz alone does not answer for FILE" {
	rm "$ROOT/page.txt"
	activate -- --root "$ROOT" --precompressed
	run head_for gzip
	[ "$(status_of "$output")" = 404 ]
}

@test "precompressed: Range and conditional requests apply to the representation sent" {
	activate -- --root "$ROOT" --precompressed
	cmp <(curl -sS -H 'Accept-Encoding: gzip' -r 10-19 "$URL:$PORT/page.txt") \
		<(tail -c +11 "$ROOT/page.txt.gz" | head -c 10)
	run raw "GET /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nRange: bytes=-5\r\n\r\n"
	[ "$(status_of "$output")" = 206 ]
	[ "$(header_of "$output" Content-Range)" = "bytes $(($(stat -c %s "$ROOT/page.txt.gz") - 5))-$(($(stat -c %s "$ROOT/page.txt.gz") - 1))/$(stat -c %s "$ROOT/page.txt.gz")" ]
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
	gz_tag=$(header_of "$(head_for gzip)" ETag)
	id_tag=$(header_of "$(head_for '')" ETag)
	# If-None-Match with the gzip tag: 304 (with Vary) for a gzip client, 200 for another
	run raw "GET /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nIf-None-Match: $gz_tag\r\n\r\n"
	[ "$(status_of "$output")" = 304 ]
	[ "$(header_of "$output" ETag)" = "$gz_tag" ]
	[ "$(header_of "$output" Vary)" = Accept-Encoding ]
	run raw "GET /page.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: $gz_tag\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	run raw "GET /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nIf-None-Match: $id_tag\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	[ "$(header_of "$output" Content-Encoding)" = gzip ]
	# If-Range with the identity tag does not apply a range to the gzip body
	run raw "GET /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nRange: bytes=0-9\r\nIf-Range: $id_tag\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	run raw "GET /page.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nRange: bytes=0-9\r\nIf-Range: $gz_tag\r\n\r\n"
	[ "$(status_of "$output")" = 206 ]
}

@test "precompressed: off by default: the file, no Vary, whatever Accept-Encoding says" {
	activate -- --root "$ROOT"
	run head_for 'gzip, br'
	[ -z "$(header_of "$output" Content-Encoding)" ]
	[ -z "$(header_of "$output" Vary)" ]
	[ "$(header_of "$output" Content-Length)" = "$(stat -c %s "$ROOT/page.txt")" ]
}

@test "precompressed: a sibling is found beneath the root only, and not for a dotfile name" {
	ln -s "$(dirname "$ROOT")/secret.txt" "$ROOT/hello.txt.gz"
	activate -- --root "$ROOT" --precompressed
	run raw "GET /hello.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
	[ "$(status_of "$output")" = 200 ]
	no_secret "$output"
	[ -z "$(header_of "$output" Content-Encoding)" ]
}
