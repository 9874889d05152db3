"""The C scanner core, bound with cffi (API mode); see ``docs/native.md``.

Importing this package raises :class:`ImportError` when the compiled module
``_core`` was not built; :mod:`pansafe._backend` then decides what to do.

Every return code from C is checked, and a failure is raised as one
:class:`~pansafe.errors.BackendError` (:func:`_core_error`).
``PANSAFE_SIMD=portable`` (read once, at import) forces the portable C path
instead of the fastest one this CPU supports.

.. versionadded:: 0.1
"""

from __future__ import annotations

import array
import functools
import math
import operator
import os
import struct
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pansafe._native._core import ffi, lib
from pansafe.errors import BackendError

if TYPE_CHECKING:  # _backend imports this module
    from pansafe._backend import StemSpec

__all__ = [
    "NAME",
    "SIMD",
    "Detector",
    "IinTable",
    "KeywordTable",
    "compile_iin",
    "compile_keywords",
    "detect",
    "detect_many",
    "find_candidates",
    "find_candidates_portable",
    "find_context_words",
    "iin_lookup",
    "line_columns",
    "simd_level",
    "utf8_check",
]

NAME = "native"

_LEVELS = {0: "portable", 1: "avx2"}

#: Below this size, ``bytes`` go to C directly: cheaper than ``ffi.from_buffer``.
_SMALL = 4096
#: Spans a thread keeps preallocated for small inputs.
_KEEP = 256
#: ``pansafe_span`` is three int64: ``kind, start, end``.
_SPANS = struct.Struct("=qqq")
_SPAN_SIZE = ffi.sizeof("pansafe_span")
if _SPANS.size != _SPAN_SIZE:  # a build that does not match pansafe.h
    raise ImportError(f"pansafe_span is {_SPAN_SIZE} bytes, expected {_SPANS.size}")

# Span arrays for big inputs are not zeroed: C writes every span it reports,
# and untouched pages of a generous estimate cost no memory.
_alloc = ffi.new_allocator(should_clear_after_alloc=False)
_local = threading.local()

_Finder = Callable[[Any, int, Any, int], int]


def _core_error(code: int) -> BackendError:
    """The error for a return code of the C core that says it failed."""
    return BackendError(f"the native scanner core failed (code {code})")


def simd_level() -> str:
    """The code path ``pansafe_find_candidates`` takes on this CPU."""
    level = lib.pansafe_simd_level()
    return _LEVELS.get(level, str(level))


def _call(finder: _Finder, buf: bytes, bytes_per_span: int = 16) -> list[tuple[int, int, int]]:
    """Run one finder over ``buf``; grow the span array and retry when it was short.

    The first array holds one span per ``bytes_per_span`` input bytes: enough for
    all but odd inputs. A count above the capacity is what a second call needs.
    """
    size = len(buf)
    if size < _SMALL and type(buf) is bytes:
        data: Any = buf
        out = getattr(_local, "out", None)
        if out is None:
            out = _local.out = ffi.new("pansafe_span[]", _KEEP)
        cap = _KEEP
    else:
        data = ffi.from_buffer(buf)
        cap = size // bytes_per_span + 64
        out = _alloc("pansafe_span[]", cap)
    count = finder(data, size, out, cap)
    if count > cap:
        cap = count
        out = _alloc("pansafe_span[]", cap)
        count = finder(data, size, out, cap)
    if count < 0 or count > cap:
        raise _core_error(count)
    if count == 0:
        return []
    # Tuples made in C, straight from the int64 fields.
    return list(_SPANS.iter_unpack(ffi.buffer(out, count * _SPAN_SIZE)))


def find_candidates(buf: bytes) -> list[tuple[int, int, int]]:
    """Spans that may be card data: ``(kind, start, end)`` sorted by position.

    The same contract and results as :func:`pansafe._fallback.find_candidates`;
    any buffer is accepted (``bytes`` is the fast case for short inputs).
    """
    return _call(_find, buf)


def find_candidates_portable(buf: bytes) -> list[tuple[int, int, int]]:
    """:func:`find_candidates` on the portable C path, whatever the CPU has."""
    return _call(lib.pansafe_find_candidates_portable, buf)


