#!/usr/bin/env python3
"""report.py OUTDIR: the benchmark's Markdown table, from OUTDIR/results.tsv,
extra.tsv and machine.tsv (written by run.sh). Writes the table to stdout and
OUTDIR/chart.gp + chart.dat for gnuplot (req/s per server). Standard library
only."""
import csv
import os
import statistics
import sys

out = sys.argv[1]


def rows(name):
    with open(os.path.join(out, name)) as f:
        return list(csv.DictReader(f, delimiter="\t"))


results = rows("results.tsv")
extra = {}
for r in rows("extra.tsv"):
    extra.setdefault(r["what"], {})[r["server"]] = r["value"]
machine = {}
with open(os.path.join(out, "machine.tsv")) as f:
    for line in f:
        k, _, v = line.rstrip("\n").partition("\t")
        machine[k] = v

ORDER = ["floor", "floor-musl", "cgihandler", "cgihandler-relay", "cgihandler-static",
         "cgihandler+libsystemd",
         "busybox-httpd", "micro-httpd", "python-http.server", "lighttpd"]
PEERS = ["busybox-httpd", "micro-httpd", "python-http.server", "lighttpd"]
ACTS = ["ssa", "tcpserver", "resident", "haproxy"]
ACT_NAME = {"ssa": "systemd-socket-activate", "tcpserver": "tcpserver", "resident": "(daemon)",
            "haproxy": "HAProxy, PROXY v2, 2 x systemd-socket-activate"}

# cells[(workload, conc, server, activator)] = list of per-round dicts
cells = {}
for r in results:
    key = (r["workload"], int(r["conc"]), r["server"], r["activator"])
    cells.setdefault(key, []).append(r)


def med(key, field):
    v = [float(r[field]) for r in cells.get(key, []) if int(r["ok"]) > 0]
    return statistics.median(v) if v else None


def errors(key):
    return sum(int(r["err"]) for r in cells.get(key, []))


def spread(key, field="rps"):
    """(max - min) / median over rounds, in percent."""
    v = [float(r[field]) for r in cells.get(key, []) if int(r["ok"]) > 0]
    if len(v) < 2 or not statistics.median(v):
        return None
    return 100 * (max(v) - min(v)) / statistics.median(v)


def fmt(x, nd=0):
    return "n/a" if x is None else f"{x:,.{nd}f}"


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def servers(workload):
    have = {(k[2], k[3]) for k in cells if k[0] == workload}
    return [(s, a) for a in ACTS for s in ORDER if (s, a) in have]


def floor_act(act):
    return "ssa" if act in ("resident", "haproxy") else act


print(f"Run: {machine.get('date')}, `make bench{' ARGS=--quick' if machine.get('mode') == 'quick' else ''}`, "
      f"{machine.get('rounds')} interleaved round(s) of {machine.get('secs_per_cell')} s per cell, "
      f"{machine.get('wall_s')} s wall.\n")
print(f"Machine: {machine.get('cpu')}, {machine.get('mem')}, {machine.get('os')}, "
      f"kernel {machine.get('kernel')}, {machine.get('cc')}. "
      f"Peers: {machine.get('versions')}.\n")
print(f"How busy: load average {machine.get('loadavg_start')} at the start, "
      f"{machine.get('loadavg_end')} at the end (1-min load after each round: "
      f"{machine.get('loadavg_rounds')}); the CPUs were {machine.get('idle_pct')}% idle "
      f"over the measured part (/proc/stat), i.e. our load plus everyone else's.\n")

all_spreads = [s for k in cells if k[0] in ("a-1k", "b-sh", "b-c")
               for s in [spread(k)] if s is not None]
if all_spreads:
    print(f"Noise: spread of req/s over rounds ((max-min)/median) per cell: median "
          f"{statistics.median(all_spreads):.0f}%, worst {max(all_spreads):.0f}% "
          f"({len(all_spreads)} cells).\n")

