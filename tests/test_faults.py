"""Bad input, faults and the promise that nothing is lost (issue: faults table), each row driven
through the installed command as a subprocess."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SEED, jingwen_command, peak_rss_mib, run_jingwen, run_jingwen_obeying_file_modes

GOOD = "查看更多\n会议通知\n定于周五召开全体会议。\n"
GOOD_CLEAN = "会议通知\n定于周五召开全体会议。\n"


def report_of(path: Path) -> dict:
    return {Path(f["path"]).name: f for f in json.loads(path.read_text(encoding="utf-8"))["files"]}


def one_line_errors(stderr: bytes, name: str) -> list[str]:
    lines = [line for line in stderr.decode().splitlines() if name in line]
    assert "Traceback" not in stderr.decode()
    return lines


def _raw_with_one_good_file(folder: Path) -> Path:
    raw = folder / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, encoding="utf-8")
    return raw


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return _raw_with_one_good_file(tmp_path)


# --- binary, empty, whitespace-only ---------------------------------------------------------

def test_binary_files_named_txt_are_one_line_errors_and_the_batch_goes_on(batch, tmp_path):
    (batch / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("a.bin", bytes(range(256)) * 10)
    (batch / "archive.txt").write_bytes(buffer.getvalue())
    result = run_jingwen("clean", batch, "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert result.returncode == 2
    for name in ("image.txt", "archive.txt"):
        errors = one_line_errors(result.stderr, name)
        assert len(errors) == 1 and "binary" in errors[0]
        assert not (tmp_path / "out" / name).exists()
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    report = report_of(tmp_path / "r.json")
    assert report["image.txt"]["status"] == "error" and "binary" in report["image.txt"]["error"]


def test_empty_and_whitespace_only_files_give_empty_output(batch, tmp_path):
    (batch / "empty.txt").write_bytes(b"")
    (batch / "blank.txt").write_bytes(b"  \n\n\t\n")
    result = run_jingwen("clean", batch, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "empty.txt").read_bytes() == b""
    assert (tmp_path / "out" / "blank.txt").read_bytes() == b""


# --- encodings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "big5", "utf-8-sig"])
def test_encodings_are_decoded_and_written_as_utf8(tmp_path, encoding):
    text = "查看更多\n會議通知\n定於週五召開全體會議。\n" if encoding == "big5" else GOOD
    (tmp_path / "in.txt").write_bytes(text.encode(encoding))
    result = run_jingwen("clean", tmp_path / "in.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == text.replace("查看更多\n", "")


def test_broken_utf8_names_the_byte_offset_and_writes_nothing(batch, tmp_path):
    good = ("正常的文字内容。" * 30).encode()
    (batch / "broken.txt").write_bytes(good + b"\xe6\x96" + "后文。\n".encode())
    result = run_jingwen("clean", batch, "-o", tmp_path / "out")
    assert result.returncode == 2
    errors = one_line_errors(result.stderr, "broken.txt")
    assert len(errors) == 1 and f"offset {len(good)}" in errors[0]
    assert not (tmp_path / "out" / "broken.txt").exists()


# --- size and memory ------------------------------------------------------------------------------

def test_ten_megabyte_single_line(tmp_path):
    line = ("产业集群是区域经济发展的重要形式" * 220_000)[: 10 * 2**20 // 3]
    (tmp_path / "line.txt").write_text("查看更多\n" + line + "\n", encoding="utf-8")
    result, peak = peak_rss_mib([*jingwen_command(), "clean", str(tmp_path / "line.txt"), "-o", str(tmp_path / "out")])
    assert result.returncode == 0, result.stderr
    out = (tmp_path / "out" / "line.txt").read_text(encoding="utf-8")
    assert out == line + "\n"
    assert peak < 300, f"peak RSS {peak} MiB"


def test_large_file_is_processed_with_bounded_memory(tmp_path):
    paragraph = ("第一章　总则\n为规范档案管理，提高工作效率，结合本单位实际，制定本办法。"
                 "本办法适用于各部门形成的文件材料。\n\n")
    size = 80 * 2**20
    with open(tmp_path / "big.txt", "w", encoding="utf-8") as f:
        f.write("下载本文档\n")
        written = 0
        while written < size:
            f.write(paragraph * 100)
            written += len(paragraph.encode()) * 100
    result, peak = peak_rss_mib([*jingwen_command(), "clean", str(tmp_path / "big.txt"), "-o", str(tmp_path / "out"),
                                 "--report", str(tmp_path / "r.json")])
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "big.txt"
    assert out.stat().st_size > size * 0.9
    with open(out, encoding="utf-8") as f:
        assert f.readline() == "第一章　总则\n"
    entry = report_of(tmp_path / "r.json")["big.txt"]
    assert [r["rule"] for r in entry["removed"]] == ["generic.download-button"]
    assert peak < 250, f"peak RSS {peak} MiB for an 80 MiB file"


# --- malformed HTML and DOCX ------------------------------------------------------------------------

def test_malformed_html(batch, tmp_path):
    (batch / "unclosed.html").write_text("<html><body><p>未闭合<div>第二段<p>第三段", encoding="utf-8")
    (batch / "script.html").write_text("<html><head><script>var a = 1;</script></head></html>", encoding="utf-8")
    (batch / "nobody.html").write_text("<p>没有body标签的正文。</p>", encoding="utf-8")
    result = run_jingwen("clean", batch, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert (tmp_path / "out" / "unclosed.txt").read_text(encoding="utf-8") == "未闭合\n第二段\n第三段\n"
    assert (tmp_path / "out" / "nobody.txt").read_text(encoding="utf-8") == "没有body标签的正文。\n"
    errors = one_line_errors(result.stderr, "script.html")
    assert len(errors) == 1 and "no readable text" in errors[0]


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("正文第一段。")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def test_broken_docx_files_are_clear_errors(batch, tmp_path):
    good = _docx_bytes()
    (batch / "truncated.docx").write_bytes(good[: len(good) // 2])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("notes.txt", "just a zip")
    (batch / "renamed.docx").write_bytes(buffer.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(good)) as src:
            for info in src.infolist():
                z.writestr(info, src.read(info))
        z.writestr("word/media/huge.bin", b"\0" * (300 * 2**20))
    (batch / "bomb.docx").write_bytes(bomb.getvalue())
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        with zipfile.ZipFile(io.BytesIO(good)) as src:
            for info in src.infolist():
                z.writestr(info, src.read(info))
        for n in range(2100):
            z.writestr(f"customXml/part{n}.xml", "<a/>")
    (batch / "parts.docx").write_bytes(many.getvalue())
    assert (batch / "bomb.docx").stat().st_size < 2 * 2**20
    result, peak = peak_rss_mib([*jingwen_command(), "clean", str(batch), "-o", str(tmp_path / "out")])
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    reasons = {name: [line for line in stderr.splitlines() if name in line] for name in
               ("truncated.docx", "renamed.docx", "bomb.docx", "parts.docx")}
    assert all(len(lines) == 1 for lines in reasons.values()), reasons
    assert "word/document.xml" in reasons["renamed.docx"][0]
    assert "limit" in reasons["bomb.docx"][0] and "limit" in reasons["parts.docx"][0]
    assert (tmp_path / "out" / "good.txt").exists()
    assert peak < 300, f"peak RSS {peak} MiB"


# --- unreadable, symlink loops, disappearing paths ------------------------------------------------------

def test_unreadable_file_is_reported_and_the_run_continues(batch, tmp_path):
    (batch / "secret.txt").write_text(GOOD, encoding="utf-8")
    os.chmod(batch / "secret.txt", 0)
    result = run_jingwen_obeying_file_modes("clean", batch, "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    errors = one_line_errors(result.stderr, "secret.txt")
    assert len(errors) == 1 and "ermission denied" in errors[0]
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == GOOD_CLEAN


def test_symlink_loops_are_skipped(batch, tmp_path):
    (batch / "sub").mkdir()
    (batch / "sub" / "back").symlink_to(batch)  # a folder loop
    (batch / "a.txt").symlink_to(batch / "b.txt")
    (batch / "b.txt").symlink_to(batch / "a.txt")  # a file loop
    result = run_jingwen("clean", batch, tmp_path / "raw" / "a.txt", "-o", tmp_path / "out", timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    assert "loop" in result.stderr.decode() or "symbolic links" in result.stderr.decode()


def test_a_path_that_disappears_mid_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(300):
        (raw / f"doc{n:03}.txt").write_text(GOOD * 20, encoding="utf-8")
    expected = run_jingwen("clean", raw / "doc000.txt").stdout.decode()
    proc = subprocess.Popen([*jingwen_command(), "clean", str(raw), "-o", str(tmp_path / "out"), "-j", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def remove_later_files():
        while not (tmp_path / "out").exists() and proc.poll() is None:
            time.sleep(0.005)
        for n in range(299, 150, -1):
            (raw / f"doc{n:03}.txt").unlink()

    remover = threading.Thread(target=remove_later_files)
    remover.start()
    _, stderr = proc.communicate(timeout=300)
    remover.join()
    assert "Traceback" not in stderr.decode()
    outputs = sorted(p.name for p in (tmp_path / "out").glob("*.txt"))
    missing = [line for line in stderr.decode().splitlines() if "No such file" in line or "no such file" in line]
    assert len(outputs) + len(missing) == 300
    assert proc.returncode == (2 if missing else 0)
    for name in outputs:
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == expected


# --- output folders that cannot take the output ---------------------------------------------------------

def test_read_only_output_folder(batch, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o555)
    result = run_jingwen_obeying_file_modes("clean", batch, "-o", out)
    assert result.returncode == 2
    errors = one_line_errors(result.stderr, "good.txt")
    assert len(errors) == 1 and ("ermission denied" in errors[0] or "Read-only" in errors[0])
    assert list(out.iterdir()) == []


def test_full_output_folder_leaves_no_partial_files(tmp_path):
    """A 64 KiB tmpfs mounted in a private mount namespace (unshare) as the output folder."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "small.txt").write_text(GOOD, encoding="utf-8")
    (raw / "large.txt").write_text("正文内容。" * 40_000, encoding="utf-8")  # ~600 KB: does not fit
    out = tmp_path / "out"
    out.mkdir()
    script = (f"mount -t tmpfs -o size=64k tmpfs {out} && "
              f"{' '.join(jingwen_command())} clean {raw} -o {out} -j 1; rc=$?; ls -A {out}; exit $rc")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, timeout=300)
    assert result.returncode == 2, result.stderr
    errors = one_line_errors(result.stderr, "large.txt")
    assert len(errors) == 1 and "No space left" in errors[0]
    listing = result.stdout.decode().split()
    assert listing == ["small.txt"], listing  # no partial large.txt, no temporary file


