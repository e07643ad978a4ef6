"""The parts of an official document (公文, GB/T 9704-2012) recognised from its text, so that a
style with ``official = true`` lays them out as the standard says:

* 发文字号 (``doc-number``, 某政办发〔2024〕12号) right after the title: centred;
* 主送机关 (``addressee``): the line right after the title (and the 发文字号) that ends with ：,
  set flush left;
* 附件说明 (``attachment``): ``附件：1.…`` with the further items (``2.…``) as a list aligned
  under the first item's text, never as headings;
* 署名 (``signature``) and 成文日期 (``date``): the date right-aligned four characters in from
  the right margin, the issuing authority centred over it;
* 版记 (7.4), the last lines: 抄送 (``cc``, ``抄送：…。``) and the 印发 line (``issued``,
  ``某某市人民政府办公室　2024年3月15日印发``: 印发机关 one character in from the left, 印发日期
  one in from the right), between a thick rule above and a thick rule on the bottom edge of the
  text area, a thin rule between them (``issued_parts`` splits the line).

Each role needs positive evidence; anything else stays a paragraph.

>>> texts = ["关于开展安全生产大检查的通知", "各区县人民政府，市政府各部门：", "现将有关事项通知如下。",
...          "附件：1.安全生产大检查工作方案", "2.安全生产大检查情况统计表", "某某市人民政府办公室",
...          "2024年3月15日", "抄送：市委办公室。", "某某市人民政府办公室 2024年3月15日印发"]
>>> official_roles(texts, title_index=0)
[None, 'addressee', None, 'attachment', 'attachment-item', 'signature', 'date', 'cc', 'issued']
"""
from __future__ import annotations

import re
from collections.abc import Sequence

_NUMERAL = "0-9〇一二三四五六七八九十零"
DATE = re.compile(rf"^[{_NUMERAL}]{{4}}年[{_NUMERAL}]{{1,2}}月[{_NUMERAL}]{{1,3}}日$")
DOC_NUMBER = re.compile(r"^\S{1,20}〔\d{4}〕\d+号$")  # 发文字号: 某政办发〔2024〕12号
ATTACHMENT = re.compile(r"^附\s*件[：:]")
ATTACHMENT_ITEM = re.compile(r"^\d{1,2}[.．、]\S")
CC = re.compile(r"^抄送[：:]")
ISSUED = re.compile(r"^(?P<org>\S.{0,40}?)?[\s　]*(?P<date>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\s*印发)$")
COLOPHON = ("cc", "issued")
SENTENCE_END = re.compile(r"[。！？；]$")


def official_roles(texts: Sequence[str], title_index: int | None = None) -> list[str | None]:
    """The role of each paragraph (see the module docstring), ``None`` for ordinary text."""
    roles: list[str | None] = [None] * len(texts)
    start = 0 if title_index is None else title_index + 1
    # 主送机关: the first line after the title (and a 发文字号) that ends with a colon
    at = start
    while at < len(texts) and DOC_NUMBER.match(texts[at]):
        roles[at] = "doc-number"
        at += 1
    if at < len(texts) and texts[at].endswith(("：", ":")) and len(texts[at]) <= 80 and "。" not in texts[at]:
        roles[at] = "addressee"
    # 附件说明 and its list
    for i, text in enumerate(texts):
        if ATTACHMENT.match(text):
            roles[i] = "attachment"
            j = i + 1
            while j < len(texts) and ATTACHMENT_ITEM.match(texts[j]) and len(texts[j]) <= 60 \
                    and not SENTENCE_END.search(texts[j]):
                roles[j] = "attachment-item"
                j += 1
        elif i >= len(texts) - 3 and CC.search(text):  # 版记 closes the document
            roles[i] = "cc"
        elif i >= len(texts) - 3 and ISSUED.match(text):
            roles[i] = "issued"
    # 成文日期 and the 署名 above it: the last date line of the document
    for i in range(len(texts) - 1, start - 1, -1):
        if DATE.match(texts[i].replace(" ", "")):
            roles[i] = "date"
            before = i - 1
            if before >= start and roles[before] is None and len(texts[before]) <= 30 \
                    and not SENTENCE_END.search(texts[before]) and not texts[before].endswith(("：", ":")):
                roles[before] = "signature"
            break
    return roles


def issued_parts(text: str) -> tuple[str, str]:
    """The 印发机关 and the 印发日期 of a 印发 line.

    >>> issued_parts("某某市人民政府办公室　　2024年3月15日印发")
    ('某某市人民政府办公室', '2024年3月15日印发')
    """
    match = ISSUED.match(text)
    if match is None:
        return "", text
    return (match.group("org") or "").strip(), match.group("date")
