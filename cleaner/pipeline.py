"""The stages between reader and writer, in order, switchable by settings.

``run_stages`` is the one place that knows the order: clean → normalize → structure →
convert. The command line, the pre-commit hook, corpus mode and the web page all call it.
"""
from __future__ import annotations

from functools import lru_cache

from jingwen.cleaner.clean.stage import CleanOptions, clean
from jingwen.cleaner.headings import find_structure
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.normalize import STEPS, normalize
from jingwen.cleaner.readers.code_blocks import remark_code_blocks
from jingwen.cleaner.ruleset import RuleSet, load_rules
from jingwen.cleaner.settings import Settings

# Repairs that can make a line readable to the cleaning rules for the first time run before
# cleaning; typography runs after it. Joining hard-wrapped lines is the one repair that must wait
# for cleaning (it would glue notices to text), so when it joins anything, cleaning runs again.
REPAIR_STEPS = ("norm.mojibake", "norm.invisible", "norm.fullwidth-alnum", "norm.space-cjk")
# after cleaning, every step but the repairs cleaning cannot undo (a removed fragment can leave
# a scrape space behind, but never mojibake, invisible characters or full-width letters)
TYPOGRAPHY_STEPS = tuple(s.id for s in STEPS if s.id not in REPAIR_STEPS[:3])
RECLEAN_STEPS = frozenset({"norm.hard-wrap"})


@lru_cache(maxsize=16)
def ruleset_for(settings: Settings) -> RuleSet:
    rules = load_rules(settings.rule_files)
    if settings.select or settings.ignore:
        rule_select = [s for s in settings.select if not s.startswith(("norm", "struct"))]
        if settings.select and not rule_select:
            return rules.select(["-none-"])
        rules = rules.select(rule_select, settings.ignore)
    if settings.templates and settings.learns_templates():
        rules.templates = dict(settings.templates)
    return rules


def forget_rules() -> None:
    """Read rule files again on next use (the web page rewrote the user's rule file)."""
    from jingwen.cleaner.ruleset import forget_loaded

    forget_loaded()
    ruleset_for.cache_clear()


def _cleaned(doc: Document, rules: RuleSet, options: CleanOptions) -> Document:
    """``clean``, then a plain text's code and data blocks found again among the kept lines
    (when cleaning removed or changed a line: otherwise the reader's marks stand)."""
    changes = len(doc.log)
    doc = clean(doc, rules, options)
    if doc.meta.format == "txt" and len(doc.log) != changes:
        remark_code_blocks(doc)
    return doc


def run_stages(doc: Document, settings: Settings, segment: CleanOptions | None = None) -> Document:
    """Clean, normalize, find structure and convert ``doc`` as ``settings`` say (``segment``:
    where a piece of a large file sits, see ``stream.py``)."""
    if not settings.clean:
        from jingwen.cleaner.convert import convert_document

        return convert_document(doc, settings)
    options = segment or CleanOptions()
    options.keep_tail = settings.keep_tail
    rules = ruleset_for(settings)
    if settings.normalize:
        doc = normalize(doc, settings, only=REPAIR_STEPS)
    doc = _cleaned(doc, rules, options)
    if settings.normalize:
        before = len(doc.log)
        doc = normalize(doc, settings, only=TYPOGRAPHY_STEPS)
        if any(c.rule in RECLEAN_STEPS for c in doc.log[before:]):
            before = len(doc.log)
            options.tail = options.tail and doc.truncated_tail is None
            options.known_platform = doc.meta.platform or options.known_platform
            options.known_scraped = doc.meta.scraped or options.known_scraped
            doc = _cleaned(doc, rules, options)
            if any(c.action in ("remove", "edit") for c in doc.log[before:]):
                doc = normalize(doc, settings, only=TYPOGRAPHY_STEPS)
    doc = find_structure(doc, settings)
    if settings.convert or settings.quotes or settings.user_dict:
        from jingwen.cleaner.convert import convert_document

        doc = convert_document(doc, settings)
    doc.log.sort(key=lambda c: c.line)
    return doc
