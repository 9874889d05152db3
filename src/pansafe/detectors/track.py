"""Magnetic-stripe track 1 and track 2 data, and EMV track-2-equivalent data (tag 57).

All of it is sensitive authentication data: reported as one finding covering the
whole track, so redaction removes it whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pansafe import iin
from pansafe._backend import TRACK1, TRACK2
from pansafe.detectors.base import Context, text_of
from pansafe.findings import Finding, Kind, new_finding
from pansafe.masking import mask_track
from pansafe.testcards import TEST_CARDS

__all__ = ["TrackDetector", "pan_in_track"]

_PAN_IN_TRACK = regex.compile(rb"\d{12,19}")


def pan_in_track(buf: bytes, start: int, end: int) -> regex.Match[bytes] | None:
    """The PAN inside the track at ``buf[start:end]``: its first run of 12-19 digits."""
    return _PAN_IN_TRACK.search(buf, start, end)


class TrackDetector:
    """Track spans from the backend, labelled with the brand of the PAN they hold."""

    name = "track"

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for kind, start, end in ctx.candidates:
            if kind not in (TRACK1, TRACK2):
                continue
            pan = pan_in_track(ctx.buf, start, end)
            if pan is None:  # the backend only returns tracks that hold a PAN
                continue
            digits = pan.group().decode("ascii")
            text = text_of(ctx.buf, start, end)
            # The PAN is ASCII, so its offsets in the text equal those in the bytes
            # whenever the prefix is ASCII too, as track data always is.
            offset = len(text_of(ctx.buf, start, pan.start()))
            yield new_finding(
                Kind.TRACK1 if kind == TRACK1 else Kind.TRACK2,
                start,
                end,
                mask_track(text, offset, offset + len(digits)),
                iin.lookup(digits),
                digits in TEST_CARDS,
                0.99,
            )
