"""The external link checker: asyncio + aiohttp, each URL once, polite to every host.

- every URL is requested once however many posts use it (fragments are not sent);
- at most `concurrency` requests in flight in all, `per-host` to one host, and at least
  `request-spacing` seconds between two request starts to the same host;
- HEAD first, GET when HEAD is refused or fails; redirects are followed by hand (at most
  `max-redirects`) so that every hop is checked against the address rules and a permanent
  redirect is noticed (PL409);
- 429 and 5xx are retried with backoff, honouring `Retry-After` (a host that asks for more
  than `MAX_RETRY_WAIT` seconds is reported inconclusive); timeouts and dropped
  connections are retried too;
- never a loopback, private or link-local address (names that resolve to one included: the
  connector's resolver refuses them too) unless the host is in `allow-hosts`;
- successes are cached on disk with a time-to-live; failures and inconclusive results never.
"""
from __future__ import annotations

import asyncio
import email.utils
import re
import socket
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Iterable, TextIO
from urllib.parse import urljoin, urlsplit, urlunsplit

from postlint import __version__
from postlint.links.addresses import describe, host_allowed, is_public, local_host_reason, parse_ip
from postlint.links.cache import LinkCache, parse_duration
from postlint.links.result import BROKEN, INCONCLUSIVE, OK, LinkResult
from postlint.progress import progress_bar

USER_AGENT = f"postlint/{__version__} (link checker; +https://pypi.org/project/postlint/)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: statuses that say "not to you" rather than "not here"
REFUSED_TO_BOTS = frozenset({401, 403, 999})
#: a Retry-After longer than this is not waited for: the link is reported inconclusive
MAX_RETRY_WAIT = 30.0
BACKOFF = 0.5


@dataclass
class CheckerSettings:
    timeout: float = 10.0
    concurrency: int = 32
    per_host: int = 4
    spacing: float = 0.1  # seconds between two request starts to one host
    retries: int = 2
    max_redirects: int = 10
    accept: frozenset[int] = frozenset({200, 204, 206})
    allow_hosts: tuple[str, ...] = ()
    exclude: tuple[re.Pattern, ...] = ()
    user_agent: str = USER_AGENT
    cache_path: Path | None = None  # None: no cache
    cache_ttl: float = 7 * 86400
    max_retry_wait: float = MAX_RETRY_WAIT
    backoff: float = BACKOFF

    @classmethod
    def from_config(cls, links: dict[str, Any], base_dir: Path, use_cache: bool = True) -> "CheckerSettings":
        cache = links.get("cache", ".postlint_cache/links.sqlite")
        cache_path = (base_dir / cache) if use_cache and cache else None
        return cls(
            timeout=float(links.get("timeout", 10)),
            concurrency=max(1, int(links.get("concurrency", 32))),
            per_host=max(1, int(links.get("per-host", 4))),
            spacing=float(links.get("request-spacing", 0.1)),
            retries=int(links.get("retries", 2)),
            max_redirects=int(links.get("max-redirects", 10)),
            accept=frozenset(links.get("accept", [200, 204, 206])),
            allow_hosts=tuple(links.get("allow-hosts", ())),
            exclude=tuple(re.compile(p) for p in links.get("exclude", ())),
            user_agent=str(links.get("user-agent", USER_AGENT)),
            cache_path=cache_path,
            cache_ttl=parse_duration(links.get("cache-ttl", "7d")),
        )

    def excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self.exclude)


