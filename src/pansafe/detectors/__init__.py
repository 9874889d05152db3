"""The detectors, in the order they run, and the one function that runs them.

Detectors work on UTF-8 bytes with byte offsets; the scanner maps offsets back to
characters for ``str`` input.

The detect step has two twins with identical results: the detectors below in
Python (:func:`detect_python`), and one C call on the native backend
(``pansafe_detect``), which returns spans, kinds, brands and flags as integers,
and each finding's masked text; Python then builds a :class:`Finding` for each
and applies the scan options. ``tests/test_detect_native.py`` holds both to the
same findings.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pansafe import _backend, iin
from pansafe.config import ScanConfig
from pansafe.detectors.base import VALUE_GAP, Context, Detector
from pansafe.detectors.cvv import CVV_DETECTOR
from pansafe.detectors.expiry import ExpiryDetector
from pansafe.detectors.keywords import (
    CONTEXT_KINDS,
    WORD_REACH,
    find_context_words,
    native_table,
)
from pansafe.detectors.pan import PAN_WORD_GAP, PanDetector, branded_pans
from pansafe.detectors.pin import PIN_DETECTOR
from pansafe.detectors.track import TrackDetector, pan_in_track
from pansafe.findings import Finding, Kind, new_finding
from pansafe.masking import mask_pan, pan_digits
from pansafe.offsets import CharOffsets
from pansafe.testcards import TEST_CARDS

__all__ = [
    "DETECTORS",
    "Context",
    "Detector",
    "Fields",
    "detect",
    "detect_fields",
    "detect_fields_utf8",
    "detect_many",
    "detect_python",
]

T = TypeVar("T")

#: What a :class:`Finding` holds before it has a place in a stream (line, column):
#: ``kind, start, end, masked, brand, test_card, confidence``.
Fields = tuple[Kind, int, int, str, str | None, bool, float]

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
_ALL_KINDS = frozenset(Kind)


_TWO_DIGITS = re.compile(rb"\d\d")
#: Bytes below which :func:`detect_python` finds every context word rather than
#: those near values and PANs: the crossover measured on tickets, logs, CSV and
#: source files. Both give the same findings (``tests/test_fallback_shortcuts.py``).
WALK_ALL_BELOW = 1024


def detect(buf: bytes, config: ScanConfig, chars: bool = False) -> list[Finding]:
    """All findings in ``buf``, sorted, non-overlapping, filtered by ``config``.

    Offsets count bytes, or characters of the UTF-8 text ``buf`` with ``chars``.
    """
    if _backend.detector is None:
        found = detect_python(buf, config)
        if not chars or not found:
            return found
        to_char = CharOffsets(buf)
        return [_moved(f, to_char(f.start), to_char(f.end)) for f in found]
    languages, compiler, make, run = _last  # _native_detector's cache, inline: per call
    if not (
        languages is config.languages
        and make is _backend.detector
        and compiler is _backend.compile_keywords
    ):
        run = _native_detector(config)
    detected = run(buf, chars)
    if not detected[0]:
        return []
    return _findings(buf, detected, config, new_finding)


def detect_fields(buf: bytes, config: ScanConfig, *, chars: bool = False) -> list[Fields]:
    """:func:`detect`, each finding as its :data:`Fields`: for the scanner, which
    places findings in a stream and would otherwise build each one twice."""
    if _backend.detector is None:
        found = detect(buf, config, chars=chars)
        return [
            (f.kind, f.start, f.end, f.masked, f.brand, f.test_card, f.confidence) for f in found
        ]
    detected = _native_detector(config)(buf, chars)
    return _findings(buf, detected, config, _as_fields) if detected[0] else []


def detect_fields_utf8(buf: bytes, config: ScanConfig) -> tuple[list[Fields], list[int]]:
    """:func:`detect_fields` of UTF-8 ``buf`` with character offsets, and where each
    finding starts in bytes: for the scanner, which counts lines in the bytes of a
    window instead of decoding it. Native backend only."""
    starts: list[int] = []
    detected = _native_detector(config)(buf, True)
    return (_findings(buf, detected, config, _as_fields, starts) if detected[0] else []), starts


def detect_many(
    joined: bytes, bounds: list[int], config: ScanConfig, chars: list[bool] | None
) -> list[list[Finding]]:
    """:func:`detect` for each text ``joined[bounds[i]:bounds[i + 1]]`` (``chars[i]``:
    it is UTF-8 of a ``str`` that is not ASCII; ``None``: none is), in one call into
    the C core on the native backend. The texts come joined: a queue of ASCII
    ``str`` is encoded in one call, not one per text."""
    texts = range(len(bounds) - 1)
    if _backend.detector is None:
        return [
            detect(joined[bounds[i] : bounds[i + 1]], config, chars=bool(chars and chars[i]))
            for i in texts
        ]
    any_chars = chars is not None and any(chars)
    found, masks = _native_detector(config).many(joined, bounds, any_chars)
    if not found:  # most batches of a queue
        return [[] for _ in texts]
    by_text: list[list[_backend.RawFinding]] = [[] for _ in texts]
    for raw in found:
        by_text[raw[7]].append(raw)  # [7]: the text's index
    if any_chars:  # the C core counted characters in every text: bytes count bytes
        for i, c in enumerate(chars or ()):
            raws = by_text[i]
            # Characters fall behind bytes only after a byte above 0x7F: if the last
            # finding's end has not, no offset of the text has.
            if not c and raws and raws[-1][3] != raws[-1][1]:
                by_text[i] = [
                    (s, e, s, e, kind, brand, flags, seq, m0, m1)
                    for s, e, _, _, kind, brand, flags, seq, m0, m1 in raws
                ]
    return [
        _findings(joined[bounds[i] : bounds[i + 1]], (raws, masks), config, new_finding)
        if raws
        else []
        for i, raws in zip(texts, by_text, strict=True)
    ]


def detect_python(buf: bytes, config: ScanConfig) -> list[Finding]:
    """:func:`detect` with the Python detectors: the twin of the C core's."""
    # Every kind needs two digits in a row (an expiry "12/27"); much text has none.
    if _TWO_DIGITS.search(buf) is None:
        return []
    candidates = _backend.find_candidates(buf)
    pans = branded_pans(buf, candidates)
    # Context words qualify PANs of a known brand and introduce CVVs, PINs and expiry
    # dates: only those near such a PAN or of those three kinds need finding. Picking
    # the lines they are on costs more than it saves in short texts (tickets): there
    # every word is found, the complete list that the C core gives too.
    near = [pan[0] for pan in pans] if len(buf) >= WALK_ALL_BELOW else None
    words = find_context_words(buf, config.languages, pans=near)
    if not candidates and not any(w.kind in ("cvv", "pin", "expiry") for w in words):
        return []
    ctx = Context(buf, candidates, pans, words, config)
    for detector in DETECTORS:
        ctx.found.extend(detector.detect(ctx))
    return _select(_resolve_overlaps(ctx.found), config, buf)


