#!/usr/bin/env bats
# Issue 9, point 5: git's smart HTTP backend (git http-backend) through the
# wrapper of docs/deploy.md, driven by the real git client.
# Modes: clone, fetch and push only ever answer 200, so they are run in both
# modes (the default exec in place, and --relay); git http-backend says every
# error with a `Status:` line and no body, so its 404 and 403 need --relay,
# and one test shows what the default mode makes of them (the table in
# docs/deploy.md).
load helpers
load deploy_helpers

setup() {
	command -v git >/dev/null || "$REPO_DIR/tests/deps.sh" git
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	REPOS=$BATS_TEST_TMPDIR/site/git
	mkdir -p "$REPOS"
	chmod o+x "$REPOS"
	recipe git-http-backend | sed "s|/srv/git|$REPOS|" > "$ROOT/cgi-bin/git"
	chmod 755 "$ROOT/cgi-bin/git"
	git init -q --bare -b main "$REPOS/project.git"
	# the work tree the client pushes from
	WORK=$BATS_TEST_TMPDIR/work
	git init -q -b main "$WORK"
	printf 'first\n' > "$WORK/a.txt"
	gitc -C "$WORK" add a.txt
	gitc -C "$WORK" commit -qm first
	export GIT_TERMINAL_PROMPT=0
}
teardown() { deactivate; }

# gitc ARGS: git with an identity, no user configuration, and a bound on a
# stalled transfer (below 1 KiB/s for 20 s aborts), so a hang fails the test.
gitc() {
	HOME=$BATS_TEST_TMPDIR git -c user.name=Tester -c user.email=t@example.org \
		-c http.lowSpeedLimit=1024 -c http.lowSpeedTime=20 "$@"
}

# srv REPO ARGS: git on the server's repository as root (it is owned by the
# serving user, which git would otherwise call dubious).
srv() {
	local repo=$1
	shift
	git -c safe.directory='*' -C "$REPOS/$repo" "$@"
}

# pushable REPO: what docs/deploy.md says a repository needs for anonymous
# pushes: http.receivepack, and the serving user (nobody, started as root)
# owning it.
pushable() {
	srv "$1" config http.receivepack true
	[ "$(id -u)" != 0 ] || chown -R nobody "$REPOS/$1"
}

url() { echo "http://127.0.0.1:$PORT/cgi-bin/git/$1"; }

@test "apps git: push, ls-remote, clone and fetch, both modes, checked by hash on the server" {
	for mode in "" --relay; do
		rm -rf "$REPOS/project.git" "$BATS_TEST_TMPDIR/clone"
		git init -q --bare -b main "$REPOS/project.git"
		pushable project.git
		activate -- --root "$ROOT" $mode
		run gitc -C "$WORK" push "$(url project.git)" main
		[ "$status" -eq 0 ] || { echo "$mode: $output"; false; }
		[ "$(srv project.git rev-parse main)" = "$(gitc -C "$WORK" rev-parse main)" ]
		run gitc ls-remote "$(url project.git)"
		[ "$status" -eq 0 ]
		grep -qx "$(gitc -C "$WORK" rev-parse main)	refs/heads/main" <<< "$output"
		gitc clone -q "$(url project.git)" "$BATS_TEST_TMPDIR/clone"
		[ "$(cat "$BATS_TEST_TMPDIR/clone/a.txt")" = first ]
		# a second commit on the server side, fetched into the clone
		printf 'second %s\n' "$mode" > "$WORK/b.txt"
		gitc -C "$WORK" add b.txt
		gitc -C "$WORK" commit -qm "second $mode"
		gitc -C "$WORK" push -q "$(url project.git)" main
		gitc -C "$BATS_TEST_TMPDIR/clone" fetch -q origin
		[ "$(gitc -C "$BATS_TEST_TMPDIR/clone" rev-parse origin/main)" = "$(gitc -C "$WORK" rev-parse main)" ]
		srv project.git fsck --full --strict
		deactivate
	done
}

