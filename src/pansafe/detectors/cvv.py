"""Card verification codes (CVV2, CVC2, CID, ...): three or four digits after a context word.

A bare three-digit number is everywhere, so without a context word nothing is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe.detectors.base import Context, value_after_word
from pansafe.findings import Finding, Kind
from pansafe.masking import star

__all__ = ["VALUE_END", "CvvDetector"]

#: A value ends cleanly: not inside a word, an amount ("123.50"), a time ("12:30")
#: or a date ("12/27").
VALUE_END = rb"(?![A-Za-z0-9_]|[.,:/\-]\d)"
_CVV = regex.compile(rb"\d{3,4}" + VALUE_END)


class CvvDetector:
    name = "cvv"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for i, word in enumerate(ctx.words):
            if word.kind != "cvv":
                continue
            m = value_after_word(ctx, i, _CVV)
            if m is not None:
                yield Finding(
                    Kind.CVV, m.start(), m.end(), masked=star(m.group().decode()), confidence=0.9
                )
