#!/usr/bin/env bats
# Issue 2, point 6: started as root, cgihandler serves as nobody (or
# --user), before it reads a byte of the request; a script never runs as
# root; a root --user is refused.
load helpers

setup() {
	[ "$(id -u)" = 0 ] || skip "these tests start the handler as root"
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\necho "uid=$(id -u) euid=$(id -u) gid=$(id -g) groups=$(id -G)"\ngrep -E "^(Uid|Gid|CapEff|CapPrm|NoNewPrivs):" /proc/self/status\n' > "$ROOT/cgi-bin/id.sh"
	chmod 755 "$ROOT/cgi-bin/id.sh"
	printf 'root only\n' > "$ROOT/rootonly.txt"
	chmod 600 "$ROOT/rootonly.txt"
}
teardown() { deactivate; }

curl() { command curl --max-time 20 "$@"; }

@test "privileges: started as root, a script runs as nobody with no capabilities (both styles)" {
	uid=$(id -u nobody) gid=$(id -g nobody)
	for mode in "" --inetd; do
		activate $mode -- --root "$ROOT"
		run curl -sS "http://127.0.0.1:$PORT/cgi-bin/id.sh"
		[ "${lines[0]}" = "uid=$uid euid=$uid gid=$gid groups=$gid" ]
		[[ "$output" =~ Uid:[[:space:]]+$uid[[:space:]]+$uid[[:space:]]+$uid[[:space:]]+$uid ]]
		[[ "$output" =~ Gid:[[:space:]]+$gid[[:space:]]+$gid[[:space:]]+$gid[[:space:]]+$gid ]]
		[[ "$output" =~ CapEff:[[:space:]]+0000000000000000 ]]
		[[ "$output" =~ CapPrm:[[:space:]]+0000000000000000 ]]
		deactivate
	done
}

@test "privileges: files are opened as nobody: a root-only file is not served" {
	activate -- --root "$ROOT"
	run curl -sS -i "http://127.0.0.1:$PORT/rootonly.txt"
	[ "$(status_of "$output")" = 403 ]
	[[ "$output" == *"Message: Permission denied."* ]]
	[[ "$output" != *"root only"* ]]
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$output" = "hello world" ]
}

@test "privileges: --user NAME serves and runs scripts as that user" {
	uid=$(id -u daemon) gid=$(id -g daemon)
	activate --inetd -- --root "$ROOT" --user daemon
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/id.sh"
	[ "${lines[0]}" = "uid=$uid euid=$uid gid=$gid groups=$gid" ]
}

@test "privileges: a root --user is refused: 500, a log line, exit 3, nothing served" {
	for user in root 0; do
		activate -- --root "$ROOT" --user "$user"
		run curl -sS -i "http://127.0.0.1:$PORT/cgi-bin/id.sh"
		[ "$(status_of "$output")" = 500 ]
		[[ "$output" != *uid=* ]]
		wait_log 'died with code 3'
		deactivate
	done
	grep -q 'refusing to serve as root\|no such user' "$ACT_LOG"
	# a uid-0 account under another name is refused for what it is
	activate -- --root "$ROOT" --user root
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 500 ]
	wait_log 'refusing to serve as root'
}

@test "privileges: an unknown --user is refused with 500" {
	activate -- --root "$ROOT" --user no-such-user-here
	run curl -sS -i "http://127.0.0.1:$PORT/hello.txt"
	[ "$(status_of "$output")" = 500 ]
	[[ "$output" != *"hello world"* ]]
	wait_log 'no such user'
}

@test "privileges: not started as root, it serves as itself and refuses --user" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	run sh -c "printf 'GET /cgi-bin/id.sh HTTP/1.0\r\n\r\n' |
		setpriv --reuid=nobody --regid=nogroup --clear-groups '$CGIHANDLER' --root '$ROOT' 2>/dev/null"
	[[ "$output" == *"uid=$(id -u nobody) "* ]]
	run sh -c "printf 'GET /hello.txt HTTP/1.0\r\n\r\n' |
		setpriv --reuid=nobody --regid=nogroup --clear-groups '$CGIHANDLER' --root '$ROOT' --user daemon 2>'$BATS_TEST_TMPDIR/err'"
	[ "$status" -eq 3 ]
	[[ "$output" == *"HTTP/1.0 500"* ]]
	grep -q -- "--user needs to be started as root" "$BATS_TEST_TMPDIR/err"
	[[ "$output" != *"hello world"* ]]
}
