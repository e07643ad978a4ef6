"""Typography-safe normalization: each pass is a named, switchable step, in the order of ``STEPS``.

Scraped Chinese text arrives with its full-width punctuation folded to ASCII, ``......`` for
``……``, zero-width characters, full-width letters, stray spaces, hard-wrapped lines and
mojibake. Each step repairs one of these and restores, never harms: ASCII stays ASCII where it
belongs (times ``9:00-17:30``, ratios ``3:1``, numbers ``3,256.8``, versions, URLs, e-mail
addresses, English sentences, ``1.`` list numbers), and correct Chinese punctuation or the
ideographic space is never turned into ASCII.

Every step is a small pure ``str -> str`` function (its docstring shows it on Chinese) wrapped
in a ``Step`` with an id (``norm.punct-width``) that ``--select``/``--ignore`` and a block's
``ignore`` set can name. ``normalize`` runs the enabled steps on every block that stages may
change (not verbatim, not protected), masking URLs and e-mail addresses (and, in Markdown, code
spans, link targets, autolinks, HTML tags and comments) so that no step sees them, and records
each change in ``doc.log`` as an ``edit``. Every step is idempotent.

The modules: ``context`` (character classes, what stands left and right), ``masking``,
one module per step or family of steps (``invisible``, ``fullwidth``, ``line_edges``,
``curly_quotes``, ``punct_width``, ``ellipsis_dash``, ``degrees``, ``spacing``, ``circled``,
``wrap``, ``mojibake_repair``), ``steps`` (the registry) and ``runner`` (the stage).

>>> normalize_text("挑战 :首先,温州产业集群发展受到资源制约(见表1)......")
'挑战：首先，温州产业集群发展受到资源制约（见表1）……'
>>> normalize_text("签到时间为9:00-9:30,比赛按3:1的比例分组。")
'签到时间为9:00-9:30，比赛按3:1的比例分组。'
"""
from __future__ import annotations

from jingwen.cleaner.normalize.circled import circled_numbers
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
from jingwen.cleaner.normalize.masking import mask, unmask
from jingwen.cleaner.normalize.punct_width import punct_width
from jingwen.cleaner.normalize.runner import normalize, normalize_text
from jingwen.cleaner.normalize.spacing import cjk_latin_spacing, cjk_spaces, heading_space
from jingwen.cleaner.normalize.step import Step
from jingwen.cleaner.normalize.steps import STEP_IDS, STEPS
from jingwen.cleaner.normalize.wrap import display_width, join_lines, unwrap, wrap_width, wrapped_runs

__all__ = [
    "STEPS", "STEP_IDS", "Step", "normalize", "normalize_text", "mask", "unmask",
    "strip_invisible", "fullwidth_alnum", "strip_indent", "strip_indent_markdown", "strip_trailing",
    "strip_trailing_markdown", "quotes", "punct_width", "ellipsis", "dash", "degree_signs", "heading_space",
    "cjk_spaces", "cjk_latin_spacing", "circled_numbers", "unwrap", "display_width", "join_lines",
    "wrap_width", "wrapped_runs",
]
