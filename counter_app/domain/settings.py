"""Typed settings of one installation, with defaults; loaded from TOML by the adapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Centre, CentreLevel


@dataclass(frozen=True)
class OfficeHours:
    """Working sessions of a day; default 07:30–11:30 and 13:00–17:00 (8 working hours)."""

    morning: tuple[dt.time, dt.time] = (dt.time(7, 30), dt.time(11, 30))
    afternoon: tuple[dt.time, dt.time] = (dt.time(13, 0), dt.time(17, 0))
    same_day_cutoff: dt.time = dt.time(15, 0)
    open_saturday: bool = False


@dataclass(frozen=True)
class PrinterSettings:
    """Ticket printer connection: network, usb, serial, win32raw, file or none."""

    kind: str = "none"
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""
    baudrate: int = 9600
    printer_name: str = ""
    path: str = ""
    paper_width_mm: int = 80
    timeout_s: float = 5.0
    print_qr: bool = False


@dataclass(frozen=True)
class DisplaySettings:
    """Display board options."""

    notice: str = "Kính chào quý khách. Vui lòng giữ phiếu và chú ý số thứ tự được mời."
    voice: bool = True
    recent_calls: int = 6
    counters: str = ""  # counter numbers the board shows, e.g. "1,2,3"; empty: every counter

    def shown_counters(self) -> frozenset[int]:
        """The counter numbers to show (empty: all); raises DomainError for a bad list."""
        return counter_numbers(self.counters)


def counter_numbers(text: str) -> frozenset[int]:
    """``"1, 2,5"`` → {1, 2, 5}; an empty text is the empty set."""
    numbers: set[int] = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 999:
            raise DomainError(f"Danh sách quầy '{text}' không hợp lệ: ghi số quầy 1–999 cách "
                              "nhau bởi dấu phẩy, ví dụ 1,2,3.")
        numbers.add(int(part))
    return frozenset(numbers)


@dataclass(frozen=True)
class QueueSettings:
    """Queue calling rules and kiosk opening."""

    max_priority_in_row: int = 2
    starvation_minutes: int = 20
    kiosk_opens: dt.time = dt.time(7, 0)
    kiosk_closes: dt.time = dt.time(17, 0)
    issue_without_open_counter: bool = False  # else the kiosk greys out services nobody serves


@dataclass(frozen=True)
class SecuritySettings:
    """Login lockout: ``max_failed_logins`` wrong passwords lock for ``lockout_minutes``."""

    max_failed_logins: int = 5
    lockout_minutes: int = 5


@dataclass(frozen=True)
class BackupSettings:
    """Automatic daily backup while a window runs, and how many to keep."""

    daily_at: dt.time = dt.time(12, 0)
    keep: int = 14
    directory: str = ""  # default: <data dir>/backups


@dataclass(frozen=True)
class DayCloseSettings:
    """Day-end: closed automatically at ``auto_at`` if nobody did it."""

    auto_at: dt.time = dt.time(17, 30)


@dataclass(frozen=True)
class DossierSettings:
    """Dossier code, receipt form and lookup options."""

    code_sequence_width: int = 4
    code_system_infix: str = ""  # the optional 2-digit AA of TT 04/2025
    form_set: str = "2025"  # "2025" (TT 03/2025) or "2018" (TT 01/2018)
    paper: str = "A4"
    copies: int = 2
    ledger_book: str = "01"


@dataclass(frozen=True)
class RatingSettings:
    """Satisfaction rating scale, best level first; the last ``negative_levels`` are negative."""

    levels: tuple[str, ...] = ("Rất hài lòng", "Hài lòng", "Không hài lòng")
    negative_levels: int = 1
    negative_reasons: tuple[str, ...] = (
        "Thời gian chờ lâu",
        "Thái độ phục vụ chưa tốt",
        "Hướng dẫn chưa rõ ràng",
        "Phải đi lại nhiều lần",
        "Trả kết quả chậm",
    )


@dataclass(frozen=True)
class WebSettings:
    """The public status-lookup web service (``counter-app web``).

    ``trusted_proxies`` lists the addresses or networks (CIDR) of the reverse proxies whose
    ``X-Forwarded-For``/``-Proto`` headers are believed; from anyone else they are ignored.
    Throttles: at most ``requests_per_ip_per_minute`` lookups from one address per minute, and
    ``wrong_tokens_per_code_per_hour`` failed lookups of one code per hour (an unknown code counts
    the same as a wrong token, so the answer reveals nothing). Ranges are checked where the
    file is read (:mod:`counter_app.adapters.config_file`).
    """

    host: str = "127.0.0.1"
    port: int = 8080
    trusted_proxies: tuple[str, ...] = ()
    requests_per_ip_per_minute: int = 30
    wrong_tokens_per_code_per_hour: int = 10
    live_refresh_seconds: int = 5


@dataclass(frozen=True)
class SyncSettings:
    """Connection to the centre's server: timeouts, and the server a replica PC syncs with.

    ``server_url`` set makes this PC a replica (its own SQLite store, synced with the server);
    the timeouts (seconds) apply to every PostgreSQL connection, replica or direct.
    """

    server_url: str = ""
    connect_timeout: float = 3.0
    statement_timeout: float = 8.0
    interval: float = 3.0
    dossier_block: int = 50  # dossier numbers a PC holds per day ahead (a day offline's worth)
    ticket_block: int = 200  # ticket numbers a kiosk PC holds per service per day


@dataclass(frozen=True)
class ScanSettings:
    """This PC's scanner inbox: the folder a network scanner writes into ("" = none)."""

    folder: str = ""


