"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself (from PyPI) in a
temporary git repository that points at this checkout."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

DIRTY = "查看更多\n会议通知\n会议通知\n定于周五召开全体会议。\n文档评论(0)\n"
CLEAN = "会议通知\n定于周五召开全体会议。\n"


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


def make_repo(tmp_path: Path, hook: str) -> Path:
    head = git("rev-parse", "HEAD", cwd=ROOT).stdout.strip()
    assert head, "the checkout must be a git repository with a commit"
    repo = tmp_path / "docs"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    git("config", "user.email", "test@example.com", cwd=repo)
    git("config", "user.name", "Test", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: {hook}\n", encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=repo)
    assert git("commit", "-qm", "config", cwd=repo).returncode == 0
    return repo


def test_fixing_hook_fails_fixes_then_passes(tmp_path, pre_commit_home):
    repo = make_repo(tmp_path, "jingwen")
    assert pre_commit("install", cwd=repo, home=pre_commit_home).returncode == 0
    (repo / "notes.txt").write_text(DIRTY, encoding="utf-8")
    (repo / "readme.md").write_text("# 说明\n\n正文。\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    first = git("commit", "-m", "add notes", cwd=repo)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert (repo / "notes.txt").read_text(encoding="utf-8") == CLEAN
    assert (repo / "readme.md").read_text(encoding="utf-8") == "# 说明\n\n正文。\n"
    git("add", ".", cwd=repo)
    second = git("commit", "-m", "add notes", cwd=repo)
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_fails_with_a_diff_and_leaves_the_file(tmp_path, pre_commit_home):
    repo = make_repo(tmp_path, "jingwen-check")
    (repo / "notes.txt").write_text(DIRTY, encoding="utf-8")
    git("add", ".", cwd=repo)
    result = pre_commit("run", "--files", "notes.txt", cwd=repo, home=pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "-查看更多" in result.stdout and "-文档评论(0)" in result.stdout
    assert (repo / "notes.txt").read_text(encoding="utf-8") == DIRTY
    (repo / "notes.txt").write_text(CLEAN, encoding="utf-8")
    assert pre_commit("run", "--files", "notes.txt", cwd=repo, home=pre_commit_home).returncode == 0
