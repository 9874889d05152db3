"""A seeded, synthetic development corpus with ground truth for pansafe's detectors.

Independent of pansafe on purpose: its own Luhn, its own issuer (IIN) table taken from
the public table in Wikipedia's "Payment card number" article, its own templates. A
benchmark that shares code with the thing it measures can only confirm that code.

Documents are support tickets and e-mails in seven languages, application logs,
payment-terminal logs, CSV exports and source code. Hard negatives (IMEIs, IBANs,
epoch timestamps, UUIDs, hashes, long references, masked PANs, Luhn-valid numbers
outside every card range, CVV/PIN mentioned without a value, ...) are everywhere and
never labelled. Card numbers are random Luhn-valid numbers in public IIN ranges or
published test cards; nothing here is a real card.

Span conventions (character offsets, end exclusive):

- ``pan``: first digit to last digit, inner separators included; not labelled inside
  track data. EMV tag 5A: the digits only (no tag, length or ``F`` padding).
- ``track1``: from ``%`` (else ``B``) through ``?`` (else the last discretionary char).
- ``track2``: from ``;`` (else the first PAN digit) through ``?`` if present. EMV tag 57:
  the value from the first PAN digit through its last hex char, ``F`` padding included.
- ``cvv``: the 3-4 digits; ``pin``: the 4-12 digits or the 16-hex PIN block.
- ``expiry``: the date token as written, only right after a PAN (within 20 characters,
  no digits between) or after an expiry context word.

Usage: ``python benchmarks/corpus.py --seed 1 --docs 2000 --out corpus.jsonl``
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import random
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "KINDS", "Doc", "Span", "generate", "load", "luhn_complete", "luhn_valid", "main", "maybe_card",
    "problems", "write",
]  # fmt: skip

KINDS = ("pan", "track1", "track2", "cvv", "pin", "expiry")


class Span(NamedTuple):
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Doc:
    doc_id: str
    category: str
    text: str
    truth: tuple[Span, ...]


# --------------------------------------------------------------------------- numbers


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check of a string of digits, check digit last."""
    return _luhn_sum(digits) % 10 == 0


def luhn_complete(body: str) -> str:
    """``body`` plus the check digit that makes it Luhn-valid."""
    partial = body + "0"
    return body + str((10 - (0 if luhn_valid(partial) else _luhn_sum(partial) % 10)) % 10)


def _luhn_sum(digits: str) -> int:
    return sum(
        (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
        for i, d in enumerate(ord(c) - 48 for c in reversed(digits))
    )


# (brand, weight, IIN prefixes -- "a-b" is an inclusive range of equal-width prefixes --,
# lengths), from the public issuer table in Wikipedia's "Payment card number" article.
BRANDS: tuple[tuple[str, int, tuple[str, ...], tuple[int, ...]], ...] = (
    ("visa", 22, ("4",), (13, 16, 19)),
    ("mastercard", 14, ("51-55",), (16,)),
    ("mastercard", 6, ("2221-2720",), (16,)),
    ("amex", 8, ("34", "37"), (15,)),
    ("discover", 4, ("6011", "644-649", "65"), (16, 19)),
    ("jcb", 4, ("3528-3589",), (16, 19)),
    ("diners", 3, ("36",), (14,)),
    ("diners", 1, ("300-305", "38-39"), (16,)),
    ("unionpay", 5, ("62",), (16, 17, 18, 19)),
    (
        "maestro",
        7,
        ("5018", "5020", "5038", "5893", "6304", "6759", "6761-6763"),
        tuple(range(12, 20)),
    ),
    ("mir", 5, ("2200-2204",), (16, 17, 18, 19)),
    ("rupay", 2, ("508", "60", "81", "82"), (16,)),
    ("troy", 2, ("9792",), (16,)),
    ("verve", 2, ("506099-506198", "507865-507964", "650002-650027"), (16, 18, 19)),
    ("elo", 2, ("504175", "509000-509999", "636368"), (16,)),
    ("dankort", 1, ("5019",), (16,)),
    ("uzcard", 1, ("8600",), (16,)),
    ("humo", 1, ("9860",), (16,)),
    ("borica", 1, ("2205",), (16,)),
    ("china-t-union", 1, ("31",), (19,)),
)
# Wider than BRANDS: every length the public table allows, smaller and older networks
# (UATP, GPN, LankaPay, InterPayment, InstaPayment, Laser) and the old broad Maestro
# ranges. A number matching these is never used as an unlabelled negative, so the truth
# stays defensible whatever table a detector uses.
_MAYBE_CARD = (
    *((p, lens) for _, _, ps, lens in BRANDS for p in ps),
    *(
        (p, tuple(range(16, 20)))
        for p in ("62", "81", "82", "60", "65", "644-649", "3528-3589", "2200-2204")
    ),
    *((p, tuple(range(14, 20))) for p in ("36", "300-305", "3095", "38-39")),
    *((p, (16,)) for p in ("353", "356", "357111", "637-639")),
    *((p, tuple(range(16, 20))) for p in ("636", "6304", "6706", "6709", "6771")),
    ("50", tuple(range(12, 20))),
    ("56-69", tuple(range(12, 20))),
    ("1", (15,)),
    ("1946", (16, 18, 19)),
    # Regional schemes on 7, 8 and 9 (Troy, Napas, Humo, UzCard, RuPay/UnionPay 81-82).
    *((p, tuple(range(16, 20))) for p in ("9792", "9704", "9860", "8600", "8100-8199")),
)

# Published test card numbers (Stripe, Braintree, Adyen, PayPal documentation).
TEST_CARDS = tuple(
    n
    for n in re.findall(
        r"\d+",
        """
    4111111111111111 4242424242424242 4012888888881881 4000056655665556 4222222222222
    4000000000003220 4917610000000000 5555555555554444 5105105105105100 5200828282828210
    2223003122003222 378282246310005 371449635398431 378734493671000 6011111111111117
    6011000990139424 3530111333300000 3566002020360505 30569309025904 38520000023237
    36227206271667 6200000000000005 6759649826438453
    """,
    )
    if luhn_valid(n)
)
GROUPS = {
    12: (4, 4, 4),
    13: (4, 4, 4, 1),
    14: (4, 6, 4),
    15: (4, 6, 5),
    16: (4, 4, 4, 4),
    19: (4, 4, 4, 4, 3),
}


def _prefix_matches(digits: str, prefix: str) -> bool:
    lo, _, hi = prefix.partition("-")
    head = digits[: len(lo)]
    return lo <= head <= (hi or lo) and len(head) == len(lo)


def maybe_card(digits: str) -> bool:
    """True if the digits could be read as a card number (any broad range, Luhn-valid)."""
    return luhn_valid(digits) and any(
        len(digits) in lens and _prefix_matches(digits, p) for p, lens in _MAYBE_CARD
    )


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n) if n > 0 else ""


def safe_digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    """Random digits that are not card-like (for IDs, references, phone numbers)."""
    while True:
        d = rng.choice(first) + digits(rng, n - 1)
        if not maybe_card(d):
            return d


