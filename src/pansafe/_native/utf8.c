/*
 * utf8.c - what Python's strict UTF-8 decoder says of a buffer, without the text.
 *
 * The scanner reads UTF-8 files as bytes (scan.py, _scan_bytes) and needs of
 * each window only whether it is valid UTF-8, how many bytes form complete
 * characters and how many characters they are. Decoding the window to a str to
 * learn that took about as long as scanning it.
 */
#include "internal.h"

/* Is p[0..n) the start of a valid sequence that the buffer's end cuts short? */
static int incomplete(const uint8_t *p, size_t n) {
    uint8_t b0 = p[0];
    size_t need = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3
                  : b0 >= 0xF0 && b0 <= 0xF4                 ? 4
                                                             : 0;
    if (need == 0 || n >= need) return 0;
    for (size_t i = 1; i < n; i++) {
        /* The limits on the second byte that CPython checks before the sequence is
         * complete (overlong forms, past U+10FFFF; surrogates only once complete). */
        uint8_t lo = 0x80, hi = 0xBF;
        if (i == 1 && b0 == 0xE0) lo = 0xA0;
        if (i == 1 && b0 == 0xF0) lo = 0x90;
        if (i == 1 && b0 == 0xF4) hi = 0x8F;
        if (p[i] < lo || p[i] > hi) return 0;
    }
    return 1;
}

/* The ASCII bytes at the start of buf[0..len), in whole words of 8 bytes: a
 * byte >= 0x80 ends the run (its word's other bytes are left to the caller). */
static size_t ascii_run(const uint8_t *buf, size_t len) {
    const uint64_t top = 0x8080808080808080ull;
    size_t i = 0;
    for (; len - i >= 32; i += 32) { /* most of a log file */
        uint64_t x[4];
        memcpy(x, buf + i, 32);
        if ((x[0] | x[1] | x[2] | x[3]) & top) break;
    }
    for (; len - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, buf + i, 8);
        if (x & top) break;
    }
    return i;
}

#if PS_HAVE_X86_SIMD
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,popcnt")))

/* ascii_run, 32 bytes a step, up to the first byte >= 0x80 exactly. */
AVX2 static size_t ascii_run_avx2(const uint8_t *buf, size_t len) {
    size_t i = 0;
    for (; len - i >= 32; i += 32) {
        uint32_t high = (uint32_t)_mm256_movemask_epi8(_mm256_loadu_si256((const __m256i *)(buf + i)));
        if (high) return i + (size_t)ps_ctz64(high);
    }
    return i;
}
#endif

int pansafe_utf8_check(const uint8_t *buf, size_t len, int final, int simd, int64_t *used,
                       int64_t *chars) {
    if ((buf == NULL && len > 0) || used == NULL || chars == NULL || len > (size_t)INT64_MAX)
        return PANSAFE_EINVAL;
    size_t p = 0, n = 0;
    int valid = 1;
    while (p < len) {
        size_t run;
#if PS_HAVE_X86_SIMD
        if (simd)
            run = ascii_run_avx2(buf + p, len - p);
        else
#endif
            run = ascii_run(buf + p, len - p);
        p += run;
        n += run;
        if (p == len) break;
        uint32_t cp;
        size_t k = ps_utf8_decode(buf + p, len - p, &cp);
        if (cp == PS_UTF8_INVALID) {
            valid = !final && incomplete(buf + p, len - p);
            break;
        }
        p += k;
        n++;
    }
    *used = (int64_t)p;
    *chars = (int64_t)n;
    return valid;
}

/* The sum of the eight byte lanes of acc, each at most 255. */
static inline size_t lane_sum(uint64_t acc) {
    acc = (acc & 0x00FF00FF00FF00FFull) + ((acc >> 8) & 0x00FF00FF00FF00FFull);
    return (size_t)((acc * 0x0001000100010001ull) >> 48);
}

#if PS_HAVE_X86_SIMD
/* count_bytes, 32 bytes a step: a compare each, counted by popcount (2.5-3x the
 * words of eight on a log file). */
