"""JSON Lines for machines: one JSON object per line, in the manner of ripgrep's
``--json`` printer.

Every line is a message ``{"type": TYPE, "data": {...}}``. A run writes exactly
one ``begin`` first and one ``end`` last (also when files failed), with
``finding`` and ``error`` messages in between, in the order things happened.
Consumers must ignore message types and fields they do not know: new ones may
be added without raising ``schema_version``; renaming or removing one raises it.

``begin``
    ``tool`` (``"pansafe"``), ``version`` (str), ``backend`` (``"native"`` or
    ``"python"``), ``schema_version`` (int, this document: ``1``).

``finding``
    ``path`` (str): the file, ``"<stdin>"`` for standard input. Bytes that are
    not UTF-8 are shown as ``\\xNN``; the exact bytes are then in ``path_bytes``
    (base64), which is absent otherwise.
    ``kind`` (str): ``pan``, ``track1``, ``track2``, ``cvv``, ``pin`` or ``expiry``.
    ``start``, ``end`` (int): where the value is, ``end`` exclusive, as the
    scanner counts: characters of the decoded text for files and stdin.
    ``line``, ``column`` (int or null): 1-based; column counts characters.
    ``masked`` (str): the only form of the value ever written
    (``Finding.masked``): a PAN, also inside track data, shows at most its BIN
    and last four digits; CVV and PIN are all stars; an expiry date is as found.
    ``brand`` (str or null): e.g. ``"visa"``, for PANs and track data.
    ``test_card`` (bool): a published test card number.
    ``confidence`` (float): 0 to 1.
    ``sensitive_authentication_data`` (bool): track, CVV or PIN, which PCI DSS
    forbids storing at all.

``error``
    ``path`` (str, and ``path_bytes`` as above), ``message`` (str): a file that
    could not be read or scanned. The same message is printed on stderr.

``end``
    ``files`` (int): inputs scanned to the end. ``files_with_findings`` (int).
    ``findings`` (int). ``by_kind`` (object): kind to count, only kinds found.
    ``errors`` (int). ``elapsed_seconds`` (float).

Example::

    {"type":"begin","data":{"tool":"pansafe","version":"0.1.0","backend":"native","schema_version":1}}
    {"type":"finding","data":{"path":"a.log","kind":"pan","start":10,"end":29,"line":1,"column":11,"masked":"4111 11** **** 1111","brand":"visa","test_card":true,"confidence":1.0,"sensitive_authentication_data":false}}
    {"type":"end","data":{"files":1,"files_with_findings":1,"findings":1,"by_kind":{"pan":1},"errors":0,"elapsed_seconds":0.002}}
"""  # noqa: E501

from __future__ import annotations

import base64
import json
import os
from typing import Any

from ..findings import Finding, Kind
from . import Reporter, Summary, display_path

__all__ = ["SCHEMA_VERSION", "JsonlReporter"]

#: Raised when a field is renamed or removed, or its meaning changes.
SCHEMA_VERSION = 1


class JsonlReporter(Reporter):
    """Writes the messages described in this module's docstring to ``out``.

    .. versionadded:: 0.1
    """

    def begin(self) -> None:
        from .. import __version__, backend  # late: pansafe/__init__ may import us

        self._write(
            "begin",
            {
                "tool": "pansafe",
                "version": __version__,
                "backend": backend,
                "schema_version": SCHEMA_VERSION,
            },
        )

    def finding(self, path: str, finding: Finding) -> None:
        self._write(
            "finding",
            {
                **_path_fields(path),
                "kind": str(finding.kind),
                "start": finding.start,
                "end": finding.end,
                "line": finding.line,
                "column": finding.column,
                "masked": finding.masked,
                "brand": finding.brand,
                "test_card": finding.test_card,
                "confidence": finding.confidence,
                "sensitive_authentication_data": finding.sensitive_authentication_data,
            },
        )

    def error(self, path: str, message: str) -> None:
        self._write("error", {**_path_fields(path), "message": message})

    def end(self, summary: Summary) -> None:
        self._write(
            "end",
            {
                "files": summary.files,
                "files_with_findings": summary.files_with_findings,
                "findings": summary.findings,
                "by_kind": {str(k): summary.by_kind[k] for k in Kind if summary.by_kind.get(k)},
                "errors": summary.errors,
                "elapsed_seconds": round(summary.elapsed_seconds, 6),
            },
        )
        super().end(summary)

    def _write(self, type_: str, data: dict[str, Any]) -> None:
        # ASCII-only output: valid whatever encoding the output stream has.
        self.out.write(json.dumps({"type": type_, "data": data}, separators=(",", ":")) + "\n")


def _path_fields(path: str) -> dict[str, str]:
    shown = display_path(path)
    if shown == path:
        return {"path": path}
    return {"path": shown, "path_bytes": base64.b64encode(os.fsencode(path)).decode("ascii")}
