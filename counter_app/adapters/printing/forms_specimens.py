"""Filled-in specimens of the lifecycle forms (printer test pages, documentation, benchmarks).

They tell one story: the birth registration of the Mẫu 01 specimen (dossier
H01.151.01-260715-0125) is sent to the processing body, asked for a supplement, delayed with an
apology, finished and returned to an authorised person.
"""

from __future__ import annotations

import datetime as dt

from counter_app.domain.forms import ApplicantBlock, ApplicantKind, FormPurpose
from counter_app.domain.lifecycle_forms import (
    ApologyContent,
    ControlSheetContent,
    FormHeader,
    HandOver,
    LedgerContent,
    LedgerRow,
    RefusalContent,
    ReturnSlipContent,
    StopNoticeContent,
    SupplementContent,
    document_number,
)

CODE = "H01.151.01-260715-0125"
UNIT = "Trung tâm Phục vụ hành chính công phường Mẫu"
ONE_STOP = "Bộ phận Tiếp nhận và Trả kết quả"
BODY = "Công chức Tư pháp - Hộ tịch, UBND phường Mẫu"
APPLICANT = ApplicantBlock(ApplicantKind.PERSON, "Nguyễn Thị Hồng Nhung", "001190012345",
                           "Số 12 ngõ 34 đường Lê Lợi, tổ dân phố 5, phường Mẫu, tỉnh Mẫu",
                           "0912345678", "nhung.nguyen@example.vn")
PROCEDURE = "Đăng ký khai sinh (1.001193)"
RECEIVED = dt.datetime(2026, 7, 15, 14, 30)
APPOINTMENT = dt.datetime(2026, 7, 16, 14, 30)


def header(purpose: FormPurpose | None, number: int | None, day: dt.date,
           form_set_code: str = "2025") -> FormHeader:
    """The specimen centre's header for a form issued on ``day``."""
    return FormHeader("Ủy ban nhân dân phường Mẫu", UNIT,
                      document_number(purpose, number, "TTPVHCC") if purpose else "",
                      "Phường Mẫu", day, form_set_code)


def specimen_supplement(form_set_code: str = "2025") -> SupplementContent:
    """Mẫu 02 specimen."""
    return SupplementContent(
        header(FormPurpose.SUPPLEMENT, 18, dt.date(2026, 7, 16), form_set_code), CODE, APPLICANT,
        PROCEDURE,
        ("Bản chính Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp",
         "Ghi đầy đủ quê quán của người mẹ tại mục 7 Tờ khai đăng ký khai sinh"),
        "Giấy chứng sinh nộp là bản chụp không có chứng thực; tờ khai còn thiếu thông tin",
        "Lê Thị Thu Hà, Bộ phận Tiếp nhận và Trả kết quả", "0243 123 4567", "Lê Thị Thu Hà")


def specimen_refusal(form_set_code: str = "2025") -> RefusalContent:
    """Mẫu 03 specimen."""
    return RefusalContent(
        header(FormPurpose.REFUSAL, 7, dt.date(2026, 7, 15), form_set_code), CODE, APPLICANT,
        "Đăng ký kết hôn có yếu tố nước ngoài",
        ("Thủ tục thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh, không thuộc thẩm quyền của "
         "Ủy ban nhân dân phường",), "Lê Thị Thu Hà")


def specimen_apology(form_set_code: str = "2025") -> ApologyContent:
    """Mẫu 04 specimen."""
    return ApologyContent(
        header(FormPurpose.APOLOGY, 3, dt.date(2026, 7, 16), form_set_code), CODE, APPLICANT,
        PROCEDURE, RECEIVED, APPOINTMENT,
        "Cần xác minh thông tin hộ tịch của người mẹ tại nơi đăng ký thường trú trước đây",
        dt.datetime(2026, 7, 21, 16, 0), signer_name="Phạm Văn Hùng")


