#!/usr/bin/env python3
"""Sends raw bytes (stdin) to a loopback port and prints the answer.

Options: --port N (required), --host ADDR (default 127.0.0.1), --timeout S
(total, default 10), --trickle S (send one byte every S seconds),
--half-close (shut our write side after sending), --split N (send the first
N bytes, pause 0.2 s, then the rest), --no-read (send, then close at once).
Exit status: 0 answered, 3 connection closed with no answer, 4 timeout.
"""
import argparse
import socket
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--trickle", type=float, default=0.0)
    p.add_argument("--half-close", action="store_true")
    p.add_argument("--split", type=int, default=0)
    p.add_argument("--no-read", action="store_true")
    a = p.parse_args()
    data = sys.stdin.buffer.read()
    deadline = time.monotonic() + a.timeout
    fam = socket.AF_INET6 if ":" in a.host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(a.timeout)
    s.connect((a.host, a.port))
    try:
        if a.trickle:
            for i in range(len(data)):
                if time.monotonic() > deadline:
                    break
                s.sendall(data[i:i + 1])
                time.sleep(a.trickle)
        elif a.split:
            s.sendall(data[:a.split])
            time.sleep(0.2)
            s.sendall(data[a.split:])
        else:
            s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    if a.no_read:
        s.close()
        return 0
    if a.half_close:
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    out = b""
    try:
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        else:
            sys.stdout.buffer.write(out)
            return 4
    except socket.timeout:
        sys.stdout.buffer.write(out)
        return 4
    except ConnectionResetError:
        pass
    sys.stdout.buffer.write(out)
    return 0 if out else 3


if __name__ == "__main__":
    sys.exit(main())
