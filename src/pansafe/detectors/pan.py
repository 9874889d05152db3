"""Primary account numbers: confirm backend candidates by brand and context."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe import iin
from pansafe._backend import PAN
from pansafe.detectors.base import BrandedPan, Context, text_of
from pansafe.findings import Finding, Kind, new_finding
from pansafe.masking import mask_pan, pan_digits
from pansafe.testcards import TEST_CARDS

__all__ = ["PanDetector", "branded_pans"]

#: A ``not_pan`` word (IMEI, serial, phone, order) this close before a number
#: says what the number is: "IMEI: 356938035643809", "Tel. 4111...".
NOT_PAN_GAP = 16
# ... but only when nothing but punctuation and a "number" word stands between:
# in JSON '"svc":"orders","number":"3622 720627 1667"' the word is another field's.
_NOT_PAN_LINK = regex.compile(
    rb"""[\s:#=.'"(/]*(?:(?:no|nr|num|number|nummer|numero|id)(?![A-Za-z])[\s:#=.'"(/]*)?\Z""",
    regex.IGNORECASE,
)
#: A card word this close before a number raises confidence.
PAN_WORD_GAP = 32


def branded_pans(buf: bytes, candidates: list[tuple[int, int, int]]) -> list[BrandedPan]:
    """The PAN candidates in a known brand's IIN range, in order, with their text,
    digits and brand: looked up once, for the context words and for :class:`PanDetector`."""
    out: list[BrandedPan] = []
    for kind, start, end in candidates:
        if kind != PAN:
            continue
        text = text_of(buf, start, end)
        digits = pan_digits(text)
        brand = iin.lookup(digits)
        if brand is not None:
            out.append((start, end, text, digits, brand))
    return out


class PanDetector:
    """A Luhn-valid, card-shaped number (from the backend) in a known brand's IIN range."""

    name = "pan"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for start, end, text, digits, brand in ctx.pans:
            word = ctx.word_before(start, PAN_WORD_GAP)
            if (
                word is not None
                and word.kind == "not_pan"
                and start - word.end <= NOT_PAN_GAP
                and _NOT_PAN_LINK.match(ctx.buf, word.end, start) is not None
            ):
                continue
            confidence = 0.99 if word is not None and word.kind == "pan" else 0.9
            yield new_finding(
                Kind.PAN, start, end, mask_pan(text), brand, digits in TEST_CARDS, confidence
            )
