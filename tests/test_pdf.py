"""PDF, scanned pages, images and LibreOffice formats as inputs, through the command line.

The documents are made here (``pdf_samples.py``): reportlab pages with a diagonal platform
watermark, a running title header and ``第 N 页 共 M 页`` footers; a LibreOffice PDF and
``.doc`` from a python-docx document; the same pages rendered to images for OCR.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import docx
import pytest
from conftest import case_params, run_jingwen
from pdf_samples import (
    BAD_PDFS,
    TITLE,
    WATERMARK,
    broken_xref,
    make_image_pdf,
    make_pdf,
    make_source,
    render_pages,
)


def norm(text: str) -> str:
    """Compared after NFKC, with runs of white space (tabs between table cells too) as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, list, int]:
    folder = tmp_path_factory.mktemp("pdf")
    items = make_source(12, seed=3)
    pages = make_pdf(folder / "方案.pdf", items)
    return folder / "方案.pdf", items, pages


@pytest.fixture(scope="module")
def cleaned(sample, tmp_path_factory) -> tuple[str, dict]:
    path, _, _ = sample
    out = tmp_path_factory.mktemp("out")
    result = run_jingwen("clean", path, "-o", out, "--report", out / "r.json")
    assert result.returncode == 0, result.stderr.decode()
    return (out / "方案.txt").read_text(encoding="utf-8"), json.loads((out / "r.json").read_text(encoding="utf-8"))


def test_paragraphs_come_out_whole_across_lines_and_pages(sample, cleaned):
    _, items, pages = sample
    assert pages >= 8
    got = {norm(line) for line in cleaned[0].splitlines()}
    expected = [norm(item.text) for item in items]
    missing = [text for text in expected if text not in got]
    assert len(missing) <= len(expected) // 100, missing[:3]
    assert len(cleaned[0].splitlines()) == len(expected)  # nothing split, nothing glued


def test_no_watermark_header_footer_or_page_number_left(cleaned):
    text, _ = cleaned
    lines = text.splitlines()
    assert lines.count(TITLE) == 1  # the title heading, not the running header
    assert not any("book118" in line or "第" in line and "页" in line and "共" in line for line in lines)
    assert not any(line.strip().isdigit() for line in lines)


def test_report_lists_removals_page_by_page(sample, cleaned):
    _, _, pages = sample
    entry = cleaned[1]["files"][0]
    assert entry["platform"] == "book118"  # known from its watermark
    by_rule: dict[str, list[int]] = {}
    for removed in entry["removed"]:
        by_rule.setdefault(removed["rule"], []).append(removed["page"])
    assert by_rule["pdf.watermark"] == list(range(1, pages + 1))
    assert by_rule["pdf.running-header"] == list(range(1, pages + 1))
    assert by_rule["pdf.page-number"] == list(range(1, pages + 1))
    watermark = next(r for r in entry["removed"] if r["rule"] == "pdf.watermark")
    assert norm(watermark["text"]) == norm(WATERMARK)
    footer = [r["text"] for r in entry["removed"] if r["rule"] == "pdf.page-number"]
    assert footer[1] == f"第 2 页 共 {pages} 页"


