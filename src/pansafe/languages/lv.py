"""Latvian context words."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="lv",
    name="Latvian",
    pan=("kart", "kartes numur", "kredītkart"),
    cvv=(
        "drošības kod",
        "drosibas kod",
        "pārbaudes kod",
        "parbaudes kod",
        "cvv kod",
        "verifikācijas kod",
    ),
    pin=("pin kod", "pin-kod"),
    expiry=(
        "derīgs līdz",
        "derigs lidz",
        "derīguma termiņš",
        "derīguma termiņ",
        "beigu datums",
        "derīga līdz",
        "derīgums",
    ),
    not_pan=("sērijas numur", "pasūtījum", "tālrun", "talrun", "rēķin"),
    compounds=True,
    suffixes=("s", "a", "u", "kods", "kodu", "koda"),
)
