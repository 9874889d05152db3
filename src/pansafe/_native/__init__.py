"""The C scanner core, bound with cffi (API mode); see ``docs/native.md``.

Importing this package raises :class:`ImportError` when the compiled module
``_core`` was not built; :mod:`pansafe._backend` then decides what to do.

Every call into C goes through :func:`_call`, which checks the return code in
one place. ``PANSAFE_SIMD=portable`` (read once, at import) forces the portable
C path instead of the fastest one this CPU supports.

.. versionadded:: 0.1
"""

from __future__ import annotations

import os
import struct
import threading
from collections.abc import Callable
from typing import Any

from pansafe._native._core import ffi, lib
from pansafe.errors import BackendError

__all__ = ["NAME", "SIMD", "find_candidates", "find_candidates_portable", "simd_level"]

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


def simd_level() -> str:
    """The code path ``pansafe_find_candidates`` takes on this CPU."""
    level = lib.pansafe_simd_level()
    return _LEVELS.get(level, str(level))


def _call(finder: _Finder, buf: bytes) -> list[tuple[int, int, int]]:
    """Run one finder over ``buf``; grow the span array and retry when it was short."""
    size = len(buf)
    if size < _SMALL and type(buf) is bytes:
        data: Any = buf
        out = getattr(_local, "out", None)
        if out is None:
            out = _local.out = ffi.new("pansafe_span[]", _KEEP)
        cap = _KEEP
    else:
        data = ffi.from_buffer(buf)
        cap = size // 16 + 64  # about one span per 16 bytes: enough but for odd inputs
        out = _alloc("pansafe_span[]", cap)
    count = finder(data, size, out, cap)
    if count > cap:  # an upper bound of what it needs: one retry always fits
        cap = count
        out = _alloc("pansafe_span[]", cap)
        count = finder(data, size, out, cap)
    if count < 0 or count > cap:
        raise BackendError(f"the native scanner core failed (code {count})")
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
