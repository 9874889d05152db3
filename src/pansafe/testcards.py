"""Card numbers that payment providers publish for testing.

They pass every PAN check yet are not anyone's card, and they are everywhere in
code, fixtures and docs. Findings on them are labelled (``Finding.test_card``) so
that reports can rank them below real card data instead of hiding them: a test
number in production logs is still worth knowing about.

Sources (collected 2026-11-26); a number published by several is listed once:

- Stripe, https://docs.stripe.com/testing
- Adyen, https://docs.adyen.com/development-resources/test-cards-and-credentials/test-card-numbers
  (as transcribed in the adyen-test-cards npm package) and Adyen/adyen-web
  ``packages/e2e-playwright/tests/utils/constants.ts``
- Braintree, https://developer.paypal.com/braintree/docs/reference/general/testing
- PayPal Payflow, https://www.paypalobjects.com/en_US/vhelp/paypalmanager_help/credit_card_numbers.htm
- Worldpay (formerly Bibit) test card numbers in its XML integration guides
- Checkout.com, https://www.checkout.com/docs/developer-resources/testing/test-cards
- Cybersource, https://developer.cybersource.com/docs/cybs/en-us/test-data/developer/all/so/test-data/testing_credit_card_services.html
  and the Unified Checkout test cards page
- Authorize.Net, https://developer.authorize.net/hello_world/testing_guide.html
- Visa's EMV test cards (UAT "USA Test Card 01"), common in terminal logs

Only numbers that pass Luhn and have a brand in :mod:`pansafe.iin` are kept:
anything else is never reported as a PAN, so a label would never be read.
"""

from __future__ import annotations

__all__ = ["TEST_CARDS", "is_test_card"]

#: Published test card numbers, digits only.
TEST_CARDS: frozenset[str] = frozenset(
    {
        # The classics, published by PayPal and repeated by most providers since.
        "4111111111111111",
        "4761739001010119",  # Visa UAT / EMV test card 01
        "4012888888881881",
        "4222222222222",
        "5555555555554444",
        "5105105105105100",
        "378282246310005",
        "371449635398431",
        "378734493671000",
        "30569309025904",
        "38520000023237",
        "6011111111111117",
        "6011000990139424",
        "3530111333300000",
        "3566002020360505",
        "5019717010103742",
        # Stripe.
        "4242424242424242",
        "4000056655665556",
        "2223003122003222",
        "5200828282828210",
        "6011981111111113",
        "3056930009020004",
        "36227206271667",
        "6555900000604105",
        "6200000000000005",
        "6200000000000047",
        "6205500000000000004",
        "4000000000000002",
        "4000000000000010",
        "4000000000000028",
        "4000000000000036",
        "4000000000000044",
        "4000000000000069",
        "4000000000000077",
        "4000000000000093",
        "4000000000000101",
        "4000000000000119",
        "4000000000000127",
        "4000000000000341",
        "4000000000003220",
        "4000000000009995",
        "4000000760000002",
        "4000001240000000",
        "4000002760003184",
        "4000004840008001",
        # Braintree.
        "36259600000004",
        "38520000009814",
        "6011000991300009",
        "6304000000000000",
        "2223000048400011",
        "4000111111111115",
        "4000111111111511",
        "4005519200000004",
        "4009348888881881",
        "4012000033330026",
        "4012000077777777",
        "4217651111111119",
        "4500600000000061",
        "6243030000000001",
        "6221261111117766",
        "6223164991230014",
        # Adyen.
        "370000000000002",
        "370000000100018",
        "135410014004955",
        "6703444444444449",
        "6703000000000000003",
        "4035501000000008",
        "4035501428146300",
        "4360000001000005",
        "4871049999999910",
        "5127880999999990",
        "8171999927660000",
        "8171999900000000021",
        "6250946000000016",
        "6250947000000014",
        "5019555544445555",
        "36006666333344",
        "36070500001020",
        "6011601160116611",
        "6445644564456445",
        "5066991111111118",
        "6062828888666688",
        "3569990010095841",
        "2222400010000008",
        "2222400030000004",
        "2222400050000009",
        "2222400060000007",
        "2222400070000005",
        "2222410700000002",
        "2222410740360010",
        "2223000048410010",
        "2223520443560010",
        "2292240000000005",
        "5100060000000002",
        "5100290029002909",
        "5100705000000002",
        "5101180000000007",
        "5103221911199245",
        "5106040000000008",
        "5136333333333335",
        "5201281505129736",
        "5424000000000015",
        "5500000000000004",
        "5555341244441115",
        "5555444433331111",
        "5577000055770004",
        "5585558555855583",
        "4000020000000000",
        "4000060000000006",
        "4000160000000004",
        "4000180000000002",
        "4000620000000007",
        "4000640000000005",
        "4000760000000001",
        "4001020000000009",
        "4001230000000004",
        "4001590000000001",
        "4002690000000008",
        "4003550000000003",
        "4005519000000006",
        "4013250000000000006",
        "4017340000000003",
        "4111111145551142",
        "4131840000000003",
        "4151500000000008",
        "4166676667666746",
        "4199350000000002",
        "4212345678910006",
        "4293189100000008",
        "4400000000000008",
        "4444333322221111",
        "4484600000000004",
        "4571000000000001",
        "4607000000000009",
        "4646464646464644",
        "4687380100010006",
        "4977949494949497",
        "4988080000000000",
        "4988438843884305",
        # Worldpay.
        "122000000000003",
        "343434343434343",
        "36148900647913",
        "36700102000000",
        "3528000700000000",
        "4462030000000000",
        "4917610000000000",
        "5454545454545454",
        "6011000400000000",
        "6759649826438453",
        "630490017740292441",
        "630495060000000000",
        # Checkout.com.
        "345678901234564",
        "30123456789019",
        "2223000010479399",
        "4543474002249996",
        "4544249167673670",
        "4658584090000001",
        "5199992312641465",
        "5436031030606378",
        # Cybersource.
        "135412345678911",
        "2222420000001113",
        "2222630000001125",
        "3566111111111113",
        "401795000000000009",
        "4464040000000007",
        "4514160000000003",
        "6279886248094966",
        "6759411100000008",
        "6759560045005727054",
        # Authorize.Net.
        "38000000000006",
        "4007000000027",
        "4012888818888",
        "6011000000000012",
    }
)


def is_test_card(digits: str) -> bool:
    """Return whether ``digits`` is a published test card number.

    Args:
        digits: A candidate PAN, digits only.

    Returns:
        ``True`` if it is in :data:`TEST_CARDS`.

    .. versionadded:: 0.1
    """
    return digits in TEST_CARDS
