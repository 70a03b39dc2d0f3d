"""Citizen satisfaction ratings (đánh giá mức độ hài lòng) after a service event.

A rating belongs to one service event — a finished ticket or a returned dossier — and there is
at most one per event (:func:`event_key`). The scale is data: the default has the three levels
used at counter terminals (Rất hài lòng / Hài lòng / Không hài lòng, vn-one-stop-rules §1.1);
a centre may configure its own, each level saying whether it counts as negative. A negative
rating may carry a short reason (optional). Ratings are stored with officer, counter, field and
dossier for the QĐ 766 satisfaction indicator (100 % − overdue % − dislike %).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.settings import RatingSettings
from counter_app.domain.text import fold, nfc

MAX_REASON = 500
_CODE_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class RatedEvent(enum.StrEnum):
    """What is being rated."""

    TICKET = "ticket"  # a finished ticket (service at the counter)
    DOSSIER_RETURN = "dossier_return"  # a dossier's result handed back


@dataclass(frozen=True)
class RatingLevel:
    """One choice on the rating screen."""

    code: str
    label: str
    negative: bool = False
    score: int = 0  # for averages; higher is better


@dataclass(frozen=True)
class RatingScale:
    """The ordered choices shown to the citizen (best first) and the reasons offered when negative."""

    levels: tuple[RatingLevel, ...]
    negative_reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        codes = [lv.code for lv in self.levels]
        if not 2 <= len(self.levels) <= 6:
            raise DomainError("Thang đánh giá phải có từ 2 đến 6 mức.")
        if len(set(codes)) != len(codes) or not all(_CODE_RE.match(c) for c in codes):
            raise DomainError("Mã các mức đánh giá phải khác nhau, chỉ gồm chữ thường, số và _.")
        if not any(lv.negative for lv in self.levels):
            raise DomainError("Thang đánh giá phải có ít nhất một mức không hài lòng.")
        object.__setattr__(self, "levels", tuple(
            RatingLevel(lv.code, nfc(lv.label), lv.negative, lv.score) for lv in self.levels))
        object.__setattr__(self, "negative_reasons",
                           tuple(nfc(r) for r in self.negative_reasons if nfc(r)))

    def level(self, code: str) -> RatingLevel:
        """Return the level ``code``; DomainError when the scale has none."""
        for lv in self.levels:
            if lv.code == code:
                return lv
        raise DomainError(f"Mức đánh giá '{code[:40]}' không có trong thang đánh giá.")


DEFAULT_SCALE = RatingScale(
    levels=(
        RatingLevel("very_satisfied", "Rất hài lòng", False, 3),
        RatingLevel("satisfied", "Hài lòng", False, 2),
        RatingLevel("dissatisfied", "Không hài lòng", True, 0),
    ),
    negative_reasons=(
        "Thời gian chờ lâu",
        "Thái độ phục vụ chưa tốt",
        "Hướng dẫn chưa rõ ràng",
        "Phải đi lại nhiều lần",
        "Trả kết quả chậm",
    ),
)


def scale_from_config(levels: Iterable[tuple[str, str, bool]],
                      reasons: Iterable[str] = ()) -> RatingScale:
    """Build a scale from configuration rows ``(code, label, negative)``, best first."""
    rows = list(levels)
    return RatingScale(tuple(RatingLevel(code, label, negative, len(rows) - i - 1)
                             for i, (code, label, negative) in enumerate(rows)), tuple(reasons))


def event_key(kind: RatedEvent, subject_id: uuid.UUID) -> str:
    """Return the unique key of a service event: one rating per finished ticket or return."""
    return f"{kind}:{subject_id}"


@dataclass(frozen=True)
class RatingTarget:
    """The service event offered for rating, with what the report needs to attribute it."""

    kind: RatedEvent
    subject_id: uuid.UUID  # the ticket id or the dossier id
    officer_username: str = ""
    counter_number: int | None = None
    field_code: str = ""
    dossier_id: uuid.UUID | None = None
    ticket_id: uuid.UUID | None = None
    label: str = ""  # e.g. "Phiếu A012" or the dossier code, shown above the buttons

    @property
    def key(self) -> str:
        """The event's unique key."""
        return event_key(self.kind, self.subject_id)


@dataclass(frozen=True)
class Rating:
    """A stored rating."""

    id: uuid.UUID
    target: RatingTarget
    level_code: str
    level_label: str
    negative: bool
    reason: str
    rated_at: dt.datetime


def make_rating(target: RatingTarget, scale: RatingScale, level_code: str, reason: str,
                at: dt.datetime) -> Rating:
    """Validate a choice against ``scale`` and return the rating (reason only when negative)."""
    level = scale.level(level_code)
    text = nfc(reason) if isinstance(reason, str) else ""
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": f"Ý kiến dài quá {MAX_REASON} ký tự."})
    if text and not level.negative:
        text = ""  # the screen only asks for a reason on a negative rating
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError({"reason": "Ý kiến chứa ký tự không hợp lệ."})
    return Rating(uuid.uuid4(), target, level.code, level.label, level.negative, text, at)


def scale_from_settings(rating: RatingSettings) -> RatingScale:
    """Build the configured scale: labels best first, the last ``negative_levels`` negative."""
    labels = list(rating.levels)
    if len(labels) < 2 or not 1 <= rating.negative_levels < len(labels):
        raise DomainError("Thang đánh giá cần ít nhất 2 mức và ít nhất 1 mức không hài lòng.")
    first_negative = len(labels) - rating.negative_levels
    rows = [(_level_code(label, i), label, i >= first_negative) for i, label in enumerate(labels)]
    return scale_from_config(rows, rating.negative_reasons)


_KNOWN_CODES = {lv.label: lv.code for lv in DEFAULT_SCALE.levels}


def _level_code(label: str, index: int) -> str:
    if label in _KNOWN_CODES:
        return _KNOWN_CODES[label]
    code = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")
    return code or f"level_{index}"
