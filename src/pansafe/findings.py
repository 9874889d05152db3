"""The one data type every detector, report, redactor and baseline shares.

A :class:`Finding` says *that* card data was found, where, and of what kind, but it
cannot hold the value itself: only its masked form (PCI DSS display rules: at most
the first six and last four digits of a PAN, nothing of a CVV, PIN or track).
That makes it safe to log, print, serialise and keep.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import cast

__all__ = ["SENSITIVE_AUTHENTICATION_DATA", "Finding", "Kind"]


class Kind(enum.StrEnum):
    """What a finding is; the values are stable identifiers used in every output format."""

    PAN = "pan"
    TRACK1 = "track1"
    TRACK2 = "track2"
    CVV = "cvv"
    PIN = "pin"
    EXPIRY = "expiry"


#: Kinds that PCI DSS forbids keeping after authorisation: always removed whole.
SENSITIVE_AUTHENTICATION_DATA = frozenset({Kind.TRACK1, Kind.TRACK2, Kind.CVV, Kind.PIN})


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of card data found in the input.

    Offsets count characters for ``str`` input and bytes for ``bytes`` input;
    ``end`` is exclusive. ``line`` and ``column`` (1-based, column in characters)
    are set when a file or stream was scanned.

    .. versionadded:: 0.1
    """

    kind: Kind
    start: int
    end: int
    #: The value as it may be shown: a PAN masked to BIN and last four with separators
    #: kept; track data starred except for the masked PAN inside it (the BIN and last
    #: four, as for a PAN); CVV and PIN fully starred; an expiry as found.
    masked: str
    #: Card brand of a PAN or of the PAN inside track data, e.g. ``"visa"``.
    brand: str | None = None
    #: True when the PAN is a well-known published test card number.
    test_card: bool = False
    #: How sure the detector is, from 0 to 1.
    confidence: float = 1.0
    line: int | None = None
    column: int | None = None

    @property
    def sensitive_authentication_data(self) -> bool:
        """True for data that must not be stored at all (track, CVV, PIN)."""
        return self.kind in SENSITIVE_AUTHENTICATION_DATA

    def __len__(self) -> int:
        return self.end - self.start


# A Finding is built for every piece of card data found, and a frozen dataclass's
# __init__ (object.__setattr__ per field) costs four to eight times what plain
# attribute stores do: on a short ticket that was most of the time spent in
# Python. The scanner's hot paths build a _Draft instead, an unfrozen class with
# the same slots, and then make it a Finding by assigning __class__, which CPython
# allows between classes of the same layout (it checks, and raises TypeError
# otherwise). The result is a Finding like any other; the checks below keep the
# two classes in step.
_FIELDS = ("kind", "start", "end", "masked", "brand", "test_card", "confidence", "line", "column")
if tuple(f.name for f in dataclasses.fields(Finding)) != _FIELDS:  # pragma: no cover
    raise ImportError("pansafe.findings.new_finding is out of step with Finding's fields")


class _Draft:
    __slots__ = _FIELDS

    def __init__(
        self,
        kind: Kind,
        start: int,
        end: int,
        masked: str,
        brand: str | None = None,
        test_card: bool = False,
        confidence: float = 1.0,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.masked = masked
        self.brand = brand
        self.test_card = test_card
        self.confidence = confidence
        self.line = line
        self.column = column
        self.__class__ = Finding  # type: ignore[assignment]


#: ``Finding(...)`` with the same arguments, several times faster; for the scanner.
#: Typed as Finding's constructor, whose signature _Draft's repeats.
new_finding = cast("type[Finding]", _Draft)
