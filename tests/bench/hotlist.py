#!/usr/bin/env python3
"""hotlist.py MAP CALLGRIND-OUT...: the input sections of the code the
profiles (callgrind --dump-instr=yes) ran, found in the link map (ld -Map),
as lib/hot.ld's input-section descriptions. Called by hotlist.sh."""
import re
import sys


def sections(path):
    """(address, size, section, file) of every code input section."""
    out, lines = [], open(path).read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^ (\.text\S*)(?:\s+(0x\S+)\s+(0x\S+)\s+(\S+))?$", lines[i])
        if m:
            name, a, s, f = m.groups()
            if a is None and i + 1 < len(lines):
                i += 1
                m2 = re.match(r"^\s+(0x\S+)\s+(0x\S+)\s+(\S+)", lines[i])
                a, s, f = m2.groups() if m2 else (None, None, None)
            if a and int(s, 16):
                out.append((int(a, 16), int(s, 16), name, f))
        i += 1
    return sorted(out)


def executed(path):
    """Instruction addresses: absolute, or relative to the previous
    position line (callgrind's compression); a calls= line's target is
    not an executed position of this function."""
    last = 0
    for line in open(path):
        if line.startswith("calls="):
            continue
        m = re.match(r"^(0x[0-9a-f]+|[+-][0-9]+|\*)\s", line)
        if m:
            t = m.group(1)
            last = int(t, 16) if t.startswith("0x") else last if t == "*" else last + int(t)
            yield last


def main():
    secs = sections(sys.argv[1])
    starts = [s[0] for s in secs]
    import bisect
    hot = set()
    for prof in sys.argv[2:]:
        for a in executed(prof):
            k = bisect.bisect_right(starts, a) - 1
            if k >= 0 and a < secs[k][0] + secs[k][1]:
                hot.add(secs[k])
    files, names = [], []
    # the process ends in these, so callgrind does not see them run; a
    # script's signal mask is emptied when the activator left one blocked,
    # which the profile's run under valgrind may not show; and valgrind
    # has no openat2 (ENOSYS), so the profile takes the fallback instead;
    # a request not there yet when we start is waited for (poll), and a
    # type named early in mime.types maps the table (mmap)
    names += [".text._Exit", ".text.execve", ".text.sigemptyset", ".text.sigprocmask",
              ".text.pthread_sigmask", ".text.open_how_beneath", ".text.poll",
              ".text.__mmap"]
    for a, s, n, f in sorted(hot):
        if re.search(r"crt1\.o$", f):
            d = "*crt1.o(.text .text.*)"
        elif re.search(r"crtbegin\w*\.o$", f):
            d = "*crtbegin*.o(.text .text.*)"
        elif n == ".text":
            d = "*libc.a:%s(.text)" % re.search(r"\((.*)\)$", f).group(1)
        else:
            if n not in names:
                names.append(n)
            continue
        if d not in files:
            files.append(d)
    print("\t\t/* %d bytes */" % sum(s for _, s, _, _ in hot))
    for d in files:
        print("\t\t" + d)
    line = "\t\t*("
    for n in names:
        if len(line.expandtabs(8)) + len(n) > 88:
            print(line.rstrip())
            line = "\t\t  "
        line += n + " "
    print(line.rstrip() + ")")


main()
