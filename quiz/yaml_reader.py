"""Safe, fast YAML reading with located errors.

The happy path parses once with PyYAML's C loader (when built) and builds plain Python data. Line
numbers are found only when something has to be reported, by composing the file again into nodes.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml

from quiz.problems import Problem, SourceError

try:  # the C loader is ~10x faster; fall back to pure Python when libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 20 * 1024 * 1024
# A document whose aliases expand it past this many nodes is refused ("billion laughs").
MAX_EXPANDED_NODES = 2_000_000
_ANCHOR_RE = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]+", re.MULTILINE)
_TAB_INDENT_RE = re.compile(r"^ *\t", re.MULTILINE)


class _DuplicateKey(Exception):
    def __init__(self, key: object, node: yaml.Node) -> None:
        super().__init__(key)
        self.key = key
        self.node = node


class _StrictLoader(_BaseLoader):
    """Safe loader that refuses duplicate mapping keys instead of silently keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        self.flatten_mapping(node)
        mapping: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                )
            if key in mapping:
                raise _DuplicateKey(key, key_node)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)


def read_yaml(path: Path) -> tuple[Any, str]:
    """Parse a YAML file safely; return the data and the decoded text (kept for locating errors)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError([Problem(path, f"cannot read the file: {exc.strerror or exc}")]) from None
    if size > MAX_FILE_BYTES:
        raise SourceError(
            [Problem(path, f"file is {size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB")]
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(path, f"cannot read the file: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise SourceError(
            [Problem(path, f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                     line, column)]
        ) from None
    return parse_yaml_text(text, path), text


def parse_yaml_text(text: str, path: Path) -> Any:
    if text.startswith("\ufeff"):
        text = text[1:]
    tab = _TAB_INDENT_RE.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        raise SourceError([Problem(path, "a tab is used for indentation; YAML needs spaces", line, column)])
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if _ANCHOR_RE.search(text):
            _refuse_alias_bombs(root, path)
        return loader.construct_document(root)
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        raise SourceError(
            [Problem(path, f"duplicate key {dup.key!r} in the same mapping", mark.line + 1, mark.column + 1)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise SourceError([_yaml_problem(exc, path)]) from None
    except yaml.YAMLError as exc:
        raise SourceError([Problem(path, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.MarkedYAMLError, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if isinstance(exc, yaml.constructor.ConstructorError) and "could not determine a constructor" in problem:
        problem = f"{problem}; only plain YAML data is allowed (no language-specific tags)"
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    if mark is None:
        return Problem(path, message)
    return Problem(path, message, mark.line + 1, mark.column + 1)


def _refuse_alias_bombs(root: yaml.Node, path: Path) -> None:
    """Count the nodes the document expands to; aliases make that exponential in the text size."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_EXPANDED_NODES:
                mark = node.start_mark
                raise SourceError(
                    [Problem(path, "anchors and aliases expand this document beyond "
                             f"{MAX_EXPANDED_NODES:,} values; refusing it (possible alias bomb)",
                             mark.line + 1, mark.column + 1)]
                )
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def locate(text: str, loc: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at `loc` (mapping keys and list indexes); of its key
    with `at_key`; of the deepest parent that exists when the value is missing. Only called when
    reporting an error, so the second parse costs nothing on the happy path."""
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    mark = node.start_mark
    for index, part in enumerate(loc):
        key_node: yaml.Node | None = None
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            key_node, child = next(((k, v) for k, v in node.value if k.value == part), (None, None))
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        last = index == len(loc) - 1
        mark = key_node.start_mark if at_key and last and key_node is not None else child.start_mark
    return mark.line + 1, mark.column + 1
