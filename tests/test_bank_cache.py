from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from quiz.bank_cache import BankCache, CacheKey
from quiz.bank_loader import Source, load_banks, read_model
from quiz.formats import BankFormat, ProfileFormat, QuestionFormat
from quiz.models import Bank, Profile, Question
from quiz.paths import shipped_banks_dir, shipped_profiles_dir
from tests.conftest import FIXTURES


def _setup(tmp_path: Path) -> tuple[Path, BankCache]:
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "good" / "good-bank.yaml", bank)
    return bank, BankCache(tmp_path / "cache")


def test_second_load_comes_from_the_cache(tmp_path: Path) -> None:
    bank, cache = _setup(tmp_path)
    first = load_banks([Source(bank)], cache).banks[0].bank
    assert cache.get(CacheKey.for_file(bank, shipped=False), Bank) == first
    assert load_banks([Source(bank)], cache).banks[0].bank == first


def test_edited_bank_is_not_served_stale(tmp_path: Path) -> None:
    bank, cache = _setup(tmp_path)
    load_banks([Source(bank)], cache)
    bank.write_text(bank.read_text("utf-8").replace("A valid bank", "An edited, longer title"), "utf-8")
    os.utime(bank, ns=(1, 1))  # an older mtime must not hide the edit: the size differs
    assert load_banks([Source(bank)], cache).banks[0].bank.title == "An edited, longer title"


def test_corrupt_entries_are_ignored_and_rebuilt(tmp_path: Path) -> None:
    bank, cache = _setup(tmp_path)
    load_banks([Source(bank)], cache)
    (entry,) = (tmp_path / "cache").iterdir()
    for damage in (b"", b"{not json\n", entry.read_bytes().replace(b"Move Destination", b"Move Destinatiom")):
        entry.write_bytes(damage)
        assert cache.get(CacheKey.for_file(bank, shipped=False), Bank) is None
        assert load_banks([Source(bank)], cache).banks[0].bank.questions[0].choices[1] == "Move Destination"


def test_an_entry_in_an_older_layout_is_rebuilt_even_with_a_good_digest(tmp_path: Path) -> None:
    """A warm load trusts the digest and skips validation; a payload it cannot read is rebuilt."""
    bank, cache = _setup(tmp_path)
    load_banks([Source(bank)], cache)
    (entry,) = (tmp_path / "cache").iterdir()
    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    for payload in (b'{"bank": "b", "title": "T"}', b'{"bank": "b", "title": "T", "questions": [{"id": "q"}]}',
                    b"[]", b'{"bank": "b", "title": "T", "questions": [{"id": "q", "domain": "nope"}]}'):
        header["digest"] = hashlib.blake2b(payload, digest_size=20).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
        assert cache.get(CacheKey.for_file(bank, shipped=False), Bank) is None
        assert load_banks([Source(bank)], cache).banks[0].bank.questions[0].choices[1] == "Move Destination"


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    bank, _ = _setup(tmp_path)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", "utf-8")
    report = load_banks([Source(bank)], BankCache(blocker / "cache"))
    assert report.banks and not report.problems


@pytest.mark.parametrize(("file_format", "model"), [(QuestionFormat, Question), (BankFormat, Bank),
                                                    (ProfileFormat, Profile)])
def test_file_formats_and_app_objects_have_the_same_fields(file_format: type, model: type) -> None:
    assert set(file_format.model_fields) == {f.name for f in fields(model) if f.init}


@pytest.mark.parametrize("path", sorted(shipped_banks_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_bank_round_trips_through_the_cache_layout(path: Path) -> None:
    bank = read_model(path, Bank, shipped=True)
    again = Bank.from_dict(json.loads(json.dumps(bank.to_dict())))
    assert again == bank
    assert [q.correct for q in again.questions] == [q.correct for q in bank.questions]


@pytest.mark.parametrize("path", sorted(shipped_profiles_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_profile_round_trips_through_the_cache_layout(path: Path) -> None:
    profile = read_model(path, Profile)
    assert Profile.from_dict(json.loads(json.dumps(profile.to_dict()))) == profile
