"""``scan_many``: the batch API gives each text exactly what ``scan`` gives it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import detect_bytes

import pansafe
from pansafe import InputError, Kind, Scanner


@pytest.mark.usefixtures("backend")
@settings(max_examples=100)
@given(
    st.lists(
        st.one_of(
            detect_bytes(max_pieces=8),
            detect_bytes(max_pieces=8).map(lambda b: b.decode("utf-8", "replace")),
        ),
        max_size=6,
    )
)
def test_each_text_as_scan_finds_it(texts: list[str | bytes]) -> None:
    assert pansafe.scan_many(texts) == [pansafe.scan(t) for t in texts]


@pytest.mark.usefixtures("backend")
def test_texts_are_scanned_on_their_own() -> None:
    # Split between two texts, neither half is a card number.
    assert pansafe.scan_many(["card 4111 1111", "1111 1111"]) == [[], []]
    found = pansafe.scan_many(["", "Kaart 4111 1111 1111 1111, CVV 123", b"", "ok"])
    assert [[f.kind for f in fs] for fs in found] == [[], [Kind.PAN, Kind.CVV], [], []]
    # Offsets are each text's own, characters for str.
    assert found[1][0].start == len("Kaart ")


@pytest.mark.usefixtures("backend")
def test_options_and_many_findings() -> None:
    text = "cvv 123 exp 12/27 card 4111111111111111 õ " * 200
    scanner = Scanner(kinds=["pan", "cvv"], test_cards="label")
    results = scanner.scan_many([text] * 30 + [text.encode()])
    assert results == [scanner.scan(text)] * 30 + [scanner.scan(text.encode())]
    assert len(results[0]) == 400
    assert pansafe.scan_many([]) == []
    assert pansafe.scan_many(iter(["4111111111111111"]))[0][0].kind is Kind.PAN


def test_bad_input_is_an_input_error() -> None:
    with pytest.raises(InputError):
        pansafe.scan_many(["ok", 42])  # type: ignore[list-item]
