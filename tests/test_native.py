"""The C core: both of its code paths against the fallback, its ABI, and backend choice.

``test_equivalence.py`` already runs every spec case and Hypothesis strategy on the
native backend against the oracle (through the ``backend`` fixture). This file adds
what only the C core has: a SIMD trigger and a portable one that must agree with
each other and with the fallback on every input (memchr's ``prop.rs`` does the same
per implementation), buffers whose lengths and candidate offsets straddle the 64-byte
blocks the triggers read, the span-array protocol and its error codes, and threads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from oracle import PAN, TRACK1, TRACK2, oracle_candidates
from strategies import cards_in_bytes, soup
from threads import run_in_threads

import pansafe
from pansafe import _backend, _fallback
from pansafe.errors import BackendError
from pansafe.scan import _line_columns

try:
    from pansafe import _native
except ImportError:  # pragma: no cover - a build without a C compiler
    _native = None  # type: ignore[assignment]

needs_native = pytest.mark.skipif(_native is None, reason="the C core is not built")

FindCandidates = Callable[[bytes], list[tuple[int, int, int]]]

# One of each kind of candidate, and each trigger it must pass (12 contiguous digits,
# or a grouped PAN with 1-, 2- and 3-byte separators).
PIECES = [
    b"4111111111111111",
    b"411111111117",  # 12 digits: the shortest contiguous PAN
    b"4111 1111 1111 1111",
    b"4111%201111%201111%201111",
    b"4111\xe2\x80\xaf1111\xe2\x80\xaf1111\xe2\x80\xaf1111",
    b"4111\xc2\xa01111\xc2\xa01117",  # 4-4-4: the shortest grouped PAN
    b"3782 822463 10005",
    b"6759.6498.2643.8453.169",
    b"4111 1111 1111 1111 12 27 123",
    b"%B4111111111111111^DOE/JOHN^25121010000000000000?",
    b";4111111111111111=25121010000000000000?",
    b"57134111111111111111D25121011234567890123F",
    b"4111111111111111D2512101",
    b"5A 08 4111111111111111F",
    b"5A0841111111111111115F34",
]
FILLERS = [b"x", b" ", b"\x00", b"1", b"\xc2\xa0"]
SIZE = 200  # more than three 64-byte blocks


def _exactly_sized(portable: bool) -> FindCandidates:
    """Call C on a copy of the input in an allocation of exactly its size.

    A ``bytes`` object ends in a NUL byte that is not part of it, so reading one
    byte too far goes unnoticed; this copy lets AddressSanitizer catch that
    (``scripts/sanitize.sh``).
    """

    def find(buf: bytes) -> list[tuple[int, int, int]]:
        assert _native is not None
        ffi, lib = _native.ffi, _native.lib
        data = ffi.new("uint8_t[]", len(buf))
        ffi.memmove(data, buf, len(buf))
        cap = len(buf) + 8
        out = ffi.new("pansafe_span[]", cap)
        finder = lib.pansafe_find_candidates_portable if portable else lib.pansafe_find_candidates
        count = finder(data, len(buf), out, cap)
        assert 0 <= count <= cap
        return [(s.kind, s.start, s.end) for s in out[0:count]]

    return find


def _paths() -> dict[str, FindCandidates]:
    if _native is None:
        return {}
    return {
        "simd": _native.find_candidates,
        "portable": _native.find_candidates_portable,
        "simd, exact size": _exactly_sized(portable=False),
        "portable, exact size": _exactly_sized(portable=True),
    }


def _check(buf: bytes) -> list[tuple[int, int, int]]:
    """Both C paths give the fallback's answer for ``buf``."""
    expected = _fallback.find_candidates(buf)
    for name, find in _paths().items():
        assert find(buf) == expected, name
    return expected


# --------------------------------------------------------------------------- paths


@needs_native
@given(buf=st.one_of(soup(), cards_in_bytes(), st.binary(max_size=300)))
@example(buf=b"")
@example(buf=b"4" * 63 + b"111111111111")
@example(buf=b" " * 50 + b"4111 1111 1111 1111")
def test_simd_portable_fallback_and_oracle_agree(buf: bytes) -> None:
    assert _check(buf) == oracle_candidates(buf)


@needs_native
@given(
    pad=st.integers(0, 130),
    filler=st.sampled_from(FILLERS),
    buf=st.one_of(soup(), cards_in_bytes()),
)
def test_any_block_alignment(pad: int, filler: bytes, buf: bytes) -> None:
    """The same data at every position relative to the 64-byte blocks."""
    _check(filler * pad + buf)


