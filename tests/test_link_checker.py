"""The external link checker against a fault-injecting server on 127.0.0.1 (no internet).

The server is reached through `allow-hosts`; every other local address must never be
requested. Timeouts, retries and backoff are shortened so the whole module runs in seconds.
"""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from fault_server import FaultServer
from postlint.links.checker import CheckerSettings, check_urls
from postlint.links.result import BROKEN, INCONCLUSIVE, OK


@pytest.fixture(scope="module")
def server():
    with FaultServer() as fault:
        yield fault


def settings(**overrides) -> CheckerSettings:
    values = dict(timeout=0.5, retries=1, backoff=0.05, spacing=0.0, allow_hosts=("127.0.0.1",),
                  cache_path=None, max_redirects=5)
    values.update(overrides)
    return CheckerSettings(**values)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_fault_is_classified(server: FaultServer):
    server.reset()
    refused = f"http://127.0.0.1:{free_port()}/x"
    urls = {path: server.url(path) for path in (
        "/ok", "/missing", "/gone", "/error", "/chain/3", "/loop/a", "/limited/a",
        "/always-limited", "/bots", "/hang", "/no-head", "/temporary", "/chain/9")}
    started = time.monotonic()
    results = check_urls([*urls.values(), refused], settings())
    elapsed = time.monotonic() - started

    def got(path):
        r = results[urls[path]]
        return r.outcome, r.status, r.detail

    assert got("/ok") == (OK, 200, "200 OK")
    assert got("/missing") == (BROKEN, 404, "404 Not Found")
    assert got("/gone") == (BROKEN, 410, "410 Gone")
    assert got("/error") == (BROKEN, 500, "500 Internal Server Error")
    assert results[urls["/chain/3"]].outcome == OK
    assert results[urls["/chain/3"]].moved_to == server.url("/chain/0")
    assert got("/loop/a")[0] == BROKEN and "redirect loop" in got("/loop/a")[2]
    assert got("/limited/a") == (OK, 200, "200 OK")
    assert got("/always-limited")[:2] == (INCONCLUSIVE, 429)
    assert got("/bots")[:2] == (INCONCLUSIVE, 403)
    assert got("/hang") == (INCONCLUSIVE, None, "no answer within 0.5 s")
    assert got("/no-head") == (OK, 200, "200 OK")
    assert results[urls["/temporary"]].outcome == OK and results[urls["/temporary"]].moved_to is None
    assert got("/chain/9") == (BROKEN, None, "too many redirects (more than 5)")
    assert results[refused].outcome == BROKEN and results[refused].detail == "connection refused"
    # HEAD first, GET when HEAD is refused; 5xx retried (retries=1), 404 asked with GET once
    assert server.count("/no-head", "HEAD") == 1 and server.count("/no-head", "GET") == 1
    assert server.count("/error", "HEAD") == 2 and server.count("/error", "GET") == 2
    assert server.count("/missing") == 2
    assert server.count("/ok") == 2  # once itself, once as the end of /temporary
    # the User-Agent names postlint
    assert all(agent.startswith("postlint/") for _, _, agent in server.requests)
    assert elapsed < 10


def test_retry_after_is_honoured(server: FaultServer):
    server.reset()
    result = check_urls([server.url("/limited/b")], settings())[server.url("/limited/b")]
    assert result.outcome == OK
    first, second = [t for path, t in server.times if path == "/limited/b"]
    assert second - first >= 0.9  # Retry-After: 1


def test_a_long_retry_after_is_not_waited_for(server: FaultServer):
    server.reset()
    started = time.monotonic()
    result = check_urls([server.url("/always-limited")],
                        settings(max_retry_wait=0.5))[server.url("/always-limited")]
    assert result.outcome == INCONCLUSIVE and time.monotonic() - started < 0.9
    assert server.count("/always-limited") == 1


def test_per_host_concurrency_is_never_exceeded(server: FaultServer):
    server.reset()
    urls = [server.url(f"/slow/{i}") for i in range(12)]
    results = check_urls(urls, settings(per_host=3, concurrency=32))
    assert all(r.outcome == OK for r in results.values())
    assert server.max_in_flight == 3


def test_global_concurrency_is_never_exceeded(server: FaultServer):
    server.reset()
    urls = [server.url(f"/slow/g{i}") for i in range(8)]
    check_urls(urls, settings(per_host=8, concurrency=2))
    assert server.max_in_flight == 2


def test_requests_to_one_host_are_spaced(server: FaultServer):
    server.reset()
    urls = [server.url(f"/slow/s{i}") for i in range(4)]
    check_urls(urls, settings(per_host=4, spacing=0.15))
    starts = sorted(t for _, t in server.times)
    assert all(b - a >= 0.14 for a, b in zip(starts, starts[1:]))


