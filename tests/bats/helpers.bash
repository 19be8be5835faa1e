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

# activate [--inetd] [--no-accept] [--env NAME=VALUE]... -- [cgihandler args...]
# Starts systemd-socket-activate -a on 127.0.0.1 with the handler; sets PORT,
# ACT_PID and ACT_LOG (the activator's and the handlers' stderr). With
# --no-accept, no -a: the activator becomes the handler at the first
# connection, the listening socket its fd 3.
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

# WAIT_S: how long a test waits for something that must happen (a line
# in a log, a server listening) before it fails. A wait ends as soon as
# what it waits for happens, so only a failing test waits this long: the
# bound is generous, since a handler, an activator or a python client can
# take seconds to start when CI runs its four stages side by side (load
# 10 to 25 on 2 CPUs, one stage under qemu). How long cgihandler itself may
# take is never bounded by this: its bounds are the tests' own.
WAIT_S=${WAIT_S:-30}

# wait_for [--while PID] COMMAND...: runs COMMAND every 20 ms until it
# succeeds; fails after WAIT_S seconds, or as soon as the process PID (the
# one that would make COMMAND true: an activator, a server) has exited.
wait_for() {
	# names of their own: COMMAND may set the caller's variables (pid...)
	local wait_for_pid="" wait_for_end=$((SECONDS + WAIT_S))
	if [ "$1" = --while ]; then
		wait_for_pid=$2
		shift 2
	fi
	while :; do
		"$@" && return 0
		[ -z "$wait_for_pid" ] || kill -0 "$wait_for_pid" 2>/dev/null || return 1
		[ "$SECONDS" -lt "$wait_for_end" ] || return 1
		sleep 0.02
	done
}

# wait_log PATTERN: waits for a line in the activator log (WAIT_S at most).
wait_log() {
	wait_for grep -q -- "$1" "$ACT_LOG"
}

# no_secret TEXT: fails if the secret beside the root appears in TEXT.
no_secret() {
	! printf '%s' "$1" | grep -q 'TOP-SECRET'
}

# activate_at ADDRESS [activate's arguments]: as activate, listening on
# ADDRESS instead of 127.0.0.1: "[::1]" for IPv6, or "[::ffff:127.0.0.1]"
# for an IPv6 socket whose loopback IPv4 peers arrive v4-mapped.
activate_at() {
	local addr=$1 mode=() envs=() accept=(-a)
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--inetd) mode=(--inetd); shift ;;
		--no-accept) accept=(); shift ;;
		--env) envs+=(-E "$2"); shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	ACT_LOG=$BATS_TEST_TMPDIR/activator.log
	local try
	for try in 1 2 3 4 5 6 7 8; do
		PORT=$((20000 + RANDOM % 30000))
		: > "$ACT_LOG"
		systemd-socket-activate -l "$addr:$PORT" "${accept[@]}" "${mode[@]}" "${envs[@]}" \
			"$CGIHANDLER" "$@" 2>>"$ACT_LOG" &
		ACT_PID=$!
		# until it listens, or has exited (the port was taken): a
		# loaded machine may take seconds to start it
		wait_for --while "$ACT_PID" grep -q "Listening on" "$ACT_LOG" && return 0
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