@test "apps git: a 3 MiB push git sends chunked (http.postBuffer=65536) arrives whole, both modes" {
	head -c 3145728 /dev/urandom > "$WORK/big.bin"
	gitc -C "$WORK" add big.bin
	gitc -C "$WORK" commit -qm big
	want=$(gitc -C "$WORK" rev-parse main)
	blob=$(gitc -C "$WORK" hash-object big.bin)
	for mode in "" --relay; do
		rm -rf "$REPOS/project.git"
		git init -q --bare -b main "$REPOS/project.git"
		pushable project.git
		activate -- --root "$ROOT" $mode
		GIT_TRACE_CURL=$BATS_TEST_TMPDIR/curl.trace GIT_TRACE_CURL_NO_DATA=1 \
			gitc -c http.postBuffer=65536 -C "$WORK" push -q "$(url project.git)" main
		# the pack went chunked: the path under test, not a Content-Length body
		grep -q 'Send header: Transfer-Encoding: chunked' "$BATS_TEST_TMPDIR/curl.trace"
		rm -f "$BATS_TEST_TMPDIR/curl.trace"
		[ "$(srv project.git rev-parse main)" = "$want" ]
		[ "$(srv project.git rev-parse main:big.bin)" = "$blob" ]
		srv project.git fsck --full --strict
		deactivate
	done
}

