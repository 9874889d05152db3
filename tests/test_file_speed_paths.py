"""The byte paths of streams and files give the findings of the decoded text.

UTF-8 and 8-bit streams are scanned as bytes where that is exact (ASCII windows,
valid UTF-8) and decoded elsewhere (invalid UTF-8, non-ASCII code-page text). Both
must give the findings of one scan of the whole decoded text, with line and column,
for any window size, read size and split point; the text path
(:func:`pansafe.scan.scan_windows`) is held to the same oracle.
"""

from __future__ import annotations

import codecs
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scan_stream import PIECES, TinyReads, expected, got

import pansafe
from pansafe.decoding import TextEncoding, byte_mode
from pansafe.detectors import Fields
from pansafe.findings import Kind
from pansafe.scan import DEFAULT_WINDOW, MARGIN, Scanner, _place, _utf8_boundary

Row = tuple[str, int, int, int, int]

#: UTF-8 pieces: the stream pieces, characters of 2, 3 and 4 bytes, line breaks.
TEXT_PIECES = [*PIECES, "€", "日本", "😀", "ü\n", "Ж" * 3, "\r\n"]
#: Bytes that are not valid UTF-8 on their own: stray continuation bytes, leads
#: without their continuation, bytes that never occur, a truncated emoji.
INVALID = [b"\x80", b"\xbf", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xff", b"\xc0\xaf"]

utf8_pieces = st.sampled_from([p.encode() for p in TEXT_PIECES])
windows = st.integers(2 * MARGIN + 1, 4000)


def decoded_findings(raw: bytes, codec: str) -> list[Row]:
    """The oracle: one scan of the whole text, decoded as the stream path decodes it."""
    return expected(raw.decode(codec, "surrogateescape"))


def stream_findings(raw: bytes, window: int, **options: str) -> list[Row]:
    return got(list(Scanner().scan_stream(io.BytesIO(raw), window=window, **options)))


@settings(max_examples=80)
@given(parts=st.lists(utf8_pieces, min_size=1, max_size=150), window=windows)
def test_valid_utf8_bytes_give_the_findings_of_the_text(
    backend: str, parts: list[bytes], window: int
) -> None:
    raw = b"".join(parts)
    want = decoded_findings(raw, "utf-8")
    assert stream_findings(raw, window) == want
    # The text path, on the same text, agrees.
    text = raw.decode()
    assert got(list(Scanner().scan_stream(io.StringIO(text), window=window))) == want


@settings(max_examples=80)
@given(
    parts=st.lists(st.one_of(utf8_pieces, st.sampled_from(INVALID)), min_size=1, max_size=150),
    window=windows,
)
def test_invalid_utf8_gives_the_findings_of_the_escaped_text(
    backend: str, parts: list[bytes], window: int
) -> None:
    raw = b"".join(parts)
    assert stream_findings(raw, window, encoding="utf-8") == decoded_findings(raw, "utf-8")


@settings(max_examples=60)
@given(
    parts=st.lists(st.sampled_from(PIECES), min_size=1, max_size=150),
    invalid_at=st.lists(st.integers(0, 1 << 20), max_size=3),
    window=windows,
)
def test_mostly_ascii_with_a_few_bad_bytes(
    backend: str, parts: list[str], invalid_at: list[int], window: int
) -> None:
    # Long ASCII runs make whole windows ASCII (scanned as bytes), next to windows
    # with an invalid byte (decoded) and windows of valid UTF-8 (bytes, counted).
    raw = bytearray("".join(parts).encode())
    for i in invalid_at:
        raw.insert(i % (len(raw) + 1), 0xFF)
    data = bytes(raw)
    assert stream_findings(data, window, encoding="utf-8") == decoded_findings(data, "utf-8")


@settings(max_examples=40)
@given(
    parts=st.lists(
        st.sampled_from(
            [*PIECES[:4], "Kaardi turvakood on 123, ", "PIN-kood 4821. ", "Tänan, Jüri Šorin\n"]
        ),
        min_size=1,
        max_size=150,
    ),
    window=windows,
)
def test_8bit_code_page(backend: str, parts: list[str], window: int) -> None:
    text = "".join(p for p in parts if p.isascii() or p.encode("cp1257", "ignore"))
    raw = text.encode("cp1257", "ignore")
    assert stream_findings(raw, window, encoding="cp1257") == decoded_findings(raw, "cp1257")


@pytest.mark.parametrize("read_size", [1, 3, 7, 1000, 5000])
def test_tiny_and_odd_reads(backend: str, read_size: int) -> None:
    text = "".join(TEXT_PIECES) * 40
    raw = codecs.BOM_UTF8 + text.encode()
    stream = io.BufferedReader(TinyReads(raw, read_size), buffer_size=max(read_size, 8))
    found = got(list(Scanner().scan_stream(stream, window=2 * MARGIN + 1)))
    assert found == expected(text)  # offsets count from after the BOM


def test_every_split_point_around_multibyte_characters(backend: str) -> None:
    scanner = Scanner()
    window = 2 * MARGIN + 1
    item = "Ж card 4111 1111 1111 1111 € cvv 123 😀"
    for shift in range(0, 3 * window, 5):
        text = "ä" * (shift // 2) + "y" * (shift % 2) + item + "\n" + "z" * 50
        raw = text.encode()
        assert got(list(scanner.scan_stream(io.BytesIO(raw), window=window))) == expected(text)


def test_ascii_and_utf8_windows_alternate(backend: str) -> None:
    # Big windows of ASCII, then of UTF-8, then ASCII again: line and character
    # counts carry over from one kind of window to the next.
    block_a = ("ok 4111 1111 1111 1111 12/27\n" + "x" * 70 + "\n") * 200
    block_u = ("ü card 5555 5555 5555 4444 cvv 123 турвакод\n") * 200
    text = block_a + block_u + block_a + block_u + block_a
    raw = text.encode()
    for window in (2 * MARGIN + 1, 4096, 40_000, DEFAULT_WINDOW):
        assert stream_findings(raw, window) == expected(text)


@pytest.mark.parametrize("char", ["a", "ü"])
def test_long_lines_across_windows(backend: str, char: str) -> None:
    # Lines longer than a window, with findings after every window's cut: their
    # columns count from a line start that an earlier window saw.
    line = (char * 1500 + " 4111111111111111 ") * 8
    text = "head\n" + line + "\n" + line + "\nend 5555 5555 5555 4444"
    raw = text.encode()
    for window in (2 * MARGIN + 1, 1500, 4096):
        assert stream_findings(raw, window) == expected(text)


@st.composite
def window_and_findings(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Text, sorted non-overlapping spans (some across line breaks) and region bounds."""
    alphabet = draw(st.sampled_from([["a", "bc", "\n"], ["a", "bc", "\n", "ä", "€", "😀"]]))
    text = "".join(draw(st.lists(st.sampled_from(alphabet), max_size=60)))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    # The region [reported, limit) holds the next window's start, cut, or follows it.
    a, b, limit = sorted(draw(st.lists(st.integers(0, len(text)), min_size=3, max_size=3)))
    reported, cut = draw(st.sampled_from([(a, b), (b, a)]))
    return text, spans, [reported, limit, cut]


@given(case=window_and_findings(), at=st.tuples(st.integers(0, 99), st.integers(1, 9)))
def test_place_counts_characters_and_lines(
    case: tuple[str, list[tuple[int, int]], list[int]], at: tuple[int, int]
) -> None:
    # Spans of any shape, also across line breaks, which no detector reports today.
    text, spans, (reported, limit, cut) = case
    char0, line0 = at
    start0 = char0 - 3
    findings: list[Fields] = [(Kind.PAN, a, b, "*", None, False, 1.0) for a, b in spans]

    def where(pos: int) -> tuple[int, int, int]:  # the plain way
        before = text[:pos]
        if "\n" not in before:
            return char0 + pos, line0, start0
        return char0 + pos, line0 + before.count("\n"), char0 + before.rindex("\n") + 1

    want = []
    for a, b in spans:
        if reported <= a < limit:
            char, line, line_start = where(a)
            want.append((char, char + b - a, line, char - line_start + 1))
    start = (char0, line0, start0)
    found, saved = _place(findings, text, start, reported, limit, cut)
    assert [(f.start, f.end, f.line, f.column) for f in found] == want
    assert saved == where(cut)
    if text.isascii():  # bytes: one character per byte
        found, saved = _place(findings, text.encode(), start, reported, limit, cut)
        assert [(f.start, f.end, f.line, f.column) for f in found] == want
        assert saved == where(cut)


def test_utf8_boundary() -> None:
    data = "aä€😀".encode()  # 1 + 2 + 3 + 4 bytes
    starts = [0, 1, 3, 6, 10]
    for pos in range(len(data) + 1):
        assert _utf8_boundary(data, pos) == max(s for s in starts if s <= pos)
    junk = b"a" + b"\x80" * 6
    assert [_utf8_boundary(junk, p) for p in range(len(junk) + 1)] == [0, 0, 0, 0, 4, 5, 6, 7]


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("utf-8", "utf-8"),
        ("latin-1", "8-bit"),
        ("cp1252", "8-bit"),
        ("cp1257", "8-bit"),
        ("cp1251", "8-bit"),
        ("utf-16-le", None),
        ("utf-32-be", None),
        ("utf-8-sig", None),
        ("shift_jis", None),
        ("gb18030", None),
        ("iso2022_jp", None),
        ("hz", None),
        ("utf-7", None),
        ("cp037", None),
    ],
)
def test_byte_mode(name: str, mode: str | None) -> None:
    assert byte_mode(TextEncoding(name)) == mode


class CountingReads(io.RawIOBase):
    """A stream of ``size`` bytes of one repeated line, counting what was read."""

    def __init__(self, line: bytes, size: int) -> None:
        self.line = line
        self.left = size
        self.read_total = 0
        self.largest = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        n = self.left if size < 0 else min(size, self.left)
        skip = self.read_total % len(self.line)  # go on where the last read stopped
        out = (self.line * (n // len(self.line) + 2))[skip : skip + n]
        self.left -= n
        self.read_total += n
        self.largest = max(self.largest, n)
        return out


def test_one_huge_line_is_read_in_bounded_windows(backend: str) -> None:
    piece = ("ä" * 1000 + " 4111111111111111 ").encode()  # no newline at all
    stream = CountingReads(piece, 64 * len(piece) * 100)  # ~13 MB
    findings = Scanner().scan_stream(stream, window=1 << 20)
    first = next(findings)
    assert first.line == 1
    assert stream.read_total <= 2 * DEFAULT_WINDOW + 2  # lazily, window by window
    rest = list(findings)
    assert len(rest) + 1 == 6400
    assert stream.largest <= DEFAULT_WINDOW
    assert all(f.line == 1 and f.column == f.start + 1 for f in rest)


def test_large_reads() -> None:
    # Files are read in chunks of (at least) a window, so big files take few reads.
    raw = ("log line 4111 1111 1111 1111\n" * 100_000).encode()  # ~3 MB
    stream = CountingReads(raw, len(raw))
    reads: list[int] = []
    real = stream.read

    def read(size: int = -1) -> bytes:
        reads.append(size)
        return real(size)

    stream.read = read  # type: ignore[method-assign]
    assert len(list(pansafe.scan_stream(stream))) == 100_000
    assert min(reads) >= DEFAULT_WINDOW
    assert len(reads) <= len(raw) // DEFAULT_WINDOW + 3
