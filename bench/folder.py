#!/usr/bin/env python3
"""Folder mode: CPU time per file of `jingwen clean IN -o OUT -j 1` for a folder of 500 and of
4,000 small files (copies of the seeds and of the labelled corpus). Linear work means the same
CPU per file at both sizes; each write used to list the whole output folder (O(N²)).

    .venv/bin/python bench/folder.py [--sizes 500 4000] [--rounds 3] [--jingwen OTHER/.venv/bin/jingwen ...]

CPU time (user + system of the command and its children) is used, not wall time, so other work
on a shared machine matters less; the runs of the commands given alternate, and the median
of ``--rounds`` is quoted with the ratio of per-file CPU at the largest to the smallest size.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from batch import make_inputs  # the same inputs as bench/batch.py


def cpu_of(cmd: list[str]) -> float:
    before = os.times()
    result = subprocess.run(cmd, capture_output=True)
    after = os.times()
    if result.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr.decode()[-2000:]}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 4000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jingwen", nargs="+", default=[str(Path(sys.executable).with_name("jingwen"))])
    args = ap.parse_args()
    per_file: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            make_inputs(tmp / f"in{size}", size)
        for _ in range(args.rounds):
            for size in args.sizes:
                for tool in args.jingwen:
                    out = tmp / "out"
                    shutil.rmtree(out, ignore_errors=True)
                    seconds = cpu_of([tool, "clean", str(tmp / f"in{size}"), "-o", str(out), "-j", "1", "-q"])
                    per_file.setdefault((tool, size), []).append(seconds / size)
    small, large = min(args.sizes), max(args.sizes)
    for tool in args.jingwen:
        print(tool)
        for size in args.sizes:
            print(f"  {size:6} files: {statistics.median(per_file[tool, size]) * 1000:.2f} ms CPU per file "
                  f"(median of {args.rounds})")
        ratio = statistics.median(per_file[tool, large]) / statistics.median(per_file[tool, small])
        print(f"  per-file CPU at {large} / at {small}: {ratio:.2f}")


if __name__ == "__main__":
    main()
