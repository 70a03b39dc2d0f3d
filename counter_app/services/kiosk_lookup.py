"""The kiosk's "Tra cứu hồ sơ": untrusted input → the citizen's view of a dossier, or a plain
message.

Wraps :func:`~counter_app.services.dossier_queries.public_lookup` (which compares the token in
constant time and answers an unknown code and a wrong token alike) with:

- :func:`~counter_app.domain.scan_input.parse_lookup_input` for scanned or typed input;
- a slow-down per kiosk: after :attr:`ThrottlePolicy.free_failures` wrong tokens within the
  window, the kiosk must wait, doubling each time up to a ceiling (the state lives in the
  database, so restarting the kiosk does not reset it);
- a lookup log (source, code, outcome — never the token).

A successful answer adds what the citizen must bring when a supplement is requested (the items of
the latest Mẫu 02), which holds no personal data.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.dossier import DossierStatus
from counter_app.domain.errors import DomainError
from counter_app.domain.scan_input import ScanInputError, parse_lookup_input
from counter_app.domain.settings import Settings
from counter_app.services.dossier_queries import (
    LookupRefused,
    PublicStatus,
    public_lookup,
    supplement_request,
)
from counter_app.services.ports.lifecycle import LookupLogEntry, ThrottleState
from counter_app.services.unit_of_work import UnitOfWorkFactory


class LookupThrottled(DomainError):
    """Too many wrong lookups from this kiosk: wait ``seconds`` before trying again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"Đã nhập sai nhiều lần. Vui lòng đợi {seconds} giây rồi thử lại, "
                         "hoặc liên hệ quầy hướng dẫn.")
        self.seconds = seconds


@dataclass(frozen=True)
class ThrottlePolicy:
    """How wrong tokens slow a kiosk down."""

    free_failures: int = 3
    first_wait_s: int = 5
    max_wait_s: int = 300
    window: dt.timedelta = dt.timedelta(minutes=15)

    def wait_after(self, failures: int) -> int:
        """Seconds to wait after ``failures`` wrong tokens in the window (0 while free)."""
        over = failures - self.free_failures - 1
        if over < 0:
            return 0
        return int(min(self.max_wait_s, self.first_wait_s * 2 ** min(over, 16)))


@dataclass(frozen=True)
class KioskStatus:
    """What the kiosk shows: the public status plus the supplement items, nothing personal."""

    public: PublicStatus
    supplement_items: tuple[str, ...] = ()
    supplement_contact: str = ""
    appointment_extended: bool = False


class KioskLookup:
    """Lookups of one kiosk (``source`` names it in the log and the throttle)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings, source: str, *,
                 policy: ThrottlePolicy | None = None,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings
        self.source = f"kiosk:{source}"[:64]
        self.policy = policy or ThrottlePolicy()
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def now(self) -> dt.datetime:
        """Current time, aware UTC."""
        return self._now().astimezone(dt.UTC)

    def _log(self, code: str, outcome: str, reason: str = "", *, failed: bool = False,
             dossier_id: uuid.UUID | None = None) -> int:
        """Log the attempt; on ``failed`` count it and return the wait now imposed (seconds)."""
        now = self.now()
        with self.uow_factory(immediate=True) as uow:
            uow.lifecycle.log_lookup(LookupLogEntry(now, self.source, code, outcome, reason,
                                                    dossier_id))
            wait = 0
            if failed:
                old = uow.lifecycle.throttle(self.source)
                fresh = old is None or now - old.window_start > self.policy.window
                failures = 1 if fresh or old is None else old.failures + 1
                start = now if fresh or old is None else old.window_start
                wait = self.policy.wait_after(failures)
                until = now + dt.timedelta(seconds=wait) if wait else None
                uow.lifecycle.save_throttle(ThrottleState(self.source, failures, start, until))
            uow.commit()
        return wait

    def remaining_wait(self) -> int:
        """Seconds this kiosk must still wait (0 when it may look up)."""
        with self.uow_factory() as uow:
            state = uow.lifecycle.throttle(self.source)
        if state is None or state.blocked_until is None:
            return 0
        return max(0, math.ceil((state.blocked_until - self.now()).total_seconds()))

    def lookup(self, raw: object) -> KioskStatus:
        """Look up scanned or typed input; raise a DomainError with a plain message otherwise."""
        wait = self.remaining_wait()
        if wait:
            self._log("", "throttled")
            raise LookupThrottled(wait)
        try:
            request = parse_lookup_input(raw, self.settings.lookup_url_template)
        except ScanInputError as exc:
            self._log("", "malformed", exc.reason)
            raise
        try:
            public = public_lookup(self.uow_factory, self.settings, request.code, request.token)
        except LookupRefused:
            wait = self._log(request.code, "refused", "wrong_token", failed=True)
            if wait:
                raise LookupThrottled(wait) from None
            raise
        items, contact, extended, dossier_id = self._extras(public)
        self._log(public.code, "found", "qr" if request.scanned else "typed", dossier_id=dossier_id)
        return KioskStatus(public, items, contact, extended)

    def _extras(self, public: PublicStatus
                ) -> tuple[tuple[str, ...], str, bool, uuid.UUID | None]:
        """The latest supplement items and contact line, and whether the date was extended."""
        with self.uow_factory() as uow:
            dossier = uow.dossiers.by_code(public.code)
            if dossier is None:  # pragma: no cover - just found by the public lookup
                return (), "", False, None
            items: tuple[str, ...] = ()
            contact = ""
            if public.status is DossierStatus.SUPPLEMENT_REQUESTED:
                items, contact = supplement_request(uow.dossiers.events(dossier.id))
            return items, contact, dossier.original_appointment_at is not None, dossier.id
