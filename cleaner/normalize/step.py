"""``Step``: a named, switchable normalization step (the registry of them is ``steps.STEPS``;
their English and Chinese labels are data in ``steps.toml``, read on first use).

>>> from jingwen.cleaner.normalize.steps import STEPS
>>> STEPS[5].id, STEPS[5].name_zh
('norm.quotes', '规范引号')
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jingwen.cleaner.model.document import Document

LABELS = Path(__file__).with_name("steps.toml")


@dataclass(frozen=True)
class Step:
    """A named normalization step: ``fix`` is a pure ``str -> str`` function on one line
    (``markdown_fix`` its variant for Markdown blocks). A step with ``document`` set works on
    the whole document instead (joining lines). ``option`` names a ``Settings`` flag that must be
    on (``space``); ``masked`` says whether the step must not see URLs and code spans."""

    id: str
    fix: Callable[[str], str]
    markdown_fix: Callable[[str], str] | None = None
    document: Callable[[Document, Step], set[int]] | None = None
    option: str | None = None
    masked: bool = True
    once: bool = False  # what it fixes no other step creates: one round is enough

    @property
    def description(self) -> str:
        return _labels()[self.id]["description"]

    @property
    def name_zh(self) -> str:
        """What the web page and the report show in Chinese: a short name …"""
        return _labels()[self.id]["name_zh"]

    @property
    def description_zh(self) -> str:
        """… and one sentence."""
        return _labels()[self.id]["description_zh"]

    def __call__(self, text: str) -> str:
        return self.fix(text)


@cache
def _labels() -> dict[str, dict[str, str]]:
    import tomllib  # only when a label is asked for: cleaning never loads the TOML parser for it

    with open(LABELS, "rb") as f:
        return {entry["id"]: entry for entry in tomllib.load(f)["step"]}
