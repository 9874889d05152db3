"""The detectors, in the order they run, and the one function that runs them.

Detectors work on UTF-8 bytes with byte offsets; the scanner maps offsets back to
characters for ``str`` input.
"""

from __future__ import annotations

import bisect

import regex

from pansafe import _backend
from pansafe.config import ScanConfig
from pansafe.detectors.base import Context, Detector
from pansafe.detectors.cvv import CVV_DETECTOR
from pansafe.detectors.expiry import ExpiryDetector
from pansafe.detectors.keywords import find_context_words
from pansafe.detectors.pan import PanDetector
from pansafe.detectors.pin import PIN_DETECTOR
from pansafe.detectors.track import TrackDetector, pan_in_track
from pansafe.findings import Finding, Kind
from pansafe.masking import pan_digits

__all__ = ["DETECTORS", "Context", "Detector", "detect"]

#: Fixed order: expiry runs after pan because a date right after a PAN is an expiry.
DETECTORS: tuple[Detector, ...] = (
    TrackDetector(),
    PanDetector(),
    CVV_DETECTOR,
    PIN_DETECTOR,
    ExpiryDetector(),
)

#: When findings overlap, the higher rank wins: a track holds a PAN and an expiry;
#: a PAN beats a "CVV" that is really its first group.
_RANK = {Kind.TRACK1: 5, Kind.TRACK2: 5, Kind.PAN: 4, Kind.CVV: 3, Kind.PIN: 2, Kind.EXPIRY: 1}


_TWO_DIGITS = regex.compile(rb"\d\d")


def detect(buf: bytes, config: ScanConfig) -> list[Finding]:
    """All findings in ``buf`` (byte offsets), sorted, non-overlapping, filtered by ``config``."""
    # Every kind needs two digits in a row (an expiry "12/27"); much text has none.
    if _TWO_DIGITS.search(buf) is None:
        return []
    candidates = _backend.find_candidates(buf)
    words = find_context_words(buf, config.languages)
    if not candidates and not any(w.kind in ("cvv", "pin", "expiry") for w in words):
        return []
    ctx = Context(buf, candidates, words, config)
    for detector in DETECTORS:
        ctx.found.extend(detector.detect(ctx))
    return _select(_resolve_overlaps(ctx.found), config, buf)


def _resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the higher-ranked of overlapping findings (then the earlier, then the longer)."""
    kept: list[Finding] = []  # sorted by start, never overlapping
    starts: list[int] = []
    for f in sorted(findings, key=lambda f: (-_RANK[f.kind], f.start, -f.end)):
        i = bisect.bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        kept.insert(i, f)
        starts.insert(i, f.start)
    return kept


def _select(findings: list[Finding], config: ScanConfig, buf: bytes) -> list[Finding]:
    out = []
    for f in findings:
        if f.kind not in config.kinds:
            continue
        if f.kind in (Kind.PAN, Kind.TRACK1, Kind.TRACK2):
            if config.test_cards == "ignore" and f.test_card:
                continue
            if config.brands is not None and f.brand not in config.brands:
                continue
            if config.allow and _digits_of_pan(buf, f) in config.allow:
                continue
        out.append(f)
    return out


def _digits_of_pan(buf: bytes, f: Finding) -> str:
    if f.kind is Kind.PAN:
        return pan_digits(buf[f.start : f.end].decode("latin-1"))
    pan = pan_in_track(buf, f.start, f.end)
    return pan.group().decode("ascii") if pan is not None else ""
