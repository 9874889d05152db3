"""The detect step in pieces: ``pansafe_detect`` goes through a text of megabytes
in overlapping pieces (``pansafe_detect_pieces``), each reporting the findings that
start in its middle, as the scanner's windows do. Every field of every finding, and
the masked text, must be what one pass over the whole text gives.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import cards_in_bytes, detect_bytes
from test_detect_native import CONFIGS, EXAMPLES, GAPS

from pansafe.config import ScanConfig
from pansafe.detectors import _iin_table, keywords
from pansafe.scan import MARGIN

try:
    from pansafe import _native
except ImportError:  # pragma: no cover - a build without a C compiler
    _native = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(_native is None, reason="the C core is not built")

#: The smallest piece the core takes: more than its two margins.
SMALLEST = 2 * MARGIN + 1


def _pieces(buf: bytes, piece: int | None, config: ScanConfig = CONFIGS[0], chars: int = 1) -> Any:
    """``pansafe_detect_pieces`` on ``buf`` (``piece=None``: ``pansafe_detect``, which
    picks the pieces itself): every field of every finding, then the masked text; or
    the error code."""
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    # The native tables, whichever backend PANSAFE_BACKEND chose for the rest.
    keywords_table = keywords._native_table(config.languages, _native.compile_keywords)
    tables = (keywords_table.ptr, _iin_table(_native.compile_iin).ptr)
    cap, work_cap = 3 * len(buf) + 3, 2 * len(buf) + 2
    out = ffi.new("pansafe_finding[]", cap)
    work = ffi.new("pansafe_span[]", work_cap)
    masks = ffi.new("uint8_t[]", max(len(buf), 1))
    rest = (out, cap, work, work_cap, masks, len(buf), chars)
    data = ffi.from_buffer(buf)
    if piece is None:
        count = lib.pansafe_detect(*tables, data, len(buf), *rest)
    else:
        count = lib.pansafe_detect_pieces(*tables, data, len(buf), piece, *rest)  # type: ignore[attr-defined]
    if count < 0:
        return count
    names = ("start", "end", "cstart", "cend", "kind", "brand", "flags", "seq")
    fields = [(*(getattr(f, n) for n in names), f.masked_start, f.masked_end) for f in out[0:count]]
    return fields, bytes(ffi.buffer(masks, fields[-1][-1] if fields else 0))


def test_the_margin_is_the_scanners() -> None:
    """The pieces overlap as the scanner's windows do, for the same reason."""
    assert _native is not None
    lib = _native.lib
    assert lib.PANSAFE_PIECE_MARGIN == MARGIN
    assert lib.PANSAFE_PIECES_FROM >= 2 * lib.PANSAFE_PIECE > 2 * MARGIN


def test_a_piece_must_be_larger_than_its_margins() -> None:
    buf = b"card 4111 1111 1111 1111 " * 100
    assert _pieces(buf, 2 * MARGIN) == _native.lib.PANSAFE_EINVAL  # type: ignore[union-attr]
    assert _pieces(buf, 1) == _native.lib.PANSAFE_EINVAL  # type: ignore[union-attr]
    assert _pieces(buf, SMALLEST) == _pieces(buf, 0)


@pytest.mark.parametrize("piece", [SMALLEST, SMALLEST + 7, 1500])
def test_every_example_across_every_piece_edge(piece: int) -> None:
    """The examples and gap limits of the detect tests, shifted a few bytes at a
    time, so that each lies across a piece's edge and across its margins."""
    body = b"\n".join(EXAMPLES + GAPS)
    for shift in range(0, 2 * MARGIN + 64, 13):
        buf = b"x" * shift + b" " + body + b"\n" + body
        whole = _pieces(buf, 0)
        assert whole[0], "the examples hold findings"
        assert _pieces(buf, piece) == whole, shift


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(st.one_of(detect_bytes(), cards_in_bytes()), min_size=1, max_size=6),
    glue=st.sampled_from([b"\n", b" ", b"", b"\r\n", b"\xc2\xa0"]),
    pad=st.integers(0, SMALLEST),
    piece=st.sampled_from([SMALLEST, SMALLEST + 1, 1100, 1777]),
    config=st.sampled_from(CONFIGS),
    chars=st.sampled_from([0, 1]),
)
def test_pieces_give_what_the_whole_text_gives(
    parts: list[bytes], glue: bytes, pad: int, piece: int, config: ScanConfig, chars: int
) -> None:
    """Adversarial input of both detect tests, repeated to several pieces' length."""
    unit = b"y" * pad + glue.join(parts) + glue
    buf = unit * (1 + 4 * piece // max(len(unit), 1))
    assert _pieces(buf, piece, config, chars) == _pieces(buf, 0, config, chars)


def test_a_text_of_megabytes_is_detected_in_pieces_with_the_same_findings() -> None:
    """``pansafe_detect`` itself, past the size where it goes piece by piece."""
    assert _native is not None
    body = b"\n".join(EXAMPLES + GAPS) + b"\n"
    buf = body * (_native.lib.PANSAFE_PIECES_FROM // len(body) + 3)
    found = _pieces(buf, None)
    assert len(found[0]) > 1000
    assert found == _pieces(buf, 0)
