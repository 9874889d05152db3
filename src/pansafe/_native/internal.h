/*
 * internal.h - what the scanner's .c files share; not part of the ABI.
 *
 * The scan has two stages:
 *
 *  1. A trigger (portable.c / avx2.c): classify 64 bytes at a time into a digit
 *     mask and a "chain byte" mask (digits and separator bytes) and leave the
 *     block at once unless it holds the end of a run of >= 12 contiguous
 *     digits, or a spot where a grouped PAN could be (see ps_trigger).
 *  2. Verification: the maximal run of chain bytes around the trigger (a
 *     "segment") is verified once, in the block where it ends (ps_segments).
 *     A digit run with only separators around it takes a short path here
 *     (ps_simple_run: edges and a branch-free Luhn); any other segment is
 *     parsed with the spec's rules in plain C (rules.c, ps_verify).
 *
 * The trigger may fire where nothing is found; it must fire in every segment
 * that holds a candidate (tests/test_native.py checks this against the
 * fallback, on both trigger implementations).
 */
#ifndef PANSAFE_INTERNAL_H
#define PANSAFE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
/* Bytes next to a digit run that may belong to a track or a tag (rules.c,
 * run_anchors): before it, the end of a tag 5A's tag and length (':' 'A' 'a');
 * after it, what follows a track's or tag 57's PAN ('^' '=' 'D' 'd'). */
#define PS_ANCHOR_L 16u
#define PS_ANCHOR_R 32u

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

/* The bytes of buf[0..len) that are no UTF-8 continuation byte (utf8.c): its
 * characters, when it is valid UTF-8 that starts on a character. simd: with AVX2. */
size_t ps_count_chars(const uint8_t *buf, size_t len, int simd);

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

/* ------------------------------------------------- short path: digit runs */

/*
 * Rule 2 (Luhn) over buf[s..e), all digits, for 1 <= e - s <= 24 and e >= 24:
 * three 8-byte loads ending at e, digit values and doubled digits by SWAR
 * (2v - 9 when v >= 5; v >= 5 is bit 3 of v + 3), no loop and no branch.
 * Bytes before s are read (they are in the buffer) but not counted. Dense data
 * sends a digit run here every ~20 bytes; the Luhn result is random.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PS_LUHN_SWAR 1
static inline uint64_t ps_luhn_lanes(const uint8_t *p, size_t keep_bytes) {
    static const uint64_t top[9] = {0,
                                    0xFF00000000000000ull,
                                    0xFFFF000000000000ull,
                                    0xFFFFFF0000000000ull,
                                    0xFFFFFFFF00000000ull,
                                    0xFFFFFFFFFF000000ull,
                                    0xFFFFFFFFFFFF0000ull,
                                    0xFFFFFFFFFFFFFF00ull,
                                    0xFFFFFFFFFFFFFFFFull};
    const uint64_t zeros = 0x3030303030303030ull, even = 0x00FF00FF00FF00FFull;
    uint64_t w, keep = top[keep_bytes];
    memcpy(&w, p, 8);
    uint64_t v = ((w & keep) | (zeros & ~keep)) - zeros; /* digit values; 0 outside */
    uint64_t ve = v & even; /* bytes 0, 2, 4, 6: second, fourth, ... from the end: doubled */
    uint64_t ge5 = ((ve + 0x0003000300030003ull) >> 3) & 0x0001000100010001ull;
    return ((v >> 8) & even) + 2 * ve - 9 * ge5; /* four 16-bit lane sums, each <= 27 */
}
#else
#define PS_LUHN_SWAR 0
#endif

