"""English context words."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="en",
    name="English",
    pan=("card", "card number", "card no", "credit card", "debit card", "pan", "cc"),
    cvv=(
        "cvv", "cvc", "cvn", "cav", "csc", "=CID", "=CVD", "cvv2", "cvc2",
        "security code", "security number", "card verification", "card code",
        "verification value", "3-digit code", "three-digit code", "3 digit code",
        "code on the back",
    ),
    pin=("pin", "pin code", "pin number", "pin block", "pinblock", "passcode"),
    expiry=(
        "exp", "expir", "valid thru", "valid through", "valid until", "valid till",
        "good thru", "good through", "exp date", "expdate", "mm/yy",
    ),
    not_pan=(
        "imei", "imsi", "iccid", "meid", "esn", "serial", "s/n", "sn",
        "tracking", "awb", "order", "invoice", "tel", "phone", "fax", "mobile",
        "iban", "isbn", "ean", "gtin", "upc",
    ),
    compounds=False,
    suffixes=("2", "s", "no", "nr", "code", "number", "date"),
)