@dataclass(frozen=True)
class MonitorSettings:
    """Supervisor targets: the wait target (minutes) of every service unless ``service_targets``
    names its own (``"HT=10"``), and how long a counter may stay paused before an alert."""

    wait_target_minutes: int = 15
    service_targets: tuple[str, ...] = ()
    pause_alert_minutes: int = 15

    def __post_init__(self) -> None:
        if self.wait_target_minutes <= 0 or self.pause_alert_minutes <= 0:
            raise DomainError("Thời gian chờ mục tiêu và thời gian tạm nghỉ tối đa phải lớn hơn 0.")
        self.targets_minutes()

    def targets_minutes(self) -> dict[str, int]:
        """Return the per-service wait targets in minutes, by service code."""
        out: dict[str, int] = {}
        for item in self.service_targets:
            code, _, minutes = item.partition("=")
            if not code.strip() or not minutes.strip().isdigit() or int(minutes) <= 0:
                raise DomainError(f"Mục tiêu thời gian chờ '{item}' không hợp lệ, ví dụ \"HT=10\".")
            out[code.strip().upper()] = int(minutes)
        return out


def _default_centre() -> Centre:
    return Centre(
        name="Trung tâm Phục vụ hành chính công phường Mẫu",
        governing_body="ỦY BAN NHÂN DÂN PHƯỜNG MẪU",
        agency_code="H01.151.01",
        address="Số 1 đường Mẫu, phường Mẫu, tỉnh Mẫu",
        level=CentreLevel.COMMUNE,
        province="Tỉnh Mẫu",
    )


@dataclass(frozen=True)
class Settings:
    """Everything an installation configures; every field has a working default."""

    centre: Centre = field(default_factory=_default_centre)
    timezone: str = "Asia/Ho_Chi_Minh"
    database_url: str = ""
    lookup_url_template: str = "https://dichvucong.example.gov.vn/tra-cuu?ma={code}&k={token}"
    ticket_url_template: str = "https://dichvucong.example.gov.vn/ve/{id}?k={token}"
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    dossier: DossierSettings = field(default_factory=DossierSettings)
    rating: RatingSettings = field(default_factory=RatingSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    day_close: DayCloseSettings = field(default_factory=DayCloseSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    web: WebSettings = field(default_factory=WebSettings)
    monitor: MonitorSettings = field(default_factory=MonitorSettings)
    scan: ScanSettings = field(default_factory=ScanSettings)
