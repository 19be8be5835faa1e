#!/usr/bin/env python3
"""A bounded load through a balancer, checking every answer.

Sends --requests GETs of --path to 127.0.0.1:--port from --clients threads,
a new connection from 127.0.0.1 each, and checks that each answer is a 200
whose body names the client as the script saw it: "backend=NAME
REMOTE_ADDR=A REMOTE_PORT=P ..." with A = 127.0.0.1 and P = the client's
own port. With --stop-pid PID --stop-at N, sends SIGTERM to PID (a process
the test started) once N answers are in, and counts what follows. Stops by
itself at --deadline seconds. Prints one JSON object.

With --stat SOCKET SERVER FIELD..., prints instead those fields of HAProxy's
"show stat" for one server, on one line (nothing when HAProxy is not there).
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time


def read_all(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk


def stat(sock, server, fields):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(2)
        s.connect(sock)
        s.sendall(b"show stat\n")
        lines = read_all(s).decode().splitlines()
    except OSError:
        return
    names = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        row = dict(zip(names, line.split(",")))
        if row.get("svname") == server:
            print(" ".join(row.get(f, "") for f in fields))


def one(port, path, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.bind(("127.0.0.1", 0))
        s.connect(("127.0.0.1", port))
        me = s.getsockname()[1]
        s.sendall(b"GET " + path.encode() + b" HTTP/1.0\r\nHost: www.example\r\n\r\n")
        data = read_all(s)
    except OSError as e:
        return None, "error: %s" % e
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b"\r\n")[0].decode("latin-1")
    if " 200 " not in status + " ":
        return None, "status: " + status
    fields = dict(f.split("=", 1) for f in body.decode().split() if "=" in f)
    if fields.get("REMOTE_ADDR") != "127.0.0.1" or fields.get("REMOTE_PORT") != str(me):
        return None, "client named wrongly: %s (port %d)" % (body.decode().strip(), me)
    return fields.get("backend"), None


def main():
    if sys.argv[1:2] == ["--stat"]:
        stat(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--path", default="/cgi-bin/who.sh")
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--stop-pid", type=int, default=0)
    p.add_argument("--stop-at", type=int, default=0)
    p.add_argument("--deadline", type=float, default=120)
    a = p.parse_args()

    lock = threading.Lock()
    st = {"sent": 0, "ok": 0, "failed": 0, "backends": {}, "after_stop": {},
          "failures": [], "stopped_at": None}
    end = time.monotonic() + a.deadline

    def worker():
        while time.monotonic() < end:
            with lock:
                if st["sent"] >= a.requests:
                    return
                st["sent"] += 1
            backend, err = one(a.port, a.path, 10)
            with lock:
                if err:
                    st["failed"] += 1
                    if len(st["failures"]) < 10:
                        st["failures"].append(err)
                    continue
                st["ok"] += 1
                st["backends"][backend] = st["backends"].get(backend, 0) + 1
                if st["stopped_at"] is not None:
                    st["after_stop"][backend] = st["after_stop"].get(backend, 0) + 1
                elif a.stop_pid and st["ok"] >= a.stop_at:
                    os.kill(a.stop_pid, signal.SIGTERM)
                    st["stopped_at"] = st["ok"]

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    st["secs"] = round(time.monotonic() - t0, 2)
    st["rps"] = round(st["ok"] / st["secs"], 1) if st["secs"] else 0
    print(json.dumps(st, sort_keys=True))


if __name__ == "__main__":
    main()
