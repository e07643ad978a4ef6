"""Chunked previews: the ``1、`` ``2、`` prefixes some platforms put before each chunk of a
preview, removed (and the chunks joined) only where the sequence proves them."""

import re

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.ruleset import Rule

CHUNK_LABELS = ("generic.section-label",)


def after_chunk_label(page: Page) -> bool:
    """Whether the first ``1、`` block of the body comes right after a removed section label
    (文档简介, 资源描述): the place where chunked previews begin."""
    for i in page.kept():
        if page.blocks[i].text.lstrip().startswith("1、"):
            before = [j for j in range(i - 1, -1, -1) if page.folded[j]][:1]
            return bool(before) and page.removed[before[0]] in CHUNK_LABELS
    return False


def chunk_prefixes(page: Page, rule: Rule, chunked_platform: bool) -> None:
    """Strip the ``1、`` ``2、`` … prefixes a chunked preview puts on each chunk and join the
    chunks (they are cut at a fixed size, often inside a word: ``discoun`` | ``ts``).
    Only where the sequence proves them: chunks numbered 1, 2, 3 … on consecutive blocks, on a
    platform that chunks its previews, or a run of at least three long chunks anywhere."""
    min_run = int(rule.params.get("min_run", 2))
    kept = [i for i in page.kept() if page.editable(i, rule)]
    start = next((n for n, i in enumerate(kept) if page.blocks[i].text.lstrip().startswith("1、")), None)
    if start is None:
        return
    run = []
    for n, i in enumerate(kept[start:], 1):
        m = re.match(rf"\s*{n}、", page.blocks[i].text)
        if not m:
            break
        run.append((i, m.end()))
    if len(run) < min_run:
        return
    lengths = [len(page.blocks[i].text) for i, _ in run[:-1]]
    long_chunks = min(lengths) >= 60 and sum(lengths) / len(lengths) >= 100
    if not (chunked_platform or (len(run) >= 3 and long_chunks)):
        return
    first = run[0][0]
    joined = "".join(page.blocks[i].text[cut:] for i, cut in run).lstrip()
    for i, _ in run[1:]:
        page.merged(i)
    page.set_text(first, joined, rule.id)
