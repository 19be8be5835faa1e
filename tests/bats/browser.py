#!/usr/bin/env python3
"""browser.py: drives headless Chromium through chromedriver's W3C WebDriver
HTTP API (urllib only, nothing downloaded) through the demo site.

    browser.py --driver PORT --base URL STEP...

chromedriver already listens on 127.0.0.1:PORT (the caller started it and
stops it by PID); this opens one session, runs the steps in order, prints
one line per finding, and always ends the session (which stops Chromium).
Steps:
  pages             the index and every page it links to: each loads with
                    status < 400, every image and stylesheet loaded, and
                    no console message of level SEVERE
  upload=FILE       the demo's upload form with FILE: prints "upload SHA256"
                    as the result page shows it
  prg               the POST/redirect/GET form: prints "prg URL TEXT" of the
                    page it lands on
  shot=PATH         a PNG screenshot of the current page
Exits 1 when a page check fails, 2 on a WebDriver error.
"""
import argparse
import base64
import json
import sys
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
# Every wait is bounded: a page that never comes fails the test, not the run.
HTTP_TIMEOUT = 60
WAIT_SECONDS = 20

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=800,600",
]


class Driver:
    def __init__(self, port):
        self.root = "http://127.0.0.1:%d" % port
        self.session = None

    def call(self, method, path, body=None):
        url = self.root + path
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
                return json.load(resp)["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError("%s %s: %s" % (method, path, e.read()[:500]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def start(self, profile):
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": CHROMIUM_ARGS + ["--user-data-dir=" + profile],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"pageLoad": WAIT_SECONDS * 1000, "script": WAIT_SECONDS * 1000,
                         "implicit": 0},
        }
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = value["sessionId"]

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", "/session/" + self.session)
            finally:
                self.session = None

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def console(self):
        """The browser's console messages since the last call."""
        return self.s("POST", "/se/log", {"type": "browser"})

    def wait_for(self, script, what):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.js(script):
                return
            time.sleep(0.1)
        raise RuntimeError("timed out waiting for " + what)


# What a loaded page says about itself: its own status, every resource's,
# every image and stylesheet. Chromium gives responseStatus per entry.
PAGE_REPORT = """
const nav = performance.getEntriesByType('navigation')[0];
const bad = [];
if (!nav || nav.responseStatus >= 400) bad.push('page status ' + (nav && nav.responseStatus));
for (const r of performance.getEntriesByType('resource'))
    if (r.responseStatus >= 400 || r.responseStatus === 0) bad.push(r.name + ' status ' + r.responseStatus);
for (const img of document.images)
    if (!img.complete || img.naturalWidth === 0) bad.push('image ' + img.src + ' not loaded');
for (const l of document.querySelectorAll('link[rel=stylesheet]')) {
    let rules = -1;
    try { rules = l.sheet ? l.sheet.cssRules.length : -1; } catch (e) {}
    if (rules <= 0) bad.push('stylesheet ' + l.href + ' not loaded');
}
return {status: nav ? nav.responseStatus : 0, bad: bad,
        resources: performance.getEntriesByType('resource').length};
"""


def check_page(d, url):
    d.go(url)
    d.wait_for("return document.readyState === 'complete'", url)
    report = d.js(PAGE_REPORT)
    severe = [m["message"] for m in d.console() if m.get("level") == "SEVERE"]
    ok = not report["bad"] and not severe
    print("page %s %s status=%s resources=%d%s" % (
        "ok" if ok else "FAIL", url, report["status"], report["resources"],
        "".join(" | " + b for b in report["bad"] + ["console: " + m for m in severe])))
    return ok


def pages(d, base):
    ok = check_page(d, base + "/")
    links = d.js("return [...document.links].map(a => a.href)"
                 ".filter(h => h.startsWith(location.origin))")
    for link in links:
        ok = check_page(d, link) and ok
    return ok


def upload(d, base, path):
    d.go(base + "/form.html")
    d.s("POST", "/element/%s/value" % d.find("#upload input[type=file]"), {"text": path})
    d.s("POST", "/element/%s/click" % d.find("#upload button"), {})
    d.wait_for("return document.title === 'Upload received' && document.readyState === 'complete'",
               "the upload's result page")
    sha = d.js("const c = document.querySelector('code.sha256'); return c ? c.textContent : ''")
    severe = [m["message"] for m in d.console() if m.get("level") == "SEVERE"]
    print("upload %s%s" % (sha, "".join(" | console: " + m for m in severe)))
    return not severe


def prg(d, base):
    d.go(base + "/form.html")
    d.s("POST", "/element/%s/click" % d.find("#prg button"), {})
    d.wait_for("return document.title === 'Form received' && document.readyState === 'complete'",
               "the redirect's result page")
    url = d.s("GET", "/url")
    nav = d.js("const n = performance.getEntriesByType('navigation')[0];"
               "return [n.type, n.redirectCount]")
    text = d.js("return document.querySelector('dl').innerText.replace(/\\s+/g, ' ').trim()")
    print("prg %s %s" % (url, text))
    print("prg-navigation %s" % " ".join(str(x) for x in nav))
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", type=int, required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--profile", required=True)
    ap.add_argument("steps", nargs="+")
    args = ap.parse_args()
    d = Driver(args.driver)
    ok = True
    try:
        d.start(args.profile)
        for step in args.steps:
            name, _, arg = step.partition("=")
            if name == "pages":
                ok = pages(d, args.base) and ok
            elif name == "upload":
                ok = upload(d, args.base, arg) and ok
            elif name == "prg":
                ok = prg(d, args.base) and ok
            elif name == "shot":
                with open(arg, "wb") as f:
                    f.write(base64.b64decode(d.s("GET", "/screenshot")))
            else:
                raise RuntimeError("unknown step " + step)
            sys.stdout.flush()
    except (RuntimeError, OSError, KeyError) as e:
        print("webdriver error: %s" % e)
        return 2
    finally:
        try:
            d.quit()
        except (RuntimeError, OSError):
            pass
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
