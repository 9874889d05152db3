"""Accuracy of pansafe.scan on a seeded synthetic corpus, and checks of the corpus itself.

The corpus generator (``benchmarks/corpus.py``) shares no code with pansafe, so these
tests measure the detectors against an independent reading of the specification.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import luhn
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus
from benchmarks.evaluate import Result, run

SEED, N_DOCS = 20240312, 1000  # about 1,000 PANs, 60 track 1, 200 CVVs; a few seconds

SHAPES = {
    "track1": re.compile(r"%?B\d{12,19}\^[^^]{2,26}\^\d{7}\d*\??"),
    "track2": re.compile(r";?\d{12,19}=\d{7}\d*\??|\d{12,19}[Dd]\d{7}\d*[Ff]?"),
    "cvv": re.compile(r"\d{3,4}"),
    "pin": re.compile(r"\d{4,12}|[0-9A-F]{16}"),
    "expiry": re.compile(r"(0[1-9]|1[0-2])[/-](\d{2}|20\d{2})"),
}
PAN_SEPARATORS = {" ", "-", ".", "\u00a0", "%20", "+"}


@pytest.fixture(scope="module")
def docs() -> list[corpus.Doc]:
    return corpus.generate(SEED, N_DOCS)


@pytest.fixture(scope="module")
def result(docs: list[corpus.Doc]) -> Result:
    pansafe = pytest.importorskip("pansafe")
    return run(docs, scan=pansafe.scan)


def test_luhn_agrees_with_reference() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        s = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 25)))
        assert corpus.luhn_valid(s) == luhn.verify(s), s
        assert corpus.luhn_complete(s) == luhn.append(s), s


def test_generator_is_deterministic(docs: list[corpus.Doc]) -> None:
    assert corpus.generate(SEED, 50) == docs[:50]
    assert corpus.generate(SEED + 1, 5) != docs[:5]


def test_roundtrip(docs: list[corpus.Doc], tmp_path: Path) -> None:
    corpus.write(tmp_path / "c.jsonl", docs[:40])
    assert corpus.load(tmp_path / "c.jsonl") == docs[:40]


def test_truth_spans_have_the_expected_shape(docs: list[corpus.Doc]) -> None:
    kinds = set()
    for doc in docs:
        assert not corpus.problems(doc.text, doc.truth), doc.doc_id
        for kind, start, end in doc.truth:
            kinds.add(kind)
            value = doc.text[start:end]
            if kind == "pan":
                seps = set(re.findall(r"%20|\D+", value))
                digits = re.sub(r"%20|\D", "", value)
                assert 12 <= len(digits) <= 19 and luhn.verify(digits), (doc.doc_id, value)
                assert corpus.maybe_card(digits), (doc.doc_id, value)
                assert len(seps) <= 1 and seps <= PAN_SEPARATORS, (doc.doc_id, value)
                assert value[0].isdigit() and value[-1].isdigit(), (doc.doc_id, value)
            else:
                assert SHAPES[kind].fullmatch(value), (doc.doc_id, kind, value)
            if kind in ("track1", "track2"):
                pan = re.search(r"\d{12,19}", value)
                assert pan and luhn.verify(pan.group()), (doc.doc_id, value)
    assert kinds == set(corpus.KINDS)


def test_scan_never_raises(result: Result) -> None:
    crashes = len(result.crashes)
    assert crashes == 0, f"scan raised on {crashes} documents, e.g. {result.crashes[0]}"


@pytest.mark.parametrize(
    ("kind", "min_precision", "min_recall"),
    [
        ("pan", 0.99, 0.99),
        ("track1", 0.95, 0.95),
        ("track2", 0.95, 0.95),
        ("cvv", 0.95, 0.95),
        ("pin", 0.95, 0.95),
        ("expiry", 0.9, 0.9),
    ],
)
def test_accuracy(result: Result, kind: str, min_precision: float, min_recall: float) -> None:
    m = result.by_kind[kind]
    assert m.tp + m.fn > 0
    assert m.precision >= min_precision, f"{kind}: precision {m.precision:.3f}, {m}"
    assert m.recall >= min_recall, f"{kind}: recall {m.recall:.3f}, {m}"
