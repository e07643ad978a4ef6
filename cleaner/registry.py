"""Every rule and step id jingwen can log, with its description: the one list that
``jingwen rules``, ``--select``/``--ignore``, the report and the web page read.

>>> ids = {entry.id: entry for entry in all_ids()}
>>> ids["book118.notice"].group, ids["norm.quotes"].group, ids["struct.headings"].group
('book118', 'norm', 'struct')
>>> ids["convert.s2t"].description
'Simplified to Traditional (OpenCC standard)'
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RuleInfo:
    id: str
    description: str
    group: str  # a platform id, generic, template, norm, struct or convert


def all_ids(rule_files: Iterable[str | Path] = ()) -> list[RuleInfo]:
    """Rules of the built-in and the given rule files, then the normalization, structure and
    conversion steps, in the order they run."""
    from jingwen.cleaner.clean.template import DESCRIPTION, RULE_ID
    from jingwen.cleaner.convert import CONVERSIONS, EDIT_IDS
    from jingwen.cleaner.headings import STEPS as HEADING_STEPS
    from jingwen.cleaner.normalize.steps import STEPS as NORMALIZE_STEPS
    from jingwen.cleaner.ruleset import load_rules

    out = [RuleInfo(RULE_ID, DESCRIPTION, "template")]
    out += [RuleInfo(r.id, r.description, r.platform) for r in load_rules(rule_files).rules]
    out += [RuleInfo(s.id, s.description, "norm") for s in NORMALIZE_STEPS]
    out += [RuleInfo(s.id, s.description, "struct") for s in HEADING_STEPS]
    out += [RuleInfo(f"convert.{c.name}", c.description, "convert") for c in CONVERSIONS.values()]
    out += [RuleInfo(rule_id, description, "convert") for rule_id, description in EDIT_IDS.items()]
    return out
