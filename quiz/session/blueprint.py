"""Drawing an exam's questions by a profile's domain weights."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from quiz.domains import Domain
from quiz.library import Entry, Library
from quiz.models import Profile

K = TypeVar("K", bound=Hashable)


def largest_remainder(total: int, weights: Mapping[K, float]) -> dict[K, int]:
    """Split `total` in proportion to `weights`: floors first, then the largest remainders get
    one more each (ties go to the key listed first)."""
    weight_sum = sum(weights.values())
    if total <= 0 or weight_sum <= 0:
        return dict.fromkeys(weights, 0)
    quotas = {k: total * w / weight_sum for k, w in weights.items()}
    shares = {k: math.floor(q) for k, q in quotas.items()}
    left = total - sum(shares.values())
    order = sorted(quotas, key=lambda k: -(quotas[k] - shares[k]))
    for key in order[:left]:
        shares[key] += 1
    return shares


def allocate(total: int, weights: Mapping[K, float], capacity: Mapping[K, int]) -> dict[K, int]:
    """Like `largest_remainder`, but no key gets more than its capacity: what a full key cannot take is
    shared again, in proportion, among the keys that still have room."""
    result = dict.fromkeys(weights, 0)
    remaining = min(total, sum(capacity.get(k, 0) for k in weights))
    while remaining > 0:
        open_keys = {k: w for k, w in weights.items() if result[k] < capacity.get(k, 0)}
        shares = largest_remainder(remaining, open_keys)
        for key, share in shares.items():
            result[key] += min(share, capacity.get(key, 0) - result[key])
        remaining = min(total, sum(capacity.get(k, 0) for k in weights)) - sum(result.values())
    return result


@dataclass
class Draw:
    """The questions a blueprint drew, per domain against what it wanted, and why any fell short."""

    entries: list[Entry]
    wanted: dict[Domain, int]
    drawn: dict[Domain, int]
    notes: list[str] = field(default_factory=list)
    summary: str | None = None  # the notes in one line


def eligible(library: Library, profile: Profile, exclude: Collection[str] = ()) -> list[Entry]:
    entries = library.select(domains=profile.domains.keys(), topics=profile.topics, banks=profile.banks)
    return [e for e in entries if e.key not in exclude and (profile.include_drills or not e.is_generated)]


def draw_exam(library: Library, profile: Profile, rng: random.Random, *, exclude: Collection[str] = ()) -> Draw:
    """Draw the profile's number of questions without repeats (none of `exclude`), spread by its
    blueprint, in a shuffled order. Where a domain has too few questions the others fill in, and the
    notes say so."""
    total = profile.questions
    pool: dict[Domain, list[Entry]] = {d: [] for d in profile.domains}
    for entry in eligible(library, profile, exclude):
        pool[entry.domain].append(entry)
    wanted = largest_remainder(total, profile.domains)
    drawn = allocate(total, profile.domains, {d: len(v) for d, v in pool.items()})
    notes = []
    for domain, want in wanted.items():
        if drawn[domain] < want:
            notes.append(
                f"{domain.label}: the blueprint asks for {want}, only {len(pool[domain])} available; "
                "other domains filled in"
            )
    got = sum(drawn.values())
    if got < total:
        notes.append(f"Only {got} of the {total} questions asked for are available with these filters.")
    short = [domain.label for domain, want in wanted.items() if drawn[domain] < want]
    if any(entry.case for entries in pool.values() for entry in entries):
        chosen = _by_units(pool, drawn, rng)
    else:  # no case sets: the draw every seed gave before they existed
        chosen = []
        for domain, n in drawn.items():
            # sort first so the same seed draws the same questions whatever order the banks loaded in
            chosen += rng.sample(sorted(pool[domain], key=lambda e: e.key), n)
        rng.shuffle(chosen)
    return Draw(chosen, wanted, drawn, notes, _summary(got, total, short))


def _by_units(pool: dict[Domain, list[Entry]], drawn: dict[Domain, int], rng: random.Random) -> list[Entry]:
    """`drawn[d]` entries of each domain d, in a shuffled order, a case set counting as one unit:
    its questions all drawn or none, kept together and in file order. A case that would overfill a
    domain is passed over and single questions fill in, so the blueprint's counts hold."""
    units: dict[str, list[Entry]] = {}
    for domain in pool:
        for entry in pool[domain]:
            units.setdefault(entry.case or entry.key, []).append(entry)
    # sorted first so the same seed draws the same questions whatever order the banks loaded in
    order = sorted(units)
    rng.shuffle(order)
    taken = _fill(order, units, drawn)
    if sum(len(unit) for unit in taken) < sum(drawn.values()):
        # a domain came up short because its last questions sit in a case: take the cases first
        taken = _fill(sorted(order, key=lambda key: len(units[key]) == 1), units, drawn)
    rng.shuffle(taken)
    return [entry for unit in taken for entry in unit]


def _fill(order: list[str], units: dict[str, list[Entry]], drawn: dict[Domain, int]) -> list[list[Entry]]:
    need = dict(drawn)
    taken: list[list[Entry]] = []
    for unit_key in order:
        unit = sorted(units[unit_key], key=lambda e: e.position)
        counts = Counter(entry.domain for entry in unit)
        if all(need[domain] >= n for domain, n in counts.items()):
            taken.append(unit)
            need.update({domain: need[domain] - n for domain, n in counts.items()})
            if not any(need.values()):
                break
    return taken


def _summary(got: int, total: int, short: list[str]) -> str | None:
    """One line for the start of an exam (the per-domain notes would cover the first question)."""
    if got < total:
        return f"Only {got} questions match: this exam has {got}, not {total}."
    if not short:
        return None
    named = ", ".join(short) if len(short) <= 3 else f"{len(short)} domains"
    return f"Too few questions in {named} for the blueprint: other domains filled in."
