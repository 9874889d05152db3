"""Card brands by issuer identification number (IIN) and PAN length.

A digit run is only worth reporting as a PAN when its leading digits fall in a
card brand's IIN range *and* its length is one that brand issues; this module is
the single place that knows those ranges.

Sources (data as of 2026-11-26):

- Wikipedia, "Payment card number", IIN table (2024-2026 revisions, read via mirrors).
- braintree/credit-card-type ``src/lib/card-types.ts`` (2026-06-30): Elo, Hiper,
  Hipercard, Naranja and the UnionPay 81 series.
- Adyen/adyen-web ``CSF/utils/cardType.ts``: Bancontact, Cabal, Naranja, and the
  start of the RuPay 81 series.

Inactive brands (Bankcard, enRoute, Laser, Solo, Switch) are left out: their
cards have expired. So are store cards and schemes that reuse other networks'
IINs (Cartes Bancaires, Visa Electron, V Pay), which are reported as the network.

Where ranges overlap, the longest prefix that also allows the number's length
wins; each overlap is noted next to the row that wins it.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["BRANDS", "IIN_RANGES", "IinRange", "lookup"]


class IinRange(NamedTuple):
    """PANs of ``lengths`` digits whose first ``len(low)`` digits lie in ``low``..``high``.

    .. versionadded:: 0.1
    """

    brand: str
    low: str
    high: str
    lengths: frozenset[int]


#: Brand id → display name.
BRANDS: Mapping[str, str] = types.MappingProxyType(
    {
        "amex": "American Express",
        "bancontact": "Bancontact",
        "borica": "BORICA",
        "cabal": "Cabal",
        "china_tunion": "China T-Union",
        "dankort": "Dankort",
        "diners": "Diners Club",
        "discover": "Discover",
        "elo": "Elo",
        "gpn": "GPN",
        "hiper": "Hiper",
        "hipercard": "Hipercard",
        "humo": "Humo",
        "instapayment": "InstaPayment",
        "interpayment": "InterPayment",
        "jcb": "JCB",
        "lankapay": "LankaPay",
        "maestro": "Maestro",
        "mastercard": "Mastercard",
        "mir": "Mir",
        "napas": "Napas",
        "naranja": "Naranja",
        "nps_pridnestrovie": "NPS Pridnestrovie",
        "rupay": "RuPay",
        "troy": "Troy",
        "uatp": "UATP",
        "ukrcard": "UkrCard",
        "unionpay": "UnionPay",
        "uzcard": "Uzcard",
        "verve": "Verve",
        "visa": "Visa",
    }
)

_L15 = frozenset({15})
_L16 = frozenset({16})
_L19 = frozenset({19})
_L16_19 = frozenset(range(16, 20))
# Not 15: a 15-digit number starting 30 or 36-39 is far more often an IMEI.
_L_DINERS = frozenset({14, 16, 17, 18, 19})
_L12_19 = frozenset(range(12, 20))
_L16_18_19 = frozenset({16, 18, 19})
_L16_OR_19 = frozenset({16, 19})
# 13, 16 and 19 from Wikipedia, 18 from braintree. Not 15: 15-digit IMEIs start with 44-49 too.
_L_VISA = frozenset({13, 16, 18, 19})

#: Every range, grouped by brand. Prefixes of one width never repeat (checked at import).
IIN_RANGES: tuple[IinRange, ...] = (
    IinRange("visa", "4", "4", _L_VISA),
    IinRange("mastercard", "51", "55", _L16),  # Diners US/Canada 54-55 are Mastercard cards.
    IinRange("mastercard", "2221", "2720", _L16),
    IinRange("amex", "34", "34", _L15),
    IinRange("amex", "37", "37", _L15),
    # 65 is also listed for RuPay and Troy: those cards run on Discover's network there,
    # so 65 stays Discover's. 622126-622925 are UnionPay-issued cards that Discover's
    # network accepts: they stay in UnionPay's 62, the brand printed on the card.
    IinRange("discover", "6011", "6011", _L16_19),
    IinRange("discover", "644", "649", _L16_19),
    IinRange("discover", "65", "65", _L16_19),
    # RuPay's 353 and 356 are JCB co-branded cards inside this range: left to JCB.
    IinRange("jcb", "3528", "3589", _L16_19),
    IinRange("diners", "300", "305", _L_DINERS),
    IinRange("diners", "3095", "3095", _L_DINERS),
    IinRange("diners", "36", "36", _L_DINERS),
    IinRange("diners", "38", "39", _L_DINERS),
    # 81 is shared with RuPay: UnionPay's 81 series ends at 8171 (braintree), RuPay's
    # starts at 8172 (Adyen).
    IinRange("unionpay", "62", "62", _L16_19),
    IinRange("unionpay", "810", "810", _L16_19),
    IinRange("unionpay", "8110", "8171", _L16_19),
    # Only Maestro's own IINs, not the 50/56-69 space Wikipedia once gave it: that
    # would turn 12- to 19-digit numbers such as IMEIs (86...) into cards.
    IinRange("maestro", "5018", "5018", _L12_19),
    IinRange("maestro", "5020", "5020", _L12_19),
    IinRange("maestro", "5038", "5038", _L12_19),
    IinRange("maestro", "5893", "5893", _L12_19),
    IinRange("maestro", "6304", "6304", _L12_19),  # Also Laser's, now inactive.
    IinRange("maestro", "6759", "6759", _L12_19),  # Maestro UK (formerly Switch).
    IinRange("maestro", "6761", "6763", _L12_19),
    IinRange("maestro", "676770", "676770", _L12_19),  # Maestro UK.
    IinRange("maestro", "676774", "676774", _L12_19),  # Maestro UK.
    IinRange("mir", "2200", "2204", _L16_19),
    # Wikipedia also lists 65 (Discover's), 353 and 356 (JCB's); see those rows.
    IinRange("rupay", "60", "60", _L16),
    IinRange("rupay", "508", "508", _L16),
    IinRange("rupay", "8172", "8199", _L16),
    IinRange("rupay", "82", "82", _L16),
    IinRange("troy", "9792", "9792", _L16),  # Troy on 65 is Discover's; see above.
    # Verve's 506xxx/507xxx lie outside Maestro's own IINs; 650xxx beats Discover's 65.
    IinRange("verve", "506099", "506198", _L16_18_19),
    IinRange("verve", "507865", "507964", _L16_18_19),
    IinRange("verve", "650002", "650027", _L16_18_19),
    IinRange("dankort", "5019", "5019", _L16),
    IinRange("dankort", "4571", "4571", _L16),  # Visa/Dankort: longer than Visa's 4.
    # Elo's 4xxxxx, 627780, 636xxx and 65xxxx are longer than Visa's 4, UnionPay's 62,
    # InterPayment's 636 and Discover's 65.
    IinRange("elo", "401178", "401179", _L16),
    IinRange("elo", "431274", "431274", _L16),
    IinRange("elo", "438935", "438935", _L16),
    IinRange("elo", "451416", "451416", _L16),
    IinRange("elo", "457393", "457393", _L16),
    IinRange("elo", "457631", "457632", _L16),
    IinRange("elo", "504175", "504175", _L16),
    IinRange("elo", "506699", "506778", _L16),
    IinRange("elo", "509000", "509999", _L16),
    IinRange("elo", "627780", "627780", _L16),
    IinRange("elo", "636297", "636297", _L16),
    IinRange("elo", "636368", "636368", _L16),
    IinRange("elo", "650031", "650033", _L16),
    IinRange("elo", "650035", "650051", _L16),
    IinRange("elo", "650405", "650439", _L16),
    IinRange("elo", "650485", "650538", _L16),
    IinRange("elo", "650541", "650598", _L16),
    IinRange("elo", "650700", "650718", _L16),
    IinRange("elo", "650720", "650727", _L16),
    IinRange("elo", "650901", "650978", _L16),
    IinRange("elo", "651652", "651679", _L16),
    IinRange("elo", "655000", "655019", _L16),
    IinRange("elo", "655021", "655058", _L16),
    IinRange("hipercard", "606282", "606282", _L16),  # Longer than RuPay's 60.
    # Hiper's 637xxx are longer than InstaPayment's 637-639.
    IinRange("hiper", "637095", "637095", _L16),
    IinRange("hiper", "637568", "637568", _L16),
    IinRange("hiper", "637599", "637599", _L16),
    IinRange("hiper", "637609", "637609", _L16),
    IinRange("hiper", "637612", "637612", _L16),
    IinRange("hiper", "63737423", "63737423", _L16),
    IinRange("hiper", "63743358", "63743358", _L16),
    IinRange("uatp", "1", "1", _L15),
    IinRange("borica", "2205", "2205", _L16),
    IinRange("humo", "9860", "9860", _L16),
    IinRange("uzcard", "8600", "8600", _L16),
    IinRange("uzcard", "5614", "5614", _L16),
    IinRange("lankapay", "357111", "357111", _L16),  # Longer than JCB's 3528-3589.
    # Wikipedia also gives GPN 50, 56, 58 and 60-63: whole spaces shared with Maestro,
    # RuPay and UnionPay, left out for the same reason as Maestro's 50/56-69.
    IinRange("gpn", "1946", "1946", _L16_18_19),  # Lengths differ from UATP's 1.
    IinRange("instapayment", "637", "639", _L16),
    IinRange("interpayment", "636", "636", _L16_19),
    IinRange("napas", "9704", "9704", _L16_OR_19),
    IinRange("ukrcard", "60400100", "60420099", _L16_19),  # Longer than RuPay's and Cabal's.
    IinRange("nps_pridnestrovie", "6054740", "6054744", _L16),  # Longer than RuPay's 60.
    IinRange("china_tunion", "31", "31", _L19),
    # Bancontact's Visa and 60xxxx IINs are longer than Visa's 4 and RuPay's 60.
    IinRange("bancontact", "6703", "6703", _L16_19),
    IinRange("bancontact", "479658", "479658", _L16_19),
    IinRange("bancontact", "606005", "606005", _L16_19),
    # Cabal's 60xxxx and 636908 are longer than RuPay's 60 and InterPayment's 636.
    IinRange("cabal", "589657", "589657", _L16_19),
    IinRange("cabal", "600691", "600691", _L16_19),
    IinRange("cabal", "603522", "603522", _L16_19),
    IinRange("cabal", "6042", "6043", _L16_19),
    IinRange("cabal", "636908", "636908", _L16_19),
    # Naranja's Amex, Visa and Mastercard co-brands are longer than 37, 4 and 52.
    IinRange("naranja", "377798", "377799", _L16),
    IinRange("naranja", "402917", "402918", _L16),
    IinRange("naranja", "527571", "527572", _L16),
    IinRange("naranja", "589562", "589562", _L16),
)

_Entry = tuple[str, frozenset[int]]


def _build_index(rows: tuple[IinRange, ...]) -> tuple[tuple[int, dict[str, _Entry]], ...]:
    """Expand the ranges into one prefix → entry dict per prefix width, widest first.

    Done once at import so that :func:`lookup` costs a few dict probes. Raises
    ``ValueError`` on a malformed row or a prefix listed twice at one width, which
    would make the winner depend on row order.
    """
    by_width: dict[int, dict[str, _Entry]] = {}
    for row in rows:
        width = len(row.low)
        if (
            row.brand not in BRANDS
            or len(row.high) != width
            or not (row.low.isdigit() and row.high.isdigit())
            or int(row.low) > int(row.high)
            or not row.lengths
        ):
            raise ValueError(f"malformed IIN row: {row}")
        table = by_width.setdefault(width, {})
        for value in range(int(row.low), int(row.high) + 1):
            prefix = str(value).zfill(width)
            if prefix in table:
                raise ValueError(f"IIN prefix {prefix} listed twice")
            table[prefix] = (row.brand, row.lengths)
    return tuple(sorted(by_width.items(), reverse=True))


_INDEX = _build_index(IIN_RANGES)
_MIN_LENGTH = min(min(row.lengths) for row in IIN_RANGES)
_MAX_LENGTH = max(max(row.lengths) for row in IIN_RANGES)


def lookup(digits: str) -> str | None:
    """Return the brand of a candidate PAN, or ``None`` if no brand issues it.

    Tries the longest prefixes first; a prefix whose brand does not issue
    numbers of this length falls through to shorter ones (a 19-digit 357111...
    is JCB, not 16-digit-only LankaPay).

    Args:
        digits: The candidate number, ASCII digits only (separators removed).

    Returns:
        A key of :data:`BRANDS`, or ``None`` for non-digits or an unknown
        prefix/length combination.

    .. versionadded:: 0.1
    """
    length = len(digits)
    if not _MIN_LENGTH <= length <= _MAX_LENGTH or not (digits.isascii() and digits.isdigit()):
        return None
    for width, table in _INDEX:
        entry = table.get(digits[:width])
        if entry is not None and length in entry[1]:
            return entry[0]
    return None
