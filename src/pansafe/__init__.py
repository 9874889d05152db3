"""pansafe: find and remove payment-card data in text, files, logs and repositories.

Quick use::

    import pansafe
    pansafe.scan("card 4111 1111 1111 1111, cvv 123")   # -> [Finding(kind=pan ...), ...]
    pansafe.redact("card 4111 1111 1111 1111, cvv 123") # -> "card 4111 11** **** 1111, cvv ***"

Findings never hold the card data itself, only a masked form, so they are safe
to log and store. ``pansafe.backend`` names the scanner core in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from pansafe._backend import NAME as backend
from pansafe.errors import BackendError, ConfigError, InputError, PansafeError
from pansafe.findings import Finding, Kind
from pansafe.masking import mask_pan
from pansafe.redact import Style, redact, redact_file, redact_stream
from pansafe.scan import Scanner, default_scanner

__all__ = [
    "BackendError",
    "ConfigError",
    "Finding",
    "InputError",
    "Kind",
    "PansafeError",
    "Scanner",
    "Style",
    "__version__",
    "backend",
    "contains_card_data",
    "mask_pan",
    "redact",
    "redact_file",
    "redact_stream",
    "scan",
    "scan_file",
    "scan_many",
    "scan_stream",
]


def __getattr__(name: str) -> str:
    # __version__ on first use: importlib.metadata is a tenth of the command line's
    # start-up (about 45 ms), which a scan that never shows the version need not pay.
    if name != "__version__":
        raise AttributeError(f"module 'pansafe' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("pansafe")
    except PackageNotFoundError:
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found


def _scanner(options: dict[str, Any]) -> Scanner:
    return Scanner(**options) if options else default_scanner()


def scan(data: str | bytes, **options: Any) -> list[Finding]:
    """Find card data in a text or buffer; options as for :class:`Scanner`.

    .. versionadded:: 0.1
    """
    # Not through _scanner(): one call less matters for a short text.
    return (Scanner(**options) if options else default_scanner()).scan(data)


def scan_many(texts: Iterable[str | bytes], **options: Any) -> list[list[Finding]]:
    """Scan many texts in one call, one list of findings per text (see
    :meth:`Scanner.scan_many`); options as for :class:`Scanner`.

    .. versionadded:: 0.1
    """
    return _scanner(options).scan_many(texts)


def contains_card_data(data: str | bytes, **options: Any) -> bool:
    """True if ``data`` holds any card data; options as for :class:`Scanner`.

    .. versionadded:: 0.1
    """
    return _scanner(options).contains_card_data(data)


def scan_file(path: str, **options: Any) -> Iterator[Finding]:
    """Scan a file in bounded memory (see :meth:`Scanner.scan_file`).

    .. versionadded:: 0.1
    """
    return _scanner(options).scan_file(path)


def scan_stream(stream: IO[Any], **options: Any) -> Iterator[Finding]:
    """Scan a binary or text stream in bounded memory (see :meth:`Scanner.scan_stream`).

    .. versionadded:: 0.1
    """
    return _scanner(options).scan_stream(stream)
