/*
 * keywords.c - context words: the twin of keywords.find_context_words_python.
 *
 * Two filters built with the table skip most positions: which pairs of bytes
 * can begin a stem (pansafe_keywords.starts, one bit test; the AVX2 path has
 * four-byte buckets before it, 32 positions at once), then, on four ASCII
 * bytes, a hashed set of the stems' first four folded bytes (the gram filter:
 * logs and code are full of word starts that begin like some stem, few that go
 * on like one). Elsewhere the trie of folded stems is walked from the root
 * (a dense table per class), keeping the longest stem that ends. The word rules
 * then decide, as keywords._accept does. The text is never copied: each
 * character is decoded and folded (through cp_info) as the walk reads it.
 */
#include <string.h>

#include "internal.h"

/* The longest rest of a word compared with the suffixes; longer rests match none. */
#define MAX_REST 64

static inline unsigned info_of(const pansafe_keywords *kw, uint32_t cp) {
    return cp < PANSAFE_CP_LIMIT ? kw->cp_info[cp] : 0;
}

static inline int32_t child(const pansafe_keywords *kw, int32_t node, unsigned cls) {
    for (int32_t e = kw->node_edges[node]; e < kw->node_edges[node + 1]; e++)
        if (kw->edge_class[e] == cls) return kw->edge_to[e];
    return -1;
}

/* ------------------------------------------------------------ gram filter */

/*
 * The second filter looks at four ASCII bytes at once, folded as the Python
 * twin folds ASCII (fold_ascii): the first four characters of every stem, or
 * a shorter stem with any fourth byte, hashed into 2^16 slots of two bits
 * (bit 0: such a stem may start here at a word start; bit 1: inside a word).
 * Stems of two characters are compared whole (GRAM_PAIRS of them at most).
 * Any byte >= 0x80 among the four lets the position through: ASCII bytes fold
 * only to ASCII, so such text can match no stem written in ASCII, and the
 * others are the trie's to judge.
 */
enum {
    GRAM_SLOT_WORDS = 4096,           /* 2^16 slots of 2 bits in uint32 words */
    GRAM_FLAGS = GRAM_SLOT_WORDS,     /* flags, and the pair count in bits 8-15 */
    GRAM_PAIR0 = GRAM_SLOT_WORDS + 1, /* the two-character stems, folded */
    GRAM_PAIRS = PANSAFE_GRAM_WORDS - GRAM_PAIR0,
    GRAM_START_ALL = 1,  /* let every word start through (a one-character stem...) */
    GRAM_INSIDE_ALL = 2, /* let every position inside a word through */
};
#define GRAM_MUL 0x9E3779B1u

/* keywords._fold on one ASCII byte: lower case; '-', '_' and TAB read as spaces. */
static inline uint8_t fold_ascii(uint8_t b) {
    if (b >= 'A' && b <= 'Z') return (uint8_t)(b + 32);
    return b == '-' || b == '_' || b == '\t' ? ' ' : b;
}

/* fold_ascii on the four bytes of w at once (each below 0x80): no carry crosses
 * a byte, so each byte's top bit answers for that byte alone. */
static inline uint32_t fold4_ascii(uint32_t w) {
    const uint32_t top = 0x80808080u;
    uint32_t upper = (w + 0x3F3F3F3Fu) & ~(w + 0x25252525u) & top; /* 'A' <= b <= 'Z' */
    uint32_t space = 0;
    for (uint32_t c = 0; c < 3; c++) { /* b == '-', '_' or TAB */
        uint32_t x = w ^ (0x2D5F09u >> (8 * c) & 0xFFu) * 0x01010101u;
        space |= ~(x + 0x7F7F7F7Fu) & top;
    }
    uint32_t mask = (space >> 7) * 0xFFu;
    return ((w + (upper >> 2)) & ~mask) | (0x20202020u & mask);
}

static int table_check(const pansafe_keywords *kw);

static inline uint32_t gram_slot(uint32_t key) { return (key * GRAM_MUL) >> 16; }

static void gram_set(uint32_t *g, uint32_t key, unsigned bit) {
    uint32_t s = gram_slot(key);
    g[s >> 4] |= (uint32_t)bit << (2 * (s & 15));
}

/* Is a stem that may start inside a word at node or below it? */
static int reaches_anywhere(const pansafe_keywords *kw, int32_t node, int depth) {
    int32_t stem = kw->node_stem[node];
    if (stem >= 0 && (kw->stem_flags[stem] & PANSAFE_STEM_ANYWHERE)) return 1;
    if (depth > 64) return 0; /* no stem is this long; guards a malformed table */
    for (int32_t e = kw->node_edges[node]; e < kw->node_edges[node + 1]; e++)
        if (reaches_anywhere(kw, kw->edge_to[e], depth + 1)) return 1;
    return 0;
}

