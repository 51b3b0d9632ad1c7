"""Drill generation speed: one fresh question per draw must take under 1 ms.

    python -m benchmarks.drills [--draws N]

Prints the one-off cost of the first question (pydicom and hl7apy are imported then), the p50/p95/max
time per generated question over N random draws, and the time to list every drill at start-up.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from quiz.drills import drill_facts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=20_000)
    args = parser.parse_args()
    began = time.perf_counter()
    facts = drill_facts()
    listing = time.perf_counter() - began
    began = time.perf_counter()
    facts[0].generate(1)
    next(f for f in facts if f.bank == "drill-hl7").generate(1)
    first = time.perf_counter() - began
    rng = random.Random(1)
    timings = []
    for _ in range(args.draws):
        fact = rng.choice(facts)
        variant = rng.randrange(1, 2**31)
        start = time.perf_counter()
        fact.generate(variant)
        timings.append(time.perf_counter() - start)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{len(facts)} curated drill facts listed in {listing * 1000:.1f} ms (no pydicom/hl7apy import)")
    print(f"first question (imports pydicom and hl7apy): {first * 1000:.0f} ms, once per run")
    print(
        f"per question over {args.draws:,} draws: p50 {statistics.median(timings) * 1000:.3f} ms, "
        f"p95 {p95 * 1000:.3f} ms, max {timings[-1] * 1000:.3f} ms (budget 1 ms)"
    )


if __name__ == "__main__":
    main()
