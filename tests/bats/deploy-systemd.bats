#!/usr/bin/env bats
# Issue 4, point 1: the systemd units. No systemd runs as PID 1 here, so:
# systemd-analyze verify on the installed units, the offline security
# rating, and the service's exact command line run with the fds the units
# give it, as an unprivileged user, with stderr apart from the connection.
load helpers
load deploy_helpers

UNIT_DIR=usr/local/lib/systemd/system

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	cat > "$ROOT"/cgi-bin/who.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "uid=$(id -u) REMOTE_ADDR=$REMOTE_ADDR LENGTH=$CONTENT_LENGTH"
head -c "${CONTENT_LENGTH:-0}"
SH
	chmod 755 "$ROOT"/cgi-bin/who.sh
	DEST=$BATS_TEST_TMPDIR/dest
	make -s -C "$REPO_DIR" install DESTDIR="$DEST" INSTALL_BIN="$CGIHANDLER"
}
teardown() { stop_server; }

# in_installed_ns COMMAND...: runs COMMAND where the installed binary is at
# its installed path /usr/local/bin/cgihandler and the fixture is /srv/www,
# in a private mount namespace (the host's directories are untouched).
# It becomes COMMAND (exec): call it in the background, or through run.
in_installed_ns() {
	exec unshare -m --propagation private -- sh -c '
		set -e
		mount -t tmpfs -o mode=755 bin /usr/local/bin
		cp "$1/usr/local/bin/cgihandler" /usr/local/bin/cgihandler
		mount -t tmpfs -o mode=755 srv /srv
		mkdir /srv/www
		mount --bind "$2" /srv/www
		shift 2
		exec "$@"' in_installed_ns "$DEST" "$ROOT" "$@"
}

@test "deploy: systemd-analyze verify passes on the installed units (binary and man page in place)" {
	run in_installed_ns env MANPATH="$DEST/usr/local/share/man" systemd-analyze verify \
		"$DEST/$UNIT_DIR/cgihandler.socket" "$DEST/$UNIT_DIR/cgihandler@.service"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "deploy: systemd-analyze verify fails when the ExecStart binary is missing (the check bites)" {
	run unshare -m --propagation private -- sh -c \
		'mount -t tmpfs bin /usr/local/bin && exec env MANPATH="$1" systemd-analyze verify "$2"' \
		sh "$DEST/usr/local/share/man" "$DEST/$UNIT_DIR/cgihandler@.service"
	[ "$status" -ne 0 ]
	[[ "$output" == *"/usr/local/bin/cgihandler is not executable"* ]]
}

@test "deploy: systemd-analyze security rates cgihandler@.service at 1.0 or lower" {
	run systemd-analyze security --offline=yes "$REPO_DIR/units/cgihandler@.service"
	[ "$status" -eq 0 ]
	exposure=$(printf '%s\n' "$output" | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
	echo "exposure: $exposure"
	[ -n "$exposure" ]
	awk -v e="$exposure" 'BEGIN { exit !(e <= 1.0) }'
}

@test "deploy: the socket accepts (Accept=yes, IPv4 and IPv6, bounded); the service takes it on stdin" {
	sock=$REPO_DIR/units/cgihandler.socket svc=$REPO_DIR/units/cgihandler@.service
	grep -qx 'Accept=yes' "$sock"
	grep -qx 'ListenStream=80' "$sock"
	grep -qx 'BindIPv6Only=both' "$sock"
	grep -q '^MaxConnections=[0-9]' "$sock"
	grep -q '^MaxConnectionsPerSource=[0-9]' "$sock"
	grep -qx 'StandardInput=socket' "$svc"
	grep -qx 'StandardOutput=socket' "$svc"
	grep -qx 'StandardError=journal' "$svc"
	grep -qx 'DynamicUser=yes' "$svc"
	grep -qx 'PrivateNetwork=yes' "$svc"
}

@test "deploy: the service's exact ExecStart, with the fds the unit gives, unprivileged: a file, a CGI POST, the log apart" {
	cmdline=$(sed -n 's/^ExecStart=//p' "$DEST/$UNIT_DIR/cgihandler@.service")
	[ "$cmdline" = "/usr/local/bin/cgihandler --root /srv/www" ]
	# StandardInput=socket and StandardOutput=socket: the connection on
	# fds 0 and 1 (--inetd); StandardError=journal: fd 2 is elsewhere.
	# DynamicUser=yes: an unprivileged uid of its own. A new port when the
	# last was taken before the bind (suites run side by side).
	for try in 1 2 3 4 5 6 7 8; do
		free_port
		# shellcheck disable=SC2086
		start_bg "$BATS_TEST_TMPDIR/journal.log" in_installed_ns \
			setpriv --reuid=61873 --regid=61873 --clear-groups \
			systemd-socket-activate -l "127.0.0.1:$PORT" -a --inetd $cmdline && break
	done
	run curl -sS --max-time 10 "http://127.0.0.1:$PORT/hello.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "hello world" ]
	run curl -sS --max-time 10 --data-binary 'unit body' "http://127.0.0.1:$PORT/cgi-bin/who.sh"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "uid=61873 REMOTE_ADDR=127.0.0.1 LENGTH=9" ]
	[ "${lines[1]}" = "unit body" ]
	run raw 'GET /hello.txt HTTP/1.0\r\n\r\n'
	[ "$(body_of "$output")" = "hello world" ]
	ACT_LOG=$BATS_TEST_TMPDIR/journal.log
	wait_log '^127.0.0.1 - - \[.*"POST /cgi-bin/who.sh HTTP/1.1" 200 -'
	wait_log '^127.0.0.1 - - \[.*"GET /hello.txt HTTP/1.0" 200 12'
}
