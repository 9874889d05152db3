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
from collections.abc import Sequence
from dataclasses import dataclass

from pansafe import _backend
from pansafe.detectors._foldtable import UNFOLDED, WORD
from pansafe.languages import COMMON, LANGUAGES, Lexicon

__all__ = [
    "CONTEXT_KINDS",
    "SHORT_STEM",
    "VALUE_KINDS",
    "WORD_REACH",
    "ContextWord",
    "find_context_words",
    "find_context_words_python",
    "native_table",
]

#: The kinds of context a word can give, in the order the lexicons list them.
CONTEXT_KINDS = ("pan", "cvv", "pin", "expiry", "not_pan")
#: The kinds of words that introduce a value of their own; ``pan`` and ``not_pan``
#: words only qualify a card number found without them.
VALUE_KINDS = ("cvv", "pin", "expiry")
#: How far (bytes) past its end a word counts for the detectors: farther than the gap
#: to the value after it, and than the gap to the PAN after it
#: (:func:`find_context_words` with ``pans``).
WORD_REACH = 64

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
# The same test in two parts, eight times faster: `re` looks up a class that reaches
# past U+FFFF range by range, but one within the BMP in a table; text outside the BMP
# is rare, and there the slow class decides.
_UNFOLDED_BMP = re.compile(
    "["
    + "".join(f"\\U{lo:08x}-\\U{min(hi, 0xFFFF):08x}" for lo, hi in UNFOLDED if lo <= 0xFFFF)
    + "]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
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


def _has_unfolded(text: str) -> bool:
    """``_UNFOLDED_RUN.search(text) is not None``, faster."""
    if _UNFOLDED_BMP.search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and _UNFOLDED_RUN.search(text) is not None


def _unfolded_utf8() -> dict[int, tuple[bytes, re.Pattern[bytes]]]:
    seconds: dict[int, set[int]] = {}
    for lo, hi in UNFOLDED:
        for cp in range(lo, hi + 1):
            lead, second = chr(cp).encode("utf-8")[:2]
            seconds.setdefault(lead, set()).add(second)
    table = {}
    for lead, rest in sorted(seconds.items()):
        after = bytes(sorted(rest))
        table[lead] = (after, re.compile(re.escape(bytes([lead])) + b"[" + re.escape(after) + b"]"))
    return table


#: For the lead byte of the UTF-8 of each character of UNFOLDED: the second bytes
#: they have, and a pattern for the pair.
_UNFOLDED_UTF8 = _unfolded_utf8()
_FEW_LEADS = 64
# Below this many bytes the class is cheaper than the 15 searches (about 8 µs).
_BYTES_FIRST_FROM = 512


def _may_have_unfolded(buf: bytes) -> bool:
    """False only if the UTF-8 ``buf`` (decoded with ``surrogateescape``) has no
    character of UNFOLDED: the first two bytes of none occur in it.

    ``_has_unfolded`` costs ``re`` about 17 ns a character, a quarter of the
    fallback's time on logs and code; this takes 1-2 ms for 2 MB of them. It looks
    for the 15 lead bytes at ``memchr`` speed, and where one is frequent (``€`` and
    ``’`` start with one) for its pairs, with a pattern that starts with that byte
    (``re`` skips to it as fast).
    """
    for lead, (seconds, pair) in _UNFOLDED_UTF8.items():
        at, seen = buf.find(lead), 0
        while at >= 0 and seen < _FEW_LEADS:
            if buf[at + 1 : at + 2] and buf[at + 1] in seconds:
                return True
            at, seen = buf.find(lead, at + 1), seen + 1
        if at >= 0 and pair.search(buf, at) is not None:
            return True
    return False


def _fold(text: str, utf8: bytes | None = None) -> str:
    """The text the trie is searched in (same length); ``utf8``: ``text`` encoded,
    to look for characters that ``lower()`` changes but the fold does not in it."""
    if text.isascii():
        text = text.lower()
    else:
        text = text.replace("\u00a0", " ")
        if utf8 is not None and len(utf8) >= _BYTES_FIRST_FROM:
            unfolded = _may_have_unfolded(utf8) and _has_unfolded(text)
        else:
            unfolded = _has_unfolded(text)
        if not unfolded:
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


# Characters from common to rare in text pansafe scans; those not listed are rarer.
_COMMON_FIRST = " 0123456789/etaoinsrhldcumfpgwybvkxjqzоеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё"


def _rarity(ch: str) -> int:
    i = _COMMON_FIRST.find(ch)
    return len(_COMMON_FIRST) if i < 0 else i


def _anchored_pattern(words: list[str]) -> str:
    """A pattern matching somewhere in every occurrence of one of ``words`` (within
    the word, at its rarest character). `re` tries a pattern at every place its first
    character allows, so a rare first character makes the search 1.5 times faster
    than the trie's: the rest of the word is checked after and behind it."""
    by_anchor: dict[str, list[str]] = {}
    for word in words:
        i = max(range(len(word)), key=lambda i: _rarity(word[i]))
        behind = f"(?<={re.escape(word)})" if i else ""
        by_anchor.setdefault(word[i], []).append(re.escape(word[i + 1 :]) + behind)
    return "|".join(
        re.escape(anchor) + "(?:" + "|".join(rests) + ")"
        for anchor, rests in sorted(by_anchor.items())
    )


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The stems of a language set, and the patterns that find them."""

    pattern: re.Pattern[str]  # every stem
    value_pattern: re.Pattern[str]  # somewhere in every stem of VALUE_KINDS words
    stems: dict[str, _Stem]  # folded stem -> its rules
    suffixes: frozenset[str]  # folded
    longest: int  # characters in the longest word: a stem, or a short stem and a suffix


@functools.lru_cache(maxsize=32)
def _compile(languages: tuple[str, ...]) -> _Compiled:
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
    value_words = [w for w in words if stems[w].kind in VALUE_KINDS]
    longest = max(len(words[0]), SHORT_STEM + max(map(len, suffixes), default=0))
    return _Compiled(
        re.compile(_trie_pattern(words)),
        re.compile(_anchored_pattern(value_words)),
        stems,
        suffixes,
        longest,
    )


def _word_char(ch: str) -> bool:
    return ch in _WORD_CHARS


def native_table(languages: tuple[str, ...]) -> object:
    """The C core's keyword table for ``languages`` (built once per language set)."""
    compile_keywords = _backend.compile_keywords
    assert compile_keywords is not None, "the native backend is not in use"
    return _native_table(languages, compile_keywords)


@functools.lru_cache(maxsize=32)
def _native_table(languages: tuple[str, ...], compile_keywords: _backend.CompileKeywords) -> object:
    compiled = _compile(languages)
    stems, suffixes = compiled.stems, compiled.suffixes
    specs = [
        _backend.StemSpec(key, CONTEXT_KINDS.index(s.kind), s.short, s.anywhere, s.exact)
        for key, s in stems.items()
    ]
    return compile_keywords(specs, sorted(suffixes), _fold, _word_char)


def find_context_words(
    buf: bytes, languages: tuple[str, ...], *, pans: Sequence[int] | None = None
) -> list[ContextWord]:
    """All context words in ``buf``, left to right, none overlapping (byte offsets).

    Runs in C when the native backend is active, else :func:`find_context_words_python`,
    which alone reads ``pans``.
    """
    native = _backend.find_context_words
    if native is None:
        return find_context_words_python(buf, languages, pans=pans)
    table = native_table(languages)
    return [ContextWord(CONTEXT_KINDS[k], s, e) for k, s, e in native(buf, table)]


def find_context_words_python(
    buf: bytes, languages: tuple[str, ...], *, pans: Sequence[int] | None = None
) -> list[ContextWord]:
    """:func:`find_context_words` in pure Python: the fallback twin of the C core's.

    With ``pans`` (the sorted offsets where PANs start, each at an ASCII byte), only
    the words the detectors can use are sure to be in the result: every word of
    :data:`VALUE_KINDS` and the word after it, and every word ending at most
    :data:`WORD_REACH` bytes before a PAN. The result is still a part of the whole
    list, in order, and the search skips the lines without any of those words (in
    most logs, CSV and source files, nearly all lines).
    """
    compiled = _compile(languages)
    text = buf.decode("utf-8", "surrogateescape")
    folded = _fold(text, buf)
    found: list[tuple[str, int, int]] = []
    if pans is None:
        _walk(compiled, text, folded, 0, len(text), found)
    else:
        for start, end in _lines_to_walk(compiled, buf, text, folded, pans):
            _walk(compiled, text, folded, start, end, found)
    if len(text) == len(buf):
        return [ContextWord(kind, s, e) for kind, s, e in found]
    return _to_byte_offsets(found, text)


def _walk(
    compiled: _Compiled,
    text: str,
    folded: str,
    pos: int,
    endpos: int,
    found: list[tuple[str, int, int]],
) -> None:
    """Add the words that start in ``text[pos:endpos]`` to ``found``.

    Left to right, at each place the longest stem; a word that its stem's rules reject
    leaves the next place to be tried, an accepted one is skipped whole.
    """
    pattern, stems, suffixes = compiled.pattern, compiled.stems, compiled.suffixes
    while (m := pattern.search(folded, pos, endpos)) is not None:
        start, end = m.span()
        stem = stems[m.group()]
        accepted = _accept(stem, text, start, end, suffixes)
        if accepted is None:
            pos = start + 1
            continue
        found.append((stem.kind, start, accepted))
        pos = accepted


def _lines_to_walk(
    compiled: _Compiled, buf: bytes, text: str, folded: str, pans: Sequence[int]
) -> list[tuple[int, int]]:
    """The lines (character spans, joined where they touch) that hold every word that
    :func:`find_context_words_python` must find with ``pans``.

    A word never holds a line break (no stem does, nor does a suffix), so walking from
    the start of a line finds just what walking from the start of the text finds
    there: lines can be walked alone. Words of value kinds are found by their stems
    (a word starts where the longest stem starts, so where one of its kind does).
    """
    reach = WORD_REACH + compiled.longest  # characters: a character has a byte or more
    spans: list[tuple[int, int]] = []
    # Each word of a value kind has a stem of its kind, which holds a place where the
    # value pattern matches or one that finditer skipped inside a match.
    for m in compiled.value_pattern.finditer(folded):
        spans.append((m.start() - compiled.longest, m.end() + reach))
    for pan in _char_offsets(buf, text, pans):
        spans.append((pan - reach, pan))
    lines: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start = text.rfind("\n", 0, max(start, 0)) + 1
        line_end = text.find("\n", end)
        end = len(text) if line_end < 0 else line_end
        if lines and start <= lines[-1][1]:
            lines[-1] = (lines[-1][0], max(end, lines[-1][1]))
        else:
            lines.append((start, end))
    return lines


def _char_offsets(buf: bytes, text: str, offsets: Sequence[int]) -> list[int]:
    """Character offsets in ``text`` (``buf`` decoded) of sorted offsets of ASCII bytes."""
    if len(text) == len(buf):
        return list(offsets)
    out: list[int] = []
    byte_pos = char_pos = 0
    for offset in offsets:
        char_pos += len(buf[byte_pos:offset].decode("utf-8", "surrogateescape"))
        byte_pos = offset
        out.append(char_pos)
    return out


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
    char_pos = byte_pos = 0
    for kind, start, end in found:  # counting only the bytes since the last offset
        byte_pos += len(text[char_pos:start].encode("utf-8", "surrogateescape"))
        byte_start = byte_pos
        byte_pos += len(text[start:end].encode("utf-8", "surrogateescape"))
        char_pos = end
        out.append(ContextWord(kind, byte_start, byte_pos))
    return out
