"""Reading untrusted lookup input: what a USB scanner typed from a receipt's QR, or what a
citizen typed on the kiosk keypad.

Accepted: the lookup URL printed in the receipt's QR code (the configured template, e.g.
``https://…/tra-cuu?ma={code}&k={token}``), or ``CODE TOKEN`` separated by spaces, a tab, a comma
or a semicolon. Anything else — empty, over-long, control characters, another site's URL, a
``javascript:``/``data:`` payload, a repeated parameter, the QR of a chip ID card, a malformed code
or token — raises :class:`ScanInputError` with a plain Vietnamese message and a short ``reason``
code for the lookup log. Nothing here raises any other exception, whatever the input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from counter_app.domain.dossier_code import (
    TOKEN_ALPHABET,
    DossierCodeError,
    normalise_token,
    parse_dossier_code,
)
from counter_app.domain.errors import DomainError

MAX_INPUT = 512
MIN_TOKEN, MAX_TOKEN = 4, 16
_SEPARATOR = re.compile(r"[\s,;]+")
_URL_START = re.compile(r"^[a-z][a-z0-9+.-]{0,15}:", re.IGNORECASE)
_ASK_RECEIPT = "Vui lòng quét mã QR trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."


class ScanInputError(DomainError):
    """Lookup input that cannot be read; ``reason`` is a short code for the lookup log."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class LookupRequest:
    """A well-formed lookup: the dossier code (upper case) and the token (normalised)."""

    code: str
    token: str
    scanned: bool  # True when it came from the QR URL


@dataclass(frozen=True)
class _Template:
    scheme: str
    host: str
    path: re.Pattern[str]
    code_param: str | None
    token_param: str | None


def _template(template: str) -> _Template | None:
    """Split the configured lookup URL template into what a scanned URL must match."""
    try:
        parts = urlsplit(template.replace("{code}", "CODEX").replace("{token}", "TOKENX"))
    except ValueError:
        return None
    path = re.escape(parts.path).replace("CODEX", "(?P<code>[^/]+)").replace(
        "TOKENX", "(?P<token>[^/]+)")
    query = parse_qs(parts.query, keep_blank_values=True)
    code_param = next((k for k, v in query.items() if v == ["CODEX"]), None)
    token_param = next((k for k, v in query.items() if v == ["TOKENX"]), None)
    return _Template(parts.scheme.lower(), (parts.hostname or "").lower(),
                     re.compile(f"^{path}/?$"), code_param, token_param)


def _clean(raw: object) -> str:
    """Return the input NFKC-normalised and stripped, refusing what no receipt produces."""
    if not isinstance(raw, str):
        raise ScanInputError("Không đọc được dữ liệu. " + _ASK_RECEIPT, "not_text")
    if len(raw) > MAX_INPUT:
        raise ScanInputError("Dữ liệu quét quá dài, không phải mã trên giấy hẹn. " + _ASK_RECEIPT,
                             "too_long")
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise ScanInputError("Chưa có dữ liệu. Hãy quét mã QR hoặc nhập mã hồ sơ và mã tra cứu.",
                             "empty")
    if len(text) > MAX_INPUT:
        raise ScanInputError("Dữ liệu quét quá dài. " + _ASK_RECEIPT, "too_long")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\t\r\n"
           for ch in text):
        raise ScanInputError("Dữ liệu chứa ký tự không hợp lệ. " + _ASK_RECEIPT, "control")
    return text


def _code(text: str) -> str:
    try:
        parts = parse_dossier_code(text)
    except DossierCodeError:
        raise ScanInputError(
            "Mã hồ sơ không đúng. Mã hồ sơ có dạng H01.151.01-260715-0007 (in trên giấy hẹn).",
            "bad_code") from None
    del parts
    return text.strip().upper()


def _token(text: str) -> str:
    token = normalise_token(text)
    if not MIN_TOKEN <= len(token) <= MAX_TOKEN or any(ch not in TOKEN_ALPHABET for ch in token):
        raise ScanInputError(
            "Mã tra cứu không đúng dạng: gồm 4–16 chữ cái và chữ số in trên giấy hẹn, "
            "cạnh mã QR.", "bad_token")
    return token


