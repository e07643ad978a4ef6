"""Pattern rules from the rule files: whole lines, sections (a label and what follows it) and
fragments cut out of a line, each removal recorded with its rule id."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from jingwen.cleaner.clean.page import MERGED, Page
from jingwen.cleaner.model.document import VERBATIM
from jingwen.cleaner.patterns import compile_pattern, required_literals, searchable
from jingwen.cleaner.ruleset import PREFILTER_FROM_LINES, Rule, line_matcher, start_union

MAX_RULE_LINE = 4000  # no platform notice is longer: longer lines are body (and cost time)
# a list item's bullet, as a page's <li> comes out in scraped text (``- 2、本文档由用户上传…``)
BULLETS = "-•·*▪◆■●"
LIST_BULLET = compile_pattern(rf"(?:[{BULLETS}]\s+)+")


def line_rules(page: Page, rules: list[Rule], indices: Sequence[int]) -> None:
    rules = tuple(r for r in rules if r.lines)
    if not rules:
        return
    matcher = line_matcher(rules)
    blocks, all_folded, removed = page.blocks, page.folded, page.removed
    prefilter = len(indices) >= PREFILTER_FROM_LINES
    for i in indices:
        folded = all_folded[i]
        if removed[i] or not folded or len(folded) > MAX_RULE_LINE:
            continue
        block = blocks[i]
        if block.kind == VERBATIM or block.protected:  # page.editable(i), inline: this loop sees every line
            continue
        rule = _matching(page, i, folded, rules, matcher, prefilter)
        if rule is None and folded[0] in BULLETS and (bullet := LIST_BULLET.match(folded)):
            rule = _matching(page, i, folded[bullet.end():], rules, matcher, prefilter)  # the item itself
        if rule is not None:
            page.remove(i, rule.id)


def _matching(page: Page, i: int, folded: str, rules: tuple[Rule, ...], matcher, prefilter: bool) -> Rule | None:
    if page.blocks[i].ignore:  # some rules are off for this block: ask them one by one
        return next((r for r in rules if page.editable(i, r) and r.match_line(folded)), None)
    return matcher.match(folded, prefilter)


REPEATED_LINE = 200  # characters: a button or a widget repeated on a page is no longer


def repeated_lines(page: Page, rules: list[Rule]) -> None:
    """Lines a rule with a ``repeated = N`` parameter matches, wherever they sit, when the page
    prints the same one ``N`` times or more: a read-more button after every excerpt of a blog's
    list page (``继续阅读`` three times) is a site's, where one inside the text may be the author's.

    >>> from jingwen.cleaner.model.document import Document
    >>> from jingwen.cleaner.ruleset import load_rules
    >>> rule = next(r for r in load_rules().rules if r.id == "generic.read-more")
    >>> page = Page.of(Document.from_lines(["甲文摘要。", "继续阅读", "乙文摘要。", "继续阅读",
    ...                                     "丙文摘要。", "继续阅读"]))
    >>> repeated_lines(page, [rule]); [page.removed[i] for i in (1, 3, 5)]
    ['generic.read-more', 'generic.read-more', 'generic.read-more']
    """
    for rule in rules:
        minimum = int(rule.params["repeated"])
        found: dict[str, list[int]] = {}
        for i, folded in enumerate(page.folded):
            if (not page.removed[i] and folded and len(folded) <= min(rule.max_width, REPEATED_LINE)
                    and page.editable(i, rule) and rule.match_line(folded)):
                found.setdefault(page.key(i), []).append(i)
        for lines in found.values():
            if len(lines) >= minimum:
                for i in lines:
                    page.remove(i, rule.id)


MAX_FIELD_VALUE = 60  # a field's value on the line after its label is no longer than this


def sections(page: Page, rules: list[Rule], end: int) -> None:
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
                    label = section.values and page.folded[i].endswith(":")  # its value may follow
                    for j in following:
                        if section.items.fullmatch(page.folded[j]):
                            label = section.values and page.folded[j].endswith(":")
                        elif label and len(page.folded[j]) <= MAX_FIELD_VALUE and not page.folded[j].endswith(":"):
                            label = False  # the value of the label above
                        else:
                            break
                        take.append(j)
                take.extend(following[len(take): len(take) + section.then])
                if section.needs is not None and not any(section.needs.fullmatch(page.folded[j]) for j in [i, *take]):
                    continue
                if all(page.editable(j, rule) or page.removed[j] for j in take):
                    for j in [i, *take]:
                        page.remove(j, rule.id)
                after = take[-1] if take else i


def _lines_holding(lines: list[str]):
    """``holding(text, end)``: the indices below ``end`` of the lines that contain ``text``, found
    by ``str.find`` in the lines joined (folded lines hold no line break), at a cost that grows
    with the hits and the text searched (a header rule's search stops at the header's end)
    rather than with the number of lines."""
    blob = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))

    def holding(text: str, end: int) -> list[int]:
        if "\n" in text:
            return [i for i, line in enumerate(lines[:end]) if text in line]
        limit = starts[min(end, len(lines))]
        found, pos = [], blob.find(text, 0, limit)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            found.append(i)
            pos = blob.find(text, starts[i + 1], limit)
        return found

    return holding


def fragments(page: Page, rules: list[Rule], zone_end: int) -> None:
    from jingwen.cleaner.textfold import fold

    rules = tuple(r for r in rules if r.fragments)
    lowered = [searchable(folded) for folded in page.folded]
    holding = _lines_holding(lowered)
    for rule in rules:
        end = zone_end if rule.zone == "header" else len(page.blocks)
        literals = rule.fragment_literals
        # only lines holding one of the texts each fragment needs can match (a fragment without
        # a run of literal text may still need one of a few characters: 第…页,共…页)
        needs = [(lit,) if lit else required_literals(p.pattern, p.flags)
                 for p, lit in zip(rule.fragments, literals, strict=True)]
        if all(needs):
            candidates = sorted({i for texts in needs for text in texts for i in holding(text, end)})
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
