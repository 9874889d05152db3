"""The scanner: what to scan (str, bytes, streams, files) and where, not what to find.

Detection works on one buffer at a time (see :mod:`pansafe.detectors`). Streams
and files are cut into overlapping windows: each window is scanned whole, but only
findings that *start* in its middle region are reported, and the overlap on both
sides is wider than any finding plus the context it depends on. So every finding
is reported exactly once, with exact offsets, however the input is chunked, and
memory stays bounded even for a 100 MB line.

Streams in UTF-8 or an 8-bit code page (most files) are scanned as bytes, without
decoding them to ``str`` and encoding that back to UTF-8 for the detectors: a
window of ASCII or valid UTF-8 bytes *is* that encoding, so the findings are the
same, and only their offsets are mapped to characters (see :func:`_scan_bytes`).
Windows that are neither (invalid UTF-8, non-ASCII code-page text) are decoded.
"""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import functools
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Literal, cast

from pansafe import _backend
from pansafe.config import ScanConfig
from pansafe.decoding import TextEncoding, byte_mode, iter_decoded, resolve_encoding
from pansafe.detectors import Fields, detect, detect_fields, detect_fields_utf8, detect_many
from pansafe.errors import InputError
from pansafe.findings import Finding, Kind, new_finding

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
#: Characters per window when scanning streams; bytes, and bytes per read, for
#: streams scanned as bytes (UTF-8 and 8-bit code pages).
DEFAULT_WINDOW = 1 << 20


def _batch(texts: list[Any]) -> tuple[bytes, list[int], list[bool] | None]:
    """The texts of a batch in one buffer, where each starts and ends in it, and which
    are UTF-8 of a ``str`` that is not ASCII (``None``: none is)."""
    try:
        if all(map(str.isascii, texts)):  # most queues: encoded at once, offsets in bytes
            return "".join(texts).encode("ascii"), _bounds(texts), None
    except TypeError:  # not all str
        pass
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
    return b"".join(bufs), _bounds(bufs), chars


def _bounds(parts: list[Any]) -> list[int]:
    return [0, *itertools.accumulate(map(len, parts))]


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
            return detect(buf, self.config, len(buf) != len(data))
        return detect(_as_bytes(data), self.config, False)

    def scan_many(self, texts: Iterable[str | bytes]) -> list[list[Finding]]:
        """:meth:`scan` each text; one call into the C core for all of them.

        For queues of short texts (tickets, messages, log records), where the cost
        of each call, not the scanning, would dominate. Texts are scanned on their
        own: nothing is found across two of them.

        Raises:
            InputError: a text is neither ``str`` nor bytes-like.

        .. versionadded:: 0.1
        """
        joined, bounds, chars = _batch(list(texts))
        return detect_many(joined, bounds, self.config, chars)

    def contains_card_data(self, data: str | bytes) -> bool:
        """True if :meth:`scan` would find anything; for gates that need no details."""
        return bool(self.scan(data))

    def scan_stream(
        self, stream: IO[Any], *, encoding: str | None = None, window: int = DEFAULT_WINDOW
    ) -> Iterator[Finding]:
        """Scan a binary or text file object in bounded memory.

        Binary streams are decoded first (see :mod:`pansafe.decoding`); offsets are
        characters of the decoded text, with 1-based ``line`` and ``column``.
        ``window`` is the size of the pieces scanned at once: bytes for UTF-8 and
        8-bit streams, which are scanned as bytes, characters otherwise.
        """
        read, head = _read_head(stream)
        if isinstance(head, str):
            chunks = _text_reads(read, head)
        else:
            # _read_head reads on to a full window or to the end: a shorter head is
            # the whole stream, which a small file's scan then never reads again.
            complete = len(head) < DEFAULT_WINDOW
            enc = resolve_encoding(head, encoding=encoding, at_eof=complete)
            mode = byte_mode(enc)
            if mode is not None:
                readinto = getattr(stream, "readinto", None)
                rest = head[len(enc.bom) :]
                yield from _scan_bytes(self, read, rest, mode, enc.name, window, readinto, complete)
                return
            chunks = iter_decoded(stream, head, enc)
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
    buffer = ""
    at: _Place = (0, 1, 0)  # character offset, line and line start of buffer[0]
    reported = 0  # absolute offset up to which regions were handed out
    iterator = iter(chunks)
    eof = False
    while not eof:
        parts = [buffer]
        size = len(buffer)
        while size < window:
            chunk = next(iterator, None)
            if chunk is None:
                eof = True
                break
            parts.append(chunk)
            size += len(chunk)
        buffer = "".join(parts)
        base = at[0]
        limit = len(buffer) if eof else len(buffer) - MARGIN
        cut = max(0, limit - MARGIN)
        found, at = _place(
            _detect_text(scanner.config, buffer), buffer, at, reported - base, limit, cut
        )
        yield Region(buffer, base, reported, base + limit), found
        reported = base + limit
        buffer = buffer[cut:]


