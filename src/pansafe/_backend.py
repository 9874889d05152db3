"""The one place that chooses the scanner backend: the C core or pure Python.

``PANSAFE_BACKEND=auto`` (the default) uses the C core when it was built and falls
back to Python with one warning otherwise; ``native`` makes a missing C core an
error; ``python`` forces the fallback. Both backends implement one narrow
contract, ``find_candidates(buf: bytes) -> list[(kind, start, end)]``, and give
identical results; everything above it (brands, context words, masking) is shared.

Two steps above the contract have C twins on the native backend, ``None`` otherwise
(then their Python twins run, with the same results): ``find_context_words`` (the
context-word finder; ``compile_keywords`` builds its table) and ``detector`` (the
whole detect step of :mod:`pansafe.detectors`, bound to a keyword table and the
brand table that ``compile_iin`` builds). ``utf8_check`` tells what the strict
UTF-8 decoder would make of a stream's window, without decoding it, and
``line_columns`` places findings in its lines (``None`` on the Python backend: the
scanner decodes).
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, Protocol

from pansafe import _fallback
from pansafe.errors import BackendError

__all__ = [
    "NAME",
    "PAN",
    "TRACK1",
    "TRACK2",
    "NativeDetector",
    "StemSpec",
    "bind",
    "compile_iin",
    "compile_keywords",
    "detector",
    "find_candidates",
    "find_context_words",
    "line_columns",
    "select",
    "utf8_check",
]

PAN = _fallback.PAN
TRACK1 = _fallback.TRACK1
TRACK2 = _fallback.TRACK2

FindCandidates = Callable[[bytes], list[tuple[int, int, int]]]


class StemSpec(NamedTuple):
    """One context-word stem, as :mod:`pansafe.detectors.keywords` compiled it."""

    folded: str  #: the stem, folded
    kind: int  #: reported as the word's kind
    short: bool  #: word start, then only a listed suffix
    anywhere: bool  #: may start inside a word
    exact: str | None  #: the spelling required, when matched case-sensitively


#: ``(stems, folded suffixes, fold, is_word) -> table``, built once per language set.
CompileKeywords = Callable[
    [Sequence[StemSpec], Sequence[str], Callable[[str], str], Callable[[str], bool]], object
]
#: ``(buf, table) -> [(kind, start, end)]``: the C twin of the context-word finder.
FindContextWords = Callable[[bytes, object], list[tuple[int, int, int]]]

#: ``([(width, low, high, lengths bitmask, brand index)], test card numbers) -> table``:
#: the brand table, which also knows the published test card numbers.
CompileIin = Callable[[Sequence[tuple[int, int, int, int, int]], Iterable[str]], object]
#: The fields of a ``pansafe_finding``: ``start, end, cstart, cend, kind, brand,
#: flags, seq, masked_start, masked_end`` (see ``pansafe.h``).
RawFinding = tuple[int, int, int, int, int, int, int, int, int, int]
#: Findings, and the bytes their ``masked_start`` and ``masked_end`` point into.
Detected = tuple[Sequence[RawFinding], bytes | bytearray]


class NativeDetector(Protocol):
    """The C detect step bound to a keyword table and a brand table."""

    def __call__(self, buf: bytes, chars: bool = False, /) -> Detected:
        """The findings in ``buf``; ``chars``: with character offsets (``str`` input)."""

    def many(self, joined: bytes, bounds: Sequence[int], chars: bool = False, /) -> Detected:
        """The findings of each text ``joined[bounds[i]:bounds[i + 1]]``, in one call
        into C, in text order, each with its text's index at ``[7]``."""


#: ``(keyword table, brand table) -> NativeDetector``.
MakeDetector = Callable[[object, object], NativeDetector]

# `auto` warns about a missing C core once per process, however often select() runs.
_warned = False


