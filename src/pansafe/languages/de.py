"""German context words. German compounds nouns (``Kartenprüfnummer``), so the
stems here match inside longer words; ``ue`` spellings cover keyboards without
umlauts."""

from pansafe.languages import Lexicon

LEXICON = Lexicon(
    code="de",
    name="German",
    pan=("karte", "kartennummer", "kreditkarte", "debitkarte", "girocard"),
    cvv=(
        "prüfnummer",
        "pruefnummer",
        "prüfziffer",
        "pruefziffer",
        "prüfcode",
        "pruefcode",
        "sicherheitscode",
        "sicherheitsnummer",
        "kartenprüf",
        "kartenpruef",
    ),
    pin=("geheimzahl", "geheimnummer", "pin-nummer", "pin-code"),
    expiry=(
        "gültig bis",
        "gueltig bis",
        "ablaufdatum",
        "verfallsdatum",
        "verfällt",
        "gültigkeit",
        "gueltigkeit",
        "läuft",
        "laeuft",
    ),
    not_pan=(
        "seriennummer",
        "bestellnummer",
        "bestell-nr",
        "rechnungsnummer",
        "rechnungs-nr",
        "sendungsnummer",
        "telefon",
        "handy",
        "auftragsnummer",
        "kundennummer",
    ),
    compounds=True,
    suffixes=("nummer", "code", "nr"),
)
