"""Errors of the queue list the valid codes (both backends)."""

from __future__ import annotations

import pytest

from counter_app.adapters.db.store import Store
from counter_app.domain.errors import NotFound
from tests.integration.queue_helpers import Clock, engine


def test_unknown_codes_list_the_valid_ones(store: Store) -> None:
    q = engine(store, Clock())
    with pytest.raises(NotFound) as svc:
        q.issue_ticket("XX")
    assert "HT" in svc.value.message and "DKKD" in svc.value.message
    with pytest.raises(NotFound) as pri:
        q.issue_ticket("HT", "VIP")
    assert "NCT" in pri.value.message
