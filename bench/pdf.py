"""PDF input throughput (pages per second on one core) and the cost of hostile PDFs.

    .venv/bin/python bench/pdf.py               # 60-page sample, 3 runs each, bad inputs
    .venv/bin/python bench/pdf.py --pages 200 --repeat 5

Measured on one generated document (``tests/pdf_samples.py``: Chinese and English body text,
headings, lists, tables, a diagonal watermark, running header, page-number footers):

* ``jingwen reader``: ``read_pdf`` (PDFium in its forked, bounded child; lines, furniture,
  paragraphs), in this process;
* ``pdfplumber chars``: only pdfplumber's character extraction of the same pages, the first
  step a pdfplumber-based reader would need (the alternative the issue asked to measure);
* ``jingwen clean -j 1``: the whole command (start-up, reader, cleaning, writing), one process.

Each runs ``--repeat`` times and the fastest run counts (other work on the machine only slows a
run down). Then each hostile PDF of ``tests/pdf_samples.BAD_PDFS`` goes through ``jingwen
clean``: wall time, exit status, and the peak resident memory of the command and its children
(``ru_maxrss`` from ``wait4`` in a small fresh Python that starts the command).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
JINGWEN = str(Path(sys.executable).with_name("jingwen"))

from pdf_samples import BAD_PDFS, make_pdf, make_source  # noqa: I001


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def run_measured(command: list[str]) -> tuple[int, float, int]:
    """Exit status, wall seconds and peak RSS (MiB) of the command and its descendants, measured
    from a small fresh Python (the RSS of whoever forks the command counts until it execs)."""
    probe = ("import os, subprocess, sys, time; t = time.perf_counter(); "
             "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "_, s, u = os.wait4(p.pid, 0); "
             "print(os.waitstatus_to_exitcode(s), time.perf_counter() - t, u.ru_maxrss // 1024)")
    out = subprocess.run([sys.executable, "-S", "-c", probe, *command], capture_output=True, text=True, check=True)
    code, seconds, rss = out.stdout.split()
    return int(code), float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60, help="about this many pages")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from jingwen.cleaner.readers.pdf import read_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.pdf"
        pages = make_pdf(path, make_source(round(args.pages / 0.9), seed=7))
        data = path.read_bytes()
        print(f"sample: {pages} pages, {len(data) // 1024} KiB")

        def plumber() -> None:
            import pdfplumber

            with pdfplumber.open(str(path)) as pdf:
                for page in pdf.pages:
                    _ = page.chars

        rows = [("jingwen reader (pypdfium2)", best(args.repeat, lambda: read_pdf(data, "sample.pdf"))),
                ("pdfplumber chars only", best(args.repeat, plumber)),
                ("jingwen clean -j 1 (whole command)",
                 best(args.repeat, lambda: subprocess.run([JINGWEN, "clean", "-j", "1", str(path), "-o",
                                                           str(Path(folder) / "out")], check=True)))]
        for name, seconds in rows:
            print(f"{name:38s} {seconds:7.2f} s  {pages / seconds:7.1f} pages/s")

        print("\nhostile PDFs (jingwen clean): exit, wall time, peak RSS of the command and its children")
        for name, (make, _reason) in sorted(BAD_PDFS.items()):
            bad = Path(folder) / f"{name}.pdf"
            bad.write_bytes(make(data))
            code, seconds, rss = run_measured([JINGWEN, "clean", str(bad), "-o", str(Path(folder) / "bad")])
            print(f"{name:14s} exit {code}  {seconds:5.2f} s  {rss:5d} MiB")


if __name__ == "__main__":
    main()
