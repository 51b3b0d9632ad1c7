"""JSON Schema of the bank and profile formats, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from quiz.banks.formats import BankFormat, ProfileFormat

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def bank_schema() -> dict[str, Any]:
    schema = BankFormat.model_json_schema()
    return {"$schema": DRAFT, "title": "Question bank", **{k: v for k, v in schema.items() if k != "title"}}


def profile_schema() -> dict[str, Any]:
    schema = ProfileFormat.model_json_schema()
    return {"$schema": DRAFT, "title": "Exam profile", **{k: v for k, v in schema.items() if k != "title"}}
