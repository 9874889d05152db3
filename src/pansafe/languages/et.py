"""Estonian context words. Estonian inflects with case endings and compounds
freely (``turvakoodiga``, ``PIN-koodiks``, ``kaardinumbriga``), so stems are cut
before the ending and short acronyms list the endings they take directly."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="et",
    name="Estonian",
    pan=("kaart", "kaardi", "kaardinumb", "krediitkaar", "deebetkaar"),
    cvv=("turvakood", "turvanumb", "kontrollkood", "kontrollnumb", "kaardikood", "turvakoodi"),
    pin=("pin", "pinkood", "salakood", "pin-kood"),
    expiry=(
        "kehtiv kuni",
        "kehtib kuni",
        "kehtivusaeg",
        "kehtivuse",
        "aegub",
        "aegumis",
        "kehtivus",
    ),
    not_pan=("seerianumb", "tellimus", "arve nr", "telefon", "mobiil", "saadetis", "konto nr"),
    compounds=True,
    suffixes=(
        "i",
        "is",
        "ist",
        "iga",
        "ile",
        "il",
        "ilt",
        "iks",
        "ina",
        "ita",
        "ni",
        "ga",
        "ks",
        "kood",
        "koodi",
        "koodiga",
        "koodiks",
        "koodina",
        "koodist",
        "koodile",
    ),
)
