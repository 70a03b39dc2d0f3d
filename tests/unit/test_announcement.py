"""The spoken call as clip names, Vietnamese number words and the serial announcement queue."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.announcement import (
    ALL_CLIPS,
    CLIP_TEXTS,
    Announcement,
    AnnouncementQueue,
    announcement_clips,
    announcement_text,
    number_clips,
    ticket_clips,
)


def words(number: int) -> str:
    return " ".join(CLIP_TEXTS[c] for c in number_clips(number))


def test_a012_at_counter_3() -> None:
    assert announcement_clips("A012", 3) == [
        "chime", "moi_cong_dan", "letter_a", "digit_0", "digit_1", "digit_2",
        "den_quay_so", "number_3",
    ]  # fmt: skip
    assert announcement_text("A012", 3) == (
        "Mời công dân có số thứ tự A không một hai đến quầy số ba"
    )


def test_b105_at_counter_15() -> None:
    assert announcement_clips("B105", 15) == [
        "chime", "moi_cong_dan", "letter_b", "digit_1", "digit_0", "digit_5",
        "den_quay_so", "number_10", "word_lam",
    ]  # fmt: skip
    assert announcement_text("B105", 15).endswith("B một không năm đến quầy số mười lăm")


@pytest.mark.parametrize(
    ("counter", "clips", "spoken"),
    [
        (1, ["number_1"], "một"),
        (3, ["number_3"], "ba"),
        (10, ["number_10"], "mười"),
        (15, ["number_10", "word_lam"], "mười lăm"),
        (21, ["number_2", "word_muoi", "word_mot"], "hai mươi mốt"),
        (24, ["number_2", "word_muoi", "word_tu"], "hai mươi tư"),
    ],
)
def test_counter_numbers(counter: int, clips: list[str], spoken: str) -> None:
    assert number_clips(counter) == clips
    assert words(counter) == spoken
    assert announcement_clips("A012", counter)[-len(clips) :] == clips


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (11, "mười một"),  # "mốt" only after "mươi"
        (14, "mười bốn"),  # "tư" only after "mươi"
        (20, "hai mươi"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
        (44, "bốn mươi tư"),
        (50, "năm mươi"),
        (55, "năm mươi lăm"),
        (99, "chín mươi chín"),
    ],
)
def test_vietnamese_number_rules(number: int, spoken: str) -> None:
    assert words(number) == spoken


@given(st.integers(min_value=1, max_value=99))
def test_every_counter_number_uses_known_clips_and_reads_its_tens(number: int) -> None:
    clips = number_clips(number)
    assert set(clips) <= set(CLIP_TEXTS)
    tens, unit = divmod(number, 10)
    if tens >= 2:
        assert clips[:2] == [f"number_{tens}", "word_muoi"]
    elif tens == 1:
        assert clips[0] == "number_10"
    expected = 1 if tens == 0 else (1 if tens == 1 else 2) + (unit != 0)
    assert len(clips) == expected


@pytest.mark.parametrize("bad", [0, 100, -3])
def test_counter_number_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        announcement_clips("A012", bad)


def test_ticket_read_glyph_by_glyph_with_leading_zeros_and_long_prefix() -> None:
    assert ticket_clips("a007") == ["letter_a", "digit_0", "digit_0", "digit_7"]
    assert ticket_clips("UT-120") == ["letter_u", "letter_t", "digit_1", "digit_2", "digit_0"]


@pytest.mark.parametrize("bad", ["", "Đ012", "A01²", "--"])
def test_unannounceable_ticket_numbers(bad: str) -> None:
    with pytest.raises(ValueError):
        ticket_clips(bad)


def test_every_clip_has_a_unique_file_name_and_text() -> None:
    assert len(ALL_CLIPS) == len(set(ALL_CLIPS))
    assert ALL_CLIPS[0] == "chime"
    assert all(name.isascii() and name.replace("_", "").isalnum() for name in ALL_CLIPS)
    assert all(CLIP_TEXTS[name] for name in ALL_CLIPS[1:])
    assert len([n for n in ALL_CLIPS if n.startswith("letter_")]) == 26


# --- serial queue -------------------------------------------------------------------------------

A = Announcement("A012", 3)
B = Announcement("B105", 15)
C = Announcement("A013", 21)


def test_queue_plays_in_arrival_order() -> None:
    q = AnnouncementQueue()
    for a in (A, B, C):
        q.enqueue(a)
    played = []
    while (item := q.next()) is not None:
        played.append(item)
        q.done()
    assert played == [A, B, C]
    assert len(q) == 0


def test_new_call_never_cuts_off_the_one_being_spoken() -> None:
    q = AnnouncementQueue()
    q.enqueue(A)
    assert q.next() == A
    q.enqueue(B)  # arrives mid-sentence
    assert q.next() is None  # still speaking A
    assert q.current == A
    assert q.pending == (B,)
    assert len(q) == 2
    q.done()
    assert q.next() == B


def test_recall_is_enqueued_again_not_deduplicated() -> None:
    q = AnnouncementQueue()
    q.enqueue(A)
    assert q.next() == A
    q.enqueue(A)  # officer presses "recall" while A is still spoken
    q.enqueue(A)
    q.done()
    assert q.next() == A
    q.done()
    assert q.next() == A
    q.done()
    assert q.next() is None


def test_done_without_a_call_is_an_error_and_empty_queue_gives_none() -> None:
    q = AnnouncementQueue()
    assert q.next() is None
    with pytest.raises(RuntimeError):
        q.done()


def test_announcement_validates_and_exposes_clips_and_text() -> None:
    assert A.clips == announcement_clips("A012", 3)
    assert A.text == "Mời công dân có số thứ tự A không một hai đến quầy số ba"
    with pytest.raises(ValueError):
        Announcement("A012", 0)
