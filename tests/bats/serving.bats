#!/usr/bin/env bats
# Issue 10, points 1, 3, 4 and 6, and --config: interpreters by extension
# (Debian's php-cgi), virtual hosts, the Host allow-list (421), error pages,
# --no-listing and --index, and options read from a file.
load helpers
load deploy_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	REALROOT=$(realpath "$ROOT")
	PHP=/usr/bin/php-cgi
}
teardown() { deactivate; }

# Every request is bounded: a handler that hangs fails the test, not the run.
curl() { command curl --max-time 20 "$@"; }

env_of() {
	body_of "$1" | sed -n "s/^$2=//p"
}

# --- Point 1: interpreters by extension ---

# php_site: a form, an upload, an environment dump, in places a CGI
# directory would never be, none of them executable.
php_site() {
	mkdir -p "$ROOT/app/forms" "$ROOT/.private"
	cat > "$ROOT/app/forms/form.php" <<'PHP'
<?php
header("Content-Type: text/html; charset=utf-8");
if ($_SERVER["REQUEST_METHOD"] === "POST") {
	echo "Hello, ", htmlspecialchars($_POST["name"]), "! (", $_POST["n"] + 1, ")\n";
} else {
	echo '<form method="post" action="', $_SERVER["SCRIPT_NAME"], '"><input name="name"><input name="n"></form>', "\n";
}
PHP
	cat > "$ROOT/app/upload.php" <<'PHP'
<?php
header("Content-Type: text/plain");
$f = $_FILES["file"];
echo $f["error"], " ", $f["name"], " ", $f["size"], " ", hash_file("sha256", $f["tmp_name"]), "\n";
PHP
	cat > "$ROOT/app/index.php" <<'PHP'
<?php
header("Content-Type: text/plain");
foreach (["SCRIPT_NAME", "PATH_INFO", "SCRIPT_FILENAME", "REDIRECT_STATUS", "DOCUMENT_ROOT", "QUERY_STRING"] as $k)
	echo $k, "=", $_SERVER[$k] ?? "(unset)", "\n";
echo "UID=", getmyuid() === posix_geteuid() ? "" : "", posix_geteuid(), "\n";
echo "CWD=", getcwd(), "\n";
echo "ARGV=", implode(" ", $_SERVER["argv"] ?? []), "\n";
PHP
	cp "$ROOT/app/index.php" "$ROOT/UPPER.PHP"
	cp "$ROOT/app/index.php" "$ROOT/.private/in-dot.php"
	cp "$ROOT/app/index.php" "$ROOT/.dot.php"
	cp "$ROOT/app/index.php" "$ROOT/cgi-bin/noexec.php"
	printf '<?php echo "OUTSIDE-RAN"; // TOP-SECRET-php\n' > "$(dirname "$ROOT")/outside.php"
	chmod 644 "$ROOT"/app/*.php "$ROOT"/app/forms/*.php "$ROOT/cgi-bin/noexec.php"
	ln -s ../../outside.php "$ROOT/app/link.php"
	[ ! -x "$ROOT/app/forms/form.php" ]
}

@test "interpreter: a php form round trip through php-cgi, from a plain directory" {
	php_site
	activate -- --root "$ROOT" --interpreter .php="$PHP"
	run curl -sS -i "http://127.0.0.1:$PORT/app/forms/form.php"
	[ "$(status_of "$output")" = 200 ]
	[[ "$(body_of "$output")" == '<form method="post" action="/app/forms/form.php">'* ]]
	run curl -sS --data-urlencode 'name=a&b <c>' -d n=41 "http://127.0.0.1:$PORT/app/forms/form.php"
	[ "$output" = "Hello, a&amp;b &lt;c&gt;! (42)" ]
}

@test "interpreter: a \$_FILES upload reaches php intact (sha256)" {
	php_site
	head -c 300000 /dev/urandom > "$BATS_TEST_TMPDIR/blob.bin"
	want=$(sha256sum "$BATS_TEST_TMPDIR/blob.bin" | cut -d' ' -f1)
	activate -- --root "$ROOT" --interpreter .php="$PHP"
	run curl -sS -F "file=@$BATS_TEST_TMPDIR/blob.bin" "http://127.0.0.1:$PORT/app/upload.php"
	[ "$output" = "0 blob.bin 300000 $want" ]
	# chunked too: decoded into the sealed memfd first
	run curl -sS -H 'Transfer-Encoding: chunked' -F "file=@$BATS_TEST_TMPDIR/blob.bin" \
		"http://127.0.0.1:$PORT/app/upload.php"
	[ "$output" = "0 blob.bin 300000 $want" ]
}

@test "interpreter: PATH_INFO after the script, SCRIPT_FILENAME, REDIRECT_STATUS, argv, cwd" {
	php_site
	activate -- --root "$ROOT" --interpreter .php="$PHP"
	run curl -sS "http://127.0.0.1:$PORT/app/index.php/x/y%20z?q=1"
	echo "$output"
	[[ "$output" == *$'\nPATH_INFO=/x/y z\n'* ]]
	[[ "$output" == "SCRIPT_NAME=/app/index.php"$'\n'* ]]
	[[ "$output" == *$'\nSCRIPT_FILENAME='"$REALROOT"$'/app/index.php\n'* ]]
	[[ "$output" == *$'\nREDIRECT_STATUS=200\n'* ]]
	[[ "$output" == *$'\nCWD='"$REALROOT"$'/app\n'* ]]
	[[ "$output" == *$'\nQUERY_STRING=q=1\n'* ]]
	# the first component that is a file with the extension is the script
	mkdir -p "$ROOT/dir.php"
	cp "$ROOT/app/index.php" "$ROOT/dir.php/inner.php"
	run curl -sS "http://127.0.0.1:$PORT/dir.php/inner.php/rest"
	[[ "$output" == "SCRIPT_NAME=/dir.php/inner.php"$'\nPATH_INFO=/rest\n'* ]]
	# a missing script is the static 404, not a 500
	run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/app/none.php/x"
	[ "$output" = 404 ]
}

@test "interpreter: a query without '=' never becomes an interpreter's argument (CVE-2012-1823)" {
	php_site
	printf 'printf "Content-Type: text/plain\\r\\n\\r\\n"\necho "ARGC=$# ARGS=$*"\n' > "$ROOT/app/args.sh"
	activate -- --root "$ROOT" --interpreter .php="$PHP" --interpreter .sh=/bin/sh
	# the argument list is the script's file name alone, whatever the query
	for q in -s '-d+auto_prepend_file%3d/etc/passwd' a+b; do
		run curl -sS "http://127.0.0.1:$PORT/app/args.sh?$q"
		[ "$output" = "ARGC=0 ARGS=" ]
	done
	# and php-cgi neither shows its source nor takes a -d
	run curl -sS "http://127.0.0.1:$PORT/app/index.php?-s"
	echo "$output"
	[[ "$output" != *'<?php'* ]] && [[ "$output" != *'<code>'* ]] && [[ "$output" != *'&lt;?php'* ]]
	[[ "$output" == *$'\nQUERY_STRING=-s\n'* ]]
	run curl -sS "http://127.0.0.1:$PORT/app/index.php?-d+auto_prepend_file%3d/etc/passwd"
	[[ "$output" != *root:x:0:0* ]]
}

@test "interpreter: not executable, inside a CGI directory too; any case of the extension" {
	php_site
	activate -- --root "$ROOT" --interpreter .php="$PHP"
	run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/noexec.php"
	[ "$(status_of "$output")" = 200 ]
	[[ "$output" == *'SCRIPT_NAME=/cgi-bin/noexec.php'* ]]
	# ".PHP" runs rather than being sent as its source
	run curl -sS "http://127.0.0.1:$PORT/UPPER.PHP"
	[[ "$output" == SCRIPT_NAME=/UPPER.PHP* ]]
	# a non-executable script without a mapped extension is still refused
	run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/cgi-bin/noexec.sh"
	[ "$output" = 403 ]
}

@test "interpreter: a .php outside the root through a symlink is refused, dotfiles are hidden" {
	php_site
	activate -- --root "$ROOT" --interpreter .php="$PHP"
	run curl -sS -i "http://127.0.0.1:$PORT/app/link.php"
	[ "$(status_of "$output")" = 403 ]
	[[ "$output" != *OUTSIDE-RAN* ]] && no_secret "$output"
	run curl -sS -i "http://127.0.0.1:$PORT/app/link.php/more"
	[ "$(status_of "$output")" = 403 ]
	for p in /.dot.php /.private/in-dot.php /.private/in-dot.php/x; do
		run curl -sS -i "http://127.0.0.1:$PORT$p"
		[ "$(status_of "$output")" = 404 ]
		[[ "$output" != *SCRIPT_NAME* ]]
	done
}

@test "interpreter: the guards of scripts hold: privileges, clean environment, limits, --relay" {
	printf 'printf "Content-Type: text/plain\\r\\n\\r\\n"\nid -u\nenv | LC_ALL=C sort\necho "ARG0=$0 ARGS=$*"\n' > "$ROOT/sub/show.sh"
	chmod 644 "$ROOT/sub/show.sh"
	printf 'printf "Status: 418 Teapot\\r\\nContent-Type: text/plain\\r\\n\\r\\nshort and stout\\n"\n' > "$ROOT/sub/tea.sh"
	printf 'printf "Content-Type: text/plain\\r\\n\\r\\nspin\\n"\nwhile :; do :; done\n' > "$ROOT/sub/spin.sh"
	activate --env LEAKY=1 -- --root "$ROOT" --interpreter .sh=/bin/sh
	run curl -sS "http://127.0.0.1:$PORT/sub/show.sh?a+b"
	echo "$output"
	[ "${lines[0]}" = "$(id -u nobody)" ]
	[[ "$output" != *LEAKY* ]]
	[[ "$output" == *$'\nPATH=/usr/local/bin:/usr/bin:/bin\n'* ]]
	[[ "$output" == *$'\nARG0='"$REALROOT"'/sub/show.sh ARGS=' ]]
	# the wall-clock limit ends an interpreted script too (show.sh runs
	# without it: its forks can take a second on a loaded machine)
	deactivate
	activate -- --root "$ROOT" --interpreter .sh=/bin/sh --cgi-timeout 1
	run curl -sS "http://127.0.0.1:$PORT/sub/spin.sh"
	[ "$output" = spin ]
	deactivate
	activate -- --root "$ROOT" --interpreter .sh=/bin/sh --relay
	run curl -sS -i "http://127.0.0.1:$PORT/sub/tea.sh"
	[ "$(status_of "$output")" = 418 ]
	[ "$(body_of "$output")" = "short and stout" ]
}

@test "interpreter: a relative or missing interpreter is a usage error at start" {
	run "$CGIHANDLER" --interpreter .php=php-cgi
	[ "$status" -eq 2 ]
	[[ "$output" == *"--interpreter needs an executable file by its absolute path: php-cgi"* ]]
	run "$CGIHANDLER" --interpreter .php=/nonexistent/php-cgi
	[ "$status" -eq 2 ]
	run "$CGIHANDLER" --interpreter php=/bin/sh
	[ "$status" -eq 2 ]
}

@test "interpreter: without --interpreter a .php file is only a file" {
	php_site
	activate -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/app/index.php"
	[[ "$output" == '<?php'* ]]
}

# --- Point 3: virtual hosts ---

vhost_site() {
	mkdir -p "$ROOT/a.example/cgi-bin" "$ROOT/b.example" "$ROOT/default" "$ROOT/[::1]"
	printf 'site a\n' > "$ROOT/a.example/index.html"
	printf 'site b\n' > "$ROOT/b.example/index.html"
	printf 'b secret\n' > "$ROOT/b.example/only-b.txt"
	printf 'default site\n' > "$ROOT/default/index.html"
	printf 'v6 site\n' > "$ROOT/[::1]/index.html"
	ln -s a.example "$ROOT/www.a.example"
	ln -s ../b.example/only-b.txt "$ROOT/a.example/to-b.txt"
	ln -s ../secret.txt "$ROOT/c.example"
	cp "$ROOT/cgi-bin/env.sh" "$ROOT/a.example/cgi-bin/env.sh"
}

@test "vhosts: the Host picks ROOT/<host>/, case, port and a trailing dot aside" {
	vhost_site
	activate -- --root "$ROOT" --vhosts
	for h in a.example A.Example:8080 a.example. www.a.example; do
		run curl -sS -H "Host: $h" "http://127.0.0.1:$PORT/"
		[ "$output" = "site a" ]
	done
	run curl -sS -H "Host: b.example" "http://127.0.0.1:$PORT/"
	[ "$output" = "site b" ]
	# the absolute-form target's authority is the host (RFC 9112 3.2.2)
	run raw 'GET http://b.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n'
	[ "$(body_of "$output")" = "site b" ]
}

@test "vhosts: unknown hosts, no Host, and the bare address go to ROOT/default/" {
	vhost_site
	activate -- --root "$ROOT" --vhosts
	run curl -sS "http://127.0.0.1:$PORT/"
	[ "$output" = "default site" ]
	run curl -sS -H "Host: nowhere.example" "http://127.0.0.1:$PORT/"
	[ "$output" = "default site" ]
	run raw 'GET / HTTP/1.0\r\n\r\n'
	[ "$(body_of "$output")" = "default site" ]
	# a name that is a file, or a symlink out of the root, is no host
	run curl -sS -H "Host: c.example" "http://127.0.0.1:$PORT/"
	[ "$output" = "default site" ]
	# the files beside the host directories are no site of their own
	run curl -sS -o /dev/null -w '%{http_code}' -H "Host: nowhere.example" "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = 404 ]
	rm -r "$ROOT/default"
	run curl -sS -i -H "Host: nowhere.example" "http://127.0.0.1:$PORT/"
	[ "$(status_of "$output")" = 421 ]
}

@test "vhosts: an IPv6 literal picks ROOT/[::1]/, in its canonical spelling" {
	vhost_site
	activate_at '[::1]' -- --root "$ROOT" --vhosts
	run command curl --max-time 20 -sS -g "http://[::1]:$PORT/"
	[ "$output" = "v6 site" ]
	run command curl --max-time 20 -sS -g -H 'Host: [0:0:0:0:0:0:0:1]:99' "http://[::1]:$PORT/"
	[ "$output" = "v6 site" ]
}

@test "vhosts: a Host that cannot name a directory is 400, never a way out" {
	vhost_site
	activate -- --root "$ROOT" --vhosts
	for h in .. .a.example a..example ..:80; do
		run raw "GET /secret.txt HTTP/1.1\r\nHost: $h\r\n\r\n"
		[ "$(status_of "$output")" = 400 ]
		no_secret "$output"
	done
	grep -q 'bad-vhost-name' "$ACT_LOG"
	# '/' and '\' never reach us as a host either
	for h in 'a/b' 'a\\b'; do
		run raw "GET / HTTP/1.1\r\nHost: $h\r\n\r\n"
		[ "$(status_of "$output")" = 400 ]
	done
}

@test "vhosts: containment is per host; DOCUMENT_ROOT and SERVER_NAME follow the host" {
	vhost_site
	activate -- --root "$ROOT" --vhosts
	run curl -sS -i -H "Host: a.example" "http://127.0.0.1:$PORT/to-b.txt"
	[ "$(status_of "$output")" = 403 ]
	[[ "$output" != *"b secret"* ]]
	run curl -sS -i -H "Host: a.example" "http://127.0.0.1:$PORT/../b.example/only-b.txt"
	[ "$(status_of "$output")" = 404 ]
	run curl -sS -i -H "Host: A.EXAMPLE:8080" "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$(env_of "$output" DOCUMENT_ROOT)" = "$REALROOT/a.example" ]
	[ "$(env_of "$output" SERVER_NAME)" = "a.example" ]
	[ "$(env_of "$output" SCRIPT_FILENAME)" = "$REALROOT/a.example/cgi-bin/env.sh" ]
	# through the alias, the real directory
	run curl -sS -i -H "Host: www.a.example" "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$(env_of "$output" DOCUMENT_ROOT)" = "$REALROOT/a.example" ]
	[ "$(env_of "$output" SERVER_NAME)" = "www.a.example" ]
}

@test "vhosts: without --vhosts the host directories are plain directories" {
	vhost_site
	activate -- --root "$ROOT"
	run curl -sS -H "Host: a.example" "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = "hello world" ]
}

# --- Point 4: the Host allow-list ---

@test "host: a Host not on the list is 421 before anything is opened" {
	printf '#!/bin/sh\ntouch "%s/ran"\nprintf "Content-Type: text/plain\\r\\n\\r\\nran\\n"\n' "$BATS_TEST_TMPDIR" > "$ROOT/cgi-bin/touch.sh"
	chmod 755 "$ROOT/cgi-bin/touch.sh"
	activate -- --root "$ROOT" --host router.lan --host 127.0.0.1
	run curl -sS -i -H 'Host: evil.example' "http://127.0.0.1:$PORT/cgi-bin/touch.sh"
	[ "$(status_of "$output")" = 421 ]
	[[ "$output" == *"Misdirected Request"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	wait_log 'host-not-allowed'
	# a missing file is 421 too: nothing was looked up
	run curl -sS -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "http://127.0.0.1:$PORT/nope"
	[ "$output" = 421 ]
	run curl -sS -H 'Host: router.lan' "http://127.0.0.1:$PORT/cgi-bin/touch.sh"
	[ "$output" = ran ]
}

@test "host: DNS rebinding: a page's request for another name at our address is 421" {
	activate -- --root "$ROOT" --host router.lan --host 127.0.0.1
	# what a browser sends once evil.example resolves to us
	run curl -sS -i --resolve "evil.example:$PORT:127.0.0.1" "http://evil.example:$PORT/hello.txt"
	[ "$(status_of "$output")" = 421 ]
	[[ "$output" != *"hello world"* ]]
	run curl -sS --resolve "ROUTER.LAN.:$PORT:127.0.0.1" "http://ROUTER.LAN.:$PORT/hello.txt"
	[ "$output" = "hello world" ]
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = "hello world" ]
}

@test "host: the absolute-form authority counts; no Host at all is 421" {
	activate -- --root "$ROOT" --host router.lan
	run raw 'GET http://evil.example/hello.txt HTTP/1.1\r\nHost: router.lan\r\n\r\n'
	[ "$(status_of "$output")" = 421 ]
	run raw 'GET http://router.lan/hello.txt HTTP/1.1\r\nHost: evil.example\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	run raw 'GET /hello.txt HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 421 ]
	wait_log 'no-host'
	run raw 'GET /hello.txt HTTP/1.0\r\nHost: router.lan:80\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
}

@test "host: a script behind --host never sees a Host that the list did not check" {
	# the absolute-form authority is the host (RFC 9112 3.2.2): the Host
	# field beside it is ignored, so HTTP_HOST (what applications build
	# their links and password-reset mails from) is the checked authority
	activate -- --root "$ROOT" --host router.lan
	local v
	for v in 1.0 1.1; do
		run raw "GET http://router.lan:8080/cgi-bin/env.sh HTTP/$v\r\nHost: evil.example\r\n\r\n"
		[ "$(status_of "$output")" = 200 ]
		[[ "$output" != *evil.example* ]]
		[[ "$output" == *"HTTP_HOST=router.lan:8080"* ]]
		[[ "$output" == *"SERVER_NAME=router.lan"* ]]
	done
	# origin-form: the field as sent
	run raw 'GET /cgi-bin/env.sh HTTP/1.1\r\nHost: ROUTER.LAN\r\n\r\n'
	[[ "$output" == *"HTTP_HOST=ROUTER.LAN"* ]]
}

@test "host: --host with --vhosts: the list first, then the directory" {
	vhost_site
	activate -- --root "$ROOT" --vhosts --host a.example --host [::1]
	run curl -sS -H 'Host: a.example' "http://127.0.0.1:$PORT/"
	[ "$output" = "site a" ]
	run curl -sS -o /dev/null -w '%{http_code}' -H 'Host: b.example' "http://127.0.0.1:$PORT/"
	[ "$output" = 421 ]
}

# --- Point 6: error pages, --no-listing, --index ---

@test "error-page: the page is sent with the error's own status; HEAD has no body" {
	mkdir -p "$ROOT/errors"
	printf '<h1>custom not found</h1>\n' > "$ROOT/errors/404.html"
	printf 'custom forbidden\n' > "$ROOT/errors/403.txt"
	activate -- --root "$ROOT" --error-page 404=/errors/404.html --error-page 403=/errors/../errors/403.txt
	run curl -sS -i "http://127.0.0.1:$PORT/no/such/file"
	[ "$(status_of "$output")" = 404 ]
	[ "$(header_of "$output" Content-Type)" = "text/html" ]
	[ "$(header_of "$output" Content-Length)" = 26 ]
	[ "$(body_of "$output")" = "<h1>custom not found</h1>" ]
	run curl -sS -I "http://127.0.0.1:$PORT/no/such/file"
	[ "$(status_of "$output")" = 404 ]
	[ "$(header_of "$output" Content-Length)" = 26 ]
	[ -z "$(body_of "$output")" ]
	# a dotfile's 404 and a script's 403 get their pages too
	run curl -sS -i "http://127.0.0.1:$PORT/.hidden"
	[ "$(body_of "$output")" = "<h1>custom not found</h1>" ]
	run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/noexec.sh"
	[ "$(status_of "$output")" = 403 ]
	[ "$(body_of "$output")" = "custom forbidden" ]
	# a status without a page keeps the built-in one
	run raw 'BREW / HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 501 ]
	[[ "$output" == *"Error code: 501"* ]]
}

@test "error-page: a missing page falls back to the built-in one; the page keeps extra headers" {
	activate -- --root "$ROOT" --error-page 404=/errors/missing.html --error-page 416=/hello.txt
	run curl -sS -i "http://127.0.0.1:$PORT/nope"
	[ "$(status_of "$output")" = 404 ]
	[[ "$output" == *"Error code: 404"* ]]
	run curl -sS -i -r 5000-6000 "http://127.0.0.1:$PORT/one-k.bin"
	[ "$(status_of "$output")" = 416 ]
	[ "$(header_of "$output" Content-Range)" = "bytes */1024" ]
	[ "$(body_of "$output")" = "hello world" ]
}

