"""The procedure catalogue: versioned, effective-dated procedures with time, fees and documents.

A procedure is identified by its national code (``d.dddddd``) plus a variant name; the same code
can carry several variants (e.g. 1.004222). Each row is valid from ``effective_from`` until the
next row of the same code and variant takes over, so a dossier can always be tied to the rule
version in force on the day it was received.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.text import fold, nfc

PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}$")


class TimeUnit(enum.StrEnum):
    """Unit of a procedure's legal processing time."""

    IMMEDIATE = "immediate"  # trả ngay
    SAME_DAY = "same_day"  # trong ngày; nhận sau giờ chốt (15:00) thì trả ngày làm việc tiếp theo
    HOURS = "hours"  # giờ làm việc
    HALF_DAYS = "half_days"  # nửa ngày làm việc
    WORKING_DAYS = "working_days"  # ngày làm việc


TIME_UNIT_LABELS_VI: dict[TimeUnit, str] = {
    TimeUnit.IMMEDIATE: "Trả ngay",
    TimeUnit.SAME_DAY: "Trong ngày (sau 15 giờ trả ngày làm việc tiếp theo)",
    TimeUnit.HOURS: "giờ làm việc",
    TimeUnit.HALF_DAYS: "buổi làm việc",
    TimeUnit.WORKING_DAYS: "ngày làm việc",
}


class Channel(enum.IntEnum):
    """How the dossier was submitted: the national portal's KenhThucHien codes.

    1 Trực tiếp, 2 Trực tuyến, 3 Qua bưu chính công ích (vn-one-stop-rules §4.1). The issue text
    lists the channels in another order; the portal's numbering wins because dossiers sync to it.
    """

    IN_PERSON = 1
    ONLINE = 2
    POST = 3


CHANNEL_LABELS_VI: dict[Channel, str] = {
    Channel.IN_PERSON: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Qua dịch vụ bưu chính công ích",
}


class DocumentForm(enum.StrEnum):
    """Whether a required document is an original, a copy, either, or only shown."""

    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_OR_COPY = "original_or_copy"
    SHOWN = "shown"


DOCUMENT_FORM_LABELS_VI: dict[DocumentForm, str] = {
    DocumentForm.ORIGINAL: "Bản chính",
    DocumentForm.COPY: "Bản sao",
    DocumentForm.ORIGINAL_OR_COPY: "Bản chính hoặc bản sao",
    DocumentForm.SHOWN: "Xuất trình",
}


@dataclass(frozen=True)
class ProcessingTime:
    """Legal processing time: an amount in a unit (0 for immediate and same-day)."""

    unit: TimeUnit
    amount: int = 0
    note: str = ""

    def label_vi(self) -> str:
        """Return the time as printed on forms, e.g. ``3 ngày làm việc``."""
        if self.unit in (TimeUnit.IMMEDIATE, TimeUnit.SAME_DAY):
            return TIME_UNIT_LABELS_VI[self.unit]
        return f"{self.amount} {TIME_UNIT_LABELS_VI[self.unit]}"


@dataclass(frozen=True)
class Milestone:
    """An appointment before the result that some procedures give at reception, e.g. the notice
    of financial obligations (thông báo nghĩa vụ tài chính) of a land registration, counted
    like the result's from the time of receipt."""

    label: str
    time: ProcessingTime


@dataclass(frozen=True)
class RequiredDocument:
    """One line of a procedure's documents checklist (thành phần hồ sơ)."""

    name: str
    form: DocumentForm = DocumentForm.ORIGINAL
    count: int = 1