SIMD: str = (
    "portable" if os.environ.get("PANSAFE_SIMD", "").strip().lower() == "portable" else simd_level()
)
_find: _Finder = (
    lib.pansafe_find_candidates_portable if SIMD == "portable" else lib.pansafe_find_candidates
)
#: The ``simd`` argument of the C functions that take one: 1 for the AVX2 path.
_SIMD_FLAG: int = 0 if SIMD == "portable" else lib.pansafe_simd_level()


# --------------------------------------------------------------------------- context words


class KeywordTable:
    """A ``pansafe_keywords`` and the arrays it points to (kept alive here)."""

    __slots__ = ("_arrays", "_for_long_texts", "_values", "ptr")

    def __init__(
        self, ptr: Any, arrays: list[Any], values: Callable[[], KeywordTable] | None = None
    ) -> None:
        self.ptr = ptr
        self._arrays = arrays
        self._values = values
        self._for_long_texts: Any = None

    def for_long_texts(self) -> Any:
        """A copy of ``ptr`` whose ``values`` is the table of the value kinds' stems
        (``pansafe_detect`` then searches long texts only where words count).

        Built on first use: it costs about as much again as the table, which
        a process that scans only short texts never needs. Without stems of
        other kinds, ``ptr`` itself. Like ``ptr``, valid while this table lives.
        """
        long = self._for_long_texts
        if long is None:
            if self._values is None:
                long = self.ptr
            else:
                values = self._values()
                long = ffi.new("pansafe_keywords *", self.ptr[0])
                long.values = values.ptr
                self._arrays.append(values)
                if lib.pansafe_keywords_check(long) != 0:
                    raise BackendError("the native keyword table failed its check")
            self._for_long_texts = long
        return long


_VALUE_WORDS = (lib.PANSAFE_WORD_CVV, lib.PANSAFE_WORD_PIN, lib.PANSAFE_WORD_EXPIRY)


def compile_keywords(
    stems: Sequence[StemSpec],
    suffixes: Sequence[str],
    fold: Callable[[str], str],
    is_word: Callable[[str], bool],
) -> KeywordTable:
    """Build the C keyword table: a trie over character classes of folded text.

    ``fold`` and ``is_word`` are the Python twin's own definitions, applied to every
    code point below ``PANSAFE_CP_LIMIT``; stems and suffixes must be folded and
    hold only such code points. The table's ``values`` is NULL;
    :meth:`KeywordTable.for_long_texts` builds the one with ``values``.

    Raises:
        ValueError: a stem or suffix holds a character C cannot fold to it.
    """
    value_stems = [stem for stem in stems if stem.kind in _VALUE_WORDS]
    values = None
    if value_stems and len(value_stems) < len(stems):
        values = functools.partial(_compile_table, value_stems, suffixes, fold, is_word, None)
    return _compile_table(stems, suffixes, fold, is_word, values)


