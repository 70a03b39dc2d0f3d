"""Administration tables: centre-wide settings, audit chain heads, day closures, officer services."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.adapters.db.models import Base, utcnow


class CentreSettingRow(Base):
    """One centre-wide setting stored in the database; it overrides the config file."""

    __tablename__ = "centre_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The last link of one origin's audit chain (so a deleted tail row is noticed too).

    Writers of an origin update this row in their transaction, which also serialises them, so two
    processes of one PC never take the same ``seq``.
    """

    __tablename__ = "audit_heads"
    origin: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    row_hash: Mapped[str] = mapped_column(String(64))


class DayClosureRow(Base):
    """A business day that was closed (day-end done), with its counts as JSON text."""

    __tablename__ = "day_closures"
    business_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")


class OfficerServiceRow(Base):
    """Which queue services an officer serves (empty: any service of the counter)."""

    __tablename__ = "officer_services"
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("queue_services.id"), primary_key=True)
