"""Seeded benchmark corpora of known size, with finding counts known in advance.

Four workloads, one per way pansafe is used (see ``/work/shared/PRODUCT.md``):

``logs``
    Application log lines with sparse digits: timestamps, request ids, latencies,
    IPs, IMEIs, masked PANs; about one line in 250 leaks a card (PAN, sometimes with
    its expiry or a CVV in a URL).
``csv``
    A digit-dense CSV export: epoch-ms timestamps, IMEIs, phone numbers, amounts,
    order ids and 12-digit retrieval reference numbers in every row, a PAN (with its
    expiry) in about one row in 30.
``tickets``
    Multilingual support e-mails: the ``ticket_*`` documents of the development
    corpus (:mod:`benchmarks.corpus`), separated by a rule line.
``repo``
    A repository-like tree: source, config, docs and lockfiles without card data,
    and test fixtures (the ``code`` templates of :mod:`benchmarks.corpus`) holding
    test cards, expiry dates and CVCs. :func:`write_tree` writes it to a directory.

The expected count of every kind comes from the generators' ground truth, never
from running pansafe: a benchmark that checks its answers against the thing it
measures checks nothing. Every unit (a block of lines, a document, a file), and
every pair of neighbouring units once joined, goes through
:func:`benchmarks.corpus.problems` and :func:`disputed`, which reject text whose
truth is disputable (an unlabelled card-like number, a date right after a PAN, a
number next to a CVV word, and three cases where the development corpus and
``docs/detection.md`` disagree); documents are joined with a separator that no
context reaches across.

Sizes are in MB (10^6 bytes of UTF-8), as in MB/s. Unique text is generated up to
:data:`POOL_BYTES` per corpus; larger corpora repeat that pool (counts scale
exactly), which keeps a 256 MB corpus quick to build while every scan still reads
all of it from memory.

Usage::

    python benchmarks/corpora.py --mb 1            # sizes and expected counts
    python benchmarks/corpora.py --mb 1 --out DIR  # also write the corpora
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import itertools
import json
import math
import os
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus as dev
from benchmarks.corpus import KINDS, Doc, Span

__all__ = [
    "BUILDERS", "CORPORA", "DEFAULT_MB", "DOC_SEPARATOR", "POOL_BYTES", "SEED", "Corpus",
    "bench_bytes", "build", "build_csv", "build_logs", "build_repo", "build_tickets", "disputed",
    "main", "short_tickets", "write_tree",
]  # fmt: skip

#: Seed of every benchmark corpus; the tickets are the development corpus's (seed 1).
SEED = 1
#: Default size of each corpus in MB when ``PANSAFE_BENCH_MB`` is unset: a CI smoke.
DEFAULT_MB = 0.4
#: Unique text generated per corpus; larger corpora repeat it.
POOL_BYTES = 4_000_000
#: Between documents and files joined into one buffer: longer than any context
#: window (a PAN's expiry within 20 characters, a CVV word's value within 32),
#: without digits or words.
DOC_SEPARATOR = "\n\n" + "=" * 64 + "\n\n"
#: The corpora, in the order benchmarks and tables show them.
CORPORA = ("logs", "csv", "tickets", "repo")


def bench_bytes(default_mb: float = DEFAULT_MB) -> int:
    """Bytes per corpus: ``PANSAFE_BENCH_MB`` (per corpus, e.g. 64-256) or ``default_mb``."""
    raw = os.environ.get("PANSAFE_BENCH_MB", "").strip()
    mb = float(raw) if raw else default_mb
    if not mb > 0:
        raise ValueError(f"PANSAFE_BENCH_MB must be a positive number of MB, not {raw!r}")
    return int(mb * 1_000_000)


@dataclass(frozen=True)
class Corpus:
    """A benchmark buffer made of units whose ground truth is known.

    ``docs`` are the units in order (repeats of the pool included); for ``repo``
    each ``doc_id`` is the file's relative path.
    """

    name: str
    description: str
    docs: tuple[Doc, ...]
    joiner: str
    unique_bytes: int

    @functools.cached_property
    def text(self) -> str:
        return self.joiner.join(d.text for d in self.docs)

    @functools.cached_property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def nbytes(self) -> int:
        return len(self.data)

    @functools.cached_property
    def counts(self) -> dict[str, int]:
        """Expected findings per kind (kinds with none left out), from the truth."""
        c = Counter(s.kind for d in self.docs for s in d.truth)
        return {k: c[k] for k in KINDS if c[k]}

    def truth(self) -> Iterator[Span]:
        """Every truth span with its offset in :attr:`text` (characters)."""
        pos = 0
        for d in self.docs:
            for s in d.truth:
                yield Span(s.kind, pos + s.start, pos + s.end)
            pos += len(d.text) + len(self.joiner)


# --------------------------------------------------------------------------- assembly


def _utf8_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


# Where the development corpus's truth and pansafe's written rules (docs/detection.md)
# disagree, a count is disputable, so benchmark units avoid these cases (the
# development corpus keeps them; evaluate.py scores them):
# - "CID" is a CVV context word in capitals only (lower-case ``cid`` is a connection
#   id or a MIME Content-ID), but the ticket generator lower-cases whole tickets.
# - A context word's value may be "on the same or the next line" when nothing comes
#   between, but corpus.problems() only looks for stray numbers up to the line end:
#   "security code.\nCall +372 5093 1295" is read as CVV 372 by the rules, not by the truth.
# - Napas (Vietnam, IIN 9704, 16 or 19 digits) is in public IIN tables and pansafe's,
#   not in corpus.py's, whose "not a card" numbers can start with 9704.
_LOWER_CID = re.compile(r"\b(?!CID\b)(?i:cid)\b")
_SECRET_WORD = dev._CTX_SECRET  # the generator's own CVV/PIN context words
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-.\u00a0]?\d){11,18}(?![0-9A-Za-z])")
_EXTRA_RANGES = (("9704", (16, 19)),)
_VALUE_REACH = 32  # bytes after a context word where its value may start


def disputed(text: str, truth: Sequence[Span]) -> list[str]:
    """What :func:`benchmarks.corpus.problems` lets through but makes a count disputable."""
    out = [f"lower-case {m.group()!r}" for m in _LOWER_CID.finditer(text)]
    for m in _SECRET_WORD.finditer(text):
        reach = text[m.end() : m.end() + _VALUE_REACH]
        same_line, nl, next_line = reach.partition("\n")
        digit = re.search(r"\d", next_line.split("\n", 1)[0])
        if nl and digit and not re.search(r"\d", same_line):
            at = m.end() + len(same_line) + 1 + digit.start()
            if not any(s.start <= at < s.end for s in truth):
                out.append(f"number on the line after {m.group()!r}")
    for m in _DIGIT_RUN.finditer(text):
        d = re.sub(r"\D", "", m.group())
        card_like = any(d.startswith(p) and len(d) in lens for p, lens in _EXTRA_RANGES)
        if (
            card_like
            and dev.luhn_valid(d)
            and not any(s.start < m.end() and m.start() < s.end for s in truth)
        ):
            out.append(f"unlabelled card-like {m.group()!r}")
    return out


def _checked_unit(
    doc_id: str, category: str, seed_key: str, make: Callable[[random.Random], dev.Pieces]
) -> Doc:
    """One unit from ``make``; retried until the generator's own checks find no problem."""
    for attempt in range(200):
        rng = random.Random(f"{seed_key}:{attempt}")
        text, truth = dev.assemble(make(rng), rng)
        if not dev.problems(text, truth) and not disputed(text, truth):
            return Doc(doc_id, category, text, truth)
    raise RuntimeError(f"could not generate a consistent unit {seed_key}")


