"""Every rule and step id jingwen can log, with its description: the one list that
``jingwen rules``, ``--select``/``--ignore``, the report and the web page read.

>>> ids = {entry.id: entry for entry in all_ids()}
>>> ids["book118.notice"].group, ids["norm.quotes"].group, ids["struct.headings"].group
('book118', 'norm', 'struct')
>>> ids["convert.s2t"].description
'Simplified to Traditional (OpenCC standard)'
>>> ids["book118.notice"].name_zh, ids["norm.quotes"].description_zh
('原创力文档须知', '把中文里的直引号改成成对的“”和‘’。')

Every entry has a Chinese name (``name_zh``, a few characters) and description
(``description_zh``, one sentence) next to the English: rule files give them as fields of each
``[[rules]]`` table, the steps as arguments of ``Step``, ``StructureStep`` and ``Conversion``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RuleInfo:
    id: str
    description: str
    group: str  # pdf (page furniture and OCR corrections, by the PDF and image readers), html (the HTML
    # reader's main-content extraction), template, a platform id, generic, norm, struct or convert
    name_zh: str = ""
    description_zh: str = ""


def all_ids(rule_files: Iterable[str | Path] = ()) -> list[RuleInfo]:
    """The page-furniture ids of the paged readers, the HTML reader's extraction id, rules of the
    built-in and the given rule files, then the normalization, structure and conversion steps,
    in the order they run."""
    from jingwen.cleaner.clean.template import DESCRIPTION, DESCRIPTION_ZH, NAME_ZH, RULE_ID
    from jingwen.cleaner.convert import CONVERSIONS, EDIT_IDS, EDIT_IDS_ZH
    from jingwen.cleaner.headings import STEPS as HEADING_STEPS
    from jingwen.cleaner.normalize.steps import STEPS as NORMALIZE_STEPS
    from jingwen.cleaner.readers.html_extract import RULES as HTML_RULES
    from jingwen.cleaner.readers.ocr import RULES as OCR_RULES
    from jingwen.cleaner.readers.page_layout import RULES as PAGE_RULES
    from jingwen.cleaner.ruleset import load_rules

    out = [RuleInfo(rule_id, labels[0], "pdf", *labels[1:])
           for rule_id, labels in (PAGE_RULES | OCR_RULES).items()]
    out += [RuleInfo(rule_id, labels[0], "html", *labels[1:]) for rule_id, labels in HTML_RULES.items()]
    out += [RuleInfo(RULE_ID, DESCRIPTION, "template", NAME_ZH, DESCRIPTION_ZH)]
    out += [RuleInfo(r.id, r.description, r.platform, r.name_zh, r.description_zh)
            for r in load_rules(rule_files).rules]
    out += [RuleInfo(s.id, s.description, "norm", s.name_zh, s.description_zh) for s in NORMALIZE_STEPS]
    out += [RuleInfo(s.id, s.description, "struct", s.name_zh, s.description_zh) for s in HEADING_STEPS]
    out += [RuleInfo(f"convert.{c.name}", c.description, "convert", c.name_zh, c.description_zh)
            for c in CONVERSIONS.values()]
    out += [RuleInfo(rule_id, description, "convert", *EDIT_IDS_ZH[rule_id])
            for rule_id, description in EDIT_IDS.items()]
    return out
