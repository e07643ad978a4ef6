"""Structural checks that need more than one line to decide: repeated titles, auto-summaries,
widget residue, chunked previews, converter pinyin, HTML residue.

Each is named in a rule file (``builtin = "duplicate_title"``) with its id, description and
parameters, so it can be listed, selected and ignored like any pattern rule.
"""
from __future__ import annotations

import re

from jingwen.cleaner.clean.page import MERGED, Page
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.ruleset import Rule
from jingwen.cleaner.textfold import (
    FILE_EXTENSION,
    PINYIN_ANNOTATION,
    fold,
    fold_text,
    script_tables,
    text_key,
    title_key,
)

SENTENCE_END = "。！？!?…；;”’」』》）)】\"'.."
_CLAUSE_PUNCT = compile_pattern(r"[，,；;。！？!?：:]")


def is_title_like(folded: str, limit: int = 80) -> bool:
    """Short, one clause, not a sentence: what a title or heading looks like.

    >>> is_title_like("温州发展产业集群化对策措施")
    True
    >>> is_title_like("当前世界产业发展集群化趋势日益明显,产业集群已成为产业升级的客观要求。")
    False
    """
    text = folded.strip()
    if not text or len(text) > limit or text.endswith(("。", ",", ";")):
        return False
    return len(_CLAUSE_PUNCT.findall(text)) <= 2


TITLE_AFTER_HEADER = 8  # the title's repeat may sit just after the header


def find_title(page: Page, header_end: int) -> None:
    """The title: on a page whose header held platform notices, the first title-like line the
    page prints again (with or without its file extension), so that a short site name printed
    above the title is passed over; otherwise the first line, if it looks like a title."""
    end = min(len(page.blocks), header_end + TITLE_AFTER_HEADER)
    kept = page.kept(0, end)
    candidates = [i for i in kept if is_title_like(page.folded[i]) and len(page.key(i)) >= 2]
    if any(page.removed[:end]):
        keys = {i: page.title_key(i) for i in candidates}
        for n, i in enumerate(candidates):
            if any(keys[j] == keys[i] for j in candidates[n + 1:]):
                page.title_index = i
                return
    page.title_index = kept[0] if kept and candidates and candidates[0] == kept[0] else None


def duplicate_title(page: Page, rule: Rule) -> None:
    """Remove repeats of the title in the header, and a title-like line repeated right after
    itself anywhere (360docs prints each sub-document's title twice)."""
    limit = int(rule.params.get("max_length", 80))
    if page.title_index is not None:
        tkey = page.title_key(page.title_index)
        for i in page.kept(page.title_index + 1, page.zone_end, body_only=False):
            if page.editable(i, rule) and tkey and page.title_key(i) == tkey:
                page.remove(i, rule.id)
        _file_name_title(page, rule, tkey)
    previous = None
    for i in page.kept(body_only=False):
        if previous is not None and page.editable(i, rule) and is_title_like(page.folded[i], limit):
            k = page.key(i)
            if k and page.title_key(i) == page.title_key(previous) and len(k) >= 4:
                page.remove(i, rule.id)
                continue
        previous = i


def _file_name_title(page: Page, rule: Rule, tkey: str) -> None:
    """A title printed as a file name (``第八章 顺序控制.ppt``) is the platform's label when the
    document's own text begins with that title: the label goes, the document keeps its own."""
    i = page.title_index
    if not tkey or not FILE_EXTENSION.search(page.folded[i]) or not page.editable(i, rule):
        return
    following = page.kept(i + 1)
    if following and page.key(following[0]).startswith(tkey) and len(page.key(following[0])) > len(tkey):
        page.remove(i, rule.id)


_PAGE_TAG_TITLE = compile_pattern(r"^\s*(.+?)_第\s*\d+\s*[页頁]")
_SHARE_TITLE = compile_pattern(r"^\s*《(.+?)》\s*由")


def title_from_notices(page: Page) -> str | None:
    """The title as printed inside removed page tags (``{title}_第1页``) or share notices
    (``《{title}》由会员分享…``), for pages whose title line is not on a line of its own."""
    for i, rule_id in enumerate(page.removed):
        if rule_id and rule_id != MERGED:
            text = PINYIN_ANNOTATION.sub("", page.blocks[i].text)
            m = _PAGE_TAG_TITLE.match(text) or _SHARE_TITLE.match(text)
            if m:
                return FILE_EXTENSION.sub("", m.group(1).strip())
    return None


