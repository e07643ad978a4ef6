"""Cleaning cases and negative cases as data (tests/cases/cleaning.toml, negative.toml, and the
documents that use platform words as an author does: negative_vocab.toml, negative_vocab_holdout.toml)."""
from __future__ import annotations

import pytest
from conftest import case_params
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers.text import text_document
from jingwen.cleaner.settings import Settings

import jingwen


def clean_text(text: str, **settings) -> str:
    return jingwen.clean(text, **settings).text


def run(text: str, **settings) -> Document:
    """The text read as a plain text file is read (``text_document``), then cleaned."""
    return run_stages(text_document(text), Settings(**settings))


@pytest.mark.parametrize("case", case_params("cleaning.toml"))
def test_cleaning_case(case):
    doc = run(case["input"], normalize=False, keep_tail=case.get("keep_tail", False))
    assert doc.to_text() == case["expected"]
    if "platform" in case:
        assert doc.meta.platform == case["platform"]
    if "title" in case:
        assert doc.meta.title == case["title"]
    if "truncated_tail" in case:
        assert doc.truncated_tail == case["truncated_tail"]
    fired = {c.rule for c in doc.log}
    for rule in case.get("removed_rules", []):
        assert rule in fired


@pytest.mark.parametrize("case", case_params("cleaning.toml"))
def test_cleaning_is_idempotent(case):
    once = run(case["input"], normalize=False).to_text()
    assert run(once, normalize=False).to_text() == once


NEGATIVE = [*case_params("negative.toml"), *case_params("negative_vocab.toml"), *case_params("negative_vocab_holdout.toml")]


@pytest.mark.parametrize("case", NEGATIVE)
def test_negative_case_is_byte_identical(case):
    assert clean_text(case["input"]) == case["input"]


@pytest.mark.parametrize("case", NEGATIVE)
def test_negative_case_without_normalization(case):
    doc = run(case["input"], normalize=False)
    assert doc.to_text() == case["input"]
    assert not doc.removed()
