"""CVV, PIN and expiry found by context words in seven languages, and nothing without them."""

from __future__ import annotations

import pytest

import pansafe
from pansafe import Kind


def values(text: str, kind: Kind) -> list[str]:
    return [text[f.start : f.end] for f in pansafe.scan(text) if f.kind is kind]


CVV_POSITIVES = [
    ("en", "CVV2: 123", "123"),
    ("en", "cvc=456", "456"),
    ("en", "the security code on the back is 789", "789"),
    ("en", "Amex CID 1234", "1234"),
    ("en", "CVV\n321", "321"),
    ("et", "turvakood 123", "123"),
    ("et", "turvakood on 123", "123"),
    ("et", "kaardi turvakoodiga 456 ei saa maksta", "456"),
    ("et", "CVC-kood: 789", "789"),
    ("et", "CVV-koodi 246", "246"),
    ("de", "Kartenprüfnummer 123", "123"),
    ("de", "Prüfziffer: 456", "456"),
    ("de", "Sicherheitscode (CVC) lautet 789", "789"),
    ("fi", "turvakoodi 123", "123"),
    ("fi", "kortin turvakoodin 456", "456"),
    ("ru", "код CVV 123", "123"),
    ("ru", "код безопасности: 456", "456"),
    ("lv", "drošības kods 123", "123"),
    ("lv", "CVV kods: 456", "456"),
    ("lt", "saugos kodas 123", "123"),
    ("lt", "CVC kodas 456", "456"),
]


@pytest.mark.parametrize(("lang", "text", "value"), CVV_POSITIVES)
def test_cvv_found_in_each_language(backend: str, lang: str, text: str, value: str) -> None:
    assert values(text, Kind.CVV) == [value]
    # Only the language that owns the word is needed.
    found = pansafe.scan(text, languages=[lang])
    assert [text[f.start : f.end] for f in found if f.kind is Kind.CVV] == [value]


PIN_POSITIVES = [
    ("en", "my PIN is 4821", "4821"),
    ("en", "PIN: 123456", "123456"),
    ("en", "pin block 041234FFFFFFFFFF", "041234FFFFFFFFFF"),
    ("et", "PIN-kood 4821", "4821"),
    ("et", "PIN-koodiks on 4821", "4821"),
    ("et", "PINi 4821 ei aktsepteerita", "4821"),
    ("de", "PIN-Code 4821", "4821"),
    ("de", "Geheimzahl: 4821", "4821"),
    ("fi", "PIN-koodi 4821", "4821"),
    ("fi", "tunnusluku on 4821", "4821"),
    ("fi", "tunnusluvun 4821", "4821"),
    ("ru", "ПИН-код 4821", "4821"),
    ("ru", "пин-кода 4821", "4821"),
    ("lv", "PIN kods 4821", "4821"),
    ("lt", "PIN kodas 4821", "4821"),
]


@pytest.mark.parametrize(("lang", "text", "value"), PIN_POSITIVES)
def test_pin_found_in_each_language(backend: str, lang: str, text: str, value: str) -> None:
    assert values(text, Kind.PIN) == [value]
    found = pansafe.scan(text, languages=[lang])
    assert [text[f.start : f.end] for f in found if f.kind is Kind.PIN] == [value]


EXPIRY_POSITIVES = [
    ("en", "exp 12/27", "12/27"),
    ("en", "Exp. 01/2028", "01/2028"),
    ("en", "valid thru 09-26", "09-26"),
    ("en", "expiry date: 1227", "1227"),
    ("et", "kehtiv kuni 12/27", "12/27"),
    ("et", "kaart aegub 03/28", "03/28"),
    ("de", "gültig bis 12/27", "12/27"),
    ("de", "Ablaufdatum: 11/2026", "11/2026"),
    ("fi", "voimassa 12/27", "12/27"),
    ("ru", "срок действия 12/27", "12/27"),
    ("ru", "действительна до 05/29", "05/29"),
    ("lv", "derīgs līdz 12/27", "12/27"),
    ("lt", "galioja iki 12/27", "12/27"),
]


@pytest.mark.parametrize(("lang", "text", "value"), EXPIRY_POSITIVES)
def test_expiry_found_in_each_language(backend: str, lang: str, text: str, value: str) -> None:
    assert values(text, Kind.EXPIRY) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1111 12/27",
        "4111111111111111, 12/2027",
        "card 4111-1111-1111-1111 (12/27)",
    ],
)
def test_expiry_right_after_a_pan(backend: str, text: str) -> None:
    assert values(text, Kind.EXPIRY) == [text[text.rindex("12/") :].rstrip(")")]


NEGATIVES = [
    "Order 1234 shipped to room 123 on 12/27.",
    "The spinner 1234 and shipping 4567 cost 12.50",
    "PIN reset requested. Ticket 4821 will follow.",
    "cvv field left empty; order 123-456 placed",
    "cid=4821 user=42 latency=123ms",  # lower-case cid is a log id, not Amex CID
    "CVV: 12.50 EUR",  # an amount, not a code
    "PIN 12:30",  # a time
    "exp 13/27 and exp 00/27",  # no such month
    "valid thru 12/27/2024",  # a full date
    "The PIN pad model 4500X works",
    "Prüfnummer ABC123",
    "Error code 123 at border 4567",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_finding_without_a_clear_context(backend: str, text: str) -> None:
    assert pansafe.scan(text) == []


def test_value_belongs_to_the_nearest_word(backend: str) -> None:
    text = "PIN and CVV: 123"
    assert [(f.kind, text[f.start : f.end]) for f in pansafe.scan(text)] == [(Kind.CVV, "123")]


def test_value_gap_is_bounded(backend: str) -> None:
    far = "CVV" + " is written somewhere far away on the card, it was" + " 123"
    assert pansafe.scan(far) == []
    two_lines_down = "CVV:\n\n\n123"
    assert pansafe.scan(two_lines_down) == []


def test_languages_option_limits_the_words(backend: str) -> None:
    assert pansafe.scan("turvakood 123", languages=["en"]) == []
    assert values("turvakood 123", Kind.CVV) == ["123"]


def test_pan_beats_a_cvv_that_is_its_first_group(backend: str) -> None:
    text = "CVV: 4111 1111 1111 1111"
    assert [f.kind for f in pansafe.scan(text)] == [Kind.PAN]


@pytest.mark.parametrize(
    "text",
    [
        "PIN kodo.</p>\n<p>Čekyje matyti 5231 47** **** 6032.</p>",
        "turvakoodi.\nHelistage +372 5123 4567",
        "CVV: see receipt 4111 **** **** 1111",
    ],
)
def test_no_value_from_a_masked_card_or_phone(backend: str, text: str) -> None:
    assert [f for f in pansafe.scan(text) if f.kind in (Kind.CVV, Kind.PIN)] == []
