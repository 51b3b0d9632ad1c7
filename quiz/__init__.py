"""Exam practice and spaced repetition for imaging-informatics certification."""

__version__ = "0.1.0"
