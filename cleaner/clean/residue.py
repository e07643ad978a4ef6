"""Residue that needs more than one line to decide: auto-summaries that repeat the body, widget
values left by removed labels, notices repeated on every page, mirror sites' converter pinyin,
HTML left in the text.

Each check is named in a rule file (``builtin = "auto_summary"``) with its id, description and
parameters, so it can be listed, selected and ignored like any pattern rule.
"""

import re

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.clean.running import MAY_HOLD_ADDRESS, RunningNotices, follower_key, notice_key
from jingwen.cleaner.clean.title import TOPIC_KEY, is_title_copy, text_after, topical
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.ruleset import Rule
from jingwen.cleaner.textfold import (
    PINYIN_ANNOTATION,
    script_tables,
    text_key,
    title_key,
)

_SENTENCE_END = ("。", "!", "?", ";", ":", "”", "」", ")", "》", ".")  # an English sentence ends in a full stop


def auto_summary(page: Page, rule: Rule) -> None:
    """Remove an auto-generated summary: a header line ending in an ellipsis (or labelled
    ``内容提示:``, or cut off mid-sentence) whose text is repeated by the body that follows
    (iask, doc88; ``{title}?深度解析…在日常使用Word时,我们常常…但实际上,打印预览的``)."""
    labels = tuple(rule.params.get("labels", []))
    scan = int(rule.params.get("scan", 60))
    kept = page.kept(0, min(len(page.blocks), scan))
    title = title_key(page.blocks[page.title_index].text) if page.title_index is not None else ""
    for n, i in enumerate(kept):
        folded = page.folded[i]
        labelled = folded.startswith(labels) if labels else False
        cut_off = not folded.rstrip().endswith(_SENTENCE_END) and len(folded) >= 60
        marked = labelled or folded.endswith(("...", "…"))
        if not (marked or cut_off) or not page.editable(i, rule):
            continue
        if i == page.title_index and not marked:
            continue  # a long title the body's own record repeats (案件名称:…判决书) is no summary
        k = text_key(folded.rstrip(".… "))
        for label in labels:
            if labelled and folded.startswith(label):
                k = text_key(folded[len(label):].rstrip(".… "))
        if title and k.startswith(title) and len(k) > len(title) + 10:
            k = k[len(title):]
        if len(k) < 20:
            continue
        rest = "".join(page.key(j) for j in kept[n + 1:n + 40])
        if k[: max(20, len(k) - 10)] in rest or _han_repeated(k, rest):
            page.remove(i, rule.id)


_NOT_HAN = compile_pattern(r"[^\u4e00-\u9fff]+")


def _han_repeated(summary: str, rest: str) -> bool:
    """The summary's Chinese characters, at least 20, come back in a row in the body's: the list
    numbers and digits a rendered list adds (``1. 课程设计目的``) do not count.

    >>> _han_repeated("一课程设计的目的与要求课程设计目的软件工程课程设计是学习",
    ...               "一课程设计的目的与要求1课程设计目的软件工程课程设计是学习软件")
    True
    """
    han = _NOT_HAN.sub("", summary)
    return len(han) >= 20 and han[: max(20, len(han) - 10)] in _NOT_HAN.sub("", rest)


def widget_residue(page: Page, rule: Rule) -> None:
    """Remove very short lines (a province, a number, a dash) wedged between removed lines in
    the page header: the values of a platform widget whose labels were removed. Lines of no
    letters (a bare ``-`` a list scraped apart from its items) are no widget's labels."""
    max_key = int(rule.params.get("max_key_length", 6))
    attached = set(rule.params.get("attached", ()))  # a removed line that belongs to the line before
    title_key = page.title_key(page.title_index) if page.title_index is not None else None
    for i in range(min(page.zone_end, len(page.blocks))):
        if not page.editable(i, rule) or i == page.title_index:
            continue
        if len(page.key(i)) > max_key or page.folded[i].rstrip().endswith(("。", "!", "?")):
            continue  # a short sentence (a forum reply 是三十六。) is no widget's value
        if (len(page.key(i)) >= TOPIC_KEY and topical(page.key(i), text_after(page, i))
                and not (title_key is not None and is_title_copy(page.title_key(i), title_key))):
            continue  # the text goes on to speak of it: a thread's title between a counter and a button
        before = next((j for j in range(i - 1, -1, -1) if page.blocks[j].text.strip()), None)
        if (before is not None and i + 1 < len(page.blocks) and page.removed[before] and page.removed[i + 1]
                and page.removed[i + 1] not in attached and page.key(before) and page.key(i + 1)):
            page.remove(i, rule.id)


