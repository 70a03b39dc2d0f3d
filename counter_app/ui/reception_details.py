"""Sets, channel and return place; the appointment shown ("dự kiến" when the calendar of a year
counted is not announced yet) and the officer's change of it, which needs a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from counter_app.domain.catalogue import CHANNEL_LABELS_VI, Channel
from counter_app.domain.dossier import RETURN_PLACE_LABELS_VI, ReturnPlace
from counter_app.domain.reception_draft import Appointment
from counter_app.ui import theme
from counter_app.ui.qt import QtCore, QtWidgets
from counter_app.ui.reception_common import ErrorLine, section, sub_errors


class DetailsBox(QtWidgets.QWidget):
    """Number of sets, submission channel, where the result is collected."""

    def __init__(self) -> None:
        super().__init__()
        box, layout = section("Số bộ, kênh nộp và nơi nhận kết quả")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(theme.label("Số bộ hồ sơ", 14))
        self.sets = QtWidgets.QSpinBox()
        self.sets.setObjectName("sets")
        self.sets.setRange(1, 99)
        row.addWidget(self.sets)
        row.addSpacing(16)
        row.addWidget(theme.label("Kênh nộp", 14))
        self.channel = QtWidgets.QComboBox()
        self.channel.setObjectName("channel")
        for c in Channel:
            self.channel.addItem(f"{int(c)} — {CHANNEL_LABELS_VI[c]}", int(c))
        row.addWidget(self.channel)
        row.addStretch(1)
        layout.addLayout(row)
        place_row = QtWidgets.QHBoxLayout()
        place_row.addWidget(theme.label("Nhận kết quả", 14))
        self.place = QtWidgets.QComboBox()
        self.place.setObjectName("return-place")
        for p in ReturnPlace:
            self.place.addItem(RETURN_PLACE_LABELS_VI[p], p.value)
        place_row.addWidget(self.place, 1)
        layout.addLayout(place_row)
        self.address = QtWidgets.QLineEdit()
        self.address.setObjectName("return-address")
        self.address.setPlaceholderText("Địa chỉ nhận kết quả qua bưu chính")
        layout.addWidget(self.address)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self.place.currentIndexChanged.connect(self._place_changed)
        self._place_changed()

    def _place_changed(self) -> None:
        self.address.setVisible(self.place.currentData() == ReturnPlace.POST.value)

    def value(self) -> dict[str, Any]:
        """Return ``sets_count``, ``channel`` and ``return`` of the reception input."""
        back: dict[str, Any] = {"place": self.place.currentData()}
        if self.place.currentData() == ReturnPlace.POST.value:
            back["address"] = self.address.text()
        return {"sets_count": self.sets.value(), "channel": self.channel.currentData(),
                "return": back}

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show the messages of these fields."""
        lines = [errors.get(k, "") for k in ("sets_count", "channel")]
        lines += list(sub_errors(errors, "return").values())
        self.error.show_text("\n".join(x for x in lines if x))

    def clear(self) -> None:
        """Back to one set, in person, at the counter."""
        self.sets.setValue(1)
        self.channel.setCurrentIndex(0)
        self.place.setCurrentIndex(0)
        self.address.clear()
        self.error.show_text("")


class AppointmentBox(QtWidgets.QWidget):
    """The computed appointment and an optional change with its reason."""

    def __init__(self) -> None:
        super().__init__()
        box, layout = section("Hẹn trả kết quả")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.shown = theme.label("Chọn thủ tục để tính thời gian hẹn trả.", 17, bold=True,
                                 color=theme.NAVY, name="appointment")
        layout.addWidget(self.shown)
        self.provisional = theme.label("", 13, color="#8a5a00", wrap=True, name="provisional")
        layout.addWidget(self.provisional)
        self.change = QtWidgets.QCheckBox("Đổi thời gian hẹn trả (phải ghi lý do)")
        self.change.setObjectName("change-appointment")
        layout.addWidget(self.change)
        row = QtWidgets.QHBoxLayout()
        self.at = QtWidgets.QDateTimeEdit()
        self.at.setObjectName("appointment-at")
        self.at.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.at.setCalendarPopup(True)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setObjectName("appointment-reason")
        self.reason.setPlaceholderText("Lý do đổi thời gian hẹn trả")
        row.addWidget(self.at)
        row.addWidget(self.reason, 1)
        self.editor = QtWidgets.QWidget()
        self.editor.setLayout(row)
        layout.addWidget(self.editor)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self.appointment: Appointment | None = None
        self.change.toggled.connect(self.editor.setVisible)
        self.editor.setVisible(False)

    def show_appointment(self, appointment: Appointment) -> None:
        """Show the computed appointment; the editor starts from it."""
        self.appointment = appointment
        steps = "".join(f"{label}: {at:%H:%M %d/%m/%Y}\n" for label, at in appointment.milestones)
        self.shown.setText(f"{steps}Hẹn trả: {appointment.label_vi()}")
        self.provisional.setText(
            "Lịch nghỉ lễ của năm này chưa được công bố chính thức: thời gian hẹn là dự kiến."
            if appointment.provisional else "")
        if not self.change.isChecked():
            self.at.setDateTime(_qt(appointment.at))

    def value(self) -> dict[str, str] | None:
        """Return the ``appointment`` object when the officer changes it, else None."""
        if not self.change.isChecked():
            return None
        at = self.at.dateTime().toPython()
        assert isinstance(at, dt.datetime)
        return {"at": at.strftime("%Y-%m-%dT%H:%M"), "reason": self.reason.text()}

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show the ``appointment.*`` messages."""
        self.error.show_text("\n".join(sub_errors(errors, "appointment").values()))

    def clear(self) -> None:
        """Forget the appointment and any change."""
        self.appointment = None
        self.change.setChecked(False)
        self.reason.clear()
        self.shown.setText("Chọn thủ tục để tính thời gian hẹn trả.")
        self.provisional.setText("")
        self.error.show_text("")


def _qt(moment: dt.datetime) -> QtCore.QDateTime:
    return QtCore.QDateTime(QtCore.QDate(moment.year, moment.month, moment.day),
                            QtCore.QTime(moment.hour, moment.minute))