@test "no-listing: a directory without an index is 403; with one it is served" {
	activate -- --root "$ROOT" --no-listing
	run curl -sS -i "http://127.0.0.1:$PORT/sub/"
	[ "$(status_of "$output")" = 403 ]
	[[ "$output" != *"Directory listing for"* ]]
	wait_log 'listing-disabled'
	run curl -sS "http://127.0.0.1:$PORT/withindex/"
	[ "$output" = "<html><body>index page</body></html>" ]
	deactivate
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/sub/"
	[ "$(status_of "$output")" = 200 ]
}

@test "index: --index replaces index.html and index.htm, in the order given" {
	printf 'start\n' > "$ROOT/withindex/start.html"
	printf 'home\n' > "$ROOT/sub/home.txt"
	activate -- --root "$ROOT" --index start.html --index home.txt
	run curl -sS "http://127.0.0.1:$PORT/withindex/"
	[ "$output" = start ]
	run curl -sS "http://127.0.0.1:$PORT/sub/"
	[ "$output" = home ]
	rm "$ROOT/withindex/start.html"
	# index.html is no index any more: the listing
	run curl -sS "http://127.0.0.1:$PORT/withindex/"
	[[ "$output" == *"Directory listing for /withindex/"* ]]
}

# --- --config ---

@test "config: options from a file, through the activator, with the command line" {
	mkdir -p "$ROOT/errors"
	printf 'from the config page\n' > "$ROOT/errors/404.txt"
	cat > "$BATS_TEST_TMPDIR/cgihandler.conf" <<EOF2
# cgihandler options, one per line
root $ROOT
  error-page 404=/errors/404.txt
no-listing
--host=router.lan
EOF2
	activate -- --config "$BATS_TEST_TMPDIR/cgihandler.conf" --host 127.0.0.1
	run curl -sS -i "http://127.0.0.1:$PORT/nope"
	[ "$(status_of "$output")" = 404 ]
	[ "$(body_of "$output")" = "from the config page" ]
	run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/sub/"
	[ "$output" = 403 ]
	run curl -sS -o /dev/null -w '%{http_code}' -H 'Host: router.lan' "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = 200 ]
	run curl -sS -o /dev/null -w '%{http_code}' -H 'Host: other' "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = 421 ]
}

