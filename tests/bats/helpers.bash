# helpers.bash: what every bats suite shares. The binary under test is
# $CGIHANDLER (tests/run sets it; `make check CGIHANDLER=./cgihandler-static`
# runs everything against the static build). Servers listen on loopback
# only, on a port picked at random, and are stopped by their PID.

TESTS_DIR=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
REPO_DIR=$(cd "$TESTS_DIR/.." && pwd)
: "${CGIHANDLER:=$REPO_DIR/cgihandler}"
RAWHTTP="python3 $TESTS_DIR/bats/rawhttp.py"

# make_site DIR: the fixture document root, with a secret file beside it
# that no answer may ever contain.
make_site() {
	local root=$1 d
	mkdir -p "$root"
	# Run as root, the handler serves as nobody: nobody must be able to
	# reach the root through bats' private temporary directories.
	# (one chmod for all of them: forks are most of a test's CPU time)
	local up=()
	d=$root
	while [ -n "$d" ]; do
		up+=("$d")
		d=${d%/*}
	done
	chmod o+x "${up[@]}"
	mkdir -p "$root"/sub/deeper "$root"/cgi-bin/nested "$root"/htbin "$root"/withindex
	printf 'TOP-SECRET-%s\n' "$RANDOM$RANDOM" > "$(dirname "$root")/secret.txt"
	printf 'hello world\n' > "$root"/hello.txt
	printf '<html><body>index page</body></html>\n' > "$root"/withindex/index.html
	printf 'deep\n' > "$root"/sub/deeper/file.txt
	printf 'a&b<c>\n' > "$root"/'a&b<c>.txt'
	printf 'dot\n' > "$root"/.hidden
	head -c 1024 /dev/urandom > "$root"/one-k.bin
	cat > "$root"/cgi-bin/env.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
env | LC_ALL=C sort
i=0
for a in "$@"; do i=$((i+1)); echo "ARGV$i=$a"; done
echo "ARGC=$#"
echo "CWD=$(pwd)"
SH
	cat > "$root"/cgi-bin/echo.sh <<'SH'
#!/bin/sh
# The body, exactly CONTENT_LENGTH bytes, back to the client.
printf 'Content-Type: application/octet-stream\r\n\r\n'
head -c "${CONTENT_LENGTH:-0}"
SH
	cat > "$root"/cgi-bin/sum.sh <<'SH'
#!/bin/sh
# The sha256 of exactly CONTENT_LENGTH bytes of body.
printf 'Content-Type: text/plain\r\n\r\n'
head -c "${CONTENT_LENGTH:-0}" | sha256sum | cut -d' ' -f1
SH
	cat > "$root"/cgi-bin/nested/deep.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\nnested SCRIPT_NAME=%s PATH_INFO=%s\n' "$SCRIPT_NAME" "$PATH_INFO"
SH
	cat > "$root"/htbin/hi.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\nhi from htbin\n'
SH
	printf '#!/bin/sh\necho not executable\n' > "$root"/cgi-bin/noexec.sh
	chmod +x "$root"/cgi-bin/env.sh "$root"/cgi-bin/echo.sh "$root"/cgi-bin/sum.sh \
		"$root"/cgi-bin/nested/deep.sh "$root"/htbin/hi.sh
	chmod 644 "$root"/cgi-bin/noexec.sh
}

# activate [--inetd] [--env NAME=VALUE]... -- [cgihandler args...]
# Starts systemd-socket-activate -a on 127.0.0.1 with the handler; sets PORT,
# ACT_PID and ACT_LOG (the activator's and the handlers' stderr).
activate() {
	activate_at 127.0.0.1 "$@"
}

# skip_if_emulated WHY: skips a test when $CGIHANDLER is a cross build run
# under qemu-user (make check-cross), for what emulation cannot show: qemu
# keeps some host signals and resource limits for itself.
skip_if_emulated() {
	case $CGIHANDLER in
	*/build-cross/*) skip "under qemu-user: $1" ;;
	esac
}

# stop_pid VAR: stops the background process whose PID is in the variable
# VAR (one we started), waits for it, and empties VAR. Nothing when empty.
stop_pid() {
	local pid=${!1:-}
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	printf -v "$1" '%s' ''
}

# deactivate: stops the activator we started, by its PID.
deactivate() {
	stop_pid ACT_PID
}

# raw REQUEST-BYTES [rawhttp options]: sends bytes (printf escapes allowed)
# to the activated handler; prints the whole answer.
raw() {
	local req=$1
	shift
	printf '%b' "$req" | $RAWHTTP --port "$PORT" "$@"
}

# status_of ANSWER: the status code of an HTTP answer.
status_of() {
	printf '%s' "$1" | head -n 1 | cut -d' ' -f2
}

# header_of ANSWER NAME: a header's value (case-insensitive, CR removed).
header_of() {
	printf '%s' "$1" | tr -d '\r' | awk -v n="$2" 'BEGIN{IGNORECASE=1} /^$/{exit} tolower($0) ~ "^"tolower(n)":" {sub(/^[^:]*: */,""); print; exit}'
}

# body_of ANSWER: what follows the empty line.
body_of() {
	printf '%s' "$1" | tr -d '\r' | awk 'f{print} /^$/{f=1}'
}

# wait_log PATTERN: waits (2 s at most) for a line in the activator log.
wait_log() {
	local i
	for i in $(seq 1 100); do
		grep -q -- "$1" "$ACT_LOG" && return 0
		sleep 0.02
	done
	return 1
}

# no_secret TEXT: fails if the secret beside the root appears in TEXT.
no_secret() {
	! printf '%s' "$1" | grep -q 'TOP-SECRET'
}

# activate_at ADDRESS [activate's arguments]: as activate, listening on
# ADDRESS instead of 127.0.0.1: "[::1]" for IPv6, or "[::ffff:127.0.0.1]"
# for an IPv6 socket whose loopback IPv4 peers arrive v4-mapped.
activate_at() {
	local addr=$1 mode=() envs=()
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--inetd) mode=(--inetd); shift ;;
		--env) envs+=(-E "$2"); shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	ACT_LOG=$BATS_TEST_TMPDIR/activator.log
	local try i
	for try in 1 2 3 4 5 6 7 8; do
		PORT=$((20000 + RANDOM % 30000))
		: > "$ACT_LOG"
		systemd-socket-activate -l "$addr:$PORT" -a "${mode[@]}" "${envs[@]}" \
			"$CGIHANDLER" "$@" 2>>"$ACT_LOG" &
		ACT_PID=$!
		for i in $(seq 1 100); do
			grep -q "Listening on" "$ACT_LOG" && return 0
			kill -0 "$ACT_PID" 2>/dev/null || break
			sleep 0.02
		done
		stop_pid ACT_PID
	done
	echo "could not start systemd-socket-activate on $addr" >&2
	return 1
}

# hc [httpclient.py options] PATH: one request with Python's http.client
# to the activated handler; prints status line, headers, empty line, body.
hc() {
	python3 "$TESTS_DIR/bats/httpclient.py" --port "$PORT" "$@"
}