def glued_title(page: Page, rule: Rule) -> None:
    """Give the title back its own line when the page printed it only in its notices and the
    body begins with it glued to the first sentence (``实施方案一、工作目标…``)."""
    if page.title_index is not None:
        return
    title = title_from_notices(page)
    body = page.kept()
    if not title or not body:
        return
    page.notice_title = title
    first = body[0]
    text = page.blocks[first].text
    folded = fold(text)
    wanted = fold_text(title)
    start = len(folded.text) - len(folded.text.lstrip())
    if not folded.text.startswith(wanted, start) or len(folded.text) <= start + len(wanted) + 1:
        return
    if not page.editable(first, rule):
        return
    cut = folded.original_span(start, start + len(wanted))[1]
    page.set_text(first, text[:cut].strip() + "\n" + text[cut:].lstrip(), rule.id)
    page.title_index = first


def auto_summary(page: Page, rule: Rule) -> None:
    """Remove an auto-generated summary: a header line ending in an ellipsis (or labelled
    ``内容提示:``) whose text is repeated by the body that follows (iask, doc88)."""
    labels = tuple(rule.params.get("labels", []))
    scan = int(rule.params.get("scan", 60))
    kept = page.kept(0, min(len(page.blocks), scan))
    title = title_key(page.blocks[page.title_index].text) if page.title_index is not None else ""
    for n, i in enumerate(kept):
        folded = page.folded[i]
        labelled = folded.startswith(labels) if labels else False
        if not (folded.endswith(("...", "…")) or labelled) or not page.editable(i, rule):
            continue
        k = text_key(folded.rstrip(".… "))
        for label in labels:
            if labelled and folded.startswith(label):
                k = text_key(folded[len(label):].rstrip(".… "))
        if title and k.startswith(title) and len(k) > len(title) + 10:
            k = k[len(title):]
        if len(k) < 20:
            continue
        rest = "".join(page.key(j) for j in kept[n + 1:n + 40])
        if k[: max(20, len(k) - 10)] in rest:
            page.remove(i, rule.id)


def widget_residue(page: Page, rule: Rule) -> None:
    """Remove very short lines (a province, a number, a dash) wedged between removed lines in
    the page header: the values of a platform widget whose labels were removed."""
    max_key = int(rule.params.get("max_key_length", 6))
    for i in range(min(page.zone_end, len(page.blocks))):
        if not page.editable(i, rule) or i == page.title_index:
            continue
        if len(page.key(i)) > max_key:
            continue
        before = [j for j in range(i - 1, -1, -1) if page.blocks[j].text.strip()][:1]
        after = [j for j in range(i + 1, len(page.blocks))][:1]
        if before and after and page.removed[before[0]] and page.removed[after[0]]:
            page.remove(i, rule.id)


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


def converter_pinyin(page: Page, rule: Rule) -> None:
    """Remove the pinyin that mirror sites' S->T converters insert after characters
    (``繼續(xù)`` → ``繼續``), when the text has several of them on Traditional characters."""
    minimum = int(rule.params.get("min_count", 3))
    trad_only = script_tables()[1]
    hits = [m for b in page.blocks if "(" in b.text or "（" in b.text for m in PINYIN_ANNOTATION.finditer(b.text)]
    if len(hits) < minimum:
        return
    on_traditional = sum(1 for m in hits if m.string[m.start() - 1] in trad_only)
    if on_traditional * 3 < len(hits):
        return
    for i in page.kept(body_only=False):
        if page.editable(i, rule) and ("(" in page.blocks[i].text or "（" in page.blocks[i].text):
            page.set_text(i, PINYIN_ANNOTATION.sub("", page.blocks[i].text), rule.id)


_TAG = compile_pattern(
    r"</?(?:p|b|br|span|div|strong|em|i|u|font|a|h[1-6]|li|ul|ol|sup|sub|table|tr|td)(?:\s[^<>]{0,200})?/?>",
    re.IGNORECASE)
_BREAK = compile_pattern(r"</p>\s*<p(?:\s[^<>]*)?>|<br\s*/?>|</(?:div|li|h[1-6]|tr)>", re.IGNORECASE)


def html_residue(page: Page, rule: Rule) -> None:
    """Turn HTML markup left in scraped text (``<p><b>  标题</b></p>``) back into text: tags
    removed, ``</p><p>`` and ``<br>`` become line breaks within the block."""
    minimum = int(rule.params.get("min_tags", 2))
    for i in page.kept(body_only=False):
        text = page.blocks[i].text
        if "<" not in text or not page.editable(i, rule) or len(_TAG.findall(text)) < minimum:
            continue
        parts = [_TAG.sub("", p).strip() for p in _BREAK.split(text)]
        page.set_text(i, "\n".join(p for p in parts if p), rule.id)