def _compile_table(
    stems: Sequence[StemSpec],
    suffixes: Sequence[str],
    fold: Callable[[str], str],
    is_word: Callable[[str], bool],
    values: Callable[[], KeywordTable] | None,
) -> KeywordTable:
    limit = lib.PANSAFE_CP_LIMIT
    alphabet = sorted({ch for s in stems for ch in s.folded} | {ch for x in suffixes for ch in x})
    if any(ord(ch) >= limit for ch in alphabet) or len(alphabet) > 255:
        raise ValueError("context words must use at most 255 characters below U+0500")
    cls = {ch: i + 1 for i, ch in enumerate(alphabet)}
    cp_info = [
        cls.get(fold(chr(cp)), 0) | (lib.PANSAFE_CP_WORD if is_word(chr(cp)) else 0)
        for cp in range(limit)
    ]
    # The trie: node 0 is the root, children[node] maps a class to a node.
    children: list[dict[int, int]] = [{}]
    node_stem = [-1]
    for index, stem in enumerate(stems):
        node = 0
        for ch in stem.folded:
            nxt = children[node].get(cls[ch])
            if nxt is None:
                nxt = children[node][cls[ch]] = len(children)
                children.append({})
                node_stem.append(-1)
            node = nxt
        if node_stem[node] != -1 or node == 0:
            raise ValueError(f"duplicate or empty stem {stem.folded!r}")
        node_stem[node] = index
    root = [children[0].get(c, -1) for c in range(256)]
    node_edges = [0]
    edge_class: list[int] = []
    edge_to: list[int] = []
    for node, kids in enumerate(children):
        if node > 0:  # the root's edges are the dense ``root`` table
            for c, to in sorted(kids.items()):
                edge_class.append(c)
                edge_to.append(to)
        node_edges.append(len(edge_class))
    exact = b""
    stem_exact = [0]
    stem_flags = []
    for stem in stems:
        flags = lib.PANSAFE_STEM_SHORT if stem.short else 0
        flags |= lib.PANSAFE_STEM_ANYWHERE if stem.anywhere else 0
        if stem.exact is not None:
            flags |= lib.PANSAFE_STEM_EXACT
            exact += stem.exact.encode("utf-8")
        stem_flags.append(flags)
        stem_exact.append(len(exact))
    suffix_class = bytes(cls[ch] for x in suffixes for ch in x)
    suffix_start = [0]
    for x in suffixes:
        suffix_start.append(suffix_start[-1] + len(x))

    arrays: list[Any] = []

    def array(ctype: str, values: Sequence[int] | bytes) -> Any:
        a = ffi.new(f"{ctype}[]", max(len(values), 1))
        for i, v in enumerate(values):
            a[i] = v
        arrays.append(a)
        return a

    starts = _start_filter(cp_info, root, children, node_stem, stem_flags)
    kw = ffi.new("pansafe_keywords *")
    kw.cp_info = array("uint16_t", cp_info)
    kw.root = array("int32_t", root)
    kw.node_edges = array("int32_t", node_edges)
    kw.node_stem = array("int32_t", node_stem)
    kw.edge_class = array("uint8_t", edge_class)
    kw.edge_to = array("int32_t", edge_to)
    kw.stem_kind = array("int32_t", [s.kind for s in stems])
    kw.stem_flags = array("int32_t", stem_flags)
    kw.stem_exact = array("int32_t", stem_exact)
    kw.exact = array("uint8_t", exact)
    kw.suffix_start = array("int32_t", suffix_start)
    kw.suffix_class = array("uint8_t", suffix_class)
    kw.starts = array("uint64_t", starts)
    kw.word_bytes = array("uint8_t", _word_bytes(cp_info))
    kw.quad_buckets = array("uint8_t", _quad_buckets(cp_info, children, node_stem, stem_flags))
    kw.simd = _SIMD_FLAG
    kw.n_nodes = len(children)
    kw.n_edges = len(edge_class)
    kw.n_stems = len(stems)
    kw.n_suffixes = len(suffixes)
    kw.n_exact = len(exact)
    kw.n_suffix_class = len(suffix_class)
    grams = ffi.new("uint32_t[]", lib.PANSAFE_GRAM_WORDS)  # filled in C, from the trie
    arrays.append(grams)
    kw.grams = grams
    if lib.pansafe_keywords_grams(kw, grams) != 0 or lib.pansafe_keywords_check(kw) != 0:
        raise BackendError("the native keyword table failed its check")
    return KeywordTable(kw, arrays, values)


def _start_filter(
    cp_info: list[int],
    root: list[int],
    children: list[dict[int, int]],
    node_stem: list[int],
    stem_flags: list[int],
) -> list[int]:
    """The ``starts`` bitmaps of ``pansafe_keywords``: where a stem can start at all."""
    cls_mask = lib.PANSAFE_CP_CLASS
    rows = [[0] * 4 for _ in range(257)]
    anywhere, reaches_anywhere_stem = _anywhere_tests(children, node_stem, stem_flags)
    for b0 in range(128):
        node = root[cp_info[b0] & cls_mask]
        if node < 0:
            continue
        for b1 in range(256):
            child = children[node].get(cp_info[b1] & cls_mask)
            if b1 >= 0x80 or node_stem[node] >= 0 or child is not None:
                rows[b0][b1 >> 6] |= 1 << (b1 & 63)
            # Inside a word the longest stem found must be one that may start there.
            if b1 >= 0x80 or anywhere(node) or (child is not None and reaches_anywhere_stem(child)):
                rows[129 + b0][b1 >> 6] |= 1 << (b1 & 63)
    for lead in range(0xC2, 0xE0):  # two-byte characters; longer ones are past the table
        first = (lead & 0x1F) << 6
        infos = cp_info[first : first + 64]  # none past PANSAFE_CP_LIMIT
        if any(root[info & cls_mask] >= 0 for info in infos):
            rows[128][lead >> 6] |= 1 << (lead & 63)
    return [word for row in rows for word in row]