def _scan_bytes(
    scanner: Scanner,
    read: Callable[[int], Any],
    head: bytes,
    mode: Literal["utf-8", "8-bit"],
    codec: str,
    window: int,
    readinto: Callable[[memoryview], Any] | None = None,
    complete: bool = False,
) -> Iterator[Finding]:
    """:func:`scan_windows` for a UTF-8 or 8-bit stream, on windows of bytes.

    The detectors work on UTF-8, so a window of ASCII bytes, or of valid UTF-8, is
    scanned as it is, not decoded and encoded back first; the detect step counts
    the characters before each finding (in C on the native backend), and the
    decoded text (for UTF-8, decoding is the check that the bytes are valid)
    gives the lines. Other windows (invalid
    UTF-8; code-page text that is not ASCII) are decoded as :func:`scan_windows`
    would. Windows start on character boundaries, so decoding them one by one
    decodes the stream, and the overlap of :data:`MARGIN` bytes is at least as
    wide as the detectors look (they count bytes too).

    Args:
        read: the stream's ``read``.
        head: bytes read so far, after any BOM.
        mode: from :func:`pansafe.decoding.byte_mode`.
        codec: the encoding, to decode 8-bit windows that are not ASCII.
        window: bytes read per window (the overlap carried over comes on top).
        readinto: the stream's ``readinto``, if it has one. The native backend reads
            every window into the same memory (:class:`_WindowBuffer`), with it or
            with ``read``.
        complete: ``head`` is all the stream holds; it is not read again.
    """
    if window < 2 * MARGIN + 1:
        raise ValueError(f"window must be larger than {2 * MARGIN}")
    windows: _WindowBuffer | _WindowJoin = (
        _WindowBuffer(read, readinto, head, window, complete)
        if _backend.detector is not None
        else _WindowJoin(read, head, window, complete)
    )
    config = scanner.config
    utf8 = mode == "utf-8"
    boundary = _utf8_boundary if utf8 else _any_boundary
    data = b""
    at: _Place = (0, 1, 0)  # character offset, line and line start of data[0]
    reported = 0  # offset in data where this window's region starts
    eof = False
    while not eof:
        # The bytes not reported yet (after `reported`; the rest is context): a window.
        read_window, eof = windows.next(data, reported + window)
        # Maybe the bytearray of a _WindowBuffer: all below reads it as it reads bytes
        # (slices, decode, find, count; C through ffi.from_buffer).
        data = cast(bytes, read_window)
        limit = len(data) if eof else boundary(data, len(data) - MARGIN)
        cut = boundary(data, max(0, limit - MARGIN))
        if data.isascii():  # one character per byte, in every mode
            fields = detect_fields(data, config)
            starts = [f[1] for f in fields]
            line_columns = _backend.line_columns or _line_columns
            found, at = _place_table(
                fields, data, starts, line_columns, at, reported, limit, cut, cut
            )
        elif not utf8:
            text = data.decode(codec, "surrogateescape")  # one character per byte
            found, at = _place(_detect_text(config, text), data, at, reported, limit, cut)
        elif (check := _backend.utf8_check) is not None and _backend.line_columns:
            # The C core checks the bytes (complete characters only: a read may end
            # inside one) and counts characters; lines are counted in the bytes.
            counted = check(data, eof)
            if counted is None:
                found, at = _place_decoded(config, data, at, reported, limit, cut, eof)
            else:
                used, chars = counted
                reported_c, limit_c, cut_c = _region_chars(data, used, chars, reported, limit, cut)
                fields, starts = detect_fields_utf8(data, config)
                found, at = _place_table(
                    fields, data, starts, _backend.line_columns, at, reported_c, limit_c, cut, cut_c
                )
        else:
            try:
                # Complete characters only (a read may end inside one), and valid.
                text, used = codecs.utf_8_decode(data, "strict", eof)
            except UnicodeDecodeError:
                found, at = _place_decoded(config, data, at, reported, limit, cut, eof)
            else:
                reported_c, limit_c, cut_c = _region_chars(
                    data, used, len(text), reported, limit, cut
                )
                findings = detect_fields(data, config, chars=True)
                found, at = _place(findings, text, at, reported_c, limit_c, cut_c)
        yield from found
        reported = limit - cut
        data = data[cut:]


