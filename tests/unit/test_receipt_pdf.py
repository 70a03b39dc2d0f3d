"""Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả): content model and PDF, read back with pypdf,
rendered with pdftoppm and its QR code decoded with zxing-cpp."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import io
import shutil
import subprocess
import unicodedata

import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from counter_app.adapters.printing.pdf_base import PAPERS
from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf, specimen_receipt
from counter_app.domain.errors import DomainError
from counter_app.domain.forms import (
    ApplicantBlock,
    ApplicantKind,
    FormPurpose,
    ReceiptContent,
    ReceiptDocumentLine,
    form_set,
    form_set_in_force,
    hour_minute_date,
    vn_date_words,
)

MM = 72 / 25.4
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")


def flat(text: str) -> str:
    """NFC with all whitespace runs collapsed, so wrapped lines compare as one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pages_text(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def raster(pdf: bytes, page: int = 1) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-singlefile", "-"],
        input=pdf, capture_output=True, check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


@pytest.fixture(scope="module")
def content() -> ReceiptContent:
    return specimen_receipt()


@pytest.fixture(scope="module")
def pdf(content: ReceiptContent) -> bytes:
    return render_receipt_pdf(content)


# --- content model -----------------------------------------------------------------------------

def test_official_date_words_pad_days_below_ten_and_months_one_two() -> None:
    assert vn_date_words(dt.date(2026, 7, 15)) == "ngày 15 tháng 7 năm 2026"
    assert vn_date_words(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vn_date_words(dt.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert vn_date_words(dt.date(2026, 12, 9)) == "ngày 09 tháng 12 năm 2026"


def test_hour_minute_date() -> None:
    moment = dt.datetime(2026, 7, 15, 14, 30)
    assert hour_minute_date(moment) == "14 giờ 30 phút, ngày 15/07/2026"
    assert hour_minute_date(dt.datetime(2026, 7, 15, 8, 5), words=True) == (
        "08 giờ 05 phút, ngày 15 tháng 7 năm 2026"
    )


def test_form_sets_number_forms_as_data() -> None:
    new, old = form_set("2025"), form_set("2018")
    assert new.form(FormPurpose.CONTROL_SHEET).number == "Mẫu 06"
    assert old.form(FormPurpose.CONTROL_SHEET).number == "Mẫu 05"
    assert new.form(FormPurpose.LEDGER).number == "Mẫu 07"
    assert old.form(FormPurpose.LEDGER).number == "Mẫu 06"
    assert new.form(FormPurpose.STOP_NOTICE).number == "Mẫu 05"
    assert "gia hạn" in new.form(FormPurpose.APOLOGY).title
    assert "hẹn lại" in old.form(FormPurpose.APOLOGY).title
    with pytest.raises(DomainError):
        old.form(FormPurpose.STOP_NOTICE)
    with pytest.raises(DomainError):
        form_set("2030")


def test_form_set_in_force_by_date() -> None:
    assert form_set_in_force(dt.date(2024, 3, 1)).code == "2018"
    assert form_set_in_force(dt.date(2026, 3, 1)).code == "2025"
    with pytest.raises(DomainError):
        form_set_in_force(dt.date(2010, 1, 1))


@pytest.mark.parametrize("leak", ["0912345678", "001190012345", "Nguyễn Thị Hồng Nhung",
                                  "Nguy%E1%BB%85n+Th%E1%BB%8B+H%E1%BB%93ng+Nhung", "84912345678",
                                  "0987654321"])
def test_lookup_url_carrying_personal_data_is_refused(content: ReceiptContent, leak: str) -> None:
    with pytest.raises(DomainError, match="không được chứa"):
        dc.replace(content, lookup_url=f"https://tra-cuu.example.vn/?ma=X&p={leak}")


def test_content_rules(content: ReceiptContent) -> None:
    with pytest.raises(DomainError):
        dc.replace(content, sets_count=0)
    with pytest.raises(DomainError):
        dc.replace(content, appointment_at=content.received_at - dt.timedelta(minutes=1))
    with pytest.raises(DomainError):
        dc.replace(content, form_set="1999")
    with pytest.raises(DomainError):
        ReceiptDocumentLine("Tờ khai", "Bản chính", 0)


# --- the 2025 form -----------------------------------------------------------------------------

def test_every_field_of_the_2025_form_is_printed(content: ReceiptContent, pdf: bytes) -> None:
    (text,) = pages_text(pdf)
    expected = [
        "ỦY BAN NHÂN DÂN PHƯỜNG MẪU", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG MẪU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/TN-TTPVHCC", "Phường Mẫu, ngày 15 tháng 7 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: H01.151.01-260715-0125",
        "Trung tâm Phục vụ hành chính công phường Mẫu tiếp nhận hồ sơ của:",
        "Ông (Bà): Nguyễn Thị Hồng Nhung", "Số định danh cá nhân: 001190012345",
        "Địa chỉ: Số 12 ngõ 34 đường Lê Lợi, tổ dân phố 5, phường Mẫu, tỉnh Mẫu",
        "Số điện thoại: 0912345678; Email: nhung.nguyen@example.vn",
        "Người được ủy quyền nộp hồ sơ: Trần Văn Bình", "Số định danh cá nhân: 001085067890",
        "Địa chỉ: Số 7 đường Hai Bà Trưng, phường Mẫu, tỉnh Mẫu", "Số điện thoại: 0987654321",
        "Văn bản ủy quyền: Giấy ủy quyền số 12/GUQ ngày 10/7/2026",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh (1.001193)",
        "1. Thành phần hồ sơ nộp gồm:", "TT Tên giấy tờ Hình thức Số lượng",
        "1 Tờ khai đăng ký khai sinh theo mẫu Bản chính 01", "2 Giấy chứng sinh Bản chính 01",
        "3 Giấy ủy quyền Bản chính 01",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 01 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 14 giờ 30 phút, ngày 15 tháng 7 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 30 phút, ngày 16 tháng 7 năm 2026",
        "6. Đăng ký nhận kết quả: Tại Bộ phận Một cửa", "Phí, lệ phí: Miễn lệ phí",
        "Vào Sổ theo dõi hồ sơ (nếu có), Quyển số: 01, Số thứ tự: 125",
        "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Chữ ký số của người tiếp nhận hồ sơ nếu là biểu mẫu điện tử)", "Lê Thị Thu Hà",
        "Mã hồ sơ: H01.151.01-260715-0125", "Mã tra cứu: 7Q4M",
        "được lập thành 02 liên", "qua dịch vụ bưu chính",
    ]
    missing = [e for e in expected if e not in text]
    assert not missing
    assert text.count("(Ký và ghi rõ họ tên)") == 2
    assert text.index("NGƯỜI TIẾP NHẬN HỒ SƠ") < text.index("Lê Thị Thu Hà")
    assert "Liên" not in text  # one copy without a label


def test_empty_fields_get_a_dotted_line_to_write_on(content: ReceiptContent) -> None:
    blank = dc.replace(content, ledger_book="", ledger_line="",
                       applicant=dc.replace(content.applicant, email=""))
    (text,) = pages_text(render_receipt_pdf(blank))
    assert "Email: ....." in text
    assert "Quyển số: ....." in text and "Số thứ tự: ....." in text


def test_collect_place_is_not_doubled(content: ReceiptContent) -> None:
    post = dc.replace(content, collect_at="Qua bưu chính: Số 3 đường Mẫu, phường Mẫu")
    (text,) = pages_text(render_receipt_pdf(post))
    assert "6. Đăng ký nhận kết quả: Qua bưu chính: Số 3 đường Mẫu, phường Mẫu" in text
    own = dc.replace(content, collect_at="Trung tâm Phục vụ hành chính công phường Mẫu")
    (text,) = pages_text(render_receipt_pdf(own))
    assert "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công phường Mẫu" in text


def test_organisation_applicant(content: ReceiptContent) -> None:
    org = dc.replace(content, submitter=None, applicant=ApplicantBlock(
        ApplicantKind.ORGANISATION, "Công ty TNHH Mẫu & Cộng sự <Việt Nam>", "0101234567"))
    (text,) = pages_text(render_receipt_pdf(org))
    assert "Tổ chức: Công ty TNHH Mẫu & Cộng sự <Việt Nam>" in text
    assert "Số định danh tổ chức: 0101234567" in text
    assert "Người được ủy quyền" not in text


def test_fonts_are_noto_serif_and_embedded(pdf: bytes) -> None:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]  # type: ignore[index]
        assert fonts
        for font in fonts:
            assert "NotoSerif" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_metadata_and_deterministic_output(content: ReceiptContent, pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.title is not None
    assert content.dossier_code in meta.title
    assert render_receipt_pdf(content) == pdf


@needs_pdftoppm
def test_qr_code_decodes_to_exactly_the_lookup_url(content: ReceiptContent, pdf: bytes) -> None:
    codes = zxingcpp.read_barcodes(raster(pdf))
    assert [c.format for c in codes] == [zxingcpp.BarcodeFormat.QRCode]
    assert codes[0].text == content.lookup_url
    for secret in (content.applicant.name, content.applicant.id_number, content.applicant.phone):
        assert secret not in codes[0].text


def test_two_copies_give_two_labelled_pages(content: ReceiptContent) -> None:
    first, second = pages_text(render_receipt_pdf(content, copies=2))
    assert "(Liên 1: Lưu tại cơ quan)" in first and "Liên 2" not in first
    assert "(Liên 2: Giao người nộp hồ sơ)" in second and "Liên 1" not in second
    for text in (first, second):
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and "Lê Thị Thu Hà" in text


def test_single_copy_prints_the_content_label(content: ReceiptContent) -> None:
    (text,) = pages_text(render_receipt_pdf(dc.replace(content, copy_label="Liên 2: Giao người nộp hồ sơ")))
    assert "(Liên 2: Giao người nộp hồ sơ)" in text


def test_bad_arguments_are_refused(content: ReceiptContent) -> None:
    with pytest.raises(DomainError):
        render_receipt_pdf(content, copies=3)
    with pytest.raises(DomainError):
        render_receipt_pdf(content, paper="Letter")


@needs_pdftoppm
def test_a5(content: ReceiptContent) -> None:
    pdf = render_receipt_pdf(content, paper="A5", copies=2)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    assert "Mã tra cứu: 7Q4M" in pages_text(pdf)[0]
    assert zxingcpp.read_barcodes(raster(pdf))[0].text == content.lookup_url


# --- the 2018 form -----------------------------------------------------------------------------

def test_2018_variant_follows_circular_01_2018() -> None:
    first, second = pages_text(render_receipt_pdf(specimen_receipt("2018"), copies=2))
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in first
    assert "Bộ phận tiếp nhận và trả kết quả: Trung tâm Phục vụ hành chính công phường Mẫu" in first
    assert "Tiếp nhận hồ sơ của Ông (Bà): Nguyễn Thị Hồng Nhung" in first
    for absent in ("Số định danh", "Người được ủy quyền", "Số: 125", "(nếu có)", "Chữ ký số"):
        assert absent not in first
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 125" in first
    assert "(Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả)" in first
    assert "(Liên 2: Giao khách hàng)" in second


# --- long content ------------------------------------------------------------------------------

def margins_blank(image: Image.Image, paper: str) -> bool:
    """True when nothing is printed in the left, right and bottom margins (1 mm tolerance)."""
    p = PAPERS[paper]
    px = image.width / p.size[0]
    right = int((p.size[0] - p.right + 1 * MM) * px)
    left = int((p.left - 1 * MM) * px)
    bottom = int((p.size[1] - p.bottom + 1 * MM) * px)
    strips = [image.crop((right, 0, image.width, image.height)),
              image.crop((0, 0, left, image.height)),
              image.crop((0, bottom, image.width, image.height))]
    return all(strip.getextrema()[0] > 200 for strip in strips)


LONG_NAME = ("Công ty trách nhiệm hữu hạn một thành viên thương mại dịch vụ xuất nhập khẩu và đầu tư "
             "xây dựng Hoàng Gia Phát Triển Bền Vững Miền Bắc Trung Bộ và Tây Nguyên")
LONG_ADDRESS = ("Tầng 15, tòa nhà văn phòng hỗn hợp thương mại dịch vụ số 123 đường Nguyễn Văn Linh, "
                "khu đô thị mới, phường Mẫu, tỉnh Mẫu, Việt Nam; hộp thư bưu chính số 456")


@needs_pdftoppm
@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_long_document_list_flows_onto_more_pages(content: ReceiptContent, paper: str) -> None:
    docs = tuple(
        ReceiptDocumentLine(f"Giấy tờ số {i}: giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở "
                            f"và tài sản khác gắn liền với đất số CS{i:05d}",
                            "Bản sao có chứng thực", 1 + i % 3)
        for i in range(1, 41)
    )
    long = dc.replace(content, documents=docs, applicant=dc.replace(
        content.applicant, name=LONG_NAME, address=LONG_ADDRESS))
    pdf = render_receipt_pdf(long, paper=paper, copies=2)
    texts = pages_text(pdf)
    assert len(texts) >= 4 and len(texts) % 2 == 0
    half = len(texts) // 2
    copy1 = " ".join(texts[:half])
    positions = [copy1.index(f"{i} Giấy tờ số {i}: ") for i in range(1, 41)]
    assert positions == sorted(positions)
    assert f"CS{40:05d}" in copy1 and LONG_NAME in copy1 and LONG_ADDRESS in copy1
    assert "(Liên 2: Giao người nộp hồ sơ)" in texts[half]
    for n, text in enumerate(texts[:half], start=1):
        assert f"Trang {n}/{half}" in text
        if n > 1:
            assert ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Mã hồ sơ: H01.151.01-260715-0125 —"
                    " Liên 1: Lưu tại cơ quan (tiếp theo)") in text
        assert "TT Tên giấy tờ Hình thức Số lượng" in text or n == half  # header row repeated
    last = texts[half - 1]  # signatures are kept together with the ledger line and QR code
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in last and "Lê Thị Thu Hà" in last and "Mã tra cứu" in last
    for page in range(1, len(texts) + 1):
        assert margins_blank(raster(pdf, page), paper), f"page {page} overflows its margins"


@needs_pdftoppm
def test_specimen_stays_within_margins_on_one_page(pdf: bytes) -> None:
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert margins_blank(raster(pdf), "A4")


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữự"
                                  "ÁÀẢÃẠĐÊƠƯ &<>\"'")),
    min_size=1, max_size=60,
).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=VIETNAMESE)
def test_any_vietnamese_name_is_printed_as_given(content: ReceiptContent, name: str) -> None:
    decomposed = unicodedata.normalize("NFD", name)  # input in NFD is still printed in NFC
    try:
        changed = dc.replace(content, applicant=dc.replace(content.applicant, name=decomposed))
    except DomainError:
        return  # the name happens to occur in the lookup URL
    (text,) = pages_text(render_receipt_pdf(changed))
    assert f"Ông (Bà): {flat(name)}" in text


