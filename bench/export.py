"""Export speed: documents per second for a 20 KB document, and a 100-page PDF against LibreOffice.

    .venv/bin/python bench/export.py            # both measurements
    .venv/bin/python bench/export.py --no-libreoffice

1. A warm process (fonts loaded, modules imported) exports a synthetic 20 KB Chinese document
   (UTF-8) to DOCX, PDF and HTML again and again; docs/s per core is counted from CPU time, so
   other work on the machine does not flatter or spoil it. Target: ≥ 15.
2. The font cache: with a CFF default face (Noto Serif CJK), the first PDF on a machine builds
   the TrueType chunks its characters need (exporters/outlines.py); measured in fresh processes
   with an empty ``$JINGWEN_FONT_CACHE``, then again with the cache filled (wall clock, whole
   process: imports, fonts, one 20 KB PDF).
3. A ~100-page document: our PDF (warm, in-process) against ``libreoffice --headless
   --convert-to pdf`` of our own DOCX of the same document (LibreOffice's start included, as a
   user runs it). Target: ours ≥ 4× faster.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jingwen.exporters.content import read_content

from jingwen import exporters

_spec = importlib.util.spec_from_file_location("make_document", ROOT / "tests/fixtures/export/make_document.py")
make_document = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_document)


def document_of_size(kilobytes: int):
    """A synthetic document whose UTF-8 text is about ``kilobytes`` KB."""
    chars = kilobytes * 1000 // 3
    doc = make_document.synthetic_document(chars)
    while len(doc.to_text().encode("utf-8")) < kilobytes * 1000:
        chars += 200
        doc = make_document.synthetic_document(chars)
    return doc


def docs_per_second(rounds: int) -> None:
    doc = document_of_size(20)
    size = len(doc.to_text().encode("utf-8"))
    for fmt in ("docx", "pdf", "html"):  # warm up: imports, fonts, templates
        exporters.render(doc, fmt)
    per_format = {}
    for fmt in ("docx", "pdf", "html"):
        start = time.process_time()
        for _ in range(rounds):
            exporters.render(doc, fmt)
        per_format[fmt] = (time.process_time() - start) / rounds
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        content = read_content(doc)
        for fmt in ("docx", "pdf", "html"):
            exporters.render(doc, fmt, None, content)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    print(f"20 KB document ({size} bytes, {len(doc.blocks)} blocks) -> docx+pdf+html, {rounds} rounds, warm process")
    print("  per format (CPU ms): " + ", ".join(f"{fmt} {seconds * 1000:.1f}" for fmt, seconds in per_format.items()))
    print(f"  {rounds / cpu:.1f} docs/s per core (CPU time); {rounds / wall:.1f} docs/s wall clock   [target >= 15]")


def _one_pdf() -> None:
    """Child process of ``font_cache``: one 20 KB PDF, timed from the start of the process."""
    exporters.render(document_of_size(20), "pdf")
    print(f"{time.perf_counter() - START:.2f}")


def font_cache() -> None:
    from jingwen.exporters.fonts import plan_fonts

    face = plan_fonts(["song"], "CN", embed=False).face_for("song")
    if face is None or face.truetype:
        print(f"font cache: the body face ({face.family if face else 'none'}) is TrueType: nothing to build")
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "JINGWEN_FONT_CACHE": tmp}
        times = [subprocess.run([sys.executable, __file__, "--one-pdf"], env=env, check=True, capture_output=True,
                                text=True).stdout.strip() for _ in range(3)]
        built = sorted(Path(tmp).glob("*.ttf"))
        size = sum(p.stat().st_size for p in built) // 1024
    print(f"font cache ({face.family}): first 20 KB PDF in a new process {times[0]} s (builds {len(built)} chunks, "
          f"{size} KB); with the cache {times[1]} s, {times[2]} s")


def hundred_pages(libreoffice: bool) -> None:
    doc = make_document.synthetic_document(110_000, seed=7)
    exporters.render(make_document.synthetic_document(2000), "pdf")  # warm
    start = time.perf_counter()
    pdf = exporters.render(doc, "pdf")
    ours = time.perf_counter() - start
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"100-page PDF: ours {ours:.2f} s for {pages} pages ({len(pdf) // 1024} KB)")
    if not libreoffice:
        return
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        print("  libreoffice not found (sh scripts/setup.sh --test installs it)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "hundred.docx"
        source.write_bytes(exporters.render(doc, "docx"))
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run([office, "--headless", profile, "--terminate_after_init"], capture_output=True, timeout=300)
        start = time.perf_counter()
        subprocess.run([office, "--headless", profile, "--convert-to", "pdf", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=600)
        theirs = time.perf_counter() - start
        lo_pages = len(PdfReader(Path(tmp) / "hundred.pdf").pages)
    print(f"  libreoffice --headless --convert-to pdf of our DOCX: {theirs:.2f} s for {lo_pages} pages")
    print(f"  ours is {theirs / ours:.1f}x faster   [target >= 4x]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--one-pdf", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_pdf:
        _one_pdf()
        return
    docs_per_second(args.rounds)
    font_cache()
    hundred_pages(not args.no_libreoffice)


if __name__ == "__main__":
    main()
