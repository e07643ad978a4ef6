"""`jingwen clean`, `detect` and `rules` as users run them: the installed command, as a
subprocess, on files (DESIGN.md §3 and §4 are the contract)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import SEED, SEEDS, run_jingwen

DIRTY = "查看更多\n会议通知\n会议通知\n定于周五召开全体会议。\n文档评论(0)\n"
CLEAN = "会议通知\n定于周五召开全体会议。\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "raw" / "sub").mkdir(parents=True)
    (tmp_path / "raw" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "raw" / "sub" / "b.md").write_text("# 标题\n\n下载本文档\n\n正文。\n", encoding="utf-8")
    (tmp_path / "raw" / "sub" / "c.html").write_text("<p>查看更多</p><p>网页正文。</p>", encoding="utf-8")
    (tmp_path / "raw" / "ignored.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


def test_single_file_goes_to_stdout(tree):
    result = run_jingwen("clean", tree / "raw" / "a.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == CLEAN
    assert (tree / "raw" / "a.txt").read_text(encoding="utf-8") == DIRTY  # input untouched


def test_stdin_to_stdout():
    result = run_jingwen("clean", "-", input=DIRTY.encode())
    assert result.returncode == 0
    assert result.stdout.decode() == CLEAN


def test_output_dir_mirrors_folders_and_keeps_text_suffixes(tree):
    result = run_jingwen("clean", tree / "raw", "-o", tree / "out")
    assert result.returncode == 0, result.stderr
    assert (tree / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tree / "out" / "sub" / "b.md").read_text(encoding="utf-8") == "# 标题\n\n正文。\n"
    assert (tree / "out" / "sub" / "c.txt").read_text(encoding="utf-8") == "网页正文。\n"
    assert not (tree / "out" / "ignored.pdf").exists() and not (tree / "out" / "ignored.txt").exists()
    leftovers = [p for p in (tree / "out").rglob("*") if "jingwen-tmp" in p.name]
    assert leftovers == []


def test_report_follows_the_contract(tree):
    report = tree / "report.json"
    result = run_jingwen("clean", tree / "raw", "-o", tree / "out", "--report", report)
    assert result.returncode == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["tool"] == "jingwen" and data["version"]
    by_path = {Path(f["path"]).name: f for f in data["files"]}
    a = by_path["a.txt"]
    assert a["status"] == "changed" and a["error"] is None
    assert a["output"] == str(tree / "out" / "a.txt")
    assert [(r["rule"], r["line"], r["text"]) for r in a["removed"]] == [
        ("generic.read-more", 1, "查看更多"), ("generic.duplicate-title", 3, "会议通知"),
        ("generic.comments", 5, "文档评论(0)")]
    assert a["script"] == "hans" and a["chars_in"] > a["chars_out"] > 0
    assert set(a) >= {"path", "output", "status", "error", "platform", "script", "removed",
                      "truncated_tail", "chars_in", "chars_out"}
    assert data["summary"] == {**data["summary"], "files": 3, "changed": 3, "unchanged": 0, "errors": 0,
                               "lines_removed": 5}


def test_check_exits_1_and_writes_nothing(tree):
    before = {p: p.read_bytes() for p in (tree / "raw").rglob("*") if p.is_file()}
    result = run_jingwen("clean", tree / "raw", "--check")
    assert result.returncode == 1
    assert b"would clean" in result.stderr
    assert before == {p: p.read_bytes() for p in (tree / "raw").rglob("*") if p.is_file()}


def test_check_on_clean_text_exits_0(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    assert run_jingwen("clean", tmp_path / "clean.txt", "--check").returncode == 0


def test_diff_prints_unified_diff_and_writes_nothing(tree):
    result = run_jingwen("clean", tree / "raw" / "a.txt", "--diff")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "-查看更多" in out and "-文档评论(0)" in out and "@@" in out
    assert (tree / "raw" / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_in_place_rewrites_and_keeps_permissions(tree):
    target = tree / "raw" / "a.txt"
    os.chmod(target, 0o640)
    result = run_jingwen("clean", target, "--in-place")
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == CLEAN
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert run_jingwen("clean", target, "--check").returncode == 0  # idempotent


def test_bad_input_is_one_line_and_the_batch_goes_on(tree):
    (tree / "raw" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    result = run_jingwen("clean", tree / "raw", "-o", tree / "out")
    assert result.returncode == 2
    errors = [line for line in result.stderr.decode().splitlines() if "broken.txt" in line]
    assert len(errors) == 1 and "binary" in errors[0]
    assert "Traceback" not in result.stderr.decode()
    assert (tree / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert not (tree / "out" / "broken.txt").exists()


def test_missing_file_is_reported_and_others_processed(tree):
    result = run_jingwen("clean", tree / "raw" / "a.txt", tree / "nope.txt", "-o", tree / "out")
    assert result.returncode == 2
    assert "nope.txt" in result.stderr.decode()
    assert (tree / "out" / "a.txt").exists()


def test_output_over_input_is_refused(tree):
    result = run_jingwen("clean", tree / "raw" / "a.txt", "-o", tree / "raw")
    assert result.returncode == 2
    assert "input" in result.stderr.decode()
    assert (tree / "raw" / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_output_folder_inside_input_tree_is_not_reprocessed(tree):
    out = tree / "raw" / "cleaned"
    first = run_jingwen("clean", tree / "raw", "-o", out)
    assert first.returncode == 0
    second = run_jingwen("clean", tree / "raw", "-o", out, "--report", tree / "r.json")
    assert second.returncode == 0
    paths = [f["path"] for f in json.loads((tree / "r.json").read_text(encoding="utf-8"))["files"]]
    assert not any("cleaned" in p for p in paths)


def test_several_inputs_without_destination_is_a_usage_error(tree):
    result = run_jingwen("clean", tree / "raw")
    assert result.returncode == 2
    assert b"-o OUTDIR" in result.stderr


def test_select_and_ignore_by_id_and_prefix(tree):
    kept = run_jingwen("clean", tree / "raw" / "a.txt", "--ignore", "generic.comments", "--no-normalize")
    assert "文档评论(0)" in kept.stdout.decode() and "查看更多" not in kept.stdout.decode()
    only = run_jingwen("clean", tree / "raw" / "a.txt", "--select", "generic.read-more", "--no-normalize")
    assert only.stdout.decode() == DIRTY.replace("查看更多\n", "")


def test_user_rule_file(tree):
    rules = tree / "mine.toml"
    rules.write_text('[platform]\nid = "mine"\n\n[[rules]]\nid = "mine.footer"\n'
                     'description = "footer"\nlines = [\'定于周五.*\']\n', encoding="utf-8")
    result = run_jingwen("clean", tree / "raw" / "a.txt", "--rules", rules, "--keep-tail")
    assert result.returncode == 0, result.stderr
    assert "定于周五" not in result.stdout.decode()
    broken = tree / "broken.toml"
    broken.write_text("[platform\n", encoding="utf-8")
    result = run_jingwen("clean", tree / "raw" / "a.txt", "--rules", broken)
    assert result.returncode == 2 and b"broken.toml" in result.stderr and b"Traceback" not in result.stderr


def test_jobs_give_identical_outputs(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    for n in range(12):
        (raw / f"copy{n}.txt").write_bytes(SEED.read_bytes())
    one = run_jingwen("clean", raw, "-o", tmp_path / "j1", "-j", "1", "--report", tmp_path / "r1.json")
    two = run_jingwen("clean", raw, "-o", tmp_path / "j2", "-j", "2", "--report", tmp_path / "r2.json")
    assert one.returncode == two.returncode == 0
    files1 = sorted(p.relative_to(tmp_path / "j1") for p in (tmp_path / "j1").rglob("*.txt"))
    files2 = sorted(p.relative_to(tmp_path / "j2") for p in (tmp_path / "j2").rglob("*.txt"))
    assert files1 == files2 and files1
    for rel in files1:
        assert (tmp_path / "j1" / rel).read_bytes() == (tmp_path / "j2" / rel).read_bytes()
    r1 = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    r2 = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    strip = lambda r: [{k: v for k, v in f.items() if k != "output"} for f in r["files"]]  # noqa: E731
    assert strip(r1) == strip(r2)


def test_detect_prints_json_lines(tree):
    result = run_jingwen("detect", SEED, tree / "raw" / "a.txt")
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert lines[0]["platform"] == "book118" and lines[0]["script"] == "hans" and lines[0]["confidence"] > 0.5
    assert set(lines[1]) == {"path", "platform", "script", "confidence"}


def test_rules_lists_every_rule_with_a_description():
    result = run_jingwen("rules")
    lines = result.stdout.decode().splitlines()
    ids = [line.split()[0] for line in lines]
    assert "book118.notice" in ids and "generic.page-tag" in ids and "generic.truncated-tail" in ids
    assert all(len(line.split(None, 1)) == 2 for line in lines)
    for platform in ("doc88", "docin", "baidu", "jinchutou", "renrendoc", "360docs"):
        assert any(i.startswith(platform + ".") for i in ids), platform


def test_help_and_version():
    assert b"clean" in run_jingwen("--help").stdout
    assert run_jingwen("--version").stdout.startswith(b"jingwen ")
    result = run_jingwen("clean", "--help")
    assert b"--check" in result.stdout and b"--in-place" in result.stdout


def test_two_inputs_with_the_same_output_name(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("查看更多\n甲。\n", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("查看更多\n乙。\n", encoding="utf-8")
    result = run_jingwen("clean", tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert (tmp_path / "out" / "x.txt").read_text(encoding="utf-8") == "甲。\n"
    errors = [line for line in result.stderr.decode().splitlines() if "also the output" in line]
    assert len(errors) == 1 and str(tmp_path / "b" / "x.txt") in errors[0]
