"""A one-line progress counter on a terminal's standard error (rich when installed)."""
from __future__ import annotations

import sys


class Progress:
    """A one-line progress counter on a terminal's standard error; silent otherwise."""

    def __init__(self, total: int, enabled: bool, label: str = "cleaning") -> None:
        self.total, self.done, self.label = total, 0, label
        self.enabled = enabled and total >= 20 and sys.stderr.isatty()
        self.bar = None
        if self.enabled:
            try:
                from rich.progress import Progress as RichProgress

                self.bar = RichProgress(transient=True)
                self.bar.start()
                self.task = self.bar.add_task(label, total=total)
            except ImportError:
                self.bar = None

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)
        else:
            sys.stderr.write(f"\r{self.label} {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.stop()
        else:
            sys.stderr.write("\r" + " " * 40 + "\r")


def page_counter(name: str, enabled: bool):
    """``on_page(done, total)`` for a reader of paged files: ``name: page 12/300`` on a
    terminal's standard error while a long file (20 pages or more) is read; None otherwise."""
    if not (enabled and sys.stderr.isatty()):
        return None

    def on_page(done: int, total: int) -> None:
        if total < 20:
            return
        end = "\r" + " " * (len(name) + 24) + "\r" if done == total else ""
        sys.stderr.write(f"\r{name}: page {done}/{total}{end}")
        sys.stderr.flush()

    return on_page
