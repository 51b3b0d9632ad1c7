"""A bank file unchanged since its digest was taken is found in the cache without being read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quiz.banks import loader
from quiz.banks.cache import BankCache, content_digest
from quiz.banks.file_signatures import FILE_NAME, FileSignatures
from quiz.banks.loader import Source, load_banks
from quiz.banks.safe_files import read_regular_file_and_stat
from tests.conftest import FIXTURES

TITLE = "A valid bank"


def _setup(tmp_path: Path) -> tuple[Path, BankCache]:
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "good" / "good-bank.yaml", bank)
    old = 1_600_000_000 * 10**9  # long before the digest is taken: not a racy file
    os.utime(bank, ns=(old, old))
    cache = BankCache(tmp_path / "cache")
    # ctime is always "now" in a test, so the racy window is closed to let the signature be trusted
    cache.signatures = FileSignatures(tmp_path / "cache", racy_ns=0)
    return bank, cache


def _title(bank: Path, cache: BankCache) -> str:
    report = load_banks([Source(bank)], cache)
    cache.signatures.save()
    return report.banks[0].bank.title


def _unreadable(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    real = read_regular_file_and_stat

    def counting(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
        reads.append(path)
        return real(path, limit)

    monkeypatch.setattr(loader, "read_regular_file_and_stat", counting)
    return reads


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank, cache = _setup(tmp_path)
    reads = _unreadable(monkeypatch)
    assert _title(bank, cache) == TITLE
    assert reads == [bank]
    again = BankCache(tmp_path / "cache")  # a new start reads the saved signatures
    assert again.signatures.digest_of(bank) == content_digest(bank.read_bytes())
    assert _title(bank, again) == TITLE
    assert reads == [bank], "the second start read the file"


def test_an_edit_that_puts_size_and_mtime_back_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank, cache = _setup(tmp_path)
    _title(bank, cache)
    before = bank.stat()
    text = bank.read_text("utf-8")
    bank.write_text(text.replace(TITLE, "A VALID BANK"), "utf-8")  # the same size
    os.utime(bank, ns=(before.st_atime_ns, before.st_mtime_ns))  # `touch -r`: only ctime tells
    assert bank.stat().st_size == before.st_size and bank.stat().st_mtime_ns == before.st_mtime_ns
    reads = _unreadable(monkeypatch)
    assert _title(bank, BankCache(tmp_path / "cache")) == "A VALID BANK"
    assert reads == [bank]


def test_a_file_changed_just_before_its_digest_was_taken_is_read_again(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "good" / "good-bank.yaml", bank)  # written now: inside the racy window
    cache = BankCache(tmp_path / "cache")
    _title(bank, cache)
    assert BankCache(tmp_path / "cache").signatures.digest_of(bank) is None


@pytest.mark.parametrize("change", ["removed", "replaced by a folder", "another file moved in its place"])
def test_a_file_that_is_no_longer_the_same_file_is_read(tmp_path: Path, change: str) -> None:
    bank, cache = _setup(tmp_path)
    _title(bank, cache)
    if change == "removed":
        bank.unlink()
    elif change == "replaced by a folder":
        bank.unlink()
        bank.mkdir()
    else:
        other = tmp_path / "other.yaml"
        shutil.copy(bank, other)
        os.utime(other, ns=(bank.stat().st_atime_ns, bank.stat().st_mtime_ns))
        os.replace(other, bank)  # the same bytes, size and mtime: another inode
    assert BankCache(tmp_path / "cache").signatures.digest_of(bank) is None


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "files": {"x": [1]}}', b"[1, 2]"])
def test_a_damaged_signature_file_only_costs_a_read(tmp_path: Path, damage: bytes) -> None:
    bank, cache = _setup(tmp_path)
    _title(bank, cache)
    (tmp_path / "cache" / FILE_NAME).write_bytes(damage)
    again = BankCache(tmp_path / "cache")
    assert again.signatures.digest_of(bank) is None
    assert _title(bank, again) == TITLE


def test_a_signature_pointing_at_a_stale_entry_falls_back_to_reading(tmp_path: Path) -> None:
    """The cache entry for the recorded digest is gone (a cleared cache, an upgrade): the file is
    read, checked and its entry written again, as without signatures."""
    bank, cache = _setup(tmp_path)
    _title(bank, cache)
    for entry in (tmp_path / "cache").glob("*.json"):
        if entry.name != FILE_NAME:
            entry.unlink()
    assert _title(bank, BankCache(tmp_path / "cache")) == TITLE
