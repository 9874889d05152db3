"""pansafe against the tools people use instead: speed and accuracy, in one run.

Every tool scans the same corpora (:mod:`benchmarks.corpora`: logs, CSV, tickets,
a repository tree) in the same process, interleaved: each repeat runs every
corpus through every tool, starting with a different tool each time, so drift on
a shared machine hits all of them alike. Reported speed is MB/s (10^6 bytes of
UTF-8 per second) from the best (minimum) time over the repeats; the median is
kept alongside. Each tool gets the corpus as its units, ``str`` already in memory:
blocks of 40 log lines or CSV rows (about 4 KB), one e-mail, one file, the way a
log shipper, a helpdesk hook or a repository walker hands text to a scanner. No
tool pays for I/O or decoding. Multi-megabyte single buffers are left to the
pytest suite (``benchmarks/test_throughput.py``, pansafe alone): some tools are
quadratic on them (DataFog's regex engine took 3.7 s for 0.4 MB of CSV and 12.4 s
for 0.8 MB in one buffer).

Accuracy is precision and recall on the development corpus
(:mod:`benchmarks.corpus`, seed 1, with ground truth), matched as
:mod:`benchmarks.evaluate` does (same kind, overlapping, one to one). The other
tools only look for card numbers, so they are scored on kind ``pan`` alone;
pansafe is scored on every kind. PAN precision/recall on the throughput corpora
is reported as well.

How each tool is configured (as its documentation shows for card numbers):

pansafe
    ``pansafe.scan(text)`` with the default scanner, once per backend: the backend
    is forced by swapping every backend attribute of ``pansafe._backend``
    (``_backend.bind``: ``python``, and ``native`` when ``pansafe._native`` imports).
Presidio (``presidio-analyzer``)
    ``CreditCardRecognizer().analyze(text, entities=["CREDIT_CARD"])``: the
    predefined recognizer (regex + Luhn) called directly, every result with a
    score above 0 kept, which is what ``AnalyzerEngine.analyze`` returns for
    ``CREDIT_CARD`` at its default threshold of 0. The engine itself needs a spaCy
    model (``en_core_web_lg``) that cannot be downloaded here; its NER pass and
    context words only change scores, not which numbers are found, and would only
    make Presidio slower, so its speed here is an upper bound.
PANhunt (``panhunt``)
    The tool's matcher, ``panhunt.finder.PanFinder(ScanConfiguration()).find(text)``:
    its per-brand regular expressions (``panhunt.patterns.CardPatterns``), Luhn check
    and exclusion list, as the file scanners call it. It returns masked PANs without
    positions, so for scoring the same patterns, Luhn and exclusion are run with
    ``finditer`` to get spans (checked to give the same count as ``find``).
scrubadub (``scrubadub``)
    ``scrubadub.Scrubber(detector_list=[CreditCardDetector()]).iter_filth(text)``:
    only its credit-card detector, with its default post-processing (which drops
    filth whose ``is_valid()`` is false: the Luhn check).
DataFog (``datafog``)
    ``datafog.scan(text, engine="regex", entity_types=["CREDIT_CARD"])``: the regex
    engine (no NER), entities of type ``CREDIT_CARD``.
re + Luhn
    The baseline one writes in an afternoon: ``\\b\\d(?:[ -]?\\d){11,18}\\b`` with the
    stdlib ``re`` (12-19 digits, single space or dash separators), then
    ``luhn.verify`` (the ``luhn`` package) on the digits.

A tool that fails to import, to configure, or to scan a corpus is shown as n/a with
the reason; the others carry on.

Usage::

    python benchmarks/compare.py                       # 8 MB per corpus, 3 repeats
    python benchmarks/compare.py --mb 16 --repeat 5 --write-docs

``--write-docs`` writes ``docs/benchmarks.md`` and ``docs/benchmarks.png``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import importlib.metadata
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpora
from benchmarks.corpus import KINDS, Doc, Span, generate
from benchmarks.evaluate import Metrics, match
from benchmarks.evaluate import run as evaluate_run

__all__ = ["TOOLS", "Report", "Tool", "load_tools", "main", "measure"]

ScanFn = Callable[[str], list[Span]]
ROOT = Path(__file__).resolve().parent.parent
#: Corpora given to tools one file at a time.
PER_FILE = frozenset({"repo"})


@dataclass
class Tool:
    """One tool under test: how to run it, or why it cannot run."""

    name: str
    dist: str  # the distribution, for its version
    config: str  # how it is configured, in one line
    spans: ScanFn = field(default=lambda text: [])  # text -> findings with positions
    timed: Callable[[str], object] | None = None  # the tool's own entry point, if different
    context: Callable[[], contextlib.AbstractContextManager[object]] = contextlib.nullcontext
    all_kinds: bool = False  # scored on every kind (pansafe), else on pan only
    error: str | None = None

    @property
    def entry(self) -> Callable[[str], object]:
        """What is timed: the tool's own entry point, else ``spans``."""
        return self.timed if self.timed is not None else self.spans

    @property
    def version(self) -> str:
        try:
            return importlib.metadata.version(self.dist)
        except importlib.metadata.PackageNotFoundError:
            return "?"


