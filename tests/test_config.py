"""Configuration discovery and precedence, and the inline directives."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_jingwen

import jingwen


def clean_text(text: str, **settings) -> str:
    return jingwen.clean(text, **settings).text


DIRTY = "查看更多\n通知\n定于周五开会。\n文档评论（0）\n"


def config_json(cwd: Path, *args: str) -> dict:
    result = run_jingwen("config", "--json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_pyproject_found_from_a_subfolder_and_command_line_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "docs"\n\n[tool.jingwen]\nignore = ["generic.comments"]\nkeep-tail = true\n'
        '[tool.jingwen.export]\nstyle = "gb9704"\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    data = config_json(sub)
    assert data["config_file"] == str(tmp_path / "pyproject.toml")
    assert data["settings"]["ignore"] == {"value": ["generic.comments"], "source": str(tmp_path / "pyproject.toml")}
    assert data["settings"]["keep_tail"]["value"] is True
    assert data["settings"]["style"]["value"] == "gb9704"
    assert data["settings"]["select"]["source"] == "default"
    data = config_json(sub, "--ignore", "generic.read-more")
    assert data["settings"]["ignore"] == {"value": ["generic.read-more"], "source": "command line"}


def test_configuration_changes_what_clean_does(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jingwen]\nignore = ["generic.comments"]\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", "doc.txt", cwd=tmp_path)
    assert result.stdout.decode() == "通知\n定于周五开会。\n文档评论（0）\n"
    result = run_jingwen("clean", "doc.txt", "--ignore", "generic.read-more", cwd=tmp_path)
    assert result.stdout.decode() == "查看更多\n通知\n定于周五开会。\n"


def test_jingwen_toml_beats_pyproject_in_the_same_folder_and_rules_are_relative(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jingwen]\nignore = ["generic"]\n', encoding="utf-8")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "ours.toml").write_text(
        '[platform]\nid = "ours"\n[[rules]]\nid = "ours.notice"\ndescription = "our notice"\n'
        "lines = ['定于周五开会。']\n", encoding="utf-8")
    (tmp_path / "jingwen.toml").write_text('rules = ["rules/ours.toml"]\nkeep-tail = true\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", "doc.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "通知\n"


def test_unknown_key_is_a_one_line_error(tmp_path):
    (tmp_path / "jingwen.toml").write_text("ignor = []\n", encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("clean", "doc.txt", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert "jingwen.toml" in err and "ignor" in err and len(err.splitlines()) == 1


def test_directive_off_on_protects_a_region():
    text = "<!-- jingwen: off -->\n查看更多\n<!-- jingwen: on -->\n查看更多\n正文。\n"
    assert clean_text(text) == "<!-- jingwen: off -->\n查看更多\n<!-- jingwen: on -->\n正文。\n"


def test_directive_ignore_switches_one_rule_off_for_the_next_line():
    text = "jingwen: ignore generic.comments\n文档评论（0）\n文档评论（0）\n正文。\n"
    assert clean_text(text) == "jingwen: ignore generic.comments\n文档评论（0）\n正文。\n"


def test_markdown_code_and_front_matter_are_never_touched(tmp_path):
    md = ("---\ntitle: 查看更多\n---\n\n# 标题\n\n```text\n下载本文档\n文档评论（0）\n```\n\n"
          "下载本文档\n\n    查看更多\n")
    (tmp_path / "a.md").write_text(md, encoding="utf-8")
    result = run_jingwen("clean", tmp_path / "a.md")
    assert result.stdout.decode() == ("---\ntitle: 查看更多\n---\n\n# 标题\n\n"
                                      "```text\n下载本文档\n文档评论（0）\n```\n\n    查看更多\n")


def test_export_defaults_come_from_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jingwen.export]\nto = ["html", "txt"]\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = run_jingwen("export", "doc.txt", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc.html", "doc.txt"]
    result = run_jingwen("export", "doc.txt", "-o", "out2", "--to", "md", cwd=tmp_path)
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == ["doc.md"]
