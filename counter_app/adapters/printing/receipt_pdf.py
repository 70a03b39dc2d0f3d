"""Mẫu 01 as PDF: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt and appointment slip).

Follows TT 03/2025/TT-VPCP (current) or TT 01/2018/TT-VPCP (legacy), as chosen by
``ReceiptContent.form_set``; what differs between them is read from the form set's data.
The QR code carries ``lookup_url`` only (dossier code and lookup token, no personal data).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from counter_app.adapters.printing.pdf_base import (
    SIGN_HINT,
    FormStyles,
    esc,
    field_line,
    footnote,
    form_styles,
    form_title,
    layout_pdf,
    numbered_line,
    paper,
    table_block,
)
from counter_app.adapters.printing.pdf_blocks import (
    OfficialHeader,
    SignatureBlock,
    qr_block,
    signature_row,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.forms import (
    ApplicantBlock,
    ApplicantKind,
    FormFeature,
    ReceiptContent,
    ReceiptDocumentLine,
    SubmitterBlock,
    form_set,
    hour_minute_date,
    vn_date_words,
)

# printed on two balanced lines under the officer's title
DIGITAL_SIGNATURE_NOTE = ("(Chữ ký số của người tiếp nhận hồ sơ", "nếu là biểu mẫu điện tử)")


# body font scales tried, largest first, until a copy fits on one sheet (A4 11 pt down to 9.9 pt,
# A5 8 pt down to 7.2 pt); a copy too long even then runs over pages at full size
FIT_SCALES = (1.0, 0.95, 0.9, 0.85)


def render_receipt_pdf(content: ReceiptContent, *, paper: str = "A4", copies: int = 1) -> bytes:
    """Return Mẫu 01 as PDF bytes on A4 or A5; with ``copies=2`` one copy per page run, labelled
    "Liên 1" (kept by the centre) and "Liên 2" (given to the applicant).

    Each copy is one sheet whenever its content fits at a slightly smaller type; a longer one
    runs on with the form's header line repeated and "Trang i/n" on every page, the signatures
    and the QR code staying with the last items they attest.
    """
    if copies not in (1, 2):
        raise DomainError("Giấy tiếp nhận hồ sơ chỉ in 1 hoặc 2 liên.")
    forms = form_set(content.form_set)
    labels: Sequence[str | None] = forms.copy_labels if copies == 2 else (content.copy_label,)
    head = f"{content.form.title} — Mã hồ sơ: {content.dossier_code}"
    layout = functools.partial(
        layout_pdf, paper_name=paper, title=f"{content.form.title} {content.dossier_code}",
        subject=f"{content.form.number} ({forms.legal_basis})",
        continuations=[f"{head} — {label}" if label else head for label in labels])
    full = 0
    for scale in FIT_SCALES:
        data, pages = layout([_copy(content, paper, labels[0], scale)])
        full = full or pages[0]
        if pages[0] == 1:
            if copies == 1:
                return data
            break
    else:
        scale = FIT_SCALES[0]
    return layout([_copy(content, paper, label, scale) for label in labels],
                  totals=[1 if scale != FIT_SCALES[0] else full] * len(labels))[0]


def _copy(content: ReceiptContent, paper_name: str, copy_label: str | None,
          scale: float = 1.0) -> list[Flowable]:
    """Return the flowables of one copy of the slip, its type at ``scale``."""
    s = form_styles(paper_name, scale)
    p = paper(paper_name)
    width = p.frame_width
    forms = form_set(content.form_set)
    form = content.form
    has_number = form.has(FormFeature.DOCUMENT_NUMBER)
    unit = content.unit_name if has_number else forms.receiving_unit_label
    place_date = f"{content.place}, {vn_date_words(content.issued_on)}"
    out: list[Flowable] = [
        OfficialHeader(content.governing_body, unit,
                       content.document_number if has_number else "", place_date, s)
    ]
    sub = [f"Mã hồ sơ: <b>{esc(content.dossier_code)}</b>"]
    if copy_label:
        sub.append(f"<i>({esc(copy_label)})</i>")
    out += form_title(form.title, s, *sub)

    def line(label: str, value: str, *, bold: bool = False) -> None:
        out.append(field_line(label, value, s.body, width, bold=bold))

    if has_number:
        out.append(Paragraph(f"{esc(content.unit_name)} tiếp nhận hồ sơ của:", s.body))
    else:
        line(forms.receiving_unit_label, content.unit_name)
    out += _applicant(content.applicant, form.has(FormFeature.ID_NUMBER), s, width)
    if content.submitter is not None and form.has(FormFeature.SUBMITTER):
        out += _submitter(content.submitter, s, width)
    line("Nội dung yêu cầu giải quyết", content.procedure_name, bold=True)
    # keep the heading with the table's header and first rows; longer lists split with the header
    out.append(CondPageBreak(s.body.leading * 6))
    out.append(Paragraph("1. Thành phần hồ sơ nộp gồm:", s.body))
    # the last documents go with the signatures, so they never stand alone on a page
    keep = 0 if len(content.documents) <= 3 else 2
    tail: list[Flowable] = []
    if keep:
        out.append(_documents(content.documents[:-keep], s, width))
        tail.append(_documents(content.documents[-keep:], s, width, first=len(content.documents)
                               - keep + 1))
    else:
        tail.append(_documents(content.documents, s, width))
    tail.append(Spacer(1, s.body.fontSize * 0.4))
    items = [
        ("Số lượng hồ sơ", f"{content.sets_count:02d} bộ"),
        ("Thời gian giải quyết hồ sơ theo quy định là", content.legal_time_label),
        ("Thời gian nhận hồ sơ", hour_minute_date(content.received_at, words=True)),
        ("Thời gian trả kết quả giải quyết hồ sơ",
         hour_minute_date(content.appointment_at, words=True)),
        _collect(content.collect_at),
    ]
    for n, (label, value) in enumerate(items, start=2):
        if n == 5 and content.milestones:  # two appointments: the tax notice, then the result
            tail.append(Paragraph(f"5. {esc(label)}:", s.body))
            tail += [Paragraph(f"- {esc(step)}: {esc(hour_minute_date(at, words=True))}",
                               s.indent) for step, at in content.milestones]
            tail.append(Paragraph(f"- Kết quả giải quyết hồ sơ: {esc(value)}", s.indent))
            continue
        tail.append(numbered_line(n, label, value, s.body, width))
    if content.fees_label:
        tail.append(field_line("Phí, lệ phí", content.fees_label, s.body, width))
    # the numbered items, signatures and QR code stay on one page (the one they attest)
    out.append(KeepTogether(tail + _closing(content, s, width)))
    out += footnote(forms.receipt_footnote, s, width)
    return out


def _collect(where: str) -> tuple[str, str]:
    """Item 6: "Đăng ký nhận kết quả tại: …", without doubling a value that says "Tại …"/"Qua …"."""
    if where.strip().lower().startswith(("tại ", "qua ")):
        return "Đăng ký nhận kết quả", where
    return "Đăng ký nhận kết quả tại", where


def _applicant(a: ApplicantBlock, with_id: bool, s: FormStyles, width: float) -> list[Flowable]:
    """Lines about the applicant: name, ID number (2025), address, phone and email."""
    who = "Ông (Bà)" if a.kind is ApplicantKind.PERSON else "Tổ chức"
    label = f"Tiếp nhận hồ sơ của {who}" if not with_id else who
    rows = [field_line(label, a.name, s.indent, width, bold=True)]
    if with_id:
        whose = "cá nhân" if a.kind is ApplicantKind.PERSON else "tổ chức"
        id_label = f"Số định danh {whose}"
        rows.append(field_line(id_label, a.id_number, s.indent, width))
    rows.append(field_line("Địa chỉ", a.address, s.indent, width))
    rows.append(_pair("Số điện thoại", a.phone, "Email", a.email, s, width))
    return rows


def _submitter(b: SubmitterBlock, s: FormStyles, width: float) -> list[Flowable]:
    """The authorised submitter's block (2025 form only)."""
    return [
        field_line("Người được ủy quyền nộp hồ sơ", b.name, s.indent, width, bold=True),
        field_line("Số định danh cá nhân", b.id_number, s.indent, width),
        field_line("Địa chỉ", b.address, s.indent, width),
        _pair("Số điện thoại", b.phone, "Email", b.email, s, width),
        field_line("Văn bản ủy quyền", b.authorisation_document, s.indent, width),
    ]


