"""PINs (4-12 digits) and PIN blocks (16 hex digits) after a context word."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe.detectors.base import Context, value_after_word
from pansafe.detectors.cvv import VALUE_END
from pansafe.findings import Finding, Kind
from pansafe.masking import star

__all__ = ["PinDetector"]

_PIN = regex.compile(rb"(?:[0-9A-Fa-f]{16}|\d{4,12})" + VALUE_END)
# A PIN block may start with a hex letter ("PINBLOCK=F91957BA66FB2E9A").
_PIN_START = regex.compile(
    rb"\d|(?<![0-9A-Za-z_])(?=[0-9A-Fa-f]{16}(?![0-9A-Za-z_]))(?=[A-Fa-f]*\d)"
)


class PinDetector:
    name = "pin"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for i, word in enumerate(ctx.words):
            if word.kind != "pin":
                continue
            m = value_after_word(ctx, i, _PIN, start=_PIN_START)
            if m is not None:
                yield Finding(
                    Kind.PIN, m.start(), m.end(), masked=star(m.group().decode()), confidence=0.9
                )
