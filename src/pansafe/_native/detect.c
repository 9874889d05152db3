/*
 * detect.c - the detect step: the twin of pansafe.detectors.detect_python.
 *
 * One call finds the candidates (scan.c) and the context words (keywords.c),
 * confirms PANs by brand and by the words before them, reads the values after
 * context words (CVV, PIN, expiry) and the expiry after a PAN, and resolves
 * overlaps. Every function below names the Python it mirrors; the regular
 * expressions there are the spec, and tests/test_detect_native.py checks that
 * both give the same findings for any input.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* detectors/base.py VALUE_GAP; detectors/pan.py NOT_PAN_GAP, PAN_WORD_GAP;
 * detectors/expiry.py _PAN_GAP's bound. */
enum { VALUE_GAP = 32, NOT_PAN_GAP = 16, PAN_WORD_GAP = 32, EXPIRY_GAP = 20 };
/* The longest digit string looked up as a PAN (more digits have no brand). */
enum { MAX_PAN_DIGITS = 19 };

/* \s of a bytes pattern */
static inline int is_space(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }
static inline int is_alpha(uint8_t c) { return (uint8_t)((c | 0x20) - 'a') < 26; }
static inline int is_hex(uint8_t c) { return ps_class[c] & PS_HEX; }
static inline int is_hex_letter(uint8_t c) { return (uint8_t)((c | 0x20) - 'a') < 6; }
static inline int is_masked(uint8_t c) { return c == '*' || c == 'X'; }
static inline int one_of(uint8_t c, const char *set) { return c != 0 && strchr(set, c) != NULL; }

typedef struct {
    const uint8_t *buf;
    size_t len;
    const pansafe_span *words;
    size_t nw;
} scan_ctx;

/* Digits in a row from p. */
static size_t digit_run(const uint8_t *buf, size_t len, size_t p) {
    size_t q = p;
    while (q < len && ps_is_digit(buf[q])) q++;
    return q - p;
}

/* track.pan_in_track: where the PAN of the track buf[s..e) starts, its first run
 * of 12 or more digits, and in *n its digits (at most 19); e and 0 if none. */
static size_t track_pan(const uint8_t *buf, size_t s, size_t e, size_t *n) {
    for (size_t p = s; p < e;) {
        size_t d = digit_run(buf, e, p);
        if (d >= 12) {
            *n = d < MAX_PAN_DIGITS ? d : MAX_PAN_DIGITS;
            return p;
        }
        p += d ? d : 1;
    }
    *n = 0;
    return e;
}

/* ------------------------------------------------------------------ brands */

static uint64_t ten_to(unsigned n) {
    uint64_t p = 1;
    while (n--) p *= 10;
    return p;
}

int pansafe_iin_check(const pansafe_iin *iin) {
    static const uint32_t limit[9] = {0, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                      100000000};
    if (iin == NULL || iin->n < 0 || iin->width_start == NULL) return PANSAFE_EINVAL;
    if (iin->n > 0 && (!iin->low || !iin->high || !iin->lengths || !iin->brand))
        return PANSAFE_EINVAL;
    if (iin->width_start[0] != 0 || iin->width_start[1] != 0 || iin->width_start[9] != iin->n)
        return PANSAFE_EINVAL;
    for (int w = 1; w <= 8; w++) {
        int32_t a = iin->width_start[w], b = iin->width_start[w + 1];
        if (a > b) return PANSAFE_EINVAL;
        for (int32_t i = a; i < b; i++) {
            if (iin->low[i] > iin->high[i] || iin->high[i] >= limit[w] || iin->brand[i] < 0)
                return PANSAFE_EINVAL;
            if (i > a && iin->low[i] <= iin->high[i - 1]) return PANSAFE_EINVAL;
        }
    }
    if (iin->n_test_cards < 0 || (iin->n_test_cards > 0 && (!iin->test_value || !iin->test_digits)))
        return PANSAFE_EINVAL;
    for (int32_t i = 0; i < iin->n_test_cards; i++) {
        uint8_t n = iin->test_digits[i];
        if (n < 1 || n > MAX_PAN_DIGITS || (n < MAX_PAN_DIGITS && iin->test_value[i] >= ten_to(n)))
            return PANSAFE_EINVAL;
        if (i > 0 && (iin->test_value[i] < iin->test_value[i - 1] ||
                      (iin->test_value[i] == iin->test_value[i - 1] && n <= iin->test_digits[i - 1])))
            return PANSAFE_EINVAL; /* unsorted, or twice */
    }
    if (iin->by4 != NULL) {
        if (iin->shapes == NULL || iin->n_shapes < 1 || iin->n_shapes > PANSAFE_IIN_SLOW)
            return PANSAFE_EINVAL;
        for (int p = 0; p < PANSAFE_IIN_PREFIXES; p++)
            if (iin->by4[p] != PANSAFE_IIN_SLOW && iin->by4[p] >= iin->n_shapes)
                return PANSAFE_EINVAL;
    }
    return 0;
}