def _anywhere_tests(
    children: list[dict[int, int]], node_stem: list[int], stem_flags: list[int]
) -> tuple[Callable[[int], bool], Callable[[int], bool]]:
    """For the trie's nodes: does a stem that may start inside a word end there, and
    does one end there or below?"""

    def anywhere(node: int) -> bool:
        stem = node_stem[node]
        return stem >= 0 and bool(stem_flags[stem] & lib.PANSAFE_STEM_ANYWHERE)

    @functools.cache
    def reaches_anywhere_stem(node: int) -> bool:
        return anywhere(node) or any(reaches_anywhere_stem(c) for c in children[node].values())

    return anywhere, reaches_anywhere_stem


def _word_bytes(cp_info: list[int]) -> list[int]:
    """The ``word_bytes`` of ``pansafe_keywords``: ASCII word bytes as a nibble table."""
    table = [0] * 16
    for byte in range(128):
        if cp_info[byte] & lib.PANSAFE_CP_WORD:
            table[byte & 15] |= 1 << (byte >> 4)
    return table


def _quad_buckets(
    cp_info: list[int],
    children: list[dict[int, int]],
    node_stem: list[int],
    stem_flags: list[int],
) -> list[int]:
    """The ``quad_buckets`` of ``pansafe_keywords``: the trie's first four UTF-8 bytes.

    A key is the first four bytes of a path from the root, each character spelt
    as any character of its class (below ``PANSAFE_CP_LIMIT``) in UTF-8, and after
    a stem of fewer than four bytes, any byte. Keys of paths to stems that may
    start inside a word go into the eight buckets judged everywhere, the others
    into the eight judged only at word starts: a word start has sixteen buckets
    for the same eight table lookups. Keys are grouped by their first two bytes
    (ASCII letters in either case), and each group goes into the bucket of its
    eight where it adds the fewest quadruples the bucket's nibbles can spell
    (largest first).
    """
    spellings: dict[int, set[bytes]] = {}
    for cp in range(lib.PANSAFE_CP_LIMIT):
        if cls := cp_info[cp] & lib.PANSAFE_CP_CLASS:
            spellings.setdefault(cls, set()).add(chr(cp).encode("utf-8", "surrogatepass"))
    anywhere, reaches_anywhere_stem = _anywhere_tests(children, node_stem, stem_flags)

    # Word starts only, and everywhere: the groups of keys by their first two
    # bytes (ASCII letters in either case), each as its nibbles (bit sets) and size.
    groups: tuple[dict[bytes, list[int]], dict[bytes, list[int]]] = ({}, {})

    def add(prefix: bytes, inside: bool) -> None:
        """Add the key of ``prefix``'s first four bytes, any bytes after a shorter one."""
        nibbles = [0xFFFF] * 8
        for i, b in enumerate(prefix[:4]):
            nibbles[2 * i], nibbles[2 * i + 1] = 1 << (b & 15), 1 << (b >> 4)
        group = groups[inside].setdefault(prefix[:2].lower(), [0] * 9)
        for i, bits in enumerate(nibbles):
            group[i] |= bits
        group[8] += 1

    stack = [(spelt, node) for cls, node in children[0].items() for spelt in spellings.get(cls, ())]
    while stack:
        prefix, node = stack.pop()
        if len(prefix) >= 4:
            add(prefix, reaches_anywhere_stem(node))
            continue
        if node_stem[node] >= 0:
            add(prefix, anywhere(node))
        stack += [
            (prefix + spelt, child)
            for cls, child in children[node].items()
            for spelt in spellings.get(cls, ())
        ]
    table: list[int] = []
    for kind in groups:
        # A bucket: for each of the eight nibbles, the values it holds as bits.
        buckets = [[0] * 8 for _ in range(8)]
        for name in sorted(kind, key=lambda g: (-kind[g][8], g)):
            nibbles = kind[name][:8]
            grown = [[a | b for a, b in zip(bucket, nibbles, strict=True)] for bucket in buckets]
            k = min(range(8), key=lambda i: _spelt(grown[i]) - _spelt(buckets[i]))
            buckets[k] = grown[k]
        rows = [[0] * 16 for _ in range(8)]
        for k, bucket in enumerate(buckets):
            for i, values in enumerate(bucket):
                for v in range(16):
                    if values >> v & 1:
                        rows[i][v] |= 1 << k
        table += [entry for row in rows for entry in row]
    return table


