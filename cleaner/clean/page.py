"""The working state of one cleaning pass: blocks, their folded text, what is removed."""
from __future__ import annotations

import re
from collections.abc import Callable

from jingwen.cleaner.model.document import FURNITURE, VERBATIM, Block, Document
from jingwen.cleaner.ruleset import Rule
from jingwen.cleaner.textfold import FILE_EXTENSION, fold_text, key_of_folded

MERGED = "~merged"


class Page:
    """A document's blocks, their folded text and what is removed (a plain class: this module
    loads with every `clean`, and defining a dataclass costs ~0.6 ms)."""

    def __init__(self, doc: Document, blocks: list[Block], folded: list[str], removed: list[str | None]):
        self.doc, self.blocks, self.folded = doc, blocks, folded
        self.removed = removed  # rule id that removed the block, or None
        self.fired: list[str] = []  # rule ids in firing order (with repeats)
        self.zone_end = 0  # blocks before this index are the page header
        self.title_index: int | None = None
        self.notice_title: str | None = None  # the title as printed in page tags or share notices
        self.widget_lines: frozenset[int] = frozenset()  # header lines a scraped page's rules would take (搜索, TOP)
        self.evidence_rules: frozenset[str] = frozenset()  # ids of rules whose match proves a platform page
        self.known_scraped = False  # an earlier piece of the same file showed platform lines
        self.excepted: Callable[[str], bool] | None = None  # a line no rule may remove (the user's exceptions)
        self.why: dict[int, str] = {}  # block index -> what a scoring rule saw
        self._keys: dict[int, str] = {}
        self._title_keys: dict[int, str] = {}

    @classmethod
    def of(cls, doc: Document) -> Page:
        blocks = list(doc.blocks)
        return cls(doc, blocks, [fold_text(b.text) for b in blocks], [None] * len(blocks))

    def has_platform_lines(self) -> bool:
        """A rule that proves a platform page has fired here, or on an earlier piece of the file."""
        return self.known_scraped or any(r in self.evidence_rules for r in self.fired)

    def editable(self, i: int, rule: Rule | None = None) -> bool:
        """Block ``i`` is still there and rules may touch it (``rule`` not ignored for it)."""
        b = self.blocks[i]
        if self.removed[i] or b.kind == VERBATIM or b.protected:
            return False
        return rule is None or not b.ignore or not any(rule.id == x or rule.id.startswith(x + ".") for x in b.ignore)

    def kept(self, start: int = 0, end: int | None = None, body_only: bool = True) -> list[int]:
        end = len(self.blocks) if end is None else end
        return [i for i in range(start, end)
                if not self.removed[i] and not (body_only and self.blocks[i].kind == FURNITURE)]

    def remove(self, i: int, rule_id: str) -> None:
        if self.excepted is not None and self.excepted(self.folded[i]):
            return  # the user's exception: this line is never removed
        if not self.removed[i]:
            self.removed[i] = rule_id
            self.fired.append(rule_id)

    def merged(self, i: int) -> None:
        """Block ``i``'s text now lives in another block: drop it without a removal record."""
        self.removed[i] = MERGED

    def set_text(self, i: int, text: str, rule_id: str) -> None:
        b = self.blocks[i]
        if text == b.text:
            return
        self.doc.record(rule_id, b.line, "edit", text=b.text, before=b.text, after=text)
        self.fired.append(rule_id)
        self.blocks[i] = b.with_text(text)
        self.folded[i] = fold_text(text)
        self._keys.pop(i, None)
        self._title_keys.pop(i, None)

    def key(self, i: int) -> str:
        """``text_key`` of block ``i`` (cached until its text changes)."""
        found = self._keys.get(i)
        if found is None:
            found = self._keys[i] = key_of_folded(self.folded[i])
        return found

    def title_key(self, i: int) -> str:
        """The key of block ``i`` without a file extension, copies glued together counted once (cached)."""
        found = self._title_keys.get(i)
        if found is None:
            found = self._title_keys[i] = collapse_copies(key_of_folded(FILE_EXTENSION.sub("", self.folded[i])))
        return found


_GLUED_EXTENSION = re.compile(r"(?:docx?|pptx?|xlsx?|pdf|txt|wps)$")
_EXTENSIONS = ("doc", "docx", "pdf", "ppt", "pptx")


def collapse_copies(key: str) -> str:
    """A title's key printed several times on one line (a file name repeated by a widget) is the
    title's key once.

    >>> collapse_copies("教学计划doc教学计划doc教学计划")
    '教学计划'
    >>> collapse_copies("教学计划doc教学计划doc"), collapse_copies("谢谢谢谢"), collapse_copies("教学计划")
    ('教学计划', '谢谢谢谢', '教学计划')
    """
    if len(key) < 8 or key.find(key[:2], 1) < 0:  # no second copy can start: most lines
        return key
    counts = [(ext, key.count(ext)) for ext in _EXTENSIONS]
    for n in range(2, 9):
        for tail in ("", *(ext for ext, count in counts if count >= n - 1)):
            whole = key + tail
            if len(whole) % n:
                continue
            unit = whole[: len(whole) // n]
            if len(unit) >= 6 and unit * n == whole:
                return _GLUED_EXTENSION.sub("", unit) or unit
    return key
