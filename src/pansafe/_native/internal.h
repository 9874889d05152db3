/*
 * internal.h - what the scanner's .c files share; not part of the ABI.
 *
 * The scan has two stages:
 *
 *  1. A trigger (portable.c / avx2.c): classify 64 bytes at a time into a digit
 *     mask and a "chain byte" mask (digits and separator bytes) and leave the
 *     block at once unless it holds the end of a run of >= 12 contiguous
 *     digits, or a spot where a grouped PAN could be (see ps_trigger).
 *  2. Verification (rules.c): the maximal run of chain bytes around the
 *     trigger (a "segment") is parsed with the spec's rules, in plain C.
 *
 * The trigger may fire where nothing is found; it must fire in every segment
 * that holds a candidate (tests/test_native.py checks this against the
 * fallback, on both trigger implementations).
 */
#ifndef PANSAFE_INTERNAL_H
#define PANSAFE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pansafe.h"

/* The AVX2 path needs x86 and GCC/Clang function-level target attributes. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define PS_HAVE_X86_SIMD 1
#else
#define PS_HAVE_X86_SIMD 0
#endif

/* Byte classes (ps_class[b]). */
#define PS_DIGIT 1u /* 0-9 */
#define PS_CHAIN 2u /* a byte that can be part of a chain: digit or separator byte */
#define PS_WORD 4u  /* "word byte" of the spec: ASCII letter, digit or '_' */
#define PS_HEX 8u   /* 0-9 A-F a-f */

extern const uint8_t ps_class[256];

/* Bit scans of a non-zero 64-bit mask. */
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
static inline unsigned ps_ctz64(uint64_t m) {
    unsigned long i;
    _BitScanForward64(&i, m);
    return (unsigned)i;
}
static inline unsigned ps_clz64(uint64_t m) {
    unsigned long i;
    _BitScanReverse64(&i, m);
    return 63u - (unsigned)i;
}
#else
static inline unsigned ps_ctz64(uint64_t m) { return (unsigned)__builtin_ctzll(m); }
static inline unsigned ps_clz64(uint64_t m) { return (unsigned)__builtin_clzll(m); }
#endif

static inline int ps_is_digit(uint8_t c) { return (uint8_t)(c - '0') < 10; }
static inline int ps_is_word(uint8_t c) { return ps_class[c] & PS_WORD; }
static inline int ps_is_chain(uint8_t c) { return ps_class[c] & PS_CHAIN; }

/* Where the spans go. Spans of one segment are sorted and deduplicated when
 * the segment is done; past the capacity only the count goes on. */
typedef struct {
    pansafe_span *out;
    size_t cap;
    size_t n;         /* spans emitted (and, while n <= cap, written) */
    size_t seg_first; /* first span of the segment being verified */
} ps_out;

/* Verify the segment buf[ss..se): a maximal run of chain bytes. all_digits
 * says it holds digits only (the common case in dense data: a cheaper path). */
void ps_verify(const uint8_t *buf, size_t len, size_t ss, size_t se, int all_digits, ps_out *o);

/* Sort and deduplicate everything (normally a no-op check); the return value. */
int64_t ps_finish(ps_out *o);

/* ----------------------------------------------------------------- trigger */

/* Masks of the previous 64-byte block, so that runs can cross blocks. */
typedef struct {
    uint64_t d, d2, d4; /* digits; 2 and 4 digits in a row end here */
    uint64_t c, c2, c4; /* chain bytes; 2 and 4 in a row end here */
} ps_carry;

/* m shifted k bytes later, the previous block's top bytes moving in. */
static inline uint64_t ps_later(uint64_t m, uint64_t prev, unsigned k) {
    return (m << k) | (prev >> (64u - k));
}

/*
 * The trigger, for the 64-byte block whose digit mask is d (bit i: byte i).
 *
 * A candidate needs one of:
 *  - 12 contiguous digits: every contiguous PAN (rule 1), every track 1 /
 *    track 2 / tag 57 PAN and every tag 5A value holds such a run;
 *  - a grouped PAN (rule 1: groups 4, then 4 or 6, then >= 4 digits), so right
 *    after its first 4 + sep + 4 + sep + 4 bytes: 4 digits end at i, 4 digits
 *    end 5, 6 or 7 bytes before (the second group; a separator is 1-3 bytes),
 *    4 digits end 10 to 16 bytes before (the first group: 4 or 6 digits and a
 *    separator before the second group's end), and the 14 bytes up to i are
 *    all chain bytes. (Each distance is tested alone, so this is looser than
 *    the shape: it may fire where no PAN is, never miss one.)
 *
 * ps_trigger_digits tests what the digit mask alone can tell (the first kind,
 * or the digits of the second); most blocks of text stop there, without the
 * chain-byte mask being computed. A log timestamp "2024-03-16 12:00" does not
 * pass it, nor does a phone number "+44 20 7946 0958" (no first group of 4).
 * ps_trigger_chain then adds the chain-byte condition.
 *
 * The carries must make every run that crosses into the block visible: they
 * may over-approximate it (a false trigger costs a look, see ps_fire), never
 * under-approximate it. A block that stops at the digit test leaves the
 * chain-byte carries all ones.
 */