def _spelt(nibbles: list[int]) -> int:
    """How many quadruples of bytes a bucket with these nibbles (bit sets) lets through."""
    return math.prod(values.bit_count() for values in nibbles)


def find_context_words(buf: bytes, table: object) -> list[tuple[int, int, int]]:
    """Context words in ``buf``: ``(kind, start, end)``, byte offsets, left to right.

    The twin of :func:`pansafe.detectors.keywords.find_context_words_python`, with
    ``table`` from :func:`compile_keywords`.
    """
    if not isinstance(table, KeywordTable):
        raise TypeError("table must come from compile_keywords()")
    ptr = table.ptr
    return _call(
        lambda data, size, out, cap: lib.pansafe_find_context_words(ptr, data, size, out, cap),
        buf,
        64,  # context words are sparser than candidate spans
    )


# --------------------------------------------------------------------------- detect step

#: ``pansafe_finding``: ``start, end, cstart, cend, kind, brand, flags, seq,
#: masked_start, masked_end``.
_FINDING = struct.Struct("=qqqqiiiiii")
RawFinding = tuple[int, int, int, int, int, int, int, int, int, int]
#: What a detect call returns: its findings, and the bytes their ``masked_start``
#: and ``masked_end`` point into (each finding's masked text in UTF-8).
Detected = tuple[Sequence[RawFinding], bytes | bytearray]
_FINDING_SIZE = ffi.sizeof("pansafe_finding")
_ESHORT = lib.PANSAFE_ESHORT
_CHARS = lib.PANSAFE_CHARS
if _CHARS != 1:  # Detector.__call__ passes it as a literal
    raise ImportError(f"PANSAFE_CHARS is {_CHARS}, expected 1")
# pansafe.detectors reads the finding flags as these literals.
if (lib.PANSAFE_STRONG, lib.PANSAFE_PERCENT, lib.PANSAFE_TEST_CARD) != (1, 2, 4):
    raise ImportError("pansafe.h's finding flags changed: update pansafe.detectors")
if _FINDING.size != _FINDING_SIZE:
    raise ImportError(f"pansafe_finding is {_FINDING_SIZE} bytes, expected {_FINDING.size}")


#: Distinct "brand by length" rows the IIN index may hold (the bundled table needs
#: a few dozen).
_IIN_SHAPES = 1024


class IinTable:
    """A ``pansafe_iin`` and the arrays it points to (kept alive here)."""

    __slots__ = ("_arrays", "ptr")

    def __init__(self, ptr: Any, arrays: list[Any]) -> None:
        self.ptr = ptr
        self._arrays = arrays


def compile_iin(
    rows: Sequence[tuple[int, int, int, int, int]], test_cards: Iterable[str] = ()
) -> IinTable:
    """Build the C brand table from ``(width, low, high, lengths bitmask, brand index)`` rows,
    with the published test card numbers ``test_cards`` (digits, 1-19 of them).

    Raises:
        BackendError: the rows are not sorted by ``(width, low)`` or overlap, or a
            test card number is not 1-19 digits.
    """
    rows = sorted(rows)
    width_start = [0] * 10
    for w in range(1, 10):
        width_start[w] = sum(1 for r in rows if r[0] < w)
    arrays: list[Any] = []

    def array(ctype: str, values: Sequence[int]) -> Any:
        a = ffi.new(f"{ctype}[]", list(values) or [0])
        arrays.append(a)
        return a

    table = ffi.new("pansafe_iin *")
    table.width_start = array("int32_t", width_start)
    table.low = array("uint32_t", [r[1] for r in rows])
    table.high = array("uint32_t", [r[2] for r in rows])
    table.lengths = array("uint32_t", [r[3] for r in rows])
    table.brand = array("int32_t", [r[4] for r in rows])
    table.n = len(rows)
    by4 = ffi.new("uint16_t[]", lib.PANSAFE_IIN_PREFIXES)  # filled in C, from the rows
    shapes = ffi.new("int8_t[]", _IIN_SHAPES * 32)
    arrays += [by4, shapes]
    n_shapes = lib.pansafe_iin_index(table, by4, shapes, _IIN_SHAPES)
    if n_shapes < 0:
        raise BackendError("the native IIN table failed its check")
    table.by4, table.shapes, table.n_shapes = by4, shapes, n_shapes
    cards = set(test_cards)
    if not all(c.isascii() and c.isdigit() and 1 <= len(c) <= 19 for c in cards):
        raise BackendError("a test card number is not 1-19 digits")
    tests = sorted((int(c), len(c)) for c in cards)
    table.test_value = array("uint64_t", [v for v, _ in tests])
    table.test_digits = array("uint8_t", [n for _, n in tests])
    table.n_test_cards = len(tests)
    if lib.pansafe_iin_check(table) != 0:
        raise BackendError("the native IIN table failed its check")
    return IinTable(table, arrays)


