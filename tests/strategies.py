"""Hypothesis strategies for card data, the text around it, and what only looks like it.

Nothing here imports pansafe: card numbers are built from published IIN prefixes
with our own Luhn completion, so a bug in the library cannot shape its test data.

* ``pans`` / ``written_pans``: valid PANs per brand and length, written contiguous
  or in card groupings (4-4-4-4, 4-4-4-4-3, 4-6-5, ...) with every separator spelling.
* ``placed_pans``: a written PAN inside multilingual noise, with its exact offsets.
* ``soup``: adversarial bytes from the alphabet the detectors care about.
* ``track1s``, ``track2s``, ``emv57s``, ``emv5as``: track and EMV tag builders that
  also produce near misses (bad Luhn, lengths just outside the limits).
* ``context_bytes``: context words (given by the test), inflected, glued, in mixed
  case and scripts, with the code points the fold treats specially and invalid UTF-8.
* ``hard_negatives``: IMEIs, IBANs, UUIDs, timestamps, hashes, base64, long
  references and table rows, phone numbers and masked PANs.
"""

from __future__ import annotations

import base64
import string
from dataclasses import dataclass

from hypothesis import strategies as st

__all__ = [
    "BRANDS",
    "BYTE_SEPARATORS",
    "SEPARATORS",
    "Brand",
    "PlacedPan",
    "WrittenPan",
    "cards_in_bytes",
    "context_bytes",
    "emv5as",
    "emv57s",
    "groupings",
    "hard_negatives",
    "luhn_complete",
    "noise",
    "pans",
    "placed_pans",
    "soup",
    "track1s",
    "track2s",
    "write_pan",
    "written_pans",
]