@test "config: docs/deploy.md's router recipe: php by index, the host list, the error page" {
	recipe router-config > "$BATS_TEST_TMPDIR/cgihandler.conf"
	localize "$BATS_TEST_TMPDIR/cgihandler.conf"
	grep -q "^root $ROOT\$" "$BATS_TEST_TMPDIR/cgihandler.conf"
	mkdir -p "$ROOT/errors" "$ROOT/admin"
	printf 'router says: not here\n' > "$ROOT/errors/404.html"
	printf '<?php header("Content-Type: text/plain"); echo "admin ", $_SERVER["SCRIPT_NAME"], "\\n";\n' > "$ROOT/admin/index.php"
	printf 'static index\n' > "$ROOT/admin/index.html"
	activate -- --config "$BATS_TEST_TMPDIR/cgihandler.conf"
	r=(--resolve "router.lan:$PORT:127.0.0.1")
	# the directory's index.php runs, before index.html, never as its source
	run curl -sS "${r[@]}" "http://router.lan:$PORT/admin/"
	[ "$output" = "admin /admin/index.php" ]
	run curl -sS -i "${r[@]}" "http://router.lan:$PORT/nope"
	[ "$(status_of "$output")" = 404 ]
	[ "$(body_of "$output")" = "router says: not here" ]
	run curl -sS -o /dev/null -w '%{http_code}' "${r[@]}" "http://router.lan:$PORT/sub/"
	[ "$output" = 403 ]
	run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/admin/"
	[ "$output" = 421 ]
	# index.html first when it is listed first: a static index
	deactivate
	activate -- --root "$ROOT" --interpreter .php="$PHP" --index index.html --index index.php
	run curl -sS "http://127.0.0.1:$PORT/admin/"
	[ "$output" = "static index" ]
}

