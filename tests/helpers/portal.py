"""Member branches for portal tests: feeds in every format, and a loopback server that serves
them the way real hosts do (ETag and Last-Modified, 304s), or fails the way real hosts fail.

The server listens on 127.0.0.1 only. A "stall" route holds its request until the test ends
(an event, not a sleep), so the client's own timeout decides how long it waits; "drip" and
"endless" routes keep sending until then. `StubInternet` stands a loopback server in for a
public host, with names resolved as the test says (never by real DNS).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address, ip_address
from pathlib import Path
from socket import EAI_NONAME, gaierror
from xml.sax.saxutils import escape

from branchpress.core.portal.addresses import AddressPolicy, IPAddress
from PIL import Image

LAST_MODIFIED = "Mon, 30 Nov 2026 08:00:00 GMT"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/xml"
    status: int = 200
    stall: bool = False  # answer nothing until the server stops
    conditional: bool = True  # send ETag and Last-Modified, answer 304 to a matching request
    chunked: bool = False  # no Content-Length: the size is known only by reading
    gzip: bool = False
    location: str | None = None  # a Location header (with a 3xx status: a redirect)
    drip: float = 0  # seconds between bytes of the whole answer, status line and headers included
    endless: bool = False  # a chunked body that goes on until the server stops


@dataclass
class Served:
    """What the server saw and answered, for assertions."""

    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Served] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # the Host header of every request
    port: int = 0
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answers(self, path: str) -> list[int]:
        return [s.status for s in self.log if s.path == path]


@contextmanager
def feed_server(tls: ssl.SSLContext | None = None) -> Iterator[FeedServer]:
    """The loopback server; with `tls` (see `tls_context`), it speaks HTTPS."""
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle's algorithm the body would wait for
        # the client's delayed ACK (40 ms a response), as no real web server makes anyone wait.
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            state.hosts.append(self.headers.get("Host", ""))
            route = state.routes.get(self.path)
            if route is None:
                state.log.append(Served(self.path, 404, None, None))
                return self._answer(404, b"not found", "text/plain", {})
            if route.stall:
                state.log.append(Served(self.path, 0, None, None))
                state.release.wait()
                return
            if route.drip:
                state.log.append(Served(self.path, route.status, None, None))
                return self._drip(route)
            if route.endless:
                state.log.append(Served(self.path, route.status, None, None))
                return self._endless(route)
            etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED} if route.conditional else {}
            asked_etag = self.headers.get("If-None-Match")
            asked_since = self.headers.get("If-Modified-Since")
            if (
                route.conditional
                and route.status == 200
                and (asked_etag == etag or asked_since == LAST_MODIFIED)
            ):
                state.log.append(Served(self.path, 304, asked_etag, asked_since))
                return self._answer(304, b"", route.content_type, headers)
            state.log.append(Served(self.path, route.status, asked_etag, asked_since))
            body = gzip.compress(route.body) if route.gzip else route.body
            if route.gzip:
                headers["Content-Encoding"] = "gzip"
            if route.location:
                headers["Location"] = route.location
            self._answer(route.status, body, route.content_type, headers, route.chunked)

        def _drip(self, route: Route) -> None:
            answer = (
                f"HTTP/1.1 {route.status} OK\r\nContent-Type: {route.content_type}\r\n"
                f"X-Padding: {'x' * 4000}\r\nContent-Length: {len(route.body)}\r\n\r\n"
            ).encode() + route.body
            for offset in range(len(answer)):
                if state.release.wait(route.drip):
                    return
                try:
                    self.wfile.write(answer[offset : offset + 1])
                except OSError:
                    return  # the client gave up, as it should

        def _endless(self, route: Route) -> None:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            piece = b"<!-- " + b"x" * 200 + b" -->"
            while not state.release.wait(0.02):
                try:
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                except OSError:
                    return

        def _answer(self, status, body, content_type, headers, chunked=False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(body), 65536):
                    piece = body[start : start + 65536]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # a client that hangs up on an oversized body is what the tests want

    server = Server(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class StubInternet(AddressPolicy):
    """The public internet of a test: `names` resolve as given (nothing else does: no real DNS),
    `later` is what a name answers from its second lookup on (DNS rebinding), and `public`
    addresses (the test's loopback server) count as public; the portal's own rule judges every
    other address. `lookups` lists the names looked up, in order."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    later: dict[str, tuple[str, ...]] = field(default_factory=dict)
    public: frozenset[IPAddress] = frozenset({IPv4Address("127.0.0.1")})
    lookups: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "resolve", self._resolve)

    def _resolve(self, host: str, port: int) -> list[IPAddress]:
        again = host in self.lookups
        self.lookups.append(host)
        if again and host in self.later:
            return [ip_address(a) for a in self.later[host]]
        if host in self.names:
            return [ip_address(a) for a in self.names[host]]
        try:
            return [ip_address(host)]
        except ValueError:
            raise gaierror(EAI_NONAME, f"{host} is not a name of this test") from None

    def refusal(self, address: IPAddress) -> str | None:
        return None if address in self.public else super().refusal(address)


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    link: str
    date: datetime
    summary: str = ""
    content: str = ""
    image: str | None = None


