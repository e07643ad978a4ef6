"""The clean stage: remove platform notices and preview residue, record every removal.

Order of work on one document (a ``Page`` holds the state):

1. whole-line rules and sections that apply anywhere;
2. the title (first title-like line) and auto-summaries that repeat the body;
3. the page header (lines before the first substantial body line): header-only rules,
   repeated titles, widget residue;
4. in-line work: HTML residue, mirror pinyin, fragments, chunk prefixes of chunked previews;
5. the truncated tail, when a rule's match proves the text is a scraped preview.

>>> from jingwen.cleaner.model.document import Document
>>> from jingwen.cleaner.ruleset import load_rules
>>> doc = Document.from_lines(["查看更多", "标题", "标题", "正文第一句。第二句没有写完"])
>>> doc = clean(doc, load_rules())
>>> doc.to_text(), doc.meta.title, doc.truncated_tail
('标题\\n正文第一句。\\n', '标题', '第二句没有写完')
"""
from __future__ import annotations

from dataclasses import dataclass

from jingwen.cleaner.clean import structural
from jingwen.cleaner.clean.page import MERGED, Page
from jingwen.cleaner.clean.tail import dangling_fragment
from jingwen.cleaner.model.document import FURNITURE, VERBATIM, Block, Document
from jingwen.cleaner.ruleset import LineUnions, Rule, RuleSet, detect_platform, matched_rule, start_union
from jingwen.cleaner.script import LANGUAGE_OF_SCRIPT, detect_script
from jingwen.cleaner.textfold import FILE_EXTENSION

MAX_RULE_LINE = 4000  # no platform notice is longer: longer lines are body (and cost time)
BODY_LINE_KEY = 30  # a kept line with this many letters ends the page header
BODY_SENTENCE_ENDS = ("。", "!", "?", ";", "…")  # ... as does a shorter one ending a sentence
MAX_HEADER_BLOCKS = 250
HEADER_LOOKAHEAD = 6  # removed platform lines this close after a body-like line: still the header
DETECT_BLOCKS = 400


@dataclass
class CleanOptions:
    keep_tail: bool = False
    header: bool = True  # the text starts with the page header (False: a later piece of a large file)
    tail: bool = True  # the text ends where the page ends (False: an earlier piece)
    known_platform: str | None = None  # detected on an earlier piece


def _line_rules(page: Page, rules: list[Rule], indices: range) -> None:
    rules = tuple(r for r in rules if r.lines)
    if not rules:
        return
    unions = LineUnions(rules)
    for i in indices:
        folded = page.folded[i]
        if page.removed[i] or not folded or len(folded) > MAX_RULE_LINE or not page.editable(i):
            continue
        if page.blocks[i].ignore:  # some rules are off for this block: ask them one by one
            rule = next((r for r in rules if page.editable(i, r) and r.match_line(folded)), None)
        else:
            union, able = unions.for_length(len(folded))
            m = union.fullmatch(folded) if union is not None else None
            rule = matched_rule(m, able) if m else None
        if rule is not None:
            page.remove(i, rule.id)


def _sections(page: Page, rules: list[Rule], end: int) -> None:
    rules = tuple(r for r in rules if r.sections)
    union = start_union(rules)
    if union is None:
        return
    starts = [i for i in range(min(end, len(page.blocks)))
              if len(page.folded[i]) <= MAX_RULE_LINE and union.fullmatch(page.folded[i])]
    for rule in rules:
        for section in rule.sections:
            after = -1
            for i in starts:
                if i <= after:
                    continue
                startable = page.editable(i, rule) or (page.removed[i] and page.removed[i] != MERGED)
                if not (startable and section.start.fullmatch(page.folded[i])):
                    continue
                following = [j for j in range(i + 1, min(len(page.blocks), i + 1 + section.within))
                             if page.folded[j] and page.blocks[j].kind != VERBATIM]
                take: list[int] = []
                if section.until is not None:
                    stop = next((n for n, j in enumerate(following) if section.until.fullmatch(page.folded[j])), None)
                    if stop is None:
                        continue
                    take = following[: stop + 1]
                elif section.items is not None:
                    for j in following:
                        if not section.items.fullmatch(page.folded[j]):
                            break
                        take.append(j)
                take.extend(following[len(take): len(take) + section.then])
                if all(page.editable(j, rule) or page.removed[j] for j in take):
                    for j in [i, *take]:
                        page.remove(j, rule.id)
                after = take[-1] if take else i


def _fragments(page: Page, rules: list[Rule], zone_end: int) -> None:
    from jingwen.cleaner.textfold import fold

    rules = tuple(r for r in rules if r.fragments)
    lowered = [folded.lower() for folded in page.folded]
    for rule in rules:
        end = zone_end if rule.zone == "header" else len(page.blocks)
        literals = rule.fragment_literals
        if all(literals):  # only lines holding one of the fragments' literal text can match
            candidates = sorted({i for lit in literals for i in range(end) if lit in lowered[i]})
        else:
            candidates = range(end)
        for i in candidates:
            if not lowered[i] or not page.editable(i, rule):
                continue
            for pattern, literal in zip(rule.fragments, literals, strict=True):
                if (literal is not None and literal not in lowered[i]) or not pattern.search(page.folded[i]):
                    continue
                text = page.blocks[i].text
                folded = fold(text)
                spans = [folded.original_span(m.start(), m.end())
                         for m in pattern.finditer(folded.text) if m.end() > m.start()]
                for start, stop in reversed(spans):
                    text = text[:start] + text[stop:]
                if text.strip():
                    page.set_text(i, text.strip() if text != text.strip() and spans else text, rule.id)
                else:
                    page.remove(i, rule.id)
                    break


