"""The pure-Python backend's shortcuts skip work, never findings.

Each shortcut of the fallback (see ``docs/design.md``, "The fallback's shortcuts")
is held here to the slow way it replaces: the same runs of digits, the same track
candidates with every track pattern run in every window, the same fold, and the
same findings with every context word found.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import cards_in_bytes, context_bytes, detect_bytes, soup

from pansafe import _fallback
from pansafe.config import ScanConfig
from pansafe.detectors import detect_python, keywords
from pansafe.detectors._foldtable import UNFOLDED
from pansafe.languages import COMMON, LANGUAGES

ALL = tuple(sorted(LANGUAGES))
STEMS = sorted(
    {
        w.removeprefix("=")
        for lex in [COMMON, *LANGUAGES.values()]
        for kind in keywords.CONTEXT_KINDS
        for w in getattr(lex, kind)
    }
)
SUFFIXES = sorted({s for lex in [COMMON, *LANGUAGES.values()] for s in lex.suffixes})
# Words, their suffixes, and what makes lines and values: digits, dates, line breaks.
WORDS = [*STEMS, *SUFFIXES, "4111111111111111", "123", "12/27", "\n", "\r\n", " " * 30]

any_bytes = st.one_of(soup(), cards_in_bytes(), detect_bytes(), context_bytes(WORDS))


# --------------------------------------------------------------------------- candidates


@given(any_bytes)
@example(b"  4111 1111 1111 1111")
@example(b"12 .. 4111111111111111")
@example(b" - 1234567890")
@example(b" 12345678901")
def test_runs_are_the_coarse_pattern(buf: bytes) -> None:
    assert list(_fallback._runs(buf)) == [m.span() for m in _fallback._COARSE.finditer(buf)]


def _every_track_pattern_everywhere(buf: bytes) -> list[tuple[int, int, int]]:
    """find_candidates with its track gates open: every pattern in every window."""
    tracks = _fallback._tracks
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_fallback, "_EMV5A_HINT", re.compile(b""))
        mp.setattr(
            _fallback, "_tracks", lambda b, pos, end, _: tracks(b, pos, end, set(range(256)))
        )
        return _fallback.find_candidates(buf)


@given(any_bytes)
@example(b"%B4111111111111111^DOE/JOHN^2512101?")
@example(b";4111111111111111=2512101?")
@example(b"57 13 4111111111111111D25121011234567890123F")
@example(b"4111111111111111d2512101")
@example(b"5A 08 4111111111111111F")
@example(b"9F02060000000010005a0841111111111111115F34")
def test_track_gates_drop_no_track(buf: bytes) -> None:
    assert _fallback.find_candidates(buf) == _every_track_pattern_everywhere(buf)


@given(any_bytes)
@example(b"kood 4111111111111111. x")
@example(b"kood 4111111111111111 1234 x")
@example(b"x 12345678901 . 5")
@example(b"%4111111111111111 ")
@example(b"4111111111111111\xc2\xa0x")
def test_digits_before_separators_are_the_runs_one_chain(buf: bytes) -> None:
    """A run of digits and then separators only is read as the digits alone."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_fallback, "_RUN_NON_DIGITS", b"")  # strip nothing: every run as it is
        expected = _fallback.find_candidates(buf)
    assert _fallback.find_candidates(buf) == expected


# --------------------------------------------------------------------------- the fold


def test_unfolded_test_agrees_with_the_class_for_every_code_point() -> None:
    unfolded = {cp for lo, hi in UNFOLDED for cp in range(lo, hi + 1)}
    for cp in range(0x110000):
        ch = chr(cp)
        assert keywords._has_unfolded("ab" + ch + "c") is (cp in unfolded), hex(cp)


def _lead_heavy(ch: str) -> bytes:
    """``ch`` after more of its lead byte (in other characters) than are looked at one by one."""
    lead = ch.encode()[0]
    code_points = [*range(0x80, 0xD800), *range(0xE000, 0x30000)]
    others = [c for c in map(chr, code_points) if c.encode()[0] == lead and c != ch]
    return ("x".join(others[: keywords._FEW_LEADS + 5]) + ch).encode()


def test_unfolded_utf8_is_seen_for_every_code_point() -> None:
    """The byte test says "maybe" for every character the fold leaves alone, alone
    or after many other characters with its lead byte."""
    for lo, hi in UNFOLDED:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            assert keywords._may_have_unfolded(("ab" + ch + "c").encode()), hex(cp)
            assert keywords._may_have_unfolded(ch.encode()), hex(cp)
    for lo, _ in UNFOLDED[::7]:
        assert keywords._may_have_unfolded(_lead_heavy(chr(lo))), hex(lo)


def test_common_text_takes_the_shortcut() -> None:
    """Text in the bundled languages, with the punctuation whose lead byte an
    unfolded character shares: no unfolded character, and the bytes say so."""
    text = "Grüße, Kartenprüfnummer — ’Turvakood’ € ķēdē, ąčęėįšųūž, ПИН-код … 😀\n" * 200
    assert not keywords._has_unfolded(text)
    assert not keywords._may_have_unfolded(text.encode())