def iin_lookup(table: IinTable, digits: bytes) -> int:
    """The brand index of a PAN's digits, or -1 (``pansafe_iin_lookup``, for tests)."""
    return int(lib.pansafe_iin_lookup(table.ptr, digits, len(digits)))


_TABLES_ERROR = "tables must come from compile_keywords() and compile_iin()"


def _findings(out: Any, count: int, cap: int, masks: Any) -> Detected:
    """The ``count`` findings a detect call wrote to ``out``, checked, as tuples, and
    the masked text it wrote to ``masks``."""
    if count < 0 or count > cap:
        raise _core_error(count)
    if count == 0:
        return _NONE
    raw = list(_FINDING.iter_unpack(ffi.buffer(out, count * _FINDING_SIZE)))
    return raw, ffi.buffer(masks, raw[-1][9])[:]


def _run_detect(
    fn: Callable[..., int],
    args: tuple[Any, ...],
    options: int,
    cap: int,
    work_cap: int,
    masks_cap: int,
) -> Detected:
    """Call ``fn(*args, out, cap, work, work_cap, masks, masks_cap, options)``
    (``pansafe_detect`` or ``pansafe_detect_many``) with new arrays, twice as large
    while it says they were short (``masks_cap``, the text's length, never is)."""
    masks = _alloc("uint8_t[]", masks_cap)
    while True:
        out, work = _alloc("pansafe_finding[]", cap), _alloc("pansafe_span[]", work_cap)
        count = fn(*args, out, cap, work, work_cap, masks, masks_cap, options)
        if count != _ESHORT:
            return _findings(out, count, cap, masks)
        cap, work_cap = 2 * cap, 2 * work_cap


class _Scratch(threading.local):
    """A thread's ``pansafe_detector``: the tables and arrays of its short-text calls.

    Each thread needs arrays of its own, as calls release the GIL; a
    ``threading.local`` subclass runs ``__init__`` on each thread's first access.
    """

    def __init__(self, keywords: Any, iin: Any) -> None:
        self.out = ffi.new("pansafe_finding[]", 3 * _KEEP)
        self.work = ffi.new("pansafe_span[]", 2 * _KEEP)
        # The masked text, in a bytearray that is sliced in one step. A text's
        # length always suffices.
        self.masks = bytearray(_SMALL)
        self._masks_ptr = ffi.from_buffer("uint8_t[]", self.masks)
        self.detector = ffi.new(
            "pansafe_detector *",
            (keywords, iin, self.out, 3 * _KEEP, self.work, 2 * _KEEP, self._masks_ptr, _SMALL),
        )
        # Made once: ffi.buffer() on each call costs as much as unpacking a finding.
        self.view = memoryview(ffi.buffer(self.out))


