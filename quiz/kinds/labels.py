"""How the parts of an ordering or matching item are named on screen and in messages: A-H, one per
item (an item keeps its letter however it is moved). At most eight, so every part has a key."""

from __future__ import annotations

from typing import TypeGuard

PART_LETTERS = "ABCDEFGH"
MAX_PARTS = len(PART_LETTERS)


def part_letter(position: int) -> str:
    return PART_LETTERS[position] if 0 <= position < MAX_PARTS else "?"


def is_permutation(value: object, size: int | None = None) -> TypeGuard[list[int]]:
    """A list holding each of 0..n-1 once (n = `size` when given)."""
    if type(value) is not list or not all(type(i) is int for i in value):
        return False
    return sorted(value) == list(range(len(value) if size is None else size))
