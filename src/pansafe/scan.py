"""The scanner: what to scan (str, bytes, streams, files) and where, not what to find.

Detection works on one buffer at a time (see :mod:`pansafe.detectors`). Streams
and files are cut into overlapping windows: each window is scanned whole, but only
findings that *start* in its middle region are reported, and the overlap on both
sides is wider than any finding plus the context it depends on. So every finding
is reported exactly once, with exact offsets, however the input is chunked, and
memory stays bounded even for a 100 MB line.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pansafe.config import ScanConfig
from pansafe.decoding import TextEncoding, decode_chunks
from pansafe.detectors import detect, detect_many
from pansafe.errors import InputError
from pansafe.findings import Finding, Kind

__all__ = [
    "DEFAULT_WINDOW",
    "MARGIN",
    "Region",
    "Scanner",
    "default_scanner",
    "scan_windows",
    "text_chunks",
]

#: Characters on each side of a window's reported region: more than the longest
#: finding (track 1: 79) plus the context it is judged by (a context word, the gap
#: to its value, neighbouring digit groups), with room to spare.
MARGIN = 512
#: Characters per window when scanning streams.
DEFAULT_WINDOW = 1 << 20


def _as_bytes(data: object) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise InputError(f"expected str or bytes, got {type(data).__name__}")


class Scanner:
    """A configured scanner; reuse one for many inputs.

    Args:
        kinds: kinds to report (default all: ``pan``, ``track1``, ``track2``,
            ``cvv``, ``pin``, ``expiry``).
        brands: report PANs and tracks of these brands only (default all).
        languages: context-word languages (default all bundled: en, et, de, fi,
            ru, lv, lt).
        allow: card numbers never to report (separators ignored).
        test_cards: ``"label"`` reports published test cards with
            ``test_card=True``; ``"ignore"`` drops them.

    Raises:
        ConfigError: an unknown kind, brand, language or policy.

    .. versionadded:: 0.1
    """

    __slots__ = ("config",)

    def __init__(
        self,
        *,
        kinds: Iterable[str | Kind] | None = None,
        brands: Iterable[str] | None = None,
        languages: Iterable[str] | None = None,
        allow: Iterable[str] = (),
        test_cards: str = "label",
    ) -> None:
        self.config = ScanConfig.build(
            kinds=kinds, brands=brands, languages=languages, allow=allow, test_cards=test_cards
        )

    @classmethod
    def from_config(cls, config: ScanConfig) -> Scanner:
        scanner = cls.__new__(cls)
        scanner.config = config
        return scanner

    def __repr__(self) -> str:
        return f"Scanner({self.config!r})"

    def scan(self, data: str | bytes) -> list[Finding]:
        """Find card data in one text or buffer.

        Offsets are characters for ``str`` and bytes for ``bytes``.

        Raises:
            InputError: ``data`` is neither ``str`` nor bytes-like.
        """
        if isinstance(data, str):
            buf = data.encode("utf-8", "surrogatepass")
            return detect(buf, self.config, chars=len(buf) != len(data))
        return detect(_as_bytes(data), self.config)

    def scan_many(self, texts: Iterable[str | bytes]) -> list[list[Finding]]:
        """:meth:`scan` each text; one call into the C core for all of them.

        For queues of short texts (tickets, messages, log records), where the cost
        of each call, not the scanning, would dominate. Texts are scanned on their
        own: nothing is found across two of them.

        Raises:
            InputError: a text is neither ``str`` nor bytes-like.

        .. versionadded:: 0.1
        """
        bufs: list[bytes] = []
        chars: list[bool] = []
        for data in texts:
            if isinstance(data, str):
                buf = data.encode("utf-8", "surrogatepass")
                bufs.append(buf)
                chars.append(len(buf) != len(data))
            else:
                bufs.append(_as_bytes(data))
                chars.append(False)
        return detect_many(bufs, self.config, chars)

    def contains_card_data(self, data: str | bytes) -> bool:
        """True if :meth:`scan` would find anything; for gates that need no details."""
        return bool(self.scan(data))

    def scan_stream(
        self, stream: IO[Any], *, encoding: str | None = None, window: int = DEFAULT_WINDOW
    ) -> Iterator[Finding]:
        """Scan a binary or text file object in bounded memory.

        Binary streams are decoded first (see :mod:`pansafe.decoding`); offsets are
        characters of the decoded text, with 1-based ``line`` and ``column``.
        """
        _, chunks = text_chunks(stream, encoding=encoding)
        for _, findings in scan_windows(self, chunks, window):
            yield from findings

    def scan_file(
        self,
        path: str | os.PathLike[str],
        *,
        encoding: str | None = None,
        window: int = DEFAULT_WINDOW,
    ) -> Iterator[Finding]:
        """Scan a file in bounded memory; see :meth:`scan_stream`.

        Raises:
            InputError: the file cannot be opened or read (the message names the path).
        """
        try:
            with open(path, "rb") as stream:
                yield from self.scan_stream(stream, encoding=encoding, window=window)
        except OSError as exc:
            raise InputError(f"cannot read {os.fsdecode(path)}: {exc.strerror or exc}") from exc


def scan_windows(
    scanner: Scanner, chunks: Iterable[str], window: int = DEFAULT_WINDOW
) -> Iterator[tuple[Region, list[Finding]]]:
    """Cut chunked text into overlapping windows; yield each reported region with its findings.

    Finding offsets are absolute; regions tile the whole text without gaps, so a
    caller can rebuild (or redact) the text region by region.
    """
    if window < 2 * MARGIN + 1:
        raise ValueError(f"window must be larger than {2 * MARGIN}")
    lines = _LineCounter()
    buffer = ""
    base = 0  # absolute offset of buffer[0]
    reported = 0  # absolute offset up to which regions were handed out
    iterator = iter(chunks)
    eof = False
    while not eof:
        while len(buffer) < window:
            chunk = next(iterator, None)
            if chunk is None:
                eof = True
                break
            buffer += chunk
        limit = len(buffer) if eof else len(buffer) - MARGIN
        found = []
        for f in scanner.scan(buffer):
            start = base + f.start
            if reported <= start < base + limit:
                line, column = lines.locate(buffer, base, start)
                found.append(
                    dataclasses.replace(f, start=start, end=base + f.end, line=line, column=column)
                )
        yield Region(buffer, base, reported, base + limit), found
        lines.locate(buffer, base, base + limit)
        reported = base + limit
        cut = max(0, limit - MARGIN)
        buffer = buffer[cut:]
        base += cut


@functools.cache
def default_scanner() -> Scanner:
    """The scanner with default options, built once."""
    return Scanner()


@dataclasses.dataclass(frozen=True, slots=True)
class Region:
    """A window of text and the part of it, ``[start, end)`` absolute, whose findings it reports."""

    text: str
    base: int
    start: int
    end: int


class _LineCounter:
    """Line and column of increasing absolute offsets across windows."""

    __slots__ = ("line", "line_start", "pos")

    def __init__(self) -> None:
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def locate(self, text: str, base: int, pos: int) -> tuple[int, int]:
        segment = text[self.pos - base : pos - base]
        newlines = segment.count("\n")
        if newlines:
            self.line += newlines
            self.line_start = self.pos + segment.rindex("\n") + 1
        self.pos = pos
        return self.line, pos - self.line_start + 1


def text_chunks(
    stream: IO[Any], *, encoding: str | None = None, strict: bool = False
) -> tuple[TextEncoding | None, Iterator[str]]:
    """Text chunks from a binary stream (decoded) or a text stream (as is).

    Returns the detected encoding (None for a text stream) and the chunks.
    """
    read = getattr(stream, "read", None)
    if read is None:
        raise InputError(f"expected a file object, got {type(stream).__name__}")
    head = read(DEFAULT_WINDOW)
    if isinstance(head, str):

        def text() -> Iterator[str]:
            chunk: object = head
            while chunk:
                if not isinstance(chunk, str):
                    raise InputError("the text stream returned bytes")
                yield chunk
                chunk = read(DEFAULT_WINDOW)

        return None, text()
    if not isinstance(head, (bytes, bytearray)):
        raise InputError(f"the stream returned {type(head).__name__}, not str or bytes")
    return decode_chunks(stream, head=bytes(head), encoding=encoding, strict=strict)
