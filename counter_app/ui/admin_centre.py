"""The centre tab: identity, office hours and the cut-off, lookup URL, form set, kiosk and security.

Settings are shown in groups with where each value comes from (this centre's store, the PC's
config file, or the default). "Sửa" opens the group in a dialog; each value is checked by the
centre settings service exactly as the config file would be, and a refusal is shown beside its
field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.reference import Officer
from counter_app.services.centre_settings import CentreSettingsService, SettingItem
from counter_app.ui.admin_base import AdminTab
from counter_app.ui.admin_form import FormDialog, Values
from counter_app.ui.admin_table import Column, TablePanel
from counter_app.ui.qt import QtWidgets
from counter_app.ui.worker import Worker

LEVELS = (("commune", "Trung tâm PVHCC cấp xã (xã, phường, đặc khu)"),
          ("province", "Trung tâm PVHCC cấp tỉnh"),
          ("province_branch", "Chi nhánh Trung tâm PVHCC cấp tỉnh"),
          ("one_stop_unit", "Bộ phận Một cửa của cơ quan"))
BOOLS = (("true", "Có"), ("false", "Không"))
FORM_SETS = (("2025", "Thông tư 03/2025 (mặc định)"), ("2018", "Thông tư 01/2018"))
CHOICES: dict[str, Sequence[tuple[str, str]]] = {
    "centre.level": LEVELS, "dossier.form_set": FORM_SETS, "office_hours.open_saturday": BOOLS,
    "queue.issue_without_open_counter": BOOLS, "display.voice": BOOLS,
}
LABELS = {"centre.level": "Cấp trung tâm", "dossier.form_set": "Bộ biểu mẫu",
          "lookup_url_template": "Địa chỉ tra cứu hồ sơ (có {code} và {token})"}
SOURCES = {"store": "Trung tâm", "file": "Tệp cấu hình máy này", "default": "Mặc định"}


@dataclass(frozen=True)
class Group:
    """A titled group of setting keys edited together."""

    title: str
    keys: tuple[str, ...]


GROUPS: tuple[Group, ...] = (
    Group("Thông tin trung tâm", ("centre.name", "centre.level", "centre.governing_body",
                                  "centre.agency_code", "centre.address", "centre.province",
                                  "centre.place", "centre.unit_label")),
    Group("Giờ làm việc", ("office_hours.morning", "office_hours.afternoon",
                           "office_hours.same_day_cutoff", "office_hours.open_saturday")),
    Group("Tra cứu và biểu mẫu", ("lookup_url_template", "dossier.form_set")),
    Group("Kiosk, đăng nhập, sao lưu", ("queue.kiosk_opens", "queue.kiosk_closes",
                                        "queue.issue_without_open_counter",
                                        "security.max_failed_logins", "security.lockout_minutes",
                                        "backup.daily_at", "backup.keep", "day_close.auto_at")),
)


@dataclass(frozen=True)
class SettingRow:
    """One line of the tab: the group it belongs to and the setting."""

    group: str
    item: SettingItem


def value_text(item: SettingItem) -> str:
    """The value as the admin reads it (choices by their label)."""
    for value, label in CHOICES.get(item.key, ()):
        if value == item.value:
            return label
    return str(item.value)


COLUMNS: tuple[Column[SettingRow], ...] = (
    Column("Nhóm", lambda r: r.group, width=190),
    Column("Thiết lập", lambda r: LABELS.get(r.item.key, r.item.label), width=300),
    Column("Giá trị", lambda r: value_text(r.item) or "—", stretch=True),
    Column("Nguồn", lambda r: SOURCES.get(r.item.source, r.item.source)),
)


def lookup_template_check(v: Values) -> dict[str, str]:
    """The lookup URL must carry both ``{code}`` and ``{token}``."""
    url = str(v.get("lookup_url_template") or "")
    if "lookup_url_template" in v and ("{code}" not in url or "{token}" not in url):
        return {"lookup_url_template": "Địa chỉ tra cứu phải chứa cả {code} và {token}."}
    return {}


class CentreTab(AdminTab):
    """Centre-wide settings by group."""

    title = "Trung tâm"

    def __init__(self, settings: CentreSettingsService, worker: Worker, officer: Officer) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-centre")
        self.settings = settings
        self.items: dict[str, SettingItem] = {}
        self.form: FormDialog | None = None
        self.panel: TablePanel[SettingRow] = TablePanel(COLUMNS, name="settings", search=False)
        for group in GROUPS:
            self._group_button(group)
        self.panel.activated.connect(self._edit_row)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def _group_button(self, group: Group) -> None:
        self.panel.add_button(f"Sửa: {group.title}", lambda: self.edit(group),
                              name=f"edit-{group.keys[0].split('.')[0]}")

    def fetch(self) -> list[SettingItem]:
        """Every setting with its source."""
        return list(self.settings.show())

    def show_data(self, data: list[SettingItem]) -> None:
        """Show the settings by group."""
        self.items = {i.key: i for i in data}
        rows = [SettingRow(g.title, self.items[k]) for g in GROUPS for k in g.keys
                if k in self.items]
        self.panel.set_rows(rows, "Giá trị \"Trung tâm\" dùng chung cho mọi máy; "
                                  "\"Tệp cấu hình\" chỉ của máy này.")

    def _edit_row(self, row: SettingRow) -> None:
        self.edit(next(g for g in GROUPS if g.title == row.group))

    def edit(self, group: Group) -> None:
        """Open the dialog of ``group``."""
        form = FormDialog(group.title, self, name="centre-form")
        for key in group.keys:
            item = self.items.get(key)
            if item is None:
                continue
            label = LABELS.get(key, item.label)
            if key in CHOICES:
                form.add_choice(key, label, CHOICES[key], item.value)
            else:
                form.add_text(key, label, item.value, max_length=500)
        form.on_check(lookup_template_check)
        before = {k: self.items[k].value for k in group.keys if k in self.items}
        form.on_save(lambda v: self.save(before, v))
        self.form = form

        def accepted() -> None:
            self.changed.emit()
            self.load()

        form.accepted.connect(accepted)
        form.open()

    def save(self, before: Mapping[str, str], values: Values) -> list[SettingItem]:
        """Runs on the worker: set each changed value; a refusal is tied to its field."""
        return save_changed(self.settings, self.officer, before, values)


def save_changed(settings: CentreSettingsService, officer: Officer, before: Mapping[str, str],
                 values: Values) -> list[SettingItem]:
    """Set each value that differs from ``before``; a refusal becomes an error on its field."""
    saved: list[SettingItem] = []
    for key, value in values.items():
        text = str(value)
        if before.get(key) == text:
            continue
        try:
            saved.append(settings.set(officer, key, text))
        except ValidationError:
            raise
        except DomainError as exc:
            raise ValidationError({key: exc.message}) from exc
    return saved
