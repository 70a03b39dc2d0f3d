"""Error messages of the queue that list the valid codes (``--service`` / ``--priority``).

The other queue safeguards (closing a counter with a ticket in hand, transfer destinations, the
kiosk's greyed-out services) live in :mod:`counter_app.services.queue_desk` and
:mod:`counter_app.services.queue`.
"""

from __future__ import annotations

from counter_app.services.unit_of_work import UnitOfWork


def unknown_service(uow: UnitOfWork, code: str) -> str:
    """'No service CODE' with the valid codes."""
    codes = ", ".join(s.code for s in uow.reference.list_services())
    return f"Không có dịch vụ mã '{code[:20]}'. Các mã hợp lệ: {codes or '(chưa có)'}."


def unknown_priority(uow: UnitOfWork, code: str) -> str:
    """'No priority category CODE' with the valid codes."""
    codes = ", ".join(p.code for p in uow.reference.list_priorities())
    return f"Không có đối tượng ưu tiên mã '{code[:20]}'. Các mã hợp lệ: {codes or '(chưa có)'}."