def _check_joined(units: Sequence[Doc], joiner: str, name: str) -> None:
    """Joined units must be as undisputable as each unit: nothing reaches across.

    Each unit was checked alone, so checking every pair of neighbours is enough.
    """
    for a, b in itertools.pairwise(units):
        probe = Corpus(name, "", (a, b), joiner, 0)
        truth = list(probe.truth())
        found = dev.problems(probe.text, truth) + disputed(probe.text, truth)
        if found:
            raise RuntimeError(f"{name}: {a.doc_id} + {b.doc_id}: disputable truth: {found[:3]}")


def _pool(make: Callable[[int], Doc], cap: int, joiner: str) -> list[Doc]:
    pool: list[Doc] = []
    total = 0
    while total < cap:
        d = make(len(pool))
        pool.append(d)
        total += _utf8_len(d.text) + len(joiner)
    return pool


def _tiled(
    name: str,
    description: str,
    pool: Sequence[Doc],
    size: int,
    joiner: str,
    head: Sequence[Doc] = (),
    rename: Callable[[Doc, int], str] | None = None,
) -> Corpus:
    """``head`` then ``pool`` repeated until ``size`` bytes are reached."""
    _check_joined([*head, *pool, pool[0]], joiner, name)  # the last unit precedes the first
    sizes = [_utf8_len(d.text) + len(joiner) for d in pool]
    docs = list(head)
    total = sum(_utf8_len(d.text) + len(joiner) for d in head)
    unique = total + sum(sizes)
    for k in range(math.ceil(size / max(1, sum(sizes))) + 1):
        for d, n in zip(pool, sizes, strict=True):
            if total >= size:
                break
            docs.append(
                d if k == 0 or rename is None else dataclasses.replace(d, doc_id=rename(d, k))
            )
            total += n
    return Corpus(name, description, tuple(docs), joiner, min(unique, total))


