#!/usr/bin/env python3
"""Start-up cost: wall time of `jingwen clean --check small.txt` against `python -c pass`.

    .venv/bin/python bench/startup.py [--runs 31] [--cpu] [--venv DIR]

Both commands run with the same interpreter, alternating (so the machine's load falls on both
alike), medians quoted, in two settings:

* bytecode cached: PYTHONDONTWRITEBYTECODE removed from the environment and warm-up runs first,
  so Python's .pyc files and jingwen's pattern cache exist, as on a user's machine;
* no bytecode: PYTHONDONTWRITEBYTECODE=1 and PYTHONPYCACHEPREFIX set to an empty folder, so
  every run compiles every module from source (what this sandbox's default environment does
  when no .pyc files exist).

``--cpu`` times the CPU seconds of each command (user + system, from ``getrusage``) instead of
wall time: steadier on a shared, loaded machine. jingwen's pattern cache lives in a temporary
folder of its own (``XDG_CACHE_HOME``), filled by the warm-up runs: other checkouts sharing
``~/.cache/jingwen`` would otherwise evict each other's entries between runs.

``--venv DIR`` times the ``jingwen`` and ``python`` of another virtual environment: one with a
regular install (``python -m venv DIR && DIR/bin/pip install --no-deps .``), as users have it.
The checkout's own editable install adds a finder to every start of its Python (~10 ms of
``pathlib``, ``urllib`` and ``re``, paid by ``python -c pass`` too), which flatters the ratio.

Target (issue 17): ratio <= 2 with bytecode cached.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def once(cmd: list[str], env: dict, cpu: bool = False) -> float:
    if cpu:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, capture_output=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=env)
    return time.perf_counter() - start


def compare(tool: list[str], base: list[str], runs: int, env: dict, cpu: bool = False) -> tuple[float, float]:
    for _ in range(3):
        once(tool, env), once(base, env)
    tool_times, base_times = [], []
    for _ in range(runs):
        tool_times.append(once(tool, env, cpu))
        base_times.append(once(base, env, cpu))
    return statistics.median(tool_times), statistics.median(base_times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("--cpu", action="store_true", help="CPU time of each command, not wall time")
    ap.add_argument("--venv", type=Path, help="time this virtual environment's jingwen and python")
    args = ap.parse_args()
    runs = args.runs
    python = str(args.venv / "bin" / "python") if args.venv else sys.executable
    jingwen = str(Path(python).with_name("jingwen"))
    cached = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    with tempfile.TemporaryDirectory() as tmp:
        cached["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        small = Path(tmp) / "small.txt"
        small.write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
        empty = Path(tmp) / "no-pycache"
        empty.mkdir()
        uncached = {**cached, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(empty)}
        tool, base = [jingwen, "clean", "--check", str(small)], [python, "-c", "pass"]
        for name, env in (("bytecode cached", cached), ("no bytecode", uncached)):
            t, b = compare(tool, base, runs, env, args.cpu)
            print(f"{name:16} jingwen clean --check small.txt {t * 1000:6.1f} ms, python -c pass {b * 1000:5.1f} ms, "
                  f"ratio {t / b:.2f} (median of {runs}{', CPU time' if args.cpu else ''})")
    print("target: ratio <= 2 with bytecode cached")


if __name__ == "__main__":
    main()
