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

/*
 * Context words (docs/detection.md, "Context words"): the twin of
 * pansafe.detectors.keywords.find_context_words_python, with identical results.
 *
 * Python compiles the keyword table once per language set (pansafe._native.
 * compile_keywords); every array belongs to the caller and is only read.
 *
 * Text is decoded as UTF-8; each byte that does not start a valid sequence is one
 * character that is neither a letter nor a word character (Python's
 * surrogateescape). A character below PANSAFE_CP_LIMIT has cp_info[cp]: the class
 * of its folded form (0: in no stem or suffix) and PANSAFE_CP_WORD when the word
 * rules count it as a word character; every other character has cp_info 0.
 */
enum { PANSAFE_CP_LIMIT = 0x500, PANSAFE_CP_CLASS = 0xFF, PANSAFE_CP_WORD = 0x100 };

/* Stem flags: SHORT (word start, then only a listed suffix), ANYWHERE (may start
 * inside a word), EXACT (the text must be spelled exactly like exact[...]). */
enum { PANSAFE_STEM_SHORT = 1, PANSAFE_STEM_ANYWHERE = 2, PANSAFE_STEM_EXACT = 4 };

typedef struct pansafe_keywords {
    const uint16_t *cp_info;     /* [PANSAFE_CP_LIMIT] */
    const int32_t *root;         /* [256]: the root's child per class, or -1 */
    const int32_t *node_edges;   /* [n_nodes + 1]: node i's edges, first..last+1 */
    const int32_t *node_stem;    /* [n_nodes]: the stem ending at node i, or -1 */
    const uint8_t *edge_class;   /* [n_edges] */
    const int32_t *edge_to;      /* [n_edges] */
    const int32_t *stem_kind;    /* [n_stems]: reported as the span's kind */
    const int32_t *stem_flags;   /* [n_stems] */
    const int32_t *stem_exact;   /* [n_stems + 1]: stem i's spelling, exact[a..b) */
    const uint8_t *exact;        /* UTF-8 */
    const int32_t *suffix_start; /* [n_suffixes + 1]: suffix i, suffix_class[a..b) */
    const uint8_t *suffix_class; /* classes of the folded suffixes' characters */
    /* [257 * 4] bitmaps of 256 bits, a filter that never rejects a stem's start:
     * row b < 128, bit c: an ASCII b followed by byte c may start a stem; row 128,
     * bit b: a character whose first byte is b >= 0x80 may start one; row 129 + b,
     * bit c: as row b, for stems that may start inside a word (after a word byte). */
    const uint64_t *starts;
    /* [16] the ASCII word bytes for the AVX2 path, as a nibble table: entry l
     * has bit h set when the byte with low nibble l and high nibble h (< 8) is
     * a word byte. */
    const uint8_t *word_bytes;
    /* [PANSAFE_GRAM_WORDS] a second filter, on four ASCII bytes at once, from
     * pansafe_keywords_grams (hashed: the first four folded bytes of every stem). */
    const uint32_t *grams;
    int32_t n_nodes;
    int32_t n_edges;
    int32_t n_stems;
    int32_t n_suffixes;
    int32_t n_exact;
    int32_t n_suffix_class;
    int32_t simd; /* 1: take the AVX2 path (callers set it from pansafe_simd_level) */
    /* [2 * 8 * 16] a filter on four bytes for the AVX2 path (Teddy-style: the
     * trie's first four UTF-8 bytes, in 16 buckets): for 8 buckets judged at word
     * starts only, then for 8 judged everywhere, eight 16-byte nibble tables (the
     * low and the high nibble of the first byte, the same of the second, third
     * and fourth), entry n having bit k set when a key of bucket k has nibble n
     * there. Four bytes pass when their eight entries of one half share a bit;
     * the first four bytes of every stem do, in any spelling, and any bytes after
     * a stem of fewer than four: at a word start in either half, inside a word
     * (after an ASCII word byte) in the second, where the stems that may start
     * inside a word have theirs. */
    const uint8_t *quad_buckets;
    /* The same table for the stems of the value kinds alone (CVV, PIN, expiry),
     * whose own `values` is NULL; or NULL. pansafe_detect uses it on long texts
     * to find the lines where context words are needed (see there). */
    const struct pansafe_keywords *values;
} pansafe_keywords;

