"""The detect step: the C twin (``pansafe_detect``) against the Python detectors.

On the native backend one C call does what :func:`pansafe.detectors.detect_python`
does with the detectors: PAN confirmation by brand and context, values after
context words, expiry after a PAN, overlaps. Both must give the same findings for
every input; the brand table C reads is built from :mod:`pansafe.iin` and must
answer every lookup as :func:`pansafe.iin.lookup` does.
"""

from __future__ import annotations

import random

import luhn
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import cards_in_bytes, context_bytes, detect_bytes, soup
from threads import run_in_threads

from pansafe import iin
from pansafe.config import ScanConfig
from pansafe.detectors import _iin_table, detect, detect_python
from pansafe.detectors.keywords import native_table
from pansafe.findings import Kind
from pansafe.offsets import CharOffsets
from pansafe.testcards import TEST_CARDS

try:
    from pansafe import _native
except ImportError:  # pragma: no cover - a build without a C compiler
    _native = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(_native is None, reason="the C core is not built")

CONFIGS = [
    ScanConfig.build(),
    ScanConfig.build(languages=["en"]),
    ScanConfig.build(languages=["et", "ru"], kinds=["pan", "cvv", "expiry"]),
    ScanConfig.build(test_cards="ignore", brands=["visa", "mastercard"]),
    ScanConfig.build(allow=["4111111111111111", "378282246310005"], brands=["visa", "amex"]),
]


@pytest.fixture
def native(monkeypatch: pytest.MonkeyPatch) -> None:
    """The native twins in ``pansafe._backend``, whatever PANSAFE_BACKEND chose."""
    from pansafe import _backend

    assert _native is not None
    monkeypatch.setattr(_backend, "detector", _native.Detector)
    monkeypatch.setattr(_backend, "compile_iin", _native.compile_iin)
    monkeypatch.setattr(_backend, "compile_keywords", _native.compile_keywords)
    monkeypatch.setattr(_backend, "find_context_words", _native.find_context_words)
    monkeypatch.setattr(_backend, "find_candidates", _native.find_candidates)


def _same(buf: bytes, config: ScanConfig = CONFIGS[0]) -> None:
    expected = detect_python(buf, config)
    assert detect(buf, config) == expected, buf
    # Again on an allocation of exactly the input's size: ASan sees any over-read.
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    data = ffi.new("uint8_t[]", len(buf))
    ffi.memmove(data, buf, len(buf))
    cap, work_cap = 3 * len(buf) + 3, 2 * len(buf) + 2
    out = ffi.new("pansafe_finding[]", cap)
    work = ffi.new("pansafe_span[]", work_cap)
    masks = ffi.new("uint8_t[]", len(buf))  # exactly what the findings may need
    keywords = native_table(config.languages)
    table = _iin_table(_native.compile_iin)
    args = (out, cap, work, work_cap, masks, len(buf), 1)
    count = lib.pansafe_detect(keywords.ptr, table.ptr, data, len(buf), *args)  # type: ignore[attr-defined]
    assert 0 <= count <= cap
    spans = [(f.start, f.end) for f in out[0:count]]
    to_char = CharOffsets(buf)  # the character offsets C counts, as Python counts them
    assert [(f.cstart, f.cend) for f in out[0:count]] == [
        (to_char(s), to_char(e)) for s, e in spans
    ]
    unfiltered = detect_python(buf, CONFIGS[0].__class__.build(languages=config.languages))
    assert spans == [(f.start, f.end) for f in unfiltered]


EXAMPLES = [
    b"",
    b"card 4111 1111 1111 1111 12/27 cvv 123, PIN: 4821",
    b"Card: 5263096980021322 My card number is 3434 970060 46993, 01/2030.",
    b"IMEI: 356938035643809 Tel. 4111111111111111 order no. 4012888888881881",
    b"PINBLOCK=F91957BA66FB2E9A exp 1227\nexp\n1227 CVV2:123X cvv 1234-5 cvv 12345",
    b"PIN changed. Room 1234; cvv! 123 security code x1234 pin +372 5123 4567",
    "turvakood (kaardi tagaküljel) on 123, PIN-kood 4821, kehtib kuni 05/29".encode(),
    "срок действия 12 / 2027, CVC2 5231 47** **** 6032, пин-код: 0000".encode(),
    b"%B4111111111111111^DOE/JOHN^2712101000000000000000?;4111111111111111=27121010000000000?",
    b"exp. 12/27 exp 1/27 exp 13/27 exp 12/27/2024 exp 05/29,286.75 exp 11.89",
    b'{"svc":"orders","number":"3622 720627 1667"} card 4111-1111-1111-1111 exp 12-27',
]
#: Each gap limit, one byte either side: value after word (32), not-a-card word (16),
#: card word (32), expiry after a PAN (20).
GAPS = [
    b"".join(
        (
            b"cvv" + b" " * k + b"123\n",
            b"IMEI" + b" " * (k - 16) + b"4111111111111111\n",
            b"card" + b" " * k + b"4111111111111111 ",
            b" " * (k - 12) + b"12/27",
        )
    )
    for k in range(29, 36)
]


