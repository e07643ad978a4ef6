"""`jingwen convert`, `clean --convert`, `detect` and `--version` as users run them: the installed
command, as a subprocess, on files (DESIGN.md §3, issue 4)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_jingwen

SIMPLIFIED = "软件说明\n\n他说：“打开‘设置’菜单，检查内存。”\n"
TAIWAN = "軟體說明\n\n他說：“開啟‘設定’選單，檢查記憶體。”\n"
TAIWAN_CORNER = "軟體說明\n\n他說：「開啟『設定』選單，檢查記憶體。」\n"
TRADITIONAL = "台灣的週末很熱鬧。\n"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "simp.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "in" / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    return tmp_path


def out(result) -> str:
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


@pytest.mark.parametrize("args", [["--config", "s2twp"], ["--config", "s2twp.json"], ["--to", "taiwan"]])
def test_convert_a_file_to_standard_output(files, args):
    assert out(run_jingwen("convert", files / "in" / "simp.txt", *args)) == TAIWAN


def test_quotes_corner(files):
    result = run_jingwen("convert", files / "in" / "simp.txt", "--config", "s2twp", "--quotes", "corner")
    assert out(result) == TAIWAN_CORNER


def test_clean_with_convert_goes_back_to_simplified(files):
    (files / "tw.txt").write_text(TAIWAN_CORNER, encoding="utf-8")
    result = run_jingwen("clean", files / "tw.txt", "--convert", "tw2sp", "--quotes", "curly")
    assert out(result) == SIMPLIFIED


def test_clean_convert_t2s(files):
    assert out(run_jingwen("clean", files / "in" / "trad.txt", "--convert", "t2s")) == "台湾的周末很热闹。\n"


def test_text_already_converted_is_refused_per_file_when_cleaning_and_the_batch_goes_on(files):
    report = files / "report.json"
    result = run_jingwen("convert", files / "in", "--config", "s2t", "--clean", "-o", files / "out",
                         "--report", report)
    assert result.returncode == 2
    errors = [line for line in result.stderr.decode().splitlines() if "already" in line]
    assert len(errors) == 1 and errors[0].startswith("jingwen: ")
    assert str(files / "in" / "trad.txt") in errors[0] and "already Traditional Chinese" in errors[0]
    assert "--force" in errors[0]
    assert (files / "out" / "simp.txt").read_text(encoding="utf-8").startswith("軟件說明")
    assert not (files / "out" / "trad.txt").exists()
    entries = {Path(f["path"]).name: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    assert entries["trad.txt"]["status"] == "error" and "already Traditional" in entries["trad.txt"]["error"]
    simp = entries["simp.txt"]
    assert simp["status"] == "changed" and simp["script"] == "hant"
    assert {e["rule"] for e in simp["edits"]} == {"convert.s2t"}


def test_convert_alone_converts_every_file_as_opencc_does_and_reports_each_changed_line(files):
    report = files / "report.json"
    result = run_jingwen("convert", files / "in", "--config", "s2t", "-o", files / "out", "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    assert (files / "out" / "trad.txt").read_text(encoding="utf-8") == "臺灣的週末很熱鬧。\n"  # OpenCC's own answer
    entries = {Path(f["path"]).name: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    simp = entries["simp.txt"]
    assert simp["status"] == "changed" and simp["script"] == "hant" and simp["language"] == "zh-Hant"
    assert [(e["rule"], e["line"]) for e in simp["edits"]] == [("convert.s2t", 1), ("convert.s2t", 3)]
    assert simp["edits"][0] == {"rule": "convert.s2t", "line": 1, "before": "软件说明", "after": "軟件說明"}


def test_force_converts_anyway(files):
    result = run_jingwen("convert", files / "in" / "trad.txt", "--config", "s2t", "--force")
    assert out(result) == "臺灣的週末很熱鬧。\n"


def test_unknown_configuration_fails_before_any_work(files):
    result = run_jingwen("convert", files / "in", "--config", "s2x", "-o", files / "out")
    assert result.returncode == 2
    message = result.stderr.decode().strip()
    assert message.count("\n") == 0 and "unknown conversion 's2x'" in message and "t2jp" in message
    assert not (files / "out").exists()


def test_convert_needs_a_configuration(files):
    result = run_jingwen("convert", files / "in" / "simp.txt")
    assert result.returncode == 2 and b"--config" in result.stderr


def test_bad_dictionary_is_one_line_naming_file_and_line(files):
    bad = files / "bad.dict"
    bad.write_text("# 词典\n鼠标\t滑鼠\n内存 記憶體\n", encoding="utf-8")
    result = run_jingwen("convert", files / "in" / "simp.txt", "--config", "s2t", "--dict", bad)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"jingwen: {bad}:3: expected source<TAB>target, got '内存 記憶體'"


def test_user_dictionary_wins(files):
    mine = files / "mine.dict"
    mine.write_text("软件\t軟件\n内存\t内存\n", encoding="utf-8")
    result = run_jingwen("convert", files / "in" / "simp.txt", "--config", "s2twp", "--dict", mine)
    assert out(result) == "軟件說明\n\n他說：“開啟‘設定’選單，檢查内存。”\n"


def test_convert_converts_only_and_clean_is_asked_for(files):
    text = "查看更多\n第一章　总则\n关键词：教育 改革 创新\n"
    (files / "page.txt").write_text(text, encoding="utf-8")
    only = "查看更多\n第一章　總則\n關鍵詞：教育 改革 創新\n"
    assert out(run_jingwen("convert", files / "page.txt", "--config", "s2t")) == only
    assert out(run_jingwen("convert", files / "page.txt", "--config", "s2t", "--no-clean")) == only  # old flag
    cleaned = out(run_jingwen("convert", files / "page.txt", "--config", "s2t", "--clean"))
    assert cleaned.startswith("第一章　總則\n")
    assert out(run_jingwen("clean", files / "page.txt", "--convert", "s2t")) == cleaned


RAW_LINES = ("import sys, opencc\n"
             "data = open(sys.argv[1], 'rb').read().decode('utf-8')\n"
             "sys.stdout.buffer.write(opencc.OpenCC(sys.argv[2]).convert(data).encode('utf-8'))\n")


@pytest.mark.parametrize("name, data", [
    ("spaces", "汉字 ；  后面的空格\t保留 ， 。\n  缩进的行\n行尾空格   \n".encode()),
    ("crlf-bom", "\ufeff软件\r\n\r\n内存\r\n".encode()),
    ("mixed-endings-no-final-newline", "第一行\r\n第二行\n第三行\r第四行".encode()),
    ("folded-marks", '他说:"发展(试行)..." a:b=2:3 ⋯⋯ 会 议 纪 要'.encode()),
])
def test_convert_alone_is_byte_identical_to_the_raw_binding(files, name, data):
    path = files / f"{name}.txt"
    path.write_bytes(data)
    for config in ("s2t", "s2twp", "t2s"):
        mine = run_jingwen("convert", path, "--config", config)
        assert mine.returncode == 0, mine.stderr.decode()
        raw = subprocess.run([sys.executable, "-c", RAW_LINES, str(path), config], capture_output=True, check=True)
        assert mine.stdout == raw.stdout


def test_convert_alone_refuses_binary_and_broken_files_and_goes_on(files):
    (files / "in" / "zip.txt").write_bytes(b"PK\x03\x04\x00\x00\x00binary")
    result = run_jingwen("convert", files / "in", "--config", "s2t", "-o", files / "out")
    assert result.returncode == 2
    assert "zip.txt" in result.stderr.decode() and "binary" in result.stderr.decode()
    assert not (files / "out" / "zip.txt").exists()
    assert (files / "out" / "simp.txt").read_text(encoding="utf-8").startswith("軟件說明")


def test_convert_alone_reads_gb18030_and_writes_utf8(files):
    (files / "gbk.txt").write_bytes("软件说明，内存不足。\n".encode("gb18030"))
    assert out(run_jingwen("convert", files / "gbk.txt", "--config", "s2t")) == "軟件說明，內存不足。\n"


def test_convert_in_place_rewrites_only_the_file(files):
    path = files / "in" / "simp.txt"
    result = run_jingwen("convert", path, "--config", "s2twp", "--in-place")
    assert result.returncode == 0, result.stderr.decode()
    assert path.read_text(encoding="utf-8") == TAIWAN


def test_stdin_to_stdout():
    result = run_jingwen("convert", "-", "--config", "s2hk", input=SIMPLIFIED.encode())
    assert out(result).startswith("軟件説明\n")  # Hong Kong standard: 説


def test_workers_give_the_same_bytes(files, tmp_path):
    for i in range(6):
        (files / "in" / f"more{i}.txt").write_text(SIMPLIFIED * (i + 1), encoding="utf-8")
    (files / "in" / "trad.txt").unlink()
    one = run_jingwen("convert", files / "in", "--config", "s2twp", "-o", tmp_path / "j1", "-j", "1")
    two = run_jingwen("convert", files / "in", "--config", "s2twp", "-o", tmp_path / "j2", "-j", "2")
    assert one.returncode == two.returncode == 0
    names = sorted(p.name for p in (tmp_path / "j1").iterdir())
    assert len(names) == 7
    for name in names:
        assert (tmp_path / "j1" / name).read_bytes() == (tmp_path / "j2" / name).read_bytes()


def test_detect_reports_the_script(files):
    result = run_jingwen("detect", files / "in" / "simp.txt", files / "in" / "trad.txt")
    scripts = [json.loads(line)["script"] for line in out(result).splitlines()]
    assert scripts == ["hans", "hant"]


def test_version_names_the_backend():
    assert "conversion backend: opencc 1." in out(run_jingwen("--version"))
