/*
 * avx2.c - the trigger loop with AVX2: two 32-byte loads per 64-byte block,
 * each byte classified with two nibble lookups (vpshufb).
 *
 * Compiled for baseline x86-64; only these functions are built for AVX2
 * (target attribute) and scan.c calls them only when the CPU has AVX2.
 */
#include "internal.h"

#if PS_HAVE_X86_SIMD
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

/*
 * Chain bytes by nibbles: a byte is a chain byte when the bits of its low and
 * high nibble's entries meet. Bit 1: digits 3x (x <= 9). Bit 2: ' ' 20,
 * '%' 25, '+' 2B, '-' 2D, '.' 2E. Bit 4: 80, 89. Bit 8: A0, AF. Bit 16: C2, E2.
 */
#define B_DIG 1
#define B_PUN 2
#define B_8X 4
#define B_AX 8
#define B_CE 16

static AVX2 inline __m256i nibble_table_lo(void) {
    /* low nibble:        0                              1      2      3      4  */
    return _mm256_setr_epi8(B_DIG | B_PUN | B_8X | B_AX, B_DIG, B_DIG | B_CE, B_DIG, B_DIG,
                            /* 5 */ B_DIG | B_PUN, /* 6 */ B_DIG, /* 7 */ B_DIG,
                            /* 8 */ B_DIG, /* 9 */ B_DIG | B_8X, /* A */ 0, /* B */ B_PUN,
                            /* C */ 0, /* D */ B_PUN, /* E */ B_PUN, /* F */ B_AX,
                            B_DIG | B_PUN | B_8X | B_AX, B_DIG, B_DIG | B_CE, B_DIG, B_DIG,
                            B_DIG | B_PUN, B_DIG, B_DIG, B_DIG, B_DIG | B_8X, 0, B_PUN, 0,
                            B_PUN, B_PUN, B_AX);
}

static AVX2 inline __m256i nibble_table_hi(void) {
    /* high nibble: 2 -> punctuation, 3 -> digits, 8, A, C and E */
    return _mm256_setr_epi8(0, 0, B_PUN, B_DIG, 0, 0, 0, 0, B_8X, 0, B_AX, 0, B_CE, 0, B_CE, 0,
                            0, 0, B_PUN, B_DIG, 0, 0, 0, 0, B_8X, 0, B_AX, 0, B_CE, 0, B_CE, 0);
}

static AVX2 inline uint32_t digits32(__m256i v) {
    /* v + 0x50 maps '0'..'9' to -128..-119 (signed): one compare */
    __m256i x = _mm256_add_epi8(v, _mm256_set1_epi8(0x50));
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(_mm256_set1_epi8(-118), x));
}

static AVX2 inline uint32_t chain32(__m256i v, __m256i lo_t, __m256i hi_t) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    __m256i lo = _mm256_and_si256(v, low4);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low4);
    __m256i k = _mm256_and_si256(_mm256_shuffle_epi8(lo_t, lo), _mm256_shuffle_epi8(hi_t, hi));
    return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(k, _mm256_setzero_si256()));
}

static AVX2 inline uint64_t digits64(const uint8_t *p) {
    __m256i v0 = _mm256_loadu_si256((const __m256i *)p);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 32));
    return (uint64_t)digits32(v0) | ((uint64_t)digits32(v1) << 32);
}

static AVX2 inline uint64_t chain64(const uint8_t *p) {
    const __m256i lo_t = nibble_table_lo(), hi_t = nibble_table_hi();
    __m256i v0 = _mm256_loadu_si256((const __m256i *)p);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 32));
    return (uint64_t)chain32(v0, lo_t, hi_t) | ((uint64_t)chain32(v1, lo_t, hi_t) << 32);
}

/*
 * From a block that passed the digit test (d, r) on: the chain-byte mask, the
 * full trigger and the segments (ps_segments), block after block while the
 * trigger fires or a segment is pending, as in digit-dense data. Out of line:
 * the sparse loop keeps its registers. The chain-byte carries start all ones
 * (the sparse loop does not track them). Returns where the sparse loop goes on.
 */
static AVX2 __attribute__((noinline)) size_t dense(const uint8_t *buf, size_t len, size_t pos,
                                                   uint64_t d, ps_digits r, ps_carry *carry,
                                                   ps_out *o) {
    uint8_t tail[64];
    ps_carry cy = *carry;
    ps_skip_chain(&cy);
    const uint8_t *p = ps_block_at(buf, len, pos, tail);
    uint64_t c = chain64(p);
    uint64_t t = ps_trigger_chain(c, &cy, &r);
    ps_segs sg;
    /* The previous block's masks, only when the first segment starts before this block. */
    if (pos >= 64 && t && !(~c & ((t & (0 - t)) - 1)))
        ps_segs_enter(&sg, chain64(buf + pos - 64), digits64(buf + pos - 64));
    else
        ps_segs_enter(&sg, 0, 0);
    for (;;) {
        ps_segments(buf, len, pos, t, d, c, &sg, o, ps_luhn_sse2);
        pos += 64;
        if (pos >= len) {
            ps_segs_finish(buf, len, &sg, o, ps_luhn_sse2);
            break;
        }
        p = ps_block_at(buf, len, pos, tail);
        d = digits64(p);
        if (!ps_trigger_digits(d, &cy, &r) && !sg.pending) {
            pos += 64;
            break;
        }
        c = chain64(p);
        t = ps_trigger_chain(c, &cy, &r);
    }
    *carry = cy;
    return pos;
}

/*
 * The sparse loop: the digit masks and the digit test of ps_trigger_digits,
 * with the carries in registers and the rare first-group test left to
 * ps_trigger_digits (d12 | second is looser than its answer). A block that
 * passes on the grouped test alone goes to the dense loop only if its own
 * chain bytes allow it too (ps_chain14_alone: UUIDs and hex ids do not); the
 * software prefetch keeps this loop near the memory-read ceiling.
 */
AVX2 void ps_scan_avx2(const uint8_t *buf, size_t len, ps_out *o) {
    uint64_t pd = 0, pd2 = 0, pd4 = 0; /* the previous block's digits, 2 and 4 in a row */
    size_t pos = 0;
    while (pos < len) {
        uint8_t tail[64];
        const uint8_t *p = ps_block_at(buf, len, pos, tail);
        if (pos + PS_PREFETCH < len) __builtin_prefetch(buf + pos + PS_PREFETCH);
        uint64_t d = digits64(p);
        uint64_t d2 = d & ps_later(d, pd, 1);
        uint64_t d4 = d2 & ps_later(d2, pd2, 2);
        uint64_t d12 = d4 & ps_later(d4, pd4, 4) & ps_later(d4, pd4, 8);
        uint64_t second = d4 & ((d4 | d4 << 1 | d4 << 2) << 5 | pd4 >> 57 | pd4 >> 58 | pd4 >> 59);
        if (__builtin_expect((d12 | second) != 0, 0)) {
            ps_carry cy = {pd, pd2, pd4, 0, 0, 0};
            ps_digits r;
            if (ps_trigger_digits(d, &cy, &r) &&
                (r.d12 || (ps_chain14_alone(chain64(p)) & r.grouped))) {
                pos = dense(buf, len, pos, d, r, &cy, o);
                pd = cy.d;
                pd2 = cy.d2;
                pd4 = cy.d4;
                continue;
            }
        }
        pd = d;
        pd2 = d2;
        pd4 = d4;
        pos += 64;
    }
}
#else
typedef int ps_no_avx2; /* ISO C forbids an empty translation unit */
#endif
