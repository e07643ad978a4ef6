"""A cleaned document as rows for the page: each original line beside what became of it.

A row holds one or more source lines (left: a line and the wrapped lines joined to it) and the
cleaned blocks that start there (right). Removed lines carry their rule id; the truncated tail
is marked on both sides; characters changed by normalization are marked ``ed`` on the right,
characters deleted from a kept line ``gone`` on the left. Simplified/Traditional conversion is
named on the block but not marked character by character: it would mark almost every one.

>>> from jingwen.cleaner.pipeline import run_stages
>>> from jingwen.cleaner.settings import Settings
>>> from jingwen.cleaner.readers import read_bytes
>>> doc = read_bytes("下载本文档\\n关于印发通知的通知\\n本办法,自发布之日起施行。\\n".encode(), "a.txt")
>>> source = source_lines(doc)
>>> view = build_view(source, run_stages(doc, Settings()))
>>> [(row["lines"][0]["removed"], [b["text"] for b in row["blocks"]]) for row in view["rows"]]
[('generic.download-button', []), (None, ['关于印发通知的通知']), (None, ['本办法，自发布之日起施行。'])]
>>> view["rows"][2]["blocks"][0]["parts"]
[['本办法', ''], ['，', 'ed'], ['自发布之日起施行。', '']]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from jingwen.cleaner.model.document import FURNITURE, HEADING, Block, Change, Document

MAX_DIFF = 20_000  # characters of a changed stretch compared one by one; a longer one is marked whole
CLEAN_STAGE = ("norm.", "convert.", "struct.")  # prefixes of ids that are not cleaning rules


@dataclass(frozen=True)
class SourceLine:
    """One block of the document as read, before any stage ran."""

    line: int
    text: str
    furniture: bool = False


def source_lines(doc: Document) -> list[SourceLine]:
    """A snapshot of ``doc`` as read (stages replace and change blocks afterwards), with the lines
    the reader itself removed (a PDF's running headers, page numbers, watermarks) in their place."""
    lines = [SourceLine(b.line, b.text, b.kind == FURNITURE) for b in doc.blocks]
    if any(c.action == "remove" for c in doc.log):
        have = {sl.line for sl in lines}
        lines += [SourceLine(c.line, c.text) for c in doc.log if c.action == "remove" and c.line not in have]
        lines.sort(key=lambda sl: sl.line)
    return lines


def _opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher`` opcodes from ``a`` to ``b``; the common start and end are matched
    first, so the usual edit (a few characters somewhere) costs little.

    >>> _opcodes("正文,内容", "正文，内容")
    [('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 5, 3, 5)]
    """
    start, limit = 0, min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    ops = [("equal", 0, start, 0, start)] if start else []
    if len(a) + len(b) - 2 * (start + end) <= MAX_DIFF:
        middle = SequenceMatcher(None, a[start:len(a) - end], b[start:len(b) - end], autojunk=False).get_opcodes()
    else:
        middle = [("replace", 0, len(a) - end - start, 0, len(b) - end - start)]
    ops += [(tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in middle if i1 < i2 or j1 < j2]
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


def _carry(before: str, after: str, marks: Sequence[bool], fresh: bool) -> list[bool]:
    """Marks for ``after``: characters kept from ``before`` keep theirs; characters an edit
    wrote are marked when ``fresh`` (a normalization), else inherit (a conversion)."""
    if len(before) == len(after):  # characters replaced one for one (punctuation, most conversions)
        if not fresh:
            return list(marks)
        changed = [x != y for x, y in zip(before, after, strict=True)]
        if 4 * sum(changed) <= len(before) + 8:  # a few replacements, not a shifted text
            return [m or c for m, c in zip(marks, changed, strict=True)]
    out: list[bool] = []
    for tag, i1, i2, j1, j2 in _opcodes(before, after):
        if tag == "equal":
            out.extend(marks[i1:i2])
        elif tag == "replace" or tag == "insert":
            if fresh:
                out.extend([True] * (j2 - j1))
            elif i2 - i1 == j2 - j1:
                out.extend(marks[i1:i2])
            else:
                out.extend([any(marks[i1:i2])] * (j2 - j1))
    return out


def _deleted(original: str, after: str) -> list[bool]:
    """Which characters of ``original`` were deleted, not replaced, on the way to ``after``
    (runs of whitespace alone are left unmarked: striking a space shows nothing)."""
    gone = [False] * len(original)
    if len(original) == len(after):
        return gone
    for tag, i1, i2, _, _ in _opcodes(original, after):
        if tag == "delete" and original[i1:i2].strip():
            gone[i1:i2] = [True] * (i2 - i1)
    return gone


def _map_index(before: str, after: str, i: int) -> int:
    """Where position ``i`` of ``before`` is in ``after``.

    >>> _map_index("正文,未完", "正文，未完", 3)
    3
    """
    if i >= len(before):
        return len(after)
    if len(before) == len(after):
        return i
    for tag, i1, i2, j1, j2 in _opcodes(before, after):
        if i1 <= i < i2:
            return j1 + (i - i1) if tag == "equal" else min(j1 + (i - i1), j2)
    return len(after)


def _parts(text: str, classes: Sequence[str]) -> list[list[str]]:
    """``text`` cut where its class changes: ``[[text, class], ...]``."""
    parts: list[list[str]] = []
    for ch, cls in zip(text, classes, strict=True):
        if parts and parts[-1][1] == cls:
            parts[-1][0] += ch
        else:
            parts.append([ch, cls])
    return parts


class _Chain:
    """Replays a row's edits from the source text, tracking which characters edits wrote.

    Each line of the row has its own text; an edit whose ``before`` is the row's lines joined
    (hard-wrap joining) merges them. Edits that cannot be placed are skipped; ``finish``
    compares with the final text, so what was skipped is still marked.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = list(texts)
        self.marks = [[False] * len(t) for t in texts]
        self.before_convert: str | None = None

    def joined(self) -> tuple[str, list[bool]]:
        marks: list[bool] = []
        for n, m in enumerate(self.marks):
            if n:
                marks.append(False)
            marks.extend(m)
        return "\n".join(self.texts), marks

    def apply(self, queues: list[list[Change]]) -> None:
        progress = True
        while progress and any(queues):
            progress = False
            for n, queue in enumerate(queues):
                while queue and n < len(self.texts) and queue[0].before == self.texts[n]:
                    self._edit(n, queue.pop(0))
                    progress = True
            head = next((q[0] for q in queues if q), None)
            if not progress and head is not None and "\n" in (head.before or ""):
                progress = self._join(queues)
            if not progress:  # an edit we cannot place: skip it, finish() marks the difference
                for queue in queues:
                    if queue:
                        queue.pop(0)
                        progress = True
                        break

    def _edit(self, n: int, change: Change) -> None:
        fresh = not change.rule.startswith("convert.")
        if not fresh and self.before_convert is None:
            self.before_convert = self.joined()[0]
        self.marks[n] = _carry(self.texts[n], change.after or "", self.marks[n], fresh)
        self.texts[n] = change.after or ""

    def _join(self, queues: list[list[Change]]) -> bool:
        """The first queued edit that joins lines n..k (its ``before`` is them joined by newlines)."""
        for n, queue in enumerate(queues):
            if not queue:
                continue
            before = queue[0].before or ""
            for k in range(n + 1, len(self.texts)):
                if "\n".join(self.texts[n:k + 1]) == before:
                    joined_marks: list[bool] = []
                    for i in range(n, k + 1):
                        joined_marks.extend(self.marks[i] + ([False] if i < k else []))
                    self.texts[n:k + 1] = [before]
                    self.marks[n:k + 1] = [joined_marks]
                    for rest in queues[n + 1:k + 1]:  # edits of absorbed lines: already in ``before``
                        rest.clear()
                    del queues[n + 1:k + 1]
                    self._edit(n, queue.pop(0))
                    return True
        return False

    def finish(self, final: str) -> list[bool]:
        text, marks = self.joined()
        if self.before_convert is None:
            self.before_convert = text
        return marks if text == final else _carry(text, final, marks, fresh=True)


def build_view(source: Sequence[SourceLine], doc: Document, tail_rule: str | None = "generic.truncated-tail",
               max_rows: int = 4000) -> dict:
    """The rows of the side-by-side view (JSON-ready), at most ``max_rows`` of them."""
    removed: dict[int, str] = {}
    whys: dict[int, str] = {}  # what a scoring or template rule saw on a line it removed
    edits: dict[int, list[Change]] = defaultdict(list)
    kept_tail: dict[int, str] = {}
    for change in doc.log:
        if change.action == "remove":
            removed.setdefault(change.line, change.rule)
            if change.why:
                whys.setdefault(change.line, change.why)
        elif change.action == "edit" and change.before is not None:
            edits[change.line].append(change)
        elif change.action == "note" and change.rule == tail_rule and doc.tail_kept:
            kept_tail[change.line] = change.text

    blocks: dict[int, list[Block]] = defaultdict(list)
    for block in doc.body():
        blocks[block.line].append(block)

    rows: list[dict] = []
    for sl in source:
        own = blocks.pop(sl.line, [])
        if sl.line in removed or own or sl.furniture or not rows or rows[-1]["_removed_only"]:
            rows.append({"_lines": [sl], "_blocks": own, "_removed_only": sl.line in removed and not own})
        else:  # a line joined to the block above it
            rows[-1]["_lines"].append(sl)
    for line in sorted(blocks):  # blocks whose line was never read (not expected): after their neighbour
        at = max((i for i, r in enumerate(rows) if r["_lines"][0].line <= line), default=0)
        if rows:
            rows[at]["_blocks"].extend(blocks[line])
        else:
            rows.append({"_lines": [], "_blocks": blocks[line], "_removed_only": False})

    shown = rows[:max_rows]
    out = [_row(r, removed, edits, kept_tail, tail_rule) for r in shown]
    if doc.page_starts:  # paged inputs: each source line says its page
        for row in out:
            for line in row["lines"]:
                line["page"] = doc.page_of(line["n"])
    for row in out:
        for line in row["lines"]:
            if line["n"] in whys and line["removed"]:
                line["why"] = whys[line["n"]]
    used = sorted({rule for row in out for rule in _row_rules(row)})
    return {"rows": out, "more_rows": len(rows) - len(shown), "rules_used": used}


def _row_rules(row: dict) -> Iterable[str]:
    for line in row["lines"]:
        if line["removed"]:
            yield line["removed"]
        yield from line["rules"]
    for block in row["blocks"]:
        yield from block["rules"]
        if block["tail_rule"]:
            yield block["tail_rule"]


def _row(row: dict, removed: dict[int, str], edits: dict[int, list[Change]], kept_tail: dict[int, str],
         tail_rule: str | None) -> dict:
    lines: list[SourceLine] = row["_lines"]
    kept = [sl for sl in lines if sl.line not in removed and not sl.furniture]
    row_blocks: list[Block] = row["_blocks"]

    tails: dict[int, str] = {}  # line → the text the truncated tail cut from it
    queues: list[list[Change]] = []
    rules: list[str] = []
    for sl in kept:
        queue = []
        for change in edits.get(sl.line, []):
            rules.append(change.rule)
            if change.rule == tail_rule and (change.before or "").startswith(change.after or ""):
                tails[sl.line] = (change.before or "")[len(change.after or ""):]
            queue.append(change)
        queues.append(queue)
    chain = _Chain([sl.text for sl in kept])
    chain.apply(queues)
    final = "\n".join(b.text for b in row_blocks)
    marks = chain.finish(final)

    # left: each source line, with deletions and the tail
    original = "\n".join(sl.text for sl in kept)
    gone = _deleted(original, chain.before_convert or "") if kept else []
    out_lines, offset = [], 0
    for sl in lines:
        entry = {"n": sl.line, "removed": removed.get(sl.line), "furniture": sl.furniture, "rules": [],
                 "parts": [[sl.text, ""]]}
        if sl in kept:
            classes = ["gone" if g else "" for g in gone[offset:offset + len(sl.text)]]
            offset += len(sl.text) + 1
            tail = tails.get(sl.line)
            if tail and sl.text.endswith(tail):
                classes[len(sl.text) - len(tail):] = ["tail"] * len(tail)
            entry["parts"] = _parts(sl.text, classes)
            entry["rules"] = list(dict.fromkeys(
                c.rule for c in edits.get(sl.line, []) if not c.rule.startswith(CLEAN_STAGE) and c.rule != tail_rule))
        out_lines.append(entry)

    # right: the cleaned blocks, with the characters edits wrote
    out_blocks, pos = [], 0
    tail_line = next(iter(tails), None)
    block_rules = list(dict.fromkeys(r for r in rules if r != tail_rule))
    for i, block in enumerate(row_blocks):
        classes = ["ed" if m else "" for m in marks[pos:pos + len(block.text)]]
        pos += len(block.text) + 1
        last = i == len(row_blocks) - 1
        tail = None
        if last and tail_line is not None:
            tail = "cut"
        kept_fragment = kept_tail.get(block.line)
        source = next((sl.text.rstrip() for sl in kept if sl.line == block.line), "")
        if last and kept_fragment and source.endswith(kept_fragment):  # the fragment as read: find it now
            end = len(block.text.rstrip())
            start = _map_index(source, block.text.rstrip(), len(source) - len(kept_fragment))
            classes[start:end] = ["tail"] * (end - start)
            tail = "kept"
        out_blocks.append({
            "text": block.text, "kind": block.kind, "level": block.level,
            "title": block.kind == HEADING and block.level == 0,
            "parts": _parts(block.text, classes), "rules": block_rules,
            "tail": tail, "tail_rule": tail_rule if tail else None,
        })
    return {"lines": out_lines, "blocks": out_blocks}
