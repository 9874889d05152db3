"""Turn a byte stream into text in bounded memory, and back again byte for byte.

Support tickets and logs arrive as UTF-8, UTF-16 with or without BOM (Windows),
or legacy 8-bit code pages (cp1252, cp1257 for the Baltics, cp1251 for Russian).
Digits are ASCII in all of them, but context words are not, so the text is
decoded before scanning. Decoding never fails: bytes that are not valid in the
detected encoding become lone surrogates (``surrogateescape``) and encode back to
the same bytes, so redaction leaves everything it does not redact untouched.
Binary data (NUL bytes) is read as Latin-1, which maps each byte to one character.

Decoding is the meaning, not always the method: in UTF-8 and in 8-bit code pages
an ASCII byte is the ASCII character, so the scanner may scan such bytes as they
are (see :func:`byte_mode`) when that gives the same findings as the decoded text.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal

__all__ = [
    "TextEncoding",
    "byte_mode",
    "decode_chunks",
    "detect_encoding",
    "iter_decoded",
    "resolve_encoding",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 64 * 1024


@dataclass(frozen=True, slots=True)
class TextEncoding:
    """How a byte stream was decoded, so redacted text can be written back alike."""

    name: str
    bom: bytes = b""
    binary: bool = False

    @property
    def errors(self) -> str:
        # UTF-16/32 cannot carry undecodable bytes as surrogates; malformed input
        # there is replaced when scanning and refused when rewriting.
        return (
            "surrogatepass"
            if self.name.startswith("utf-16") or self.name.startswith("utf-32")
            else "surrogateescape"
        )


def detect_encoding(head: bytes, *, at_eof: bool) -> TextEncoding:
    """Guess the encoding from the first bytes of a stream."""
    sample = head[:_SAMPLE]
    for bom, name in _BOMS:
        # In UTF-16/32 every ASCII character, digits included, has a NUL byte: text
        # after an FF FE that has none cannot hold a card number as UTF-16, but its
        # bytes can as ASCII ("\xff\xfe4111..."), so it is not read as UTF-16.
        if head.startswith(bom) and (name == "utf-8" or b"\x00" in sample[len(bom) :]):
            return TextEncoding(name, bom)
    if b"\x00" in sample:
        return _utf16_without_bom(sample) or TextEncoding("latin-1", binary=True)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(
            sample, final=at_eof and len(head) <= _SAMPLE
        )
    except UnicodeDecodeError:
        return TextEncoding(_legacy_encoding(sample))
    return TextEncoding("utf-8")


def _utf16_without_bom(sample: bytes) -> TextEncoding | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte."""
    even = sample[0::2]
    odd = sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return TextEncoding("utf-16-le")
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return TextEncoding("utf-16-be")
    return None


def _legacy_encoding(sample: bytes) -> str:
    """An 8-bit code page for text that is not UTF-8; Latin-1 when unsure."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    name = best.encoding if best is not None else "latin-1"
    try:
        if "0123456789 =^;%".encode(name) == b"0123456789 =^;%" and codecs.lookup(name):
            return name
    except (LookupError, UnicodeError):
        pass
    return "latin-1"


def resolve_encoding(head: bytes, *, encoding: str | None, at_eof: bool) -> TextEncoding:
    """The encoding named by the caller (normalised), else the one detected from ``head``."""
    if encoding is not None:
        return TextEncoding(codecs.lookup(encoding).name)
    return detect_encoding(head, at_eof=at_eof)


def byte_mode(enc: TextEncoding) -> Literal["utf-8", "8-bit"] | None:
    """Whether text in ``enc`` can be scanned as raw bytes, and how offsets map.

    * ``"utf-8"``: valid UTF-8 bytes are exactly what :meth:`Scanner.scan
      <pansafe.scan.Scanner.scan>` would encode the decoded text to, so they can be
      scanned as they are; character offsets are counted from the bytes.
    * ``"8-bit"``: a stateless code page with one character per byte and ASCII
      bytes meaning ASCII: byte offsets are character offsets, and a window of
      ASCII bytes can be scanned as it is.
    * None: anything else (UTF-16/32, multi-byte or stateful code pages) is decoded.
    """
    if enc.name == "utf-8":
        return "utf-8"
    return "8-bit" if _one_char_per_byte(enc.name) else None


@functools.cache
def _one_char_per_byte(name: str) -> bool:
    every = bytes(range(256))
    # Lead-byte/trail-byte pairs catch multi-byte codecs that decode lone bytes singly.
    pairs = bytes(b for i in range(0x80, 0x100) for b in (i, 0x80 | (i & 0x3F), 0x41))
    try:
        whole = every.decode(name, "surrogateescape")
        alone = "".join(bytes([b]).decode(name, "surrogateescape") for b in every)
        paired = pairs.decode(name, "surrogateescape")
    except (LookupError, UnicodeError):
        return False
    return (
        whole == alone
        and len(whole) == 256
        and whole[:128] == every[:128].decode("ascii")
        and len(paired) == len(pairs)
    )


def decode_chunks(
    stream: IO[bytes],
    *,
    head: bytes | None = None,
    encoding: str | None = None,
    chunk_size: int = 1 << 20,
    strict: bool = False,
) -> tuple[TextEncoding, Iterator[str]]:
    """Detect the encoding and return it with an iterator of decoded text chunks.

    Args:
        stream: a binary file object.
        head: bytes already read from ``stream`` (at most ``chunk_size``).
        encoding: skip detection and use this codec.
        chunk_size: bytes per read.
        strict: raise on bytes a UTF-16/32 stream cannot hold (for rewriting),
            instead of replacing them (for scanning).
    """
    if head is None:
        head = stream.read(chunk_size)
    head = bytes(head)
    enc = resolve_encoding(head, encoding=encoding, at_eof=len(head) < chunk_size)
    return enc, iter_decoded(stream, head, enc, chunk_size=chunk_size, strict=strict)


def iter_decoded(
    stream: IO[bytes],
    head: bytes,
    enc: TextEncoding,
    *,
    chunk_size: int = 1 << 20,
    strict: bool = False,
) -> Iterator[str]:
    """Text chunks of ``stream`` in ``enc``, starting with the bytes ``head`` already read.

    ``strict`` as for :func:`decode_chunks`.
    """
    errors = enc.errors
    if errors == "surrogatepass" and not strict:
        errors = "replace"
    decoder = codecs.getincrementaldecoder(enc.name)(errors)
    data = head[len(enc.bom) :]
    while True:
        final = len(data) == 0
        text = decoder.decode(data, final=final)
        if text:
            yield text
        if final:
            return
        data = stream.read(chunk_size)
