"""Fixtures for the throughput benchmarks: backends, corpora, measuring, the summary.

Every benchmark runs once per scanner backend. The ``backend`` fixture forces one
for the duration of a test by swapping every backend attribute of
``pansafe._backend`` (``_backend.bind``) and the recorded name; ``native`` is skipped while
``pansafe._native`` does not import. Corpora come from :mod:`benchmarks.corpora`
with counts known from the generators' ground truth, and every measurement
asserts them.

Run::

    pytest benchmarks --benchmark-disable          # CI smoke: ~1.6 MB, checks every count
    PANSAFE_BENCH_MB=64 pytest benchmarks          # 64 MB per corpus, timed
    PANSAFE_BENCH_MB=64 PANSAFE_BENCH_ROUNDS=5 pytest benchmarks --benchmark-only

Timings are the minimum over rounds (noise on a shared machine only adds time),
with the median alongside; with ``--benchmark-disable`` each figure is one run.
Nothing here asserts on time.
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

if str(Path(__file__).resolve().parent.parent) not in sys.path:  # ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pansafe
from benchmarks import corpora
from benchmarks.corpus import Doc, Span
from benchmarks.evaluate import match
from pansafe import _backend
from pansafe.errors import BackendError

#: Every backend a benchmark runs on; unavailable ones are skipped.
BACKENDS = ("python", "native")
#: Rounds per buffer measurement (the minimum is reported).
ROUNDS = int(os.environ.get("PANSAFE_BENCH_ROUNDS", "3"))


def native_error() -> str | None:
    """Why the native backend cannot be used, or None when it can."""
    try:
        native = importlib.import_module("pansafe._native")
    except ImportError as exc:
        return f"{type(exc).__name__}: {exc}"
    if not callable(getattr(native, "find_candidates", None)):
        return "pansafe._native imports but has no find_candidates (an unfinished build?)"
    return None


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Force one scanner backend for this test (``python`` or ``native``)."""
    name: str = request.param
    if name == "native" and (why := native_error()) is not None:
        pytest.skip(f"native backend not built ({why})")
    try:
        attributes = _backend.bind(name)
    except (BackendError, AttributeError) as exc:
        pytest.skip(f"{name} backend unavailable ({type(exc).__name__}: {exc})")
    for attribute, value in attributes.items():
        monkeypatch.setattr(_backend, attribute, value)
    monkeypatch.setattr(pansafe, "backend", attributes["NAME"])
    return name


# --------------------------------------------------------------------------- corpora


@pytest.fixture(scope="session")
def corpus_size() -> int:
    return corpora.bench_bytes()


@pytest.fixture(scope="session")
def get_corpus(corpus_size: int) -> Callable[[str], corpora.Corpus]:
    """``get_corpus(name)``: the corpus of the session's size (built once)."""
    return lambda name: corpora.build(name, corpus_size)


@pytest.fixture(scope="session")
def corpus_files(
    tmp_path_factory: pytest.TempPathFactory, get_corpus: Callable[[str], corpora.Corpus]
) -> Callable[[str], list[Path]]:
    """``corpus_files(name)``: the corpus on disk, one file (or the repo's tree), written once."""
    written: dict[str, list[Path]] = {}

    def files(name: str) -> list[Path]:
        if name not in written:
            c = get_corpus(name)
            root = tmp_path_factory.mktemp(name)
            if name == "repo":
                written[name] = corpora.write_tree(c, root)
            else:
                path = root / f"{name}.txt"
                path.write_bytes(c.data)
                written[name] = [path]
        return written[name]

    return files


# --------------------------------------------------------------------------- checking


def kind_counts(findings: Iterable[pansafe.Finding]) -> dict[str, int]:
    c = Counter(str(f.kind) for f in findings)
    return {k: c[k] for k in sorted(c)}


def _where(docs: tuple[Doc, ...], joiner: str, spans: list[Span]) -> list[str]:
    """``kind@doc_id+offset`` for spans of the joined text: enough to find them, no values."""
    out = []
    starts, pos = [], 0
    for d in docs:
        starts.append(pos)
        pos += len(d.text) + len(joiner)
    for s in spans[:10]:
        i = max(j for j, p in enumerate(starts) if p <= s.start)
        out.append(f"{s.kind}@{docs[i].doc_id}+{s.start - starts[i]}")
    return out


def assert_counts(corpus: corpora.Corpus, found: dict[str, int], what: str) -> None:
    """The findings per kind must be the generator's; on a mismatch, say where."""
    if found == dict(sorted(corpus.counts.items())):
        return
    predicted = [Span(str(f.kind), f.start, f.end) for f in pansafe.scan(corpus.text)]
    _, fps, fns = match(list(corpus.truth()), predicted)
    pytest.fail(
        f"{what}: found {found}, the generator's truth says {dict(sorted(corpus.counts.items()))}"
        f"\n  false positives (str scan): {_where(corpus.docs, corpus.joiner, fps)}"
        f"\n  missed (str scan): {_where(corpus.docs, corpus.joiner, fns)}",
        pytrace=False,
    )


# --------------------------------------------------------------------------- measuring


@dataclass
class Measurement:
    """Seconds per call of one benchmark (min and median over rounds) and bytes per call."""

    group: str  # "logs", "csv", ..., "latency"
    what: str  # "scan(bytes)", "scan(str)", "scan_file", "memchr ceiling", ...
    backend: str  # "python", "native" or "-" for backend-free references
    nbytes: int
    times: list[float] = field(default_factory=list)
    timed_by: str = "pytest-benchmark"
    items: int = 1  # inputs per call (a batch), for the time per input

    @property
    def per_item(self) -> float:
        return self.best / self.items

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def mb_s(self) -> float:
        return self.nbytes / self.best / 1e6 if self.best > 0 else float("inf")


