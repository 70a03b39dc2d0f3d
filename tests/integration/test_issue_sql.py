"""Ticket issue as one statement on PostgreSQL (``queue_issue_sql``): the people-ahead count of
tickets issued at the same moment by several kiosks, and the printed number computed in SQL."""

from __future__ import annotations

import multiprocessing as mp

import pytest
from sqlalchemy import create_engine, literal, select

from counter_app.adapters.db.repositories.queue_issue_sql import display_sql
from counter_app.adapters.db.store import Store
from counter_app.domain.queue import display_number
from tests.integration.queue_workers import ahead_issuer

KIOSKS = 6
ROUNDS = 15


@pytest.mark.slow
def test_kiosks_issuing_at_once_count_everyone_before_them(store: Store, store_url: str) -> None:
    """Nobody is called: the k-th number of the day has exactly k people ahead, however the
    kiosks' statements interleaved on the sequence row."""
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(KIOSKS), ctx.Queue()
    procs = [ctx.Process(target=ahead_issuer, args=(store_url, ROUNDS, start, out))
             for _ in range(KIOSKS)]
    for p in procs:
        p.start()
    issued = sorted(t for _ in procs for t in out.get(timeout=120))
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert len(issued) == KIOSKS * ROUNDS
    assert [ahead for _, ahead in issued] == list(range(KIOSKS * ROUNDS))


CASES = [("A", 1, 3), ("A", 12, 3), ("B", 999, 3), ("B", 1000, 3), ("", 7, 0), ("HT", 5, 1),
         ("Đ", 42, 4), ("X", 123456, 2)]


def test_printed_number_in_sql_matches_the_domain(pg_base_url: str) -> None:
    engine = create_engine(pg_base_url)
    try:
        with engine.connect() as conn:
            got = [conn.execute(select(display_sql(literal(p), literal(n), literal(w))))
                   .scalar_one() for p, n, w in CASES]
    finally:
        engine.dispose()
    assert got == [display_number(p, n, w) for p, n, w in CASES]
