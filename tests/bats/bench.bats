#!/usr/bin/env bats
# The benchmark's own tools (tests/bench/), so that `make bench` measures
# what it says: the load client counts only real answers, the floor does
# what the floor must, the POST sink gets the body from the socket, and the
# report computes its ratios and targets from the data.
load helpers

setup_file() {
	BENCH_BIN=$BATS_FILE_TMPDIR/bin
	mkdir -p "$BENCH_BIN"
	local src=$REPO_DIR/tests/bench cf="-std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror"
	cc $cf -pthread -o "$BENCH_BIN/load" "$src/load.c"
	cc $cf -o "$BENCH_BIN/floor" "$src/floor.c"
	cc $cf -o "$BENCH_BIN/sink" "$src/sink.c"
	cc $cf -o "$BENCH_BIN/hello" "$src/hello.c"
	export BENCH_BIN
}

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	cp "$BENCH_BIN/sink" "$BENCH_BIN/hello" "$ROOT/cgi-bin/"
	chmod 755 "$ROOT/cgi-bin/sink" "$ROOT/cgi-bin/hello"
	LOAD="$BENCH_BIN/load -T 10"
}
teardown() { deactivate; }

# field NAME LINE: a field of load's one-line result
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

@test "bench: load counts a 1 KiB answer as ok, with a latency" {
	activate --inetd -- --root "$ROOT"
	run $LOAD -p "$PORT" -n 5 -c 2 -u /one-k.bin -x 1024
	[ "$status" -eq 0 ]
	[ "$(field ok "$output")" = 5 ]
	[ "$(field err "$output")" = 0 ]
	awk -v p="$(field p50_ms "$output")" 'BEGIN { exit !(p > 0) }'
}

@test "bench: load counts a 404 as an error, not as a request served" {
	activate --inetd -- --root "$ROOT"
	run $LOAD -p "$PORT" -n 3 -u /no-such-file
	[ "$status" -eq 0 ]
	[ "$(field ok "$output")" = 0 ]
	[ "$(field err "$output")" = 3 ]
}

@test "bench: load counts a body shorter than -x, or without the -e text, as an error" {
	activate --inetd -- --root "$ROOT"
	run $LOAD -p "$PORT" -n 2 -u /hello.txt -x 1024
	[ "$(field err "$output")" = 2 ]
	run $LOAD -p "$PORT" -n 2 -u /hello.txt -e "not in the file"
	[ "$(field err "$output")" = 2 ]
	run $LOAD -p "$PORT" -n 2 -u /hello.txt -e "hello world"
	[ "$(field ok "$output")" = 2 ]
}

@test "bench: load stops at -t seconds" {
	activate --inetd -- --root "$ROOT"
	run $LOAD -p "$PORT" -n 1000000 -t 0.3 -u /hello.txt
	[ "$status" -eq 0 ]
	awk -v s="$(field secs "$output")" 'BEGIN { exit !(s >= 0.3 && s < 3) }'
	[ "$(field err "$output")" = 0 ]
}

@test "bench: the floor answers a fixed 1 KiB body and execs a CGI script after its status line" {
	CGIHANDLER=$BENCH_BIN/floor activate --inetd -- "$ROOT"
	run curl -sS -o "$BATS_TEST_TMPDIR/body" -w '%{http_code} %{size_download}' "http://127.0.0.1:$PORT/anything"
	[ "$output" = "200 1024" ]
	run curl -sS "http://127.0.0.1:$PORT/cgi-bin/hello"
	[ "$output" = "hello" ]
}

@test "bench: the floor leaves a POST body on the socket for the script" {
	CGIHANDLER=$BENCH_BIN/floor activate --inetd -- "$ROOT"
	run $LOAD -p "$PORT" -n 1 -u /cgi-bin/sink -b 300000 -e 300000
	[ "$(field ok "$output")" = 1 ]
}

@test "bench: under cgihandler the sink reads exactly CONTENT_LENGTH bytes of a 4 MiB POST" {
	activate --inetd -- --root "$ROOT"
	run $LOAD -p "$PORT" -n 1 -u /cgi-bin/sink -b 4194304 -e 4194304
	[ "$(field ok "$output")" = 1 ]
	# and the check would notice a short body
	run $LOAD -p "$PORT" -n 1 -u /cgi-bin/sink -b 4194304 -e 4194305
	[ "$(field err "$output")" = 1 ]
}

