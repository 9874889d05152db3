"""The ``pansafe`` command: exit codes, formats, stdin, redaction in place, and no leaks.

Most tests call :func:`pansafe.cli.main` in-process; a few run ``python -m pansafe``
to check what only a real process shows (the entry point, a closed pipe, a write
that fails half-way).
"""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

import pansafe
from pansafe.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: Every card number in the examples and in the inputs below.
PANS = ("4111111111111111", "5555555555554444", "4761739001010119", "378282246310005")
#: Values that must never be printed: CVVs and PINs with their context, track data.
SECRETS = (
    "turvakood 123",
    "PIN-kood 4821",
    "CVV 737",
    "PIN I\nentered was 2580",
    "%B4111",
    "=2712101",
    "=2803201",
    "D2712201",
)

TICKET = (
    "Hello, my card number 4111 1111 1111 1111, valid until 12/27, CVV 123, PIN 4821.\n"
    "Also the Amex 3782 822463 10005 please.\n"
)


def assert_no_leak(*outputs: str | bytes) -> None:
    """No card number appears, with or without its separators, nor any secret."""
    for output in outputs:
        text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        squeezed = re.sub(r"[\s\-]", "", text)
        for pan in PANS:
            assert pan not in squeezed, f"PAN {pan[:6]}... leaked"
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked"
        assert "Traceback" not in text


def lines(text: str) -> list[str]:
    return text.splitlines()


