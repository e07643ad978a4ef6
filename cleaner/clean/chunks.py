"""Chunked previews: the ``1、`` ``2、`` prefixes some platforms put before each chunk of a
preview, removed (and the chunks joined) only where the sequence proves them.

A run proves itself when it is the page's first run on a platform that chunks its previews,
when it follows a removed section label (文档简介, 资源描述), or when it has three or more long
chunks cut inside sentences (an author's numbered list ends its items with 。). Every run of
a page is judged on its own evidence, so a file cleaned in segments (``stream.py``) gives
what the whole file gives.
"""

import re

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.ruleset import Rule

CHUNK_LABELS = ("generic.section-label", "generic.lone-section-label")
_SENTENCE_END = "。！？；…”」』）)!?;.:："


def _after_label(page: Page, i: int) -> bool:
    """Block ``i`` comes right after a removed section label."""
    before = next((j for j in range(i - 1, -1, -1) if page.folded[j]), None)
    return before is not None and page.removed[before] in CHUNK_LABELS


def _runs(page: Page, kept: list[int]) -> list[list[tuple[int, int]]]:
    """Each run ``1、`` ``2、`` … on consecutive kept blocks: (block, end of its prefix)."""
    runs, n = [], 0
    while n < len(kept):
        if not page.blocks[kept[n]].text.lstrip().startswith("1、"):
            n += 1
            continue
        run = []
        for number, i in enumerate(kept[n:], 1):
            m = re.match(rf"\s*{number}、", page.blocks[i].text)
            if not m:
                break
            run.append((i, m.end()))
        runs.append(run)
        n += len(run)
    return runs


def _cut_chunks(page: Page, run: list[tuple[int, int]]) -> bool:
    """Three or more long chunks, most of them cut inside a sentence (fixed-size preview
    chunks), not an author's list of long items.

    The chunks before the last must average 100 characters (none under 60), and at least half
    of them end without a sentence end."""
    texts = [page.blocks[i].text.rstrip() for i, _ in run[:-1]]
    lengths = [len(t) for t in texts]
    if len(run) < 3 or min(lengths) < 60 or sum(lengths) / len(lengths) < 100:
        return False
    return 2 * sum(1 for t in texts if t and t[-1] not in _SENTENCE_END) >= len(texts)


def chunk_prefixes(page: Page, rule: Rule, chunked_platform: bool, page_start: bool = True) -> None:
    """Strip the ``1、`` ``2、`` … prefixes a chunked preview puts on each chunk and join the
    chunks (they are cut at a fixed size, often inside a word: ``discoun`` | ``ts``), run by
    run where the run proves them (see the module's docstring). ``page_start``: the page's
    first run is its own (false for the later segments of a large file)."""
    min_run = int(rule.params.get("min_run", 2))
    kept = [i for i in page.kept() if page.editable(i, rule)]
    for n, run in enumerate(_runs(page, kept)):
        if len(run) < min_run:
            continue
        first_of_page = n == 0 and page_start
        if not ((first_of_page and chunked_platform) or _after_label(page, run[0][0]) or _cut_chunks(page, run)):
            continue
        first = run[0][0]
        joined = "".join(page.blocks[i].text[cut:] for i, cut in run).lstrip()
        for i, _ in run[1:]:
            page.merged(i)
        page.set_text(first, joined, rule.id)
