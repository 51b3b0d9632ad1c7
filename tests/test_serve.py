"""`quiz serve`'s guard in front of textual-serve, over HTTP without a browser: nothing without the
token, the token traded for a cookie, the websocket only with the token and from the server's own
pages, the session cap, and the command line's refusals (tests/browser drives a real browser)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from quiz.cli import main
from quiz.cli.serve import QuizServer, app_command, checked_public_url, is_loopback

TOKEN = "s3cret-token_for-tests"
COOKIE = "quiz_token_8000"
# a stand-in for the app: says the word textual-serve waits for, then quits at the first packet it is
# sent (textual-serve's "quit" when the tab closes, since the stand-in never asks for a size)
STAND_IN = shlex.join([sys.executable, "-c", "import sys; print('__GANGLION__', flush=True); sys.stdin.buffer.read(1)"])


def quiz_server(*, max_sessions: int = 2, public_url: str | None = None) -> QuizServer:
    return QuizServer(
        STAND_IN, host="127.0.0.1", port=8000, public_url=public_url, token=TOKEN, max_sessions=max_sessions
    )


@pytest.fixture
async def server() -> QuizServer:
    return quiz_server()


@pytest.fixture
async def client(server: QuizServer) -> AsyncIterator[TestClient[aiohttp.web.Request, aiohttp.web.Application]]:
    async with TestClient(TestServer(await server._make_app())) as test_client:
        yield test_client


async def signed_in(client: TestClient[aiohttp.web.Request, aiohttp.web.Application]) -> None:
    response = await client.get(f"/?token={TOKEN}", allow_redirects=False)
    assert response.status == 303


async def test_nothing_is_served_without_the_token(
    client: TestClient[aiohttp.web.Request, aiohttp.web.Application],
) -> None:
    for path in ("/", "/?token=wrong", "/static/js/textual.js", "/static/css/xterm.css", "/download/abc", "/nothing"):
        response = await client.get(path)
        assert response.status == 403, path
        assert TOKEN not in await response.text()
    client.session.cookie_jar.update_cookies({COOKIE: "wrong"})
    assert (await client.get("/static/js/textual.js")).status == 403


async def test_the_token_becomes_a_cookie_and_leaves_the_address(
    client: TestClient[aiohttp.web.Request, aiohttp.web.Application],
) -> None:
    response = await client.get(f"/?token={TOKEN}&fontsize=20", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/?fontsize=20"
    cookie = response.cookies[COOKIE]
    assert cookie.value == TOKEN
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    page = await client.get("/?fontsize=20")
    assert page.status == 200
    html = await page.text()
    assert f'/ws/{TOKEN}"' in html and 'data-font-size="20"' in html
    assert "googleapis" not in html  # no request leaves the machine for a font
    assert page.headers["Cache-Control"] == "no-store" and page.headers["X-Frame-Options"] == "DENY"
    for asset in ("/static/js/textual.js", "/static/css/xterm.css", "/static/images/background.png"):
        assert (await client.get(asset)).status == 200, asset
    assert (await client.get("/static/")).status == 403  # no folder listings
    assert (await client.get("/download/unknown")).status == 404


async def test_the_page_follows_the_address_it_was_opened_at_unless_a_public_url_is_given() -> None:
    async with TestClient(TestServer(await quiz_server()._make_app())) as local:
        await signed_in(local)
        html = await (await local.get("/", headers={"Host": "localhost:8000"})).text()
        assert 'href="http://localhost:8000/static/css/xterm.css"' in html
        assert f'data-session-websocket-url="ws://localhost:8000/ws/{TOKEN}"' in html
    proxied = quiz_server(public_url="https://quiz.example.org")
    async with TestClient(TestServer(await proxied._make_app())) as behind_proxy:
        response = await behind_proxy.get(f"/?token={TOKEN}", allow_redirects=False)
        assert response.cookies[COOKIE]["secure"]  # the browser sees https: the cookie never goes in the clear
        behind_proxy.session.cookie_jar.update_cookies({COOKIE: TOKEN})
        html = await (await behind_proxy.get("/")).text()
        assert 'href="https://quiz.example.org/static/css/xterm.css"' in html
        assert f'data-session-websocket-url="wss://quiz.example.org/ws/{TOKEN}"' in html


async def test_the_websocket_needs_the_token_in_its_path_and_an_origin_of_this_server(
    server: QuizServer, client: TestClient[aiohttp.web.Request, aiohttp.web.Application]
) -> None:
    await signed_in(client)  # the cookie alone opens no session
    for path, origin in ((f"/ws/{TOKEN}x", None), ("/ws/", None), (f"/ws/{TOKEN}", "http://evil.example")):
        headers = {"Origin": origin} if origin else {}
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(path, headers=headers)
        assert refused.value.status in (403, 404), path  # /ws/ with no token matches no route
    own = f"http://{client.host}:{client.port}"
    websocket = await client.ws_connect(f"/ws/{TOKEN}?width=80&height=24", headers={"Origin": own})
    assert server.sessions == 1
    await websocket.close()
    for _ in range(100):
        if server.sessions == 0:
            break
        await client.get("/")  # give the handler its turn to finish
    assert server.sessions == 0


async def test_beyond_the_session_cap_the_page_says_so(
    server: QuizServer, client: TestClient[aiohttp.web.Request, aiohttp.web.Application]
) -> None:
    await signed_in(client)
    server.sessions = server.max_sessions
    page = await client.get("/")
    assert page.status == 503
    assert "All sessions are in use" in await page.text() and "at most 2 quiz sessions" in await page.text()
    with pytest.raises(aiohttp.WSServerHandshakeError) as full:
        await client.ws_connect(f"/ws/{TOKEN}")
    assert full.value.status == 503
    server.sessions = server.max_sessions - 1
    assert (await client.get("/")).status == 200


def test_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.3.4.5") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("quiz.example.org")
    assert checked_public_url("https://quiz.example.org/") == "https://quiz.example.org"
    assert checked_public_url("http://10.0.0.5:8080") == "http://10.0.0.5:8080"
    for wrong in ("ftp://quiz.example.org", "quiz.example.org", "https://quiz.example.org/quiz/", "https://x/?a=1"):
        with pytest.raises(ValueError, match="--public-url"):
            checked_public_url(wrong)


def test_each_session_runs_this_python_with_the_same_banks(tmp_path: Path) -> None:
    bank = tmp_path / "my bank.yaml"
    assert shlex.split(app_command([bank])) == [sys.executable, "-m", "quiz", "--bank", str(bank.resolve())]
    assert shlex.split(app_command([], all_attributes=True)) == [sys.executable, "-m", "quiz", "--all-attributes"]


def test_beyond_loopback_the_command_wants_a_public_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "give --public-url" in capsys.readouterr().err
    assert main(["serve", "--public-url", "https://quiz.example.org/sub/path"]) == 2
    assert "root of a host" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["serve", "--port", "70000"])
    with pytest.raises(SystemExit):
        main(["serve", "--max-sessions", "0"])
