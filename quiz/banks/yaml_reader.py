"""Safe, fast YAML reading with located errors.

The file is parsed with PyYAML's C loader (when built) into nodes, and the nodes into plain Python
data. The nodes carry every line and column, but they are not kept with the data: for a large bank
they are several times its size (a 14 MB bank of 20,000 questions: 208 MB of nodes and marks, for
58 MB of text and data), and most files have nothing to locate. The first lookup parses the text
again, once; then locating any number of problems costs a walk down the tree each.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from quiz.banks.problems import Problem, SourceError
from quiz.banks.safe_files import MAX_FILE_BYTES, UnreadableFile, read_regular_file
from quiz.banks.yaml_messages import syntax_problem

__all__ = ["MAX_FILE_BYTES", "YamlDocument", "parse_yaml_bytes", "parse_yaml_text", "read_yaml"]

try:  # the C loader is ~10x faster; fall back to pure Python when libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# A document whose aliases expand it past this many nodes is refused ("billion laughs").
MAX_EXPANDED_NODES = 2_000_000
_ANCHOR_RE = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]+", re.MULTILINE)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKey(Exception):
    def __init__(self, key: object, node: yaml.Node) -> None:
        super().__init__(key)
        self.key = key
        self.node = node


class _StrictLoader(_BaseLoader):
    """Safe loader that refuses duplicate mapping keys instead of silently keeping the last one.

    A key written twice in one mapping is a mistake; a key that overrides one brought in by a merge
    (`<<: *base`) is what merging is for, so only keys written in the mapping itself count."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        written = {id(key) for key, _ in node.value if key.tag != _MERGE_TAG}
        self.flatten_mapping(node)  # merged pairs first, then the mapping's own: later ones win
        mapping: dict[Hashable, Any] = {}
        seen_written: set[Hashable] = set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                )
            if id(key_node) in written:
                if key in seen_written:
                    raise _DuplicateKey(key, key_node)
                seen_written.add(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> date:
        """A date-like value that is no date (2024-13-45) is a located problem, not a ValueError."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{node.value!r} looks like a date but is not one ({exc}); put it in quotes",
                node.start_mark,
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


@dataclass
class YamlDocument:
    """A parsed file: its data and its text; `root`, the node tree that says where each value was
    written, is parsed again from the text when first asked for (see the module's docstring)."""

    data: Any
    text: str

    @cached_property
    def root(self) -> yaml.Node | None:
        loader = _StrictLoader(self.text)  # the text parsed before: the same tree, no error
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.split("\n")

    def node_at(self, loc: Sequence[str | int]) -> yaml.Node | None:
        """The node of the value at `loc` (mapping keys and list indexes), or None."""
        found = self._walk(loc)
        return found[2] if found and found[0] == len(loc) else None

    def locate(self, loc: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int] | None:
        """Line and column (1-based) of the value at `loc`; of its key with `at_key`; of the deepest
        parent that exists when the value is missing."""
        found = self._walk(loc)
        if found is None:
            return None
        depth, key_node, node = found
        mark = key_node.start_mark if at_key and depth == len(loc) and key_node is not None else node.start_mark
        return mark.line + 1, mark.column + 1

    def locate_in_value(self, loc: Sequence[str | int], offset: int) -> tuple[int, int] | None:
        """Where character `offset` of the text value at `loc` was written, when that is certain (a
        one-line scalar, or a line of a '|' block); else where the value starts."""
        node = self.node_at(loc)
        if not isinstance(node, yaml.ScalarNode):
            return self.locate(loc)
        start, end = node.start_mark, node.end_mark
        value: str = node.value
        if not node.style and start.line == end.line:  # plain (the C parser says "", Python None)
            return start.line + 1, start.column + offset + 1
        if node.style == "|":
            before = value[:offset]
            line = start.line + 1 + before.count("\n")
            in_line = offset - (before.rfind("\n") + 1)
            if line < len(self._lines):
                source_line = self._lines[line]
                value_line = value.split("\n")[before.count("\n")]
                indent = len(source_line) - len(value_line)
                if indent >= 0 and source_line.endswith(value_line):
                    return line + 1, indent + in_line + 1
        return start.line + 1, start.column + 1

    def _walk(self, loc: Sequence[str | int]) -> tuple[int, yaml.Node | None, yaml.Node] | None:
        """(how many steps of `loc` exist, the last key node met, the deepest node reached)."""
        node = self.root
        if node is None:
            return None
        key_node: yaml.Node | None = None
        depth = 0
        for part in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                # the last pair wins, as in the data (a merged key overridden by the mapping's own)
                key_node, child = next(
                    ((k, v) for k, v in reversed(node.value) if isinstance(k, yaml.ScalarNode) and k.value == part),
                    (None, None),
                )
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                key_node, child = None, node.value[part]
            if child is None:
                break
            node = child
            depth += 1
        return depth, key_node, node


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file safely: regular files only, at most MAX_FILE_BYTES, UTF-8 text."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise SourceError([Problem(path, str(exc))]) from None
    return parse_yaml_bytes(raw, path)


def parse_yaml_bytes(raw: bytes, path: Path) -> YamlDocument:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise SourceError(
            [Problem(path, f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, column)]
        ) from None
    return parse_yaml_text(text, path)


def parse_yaml_text(text: str, path: Path) -> YamlDocument:
    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(None, text)
        if _ANCHOR_RE.search(text):
            _refuse_alias_bombs(root, path)
        return YamlDocument(loader.construct_document(root), text)
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        raise SourceError(
            [Problem(path, f"duplicate key {dup.key!r} in the same mapping", mark.line + 1, mark.column + 1)]
        ) from None
    except yaml.constructor.ConstructorError as exc:
        raise SourceError([_constructor_problem(exc, path)]) from None
    except yaml.YAMLError as exc:
        raise SourceError([syntax_problem(exc, text, path)]) from None
    finally:
        loader.dispose()


def _constructor_problem(exc: yaml.constructor.ConstructorError, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid value"
    if "could not determine a constructor" in problem:
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
                    [
                        Problem(
                            path,
                            "anchors and aliases expand this document beyond "
                            f"{MAX_EXPANDED_NODES:,} values; refusing it (possible alias bomb)",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    ]
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