# --------------------------------------------------------------------------- logs

_SERVICES = ("checkout", "payments-api", "billing", "gateway", "orders", "auth", "search")
_HOSTS = ("web-1", "web-2", "api-7", "worker-3")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"


def _log_head(rng: random.Random) -> str:
    svc = rng.choice(_SERVICES)
    lvl = rng.choice(("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"))
    if rng.random() < 0.7:
        rid = rng.choice((dev.a_uuid(rng), "req-" + dev.hexs(rng, 8)))
        return f"{dev.iso_ts(rng)} {lvl:<5} [{svc}] [{rid}] "
    when = (
        f"{rng.choice(_MONTHS)} {rng.randint(1, 28):2d} {dev.a_time(rng)}:{rng.randint(0, 59):02d}"
    )
    return f"{when} {rng.choice(_HOSTS)} {svc}[{rng.randint(100, 65000)}]: {lvl} "


_LOG_LINES: tuple[Callable[[random.Random], str], ...] = (
    lambda r: f"GET /api/v1/orders/{dev.safe_digits(r, 6)} 200 {r.randint(2, 900)}ms",
    lambda r: f"POST /api/v1/payments 201 {r.randint(20, 900)}ms bytes={r.randint(200, 9000)}",
    lambda r: f"user {dev.safe_digits(r, 7)} logged in from {dev.ipv4(r)}",
    lambda r: "health check ok, all dependencies reachable",
    lambda r: f"cache miss for key user:{dev.safe_digits(r, 6)}:profile, loading from database",
    lambda r: f"connection pool stats active={r.randint(0, 20)} idle={r.randint(0, 9)} waiting=0",
    lambda r: f"retrying webhook delivery attempt={r.randint(1, 5)} id={dev.a_uuid(r)}",
    lambda r: f"device registered imei={dev.imei(r)} firmware={dev.version(r)}",
    lambda r: f"card tokenized masked={dev.masked_pan(r)} token=tok_{dev.b64(r, 9)} status=ok",
    lambda r: f"trace_id={dev.hexs(r, 32)} span_id={dev.hexs(r, 16)} sampled=true",
    lambda r: f"scheduled job cleanup-sessions finished, removed {r.randint(0, 999)} rows",
    lambda r: f'request completed status=200 ua="{_UA.format(v=r.randint(100, 130))}"',
    lambda r: f"payment authorized order={dev.order_no(r)} amount={r.randint(1, 999)}.50",
    lambda r: f"settlement batch closed ref {dev.reference(r)} ok",
    lambda r: f"refund queued iban={dev.iban(r, 'EE', False)} amount={r.randint(1, 500)}.00",
    lambda r: f"slow query on table sessions, consider an index ({r.randint(500, 9000)}ms)",
    lambda r: f"feature flag new-checkout is {r.choice(('on', 'off'))} for tenant acme",
    lambda r: f"message published to topic payments.events partition={r.randint(0, 11)}",
    lambda r: "TLS handshake completed with upstream, session resumed",
    lambda r: f"rate limit applied to client {dev.ipv4(r)}, retry after {r.randint(1, 60)}s",
)  # fmt: skip


