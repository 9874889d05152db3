"""Find context words in UTF-8 bytes, for every enabled language at once.

All stems of all enabled languages compile into one trie-shaped regular
expression, searched once over a lower-cased copy of the text in which dashes,
underscores, tabs and no-break spaces read as spaces (``PIN-kood`` = ``pin kood``).
A flat alternation of a few hundred words made backtracking engines crawl
(0.1 MB/s); the trie lets them reject most positions on the first character
(10-20 MB/s). The word rules (where a stem may start and end) are checked in
Python on the few matches.

That is the Python twin. When the native backend is active (:mod:`pansafe._backend`
decides), the C core does the same with a table compiled once per language set,
with identical results (``tests/test_context_native.py``). For C to fold as Python
does, the fold is defined on four blocks only (ASCII, Latin-1 Supplement, Latin
Extended-A, Cyrillic): their upper/lower pairs fold, ``-``, ``_``, TAB and U+00A0
read as spaces, and every other character stays as it is (U+0130, U+212A KELVIN
SIGN, Greek); word characters (``isalnum()`` or ``_``) lie in the same blocks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pansafe import _backend
from pansafe.detectors._foldtable import UNFOLDED, WORD
from pansafe.languages import COMMON, LANGUAGES, Lexicon

__all__ = [
    "CONTEXT_KINDS",
    "SHORT_STEM",
    "ContextWord",
    "find_context_words",
    "find_context_words_python",
    "native_table",
]

#: The kinds of context a word can give, in the order the lexicons list them.
CONTEXT_KINDS = ("pan", "cvv", "pin", "expiry", "not_pan")

#: Stems of this many characters or fewer must start a word (``pin`` in ``spinner``).
SHORT_STEM = 4

# Same length in and out, so offsets in the folded text are offsets in the text.
# Chained str.replace runs at memory speed; str.translate with a table does not.
_AS_SPACE = ("-", "_", "\t", "\u00a0")

# Runs of characters str.lower() would change but the fold leaves alone (U+0130,
# whose lower case is two characters long, is one of them): lowered around, not in.
_UNFOLDED_RUN = re.compile(
    "([" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in UNFOLDED) + "]+)"
)
_WORD_CHARS = frozenset(chr(cp) for lo, hi in WORD for cp in range(lo, hi + 1))


@dataclass(frozen=True, slots=True)
class ContextWord:
    """A context word found in a buffer: what it introduces and where (bytes)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Stem:
    kind: str
    exact: str | None  # the spelling required when matched case-sensitively
    anywhere: bool  # may start inside a word (compounds)
    short: bool  # must start a word and end with a listed suffix


def _fold(text: str) -> str:
    if text.isascii():
        text = text.lower()
    else:
        text = text.replace("\u00a0", " ")
        if _UNFOLDED_RUN.search(text) is None:
            text = text.lower()
        else:
            parts = _UNFOLDED_RUN.split(text)  # odd items: the runs left alone
            parts[::2] = [part.lower() for part in parts[::2]]
            text = "".join(parts)
    for ch in _AS_SPACE[:3]:
        text = text.replace(ch, " ")
    return text


def _trie_pattern(words: list[str]) -> str:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@functools.lru_cache(maxsize=32)
def _compile(
    languages: tuple[str, ...],
) -> tuple[re.Pattern[str], dict[str, _Stem], frozenset[str]]:
    lexicons: list[Lexicon] = [COMMON, *(LANGUAGES[code] for code in languages)]
    stems: dict[str, _Stem] = {}
    for lex in lexicons:
        for kind in CONTEXT_KINDS:
            for word in getattr(lex, kind):
                exact = word[1:] if word.startswith("=") else None
                key = _fold(word.removeprefix("="))
                short = len(key) <= SHORT_STEM
                stem = _Stem(kind, exact, anywhere=lex.compounds and not short, short=short)
                known = stems.get(key)
                if known is None or (stem.anywhere and not known.anywhere):
                    stems[key] = stem
    suffixes = frozenset(_fold(s) for lex in lexicons for s in lex.suffixes)
    words = sorted(stems, key=len, reverse=True)
    return re.compile(_trie_pattern(words)), stems, suffixes


def _word_char(ch: str) -> bool:
    return ch in _WORD_CHARS


def native_table(languages: tuple[str, ...]) -> object:
    """The C core's keyword table for ``languages`` (built once per language set)."""
    compile_keywords = _backend.compile_keywords
    assert compile_keywords is not None, "the native backend is not in use"
    return _native_table(languages, compile_keywords)


@functools.lru_cache(maxsize=32)
def _native_table(languages: tuple[str, ...], compile_keywords: _backend.CompileKeywords) -> object:
    _, stems, suffixes = _compile(languages)
    specs = [
        _backend.StemSpec(key, CONTEXT_KINDS.index(s.kind), s.short, s.anywhere, s.exact)
        for key, s in stems.items()
    ]
    return compile_keywords(specs, sorted(suffixes), _fold, _word_char)


def find_context_words(buf: bytes, languages: tuple[str, ...]) -> list[ContextWord]:
    """All context words in ``buf``, left to right, none overlapping (byte offsets).

    Runs in C when the native backend is active, else :func:`find_context_words_python`.
    """
    native = _backend.find_context_words
    if native is None:
        return find_context_words_python(buf, languages)
    table = native_table(languages)
    return [ContextWord(CONTEXT_KINDS[k], s, e) for k, s, e in native(buf, table)]


def find_context_words_python(buf: bytes, languages: tuple[str, ...]) -> list[ContextWord]:
    """:func:`find_context_words` in pure Python: the fallback twin of the C core's."""
    pattern, stems, suffixes = _compile(languages)
    text = buf.decode("utf-8", "surrogateescape")
    folded = _fold(text)
    found: list[tuple[str, int, int]] = []
    pos = 0
    while (m := pattern.search(folded, pos)) is not None:
        start, end = m.span()
        stem = stems[m.group()]
        accepted = _accept(stem, text, start, end, suffixes)
        if accepted is None:
            pos = start + 1
            continue
        found.append((stem.kind, start, accepted))
        pos = accepted
    if len(text) == len(buf):
        return [ContextWord(kind, s, e) for kind, s, e in found]
    return _to_byte_offsets(found, text)


def _accept(stem: _Stem, text: str, start: int, end: int, suffixes: frozenset[str]) -> int | None:
    """Where the context word ends, if the match obeys its stem's word rules."""
    if stem.exact is not None and text[start:end] != stem.exact:
        return None
    if not stem.anywhere and start > 0 and _word_char(text[start - 1]):
        return None
    if not stem.short:
        return end
    rest_end = end
    while rest_end < len(text) and _word_char(text[rest_end]):
        rest_end += 1
    if rest_end == end or _fold(text[end:rest_end]) in suffixes:
        return rest_end
    return None


def _to_byte_offsets(found: list[tuple[str, int, int]], text: str) -> list[ContextWord]:
    out: list[ContextWord] = []
    char_pos = 0
    byte_pos = 0

    def to_byte(offset: int) -> int:
        nonlocal char_pos, byte_pos
        byte_pos += len(text[char_pos:offset].encode("utf-8", "surrogateescape"))
        char_pos = offset
        return byte_pos

    for kind, start, end in found:
        out.append(ContextWord(kind, to_byte(start), to_byte(end)))
    return out
