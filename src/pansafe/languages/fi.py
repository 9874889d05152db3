"""Finnish context words. Finnish adds case endings to stems (``turvakoodin``,
``tunnusluvun``) and to acronyms after a colon (``PIN:n``, ``CVV:tä``)."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="fi",
    name="Finnish",
    pan=("kortti", "kortin", "korttinumero", "luottokort", "pankkikort"),
    cvv=(
        "turvakoodi",
        "turvanumero",
        "tarkistusnumero",
        "tarkistuskoodi",
        "varmennuskoodi",
        "turvakoodin",
        "tarkiste",
    ),
    pin=("tunnusluku", "tunnusluvu", "pin-koodi", "salasanakoodi"),
    expiry=("voimassa", "vanhenee", "vanhentumis", "viimeinen voimassaolo"),
    not_pan=("sarjanumero", "tilausnumero", "tilaus", "puhelin", "lasku", "seurantanumero"),
    compounds=True,
    suffixes=("in", "iä", "ia", "llä", "lla", "ksi", "koodi", "koodin", "koodia", "numero"),
)
