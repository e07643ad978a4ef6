#!/usr/bin/env python3
"""The rule engine on its own: every folded line of a text asked for the first whole-line rule
that matches, three ways, CPU time, alternating runs, medians.

    .venv/bin/python bench/rules.py [--mb 3] [--corpus DIR] [--rounds 5]

* ``union``: one union of all rules per length step (``LineUnions``, the engine before the
  prefilter);
* ``prefilter``: ``LineMatcher`` (Aho-Corasick over the texts each rule's matches must contain,
  then only the possible rules; the rest through one union);
* ``re2``: google-re2 given the same union, when it is installed (rules using look-around,
  which RE2 lacks, are left out, so it does less than the others and still is only a bound).

All three must give the same rule for every line (checked; for ``re2`` on the rules it has).
Input: the generated scraped-looking text of ``throughput.py``, or ``--corpus DIR``'s .txt files.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from jingwen.cleaner.clean.line_rules import MAX_RULE_LINE
from jingwen.cleaner.ruleset import LineMatcher, LineUnions, load_rules, matched_rule
from jingwen.cleaner.textfold import fold_text
from throughput import from_corpus, generate


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    text = from_corpus(args.corpus, int(args.mb * 1e6)) if args.corpus else generate(int(args.mb * 1e6))
    lines = [f for f in (fold_text(line) for line in text.split("\n")) if f and len(f) <= MAX_RULE_LINE]
    rules = tuple(r for r in load_rules().rules if r.lines and not r.builtin and r.zone == "any")
    unions, matcher = LineUnions(rules), LineMatcher(rules)

    def by_union_of(line_unions):
        def answers():
            out = []
            for f in lines:
                union, able = line_unions.for_length(len(f))
                m = union.fullmatch(f)
                out.append(matched_rule(m, able).id if m else None)
            return out
        return answers

    by_union = by_union_of(unions)

    def by_prefilter():
        return [r.id if (r := matcher.match(f)) is not None else None for f in lines]

    assert by_union() == by_prefilter(), "the prefilter changed an answer"
    ways = {"union": by_union, "prefilter": by_prefilter}
    try:
        import re2
    except ImportError:
        re2 = None
    if re2 is not None:
        kept = []
        for r in rules:
            try:
                re2.compile("(?i)(?:" + "|".join(f"(?:{p})" for p in r.lines) + ")")
                kept.append(r)
            except Exception:  # look-around, backreferences: not RE2
                pass
        options = re2.Options()
        options.case_sensitive = False
        options.max_mem = 256 << 20
        compiled = re2.compile("|".join(f"(?P<r{n}>{'|'.join(f'(?:{p})' for p in r.lines)})"
                                        for n, r in enumerate(kept)), options)

        def by_re2():
            out = []
            for f in lines:
                m = compiled.fullmatch(f)
                out.append(kept[int(m.lastgroup[1:])].id if m else None)
            return out

        by_union_of_kept = by_union_of(LineUnions(tuple(kept)))

        assert by_re2() == by_union_of_kept(), "re2 answered differently from re on the same rules"
        ways[f"re2 ({len(kept)} of {len(rules)} rules)"] = by_re2
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.rounds):  # alternate, so the machine's load falls on all alike
        for name, fn in ways.items():
            times[name].append(cpu(fn))
    print(f"{len(lines)} lines, {sum(map(len, lines)) / len(lines):.0f} characters on average, {len(rules)} rules")
    base = statistics.median(times["union"])
    for name, samples in times.items():
        med = statistics.median(samples)
        print(f"{name:24} {med * 1e6 / len(lines):6.2f} µs/line  (median of {args.rounds}; "
              f"{base / med:.2f}x union)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
