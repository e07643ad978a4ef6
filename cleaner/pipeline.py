"""The stages between reader and writer, in order, switchable by settings.

``run_stages`` is the one place that knows the order: clean → normalize → structure →
convert. The command line, the pre-commit hook, corpus mode and the web page all call it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .clean import CleanOptions, clean
from .document import Document
from .platforms import RuleSet, load_rules


@dataclass(frozen=True)
class Settings:
    """Everything that decides what happens to a document (picklable, hashable)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    keep_tail: bool = False
    normalize: bool = True
    space: bool = False  # CJK-Latin spacing (off by default)
    convert: str | None = None
    force: bool = False
    quotes: str | None = None
    user_dict: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def enabled(self, step_id: str) -> bool:
        """Whether a named step (``norm.space-cjk``) is selected and not ignored."""
        from .platforms import id_matches

        if self.select and not any(id_matches(step_id, s) for s in self.select):
            return False
        return not any(id_matches(step_id, s) for s in self.ignore)


@lru_cache(maxsize=16)
def ruleset_for(settings: Settings) -> RuleSet:
    rules = load_rules(settings.rule_files)
    if settings.select or settings.ignore:
        rule_select = [s for s in settings.select if not s.startswith(("norm", "struct"))]
        if settings.select and not rule_select:
            return rules.select(["-none-"])
        rules = rules.select(rule_select, settings.ignore)
    return rules


def run_stages(doc: Document, settings: Settings) -> Document:
    """Clean, normalize, find structure and convert ``doc`` as ``settings`` say."""
    doc = clean(doc, ruleset_for(settings), CleanOptions(keep_tail=settings.keep_tail))
    if settings.normalize:
        try:
            from .normalize import normalize
        except ImportError:
            normalize = None
        if normalize is not None:
            doc = normalize(doc, settings)
    try:
        from .structure import find_structure
    except ImportError:
        find_structure = None
    if find_structure is not None:
        doc = find_structure(doc, settings)
    if settings.convert:
        from .convert import convert_document

        doc = convert_document(doc, settings)
    doc.log.sort(key=lambda c: c.line)
    return doc
