"""Published test card numbers: well formed, Luhn-valid and of a known brand."""

from __future__ import annotations

import luhn
import pytest

from pansafe.iin import lookup
from pansafe.testcards import TEST_CARDS, is_test_card


@pytest.mark.parametrize("number", sorted(TEST_CARDS))
def test_is_a_branded_luhn_valid_pan(number: str) -> None:
    assert number.isascii() and number.isdigit()
    assert luhn.verify(number)
    assert lookup(number) is not None


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4111111111111111", "visa"),
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3530111333300000", "jcb"),
        ("36227206271667", "diners"),
        ("6200000000000005", "unionpay"),
        ("8171999927660000", "unionpay"),
        ("6759649826438453", "maestro"),
        ("5019717010103742", "dankort"),
        ("6703444444444449", "bancontact"),
        ("5066991111111118", "elo"),
        ("6062828888666688", "hipercard"),
        ("135410014004955", "uatp"),
    ],
)
def test_well_known_cards_have_their_brand(number: str, brand: str) -> None:
    assert number in TEST_CARDS
    assert lookup(number) == brand


def test_is_test_card() -> None:
    assert is_test_card("4242424242424242")
    assert not is_test_card("4242424242424241")  # Stripe's deliberately invalid number
    assert not is_test_card("4242 4242 4242 4242")  # callers pass digits only
    assert not is_test_card("")
