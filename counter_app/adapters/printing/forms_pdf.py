"""Mẫu 02–05 as PDF: supplement request, refusal, apology and extension, stop notice.

Each follows the form set named in its :class:`~counter_app.domain.lifecycle_forms.FormHeader`
(TT 03/2025 by default, TT 01/2018 selectable); what differs between the sets — number, title,
ID-number line, document number, digital-signature note — is read from the set's data. The 2018
set has no stop notice, so asking for one raises a Vietnamese DomainError.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from counter_app.adapters.printing.pdf_base import (
    SIGN_HINT,
    FormStyles,
    build_pdf,
    esc,
    field_line,
    form_styles,
    form_title,
    paper,
)
from counter_app.adapters.printing.pdf_blocks import OfficialHeader, SignatureBlock, signature_row
from counter_app.domain.forms import (
    ApplicantBlock,
    ApplicantKind,
    FormFeature,
    FormPurpose,
    FormVersion,
    form_set,
    hour_minute_date,
    vn_date_words,
)
from counter_app.domain.lifecycle_forms import (
    ApologyContent,
    FormHeader,
    RefusalContent,
    StopNoticeContent,
    SupplementContent,
)

DIGITAL_NOTE = "(Chữ ký số nếu là biểu mẫu điện tử)"
HEAD_HINT = "(Ký, ghi rõ họ tên và đóng dấu)"


class FormFrame:
    """Styles, width and the form version of one lifecycle form being laid out."""

    def __init__(self, header: FormHeader, purpose: FormPurpose, paper_name: str) -> None:
        self.header = header
        self.version: FormVersion = header.version(purpose)
        self.s: FormStyles = form_styles(paper_name)
        self.width = paper(paper_name).frame_width
        self.paper_name = paper_name

    def has(self, feature: FormFeature) -> bool:
        """True when this version of the form carries ``feature``."""
        return self.version.has(feature)

    def top(self, *sublines: str) -> list[Flowable]:
        """The official header and the title with its sub-lines (e.g. the dossier code)."""
        h = self.header
        number = h.document_number if self.has(FormFeature.DOCUMENT_NUMBER) else ""
        place_date = f"{h.place}, {vn_date_words(h.issued_on)}"
        return [OfficialHeader(h.governing_body, h.unit_name, number, place_date, self.s),
                *form_title(self.version.title, self.s, *sublines)]

    def line(self, label: str, value: str, *, bold: bool = False, indent: bool = False
             ) -> Paragraph:
        """A "label: value" line (dotted when empty)."""
        return field_line(label, value, self.s.indent if indent else self.s.body, self.width,
                          bold=bold)

    def para(self, markup: str) -> Paragraph:
        """A justified body paragraph (``markup`` already escaped)."""
        return Paragraph(markup, self.s.body)

    def numbered(self, items: Sequence[str]) -> list[Flowable]:
        """Items 1…n, indented."""
        return [Paragraph(f"{i}. {esc(item)}", self.s.indent) for i, item in enumerate(items, 1)]

    def signatures(self, left: SignatureBlock | None, right: SignatureBlock) -> Flowable:
        """The signature row; ``left`` None leaves the left half empty."""
        blank = SignatureBlock("", hints=())
        row = signature_row([left or blank, right], self.s, self.width)
        return KeepTogether([Spacer(1, self.s.body.fontSize * 0.6), row])

    def hints(self, first: str = SIGN_HINT) -> tuple[str, ...]:
        """Signature hints, with the digital-signature note where the set has it."""
        if self.has(FormFeature.DIGITAL_SIGNATURE_NOTE):
            return (first, DIGITAL_NOTE)
        return (first,)

    def build(self, story: list[Flowable], code: str) -> bytes:
        """Return the PDF bytes."""
        forms = form_set(self.header.form_set)
        return build_pdf([story], paper_name=self.paper_name,
                         title=f"{self.version.title} {code}",
                         subject=f"{self.version.number} ({forms.legal_basis})",
                         continuations=[f"{self.version.title} — Mã hồ sơ: {code}"])


def who(a: ApplicantBlock) -> str:
    """"Ông (Bà)" or "Tổ chức"."""
    return "Ông (Bà)" if a.kind is ApplicantKind.PERSON else "Tổ chức"


def id_label(a: ApplicantBlock) -> str:
    """"Số định danh cá nhân" or "… tổ chức"."""
    return "Số định danh cá nhân" if a.kind is ApplicantKind.PERSON else "Số định danh tổ chức"


def contact_lines(f: FormFrame, a: ApplicantBlock, *, with_id: bool) -> list[Flowable]:
    """Address, phone and email (and the ID number when the form has it), indented."""
    out: list[Flowable] = []
    if with_id:
        out.append(f.line(id_label(a), a.id_number, indent=True))
    out.append(f.line("Địa chỉ", a.address, indent=True))
    out.append(f.line("Số điện thoại", a.phone, indent=True))
    out.append(f.line("Email", a.email, indent=True))
    return out


def render_supplement_pdf(c: SupplementContent, *, paper_name: str = "A4") -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    f = FormFrame(c.header, FormPurpose.SUPPLEMENT, paper_name)
    sub = [f"Mã hồ sơ: <b>{esc(c.dossier_code)}</b>"]
    if c.supplement_number > 1:
        sub.append(f"<i>(Lần yêu cầu bổ sung thứ {c.supplement_number})</i>")
    story = f.top(*sub)
    story.append(f.line("Hồ sơ của", f"{c.applicant.name}", bold=True))
    story.append(f.line("Nội dung yêu cầu giải quyết", c.procedure_name, bold=True))
    story += contact_lines(f, c.applicant, with_id=False)
    story.append(f.para("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"))
    story += f.numbered(c.items)
    story.append(f.line("Lý do", c.reason))
    contact = esc(c.contact_name) or field_line("", "", f.s.body, f.width * 0.35).text
    phone = esc(c.contact_phone) or field_line("", "", f.s.body, f.width * 0.25).text
    story.append(f.para(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông (bà)/tổ chức liên hệ với "
        f"{contact}, số điện thoại {phone} để được hướng dẫn."))
    story.append(f.signatures(None, SignatureBlock("Người hướng dẫn", f.hints(), c.officer_name)))
    return f.build(story, c.dossier_code)


def render_refusal_pdf(c: RefusalContent, *, paper_name: str = "A4") -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    f = FormFrame(c.header, FormPurpose.REFUSAL, paper_name)
    story = f.top()
    story.append(f.para(f"{esc(c.header.unit_name)} tiếp nhận hồ sơ của:"))
    story.append(f.line(who(c.applicant), c.applicant.name, bold=True, indent=True))
    story += contact_lines(f, c.applicant, with_id=f.has(FormFeature.ID_NUMBER))
    story.append(f.line("Mã hồ sơ (nếu có)", c.dossier_code, indent=True))
    story.append(f.line("Nội dung yêu cầu giải quyết", c.procedure_name, bold=True))
    story.append(f.para(
        "Sau khi xem xét, đối chiếu thành phần hồ sơ với quy định, "
        f"{esc(c.header.unit_name)} không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"))
    story += f.numbered(c.reasons)
    story.append(f.para("Xin thông báo để ông (bà)/tổ chức được biết và thực hiện./."))
    story.append(f.signatures(SignatureBlock("Người nộp hồ sơ"),
                              SignatureBlock("Người tiếp nhận hồ sơ", f.hints(), c.officer_name)))
    return f.build(story, c.dossier_code)


def render_apology_pdf(c: ApologyContent, *, paper_name: str = "A4") -> bytes:
    """Mẫu 04: Phiếu xin lỗi và đề nghị gia hạn (2025) / hẹn lại ngày trả kết quả (2018)."""
    f = FormFrame(c.header, FormPurpose.APOLOGY, paper_name)
    story = f.top()
    a, unit = c.applicant, esc(c.header.unit_name)
    story.append(Paragraph(f"Kính gửi: <b>{esc(who(a))} {esc(a.name)}</b>", f.s.centre))
    story.append(Spacer(1, f.s.body.fontSize * 0.4))
    ident = (f", {id_label(a).lower()}: {esc(a.id_number)}"
             if f.has(FormFeature.ID_NUMBER) and a.id_number else "")
    story.append(f.para(
        f"Ngày {c.received_at:%d/%m/%Y}, {unit} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành "
        f"chính <b>{esc(c.procedure_name)}</b> của {esc(who(a).lower())} <b>{esc(a.name)}</b>"
        f"{ident}, mã số hồ sơ: <b>{esc(c.dossier_code)}</b>."))
    story.append(f.para(
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: "
        f"<b>{esc(hour_minute_date(c.original_appointment_at, words=True))}</b>."))
    story.append(f.para(
        f"Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ cho ông (bà)/tổ chức "
        "đúng thời hạn."))
    story.append(f.line("Lý do", c.reason))
    extend = ("đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào"
              if c.header.form_set != "2018" else "xin hẹn lại ngày trả kết quả vào")
    story.append(f.para(
        f"Sự chậm trễ này đã gây phiền hà cho ông (bà)/tổ chức. {unit} xin lỗi ông (bà)/tổ chức "
        f"và {extend} <b>{esc(hour_minute_date(c.new_appointment_at, words=True))}</b>."))
    story.append(f.para("Rất mong nhận được sự thông cảm của ông (bà)/tổ chức./."))
    story.append(f.signatures(None, SignatureBlock(c.signer_title, f.hints(HEAD_HINT),
                                                   c.signer_name)))
    return f.build(story, c.dossier_code)


def render_stop_notice_pdf(c: StopNoticeContent, *, paper_name: str = "A4") -> bytes:
    """Mẫu 05 (2025 set): Thông báo dừng giải quyết hồ sơ."""
    f = FormFrame(c.header, FormPurpose.STOP_NOTICE, paper_name)
    story = f.top(f"Mã hồ sơ: <b>{esc(c.dossier_code)}</b>")
    a, unit = c.applicant, esc(c.header.unit_name)
    story.append(Paragraph(f"Kính gửi: <b>{esc(who(a))} {esc(a.name)}</b>", f.s.centre))
    story.append(Spacer(1, f.s.body.fontSize * 0.4))
    ident = (f", {id_label(a).lower()}: {esc(a.id_number)}"
             if f.has(FormFeature.ID_NUMBER) and a.id_number else "")
    story.append(f.para(
        f"Vào lúc {esc(hour_minute_date(c.received_at, words=True))}, {unit} đã tiếp nhận hồ sơ "
        f"của {esc(who(a).lower())} <b>{esc(a.name)}</b>{ident}, mã hồ sơ "
        f"<b>{esc(c.dossier_code)}</b>, nội dung yêu cầu giải quyết: "
        f"<b>{esc(c.procedure_name)}</b>."))
    if c.on_request:
        when = f" ngày {c.request_at:%d/%m/%Y}" if c.request_at else ""
        story.append(f.para(
            f"Theo đề nghị dừng giải quyết, rút hồ sơ của ông (bà)/tổ chức{when}, "
            f"{unit} thông báo dừng giải quyết hồ sơ nêu trên."))
    else:
        story.append(f.para(f"{unit} thông báo dừng giải quyết hồ sơ nêu trên."))
    story.append(f.line("Lý do", c.reason))
    story.append(f.para(
        f"Đề nghị ông (bà)/tổ chức liên hệ {unit} để nhận lại hồ sơ (nếu có)./."))
    story.append(f.signatures(None, SignatureBlock(c.signer_title, f.hints(HEAD_HINT),
                                                   c.signer_name)))
    return f.build(story, c.dossier_code)