def _log_leak(rng: random.Random) -> dev.Pieces:
    pan = dev.random_pan(rng)
    p = dev.span("pan", dev.render_pan(rng, pan, rng.choice(("", "", " ", "-"))))
    match rng.randrange(4):
        case 0:
            exp = (
                dev.fill(" exp={e}", e=dev.span("expiry", dev.expiry(rng)))
                if rng.random() < 0.4
                else []
            )
            tpl = "charge failed pan={p}{exp} reason=do_not_honor order={o}"
            return dev.fill(tpl, p=p, exp=exp, o=dev.order_no(rng))
        case 1:
            return dev.fill("validation error: card_number='{p}' rejected by gateway", p=p)
        case 2:
            cvv = dev.fill(
                "&cvv={v}", v=dev.span("cvv", dev.digits(rng, 4 if len(pan) == 15 else 3))
            )
            url = dev.span("pan", dev.render_pan(rng, pan, rng.choice(("+", "%20", ""))))
            tpl = '{ip} "GET /api/v1/pay?order={o}&card={p}{cvv} HTTP/1.1" 200 {n}'
            return dev.fill(
                tpl, ip=dev.ipv4(rng), o=dev.safe_digits(rng, 7), p=url,
                cvv=cvv if rng.random() < 0.3 else [], n=dev.digits(rng, 4),
            )  # fmt: skip
        case _:
            return dev.fill(
                "retrying payment for card {p} attempt={n}", p=p, n=str(rng.randint(1, 5))
            )


#: Share of log lines that leak a card.
LOG_LEAK_RATE = 0.004
_LINES_PER_BLOCK = 40


def _log_block(rng: random.Random) -> dev.Pieces:
    out: dev.Pieces = []
    for _ in range(_LINES_PER_BLOCK):
        out.append((_log_head(rng), "="))
        if rng.random() < LOG_LEAK_RATE:
            out += _log_leak(rng)
        else:
            out.append((rng.choice(_LOG_LINES)(rng), "="))
        out.append(("\n", "="))
    return out


def build_logs(size: int, seed: int = SEED) -> Corpus:
    """Application log lines, sparse digits, about one card per 250 lines."""
    pool = _pool(
        lambda i: _checked_unit(f"logs-{i}", "logs", f"bench:logs:{seed}:{i}", _log_block),
        min(size, POOL_BYTES),
        "",
    )
    return _tiled("logs", "app log lines, sparse digits", pool, size, "")


# --------------------------------------------------------------------------- csv

CSV_COLUMNS = ("ts_ms", "imei", "msisdn", "amount", "currency", "order_id", "rrn", "status",
               "card", "exp")  # fmt: skip
#: Share of CSV rows holding a full PAN (and its expiry).
CSV_PAN_RATE = 1 / 30
_ROWS_PER_BLOCK = 40


def _msisdn(rng: random.Random) -> str:
    """A phone number as exports write it: mostly digits only, never card-like."""
    while True:
        form = rng.choice(("3725#######", "+3725#######", "49151########", "358401######",
                           "7912#######", "+4477009#####", "3706#######"))  # fmt: skip
        number = re.sub("#", lambda _: str(rng.randrange(10)), form)
        if not dev.maybe_card(number.lstrip("+")):
            return number


