"""``Step``: a named, switchable normalization step (the registry of them is ``steps.STEPS``;
their English and Chinese labels are data in ``steps.toml``, read on first use).

>>> from jingwen.cleaner.normalize.steps import STEPS
>>> STEPS[5].id, STEPS[5].name_zh
('norm.quotes', '规范引号')
"""
from __future__ import annotations

from collections import namedtuple
from functools import cache
from pathlib import Path

LABELS = Path(__file__).with_name("steps.toml")


class Step(namedtuple("Step", "id fix markdown_fix document option masked once quick",
                      defaults=(None, None, None, True, False, None))):
    """A named normalization step: ``fix`` is a pure ``str -> str`` function on one line
    (``markdown_fix`` its variant for Markdown blocks). A step with ``document(doc, step)`` set
    works on the whole document instead (joining lines). ``option`` names a ``Settings`` flag that
    must be on (``space``); ``masked`` says whether the step must not see URLs and code spans;
    ``once``: what it fixes no other step creates, one round is enough; ``quick``: a regular
    expression (source) that finds something in every line the step changes, so a phase of such
    steps visits only the lines one of them finds, in one scan of the text. A named tuple (a copy
    with changes is ``step._replace(fix=...)``): cheaper to define than a frozen dataclass."""

    __slots__ = ()

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
