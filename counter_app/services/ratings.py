"""Satisfaction ratings: offer a finished ticket or a returned dossier for rating, store one
rating per service event, and tally them for the reports.

The rating screen has no login; what makes a rating legitimate is its service event, so
:meth:`RatingService.submit` checks that the ticket is finished (or the dossier returned) and
that the event has no rating yet. The officer, counter and field stored with the rating come from
the event, never from the screen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.dossier import DossierStatus
from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.queue import TicketStatus
from counter_app.domain.ratings import (
    DEFAULT_SCALE,
    RatedEvent,
    Rating,
    RatingScale,
    RatingTarget,
    make_rating,
)
from counter_app.services.lifecycle import load_dossier
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


class AlreadyRated(DomainError):
    """The service event already has its rating."""


ALREADY_RATED = "Lượt phục vụ này đã được đánh giá. Xin cảm ơn quý khách!"


@dataclass(frozen=True)
class RatingSummary:
    """Tally of a period: count per level label, negative share, and per counter."""

    total: int
    by_level: dict[str, int]
    negative: int
    by_counter: dict[int, tuple[int, int]]  # counter → (ratings, negative)

    @property
    def negative_share(self) -> float:
        """Share of negative ratings (0 when none)."""
        return self.negative / self.total if self.total else 0.0


class RatingService:
    """Rating use cases over a unit-of-work factory."""

    def __init__(self, uow_factory: UnitOfWorkFactory, scale: RatingScale = DEFAULT_SCALE, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.scale = scale
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def _ticket_target(self, uow: UnitOfWork, ticket_id: uuid.UUID) -> RatingTarget:
        ticket = uow.queue.get_ticket(ticket_id)
        if ticket is None:
            raise NotFound("Không tìm thấy lượt phục vụ để đánh giá.")
        if ticket.status is not TicketStatus.DONE:
            raise DomainError("Chỉ đánh giá được sau khi đã phục vụ xong.")
        officer = uow.reference.officer(ticket.officer_id) if ticket.officer_id else None
        counter = next((c for c in uow.reference.list_counters() if c.id == ticket.counter_id),
                       None)
        service = uow.reference.service(ticket.service_id)
        field_code = ""
        if service is not None and service.field_id is not None:
            field_code = next((f.code for f in uow.reference.list_fields()
                               if f.id == service.field_id), "")
        return RatingTarget(RatedEvent.TICKET, ticket.id, officer.username if officer else "",
                            counter.number if counter else None, field_code, None, ticket.id,
                            f"Phiếu {ticket.display_number}")

    def _dossier_target(self, uow: UnitOfWork, dossier_id: uuid.UUID) -> RatingTarget:
        dossier = uow.dossiers.get(dossier_id)
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ để đánh giá.")
        if dossier.status is not DossierStatus.RETURNED:
            raise DomainError("Chỉ đánh giá được sau khi đã trả kết quả hồ sơ.")
        ret = next((e for e in reversed(uow.dossiers.events(dossier.id))
                    if e.action == "return"), None)
        return RatingTarget(RatedEvent.DOSSIER_RETURN, dossier.id,
                            ret.officer_username if ret else dossier.officer_username,
                            ret.counter_number if ret else dossier.counter_number,
                            dossier.field_code, dossier.id, dossier.ticket_id, f"Hồ sơ {dossier.code}")

    def _target(self, uow: UnitOfWork, kind: RatedEvent, subject_id: uuid.UUID) -> RatingTarget:
        if kind is RatedEvent.TICKET:
            return self._ticket_target(uow, subject_id)
        return self._dossier_target(uow, subject_id)

    def target_for_ticket(self, ticket_id: uuid.UUID) -> RatingTarget:
        """The rating target of a finished ticket (AlreadyRated when it has its rating)."""
        with self.uow_factory() as uow:
            target = self._ticket_target(uow, ticket_id)
            if uow.lifecycle.rating_exists(target.key):
                raise AlreadyRated(ALREADY_RATED)
        return target

    def target_for_dossier(self, code: str) -> RatingTarget:
        """The rating target of a returned dossier."""
        with self.uow_factory() as uow:
            target = self._dossier_target(uow, load_dossier(uow, code).id)
            if uow.lifecycle.rating_exists(target.key):
                raise AlreadyRated(ALREADY_RATED)
        return target

    def submit(self, kind: RatedEvent, subject_id: uuid.UUID, level_code: str,
               reason: str = "") -> Rating:
        """Store the citizen's choice for the event; AlreadyRated on a second one."""
        with self.uow_factory(immediate=True) as uow:
            target = self._target(uow, RatedEvent(kind), subject_id)
            rating = make_rating(target, self.scale, level_code, reason,
                                 self._now().astimezone(dt.UTC))
            if not uow.lifecycle.add_rating(rating):
                raise AlreadyRated(ALREADY_RATED)
            uow.commit()
        return rating

    def summary(self, since: dt.datetime, until: dt.datetime) -> RatingSummary:
        """Tally the ratings of ``[since, until)``."""
        with self.uow_factory() as uow:
            found = uow.lifecycle.ratings(since, until)
        by_level = Counter(r.level_label for r in found)
        per_counter: dict[int, tuple[int, int]] = {}
        for r in found:
            if r.target.counter_number is not None:
                n, bad = per_counter.get(r.target.counter_number, (0, 0))
                per_counter[r.target.counter_number] = (n + 1, bad + int(r.negative))
        return RatingSummary(len(found), dict(by_level), sum(r.negative for r in found),
                             per_counter)