/* The row of width w whose range holds the prefix v, or -1 (rows are disjoint). */
static int32_t row_holding(const pansafe_iin *iin, int w, uint32_t v) {
    int32_t lo = iin->width_start[w], hi = iin->width_start[w + 1];
    while (lo < hi) { /* the first row with high >= v */
        int32_t mid = lo + (hi - lo) / 2;
        if (iin->high[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < iin->width_start[w + 1] && iin->low[lo] <= v ? lo : -1;
}

/* iin.lookup by the rows: the longest prefix whose brand issues this length wins. */
static int32_t lookup_rows(const pansafe_iin *iin, const uint8_t *digits, size_t n) {
    for (int w = 8; w >= 1; w--) {
        if ((size_t)w > n) continue;
        uint32_t v = 0;
        for (int k = 0; k < w; k++) v = v * 10 + (uint32_t)(digits[k] - '0');
        int32_t row = row_holding(iin, w, v);
        if (row >= 0 && (iin->lengths[row] >> n) & 1u) return iin->brand[row];
    }
    return -1;
}

/* Each PAN candidate of digit-dense text is looked up, so the index answers
 * most of them with two loads; only prefixes that wider rows refine search. */
int32_t pansafe_iin_lookup(const pansafe_iin *iin, const uint8_t *digits, size_t n) {
    if (n > 31) return -1;
    if (iin->by4 != NULL && n >= 4) {
        unsigned d0 = (uint8_t)(digits[0] - '0'), d1 = (uint8_t)(digits[1] - '0'),
                 d2 = (uint8_t)(digits[2] - '0'), d3 = (uint8_t)(digits[3] - '0');
        if (d0 < 10 && d1 < 10 && d2 < 10 && d3 < 10) { /* else no digits to index with */
            unsigned row = iin->by4[d0 * 1000u + d1 * 100u + d2 * 10u + d3];
            if (row != PANSAFE_IIN_SLOW) return iin->shapes[row * 32u + n];
        }
    }
    return lookup_rows(iin, digits, n);
}

int64_t pansafe_iin_index(const pansafe_iin *iin, uint16_t *by4, int8_t *shapes, size_t cap) {
    static const uint32_t scale[9] = {0, 0, 0, 0, 1, 10, 100, 1000, 10000};
    static const uint32_t scale4[5] = {0, 1000, 100, 10, 1};
    if (by4 == NULL || shapes == NULL || cap > PANSAFE_IIN_SLOW) return PANSAFE_EINVAL;
    pansafe_iin rows = *iin;
    rows.by4 = NULL; /* the rows alone must pass, and answer below */
    if (pansafe_iin_check(&rows) != 0) return PANSAFE_EINVAL;
    for (int32_t i = 0; i < rows.n; i++)
        if (rows.brand[i] > 127) return PANSAFE_EINVAL;
    memset(by4, 0, PANSAFE_IIN_PREFIXES * sizeof *by4);
    for (int32_t i = rows.width_start[5]; i < rows.n; i++) { /* rows wider than four digits */
        int w = 5;
        while (i >= rows.width_start[w + 1]) w++;
        for (uint32_t p = rows.low[i] / scale[w]; p <= rows.high[i] / scale[w]; p++)
            by4[p] = PANSAFE_IIN_SLOW;
    }
    size_t n_shapes = 0;
    for (uint32_t p = 0; p < PANSAFE_IIN_PREFIXES; p++) {
        if (by4[p] == PANSAFE_IIN_SLOW) continue;
        /* No wider row starts with p: the brand by length is that of the widest
         * row holding p that issues the length, as lookup_rows answers. */
        uint8_t shape[32];
        memset(shape, 0xFF, sizeof shape); /* -1 */
        for (int w = 1; w <= 4; w++) {
            int32_t row = row_holding(&rows, w, p / scale4[w]);
            if (row < 0) continue;
            for (size_t n = 4; n < 32; n++)
                if ((rows.lengths[row] >> n) & 1u) shape[n] = (uint8_t)rows.brand[row];
        }
        size_t row = 0;
        while (row < n_shapes && memcmp(shapes + row * 32, shape, 32) != 0) row++;
        if (row == n_shapes) {
            if (n_shapes == cap) return PANSAFE_EINVAL;
            memcpy(shapes + row * 32, shape, 32);
            n_shapes++;
        }
        by4[p] = (uint16_t)row;
    }
    return (int64_t)n_shapes;
}

/* Is p[0..n) all ASCII digits? Without a branch per byte: their outcome is random. */
static inline int all_digits(const uint8_t *p, size_t n) {
    unsigned other = 0;
    for (size_t i = 0; i < n; i++) other |= (unsigned)(uint8_t)(p[i] - '0') > 9u;
    return !other;
}

/* masking.pan_digits: the digits of a PAN candidate, "%20" counting as a separator. */
static size_t pan_digits(const uint8_t *buf, size_t s, size_t e, uint8_t *out, size_t cap) {
    size_t n = 0;
    for (size_t i = s; i < e; i++) {
        if (buf[i] == '%' && i + 2 < e && buf[i + 1] == '2' && buf[i + 2] == '0') {
            i += 2;
        } else if (ps_is_digit(buf[i])) {
            if (n < cap) out[n] = buf[i];
            n++;
        }
    }
    return n;
}

/* ------------------------------------------------------- values after words */

/* base._SENTENCE_END searched in buf[a..b): [!?;]\s | (?<=.)\.\s | \.\r?\n */
static int sentence_end(const uint8_t *buf, size_t a, size_t b) {
    for (size_t j = a; j < b; j++) {
        uint8_t c = buf[j];
        if (c == '!' || c == '?' || c == ';') {
            if (j + 1 < b && is_space(buf[j + 1])) return 1;
        } else if (c == '.') {
            if (j > a && j + 1 < b && is_space(buf[j + 1])) return 1;
            if (j + 1 < b && buf[j + 1] == '\n') return 1;
            if (j + 2 < b && buf[j + 1] == '\r' && buf[j + 2] == '\n') return 1;
        }
    }
    return 0;
}

/* base._TOKEN_BEFORE on buf[a..b): (?:[A-Za-z]|[\xc3-\xd4][\x80-\xbf])[-./]?\Z | \+\Z */
static int token_before(const uint8_t *buf, size_t a, size_t b) {
    if (b == a) return 0;
    if (buf[b - 1] == '+') return 1;
    size_t k = one_of(buf[b - 1], "-./") ? b - 1 : b;
    if (k == a) return 0;
    if (is_alpha(buf[k - 1])) return 1;
    return k - a >= 2 && buf[k - 1] >= 0x80 && buf[k - 1] <= 0xBF && buf[k - 2] >= 0xC3 &&
           buf[k - 2] <= 0xD4;
}

/* base.VALUE_END at q: (?![A-Za-z0-9_]|[.,:/\-]\d|[ \-](?:\d{1,4}[*X]{2}|[*X]{4})) */
static int value_end(const uint8_t *buf, size_t len, size_t q) {
    if (q >= len) return 1;
    uint8_t c = buf[q];
    if (ps_is_word(c)) return 0;
    if (q + 1 < len && one_of(c, ".,:/-") && ps_is_digit(buf[q + 1])) return 0;
    if (c == ' ' || c == '-') {
        size_t d = digit_run(buf, len, q + 1);
        if (d >= 1 && d <= 4 && q + d + 2 < len && is_masked(buf[q + 1 + d]) &&
            is_masked(buf[q + 2 + d]))
            return 0;
        if (q + 4 < len && is_masked(buf[q + 1]) && is_masked(buf[q + 2]) &&
            is_masked(buf[q + 3]) && is_masked(buf[q + 4]))
            return 0;
    }
    return 1;
}

/* expiry._DATE_END at q: (?![A-Za-z0-9_]|[.:/\-]\d) */
static int date_end(const uint8_t *buf, size_t len, size_t q) {
    if (q >= len) return 1;
    if (ps_is_word(buf[q])) return 0;
    return !(q + 1 < len && one_of(buf[q], ".:/-") && ps_is_digit(buf[q + 1]));
}

/* The PIN start pattern (pin.py): \d, or a 16-hex-digit PIN block holding a digit
 * that starts a token; searched in buf[from..limit) with limit as the text's end. */
static int64_t pin_start(const uint8_t *buf, size_t from, size_t limit) {
    for (size_t p = from; p < limit; p++) {
        if (ps_is_digit(buf[p])) return (int64_t)p;
        if (!is_hex_letter(buf[p]) || (p > 0 && ps_is_word(buf[p - 1])) || p + 16 > limit)
            continue;
        size_t k = p;
        while (k < p + 16 && is_hex(buf[k])) k++;
        if (k < p + 16 || (p + 16 < limit && ps_is_word(buf[p + 16]))) continue;
        while (k > p && !ps_is_digit(buf[k - 1])) k--; /* holds a digit? */
        if (k > p) return (int64_t)p;
    }
    return -1;
}

typedef enum { SHAPE_CVV, SHAPE_PIN, SHAPE_DATE, SHAPE_MMYY } shape;

/* The end of a date's year: " ?[seps] ?(?:20\d\d|\d\d)" + _DATE_END at m, or -1;
 * tried in the order a backtracking regex engine tries it. */
static int64_t date_rest(const uint8_t *buf, size_t len, size_t m, const char *seps) {
    for (int s1 = 1; s1 >= 0; s1--) {
        if (s1 && !(m < len && buf[m] == ' ')) continue;
        size_t q = m + (size_t)s1;
        if (!(q < len && one_of(buf[q], seps))) continue;
        q++;
        for (int s2 = 1; s2 >= 0; s2--) {
            if (s2 && !(q < len && buf[q] == ' ')) continue;
            size_t r = q + (size_t)s2;
            if (r + 3 < len && buf[r] == '2' && buf[r + 1] == '0' && ps_is_digit(buf[r + 2]) &&
                ps_is_digit(buf[r + 3]) && date_end(buf, len, r + 4))
                return (int64_t)(r + 4);
            if (r + 1 < len && ps_is_digit(buf[r]) && ps_is_digit(buf[r + 1]) &&
                date_end(buf, len, r + 2))
                return (int64_t)(r + 2);
        }
    }
    return -1;
}

/* A two-digit month at p: (?:0[1-9]|1[0-2]) */
static int month2(const uint8_t *buf, size_t len, size_t p) {
    if (p + 1 >= len) return 0;
    return (buf[p] == '0' && buf[p + 1] >= '1' && buf[p + 1] <= '9') ||
           (buf[p] == '1' && buf[p + 1] >= '0' && buf[p + 1] <= '2');
}

/* The end of the value of `shape` matched at p, or -1 (the patterns' .match). */
static int64_t match_shape(const uint8_t *buf, size_t len, size_t p, shape sh) {
    size_t d = digit_run(buf, len, p);
    switch (sh) {
    case SHAPE_CVV: /* \d{3,4} + VALUE_END */
        return (d == 3 || d == 4) && value_end(buf, len, p + d) ? (int64_t)(p + d) : -1;
    case SHAPE_PIN: { /* (?:[0-9A-Fa-f]{16}|\d{4,12}) + VALUE_END */
        size_t h = 0;
        while (h < 16 && p + h < len && is_hex(buf[p + h])) h++;
        if (h == 16 && value_end(buf, len, p + 16)) return (int64_t)(p + 16);
        return d >= 4 && d <= 12 && value_end(buf, len, p + d) ? (int64_t)(p + d) : -1;
    }
    case SHAPE_DATE: { /* _AFTER_WORD: (?:0?[1-9]|1[0-2]) ?[/\-.] ?(?:20\d\d|\d\d) */
        int64_t e = -1;
        if (d >= 2 && buf[p] == '0' && buf[p + 1] != '0') e = date_rest(buf, len, p + 2, "/-.");
        if (e < 0 && d >= 1 && buf[p] != '0') e = date_rest(buf, len, p + 1, "/-.");
        if (e < 0 && d >= 2 && buf[p] == '1' && buf[p + 1] <= '2')
            e = date_rest(buf, len, p + 2, "/-.");
        return e;
    }
    case SHAPE_MMYY: /* _MMYY: (?:0[1-9]|1[0-2])\d\d */
        return month2(buf, len, p) && d >= 4 && date_end(buf, len, p + 4) ? (int64_t)(p + 4) : -1;
    }
    return -1;
}

/* base.value_after_word: the value of `shape` after words[i], or -1 (end in *end). */
static int64_t value_after_word(const scan_ctx *c, size_t i, shape sh, int same_line,
                                int64_t *end) {
    const uint8_t *buf = c->buf;
    size_t from = (size_t)c->words[i].end;
    size_t limit = from + VALUE_GAP + 1;
    size_t next = i + 1 < c->nw ? (size_t)c->words[i + 1].start : c->len;
    if (next < limit) limit = next;
    if (c->len < limit) limit = c->len;
    int64_t first = -1;
    if (sh == SHAPE_PIN) {
        first = pin_start(buf, from, limit);
    } else {
        for (size_t p = from; p < limit; p++)
            if (ps_is_digit(buf[p])) {
                first = (int64_t)p;
                break;
            }
    }
    if (first < 0) return -1;
    size_t newlines = 0;
    for (size_t p = from; p < (size_t)first; p++) newlines += buf[p] == '\n';
    if (newlines > (same_line ? 0u : 1u)) return -1;
    if (sentence_end(buf, from, (size_t)first) || token_before(buf, from, (size_t)first))
        return -1;
    *end = match_shape(buf, c->len, (size_t)first, sh);
    return *end < 0 ? -1 : first;
}

/* ------------------------------------------------------------------- PANs */

/* Context.word_before: the last word ending at most `gap` digit-free bytes before pos. */
static const pansafe_span *word_before(const scan_ctx *c, size_t pos, size_t gap) {
    size_t lo = 0, hi = c->nw; /* the first word ending after pos */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((size_t)c->words[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return NULL;
    const pansafe_span *w = &c->words[lo - 1];
    if (pos - (size_t)w->end > gap) return NULL;
    for (size_t p = (size_t)w->end; p < pos; p++)
        if (ps_is_digit(c->buf[p])) return NULL;
    return w;
}

/* pan._NOT_PAN_LINK on buf[a..b):
 * [\s:#=.'"(/]* (?:(?:no|nr|num|number|nummer|numero|id)(?![A-Za-z]) [\s:#=.'"(/]*)? \Z */
static int not_pan_link(const uint8_t *buf, size_t a, size_t b) {
    static const char *const words[] = {"no", "nr", "num", "number", "nummer", "numero", "id"};
    size_t j = a;
#define LINK_PUNCT(ch) (is_space(ch) || one_of(ch, ":#=.'\"(/"))
    while (j < b && LINK_PUNCT(buf[j])) j++;
    if (j == b) return 1;
    size_t k = j;
    while (k < b && is_alpha(buf[k])) k++;
    int known = 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0] && !known; w++) {
        size_t n = strlen(words[w]);
        if (k - j != n) continue;
        known = 1;
        for (size_t x = 0; x < n; x++)
            if ((buf[j + x] | 0x20) != (uint8_t)words[w][x]) known = 0;
    }
    if (!known) return 0;
    while (k < b && LINK_PUNCT(buf[k])) k++;
#undef LINK_PUNCT
    return k == b;
}

/* ----------------------------------------------------------------- output */

typedef struct {
    pansafe_finding *out;
    size_t cap;
    size_t n;
} found_list;

static int add(found_list *f, int32_t kind, size_t start, size_t end, int32_t brand,
               int32_t flags) {
    if (f->n >= f->cap) return 0;
    pansafe_finding *x = &f->out[f->n];
    x->start = (int64_t)start;
    x->end = (int64_t)end;
    x->kind = kind;
    x->brand = brand;
    x->flags = flags;
    x->seq = (int32_t)f->n;
    f->n++;
    return 1;
}

/* detectors._RANK */
static int rank(int32_t kind) {
    switch (kind) {
    case PANSAFE_TRACK1:
    case PANSAFE_TRACK2: return 5;
    case PANSAFE_PAN: return 4;
    case PANSAFE_CVV: return 3;
    case PANSAFE_PIN: return 2;
    default: return 1;
    }
}

/* Python's stable sort by (-rank, start, -end); expiries by (start, order found),
 * so that the first of several at one start is kept (expiry.py's `seen`). */
static int by_rank(const void *pa, const void *pb) {
    const pansafe_finding *a = pa, *b = pb;
    int ra = rank(a->kind), rb = rank(b->kind);
    if (ra != rb) return ra > rb ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->kind != PANSAFE_EXPIRY && a->end != b->end) return a->end > b->end ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * detectors._resolve_overlaps: in rank order, keep a finding unless it overlaps
 * one kept before. Kept findings of higher ranks are one list sorted by start
 * (they never overlap, so only the neighbours of a new one can); a rank's
 * findings come in start order, so a pointer walks that list, and among the
 * rank's own only the last kept can overlap. out[0..n) is sorted by rank;
 * out[n..3n) is room for the kept list and its merge. Returns the count kept,
 * moved to out[0..).
 */
static size_t resolve(pansafe_finding *out, size_t n) {
    qsort(out, n, sizeof *out, by_rank);
    pansafe_finding *kept = out + n, *spare = out + 2 * n;
    size_t nk = 0;
    for (size_t g = 0; g < n;) {
        size_t ge = g;
        while (ge < n && rank(out[ge].kind) == rank(out[g].kind)) ge++;
        size_t ng = 0, j = 0; /* rank's own kept ones compacted to out[g..g+ng) */
        for (size_t i = g; i < ge; i++) {
            pansafe_finding f = out[i];
            if (f.kind == PANSAFE_EXPIRY && i > g && out[i - 1].start == f.start)
                continue; /* a later expiry at the same start: never kept */
            while (j < nk && kept[j].start < f.start) j++;
            if ((j > 0 && kept[j - 1].end > f.start) || (j < nk && kept[j].start < f.end) ||
                (ng > 0 && out[g + ng - 1].end > f.start))
                continue;
            out[g + ng++] = f;
        }
        /* (The expiry test above reads out[i - 1]: compaction writes at or before
         * the element it copies, so out[i - 1] still holds element i - 1 then.) */
        size_t a = 0, b = 0, m = 0;
        while (a < nk || b < ng) {
            if (b >= ng || (a < nk && kept[a].start < out[g + b].start))
                spare[m++] = kept[a++];
            else
                spare[m++] = out[g + b++];
        }
        pansafe_finding *t = kept;
        kept = spare;
        spare = t;
        nk = m;
        g = ge;
    }
    memmove(out, kept, nk * sizeof *out);
    return nk;
}

/* ------------------------------------------------------------- for Python */

/* masking._visible_lead: the leading digits of an n-digit PAN that it shows. */
static size_t visible_lead(size_t n) { return n >= 16 ? 6 : (n > 10 ? (n - 10 < 6 ? n - 10 : 6) : 0); }

/* masking.mask_pan of buf[s..e) (no "%20") to m: the digits from the lead's end
 * up to the last four starred, all else copied. */
static void mask_pan(const uint8_t *buf, size_t s, size_t e, size_t n_digits, uint8_t *m) {
    size_t lead = visible_lead(n_digits), k = 0;
    int hide = n_digits >= 4 && n_digits - 4 > lead;
    for (size_t i = s; i < e; i++) {
        uint8_t c = buf[i];
        if (ps_is_digit(c)) {
            if (hide && k >= lead && k < n_digits - 4) c = '*';
            k++;
        }
        *m++ = c;
    }
}

/* masking.star of buf[s..e) to m: ASCII letters and digits starred. */
static void star(const uint8_t *buf, size_t s, size_t e, uint8_t *m) {
    for (size_t i = s; i < e; i++) *m++ = ps_is_word(buf[i]) && buf[i] != '_' ? '*' : buf[i];
}

/* Is digits[0..n) in pansafe.testcards.TEST_CARDS (iin's test_value, test_digits)? */
static int is_test_card(const pansafe_iin *iin, const uint8_t *digits, size_t n) {
    if (n == 0 || n > MAX_PAN_DIGITS || iin->n_test_cards <= 0) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (uint64_t)(digits[i] - '0');
    int32_t lo = 0, hi = iin->n_test_cards; /* the first entry not below (v, n) */
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (iin->test_value[mid] < v || (iin->test_value[mid] == v && iin->test_digits[mid] < n))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < iin->n_test_cards && iin->test_value[lo] == v && iin->test_digits[lo] == n;
}

/*
 * Finding.masked of f to m (masked_start, masked_end: relative to masks), as the
 * Python detectors make it, and the test card flag: PanDetector (mask_pan),
 * TrackDetector (mask_track: the PAN is the track's first run of 12-19 digits),
 * the value detectors (star) and ExpiryDetector (the value as found).
 */
static void mask_finding(const pansafe_iin *iin, const uint8_t *buf, pansafe_finding *f,
                         uint8_t *masks, size_t *used) {
    size_t s = (size_t)f->start, e = (size_t)f->end;
    uint8_t digits[MAX_PAN_DIGITS + 1];
    uint8_t *m = masks + *used;
    f->masked_start = f->masked_end = (int32_t)*used;
    if (f->kind == PANSAFE_PAN) {
        size_t n = pan_digits(buf, s, e, digits, sizeof digits);
        if (is_test_card(iin, digits, n)) f->flags |= PANSAFE_TEST_CARD;
        if (memchr(buf + s, '%', e - s) != NULL) {
            f->flags |= PANSAFE_PERCENT;
            return;
        }
        mask_pan(buf, s, e, n, m);
    } else if (f->kind == PANSAFE_TRACK1 || f->kind == PANSAFE_TRACK2) {
        size_t d, p = track_pan(buf, s, e, &d);
        if (is_test_card(iin, buf + p, d)) f->flags |= PANSAFE_TEST_CARD;
        star(buf, s, p, m);
        mask_pan(buf, p, p + d, d, m + (p - s));
        star(buf, p + d, e, m + (p + d - s));
    } else if (f->kind == PANSAFE_EXPIRY) {
        memcpy(m, buf + s, e - s);
    } else {
        star(buf, s, e, m);
    }
    *used += e - s;
    f->masked_end = (int32_t)*used;
}

/* What Python needs to build each Finding: the masked text, character offsets.
 * out[0..n) are sorted, after *pos; *pos and *chars carry the count of characters
 * from one call to the next. */
static void finish(const pansafe_iin *iin, const uint8_t *buf, pansafe_finding *out, size_t n,
                   uint8_t *masks, size_t *used, int options, int simd, size_t *at,
                   size_t *counted) {
    size_t pos = *at, chars = *counted;
    for (size_t i = 0; i < n; i++) {
        pansafe_finding *f = &out[i];
        f->seq = 0;
        mask_finding(iin, buf, f, masks, used);
        if (options & PANSAFE_CHARS) { /* findings are sorted and never overlap */
            chars += ps_count_chars(buf + pos, (size_t)f->start - pos, simd);
            f->cstart = (int64_t)chars;
            chars += ps_count_chars(buf + f->start, (size_t)(f->end - f->start), simd);
            f->cend = (int64_t)chars;
            pos = (size_t)f->end;
        } else {
            f->cstart = f->start;
            f->cend = f->end;
        }
    }
    *at = pos;
    *counted = chars;
}

/* ------------------------------------------------------------------ detect */

/* keywords.WORD_REACH: how far from a word its use can be, in bytes. */
enum { WORD_REACH = 64 };
_Static_assert(VALUE_GAP + 1 <= WORD_REACH && PAN_WORD_GAP <= WORD_REACH, "WORD_REACH");

/* Where the line holding p starts; `floor` is a line start at or before p. */
static size_t line_start(const uint8_t *buf, size_t p, size_t floor) {
    while (p > floor && buf[p - 1] != '\n') p--;
    return p;
}

/* Where the line holding p ends (just after its line break), or len. */
static size_t line_end(const uint8_t *buf, size_t len, size_t p) {
    const uint8_t *nl = p < len ? memchr(buf + p, '\n', len - p) : NULL;
    return nl != NULL ? (size_t)(nl - buf) + 1 : len;
}

/* Lines to search for context words, walked in order as they come. */
typedef struct {
    const pansafe_keywords *kw;
    const uint8_t *buf;
    size_t len;
    pansafe_span *words; /* found so far: words[0..nw) */
    size_t nw;
    size_t cap;   /* words may grow up to here */
    size_t seg_a; /* lines [seg_a, seg_e) are needed and not yet searched */
    size_t seg_e;
} walker;

/* Search the needed lines not yet searched. */
static int flush(walker *w) {
    if (w->seg_e > w->seg_a) {
        size_t a = w->seg_a, room = w->cap - w->nw;
        int64_t k = pansafe_find_context_words(w->kw, w->buf + a, w->seg_e - a, w->words + w->nw,
                                               room);
        if (k < 0) return (int)k;
        if ((size_t)k > room) return PANSAFE_ESHORT;
        for (size_t i = w->nw; i < w->nw + (size_t)k; i++) {
            w->words[i].start += (int64_t)a;
            w->words[i].end += (int64_t)a;
        }
        w->nw += (size_t)k;
    }
    w->seg_a = w->seg_e;
    return 0;
}

/* The lines from the one holding `anchor` to the one holding `reach_to` are
 * needed. Anchors come in order: a line never has to be searched twice. */
static int need(walker *w, size_t anchor, size_t reach_to) {
    if (anchor >= w->seg_e) {
        int rc = flush(w);
        if (rc < 0) return rc;
        w->seg_a = w->seg_e = line_start(w->buf, anchor, w->seg_e);
    }
    if (reach_to >= w->seg_e) w->seg_e = line_end(w->buf, w->len, reach_to);
    return 0;
}

/* The next PAN of a known brand in cand[*c..nc) (brand + 1 is kept above the
 * kind's low byte): the lines WORD_REACH bytes before it are needed, if they come
 * before `limit`. */
static int need_pans(walker *w, const pansafe_span *cand, size_t nc, size_t *c, size_t limit) {
    for (; *c < nc; ++*c) {
        if ((cand[*c].kind & 0xFF) != PANSAFE_PAN || (cand[*c].kind >> 8) == 0) continue;
        size_t at = (size_t)cand[*c].start, anchor = at > WORD_REACH ? at - WORD_REACH : 0;
        if (anchor >= limit) return 0;
        int rc = need(w, anchor, at);
        if (rc < 0) return rc;
    }
    return 0;
}

/* Blocks of this many bytes (to a line end) are searched either for the needed
 * lines or whole; whole after one where words of the value kinds were denser
 * than one in WORDS_DENSE bytes (e-mail tickets: then most lines are needed). */
enum { WORDS_BLOCK = 1 << 16, WORDS_DENSE = 2048 };

/*
 * The context words that the detectors can use (pansafe_detect's comment), in
 * order, to work[0..): on the lines around the words of kw->values and before the
 * PANs of a known brand among cand[0..nc). Returns their count, or an error code.
 */
static int64_t needed_words(const pansafe_keywords *kw, const uint8_t *buf, size_t len,
                            const pansafe_span *cand, size_t nc, pansafe_span *work,
                            size_t cap) {
    walker w = {kw, buf, len, work, 0, cap, 0, 0};
    size_t c = 0;
    int whole = 0;
    for (size_t b0 = 0; b0 < len;) {
        size_t b1 = len - b0 <= WORDS_BLOCK ? len : line_end(buf, len, b0 + WORDS_BLOCK);
        size_t values = 0;
        int rc;
        if (whole) {
            size_t from = w.nw;
            rc = need_pans(&w, cand, nc, &c, b0);
            if (rc == 0) rc = need(&w, b0, b1 - 1);
            if (rc == 0) rc = flush(&w);
            if (rc < 0) return rc;
            for (size_t i = from; i < w.nw; i++)
                values += w.words[i].start >= (int64_t)b0 && w.words[i].kind >= PANSAFE_WORD_CVV &&
                          w.words[i].kind <= PANSAFE_WORD_EXPIRY;
        } else {
            /* The block's words of the value kinds, moved to the top of work. */
            size_t room = cap - w.nw;
            int64_t nh = pansafe_find_context_words(kw->values, buf + b0, b1 - b0,
                                                    w.words + w.nw, room);
            if (nh < 0) return nh;
            if ((size_t)nh > room) return PANSAFE_ESHORT;
            const pansafe_span *hints = work + cap - (size_t)nh;
            memmove(work + cap - (size_t)nh, w.words + w.nw, (size_t)nh * sizeof *hints);
            w.cap = cap - (size_t)nh;
            size_t nl = 0; /* the line end after the last hint */
            for (size_t h = 0; h < (size_t)nh; h++) {
                size_t start = b0 + (size_t)hints[h].start, end = b0 + (size_t)hints[h].end;
                /* Its line, and the lines that start near its end (the word
                 * after it ends the value's reach). Hints come in order: one
                 * ending before the last one's line end is on that line. */
                if (end >= nl) nl = line_end(buf, len, end);
                size_t reach_to = nl - 1 + WORD_REACH < len ? nl - 1 + WORD_REACH : len;
                rc = need_pans(&w, cand, nc, &c, start);
                if (rc == 0) rc = need(&w, start, reach_to);
                if (rc < 0) return rc;
            }
            rc = need_pans(&w, cand, nc, &c, b1);
            if (rc == 0) rc = flush(&w);
            if (rc < 0) return rc;
            w.cap = cap;
            values = (size_t)nh;
        }
        whole = values * WORDS_DENSE > b1 - b0;
        b0 = b1;
    }
    int rc = need_pans(&w, cand, nc, &c, SIZE_MAX);
    if (rc == 0) rc = flush(&w);
    return rc < 0 ? rc : (int64_t)w.nw;
}

/* 0x80 in each byte of x that is an ASCII digit (SWAR: no carry crosses a byte,
 * as each byte is below 0x80 before the additions). */
static inline uint64_t digit_bytes(uint64_t x) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, top = 0x8080808080808080ull;
    uint64_t y = x & low7;
    uint64_t ge0 = y + 0x5050505050505050ull;  /* top bit: y >= '0' */
    uint64_t ge10 = y + 0x4646464646464646ull; /* top bit: y >= '9' + 1 */
    return ge0 & ~ge10 & ~x & top;
}

/* Two digits in a row anywhere in buf. Most texts have them early, but the test
 * runs on every text, so eight bytes at a time. */
static int has_two_digits(const uint8_t *buf, size_t len) {
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, buf + i, 8);
        uint64_t d = digit_bytes(x);
        /* Neighbours in the word (in either byte order), then across its start. */
        if ((d & (d << 8)) || (i > 0 && ps_is_digit(buf[i - 1]) && ps_is_digit(buf[i])))
            return 1;
    }
    for (i = i > 0 ? i : 1; i < len; i++)
        if (ps_is_digit(buf[i]) && ps_is_digit(buf[i - 1])) return 1;
    return 0;
}

