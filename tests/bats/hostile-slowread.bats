#!/usr/bin/env bats
# Issue 8, point 2: sending is bounded, for every kind of answer (a file by
# sendfile, a listing by conn_write, --relay output), by one rule: when the
# client takes nothing for --timeout seconds while we wait to write, or
# takes less than SEND_MIN_RATE (4 KiB/s) on average once our writes have
# waited --timeout seconds, the answer ends with a reason in the log. A
# steady 64 KiB/s reader still gets a whole file. The clients (slowreader.py)
# have a 4 KiB receive buffer and give up after 15 s by themselves.
load hostile_helpers

SLOW="python3 $BATS_TEST_DIRNAME/slowreader.py"

setup() {
	hostile_site
	truncate -s 200M "$ROOT"/big.bin
	chmod 644 "$ROOT"/big.bin
	printf '#!/bin/sh\nprintf "Content-Type: application/octet-stream\\r\\n\\r\\n"\nexec head -c 200000000 /dev/zero\n' \
		> "$ROOT"/cgi-bin/flood.sh
	chmod 755 "$ROOT"/cgi-bin/flood.sh
}
IN_NS=()
teardown() {
	stop_pid CLIENT_PID
	hostile_teardown
	if [ -n "${NS:-}" ]; then ip netns del "$NS"; fi
}

# big_listing: a directory whose listing is about 200 KiB.
big_listing() {
	mkdir -p "$ROOT"/many
	(cd "$ROOT"/many && seq -f "entry-%06g-$(printf 'x%.0s' $(seq 1 30))" 1 2500 | xargs touch)
	chmod -R a+rX "$ROOT"/many
}

# small_box [cgihandler args]: activates the handler on 127.0.0.1:8080 in a
# network namespace of its own whose TCP send buffers stop at 64 KiB (a
# small box's), so an answer of a few hundred KiB still blocks on a client
# that does not read it (on the host they grow to 4 MiB). The clients run
# there too; the namespace is deleted in teardown.
small_box() {
	NS=cgihandler-slowread-$$-$RANDOM
	ip netns add "$NS"
	IN_NS=(ip netns exec "$NS")
	"${IN_NS[@]}" ip link set lo up
	"${IN_NS[@]}" sysctl -qw net.ipv4.tcp_wmem="4096 16384 65536"
	PORT=8080
	ACT_LOG=$BATS_TEST_TMPDIR/activator.log
	"${IN_NS[@]}" systemd-socket-activate -l 127.0.0.1:$PORT -a "$CGIHANDLER" "$@" 2> "$ACT_LOG" &
	ACT_PID=$!
	local i
	for i in $(seq 1 100); do
		grep -q "Listening on" "$ACT_LOG" && return 0
		sleep 0.02
	done
	return 1
}

# slow_client MODE TARGET [slowreader options]: one GET of TARGET read the
# MODE way, in the background.
slow_client() {
	local mode=$1 target=$2
	shift 2
	"${IN_NS[@]}" $SLOW --port "$PORT" --mode "$mode" --limit 15 --target "$target" "$@" \
		> "$BATS_TEST_TMPDIR/client.out" &
	CLIENT_PID=$!
}

# cut_by_rule: within 8 s (the client waits 15 s; --timeout is 2) the access
# line says the rule ended the answer, and the handler is gone.
cut_by_rule() {
	local i
	for i in $(seq 1 80); do
		grep -aqE '" 200 [0-9-]+ send-(stalled|too-slow)$' "$ACT_LOG" && break
		sleep 0.1
	done
	grep -aE '" 200 ' "$ACT_LOG" || true
	grep -aqE '" 200 [0-9-]+ send-(stalled|too-slow)$' "$ACT_LOG"
	wait_no_handlers 2
}

@test "slow read: a client that never reads a large file is cut after --timeout" {
	activate -- --root "$ROOT" --timeout 2
	slow_client never /big.bin
	cut_by_rule
	still_serves
}
@test "slow read: a client that trickles a large file (256 B every 0.5 s) is cut" {
	activate -- --root "$ROOT" --timeout 2
	slow_client trickle /big.bin --chunk 256 --every 0.5
	cut_by_rule
	still_serves
}
@test "slow read: a client that never reads a large listing is cut after --timeout" {
	big_listing
	small_box --root "$ROOT" --timeout 2
	slow_client never /many/
	cut_by_rule
}
@test "slow read: a client that trickles a large listing is cut" {
	big_listing
	small_box --root "$ROOT" --timeout 2
	slow_client trickle /many/ --chunk 256 --every 0.5
	cut_by_rule
}
@test "slow read: a client that never reads --relay output is cut, and the script ends" {
	activate -- --root "$ROOT" --timeout 2 --relay
	slow_client never /cgi-bin/flood.sh
	cut_by_rule
}
@test "slow read: a client that trickles --relay output is cut" {
	activate -- --root "$ROOT" --timeout 2 --relay
	slow_client trickle /cgi-bin/flood.sh --chunk 256 --every 0.5
	cut_by_rule
}

@test "slow read: a steady 64 KiB/s reader gets a whole 640 KiB file" {
	truncate -s 640K "$ROOT"/steady.bin
	chmod 644 "$ROOT"/steady.bin
	small_box --root "$ROOT" --timeout 2
	run "${IN_NS[@]}" $SLOW --port "$PORT" --mode steady --rate 65536 --chunk 8192 --limit 25 \
		--target /steady.bin
	echo "$output"
	# the whole body and our head, and a plain access line: no reason
	[[ "$output" =~ ^got\ 6[0-9]{5}\ eof$ ]]
	[ "$(echo "$output" | cut -d' ' -f2)" -gt 655360 ]
	wait_log '"GET /steady.bin HTTP/1.0" 200 655360$'
}
