"""The procedures tab: the catalogue in force, its versions, a new dated version, import, export.

Searching needs no diacritics. A change to processing time, fees or documents is saved as a new
version from a chosen date (dossiers already received keep theirs). Import rejects the whole file
and names every bad row; export writes CSV or JSON in the import format.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from counter_app.domain.catalogue import (
    CHANNEL_LABELS_VI,
    TIME_UNIT_LABELS_VI,
    Channel,
    DocumentForm,
    Procedure,
    ProcessingTime,
    TimeUnit,
    parse_documents,
)
from counter_app.domain.reference import Officer
from counter_app.services.catalogue_admin import CatalogueAdmin, VersionChanges, fees_from
from counter_app.ui.admin_base import RecordTab
from counter_app.ui.admin_form import FormDialog, Values
from counter_app.ui.admin_table import Column, TablePanel
from counter_app.ui.qt import QtWidgets
from counter_app.ui.theme import timer
from counter_app.ui.worker import Worker

SEARCH_DELAY_MS = 250
UNIT_OPTIONS = [(u, "Trả ngay" if u is TimeUnit.IMMEDIATE else "Trong ngày"
                 if u is TimeUnit.SAME_DAY else TIME_UNIT_LABELS_VI[u].capitalize())
                for u in TimeUnit]
NO_FEE = "Theo quy định"



def time_text(p: Procedure) -> str:
    """The processing time, short ("Trong ngày" instead of the cut-off explanation)."""
    return "Trong ngày" if p.time.unit is TimeUnit.SAME_DAY else p.time.label_vi()


COLUMNS: tuple[Column[Procedure], ...] = (
    Column("Mã TTHC", lambda p: p.code or "—", width=90),
    Column("Tên thủ tục", lambda p: p.name + (f" ({p.variant})" if p.variant else ""),
           stretch=True),
    Column("Lĩnh vực", lambda p: p.field_code, width=80),
    Column("Thời hạn", lambda p: time_text(p), width=150),
    Column("Lệ phí trực tiếp", lambda p: p.fee_label_vi(Channel.IN_PERSON), width=230),
    Column("Hiệu lực từ", lambda p: f"{p.effective_from:%d/%m/%Y}",
           sort=lambda p: p.effective_from, width=100),
)


def documents_text(p: Procedure) -> str:
    """The documents as editable lines ``name | form | count``."""
    return "\n".join(f"{d.name} | {d.form.value} | {d.count}" for d in p.documents)


def documents_check(v: Values) -> dict[str, str]:
    """Each documents line must parse (the import's own rule)."""
    problems: list[str] = []
    parse_documents(";".join(line for line in str(v.get("documents", "")).splitlines()
                             if line.strip()), problems)
    return {"documents": "; ".join(problems)} if problems else {}


def time_check(v: Values) -> dict[str, str]:
    """Units counted in hours or days need an amount above zero."""
    unit = v.get("time_unit")
    if unit in (TimeUnit.HOURS, TimeUnit.HALF_DAYS, TimeUnit.WORKING_DAYS) \
            and not v.get("time_amount"):
        return {"time_amount": "Thời gian giải quyết phải lớn hơn 0 với đơn vị này."}
    return {}


class ProceduresTab(RecordTab):
    """The catalogue in force today."""

    title = "Thủ tục"

    def __init__(self, catalogue: CatalogueAdmin, worker: Worker, officer: Officer,
                 today: dt.date) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-procedures")
        self.catalogue, self.today = catalogue, today
        self.versions_shown: list[Procedure] = []
        self.panel: TablePanel[Procedure] = TablePanel(COLUMNS, name="procedures")
        self.panel.search.textChanged.disconnect()
        self.panel.search.setPlaceholderText("Tìm theo tên, mã, lĩnh vực (không cần dấu)…")
        self._debounce = timer(self, self.load, single=True)
        self.panel.search.textChanged.connect(lambda _t: self._debounce.start(SEARCH_DELAY_MS))
        self.panel.add_button("Phiên bản mới…", self.edit_selected, name="procedure-version",
                              needs_row=True)
        self.panel.add_button("Các phiên bản", self.show_versions, name="procedure-history",
                              needs_row=True)
        self.panel.add_button("Nhập tệp…", self.import_dialog, name="procedure-import")
        self.panel.add_button("Xuất tệp…", self.export_dialog, name="procedure-export")
        self.panel.activated.connect(self.edit)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def fetch(self) -> tuple[list[Procedure], int]:
        """Procedures in force matching the search, and how many versions are stored."""
        return (self.catalogue.search(self.panel.search.text(), self.today),
                self.catalogue.count())

    def show_data(self, data: tuple[list[Procedure], int]) -> None:
        """Show the procedures."""
        found, versions = data
        self.panel.set_rows(found, f"{len(found)} thủ tục đang áp dụng (tổng {versions} phiên "
                                   "bản lưu trữ). Sửa thủ tục = tạo phiên bản mới có ngày hiệu "
                                   "lực; hồ sơ đã nhận giữ phiên bản cũ.")

    def dialog(self, item: Procedure | None) -> FormDialog:
        """The dialog of a new version of ``item``."""
        assert item is not None
        form = FormDialog("Phiên bản mới của thủ tục", self, name="procedure-form",
                          intro=f"{item.code or ''} {item.name}"
                                f"{' (' + item.variant + ')' if item.variant else ''} — đang "
                                f"áp dụng từ {item.effective_from:%d/%m/%Y}.")
        start = max(self.today, item.effective_from + dt.timedelta(days=1))
        form.add_date("effective_from", "Áp dụng từ ngày", start)
        form.add_choice("time_unit", "Đơn vị thời hạn", UNIT_OPTIONS, item.time.unit)
        form.add_int("time_amount", "Thời hạn giải quyết", item.time.amount, 0, 365)
        form.add_text("time_note", "Ghi chú thời hạn", item.time.note)
        for channel in Channel:
            form.add_int(f"fee_{int(channel)}", f"Lệ phí: {CHANNEL_LABELS_VI[channel]} (đ)",
                         item.fees.get(channel), 0, 100_000_000, empty_text=NO_FEE)
        form.add_text("fee_note", "Ghi chú lệ phí", item.fee_note)
        forms = ", ".join(f.value for f in DocumentForm)
        form.add_lines("documents", "Thành phần hồ sơ", documents_text(item),
                       f"Mỗi dòng: tên giấy tờ | hình thức ({forms}) | số lượng.")
        form.add_text("decision", "Văn bản căn cứ", item.decision)
        form.on_check(time_check)
        form.on_check(documents_check)
        form.on_save(lambda v: self.catalogue.new_version(self.officer, item.id, changes_from(v)))
        return form

    def show_versions(self) -> None:
        """List every version of the selected procedure."""
        item = self.panel.selected()
        if item is not None:
            self.worker.submit(lambda: self.catalogue.versions(item), self._versions, self.fail)

    def _versions(self, versions: list[Procedure]) -> None:
        self.versions_shown = versions
        lines = [f"Từ {p.effective_from:%d/%m/%Y}: {p.time.label_vi()}; lệ phí trực tiếp "
                 f"{p.fee_label_vi(Channel.IN_PERSON)}; {len(p.documents)} giấy tờ"
                 f"{'; ' + p.decision if p.decision else ''}" for p in versions]
        self.inform("\n".join(lines) or "Chưa có phiên bản nào.", "Các phiên bản của thủ tục")

    def import_dialog(self) -> None:
        """Choose a CSV/JSON file and import it."""
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Nhập danh mục thủ tục", str(Path.home()), "Danh mục (*.csv *.json)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import ``path`` on the worker; a bad row rejects the whole file."""
        self.run(lambda: self.catalogue.import_file(self.officer, path),
                 lambda n: self.inform(f"Đã nhập {n} phiên bản thủ tục từ {path.name}."))

    def export_dialog(self) -> None:
        """Choose where to write the catalogue."""
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Xuất danh mục thủ tục", str(Path.home() / "danh-muc-thu-tuc.csv"),
            "CSV (*.csv);;JSON (*.json)")
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        """Write every version to ``path`` on the worker."""
        self.worker.submit(lambda: self.catalogue.export_file(self.officer, path),
                           lambda n: self.inform(f"Đã xuất {n} phiên bản ra {path}."), self.fail)


def changes_from(v: Values) -> VersionChanges:
    """The dialog's values as a new version's changes."""
    problems: list[str] = []
    documents = parse_documents(";".join(line for line in str(v["documents"]).splitlines()
                                         if line.strip()), problems)
    return VersionChanges(
        effective_from=v["effective_from"],
        time=ProcessingTime(TimeUnit(v["time_unit"]), int(v["time_amount"] or 0),
                            v["time_note"]),
        fees=fees_from([v[f"fee_{int(c)}"] for c in Channel]),
        fee_note=v["fee_note"], documents=documents, decision=v["decision"])
