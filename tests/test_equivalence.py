"""Every backend finds exactly the candidates the oracle finds.

``oracle.oracle_candidates`` is a slow plain-loop reading of docs/detection.md
that shares no code with either backend (memchr's ``naive.rs`` / ``prop.rs``);
Hypothesis feeds both adversarial bytes, generated text with cards, tracks and
EMV tags in it, and ``str`` input encoded the way the scanner encodes it.
"""

from __future__ import annotations

import pytest
from conftest import BACKENDS
from hypothesis import example, given
from hypothesis import strategies as st
from oracle import PAN, TRACK1, TRACK2, oracle_candidates
from strategies import cards_in_bytes, hard_negatives, noise, soup, written_pans

import pansafe
from pansafe import _backend
from pansafe.findings import Kind

# Fixed cases worth running every time: each one a rule of the spec.
IBAN = b"IBAN EE38 2200 2210 2014 5685 and EE382200221020145685"
PAN_CVV = b"4111111111111111 123 / 4111 1111 1111 1111 12 27 123"
TABLE = b"4000 1200 3400 5600 7800\n4111 1111 1111 1111 1111\n"
URL = b"card=4111%201111%201111%201111&cvv=123"
NBSP = b"4111\xc2\xa01111\xa01111\xe2\x80\xaf1111 and 5500\xa00000\xa00000\xa00004"
HEX_DUMP_57 = b"6F1A8407A0000000031010 57 13 4111111111111111D25121011234567890123F 5F2002"
HEX_DUMP_57_AFTER_57 = b"9F5757134111111111111111D25121011234567890123F9F02"
HEX_DUMP_5A = b"9F02060000000010005A0841111111111111115F3401009F"
TRACK1_NO_DISCRETIONARY = b"%B4111111111111111^DOE/JOHN^2512101?"
FIVE_A_SPACED = b"5A 08 4111111111111111F"
TAIL_GLUED = b"4111 1111 1111 1111 12 27 123abc"


def candidates(buf: bytes) -> list[tuple[int, int, int]]:
    """What the engine's backend (as set by the ``backend`` fixture) returns."""
    return _backend.find_candidates(buf)


