#!/usr/bin/env bats
# Issue 3, group 3: nothing outside --root is served, listed or executed;
# scripts run only from CGI directories after the collapse; a Location
# never leaves the host; whatever is echoed is escaped.
load hostile_helpers

setup() { hostile_setup; }
teardown() { hostile_teardown; }

get() { expect "$1" "GET $2 HTTP/1.0\\r\\n\\r\\n"; }

# The script ran (its output, not its source, came back).
ran_script() {
	[[ "$ANSWER" == *"Script output follows"* ]] && [[ "$ANSWER" == *"GATEWAY_INTERFACE=CGI/1.1"* ]] &&
		[[ "$ANSWER" != *'#!/bin/sh'* ]]
}

@test "paths: /../secret.txt stays in the root (404)" { get 404 /../secret.txt; }
@test "paths: /sub/../../secret.txt stays in the root (404)" { get 404 /sub/../../secret.txt; }
@test "paths: /%2e%2e/secret.txt stays in the root (404)" { get 404 /%2e%2e/secret.txt; }
@test "paths: /%2E%2E%2fsecret.txt (encoded slash) stays in the root (404)" { get 404 /%2E%2E%2fsecret.txt; }
@test "paths: /%252e%252e/secret.txt is not decoded twice (404)" {
	get 404 /%252e%252e/secret.txt
	mkdir "$ROOT/%2e%2e"
	printf 'literal\n' > "$ROOT/%2e%2e/secret.txt"
	get 200 /%252e%252e/secret.txt
	[[ "$ANSWER" == *literal* ]]
}
@test "paths: /..%5csecret.txt (backslash) is a plain name (404)" { get 404 /..%5csecret.txt; }
@test "paths: a raw backslash dot-dot is a plain name (404)" { get 404 '/..\\\\secret.txt'; }
@test "paths: overlong UTF-8 dots /%c0%ae%c0%ae/secret.txt are plain bytes (404)" { get 404 /%c0%ae%c0%ae/secret.txt; }
@test "paths: overlong UTF-8 slash /..%c0%afsecret.txt is a plain byte (404)" { get 404 /..%c0%afsecret.txt; }
@test "paths: %00 in the path is 400" {
	get 400 /hello.txt%00.html
	expect_reason nul-in-path
}
@test "paths: %0d%0a in the path is 400" {
	get 400 /sub%0d%0aSet-Cookie:%20x=1
	expect_reason control-byte-in-path
}
@test "paths: a malformed escape is 400" {
	get 400 /hello%2.txt
	expect_reason bad-percent-escape
}
@test "paths: an escape cut off at the end is 400" { get 400 /hello.txt%2; }
@test "paths: a symlink to ../secret.txt is 403" {
	get 403 /out-link.txt
	expect_reason cannot-open
}
@test "paths: an absolute symlink to the secret is 403" { get 403 /abs-link.txt; }
@test "paths: a path through a symlink to / is refused" {
	get 403 /slash-link/etc/passwd
	[[ "$ANSWER" != *"root:x:0"* ]]
}
@test "paths: a symlink that stays inside the root is served" {
	get 200 /in-link.txt
	[[ "$ANSWER" == *"hello world"* ]]
}
@test "paths: without openat2 (a kernel before 5.6) the /proc fallback holds the same line" {
	without_openat2
	deactivate
	activate -- --root "$ROOT"
	get 200 /hello.txt
	get 404 /../secret.txt
	get 403 /out-link.txt
	get 403 /abs-link.txt
	get 403 /slash-link/etc/passwd
	[[ "$ANSWER" != *"root:x:0"* ]]
	get 200 /in-link.txt
	[[ "$ANSWER" == *"hello world"* ]]
	get 403 /cgi-bin/outside.sh
	[ ! -e "$BATS_TEST_TMPDIR/outside-ran" ]
	get 200 /cgi-bin/env.sh
	ran_script
}
@test "paths: a dotfile is 404 by default" {
	get 404 /.hidden
	expect_reason dotfile
}
@test "paths: an encoded dotfile /%2ehidden is 404" { get 404 /%2ehidden; }
@test "paths: a dot-directory /.git/config is 404" { get 404 /.git/config; }
@test "paths: a dotfile reached by /sub/../.hidden is 404" { get 404 /sub/../.hidden; }
@test "paths: --dotfiles serves a dotfile" {
	deactivate
	activate -- --root "$ROOT" --dotfiles
	get 200 /.hidden
	[[ "$ANSWER" == *dot* ]]
}
# well_known_site: /.well-known/ with an ACME token, security.txt, a
# dotfile and a dot-directory inside it.
well_known_site() {
	mkdir -p "$ROOT/.well-known/acme-challenge" "$ROOT/.well-known/.git"
	printf 'TOKEN123.thumbprint\n' > "$ROOT/.well-known/acme-challenge/TOKEN123"
	printf 'Contact: mailto:security@example.org\n' > "$ROOT/.well-known/security.txt"
	printf 'WELL-KNOWN-SECRET\n' > "$ROOT/.well-known/.secret"
	printf 'WELL-KNOWN-GIT\n' > "$ROOT/.well-known/.git/config"
	chmod -R o+rX "$ROOT/.well-known"
}
@test "paths: /.well-known/ (RFC 8615) is served without --dotfiles: ACME http-01, security.txt" {
	well_known_site
	get 200 /.well-known/acme-challenge/TOKEN123
	[[ "$ANSWER" == *TOKEN123.thumbprint* ]]
	get 200 /.well-known/security.txt
	[[ "$ANSWER" == *security@example.org* ]]
	get 200 /%2ewell-known/security.txt
	get 200 /sub/../.well-known//./security.txt
	get 301 /.well-known
	[[ "$(header_of "$ANSWER" Location)" == /.well-known/ ]]
	# what an ACME client does: a plain GET with curl, HTTP/1.1
	run curl -sS --max-time 20 "http://127.0.0.1:$PORT/.well-known/acme-challenge/TOKEN123"
	[ "$output" = TOKEN123.thumbprint ]
	# its own listing lists what is in it but its dot-names
	get 200 /.well-known/
	[[ "$ANSWER" == *security.txt* ]] && [[ "$ANSWER" == *acme-challenge/* ]]
	[[ "$ANSWER" != *.secret* ]] && [[ "$ANSWER" != *.git* ]]
}
@test "paths: dot-names inside /.well-known/, and look-alikes, stay hidden (404)" {
	well_known_site
	mkdir -p "$ROOT/.well-knownx" "$ROOT/sub/.well-known"
	printf 'LOOKALIKE\n' > "$ROOT/.well-knownx/f"
	printf 'NESTED\n' > "$ROOT/sub/.well-known/f"
	chmod -R o+rX "$ROOT/.well-knownx" "$ROOT/sub/.well-known"
	for path in /.well-known/.secret /.well-known/.git/config /.well-known/%2esecret \
		/.well-known/acme-challenge/../.secret /.well-knownx/f /sub/.well-known/f \
		/.well-known/../.hidden; do
		get 404 "$path"
		[[ "$ANSWER" != *WELL-KNOWN-* ]] && [[ "$ANSWER" != *LOOKALIKE* ]] && [[ "$ANSWER" != *NESTED* ]]
	done
	expect_reason dotfile
}
@test "paths: the listing of / leaves out .well-known, as every dot-name (like nginx's autoindex)" {
	well_known_site
	get 200 /
	[[ "$ANSWER" == *hello.txt* ]]
	[[ "$ANSWER" != *well-known* ]]
}
@test "paths: --no-well-known hides /.well-known/ again; --dotfiles still wins" {
	well_known_site
	deactivate
	activate -- --root "$ROOT" --no-well-known
	get 404 /.well-known/security.txt
	expect_reason dotfile
	get 404 /.well-known/acme-challenge/TOKEN123
	deactivate
	activate -- --root "$ROOT" --no-well-known --dotfiles
	get 200 /.well-known/security.txt
}

@test "paths: a listing leaves out dotfiles and escapes names" {
	get 200 /list/
	[[ "$ANSWER" == *visible.txt* ]]
	[[ "$ANSWER" != *hidden-in-list* ]]
	[[ "$ANSWER" == *'&lt;script&gt;alert(1)&lt;\script&gt;.txt'* ]]
	[[ "$ANSWER" != *'<script>'* ]]
}
@test "paths: a listing of the root names no dotfile" {
	get 200 /
	[[ "$ANSWER" != *'.hidden'* ]]
	[[ "$ANSWER" != *'.git'* ]]
}
@test "paths: a script outside the root, linked from cgi-bin, never runs (403)" {
	get 403 /cgi-bin/outside.sh
	[ ! -e "$BATS_TEST_TMPDIR/outside-ran" ]
	expect_reason script-outside-root
}
@test "paths: /%63gi-bin/env.sh runs the script, never shows its source" {
	get 200 /%63gi-bin/env.sh
	ran_script
}
@test "paths: /cgi-bin%2fenv.sh runs the script, never shows its source" {
	get 200 /cgi-bin%2fenv.sh
	ran_script
}
@test "paths: /cgi-bin//env.sh runs the script" {
	get 200 //cgi-bin//env.sh
	ran_script
}
@test "paths: /htbin/../cgi-bin/./env.sh runs the script, never shows its source" {
	get 200 /htbin/../cgi-bin/./env.sh
	ran_script
}
@test "paths: /cgi-bin/../cgi-bin/env.sh runs the script" {
	get 200 /cgi-bin/../cgi-bin/env.sh
	ran_script
}
@test "paths: /cgi-bin/../hello.txt is a file, not a script" {
	get 200 /cgi-bin/../hello.txt
	[[ "$ANSWER" == *"hello world"* ]]
	[[ "$ANSWER" != *"Script output follows"* ]]
}
@test "paths: /CGI-BIN/env.sh is not a CGI directory and never shows the source (404)" {
	get 404 /CGI-BIN/env.sh
}
@test "paths: a non-executable file in cgi-bin is 403, not its source" {
	get 403 /cgi-bin/noexec.sh
	[[ "$ANSWER" != *"echo not executable"* ]]
}
@test "paths: a POST to a file outside the CGI directories is 501" {
	expect 501 'POST /hello.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n'
}
@test "paths: a directory in cgi-bin named as the script is 403" { get 403 /cgi-bin/nested; }
@test "paths: a script name echoed in the 404 page is escaped" {
	get 404 '/cgi-bin/%3Cscript%3Ealert(1)%3C%2Fscript%3E'
	[[ "$ANSWER" == *'&lt;script&gt;'* ]]
	[[ "$ANSWER" != *'<script>'* ]]
}
@test "paths: the 301 for a directory keeps the query and names no host" {
	get 301 '/sub?a=1'
	[ "$(header_of "$ANSWER" Location)" = "/sub/?a=1" ]
}
@test "paths: //evil.com redirects to /evil.com/, never to another host" {
	get 301 //evil.com
	[ "$(header_of "$ANSWER" Location)" = "/evil.com/" ]
}
@test "paths: /%5cevil.com redirects to an encoded backslash, never /\\\\" {
	get 301 '/%5cevil.com'
	[ "$(header_of "$ANSWER" Location)" = "/%5Cevil.com/" ]
}
@test "paths: a Host header never reaches the Location" {
	expect 301 'GET /sub HTTP/1.1\r\nHost: evil.example\r\n\r\n'
	[ "$(header_of "$ANSWER" Location)" = "/sub/" ]
}
@test "paths: an absolute-form authority never reaches the Location" {
	expect 301 'GET http://evil.example/sub HTTP/1.1\r\nHost: x\r\n\r\n'
	[ "$(header_of "$ANSWER" Location)" = "/sub/" ]
}
@test "paths: a query with an encoded CR LF stays encoded in the Location" {
	get 301 '/sub?x=%0d%0aSet-Cookie:%20a=1'
	[ "$(header_of "$ANSWER" Location)" = "/sub/?x=%0d%0aSet-Cookie:%20a=1" ]
	[ -z "$(header_of "$ANSWER" Set-Cookie)" ]
}
@test "paths: four thousand nested components are 404, not a crash" {
	local p
	p=$(printf '/a%.0s' $(seq 1 4000))
	get 404 "$p"
}
@test "paths: four thousand dot-dots collapse to the root listing" {
	local p
	p=$(printf '/..%.0s' $(seq 1 2500))
	get 200 "$p/"
	[[ "$ANSWER" == *"Directory listing for /"* ]]
}