/* The findings of buf[0..len), overlaps resolved, in out[0..count), not yet
 * masked: pansafe_detect's work on one text or piece. */
static int64_t detect_text(const pansafe_keywords *kw, const pansafe_iin *iin, const uint8_t *buf,
                           size_t len, pansafe_finding *out, size_t cap, pansafe_span *work,
                           size_t work_cap) {
    if (!has_two_digits(buf, len)) return 0; /* detectors.detect's first test */
    int64_t nc = pansafe_find_candidates(buf, len, work, work_cap);
    if (nc < 0) return nc;
    if ((size_t)nc > work_cap) return PANSAFE_ESHORT;
    pansafe_span *cand = work;
    uint8_t digits[MAX_PAN_DIGITS + 1];
    /* Brands first, kept in the kind above its low byte as brand + 1: the PANs of
     * a known brand are where context words are looked for on long texts. */
    for (int64_t i = 0; i < nc; i++) {
        if (cand[i].kind != PANSAFE_PAN) continue;
        size_t s = (size_t)cand[i].start, e = (size_t)cand[i].end;
        const uint8_t *pan = digits;
        size_t n;
        if (all_digits(buf + s, e - s)) { /* most PANs: no separator to drop */
            pan = buf + s;
            n = e - s;
        } else {
            n = pan_digits(buf, s, e, digits, sizeof digits);
        }
        int32_t brand = n <= MAX_PAN_DIGITS ? pansafe_iin_lookup(iin, pan, n) : -1;
        cand[i].kind |= (int64_t)(brand + 1) << 8;
    }
    pansafe_span *spare = work + nc;
    size_t spare_cap = work_cap - (size_t)nc;
    int64_t nw;
    if (len >= PANSAFE_WALK_ALL_BELOW && kw->values != NULL) {
        nw = needed_words(kw, buf, len, cand, (size_t)nc, spare, spare_cap);
    } else {
        nw = pansafe_find_context_words(kw, buf, len, spare, spare_cap);
        if (nw > 0 && (size_t)nw > spare_cap) return PANSAFE_ESHORT;
    }
    if (nw < 0) return nw;
    scan_ctx c = {buf, len, spare, (size_t)nw};
    found_list f = {out, cap / 3, 0};

    /* TrackDetector: the brand of the track's PAN, its first run of 12-19 digits. */
    for (int64_t i = 0; i < nc; i++) {
        if (cand[i].kind != PANSAFE_TRACK1 && cand[i].kind != PANSAFE_TRACK2) continue;
        size_t s = (size_t)cand[i].start, e = (size_t)cand[i].end, d;
        size_t p = track_pan(buf, s, e, &d);
        if (d == 0) continue; /* the candidate scan reports only tracks that hold a PAN */
        int32_t brand = pansafe_iin_lookup(iin, buf + p, d);
        if (!add(&f, (int32_t)cand[i].kind, s, e, brand, 0)) return PANSAFE_ESHORT;
    }
    /* PanDetector */
    size_t first_pan = f.n;
    for (int64_t i = 0; i < nc; i++) {
        if ((cand[i].kind & 0xFF) != PANSAFE_PAN) continue;
        size_t s = (size_t)cand[i].start, e = (size_t)cand[i].end;
        int32_t brand = (int32_t)(cand[i].kind >> 8) - 1;
        if (brand < 0) continue;
        const pansafe_span *w = word_before(&c, s, PAN_WORD_GAP);
        if (w != NULL && w->kind == PANSAFE_WORD_NOT_PAN && s - (size_t)w->end <= NOT_PAN_GAP &&
            not_pan_link(buf, (size_t)w->end, s))
            continue;
        int32_t flags = w != NULL && w->kind == PANSAFE_WORD_PAN ? PANSAFE_STRONG : 0;
        if (!add(&f, PANSAFE_PAN, s, e, brand, flags)) return PANSAFE_ESHORT;
    }
    size_t end_pan = f.n;
    /* CVV_DETECTOR, PIN_DETECTOR, then ExpiryDetector's words */
    static const struct {
        int32_t word, kind;
        shape sh;
    } secrets[] = {{PANSAFE_WORD_CVV, PANSAFE_CVV, SHAPE_CVV},
                   {PANSAFE_WORD_PIN, PANSAFE_PIN, SHAPE_PIN},
                   {PANSAFE_WORD_EXPIRY, PANSAFE_EXPIRY, SHAPE_DATE}};
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < c.nw; i++) {
            if (c.words[i].kind != secrets[k].word) continue;
            int64_t end = -1;
            int64_t start = value_after_word(&c, i, secrets[k].sh, 0, &end);
            int32_t flags = 0;
            if (secrets[k].sh == SHAPE_DATE) {
                if (start < 0) start = value_after_word(&c, i, SHAPE_MMYY, 1, &end);
                flags = PANSAFE_STRONG;
            }
            if (start >= 0 && !add(&f, secrets[k].kind, (size_t)start, (size_t)end, -1, flags))
                return PANSAFE_ESHORT;
        }
    }
    /* ExpiryDetector: right after a PAN (every PAN found, before overlaps). */
    for (size_t i = first_pan; i < end_pan; i++) {
        size_t p = (size_t)out[i].end, g = 0;
        while (g < EXPIRY_GAP && p + g < len && !ps_is_digit(buf[p + g]) && buf[p + g] != '\r' &&
               buf[p + g] != '\n')
            g++;
        if (g == 0 || !month2(buf, len, p + g)) continue;
        int64_t end = date_rest(buf, len, p + g + 2, "/-");
        if (end >= 0 && !add(&f, PANSAFE_EXPIRY, p + g, (size_t)end, -1, 0))
            return PANSAFE_ESHORT;
    }
    return f.n == 0 ? 0 : (int64_t)resolve(out, f.n);
}

