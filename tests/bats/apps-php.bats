#!/usr/bin/env bats
# Issue 9, point 5: PHP through Debian's php-cgi, the two ways of
# docs/deploy.md: each program in the CGI directory with its #! line
# (REDIRECT_STATUS for php-cgi's cgi.force_redirect; the document says why
# that is safe here), and --interpreter .php=/usr/bin/php-cgi (last test).
# Modes: forms, uploads and sessions answer 200, so they are run in both
# modes; header('Location: ...') and http_response_code() are php-cgi's
# `Status:` line, which only --relay turns into the answer's status.
load helpers
load deploy_helpers

setup() {
	command -v php-cgi >/dev/null || "$REPO_DIR/tests/deps.sh" php-cgi
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	SHEBANG=$(recipe php-shebang | head -n 1)
	php() { # php NAME CODE: a PHP program in the CGI directory
		{
			echo "$SHEBANG"
			cat
		} > "$ROOT/cgi-bin/$1"
		chmod 755 "$ROOT/cgi-bin/$1"
	}
	php form.php <<'PHP'
<?php
// SECRET-SOURCE: this comment must never reach a client
header('Content-Type: text/plain');
echo $_SERVER['REQUEST_METHOD'], "\n";
foreach ($_POST as $k => $v) echo $k, '=', htmlspecialchars($v), "\n";
PHP
	php upload.php <<'PHP'
<?php
header('Content-Type: text/plain');
foreach ($_FILES as $field => $f) {
	echo $field, ' ', $f['name'], ' ', $f['error'], ' ', $f['size'], ' ',
		md5_file($f['tmp_name']), ' ', hash_file('sha256', $f['tmp_name']), "\n";
}
echo 'note=', $_POST['note'] ?? '', "\n";
PHP
	php session.php <<'PHP'
<?php
session_start();
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
header('Content-Type: text/plain');
echo 'visits=', $_SESSION['n'], "\n";
PHP
	php prg.php <<'PHP'
<?php
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
	header('Location: /cgi-bin/prg.php?done=' . urlencode($_POST['name'] ?? ''));
	exit;
}
header('Content-Type: text/plain');
echo 'done for ', $_GET['done'] ?? 'nobody', "\n";
PHP
	php missing.php <<'PHP'
<?php
http_response_code(404);
header('Content-Type: text/plain');
echo "no such thing\n";
PHP
}
teardown() { deactivate; }

curl() { command curl --max-time 20 -sS "$@"; }
url() { echo "http://127.0.0.1:$PORT/cgi-bin/$1"; }

@test "apps php: a form's fields, escaped, both modes" {
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		run curl --data-urlencode 'name=Ada <Lovelace>' --data-urlencode 'msg=a&b=c' "$(url form.php)"
		[ "$output" = $'POST\nname=Ada &lt;Lovelace&gt;\nmsg=a&amp;b=c' ]
		deactivate
	done
}

@test "apps php: a 1 MiB multipart upload reaches \$_FILES whole (md5 and sha256), both modes" {
	file=$BATS_TEST_TMPDIR/upload.bin
	head -c 1048576 /dev/urandom > "$file"
	want="doc upload.bin 0 1048576 $(md5sum < "$file" | cut -d' ' -f1) $(sha256sum < "$file" | cut -d' ' -f1)"
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		run curl -F "doc=@$file" -F 'note=with a file' "$(url upload.php)"
		[ "$output" = "$want"$'\nnote=with a file' ]
		# the same body chunked (no Content-Length from the client)
		run curl -H 'Transfer-Encoding: chunked' -F "doc=@$file" -F 'note=chunked' "$(url upload.php)"
		[ "$output" = "$want"$'\nnote=chunked' ]
		deactivate
	done
}

