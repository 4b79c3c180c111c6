"""A fault-injecting HTTP server on 127.0.0.1 for the external link checker's tests.

Paths:
    /ok               200
    /missing          404
    /gone             410
    /error            500 every time
    /chain/N          301 to /chain/N-1, /chain/0 is 200
    /loop/a, /loop/b  302 to each other
    /limited/KEY      429 with Retry-After: 1 the first time (per KEY), then 200
    /always-limited   429 with Retry-After: 1 every time
    /bots             403 unless the User-Agent looks like a browser
    /hang             never answers (sleeps far longer than the tests' timeout)
    /no-head          405 to HEAD, 200 to GET
    /slow/KEY         200 after 0.1 s; counts /slow/ requests in flight (`max_in_flight`)
    /temporary        302 to /ok
    /to-metadata      302 to http://169.254.169.254/latest/meta-data/
Every request is recorded in `requests` as (method, path, user agent).
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FaultServer:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str]] = []
        self.times: list[tuple[str, float]] = []  # (path, monotonic time) of every request
        self.in_flight = 0
        self.max_in_flight = 0
        self.limited_seen: set[str] = set()
        self.lock = threading.Lock()
        self.stop_hanging = threading.Event()
        handler = type("Handler", (_Handler,), {"fault": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str, method: str | None = None) -> int:
        with self.lock:
            return sum(1 for m, p, _ in self.requests if p == path and (method is None or m == method))

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.times.clear()
            self.max_in_flight = 0

    def __enter__(self) -> "FaultServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_hanging.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    fault: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _answer(self, method: str) -> None:
        fault = self.fault
        path = self.path
        agent = self.headers.get("User-Agent", "")
        with fault.lock:
            fault.requests.append((method, path, agent))
            fault.times.append((path, time.monotonic()))
        if not path.startswith("/slow/"):
            self._route(method, path, agent)
            return
        with fault.lock:
            fault.in_flight += 1
            fault.max_in_flight = max(fault.max_in_flight, fault.in_flight)
        try:
            self._route(method, path, agent)
        finally:
            with fault.lock:
                fault.in_flight -= 1

    def _route(self, method: str, path: str, agent: str) -> None:
        fault = self.fault
        if path == "/ok":
            self._send(200, body=b"fine")
        elif path == "/missing":
            self._send(404)
        elif path == "/gone":
            self._send(410)
        elif path == "/error":
            self._send(500)
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                self._send(200)
            else:
                self._send(301, {"Location": f"/chain/{n - 1}"})
        elif path == "/loop/a":
            self._send(302, {"Location": "/loop/b"})
        elif path == "/loop/b":
            self._send(302, {"Location": "/loop/a"})
        elif path == "/to-metadata":
            self._send(302, {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/temporary":
            self._send(302, {"Location": "/ok"})
        elif path.startswith("/limited/"):
            with fault.lock:
                first = path not in fault.limited_seen
                fault.limited_seen.add(path)
            if first:
                self._send(429, {"Retry-After": "1"})
            else:
                self._send(200)
        elif path == "/always-limited":
            self._send(429, {"Retry-After": "1"})
        elif path == "/bots":
            if "Mozilla/" in agent:
                self._send(200)
            else:
                self._send(403)
        elif path == "/hang":
            fault.stop_hanging.wait(30)
        elif path == "/no-head":
            if method == "HEAD":
                self._send(405, {"Allow": "GET"})
            else:
                self._send(200, body=b"ok")
        elif path.startswith("/slow/"):
            time.sleep(0.1)
            self._send(200)
        else:
            self._send(404)
