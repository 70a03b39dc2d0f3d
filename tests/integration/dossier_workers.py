"""Functions run in spawned worker processes by the dossier race test, and shared test input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from counter_app.adapters.db.store import open_store
from counter_app.domain.settings import Settings
from counter_app.services.reception import receive_dossier

# Wed 15/07/2026 09:00 in Hà Nội.
NOW = dt.datetime(2026, 7, 15, 2, 0, tzinfo=dt.UTC)


def person_input(name: str = "Nguyễn Văn An", id_number: str = "001090012345",
                 code: str = "1.004873", **extra: Any) -> dict[str, Any]:
    """Return a valid reception input for a person (born 15/08/1990, male)."""
    return {"procedure": {"code": code},
            "applicant": {"kind": "person", "full_name": name, "id_number": id_number,
                          "date_of_birth": "15/08/1990", "sex": "Nam", "phone": "0912345678",
                          "email": "an@example.vn", "address": "Số 5 phố Huế, phường Mẫu"},
            "sets_count": 1, "channel": 1, "return": {"place": "counter"}, **extra}


def receive_many(url: str, username: str, count: int, start: Any, out: Any) -> None:
    """Wait for ``start``, receive ``count`` dossiers as ``username``; put the codes and lines."""
    store = open_store(url, upgrade=False)
    with store.uow() as uow:
        found = uow.reference.officer_with_hash(username)
    assert found is not None
    officer = found[0]
    settings = Settings()
    done: list[tuple[str, int]] = []
    start.wait(60)
    try:
        for i in range(count):
            r = receive_dossier(store.uow, settings, officer,
                                person_input(f"Người Thứ {chr(65 + i % 26)}"), now=NOW)
            done.append((r.dossier.code, r.dossier.ledger_line or 0))
    finally:
        out.put(done)
        store.close()