def random_pan(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(TEST_CARDS)
    _, _, prefixes, lengths = rng.choices(BRANDS, weights=[b[1] for b in BRANDS])[0]
    lo, _, hi = rng.choice(prefixes).partition("-")
    prefix = str(rng.randint(int(lo), int(hi or lo))).zfill(len(lo))
    n = rng.choice(lengths)
    return luhn_complete(prefix + digits(rng, n - len(prefix) - 1))


def no_iin_number(rng: random.Random) -> str:
    """A Luhn-valid 16-digit number outside every card range (loyalty, customer cards)."""
    while True:
        d = luhn_complete(rng.choice("7791") + digits(rng, 14))
        if not maybe_card(d):
            return d


def imei(rng: random.Random) -> str:
    return luhn_complete(rng.choice(("35", "86", "01", "99", "49")) + digits(rng, 12))


def render_pan(rng: random.Random, pan: str, sep: str | None = None) -> str:
    if sep is None:
        sep = rng.choices(["", " ", "-", ".", "\u00a0"], weights=[36, 36, 14, 5, 9])[0]
    if not sep or len(pan) not in GROUPS:
        return pan
    out, i = [], 0
    for g in GROUPS[len(pan)]:
        out.append(pan[i : i + g])
        i += g
    return sep.join(out)


def masked_pan(rng: random.Random) -> str:
    pan = random_pan(rng)
    last4 = pan[-4:]
    return rng.choice(
        (
            pan[:6] + "*" * (len(pan) - 10) + last4,
            "**** **** **** " + last4,
            "XXXX-XXXX-XXXX-" + last4,
            pan[:4] + " " + pan[4:6] + "** **** " + last4,
            pan[:6] + "XXXXXX" + last4,
            "•••• " + last4,
        )
    )


def expiry(rng: random.Random) -> str:
    mm, yy = rng.randint(1, 12), rng.randint(24, 33)
    return rng.choice((f"{mm:02d}/{yy}", f"{mm:02d}/{yy}", f"{mm:02d}/20{yy}", f"{mm:02d}-{yy}"))


def yymm(rng: random.Random) -> str:
    return f"{rng.randint(24, 33)}{rng.randint(1, 12):02d}"


def iban(rng: random.Random, country: str, grouped: bool | None = None) -> str:
    banks = {"EE": ["22", "10", "17", "77"], "LV": ["HABA", "UNLA", "PARX"], "GB": ["NWBK", "BARC"]}
    size = {"EE": 16, "DE": 18, "FI": 14, "LV": 17, "LT": 16, "GB": 18}[country]
    bank = rng.choice(banks.get(country, [""]))
    bban = bank + digits(rng, size - len(bank))
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = f"{98 - int(num) % 97:02d}"
    s = country + check + bban
    if grouped is None:
        grouped = rng.random() < 0.6
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4)) if grouped else s


def phone(rng: random.Random, lang: str) -> str:
    form = rng.choice(
        {
            "en": ["+44 20 #### ####", "+1 (555) 01#-####", "+44 7700 ######"],
            "et": ["+372 5### ####", "+372 5######", "+3725######"],
            "de": ["+49 151 ########", "+49 30 #######", "0151 ########", "+4915#########"],
            "fi": ["+358 40 ### ####", "040 ### ####", "+35840#######"],
            "ru": ["+7 912 ###-##-##", "8 (912) ###-##-##", "+7912#######"],
            "lv": ["+371 2### ####", "+371 2#######"],
            "lt": ["+370 6## #####", "8 6## #####", "+3706#######"],
        }[lang]
    )
    return re.sub("#", lambda _: str(rng.randrange(10)), form)


def hexs(rng: random.Random, n: int, upper: bool = False) -> str:
    s = "".join(rng.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def a_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def a_hash(rng: random.Random) -> str:
    algo = rng.choice((hashlib.md5, hashlib.sha1, hashlib.sha256))
    return algo(rng.randbytes(16)).hexdigest()


def b64(rng: random.Random, n: int = 24) -> str:
    return base64.b64encode(rng.randbytes(n)).decode()


def reference(rng: random.Random) -> str:
    """20-30 digits with a card-like, Luhn-valid number inside."""
    pan = random_pan(rng)
    total = rng.randint(max(20, len(pan) + 2), 30)
    before = rng.randint(1, total - len(pan) - 1)
    return safe_digits(rng, before) + pan + digits(rng, total - len(pan) - before)


def order_no(rng: random.Random) -> str:
    n = safe_digits(rng, rng.randint(5, 9))
    return rng.choice((n, "#" + n, "ORD-" + n, f"A-{n}", f"INV-20{rng.randint(23, 25)}-{n[:6]}"))


def tracking(rng: random.Random) -> str:
    return rng.choice(
        (
            "JJD" + digits(rng, 18),
            "1Z" + hexs(rng, 6, True) + digits(rng, 10),
            "CC" + digits(rng, 9) + "EE",
            "RR" + digits(rng, 9) + "LV",
        )
    )


def amount(rng: random.Random, lang: str) -> str:
    e, c = rng.randint(1, 2500), rng.randint(0, 99)
    if lang == "en":
        return rng.choice((f"€{e}.{c:02d}", f"EUR {e:,}.{c:02d}", f"${e}.{c:02d}"))
    if lang == "ru":
        return rng.choice((f"{e:,}".replace(",", " ") + f",{c:02d} руб.", f"{e},{c:02d} €"))
    return rng.choice((f"{e},{c:02d} €", f"{e},{c:02d} EUR", f"EUR {e},{c:02d}"))


def a_date(rng: random.Random, lang: str) -> str:
    y, m, d = rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return {
        "en": rng.choice((f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}")),
        "fi": f"{d}.{m}.{y}",
        "lt": f"{y}-{m:02d}-{d:02d}",
    }.get(lang, f"{d:02d}.{m:02d}.{y}")


def a_time(rng: random.Random) -> str:
    return f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}"


def ipv4(rng: random.Random) -> str:
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


def version(rng: random.Random) -> str:
    return f"{rng.randint(1, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}"


def epoch_ms(rng: random.Random) -> str:
    return str(rng.randint(1_680_000_000_000, 1_760_000_000_000))


def epoch_us(rng: random.Random) -> str:
    return str(rng.randint(1_680_000_000_000_000, 1_760_000_000_000_000))


def iso_ts(rng: random.Random) -> str:
    return (
        f"20{rng.randint(23, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        f".{rng.randint(0, 999):03d}Z"
    )


# --------------------------------------------------------------------------- pieces

# A document is built from pieces (text, mode): mode "" = plain text that may get
# typos, "=" = protected text (context words), anything else = a labelled span.
Piece = tuple[str, str]
Pieces = list[Piece]
_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, mode: str = "=", **slots: Pieces | str) -> Pieces:
    out: Pieces = []
    pos = 0
    for m in _SLOT.finditer(template):
        out.append((template[pos : m.start()].replace("{{", "{").replace("}}", "}"), mode))
        value = slots[m.group(1)]
        out.extend([(value, "")] if isinstance(value, str) else value)
        pos = m.end()
    out.append((template[pos:].replace("{{", "{").replace("}}", "}"), mode))
    return [p for p in out if p[0]]


def span(kind: str, text: str) -> Pieces:
    return [(text, kind)]


def typo(rng: random.Random, text: str, rate: float) -> str:
    words = re.split(r"(\W+)", text)
    for i, w in enumerate(words):
        if len(w) > 3 and w.isalpha() and rng.random() < rate:
            j = rng.randrange(len(w) - 1)
            words[i] = rng.choice(
                (w[:j] + w[j + 1] + w[j] + w[j + 2 :], w[:j] + w[j + 1 :], w[:j] + w[j] + w[j:])
            )
    return "".join(words)


