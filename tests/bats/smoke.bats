#!/usr/bin/env bats
# The first breath: a file and a script through both activation styles.
load helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
}
teardown() { deactivate; }

@test "smoke: a file through systemd-socket-activate -a (fd 3)" {
	activate -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/hello.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "hello world" ]
}

@test "smoke: a CGI script through systemd-socket-activate -a --inetd" {
	activate --inetd -- --root "$ROOT"
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$status" -eq 0 ]
	[[ "$output" == *"GATEWAY_INTERFACE=CGI/1.1"* ]]
	[[ "$output" == *"REMOTE_ADDR=127.0.0.1"* ]]
}
