"""What a report says about a file's changes, in bounded memory: every change counted by rule,
the first ``EXAMPLES`` of each kind listed one by one (long texts shortened), the rest only
counted. A 500 MB file with an edit on every line reports in the memory of a small one.

>>> from jingwen.cleaner.model.document import Change
>>> tally = ChangeTally(limit=2)
>>> for n in range(1, 4):
...     tally.add(Change("generic.read-more", n, "remove", text="查看更多"))
>>> fields = tally.fields()
>>> [r["line"] for r in fields["removed"]], fields["removed_by_rule"], fields["removed_omitted"]
([1, 2], {'generic.read-more': 3}, 1)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from jingwen.cleaner.model.document import Change

EXAMPLES = 1000  # changes of each kind listed one by one per file
TEXT_LIMIT = 2000  # characters kept of a listed line or edit (a 1 GB one-line file has 1 GB lines)


def _short(text: str | None) -> str | None:
    if text is None or len(text) <= TEXT_LIMIT:
        return text
    return text[:TEXT_LIMIT] + "…"


class ChangeTally:
    """Removals and edits counted by rule, the first ``limit`` of each listed (a plain class:
    this module loads with every `clean`, and a dataclass costs more to define)."""

    def __init__(self, limit: int = EXAMPLES):
        self.limit = limit
        self.removed: list[dict] = []
        self.edits: list[dict] = []
        self.removed_by_rule: Counter = Counter()
        self.edits_by_rule: Counter = Counter()

    def add(self, change: Change, page_of: Callable[[int], int | None] | None = None) -> None:
        """Count ``change`` (``page_of``: the page of a line, for paged inputs)."""
        if change.action == "remove":
            self.removed_by_rule[change.rule] += 1
            if len(self.removed) < self.limit:
                removed = {"rule": change.rule, "line": change.line, "text": _short(change.text)}
                if change.why:  # what a scoring or template rule saw
                    removed["why"] = change.why
                page = page_of(change.line) if page_of is not None else None
                if page is not None:
                    removed["page"] = page
                self.removed.append(removed)
        elif change.action == "edit":
            self.edits_by_rule[change.rule] += 1
            if len(self.edits) < self.limit:
                self.edits.append({"rule": change.rule, "line": change.line,
                                   "before": _short(change.before), "after": _short(change.after)})

    def add_all(self, changes: Iterable[Change], page_of: Callable[[int], int | None] | None = None) -> ChangeTally:
        for change in changes:
            self.add(change, page_of)
        return self

    def merge(self, other: ChangeTally) -> ChangeTally:
        """Add a later piece's tally (the pieces of a large file, cleaned apart)."""
        self.removed += other.removed[:max(self.limit - len(self.removed), 0)]
        self.edits += other.edits[:max(self.limit - len(self.edits), 0)]
        self.removed_by_rule.update(other.removed_by_rule)
        self.edits_by_rule.update(other.edits_by_rule)
        return self

    def fields(self) -> dict:
        """The report entry's fields: ``removed`` and ``edits`` (the first ones), counts by rule
        of all of them, and how many were not listed."""
        return {"removed": self.removed, "edits": self.edits,
                "removed_by_rule": dict(self.removed_by_rule.most_common()),
                "edits_by_rule": dict(self.edits_by_rule.most_common()),
                "removed_omitted": sum(self.removed_by_rule.values()) - len(self.removed),
                "edits_omitted": sum(self.edits_by_rule.values()) - len(self.edits)}
