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
# __init__ (object.__setattr__ per field) costs about twice what setting its slots
# directly does. The scanner's hot paths use this instead; it makes the same
# object, and the check below keeps it in step with the fields.
_FIELDS = ("kind", "start", "end", "masked", "brand", "test_card", "confidence", "line", "column")
if tuple(f.name for f in dataclasses.fields(Finding)) != _FIELDS:  # pragma: no cover
    raise ImportError("pansafe.findings.new_finding is out of step with Finding's fields")
_new = object.__new__
(_kind, _start, _end, _masked, _brand, _test_card, _confidence, _line, _column) = (
    Finding.__dict__[name].__set__ for name in _FIELDS
)


def new_finding(
    kind: Kind,
    start: int,
    end: int,
    masked: str,
    brand: str | None = None,
    test_card: bool = False,
    confidence: float = 1.0,
    line: int | None = None,
    column: int | None = None,
) -> Finding:
    """``Finding(...)`` with the same arguments, about twice as fast; for the scanner."""
    f = _new(Finding)
    _kind(f, kind)
    _start(f, start)
    _end(f, end)
    _masked(f, masked)
    _brand(f, brand)
    _test_card(f, test_card)
    _confidence(f, confidence)
    _line(f, line)
    _column(f, column)
    return f
