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

int pansafe_utf8_check(const uint8_t *buf, size_t len, int final, int64_t *used, int64_t *chars) {
    if ((buf == NULL && len > 0) || used == NULL || chars == NULL || len > (size_t)INT64_MAX)
        return PANSAFE_EINVAL;
    size_t p = 0, n = 0;
    int valid = 1;
    while (p < len) {
        if (len - p >= 8) { /* ASCII eight bytes at a time: most of a log file */
            uint64_t x;
            memcpy(&x, buf + p, 8);
            if (!(x & 0x8080808080808080ull)) {
                p += 8;
                n += 8;
                continue;
            }
        }
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

/* The newlines in buf[0..len), eight bytes at a time (here and in ps_count_chars,
 * a flag in each byte's top bit, summed by one multiply). */
static size_t newlines(const uint8_t *buf, size_t len) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    size_t n = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, buf + i, 8);
        x ^= 0x0A0A0A0A0A0A0A0Aull;
        uint64_t zero = ~(((x & low7) + low7) | x | low7); /* exact: no carries between bytes */
        n += (size_t)(((zero >> 7) * 0x0101010101010101ull) >> 56);
    }
    for (; i < len; i++) n += buf[i] == '\n';
    return n;
}

size_t ps_count_chars(const uint8_t *buf, size_t len) {
    size_t n = len, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, buf + i, 8);
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull; /* 10xxxxxx */
        n -= (size_t)(((cont >> 7) * 0x0101010101010101ull) >> 56);
    }
    for (; i < len; i++) n -= ps_utf8_cont(buf[i]);
    return n;
}

int pansafe_line_columns(const uint8_t *buf, size_t len, const int64_t *pos, size_t n,
                         int64_t *lines, int64_t *cols) {
    if ((buf == NULL && len > 0) || (n > 0 && (pos == NULL || lines == NULL || cols == NULL)))
        return PANSAFE_EINVAL;
    size_t at = 0, nl = 0, count = 0; /* up to buf[at]: newlines, characters */
    int64_t line_start = -1;           /* characters before the last line's start */
    for (size_t i = 0; i < n; i++) {
        if (pos[i] < (int64_t)at || (uint64_t)pos[i] > len) return PANSAFE_EINVAL;
        size_t p = (size_t)pos[i], k = p;
        while (k > at && buf[k - 1] != '\n') k--; /* after the last newline before p */
        if (k > at) {
            nl += newlines(buf + at, k - at);
            count += ps_count_chars(buf + at, k - at);
            line_start = (int64_t)count;
            at = k;
        }
        count += ps_count_chars(buf + at, p - at);
        at = p;
        lines[i] = (int64_t)nl;
        cols[i] = line_start < 0 ? -1 : (int64_t)count - line_start;
    }
    return 0;
}
