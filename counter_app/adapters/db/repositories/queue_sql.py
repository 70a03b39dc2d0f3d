"""The queue repository's SQL, built once per backend with bound parameters.

Orders here mirror :func:`counter_app.domain.queue.queue_key` (priority first, rank, original
issue time, number, display number, id); the golden ordering tests pin both backends to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from counter_app.adapters.db.change_notify import NOTIFY_CHANNEL
from counter_app.adapters.db.models import (
    CounterRow,
    CounterServiceRow,
    PriorityCategoryRow,
    QueueServiceRow,
)
from counter_app.adapters.db.models_queue import (
    CounterSessionRow,
    QueueWaitingRow,
    TicketEventRow,
    TicketRow,
    TicketSequenceRow,
)
from counter_app.domain.queue import CALL_ORDER_FIELDS, TicketAction, TicketStatus

__all__ = ["NOTIFY_CHANNEL", "QueueSql", "call_desk", "counter_desk", "statements"]

T = cast(Table, TicketRow.__table__)
E = cast(Table, TicketEventRow.__table__)
S = cast(Table, TicketSequenceRow.__table__)
W = cast(Table, QueueWaitingRow.__table__)  # waiting per (day, service), kept by triggers
CS = cast(Table, CounterSessionRow.__table__)
LINKS = cast(Table, CounterServiceRow.__table__)
SVC = cast(Table, QueueServiceRow.__table__)
CTR = cast(Table, CounterRow.__table__)
PRIO = cast(Table, PriorityCategoryRow.__table__)

CALL_ORDER = tuple(T.c[name] for name in CALL_ORDER_FIELDS)  # domain.queue: the one order
QUEUE_ORDER = (case((T.c.priority_rank > 0, 0), else_=1), *CALL_ORDER)
ACTIVE = [TicketStatus.CALLED.value, TicketStatus.SERVING.value]
# the newest ticket event: the queue's version for the mobile tickets' live updates
LAST_EVENT_AT = select(func.max(E.c.at))
# waiting tickets of a queue that come before a given one in QUEUE_ORDER (the mobile ticket)
WAITING_BEFORE = select(func.count()).select_from(T).where(
    T.c.business_date == bindparam("day", type_=T.c.business_date.type),
    T.c.status == TicketStatus.WAITING.value,
    T.c.service_id == bindparam("sid", type_=T.c.service_id.type),
    tuple_(*QUEUE_ORDER) < tuple_(
        bindparam("k0", type_=Integer()), bindparam("rank", type_=Integer()),
        bindparam("issued", type_=T.c.issued_at.type), bindparam("number", type_=Integer()),
        bindparam("display", type_=T.c.display_number.type), bindparam("tid", type_=T.c.id.type)))


@dataclass(frozen=True)
class QueueSql:
    """Prepared statements of one backend."""

    service_by_code: Any
    priority_by_code: Any
    counter_by_number: Any
    session_at: Any
    allocate: Any
    issued_counts: Any
    insert_ticket: Any
    get_ticket: Any
    ticket_at_desk: Any
    find_ticket: Any
    save_ticket: Any
    record: Any  # PostgreSQL: claim-update and event insert in one statement; else None
    recent_ranks: Any
    waiting_for_counter: Any
    waiting_in: Any
    waiting_all: Any
    ahead_of_normal: Any
    ahead_of_priority: Any
    waiting_counts: Any
    open_counters: Any
    active_all: Any
    service_times: Any
    insert_event: Any
    events_of: Any
    recent_calls: Any
    open_sessions: Any
    insert_session: Any
    close_session: Any


def _ids(name: str) -> Any:
    return bindparam(name, expanding=True)


@cache
def counter_desk(recent: int) -> Any:
    """One round trip for call-next's checks: the counter (one row per service it serves),
    its open session, the ticket it is calling or serving on ``:day`` (``busy_with``) and the
    priority ranks of its ``recent`` latest calls that day (``recent_0`` newest, NULL if none).
    Parameters: ``number``, ``day``."""
    day = bindparam("day", type_=T.c.business_date.type)
    ctr2 = CTR.alias("c2")
    counter_id = select(ctr2.c.id).where(ctr2.c.number == bindparam("number")).scalar_subquery()
    # the ticket in hand and the latest calls: the counter's entries of the day in
    # ix_tickets_counter_day, not the whole day's tickets or the counter's history
    busy = select(T.c.display_number).where(
        T.c.counter_id == counter_id, T.c.business_date == day, T.c.status.in_(ACTIVE),
    ).limit(1).scalar_subquery()
    ranks = [select(T.c.priority_rank).where(
        T.c.business_date == day, T.c.counter_id == counter_id, T.c.called_at.is_not(None))
        .order_by(T.c.called_at.desc(), T.c.id.desc()).limit(1).offset(i)
        .scalar_subquery().label(f"recent_{i}") for i in range(recent)]
    return select(
        CTR.c.id, CTR.c.number, CTR.c.name, CTR.c.active, LINKS.c.service_id,
        CS.c.id.label("session_id"),
        CS.c.officer_id.label("session_officer_id"), CS.c.opened_at.label("session_opened_at"),
        CS.c.paused_since.label("session_paused_since"), busy.label("busy_with"), *ranks,
    ).select_from(
        CTR.outerjoin(LINKS, LINKS.c.counter_id == CTR.c.id)
        .outerjoin(CS, and_(CS.c.counter_id == CTR.c.id, CS.c.closed_at.is_(None)))
    ).where(CTR.c.number == bindparam("number"))


def may_call(counter_id: Any, service_ids: Any) -> Any:
    """The tickets a counter may call: sent to it, or sent nowhere and of a service it serves."""
    return or_(T.c.target_counter_id == counter_id,
               and_(T.c.target_counter_id.is_(None), T.c.service_id.in_(service_ids)))


# the ticket columns a Ticket is made of (not the record stamps)
READ_COLUMNS = tuple(c.name for c in T.columns if c.name not in ("created_at", "updated_at",
                                                                  "origin"))


@cache
def call_desk(recent: int, backend: str) -> Any:
    """:func:`counter_desk` and the counter's two heads in one round trip: each desk row (one
    per service the counter serves) with the first waiting priority ticket and the first
    normal one it may call (columns ``h_<name>`` of :data:`READ_COLUMNS`; NULL when nobody
    waits). On PostgreSQL the heads are row-locked with ``SKIP LOCKED``: a counter calling at
    the same moment passes over them instead of waiting or taking the same ticket.
    Parameters: ``number``, ``day``."""
    day = bindparam("day", type_=T.c.business_date.type)
    ctr = CTR.alias("c3")
    counter_id = select(ctr.c.id).where(ctr.c.number == bindparam("number")).scalar_subquery()
    services = select(LINKS.c.service_id).where(LINKS.c.counter_id == counter_id)
    eligible = select(*(T.c[n] for n in READ_COLUMNS)).where(
        T.c.business_date == day, T.c.status == TicketStatus.WAITING.value,
        may_call(counter_id, services))

    def head(cond: Any, order: Any, name: str) -> Any:
        stmt = eligible.where(cond).order_by(*order).limit(1)
        stmt = stmt.with_for_update(skip_locked=True) if backend == "postgresql" else stmt
        return select(stmt.subquery(name))

    # a materialised CTE: the heads are read (and locked) once, however many desk rows join
    # them (a nested loop could otherwise rescan them per service and lock a later ticket)
    heads = union_all(head(T.c.priority_rank > 0, CALL_ORDER, "p"),
                      head(T.c.priority_rank == 0, CALL_ORDER[1:], "n")).cte("h").prefix_with(
        "MATERIALIZED", dialect="postgresql")
    desk = counter_desk(recent).subquery("d")
    return select(desk, *(heads.c[n].label(f"h_{n}") for n in READ_COLUMNS)).select_from(
        desk.outerjoin(heads, true()))


TICKET_CHANGES = ("status", "service_id", "target_counter_id", "counter_id", "officer_id",
                  "called_at", "serving_at", "finished_at", "recall_count", "updated_at")
EVENT_COLUMNS = ("id", "ticket_id", "at", "action", "actor", "officer_id", "counter_id",
                 "from_status", "to_status", "detail", "created_at", "updated_at", "origin")


def _record_statement() -> Any:
    """``WITH u AS (UPDATE tickets … WHERE id = :tid AND status = :expected RETURNING id)
    INSERT INTO ticket_events … SELECT … FROM u RETURNING id``: a row comes back only if the
    claim won (the driver reports no row count for this form).

    Parameters: ``tid``, ``expected``, ``t_<column>`` for :data:`TICKET_CHANGES` and
    ``e_<column>`` for :data:`EVENT_COLUMNS` except ``ticket_id``.
    """
    claim = (update(T)
             .where(T.c.id == bindparam("tid", type_=T.c.id.type),
                    T.c.status == bindparam("expected", type_=T.c.status.type))
             .values({c: bindparam(f"t_{c}", type_=T.c[c].type) for c in TICKET_CHANGES})
             .returning(T.c.id).cte("claimed"))
    cols = [claim.c.id if c == "ticket_id" else bindparam(f"e_{c}", type_=E.c[c].type)
            for c in EVENT_COLUMNS]
    return insert(E).from_select(list(EVENT_COLUMNS), select(*cols)).returning(E.c.id)


def _waiting_counts(day: Any, waiting_today: Any) -> Any:
    """(service, waiting, of which priority) for services with someone waiting on ``:day``:
    totals from the trigger-kept counts, priority tickets counted through the calling-order
    index (only the priority part of the queue is read)."""
    totals = (select(W.c.service_id, func.sum(W.c.waiting).label("n"))
              .where(W.c.business_date == day).group_by(W.c.service_id)
              .having(func.sum(W.c.waiting) > 0).subquery("w"))
    prio = (select(T.c.service_id, func.count().label("p"))
            .where(waiting_today, T.c.priority_rank > 0).group_by(T.c.service_id)
            .subquery("p"))
    return select(totals.c.service_id, totals.c.n, func.coalesce(prio.c.p, 0)).select_from(
        totals.outerjoin(prio, prio.c.service_id == totals.c.service_id))


ISSUE_TICKET_COLUMNS = tuple(c.name for c in T.columns)  # every column of tickets


@cache
def statements(backend: str) -> QueueSql:
    """Return the statements for ``backend`` (``sqlite`` or ``postgresql``), built once."""
    pg = backend == "postgresql"
    day = bindparam("day", type_=T.c.business_date.type)
    waiting_today = and_(T.c.business_date == day, T.c.status == TicketStatus.WAITING.value)
    for_counter = may_call(bindparam("counter_id", type_=T.c.id.type), _ids("service_ids"))
    eligible = select(T).where(waiting_today, for_counter)

    record = _record_statement() if pg else None
    waiting_service = and_(waiting_today, T.c.service_id == bindparam("service_id"))
    ahead_normal = select(func.coalesce(func.sum(W.c.waiting), 0)).where(
        W.c.business_date == day, W.c.service_id == bindparam("service_id"))
    ahead_priority = select(func.count()).select_from(T).where(
        waiting_service, T.c.priority_rank > 0, T.c.priority_rank <= bindparam("rank"))
    dialect_insert: Any = (postgresql if pg else sqlite).insert
    allocate = dialect_insert(S).values(
        business_date=bindparam("day", type_=S.c.business_date.type),
        service_id=bindparam("sid", type_=S.c.service_id.type),
        last_number=bindparam("start", type_=S.c.last_number.type), issued=literal(1),
    ).on_conflict_do_update(
        index_elements=[S.c.business_date, S.c.service_id],
        set_={"last_number": S.c.last_number + 1, "issued": S.c.issued + 1},
    ).returning(S.c.last_number, S.c.issued)
    limit: Any = bindparam("limit", type_=Integer)
    return QueueSql(
        service_by_code=select(SVC).where(func.upper(SVC.c.code) == bindparam("code")),
        priority_by_code=select(PRIO).where(func.upper(PRIO.c.code) == bindparam("code"),
                                            PRIO.c.active.is_(True)),
        counter_by_number=select(CTR, LINKS.c.service_id)
        .select_from(CTR.outerjoin(LINKS, LINKS.c.counter_id == CTR.c.id))
        .where(CTR.c.number == bindparam("number")),
        session_at=select(CS).where(CS.c.counter_id == bindparam("counter_id"),
                                    CS.c.closed_at.is_(None)),
        allocate=allocate,
        issued_counts=select(S.c.service_id, S.c.issued).where(
            S.c.business_date == bindparam("day", type_=S.c.business_date.type)),
        insert_ticket=insert(T),
        get_ticket=select(T).where(T.c.id == bindparam("id")),
        ticket_at_desk=select(
            *(T.c[n] for n in READ_COLUMNS), CS.c.id.label("session_id"),
            CS.c.officer_id.label("session_officer_id"),
            CS.c.opened_at.label("session_opened_at"),
        ).select_from(T.outerjoin(CS, and_(CS.c.counter_id == T.c.counter_id,
                                           CS.c.closed_at.is_(None))))
        .where(T.c.id == bindparam("id", type_=T.c.id.type)),
        find_ticket=select(T).where(T.c.business_date == day,
                                    T.c.display_number == bindparam("display"))
        .order_by(T.c.created_at.desc()).limit(1),
        save_ticket=update(T).where(T.c.id == bindparam("tid", type_=T.c.id.type),
                                    T.c.status == bindparam("expected")),
        record=record,
        recent_ranks=select(T.c.priority_rank).where(
            T.c.business_date == day, T.c.counter_id == bindparam("counter_id"),
            T.c.called_at.is_not(None)).order_by(T.c.called_at.desc(), T.c.id.desc())
        .limit(limit),
        waiting_for_counter=eligible.order_by(*QUEUE_ORDER),
        waiting_in=select(T).where(waiting_today, T.c.service_id.in_(_ids("service_ids")))
        .order_by(*QUEUE_ORDER),
        waiting_all=select(T).where(waiting_today).order_by(*QUEUE_ORDER),
        ahead_of_normal=ahead_normal,
        ahead_of_priority=ahead_priority,
        waiting_counts=_waiting_counts(day, waiting_today),
        open_counters=select(func.count(func.distinct(CS.c.counter_id)))
        .select_from(CS.join(LINKS, LINKS.c.counter_id == CS.c.counter_id))
        .where(CS.c.closed_at.is_(None), LINKS.c.service_id == bindparam("service_id")),
        active_all=select(T).where(T.c.business_date == day, T.c.status.in_(ACTIVE))
        .order_by(T.c.called_at),
        service_times=select(T.c.called_at, T.c.finished_at).where(
            T.c.service_id == bindparam("service_id"),
            T.c.status == TicketStatus.DONE.value,
            T.c.finished_at >= bindparam("since", type_=T.c.finished_at.type),
            T.c.called_at.is_not(None)).order_by(T.c.finished_at.desc()).limit(limit),
        insert_event=insert(E),
        events_of=select(E).where(E.c.ticket_id.in_(_ids("ticket_ids")))
        .order_by(E.c.at, E.c.created_at, E.c.id),
        recent_calls=select(E).where(
            E.c.at >= bindparam("since", type_=E.c.at.type),
            E.c.action.in_([TicketAction.CALL.value, TicketAction.RECALL.value]))
        .order_by(E.c.at.desc(), E.c.created_at.desc(), E.c.id.desc()).limit(limit),
        open_sessions=select(CS).where(CS.c.closed_at.is_(None)),
        insert_session=insert(CS),
        close_session=update(CS).where(CS.c.id == bindparam("sid", type_=CS.c.id.type),
                                       CS.c.closed_at.is_(None)),
    )