# --------------------------------------------------------------------------- Luhn


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` pass the Luhn check."""
    total = 0
    # With the check digit appended, the last digit of ``partial`` is doubled.
    for offset, ch in enumerate(reversed(partial)):
        d = int(ch)
        if offset % 2 == 0:
            d = d * 2
            if d > 9:
                d = d - 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_complete(partial: str) -> str:
    return partial + luhn_check_digit(partial)


def luhn_break(number: str) -> str:
    """The same number with a wrong check digit."""
    last = int(number[-1])
    return number[:-1] + str((last + 1 + (last % 3)) % 10)


# --------------------------------------------------------------------------- brands


@dataclass(frozen=True)
class Brand:
    """Prefixes a brand issues from and the lengths it issues.

    Prefixes are restricted to sub-ranges that no other brand claims with a
    longer IIN (no Elo 401178, no LankaPay 357111, no Discover 622126...), so the
    brand of a generated number is not in doubt.
    """

    name: str
    prefixes: tuple[str, ...]
    lengths: tuple[int, ...]


BRANDS: dict[str, Brand] = {
    b.name: b
    for b in (
        Brand("visa", ("41", "42", "44", "46", "48", "49"), (13, 16, 19)),
        Brand(
            "mastercard",
            ("51", "53", "54", "55", *(str(p) for p in range(2221, 2721))),
            (16,),
        ),
        Brand("amex", ("34", "37"), (15,)),
        Brand(
            "discover", ("6011", "652", "653", "654", "656", "657", "658", "659"), (16, 17, 18, 19)
        ),
        Brand("jcb", tuple(str(p) for p in range(3528, 3590) if p != 3571), (16, 17, 18, 19)),
        Brand("diners", ("36",), (14,)),
        Brand(
            "unionpay", ("620", "621", "623", "624", "625", "626", "628", "629"), (16, 17, 18, 19)
        ),
        Brand("maestro", ("6759", "5018"), tuple(range(12, 20))),
        Brand("mir", ("2200", "2201", "2202", "2203", "2204"), (16, 17, 18, 19)),
    )
}

#: Every (brand, length) pair the strategies produce.
BRAND_LENGTHS: tuple[tuple[str, int], ...] = tuple(
    (b.name, n) for b in BRANDS.values() for n in b.lengths
)


def make_pan(prefix: str, length: int, body: str) -> str:
    """``prefix`` + digits of ``body`` (repeated as needed) + check digit, ``length`` long."""
    fill = (body or "0") * length
    return luhn_complete((prefix + fill)[: length - 1])


@st.composite
def pans(draw: st.DrawFn, brand: str | None = None, length: int | None = None) -> tuple[str, str]:
    """``(brand, digits)``: a Luhn-valid PAN of that brand and length (random if None)."""
    if brand is None and length is None:
        brand, length = draw(st.sampled_from(BRAND_LENGTHS))
    if brand is None:
        brand = draw(st.sampled_from([b for b, n in BRAND_LENGTHS if n == length]))
    spec = BRANDS[brand]
    if length is None:
        length = draw(st.sampled_from(spec.lengths))
    prefix = draw(st.sampled_from(spec.prefixes))
    body = draw(st.text(string.digits, min_size=length, max_size=length))
    return brand, make_pan(prefix, length, body)


# --------------------------------------------------------------------------- writing PANs

#: Separator spellings by type (docs/detection.md, "PAN candidates"), as text.
SEPARATORS: dict[str, tuple[str, ...]] = {
    "space": (" ",),
    "no-break space": ("\u00a0", "\u202f", "\u2009"),
    "URL space": ("%20",),
    "form space": ("+",),
    "dash": ("-",),
    "dot": (".",),
}
#: The same as UTF-8 bytes, plus the lone ``A0`` byte of Latin-1 / cp1252 text.
BYTE_SEPARATORS: dict[str, tuple[bytes, ...]] = {
    kind: tuple(s.encode() for s in spellings) + ((b"\xa0",) if kind == "no-break space" else ())
    for kind, spellings in SEPARATORS.items()
}
ALL_BYTE_SEPARATORS: tuple[bytes, ...] = tuple(s for v in BYTE_SEPARATORS.values() for s in v)


def groupings(length: int) -> list[tuple[int, ...]]:
    """Every way the spec lets a PAN of ``length`` digits be written."""
    found: list[tuple[int, ...]] = [(length,)]
    fours = 3
    while 4 * fours <= length:
        rest = length - 4 * fours
        if rest == 0:
            found.append((4,) * fours)
        elif rest <= 4:
            found.append((4,) * fours + (rest,))
        fours += 1
    if length == 14:
        found.append((4, 6, 4))
    if length == 15:
        found.append((4, 6, 5))
    return sorted(set(found))


def write_pan(digits: str, sizes: tuple[int, ...], seps: list[str]) -> str:
    """``digits`` cut into groups of ``sizes`` joined by ``seps`` (one per link)."""
    parts = []
    pos = 0
    for index, size in enumerate(sizes):
        if index:
            parts.append(seps[index - 1])
        parts.append(digits[pos : pos + size])
        pos += size
    return "".join(parts)


@dataclass(frozen=True)
class WrittenPan:
    brand: str
    digits: str
    sizes: tuple[int, ...]
    separator: str | None  # the separator type, None when contiguous
    text: str  # str, or bytes decoded as Latin-1 when written for bytes (see .raw)
    raw: bytes


@st.composite
def written_pans(
    draw: st.DrawFn,
    brand: str | None = None,
    length: int | None = None,
    separator: str | None = None,
    as_bytes: bool = False,
) -> WrittenPan:
    """A valid PAN written as people write it: contiguous or grouped with one
    separator type (spellings of that type may be mixed: ``C2 A0`` next to ``A0``)."""
    brand, digits = draw(pans(brand, length))
    if separator is None:
        sizes = draw(st.sampled_from(groupings(len(digits))))
        kind = draw(st.sampled_from(sorted(SEPARATORS))) if len(sizes) > 1 else None
    else:
        sizes = draw(st.sampled_from([g for g in groupings(len(digits)) if len(g) > 1]))
        kind = separator
    links = len(sizes) - 1
    if as_bytes:
        bseps = [draw(st.sampled_from(BYTE_SEPARATORS[kind])) for _ in range(links)] if kind else []
        raw = write_pan(digits, sizes, [s.decode("latin-1") for s in bseps]).encode("latin-1")
        return WrittenPan(brand, digits, sizes, kind, raw.decode("latin-1"), raw)
    seps = [draw(st.sampled_from(SEPARATORS[kind])) for _ in range(links)] if kind else []
    text = write_pan(digits, sizes, seps)
    return WrittenPan(brand, digits, sizes, kind, text, text.encode("utf-8"))


# --------------------------------------------------------------------------- noise

#: Words in several scripts that are no context word in any bundled language
#: (no "card", "tel", "order", "pin", "exp", ...), so they change no verdict.
NOISE_WORDS = (
    "hello",
    "world",
    "thanks",
    "see",
    "below",
    "ok",
    "Tere",
    "päeva",
    "Grüße",
    "über",
    "привет",
    "мир",
    "naïve",
    "café",
    "données",
    "Ünïcödé",
    "žmogus",
    "dzień",
    "olá",
    "日本語",
    "😀",
    "—",
    "…",
)
NOISE_PUNCT = (
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    ",",
    ";",
    ":",
    "!",
    "?",
    "(",
    ")",
    '"',
    "'",
    "/",
    "#",
    "*",
    "&",
    "@",
    "<",
    ">",
    "[",
    "]",
    "{",
    "}",
    "|",
    "~",
    "\u00a0",
    "-",
    ".",
    "+",
)
#: Unicode without letters (which could spell a context word) and without digits.
_SAFE_UNICODE = st.characters(
    exclude_categories=("Lu", "Ll", "Lt", "Lm", "Nd", "Cs"), exclude_characters="_"
)


def noise() -> st.SearchStrategy[str]:
    """Digit-free text: words, punctuation, line breaks and arbitrary unicode."""
    token = st.one_of(
        st.sampled_from(NOISE_WORDS),
        st.sampled_from(NOISE_PUNCT),
        st.text(_SAFE_UNICODE, min_size=1, max_size=4),
    )
    return st.lists(token, max_size=12).map("".join)


#: What may stand right before / after a PAN without gluing it to anything.
LEFT_BOUNDARIES = (" ", "\n", "\t", ": ", "(", '"', "[", "#", "/", "*", "—", "\u00a0", "=", "<")
RIGHT_BOUNDARIES = (" ", "\n", ", ", ". ", ")", "!", '"', ";", "?", "\u00a0", ".\n", "<", "/")


@dataclass(frozen=True)
class PlacedPan:
    brand: str
    digits: str
    written: WrittenPan
    data: str | bytes
    start: int  # characters for str, bytes for bytes
    end: int


@st.composite
def placed_pans(
    draw: st.DrawFn,
    brand: str | None = None,
    length: int | None = None,
    separator: str | None = None,
    as_bytes: bool = False,
) -> PlacedPan:
    """A written PAN between clean boundaries inside noise, with its exact offsets.

    For ``str`` the noise is free to hold non-ASCII text, so character and byte
    offsets differ; for bytes the noise may also hold Latin-1 and invalid UTF-8.
    """
    pan = draw(written_pans(brand, length, separator, as_bytes))
    before = draw(noise()) + draw(st.sampled_from(LEFT_BOUNDARIES))
    after = ""
    if draw(st.booleans()):
        after = draw(st.sampled_from(RIGHT_BOUNDARIES)) + draw(noise())
    if not as_bytes:
        data = before + pan.text + after
        return PlacedPan(pan.brand, pan.digits, pan, data, len(before), len(before) + len(pan.text))
    junk = st.sampled_from((b"", b"\xe9t\xe9 ", b"\xff\xfe ", b"\x00 ", b"\xc3 ", b"\x80 "))
    head = draw(junk) + before.encode("utf-8")
    tail = after.encode("utf-8") + (draw(junk) if after else b"")
    raw = head + pan.raw + tail
    return PlacedPan(pan.brand, pan.digits, pan, raw, len(head), len(head) + len(pan.raw))


# --------------------------------------------------------------------------- tracks and tags

_NAME_CHARS = st.sampled_from(
    [*string.ascii_uppercase, "/", " ", ".", "-", "'", "ü", "^", "\n", "\x00", "1"]
)


@st.composite
def _maybe_bad_pan(draw: st.DrawFn) -> str:
    """Mostly valid PANs; sometimes a bad check digit or a length just outside 12-19."""
    _, digits = draw(pans())
    roll = draw(st.integers(0, 9))
    if roll == 0:
        return luhn_break(digits)
    if roll == 1:
        return luhn_complete(digits[: draw(st.sampled_from([10, 11, 19, 20]))])
    return digits


@st.composite
def track1s(draw: st.DrawFn) -> bytes:
    """``%B PAN ^ NAME ^ YYMM SVC DISCRETIONARY ?`` with every part sometimes off."""
    pan = draw(_maybe_bad_pan())
    name_len = draw(st.sampled_from([0, 1, 2, 3, 10, 25, 26, 27, 30]))
    name = "".join(draw(st.lists(_NAME_CHARS, min_size=name_len, max_size=name_len))) or ""
    if draw(st.integers(0, 3)):  # mostly a well-formed name
        name = name.replace("^", "A").replace("\n", " ").replace("\x00", "B")
    expiry = draw(st.sampled_from(["2512", "^", "251", "0000"]))
    service = draw(st.sampled_from(["101", "^", "10", "201"]))
    disc_len = draw(st.sampled_from([0, 1, 3, 13, 20, 40, 60, 61]))
    disc = "".join(
        draw(st.lists(st.sampled_from("0123456789 "), min_size=disc_len, max_size=disc_len))
    )
    text = (
        draw(st.sampled_from(["%", ""]))
        + "B"
        + pan
        + "^"
        + name
        + "^"
        + expiry
        + service
        + disc
        + draw(st.sampled_from(["?", "", "?;"]))
    )
    return text.encode("utf-8")


@st.composite
def track2s(draw: st.DrawFn) -> bytes:
    """``;PAN=YYMMSVC DISCRETIONARY?`` near its 40-character limit."""
    pan = draw(_maybe_bad_pan())
    fixed = draw(st.sampled_from(["2512101", "251210", "2512101"]))
    more = draw(st.text(string.digits, max_size=draw(st.sampled_from([0, 5, 13, 18, 25, 31]))))
    return (
        draw(st.sampled_from([";", ""]))
        + pan
        + draw(st.sampled_from(["=", "=", "D"]))
        + fixed
        + more
        + draw(st.sampled_from(["?", ""]))
    ).encode("ascii")


_HEX_UPPER = "0123456789ABCDEF"


@st.composite
def _hex_bytes(draw: st.DrawFn, max_bytes: int = 8) -> str:
    """Some random hex-dump bytes, sometimes holding ``57`` or ``5A`` on purpose."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.text(_HEX_UPPER, min_size=2, max_size=2),
                st.sampled_from(["57", "5A", "9F", "02", "06", "0A", "13"]),
            ),
            max_size=max_bytes,
        )
    )
    return "".join(pieces)


@st.composite
def emv57s(draw: st.DrawFn) -> bytes:
    """Track 2 equivalent data: in a TLV hex dump after ``57 LL``, or standing alone."""
    pan = draw(_maybe_bad_pan())
    value = pan + draw(st.sampled_from("DDDd=")) + "2512101"
    value += draw(st.text(string.digits, max_size=draw(st.sampled_from([0, 3, 8, 16]))))
    if len(value) % 2:
        value += draw(st.sampled_from("FFFf0"))
    elif draw(st.integers(0, 4)) == 0:
        value += "F"  # a pad where none belongs
    length = len(value) // 2 + draw(st.sampled_from([0, 0, 0, -1, 1]))
    length_hex = f"{max(0, length):02X}"
    if draw(st.booleans()):
        length_hex = length_hex.lower()
    sep1 = draw(st.sampled_from(["", "", " ", ":"]))
    sep2 = draw(st.sampled_from(["", "", " ", ":"]))
    if draw(st.integers(0, 3)) == 0:  # bare value
        text = value
    else:
        text = draw(_hex_bytes()) + "57" + sep1 + length_hex + sep2 + value + draw(_hex_bytes())
    if draw(st.booleans()):
        text = text.lower()
    return text.encode("ascii")


@st.composite
def emv5as(draw: st.DrawFn) -> bytes:
    """Application PAN, tag ``5A``, in a hex dump: BCD digits with an ``F`` pad."""
    pan = draw(_maybe_bad_pan())
    value = pan + ("F" if len(pan) % 2 else "")
    if draw(st.integers(0, 5)) == 0:
        value = pan + "F" + ("F" if not len(pan) % 2 else "")
    length = len(value) // 2 + draw(st.sampled_from([0, 0, 0, -1, 1]))
    sep1 = draw(st.sampled_from(["", "", " ", ":", "  "]))
    sep2 = draw(st.sampled_from(["", "", "", " "]))
    text = draw(_hex_bytes()) + "5A" + sep1 + f"{max(0, length):02X}" + sep2 + value
    text += draw(_hex_bytes())
    if draw(st.booleans()):
        text = text.lower()
    return text.encode("ascii")


# --------------------------------------------------------------------------- hard negatives


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(string.digits, min_size=n, max_size=n)


@st.composite
def imeis(draw: st.DrawFn) -> str:
    """15-digit Luhn-valid IMEIs (TAC 35, 86, 01, 99, 44-49), labelled or not."""
    tac = draw(st.sampled_from(["35", "86", "01", "99", "44", "45", "49"]))
    imei = luhn_complete(tac + draw(_digits(12)))
    if draw(st.booleans()):
        imei = f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}"
    label = draw(st.sampled_from(["", "IMEI: ", "IMEI ", "imei=", "IMEI/SV: "]))
    return label + imei


def _make_luhn_valid(number: str) -> str:
    return luhn_complete(number[:-1])


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    """Luhn-valid epoch timestamps in ms (13 digits), µs (16) and ns (19)."""
    digits, low, high = draw(
        st.sampled_from(
            [
                (13, 15 * 10**11, 19 * 10**11),
                (16, 15 * 10**14, 19 * 10**14),
                (19, 15 * 10**17, 19 * 10**17),
            ]
        )
    )
    value = _make_luhn_valid(str(draw(st.integers(low, high - 1))))
    assert len(value) == digits
    template = draw(st.sampled_from(['{{"ts": {}}}', "time={} ", "[{}] GET /", "{}"]))
    return template.format(value)


def iban(country: str, bban: str) -> str:
    """An IBAN with correct ISO 7064 mod-97 check digits."""
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    """IBANs whose BBAN starts with a valid card number (Mir 2200... in Estonia is real),
    written grouped by four or contiguous."""
    country, size = draw(
        st.sampled_from(
            [("EE", 16), ("DE", 18), ("LT", 16), ("AT", 16), ("PL", 24), ("FI", 14), ("BE", 12)]
        )
    )
    if size >= 16:
        _, card = draw(pans(length=16))
        bban = card + draw(_digits(size - 16))
    else:
        _, card = draw(pans(length=size))
        bban = card
    code = iban(country, bban)
    if draw(st.booleans()):
        code = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    return draw(st.sampled_from(["", "IBAN ", "konto "])) + code


@st.composite
def uuids(draw: st.DrawFn) -> str:
    """UUIDs whose last group is a 12-digit Luhn-valid Maestro number."""
    _, tail = draw(pans("maestro", 12))
    hexes = st.text("0123456789abcdef", min_size=4, max_size=4)
    parts = [draw(hexes) + draw(hexes), draw(hexes), draw(hexes), draw(hexes), tail]
    text = "-".join(parts)
    return text.upper() if draw(st.booleans()) else text


@st.composite
def hashes(draw: st.DrawFn) -> str:
    """sha1 / sha256 hex digests with a Luhn-valid card number embedded between letters."""
    size = draw(st.sampled_from([40, 64]))
    _, card = draw(pans(length=16))
    hexes = draw(st.text("0123456789abcdef", min_size=size - 18, max_size=size - 18))
    cut = draw(st.integers(0, len(hexes)))
    return (
        hexes[:cut]
        + draw(st.sampled_from("abcdef"))
        + card
        + draw(st.sampled_from("abcdef"))
        + hexes[cut:]
    )


@st.composite
def base64s(draw: st.DrawFn) -> str:
    """Base64 of random bytes, sometimes with a card number inside the encoded text."""
    text = base64.b64encode(draw(st.binary(min_size=8, max_size=60))).decode("ascii")
    if draw(st.booleans()):
        _, card = draw(pans())
        cut = draw(st.integers(0, len(text)))
        text = (
            text[:cut]
            + draw(st.sampled_from("AZkq"))
            + card
            + draw(st.sampled_from("AZkq"))
            + text[cut:]
        )
    return text


@st.composite
def references(draw: st.DrawFn) -> str:
    """20-30 digit references holding a valid card number, contiguous or as a table row."""
    _, card = draw(pans(length=16))
    if draw(st.booleans()):
        before = draw(_digits(draw(st.integers(0, 14))))
        after_len = max(0, draw(st.integers(20, 30)) - 16 - len(before))
        number = before + card + draw(_digits(after_len))
        if len(number) < 20:
            number += draw(_digits(20 - len(number)))
    else:  # a row of a table of numbers: five to seven groups of four
        groups = [card[i : i + 4] for i in range(0, 16, 4)]
        extra = draw(st.integers(1, 3))
        lead = draw(st.integers(0, extra))
        groups = [draw(_digits(4)) for _ in range(lead)] + groups
        groups += [draw(_digits(4)) for _ in range(extra - lead)]
        number = draw(st.sampled_from([" ", "-", "."])).join(groups)
    return draw(st.sampled_from(["Ref: ", "reference ", "ID ", "", "ref="])) + number


@st.composite
def phones(draw: st.DrawFn) -> str:
    """Phone numbers, including a '+' glued to a card-like number."""
    kind = draw(st.integers(0, 7))
    if kind == 0:
        number = f"+372 5{draw(_digits(3))} {draw(_digits(4))}"
    elif kind == 1:
        number = f"+44 20 {draw(_digits(4))} {draw(_digits(4))}"
    elif kind == 2:
        number = f"+49 30 {draw(_digits(8))}"
    elif kind == 3:
        number = f"+1 555 {draw(_digits(3))} {draw(_digits(4))}"
    elif kind == 4:
        number = f"+7 912 {draw(_digits(3))}-{draw(_digits(2))}-{draw(_digits(2))}"
    elif kind == 5:
        number = f"+358 40 {draw(_digits(3))} {draw(_digits(4))}"
    elif kind == 6:  # '+' then a Luhn-valid card-like number
        number = "+" + draw(pans())[1]
    else:  # country code, then a card grouped like one: the run starts at the code
        digits = draw(pans(length=16))[1]
        number = f"+{draw(st.sampled_from(['1', '44', '372']))} " + " ".join(
            digits[i : i + 4] for i in range(0, 16, 4)
        )
    return draw(st.sampled_from(["", "call ", "Tel: ", "phone "])) + number


@st.composite
def masked_pans(draw: st.DrawFn) -> str:
    """PANs as receipts and logs mask them."""
    _, digits = draw(pans(length=16))
    head, tail = digits[:6], digits[-4:]
    return draw(
        st.sampled_from(
            [
                f"{head}******{tail}",
                f"{head[:4]} {head[4:]}** **** {tail}",
                f"************{tail}",
                f"{head[:4]}-XXXX-XXXX-{tail}",
                f"{head[:4]} {digits[4:8]} **** {tail}",
                f"{head}xxxxxx{tail}",
            ]
        )
    )


def hard_negatives() -> st.SearchStrategy[str]:
    """Text that holds long, often Luhn-valid, digit runs and no card number."""
    return st.one_of(
        imeis(),
        timestamps(),
        ibans(),
        uuids(),
        hashes(),
        base64s(),
        references(),
        phones(),
        masked_pans(),
    )


# --------------------------------------------------------------------------- adversarial bytes

#: The bytes the backend looks at: digits, every separator spelling, word bytes,
#: track punctuation, hex, NUL, pieces of UTF-8 and invalid UTF-8.
DANGEROUS_TOKENS: tuple[bytes, ...] = (
    *(bytes([c]) for c in b"0123456789"),
    *ALL_BYTE_SEPARATORS,
    b"%",
    b"2",
    b"0",
    b"\xc2",
    b"\xe2\x80",
    *(bytes([c]) for c in b"aZx_^=;%?BDFdfE"),
    b"5A",
    b"5a",
    b"57",
    b"08",
    b"0A",
    b"13",
    b"10",
    b"\x00",
    b"\n",
    b"\r",
    b"\xff",
    b"\x80",
    b"\xc3\xa9",
)


@st.composite
def digit_chain(draw: st.DrawFn) -> bytes:
    """Groups of card-ish sizes joined by separators, mostly of one type."""
    sizes = draw(
        st.lists(
            st.sampled_from([1, 2, 3, 4, 4, 4, 4, 5, 6, 12, 13, 15, 16, 19]), min_size=1, max_size=7
        )
    )
    kind = draw(st.sampled_from(sorted(BYTE_SEPARATORS)))
    out = b""
    for index, size in enumerate(sizes):
        if index:
            if draw(st.integers(0, 4)) == 0:
                out += draw(st.sampled_from(ALL_BYTE_SEPARATORS))
            else:
                out += draw(st.sampled_from(BYTE_SEPARATORS[kind]))
        out += draw(_digits(size)).encode()
    return out


def soup() -> st.SearchStrategy[bytes]:
    """Adversarial byte soup: dangerous tokens, digit runs, card-shaped chains, PANs."""
    token = st.one_of(
        st.sampled_from(DANGEROUS_TOKENS),
        st.text(string.digits, min_size=1, max_size=19).map(str.encode),
        digit_chain(),
        written_pans(as_bytes=True).map(lambda p: p.raw),
        st.binary(max_size=3),
    )
    return st.lists(token, max_size=30).map(b"".join)


def cards_in_bytes() -> st.SearchStrategy[bytes]:
    """Cards, tracks, tags and hard negatives glued together by noise or soup."""
    piece = st.one_of(
        written_pans(as_bytes=True).map(lambda p: p.raw),
        written_pans().map(lambda p: p.raw),
        track1s(),
        track2s(),
        emv57s(),
        emv5as(),
        hard_negatives().map(str.encode),
        noise().map(str.encode),
    )
    glue = st.one_of(
        st.sampled_from(DANGEROUS_TOKENS),
        st.sampled_from([b" ", b"\n", b", "]),
        # Long gaps and long runs of digits and spaces, for backends that look at
        # the buffer in windows around digit runs.
        st.builds(
            bytes.__mul__,
            st.sampled_from([b" ", b"x", b"1 ", b"12", b"\xc2\xa0"]),
            st.integers(40, 160),
        ),
    )
    return st.lists(st.tuples(glue, piece), max_size=6).map(
        lambda parts: b"".join(g + p for g, p in parts)
    )


# --------------------------------------------------------------------------- context words

#: Characters the context-word fold treats specially: lower case outside the fold's
#: blocks (KELVIN SIGN -> k, ANGSTROM SIGN -> å, ẞ -> ß, Σ final sigma), U+0130 (two
#: characters in lower case), pairs that cross blocks (Ÿ -> ÿ, Ӏ -> ӏ), letters and
#: digits outside the blocks (not word characters), spaces by another name,
#: combining marks, look-alike Cyrillic, and word characters that are not letters.
# fmt: off
CONTEXT_GLUE = [
    "", " ", "  ", "-", "_", "\t", "\n", "\u00a0", ".", ". ", ":", "/", "=", "2", "1234", "12/27",
    "x", "s", "i", "a", "е", "о", "р", "с", "К", "к", "ß", "\u1e9e", "\u0130", "ı", "\u212a",
    "\u212b", "ſ", "Σ", "σ", "ς", "ΑΣ", "Ÿ", "ÿ", "\u04c0", "\u04cf", "²", "½", "\u0663", "ǅ",
    "ﬀ", "\u0307", "\u0345", "Ⅻ", "\U0001f600", "中", "\u2009", "\u202f", "ü", "Ü", "õ",
    "Õ", "š", "Š", "ё", "Ё",
]
#: Bytes that are no valid UTF-8: lone continuation bytes, truncated sequences,
#: encoded surrogates, overlong forms, beyond U+10FFFF.
INVALID_UTF8 = [
    b"\x80", b"\xbf", b"\xff", b"\xc3", b"\xc0\xaf", b"\xe2\x82", b"\xed\xa0\x80",
    b"\xf0\x9f\x98", b"\xf4\x90\x80\x80", b"\xe0\x80\xaf", b"\xd0", b"\xd0\xd0\x9f",
]
# fmt: on


def _recase(draw: st.DrawFn, word: str) -> str:
    mode = draw(st.sampled_from(["same", "lower", "upper", "title", "swap", "mixed"]))
    if mode == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
        return "".join(ch.upper() if f else ch for ch, f in zip(word, flips, strict=True))
    if mode == "same":
        return word
    return str(getattr(word, {"swap": "swapcase"}.get(mode, mode))())


def context_bytes(words: list[str], max_pieces: int = 24) -> st.SearchStrategy[bytes]:
    """Adversarial text around context words: ``words`` (stems and suffixes) recased,
    cut short, glued to each other, to letters and digits and to the glue above."""

    @st.composite
    def piece(draw: st.DrawFn) -> bytes:
        choice = draw(st.integers(0, 9))
        if choice <= 4:
            word = _recase(draw, draw(st.sampled_from(words)))
            if choice == 4 and len(word) > 1:  # a word cut short, or with its end swapped
                word = word[: draw(st.integers(1, len(word) - 1))]
            return word.encode()
        if choice <= 7:
            return draw(st.sampled_from(CONTEXT_GLUE)).encode()
        if choice == 8:
            return draw(st.sampled_from(INVALID_UTF8))
        return draw(st.binary(max_size=3))

    return st.lists(piece(), max_size=max_pieces).map(b"".join)


# --------------------------------------------------------------------------- the detect step

# fmt: off
#: Context words of every kind, with the spellings and glue the value rules look at.
DETECT_WORDS = (
    "CVV", "cvv2", "CVC2:", "CID", "cid", "security code", "turvakood", "Kartenprüfnummer",
    "PIN", "PIN-kood", "pin code", "PINBLOCK=", "пин-код", "PINi",
    "exp", "Exp.", "expiry date", "valid thru", "kehtib kuni", "срок действия", "mm/yy",
    "card", "card no", "kaardi number", "Karte", "PAN",
    "IMEI", "IMEI no:", "Tel.", "tel nr", "Order #", "serial", "iban", "S/N",
)
DETECT_VALUES = (
    "123", "1234", "12345", "0123", "4821", "482193", "123456789012", "1234567890123",
    "F91957BA66FB2E9A", "f91957ba66fb2e9a", "ABCDEFABCDEFABCD", "0A1B2C3D4E5F6A7B8",
    "12/27", "1/27", "01/2027", "12 / 2027", "12-27", "12.27", "13/27", "00/27", "1227",
    "0127", "12/2027", "05/29,286.75", "11.89", "123.50", "12:30", "12/27/2024",
    "5231 47** **** 6032", "4111 XXXX", "-****", "x1234", "+372 5123 4567",
)
DETECT_GLUE = (
    " ", "  ", ": ", ":", " is ", " = ", "=", "\n", "\r\n", "\n\n", ". ", ".", ".\n", "!", "? ",
    "; ", ",", " (on the back) ", " x", "-", "/", "+", "\t", " on ", "#", "'", '"', "(",
    " nr ", " no. ", " number: ", " Nummer ", "a", "é", "\u00a0", " " * 20, " " * 40,
)
# fmt: on


def detect_bytes(max_pieces: int = 16) -> st.SearchStrategy[bytes]:
    """Context words, values of every shape, PANs, tracks and the glue between them,
    so that every rule of the detect step (gaps, sentence ends, token tails, value
    ends, not-a-card links, expiry after a PAN, overlaps) is exercised."""
    piece = st.one_of(
        st.sampled_from(DETECT_WORDS).map(str.encode),
        st.sampled_from(DETECT_VALUES).map(str.encode),
        st.sampled_from(DETECT_GLUE).map(str.encode),
        # Gaps of every width around the rules' limits (16, 20 and 32 bytes).
        st.builds(
            bytes.__mul__,
            st.sampled_from([b" ", b"-", b"\xc2\xa0", b":", b"."]),
            st.integers(1, 36),
        ),
        written_pans(as_bytes=True).map(lambda p: p.raw),
        written_pans().map(lambda p: p.raw),
        st.one_of(track1s(), track2s(), emv57s(), emv5as()),
        st.text(string.digits, min_size=1, max_size=6).map(str.encode),
        st.sampled_from(DANGEROUS_TOKENS),
        st.sampled_from(INVALID_UTF8),
    )
    return st.lists(piece, max_size=max_pieces).map(b"".join)