def specimen_stop_notice() -> StopNoticeContent:
    """Mẫu 05 specimen (2025 set only)."""
    return StopNoticeContent(
        header(FormPurpose.STOP_NOTICE, 2, dt.date(2026, 7, 16)), CODE, APPLICANT, PROCEDURE,
        RECEIVED, "Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung giấy tờ và nộp lại sau",
        True, dt.datetime(2026, 7, 16, 8, 15), signer_name="Phạm Văn Hùng")


def specimen_control_sheet(form_set_code: str = "2025") -> ControlSheetContent:
    """Mẫu 06 specimen with four hand-overs."""
    rows = (
        HandOver(ONE_STOP, BODY, dt.datetime(2026, 7, 15, 15, 0), "Lê Thị Thu Hà",
                 "Trần Minh Đức", "Trước hạn"),
        HandOver(BODY, ONE_STOP, dt.datetime(2026, 7, 16, 9, 0), "Trần Minh Đức", "Lê Thị Thu Hà",
                 "Đúng hạn", "Yêu cầu bổ sung (Mẫu 02)"),
        HandOver(ONE_STOP, BODY, dt.datetime(2026, 7, 17, 10, 0), "Lê Thị Thu Hà",
                 "Trần Minh Đức", "Đúng hạn", "Hồ sơ bổ sung"),
        HandOver(BODY, ONE_STOP, dt.datetime(2026, 7, 21, 10, 0), "Trần Minh Đức",
                 "Lê Thị Thu Hà", "Quá hạn", "Đã có Phiếu xin lỗi (Mẫu 04)"),
    )
    return ControlSheetContent(
        header(FormPurpose.CONTROL_SHEET, 125, dt.date(2026, 7, 15), form_set_code), CODE, BODY,
        "Công an phường Mẫu", RECEIVED, dt.datetime(2026, 7, 21, 16, 0), rows,
        original_appointment_at=APPOINTMENT, state_label="Quá hạn")


def specimen_return_slip() -> ReturnSlipContent:
    """Return slip specimen: collected by an authorised person."""
    return ReturnSlipContent(
        header(None, None, dt.date(2026, 7, 21)), CODE, APPLICANT, PROCEDURE, RECEIVED,
        dt.datetime(2026, 7, 21, 16, 0), dt.datetime(2026, 7, 21, 14, 5),
        "Giấy khai sinh (bản chính) và 01 bản sao Giấy khai sinh", "Người được ủy quyền",
        "Trần Văn Bình", "001085067890", "Giấy ủy quyền số 12/GUQ ngày 10/7/2026", "8.000 đ", "",
        "Đúng hạn (theo ngày hẹn đã gia hạn); quá hạn so với hẹn ban đầu", "Lê Thị Thu Hà")


def specimen_ledger(form_set_code: str = "2025") -> LedgerContent:
    """Mẫu 07 specimen with a few lines."""
    names = ("Nguyễn Thị Hồng Nhung", "Trần Văn Bình", "Công ty TNHH Mẫu Việt", "Lê Văn Cường")
    rows = tuple(
        LedgerRow(i + 1, f"H01.151.01-260715-{125 + i:04d}", proc, name,
                  f"Phường Mẫu, tỉnh Mẫu / 09123456{70 + i}", BODY,
                  RECEIVED + dt.timedelta(minutes=20 * i), APPOINTMENT + dt.timedelta(days=i),
                  (APPOINTMENT + dt.timedelta(hours=2 + i)) if i != 2 else None,
                  ("Trực tiếp", "Bưu chính", "", "Trực tiếp")[i], 1,
                  RECEIVED + dt.timedelta(hours=1), APPOINTMENT - dt.timedelta(hours=2) if i != 2 else None,
                  "" if i != 2 else "Đang giải quyết")
        for i, (proc, name) in enumerate(zip(
            (PROCEDURE, "Chứng thực bản sao từ bản chính (2.000815)",
             "Đăng ký thành lập hộ kinh doanh (2.000720)", "Đăng ký kết hôn (1.000894)"),
            names, strict=True)))
    return LedgerContent("Ủy ban nhân dân phường Mẫu", UNIT, "Hộ tịch", dt.date(2026, 7, 1),
                         dt.date(2026, 7, 31), rows, "01", form_set_code)
