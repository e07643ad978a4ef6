#!/usr/bin/env python3
"""Start-up cost: wall time of `jingwen clean --check small.txt` against `python -c pass`.

    .venv/bin/python bench/startup.py [--runs 31]

Both commands run with the same interpreter and environment, after warm-up runs (so Python's
bytecode and jingwen's pattern cache exist, as on a user's machine). PYTHONDONTWRITEBYTECODE
is removed from the environment: with it set every run recompiles every module, which no
installed tool suffers. Target: ratio <= 3.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], runs: int, env: dict) -> float:
    for _ in range(3):
        subprocess.run(cmd, capture_output=True, env=env)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=31)
    runs = ap.parse_args().runs
    jingwen = str(Path(sys.executable).with_name("jingwen"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
        tool = timed([jingwen, "clean", "--check", str(small)], runs, env)
        base = timed([sys.executable, "-c", "pass"], runs, env)
    print(f"jingwen clean --check small.txt: {tool * 1000:.1f} ms (median of {runs})")
    print(f"python -c pass:                  {base * 1000:.1f} ms")
    print(f"ratio: {tool / base:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
