"""The kiosk (``counter-app kiosk``): citizens touch a service and get a numbered ticket.

Full-screen touch layout: centre name and clock, the priority choice, one large card per service
with its prefix and the people waiting. Touching a card issues the ticket in the database (off the
GUI thread), shows the number at once, and prints it on a second worker with the printer's short
timeout. A printer fault leaves the number on screen, turns the footer red ("Máy in gặp sự cố")
and keeps the ticket for "In lại phiếu". Outside opening hours or when every service has reached
its daily cap the kiosk shows why instead of the cards.
"""

from __future__ import annotations

import logging

from counter_app.domain.errors import DomainError
from counter_app.domain.ticket_slip import PaperStatus, TicketSlip
from counter_app.services.kiosk import KioskService, PreparedTicket
from counter_app.services.kiosk_setup import KioskSetup
from counter_app.services.queue import NO_OPEN_COUNTER
from counter_app.services.queue_views import ServiceStatus
from counter_app.ui import theme
from counter_app.ui.common import ensure_app
from counter_app.ui.deps import AppServices
from counter_app.ui.housekeeping import Housekeeping, standard_chores
from counter_app.ui.kiosk_buttons import PriorityBar, ServiceButton, ServiceCard
from counter_app.ui.kiosk_lookup import KioskLookupPages
from counter_app.ui.kiosk_result import PRINTER_TROUBLE, PrintState, ResultPage
from counter_app.ui.live_settings import LiveReader
from counter_app.ui.qt import Qt, QtGui, QtWidgets, Signal
from counter_app.ui.sync_status import header_status, status_reader
from counter_app.ui.worker import Worker

_log = logging.getLogger(__name__)

REFRESH_MS = 3000
SETUP_REFRESH_MS = 20_000
PAPER_CHECK_MS = 60_000
RESULT_MS = 15_000
RESULT_PROBLEM_MS = 60_000
BANNER_MS = 8000
CHOOSE_HINT = "Chạm vào lĩnh vực cần giải quyết để lấy số thứ tự"


