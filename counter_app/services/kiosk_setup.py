"""What the kiosk shows besides the queue: priority categories and who serves each service."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.reference import PriorityCategory
from counter_app.services.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class KioskSetup:
    """Reference data the kiosk shows: priorities and which counters serve each service."""

    priorities: tuple[PriorityCategory, ...]
    counters_by_service: dict[str, tuple[int, ...]]


def kiosk_setup(uow_factory: UnitOfWorkFactory) -> KioskSetup:
    """Read the active priority categories and the active counters of each service code."""
    with uow_factory() as uow:
        priorities = tuple(p for p in uow.reference.list_priorities() if p.active)
        services = {s.id: s.code for s in uow.reference.list_services()}
        serving: dict[str, list[int]] = {}
        for counter in uow.reference.list_counters():
            if not counter.active:
                continue
            for sid in counter.service_ids:
                if sid in services:
                    serving.setdefault(services[sid], []).append(counter.number)
    return KioskSetup(priorities, {k: tuple(sorted(v)) for k, v in serving.items()})
