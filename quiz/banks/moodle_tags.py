"""How a question's topics, difficulty, domain and outline sub-topic travel in Moodle's question
tags, both ways: each topic is a tag of its own, the others are tags with a prefix
(`difficulty-hard`, `domain-image-management`, `subtopic-im-dicom-networking`), so a Moodle XML
file the app exported gives them back when it is imported again. Moodle compares tags without case,
so a tag is read in lowercase; one that is not a topic (lowercase letters, digits and hyphens, as
the bank format says) is reported, never guessed into one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from quiz.domains import DOMAIN_KEYS
from quiz.models import Question

TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # the bank format's topic rule (quiz.kinds.format_base.Topic)
DIFFICULTIES = ("easy", "medium", "hard")
DOMAIN_TAG, DIFFICULTY_TAG, SUBTOPIC_TAG = "domain-", "difficulty-", "subtopic-"


def tags_of(question: Question) -> list[str]:
    """The tags a question is exported with."""
    tags = [*question.topics, f"{DIFFICULTY_TAG}{question.difficulty.value}", f"{DOMAIN_TAG}{question.domain.value}"]
    if question.subtopic:
        tags.append(f"{SUBTOPIC_TAG}{question.subtopic}")
    return tags


def read_tags(tags: Iterable[str]) -> tuple[dict[str, Any], list[str]]:
    """The question fields the tags give (domain, difficulty, subtopic, topics) and notes on what
    changed or was left out."""
    fields: dict[str, Any] = {}
    topics: list[str] = []
    notes: list[str] = []
    for written in tags:
        tag = written.strip()
        lowered = tag.lower()
        if not tag:
            continue
        if lowered.startswith(DOMAIN_TAG) and lowered[len(DOMAIN_TAG) :] in DOMAIN_KEYS:
            _once(fields, "domain", lowered[len(DOMAIN_TAG) :], tag, notes)
        elif lowered.startswith(DIFFICULTY_TAG) and lowered[len(DIFFICULTY_TAG) :] in DIFFICULTIES:
            _once(fields, "difficulty", lowered[len(DIFFICULTY_TAG) :], tag, notes)
        elif lowered.startswith(SUBTOPIC_TAG) and TOPIC.match(lowered[len(SUBTOPIC_TAG) :]):
            _once(fields, "subtopic", lowered[len(SUBTOPIC_TAG) :], tag, notes)
        elif TOPIC.match(lowered):
            if lowered not in topics:
                topics.append(lowered)
            if lowered != tag:
                notes.append(f"tag '{tag}' became topic '{lowered}'")
        else:
            notes.append(f"tag '{tag}' is not a topic (lowercase letters, digits and hyphens): left out")
    if topics:
        fields["topics"] = topics
    return fields, notes


def _once(fields: dict[str, Any], name: str, value: str, tag: str, notes: list[str]) -> None:
    if name in fields and fields[name] != value:
        notes.append(f"tag '{tag}' left out: the question's {name} is already {fields[name]}")
    else:
        fields[name] = value