class KioskWindow(QtWidgets.QWidget):
    """The kiosk; ``ticket_ready`` fires when a ticket is stored and its bytes are built,
    ``print_finished(ok, message)`` when the printer answered."""

    ticket_ready = Signal(object)
    print_finished = Signal(bool, str)
    statuses_loaded = Signal()

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.setObjectName("kiosk")
        self.setWindowTitle("Kiosk lấy số thứ tự")
        self.setStyleSheet(f"#kiosk {{ background: {theme.PAPER}; }}")
        self.settings = services.settings
        self._sync_read = status_reader(services)
        self.tz = services.tz
        self.service: KioskService = services.kiosk
        self.db = Worker(self, threads=2, name="kiosk-db")
        self.print_worker = Worker(self, threads=1, name="kiosk-printer")
        self.db.failed.connect(self._show_banner)
        self.cards: dict[str, ServiceButton] = {}
        self.statuses: list[ServiceStatus] = []
        self.warmed = False  # the printer's driver loaded ahead of the first ticket
        self.failed_slips: list[TicketSlip] = []
        self.current: PreparedTicket | None = None
        self.priority: PriorityBar | None = None
        self.priority_choices: list[tuple[str, str]] | None = None
        self.printer_problem: str | None = self.service.printer_problem
        self._build()
        # "Tra cứu hồ sơ" and the rating page for a returned dossier
        self.lookup = KioskLookupPages(services.desk, self.settings.centre.agency_code, self.tz,
                                       home=self.go_home)
        self.lookup.install(self.pages, (self.choose_page, self.closed_page))
        self._refresh_timer = theme.timer(self, self.refresh)
        self._refresh_timer.start(REFRESH_MS)
        self._home_timer = theme.timer(self, self.go_home, single=True)
        self._paper_timer = theme.timer(self, self.check_paper)
        self._banner_timer = theme.timer(self, self.banner.hide, single=True)
        printer = self.service.printer
        if printer is not None and printer.configured and printer.two_way:
            self._paper_timer.start(PAPER_CHECK_MS)
            self.check_paper()
        self.db.submit(self.service.setup, self._setup_loaded, self._show_banner)
        # priority categories and counters changed in the admin window show up without a restart
        self.live = LiveReader(self, self.service.reload_setup, self._setup_changed)
        self._setup_timer = theme.timer(self, self.live.poke)
        self._setup_timer.start(SETUP_REFRESH_MS)
        self.refresh()
        self._show_printer_state()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.scaler = theme.Scaler(self)
        root = QtWidgets.QVBoxLayout(self)
        root.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(theme.header_bar(self.settings.centre.name, "Lấy số thứ tự",
                                        self.tz, height=130, now=self.service.now,
                                        status=header_status(self._sync_read)))
        self.pages = QtWidgets.QStackedWidget()
        root.addWidget(self.pages, 1)
        self.choose_page = QtWidgets.QWidget()
        choose = QtWidgets.QVBoxLayout(self.choose_page)
        choose.setContentsMargins(60, 26, 60, 20)
        choose.setSpacing(18)
        hint = theme.FitLabel(CHOOSE_HINT)  # one line, smaller on a narrow (portrait) screen
        hint.setFont(theme.font(40, bold=True))
        hint.setStyleSheet(f"color: {theme.NAVY}; background: transparent;")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        choose.addWidget(hint)
        self.priority_slot = QtWidgets.QVBoxLayout()
        choose.addLayout(self.priority_slot)
        self.banner = theme.label("", 28, bold=True, color=theme.RED, wrap=True,
                                  align=Qt.AlignmentFlag.AlignCenter, name="kiosk-banner")
        self.banner.setStyleSheet(f"color: {theme.RED}; background: {theme.RED_SOFT};"
                                  " border-radius: 14px; padding: 12px;")
        self.banner.hide()
        choose.addWidget(self.banner)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setSpacing(24)
        choose.addLayout(self.grid, 1)
        self.pages.addWidget(self.choose_page)
        self.result_page = ResultPage()
        self.result_page.done.connect(self.go_home)
        self.result_page.reprint.connect(self.reprint_current)
        self.pages.addWidget(self.result_page)
        self.closed_page = QtWidgets.QWidget()
        closed = QtWidgets.QVBoxLayout(self.closed_page)
        closed.addStretch(1)
        center = Qt.AlignmentFlag.AlignCenter
        closed.addWidget(theme.label("HIỆN CHƯA CẤP SỐ THỨ TỰ", 72, bold=True, color=theme.NAVY,
                                     align=center))
        self.closed_reason = theme.label("", 38, color=theme.INK, align=center, wrap=True,
                                         name="closed-reason")
        closed.addWidget(self.closed_reason)
        closed.addStretch(2)
        self.pages.addWidget(self.closed_page)
        for page in (self.choose_page, self.result_page, self.closed_page):
            page.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                               QtWidgets.QSizePolicy.Policy.Ignored)
        root.addWidget(self._footer())

    def _footer(self) -> QtWidgets.QFrame:
        bar = QtWidgets.QFrame()
        bar.setObjectName("kiosk-footer")
        bar.setFixedHeight(76)
        row = QtWidgets.QHBoxLayout(bar)
        row.setContentsMargins(40, 6, 40, 6)
        self.printer_label = theme.label("", 24, bold=True, name="printer-state")
        row.addWidget(self.printer_label, 1)
        self.staff_reprint = QtWidgets.QPushButton("In lại phiếu lỗi")
        self.staff_reprint.setObjectName("staff-reprint")
        self.staff_reprint.setFont(theme.font(22, bold=True))
        self.staff_reprint.setMinimumHeight(56)
        self.staff_reprint.clicked.connect(self.reprint_failed)
        row.addWidget(self.staff_reprint)
        self.footer = bar
        return bar

    def _setup_loaded(self, setup: KioskSetup) -> None:
        bar = PriorityBar([(p.code, p.name) for p in setup.priorities])
        self.priority = bar
        self.priority_choices = [(p.code, p.name) for p in setup.priorities]
        self.priority_slot.addWidget(bar)
        self.scaler.adopt(bar)

    def _setup_changed(self, setup: KioskSetup) -> None:
        """New priority categories replace the bar (unless nothing visible changed)."""
        old = self.priority
        if old is None or self.priority_choices == [(p.code, p.name) for p in setup.priorities]:
            return
        self.priority_slot.removeWidget(old)
        old.deleteLater()
        self._setup_loaded(setup)

    # ------------------------------------------------------------------ services
    def refresh(self) -> None:
        """Re-read the services' state (at most one read at a time)."""
        self.db.submit(self.service.statuses, self._apply_statuses, self._show_banner, key="status")

    def _apply_statuses(self, statuses: list[ServiceStatus]) -> None:
        if not self.warmed:  # the window is usable: load the printer's driver meanwhile
            self.warmed = True
            self.print_worker.submit(self.service.warm_up, lambda _r: None, lambda _e: None,
                                     key="warm")
        self.statuses = statuses
        for i, status in enumerate(statuses):
            card = ServiceCard(status.code, status.prefix, status.name, status.waiting,
                               None if status.open else status.reason)
            button = self.cards.get(status.code)
            if button is None:
                button = ServiceButton(card)
                button.clicked.connect(lambda _=False, c=status.code: self.press(c))
                self.cards[status.code] = button
                self.grid.addWidget(button, i // self._columns(), i % self._columns())
                self.scaler.adopt(button)
            else:
                button.set_card(card)
        any_open = any(s.open for s in statuses)
        if self.pages.currentWidget() in (self.choose_page, self.closed_page):
            self.pages.setCurrentWidget(self.choose_page if any_open or not statuses
                                        else self.closed_page)
        if not any_open and statuses:
            reasons = {s.reason for s in statuses}
            self.closed_reason.setText(
                "Chưa có quầy nào mở. Vui lòng chờ trong giây lát." if reasons == {NO_OPEN_COUNTER}
                else statuses[0].reason or "")
        self.statuses_loaded.emit()

    def press(self, service_code: str) -> None:
        """Issue a ticket for ``service_code`` with the chosen priority."""
        if self.db.busy("issue"):
            return
        code = self.priority.selected if self.priority is not None else None
        for button in self.cards.values():
            button.setEnabled(False)
        self.db.submit(lambda: self.service.issue(service_code, code), self._issued,
                       self._issue_failed, key="issue")

    def _restore_cards(self) -> None:
        for button in self.cards.values():
            button.set_card(button.card)

    def _issued(self, ticket: PreparedTicket) -> None:
        self._restore_cards()
        self.current = ticket
        self.result_page.show_slip(ticket.slip)
        self.pages.setCurrentWidget(self.result_page)
        if self.priority is not None:
            self.priority.reset()
        self.ticket_ready.emit(ticket)
        if ticket.data is None:
            self.result_page.set_print_state(PrintState.NO_PRINTER)
            self._home_timer.start(RESULT_MS)
        else:
            self.result_page.set_print_state(PrintState.PRINTING)
            data = ticket.data
            self.print_worker.submit(lambda: self.service.send(data),
                                     lambda _r: self._printed(ticket.slip),
                                     lambda e: self._print_failed(ticket.slip, e))
        self.refresh()

    def _issue_failed(self, error: DomainError) -> None:
        self._restore_cards()
        self._show_banner(error)
        self.refresh()

    def _printed(self, slip: TicketSlip) -> None:
        self.printer_problem = None
        if slip in self.failed_slips:
            self.failed_slips.remove(slip)
        if self.current is not None and self.current.slip == slip:
            self.result_page.set_print_state(PrintState.PRINTED)
            self._home_timer.start(RESULT_MS)
        self._show_printer_state()
        self.print_finished.emit(True, "")

    def _print_failed(self, slip: TicketSlip, error: DomainError) -> None:
        _log.warning("ticket %s not printed: %s", slip.display_number, error.message)
        self.printer_problem = error.message
        if slip not in self.failed_slips:
            self.failed_slips.append(slip)
        if self.current is not None and self.current.slip == slip:
            self.result_page.set_print_state(PrintState.PROBLEM, error.message)
            self._home_timer.start(RESULT_PROBLEM_MS)
        self._show_printer_state()
        self.print_finished.emit(False, error.message)

    def reprint_current(self) -> None:
        """Print the ticket on screen again (after a printer problem)."""
        if self.current is not None:
            self._reprint(self.current.slip)

    def reprint_failed(self) -> None:
        """Staff: print the oldest ticket that failed to print."""
        if self.failed_slips:
            self._reprint(self.failed_slips[0])

    def _reprint(self, slip: TicketSlip) -> None:
        if self.print_worker.busy("print"):
            return
        if self.current is not None and self.current.slip == slip:
            self.result_page.set_print_state(PrintState.PRINTING)
        self.print_worker.submit(lambda: self.service.reprint(slip), lambda _r: self._printed(slip),
                                 lambda e: self._print_failed(slip, e), key="print")

    def check_paper(self) -> None:
        """Read the paper sensor (two-way links only) and show it in the footer."""
        self.print_worker.submit(self.service.paper, self._paper, lambda _e: None, key="paper")

    def _paper(self, status: PaperStatus | None) -> None:
        if status in (PaperStatus.OUT, PaperStatus.NEAR_END) and status is not None:
            self.printer_problem = self.printer_problem or status.label
        self._show_printer_state(status)

    def _show_printer_state(self, paper: PaperStatus | None = None) -> None:
        if self.printer_problem:
            text, color, bg = f"⚠ {PRINTER_TROUBLE}: {self.printer_problem}", theme.WHITE, theme.RED
        elif self.service.printer is None or not self.service.printer.configured:
            text, color, bg = "Kiosk không in phiếu: vui lòng ghi nhớ số trên màn hình", \
                theme.INK, theme.SKY
        elif paper is PaperStatus.NEAR_END:
            text, color, bg = f"⚠ {paper.label}", theme.NAVY_DARK, theme.AMBER
        else:
            text, color, bg = "Máy in phiếu sẵn sàng", theme.MUTED, theme.PAPER
        self.printer_label.setText(text)
        self.printer_label.setStyleSheet(f"color: {color}; background: transparent;")
        self.footer.setStyleSheet(f"#kiosk-footer {{ background: {bg}; }}")
        count = len(self.failed_slips)
        self.staff_reprint.setVisible(count > 0)
        self.staff_reprint.setText(f"In lại phiếu lỗi ({count})")

    def _show_banner(self, error: DomainError) -> None:
        self.banner.setText(error.message)
        self.banner.show()
        self._banner_timer.start(BANNER_MS)

    def go_home(self) -> None:
        """Back to the service cards."""
        self._home_timer.stop()
        self.current = None
        self.pages.setCurrentWidget(self.choose_page)
        self.refresh()

    def _columns(self) -> int:
        """Two columns of service cards on a wide screen, one on a tall (portrait) one."""
        return 1 if self.height() > self.width() else 2

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Scale type and spacing to the screen; one column of cards on a portrait screen."""
        super().resizeEvent(event)
        size = event.size()
        self.scaler.apply(theme.fit_scale(size.width(), size.height(), theme.LANDSCAPE,
                                          theme.PORTRAIT))
        columns = self._columns()
        for i, status in enumerate(self.statuses):
            button = self.cards.get(status.code)
            if button is not None:
                self.grid.addWidget(button, i // columns, i % columns)

    def closeEvent(self, event: object) -> None:
        """Stop timers and background work."""
        for timer in (self._refresh_timer, self._home_timer, self._paper_timer,
                      self._setup_timer):
            timer.stop()
        self.live.stop()
        self.db.shutdown()
        self.print_worker.shutdown(int(self.settings.printer.timeout_s * 1000) + 500)


def run(services: AppServices) -> int:
    """Show the kiosk full screen until closed."""
    app = ensure_app()
    window = KioskWindow(services)
    chores = Housekeeping(standard_chores(services), window)  # daily backup, day close
    window.showFullScreen()
    result = int(app.exec())
    chores.stop()
    return result