static inline int ps_luhn(const uint8_t *buf, size_t s, size_t e) {
#if PS_LUHN_SWAR
    if (e >= 24) {
        size_t n = e - s, n1 = n > 8 ? n - 8 : 0, n2 = n > 16 ? n - 16 : 0;
        uint64_t lanes = ps_luhn_lanes(buf + e - 8, n < 8 ? n : 8) +
                         ps_luhn_lanes(buf + e - 16, n1 < 8 ? n1 : 8) +
                         ps_luhn_lanes(buf + e - 24, n2 < 8 ? n2 : 8);
        return ((lanes * 0x0001000100010001ull) >> 48) % 10 == 0;
    }
#endif
    static const uint8_t dbl[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
    unsigned total = 0, odd = 0;
    for (size_t i = e; i > s; i--, odd ^= 1)
        total += odd ? dbl[buf[i - 1] - '0'] : (unsigned)(buf[i - 1] - '0');
    return total % 10 == 0;
}

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define PS_LUHN_SSE2 1
/*
 * ps_luhn on SSE2 lanes (baseline x86-64, so it inlines into any loop), for the
 * AVX2 loop; the portable loop keeps ps_luhn, and the tests compare the two.
 * Two 16-byte loads ending at e, doubled digits as 2v - 9 where v > 4 on the
 * even lanes (the second, fourth, ... digit from the end), lanes before s
 * masked off, one sum of absolute differences. Up to 32 digits, e >= 32.
 */
static inline int ps_luhn_sse2(const uint8_t *buf, size_t s, size_t e) {
    static const uint8_t last[64] = { /* 32 zeros, then 32 ones: lanes s..e-1 of a window */
        0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
        0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
        0,    0,    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF};
    if (e < 32) return ps_luhn(buf, s, e);
    size_t n = e - s < 32 ? e - s : 32; /* past 19 digits the answer is not used */
    const __m128i zero = _mm_set1_epi8('0'), even = _mm_set1_epi16(0x00FF);
    const __m128i four = _mm_set1_epi8(4), nine = _mm_set1_epi8(9);
    __m128i hi = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(buf + e - 16)), zero);
    __m128i lo = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(buf + e - 32)), zero);
    /* even lanes: v + (v - 9 if v > 4) */
    __m128i hi9 = _mm_and_si128(_mm_cmpgt_epi8(hi, four), nine);
    __m128i lo9 = _mm_and_si128(_mm_cmpgt_epi8(lo, four), nine);
    hi = _mm_add_epi8(hi, _mm_and_si128(even, _mm_sub_epi8(hi, hi9)));
    lo = _mm_add_epi8(lo, _mm_and_si128(even, _mm_sub_epi8(lo, lo9)));
    hi = _mm_and_si128(hi, _mm_loadu_si128((const __m128i *)(last + n + 16)));
    lo = _mm_and_si128(lo, _mm_loadu_si128((const __m128i *)(last + n)));
    __m128i sum = _mm_sad_epu8(_mm_add_epi8(hi, lo), _mm_setzero_si128());
    unsigned total = (unsigned)_mm_cvtsi128_si32(sum) + (unsigned)_mm_extract_epi16(sum, 4);
    return total % 10 == 0;
}
#else
#define PS_LUHN_SSE2 0
#endif

/*
 * The short path for a segment [ss, se) made of one digit run [ds, de) and
 * separator bytes only around it: the common segments of dense data and logs
 * (a CSV field "1732824466217", an id "imei=353379905045937 ", a phone number
 * "+447700979890", " 38528501972027725085915 ").
 *
 * Then rules.c finds at most one span there, and exactly this one, unless a
 * byte next to the run may belong to a track or a tag (PS_ANCHOR_* on the
 * bytes before ss and at de; the function then returns 0 and ps_verify
 * decides) or a '%' precedes the run (a "%20" chain start): the whole run as a
 * contiguous PAN when it has 12-19 digits, the left edge (rule 3) and right
 * edge (rule 4) allow it, and Luhn holds (luhn_ok). The segment holds one
 * chain of one group (the separators link no digits), so rules 1-5 reduce to
 * the contiguous case, and the edge rules look at most two bytes out: the
 * separator next to the run, or the non-chain byte past the segment. Why no
 * track or tag: run_anchors looks for tracks and tag 57 only when '^' '=' 'D'
 * or 'd' follows the run, and a tag 5A value needs ' ' ':' 'A' or 'a' right
 * before its run, and when that is a ' ' of the segment the tag's length (a
 * digit 6-9 or 'A') must stand right before it, before ss (a digit would be
 * part of the segment); so PS_ANCHOR_L before ss covers every case.
 *
 * Such a span cannot equal or precede one of an earlier segment (their starts
 * lie before this segment), so it is appended without sorting. The span array
 * slot is written even when nothing is found (no branch on Luhn's answer).
 */
static inline int ps_simple_run(const uint8_t *buf, size_t len, size_t ss, size_t ds, size_t de,
                                size_t se, int luhn_ok, ps_out *o) {
    unsigned out_l = ss > 0 ? ps_class[buf[ss - 1]] : 0; /* the bytes around the segment */
    unsigned out_r = se < len ? ps_class[buf[se]] : 0;
    uint8_t sep_l = ds > ss ? buf[ds - 1] : 0; /* the separators next to the run */
    uint8_t sep_r = de < se ? buf[de] : 0;
    if ((out_l & PS_ANCHOR_L) | (de < len ? ps_class[buf[de]] & PS_ANCHOR_R : 0) | (sep_l == '%'))
        return 0;
    /* Rule 3: no word byte before the run; no '+' (phone numbers); no '-' or
     * '.' right after a word byte. Rule 4: no word byte after it; no '-' or
     * '.' right before one. */
    int word_l =
        (out_l & PS_WORD) && (ds == ss || (ds == ss + 1 && (sep_l == '-' || sep_l == '.')));
    int word_r =
        (out_r & PS_WORD) && (de == se || (de + 1 == se && (sep_r == '-' || sep_r == '.')));
    size_t ok = (size_t)((de - ds - 12 <= 7) & (sep_l != '+') & !word_l & !word_r & luhn_ok);
    if (o->n < o->cap) {
        pansafe_span *sp = &o->out[o->n];
        sp->kind = PANSAFE_PAN;
        sp->start = (int64_t)ds;
        sp->end = (int64_t)de;
    }
    o->n += ok;
    o->seg_first = o->n;
    return 1;
}