# --- output over input ------------------------------------------------------------------------------------

def test_output_equal_to_input_is_refused_and_in_place_keeps_permissions(batch, tmp_path):
    result = run_jingwen("clean", batch / "good.txt", "-o", batch)
    assert result.returncode == 2 and (batch / "good.txt").read_text(encoding="utf-8") == GOOD
    os.chmod(batch / "good.txt", 0o604)
    assert run_jingwen("clean", batch / "good.txt", "--in-place").returncode == 0
    assert (batch / "good.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    assert (batch / "good.txt").stat().st_mode & 0o777 == 0o604


# --- kills and concurrent runs ------------------------------------------------------------------------------

def _make_batch(raw: Path, count: int) -> str:
    raw.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(count):
        (raw / f"doc{n:03}.txt").write_text(text, encoding="utf-8")
    expected = run_jingwen("clean", SEED)
    return expected.stdout.decode()


def test_sigkill_twice_then_rerun_completes(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    expected = _make_batch(raw, 150)
    for _ in range(2):
        proc = subprocess.Popen([*jingwen_command(), "clean", str(raw), "-o", str(out), "-j", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline and len(list(out.glob("*.txt"))) < 10:
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for done in out.glob("*.txt"):  # everything at an output path is complete
            assert done.read_text(encoding="utf-8") == expected
    result = run_jingwen("clean", raw, "-o", out, "-j", "2")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"doc{n:03}.txt" for n in range(150)), [n for n in names if "jingwen-tmp" in n]
    assert all((out / n).read_text(encoding="utf-8") == expected for n in names)


def test_two_runs_writing_the_same_folder(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    expected = _make_batch(raw, 80)
    procs = [subprocess.Popen([*jingwen_command(), "clean", str(raw), "-o", str(out), "-j", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"doc{n:03}.txt" for n in range(80))
    assert all((out / n).read_text(encoding="utf-8") == expected for n in names)


# --- tracebacks ---------------------------------------------------------------------------------------------

def test_no_traceback_without_debug(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x00\x01binary")
    result = run_jingwen("clean", tmp_path / "x.txt")
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "x.txt" in result.stderr.decode()
