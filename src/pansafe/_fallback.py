"""The pure-Python scanner backend, on the ``regex`` module.

It implements the backend contract (see :mod:`pansafe._backend`): find the byte
spans that *may* be card data, and nothing else. Brand lookup, context words,
overlap resolution and masking live above the contract and are shared by every
backend. This module is the readable twin of the C core: the rules are spelled
out here once, in order, and ``docs/detection.md`` explains each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

import regex

__all__ = ["NAME", "find_candidates", "luhn_valid"]

NAME = "python"

# Candidate kinds returned by find_candidates(); shared with the native core.
PAN = 1
TRACK1 = 2
TRACK2 = 3

# Separators allowed between digit groups of a PAN. Several spellings map to one
# separator type, because a PAN is grouped with one separator throughout.
_SEPARATORS: dict[bytes, int] = {
    b" ": 1,
    b"\xc2\xa0": 2,  # no-break space, UTF-8
    b"\xa0": 2,  # no-break space, Latin-1 / cp1252
    b"\xe2\x80\xaf": 2,  # narrow no-break space
    b"\xe2\x80\x89": 2,  # thin space
    b"%20": 3,  # URL-encoded space
    b"+": 4,  # form-encoded space
    b"-": 5,
    b".": 6,
}
_SPACE_LIKE = frozenset({1, 2, 3, 4})
_SEP = (
    b"(?:" + b"|".join(regex.escape(s) for s in sorted(_SEPARATORS, key=len, reverse=True)) + b")"
)

# A chain of digit groups joined by single separators, holding at least 12 digits.
# It never starts inside a "%20": "card%204111%20..." is "card 4111 ...".
_CHAIN = re.compile(rb"(?!(?<=%)20\d)(?!(?<=%2)0\d)\d(?:" + _SEP + rb"?\d){11,}")
# Every candidate, track data included, lies in or starts right after a run of 12+
# bytes that are digits or separator bytes. This plain character-class pattern
# finds those runs several times faster than the chain pattern scans everything
# (stdlib re: 50 MB/s on digit-dense CSV, against 6-15 MB/s), so only the runs
# get a closer look.
_RUN_BYTES = b"0123456789 .+-%\xa0\xc2\xe2\x80\x89\xaf"
_COARSE = re.compile(rb"[0-9][" + re.escape(_RUN_BYTES) + rb"]{11,}")
# The same runs, found faster (see _runs): `re` tests a class byte by byte, but skips
# to a literal at memchr speed, so every run byte is read as "x" (one bytes.translate)
# and stretches of 12 x's are searched for.
_RUN_BYTE_AS_X = bytes(0x78 if c in _RUN_BYTES else 0x20 for c in range(256))
_STRETCH = re.compile(b"x" * 12 + b"x*")
_DIGIT_BYTES = frozenset(b"0123456789")
_RUN_NON_DIGITS = bytes(c for c in _RUN_BYTES if c not in _DIGIT_BYTES)
_FIRST_DIGIT = re.compile(rb"[0-9]")
# How far around a run track data can reach: "%B" or a "57 13 " tag before it,
# name, expiry and discretionary data after it (a track is at most 79 bytes).
_TRACK_BEFORE = 8
_DIGITS = b"0123456789"
_TRACK_AFTER = 128
# A chain split at its separators: groups at even places, separators at odd ones.
# No separator starts with a digit, so a "%20" is never read as a group.
_SPLIT_CHAIN = re.compile(b"(" + _SEP + b")")
# Every track holds a PAN of 12+ digits that one of these bytes follows right away
# ('^' in track 1, '=' in track 2, 'D' in tag 57). None of them is a run byte, so
# those digits end a run: track patterns only run in windows where such a run ends.
_CARET, _EQUALS = ord("^"), ord("=")
_TAG57_D = frozenset(b"Dd")
# What every tag 5A match holds: tag and length byte.
_EMV5A_HINT = re.compile(rb"5[Aa][ :]?0[6-9Aa]")

_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_GLUE = frozenset(b"-.")

_TRACK1 = regex.compile(
    rb"(?:%|(?<![A-Za-z0-9_%]))B(?P<pan>\d{12,19})\^[^\^\r\n\x00]{2,26}\^"
    rb"(?:\d{4}|\^)(?:\d{3}|\^)(?:[0-9 ]{0,59}[0-9])?\??"
)
_TRACK2 = regex.compile(rb"(?:;|(?<![A-Za-z0-9_;]))(?P<pan>\d{12,19})=\d{7}\d{0,30}\??")
# EMV tag 57 (track 2 equivalent data): PAN, 'D', YYMM, service code, discretionary
# data, 'F' padding to a whole byte. With the tag and length present, the length
# says exactly where the value ends inside a longer hex dump.
_EMV57_TAGGED = regex.compile(rb"57[ :]?(?P<len>[0-9A-Fa-f]{2})[ :]?(?=\d{12,19}[Dd])")
_EMV57_VALUE = regex.compile(rb"(?P<pan>\d{12,19})[Dd]\d{7}\d*[Ff]?")
_EMV57_BARE = regex.compile(
    rb"(?<![A-Za-z0-9_])(?P<pan>\d{12,19})[Dd]\d{7}\d{0,30}[Ff]?(?![A-Za-z0-9_])"
)
_MAX_EMV57 = 2 * 19  # track 2 equivalent data is at most 19 bytes of BCD
# EMV tag 5A (application PAN): BCD digits, padded with one 'F' when odd.
_EMV5A = regex.compile(rb"5[Aa][ :]?(?P<len>0[6-9Aa])[ :]?(?=\d{11})")

MAX_PAN_DIGITS = 19
MIN_PAN_DIGITS = 12
_MAX_TRACK1 = 79
_MAX_TRACK2 = 40


# Luhn without a Python loop: the digits at odd places from the right count as
# they are, those at even places doubled (minus 9 above 9), read off one table.
_DOUBLED = bytes.maketrans(b"0123456789", bytes([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]))


def luhn_valid(digits: bytes) -> bool:
    """The Luhn (mod 10) check over ASCII digits."""
    kept = digits[-1::-2]
    return (sum(kept) - 48 * len(kept) + sum(digits[-2::-2].translate(_DOUBLED))) % 10 == 0


def _left_edge_ok(buf: bytes, start: int) -> bool:
    """Nothing glued to the left of a chain: no word character, no phone '+',
    no ``ID-``/``v1.`` prefix that makes the digits part of a longer token."""
    if start == 0 or buf[start - 3 : start] == b"%20":  # an encoded space
        return True
    before = buf[start - 1]
    if before in _WORD or before == 0x2B:  # '+'
        return False
    return not (before in _GLUE and start >= 2 and buf[start - 2] in _WORD)


def _right_edge_ok(buf: bytes, end: int) -> bool:
    """Nothing glued to the right: no word character, no ``.txt``/``-A`` suffix."""
    if end >= len(buf):
        return True
    after = buf[end]
    if after in _WORD:
        return False
    return not (after in _GLUE and end + 1 < len(buf) and buf[end + 1] in _WORD)


def _pan_spans(buf: bytes, chain_start: int, chain_end: int) -> list[tuple[int, int, int]]:
    """The PAN-shaped, Luhn-valid spans inside one chain of digit groups, as candidates.

    From each group on, the longest valid span is taken and the search goes on
    after it. This runs for every number written in groups, so the rules are
    inline and work on the split parts (no per-group calls or slices).
    """
    parts = _SPLIT_CHAIN.split(buf[chain_start:chain_end])
    groups = parts[::2]  # group k's digits; it spans bounds[2k] to bounds[2k + 1]
    bounds = list(accumulate(map(len, parts), initial=chain_start))
    sizes = [len(group) for group in groups]
    links = [_SEPARATORS[sep] for sep in parts[1::2]]
    n = len(groups)
    left_ok = _left_edge_ok(buf, chain_start)
    right_ok = _right_edge_ok(buf, chain_end)
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < n:
        size = sizes[i]
        # Contiguous: one group of 12-19 digits. Neighbour groups may only be joined
        # by a space-like separator ("4111111111111111 123" is a PAN and a CVV), not
        # by a dash or dot, which make the digits part of a longer identifier.
        if MIN_PAN_DIGITS <= size <= MAX_PAN_DIGITS:
            if (
                (left_ok if i == 0 else links[i - 1] in _SPACE_LIKE)
                and (right_ok if i == n - 1 else links[i] in _SPACE_LIKE)
                and luhn_valid(groups[i])
            ):
                spans.append((PAN, bounds[2 * i], bounds[2 * i + 1]))
            i += 1
            continue
        sep = links[i] if size == 4 and i < n - 1 else 0
        # A grouped PAN starts with 4 digits and a run of groups joined by its
        # separator: in "EE38 2200 2210 2014 5685" the run starts at "38", so
        # nothing inside it is a PAN.
        if sep == 0 or (not left_ok if i == 0 else links[i - 1] == sep):
            i += 1
            continue
        run_end = i + 1
        while run_end < n - 1 and links[run_end] == sep:
            run_end += 1
        # Whatever the span, the run must end at the chain's clean right edge or at
        # another separator.
        last = _best_grouped_end(groups, sizes, i, run_end) if run_end < n - 1 or right_ok else 0
        if last:
            spans.append((PAN, bounds[2 * i], bounds[2 * last + 1]))
            i = last + 1
        else:
            i += 1
    return spans


def _best_grouped_end(groups: list[bytes], sizes: list[int], i: int, run_end: int) -> int:
    """The last group of the longest grouped PAN from group ``i`` (4 digits) within
    the run of groups ``i`` to ``run_end``, or 0 if none.

    Card groupings people write: 4-4-4-4(-3), 4-4-4(-1..4), and 4-6-4/4-6-5. The
    same separator may continue only into a short tail: up to three groups of at
    most three digits ("4111 1111 1111 1111 12 27 123": expiry and CVV). A longer
    continuation is a table of numbers, not a card.
    """
    for j in range(min(run_end, i + 5), i, -1):
        last = sizes[j]
        if not MIN_PAN_DIGITS <= sum(sizes[i : j + 1]) <= MAX_PAN_DIGITS:
            continue
        if not (
            (j == i + 2 and sizes[i + 1] == 6 and last in (4, 5))
            or (1 <= last <= 4 and sizes[i + 1 : j].count(4) == j - i - 1)
        ):
            continue
        if j < run_end and (run_end - j > 3 or max(sizes[j + 1 : run_end + 1]) > 3):
            continue
        if luhn_valid(b"".join(groups[i : j + 1])):
            return j
    return 0


def _tracks(buf: bytes, pos: int, endpos: int, after_runs: set[int]) -> list[tuple[int, int, int]]:
    """Track spans in the window ``buf[pos:endpos]``; ``after_runs``, the bytes right
    after the window's runs, rule out most patterns (in most windows, all of them)."""
    out: list[tuple[int, int, int]] = []
    track1 = _CARET in after_runs
    track2 = _EQUALS in after_runs
    tag57 = not _TAG57_D.isdisjoint(after_runs)
    tag5a = _EMV5A_HINT.search(buf, pos, endpos) is not None
    if not (track1 or track2 or tag57 or tag5a):
        return out
    # Overlapped: a rejected match (PAN failing Luhn) must not hide a track inside it.
    for m in _TRACK1.finditer(buf, pos, endpos, overlapped=True) if track1 else ():
        if m.end() - m.start() <= _MAX_TRACK1 and luhn_valid(m["pan"]):
            out.append((TRACK1, m.start(), m.end()))
    for m in _TRACK2.finditer(buf, pos, endpos, overlapped=True) if track2 else ():
        if m.end() - m.start() <= _MAX_TRACK2 and luhn_valid(m["pan"]):
            out.append((TRACK2, m.start(), m.end()))
    # Overlapped: a "57" inside the length byte of a false match may be the real tag.
    for m in _EMV57_TAGGED.finditer(buf, pos, endpos, overlapped=True) if tag57 else ():
        size = 2 * int(m["len"], 16)
        value = buf[m.end() : m.end() + size]
        v = _EMV57_VALUE.fullmatch(value)
        if size <= _MAX_EMV57 and len(value) == size and v is not None and luhn_valid(v["pan"]):
            out.append((TRACK2, m.end(), m.end() + size))
    for m in _EMV57_BARE.finditer(buf, pos, endpos, overlapped=True) if tag57 else ():
        if luhn_valid(m["pan"]):
            out.append((TRACK2, m.start(), m.end()))
    for m in _EMV5A.finditer(buf, pos, endpos, overlapped=True) if tag5a else ():
        size = 2 * int(m["len"], 16)
        value = buf[m.end() : m.end() + size]
        digits = value[:-1] if value.endswith((b"F", b"f")) else value
        if (
            len(value) == size
            and digits.isdigit()
            and MIN_PAN_DIGITS <= len(digits) <= MAX_PAN_DIGITS
            and luhn_valid(digits)
        ):
            out.append((PAN, m.end(), m.end() + len(digits)))
    return out


