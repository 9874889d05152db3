"""Reporters: the text and JSON Lines formats, and the protocol every format shares."""

from __future__ import annotations

import base64
import io
import json
import os

import pytest

import pansafe
from pansafe.findings import Finding, Kind
from pansafe.report import FORMATS, STDIN, Reporter, Summary, display_path
from pansafe.report.jsonl import SCHEMA_VERSION, JsonlReporter
from pansafe.report.text import TextReporter, format_finding, format_summary

PAN = Finding(
    Kind.PAN, 120, 139, "4111 11** **** 1111", brand="visa", test_card=True, line=3, column=17
)
CVV = Finding(Kind.CVV, 160, 163, "***", line=3, column=57)
TRACK2 = Finding(Kind.TRACK2, 10, 48, "*" * 38, brand="mastercard", confidence=0.9)
SUMMARY = Summary(
    files=4,
    files_with_findings=1,
    by_kind={Kind.CVV: 1, Kind.PAN: 1, Kind.TRACK2: 1},
    errors=0,
    elapsed_seconds=0.0123456789,
)
# A file name that is not UTF-8, as the OS hands it to Python.
ODD_PATH = os.fsdecode(b"logs/caf\xe9.log")


def run(reporter_class: type[Reporter], *, path: str = "a.log") -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    reporter = reporter_class(out, err)
    reporter.begin()
    for finding in (PAN, CVV, TRACK2):
        reporter.finding(path, finding)
    reporter.error("missing.log", "No such file or directory")
    reporter.end(SUMMARY)
    return out.getvalue(), err.getvalue()


# -- the protocol -------------------------------------------------------------


def test_registry_lists_reporters_that_run_the_whole_protocol() -> None:
    assert {"text", "jsonl"} <= set(FORMATS)
    for name, reporter_class in FORMATS.items():
        assert issubclass(reporter_class, Reporter), name
        out, _ = run(reporter_class)
        assert "4111 11** **** 1111" in out, name


def test_base_reporter_is_silent() -> None:
    """The base class is what --quiet uses: it must write nothing at all."""
    assert run(Reporter) == ("", "")


def test_summary_counts_findings() -> None:
    assert SUMMARY.findings == 3
    assert Summary().findings == 0


def test_display_path_escapes_undecodable_bytes() -> None:
    assert display_path("tickets/1042.eml") == "tickets/1042.eml"
    assert display_path("tšekk.eml") == "tšekk.eml"
    assert display_path(ODD_PATH) == "logs/caf\\xe9.log"
    display_path(ODD_PATH).encode("utf-8")  # printable


# -- text ---------------------------------------------------------------------


def test_text_lines_are_grep_like() -> None:
    out, err = run(TextReporter, path="tickets/1042.eml")
    assert out.splitlines() == [
        "tickets/1042.eml:3:17: pan visa 4111 11** **** 1111 [test card]",
        "tickets/1042.eml:3:57: cvv ***",
        "tickets/1042.eml:@10: track2 mastercard " + "*" * 38,
    ]
    # The summary goes to stderr so stdout holds findings only; errors are the
    # CLI's to print, so the text reporter does not repeat them.
    assert err == "pansafe: 3 findings (1 pan, 1 track2, 1 cvv) in 1 of 4 files\n"


def test_text_line_without_column_defaults_to_first_column() -> None:
    finding = Finding(Kind.PIN, 0, 4, "****", line=7)
    assert format_finding("-", finding) == "-:7:1: pin ****"


def test_text_escapes_undecodable_path() -> None:
    assert format_finding(ODD_PATH, CVV) == "logs/caf\\xe9.log:3:57: cvv ***"


@pytest.mark.parametrize(
    ("summary", "line"),
    [
        (Summary(files=1), "pansafe: no card data found in 1 file"),
        (Summary(files=0, errors=1), "pansafe: no card data found in 0 files, 1 error"),
        (
            Summary(files=2, files_with_findings=1, by_kind={Kind.PAN: 1}, errors=2),
            "pansafe: 1 finding (1 pan) in 1 of 2 files, 2 errors",
        ),
    ],
)
def test_text_summary(summary: Summary, line: str) -> None:
    assert format_summary(summary) == line


# -- JSON Lines ---------------------------------------------------------------


def messages(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_messages_follow_the_schema() -> None:
    out, err = run(JsonlReporter)
    assert err == ""
    assert out.isascii()
    msgs = messages(out)
    assert [m["type"] for m in msgs] == ["begin", "finding", "finding", "finding", "error", "end"]
    assert all(set(m) == {"type", "data"} for m in msgs)

    begin = msgs[0]["data"]
    assert begin == {
        "tool": "pansafe",
        "version": pansafe.__version__,
        "backend": pansafe.backend,
        "schema_version": SCHEMA_VERSION,
    }

    assert msgs[1]["data"] == {
        "path": "a.log",
        "kind": "pan",
        "start": 120,
        "end": 139,
        "line": 3,
        "column": 17,
        "masked": "4111 11** **** 1111",
        "brand": "visa",
        "test_card": True,
        "confidence": 1.0,
        "sensitive_authentication_data": False,
    }
    cvv, track2 = msgs[2]["data"], msgs[3]["data"]
    assert isinstance(cvv, dict) and isinstance(track2, dict)
    assert cvv["brand"] is None and cvv["sensitive_authentication_data"] is True
    assert track2["line"] is None and track2["column"] is None
    assert track2["confidence"] == 0.9

    assert msgs[4]["data"] == {"path": "missing.log", "message": "No such file or directory"}

    end = msgs[5]["data"]
    assert isinstance(end, dict)
    assert end["by_kind"] == {"pan": 1, "track2": 1, "cvv": 1}
    assert list(end["by_kind"]) == ["pan", "track2", "cvv"]  # Kind order, stable
    assert {k: v for k, v in end.items() if k != "elapsed_seconds"} == {
        "files": 4,
        "files_with_findings": 1,
        "findings": 3,
        "by_kind": {"pan": 1, "track2": 1, "cvv": 1},
        "errors": 0,
    }
    assert end["elapsed_seconds"] == pytest.approx(0.012346)


def test_jsonl_keeps_undecodable_path_exactly() -> None:
    out, _ = run(JsonlReporter, path=ODD_PATH)
    finding = messages(out)[1]["data"]
    assert isinstance(finding, dict)
    assert finding["path"] == "logs/caf\\xe9.log"
    assert base64.b64decode(str(finding["path_bytes"])) == b"logs/caf\xe9.log"


def test_jsonl_stdin_and_empty_run() -> None:
    out, err = io.StringIO(), io.StringIO()
    reporter = JsonlReporter(out, err)
    reporter.begin()
    reporter.finding(STDIN, CVV)
    reporter.end(Summary(files=1, files_with_findings=1, by_kind={Kind.CVV: 1}))
    msgs = messages(out.getvalue())
    assert msgs[1]["data"]["path"] == "<stdin>"  # type: ignore[index]

    out = io.StringIO()
    reporter = JsonlReporter(out, err)
    reporter.begin()
    reporter.end(Summary())
    end = messages(out.getvalue())[-1]["data"]
    assert isinstance(end, dict)
    assert end["findings"] == 0 and end["by_kind"] == {}
