"""PostgreSQL: ticket issue in one statement, run as its own transaction.

Numbers are gap-free per (day, service): every kiosk of a service takes the same
``ticket_sequences`` row lock, and holds it until its commit is on disk. Measured with 8 kiosks
issuing at once (``bench/diag_pg.py``), 89 % of the server backends' time was spent waiting for
that lock, because it was held across three client round trips (number, ticket, COMMIT) by
clients that the busy CPU often paused in between. This statement takes the number, stores the
ticket and its issue event and counts the people ahead in one round trip; run in autocommit, the
lock is held only while the server executes it and flushes the commit.

The statement's snapshot is taken before it waits for the lock, so tickets that other kiosks
committed meanwhile are not in its count of waiting tickets; they are exactly the ones numbered
between the snapshot's ``issued`` and ours, and are added back (for a ticket without priority,
for which everyone waiting comes first). The printed form of the number is computed here as
:func:`counter_app.domain.queue.display_number` does (``tests/integration/test_issue_sql.py``
checks they agree).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql

from counter_app.adapters.db.repositories.queue_sql import (
    EVENT_COLUMNS,
    ISSUE_TICKET_COLUMNS,
    E,
    S,
    T,
    statements,
)

__all__ = ["issue_numbered"]


def display_sql(prefix: Any, number: Any, width: Any) -> Any:
    """SQL for ``prefix`` + ``number`` zero-padded to ``width`` digits (never cut when longer)."""
    digits = cast(number, String)
    return prefix.concat(func.lpad(digits, func.greatest(width, func.length(digits)), "0"))


@cache
def issue_numbered() -> Any:
    """``WITH s AS (upsert the sequence row, unless the daily cap is reached), t AS (INSERT the
    ticket numbered from s), e AS (INSERT its issue event) SELECT number, issued, display number,
    people ahead`` — no row when the cap is reached (and nothing written).

    Parameters: ``day``, ``service_id``, ``start``, ``cap`` (NULL: no cap), ``prefix``,
    ``width``, ``rank``, ``t_<column>`` for the ticket's columns but ``number`` and
    ``display_number``, ``e_<column>`` for the event's columns but ``ticket_id``.
    """
    day = bindparam("day", type_=S.c.business_date.type)
    sid = bindparam("service_id", type_=S.c.service_id.type)
    cap = bindparam("cap", type_=Integer)
    seq = (postgresql.insert(S).values(
        business_date=day, service_id=sid,
        last_number=bindparam("start", type_=S.c.last_number.type), issued=literal(1))
        .on_conflict_do_update(
            index_elements=[S.c.business_date, S.c.service_id],
            set_={"last_number": S.c.last_number + 1, "issued": S.c.issued + 1},
            where=or_(cap.is_(None), S.c.issued < cap))
        .returning(S.c.last_number, S.c.issued).cte("s"))
    display = display_sql(bindparam("prefix", type_=String), seq.c.last_number,
                          bindparam("width", type_=Integer))
    values = {c: seq.c.last_number if c == "number" else display if c == "display_number"
              else bindparam(f"t_{c}", type_=T.c[c].type) for c in ISSUE_TICKET_COLUMNS}
    ticket = (insert(T).from_select(list(ISSUE_TICKET_COLUMNS),
                                    select(*values.values()).select_from(seq))
              .returning(T.c.id, T.c.display_number).cte("t"))
    event_cols = [ticket.c.id if c == "ticket_id" else bindparam(f"e_{c}", type_=E.c[c].type)
                  for c in EVENT_COLUMNS]
    event = (insert(E).from_select(list(EVENT_COLUMNS), select(*event_cols))
             .returning(E.c.id).cte("e"))
    rank = bindparam("rank", type_=Integer)
    seen = select(func.coalesce(func.max(S.c.issued), 0)).where(
        S.c.business_date == day, S.c.service_id == sid).scalar_subquery()
    counts = statements("postgresql")  # the same people-ahead counts as everywhere else
    ahead = case((rank > 0, counts.ahead_of_priority.scalar_subquery()),
                 else_=counts.ahead_of_normal.scalar_subquery() + seq.c.issued - 1 - seen)
    return select(seq.c.last_number, seq.c.issued, ticket.c.display_number, ahead.label("ahead"),
                  select(func.count()).select_from(event).scalar_subquery().label("events")
                  ).select_from(seq.join(ticket, true()))
