"""What a sound progress record looks like: one check per record kind, in plain Python.

A file can be perfectly good JSON and still hold a record the app cannot use (a naive datetime, an
attempt without a title, `items: 7`, an answer index past the question's choices). The store runs
these checks as it loads, so such a record is set aside and reported like unreadable JSON instead of
crashing a start later. A log record's check returns what is wrong (None when it is sound); a
document's check returns the data to keep (None: none of it) and what was wrong.

The checks accept exactly what this version writes (and what earlier versions wrote); they never
change a record, except that settings drop a bad value so its default applies.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from quiz.domains import DOMAIN_KEYS
from quiz.kinds.base import Kind, kind_named
from quiz.models import Difficulty
from quiz.store.question_notes import MAX_NOTE_CHARACTERS
from quiz.store.settings import FSRS_PARAMETERS

# Bump when the checks accept or refuse anything new: records checked by other rules are checked again.
CHECK_REVISION = (
    4  # 3: struck-out choices and remarks in exams and attempts, kept question notes; 4: cram attempts, tutor exams
)
RETENTION_RANGE = (0.70, 0.97)
_RETENTION_LOW, _RETENTION_HIGH = RETENTION_RANGE
MAX_DAILY_NEW = 1000
SESSION_KINDS = frozenset({"exam", "practice", "review", "cram"})
# session ids name files (exam-<id>.json): letters, digits, - and _ only, so none can point elsewhere
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# device names make file names in the sync folder (reviews-<device>.jsonl): the same letters, shorter
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_DIFFICULTIES = frozenset(d.value for d in Difficulty)
_DOMAINS = frozenset(DOMAIN_KEYS)


class _Invalid(Exception):
    pass


def _named(value: Any, names: frozenset[str]) -> bool:
    return isinstance(value, str) and value in names


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _present(record: dict[str, Any], name: str) -> Any:
    if name not in record:
        raise _Invalid(f"{name!r} is missing")
    return record[name]


def _text(value: Any, name: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise _Invalid(f"{name} {_show(value)} is not {'a' if empty else 'a non-empty'} string")
    return value


def _whole(value: Any, name: str, low: int = 0, high: int | None = None) -> int:
    if type(value) is not int or value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise _Invalid(f"{name} {_show(value)} is not a whole number {bound}")
    return value


def _number(value: Any, name: str, low: float = 0.0, high: float = math.inf) -> float:
    if type(value) not in (int, float) or not math.isfinite(value) or not low <= value <= high:
        bound = f"from {low:g} to {high:g}" if math.isfinite(high) else f"of at least {low:g}"
        raise _Invalid(f"{name} {_show(value)} is not a number {bound}")
    return float(value)


def _flag(value: Any, name: str) -> bool:
    if type(value) is not bool:
        raise _Invalid(f"{name} {_show(value)} is not true or false")
    return value


def _moment(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise _Invalid(f"{name} {_show(value)} is not a date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Invalid(f"{name} {_show(value)} is not a date and time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Invalid(f"{name} {_show(value)} has no time zone")
    return moment


def _kind(record: dict[str, Any], name: str) -> Kind:
    """The kind of question a record is about (`type`, multiple choice when absent)."""
    kind = record.get("type", "choice")
    try:
        return kind_named(kind) if isinstance(kind, str) else kind_named(repr(kind))
    except ValueError:
        raise _Invalid(f"{name}type {_show(kind)} is not a kind of question") from None


def _response(value: Any, name: str, kind: Kind, size: int | None = None, *, empty: bool = True) -> None:
    """A response as its kind writes it; None for unanswered, where `empty` allows that."""
    if value is None and empty:
        return
    if not kind.is_answered(value):
        raise _Invalid(f"{name} {_show(value)} is not an answer")
    try:
        kind.check_response(value, size)
    except ValueError as problem:
        raise _Invalid(f"{name} {problem}") from None


def _presentation(record: dict[str, Any], name: str, kind: Kind) -> int:
    """How a question was shown; returns its size for the responses beside it."""
    presentation = _present(record, "presentation")
    try:
        return kind.check_presentation(presentation)
    except ValueError as problem:
        raise _Invalid(f"{name} {problem}") from None


def _struck(value: Any, name: str, kind: Kind, size: int | None) -> None:
    """Struck-out options: distinct indexes below the question's size, on a kind that has options."""
    if not kind.strikeable:
        raise _Invalid(f"{name} {_show(value)}: a {kind.name} question has no choices to strike out")
    limit = 8 if size is None else size
    if (
        not isinstance(value, list)
        or not all(type(i) is int and 0 <= i < limit for i in value)
        or len(set(value)) != len(value)
    ):
        raise _Invalid(f"{name} {_show(value)} is not a list of distinct choice indexes below {limit}")


