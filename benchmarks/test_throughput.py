"""pansafe throughput per corpus and backend; every measurement checks its answer.

For each corpus (:mod:`benchmarks.corpora`) and each available backend:
``pansafe.scan`` on the whole buffer as ``bytes`` and as ``str``, and
``Scanner.scan_file`` on the corpus written to disk (for ``repo``, on every file
of the tree). Then the per-call cost on a ~200-byte ticket ``str``, alone, in
a loop over a batch and through ``scan_many``, and a reference that needs no
backend: the memory-read ceiling of this machine, approximated without C by
``bytes.find`` (memchr) and ``bytes.count`` of a byte that never occurs.

Each benchmark asserts the findings per kind against the count the corpus
generator knows; none asserts on time. The summary at the end of the run (see
``conftest.py``) shows MB/s per backend and the native/python ratio.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import pansafe
from benchmarks import corpora, native_scan
from benchmarks.conftest import ROUNDS, Meter, assert_counts, kind_counts

#: Short tickets in the batch-loop benchmark.
BATCH = 1000


@pytest.mark.parametrize("mode", ["bytes", "str"])
@pytest.mark.parametrize("name", corpora.CORPORA)
def test_scan_buffer(
    name: str, mode: str, backend: str, get_corpus: Callable[[str], corpora.Corpus], meter: Meter
) -> None:
    c = get_corpus(name)
    data: str | bytes = c.data if mode == "bytes" else c.text
    found = meter(
        lambda: pansafe.scan(data),
        group=name,
        what=f"scan({mode})",
        backend=backend,
        nbytes=c.nbytes,
    )
    assert_counts(c, kind_counts(found), f"{name}: pansafe.scan({mode}) on {backend}")


@pytest.mark.parametrize("name", corpora.CORPORA)
def test_scan_file(
    name: str,
    backend: str,
    get_corpus: Callable[[str], corpora.Corpus],
    corpus_files: Callable[[str], list[Path]],
    meter: Meter,
) -> None:
    c = get_corpus(name)
    paths = corpus_files(name)
    scanner = pansafe.Scanner()
    found = meter(
        lambda: [f for p in paths for f in scanner.scan_file(p)],
        group=name,
        what="Scanner.scan_file" + (f" x{len(paths)}" if len(paths) > 1 else ""),
        backend=backend,
        nbytes=sum(p.stat().st_size for p in paths),
        items=len(paths),
    )
    assert_counts(c, kind_counts(found), f"{name}: Scanner.scan_file on {backend}")


@pytest.mark.parametrize("op", ["find", "count"])
@pytest.mark.parametrize("name", corpora.CORPORA)
def test_memchr_ceiling(
    name: str, op: str, get_corpus: Callable[[str], corpora.Corpus], meter: Meter
) -> None:
    """How fast this machine reads the buffer at all: the bar the C core is held to."""
    data = get_corpus(name).data
    # UTF-8 never holds 0xFF, and the corpora hold no NUL: the answers are known.
    fn, expected = (
        (lambda: data.find(b"\xff"), -1) if op == "find" else (lambda: data.count(b"\x00"), 0)
    )
    result = meter(
        fn,
        group=name,
        what=f"memchr ceiling ({op})",
        backend="-",
        nbytes=len(data),
        rounds=max(ROUNDS, 10),
    )
    assert result == expected


def test_latency_one_ticket(backend: str, meter: Meter) -> None:
    """One call on a ~200-byte ticket: the cost a helpdesk pays per message."""
    ticket = corpora.short_tickets(BATCH)[0]
    one = corpora.Corpus("latency", "", (ticket,), "", 0)
    nbytes = len(ticket.text.encode("utf-8"))
    found = meter(
        lambda: pansafe.scan(ticket.text),
        group="latency",
        what=f"scan(str) {nbytes} B ticket",
        backend=backend,
        nbytes=nbytes,
        calls=1000,
    )
    assert_counts(one, kind_counts(found), f"latency ticket on {backend}")


@pytest.mark.parametrize("api", ["scan loop", "scan_many"])
def test_latency_batch(api: str, backend: str, meter: Meter) -> None:
    """Short tickets in seven languages: a loop of ``scan`` calls, and the batch API
    (one call into the C core for all of them)."""
    docs = corpora.short_tickets(BATCH)
    batch = corpora.Corpus("batch", "", docs, corpora.DOC_SEPARATOR, 0)
    texts = [d.text for d in docs]
    run: Callable[[], list[pansafe.Finding]] = (
        (lambda: [f for t in texts for f in pansafe.scan(t)])
        if api == "scan loop"
        else (lambda: [f for fs in pansafe.scan_many(texts) for f in fs])
    )
    found = meter(
        run,
        group="latency",
        what=f"{'scan(str) loop' if api == 'scan loop' else 'scan_many(str)'} x{BATCH}",
        backend=backend,
        nbytes=sum(len(t.encode("utf-8")) for t in texts),
        rounds=max(ROUNDS, 10),
        items=BATCH,
    )
    assert_counts(batch, kind_counts(found), f"{api} of {BATCH} tickets on {backend}")


@pytest.mark.parametrize("name", native_scan.NAMES)
def test_native_stages(name: str) -> None:
    """``native_scan.py``'s rows on a small corpus: each stage of the C core checks its
    count (candidates against the known PANs, the detect step against every known
    finding); the timings are only reported when the script runs."""
    pytest.importorskip("pansafe._native._core")
    rows = native_scan.measure(name, 200_000, 1)
    stages = [what for what, mbps, _ in rows if mbps > 0]
    assert stages[0] == "memchr ceiling (bytes.find)"
    assert stages[-4:] == [
        "context words",
        "context words of the value kinds",
        "detect step, words on every line",
        "the whole detect step",
    ]
