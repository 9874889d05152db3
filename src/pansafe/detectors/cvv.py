"""Card verification codes (CVV2, CVC2, CID, ...): three or four digits after a context word."""

from __future__ import annotations

import regex

from pansafe.detectors.base import VALUE_END, SecretAfterWord
from pansafe.findings import Kind

__all__ = ["CVV_DETECTOR"]

CVV_DETECTOR = SecretAfterWord(Kind.CVV, regex.compile(rb"\d{3,4}" + VALUE_END))