/* Verify the segment [ss, se) holding seps separator bytes: the short path
 * when it applies, else ps_verify. luhn is ps_luhn or a SIMD twin of it. */
typedef int (*ps_luhn_fn)(const uint8_t *buf, size_t s, size_t e);

static inline void ps_segment(const uint8_t *buf, size_t len, size_t ss, size_t se, size_t seps,
                              ps_out *o, ps_luhn_fn luhn) {
    size_t ds = ss, de = se;
    if (seps == 0) { /* the most common: digits only */
        if (ps_simple_run(buf, len, ss, ss, se, se, luhn(buf, ss, se), o)) return;
    } else if (seps <= 4) { /* separators around one digit run? */
        while (ds < se && !ps_is_digit(buf[ds])) ds++;
        while (de > ds && !ps_is_digit(buf[de - 1])) de--;
        if ((ds - ss) + (se - de) == seps) {
            if (de - ds < 12) return; /* no PAN, no track or tag: nothing */
            if (ps_simple_run(buf, len, ss, ds, de, se, luhn(buf, ds, de), o)) return;
        }
    }
    ps_verify(buf, len, ss, se, seps == 0, o);
}

/* The 64-byte block at pos: in the buffer, or its last bytes padded with NUL
 * (no class) in tail; both scan loops read blocks through it. */
static inline const uint8_t *ps_block_at(const uint8_t *buf, size_t len, size_t pos,
                                         uint8_t *tail) {
    if (len - pos >= 64) return buf + pos;
    memset(tail, 0, 64);
    memcpy(tail, buf + pos, len - pos);
    return tail;
}

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
 * may over-approximate it (a false trigger costs a look, see ps_segments), never
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
        /* first = ps_later(d4, cy->d4, k) for k = 10..16, OR-ed */
        uint64_t x3 = d4 | d4 << 1 | d4 << 2, p3 = cy->d4 | cy->d4 >> 1 | cy->d4 >> 2;
        uint64_t x7 = x3 | x3 << 3 | d4 << 6, p7 = p3 | p3 >> 3 | cy->d4 >> 6;
        grouped &= x7 << 10 | p7 >> 48;
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
 * Segments across blocks, for loops that keep their 64-byte blocks aligned
 * (both scan loops): each segment is verified once, in the block where it
 * ends (at its first non-chain byte), so a segment never needs reading twice
 * and the blocks never shift.
 */
typedef struct {
    uint64_t c, sep; /* chain bytes and separator bytes of the previous block */
    size_t ss;       /* pending: a triggered segment runs out of the previous block; its start */
    size_t seps;     /* its separator bytes so far */
    int pending;
} ps_segs;

/* Before the block at pos when the previous block's masks are unknown (it was
 * skipped): chain and separator masks of buf[pos - 64, pos), all zero at 0. */
static inline void ps_segs_enter(ps_segs *sg, uint64_t c_prev, uint64_t d_prev) {
    sg->c = c_prev;
    sg->sep = c_prev & ~d_prev;
    sg->ss = sg->seps = 0;
    sg->pending = 0;
}

/*
 * Verify every segment where t fires in the block at pos (masks d and c; bytes
 * past len count as no class), and the segment left pending by the previous
 * block if it ends here. The masks give a segment's bounds: its start in this
 * or the previous block (byte by byte only when it began earlier still), its
 * end here or, when it runs out of the block, later (then it is left pending).
 */
