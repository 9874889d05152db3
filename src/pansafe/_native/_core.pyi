# Stub for the cffi-compiled module (pansafe/_native/build.py builds it from pansafe.h).
# cffi objects are dynamic: `ffi` is a cffi.FFI and `lib` exposes the C functions of
# pansafe.h, taking cdata pointers, so both are typed loosely here and wrapped with
# precise types in pansafe/_native/__init__.py.
from typing import Any

ffi: Any

class _Lib:
    PANSAFE_PAN: int
    PANSAFE_TRACK1: int
    PANSAFE_TRACK2: int
    PANSAFE_EINVAL: int
    def pansafe_find_candidates(self, buf: Any, len: int, out: Any, cap: int, /) -> int: ...
    def pansafe_find_candidates_portable(
        self, buf: Any, len: int, out: Any, cap: int, /
    ) -> int: ...
    def pansafe_simd_level(self) -> int: ...
    PANSAFE_CP_LIMIT: int
    PANSAFE_WALK_ALL_BELOW: int
    PANSAFE_CP_CLASS: int
    PANSAFE_CP_WORD: int
    PANSAFE_STEM_SHORT: int
    PANSAFE_STEM_ANYWHERE: int
    PANSAFE_STEM_EXACT: int
    def pansafe_keywords_check(self, kw: Any, /) -> int: ...
    PANSAFE_GRAM_WORDS: int
    PANSAFE_IIN_PREFIXES: int
    PANSAFE_IIN_SLOW: int
    def pansafe_keywords_grams(self, kw: Any, grams: Any, /) -> int: ...
    def pansafe_find_context_words(
        self, kw: Any, buf: Any, len: int, out: Any, cap: int, /
    ) -> int: ...

    PANSAFE_CVV: int
    PANSAFE_PIN: int
    PANSAFE_EXPIRY: int
    PANSAFE_ESHORT: int
    PANSAFE_STRONG: int
    PANSAFE_PERCENT: int
    PANSAFE_TEST_CARD: int
    PANSAFE_CHARS: int
    PANSAFE_WORD_PAN: int
    PANSAFE_WORD_CVV: int
    PANSAFE_WORD_PIN: int
    PANSAFE_WORD_EXPIRY: int
    PANSAFE_WORD_NOT_PAN: int
    def pansafe_iin_check(self, iin: Any, /) -> int: ...
    def pansafe_iin_lookup(self, iin: Any, digits: Any, n: int, /) -> int: ...
    def pansafe_iin_index(self, iin: Any, by4: Any, shapes: Any, cap: int, /) -> int: ...
    def pansafe_detect(
        self,
        kw: Any,
        iin: Any,
        buf: Any,
        len: int,
        out: Any,
        cap: int,
        work: Any,
        work_cap: int,
        masks: Any,
        masks_cap: int,
        options: int,
        /,
    ) -> int: ...
    def pansafe_detect_with(self, d: Any, buf: Any, len: int, options: int, /) -> int: ...
    def pansafe_detect_many(
        self,
        kw: Any,
        iin: Any,
        buf: Any,
        len: int,
        bounds: Any,
        n_texts: int,
        out: Any,
        cap: int,
        work: Any,
        work_cap: int,
        masks: Any,
        masks_cap: int,
        options: int,
        /,
    ) -> int: ...
    def pansafe_utf8_check(
        self, buf: Any, len: int, final: int, simd: int, used: Any, chars: Any, /
    ) -> int: ...
    def pansafe_line_columns(
        self, buf: Any, len: int, pos: Any, n: int, simd: int, lines: Any, cols: Any, /
    ) -> int: ...

lib: _Lib
