#!/usr/bin/env python3
"""Batch speed-up: `jingwen clean` and `jingwen export` over a folder with -j 1 and -j 2.

    .venv/bin/python bench/batch.py [--files 400] [--export-files 400]

Inputs are copies of the seeds (and of the labelled corpus when ../shared/corpus exists).
Each command runs as users run it (the installed script, whole process); the figure is the
median of three runs. Target: >= 1.8x for export on this 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_inputs(folder: Path, count: int) -> None:
    sources = sorted((ROOT / "seeds").glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus" / "raw"
    if corpus.is_dir():
        sources += sorted(corpus.glob("*.txt"))
    folder.mkdir(parents=True)
    for n in range(count):
        shutil.copy(sources[n % len(sources)], folder / f"doc{n:04}.txt")


def timed(cmd: list[str], runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True)
        samples.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr.decode()[-2000:]}")
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--export-files", type=int, default=400)
    args = ap.parse_args()
    jingwen = str(Path(sys.executable).with_name("jingwen"))
    print(f"cores available: {len(os.sched_getaffinity(0))}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_inputs(tmp / "clean-in", args.files)
        make_inputs(tmp / "export-in", args.export_files)
        one = timed([jingwen, "clean", str(tmp / "clean-in"), "-o", str(tmp / "o1"), "-j", "1", "-q"])
        two = timed([jingwen, "clean", str(tmp / "clean-in"), "-o", str(tmp / "o2"), "-j", "2", "-q"])
        print(f"clean  {args.files} files: -j 1 {one:.2f} s, -j 2 {two:.2f} s, speed-up {one / two:.2f}x")
        fmt = "docx,pdf,html"
        one = timed([jingwen, "export", str(tmp / "export-in"), "--to", fmt, "-o", str(tmp / "e1"), "-j", "1", "-q"])
        two = timed([jingwen, "export", str(tmp / "export-in"), "--to", fmt, "-o", str(tmp / "e2"), "-j", "2", "-q"])
        print(f"export {args.export_files} files to {fmt}: -j 1 {one:.2f} s, -j 2 {two:.2f} s, "
              f"speed-up {one / two:.2f}x (target >= 1.8x)")


if __name__ == "__main__":
    main()
