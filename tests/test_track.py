"""Track 1, track 2 and EMV track-2 equivalent data: one finding covering the whole track."""

from __future__ import annotations

import pytest

import pansafe
from pansafe import Kind

TRACKS = [
    (Kind.TRACK1, "%B4111111111111111^DOE/JOHN^27121010000000000000?"),
    (Kind.TRACK1, "B4111111111111111^DOE/JOHN ^2712101000000000000"),
    (Kind.TRACK1, "%B5555555555554444^MUSTERMANN/MAX^2812201   000000?"),
    (Kind.TRACK2, ";4111111111111111=27121010000000000?"),
    (Kind.TRACK2, "4111111111111111=2712101000000000"),
    (Kind.TRACK2, "4761739001010119D22122011143804400000F"),
]


@pytest.mark.parametrize(("kind", "track"), TRACKS)
@pytest.mark.parametrize(("before", "after"), [("", ""), ("track: ", " end"), ("x\n", "\ny")])
def test_track_found_whole(backend: str, kind: Kind, track: str, before: str, after: str) -> None:
    text = before + track + after
    found = pansafe.scan(text)
    assert [(f.kind, f.start, f.end) for f in found] == [(kind, len(before), len(before + track))]
    assert found[0].brand in ("visa", "mastercard")


def test_tag_57_inside_a_tlv_hex_dump(backend: str) -> None:
    value = "4761739001010119D22122011143804400000F"
    dump = "9F2608A1B2C3D4E5F60718" + "5713" + value + "5A084761739001010119" + "9F3602001C"
    found = pansafe.scan(dump)
    start = dump.index(value)
    assert [(f.kind, f.start, f.end) for f in found] == [
        (Kind.TRACK2, start, start + len(value)),
        (Kind.PAN, dump.index("5A08") + 4, dump.index("5A08") + 20),
    ]


def test_tag_57_length_byte_decides_where_the_value_ends(backend: str) -> None:
    # 0x12 = 18 bytes = 36 nibbles: the value has no F pad and the next tag follows.
    value = "4761739001010119D2212201114380440000"
    dump = "5712" + value + "5F200F"
    found = pansafe.scan(dump)
    assert [(f.kind, dump[f.start : f.end]) for f in found] == [(Kind.TRACK2, value)]


def test_track_masked_form_shows_no_sensitive_data(backend: str) -> None:
    track = "%B4111111111111111^DOE/JOHN^27121010000000000000?"
    (finding,) = pansafe.scan(track)
    assert "1111111111" not in finding.masked
    assert "DOE" not in finding.masked
    assert "2712101" not in finding.masked
    assert finding.masked.count("*") >= len(track) - 16


@pytest.mark.parametrize(
    "text",
    [
        "%B4111111111111112^DOE/JOHN^2712101?",  # Luhn fails
        "key=4111111111111112=2712101",  # Luhn fails
        "ABC4111111111111111=27121010000000000",  # glued to a word
        "B4111111111111111^^2712101",  # no name
    ],
)
def test_not_a_track(backend: str, text: str) -> None:
    assert [f for f in pansafe.scan(text) if f.kind in (Kind.TRACK1, Kind.TRACK2)] == []