class Detector:
    """The detect step bound to one keyword table and one brand table.

    The scanner keeps one per language set, so that a short text costs one call
    into C with three arguments (``pansafe_detect_with``) and no argument checks:
    at 200 bytes, each step between Python and C costs as much as a tenth of the
    scan (~40-100 ns).
    """

    __slots__ = ("_scratch", "iin", "keywords")

    def __init__(self, keywords: object, iin: object) -> None:
        if not isinstance(keywords, KeywordTable) or not isinstance(iin, IinTable):
            raise TypeError(_TABLES_ERROR)
        self.keywords, self.iin = keywords, iin
        self._scratch = _Scratch(keywords.ptr, iin.ptr)

    def __call__(self, buf: bytes, chars: bool = False) -> Detected:
        """All findings of the detect step, by start, as ``pansafe_finding`` fields,
        and the bytes of their masked text.

        The twin of :func:`pansafe.detectors.detect_python` before its filters; see
        ``pansafe_detect`` in ``pansafe.h``. ``chars``: fill the character offsets.
        """
        size = len(buf)
        if size < _SMALL and type(buf) is bytes:
            scratch = self._scratch
            count = _detect_with(scratch.detector, buf, size, 1 if chars else 0)  # _CHARS
            if count == 0:
                return _NONE
            if 0 < count <= 3 * _KEEP:
                raw = list(_FINDING.iter_unpack(scratch.view[: count * _FINDING_SIZE]))
                # A copy, taken before any Python code runs: a finalizer or signal
                # handler may scan on this thread before the caller reads it.
                return raw, scratch.masks[: raw[-1][9]]
            if count != _ESHORT:
                raise _core_error(count)
            cap, work_cap = 6 * _KEEP, 4 * _KEEP
            args = (self.keywords.ptr, self.iin.ptr, buf, size)
        else:
            cap, work_cap = size // 16 + 3 * _KEEP, size // 8 + 2 * _KEEP
            args = (self._table(size), self.iin.ptr, ffi.from_buffer(buf), size)
        return _run_detect(lib.pansafe_detect, args, _CHARS if chars else 0, cap, work_cap, size)

    def many(self, joined: bytes, bounds: Sequence[int], chars: bool = False) -> Detected:
        """:meth:`__call__` for each text ``joined[bounds[i]:bounds[i + 1]]``, in one
        call into C: the findings of all, in text order, each with the index of its
        text at ``[7]`` (``seq``), and the masked text of all."""
        edges = array.array("q", bounds)
        n = len(edges) - 1
        longest = max(map(operator.sub, bounds[1:], bounds), default=0)
        table, data = self._table(longest), ffi.from_buffer(joined)
        args = (table, self.iin.ptr, data, len(joined), ffi.from_buffer("int64_t[]", edges), n)
        cap = len(joined) // 16 + 3 * _KEEP
        work_cap = longest // 8 + 2 * _KEEP
        return _run_detect(
            lib.pansafe_detect_many, args, _CHARS if chars else 0, cap, work_cap, len(joined)
        )

    def _table(self, size: int) -> Any:
        """The keyword table for texts of up to ``size`` bytes."""
        if size < lib.PANSAFE_WALK_ALL_BELOW:
            return self.keywords.ptr
        return self.keywords.for_long_texts()


_detect_with = lib.pansafe_detect_with
_NONE: Detected = ((), b"")  # immutable: shared by every call that finds nothing


def detect(buf: bytes, keywords: object, iin: object, chars: bool = False) -> Detected:
    """:class:`Detector` ``(keywords, iin)(buf, chars)``, for a single call."""
    return Detector(keywords, iin)(buf, chars)


# --------------------------------------------------------------------------- UTF-8


def utf8_check(data: bytes, final: bool, *, simd: int = _SIMD_FLAG) -> tuple[int, int] | None:
    """``(bytes, characters)`` that Python's strict UTF-8 decoder decodes of ``data``
    (all but a cut-short sequence at the end unless ``final``); ``None`` when it would
    raise (``pansafe_utf8_check``). ``simd=0``: the portable path, for tests."""
    counts = ffi.new("int64_t[2]")
    buf = ffi.from_buffer(data)
    status = lib.pansafe_utf8_check(buf, len(data), final, simd, counts, counts + 1)
    if status < 0:
        raise _core_error(status)
    return (int(counts[0]), int(counts[1])) if status else None


def line_columns(
    data: bytes, positions: Sequence[int], *, simd: int = _SIMD_FLAG
) -> tuple[list[int], list[int]]:
    """For each of the sorted byte ``positions`` in ``data``: the newlines before it,
    and the characters after the last of them up to it, or -1 when there is none
    (``pansafe_line_columns``): where findings are, in lines and columns, in one
    pass over a window of UTF-8 bytes. ``simd=0``: the portable path, for tests."""
    n = len(positions)
    pos = ffi.new("int64_t[]", positions)
    lines, cols = ffi.new("int64_t[]", n), ffi.new("int64_t[]", n)
    buf = ffi.from_buffer(data)
    status = lib.pansafe_line_columns(buf, len(data), pos, n, simd, lines, cols)
    if status < 0:
        raise _core_error(status)
    return ffi.unpack(lines, n), ffi.unpack(cols, n)