def assemble(
    pieces: Iterable[Piece], rng: random.Random, typos: float = 0.0, case: str = ""
) -> tuple[str, tuple[Span, ...]]:
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for text, mode in pieces:
        if mode in ("", "="):
            if mode == "" and typos:
                text = typo(rng, text, typos)
            text = {"lower": text.lower(), "upper": text.upper()}.get(case, text)
        else:
            spans.append(Span(mode, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return "".join(parts), tuple(spans)


# --------------------------------------------------------------------------- languages

# One block per language: "key: phrase | phrase | ...". {pan}, {exp}, {cvv}, {pin} and {x}
# are slots; the phrases around {cvv}, {pin} and {exp} are the context words under test.
_LANG_TEXT = {
    "en": """
greet: Hi, | Hello, | Dear support team, | Good morning, | Hi there
subject: Card terminal not working | Payment failed | Charged twice |
    URGENT: terminal declines cards
problem: The card terminal in our shop has been declining every card since this morning. |
    My payment failed three times today and I don't know why. |
    The POS shows error 05 whenever a customer taps a card. |
    I was charged twice for the same purchase. | Online checkout keeps saying the card is invalid. |
    The terminal froze in the middle of a payment and restarted.
card: My card number is {pan}. | Card: {pan} | I tried with this card {pan} |
    here is the card number {pan} if that helps | The card I used: {pan}
exp: Expiry date: {exp}. | It expires {exp}. | exp {exp} | valid thru {exp} | Expiration {exp}
cvv: CVV2: {cvv} | cvc={cvv} | The CVV is {cvv}. | security code {cvv} | CVC {cvv} |
    CVV code: {cvv} | CID: {cvv}
pin: PIN {pin} | My PIN is {pin}. | PIN code: {pin} | pin={pin}
neg_pin: I forgot my PIN and now the card is blocked. | Can you reset the PIN for me? |
    The terminal never asks for a PIN.
neg_cvv: Do you need the CVV as well? | The website does not accept my security code. |
    I will not send the CVV by e-mail.
phone: You can reach me at {x}. | Phone: {x}
iban: Please refund to {x}. | My IBAN is {x}
order: Order number: {x} | It was order {x}.
imei: The terminal IMEI is {x}. | IMEI {x}
ref: Payment reference {x} | Reference no. {x}
masked: The receipt shows {x}. | card ending {x}
noiin: My loyalty card is {x}. | Customer card {x}
amount: The amount was {x}. | Total {x}
date: It happened on {x}. | Since {x} nothing works.
tracking: Tracking code {x}
version: Terminal software {x}. | App version {x}
uuid: Session id {x} | Case {x}
short: We have {x} terminals and only one is affected. | I tried {x} times.
closing: Thanks, | Best regards, | Kind regards, | Cheers,
reply: We will never ask for your PIN or full card number. |
    Please do not send card details by e-mail.
""",
    "et": """
greet: Tere! | Tere, | Tere päevast! | Lugupeetud klienditugi,
subject: Kaarditerminal ei tööta | Makse ebaõnnestus | Topeltmakse | Probleem kaardimaksega
problem: Meie poe kaarditerminal ei võta alates hommikust ühtegi kaarti vastu. |
    Makse ebaõnnestus täna juba kolm korda. | Terminal näitab viga 05, kui klient kaarti viipab. |
    Raha võeti kontolt kaks korda maha. | E-poes öeldakse, et kaart on kehtetu. |
    Terminal hangus makse ajal ja tegi taaskäivituse.
card: Minu kaardi number on {pan}. | Kaart: {pan} | Proovisin kaardiga {pan} | kaardinumber {pan}
exp: Kaart on kehtiv kuni {exp}. | kehtiv kuni {exp} | aegub {exp} | Kehtivusaeg: {exp}
cvv: turvakood on {cvv} | CVC-kood: {cvv} | sisestasin turvakoodi {cvv} | CVV-kood {cvv} |
    kaardi turvakood: {cvv} | proovisin turvakoodiga {cvv}
pin: PIN-kood {pin} | mu PIN-kood on {pin} | sisestasin PIN-koodi {pin} |
    Määrasin PIN-koodiks {pin}. | PIN: {pin}
neg_pin: Unustasin PIN-koodi ja kaart blokeeriti. | Kas saate PIN-koodi lähtestada? |
    Terminal ei küsi PIN-koodi.
neg_cvv: Kas vajate ka turvakoodi? | E-pood ei aktsepteeri mu turvakoodi. |
    Turvakoodi ma e-kirjaga ei saada.
phone: Minu telefon: {x} | Helistage {x}.
iban: Palun kandke raha tagasi kontole {x}. | Arveldusarve {x}
order: Tellimuse number {x} | Tellimus {x}.
imei: Terminali IMEI on {x}. | IMEI {x}
ref: Viitenumber {x} | Makse viide {x}
masked: Tšekil on {x}. | kaart {x}
noiin: Kliendikaardi number {x} | Partnerkaart {x}
amount: Summa oli {x}. | Kokku {x}
date: See juhtus {x}. | Alates {x} ei tööta.
tracking: Saadetise kood {x}
version: Terminali tarkvara versioon {x}.
uuid: Sessiooni ID {x} | Pöördumine {x}
short: Meil on {x} terminali ja probleem on ainult ühel. | Proovisin {x} korda.
closing: Tänan! | Lugupidamisega, | Parimat, | Aitäh!
reply: Me ei küsi kunagi teie PIN-koodi ega kaardi numbrit. |
    Palun ärge saatke kaardiandmeid e-kirjaga.
""",
    "de": """
greet: Hallo, | Guten Tag, | Sehr geehrte Damen und Herren, | Moin,
subject: Kartenterminal defekt | Zahlung fehlgeschlagen | Doppelte Abbuchung |
    Problem mit Kartenzahlung
problem: unser Kartenterminal lehnt seit heute Morgen alle Karten ab. |
    Die Zahlung ist heute schon dreimal fehlgeschlagen. |
    Das Terminal zeigt Fehler 05, sobald ein Kunde die Karte auflegt. |
    Mir wurde der Betrag doppelt abgebucht. | Im Onlineshop heißt es, die Karte sei ungültig. |
    Das Terminal ist mitten in der Zahlung abgestürzt.
card: Meine Kartennummer lautet {pan}. | Karte: {pan} | Ich habe es mit der Karte {pan} versucht. |
    Kreditkartennummer {pan}
exp: gültig bis {exp} | Ablaufdatum: {exp} | Die Karte läuft {exp} ab. | Gültig bis: {exp}
cvv: Kartenprüfnummer {cvv} | Prüfziffer: {cvv} | Sicherheitscode {cvv} | CVC: {cvv} |
    die Prüfnummer ist {cvv}
pin: PIN-Code {pin} | meine PIN lautet {pin} | PIN: {pin} | Geheimzahl {pin}
neg_pin: Ich habe meine PIN vergessen. | Können Sie die PIN zurücksetzen? |
    Das Terminal fragt nie nach der PIN.
neg_cvv: Brauchen Sie auch die Prüfnummer? | Den Sicherheitscode schicke ich nicht per E-Mail.
phone: Telefon: {x} | Erreichbar unter {x}.
iban: Bitte erstatten Sie den Betrag auf {x}. | IBAN: {x}
order: Bestellnummer {x} | Auftrag {x}
imei: IMEI des Terminals: {x} | IMEI {x}
ref: Verwendungszweck {x} | Referenz {x}
masked: Auf dem Beleg steht {x}. | Karte {x}
noiin: Meine Kundenkarte: {x} | Payback-Karte {x}
amount: Der Betrag war {x}. | Summe {x}
date: Das war am {x}. | Seit dem {x} geht nichts.
tracking: Sendungsnummer {x}
version: Terminal-Software {x}
uuid: Vorgangs-ID {x}
short: Wir haben {x} Terminals, nur eins ist betroffen. | Ich habe es {x} Mal versucht.
closing: Vielen Dank, | Mit freundlichen Grüßen, | Viele Grüße, | Danke!
reply: Wir fragen niemals nach Ihrer PIN. | Bitte senden Sie keine Kartendaten per E-Mail.
""",
    "fi": """
greet: Hei, | Moi! | Hyvä asiakaspalvelu, | Terve,
subject: Maksupääte ei toimi | Maksu epäonnistui | Kaksoisveloitus | Ongelma korttimaksussa
problem: Kaupan maksupääte ei ole hyväksynyt yhtään korttia tänä aamuna. |
    Maksu epäonnistui tänään kolme kertaa. |
    Maksupääte näyttää virheen 05, kun asiakas lähimaksaa. |
    Minulta veloitettiin sama ostos kahdesti. | Verkkokauppa väittää, että kortti on virheellinen. |
    Maksupääte jumittui kesken maksun.
card: Korttini numero on {pan}. | Kortti: {pan} | Kokeilin kortilla {pan} | kortin numero {pan}
exp: voimassa {exp} | voimassa {exp} asti | Kortti on voimassa {exp}. |
    viimeinen voimassaolokuukausi {exp}
cvv: turvakoodi {cvv} | CVC-koodi {cvv} | turvakoodi on {cvv} | CVV-koodi: {cvv} |
    kortin turvakoodi {cvv}
pin: PIN-koodi {pin} | PIN-koodini on {pin} | tunnusluku {pin} | PIN: {pin}
neg_pin: Unohdin PIN-koodini. | Voitteko nollata PIN-koodin? | Maksupääte ei kysy PIN-koodia.
neg_cvv: Tarvitsetteko myös turvakoodin? | En lähetä turvakoodia sähköpostilla.
phone: Puhelin: {x} | Soittakaa numeroon {x}.
iban: Palauttakaa rahat tilille {x}. | Tilinumero {x}
order: Tilausnumero {x}
imei: Maksupäätteen IMEI on {x}. | IMEI {x}
ref: Viitenumero {x} | Viite {x}
masked: Kuitissa lukee {x}. | kortti {x}
noiin: Kanta-asiakaskortti {x} | Bonuskortti {x}
amount: Summa oli {x}. | Yhteensä {x}
date: Tämä tapahtui {x}. | {x} alkaen ei toimi.
tracking: Lähetystunnus {x}
version: Maksupäätteen ohjelmisto {x}
uuid: Istunnon tunnus {x}
short: Meillä on {x} maksupäätettä, vain yksi reistailee. | Yritin {x} kertaa.
closing: Kiitos, | Ystävällisin terveisin, | Terveisin,
reply: Emme koskaan kysy PIN-koodiasi. | Älä lähetä korttitietoja sähköpostilla.
""",
    "ru": """
greet: Здравствуйте! | Добрый день, | Здравствуйте,
subject: Не работает терминал | Платёж не прошёл | Двойное списание | Проблема с оплатой картой
problem: Терминал в нашем магазине с утра не принимает карты. |
    Платёж сегодня не прошёл уже три раза. |
    Терминал выдаёт ошибку 05, когда клиент прикладывает карту. |
    С меня дважды списали деньги за одну покупку. |
    Интернет-магазин пишет, что карта недействительна. | Терминал завис во время оплаты.
card: Номер моей карты {pan}. | Карта: {pan} | Пробовал картой {pan} | номер карты: {pan}
exp: срок действия {exp} | действительна до {exp} | Срок действия карты: {exp}
cvv: код CVV {cvv} | CVC: {cvv} | код безопасности {cvv} | CVV2-код {cvv} | CVC2 {cvv}
pin: ПИН-код {pin} | мой ПИН {pin} | PIN-код: {pin} | пин-код {pin}
neg_pin: Я забыл ПИН-код, карту заблокировали. | Можно ли сбросить ПИН-код? |
    Терминал не запрашивает ПИН.
neg_cvv: Нужен ли вам код CVV? | Код безопасности я по почте не отправлю.
phone: Мой телефон {x} | Звоните: {x}
iban: Верните деньги на счёт {x}. | Счёт {x}
order: Номер заказа {x} | Заказ {x}.
imei: IMEI терминала {x} | IMEI {x}
ref: Номер платежа {x} | Назначение платежа {x}
masked: На чеке указано {x}. | карта {x}
noiin: Бонусная карта {x} | Карта лояльности {x}
amount: Сумма {x}. | Итого {x}
date: Это было {x}. | С {x} ничего не работает.
tracking: Трек-номер {x}
version: Версия ПО терминала {x}
uuid: ID сессии {x}
short: У нас {x} терминала, сломан только один.
closing: Спасибо, | С уважением, | Заранее спасибо!
reply: Мы никогда не спрашиваем ПИН-код. | Пожалуйста, не отправляйте данные карты по почте.
""",
    "lv": """
greet: Labdien, | Sveiki! | Labdien!
subject: Nestrādā karšu terminālis | Maksājums neizdevās | Dubulta noņemšana
problem: Mūsu veikala karšu terminālis kopš rīta nepieņem nevienu karti. |
    Maksājums šodien neizdevās jau trīs reizes. |
    Terminālis rāda kļūdu 05, kad klients pieliek karti. |
    Nauda par vienu pirkumu tika noņemta divreiz. | Interneta veikals saka, ka karte nav derīga. |
    Terminālis uzkārās maksājuma laikā.
card: Manas kartes numurs ir {pan}. | Karte: {pan} | Mēģināju ar karti {pan} | kartes numurs {pan}
exp: derīgs līdz {exp} | derīguma termiņš {exp} | Karte derīga līdz {exp}.
cvv: drošības kods {cvv} | CVV kods: {cvv} | CVC kods {cvv} | drošības kods ir {cvv}
pin: PIN kods {pin} | mans PIN kods ir {pin} | PIN: {pin}
neg_pin: Aizmirsu PIN kodu. | Vai varat atiestatīt PIN kodu? | Terminālis neprasa PIN kodu.
neg_cvv: Vai jums vajag arī drošības kodu? | Drošības kodu pa e-pastu nesūtīšu.
phone: Mans tālrunis: {x} | Zvaniet {x}.
iban: Lūdzu atmaksājiet uz kontu {x}. | Konts {x}
order: Pasūtījuma numurs {x}
imei: Termināļa IMEI {x} | IMEI {x}
ref: Maksājuma mērķis {x}
masked: Čekā redzams {x}. | karte {x}
noiin: Lojalitātes karte {x}
amount: Summa bija {x}. | Kopā {x}
date: Tas notika {x}. | Kopš {x} nekas nestrādā.
tracking: Sūtījuma numurs {x}
version: Termināļa programmatūra {x}
uuid: Sesijas ID {x}
short: Mums ir {x} termināļi, problēma ir tikai vienam.
closing: Paldies, | Ar cieņu, | Ar labiem vēlējumiem,
reply: Mēs nekad neprasām jūsu PIN kodu. | Lūdzu, nesūtiet kartes datus pa e-pastu.
""",
    "lt": """
greet: Laba diena, | Sveiki, | Labas,
subject: Neveikia mokėjimo terminalas | Mokėjimas nepavyko | Dvigubas nuskaičiavimas
problem: Mūsų parduotuvės mokėjimo terminalas nuo ryto nepriima jokių kortelių. |
    Mokėjimas šiandien nepavyko jau tris kartus. |
    Terminalas rodo klaidą 05, kai klientas priglaudžia kortelę. |
    Už tą patį pirkinį pinigai nuskaičiuoti du kartus. |
    Internetinė parduotuvė rašo, kad kortelė negalioja. | Terminalas užstrigo mokėjimo metu.
card: Mano kortelės numeris {pan}. | Kortelė: {pan} | Bandžiau su kortele {pan} |
    kortelės numeris: {pan}
exp: galioja iki {exp} | galiojimo data {exp} | Kortelė galioja iki {exp}.
cvv: saugos kodas {cvv} | CVV kodas: {cvv} | CVC kodas {cvv} | saugos kodas yra {cvv}
pin: PIN kodas {pin} | mano PIN kodas yra {pin} | PIN: {pin}
neg_pin: Pamiršau PIN kodą. | Ar galite atkurti PIN kodą? | Terminalas neprašo PIN kodo.
neg_cvv: Ar jums reikia ir saugos kodo? | Saugos kodo el. paštu nesiųsiu.
phone: Mano telefonas: {x} | Skambinkite {x}.
iban: Prašau grąžinti pinigus į sąskaitą {x}. | Sąskaita {x}
order: Užsakymo numeris {x}
imei: Terminalo IMEI {x} | IMEI {x}
ref: Mokėjimo paskirtis {x}
masked: Čekyje matyti {x}. | kortelė {x}
noiin: Lojalumo kortelė {x}
amount: Suma buvo {x}. | Iš viso {x}
date: Tai įvyko {x}. | Nuo {x} niekas neveikia.
tracking: Siuntos numeris {x}
version: Terminalo programinė įranga {x}
uuid: Sesijos ID {x}
short: Turime {x} terminalus, sugedo tik vienas.
closing: Ačiū, | Pagarbiai, | Su pagarba,
reply: Mes niekada neprašome jūsų PIN kodo. | Prašome nesiųsti kortelės duomenų el. paštu.
""",
}


def _parse_lang(text: str) -> dict[str, list[str]]:
    """``key: a | b`` lines; a line ending in `` |`` continues on the next, indented one."""
    joined = re.sub(r" \|\n\s+", " | ", text.strip())
    return {k: v.split(" | ") for k, _, v in (ln.partition(": ") for ln in joined.splitlines())}


LANG = {lang: _parse_lang(text) for lang, text in _LANG_TEXT.items()}
# What may stand between a pasted PAN and its expiry date (leading/trailing spaces matter).
EXP_AFTER = {
    "en": [" ", ", ", " exp ", " / ", " valid thru ", "  expires "],
    "et": [" ", ", ", " kehtiv kuni ", " / ", ", aegub "],
    "de": [" ", ", ", " gültig bis ", " / ", ", Ablaufdatum "],
    "fi": [" ", ", ", " voimassa ", " / "],
    "ru": [" ", ", ", " срок действия ", " / ", ", действительна до "],
    "lv": [" ", ", ", " derīgs līdz ", " / "],
    "lt": [" ", ", ", " galioja iki ", " / "],
}

NAMES = {
    "en": ["John Doe", "Jane Smith", "Tom Baker"],
    "et": ["Mari Tamm", "Jaan Kask", "Kadri Saar"],
    "de": ["Hans Meier", "Anna Schmidt", "Jörg Müller"],
    "fi": ["Matti Virtanen", "Anna Korhonen", "Juha Mäkinen"],
    "ru": ["Иван Иванов", "Ольга Смирнова", "Сергей Петров"],
    "lv": ["Jānis Bērziņš", "Līga Ozola", "Andris Kalniņš"],
    "lt": ["Jonas Kazlauskas", "Rasa Petrauskienė", "Tomas Jankauskas"],
}
IBAN_CC = {"en": "GB", "et": "EE", "de": "DE", "fi": "FI", "ru": "EE", "lv": "LV", "lt": "LT"}
TRACK_NAMES = [
    "DOE/JOHN",
    "TAMM/MARI",
    "MEIER/HANS",
    "VIRTANEN/MATTI",
    "IVANOV/IVAN",
    "BERZINS/JANIS",
    "KAZLAUSKAS/JONAS",
    "SMITH/JANE.MS",
]


_NEGATIVES: dict[str, Callable[[random.Random, str], str]] = {
    "phone": phone,
    "iban": lambda r, lang: iban(r, IBAN_CC[lang]),
    "order": lambda r, _: order_no(r),
    "imei": lambda r, _: (lambda n: r.choice((n, f"{n[:2]}-{n[2:8]}-{n[8:14]}-{n[14]}")))(imei(r)),
    "ref": lambda r, _: reference(r),
    "masked": lambda r, _: masked_pan(r),
    "noiin": lambda r, _: render_pan(r, no_iin_number(r), r.choice(("", " ", "-"))),
    "amount": amount,
    "date": lambda r, lang: a_date(r, lang) + r.choice(("", " " + a_time(r))),
    "tracking": lambda r, _: tracking(r),
    "version": lambda r, _: r.choice(("", "v")) + version(r),
    "uuid": lambda r, _: r.choice((a_uuid(r), a_hash(r))),
    "short": lambda r, _: str(r.randint(2, 4)),
}


def _negative(rng: random.Random, lang: str) -> Pieces:
    kind = rng.choice([*_NEGATIVES, "neg_pin", "neg_cvv", "iban", "imei"])
    tpl = rng.choice(LANG[lang][kind])
    if kind.startswith("neg_"):
        return fill(tpl, "=")  # keep the context word intact: it is the point of this negative
    return fill(tpl, "", x=_NEGATIVES[kind](rng, lang))


def _card_block(rng: random.Random, lang: str, url: bool = False) -> list[Pieces]:
    """Sentences that paste one card: the PAN, maybe expiry, CVV and PIN."""
    L = LANG[lang]
    pan = random_pan(rng)
    if url:
        sep = rng.choice(("%20", "+", ""))
        cvc = fill("&cvc={c}", c=_cvv(rng, pan)) if rng.random() < 0.4 else []
        tpl = "{lead}https://shop.example.com/checkout?amount=19.99&card={p}{cvc}"
        lead = rng.choice(("Link: ", "", "URL: ", "-> "))
        return [fill(tpl, lead=lead, p=span("pan", render_pan(rng, pan, sep)), cvc=cvc)]
    card = span("pan", render_pan(rng, pan))
    if rng.random() < 0.4:
        exp = span("expiry", expiry(rng))
        if rng.random() < 0.85:
            card = [*card, (rng.choice(EXP_AFTER[lang]), "="), *exp]
        else:
            card = [*card, (" (", "="), *exp, (")", "=")]
    out = [fill(rng.choice(L["card"]), pan=card)]
    if rng.random() < 0.2:
        out.append(fill(rng.choice(L["exp"]), exp=span("expiry", expiry(rng))))
    if rng.random() < 0.3:
        out.append(fill(rng.choice(L["cvv"]), cvv=_cvv(rng, pan)))
    if rng.random() < 0.15:
        out.append(
            fill(rng.choice(L["pin"]), pin=span("pin", digits(rng, rng.choice((4, 4, 4, 6)))))
        )
    return out


def _email_headers(rng: random.Random, name: str, subject: str, nl: str) -> str:
    day = rng.choice(("Mon", "Tue", "Wed", "Thu", "Fri"))
    month = rng.choice(("Jan", "Mar", "Jun", "Sep", "Nov"))
    when = f"{day}, {rng.randint(1, 28)} {month} 20{rng.randint(23, 25)} {a_time(rng)}:00"
    sender = f"{rng.choice(('info', 'kontakt', 'shop', 'office'))}{rng.randint(1, 99)}@example.com"
    return nl.join((
        f"From: {name} <{sender}>",
        f"Subject: {rng.choice(('', 'Re: ', 'RE: ', 'AW: ', 'Vs: '))}{subject}",
        f"Date: {when} +0{rng.randint(1, 3)}00",
        f"Message-ID: <{a_uuid(rng)}@mail.example.com>",
        nl,
    ))  # fmt: skip


def ticket(rng: random.Random, lang: str) -> Pieces:
    L = LANG[lang]
    name = rng.choice(NAMES[lang])
    info: list[Pieces] = []
    for _ in range(rng.choices((0, 1, 2), weights=(35, 55, 10))[0]):
        info += _card_block(rng, lang, url=rng.random() < 0.08)
    if not info:  # context-only values, no card
        if rng.random() < 0.06:
            info.append(fill(rng.choice(L["exp"]), exp=span("expiry", expiry(rng))))
        if rng.random() < 0.05:
            info.append(fill(rng.choice(L["cvv"]), cvv=span("cvv", digits(rng, 3))))
        if rng.random() < 0.08:
            info.append(fill(rng.choice(L["pin"]), pin=span("pin", digits(rng, 4))))
    body = info + [_negative(rng, lang) for _ in range(rng.randint(1, 4))]
    rng.shuffle(body)
    body.insert(0, fill(rng.choice(L["problem"]), ""))
    nl = "\r\n" if rng.random() < 0.1 else "\n"
    html = rng.random() < 0.08
    out: Pieces = []
    if rng.random() < 0.5:
        out.append((_email_headers(rng, name, rng.choice(L["subject"]), nl), ""))
    out.append((rng.choice(L["greet"]) + ("" if html else nl * rng.randint(1, 2)), ""))
    for i, sentence in enumerate(body):
        if html:
            out += [("<p>", "="), *sentence, ("</p>" + nl, "=")]
        else:
            out += sentence
            if i < len(body) - 1:
                out.append((rng.choices([" ", nl, nl + nl, "  "], weights=[50, 30, 15, 5])[0], ""))
    out.append((nl + nl + rng.choice(L["closing"]) + nl + name + nl, ""))
    if rng.random() < 0.3:
        out.append((f"{phone(rng, lang)}{nl}", ""))
    if rng.random() < 0.25:
        out.append((f"{nl}> {rng.choice(L['reply'])}{nl}> {a_date(rng, lang)}{nl}", ""))
    return out


# --------------------------------------------------------------------------- logs

JsonValue = Pieces | str | int


def _json(pairs: Sequence[tuple[str, JsonValue]], compact: bool) -> Pieces:
    sep, colon = (",", ":") if compact else (", ", ": ")
    out: Pieces = [("{", "=")]
    for i, (k, v) in enumerate(pairs):
        out.append(((sep if i else "") + json.dumps(k) + colon, "="))
        if isinstance(v, list):
            out += [('"', "="), *v, ('"', "=")]
        else:
            out.append((json.dumps(v, ensure_ascii=False), "="))
    return [*out, ("}", "=")]


def _cvv(rng: random.Random, pan: str) -> Pieces:
    return span("cvv", digits(rng, 4 if len(pan) == 15 else 3))


_JSON_FIELDS: dict[str, Callable[[random.Random], str | int]] = {
    "amount": lambda r: r.randint(100, 99999),
    "currency": lambda r: "EUR",
    "order_id": lambda r: int(safe_digits(r, 8)),
    "latency_ms": lambda r: r.randint(3, 900),
    "trace_id": lambda r: hexs(r, 32),
    "span_id": lambda r: hexs(r, 16),
    "ts_us": lambda r: int(epoch_us(r)),
    "imei": imei,
    "ip": ipv4,
    "card_last4": lambda r: digits(r, 4),
    "card_bin": lambda r: random_pan(r)[:6],
    "masked_pan": masked_pan,
    "iban": lambda r: iban(r, r.choice(("EE", "DE", "LT")), False),
    "cvc_check": lambda r: "pass",
    "pin_verified": lambda r: "true",
    "shipping_cost": lambda r: r.randint(100, 999),
    "pinned": lambda r: "false",
    "idempotency_key": a_uuid,
    "fingerprint": lambda r: b64(r, 12),
    "client_version": version,
    "phone": lambda r: phone(r, r.choice(list(LANG))),
    "dd.trace_id": lambda r: safe_digits(r, 19),
}
_PLAIN_LINES: tuple[Callable[[random.Random], str], ...] = (
    lambda r: f"POST /api/v1/payments 201 {r.randint(3, 900)}ms amount={r.randint(1, 999)}.50",
    lambda r: f"payment authorized order={order_no(r)} auth_code={digits(r, 6)}",
    lambda r: f"user {safe_digits(r, 7)} logged in from {ipv4(r)}",
    lambda r: f"retrying webhook attempt={r.randint(1, 5)} delivery_id={a_uuid(r)}",
    lambda r: f"cache hit key=sha1:{hashlib.sha1(r.randbytes(8)).hexdigest()}",
    lambda r: f"device registered imei={imei(r)} fw={version(r)}",
    lambda r: f"refund queued iban={iban(r, 'EE', False)} amount={r.randint(1, 500)}.00",
    lambda r: f"card tokenized last4={digits(r, 4)} masked={masked_pan(r)} token=tok_{b64(r, 9)}",
    lambda r: "cvv_check=pass avs=Y pin_verified=true tries=1",
    lambda r: f"shipping_cost={r.randint(100, 999)} pinned=true",
    lambda r: f"trace_id={hexs(r, 32)} span_id={hexs(r, 16)} dd.trace_id={safe_digits(r, 19)}",
    lambda r: f"processed batch {r.randint(1, 12)}/{r.randint(20, 40)} in {r.randint(10, 999)}ms",
    lambda r: f"ts_us={epoch_us(r)} gc pause {r.randint(1, 80)}ms",
    lambda r: f"settlement ref {reference(r)} ok",
    lambda r: (
        f'session={b64(r, 18)} ua="Mozilla/5.0 (X11; Linux x86_64) Firefox/{r.randint(100, 130)}.0"'
    ),
    lambda r: "PIN reset email sent to customer",
)


def _plain_leak(rng: random.Random, pan: str) -> Pieces:
    p = span("pan", render_pan(rng, pan, rng.choice(("", "", " ", "-"))))
    match rng.randrange(4):
        case 0:
            exp = fill(" exp={e}", e=span("expiry", expiry(rng))) if rng.random() < 0.4 else []
            tpl = "charge failed pan={p}{exp} reason=do_not_honor order={o}"
            return fill(tpl, p=p, exp=exp, o=order_no(rng))
        case 1:
            return fill("validation error: card_number='{p}' rejected", p=p)
        case 2:
            cvv = fill("&cvv={v}", v=_cvv(rng, pan)) if rng.random() < 0.3 else []
            url = span("pan", render_pan(rng, pan, rng.choice(("+", "%20", ""))))
            tpl = '{ip} "GET /api/v1/pay?order={o}&card={p}{cvv} HTTP/1.1" 200 {n}'
            return fill(tpl, ip=ipv4(rng), o=safe_digits(rng, 7), p=url, cvv=cvv, n=digits(rng, 4))
        case _:
            return fill("retrying payment for card {p} attempt={n}", p=p, n=str(rng.randint(1, 5)))


def app_log(rng: random.Random) -> Pieces:
    svc = rng.choice(("checkout", "payments-api", "billing", "gateway", "orders"))
    as_json, leak_p = rng.random() < 0.45, rng.choice((0.0, 0.05, 0.15, 0.3))
    out: Pieces = []
    for _ in range(rng.randint(6, 30)):
        ts, lvl = iso_ts(rng), rng.choice(("INFO", "INFO", "DEBUG", "WARN", "ERROR"))
        rid = rng.choice((a_uuid(rng), "req-" + hexs(rng, 8)))
        pan = random_pan(rng) if rng.random() < leak_p else ""
        if as_json:
            pairs: list[tuple[str, JsonValue]] = [
                ("ts", rng.choice((ts, int(epoch_ms(rng))))),
                ("level", lvl.lower()),
                ("svc", svc),
                ("request_id", rid),
            ]
            pairs += [
                (k, _JSON_FIELDS[k](rng))
                for k in rng.sample(sorted(_JSON_FIELDS), rng.randint(2, 6))
            ]
            if pan:
                key = rng.choice(("card", "card_number", "pan", "cardNumber", "number"))
                sep = rng.choice(("", "", " ", "-"))
                leaked: list[tuple[str, JsonValue]] = [
                    (key, span("pan", render_pan(rng, pan, sep)))
                ]
                if rng.random() < 0.2:
                    leaked.append((rng.choice(("cvv", "cvc", "cvv2")), _cvv(rng, pan)))
                if rng.random() < 0.35:
                    leaked.append(
                        (rng.choice(("exp", "expiry", "exp_date")), span("expiry", expiry(rng)))
                    )
                at = rng.randint(2, len(pairs))
                pairs[at:at] = leaked
            elif rng.random() < 0.02:
                pairs.append(("pin", span("pin", digits(rng, 4))))
            out += _json(pairs, compact=rng.random() < 0.5)
        else:
            heads = (f"{ts} {lvl:5} [{svc}] [{rid}] ", f"{epoch_ms(rng)} {lvl} {svc} ",
                     f"{ts[:10]} {ts[11:19]},{ts[20:23]} {lvl} ")  # fmt: skip
            out.append((rng.choice(heads), "="))
            out += _plain_leak(rng, pan) if pan else [(rng.choice(_PLAIN_LINES)(rng), "=")]
        out.append(("\n", "="))
    return out


# --------------------------------------------------------------------------- terminal

_TLV_NOISE = (
    ("4F", "A0000000031010"), ("4F", "A0000000041010"), ("50", "4D415354455243415244"),
    ("82", "1980"), ("95", "0000008000"), ("9C", "00"), ("5F2A", "0978"), ("9F1A", "0233"),
    ("9F27", "80"), ("9F33", "E0F8C8"), ("9F34", "1E0300"), ("5F34", "01"),
)  # fmt: skip
_CVM_LINES = ("PIN entered (online)", "CVM: no CVM required", "PIN verification OK", "PINPAD ready")


def _emv_dump(rng: random.Random, pan: str, lower: bool) -> Pieces:
    """A TLV dump with tag 57 and/or 5A: one hex string, one tag per line, or spaced."""
    ed, svc = yymm(rng), rng.choice(("201", "221", "101", "601"))
    room = 38 - len(pan) - 8  # tag 57 holds at most 19 bytes
    t2 = f"{pan}D{ed}{svc}{digits(rng, rng.randint(max(0, room - 8), room))}"
    items = [(t, v, "") for t, v in rng.sample(_TLV_NOISE, 5)]
    items += [
        ("9F02", f"{rng.randint(1, 99999):012d}", ""),
        ("9F26", hexs(rng, 16, True), ""),
        ("9F36", hexs(rng, 4, True), ""),
        ("5F24", ed + rng.choice(("28", "30", "31")), ""),  # expiry YYMMDD, never labelled
    ]
    which = rng.choice(("57", "5A", "both", "both"))
    if which != "5A":
        items.append(("57", t2 + "F" * (len(t2) % 2), "track2"))
    if which != "57":
        items.append(("5A", pan + "F" * (len(pan) % 2), "pan"))
    rng.shuffle(items)
    layout = rng.randrange(3)
    head, end = (("{t}{n}", ""), ("  {t} {n} ", "\n"), ("{t} {n} ", " "))[layout]
    case = str.lower if lower else str
    intro = rng.choice(("EMV TLV: ", "ICC data=", "DE55 ", "chip data: "))
    out: Pieces = [("EMV tags:\n" if layout == 1 else intro, "=")]
    for tag, value, kind in items:
        cut = len(pan) if kind == "pan" else len(value) if kind else 0
        out += [
            (case(head.format(t=tag, n=f"{len(value) // 2:02X}")), "="),
            (case(value[:cut]), kind or "="),
            (case(value[cut:]) + end, "="),
        ]
    return [p for p in out if p[0]]


def _swipe(rng: random.Random, pan: str, stamp: str) -> Pieces:
    name = rng.choice(TRACK_NAMES)
    name = name.ljust(26) if rng.random() < 0.3 else name
    ed, svc = yymm(rng), rng.choice(("101", "201", "120"))
    t1 = f"B{pan}^{name}^{ed}{svc}{digits(rng, rng.randint(8, 20))}"
    t2 = f"{pan}={ed}{svc}{digits(rng, rng.randint(3, 37 - len(pan) - 8))}"
    out: Pieces = []
    if rng.random() < 0.8:
        t1 = f"%{t1}?" if rng.random() < 0.7 else t1
        key = rng.choice(("MSR track1: ", "T1=", "track1="))
        out += [(stamp + key, "="), *span("track1", t1), ("\n", "=")]
    t2 = f";{t2}?" if rng.random() < 0.7 else t2
    key = rng.choice(("MSR track2: ", "T2=", "track2="))
    return [*out, (stamp + key, "="), *span("track2", t2), ("\n", "=")]


def terminal_log(rng: random.Random) -> Pieces:
    ids = (
        f"TID={safe_digits(rng, 8)} MID=0{safe_digits(rng, 14)} fw {version(rng)} IMEI {imei(rng)}"
    )
    out: Pieces = [(f"# POS terminal {ids}\n", "=")]
    lower = rng.random() < 0.1
    for _ in range(rng.randint(1, 4)):
        stamp = f"{iso_ts(rng)[:19].replace('T', ' ')} [POS-{rng.randint(1, 9):02d}] "
        amt = f"{rng.randint(1, 300)}.{rng.randint(0, 99):02d}"
        out.append((f"{stamp}TXN START stan={digits(rng, 6)} amount={amt} EUR\n", "="))
        pan = random_pan(rng)
        mode = rng.choice(("swipe", "chip", "chip", "contactless", "masked"))
        if mode == "swipe":
            out += _swipe(rng, pan, stamp)
        elif mode == "masked":
            t2 = f"{pan[:6]}******{pan[-4:]}D{yymm(rng)}*******"
            out.append((f"{stamp}CARD READ PAN={masked_pan(rng)} track2={t2}\n", "="))
        else:
            out.append((f"{stamp}CARD READ mode={mode.upper()}\n{stamp}", "="))
            out += [*_emv_dump(rng, pan, lower), ("\n", "=")]
        if rng.random() < 0.35:
            key = rng.choice(("PIN block: ", "PINBLOCK=", "pin_block="))
            out += [(stamp + key, "="), *span("pin", hexs(rng, 16, True)), ("\n", "=")]
        elif rng.random() < 0.05:
            out += [(stamp + "DEBUG keypad pin=", "="), *span("pin", digits(rng, 4)), ("\n", "=")]
        else:
            out.append((stamp + rng.choice(_CVM_LINES) + "\n", "="))
        auth = f"auth={digits(rng, 6)} rrn={safe_digits(rng, 12)} battery {rng.randint(10, 99)}%"
        out.append(
            (f"{stamp}ARQC={hexs(rng, 16, True)} TVR=0000008000 ATC={hexs(rng, 4, True)}\n", "=")
        )
        out.append((f"{stamp}AUTH RESP code=00 {auth}\n", "="))
    return out


# --------------------------------------------------------------------------- csv, code

_CSV_CELLS: dict[str, Callable[[random.Random, str], str]] = {
    "created_at": lambda r, _: iso_ts(r)[:19].replace("T", " "),
    "customer": lambda r, lang: r.choice(NAMES[lang]),
    "email": lambda r, _: f"user{r.randint(1, 999)}@example.com",
    "amount": lambda r, _: f"{r.randint(1, 999)}.{r.randint(0, 99):02d}",
    "currency": lambda r, _: "EUR",
    "status": lambda r, _: r.choice(("paid", "failed", "refunded")),
    "phone": phone,
    "iban": lambda r, lang: iban(r, IBAN_CC[lang], False),
    "imei": lambda r, _: imei(r),
    "ip": lambda r, _: ipv4(r),
    "order_id": lambda r, _: safe_digits(r, 9),
    "uuid": lambda r, _: a_uuid(r),
    "ts_ms": lambda r, _: epoch_ms(r),
}


def csv_export(rng: random.Random) -> Pieces:
    delim = rng.choice((",", ";", "\t", "|"))
    mode = rng.choice(("masked", "full", "mixed", "none"))
    card_cols = [] if mode == "none" else ["card", "exp"] if rng.random() < 0.6 else ["card"]
    cols = ["id", "created_at", "customer", "email", *card_cols, "amount", "currency", "status"]
    cols += rng.sample(
        ["phone", "iban", "imei", "ip", "order_id", "uuid", "ts_ms"], rng.randint(1, 3)
    )
    out: Pieces = [(delim.join(cols) + "\n", "=")]
    for i in range(rng.randint(4, 25)):
        lang = rng.choice(list(LANG))
        full = mode == "full" or (mode == "mixed" and rng.random() < 0.3)
        for j, col in enumerate(cols):
            out += [(delim, "=")] if j else []
            if col == "card":
                pan = render_pan(rng, random_pan(rng), rng.choice(("", "", " ")))
                out += span("pan", pan) if full else [(masked_pan(rng), "=")]
            elif col == "exp":
                out += [(expiry(rng), "expiry" if full else "=")]
            else:
                v = str(1000 + i) if col == "id" else _CSV_CELLS[col](rng, lang)
                out.append((f'"{v}"' if delim in v or rng.random() < 0.1 else v, "="))
        out.append(("\n", "="))
    return out


_CODE_SLOTS: dict[str, Callable[[random.Random], Pieces | str]] = {
    "pan": lambda r: span("pan", render_pan(r, random_pan(r), r.choice(("", "", " ")))),
    "panormask": lambda r: _CODE_SLOTS["pan"](r) if r.random() < 0.7 else masked_pan(r),
    "exp": lambda r: span("expiry", expiry(r)),
    "cvc": lambda r: span("cvv", digits(r, 3)),
    "masked": masked_pan,
    "plainexp": expiry,
    "ms": epoch_ms,
    "uuid": a_uuid,
    "hash": a_hash,
    "imei": imei,
    "ver": version,
    "ip": ipv4,
    "iban": lambda r: iban(r, "EE", False),
    "id": lambda r: safe_digits(r, 8),
    "blob": lambda r: b64(r, 32),
    "hex": lambda r: hexs(r, 64, True),
    "giftcard": no_iin_number,
    "n": lambda r: str(r.randint(1, 9999)),
    "brand": lambda r: r.choice(("Visa", "Mastercard", "Amex", "Maestro", "UnionPay", "Mir")),
    "holder": lambda r: r.choice(TRACK_NAMES).replace("/", " "),
    "date": lambda r: iso_ts(r)[:10],
}
# Templates; a slot's name minus trailing digits picks its generator in _CODE_SLOTS.
_CODE = (
    '"""Checkout tests."""\nimport pytest\n\nSEED = {ms}\nREQUEST_ID = "{uuid}"\n'
    'IMEI_FIXTURE = "{imei}"\n\nSTRIPE_CARDS = {{\n    "visa": "{pan1}",\n    "mc": "{pan2}",\n}}\n'
    "\n\n"
    'def test_charge(client):\n    resp = client.post(\n        "/charge",\n'
    '        json={{"number": "{pan3}", "exp": "{exp}", "cvc": "{cvc}", "amount": {n}}},\n    )\n'
    "    assert resp.status_code == 201\n",
    '"""Utils."""\nSEED = {ms}\nCHECKSUM = "{hash}"\nIMEI_FIXTURE = "{imei}"\nIBAN = "{iban}"\n'
    "MAX_UPLOAD = 10485760\n\n\ndef masked(n: str) -> str:\n"
    '    return n[:6] + "*" * 6 + n[-4:]  # e.g. {masked}\n',
    "payment:\n  gateway: adyen\n  timeout_ms: 30000\n  retries: 3\n  test_card: {panormask}\n"
    "  merchant_account: Shop{id}\n  webhook_hmac: {hex}\n  terminal_imei: {imei}\n"
    "  version: {ver}\n",
    'public final class TestData {{\n    public static final String TEST_PAN = "{pan}";\n'
    "    public static final long CREATED = {ms}L;\n"
    '    public static final String TRACE = "{uuid}";\n'
    "    // gift card fixture, not a payment card: {giftcard}\n}}\n",
    "-- fixtures for staging only\nINSERT INTO cards (id, pan, exp, holder) VALUES\n"
    "(1, '{pan1}', '{exp1}', '{holder1}'),\n(2, '{pan2}', '{exp2}', '{holder2}');\n",
    "// checkout.test.js\nconst card = {{ number: '{pan}', cvc: '{cvc}', expiry: '{exp}' }};\n"
    "const orderId = {id};\nconst integrity = 'sha256-{blob}';\n"
    "test('pays', async () => {{ expect(await pay(card, {n})).toBe(true); }});\n",
    "# .env.example\nDATABASE_URL=postgres://app:secret@{ip}:5432/app\nAPI_VERSION={ver}\n"
    "SENTRY_RELEASE={hash}\nTEST_CARD={panormask}\n",
    'package pay\n\nimport "testing"\n\n// build {hash}\nfunc TestAuthorize(t *testing.T) {{\n'
    "\tcases := []struct {{\n\t\tpan, exp string\n\t\tamount   int64\n\t}}{{\n"
    '\t\t{{"{pan}", "{exp}", 1250}},\n\t\t{{"{masked}", "{plainexp}", {ms}}},\n'
    "\t}}\n\t_ = cases\n}}\n",
    "## Test cards (sandbox v{ver})\n\n"
    "Use any future expiry date and any CVC. Never use real cards.\n\n"
    "| brand | number | result |\n|---|---|---|\n| {brand1} | {panormask1} | approved |\n"
    "| {brand2} | {panormask2} | declined |\n| {brand3} | {panormask3} | 3DS |\n\n"
    "Last updated {date}, ticket PAY-{n}.\n",
)


def source_code(rng: random.Random) -> Pieces:
    tpl = rng.choice(_CODE)
    names = dict.fromkeys(m.group(1) for m in _SLOT.finditer(tpl))
    return fill(tpl, **{k: _CODE_SLOTS[k.rstrip("0123456789")](rng) for k in names})


# --------------------------------------------------------------------------- corpus


def _ticket_in(lang: str) -> Callable[[random.Random], Pieces]:
    return lambda rng: ticket(rng, lang)


CATEGORIES: dict[str, tuple[float, Callable[[random.Random], Pieces]]] = {
    **{f"ticket_{lang}": (7.0, _ticket_in(lang)) for lang in LANG},
    "applog": (15.0, app_log),
    "terminal": (15.0, terminal_log),
    "csv": (10.0, csv_export),
    "code": (10.0, source_code),
}

# Generator-side context words: only used to keep negatives away from them (see problems()).
_CTX_SECRET = re.compile(
    r"\b(?:cvv2?|cvc2?|cid|security code|\w*kood\w*|kartenprüfnummer|prüf\w+|sicherheitscode"
    r"|код\w*|пин\w*|pin(?:block|[-_ ](?:\w*kood\w*|code|kods|kodas|block))?|drošības kods"
    r"|saugos kodas|geheimzahl|tunnusluku)\b",
    re.IGNORECASE,
)
_CTX_EXPIRY = re.compile(
    r"\b(?:exp\w*|valid|kehtiv\w*|aegub|gültig|ablaufdatum|läuft|voimassa\w*|срок|действительн\w*"
    r"|derīg\w*|galio\w*)\b",
    re.IGNORECASE,
)
_DATEISH = re.compile(r"(?<![\d/.\-:])(?:0?[1-9]|1[0-2])[/\-](?:\d{2}|\d{4})(?![\d/.\-:])")
_RUN = re.compile(r"(?<![0-9A-Za-z+])\d{12,19}(?![0-9A-Za-z])")
_SEP = r"[ \-.\u00a0]"
_GROUPED = re.compile(
    rf"(?<![0-9A-Za-z+])(?<!\d{_SEP})\d{{4}}(?:{_SEP}\d{{1,6}}){{2,4}}(?![0-9A-Za-z])(?!{_SEP}\d)"
)
_DIGIT = re.compile(r"\d")
_NUM = re.compile(r"(?<![0-9A-Za-z])\d{3,12}(?![0-9A-Za-z])")


def problems(text: str, truth: Sequence[Span]) -> list[str]:
    """Reasons the truth might be disputable; the generator retries until there are none."""
    out: list[str] = []
    covered = [(s.start, s.end) for s in truth]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in covered)

    spans = sorted(truth, key=lambda s: s.start)
    out += [f"overlap {a} {b}" for a, b in itertools.pairwise(spans) if b.start < a.end]
    for m in (*_RUN.finditer(text), *_GROUPED.finditer(text)):
        d = re.sub(r"\D", "", m.group())
        if free(m.start(), m.end()) and 12 <= len(d) <= 19 and maybe_card(d):
            out.append(f"unlabelled card-like {m.group()!r}")
    pan_ends = [s.end for s in truth if s.kind == "pan"]
    for m in _DATEISH.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if any(
            0 <= m.start() - e <= 25 and not _DIGIT.search(text, e, m.start()) for e in pan_ends
        ):
            out.append(f"unlabelled date after PAN {m.group()!r}")
        if _CTX_EXPIRY.search(text, max(0, m.start() - 25), m.start()):
            out.append(f"unlabelled date after expiry word {m.group()!r}")
    secret_ends = sorted(s.end for s in truth if s.kind in ("cvv", "pin"))
    for m in _CTX_SECRET.finditer(text):
        # the window ends at the line end or at the value the context word labels
        stop = min([m.end() + 30, *(e for e in secret_ends if e > m.end())][:2])
        eol = text.find("\n", m.end())
        for n in _NUM.finditer(text, m.end(), min(stop, eol if eol >= 0 else len(text))):
            if free(n.start(), n.end()):
                out.append(f"number {n.group()!r} near {m.group()!r}")
    return out


def _doc(seed: int, i: int) -> Doc:
    rng = random.Random(f"pansafe-corpus:{seed}:{i}")
    names = list(CATEGORIES)
    category = rng.choices(names, weights=[CATEGORIES[c][0] for c in names])[0]
    for _ in range(200):
        pieces = CATEGORIES[category][1](rng)
        ticket_like = category.startswith("ticket")
        case = rng.choices(("", "lower", "upper"), weights=(90, 8, 2))[0] if ticket_like else ""
        text, truth = assemble(pieces, rng, typos=0.03 if ticket_like else 0.0, case=case)
        if not problems(text, truth):
            return Doc(f"{seed}-{i:06d}", category, text, truth)
    raise RuntimeError(f"could not generate a consistent document {seed}-{i}")


def generate(seed: int, n_docs: int) -> list[Doc]:
    """``n_docs`` documents; document *i* depends only on ``seed`` and *i*."""
    return [_doc(seed, i) for i in range(n_docs)]


def write(path: str | Path, docs: Iterable[Doc]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            rec = {
                "doc_id": d.doc_id,
                "category": d.category,
                "text": d.text,
                "truth": [list(s) for s in d.truth],
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def load(path: str | Path) -> list[Doc]:
    with open(path, encoding="utf-8") as f:
        return [
            Doc(
                r["doc_id"],
                r["category"],
                r["text"],
                tuple(Span(k, a, b) for k, a, b in r["truth"]),
            )
            for r in map(json.loads, f)
        ]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    docs = generate(args.seed, args.docs)
    write(args.out, docs)
    cats = Counter(d.category for d in docs)
    kinds = Counter(s.kind for d in docs for s in d.truth)
    size = sum(len(d.text) for d in docs)
    print(f"{len(docs)} docs, {size:,} chars -> {args.out}")
    print("categories: " + ", ".join(f"{c}={n}" for c, n in sorted(cats.items())))
    print("spans: " + ", ".join(f"{k}={kinds[k]}" for k in KINDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
