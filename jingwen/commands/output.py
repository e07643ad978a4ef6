"""What a batch command prints while it runs: the results of each file, in input order, and a
progress counter on a terminal.

``print_results`` is the one printer of the ``clean``, ``convert``, ``export`` and corpus
commands: a result's standard output (cleaned text, a diff, an exported file), its messages on
standard error (errors always, the rest unless ``--quiet``) and, with ``--verbose``, what was done.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

from jingwen.batch.messages import printable, reason
from jingwen.batch.progress import Progress
from jingwen.batch.report import describe, file_entry
from jingwen.cleaner.model.errors import JingwenError


class TaskResult:
    """What one input came to: its report entry, and what to print for it (a plain class: a
    dataclass costs more to define than this module's work on a small file)."""

    def __init__(self, entry: dict, stdout: str | bytes = "", messages: list[str] | None = None,
                 warnings: list[str] | None = None):
        self.entry = entry
        self.stdout = stdout  # cleaned text, a diff or an exported file for standard output
        self.messages = messages or []  # lines for standard error (errors; others unless --quiet)
        self.warnings = warnings or []  # lines for standard error even with --quiet


def print_results(results: Iterable[TaskResult], total: int, *, quiet: bool, verbose: bool,
                  label: str = "cleaning") -> list[dict]:
    """Print each result as it comes and return the report entries."""
    entries = []
    progress = Progress(total, enabled=not quiet, label=label)
    for result in results:
        progress.advance()
        entries.append(result.entry)
        if result.stdout:
            out = sys.stdout.buffer if isinstance(result.stdout, bytes) else sys.stdout
            out.write(result.stdout)
            out.flush()
        failed = result.entry["status"] == "error"
        for message in result.warnings:
            print(printable(message), file=sys.stderr)
        for message in result.messages:
            if failed or not quiet:
                print(printable(message), file=sys.stderr)
        if verbose and not failed:
            for line in describe(result.entry):
                print(printable(line), file=sys.stderr)
    progress.close()
    return entries


def failure(display: str, error: BaseException, debug: bool) -> TaskResult:
    """The result for an input that could not be processed."""
    why = reason(error, debug)
    messages = [f"jingwen: {display}: {why}"]
    if debug and not isinstance(error, JingwenError):
        import traceback

        messages.append("".join(traceback.format_exception(error)).rstrip())
    return TaskResult(file_entry(display, None, "error", error=why), messages=messages)
