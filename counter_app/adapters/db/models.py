"""SQLAlchemy 2 declarative base and the foundation tables (reference data and catalogue).

Feature areas add their tables in their own modules (``models_queue.py``, ``models_dossier.py`` …)
on the same :data:`Base`; :func:`all_metadata` imports them all so Alembic and tests see every table.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import socket
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_app.adapters.db.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

FEATURE_MODEL_MODULES = (
    "counter_app.adapters.db.models_queue",
    "counter_app.adapters.db.models_dossier",
    "counter_app.adapters.db.models_lifecycle",
    "counter_app.adapters.db.models_admin",
)


def utcnow() -> dt.datetime:
    """Return the current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def node_id() -> str:
    """Return this client's node name, stamped on records it creates (for offline merge)."""
    return (os.environ.get("COUNTER_APP_NODE") or socket.gethostname() or "pc")[:64]


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {dt.datetime: UtcDateTime, uuid.UUID: Uuid}


class Record:
    """Columns every mergeable record carries: UUID key, timestamps, origin node."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    origin: Mapped[str] = mapped_column(String(64), default=node_id)


class FieldRow(Record, Base):
    """A field of procedures (lĩnh vực)."""

    __tablename__ = "fields"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    ticket_prefix: Mapped[str] = mapped_column(String(3))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class QueueServiceRow(Record, Base):
    """A queue service a ticket is issued for."""

    __tablename__ = "queue_services"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(3), unique=True)
    field_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("fields.id"))
    start_number: Mapped[int] = mapped_column(Integer, default=1)
    daily_cap: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer, default=3)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    issue_from: Mapped[str | None] = mapped_column(String(5))  # "HH:MM" kiosk issuing window
    issue_to: Mapped[str | None] = mapped_column(String(5))


class CounterRow(Record, Base):
    """A counter (quầy)."""

    __tablename__ = "counters"
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pc_name: Mapped[str] = mapped_column(String(64), default="")  # PC opening it by default


class CounterServiceRow(Base):
    """Which queue services a counter serves."""

    __tablename__ = "counter_services"
    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("queue_services.id"), primary_key=True
    )


class OfficerRow(Record, Base):
    """An officer account; the password is an argon2 hash."""

    __tablename__ = "officers"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str] = mapped_column(String(100), default="")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column()


class PriorityCategoryRow(Record, Base):
    """A priority category offered at the kiosk."""

    __tablename__ = "priority_categories"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ProcedureRow(Record, Base):
    """One version of a procedure in the catalogue."""

    __tablename__ = "procedures"
    __table_args__ = (UniqueConstraint("code", "variant_key", "effective_from"),)
    code: Mapped[str] = mapped_column(String(16), index=True)
    variant: Mapped[str] = mapped_column(String(300), default="")
    variant_key: Mapped[str] = mapped_column(String(400))
    name: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)
    field_code: Mapped[str] = mapped_column(String(16), index=True)
    time_unit: Mapped[str] = mapped_column(String(16))
    time_amount: Mapped[int] = mapped_column(Integer, default=0)
    time_note: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[dict[str, Any]] = mapped_column(JSON)
    fee_note: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(Text, default="")
    # appointments before the result ([{label, time_unit, time_amount}], e.g. the tax notice)
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class AuditRow(Record, Base):
    """Append-only audit trail: who did or viewed what (privacy law: who printed which dossier).

    Rows form one hash chain per ``origin`` (the PC that wrote them): ``seq`` counts 1, 2, 3 … per
    origin, ``prev_hash`` is the previous row's ``row_hash`` and ``row_hash`` covers the row's
    content and ``prev_hash`` (see :mod:`counter_app.domain.audit_chain`).
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("origin", "seq"),)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")


def all_metadata() -> MetaData:
    """Import every feature's model module that exists and return the shared metadata."""
    for name in FEATURE_MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return Base.metadata
