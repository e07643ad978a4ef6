"""Keep the page local: Host and Origin checks, and security headers on every response.

A web page on another site can make the browser send requests to ``127.0.0.1``; DNS
rebinding can even make it read the answers, under the attacker's host name. So every request
must name this server in its Host header (a loopback name, or the address given with
``--host``), requests that change something must not come from another origin, and responses
forbid framing, sniffing, referrers and any resource not served by this server.

>>> host_name("127.0.0.1:8765"), host_name("[::1]:80"), host_name("LocalHost."), host_name("")
('127.0.0.1', '::1', 'localhost', None)
>>> sorted(allowed_hosts("127.0.0.1"))
['127.0.0.1', '::1', 'localhost']
"""
from __future__ import annotations

import json
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from jingwen.web.labels import message

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_SITE = frozenset({"same-origin", "none"})

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


def host_name(value: str) -> str | None:
    """The host of a Host header or URL authority, lower case, without port or final dot."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 1 else None
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    return name.rstrip(".") or None


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Names a request may use: the loopback names, the bound address, and for a wildcard
    address (``0.0.0.0``) this machine's name and addresses."""
    names = set(LOOPBACK_NAMES) | {n.lower().strip("[]") for n in extra}
    bound = bound.strip("[]").lower()
    if bound in WILDCARDS:
        hostname = socket.gethostname()
        names.update({hostname.lower(), socket.getfqdn().lower()})
        try:
            names.update(info[4][0] for info in socket.getaddrinfo(hostname, None))
        except OSError:
            pass
    else:
        names.add(bound)
    return frozenset(names)


class LocalOnly:
    """ASGI middleware: refuse foreign Host headers and cross-origin changes; add the headers."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], hosts: Iterable[str]) -> None:
        self.app, self.hosts = app, frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if host_name(headers.get("host", "")) not in self.hosts:
            return await _refuse(send, 400, "bad-host", scope["type"])
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and not self._same_origin(headers):
            return await _refuse(send, 403, "bad-origin", scope["type"])

        async def send_with_headers(event: dict) -> None:
            if event["type"] == "http.response.start":
                present = {k.lower() for k, _ in event.get("headers", [])}
                event = {**event, "headers": list(event.get("headers", [])) +
                         [(k, v) for k, v in HEADERS if k not in present]}
            await send(event)

        await self.app(scope, receive, send_with_headers)

    def _same_origin(self, headers: dict[str, str]) -> bool:
        """A browser names where a request comes from; requests without those headers come
        from programs on this machine (which could reach the port anyway)."""
        site = headers.get("sec-fetch-site")
        if site is not None and site not in SAME_SITE:
            return False
        origin = headers.get("origin")
        if origin is None:
            return True
        parts = urlsplit(origin)  # same origin: this very host and port (another local server is not)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == headers.get("host", "").lower()


async def _refuse(send: Send, status: int, code: str, kind: str) -> None:
    if kind == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = json.dumps({"error": message(code)}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
