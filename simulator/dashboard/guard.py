"""The dashboard's gatekeeper: an ASGI middleware in front of Solara's Starlette app.

Any web page the teacher has open can send requests to 127.0.0.1, so the server does not trust a
request for coming from this computer. ``Guard`` refuses, with 403 and before Solara sees it:

- a ``Host`` header that is not an address the server listens on (DNS rebinding: a foreign name
  that resolves to 127.0.0.1 carries that name in ``Host``);
- an ``Origin`` header from any other site, and a request the browser marks as sent by another
  site (``Sec-Fetch-Site: cross-site``/``same-site``) unless it is the teacher following a link;
- a WebSocket for a new page once ``max_sessions`` pages hold memory, and the reconnect of a
  page that sat idle for ``idle_seconds`` (its memory is freed when Solara culls it).

It knows nothing of Solara: the set of live pages comes from a function it is given.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_SESSIONS = 30  # pages (browser tabs) holding memory at once: a class, each with one tab
IDLE_SECONDS = 30 * 60  # a page that sends nothing for 30 minutes is disconnected
KERNEL_PATH = "/jupyter/api/kernels/"  # Solara's WebSocket: /jupyter/api/kernels/<page>/channels
WILDCARDS = ("0.0.0.0", "::")  # noqa: S104 - listening on every interface is the user's choice
_EXPIRED_KEPT = 10_000  # idle pages remembered (so their reconnects stay refused)


def host_header(host: str, port: int) -> str:
    """How a browser writes ``host:port`` in a ``Host`` header (IPv6 in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` values a page served on ``host:port`` sends (lower case).

    On a loopback address the page may be opened as ``localhost`` too; on any other address only
    as that address (or the name the user gave with ``--host``).
    """
    names = {host.lower()}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host.lower() == "localhost" or (address is not None and address.is_loopback):
        names |= {"localhost", "127.0.0.1"} if address is None or address.version == 4 else set()
        names |= {"localhost", "::1"} if address is not None and address.version == 6 else set()
    return frozenset(host_header(name, port) for name in names)


def _is_ip_literal(hostport: str, port: int) -> bool:
    """``hostport`` is an IP address (no name, so no DNS rebinding) with our port."""
    host, sep, tail = hostport.rpartition(":")
    if not sep or tail != str(port):
        return False
    try:
        ipaddress.ip_address(host[1:-1] if host.startswith("[") and host.endswith("]") else host)
    except ValueError:
        return False
    return True


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


class Guard:
    """Refuse foreign hosts, origins and sites; cap pages; disconnect idle ones."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: Iterable[str],
        port: int,
        live_pages: Callable[[], Iterable[str]] = tuple,
        max_sessions: int = MAX_SESSIONS,
        idle_seconds: float = IDLE_SECONDS,
        any_address: bool = False,
    ):
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.port = port
        self.live_pages = live_pages
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self.any_address = any_address  # listening on 0.0.0.0 / ::: any IP literal is ours
        self.open_pages: dict[str, int] = {}  # page id -> WebSockets open through the guard
        self.expired: dict[str, float] = {}  # page id -> when it was disconnected as idle

    def host_ok(self, value: str | None) -> bool:
        """A ``Host`` (or an origin's host) the server answers to."""
        if not value:
            return False
        value = value.lower()
        return value in self.hosts or (self.any_address and _is_ip_literal(value, self.port))

    def refusal(self, scope: Scope) -> str | None:
        """Why this request is refused, or None."""
        if not self.host_ok(_header(scope, b"host")):
            return "unknown Host: open the dashboard at the address negsim printed"
        origin = _header(scope, b"origin")
        if origin is not None:
            scheme, sep, rest = origin.partition("://")
            if not sep or scheme.lower() != "http" or not self.host_ok(rest.rstrip("/")):
                return "requests from other web sites are refused"
        site = (_header(scope, b"sec-fetch-site") or "").lower()
        navigate = (_header(scope, b"sec-fetch-mode") or "").lower() == "navigate"
        if site in ("cross-site", "same-site") and not (navigate and scope["type"] == "http"):
            return "requests from other web sites are refused"
        if scope["type"] == "websocket" and scope.get("path", "").startswith(KERNEL_PATH):
            page = self.page_of(scope)
            if page in self.expired:
                return "this page was idle too long: reload it"
            live = set(self.live_pages()) | set(self.open_pages)
            if page not in live and len(live) >= self.max_sessions:
                return f"too many open dashboard pages (at most {self.max_sessions})"
        return None

    @staticmethod
    def page_of(scope: Scope) -> str:
        """The page (Solara kernel) id in a kernel WebSocket path."""
        return scope.get("path", "")[len(KERNEL_PATH) :].split("/", 1)[0]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse, or pass the request on to Solara."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        reason = self.refusal(scope)
        if reason is not None:
            await refuse(scope, receive, send, reason)
            return
        if scope["type"] == "websocket" and scope.get("path", "").startswith(KERNEL_PATH):
            await self.serve_page(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def serve_page(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a page's WebSocket on; end it as a disconnect when the page sends nothing."""
        page = self.page_of(scope)
        self.open_pages[page] = self.open_pages.get(page, 0) + 1

        async def receive_or_idle() -> Message:
            try:
                return await asyncio.wait_for(receive(), self.idle_seconds)
            except TimeoutError:
                self.expire(page)
                return {"type": "websocket.disconnect", "code": 1001}

        try:
            await self.app(scope, receive_or_idle, send)
        finally:
            self.open_pages[page] -= 1
            if not self.open_pages[page]:
                del self.open_pages[page]

    def expire(self, page: str) -> None:
        """Remember an idle page so that its automatic reconnects are refused."""
        self.expired[page] = time.monotonic()
        while len(self.expired) > _EXPIRED_KEPT:
            del self.expired[next(iter(self.expired))]


async def refuse(scope: Scope, receive: Receive, send: Send, reason: str) -> None:
    """403 with a one-line reason; a WebSocket is closed before the handshake (HTTP 403)."""
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008, "reason": reason})
        return
    body = f"403 forbidden: {reason}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
