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

# symlinks_into_admin: the attacker's shapes of issue 13 point 1, a file
# and a directory symlink from public places into /admin, plus a script
# and an --interpreter script kept under /admin.
symlinks_into_admin() {
	printf 'ADMIN-SECRET\n' > "$ROOT/admin/secret.html"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\nADMIN-SCRIPT user=%%s\\n" "$REMOTE_USER"\n' \
		> "$ROOT/admin/s.cgi"
	cp "$ROOT/admin/s.cgi" "$ROOT/admin/i.sh"
	chmod +x "$ROOT/admin/s.cgi"
	chmod -x "$ROOT/admin/i.sh"
	mkdir -p "$ROOT/pub" "$ROOT/scripts"
	ln -s ../admin/secret.html "$ROOT/pub/x"
	ln -s ../admin "$ROOT/pub/a"
	ln -s ../admin/i.sh "$ROOT/pub/i.sh"
	ln -s ../hello.txt "$ROOT/pub/fine.txt"
	ln -s ../admin/s.cgi "$ROOT/scripts/s.cgi"
	ln -s ../admin "$ROOT/scripts/d"
}

@test "auth: a symlink into a protected prefix asks for its password: files, listings, scripts, --interpreter, missing names" {
	needs_crypt
	symlinks_into_admin
	activate -- --root "$ROOT" --auth "$AUTH" --cgi-dir /scripts --interpreter .sh=/bin/sh
	for p in /pub/x /pub/a/secret.html /pub/a/ /pub/a/sub/ /pub/a/sub/f.txt /pub/a/nothing \
		/pub/a/sub/no/such /pub/i.sh /pub/a/i.sh /scripts/s.cgi /scripts/s.cgi/info /scripts/d/s.cgi \
		'/pub/x?q' '/pub//a/./secret.html'; do
		run raw "GET $p HTTP/1.1\r\nHost: x\r\n\r\n"
		[ "$(status_of "$output")" = 401 ] || { echo "$p: $output"; return 1; }
		[ -n "$(header_of "$output" WWW-Authenticate)" ]
		lacks "$output" ADMIN- 'admin only' 'admin file' 'f.txt'
	done
	wait_log '"GET /pub/x HTTP/1.1" 401 .*auth-no-credentials'
	# a wrong password is refused with its reason, as on the prefix itself
	[ "$(get_code -u 'alice:nope' /pub/x)" = 401 ]
	wait_log '"GET /pub/x HTTP/1.1" 401 .*auth-bad-password'
	# with the password every shape works, and a script learns who it is
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/pub/x")" = ADMIN-SECRET ]
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/pub/a/sub/f.txt")" = 'admin file' ]
	curl -sS -u 'alice:s3cret pw' "$URL:$PORT/pub/a/sub/" | grep -q 'f.txt'
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/scripts/s.cgi")" = 'ADMIN-SCRIPT user=alice' ]
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/scripts/d/s.cgi")" = 'ADMIN-SCRIPT user=alice' ]
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/pub/i.sh")" = 'ADMIN-SCRIPT user=alice' ]
	[ "$(get_code -u 'alice:s3cret pw' /pub/a/nothing)" = 404 ]
	# a symlink that stays in public places is served as before
	[ "$(curl -sS "$URL:$PORT/pub/fine.txt")" = 'hello world' ]
	curl -sS "$URL:$PORT/pub/" | grep -q 'x@'
}

