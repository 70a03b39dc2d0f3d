"""Rating scale and rating validation (pure)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.ratings import (
    DEFAULT_SCALE,
    RatedEvent,
    RatingTarget,
    event_key,
    make_rating,
    scale_from_config,
)

NOW = dt.datetime(2026, 7, 15, 9, tzinfo=dt.UTC)
TARGET = RatingTarget(RatedEvent.TICKET, uuid.UUID(int=7), "canbo1", 1, "HT")


def test_default_scale_is_the_three_counter_levels() -> None:
    assert [lv.label for lv in DEFAULT_SCALE.levels] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert [lv.negative for lv in DEFAULT_SCALE.levels] == [False, False, True]


def test_one_key_per_service_event() -> None:
    assert TARGET.key == event_key(RatedEvent.TICKET, uuid.UUID(int=7))
    other = RatingTarget(RatedEvent.DOSSIER_RETURN, uuid.UUID(int=7))
    assert other.key != TARGET.key


def test_reason_kept_only_for_negative_ratings() -> None:
    bad = make_rating(TARGET, DEFAULT_SCALE, "dissatisfied", "  Thời gian chờ   lâu ", NOW)
    assert (bad.negative, bad.reason, bad.level_label) == (True, "Thời gian chờ lâu", "Không hài lòng")
    good = make_rating(TARGET, DEFAULT_SCALE, "satisfied", "anything", NOW)
    assert (good.negative, good.reason) == (False, "")


def test_unknown_level_and_long_reason_are_refused() -> None:
    with pytest.raises(DomainError, match="không có trong thang"):
        make_rating(TARGET, DEFAULT_SCALE, "meh", "", NOW)
    with pytest.raises(ValidationError):
        make_rating(TARGET, DEFAULT_SCALE, "dissatisfied", "x" * 501, NOW)


def test_configured_scale() -> None:
    scale = scale_from_config([("tot", "Tốt", False), ("binh_thuong", "Bình thường", False),
                               ("chua_tot", "Chưa tốt", True)], ["Chờ lâu"])
    assert scale.level("tot").score == 2 and scale.level("chua_tot").negative
    with pytest.raises(DomainError):
        scale_from_config([("a", "A", False), ("b", "B", False)])  # no negative level
    with pytest.raises(DomainError):
        scale_from_config([("a", "A", False), ("a", "B", True)])  # duplicate code