def _remark(value: Any, name: str) -> None:
    if not isinstance(value, str) or len(value) > MAX_NOTE_CHARACTERS:
        raise _Invalid(f"{name} {_show(value)} is not a note of at most {MAX_NOTE_CHARACTERS} characters")


def _card(card: Any) -> None:
    if not isinstance(card, dict):
        raise _Invalid(f"card {_show(card)} is not an object")
    _whole(_present(card, "card_id"), "card.card_id")
    _whole(_present(card, "state"), "card.state", 1, 3)
    if card.get("step") is not None:
        _whole(card["step"], "card.step")
    for name in ("stability", "difficulty"):
        if card.get(name) is not None:
            _number(card[name], f"card.{name}")
    _moment(_present(card, "due"), "card.due")
    if card.get("last_review") is not None:
        _moment(card["last_review"], "card.last_review")


_CARD_STATES = frozenset({1, 2, 3})
_RATINGS = frozenset({1, 2, 3, 4})
_fromisoformat = datetime.fromisoformat
DEFAULT_KIND = "choice"  # a record without a `type` is about a multiple-choice question


def _sound_review(record: dict[str, Any]) -> bool:
    """The common case, fast: reviews.jsonl holds every answer ever given and this runs for each of
    them at every start. Same rules as the detailed check below, without building messages."""
    key = record["key"]
    if type(key) is not str or not key or type(record["session"]) is not str or type(record["id"]) is not str:
        return False
    if type(record["correct"]) is not bool or record["rating"] not in _RATINGS or type(record["rating"]) is not int:
        return False
    kind = kind_named(record.get("type", DEFAULT_KIND))
    response = record["response"]
    if response is not None and not kind.response_is_sound(response):
        return False
    card = record["card"]
    if type(card) is not dict or type(card["card_id"]) is not int or card["card_id"] < 0:
        return False
    if card["state"] not in _CARD_STATES or type(card["state"]) is not int:
        return False
    step, stability, difficulty, last = card["step"], card["stability"], card["difficulty"], card["last_review"]
    if step is not None and (type(step) is not int or step < 0):
        return False
    for value in (stability, difficulty):
        if value is not None and (type(value) not in (int, float) or not 0 <= value < math.inf):
            return False
    # fromisoformat gives a fixed offset or none, so tzinfo alone tells an aware time
    if type(record["time"]) is not str or _fromisoformat(record["time"]).tzinfo is None:
        return False
    if type(card["due"]) is not str or _fromisoformat(card["due"]).tzinfo is None:
        return False
    if last is not None and (type(last) is not str or _fromisoformat(last).tzinfo is None):
        return False
    retention = record.get("retention")
    if retention is not None and (type(retention) is not float or not _RETENTION_LOW <= retention <= _RETENTION_HIGH):
        return False
    ms, mode, amends, item = (
        record.get("ms", 0),
        record.get("mode", ""),
        record.get("amends", False),
        record.get("item", 0),
    )
    return (
        type(ms) is int and ms >= 0 and type(mode) is str and type(amends) is bool and type(item) is int and item >= 0
    )


def check_review(record: dict[str, Any]) -> str | None:
    """One answer in reviews.jsonl."""
    if "device" in record:  # merged from another machine (quiz.sync)
        problem = check_origin(record)
        if problem is not None:
            return f"review {problem}"
    try:
        if _sound_review(record):
            return None
    except (KeyError, TypeError, ValueError):
        pass  # the detailed check below says what is wrong
    try:
        _text(_present(record, "key"), "key")
        _moment(_present(record, "time"), "time")
        _flag(_present(record, "correct"), "correct")
        _text(_present(record, "id"), "id")
        _response(_present(record, "response"), "response", _kind(record, ""))
        _whole(_present(record, "rating"), "rating", 1, 4)
        if "ms" in record:
            _whole(record["ms"], "ms")
        if "mode" in record:
            _text(record["mode"], "mode")
        _text(_present(record, "session"), "session")
        if "amends" in record:
            _flag(record["amends"], "amends")
        if "item" in record:
            _whole(record["item"], "item")
        if "retention" in record:
            _number(record["retention"], "retention", *RETENTION_RANGE)
        _card(_present(record, "card"))
    except _Invalid as problem:
        return f"review {problem}"
    return "review is not valid"  # unreachable while both checks agree; never accept what one refuses