/* 0 when every index in the table is in range, else PANSAFE_EINVAL. */
int pansafe_keywords_check(const pansafe_keywords *kw);

enum { PANSAFE_GRAM_WORDS = 4105 };
/* Fill grams[0..PANSAFE_GRAM_WORDS) from a table that passes the check (its own
 * `grams` not read), to be set as its `grams`. Returns 0, or PANSAFE_EINVAL (also
 * when the table folds ASCII otherwise than the Python twin). */
int pansafe_keywords_grams(const pansafe_keywords *kw, uint32_t *grams);

/*
 * The context words in buf[0..len), left to right, never overlapping: at the
 * leftmost position where a stem matches the folded text, the longest stem there;
 * kept if it obeys its word rules (then the search goes on at its end), else the
 * search goes on one character later. Spans (kind = stem_kind) go to out[0..cap).
 * Returns the number of words; a value > cap is the count when out was too small
 * (only cap spans written). PANSAFE_EINVAL: a NULL table, or the arguments of
 * pansafe_find_candidates. The table is not checked here: pansafe_keywords_check.
 */
int64_t pansafe_find_context_words(const pansafe_keywords *kw, const uint8_t *buf, size_t len,
                                   pansafe_span *out, size_t cap);

/*
 * The whole detect step (docs/detection.md, "Detectors" and "Overlaps"): the twin
 * of pansafe.detectors.detect_python, up to the filters of the scan options
 * (kinds, brands, test cards, allow list), which stay in Python.
 *
 * Brands come from an IIN table that Python builds once from pansafe.iin (the one
 * source of truth): rows sorted by (width, low), prefixes of `width` digits.
 */
typedef struct {
    const int32_t *width_start; /* [10]: rows of width w are [width_start[w], width_start[w+1]) */
    const uint32_t *low;        /* [n] first `width` digits, as a number */
    const uint32_t *high;       /* [n] */
    const uint32_t *lengths;    /* [n] bit L: the brand issues L-digit PANs */
    const int32_t *brand;       /* [n] index into pansafe.iin.BRANDS */
    int32_t n;
    /* An index that pansafe_iin_index fills, or NULL (then every lookup searches
     * the rows): for the first four digits p of a PAN, by4[p] is the row of
     * `shapes` that holds its brand by length (shapes[row * 32 + length], or -1),
     * or PANSAFE_IIN_SLOW where a row wider than four digits starts with p. */
    const uint16_t *by4;  /* [PANSAFE_IIN_PREFIXES] */
    const int8_t *shapes; /* [n_shapes * 32] */
    int32_t n_shapes;
    /* pansafe.testcards.TEST_CARDS, digits read as a number, with their count
     * (leading zeros count), sorted by (value, digits); n_test_cards may be 0. */
    const uint64_t *test_value; /* [n_test_cards] */
    const uint8_t *test_digits; /* [n_test_cards] */
    int32_t n_test_cards;
} pansafe_iin;

enum { PANSAFE_IIN_PREFIXES = 10000, PANSAFE_IIN_SLOW = 0xFFFF };

/* 0 when the table is well formed (sorted, disjoint per width, its index in
 * range), else PANSAFE_EINVAL. */
int pansafe_iin_check(const pansafe_iin *iin);

/* Fill by4[PANSAFE_IIN_PREFIXES] and shapes[cap * 32] from the rows of a table
 * that passes the check; the number of shapes, or PANSAFE_EINVAL (a bad table,
 * more than `cap` shapes, a brand index above 127). */
int64_t pansafe_iin_index(const pansafe_iin *iin, uint16_t *by4, int8_t *shapes, size_t cap);

/* The brand of the PAN digits[0..n) (ASCII digits only), or -1: pansafe.iin.lookup. */
int32_t pansafe_iin_lookup(const pansafe_iin *iin, const uint8_t *digits, size_t n);