def test_fixture_swaps_the_backend_the_engine_calls(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _backend.find_candidates is BACKENDS[backend]
    assert (_backend.detector is None) is (backend == "python")
    assert [f.kind for f in pansafe.scan("4111 1111 1111 1111")] == [Kind.PAN]
    # The scanner looks the functions up at call time, so swapping them changes scans:
    # the candidates on Python, the whole detect step (candidates included) in C.
    if backend == "python":
        monkeypatch.setattr(_backend, "find_candidates", lambda buf: [])
    else:

        class Empty:
            def __init__(self, keywords: object, iin: object) -> None:
                pass

            def __call__(self, buf: bytes, chars: bool = False) -> tuple[list[object], bytes]:
                return [], b""

        monkeypatch.setattr(_backend, "detector", Empty)
    assert pansafe.scan("4111 1111 1111 1111") == []


# Each row: input and exactly what the spec says the backend returns for it.
SPEC_CASES = [
    # Contiguous, and a CVV after it on a space-like link.
    pytest.param(b"4111111111111111 123", [(PAN, 0, 16)], id="pan-cvv"),
    # The run of an IBAN starts at its check digits: no window inside it is a PAN.
    pytest.param(b"EE38 2200 2210 2014 5685", [], id="iban"),
    pytest.param(b"12-4111111111111111", [], id="dash-identifier"),
    pytest.param(b"ID-4111111111111111", [], id="id-prefix"),
    pytest.param(b"v2.4111111111111111", [], id="version-prefix"),
    pytest.param(b"4111111111111111.txt", [], id="file-suffix"),
    pytest.param(b"+4111111111111111", [], id="phone-plus"),
    pytest.param(b"1 234 567 890 123", [], id="thousands"),
    pytest.param(b"192.168.100.200.4111", [], id="dotted"),
    # Expiry and CVV pasted after a grouped card: a short tail that ends the run.
    pytest.param(b"4111 1111 1111 1111 12 27 123", [(PAN, 0, 19)], id="tail"),
    # A table row is not a card, nor is any window of it.
    pytest.param(b"4000 1200 3400 5600 7800", [], id="table-row"),
    pytest.param(b"4111 1111 1111 1111 1111", [], id="table-row-luhn"),
    # 4-6-5 (Amex) and 4-6-4 (Diners); 4-4-4-4-3.
    pytest.param(b"3782 822463 10005", [(PAN, 0, 17)], id="4-6-5"),
    pytest.param(b"3056 930902 5904", [(PAN, 0, 16)], id="4-6-4"),
    pytest.param(b"6759 6498 2643 8453 169", [(PAN, 0, 23)], id="4-4-4-4-3"),
    pytest.param(b"4111 1111 1111 1112", [], id="luhn-invalid"),
    pytest.param(b"4111-1111-1111-1111", [(PAN, 0, 19)], id="dash"),
    pytest.param(b"4111.1111.1111.1111", [(PAN, 0, 19)], id="dot"),
    pytest.param(b"4111+1111+1111+1111", [(PAN, 0, 19)], id="form-space"),
    pytest.param(b"4111%201111%201111%201111", [(PAN, 0, 25)], id="url-space"),
    pytest.param(b"4111\xc2\xa01111\xa01111\xe2\x80\xaf1111", [(PAN, 0, 22)], id="nbsp-mixed"),
    # Mixed separator types are not one grouping.
    pytest.param(b"4111 1111-1111 1111", [], id="mixed-types"),
    # A grouped PAN after a different link type starts its own run.
    pytest.param(b"12-4111 1111 1111 1111", [(PAN, 3, 22)], id="new-run"),
    # Choice: longest span first, then resume after it.
    pytest.param(b"4111111111111111 4111111111111111", [(PAN, 0, 16), (PAN, 17, 33)], id="two"),
    # Tag 5A: the span is the digits, without the F pad.
    pytest.param(b"5A0841111111111111115F34", [(PAN, 4, 20)], id="5a"),
    pytest.param(b"5A:074222222222222F", [(PAN, 5, 18)], id="5a-colon-pad"),
    # The PAN inside a track is glued to its B: not a PAN candidate of its own.
    pytest.param(
        b"%B4111111111111111^DOE/JOHN^25121010000000000000?", [(TRACK1, 0, 49)], id="track1"
    ),
    pytest.param(b"xB4111111111111111^DOE/JOHN^2512101123", [], id="track1-glued"),
    # After ';' and before '=' the PAN has clean edges: a PAN candidate too.
    pytest.param(
        b";4111111111111111=25121010000000000000?", [(TRACK2, 0, 39), (PAN, 1, 17)], id="track2"
    ),
    pytest.param(
        b";4111111111111111=2512101000000000000000?", [(PAN, 1, 17)], id="track2-41-chars"
    ),
    pytest.param(b"x4111111111111111=2512101", [], id="track2-glued"),
    # EMV tag 57: by length inside a hex dump, or standing alone.
    pytest.param(HEX_DUMP_57, [(TRACK2, 29, 67)], id="57-hex-dump"),
    pytest.param(HEX_DUMP_57_AFTER_57, [(TRACK2, 8, 46)], id="57-after-57"),
    pytest.param(b"57134111111111111111D25121011234567890123F", [(TRACK2, 4, 42)], id="57"),
    pytest.param(b"4111111111111111D2512101", [(TRACK2, 0, 24)], id="57-bare"),
    pytest.param(b"x4111111111111111D2512101", [], id="57-bare-glued"),
    # Settled after spec and code disagreed; each pins the spec's wording.
    # When a short tail ends the chain, the byte after it obeys the chain-end rule.
    pytest.param(TAIL_GLUED, [], id="tail-glued"),
    # Track 1 discretionary data is optional.
    pytest.param(TRACK1_NO_DISCRETIONARY, [(TRACK1, 0, 36)], id="track1-no-discretionary"),
    # A track 1 name holds no NUL.
    pytest.param(b"%B4111111111111111^DO\x00JOHN^25121011?", [], id="track1-nul"),
    # Discretionary data: the longest digits-and-spaces run of at most 60 bytes
    # ending in a digit, so 100 spaces end it.
    pytest.param(
        b"%B4111111111111111^DOE/JOHN^25121011" + b" " * 100 + b"1",
        [(TRACK1, 0, 36)],
        id="track1-long-discretionary",
    ),
    # 5A: a space or colon may follow the length byte.
    pytest.param(FIVE_A_SPACED, [(PAN, 6, 22)], id="5a-space-after-length"),
    # Tag 57 values are at most 19 bytes; bare ones at most 30 digits after the 7.
    pytest.param(
        b"9F5714" + b"4100000000000001D2512101000000000000000F" + b"9F02",
        [],
        id="57-longer-than-19-bytes",
    ),
    pytest.param(b"4111111111111111D2512101" + b"0" * 31, [], id="57-bare-long"),
    pytest.param(b"4111111111111111D2512101" + b"0" * 30, [(TRACK2, 0, 54)], id="57-bare-30"),
    # A track 2 whose PAN fails Luhn must not hide the valid track 2 that follows it.
    pytest.param(
        b"04100000000005=4111111111111111=2512101",
        [(PAN, 15, 31), (TRACK2, 15, 39)],
        id="track2-after-rejected-track2",
    ),
    # A %20 before the first group is a separator, and a space for the edge rules.
    pytest.param(b"q=card%204111%201111%201111%201111", [(PAN, 9, 34)], id="url-space-first"),
    pytest.param(b"%2512345678901234", [], id="percent-25-is-not-a-separator"),
]


@pytest.mark.parametrize(("buf", "expected"), SPEC_CASES)
def test_spec_examples(backend: str, buf: bytes, expected: list[tuple[int, int, int]]) -> None:
    assert oracle_candidates(buf) == expected  # the oracle reads the spec right
    assert candidates(buf) == expected


@given(buf=soup())
@example(buf=IBAN)
@example(buf=PAN_CVV)
@example(buf=TABLE)
@example(buf=URL)
@example(buf=NBSP)
@example(buf=HEX_DUMP_57)
@example(buf=HEX_DUMP_57_AFTER_57)
@example(buf=HEX_DUMP_5A)
@example(buf=b"")
@example(buf=b"\x00" * 40 + b"4111111111111111" + b"\xff")
def test_adversarial_bytes(backend: str, buf: bytes) -> None:
    assert candidates(buf) == oracle_candidates(buf)


@given(buf=cards_in_bytes())
@example(buf=b"Tel. " + IBAN + b"\n" + PAN_CVV + b"\n" + TABLE)
def test_cards_tracks_and_tags_in_bytes(backend: str, buf: bytes) -> None:
    assert candidates(buf) == oracle_candidates(buf)


_str_piece = st.one_of(
    st.text(max_size=20),
    noise(),
    written_pans().map(lambda p: p.text),
    hard_negatives(),
    st.sampled_from(["\u00a0", "\u202f", "\u2009", "%20", "+", "-", ".", " ", "^", "=", ";", "B"]),
)


@given(text=st.lists(_str_piece, max_size=8).map("".join))
@example(text="Kaart 4111\u00a01111\u00a01111\u00a01111, päev 12/27 — ok")
@example(text="日本語4111 1111 1111 1111")
@example(text="\u20094111\u20091111\u20091111\u20091111\u2009")
def test_str_input(backend: str, text: str) -> None:
    buf = text.encode("utf-8", "surrogatepass")
    assert candidates(buf) == oracle_candidates(buf)


@given(buf=st.one_of(soup(), cards_in_bytes()))
def test_output_is_sorted_unique_and_in_bounds(backend: str, buf: bytes) -> None:
    found = candidates(buf)
    assert found == sorted(set(found), key=lambda c: (c[1], c[2], c[0]))
    for kind, start, end in found:
        assert kind in (PAN, TRACK1, TRACK2)
        assert 0 <= start < end <= len(buf)
