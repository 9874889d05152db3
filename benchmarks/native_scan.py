"""Throughput of the C core alone, next to the memory-read ceiling, in one run.

Per corpus, each stage of the detect step through cffi on a buffer passed with
``ffi.from_buffer`` and arrays allocated once, big enough for every call, so the
figures hold no Python cost beyond one call per round (nothing is turned into
Python objects): the candidate scan (``pansafe_find_candidates``, AVX2 where the
CPU has it, and the portable path), the context-word scan
(``pansafe_find_context_words``: every word, and the words of the value kinds
alone, with the table that finds where words count on long texts) and the whole
detect step with every detector's byte work (``pansafe_detect``: candidates,
words, brands, values, overlaps), as the scanner runs it (words only on the
lines where they can count) and with words searched on every line.
``bytes.find`` of a byte that never occurs (``memchr``) is the ceiling; each row
also shows its share of it. Medians of several rounds, MB/s (10^6 bytes/s).

Every round checks its answer: both candidate paths return the same number of
spans, at least the number of PANs the corpus generator put in (candidates are a
superset of findings); the detect step returns exactly the findings the
generator put in (with the default options every finding of the C core is
reported); and every count is the same in every round.

Usage::

    PYTHONPATH=. python benchmarks/native_scan.py            # 64 MB per corpus
    PYTHONPATH=. python benchmarks/native_scan.py --mb 16 --rounds 9 logs csv
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpora

#: Corpora measured, in the order of the table.
NAMES = ("logs", "csv", "tickets", "repo")


def _median_mbps(fn: Callable[[], int], nbytes: int, rounds: int) -> tuple[float, int]:
    """Median MB/s of ``fn`` over ``rounds`` calls, and its (checked constant) result."""
    result = fn()  # warm up: page in the buffer and the span array
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        r = fn()
        times.append(time.perf_counter() - t0)
        if r != result:
            raise AssertionError(f"result changed between rounds: {r} != {result}")
    return nbytes / statistics.median(times) / 1e6, result


def measure(name: str, nbytes: int, rounds: int) -> list[tuple[str, float, float]]:
    """``(what, MB/s, share of memchr)`` rows for the corpus ``name`` of about ``nbytes`` bytes."""
    from pansafe import _native  # the compiled module: needs a build
    from pansafe.config import ScanConfig
    from pansafe.detectors import _iin_table
    from pansafe.detectors.keywords import native_table

    ffi, lib = _native.ffi, _native.lib
    corpus = corpora.build(name, nbytes)
    data = corpus.data
    buf = ffi.from_buffer(data)
    cap = len(data) // 8 + 1024
    out = ffi.new("pansafe_span[]", cap)
    found_cap = len(data) // 4 + 1024  # pansafe_detect keeps a third for its findings
    found = ffi.new("pansafe_finding[]", found_cap)
    masks = ffi.new("uint8_t[]", len(data))  # the findings' masked text
    words = native_table(ScanConfig.build().languages)
    brands = _iin_table(_native.compile_iin)

    def run(fn: Callable[..., int]) -> Callable[[], int]:
        def call() -> int:
            n = int(fn(buf, len(data), out, cap))
            if not 0 <= n <= cap:
                raise AssertionError(f"{name}: bad return value {n} (cap {cap})")
            return n

        return call

    # The scanner's table for long texts: words only on the lines where they count.
    lines = words.for_long_texts()

    def detect(table: object) -> Callable[[], int]:
        def call() -> int:
            args = (brands.ptr, buf, len(data), found, found_cap, out, cap, masks, len(data), 0)
            n = int(lib.pansafe_detect(table, *args))
            if not 0 <= n <= found_cap:
                raise AssertionError(f"{name}: bad return value {n} from pansafe_detect")
            return n

        return call

    rows: list[tuple[str, float]] = []
    ceiling, at = _median_mbps(lambda: data.find(b"\xff"), len(data), rounds)
    if at != -1:
        raise AssertionError(f"{name}: 0xFF found in the corpus")
    rows.append(("memchr ceiling (bytes.find)", ceiling))
    counts = {}
    paths: list[tuple[str, Callable[..., int]]] = [
        ("candidates, portable", lib.pansafe_find_candidates_portable)
    ]
    if lib.pansafe_simd_level() >= 1:
        paths.insert(0, ("candidates, avx2", lib.pansafe_find_candidates))
    for what, fn in paths:
        mbps, counts[what] = _median_mbps(run(fn), len(data), rounds)
        rows.append((what, mbps))
    if len(set(counts.values())) != 1:
        raise AssertionError(f"{name}: the paths disagree: {counts}")
    spans = next(iter(counts.values()))
    pans = corpus.counts.get("pan", 0)
    if spans < pans:
        raise AssertionError(f"{name}: {spans} candidates for {pans} known PANs")
    mbps, n_words = _median_mbps(
        run(lambda b, n, o, c: lib.pansafe_find_context_words(words.ptr, b, n, o, c)),
        len(data),
        rounds,
    )
    rows.append(("context words", mbps))
    mbps, _ = _median_mbps(
        run(lambda b, n, o, c: lib.pansafe_find_context_words(lines.values, b, n, o, c)),
        len(data),
        rounds,
    )
    rows.append(("context words of the value kinds", mbps))
    known = sum(corpus.counts.values())
    for what, table in (
        ("detect step, words on every line", words.ptr),
        ("the whole detect step", lines),
    ):
        mbps, n_found = _median_mbps(detect(table), len(data), rounds)
        if n_found != known:
            raise AssertionError(f"{name}: {what} found {n_found}, the corpus holds {known}")
        rows.append((what, mbps))
    rows = [(what, mbps, mbps / ceiling) for what, mbps in rows]
    note = f"{spans:,} candidates, {n_words:,} context words, {n_found:,} findings"
    rows.append((f"  ({note}; {len(data):,} bytes)", 0.0, 0.0))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--mb", type=float, default=64.0, help="MB per corpus (default 64)")
    ap.add_argument("--rounds", type=int, default=7, help="timed rounds per row (default 7)")
    ap.add_argument("corpora", nargs="*", metavar="corpus", help=f"any of {', '.join(NAMES)}")
    args = ap.parse_args(argv)
    unknown = set(args.corpora) - set(NAMES)
    if unknown:
        ap.error(f"unknown corpus: {', '.join(sorted(unknown))}")
    for name in args.corpora or NAMES:
        print(f"{name}:")
        for what, mbps, share in measure(name, int(args.mb * 1_000_000), args.rounds):
            print(f"  {what:<28} {mbps:>9,.0f} MB/s {share:>6.1%}" if mbps else f"  {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