/* Add the keys at node: depth characters deep, spelt key (folded bytes, the
 * first in the low byte); cls_byte maps a class to its folded ASCII byte. */
static void gram_add(const pansafe_keywords *kw, const uint8_t *cls_byte, uint32_t *g,
                     int32_t node, int depth, uint32_t key) {
    int32_t stem = kw->node_stem[node];
    if (depth == 4) {
        gram_set(g, key, 1);
        if (reaches_anywhere(kw, node, depth)) gram_set(g, key, 2);
        return;
    }
    if (stem >= 0) {
        if (kw->stem_flags[stem] & PANSAFE_STEM_ANYWHERE) g[GRAM_FLAGS] |= GRAM_INSIDE_ALL;
        uint32_t pairs = (g[GRAM_FLAGS] >> 8) & 0xFF;
        if (depth == 3) {
            for (unsigned b = 0; b < 128; b++) /* any fourth byte, as folded */
                if (fold_ascii((uint8_t)b) == b) gram_set(g, key | b << 24, 1);
        } else if (depth == 2 && pairs < GRAM_PAIRS) {
            g[GRAM_PAIR0 + pairs] = key;
            g[GRAM_FLAGS] += 1u << 8;
        } else {
            g[GRAM_FLAGS] |= GRAM_START_ALL;
        }
    }
    for (int32_t e = kw->node_edges[node]; e < kw->node_edges[node + 1]; e++) {
        uint8_t b = cls_byte[kw->edge_class[e]];
        if (b != 0) /* else a character no ASCII byte folds to */
            gram_add(kw, cls_byte, g, kw->edge_to[e], depth + 1, key | (uint32_t)b << (8 * depth));
    }
}

int pansafe_keywords_grams(const pansafe_keywords *kw, uint32_t *grams) {
    if (grams == NULL || table_check(kw) != 0) return PANSAFE_EINVAL;
    uint8_t cls_byte[256] = {0};
    for (unsigned b = 1; b < 128; b++) {
        unsigned cls = kw->cp_info[b] & PANSAFE_CP_CLASS;
        if (cls == 0) continue;
        if (cls_byte[cls] != 0 && cls_byte[cls] != fold_ascii((uint8_t)b))
            return PANSAFE_EINVAL; /* the table folds ASCII otherwise than fold_ascii */
        cls_byte[cls] = fold_ascii((uint8_t)b);
    }
    memset(grams, 0, PANSAFE_GRAM_WORDS * sizeof *grams);
    for (unsigned cls = 1; cls < 256; cls++)
        if (kw->root[cls] >= 0 && cls_byte[cls] != 0)
            gram_add(kw, cls_byte, grams, kw->root[cls], 1, cls_byte[cls]);
    return 0;
}

/*
 * May a stem start at four folded ASCII bytes (key, the first in the low byte)?
 * Bit 0: at a word start; bit 1: inside a word, after an ASCII word byte, where
 * only stems that may start inside a word count. (The flags word's two low bits
 * are GRAM_START_ALL and GRAM_INSIDE_ALL, laid out as a slot's bits.)
 */
static inline uint32_t gram_bits(const uint32_t *g, uint32_t key) {
    uint32_t slot = gram_slot(key);
    uint32_t bits = (g[slot >> 4] >> (2 * (slot & 15))) | g[GRAM_FLAGS];
    uint32_t pairs = (g[GRAM_FLAGS] >> 8) & 0xFF;
    for (uint32_t i = 0; i < pairs; i++) bits |= (g[GRAM_PAIR0 + i] == (key & 0xFFFF));
    return bits;
}

