/*
 * scan.c - the exported functions: argument checks, dispatch, the result.
 *
 * pansafe_find_candidates picks the trigger loop by what the CPU supports, at
 * run time (__builtin_cpu_supports): the extension is built for baseline
 * x86-64 (no -march=native) and the AVX2 code is compiled per function with
 * __attribute__((target("avx2"))). Both loops hand the same segments to the
 * same verification code (rules.c), so they return identical results.
 */
#include "internal.h"

enum { LEVEL_PORTABLE = 0, LEVEL_AVX2 = 1 };

int pansafe_simd_level(void) {
#if PS_HAVE_X86_SIMD
    __builtin_cpu_init(); /* idempotent; needed if called before constructors ran */
    if (__builtin_cpu_supports("avx2")) return LEVEL_AVX2;
#endif
    return LEVEL_PORTABLE;
}

static int64_t find(const uint8_t *buf, size_t len, pansafe_span *out, size_t cap, int level) {
    if ((buf == NULL && len > 0) || (out == NULL && cap > 0) || len > (size_t)INT64_MAX ||
        cap > (size_t)INT64_MAX)
        return PANSAFE_EINVAL;
    ps_out o = {out, cap, 0, 0};
#if PS_HAVE_X86_SIMD
    if (level == LEVEL_AVX2) {
        ps_scan_avx2(buf, len, &o);
        return ps_finish(&o);
    }
#else
    (void)level;
#endif
    ps_scan_portable(buf, len, &o);
    return ps_finish(&o);
}

int64_t pansafe_find_candidates(const uint8_t *buf, size_t len, pansafe_span *out, size_t cap) {
    return find(buf, len, out, cap, pansafe_simd_level());
}

int64_t pansafe_find_candidates_portable(const uint8_t *buf, size_t len, pansafe_span *out,
                                         size_t cap) {
    return find(buf, len, out, cap, LEVEL_PORTABLE);
}
