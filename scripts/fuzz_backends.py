"""Differential fuzzing of the two backends: the same findings, field by field.

The Hypothesis tests compare the C core with the Python detectors on generated
pieces; this compares whole ``pansafe.scan`` results on documents of the
development corpus (synthetic data and published test cards only), mutated:
inserted separators, track sentinels, context words, test cards in every layout
and in track data, non-ASCII and invalid bytes, deletions, upper case; half of
them joined into texts of many documents (the long-text path). Each document is
scanned as ``str`` or as bytes, with one of several option sets, on both backends.

It prints counts and, for a difference, where to find it (seed and document
number) and the two findings, which hold masked values only. Exit status 1 if
any differ.

Usage::

    python scripts/fuzz_backends.py --seconds 300 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pansafe
from benchmarks.compare import forced_backend
from benchmarks.corpus import generate
from pansafe.testcards import TEST_CARDS

CARDS = sorted(TEST_CARDS)
INSERTS = ["%20", "\u00a0", "\u2009", "^", "=", "%B", ";", "?", "cvv ", "PIN ", "exp ",
           "IBAN ", "CID: ", "\udcff", "\u0130", "ÿ", "€", "-", ".", " ", "\n", "\r\n",
           "12/27", "4111", "0000", "_", "*", "X"]  # fmt: skip
OPTIONS: list[dict[str, object]] = [
    {},
    {"test_cards": "ignore"},
    {"allow": [CARDS[3], CARDS[10]]},
    {"brands": ["visa", "amex"]},
]


def _card(rng: random.Random) -> str:
    card = rng.choice(CARDS)
    sep = rng.choice(["", " ", "-", "%20", "\u00a0"])
    if sep:
        card = sep.join(card[k : k + 4] for k in range(0, len(card), 4))
    if rng.random() < 0.3:  # in track data
        tail = rng.choice(["^DOE/J^2712101", "=2712101", "^MÜLLER/JÖRG^27121"])
        card = rng.choice(["%B", ";"]) + card + tail + "0" * rng.randint(0, 20) + "?"
    return card


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(0, 6)):
        i = rng.randrange(len(text) + 1)
        r = rng.random()
        if r < 0.4:
            text = text[:i] + rng.choice(INSERTS) + text[i:]
        elif r < 0.6:
            text = text[:i] + _card(rng) + text[i:]
        elif r < 0.8:
            text = text[:i] + text[i + rng.randint(1, 5) :]
        elif r < 0.82:
            text = text.upper()
    return text


def _fields(found: list[pansafe.Finding]) -> list[tuple[object, ...]]:
    return [(f.kind, f.start, f.end, f.masked, f.brand, f.test_card, f.confidence) for f in found]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=3000, help="corpus documents to draw from")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    docs = [d.text for d in generate(args.seed, args.docs)]
    started, scanned, differ = time.monotonic(), 0, 0
    while time.monotonic() - started < args.seconds:
        if rng.random() < 0.5:
            text = mutate(rng.choice(docs), rng)
        else:
            text = "\n".join(mutate(rng.choice(docs), rng) for _ in range(rng.randint(5, 40)))
        data: str | bytes = text
        if rng.random() < 0.3:
            data = text.encode("utf-8", "surrogateescape")
        options = rng.choice(OPTIONS)
        with forced_backend("native"):
            native = _fields(pansafe.scan(data, **options))
        with forced_backend("python"):
            python = _fields(pansafe.scan(data, **options))
        scanned += 1
        if native != python:
            differ += 1
            print(f"difference: seed {args.seed}, document {scanned}, options {options}")
            pairs = [(a, b) for a, b in zip(native, python, strict=False) if a != b]
            if pairs:
                print(f"  native {pairs[0][0]}\n  python {pairs[0][1]}")
            else:
                print(f"  native {len(native)} findings, python {len(python)}")
    print(f"{scanned} documents, {differ} with different findings (seed {args.seed})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