def request_url(url: str) -> str:
    """The URL as requested: no fragment (it never reaches the server)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def check_urls(urls: Iterable[str], settings: CheckerSettings,
               progress: TextIO | None = None) -> dict[str, LinkResult]:
    """Check every URL (keys of the result: the URLs as given). Blocks until done."""
    wanted: dict[str, list[str]] = {}
    for url in urls:
        if not settings.excluded(url):
            wanted.setdefault(request_url(url), []).append(url)
    cache = LinkCache(settings.cache_path, settings.cache_ttl) if settings.cache_path else None
    by_request: dict[str, LinkResult] = {}
    try:
        if cache is not None:
            by_request.update(cache.get_many(list(wanted)))
        pending = [u for u in wanted if u not in by_request]
        if pending:
            fresh = asyncio.run(_check_all(pending, settings, progress))
            by_request.update(fresh)
            if cache is not None:
                for result in fresh.values():
                    cache.put(result)
    finally:
        if cache is not None:
            cache.close()
    out = {}
    for requested, originals in wanted.items():
        for original in originals:
            out[original] = by_request[requested]
    return out


async def _check_all(urls: list[str], settings: CheckerSettings,
                     progress: TextIO | None) -> dict[str, LinkResult]:
    import aiohttp  # only imported when the network is wanted

    guard = AddressGuard(settings.allow_hosts)
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(guard), limit=settings.concurrency,
                                     limit_per_host=settings.per_host, use_dns_cache=False)
    bar = progress_bar(len(urls), "links checked", "link", progress)
    async with aiohttp.ClientSession(connector=connector, headers={"User-Agent": settings.user_agent},
                                     cookie_jar=aiohttp.DummyCookieJar(), trust_env=False) as session:
        checker = _Checker(session, settings, guard)

        async def one(url: str) -> tuple[str, LinkResult]:
            try:
                result = await checker.check(url)
            except Exception as exc:  # an unexpected client error is inconclusive, not a crash
                result = LinkResult(url, INCONCLUSIVE, f"could not be checked ({type(exc).__name__})")
            bar.update()
            return url, result

        results = dict(await asyncio.gather(*(one(u) for u in urls)))
    bar.close()
    if len(guard.unknown_hosts) >= 2 and not guard.known_hosts:
        # no name resolved at all: the machine is offline, the links are not to blame
        results = {url: _offline(result) for url, result in results.items()}
    return results


def _offline(result: LinkResult) -> LinkResult:
    if not result.detail.startswith("DNS lookup failed"):
        return result
    return LinkResult(result.url, INCONCLUSIVE, "no host name could be resolved in this run "
                      "(is the network down?)")


# ---------------------------------------------------------------------------- addresses
class ForbiddenAddress(OSError):
    """A host that resolves to an address postlint must not request."""


class AddressGuard:
    """Resolves hosts once and refuses non-public addresses unless the host is allowed."""

    def __init__(self, allow_hosts: tuple[str, ...]):
        self.allow_hosts = allow_hosts
        self._lookups: dict[tuple[str, int], asyncio.Future] = {}
        self.known_hosts: set[str] = set()  # names that resolved
        self.unknown_hosts: set[str] = set()  # names that did not

    def literal_reason(self, host: str) -> str | None:
        if host_allowed(host, self.allow_hosts):
            return None
        return local_host_reason(host)

    async def resolve(self, host: str, port: int, family: int = socket.AF_UNSPEC) -> list[tuple]:
        """The host's addresses (one lookup per host and port, shared by concurrent callers);
        raises ForbiddenAddress for a non-public one, socket.gaierror when it has none."""
        key = (host.lower(), port)
        if key not in self._lookups:
            self._lookups[key] = asyncio.ensure_future(self._lookup(host, port))
        found = await asyncio.shield(self._lookups[key])
        if isinstance(found, Exception):
            raise found
        infos = [info for info in found if family in (socket.AF_UNSPEC, info[0])] or found
        if not host_allowed(host, self.allow_hosts):
            for info in infos:
                address = parse_ip(info[4][0])
                if address is not None and not is_public(address):
                    raise ForbiddenAddress(describe(address))
        return infos

    async def _lookup(self, host: str, port: int) -> list[tuple] | Exception:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            if parse_ip(host) is None:
                self.unknown_hosts.add(host.lower())
            return exc if isinstance(exc, socket.gaierror) else socket.gaierror(str(exc))
        if parse_ip(host) is None:
            self.known_hosts.add(host.lower())
        return infos


def _guarded_resolver_class():
    from aiohttp.abc import AbstractResolver

    class _GuardedResolver(AbstractResolver):
        def __init__(self, guard: AddressGuard):
            self.guard = guard

        async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET):
            infos = await self.guard.resolve(host, port, family)
            return [{"hostname": host, "host": info[4][0], "port": info[4][1], "family": info[0],
                     "proto": info[2], "flags": socket.AI_NUMERICHOST | socket.AI_NUMERICSERV}
                    for info in infos]

        async def close(self) -> None:
            return None

    return _GuardedResolver


def GuardedResolver(guard: AddressGuard):
    """aiohttp's resolver, refusing the addresses the guard refuses (every hop, every retry)."""
    return _guarded_resolver_class()(guard)


# ---------------------------------------------------------------------------- one URL
@dataclass
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    not_before: float = 0.0


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int | None
    location: str | None = None
    retry_after: float | None = None
    error: str | None = None  # "timeout", or a broken-link reason
    broken: bool = False


