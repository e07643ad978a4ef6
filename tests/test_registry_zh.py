"""Every rule and step id has a Chinese name and a one-sentence Chinese description, as data next
to the English: the web page shows these, never the id."""
from __future__ import annotations

import json
import re
import subprocess
import sys

from jingwen.cleaner.registry import all_ids

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
# names of things that are written in Latin letters in Chinese text too
PROPER = {"OpenCC", "GBK", "Big5", "Latin", "PDF", "ICP", "HTML", "VIP", "APP", "PPT", "ID", "DOC"}


def test_every_id_has_a_chinese_name_and_description():
    entries = all_ids()
    assert len(entries) >= 100
    missing = [e.id for e in entries if not e.name_zh.strip() or not e.description_zh.strip()]
    assert missing == []
    for e in entries:
        assert len(e.name_zh) <= 20, e.id  # a name, not a sentence
        assert e.description_zh.endswith("。"), e.id  # one sentence
        assert e.id not in e.name_zh + e.description_zh
        prose = re.sub("“[^”]*”", "", e.name_zh + e.description_zh)  # examples in quotes are the text itself
        english = set(LATIN_WORD.findall(prose)) - PROPER
        assert not english, (e.id, english)


def test_names_are_distinct():
    names = [e.name_zh for e in all_ids()]
    assert len(names) == len(set(names))


def test_rules_json_carries_the_chinese():
    out = subprocess.run([sys.executable, "-m", "jingwen", "rules", "--json"], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    entries = {e["id"]: e for e in map(json.loads, out.splitlines())}
    assert entries["book118.notice"]["name_zh"] == "原创力文档须知"
    assert entries["norm.punct-width"]["description_zh"].startswith("把中文里的半角逗号")
