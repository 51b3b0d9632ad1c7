"""Driving the installed `quiz` command in a real terminal (tmux) and reading what it shows."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

QUIZ = Path(sys.executable).with_name("quiz")  # the README's install: ./.venv/bin/quiz


class Terminal:
    """One tmux server of its own (so parallel tests never meet) running one command."""

    def __init__(self, command: list[str], env: Mapping[str, str], *, width: int = 80, height: int = 24) -> None:
        self.socket = f"quiz-test-{uuid.uuid4().hex[:10]}"
        self.width, self.height = width, height
        shell = " ".join(_quote(part) for part in command)
        environment = [f"{key}={_quote(value)}" for key, value in env.items()]
        # `exec` so the pane's process is the quiz itself (kill -9 hits it); the pane stays after it
        # exits so a crash's last words can be read
        script = f"exec env -i {' '.join(environment)} {shell}"
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-s", "main", script)
        self._tmux("set-option", "-t", "main", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main")

    def send(self, *keys: str, pause: float = 0.25) -> None:
        """Keys as tmux names them ("Enter", "Escape", "C-s", "PageDown"), or text."""
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(pause)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Wait until `text` is on the screen (whitespace and wrapping ignored); return the screen."""
        deadline = time.monotonic() + timeout
        wanted = squash(text)
        while True:
            screen = self.screen()
            if wanted in squash(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear within {timeout} s; the screen:\n{screen}")
            time.sleep(0.1)

    def wait_until_gone(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if squash(text) not in squash(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is still on the screen after {timeout} s:\n{screen}")
            time.sleep(0.1)

    @property
    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())

    @property
    def exited(self) -> bool:
        return self._tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() == "1"

    def kill_9(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while not self.exited and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


def squash(text: str) -> str:
    """Text without whitespace and without scroll bars or borders: equal however it wraps."""
    frame = dict.fromkeys(range(0x2500, 0x25A0))
    return "".join(text.translate(frame).split())


def available() -> bool:
    return shutil.which("tmux") is not None and QUIZ.exists()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
