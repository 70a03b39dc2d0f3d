"""Catalogue use cases: import a file all-or-nothing, search diacritics-insensitively."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from counter_app.domain.catalogue import Procedure, validate_catalogue
from counter_app.services.unit_of_work import UnitOfWorkFactory


def import_catalogue(
    uow_factory: UnitOfWorkFactory, rows: Iterable[tuple[int, Mapping[str, Any]]], actor: str
) -> int:
    """Validate every row, then store them all in one transaction; a bad row imports nothing."""
    with uow_factory() as uow:
        known = [f.code for f in uow.reference.list_fields()]
        procedures = validate_catalogue(rows, known)
        count = uow.catalogue.upsert_many(procedures)
        uow.audit.record(actor, "catalogue_import", detail=f"{count} thủ tục")
        uow.commit()
        return count


def search_catalogue(
    uow_factory: UnitOfWorkFactory, text: str, day: dt.date, limit: int = 50
) -> list[Procedure]:
    """Return procedures in force on ``day`` matching ``text`` by name, code or field."""
    with uow_factory() as uow:
        return uow.catalogue.search(text, day, limit)


class CatalogueService:
    """The procedure catalogue bound to the store."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def search(self, text: str, day: dt.date, limit: int = 50) -> list[Procedure]:
        """Procedures in force on ``day`` matching ``text``."""
        return search_catalogue(self.uow_factory, text, day, limit)