def _resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the higher-ranked of overlapping findings (then the earlier, then the longer)."""
    if len(findings) < 2:  # nothing to overlap (most texts)
        return findings
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


def _moved(f: Finding, start: int, end: int) -> Finding:
    """``f`` at other offsets (much cheaper than ``dataclasses.replace``)."""
    return new_finding(
        f.kind, start, end, f.masked, f.brand, f.test_card, f.confidence, f.line, f.column
    )


def _select(findings: list[Finding], config: ScanConfig, buf: bytes) -> list[Finding]:
    if (
        config.test_cards != "ignore"
        and config.brands is None
        and not config.allow
        and config.kinds == _ALL_KINDS
    ):
        return findings  # the default options keep every finding: no per-finding checks
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


# --------------------------------------------------------------------------- native twin

#: pansafe.h's kind codes: PANSAFE_PAN = 1 ... PANSAFE_EXPIRY = 6 (0 is no kind).
_KINDS = (Kind.PAN, Kind.PAN, Kind.TRACK1, Kind.TRACK2, Kind.CVV, Kind.PIN, Kind.EXPIRY)
_STRONG = 1  # pansafe.h PANSAFE_STRONG
_PERCENT = 2  # pansafe.h PANSAFE_PERCENT
_BRANDS = tuple(iin.BRANDS)


# The C detect step of the last language set used: looking it up in the caches
# below costs about as much as scanning a short ticket in C. The backend's table
# compiler and detector are part of the key, since tests swap backends.
_last: list[Any] = [None, None, None, None]


def _native_detector(config: ScanConfig) -> _backend.NativeDetector:
    """The C detect step for ``config``'s languages."""
    languages, compiler, make, run = _last
    if (
        languages is config.languages
        and compiler is _backend.compile_keywords
        and make is _backend.detector
    ):
        return run  # type: ignore[no-any-return]
    make = _backend.detector
    assert make is not None, "the native backend is not in use"
    run = make(native_table(config.languages), _iin_table(_backend.compile_iin))
    _last[:] = [config.languages, _backend.compile_keywords, make, run]
    return run


