# deploy_helpers.bash: what the deploy*.bats suites share on top of
# helpers.bash: the real super-servers, started in the foreground on
# loopback and stopped by PID, and the recipes of docs/deploy.md.

# tests/deps.sh unpacks these (they conflict with installed packages).
UNPACK_CACHE=/var/cache/cgihandler-tests
INETD=$UNPACK_CACHE/openbsd-inetd/usr/sbin/inetd
BUSYBOX_STATIC=$UNPACK_CACHE/busybox-static/bin/busybox

# listening PORT: true when something listens on TCP PORT.
listening() {
	[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# serve LOG COMMAND...: starts a server in the background with COMMAND,
# in which the word @PORT is replaced by a free random port, and waits
# until it listens (or has exited: WAIT_S at most). Sets PORT and SRV_PID;
# retries another port when one is taken. The command's output goes to LOG.
serve() {
	local log=$1 try
	shift
	for try in 1 2 3 4 5; do
		PORT=$((20000 + RANDOM % 30000))
		listening "$PORT" && continue
		local argv=("${@//@PORT/$PORT}")
		# fd 3 is bats' own: a server holding it would stall the run
		"${argv[@]}" >"$log" 2>&1 3>&- &
		SRV_PID=$!
		wait_for --while "$SRV_PID" listening "$PORT" && return 0
		stop_server
	done
	echo "could not start: $*" >&2
	cat "$log" >&2
	return 1
}

# make_post_script ROOT: cgi-bin/post.sh, which answers with the address
# and method it was given, then the body back, exactly CONTENT_LENGTH bytes.
make_post_script() {
	cat > "$1"/cgi-bin/post.sh <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "REMOTE_ADDR=$REMOTE_ADDR METHOD=$REQUEST_METHOD LENGTH=$CONTENT_LENGTH"
head -c "${CONTENT_LENGTH:-0}"
SH
	chmod 755 "$1"/cgi-bin/post.sh
}

# stop_server: stops the server serve started, by its PID.
stop_server() {
	stop_pid SRV_PID
}

# recipe NAME [FILE]: the code block that follows "<!-- recipe: NAME -->"
# in FILE (default docs/deploy.md), so each test runs the recipe the
# document shows.
recipe() {
	awk -v n="$1" '
		$0 == "<!-- recipe: " n " -->" { want = 1; next }
		want && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$REPO_DIR/${2:-docs/deploy.md}"
}

# localize FILE: rewrites a shipped or documented configuration for this
# test: the installed paths become the binary under test and the fixture.
localize() {
	sed -i -e "s|/usr/local/bin/cgihandler|$CGIHANDLER|g" -e "s|/srv/www|$ROOT|g" "$1"
}

# static_binary: prints the path of a static build: $CGIHANDLER when it is
# one, else ./cgihandler-static, built when missing.
static_binary() {
	if file -L "$CGIHANDLER" | grep -q 'statically linked'; then
		echo "$CGIHANDLER"
		return
	fi
	[ -x "$REPO_DIR/cgihandler-static" ] || make -s -C "$REPO_DIR" static >&2 || return 1
	echo "$REPO_DIR/cgihandler-static"
}

# with_devlog DIR COMMAND...: becomes (exec) COMMAND in a private mount
# namespace whose /dev holds the usual device nodes and DIR/log as
# /dev/log, so a fake syslog (start_fake --raw DIR/log) sees what syslog(3)
# sends. Run it in the background or a subshell: it does not return.
with_devlog() {
	local dir=$1
	shift
	exec unshare -m --propagation private -- sh -c '
		set -e
		d=$1
		shift
		mkdir -p "$d/dev"
		mount -t tmpfs -o mode=755 devlog "$d/dev"
		for n in null zero full random urandom; do
			: > "$d/dev/$n"
			mount --bind "/dev/$n" "$d/dev/$n"
		done
		: > "$d/dev/log"
		mount --bind "$d/log" "$d/dev/log"
		mount --rbind "$d/dev" /dev
		exec "$@"' with_devlog "$dir" "$@"
}

# start_fake [--raw] SOCKET OUT: a fake journald (or, with --raw, syslog)
# on SOCKET, appending what it receives to OUT; waits until it is bound.
start_fake() {
	python3 "$TESTS_DIR/bats/fakejournald.py" --timeout 60 "$@" 3>&- &
	FAKE_PID=$!
	local sock=$1
	[ "$sock" = --raw ] && sock=$2
	wait_for --while "$FAKE_PID" test -S "$sock"
}

# stop_fake: stops it, by its PID.
stop_fake() {
	stop_pid FAKE_PID
}

# start_bg LOG COMMAND...: a server whose configuration names its port
# already (render it first with $PORT), started in the background with its
# output in LOG; waits until PORT listens (or the server has exited: WAIT_S
# at most). Sets SRV_PID.
start_bg() {
	local log=$1
	shift
	"$@" >"$log" 2>&1 3>&- &
	SRV_PID=$!
	wait_for --while "$SRV_PID" listening "$PORT" && return 0
	stop_server
	return 1
}

# free_port: sets PORT to a random port nothing listens on.
free_port() {
	local i
	for i in 1 2 3 4 5 6 7 8; do
		PORT=$((20000 + RANDOM % 30000))
		listening "$PORT" || return 0
	done
	return 1
}
