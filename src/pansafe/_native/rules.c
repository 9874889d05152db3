/*
 * rules.c - verification: the spec's rules over one segment, in plain C.
 *
 * This is the C twin of pansafe/_fallback.py and follows it function by
 * function; "rule N" refers to docs/detection.md, "PAN candidates", and the
 * track rules to "Track data". Results must be identical to the fallback's
 * for every input (tests/test_equivalence.py, tests/test_native.py).
 *
 * A *segment* is a maximal run of chain bytes (digits and separator bytes).
 * Every chain lies inside one segment, and every track and tag holds a run of
 * >= 12 digits inside one segment, so each candidate is found from exactly
 * one segment: the one around its digits (tracks and tags may reach outside
 * it, which is only read).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MIN_PAN 12
#define MAX_PAN 19
#define MAX_TRACK1 79
#define MAX_TRACK2 40
#define MAX_EMV57 (2 * 19) /* tag 57 holds at most 19 bytes */

/* ------------------------------------------------------------ byte classes */

#define D_ (PS_DIGIT | PS_CHAIN | PS_WORD | PS_HEX)
#define L_ (PS_WORD)          /* letter, not hex */
#define H_ (PS_WORD | PS_HEX) /* hex letter */
#define S_ (PS_CHAIN)         /* separator byte */
#define AL PS_ANCHOR_L
#define AR PS_ANCHOR_R
const uint8_t ps_class[256] = {
    /* ' ' */ [0x20] = S_, /* '%' */ [0x25] = S_, /* '+' */ [0x2B] = S_,
    /* '-' */ [0x2D] = S_, /* '.' */ [0x2E] = S_,
    ['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_,
    ['5'] = D_, ['6'] = D_, ['7'] = D_, ['8'] = D_, ['9'] = D_,
    [':'] = AL, ['^'] = AR, ['='] = AR,
    ['A'] = H_ | AL, ['B'] = H_, ['C'] = H_, ['D'] = H_ | AR, ['E'] = H_, ['F'] = H_,
    ['G'] = L_, ['H'] = L_, ['I'] = L_, ['J'] = L_, ['K'] = L_, ['L'] = L_, ['M'] = L_,
    ['N'] = L_, ['O'] = L_, ['P'] = L_, ['Q'] = L_, ['R'] = L_, ['S'] = L_, ['T'] = L_,
    ['U'] = L_, ['V'] = L_, ['W'] = L_, ['X'] = L_, ['Y'] = L_, ['Z'] = L_,
    ['a'] = H_ | AL, ['b'] = H_, ['c'] = H_, ['d'] = H_ | AR, ['e'] = H_, ['f'] = H_,
    ['g'] = L_, ['h'] = L_, ['i'] = L_, ['j'] = L_, ['k'] = L_, ['l'] = L_, ['m'] = L_,
    ['n'] = L_, ['o'] = L_, ['p'] = L_, ['q'] = L_, ['r'] = L_, ['s'] = L_, ['t'] = L_,
    ['u'] = L_, ['v'] = L_, ['w'] = L_, ['x'] = L_, ['y'] = L_, ['z'] = L_,
    ['_'] = L_,
    /* bytes of the no-break spaces C2 A0, E2 80 AF, E2 80 89 (and a lone A0) */
    [0x80] = S_, [0x89] = S_, [0xA0] = S_, [0xAF] = S_, [0xC2] = S_, [0xE2] = S_,
};

static inline int is_fold(uint8_t c, char lower) { return (c | 0x20) == (uint8_t)lower; }

/* ------------------------------------------------------------------ output */

static inline void emit(ps_out *o, int kind, size_t start, size_t end) {
    if (o->n < o->cap) {
        pansafe_span *s = &o->out[o->n];
        s->kind = kind;
        s->start = (int64_t)start;
        s->end = (int64_t)end;
    }
    o->n++;
}

static int span_cmp(const pansafe_span *a, const pansafe_span *b) {
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    return 0;
}

static int span_qcmp(const void *a, const void *b) { return span_cmp(a, b); }

/* Sort out[first..n) and drop duplicates, also of out[first - 1]; new n. */
static size_t sort_unique(pansafe_span *out, size_t first, size_t n) {
    size_t count = n - first;
    if (count > 32) {
        qsort(out + first, count, sizeof *out, span_qcmp);
    } else {
        for (size_t i = first + 1; i < n; i++) { /* insertion sort: few spans */
            pansafe_span x = out[i];
            size_t j = i;
            while (j > first && span_cmp(&out[j - 1], &x) > 0) {
                out[j] = out[j - 1];
                j--;
            }
            out[j] = x;
        }
    }
    size_t w = first;
    for (size_t i = first; i < n; i++) {
        if (w > 0 && span_cmp(&out[w - 1], &out[i]) == 0) continue;
        out[w++] = out[i];
    }
    return w;
}

static void segment_done(ps_out *o) {
    size_t n = o->n, first = o->seg_first;
    if (n <= o->cap && n > first) {
        if (n - first == 1) { /* the common case: one span, maybe a repeat of the last one */
            if (first > 0 && span_cmp(&o->out[first - 1], &o->out[first]) == 0) n--;
        } else {
            n = sort_unique(o->out, first, n);
        }
        o->n = n;
    }
    o->seg_first = o->n;
}

int64_t ps_finish(ps_out *o) {
    if (o->n > o->cap) return (int64_t)o->n; /* an upper bound: retry with that much */
    for (size_t i = 1; i < o->n; i++) {
        /* Segments come in order and their spans do too (see ps_verify); this
         * check keeps the contract if that reasoning ever missed a case. */
        if (span_cmp(&o->out[i - 1], &o->out[i]) >= 0) {
            o->n = sort_unique(o->out, 0, o->n);
            break;
        }
    }
    return (int64_t)o->n;
}

/* ------------------------------------------------------------------- Luhn */

/* Rule 2, over buf[start..end) (all digits). Branch-free: digits are random. */
static const uint8_t luhn_double[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};

static int luhn_run(const uint8_t *buf, size_t start, size_t end) {
    unsigned total = 0;
    size_t i = end;
    while (i >= start + 2) {
        total += (unsigned)(buf[i - 1] - '0') + luhn_double[buf[i - 2] - '0'];
        i -= 2;
    }
    if (i > start) total += (unsigned)(buf[i - 1] - '0');
    return total % 10 == 0;
}

/* ------------------------------------------------------------ PAN: chains */

/* Separator types (the table in "PAN candidates"); 1-4 are space-like. */
enum { SEP_NONE = 0, SEP_SPACE = 1, SEP_NBSP = 2, SEP_URL = 3, SEP_FORM = 4, SEP_DASH = 5, SEP_DOT = 6 };

static inline int space_like(int type) { return type >= SEP_SPACE && type <= SEP_FORM; }

/* Separators by their first byte: the type of a one-byte separator, MULTI for
 * the first byte of a longer one, 0 for no separator. */
#define MULTI 7
static const uint8_t sep_first[256] = {
    [' '] = SEP_SPACE, [0xA0] = SEP_NBSP, ['+'] = SEP_FORM, ['-'] = SEP_DASH, ['.'] = SEP_DOT,
    [0xC2] = MULTI, [0xE2] = MULTI, ['%'] = MULTI,
};

/* The separator spelled at buf[q], if any: its length, and its type in *type. */
static inline size_t sep_at(const uint8_t *b, size_t len, size_t q, int *type) {
    if (q >= len) return 0;
    int first = sep_first[b[q]];
    if (first != MULTI) {
        *type = first;
        return first != 0;
    }
    if (b[q] == 0xC2) { /* U+00A0 */
        if (q + 1 < len && b[q + 1] == 0xA0) { *type = SEP_NBSP; return 2; }
        return 0;
    }
    if (b[q] == 0xE2) { /* U+202F, U+2009 */
        if (q + 2 < len && b[q + 1] == 0x80 && (b[q + 2] == 0xAF || b[q + 2] == 0x89)) {
            *type = SEP_NBSP;
            return 3;
        }
        return 0;
    }
    if (q + 2 < len && b[q + 1] == '2' && b[q + 2] == '0') { *type = SEP_URL; return 3; }
    return 0;
}

/* Rule 3 for the first group of a chain (_fallback._left_edge_ok). */
static int left_edge_ok(const uint8_t *b, size_t start) {
    if (start == 0) return 1;
    if (start >= 3 && b[start - 3] == '%' && b[start - 2] == '2' && b[start - 1] == '0')
        return 1; /* an encoded space */
    uint8_t before = b[start - 1];
    if (ps_is_word(before) || before == '+') return 0; /* '+': phone numbers */
    return !((before == '-' || before == '.') && start >= 2 && ps_is_word(b[start - 2]));
}

/* Rule 4 at the end of a chain (_fallback._right_edge_ok). */
static int right_edge_ok(const uint8_t *b, size_t len, size_t end) {
    if (end >= len) return 1;
    uint8_t after = b[end];
    if (ps_is_word(after)) return 0;
    return !((after == '-' || after == '.') && end + 1 < len && ps_is_word(b[end + 1]));
}

/*
 * One chain, parsed lazily into a ring of groups. The rules look at most at
 * the group before the current one and nine after it, so 16 slots are enough
 * however long the chain is.
 */
#define RING 16
typedef struct {
    size_t s, e; /* the group's digits */
    int link;    /* type of the link after it; SEP_NONE when it ends the chain */
} group_t;

typedef struct {
    const uint8_t *b;
    size_t len;
    size_t start;  /* first byte of the chain */
    size_t pos;    /* where the next group starts / the chain's end once ended */
    size_t parsed; /* groups parsed so far */
    int ended;
    group_t g[RING];
} chain_t;

#define G(c, k) ((c)->g[(k) % RING])

static void parse_group(chain_t *c) {
    const uint8_t *b = c->b;
    size_t s = c->pos, e = s;
    while (e < c->len && ps_is_digit(b[e])) e++;
    group_t *g = &G(c, c->parsed);
    g->s = s;
    g->e = e;
    int type = SEP_NONE;
    size_t n = sep_at(b, c->len, e, &type);
    if (n && e + n < c->len && ps_is_digit(b[e + n])) { /* exactly one separator links */
        g->link = type;
        c->pos = e + n;
    } else {
        g->link = SEP_NONE;
        c->ended = 1;
        c->pos = e;
    }
    c->parsed++;
}

/* Is there a group k? (Parses up to it.) */
static inline int has_group(chain_t *c, size_t k) {
    while (c->parsed <= k && !c->ended) parse_group(c);
    return k < c->parsed;
}

static inline size_t gsize(chain_t *c, size_t k) { return G(c, k).e - G(c, k).s; }

/* Rule 1, grouped: 4-4-...-4-x (x in 1..4) or 4-6-4 / 4-6-5. */
static int grouped_shape_ok(chain_t *c, size_t i, size_t j) {
    size_t n = j - i + 1;
    if (n == 3 && gsize(c, i) == 4 && gsize(c, i + 1) == 6 &&
        (gsize(c, j) == 4 || gsize(c, j) == 5))
        return 1;
    if (gsize(c, i) != 4) return 0;
    for (size_t k = i + 1; k < j; k++)
        if (gsize(c, k) != 4) return 0;
    return gsize(c, j) >= 1 && gsize(c, j) <= 4;
}

/* Rule 2 over the digits of groups i..j. */
static int luhn_groups(chain_t *c, size_t i, size_t j) {
    unsigned total = 0, dbl = 0;
    for (size_t k = j + 1; k-- > i;) {
        const group_t *g = &G(c, k);
        for (size_t p = g->e; p > g->s; p--) {
            unsigned d = c->b[p - 1] - '0';
            total += dbl ? luhn_double[d] : d;
            dbl ^= 1;
        }
    }
    return total % 10 == 0;
}

/* Rule 4 for a grouped span ending at group j, whose run of its own separator
 * ends at run_end (the tail test in _fallback._best_grouped_end). */
static int tail_ok(chain_t *c, size_t j, size_t run_end) {
    if (j == run_end) return G(c, j).link != SEP_NONE || right_edge_ok(c->b, c->len, G(c, j).e);
    if (run_end - j > 3) return 0; /* at most three groups ... */
    for (size_t k = j + 1; k <= run_end; k++)
        if (gsize(c, k) > 3) return 0; /* ... of at most three digits */
    /* When the tail ends the chain, the byte after it obeys the chain-end rule. */
    return G(c, run_end).link != SEP_NONE || right_edge_ok(c->b, c->len, G(c, run_end).e);
}

/* The last group of the longest valid span starting at group i, or -1
 * (_fallback._pan_spans and _best_grouped_end; rules 1-4). */
static long best_span_from(chain_t *c, size_t i) {
    size_t size = gsize(c, i);
    int last = G(c, i).link == SEP_NONE;
    /* Contiguous: neighbours only across a space-like link. */
    if (size >= MIN_PAN && size <= MAX_PAN) {
        int left = i == 0 ? left_edge_ok(c->b, c->start) : space_like(G(c, i - 1).link);
        int right = last ? right_edge_ok(c->b, c->len, G(c, i).e) : space_like(G(c, i).link);
        return left && right && luhn_run(c->b, G(c, i).s, G(c, i).e) ? (long)i : -1;
    }
    if (last || size != 4) return -1;
    int sep = G(c, i).link;
    /* Rule 3: a grouped PAN starts the run of its separator. */
    if (i == 0) {
        if (!left_edge_ok(c->b, c->start)) return -1;
    } else if (G(c, i - 1).link == sep) {
        return -1;
    }
    /* The run of groups joined by sep. Past i + 8 its length no longer matters:
     * any span (at most i + 5) would leave a tail of four or more groups. */
    size_t run_end = i;
    while (run_end < i + 9 && G(c, run_end).link == sep) {
        run_end++;
        has_group(c, run_end);
    }
    size_t jmax = run_end < i + 5 ? run_end : i + 5;
    for (size_t j = jmax; j > i; j--) { /* rule 5: longest first */
        size_t total = 0;
        for (size_t k = i; k <= j; k++) total += gsize(c, k);
        if (total < MIN_PAN || total > MAX_PAN || !grouped_shape_ok(c, i, j)) continue;
        if (!tail_ok(c, j, run_end)) continue;
        if (luhn_groups(c, i, j)) return (long)j;
    }
    return -1;
}

/* Rule 5 over the chain starting at start; returns the chain's end. */
static size_t chain_spans(const uint8_t *b, size_t len, size_t start, ps_out *o) {
    chain_t c;
    c.b = b;
    c.len = len;
    c.start = start;
    c.pos = start;
    c.parsed = 0;
    c.ended = 0;
    size_t i = 0;
    while (has_group(&c, i)) {
        long j = best_span_from(&c, i);
        if (j < 0) {
            i++;
            continue;
        }
        emit(o, PANSAFE_PAN, G(&c, i).s, G(&c, (size_t)j).e);
        i = (size_t)j + 1;
    }
    return c.pos;
}

/* A chain never starts at the "2" or "0" of a "%20" that links to a group
 * (the fallback's _CHAIN lookaheads): "card%204111..." is "card 4111...". */
static inline int url_space_digit(const uint8_t *b, size_t len, size_t p) {
    if (b[p] == '2')
        return p >= 1 && b[p - 1] == '%' && p + 2 < len && b[p + 1] == '0' &&
               ps_is_digit(b[p + 2]);
    if (b[p] == '0')
        return p >= 2 && b[p - 2] == '%' && b[p - 1] == '2' && p + 1 < len &&
               ps_is_digit(b[p + 1]);
    return 0;
}

/* ------------------------------------------------------------- track data */

/* Where a track whose data begins at pos starts: at its start sentinel right
 * before, or else at pos unless a word byte precedes it (then 0: no track). */
static int track_start(const uint8_t *b, size_t pos, uint8_t sentinel, size_t *start) {
    if (pos >= 1 && b[pos - 1] == sentinel) {
        *start = pos - 1;
        return 1;
    }
    if (pos >= 1 && ps_is_word(b[pos - 1])) return 0;
    *start = pos;
    return 1;
}

/* Track 1: [%]B PAN ^ NAME ^ YYMM|^ SVC|^ [discretionary] [?], the PAN being the
 * digit run [s, e) with 'B' before it and '^' after it. */
static void track1(const uint8_t *b, size_t len, size_t s, size_t e, ps_out *o) {
    size_t start;
    if (!track_start(b, s - 1, '%', &start)) return; /* from the 'B' */
    /* Name: 2-26 bytes, none of them '^', CR, LF or NUL, then '^'. */
    size_t name = e + 1, q = name;
    size_t limit = name + 27 < len ? name + 27 : len;
    while (q < limit && b[q] != '^' && b[q] != '\r' && b[q] != '\n' && b[q] != 0) q++;
    if (q >= len || b[q] != '^' || q - name < 2 || q - name > 26) return;
    q++;
    /* Expiry YYMM or '^', service code or '^'. */
    if (q < len && b[q] == '^') {
        q++;
    } else if (q + 4 <= len && ps_is_digit(b[q]) && ps_is_digit(b[q + 1]) &&
               ps_is_digit(b[q + 2]) && ps_is_digit(b[q + 3])) {
        q += 4;
    } else {
        return;
    }
    if (q < len && b[q] == '^') {
        q++;
    } else if (q + 3 <= len && ps_is_digit(b[q]) && ps_is_digit(b[q + 1]) &&
               ps_is_digit(b[q + 2])) {
        q += 3;
    } else {
        return;
    }
    /* Discretionary data: the longest run of digits and spaces of at most 60
     * bytes that ends in a digit; then an optional end sentinel. */
    size_t end = q;
    limit = q + 60 < len ? q + 60 : len;
    for (; q < limit && (ps_is_digit(b[q]) || b[q] == ' '); q++)
        if (b[q] != ' ') end = q + 1;
    if (end < len && b[end] == '?') end++;
    if (end - start > MAX_TRACK1 || !luhn_run(b, s, e)) return;
    emit(o, PANSAFE_TRACK1, start, end);
}

/* The length of the digit run at buf[q], counted up to max + 1. */
static inline size_t digits_at(const uint8_t *b, size_t len, size_t q, size_t max) {
    size_t k = 0;
    while (q + k < len && k <= max && ps_is_digit(b[q + k])) k++;
    return k;
}

/* Track 2: [;] PAN = 7 digits, up to 30 more, [?]; at most 40 bytes. */
static void track2(const uint8_t *b, size_t len, size_t s, size_t e, ps_out *o) {
    size_t start;
    if (!track_start(b, s, ';', &start)) return;
    size_t k = digits_at(b, len, e + 1, 37);
    if (k < 7) return;
    size_t end = e + 1 + (k > 37 ? 37 : k); /* as many as there are, up to 7 + 30 */
    if (end < len && b[end] == '?') end++;
    if (end - start > MAX_TRACK2 || !luhn_run(b, s, e)) return;
    emit(o, PANSAFE_TRACK2, start, end);
}

/* Bare tag 57 value: PAN D 7 digits, at most 30 more, [F], standing alone. */
static void emv57_bare(const uint8_t *b, size_t len, size_t s, size_t e, ps_out *o) {
    if (s >= 1 && ps_is_word(b[s - 1])) return;
    size_t k = digits_at(b, len, e + 1, 37);
    if (k < 7 || k > 37) return;
    size_t end = e + 1 + k;
    if (end < len && is_fold(b[end], 'f')) end++;
    if (end < len && ps_is_word(b[end])) return;
    if (!luhn_run(b, s, e)) return;
    emit(o, PANSAFE_TRACK2, s, end);
}

static inline unsigned hexval(uint8_t c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

/* Tagged tag 57: "57" [ :] LL [ :] then exactly 2*LL bytes of value, whose PAN
 * (12-19 digits) ends at the 'D' at e. The digits before e are a run from s,
 * which may hold the tag and length themselves ("5713" + PAN). */
static void emv57_tagged(const uint8_t *b, size_t len, size_t s, size_t e, ps_out *o) {
    size_t vmin = e - s > MAX_PAN ? e - MAX_PAN : s; /* value start: 12-19 digits before e */
    size_t vmax = e - MIN_PAN;
    size_t pmin = vmin >= 6 ? vmin - 6 : 0; /* tag, [sep], 2 hex, [sep]: 4-6 bytes */
    for (size_t p = pmin; p + 4 <= vmax; p++) {
        if (b[p] != '5' || b[p + 1] != '7') continue;
        size_t q = p + 2;
        if (b[q] == ' ' || b[q] == ':') q++;
        if (!(ps_class[b[q]] & PS_HEX) || !(ps_class[b[q + 1]] & PS_HEX)) continue;
        size_t size = 2 * (16 * hexval(b[q]) + hexval(b[q + 1]));
        q += 2;
        if (b[q] == ' ' || b[q] == ':') q++;
        size_t v = q;
        if (v < vmin || v > vmax) continue; /* the value must start with this PAN */
        if (size > MAX_EMV57 || size > len - v) continue;
        size_t vend = v + size;
        if (vend <= e) continue; /* the 'D' is inside the value */
        size_t rest = vend;      /* after 'D': >= 7 digits, then an optional F pad */
        if (rest > e + 1 && is_fold(b[rest - 1], 'f')) rest--;
        if (rest - (e + 1) < 7) continue;
        size_t k = e + 1;
        while (k < rest && ps_is_digit(b[k])) k++;
        if (k != rest || !luhn_run(b, v, e)) continue;
        emit(o, PANSAFE_TRACK2, v, vend);
    }
}

/* Tag 5A: "5A" [ :] 06-0A [ :] then that many bytes of BCD digits, one trailing
 * F pad; 12-19 digits, Luhn-valid; the span covers the digits. The value's
 * digits are in the run from s, and its tag 2 to 6 bytes before s. */
static void emv5a(const uint8_t *b, size_t len, size_t s, ps_out *o) {
    if (s < 2) return;
    /* The tag's 'A' stands 1 to 5 bytes before s: mostly there is none. */
    unsigned any_a = 0;
    for (size_t k = s >= 5 ? s - 5 : 0; k < s; k++) any_a |= is_fold(b[k], 'a');
    if (!any_a) return;
    for (size_t p = s >= 6 ? s - 6 : 0; p <= s - 2; p++) {
        if (b[p] != '5' || !is_fold(b[p + 1], 'a')) continue;
        size_t q = p + 2;
        if (b[q] == ' ' || b[q] == ':') q++;
        if (b[q] != '0') continue;
        size_t size;
        uint8_t l = b[q + 1];
        if (l >= '6' && l <= '9') {
            size = 2 * (size_t)(l - '0');
        } else if (is_fold(l, 'a')) {
            size = 20;
        } else {
            continue;
        }
        q += 2;
        if (q < len && (b[q] == ' ' || b[q] == ':')) q++;
        size_t v = q;
        if (size > len - v) continue;
        size_t nd = is_fold(b[v + size - 1], 'f') ? size - 1 : size;
        if (nd < MIN_PAN || nd > MAX_PAN) continue;
        size_t k = v;
        while (k < v + nd && ps_is_digit(b[k])) k++;
        if (k != v + nd || !luhn_run(b, v, v + nd)) continue;
        emit(o, PANSAFE_PAN, v, v + nd);
    }
}

/* Everything anchored at the maximal digit run [s, e) of >= 12 digits. */
static void run_anchors(const uint8_t *b, size_t len, size_t s, size_t e, ps_out *o) {
    uint8_t after = e < len ? b[e] : 0;
    if (e - s <= MAX_PAN) {
        if (after == '^' && s >= 1 && b[s - 1] == 'B') track1(b, len, s, e, o);
        if (after == '=') track2(b, len, s, e, o);
        if (e < len && is_fold(after, 'd')) emv57_bare(b, len, s, e, o);
    }
    if (e < len && is_fold(after, 'd')) emv57_tagged(b, len, s, e, o);
    emv5a(b, len, s, o);
}

/* ------------------------------------------------------------ the segment */

void ps_verify(const uint8_t *buf, size_t len, size_t ss, size_t se, int all_digits, ps_out *o) {
    if (all_digits) {
        /* One group, no separator: what chain_spans and the loop below do for
         * it, without the parsing (CSV fields, ids, timestamps). */
        size_t n = se - ss;
        if (n >= MIN_PAN && n <= MAX_PAN && left_edge_ok(buf, ss) &&
            right_edge_ok(buf, len, se) && luhn_run(buf, ss, se))
            emit(o, PANSAFE_PAN, ss, se);
        if (n >= MIN_PAN) run_anchors(buf, len, ss, se, o);
        segment_done(o);
        return;
    }
    /* PAN candidates: every chain in the segment (a chain needs 12 digits to
     * hold a span, so shorter ones simply yield nothing). */
    for (size_t p = ss; p < se;) {
        if (!ps_is_digit(buf[p]) || url_space_digit(buf, len, p)) {
            p++;
            continue;
        }
        p = chain_spans(buf, len, p, o);
    }
    /* Tracks and tags: every maximal run of >= 12 digits. */
    for (size_t p = ss; p < se;) {
        if (!ps_is_digit(buf[p])) {
            p++;
            continue;
        }
        size_t s = p;
        while (p < se && ps_is_digit(buf[p])) p++;
        if (p - s >= MIN_PAN) run_anchors(buf, len, s, p, o);
    }
    segment_done(o);
}
