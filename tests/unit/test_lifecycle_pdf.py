"""Mẫu 02–07 and the return slip: every field read back from the PDF (pypdf) in both form sets,
rendered with pdftoppm; the ledger also as XLSX read back with openpyxl."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import io
import shutil
import subprocess
import unicodedata

import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader

from counter_app.adapters.ledger_xlsx import render_ledger_xlsx
from counter_app.adapters.printing import forms_specimens as sp
from counter_app.adapters.printing.control_sheet_pdf import render_control_sheet_pdf
from counter_app.adapters.printing.forms_pdf import (
    render_apology_pdf,
    render_refusal_pdf,
    render_stop_notice_pdf,
    render_supplement_pdf,
)
from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf
from counter_app.adapters.printing.return_slip_pdf import render_return_slip_pdf
from counter_app.domain.errors import DomainError
from counter_app.domain.forms import FormPurpose, hour_minute_date
from counter_app.domain.lifecycle_forms import LEDGER_COLUMNS, LedgerRow, document_number

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in pages)


def has_all(text: str, *needles: str) -> None:
    missing = [n for n in needles if " ".join(n.split()) not in text]
    assert not missing, f"missing: {missing}"


@pytest.mark.parametrize("fs", ["2025", "2018"])
def test_supplement_request_mau_02(fs: str) -> None:
    c = sp.specimen_supplement(fs)
    text = text_of(render_supplement_pdf(c))
    has_all(text, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", c.dossier_code, "Hồ sơ của:",
            c.applicant.name, "Nội dung yêu cầu giải quyết:", c.procedure_name,
            c.applicant.address, c.applicant.phone, c.applicant.email,
            "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", f"1. {c.items[0]}",
            f"2. {c.items[1]}", f"Lý do: {c.reason}", c.contact_name, c.contact_phone,
            "NGƯỜI HƯỚNG DẪN", c.officer_name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Phường Mẫu, ngày 16 tháng 7 năm 2026")
    if fs == "2025":
        has_all(text, "Số: 18/PBS-TTPVHCC", "Chữ ký số")
    else:
        assert "PBS" not in text and "Chữ ký số" not in text


def test_second_supplement_is_marked_on_the_form() -> None:
    c = dc.replace(sp.specimen_supplement(), supplement_number=2)
    assert "Lần yêu cầu bổ sung thứ 2" in text_of(render_supplement_pdf(c))


@pytest.mark.parametrize("fs", ["2025", "2018"])
def test_refusal_mau_03(fs: str) -> None:
    c = sp.specimen_refusal(fs)
    text = text_of(render_refusal_pdf(c))
    has_all(text, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "tiếp nhận hồ sơ của:",
            f"Ông (Bà): {c.applicant.name}", c.applicant.address, c.applicant.phone,
            c.applicant.email, f"Mã hồ sơ (nếu có): {c.dossier_code}", c.procedure_name,
            f"1. {c.reasons[0]}", "Xin thông báo", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
            c.officer_name)
    assert ("Số định danh cá nhân: 001190012345" in text) is (fs == "2025")
    assert ("Số: 07/PTC-TTPVHCC" in text) is (fs == "2025")


@pytest.mark.parametrize("fs", ["2025", "2018"])
def test_apology_mau_04(fs: str) -> None:
    c = sp.specimen_apology(fs)
    text = text_of(render_apology_pdf(c))
    title = ("PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" if fs == "2025"
             else "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    has_all(text, title, f"Kính gửi: Ông (Bà) {c.applicant.name}", "Ngày 15/07/2026",
            c.procedure_name, f"mã số hồ sơ: {c.dossier_code}",
            hour_minute_date(c.original_appointment_at, words=True),
            "chưa trả kết quả giải quyết hồ sơ", f"Lý do: {c.reason}", "xin lỗi",
            hour_minute_date(c.new_appointment_at, words=True), "thông cảm",
            "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "đóng dấu", c.signer_name)
    assert ("số định danh cá nhân: 001190012345" in text) is (fs == "2025")


def test_stop_notice_mau_05_and_none_in_2018() -> None:
    c = sp.specimen_stop_notice()
    text = text_of(render_stop_notice_pdf(c))
    has_all(text, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Số: 02/TB-TTPVHCC",
            f"Kính gửi: Ông (Bà) {c.applicant.name}", "14 giờ 30 phút, ngày 15 tháng 7 năm 2026",
            "số định danh cá nhân: 001190012345", c.dossier_code, c.procedure_name,
            "đề nghị dừng giải quyết, rút hồ sơ", "ngày 16/07/2026", f"Lý do: {c.reason}",
            "nhận lại hồ sơ", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", c.signer_name)
    body_stop = dc.replace(c, on_request=False, request_at=None)
    assert "đề nghị dừng" not in text_of(render_stop_notice_pdf(body_stop))
    with pytest.raises(DomainError, match="không có mẫu"):
        render_stop_notice_pdf(dc.replace(c, header=dc.replace(c.header, form_set="2018")))


@pytest.mark.parametrize("fs", ["2025", "2018"])
def test_control_sheet_mau_06(fs: str) -> None:
    c = sp.specimen_control_sheet(fs)
    pdf = render_control_sheet_pdf(c)
    text = text_of(pdf)
    has_all(text, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"Mã số hồ sơ: {c.dossier_code}",
            f"Cơ quan (bộ phận) giải quyết hồ sơ: {c.processing_body}",
            f"Cơ quan phối hợp giải quyết hồ sơ: {c.co_bodies}",
            "Thời gian nhận hồ sơ: 14 giờ 30 phút, ngày 15/07/2026",
            "Hẹn trả kết quả vào: 16 giờ 00 phút, ngày 21/07/2026",
            "hẹn ban đầu: 14 giờ 30 phút, ngày 16/07/2026", "Tên cơ quan",
            "Thời gian giao, nhận hồ sơ", "Ghi chú", "1. Giao: Bộ phận Tiếp nhận và Trả kết quả",
            "2. Nhận:", "8. Nhận:", "Người giao", "Người nhận", "Trước hạn", "Đúng hạn",
            "Quá hạn", "15 giờ 00 phút, ngày 15/07/2026", "10 giờ 00 phút, ngày 21/07/2026",
            "Trần Minh Đức", "Lê Thị Thu Hà", "Tình trạng giải quyết hồ sơ: Quá hạn")
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and (meta.subject or "").startswith(
        "Mẫu 06" if fs == "2025" else "Mẫu 05")
    assert ("Số: 125/PKS-TTPVHCC" in text) is (fs == "2025")


def test_control_sheet_with_many_hand_overs_splits_with_header_repeated() -> None:
    c = sp.specimen_control_sheet()
    c = dc.replace(c, hand_overs=c.hand_overs * 6)
    reader = PdfReader(io.BytesIO(render_control_sheet_pdf(c)))
    assert len(reader.pages) >= 2
    second = reader.pages[1].extract_text()
    assert "Tên cơ quan" in second and "tiếp theo, trang 2" in second


def test_return_slip_counter_and_post() -> None:
    c = sp.specimen_return_slip()
    text = text_of(render_return_slip_pdf(c))
    has_all(text, "PHIẾU TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ", c.dossier_code, c.applicant.name,
            c.procedure_name, "Thời gian nhận hồ sơ: 14 giờ 30 phút, ngày 15/07/2026",
            "Thời gian hẹn trả kết quả: 16 giờ 00 phút, ngày 21/07/2026",
            "Thời gian trả kết quả: 14 giờ 05 phút, ngày 21/07/2026", c.result,
            f"Người nhận kết quả: {c.collector_name} ({c.collector_label})",
            f"Số định danh cá nhân: {c.collector_id_number}", c.authorisation_document,
            "Phí, lệ phí đã thu: 8.000 đ", "NGƯỜI NHẬN KẾT QUẢ", "NGƯỜI TRẢ KẾT QUẢ",
            c.officer_name, c.timeliness)
    posted = dc.replace(c, postal_tracking="EE123456789VN", collector_name="")
    text = text_of(render_return_slip_pdf(posted))
    has_all(text, "Qua dịch vụ bưu chính công ích", "Mã vận đơn bưu chính: EE123456789VN",
            "NHÂN VIÊN BƯU CHÍNH")
    assert "Người nhận kết quả:" not in text


@pytest.mark.parametrize("fs", ["2025", "2018"])
def test_ledger_pdf_and_xlsx_have_the_legal_columns(fs: str) -> None:
    c = sp.specimen_ledger(fs)
    text = text_of(render_ledger_pdf(c))
    headers = [col.header for col in LEDGER_COLUMNS[fs]]
    has_all(text, "SỔ THEO DÕI HỒ SƠ", "Lĩnh vực: Hộ tịch",
            "Từ ngày 01/07/2026 đến ngày 31/07/2026", *headers,
            *(r.dossier_code for r in c.rows), "14:30 15/07/2026")
    if fs == "2025":
        has_all(text, "Nhận và trả kết quả")
    wb = openpyxl.load_workbook(io.BytesIO(render_ledger_xlsx(c)))
    ws = wb.active
    values = [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    for h in headers:
        assert h in values
    assert c.rows[0].dossier_code in values
    assert dt.datetime(2026, 7, 15, 14, 30) in values  # a real date-time, sortable


def test_ledger_xlsx_lines_keep_order_types_and_styles() -> None:
    base = sp.specimen_ledger()
    rows = tuple(dc.replace(base.rows[i % len(base.rows)], number=i + 1,
                            dossier_code=f"H01.151.01-260715-{i + 1:04d}") for i in range(600))
    seen: list[tuple[int, int]] = []
    data = render_ledger_xlsx(dc.replace(base, rows=rows), lambda d, t: seen.append((d, t)))
    assert seen[-1] == (600, 600) and len(seen) >= 2
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    first = next(r for r in range(1, 20) if ws.cell(r, 1).value == 1)
    assert ws.max_row == first + 599
    assert [ws.cell(first + i, 2).value for i in (0, 599)] == [rows[0].dossier_code,
                                                                rows[599].dossier_code]
    line = [ws.cell(first + 2, i) for i in range(1, ws.max_column + 1)]
    assert all(c.border.left.style == "thin" and c.font.name == "Times New Roman" for c in line)
    assert isinstance(ws.cell(first, 1).value, int)
    assert any(isinstance(c.value, dt.datetime) and c.number_format == "hh:mm dd/mm/yyyy"
               for c in line)
    assert ws.freeze_panes == f"C{first}"
    empty = openpyxl.load_workbook(io.BytesIO(render_ledger_xlsx(dc.replace(base, rows=()))))
    assert empty.active.max_row == first - 1


def test_empty_ledger_says_so() -> None:
    c = dc.replace(sp.specimen_ledger(), rows=())
    assert "Không có hồ sơ nào" in text_of(render_ledger_pdf(c))


def test_long_ledger_repeats_header_on_each_page() -> None:
    row = sp.specimen_ledger().rows[0]
    rows = tuple(dc.replace(row, number=i) for i in range(1, 80))
    reader = PdfReader(io.BytesIO(render_ledger_pdf(dc.replace(sp.specimen_ledger(), rows=rows))))
    assert len(reader.pages) >= 3
    assert all("Mã hồ sơ" in p.extract_text() for p in reader.pages)
    assert isinstance(rows[0], LedgerRow)


def test_document_numbers() -> None:
    assert document_number(FormPurpose.SUPPLEMENT, 3, "TTPVHCC") == "Số: 03/PBS-TTPVHCC"
    assert document_number(FormPurpose.APOLOGY, None, "TTPVHCC") == "Số: ……/PXL-TTPVHCC"


@needs_pdftoppm
def test_forms_render_to_images_with_ink() -> None:
    for pdf in (render_supplement_pdf(sp.specimen_supplement()),
                render_control_sheet_pdf(sp.specimen_control_sheet()),
                render_ledger_pdf(sp.specimen_ledger())):
        png = subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", "-"], input=pdf,
                             capture_output=True, check=True).stdout
        image = Image.open(io.BytesIO(png)).convert("L")
        dark = sum(image.histogram()[:128])
        assert 0.005 < dark / (image.width * image.height) < 0.3
