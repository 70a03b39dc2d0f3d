"""The spoken call "Mời công dân có số thứ tự … đến quầy số …" as a list of recorded clips.

How the ticket is read
    The ticket number is read **glyph by glyph**: "A012" → "A không một hai". In a noisy hall a
    number read as a number is easy to mishear ("A mười hai" vs "A một hai", "mười lăm" vs
    "năm mươi"); one short syllable per printed character matches exactly what the citizen holds
    in their hand, keeps the leading zeros the ticket shows, and needs only ten digit clips.
    The counter number is short and well known, so it is read as a number with the Vietnamese
    rules: 10 "mười", 15 "mười lăm", 20 "hai mươi", 21 "hai mươi mốt", 24 "hai mươi tư",
    25 "hai mươi lăm" — each word is its own clip.

Clips are pre-generated (or recorded by the centre) once; calls never depend on an online TTS.
:class:`AnnouncementQueue` plays calls one after another so a new call never cuts off the one
being spoken.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

CHIME = "chime"
INTRO = "moi_cong_dan"
TO_COUNTER = "den_quay_so"

_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

LETTER_NAMES: dict[str, str] = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "di", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}  # fmt: skip

# Variant words of numbers spoken after a tens word ("hai mươi mốt", "hai mươi tư", "mười lăm").
WORD_MUOI = "word_muoi"  # mươi (tens, 20–90)
WORD_MOT = "word_mot"  # mốt (unit 1 after 20–90)
WORD_TU = "word_tu"  # tư (unit 4 after 20–90)
WORD_LAM = "word_lam"  # lăm (unit 5 after 10–90)

CLIP_TEXTS: dict[str, str] = {
    INTRO: "Mời công dân có số thứ tự",
    TO_COUNTER: "đến quầy số",
    **{f"letter_{c.lower()}": name for c, name in LETTER_NAMES.items()},
    **{f"digit_{d}": word for d, word in enumerate(_DIGIT_WORDS)},
    **{f"number_{n}": word for n, word in enumerate(_DIGIT_WORDS[1:], start=1)},
    "number_10": "mười",
    WORD_MUOI: "mươi",
    WORD_MOT: "mốt",
    WORD_TU: "tư",
    WORD_LAM: "lăm",
}
"""Spoken text of every clip except the chime, by clip name (the WAV file's stem)."""

ALL_CLIPS: tuple[str, ...] = (CHIME, *CLIP_TEXTS)


def number_clips(number: int) -> list[str]:
    """Return the word clips reading ``number`` (1–99) as a Vietnamese number.

    >>> number_clips(21)
    ['number_2', 'word_muoi', 'word_mot']
    """
    if not 1 <= number <= 99:
        raise ValueError(f"counter number must be 1–99, got {number}")
    tens, unit = divmod(number, 10)
    if tens == 0:
        return [f"number_{unit}"]
    words = ["number_10"] if tens == 1 else [f"number_{tens}", WORD_MUOI]
    if unit == 0:
        return words
    if unit == 5:
        return [*words, WORD_LAM]
    if tens >= 2 and unit == 1:
        return [*words, WORD_MOT]
    if tens >= 2 and unit == 4:
        return [*words, WORD_TU]
    return [*words, f"number_{unit}"]


def ticket_clips(display_number: str) -> list[str]:
    """Return the clips reading a ticket number glyph by glyph ("A012" → a, 0, 1, 2).

    Separators such as "-" or spaces are skipped; other characters raise ValueError.
    """
    clips: list[str] = []
    for ch in display_number.upper():
        if ch in LETTER_NAMES:
            clips.append(f"letter_{ch.lower()}")
        elif ch in "0123456789":
            clips.append(f"digit_{ch}")
        elif ch in " -._/":
            continue
        else:
            raise ValueError(f"cannot announce character {ch!r} of {display_number!r}")
    if not clips:
        raise ValueError("empty ticket number")
    return clips


def announcement_clips(display_number: str, counter_number: int) -> list[str]:
    """Return the clip names of the whole call, chime first.

    >>> announcement_clips("A01", 3)
    ['chime', 'moi_cong_dan', 'letter_a', 'digit_0', 'digit_1', 'den_quay_so', 'number_3']
    """
    return [
        CHIME,
        INTRO,
        *ticket_clips(display_number),
        TO_COUNTER,
        *number_clips(counter_number),
    ]


def announcement_text(display_number: str, counter_number: int) -> str:
    """Return the sentence as subtitles show it, letters as printed.

    >>> announcement_text("A012", 3)
    'Mời công dân có số thứ tự A không một hai đến quầy số ba'
    """
    words = [
        clip.removeprefix("letter_").upper() if clip.startswith("letter_") else CLIP_TEXTS[clip]
        for clip in announcement_clips(display_number, counter_number)
        if clip != CHIME
    ]
    return " ".join(words)


@dataclass(frozen=True)
class Announcement:
    """One call to announce: a ticket and the counter it is called to."""

    display_number: str
    counter_number: int

    def __post_init__(self) -> None:
        announcement_clips(self.display_number, self.counter_number)  # validate early

    @property
    def clips(self) -> list[str]:
        """Clip names of this call."""
        return announcement_clips(self.display_number, self.counter_number)

    @property
    def text(self) -> str:
        """The sentence spoken."""
        return announcement_text(self.display_number, self.counter_number)


class AnnouncementQueue:
    """Serial FIFO of calls: one is spoken at a time and is never cut off by a newer call.

    The player asks :meth:`next` when idle, plays what it gets and reports :meth:`done`.
    Nothing is deduplicated: a recall of a ticket is announced again, even while queued.
    """

    def __init__(self) -> None:
        self._pending: deque[Announcement] = deque()
        self._current: Announcement | None = None

    def enqueue(self, announcement: Announcement) -> None:
        """Add a call at the end of the queue."""
        self._pending.append(announcement)

    def next(self) -> Announcement | None:
        """Start the oldest waiting call; None while one is being spoken or nothing waits."""
        if self._current is not None or not self._pending:
            return None
        self._current = self._pending.popleft()
        return self._current

    def done(self) -> None:
        """Mark the call being spoken as finished, letting :meth:`next` start the following one."""
        if self._current is None:
            raise RuntimeError("no announcement is being spoken")
        self._current = None

    @property
    def current(self) -> Announcement | None:
        """The call being spoken, if any."""
        return self._current

    @property
    def pending(self) -> tuple[Announcement, ...]:
        """Calls waiting their turn, oldest first."""
        return tuple(self._pending)

    def __len__(self) -> int:
        """Number of calls not yet finished (spoken now or waiting)."""
        return len(self._pending) + (self._current is not None)