@pytest.mark.usefixtures("native")
def test_the_only_two_digits_in_a_row_anywhere() -> None:
    """C skips texts without two digits in a row, eight bytes at a time: a text
    whose one pair sits at any offset (across the words' edges too) is scanned."""
    for lead in range(20):
        for tail in (0, 1, 5, 9):
            buf = b"x" * lead + b" exp 1/25" + b" 3" * tail
            assert detect_python(buf, CONFIGS[0]), buf  # an expiry: the pair "25"
            _same(buf)
            _same(buf.replace(b"25", b"2\xc3\xa95"))  # no pair at all: nothing


@pytest.mark.usefixtures("native")
@pytest.mark.parametrize("buf", EXAMPLES + GAPS, ids=lambda b: b[:24].decode("utf-8", "replace"))
def test_examples_at_every_cut(buf: bytes) -> None:
    _same(buf)
    for cut in range(len(buf)):
        _same(buf[:cut])
        _same(buf[cut:])


@pytest.mark.usefixtures("native")
@given(buf=detect_bytes(), config=st.sampled_from(CONFIGS))
@example(buf=b"cvv 123 cvv 456 exp 12/27 4111111111111111 12/27", config=CONFIGS[0])
def test_c_twin_equals_python_twin(buf: bytes, config: ScanConfig) -> None:
    _same(buf, config)


@pytest.mark.usefixtures("native")
@given(buf=st.one_of(cards_in_bytes(), soup(), context_bytes(["cvv", "pin", "exp", "card"])))
def test_c_twin_on_other_adversarial_input(buf: bytes) -> None:
    _same(buf)


def _luhn_neighbour(digits: str) -> str:
    """Another number of the same length and prefix that passes Luhn: no test card."""
    for step in range(1, 10):
        body = digits[:-2] + str((int(digits[-2]) + step) % 10)
        number = next(body + c for c in "0123456789" if luhn.verify(body + c))
        if number not in TEST_CARDS:
            return number
    raise AssertionError(digits)


@pytest.mark.usefixtures("native")
@pytest.mark.parametrize("card", sorted(TEST_CARDS))
def test_test_cards_and_masks_as_the_detectors_make_them(card: str) -> None:
    """C labels test cards (a PAN's digits, a track's PAN) and writes the masked text
    that pansafe.masking makes: each published number, and a neighbour that is none,
    as a PAN in every layout and in track data with a name that is not ASCII."""
    other = _luhn_neighbour(card)
    assert other not in TEST_CARDS
    for number in (card, other):
        groups = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        name = "MÜLLER/JÖRG".encode() + b"\xff"
        buf = b"".join(
            (
                f"card {number} exp 12/27 | {groups} | {groups.replace(' ', '-')} | ".encode(),
                groups.replace(" ", "%20").encode() + b"\n",
                b"%B" + number.encode() + b"^" + name + b"^2712101000000000000000?\n",
                b";" + number.encode() + b"=27121010000000000?\n",
            )
        )
        for config in CONFIGS:
            _same(buf, config)
        found = detect(buf, CONFIGS[0])
        cards = [f for f in found if f.kind is not Kind.EXPIRY]
        assert len(cards) >= 4, buf
        assert {f.test_card for f in cards} == {number == card}, buf
        assert all(number not in f.masked.replace(" ", "") for f in found), buf


@pytest.mark.usefixtures("native")
def test_a_detect_result_outlives_the_next_call_on_its_thread() -> None:
    """Short texts share the thread's arrays; what one call returns must not change
    when another runs first (a finalizer or signal handler may scan in between)."""
    from pansafe.detectors import _findings, _native_detector
    from pansafe.findings import new_finding

    run = _native_detector(CONFIGS[0])
    first, second = b"card 4111 1111 1111 1111 cvv 123", b"pin 9876 exp 05/31 card 5555555555554444"
    kept = run(first)
    run(second)
    assert _findings(first, kept, CONFIGS[0], new_finding) == detect_python(first, CONFIGS[0])


