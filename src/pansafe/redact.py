"""Rewrite text from findings: mask, redact or tokenise card data.

The redactor never detects anything itself: it takes findings (from a scan of
the same text) and replaces their spans. Policy, after PCI DSS:

* a PAN is masked (BIN and last four kept), replaced by ``[PAN]``, or replaced by
  a keyed HMAC token ``[PAN:…]`` that lets the same card be correlated without
  storing it. An unkeyed hash of a PAN can be reversed by brute force, so hashing
  without a key is refused;
* sensitive authentication data (track, CVV, PIN) is always removed whole: every
  character starred in ``mask`` style, a placeholder otherwise;
* the expiry date may be kept and is, unless ``remove_expiry`` is set.

In-place file redaction writes a temporary file beside the original and renames
it over the original only when everything was written, so a crash or a full disk
leaves the original intact.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import hmac
import os
import stat
import tempfile
from collections.abc import Sequence
from typing import IO, Any, Literal, TypeVar, overload

from pansafe.errors import ConfigError, InputError
from pansafe.findings import Finding, Kind
from pansafe.masking import mask_pan, pan_digits, star
from pansafe.scan import DEFAULT_WINDOW, Scanner, default_scanner, scan_windows, text_chunks

__all__ = ["Style", "redact", "redact_file", "redact_stream", "replacement"]

Style = Literal["mask", "redact", "hash"]
_STYLES = ("mask", "redact", "hash")
_PLACEHOLDER = {
    Kind.PAN: "[PAN]",
    Kind.TRACK1: "[TRACK1]",
    Kind.TRACK2: "[TRACK2]",
    Kind.CVV: "[CVV]",
    Kind.PIN: "[PIN]",
    Kind.EXPIRY: "[EXPIRY]",
}
#: Hex digits of the HMAC-SHA256 kept in a token: 64 bits, enough to correlate.
TOKEN_HEX = 16

T = TypeVar("T", str, bytes)


def _check_policy(style: str, key: bytes | str | None) -> bytes | None:
    if style not in _STYLES:
        raise ConfigError(f"style must be one of {', '.join(_STYLES)}, not {style!r}")
    if style != "hash":
        return None
    if not key:
        raise ConfigError(
            "style 'hash' needs a secret key: an unkeyed hash of a card number can be "
            "reversed by trying every number"
        )
    return key.encode() if isinstance(key, str) else bytes(key)


def replacement(
    value: str,
    finding: Finding,
    style: Style = "mask",
    *,
    key: bytes | None = None,
    remove_expiry: bool = False,
    bin_digits: int = 6,
) -> str | None:
    """What replaces ``value`` (the text of ``finding``); None keeps it as it is."""
    kind = finding.kind
    if kind is Kind.EXPIRY and not remove_expiry:
        return None
    if kind is Kind.PAN:
        if style == "mask":
            return mask_pan(value, bin_digits=bin_digits)
        if style == "hash":
            if key is None:
                raise ConfigError("style 'hash' needs a secret key")
            digits = pan_digits(value)
            token = hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()[:TOKEN_HEX]
            return f"[PAN:{token}]"
        return _PLACEHOLDER[kind]
    if style == "mask":
        return star(value)
    return _PLACEHOLDER[kind]


def _rewrite(
    text: str,
    findings: Sequence[Finding],
    offset: int,
    start: int,
    end: int,
    style: Style,
    key: bytes | None,
    remove_expiry: bool,
    bin_digits: int,
) -> tuple[list[str], int]:
    """Pieces of ``text`` (absolute ``offset``) from ``start`` to at least ``end``."""
    pieces: list[str] = []
    pos = start
    for f in findings:
        if f.start < pos:  # overlaps what was already written; cannot happen for scan output
            continue
        repl = replacement(
            text[f.start - offset : f.end - offset],
            f,
            style,
            key=key,
            remove_expiry=remove_expiry,
            bin_digits=bin_digits,
        )
        if repl is None:
            continue
        pieces.append(text[pos - offset : f.start - offset])
        pieces.append(repl)
        pos = f.end
    if pos < end:
        pieces.append(text[pos - offset : end - offset])
        pos = end
    return pieces, pos


@overload
def redact(
    data: str,
    style: Style = ...,
    *,
    key: bytes | str | None = ...,
    scanner: Scanner | None = ...,
    findings: Sequence[Finding] | None = ...,
    remove_expiry: bool = ...,
    bin_digits: int = ...,
) -> str: ...
@overload
def redact(
    data: bytes,
    style: Style = ...,
    *,
    key: bytes | str | None = ...,
    scanner: Scanner | None = ...,
    findings: Sequence[Finding] | None = ...,
    remove_expiry: bool = ...,
    bin_digits: int = ...,
) -> bytes: ...
def redact(
    data: str | bytes,
    style: Style = "mask",
    *,
    key: bytes | str | None = None,
    scanner: Scanner | None = None,
    findings: Sequence[Finding] | None = None,
    remove_expiry: bool = False,
    bin_digits: int = 6,
) -> str | bytes:
    """Return ``data`` with its card data masked, redacted or tokenised.

    Args:
        data: text (``str``) or bytes; the result has the same type.
        style: ``"mask"`` (PAN to BIN + last four, SAD starred, length kept),
            ``"redact"`` (typed placeholders such as ``[PAN]``, ``[CVV]``) or
            ``"hash"`` (PAN to a keyed token ``[PAN:…]``; needs ``key``).
        key: secret for ``hash`` style.
        scanner: the scanner to use (default: all kinds, all languages).
        findings: findings of an earlier scan of this same ``data``; skips scanning.
        remove_expiry: also remove expiry dates (kept by default, as PCI DSS allows).
        bin_digits: 6 or 8 leading PAN digits kept by ``mask`` on 16+ digit PANs.

    Raises:
        ConfigError: unknown style, or ``hash`` without a key.
        InputError: ``data`` is not ``str`` or bytes.

    .. versionadded:: 0.1
    """
    secret = _check_policy(style, key)
    if findings is None:
        findings = (scanner or default_scanner()).scan(data)
    if isinstance(data, str):
        pieces, _ = _rewrite(
            data, findings, 0, 0, len(data), style, secret, remove_expiry, bin_digits
        )
        return "".join(pieces)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"expected str or bytes, got {type(data).__name__}")
    # Latin-1 maps every byte to one character, so byte offsets stay valid.
    text = bytes(data).decode("latin-1")
    pieces, _ = _rewrite(text, findings, 0, 0, len(text), style, secret, remove_expiry, bin_digits)
    return "".join(pieces).encode("latin-1")


def redact_stream(
    src: IO[Any],
    dst: IO[Any],
    style: Style = "mask",
    *,
    key: bytes | str | None = None,
    scanner: Scanner | None = None,
    remove_expiry: bool = False,
    encoding: str | None = None,
    window: int = DEFAULT_WINDOW,
) -> list[Finding]:
    """Copy ``src`` to ``dst`` with card data redacted, in bounded memory.

    Binary streams are decoded (encoding detected, see :mod:`pansafe.decoding`)
    and written back in the same encoding, BOM included; everything that is not
    redacted comes out byte for byte. Text streams are read and written as text.

    Returns:
        The findings, with offsets in characters of the decoded text.

    Raises:
        ConfigError: unknown style, or ``hash`` without a key.
        InputError: the input cannot be written back losslessly (malformed UTF-16).

    .. versionadded:: 0.1
    """
    secret = _check_policy(style, key)
    enc, chunks = text_chunks(src, encoding=encoding, strict=True)
    encoder = None
    if enc is not None:
        encoder = codecs.getincrementalencoder(enc.name)(enc.errors)
        if enc.bom:
            dst.write(enc.bom)
    all_findings: list[Finding] = []
    emitted = 0
    try:
        for region, findings in scan_windows(scanner or default_scanner(), chunks, window):
            pieces, emitted = _rewrite(
                region.text,
                findings,
                region.base,
                max(emitted, region.start),
                region.end,
                style,
                secret,
                remove_expiry,
                6,
            )
            out = "".join(pieces)
            dst.write(encoder.encode(out) if encoder is not None else out)
            all_findings.extend(findings)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the input is not valid {exc.encoding}, so it cannot be rewritten without loss"
        ) from None
    if encoder is not None:
        dst.write(encoder.encode("", final=True))
    return all_findings


def redact_file(
    path: str | os.PathLike[str],
    style: Style = "mask",
    *,
    key: bytes | str | None = None,
    scanner: Scanner | None = None,
    remove_expiry: bool = False,
    encoding: str | None = None,
) -> list[Finding]:
    """Redact a file in place, atomically; untouched when it holds no card data.

    The redacted copy is written to a temporary file in the same directory, synced,
    given the original's permission bits, and renamed over the original. On any
    error the temporary file is removed and the original is left as it was.
    A symbolic link is followed: its target is rewritten.

    Returns:
        The findings (character offsets, line and column).

    Raises:
        InputError: the file cannot be read or written.
        ConfigError: unknown style, or ``hash`` without a key.

    .. versionadded:: 0.1
    """
    _check_policy(style, key)
    target = os.path.realpath(os.fspath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".pansafe-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot redact {os.fsdecode(path)}: {exc.strerror or exc}") from exc
    try:
        with open(target, "rb") as src, os.fdopen(fd, "wb") as dst:
            findings = redact_stream(
                src,
                dst,
                style,
                key=key,
                scanner=scanner,
                remove_expiry=remove_expiry,
                encoding=encoding,
            )
            dst.flush()
            os.fsync(dst.fileno())
        if findings:
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            _fsync_dir(os.path.dirname(target))
        else:
            os.unlink(tmp)
    except OSError as exc:
        _remove(tmp)
        raise InputError(f"cannot redact {os.fsdecode(path)}: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(tmp)
        raise
    return findings


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
