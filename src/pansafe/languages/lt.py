"""Lithuanian context words."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="lt",
    name="Lithuanian",
    pan=("kortel", "kortelės numer", "kredito kortel"),
    cvv=("saugos kod", "apsaugos kod", "patikros kod", "cvv kod", "cvc kod", "saugumo kod"),
    pin=("pin kod", "pin-kod"),
    expiry=("galioja iki", "galiojimo pabaig", "galiojimo data", "galiojimo termin", "galiojimas"),
    not_pan=("serijos numer", "užsakym", "uzsakym", "telefon", "sąskait"),
    compounds=True,
    suffixes=("as", "ą", "o", "u", "kodas", "kodą", "kodo"),
)
