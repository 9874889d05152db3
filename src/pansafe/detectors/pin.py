"""PINs (4-12 digits) and PIN blocks (16 hex digits) after a context word."""

from __future__ import annotations

import regex

from pansafe.detectors.base import VALUE_END, SecretAfterWord
from pansafe.findings import Kind

__all__ = ["PIN_DETECTOR"]

PIN_DETECTOR = SecretAfterWord(
    Kind.PIN,
    regex.compile(rb"(?:[0-9A-Fa-f]{16}|\d{4,12})" + VALUE_END),
    # A PIN block may start with a hex letter ("PINBLOCK=F91957BA66FB2E9A").
    start=regex.compile(rb"\d|(?<![0-9A-Za-z_])(?=[0-9A-Fa-f]{16}(?![0-9A-Za-z_]))(?=[A-Fa-f]*\d)"),
)
