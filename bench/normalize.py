#!/usr/bin/env python3
"""Restoration benchmark: fold correctly typeset Chinese text with NFKC (what scrapers and stores
do to it), run ``jingwen clean`` on it, and count how much of the typography comes back.

    bench/normalize.py [FILE ...] [--cmd JINGWEN] [--show N] [--json]

FILE defaults to the correctly typeset texts in tests/cases/normalize_restore*.txt. For each it
prints: the folded marks (characters NFKC changed: ，：；？！（）…… 　 ～ ① ℃ …), how many the
cleaned text has back exactly, the correct ASCII characters and how many of them the cleaner
changed, and whether the correct text itself passes through unchanged. The issue's bar: at least
99.5 % restored, no correct ASCII character changed, the correct text unchanged.

Alignment is per line when the line counts agree (they do unless a line was joined or removed),
else over the whole text, with difflib: a mark is restored when it is part of a matching block.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = sorted((ROOT / "tests" / "cases").glob("normalize_restore*.txt"))
BAR = 0.995


def fold(text: str) -> str:
    """What a scraper does to typeset text: NFKC, line by line (line breaks kept)."""
    return "\n".join(unicodedata.normalize("NFKC", line) for line in text.split("\n"))


@dataclass
class Measure:
    marks: int = 0
    restored: int = 0
    ascii: int = 0
    ascii_changed: int = 0
    misses: list[tuple[int, str, str]] = field(default_factory=list)  # (line, mark, context)
    changed_ascii: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.restored / self.marks if self.marks else 1.0

    def add(self, other: Measure) -> None:
        self.marks += other.marks
        self.restored += other.restored
        self.ascii += other.ascii
        self.ascii_changed += other.ascii_changed
        self.misses += other.misses
        self.changed_ascii += other.changed_ascii


def matched(a: str, b: str) -> set[int]:
    """Indexes of ``a`` that difflib aligns with ``b`` (a mark there is restored)."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {block.a + k for block in sm.get_matching_blocks() for k in range(block.size)}


def _measure_piece(correct: str, output: str, line: int) -> Measure:
    m = Measure()
    aligned = matched(correct, output)
    for k, ch in enumerate(correct):
        if ch == "\n":
            continue
        context = correct[max(0, k - 8):k + 9].replace("\n", "⏎")
        if unicodedata.normalize("NFKC", ch) != ch:
            m.marks += 1
            if k in aligned:
                m.restored += 1
            else:
                m.misses.append((line + correct.count("\n", 0, k), ch, context))
        elif ch.isascii():
            m.ascii += 1
            if k not in aligned:
                m.ascii_changed += 1
                m.changed_ascii.append((line + correct.count("\n", 0, k), ch, context))
    return m


def measure(correct: str, output: str) -> Measure:
    """How much of ``correct`` (typeset text) ``output`` (the cleaner's result on its NFKC fold)
    has back."""
    a, b = correct.rstrip("\n").split("\n"), output.rstrip("\n").split("\n")
    total = Measure()
    if len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True), 1):
            total.add(_measure_piece(x, y, n))
    else:
        total.add(_measure_piece(correct, output, 1))
    return total


def jingwen_command(cmd: str | None = None) -> list[str]:
    if cmd:
        return cmd.split()
    exe = Path(sys.executable).with_name("jingwen")
    return [str(exe)] if exe.exists() else ["jingwen"]


def run_jingwen(cmd: list[str], text: str, *args: str) -> str:
    """``jingwen ARGS[0] FILE ARGS[1:]`` on ``text`` through a file, as users run it; its standard output."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "text.txt")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        result = subprocess.run([*cmd, args[0], path, *args[1:]], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def clean(text: str, cmd: list[str]) -> str:
    """``jingwen clean`` on ``text``."""
    return run_jingwen(cmd, text, "clean")


@dataclass
class Report:
    name: str
    measure: Measure
    unchanged: bool
    chars: int

    def as_json(self) -> dict:
        m = self.measure
        return {"file": self.name, "chars": self.chars, "folded_marks": m.marks, "restored": m.restored,
                "restore_rate": round(m.rate, 5), "correct_ascii": m.ascii, "ascii_changed": m.ascii_changed,
                "correct_text_unchanged": self.unchanged,
                "misses": [{"line": ln, "mark": ch, "context": ctx} for ln, ch, ctx in m.misses],
                "ascii_changes": [{"line": ln, "char": ch, "context": ctx} for ln, ch, ctx in m.changed_ascii]}


def run(path: Path, cmd: list[str]) -> Report:
    correct = path.read_text(encoding="utf-8")
    output = clean(fold(correct), cmd)
    unchanged = clean(correct, cmd) == correct
    return Report(path.name, measure(correct, output), unchanged, len(correct))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--cmd", help="the jingwen command (default: the one next to this Python)")
    parser.add_argument("--show", type=int, default=10, help="show this many misses per file")
    parser.add_argument("--json", action="store_true", help="one JSON object per file")
    args = parser.parse_args(argv)
    cmd = jingwen_command(args.cmd)
    total, all_unchanged, ok = Measure(), True, True
    for path in args.files:
        report = run(path, cmd)
        total.add(report.measure)
        all_unchanged &= report.unchanged
        m = report.measure
        ok &= m.rate >= BAR and m.ascii_changed == 0 and report.unchanged
        if args.json:
            print(json.dumps(report.as_json(), ensure_ascii=False))
            continue
        print(f"{report.name}: {report.chars} chars; folded marks {m.marks}, restored {m.restored} "
              f"({m.rate:.2%}); correct ASCII {m.ascii}, changed {m.ascii_changed}; "
              f"correct text unchanged: {'yes' if report.unchanged else 'NO'}")
        for ln, ch, ctx in m.misses[:args.show]:
            print(f"  miss   line {ln}: {ch!r} in {ctx}")
        for ln, ch, ctx in m.changed_ascii[:args.show]:
            print(f"  ASCII  line {ln}: {ch!r} in {ctx}")
    if not args.json and len(args.files) > 1:
        print(f"total: folded marks {total.marks}, restored {total.restored} ({total.rate:.2%}); "
              f"correct ASCII {total.ascii}, changed {total.ascii_changed}; "
              f"correct texts unchanged: {'yes' if all_unchanged else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
