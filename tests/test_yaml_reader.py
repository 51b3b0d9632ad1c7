from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.banks.problems import SourceError
from quiz.banks.yaml_reader import MAX_FILE_BYTES, parse_yaml_text, read_yaml


def _problem(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_yaml(path)
    return str(caught.value)


def test_reads_plain_yaml(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\nb: [x, y]\n", "utf-8")
    document = read_yaml(path)
    assert document.data == {"a": 1, "b": ["x", "y"]}
    assert document.text.startswith("a: 1")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(path).data == {"a": 1}


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
    assert read_yaml(path).data == {"base": ["dicom", "hl7"], "other": ["dicom", "hl7"]}


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert "possible alias bomb" in _problem(path)


def test_locate_points_at_values_keys_and_missing_parents() -> None:
    document = parse_yaml_text("bank: x\nquestions:\n  - id: a\n    answer: Z\n", Path("x.yaml"))
    assert document.locate(("questions", 0, "answer")) == (4, 13)
    assert document.locate(("questions", 0, "answer"), at_key=True) == (4, 5)
    assert document.locate(("questions", 0, "missing")) == (3, 5)
    assert parse_yaml_text("", Path("empty.yaml")).locate(("x",)) is None


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
    assert parse_yaml_text(yaml.safe_dump(value), Path("x.yaml")).data == value


LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])
# mistake -> (text, words of the plain message); the C and Python parsers word each differently
MISTAKES = {
    "over-indented key": ("a:\n  - id: q1\n     domain: x\n", "indent it like the keys above it"),
    "under-indented key": ("a:\n  - id: q1\n    domain: x\n   question: y\n", "indented differently"),
    "list item out of line": ("a:\n  - x\n - y\n", "indented differently"),
    "unquoted ': '": ("title: Which: this one\n", "contains ': '"),
    "key without ':'": ("a: 1\nb\nc: 2\n", "neither 'key: value'"),
    "unclosed quote": ('a: "abc\nb: 2\n', "never closed"),
    "unclosed list": ("a: [x, y\nb: 2\n", "list opened on line 1 is not closed"),
    "unclosed mapping": ("a: {x: 1\nb: 2\n", "the '{' mapping opened on line 1 is not closed"),
    "HL7 escape in double quotes": ('a: "\\E\\"\n', "use single quotes or a '|' block"),
    "undefined alias": ("a: *nope\n", "anchor (&name) that is not defined"),
    "reserved character": ("a: @x\n", "'@' cannot start a value here"),
    "tab indentation": ("a:\n\tb: 1\n", "a tab is used for indentation"),
    "two documents": ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    "duplicate anchor": ("a: &x 1\nb: &x 2\n", "same anchor name is defined twice (first on line 1)"),
    "text after '|'": ("a: |x\n  b\n", "after '|' or '>'"),
    "stray bracket": ("a: [x]]\n", "unexpected ']'"),
}


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_syntax_errors_are_plain_words_with_a_hint_from_either_parser(loader: type, mistake: str) -> None:
    from quiz.banks.yaml_messages import syntax_problem

    text, words = MISTAKES[mistake]
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(text, Loader=loader)
    problem = syntax_problem(caught.value, text, Path("x.yaml"))
    assert words in problem.message, problem.message
    assert problem.line is not None and problem.column is not None
    if "tab" not in mistake:
        assert "YAML syntax error: " in problem.message and ". Hint: " in problem.message
    for parser_words in (
        "not allowed in this context",
        "not allowed here",
        "did not find expected",
        "could not find expected",
        "<block",
        "while scanning",
        "while parsing",
    ):
        assert parser_words not in problem.message


def test_a_raw_control_character_is_named_and_located(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text("a: 1\nb: x\x1b[2Jy\n", "utf-8")
    with pytest.raises(SourceError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 5)
    assert "control character U+001B (␛)" in problem.message and "\x1b" not in problem.message


def test_a_date_that_is_no_date_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "date.yaml"
    path.write_text("a: 1\nb: 2024-13-45\n", "utf-8")
    with pytest.raises(SourceError) as caught:  # PyYAML raises a bare ValueError here
        read_yaml(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 4) and "put it in quotes" in problem.message


def test_a_tab_in_block_text_is_kept() -> None:
    text = "a: |\n  one\n  \ttwo\n  three\nb: >\n  x\n  \ty\n"
    assert parse_yaml_text(text, Path("t.yaml")).data == {"a": "one\n\ttwo\nthree\n", "b": "x\n\ty\n"}


def test_merged_keys_may_be_overridden_and_written_keys_may_not_repeat() -> None:
    base = "base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\n"
    data = parse_yaml_text(base + "m:\n  <<: [*b, *o]\n  x: 9\n", Path("m.yaml")).data
    assert data["m"] == {"x": 9, "y": 2, "z": 4}  # the mapping's own key wins; earlier merges win
    with pytest.raises(SourceError) as caught:
        parse_yaml_text(base + "m:\n  <<: *b\n  x: 9\n  x: 10\n", Path("m.yaml"))
    assert str(caught.value) == "m.yaml:6:3: duplicate key 'x' in the same mapping"