def _csv_block(rng: random.Random) -> dev.Pieces:
    out: dev.Pieces = []
    for _ in range(_ROWS_PER_BLOCK):
        cells = [
            dev.epoch_ms(rng),
            dev.imei(rng),
            _msisdn(rng),
            f"{rng.randint(1, 4999)}.{rng.randint(0, 99):02d}",
            rng.choice(("EUR", "EUR", "USD", "SEK")),
            dev.safe_digits(rng, 10),
            dev.safe_digits(rng, 12),
            rng.choice(("paid", "paid", "failed", "refunded")),
        ]
        out.append((",".join(cells) + ",", "="))
        if rng.random() < CSV_PAN_RATE:
            pan = dev.render_pan(rng, dev.random_pan(rng), rng.choice(("", "", " ")))
            out += [*dev.span("pan", pan), (",", "="), *dev.span("expiry", dev.expiry(rng))]
        elif rng.random() < 0.3:
            out.append((dev.masked_pan(rng) + "," + dev.expiry(rng), "="))
        else:
            out.append((",", "="))
        out.append(("\n", "="))
    return out


def build_csv(size: int, seed: int = SEED) -> Corpus:
    """A digit-dense CSV export: a long digit run every ~20 bytes, a PAN every ~30 rows."""
    head = Doc("csv-header", "csv", ",".join(CSV_COLUMNS) + "\n", ())
    pool = _pool(
        lambda i: _checked_unit(f"csv-{i}", "csv", f"bench:csv:{seed}:{i}", _csv_block),
        min(size, POOL_BYTES),
        "",
    )
    return _tiled("csv", "CSV export, digit-dense", pool, size, "", head=[head])


# --------------------------------------------------------------------------- tickets


def build_tickets(size: int, seed: int = SEED) -> Corpus:
    """The development corpus's support e-mails (seven languages), one after another."""
    cap = min(size, POOL_BYTES)
    probe = [d for d in dev.generate(seed, 200) if d.category.startswith("ticket_")]
    per_doc = sum(_utf8_len(d.text) + len(DOC_SEPARATOR) for d in probe) / 200
    n = max(200, math.ceil(cap / per_doc * 1.05))
    pool = [
        d
        for d in dev.generate(seed, n)
        if d.category.startswith("ticket_") and not disputed(d.text, d.truth)
    ]
    total, kept = 0, []
    for d in pool:  # keep a prefix: the smoke corpus is the start of the large one
        if total >= cap:
            break
        kept.append(d)
        total += _utf8_len(d.text) + len(DOC_SEPARATOR)
    return _tiled(
        "tickets", "support e-mails, 7 languages", kept, size, DOC_SEPARATOR,
        rename=lambda d, k: f"{d.doc_id}#{k}",
    )  # fmt: skip


#: Size range of the short tickets used for per-call latency (UTF-8 bytes).
SHORT_TICKET_BYTES = (150, 260)


@functools.lru_cache(maxsize=4)
def short_tickets(count: int, seed: int = SEED) -> tuple[Doc, ...]:
    """``count`` support messages of about 200 bytes (no e-mail headers), in all languages.

    The first one holds a PAN: it is the input of the single-call latency benchmark.
    """
    langs = sorted(dev.LANG)
    lo, hi = SHORT_TICKET_BYTES
    out: list[Doc] = []
    i = 0
    while len(out) < count:
        rng = random.Random(f"bench:short:{seed}:{i}")
        lang = langs[i % len(langs)]
        i += 1
        text, truth = dev.assemble(dev.ticket(rng, lang), rng, typos=0.03)
        if text.startswith("From:") or not lo <= _utf8_len(text) <= hi:
            continue
        if not out and not any(s.kind == "pan" for s in truth):
            continue
        if dev.problems(text, truth) or disputed(text, truth):
            continue
        out.append(Doc(f"short-{i - 1}", f"ticket_{lang}", text, truth))
    return tuple(out)


# --------------------------------------------------------------------------- repository