def _header_end(page: Page) -> int:
    """Where the page header ends: at the first line that reads like body text, unless platform
    lines follow it closely (an unknown notice inside a widget does not end the header)."""
    limit = min(len(page.blocks), MAX_HEADER_BLOCKS)
    start = 0
    while True:
        end = next((i for i in range(start, limit) if _body_like(page, i)), limit)
        later = [j for j in range(end + 1, min(limit, end + 1 + HEADER_LOOKAHEAD))
                 if page.removed[j] in page.evidence_rules]
        if end >= limit or not later:
            return end
        start = later[-1] + 1


def _body_like(page: Page, i: int) -> bool:
    if page.removed[i] or i == page.title_index or page.blocks[i].kind == FURNITURE:
        return False
    key_length = len(page.key(i))
    return key_length >= BODY_LINE_KEY or (key_length >= 6 and page.folded[i].endswith(BODY_SENTENCE_ENDS))


def _truncated_tail(page: Page, rule: Rule, options: CleanOptions) -> None:
    body = [i for i in page.kept() if page.blocks[i].kind != VERBATIM]
    if not body or not page.editable(body[-1], rule):
        return
    i = body[-1]
    text = page.blocks[i].text
    last_line_start = text.rfind("\n") + 1  # HTML residue may have split the block into lines
    found = dangling_fragment(text[last_line_start:])
    if found is None:
        return
    cut, fragment = found
    cut = None if cut is None else last_line_start + cut
    page.doc.truncated_tail = fragment
    if options.keep_tail or cut is None:
        page.doc.tail_kept = True
        page.doc.record(rule.id, page.blocks[i].line, "note", text=fragment)
    else:
        page.set_text(i, page.blocks[i].text[:cut], rule.id)


def _finish(page: Page) -> list[Block]:
    """The kept blocks, gaps of removed ones carried over, multi-line blocks split."""
    out: list[Block] = []
    carried_gap = 0
    for i, block in enumerate(page.blocks):
        rule_id = page.removed[i]
        if rule_id:
            if rule_id != MERGED:
                page.doc.record(rule_id, block.line, "remove", text=block.text)
            carried_gap = max(carried_gap, block.gap)
            continue
        gap = max(block.gap, carried_gap)
        carried_gap = 0
        for n, part in enumerate(block.text.split("\n") if "\n" in block.text else [block.text]):
            out.append(Block(**{**block.__dict__, "text": part, "gap": gap if n == 0 else 0}))
    return out


def clean(doc: Document, ruleset: RuleSet, options: CleanOptions | None = None) -> Document:
    """Remove boilerplate from ``doc`` in place (and return it); every change is logged."""
    options = options or CleanOptions()
    page = Page.of(doc)
    page.evidence_rules = frozenset(r.id for r in ruleset.rules if r.evidence)
    builtins = {r.builtin: r for r in ruleset.rules if r.builtin}
    anywhere = [r for r in ruleset.rules if not r.builtin and r.zone == "any"]
    header = [r for r in ruleset.rules if not r.builtin and r.zone == "header"]
    everything = range(len(page.blocks))

    _line_rules(page, anywhere, everything)
    _sections(page, anywhere, len(page.blocks))
    if options.header:
        structural.find_title(page, _header_end(page))
        if "auto_summary" in builtins:
            structural.auto_summary(page, builtins["auto_summary"])
        page.zone_end = _header_end(page)
        _line_rules(page, header, range(page.zone_end))
        _sections(page, header, page.zone_end)
        structural.find_title(page, _header_end(page))
        page.zone_end = _header_end(page)
    _fragments(page, anywhere + header, page.zone_end)
    for name in ("duplicate_title", "widget_residue", "html_residue", "converter_pinyin"):
        if name in builtins:
            getattr(structural, name)(page, builtins[name])

    evidence = [r for r in page.fired if r in page.evidence_rules]
    sample = "\n".join(page.folded[:DETECT_BLOCKS] + page.folded[-100:])
    platform, confidence = detect_platform(ruleset, sample, evidence)
    if platform is None and options.known_platform:
        platform = options.known_platform
        confidence = doc.meta.platform_confidence if doc.meta.platform == platform else 0.5
    doc.meta.platform, doc.meta.platform_confidence = platform, confidence
    chunked = platform is not None and ruleset.platforms[platform].chunked
    chunked = chunked or structural.after_chunk_label(page)
    if "chunk_prefixes" in builtins:
        structural.chunk_prefixes(page, builtins["chunk_prefixes"], chunked)
    if "glued_title" in builtins and options.header:
        structural.glued_title(page, builtins["glued_title"])
    if "truncated_tail" in builtins and options.tail and (evidence or platform):
        _truncated_tail(page, builtins["truncated_tail"], options)

    if page.title_index is not None:
        first_line = page.blocks[page.title_index].text.strip().split("\n")[0]
        doc.meta.title = FILE_EXTENSION.sub("", first_line).strip()
    elif page.notice_title:
        doc.meta.title = page.notice_title
    doc.blocks = _finish(page)
    doc.meta.script = detect_script("".join(b.text for b in doc.body()))
    doc.meta.language = LANGUAGE_OF_SCRIPT[doc.meta.script]
    return doc
