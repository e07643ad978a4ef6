"""The clean stage: remove platform notices and preview residue, record every removal.

Order of work on one document (a ``Page`` holds the state):

1. whole-line rules and sections that apply anywhere, then the template lines learnt from the
   batch (``template.py``); rules of zone ``edges`` (a lone ``查看更多`` or ``上一篇``) at the
   page's edges only, above its text and below it;
2. the title (first title-like line) and auto-summaries that repeat the body;
3. the page header (lines before the first substantial body line): header-only rules, the
   lines around a breadcrumb (above it, a column's name under it, a column's list before the
   title), repeated titles, widget residue; on a page that shows scraping (a proving rule fired,
   or the line score found a site's furniture at its edges) the rules and sections of zones
   ``scraped``, ``edges`` and ``scraped-header`` too; then the line score (``scoring.py``)
   weighs every line's site-agnostic cues and removes what reads as a platform's;
4. in-line work: HTML residue, mirror pinyin, fragments, chunk prefixes of chunked previews;
5. the truncated tail, when a rule's match proves the text is a scraped preview.

>>> from jingwen.cleaner.model.document import Document
>>> from jingwen.cleaner.ruleset import load_rules
>>> doc = Document.from_lines(["查看更多", "年度工作总结", "年度工作总结", "正文第一句。第二句没有写完"])
>>> doc = clean(doc, load_rules())
>>> doc.to_text(), doc.meta.title, doc.truncated_tail
('年度工作总结\\n正文第一句。\\n', '年度工作总结', '第二句没有写完')
"""
from __future__ import annotations

from jingwen.cleaner.clean import chunks, residue, scoring, title
from jingwen.cleaner.clean.header import (
    above_breadcrumb,
    below_breadcrumb,
    crumb_echo,
    footer_start,
    header_end,
    text_start,
)
from jingwen.cleaner.clean.line_rules import fragments, line_rules, repeated_lines, sections
from jingwen.cleaner.clean.page import MERGED, Page
from jingwen.cleaner.clean.tail import cut_truncated_tail
from jingwen.cleaner.clean.template import remove_template_lines
from jingwen.cleaner.model.document import Block, Document, replace
from jingwen.cleaner.ruleset import Rule, RuleSet, detect_platform, line_matcher
from jingwen.cleaner.script import LANGUAGE_OF_SCRIPT, detect_script

DETECT_BLOCKS = 400
WIDGET_SCAN = 30  # header lines looked at for widget words the title search passes over


class CleanOptions:
    """What a cleaning pass is told besides the rules (a plain class: this module loads with
    every `clean`, and a dataclass costs ~0.6 ms to define)."""

    def __init__(self, keep_tail: bool = False, header: bool = True, tail: bool = True,
                 known_platform: str | None = None, known_scraped: bool = False,
                 running_notices: tuple[frozenset[str], frozenset[str]] | None = None):
        self.keep_tail = keep_tail
        self.header = header  # the text starts with the page header (False: a later piece of a large file)
        self.tail = tail  # the text ends where the page ends (False: an earlier piece)
        self.known_platform = known_platform  # detected on an earlier piece
        self.known_scraped = known_scraped  # an earlier piece showed a platform's lines
        self.running_notices = running_notices  # counted over the whole file (residue.running_notice)


def _finish(page: Page) -> list[Block]:
    """The kept blocks, gaps of removed ones carried over, multi-line blocks split. A kept
    one-line block is the same object, its gap set in place (the stage owns the document's blocks:
    no copy per line)."""
    out: list[Block] = []
    carried_gap = 0
    removed = page.removed
    for i, block in enumerate(page.blocks):
        rule_id = removed[i]
        if rule_id:
            if rule_id != MERGED:
                page.doc.record(rule_id, block.line, "remove", text=block.text, why=page.why.get(i, ""))
            carried_gap = max(carried_gap, block.gap)
            continue
        if carried_gap:
            block.gap = max(block.gap, carried_gap)
            carried_gap = 0
        if "\n" not in block.text:
            out.append(block)
            continue
        for n, part in enumerate(block.text.split("\n")):
            out.append(replace(block, text=part, gap=block.gap if n == 0 else 0))
    return out