@test "apps php: a session cookie round trip, both modes" {
	for mode in "" --relay; do
		jar=$BATS_TEST_TMPDIR/jar$mode
		activate -- --root "$ROOT" $mode
		run curl -c "$jar" -b "$jar" "$(url session.php)"
		[ "$output" = visits=1 ]
		grep -q PHPSESSID "$jar"
		run curl -c "$jar" -b "$jar" "$(url session.php)"
		[ "$output" = visits=2 ]
		# without the cookie, a new session
		run curl "$(url session.php)"
		[ "$output" = visits=1 ]
		deactivate
	done
}

@test "apps php --relay: header('Location: ...') redirects a POST to its result page; http_response_code(404) is 404" {
	activate -- --root "$ROOT" --relay
	run curl -D - -o /dev/null --data 'name=Ada' "$(url prg.php)"
	[ "$(status_of "$output")" = 302 ]
	[ "$(header_of "$output" Location)" = "/cgi-bin/prg.php?done=Ada" ]
	run curl -L --data 'name=Ada' "$(url prg.php)"
	[ "$output" = "done for Ada" ]
	run curl -D - "$(url missing.php)"
	[ "$(status_of "$output")" = 404 ]
	[ "$(body_of "$output")" = "no such thing" ]
}

@test "apps php, default mode: the redirect and the 404 are 200s (why they need --relay)" {
	activate -- --root "$ROOT"
	run curl -D - --data 'name=Ada' "$(url prg.php)"
	[ "$(status_of "$output")" = 200 ]
	[ -z "$(body_of "$output")" ]
	run curl -o /dev/null -w '%{http_code}' "$(url missing.php)"
	[ "$output" = 200 ]
}

@test "apps php: a query that looks like php-cgi options (-s, -d) runs the program, never shows its source" {
	# cgihandler passes a query without '=' as argv[1], as the seed does;
	# php-cgi then ignores its command line (CVE-2012-1823), and the #! line
	# keeps working because REDIRECT_STATUS is in the environment.
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		for q in -s -n '-d+auto_prepend_file%3d/etc/passwd' '%2ds'; do
			run curl "$(url form.php)?$q"
			[ "$output" = GET ]
		done
		deactivate
	done
}

@test "apps php --interpreter (deploy.md's recipe): .php files outside the CGI directories, no #! or exec bit: form, upload, redirect, 404, never the source" {
	# the same programs, without their #! line, readable only, in /app
	mkdir -p "$ROOT/app"
	for p in form upload prg missing; do
		tail -n +2 "$ROOT/cgi-bin/$p.php" > "$ROOT/app/$p.php"
		chmod 644 "$ROOT/app/$p.php"
	done
	cp "$ROOT/app/form.php" "$ROOT/app/UPPER.PHP"
	sed -i 's|/cgi-bin/prg.php|/app/prg.php|' "$ROOT/app/prg.php"
	read -ra args <<< "$(recipe php-interpreter | sed "s|/srv/www|$ROOT|g")"
	[ "${args[0]}" = cgihandler ]
	activate -- "${args[@]:1}"
	run curl --data-urlencode 'name=Ada <Lovelace>' "http://127.0.0.1:$PORT/app/form.php"
	[ "$output" = $'POST\nname=Ada &lt;Lovelace&gt;' ]
	file=$BATS_TEST_TMPDIR/upload.bin
	head -c 1048576 /dev/urandom > "$file"
	run curl -F "doc=@$file" -F 'note=interpreted' "http://127.0.0.1:$PORT/app/upload.php"
	[ "$output" = "doc upload.bin 0 1048576 $(md5sum < "$file" | cut -d' ' -f1) $(sha256sum < "$file" | cut -d' ' -f1)"$'\nnote=interpreted' ]
	run curl -L --data 'name=Ada' "http://127.0.0.1:$PORT/app/prg.php"
	[ "$output" = "done for Ada" ]
	run curl -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/app/missing.php"
	[ "$output" = 404 ]
	for target in 'app/form.php?-s' 'app/form.php?-n' 'app/UPPER.PHP' 'app/form.php/extra'; do
		run curl "http://127.0.0.1:$PORT/$target"
		[ "$output" = GET ] || { echo "$target: $output"; false; }
	done
}