@needs_native
@pytest.mark.parametrize("filler", FILLERS, ids=repr)
@pytest.mark.parametrize("piece", PIECES, ids=lambda p: p[:24].decode("latin-1"))
def test_every_offset_and_length_around_blocks(piece: bytes, filler: bytes) -> None:
    """A candidate at every offset of a 200-byte buffer, cut right after it (so
    every length up to 200), and the whole buffer around it: the candidate is
    split by every block edge, and tails of every length are read."""
    found_alone = _fallback.find_candidates(piece)
    assert found_alone  # each piece is a candidate on its own
    for offset in range(SIZE - len(piece) + 1):
        buf = filler * offset + piece + filler * (SIZE - offset - len(piece))
        _check(buf)
        _check(buf[: offset + len(piece)])
        if filler == b"\x00":  # a filler that cannot touch the candidate
            shifted = [(k, s + offset, e + offset) for k, s, e in found_alone]
            assert _native is not None and _native.find_candidates(buf) == shifted


@needs_native
@pytest.mark.parametrize(
    "decoy",
    [b"1234-5678x1234", b"1234 5678 _1234", b"8bd85690-4402-1234-9040-d19530df9b92"],
    ids=repr,
)
def test_grouped_digits_before_a_card(decoy: bytes) -> None:
    """Digits shaped like a grouped PAN's first groups without its chain bytes
    (the sparse loops drop such blocks after a chain-byte test of their own,
    with the carries of a block they did not classify), then a card at every
    distance and block alignment."""
    for card in (b"4111 1111 1111 1111", b"4111-1111-1111-1111", b"378282246310005"):
        for gap in range(80):
            for lead in range(0, 64, 9):
                _check(b"x" * lead + decoy + b" " * gap + card + b" end")
                _check(b"x" * lead + decoy + b"," * gap + card)


@needs_native
@pytest.mark.parametrize("filler", [*FILLERS, b"1 ", b"12", b"1234 "], ids=repr)
def test_every_length_of_filler(filler: bytes) -> None:
    for size in range(SIZE + 1):
        _check((filler * SIZE)[:size])


@needs_native
def test_unaligned_buffers() -> None:
    """Buffers that do not start on any alignment (memoryview slices)."""
    data = b"card 4111 1111 1111 1111, ;4111111111111111=2512101? " * 5
    expected = _fallback.find_candidates(data)
    for start in range(64):
        backing = bytearray(b"\xff" * start + data)
        view = memoryview(backing)[start:]
        for find in _paths().values():
            assert find(view) == expected  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the ABI


@needs_native
def test_kinds_match_the_fallback() -> None:
    assert _native is not None
    lib = _native.lib
    assert (lib.PANSAFE_PAN, lib.PANSAFE_TRACK1, lib.PANSAFE_TRACK2) == (PAN, TRACK1, TRACK2)
    assert (PAN, TRACK1, TRACK2) == (_fallback.PAN, _fallback.TRACK1, _fallback.TRACK2)


@needs_native
@pytest.mark.parametrize("portable", [False, True])
def test_short_span_array_and_retry(portable: bool) -> None:
    """More spans than room: the return value says how much room a retry needs."""
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    find = lib.pansafe_find_candidates_portable if portable else lib.pansafe_find_candidates
    buf = b" ".join([b"4111111111111111"] * 10 + [b";4111111111111111=2512101?"] * 5)
    expected = _fallback.find_candidates(buf)
    assert len(expected) == 20
    for cap in (0, 1, 7, 19):
        out = ffi.new("pansafe_span[]", max(cap, 1))
        needed = find(buf, len(buf), out if cap else ffi.NULL, cap)
        assert needed > cap
        out = ffi.new("pansafe_span[]", needed)
        count = find(buf, len(buf), out, needed)
        assert count == len(expected)
        assert [(s.kind, s.start, s.end) for s in out[0:count]] == expected


@needs_native
def test_dense_input_grows_the_span_array() -> None:
    """More spans than the wrapper's first guess (one per 16 bytes): it retries."""
    assert _native is not None
    buf = b" ".join([b";4111111111111111=2512101?"] * 1000)  # 2 spans in 27 bytes
    expected = _fallback.find_candidates(buf)
    assert len(expected) > len(buf) // 16 + 64
    assert _native.find_candidates(buf) == expected
    assert _native.find_candidates_portable(buf) == expected


@needs_native
def test_error_codes() -> None:
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    out = ffi.new("pansafe_span[]", 4)
    assert lib.pansafe_find_candidates(ffi.NULL, 5, out, 4) == lib.PANSAFE_EINVAL
    assert lib.pansafe_find_candidates(b"12345", 5, ffi.NULL, 4) == lib.PANSAFE_EINVAL
    assert lib.pansafe_find_candidates_portable(ffi.NULL, 1, out, 4) == lib.PANSAFE_EINVAL
    assert lib.pansafe_find_candidates(ffi.NULL, 0, ffi.NULL, 0) == 0