# What each development-corpus code template is, by its first characters.
_FIXTURE_KINDS = (
    ('"""Checkout', "tests/checkout/test_charge_{i}.py"),
    ('"""Utils', "src/shop/util_{i}.py"),
    ("payment:", "config/payment-{i}.yaml"),
    ("public final class", "src/test/java/shop/TestData{i}.java"),
    ("-- fixtures", "db/fixtures/cards_{i}.sql"),
    ("// checkout.test.js", "web/test/checkout_{i}.test.js"),
    ("# .env.example", "deploy/env-{i}.example"),
    ("package pay", "pkg/pay/authorize_{i}_test.go"),
    ("## Test cards", "docs/testing/test-cards-{i}.md"),
)
_WORDS = [
    "the",
    "request",
    "handler",
    "validates",
    "input",
    "before",
    "it",
    "reaches",
    "the",
    "service",
    "layer",
    "and",
    "returns",
    "a",
    "typed",
    "error",
    "when",
    "a",
    "field",
    "is",
    "missing",
    "or",
    "malformed",
    "so",
    "callers",
    "can",
    "retry",
    "with",
    "backoff",
    "while",
    "metrics",
    "record",
    "latency",
    "per",
    "endpoint",
    "and",
    "tenant",
    "for",
    "dashboards",
]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _py_module(rng: random.Random) -> str:
    lines = [f'"""{_sentence(rng, 9)}"""', "", "from __future__ import annotations", "",
             "import logging", "import os", "", "log = logging.getLogger(__name__)", "",
             f"TIMEOUT_S = {rng.randint(1, 120)}", f"PORT = {rng.randint(1024, 65000)}",
             f'VERSION = "{dev.version(rng)}"', f'BUILD = "{dev.a_hash(rng)}"', ""]  # fmt: skip
    for f in range(rng.randint(4, 14)):
        arg = rng.choice(("item", "order", "request", "payload"))
        lines += [
            "",
            f"def step_{f}({arg}: dict[str, object], retries: int = {rng.randint(1, 5)}) -> bool:",
            f'    """{_sentence(rng, 12)}"""',
            "    for attempt in range(retries):",
            f'        if {arg}.get("status") == "{rng.choice(("ok", "done", "ready"))}":',
            f'            log.info("step {f} done after %d attempts", attempt + 1)',
            "            return True",
            f'        os.environ.setdefault("SHOP_STEP_{f}", "{rng.randint(0, 9)}")',
            "    return False",
        ]
    return "\n".join(lines) + "\n"


def _js_module(rng: random.Random) -> str:
    lines = [f"// {_sentence(rng, 10)}", "import { api } from './api.js';", ""]
    for f in range(rng.randint(4, 12)):
        lines += [
            f"export async function load{f}(id, opts = {{ timeout: {rng.randint(100, 9000)} }}) {{",
            f"  const res = await api.get(`/v{rng.randint(1, 3)}/items/${{id}}`, opts);",
            f"  if (res.status !== 200) throw new Error('load{f} failed: ' + res.status);",
            f"  return res.json(); // {_sentence(rng, 6)}",
            "}",
            "",
        ]
    return "\n".join(lines)


def _lockfile(rng: random.Random) -> str:
    pkgs = {}
    for _ in range(rng.randint(10, 40)):
        name = "-".join(rng.choice(_WORDS) for _ in range(2))
        ver = dev.version(rng)
        pkgs[f"node_modules/{name}"] = {
            "version": ver,
            "resolved": f"https://registry.npmjs.org/{name}/-/{name}-{ver}.tgz",
            "integrity": "sha512-" + dev.b64(rng, 48),
            "license": "MIT",
        }
    return json.dumps({"name": "shop-web", "lockfileVersion": 3, "packages": pkgs}, indent=2) + "\n"


def _markdown(rng: random.Random) -> str:
    parts = [f"# {_sentence(rng, 3)[:-1]}", ""]
    for _ in range(rng.randint(3, 10)):
        parts += [
            f"## {_sentence(rng, 2)[:-1]}",
            "",
            " ".join(_sentence(rng, 14) for _ in range(4)),
            "",
        ]
        if rng.random() < 0.5:
            parts += ["```sh", f"make test TIMEOUT={rng.randint(10, 600)}", "```", ""]
    return "\n".join(parts)


