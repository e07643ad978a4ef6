"""The user's seed document (a book118 scrape), reviewed line by line."""
from __future__ import annotations

from conftest import ROOT, SEED
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers import read_path
from jingwen.cleaner.settings import Settings

EXPECTED_CLEAN_ONLY = ROOT / "tests" / "fixtures" / "seed_clean_only.txt"


def cleaned(**settings):
    return run_stages(read_path(SEED), Settings(**settings))


def test_seed_cleans_to_reviewed_text():
    assert cleaned(normalize=False).to_text() == EXPECTED_CLEAN_ONLY.read_text(encoding="utf-8")


def test_seed_removals_are_the_notices_residue_and_repeated_title():
    doc = cleaned(normalize=False)
    removed = [(c.line, c.rule) for c in doc.removed()]
    assert removed == [(n, "book118.notice") for n in range(1, 8)] + [
        (8, "generic.read-more"), (10, "generic.duplicate-title"), (22, "generic.comments")]


def test_seed_title_platform_and_tail():
    doc = cleaned()
    assert doc.meta.title == "温州发展产业集群化对策措施"
    assert doc.meta.platform == "book118"
    assert doc.meta.script == "hans"
    assert doc.truncated_tail.startswith("1994年以来")
    assert doc.truncated_tail.endswith("集中整治乐清低压电器、瑞安机械压力机")
    text = doc.to_text()
    assert text.count("温州发展产业集群化对策措施") == 1
    assert "查看更多" not in text and "文档评论" not in text and "VIP" not in text
    assert text.rstrip().endswith("一是扶上正轨。")


def test_every_seed_body_paragraph_is_kept():
    raw = SEED.read_text(encoding="utf-8").splitlines()
    body = raw[10:20]  # lines 11-20: the author's paragraphs
    text = cleaned(normalize=False).to_text()
    for paragraph in body:
        assert paragraph in text
