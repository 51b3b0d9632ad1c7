"""Generated banks and stores of realistic shape for benchmarks and tests."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from quiz.domains import DOMAIN_KEYS

_WORDS = [
    "archive",
    "modality",
    "worklist",
    "study",
    "series",
    "instance",
    "association",
    "transfer",
    "syntax",
    "storage",
    "commitment",
    "query",
    "retrieve",
    "hanging",
    "protocol",
    "display",
    "calibration",
    "luminance",
    "interface",
    "message",
    "segment",
    "field",
    "order",
    "report",
    "radiologist",
    "technologist",
    "network",
    "latency",
    "bandwidth",
    "server",
    "database",
    "index",
    "backup",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def synthetic_bank(count: int, *, seed: int = 7, bank_id: str = "synthetic") -> dict[str, object]:
    rng = random.Random(seed)
    questions = []
    for index in range(count):
        choices = [f"{_sentence(rng, rng.randint(2, 5))} ({index}-{c})" for c in range(4)]
        questions.append(
            {
                "id": f"q{index:05d}",
                "domain": DOMAIN_KEYS[index % len(DOMAIN_KEYS)],
                "topics": rng.sample(["dicom", "hl7", "ihe", "storage", "display", "networking"], 2),
                "difficulty": rng.choice(["easy", "medium", "hard"]),
                "question": " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 2))),
                "choices": choices,
                "answer": "ABCD"[index % 4],
                "explanation": " ".join(_sentence(rng, rng.randint(8, 14)) for _ in range(2)),
                "references": [f"DICOM PS3.{rng.randint(3, 18)} section {rng.randint(1, 12)}"],
            }
        )
    return {"bank": bank_id, "title": f"Synthetic bank of {count}", "questions": questions}


def write_synthetic_bank(path: Path, count: int, *, seed: int = 7, bank_id: str = "synthetic") -> Path:
    data = synthetic_bank(count, seed=seed, bank_id=bank_id)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100), "utf-8")
    return path


# One mistake per question, of the kinds people make: a letter past the last choice, a misspelt
# field, a misspelt domain, a missing stem. Each gets its own located error.
_MISTAKES = ("answer", "field", "domain", "stem")


def write_broken_bank(path: Path, errors: int, *, bank_id: str = "broken") -> Path:
    """A bank of `errors` short questions, each with exactly one validation error (about 290 bytes
    per question: 8,000 errors make about 2.3 MB)."""
    rng = random.Random(11)
    lines = [f"bank: {bank_id}", f"title: A bank with {errors} errors", "questions:"]
    for index in range(errors):
        mistake = _MISTAKES[index % len(_MISTAKES)]
        domain = "imaging-managment" if mistake == "domain" else DOMAIN_KEYS[index % len(DOMAIN_KEYS)]
        lines += [f"  - id: q{index:05d}", f"    domain: {domain}"]
        if mistake != "stem":
            lines.append(f"    question: {_sentence(rng, 7)}")
        lines.append("    choices:")
        lines += [f"      - {_sentence(rng, 2)} ({c})" for c in range(4)]
        lines.append(f"    answer: {'E' if mistake == 'answer' else 'ABCD'[index % 4]}")
        lines.append(f"    {'explaination' if mistake == 'field' else 'explanation'}: {_sentence(rng, 5)}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path