@test "auth: a symlink into a protected prefix: a local redirect and a virtual host ask too" {
	needs_crypt
	symlinks_into_admin
	printf '#!/bin/sh\nprintf "Location: /pub/x\\r\\n\\r\\n"\n' > "$ROOT/scripts/go.sh"
	printf '#!/bin/sh\nprintf "Location: /pub/a/\\r\\n\\r\\n"\n' > "$ROOT/scripts/godir.sh"
	chmod +x "$ROOT/scripts/go.sh" "$ROOT/scripts/godir.sh"
	activate -- --root "$ROOT" --auth "$AUTH" --cgi-dir /scripts --relay
	for p in /scripts/go.sh /scripts/godir.sh; do
		run raw "GET $p HTTP/1.1\r\nHost: x\r\n\r\n"
		[ "$(status_of "$output")" = 401 ] || { echo "$p: $output"; return 1; }
		lacks "$output" ADMIN- 'admin only'
	done
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/scripts/go.sh")" = ADMIN-SECRET ]
	deactivate
	# --vhosts: the prefix is the host's, and so is where a path leads
	mkdir -p "$ROOT/v/default"
	mv "$ROOT/admin" "$ROOT/pub" "$ROOT/v/default/"
	activate -- --root "$ROOT/v" --vhosts --auth "$AUTH"
	run raw "GET /pub/x HTTP/1.1\r\nHost: example.org\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
	lacks "$output" ADMIN-
	run raw "GET /pub/a/sub/f.txt HTTP/1.1\r\nHost: example.org\r\n\r\n"
	[ "$(status_of "$output")" = 401 ]
	[ "$(curl -sS -u 'alice:s3cret pw' "$URL:$PORT/pub/x")" = ADMIN-SECRET ]
	[ "$(curl -sS "$URL:$PORT/pub/fine.txt")" = 'hello world' ] ||
		[ "$(get_code /pub/fine.txt)" = 404 ] # ../hello.txt is above this host's root
}

@test "auth: where a symlink leads cannot be known (--chroot, no /proc): refused, never served" {
	needs_crypt
	symlinks_into_admin
	chmod -R o+rX "$ROOT"
	chmod o+r "$AUTH"
	activate -- --root "$ROOT" --auth "$AUTH" --chroot
	[ "$(get_code /hello.txt)" = 200 ]
	[ "$(get_code /pub/x)" = 403 ]
	[ "$(get_code /pub/a/sub/f.txt)" = 403 ]
	[ "$(get_code /pub/fine.txt)" = 403 ] # even where it stays public: fail closed
	[ "$(get_code -u 'alice:s3cret pw' /pub/x)" = 403 ]
	[ "$(get_code -u 'alice:s3cret pw' /admin/sub/f.txt)" = 200 ]
}

@test "auth: an --error-page under a protected prefix is sent only with its password; others get the built-in page" {
	needs_crypt
	symlinks_into_admin
	mkdir -p "$ROOT/errors"
	for c in 400 404 401; do printf 'ADMIN-PAGE-%s\n' $c > "$ROOT/admin/$c.html"; done
	printf 'PUBLIC-PAGE-410\n' > "$ROOT/errors/410.html"
	ln -s ../admin/404.html "$ROOT/errors/403.html"
	activate -- --root "$ROOT" --auth "$AUTH" --error-page 404=/admin/404.html \
		--error-page 400=/admin/400.html --error-page 401=/admin/401.html \
		--error-page 403=/errors/403.html --error-page 501=/errors/410.html --no-listing
	# a 404, a 400 before any path is known, the 401 itself, and a page
	# that is a symlink under the prefix: the built-in page, status kept
	for req in 'GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n' 'GET / HTTP/1.1\r\n\r\n' \
		'GET /admin/ HTTP/1.1\r\nHost: x\r\n\r\n' 'GET /admin/ HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Zm9vOmJhcg==\r\n\r\n' \
		'GET /sub/ HTTP/1.1\r\nHost: x\r\n\r\n'; do
		run raw "$req"
		case $(status_of "$output") in 404 | 400 | 401 | 403) ;; *) echo "$req: $output"; return 1 ;; esac
		lacks "$output" ADMIN-PAGE
		printf '%s' "$output" | grep -q 'Error response'
	done
	# the password opens the page as it opens the file
	run curl -sS -u 'alice:s3cret pw' "$URL:$PORT/nothing"
	[ "$output" = ADMIN-PAGE-404 ]
	# a page outside every prefix is sent to anyone
	run raw 'DELETE / HTTP/1.1\r\nHost: x\r\n\r\n'
	[ "$(status_of "$output")" = 501 ]
	printf '%s' "$output" | grep -q PUBLIC-PAGE-410
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
