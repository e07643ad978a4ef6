"""Temporaries a killed run left next to its outputs: removed when the output is written again,
with one folder listing per process and folder (a folder of N outputs must not cost N²)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import run_jingwen

from jingwen.batch import files
from jingwen.batch.files import TMP_SUFFIX, atomic_write


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_rerun_removes_what_a_killed_run_left_and_keeps_a_live_writer(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    for n in range(3):
        (tmp_path / "raw" / f"doc{n}.txt").write_text("查看更多\n正文第一段。\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    dead = out / f".doc1.txt.{_dead_pid()}.abc_12{TMP_SUFFIX}"
    live = out / f".doc2.txt.{os.getpid()}.xyz{TMP_SUFFIX}"  # this test process: alive
    other = out / f".notes.txt.{_dead_pid()}.q1{TMP_SUFFIX}"  # for a file this run does not write
    for path in (dead, live, other):
        path.write_bytes(b"half a file")
    result = run_jingwen("clean", tmp_path / "raw", "-o", out)
    assert result.returncode == 0, result.stderr
    assert [(out / f"doc{n}.txt").read_text(encoding="utf-8") for n in range(3)] == ["正文第一段。\n"] * 3
    assert not dead.exists()
    assert live.exists() and other.exists()


def test_one_listing_per_folder(tmp_path: Path, monkeypatch):
    listed: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path):
        listed.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", counting_scandir)
    monkeypatch.setattr(files, "_stale_found", {})
    stale = tmp_path / f".doc7.txt.{_dead_pid()}.k{TMP_SUFFIX}"
    stale.write_bytes(b"")
    for n in range(50):
        atomic_write(tmp_path / f"doc{n}.txt", b"x")
    assert listed == [str(tmp_path)]
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"doc{n}.txt" for n in range(50))
