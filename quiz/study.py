"""The one object a screen or a command talks to: loaded banks, the progress store, the clock and
the scheduler, with the operations a user can ask for."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.clock import Clock, SystemClock
from quiz.errors import (
    ExamRequestError,
    NoQuestionsError,
    SettingError,
    StoreBusyError,
    StoreWriteError,
    UnknownProfileError,
)
from quiz.insight.workload import Workload, due_counts, workload
from quiz.library import Entry, Library
from quiz.models import Profile, Question
from quiz.paths import UserPaths, user_paths
from quiz.scheduling.exam_plan import ExamPlan, due_rule
from quiz.scheduling.fsrs import Scheduling
from quiz.store.progress import ProgressStore

if TYPE_CHECKING:
    from quiz.banks.exporters import Exported
    from quiz.insight.readiness import Readiness
    from quiz.insight.retention import RetentionReport
    from quiz.insight.stats import Stats
    from quiz.scheduling.health import Health
    from quiz.scheduling.optimize import FitOutcome, FitReport, Progress
    from quiz.session.custom import ExamRequest
    from quiz.session.exam import ExamSession
    from quiz.session.practice import PracticeSession
    from quiz.session.selection import PracticeFilter
    from quiz.session.today import Today
    from quiz.store.feedback import ProblemReport
    from quiz.store.fsrs_parameters import FittedParameters
    from quiz.store.pending import PendingExam
    from quiz.store.results import SessionResult
    from quiz.store.settings import Settings
    from quiz.sync.report import SyncReport
    from quiz.sync.run import Exchange

# Session modules are imported on first use: Home needs none of them, and start-up time is budgeted.


@dataclass(frozen=True)
class Overview:
    """What the home screen shows about the user's progress."""

    questions: int
    drills: int
    due: int  # the same as due_now (kept for compatibility)
    missed: int
    leeches: int
    last_attempt: SessionResult | None
    pending_exam: PendingExam | None
    plan: ExamPlan | None = None
    workload: Workload | None = None
    due_now: int = 0  # due at this moment: what Review due offers (quiz.insight.workload.DueCounts.now)
    due_later_today: int = 0  # not due yet, due before the next local midnight (DueCounts.later_today)
    suspended: int = 0  # questions set aside for good (never asked until unsuspended)
    pending_elsewhere: tuple[tuple[str, str], ...] = ()  # (device, exam) unfinished on another machine (quiz.sync)