def item(n: int, base: str, days_ago: float = 0, now: datetime | None = None, **extra) -> Item:
    """The n-th item of a member whose site is `base`, `days_ago` days before `now`."""
    now = now or datetime(2025, 12, 1, 12, tzinfo=UTC)
    return Item(
        id=f"{base}activities/{n}/",
        title=f"第{n}次支部活动",
        link=f"{base}activities/{n}/",
        date=now - timedelta(days=days_ago),
        summary=f"第{n}次活动的摘要。",
        **extra,
    )


def rss(items: list[Item], title: str = "成员支部") -> bytes:
    entries = []
    for i in items:
        image = f'<enclosure url="{escape(i.image)}" length="1" type="image/jpeg"/>' if i.image else ""
        content = f"<content:encoded>{escape(i.content)}</content:encoded>" if i.content else ""
        entries.append(
            f"<item><title>{escape(i.title)}</title><link>{escape(i.link)}</link>"
            f'<guid isPermaLink="false">{escape(i.id)}</guid><pubDate>{format_datetime(i.date)}</pubDate>'
            f"<description>{escape(i.summary)}</description>{content}{image}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>https://example.org/</link><description>d</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def atom(items: list[Item], title: str = "成员支部") -> bytes:
    entries = []
    for i in items:
        image = f'<link rel="enclosure" type="image/jpeg" href="{escape(i.image)}"/>' if i.image else ""
        content = f'<content type="html">{escape(i.content)}</content>' if i.content else ""
        entries.append(
            f"<entry><title>{escape(i.title)}</title><id>{escape(i.id)}</id>"
            f'<link rel="alternate" href="{escape(i.link)}"/>{image}'
            f"<published>{i.date.isoformat()}</published><updated>{i.date.isoformat()}</updated>"
            f"<summary>{escape(i.summary)}</summary>{content}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:x</id><updated>2025-11-30T00:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def json_feed(items: list[Item], title: str = "成员支部") -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": [
            {
                "id": i.id,
                "url": i.link,
                "title": i.title,
                "summary": i.summary,
                "content_html": i.content or f"<p>{i.summary}</p>",
                "date_published": i.date.isoformat(),
                **({"image": i.image} if i.image else {}),
            }
            for i in items
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def jpeg(colour: tuple[int, int, int] = (200, 30, 40), size: tuple[int, int] = (640, 360)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=80)
    return out.getvalue()


def tls_context(folder: Path, name: str) -> tuple[ssl.SSLContext, Path]:
    """A server context with a certificate for `name`, and the file of the authority that
    signed it (for SSL_CERT_FILE): HTTPS on loopback, verified as a real host would be.
    cryptography comes with moto[server], a test dependency."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    start = datetime.now(UTC) - timedelta(days=1)

    def certificate(subject: str, key, issuer: str, signer, authority: bool, names=()):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=3))
            .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
        )
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
        return builder.sign(signer, hashes.SHA256())

    authority_key, server_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    authority = certificate("测试根证书", authority_key, "测试根证书", authority_key, True)
    leaf = certificate(name, server_key, "测试根证书", authority_key, False, [x509.DNSName(name)])
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(authority.public_bytes(pem))
    (folder / "server.pem").write_bytes(
        leaf.public_bytes(pem)
        + server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem")
    return context, folder / "ca.pem"
