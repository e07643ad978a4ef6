#!/usr/bin/env python3
"""Peak memory of `jingwen clean` on large inputs: a 200 MB text file and a 10 MB single line.

    .venv/bin/python bench/memory.py [--mb 200]
    .venv/bin/python bench/memory.py --edits-mb 500 --line-mb 1024   # issue 19's two worst cases

``--edits-mb N``: an N MB file with an edit on every line (ASCII comma between Han characters),
cleaned with ``--report``: the report lists the first 1000 edits and counts the rest by rule, so
memory does not grow with the number of edits. ``--line-mb N``: an N MB file of one line (read in
pieces of SEGMENT_CHARS characters).

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
    ap.add_argument("--edits-mb", type=int, default=0, help="only the many-edits file of this size")
    ap.add_argument("--line-mb", type=int, default=0, help="only the one-line file of this size")
    args = ap.parse_args()
    if args.edits_mb or args.line_mb:
        return worst_cases(args.edits_mb, args.line_mb)
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


def worst_cases(edits_mb: int, line_mb: int) -> None:
    import json

    jingwen = str(Path(sys.executable).with_name("jingwen"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = []
        if edits_mb:
            edits = tmp / "edits.txt"
            with open(edits, "w", encoding="utf-8") as f:
                block = "".join(f"第{n}条规定的内容, 自发布之日起施行。\n" + ("\n" if n % 3 == 0 else "")
                                for n in range(1000))
                for _ in range(edits_mb * 2**20 // len(block.encode()) + 1):
                    f.write(block)
            cases.append((f"{edits.stat().st_size / 2**20:.0f} MB, an edit on every line", edits))
        if line_mb:
            line = tmp / "line.txt"
            with open(line, "wb") as f:
                piece = "施行, 本办法。".encode() * (2**20 // 20)
                for _ in range(line_mb * 2**20 // len(piece) + 1):
                    f.write(piece)
            cases.append((f"{line.stat().st_size / 2**20:.0f} MB single line with edits", line))
        for name, path in cases:
            report = tmp / "report.json"
            peak, seconds = peak_mib([jingwen, "clean", str(path), "-o", str(tmp / "out"), "--report", str(report)])
            entry = json.loads(report.read_text(encoding="utf-8"))["files"][0]
            edits = sum(entry["edits_by_rule"].values())
            print(f"{name}: peak RSS {peak} MiB, {seconds:.1f} s ({path.stat().st_size / 2**20 / seconds:.1f} MB/s), "
                  f"{edits} edits counted, {len(entry['edits'])} listed, report {report.stat().st_size // 1024} KiB")
            (tmp / "out" / path.name).unlink()


if __name__ == "__main__":
    main()
