"""What the worklist panel, the return flow, the kiosk lookup and the rating screens do off the GUI
thread: services over one context, and the PDFs they print.

No Qt here: these run on the windows' worker threads. Tests and screenshots inject ``now``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.app import AppContext
from counter_app.domain.dossier import Dossier
from counter_app.domain.lifecycle import LifecycleState, Timeliness, timeliness
from counter_app.domain.lifecycle_commands import LifecycleAction, LifecycleCommand
from counter_app.domain.ratings import (
    RatedEvent,
    Rating,
    RatingScale,
    RatingTarget,
    scale_from_settings,
)
from counter_app.domain.reference import Officer
from counter_app.domain.scan_input import code_from_scan
from counter_app.services.kiosk_lookup import KioskLookup, KioskStatus
from counter_app.services.lifecycle import ActionResult, DossierLifecycle
from counter_app.services.lifecycle_documents import FormKind, form_content
from counter_app.services.ratings import RatingService
from counter_app.services.worklists import Worklist, WorklistRow, Worklists


@dataclass(frozen=True)
class DossierCard:
    """A dossier found at the counter: snapshot, machine state, allowed actions, on-time state."""

    dossier: Dossier
    state: LifecycleState
    allowed: tuple[LifecycleAction, ...]
    timeliness: Timeliness


@dataclass(frozen=True)
class ReturnDone:
    """A result handed back: what the service did and the return slip as PDF."""

    result: ActionResult
    slip_pdf: bytes


def render_form(kind: FormKind, content: object, paper: str = "A4") -> bytes:
    """Render a lifecycle form's content to PDF bytes."""
    from counter_app.adapters.printing import control_sheet_pdf, forms_pdf, return_slip_pdf

    renderers: dict[FormKind, Callable[..., bytes]] = {
        FormKind.SUPPLEMENT: forms_pdf.render_supplement_pdf,
        FormKind.REFUSAL: forms_pdf.render_refusal_pdf,
        FormKind.APOLOGY: forms_pdf.render_apology_pdf,
        FormKind.STOP_NOTICE: forms_pdf.render_stop_notice_pdf,
        FormKind.CONTROL_SHEET: control_sheet_pdf.render_control_sheet_pdf,
        FormKind.RETURN_SLIP: return_slip_pdf.render_return_slip_pdf,
    }
    return renderers[kind](content, paper_name=paper)


class LifecycleJobs:
    """The lifecycle's background work for one window."""

    def __init__(self, ctx: AppContext, *, now: Callable[[], dt.datetime] | None = None,
                 scale: RatingScale | None = None, kiosk_source: str = "") -> None:
        self.ctx = ctx
        self._now = now
        self.scale = scale or scale_from_settings(ctx.settings.rating)
        self.kiosk_source = kiosk_source or "kiosk"

    def now(self) -> dt.datetime:
        """The injected clock or the wall clock (aware UTC)."""
        return (self._now() if self._now else dt.datetime.now(dt.UTC)).astimezone(dt.UTC)

    @property
    def lifecycle(self) -> DossierLifecycle:
        """The lifecycle service (opens the store on first use, on the calling thread)."""
        return DossierLifecycle(self.ctx.store.uow, self.ctx.settings, now=self.now)

    def counts(self, field_code: str | None = None) -> dict[Worklist, int]:
        """Worklist counts for the header."""
        return Worklists(self.ctx.store.uow, self.ctx.settings, now=self.now).counts(field_code)

    def rows(self, which: Worklist, field_code: str | None = None) -> list[WorklistRow]:
        """One worklist."""
        return Worklists(self.ctx.store.uow, self.ctx.settings, now=self.now).rows(which,
                                                                                   field_code)

    def find(self, raw: str) -> DossierCard:
        """The dossier whose receipt QR was scanned or whose code was typed."""
        code = code_from_scan(raw, self.ctx.settings.lookup_url_template)
        dossier, state, allowed = self.lifecycle.state(code)
        return DossierCard(dossier, state, tuple(allowed),
                           timeliness(state, self.now(), self.ctx.tz))

    def act(self, officer: Officer, code: str, command: LifecycleCommand,
            counter_number: int | None, at: dt.datetime | None = None) -> ActionResult:
        """Apply one lifecycle step (``at``: back-dated by a supervisor)."""
        return self.lifecycle.act(officer, code, command, counter_number=counter_number, at=at)

    def give_back(self, officer: Officer, code: str, command: LifecycleCommand,
                  counter_number: int | None) -> ReturnDone:
        """Return the result and build the return slip."""
        result = self.act(officer, code, command, counter_number)
        return ReturnDone(result, self.form_pdf(code, FormKind.RETURN_SLIP, officer.username))

    def form_pdf(self, code: str, kind: FormKind, actor: str) -> bytes:
        """A lifecycle form of a dossier as PDF (audited)."""
        content = form_content(self.ctx.store.uow, self.ctx.settings, code, kind, actor,
                               now=self.now)
        return render_form(kind, content, self.ctx.settings.dossier.paper)

    # ---- ratings and kiosk lookup ------------------------------------------------------------

    @property
    def ratings(self) -> RatingService:
        """The rating service."""
        return RatingService(self.ctx.store.uow, self.scale, now=self.now)

    def ticket_target(self, ticket_id: uuid.UUID) -> RatingTarget:
        """The rating target of a finished ticket."""
        return self.ratings.target_for_ticket(ticket_id)

    def dossier_target(self, code: str) -> RatingTarget:
        """The rating target of a returned dossier."""
        return self.ratings.target_for_dossier(code)

    def submit_rating(self, kind: RatedEvent, subject_id: uuid.UUID, level: str,
                      reason: str) -> Rating:
        """Store a rating."""
        return self.ratings.submit(kind, subject_id, level, reason)

    def lookup(self, raw: str) -> KioskStatus:
        """The kiosk's status lookup."""
        return KioskLookup(self.ctx.store.uow, self.ctx.settings, self.kiosk_source,
                           now=self.now).lookup(raw)
