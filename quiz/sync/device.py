"""This machine's name in the sync folder: made once, kept in its own settings, never synced."""

from __future__ import annotations

import re
import secrets

from quiz.store.checks import DEVICE_ID


def new_device_id(hostname: str) -> str:
    """The host's name (letters, digits and dashes; a few people have two machines called `laptop`)
    and a random part, e.g. `laptop-3f9a2c`."""
    name = re.sub(r"[^a-z0-9]+", "-", hostname.lower()).strip("-")[:24].strip("-") or "device"
    device = f"{name}-{secrets.token_hex(3)}"
    assert DEVICE_ID.fullmatch(device)
    return device