def _pair(l1: str, v1: str, l2: str, v2: str, s: FormStyles, width: float) -> Flowable:
    """Two short fields on one line, e.g. phone and email; blanks become dotted fill."""
    if v1.strip() and v2.strip():
        return Paragraph(f"{esc(l1)}: {esc(v1)}; {esc(l2)}: {esc(v2)}", s.indent)
    half = (width - s.indent.leftIndent) / 2
    first = field_line(l1, v1, s.body, half).text if not v1.strip() else f"{esc(l1)}: {esc(v1)}"
    second = field_line(l2, v2, s.body, half).text if not v2.strip() else f"{esc(l2)}: {esc(v2)}"
    return Paragraph(f"{first}; {second}", s.indent)


def _documents(docs: Sequence[ReceiptDocumentLine], s: FormStyles, width: float, *,
               first: int = 1) -> Flowable:
    """The numbered list of documents received, with form and count; numbered from ``first``
    (a part after the first continues the table above, without the header row)."""
    rows = [(str(i), d.name, d.form_label, f"{d.count:02d}") for i, d in enumerate(docs, first)]
    return table_block(("TT", "Tên giấy tờ", "Hình thức", "Số lượng"), rows,
                       (0.06, 0.6, 0.22, 0.12), s, width, centred_columns=(0, 2, 3),
                       with_header=first == 1)


