#!/usr/bin/env python3
"""Which folded marks of the probe (issue 13) could be restored without harming correct text?

    bench/probe_conflicts.py [PART ...] [--cmd JINGWEN] [--show N]

For every punctuation mark that ``jingwen clean`` leaves as the ASCII the fold made of it, look
at its neighbours in the folded line (the class of the character before and after: Han, digit,
Latin, space, line edge, or the character itself). When correct lines of the probe have that
ASCII mark between the same neighbours, the mark is *in conflict*: a step that restored it from
what surrounds it would change those correct lines too (``1.五花肉切成……`` and ``1．炮二平五``
are both correct, and fold to the same shape). Prints the marks counted, missed, in conflict,
the commonest conflicting shapes, and the missed marks that are not in conflict.

Folds that change a line's length (``…`` → ``...``) are left out: their position cannot be
followed character by character (``bench/probe.py`` counts them).
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from normalize import jingwen_command, matched, run_jingwen  # noqa: E402
from probe import PROBE, document, fold, parse  # noqa: E402


def neighbour_class(ch: str | None) -> str:
    """``H`` Han, ``D`` digit, ``L`` Latin letter, ``S`` space, ``^$`` a line's edge, else the character.

    >>> [neighbour_class(c) for c in ("中", "7", "x", " ", None, "=")]
    ['H', 'D', 'L', 'S', '^$', '=']
    """
    if ch is None:
        return "^$"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return ch


def shape(text: str, k: int) -> tuple[str, str, str]:
    """The mark at ``text[k]`` between the classes of its neighbours.

    >>> shape("1.五花肉", 1)
    ('D', '.', 'H')
    """
    return (neighbour_class(text[k - 1] if k else None), text[k],
            neighbour_class(text[k + 1] if k + 1 < len(text) else None))


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "P"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", type=Path, default=sorted(PROBE.glob("*.txt")))
    parser.add_argument("--cmd", help="the jingwen command (default: the one next to this Python)")
    parser.add_argument("--show", type=int, default=15, help="show this many shapes and free misses")
    args = parser.parse_args(argv)
    cmd = jingwen_command(args.cmd)
    ascii_shapes: Counter = Counter()
    counted, misses, skipped = 0, [], []
    for path in args.parts:
        lines = parse(path)
        for line in lines:
            ascii_shapes.update(shape(line.text, k) for k, ch in enumerate(line.text) if ch.isascii() and is_mark(ch))
        out = run_jingwen(cmd, fold(document(lines)), "clean").split("\n")[:-1]
        if len(out) != len(lines):
            skipped.append(path.name)  # a line joined or moved: no line-by-line alignment
            continue
        for line, cleaned in zip(lines, out, strict=True):
            folded = fold(line.text)
            if len(folded) != len(line.text):
                continue
            aligned = matched(line.text, cleaned)
            for k, ch in enumerate(line.text):
                if fold(ch) != ch and is_mark(ch):
                    counted += 1
                    if k not in aligned:
                        misses.append((path.name, line.genre, ch, shape(folded, k), line.text[max(0, k - 8):k + 8]))
    conflicts = [m for m in misses if ascii_shapes[m[3]]]
    print(f"folded marks counted {counted}; left unrestored {len(misses)}; in conflict with correct ASCII "
          f"{len(conflicts)}; best possible without a conflict {(counted - len(conflicts)) / counted:.2%}"
          + (f"; parts not aligned: {', '.join(skipped)}" if skipped else ""))
    for (mark, (left, ascii_mark, right)), n in Counter((m[2], m[3]) for m in conflicts).most_common(args.show):
        print(f"  conflict {n:3}  {mark} folded to {left} {ascii_mark} {right}")
    for part, genre, mark, _, context in [m for m in misses if not ascii_shapes[m[3]]][:args.show]:
        print(f"  free      {part} [{genre}] {mark!r} in {context!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
