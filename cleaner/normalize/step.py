"""``Step``: a named, switchable normalization step (the registry of them is ``steps.STEPS``)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jingwen.cleaner.model.document import Document


@dataclass(frozen=True)
class Step:
    """A named normalization step: ``fix`` is a pure ``str -> str`` function on one line
    (``markdown_fix`` its variant for Markdown blocks). A step with ``document`` set works on
    the whole document instead (joining lines). ``option`` names a ``Settings`` flag that must be
    on (``space``); ``masked`` says whether the step must not see URLs and code spans."""

    id: str
    description: str
    fix: Callable[[str], str]
    markdown_fix: Callable[[str], str] | None = None
    document: Callable[[Document, Step], set[int]] | None = None
    option: str | None = None
    masked: bool = True
    once: bool = False  # what it fixes no other step creates: one round is enough
    name_zh: str = ""  # what the web page and the report show in Chinese: a short name …
    description_zh: str = ""  # … and one sentence

    def __call__(self, text: str) -> str:
        return self.fix(text)