def running_notice(page: Page, rule: Rule, known: tuple[frozenset[str], frozenset[str]] | None = None) -> None:
    """Remove a publisher's or site's notice printed on every page of a preview: a line with a
    web address and a notice's words repeated ``min_count`` times or more in the file
    (``本試閱檔為五南所有。如欲購買此書,請至五南網站 www.wunan.com.tw``), and the lines that
    followed its copies as often (``或來電(02)2705-5066``, an address's wrapped end ``tw``).
    ``known``: the notices counted over the whole file (a large file's segment); else the page
    counts its own lines. A contact line the author repeats (``官网:www.example.com``) has no
    notice's words and stays."""
    counter = RunningNotices.for_params(rule.params)
    texts = [block.text for block in page.blocks]
    candidates = [i for i, text in enumerate(texts)  # (a line far too long is passed over unstripped)
                  if len(text) <= counter.max_line + 200 and len(text.strip()) <= counter.max_line
                  and MAY_HOLD_ADDRESS.search(text)]
    if known is None:
        if len(candidates) < counter.min_count:
            return  # most pages: fewer lines with a web address than a notice's copies
        known = counter.add_text("\n".join(texts)).found()
    notices, followers = known
    if not notices:
        return
    for i in range(len(texts)) if followers else candidates:  # a follower may stand anywhere
        if not page.editable(i, rule):
            continue
        folded = page.folded[i]
        if (followers and follower_key(folded) in followers) or (
                MAY_HOLD_ADDRESS.search(texts[i]) and notice_key(folded, counter.max_key) in notices):
            page.remove(i, rule.id)


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
    removed, ``</p><p>`` and ``<br>`` become line breaks within the block. A line where an
    element sits inside running text (``<a href="…">关于我们</a>会在新标签页中打开。``) may be an
    author writing about HTML: it changes only on a page that shows it was scraped (platform
    lines, or markup no author writes on another line). A line whose text shows an escaped
    bracket (``<p>这是一个小于符号的实体:&lt;</p>``) or a document's own tags (``<!DOCTYPE html>``,
    ``<body>``: residue comes from inside a page's body) is a lesson's example and never changes."""
    minimum = int(rule.params.get("min_tags", 2))
    _tag_soup(page, rule)
    found = [i for i in page.kept(body_only=False) if "<" in page.blocks[i].text and page.editable(i, rule)
             and len(_TAG.findall(page.blocks[i].text)) >= minimum
             and not _ESCAPED_BRACKET.search(_TAG.sub("", page.blocks[i].text))
             and not _DOCUMENT_TAG.search(page.blocks[i].text)]
    plain = {i for i in found if _plainly_markup(page.blocks[i].text)}
    scraped = bool(plain) or page.has_platform_lines()
    for i in found:
        if i not in plain and not scraped:
            continue
        parts = [_TAG.sub("", p).strip() for p in _BREAK.split(page.blocks[i].text)]
        page.set_text(i, "\n".join(p for p in parts if p), rule.id)


_ESCAPED_BRACKET = compile_pattern(r"&(?:lt|gt|#0*6[02]|#x0*3[ce]);", re.IGNORECASE)
_DOCUMENT_TAG = compile_pattern(r"<!doctype\b|</?(?:html|head|body)\s*>", re.IGNORECASE)


_EMPTY_ELEMENT = compile_pattern(r'\s*(?:</?[a-z][a-z0-9]*(?:\s+id="(?P<id>[^"<>]{1,20})")?\s*/?>\s*)+')
_ELEMENT_ID = compile_pattern(r'\sid="([^"<>]{1,20})"')
TAG_SOUP_LINES = 3


def _tag_soup(page: Page, rule: Rule) -> None:
    """Remove the lines of empty elements a spam template scatters through a page, all tagged
    with one made-up id (``<ruby id="bdb3f"></ruby>``, ``<pre id="bdb3f"><del id="bdb3f"></del></pre>``):
    ``TAG_SOUP_LINES`` or more lines with no text, whose every element carries the same id. An
    HTML lesson's empty ``<div id="box01"></div>`` gives each element its own id and stays.

    >>> from jingwen.cleaner.model.document import Document
    >>> page = Page.of(Document.from_lines(['<ruby id="k3f"></ruby>', "正文第一段。",
    ...     '<pre id="k3f"><del id="k3f"></del></pre>', '<p id="k3f"><cite id="k3f"></cite></p>']))
    >>> _tag_soup(page, Rule("generic.html-residue", "", "generic")); [bool(r) for r in page.removed]
    [True, False, True, True]
    """
    soup: dict[str, list[int]] = {}
    for i in page.kept(body_only=False):
        text = page.blocks[i].text
        if "<" not in text or not page.editable(i, rule) or not _EMPTY_ELEMENT.fullmatch(text):
            continue
        ids = set(_ELEMENT_ID.findall(text))
        if len(ids) == 1 and text.count("<") == 2 * text.count(" id="):  # every opening tag has the id
            soup.setdefault(ids.pop(), []).append(i)
    for lines in soup.values():
        if len(lines) >= TAG_SOUP_LINES:
            for i in lines:
                page.remove(i, rule.id)


def _plainly_markup(text: str) -> bool:
    """Markup no author writes in running text: a paragraph or line break, three tags or more, or
    a line that is markup around its text. Elements with no text at all (``<div id="box01"></div>``)
    are an HTML lesson's example as often as residue: they prove nothing.

    >>> _plainly_markup("<p><b>  实验报告</b></p>"), _plainly_markup('<a href="/x">关于我们</a>会在新标签页中打开。')
    (True, False)
    >>> _plainly_markup('<div id="box01"></div>')
    False
    """
    stripped = text.strip()
    if not _TAG.sub("", stripped).strip():
        return False
    return (_BREAK.search(text) is not None or len(_TAG.findall(text)) >= 3
            or (stripped.startswith("<") and stripped.endswith(">")))
