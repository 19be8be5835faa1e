#!/usr/bin/env bats
# Issue 9, point 5: cgit (Debian's package) through the wrapper and cgitrc of
# docs/deploy.md, its static files copied into the root.
# Modes: cgit's pages, snapshots and static files answer 200, so they are
# run in both modes; an unknown repository is cgit's `Status: 404`, which
# only --relay turns into the answer's status (the default mode shows it as
# a 200 page, as docs/deploy.md's table says).
load helpers
load deploy_helpers

setup() {
	[ -x /usr/lib/cgit/cgit.cgi ] || "$REPO_DIR/tests/deps.sh" cgit
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	REPOS=$BATS_TEST_TMPDIR/site/git
	mkdir -p "$REPOS"
	CGITRC=$BATS_TEST_TMPDIR/site/cgitrc
	recipe cgitrc | sed "s|/srv/git|$REPOS|" > "$CGITRC"
	recipe cgit-wrapper | sed "s|/etc/cgitrc|$CGITRC|" > "$ROOT/cgi-bin/cgit"
	chmod 755 "$ROOT/cgi-bin/cgit"
	chmod -R o+rX "$BATS_TEST_TMPDIR/site"
	cp /usr/share/cgit/cgit.css /usr/share/cgit/cgit.png /usr/share/cgit/favicon.ico "$ROOT/"
	# a repository of two commits: a file changed, one added in a directory
	WORK=$BATS_TEST_TMPDIR/work
	git init -q -b main "$WORK"
	printf 'line one\n' > "$WORK/README"
	gitc add README
	gitc commit -qm 'first commit'
	printf 'line one\nline two <&>\n' > "$WORK/README"
	mkdir "$WORK/src"
	printf 'int main(void) { return 0; }\n' > "$WORK/src/main.c"
	gitc add README src/main.c
	gitc commit -qm 'second commit adds src'
	git clone -q --bare "$WORK" "$REPOS/project.git"
	chmod -R o+rX "$REPOS"
}
teardown() { deactivate; }

gitc() {
	HOME=$BATS_TEST_TMPDIR git -C "$WORK" -c user.name=Tester -c user.email=t@example.org "$@"
}

get() { curl -sS --max-time 20 "http://127.0.0.1:$PORT$1"; }

@test "apps cgit: summary, log, tree, blob, commit diff, css and logo, both modes" {
	head=$(gitc rev-parse main)
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		run get /cgi-bin/cgit/
		[[ "$output" == *"<a href='/cgi-bin/cgit/project.git/'>project.git</a>"* ]]
		run get /cgi-bin/cgit/project.git/
		[[ "$output" == *"second commit adds src"* ]]
		[[ "$output" == *"<link rel='stylesheet' type='text/css' href='/cgit.css'/>"* ]]
		run get /cgi-bin/cgit/project.git/log/
		[[ "$output" == *"first commit"* && "$output" == *"second commit adds src"* ]]
		run get /cgi-bin/cgit/project.git/tree/src/
		[[ "$output" == *"main.c"* ]]
		run get /cgi-bin/cgit/project.git/tree/README
		[[ "$output" == *"line two &lt;&amp;&gt;"* ]]
		run get /cgi-bin/cgit/project.git/plain/src/main.c
		[ "$output" = "$(cat "$WORK/src/main.c")" ]
		run get "/cgi-bin/cgit/project.git/commit/?id=$head"
		[[ "$output" == *"second commit adds src"* ]]
		[[ "$output" == *"<div class='add'>+line two &lt;&amp;&gt;</div>"* ]]
		get /cgit.css | cmp - /usr/share/cgit/cgit.css
		get /cgit.png | cmp - /usr/share/cgit/cgit.png
		[ "$(curl -sS --max-time 20 -o /dev/null -w '%{content_type}' "http://127.0.0.1:$PORT/cgit.png")" = image/png ]
		deactivate
	done
}

@test "apps cgit: a tar.gz snapshot holds what git archive does, both modes" {
	want=$BATS_TEST_TMPDIR/want.tar
	git -C "$REPOS/project.git" archive --format=tar --prefix=project-main/ main > "$want"
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		get /cgi-bin/cgit/project.git/snapshot/project-main.tar.gz > "$BATS_TEST_TMPDIR/got.tar.gz"
		deactivate
		# gzip's header may differ; the tar inside is git's own archive
		gunzip -c "$BATS_TEST_TMPDIR/got.tar.gz" > "$BATS_TEST_TMPDIR/got.tar"
		cmp "$BATS_TEST_TMPDIR/got.tar" "$want"
		[ "$(tar -tf "$BATS_TEST_TMPDIR/got.tar" | sort | tr '\n' ' ')" = "project-main/ project-main/README project-main/src/ project-main/src/main.c " ]
	done
}

@test "apps cgit --relay: an unknown repository is 404; the default mode shows it as a 200 page" {
	activate -- --root "$ROOT" --relay
	run curl -sS --max-time 20 -D - -o "$BATS_TEST_TMPDIR/body" "http://127.0.0.1:$PORT/cgi-bin/cgit/missing.git/"
	[ "$(status_of "$output")" = 404 ]
	grep -q 'No repositories found' "$BATS_TEST_TMPDIR/body"
	# an unknown commit of a known repository too
	run curl -sS --max-time 20 -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$PORT/cgi-bin/cgit/project.git/commit/?id=0123456789abcdef0123456789abcdef01234567"
	[ "$output" = 404 ]
	deactivate
	activate -- --root "$ROOT"
	run curl -sS --max-time 20 -D - -o "$BATS_TEST_TMPDIR/body" "http://127.0.0.1:$PORT/cgi-bin/cgit/missing.git/"
	[ "$(status_of "$output")" = 200 ]
	grep -q 'No repositories found' "$BATS_TEST_TMPDIR/body"
}

@test "apps cgit: a 1 MiB POST cgit never reads still gets its whole page, both modes" {
	# cgit answers a POST like a GET and leaves the body unread: a real
	# application of issue 9's point 3 (the answer must not be reset away)
	head -c 1048576 /dev/urandom > "$BATS_TEST_TMPDIR/body.bin"
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		run curl -sS --max-time 20 --data-binary "@$BATS_TEST_TMPDIR/body.bin" \
			-H 'Content-Type: application/octet-stream' -o "$BATS_TEST_TMPDIR/page" \
			"http://127.0.0.1:$PORT/cgi-bin/cgit/project.git/"
		[ "$status" -eq 0 ] || { echo "$mode: $output"; false; }
		grep -q 'second commit adds src' "$BATS_TEST_TMPDIR/page"
		[ "$(tail -n 1 "$BATS_TEST_TMPDIR/page")" = '</html>' ]
		deactivate
	done
}