@test "config: a --config file inside the root is never served, listed or run, under any name" {
	printf '# SITE-CONFIG\nmax-body 1M\n' > "$ROOT/site.conf"
	printf '# DOT-CONFIG\nindex index.html\n' > "$ROOT/.cgihandler.conf"
	printf '# SCRIPT-CONFIG\ntimeout 30\n' > "$ROOT/cgi-bin/opts"
	chmod +x "$ROOT/cgi-bin/opts"
	printf '# SH-CONFIG\ndotfiles\n' > "$ROOT/cgi-bin/opts2.sh"
	ln "$ROOT/site.conf" "$ROOT/sub/hard.txt"
	ln "$ROOT/cgi-bin/opts" "$ROOT/sub/opts-hard"
	ln -s ../site.conf "$ROOT/sub/link.txt"
	activate -- --root "$ROOT" --config "$ROOT/site.conf" --config "$ROOT/.cgihandler.conf" \
		--config "$ROOT/cgi-bin/opts" --interpreter .sh=/bin/sh --config "$ROOT/cgi-bin/opts2.sh"
	for p in /site.conf /.cgihandler.conf /sub/hard.txt /sub/link.txt /sub/../site.conf /%73ite.conf \
		/cgi-bin/opts /cgi-bin/opts/x /cgi-bin/opts2.sh /htbin/../cgi-bin/opts; do
		run raw "GET $p HTTP/1.0\r\n\r\n"
		[ "$(status_of "$output")" = 404 ] || { echo "$p: $output"; return 1; }
		! printf '%s' "$output" | grep -q -e CONFIG -e dotfiles || false
	done
	# --dotfiles came from the last file: dot names are listed, ours are not
	run curl -sS "http://127.0.0.1:$PORT/"
	printf '%s' "$output" | grep -q '\.hidden'
	! printf '%s' "$output" | grep -q -e 'site.conf' -e 'cgihandler.conf' || false
	run curl -sS "http://127.0.0.1:$PORT/sub/"
	! printf '%s' "$output" | grep -q -e 'hard.txt' -e 'opts-hard' || false
	printf '%s' "$output" | grep -q 'link.txt' # a symlink's own inode is another
}

@test "config: a bad line exits 2 with the file and line, before the connection is read" {
	printf 'root /\n# fine so far\nno-such-option x\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$CGIHANDLER" --config "$BATS_TEST_TMPDIR/bad.conf"
	[ "$status" -eq 2 ]
	[ "$output" = "cgihandler: $BATS_TEST_TMPDIR/bad.conf:3: unknown option: no-such-option (try --help)" ]
	printf 'timeout\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$CGIHANDLER" --config "$BATS_TEST_TMPDIR/bad.conf"
	[ "$status" -eq 2 ]
	[[ "$output" == *"bad.conf:1: option --timeout needs a value"* ]]
	run "$CGIHANDLER" --config "$BATS_TEST_TMPDIR/none.conf"
	[ "$status" -eq 2 ]
	# through the activator: the client gets no answer, the log the line
	printf 'dotfiles yes\n' > "$BATS_TEST_TMPDIR/bad.conf"
	activate -- --config "$BATS_TEST_TMPDIR/bad.conf"
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$status" -ne 0 ]
	wait_log 'bad.conf:1: option --dotfiles takes no value: yes'
}
