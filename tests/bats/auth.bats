#!/usr/bin/env bats
# Issue 10, point 2: Basic authentication (--auth FILE) with crypt(3)
# hashes, through the activator with curl, raw requests and git.
load helpers

# hash SCHEME PASSWORD: a crypt(3) string made by the usual tools.
hash() {
	case $1 in
	yescrypt) python3 -W ignore -c 'import crypt,sys; print(crypt.crypt(sys.argv[1], "$y$j9T$" + crypt.mksalt(crypt.METHOD_SHA256)[3:19] + "$"))' "$2" ;;
	bcrypt-2y) htpasswd -nbB -C 5 x "$2" | cut -d: -f2 ;;
	bcrypt-2b) python3 -W ignore -c 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))' "$2" ;;
	sha512) openssl passwd -6 "$2" ;;
	esac
}

# lacks TEXT PATTERN...: fails when a line of TEXT matches a pattern (grep
# -e). A bare `! cmd` never fails a bats test, so negations go through here.
lacks() {
	local text=$1
	shift
	local p
	for p in "$@"; do
		if printf '%s\n' "$text" | grep -q -e "$p"; then
			echo "unexpected: $p"
			return 1
		fi
	done
}

# b64 TEXT: base64 of TEXT, one line.
b64() { printf '%s' "$1" | base64 -w0; }

# The static build has no crypt(3) (Debian's musl lacks it): --auth there
# refuses to serve, which a test of its own shows.
needs_crypt() {
	ldd "$CGIHANDLER" >/dev/null 2>&1 || skip "static build: --auth needs libcrypt"
}

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	mkdir -p "$ROOT/admin/sub" "$ROOT/administrator" "$ROOT/x"
	printf 'admin only\n' > "$ROOT/admin/index.html"
	printf 'admin file\n' > "$ROOT/admin/sub/f.txt"
	printf 'public\n' > "$ROOT/administrator/p.txt"
	AUTH=$ROOT/.htpasswd
	PW_HASH=$(hash yescrypt 's3cret pw')
	printf '# busybox httpd.conf style\n/admin:alice:%s\n/cgi-bin:alice:%s\n' \
		"$PW_HASH" "$PW_HASH" > "$AUTH"
	URL=http://127.0.0.1
}
teardown() { deactivate; }

curl() { command curl --max-time 20 "$@"; }

# get_code [curl args] URLPATH: the status code of one GET.
get_code() {
	local path=${*: -1}
	curl -sS -o /dev/null -w '%{http_code}' "${@:1:$#-1}" "$URL:$PORT$path"
}

@test "auth: each hash scheme (yescrypt, bcrypt \$2y\$ and \$2b\$, sha512-crypt) lets curl -u in" {
	needs_crypt
	for scheme in yescrypt bcrypt-2y bcrypt-2b sha512; do
		h=$(hash $scheme "pw-$scheme")
		printf '/admin:bob:%s\n' "$h" > "$AUTH"
		activate -- --root "$ROOT" --auth "$AUTH"
		run curl -sS -u "bob:pw-$scheme" "$URL:$PORT/admin/sub/f.txt"
		[ "$output" = "admin file" ] || { echo "$scheme: $output"; return 1; }
		[ "$(get_code -u "bob:wrong" /admin/sub/f.txt)" = 401 ] || { echo "$scheme wrong"; return 1; }
		wait_log ' - bob \[.*"GET /admin/sub/f.txt HTTP/1.1" 200'
		wait_log 'auth-bad-password'
		deactivate
	done
}

@test "auth: no credentials is 401 with the RFC 7617 challenge, the realm from --auth-realm" {
	needs_crypt
	activate -- --root "$ROOT" --auth "$AUTH" --auth-realm "Router admin"
	run raw "GET /admin/sub/f.txt HTTP/1.1\r\nHost: x\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
	[ "$(header_of "$output" WWW-Authenticate)" = 'Basic realm="Router admin", charset="UTF-8"' ]
	lacks "$output" 'admin file'
	wait_log '401 [0-9]* auth-no-credentials'
	# HEAD: the same head, no body
	run raw "HEAD /admin/ HTTP/1.0\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
	[ -z "$(body_of "$output")" ]
	# another scheme is no credentials either
	run raw "GET /admin/ HTTP/1.0\r\nAuthorization: Bearer abc\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
}

