"""Exam and practice sessions: pure state machines over the library, the store and a clock."""
