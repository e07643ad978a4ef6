"""Plain names and bilingual messages of the web page, read from ``labels.toml``.

>>> message("too-many", limit=20, count=25)["zh"]
'一次最多处理 20 个文件（现在有 25 个）'
>>> explain("photo.png", "binary data, not text (NUL or control bytes)")["en"]
'this is a binary file (an image, an archive…), not text, a web page or a Word document'
>>> human_size(10 * 2**20), human_size(1536), human_size(12)
('10 MB', '1.5 KB', '12 B')
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import tomllib

LABELS = Path(__file__).with_name("labels.toml")
LANGUAGES = ("zh", "en")


@cache
def labels() -> dict:
    with open(LABELS, "rb") as f:
        return tomllib.load(f)


def message(code: str, **params: object) -> dict[str, str]:
    """``{"code", "zh", "en"}``: one message in both languages, ``params`` filled in."""
    texts = labels()["messages"][code]
    out = {"code": code}
    for lang in LANGUAGES:
        filled = {k: v[lang] if isinstance(v, dict) else v for k, v in params.items()}
        out[lang] = texts[lang].format(**filled)
    return out


def conversion_label(name: str) -> dict[str, str]:
    """A conversion's name in both languages: the Chinese is data next to the conversion.

    >>> conversion_label("jp2t")["zh"]
    '日文新字体→繁体（旧字体）'
    """
    from jingwen.cleaner.convert import CONVERSIONS

    return {"zh": CONVERSIONS[name].name_zh, "en": labels()["conversions"][name]["en"]}


def explain(name: str, reason: str) -> dict[str, str]:
    """What a reader's reason (``binary data, not text``) means for ``name``, in both languages."""
    lower = name.lower()
    for entry in labels()["reasons"]:
        if any(lower.endswith(s) for s in entry.get("suffix", ())) or any(m in reason for m in entry.get("match", ())):
            return {lang: entry[lang] for lang in LANGUAGES}
    return {lang: reason for lang in LANGUAGES}


def human_size(n: int) -> str:
    """Bytes as people read them (binary units, written KB/MB as most software does)."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{n} B"
