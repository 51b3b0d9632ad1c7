"""Exam and practice sessions over the library, the progress store and a clock. A session changes its
state only after the change is on disk, so a failed write leaves it as it was."""