@test "auth: unknown user, wrong password and malformed credentials are 401, each with its reason, never the password in the log" {
	needs_crypt
	activate -- --root "$ROOT" --auth "$AUTH"
	[ "$(get_code -u 'mallory:s3cret pw' /admin/)" = 401 ]
	wait_log '401 [0-9]* auth-bad-user'
	[ "$(get_code -u 'alice:guessed-Pw-123' /admin/)" = 401 ]
	wait_log '401 [0-9]* auth-bad-password'
	[ "$(get_code -u 'alice:s3cret pw' /admin/)" = 200 ]
	for bad in 'Basic !!!!' 'Basic YWxpY2U' 'Basic YWxpY2U=x===' "Basic $(b64 alice)" \
		"Basic $(b64 $'alice:pw\x01')" 'Basic' "Basic $(b64 "a:$(head -c 1100 /dev/zero | tr '\0' x)")"; do
		run raw "GET /admin/ HTTP/1.0\r\nAuthorization: $bad\r\n\r\n"
		[ "$(status_of "$output")" = 401 ] || { echo "$bad: $output"; return 1; }
	done
	# two Authorization fields: which one counts is ambiguous, so neither
	run raw "GET /admin/ HTTP/1.0\r\nAuthorization: Basic $(b64 'alice:s3cret pw')\r\nAuthorization: Basic $(b64 'alice:s3cret pw')\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
	wait_log 'auth-malformed'
	[ "$(grep -c 'auth-malformed' "$ACT_LOG")" = 8 ]
	lacks "$(cat "$ACT_LOG")" 's3cret' 'guessed-Pw' "$(b64 'alice:s3cret pw')"
}

@test "auth: a prefix protects itself and below on segment boundaries, and no path trick steps around it" {
	needs_crypt
	activate -- --root "$ROOT" --auth "$AUTH"
	for p in /admin /admin/ /admin/sub/f.txt /ADMIN/sub/f.txt /Admin/ //admin/sub/f.txt \
		/x/../admin/sub/f.txt /./admin/sub/f.txt /%61dmin/sub/f.txt /admin%2fsub/f.txt \
		/%2e/admin/sub/f.txt /admin/nonexistent /admin/../admin/sub/f.txt \
		'/admin/sub/f.txt?x=1' /cgi-bin/env.sh /cgi-bin//env.sh/path/info; do
		run raw "GET $p HTTP/1.0\r\n\r\n"
		[ "$(status_of "$output")" = 401 ] || { echo "$p: $(status_of "$output")"; return 1; }
		lacks "$output" 'admin file' 'admin only'
	done
	# not protected: a name that only begins like the prefix
	[ "$(get_code /administrator/p.txt)" = 200 ]
	[ "$(get_code /hello.txt)" = 200 ]
	[ "$(get_code /admin.txt)" = 404 ]
	# the absolute form routes on the same path
	run raw "GET http://x/admin/sub/f.txt HTTP/1.1\r\nHost: x\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
}

@test "auth: user:hash lines protect --auth-prefix, or the whole site without one" {
	needs_crypt
	printf 'carol:%s\n' "$(hash bcrypt-2y pw)" > "$BATS_TEST_TMPDIR/htpasswd"
	activate -- --root "$ROOT" --auth "$BATS_TEST_TMPDIR/htpasswd"
	[ "$(get_code /hello.txt)" = 401 ]
	[ "$(get_code /)" = 401 ]
	[ "$(get_code -u carol:pw /hello.txt)" = 200 ]
	deactivate
	activate -- --root "$ROOT" --auth "$BATS_TEST_TMPDIR/htpasswd" --auth-prefix /sub/ \
		--auth-prefix /x
	[ "$(get_code /hello.txt)" = 200 ]
	[ "$(get_code /sub/deeper/file.txt)" = 401 ]
	[ "$(get_code /x/)" = 401 ]
	[ "$(get_code -u carol:pw /sub/deeper/file.txt)" = 200 ]
}

@test "auth: the longest prefix decides who may enter" {
	needs_crypt
	printf '/:alice:%s\n/admin:bob:%s\n' "$(hash sha512 a)" "$(hash sha512 b)" > "$AUTH"
	activate -- --root "$ROOT" --auth "$AUTH"
	[ "$(get_code -u alice:a /hello.txt)" = 200 ]
	[ "$(get_code -u bob:b /hello.txt)" = 401 ]
	[ "$(get_code -u bob:b /admin/sub/f.txt)" = 200 ]
	[ "$(get_code -u alice:a /admin/sub/f.txt)" = 401 ]
}

@test "auth: a script sees REMOTE_USER and AUTH_TYPE only after a verified password, never the Authorization field" {
	needs_crypt
	activate -- --root "$ROOT" --auth "$AUTH" --cgi-dir /cgi-bin --cgi-dir /htbin
	cp "$ROOT/cgi-bin/env.sh" "$ROOT/htbin/env.sh"
	run curl -sS -u 'alice:s3cret pw' "$URL:$PORT/cgi-bin/env.sh"
	printf '%s\n' "$output" | grep -qx 'REMOTE_USER=alice'
	printf '%s\n' "$output" | grep -qx 'AUTH_TYPE=Basic'
	lacks "$output" 'HTTP_AUTHORIZATION'
	# an unprotected script: the same header sets nothing
	run curl -sS -u 'alice:s3cret pw' "$URL:$PORT/htbin/env.sh"
	printf '%s\n' "$output" | grep -q '^PATH='
	lacks "$output" REMOTE_USER AUTH_TYPE HTTP_AUTHORIZATION
	# and a wrong password never starts the script
	run curl -sS -u 'alice:nope' "$URL:$PORT/cgi-bin/env.sh"
	lacks "$output" REMOTE_USER
}

