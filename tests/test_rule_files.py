"""The built-in rule files are well formed: every pattern compiles, ids are unique and
prefixed by their platform, every rule says what it removes."""
from __future__ import annotations

import re

import pytest
from jingwen.cleaner.ruleset import builtin_rule_files, load_rule_file, load_rules


@pytest.mark.parametrize("path", builtin_rule_files(), ids=lambda p: p.name)
def test_rule_file_compiles_and_describes_its_rules(path):
    platform, rules = load_rule_file(path, validate=True)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", platform.id)
    for rule in rules:
        assert rule.id.startswith(platform.id + ".")
        assert len(rule.description) >= 10, rule.id
        assert rule.lines or rule.fragments or rule.sections or rule.builtin, rule.id
    if platform.id != "generic":
        assert platform.signatures or platform.template, platform.id


def test_rule_ids_are_unique_across_files():
    ids = [r.id for r in load_rules().rules]
    assert len(ids) == len(set(ids))
