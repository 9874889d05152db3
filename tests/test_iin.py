"""Brand lookup: range boundaries, length rules, overlap priority and an oracle.

The oracle below is written from the published brand rules as literal range
checks, most specific first; it shares nothing with :mod:`pansafe.iin` but the
brand ids, so a typo in the table shows up as a disagreement.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pansafe.iin import BRANDS, IIN_RANGES, IinRange, lookup


def reference(d: str) -> str | None:
    """Slow, obviously-correct brand lookup: one literal check per rule."""
    n = len(d)
    if not d.isdigit() or not d.isascii() or not 12 <= n <= 19:
        return None

    def p(k: int) -> int:
        return int(d[:k])

    # Eight and seven digits.
    if 60400100 <= p(8) <= 60420099 and 16 <= n <= 19:
        return "ukrcard"
    if p(8) in (63737423, 63743358) and n == 16:
        return "hiper"
    if 6054740 <= p(7) <= 6054744 and n == 16:
        return "nps_pridnestrovie"
    # Six digits.
    p6 = p(6)
    if p6 in (676770, 676774) and 12 <= n <= 19:
        return "maestro"
    if (506099 <= p6 <= 506198 or 507865 <= p6 <= 507964 or 650002 <= p6 <= 650027) and n in (
        16,
        18,
        19,
    ):
        return "verve"
    elo = (
        p6 in (401178, 401179, 431274, 438935, 451416, 457393, 457631, 457632, 504175)
        or p6 in (627780, 636297, 636368)
        or 506699 <= p6 <= 506778
        or 509000 <= p6 <= 509999
        or 650031 <= p6 <= 650033
        or 650035 <= p6 <= 650051
        or 650405 <= p6 <= 650439
        or 650485 <= p6 <= 650538
        or 650541 <= p6 <= 650598
        or 650700 <= p6 <= 650718
        or 650720 <= p6 <= 650727
        or 650901 <= p6 <= 650978
        or 651652 <= p6 <= 651679
        or 655000 <= p6 <= 655019
        or 655021 <= p6 <= 655058
    )
    if elo and n == 16:
        return "elo"
    if p6 == 606282 and n == 16:
        return "hipercard"
    if p6 in (637095, 637568, 637599, 637609, 637612) and n == 16:
        return "hiper"
    if p6 == 357111 and n == 16:
        return "lankapay"
    if p6 in (479658, 606005) and 16 <= n <= 19:
        return "bancontact"
    if p6 in (589657, 600691, 603522, 636908) and 16 <= n <= 19:
        return "cabal"
    if p6 in (377798, 377799, 402917, 402918, 527571, 527572, 589562) and n == 16:
        return "naranja"
    # Four digits.
    p4 = p(4)
    if 2221 <= p4 <= 2720 and n == 16:
        return "mastercard"
    if p4 == 6011 and 16 <= n <= 19:
        return "discover"
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if p4 == 3095 and n in (14, 16, 17, 18, 19):
        return "diners"
    if 8110 <= p4 <= 8171 and 16 <= n <= 19:
        return "unionpay"
    if (p4 in (5018, 5020, 5038, 5893, 6304, 6759) or 6761 <= p4 <= 6763) and 12 <= n <= 19:
        return "maestro"
    if 2200 <= p4 <= 2204 and 16 <= n <= 19:
        return "mir"
    if 8172 <= p4 <= 8199 and n == 16:
        return "rupay"
    if p4 == 9792 and n == 16:
        return "troy"
    if p4 in (5019, 4571) and n == 16:
        return "dankort"
    if p4 == 2205 and n == 16:
        return "borica"
    if p4 == 9860 and n == 16:
        return "humo"
    if p4 in (8600, 5614) and n == 16:
        return "uzcard"
    if p4 == 1946 and n in (16, 18, 19):
        return "gpn"
    if p4 == 9704 and n in (16, 19):
        return "napas"
    if p4 == 6703 and 16 <= n <= 19:
        return "bancontact"
    if p4 in (6042, 6043) and 16 <= n <= 19:
        return "cabal"
    # Three digits.
    p3 = p(3)
    if 644 <= p3 <= 649 and 16 <= n <= 19:
        return "discover"
    if 300 <= p3 <= 305 and n in (14, 16, 17, 18, 19):
        return "diners"
    if p3 == 810 and 16 <= n <= 19:
        return "unionpay"
    if p3 == 508 and n == 16:
        return "rupay"
    if 637 <= p3 <= 639 and n == 16:
        return "instapayment"
    if p3 == 636 and 16 <= n <= 19:
        return "interpayment"
    # Two digits.
    p2 = p(2)
    if 51 <= p2 <= 55 and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if p2 == 65 and 16 <= n <= 19:
        return "discover"
    if p2 in (36, 38, 39) and n in (14, 16, 17, 18, 19):
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if p2 in (60, 82) and n == 16:
        return "rupay"
    if p2 == 31 and n == 19:
        return "china_tunion"
    # One digit.
    if d[0] == "4" and n in (13, 16, 18, 19):
        return "visa"
    if d[0] == "1" and n == 15:
        return "uatp"
    return None


def pan(prefix: str, length: int, fill: str = "0") -> str:
    """``prefix`` padded with ``fill`` to ``length`` digits (Luhn does not matter here)."""
    return prefix + fill * (length - len(prefix))


# brand, first prefix, last prefix, one below, one above: the spec, written out by hand.
# "" marks a neighbour that belongs to the same brand through another of its ranges.
BOUNDARIES = [
    ("visa", "4", "4", "3", "5"),
    ("mastercard", "51", "55", "50", "56"),
    ("mastercard", "2221", "2720", "2220", "2721"),
    ("amex", "34", "34", "33", "35"),
    ("amex", "37", "37", "36", "38"),
    ("discover", "6011", "6011", "6010", "6012"),
    ("discover", "644", "649", "643", ""),
    ("discover", "65", "65", "", "66"),
    ("jcb", "3528", "3589", "3527", "3590"),
    ("diners", "300", "305", "299", "306"),
    ("diners", "3095", "3095", "3094", "3096"),
    ("diners", "36", "36", "35", "37"),
    ("diners", "38", "39", "37", "40"),
    ("unionpay", "62", "62", "61", "63"),
    ("unionpay", "810", "810", "809", ""),
    ("unionpay", "8110", "8171", "", "8172"),
    ("maestro", "5018", "5018", "5017", "5019"),
    ("maestro", "5020", "5020", "5019", "5021"),
    ("maestro", "5038", "5038", "5037", "5039"),
    ("maestro", "5893", "5893", "5892", "5894"),
    ("maestro", "6304", "6304", "6303", "6305"),
    ("maestro", "6759", "6759", "6758", "6760"),
    ("maestro", "6761", "6763", "6760", "6764"),
    ("maestro", "676770", "676770", "676769", "676771"),
    ("maestro", "676774", "676774", "676773", "676775"),
    ("mir", "2200", "2204", "2199", "2205"),
    ("rupay", "60", "60", "59", "61"),
    ("rupay", "508", "508", "507", "509"),
    ("rupay", "8172", "8199", "8171", ""),
    ("rupay", "82", "82", "81", "83"),
    ("troy", "9792", "9792", "9791", "9793"),
    ("verve", "506099", "506198", "506098", "506199"),
    ("verve", "507865", "507964", "507864", "507965"),
    ("verve", "650002", "650027", "650001", "650028"),
    ("dankort", "5019", "5019", "5018", "5020"),
    ("dankort", "4571", "4571", "4570", "4572"),
    ("elo", "506699", "506778", "506698", "506779"),
    ("elo", "509000", "509999", "508999", "510000"),
    ("elo", "650031", "650033", "650030", "650034"),
    ("elo", "655021", "655058", "655020", "655059"),
    ("hipercard", "606282", "606282", "606281", "606283"),
    ("hiper", "637095", "637095", "637094", "637096"),
    ("hiper", "63737423", "63737423", "63737422", "63737424"),
    ("uatp", "1", "1", "0", "2"),
    ("borica", "2205", "2205", "2204", "2206"),
    ("humo", "9860", "9860", "9859", "9861"),
    ("uzcard", "8600", "8600", "8599", "8601"),
    ("uzcard", "5614", "5614", "5613", "5615"),
    ("lankapay", "357111", "357111", "357110", "357112"),
    ("gpn", "1946", "1946", "1945", "1947"),
    ("instapayment", "637", "639", "636", "640"),
    ("interpayment", "636", "636", "635", "637"),
    ("napas", "9704", "9704", "9703", "9705"),
    ("ukrcard", "60400100", "60420099", "60400099", "60420100"),
    ("nps_pridnestrovie", "6054740", "6054744", "6054739", "6054745"),
    ("china_tunion", "31", "31", "30", "32"),
    ("bancontact", "6703", "6703", "6702", "6704"),
    ("cabal", "6042", "6043", "6041", "6044"),
    ("naranja", "589562", "589562", "589561", "589563"),
]


@pytest.mark.parametrize(("brand", "first", "last", "below", "above"), BOUNDARIES)
def test_range_boundaries(brand: str, first: str, last: str, below: str, above: str) -> None:
    (row,) = (row for row in IIN_RANGES if row.brand == brand and row.low == first)
    n = min(row.lengths)
    for fill in "59":
        assert lookup(pan(first, n, fill)) == brand
        assert lookup(pan(last, n, fill)) == brand
    for neighbour in (below, above):
        if neighbour:
            assert lookup(pan(neighbour, n, "5")) != brand


def test_every_brand_has_boundaries_and_a_name() -> None:
    table_brands = {row.brand for row in IIN_RANGES}
    assert table_brands == set(BRANDS)
    assert {case[0] for case in BOUNDARIES} == table_brands
    assert BRANDS["visa"] == "Visa"
    assert BRANDS["mastercard"] == "Mastercard"
    assert BRANDS["amex"] == "American Express"


@pytest.mark.parametrize("row", IIN_RANGES, ids=lambda r: f"{r.brand}-{r.low}-{r.high}")
def test_table_rows_are_well_formed(row: IinRange) -> None:
    assert row.low.isdigit() and row.high.isdigit()
    assert len(row.low) == len(row.high)
    assert int(row.low) <= int(row.high)
    assert row.lengths <= set(range(12, 20))


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # Length rules.
        (pan("4", 13), "visa"),
        (pan("4", 15), None),  # 15-digit IMEIs also start with 44-49.
        (pan("4", 17), None),
        (pan("4", 19), "visa"),
        (pan("51", 15), None),
        (pan("51", 17), None),
        (pan("34", 15), "amex"),
        (pan("34", 16), None),
        (pan("36", 14), "diners"),
        (pan("36", 13), None),
        (pan("3528", 15), None),
        (pan("3528", 19), "jcb"),
        (pan("5018", 12), "maestro"),
        (pan("5018", 11), None),
        (pan("5018", 20), None),
        (pan("1", 15), "uatp"),
        (pan("1", 16), None),
        (pan("31", 19), "china_tunion"),
        (pan("31", 16), None),
        (pan("9704", 16), "napas"),
        (pan("9704", 17), None),
        (pan("9704", 19), "napas"),
        (pan("1946", 17), None),
        # Not digits, or too short/long for any brand.
        ("", None),
        ("4242-4242-4242-4242", None),
        ("4242 4242 4242 4242", None),
        ("４２４２４２４２４２４２４２４２", None),  # fullwidth digits
        ("42424242424", None),
        (pan("4", 20), None),
        # Hard negatives: IMEIs (15 digits) and a ms timestamp.
        ("490154203237518", None),
        ("353879234252633", None),
        ("861536030196001", None),
        ("1717171717171", None),
    ],
)
def test_length_rules_and_junk(number: str, expected: str | None) -> None:
    assert lookup(number) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # Longest prefix wins.
        (pan("4571", 16), "dankort"),  # Visa/Dankort vs Visa 4
        (pan("401178", 16), "elo"),  # vs Visa 4
        (pan("402918", 16), "naranja"),  # vs Visa 4
        (pan("527572", 16), "naranja"),  # vs Mastercard 52
        (pan("479658", 16), "bancontact"),  # vs Visa 4
        (pan("650002", 16), "verve"),  # vs Discover 65
        (pan("650031", 16), "elo"),  # vs Discover 65
        (pan("622126", 16), "unionpay"),  # Discover-accepted, UnionPay-issued
        (pan("627780", 16), "elo"),  # vs UnionPay 62
        (pan("357111", 16), "lankapay"),  # vs JCB 3528-3589
        (pan("6011", 16), "discover"),  # vs RuPay 60
        (pan("606282", 16), "hipercard"),  # vs RuPay 60
        (pan("6054740", 16), "nps_pridnestrovie"),  # vs RuPay 60
        (pan("60420000", 16), "ukrcard"),  # vs Cabal 6042 and RuPay 60
        (pan("60420100", 16), "cabal"),  # vs RuPay 60
        (pan("637095", 16), "hiper"),  # vs InstaPayment 637
        (pan("63737423", 16), "hiper"),  # vs InstaPayment 637
        (pan("636297", 16), "elo"),  # vs InterPayment 636
        (pan("636908", 16), "cabal"),  # vs InterPayment 636
        # Same prefix claimed by two brands: documented choice.
        (pan("65", 16), "discover"),  # RuPay, Troy
        (pan("353", 16), "jcb"),  # RuPay/JCB
        (pan("356", 16), "jcb"),  # RuPay/JCB
        (pan("8171", 16), "unionpay"),  # RuPay 81
        (pan("8172", 16), "rupay"),  # UnionPay 81
        # Longer prefix whose brand does not issue this length: the shorter one applies.
        (pan("357111", 19), "jcb"),
        (pan("4571", 13), "visa"),
        (pan("401178", 19), "visa"),
        (pan("650002", 17), "discover"),
        (pan("637095", 17), None),  # InstaPayment is 16 only.
        (pan("377798", 15), "amex"),
        # Maestro is not the whole 50/56-69 space.
        (pan("50", 16), None),
        (pan("56", 16), None),
        (pan("58", 16), None),
        (pan("67", 16), None),
        (pan("69", 16), None),
        (pan("86", 15), None),
    ],
)
def test_overlap_priority(number: str, expected: str | None) -> None:
    assert lookup(number) == expected


def test_agrees_with_reference_on_every_four_digit_prefix() -> None:
    for head in range(10000):
        prefix = f"{head:04d}"
        for length in range(11, 21):
            for fill in "09":
                number = pan(prefix, length, fill)
                assert lookup(number) == reference(number), number


# Prefixes near every range edge, so that random numbers hit the interesting places.
EDGES = sorted(
    {
        str(value).zfill(len(edge))
        for row in IIN_RANGES
        for edge in (row.low, row.high)
        for value in (int(edge) - 1, int(edge), int(edge) + 1)
        if value >= 0 and len(str(value)) <= len(edge)
    }
)


@st.composite
def numbers_near_edges(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(EDGES))
    length = draw(st.integers(min_value=max(len(prefix), 11), max_value=20))
    size = length - len(prefix)
    return prefix + draw(st.text("0123456789", min_size=size, max_size=size))


numbers = st.one_of(st.text("0123456789", min_size=11, max_size=20), numbers_near_edges())


@settings(max_examples=2000)
@given(numbers)
@example("6221260000000000")
@example("6229250000000000000")
@example("6042000000000000")
def test_agrees_with_reference(number: str) -> None:
    assert lookup(number) == reference(number)


@given(st.text(max_size=25))
def test_never_raises_on_text(text: str) -> None:
    assert lookup(text) in {None, *BRANDS}
