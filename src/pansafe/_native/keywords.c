/*
 * keywords.c - context words: the twin of keywords.find_context_words_python.
 *
 * A filter built with the table (pansafe_keywords.starts: which pairs of bytes can
 * begin a stem) skips most positions with one bit test. Elsewhere the trie of
 * folded stems is walked from the root (a dense table per class), keeping
 * the longest stem that ends. The word rules then decide, as keywords._accept
 * does. The text is never copied: each character is decoded and folded (through
 * cp_info) as the walk reads it.
 */
#include <string.h>

#include "internal.h"

/* Any value >= PANSAFE_CP_LIMIT: a byte that starts no valid UTF-8 sequence. */
#define INVALID 0xFFFFFFFFu
/* The longest rest of a word compared with the suffixes; longer rests match none. */
#define MAX_REST 64

static inline int cont(uint8_t b) { return (b & 0xC0) == 0x80; }

/* Decode one character at p (n > 0 bytes left), strictly, like Python's codec. */
static inline size_t decode(const uint8_t *p, size_t n, uint32_t *cp) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (n >= 2 && cont(p[1])) {
            *cp = ((uint32_t)(b0 & 0x1F) << 6) | (p[1] & 0x3F);
            return 2;
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (n >= 3 && cont(p[1]) && cont(p[2]) && !(b0 == 0xE0 && p[1] < 0xA0) &&
            !(b0 == 0xED && p[1] > 0x9F)) {
            *cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            return 3;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (n >= 4 && cont(p[1]) && cont(p[2]) && cont(p[3]) && !(b0 == 0xF0 && p[1] < 0x90) &&
            !(b0 == 0xF4 && p[1] > 0x8F)) {
            *cp = ((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
                  ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
            return 4;
        }
    }
    *cp = INVALID;
    return 1;
}

static inline unsigned info_of(const pansafe_keywords *kw, uint32_t cp) {
    return cp < PANSAFE_CP_LIMIT ? kw->cp_info[cp] : 0;
}

static inline int32_t child(const pansafe_keywords *kw, int32_t node, unsigned cls) {
    for (int32_t e = kw->node_edges[node]; e < kw->node_edges[node + 1]; e++)
        if (kw->edge_class[e] == cls) return kw->edge_to[e];
    return -1;
}

int pansafe_keywords_check(const pansafe_keywords *kw) {
    if (kw == NULL || !kw->cp_info || !kw->root || !kw->node_edges || !kw->node_stem ||
        !kw->stem_kind || !kw->stem_flags || !kw->stem_exact || !kw->suffix_start || !kw->starts ||
        !kw->nibble_sets)
        return PANSAFE_EINVAL;
    if (kw->n_nodes < 1 || kw->n_edges < 0 || kw->n_stems < 0 || kw->n_suffixes < 0 ||
        kw->n_exact < 0 || kw->n_suffix_class < 0)
        return PANSAFE_EINVAL;
    if ((kw->n_edges > 0 && (!kw->edge_class || !kw->edge_to)) ||
        (kw->n_exact > 0 && !kw->exact) || (kw->n_suffix_class > 0 && !kw->suffix_class))
        return PANSAFE_EINVAL;
    for (int i = 0; i < 256; i++)
        if (kw->root[i] < -1 || kw->root[i] >= kw->n_nodes || (i == 0 && kw->root[i] != -1))
            return PANSAFE_EINVAL;
    if (kw->node_edges[0] != 0 || kw->node_edges[kw->n_nodes] != kw->n_edges)
        return PANSAFE_EINVAL;
    for (int32_t i = 0; i < kw->n_nodes; i++) {
        if (kw->node_edges[i + 1] < kw->node_edges[i]) return PANSAFE_EINVAL;
        if (kw->node_stem[i] < -1 || kw->node_stem[i] >= kw->n_stems) return PANSAFE_EINVAL;
    }
    for (int32_t e = 0; e < kw->n_edges; e++)
        if (kw->edge_to[e] < 1 || kw->edge_to[e] >= kw->n_nodes || kw->edge_class[e] == 0)
            return PANSAFE_EINVAL;
    if (kw->stem_exact[0] != 0 || kw->stem_exact[kw->n_stems] != kw->n_exact)
        return PANSAFE_EINVAL;
    for (int32_t i = 0; i < kw->n_stems; i++)
        if (kw->stem_exact[i + 1] < kw->stem_exact[i]) return PANSAFE_EINVAL;
    if (kw->suffix_start[0] != 0 || kw->suffix_start[kw->n_suffixes] != kw->n_suffix_class)
        return PANSAFE_EINVAL;
    for (int32_t i = 0; i < kw->n_suffixes; i++)
        if (kw->suffix_start[i + 1] < kw->suffix_start[i]) return PANSAFE_EINVAL;
    return 0;
}

/*
 * Is the character before p a word character? p is a character boundary (an ASCII
 * or a lead byte). The character before it is the valid sequence of 2-4 bytes that
 * ends there, if there is one (its lead is a boundary too: no valid sequence
 * holds a lead byte inside), else the single byte before p.
 */
static int prev_is_word(const pansafe_keywords *kw, const uint8_t *buf, size_t len, size_t p) {
    if (p == 0) return 0;
    if (buf[p - 1] < 0x80) return (info_of(kw, buf[p - 1]) & PANSAFE_CP_WORD) != 0;
    for (size_t k = 2; k <= 4 && k <= p; k++) {
        uint32_t cp;
        if (!cont(buf[p - k]) && decode(buf + p - k, len - (p - k), &cp) == k)
            return (info_of(kw, cp) & PANSAFE_CP_WORD) != 0;
        if (!cont(buf[p - k])) break;
    }
    return 0; /* an invalid byte: no letter, no word character */
}

/* Is rest[0..n) (classes) one of the suffixes? */
static int is_suffix(const pansafe_keywords *kw, const uint8_t *rest, size_t n) {
    for (int32_t i = 0; i < kw->n_suffixes; i++) {
        size_t a = (size_t)kw->suffix_start[i], b = (size_t)kw->suffix_start[i + 1];
        if (b - a == n && memcmp(kw->suffix_class + a, rest, n) == 0) return 1;
    }
    return 0;
}

/*
 * keywords._accept: where the word found at [start, end) ends, or -1 when its
 * stem's rules reject it (prev_word: the character before start is a word character).
 */
static int64_t accept(const pansafe_keywords *kw, const uint8_t *buf, size_t len, int32_t stem,
                      size_t start, size_t end, int prev_word) {
    int32_t flags = kw->stem_flags[stem];
    if (flags & PANSAFE_STEM_EXACT) {
        size_t a = (size_t)kw->stem_exact[stem], b = (size_t)kw->stem_exact[stem + 1];
        if (b - a != end - start || memcmp(buf + start, kw->exact + a, b - a) != 0) return -1;
    }
    if (!(flags & PANSAFE_STEM_ANYWHERE) && prev_word) return -1;
    if (!(flags & PANSAFE_STEM_SHORT)) return (int64_t)end;
    uint8_t rest[MAX_REST];
    size_t n = 0, r = end;
    while (r < len) {
        uint32_t cp;
        size_t k = decode(buf + r, len - r, &cp);
        unsigned info = info_of(kw, cp);
        if (!(info & PANSAFE_CP_WORD)) break;
        if (n < MAX_REST) rest[n] = (uint8_t)(info & PANSAFE_CP_CLASS);
        n++;
        r += k;
    }
    if (n == 0) return (int64_t)end;
    if (n > MAX_REST || !is_suffix(kw, rest, n)) return -1;
    return (int64_t)r;
}

/*
 * One position of the scan: where the scan goes on after p (and the word found
 * there, if any, appended to out).
 */
static inline size_t step(const pansafe_keywords *kw, const uint8_t *buf, size_t len, size_t p,
                          pansafe_span *out, size_t cap, size_t *count) {
    /* The filter: most positions cannot start a stem (the bitmaps never say so
     * wrongly). ASCII bytes and lead bytes are character boundaries. */
    const uint64_t *starts = kw->starts;
    uint8_t b = buf[p];
    if (b < 0x80) {
        if (p + 1 < len) {
            uint8_t c = buf[p + 1];
            /* After an ASCII word byte only stems that may start inside a word count. */
            int inside = p > 0 && buf[p - 1] < 0x80 && (kw->cp_info[buf[p - 1]] & PANSAFE_CP_WORD);
            unsigned row = inside ? 129u + b : b;
            if (!((starts[row * 4u + (c >> 6)] >> (c & 63)) & 1u)) return p + 1;
        }
    } else if (!((starts[128 * 4 + (b >> 6)] >> (b & 63)) & 1u)) {
        return p + 1;
    }
    uint32_t cp;
    size_t n = decode(buf + p, len - p, &cp);
    unsigned info = info_of(kw, cp);
    int32_t node = kw->root[info & PANSAFE_CP_CLASS];
    if (node < 0) return p + n;
    int prev_word = prev_is_word(kw, buf, len, p);
    int32_t best = kw->node_stem[node];
    size_t q = p + n, best_end = q;
    while (q < len) {
        uint32_t c2;
        size_t k = decode(buf + q, len - q, &c2);
        unsigned cls = info_of(kw, c2) & PANSAFE_CP_CLASS;
        if (cls == 0 || (node = child(kw, node, cls)) < 0) break;
        q += k;
        if (kw->node_stem[node] >= 0) {
            best = kw->node_stem[node];
            best_end = q;
        }
    }
    if (best < 0) return p + n;
    int64_t end = accept(kw, buf, len, best, p, best_end, prev_word);
    if (end < 0) return p + n;
    if (*count < cap) {
        out[*count].kind = kw->stem_kind[best];
        out[*count].start = (int64_t)p;
        out[*count].end = end;
    }
    ++*count;
    return (size_t)end;
}

static size_t scan_portable(const pansafe_keywords *kw, const uint8_t *buf, size_t len,
                            pansafe_span *out, size_t cap) {
    size_t count = 0;
    for (size_t p = 0; p < len;) p = step(kw, buf, len, p, out, cap, &count);
    return count;
}

#if PS_HAVE_X86_SIMD
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

/* 0xFF where byte x is in the set whose nibble table is t (see pansafe.h). */
AVX2 static inline __m256i in_set(__m256i x, const uint8_t *t) {
    const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64,
                                          -128, 1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32,
                                          64, -128);
    const __m256i low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
    const __m256i high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(t + 16)));
    const __m256i nib = _mm256_set1_epi8(0x0F);
    __m256i lo = _mm256_and_si256(x, nib);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), nib);
    __m256i bit = _mm256_shuffle_epi8(bits, hi);
    __m256i row = _mm256_blendv_epi8(_mm256_shuffle_epi8(low, lo), _mm256_shuffle_epi8(high, lo),
                                     x); /* by the top bit of x: bytes >= 0x80 */
    return _mm256_cmpeq_epi8(_mm256_and_si256(row, bit), bit);
}