/* Kinds of findings (candidate kinds, then these) and context-word kinds (the
 * order of pansafe.detectors.keywords.CONTEXT_KINDS). */
enum { PANSAFE_CVV = 4, PANSAFE_PIN = 5, PANSAFE_EXPIRY = 6 };
enum {
    PANSAFE_WORD_PAN = 0,
    PANSAFE_WORD_CVV = 1,
    PANSAFE_WORD_PIN = 2,
    PANSAFE_WORD_EXPIRY = 3,
    PANSAFE_WORD_NOT_PAN = 4
};
/* A work or output array was too small (see pansafe_detect). */
enum { PANSAFE_ESHORT = -2 };
/* Finding flags: a PAN right after a card word, an expiry after an expiry word
 * (STRONG); a PAN written with a '%' (PERCENT: no masked bytes are written,
 * "%20" needs masking.mask_pan's own rule); a PAN, or a track's PAN, that is a
 * published test card number (TEST_CARD: the iin table's test_cards). */
enum { PANSAFE_STRONG = 1, PANSAFE_PERCENT = 2, PANSAFE_TEST_CARD = 4 };
/* pansafe_detect options: fill cstart and cend. */
enum { PANSAFE_CHARS = 1 };

typedef struct {
    int64_t start; /* bytes */
    int64_t end;
    int64_t cstart; /* characters, with PANSAFE_CHARS: bytes that are no UTF-8 */
    int64_t cend;   /* continuation byte (0x80-0xBF), counted from the text's start */
    int32_t kind;   /* PANSAFE_PAN ... PANSAFE_EXPIRY */
    int32_t brand;  /* PAN and track: index into pansafe.iin.BRANDS, or -1 */
    int32_t flags;  /* PANSAFE_STRONG, PANSAFE_PERCENT */
    int32_t seq;    /* scratch; pansafe_detect_many: the text's index */
    /* masks[masked_start..masked_end) (the detect call's `masks`) is Finding.masked
     * in UTF-8, as pansafe.masking makes it: the PAN with the digits it hides
     * starred, the track with all but its PAN's shown digits starred, CVV and PIN
     * starred, the expiry as found. Python decodes it with errors="replace",
     * which gives what masking gives on the decoded text: only ASCII letters and
     * digits are replaced, each by one ASCII byte. Empty with PANSAFE_PERCENT. */
    int32_t masked_start;
    int32_t masked_end;
} pansafe_finding;

/*
 * All findings in buf[0..len), sorted by start and never overlapping, to
 * out[0..count), and their masked text to masks; returns count. `work` holds
 * the candidates and context words meanwhile, `out` also serves as scratch:
 * when either is too small the return value is PANSAFE_ESHORT (call again with
 * larger arrays: out needs three entries per finding before overlaps are
 * resolved, work one per candidate and context word, and one per word of the
 * table's `values`; masks never needs more than len bytes). PANSAFE_EINVAL: NULL
 * tables, or the arguments of pansafe_find_candidates. options: PANSAFE_CHARS or 0.
 *
 * Context words count only before the PANs of a known brand (the word before
 * one) and after the words of the value kinds (the value, and the word after it
 * that ends its reach). So on a text of PANSAFE_WALK_ALL_BELOW bytes or more,
 * with a table that has `values`, words are looked for only on the lines that
 * can hold those: a line with a word of `values`, the lines that start within
 * 64 bytes after its end, and the lines within 64 bytes before a PAN of a known
 * brand. No word holds a line break, so a line searched alone gives just the
 * words the whole text gives there, and the findings are the same
 * (detectors.detect_python does likewise).
 */
enum { PANSAFE_WALK_ALL_BELOW = 4096 };
int64_t pansafe_detect(const pansafe_keywords *kw, const pansafe_iin *iin, const uint8_t *buf,
                       size_t len, pansafe_finding *out, size_t cap, pansafe_span *work,
                       size_t work_cap, uint8_t *masks, size_t masks_cap, int options);