AVX2 static void count_bytes_avx2(const uint8_t *buf, size_t len, size_t *newlines,
                                  size_t *cont) {
    const __m256i nl_byte = _mm256_set1_epi8('\n'), c0 = _mm256_set1_epi8((char)0xC0);
    size_t nl = 0, ct = 0, i = 0;
    for (; len - i >= 32; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(buf + i));
        nl += (size_t)__builtin_popcount((uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, nl_byte)));
        /* 0x80-0xBF are the signed bytes below (int8_t)0xC0 */
        ct += (size_t)__builtin_popcount((uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(c0, x)));
    }
    for (; i < len; i++) {
        nl += buf[i] == '\n';
        ct += ps_utf8_cont(buf[i]);
    }
    if (newlines != NULL) *newlines += nl;
    *cont += ct;
}
#endif

/*
 * The newlines (with newlines set) and the continuation bytes in buf[0..len),
 * in one pass, eight bytes at a time: a flag in each byte's top bit (exact: no
 * carry crosses a byte), shifted to the byte's low bit and summed in the lanes
 * of a word for up to 255 words before the lanes are added up. simd: with AVX2.
 */
static void count_bytes(const uint8_t *buf, size_t len, size_t *newlines, size_t *cont,
                        int simd) {
#if PS_HAVE_X86_SIMD
    if (simd) {
        count_bytes_avx2(buf, len, newlines, cont);
        return;
    }
#else
    (void)simd;
#endif
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, top = 0x8080808080808080ull;
    size_t nl = 0, ct = 0, i = 0;
    for (size_t words = len / 8; words > 0;) {
        size_t m = words < 255 ? words : 255;
        uint64_t acc_nl = 0, acc_ct = 0;
        for (size_t r = 0; r < m; r++) {
            uint64_t x;
            memcpy(&x, buf + i + 8 * r, 8);
            uint64_t y = x ^ 0x0A0A0A0A0A0A0A0Aull;
            acc_nl += (~(((y & low7) + low7) | y | low7)) >> 7;
            acc_ct += (x & ~(x << 1) & top) >> 7; /* 10xxxxxx */
        }
        nl += lane_sum(acc_nl);
        ct += lane_sum(acc_ct);
        i += 8 * m;
        words -= m;
    }
    for (; i < len; i++) {
        nl += buf[i] == '\n';
        ct += ps_utf8_cont(buf[i]);
    }
    if (newlines != NULL) *newlines += nl;
    *cont += ct;
}

size_t ps_count_chars(const uint8_t *buf, size_t len, int simd) {
    size_t cont = 0;
    count_bytes(buf, len, NULL, &cont, simd);
    return len - cont;
}

int pansafe_line_columns(const uint8_t *buf, size_t len, const int64_t *pos, size_t n,
                         int simd, int64_t *lines, int64_t *cols) {
    if ((buf == NULL && len > 0) || (n > 0 && (pos == NULL || lines == NULL || cols == NULL)))
        return PANSAFE_EINVAL;
    size_t at = 0, nl = 0, count = 0; /* up to buf[at]: newlines, characters */
    int64_t line_start = -1;           /* characters before the last line's start */
    for (size_t i = 0; i < n; i++) {
        if (pos[i] < (int64_t)at || (uint64_t)pos[i] > len) return PANSAFE_EINVAL;
        size_t p = (size_t)pos[i], k = p;
        while (k > at && buf[k - 1] != '\n') k--; /* after the last newline before p */
        if (k > at) {
            size_t cont = 0;
            count_bytes(buf + at, k - at, &nl, &cont, simd);
            count += k - at - cont;
            line_start = (int64_t)count;
            at = k;
        }
        count += ps_count_chars(buf + at, p - at, simd);
        at = p;
        lines[i] = (int64_t)nl;
        cols[i] = line_start < 0 ? -1 : (int64_t)count - line_start;
    }
    return 0;
}