typedef struct {
    uint64_t d12;     /* 12 digits end here */
    uint64_t grouped; /* the digits of a grouped PAN's first three groups may end here */
} ps_digits;

static inline uint64_t ps_trigger_digits(uint64_t d, ps_carry *cy, ps_digits *r) {
    uint64_t d2 = d & ps_later(d, cy->d, 1);
    uint64_t d4 = d2 & ps_later(d2, cy->d2, 2);
    uint64_t d8 = d4 & ps_later(d4, cy->d4, 4);
    r->d12 = d8 & ps_later(d4, cy->d4, 8);
    uint64_t second = ps_later(d4, cy->d4, 5) | ps_later(d4, cy->d4, 6) | ps_later(d4, cy->d4, 7);
    uint64_t grouped = d4 & second;
    if (grouped) { /* rare in text: only then look for the first group */
        uint64_t first = 0;
        for (unsigned k = 10; k <= 16; k++) first |= ps_later(d4, cy->d4, k);
        grouped &= first;
    }
    r->grouped = grouped;
    cy->d = d;
    cy->d2 = d2;
    cy->d4 = d4;
    return r->d12 | r->grouped;
}

static inline void ps_skip_chain(ps_carry *cy) { cy->c = cy->c2 = cy->c4 = ~(uint64_t)0; }

static inline uint64_t ps_trigger_chain(uint64_t c, ps_carry *cy, const ps_digits *r) {
    uint64_t c2 = c & ps_later(c, cy->c, 1);
    uint64_t c4 = c2 & ps_later(c2, cy->c2, 2);
    uint64_t c8 = c4 & ps_later(c4, cy->c4, 4);
    uint64_t c14 = c8 & ps_later(c4, cy->c4, 8) & ps_later(c2, cy->c2, 12);
    cy->c = c;
    cy->c2 = c2;
    cy->c4 = c4;
    return r->d12 | (c14 & r->grouped);
}

/*
 * Verify every segment where t fires in the block at pos (masks d and c; bytes
 * past len count as no class). The masks give the segment's bounds inside the
 * block; a segment that runs out of the block is followed byte by byte.
 * Returns where the scan goes on: pos + 64, or the end of a segment that ran
 * past the block (the caller then clears its carries: that byte has no class).
 */
static inline size_t ps_fire(const uint8_t *buf, size_t len, size_t pos, uint64_t t, uint64_t d,
                             uint64_t c, ps_out *o) {
    const uint64_t nc = ~c;
    while (t) {
        unsigned bit = ps_ctz64(t);
        uint64_t below = nc & ((((uint64_t)1) << bit) - 1);
        uint64_t above = nc & (~(uint64_t)0 << bit);
        int all_digits = 1; /* are the segment's chain bytes all digits? */
        size_t ss, se;
        uint64_t seg = ~(uint64_t)0; /* the segment's bits in this block */
        if (below) {
            ss = pos + 64 - (size_t)ps_clz64(below);
            seg &= ~(((uint64_t)1 << (ss - pos)) - 1);
        } else {
            for (ss = pos; ss > 0 && ps_is_chain(buf[ss - 1]); ss--)
                all_digits &= ps_is_digit(buf[ss - 1]);
        }
        if (above) {
            se = pos + (size_t)ps_ctz64(above);
            seg &= (above & (0 - above)) - 1;
        } else {
            for (se = pos + 64; se < len && ps_is_chain(buf[se]); se++)
                all_digits &= ps_is_digit(buf[se]);
        }
        all_digits &= (c & ~d & seg) == 0;
        ps_verify(buf, len, ss, se, all_digits, o);
        if (se - pos >= 64) return se;
        t &= ~(uint64_t)0 << (se - pos);
    }
    return pos + 64;
}

/* The two trigger loops; each calls ps_fire where the trigger fires. */
void ps_scan_portable(const uint8_t *buf, size_t len, ps_out *o);
#if PS_HAVE_X86_SIMD
void ps_scan_avx2(const uint8_t *buf, size_t len, ps_out *o);
#endif

#endif /* PANSAFE_INTERNAL_H */
