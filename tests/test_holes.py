"""Issue 19: the holes found by trying to break it (data loss, processes left behind, memory,
errors). Each test drives the installed command as a subprocess (or the web server over HTTP)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import jingwen_command, run_jingwen, run_jingwen_obeying_file_modes, without_capabilities

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