/*
 * Piece after piece, the way the scanner's windows go (scan.py): each piece
 * reports the findings that start between PANSAFE_PIECE_MARGIN bytes after its
 * start (the previous one's report ends there) and PANSAFE_PIECE_MARGIN bytes
 * before its end, and the next piece starts PANSAFE_PIECE_MARGIN bytes before that.
 */
int64_t pansafe_detect_pieces(const pansafe_keywords *kw, const pansafe_iin *iin,
                              const uint8_t *buf, size_t len, size_t piece,
                              pansafe_finding *out, size_t cap, pansafe_span *work,
                              size_t work_cap, uint8_t *masks, size_t masks_cap, int options) {
    if (kw == NULL || iin == NULL || (out == NULL && cap > 0) || (work == NULL && work_cap > 0) ||
        (masks == NULL && masks_cap > 0))
        return PANSAFE_EINVAL;
    if ((buf == NULL && len > 0) || len > (size_t)INT64_MAX) return PANSAFE_EINVAL;
    if (piece != 0 && piece <= 2 * (size_t)PANSAFE_PIECE_MARGIN) return PANSAFE_EINVAL;
    size_t n = 0, used = 0, at = 0, chars = 0, base = 0, reported = 0;
    for (;;) {
        size_t end = piece == 0 || len - base <= piece ? len : base + piece;
        size_t limit = end == len ? len : end - PANSAFE_PIECE_MARGIN;
        int64_t k = detect_text(kw, iin, buf + base, end - base, out + n, cap - n, work, work_cap);
        if (k < 0) return k;
        size_t kept = 0, masked = 0;
        for (size_t i = n; i < n + (size_t)k; i++) {
            pansafe_finding f = out[i];
            f.start += (int64_t)base;
            f.end += (int64_t)base;
            if ((size_t)f.start < reported || (size_t)f.start >= limit) continue;
            out[n + kept++] = f;
            masked += (size_t)(f.end - f.start);
        }
        /* Findings never overlap: the bytes of all of them fit in len. */
        if (masked > masks_cap - used) return PANSAFE_ESHORT;
        if (used + masked > (size_t)INT32_MAX) return PANSAFE_EINVAL; /* masked_end: 32 bits */
        finish(iin, buf, out + n, kept, masks, &used, options, kw->simd, &at, &chars);
        n += kept;
        if (end == len) return (int64_t)n;
        reported = limit;
        base = limit - PANSAFE_PIECE_MARGIN;
    }
}