def _closing(content: ReceiptContent, s: FormStyles, width: float) -> list[Flowable]:
    """Log-book line, the two signature blocks and the QR code with its caption."""
    if_any = " (nếu có)" if content.form.has(FormFeature.LEDGER_IF_ANY) else ""
    dots = field_line("", "", s.body, width * 0.2).text
    ledger = (f"Vào Sổ theo dõi hồ sơ{if_any}, Quyển số: {esc(content.ledger_book) or dots}, "
              f"Số thứ tự: {esc(content.ledger_line) or dots}")
    officer_hints = [SIGN_HINT]
    if content.form.has(FormFeature.DIGITAL_SIGNATURE_NOTE):
        officer_hints += DIGITAL_SIGNATURE_NOTE
    qr_size = 21 * mm * s.body.fontSize / paper("A4").font_size
    code = qr_block(content.lookup_url, f"Mã tra cứu: <b>{esc(content.lookup_token)}</b>", s,
                    size=qr_size)
    signatures = signature_row(
        [SignatureBlock("Người nộp hồ sơ"),
         SignatureBlock("Người tiếp nhận hồ sơ", tuple(officer_hints), content.officer_name)],
        s, width, middle=code,
    )
    scan = ("Quét mã QR hoặc nhập mã hồ sơ và mã tra cứu tại trang tra cứu hồ sơ để biết tình"
            " trạng giải quyết. Vui lòng giữ kín mã tra cứu.")
    return [
        Paragraph(ledger, s.body),
        Spacer(1, s.body.fontSize * 0.3),
        signatures,
        Paragraph(esc(scan), s.note),
    ]


def specimen_receipt(form_set_code: str = "2025") -> ReceiptContent:
    """Return a filled-in specimen slip (test page for printers, documentation and benchmarks)."""
    return ReceiptContent(
        governing_body="Ủy ban nhân dân phường Mẫu",
        unit_name="Trung tâm Phục vụ hành chính công phường Mẫu",
        document_number="Số: 125/TN-TTPVHCC",
        dossier_code="H01.151.01-260715-0125",
        place="Phường Mẫu",
        issued_on=dt.date(2026, 7, 15),
        applicant=ApplicantBlock(ApplicantKind.PERSON, "Nguyễn Thị Hồng Nhung", "001190012345",
                                 "Số 12 ngõ 34 đường Lê Lợi, tổ dân phố 5, phường Mẫu, tỉnh Mẫu",
                                 "0912345678", "nhung.nguyen@example.vn"),
        submitter=SubmitterBlock("Trần Văn Bình", "001085067890",
                                 "Số 7 đường Hai Bà Trưng, phường Mẫu, tỉnh Mẫu", "0987654321", "",
                                 "Giấy ủy quyền số 12/GUQ ngày 10/7/2026"),
        procedure_name="Đăng ký khai sinh (1.001193)",
        documents=(
            ReceiptDocumentLine("Tờ khai đăng ký khai sinh theo mẫu", "Bản chính", 1),
            ReceiptDocumentLine("Giấy chứng sinh", "Bản chính", 1),
            ReceiptDocumentLine("Giấy ủy quyền", "Bản chính", 1),
        ),
        sets_count=1,
        legal_time_label="01 ngày làm việc",
        received_at=dt.datetime(2026, 7, 15, 14, 30),
        appointment_at=dt.datetime(2026, 7, 16, 14, 30),
        collect_at="Tại Bộ phận Một cửa",
        ledger_book="01",
        ledger_line="125",
        officer_name="Lê Thị Thu Hà",
        lookup_url="https://dichvucong.example.gov.vn/tra-cuu?ma=H01.151.01-260715-0125&k=7Q4M",
        lookup_token="7Q4M",
        form_set=form_set_code,
        fees_label="Miễn lệ phí",
    )
