"""No output of the library shows a PAN, CVV, PIN or track that went in."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import pickle
from pathlib import Path

import pytest

import pansafe

PAN = "4111111111111111"
TEXT = (
    f"card {PAN} exp 12/27 cvv 987 PIN 6543 "
    "track ;5555555555554444=28122011234567890? "
    "%B378282246310005^DOE/JOHN^2812201000000?"
)
SECRETS = [PAN, "987", "6543", "5555555555554444", "378282246310005", "28122011234567890"]


def assert_clean(output: str) -> None:
    for secret in SECRETS:
        assert secret not in output, f"leaked {secret[:2]}…"


def test_findings_repr_str_and_fields_hold_no_secret(backend: str) -> None:
    found = pansafe.scan(TEXT)
    assert {f.kind.value for f in found} == {"pan", "expiry", "cvv", "pin", "track1", "track2"}
    for f in found:
        assert_clean(repr(f))
        assert_clean(str(f))
        assert_clean(json.dumps(dataclasses.asdict(f)))
        assert_clean(pickle.dumps(f).decode("latin-1"))


def test_scanner_repr_hides_the_allow_list() -> None:
    scanner = pansafe.Scanner(allow=[PAN])
    assert_clean(repr(scanner))
    assert scanner.scan(f"card {PAN}") == []


def test_errors_hold_no_secret(tmp_path: Path) -> None:
    with pytest.raises(pansafe.PansafeError) as info:
        pansafe.redact(TEXT, "hash")
    assert_clean(str(info.value))
    odd = tmp_path / f"odd-{PAN[:4]}.txt"
    odd.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00")
    with pytest.raises(pansafe.InputError) as info2:
        pansafe.redact_file(odd)
    assert_clean(str(info2.value))


def test_library_logs_nothing_secret(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        pansafe.scan(TEXT)
        pansafe.redact(TEXT)
        pansafe.redact_stream(io.BytesIO(TEXT.encode()), io.BytesIO())
    assert_clean(caplog.text)


def test_redacted_outputs_hold_no_secret() -> None:
    for style in ("mask", "redact"):
        assert_clean(pansafe.redact(TEXT, style))  # type: ignore[arg-type]
    assert_clean(pansafe.redact(TEXT, "hash", key=b"k"))
