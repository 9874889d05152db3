"""Words every language uses: the card schemes' acronyms. Always enabled."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="common",
    name="International acronyms",
    pan=("pan",),
    cvv=("cvv", "cvc", "cvn", "cav", "csc", "=CID", "=CVD", "cvv2", "cvc2", "cav2", "cvn2"),
    pin=("pin", "pin block", "pinblock"),
    expiry=("exp", "mm/yy"),
    not_pan=("imei", "imsi", "iccid", "meid", "s/n", "iban", "isbn", "ean", "gtin", "upc"),
    suffixes=("2", "s", "no", "nr"),
)