def _yaml(rng: random.Random) -> str:
    lines = ["services:"]
    for s in rng.sample(_SERVICES, rng.randint(2, 5)):
        lines += [
            f"  {s}:",
            f"    image: registry.example.com/{s}:{dev.version(rng)}",
            f"    replicas: {rng.randint(1, 6)}",
            f"    memory: {rng.choice((256, 512, 1024))}Mi",
            f'    checksum: "{dev.a_hash(rng)}"',
            f"    port: {rng.randint(3000, 9000)}",
        ]
    return "\n".join(lines) + "\n"


_FILLERS: tuple[tuple[str, Callable[[random.Random], str], int], ...] = (
    ("src/shop/module_{i}.py", _py_module, 5),
    ("web/src/load_{i}.js", _js_module, 3),
    ("web/package-lock-{i}.json", _lockfile, 1),
    ("docs/guide/page_{i}.md", _markdown, 2),
    ("deploy/compose-{i}.yaml", _yaml, 1),
)
#: Share of repository files that are card-data fixtures.
REPO_FIXTURE_RATE = 0.2


def _repo_file(seed: int, i: int) -> Doc:
    rng = random.Random(f"bench:repo:{seed}:{i}")
    if rng.random() < REPO_FIXTURE_RATE:
        d = _checked_unit("", "code", f"bench:repo:{seed}:{i}:fixture", dev.source_code)
        path = next(p for head, p in _FIXTURE_KINDS if d.text.startswith(head))
        return dataclasses.replace(d, doc_id=path.format(i=i))
    path, make, _ = rng.choices(_FILLERS, weights=[w for *_, w in _FILLERS])[0]
    return _checked_unit(
        path.format(i=i), "source", f"bench:repo:{seed}:{i}:filler", lambda r: [(make(r), "=")]
    )


def build_repo(size: int, seed: int = SEED) -> Corpus:
    """Files of a repository: source, config, docs, lockfiles and card-data test fixtures."""
    pool = _pool(lambda i: _repo_file(seed, i), min(size, POOL_BYTES), DOC_SEPARATOR)
    return _tiled(
        "repo", "repository tree (source files)", pool, size, DOC_SEPARATOR,
        rename=lambda d, k: f"copy-{k:03d}/{d.doc_id}",
    )  # fmt: skip


def write_tree(corpus: Corpus, root: str | os.PathLike[str]) -> list[Path]:
    """Write each unit of ``corpus`` as a UTF-8 file named by its ``doc_id``; return the paths."""
    base = Path(root)
    paths = []
    for d in corpus.docs:
        path = base / d.doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(d.text.encode("utf-8"))
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- registry

BUILDERS: dict[str, Callable[[int, int], Corpus]] = {
    "logs": build_logs,
    "csv": build_csv,
    "tickets": build_tickets,
    "repo": build_repo,
}


@functools.lru_cache(maxsize=8)
def build(name: str, size: int, seed: int = SEED) -> Corpus:
    """The corpus ``name`` of ``size`` bytes (at least; it ends on a unit boundary)."""
    return BUILDERS[name](size, seed)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the benchmark corpora; print sizes and counts.")
    ap.add_argument(
        "--mb", type=float, default=None, help="MB per corpus (default PANSAFE_BENCH_MB or 0.4)"
    )
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, help="write <name>.txt (and repo/) here")
    args = ap.parse_args(argv)
    size = int(args.mb * 1_000_000) if args.mb else bench_bytes()
    for name in CORPORA:
        c = build(name, size, args.seed)
        counts = ", ".join(f"{k}={n}" for k, n in c.counts.items())
        digest = hashlib.sha256(c.data).hexdigest()[:12]
        print(f"{name:<8} {c.nbytes:>12,} bytes  {len(c.docs):>7} units  sha256 {digest}  {counts}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            if name == "repo":
                write_tree(c, args.out / "repo")
            else:
                (args.out / f"{name}.txt").write_bytes(c.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
