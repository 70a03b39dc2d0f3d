"""What a dossier search box means: a dossier code, an ID number or a name without diacritics.

Names are searched through folded *suffix tokens*: "Nguyễn Văn An" is stored as
"nguyen van an", "van an" and "an", so typing consecutive words of the name (the last one possibly
unfinished: "van a", "nguyen van") is a single prefix range over an index, fast at a million
dossiers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from counter_app.domain.text import fold

TOKEN_LENGTH = 64
MAX_TOKENS = 12
_CODE_RE = re.compile(r"^[A-Z0-9.]{0,34}\d[A-Z0-9.]{0,34}(-\d{0,6}(-\d{0,11})?)?$")
_DATE_SEQ_RE = re.compile(r"^\d{6}-\d{1,11}$")
_ID_RE = re.compile(r"^(\d{9}|\d{12}|\d{10}(-\d{3})?|[A-Z]\d{7,8})$")
_WORD_CHARS = re.compile(r"[^\w\s]")


class QueryKind(enum.StrEnum):
    """How a search text is read."""

    CODE = "code"  # a whole dossier code or its beginning
    ID_NUMBER = "id_number"  # personal ID, legacy ID, passport or tax code
    NAME = "name"  # words of the applicant's name, without diacritics
    EMPTY = "empty"


@dataclass(frozen=True)
class DossierQuery:
    """A search text read as one kind, with the normalised value to look for."""

    kind: QueryKind
    value: str


def fold_name(name: str) -> str:
    """Return a name folded for search: no diacritics, lower case, punctuation as spaces."""
    return " ".join(_WORD_CHARS.sub(" ", fold(name)).split())


def name_tokens(name: str) -> list[str]:
    """Return the folded suffixes of ``name`` (whole name first), each cut to 64 characters.

    >>> name_tokens("Nguyễn Văn An")
    ['nguyen van an', 'van an', 'an']
    """
    words = fold_name(name).split()
    tokens: list[str] = []
    for i in range(min(len(words), MAX_TOKENS)):
        token = " ".join(words[i:])[:TOKEN_LENGTH].rstrip()
        if token and token not in tokens:
            tokens.append(token)
    return tokens


def prefix_upper_bound(prefix: str) -> str:
    """Return the smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def classify_query(text: str, agency_code: str = "") -> DossierQuery:
    """Read a search text: an ID number (checked first: a tax code looks like a code's start),
    a code or its beginning (``YYMMDD-NNNN`` gets ``agency_code`` in front), else a name."""
    compact = re.sub(r"\s", "", text).upper()
    if not compact:
        return DossierQuery(QueryKind.EMPTY, "")
    if _DATE_SEQ_RE.match(compact) and agency_code:
        return DossierQuery(QueryKind.CODE, f"{agency_code}-{compact}")
    if _ID_RE.match(compact):
        return DossierQuery(QueryKind.ID_NUMBER, compact)
    if _CODE_RE.match(compact):
        return DossierQuery(QueryKind.CODE, compact)
    folded = fold_name(text)[:TOKEN_LENGTH]
    return DossierQuery(QueryKind.NAME, folded) if folded else DossierQuery(QueryKind.EMPTY, "")