class Study:
    def __init__(
        self, library: Library, store: ProgressStore, *, clock: Clock | None = None, fuzzing: bool = True
    ) -> None:
        self.library = library
        self.store = store
        self.clock = clock or SystemClock()
        self._fuzzing = fuzzing
        self.scheduling = self._scheduling_for(store.settings)
        store.set_due_rule(due_rule(self.scheduling.plan))  # cards scheduled before the exam date was set follow it too
        self.last_sync: SyncReport | None = None
        self.recovered: SessionResult | None = None
        self.loader: Callable[[], Library] | None = None  # how the banks were loaded (to load them again)
        # a submit that could not be finished now (the disk still full, say): the exam stays
        # saved and the next start tries again; screens show this to the user
        self.recovery_error: StoreWriteError | None = None
        # why the progress is only looked at: another app holds it (see `open`); None when this one
        # writes, or was opened read-only on purpose (a command that only reads)
        self.busy: str | None = None
        if store.pending_session and not store.read_only:
            self._finish_interrupted_submit()
        self.refresh_set_aside()

    def _scheduling_for(self, settings: Settings) -> Scheduling:
        plan = ExamPlan(settings.exam_date, settings.plan_profile or "ciip") if settings.exam_date else None
        fitted = settings.fsrs_parameters
        parameters = fitted.parameters if fitted else None
        return Scheduling(settings.desired_retention, fuzzing=self._fuzzing, plan=plan, parameters=parameters)

    def refresh_set_aside(self) -> None:
        """What no session may ask now (a bury ends with time, so a session's start asks again)."""
        self.library.set_aside = self.store.set_aside_keys(self.clock.now())

    def _finish_interrupted_submit(self) -> None:
        from quiz.session.exam import finish_interrupted_submit

        try:
            self.recovered = finish_interrupted_submit(self.store, self.scheduling)
        except StoreWriteError as error:
            self.recovery_error = error

    @classmethod
    def open(
        cls,
        paths: UserPaths | None = None,
        extra_banks: Sequence[Path] = (),
        *,
        clock: Clock | None = None,
        fuzzing: bool = True,
        use_cache: bool = True,
        all_attributes: bool = False,
        read_only: bool = False,
        read_only_if_busy: bool = False,
    ) -> Study:
        """Load the banks and the progress. `read_only` (for commands that only look) takes no lock,
        so it works beside a running app, and changes no file: damage is only reported, and an
        interrupted submit is left for the app to finish. `read_only_if_busy` (the app): when another
        app holds the progress, open it read-only instead of failing, and say why in `busy`."""
        paths = paths or user_paths()
        clock = clock or SystemClock()
        library = Library.load(paths, extra_banks, use_cache=use_cache, all_attributes=all_attributes)
        busy: str | None = None
        try:
            store = ProgressStore.open(paths.progress, clock.now(), read_only=read_only)
        except StoreBusyError as error:
            if not read_only_if_busy:
                raise
            store = ProgressStore.open(paths.progress, clock.now(), read_only=True)
            busy = str(error)
        study = cls(library, store, clock=clock, fuzzing=fuzzing)
        study.busy = busy
        study.loader = lambda: Library.load(paths, extra_banks, use_cache=use_cache, all_attributes=all_attributes)
        return study

    def reload_banks(self) -> list[str]:
        """Load the banks again (after a bank file was edited); returns the loading problems."""
        if self.loader is not None:
            self.library = self.loader()
            self.refresh_set_aside()
        return [str(problem) for problem in self.library.problems]

    def close(self) -> None:
        self.store.close()

    # overview ----------------------------------------------------------------------------------
    def overview(self, tz: tzinfo | None = None) -> Overview:
        """`tz` decides where today ends (default: this machine's local time)."""
        self.refresh_set_aside()
        set_aside = self.library.set_aside
        askable = [k for k in self.library.entries if k not in set_aside]
        due = due_counts(self.store, askable, self.clock.now(), tz)
        last = next((a for a in reversed(self.store.attempts) if a.kind == "exam"), None)
        return Overview(
            questions=self.library.question_count,
            drills=sum(self.library.drill_banks.values()),
            due=due.now,
            due_now=due.now,
            due_later_today=due.later_today,
            missed=len(self.library.available(self.store.missed_keys())),
            leeches=len(self.library.available(self.store.leech_keys())),
            suspended=sum(1 for k in self.store.states.suspended if k in self.library.entries),
            last_attempt=last,
            pending_exam=self.store.pending_session,
            pending_elsewhere=self.last_sync.unfinished_elsewhere if self.last_sync is not None else (),
            plan=self.scheduling.plan,
            workload=self.plan_workload(tz),
        )

    # planning ----------------------------------------------------------------------------------
    def set_plan(self, plan: ExamPlan | None) -> None:
        """Save (or clear) the exam date and profile; scheduling follows it from now on."""
        if plan is not None:
            self.profile(plan.profile_id)  # refuse an unknown profile before saving anything
        settings = self.store.settings.changed(
            exam_date=plan.exam_date if plan else None, plan_profile=plan.profile_id if plan else None
        )
        self.store.save_settings(settings, now=self.clock.now())
        self.scheduling.plan = plan
        self.store.set_due_rule(due_rule(plan))

    def plan_workload(self, tz: tzinfo | None = None) -> Workload | None:
        plan = self.scheduling.plan
        if plan is None or plan.profile_id not in self.library.profiles:
            return None
        return workload(plan, self.library.profiles[plan.profile_id], self.library, self.store, self.clock.now(), tz)

    def profile(self, profile_id: str) -> Profile:
        try:
            return self.library.profiles[profile_id]
        except KeyError:
            raise UnknownProfileError(profile_id, list(self.library.profiles)) from None

    # exams -------------------------------------------------------------------------------------
    def start_exam(self, request: ExamRequest | Profile, *, seed: int | None = None) -> ExamSession:
        """An exam from a profile, or from a profile with options (raises ExamRequestError when the
        options cannot make one: the message says what is allowed)."""
        self.refresh_set_aside()
        from quiz.session.custom import ExamRequest, exam_profile
        from quiz.session.exam import ExamSession

        if isinstance(request, Profile):
            request = ExamRequest(request)
        with self._drawing_from(request):
            profile = exam_profile(self.library, request)
            return ExamSession.start(
                self.library,
                profile,
                clock=self.clock,
                scheduling=self.scheduling,
                store=self.store,
                seed=seed,
            )

    @contextlib.contextmanager
    def _drawing_from(self, request: ExamRequest) -> Iterator[None]:
        """While an exam is drawn (or checked), only its pool can be chosen: everything else is set
        aside as a suspended question is, then put back."""
        if not request.pool:
            yield
            return
        from quiz.models import Difficulty
        from quiz.session.selection import Only, PracticeFilter, practice_entries

        chosen = PracticeFilter(
            banks=request.banks,
            kinds=request.kinds,
            difficulties=[Difficulty(d) for d in request.difficulties],
            only=Only(request.only),
            count=None,
            drills=True,
        )
        pool = {e.key for e in practice_entries(self.library, self.store, chosen, random.Random(0), self.clock.now())}
        kept = self.library.set_aside
        self.library.set_aside = kept | (self.library.entries.keys() - pool)
        try:
            yield
        finally:
            self.library.set_aside = kept

    def start_tutor(self, request: ExamRequest, *, seed: int | None = None) -> PracticeSession:
        """An exam in tutor mode: the profile's draw (with the request's options), each answer marked
        and explained at once and scheduled as it is given, no clock; recorded as an exam, in tutor mode."""
        from quiz.session.blueprint import draw_exam
        from quiz.session.custom import exam_profile
        from quiz.session.practice import PracticeSession

        self.refresh_set_aside()
        seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        with self._drawing_from(request):
            profile = exam_profile(self.library, request)
            draw = draw_exam(self.library, profile, random.Random(seed))
        if not draw.entries:
            raise NoQuestionsError("no questions match this exam's blueprint and filters")
        return PracticeSession(
            draw.entries,
            self.clock,
            self.scheduling,
            self.store,
            title=f"Tutor: {profile.title}",
            kind="exam",
            seed=seed,
            profile=profile,
        )

    def check_exam(self, request: ExamRequest) -> str | None:
        """Why these options cannot make an exam, or None when they can."""
        from quiz.session.custom import exam_profile

        try:
            with self._drawing_from(request):
                exam_profile(self.library, request)
        except ExamRequestError as error:
            return str(error)
        return None

    def pending_summary(self, pending: PendingExam) -> str:
        """One line about an unfinished exam: its title, how far it got and the time left."""
        from quiz.durations import clock_text

        left = ""
        if pending.limit_seconds is not None:
            left = f", {clock_text(max(0.0, pending.limit_seconds - pending.elapsed))} left"
        return f"{pending.title}: {pending.answered} of {len(pending.items)} answered{left}"

    def resume_exam(self) -> ExamSession | None:
        """The unfinished exam, continued; None when there is none (or it was in fact submitted: then
        its submit is finished now, and StoreWriteError says if that still cannot be written)."""
        from quiz.session.exam import ExamSession, finish_interrupted_submit

        pending = self.store.pending_session
        if pending is None:
            return None
        if self.store.attempt(pending.session_id) is not None:
            self.recovered = finish_interrupted_submit(self.store, self.scheduling)
            self.recovery_error = None
            return None
        return ExamSession.resume(pending, self.library, clock=self.clock, scheduling=self.scheduling, store=self.store)

    def discard_pending_exam(self) -> None:
        pending = self.store.pending_session
        self.store.clear_session(action="discard the unfinished exam")
        if pending:
            self.store.delete_exam_copy(pending.session_id)

    def asked_questions(self, session_id: str) -> list[Question] | None:
        """The questions of an exam as it showed them, by position, from its copy; None when no copy
        is kept (an old exam, or a practice session): then the banks are all there is."""
        copy = self.store.load_exam_copy(session_id, self.clock.now())
        return None if copy is None else [Question.from_dict(item["question"]) for item in copy["items"]]

    def questions_as_asked(self, result: SessionResult) -> list[Question | None]:
        """Each item's question as the session showed it: from the exam's own copy when it has one
        (the bank may have been edited since), else from the banks; None for one no longer there."""
        asked = self.asked_questions(result.session_id) if result.kind == "exam" else None
        questions: list[Question | None] = []
        for position, item in enumerate(result.items):
            if asked is not None and position < len(asked) and item.key.endswith(f"/{asked[position].id}"):
                questions.append(asked[position])
                continue
            entry = self.library.get(item.key)
            questions.append(None if entry is None else entry.variant(item.variant))
        return questions

    # practice and reviews ----------------------------------------------------------------------
    def _practice(self, entries: list[Entry], title: str, kind: str, seed: int | None) -> PracticeSession:
        from quiz.session.practice import PracticeSession

        entries = [e for e in entries if e.key not in self.library.set_aside]  # a bury may end or start meanwhile

        return PracticeSession(
            entries,
            self.clock,
            self.scheduling,
            self.store,
            title=title,
            kind=kind,
            seed=seed if seed is not None else random.SystemRandom().randrange(2**32),
        )

    def start_practice(self, chosen: PracticeFilter, *, seed: int | None = None) -> PracticeSession:
        self.refresh_set_aside()
        from quiz.session.selection import practice_entries

        rng = random.Random(seed)
        entries = practice_entries(self.library, self.store, chosen, rng, self.clock.now())
        return self._practice(entries, "Practice", "practice", seed)

    def review_due(self, *, limit: int | None = None, seed: int | None = None) -> PracticeSession:
        self.refresh_set_aside()
        from quiz.session.selection import due_entries

        entries = due_entries(self.library, self.store, self.clock.now(), limit=limit)
        return self._practice(entries, "Review due", "review", seed)

    def review_missed(self, *, attempt_id: str | None = None, seed: int | None = None) -> PracticeSession:
        self.refresh_set_aside()
        from quiz.session.selection import missed_entries

        entries = missed_entries(self.library, self.store, attempt_id=attempt_id)
        title = "Review missed" if attempt_id is None else "Retake the misses of an exam"
        return self._practice(entries, title, "review", seed)

    def today(self, *, seed: int | None = None, tz: tzinfo | None = None) -> Today:
        """What today's study holds: the reviews due today, then the day's new questions (the exam
        plan's number from its profile's blueprint, else `daily_new` from settings, from every bank)."""
        self.refresh_set_aside()
        from quiz.session.blueprint import eligible
        from quiz.session.today import todays_entries

        plan, load = self.scheduling.plan, self.plan_workload(tz)
        if plan is not None and load is not None and plan.profile_id in self.library.profiles:
            new_per_day, pool = load.new_per_day, eligible(self.library, self.library.profiles[plan.profile_id])
        else:
            new_per_day, pool = self.store.settings.daily_new, list(self.library.entries.values())
        rng = random.Random(seed)
        return todays_entries(
            self.library, self.store, self.clock.now(), rng, new_per_day=new_per_day, pool=pool, tz=tz
        )

    def start_today(self, today: Today, *, seed: int | None = None) -> PracticeSession:
        if not today.entries:
            raise NoQuestionsError("Nothing to study today: no review is due and the day's new questions are done.")
        return self._practice(today.entries, "Today's study", "review", seed)

    def cram(self, *, count: int = 20, seed: int | None = None) -> PracticeSession:
        """Cram, for the last days: the `count` studied questions you are least likely to recall now
        (FSRS retrievability), least first. Its answers count (accuracy; a wrong one is a miss) but
        change no schedule, and the FSRS review export leaves them out."""
        from quiz.scheduling.fsrs import card_from_dict

        self.refresh_set_aside()
        now = self.clock.now()
        recall = {
            key: self.scheduling.retrievability(card_from_dict(history.card), now)
            for key, history in self.store.history.items()
        }
        entries = [e for e in self.library.available(recall) if not e.is_generated]
        entries.sort(key=lambda e: (recall[e.key], e.key))
        if not entries:
            raise NoQuestionsError("Nothing to cram: cram goes over questions you have studied, and none is yet.")
        return self._practice(entries[:count], "Cram (your schedule is not changed)", "cram", seed)

    def practise_keys(self, keys: Sequence[str], *, seed: int | None = None) -> PracticeSession:
        """Practice of these questions (the browser's selection), in this order, but those set aside."""
        self.refresh_set_aside()
        entries = self.library.available(keys)
        if not entries:
            raise NoQuestionsError("None of these questions can be asked now.")
        return self._practice(entries, "Browser selection", "practice", seed)

    def topics(self) -> list[str]:
        return sorted({t for e in self.library.entries.values() for t in e.topics})

    def review_leeches(self, *, seed: int | None = None) -> PracticeSession:
        self.refresh_set_aside()
        from quiz.session.selection import leech_entries

        return self._practice(leech_entries(self.library, self.store), "Leeches", "review", seed)

    # progress ----------------------------------------------------------------------------------
    def stats(self, tz: tzinfo | None = None) -> Stats:
        from quiz.insight.stats import compute_stats

        return compute_stats(self.library, self.store, self.scheduling, self.clock.now(), tz)

    def readiness(self, profile_id: str | None = None, *, with_plan: bool = True) -> list[Readiness]:
        """Readiness today for the profile (default: the planned one, else CIIP); with an exam date
        planned for it, also on the exam day: if the plan is followed (`with_plan`; about half a
        second of simulation) and if nothing more is studied. Empty when the profile is not loaded."""
        from quiz.insight.readiness import predict

        profile = self._readiness_profile(profile_id)
        if profile is None:
            return []
        forecasts = [predict(self.library, self.store, self.scheduling, profile, self.clock.now())]
        exam = self._exam_moment(profile.id)
        if exam is not None:
            projection = self.plan_projection(profile.id) if with_plan else None
            if projection is not None:
                forecasts.append(projection())
            forecasts.append(predict(self.library, self.store, self.scheduling, profile, exam))
        return forecasts

    def plan_projection(self, profile_id: str | None = None) -> Callable[[], Readiness] | None:
        """The exam-day forecast if the plan's suggested workload is followed, ready to run (in a
        thread if need be: it reads the store now, not when it runs); None without a future exam for
        this profile."""
        from quiz.insight.readiness import plan_projection

        profile = self._readiness_profile(profile_id)
        plan, load = self.scheduling.plan, self.plan_workload()
        exam = self._exam_moment(profile.id) if profile is not None else None
        if profile is None or plan is None or load is None or exam is None:
            return None
        return plan_projection(
            self.library,
            self.store,
            self.scheduling,
            profile,
            start=self.clock.now(),
            exam=exam,
            study_days=load.days_left,
            new_per_day=load.new_per_day,
            new_days=max(load.days_left - 1, 1),
        )  # the last day is for reviews (see workload)

    # desired retention ------------------------------------------------------------------------
    def retention_simulation(
        self, *, days: int | None = None, seed: int = 0, tz: tzinfo | None = None
    ) -> Callable[[], RetentionReport]:
        """What each desired retention costs and gives, from your cards and plan, ready to run (in a
        thread if need be: it reads the store now, not when it runs; about a second for 2,000 cards)."""
        from quiz.insight.retention import retention_simulation

        return retention_simulation(
            self.library, self.store, self.scheduling, self.clock.now(), days=days, seed=seed, tz=tz
        )

    def set_desired_retention(self, retention: float) -> None:
        """Save the desired retention and schedule every answer from now on with it (the cards keep
        their due dates until they are next answered). SettingError outside RETENTION_RANGE."""
        from quiz.store.checks import RETENTION_RANGE

        low, high = RETENTION_RANGE
        if not low <= retention <= high:  # also refuses NaN
            raise SettingError(f"the desired retention must be from {low:.2f} to {high:.2f}, not {retention:g}")
        self.store.save_settings(self.store.settings.changed(desired_retention=retention), now=self.clock.now())
        self.scheduling = self.scheduling.with_retention(retention, fuzzing=self.scheduling.fuzzing)

    def set_daily_new(self, count: int) -> None:
        """Save how many new questions today's study holds without an exam date. SettingError
        outside 0 to MAX_DAILY_NEW."""
        from quiz.store.checks import MAX_DAILY_NEW

        if not 0 <= count <= MAX_DAILY_NEW:
            raise SettingError(f"daily new questions must be from 0 to {MAX_DAILY_NEW}, not {count}")
        self.store.save_settings(self.store.settings.changed(daily_new=count), now=self.clock.now())

    # FSRS fitted to the user's reviews --------------------------------------------------------
    def fsrs_fit(self, progress: Progress | None = None) -> Callable[[], FitOutcome]:
        """Fit FSRS to the reviews and score it against the parameters in use, ready to run (in a
        thread if need be: it reads the store now); nothing is saved (see `use_fit`)."""
        from quiz.scheduling.optimize import fit
        from quiz.scheduling.review_items import rated_sequences

        sequences = rated_sequences(self.store.reviews, self.store.states.resets)
        current = self.scheduling.parameters
        return lambda: fit(sequences, current, progress=progress)

    def fsrs_health(self) -> Health:
        """Whether the reviews can support a fit (what `fsrs_fit` would refuse, and its warnings)."""
        from quiz.scheduling.health import health_check
        from quiz.scheduling.review_items import rated_sequences

        return health_check(rated_sequences(self.store.reviews, self.store.states.resets))

    def use_fit(self, report: FitReport) -> FittedParameters | None:
        """Keep the fitted parameters when the report says they won (and reschedule every card with
        them); None, and nothing changes, when it says the parameters in use stay."""
        from quiz.store.fsrs_parameters import FittedParameters

        if not report.switch:
            return None
        fitted = FittedParameters(
            report.fitted_parameters,
            self.clock.now().date(),
            report.trained_on,
            report.fitted.log_loss,
            report.fitted.rmse_bins,
            report.current.log_loss,
            report.current.rmse_bins,
        )
        self.store.save_settings(self.store.settings.changed(fsrs_parameters=fitted), now=self.clock.now())
        self._schedule_with(fitted.parameters)
        return fitted

    def reset_fsrs_parameters(self) -> None:
        """Back to FSRS's default parameters, every card rescheduled with them."""
        self.store.save_settings(self.store.settings.changed(fsrs_parameters=None), now=self.clock.now())
        self._schedule_with(None)

    def _schedule_with(self, parameters: Sequence[float] | None) -> None:
        from quiz.scheduling.reschedule import rescheduled_cards

        old = self.scheduling
        self.scheduling = Scheduling(old.desired_retention, fuzzing=old.fuzzing, plan=old.plan, parameters=parameters)
        cards = rescheduled_cards(self.scheduling, self.store.reviews, self.store.states.resets)
        self.store.save_rescheduled(cards)

    def _readiness_profile(self, profile_id: str | None) -> Profile | None:
        plan = self.scheduling.plan
        return self.library.profiles.get(profile_id or (plan.profile_id if plan else "ciip"))

    def _exam_moment(self, profile_id: str) -> datetime | None:
        """Noon of the planned exam day, when an exam is planned for this profile and still ahead."""
        plan = self.scheduling.plan
        if plan is None or plan.profile_id != profile_id or plan.exam_start() <= self.clock.now():
            return None
        return datetime.combine(plan.exam_date, time(12), tzinfo=UTC)

    # a question's own state ------------------------------------------------------------------
    def set_question_state(self, key: str, action: str, tz: tzinfo | None = None) -> None:
        """Suspend or unsuspend a question, bury it until the end of today (local time), unbury it, or
        reset its schedule (it is new again). Raises StoreWriteError when it cannot be saved."""
        from quiz.scheduling.exam_plan import day_end
        from quiz.store.events import ACTIONS, QuestionEvent
        from quiz.store.review import new_event_id

        if action not in ACTIONS:
            raise ValueError(f"{action!r} is not one of {', '.join(sorted(ACTIONS))}")
        now = self.clock.now()
        until = day_end(now, tz) if action == "bury" else None
        self.store.record_event(QuestionEvent(new_event_id(), now, key, action, until))
        self.refresh_set_aside()

    # syncing between machines (quiz.sync) ------------------------------------------------------
    @property
    def sync_folder(self) -> Path | None:
        folder = self.store.settings.sync_folder
        return Path(folder) if folder else None

    def set_sync_folder(self, folder: Path) -> SyncReport:
        """Sync through `folder` from now on (remembered in this machine's settings), and sync now.
        A folder set before is detached first: what was read and published there is forgotten, so
        the new one gets everything. StoreWriteError when something cannot be written."""
        from quiz.sync.state import forget_state

        folder = folder.expanduser().absolute()
        if self.sync_folder is not None and self.sync_folder != folder:
            forget_state(self.store.folder)
        self.store.save_settings(self._with_device(self.store.settings).changed(sync_folder=str(folder)))
        return self.sync()

    def stop_sync(self) -> None:
        """Stop syncing on this machine: the folder and the other machines keep what they have."""
        from quiz.sync.state import forget_state

        forget_state(self.store.folder)
        self.store.save_settings(self.store.settings.changed(sync_folder=None))
        self.last_sync = None

    def _with_device(self, settings: Settings) -> Settings:
        if settings.device_id is not None:
            return settings
        import socket

        from quiz.sync.device import new_device_id

        return settings.changed(device_id=new_device_id(socket.gethostname()))

    def sync(self) -> SyncReport:
        """Publish this machine's new events to the sync folder and merge every other device's:
        counts, schedules, stats and readiness then come from the union. Without a folder set, or
        with the folder absent (an unmounted share), nothing changes and the report says so."""
        return self.sync_apply(self.sync_exchange())

    def sync_exchange(self) -> Exchange | None:
        """The sync's file work with the folder (publish, read): safe in a thread while the app
        runs, as it changes nothing the app reads. None when no folder is set or the store is only
        looked at (another app syncs it)."""
        from quiz.sync.run import exchange

        folder = self.sync_folder
        if folder is None or self.store.read_only:
            return None
        if self.store.settings.device_id is None:
            self.store.save_settings(self._with_device(self.store.settings))
        assert self.store.settings.device_id is not None
        return exchange(self.store, folder, self.store.settings.device_id, self.clock.now())

    def sync_apply(self, done: Exchange | None) -> SyncReport:
        """Merge what `sync_exchange` read into the local store (in the thread that owns the store)."""
        from quiz.sync.report import SyncReport
        from quiz.sync.run import apply

        if done is None:
            report = SyncReport(self.sync_folder)
        else:
            before = self.store.settings
            report = apply(self.store, done, self._scheduling_for)
            after = self.store.settings
            if after != before:
                self.scheduling = self._scheduling_for(after)
                self.store.set_due_rule(due_rule(self.scheduling.plan))
                if after.fsrs_parameters != before.fsrs_parameters:  # another machine's fit: every card follows it
                    self._schedule_with(after.fsrs_parameters.parameters if after.fsrs_parameters else None)
            self.refresh_set_aside()
        self.last_sync = report
        return report

    # problem reports ---------------------------------------------------------------------------
    def report_problem(
        self, key: str, question: Question, presentation: dict[str, Any], *, reason: str, text: str, answer: str
    ) -> ProblemReport:
        """Keep a report of a problem with a question as the user saw it (for `quiz feedback export`).
        Raises StoreWriteError when it cannot be saved (nothing is kept then)."""
        from quiz import __version__
        from quiz.kinds import kind_named
        from quiz.store.feedback import MAX_TEXT, REASONS, FeedbackLog, ProblemReport, shown_digest
        from quiz.store.review import new_event_id

        if reason not in REASONS:
            raise ValueError(f"reason {reason!r} is not one of {', '.join(REASONS)}")
        report = ProblemReport(
            new_event_id(),
            self.clock.now(),
            key,
            reason,
            text.strip()[:MAX_TEXT],
            question.question,
            kind_named(question.kind_name).displayed(question, presentation),
            dict(presentation),
            answer,
            shown_digest(question, presentation),
            __version__,
        )
        FeedbackLog(self.store.folder).record(report)
        return report

    def problem_reports(self) -> tuple[list[ProblemReport], list[str]]:
        """Every report kept, oldest first, and what was damaged in the file (said, never hidden)."""
        from quiz.store.feedback import FeedbackLog

        reports, damages = FeedbackLog(self.store.folder).load(self.clock.now(), repair=not self.store.read_only)
        return reports, [str(damage) for damage in damages]

    # exports -----------------------------------------------------------------------------------
    def results_csv(self, session_id: str | None = None) -> str:
        """The answers of one finished session (default: of every one) as `quiz export results` writes them."""
        from quiz.insight.results_table import results_csv

        attempts = self.store.attempts
        return results_csv(attempts if session_id is None else [a for a in attempts if a.session_id == session_id])

    def bank_package(self, bank_id: str) -> Exported:
        """A loaded bank as an Anki package, as `quiz export bank BANK_ID --format anki` makes it (its
        notes dated by this study's clock); KeyError for a bank that is not loaded from a file."""
        from quiz.banks.exporters import anki

        bank = next((loaded.bank for loaded in self.library.banks if loaded.bank.bank == bank_id), None)
        if bank is None:
            raise KeyError(bank_id)
        return anki.export([bank], timestamp=self.clock.now().timestamp())

    def save_export(self, file_name: str, content: bytes, folder: Path | None = None) -> Path:
        """Keep an export as a new file in `folder` (default: quiz.paths.exports_folder()), never
        over an existing one; where it went. Raises StoreWriteError when it cannot be written."""
        from quiz.paths import exports_folder
        from quiz.store.files import write_new

        return write_new(folder or exports_folder(), file_name, content)
