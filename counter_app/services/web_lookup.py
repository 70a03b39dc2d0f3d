"""The public web service's dossier lookup: untrusted code and token → the citizen's page.

Reuses the rules of the kiosk lookup: input read by
:func:`~counter_app.domain.scan_input.parse_lookup_input`, the token matched in constant time by
:func:`~counter_app.services.dossier_queries.match_dossier` (an unknown code and a wrong token
cost and answer the same), the status built by
:func:`~counter_app.services.dossier_queries.public_status` (name masked). It adds:

- a per-address limit (:class:`~counter_app.services.rate_limit.RequestLimiter`, in memory:
  a restart forgets it, which only helps a citizen);
- a per-code limit on failed lookups kept in the database (``lookup_throttle``, source
  ``web-code:CODE``), so a code under attack answers 429 for the rest of the hour whatever the
  token, and every process of the service sees it;
- one lookup-log line per attempt (time, ``web:ADDRESS``, code, outcome; never the token),
  written in the same transaction as the lookup.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.dossier import DossierStatus
from counter_app.domain.public_page import bring_items, public_step_label, return_place_text
from counter_app.domain.scan_input import ScanInputError, parse_lookup_input
from counter_app.domain.settings import Settings
from counter_app.services.dossier_queries import (
    LOOKUP_REFUSED,
    LookupRefused,
    PublicStatus,
    match_dossier,
    public_status,
    supplement_request,
)
from counter_app.services.kiosk_lookup import LookupThrottled
from counter_app.services.ports.lifecycle import LookupLogEntry, ThrottleState
from counter_app.services.rate_limit import RequestLimiter
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

CODE_WINDOW = dt.timedelta(hours=1)
MAX_CODE_INPUT = 64
MAX_TOKEN_INPUT = 32


class TooManyRequests(LookupThrottled):
    """Too many lookups from one address in the last minute."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.message = (f"Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng đợi "
                        f"{seconds} giây rồi thử lại.")
        self.args = (self.message,)


@dataclass(frozen=True)
class PublicStep:
    """One dated public step of a dossier (label only: no reason, officer or detail)."""

    at: dt.datetime
    label: str


@dataclass(frozen=True)
class DossierPage:
    """Everything the public dossier page and its JSON show; nothing personal but the masked
    name."""

    status: PublicStatus
    steps: tuple[PublicStep, ...]
    return_place: str
    bring: tuple[str, ...]
    supplement_contact: str
    appointment_extended: bool


def source_of(ip: str) -> str:
    """Return the lookup-log source naming a web client."""
    return f"web:{ip}"[:64]


class WebDossierLookup:
    """Dossier lookups of the public web service (thread-safe: one per process)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings,
                 limiter: RequestLimiter, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings
        self.limiter = limiter
        self.wrong_per_code = settings.web.wrong_tokens_per_code_per_hour
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def now(self) -> dt.datetime:
        """Current time, aware UTC."""
        return self._now().astimezone(dt.UTC)

    def check_address(self, ip: str) -> None:
        """Count one request from ``ip``; raise LookupThrottled past the per-address limit (the
        first refusal of a blocked spell is logged, not every one, so a flood writes nothing)."""
        wait, first = self.limiter.hit(ip)
        if wait:
            if first:
                self._log_only(LookupLogEntry(self.now(), source_of(ip), "", "throttled", "ip"))
            raise TooManyRequests(wait)

    def _log_only(self, entry: LookupLogEntry) -> None:
        with self.uow_factory(immediate=True) as uow:
            uow.lifecycle.log_lookup(entry)
            uow.commit()

    def lookup(self, ip: str, code: object, token: object) -> DossierPage:
        """Return the page of dossier ``code`` for ``token`` requested from ``ip``.

        Raises ScanInputError (malformed input), LookupThrottled (too many requests from the
        address, or failed lookups of the code) or LookupRefused (unknown code or wrong token,
        deliberately alike).
        """
        self.check_address(ip)
        now = self.now()
        code_s = code if isinstance(code, str) else ""
        token_s = token if isinstance(token, str) else ""
        try:
            if len(code_s) > MAX_CODE_INPUT or len(token_s) > MAX_TOKEN_INPUT:
                raise ScanInputError("Mã hồ sơ hoặc mã tra cứu quá dài.", "too_long")
            request = parse_lookup_input(f"{code_s.strip()} {token_s.strip()}",
                                         self.settings.lookup_url_template)
        except Exception:
            self._log_only(LookupLogEntry(now, source_of(ip), code_s[:64], "malformed", "web"))
            raise
        with self.uow_factory(immediate=True) as uow:
            key = f"web-code:{request.code}"[:64]
            state = uow.lifecycle.throttle(key)
            if state and state.blocked_until and state.blocked_until > now:
                uow.lifecycle.log_lookup(LookupLogEntry(now, source_of(ip), request.code,
                                                        "throttled", "code"))
                uow.commit()
                raise LookupThrottled(math.ceil((state.blocked_until - now).total_seconds()))
            dossier = match_dossier(uow, request.code, request.token)
            if dossier is None:
                self._count_failure(uow, key, state, now)
                uow.lifecycle.log_lookup(LookupLogEntry(now, source_of(ip), request.code,
                                                        "refused", "wrong_token"))
                uow.commit()
                raise LookupRefused(LOOKUP_REFUSED)
            events = uow.dossiers.events(dossier.id)
            uow.lifecycle.log_lookup(LookupLogEntry(now, source_of(ip), dossier.code, "found",
                                                    "qr" if request.scanned else "typed",
                                                    dossier.id))
            uow.commit()
        steps = tuple(PublicStep(e.at, label) for e in events
                      if (label := public_step_label(e.action)))
        items, contact = ((supplement_request(events))
                          if dossier.status is DossierStatus.SUPPLEMENT_REQUESTED else ((), ""))
        status = public_status(dossier, self.settings, steps[-1].at if steps else None)
        return DossierPage(status, steps, return_place_text(dossier.return_place),
                           bring_items(dossier.status, dossier.return_place, items), contact,
                           dossier.original_appointment_at is not None)

    def _count_failure(self, uow: UnitOfWork, key: str, old: ThrottleState | None,
                       now: dt.datetime) -> None:
        """Count a failed lookup of a code; at the limit, block the code until its window ends."""
        fresh = old is None or now - old.window_start >= CODE_WINDOW
        failures = 1 if fresh or old is None else old.failures + 1
        start = now if fresh or old is None else old.window_start
        until = start + CODE_WINDOW if failures >= self.wrong_per_code else None
        uow.lifecycle.save_throttle(ThrottleState(key, failures, start, until))
