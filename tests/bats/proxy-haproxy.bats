#!/usr/bin/env bats
# Issue 11, point 3: scale-out behind Debian's HAProxy, with docs/deploy.md's
# haproxy.cfg recipe made loopback-only: two boxes (systemd-socket-activate
# with --proxy-protocol) on 127.0.0.2 and 127.0.0.3, HAProxy on 127.0.0.1
# sending PROXY v2 from 127.0.0.5, a bounded load from 127.0.0.1 with one box
# stopped midway. Every process is ours and stopped by its PID.
load helpers
load deploy_helpers

REQUESTS=2000

setup() {
	command -v haproxy >/dev/null || "$REPO_DIR/tests/deps.sh" haproxy
	local b
	for b in b1 b2; do
		make_site "$BATS_TEST_TMPDIR/$b"
		cat > "$BATS_TEST_TMPDIR/$b/cgi-bin/who.sh" <<SH
#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
echo "backend=$b REMOTE_ADDR=\$REMOTE_ADDR REMOTE_PORT=\$REMOTE_PORT SERVER_ADDR=\$SERVER_ADDR SERVER_PORT=\$SERVER_PORT"
SH
		chmod 755 "$BATS_TEST_TMPDIR/$b/cgi-bin/who.sh"
	done
}

teardown() {
	stop_pid HAPROXY_PID
	stop_pid B1_PID
	stop_pid B2_PID
}

# box NAME ADDRESS: starts a box's activator with --proxy-protocol; sets
# NAME_PID, NAME_PORT and NAME_LOG (its handlers' access log).
box() {
	activate_at "$2" -- --root "$BATS_TEST_TMPDIR/$1" --proxy-protocol
	# activate_at logs to one file name: give this box its own (the
	# activator keeps writing to the moved file)
	mv "$ACT_LOG" "$BATS_TEST_TMPDIR/$1.log"
	printf -v "${1^^}_PID" '%s' "$ACT_PID"
	printf -v "${1^^}_PORT" '%s' "$PORT"
	printf -v "${1^^}_LOG" '%s' "$BATS_TEST_TMPDIR/$1.log"
	ACT_PID=
}

# stat SERVER FIELD...: fields of HAProxy's "show stat" CSV for a server,
# one line; nothing when HAProxy does not answer.
stat() {
	python3 "$TESTS_DIR/bats/haproxy_load.py" --stat "$HAPROXY_SOCK" "$@"
}

# haproxy_up: starts HAProxy with the recipe made loopback-only, and waits
# (10 s at most) until both boxes pass their health check. Another port
# is tried only when HAProxy could not start.
haproxy_up() {
	local cfg=$BATS_TEST_TMPDIR/haproxy.cfg try end
	HAPROXY_SOCK=$BATS_TEST_TMPDIR/haproxy.sock
	recipe haproxy.cfg > "$cfg"
	grep -q '^    bind :80$' "$cfg"
	grep -q 'send-proxy-v2 check' "$cfg"
	for try in 1 2 3; do
		free_port
		FE_PORT=$PORT
		recipe haproxy.cfg | sed -e "s|^    bind :80\$|    bind 127.0.0.1:$FE_PORT|" \
			-e "s|/run/haproxy-cgihandler.sock|$HAPROXY_SOCK|" \
			-e "s|^    server box1 192.0.2.11:80\$|    server box1 127.0.0.2:$B1_PORT|" \
			-e "s|^    server box2 192.0.2.12:80\$|    server box2 127.0.0.3:$B2_PORT|" \
			-e "s| inter 1s fall 2 rise 2| inter 200ms fall 2 rise 1|" \
			-e "s|^    balance roundrobin\$|&\n    source 127.0.0.5|" > "$cfg"
		rm -f "$HAPROXY_SOCK"
		haproxy -f "$cfg" -db > "$BATS_TEST_TMPDIR/haproxy.out" 2>&1 3>&- &
		HAPROXY_PID=$!
		end=$((SECONDS + 10))
		while [ $SECONDS -lt $end ] && kill -0 "$HAPROXY_PID" 2>/dev/null; do
			[ "$(stat box1 status)$(stat box2 status)" = UPUP ] && return 0
			sleep 0.1
		done
		kill -0 "$HAPROXY_PID" 2>/dev/null && break
		stop_pid HAPROXY_PID
	done
	cat "$BATS_TEST_TMPDIR/haproxy.out" "$cfg" >&2
	return 1
}

