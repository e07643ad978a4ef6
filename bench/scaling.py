#!/usr/bin/env python3
"""Workers inside one input: a 50 MB JSON Lines corpus and one 50 MB text file, cleaned with
`-j 1`, `-j 2` and (corpus) `--dask local:2`; wall time, CPU time, speed-up, outputs compared.

    .venv/bin/python bench/scaling.py [--mb 50] [--rounds 3] [--no-dask]

The corpus comes from ``bench/corpus.py`` (records drawn from the seeds and test cases), the
text file from ``bench/throughput.py --corpus`` (the labelled corpus's pages, repeated) when
../shared/corpus exists, else from its generated text. Runs alternate between the settings and
the median of ``--rounds`` is quoted. The target (issue 17) is ``-j 2`` >= 1.7x ``-j 1`` wall on
an idle 2-core machine; "cores used" (CPU / wall) shows how much of the machine a run had, so a
loaded machine is visible in the figures.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus
from throughput import from_corpus, generate

JINGWEN = str(Path(sys.executable).with_name("jingwen"))


def run(cmd: list[str]) -> tuple[float, float]:
    before, start = os.times(), time.perf_counter()
    result = subprocess.run(cmd, capture_output=True)
    wall, after = time.perf_counter() - start, os.times()
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr.decode()[-2000:]}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    size = int(args.mb * 1e6)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus_file, text_file = tmp / "web.jsonl", tmp / "book.txt"
        write_corpus(corpus_file, size)
        shared = ROOT.parent / "shared" / "corpus" / "raw"
        text_file.write_text(from_corpus(shared, size) if shared.is_dir() else generate(size), encoding="utf-8")
        settings = {"-j 1": ["-j", "1"], "-j 2": ["-j", "2"]}
        if not args.no_dask:
            settings["--dask local:2"] = ["--dask", "local:2"]
        inputs = {"JSONL corpus": corpus_file, "one text file": text_file}
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(args.rounds):
            for name, src in inputs.items():
                for label, flags in settings.items():
                    if label.startswith("--dask") and src is text_file:
                        continue
                    out = tmp / f"out-{src.stem}-{label.replace(' ', '').replace(':', '')}"
                    shutil.rmtree(out, ignore_errors=True)
                    results.setdefault((name, label), []).append(run([JINGWEN, "clean", str(src), "-o", str(out),
                                                                      "-q", *flags]))
        for name, src in inputs.items():
            print(f"{name} ({src.stat().st_size / 1e6:.1f} MB):")
            outputs = sorted(tmp.glob(f"out-{src.stem}-*/{src.name}"))
            same = all(filecmp.cmp(outputs[0], o, shallow=False) for o in outputs[1:])
            base = statistics.median(w for w, _ in results[name, "-j 1"])
            for label in settings:
                if (name, label) not in results:
                    continue
                wall = statistics.median(w for w, _ in results[name, label])
                cpu = statistics.median(c for _, c in results[name, label])
                print(f"  {label:15} wall {wall:6.1f} s  CPU {cpu:6.1f} s  cores used {cpu / wall:4.2f}  "
                      f"speed-up {base / wall:4.2f}x")
            print(f"  outputs identical: {same} ({len(outputs)} compared)")


if __name__ == "__main__":
    main()
