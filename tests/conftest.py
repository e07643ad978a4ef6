"""Shared helpers: case files, the installed command, sample paths."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from hypothesis import settings

# The suite is reproducible: hypothesis draws the same examples on every run (what it finds while
# exploring is kept as an @example). To explore with fresh random examples on each run:
#     HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest tests/test_properties.py tests/test_normalize_properties.py
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_2e1bb02e33a77ce7.txt"


def load_cases(name: str) -> list[dict]:
    return tomllib.loads((CASES / name).read_text(encoding="utf-8"))["case"]


def case_params(name: str) -> list:
    """pytest params for a case file; ``expect = "fail"`` cases are strict expected failures."""
    params = []
    for case in load_cases(name):
        marks = [pytest.mark.xfail(strict=True, reason=case.get("note", "known failure"))] \
            if case.get("expect", "pass") == "fail" else []
        params.append(pytest.param(case, id=case["label"], marks=marks))
    return params


def texts_of(pieces: list[str], max_size: int):
    """A hypothesis strategy: texts made of up to ``max_size`` of ``pieces`` and any characters."""
    from hypothesis import strategies as st

    return st.lists(st.one_of(st.sampled_from(pieces), st.characters(codec="utf-8", exclude_categories=("Cs",))),
                    max_size=max_size).map("".join)


def jingwen_command() -> list[str]:
    """The installed console script next to this interpreter (the CLI as users run it)."""
    exe = Path(sys.executable).with_name("jingwen")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jingwen")
    if found:
        return [found]
    raise RuntimeError("the jingwen command is not installed: run scripts/setup.sh --test")


def without_capabilities(*caps: str) -> list[str]:
    """A command prefix that keeps root's identity but takes away the named capabilities (for
    root, setpriv's bounding set is what execve grants), so that root obeys file modes or
    ownership as anyone else does. Nothing to take away for other users. Unlike switching to
    ``nobody``, it works wherever the checkout lives (a 0700 home folder, ``mktemp -d``)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=" + ",".join(f"-{c}" for c in caps)]


def run_jingwen_obeying_file_modes(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    """The command, unable to read or write past file modes even as root."""
    prefix = without_capabilities("dac_override", "dac_read_search", "fowner")
    return subprocess.run([*prefix, *jingwen_command(), *map(str, args)], capture_output=True, timeout=timeout)


def run_jingwen(*args: str, input: bytes | None = None, cwd: Path | None = None,
                env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*jingwen_command(), *map(str, args)], input=input, cwd=cwd, env=full_env,
                          capture_output=True, timeout=timeout)


def peak_rss_mib(cmd: list, timeout: float = 1800) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``cmd`` in a fresh child and return its result and peak RSS in MiB (RUSAGE_CHILDREN is
    the maximum over children, so it is measured in a dedicated intermediate process)."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
             "sys.stderr.buffer.write(r.stderr)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
             "sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", probe, *map(str, cmd)], capture_output=True, timeout=timeout)
    return result, int(result.stdout.decode().strip().splitlines()[-1])


def pytest_configure(config):
    """Browser assertions wait as long as a loaded 2-core machine needs (Playwright's default is
    5 s: the PDF export behind a click can take longer while other jobs run)."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        return
    expect.set_options(timeout=90_000)


@pytest.fixture
def without_noto(monkeypatch: pytest.MonkeyPatch):
    """Export on this machine as if ``fonts-noto-cjk`` were not installed: the fallback faces
    (UMing, WenQuanYi Zen Hei) are chosen."""
    from jingwen.exporters import fonts

    pool = tuple(f for f in fonts.installed_faces() if not f.family.startswith(("Noto Serif CJK", "Noto Sans CJK")))
    monkeypatch.setattr(fonts, "installed_faces", lambda: pool)
    fonts._chains.cache_clear()
    fonts.latin_faces.cache_clear()
    yield
    fonts._chains.cache_clear()
    fonts.latin_faces.cache_clear()


def noto_installed() -> bool:
    """Debian's fonts-noto-cjk is here (scripts/setup.sh installs it)."""
    from jingwen.exporters.fonts import find_face

    return find_face(["Noto Serif CJK SC"]) is not None
