"""PINs (4-12 digits) and PIN blocks (16 hex digits) after a context word."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe.detectors.base import Context, value_after_word
from pansafe.detectors.cvv import VALUE_END
from pansafe.findings import Finding, Kind
from pansafe.masking import star

__all__ = ["PinDetector"]

_PIN = regex.compile(rb"(?:[0-9][0-9A-Fa-f]{15}|\d{4,12})" + VALUE_END)


class PinDetector:
    name = "pin"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for i, word in enumerate(ctx.words):
            if word.kind != "pin":
                continue
            m = value_after_word(ctx, i, _PIN)
            if m is not None:
                yield Finding(Kind.PIN, m.start(), m.end(), masked=star(m.group().decode()),
                              confidence=0.9)
