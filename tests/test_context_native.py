"""Context words: the C twin against the Python twin, and the fold both implement.

``find_context_words`` runs in C on the native backend and in Python otherwise
(``pansafe.detectors.keywords``); both must return the same words for every input.
The fold is defined on four blocks so that C can implement it: this file also checks
the generated table of code points the fold leaves alone, and that every stem of
every language is written in those blocks and means the same under the fold.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import CONTEXT_GLUE, context_bytes
from threads import run_in_threads

from pansafe.detectors import keywords
from pansafe.detectors._foldtable import UNFOLDED, WORD
from pansafe.errors import BackendError
from pansafe.languages import COMMON, LANGUAGES, Lexicon

try:
    from pansafe import _native
except ImportError:  # pragma: no cover - a build without a C compiler
    _native = None  # type: ignore[assignment]

needs_native = pytest.mark.skipif(_native is None, reason="the C core is not built")

ROOT = Path(__file__).resolve().parent.parent
ALL = tuple(sorted(LANGUAGES))
LANGUAGE_SETS = [(), ("en",), ("ru",), ("de", "et"), ALL]
LEXICONS = [COMMON, *LANGUAGES.values()]
STEMS = sorted(
    {
        w.removeprefix("=")
        for lex in LEXICONS
        for kind in keywords.CONTEXT_KINDS
        for w in getattr(lex, kind)
    }
)
SUFFIXES = sorted({s for lex in LEXICONS for s in lex.suffixes})
WORDS = STEMS + SUFFIXES + [s + x for s in STEMS[::7] for x in SUFFIXES[::3]]
BLOCKS = ((0x0000, 0x017F), (0x0400, 0x04FF))


def _in_blocks(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in BLOCKS)


# --------------------------------------------------------------------------- the fold


def test_generated_fold_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_fold_table.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    expected = (ROOT / "src" / "pansafe" / "detectors" / "_foldtable.py").read_text("utf-8")
    assert gen.render() == expected, "run scripts/gen_fold_table.py"


def _fold_by_definition(ch: str) -> str:
    """The fold, one character at a time, straight from its definition."""
    if ch in "-_\t\u00a0":
        return " "
    low = ch.lower()
    if _in_blocks(ch) and len(low) == 1 and _in_blocks(low):
        return low
    return ch


def test_fold_is_its_definition_for_every_code_point() -> None:
    chars = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    chars += [chr(cp) for cp in range(0xDC80, 0xDD00)]  # surrogateescape
    text = "".join(chars)
    assert keywords._fold(text) == "".join(map(_fold_by_definition, chars))
    unfolded = {cp for lo, hi in UNFOLDED for cp in range(lo, hi + 1)}
    assert 0x0130 in unfolded and 0x212A in unfolded and 0x03A3 in unfolded
    assert not any(_in_blocks(chr(cp)) for cp in unfolded - {0x0130})


@given(st.lists(st.sampled_from([*CONTEXT_GLUE, "PIN", "Код", "ΑΣ Σ"]), max_size=12))
def test_fold_is_per_character(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert keywords._fold(text) == "".join(map(_fold_by_definition, text))


def test_word_characters_are_alnum_inside_the_blocks() -> None:
    word = {cp for lo, hi in WORD for cp in range(lo, hi + 1)}
    for cp in range(0x110000):
        ch = chr(cp)
        expected = _in_blocks(ch) and (ch.isalnum() or ch == "_")
        assert (cp in word) is expected
        assert keywords._word_char(ch) is expected


@pytest.mark.parametrize("lex", LEXICONS, ids=lambda lex: lex.code)
def test_every_stem_is_in_the_blocks_and_a_fixed_point(lex: object) -> None:
    """Stems and suffixes mean what they meant before the fold was restricted to the
    blocks (``str.lower()``), and their folded form folds to itself."""
    words = [w.removeprefix("=") for k in keywords.CONTEXT_KINDS for w in getattr(lex, k)]
    for word in [*words, *lex.suffixes]:
        assert all(_in_blocks(ch) for ch in word), word
        folded = keywords._fold(word)
        old = word.lower().replace("-", " ").replace("_", " ").replace("\t", " ")
        assert folded == old.replace("\u00a0", " "), word
        assert keywords._fold(folded) == folded, word


# --------------------------------------------------------------------------- C == Python


def _both(buf: bytes, languages: tuple[str, ...]) -> list[keywords.ContextWord]:
    assert _native is not None
    expected = keywords.find_context_words_python(buf, languages)
    table = keywords._native_table(languages, _native.compile_keywords)
    got = [
        keywords.ContextWord(keywords.CONTEXT_KINDS[k], s, e)
        for k, s, e in _native.find_context_words(buf, table)
    ]
    assert got == expected, (buf, languages)
    exact = _exactly_sized(buf, table)
    assert exact == [(keywords.CONTEXT_KINDS.index(w.kind), w.start, w.end) for w in expected]
    return expected


def _exactly_sized(buf: bytes, table: object) -> list[tuple[int, int, int]]:
    """C on a copy in an allocation of exactly its size (ASan sees an over-read)."""
    assert _native is not None and isinstance(table, _native.KeywordTable)
    ffi, lib = _native.ffi, _native.lib
    data = ffi.new("uint8_t[]", len(buf))
    ffi.memmove(data, buf, len(buf))
    cap = len(buf) + 1
    out = ffi.new("pansafe_span[]", cap)
    count = lib.pansafe_find_context_words(table.ptr, data, len(buf), out, cap)
    assert 0 <= count <= cap
    return [(s.kind, s.start, s.end) for s in out[0:count]]


EXAMPLES = [
    b"",
    b"my PIN is 4821, CVV2: 123, Kartenpr\xc3\xbcfnummer 555",
    "ПИН-код 4821 пин_кода ПИНа, пинкод; код CVV 123".encode(),
    b"PINi PINkood PIN-koodiks PINs spinner shipping pink cid CID Cid",
    "\u212aaart \u0130ban \u0130BAN iban ıban ſerial Σ΄ Ÿ exp.12/27".encode(),
    b"pin\xffcode \xffpin \xc3pin pin\xc3 \xed\xa0\x80cvv2 cvv\xe2\x82",
    "turvakoodiga 123 tunnusluvun 4821 drošības kods 456 saugos kodas 789".encode(),
    "1234pin pin1234 cvv2cvv2 pinpinpin _pin pin_ \u00a0pin\u00a0 \tcvc\t".encode(),
    "сРоК ДеЙсТвИя 12/27 действительна до 05/29 тел. 12345".encode(),
]


@needs_native
@pytest.mark.parametrize("languages", LANGUAGE_SETS, ids=lambda ls: ",".join(ls) or "common")
@pytest.mark.parametrize("buf", EXAMPLES, ids=lambda b: b[:20].decode("utf-8", "replace"))
def test_examples_at_every_cut(buf: bytes, languages: tuple[str, ...]) -> None:
    """Every prefix and every suffix: each buffer length, each start alignment."""
    _both(buf, languages)
    for cut in range(len(buf)):
        _both(buf[:cut], languages)
        _both(buf[cut:], languages)


@needs_native
@given(buf=context_bytes(WORDS), languages=st.sampled_from(LANGUAGE_SETS))
@example(buf="\u0130\u0307pin".encode(), languages=ALL)
@example(buf="\u212avv \u212aod".encode(), languages=ALL)
def test_c_twin_equals_python_twin(buf: bytes, languages: tuple[str, ...]) -> None:
    _both(buf, languages)


@needs_native
@given(buf=context_bytes(WORDS, max_pieces=8), pad=st.integers(0, 70))
def test_any_position_and_length(buf: bytes, pad: int) -> None:
    for filler in (b" ", b"x", b"\xd0\x96", b"\xff"):
        _both(filler * pad + buf, ALL)
        _both(buf + filler * pad, ALL)


@needs_native
def test_unaligned_and_large_buffers() -> None:
    assert _native is not None
    data = EXAMPLES[1] + EXAMPLES[2] + EXAMPLES[4]
    expected = keywords.find_context_words_python(data, ALL)
    table = keywords._native_table(ALL, _native.compile_keywords)
    for start in range(16):
        view = memoryview(bytearray(b"\xff" * start + data))[start:]
        got = _native.find_context_words(view, table)  # type: ignore[arg-type]
        assert [(keywords.CONTEXT_KINDS[k], s, e) for k, s, e in got] == [
            (w.kind, w.start, w.end) for w in expected
        ]
    big = b"pin cvv2 exp " * 2000  # more words than the first span array holds
    assert len(_both(big, ALL)) == 6000


@needs_native
def test_threads_share_nothing() -> None:
    assert _native is not None
    table = keywords._native_table(ALL, _native.compile_keywords)
    buf = b" ".join(EXAMPLES) * 50
    expected = _native.find_context_words(buf, table)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(20):
                assert _native is not None
                assert _native.find_context_words(buf, table) == expected
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    run_in_threads(run)
    assert not errors


@needs_native
def test_bad_tables_and_arguments() -> None:
    assert _native is not None
    ffi, lib = _native.ffi, _native.lib
    table = keywords._native_table(ALL, _native.compile_keywords)
    with pytest.raises(TypeError):
        _native.find_context_words(b"pin", object())
    out = ffi.new("pansafe_span[]", 1)
    assert lib.pansafe_find_context_words(ffi.NULL, b"pin", 3, out, 1) == lib.PANSAFE_EINVAL
    assert lib.pansafe_find_context_words(table.ptr, ffi.NULL, 3, out, 1) == lib.PANSAFE_EINVAL
    assert lib.pansafe_find_context_words(table.ptr, b"pin", 3, ffi.NULL, 1) == lib.PANSAFE_EINVAL
    assert lib.pansafe_find_context_words(table.ptr, b"pin pin", 7, ffi.NULL, 0) == 2
    assert lib.pansafe_keywords_check(ffi.NULL) == lib.PANSAFE_EINVAL
    bad = ffi.new("pansafe_keywords *", table.ptr[0])
    bad.n_nodes = 0
    assert lib.pansafe_keywords_check(bad) == lib.PANSAFE_EINVAL
    with pytest.raises(ValueError):
        _native.compile_keywords([], ["\u0500"], keywords._fold, keywords._word_char)
    assert BackendError  # the wrapper's error type for a failed check


def test_scan_uses_the_active_twin(backend: str) -> None:
    """keywords.find_context_words goes through _backend: C on native, else Python."""
    from pansafe import _backend

    assert (_backend.find_context_words is None) is (backend == "python")
    buf = EXAMPLES[1]
    assert keywords.find_context_words(buf, ALL) == keywords.find_context_words_python(buf, ALL)


@needs_native
@given(buf=context_bytes(WORDS, max_pieces=40), pad=st.integers(0, 40))
def test_avx2_prefilter_equals_portable_scan(buf: bytes, pad: int) -> None:
    """The AVX2 path (32 positions at a time through byte sets) finds what the
    portable scan finds, whatever this process chose (``PANSAFE_SIMD``)."""
    assert _native is not None
    if _native.simd_level() != "avx2":
        pytest.skip("this CPU has no AVX2")
    table = keywords._native_table(ALL, _native.compile_keywords)
    assert isinstance(table, _native.KeywordTable)
    data = b"x" * pad + buf
    chosen = table.ptr.simd
    try:
        table.ptr.simd = 0
        portable = _native.find_context_words(data, table)
        table.ptr.simd = 1
        avx2 = _native.find_context_words(data, table)
    finally:
        table.ptr.simd = chosen
    assert avx2 == portable


# --------------------------------------------------------------------------- the gram filter
# The C scan skips positions whose four ASCII bytes begin no stem (a hashed set of
# the stems' first four folded bytes, with flags for what the set cannot hold).
# Made-up lexicons reach its corners; the Python twin, which has no such filter,
# is the spec.

GRAM_LEXICONS = {
    # one-character stems: every word start must pass
    "zz1": Lexicon("zz1", "one character", cvv=("q", "qx"), pin=("wqz",)),
    # more two-character stems than the filter compares whole
    "zz2": Lexicon("zz2", "many pairs", pin=("aq", "br", "cs", "dt", "eu", "fv", "gw", "hx", "jz")),
    # three-character stems, stems with spaces and dashes early, stems that are not
    # ASCII in their first four bytes, compounds, and the stems of every language
    "zz3": Lexicon(
        "zz3",
        "filter corners",
        cvv=("zq", "a b c", "q-rst", "ñañu", "xñab", "kq\u00e4t", "vvv", "wv2"),
        pin=("jjjjjj", "zzzz", "zz9q"),
        not_pan=("longerstem", "qzqzqz"),
        compounds=True,
        suffixes=("s", "ks"),
    ),
}
GRAM_WORDS = sorted(
    {w for lex in GRAM_LEXICONS.values() for k in keywords.CONTEXT_KINDS for w in getattr(lex, k)}
    | {"zq", "zqs", "a-b c", "a_b\tc", "a\u00a0b c", "ÑAÑU", "vvvks", "zzzzz", "jjjjjjj"}
)


@pytest.fixture
def gram_languages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for code, lex in GRAM_LEXICONS.items():
        monkeypatch.setitem(keywords.LANGUAGES, code, lex)
    keywords._compile.cache_clear()
    keywords._native_table.cache_clear()
    yield
    keywords._compile.cache_clear()
    keywords._native_table.cache_clear()


@needs_native
@pytest.mark.usefixtures("gram_languages")
@given(buf=context_bytes(GRAM_WORDS + WORDS[::5]), pad=st.integers(0, 40))
def test_gram_filter_corners(buf: bytes, pad: int) -> None:
    assert _native is not None
    for code in GRAM_LEXICONS:
        data = b"x" * pad + buf
        _both(data, (code,))
        table = keywords._native_table((code,), _native.compile_keywords)
        assert isinstance(table, _native.KeywordTable)
        chosen = table.ptr.simd
        try:  # the portable scan too, whatever this process chose
            table.ptr.simd = 0
            assert [
                keywords.ContextWord(keywords.CONTEXT_KINDS[k], s, e)
                for k, s, e in _native.find_context_words(data, table)
            ] == keywords.find_context_words_python(data, (code,))
        finally:
            table.ptr.simd = chosen


@needs_native
@pytest.mark.usefixtures("gram_languages")
def test_gram_filter_examples() -> None:
    text = (
        "Q 1 qx 2 wqz3 aq BR jz qq q. (Q) a b c A-B C a_b\tc a\u00a0b c q rst Q-RST "
        "ÑAÑU xñab kqät vvv vvvks vvvx wv2 zzzz zz9q jjjjjj xxjjjjjjxx longerstems qzqzqzqz "
        "zq zqs zqx xzq"
    ).encode()
    for code in GRAM_LEXICONS:
        found = _both(text, (code,))
        for cut in range(0, len(text), 3):
            _both(text[cut:], (code,))
            _both(text[:cut], (code,))
        assert found  # each lexicon finds some of its words here


@needs_native
def test_gram_filter_inside_words_and_bad_tables() -> None:
    """A stem of under four characters that may start inside a word (the Python
    rules never make one; the C table allows it) lets every position inside a word
    through; a table that folds ASCII otherwise than the Python twin has no filter."""
    assert _native is not None
    from pansafe._backend import StemSpec

    spec = StemSpec("zq", 1, False, True, None)
    table = _native.compile_keywords([spec], [], keywords._fold, keywords._word_char)
    for simd in (0, table.ptr.simd):
        table.ptr.simd = simd
        assert _native.find_context_words(b"azqb " * 20 + b"zq", table) == [
            *((1, 5 * i + 1, 5 * i + 3) for i in range(20)),
            (1, 100, 102),
        ]
    ffi, lib = _native.ffi, _native.lib
    bad = ffi.new("pansafe_keywords *", table.ptr[0])
    grams = ffi.new("uint32_t[]", lib.PANSAFE_GRAM_WORDS)
    assert lib.pansafe_keywords_grams(bad, ffi.NULL) == lib.PANSAFE_EINVAL
    bad.grams = ffi.NULL
    assert lib.pansafe_keywords_check(bad) == lib.PANSAFE_EINVAL  # no filter: unusable
    assert lib.pansafe_keywords_grams(bad, grams) == 0  # built from a table without one
    cp_info = ffi.new("uint16_t[]", lib.PANSAFE_CP_LIMIT)
    ffi.memmove(cp_info, bad.cp_info, 2 * lib.PANSAFE_CP_LIMIT)
    cp_info[ord("Q")] = cp_info[ord("z")]  # "Q" read as "z": not the Python fold
    bad.cp_info = cp_info
    assert lib.pansafe_keywords_grams(bad, grams) == lib.PANSAFE_EINVAL


def _spellings(stem: str) -> set[bytes]:
    """The UTF-8 spellings of a folded stem that fold back to it (case, and the
    characters that fold to a space)."""
    out = set()
    for form in (stem, stem.upper(), stem.title()):
        for space in (" ", "-", "_", "\t"):
            out.add(form.replace(" ", space).encode())
    return {s for s in out if keywords._fold(s.decode()) == stem}


@needs_native
@pytest.mark.parametrize("languages", [ALL, *((code,) for code in GRAM_LEXICONS)])
@pytest.mark.usefixtures("gram_languages")
def test_quad_buckets_pass_the_start_of_every_stem(languages: tuple[str, ...]) -> None:
    """The AVX2 path's four-byte filter (16 buckets of nibbles: 8 for word starts,
    8 everywhere) lets the first four UTF-8 bytes of every stem through in every
    spelling, with any bytes after a shorter stem, at word starts and (for stems
    that may start there) inside words."""
    assert _native is not None
    table = keywords._native_table(languages, _native.compile_keywords)
    assert isinstance(table, _native.KeywordTable)
    quad = [table.ptr.quad_buckets[i] for i in range(256)]

    def passes(four: bytes, inside: bool) -> bool:
        def half(t: list[int]) -> bool:
            shared = 0xFF
            for i, b in enumerate(four):
                shared &= t[32 * i + (b & 15)] & t[32 * i + 16 + (b >> 4)]
            return shared != 0

        return half(quad[128:]) or (not inside and half(quad[:128]))

    tails = [bytes([b, (b * 7 + 3) % 256, (b * 13 + 5) % 256]) for b in range(256)]
    checked = 0
    for stem, rules in keywords._compile(languages).stems.items():
        for spelt in _spellings(stem):
            for tail in tails if len(spelt) < 4 else [b""]:
                four = (spelt + tail)[:4]
                assert passes(four, False), (stem, four)
                assert not rules.anywhere or passes(four, True), (stem, four)
                checked += 1
    assert checked > 0
    assert not all(passes(w[:4], False) for w in (b"the ", b"zzzz", b"{}()", b"quux", b"wolf"))
    assert not all(passes(w.encode()[:4], False) for w in ("жжжж", "ääää", "€€", "\u00a0\u00a0"))
    bad = _native.ffi.new("pansafe_keywords *", table.ptr[0])
    bad.quad_buckets = _native.ffi.NULL
    assert _native.lib.pansafe_keywords_check(bad) == _native.lib.PANSAFE_EINVAL