def _region_chars(
    data: bytes, used: int, chars: int, reported: int, limit: int, cut: int
) -> tuple[int, int, int]:
    """``reported``, ``limit`` and ``cut`` of a UTF-8 window in characters, given that
    ``data[:used]`` holds ``chars`` of them: only the few bytes at the edges of the
    region are decoded."""
    limit_c = chars - len(data[limit:used].decode())
    cut_c = limit_c - len(data[cut:limit].decode())
    return len(data[:reported].decode()), limit_c, cut_c


def _chunk(data: object) -> bytes:
    """What a binary stream's ``read`` returned, as ``bytes``; anything else is an error."""
    if type(data) is bytes:
        return data
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    raise InputError(f"the stream returned {type(data).__name__}, not bytes")


class _WindowJoin:
    """A binary stream's windows, read with ``read`` and joined to what is carried over."""

    __slots__ = ("_complete", "_head", "_read", "_window")

    def __init__(
        self, read: Callable[[int], Any], head: bytes, window: int, complete: bool = False
    ) -> None:
        self._read = read
        self._head = head  # what was read to detect the encoding comes first
        self._window = window
        self._complete = complete  # the head is the whole stream

    def next(self, carry: bytes | bytearray, size: int) -> tuple[bytes, bool]:
        """``carry``, then the stream's next bytes until there are ``size`` at least;
        and whether the stream ended first."""
        parts = [bytes(carry)]
        filled = len(carry)
        while filled < size:
            if self._head:
                chunk = self._head[: self._window]
                self._head = self._head[len(chunk) :]
            else:
                chunk = b"" if self._complete else self._read(self._window)
            if not chunk:
                return b"".join(parts), True
            parts.append(_chunk(chunk))
            filled += len(chunk)
        return b"".join(parts) if len(parts) > 1 else parts[0], False


