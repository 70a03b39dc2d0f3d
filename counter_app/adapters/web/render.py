"""Jinja2 templates of the web service (package data, autoescaped) and their Vietnamese filters."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from counter_app.domain.ticket_slip import duration_text


def _when(moment: dt.datetime | None, tz: Any = None, fmt: str = "%H:%M ngày %d/%m/%Y") -> str:
    if moment is None:
        return ""
    return (moment.astimezone(tz) if tz is not None else moment).strftime(fmt)


def _minutes(value: int | None) -> str:
    if value is None:
        return "chưa ước tính được"
    return "dưới 1 phút" if value < 1 else "khoảng " + duration_text(value)


@cache
def environment() -> Environment:
    """The template environment, built once."""
    env = Environment(loader=PackageLoader("counter_app.adapters.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # package data: never changes while serving
    env.filters["when"] = _when
    env.filters["minutes"] = _minutes
    return env


def render(name: str, **context: Any) -> str:
    """Render template ``name`` with ``context``."""
    return environment().get_template(name).render(**context)
