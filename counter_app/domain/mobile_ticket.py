"""The citizen's "vé điện tử" (mobile ticket): its secret token, its URL and its wording.

A ticket printed with a QR code carries ``Settings.ticket_url_template`` filled with the ticket's
id and a random per-ticket token; the web service shows the ticket's progress only to a request
presenting both. The token is drawn from the same unambiguous alphabet as the dossier lookup
token (:data:`counter_app.domain.dossier_code.TOKEN_ALPHABET`) and compared in constant time.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from counter_app.domain.dossier_code import new_lookup_token
from counter_app.domain.errors import DomainError
from counter_app.domain.queue import TicketStatus

TICKET_TOKEN_LENGTH = 10  # 50 bits; a ticket lives one day and lookups are throttled
TICKET_REFUSED = ("Không tìm thấy vé với mã đã quét. Vui lòng quét lại mã QR trên phiếu số thứ tự "
                  "hoặc hỏi quầy hướng dẫn.")

STATUS_TEXT_VI: dict[TicketStatus, str] = {
    TicketStatus.WAITING: "Đang chờ đến lượt",
    TicketStatus.CALLED: "Đã đến lượt của bạn",
    TicketStatus.SERVING: "Đang được phục vụ",
    TicketStatus.DONE: "Đã phục vụ xong. Cảm ơn quý khách",
    TicketStatus.NO_SHOW: "Số đã qua do vắng mặt. Vui lòng liên hệ quầy hướng dẫn",
    TicketStatus.TRANSFERRED: "Đã chuyển sang dịch vụ khác",
    TicketStatus.CANCELLED: "Số đã bị hủy",
}


def new_ticket_token() -> str:
    """Return a fresh random ticket token."""
    return new_lookup_token(TICKET_TOKEN_LENGTH)


def ticket_url(template: str, ticket_id: uuid.UUID, token: str) -> str:
    """Fill ``{id}`` (the ticket id in hex) and ``{token}`` in the mobile-ticket URL template."""
    if "{id}" not in template or "{token}" not in template:
        raise DomainError("Mẫu địa chỉ vé điện tử (ticket_url_template) phải chứa {id} và "
                              "{token}.")
    return template.replace("{id}", ticket_id.hex).replace("{token}", quote(token, safe=""))


def parse_ticket_id(text: str) -> uuid.UUID | None:
    """Return the ticket id written in a URL (hex or dashed), or None when it is not one."""
    if not 32 <= len(text) <= 36:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def call_text(counter_number: int | None) -> str:
    """Return the large line shown once the ticket is called: ``"Mời đến quầy số 3"``."""
    return f"Mời đến quầy số {counter_number}" if counter_number else "Mời đến quầy"
