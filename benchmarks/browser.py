"""The question browser's budget (issue 19): with a 20,000-question bank, the table is searched and
repainted within 100 ms of a keystroke.

    python -m benchmarks.browser [--questions N] [--runs R]

Headless, at 120x40: the browser opens over a synthetic bank, then each keystroke of a few searches
is typed into its search field the way a user types it (Pilot.press), and the time runs from the
key to the first frame the app hands its driver (App._display, what a terminal would be sent)
after the table was filled with the new search's rows. Reported: the median, 95th percentile and
worst keystroke over the runs; the CPU the keystroke cost (search, sort, repaint); and Pilot's round
trip (the frame plus Pilot's own waits for the app to go idle, an upper bound).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import synthetic_bank
from quiz.banks.formats import validate_bank
from quiz.banks.loader import LoadedBank
from quiz.clock import ManualClock
from quiz.library import Library
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp, StartBrowse
from quiz.tui.screens.browser import BrowserScreen

SEARCHES = ("archive", "is:new worklist", "kind:choice -study")


async def measure(count: int, runs: int) -> tuple[list[float], list[float], list[float], float]:
    bank = validate_bank(synthetic_bank(count))
    library = Library(banks=[LoadedBank(bank, Path("synthetic.yaml"), False)])
    clock = ManualClock()
    keystrokes: list[float] = []
    work: list[float] = []
    round_trips: list[float] = []
    opened = 0.0
    with tempfile.TemporaryDirectory() as folder:
        study = Study(library, ProgressStore.open(Path(folder), clock.now()), clock=clock, fuzzing=False)
        app = QuizApp(study, start=StartBrowse(""))
        frames: list[float] = []
        display = app._display

        def timed_display(screen: object, renderable: object) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            display(screen, renderable)  # type: ignore[arg-type]

        app._display = timed_display  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40)) as pilot:
            start = time.perf_counter()
            while not isinstance(app.screen, BrowserScreen):
                await pilot.pause()
            await pilot.pause()
            opened = time.perf_counter() - start
            screen = app.screen
            assert isinstance(screen, BrowserScreen)
            refill = screen._refill
            filled: list[float] = []

            def timed_refill() -> None:
                refill()
                filled.append(time.perf_counter())

            screen._refill = timed_refill  # type: ignore[method-assign]
            for _ in range(runs):
                for query in SEARCHES:
                    for key in query:
                        before = screen.query_text
                        start, cpu = time.perf_counter(), time.process_time()
                        await pilot.press("space" if key == " " else key)
                        await pilot.pause()  # the frame with the new rows is drawn
                        round_trips.append(time.perf_counter() - start)
                        work.append(time.process_time() - cpu)
                        ready = next(t for t in filled if t > start)
                        keystrokes.append(next(t for t in frames if t > ready) - start)
                        assert screen.query_text != before
                    screen.query_one("#browse-search").clear()  # type: ignore[attr-defined]
                    await pilot.pause()
        study.store.close()
    return keystrokes, work, round_trips, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    keystrokes, work, round_trips, opened = asyncio.run(measure(args.questions, args.runs))
    print(f"{args.questions:,} questions: browser open {opened * 1000:.0f} ms")
    for name, figures in (("key to frame", keystrokes), ("cpu", work), ("Pilot round trip", round_trips)):
        print(
            f"{name} over {len(figures)} keystrokes: median {statistics.median(figures) * 1000:.0f} ms, "
            f"p95 {statistics.quantiles(figures, n=20)[-1] * 1000:.0f} ms, worst {max(figures) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
