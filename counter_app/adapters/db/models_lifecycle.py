"""Tables of the dossier lifecycle: satisfaction ratings, the public lookup log and its throttle.

Status changes themselves live in ``dossiers`` and the append-only ``dossier_events``
(``models_dossier``). A rating is unique per service event (``event_key``), so a second tap on the
rating screen, or a second rating window, cannot count twice. The lookup log never stores the
token typed, only the outcome; the throttle row of a kiosk counts its recent wrong tokens.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.adapters.db.models import Base, Record, node_id, utcnow


class RatingRow(Record, Base):
    """One citizen rating of a finished ticket or a returned dossier."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_rated_at_field", "rated_at", "field_code"),)
    event_key: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # ticket | dossier_return
    subject_id: Mapped[uuid.UUID]
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    level_code: Mapped[str] = mapped_column(String(32))
    level_label: Mapped[str] = mapped_column(String(100))
    negative: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    officer_username: Mapped[str] = mapped_column(String(64), default="")
    counter_number: Mapped[int | None] = mapped_column(Integer)
    field_code: Mapped[str] = mapped_column(String(16), default="")
    rated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LookupLogRow(Base):
    """One public status lookup: where from, which code, and the outcome (never the token)."""

    __tablename__ = "lookup_log"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(64))  # kiosk node, "cli", …
    code: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(20))  # found | refused | malformed | throttled
    reason: Mapped[str] = mapped_column(String(32), default="")
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossiers.id"))
    origin: Mapped[str] = mapped_column(String(64), default=node_id)


class LookupThrottleRow(Base):
    """Recent wrong lookups of one source; past a threshold the source must wait."""

    __tablename__ = "lookup_throttle"
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(default=utcnow)
    blocked_until: Mapped[dt.datetime | None]
