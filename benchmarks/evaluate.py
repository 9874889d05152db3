"""Precision and recall of ``pansafe.scan`` on the synthetic corpus (``corpus.py``).

A prediction is a true positive when a truth span of the same kind overlaps it (one
to one, largest overlap first); the table also shows how many true positives have
exactly the truth's offsets. Everything else is a false positive or false negative.

Usage::

    python benchmarks/evaluate.py --seed 1 --docs 2000 [--show-errors 30]
    python benchmarks/evaluate.py --corpus corpus.jsonl

``--show-errors`` prints synthetic card numbers in context: a development aid for
this generated corpus only, never to be pointed at real data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import KINDS, Doc, Span, generate, load

__all__ = ["ErrorCase", "Metrics", "Result", "evaluate", "main", "run"]


class Prediction(Protocol):
    @property
    def kind(self) -> object: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Scan = Callable[[str], Iterable[Prediction]]


@dataclass
class Metrics:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.tp if self.tp else 1.0

    def add(self, other: Metrics) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.exact += other.exact


@dataclass(frozen=True)
class ErrorCase:
    what: str  # "FP" or "FN"
    doc: Doc
    span: Span
    # FP: the truth spans it overlaps (another kind); FN: the predictions overlapping it
    detail: str = ""
    crashed: bool = False  # scan raised on this document


@dataclass
class Result:
    by_kind: dict[str, Metrics] = field(default_factory=dict)
    by_category: dict[str, dict[str, Metrics]] = field(default_factory=dict, repr=False)
    errors: list[ErrorCase] = field(default_factory=list, repr=False)
    crashes: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (doc_id, error)
    seconds: float = 0.0
    chars: int = 0


def _kind(value: object) -> str:
    return str(getattr(value, "value", value))


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(
    truth: Sequence[Span], predicted: Sequence[Span]
) -> tuple[list[tuple[Span, Span]], list[Span], list[Span]]:
    """Pair same-kind overlapping spans one to one, largest overlap first.

    Returns (pairs of (truth, prediction), unmatched predictions, unmatched truth).
    """
    candidates = sorted(
        (
            (_overlap(t, p), i, j)
            for i, t in enumerate(truth)
            for j, p in enumerate(predicted)
            if t.kind == p.kind and _overlap(t, p) > 0
        ),
        reverse=True,
    )
    used_t: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[Span, Span]] = []
    for _, i, j in candidates:
        if i not in used_t and j not in used_p:
            used_t.add(i)
            used_p.add(j)
            pairs.append((truth[i], predicted[j]))
    fps = [p for j, p in enumerate(predicted) if j not in used_p]
    fns = [t for i, t in enumerate(truth) if i not in used_t]
    return pairs, fps, fns


def _default_scan() -> Scan:
    import pansafe

    return pansafe.scan


def run(docs: Iterable[Doc], scan: Scan | None = None) -> Result:
    """Scan every document and score the findings against the truth."""
    scan = scan or _default_scan()
    res = Result(by_kind={k: Metrics() for k in KINDS})
    for doc in docs:
        t0 = time.perf_counter()
        crashed = False
        try:
            found = list(scan(doc.text))
        except Exception as exc:  # keep measuring; a crash counts as finding nothing
            res.crashes.append((doc.doc_id, f"{type(exc).__name__}: {exc}"))
            found, crashed = [], True
        res.seconds += time.perf_counter() - t0
        res.chars += len(doc.text)
        predicted = [Span(_kind(f.kind), f.start, f.end) for f in found]
        pairs, fps, fns = match(doc.truth, predicted)
        per = res.by_category.setdefault(doc.category, {})
        for kind, m in _tally(pairs, fps, fns).items():
            res.by_kind.setdefault(kind, Metrics()).add(m)
            per.setdefault(kind, Metrics()).add(m)
        res.errors += [ErrorCase("FP", doc, p, _near("truth", doc.truth, p)) for p in fps]
        res.errors += [ErrorCase("FN", doc, t, _near("found", predicted, t), crashed) for t in fns]
    return res


def _near(label: str, spans: Sequence[Span], s: Span) -> str:
    near = [f"{o.kind}[{o.start}:{o.end}]" for o in spans if _overlap(o, s) > 0]
    return f"{label} " + ", ".join(near) if near else ""


def _tally(pairs: list[tuple[Span, Span]], fps: list[Span], fns: list[Span]) -> dict[str, Metrics]:
    out: dict[str, Metrics] = {}
    for t, p in pairs:
        m = out.setdefault(t.kind, Metrics())
        m.tp += 1
        m.exact += (t.start, t.end) == (p.start, p.end)
    for p in fps:
        out.setdefault(p.kind, Metrics()).fp += 1
    for t in fns:
        out.setdefault(t.kind, Metrics()).fn += 1
    return out


def evaluate(docs: Iterable[Doc], scan: Scan | None = None) -> dict[str, Metrics]:
    """Metrics per kind of ``scan`` (default ``pansafe.scan``) on ``docs``."""
    return run(docs, scan).by_kind


# --------------------------------------------------------------------------- output


_COLS = ("TP", "FP", "FN", "prec", "recall", "exact")


def _row(label: str, m: Metrics) -> str:
    nums = (
        f"{m.tp:>6} {m.fp:>6} {m.fn:>6} {m.precision:>7.3f} {m.recall:>7.3f} {m.exact_rate:>7.3f}"
    )
    return f"{label:<22} {nums}"


def table(res: Result, by_category: bool = True) -> str:
    """The metrics per kind, then per category and kind, then crashes and speed."""
    head = f"{'kind':<22} " + " ".join(f"{c:>{6 if len(c) == 2 else 7}}" for c in _COLS)
    rule = "-" * len(head)
    total = Metrics()
    lines = [head, rule]
    for kind, m in res.by_kind.items():
        lines.append(_row(kind, m))
        total.add(m)
    lines += [rule, _row("all kinds", total)]
    if by_category:
        lines += ["", head.replace("kind", "category/kind", 1).replace(" " * 9, "", 1), rule]
        for cat in sorted(res.by_category):
            per = res.by_category[cat]
            lines += [_row(f"{cat}/{k}", per[k]) for k in KINDS if k in per]
    if res.crashes:
        doc_id, exc = res.crashes[0]
        lines += ["", f"scan raised on {len(res.crashes)} documents, e.g. {doc_id}: {exc}"]
    rate = res.chars / 1e6 / res.seconds if res.seconds else 0.0
    lines += ["", f"{res.chars:,} chars scanned in {res.seconds:.2f} s ({rate:.2f} M chars/s)"]
    return "\n".join(lines)


def show(err: ErrorCase, width: int = 40) -> str:
    text, s = err.doc.text, err.span
    before = text[max(0, s.start - width) : s.start]
    after = text[s.end : s.end + width]
    ctx = repr(before + "⟦" + text[s.start : s.end] + "⟧" + after)[1:-1]
    extra = f"  [{err.detail}]" if err.detail else ""
    extra += "  [scan raised]" if err.crashed else ""
    return f"{err.what} {s.kind:<6} {err.doc.doc_id} {err.doc.category:<10} …{ctx}…{extra}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Precision/recall of pansafe.scan on the synthetic corpus."
    )
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--corpus", type=Path, help="JSON Lines written by corpus.py")
    src.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="up to N FPs and N FNs")
    ap.add_argument("--kind", choices=KINDS, help="only show errors of this kind")
    ap.add_argument("--no-categories", action="store_true")
    args = ap.parse_args(argv)
    docs = load(args.corpus) if args.corpus else generate(args.seed, args.docs)
    res = run(docs)
    print(table(res, by_category=not args.no_categories))
    for what in ("FP", "FN"):
        errs = [
            e
            for e in res.errors
            if e.what == what and (args.kind is None or e.span.kind == args.kind)
        ]
        if args.show_errors and errs:
            print(f"\n{what}: {len(errs)} (showing {min(len(errs), args.show_errors)})")
            step = max(1, len(errs) // args.show_errors)  # spread over the corpus
            for e in errs[::step][: args.show_errors]:
                print(show(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