# free_port: a random free loopback port in PORT.
free_port() {
	PORT=$((20000 + RANDOM % 30000))
	while listening "$PORT"; do PORT=$((20000 + RANDOM % 30000)); done
}

# field NAME JSON: a field of the load's one JSON line.
field() {
	python3 -c 'import json, sys; v = json.loads(sys.argv[1])[sys.argv[2]]; print(json.dumps(v) if isinstance(v, (dict, list)) else v)' "$2" "$1"
}

@test "haproxy: two boxes behind HAProxy with send-proxy-v2: no failed request, the client's own address, one box stopped midway, logs add up" {
	box b1 127.0.0.2
	box b2 127.0.0.3
	haproxy_up
	# one request first: the script sees the client, not HAProxy's 127.0.0.5
	run curl -sS --max-time 10 --interface 127.0.0.1 "http://127.0.0.1:$FE_PORT/cgi-bin/who.sh"
	[[ "$output" == *"REMOTE_ADDR=127.0.0.1 "* ]]
	[[ "$output" == *"SERVER_ADDR=127.0.0.1 SERVER_PORT=$FE_PORT" ]]
	# the checks (a LOCAL header, then GET /) were answered, logged with
	# the real peer: HAProxy's own 127.0.0.5
	grep -q '^127\.0\.0\.5 - - .*"GET / HTTP/1.0" 200' "$B1_LOG"
	grep -q '^127\.0\.0\.5 - - .*"GET / HTTP/1.0" 200' "$B2_LOG"
	# the load: box 2's activator is stopped (SIGTERM, by PID) halfway
	run python3 "$TESTS_DIR/bats/haproxy_load.py" --port "$FE_PORT" --requests $REQUESTS \
		--clients 8 --stop-pid "$B2_PID" --stop-at $((REQUESTS / 2)) --deadline 240
	echo "load: $output"
	load=$output
	[ "$status" -eq 0 ]
	[ "$(field failed "$load")" = 0 ]
	[ "$(field ok "$load")" = $REQUESTS ]
	[ "$(field stopped_at "$load")" -ge $((REQUESTS / 2)) ]
	# both served before the stop; after it box 1 took (nearly) all: box 2
	# may still finish what it had accepted
	b1=$(field backends "$load" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("b1", 0))')
	b2=$(field backends "$load" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("b2", 0))')
	after_b1=$(field after_stop "$load" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("b1", 0))')
	[ "$b1" -gt 0 ] && [ "$b2" -gt 0 ]
	[ "$after_b1" -ge $((REQUESTS / 2 - 50)) ]
	# HAProxy marked box 2 down; its figures, for the report
	local end=$((SECONDS + 5))
	while [ $SECONDS -lt $end ] && [ "$(stat box2 status)" != DOWN ]; do sleep 0.1; done
	[ "$(stat box2 status)" = DOWN ]
	echo "# failover: box2 (status, retries, redispatches, checks failed, down transitions): $(stat box2 status wretr wredis chkfail chkdown); box1: $(stat box1 status wretr wredis)" >&3
	echo "# load: $load" >&3
	# the access logs add up to the requests sent, each line the client's
	l1=$(grep -c '"GET /cgi-bin/who.sh HTTP/1.[01]" 200' "$B1_LOG")
	l2=$(grep -c '"GET /cgi-bin/who.sh HTTP/1.[01]" 200' "$B2_LOG")
	echo "logs: box1 $l1, box2 $l2, load: box1 $b1, box2 $b2"
	[ $((l1 + l2)) -eq $((REQUESTS + 1)) ]
	[ "$l1" -eq $((b1 + 1)) ] || [ "$l2" -eq $((b2 + 1)) ]
	[ -z "$(grep -h '"GET /cgi-bin/who.sh' "$B1_LOG" "$B2_LOG" | grep -v '^127\.0\.0\.1 - - ')" ]
	# no refusal: every connection HAProxy made carried a good header
	[ -z "$(grep -h ' proxy-' "$B1_LOG" "$B2_LOG")" ]
}
