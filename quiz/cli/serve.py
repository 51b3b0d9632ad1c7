"""`quiz serve`: the app in a web browser, one app process (the `quiz` command itself, with this
Python and this QUIZ_HOME) per tab, through textual-serve.

textual-serve has no authentication, origin check or session limit of its own, so this builds on its
internals (its Server's routes, page template and websocket handler; the version is pinned exactly
in pyproject.toml for that reason):

- Loopback only by default. Any other address needs --public-url, the address people open (a
  reverse proxy with TLS and authentication in front of this port), and is warned about.
- A random token, printed in the address as Jupyter does. The first visit exchanges it for a cookie
  (HttpOnly, SameSite=Lax, named after the port so two servers on one host never mix) and reloads
  the page without it in the address bar. The page, its static files and the downloads need the
  cookie; the websocket needs the token in its own path, and a browser's Origin of this server.
  Anything else gets 403, and never a hint of the token.
- At most `max_sessions` app processes at once; a page beyond that says so (503).

Every session opens the same user folder: the first holds the progress, the others see it read-only
(quiz.tui.read_only), as a second terminal would.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

if TYPE_CHECKING:
    import argparse

TITLE = "imaging-quiz"
# the page asks Google for its font; the terminal's own fallback (monospace) needs no outside request
_OUTSIDE_FONT = re.compile(r"<link\s[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def checked_public_url(url: str) -> str:
    """The public URL without its trailing slash; ValueError saying what is wrong with it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--public-url must be an http:// or https:// address, not {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        # the page fetches downloads from /download/... at the root of its host, whatever its own path
        raise ValueError(f"--public-url must be the root of a host (no path): {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def local_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address
    return f"http://{shown}:{port}"


def _page(title: str, message: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        "<body style='font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5'>"
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
    )


class QuizServer(Server):
    def __init__(
        self, command: str, *, host: str, port: int, public_url: str | None, token: str, max_sessions: int
    ) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, public_url=public_url)
        self.given_public_url = public_url  # None: the page's addresses follow the address it was opened at
        self.address = public_url or local_url(host, port)
        self.token = token
        self.max_sessions = max_sessions
        self.sessions = 0  # app processes running now
        self.cookie_name = f"quiz_token_{port}"
        self.secure_cookie = self.address.startswith("https://")
        self.websockets: set[web.WebSocketResponse] = set()

    # the routes -----------------------------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),  # no folder listings
            ]
        )
        app.on_shutdown.append(self._close_sessions)
        return app

    def _token_ok(self, given: str) -> bool:
        return secrets.compare_digest(given.encode(), self.token.encode())

    def _origin_ok(self, request: web.Request) -> bool:
        """A browser's websocket from a page of this server (not another site's page)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser: the token in the path is the key
        own = {f"http://{request.host}", f"https://{request.host}", self.address}
        return origin.rstrip("/") in own

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        route = request.match_info.route.name
        if route == "websocket":
            if self._token_ok(request.match_info["token"]) and self._origin_ok(request):
                return await handler(request)
            return self._forbidden()
        if route == "index" and "token" in request.query:
            if not self._token_ok(request.query["token"]):
                return self._forbidden()
            # the token becomes a cookie, and leaves the address bar (and the browser's history)
            kept = {key: value for key, value in request.query.items() if key != "token"}
            location = str(request.rel_url.with_query(kept))
            response = web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})
            response.set_cookie(
                self.cookie_name, self.token, httponly=True, samesite="Lax", secure=self.secure_cookie, path="/"
            )
            return response
        if self._token_ok(request.cookies.get(self.cookie_name, "")):
            return await handler(request)
        return self._forbidden()

    def _forbidden(self) -> web.Response:
        return web.Response(
            status=403,
            text=_page(
                "Forbidden",
                "This quiz server opens only from the address `quiz serve` printed, with its token "
                "(…/?token=…). Open that address again.",
            ),
            content_type="text/html",
        )

    # the page -------------------------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.Response:
        if self.sessions >= self.max_sessions:
            return web.Response(
                status=503,
                text=_page(
                    "All sessions are in use",
                    f"This server runs at most {self.max_sessions} quiz session"
                    f"{'s' if self.max_sessions != 1 else ''} at once, and all are open. Close another "
                    "quiz tab (or quit it with Ctrl+Q), then reload this page.",
                ),
                content_type="text/html",
            )
        base = self.given_public_url or f"{request.scheme}://{request.host}"
        websocket = ("wss" if base.startswith("https") else "ws") + base[base.index(":") :]
        font_size = request.query.get("fontsize", "16")
        context = {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "app_websocket_url": f"{websocket}/ws/{self.token}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        html = aiohttp_jinja2.render_string("app_index.html", request, context)
        return web.Response(
            text=_OUTSIDE_FONT.sub("", html),
            content_type="text/html",
            headers={
                "Cache-Control": "no-store",  # the page holds the token
                "X-Frame-Options": "DENY",
                "Referrer-Policy": "no-referrer",
            },
        )

    # the sessions -----------------------------------------------------------------------------
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text="all sessions are in use")
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    async def _close_sessions(self, app: web.Application) -> None:
        """On Ctrl+C each app is asked to quit (an exam is saved), as closing its tab does."""
        for websocket in list(self.websockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        self.websockets.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self.websockets.discard(websocket)
            await self._end_app(app_service)

    @staticmethod
    async def _end_app(app_service: AppService) -> None:
        """Ask the app to quit and wait for its process (textual-serve never waits for it, which left
        it unreaped, and its lock held a moment past the server's stop); killed after 10 s."""
        await app_service.stop()  # textual-serve's own stop after this finds nothing left to do
        process = app_service._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), timeout=10)
        except TimeoutError:
            process.kill()
            await process.wait()

    def run(self, announce: Callable[[], None]) -> None:
        """Serve until Ctrl+C (or SIGTERM); `announce` runs once the port is listening."""
        self.initialize_logging()
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            print=lambda *_: announce(),
            access_log=None,  # an access log would write the token of every first visit
            shutdown_timeout=10,
        )


