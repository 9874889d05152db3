"""The ``pansafe`` command: ``scan`` finds card data, ``redact`` removes it.

Flags become one small frozen config object per command; the run functions hand
it to the library and the findings to a reporter. Nothing here detects, rewrites
or formats card data itself.

Exit status, as CI and grep users expect:

* ``0`` -- ``scan``: every input was scanned and nothing was found;
  ``redact``: every input was rewritten (whether or not anything was removed,
  like ``ruff format``: a successful fix is a success).
* ``1`` -- ``scan`` only: card data was found.
* ``2`` -- an error: a bad flag, a missing or unreadable path, a failed write.
  **Errors win over findings**: a scan that could not read every input cannot
  vouch for the ones it skipped, so CI must see that the result is incomplete.
  The other inputs are still scanned and their findings reported.

Errors are one line on stderr (``pansafe: PATH: reason``), never a traceback,
and never quote the input. When the reader of our output goes away (``| head``)
pansafe stops quietly with the status known so far. ``redact`` from stdin is a
stream: after an error half-way, what was written is incomplete and the status is 2.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO, NoReturn, TextIO

from . import Scanner, Style, backend, redact_file, redact_stream
from .config import TestCardPolicy
from .errors import ConfigError, InputError, PansafeError
from .findings import Finding, Kind
from .report import FORMATS, STDIN, Reporter, Summary, display_path, kind_counts

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FOUND", "RedactCommand", "ScanCommand", "main"]

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C

#: Directories skipped while walking (version-control metadata: never the user's
#: data, and large). A directory named on the command line is always scanned.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul"})


# -- configuration ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScannerOptions:
    """The flags both commands share; ``None`` means the library's default."""

    kinds: tuple[Kind, ...] | None = None
    languages: tuple[str, ...] | None = None
    test_cards: TestCardPolicy = "label"

    def build(self) -> Scanner:
        """Raises :class:`ConfigError` for values only the library can judge (languages)."""
        return Scanner(kinds=self.kinds, languages=self.languages, test_cards=self.test_cards)


@dataclass(frozen=True, slots=True)
class ScanCommand:
    """``pansafe scan``. A path of ``-`` is standard input."""

    paths: tuple[str, ...]
    format: str = "text"
    scanner: ScannerOptions = field(default_factory=ScannerOptions)
    quiet: bool = False


@dataclass(frozen=True, slots=True)
class RedactCommand:
    """``pansafe redact``. No files: standard input to standard output.

    Holds the *name* of the key's environment variable, never the key, so the
    secret cannot end up in a ``repr``, a log or a traceback.
    """

    files: tuple[str, ...] = ()
    style: Style = "mask"
    key_env: str | None = None
    remove_expiry: bool = False
    scanner: ScannerOptions = field(default_factory=ScannerOptions)
    quiet: bool = False


# -- flags ----------------------------------------------------------------------


class _UsageError(Exception):
    """A bad command line; main prints it on one line instead of argparse's usage block."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _kinds(value: str) -> list[Kind]:
    kinds = []
    for name in _names(value):
        try:
            kinds.append(Kind(name.lower()))
        except ValueError:
            choices = ", ".join(Kind)
            raise argparse.ArgumentTypeError(
                f"unknown kind {name!r} (choose from {choices})"
            ) from None
    return kinds


def _names(value: str) -> list[str]:
    """``"en, et"`` -> ``["en", "et"]``; an empty list would silently mean "all"."""
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected a comma-separated list of names")
    return names


class _VersionAction(argparse.Action):
    """argparse's "version" action, reading ``pansafe.__version__`` only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from . import __version__

        print(f"pansafe {__version__} (backend: {backend})")
        parser.exit()


