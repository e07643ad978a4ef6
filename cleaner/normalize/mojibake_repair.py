"""The ``norm.mojibake`` step: ``jingwen.cleaner.mojibake`` run on each block that may hold mis-decoded
Chinese (``鍏充簬鍗板彂`` → ``关于印发``), with masked URLs and code left alone."""
from __future__ import annotations

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.mojibake import _LATIN_QUICK, _cjk_quick, fix_mojibake
from jingwen.cleaner.normalize.blocks import blocks_matching, editable
from jingwen.cleaner.normalize.context import MASK
from jingwen.cleaner.normalize.masking import mask, unmask

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from jingwen.cleaner.normalize.step import Step


def repair_mojibake(text: str) -> str:
    """Repair Chinese decoded with the wrong codec (see ``jingwen.cleaner.mojibake``).

    >>> repair_mojibake("鍏充簬鍗板彂")
    '关于印发'
    """
    return fix_mojibake(text)


def mojibake_document(doc: Document, step: Step) -> set[int]:
    """Repair mojibake block by block; once some block needed it, the others are repaired in
    relaxed mode (single characters, runs of Latin-1 symbols)."""
    candidates = [(i, doc.blocks[i]) for i in blocks_matching(doc, [_LATIN_QUICK, _cjk_quick()])
                  if editable(doc.blocks[i], step.id)]
    if not candidates:
        return set()
    repaired = False
    for relaxed in (False, True):
        if relaxed and not repaired:
            break
        for i, _ in candidates:
            block = doc.blocks[i]
            masked, spans = mask(block.text, doc.meta.format == "md")
            fixed = fix_mojibake(masked, relaxed)
            if fixed != masked and fixed.count(MASK) == len(spans):
                after = unmask(fixed, spans)
                doc.record(step.id, block.line, "edit", text=block.text, before=block.text, after=after)
                block.text = after
                repaired = True
    return set()