static inline __attribute__((always_inline)) void ps_segments(const uint8_t *buf, size_t len,
                                                              size_t pos, uint64_t t, uint64_t d,
                                                              uint64_t c, ps_segs *sg, ps_out *o,
                                                              ps_luhn_fn luhn) {
    const uint64_t nc = ~c, sep = c & ~d;
    if (sg->pending) {
        if (nc) { /* it ends here */
            unsigned k = ps_ctz64(nc);
            size_t seps = sg->seps + (size_t)__builtin_popcountll(sep & ((((uint64_t)1) << k) - 1));
            sg->pending = 0;
            ps_segment(buf, len, sg->ss, pos + k, seps, o, luhn);
            t &= ~(uint64_t)0 << k;
        } else { /* it runs through the whole block */
            sg->seps += (size_t)__builtin_popcountll(sep);
            t = 0;
        }
    }
    while (t) {
        unsigned bit = ps_ctz64(t);
        uint64_t below = nc & ((((uint64_t)1) << bit) - 1);
        uint64_t above = nc & (~(uint64_t)0 << bit);
        uint64_t mine = ~(uint64_t)0; /* the segment's bytes in this block */
        size_t ss, seps = 0;
        if (below) {
            unsigned first = 64 - ps_clz64(below);
            ss = pos + first;
            mine <<= first;
        } else if (~sg->c) { /* it starts in the previous block */
            unsigned k = ps_clz64(~sg->c); /* its bytes there */
            ss = pos - k;
            seps = k ? (size_t)__builtin_popcountll(sg->sep >> (64 - k)) : 0;
        } else { /* earlier still */
            seps = (size_t)__builtin_popcountll(sg->sep);
            for (ss = pos - 64; ss > 0 && ps_is_chain(buf[ss - 1]); ss--)
                seps += !ps_is_digit(buf[ss - 1]);
        }
        if (!above) { /* it runs out of the block: verified where it ends */
            sg->pending = 1;
            sg->ss = ss;
            sg->seps = seps + (size_t)__builtin_popcountll(sep & mine);
            break;
        }
        unsigned k = ps_ctz64(above);
        mine &= (((uint64_t)1) << k) - 1;
        ps_segment(buf, len, ss, pos + k, seps + (size_t)__builtin_popcountll(sep & mine), o, luhn);
        t &= ~(uint64_t)0 << k;
    }
    sg->c = c;
    sg->sep = sep;
}

/* At the end of the buffer: the pending segment ends there. */
static inline void ps_segs_finish(const uint8_t *buf, size_t len, ps_segs *sg, ps_out *o,
                                  ps_luhn_fn luhn) {
    if (sg->pending) ps_segment(buf, len, sg->ss, len, sg->seps, o, luhn);
    sg->pending = 0;
}

/* The chain-byte part of the trigger for a block whose previous block was
 * not classified (its carries all ones), as ps_trigger_chain computes it
 * after ps_skip_chain: lets the sparse loop drop the blocks that pass the
 * grouped digit test alone (UUIDs, hex ids) without the dense loop. */
static inline uint64_t ps_chain14_alone(uint64_t c) {
    uint64_t c2 = c & (c << 1 | 1);
    uint64_t c4 = c2 & (c2 << 2 | 3);
    return c4 & (c4 << 4 | 0xF) & (c4 << 8 | 0xFF) & (c2 << 12 | 0xFFF);
}

/* Software prefetch distance of the sparse loops, in bytes. */
#define PS_PREFETCH 2048

/* The two trigger loops; each calls ps_segments where the trigger fires. */
void ps_scan_portable(const uint8_t *buf, size_t len, ps_out *o);
#if PS_HAVE_X86_SIMD
void ps_scan_avx2(const uint8_t *buf, size_t len, ps_out *o);
#endif

/* ------------------------------------------------------------------ UTF-8 */

/* What ps_utf8_decode gives a byte that starts no valid sequence (any value
 * above U+10FFFF). */
#define PS_UTF8_INVALID 0xFFFFFFFFu

static inline int ps_utf8_cont(uint8_t b) { return (b & 0xC0) == 0x80; }

/* Decode one character at p (n > 0 bytes left), strictly, like Python's codec:
 * its length, or 1 for a byte that starts no valid sequence. */
static inline size_t ps_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (n >= 2 && ps_utf8_cont(p[1])) {
            *cp = ((uint32_t)(b0 & 0x1F) << 6) | (p[1] & 0x3F);
            return 2;
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (n >= 3 && ps_utf8_cont(p[1]) && ps_utf8_cont(p[2]) && !(b0 == 0xE0 && p[1] < 0xA0) &&
            !(b0 == 0xED && p[1] > 0x9F)) {
            *cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            return 3;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (n >= 4 && ps_utf8_cont(p[1]) && ps_utf8_cont(p[2]) && ps_utf8_cont(p[3]) && !(b0 == 0xF0 && p[1] < 0x90) &&
            !(b0 == 0xF4 && p[1] > 0x8F)) {
            *cp = ((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
                  ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
            return 4;
        }
    }
    *cp = PS_UTF8_INVALID;
    return 1;
}

#endif /* PANSAFE_INTERNAL_H */
