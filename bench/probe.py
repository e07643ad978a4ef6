#!/usr/bin/env python3
"""The probe of correct text (issue 13): lines typeset correctly in many genres must pass through
``jingwen clean`` and ``jingwen convert`` untouched, their folded twin must come back, and their
letter-spaced headings must be joined.

    bench/probe.py [PART ...] [--cmd JINGWEN] [--show N] [--json]

PART defaults to every part of tests/cases/probe/: ``tuning.txt`` (the steps were tuned on it),
``holdout.txt`` (written beside it, measured once at the end) and ``second.txt`` to ``seventh.txt``
(each written unseen, in genres the parts before it lacked, measured once, then fixed). The
``fifth-heldout*.txt``, ``sixth-heldout*.txt`` and ``seventh-heldout*.txt`` files are smaller
companions of those parts, each written after the fixes before it and measured once (by hand:
``bench/probe.py tests/cases/probe/fifth-heldout.txt``; too few marks to be a part). For each part it
prints the three figures:

- harmed lines: lines of correct text that ``jingwen clean`` changed, and lines where
  ``jingwen convert FILE --config s2t`` / ``t2s`` differs from the raw OpenCC binding;
- folded marks restored: the text folded as scrapers fold it (NFKC, curly quotes made straight)
  and cleaned; a mark is restored when the output has it back in place (difflib alignment,
  as bench/normalize.py counts). The bar (99.5 %) is on punctuation marks (Unicode category P:
  ，：；？！（）“”…); the other folded characters (ideographic spaces, ～ ￥ ² ①, full-width
  letters), many of which the fold makes indistinguishable from correct ASCII, are counted apart;
- letter-spaced headings joined: each heading of the ``heading`` genre set with a space after
  every character (``会 议 纪 要``), cleaned, compared with the heading.

A part's format: ``@@ genre`` starts a group of items (the label is not part of the text),
blank lines separate items, the lines of one item (a poem, a table) follow each other.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from normalize import jingwen_command, matched, run_jingwen  # noqa: E402  the same way of running jingwen

PROBE = ROOT / "tests" / "cases" / "probe"
PARTS = [PROBE / name for name in ("tuning.txt", "holdout.txt", "second.txt", "third.txt", "fourth.txt", "fifth.txt",
                                    "sixth.txt", "seventh.txt")]
BAR = 0.995
CONVERSIONS = ("s2t", "t2s")
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Line:
    genre: str
    text: str


def parse(path: Path) -> list[Line]:
    """The part's lines (blank lines between items included), each with its genre."""
    lines, genre = [], "?"
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw.startswith("@@ "):
            genre = raw[3:].strip()
            continue
        lines.append(Line(genre, raw))
    while lines and not lines[-1].text:
        lines.pop()
    while lines and not lines[0].text:
        lines.pop(0)
    return lines


def document(lines: list[Line]) -> str:
    return "".join(line.text + "\n" for line in lines)


def fold(text: str) -> str:
    """What scrapers do to typeset text: NFKC and straight quotes, line by line.

    >>> fold("他说：“好（的）……”")
    '他说:"好(的)..."'
    """
    return "\n".join(unicodedata.normalize("NFKC", line).translate(_STRAIGHT) for line in text.split("\n"))


def letter_spaced(heading: str) -> str | None:
    """The heading set with a space after every character (None: not a heading of Han only).

    >>> letter_spaced("会议纪要"), letter_spaced("第一章　总则")
    ('会 议 纪 要', None)
    """
    if 2 <= len(heading) <= 8 and all("\u4e00" <= ch <= "\u9fff" for ch in heading):
        return " ".join(heading)
    return None


def changed_lines(before: list[str], after: list[str]) -> list[int]:
    """Indexes of ``before`` lines that ``after`` does not have in place."""
    if len(before) == len(after):
        return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    kept = {block.a + k for block in sm.get_matching_blocks() for k in range(block.size)}
    return [i for i in range(len(before)) if i not in kept]


@dataclass
class Figures:
    part: str
    lines: int = 0
    harmed_by_clean: list[tuple[str, str, str]] = field(default_factory=list)  # genre, before, after
    harmed_by_convert: list[tuple[str, str, str]] = field(default_factory=list)
    marks: int = 0  # folded punctuation marks
    restored: int = 0
    other_marks: int = 0  # other folded characters: 　 ～ ￥ ² ① Ａ
    other_restored: int = 0
    other_misses: list[tuple[str, str, str]] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # genre, mark, context
    headings: int = 0
    joined: int = 0
    not_joined: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.restored / self.marks if self.marks else 1.0

    @property
    def other_rate(self) -> float:
        return self.other_restored / self.other_marks if self.other_marks else 1.0

    @property
    def ok(self) -> bool:
        return (not self.harmed_by_clean and not self.harmed_by_convert and self.rate >= BAR
                and self.joined == self.headings)

    def as_json(self) -> dict:
        return {"part": self.part, "lines": self.lines, "harmed_by_clean": len(self.harmed_by_clean),
                "harmed_by_convert": len(self.harmed_by_convert), "folded_marks": self.marks,
                "restored": self.restored, "restore_rate": round(self.rate, 5),
                "other_folded": self.other_marks, "other_restored": self.other_restored, "headings": self.headings,
                "headings_joined": self.joined,
                "harms": [{"genre": g, "before": b, "after": a} for g, b, a in self.harmed_by_clean],
                "convert_harms": [{"genre": g, "raw": b, "jingwen": a} for g, b, a in self.harmed_by_convert],
                "misses": [{"genre": g, "mark": m, "context": c} for g, m, c in self.misses],
                "not_joined": [{"spaced": s, "got": g} for s, g in self.not_joined]}


