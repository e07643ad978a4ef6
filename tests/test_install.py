"""``pip install .`` installs one import package, ``jingwen``: PyPI's unrelated ``cleaner`` and
``exporters`` packages install, run and uninstall beside it, in either order, and neither side
touches the other's files. Needs PyPI (as the README's set-up does)."""
from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEIGHBOURS = ("cleaner==0.4.0", "exporters==0.7.0")  # PyPI packages named like the card's folders


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a command outside the checkout (whose folders would shadow what is installed)."""
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd or ROOT.parent, timeout=600)


def _pip(venv: Path, *args: str) -> None:
    done = _run(str(venv / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check", *args)
    if done.returncode != 0 and "Could not find a version" in done.stderr + done.stdout:
        pytest.skip("PyPI not reachable")
    assert done.returncode == 0, done.stderr


def _venv(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", str(venv)).returncode == 0
    site = Path(_run(str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    # jingwen's own dependencies come from the test environment, after the venv's own packages
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


def _files_intact(venv: Path, distribution: str) -> None:
    """Every file the distribution's RECORD lists is present with its recorded hash."""
    python = str(venv / "bin" / "python")
    code = (f"import importlib.metadata as m; d = m.distribution({distribution!r}); "
            "print('\\n'.join(f'{d.locate_file(f)}\\t{f.hash.value if f.hash else \"\"}' for f in d.files))")
    listing = _run(python, "-c", code)
    assert listing.returncode == 0, listing.stderr
    for line in listing.stdout.splitlines():
        path, digest = line.split("\t")
        assert Path(path).exists(), path
        if digest and not path.endswith(".pyc"):
            actual = base64.urlsafe_b64encode(hashlib.sha256(Path(path).read_bytes()).digest()).rstrip(b"=").decode()
            assert actual == digest, path


def _jingwen_works(venv: Path, tmp_path: Path) -> None:
    sample = tmp_path / "page.txt"
    sample.write_text("下载本文档\n会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
    done = _run(str(venv / "bin" / "jingwen"), "clean", str(sample), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "会议通知\n定于周五召开全体会议。\n"
    done = _run(str(venv / "bin" / "python"), "-m", "jingwen", "rules", cwd=tmp_path)
    assert done.returncode == 0 and "book118.notice" in done.stdout, done.stderr


@pytest.mark.parametrize("jingwen_first", [True, False])
def test_installs_beside_pypi_cleaner_and_exporters(tmp_path, jingwen_first):
    venv = _venv(tmp_path)
    if jingwen_first:
        _pip(venv, "install", "--no-deps", str(ROOT))
        top = _run(str(venv / "bin" / "python"), "-c", "import importlib.metadata as m; "
                   "print(sorted({f.parts[0] for f in m.distribution('jingwen').files} - {'..'}))"  # ..: bin/
                   ).stdout
        assert top.strip() == f"['jingwen', 'jingwen-{_version()}.dist-info']"
        for name in ("cleaner", "exporters"):  # nothing of ours answers to the card's folder names
            assert _run(str(venv / "bin" / "python"), "-c", f"import {name}", cwd=tmp_path).returncode != 0
        _jingwen_works(venv, tmp_path)
        _pip(venv, "install", "--no-deps", *NEIGHBOURS)
    else:
        _pip(venv, "install", "--no-deps", *NEIGHBOURS)
        _pip(venv, "install", "--no-deps", str(ROOT))
    _jingwen_works(venv, tmp_path)
    _files_intact(venv, "cleaner")
    _files_intact(venv, "exporters")
    _files_intact(venv, "jingwen")
    if jingwen_first:
        _pip(venv, "uninstall", "-y", "cleaner", "exporters")
        _jingwen_works(venv, tmp_path)
        _files_intact(venv, "jingwen")
    else:
        _pip(venv, "uninstall", "-y", "jingwen")
        _files_intact(venv, "cleaner")
        _files_intact(venv, "exporters")


def _version() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from jingwen.version import VERSION
    finally:
        sys.path.remove(str(ROOT))
    return VERSION
