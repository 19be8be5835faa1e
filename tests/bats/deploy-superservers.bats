#!/usr/bin/env bats
# Issue 4, point 2: real super-servers run the shipped configuration (and
# the one docs/deploy.md shows), each serving a file and a CGI POST on
# loopback with the right REMOTE_ADDR.
load helpers
load deploy_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	make_post_script "$ROOT"
}
teardown() {
	stop_server
	stop_fake
}

# check_serves HOST [REMOTE]: a file and a CGI POST through whatever
# serves HOST:$PORT; REMOTE is the address the script must see (HOST).
check_serves() {
	local host=$1 remote=${2:-$1} url
	url="http://$host:$PORT"
	[[ $host == *:* ]] && url="http://[$host]:$PORT"
	run curl -sS -g --max-time 10 "$url/hello.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "hello world" ]
	run curl -sS -g --max-time 10 --data-binary 'posted body' "$url/cgi-bin/post.sh"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "REMOTE_ADDR=$remote METHOD=POST LENGTH=11" ]
	[ "${lines[1]}" = "posted body" ]
}

# syslog_lines_at_least N: the fake syslog got N lines of the handlers or more.
syslog_lines_at_least() {
	[ "$(grep -c 'cgihandler\[' "$sys/lines" 2>/dev/null)" -ge "$1" ]
}

# start_inetd [SED-EXPR]: openbsd-inetd runs units/inetd.conf's line
# (edited by SED-EXPR) on 127.0.0.1:$PORT as $conf; what it and the
# handlers send to syslog lands in $sys/lines (a fake /dev/log).
start_inetd() {
	[ -x "$INETD" ] || "$REPO_DIR/tests/deps.sh"
	sys=$BATS_TEST_TMPDIR/sys
	mkdir -p "$sys"
	chmod 755 "$sys"
	start_fake --raw "$sys/log" "$sys/lines"
	conf=$BATS_TEST_TMPDIR/inetd.conf
	local try
	for try in 1 2 3; do
		free_port
		grep -v '^#' "$REPO_DIR/units/inetd.conf" |
			sed -e "s|^http\t|127.0.0.1:$PORT\t|" -e "${1:-}" > "$conf"
		localize "$conf"
		start_bg "$BATS_TEST_TMPDIR/inetd.log" with_devlog "$sys" "$INETD" -d "$conf" &&
			return 0
	done
	return 1
}

# The shipped line and the documented one are the same line.
@test "deploy: units/inetd.conf and docs/deploy.md show the same inetd.conf line" {
	shipped=$(grep -v '^#' "$REPO_DIR/units/inetd.conf")
	[ -n "$shipped" ]
	[ "$(recipe inetd.conf)" = "$shipped" ]
}

@test "deploy: openbsd-inetd runs the shipped line: a file, a CGI POST, REMOTE_ADDR; the log goes to syslog, not the answer" {
	start_inetd
	grep -q "ADD: 127.0.0.1:$PORT" "$BATS_TEST_TMPDIR/inetd.log"
	check_serves 127.0.0.1
	# inetd gave us the connection on fd 2 too: read to the end of the
	# connection (past Content-Length, where a stray log line would be)
	run raw 'GET /hello.txt HTTP/1.0\r\n\r\n'
	[ "$(status_of "$output")" = 200 ]
	[ "$(body_of "$output")" = "hello world" ]
	[[ "$output" != *" - - ["* ]]
	wait_for syslog_lines_at_least 3
	grep -q '"GET /hello.txt HTTP/1.0" 200 12' "$sys/lines"
	grep -q '"POST /cgi-bin/post.sh HTTP/1.1" 200 -' "$sys/lines"
	sed 's/^.*cgihandler\[[0-9]*\]: //' "$sys/lines" | grep -q '^127.0.0.1 - - \['
}

@test "deploy: units/xinetd.conf and docs/deploy.md show the same xinetd service" {
	strip() { grep -v '^[[:space:]]*#' "$1" | grep -v '^[[:space:]]*$'; }
	recipe xinetd > "$BATS_TEST_TMPDIR/doc"
	[ -s "$BATS_TEST_TMPDIR/doc" ]
	[ "$(strip "$BATS_TEST_TMPDIR/doc")" = "$(strip "$REPO_DIR/units/xinetd.conf")" ]
}

# start_xinetd_v4: xinetd runs units/xinetd.conf on 127.0.0.1:$PORT (bound
# to that address, without the IPv6 flag), as $conf.
start_xinetd_v4() {
	conf=$BATS_TEST_TMPDIR/xinetd.conf
	local try
	for try in 1 2 3; do
		free_port
		sed -e "s|= 80\$|= $PORT|" -e '/flags.*IPv6/d' \
			-e 's|^\tdisable|\tbind\t\t= 127.0.0.1\n\tdisable|' \
			"$REPO_DIR/units/xinetd.conf" > "$conf"
		localize "$conf"
		start_bg "$BATS_TEST_TMPDIR/xinetd.log" xinetd -dontfork -f "$conf" && return 0
	done
	return 1
}

