#!/usr/bin/env python3
"""A client that reads an answer slowly, through a small receive buffer.

Sends one request, "GET --target HTTP/1.0" and an empty line, then reads the answer in one of three ways:
  --mode never    reads nothing;
  --mode trickle  reads --chunk bytes every --every seconds;
  --mode steady   reads at --rate bytes a second, in --chunk pieces.
It stops at the end of the answer or after --limit seconds, whichever comes
first, and prints "got BYTES eof" or "got BYTES limit". The receive buffer
is set with --rcvbuf before connecting, so the window stays small.
"""
import argparse
import socket
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--mode", choices=["never", "trickle", "steady"], required=True)
    p.add_argument("--rcvbuf", type=int, default=4096)
    p.add_argument("--chunk", type=int, default=256)
    p.add_argument("--every", type=float, default=0.5)
    p.add_argument("--rate", type=int, default=65536)
    p.add_argument("--limit", type=float, default=15.0)
    a = p.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    s.settimeout(a.limit)
    s.connect(("127.0.0.1", a.port))
    s.sendall(b"GET %s HTTP/1.0\r\n\r\n" % a.target.encode("latin-1"))
    start = time.monotonic()
    got, end = 0, "limit"
    while time.monotonic() - start < a.limit:
        if a.mode == "never":
            # peek (consumes nothing) only to see the server's close
            s.settimeout(0.2)
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    end = "eof"
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                end = "eof"
                break
            # a peek of queued bytes returns at once: do not spin
            time.sleep(0.2)
            continue
        s.settimeout(max(0.01, a.limit - (time.monotonic() - start)))
        try:
            b = s.recv(a.chunk)
        except socket.timeout:
            break
        except ConnectionResetError:
            end = "eof"
            break
        if not b:
            end = "eof"
            break
        got += len(b)
        if a.mode == "trickle":
            time.sleep(a.every)
        else:
            # keep the average at --rate from the start
            ahead = got / a.rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    print("got", got, end)


if __name__ == "__main__":
    main()
