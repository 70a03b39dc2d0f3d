"""Vietnamese text helpers: NFC normalisation and diacritics-insensitive folding for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding whitespace stripped and inner runs collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Fold ``text`` for diacritics-insensitive search: lower case, no tone marks, đ → d.

    >>> fold("Đăng ký khai sinh")
    'dang ky khai sinh'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def matches(query: str, *haystacks: str) -> bool:
    """Return True when every folded word of ``query`` occurs in the folded ``haystacks``."""
    words = fold(query).split()
    blob = " ".join(fold(h) for h in haystacks)
    return all(w in blob for w in words)