@test "deploy: xinetd runs the shipped service on 127.0.0.1: a file, a CGI POST, REMOTE_ADDR" {
	start_xinetd_v4
	grep -q "bind.*127.0.0.1" "$conf"
	grep -q "port.*= $PORT" "$conf"
	check_serves 127.0.0.1
}

@test "deploy: xinetd runs the shipped service as is (flags = IPv6) on ::1" {
	conf=$BATS_TEST_TMPDIR/xinetd6.conf
	local try
	for try in 1 2 3; do
		free_port
		sed -e "s|= 80\$|= $PORT|" -e 's|^\tdisable|\tbind\t\t= ::1\n\tdisable|' \
			"$REPO_DIR/units/xinetd.conf" > "$conf"
		localize "$conf"
		start_bg "$BATS_TEST_TMPDIR/xinetd.log" xinetd -dontfork -f "$conf" && break
	done
	grep -q "flags.*IPv6" "$conf"
	check_serves ::1
}

@test "deploy: tcpserver runs the documented command: a file, a CGI POST, REMOTE_ADDR" {
	cmd=$(recipe tcpserver)
	[[ "$cmd" == "tcpserver "*" 0.0.0.0 80 /usr/local/bin/cgihandler"* ]]
	cmd=${cmd/ 0.0.0.0 80 / 127.0.0.1 @PORT }
	cmd=${cmd//\/usr\/local\/bin\/cgihandler/$CGIHANDLER}
	cmd=${cmd//\/srv\/www/$ROOT}
	# shellcheck disable=SC2086
	serve "$BATS_TEST_TMPDIR/tcpserver.log" $cmd
	# Without -R, -H and -l, tcpserver asks ident and DNS about every
	# connection before it runs the handler: on a box with no nameserver it
	# can reach, each request waits out the resolver's timeouts.
	local trace=$BATS_TEST_TMPDIR/tcpserver.trace i
	strace -f -qq -e trace=connect,execve -o "$trace" -p "$SRV_PID" &
	local st_pid=$!
	for i in $(seq 1 500); do
		[ "$(awk '/^TracerPid:/ {print $2}' "/proc/$SRV_PID/status")" = "$st_pid" ] && break
		sleep 0.02
	done
	[ "$(awk '/^TracerPid:/ {print $2}' "/proc/$SRV_PID/status")" = "$st_pid" ]
	check_serves 127.0.0.1
	grep -q '^127.0.0.1 - - \[.*"POST /cgi-bin/post.sh HTTP/1.1" 200' "$BATS_TEST_TMPDIR/tcpserver.log"
	stop_server
	wait "$st_pid" || true
	[ "$(grep -c 'execve(' "$trace")" -ge 2 ]
	! grep -E 'htons\((53|113)\)' "$trace" || false
}

# Issue 8, point 10: a setup error is never lost. An inetd.conf line that
# says "wait" by mistake hands us the listening socket on fds 0, 1 and 2:
# the explanation must reach syslog (fd 2 is the socket), not the socket.
@test "deploy: openbsd-inetd with 'wait' by mistake: the setup error reaches syslog, exit 3" {
	start_inetd 's|\tnowait[.0-9]*\t|\twait\t|'
	grep -q "	wait	" "$conf"
	run curl -sS --max-time 3 "http://127.0.0.1:$PORT/hello.txt"
	# inetd logs the exit status once it has reaped the handler, after
	# the handler's own line: wait for each, not for the first alone
	wait_for grep -q 'inetd\[[0-9]*\]: .*: exit status 3$' "$sys/lines" || true
	cat "$sys/lines"
	grep -q 'cgihandler\[[0-9]*\]: .*a listening socket needs Accept=yes' "$sys/lines"
	# and inetd logged the exit status of a setup error
	grep -q 'inetd\[[0-9]*\]: .*: exit status 3$' "$sys/lines"
}

# Issue 8, point 11: the shipped super-server lines survive load: 1,000
# requests in about 15 s (ten rounds of 100, 8 at a time, a second apart;
# loopback, a port above 1024), more than openbsd-inetd's default of 256 a
# minute and xinetd's default cps of 50 a second allow: the old lines were
# stopped part way ("looping", "Deactivating service").
# thousand URL: the ten rounds of GETs of URL; fails on any refusal.
thousand() {
	local round
	for round in $(seq 1 10); do
		run ab -q -n 100 -c 8 -s 10 "$1"
		if [ "$status" -ne 0 ] || [[ "$output" != *"Complete requests:      100"* ]] ||
			[[ "$output" != *"Failed requests:        0"* ]] || [[ "$output" == *"Non-2xx"* ]]; then
			echo "round $round: $output"
			return 1
		fi
		sleep 1
	done
}

@test "deploy: the shipped inetd.conf line serves 1,000 requests in a row, none refused" {
	start_inetd
	thousand "http://127.0.0.1:$PORT/hello.txt"
	! grep -q 'looping' "$sys/lines" || false
}
@test "deploy: the shipped xinetd service serves 1,000 requests in a row, none refused" {
	start_xinetd_v4
	thousand "http://127.0.0.1:$PORT/hello.txt"
	! grep -qi 'Deactivating service' "$BATS_TEST_TMPDIR/xinetd.log" || false
}
