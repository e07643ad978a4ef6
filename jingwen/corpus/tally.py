"""``Tally``: what happened to the records of a shard or a file."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

BAD_SHOWN = 10  # bad records listed (with line numbers) per file; all are counted



@dataclass
class Tally:
    """What happened to the records of a shard or a file; ``bad`` lists the first bad records
    with their line (JSON Lines) or row (Parquet) number, 1-based within the shard or file."""

    lines: int = 0
    records: int = 0
    changed: int = 0
    errors: int = 0
    truncated: int = 0
    chars_in: int = 0
    chars_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed: Counter = field(default_factory=Counter)
    platforms: Counter = field(default_factory=Counter)
    scripts: Counter = field(default_factory=Counter)
    bad: list = field(default_factory=list)

    NUMBERS = ("lines", "records", "changed", "errors", "truncated", "chars_in", "chars_out", "bytes_in", "bytes_out")
    COUNTERS = ("removed", "platforms", "scripts")

    def count(self, meta: dict, removed: list[str], chars_in: int, chars_out: int, line: int) -> None:
        self.records += 1
        if meta["error"]:
            self.errors += 1
            if len(self.bad) < BAD_SHOWN:
                self.bad.append({"line": line, "error": meta["error"]})
            return
        self.changed += meta["changed"]
        self.truncated += meta["truncated_tail"] is not None
        self.chars_in += chars_in
        self.chars_out += chars_out
        self.removed.update(removed)
        if meta["platform"]:
            self.platforms[meta["platform"]] += 1
        self.scripts[meta["script"]] += 1

    def add(self, other: Tally, line_offset: int = 0) -> None:
        """Add a later shard's counts (its line numbers shifted by ``line_offset``)."""
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in self.COUNTERS:
            getattr(self, name).update(getattr(other, name))
        room = BAD_SHOWN - len(self.bad)
        self.bad += [{"line": b["line"] + line_offset, "error": b["error"]} for b in other.bad[:max(room, 0)]]

    def as_json(self) -> dict:
        data: dict[str, Any] = {name: getattr(self, name) for name in self.NUMBERS}
        data.update({name: dict(getattr(self, name).most_common()) for name in self.COUNTERS})
        data["bad"] = self.bad
        return data

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        tally = cls(**{name: data[name] for name in cls.NUMBERS}, bad=list(data["bad"]))
        for name in cls.COUNTERS:
            getattr(tally, name).update(data[name])
        return tally