/*
 * pansafe_detect on a text of PANSAFE_PIECES_FROM bytes or more goes through it
 * in pieces of PANSAFE_PIECE bytes, as pansafe_detect_pieces with that piece:
 * its passes (candidates, then brands, words and values at their positions)
 * then revisit bytes still in the cache, where on a text of megabytes they went
 * back to memory (an 8 MB buffer of e-mail tickets: 1.3x faster in pieces).
 */
enum {
    PANSAFE_PIECE = 1 << 20,
    PANSAFE_PIECES_FROM = 2 << 20,
    /* scan.MARGIN: more than the longest finding and the context it is judged by. */
    PANSAFE_PIECE_MARGIN = 512,
};

/*
 * pansafe_detect in overlapping pieces of `piece` bytes (0: the whole text in
 * one), with the same findings: each piece but the first and last reports only
 * the findings that start PANSAFE_PIECE_MARGIN bytes or more from its ends, as
 * the scanner's windows do, and the next starts that far before the end of its
 * report. For the tests, which compare small pieces with the whole text.
 * PANSAFE_EINVAL also when piece is not 0 and at most 2 * PANSAFE_PIECE_MARGIN.
 */
int64_t pansafe_detect_pieces(const pansafe_keywords *kw, const pansafe_iin *iin,
                              const uint8_t *buf, size_t len, size_t piece,
                              pansafe_finding *out, size_t cap, pansafe_span *work,
                              size_t work_cap, uint8_t *masks, size_t masks_cap, int options);

/*
 * pansafe_detect with its fixed arguments in one struct, for short texts: cffi
 * converts every argument of every call (about 40 ns each here), which is a
 * large part of scanning a 200-byte text. The caller keeps one per thread (the
 * arrays are scratch). Returns as pansafe_detect.
 */
typedef struct {
    const pansafe_keywords *kw;
    const pansafe_iin *iin;
    pansafe_finding *out;
    size_t cap;
    pansafe_span *work;
    size_t work_cap;
    uint8_t *masks;
    size_t masks_cap;
} pansafe_detector;

int64_t pansafe_detect_with(const pansafe_detector *d, const uint8_t *buf, size_t len,
                            int options);

/*
 * pansafe_detect for many texts at once (one call from Python instead of one
 * per text): text i is buf[bounds[i]..bounds[i + 1]), scanned on its own. The
 * findings of all texts go to out in text order, offsets relative to their
 * text (masked_start and masked_end: to masks), with seq set to the text's index. Returns their total count;
 * PANSAFE_ESHORT and PANSAFE_EINVAL (also: bounds not increasing within len)
 * as pansafe_detect.
 */
int64_t pansafe_detect_many(const pansafe_keywords *kw, const pansafe_iin *iin,
                            const uint8_t *buf, size_t len, const int64_t *bounds,
                            size_t n_texts, pansafe_finding *out, size_t cap,
                            pansafe_span *work, size_t work_cap, uint8_t *masks,
                            size_t masks_cap, int options);

/*
 * What Python's strict UTF-8 decoder (codecs.utf_8_decode) makes of buf[0..len),
 * without the text: *used, the bytes it decodes; *chars, the characters in
 * them. Returns 1 when the buffer is valid: all of it, or, when !final, all but
 * a sequence the end cuts short (the decoder leaves it for the next call).
 * Returns 0 when it is not (*used: the bytes before the first invalid one).
 * simd: 1 takes the AVX2 path (callers set it from pansafe_simd_level).
 */
int pansafe_utf8_check(const uint8_t *buf, size_t len, int final, int simd, int64_t *used,
                       int64_t *chars);

/*
 * Where the scanner's findings are in lines, for n byte positions pos[0..n) in
 * buf[0..len), sorted: lines[i], the newlines before pos[i]; cols[i], the
 * characters (bytes that are no UTF-8 continuation byte) after the last of them
 * up to pos[i], or -1 when there is none. One pass over the bytes up to the
 * last position. 0, or PANSAFE_EINVAL (positions unsorted or past len). simd:
 * as for pansafe_utf8_check.
 */
int pansafe_line_columns(const uint8_t *buf, size_t len, const int64_t *pos, size_t n,
                         int simd, int64_t *lines, int64_t *cols);

#endif /* PANSAFE_H */
