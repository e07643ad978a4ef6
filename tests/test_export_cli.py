"""``jingwen export`` end to end: the installed command as a subprocess, on files."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
JINGWEN = Path(sys.executable).parent / "jingwen"


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(JINGWEN), *args], capture_output=True, cwd=cwd, input=stdin, timeout=300)


def test_readme_command_exports_every_seed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = run("export", str(SEEDS), "--to", "docx,pdf,html,epub", "-o", str(out), "--report", str(report))
    assert result.returncode == 0, result.stderr.decode()
    seeds = sorted(p.stem for p in SEEDS.iterdir() if p.suffix == ".txt")
    for stem in seeds:
        for fmt in ("docx", "pdf", "html", "epub"):
            assert (out / f"{stem}.{fmt}").stat().st_size > 500, (stem, fmt)
    entries = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert [Path(e["path"]).stem for e in entries] == seeds
    seed = next(e for e in entries if e["path"].endswith("000_2e1bb02e33a77ce7.txt"))
    assert seed["outputs"] == [str(out / f"000_2e1bb02e33a77ce7.{fmt}") for fmt in ("docx", "pdf", "html", "epub")]
    assert seed["output"] == seed["outputs"][0] and seed["platform"] == "book118" and seed["removed"]
    reader = pypdf.PdfReader(out / "000_2e1bb02e33a77ce7.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "温州发展产业集群化对策措施" in text and "原创力文档" not in text  # cleaned before export
    assert reader.metadata.title == "温州发展产业集群化对策措施"
    assert not list(out.glob(".*jingwen-tmp"))


def test_folders_are_mirrored_and_parallel_runs_match(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    shutil.copy(SEEDS / "31ppt_safety_training.txt", raw / "a" / "one.txt")
    shutil.copy(SEEDS / "mirror_traditional_reading.txt", raw / "two.txt")
    for jobs in ("1", "2"):
        result = run("export", str(raw), "--to", "html,txt", "-o", str(tmp_path / f"out{jobs}"), "-j", jobs)
        assert result.returncode == 0, result.stderr.decode()
    for name in ("a/one.html", "a/one.txt", "two.html", "two.txt"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()
    assert 'lang="zh-TW"' in (tmp_path / "out1" / "two.html").read_text(encoding="utf-8")


def test_without_o_outputs_go_next_to_the_input(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    shutil.copy(SEEDS / "360docs_meeting_notes.txt", source)
    result = run("export", str(source), "--to", "md,html")
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "notes.md").exists() and (tmp_path / "notes.html").exists()
    folder = run("export", str(tmp_path), "--to", "html")
    assert folder.returncode == 2 and b"give -o OUTDIR" in folder.stderr
    same = run("export", str(source), "--to", "txt")
    assert same.returncode == 2 and b"is the input itself" in same.stderr


def test_standard_input_to_standard_output() -> None:
    result = run("export", "-", "--to", "html", stdin="标题\n\n正文，第一段。\n".encode())
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(b"<?xml") and "正文，第一段。".encode() in result.stdout
    several = run("export", "-", "--to", "html,pdf", stdin=b"x\n")
    assert several.returncode == 2 and len(several.stderr.decode().strip().splitlines()) == 1


def test_bad_font_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font at all")
    result = run("export", str(SEEDS / "31ppt_safety_training.txt"), "--to", "pdf", "-o", str(tmp_path / "o"),
                 "--font", str(bad))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jingwen: ") and "bad.ttf" in lines[0]
    assert not (tmp_path / "o").exists()


def test_unknown_format_and_style_are_errors(tmp_path: Path) -> None:
    for args in (("--to", "rtf"), ("--to", "pdf", "--style", "nonesuch")):
        result = run("export", str(SEEDS / "31ppt_safety_training.txt"), *args, "-o", str(tmp_path))
        assert result.returncode == 2 and len(result.stderr.decode().strip().splitlines()) == 1


def test_a_bad_input_fails_alone(tmp_path: Path) -> None:
    result = run("export", str(SEEDS / "31ppt_safety_training.txt"), str(tmp_path / "absent.txt"),
                 "--to", "html", "-o", str(tmp_path / "o"))
    assert result.returncode == 2
    assert b"absent.txt" in result.stderr
    assert (tmp_path / "o" / "31ppt_safety_training.html").exists()


def test_two_inputs_with_one_output_name_conflict(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    result = run("export", str(tmp_path / "a.txt"), str(tmp_path / "a.md"), "--to", "html", "-o",
                 str(tmp_path / "o"))
    assert result.returncode == 2 and b"is also the output of" in result.stderr


def test_missing_glyphs_are_a_warning_not_an_error(tmp_path: Path) -> None:
    source = tmp_path / "emoji.txt"
    source.write_text("标题\n\n正文里有一个表情\U0001FAE8。\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = run("export", str(source), "--to", "pdf", "-o", str(tmp_path / "o"), "--report", str(report))
    assert result.returncode == 0
    assert "warning" in result.stderr.decode() and "\U0001FAE8" in result.stderr.decode()
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["missing_glyphs"] == "\U0001FAE8"


def test_a_style_file_of_ones_own(tmp_path: Path) -> None:
    style = tmp_path / "big.toml"
    style.write_text('extends = "compact"\n[body]\nsize = "小三"\n[page]\npaper = "A5"\n', encoding="utf-8")
    result = run("export", str(SEEDS / "31ppt_safety_training.txt"), "--to", "pdf,docx", "-o", str(tmp_path / "o"),
                 "--style", str(style))
    assert result.returncode == 0, result.stderr.decode()
    reader = pypdf.PdfReader(tmp_path / "o" / "31ppt_safety_training.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 420  # A5 from the style
    import docx

    document = docx.Document(tmp_path / "o" / "31ppt_safety_training.docx")
    assert document.styles["Normal"].font.size.pt == 15  # 小三


def test_help_says_where_outputs_go() -> None:
    text = run("export", "--help").stdout.decode()
    assert "next to each input" in " ".join(text.split())


def test_a_typeface_without_its_own_font_is_named_in_one_line(tmp_path: Path) -> None:
    from jingwen.exporters.fonts import plan_fonts
    from jingwen.exporters.style import load_style

    stand_ins = plan_fonts(load_style("gb9704").typefaces(), "CN", (), embed=False).stand_ins()
    if not stand_ins:
        pytest.skip("every typeface of gb9704 has its own font on this machine")
    source = tmp_path / "notice.txt"
    source.write_text("关于开展检查的通知\n\n各单位：\n\n现将有关事项通知如下。\n", encoding="utf-8")
    result = run("export", str(source), "--to", "pdf", "--style", "gb9704", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr.decode()
    lines = [line for line in result.stderr.decode().splitlines() if "standing in" in line]
    assert len(lines) == 1, result.stderr.decode()
    assert "notice.txt" in lines[0]
    for _typeface, family in stand_ins:  # e.g. "AR PL UMing CN for FangSong (仿宋)"
        assert family in lines[0]