class _WindowBuffer:
    """A binary stream's windows, read into one reused ``bytearray``.

    A new ``bytes`` of a megabyte per window (and another to join it to the bytes
    carried over) costs fresh pages: page faults and the kernel clearing them
    were 6-9% of a file scan's time in profiles. Native backend only, since the
    Python detectors take ``bytes``. Without a ``readinto``, or with one that is
    not implemented (as in ``io.RawIOBase`` subclasses that define ``read``
    alone), windows are read with ``read``, still into the same memory.
    """

    __slots__ = ("_buf", "_complete", "_head", "_read", "_readinto", "_window")

    def __init__(
        self,
        read: Callable[[int], Any],
        readinto: Callable[[memoryview], Any] | None,
        head: bytes,
        window: int,
        complete: bool = False,
    ) -> None:
        self._read, self._readinto, self._window = read, readinto, window
        self._head = memoryview(head)  # read but not used yet: the head, a read's rest
        self._buf = bytearray()
        # The head is the whole stream: the buffer holds no more than it, not a
        # window's size (which is most of the time a small file took: 1 ms each to
        # allocate and clear a megabyte for a few kilobytes).
        self._complete = complete

    def next(self, carry: bytes | bytearray, size: int) -> tuple[bytearray, bool]:
        """``carry``, then the stream's next bytes up to ``size`` in all; and whether
        the stream ended first. The result is valid until the next call."""
        buf = self._buf
        if self._complete:
            size = min(size, len(carry) + len(self._head))
        if len(buf) < size:  # after the first window, within what is allocated
            buf.extend(bytes(size - len(buf)))
        buf[: len(carry)] = carry
        filled, eof = len(carry), False
        with memoryview(buf) as view:
            while filled < size:
                if self._head:
                    n = min(len(self._head), size - filled)
                    view[filled : filled + n] = self._head[:n]
                    self._head = self._head[n:]
                elif self._readinto is not None:
                    try:
                        n = self._readinto(view[filled:size])
                    except (NotImplementedError, io.UnsupportedOperation):
                        self._readinto = None
                        continue
                    if not n:
                        eof = True
                        break
                else:
                    chunk = self._read(self._window)
                    if not chunk:
                        eof = True
                        break
                    self._head = memoryview(_chunk(chunk))
                    continue
                filled += n
        del buf[filled:]
        return buf, eof or (self._complete and not self._head)


def _detect_text(config: ScanConfig, text: str) -> list[Fields]:
    """:meth:`Scanner.scan` of ``text``, as :data:`~pansafe.detectors.Fields`."""
    buf = text.encode("utf-8", "surrogatepass")
    return detect_fields(buf, config, chars=len(buf) != len(text))


def _place_decoded(
    config: ScanConfig, data: bytes, at: _Place, reported: int, limit: int, cut: int, eof: bool
) -> tuple[list[Finding], _Place]:
    """:func:`_place` for a window that is not valid UTF-8, decoded as in :func:`scan_windows`."""

    def chars(end: int) -> int:  # a boundary: a decoder starts a new character there anyway
        return len(codecs.utf_8_decode(data[:end], "surrogateescape", True)[0])

    text = codecs.utf_8_decode(data, "surrogateescape", eof)[0]
    findings = _detect_text(config, text)
    return _place(findings, text, at, chars(reported), chars(limit), chars(cut))


#: Character offset, line (1-based) and character offset of that line's start.
_Place = tuple[int, int, int]


def _place(
    findings: list[Fields],
    text: str | bytes,
    at: _Place,
    reported: int,
    limit: int,
    cut: int,
) -> tuple[list[Finding], _Place]:
    """The findings of one window that start in ``[reported, limit)``, placed absolutely.

    Args:
        findings: the fields of the findings of ``text``, sorted, offsets into it.
        text: the window: ``str``, or ``bytes`` with one character per byte.
        at: where ``text[0]`` is.
        reported, limit: the window's region.
        cut: where the next window starts.

    Returns:
        The findings with absolute character offsets, line and column; and where
        ``text[cut]`` is.
    """
    starts = [fields[1] for fields in findings]
    return _place_table(findings, text, starts, _line_columns, at, reported, limit, cut, cut)