def _result_item(item: Any, number: int) -> None:
    name = f"items[{number}]"
    if not isinstance(item, dict):
        raise _Invalid(f"{name} {_show(item)} is not an object")
    _text(_present(item, "key"), f"{name}.key")
    if not _named(_present(item, "domain"), _DOMAINS):
        raise _Invalid(f"{name}.domain {_show(item['domain'])} is not a domain")
    kind = _kind(item, f"{name}.")
    # results saved before the presentation was kept have none: their responses are checked alone
    # results saved before the presentation was kept have none: their responses are checked alone
    size = _presentation(item, name, kind) if "presentation" in item else None
    _response(_present(item, "response"), f"{name}.response", kind, size)
    _response(_present(item, "answer"), f"{name}.answer", kind, size, empty=False)
    if "correct" in item:
        _flag(item["correct"], f"{name}.correct")
    if "flagged" in item:
        _flag(item["flagged"], f"{name}.flagged")
    if "seconds" in item:
        _number(item["seconds"], f"{name}.seconds")
    if "variant" in item:
        _whole(item["variant"], f"{name}.variant")
    if "struck" in item:
        _struck(item["struck"], f"{name}.struck", kind, size)
    if "remark" in item:
        _remark(item["remark"], f"{name}.remark")


def check_attempt(record: dict[str, Any]) -> str | None:
    """One finished session in attempts.jsonl."""
    try:
        _text(_present(record, "id"), "id")
        _text(_present(record, "session_id"), "session_id")
        if not _named(_present(record, "kind"), SESSION_KINDS):
            raise _Invalid(f"kind {_show(record['kind'])} is not exam, practice, review or cram")
        _text(_present(record, "title"), "title", empty=True)
        if record.get("profile_id") is not None:
            _text(record["profile_id"], "profile_id")
        _moment(_present(record, "started_at"), "started_at")
        _moment(_present(record, "finished_at"), "finished_at")
        _number(_present(record, "time_used"), "time_used")
        if "timed_out" in record:
            _flag(record["timed_out"], "timed_out")
        if record.get("pass_percent") is not None:
            _number(record["pass_percent"], "pass_percent", 0, 100)
        if record.get("limit_seconds") is not None:
            _number(record["limit_seconds"], "limit_seconds")
        if "tutor" in record:
            _flag(record["tutor"], "tutor")
        _whole(_present(record, "score"), "score")
        _whole(_present(record, "total"), "total")
        _number(_present(record, "percent"), "percent", 0, 100)
        items = _present(record, "items")
        if not isinstance(items, list):
            raise _Invalid(f"items {_show(items)} is not a list")
        for number, item in enumerate(items):
            _result_item(item, number)
    except _Invalid as problem:
        return f"attempt {problem}"
    return None