# Characters the fold leaves alone (İ, KELVIN SIGN, Ω, Ⅻ, ǅ, Ａ, 𐐀) and ones that share
# their lead byte or are common (ü, €, ’, ķ, an emoji, an escaped invalid byte).
FOLD_PIECES = ["a", "ü", "€", "’", "İ", "K", "Ω", "Ⅻ", "ǅ", "Ａ", "𐐀", "😀", "ķ", "\udc80"]


@given(st.lists(st.sampled_from(FOLD_PIECES), max_size=200), st.sampled_from(["", "x" * 600]))
def test_fold_with_the_bytes_is_the_fold(pieces: list[str], padding: str) -> None:
    """Texts of either side of the length from which the bytes are asked first."""
    text = "".join(pieces) + padding
    buf = text.encode("utf-8", "surrogateescape")
    if keywords._has_unfolded(text):
        assert keywords._may_have_unfolded(buf)
    assert keywords._fold(text, buf) == keywords._fold(text)


# --------------------------------------------------------------------------- context words


@st.composite
def words_and_pans(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    """Text with context words, and some of its ASCII digits as the starts of PANs."""
    buf = draw(st.one_of(context_bytes(WORDS, max_pieces=40), detect_bytes(max_pieces=24)))
    digits = [i for i, byte in enumerate(buf) if 0x30 <= byte <= 0x39]
    return buf, sorted(draw(st.sets(st.sampled_from(digits))) if digits else set())


@given(words_and_pans(), st.sampled_from([ALL, ("en",), ("et", "ru")]))
@example((b"CVV\n" + b"x" * 60 + b" PIN 1234", []), ALL)
@example((b"CVV\ncard 123", []), ALL)
@example((b"card\n4111111111111111", [5]), ALL)
@example((b"card " + b"y" * 58 + b" 4111111111111111", [68]), ALL)
@example((("Kartenprüfnummer " + "z" * 60 + " 123").encode(), []), ALL)
def test_words_for_the_detectors_are_all_found(
    case: tuple[bytes, list[int]], languages: tuple[str, ...]
) -> None:
    """With ``pans``, every word the detectors can use is found, and nothing else is."""
    buf, pans = case
    every = keywords.find_context_words_python(buf, languages)
    some = keywords.find_context_words_python(buf, languages, pans=pans)
    assert set(some) <= set(every) and some == sorted(some, key=lambda w: w.start)
    for i, word in enumerate(every):
        if word.kind in keywords.VALUE_KINDS:
            assert word in some
            after = every[i + 1 : i + 2]
            if after and after[0].start <= word.end + keywords.WORD_REACH:
                assert after[0] in some
    for pan in pans:
        for word in every:
            if pan - keywords.WORD_REACH <= word.end <= pan:
                assert word in some


VALUE_STEMS = sorted(
    stem for stem, s in keywords._compile(ALL).stems.items() if s.kind in keywords.VALUE_KINDS
)


@pytest.mark.parametrize("stem", VALUE_STEMS)
def test_value_pattern_meets_every_value_stem(stem: str) -> None:
    """Where a stem of a value kind starts, the value pattern matches at most
    ``longest`` characters on (or finditer skipped that place inside a match)."""
    compiled = keywords._compile(ALL)
    for before, after in [("", ""), ("x", "x"), ("kaardi", "s 12"), ("a ", " "), (stem, stem)]:
        text = before + stem + after
        start = len(before)
        assert any(
            m.start() - compiled.longest <= start < m.end()
            for m in compiled.value_pattern.finditer(text)
        ), stem


CONFIGS = [ScanConfig.build(), ScanConfig.build(languages=["en"])]


@given(st.one_of(detect_bytes(), context_bytes(WORDS, max_pieces=40)), st.sampled_from(CONFIGS))
@example(b"IMEI " + b"x" * 20 + b" 4111111111111111", CONFIGS[0])
@example(b"card number: 4111111111111111", CONFIGS[0])
@example(b"Tel. 4111111111111111", CONFIGS[0])
@example(b"CVV\n\nturvakood 123", CONFIGS[0])
@example(b"CVV\ncard 123", CONFIGS[0])
@example(b"card\n4111111111111111", CONFIGS[0])
def test_detect_with_only_the_words_it_needs_finds_the_same(buf: bytes, config: ScanConfig) -> None:
    expected_words = keywords.find_context_words_python
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("pansafe._backend.find_context_words", None)
        mp.setattr("pansafe._backend.find_candidates", _fallback.find_candidates)
        mp.setattr("pansafe.detectors.WALK_ALL_BELOW", 0)  # short texts too
        found = detect_python(buf, config)
        mp.setattr(
            keywords,
            "find_context_words_python",
            lambda b, languages, pans=None: expected_words(b, languages),
        )
        assert detect_python(buf, config) == found