def _line_columns(text: Any, positions: list[int]) -> tuple[list[int], list[int]]:
    """``pansafe._native.line_columns`` for a ``str``, or bytes with one character
    per byte: the newlines before each sorted position, and the characters after the
    last of them up to it (-1 when there is none)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    lines, columns = [], []
    count, last, pos = 0, -1, 0
    for to in positions:
        found = text.rfind(newline, pos, to)
        if found >= 0:
            count += text.count(newline, pos, found) + 1
            last = found
        lines.append(count)
        columns.append(to - last - 1 if last >= 0 else -1)
        pos = to
    return lines, columns


def _place_table(
    fields: list[Fields],
    data: Any,
    starts: list[int],
    line_columns: Callable[[Any, list[int]], tuple[list[int], list[int]]],
    at: _Place,
    reported: int,
    limit: int,
    cut: int,
    cut_c: int,
) -> tuple[list[Finding], _Place]:
    """:func:`_place` on a window in any units: a ``str``, bytes with one character
    per byte, or valid UTF-8 not decoded.

    The findings' offsets (and ``reported``, ``limit``, ``cut_c``) count characters;
    ``starts`` holds each finding's start in the window's units, and ``cut`` is
    ``cut_c`` in them. ``line_columns`` (C's, or :func:`_line_columns`) counts the
    lines and columns of the starts and of ``cut`` in one pass, each relative to
    the window's start, so a finding is placed with a few additions, not a step
    from the one before."""
    base, line, line_start = at
    k = bisect.bisect_left(starts, cut)
    lines, columns = line_columns(data, [*starts[:k], cut, *starts[k:]])
    cut_lines, cut_column = lines.pop(k), columns.pop(k)
    found = []
    for (kind, start, end, masked, brand, test_card, confidence), newlines, column in zip(
        fields, lines, columns, strict=True
    ):
        if start < reported:
            continue
        if start >= limit:
            break
        char = base + start
        found.append(
            new_finding(
                kind,
                char,
                base + end,
                masked,
                brand,
                test_card,
                confidence,
                line + newlines,
                column + 1 if column >= 0 else char - line_start + 1,
            )
        )
    cut_char = base + cut_c
    saved = (cut_char, line + cut_lines, cut_char - cut_column if cut_column >= 0 else line_start)
    return found, saved


def _any_boundary(data: bytes, pos: int) -> int:
    return pos


def _utf8_boundary(data: bytes, pos: int) -> int:
    """The nearest offset at or before ``pos`` where a UTF-8 decoder starts a new character.

    That is a byte that is not a continuation byte (``10xxxxxx``), or one after
    three of them: no valid sequence is longer, so that byte stands alone too.
    """
    for p in range(pos, max(pos - 4, -1), -1):
        if p == len(data) or not 0x80 <= data[p] < 0xC0:
            return p
    return pos


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


def text_chunks(
    stream: IO[Any], *, encoding: str | None = None, strict: bool = False
) -> tuple[TextEncoding | None, Iterator[str]]:
    """Text chunks from a binary stream (decoded) or a text stream (as is).

    Returns the detected encoding (None for a text stream) and the chunks.
    """
    read, head = _read_head(stream)
    if isinstance(head, str):
        return None, _text_reads(read, head)
    enc = resolve_encoding(head, encoding=encoding, at_eof=len(head) < DEFAULT_WINDOW)
    return enc, iter_decoded(stream, head, enc, strict=strict)


def _read_head(stream: IO[Any]) -> tuple[Callable[[int], Any], str | bytes]:
    """The stream's ``read`` and its first chunk, ``str`` or ``bytes``."""
    read = getattr(stream, "read", None)
    if read is None:
        raise InputError(f"expected a file object, got {type(stream).__name__}")
    head = read(DEFAULT_WINDOW)
    if isinstance(head, str):
        return read, head
    if not isinstance(head, (bytes, bytearray)):
        raise InputError(f"the stream returned {type(head).__name__}, not str or bytes")
    parts, size = [bytes(head)], len(head)
    # A raw stream may return less than asked (a pipe, a socket): read on, so that
    # the encoding is told from a window of bytes, not from the first few.
    while 0 < size < DEFAULT_WINDOW:
        more = read(DEFAULT_WINDOW - size)
        if not more:
            break
        parts.append(_chunk(more))
        size += len(more)
    return read, b"".join(parts)


def _text_reads(read: Callable[[int], Any], head: str) -> Iterator[str]:
    chunk: object = head
    while chunk:
        if not isinstance(chunk, str):
            raise InputError("the text stream returned bytes")
        yield chunk
        chunk = read(DEFAULT_WINDOW)