@dataclass(frozen=True)
class Procedure:
    """One version of an administrative procedure (thủ tục hành chính) in the catalogue."""

    id: uuid.UUID
    code: str
    variant: str
    name: str
    field_code: str
    time: ProcessingTime
    fees: Mapping[Channel, int | None]
    fee_note: str
    documents: tuple[RequiredDocument, ...]
    effective_from: dt.date
    decision: str = ""
    effective_to: dt.date | None = None
    milestones: tuple[Milestone, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """Identity across versions: national code (or folded name when unknown) and variant."""
        return (self.code or fold(self.name), self.variant)

    @property
    def search_text(self) -> str:
        """Folded text used for diacritics-insensitive search."""
        return fold(f"{self.code} {self.name} {self.variant} {self.field_code}")

    def fee_label_vi(self, channel: Channel) -> str:
        """Return the fee for ``channel`` in words fit for the counter screen."""
        amount = self.fees.get(channel)
        if amount is None:
            return self.fee_note or "Theo quy định của HĐND tỉnh"
        if amount == 0:
            return "Miễn phí"
        return f"{amount:,}".replace(",", ".") + " đ"

    def in_force_on(self, day: dt.date) -> bool:
        """Return True when this version applies to ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass
class RowProblems:
    """Problems found in one numbered row of an import file."""

    row: int
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"Dòng {self.row}: " + "; ".join(self.messages)


class CatalogueImportError(DomainError):
    """A catalogue file had bad rows; nothing of it was imported."""

    def __init__(self, problems: list[RowProblems]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(
            f"Tệp danh mục có {len(problems)} dòng lỗi, không nhập dòng nào:\n{lines}"
        )


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key, "")
    return nfc(str(value)) if value is not None else ""


def _int(value: Any, what: str, problems: list[str], *, allow_none: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if allow_none:
            return None
        problems.append(f"thiếu {what}")
        return None
    try:
        number = int(str(value).replace(".", "").replace(" ", "")) if isinstance(
            value, str
        ) else int(value)
    except (TypeError, ValueError):
        problems.append(f"{what} '{value}' không phải số nguyên")
        return None
    if number < 0:
        problems.append(f"{what} không được âm")
        return None
    return number


def parse_milestones(raw: Any, problems: list[str]) -> tuple[Milestone, ...]:
    """Parse the appointments before the result: JSON objects ``{label, time_unit,
    time_amount}``, or a ``label|unit|amount;…`` string from CSV."""
    items: list[Mapping[str, Any]] = []
    if isinstance(raw, str):
        for chunk in filter(None, (c.strip() for c in raw.split(";"))):
            parts = [p.strip() for p in chunk.split("|")] + ["", ""]
            items.append({"label": parts[0], "time_unit": parts[1], "time_amount": parts[2]})
    elif isinstance(raw, list) and all(isinstance(i, Mapping) for i in raw):
        items = list(raw)
    elif raw not in (None, "", []):
        problems.append("cột hẹn trung gian (milestones) không đúng định dạng")
    out: list[Milestone] = []
    for n, item in enumerate(items, start=1):
        label = _text(item, "label")
        try:
            unit = TimeUnit(_text(item, "time_unit"))
        except ValueError:
            problems.append(f"hẹn trung gian thứ {n}: đơn vị thời gian"
                            f" '{_text(item, 'time_unit')}' không hợp lệ")
            continue
        amount = _int(item.get("time_amount", 0), f"thời gian của hẹn trung gian thứ {n}",
                      problems) or 0
        if not label:
            problems.append(f"hẹn trung gian thứ {n} thiếu tên")
            continue
        out.append(Milestone(label, ProcessingTime(unit, amount)))
    return tuple(out)


def parse_documents(raw: Any, problems: list[str]) -> tuple[RequiredDocument, ...]:
    """Parse a documents list: JSON objects, or a ``name|form|count;…`` string from CSV."""
    items: list[Mapping[str, Any]] = []
    if isinstance(raw, str):
        for chunk in filter(None, (c.strip() for c in raw.split(";"))):
            parts = [p.strip() for p in chunk.split("|")]
            items.append(
                {"name": parts[0], "form": parts[1] if len(parts) > 1 else "original",
                 "count": parts[2] if len(parts) > 2 else 1}
            )
    elif isinstance(raw, list):
        items = [i for i in raw if isinstance(i, Mapping)]
        if len(items) != len(raw):
            problems.append("giấy tờ phải là danh sách đối tượng")
    elif raw not in (None, ""):
        problems.append("cột giấy tờ không đúng định dạng")
    docs: list[RequiredDocument] = []
    for n, item in enumerate(items, start=1):
        name = _text(item, "name")
        if not name:
            problems.append(f"giấy tờ thứ {n} thiếu tên")
            continue
        try:
            form = DocumentForm(str(item.get("form") or "original").strip())
        except ValueError:
            problems.append(f"giấy tờ thứ {n}: hình thức '{item.get('form')}' không hợp lệ")
            continue
        count = _int(item.get("count", 1), f"số lượng giấy tờ thứ {n}", problems)
        docs.append(RequiredDocument(name=name, form=form, count=count or 1))
    return tuple(docs)


def parse_procedure(raw: Mapping[str, Any], known_fields: Iterable[str]) -> Procedure | list[str]:
    """Validate one catalogue record; return the procedure or the list of Vietnamese problems."""
    problems: list[str] = []
    code = _text(raw, "code")
    if code and not PROCEDURE_CODE_RE.match(code):
        problems.append(f"mã thủ tục '{code}' phải có dạng d.dddddd (ví dụ 1.001193) hoặc để trống")
    name = _text(raw, "name")
    if not name:
        problems.append("thiếu tên thủ tục")
    field_code = _text(raw, "field").upper()
    if field_code not in set(known_fields):
        problems.append(f"lĩnh vực '{field_code}' không có trong danh mục lĩnh vực")
    try:
        unit = TimeUnit(_text(raw, "time_unit"))
    except ValueError:
        problems.append(
            f"đơn vị thời gian '{_text(raw, 'time_unit')}' không hợp lệ "
            f"(chọn một trong: {', '.join(u.value for u in TimeUnit)})"
        )
        unit = TimeUnit.WORKING_DAYS
    amount = _int(raw.get("time_amount", 0), "thời gian giải quyết", problems) or 0
    if unit in (TimeUnit.HOURS, TimeUnit.HALF_DAYS, TimeUnit.WORKING_DAYS) and amount == 0:
        problems.append("thời gian giải quyết phải lớn hơn 0 với đơn vị này")
    fees_raw = raw.get("fees")
    fees: dict[Channel, int | None] = {}
    for channel, csv_key in ((Channel.IN_PERSON, "fee_in_person"), (Channel.POST, "fee_post"),
                             (Channel.ONLINE, "fee_online")):
        value = fees_raw.get(str(int(channel))) if isinstance(fees_raw, Mapping) else raw.get(
            csv_key)
        fees[channel] = _int(value, f"lệ phí kênh {int(channel)}", problems, allow_none=True)
    documents = parse_documents(raw.get("documents"), problems)
    milestones = parse_milestones(raw.get("milestones"), problems)
    eff_raw = _text(raw, "effective_from")
    effective: dt.date | None = None
    try:
        effective = dt.date.fromisoformat(eff_raw)
    except ValueError:
        problems.append(f"ngày hiệu lực '{eff_raw}' phải có dạng YYYY-MM-DD")
    if problems:
        return problems
    assert effective is not None
    return Procedure(
        id=uuid.uuid5(
            uuid.NAMESPACE_URL,
            f"procedure:{code or fold(name)}:{fold(_text(raw, 'variant'))}:{eff_raw}",
        ),
        code=code,
        variant=_text(raw, "variant"),
        name=name,
        field_code=field_code,
        time=ProcessingTime(unit=unit, amount=amount, note=_text(raw, "time_note")),
        fees=fees,
        fee_note=_text(raw, "fee_note"),
        documents=documents,
        effective_from=effective,
        decision=_text(raw, "decision"),
        milestones=milestones,
    )


def validate_catalogue(
    rows: Iterable[tuple[int, Mapping[str, Any]]], known_fields: Iterable[str]
) -> list[Procedure]:
    """Validate every numbered row; raise :class:`CatalogueImportError` naming every bad row."""
    fields_ = list(known_fields)
    good: list[Procedure] = []
    bad: list[RowProblems] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for number, raw in rows:
        result = parse_procedure(raw, fields_)
        if isinstance(result, list):
            bad.append(RowProblems(number, result))
            continue
        key = (*result.key, result.effective_from)
        if key in seen:
            bad.append(RowProblems(number, [f"trùng thủ tục ở dòng {seen[key]}"]))
            continue
        seen[key] = number
        good.append(result)
    if bad:
        raise CatalogueImportError(bad)
    if not good:
        raise CatalogueImportError([RowProblems(0, ["tệp không có thủ tục nào"])])
    return good


def in_force(procedures: Iterable[Procedure], day: dt.date) -> list[Procedure]:
    """Return, for each code and variant, the version in force on ``day``."""
    best: dict[tuple[str, str], Procedure] = {}
    for p in procedures:
        if p.effective_from <= day:
            cur = best.get(p.key)
            if cur is None or p.effective_from > cur.effective_from:
                best[p.key] = p
    return sorted(best.values(), key=lambda p: (p.field_code, p.name))


def procedure_record(p: Procedure) -> dict[str, Any]:
    """Return one version as an import record (the JSON shape :func:`parse_procedure` reads)."""
    return {
        "code": p.code, "variant": p.variant, "name": p.name, "field": p.field_code,
        "time_unit": p.time.unit.value, "time_amount": p.time.amount, "time_note": p.time.note,
        "fees": {str(int(c)): v for c, v in p.fees.items()}, "fee_note": p.fee_note,
        "documents": [{"name": d.name, "form": d.form.value, "count": d.count}
                      for d in p.documents],
        "effective_from": p.effective_from.isoformat(), "decision": p.decision,
        "milestones": milestone_records(p.milestones),
    }


def milestone_records(milestones: Iterable[Milestone]) -> list[dict[str, Any]]:
    """Return the appointments before the result as JSON objects (import and storage shape)."""
    return [{"label": m.label, "time_unit": m.time.unit.value, "time_amount": m.time.amount}
            for m in milestones]
