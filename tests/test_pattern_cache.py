"""The on-disk pattern cache (cleaner/patterns.py) changes speed only: a warm, a damaged and a
stale cache give the answers a cold one does."""
from __future__ import annotations

import marshal
import os
import subprocess
import sys

import pytest
from jingwen.cleaner import patterns


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """patterns' cache state reset and pointed at an empty folder; restored afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("JINGWEN_NO_CACHE", raising=False)
    monkeypatch.setattr(patterns, "_entries", {})
    monkeypatch.setattr(patterns, "_used", set())
    monkeypatch.setattr(patterns, "_loaded", False)
    monkeypatch.setattr(patterns, "_dirty", False)
    return patterns.cache_file()


def _reload(monkeypatch) -> None:
    monkeypatch.setattr(patterns, "_entries", {})
    monkeypatch.setattr(patterns, "_loaded", False)


def test_a_fact_saved_under_other_code_is_not_read(fresh_cache, monkeypatch):
    key = f"{0}:查看更多"
    here = f"literals@{patterns.code_fingerprint()}"
    fresh_cache.parent.mkdir(parents=True)
    fresh_cache.write_bytes(marshal.dumps({("literals@00000000", key): ["旧答案"]}))
    assert patterns.required_literals("查看更多") == ("查看更多",)
    # and the key is what decides: the same wrong answer under this code's fingerprint is read
    _reload(monkeypatch)
    fresh_cache.write_bytes(marshal.dumps({(here, key): ["旧答案"]}))
    assert patterns.required_literals("查看更多") == ("旧答案",)


def test_a_damaged_cache_file_is_ignored(fresh_cache):
    fresh_cache.parent.mkdir(parents=True)
    fresh_cache.write_bytes(b"\x00not marshal data")
    assert patterns.compile_pattern(r"第\d+页").fullmatch("第12页")
    assert patterns.max_width(r"第\d{1,3}页") == 5


def test_a_warm_cache_compiles_the_same_patterns(tmp_path):
    """Two processes, the second reading what the first saved: same matches, file written once."""
    probe = (
        "from jingwen.cleaner.patterns import compile_pattern, required_literals\n"
        "import re\n"
        "p = compile_pattern(r'(?P<n>\\d+)\\s*(?:页|頁)', re.IGNORECASE)\n"
        "m = p.search('本文档共 12 页')\n"
        "print(m.group('n'), p.groupindex['n'], required_literals(r'(?:阅读|浏览)\\s*\\d+'))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("JINGWEN_NO_CACHE", None)
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    files = list((tmp_path / "jingwen").glob("patterns-*.marshal"))
    assert len(files) == 1
    saved = marshal.loads(files[0].read_bytes())
    assert any(isinstance(k[0], str) and k[0].startswith("literals@") for k in saved)
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert cold.stdout == warm.stdout == "12 1 ('浏览', '阅读')\n"