def _runs(buf: bytes) -> Iterator[tuple[int, int]]:
    """The spans of :data:`_COARSE` in ``buf``: each stretch of 12+ run bytes, from
    its first digit on, if 12 bytes are left from there."""
    for stretch in _STRETCH.finditer(buf.translate(_RUN_BYTE_AS_X)):
        start, end = stretch.span()
        if buf[start] not in _DIGIT_BYTES:
            first = _FIRST_DIGIT.search(buf, start, end)
            if first is None or end - first.start() < 12:
                continue
            start = first.start()
        yield start, end


def find_candidates(buf: bytes) -> list[tuple[int, int, int]]:
    """Spans that may be card data: ``(kind, start, end)`` sorted by position.

    PAN spans are Luhn-valid digit groups in a card-like shape with clean edges;
    track spans are Luhn-valid magnetic-stripe or EMV track-2-equivalent data.
    Spans of different kinds may overlap; the caller resolves that.
    """
    found: list[tuple[int, int, int]] = []
    window_start = window_end = -1
    after_runs: set[int] = set()  # the bytes right after the window's runs
    size = len(buf)
    for start, end in _runs(buf):
        # The tight trigger: a run must hold 12 digits ("2024-03-16 12" holds 10).
        text = buf[start:end]
        # A chain ends with a digit, so a run's last separator bytes (in prose, the
        # space or dot after a number) are no part of one.
        head = text.rstrip(_RUN_NON_DIGITS)
        if head.isdigit() and (start == 0 or buf[start - 1] != 0x25):  # not after '%'
            # One run of digits alone (most runs: timestamps, IDs, numbers in prose):
            # the chain is those digits, and rule 1 asks only for a contiguous PAN.
            if len(head) < MIN_PAN_DIGITS:
                continue
            if (
                len(head) <= MAX_PAN_DIGITS
                and _left_edge_ok(buf, start)
                and _right_edge_ok(buf, start + len(head))
                and luhn_valid(head)
            ):
                found.append((PAN, start, start + len(head)))
        elif len(text) - len(text.translate(None, _DIGITS)) < MIN_PAN_DIGITS:
            continue
        else:
            for m in _CHAIN.finditer(buf, start, end):
                found.extend(_pan_spans(buf, m.start(), m.end()))
        # Track data around the run; neighbouring runs share one window.
        start = max(0, start - _TRACK_BEFORE)
        if start > window_end:
            if window_end > 0:
                found.extend(_tracks(buf, window_start, window_end, after_runs))
            window_start = start
            after_runs = set()
        if end < size:
            after_runs.add(buf[end])
        window_end = min(size, end + _TRACK_AFTER)
    if window_end > 0:
        found.extend(_tracks(buf, window_start, window_end, after_runs))
    if len(found) < 2:  # already sorted, without repeats (most texts)
        return found
    return sorted(set(found), key=lambda c: (c[1], c[2], c[0]))