def _restored(genre: str, correct: str, output: str, figures: Figures) -> None:
    aligned = matched(correct, output)
    for k, ch in enumerate(correct):
        if fold(ch) == ch:
            continue
        context = correct[max(0, k - 10):k + 10]
        if unicodedata.category(ch)[0] == "P":
            figures.marks += 1
            figures.restored += k in aligned
            if k not in aligned:
                figures.misses.append((genre, ch, context))
        else:
            figures.other_marks += 1
            figures.other_restored += k in aligned
            if k not in aligned:
                figures.other_misses.append((genre, ch, context))


def measure(path: Path, cmd: list[str]) -> Figures:
    lines = parse(path)
    text = document(lines)
    figures = Figures(path.name, lines=sum(1 for line in lines if line.text))
    originals = [line.text for line in lines]

    cleaned = run_jingwen(cmd, text, "clean").split("\n")[:-1]
    for i in changed_lines(originals, cleaned):
        after = cleaned[i] if len(cleaned) == len(originals) else "(line joined, moved or removed)"
        figures.harmed_by_clean.append((lines[i].genre, originals[i], after))

    from opencc import OpenCC

    for config in CONVERSIONS:
        converted = run_jingwen(cmd, text, "convert", "--config", config)
        raw = OpenCC(config).convert(text)
        for i in changed_lines(raw.split("\n"), converted.split("\n")):
            if i < len(lines):
                figures.harmed_by_convert.append((lines[i].genre, raw.split("\n")[i], f"{config}: differs"))

    restored = run_jingwen(cmd, fold(text), "clean").split("\n")[:-1]
    if len(restored) == len(originals):
        for line, output in zip(lines, restored, strict=True):
            _restored(line.genre, line.text, output, figures)
    else:  # a line joined or lost: align the whole text
        _restored("(whole text)", text, "\n".join(restored) + "\n", figures)

    headings = [(line.text, spaced) for line in lines if line.genre == "heading"
                for spaced in [letter_spaced(line.text)] if spaced]
    spaced_doc = "".join(spaced + "\n\n" for _, spaced in headings)
    out = [x for x in run_jingwen(cmd, spaced_doc, "clean").split("\n") if x]
    figures.headings = len(headings)
    for (heading, spaced), got in zip(headings, heading_outputs(headings, out), strict=True):
        if got == heading:
            figures.joined += 1
        else:
            figures.not_joined.append((spaced, got))
    return figures


def heading_outputs(headings: list[tuple[str, str]], out: list[str]) -> list[str]:
    """What became of each letter-spaced heading, in order, when the output may have fewer lines
    (a heading removed): an output line that is the next heading (joined or spaced) means this
    one is gone; any other line is this heading changed.

    >>> heading_outputs([("承诺书", "承 诺 书"), ("推荐信", "推 荐 信"), ("凡例", "凡 例")], ["承诺书", "凡例"])
    ['承诺书', '(removed)', '凡例']
    """
    got, k = [], 0
    for n, (heading, spaced) in enumerate(headings):
        later = {form for h, sp in headings[n + 1:] for form in (h, sp)}
        if k < len(out) and (out[k] in (heading, spaced) or out[k] not in later):
            got.append(out[k])
            k += 1
        else:
            got.append("(removed)")
    return got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", type=Path, default=PARTS)
    parser.add_argument("--cmd", help="the jingwen command (default: the one next to this Python)")
    parser.add_argument("--show", type=int, default=20, help="show this many harms and misses per part")
    parser.add_argument("--json", action="store_true", help="one JSON object per part")
    parser.add_argument("--other", action="store_true", help="show the other folded characters missed too")
    args = parser.parse_args(argv)
    cmd = jingwen_command(args.cmd)
    ok = True
    for path in args.parts:
        f = measure(path, cmd)
        ok &= f.ok
        if args.json:
            print(json.dumps(f.as_json(), ensure_ascii=False))
            continue
        print(f"{f.part}: {f.lines} lines; harmed by clean {len(f.harmed_by_clean)}, by convert "
              f"{len(f.harmed_by_convert)}; folded punctuation {f.marks}, restored {f.restored} ({f.rate:.2%}) "
              f"[other folded characters {f.other_marks}, restored {f.other_restored} ({f.other_rate:.2%})]; "
              f"letter-spaced headings joined {f.joined}/{f.headings}")
        for genre, before, after in f.harmed_by_clean[:args.show]:
            print(f"  harmed  [{genre}] {before!r} -> {after!r}")
        for genre, before, after in f.harmed_by_convert[:args.show]:
            print(f"  convert [{genre}] {before!r}: {after}")
        for genre, mark, context in f.misses[:args.show]:
            print(f"  miss    [{genre}] {mark!r} in {context!r}")
        for genre, mark, context in f.other_misses[:args.show] if args.other else ():
            print(f"  other   [{genre}] {mark!r} in {context!r}")
        for spaced, got in f.not_joined[:args.show]:
            print(f"  spaced  {spaced!r} -> {got!r}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
