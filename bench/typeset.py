"""Typesetting quality of the PDF, measured on the page: the figures of issue 15's "Done when".

    .venv/bin/python bench/typeset.py                 # a ~100-page document, default style
    .venv/bin/python bench/typeset.py --chars 30000 --out /tmp/book.pdf

A synthetic document (``tests/fixtures/export/make_document.py``) gets, every few paragraphs, a
sentence of our own with a long URL, long English words and Latin names and numbers; its PDF is
read back with pypdf (outline) and pdfplumber (every glyph's box and font) and checked:

* the outline equals the heading sequence, in order and nesting;
* forbidden line starts and ends, split ——/……, lines of a single character (runts);
* loose lines: the space added between two Han characters, per line, in em (> 0.25 counts,
  unless the line holds an unbreakable token longer than half the measure);
* fonts used for Latin letters and digits: none monospaced;
* adjacent punctuation: the span of two marks, justification taken off, in em (≤ 1.5), read from
  the PDF and, exactly, from the lines as the typesetter set them (pdfminer was seen to drop the
  character spacing of every other glyph in some runs, so its positions carry noise).
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber
import pypdf
from jingwen.cleaner.model.chinese import NO_LINE_END, NO_LINE_START
from jingwen.cleaner.model.document import HEADING, Block, Document
from jingwen.exporters import ExportOptions, render
from jingwen.exporters.compose import MARKS, is_han

_spec = importlib.util.spec_from_file_location("make_document", ROOT / "tests/fixtures/export/make_document.py")
make_document = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_document)

# our own sentences, mixing Chinese with URLs, long English words, names and numbers
LATIN = [
    "排版规范见https://www.w3.org/TR/clreq/#punctuation_adjustment_space，其中说明了标点挤压的各种情形。",
    "这套工具用Python编写，依赖reportlab与fontTools两个库，版本号为v2.3.1。",
    "英文长词如internationalization和characterization在行末可以按音节断开。",
    "下载地址为https://github.com/example/jingwen/releases/download/v1.0/jingwen-1.0.tar.gz，请核对校验值。",
    "会议邀请了Dr. Smith作主题报告，题目是Typography and Readability in Multilingual Documents。",
    "参考文献：Knuth, D. E. Breaking Paragraphs into Lines. Software: Practice and Experience, 1981。",
]


def mixed_document(chars: int, seed: int = 7) -> Document:
    doc = make_document.synthetic_document(chars, seed=seed)
    rng = random.Random(seed)
    blocks = []
    for block in doc.blocks:
        if block.kind != HEADING and len(block.text) > 60 and rng.random() < 0.4:
            cut = block.text.find("。", len(block.text) // 2) + 1 or len(block.text)
            block = Block(block.text[:cut] + rng.choice(LATIN) + block.text[cut:], block.line)
        blocks.append(block)
    mixed = Document(blocks)
    mixed.meta = doc.meta
    return mixed


def expected_outline(doc: Document) -> list[tuple[int, str]]:
    out, depth = [], -1
    for block in doc.blocks:
        if block.kind == HEADING:
            depth = min(min(max(block.level, 1), 3) - 1, depth + 1)
            out.append((depth, block.text))
    return out


def outline(entries, depth: int = 0) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for entry in entries:
        out.extend(outline(entry, depth + 1) if isinstance(entry, list) else [(depth, entry.title)])
    return out


def lines_of(page) -> list[list[dict]]:
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        if ch["top"] < page.height - 60:  # the folio is not text
            rows.setdefault(round(ch["matrix"][5]), []).append(ch)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items(), reverse=True)]


def measure(pdf: bytes, doc: Document, measure_width: float) -> dict:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fixed_fonts = set()
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            desc = (font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font)
            flags = desc.get("/FontDescriptor", {}).get("/Flags", 0) if desc.get("/FontDescriptor") else 0
            if int(flags) & 1:
                fixed_fonts.add(str(font["/BaseFont"]).split("+")[-1])
    result = {"pages": len(reader.pages), "outline_ok": outline(reader.outline) == expected_outline(doc)}
    block_ends = tuple(b.text for b in doc.blocks)
    texts, loose, worst, latin_fonts, spans = [], [], 0.0, set(), []
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        for page in plumber.pages:
            for chars in lines_of(page):
                text = "".join(c["text"] for c in chars)
                texts.append(text)
                size = statistics.median(c["size"] for c in chars)
                added = [(b["x0"] - a["x1"]) / size for a, b in zip(chars, chars[1:], strict=False)
                         if is_han(a["text"]) and is_han(b["text"])]
                gap = statistics.fmean(added) if added else 0.0  # pdfminer rounds single positions
                longest = max((sum(c["x1"] - c["x0"] for c in chars[i:j]) for i, j in _latin_runs(text)), default=0)
                if added and max(added) > 0.26 and longest <= measure_width / 2:
                    loose.append((round(max(added), 3), text))
                worst = max(worst, max(added, default=0.0))
                for c in chars:
                    if c["text"].isascii() and c["text"].isalnum():
                        latin_fonts.add(c["fontname"].split("+")[-1])
                for i in range(len(chars) - 2):
                    if chars[i]["text"] in MARKS and chars[i + 1]["text"] in MARKS:
                        span = (chars[i + 2]["x0"] - chars[i]["x0"]) / size - 2 * max(gap, 0.0)
                        spans.append(span)
    starts = [t for t in texts if t and t[0] in NO_LINE_START]
    ends = [t for t in texts if t and t[-1] in NO_LINE_END and not any(b.endswith(t) for b in block_ends)]
    split = [(a, b) for a, b in zip(texts, texts[1:], strict=False)
             if (a.endswith("—") and b.startswith("—")) or (a.endswith("…") and b.startswith("…"))]
    runts = [t for t in texts if sum(ch.isalnum() for ch in t) == 1]
    result.update(lines=len(texts), forbidden_starts=len(starts), forbidden_ends=len(ends), split_marks=len(split),
                  runts=len(runts), loose_lines=len(loose), worst_added_em=round(worst, 3),
                  latin_fonts=sorted(latin_fonts), monospaced_latin=sorted(latin_fonts & fixed_fonts),
                  adjacent_mark_pairs=len(spans),
                  pairs_over_1_55_em=sum(span > 1.55 for span in spans),
                  median_pair_em=round(statistics.median(spans), 3) if spans else None,
                  loose_examples=loose[:3])
    return result


def _latin_runs(text: str):
    i = 0
    while i < len(text):
        if text[i].isascii() and not text[i].isspace():
            j = i
            while j < len(text) and text[j].isascii() and not text[j].isspace():
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def set_pairs() -> list[float]:
    """Record, while rendering, the span (em) of every two adjacent marks as set (no justification)."""
    from jingwen.exporters import pdf as pdf_module

    spans: list[float] = []
    original = pdf_module.TextBlock._break

    def recording(block, width):
        lines = original(block, width)
        advance = block.layout.setter.advances[block.tstyle.typeface]
        for line in lines:
            text, sh = line.text, line.shifts or [0.0] * (len(line.text) + 1)
            for i in range(len(text) - 1):
                if text[i] in MARKS and text[i + 1] in MARKS:
                    spans.append(advance[text[i]] + sh[i + 1] + advance[text[i + 1]] + sh[i + 2])
        return lines

    pdf_module.TextBlock._break = recording
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=110_000)
    parser.add_argument("--style", default="default")
    parser.add_argument("--out", help="also write the PDF here (to look at its pages)")
    args = parser.parse_args()
    doc = mixed_document(args.chars)
    spans = set_pairs()
    pdf = render(doc, "pdf", ExportOptions(style=args.style))
    if args.out:
        Path(args.out).write_bytes(pdf)
    width = (210 - 25 - 22) * 72 / 25.4
    for key, value in measure(pdf, doc, width).items():
        print(f"{key:22} {value}")
    over = sum(x > 1.5 + 1e-9 for x in spans)
    print(f"{'set_pairs':22} {len(spans)}, widest {max(spans):.3f} em, over 1.5 em: {over}")


if __name__ == "__main__":
    main()
