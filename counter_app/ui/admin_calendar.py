"""The calendar tab: a year's days off (national holidays and the centre's) and make-up days.

National holidays come from the ``holidays`` package and are shown for reference; the centre adds
its own days off or make-up working days (with the document they rest on, and "dự kiến" while a
schedule is not announced) and removes them again. Appointment dates are computed from this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.clock import CalendarOverride, OverrideKind
from counter_app.domain.reference import Officer
from counter_app.services.calendar_admin import CalendarAdmin, CalendarYear
from counter_app.ui.admin_base import RecordTab
from counter_app.ui.admin_form import FormDialog
from counter_app.ui.admin_table import Column, TablePanel
from counter_app.ui.qt import QtWidgets
from counter_app.ui.theme import WEEKDAYS_VI
from counter_app.ui.worker import Worker


@dataclass(frozen=True)
class CalendarLine:
    """One day of the year's list."""

    day: dt.date
    kind: str
    name: str
    source: str
    provisional: bool
    centre: bool  # the centre's own decision (can be removed here)


def calendar_lines(data: CalendarYear) -> list[CalendarLine]:
    """Days off and make-up days of the year, by date."""
    overrides = {o.day: o for o in data.overrides}
    lines = []
    for off in data.days_off:
        own = overrides.get(off.day)
        kind = "Nghỉ (trung tâm)" if off.from_override else "Nghỉ lễ, Tết"
        lines.append(CalendarLine(off.day, kind, off.name, own.source_document if own else "",
                                  off.provisional, off.from_override))
    for day in data.working_weekend_days:
        own = overrides.get(day)
        lines.append(CalendarLine(day, "Làm việc bù", own.note if own else "Làm bù theo lịch",
                                  own.source_document if own else "",
                                  own.provisional if own else False, own is not None))
    return sorted(lines, key=lambda line: line.day)


COLUMNS: tuple[Column[CalendarLine], ...] = (
    Column("Ngày", lambda c: f"{c.day:%d/%m/%Y}", sort=lambda c: c.day, width=110),
    Column("Thứ", lambda c: WEEKDAYS_VI[c.day.weekday()], width=90),
    Column("Loại", lambda c: c.kind, width=150),
    Column("Tên, ghi chú", lambda c: c.name + (" (dự kiến)" if c.provisional else ""),
           stretch=True),
    Column("Văn bản căn cứ", lambda c: c.source or "—", width=240),
    Column("Nguồn", lambda c: "Trung tâm quyết định" if c.centre else "Lịch quốc gia"),
)


class CalendarTab(RecordTab):
    """One year of the working calendar."""

    title = "Lịch làm việc"

    def __init__(self, calendar: CalendarAdmin, worker: Worker, officer: Officer,
                 today: dt.date) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-calendar")
        self.calendar = calendar
        self.panel: TablePanel[CalendarLine] = TablePanel(COLUMNS, name="calendar", search=False)
        self.year = QtWidgets.QSpinBox()
        self.year.setObjectName("calendar-year")
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year)
        self.year.setPrefix("Năm ")
        self.year.valueChanged.connect(lambda _y: self.load())
        self.panel.toolbar.insertWidget(0, self.year)
        self.panel.add_button("Thêm ngày nghỉ", lambda: self.add_day(OverrideKind.OFF),
                              name="calendar-add-off")
        self.panel.add_button("Thêm ngày làm bù", lambda: self.add_day(OverrideKind.WORK),
                              name="calendar-add-work")
        self.remove_button = self.panel.add_button("Bỏ điều chỉnh", self.remove,
                                                   name="calendar-remove", needs_row=True)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def fetch(self) -> CalendarYear:
        """The chosen year."""
        return self.calendar.year(self.year.value())

    def show_data(self, data: CalendarYear) -> None:
        """Show the year's days."""
        lines = calendar_lines(data)
        own = sum(line.centre for line in lines)
        self.panel.set_rows(lines, f"Năm {data.year}: {len(data.days_off)} ngày nghỉ ngoài "
                                   f"thứ Bảy, Chủ nhật; {len(data.working_weekend_days)} ngày làm "
                                   f"bù; {own} điều chỉnh của trung tâm.")

    def add_day(self, kind: OverrideKind) -> None:
        """Open the dialog for a centre day off or make-up working day."""
        self.open_form(self.dialog_for(kind))

    def dialog_for(self, kind: OverrideKind) -> FormDialog:
        """The dialog of a new override of ``kind``."""
        off = kind is OverrideKind.OFF
        form = FormDialog("Thêm ngày nghỉ của trung tâm" if off else "Thêm ngày làm việc bù",
                          self, name="calendar-form")
        year = self.year.value()
        form.add_date("day", "Ngày", dt.date(year, 1, 2) if year != dt.date.today().year
                      else dt.date.today())
        form.add_text("note", "Ghi chú", "", placeholder="Nghỉ bù Quốc khánh" if off
                      else "Làm bù cho ngày nghỉ 05/09")
        form.add_text("source", "Văn bản căn cứ", "", placeholder="Thông báo 123/TB-UBND")
        form.add_check("provisional", "Dự kiến", False, "Lịch chưa được công bố chính thức")
        form.on_save(lambda v: self.calendar.put(self.officer, CalendarOverride(
            v["day"], kind, v["note"], v["source"], v["provisional"])))
        return form

    def remove(self) -> None:
        """Remove the centre's decision about the selected day."""
        line = self.panel.selected()
        if line is None:
            return
        if not line.centre:
            self.inform("Ngày này theo lịch quốc gia. Để làm việc vào ngày này, hãy thêm "
                        "\"ngày làm bù\".")
            return
        if self.confirm(f"Bỏ điều chỉnh ngày {line.day:%d/%m/%Y}?"):
            day = line.day
            self.run(lambda: self.calendar.remove(self.officer, day))