TITLES = {
    "a-1k": "(a) GET of a 1 KiB file, a new connection per request",
    "b-sh": "(b) CGI hello in sh",
    "b-c": "(b) CGI hello in C",
}
for w in ("a-1k", "b-sh", "b-c"):
    print(f"### {TITLES[w]}\n")
    print("| server | activator | c=1 req/s | p50 ms | p99 ms | c=4 req/s | p50 ms | p99 ms "
          "| spread c=1/c=4 | vs floor c=1/c=4 | vs floor-musl c=1/c=4 | errors |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for s, a in servers(w):
        k1, k4 = (w, 1, s, a), (w, 4, s, a)
        fa = floor_act(a)
        f1, f4 = med((w, 1, "floor", fa), "rps"), med((w, 4, "floor", fa), "rps")
        m1, m4 = med((w, 1, "floor-musl", fa), "rps"), med((w, 4, "floor-musl", fa), "rps")
        r1, r4 = med(k1, "rps"), med(k4, "rps")
        sp = "/".join(fmt(spread(k), 0) + "%" if spread(k) is not None else "n/a" for k in (k1, k4))
        print(f"| {s} | {ACT_NAME[a]} | {fmt(r1)} | {fmt(med(k1, 'p50_ms'), 2)} | "
              f"{fmt(med(k1, 'p99_ms'), 2)} | {fmt(r4)} | {fmt(med(k4, 'p50_ms'), 2)} | "
              f"{fmt(med(k4, 'p99_ms'), 2)} | {sp} | {ratio(r1, f1)} / {ratio(r4, f4)} | "
              f"{ratio(r1, m1)} / {ratio(r4, m4)} | {errors(k1) + errors(k4)} |")
    print()

if any(k[3] == "haproxy" for k in cells):
    print("### Through HAProxy (docs/deploy.md's haproxy.cfg) against direct\n")
    print("Two boxes of cgihandler --proxy-protocol under systemd-socket-activate behind "
          "HAProxy with send-proxy-v2, against one cgihandler under systemd-socket-activate "
          "alone; one machine, so the balancer's CPU is taken from the boxes'.\n")
    print("| workload | c | direct req/s | through HAProxy req/s | ratio |")
    print("|---|--:|--:|--:|--:|")
    for w in ("a-1k", "b-sh", "b-c"):
        for c in (1, 4):
            d, h = med((w, c, "cgihandler", "ssa"), "rps"), med((w, c, "cgihandler", "haproxy"), "rps")
            print(f"| {w} | {c} | {fmt(d)} | {fmt(h)} | {ratio(h, d)} |")
    print()

if any(k[2] == "cgihandler-relay" for k in cells):
    print("### --relay (the script's output read and re-framed by us) against exec in place\n")
    print("The same binary under systemd-socket-activate; (d) is the 64 MiB POST read by the script.\n")
    print("| workload | c | exec in place | --relay | ratio |")
    print("|---|--:|--:|--:|--:|")
    for w, c, f in (("b-sh", 1, "rps"), ("b-sh", 4, "rps"), ("b-c", 1, "rps"), ("b-c", 4, "rps"),
                    ("d-post64m", 1, "mbps")):
        e, r = med((w, c, "cgihandler", "ssa"), f), med((w, c, "cgihandler-relay", "ssa"), f)
        print(f"| {w} ({'req/s' if f == 'rps' else 'MB/s'}) | {c} | {fmt(e)} | {fmt(r)} | {ratio(r, e)} |")
    print()

print("### cgihandler against each peer (req/s ratio, same activator; daemons as they are)\n")
print("| workload | cgihandler build | activator | c | " + " | ".join(PEERS) + " |")
print("|---|---|---|--:|" + "--:|" * len(PEERS))
for w in ("a-1k", "b-sh", "b-c"):
    for a in ("ssa", "tcpserver"):
        for b in ("cgihandler", "cgihandler-static"):
            for c in (1, 4):
                mine = med((w, c, b, a), "rps")
                if mine is None:
                    continue
                cols = []
                for p in PEERS:
                    pa = "resident" if p in ("python-http.server", "lighttpd") else a
                    cols.append(ratio(mine, med((w, c, p, pa), "rps")))
                print(f"| {w} | {b} | {ACT_NAME[a]} | {c} | " + " | ".join(cols) + " |")
print()

print("### (c) one GET of a 512 MiB file, (d) a 64 MiB POST to a CGI reading CONTENT_LENGTH bytes\n")
print("Median over every transfer (rounds x repeats), under systemd-socket-activate; "
      "spread as above.\n")
print("| server | (c) MB/s | vs floor | spread | (d) MB/s | vs floor | spread | errors |")
print("|---|--:|--:|--:|--:|--:|--:|--:|")
fc, fd = med(("c-512m", 1, "floor", "ssa"), "mbps"), med(("d-post64m", 1, "floor", "ssa"), "mbps")
for s, a in servers("c-512m"):
    c, d = med(("c-512m", 1, s, a), "mbps"), med(("d-post64m", 1, s, a), "mbps")
    e = errors(("c-512m", 1, s, a)) + errors(("d-post64m", 1, s, a))
    sc, sd = spread(("c-512m", 1, s, a), "mbps"), spread(("d-post64m", 1, s, a), "mbps")
    print(f"| {s} | {fmt(c)} | {ratio(c, fc)} | {fmt(sc)}% | {fmt(d)} | {ratio(d, fd)} | "
          f"{fmt(sd)}% | {e} |")
print()

print("### (e) peak RSS, (f) stripped size, (g) syscalls per request\n")
print("| server | (e) peak RSS KiB | (f) stripped bytes | (g) syscalls, static | (g) syscalls, CGI (C hello) |")
print("|---|--:|--:|--:|--:|")
size_key = {"floor": "floor", "floor-musl": "floor-musl", "cgihandler": "cgihandler",
            "cgihandler-static": "cgihandler-static", "cgihandler+libsystemd": "cgihandler-libsystemd"}
for s in ORDER:
    rss = extra.get("rss_kib", {}).get(s, "n/a")
    size = extra.get("size_bytes", {}).get(size_key.get(s, s), "n/a")
    sc = extra.get("syscalls_static", {}).get(s, "n/a")
    sg = extra.get("syscalls_cgi", {}).get(s, "n/a")
    print(f"| {s} | {rss or 'n/a'} | {size} | {sc or 'n/a'} | {sg or 'n/a'} |")
print("\nRSS is ru_maxrss of one handler process serving a 1 KiB file (for the two "
      "daemons: VmHWM of the daemon after the run). Sizes: busybox is the whole "
      "multi-call binary, lighttpd is lighttpd + mod_cgi.so. Syscalls: `strace -f -c` "
      "of one process from its execve to its exit, the CGI count including the "
      "script's own (the same script for every server).\n")

print("### (f) cgihandler's size per architecture\n")
print("| build | bytes | KiB |")
print("|---|--:|--:|")
for name, key in (("x86-64, dynamic, glibc (`make`, stripped)", "cgihandler"),
                  ("x86-64, static, musl (`make static`)", "cgihandler-static"),
                  ("aarch64, static, musl (`make cross`)", "cgihandler-aarch64"),
                  ("armhf, static, musl (`make cross`)", "cgihandler-armhf"),
                  ("mipsel, static, musl (`make cross`)", "cgihandler-mipsel"),
                  ("mips, static, glibc (`make cross`)", "cgihandler-mips")):
    size = extra.get("size_bytes", {}).get(key)
    print(f"| {name} | {int(size):,} | {int(size) / 1024:.1f} |" if size else f"| {name} | n/a | |")
print("\nThe cross builds are built by the bench where their compiler is installed, "
      "and measured, not run. aarch64's linker aligns the data segment to 64 KiB pages "
      "in the file, hence its padding.\n")
pre = extra.get("syscalls_cgi_preexec", {})
if pre:
    print("CGI system calls after the request head was read and before the script's execve "
          "(the strace lists below): " +
          ", ".join(f"{s} {pre[s]}" for s in ("cgihandler", "cgihandler-static") if s in pre) + ".\n")

SPAWN = ["floor-musl", "cgihandler-static", "floor", "cgihandler"]
FLOOR_OF = {"cgihandler-static": "floor-musl", "cgihandler": "floor"}


def spawn(what, s):
    v = extra.get("spawn_" + what, {}).get(s)
    return float(v) if v not in (None, "") else None


if any(spawn("faults", s) is not None for s in SPAWN):
    print("### (h) one static request without an activator (tests/bench/spawn)\n")
    print(f"`tests/bench/spawn -t N /1k.html BINARY ...` ({machine.get('spawn')}; median of the "
          "rounds): fork, exec on an accepted loopback connection, the answer read, the child "
          "reaped. Page faults and CPU (user + system) are the child's, from wait4; both builds "
          "with `--log none`, as root, dropping to nobody.\n")
    print("| binary | median us | page faults | CPU us | faults vs floor | CPU vs floor |")
    print("|---|--:|--:|--:|--:|--:|")
    for s in SPAWN:
        f = FLOOR_OF.get(s)
        fv, cv = spawn("faults", s), spawn("cpu_us", s)
        ff, cf = (spawn("faults", f), spawn("cpu_us", f)) if f else (None, None)
        print(f"| {s} | {fmt(spawn('median_us', s))} | {fmt(fv, 1)} | {fmt(cv)} | "
              f"{ratio(fv, ff) if f else ''} | {ratio(cv, cf) if f else ''} |")
    print()

# Targets, computed from this run.
print("### Targets (issue 5), from this run\n")
print("Verdicts on the req/s ratio of the cells' medians; in brackets the same "
      "ratio of median latencies (p50), which the stalls of a shared machine "
      "move less.\n")
print("| target | measured | met |")
print("|---|---|---|")


def target(name, value, ok):
    print(f"| {name} | {value} | {'met' if ok else 'NOT met'} |")


def r_of(w, c, s, a):
    return med((w, c, s, a), "rps")


def p50_ratio(w, c, mine, other, a):
    """other's median latency over mine: the same sense as a req/s ratio,
    and less moved by the stalls a shared machine adds to a few requests."""
    x, y = med((w, c, mine, a), "p50_ms"), med((w, c, other, a), "p50_ms")
    return f" (p50: {y / x:.2f}x)" if x and y else ""


for a in ("ssa", "tcpserver"):
    for c in (1, 4):
        st, fm = r_of("a-1k", c, "cgihandler-static", a), r_of("a-1k", c, "floor-musl", a)
        dy, fl = r_of("a-1k", c, "cgihandler", a), r_of("a-1k", c, "floor", a)
        bb = r_of("a-1k", c, "busybox-httpd", a)
        if None in (st, fm, dy, fl, bb):
            continue
        target(f"(a) static >= 0.95x floor-musl, {ACT_NAME[a]} c={c}",
               f"{st / fm:.2f}x" + p50_ratio("a-1k", c, "cgihandler-static", "floor-musl", a),
               st / fm >= 0.95)
        target(f"(a) dynamic >= 0.9x floor, {ACT_NAME[a]} c={c}",
               f"{dy / fl:.2f}x" + p50_ratio("a-1k", c, "cgihandler", "floor", a), dy / fl >= 0.9)
        target(f"(a) static >= 1.1x busybox httpd, {ACT_NAME[a]} c={c}",
               f"{st / bb:.2f}x" + p50_ratio("a-1k", c, "cgihandler-static", "busybox-httpd", a),
               st / bb >= 1.1)
        target(f"(a) dynamic >= 1.1x busybox httpd, {ACT_NAME[a]} c={c}",
               f"{dy / bb:.2f}x" + p50_ratio("a-1k", c, "cgihandler", "busybox-httpd", a),
               dy / bb >= 1.1)
for w in ("b-sh", "b-c"):
    for a in ("ssa", "tcpserver"):
        for c in (1, 4):
            for b, f in (("cgihandler-static", "floor-musl"), ("cgihandler", "floor")):
                x, y = r_of(w, c, b, a), r_of(w, c, f, a)
                if None in (x, y):
                    continue
                target(f"(b) {w[2:]} {b} >= 0.95x {f}, {ACT_NAME[a]} c={c}",
                       f"{x / y:.2f}x" + p50_ratio(w, c, b, f, a), x / y >= 0.95)
for w, name in (("c-512m", "(c)"), ("d-post64m", "(d)")):
    fl = med((w, 1, "floor", "ssa"), "mbps")
    for b in ("cgihandler", "cgihandler-static"):
        x = med((w, 1, b, "ssa"), "mbps")
        if None not in (x, fl):
            target(f"{name} {b} >= 0.9x floor", f"{x / fl:.2f}x", x / fl >= 0.9)
for b, f in (("cgihandler-static", "floor-musl"),):
    for what, name in (("faults", "page faults"), ("cpu_us", "CPU")):
        x, y = spawn(what, b), spawn(what, f)
        if None not in (x, y) and y:
            target(f"(h) {b} --log none within 10% of {f}'s {name} per request (issue 12)",
                   f"{x / y:.2f}x ({fmt(x, 1)} against {fmt(y, 1)})", x <= 1.1 * y)
rss = extra.get("rss_kib", {}).get("cgihandler-static")
if rss:
    target("(e) static build peak RSS <= 1 MiB", f"{rss} KiB", int(rss) <= 1024)
size = extra.get("size_bytes", {}).get("cgihandler-static")
if size:
    target("(f) static build stripped <= 64 KiB", f"{int(size):,} bytes ({int(size) / 1024:.1f} KiB)",
           int(size) <= 65536)
print()

# The chart: req/s per server under systemd-socket-activate (daemons as they are).
with open(os.path.join(out, "chart.dat"), "w") as f:
    f.write("# server a1k_c1 a1k_c4 cgi_c_c1 cgi_sh_c1\n")
    for s in ORDER:
        a = "resident" if s in ("python-http.server", "lighttpd") else "ssa"
        vals = [r_of("a-1k", 1, s, a), r_of("a-1k", 4, s, a), r_of("b-c", 1, s, a), r_of("b-sh", 1, s, a)]
        if vals[0] is None:
            continue
        f.write(f'"{s}" ' + " ".join("0" if v is None else f"{v:.0f}" for v in vals) + "\n")
with open(os.path.join(out, "chart.gp"), "w") as f:
    f.write(f"""set terminal pngcairo size 1100,520 font "sans,10"
set output "{out}/req-per-s.png"
set title "req/s, a new connection per request ({machine.get('date')}, {machine.get('mode')} run; spawned servers under systemd-socket-activate --inetd)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "requests per second (median of rounds, log scale)"
set logscale y
set xtics rotate by -25 scale 0
set key top right
set grid ytics
set yrange [50:*]
plot "{out}/chart.dat" using 2:xtic(1) title "1 KiB file, c=1", \\
     "" using 3 title "1 KiB file, c=4", \\
     "" using 4 title "CGI hello (C), c=1", \\
     "" using 5 title "CGI hello (sh), c=1"
""")