@needs_native
def test_a_failing_call_raises_backend_error() -> None:
    assert _native is not None
    with pytest.raises(BackendError, match="code -1"):
        _native._call(lambda buf, size, out, cap: -1, b"4111111111111111")


@needs_native
def test_rejects_what_is_not_a_buffer() -> None:
    assert _native is not None
    for junk in ("4111111111111111", None, 4111111111111111):
        with pytest.raises(TypeError):
            _native.find_candidates(junk)  # type: ignore[arg-type]


@needs_native
def test_simd_level_and_override() -> None:
    assert _native is not None
    assert _native.simd_level() in ("portable", "avx2")
    code = "from pansafe import _native; print(_native.SIMD)"
    env = {**os.environ, "PANSAFE_SIMD": "portable"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "portable"


@needs_native
def test_threads_share_nothing() -> None:
    """Concurrent calls (the GIL is released during them) keep their results apart."""
    assert _native is not None
    native = _native
    bufs = [
        b"x" * n + b" 4111 1111 1111 1111 " + b";4111111111111111=2512101" * (n % 3)
        for n in range(40)
    ] + [b"y 4111111111111111 " * 500]
    expected = [_fallback.find_candidates(b) for b in bufs]
    errors: list[str] = []

    def work() -> None:
        for _ in range(50):
            for buf, want in zip(bufs, expected, strict=True):
                if native.find_candidates(buf) != want:
                    errors.append(repr(buf[:20]))

    run_in_threads(work)
    assert errors == []


# --------------------------------------------------------------------------- _backend


@needs_native
def test_backend_reports_native_when_loaded() -> None:
    assert _backend.select("native")[0] == "native"
    assert _backend.select("auto")[0] == "native"
    assert _backend.select("python")[0] == "python"
    if _backend.NAME != "python":  # unless PANSAFE_BACKEND=python forced the fallback
        assert pansafe.backend == "native"


def _hide_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``from pansafe import _native`` fail as it does when _core is not built."""
    monkeypatch.delitem(sys.modules, "pansafe._native", raising=False)
    monkeypatch.delattr(pansafe, "_native", raising=False)
    monkeypatch.setitem(sys.modules, "pansafe._native._core", None)  # type: ignore[arg-type]
    monkeypatch.setattr(_backend, "_warned", False)


def test_auto_warns_once_without_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide_core(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = _backend.select("auto")
        second = _backend.select("auto")
    assert first[0] == second[0] == "python"
    assert [str(w.message) for w in caught if w.category is RuntimeWarning] == [
        "pansafe: the native scanner core is not built; using the slower pure-Python "
        "backend (set PANSAFE_BACKEND=python to silence this)"
    ]


def test_native_without_the_core_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide_core(monkeypatch)
    with pytest.raises(BackendError, match="not built"):
        _backend.select("native")


# --------------------------------------------------------------------------- UTF-8 check


def _simd_flags() -> list[int]:
    """The ``simd`` arguments to test: the portable path, and AVX2 where the CPU has it."""
    assert _native is not None
    return [0, 1] if _native.simd_level() == "avx2" else [0]


def _decoder_says(data: bytes, final: bool) -> tuple[int, int] | None:
    """What ``pansafe_utf8_check`` must answer: Python's strict decoder, the spec."""
    import codecs

    try:
        text, used = codecs.utf_8_decode(data, "strict", final)
    except UnicodeDecodeError:
        return None
    return used, len(text)


# Bytes around every edge of UTF-8: ASCII, continuation bytes, leads of every
# length, the overlong and surrogate leads (C0, C1, E0, ED, F0, F4), and past U+10FFFF.
_EDGE_BYTES = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
               0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]  # fmt: skip


@needs_native
@given(
    data=st.lists(
        st.sampled_from(_EDGE_BYTES).map(lambda b: bytes([b]))
        | st.text(max_size=4).map(lambda t: t.encode("utf-8", "surrogatepass"))
        | st.sampled_from([b"abcdefgh", b"\xd0\xb0" * 5, b"\xe2\x82\xac", b"\xf0\x9f\x92\xb3"]),
        max_size=30,
    ).map(b"".join),
    final=st.booleans(),
)
@example(data=b"card \xe2\x82", final=False)  # a window ending inside a character
@example(data=b"card \xe2\x82", final=True)
@example(data=b"12345678\xed\xa0\x80", final=False)  # a surrogate is invalid
def test_utf8_check_answers_as_the_strict_decoder(data: bytes, final: bool) -> None:
    assert _native is not None
    for simd in _simd_flags():
        for text in (data, b"x" * 37 + data, data * 3):
            assert _native.utf8_check(text, final, simd=simd) == _decoder_says(text, final)


