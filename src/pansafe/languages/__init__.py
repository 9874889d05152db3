"""Context words, one module per language.

A language is one file holding one :class:`Lexicon`. Words are *stems*: matching
is case-insensitive and finds a stem inside inflected and compound forms
(``turvakoodiga``, ``Kartenprüfnummer``, ``luottokortin``), so list the shortest
form that is still unambiguous. Short acronyms (``pin``, ``cvv``) would match
inside ordinary words (``spinner``, ``shipping``), so stems of four letters or
fewer must start a word and may only be followed by one of the ``suffixes``
before the word ends (``PINi``, ``CVV2``, ``PIN-koodiks`` ends the word at ``-``).
In languages that do not compound (English, Russian) every stem must start a word.
A stem written with a leading ``=`` is matched case-sensitively (``=CID``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COMMON", "LANGUAGES", "Lexicon"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The context words of one language."""

    code: str
    name: str
    #: Words that introduce a card number; they outweigh a ``not_pan`` word further away.
    pan: tuple[str, ...] = ()
    #: Words that introduce a card verification code (CVV2, CVC2, CID, ...).
    cvv: tuple[str, ...] = ()
    #: Words that introduce a PIN or PIN block.
    pin: tuple[str, ...] = ()
    #: Words that introduce an expiry date.
    expiry: tuple[str, ...] = ()
    #: Words that say a long number right after them is *not* a card
    #: (IMEI, serial, phone, order and tracking numbers).
    not_pan: tuple[str, ...] = ()
    #: True where the language compounds words, so long stems match inside words
    #: (``Kartenprüfnummer``); False where that would find ``order`` in ``border``.
    compounds: bool = False
    #: Endings that may follow a short acronym stem directly (``PINi``, ``CVV2``).
    suffixes: tuple[str, ...] = ()


def _load() -> tuple[Lexicon, dict[str, Lexicon]]:
    from pansafe.languages import common, de, en, et, fi, lt, lv, ru

    return common.LEXICON, {m.LEXICON.code: m.LEXICON for m in (en, et, de, fi, ru, lv, lt)}


#: The schemes' acronyms (CVV, CVC, PIN, IMEI, ...), on whatever languages are chosen.
#: Every bundled language by ISO 639-1 code.
COMMON, LANGUAGES = _load()
