"""What the windows need from the composition root, as a protocol (the ui never imports app.py).

``counter_app.app.CounterApp`` satisfies :class:`AppServices`; tests may pass it or any object
with these members. Every member is built without I/O: the store opens on the first unit of work,
which the windows only start on their worker threads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: a window loads the services it uses, when it uses them
    from zoneinfo import ZoneInfo

    from counter_app.domain.announcement import Announcement
    from counter_app.domain.settings import Settings
    from counter_app.services.accounts import AccountService
    from counter_app.services.centre_settings import CentreSettingsService
    from counter_app.services.documents import DocumentService
    from counter_app.services.dossier_desk import DossierDesk
    from counter_app.services.dossiers import DossierService
    from counter_app.services.kiosk import KioskService
    from counter_app.services.ports.queue import ChangeFeed
    from counter_app.services.queue import QueueEngine


class AppServices(Protocol):
    """The use cases and devices a window may use."""

    @property
    def settings(self) -> Settings:
        """The centre's settings."""
        ...

    @property
    def tz(self) -> ZoneInfo:
        """The centre's time zone."""
        ...

    @property
    def accounts(self) -> AccountService:
        """Officer login (lockout, forced password change)."""
        ...

    @property
    def centre_settings(self) -> CentreSettingsService:
        """Centre-wide settings kept in the store (changed live by the admin window)."""
        ...

    @property
    def queue(self) -> QueueEngine:
        """The queue engine."""
        ...

    @property
    def kiosk(self) -> KioskService:
        """Ticket issuing and printing."""
        ...

    @property
    def dossiers(self) -> DossierService:
        """Dossier reception and queries."""
        ...

    @property
    def documents(self) -> DocumentService:
        """Receipts and forms as PDF."""
        ...

    @property
    def desk(self) -> DossierDesk:
        """Worklists, lifecycle steps, returns, ratings, kiosk lookup."""
        ...

    @property
    def pc_name(self) -> str:
        """This PC's name (a counter bound to it opens by default at login)."""
        ...

    def open_change_feed(self) -> ChangeFeed:
        """Open a change feed (one per thread)."""
        ...

    def announcement_wav(self, announcement: Announcement) -> bytes:
        """The spoken call as a WAV file."""
        ...
