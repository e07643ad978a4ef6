"""``STEPS``: every normalization step in the order the stage runs them, from ``norm.mojibake``
to ``norm.hard-wrap``."""
from __future__ import annotations

from jingwen.cleaner.normalize.circled import circled_document, circled_numbers
from jingwen.cleaner.normalize.curly_quotes import quotes
from jingwen.cleaner.normalize.degrees import degree_signs
from jingwen.cleaner.normalize.ellipsis_dash import dash, ellipsis
from jingwen.cleaner.normalize.fullwidth import FULLWIDTH_QUICK, fullwidth_alnum
from jingwen.cleaner.normalize.invisible import QUICK as INVISIBLE_QUICK
from jingwen.cleaner.normalize.invisible import strip_invisible
from jingwen.cleaner.normalize.line_edges import (
    strip_indent,
    strip_indent_markdown,
    strip_trailing,
    strip_trailing_markdown,
)
from jingwen.cleaner.normalize.mojibake_repair import mojibake_document, repair_mojibake
from jingwen.cleaner.normalize.punct_width import punct_width
from jingwen.cleaner.normalize.spacing import SPACE_QUICK, cjk_latin_spacing, cjk_spaces, heading_space
from jingwen.cleaner.normalize.step import Step
from jingwen.cleaner.normalize.wrap import unwrap, unwrap_document

STEPS: list[Step] = [  # their labels (English and Chinese) are data: steps.toml
    Step("norm.mojibake", repair_mojibake, document=mojibake_document),
    Step("norm.invisible", strip_invisible, masked=False, once=True, quick=INVISIBLE_QUICK),
    Step("norm.fullwidth-alnum", fullwidth_alnum, once=True, quick=FULLWIDTH_QUICK),
    Step("norm.indent", strip_indent, markdown_fix=strip_indent_markdown, masked=False, once=True),
    Step("norm.trailing-space", strip_trailing, markdown_fix=strip_trailing_markdown, masked=False, once=True),
    Step("norm.quotes", quotes),
    Step("norm.punct-width", punct_width),
    Step("norm.ellipsis", ellipsis),
    Step("norm.dash", dash),
    Step("norm.degree", degree_signs),
    Step("norm.heading-space", heading_space),
    Step("norm.space-cjk", cjk_spaces, quick=SPACE_QUICK),
    Step("norm.space-cjk-latin", cjk_latin_spacing, option="space"),
    Step("norm.circled-numbers", circled_numbers, document=circled_document),
    Step("norm.hard-wrap", unwrap, document=unwrap_document),
]
STEP_IDS = [s.id for s in STEPS]
