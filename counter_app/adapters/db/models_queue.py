"""Queue tables: daily number sequences, ticket stints, ticket events and counter sessions.

Integrity backstops live in the schema as well as in the services:

* ``ticket_sequences`` has one row per (business date, service); allocating a number updates that
  row, so two writers queue on its lock and numbering restarts each day without deleting anything.
* ``uq_tickets_day_service_number``: UNIQUE(business_date, issue_service_id, number) over issued
  tickets (``transferred_from_id IS NULL``; a transfer's new stint repeats the number).
* ``queue_waiting`` counts waiting tickets per (date, service) by triggers, so the people ahead
  of a new ticket are read, not counted.
* ``uq_counter_sessions_open_counter`` / ``…_open_officer``: one open session per counter and per
  officer (``closed_at IS NULL``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.adapters.db.models import Base, Record, utcnow
from counter_app.domain.queue import TicketAction, TicketStatus

_STATUSES = ", ".join(f"'{s.value}'" for s in TicketStatus)
_ACTIONS = ", ".join(f"'{a.value}'" for a in TicketAction)
_ISSUED = text("transferred_from_id IS NULL")
_OPEN = text("closed_at IS NULL")


class TicketSequenceRow(Base):
    """The last number handed out for a service on a business date."""

    __tablename__ = "ticket_sequences"
    business_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("queue_services.id"), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)
    issued: Mapped[int] = mapped_column(Integer, default=0)


class QueueWaitingRow(Base):
    """Waiting tickets per (business date, service), kept by triggers on ``tickets``
    (migration ``0008_queue_speed``); the count is the sum over the shards."""

    __tablename__ = "queue_waiting"
    business_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("queue_services.id"), primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    waiting: Mapped[int] = mapped_column(Integer)


class TicketRow(Record, Base):
    """One stint of a queue ticket in one service queue."""

    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        Index("uq_tickets_day_service_number", "business_date", "issue_service_id", "number",
              unique=True, sqlite_where=_ISSUED, postgresql_where=_ISSUED),
        Index("ix_tickets_day_status_service", "business_date", "status", "service_id",
              "priority_rank"),
        Index("ix_tickets_waiting_order", "business_date", "status", "priority_rank",
              "issued_at", "number", "display_number", "id"),
        Index("ix_tickets_service_done", "service_id", "status", "finished_at", "called_at"),
        Index("ix_tickets_day_display", "business_date", "display_number"),
        # a counter's tickets of a day, latest call last (call-next's desk check)
        Index("ix_tickets_counter_day", "counter_id", "business_date", "called_at", "id"),
        Index("ix_tickets_issued_at", "issued_at"),
    )
    business_date: Mapped[dt.date] = mapped_column(Date)
    issue_service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("queue_services.id"))
    number: Mapped[int] = mapped_column(Integer)
    display_number: Mapped[str] = mapped_column(String(12))
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("queue_services.id"))
    issued_at: Mapped[dt.datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16))
    priority_code: Mapped[str | None] = mapped_column(String(32))
    priority_rank: Mapped[int] = mapped_column(Integer, default=0)
    target_counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officers.id"))
    called_at: Mapped[dt.datetime | None] = mapped_column()
    serving_at: Mapped[dt.datetime | None] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"))
    web_token: Mapped[str] = mapped_column(String(16), default="", server_default="")


class TicketEventRow(Record, Base):
    """Append-only history of a ticket stint: who did what, when, at which counter."""

    __tablename__ = "ticket_events"
    __table_args__ = (CheckConstraint(f"action IN ({_ACTIONS})", name="action"),)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officers.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")


class CounterSessionRow(Record, Base):
    """An officer signed in at a counter; open while ``closed_at`` is NULL."""

    __tablename__ = "counter_sessions"
    __table_args__ = (
        Index("uq_counter_sessions_open_counter", "counter_id", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
        Index("uq_counter_sessions_open_officer", "officer_id", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
    )
    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officers.id"))
    opened_at: Mapped[dt.datetime] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(64))
    paused_since: Mapped[dt.datetime | None] = mapped_column()  # counter paused (Tạm nghỉ)
