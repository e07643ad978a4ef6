"""Issue 19: the holes found by trying to break it (data loss, processes left behind, memory,
errors). Each test drives the installed command as a subprocess (or the web server over HTTP)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import jingwen_command, peak_rss_mib, run_jingwen, run_jingwen_obeying_file_modes, without_capabilities

DIRTY = "查看更多\n会议通知\n定于周五召开全体会议。\n"
CLEAN = "会议通知\n定于周五召开全体会议。\n"


# --- 1. --in-place through a symlink ----------------------------------------------------------------

def test_in_place_through_a_symlink_cleans_the_real_file_and_keeps_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "t.txt"
    real.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "l.txt"
    link.symlink_to(Path("real") / "t.txt")
    result = run_jingwen("clean", "l.txt", "--in-place", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "t.txt")
    assert real.read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["t.txt"]  # no temporary left


# --- 2. --report naming an input -------------------------------------------------------------------------

def test_report_naming_an_input_is_refused_before_any_work(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", raw, "-o", tmp_path / "out", "--report", raw / "a.txt")
    assert result.returncode == 2
    assert "--report" in result.stderr.decode() and "a.txt" in result.stderr.decode()
    assert (raw / "a.txt").read_text(encoding="utf-8") == DIRTY
    assert not (tmp_path / "out").exists()
    result = run_jingwen("clean", raw, "-o", tmp_path / "out", "--report", tmp_path / "out" / "a.txt")
    assert result.returncode == 2 and "output of" in result.stderr.decode()


# --- 3, 4. output folders overlapping the inputs ----------------------------------------------------

def test_output_folder_holding_the_input_folder_is_refused(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "a.txt").write_text("mine\n", encoding="utf-8")
    (raw / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", "raw/sub", "-o", "raw", cwd=tmp_path)
    assert result.returncode == 2
    assert "holds the input folder" in result.stderr.decode()
    assert (raw / "a.txt").read_text(encoding="utf-8") == "mine\n"
    assert (raw / "sub" / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_output_folder_equal_to_the_input_folder_is_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", raw, "-o", tmp_path / "." / "raw")
    assert result.returncode == 2
    assert "is the input folder" in result.stderr.decode()
    assert (raw / "a.txt").read_text(encoding="utf-8") == DIRTY
    export = run_jingwen("export", raw, "--to", "html", "-o", raw)
    assert export.returncode == 2 and "is the input folder" in export.stderr.decode()
    assert sorted(p.name for p in raw.iterdir()) == ["a.txt"]


def test_output_folder_inside_the_input_folder_still_works(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", raw, "-o", raw / "clean")
    assert result.returncode == 0, result.stderr
    assert (raw / "clean" / "a.txt").read_text(encoding="utf-8") == CLEAN


# --- 5. hard links and owners under --in-place --------------------------------------------------------

def test_in_place_refuses_a_file_with_other_hard_links(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", tmp_path / "a.txt", tmp_path / "c.txt", "--in-place")
    assert result.returncode == 2
    errors = [line for line in result.stderr.decode().splitlines() if "a.txt" in line]
    assert len(errors) == 1 and "hard links" in errors[0]
    assert os.stat(tmp_path / "a.txt").st_ino == os.stat(tmp_path / "b.txt").st_ino
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == DIRTY
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == CLEAN  # the batch went on


def test_in_place_keeps_an_unchanged_hard_linked_file_without_complaint(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    result = run_jingwen("clean", tmp_path / "a.txt", "--in-place")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_in_place_keeps_the_owner_of_another_users_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(DIRTY, encoding="utf-8")
    os.chown(target, 65534, 65534)
    os.chmod(target, 0o640)
    result = run_jingwen("clean", target, "--in-place")
    assert result.returncode == 0, result.stderr
    st = os.stat(target)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o640)
    assert target.read_text(encoding="utf-8") == CLEAN


@pytest.mark.skipif(os.geteuid() != 0, reason="needs a file of another user")
def test_in_place_refuses_when_the_owner_cannot_be_kept(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(DIRTY, encoding="utf-8")
    os.chown(target, 65534, 65534)
    result = subprocess.run([*without_capabilities("chown"), *jingwen_command(), "clean", str(target), "--in-place"],
                            capture_output=True, timeout=300)
    assert result.returncode == 2
    assert "another user" in result.stderr.decode()
    assert target.read_text(encoding="utf-8") == DIRTY and os.stat(target).st_uid == 65534
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# --- 8. a large file whose first 256 KiB has no line end ---------------------------------------------

def test_large_single_line_utf8_file_is_not_cut_inside_a_character(tmp_path):
    text = "施行。" * (33 * 2**20 // 9 + 1)  # > 32 MiB (cleaned in segments), one line, 3-byte characters
    (tmp_path / "x.txt").write_bytes(text.encode("utf-8"))
    result = run_jingwen("clean", tmp_path / "x.txt", "-o", tmp_path / "o")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "x.txt").read_bytes() == text.encode("utf-8")


# --- 11. file names that are not UTF-8 or hold escape sequences; unreadable last folder ---------------

def test_report_keeps_file_names_that_are_not_utf8_and_the_terminal_gets_no_escapes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    bad = os.fsdecode(b"bad\xff\x1b[31m.txt")
    (raw / bad).write_text(DIRTY, encoding="utf-8")
    (raw / os.fsdecode(b"e\x1b[2J.txt")).write_bytes(b"\x00\x01binary")
    result = run_jingwen("clean", raw, "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"e\\x1b[2J.txt" in result.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    names = sorted(os.fsencode(Path(f["path"]).name) for f in report["files"])
    assert names == [b"bad\xff\x1b[31m.txt", b"e\x1b[2J.txt"]
    assert (tmp_path / "out" / bad).read_text(encoding="utf-8") == CLEAN


def test_unreadable_last_subfolder_is_an_error(tmp_path):
    raw = tmp_path / "raw"
    (raw / "zz").mkdir(parents=True)
    (raw / "a.txt").write_text(DIRTY, encoding="utf-8")
    (raw / "zz" / "q.txt").write_text(DIRTY, encoding="utf-8")
    os.chmod(raw / "zz", 0)
    try:
        result = run_jingwen_obeying_file_modes("clean", raw, "-o", tmp_path / "out")
    finally:
        os.chmod(raw / "zz", 0o755)
    assert result.returncode == 2
    errors = [line for line in result.stderr.decode().splitlines() if "zz" in line]
    assert len(errors) == 1 and "ermission denied" in errors[0]
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN


# --- 7, 13. large files: bounded memory whatever the number of edits, idempotent across segments -------

def _many_edits_file(path: Path, mib: int) -> int:
    """Lines each needing an edit (ASCII comma between Han characters), blank lines now and
    then, residue lines and title-like lines printed twice; returns the number of edited lines."""
    import random

    rng = random.Random(19)
    lines = 0
    with open(path, "w", encoding="utf-8") as f:
        while f.tell() < mib * 2**20:
            for _ in range(1000):
                n = rng.randrange(10_000)
                f.write(f"第{n}条规定的内容, 自发布之日起施行。\n")
                lines += 1
                roll = rng.random()
                if roll < 0.3:
                    f.write("\n")
                elif roll < 0.32:
                    f.write("点击查看更多>>\n")
                elif roll < 0.34:
                    f.write("第二节　管理办法\n\n第二节　管理办法\n")
    return lines


def test_large_file_with_an_edit_on_every_line_reports_in_bounded_memory_and_cleans_idempotently(tmp_path):
    source = tmp_path / "edits.txt"
    edited = _many_edits_file(source, 34)
    command = [*jingwen_command(), "clean", str(source), "-o", str(tmp_path / "once"),
               "--report", str(tmp_path / "r.json")]
    result, peak = peak_rss_mib(command)
    assert result.returncode == 0, result.stderr
    assert peak < 300, f"peak RSS {peak} MiB"
    entry = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]
    assert entry["edits_by_rule"]["norm.punct-width"] == edited
    assert len(entry["edits"]) == 1000 and entry["edits_omitted"] == sum(entry["edits_by_rule"].values()) - 1000
    first = entry["edits"][0]
    assert (first["rule"], first["line"], first["after"]) == ("norm.punct-width", 1, first["before"].replace(",", "，"))
    assert entry["removed_by_rule"]["generic.read-more-link"] > 0
    assert sum(entry["removed_by_rule"].values()) == len(entry["removed"]) + entry["removed_omitted"]
    once = tmp_path / "once" / "edits.txt"
    assert once.stat().st_size > 32 * 2**20  # the second run is segmented too
    again = run_jingwen("clean", once, "-o", tmp_path / "twice", "--report", tmp_path / "r2.json")
    assert again.returncode == 0, again.stderr
    second = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))["files"][0]
    assert second["removed"] == [] and second["edits"] == []
    assert (tmp_path / "twice" / "edits.txt").read_bytes() == once.read_bytes()


def test_large_correct_file_passes_byte_identical_across_segments(tmp_path):
    paragraph = "第一章　总则\n\n为规范档案管理，提高工作效率，结合本单位实际，制定本办法。\n本办法适用于各部门。\n\n\n"
    text = paragraph * (33 * 2**20 // len(paragraph.encode()) + 1)
    (tmp_path / "ok.txt").write_text(text.rstrip("\n") + "\n", encoding="utf-8")  # one line end at the end
    result = run_jingwen("clean", tmp_path / "ok.txt", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "ok.txt").read_bytes() == (tmp_path / "ok.txt").read_bytes()


# --- 13. decoding: UTF-16 without a byte-order mark, NUL bytes anywhere, XHTML internal subsets -------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_decoded(tmp_path, encoding):
    (tmp_path / "u.txt").write_bytes(DIRTY.replace("\n", "\r\n").encode(encoding))
    result = run_jingwen("clean", tmp_path / "u.txt", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "u.txt").read_bytes() == CLEAN.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize("size_mib", [1, 33])
def test_a_nul_byte_past_the_first_64_kib_is_refused_not_dropped(tmp_path, size_mib):
    body = "本办法自发布之日起施行。\n" * (size_mib * 2**20 // 37 + 1)
    (tmp_path / "n.txt").write_bytes(body.encode("utf-8") + b"x\x00y\n")
    result = run_jingwen("clean", tmp_path / "n.txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "NUL" in result.stderr.decode() and "n.txt" in result.stderr.decode()
    assert not (tmp_path / "out" / "n.txt").exists()


def test_xhtml_internal_dtd_subset_does_not_leak_into_the_text(tmp_path):
    (tmp_path / "a.xhtml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd" [\n'
        ' <!ENTITY ch "章">\n <!ATTLIST p class CDATA "body">\n]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>第一段正文。</p><p>第二段正文。</p></body></html>\n',
        encoding="utf-8")
    result = run_jingwen("clean", tmp_path / "a.xhtml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == "第一段正文。\n第二段正文。\n"


# --- 10. HTML size and depth limits ----------------------------------------------------------------------

def test_oversized_and_too_deep_html_are_refused_with_a_clear_limit(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with open(raw / "huge.html", "wb") as f:
        f.truncate(65 * 2**20)  # sparse: the size alone decides
    (raw / "deep.html").write_text("<div>" * 100_000 + "正文" + "</div>" * 100_000, encoding="utf-8")
    (raw / "good.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", raw, "-o", tmp_path / "out")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "internal error" not in stderr and "Traceback" not in stderr
    huge = [line for line in stderr.splitlines() if "huge.html" in line]
    deep = [line for line in stderr.splitlines() if "deep.html" in line]
    assert len(huge) == 1 and "limit 64 MiB" in huge[0]
    assert len(deep) == 1 and "limit" in deep[0] and "deep" in deep[0]
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == CLEAN


# --- 6. workers die with their parent ------------------------------------------------------------------

def _descendants_after_killing_the_parent_alone(command: list[str], rng, grace: float = 5) -> tuple[list, float]:
    """Start ``command``, wait for its workers, SIGKILL the parent alone (not its group) at a
    random moment, and return the descendants still running ``grace`` seconds later."""
    import signal
    import time

    import psutil

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    while process.poll() is None and not parent.children() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 1.5))
    try:
        family = parent.children(recursive=True)
        os.kill(process.pid, signal.SIGKILL)
    except (psutil.NoSuchProcess, ProcessLookupError):  # it finished first
        family = []
    process.wait()

    def running():
        alive = []
        for p in family:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        return alive

    start = time.monotonic()
    while running() and time.monotonic() - start < grace:
        time.sleep(0.05)
    left = running()
    for p in left:  # leave nothing behind for the next test, whatever the outcome
        p.kill()
    return left, len(family)


@pytest.mark.parametrize("mode", ["text", "in-place"])
def test_killing_the_parent_alone_leaves_no_workers_and_loses_nothing(tmp_path, mode):
    import random

    rng = random.Random(19)
    raw = tmp_path / "raw"
    raw.mkdir()
    line = "查看更多\n会议通知第{}号\n定于周五召开全体会议, 请准时参加。\n"
    texts = {f"d{n:03}.txt": line.format(n) * 40 for n in range(300)}
    for name, text in texts.items():
        (raw / name).write_text(text, encoding="utf-8")
    reference = tmp_path / "reference"
    assert run_jingwen("clean", raw, "-o", reference, "-j", "1").returncode == 0
    expected = {name: (reference / name).read_bytes() for name in texts}
    target = ["--in-place"] if mode == "in-place" else ["-o", str(tmp_path / "out")]
    command = [*jingwen_command(), "clean", str(raw), *target, "-j", "2"]
    workers_seen = 0
    for _ in range(20):
        if mode == "in-place":
            for name, text in texts.items():
                (raw / name).write_text(text, encoding="utf-8")
        left, seen = _descendants_after_killing_the_parent_alone(command, rng)
        workers_seen += seen
        assert left == [], f"{len(left)} workers outlived their parent"
        folder = raw if mode == "in-place" else tmp_path / "out"
        for path in folder.glob("*.txt"):  # every file is whole: the input as it was, or cleaned
            assert path.read_bytes() in (expected[path.name], texts[path.name].encode("utf-8")), path.name
    assert workers_seen > 0  # the kills did catch running workers
    rerun = run_jingwen("clean", raw, *target, "-j", "2")
    assert rerun.returncode == 0, rerun.stderr
    folder = raw if mode == "in-place" else tmp_path / "out"
    assert {p.name: p.read_bytes() for p in folder.glob("*.txt")} == expected
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temporaries left


@pytest.mark.parametrize("engine", [pytest.param(["-j", "2"], id="pool"),
                                    pytest.param(["--dask", "local:2"], id="dask")])
def test_killing_the_parent_alone_in_corpus_mode_leaves_no_workers(tmp_path, engine):
    import random

    from corpus_samples import make_records, write_corpus

    rng = random.Random(19)
    src = write_corpus(tmp_path / "raw" / "big.jsonl", make_records(3000, seed=19))
    reference = tmp_path / "reference"
    assert run_jingwen("clean", src, "-o", reference, "-j", "1").returncode == 0
    out = tmp_path / "out"
    command = [*jingwen_command(), "clean", str(src), "-o", str(out), *engine, "--shard-size", "8K"]
    workers_seen = 0
    for _ in range(20 if engine[0] == "-j" else 5):
        # forked Dask workers too die with the command (the kernel's parent-death signal), not
        # seconds later by the heartbeat to a scheduler that is gone
        left, seen = _descendants_after_killing_the_parent_alone(command, rng)
        workers_seen += seen
        assert left == [], f"{len(left)} workers outlived their parent: {left}"
        if (out / "big.jsonl").exists():  # a run finished before the kill: start the next afresh
            assert (out / "big.jsonl").read_bytes() == (reference / "big.jsonl").read_bytes()
            shutil.rmtree(out)
    assert workers_seen > 0
    rerun = run_jingwen("clean", src, "-o", out, *engine, "--shard-size", "8K")
    assert rerun.returncode == 0, rerun.stderr
    assert (out / "big.jsonl").read_bytes() == (reference / "big.jsonl").read_bytes()


# --- 9. DOCX holding far more XML or paragraphs than a document ----------------------------------------

def _docx_with_body(path: Path, body_xml: str) -> None:
    import io
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("正文第一段。")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = source.read("word/document.xml").decode("utf-8")
    xml = xml.replace("<w:sectPr", body_xml + "<w:sectPr", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else source.read(info.filename))


def test_docx_with_too_much_xml_or_too_many_paragraphs_is_refused_with_a_limit(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _docx_with_body(raw / "xml.docx", "<w:p/>" * (65 * 2**20 // 6))  # 65 MiB of XML, a few hundred KB zipped
    _docx_with_body(raw / "paragraphs.docx", "<w:p><w:r><w:t>正文</w:t></w:r></w:p>" * 300_001)
    (raw / "good.txt").write_text(DIRTY, encoding="utf-8")
    assert (raw / "xml.docx").stat().st_size < 2 * 2**20
    result = run_jingwen("clean", raw, "-o", tmp_path / "out")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    for name, words in (("xml.docx", "MiB of XML"), ("paragraphs.docx", "paragraphs")):
        lines = [line for line in stderr.splitlines() if name in line]
        assert len(lines) == 1 and words in lines[0] and "limit" in lines[0], stderr
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == CLEAN


def test_docx_paragraph_text_equals_python_docx(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from jingwen.cleaner.readers.docx import _paragraph_text

    document = docx.Document()
    paragraph = document.add_paragraph("第一\t段")
    paragraph.add_run("换\n行").add_break(WD_BREAK.PAGE)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.append(parse_xml(f'<w:hyperlink {w}><w:r><w:t>链接</w:t></w:r>'
                                  '<w:r><w:noBreakHyphen/><w:cr/><w:ptab/></w:r></w:hyperlink>'))
    paragraph._p.append(parse_xml(f'<w:ins {w}><w:r><w:t>修订</w:t></w:r></w:ins>'))
    paragraph.add_run("尾")
    document.add_paragraph("")
    for p in document.paragraphs:
        assert _paragraph_text(p) == p.text
    assert _paragraph_text(document.paragraphs[0]) == "第一\t段换\n行链接-\n\t尾"


# --- 12. the web API: malformed JSON, disconnects, concurrent and slow uploads, SIGTERM ----------------

def _post(url: str, body: bytes, timeout: float = 60) -> int:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method="POST", headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


MALFORMED = {
    "/api/clean": [b'{"text": ' + b"[" * 30_000 + b"]" * 30_000 + b"}", b'{"text": "\\ud800 lone"}',
                   b'{"text": ["a list"]}', b'{"text": "x", "text_name": ["a list"]}',
                   b'{"text": "x", "options": {"convert": ["s2t"]}}', b'{"text": "x", "options": ["list"]}',
                   b'{"text": 1' + b"0" * 5000 + b"}", b'{"text": "x", "uploads": [["nested"]]}',
                   b'{"text": "x", "' + b"\\udc80" + b'": 1}', b"[1, 2]", b"\xff\xfe", b""],
    "/api/exports": [b'{"format": ["pdf"], "result": "x"}', b'{"format": "pdf", "style": {"a": 1}}',
                     b'{"format": "pdf", "paper": [1]}', b'{"format": "pdf", "result": ["x"]}',
                     b'{"format": 1' + b"0" * 5000 + b"}", b'{"format": "\\ud800"}'],
}


def test_web_api_answers_malformed_json_with_400_and_disconnects_without_tracebacks(tmp_path):
    import socket

    from test_web_serve import Server

    server = Server(tmp_path)
    try:
        for path, bodies in MALFORMED.items():
            for body in bodies:
                status = _post(server.url.rstrip("/") + path, body)
                assert 400 <= status < 500, (path, body[:60], status)
        host, port = server.url.split("//")[1].strip("/").split(":")
        for _ in range(3):  # clients that go away in the middle of an upload
            with socket.create_connection((host, int(port))) as sock:
                sock.sendall(f"POST /api/uploads?name=a.txt HTTP/1.1\r\nHost: {host}:{port}\r\n"
                             "Content-Length: 1000000\r\n\r\n".encode() + b"x" * 10_000)
        assert server.get("/api/options")[0] == 200
    finally:
        code = server.stop()
    stderr = server.stderr_path.read_text(encoding="utf-8", errors="replace")
    assert code == 0 and "Traceback" not in stderr, stderr
    assert not server.folder.exists()


def _serve_in_thread(app, http="auto"):
    """``app`` on a free loopback port with uvicorn in a thread (real HTTP), with the connection
    protocol ``http``: (url, stop)."""
    import threading
    import time

    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="on", http=http)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]

    def stop():
        server.should_exit = True
        thread.join(30)

    return f"http://127.0.0.1:{port}", stop


def test_concurrent_and_slow_uploads_keep_the_working_folder_under_its_cap(tmp_path):
    import http.client
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from jingwen.web.app import Limits, create_app
    from jingwen.web.store import Workspace

    cap = 8 * 2**20
    workspace = Workspace.create(str(tmp_path), max_upload_bytes=cap)
    url, stop = _serve_in_thread(create_app(workspace, limits=Limits(idle_seconds=2)))
    port = int(url.rsplit(":", 1)[1])
    peak, done = [0], threading.Event()

    def watch():  # the folder's size, measured while no upload can evict or reserve (a consistent snapshot)
        while not done.is_set():
            size = 0
            with workspace._lock:
                for entry in os.scandir(workspace.root / "uploads"):
                    try:
                        size += entry.stat().st_size
                    except FileNotFoundError:  # removed between the listing and its stat
                        pass
            peak[0] = max(peak[0], size)
            time.sleep(0.005)

    def upload(n: int) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        body = 256 * 1024
        connection.putrequest("POST", f"/api/uploads?name=u{n}.txt")
        connection.putheader("Content-Length", str(body))
        connection.endheaders()
        try:
            for _ in range(8):
                connection.send(b"x" * (body // 8))
                time.sleep(0.01)
            return connection.getresponse().status
        except (ConnectionError, http.client.HTTPException):  # answered early (429) and closed
            return connection.getresponse().status if connection.sock else 429
        finally:
            connection.close()

    def slow(n: int) -> int:  # sends a little, then nothing: answered 408, not held for ever
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.putrequest("POST", f"/api/uploads?name=slow{n}.txt")
        connection.putheader("Content-Length", "100000")
        connection.endheaders()
        connection.send(b"x" * 1000)
        status = connection.getresponse().status
        connection.close()
        return status

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(64) as pool:
            slow_statuses = [pool.submit(slow, n) for n in range(5)]
            statuses = list(pool.map(upload, range(200)))
            slow_statuses = [f.result() for f in slow_statuses]
    finally:
        done.set()
        watcher.join()
        stop()
    assert all(s < 500 for s in statuses), sorted(set(statuses))
    assert statuses.count(201) >= 32 and set(statuses) <= {201, 429}, sorted(set(statuses))
    assert slow_statuses == [408] * 5
    assert peak[0] <= cap, f"{peak[0]} bytes in the uploads folder (cap {cap})"
    assert workspace.stored_bytes() <= cap
    workspace.close()


def test_serve_exits_promptly_on_sigterm_while_cleaning_a_large_upload(tmp_path):
    import threading
    import time

    from test_web_serve import Server

    body = "".join(f"第{n}条规定的内容, 自发布之日起施行。\n" for n in range(360_000)).encode("utf-8")
    assert len(body) < 20 * 2**20  # the page's limit for one file
    server = Server(tmp_path)
    try:
        import json as json_module
        import urllib.request

        request = urllib.request.Request(server.url + "api/uploads?name=big.txt", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=120) as response:
            upload_id = json_module.loads(response.read())["id"]
        cleaning = threading.Thread(target=_post, args=(server.url + "api/clean",
                                                         json_module.dumps({"uploads": [upload_id]}).encode(), 300),
                                    daemon=True)
        cleaning.start()
        time.sleep(2)  # cleaning 19 MB with an edit on every line takes far longer than this
        assert cleaning.is_alive()
        server.process.send_signal(15)
        start = time.monotonic()
        code = server.process.wait(timeout=120)
        waited = time.monotonic() - start
    finally:
        if server.process.poll() is None:
            server.process.kill()
        server.process.stdout.close()
    assert code == 0, server.stderr_path.read_text()
    assert waited < 20, f"{waited:.1f} s from SIGTERM to exit"  # minutes before: Python joined the busy thread
    assert not server.folder.exists()


def _dribble_headers(host: str, port: int, limit: float) -> tuple[bool, int]:
    """Send a request line and then one header byte a second; whether the server closed the
    connection before ``limit`` seconds, and how many bytes it took."""
    import socket
    import time

    sent = 0
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")
        start = time.monotonic()
        while time.monotonic() - start < limit:
            try:
                sock.sendall(b"X")
                sent += 1
                sock.settimeout(1.0)
                if sock.recv(1024) == b"":
                    return True, sent
            except TimeoutError:
                continue
            except OSError:  # reset or broken pipe: closed by the server
                return True, sent
    return False, sent


def test_a_client_dribbling_its_headers_is_cut_off(tmp_path):
    """Item 12: a client sending its headers a byte a second cannot hold a connection for ever
    (uvicorn has no header deadline of its own; jingwen.web.protocol adds one)."""
    import urllib.request

    from jingwen.web.app import create_app
    from jingwen.web.protocol import HeaderDeadlineProtocol
    from jingwen.web.store import Workspace

    class Quick(HeaderDeadlineProtocol):
        header_seconds = 2.0

    workspace = Workspace.create(str(tmp_path))
    url, stop = _serve_in_thread(create_app(workspace), http=Quick)
    try:
        closed, sent = _dribble_headers("127.0.0.1", int(url.rsplit(":", 1)[1]), limit=120)
        assert closed, f"still open after {sent} header bytes"
        with urllib.request.urlopen(url + "/", timeout=60) as response:  # a normal request: answered
            assert response.status == 200
    finally:
        stop()
        workspace.close()


def test_serve_uses_the_header_deadline(tmp_path):
    """``jingwen serve`` runs the connection protocol with the deadline (30 s)."""
    import subprocess
    import sys

    code = ("import sys, uvicorn\n"
            "seen = []\n"
            "class Stop(Exception): pass\n"
            "def run(self, sockets=None):\n"
            "    seen.append(self.config.http)\n"
            "    raise Stop\n"
            "uvicorn.Server.run = run\n"
            "from jingwen.cli import main\n"
            "try:\n"
            "    main(['serve', '--port', '0'])\n"
            "except Stop:\n"
            "    pass\n"
            "print(seen[0].__name__, seen[0].header_seconds)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.stdout.split()[-2:] == ["HeaderDeadlineProtocol", "30.0"], done.stdout + done.stderr
