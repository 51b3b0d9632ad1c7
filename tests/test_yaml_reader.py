from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.problems import SourceError
from quiz.yaml_reader import MAX_FILE_BYTES, locate, parse_yaml_text, read_yaml


def _problem(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_yaml(path)
    return str(caught.value)


def test_reads_plain_yaml(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\nb: [x, y]\n", "utf-8")
    data, text = read_yaml(path)
    assert data == {"a": 1, "b": ["x", "y"]}
    assert text.startswith("a: 1")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(path)[0] == {"a": 1}


def test_duplicate_keys_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("a: 1\nb:\n  c: 1\n  c: 2\n", "utf-8")
    assert _problem(path) == f"{path}:4:3: duplicate key 'c' in the same mapping"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert "limit is 20 MiB" in _problem(path)


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "tag.yaml"
    path.write_text(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "utf-8")
    assert "only plain YAML data is allowed" in _problem(path)
    assert not marker.exists()


def test_modest_aliases_are_allowed(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("base: &t [dicom, hl7]\nother: *t\n", "utf-8")
    assert read_yaml(path)[0] == {"base": ["dicom", "hl7"], "other": ["dicom", "hl7"]}


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert "possible alias bomb" in _problem(path)


def test_locate_points_at_values_keys_and_missing_parents() -> None:
    text = "bank: x\nquestions:\n  - id: a\n    answer: Z\n"
    assert locate(text, ("questions", 0, "answer")) == (4, 13)
    assert locate(text, ("questions", 0, "answer"), at_key=True) == (4, 5)
    assert locate(text, ("questions", 0, "missing")) == (3, 5)
    assert locate("not: [valid", ("x",)) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_either_parses_or_gives_a_located_problem(text: str) -> None:
    try:
        parse_yaml_text(text, Path("fuzz.yaml"))
    except SourceError as error:
        assert error.problems and all(p.message for p in error.problems)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(yaml_values)
def test_dumped_data_reads_back_the_same(value: object) -> None:
    assert parse_yaml_text(yaml.safe_dump(value), Path("x.yaml")) == value
