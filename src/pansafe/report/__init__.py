"""Reporters: turn findings into text for people or for machines.

Every output format is one module with one :class:`Reporter` subclass, listed in
:data:`FORMATS`; the CLI picks one by name and never formats anything itself.
A reporter sees only :class:`~pansafe.Finding` objects, which cannot hold a raw
value, so no format can leak what was found.

To add a format (SARIF, say): write ``report/sarif.py`` with a ``Reporter``
subclass and add it to :data:`FORMATS`; ``--format`` picks it up from there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

from ..findings import Finding, Kind

__all__ = ["FORMATS", "STDIN", "Reporter", "Summary", "display_path", "kind_counts"]

#: The path reporters are given for standard input, as ripgrep and grep print it.
STDIN = "<stdin>"


@dataclass(frozen=True, slots=True)
class Summary:
    """What one run did, passed to :meth:`Reporter.end`.

    .. versionadded:: 0.1
    """

    #: Inputs scanned to the end (standard input counts as one).
    files: int = 0
    files_with_findings: int = 0
    by_kind: Mapping[Kind, int] = field(default_factory=dict)
    #: Inputs that could not be read or scanned; each was reported as it happened.
    errors: int = 0
    elapsed_seconds: float = 0.0

    @property
    def findings(self) -> int:
        return sum(self.by_kind.values())


class Reporter:
    """The one protocol every format follows: ``begin``, ``finding``..., ``end``.

    Every method is a no-op here so a format overrides only what it needs; the
    base class itself is the reporter for ``--quiet``. Findings arrive as they are
    found, so a streaming format can write them at once and a document format
    (SARIF) can collect them and write everything in :meth:`end`.

    Args:
        out: where the report goes (standard output for the CLI).
        err: where remarks for people go (standard error), so that ``out`` stays
            machine-readable, e.g. the text summary line.

    .. versionadded:: 0.1
    """

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err

    def begin(self) -> None:
        """Called once before anything is scanned."""

    def finding(self, path: str, finding: Finding) -> None:
        """Called for each finding, in input order within a file."""

    def error(self, path: str, message: str) -> None:
        """Called when ``path`` could not be scanned.

        The CLI has already printed ``message`` on standard error; a machine
        format records it too so its stream is complete without stderr.
        """

    def end(self, summary: Summary) -> None:
        """Called once at the end, also after errors; flushes ``out``."""
        self.out.flush()


def display_path(path: str) -> str:
    """``path`` as printable text: undecodable bytes become ``\\xNN`` escapes.

    Paths come from the OS as ``str`` with lone surrogates for bytes that are not
    UTF-8; written as they are, they would make the output stream raise
    ``UnicodeEncodeError``.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def kind_counts(by_kind: Mapping[Kind, int]) -> str:
    """``"2 pan, 1 cvv"`` in :class:`Kind` order, for summary lines."""
    return ", ".join(f"{by_kind[k]} {k}" for k in Kind if by_kind.get(k))


# Imported last: the format modules import Reporter and Summary from here.
from .jsonl import JsonlReporter  # noqa: E402
from .text import TextReporter  # noqa: E402

#: Output formats by the name ``--format`` takes.
FORMATS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "jsonl": JsonlReporter,
}
