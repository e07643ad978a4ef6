r"""Template lines learnt from the batch: lines repeated on several pages of one folder that do
not read as body (``jingwen.cleaner.learn.repeated_lines``: patterns, numbers generalised) are
removed from each page as ``template.repeated``, with the number of pages they are on.

>>> from jingwen.cleaner.model.document import Document
>>> from jingwen.cleaner.clean.page import Page
>>> page = Page.of(Document.from_lines(["XX范文网 - 浏览:12次", "正文。"]))
>>> remove_template_lines(page, {r"xx范文网\ \-\ 浏览:\d+次": 4})
>>> page.removed, page.why
(['template.repeated', None], {0: 'on 4 pages of this batch'})
"""
from __future__ import annotations

import re
from functools import lru_cache

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.model.document import VERBATIM

RULE_ID = "template.repeated"
DESCRIPTION = "Lines repeated on 3 or more pages of one folder of the batch that do not read as body (learnt per run)"
NAME_ZH = "批量模板行"
DESCRIPTION_ZH = "同一文件夹里三页以上重复出现、不像正文的网站模板行（每次运行时学得）。"


@lru_cache(maxsize=64)
def _compiled(templates: tuple[tuple[str, int], ...]) -> list[tuple[re.Pattern, int]]:
    return [(re.compile(pattern, re.IGNORECASE), n) for pattern, n in templates]


def remove_template_lines(page: Page, templates: dict[str, int]) -> None:
    """Remove the lines a learnt pattern (``jingwen.cleaner.learn.repeated_lines``) matches whole."""
    patterns = _compiled(tuple(templates.items()))
    for i, folded in enumerate(page.folded):
        n = next((n for pattern, n in patterns if pattern.fullmatch(folded)), 0)
        if n and not page.removed[i] and page.blocks[i].kind != VERBATIM and page.editable(i):
            if any(RULE_ID == x or RULE_ID.startswith(x + ".") for x in page.blocks[i].ignore):
                continue
            page.remove(i, RULE_ID)
            page.why[i] = f"on {n} pages of this batch"