def select(requested: str | None = None) -> tuple[str, FindCandidates]:
    """Pick a backend by name (``auto``, ``native`` or ``python``)."""
    choice = (requested or os.environ.get("PANSAFE_BACKEND") or "auto").strip().lower()
    if choice not in ("auto", "native", "python"):
        raise BackendError(f"PANSAFE_BACKEND must be auto, native or python, not {choice!r}")
    if choice == "python":
        return _fallback.NAME, _fallback.find_candidates
    if importlib.util.find_spec("pansafe._native") is None and choice == "auto":
        # This build ships no C core at all: nothing went wrong, nothing to warn about.
        return _fallback.NAME, _fallback.find_candidates
    try:
        from pansafe import _native

        name, find = _native.NAME, _native.find_candidates
    except (ImportError, AttributeError) as exc:  # not built, or a broken build
        if choice == "native":
            raise BackendError(
                "PANSAFE_BACKEND=native, but the native scanner core is not built "
                "(reinstall pansafe with a C compiler available)"
            ) from exc
        global _warned
        if not _warned:
            _warned = True
            warnings.warn(
                "pansafe: the native scanner core is not built; using the slower pure-Python "
                "backend (set PANSAFE_BACKEND=python to silence this)",
                RuntimeWarning,
                stacklevel=3,
            )
        return _fallback.NAME, _fallback.find_candidates
    return name, find


def _unavailable(error: BackendError) -> FindCandidates:
    def find_candidates(buf: bytes) -> list[tuple[int, int, int]]:
        raise error

    return find_candidates


# A bad PANSAFE_BACKEND must not break `import pansafe` (the CLI could not report it
# cleanly then): the error is raised by the first scan instead.
try:
    NAME, find_candidates = select()
except BackendError as _error:
    NAME, find_candidates = "unavailable", _unavailable(_error)


def _keyword_twin(name: str) -> tuple[FindContextWords | None, CompileKeywords | None]:
    """The C context-word finder when the native backend is in use, else ``None``
    (``pansafe.detectors.keywords`` then runs its Python twin)."""
    if name != "native":
        return None, None
    from pansafe import _native

    return _native.find_context_words, _native.compile_keywords


find_context_words, compile_keywords = _keyword_twin(NAME)


def _detect_twin(name: str) -> tuple[MakeDetector | None, CompileIin | None]:
    """The C detect step when the native backend is in use, else ``None``
    (``pansafe.detectors.detect`` then runs its Python twin)."""
    if name != "native":
        return None, None
    from pansafe import _native

    return _native.Detector, _native.compile_iin


detector, compile_iin = _detect_twin(NAME)


#: ``(data, final) -> (bytes, characters) or None``: see ``pansafe._native.utf8_check``.
Utf8Check = Callable[[bytes, bool], "tuple[int, int] | None"]
#: ``(data, positions) -> (lines, columns)``: see ``pansafe._native.line_columns``.
LineColumns = Callable[[bytes, Sequence[int]], "tuple[list[int], list[int]]"]


def _utf8_twin(name: str) -> tuple[Utf8Check | None, LineColumns | None]:
    """The C core's UTF-8 check and line counter for the scanner's byte windows when
    the native backend is in use, else ``None`` (the scanner then decodes windows)."""
    if name != "native":
        return None, None
    from pansafe import _native

    return _native.utf8_check, _native.line_columns


utf8_check, line_columns = _utf8_twin(NAME)


def bind(name: str) -> dict[str, object]:
    """Every attribute of this module that depends on the backend, as backend ``name``
    sets it: tests and benchmarks swap them all to force a backend in one process.

    Raises:
        BackendError: ``name`` is unknown, or ``native`` is not built.
    """
    selected, find = select(name)
    find_words, compile_words = _keyword_twin(selected)
    make_detector, compile_brands = _detect_twin(selected)
    check_utf8, place_lines = _utf8_twin(selected)
    return {
        "NAME": selected,
        "find_candidates": find,
        "find_context_words": find_words,
        "compile_keywords": compile_words,
        "detector": make_detector,
        "compile_iin": compile_brands,
        "utf8_check": check_utf8,
        "line_columns": place_lines,
    }
