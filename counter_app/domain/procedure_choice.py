"""Which catalogue version a reception input means, forgiving how the officer typed it.

A procedure is named by its national code or its name, plus a variant (trường hợp) when the code
carries several. The officer need not type the variant of a procedure that has only one, and may
type any unique beginning of a variant without diacritics or the catalogue's trailing "…"
("can xac" finds "Cần xác minh"). Anything else gets one message listing the variants to choose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from counter_app.domain.catalogue import Procedure
from counter_app.domain.errors import ValidationError
from counter_app.domain.text import fold

_ELLIPSES = ("…", "...")


def variant_key(text: str) -> str:
    """Fold a variant for matching: no diacritics, no case, no trailing ellipsis or dots."""
    key = fold(text)
    for mark in _ELLIPSES:
        key = key.removesuffix(mark)
    return key.rstrip(" .,;:")


def _listing(candidates: Sequence[Procedure]) -> str:
    return "; ".join(p.variant or "(không có trường hợp)" for p in candidates)


def choose_variant(candidates: Sequence[Procedure], typed: str, label: str,
                   day: dt.date) -> Procedure:
    """Return the version of ``candidates`` (one procedure's variants) that ``typed`` names.

    ``label`` names the procedure in messages. Raises :class:`ValidationError` (key
    ``procedure`` or ``procedure.variant``) when none or several match.
    """
    if not candidates:
        raise ValidationError({"procedure": f"Không tìm thấy thủ tục '{label}' có hiệu lực vào"
                                            f" ngày {day:%d/%m/%Y}."})
    wanted = variant_key(typed)
    if not wanted:
        if len(candidates) == 1:
            return candidates[0]
        raise ValidationError({"procedure.variant": f"Thủ tục '{label}' có {len(candidates)}"
                                                    " trường hợp, hãy ghi rõ trường hợp (variant):"
                                                    f" {_listing(candidates)}."})
    exact = [p for p in candidates if variant_key(p.variant) == wanted]
    if len(exact) == 1:
        return exact[0]
    starting = [p for p in candidates if variant_key(p.variant).startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise ValidationError({"procedure.variant": f"Trường hợp '{typed}' của thủ tục '{label}'"
                                                    " khớp với nhiều trường hợp:"
                                                    f" {_listing(starting)}; hãy ghi dài hơn."})
    raise ValidationError({"procedure.variant": f"Thủ tục '{label}' không có trường hợp"
                                                f" '{typed}'; các trường hợp:"
                                                f" {_listing(candidates)}."})