# --- one page per copy ---------------------------------------------------------------------------

DOC_NAME = ("Giấy xác nhận tình trạng hôn nhân (khi bên kết hôn đăng ký thường trú ở nơi khác)"
             " (cần xác nhận)")


def with_documents(content: ReceiptContent, count: int) -> ReceiptContent:
    """The specimen (a representative) with ``count`` two-line documents."""
    docs = tuple(ReceiptDocumentLine(f"{DOC_NAME} {i}", "Khai thác từ CSDL", 1)
                 for i in range(1, count + 1))
    return dc.replace(content, documents=docs)


@pytest.mark.parametrize(("paper", "count"), [("A4", 8), ("A5", 4)])
def test_up_to_eight_documents_fit_one_a4_page_per_copy(content: ReceiptContent, paper: str,
                                                         count: int) -> None:
    pdf = render_receipt_pdf(with_documents(content, count), paper=paper, copies=2)
    pages = pages_text(pdf)
    assert len(pages) == 2
    for page in pages:
        assert f"{DOC_NAME} {count}" in page and "Lê Thị Thu Hà" in page
        assert "NGƯỜI NỘP HỒ SƠ" in page and "Trang" not in page


@needs_pdftoppm
def test_a_long_list_runs_on_with_header_and_page_numbers(content: ReceiptContent) -> None:
    pdf = render_receipt_pdf(with_documents(content, 30), copies=2)
    pages = pages_text(pdf)
    per_copy = len(pages) // 2
    assert len(pages) == 2 * per_copy and per_copy >= 2
    for copy in (pages[:per_copy], pages[per_copy:]):
        for n, page in enumerate(copy, start=1):
            assert f"Trang {n}/{per_copy}" in page
            if n > 1:
                assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Mã hồ sơ:" in page
        last = copy[-1]
        # the signatures and the QR code stay with the last documents they attest
        assert f"{DOC_NAME} 30" in last and "NGƯỜI TIẾP NHẬN HỒ SƠ" in last
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in " ".join(copy[:-1])
    codes = zxingcpp.read_barcodes(raster(pdf, per_copy))
    assert [c.text for c in codes] == [content.lookup_url]