@pytest.mark.usefixtures("native")
def test_masked_text_needs_room_up_to_the_texts_length() -> None:
    """``masks`` holds every finding's bytes: one byte short is PANSAFE_ESHORT."""
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    buf = b"card 4111 1111 1111 1111 cvv 123 %B4111111111111111^DOE/JOHN^2712101000000000?"
    python = detect_python(buf, CONFIGS[0])
    need = sum(len(f) for f in python)
    keywords, table = native_table(CONFIGS[0].languages), _iin_table(_native.compile_iin)
    out, work = ffi.new("pansafe_finding[]", 300), ffi.new("pansafe_span[]", 300)
    for room, expected in ((need - 1, lib.PANSAFE_ESHORT), (need, 3)):
        masks = ffi.new("uint8_t[]", room)
        args = (out, 300, work, 300, masks, room, 0)
        assert lib.pansafe_detect(keywords.ptr, table.ptr, buf, len(buf), *args) == expected  # type: ignore[attr-defined]
    assert ffi.buffer(masks, need)[:] == "".join(f.masked for f in python).encode()
    assert [(f.masked_start, f.masked_end) for f in out[0:3]] == [(0, 19), (19, 22), (22, need)]


def test_test_card_table_is_checked() -> None:
    assert _native is not None
    rows = [(1, 4, 4, 1 << 16, 0)]
    assert _native.compile_iin(rows, ["4111111111111111", "0411"]).ptr.n_test_cards == 2
    for bad in (["41x1"], ["4" * 20], [""]):
        with pytest.raises(Exception, match="test card"):
            _native.compile_iin(rows, bad)
    table = _native.compile_iin(rows, ["4111111111111111", "4222222222222"])
    ptr = table.ptr
    value, digits = ptr.test_value, ptr.test_digits
    assert _native.lib.pansafe_iin_check(ptr) == 0
    value[0], value[1] = value[1], value[0]  # unsorted
    assert _native.lib.pansafe_iin_check(ptr) != 0
    value[0], value[1] = value[1], value[0]
    digits[0] = 3  # 4222222222222 is no three-digit number
    assert _native.lib.pansafe_iin_check(ptr) != 0


@pytest.mark.usefixtures("native")
def test_many_findings_grow_the_arrays() -> None:
    """More findings than the first arrays hold, small and large inputs alike."""
    # Under 4 KiB the first arrays are small and kept per thread: both paths grow.
    assert len(detect(b"cvv 123 " * 500, CONFIGS[0])) == 500
    assert detect(b"pin " * 1000, CONFIGS[0]) == []  # words, no values
    # From 4 KiB, the words of the value kinds are found first, then every word.
    assert detect(b"pin " * 5000, CONFIGS[0]) == []
    assert len(detect(b"pin 1234 " * 5000, CONFIGS[0])) == 5000
    for repeat in (90, 300, 3000):
        buf = b"cvv 123 exp 12/27 card 4111111111111111 " * repeat
        found = detect(buf, CONFIGS[0])
        assert found == detect_python(buf, CONFIGS[0])
        assert len(found) == 3 * repeat
        assert {f.kind for f in found} == {Kind.CVV, Kind.EXPIRY, Kind.PAN}


@pytest.mark.usefixtures("native")
def test_threads_share_one_detector() -> None:
    """One Detector serves every thread (the GIL is released during its calls):
    each thread has arrays of its own, so results never mix."""
    bufs = [
        b"x" * n + b" card 4111 1111 1111 1111 cvv 123 " + b"pin 4321 exp 12/27 " * (n % 4)
        for n in range(60)
    ] + [b"cvv 123 " * 300]  # grows past the thread's arrays
    expected = [detect_python(buf, CONFIGS[0]) for buf in bufs]
    errors: list[bytes] = []

    def work() -> None:
        for _ in range(30):
            for buf, want in zip(bufs, expected, strict=True):
                if detect(buf, CONFIGS[0]) != want:
                    errors.append(buf[:20])

    run_in_threads(work)
    assert errors == []