def test_headings_recovered_as_headings_in_docx(sample, tmp_path):
    path, items, _ = sample
    result = run_jingwen("export", path, "--to", "docx", "-o", tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    document = docx.Document(str(tmp_path / "方案.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [item.text for item in items if item.kind == "heading"]


def test_rules_lists_the_page_furniture_ids():
    result = run_jingwen("rules")
    assert result.returncode == 0
    listed = result.stdout.decode()
    for rule in ("pdf.watermark", "pdf.running-header", "pdf.running-footer", "pdf.page-number", "ocr.one-for-l"):
        assert rule in listed


def test_libreoffice_pdf_and_doc_clean_like_the_docx(tmp_path):
    """A Word document with a running header and page-number footer, saved as PDF and as
    .doc by LibreOffice: the PDF loses its header and footers, the .doc cleans to the DOCX's text."""
    import shutil
    import subprocess

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    items = [item for item in make_source(6, seed=5) if item.kind in ("para", "en")]
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = TITLE
    footer = section.footer.paragraphs[0]
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">第 </w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> 页</w:t></w:r>'))
    for item in items:
        document.add_paragraph(item.text)
    document.save(str(tmp_path / "a.docx"))
    for fmt in ("pdf", "doc"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", fmt,
                        "--outdir", str(tmp_path), str(tmp_path / "a.docx")], capture_output=True, timeout=180)
    result = run_jingwen("clean", tmp_path / "a.pdf", "--report", tmp_path / "r.json")
    assert result.returncode == 0, result.stderr.decode()
    pdf_text = result.stdout.decode()
    got = {norm(line) for line in pdf_text.splitlines()}
    assert sum(norm(item.text) in got for item in items) >= 0.99 * len(items)
    assert TITLE not in pdf_text and "第 2 页" not in pdf_text
    removed = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["removed"]
    assert {r["rule"] for r in removed} == {"pdf.running-header", "pdf.page-number"}
    from_docx = run_jingwen("clean", tmp_path / "a.docx")
    from_doc = run_jingwen("clean", tmp_path / "a.doc")
    assert from_doc.returncode == 0, from_doc.stderr.decode()
    assert from_doc.stdout == from_docx.stdout and len(from_docx.stdout) > 1000


def test_office_formats_without_libreoffice_name_the_package(tmp_path):
    (tmp_path / "a.rtf").write_text(r"{\rtf1\ansi 正文}", encoding="utf-8")
    result = run_jingwen("clean", tmp_path / "a.rtf", env={"PATH": "/nonexistent"})
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "a.rtf" in lines[0] and "libreoffice" in lines[0].lower()


@pytest.mark.parametrize("name", sorted(BAD_PDFS))
def test_bad_pdf_is_one_line_and_the_batch_goes_on(name, sample, tmp_path):
    make, reason = BAD_PDFS[name]
    bad = tmp_path / f"{name}.pdf"
    bad.write_bytes(make(sample[0].read_bytes()))
    (tmp_path / "good.txt").write_text("正文第一段。\n", encoding="utf-8")
    result = run_jingwen("clean", bad, tmp_path / "good.txt", "-o", tmp_path / "out", timeout=60)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 2 and str(bad) in lines[0] and reason in lines[0], lines  # one line, then the summary
    assert "Traceback" not in result.stderr.decode()
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == "正文第一段。\n"


def test_broken_cross_reference_table_is_rebuilt(sample, tmp_path):
    path, items, _ = sample
    (tmp_path / "x.pdf").write_bytes(broken_xref(path.read_bytes()))
    result = run_jingwen("clean", tmp_path / "x.pdf")
    assert result.returncode == 0, result.stderr.decode()
    assert norm(items[-1].text) in {norm(line) for line in result.stdout.decode().splitlines()}


# --- OCR --------------------------------------------------------------------------------------

def character_error_rate(reference: str, text: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(reference, text) / len(reference)


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _text_layer(path: Path, pages: int) -> str:
    """The reference for OCR: the text layer of the first ``pages`` pages as the reader rebuilds it
    (furniture removed, lines joined, hyphens dropped), white space removed."""
    from jingwen.cleaner.readers.page_layout import build_document
    from jingwen.cleaner.readers.pdf import read_pages

    doc = build_document(read_pages(path.read_bytes())[:pages], path.name, "pdf")
    return _squash("".join(block.text for block in doc.body()))


def _after(text: str, title: str) -> str:
    """``text`` without the copies of ``title`` it starts with."""
    while text.startswith(title):
        text = text[len(title):]
    return text


def test_image_page_without_the_ocr_extra_names_it(sample, tmp_path):
    make_image_pdf(tmp_path / "scan.pdf", sample[0], dpi=72, pages=1)
    code = ("import sys; sys.modules['rapidocr_onnxruntime'] = None; from jingwen.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    import subprocess
    import sys

    for path in (tmp_path / "scan.pdf", sample[0].with_name("none.png")):
        if path.suffix == ".png":
            render_pages(sample[0], 72)[0].save(path)
        result = subprocess.run([sys.executable, "-c", code, "clean", str(path)], capture_output=True, timeout=120)
        assert result.returncode == 2
        lines = result.stderr.decode().splitlines()
        assert len(lines) == 1 and path.name in lines[0] and "jingwen[ocr]" in lines[0], lines


def test_scanned_pages_read_by_ocr(tmp_path):
    """Two pages of Chinese text rendered at 150 dpi with no text layer: the running header and
    the footers are removed as on the text PDF, and the body text comes back with at most 2 %
    character errors (mixed Chinese and English pages: the next test; bench/ocr.py measures both)."""
    pytest.importorskip("rapidocr_onnxruntime")
    path = tmp_path / "text.pdf"
    make_pdf(path, make_source(3, seed=4, latin=0))
    make_image_pdf(tmp_path / "scan.pdf", path, dpi=150, pages=2)
    result = run_jingwen("clean", tmp_path / "scan.pdf", "--report", tmp_path / "scan.json", timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    scanned = result.stdout.decode()
    report = json.loads((tmp_path / "scan.json").read_text(encoding="utf-8"))["files"][0]
    assert {(r["rule"], r["page"]) for r in report["removed"]} >= {
        ("pdf.running-header", 1), ("pdf.running-header", 2), ("pdf.page-number", 1), ("pdf.page-number", 2)}
    assert "book118" not in scanned and "水印" not in scanned  # OCR misses the light watermark, or it is removed
    assert character_error_rate(_text_layer(path, pages=2), _squash(scanned)) <= 0.02


def test_image_file_is_an_input(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    make_pdf(tmp_path / "text.pdf", make_source(3, seed=4, latin=0))
    image = render_pages(tmp_path / "text.pdf", 150)[0]
    image.save(tmp_path / "page.png", dpi=(150, 150))
    result = run_jingwen("clean", tmp_path / "page.png", timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    text = _squash(result.stdout.decode())
    reference, title = _text_layer(tmp_path / "text.pdf", pages=1), _squash(TITLE)
    assert text.startswith(title)  # one page: its running header is kept (nothing repeats on other pages)
    # compared after the header and the title heading (which cleaning may remove as a repeat)
    assert character_error_rate(_after(reference, title), _after(text, title)) <= 0.02


def test_mixed_chinese_english_scan_read_by_ocr(tmp_path):
    """A scanned page with English paragraphs (half of them) among the Chinese ones, at 150 dpi:
    at most 2 % character errors, English lines are paragraphs (not headings by their taller
    boxes) and their hyphenated words are joined, and every 1 read for an l is an edit in the
    report. (Another seed than bench/ocr.py's pages and the pages the OCR settings were tuned on.)"""
    pytest.importorskip("rapidocr_onnxruntime")
    path = tmp_path / "text.pdf"
    items = make_source(4, seed=41, latin=0.5)
    make_pdf(path, items)
    make_image_pdf(tmp_path / "scan.pdf", path, dpi=150, pages=1)
    result = run_jingwen("clean", tmp_path / "scan.pdf", "-o", tmp_path / "out", "--report", tmp_path / "r.json",
                         timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    scanned = (tmp_path / "out" / "scan.txt").read_text(encoding="utf-8")
    assert character_error_rate(_text_layer(path, pages=1), _squash(scanned)) <= 0.02
    from jingwen.cleaner.readers.pdf import read_pdf

    doc = read_pdf((tmp_path / "scan.pdf").read_bytes(), "scan.pdf")
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings and not [h for h in headings if h[:1].isascii()], headings
    english = [b.text for b in doc.body() if b.kind != "heading" and b.text[:1].isascii() and len(b.text) > 60]
    assert english and not [t for t in english if re.search(r"[a-z]- ?[a-z]", t)], english  # hyphens joined
    from jingwen.cleaner.readers.ocr import one_for_l

    edits = [c for c in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["edits"]
             if c["rule"] == "ocr.one-for-l"]
    assert all(c["after"] == one_for_l(c["before"]) != c["before"] for c in edits), edits


@pytest.mark.parametrize("case", case_params("ocr_text.toml"))
def test_ocr_text_cases(case):
    from jingwen.cleaner.readers.ocr import one_for_l

    assert one_for_l(case["input"]) == case["expected"]


def test_ocr_correction_is_an_edit_and_can_be_switched_off():
    from jingwen.cleaner.readers.page_layout import Line, build_document

    read = "Contractors report 1ighting work."

    def pages():
        return [[Line(1, "Contractors report lighting work.", 72, 500, 700, 10.5, edit=("ocr.one-for-l", read))]]

    doc = build_document(pages(), "scan.pdf", "pdf")
    assert [b.text for b in doc.body()] == ["Contractors report lighting work."]
    [change] = doc.log
    assert (change.rule, change.action, change.before, change.after) == (
        "ocr.one-for-l", "edit", read, "Contractors report lighting work.")
    off = build_document(pages(), "scan.pdf", "pdf", enabled=lambda rule: rule != "ocr.one-for-l")
    assert [b.text for b in off.body()] == [read] and not off.log


# --- the web page -----------------------------------------------------------------------------

def test_web_page_cleans_a_pdf_and_shows_removals_by_page(sample, tmp_path):
    from starlette.testclient import TestClient

    from jingwen.web.app import Limits, create_app
    from jingwen.web.store import Workspace

    path, items, pages = sample
    workspace = Workspace.create(str(tmp_path))
    try:
        with TestClient(create_app(workspace, limits=Limits()), base_url="http://127.0.0.1:8765") as client:
            stored = client.post("/api/uploads", params={"name": path.name}, content=path.read_bytes())
            assert stored.status_code == 201, stored.text
            response = client.post("/api/clean", json={"text": "", "uploads": [stored.json()["id"]], "options": {}})
            assert response.status_code == 200, response.text
    finally:
        workspace.close()
    (file,) = response.json()["files"]
    assert file["ok"] and file["format"] == "pdf" and file["platform"]["id"] == "book118"
    lines = [line for row in file["view"]["rows"] for line in row["lines"]]
    removed = [(line["page"], line["removed"]) for line in lines if line["removed"]]
    for page in range(1, pages + 1):
        for rule in ("pdf.watermark", "pdf.running-header", "pdf.page-number"):
            assert (page, rule) in removed
    assert {"pdf.watermark", "pdf.running-header", "pdf.page-number"} <= set(file["rules"])
    assert file["rules"]["pdf.page-number"]["en"].startswith("PDF: page number")
    assert file["rules"]["pdf.page-number"]["name"] == "PDF 页码"
    kept = [b["text"] for row in file["view"]["rows"] for b in row["blocks"]]
    assert sum(norm(t) in {norm(k) for k in kept} for t in (item.text for item in items)) >= 0.99 * len(items)


def test_long_pdf_counts_its_pages_on_a_terminal(tmp_path):
    """Standard error on a terminal (a pseudo-terminal here) shows ``name: page n/total``."""
    import os
    import pty
    import subprocess

    from conftest import jingwen_command

    pages = make_pdf(tmp_path / "long.pdf", make_source(26, seed=9))
    assert pages >= 20
    leader, follower = pty.openpty()
    process = subprocess.Popen([*jingwen_command(), "clean", str(tmp_path / "long.pdf"), "-o", str(tmp_path / "out")],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=300) == 0
    os.close(leader)
    shown = seen.decode(errors="replace")
    assert f"long.pdf: page 1/{pages}" in shown and f"long.pdf: page {pages}/{pages}" in shown


# --- page furniture, as data ------------------------------------------------------------------

@pytest.mark.parametrize("case", case_params("page_furniture.toml"))
def test_page_furniture_cases(case):
    from jingwen.cleaner.readers.page_layout import Line, build_document

    bodies = ["街道办事处应当每季度召开协调会议。", "业主大会负责收集整理居民意见。", "志愿服务队伍组织邻里互助活动。"]
    pages = []
    for n in (1, 2, 3):
        footer = case["footer"].format(n=n, cn="一二三"[n - 1], body=bodies[n - 1], first=n == 1)
        footer = footer.replace("[first]", "") if n == 1 else footer.split("[first]")[0]
        page = [Line(n, bodies[n - 1], 93, 300, 700, 10.5)]
        if footer:
            page.append(Line(n, footer, 250, 340, 40, 9))
        pages.append(page)
    doc = build_document(pages, "a.pdf", "pdf")
    removed = {c.rule for c in doc.log if c.action == "remove"}
    assert removed == ({case["removed"]} if case["removed"] else set())


def test_exporting_a_pdf_to_pdf_beside_it_never_overwrites_it(sample, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(sample[0].read_bytes())
    result = run_jingwen("export", path, "--to", "pdf")
    assert result.returncode == 2 and "is the input itself" in result.stderr.decode()
    assert path.read_bytes() == sample[0].read_bytes() and sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_a_batch_of_word_files_starts_libreoffice_once(tmp_path):
    import os
    import shutil
    import subprocess

    real = shutil.which("soffice")
    if real is None:
        pytest.skip("LibreOffice is not installed")
    texts = {}
    for n, item in enumerate(item for item in make_source(3, seed=6) if item.kind == "para"):
        if n == 3:
            break
        document = docx.Document()
        document.add_paragraph(item.text)
        document.save(str(tmp_path / f"{n}.docx"))
        texts[n] = item.text
    subprocess.run([real, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "in"), *(str(tmp_path / f"{n}.docx") for n in texts)],
                   capture_output=True, timeout=180)
    shim = tmp_path / "bin" / "soffice"  # counts its starts, then runs LibreOffice
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\necho started >> {tmp_path}/starts\nexec {real} "$@"\n')
    shim.chmod(0o755)
    result = run_jingwen("clean", tmp_path / "in", "-o", tmp_path / "out", "-j", "2",
                         env={"PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr.decode()
    for n, text in texts.items():
        assert (tmp_path / "out" / f"{n}.txt").read_text(encoding="utf-8") == text + "\n"
    assert (tmp_path / "starts").read_text().count("started") == 1


def test_ignore_switches_a_page_furniture_rule_off(sample, tmp_path):
    path, _, pages = sample
    result = run_jingwen("clean", path, "--ignore", "pdf.running-header", "--report", tmp_path / "r.json")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().count(TITLE) >= pages  # the running header is text again
    rules = {r["rule"] for r in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["removed"]}
    assert "pdf.running-header" not in rules and {"pdf.watermark", "pdf.page-number"} <= rules
