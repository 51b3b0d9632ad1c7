from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from quiz.banks.loader import load_profiles
from quiz.banks.yaml_reader import read_yaml
from quiz.cli import main
from quiz.domains import Domain
from quiz.paths import UserPaths, shipped_banks_dir
from tests.conftest import FIXTURES

SHIPPED_BANKS = sorted(shipped_banks_dir().glob("*.yaml"))


def _printed_schema(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["schema", *args]) == 0
    schema: dict[str, object] = json.loads(capsys.readouterr().out)
    return schema


def test_schema_is_valid_json_schema_and_accepts_banks(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _printed_schema(capsys)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in [FIXTURES / "good" / "good-bank.yaml", *SHIPPED_BANKS]:
        validator.validate(read_yaml(path).data)


def test_schema_rejects_what_the_validator_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    validator = jsonschema.Draft202012Validator(_printed_schema(capsys))
    for name in ("12-unknown-domain.yaml", "13-unknown-key.yaml", "09-empty-bank.yaml", "18-too-many-choices.yaml"):
        data = read_yaml(FIXTURES / "broken" / name).data
        assert not validator.is_valid(data), name


def test_profile_schema_accepts_shipped_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _printed_schema(capsys, "--profile")
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in (shipped_banks_dir() / "profiles").glob("*.yaml"):
        jsonschema.validate(read_yaml(path).data, schema)


def test_shipped_profiles(paths: UserPaths) -> None:
    profiles, problems = load_profiles(paths)
    assert problems == []
    by_id = {p.id: p for p in profiles}
    assert {"ciip", "cpas", "cpsa", "cdip", "cpsm", "quick"} <= set(by_id)
    ciip = by_id["ciip"]
    assert ciip.questions == 160
    assert set(ciip.domains) == set(Domain)
    assert ciip.domains[Domain.IMAGE_MANAGEMENT] == 24 and sum(ciip.domains.values()) == 130
    assert ciip.notes and "practice default" in ciip.notes
    assert by_id["cpas"].questions == 100 and by_id["cpas"].minutes == 60
    assert (by_id["quick"].questions, by_id["quick"].minutes) == (20, 20)
    for profile in profiles:
        assert profile.notes, f"{profile.id} must say where its numbers come from"


def test_user_profiles_are_loaded_and_override(paths: UserPaths) -> None:
    paths.profiles.mkdir(parents=True)
    (paths.profiles / "mine.yaml").write_text(
        "id: quick\ntitle: My quick\nquestions: 5\nminutes: 5\ndomains: {operations: 1}\n", "utf-8"
    )
    (paths.profiles / "broken.yaml").write_text("id: Broken\n", "utf-8")
    profiles, problems = load_profiles(paths)
    assert {p.id: p for p in profiles}["quick"].questions == 5
    assert problems and all(p.path == paths.profiles / "broken.yaml" for p in problems)


def test_validate_without_arguments_counts_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "6 profiles, 0 errors" in out


def test_user_bank_folder_is_validated_too(paths: UserPaths, capsys: pytest.CaptureFixture[str]) -> None:
    paths.banks.mkdir(parents=True)
    (paths.banks / "bad.yaml").write_text("bank: x\n", "utf-8")
    assert main(["validate"]) == 1
    assert f"{Path(paths.banks / 'bad.yaml')}:1:1: bank x: missing required field 'title'" in capsys.readouterr().out
