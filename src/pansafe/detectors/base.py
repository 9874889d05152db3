"""What every detector gets and gives: one protocol, one shared context."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import regex

from pansafe.config import ScanConfig
from pansafe.detectors.keywords import ContextWord
from pansafe.findings import Finding, Kind, new_finding
from pansafe.masking import star

__all__ = [
    "VALUE_END",
    "BrandedPan",
    "Context",
    "Detector",
    "SecretAfterWord",
    "text_of",
    "value_after_word",
]

#: How far (bytes) a value may sit after its context word: "CVV2: 123",
#: "turvakood (kaardi tagaküljel) on 123".
VALUE_GAP = 32
# A gap between word and value may not cross a sentence end ("PIN changed. Room 1234"),
# except for an abbreviation dot right after the word ("exp. 12/27").
# A dot before a line break always ends one ("turvakoodi.\nHelistage +372 ...").
_SENTENCE_END = regex.compile(rb"[!?;]\s|(?<=.)\.\s|\.\r?\n", regex.DOTALL)
# The value may not be the tail of a token ("x1234", "XXXX-XXXX-6854") nor a phone
# number ("+372 5123 4567").
_TOKEN_BEFORE = regex.compile(rb"(?:(?:[A-Za-z]|[\xc3-\xd4][\x80-\xbf])[-./]?|\+)\Z")


#: A PAN candidate of a known brand: ``start, end, text, digits, brand``.
BrandedPan = tuple[int, int, str, str, str]


@dataclass(slots=True)
class Context:
    """One buffer being scanned, with what the backend and earlier detectors found."""

    buf: bytes
    candidates: list[tuple[int, int, int]]
    #: The PAN candidates of a known brand (``pan.branded_pans``), the only ones that
    #: can be PANs: found before the context words, which are needed only near them.
    pans: list[BrandedPan]
    words: list[ContextWord]
    config: ScanConfig
    found: list[Finding] = field(default_factory=list)
    _word_ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._word_ends = [w.end for w in self.words]

    def word_before(self, pos: int, max_gap: int) -> ContextWord | None:
        """The nearest context word ending at most ``max_gap`` digit-free bytes before ``pos``."""
        i = bisect.bisect_right(self._word_ends, pos) - 1
        if i < 0:
            return None
        word = self.words[i]
        gap = self.buf[word.end : pos]
        if len(gap) > max_gap or any(48 <= c <= 57 for c in gap):
            return None
        return word

    def next_word_start(self, index: int) -> int:
        """Where the word after ``words[index]`` starts: a value belongs to the nearest word."""
        return self.words[index + 1].start if index + 1 < len(self.words) else len(self.buf)


class Detector(Protocol):
    """Finds one or more kinds of card data in a :class:`Context`. No I/O, no state."""

    name: str

    def detect(self, ctx: Context) -> Iterable[Finding]: ...


def text_of(buf: bytes, start: int, end: int) -> str:
    """Bytes of a span as text, for masking; never fails on odd input."""
    return buf[start:end].decode("utf-8", "replace")


_DIGIT = regex.compile(rb"\d")

#: A value ends cleanly: not inside a word, an amount ("123.50"), a time ("12:30"),
#: a date ("12/27"), or a masked card number it begins ("5231 47** **** 6032").
VALUE_END = rb"(?![A-Za-z0-9_]|[.,:/\-]\d|[ \-](?:\d{1,4}[*X]{2}|[*X]{4}))"


def value_after_word(
    ctx: Context,
    index: int,
    value: regex.Pattern[bytes],
    *,
    start: regex.Pattern[bytes] | None = None,
    same_line: bool = False,
) -> regex.Match[bytes] | None:
    """The value right after context word ``words[index]``, if it has the right shape.

    The value starts at the first digit after the word (or where ``start`` first
    matches), at most :data:`VALUE_GAP` bytes on, on the same or the next line
    (``same_line`` for shapes too common to look further), before the next context
    word, not across a sentence end and not as the tail of a token; ``value`` must
    match there and is responsible for its own right edge.
    """
    word = ctx.words[index]
    limit = min(word.end + VALUE_GAP + 1, ctx.next_word_start(index), len(ctx.buf))
    first = (start or _DIGIT).search(ctx.buf, word.end, limit)
    if first is None:
        return None
    gap = ctx.buf[word.end : first.start()]
    if gap.count(b"\n") > (0 if same_line else 1):
        return None
    if _SENTENCE_END.search(gap) or _TOKEN_BEFORE.search(gap):
        return None
    return value.match(ctx.buf, first.start())


class SecretAfterWord:
    """Sensitive authentication data of one shape after a context word of its kind.

    Found only with a context word: bare three- to twelve-digit numbers are everywhere.
    """

    def __init__(
        self, kind: Kind, value: regex.Pattern[bytes], start: regex.Pattern[bytes] | None = None
    ) -> None:
        self.name = kind.value
        self.kind = kind
        self.value = value
        self.start = start

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for i, word in enumerate(ctx.words):
            if word.kind != self.name:
                continue
            m = value_after_word(ctx, i, self.value, start=self.start)
            if m is not None:
                masked = star(m.group().decode("ascii"))
                yield new_finding(self.kind, m.start(), m.end(), masked, None, False, 0.9)
