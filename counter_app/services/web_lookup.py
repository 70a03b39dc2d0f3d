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
- one lookup-log line per attempt (time, ``web:ADDRESS``, code, outcome; never the token):
  a failure is logged in the transaction that counts it against the code, anything else through
  the batched :class:`~counter_app.services.lookup_log.LookupLogWriter`, so a successful lookup
  is a read only.
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
from counter_app.services.lookup_log import LookupLogWriter
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
                 limiter: RequestLimiter, log: LookupLogWriter, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings
        self.limiter = limiter
        self.log = log
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
                self.log.add(LookupLogEntry(self.now(), source_of(ip), "", "throttled", "ip"))
            raise TooManyRequests(wait)

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
            self.log.add(LookupLogEntry(now, source_of(ip), code_s[:64], "malformed", "web"))
            raise
        key = f"web-code:{request.code}"[:64]
        with self.uow_factory() as uow:  # a read: the success path writes nothing itself
            state = uow.lifecycle.throttle(key)
            blocked = state.blocked_until if state and state.blocked_until else None
            dossier = None if blocked and blocked > now else match_dossier(
                uow, request.code, request.token)
            steps_at = uow.dossiers.step_times(dossier.id) if dossier is not None else []
            supplement = (supplement_request(uow.dossiers.events(dossier.id))
                          if dossier is not None
                          and dossier.status is DossierStatus.SUPPLEMENT_REQUESTED else ((), ""))
        if blocked and blocked > now:
            self.log.add(LookupLogEntry(now, source_of(ip), request.code, "throttled", "code"))
            raise LookupThrottled(math.ceil((blocked - now).total_seconds()))
        if dossier is None:
            with self.uow_factory(immediate=True) as uow:
                self._count_failure(uow, key, uow.lifecycle.throttle(key), now)
                uow.lifecycle.log_lookup(LookupLogEntry(now, source_of(ip), request.code,
                                                        "refused", "wrong_token"))
                uow.commit()
            raise LookupRefused(LOOKUP_REFUSED)
        self.log.add(LookupLogEntry(now, source_of(ip), dossier.code, "found",
                                    "qr" if request.scanned else "typed", dossier.id))
        steps = tuple(PublicStep(at, label) for at, action in steps_at
                      if (label := public_step_label(action)))
        items, contact = supplement
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