def test_brand_table_answers_as_iin_lookup() -> None:
    assert _native is not None
    table = _iin_table(_native.compile_iin)
    assert isinstance(table, _native.IinTable)
    brands = tuple(iin.BRANDS)
    rng = random.Random(4)
    probes = set()
    for row in iin.IIN_RANGES:
        width = len(row.low)
        for prefix in {int(row.low) - 1, int(row.low), int(row.high), int(row.high) + 1}:
            if 0 <= prefix < 10**width:
                for length in range(10, 22):
                    rest = "".join(rng.choice("0123456789") for _ in range(length))
                    probes.add((str(prefix).zfill(width) + rest)[:length])
    for _ in range(20000):
        probes.add("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 24))))
    for digits in sorted(probes):
        brand = _native.iin_lookup(table, digits.encode())
        assert (brands[brand] if brand >= 0 else None) == iin.lookup(digits), digits


def test_brand_index_answers_as_iin_lookup_for_every_prefix() -> None:
    """The four-digit index answers most lookups: every prefix it holds, at every
    length a PAN may have and some it may not, against the Python twin."""
    assert _native is not None
    table = _iin_table(_native.compile_iin)
    assert isinstance(table, _native.IinTable)
    by4 = table.ptr.by4
    slow = [p for p in range(10_000) if by4[p] == _native.lib.PANSAFE_IIN_SLOW]
    assert 0 < len(slow) < 200  # the wider rows (six-digit BINs) send few prefixes to the rows
    brands = tuple(iin.BRANDS)
    rng = random.Random(5)
    for prefix in range(10_000):
        for length in (4, rng.randint(5, 11), rng.randint(12, 19), 16, rng.randint(20, 31)):
            digits = f"{prefix:04d}" + "".join(rng.choice("0123456789") for _ in range(28))
            digits = digits[:length]
            brand = _native.iin_lookup(table, digits.encode())
            assert (brands[brand] if brand >= 0 else None) == iin.lookup(digits), digits


def test_brand_index_is_checked() -> None:
    assert _native is not None
    table = _iin_table(_native.compile_iin)
    assert isinstance(table, _native.IinTable)
    bad = _native.ffi.new("pansafe_iin *", table.ptr[0])
    by4 = _native.ffi.new("uint16_t[]", [0] * _native.lib.PANSAFE_IIN_PREFIXES)
    bad.by4 = by4
    assert _native.lib.pansafe_iin_check(bad) == 0
    by4[1234] = table.ptr.n_shapes  # one past the last shape
    assert _native.lib.pansafe_iin_check(bad) != 0
    tiny = _native.ffi.new("int8_t[]", 32)
    assert _native.lib.pansafe_iin_index(table.ptr, by4, tiny, 1) < 0  # more shapes than room


def test_brand_table_is_checked() -> None:
    assert _native is not None
    with pytest.raises(Exception, match="IIN table"):
        _native.compile_iin([(4, 1000, 2000, 1 << 16, 0), (4, 1500, 2500, 1 << 16, 1)])
    with pytest.raises(Exception, match="IIN table"):
        _native.compile_iin([(2, 5, 100, 1 << 16, 0)])


# --------------------------------------------------------------------------- made-up stems
# Corners of the value rules that the bundled lexicons cannot reach (a stem ending
# in a digit, one starting with a digit or inside a PIN block), with tables of
# made-up stems and the findings the spec requires.


def _detect_with(stems: list[tuple[str, str, bool]], buf: bytes) -> list[tuple[Kind, int, int]]:
    """Findings of ``pansafe_detect`` with a keyword table of ``(stem, kind, anywhere)``."""
    assert _native is not None
    from pansafe._backend import StemSpec
    from pansafe.detectors import keywords

    specs = [
        StemSpec(stem, keywords.CONTEXT_KINDS.index(kind), len(stem) <= 4, anywhere, None)
        for stem, kind, anywhere in stems
    ]
    table = _native.compile_keywords(specs, [], keywords._fold, keywords._word_char)
    raw, _ = _native.detect(buf, table, _iin_table(_native.compile_iin))
    kinds = {4: Kind.CVV, 5: Kind.PIN, 6: Kind.EXPIRY, 1: Kind.PAN}
    return [(kinds[f[4]], f[0], f[1]) for f in raw]


def test_word_ending_in_a_digit_right_before_its_value() -> None:
    # "zzzz9" ends inside the digit run "9123": the value is "123" right after it.
    assert _detect_with([("zzzz9", "cvv", False)], b"x zzzz9123 y") == [(Kind.CVV, 7, 10)]


def test_word_starting_where_the_value_would_start_bounds_it() -> None:
    # The next word starts at the value's first digit: the PIN word has no value.
    stems = [("pinz", "pin", False), ("4821 xx", "not_pan", False)]
    assert _detect_with(stems, b"pinz 4821 xx") == []
    assert _detect_with(stems[:1], b"pinz 4821 xx") == [(Kind.PIN, 5, 9)]


def test_word_inside_a_pin_block_bounds_it() -> None:
    # A word starting inside the 16 hex digits cuts the search short of the block.
    stems = [("pinz", "pin", False), ("ba66fb", "not_pan", True)]
    buf = b"pinz F91957BA66FB2E9A"
    assert _detect_with(stems[:1], buf) == [(Kind.PIN, 5, 21)]
    assert _detect_with(stems, buf) == []
