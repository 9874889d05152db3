"""Expiry dates: after an expiry context word, or right after a PAN.

Cardholder data that may be kept, so reported but not removed by default.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe.detectors.base import Context, value_after_word
from pansafe.findings import Finding, Kind, new_finding

__all__ = ["ExpiryDetector"]

# A date ends cleanly like any value, but a comma and digit may follow it: CSV
# columns ("07/2027,286.75").
_DATE_END = rb"(?![A-Za-z0-9_]|[.:/\-]\d)"
_MONTH_YEAR = rb"(?:0?[1-9]|1[0-2]) ?[/\-.] ?(?:20\d\d|\d\d)"
_AFTER_WORD = regex.compile(_MONTH_YEAR + _DATE_END)
# A bare MMYY ("exp 1227") only on the context word's own line: a CSV header "exp"
# is not the context of the next row's first number.
_MMYY = regex.compile(rb"(?:0[1-9]|1[0-2])\d\d" + _DATE_END)
# After a PAN only the unambiguous forms: "11.89" and "5.01" there are amounts.
_AFTER_PAN = regex.compile(rb"(?:0[1-9]|1[0-2]) ?[/\-] ?(?:20\d\d|\d\d)" + _DATE_END)
# What may stand between a PAN and its expiry: "4111 ... 1111 12/27", "…, exp 12/27".
_PAN_GAP = regex.compile(rb"[^\d\r\n]{1,20}")


class ExpiryDetector:
    name = "expiry"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        seen: set[int] = set()
        for i, word in enumerate(ctx.words):
            if word.kind != "expiry":
                continue
            m = value_after_word(ctx, i, _AFTER_WORD) or value_after_word(
                ctx, i, _MMYY, same_line=True
            )
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
        return new_finding(
            Kind.EXPIRY, m.start(), m.end(), m.group().decode(), None, False, confidence
        )
