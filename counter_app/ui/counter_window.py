"""The counter window (``counter-app counter``): an officer calls and serves citizens.

After the login dialog opens the counter session, the left side is the queue panel
(:mod:`counter_app.ui.counter_panel`): the current ticket large, one button per action with its
function key (F2 gọi tiếp … F9 tạm nghỉ) and the counter's waiting list in calling order. The
right side is a tab widget with dossier reception ("Tiếp nhận hồ sơ",
:mod:`counter_app.ui.reception_panel`), which links a dossier to the ticket being served.
A second tab holds the worklists and the return of results
(:mod:`counter_app.ui.worklist_panel`), with their counts in the header, and a second screen shows
the rating panel. Actions run on one worker thread, so they apply in the order pressed; the panel
re-reads after each action and whenever the change feed reports that another process changed the
queue.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.queue import DecisionNeeded, PendingDecision, TicketStatus
from counter_app.domain.reference import Officer
from counter_app.services.ports.dossier import DossierSummary
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import CounterSessionView, QueueSnapshot, TicketView
from counter_app.ui import theme
from counter_app.ui.common import ensure_app
from counter_app.ui.counter_dialogs import CallSpecificDialog, TransferDialog
from counter_app.ui.counter_login import LoginDialog
from counter_app.ui.counter_panel import QueuePanel
from counter_app.ui.deps import AppServices
from counter_app.ui.feed_watch import ChangeWatcher
from counter_app.ui.housekeeping import Housekeeping, standard_chores
from counter_app.ui.qt import Qt, QtGui, QtWidgets, Signal
from counter_app.ui.rating_panel import RatingWindow
from counter_app.ui.reception_panel import ReceptionPanel
from counter_app.ui.sync_status import attach_to_status_bar
from counter_app.ui.worker import Worker
from counter_app.ui.worklist_panel import CountsBadge, WorklistPanel

DONE_TEXT = {"call_next": "Đã mời số {n}.", "recall": "Đã mời lại số {n}.",
             "start": "Bắt đầu phục vụ số {n}.", "finish": "Đã hoàn thành số {n}.",
             "no_show": "Đã ghi nhận số {n} vắng mặt.", "transfer": "Đã chuyển số {n}.",
             "call_specific": "Đã mời số {n}."}


class CounterWindow(QtWidgets.QMainWindow):
    """One counter session: ``refreshed`` after each re-read, ``action_done(name, TicketView)``
    or ``action_failed(name, message)`` after each action, ``logged_out`` after logout."""

    refreshed = Signal()
    action_done = Signal(str, object)
    action_failed = Signal(str, str)
    logged_out = Signal()

    def __init__(self, services: AppServices, officer: Officer, session: CounterSessionView, *,
                 feed_factory: Callable[[], Any] | None = None,
                 rating_window: bool | None = None) -> None:
        """``rating_window``: show the citizens' rating screen (default: when a second screen
        exists)."""
        super().__init__()
        self.services, self.officer, self.session = services, officer, session
        self.settings = services.settings
        self.counter_no = session.counter_no
        self.engine: QueueEngine = services.queue
        self.setWindowTitle(f"{session.counter_name} — {officer.full_name}")
        self.current: TicketView | None = None
        self.snapshot: QueueSnapshot | None = None
        self.paused = False
        self.did_logout = False
        self.db = Worker(self, threads=1, name="counter-db")
        self.db.failed.connect(lambda e: self.panel.show_message(e.message, error=True))
        self._build()
        attach_to_status_bar(self, services)
        self.rating_window = self._rating_window(rating_window)
        self.watcher = ChangeWatcher(feed_factory or services.open_change_feed, self)
        self.watcher.changed.connect(self.refresh)
        self._tick = theme.timer(self, self.refresh)
        self._tick.start(30_000)  # the waited minutes move on even when nothing changes
        self.refresh()
        self.watcher.start()

    def _now(self) -> dt.datetime:
        """The engine's clock (tests and screenshots fix it)."""
        return self.engine.now()

    def _build(self) -> None:
        central = QtWidgets.QWidget()
        central.setObjectName("counter")
        central.setStyleSheet(f"#counter {{ background: {theme.PAPER}; }}")
        central.setFont(theme.font(15))  # text not sized otherwise (forms, tables): 15 px at 768
        self.scaler = theme.Scaler(self)
        root = QtWidgets.QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.worklist_badge = CountsBadge()
        root.addWidget(self._top_bar())
        self.splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        self.panel = QueuePanel(self._now)
        self.panel.action.connect(self.do)
        self.panel.row_activated.connect(lambda row: self.call_specific(row.id))
        self.splitter.addWidget(self.panel)
        self.side_tabs = QtWidgets.QTabWidget()
        self.side_tabs.setObjectName("side-tabs")
        self.side_tabs.setFont(theme.font(16, bold=True))
        self.reception = ReceptionPanel(self.services.dossiers, self.services.documents,
                                        self.officer, self.counter_no,
                                        ticket=lambda: self.current, now=self._now)
        self.side_tabs.addTab(self.reception, "Tiếp nhận hồ sơ")
        self.worklists = WorklistPanel(self.services.desk, self.officer, self.counter_no,
                                       files=getattr(self.services, "digitised", None),
                                       inbox=getattr(self.services, "scan_inbox", None))
        self.worklists.counts_changed.connect(self.worklist_badge.show_counts)
        self.side_tabs.addTab(self.worklists, "Hồ sơ && trả kết quả")
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([900, 1020])
        root.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        layout = self.layout()
        if layout is not None:  # the scale, not a minimum left from the last size, decides
            layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Scale type and spacing with the screen: drawn for 1366x768, larger on bigger ones."""
        super().resizeEvent(event)
        self.scaler.apply(theme.fit_scale(event.size().width(), event.size().height(),
                                          (1366, 768)))

    def _rating_window(self, wanted: bool | None) -> RatingWindow | None:
        """The citizens' rating screen on a second monitor, offered after each finished ticket
        and each returned result."""
        if not (wanted or (wanted is None and len(QtGui.QGuiApplication.screens()) > 1)):
            return None
        desk = self.services.desk
        rating = RatingWindow(self.settings.centre.name, self.session.counter_name,
                              desk.scale, desk.submit_rating)
        if not rating.show_on_second_screen():
            rating.resize(1280, 720)
            rating.show()
        self.worklists.rating_offered.connect(rating.offer)

        def finished(name: str, ticket: TicketView) -> None:
            if name == "finish":
                self.worklists.worker.submit(lambda: desk.ticket_target(ticket.id), rating.offer,
                                             lambda _e: None)

        self.action_done.connect(finished)
        return rating

    def _top_bar(self) -> QtWidgets.QFrame:
        bar = QtWidgets.QFrame()
        bar.setObjectName("topbar")
        bar.setFixedHeight(64)
        bar.setStyleSheet(f"#topbar {{ background: {theme.NAVY}; }}")
        row = QtWidgets.QHBoxLayout(bar)
        row.setContentsMargins(20, 6, 20, 6)
        name = theme.FitLabel(self.session.counter_name, smallest=0.6)
        name.setFont(theme.font(24, bold=True))
        name.setStyleSheet(f"color: {theme.WHITE}; background: transparent;")
        row.addWidget(name, 2)
        row.addSpacing(24)
        row.addWidget(self.worklist_badge, 3)
        row.addStretch(0)
        who = theme.FitLabel(f"Cán bộ: {self.officer.full_name}", smallest=0.75)
        who.setToolTip(self.officer.username)
        who.setFont(theme.font(18))
        who.setStyleSheet("color: #cfe0ff; background: transparent;")
        row.addWidget(who, 1)
        row.addSpacing(24)
        self.state_pill = theme.label("", 16, bold=True, name="state-pill")
        row.addWidget(self.state_pill)
        row.addSpacing(24)
        logout = QtWidgets.QPushButton("Đăng xuất")
        logout.setObjectName("logout")
        logout.setFont(theme.font(16, bold=True))
        logout.setMinimumHeight(40)
        logout.setStyleSheet(f"QPushButton {{ background: transparent; color: {theme.WHITE};"
                             " border: 2px solid #cfe0ff; border-radius: 10px;"
                             " padding: 2px 16px; }")
        logout.clicked.connect(self.logout)
        row.addWidget(logout)
        return bar

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Re-read the current ticket and the waiting list off the GUI thread."""
        number = self.counter_no

        officer, desk = self.officer, self.services.desk

        def job() -> tuple[QueueSnapshot, list[TicketView], list[DossierSummary]]:
            snap = self.engine.snapshot(0)
            mine = next((c for c in snap.counters if c.number == number), None)
            current = mine.current if mine else None
            dossiers = desk.ticket_dossiers(officer, current.id) if current else []
            return snap, self.engine.waiting_list(number), dossiers

        self.db.submit(job, self._show, key="refresh")

    def _show(self, result: tuple[QueueSnapshot, list[TicketView], list[DossierSummary]]
              ) -> None:
        snap, waiting, dossiers = result
        self.snapshot = snap
        mine = next((c for c in snap.counters if c.number == self.counter_no), None)
        self.current = mine.current if mine else None
        self.paused = bool(mine and mine.paused)  # the engine's state, seen by board and monitor
        self.panel.show_state(self.current, waiting, self.paused)
        self.panel.card.show_dossiers(dossiers if self.current else [])
        served = set(mine.service_codes) if mine else set()
        self.panel.show_service_counts([(s.name, s.waiting) for s in snap.services
                                        if s.code in served])
        self._show_pill()
        self.refreshed.emit()

    def _show_pill(self) -> None:
        text, bg = ("Tạm nghỉ", theme.RED) if self.paused else ("Đang làm việc", theme.GREEN)
        self.state_pill.setText(text)
        self.state_pill.setStyleSheet(f"color: white; background: {bg}; border-radius: 10px;"
                                      " padding: 4px 12px;")

    # ------------------------------------------------------------------ actions
    def do(self, name: str) -> None:
        """Run the action ``name`` (a button or its function key)."""
        simple: dict[str, Callable[[QueueEngine, uuid.UUID], TicketView]] = {
            "recall": lambda e, t: e.recall(t, self.officer),
            "start": lambda e, t: e.start_serving(t, self.officer),
            "finish": lambda e, t: e.finish(t, self.officer),
            "no_show": lambda e, t: e.mark_no_show(t, self.officer)}
        if name == "call_next":
            number, officer = self.counter_no, self.officer
            self._act(name, lambda e: e.call_next(number, officer))
        elif name in simple and self.current is not None:
            tid, fn = self.current.id, simple[name]
            self._act(name, lambda e: fn(e, tid))
        elif name == "transfer":
            self.transfer_dialog()
        elif name == "call_specific":
            self.call_specific_dialog()
        elif name == "pause":
            self.toggle_pause()

    def _act(self, name: str, fn: Callable[[QueueEngine], TicketView]) -> None:
        if self.db.busy("action"):
            return
        self.panel.enable({n: False for n in self.panel.buttons})
        self.db.submit(lambda: fn(self.engine), lambda t: self._acted(name, t),
                       lambda e: self._act_failed(name, e), key="action")

    def _acted(self, name: str, ticket: TicketView) -> None:
        self.panel.show_message(DONE_TEXT[name].format(n=ticket.display_number))
        self.action_done.emit(name, ticket)
        self.refresh()

    def _act_failed(self, name: str, error: DomainError) -> None:
        self.panel.show_message(error.message, error=True)
        self.action_failed.emit(name, error.message)
        self.refresh()

    def transfer(self, to_service: str | None = None, to_counter: int | None = None) -> None:
        """Send the current ticket to another service or to one counter."""
        if self.current is not None:
            tid, officer = self.current.id, self.officer
            self._act("transfer", lambda e: e.transfer(tid, officer, to_service=to_service,
                                                      to_counter=to_counter))

    def transfer_dialog(self) -> None:
        """F7: ask where to send the current ticket, then transfer it."""
        if self.current is None or self.snapshot is None:
            return
        dialog = TransferDialog(self.current, self.snapshot.services, self.snapshot.counters,
                                self.counter_no, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.transfer(*dialog.target())

    def call_specific(self, ticket_id: uuid.UUID) -> None:
        """Call one chosen waiting ticket out of order."""
        number, officer = self.counter_no, self.officer
        self._act("call_specific", lambda e: e.call_specific(number, officer, ticket_id))

    def call_specific_dialog(self) -> None:
        """F8: ask which waiting number to call."""
        dialog = CallSpecificDialog(self.panel.model.rows, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            chosen = dialog.chosen()
            if chosen is not None:
                self.call_specific(chosen)

    def toggle_pause(self) -> None:
        """F9: pause (no calls) or resume; only while no ticket is open at the counter."""
        if self.current is not None or self.db.busy("action"):
            return
        pause, number, officer = not self.paused, self.counter_no, self.officer

        def job() -> None:
            if pause:
                self.engine.pause_counter(number, officer)
            else:
                self.engine.resume_counter(number, officer)

        def done(_: None) -> None:
            self.paused = pause
            self.panel.show_state(None, None, pause)
            self.panel.show_message("Quầy tạm nghỉ." if pause else "Quầy tiếp tục làm việc.")
            self._show_pill()
            self.refresh()

        self.db.submit(job, done, lambda e: self._act_failed("pause", e), key="action")

    # ------------------------------------------------------------------ session
    def logout(self, pending: PendingDecision | None = None) -> None:
        """Close the counter session and go back to the login dialog.

        With a citizen still called or served here, the officer is asked first: back to the
        queue, or no-show (only for a called ticket), or stay at the counter.
        """
        number, officer = self.counter_no, self.officer
        self.db.submit(lambda: self.engine.close_counter_session(number, officer, pending),
                       lambda _r: self._after_logout(), self._logout_refused)

    def _logout_refused(self, error: DomainError) -> None:
        if isinstance(error, DecisionNeeded):
            choice = self.ask_pending(error)
            if choice is not None:
                self.logout(choice)
            return
        self.panel.show_message(error.message, error=True)

    def ask_pending(self, question: DecisionNeeded) -> PendingDecision | None:
        """Ask what to do with the ticket still at the counter; None keeps the counter open."""
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, "Đóng quầy",
                                    question.message, parent=self)
        box.setObjectName("pending-decision")
        role = QtWidgets.QMessageBox.ButtonRole
        requeue = box.addButton("Trả về hàng chờ", role.AcceptRole)
        no_show = (box.addButton("Ghi vắng mặt", role.DestructiveRole)
                   if question.status is TicketStatus.CALLED else None)
        box.addButton("Ở lại quầy", role.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is requeue:
            return PendingDecision.REQUEUE
        if no_show is not None and clicked is no_show:
            return PendingDecision.NO_SHOW
        return None

    def _after_logout(self) -> None:
        self.did_logout = True
        self.logged_out.emit()
        self.close()

    def closeEvent(self, event: Any) -> None:
        """Stop background work."""
        self._tick.stop()
        self.watcher.stop()
        self.db.shutdown()
        self.reception.worker.shutdown()
        self.worklists.shutdown()
        if self.rating_window is not None:
            self.rating_window.close()
        super().closeEvent(event)


def run(services: AppServices) -> int:
    """Login, then the counter window; logging out returns to the login dialog."""
    app = ensure_app()
    while True:
        dialog = LoginDialog(services.accounts, services.queue, services.settings.centre.name,
                             pc_name=services.pc_name)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return 0
        assert dialog.officer is not None and dialog.session is not None
        window = CounterWindow(services, dialog.officer, dialog.session)
        chores = Housekeeping(standard_chores(services), window)  # daily backup, day close
        window.showMaximized()
        app.exec()
        chores.stop()
        if not window.did_logout:
            return 0
