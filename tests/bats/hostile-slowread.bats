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
	wait_for --while "$ACT_PID" grep -q "Listening on" "$ACT_LOG"
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

# cut_by_rule: while the client still waits (it gives up after 15 s;
# --timeout is 2), the access line says the rule ended the answer, and
# then the handler is gone.
cut_by_rule() {
	local rule='" 200 [0-9-]+ send-(stalled|too-slow)$'
	while kill -0 "$CLIENT_PID" 2>/dev/null && ! grep -aqE "$rule" "$ACT_LOG"; do
		sleep 0.1
	done
	grep -aE '" 200 ' "$ACT_LOG" || true
	grep -aqE "$rule" "$ACT_LOG"
	kill -0 "$CLIENT_PID" # the rule, not the client's leaving, ended it
	wait_no_handlers 5
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

# Issue 8, point 3: what an exec'd script inherits is bounded too. Before
# execve the socket gets SO_RCVTIMEO and SO_SNDTIMEO of --timeout, so the
# script's read from a silent client, or its write to a client that does
# not read, fails after that long, not at --cgi-timeout (60 s here).
readbody_script() {
	cat > "$ROOT"/cgi-bin/readbody.py <<'PY'
#!/usr/bin/env python3
import os, sys
want, got = int(os.environ.get("CONTENT_LENGTH", "0")), 0
try:
    while got < want:
        b = os.read(0, want - got)
        if not b:
            break
        got += len(b)
    result = "read %d" % got
except OSError as e:
    result = "read-failed after %d: errno %d" % (got, e.errno)
sys.stdout.write("Content-Type: text/plain\r\n\r\n%s\n" % result)
PY
	chmod 755 "$ROOT"/cgi-bin/readbody.py
}

# post_client PIECES EVERY: announces a 1000-byte body, sends PIECES pieces
# of 100 bytes EVERY seconds apart, then keeps the connection open and
# prints the answer's body (it waits 12 s at most).
post_client() {
	python3 - "$PORT" "$1" "$2" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=12)
s.sendall(b"POST /cgi-bin/readbody.py HTTP/1.0\r\nContent-Length: 1000\r\n\r\n")
for i in range(int(sys.argv[2])):
    s.sendall(b"x" * 100)
    time.sleep(float(sys.argv[3]))
out = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except socket.timeout:
    out += b"(no answer in 12 s)"
print(out.split(b"\r\n\r\n")[-1].decode().strip())
PY
}

@test "script bounds: a script reading a body the client stopped sending fails after --timeout" {
	readbody_script
	activate -- --root "$ROOT" --timeout 2 --cgi-timeout 60
	run post_client 1 0
	echo "$output"
	[[ "$output" == "read-failed after 100: errno 11" ]]
	wait_no_handlers 3
}
@test "script bounds: a steady slow upload (100 B each 0.5 s, past --timeout) still reaches the script" {
	readbody_script
	activate -- --root "$ROOT" --timeout 2 --cgi-timeout 60
	run post_client 10 0.5
	echo "$output"
	[ "$output" = "read 1000" ]
}
@test "script bounds: a script writing to a client that never reads fails after --timeout" {
	activate -- --root "$ROOT" --timeout 2 --cgi-timeout 60
	slow_client never /cgi-bin/flood.sh --limit 25
	wait_log 'Spawned'
	# head(1) gets EAGAIN from its write and exits: the process is gone
	# while the client still waits
	while kill -0 "$CLIENT_PID" 2>/dev/null && [ -n "$(handlers_of_activator)" ]; do
		sleep 0.1
	done
	[ -z "$(handlers_of_activator)" ]
	kill -0 "$CLIENT_PID"
}
