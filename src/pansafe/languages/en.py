"""English context words."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="en",
    name="English",
    pan=("card", "card number", "card no", "credit card", "debit card", "cc"),
    cvv=(
        "security code",
        "security number",
        "card verification",
        "card code",
        "verification value",
        "3-digit code",
        "three-digit code",
        "3 digit code",
        "code on the back",
    ),
    pin=("pin code", "pin number", "passcode"),
    expiry=(
        "expir",
        "valid thru",
        "valid through",
        "valid until",
        "valid till",
        "good thru",
        "good through",
        "exp date",
        "expdate",
    ),
    not_pan=(
        "esn",
        "serial",
        "sn",
        "tracking",
        "awb",
        "order",
        "invoice",
        "tel",
        "phone",
        "fax",
        "mobile",
    ),
    compounds=False,
    suffixes=("code", "number", "date"),
)
