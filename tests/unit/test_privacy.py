"""Masking of names, ID numbers and phones for public display."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.privacy import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "Ng***n V** A"),  # the reference example of vn-one-stop-rules §8
        # Trần (4) keeps 2: T + n; Thị (3) keeps 1; Hoa is the given name → initial only.
        ("Trần Thị Hoa", "T**n T** H"),
        ("Lê An", "L* A"),  # Lê (2) keeps 1
        ("Huỳnh Ngọc Phương Anh", "H***h N**c Ph***g A"),  # Phương (6) → Ph***g like Nguyễn
        ("Nguyễn", "Ng***n"),  # one word: word rule, not initial only
        ("An", "A*"),
        ("Y", "Y"),
        ("Nguyễn-Trần Minh Thư", "Ng***n-T**n M**h T"),  # hyphenated parts masked separately
        ("  lê   thị  hoa ", "l* t** h"),
        ("H'Hen Niê", "H***n N"),
        ("Công ty TNHH ABC", "C**g t* T**H A"),  # organisations: same rule
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_name_accepts_decomposed_input() -> None:
    assert mask_name(unicodedata.normalize("NFD", "Nguyễn Văn An")) == "Ng***n V** A"


def test_mask_id_number() -> None:
    assert mask_id_number("001090012345") == "*********345"
    assert mask_id_number("001 090 012 345") == "*********345"
    assert mask_id_number("123456789") == "******789"
    assert mask_id_number("C1234567") == "*****567"
    assert mask_id_number("1234") == "****"
    assert mask_id_number("") == ""


def test_mask_phone() -> None:
    assert mask_phone("+84912345678") == "091****678"
    assert mask_phone("0912 345 678") == "091****678"
    assert mask_phone("+842438123456") == "024*****456"
    assert mask_phone("12345") == "*****"
    assert mask_phone("") == ""


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_mask_name_never_reveals_more_than_half(name: str) -> None:
    masked = mask_name(name)
    words = [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFC", name).strip()) if w]
    masked_words = [w for w in re.split(r"[ \-]+", masked) if w]
    assert len(masked_words) == len(words)
    for i, (word, out) in enumerate(zip(words, masked_words, strict=True)):
        last_of_several = i == len(words) - 1 and len(words) > 1
        if last_of_several:
            assert out == word[:1]
        else:
            assert len(out) == len(word)
            visible = sum(1 for a, b in zip(word, out, strict=True) if a == b and b != "*")
            assert visible <= max(1, len(word) // 2) or set(word) & {"*"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_masks_of_numbers_hide_the_middle(text: str) -> None:
    masked_id = mask_id_number(text)
    assert masked_id.count("*") >= len(masked_id) - 3
    masked_phone = mask_phone(text)
    assert masked_phone.count("*") >= len(masked_phone) - 6
