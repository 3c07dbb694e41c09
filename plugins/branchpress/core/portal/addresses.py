"""Which addresses the portal may connect to: public ones, unless the portal is on an intranet.

A member's feed or image URL is chosen by the member, so a build machine that fetched
whatever it is given could be turned inward: at 127.0.0.1, 169.254.169.254 (a cloud's
metadata service), 10.x or 192.168.x (an intranet's admin pages). The rule is written out
here range by range instead of trusting `ipaddress.is_global`, which (Python 3.11) calls
multicast, 192.88.99.0/24, fec0::/10, 3fff::/20 and IPv4 addresses inside IPv6 forms
(::127.0.0.1, 64:ff9b::7f00:1, 2002:7f00:1::) "global".

Names are resolved here, once, and the socket connects to the very address that was
checked (fetch.py), so a name that answers differently a second time (DNS rebinding)
cannot slip past the check.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

IPAddress = IPv4Address | IPv6Address
# (host, port) -> every address the name stands for; tests inject their own.
Resolve = Callable[[str, int], Sequence[IPAddress]]

PRIVATE = "私有网络地址"
LOOPBACK = "本机回环地址"
LINK_LOCAL = "链路本地地址"
DOCUMENTATION = "文档示例专用地址"
RESERVED = "保留地址"
MULTICAST = "组播地址"

_IPV4 = tuple(
    (IPv4Network(network), label)
    for network, label in (
        ("0.0.0.0/8", "“本网络”保留地址"),
        ("10.0.0.0/8", PRIVATE),
        ("100.64.0.0/10", "运营商级 NAT（CGNAT）地址"),
        ("127.0.0.0/8", LOOPBACK),
        ("169.254.0.0/16", LINK_LOCAL),
        ("172.16.0.0/12", PRIVATE),
        ("192.0.0.0/24", "IETF 协议保留地址"),
        ("192.0.2.0/24", DOCUMENTATION),
        ("192.88.99.0/24", "6to4 中继保留地址"),
        ("192.168.0.0/16", PRIVATE),
        ("198.18.0.0/15", "网络测试保留地址"),
        ("198.51.100.0/24", DOCUMENTATION),
        ("203.0.113.0/24", DOCUMENTATION),
        ("224.0.0.0/4", MULTICAST),
        ("240.0.0.0/4", RESERVED),  # 255.255.255.255, broadcast, included
    )
)
_IPV6 = tuple(
    (IPv6Network(network), label)
    for network, label in (
        ("::/128", "未指定地址"),
        ("::1/128", LOOPBACK),
        ("::/96", "已废弃的 IPv4 兼容地址"),
        ("64:ff9b:1::/48", PRIVATE),  # NAT64 for local use
        ("100::/64", RESERVED),  # discard-only
        ("2001:2::/48", "网络测试保留地址"),
        ("2001:10::/28", RESERVED),  # ORCHID
        ("2001:20::/28", RESERVED),  # ORCHIDv2
        ("2001:db8::/32", DOCUMENTATION),
        ("3fff::/20", DOCUMENTATION),
        ("fc00::/7", PRIVATE),  # unique local addresses
        ("fe80::/10", LINK_LOCAL),
        ("fec0::/10", "已废弃的站点本地地址"),
        ("ff00::/8", MULTICAST),
    )
)
# Everything else outside global unicast (2000::/3) is reserved; NAT64 is handled before.
_GLOBAL_UNICAST = IPv6Network("2000::/3")
_MAPPED = IPv6Network("::ffff:0:0/96")
_NAT64 = IPv6Network("64:ff9b::/96")


def refusal(address: IPAddress) -> str | None:
    """Why the portal must not connect to `address` (a Chinese label), or None when it is public.

    IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4
    2002::/16, Teredo 2001::/32) are judged by the IPv4 addresses inside them."""
    if isinstance(address, IPv4Address):
        return next((label for network, label in _IPV4 if address in network), None)
    address = IPv6Address(int(address))  # without a scope id (fe80::1%eth0)
    embedded = _embedded_ipv4(address)
    if embedded:
        return next((reason for reason in map(refusal, embedded) if reason), None)
    for network, label in _IPV6:
        if address in network:
            return label
    return None if address in _GLOBAL_UNICAST else RESERVED


def _embedded_ipv4(address: IPv6Address) -> tuple[IPv4Address, ...]:
    if address in _MAPPED:
        return (address.ipv4_mapped,)
    if address in _NAT64:
        return (IPv4Address(int(address) & 0xFFFFFFFF),)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo  # (server, client)
    return ()


def shown(address: IPAddress) -> str:
    """The address as people write it: ::ffff:127.0.0.1, where Python 3.11 says ::ffff:7f00:1."""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for `host`, in its order, each once.

    Raises `socket.gaierror` when the name cannot be resolved."""
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


class Refused(Exception):
    """A host the portal does not connect to; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class AddressPolicy:
    """Where the portal may connect: public addresses only, or anywhere on an intranet portal."""

    allow_private_networks: bool = False
    resolve: Resolve = field(default=resolve_host)

    def refusal(self, address: IPAddress) -> str | None:
        return None if self.allow_private_networks else refusal(address)

    def addresses(self, host: str, port: int) -> list[IPAddress]:
        """The addresses to connect to for `host`, every one checked; `Refused` if any is not
        allowed (a name that mixes public and private answers is not trusted with either);
        `socket.gaierror` (an OSError) when the name does not resolve."""
        found = list(self.resolve(host, port))
        if not found:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
        for address in found:
            reason = self.refusal(address)
            if reason is None:
                continue
            where = shown(address) if _is_literal(host) else f"{host} 解析到的 {shown(address)}"
            raise Refused(
                f"{where} 是{reason}，门户只访问公网地址"
                "；门户架在内网上时，可在 mkdocs.yml 的 branchpress/portal 下写 allow_private_networks: true"
            )
        return found


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True
