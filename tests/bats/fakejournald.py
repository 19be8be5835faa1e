#!/usr/bin/env python3
"""A stand-in for journald's native socket, for tests: binds an AF_UNIX
datagram socket at PATH, parses each datagram of the native protocol
(KEY=VALUE lines, or KEY, a 64-bit little-endian length and binary data)
and appends it to OUT as one JSON object per line. Exits after --timeout
seconds, or after --count entries. With --raw it stands in for syslog's
/dev/log instead: each datagram is appended to OUT as one text line."""
import argparse
import json
import os
import socket
import struct
import time


def parse(data):
    fields = {}
    i = 0
    while i < len(data):
        nl = data.find(b"\n", i)
        if nl < 0:
            raise ValueError("entry does not end in a newline")
        line = data[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            i = nl + 1
        else:
            k = line
            (n,) = struct.unpack("<Q", data[nl + 1:nl + 9])
            v = data[nl + 9:nl + 9 + n]
            i = nl + 9 + n + 1
        fields[k.decode()] = v.decode("utf-8", "backslashreplace")
    return fields


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("out")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--raw", action="store_true")
    a = ap.parse_args()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if os.path.exists(a.path):
        os.unlink(a.path)
    s.bind(a.path)
    os.chmod(a.path, 0o666)  # the handler may log after dropping to nobody
    end = time.monotonic() + a.timeout
    got = 0
    with open(a.out, "a") as out:
        while time.monotonic() < end and (not a.count or got < a.count):
            s.settimeout(max(0.01, end - time.monotonic()))
            try:
                data = s.recv(1 << 20)
            except socket.timeout:
                break
            if a.raw:
                out.write(data.decode("utf-8", "backslashreplace").rstrip("\n") + "\n")
            else:
                out.write(json.dumps(parse(data)) + "\n")
            out.flush()
            got += 1


if __name__ == "__main__":
    main()