int64_t pansafe_detect(const pansafe_keywords *kw, const pansafe_iin *iin, const uint8_t *buf,
                       size_t len, pansafe_finding *out, size_t cap, pansafe_span *work,
                       size_t work_cap, uint8_t *masks, size_t masks_cap, int options) {
    size_t piece = len >= PANSAFE_PIECES_FROM ? PANSAFE_PIECE : 0;
    return pansafe_detect_pieces(kw, iin, buf, len, piece, out, cap, work, work_cap, masks,
                                 masks_cap, options);
}

int64_t pansafe_detect_with(const pansafe_detector *d, const uint8_t *buf, size_t len,
                            int options) {
    if (d == NULL) return PANSAFE_EINVAL;
    return pansafe_detect(d->kw, d->iin, buf, len, d->out, d->cap, d->work, d->work_cap,
                          d->masks, d->masks_cap, options);
}

int64_t pansafe_detect_many(const pansafe_keywords *kw, const pansafe_iin *iin,
                            const uint8_t *buf, size_t len, const int64_t *bounds,
                            size_t n_texts, pansafe_finding *out, size_t cap,
                            pansafe_span *work, size_t work_cap, uint8_t *masks,
                            size_t masks_cap, int options) {
    if (bounds == NULL || (buf == NULL && len > 0) || len > (size_t)INT64_MAX ||
        n_texts > (size_t)INT32_MAX)
        return PANSAFE_EINVAL;
    for (size_t i = 0; i < n_texts; i++)
        if (bounds[i] < 0 || bounds[i] > bounds[i + 1] || (uint64_t)bounds[i + 1] > len)
            return PANSAFE_EINVAL;
    if (masks == NULL && masks_cap > 0) return PANSAFE_EINVAL;
    size_t total = 0, used = 0;
    for (size_t i = 0; i < n_texts; i++) {
        size_t s = (size_t)bounds[i], e = (size_t)bounds[i + 1];
        const uint8_t *text = buf != NULL ? buf + s : buf;
        uint8_t *m = masks != NULL ? masks + used : masks;
        int64_t k = pansafe_detect(kw, iin, text, e - s, out + total, cap - total, work, work_cap,
                                   m, masks_cap - used, options);
        if (k < 0) return k;
        if (k > 0 && (size_t)out[total + (size_t)k - 1].masked_end > (size_t)INT32_MAX - used)
            return PANSAFE_EINVAL; /* masked_end is 32 bits */
        for (int64_t j = 0; j < k; j++) {
            pansafe_finding *f = &out[total + (size_t)j];
            f->seq = (int32_t)i;
            f->masked_start += (int32_t)used;
            f->masked_end += (int32_t)used;
        }
        if (k > 0) used = (size_t)out[total + (size_t)k - 1].masked_end;
        total += (size_t)k;
    }
    return (int64_t)total;
}