class _Checker:
    def __init__(self, session, settings: CheckerSettings, guard: AddressGuard):
        self.session = session
        self.settings = settings
        self.guard = guard
        self.slots = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, _Host] = {}

    async def check(self, url: str) -> LinkResult:
        seen = {url}
        current = url
        moved_to = None
        permanent = False
        for _hop in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            if parts.scheme not in ("http", "https") or not host:
                return LinkResult(url, BROKEN, f"redirects to `{current}`, which is not a web address")
            reason = self.guard.literal_reason(host)
            if reason is not None:
                return _not_requested(url, host, reason)
            try:
                await self.guard.resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
            except ForbiddenAddress as exc:
                return _not_requested(url, host, f"resolves to {exc.args[0]}")
            except socket.gaierror:
                return LinkResult(url, BROKEN, f"DNS lookup failed: no host `{host}`")
            answer = await self.fetch(current, host)
            if answer.status in REDIRECTS and answer.location:
                target = urljoin(current, answer.location)
                if answer.status in PERMANENT:
                    permanent = True
                if request_url(target) in seen:
                    return LinkResult(url, BROKEN, f"redirect loop ({answer.status} back to `{target}`)",
                                      answer.status)
                seen.add(request_url(target))
                current = target
                moved_to = target if permanent else moved_to
                continue
            return self.classify(url, answer, current if permanent else None)
        return LinkResult(url, BROKEN, f"too many redirects (more than {self.settings.max_redirects})")

    def classify(self, url: str, answer: _Answer, moved_to: str | None) -> LinkResult:
        status = answer.status
        if status is None:
            if answer.broken:
                return LinkResult(url, BROKEN, answer.error or "request failed")
            return LinkResult(url, INCONCLUSIVE, answer.error or "no answer")
        text = _status_text(status)
        if status in self.settings.accept:
            return LinkResult(url, OK, text, status, moved_to)
        if status == 429:
            tries = self.settings.retries
            return LinkResult(url, INCONCLUSIVE, f"{text} after {tries} "
                              f"{'retry' if tries == 1 else 'retries'} (the host limits request "
                              "rates)", status)
        if status in REFUSED_TO_BOTS:
            return LinkResult(url, INCONCLUSIVE, f"{text} to postlint's requests (the host may "
                              "refuse automated clients)", status)
        if status in REDIRECTS:
            return LinkResult(url, BROKEN, f"{text} without a Location header", status)
        return LinkResult(url, BROKEN, text, status)

    async def fetch(self, url: str, host: str) -> _Answer:
        """HEAD, then GET when HEAD is refused or does not succeed."""
        answer = await self.request("HEAD", url, host)
        if answer.status is not None and answer.status not in REDIRECTS \
                and answer.status not in self.settings.accept and answer.status != 429:
            return await self.request("GET", url, host)
        return answer

    async def request(self, method: str, url: str, host: str) -> _Answer:
        """One request with retries: 429/5xx (Retry-After honoured), timeouts, dropped links."""
        import aiohttp

        answer = _Answer(None, error="not requested")
        for attempt in range(self.settings.retries + 1):
            answer = await self._once(method, url, host, aiohttp)
            retryable = answer.status in RETRY_STATUSES or (answer.status is None and not answer.broken)
            if not retryable or attempt == self.settings.retries:
                return answer
            wait = answer.retry_after if answer.retry_after is not None else \
                self.settings.backoff * (2 ** attempt)
            if wait > self.settings.max_retry_wait:
                return answer
            state = self._host(host)
            state.not_before = max(state.not_before, asyncio.get_running_loop().time() + wait)
        return answer

    async def _once(self, method: str, url: str, host: str, aiohttp) -> _Answer:
        state = self._host(host)
        async with state.slots:
            await self._wait_turn(state)
            async with self.slots:
                try:
                    async with self.session.request(
                            method, url, allow_redirects=False,
                            timeout=aiohttp.ClientTimeout(total=self.settings.timeout)) as response:
                        return _Answer(response.status, response.headers.get("Location"),
                                       _retry_after(response.headers.get("Retry-After")))
                except asyncio.TimeoutError:
                    return _Answer(None, error=f"no answer within {self.settings.timeout:g} s")
                except aiohttp.ClientConnectorCertificateError as exc:
                    return _Answer(None, error=f"TLS certificate error: {_short(exc.certificate_error)}",
                                   broken=True)
                except aiohttp.ClientSSLError as exc:
                    return _Answer(None, error=f"TLS error: {_short(exc)}", broken=True)
                except aiohttp.ClientConnectorError as exc:
                    if isinstance(exc.os_error, ForbiddenAddress):
                        return _Answer(None, error=f"not requested: `{host}` resolves to "
                                       f"{exc.os_error.args[0]}")
                    if isinstance(exc.os_error, ConnectionRefusedError):
                        return _Answer(None, error="connection refused", broken=True)
                    return _Answer(None, error=f"cannot connect: {_short(exc.os_error)}", broken=True)
                except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError,
                        aiohttp.ClientOSError) as exc:
                    return _Answer(None, error=f"connection dropped ({type(exc).__name__})")
                except (aiohttp.InvalidURL, ValueError) as exc:
                    return _Answer(None, error=f"not a valid URL ({_short(exc)})", broken=True)
                except aiohttp.ClientResponseError as exc:
                    return _Answer(None, error=f"invalid HTTP answer: {_short(exc.message)}",
                                   broken=True)

    async def _wait_turn(self, state: _Host) -> None:
        """Request spacing and Retry-After pauses, per host."""
        loop = asyncio.get_running_loop()
        async with state.lock:
            delay = state.not_before - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            state.not_before = loop.time() + self.settings.spacing

    def _host(self, host: str) -> _Host:
        if host not in self.hosts:
            self.hosts[host] = _Host(asyncio.Semaphore(self.settings.per_host))
        return self.hosts[host]


def _not_requested(url: str, host: str, reason: str) -> LinkResult:
    """`reason`: "a private address", "the local machine", "resolves to 10.0.0.1 (...)"."""
    verb = "" if reason.startswith("resolves") else "is "
    return LinkResult(url, INCONCLUSIVE, f"not requested: `{host}` {verb}{reason}; postlint never "
                      "requests local or private addresses unless [links] allow-hosts lists them")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _short(value: object) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else type(value).__name__
    return text[:120]


__all__ = ["CheckerSettings", "check_urls", "request_url", "LinkResult", "OK", "BROKEN",
           "INCONCLUSIVE"]