def test_each_url_is_requested_once(server: FaultServer):
    server.reset()
    url = server.url("/ok")
    results = check_urls([url, url + "#a", url + "#b", url], settings())
    assert {r.outcome for r in results.values()} == {OK} and len(results) == 3
    assert server.count("/ok") == 1


def test_cache_keeps_successes_only(server: FaultServer, tmp_path: Path):
    server.reset()
    cache = tmp_path / ".postlint_cache" / "links.sqlite"
    urls = [server.url("/ok"), server.url("/missing"), server.url("/bots"), server.url("/chain/1")]
    first = check_urls(urls, settings(cache_path=cache))
    assert cache.is_file()
    server.reset()
    second = check_urls(urls, settings(cache_path=cache))
    assert first == second
    assert server.count("/ok") == 0 and server.count("/chain/1") == 0  # from the cache
    assert server.count("/missing") > 0 and server.count("/bots") > 0  # asked again
    assert second[server.url("/chain/1")].moved_to == server.url("/chain/0")
    server.reset()
    check_urls(urls, settings(cache_path=cache, cache_ttl=0))
    assert server.count("/ok") == 1  # expired


def test_excluded_urls_are_not_requested(server: FaultServer):
    server.reset()
    results = check_urls([server.url("/ok"), server.url("/missing")],
                         settings(exclude=(__import__("re").compile("/missing$"),)))
    assert list(results) == [server.url("/ok")] and server.count("/missing") == 0


def test_accept_makes_a_status_fine(server: FaultServer):
    server.reset()
    result = check_urls([server.url("/gone")], settings(accept=frozenset({200, 410})))
    assert result[server.url("/gone")].outcome == OK


# ---------------------------------------------------------------------------- never local
class _Connections:
    def __init__(self, monkeypatch):
        self.attempts: list = []
        real = socket.socket.connect

        def connect(sock, address):
            self.attempts.append(address)
            return real(sock, address)

        monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/ok", "http://localhost:{port}/ok", "http://[::1]:{port}/ok",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
    "http://2130706433:{port}/ok", "http://0x7f.1:{port}/ok", "http://[::ffff:127.0.0.1]:{port}/ok",
])
def test_local_and_private_addresses_are_never_requested(server: FaultServer, url: str,
                                                         monkeypatch):
    server.reset()
    connections = _Connections(monkeypatch)
    url = url.format(port=server.port)
    result = check_urls([url], settings(allow_hosts=()))[url]
    assert result.outcome == INCONCLUSIVE and result.detail.startswith("not requested")
    assert server.requests == [] and connections.attempts == []


def test_names_that_resolve_to_local_addresses_are_never_requested(server: FaultServer,
                                                                   monkeypatch):
    server.reset()
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        if host == "intranet.example.com":
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    connections = _Connections(monkeypatch)
    url = f"http://intranet.example.com:{server.port}/ok"
    result = check_urls([url], settings(allow_hosts=()))[url]
    assert result.outcome == INCONCLUSIVE and "127.0.0.1 (a loopback address)" in result.detail
    assert server.requests == [] and connections.attempts == []


def test_a_redirect_to_a_private_address_is_not_followed(server: FaultServer, monkeypatch):
    server.reset()
    connections = _Connections(monkeypatch)
    url = server.url("/to-metadata")
    result = check_urls([url], settings())[url]
    assert result.outcome == INCONCLUSIVE and "169.254.169.254" in result.detail
    assert all(address[0] == "127.0.0.1" for address in connections.attempts)


def test_an_offline_machine_makes_dns_failures_inconclusive(monkeypatch):
    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    urls = ["https://a.example.org/x", "https://b.example.net/y"]
    results = check_urls(urls, settings())
    assert {r.outcome for r in results.values()} == {INCONCLUSIVE}
    assert "network" in results[urls[0]].detail


def test_an_unknown_host_is_broken_when_others_resolve(server: FaultServer, monkeypatch):
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        if host == "known.example.org":
            host = "127.0.0.1"
        if host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    gone = "https://gone.invalid/x"
    results = check_urls([f"http://known.example.org:{server.port}/ok", gone,
                          "https://also-gone.invalid/"], settings(allow_hosts=("known.example.org",)))
    assert results[gone].outcome == BROKEN and results[gone].detail == "DNS lookup failed: no host `gone.invalid`"


class _Terminal:
    def __init__(self, tty: bool):
        self.tty = tty
        self.text = ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(server: FaultServer, tty: bool):
    stream = _Terminal(tty)
    check_urls([server.url(f"/slow/p{i}") for i in range(12)], settings(per_host=12), stream)
    if tty:
        assert "links checked:" in stream.text and "/12 [" in stream.text
        assert stream.text.endswith("\r")  # the bar clears its line when done
    else:
        assert stream.text == ""