@functools.cache
def _iin_table(compile_iin: _backend.CompileIin) -> object:
    """The brand table for C, from :data:`pansafe.iin.IIN_RANGES` and
    :data:`pansafe.testcards.TEST_CARDS`: one source of truth."""
    rows = []
    for row in iin.IIN_RANGES:
        lengths = sum(1 << n for n in row.lengths)
        rows.append((len(row.low), int(row.low), int(row.high), lengths, _BRANDS.index(row.brand)))
    return compile_iin(rows, TEST_CARDS)


_PAN, _TRACK2 = 1, 3  # pansafe.h: PANSAFE_PAN, PANSAFE_TRACK2 (tracks are 2 and 3)
_TEST_CARD = 4  # pansafe.h PANSAFE_TEST_CARD
#: Finding.test_card by flags (a tuple index: cheaper than bool(flags & _TEST_CARD)).
_IS_TEST = tuple(bool(flags & _TEST_CARD) for flags in range(8))
#: Confidence by PANSAFE_STRONG and kind code, as the Python detectors set it.
_CONFIDENCE = ((0.0, 0.9, 0.99, 0.99, 0.9, 0.9, 0.8), (0.0, 0.99, 0.99, 0.99, 0.9, 0.9, 0.9))
#: Brand by index, and None at -1: the C core's "no brand".
_BRAND_OR_NONE: tuple[str | None, ...] = (*_BRANDS, None)


@functools.cache
def _wanted(kinds: frozenset[Kind]) -> tuple[bool, ...]:
    """Whether each kind code is reported: an enum's ``__hash__`` runs in Python,
    so ``kind in kinds`` costs more than a tuple index, once per finding."""
    return (False, *(kind in kinds for kind in _KINDS[1:]))


def _as_fields(*fields: Any) -> Fields:
    return fields


def _findings(
    buf: bytes,
    detected: _backend.Detected,
    config: ScanConfig,
    make: Callable[..., T],
    byte_starts: list[int] | None = None,
) -> list[T]:
    """``make(kind, start, end, masked, brand, test_card, confidence)`` of each finding
    of the C core kept by ``config``: what the Python detectors and :func:`_select`
    make of the same spans. Offsets are the core's (characters with ``chars``).

    The core has done the byte work: the masked text (masking's rules, in UTF-8),
    the brand, the test card flag; this runs for every finding of every text, so
    it only looks those up. ``byte_starts`` receives each kept finding's start in
    bytes.
    """
    raw, masks = detected
    out: list[T] = []
    wanted = _wanted(config.kinds)
    check_card = config.test_cards == "ignore" or config.brands is not None or bool(config.allow)
    for start, end, cstart, cend, code, brand_index, flags, _, masked_start, masked_end in raw:
        if not wanted[code]:
            continue
        if flags & _PERCENT:  # "%20" has digits of its own: masking's own rule
            masked = mask_pan(buf[start:end].decode("utf-8", "replace"))
        else:
            masked = masks[masked_start:masked_end].decode("utf-8", "replace")
        brand = _BRAND_OR_NONE[brand_index]
        if check_card and code <= _TRACK2 and _dropped(buf, start, end, code, brand, flags, config):
            continue
        if byte_starts is not None:
            byte_starts.append(start)
        confidence = _CONFIDENCE[flags & _STRONG][code]
        out.append(make(_KINDS[code], cstart, cend, masked, brand, _IS_TEST[flags], confidence))
    return out


def _dropped(
    buf: bytes, start: int, end: int, code: int, brand: str | None, flags: int, config: ScanConfig
) -> bool:
    """Whether ``config`` drops this PAN or track: options that filter cards, rare."""
    if config.test_cards == "ignore" and flags & _TEST_CARD:
        return True
    if config.brands is not None and brand not in config.brands:
        return True
    if not config.allow:
        return False
    if code == _PAN:
        digits = pan_digits(buf[start:end].decode("utf-8", "replace"))
    else:
        pan = pan_in_track(buf, start, end)
        assert pan is not None  # the C core reports only tracks that hold a PAN
        digits = pan.group().decode("ascii")
    return digits in config.allow


assert CONTEXT_KINDS == ("pan", "cvv", "pin", "expiry", "not_pan"), "pansafe.h PANSAFE_WORD_*"
# detect_python asks for the words within WORD_REACH bytes of where they are used.
assert max(VALUE_GAP + 1, PAN_WORD_GAP) <= WORD_REACH, "keywords.WORD_REACH"