/* gram_bits at s (four ASCII bytes), at a word start or inside a word. */
static inline uint32_t gram_pass(const uint32_t *g, const uint8_t *s, uint32_t inside) {
    uint32_t key = fold4_ascii((uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 |
                               (uint32_t)s[3] << 24);
    return (gram_bits(g, key) >> (inside ? 1 : 0)) & 1u;
}

/* pansafe_keywords_check but for `grams`, which pansafe_keywords_grams fills. */
static int table_check(const pansafe_keywords *kw) {
    if (kw == NULL || !kw->cp_info || !kw->root || !kw->node_edges || !kw->node_stem ||
        !kw->stem_kind || !kw->stem_flags || !kw->stem_exact || !kw->suffix_start || !kw->starts ||
        !kw->word_bytes || !kw->quad_buckets)
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

static int whole_check(const pansafe_keywords *kw) {
    return table_check(kw) != 0 || kw->grams == NULL ? PANSAFE_EINVAL : 0;
}

int pansafe_keywords_check(const pansafe_keywords *kw) {
    if (whole_check(kw) != 0) return PANSAFE_EINVAL;
    const pansafe_keywords *values = kw->values;
    return values != NULL && (whole_check(values) != 0 || values->values != NULL) ? PANSAFE_EINVAL
                                                                                  : 0;
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
        if (!ps_utf8_cont(buf[p - k]) && ps_utf8_decode(buf + p - k, len - (p - k), &cp) == k)
            return (info_of(kw, cp) & PANSAFE_CP_WORD) != 0;
        if (!ps_utf8_cont(buf[p - k])) break;
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
        size_t k = ps_utf8_decode(buf + r, len - r, &cp);
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
 * Walk the trie from p, a character boundary that passed the filter: where the
 * scan goes on after p (and the word found there, if any, appended to out).
 */
static size_t walk(const pansafe_keywords *kw, const uint8_t *buf, size_t len, size_t p,
                   pansafe_span *out, size_t cap, size_t *count) {
    uint32_t cp;
    size_t n = ps_utf8_decode(buf + p, len - p, &cp);
    unsigned info = info_of(kw, cp);
    int32_t node = kw->root[info & PANSAFE_CP_CLASS];
    if (node < 0) return p + n;
    int32_t best = kw->node_stem[node];
    size_t q = p + n, best_end = q;
    while (q < len) {
        uint32_t c2;
        size_t k = ps_utf8_decode(buf + q, len - q, &c2);
        unsigned cls = info_of(kw, c2) & PANSAFE_CP_CLASS;
        if (cls == 0 || (node = child(kw, node, cls)) < 0) break;
        q += k;
        if (kw->node_stem[node] >= 0) {
            best = kw->node_stem[node];
            best_end = q;
        }
    }
    if (best < 0) return p + n; /* most walks: a stem's first letters, no stem */
    int64_t end = accept(kw, buf, len, best, p, best_end, prev_is_word(kw, buf, len, p));
    if (end < 0) return p + n;
    if (*count < cap) {
        out[*count].kind = kw->stem_kind[best];
        out[*count].start = (int64_t)p;
        out[*count].end = end;
    }
    ++*count;
    return (size_t)end;
}

/*
 * One position of the scan: where the scan goes on after p. The filters first
 * (they never say no wrongly): which pairs of bytes may start a stem, then, on
 * four ASCII bytes, the gram filter; then the walk.
 */
static inline size_t step(const pansafe_keywords *kw, const uint8_t *buf, size_t len, size_t p,
                          pansafe_span *out, size_t cap, size_t *count) {
    const uint64_t *starts = kw->starts;
    uint8_t b = buf[p];
    if (b < 0x80) {
        if (p + 1 < len) {
            uint8_t c = buf[p + 1];
            /* After an ASCII word byte only stems that may start inside a word count. */
            uint32_t inside =
                p > 0 && buf[p - 1] < 0x80 && (kw->cp_info[buf[p - 1]] & PANSAFE_CP_WORD);
            unsigned row = inside ? 129u + b : b;
            if (!((starts[row * 4u + (c >> 6)] >> (c & 63)) & 1u)) return p + 1;
            if (p + 4 <= len) {
                uint32_t four;
                memcpy(&four, buf + p, 4);
                if (!(four & 0x80808080u) && !gram_pass(kw->grams, buf + p, inside)) return p + 1;
            }
        }
    } else if (!((starts[128 * 4 + (b >> 6)] >> (b & 63)) & 1u)) {
        return p + 1;
    }
    return walk(kw, buf, len, p, out, cap, count);
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

/* 0xFF where byte x is an ASCII word byte, by the nibble table t (pansafe.h:
 * word_bytes); a byte >= 0x80 gets no bit to test, so never is one. */
AVX2 static inline __m256i word_byte(__m256i x, const uint8_t *t) {
    const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0,
                                          1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i rows = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
    const __m256i nib = _mm256_set1_epi8(0x0F);
    __m256i bit = _mm256_shuffle_epi8(bits, _mm256_and_si256(_mm256_srli_epi16(x, 4), nib));
    __m256i row = _mm256_shuffle_epi8(rows, _mm256_and_si256(x, nib));
    __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(row, bit), _mm256_setzero_si256());
    return _mm256_xor_si256(none, _mm256_set1_epi8(-1));
}

/*
 * gram_pass for the positions m of the block at s, one after another (in_word:
 * bit i set after an ASCII word byte). Positions in high (a byte >= 0x80 among
 * their four) pass. Each key is read from the text and folded in a register
 * (3-5% faster than reading it from a copy of the block folded at once, with
 * two overlapping stores a load may have to wait for). Tried and slower, side
 * by side: gathering the slots of all 32 positions (four AVX2 gathers, slow on
 * the CPUs we measured); hashing the keys of all 32 at once; listing the
 * positions of 64 blocks first and filtering the list in a loop of its own.
 */
AVX2 static inline uint32_t gram_each(const uint32_t *g, const uint8_t *s, uint32_t high,
                                      uint32_t in_word, uint32_t m) {
    uint32_t keep = m & high;
    m &= ~high;
    while (m) {
        unsigned i = (unsigned)ps_ctz64(m);
        m &= m - 1;
        uint32_t four;
        memcpy(&four, s + i, 4); /* x86: the first byte in the low byte */
        keep |= ((gram_bits(g, fold4_ascii(four)) >> ((in_word >> i) & 1u)) & 1u) << i;
    }
    return keep;
}

/*
 * The positions of a block whose four bytes (x[0] from each, x[1] from the next
 * one on, ...), if all ASCII, may begin a stem by quad_buckets (word: 0xFF after
 * an ASCII word byte): the buckets of word starts count only where word is 0,
 * those of stems that may start inside a word everywhere.
 */
AVX2 static inline uint32_t quad_mask(const uint8_t *t, const __m256i *x, __m256i word) {
    const __m256i nib = _mm256_set1_epi8(0x0F);
    __m256i n[8];
    for (int i = 0; i < 4; i++) {
        n[2 * i] = _mm256_and_si256(x[i], nib);
        n[2 * i + 1] = _mm256_and_si256(_mm256_srli_epi16(x[i], 4), nib);
    }
    __m256i b[2];
    for (int k = 0; k < 2; k++) {
        b[k] = _mm256_set1_epi8(-1);
        for (int i = 0; i < 8; i++) {
            __m128i row = _mm_loadu_si128((const __m128i *)(t + 128 * k + 16 * i));
            b[k] = _mm256_and_si256(
                b[k], _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(row), n[i]));
        }
    }
    __m256i none = _mm256_cmpeq_epi8(_mm256_or_si256(_mm256_andnot_si256(word, b[0]), b[1]),
                                     _mm256_setzero_si256());
    return ~(uint32_t)_mm256_movemask_epi8(none);
}

/*
 * The positions of the 32 at s that may start a stem (s[-1] and s[0..35) are
 * read). The quad buckets judge four bytes together: in words of logs and
 * code they leave about one position a block, where byte sets for the first
 * two bytes (first byte of a stem, byte after one; used before them) left 5.9
 * and 8.1. The byte sets were dropped in two steps, each faster side by side:
 * on blocks of ASCII (1.05-1.2x, mostly the branch on their answer), then, with
 * the quad buckets spelling stems in UTF-8, everywhere (tickets in seven
 * languages 1.25x). The gram filter takes the rest.
 */
AVX2 static inline __attribute__((always_inline)) uint32_t block_mask(const pansafe_keywords *kw,
                                                                      const uint8_t *s, int first) {
    __m256i x0 = _mm256_loadu_si256((const __m256i *)s);
    __m256i x1 = _mm256_loadu_si256((const __m256i *)(s + 1));
    /* The bytes before s's; at the text's start a zero byte (no word byte), then x0's first 31. */
    __m256i prev = first ? _mm256_alignr_epi8(x0, _mm256_permute2x128_si256(x0, x0, 0x08), 15)
                         : _mm256_loadu_si256((const __m256i *)(s - 1));
    __m256i word = word_byte(prev, kw->word_bytes);
    __m256i x[4] = {x0, x1, _mm256_loadu_si256((const __m256i *)(s + 2)),
                    _mm256_loadu_si256((const __m256i *)(s + 3))};
    uint32_t m = quad_mask(kw->quad_buckets, x, word);
    if (m == 0) return 0;
    uint32_t high = (uint32_t)_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_or_si256(x[0], x[1]), _mm256_or_si256(x[2], x[3])));
    return gram_each(kw->grams, s, high, (uint32_t)_mm256_movemask_epi8(word), m);
}

/*
 * The same scan as scan_portable, 32 positions at a time: block_mask, then
 * step() at each position it leaves. The last 35 bytes (and a text shorter
 * than that) are filtered in a copy with zero bytes around them: a zero byte is
 * no word byte, as the text's ends are not, and step() checks again in the
 * text. The first block of a longer text reads its zero byte before it from a
 * register instead (3-5% of a 200-byte ticket's words: the copy's loads waited
 * for its stores).
 */
AVX2 static size_t scan_avx2(const pansafe_keywords *kw, const uint8_t *buf, size_t len,
                             pansafe_span *out, size_t cap) {
    size_t count = 0, p = 0;
    while (p < len) {
        size_t block = p; /* p: the first position the scan has not passed */
        uint32_t m;
        if (p + 35 <= len) {
            m = block_mask(kw, buf + p, p == 0);
        } else {
            uint8_t pad[1 + 35] = {0};
            size_t a = p > 0 ? p - 1 : p, b = p + 35 < len ? p + 35 : len;
            memcpy(pad + 1 - (p - a), buf + a, b - a);
            m = block_mask(kw, pad + 1, 0);
            if (len - p < 32) m &= (1u << (len - p)) - 1;
        }
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
