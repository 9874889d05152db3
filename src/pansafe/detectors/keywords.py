"""Find context words in UTF-8 bytes, for every enabled language at once.

All stems of all languages compile into one ``regex`` alternation over bytes, so
a buffer is searched once however many languages are on. Case-insensitivity is
built into the pattern (each letter becomes ``(?:x|X)`` in UTF-8), which works
for Cyrillic and accented letters where a bytes ``IGNORECASE`` flag would not.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from pansafe.languages import LANGUAGES, Lexicon

__all__ = ["CONTEXT_KINDS", "ContextWord", "find_context_words"]

#: The kinds of context a word can give, in the order the lexicons list them.
CONTEXT_KINDS = ("pan", "cvv", "pin", "expiry", "not_pan")

# A letter in UTF-8: ASCII, or a two-byte sequence from Latin-1 Supplement up to
# Cyrillic (lead bytes C3..D4). U+00A0 (C2 A0, no-break space) is not a letter.
_LETTER = rb"(?:[A-Za-z]|[\xc3-\xd4][\x80-\xbf])"
_WORD_START = rb"(?<![A-Za-z0-9_]|[\xc3-\xd4][\x80-\xbf])"
_WORD_END = rb"(?![A-Za-z0-9_]|[\xc3-\xd4][\x80-\xbf])"
_SPACE = rb"(?:[ \t_\-/]|\xc2\xa0){0,2}"

#: Stems of this many characters or fewer must start a word (``pin`` in ``spinner``).
SHORT_STEM = 4


@dataclass(frozen=True, slots=True)
class ContextWord:
    """A context word found in a buffer: what it introduces and where (bytes)."""

    kind: str
    start: int
    end: int


def _letter_pattern(ch: str, case_sensitive: bool) -> bytes:
    if ch in " -":
        return _SPACE
    variants = {ch} if case_sensitive else {ch, ch.lower(), ch.upper()}
    # Multi-character case mappings (ß -> SS) are not single letters; keep 1:1 ones.
    encoded = sorted(v.encode() for v in variants if len(v) == 1)
    if len(encoded) == 1:
        return regex.escape(encoded[0])
    if all(len(e) == 1 for e in encoded):
        return b"[" + b"".join(regex.escape(e) for e in encoded) + b"]"
    return b"(?:" + b"|".join(regex.escape(e) for e in encoded) + b")"


def _stem_pattern(stem: str, lexicon: Lexicon, suffixes: bytes) -> bytes:
    case_sensitive = stem.startswith("=")
    stem = stem.removeprefix("=")
    body = b"".join(_letter_pattern(ch, case_sensitive) for ch in stem)
    if len(stem) <= SHORT_STEM:
        return _WORD_START + body + suffixes + _WORD_END
    if lexicon.compounds:
        return body
    return _WORD_START + body


def _suffix_pattern(suffixes: Iterable[str]) -> bytes:
    alts = sorted({s.lower() for s in suffixes}, key=len, reverse=True)
    if not alts:
        return b""
    body = b"|".join(b"".join(_letter_pattern(ch, False) for ch in s) for s in alts)
    return b"(?:" + body + b")?"


@functools.lru_cache(maxsize=32)
def _compile(languages: tuple[str, ...]) -> regex.Pattern[bytes]:
    lexicons = [LANGUAGES[code] for code in languages]
    suffixes = _suffix_pattern(s for lex in lexicons for s in lex.suffixes)
    alternatives: list[tuple[int, bytes]] = []
    for lex in lexicons:
        for kind in CONTEXT_KINDS:
            for stem in getattr(lex, kind):
                pattern = b"(?P<" + kind.encode() + b">" + _stem_pattern(stem, lex, suffixes) + b")"
                alternatives.append((len(stem), pattern))
    # Longest stems first, so "pin block" wins over "pin" at the same position.
    alternatives.sort(key=lambda item: -item[0])
    return regex.compile(b"|".join(p for _, p in alternatives))


def find_context_words(buf: bytes, languages: tuple[str, ...]) -> list[ContextWord]:
    """All context words in ``buf``, left to right, none overlapping."""
    if not languages:
        return []
    pattern = _compile(languages)
    return [
        ContextWord(m.lastgroup or "", m.start(), m.end()) for m in pattern.finditer(buf)
    ]
