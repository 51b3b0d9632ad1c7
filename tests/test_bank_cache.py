from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields
from pathlib import Path

import pytest
from pydantic import BaseModel

from quiz.banks.cache import BankCache, CacheKey, content_digest
from quiz.banks.formats import BankFormat, ProfileFormat, question_formats
from quiz.banks.loader import Source, load_banks, read_model
from quiz.banks.problems import SourceError
from quiz.cli import main
from quiz.kinds import kind_named, kind_of
from quiz.kinds.format_base import QuestionBase
from quiz.models import Bank, Profile, Question
from quiz.paths import shipped_banks_dir, shipped_profiles_dir
from tests.choices import choice_question
from tests.conftest import FIXTURES


def _key(bank: Path) -> CacheKey:
    return CacheKey.for_content(bank, bank.read_bytes(), shipped=False)


def _setup(tmp_path: Path) -> tuple[Path, BankCache]:
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "good" / "good-bank.yaml", bank)
    return bank, BankCache(tmp_path / "cache")


def _loaded_choice_b(bank: Path, cache: BankCache) -> str:
    """Choice B of the bank's first question, as a load through `cache` gives it."""
    return choice_question(load_banks([Source(bank)], cache).banks[0].bank.questions[0]).choices[1]


def test_second_load_comes_from_the_cache(tmp_path: Path) -> None:
    bank, cache = _setup(tmp_path)
    first = load_banks([Source(bank)], cache).banks[0].bank
    cached = cache.get(_key(bank), Bank)
    assert cached is not None and cached.value == first
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
        assert cache.get(_key(bank), Bank) is None
        assert _loaded_choice_b(bank, cache) == "Move Destination"


def test_an_entry_in_an_older_layout_is_rebuilt_even_with_a_good_digest(tmp_path: Path) -> None:
    """A warm load trusts the digest and skips validation; a payload it cannot read is rebuilt."""
    bank, cache = _setup(tmp_path)
    load_banks([Source(bank)], cache)
    (entry,) = (tmp_path / "cache").iterdir()
    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    for payload in (
        b'{"bank": "b", "title": "T"}',
        b'{"bank": "b", "title": "T", "questions": [{"id": "q"}]}',
        b"[]",
        b'{"value": {"bank": "b", "title": "T", "questions": [{"id": "q", "domain": "nope"}]}, "problems": []}',
        b'{"value": null, "problems": [{"path": "x"}]}',
        b'{"value": null}',
    ):
        header["digest"] = content_digest(payload)
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
        assert cache.get(_key(bank), Bank) is None
        assert _loaded_choice_b(bank, cache) == "Move Destination"


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    bank, _ = _setup(tmp_path)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", "utf-8")
    report = load_banks([Source(bank)], BankCache(blocker / "cache"))
    assert report.banks and not report.problems


KIND_FORMATS = [(fmt, kind_named(name).question_class) for name, fmt in question_formats().items()]


@pytest.mark.parametrize(
    ("file_format", "model"), [(QuestionBase, Question), *KIND_FORMATS, (BankFormat, Bank), (ProfileFormat, Profile)]
)
def test_file_formats_and_app_objects_have_the_same_fields(file_format: type[BaseModel], model: type) -> None:
    # a kind's `type:` is its question class itself (Question.kind_name), not a field
    assert set(file_format.model_fields) - {"type"} == {f.name for f in fields(model) if f.init}


@pytest.mark.parametrize("path", sorted(shipped_banks_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_bank_round_trips_through_the_cache_layout(path: Path) -> None:
    bank = read_model(path, Bank, shipped=True)
    again = Bank.from_dict(json.loads(json.dumps(bank.to_dict())))
    assert again == bank
    # and what is derived from the fields (a choice item's right indexes), whatever the kind
    assert [kind_of(q).answer_key(q) for q in again.questions] == [kind_of(q).answer_key(q) for q in bank.questions]


@pytest.mark.parametrize("path", sorted(shipped_profiles_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_profile_round_trips_through_the_cache_layout(path: Path) -> None:
    profile = read_model(path, Profile)
    assert Profile.from_dict(json.loads(json.dumps(profile.to_dict()))) == profile


def test_an_edit_is_seen_even_when_size_and_mtime_are_put_back(tmp_path: Path) -> None:
    bank, cache = _setup(tmp_path)
    load_banks([Source(bank)], cache)
    before = bank.stat()
    bank.write_text(bank.read_text("utf-8").replace("A valid bank", "A VALID BANK"), "utf-8")  # same size
    os.utime(bank, ns=(before.st_atime_ns, before.st_mtime_ns))  # what `touch -r` does
    assert bank.stat().st_size == before.st_size
    assert load_banks([Source(bank)], cache).banks[0].bank.title == "A VALID BANK"


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many YAML parsers are started: every parse, and every compose to find a line, starts one
    (each is a `_StrictLoader`)."""
    from quiz.banks.yaml_reader import _StrictLoader

    started = [0]
    original = _StrictLoader.__init__

    def counting(self: _StrictLoader, stream: str) -> None:
        started[0] += 1
        original(self, stream)

    monkeypatch.setattr(_StrictLoader, "__init__", counting)
    return started


def _many_errors(path: Path, count: int) -> Path:
    from benchmarks.synthetic import write_broken_bank

    return write_broken_bank(path, count)


def test_many_problems_are_located_in_one_more_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean file is parsed once and its node tree dropped (it is several times the data's size);
    a file with problems is parsed once more to locate all of them, however many there are."""
    bank = _many_errors(tmp_path / "broken.yaml", 40)
    started = _count_parses(monkeypatch)
    with pytest.raises(SourceError) as caught:
        read_model(bank, Bank)
    assert len(caught.value.problems) == 40 and all(p.line for p in caught.value.problems)
    assert started[0] == 2
    started[0] = 0
    read_model(shipped_banks_dir() / "procurement.yaml", Bank, shipped=True)
    assert started[0] == 1


def test_a_broken_bank_is_cached_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = _many_errors(tmp_path / "broken.yaml", 3)
    cache = BankCache(tmp_path / "cache")
    first = load_banks([Source(bank)], cache)
    started = _count_parses(monkeypatch)
    again = load_banks([Source(tmp_path / "." / "broken.yaml")], cache)
    assert started[0] == 0  # the failure came from the cache: the file was not parsed again
    assert again.failed == [tmp_path / "." / "broken.yaml"]
    assert [p.message for p in again.problems] == [p.message for p in first.problems] and len(first.problems) == 3
    assert all(p.path == tmp_path / "." / "broken.yaml" for p in again.problems)  # as reached this time
    bank.write_text(bank.read_text("utf-8").replace("answer: E", "answer: A"), "utf-8")
    assert len(load_banks([Source(bank)], cache).problems) == 2 and started[0] == 2  # parsed, then located


def test_a_file_with_many_problems_lists_the_first_fifty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = _many_errors(tmp_path / "broken.yaml", 120)
    with pytest.raises(SourceError) as caught:
        read_model(bank, Bank)
    problems = caught.value.problems
    assert len(problems) == 51
    assert [p.line for p in problems[:50]] == sorted(p.line or 0 for p in problems[:50])
    assert str(problems[-1]) == f"{bank}: ... and 70 more problems in this file"
    assert main(["validate", str(bank)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 52
    assert lines[-2:] == [
        f"{bank}: ... and 70 more problems in this file",
        "1 bank, 0 questions, 0 profiles, 120 errors",
    ]
