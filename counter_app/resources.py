"""Locate files shipped in the top-level ``resources/`` folder (fonts, catalogue, sounds)."""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1] / "resources"


def resources_dir() -> Path:
    """Return the resources folder; ``COUNTER_APP_RESOURCES`` overrides it (e.g. in a frozen build)."""
    override = os.environ.get("COUNTER_APP_RESOURCES")
    return Path(override) if override else _ROOT


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)


FONT_SANS = ("fonts", "NotoSans-Regular.ttf")
FONT_SANS_BOLD = ("fonts", "NotoSans-Bold.ttf")
FONT_SANS_ITALIC = ("fonts", "NotoSans-Italic.ttf")
FONT_SERIF = ("fonts", "NotoSerif-Regular.ttf")
FONT_SERIF_BOLD = ("fonts", "NotoSerif-Bold.ttf")
FONT_SERIF_ITALIC = ("fonts", "NotoSerif-Italic.ttf")
