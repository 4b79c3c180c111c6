"""Which hosts a link checker must never request: loopback, private, link-local and other
non-public addresses (169.254.169.254, the cloud metadata service, included).

A pull request must not make CI probe its own network: the checker refuses such addresses
whether they are written as IP literals or are names that resolve to them, unless the host is
listed in `[links] allow-hosts`.
"""
from __future__ import annotations

import functools
import ipaddress

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return _legacy_ipv4(host)


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Forms browsers and resolvers still accept: `2130706433`, `0x7f.1`, `127.1`."""
    parts = host.split(".")
    if not host or len(parts) > 4 or not all(parts):
        return None
    try:
        numbers = [int(p, 0) if not (len(p) > 1 and p.startswith("0") and p[1] not in "xX")
                   else int(p, 8) for p in parts]
    except ValueError:
        return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (5 - len(numbers)) + last
    try:
        return ipaddress.IPv4Address(value)
    except ValueError:
        return None


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """False for loopback, private, link-local, shared, reserved, multicast, unspecified."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public(mapped)
    return address.is_global and not address.is_multicast


@functools.lru_cache(maxsize=4096)  # a site links to the same few hosts thousands of times
def local_host_reason(host: str) -> str | None:
    """Why a host as written is not public (None when it may be public: resolve to know)."""
    host = host.lower().rstrip(".")
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return "the local machine"
    address = parse_ip(host)
    if address is None:
        return None
    return None if is_public(address) else kind_of(address)


def describe(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return f"{address} ({kind_of(address)})"


def kind_of(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        kind = "a loopback address"
    elif address.is_link_local:
        kind = "a link-local address"
    elif address.is_private:
        kind = "a private address"
    else:
        kind = "not a public address"
    return kind


def host_allowed(host: str, allow_hosts: list[str] | tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".").strip("[]")
    return any(host == allowed.lower().rstrip(".").strip("[]") for allowed in allow_hosts)