def kinds_in(out: str) -> set[str]:
    """The kind column of text output."""
    return {line.split(": ", 1)[1].split()[0] for line in lines(out)}


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], None]:
    """Call it with bytes to make them standard input."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    return feed


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# -- version and usage ------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == f"pansafe {pansafe.__version__} (backend: {pansafe.backend})\n"
    assert re.fullmatch(r"pansafe \S+ \(backend: (python|native)\)\n", out)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "COMMAND"),
        (["scan"], "PATH"),
        (["scan", "--kinds", "pan,bogus", "x"], "unknown kind 'bogus'"),
        (["scan", "--kinds", " , ", "x"], "comma-separated list"),
        (["scan", "--languages=", "x"], "comma-separated list"),
        (["scan", "--format", "xml", "x"], "xml"),
        (["scan", "--test-cards", "maybe", "x"], "maybe"),
        (["frobnicate"], "frobnicate"),
        (["redact", "--in-place"], "--in-place needs at least one FILE"),
        (["redact", "a.log"], "need --in-place"),
        (["redact", "--in-place", "-"], "cannot be rewritten in place"),
        (["redact", "--style", "hash"], "--key-env"),
    ],
)
def test_bad_command_line_is_one_line_and_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(lines(err)) == 1, err
    assert err.startswith("pansafe")
    assert expected in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--help"]) == 0
    assert "--format" in capsys.readouterr().out


def test_unknown_language_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "a.txt", "nothing here\n")
    assert main(["scan", "--languages", "en,xx", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(lines(err)) == 1 and "xx" in err


# -- scan: exit codes and output ------------------------------------------------


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Order numbers, IMEIs, IBANs, phone numbers and timestamps are not card data."""
    assert main(["scan", str(EXAMPLES / "clean.txt")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "pansafe: no card data found in 1 file\n"


@pytest.mark.parametrize("name", ["ticket-et.eml", "ticket-en.eml"])
def test_ticket_findings_exit_1(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(EXAMPLES / name)]) == 1
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    assert kinds_in(out) == {"pan", "expiry", "cvv", "pin"}
    for line in lines(out):
        assert re.match(re.escape(str(EXAMPLES / name)) + r":\d+:\d+: ", line), line
    pan = next(line for line in lines(out) if ": pan " in line)
    assert pan.endswith("[test card]")
    assert re.search(r"pansafe: 4 findings \(.*\) in 1 of 1 file\n", err)


def test_terminal_log_track_data_and_emv_tag_57(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--kinds", "track1,track2", str(EXAMPLES / "terminal.log")]) == 1
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    found = {(int(line.split(":")[1]), line.split(": ", 1)[1].split()[0]) for line in lines(out)}
    # Line 7 is EMV tag 57 (track 2 equivalent data), 14 track 1, 15 track 2.
    assert found == {(7, "track2"), (14, "track1"), (15, "track2")}


def test_directory_jsonl_parses_and_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--format", "jsonl", str(EXAMPLES)]) == 1
    out, err = capsys.readouterr()
    assert err == ""  # jsonl keeps stderr for errors only
    assert_no_leak(out)
    msgs = [json.loads(line) for line in lines(out)]
    assert msgs[0]["type"] == "begin" and msgs[-1]["type"] == "end"
    assert msgs[0]["data"]["backend"] == pansafe.backend
    findings = [m["data"] for m in msgs if m["type"] == "finding"]
    end = msgs[-1]["data"]
    assert end["files"] == 4 and end["errors"] == 0
    assert end["findings"] == len(findings) > 0
    assert sum(end["by_kind"].values()) == len(findings)
    assert end["files_with_findings"] == len({f["path"] for f in findings}) == 3
    assert not any(f["path"].endswith("clean.txt") for f in findings)
    for finding in findings:
        assert finding["kind"] in {k.value for k in pansafe.Kind}
        assert finding["line"] >= 1 and finding["column"] >= 1


def test_stdin(stdin: Callable[[bytes], None], capsys: pytest.CaptureFixture[str]) -> None:
    stdin(TICKET.encode())
    assert main(["scan", "-"]) == 1
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    assert all(line.startswith("<stdin>:") for line in lines(out))
    assert {"pan", "cvv", "pin"} <= kinds_in(out)


def test_kinds_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "t.txt", TICKET)
    assert main(["scan", "--kinds", "cvv", "--kinds", "pin", str(path)]) == 1
    assert kinds_in(capsys.readouterr().out) == {"cvv", "pin"}


def test_test_cards_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "t.txt", TICKET)
    assert main(["scan", "--kinds", "pan", str(path)]) == 1
    out = capsys.readouterr().out
    assert len(lines(out)) == 2 and all(line.endswith("[test card]") for line in lines(out))
    assert main(["scan", "--kinds", "pan", "--test-cards", "ignore", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "t.txt", TICKET)
    assert main(["scan", "-q", str(path)]) == 1
    assert capsys.readouterr() == ("", "")
    assert main(["scan", "--quiet", "--format", "jsonl", str(EXAMPLES / "clean.txt")]) == 0
    assert capsys.readouterr() == ("", "")


def test_walk_skips_vcs_dirs_and_links_and_sorts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "b" / "deep" / "x.txt", TICKET)
    write(tmp_path / "a.txt", TICKET)
    write(tmp_path / ".git" / "objects" / "pack.txt", TICKET)
    write(tmp_path / "b" / ".hg" / "store.txt", TICKET)
    outside = write(tmp_path.parent / f"{tmp_path.name}-outside.txt", TICKET)
    (tmp_path / "link.txt").symlink_to(outside)
    (tmp_path / "loop").symlink_to(tmp_path)
    assert main(["scan", "--kinds", "pan", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    paths = [line.split(":")[0] for line in lines(out)]
    assert paths == [str(tmp_path / "a.txt")] * 2 + [str(tmp_path / "b" / "deep" / "x.txt")] * 2
    assert "2 files" in err


def test_named_vcs_dir_and_link_are_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Skipping applies to the walk; what the user names is scanned."""
    write(tmp_path / ".git" / "COMMIT_EDITMSG", TICKET)
    (tmp_path / "link.txt").symlink_to(tmp_path / ".git" / "COMMIT_EDITMSG")
    assert main(["scan", "--kinds", "pan", str(tmp_path / ".git"), str(tmp_path / "link.txt")]) == 1
    assert len(lines(capsys.readouterr().out)) == 4


# -- scan: errors ---------------------------------------------------------------


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.log"
    assert main(["scan", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert lines(err) == [
        f"pansafe: {missing}: No such file or directory",
        "pansafe: no card data found in 0 files, 1 error",
    ]


def test_errors_win_over_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error anywhere exits 2, and every other input is still scanned and reported."""
    missing = tmp_path / "nope.log"
    ticket = write(tmp_path / "t.txt", TICKET)
    assert main(["scan", str(missing), str(ticket), str(EXAMPLES / "clean.txt")]) == 2
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    assert lines(out) and all(line.startswith(str(ticket)) for line in lines(out))
    assert "in 1 of 2 files, 1 error" in err


def test_jsonl_records_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.log"
    assert main(["scan", "--format", "jsonl", str(missing)]) == 2
    out, err = capsys.readouterr()
    msgs = [json.loads(line) for line in lines(out)]
    assert [m["type"] for m in msgs] == ["begin", "error", "end"]
    assert msgs[1]["data"] == {"path": str(missing), "message": "No such file or directory"}
    assert msgs[2]["data"]["errors"] == 1
    assert err == f"pansafe: {missing}: No such file or directory\n"


def test_unreadable_file_among_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Works as root too: the scanner is made to fail as a permission error would."""
    first = write(tmp_path / "1.txt", TICKET)
    locked = write(tmp_path / "2.txt", TICKET)
    last = write(tmp_path / "3.txt", TICKET)
    real = pansafe.Scanner.scan_file

    def scan_file(self: pansafe.Scanner, path: str | os.PathLike[str]) -> Iterator[pansafe.Finding]:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(self, path)

    monkeypatch.setattr(pansafe.Scanner, "scan_file", scan_file)
    assert main(["scan", "--kinds", "pan", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert {line.split(":")[0] for line in lines(out)} == {str(first), str(last)}
    assert f"pansafe: {locked}: Permission denied\n" in err
    assert "in 2 of 2 files, 1 error" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_for_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = write(tmp_path / "locked.txt", TICKET)
    locked.chmod(0)
    other = write(tmp_path / "other.txt", TICKET)
    assert main(["scan", str(locked), str(other)]) == 2
    out, err = capsys.readouterr()
    assert "Permission denied" in err and str(other) in out


def test_engine_bug_is_reported_without_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unexpected exception's text may quote a value; only its type is shown."""
    path = write(tmp_path / "t.txt", TICKET)

    def scan_file(self: pansafe.Scanner, path: object) -> Iterator[pansafe.Finding]:
        raise KeyError("4111111111111111")

    monkeypatch.setattr(pansafe.Scanner, "scan_file", scan_file)
    assert main(["scan", str(path)]) == 2
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    assert "internal error (KeyError)" in err


def test_interrupt_is_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "t.txt", TICKET)

    def scan_file(self: pansafe.Scanner, path: object) -> Iterator[pansafe.Finding]:
        raise KeyboardInterrupt

    monkeypatch.setattr(pansafe.Scanner, "scan_file", scan_file)
    assert main(["scan", str(path)]) == 130
    assert capsys.readouterr() == ("", "")


def test_binary_and_invalid_utf8_do_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = b"card 4111 1111 1111 1111 cvv 123\n"
    write(tmp_path / "blob.bin", bytes(range(256)) * 64 + card + bytes(range(256)) * 64)
    write(tmp_path / "latin1.txt", "Prüfnummer für Kärtchen\n".encode("latin-1") + card)
    write(tmp_path / "broken.txt", b"caf\xe9 \xc3\x28 \xed\xa0\x80 \xff " + card + b"\xf0\x28")
    write(tmp_path / "nul.txt", b"\x00" * 10_000)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "long.txt", b"7" * 1_000_000 + b" " + card)
    rc = main(["scan", "--format", "jsonl", str(tmp_path)])
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    assert rc == 1, err
    end = json.loads(lines(out)[-1])["data"]
    assert end["files"] == 6 and end["errors"] == 0
    found = {json.loads(line)["data"]["path"] for line in lines(out)[1:-1]}
    # Text with undecodable bytes is still text: its card must be found.
    assert {str(tmp_path / "latin1.txt"), str(tmp_path / "broken.txt")} <= found