def _reason(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text if len(text) <= 160 else text[:157] + "..."


# --------------------------------------------------------------------------- tools


@contextlib.contextmanager
def forced_backend(name: str) -> Iterator[object]:
    """Run pansafe on one backend: swap what the detectors call, then put it back."""
    from pansafe import _backend

    forced = _backend.bind(name)
    saved = {attribute: getattr(_backend, attribute) for attribute in forced}
    for attribute, value in forced.items():
        setattr(_backend, attribute, value)
    try:
        yield None
    finally:
        for attribute, value in saved.items():
            setattr(_backend, attribute, value)


def _pansafe(backend: str) -> Tool:
    import pansafe

    if backend == "native":
        native = importlib.import_module("pansafe._native")
        if not callable(getattr(native, "find_candidates", None)):
            raise ImportError("pansafe._native has no find_candidates")

    def spans(text: str) -> list[Span]:
        return [Span(str(f.kind), f.start, f.end) for f in pansafe.scan(text)]

    return Tool(
        f"pansafe ({backend})",
        "pansafe",
        f"pansafe.scan(text), backend {backend} forced",
        spans,
        context=lambda: forced_backend(backend),
        all_kinds=True,
    )


def _presidio() -> Tool:
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    recognizer = CreditCardRecognizer()

    def spans(text: str) -> list[Span]:
        found = recognizer.analyze(text, entities=["CREDIT_CARD"])
        return [Span("pan", r.start, r.end) for r in found if r.score > 0]

    return Tool(
        "Presidio",
        "presidio-analyzer",
        'CreditCardRecognizer().analyze(text, entities=["CREDIT_CARD"]), score > 0',
        spans,
    )


def _panhunt() -> Tool:
    from panhunt.config import ScanConfiguration
    from panhunt.finder import PanFinder
    from panhunt.pan import PAN
    from panhunt.patterns import CardPatterns

    config = ScanConfiguration()
    finder = PanFinder(config)
    brands = CardPatterns().brands()

    def spans(text: str) -> list[Span]:  # PanFinder.find, with positions
        out = []
        for _, regex in brands:
            for m in regex.finditer(text):
                pan = m.group(1)
                if PAN.is_valid_luhn_checksum(pan=pan) and not config.is_excluded(pan=pan):
                    out.append(Span("pan", m.start(1), m.end(1)))
        return out

    probe = "4111 1111 1111 1111 and 5555-5555-5555-4444, 378282246310005."
    if len(spans(probe)) != len(finder.find(probe)):
        raise RuntimeError("the span mirror of PanFinder.find disagrees with it")
    return Tool(
        "PANhunt",
        "panhunt",
        "panhunt.finder.PanFinder(ScanConfiguration()).find(text)",
        spans,
        timed=finder.find,
    )


def _scrubadub() -> Tool:
    import scrubadub
    from scrubadub.detectors import CreditCardDetector

    scrubber = scrubadub.Scrubber(detector_list=[CreditCardDetector()])

    def spans(text: str) -> list[Span]:
        return [
            Span("pan", f.beg, f.end) for f in scrubber.iter_filth(text) if f.type == "credit_card"
        ]

    return Tool(
        "scrubadub",
        "scrubadub",
        "Scrubber(detector_list=[CreditCardDetector()]).iter_filth(text)",
        spans,
    )


def _datafog() -> Tool:
    import datafog

    def spans(text: str) -> list[Span]:
        result = datafog.scan(text, engine="regex", entity_types=["CREDIT_CARD"])
        return [Span("pan", e.start, e.end) for e in result.entities if e.type == "CREDIT_CARD"]

    return Tool(
        "DataFog",
        "datafog",
        'datafog.scan(text, engine="regex", entity_types=["CREDIT_CARD"])',
        spans,
    )


_BASELINE = re.compile(r"\b\d(?:[ -]?\d){11,18}\b")
_NON_DIGIT = re.compile(r"\D")


def _re_luhn() -> Tool:
    import luhn

    def spans(text: str) -> list[Span]:
        return [
            Span("pan", m.start(), m.end())
            for m in _BASELINE.finditer(text)
            if luhn.verify(_NON_DIGIT.sub("", m.group()))
        ]

    return Tool(
        "re + Luhn",
        "luhn",
        r"re \b\d(?:[ -]?\d){11,18}\b, then luhn.verify(digits)",
        spans,
    )


#: Every tool: (name shown when it cannot load, loader).
TOOLS: tuple[tuple[str, str, Callable[[], Tool]], ...] = (
    ("pansafe (native)", "pansafe", lambda: _pansafe("native")),
    ("pansafe (python)", "pansafe", lambda: _pansafe("python")),
    ("Presidio", "presidio-analyzer", _presidio),
    ("PANhunt", "panhunt", _panhunt),
    ("scrubadub", "scrubadub", _scrubadub),
    ("DataFog", "datafog", _datafog),
    ("re + Luhn", "luhn", _re_luhn),
)


def load_tools() -> list[Tool]:
    """Every tool, each loaded on its own: one that fails is kept with its reason."""
    tools = []
    for name, dist, load in TOOLS:
        try:
            tools.append(load())
        except Exception as exc:  # a broken tool must not take the others down
            tools.append(Tool(name, dist, "", error=_reason(exc)))
    return tools


# --------------------------------------------------------------------------- measuring


@dataclass
class Cell:
    """One tool on one corpus: times of the repeats, findings, or why it failed."""

    times: list[float] = field(default_factory=list)
    found: int = 0
    pan: Metrics | None = None
    error: str | None = None

    def mb_s(self, nbytes: int) -> float | None:
        return nbytes / min(self.times) / 1e6 if self.times and not self.error else None

    def median_mb_s(self, nbytes: int) -> float | None:
        if not self.times or self.error:
            return None
        return nbytes / statistics.median(self.times) / 1e6


@dataclass
class Report:
    tools: list[Tool]
    corpora: dict[str, corpora.Corpus]
    nbytes: dict[str, int]
    cells: dict[tuple[str, str], Cell]  # (tool, corpus)
    accuracy: dict[str, dict[str, Metrics]]  # tool -> kind -> metrics (dev corpus)
    accuracy_error: dict[str, str]
    dev_docs: int
    dev_seed: int
    repeat: int
    seconds: float = 0.0
    ceiling: dict[str, float] = field(default_factory=dict)  # corpus -> memchr MB/s

    @property
    def reference(self) -> Tool | None:
        """The pansafe the others are compared with: native if it runs, else python."""
        for name in ("pansafe (native)", "pansafe (python)"):
            for t in self.tools:
                if t.name == name and t.error is None:
                    return t
        return None


def _inputs(corpus: corpora.Corpus) -> list[str]:
    """What each tool is given: the corpus's units (see the module docstring)."""
    return [d.text for d in corpus.docs]


def _score(corpus: corpora.Corpus, found: list[list[Span]], kinds: Sequence[str]) -> Metrics:
    """Metrics of ``kinds`` over findings per unit, against each unit's truth."""
    total = Metrics()
    for doc, predicted in zip(corpus.docs, found, strict=True):
        truth = [t for t in doc.truth if t.kind in kinds]
        pairs, fps, fns = match(truth, [p for p in predicted if p.kind in kinds])
        total.add(Metrics(tp=len(pairs), fp=len(fps), fn=len(fns)))
    return total


#: Units per corpus each tool scans untimed first (compiled patterns, caches, imports).
WARMUP_UNITS = 20


def measure(
    tools: Sequence[Tool],
    bench: dict[str, corpora.Corpus],
    repeat: int,
    log: Callable[[str], None] = print,
) -> dict[tuple[str, str], Cell]:
    """Time every tool on every corpus ``repeat`` times, interleaved; score the first run."""
    cells = {(t.name, c): Cell() for t in tools for c in bench}
    runnable = [t for t in tools if t.error is None]
    for tool in runnable:
        for cname, corpus in bench.items():
            try:
                with tool.context():
                    for text in _inputs(corpus)[:WARMUP_UNITS]:
                        tool.entry(text)
            except Exception as exc:
                cells[tool.name, cname].error = _reason(exc)
                log(f"  {tool.name} on {cname}: {cells[tool.name, cname].error}")
    for rep in range(repeat):
        order = runnable[rep % len(runnable) :] + runnable[: rep % len(runnable)]
        for cname, corpus in bench.items():
            inputs = _inputs(corpus)
            nbytes = sum(len(text.encode("utf-8")) for text in inputs)
            for tool in order:
                cell = cells[tool.name, cname]
                if cell.error:
                    continue
                entry = tool.entry
                try:
                    with tool.context():
                        t0 = time.perf_counter()
                        for text in inputs:
                            entry(text)
                        elapsed = time.perf_counter() - t0
                        if rep == 0:  # score outside the clock
                            spans = [tool.spans(text) for text in inputs]
                            cell.found = sum(len(s) for s in spans)
                            cell.pan = _score(corpus, spans, ["pan"])
                except Exception as exc:  # isolate the tool: n/a on this corpus
                    cell.error = _reason(exc)
                    log(f"  {tool.name} on {cname}: {cell.error}")
                    continue
                cell.times.append(elapsed)
                log(
                    f"  [{rep + 1}/{repeat}] {cname:<8} {tool.name:<18} "
                    f"{nbytes / elapsed / 1e6:9.2f} MB/s"
                )
    return cells


def memchr_ceiling(bench: dict[str, corpora.Corpus], repeat: int) -> dict[str, float]:
    """MB/s of ``bytes.find`` for a byte UTF-8 never holds: this machine's read ceiling."""
    out = {}
    for cname, corpus in bench.items():
        data = corpus.data
        best = math.inf
        for _ in range(max(repeat, 10)):
            t0 = time.perf_counter()
            if data.find(b"\xff") != -1:
                raise AssertionError("UTF-8 holds no 0xFF byte")
            best = min(best, time.perf_counter() - t0)
        out[cname] = len(data) / best / 1e6
    return out


def accuracy(
    tools: Sequence[Tool], docs: Sequence[Doc]
) -> tuple[dict[str, dict[str, Metrics]], dict[str, str]]:
    """Metrics per kind of every tool on the development corpus."""
    out: dict[str, dict[str, Metrics]] = {}
    errors: dict[str, str] = {}
    for tool in tools:
        if tool.error is not None:
            continue
        try:
            with tool.context():
                res = evaluate_run(docs, tool.spans)
        except Exception as exc:
            errors[tool.name] = _reason(exc)
            continue
        out[tool.name] = res.by_kind
        if res.crashes:
            doc_id, why = res.crashes[0]
            errors[tool.name] = f"raised on {len(res.crashes)} documents, e.g. {doc_id}: {why}"
    return out, errors


# --------------------------------------------------------------------------- output


def _rate(mb_s: float | None) -> str:
    if mb_s is None:
        return "n/a"
    return f"{mb_s:,.0f}" if mb_s >= 100 else f"{mb_s:.1f}" if mb_s >= 10 else f"{mb_s:.2f}"


def _ratio(x: float | None, ref: float | None) -> str:
    if x is None or not ref:
        return "n/a"
    r = x / ref
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def _pr(m: Metrics | None) -> str:
    if m is None:
        return "n/a"
    precision = f"{m.precision:.3f}" if m.tp + m.fp else "–"  # nothing found: undefined
    return f"{precision} / {m.recall:.3f}"


def machine() -> dict[str, str]:
    """CPU model, cores, memory, OS and Python: where the figures were taken."""
    info = {"cpu": platform.processor() or platform.machine(), "cores": str(os.cpu_count())}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        fields = dict(
            (k.strip(), v.strip()) for k, _, v in (ln.partition(":") for ln in out.splitlines())
        )
        info["cpu"] = fields.get("Model name", info["cpu"])
        threads = fields.get("CPU(s)", "?")
        cores = int(fields.get("Core(s) per socket", "0") or 0) * int(fields.get("Socket(s)", "1"))
        info["cores"] = f"{cores or '?'} cores / {threads} threads"
        flags = set(fields.get("Flags", "").split())
        info["simd"] = ", ".join(f for f in ("sse4_2", "avx2", "avx512bw") if f in flags) or "-"
        info["l3"] = fields.get("L3 cache", "?")
        if "Hypervisor vendor" in fields:
            info["cpu"] += f" (virtual machine, {fields['Hypervisor vendor']})"
    with contextlib.suppress(OSError, ValueError, StopIteration):
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = next(int(ln.split()[1]) for ln in meminfo if ln.startswith("MemTotal:"))
        info["memory"] = f"{kb / 1024 / 1024:.0f} GiB"
    info["os"] = platform.platform()
    info["python"] = platform.python_version()
    return info


def tables(report: Report) -> dict[str, list[str]]:
    """Markdown tables: throughput, accuracy on the development corpus, PAN on each corpus."""
    ref = report.reference
    names = list(report.corpora)
    out: dict[str, list[str]] = {}

    head = "| tool | version | " + " | ".join(f"{c} MB/s" for c in names) + " | vs pansafe |"
    rows = [head, "|" + "---|" * (len(names) + 3)]
    for t in report.tools:
        rates = [report.cells[t.name, c].mb_s(report.nbytes[c]) for c in names]
        refs = [report.cells[ref.name, c].mb_s(report.nbytes[c]) if ref else None for c in names]
        ratios = [r / f for r, f in zip(rates, refs, strict=True) if r and f]
        geo = math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else None
        cells = []
        for c, r, f in zip(names, rates, refs, strict=True):
            cell = report.cells[t.name, c]
            cells.append(f"n/a ({cell.error})" if cell.error else f"{_rate(r)} ({_ratio(r, f)})")
        if t.error:
            cells = [f"n/a ({t.error})"] + ["n/a"] * (len(names) - 1)
        gm = "reference" if ref and t.name == ref.name else _ratio(geo, 1.0) if geo else "n/a"
        rows.append(f"| {t.name} | {t.version} | " + " | ".join(cells) + f" | {gm} |")
    if report.ceiling:
        cells = [_rate(report.ceiling.get(c)) for c in names]
        rows.append("| *memchr ceiling* | `bytes.find` | " + " | ".join(cells) + " | |")
    out["throughput"] = rows

    rows = ["| tool | PAN precision | PAN recall | PAN TP / FP / FN |", "|---|---|---|---|"]
    for t in report.tools:
        m = report.accuracy.get(t.name, {}).get("pan")
        why = t.error or report.accuracy_error.get(t.name)
        if m is None:
            rows.append(f"| {t.name} | n/a | n/a | n/a ({why}) |")
            continue
        note = f" ({why})" if why else ""
        precision = f"{m.precision:.3f}" if m.tp + m.fp else "–"
        rows.append(f"| {t.name} | {precision} | {m.recall:.3f} | {m.tp} / {m.fp} / {m.fn}{note} |")
    out["accuracy"] = rows

    rows = ["| pansafe kind | precision | recall | TP / FP / FN |", "|---|---|---|---|"]
    ps = report.accuracy.get(ref.name, {}) if ref else {}
    for kind in KINDS:
        if kind in ps:
            m = ps[kind]
            rows.append(
                f"| {kind} | {m.precision:.3f} | {m.recall:.3f} | {m.tp} / {m.fp} / {m.fn} |"
            )
    out["kinds"] = rows

    head = "| tool | " + " | ".join(f"{c}: PAN P / R" for c in names) + " |"
    rows = [head, "|" + "---|" * (len(names) + 1)]
    for t in report.tools:
        cells = [
            "n/a" if report.cells[t.name, c].error or t.error else _pr(report.cells[t.name, c].pan)
            for c in names
        ]
        rows.append(f"| {t.name} | " + " | ".join(cells) + " |")
    out["corpus_pan"] = rows
    return out


def chart(report: Report, path: Path) -> None:
    """Throughput per corpus (log scale) and PAN precision/recall, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator

    tools = [t for t in report.tools if t.error is None]
    names = list(report.corpora)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5.5), gridspec_kw={"width_ratios": [3, 2]})
    width = 0.8 / max(1, len(tools))
    for i, t in enumerate(tools):
        xs, ys = [], []
        for j, c in enumerate(names):
            r = report.cells[t.name, c].mb_s(report.nbytes[c])
            if r:
                xs.append(j + (i - (len(tools) - 1) / 2) * width)
                ys.append(r)
        ax1.bar(xs, ys, width, label=t.name)
    ax1.set_yscale("log")
    ax1.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax1.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax1.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax1.set_xticks(range(len(names)), names)
    ax1.set_ylabel("MB/s (log scale, higher is better)")
    ax1.set_title(
        f"Throughput on {report.nbytes[names[0]] / 1e6:.0f} MB corpora, best of {report.repeat}"
    )
    ax1.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.08))
    ax1.grid(axis="y", which="both", alpha=0.3)

    scored = [t for t in tools if "pan" in report.accuracy.get(t.name, {})]
    xs = list(range(len(scored)))
    prec = [report.accuracy[t.name]["pan"].precision for t in scored]
    rec = [report.accuracy[t.name]["pan"].recall for t in scored]
    ax2.bar([x - 0.2 for x in xs], prec, 0.4, label="precision")
    ax2.bar([x + 0.2 for x in xs], rec, 0.4, label="recall")
    ax2.set_xticks(xs, [t.name for t in scored], rotation=30, ha="right", fontsize=8)
    ax2.set_ylim(0, 1.05)
    ax2.set_title(f"PAN precision / recall, development corpus ({report.dev_docs} docs)")
    ax2.legend(fontsize=8, loc="lower left")
    ax2.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def findings(report: Report) -> list[str]:
    """The figures that answer the questions people ask, in sentences."""
    names = list(report.corpora)
    ok = [t for t in report.tools if t.error is None]
    out = []
    fastest = []
    for c in names:
        rated = [(report.cells[t.name, c].mb_s(report.nbytes[c]), t.name) for t in ok]
        rated = [(r, n) for r, n in rated if r]
        if rated:
            r, n = max(rated)
            fastest.append(f"{c}: {n} ({_rate(r)} MB/s)")
    if fastest:
        out.append("Fastest per corpus: " + "; ".join(fastest) + ".")
    names_ok = {t.name for t in ok}
    if {"pansafe (native)", "pansafe (python)"} <= names_ok:

        def rate(tool: str, c: str) -> float | None:
            return report.cells[tool, c].mb_s(report.nbytes[c])

        ratios = [
            f"{c} {_ratio(rate('pansafe (native)', c), rate('pansafe (python)', c))}" for c in names
        ]
        out.append("pansafe native ÷ python backend: " + ", ".join(ratios) + ".")
    others = [
        (t.name, report.accuracy[t.name]["pan"])
        for t in ok
        if not t.all_kinds and "pan" in report.accuracy.get(t.name, {})
    ]
    if others:
        n, m = max(others, key=lambda x: x[1].recall)
        out.append(
            f"Best PAN recall among the other tools: {n}, {m.recall:.3f} "
            f"(precision {m.precision:.3f})."
        )
        n, m = max(others, key=lambda x: x[1].precision)
        out.append(
            f"Best PAN precision among the other tools: {n}, {m.precision:.3f} "
            f"(recall {m.recall:.3f})."
        )
    gaps = [
        (statistics.median(cell.times) / min(cell.times) - 1, tool, c)
        for (tool, c), cell in report.cells.items()
        if cell.times and not cell.error
    ]
    if gaps:
        mean = sum(g for g, *_ in gaps) / len(gaps)
        g, tool, c = max(gaps)
        out.append(
            f"Noise: the median run was {mean:.0%} slower than the best on average "
            f"(at most {g:.0%}: {tool} on {c})."
        )
    return out


def markdown(report: Report, argv: Sequence[str], png: str) -> str:
    m = machine()
    t = tables(report)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    ref = report.reference
    sizes = ", ".join(
        f"{c} {report.nbytes[c] / 1e6:.1f} MB ({len(report.corpora[c].docs):,} "
        f"{'files' if c in PER_FILE else 'units'})"
        for c in report.corpora
    )
    counts = "; ".join(
        f"{c}: " + ", ".join(f"{k} {n:,}" for k, n in corpus.counts.items())
        for c, corpus in report.corpora.items()
    )
    notes = [f"- **{x.name}**: {x.error}" for x in report.tools if x.error]
    cmd = "python benchmarks/compare.py " + " ".join(argv)
    return "\n".join(
        [
            "# Benchmarks: pansafe and the tools people use instead",
            "",
            f"Measured {when} by `{cmd.strip()}` ({report.seconds / 60:.0f} min).",
            "",
            f"- Machine: {m['cpu']}, {m['cores']}, SIMD {m.get('simd', '?')}, "
            f"L3 {m.get('l3', '?')}, {m.get('memory', '?')} RAM; {m['os']}; "
            f"Python {m['python']}.",
            "- The machine is shared and noisy: every tool ran in the same process, "
            f"interleaved, {report.repeat} times per corpus; speed is from the best "
            "(minimum) time, as noise only adds time.",
            f"- Corpora (`benchmarks/corpora.py`, seed {corpora.SEED}): {sizes}. "
            f"Known findings: {counts}.",
            f"- Ratios are speed ÷ the speed of {ref.name if ref else 'pansafe'} on the "
            "same corpus; the last column is their geometric mean.",
            "",
            "Each tool is given every corpus as its units (blocks of 40 log lines or CSV "
            "rows, about 4 KB; one e-mail; one file), as `str` in memory. The memchr "
            "ceiling is `bytes.find` over each whole corpus: how fast this machine reads "
            "a buffer at all (corpora that fit in the L3 cache read faster than memory; "
            "`PANSAFE_BENCH_MB=256 pytest benchmarks` gives the DRAM-bound figure). "
            "pansafe alone on whole buffers, per backend and with every count checked: "
            "`pytest benchmarks`.",
            "",
            f"![throughput and accuracy]({png})",
            "",
            "## Findings",
            "",
            *[f"- {line}" for line in findings(report)],
            "- pansafe was developed against the generator of the development corpus; "
            "another seed gives new documents from the same templates, not an independent "
            "test. Read its accuracy there as a regression check, and the other tools' as "
            "what they do on this kind of data.",
            "",
            "## Throughput (MB/s, 10^6 bytes of UTF-8 per second; × pansafe)",
            "",
            *t["throughput"],
            "",
            "## Accuracy on the development corpus",
            "",
            f"`benchmarks/corpus.py`, seed {report.dev_seed}, {report.dev_docs} documents "
            "(tickets in seven languages, application and payment-terminal logs, CSV "
            "exports, source code) with ground truth; matched as `benchmarks/evaluate.py` "
            "does. The other tools look for card numbers only and are scored on `pan`.",
            "",
            *t["accuracy"],
            "",
            f"{ref.name if ref else 'pansafe'}, every kind:",
            "",
            *t["kinds"],
            "",
            "## PAN precision / recall on the throughput corpora",
            "",
            *t["corpus_pan"],
            "",
            "## How each tool was configured",
            "",
            *[f"- **{x.name}** {x.version}: `{x.config}`" for x in report.tools if not x.error],
            "",
            "See the docstring of `benchmarks/compare.py` for why each is configured so.",
            *(["", "Tools that could not run:", "", *notes] if notes else []),
            "",
            "## Reproduce",
            "",
            "```sh",
            '.venv/bin/pip install -e ".[test,bench]"',
            f"{cmd.strip()}",
            "pytest benchmarks --benchmark-disable   # pansafe alone: every count, both backends",
            "PANSAFE_BENCH_MB=64 pytest benchmarks   # pansafe alone, timed, per backend",
            "python benchmarks/native_scan.py        # each stage of the C core vs memchr",
            "```",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="pansafe vs. the tools people use instead.")
    ap.add_argument("--mb", type=float, default=8.0, help="MB per corpus (default 8)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per tool and corpus")
    ap.add_argument("--docs", type=int, default=2000, help="development corpus documents")
    ap.add_argument("--seed", type=int, default=1, help="development corpus seed")
    ap.add_argument("--only", nargs="*", help="corpora to time (default all)")
    ap.add_argument("--write-docs", action="store_true", help="write docs/benchmarks.{md,png}")
    args = ap.parse_args(argv)
    started = time.perf_counter()

    tools = load_tools()
    for t in tools:
        state = f"n/a: {t.error}" if t.error else f"{t.version}: {t.config}"
        print(f"{t.name:<18} {state}")
    size = int(args.mb * 1_000_000)
    bench = {c: corpora.build(c, size) for c in (args.only or corpora.CORPORA)}
    nbytes = {
        c: sum(len(s.encode("utf-8")) for s in _inputs(corpus)) for c, corpus in bench.items()
    }
    for c, corpus in bench.items():
        print(f"corpus {c:<8} {nbytes[c]:>12,} bytes  {corpus.counts}")

    cells = measure(tools, bench, args.repeat)
    ceiling = memchr_ceiling(bench, args.repeat)
    docs = generate(args.seed, args.docs)
    acc, acc_err = accuracy(tools, docs)
    report = Report(tools, bench, nbytes, cells, acc, acc_err, args.docs, args.seed, args.repeat)
    report.seconds = time.perf_counter() - started
    report.ceiling = ceiling
    for name, rows in tables(report).items():
        print(f"\n{name}\n" + "\n".join(rows))
    if args.write_docs:
        docs_dir = ROOT / "docs"
        chart(report, docs_dir / "benchmarks.png")
        given = list(argv) if argv is not None else sys.argv[1:]
        text = markdown(report, given, "benchmarks.png")
        (docs_dir / "benchmarks.md").write_text(text, encoding="utf-8")
        print(f"\nwrote {docs_dir / 'benchmarks.md'} and {docs_dir / 'benchmarks.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
