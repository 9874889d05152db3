"""Text for people, one finding per line, shaped like grep and ripgrep output::

    tickets/1042.eml:17:16: pan visa 4111 11** **** 1111 [test card]
    tickets/1042.eml:17:48: cvv ***
    pansafe: 2 findings (1 pan, 1 cvv) in 1 of 3 files

``path:line:column:`` lets editors and terminals jump to the spot (vim's
``errorformat``, VS Code's terminal links). Then come the kind, the brand when
there is one, the masked value, and ``[test card]`` for published test numbers.
When the scanner gives no line (it always does for files and streams), the
position is the offset instead: ``path:@1234:``.

The summary line goes to standard error so standard output holds findings only:
``pansafe scan . | wc -l`` counts them.
"""

from __future__ import annotations

from ..findings import Finding
from . import Reporter, Summary, display_path, kind_counts

__all__ = ["TextReporter"]


class TextReporter(Reporter):
    """One line per finding on ``out``, one summary line on ``err``.

    .. versionadded:: 0.1
    """

    def finding(self, path: str, finding: Finding) -> None:
        self.out.write(format_finding(path, finding) + "\n")

    def end(self, summary: Summary) -> None:
        super().end(summary)
        self.err.write(format_summary(summary) + "\n")
        self.err.flush()


def format_finding(path: str, finding: Finding) -> str:
    """The output line for one finding, without the newline."""
    if finding.line is not None:
        where = f"{finding.line}:{finding.column if finding.column is not None else 1}"
    else:
        where = f"@{finding.start}"
    words = [str(finding.kind)]
    if finding.brand:
        words.append(finding.brand)
    words.append(finding.masked)
    if finding.test_card:
        words.append("[test card]")
    return f"{display_path(path)}:{where}: {' '.join(words)}"


def format_summary(summary: Summary) -> str:
    """``pansafe: 3 findings (2 pan, 1 cvv) in 1 of 4 files, 1 error``."""
    files = f"{summary.files} file{'' if summary.files == 1 else 's'}"
    n = summary.findings
    if n:
        text = (
            f"pansafe: {n} finding{'' if n == 1 else 's'} ({kind_counts(summary.by_kind)})"
            f" in {summary.files_with_findings} of {files}"
        )
    else:
        text = f"pansafe: no card data found in {files}"
    if summary.errors:
        text += f", {summary.errors} error{'' if summary.errors == 1 else 's'}"
    return text
