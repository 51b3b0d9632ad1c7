"""`quiz serve` in a real browser: Debian's chromium driven by Playwright (never a browser of its own).

One served app, one journey: without the token nothing is served and no websocket opens; with it the
page loads, an exam is taken with key presses and submitted, and its attempt is in the store; a
second tab opens read-only and says so; a third is over the cap; the results download as CSV; Ctrl+C
stops the server and every app, and the progress is free again.

The app draws on a canvas, so its text is read from the websocket's frames (the terminal output,
escape sequences removed), and the screenshots are checked for not being blank. With
QUIZ_DOCS_SCREENSHOTS=1 the screenshots of Home and of an exam question are also saved in docs/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import Browser, Page, WebSocket, sync_playwright

from quiz.store.progress import ProgressStore

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)",
)

REPO = Path(__file__).resolve().parents[2]
TERMINAL_TESTS = REPO / "tests" / "terminal"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROFILE = """\
id: browser
title: "Browser test: 4 questions"
questions: 4
minutes: 10
pass_percent: 70
banks: [terminal]
domains:
  imaging-informatics: 1
  image-management: 1
"""
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
URL = re.compile(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """`quiz serve` running in a subprocess with a QUIZ_HOME of its own."""

    def __init__(self, home: Path) -> None:
        self.home = home
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "QUIZ_HOME": str(home),
            "TZ": "UTC",
            "LANG": "C.UTF-8",
        }
        # its output goes to a file: a pipe nobody reads any more would fill and stop the server
        self.output = home / "serve-output.txt"
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "quiz", "serve", "--port", str(free_port()), "--max-sessions", "2"],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            found = URL.search(self.output.read_text("utf-8", "replace"))
            if found:
                self.base, self.token = found.group(1), found.group(2)
                return
            time.sleep(0.05)
        self.stop()
        raise AssertionError("quiz serve printed no address:\n" + self.output.read_text("utf-8", "replace"))

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def attempts(self) -> list[dict[str, object]]:
        log = self.home / "progress" / "attempts.jsonl"
        if not log.exists():
            return []
        records = [json.loads(line) for line in log.read_text("utf-8").splitlines() if line.strip()]
        return [record for record in records if "session_id" in record]  # not the file's header line

    def stop(self) -> int:
        """Ctrl+C, as a person stops it; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class Terminal:
    """What one tab's app has drawn: its websocket frames, as text."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.frames: list[bytes] = []
        page.on("websocket", self._watch)

    def _watch(self, websocket: WebSocket) -> None:
        websocket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):  # the terminal's output; text frames are textual-serve's own messages
            self.frames.append(payload)

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub("", b"".join(self.frames[since:]).decode("utf-8", "replace"))

    def wait_for(self, wanted: str, since: int = 0, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text(since):
            if time.monotonic() > deadline:
                raise AssertionError(f"{wanted!r} was not drawn within {timeout} s; drawn:\n{self.text(since)[-3000:]}")
            self.page.wait_for_timeout(50)

    def press(self, *keys: str, then: str | None = None) -> None:
        """Press the keys; with `then`, wait until the app draws that text in answer."""
        mark = len(self.frames)
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(60)
        if then is not None:
            self.wait_for(then, since=mark)


def open_tab(browser_page: Page, url: str) -> Terminal:
    terminal = Terminal(browser_page)
    browser_page.goto(url)
    browser_page.wait_for_selector("body.-first-byte", timeout=30_000)
    browser_page.click(".textual-terminal")  # the keys go to the terminal
    return terminal


def not_blank(page: Page, path: Path) -> Path:
    page.screenshot(path=str(path))
    with Image.open(path) as image:
        spread = ImageStat.Stat(image.convert("L")).stddev[0]
    assert spread > 12, f"{path.name} looks blank (grey levels spread {spread:.1f})"
    return path


def keep_for_docs(shot: Path, name: str) -> None:
    if os.environ.get("QUIZ_DOCS_SCREENSHOTS"):
        shutil.copy(shot, REPO / "docs" / name)


def status_of(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def websocket_status(base: str, path: str, origin: str | None = None) -> int:
    """The status line's code of a websocket handshake (101: opened, the socket then closed at once)."""
    host, port = base.removeprefix("http://").split(":")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (f"Origin: {origin}\r\n" if origin else "")
        + "\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request.encode())
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    home = tmp_path / "home"
    (home / "banks").mkdir(parents=True)
    (home / "profiles").mkdir()
    shutil.copy(TERMINAL_TESTS / "terminal-bank.yaml", home / "banks" / "terminal.yaml")
    (home / "profiles" / "browser.yaml").write_text(PROFILE, "utf-8")
    server = Served(home)
    yield server
    server.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_an_exam_in_chromium_through_quiz_serve(served: Served, browser: Browser, tmp_path: Path) -> None:
    base = served.base
    # nothing without the token: the page, its script, a websocket (with a wrong token, or from another site)
    assert status_of(f"{base}/") == 403
    assert status_of(f"{base}/static/js/textual.js") == 403
    assert websocket_status(base, "/ws/not-the-token") == 403
    assert websocket_status(base, f"/ws/{served.token}", origin="http://evil.example") == 403

    context = browser.new_context(viewport={"width": 1100, "height": 700}, accept_downloads=True)
    downloads = []
    context.on("page", lambda popup: popup.on("download", lambda download: downloads.append(download)))
    first = open_tab(context.new_page(), served.url)
    assert "token" not in first.page.url  # traded for a cookie, and out of the address bar
    first.wait_for("press e to start one")
    first.page.wait_for_timeout(400)  # the last frames drawn (the key bar, the menu's border)
    keep_for_docs(not_blank(first.page, tmp_path / "home.png"), "browser-home.png")

    first.press("e", then="Exam profile")
    first.press("End", "Enter", then="Question 1 of 4")
    first.page.wait_for_timeout(400)
    keep_for_docs(not_blank(first.page, tmp_path / "exam.png"), "browser-exam.png")
    for number in range(2, 5):
        first.press("a", "n", then=f"Question {number} of 4")
    first.press("b", "Control+s", then="Submit")
    first.press("y", then="of 4 correct")
    (attempt,) = served.attempts()
    assert attempt["profile_id"] == "browser" and attempt["total"] == 4
    assert isinstance(attempt["items"], list) and len(attempt["items"]) == 4

    # a second tab: the same progress, held by the first tab's app, so it only looks, and says so
    second = open_tab(context.new_page(), f"{base}/")
    second.wait_for("Read-only: another quiz")
    second.press("e", then="An exam would record progress")
    # a third is one more than --max-sessions 2
    over = context.new_page()
    response = over.goto(f"{base}/")
    assert response is not None and response.status == 503
    assert "All sessions are in use" in over.inner_text("body")

    # the results as CSV, downloaded from the first tab (through the cookie-guarded /download route)
    first.page.bring_to_front()
    first.press("e", then="on its way")
    deadline = time.monotonic() + 15
    while not downloads and time.monotonic() < deadline:
        first.page.wait_for_timeout(100)
    (download,) = downloads
    assert re.fullmatch(r"results-\d{4}-\d\d-\d\d-\d{4}\.csv", download.suggested_filename)
    rows = Path(download.path()).read_text("utf-8").splitlines()
    assert rows[0].startswith("session_id,finished_at,kind") and len(rows) == 5
    assert all(row.startswith(str(attempt["session_id"])) for row in rows[1:])
    context.close()

    assert served.stop() == 0  # Ctrl+C: a clean stop
    with ProgressStore.open(served.home / "progress", datetime.now(UTC)) as store:  # every app has quit
        assert [a.session_id for a in store.attempts] == [attempt["session_id"]]