RESULTS: list[Measurement] = []


class Meter:
    """Runs a callable under pytest-benchmark and records its time per call.

    With the benchmark enabled the figures are pytest-benchmark's; with
    ``--benchmark-disable`` they are this class's own timing of the single run
    (``calls`` calls for tiny inputs), so the smoke still prints a summary.
    """

    def __init__(self, benchmark: Any) -> None:
        self.benchmark = benchmark

    def __call__(
        self,
        fn: Callable[[], Any],
        *,
        group: str,
        what: str,
        backend: str,
        nbytes: int,
        rounds: int = ROUNDS,
        calls: int = 1,
        items: int = 1,
    ) -> Any:
        """Time ``fn``: ``rounds`` single calls, or (``calls`` > 1, for tiny inputs)
        pytest-benchmark's calibrated loop; ``items`` = inputs handled per call."""
        bm = self.benchmark
        bm.group = f"{group}: {what}"
        m = Measurement(group, what, backend, nbytes, items=items)
        own: list[float] = []

        def timed() -> Any:
            t0 = time.perf_counter()
            out = fn()
            own.append(time.perf_counter() - t0)
            return out

        if calls == 1:
            result = bm.pedantic(timed, rounds=rounds, iterations=1, warmup_rounds=0)
        else:
            result = bm(fn)
        stats = getattr(bm.stats, "stats", None)
        if stats:
            m.times = list(stats.data)
        elif calls == 1:  # disabled: the one run, timed here
            m.timed_by, m.times = "one run", own
        else:  # disabled, tiny input: time a short loop here
            m.timed_by = "one run"
            t0 = time.perf_counter()
            for _ in range(calls):
                fn()
            m.times = [(time.perf_counter() - t0) / calls]
        RESULTS.append(m)
        bm.extra_info.update(
            {
                "backend": backend,
                "bytes": nbytes,
                "MB/s": round(m.mb_s, 3),
                "MB/s (median)": round(nbytes / m.median / 1e6, 3) if m.median else None,
            }
        )
        return result


@pytest.fixture
def meter(benchmark: Any) -> Meter:
    """``meter(fn, group=..., what=..., backend=..., nbytes=...)`` -> fn's result, timed."""
    return Meter(benchmark)


# --------------------------------------------------------------------------- reporting


def pytest_report_header(config: pytest.Config) -> list[str]:
    why = native_error()
    available = "python" if why else "python, native"
    size = corpora.bench_bytes() / 1e6
    return [
        f"pansafe benchmarks: backends {available}"
        + (f" (native: {why})" if why else "")
        + f"; {size:g} MB per corpus (PANSAFE_BENCH_MB); {ROUNDS} rounds (PANSAFE_BENCH_ROUNDS)"
    ]


def _fmt_rate(mb_s: float | None) -> str:
    if mb_s is None:
        return "-"
    return f"{mb_s:,.0f}" if mb_s >= 100 else f"{mb_s:.2f}" if mb_s < 10 else f"{mb_s:.1f}"


def summary_lines(results: list[Measurement]) -> Iterator[str]:
    """The summary table: MB/s per backend and the native/python ratio."""
    by_key: dict[tuple[str, str], dict[str, Measurement]] = {}
    for m in results:
        by_key.setdefault((m.group, m.what), {})[m.backend] = m
    timed_by = sorted({m.timed_by for m in results})
    yield (
        "pansafe throughput, MB/s (10^6 bytes/s; best of rounds, by "
        + " / ".join(timed_by)
        + "); native/python = speed ratio"
    )
    head = (
        f"{'corpus':<9} {'what':<24} {'bytes':>12} {'python':>9} {'native':>9} "
        f"{'nat/py':>7} {'per input':>10}"
    )
    yield head
    yield "-" * len(head)
    groups = [*corpora.CORPORA, "latency"]
    whats = ("scan(bytes)", "scan(str)", "Scanner.scan_file", "memchr ceiling (find)")

    def rank(key: tuple[str, str]) -> tuple[int, int, str]:
        g = groups.index(key[0]) if key[0] in groups else len(groups)
        w = next((i for i, p in enumerate(whats) if key[1].startswith(p)), len(whats))
        return g, w, key[1]

    order = sorted(by_key, key=rank)
    for key in order:
        row = by_key[key]
        if "-" in row:  # a backend-free reference such as the memchr ceiling
            m = row["-"]
            yield (
                f"{key[0]:<9} {key[1]:<24} {m.nbytes:>12,} {_fmt_rate(m.mb_s):>9} "
                f"{'':>9} {'':>7} {_per_call(m.per_item):>10}"
            )
            continue
        py, nat = row.get("python"), row.get("native")
        ratio = f"{nat.mb_s / py.mb_s:.1f}x" if py and nat else "n/a"
        ref = nat or py
        assert ref is not None
        yield (
            f"{key[0]:<9} {key[1]:<24} {ref.nbytes:>12,} "
            f"{_fmt_rate(py.mb_s if py else None):>9} {_fmt_rate(nat.mb_s if nat else None):>9} "
            f"{ratio:>7} {_per_call(ref.per_item):>10}"
        )


def _per_call(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.2f} {unit}"
    return f"{seconds / 1e-9:.0f} ns"


@pytest.hookimpl(trylast=True)  # after pytest-benchmark's own tables
def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not RESULTS:
        return
    terminalreporter.section("pansafe throughput summary")
    for line in summary_lines(RESULTS):
        terminalreporter.write_line(line)
    if native_error() is not None:
        terminalreporter.write_line("native: not built, so no native figures and no ratio")
