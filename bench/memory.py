#!/usr/bin/env python3
"""Peak memory of `jingwen clean` on large inputs: a 200 MB text file and a 10 MB single line.

    .venv/bin/python bench/memory.py [--mb 200]

Each run is a child process; its peak resident set size comes from getrusage(RUSAGE_CHILDREN)
of a dedicated intermediate process. Large text files are cleaned segment by segment
(cleaner/stream.py), so the peak should not grow with the file.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = ("import resource, subprocess, sys\n"
         "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
         "sys.stderr.buffer.write(r.stderr[-2000:])\n"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
         "sys.exit(r.returncode)")


def peak_mib(cmd: list[str]) -> tuple[int, float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PROBE, *cmd], capture_output=True)
    if result.returncode != 0:
        sys.exit(f"failed: {result.stderr.decode()}")
    return int(result.stdout.decode().split()[-1]), time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=200)
    args = ap.parse_args()
    jingwen = str(Path(sys.executable).with_name("jingwen"))
    paragraph = ("第一章　总则\n为规范档案管理，提高工作效率，结合本单位实际，制定本办法。"
                 "本办法适用于各部门形成的文件材料。\n\n")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = tmp / "big.txt"
        with open(big, "w", encoding="utf-8") as f:
            f.write("下载本文档\n")
            chunk = paragraph * 1000
            for _ in range(args.mb * 2**20 // len(chunk.encode())):
                f.write(chunk)
        line = tmp / "line.txt"
        line.write_text("查看更多\n" + ("产业集群是区域经济发展的重要形式" * 220_000)[: 10 * 2**20 // 3] + "\n",
                        encoding="utf-8")
        for name, path in ((f"{big.stat().st_size / 2**20:.0f} MB text file", big),
                           (f"{line.stat().st_size / 2**20:.0f} MB single line", line)):
            peak, seconds = peak_mib([jingwen, "clean", str(path), "-o", str(tmp / "out")])
            print(f"{name}: peak RSS {peak} MiB, {seconds:.1f} s ({path.stat().st_size / 2**20 / seconds:.1f} MB/s)")


if __name__ == "__main__":
    main()