def _parser() -> _Parser:
    parser = _Parser(
        prog="pansafe",
        description="Find and remove payment-card data (PAN, track data, CVV, PIN, expiry).",
        epilog="Exit status: 0 nothing found, 1 card data found (scan), 2 error.",
    )
    parser.add_argument("--version", action=_VersionAction)

    common = _Parser(add_help=False)
    common.add_argument(
        "--kinds",
        type=_kinds,
        action="extend",
        metavar="KIND[,KIND...]",
        help=f"what to look for (default: all of {', '.join(Kind)})",
    )
    common.add_argument(
        "--languages",
        type=_names,
        action="extend",
        metavar="LANG[,LANG...]",
        help="languages of the context words (CVV, PIN-kood, ...), e.g. en,et (default: all)",
    )
    common.add_argument(
        "--test-cards",
        choices=("label", "ignore"),
        default="label",
        help="published test card numbers: report them labelled (default) or skip them",
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", help="no findings or summary, only errors"
    )

    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    scan = commands.add_parser(
        "scan",
        parents=[common],
        help="report card data in files, directories or standard input",
        description="Report card data. Directories are walked recursively, skipping "
        "version-control metadata (.git, ...) and symbolic links; - reads standard input.",
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    scan.add_argument(
        "--format", choices=sorted(FORMATS), default="text", help="output format (default: text)"
    )

    redact = commands.add_parser(
        "redact",
        parents=[common],
        help="remove card data from standard input or from files in place",
        description="Copy standard input to standard output with card data removed, "
        "or rewrite files in place (atomically: the original stays intact on failure).",
    )
    redact.add_argument("files", nargs="*", metavar="FILE", help="files to rewrite (--in-place)")
    redact.add_argument(
        "-i", "--in-place", action="store_true", help="rewrite the FILEs instead of stdin"
    )
    redact.add_argument(
        "--style",
        choices=("mask", "redact", "hash"),
        default="mask",
        help="mask: keep BIN and last four of a PAN; redact: [PAN]-style placeholders; "
        "hash: keyed HMAC fingerprint (needs --key-env). Track, CVV and PIN are always "
        "removed whole. Default: mask",
    )
    redact.add_argument(
        "--key-env",
        metavar="VAR",
        help="environment variable holding the HMAC key for --style hash "
        "(a key on the command line would show in ps and shell history)",
    )
    redact.add_argument(
        "--remove-expiry", action="store_true", help="remove expiry dates too (kept by default)"
    )
    return parser


def parse_args(argv: Sequence[str] | None = None) -> ScanCommand | RedactCommand:
    """Turn a command line into a config object.

    Raises:
        _UsageError: the command line is wrong (one-line message).
        SystemExit: ``--help`` or ``--version`` were printed.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    options = ScannerOptions(
        kinds=tuple(dict.fromkeys(args.kinds)) if args.kinds else None,
        languages=tuple(dict.fromkeys(args.languages)) if args.languages else None,
        test_cards=args.test_cards,
    )
    if args.command == "scan":
        return ScanCommand(
            paths=tuple(args.paths), format=args.format, scanner=options, quiet=args.quiet
        )

    prog = "pansafe redact"
    if args.in_place and not args.files:
        raise _UsageError(f"{prog}: --in-place needs at least one FILE")
    if args.files and not args.in_place:
        raise _UsageError(
            f"{prog}: FILE arguments need --in-place (to redact a copy: "
            f"pansafe redact < FILE > COPY)"
        )
    if "-" in args.files:
        raise _UsageError(f"{prog}: standard input cannot be rewritten in place")
    if args.style == "hash" and not args.key_env:
        raise _UsageError(
            f"{prog}: --style hash needs a key: pass --key-env VAR, "
            "naming an environment variable that holds it"
        )
    return RedactCommand(
        files=tuple(args.files),
        style=args.style,
        key_env=args.key_env,
        remove_expiry=args.remove_expiry,
        scanner=options,
        quiet=args.quiet,
    )


# -- running ------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    """Counts as the run goes, so the exit status is known at any moment."""

    err: TextIO
    reporter: Reporter | None = None
    files: int = 0
    files_with_findings: int = 0
    by_kind: Counter[Kind] = field(default_factory=Counter)
    errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def error(self, path: str, exc: BaseException) -> None:
        message = _describe(exc)
        self.err.write(f"pansafe: {display_path(path)}: {message}\n")
        self.err.flush()
        if self.reporter is not None:
            self.reporter.error(path, message)
        self.errors += 1

    def done(self, found: Counter[Kind]) -> None:
        """One input was processed to the end with these findings."""
        self.files += 1
        self.files_with_findings += bool(found)
        self.by_kind.update(found)

    def summary(self) -> Summary:
        return Summary(
            files=self.files,
            files_with_findings=self.files_with_findings,
            by_kind=dict(self.by_kind),
            errors=self.errors,
            elapsed_seconds=time.monotonic() - self.started,
        )

    def exit_code(self, found_is_failure: bool = True) -> int:
        if self.errors:
            return EXIT_ERROR
        if found_is_failure and self.by_kind:
            return EXIT_FOUND
        return EXIT_CLEAN


def _describe(exc: BaseException) -> str:
    """A one-line reason that cannot quote scanned data.

    Our own errors promise not to quote input; an ``OSError`` is described by its
    ``strerror`` (the caller prints the path, so the library's "cannot read PATH"
    wrapping would only repeat it). Anything else is a bug whose message might
    hold a value (think ``KeyError('4111...')``), so only its type is named.
    """
    if isinstance(exc, PansafeError):
        cause = exc.__cause__
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return f"internal error ({type(exc).__name__}); please report this bug"


def _walk(top: str) -> Iterator[tuple[str, OSError | None]]:
    """Files under ``top`` in name order, each with the error met reaching it.

    Symbolic links and special files (FIFOs, devices) are not followed during the
    walk, as ripgrep does: links may loop or leave the tree, and reading a FIFO may
    block forever. A path named explicitly is scanned whatever it is.
    """
    try:
        is_dir = stat.S_ISDIR(os.stat(top).st_mode)
    except OSError as exc:
        yield top, exc
        return
    if not is_dir:
        yield top, None
        return
    # A stack of directory listings instead of recursion: depth is unbounded.
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listdir(top)
    if isinstance(listing, OSError):
        yield top, listing
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name in SKIP_DIRS:
                    continue
                listing = _listdir(entry.path)
                if isinstance(listing, OSError):
                    yield entry.path, listing
                else:
                    stack.append(listing)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path, None
        except OSError as exc:
            yield entry.path, exc


def _listdir(path: str) -> Iterator[os.DirEntry[str]] | OSError:
    try:
        with os.scandir(path) as entries:
            return iter(sorted(entries, key=lambda e: e.name))
    except OSError as exc:
        return exc


def _scan_source(
    tally: _Tally, path: str, scan: Callable[[], Iterable[Finding]], reporter: Reporter
) -> None:
    """Scan one input, reporting each finding as it comes.

    Only the scanner's own failures are this input's errors: a failure to write
    the report (a full disk, a closed pipe) propagates and ends the run.
    """
    seen: Counter[Kind] = Counter()
    try:
        try:
            findings = iter(scan())
        except Exception as exc:
            tally.error(path, exc)
            return
        while True:
            try:
                finding = next(findings)
            except StopIteration:
                break
            except Exception as exc:
                tally.error(path, exc)
                return
            seen[finding.kind] += 1  # found counts, even if reporting it fails
            reporter.finding(path, finding)
        tally.files += 1
        tally.files_with_findings += bool(seen)
    finally:
        # Even when the scan or the output failed half-way, what was found
        # counts towards the exit status.
        tally.by_kind.update(seen)


def run_scan(config: ScanCommand, *, stdin: BinaryIO | None, stdout: TextIO, stderr: TextIO) -> int:
    """``pansafe scan``: every input through one scanner into one reporter."""
    scanner = config.scanner.build()
    reporter = Reporter(stdout, stderr) if config.quiet else FORMATS[config.format](stdout, stderr)
    tally = _Tally(err=stderr, reporter=reporter)
    try:
        reporter.begin()
        for path in config.paths:
            if path == "-":
                if stdin is None:
                    tally.error(STDIN, InputError("standard input is closed"))
                    continue
                _scan_source(tally, STDIN, partial(scanner.scan_stream, stdin), reporter)
                continue
            for file, error in _walk(path):
                if error is not None:
                    tally.error(file, error)
                else:
                    _scan_source(tally, file, partial(scanner.scan_file, file), reporter)
        reporter.end(tally.summary())
    except BrokenPipeError:
        # The reader left (`| head`). If that happened at the final flush the
        # tally is complete; earlier, a finding was being written, so it counts.
        _silence_stdout()
    return tally.exit_code()


def run_redact(
    config: RedactCommand, *, stdin: BinaryIO | None, stdout: BinaryIO, stderr: TextIO
) -> int:
    """``pansafe redact``: stdin to stdout as a stream, or each file atomically in place."""
    key = _read_key(config.key_env) if config.style == "hash" else None
    scanner = config.scanner.build()
    tally = _Tally(err=stderr)
    if not config.files:
        if stdin is None:
            raise InputError("standard input is closed")
        try:
            findings = redact_stream(
                stdin,
                stdout,
                style=config.style,
                key=key,
                scanner=scanner,
                remove_expiry=config.remove_expiry,
            )
            stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            return EXIT_CLEAN
        tally.done(Counter(f.kind for f in findings))
    for path in config.files:
        try:
            findings = redact_file(
                path,
                style=config.style,
                key=key,
                scanner=scanner,
                remove_expiry=config.remove_expiry,
            )
        except Exception as exc:
            tally.error(path, exc)
            continue
        tally.done(Counter(f.kind for f in findings))
    if not config.quiet:
        stderr.write(_redact_summary(tally, config) + "\n")
    return tally.exit_code(found_is_failure=False)


def _read_key(var: str | None) -> bytes:
    if not var:  # parse_args prevents this; kept for callers building configs by hand
        raise ConfigError("--style hash needs a key: pass --key-env VAR")
    value = os.environ.get(var)
    if not value:
        raise ConfigError(f"--key-env: environment variable {var} is not set or empty")
    return os.fsencode(value)


def _redact_summary(tally: _Tally, config: RedactCommand) -> str:
    n = sum(tally.by_kind.values())
    what = f"{n} finding{'' if n == 1 else 's'}"
    if n:
        what += f" ({kind_counts(tally.by_kind)})"
    if not config.files:
        text = f"pansafe: redacted {what} from {STDIN}"
    else:
        files = f"{tally.files} file{'' if tally.files == 1 else 's'}"
        text = f"pansafe: redacted {what} in {tally.files_with_findings} of {files}"
    if tally.errors:
        text += f", {tally.errors} error{'' if tally.errors == 1 else 's'}"
    return text


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again.

    The recipe from the ``signal`` module docs ("Note on SIGPIPE").
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests, embedding)
        pass


def _binary(stream: TextIO | None) -> BinaryIO | None:
    return getattr(stream, "buffer", None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting.

    Args:
        argv: arguments without the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 clean, 1 card data found, 2 error, 130 interrupted.

    .. versionadded:: 0.1
    """
    try:
        config = parse_args(argv)
    except _UsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_ERROR
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        if isinstance(config, ScanCommand):
            return run_scan(config, stdin=_binary(sys.stdin), stdout=sys.stdout, stderr=sys.stderr)
        stdout = _binary(sys.stdout)
        if stdout is None:
            raise InputError("standard output does not accept bytes")
        sys.stdout.flush()
        return run_redact(config, stdin=_binary(sys.stdin), stdout=stdout, stderr=sys.stderr)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN
    except Exception as exc:
        sys.stderr.write(f"pansafe: {_describe(exc)}\n")
        return EXIT_ERROR
