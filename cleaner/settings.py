"""What a run is asked to do: the ``Settings`` every stage reads, and how rule ids are named.

>>> s = Settings(ignore=("norm.quotes", "book118"))
>>> s.enabled("norm.quotes"), s.enabled("norm.punct-width"), s.enabled("book118.notice")
(False, True, False)
"""
from __future__ import annotations

from collections import namedtuple


def id_matches(rule_id: str, pattern: str) -> bool:
    """``book118`` names ``book118.notice``; ``generic.page-tag`` names itself.

    >>> id_matches("book118.notice", "book118"), id_matches("book118x.notice", "book118")
    (True, False)
    """
    pattern = pattern.strip().rstrip(".")
    return rule_id == pattern or rule_id.startswith(pattern + ".")


# each setting and its default
SETTING_DEFAULTS = {
    "select": (),  # rule/step ids or prefixes
    "ignore": (),
    "rule_files": (),
    "keep_tail": False,
    "normalize": True,
    "space": False,  # CJK-Latin spacing (off by default)
    "convert": None,  # an OpenCC configuration
    "force": False,
    "quotes": None,
    "user_dict": None,
    "clean": True,  # False: conversion only, no cleaning stages (jingwen convert --no-clean)
    "templates": (),  # template lines learnt from the batch: (pattern, pages)
}


class Settings(namedtuple("Settings", SETTING_DEFAULTS, defaults=SETTING_DEFAULTS.values())):
    """Everything that decides what happens to a document (picklable, hashable; a copy with
    changes is ``settings._replace(force=True)``). A named tuple, not a frozen dataclass: this
    module loads with every command, and a dataclass costs ten times as much to define."""

    __slots__ = ()

    @classmethod
    def of(cls, **settings: object) -> Settings:
        """Settings from keyword arguments, lists accepted where tuples are expected.

        >>> Settings.of(ignore=["norm.quotes"], keep_tail=True).ignore
        ('norm.quotes',)
        """
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in settings.items()})

    def enabled(self, step_id: str) -> bool:
        """Whether a named step (``norm.space-cjk``) is selected and not ignored."""
        if self.select and not any(id_matches(step_id, s) for s in self.select):
            return False
        return not any(id_matches(step_id, s) for s in self.ignore)

    def learns_templates(self) -> bool:
        """Whether template lines are learnt from a batch (``template.repeated``): on unless
        ignored, and under ``--select`` when it names ``template`` or ``generic``.

        >>> Settings().learns_templates(), Settings(select=("generic",)).learns_templates()
        (True, True)
        >>> Settings(select=("book118",)).learns_templates(), Settings(ignore=("template",)).learns_templates()
        (False, False)
        """
        rule = "template.repeated"
        if any(id_matches(rule, s) for s in self.ignore):
            return False
        return not self.select or any(id_matches(rule, s) or s.strip().rstrip(".") == "generic" for s in self.select)