def app_command(banks: Sequence[Path], *, all_attributes: bool = False) -> str:
    """The shell command of one session: this Python running the app, with the same extra banks
    (absolute: the apps need not start where the server did) and drills."""
    words = [sys.executable, "-m", "quiz"]
    for bank in banks:
        words += ["--bank", str(bank.resolve())]
    if all_attributes:
        words.append("--all-attributes")
    return shlex.join(words)


def serve(args: argparse.Namespace) -> int:
    host: str = args.host
    public_url: str | None = None
    if args.public_url is not None:
        try:
            public_url = checked_public_url(args.public_url)
        except ValueError as error:
            print(f"quiz serve: {error}", file=sys.stderr)
            return 2
    if not is_loopback(host):
        if public_url is None:
            print(
                f"quiz serve: {host} is reachable from other machines: give --public-url, the https:// address "
                "of the reverse proxy (with TLS and authentication) that people open",
                file=sys.stderr,
            )
            return 2
        print(
            f"quiz serve: warning: listening on {host}, beyond this machine, over plain HTTP. The token keeps out "
            "whoever lacks the link, but it crosses the network in the clear: put a reverse proxy with TLS and "
            f"authentication in front ({public_url}), and let only it reach port {args.port}.",
            file=sys.stderr,
        )
    token = secrets.token_urlsafe(32)
    server = QuizServer(
        app_command(args.bank, all_attributes=args.all_attributes),
        host=host,
        port=args.port,
        public_url=public_url,
        token=token,
        max_sessions=args.max_sessions,
    )

    def announce() -> None:
        print(
            f"quiz serve: the app is at\n\n    {server.address}/?token={token}\n\n"
            f"Open that address in a browser; the token in it is the key, so keep it to yourself. Up to "
            f"{args.max_sessions} tabs at once: the first records your progress, the others only look. "
            "Ctrl+C stops the server.",
            flush=True,
        )

    try:
        server.run(announce)
    except OSError as error:
        print(f"quiz serve: cannot listen on {host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
