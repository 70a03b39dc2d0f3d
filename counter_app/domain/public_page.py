"""What the public status page adds to :class:`PublicStatus`: the dated public steps of a
dossier and what the citizen must bring (vn-one-stop-rules §8: nothing personal).

A public step is a lifecycle action (:class:`~counter_app.domain.lifecycle_commands.LifecycleAction`)
shown with its date and Vietnamese label only: its reason, officer and detail stay internal.
"""

from __future__ import annotations

from counter_app.domain.dossier import RETURN_PLACE_LABELS_VI, DossierStatus, ReturnPlace
from counter_app.domain.lifecycle_commands import ACTION_LABELS_VI, LifecycleAction

BRING_AT_RETURN = (
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (bản in có mã QR)",
    "Căn cước hoặc Căn cước công dân của người nhận (bản chính)",
    "Văn bản ủy quyền, nếu người khác nhận thay",
    "Phí, lệ phí còn phải nộp (nếu có)",
)
BY_POST = "Kết quả được gửi qua dịch vụ bưu chính công ích đến địa chỉ đã đăng ký."


def public_step_label(action: str) -> str | None:
    """Return the Vietnamese label of a history action if it is a public step, else None."""
    try:
        return ACTION_LABELS_VI.get(LifecycleAction(action))
    except ValueError:
        return None


def bring_items(status: DossierStatus, return_place: ReturnPlace,
                supplement_items: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Return what the citizen should bring now: supplement items when asked for them, the
    return checklist once a result awaits collection at the counter, else nothing."""
    if status is DossierStatus.SUPPLEMENT_REQUESTED:
        return supplement_items
    if status is DossierStatus.FINISHED:
        return (BY_POST,) if return_place is ReturnPlace.POST else BRING_AT_RETURN
    return ()


def return_place_text(return_place: ReturnPlace) -> str:
    """Return where the result is collected, in Vietnamese."""
    return RETURN_PLACE_LABELS_VI[return_place]