def _from_url(text: str, template: _Template | None) -> LookupRequest:
    foreign = ScanInputError("Mã QR này không phải mã tra cứu hồ sơ của Trung tâm. " + _ASK_RECEIPT,
                             "foreign")
    if template is None:
        raise foreign
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise foreign from None
    if parts.scheme.lower() != template.scheme or host != template.host or parts.username:
        raise foreign
    path_match = template.path.match(unquote(parts.path))
    if path_match is None:
        raise foreign
    query = parse_qs(parts.query, keep_blank_values=True)
    if any(len(v) > 1 for v in query.values()):
        raise ScanInputError("Mã QR không hợp lệ (tham số lặp lại). " + _ASK_RECEIPT, "crafted")

    def pick(param: str | None, group: str) -> str:
        if param is not None:
            return query.get(param, [""])[0]
        return path_match.groupdict().get(group) or ""

    code, token = pick(template.code_param, "code"), pick(template.token_param, "token")
    if not code:
        raise ScanInputError("Mã QR thiếu mã hồ sơ. " + _ASK_RECEIPT, "bad_url")
    if not token:
        raise ScanInputError("Mã QR thiếu mã tra cứu. Vui lòng nhập mã tra cứu in trên giấy hẹn.",
                             "missing_token")
    return LookupRequest(_code(code), _token(token), scanned=True)


def parse_lookup_input(raw: object, url_template: str) -> LookupRequest:
    """Read a scanned or typed lookup; raise :class:`ScanInputError` for anything else.

    ``url_template`` is the installation's lookup URL template (``Settings.lookup_url_template``):
    only URLs on its host and path are accepted.
    """
    try:
        text = _clean(raw)
        if "|" in text:
            raise ScanInputError(
                "Đây là mã QR trên thẻ căn cước. " + _ASK_RECEIPT, "chip_card")
        if _URL_START.match(text):
            if not text.lower().startswith(("http://", "https://")):
                raise ScanInputError("Mã QR không hợp lệ. " + _ASK_RECEIPT, "crafted")
            if any(ch.isspace() for ch in text):
                raise ScanInputError("Mã QR không hợp lệ. " + _ASK_RECEIPT, "bad_url")
            return _from_url(text, _template(url_template))
        words = [w for w in _SEPARATOR.split(text) if w]
        if len(words) == 1:
            _code(words[0])
            raise ScanInputError("Vui lòng nhập cả mã tra cứu in trên giấy hẹn (cạnh mã QR).",
                                 "missing_token")
        if len(words) != 2:
            raise ScanInputError(
                "Nhập mã hồ sơ, một khoảng trắng, rồi mã tra cứu (ví dụ: "
                "H01.151.01-260715-0007 7Q4MK2PX).", "bad_format")
        return LookupRequest(_code(words[0]), _token(words[1]), scanned=False)
    except ScanInputError:
        raise
    except Exception:  # a parser surprise must never reach the kiosk as a crash
        raise ScanInputError("Không đọc được dữ liệu. " + _ASK_RECEIPT, "unreadable") from None


def code_from_scan(raw: object, url_template: str) -> str:
    """Return the dossier code an officer scanned (the receipt's QR URL) or typed (the code alone,
    or code and token); raise :class:`ScanInputError` otherwise. The token is not needed at the
    counter: the officer sees the person and the receipt."""
    try:
        text = _clean(raw)
        if _URL_START.match(text) or "|" in text:
            return parse_lookup_input(text, url_template).code
        words = [w for w in _SEPARATOR.split(text) if w]
        if len(words) > 2:
            raise ScanInputError("Nhập hoặc quét một mã hồ sơ, ví dụ H01.151.01-260715-0007.",
                                 "bad_format")
        return _code(words[0])
    except ScanInputError:
        raise
    except Exception:  # pragma: no cover - defensive, as parse_lookup_input
        raise ScanInputError("Không đọc được dữ liệu. " + _ASK_RECEIPT, "unreadable") from None
