"""Which blocks of a document a step may change (not verbatim, furniture or protected, and not
ignoring the step) and which hold a pattern, found in one scan of the whole text."""
from __future__ import annotations

from bisect import bisect_right

from jingwen.cleaner.model.document import FURNITURE, VERBATIM, Block, Document


def editable(block: Block, step_id: str) -> bool:
    if block.kind in (VERBATIM, FURNITURE) or block.protected:
        return False
    return not any(step_id == x or step_id.startswith(x + ".") for x in block.ignore)


def blocks_matching(doc: Document, patterns) -> list[int]:
    """Indices of the blocks in which any of ``patterns`` matches: one scan of the whole text."""
    texts = [b.text for b in doc.blocks]
    joined = "\n".join(texts)
    starts, offset = [], 0
    for t in texts:
        starts.append(offset)
        offset += len(t) + 1
    found: set[int] = set()
    for pattern in patterns:
        for m in pattern.finditer(joined):
            found.add(bisect_right(starts, m.start()) - 1)
    return sorted(found)