@test "auth: the password file is never served, listed or run, under any name" {
	needs_crypt
	ln "$AUTH" "$ROOT/x/hardlink.txt"
	ln -s ../.htpasswd "$ROOT/x/symlink.txt"
	cp "$AUTH" "$ROOT/cgi-bin/pw"
	chmod +x "$ROOT/cgi-bin/pw"
	printf 'alice:%s\n' "$PW_HASH" >> "$ROOT/cgi-bin/pw"
	activate -- --root "$ROOT" --auth "$AUTH" --dotfiles
	for p in /.htpasswd /x/hardlink.txt /x/symlink.txt /x/../.htpasswd; do
		run raw "GET $p HTTP/1.0\r\n\r\n"
		[ "$(status_of "$output")" = 404 ] || { echo "$p: $output"; return 1; }
		lacks "$output" 'j9T'
	done
	run curl -sS "$URL:$PORT/x/"
	lacks "$output" hardlink
	printf '%s' "$output" | grep -q symlink # a symlink's own inode is another
	run curl -sS "$URL:$PORT/"
	lacks "$output" htpasswd
	printf '%s' "$output" | grep -q '.hidden' # --dotfiles lists other dotfiles
	deactivate
	# as a CGI script, behind its own prefix and with the password
	activate -- --root "$ROOT" --auth "$ROOT/cgi-bin/pw"
	[ "$(get_code -u 'alice:s3cret pw' /cgi-bin/pw)" = 404 ]
	[ "$(get_code -u 'alice:s3cret pw' /cgi-bin/env.sh)" = 200 ]
}

@test "auth: weak, unknown or malformed lines make the file refused: 500, the line in the error log" {
	needs_crypt
	for line in 'alice:ab01FAX.bQRSU' 'alice:$1$saltsalt$xxxxxxxxxxxxxxxxxxxxxx' \
		'alice:$apr1$saltsalt$xxxxxxxxxxxxxxxxxxxxxx' 'alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=' \
		'alice:plaintext' 'alice:$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui' \
		'A:127.0.0.1' 'no colon' 'al ice:$6$saltsalt$xxxxxxxxxxxxxxxxxx'; do
		printf '# ok\n/admin:%s\n%s\n' "alice:$PW_HASH" "$line" > "$AUTH"
		activate -- --root "$ROOT" --auth "$AUTH"
		[ "$(get_code /hello.txt)" = 500 ] || { echo "$line"; return 1; }
		wait_log "line 3: "
		wait_log 'setup-failed'
		deactivate
	done
	activate -- --root "$ROOT" --auth "$BATS_TEST_TMPDIR/missing"
	[ "$(get_code /hello.txt)" = 500 ]
	wait_log "missing: No such file"
}

@test "auth: a bad --auth-realm or --auth-prefix is a usage error" {
	run "$CGIHANDLER" --auth-realm 'a"b' </dev/null
	[ "$status" = 2 ]
	run "$CGIHANDLER" --auth-realm $'a\tb' </dev/null
	[ "$status" = 2 ]
	run "$CGIHANDLER" --auth-prefix admin </dev/null
	[ "$status" = 2 ]
}

@test "auth: the static build, without crypt(3), refuses to serve under --auth" {
	ldd "$CGIHANDLER" >/dev/null 2>&1 && skip "dynamic build"
	activate -- --root "$ROOT" --auth "$AUTH"
	[ "$(get_code /hello.txt)" = 500 ]
	wait_log 'no crypt'
}

@test "auth: git push over smart HTTP behind --auth, git http-backend sees REMOTE_USER" {
	needs_crypt
	command -v git >/dev/null || skip "no git"
	local repos=$BATS_TEST_TMPDIR/repos work=$BATS_TEST_TMPDIR/work
	git init -q --bare "$repos/r.git"
	chown -R nobody "$repos"
	chmod -R o+rx "$BATS_TEST_TMPDIR"
	cat > "$ROOT/cgi-bin/git" <<SH
#!/bin/sh
export GIT_PROJECT_ROOT=$repos GIT_HTTP_EXPORT_ALL=1
exec /usr/lib/git-core/git-http-backend
SH
	chmod +x "$ROOT/cgi-bin/git"
	git init -q "$work"
	git -C "$work" -c user.name=t -c user.email=t@t commit -q --allow-empty -m first
	activate -- --root "$ROOT" --auth "$AUTH" --relay
	# no credentials: git is told 401 and, without a helper, gives up
	run env GIT_TERMINAL_PROMPT=0 git -C "$work" push "$URL:$PORT/cgi-bin/git/r.git" HEAD:main
	[ "$status" -ne 0 ]
	run env GIT_TERMINAL_PROMPT=0 git -C "$work" push \
		"http://alice:s3cret%20pw@127.0.0.1:$PORT/cgi-bin/git/r.git" HEAD:main
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(git -c safe.directory="*" -C "$repos/r.git" rev-parse main)" = "$(git -C "$work" rev-parse HEAD)" ]
	wait_log ' - alice \[.*git-receive-pack'
}