@test "bench: report.py computes ratios and targets from the data" {
	out=$BATS_TEST_TMPDIR/out
	mkdir -p "$out"
	{
		printf 'round\tworkload\tconc\tserver\tactivator\tok\terr\tsecs\trps\tp50_ms\tp99_ms\tmbps\n'
		for r in 1 2 3; do
			printf '%s\ta-1k\t1\tfloor-musl\tssa\t100\t0\t1\t1000\t1\t2\t1\n' $r
			printf '%s\ta-1k\t1\tfloor\tssa\t100\t0\t1\t800\t1\t2\t1\n' $r
			printf '%s\ta-1k\t1\tcgihandler-static\tssa\t100\t0\t1\t%s\t1\t2\t1\n' $r $((940 + r * 10))
			printf '%s\ta-1k\t1\tcgihandler\tssa\t100\t0\t1\t700\t1\t2\t1\n' $r
			printf '%s\ta-1k\t1\tbusybox-httpd\tssa\t100\t0\t1\t600\t1\t2\t1\n' $r
		done
	} >"$out/results.tsv"
	printf 'what\tserver\tvalue\nrss_kib\tcgihandler-static\t300\nsize_bytes\tcgihandler-static\t70000\n' >"$out/extra.tsv"
	printf 'date\tx\nmode\tfull\nrounds\t3\n' >"$out/machine.tsv"
	run python3 "$REPO_DIR/tests/bench/report.py" "$out"
	[ "$status" -eq 0 ]
	# the median of 950, 960, 970 over the floor's 1000
	[[ "$output" == *"| (a) static >= 0.95x floor-musl, systemd-socket-activate c=1 | 0.96x (p50: 1.00x) | met |"* ]]
	[[ "$output" == *"| (a) dynamic >= 0.9x floor, systemd-socket-activate c=1 | 0.88x (p50: 1.00x) | NOT met |"* ]]
	[[ "$output" == *"| (a) static >= 1.1x busybox httpd, systemd-socket-activate c=1 | 1.60x (p50: 1.00x) | met |"* ]]
	[[ "$output" == *"| (e) static build peak RSS <= 1 MiB | 300 KiB | met |"* ]]
	[[ "$output" == *"| (f) static build stripped <= 64 KiB | 70,000 bytes (68.4 KiB) | NOT met |"* ]]
	[ -s "$out/chart.gp" ] && [ -s "$out/chart.dat" ]
}

@test "bench: report.py puts spawn's faults and CPU against the floor in table (h) and its targets" {
	out=$BATS_TEST_TMPDIR/out
	mkdir -p "$out"
	printf 'round\tworkload\tconc\tserver\tactivator\tok\terr\tsecs\trps\tp50_ms\tp99_ms\tmbps\n' >"$out/results.tsv"
	{
		printf 'what\tserver\tvalue\n'
		printf 'spawn_faults\tfloor-musl\t26.4\nspawn_faults\tcgihandler-static\t28.8\n'
		printf 'spawn_cpu_us\tfloor-musl\t300.0\nspawn_cpu_us\tcgihandler-static\t345.0\n'
		printf 'spawn_median_us\tfloor-musl\t450.0\nspawn_median_us\tcgihandler-static\t500.0\n'
		printf 'syscalls_cgi_preexec\tcgihandler-static\t19\n'
	} >"$out/extra.tsv"
	printf 'date\tx\nmode\tquick\nspawn\tspawn -t 100, 1 round(s)\n' >"$out/machine.tsv"
	run python3 "$REPO_DIR/tests/bench/report.py" "$out"
	[ "$status" -eq 0 ]
	[[ "$output" == *"| cgihandler-static | 500 | 28.8 | 345 | 1.09x | 1.15x |"* ]]
	[[ "$output" == *"| (h) cgihandler-static --log none within 10% of floor-musl's page faults per request (issue 12) | 1.09x (28.8 against 26.4) | met |"* ]]
	[[ "$output" == *"| (h) cgihandler-static --log none within 10% of floor-musl's CPU per request (issue 12) | 1.15x (345.0 against 300.0) | NOT met |"* ]]
	[[ "$output" == *"before the script's execve (the strace lists below): cgihandler-static 19."* ]]
}
