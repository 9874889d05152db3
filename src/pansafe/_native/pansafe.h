/*
 * pansafe.h - the whole C ABI of the pansafe scanner core.
 *
 * build.py reads this file into the cffi cdef (preprocessor lines are
 * stripped), so keep the declarations plain C that cffi can parse.
 *
 * Contract (docs/detection.md, "PAN candidates", tag 5A, "Track data"): find
 * the byte spans that may be card data, exactly as pansafe._fallback does.
 * The functions are reentrant, keep no global state, allocate nothing and
 * never call back into Python.
 */
#ifndef PANSAFE_H
#define PANSAFE_H

#include <stddef.h>
#include <stdint.h>

/* Candidate kinds, the same numbers as pansafe._fallback. */
enum { PANSAFE_PAN = 1, PANSAFE_TRACK1 = 2, PANSAFE_TRACK2 = 3 };

/* Error codes (negative return values). */
enum { PANSAFE_EINVAL = -1 };

/* One candidate: bytes [start, end) of the buffer, of the given kind. */
typedef struct {
    int64_t kind;
    int64_t start;
    int64_t end;
} pansafe_span;

/*
 * Find every candidate in buf[0..len) and write them to out[0..cap), sorted
 * by (start, end, kind), without duplicates.
 *
 * Returns the number of spans when it is <= cap. A return value > cap means
 * the output did not fit: out holds only part of it, and the value is a
 * capacity that is enough for a second call (an upper bound, not the exact
 * count). A negative value is an error code (PANSAFE_EINVAL: NULL buffer with
 * len > 0, NULL out with cap > 0, or len beyond INT64_MAX).
 *
 * Uses the fastest code path this CPU supports (see pansafe_simd_level).
 */
int64_t pansafe_find_candidates(const uint8_t *buf, size_t len, pansafe_span *out, size_t cap);

/* The same, always on the portable (plain C) path; for tests and comparison. */
int64_t pansafe_find_candidates_portable(const uint8_t *buf, size_t len, pansafe_span *out,
                                         size_t cap);

/* The path pansafe_find_candidates takes here: 0 portable, 1 AVX2. */
int pansafe_simd_level(void);

#endif /* PANSAFE_H */
