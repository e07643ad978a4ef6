"""``STEPS``: every normalization step in the order the stage runs them, from ``norm.mojibake``
to ``norm.hard-wrap``."""
from __future__ import annotations

from jingwen.cleaner.normalize.circled import circled_document, circled_numbers
from jingwen.cleaner.normalize.curly_quotes import quotes
from jingwen.cleaner.normalize.degrees import degree_signs
from jingwen.cleaner.normalize.ellipsis_dash import dash, ellipsis
from jingwen.cleaner.normalize.fullwidth import fullwidth_alnum
from jingwen.cleaner.normalize.invisible import strip_invisible
from jingwen.cleaner.normalize.line_edges import (
    strip_indent,
    strip_indent_markdown,
    strip_trailing,
    strip_trailing_markdown,
)
from jingwen.cleaner.normalize.mojibake_repair import mojibake_document, repair_mojibake
from jingwen.cleaner.normalize.punct_width import punct_width
from jingwen.cleaner.normalize.spacing import cjk_latin_spacing, cjk_spaces, heading_space
from jingwen.cleaner.normalize.step import Step
from jingwen.cleaner.normalize.wrap import unwrap, unwrap_document

STEPS: list[Step] = [
    Step("norm.mojibake", "repair Chinese mis-decoded as GBK/Big5/Latin-1 (鍙戝竷 → 发布)",
         repair_mojibake, document=mojibake_document),
    Step("norm.invisible", "remove zero-width characters, BOM, soft hyphens and control characters; NFC",
         strip_invisible, masked=False, once=True),
    Step("norm.fullwidth-alnum", "full-width letters and digits to ASCII (ＡＢＣ１２３ → ABC123)", fullwidth_alnum,
         once=True),
    Step("norm.indent", "remove leading indentation (spaces, 　); exporters indent paragraphs; aligned items keep it",
         strip_indent, markdown_fix=strip_indent_markdown, masked=False, once=True),
    Step("norm.trailing-space", "remove trailing spaces and ideographic spaces",
         strip_trailing, markdown_fix=strip_trailing_markdown, masked=False, once=True),
    Step("norm.quotes", "straight quotes in Chinese context to paired “” ‘’", quotes),
    Step("norm.punct-width", ", : ; ? ! ( ) ~ in Chinese context to ，：；？！（）～; ASCII kept in 9:00, 3:1, "
         "3,256.8, a:b=2:3, (1, 2), (02) 2311, (终稿).docx, :-), references, command lines, JSON", punct_width),
    Step("norm.ellipsis", "...... / ... / 。。。 in Chinese text to …… (Taiwan's ⋯⋯ kept)", ellipsis),
    Step("norm.dash", "-- next to Chinese text to ——", dash),
    Step("norm.degree", "°C after a number in Chinese text to ℃ (°F to ℉)", degree_signs),
    Step("norm.heading-space", "the space after 第X章/节/条 at a line start to the ideographic space", heading_space),
    Step("norm.space-cjk", "remove scrape spaces between Chinese characters and around Chinese punctuation, join "
         "letter-spaced headings (会 议 纪 要); spaces between list items and fields stay (作者：张三 李四)",
         cjk_spaces),
    Step("norm.space-cjk-latin", "a space between Chinese and Latin letters or digits (--space)",
         cjk_latin_spacing, option="space"),
    Step("norm.circled-numbers", "a folded list 1请… 2会场… (NFKC of ①②) back to ①②③", circled_numbers,
         document=circled_document),
    Step("norm.hard-wrap", "join lines of hard-wrapped paragraphs (PDF copies), no space between Chinese",
         unwrap, document=unwrap_document),
]
STEP_IDS = [s.id for s in STEPS]
