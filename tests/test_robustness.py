"""Junk into every public function: a clean result or a clear pansafe error, never a crash."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pansafe

JUNK: list[Any] = [
    None,
    42,
    3.5,
    ["4111111111111111"],
    {"card": "4111111111111111"},
    object(),
]

DATA_FUNCTIONS: list[Callable[[Any], Any]] = [
    pansafe.scan,
    pansafe.contains_card_data,
    pansafe.redact,
    pansafe.Scanner().scan,
]


@pytest.mark.parametrize("func", DATA_FUNCTIONS)
@pytest.mark.parametrize("junk", JUNK, ids=lambda j: type(j).__name__)
def test_wrong_types_raise_input_error(func: Callable[[Any], Any], junk: Any) -> None:
    with pytest.raises(pansafe.InputError) as info:
        func(junk)
    assert "4111" not in str(info.value)


@pytest.mark.parametrize("func", DATA_FUNCTIONS)
@pytest.mark.parametrize(
    "data",
    [
        b"",
        "",
        b"\x00" * 1000,
        bytes(range(256)) * 50,
        b"\xff\xfe\xfd invalid \xc3\x28 utf-8 \xed\xa0\x80",
        "\udcff lone surrogate \ud800 4111111111111111",
        "9" * 100_000,
        "4111 " * 20_000,
        "%B" * 5000 + "^" * 5000,
        "5713" * 5000,
        "cvv " * 10_000,
    ],
    ids=lambda d: f"{type(d).__name__}{len(d)}",
)
def test_odd_input_gives_a_clean_result(
    backend: str, func: Callable[[Any], Any], data: Any
) -> None:
    func(data)


@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    found = pansafe.scan(data)
    for f in found:
        assert 0 <= f.start < f.end <= len(data)
    assert isinstance(pansafe.redact(data), bytes)
    assert pansafe.scan_stream(io.BytesIO(data)) is not None
    list(pansafe.scan_stream(io.BytesIO(data)))


@given(st.text(max_size=400))
def test_random_text_never_crashes(text: str) -> None:
    for f in pansafe.scan(text):
        assert 0 <= f.start < f.end <= len(text)
    assert isinstance(pansafe.redact(text), str)


def test_100mb_single_line_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.log"
    block = b"a" * (1 << 20)
    with open(path, "wb") as out:
        for i in range(100):
            out.write(block)
            if i == 50:
                out.write(b" 4111111111111111 ")
    (finding,) = pansafe.scan_file(str(path))
    assert finding.line == 1
    assert finding.start == 51 * (1 << 20) + 1
    os.unlink(path)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kinds": ["pan", "nonsense"]},
        {"kinds": "pan"},
        {"brands": ["visa", "klingon"]},
        {"languages": ["xx"]},
        {"test_cards": "maybe"},
        {"allow": "4111111111111111"},
    ],
)
def test_bad_options_raise_config_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(pansafe.ConfigError) as info:
        pansafe.Scanner(**kwargs)
    assert "4111111111111111" not in str(info.value)


def test_scan_stream_rejects_non_streams() -> None:
    with pytest.raises(pansafe.InputError):
        list(pansafe.scan_stream(None))  # type: ignore[arg-type]


def test_backend_is_named() -> None:
    assert pansafe.backend in ("python", "native")
