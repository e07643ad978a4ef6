"""Template lines learnt from the batch: lines repeated on several pages of one folder that do
not read as body (``jingwen.cleaner.learn.repeated_lines``) are removed from each page as
``template.repeated``, with the number of pages they are on.

>>> from jingwen.cleaner.model.document import Document
>>> from jingwen.cleaner.clean.page import Page
>>> page = Page.of(Document.from_lines(["XX范文网 - 范文大全", "正文。"]))
>>> remove_template_lines(page, {"XX范文网 - 范文大全": 4})
>>> page.removed, page.why
(['template.repeated', None], {0: 'on 4 pages of this batch'})
"""
from __future__ import annotations

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.model.document import VERBATIM

RULE_ID = "template.repeated"
DESCRIPTION = "Lines repeated on 3 or more pages of one folder of the batch that do not read as body (learnt per run)"
NAME_ZH = "批量模板行"
DESCRIPTION_ZH = "同一文件夹里三页以上重复出现、不像正文的网站模板行（每次运行时学得）。"


def remove_template_lines(page: Page, templates: dict[str, int]) -> None:
    for i, folded in enumerate(page.folded):
        n = templates.get(folded)
        if n and not page.removed[i] and page.blocks[i].kind != VERBATIM and page.editable(i):
            if any(RULE_ID == x or RULE_ID.startswith(x + ".") for x in page.blocks[i].ignore):
                continue
            page.remove(i, RULE_ID)
            page.why[i] = f"on {n} pages of this batch"
