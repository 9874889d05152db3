/*
 * portable.c - the trigger loop in plain C: always compiled, always tested,
 * and the path on CPUs without AVX2 (ARM included).
 *
 * The digit mask is computed 8 bytes at a time (SWAR); the chain-byte mask,
 * needed only for blocks that pass the digit test, from the class table.
 */
#include <string.h>

#include "internal.h"

#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

/* One bit per byte of w: byte k is an ASCII digit. */
static inline uint64_t digits8(uint64_t w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x = w ^ (0x30 * ONES);                  /* digits become 0..9 */
    uint64_t big = ((x & ~HIGH) + 0x76 * ONES) | x;  /* high bit: byte >= 10 */
    uint64_t hi = ~big & HIGH;                       /* high bit: a digit */
    return ((hi >> 7) * 0x0102040810204080ull) >> 56; /* gather the 8 high bits */
#else
    uint64_t m = 0;
    uint8_t b[8];
    memcpy(b, &w, 8);
    for (unsigned i = 0; i < 8; i++) m |= (uint64_t)ps_is_digit(b[i]) << i;
    return m;
#endif
}

static inline uint64_t digit_mask(const uint8_t *p) {
    uint64_t m = 0;
    for (unsigned i = 0; i < 8; i++) {
        uint64_t w;
        memcpy(&w, p + 8 * i, 8);
        m |= digits8(w) << (8 * i);
    }
    return m;
}

static inline uint64_t chain_mask(const uint8_t *p) {
    uint64_t m = 0;
    for (unsigned i = 0; i < 64; i++) m |= (uint64_t)((ps_class[p[i]] & PS_CHAIN) >> 1) << i;
    return m;
}

/* From a block that passed the digit test on, while the trigger fires or a
 * segment is pending (see avx2.c, dense). */
static size_t dense(const uint8_t *buf, size_t len, size_t pos, uint64_t d, ps_digits r,
                    ps_carry *carry, ps_out *o) {
    uint8_t tail[64];
    ps_carry cy = *carry;
    const uint8_t *p = ps_block_at(buf, len, pos, tail);
    uint64_t c = chain_mask(p);
    uint64_t t = ps_trigger_chain(c, &cy, &r);
    ps_segs sg;
    /* The previous block's masks, only when the first segment starts before this block. */
    if (pos >= 64 && t && !(~c & ((t & (0 - t)) - 1)))
        ps_segs_enter(&sg, chain_mask(buf + pos - 64), digit_mask(buf + pos - 64));
    else
        ps_segs_enter(&sg, 0, 0);
    for (;;) {
        ps_segments(buf, len, pos, t, d, c, &sg, o, ps_luhn);
        pos += 64;
        if (pos >= len) {
            ps_segs_finish(buf, len, &sg, o, ps_luhn);
            break;
        }
        p = ps_block_at(buf, len, pos, tail);
        d = digit_mask(p);
        if (!ps_trigger_digits(d, &cy, &r) && !sg.pending) {
            ps_skip_chain(&cy);
            pos += 64;
            break;
        }
        c = chain_mask(p);
        t = ps_trigger_chain(c, &cy, &r);
    }
    *carry = cy;
    return pos;
}

void ps_scan_portable(const uint8_t *buf, size_t len, ps_out *o) {
    ps_carry cy;
    memset(&cy, 0, sizeof cy);
    size_t pos = 0;
    while (pos < len && len - pos >= 64) {
        const uint8_t *p = buf + pos;
        if (pos + PS_PREFETCH < len) __builtin_prefetch(buf + pos + PS_PREFETCH);
        uint64_t d = digit_mask(p);
        ps_digits r;
        if (!ps_trigger_digits(d, &cy, &r) ||
            (!r.d12 && !(ps_chain14_alone(chain_mask(p)) & r.grouped))) {
            ps_skip_chain(&cy);
            pos += 64;
            continue;
        }
        ps_carry dense_cy = cy; /* only this copy escapes: cy stays in registers */
        pos = dense(buf, len, pos, d, r, &dense_cy, o);
        cy = dense_cy;
    }
    if (pos < len) { /* the tail, padded with NUL bytes */
        uint8_t tail[64];
        uint64_t d = digit_mask(ps_block_at(buf, len, pos, tail));
        ps_digits r;
        if (ps_trigger_digits(d, &cy, &r)) dense(buf, len, pos, d, r, &cy, o);
    }
}