@needs_native
def test_utf8_check_on_every_short_sequence() -> None:
    """Every one- and two-byte buffer, and every three-byte one that starts with a lead
    byte, after and before ASCII (the eight-byte fast path), final or not."""
    assert _native is not None
    bufs = [bytes([a]) for a in range(256)]
    bufs += [bytes([a, b]) for a in range(256) for b in range(256)]
    bufs += [bytes([a, b, c]) for a in range(0xC0, 0x100) for b in range(0x80, 0xC0, 7)
             for c in (0x41, 0x80, 0xBF, 0xC2)]  # fmt: skip
    for core in bufs:
        for data in (core, b"x" * 9 + core, core + b"y" * 9, b"x" * 33 + core + b"y" * 40):
            for final in (False, True):
                said = _decoder_says(data, final)
                for simd in _simd_flags():
                    assert _native.utf8_check(data, final, simd=simd) == said, (data, simd)


@needs_native
def test_utf8_check_reads_nothing_past_the_end() -> None:
    """The scanner checks views of a longer buffer it reuses, so the check must stop
    at the view's end: ASCII of every length up to 100 (the fast paths' strides and
    their rests), followed in memory by bytes that would change the answer."""
    assert _native is not None
    for n in range(100):
        for after in (b"\xe2\x82\xac", b"\xff", b"\xc3", b"abc"):
            view = memoryview(bytearray(b"a" * n + after))[:n]
            for final in (False, True):
                for simd in _simd_flags():
                    assert _native.utf8_check(view, final, simd=simd) == (n, n), (n, after, simd)


def _lines_and_columns(data: bytes, pos: int) -> tuple[int, int]:
    """The oracle: newlines before ``pos``, characters after the last one (or -1)."""
    before = data[:pos]
    if b"\n" not in before:
        return before.count(b"\n"), -1
    line = before[before.rindex(b"\n") + 1 :]
    return before.count(b"\n"), sum((b & 0xC0) != 0x80 for b in line)


@needs_native
@given(data=st.text(alphabet="ab\n\u00e4\u00ff\u07ff\u20ac\U0001f600", max_size=90).map(str.encode)
       | st.lists(st.sampled_from([*_EDGE_BYTES, 0x0A, 0x0A])).map(bytes),
       picks=st.lists(st.integers(0, 400), max_size=8))  # fmt: skip
@example(data="ÿ€\u07ff\nä".encode() * 9, picks=[3, 77, 150, 399])  # every continuation byte kind
@example(data=bytes(range(256)), picks=[5, 130, 255])
def test_line_columns_count_lines_and_characters(data: bytes, picks: list[int]) -> None:
    """For sorted positions, repeated or not, with long stretches between them (the
    loops of 8 and 32 bytes) and without newlines at all; on UTF-8 and on any bytes
    (continuation bytes 0x80-0xBF count as no character, all others as one)."""
    assert _native is not None
    for text in (data, data * 5, data * 40, data.replace(b"\n", b"")):
        positions = sorted({p % (len(text) + 1) for p in picks} | {0, len(text)})
        positions = sorted(positions + positions[:2])  # a position twice
        expected = [_lines_and_columns(text, p) for p in positions]
        for simd in _simd_flags():
            lines, cols = _native.line_columns(text, positions, simd=simd)
            assert list(zip(lines, cols, strict=True)) == expected, simd


@given(text=st.text(alphabet="ab\n\u00e4\u20ac\U0001f600", max_size=90),
       picks=st.lists(st.integers(0, 400), max_size=8))  # fmt: skip
def test_python_line_columns_count_lines_and_characters(text: str, picks: list[int]) -> None:
    """The Python twin (for ``str`` windows and the Python backend), by characters."""
    for window in (text, text * 5, text.replace("\n", ""), text.encode("ascii", "ignore")):
        positions = sorted({p % (len(window) + 1) for p in picks} | {0, len(window)})
        positions = sorted(positions + positions[:2])
        newline: Any = "\n" if isinstance(window, str) else b"\n"
        expected = []
        for p in positions:
            last = window.rfind(newline, 0, p)
            expected.append((window.count(newline, 0, p), p - last - 1 if last >= 0 else -1))
        lines, cols = _line_columns(window, positions)
        assert list(zip(lines, cols, strict=True)) == expected


@needs_native
def test_line_columns_reject_unsorted_or_outside_positions() -> None:
    assert _native is not None
    with pytest.raises(BackendError):
        _native.line_columns(b"a\nb", [2, 1])
    with pytest.raises(BackendError):
        _native.line_columns(b"a\nb", [4])
    assert _native.line_columns(b"", []) == ([], [])
