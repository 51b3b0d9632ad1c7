"""Coverage of the loaded banks against the CIIP blueprint: questions per domain, per sub-topic of the
outline (question_banks/outline/subtopics.yaml, each against its minimum), topic and difficulty.

Run as `python -m quiz.insight.coverage` or `quiz banks --coverage`.
"""

from __future__ import annotations

from collections import Counter

from quiz.banks.outline import Outline, Subtopic, shipped_outline
from quiz.domains import Domain
from quiz.library import Library
from quiz.models import Difficulty
from quiz.session.blueprint import largest_remainder


def subtopic_counts(library: Library, outline: Outline) -> list[tuple[Subtopic, int]]:
    """Every sub-topic of the outline, in its order, with the written (not generated) questions
    tagged with it; the content gate holds each to its minimum."""
    tagged = Counter(e.question.subtopic for e in library.entries.values() if not e.is_generated)
    return [(subtopic, tagged[subtopic.id]) for subtopic in outline.subtopics.values()]


def subtopic_lines(library: Library, outline: Outline) -> list[str]:
    counts = subtopic_counts(library, outline)
    short = [(s, n) for s, n in counts if n < s.minimum]
    gaps = (
        f"{len(short)} under their minimum, {sum(s.minimum - n for s, n in short)} questions short"
        if short
        else "each at its minimum or above"
    )
    lines = [f"sub-topics ({len(counts)}; {gaps}), questions/minimum:"]
    width = max(len(s.id) for s, _ in counts)
    for domain in Domain:
        lines.append(f"  {domain.label}")
        for subtopic, count in counts:
            if subtopic.domain is domain:
                flag = "  short" if count < subtopic.minimum else ""
                lines.append(f"    {subtopic.id:<{width}} {count:>4}/{subtopic.minimum:<2} {subtopic.title}{flag}")
    untagged = sum(1 for e in library.entries.values() if not e.is_generated and e.question.subtopic is None)
    if untagged:
        lines.append(f"  no sub-topic (your own banks): {untagged}")
    return lines


def coverage_report(library: Library, profile_id: str = "ciip", exams: int = 3) -> str:
    profile = library.profiles.get(profile_id)
    counts = library.domain_counts()
    entries = [e for e in library.entries.values() if not e.is_generated]
    wanted = largest_remainder(profile.questions, profile.domains) if profile else {}
    lines = [
        f"{'domain':<28}{'questions':>10}{'share':>8}"
        + (f"{'blueprint':>11}{f'x{exams} exams':>11}" if profile else "")
    ]
    total = max(len(entries), 1)
    for domain in Domain:
        row = f"{domain.label:<28}{counts[domain]:>10}{counts[domain] / total:>8.1%}"
        if profile:
            need = wanted.get(domain, 0) * exams
            flag = "" if counts[domain] >= need else "  short"
            row += f"{wanted.get(domain, 0):>11}{need:>11}{flag}"
        lines.append(row)
    lines.append(f"{'total':<28}{len(entries):>10}")
    if library.drill_banks:
        lines.append("drills (not counted above): " + ", ".join(f"{b} {n}" for b, n in library.drill_banks.items()))
    difficulty = Counter(e.difficulty for e in entries)
    lines.append("")
    lines.append("difficulty: " + ", ".join(f"{d.value} {difficulty[d]}" for d in Difficulty))
    topics = Counter(t for e in entries for t in e.topics)
    lines.append("topics: " + ", ".join(f"{t} {n}" for t, n in sorted(topics.items(), key=lambda x: (-x[1], x[0]))))
    lines.append("")
    lines += subtopic_lines(library, shipped_outline())
    return "\n".join(lines)


if __name__ == "__main__":
    print(coverage_report(Library.load()))