@test "apps git --relay: a missing repository is 404, and clone and ls-remote say 'not found'" {
	activate -- --root "$ROOT" --relay
	run curl -sS --max-time 20 -o /dev/null -w '%{http_code}' "$(url missing.git)/info/refs?service=git-upload-pack"
	[ "$output" = 404 ]
	run gitc clone "$(url missing.git)" "$BATS_TEST_TMPDIR/clone"
	[ "$status" -eq 128 ]
	[[ "$output" == *"repository '$(url missing.git)/' not found"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/clone" ]
	run gitc ls-remote "$(url missing.git)"
	[ "$status" -eq 128 ]
	[[ "$output" == *"not found"* ]]
}

@test "apps git --relay: a push to a repository without http.receivepack is 403, nothing written" {
	# owned by the serving user, so that the refusal is for want of
	# http.receivepack alone (git refuses another owner's repository first)
	[ "$(id -u)" != 0 ] || chown -R nobody "$REPOS/project.git"
	before=$(srv project.git count-objects)
	activate -- --root "$ROOT" --relay
	run curl -sS --max-time 20 -o /dev/null -w '%{http_code}' "$(url project.git)/info/refs?service=git-receive-pack"
	[ "$output" = 403 ]
	run gitc -C "$WORK" push "$(url project.git)" main
	[ "$status" -eq 128 ]
	[[ "$output" == *"returned error: 403"* ]]
	[ "$(srv project.git count-objects)" = "$before" ]
	run srv project.git rev-parse --verify -q main
	[ "$status" -ne 0 ]
}

@test "apps git, default mode: a missing repository clones as empty with exit 0, a refused push is a dumb-HTTP failure (why errors need --relay)" {
	# What docs/deploy.md's table says: exec in place sends 200 before git's
	# `Status: 404`, so git sees an empty answer, not an error.
	activate -- --root "$ROOT"
	run gitc clone "$(url missing.git)" "$BATS_TEST_TMPDIR/clone"
	[ "$status" -eq 0 ]
	[[ "$output" == *"You appear to have cloned an empty repository."* ]]
	run gitc ls-remote "$(url missing.git)"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# git's 403 to a push becomes a 200 git cannot read as smart HTTP: it
	# falls back to the old WebDAV push, which fails (the repository is the
	# serving user's, so the refusal is for want of http.receivepack)
	[ "$(id -u)" != 0 ] || chown -R nobody "$REPOS/project.git"
	run gitc -C "$WORK" push "$(url project.git)" main
	[ "$status" -eq 1 ]
	[[ "$output" == *"git-http-push failed"* ]]
}

@test "apps git: an authenticated push through deploy.md's wrapper that checks Basic credentials itself (--pass-auth --relay); REMOTE_USER reaches git's backend" {
	command -v htpasswd >/dev/null || "$REPO_DIR/tests/deps.sh" apache2-utils
	local ht=$BATS_TEST_TMPDIR/site/git.htpasswd
	# a password with the bytes Basic's parsing trips on: ':' and ' '
	htpasswd -cbB "$ht" alice 'pa:ss word' 2>/dev/null
	chmod 644 "$ht"
	recipe git-http-backend-auth | sed -e "s|/srv/git.htpasswd|$ht|" -e "s|/srv/git|$REPOS|" \
		> "$ROOT/cgi-bin/git-auth"
	chmod 755 "$ROOT/cgi-bin/git-auth"
	# no http.receivepack: git's backend lets a push in for a REMOTE_USER
	srv project.git config core.logAllRefUpdates true
	[ "$(id -u)" != 0 ] || chown -R nobody "$REPOS/project.git"
	authurl() { echo "http://$1@127.0.0.1:$PORT/cgi-bin/git-auth/project.git"; }

	# without --pass-auth the wrapper never sees the credentials
	activate -- --root "$ROOT" --relay
	run gitc -C "$WORK" push "$(authurl 'alice:pa%3Ass%20word')" main
	[ "$status" -ne 0 ]
	[[ "$output" == *"Authentication failed"* ]]
	deactivate

	activate -- --root "$ROOT" --relay --pass-auth
	run gitc ls-remote "http://127.0.0.1:$PORT/cgi-bin/git-auth/project.git"
	[ "$status" -ne 0 ]
	run gitc -C "$WORK" push "$(authurl 'alice:wrong')" main
	[ "$status" -ne 0 ]
	[[ "$output" == *"Authentication failed"* ]]
	run gitc -C "$WORK" push "$(authurl 'alice:pa%3Ass%20word')" main
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(srv project.git rev-parse main)" = "$(gitc -C "$WORK" rev-parse main)" ]
	# git's backend took the pusher's name from REMOTE_USER
	[ "$(srv project.git log -g -1 --format=%gn main)" = alice ]
}

@test "apps git --auth, default mode: cgihandler checks the password, git's backend gets REMOTE_USER and takes the push" {
	# auth.bats pushes behind --auth with --relay; deploy.md says it works
	# in the default mode too, since the 401 is cgihandler's own answer
	if file -L "$CGIHANDLER" | grep -q 'statically linked'; then
		skip "the static build has no crypt(3): --auth answers 500 there"
	fi
	command -v htpasswd >/dev/null || "$REPO_DIR/tests/deps.sh" apache2-utils
	htpasswd -cbB -C 5 "$BATS_TEST_TMPDIR/users" alice 's3cret' 2>/dev/null
	srv project.git config core.logAllRefUpdates true
	[ "$(id -u)" != 0 ] || chown -R nobody "$REPOS/project.git"
	activate -- --root "$ROOT" --auth "$BATS_TEST_TMPDIR/users" --auth-prefix /cgi-bin/git
	run gitc -C "$WORK" push "$(url project.git)" main
	[ "$status" -eq 128 ]
	[[ "$output" == *"could not read Username"* ]]
	run gitc -C "$WORK" push "http://alice:wrong@127.0.0.1:$PORT/cgi-bin/git/project.git" main
	[ "$status" -eq 128 ]
	[[ "$output" == *"Authentication failed"* ]]
	gitc -C "$WORK" push -q "http://alice:s3cret@127.0.0.1:$PORT/cgi-bin/git/project.git" main
	[ "$(srv project.git rev-parse main)" = "$(gitc -C "$WORK" rev-parse main)" ]
	[ "$(srv project.git log -g -1 --format=%gn main)" = alice ]
	srv project.git fsck --full --strict
}
