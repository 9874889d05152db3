"""The C detect step on long texts looks for context words only where they count.

On a text of ``PANSAFE_WALK_ALL_BELOW`` bytes or more, ``pansafe_detect`` searches
only the lines near words of the value kinds and before PANs of a known brand
(see ``pansafe.h``), in blocks of 64 KiB that it searches whole where value words
are dense. Each case here is held to the same call with every line searched (a
table without ``values``) and to the Python detectors, which share no code with it.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import context_bytes, detect_bytes

from pansafe.config import ScanConfig
from pansafe.detectors import _iin_table, detect_python, keywords
from pansafe.languages import COMMON, LANGUAGES

try:
    from pansafe import _native
except ImportError:  # pragma: no cover - a build without a C compiler
    _native = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(_native is None, reason="the C core is not built")

CONFIG = ScanConfig.build()
BLOCK = 1 << 16  # detect.c WORDS_BLOCK
LONG = 4096  # PANSAFE_WALK_ALL_BELOW
STEMS = sorted(
    {
        w.removeprefix("=")
        for lex in [COMMON, *LANGUAGES.values()]
        for kind in keywords.CONTEXT_KINDS
        for w in getattr(lex, kind)
    }
)
WORDS = [*STEMS, "4111111111111111", "5500 0000 0000 0004", "123", "1234", "12/27", "\n", " " * 40]
# Lines without context words (logs), and lines dense with words of the value kinds.
SPARSE = b"2024-03-16 12:00:01.123 INFO worker-7 request 8812 done in 15 ms\n"
DENSE = b"cvv 123 pin 4321 exp 12/27 turvakood 999\n"


def _detect(buf: bytes, keywords_ptr: object) -> list[tuple[int, int, int, int, int]]:
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    cap, work_cap = 3 * len(buf) + 3, 2 * len(buf) + 2
    out = ffi.new("pansafe_finding[]", cap)
    work = ffi.new("pansafe_span[]", work_cap)
    masks = ffi.new("uint8_t[]", len(buf))
    iin = _iin_table(_native.compile_iin)
    args = (out, cap, work, work_cap, masks, len(buf), 0)
    count = lib.pansafe_detect(keywords_ptr, iin.ptr, buf, len(buf), *args)  # type: ignore[attr-defined]
    assert 0 <= count <= cap
    return [(f.kind, f.start, f.end, f.brand, f.flags) for f in out[0:count]]


def _tables() -> tuple[object, object]:
    """The table for long texts (with ``values``), and the one that searches every line."""
    assert _native is not None
    table = keywords._native_table(CONFIG.languages, _native.compile_keywords)
    return table.for_long_texts(), table.ptr  # type: ignore[attr-defined]


def _same(buf: bytes) -> None:
    table, whole = _tables()
    lines = _detect(buf, table)
    assert lines == _detect(buf, whole)
    python = [(f.start, f.end) for f in detect_python(buf, CONFIG)]
    assert [(s, e) for _, s, e, _, _ in lines] == python


def _filler(size: int, line: bytes = SPARSE) -> bytes:
    return line * (size // len(line))


# Each places a word at the edge of what the lines searched must hold.
EDGES = [
    # A card word on the last line of a block, its PAN first on the next.
    _filler(BLOCK) + b"card:\n4111111111111111\n" + _filler(8000),
    # A CVV word with its value on the next line.
    _filler(9000) + b"CVV\n123\n" + _filler(9000),
    # The word after a value word, on the next line, ends the value's reach.
    _filler(9000) + b"cvv\ncard 123\n" + _filler(9000),
    _filler(9000) + b"cvv " + b"z" * 20 + b"\n card 123\n" + _filler(9000),
    # A PAN 64 bytes after a card word, two lines back.
    _filler(9000) + b"card\n" + b"x" * 57 + b"\n4111111111111111\n" + _filler(9000),
    _filler(9000) + b"card\n" + b"x" * 58 + b"\n4111111111111111\n" + _filler(9000),
    # A not_pan word before a PAN.
    _filler(9000) + b"IMEI: 4111111111111111\n" + _filler(9000),
    # One long line holding many words and PANs.
    b"x" * 5000 + (b" cvv 123 card 4111111111111111 pin 1234" * 300) + b"\n" + _filler(5000),
    # Dense blocks, then sparse ones, then dense again (whole, then lines).
    _filler(3 * BLOCK, DENSE) + _filler(2 * BLOCK) + b"exp 12/27\n" + _filler(BLOCK, DENSE),
    # No line break at all.
    b"y" * 70000 + b" card 4111111111111111 cvv 123 " + b"y" * 5000,
    # A value word at the very end; a PAN at the very start.
    b"4111111111111111 " + _filler(9000) + b"pin",
]


def test_the_cases_take_the_path_they_test() -> None:
    assert _native is not None
    table, whole = _tables()
    null = _native.ffi.NULL
    assert table.values != null and whole.values == null  # type: ignore[attr-defined]
    threshold = _native.lib.PANSAFE_WALK_ALL_BELOW  # type: ignore[attr-defined]
    assert threshold == LONG and all(len(buf) >= threshold for buf in EDGES)


@pytest.mark.parametrize("buf", EDGES, ids=range(len(EDGES)))
def test_edges(buf: bytes) -> None:
    _same(buf)


@st.composite
def long_texts(draw: st.DrawFn) -> bytes:
    """Short texts of context words and card data between runs of sparse and dense lines,
    some long enough to cross a block."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["words", "detect", "sparse", "dense"]))
        if kind == "words":
            parts.append(draw(context_bytes(WORDS, max_pieces=30)))
        elif kind == "detect":
            parts.append(draw(detect_bytes()))
        else:
            size = draw(st.sampled_from([100, 2000, 5000, BLOCK - 300, BLOCK + 100]))
            parts.append(_filler(size, SPARSE if kind == "sparse" else DENSE))
    buf = b"".join(parts)
    return buf if len(buf) >= LONG else buf + _filler(LONG, SPARSE)


@settings(max_examples=60, deadline=None)
@given(long_texts())
@example(_filler(5000) + b"card " + b"y" * 58 + b" 4111111111111111 " + _filler(5000))
def test_long_texts(buf: bytes) -> None:
    _same(buf)