def _scraped_rules(page: Page, header: list[Rule], on_scraped: list[Rule], on_edges: list[Rule],
                   on_scraped_header: list[Rule], options: CleanOptions) -> None:
    """The rules of a page that shows it was scraped: lines and sections (a tag list) anywhere,
    and in the header, which then reaches over the lines its header rules name."""
    line_rules(page, on_scraped + on_edges, range(len(page.blocks)))
    sections(page, on_scraped, len(page.blocks))
    if options.header:  # the header rules too, over the lines the header now reaches
        page.zone_end = header_end(page, header + on_scraped_header)
        line_rules(page, header + on_scraped_header, range(page.zone_end))


def clean(doc: Document, ruleset: RuleSet, options: CleanOptions | None = None) -> Document:
    """Remove boilerplate from ``doc`` in place (and return it); every change is logged."""
    options = options or CleanOptions()
    page = Page.of(doc)
    page.evidence_rules = frozenset(r.id for r in ruleset.rules if r.evidence)
    page.known_scraped = options.known_scraped
    page.excepted = ruleset.excepted if ruleset.exceptions else None
    builtins = {r.builtin: r for r in ruleset.rules if r.builtin}
    anywhere = [r for r in ruleset.rules if not r.builtin and r.zone == "any"]
    header = [r for r in ruleset.rules if not r.builtin and r.zone == "header"]
    footer = [r for r in ruleset.rules if not r.builtin and r.zone == "footer"]
    on_scraped = [r for r in ruleset.rules if not r.builtin and r.zone == "scraped"]
    on_edges = [r for r in ruleset.rules if not r.builtin and r.zone == "edges"]
    on_scraped_header = [r for r in ruleset.rules if not r.builtin and r.zone == "scraped-header"]
    repeated = [r for r in ruleset.rules if r.lines and r.params.get("repeated")]
    everything = range(len(page.blocks))

    line_rules(page, anywhere, everything)
    if on_edges:  # a lone button word above or below the text is the site's; inside it, the author's
        edges = [*range(text_start(page, header_end(page, header)) if options.header else 0),
                 *range(footer_start(page, footer) if options.tail else len(page.blocks), len(page.blocks))]
        line_rules(page, on_edges, sorted(set(edges)))
    repeated_lines(page, repeated)  # a button printed again and again (继续阅读 after every excerpt), anywhere
    sections(page, anywhere, len(page.blocks))
    if "running_notice" in builtins:  # before the title search: a notice on every page is no title
        residue.running_notice(page, builtins["running_notice"], options.running_notices)
    if ruleset.templates:  # after the rule files: a line they name is reported by its own rule
        remove_template_lines(page, ruleset.templates)
    if options.header:
        # a lone widget word the generic rules for scraped pages know (搜索, TOP) is never the title,
        # proven scraped or not (a site file's words, 版权声明, may be a document's title elsewhere)
        widgets = line_matcher(tuple(r for r in on_scraped + on_edges
                                     if r.lines and r.platform == "generic" and not r.params.get("may_be_title")))
        page.widget_lines = frozenset(i for i in page.kept(0, min(len(page.blocks), WIDGET_SCAN))
                                      if page.folded[i] and widgets.match(page.folded[i], prefilter=False))
        # a title's site prefix and suffix cut first (``CN205563122U - 某装置 - Google Patents``):
        # the title is then found by its repeat further down
        fragments(page, header, header_end(page, header))
        title.find_title(page, header_end(page, header))
        if "auto_summary" in builtins:
            residue.auto_summary(page, builtins["auto_summary"])
        page.zone_end = header_end(page, header)
        line_rules(page, header, range(page.zone_end))
        sections(page, header, page.zone_end)
        if "above_breadcrumb" in builtins:
            above_breadcrumb(page, builtins["above_breadcrumb"])
        if "crumb_echo" in builtins and crumb_echo(page, builtins["crumb_echo"]):
            title.find_title(page, header_end(page, header))  # the title moved down: the header
            zone_end, page.zone_end = page.zone_end, header_end(page, header)  # reaches its byline
            line_rules(page, header, range(zone_end, page.zone_end))
        title.find_title(page, header_end(page, header))
        if "below_breadcrumb" in builtins:
            below_breadcrumb(page, builtins["below_breadcrumb"])
        page.zone_end = header_end(page, header)
    scraped = bool(options.known_platform or ruleset.templates or page.has_platform_lines())
    if scraped:  # rules for a page that shows it was scraped (zone = "scraped", "edges", "scraped-header")
        _scraped_rules(page, header, on_scraped, on_edges, on_scraped_header, options)
    if "line_score" in builtins:
        # a page with platform lines is weighed whole; any other first at its edges (header, footer),
        # and whole only when its edges held scraped lines: a byline inside the user's own document stays
        if not scraped:
            before = len(page.fired)
            scoring.score_lines(page, builtins["line_score"], ruleset.ignored,
                                (text_start(page, page.zone_end) if options.header else 0,
                                 footer_start(page) if options.tail else len(page.blocks)),
                                options.header, options.tail)
            scraped = len(page.fired) > before
            if scraped:  # the edges showed a site's furniture: the rules for scraped pages apply too
                _scraped_rules(page, header, on_scraped, on_edges, on_scraped_header, options)
        if scraped:
            scoring.score_lines(page, builtins["line_score"], ruleset.ignored,
                                starts_page=options.header, ends_page=options.tail)
        doc.meta.scraped = bool(scraped)
        if options.header:  # scored lines gone, the header may reach further: its rules again
            zone_end = page.zone_end
            title.find_title(page, header_end(page, header))
            page.zone_end = header_end(page, header)
            if page.zone_end > zone_end:
                line_rules(page, header + (on_scraped_header if scraped else []), range(zone_end, page.zone_end))
    fragments(page, anywhere + header, page.zone_end)
    if footer and options.tail:  # a piece of a large file before its last has no footer
        line_rules(page, footer, range(footer_start(page, footer), len(page.blocks)))
    if "widget_residue" in builtins:  # before the title's repeats: their search stops at a kept line
        residue.widget_residue(page, builtins["widget_residue"])
    if "duplicate_title" in builtins:
        title.duplicate_title(page, builtins["duplicate_title"])
    for name in ("html_residue", "converter_pinyin"):
        if name in builtins:
            getattr(residue, name)(page, builtins[name])

    evidence = [r for r in page.fired if r in page.evidence_rules]
    sample = "\n".join(page.folded[:DETECT_BLOCKS] + page.folded[-100:])
    platform, confidence = detect_platform(ruleset, sample, evidence)
    if platform is None and options.known_platform:
        platform = options.known_platform
        confidence = doc.meta.platform_confidence if doc.meta.platform == platform else 0.5
    doc.meta.platform, doc.meta.platform_confidence = platform, confidence
    chunked = platform is not None and ruleset.platforms[platform].chunked
    if "chunk_prefixes" in builtins:
        chunks.chunk_prefixes(page, builtins["chunk_prefixes"], chunked, options.header)
    if "glued_title" in builtins and options.header:
        title.glued_title(page, builtins["glued_title"])
    if "truncated_tail" in builtins and options.tail and (platform or page.has_platform_lines()):
        cut_truncated_tail(page, builtins["truncated_tail"], options.keep_tail)

    own = {builtins[name].id for name in ("duplicate_title", "glued_title") if name in builtins}
    if options.header and page.title_index is not None and page.removed[page.title_index] not in (None, *own):
        title.find_title(page, header_end(page, header))  # a late rule took the title line as junk (a spam tag line)
    found = title.document_title(page)
    if found is not None:
        doc.meta.title = found
    doc.blocks = _finish(page)
    doc.meta.script = detect_script("".join(b.text for b in doc.body()))
    doc.meta.language = LANGUAGE_OF_SCRIPT[doc.meta.script]
    return doc
