#!/usr/bin/env bats
# Issue 3, group 4: what a script inherits is bounded and clean: a wall
# clock, CPU and memory limits, fds 0-2 only, default signals, umask 022,
# a chroot when asked, and hostile header values passed only as data.
load hostile_helpers

setup() { hostile_setup; }
teardown() {
	[ -n "${PROBE_FD_OPEN:-}" ] && exec 5>&- 5<&-
	hostile_teardown
}

post() { expect 200 "POST $1 HTTP/1.1\\r\\nHost: x\\r\\n$2\\r\\n$3"; }

@test "scripts: a Proxy header never becomes HTTP_PROXY (httpoxy)" {
	expect 200 'GET /cgi-bin/env.sh HTTP/1.0\r\nProxy: http://evil.example:3128\r\n\r\n'
	[[ "$ANSWER" == *GATEWAY_INTERFACE* ]]
	[[ "$ANSWER" != *HTTP_PROXY* ]]
	[[ "$ANSWER" != *evil.example* ]]
}
@test "scripts: Authorization and Proxy-Authorization never reach the script" {
	expect 200 'GET /cgi-bin/env.sh HTTP/1.0\r\nAuthorization: Basic c2VjcmV0\r\nProxy-Authorization: Basic c2VjcmV0\r\n\r\n'
	[[ "$ANSWER" == *GATEWAY_INTERFACE* ]]
	[[ "$ANSWER" != *c2VjcmV0* ]]
}
@test "scripts: a field name with an underscore cannot pose as another (X_Forwarded_For)" {
	expect 200 'GET /cgi-bin/env.sh HTTP/1.0\r\nX_Forwarded_For: 6.6.6.6\r\nContent_Length: 99\r\n\r\n'
	[[ "$ANSWER" == *GATEWAY_INTERFACE* ]]
	[[ "$ANSWER" != *6.6.6.6* ]]
	[[ "$ANSWER" != *"=99"* ]]
}
@test "scripts: a shellshock-shaped value is passed as data to a bash script" {
	expect 200 "GET /cgi-bin/bashenv.sh HTTP/1.0\\r\\nUser-Agent: () { :;}; /usr/bin/touch $BATS_TEST_TMPDIR/shellshocked\\r\\nX-Fn: () { echo pwned; }\\r\\n\\r\\n"
	[[ "$ANSWER" == *"HTTP_USER_AGENT=() { :;}; /usr/bin/touch"* ]]
	[[ "$ANSWER" == *"HTTP_X_FN=() { echo pwned; }"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/shellshocked" ]
}
@test "scripts: shell metacharacters in a query reach argv as one word" {
	expect 200 "GET /cgi-bin/env.sh?\$(id)%3Bid;touch+$BATS_TEST_TMPDIR/argv-ran HTTP/1.0\\r\\n\\r\\n"
	[[ "$ANSWER" == *'ARGV1=$(id)%3Bid;touch '* ]]
	[[ "$ANSWER" == *"ARGC=1"* ]]
	[[ "$ANSWER" != *"uid="* ]]
	[ ! -e "$BATS_TEST_TMPDIR/argv-ran" ]
}
@test "scripts: the activator's environment never reaches a script" {
	deactivate
	activate --env LEAKED_FROM_ACTIVATOR=yes --env LD_PRELOAD=/nonexistent.so -- --root "$ROOT"
	expect 200 'GET /cgi-bin/env.sh HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" == *GATEWAY_INTERFACE* ]]
	[[ "$ANSWER" != *LEAKED_FROM_ACTIVATOR* ]]
	[[ "$ANSWER" != *LD_PRELOAD* ]]
	[[ "$ANSWER" != *LISTEN_FDS* ]]
}
@test "scripts: a chunked body reaches the script as a sealed memfd with an exact CONTENT_LENGTH" {
	post /cgi-bin/writein.sh 'Transfer-Encoding: chunked\r\n' '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'
	[[ "$ANSWER" == *"CONTENT_LENGTH=11"* ]]
	[[ "$ANSWER" == *"stdin-sealed"* ]]
	[[ "$ANSWER" == *"hello world"* ]]
}
@test "scripts: a script that never ends is killed by --cgi-timeout" {
	deactivate
	activate -- --root "$ROOT" --cgi-timeout 1
	expect 200 'GET /cgi-bin/spin.sh HTTP/1.0\r\n\r\n' --timeout 10
	[[ "$ANSWER" == *spinning* ]]
	closed_by_handler
	wait_no_handlers 3
}
@test "scripts: a script that execs a sleeper is killed by --cgi-timeout (alarm survives execve)" {
	deactivate
	activate -- --root "$ROOT" --cgi-timeout 1
	expect 200 'GET /cgi-bin/sleep.sh HTTP/1.0\r\n\r\n' --timeout 10
	[[ "$ANSWER" == *pid=* ]]
	closed_by_handler
	wait_no_handlers 3
}
@test "scripts: --cpu-limit ends a busy script" {
	deactivate
	activate -- --root "$ROOT" --cgi-timeout 30 --cpu-limit 1
	expect 200 'GET /cgi-bin/spin.sh HTTP/1.0\r\n\r\n' --timeout 25
	closed_by_handler
	wait_no_handlers 3
}
@test "scripts: --mem-limit bounds a script's address space" {
	skip_if_emulated "qemu applies no RLIMIT_AS to the host, so none reaches the script"
	deactivate
	activate -- --root "$ROOT" --mem-limit 200M
	expect 200 'GET /cgi-bin/mem.sh HTTP/1.0\r\n\r\n'
	echo "$ANSWER"
	[[ "$ANSWER" == *alloc-failed* ]]
	deactivate
	activate -- --root "$ROOT"
	expect 200 'GET /cgi-bin/mem.sh HTTP/1.0\r\n\r\n'
	echo "$ANSWER"
	[[ "$ANSWER" == *alloc-ok* ]]
}
@test "scripts: a crashing script ends the answer cleanly" {
	expect 200 'GET /cgi-bin/crash.sh HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" == *"about to crash"* ]]
	wait_no_handlers 3
}
@test "scripts: a running script holds fds 0, 1 and 2 only, default signals, empty mask, umask 022, not root" {
	skip_if_emulated "qemu maps the CPU's signals onto host signals and keeps some for itself"
	# The handler must clean up what it inherits, so give it something to
	# clean: a umask of 077, ignored signals (glibc's reserved 32 and 33, through the
	# raw x86-64 rt_sigaction, since libc refuses them) and a blocked one.
	local wrap=$BATS_TEST_TMPDIR/dirty-start
	cat > "$wrap" <<PY
#!/usr/bin/env python3
import ctypes, os, platform, signal, sys
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
os.umask(0o077)
if platform.machine() == "x86_64":
    k = (ctypes.c_ulong * 4)(1, 0, 0, 0)  # SIG_IGN
    for sig in (32, 33):
        ctypes.CDLL(None).syscall(13, sig, k, None, 8)
os.execv("$CGIHANDLER", ["$CGIHANDLER"] + sys.argv[1:])
PY
	chmod 755 "$wrap"
	deactivate
	CGIHANDLER=$wrap activate -- --root "$ROOT" --cgi-timeout 20
	exec 5<>"/dev/tcp/127.0.0.1/$PORT"
	PROBE_FD_OPEN=1
	printf 'GET /cgi-bin/sleep.sh HTTP/1.0\r\n\r\n' >&5
	# each read ends with a line or with the connection, which
	# --cgi-timeout (20 s) ends at the latest: a loaded machine may take
	# seconds to start the wrapper, the handler and the script
	local line pid="" i
	for i in $(seq 1 20); do
		IFS= read -r -t 30 line <&5 || break
		case $line in pid=*) pid=${line#pid=}; break ;; esac
	done
	[ -n "$pid" ]
	# the script exec'd sleep; wait for the exec to land (the fds and
	# signals checked are sleep's, not the shell's before it)
	wait_for --while "$pid" grep -qx sleep "/proc/$pid/comm"
	run ls /proc/$pid/fd
	echo "fds: $output"
	[ "$output" = "$(printf '0\n1\n2')" ]
	grep Sig /proc/$pid/status
	grep -q '^SigIgn:[[:space:]]*0000000000000000$' /proc/$pid/status
	grep -q '^SigBlk:[[:space:]]*0000000000000000$' /proc/$pid/status
	grep -q '^Umask:[[:space:]]*0022$' /proc/$pid/status
	! grep -q '^Uid:[[:space:]]*0[[:space:]]' /proc/$pid/status || false
	exec 5>&- 5<&-
	PROBE_FD_OPEN=
	still_serves
}
@test "scripts: a script's stderr never lands in the answer under --inetd" {
	cat > "$ROOT"/cgi-bin/noisy.sh <<'SH'
#!/bin/sh
echo "NOISE-ON-STDERR" >&2
printf 'Content-Type: text/plain\r\n\r\nquiet\n'
SH
	chmod 755 "$ROOT"/cgi-bin/noisy.sh
	deactivate
	activate --inetd -- --root "$ROOT"
	expect 200 'GET /cgi-bin/noisy.sh HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" == *quiet* ]]
	[[ "$ANSWER" != *NOISE-ON-STDERR* ]]
}
@test "scripts: --chroot jails a static script in the root as nobody" {
	command -v musl-gcc >/dev/null || skip "musl-gcc missing (tests/deps.sh installs musl-tools)"
	musl-gcc -static -O2 -o "$ROOT"/cgi-bin/probe "$BATS_TEST_DIRNAME"/fixtures/chrootprobe.c
	chmod 755 "$ROOT"/cgi-bin/probe
	deactivate
	activate -- --root "$ROOT" --chroot
	expect 200 'GET /cgi-bin/probe HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" == *"uid=65534 euid=65534"* ]]
	[[ "$ANSWER" == *"etc-passwd=absent"* ]]
	[[ "$ANSWER" == *"secret=absent"* ]]
	[[ "$ANSWER" == *"cwd=/cgi-bin"* ]]
	[[ "$ANSWER" == *"SCRIPT_FILENAME=/cgi-bin/probe"* ]]
	# files are still served from inside the jail; symlinks still cannot
	# leave it: openat2 refuses an absolute one (403); qemu-user has no
	# openat2, and the link resolves inside the jail, where nothing is (404)
	expect 200 'GET /hello.txt HTTP/1.0\r\n\r\n'
	case $CGIHANDLER in
	*/build-cross/*) expect 404 'GET /abs-link.txt HTTP/1.0\r\n\r\n' ;;
	*) expect 403 'GET /abs-link.txt HTTP/1.0\r\n\r\n' ;;
	esac
}
@test "scripts: --chroot without openat2 (a kernel before 5.6, no /proc in the jail) still serves" {
	# The fallback asks /proc where a descriptor points; a jail has no
	# /proc, and needs none: the kernel keeps every path inside it.
	command -v musl-gcc >/dev/null || skip "musl-gcc missing (tests/deps.sh installs musl-tools)"
	musl-gcc -static -O2 -o "$ROOT"/cgi-bin/probe "$BATS_TEST_DIRNAME"/fixtures/chrootprobe.c
	chmod 755 "$ROOT"/cgi-bin/probe
	without_openat2
	deactivate
	activate -- --root "$ROOT" --chroot
	expect 200 'GET /cgi-bin/probe HTTP/1.0\r\n\r\n'
	[[ "$ANSWER" == *"uid=65534 euid=65534"* ]]
	[[ "$ANSWER" == *"secret=absent"* ]]
	expect 200 'GET /hello.txt HTTP/1.0\r\n\r\n'
	# an absolute symlink now resolves inside the jail, where its target
	# is not: nothing outside is read either way
	expect 404 'GET /abs-link.txt HTTP/1.0\r\n\r\n'
}
