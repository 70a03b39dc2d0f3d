"""QR code images (qrcode + Pillow) for tickets and receipts."""

from __future__ import annotations

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M


def qr_image(payload: str, *, box_size: int = 6, border: int = 2) -> Image.Image:
    """Return a black-on-white 1-bit QR code image of ``payload`` (error correction level M)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(payload)
    qr.make(fit=True)
    img: Image.Image = qr.make_image(fill_color="black", back_color="white").get_image()
    return img.convert("1")
