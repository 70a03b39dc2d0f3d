"""Masking of personal data for public pages, displays and exports (vn-one-stop-rules §6.2, §8).

Name rule, inferred from the reference example ``Nguyễn Văn An`` → ``Ng***n V** A``:

- the name is split into words at spaces and hyphens (hyphens are kept);
- a word of *n* characters keeps ``v = max(1, n // 2)`` of them: with ``v == 1`` only its first
  character, otherwise its first ``v − 1`` characters and its last one; every hidden character
  becomes one ``*`` (Nguyễn: n = 6, v = 3 → ``Ng***n``; Văn: n = 3, v = 1 → ``V**``;
  Trần → ``T**n``; Lê → ``L*``);
- the **last word of a name of two or more words** (the given name, the most identifying part)
  keeps only its initial and hides its length (An → ``A``);
- a one-word name follows the word rule (``Nguyễn`` → ``Ng***n``); organisation names are masked
  the same way, word by word, since household businesses carry their owner's name.

ID numbers keep their last 3 characters and phones their first 3 and last 3 digits. A page that
asks for "the last 4 digits of the ID or phone" as a second factor must therefore never show
these masks next to the question.
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.domain.text import nfc

_WORD_SPLIT = re.compile(r"([\s\-]+)")


def _mask_word(word: str) -> str:
    n = len(word)
    keep = max(1, n // 2)
    if keep == 1:
        return word[:1] + "*" * (n - 1)
    return word[: keep - 1] + "*" * (n - keep) + word[-1]


def mask_name(name: str) -> str:
    """Return ``name`` masked for public display, e.g. ``Nguyễn Văn An`` → ``Ng***n V** A``."""
    pieces = _WORD_SPLIT.split(nfc(name))
    word_positions = [i for i, piece in enumerate(pieces) if piece and i % 2 == 0]
    if not word_positions:
        return ""
    masked = list(pieces)
    for i in word_positions:
        masked[i] = _mask_word(pieces[i])
    if len(word_positions) > 1:
        last = word_positions[-1]
        masked[last] = pieces[last][:1]
    return "".join(" " if i % 2 and piece.strip() == "" else piece
                   for i, piece in enumerate(masked))


def mask_id_number(number: str) -> str:
    """Return an ID or passport number with all but its last 3 characters hidden.

    ``001090012345`` → ``*********345``; numbers of 4 characters or fewer are hidden entirely.
    """
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", number))
    if len(compact) <= 4:
        return "*" * len(compact)
    return "*" * (len(compact) - 3) + compact[-3:]


def mask_phone(phone: str) -> str:
    """Return a phone number in national digits with the middle hidden.

    ``+84912345678`` or ``0912 345 678`` → ``091****678``; short inputs are hidden entirely.
    """
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", phone) if ch.isdigit())
    if phone.strip().startswith("+84"):
        digits = "0" + digits[2:]
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 6) + digits[-3:]