def test_undecodable_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    write(tmp_path / name, TICKET)
    assert main(["scan", "--kinds", "pan", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "caf\\xe9.txt:" in out


# -- redact -----------------------------------------------------------------------


def test_redact_stdin_to_stdout(
    stdin: Callable[[bytes], None], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    stdin(TICKET.encode())
    assert main(["redact"]) == 0
    out, err = capsysbinary.readouterr()
    assert_no_leak(out, err)
    text = out.decode()
    assert text.startswith("Hello, my card number 4111 11")
    assert text.count("\n") == TICKET.count("\n")
    assert b"pansafe: redacted" in err and b"from <stdin>" in err


@pytest.mark.parametrize("style", ["mask", "redact"])
def test_redact_styles(
    style: str, stdin: Callable[[bytes], None], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    stdin(TICKET.encode())
    assert main(["redact", "--quiet", "--style", style]) == 0
    out, err = capsysbinary.readouterr()
    assert err == b""
    assert_no_leak(out)
    assert b"Hello, my card number" in out


def test_redact_hash_needs_key(
    stdin: Callable[[bytes], None],
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    stdin(TICKET.encode())
    assert main(["redact", "--style", "hash"]) == 2
    out, err = capsysbinary.readouterr()
    assert out == b"" and b"--key-env" in err and len(err.splitlines()) == 1

    monkeypatch.delenv("PANSAFE_TEST_KEY", raising=False)
    assert main(["redact", "--style", "hash", "--key-env", "PANSAFE_TEST_KEY"]) == 2
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert err == b"pansafe: --key-env: environment variable PANSAFE_TEST_KEY is not set or empty\n"


def test_redact_hash_with_key(
    stdin: Callable[[bytes], None],
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    outputs = []
    for key in ("first secret key", "first secret key", "second secret key"):
        stdin(TICKET.encode())
        monkeypatch.setenv("PANSAFE_TEST_KEY", key)
        assert main(["redact", "-q", "--style", "hash", "--key-env", "PANSAFE_TEST_KEY"]) == 0
        out, err = capsysbinary.readouterr()
        assert_no_leak(out, err)
        assert b"secret" not in out + err
        outputs.append(out)
    assert outputs[0] == outputs[1] != outputs[2]


def test_redact_remove_expiry(
    stdin: Callable[[bytes], None], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    stdin(TICKET.encode())
    assert main(["redact", "-q"]) == 0
    assert b"12/27" in capsysbinary.readouterr().out
    stdin(TICKET.encode())
    assert main(["redact", "-q", "--remove-expiry"]) == 0
    assert b"12/27" not in capsysbinary.readouterr().out


def test_in_place_keeps_permissions_and_leaves_no_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path / "a.log", TICKET)
    b = write(tmp_path / "b.log", "nothing to see\n")
    a.chmod(0o640)
    b.chmod(0o604)
    assert main(["redact", "--in-place", str(a), str(b)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert_no_leak(out, err, a.read_bytes())
    assert "in 1 of 2 files" in err
    assert stat.S_IMODE(a.stat().st_mode) == 0o640
    assert stat.S_IMODE(b.stat().st_mode) == 0o604
    assert b.read_text() == "nothing to see\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.log", "b.log"]


def test_in_place_failure_keeps_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last step of an atomic rewrite fails: the original is untouched, no temp file stays,
    and the next file is still done."""
    a = write(tmp_path / "a.log", TICKET)
    b = write(tmp_path / "b.log", TICKET)
    before = a.read_bytes()
    real_replace = os.replace

    def replace(src: str, dst: str | os.PathLike[str], **kwargs: object) -> None:
        if Path(dst) == a:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["redact", "--in-place", str(a), str(b)]) == 2
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    assert f"pansafe: {a}: No space left on device\n" in err
    assert a.read_bytes() == before
    assert_no_leak(b.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.log", "b.log"]


@pytest.mark.parametrize(
    ("failure", "status", "message"),
    [
        (OSError(28, "No space left on device"), 2, "No space left on device"),
        (KeyboardInterrupt(), 130, None),
    ],
)
def test_in_place_write_interrupted(
    failure: BaseException,
    status: int,
    message: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Writing the redacted copy stops half-way (full disk, Ctrl-C)."""
    # pansafe.redact is also the name of a function; get the module.
    redact_module = importlib.import_module("pansafe.redact")
    path = write(tmp_path / "a.log", TICKET * 100)
    path.chmod(0o600)
    before = path.read_bytes()
    real = redact_module.redact_stream
    calls = []

    def half_then_fail(src: IO[bytes], dst: IO[bytes], *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        dst.write(b"partial output " * 100)
        dst.flush()
        raise failure

    monkeypatch.setattr(redact_module, "redact_stream", half_then_fail)
    assert main(["redact", "--in-place", str(path)]) == status
    monkeypatch.setattr(redact_module, "redact_stream", real)
    assert calls, "redact_file no longer goes through redact_stream; update this test"
    out, err = capsys.readouterr()
    assert_no_leak(out, err)
    if message:
        assert f"pansafe: {path}: {message}\n" in err
    else:
        assert (out, err) == ("", "")
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.log"]


def test_in_place_write_fails_half_way(tmp_path: Path) -> None:
    """A real write error mid-file (the file size limit, like a full disk): the
    original is byte-identical and no temp file is left. Needs its own process."""
    resource = pytest.importorskip("resource")
    assert resource  # POSIX only
    big = write(tmp_path / "big.log", TICKET * 4000)  # ~500 kB
    before = big.read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
        from pansafe.cli import main
        sys.exit(main(["redact", "--in-place", {str(big)!r}]))
        """
    )
    proc = run_python("-c", script)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"pansafe: {big}: File too large")
    assert_no_leak(proc.stdout, proc.stderr)
    assert big.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["big.log"]


def test_in_place_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["redact", "--in-place", str(tmp_path / "nope")]) == 2
    assert f"{tmp_path / 'nope'}: No such file or directory" in capsys.readouterr().err


# -- a real process ---------------------------------------------------------------


def run_python(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_python_m_pansafe() -> None:
    proc = run_python("-m", "pansafe", "--version")
    assert proc.returncode == 0
    assert proc.stdout == f"pansafe {pansafe.__version__} (backend: {pansafe.backend})\n"

    proc = run_python("-m", "pansafe", "scan", "examples/ticket-et.eml", "examples/clean.txt")
    assert proc.returncode == 1, proc.stderr
    assert_no_leak(proc.stdout, proc.stderr)
    assert proc.stdout.startswith("examples/ticket-et.eml:")

    proc = run_python("-m", "pansafe", "redact", stdin=TICKET.encode())
    assert proc.returncode == 0
    assert_no_leak(proc.stdout, proc.stderr)


def test_the_version_is_looked_up_only_when_asked_for() -> None:
    """``importlib.metadata`` is a tenth of the command line's start-up; a scan that
    never shows the version does not import it."""
    code = (
        "import sys, pansafe.cli; print('importlib.metadata' in sys.modules); "
        "pansafe.__version__; print('importlib.metadata' in sys.modules)"
    )
    proc = run_python("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True"]

    proc = run_python("-m", "pansafe", "scan", "examples/nope")
    assert proc.returncode == 2
    assert proc.stderr == "pansafe: examples/nope: No such file or directory\n" + (
        "pansafe: no card data found in 0 files, 1 error\n"
    )


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """``pansafe scan ... | head -1``: no BrokenPipeError noise, status from what was found."""
    path = write(tmp_path / "many.txt", TICKET * 20_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for fmt in ("text", "jsonl"):
        proc = subprocess.Popen(
            [sys.executable, "-m", "pansafe", "scan", "--format", fmt, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 1
        assert err == b"", err