def check_session(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The exam in progress (session.json): all of it is usable, or none of it."""
    try:
        if data.get("kind", "exam") != "exam":
            raise _Invalid(f"kind {_show(data['kind'])} is not exam")
        session_id = _text(_present(data, "session_id"), "session_id")
        if not SESSION_ID.fullmatch(session_id):
            raise _Invalid(f"session_id {_show(session_id)} has characters a session id never has")
        _text(_present(data, "title"), "title", empty=True)
        if data.get("profile_id") is not None:
            _text(data["profile_id"], "profile_id")
        if data.get("pass_percent") is not None:
            _number(data["pass_percent"], "pass_percent", 0, 100)
        if data.get("limit_seconds") is not None:
            _number(data["limit_seconds"], "limit_seconds", 0)
        seed = _present(data, "seed")
        if type(seed) is not int:
            raise _Invalid(f"seed {_show(seed)} is not a whole number")
        _moment(_present(data, "started_at"), "started_at")
        items = _present(data, "items")
        if not isinstance(items, list) or not items:
            raise _Invalid(f"items {_show(items)} is not a list of questions")
        sizes, kinds = [], []
        for number, item in enumerate(items):
            if not isinstance(item, dict):
                raise _Invalid(f"items[{number}] {_show(item)} is not an object")
            _text(_present(item, "key"), f"items[{number}].key")
            kinds.append(_kind(item, f"items[{number}]."))
            sizes.append(_presentation(item, f"items[{number}]", kinds[-1]))
            if "variant" in item:
                _whole(item["variant"], f"items[{number}].variant")
        answers = data.get("answers", {})
        if not isinstance(answers, dict):
            raise _Invalid(f"answers {_show(answers)} is not an object")
        for position, chosen in answers.items():
            if not position.isdigit() or int(position) >= len(items):
                raise _Invalid(f"answers has question {_show(position)} of an exam of {len(items)}")
            _response(chosen, f"answers[{position}]", kinds[int(position)], sizes[int(position)], empty=False)
        flagged = data.get("flagged", [])
        if not isinstance(flagged, list):
            raise _Invalid(f"flagged {_show(flagged)} is not a list")
        for position in flagged:
            _whole(position, "flagged question", 0, len(items) - 1)
        seconds = _present(data, "seconds")
        if not isinstance(seconds, list) or len(seconds) != len(items):
            raise _Invalid(f"seconds {_show(seconds)} is not one time for each of the {len(items)} questions")
        for spent in seconds:
            _number(spent, "seconds")
        if "current" in data:
            _whole(data["current"], "current", 0, len(items) - 1)
        if "elapsed" in data:
            _number(data["elapsed"], "elapsed")
        notes = data.get("notes", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise _Invalid(f"notes {_show(notes)} is not a list of strings")
        for name in ("struck", "remarks"):
            by_position = data.get(name, {})
            if not isinstance(by_position, dict):
                raise _Invalid(f"{name} {_show(by_position)} is not an object")
            for position, value in by_position.items():
                if not position.isdigit() or int(position) >= len(items):
                    raise _Invalid(f"{name} has question {_show(position)} of an exam of {len(items)}")
                where = f"{name}[{position}]"
                if name == "struck":
                    _struck(value, where, kinds[int(position)], sizes[int(position)])
                else:
                    _remark(value, where)
    except _Invalid as problem:
        return None, [f"the unfinished exam's {problem}"]
    return data, []


def check_question_note(record: dict[str, Any]) -> str | None:
    """One note kept on a question, in question_notes.jsonl."""
    try:
        _text(_present(record, "id"), "id")
        _moment(_present(record, "time"), "time")
        _text(_present(record, "key"), "key")
        _remark(_present(record, "text"), "text")
        if "session" in record:
            _text(record["session"], "session", empty=True)
        if record.get("item") is not None:
            _whole(record["item"], "item")
    except _Invalid as problem:
        return f"question note {problem}"
    return None


def check_origin(record: dict[str, Any]) -> str | None:
    """The device a synced record comes from and its place in that device's log."""
    device = record.get("device")
    if not isinstance(device, str) or not DEVICE_ID.fullmatch(device):
        return f"device {_show(device)} is not a device name"
    try:
        _whole(_present(record, "seq"), "seq")
    except _Invalid as problem:
        return str(problem)
    return None


def check_settings(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """User settings: a bad value is dropped (its default applies) and reported; the rest is kept."""
    kept = dict(data)
    problems = []
    low, high = RETENTION_RANGE
    retention: Any = kept.get("desired_retention")
    if "desired_retention" in kept and (
        type(retention) not in (int, float) or not low <= retention <= high  # also rejects NaN
    ):
        problems.append(
            f"desired_retention {_show(retention)} is not a number from {low:.2f} to {high:.2f}; the default is used"
        )
        del kept["desired_retention"]
    if "theme" in kept and not isinstance(kept["theme"], str):
        problems.append(f"theme {_show(kept['theme'])} is not a theme name; the default is used")
        del kept["theme"]
    if "exam_date" in kept:
        try:
            date.fromisoformat(kept["exam_date"])
        except (TypeError, ValueError):
            problems.append(f"exam_date {_show(kept['exam_date'])} is not a date (YYYY-MM-DD); it was dropped")
            del kept["exam_date"]
    if "plan_profile" in kept and not isinstance(kept["plan_profile"], str):
        problems.append(f"plan_profile {_show(kept['plan_profile'])} is not a profile id; it was dropped")
        del kept["plan_profile"]
    daily: Any = kept.get("daily_new")
    if "daily_new" in kept and (type(daily) is not int or not 0 <= daily <= MAX_DAILY_NEW):
        problems.append(
            f"daily_new {_show(daily)} is not a whole number from 0 to {MAX_DAILY_NEW}; the default is used"
        )
        del kept["daily_new"]
    if FSRS_PARAMETERS in kept and (problem := _fit_problem(kept[FSRS_PARAMETERS])) is not None:
        problems.append(f"{FSRS_PARAMETERS}: {problem}; FSRS's default parameters are used")
        del kept[FSRS_PARAMETERS]
    for name in ("sync_folder", "device_id"):
        if name in kept and not (isinstance(kept[name], str) and kept[name]):
            problems.append(f"{name} {_show(kept[name])} is not a text; it was dropped")
            del kept[name]
    if "device_id" in kept and not DEVICE_ID.fullmatch(kept["device_id"]):
        problems.append(f"device_id {_show(kept['device_id'])} is not a device name; a new one is made")
        del kept["device_id"]
    stamps = kept.get("changed_at")
    if "changed_at" in kept and not (isinstance(stamps, dict) and all(_aware(v) for v in stamps.values())):
        problems.append(f"changed_at {_show(stamps)} is not a set of times; it was dropped")
        del kept["changed_at"]
    return kept, problems


def _aware(value: Any) -> bool:
    try:
        _moment(value, "")
    except _Invalid:
        return False
    return True


def check_rescheduled(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """Cards rebuilt by replaying reviews (a cache): a bad entry is dropped (the key's last review's
    card applies) and reported."""
    cards = data.get("cards")
    if not isinstance(cards, dict):
        return None, ["cards is not an object"]
    kept: dict[str, Any] = {}
    problems = []
    for key, entry in cards.items():
        try:
            if not isinstance(entry, dict):
                raise _Invalid(f"{_show(entry)} is not an object")
            _text(_present(entry, "after"), "after")
            _card(_present(entry, "card"))
        except _Invalid as problem:
            problems.append(f"rescheduled card {_show(key)}: {problem}; its last review's card is used")
            continue
        kept[key] = entry
    return {**data, "cards": kept}, problems


def _question(data: Any, name: str) -> None:
    """A question as an exam asked it (Question.to_dict): raises _Invalid."""
    if not isinstance(data, dict):
        raise _Invalid(f"{name} {_show(data)} is not an object")
    _text(_present(data, "id"), f"{name}.id")
    if not _named(_present(data, "domain"), _DOMAINS):
        raise _Invalid(f"{name}.domain {_show(data['domain'])} is not a domain")
    _text(_present(data, "question"), f"{name}.question", empty=True)
    try:
        _kind(data, f"{name}.").check_question(data)
    except ValueError as problem:
        raise _Invalid(f"{name}.{problem}") from None
    for field in ("topics", "references", "reads"):
        values = data.get(field, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise _Invalid(f"{name}.{field} {_show(values)} is not a list of strings")
    if not _named(data.get("difficulty", "medium"), _DIFFICULTIES):
        raise _Invalid(f"{name}.difficulty {_show(data['difficulty'])} is not easy, medium or hard")
    if data.get("explanation") is not None:
        _text(data["explanation"], f"{name}.explanation", empty=True)
    if data.get("subtopic") is not None:
        _text(data["subtopic"], f"{name}.subtopic")
    _exhibits(data, name)
    case = data.get("case")
    if case is not None:
        if not isinstance(case, dict):
            raise _Invalid(f"{name}.case {_show(case)} is not a case (id, title, scenario, exhibits)")
        for field in ("id", "title", "scenario"):
            _text(_present(case, field), f"{name}.case.{field}")
        _exhibits(case, f"{name}.case")


def _exhibits(data: dict[str, Any], name: str) -> None:
    exhibits = data.get("exhibits", [])
    if not isinstance(exhibits, list) or not all(
        isinstance(e, dict)
        and {"title", "kind", "text"} <= set(e) <= {"title", "kind", "text", "file", "digest", "fault"}
        and all(isinstance(v, str) for v in e.values())
        for e in exhibits
    ):
        raise _Invalid(f"{name}.exhibits {_show(exhibits)} is not a list of exhibits (title, kind, text)")


def check_exam_copy(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The questions an exam showed, as it showed them (exam-<id>.json): all of it, or none."""
    try:
        session_id = _text(_present(data, "session_id"), "session_id")
        if not SESSION_ID.fullmatch(session_id):
            raise _Invalid(f"session_id {_show(session_id)} has characters a session id never has")
        items = _present(data, "items")
        if not isinstance(items, list) or not items:
            raise _Invalid(f"items {_show(items)} is not a list of questions")
        for number, item in enumerate(items):
            if not isinstance(item, dict):
                raise _Invalid(f"items[{number}] {_show(item)} is not an object")
            _text(_present(item, "key"), f"items[{number}].key")
            _whole(item.get("variant", 0), f"items[{number}].variant")
            _question(_present(item, "question"), f"items[{number}].question")
    except _Invalid as problem:
        return None, [f"the exam's copy of its questions: {problem}"]
    return data, []


__all__ = [
    "RETENTION_RANGE",
    "SESSION_ID",
    "check_attempt",
    "check_exam_copy",
    "check_question_note",
    "check_rescheduled",
    "check_review",
    "check_session",
    "check_settings",
]


def _fit_problem(value: Any) -> str | None:
    from quiz.store.fsrs_parameters import check_fitted  # only a store with a fit has one to check

    return check_fitted(value)
