"""OCR of scanned pages: character error rate and seconds per page, RapidOCR (the ``ocr`` extra,
what jingwen uses) against tesseract with ``chi_sim+eng`` (Debian: tesseract-ocr-chi-sim).

    .venv/bin/python bench/ocr.py                  # 2 pages at 150 dpi
    .venv/bin/python bench/ocr.py --pages 4 --dpi 200
    .venv/bin/python bench/ocr.py --seeds 21 5 --latin 0.5   # other documents (for tuning)

The default documents (seeds 3 and 4) are held out: the OCR settings (``cleaner/readers/ocr.py``)
were tuned on other seeds, so quote these.

The pages are those of two generated test documents (``tests/pdf_samples.py``): Chinese text
only, and the mixed one of the text-PDF tests (about one paragraph in six in English), rendered
by PDFium to images (a PDF of images whose only text is the platform's angled overlay). The
reference is the text layer of the same pages as the reader rebuilds it (header, footers and
watermark removed, lines joined); every text is compared with white space removed and
NFKC-normalised. RapidOCR's text is what jingwen's PDF reader makes of the image PDF (header
and footers removed as on text PDFs); tesseract's is its plain output for the page images with
the first line of each page that is the running header and the ``第 N 页`` footers dropped, so
both are compared on body text. CER = Levenshtein distance / reference length, so it counts
reading order too: tesseract's page layout analysis (``--psm 3``) can cut the lines of a page
into blocks around the diagonal watermark and read them out of order.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pdf_samples import TITLE, make_image_pdf, make_pdf, make_source, render_pages  # noqa: I001


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def cer(reference: str, text: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(reference, text) / len(reference)


def _child_cpu() -> float:
    """CPU seconds of the finished child processes (all their threads): less sensitive than the
    wall clock to other work on the machine."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--seeds", type=int, nargs=2, default=(3, 4), metavar=("MIXED", "CHINESE"),
                        help="the documents' seeds (default: 3 4, held out from tuning)")
    parser.add_argument("--latin", type=float, default=0.15, help="share of English paragraphs in the mixed one")
    args = parser.parse_args()

    mixed, chinese = args.seeds
    for name, source in (("Chinese only", make_source(3, seed=chinese, latin=0)),
                         ("mixed", make_source(12, seed=mixed, latin=args.latin))):
        compare(name, source, args.pages, args.dpi)


def compare(name: str, source, pages: int, dpi: int) -> None:
    from jingwen.cleaner.readers.page_layout import build_document
    from jingwen.cleaner.readers.pdf import read_pages, read_pdf

    with tempfile.TemporaryDirectory() as folder:
        text_pdf, scan = Path(folder) / "text.pdf", Path(folder) / "scan.pdf"
        make_pdf(text_pdf, source)
        make_image_pdf(scan, text_pdf, dpi, pages)
        rebuilt = build_document(read_pages(text_pdf.read_bytes())[:pages], "text.pdf", "pdf")
        reference = squash("".join(block.text for block in rebuilt.body()))
        print(f"\n{name}: {pages} pages at {dpi} dpi, reference {len(reference)} characters")

        start, cpu = time.perf_counter(), _child_cpu()
        doc = read_pdf(scan.read_bytes(), "scan.pdf")  # OCR runs in the reader's forked child
        seconds, cpu = time.perf_counter() - start, _child_cpu() - cpu
        rapid = squash("".join(b.text for b in doc.body()))
        print(f"RapidOCR (jingwen[ocr])   CER {cer(reference, rapid):6.2%}  {seconds / pages:5.1f} s/page, "
              f"{cpu / pages:5.1f} CPU s/page (first page includes loading the models)")

        if shutil.which("tesseract") is None:
            print("tesseract: not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
            return
        start, lines = time.perf_counter(), []
        for n, image in enumerate(render_pages(text_pdf, dpi)[: pages]):
            png = Path(folder) / f"p{n}.png"
            image.save(png)
            out = subprocess.run(["tesseract", str(png), "-", "-l", "chi_sim+eng", "--psm", "3"],
                                 capture_output=True, text=True, check=True).stdout
            page = [line for line in out.splitlines() if not re.fullmatch(r"第\d+页共\d+页", squash(line))]
            header = next((i for i, line in enumerate(page) if squash(line) == squash(TITLE)), None)
            lines += [line for i, line in enumerate(page) if i != header]  # the running header, once a page
        seconds = time.perf_counter() - start
        tess = squash("".join(lines))
        print(f"tesseract chi_sim+eng     CER {cer(reference, tess):6.2%}  {seconds / pages:5.1f} s/page")


if __name__ == "__main__":
    main()
