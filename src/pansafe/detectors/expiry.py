"""Expiry dates: after an expiry context word, or right after a PAN.

Cardholder data that may be kept, so reported but not removed by default.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe.detectors.base import Context, value_after_word
from pansafe.detectors.cvv import VALUE_END
from pansafe.findings import Finding, Kind

__all__ = ["ExpiryDetector"]

_MONTH_YEAR = rb"(?:0?[1-9]|1[0-2]) ?[/\-.] ?(?:20\d\d|\d\d)"
# After a context word a bare MMYY ("exp 1227") is also an expiry.
_AFTER_WORD = regex.compile(rb"(?:" + _MONTH_YEAR + rb"|(?:0[1-9]|1[0-2])\d\d)" + VALUE_END)
_AFTER_PAN = regex.compile(_MONTH_YEAR + VALUE_END)
# What may stand between a PAN and its expiry: "4111 ... 1111 12/27", "…, exp 12/27".
_PAN_GAP = regex.compile(rb"[^\d\r\n]{1,20}")


class ExpiryDetector:
    name = "expiry"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        seen: set[int] = set()
        for i, word in enumerate(ctx.words):
            if word.kind != "expiry":
                continue
            m = value_after_word(ctx, i, _AFTER_WORD)
            if m is not None and m.start() not in seen:
                seen.add(m.start())
                yield self._finding(m, 0.9)
        for pan in ctx.found:
            if pan.kind is not Kind.PAN:
                continue
            gap = _PAN_GAP.match(ctx.buf, pan.end)
            if gap is None:
                continue
            m = _AFTER_PAN.match(ctx.buf, gap.end())
            if m is not None and m.start() not in seen:
                seen.add(m.start())
                yield self._finding(m, 0.8)

    @staticmethod
    def _finding(m: regex.Match[bytes], confidence: float) -> Finding:
        return Finding(Kind.EXPIRY, m.start(), m.end(), masked=m.group().decode(),
                       confidence=confidence)
