"""PANs end to end through ``pansafe.scan``: found with exact offsets and brand, and
hard negatives (IMEIs, IBANs, timestamps, UUIDs, hashes, references, phone numbers,
masked PANs) not reported, on every backend."""

from __future__ import annotations

import string

import luhn
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import (
    BRAND_LENGTHS,
    BRANDS,
    BYTE_SEPARATORS,
    SEPARATORS,
    PlacedPan,
    WrittenPan,
    groupings,
    hard_negatives,
    luhn_complete,
    make_pan,
    noise,
    pans,
    placed_pans,
    write_pan,
)

import pansafe
from pansafe import _fallback
from pansafe.findings import Finding, Kind

CARD_KINDS = (Kind.PAN, Kind.TRACK1, Kind.TRACK2)


def pan_findings(found: list[Finding]) -> list[tuple[Kind, int, int, str | None]]:
    return [(f.kind, f.start, f.end, f.brand) for f in found if f.kind in CARD_KINDS]


def sample_pans(brand: str, length: int) -> list[str]:
    """A few fixed PANs of this brand and length, one per prefix family."""
    prefixes = BRANDS[brand].prefixes
    picks = sorted({prefixes[0], prefixes[len(prefixes) // 2], prefixes[-1]})
    return [make_pan(prefix, length, "7316284059") for prefix in picks]


# --------------------------------------------------------------------------- found


#: Text before the PAN: non-ASCII, so character and byte offsets differ.
BEFORE = "Tere, päev 😀 — see below:\n"
AFTER = " ok. Grüße"


@pytest.mark.parametrize(("brand", "length"), BRAND_LENGTHS)
def test_contiguous_pan_of_every_brand_and_length(backend: str, brand: str, length: int) -> None:
    for digits in sample_pans(brand, length):
        text = BEFORE + digits + AFTER
        start = len(BEFORE)
        assert pan_findings(pansafe.scan(text)) == [(Kind.PAN, start, start + length, brand)]
        raw = text.encode()
        bstart = len(BEFORE.encode())
        assert pan_findings(pansafe.scan(raw)) == [(Kind.PAN, bstart, bstart + length, brand)]


STR_SPELLINGS = [(kind, s) for kind, spellings in SEPARATORS.items() for s in spellings]


@pytest.mark.parametrize(("kind", "spelling"), STR_SPELLINGS, ids=repr)
def test_grouped_pan_of_every_brand_length_and_grouping(
    backend: str, kind: str, spelling: str
) -> None:
    wrong = []
    for brand, length in BRAND_LENGTHS:
        for sizes in groupings(length):
            if len(sizes) == 1:
                continue
            for digits in sample_pans(brand, length):
                written = write_pan(digits, sizes, [spelling] * (len(sizes) - 1))
                text = BEFORE + written + AFTER
                start = len(BEFORE)
                expected = [(Kind.PAN, start, start + len(written), brand)]
                got = pan_findings(pansafe.scan(text))
                if got != expected:
                    wrong.append((written, got, expected))
    assert wrong == []


def test_latin1_no_break_space_in_bytes(backend: str) -> None:
    """A lone A0 byte (Latin-1 / cp1252 text) separates groups like U+00A0."""
    assert b"\xa0" in BYTE_SEPARATORS["no-break space"]
    for brand, length in BRAND_LENGTHS:
        digits = sample_pans(brand, length)[0]
        for sizes in groupings(length):
            if len(sizes) == 1:
                continue
            written = write_pan(digits, sizes, ["\xa0"] * (len(sizes) - 1)).encode("latin-1")
            raw = b"Caf\xe9 " + written + b" \xe9t\xe9"
            assert pan_findings(pansafe.scan(raw)) == [(Kind.PAN, 5, 5 + len(written), brand)]


def _placed_by_hand(
    before: str, digits: str, sizes: tuple[int, ...], sep: str, after: str
) -> PlacedPan:
    written = write_pan(digits, sizes, [sep] * (len(sizes) - 1))
    pan = WrittenPan(
        "visa" if digits[0] == "4" else "mastercard", digits, sizes, None, written, written.encode()
    )
    start = len(before)
    return PlacedPan(pan.brand, digits, pan, before + written + after, start, start + len(written))


def _check_placed(placed: PlacedPan) -> None:
    expected = [(Kind.PAN, placed.start, placed.end, placed.brand)]
    assert pan_findings(pansafe.scan(placed.data)) == expected
    span = placed.data[placed.start : placed.end]
    assert span == (placed.written.raw if isinstance(span, bytes) else placed.written.text)


@given(placed=placed_pans())
@example(placed=_placed_by_hand("日本語 (", "4111111111111111", (4, 4, 4, 4), " ", ") ok"))
@example(placed=_placed_by_hand("привет\u00a0", "5500000000000004", (4, 4, 4, 4), "\u202f", ""))
def test_generated_pan_in_text(backend: str, placed: PlacedPan) -> None:
    """Character offsets for str, with non-ASCII text before the card."""
    _check_placed(placed)


@given(placed=placed_pans(as_bytes=True))
def test_generated_pan_in_bytes(backend: str, placed: PlacedPan) -> None:
    """Byte offsets for bytes, with Latin-1 and invalid UTF-8 around the card."""
    _check_placed(placed)


@given(
    first=placed_pans(),
    second=placed_pans(),
)
def test_two_pans_in_one_text(backend: str, first: PlacedPan, second: PlacedPan) -> None:
    assert isinstance(first.data, str)
    assert isinstance(second.data, str)
    text = first.data + "\n" + second.data
    offset = len(first.data) + 1
    assert pan_findings(pansafe.scan(text)) == [
        (Kind.PAN, first.start, first.end, first.brand),
        (Kind.PAN, offset + second.start, offset + second.end, second.brand),
    ]


# --------------------------------------------------------------------------- not found

HARD_NEGATIVES = [
    # IMEIs (Luhn-valid, 15 digits), with and without a label.
    "356938035643809",
    "IMEI: 356938035643809",
    "IMEI 35-209900-176148-1",
    "860000000000009",
    # Epoch timestamps in ms and µs, Luhn-valid.
    '{"ts": 1712345678907}',
    "time=1712345678901238 level=info",
    # IBANs, grouped and contiguous, with Luhn-valid Mir- and JCB-like windows.
    "EE38 2200 2210 2014 5685",
    "EE22 2200 2210 2014 5682",
    "EE222200221020145682",
    "IBAN DE89 3704 0044 0532 0130 00",
    "DE08 3704 0044 0532 0131 00",
    "DE08370400440532013100",
    # UUIDs, the last one ending in a Luhn-valid 12-digit Maestro-like number.
    "123e4567-e89b-12d3-a456-426614174000",
    "a0b1c2d3-e4f5-4a6b-8c7d-675912345674",
    "A0B1C2D3-E4F5-4A6B-8C7D-675912345674",
    # Hashes.
    "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "da39a3ee4111111111111111b5e6b4b0d3255bfef95601890afd8070",
    # Base64.
    "dGhpcyBpcyBub3QgYSBjYXJk4111111111111111ZGF0YQ==",
    # 20-30 digit references holding a Luhn-valid card number.
    "Ref: 00412345674111111111111111",
    "41111111111111110000",
    "4111 1111 1111 1111 4111",
    "9999 4111 1111 1111 1111",
    # Phone numbers.
    "+372 5123 4567",
    "+44 20 7946 0958",
    "+4111111111111111",
    "+372 4111 1111 1111 1111",
    # Masked PANs.
    "411111******1111",
    "4111 11** **** 1111",
    "4111-XXXX-XXXX-1111",
    "************1111",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negative_examples(backend: str, text: str) -> None:
    assert pan_findings(pansafe.scan(text)) == []
    assert pan_findings(pansafe.scan(text.encode())) == []


@given(before=noise(), negative=hard_negatives(), after=noise())
def test_generated_hard_negatives(backend: str, before: str, negative: str, after: str) -> None:
    text = f"{before} {negative} {after}"
    assert pan_findings(pansafe.scan(text)) == []


# --------------------------------------------------------------------------- Luhn


@given(digits=st.text(string.digits, max_size=40))
@example(digits="4111111111111111")
@example(digits="4111111111111112")
@example(digits="0")
@example(digits="")
def test_luhn_agrees_with_the_luhn_package(digits: str) -> None:
    assert _fallback.luhn_valid(digits.encode()) is luhn.verify(digits)


@given(pan=pans())
def test_generated_pans_pass_luhn(pan: tuple[str, str]) -> None:
    """The strategies' own Luhn completion agrees with the ``luhn`` package."""
    brand, digits = pan
    assert luhn.verify(digits)
    assert len(digits) in BRANDS[brand].lengths
    assert luhn.verify(luhn_complete(digits[:-1]))