/*
 * The same scan, with the positions where step() could find anything taken 32 at a
 * time from byte sets (a superset of the positions its filter lets through): a
 * first byte that may start a stem, a second byte that may follow one, after a
 * word byte or not.
 */
AVX2 static size_t scan_avx2(const pansafe_keywords *kw, const uint8_t *buf, size_t len,
                             pansafe_span *out, size_t cap) {
    const uint8_t *t = kw->nibble_sets;
    size_t count = 0, p = 0;
    while (p < len) {
        if (p == 0 || p + 33 > len) {
            p = step(kw, buf, len, p, out, cap, &count);
            continue;
        }
        __m256i x = _mm256_loadu_si256((const __m256i *)(buf + p));
        __m256i prev = _mm256_loadu_si256((const __m256i *)(buf + p - 1));
        __m256i next = _mm256_loadu_si256((const __m256i *)(buf + p + 1));
        __m256i word = in_set(prev, t + 4 * 32);
        __m256i start = _mm256_and_si256(in_set(x, t), in_set(next, t + 32));
        __m256i inside = _mm256_and_si256(in_set(x, t + 2 * 32), in_set(next, t + 3 * 32));
        uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_blendv_epi8(start, inside, word));
        size_t block = p; /* p: the first position the scan has not passed */
        while (m) {
            size_t at = block + (size_t)ps_ctz64(m);
            m &= m - 1;
            if (at >= p) p = step(kw, buf, len, at, out, cap, &count); /* else inside a word */
        }
        if (p < block + 32) p = block + 32;
    }
    return count;
}
#endif

int64_t pansafe_find_context_words(const pansafe_keywords *kw, const uint8_t *buf, size_t len,
                                   pansafe_span *out, size_t cap) {
    if (kw == NULL || (buf == NULL && len > 0) || (out == NULL && cap > 0) ||
        len > (size_t)INT64_MAX || cap > (size_t)INT64_MAX)
        return PANSAFE_EINVAL;
#if PS_HAVE_X86_SIMD
    if (kw->simd) return (int64_t)scan_avx2(kw, buf, len, out, cap);
#endif
    return (int64_t)scan_portable(kw, buf, len, out, cap);
}
