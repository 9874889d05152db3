"""Streams and files: the same findings as one buffer, for every chunking and split point."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pansafe
from pansafe.scan import DEFAULT_WINDOW, MARGIN, Scanner

PIECES = [
    "card 4111 1111 1111 1111 12/27 ",
    "cvv 123 ",
    "PIN-kood 4821\n",
    "%B5555555555554444^DOE/JOHN^2812201000000000?\n",
    "турвакод ",
    "ПИН-код 9876 ",
    "IMEI 356938035643809 ",
    "Zeit 1700000000000 ",
    "x" * 50,
    "\n",
    "ä" * 7,
    "3782 822463 10005 ",
]


class TinyReads(io.RawIOBase):
    """A binary stream that returns at most ``size`` bytes per read."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data = data
        self.pos = 0
        self.size = size

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        n = min(len(b), self.size, len(self.data) - self.pos)
        b[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        n = self.size if size < 0 else min(size, self.size)
        out = self.data[self.pos : self.pos + n]
        self.pos += len(out)
        return out


def expected(text: str) -> list[tuple[str, int, int, int, int]]:
    """Findings of one whole buffer, with line and column computed independently."""
    out = []
    for f in pansafe.scan(text):
        line = text.count("\n", 0, f.start) + 1
        column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        out.append((f.kind.value, f.start, f.end, line, column))
    return out


def got(findings: list[pansafe.Finding]) -> list[tuple[str, int, int, int, int]]:
    return [(f.kind.value, f.start, f.end, f.line or 0, f.column or 0) for f in findings]


@settings(max_examples=60)
@given(
    parts=st.lists(st.sampled_from(PIECES), min_size=1, max_size=120),
    window=st.integers(2 * MARGIN + 1, 3000),
)
def test_windows_give_the_same_findings_as_one_buffer(parts: list[str], window: int) -> None:
    text = "".join(parts)
    stream = io.StringIO(text)
    assert got(list(Scanner().scan_stream(stream, window=window))) == expected(text)


def test_every_split_point_of_a_small_window() -> None:
    # Slide a card across every position relative to the window edges.
    scanner = Scanner()
    window = 2 * MARGIN + 1
    item = "card 4111 1111 1111 1111 cvv 123"
    for shift in range(0, 2 * window, 7):
        text = "y" * shift + item + "\n" + "z" * 50
        assert got(list(scanner.scan_stream(io.StringIO(text), window=window))) == expected(text)


@pytest.mark.parametrize("buffered", [True, False])
@pytest.mark.parametrize("read_size", [1, 2, 3, 5, 7, 64])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-8-sig"])
def test_tiny_reads_and_encodings(
    backend: str, read_size: int, encoding: str, buffered: bool
) -> None:
    """Short reads, through ``read`` or ``readinto`` (the native backend reads each
    window into one reused buffer), in small windows and in one."""
    text = "".join(PIECES) * 3
    raw = text.encode(encoding)
    if encoding == "utf-16-le":
        raw = codecs.BOM_UTF16_LE + raw
    for window in (2 * MARGIN + 1, 1500, DEFAULT_WINDOW):
        stream: io.RawIOBase | io.BufferedReader = TinyReads(raw, read_size)
        if buffered:
            stream = io.BufferedReader(stream, buffer_size=read_size)
        assert got(list(Scanner().scan_stream(stream, window=window))) == expected(text)


class CountedReads(TinyReads):
    """A stream that counts the reads that reach it after its end."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__(data, size)
        self.after_end = 0

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        self.after_end += self.pos == len(self.data)
        return super().readinto(b)

    def read(self, size: int = -1) -> bytes:
        self.after_end += self.pos == len(self.data)
        return super().read(size)


@pytest.mark.parametrize("window", [2 * MARGIN + 1, 1500, DEFAULT_WINDOW])
@pytest.mark.parametrize("prefix", [b"", codecs.BOM_UTF8])
def test_a_stream_shorter_than_a_window_is_read_to_its_end_once(
    backend: str, window: int, prefix: bytes
) -> None:
    """The head read to tell the encoding is the whole stream: no window reads it
    again (nor sizes its memory for a window it will never fill), whatever the
    windows' size, and the findings are the same."""
    text = "".join(PIECES) * 3
    stream = CountedReads(prefix + text.encode(), DEFAULT_WINDOW)
    assert got(list(Scanner().scan_stream(stream, window=window))) == expected(text)
    assert stream.after_end == 1  # the read that told the head it had it all


def test_legacy_8bit_text_is_decoded(backend: str, tmp_path: Path) -> None:
    text = (
        "Lugupeetud klienditugi! Kaardi turvakood on 123, PIN-kood 4821. Tänan, Jüri Šorin\n" * 20
    )
    path = tmp_path / "ticket-cp1257.txt"
    path.write_bytes(text.encode("cp1257"))
    found = list(pansafe.scan_file(str(path)))
    assert [f.kind.value for f in found[:2]] == ["cvv", "pin"]
    assert len(found) == 40
    assert found[2].line == 2


def test_utf16_without_bom(backend: str) -> None:
    text = "card 4111111111111111 ok\n"
    found = list(pansafe.scan_stream(io.BytesIO(text.encode("utf-16-le"))))
    assert got(found) == expected(text)


def test_binary_file_is_scanned_as_bytes(backend: str, tmp_path: Path) -> None:
    blob = bytes(range(256)) * 4 + b"\x00PAN=4111111111111111\x00" + bytes(range(256))
    path = tmp_path / "core.bin"
    path.write_bytes(blob)
    (finding,) = pansafe.scan_file(str(path))
    assert finding.start == blob.index(b"4111")  # Latin-1: one character per byte
    assert finding.kind is pansafe.Kind.PAN


def test_one_huge_line_in_bounded_windows(backend: str) -> None:
    line = ("a" * 4000 + " 4111111111111111 ") * 500  # ~2 MB, no newline
    found = list(Scanner().scan_stream(io.StringIO(line), window=1 << 16))
    assert len(found) == 500
    assert all(f.line == 1 for f in found)
    assert found[-1].column == found[-1].start + 1


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(pansafe.InputError, match="cannot read"):
        list(pansafe.scan_file(str(tmp_path / "nope.txt")))
