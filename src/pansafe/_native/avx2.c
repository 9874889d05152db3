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
#include <string.h>

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

/* A block that passed the digit test: chain-byte mask, full trigger, segments.
 * Out of line: rare in text, and the fast loop keeps its registers. */
static AVX2 __attribute__((noinline)) size_t slow_block(const uint8_t *buf, size_t len, size_t pos,
                                                        const uint8_t *p, uint64_t d,
                                                        const ps_digits *r, ps_carry *cy,
                                                        ps_out *o) {
    const __m256i lo_t = nibble_table_lo(), hi_t = nibble_table_hi();
    __m256i v0 = _mm256_loadu_si256((const __m256i *)p);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 32));
    uint64_t c = (uint64_t)chain32(v0, lo_t, hi_t) | ((uint64_t)chain32(v1, lo_t, hi_t) << 32);
    uint64_t t = ps_trigger_chain(c, cy, r);
    size_t next = ps_fire(buf, len, pos, t, d, c, o);
    if (next != pos + 64) memset(cy, 0, sizeof *cy); /* resumed after a segment */
    return next;
}

AVX2 void ps_scan_avx2(const uint8_t *buf, size_t len, ps_out *o) {
    ps_carry cy;
    memset(&cy, 0, sizeof cy);
    size_t pos = 0;
    while (pos < len && len - pos >= 64) { /* the fast loop: digits only */
        const uint8_t *p = buf + pos;
        uint64_t d = digits64(p);
        ps_digits r;
        if (!ps_trigger_digits(d, &cy, &r)) {
            ps_skip_chain(&cy);
            pos += 64;
            continue;
        }
        ps_carry slow = cy; /* only this copy escapes: cy stays in registers */
        pos = slow_block(buf, len, pos, p, d, &r, &slow, o);
        cy = slow;
    }
    while (pos < len) { /* the tail, padded with NUL bytes (no class) */
        uint8_t tail[64];
        memset(tail, 0, sizeof tail);
        memcpy(tail, buf + pos, len - pos);
        uint64_t d = digits64(tail);
        ps_digits r;
        if (!ps_trigger_digits(d, &cy, &r)) break;
        ps_carry slow = cy;
        pos = slow_block(buf, len, pos, tail, d, &r, &slow, o);
        cy = slow;
    }
}
#else
typedef int ps_no_avx2; /* ISO C forbids an empty translation unit */
#endif
