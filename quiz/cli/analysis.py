"""`quiz analyze BANK_ID`: the item analysis of a bank's questions from the local attempts, as a
table (or `--json`), with the items that need an author's look flagged."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from quiz.text import printable

if TYPE_CHECKING:
    from quiz.insight.item_analysis import ItemAnalysis
    from quiz.study import Study


def print_analysis(study: Study, bank_id: str, *, as_json: bool) -> int:
    from quiz.insight.item_analysis import MIN_EXAMS, analyze

    banks = {loaded.bank.bank: loaded.bank for loaded in study.library.banks}
    if bank_id not in banks:
        print(
            printable(f"quiz analyze: no bank {bank_id!r}; the banks are: {', '.join(sorted(banks))}"), file=sys.stderr
        )
        return 2
    attempts = study.store.attempts
    report = analyze(study.library, attempts, bank_id)
    if as_json:
        print(json.dumps([_row(item) for item in report], indent=2, ensure_ascii=False))
        return 0
    exams = sum(1 for attempt in attempts if attempt.kind == "exam")
    lines = [f"Item analysis of {bank_id} ({banks[bank_id].title}): {len(attempts)} attempts, {exams} exams"]
    if not exams:
        lines.append("no exam attempts yet: discrimination is read from exams (the share right from every answer)")
    lines.append(f"discrimination: the item against the rest of the exam, where {MIN_EXAMS} or more exams hold it")
    lines.append("")
    lines.append(f"{'#':>4} {'answers':>7} {'right':>5} {'discr.':>6}  id  (options chosen, * the key)")
    for number, item in enumerate(report, start=1):
        share = f"{item.share_right:.0%}" if item.share_right is not None else "-"
        discrimination = f"{item.discrimination:.2f}" if item.discrimination is not None else "-"
        mark = "  ⚑" if item.flags else ""
        chosen = _chosen(item)
        lines.append(
            f"{number:>4} {item.answers:>7} {share:>5} {discrimination:>6}  {item.key.split('/', 1)[1]}"
            + (f"  ({chosen})" if chosen else "")
            + mark
        )
        lines.extend(f"{'':>6}⚑ {flag}" for flag in item.flags)
    flagged = sum(1 for item in report if item.flags)
    lines.append("")
    lines.append(f"{flagged} of {len(report)} questions flagged for review" if flagged else "no question flagged")
    print(printable("\n".join(lines)))
    return 0


def _chosen(item: ItemAnalysis) -> str:
    return " · ".join(
        f"{label}{'*' if index in item.keyed else ''} {count}"
        for index, (label, count) in enumerate(zip(item.options, item.chosen, strict=True))
    )


def _row(item: ItemAnalysis) -> dict[str, object]:
    return {
        "id": item.key.split("/", 1)[1],
        "answers": item.answers,
        "right": item.right,
        "share_right": item.share_right,
        "exams": item.exams,
        "discrimination": item.discrimination,
        "options": dict(zip(item.options, item.chosen, strict=True)),
        "key": [item.options[i] for i in item.keyed if i < len(item.options)],
        "flags": list(item.flags),
    }
