"""Vietnamese text normalisation and folding."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.text import fold, matches, nfc


def test_fold_examples() -> None:
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐẤT ĐAI") == "dat dai"
    assert fold("  Chứng   thực ") == "chung thuc"


def test_nfc_composes_and_collapses() -> None:
    assert nfc("Nguye\u0302\u0303n  Va\u0306n") == "Nguyễn Văn"


def test_matches_words_in_any_order() -> None:
    assert matches("khai sinh dang ky", "Đăng ký khai sinh")
    assert not matches("khai tu", "Đăng ký khai sinh")


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert unicodedata.is_normalized("NFC", nfc(text))
