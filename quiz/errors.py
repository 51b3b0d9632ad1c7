"""Errors the core reports to people: each says what happened and what to do, in words a user can act on.

`NoQuestionsError`, `UnknownProfileError`, `ExamRequestError` and `CannotResumeError` say that what
was asked for cannot be done with the loaded banks. `StoreError` means the progress store cannot be
used right now (another app holds it, a newer version wrote it, it cannot be read). `StoreWriteError`
means one write failed: the disk is full, a file hit the size limit, or the folder is not writable.
Nothing confirmed before it is lost, and the session that tried to write is left exactly as it was
on disk, so it can be retried or resumed. All are `QuizError`s: a screen or a command shows their
`user_message` and never a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path


class QuizError(Exception):
    """Something a user asked for cannot be done; the message says why, in their words."""

    @property
    def user_message(self) -> str:
        """A short paragraph for a screen or a terminal."""
        return str(self)


class NoQuestionsError(QuizError):
    """No loaded question matches what was asked for (filters, a blueprint, an empty review queue)."""


class UnknownProfileError(QuizError):
    """No exam profile has this id."""

    def __init__(self, profile_id: str, known: list[str]) -> None:
        self.profile_id = profile_id
        self.known = sorted(known)
        super().__init__(f"no exam profile {profile_id!r}; known profiles: {', '.join(self.known) or 'none'}")


class ExamRequestError(QuizError):
    """The options cannot make an exam (too many questions, a time limit out of range); the message
    says which and what is allowed."""


class NoQuestionsForExamError(ExamRequestError, NoQuestionsError):
    """An exam's domains and topics match no question."""


class SettingError(QuizError):
    """A setting was given a value it cannot take; the message says which values it can."""


class CannotResumeError(QuizError):
    """The unfinished exam cannot be continued: none of its questions are loaded any more."""


class StoreError(QuizError):
    """The progress store cannot be used (locked by another app, written by a newer version, unreadable)."""


class StoreBusyError(StoreError):
    """Another app holds the progress folder's lock: this one may only look (a read-only store)."""


# errno -> (what happened, what to do), in a user's words
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "Free some disk space, then try again."),
    errno.EDQUOT: ("your disk quota is used up", "Free some space in your quota, then try again."),
    errno.EFBIG: (
        "the file has reached the largest size this system allows (ulimit -f)",
        "Raise the file size limit, or move the progress folder with QUIZ_HOME, then try again.",
    ),
    errno.EACCES: (
        "permission denied",
        "Make the progress folder and its files writable for your user (or point QUIZ_HOME at a folder "
        "you can write), then try again.",
    ),
    errno.EPERM: (
        "the operation is not permitted",
        "Make the progress folder and its files writable for your user (or point QUIZ_HOME at a folder "
        "you can write), then try again.",
    ),
    errno.EROFS: (
        "the disk is read-only",
        "Remount it read-write, or point QUIZ_HOME at a writable folder, then try again.",
    ),
    errno.EISDIR: ("a folder is in the way", "Move that folder out of the progress folder, then try again."),
}


class StoreWriteError(StoreError):
    """Writing progress failed. Everything written before is intact; the change that failed was not made."""

    def __init__(self, action: str, path: Path, cause: OSError, *, kept: str = "") -> None:
        self.action = action  # what the app was doing, as a verb phrase: "save your answer"
        self.path = path
        self.cause = cause
        self.errno = cause.errno
        self.kept = kept  # what stays safe beyond the saved progress, e.g. "the exam can be continued"
        super().__init__(self._paragraph(detailed=True))

    def but_kept(self, kept: str) -> StoreWriteError:
        """The same failure, saying what else is safe (the caller knows; the store does not)."""
        return StoreWriteError(self.action, self.path, self.cause, kept=kept)

    @property
    def reason(self) -> str:
        known = _REASONS.get(self.errno or 0)
        return known[0] if known else (self.cause.strerror or str(self.cause)).lower()

    @property
    def advice(self) -> str:
        known = _REASONS.get(self.errno or 0)
        return known[1] if known else "Check the disk and the progress folder, then try again."

    @property
    def user_message(self) -> str:
        return self._paragraph(detailed=False)

    def _paragraph(self, *, detailed: bool) -> str:
        where = f" ({self.path})" if detailed else ""
        kept = f"; {self.kept}" if self.kept else ""
        return f"Could not {self.action}: {self.reason}{where}. Nothing saved before was lost{kept}. {self.advice}"


__all__ = [
    "CannotResumeError",
    "ExamRequestError",
    "NoQuestionsError",
    "NoQuestionsForExamError",
    "QuizError",
    "SettingError",
    "StoreBusyError",
    "StoreError",
    "StoreWriteError",
    "UnknownProfileError",
]
