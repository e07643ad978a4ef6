"""Issue 13: correct text passes through untouched. The probe (tests/cases/probe/: lines of
correct text in many genres, a tuning part and a held-out part) must come back byte-identical
from ``jingwen clean`` and, from ``jingwen convert FILE --config CFG``, exactly as the raw OpenCC
binding converts it; its folded twin (NFKC, straight quotes) must come back for >= 99.5 % of the
folded punctuation marks; its letter-spaced headings (会 议 纪 要) must be joined. Known failures
are data (tests/cases/probe/known_failures.toml), run as strict expected failures. The same code
prints the figures: ``python bench/probe.py``.
"""
from __future__ import annotations

import importlib.util
import sys

import pytest
import tomllib
from conftest import ROOT, jingwen_command

spec = importlib.util.spec_from_file_location("bench_probe", ROOT / "bench" / "probe.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_probe"] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)

KNOWN = tomllib.loads((bench.PROBE / "known_failures.toml").read_text(encoding="utf-8"))
PARTS = {p.stem: p for p in bench.PARTS}


@pytest.fixture(scope="module")
def figures():
    cache: dict = {}

    def of(part: str):
        if part not in cache:
            cache[part] = bench.measure(PARTS[part], jingwen_command())
        return cache[part]

    return of


def test_the_probe_has_600_labelled_lines_in_its_parts():
    counts = {}
    for name, path in PARTS.items():
        lines = [line for line in bench.parse(path) if line.text]
        assert all(line.genre != "?" for line in lines), f"{name}: a line before the first @@ genre label"
        counts[name] = len(lines)
        genres = {line.genre for line in lines}
        assert {"poetry", "couplet", "name-list", "gbt7714", "json", "command", "taiwan", "hongkong", "markdown",
                "english", "table", "heading"} <= genres, name
    assert sum(counts.values()) >= 600, counts


@pytest.mark.parametrize("part", list(PARTS))
def test_clean_leaves_correct_text_alone(figures, part):
    harmed = {before: genre for genre, before, _ in figures(part).harmed_by_clean}
    known = {k["line"]: k for k in KNOWN.get("harm", []) if k["part"] == part}
    unexpected = {line: genre for line, genre in harmed.items() if line not in known}
    fixed = [line for line in known if line not in harmed]
    assert not unexpected, f"correct lines changed by jingwen clean: {unexpected}"
    assert not fixed, f"known failures that pass now (update known_failures.toml): {fixed}"


@pytest.mark.parametrize("part", list(PARTS))
def test_convert_is_exactly_opencc(figures, part):
    assert figures(part).harmed_by_convert == []


@pytest.mark.parametrize("part", list(PARTS))
def test_letter_spaced_headings_are_joined(figures, part):
    f = figures(part)
    assert f.headings >= 10
    assert f.joined == f.headings, f.not_joined


@pytest.mark.parametrize("part", list(PARTS))
def test_folded_twin_comes_back(figures, part):
    f = figures(part)
    assert f.marks >= 250
    reason = KNOWN.get("restore", {}).get(part)
    if reason:
        assert f.rate < bench.BAR, f"{part} restores {f.rate:.2%} now: drop its known failure"
        pytest.xfail(f"{f.restored}/{f.marks} ({f.rate:.2%}): {reason}")
    assert f.rate >= bench.BAR, f"{f.restored}/{f.marks}: {f.misses}"


def test_the_measurement_sees_harm_and_loss():
    """The figures are not vacuous: a harmed copy is caught, an unrestored fold is counted."""
    lines = bench.parse(PARTS["tuning"])
    f = bench.Figures("t")
    correct = "关键词：教育 改革 创新。他说：“好。”"
    bench._restored("keyword-list", correct, bench.fold(correct), f)
    assert f.marks == 4 and f.restored == 0  # ： ： “ ” (。 does not fold)
    assert bench.changed_lines(["甲 乙", "丙"], ["甲乙", "丙"]) == [0]
    assert len(lines) > 300


def test_conflicts_are_marks_whose_ascii_twin_is_correct_elsewhere(tmp_path, capsys):
    """bench/probe_conflicts.py: ``1．炮二平五`` folds to ``1.炮二平五``, which has the shape of the
    correct ``1.五花肉切成小块。`` (digit, full stop, Han): a restorer that brought the first back
    would change the second, so the miss counts as a conflict, not as a free restoration."""
    sys.path.insert(0, str(ROOT / "bench"))
    conflicts = importlib.import_module("probe_conflicts")
    part = tmp_path / "part.txt"
    part.write_text("@@ recipe\n1.五花肉切成小块。\n\n@@ chess\n1．炮二平五　马８进７\n", encoding="utf-8")
    conflicts.main([str(part), "--cmd", " ".join(jingwen_command())])
    out = capsys.readouterr().out
    assert "left unrestored 1;" in out and "in conflict with correct ASCII 1;" in out
    assert "conflict   1  ． folded to D . H" in out
