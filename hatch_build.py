"""Build hook: the wheel carries the checked form of its shipped banks and profiles, so the first
start after an install or an upgrade reads no YAML and imports no pydantic for them (the start-up
budget). An editable install (`scripts/run`) reads the banks from the checkout instead and builds
the same entries in the user's cache on its first start."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltBanks(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from quiz.banks.cache import PREBUILT_FOLDER, build_prebuilt
        finally:
            sys.path.remove(str(root))
        out = Path(tempfile.mkdtemp(prefix="quiz-prebuilt-"))
        count = build_prebuilt(root / "question_banks", out)
        self.app.display_info(f"prebuilt the checked form of {count} shipped banks and profiles")
        build_data["force_include"][str(out)] = f"quiz/question_banks/{PREBUILT_FOLDER}"
