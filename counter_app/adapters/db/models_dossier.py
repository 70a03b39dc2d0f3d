"""Tables of dossiers: the dossier, its documents, its append-only history, named sequences, the
folded name tokens of the name search and the centre's calendar overrides.

Codes and name tokens are compared by byte order (``COLLATE "C"`` on PostgreSQL, SQLite's default
BINARY), so a prefix search is an index range ``prefix <= x < next(prefix)`` whatever the server's
locale.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.adapters.db.models import Base, Record, utcnow


def _bytewise(length: int) -> String:
    """A string column compared byte by byte on every backend (prefix ranges use its index)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class SequenceRow(Base):
    """A named counter, e.g. ("dossier", "H01.151.01|2026-07-15") or ("ledger", "01|2026").

    Allocation increments ``last`` under a lock (BEGIN IMMEDIATE on SQLite, an upsert with
    RETURNING on PostgreSQL), so two counters never get the same value.
    """

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class DossierRow(Record, Base):
    """A received dossier; applicant details are stored whole in ``applicant`` (JSON)."""

    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_status_appointment", "status", "appointment_at"),
    )
    code: Mapped[str] = mapped_column(_bytewise(64), unique=True)
    lookup_token: Mapped[str] = mapped_column(String(32))
    agency_code: Mapped[str] = mapped_column(String(35))
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedures.id"))
    procedure_code: Mapped[str] = mapped_column(String(16))
    procedure_name: Mapped[str] = mapped_column(Text)
    field_code: Mapped[str] = mapped_column(String(16), index=True)
    rule_versions: Mapped[str] = mapped_column(String(200), default="")
    applicant_kind: Mapped[str] = mapped_column(String(16))  # person | organisation
    applicant_name: Mapped[str] = mapped_column(String(300))
    applicant_name_folded: Mapped[str] = mapped_column(String(300))
    applicant_id_number: Mapped[str] = mapped_column(String(20), index=True)
    applicant: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitter: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sets_count: Mapped[int] = mapped_column(Integer, default=1)
    channel: Mapped[int] = mapped_column(Integer)
    return_place: Mapped[str] = mapped_column(String(16))
    return_address: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    appointment_at: Mapped[dt.datetime]
    original_appointment_at: Mapped[dt.datetime | None]
    appointment_reason: Mapped[str] = mapped_column(Text, default="")
    # appointments before the result ([{label, at (ISO, UTC)}]), e.g. the tax notice
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(32))
    national_code: Mapped[int] = mapped_column(Integer)
    sub_state: Mapped[str] = mapped_column(String(32), default="")
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officers.id"))
    officer_username: Mapped[str] = mapped_column(String(64), default="")
    counter_number: Mapped[int | None] = mapped_column(Integer)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    ledger_book: Mapped[str] = mapped_column(String(16), default="")
    ledger_line: Mapped[int | None] = mapped_column(Integer)
    backdated: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_since: Mapped[dt.datetime | None]
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[dt.datetime | None]
    returned_at: Mapped[dt.datetime | None]
    # QĐ 766 report columns, written by every lifecycle step from the domain's rules
    # (counter_app.domain.indicators): end of processing, verdict, closure, pauses, net time.
    ended_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    closed_at: Mapped[dt.datetime | None]
    closure: Mapped[str] = mapped_column(String(16), default="", server_default="")
    paused_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    processing_minutes: Mapped[int | None] = mapped_column(Integer)


class DossierNameTokenRow(Base):
    """Folded suffixes of the applicant's name, for indexed prefix search without diacritics.

    "Nguyễn Văn An" gives "nguyen van an", "van an" and "an" (cut to 64 characters), so a query
    of consecutive words, the last one possibly cut short, is one index range.
    """

    __tablename__ = "dossier_name_tokens"
    token: Mapped[str] = mapped_column(_bytewise(64), primary_key=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)


class DossierDocumentRow(Base):
    """One line of a dossier's documents."""

    __tablename__ = "dossier_documents"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    form: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=1)
    received: Mapped[bool] = mapped_column(Boolean, default=True)
    from_database: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[bool] = mapped_column(Boolean, default=False)


class DossierEventRow(Base):
    """Append-only history: every status change and hand-over, with who, when and why."""

    __tablename__ = "dossier_events"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str] = mapped_column(String(32), default="")
    to_status: Mapped[str] = mapped_column(String(32))
    national_code: Mapped[int] = mapped_column(Integer)
    officer_username: Mapped[str] = mapped_column(String(64), default="")
    counter_number: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(64), default="")


class DossierFileRow(Record, Base):
    """A digitised file of a dossier: a scanned component (``kind`` component) or the electronic
    copy of the result (``kind`` result), stored under the data directory by its hash."""

    __tablename__ = "dossier_files"
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # component | result
    document_position: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(400))
    officer_username: Mapped[str] = mapped_column(String(64), default="")


class CalendarOverrideRow(Record, Base):
    """A centre decision about one day (extra day off, make-up working Saturday), winning over
    the ``holidays`` package; ``provisional`` marks a schedule not yet announced ("dự kiến")."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("day"),)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # off | work
    note: Mapped[str] = mapped_column(Text, default="")
    source_document: Mapped[str] = mapped_column(Text, default="")
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64), default="")
