"""Learning a site's template from several of its pages.

Lines a site prints on every page (its banner, menus, notices, bylines with the date changed)
repeat across pages; the author's text does not. Two uses:

* ``repeated_lines``: while a batch is cleaned, lines repeated on three or more pages of one
  folder that do not read as body (numbers generalised) are the site's template
  (``template.repeated``);
* ``draft_rule_file``: ``jingwen learn PAGES -o site.toml`` turns the repeated line *shapes*
  (numbers and dates generalised, the page's own title a wildcard, the parts that some pages
  lack a gap) into a rule file to review and pass with ``--rules``.

A line is the site's when it repeats on three or more pages and sits outside the pages' own
text: above it (the header), below it (the footer: with the odds of a notice) or, for a draft
the user reviews, between the page's title and its body (the lead: with strong odds from the
line score, so a shared ``摘要`` stays). Prose and numbered headings never are.

>>> bodies = ["春天来了,柳树发芽,燕子从南方飞回来。", "秋天的稻田一片金黄,农民忙着收割。",
...           "冬天下了第一场雪,孩子们堆起了雪人。", "夏天的午后,知了在树上不停地叫。"]
>>> pages = [["XX范文网 - 范文大全", f"浏览次数:{7 * n + 20}", body] for n, body in enumerate(bodies)]
>>> sorted(repeated_lines(pages).items())
[('xx范文网\\\\ \\\\-\\\\ 范文大全', 4), ('浏览次数:\\\\d+', 4)]
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from jingwen.cleaner.clean.cues import HEADING, key_length, prose_like
from jingwen.cleaner.clean.line_weights import line_odds
from jingwen.cleaner.textfold import fold_text

MIN_PAGES = 3  # a line on this many pages of one site is its template
MAX_TEMPLATE_LINE = 300
NOTICE_ODDS = 0.25  # copyright lines score 0.3, closing lines of documents (谢谢大家!) 0.03
LEAD_ODDS = 0.9  # 合集下载 0.99, 文档序号:… 0.99; a shared 摘要, 目录 or 前言 0.65
VARYING_ODDS = 0.75  # a line that varies from page to page: 浏览次数:27 0.99, 发布2019-05-08 0.78, 第1号工作简报 0.65
MAX_LEAD = 6  # the page's own short lines above its body: title, subtitle, author, a sub-document's title
MAX_LEAD_LETTERS = 60
EDGE_LINES = 40  # variants are looked for among a page's first and last lines only …
MAX_TRIES = 20  # … and against at most this many shapes that start or end alike
# shape tokens besides single characters: a whole number, a decimal, the page's title, a gap
INT, DECIMAL, TITLE, GAP = "\0d", "\0f", "\0t", "\0g"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?:com|cn|net|org|cc|top|vip|info)(?:\.cn)?", re.IGNORECASE)
_WIDTH = {INT: 10, DECIMAL: 12, TITLE: 120}


@dataclass
class Found:
    """A template line (or shape): on ``pages`` pages, mostly in ``zone``, ``example`` as seen."""
    pages: int
    zone: str
    example: str
    tokens: tuple = ()
    odds: float = 1.0  # the line score's odds that the example is boilerplate, where it sits
    at: int = 0  # its line number on the first page it is on


def _zones(page: Sequence[tuple[Hashable, str]], shared: set, lead: bool) -> list[str] | None:
    """Where each line of a page sits: header (above the page's own lines), lead (below its
    title and at most ``MAX_LEAD`` own short lines, above its body; when ``lead``), body or
    footer (below its own lines); None for a page with nothing of its own."""
    own = [i for i, (key, _) in enumerate(page) if key not in shared]
    if not own:
        return None
    body = own[0]
    for n, i in enumerate(own if lead else ()):
        text = page[i][1]
        if n >= MAX_LEAD or prose_like(text) or key_length(text) > MAX_LEAD_LETTERS:
            body = i
            break
    return ["header" if i < own[0] else "lead" if i < body else "footer" if i > own[-1] else "body"
            for i in range(len(page))]


def _template_keys(pages: Sequence[Sequence[tuple[Hashable | None, str]]], min_pages: int, reviewed: bool) -> dict:
    """Keys (a line, or its shape) of the site template, each with a ``Found``: on ``min_pages``
    or more *different* pages (copies of one page prove nothing), outside the pages' own text
    (``_zones``) on most of them (so a heading all the documents share, such as 参考文献, is
    not template; a pattern that varies on nearly all), never prose nor a numbered heading on
    any; in the lead only with strong odds
    from the line score, in the footer with the odds of a notice; a line that varies from page
    to page (its numbers, its title) only with a byline's odds (a series' titles, 第1号工作简报,
    第2号…, vary too).
    ``pages``: each page's (key, folded line) pairs in order; ``reviewed``: a draft the user
    reviews (``jingwen learn``) looks in the lead too, where a line that varies needs a byline's
    odds and a weaker one beside the template's lines is taken; a batch cleans unreviewed, and a
    folder of records (专利 tables: 优先权 | 暂无 |) repeats rows below each title."""
    distinct = list({tuple(page): page for page in pages if page}.values())
    count: defaultdict[Hashable, int] = defaultdict(int)
    for page in distinct:
        for key in {key for key, _ in page if key is not None}:  # None: a line too long to be template
            count[key] += 1
    shared = {key for key, n in count.items() if n >= min_pages}
    # for a draft, a line on two pages is no page's own either: a template line some pages lack
    repeated = {key for key, n in count.items() if n >= 2} if reviewed else shared
    placed: defaultdict[Hashable, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: defaultdict[Hashable, list[str]] = defaultdict(list)
    beside: defaultdict[Hashable, list[tuple]] = defaultdict(list)  # the keys of the lines around it
    first_at: dict[Hashable, int] = {}
    for page in distinct:
        zones = _zones(page, repeated, reviewed)
        if zones is None:  # nothing of its own: a near copy, it tells nothing about where the body is
            continue
        where: dict[Hashable, str] = {}
        for i, ((key, text), zone) in enumerate(zip(page, zones, strict=True)):
            if key in shared:
                where[key] = zone if where.get(key, zone) == zone else "body"
                examples[key].append(text)
                beside[key].append((page[i - 1][0] if i else None, page[i + 1][0] if i + 1 < len(page) else None))
                first_at.setdefault(key, i)
        for key, zone in where.items():
            placed[key][zone] += 1
    found, weak = {}, {}
    for key in shared:
        zones = placed[key]
        outside = zones["header"] + zones["lead"] + zones["footer"]
        texts = examples[key]
        varies = len(set(texts)) > 1  # its numbers or its title change from page to page
        if (outside < min_pages or outside * 2 < count[key] or varies and outside * 5 < count[key] * 4
                or any(prose_like(t) or HEADING.match(t) for t in texts)):
            continue  # a pattern (2023/9/9 as \d+/\d+/\d+) is outside the text on nearly all its pages
        if zones["header"] * 2 >= outside:
            zone, odds = "header", VARYING_ODDS if varies else 0.0
        elif (zones["header"] + zones["lead"]) * 2 >= outside:
            zone, odds = "lead", VARYING_ODDS if varies else LEAD_ODDS
        elif zones["footer"] * 2 >= outside:
            zone, odds = "footer", NOTICE_ODDS
        else:
            continue
        p = line_odds(texts[0], header=zone != "footer", footer=zone == "footer") if odds else 1.0
        tokens = key if isinstance(key, tuple) else ()
        (found if p >= odds else weak)[key] = Found(count[key], zone, texts[0], tokens, p, first_at[key])
    # a weaker line right next to the template's lines on most of its pages is theirs too (举报, then
    # 文章被收录于专栏:X); a document's 摘要 sits between its title and its text. Once: next to lines
    # found so, a document's own headings would follow one another.
    strong = set(found)
    for key, f in weak.items():
        if f.odds >= NOTICE_ODDS and f.zone == "lead" and 2 * sum(
                before in strong or after in strong for before, after in beside[key]) >= len(beside[key]):
            found[key] = f
    return found


def reads_as_notice(folded: str) -> bool:
    """A line below the documents' own text is the site's only with some evidence: the line
    score, placed in the footer, gives it fair odds of being boilerplate (a closing line all
    the documents share, such as 继续做好各项工作。, is theirs).

    >>> reads_as_notice("免责声明:本站资料由会员上传,仅供学习交流,如有侵权请联系删除。")
    True
    >>> reads_as_notice("继续做好各项工作。")
    False
    """
    return line_odds(folded, footer=True) >= NOTICE_ODDS


def _folded_lines(lines: Sequence[str]) -> list[tuple[bool, str]]:
    """(short enough to be template, folded text) of the page's non-blank lines."""
    return [(len(text) <= MAX_TEMPLATE_LINE, text) for text in map(fold_text, lines)
            if text and key_length(text) >= 1]


def repeated_lines(pages: Sequence[Sequence[str]], min_pages: int = MIN_PAGES) -> dict[str, int]:
    """Patterns of the site template's lines (``template_shapes`` with numbers generalised but
    no titles, merged variants nor lead: a batch cleans unreviewed, and drafts of one document
    differ in a word), with the number of pages each is on."""
    return {shape: f.pages for shape, f in template_shapes(pages, (), min_pages, reviewed=False)}


def shape_tokens(folded: str, title: str | None = None) -> tuple[str, ...]:
    """The line as tokens: its characters (lower case), each number one token, the page's title one.

    >>> shape_tokens("第3页", None)
    ('第', '\\x00d', '页')
    """
    parts = [folded] if not title or title not in folded else folded.split(title)
    tokens: list[str] = []
    for n, part in enumerate(parts):
        if n:
            tokens.append(TITLE)
        last = 0
        for m in _NUMBER.finditer(part):
            tokens.extend(part[last:m.start()].lower())
            tokens.append(DECIMAL if "." in m.group() else INT)
            last = m.end()
        tokens.extend(part[last:].lower())
    return tuple(tokens)


def _width(tokens: Sequence[str]) -> int:
    return sum(_WIDTH.get(t, int(t[2:]) if t.startswith(GAP) else 1) for t in tokens)


def render(tokens: Sequence[str]) -> str:
    """The regex of a shape: numbers ``\\d+``, the title ``.{1,120}``, a gap ``.{0,N}``."""
    out = []
    for t in tokens:
        if t == INT:
            out.append(r"\d+")
        elif t == DECIMAL:
            out.append(r"\d+(?:\.\d+)?")
        elif t == TITLE:
            out.append(".{1,120}")
        elif t.startswith(GAP):
            out.append(f".{{0,{t[2:]}}}")
        else:
            out.append(re.escape(t))
    return "".join(out)


def line_shape(folded: str, title: str | None = None) -> str:
    """A regex for the folded line with its numbers generalised and the page's title a wildcard.

    >>> line_shape("报告.doc_第3页", "报告")
    '.{1,120}\\\\.doc_第\\\\d+页'
    """
    return render(shape_tokens(folded, title))


def _letters(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if len(t) == 1 and t.isalnum())


def generalise(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...] | None:
    """One shape for two variants of a line, or None when they differ too much: one label
    with different values (文章被收录于专栏:X) or a breadcrumb to different pages; the same frame (a
    start and an end of 12 or more tokens together) around a part that varies, such as an intro
    with the document's title inside; else most of their tokens the same, the parts where they
    differ a gap.

    >>> render(generalise(shape_tokens("文档序号:12发布日期:2019-02-22阅读:5来源:国知局"),
    ...                   shape_tokens("文档序号:34阅读:6来源:国知局")))
    '文档序号:\\\\d+.{0,74}阅读:\\\\d+来源:国知局'
    >>> generalise(shape_tokens("上一篇:春天的雨"), shape_tokens("下一篇:秋天的风")) is None
    True
    """
    head = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    tail = next((n for n, (x, y) in enumerate(zip(reversed(a[head:]), reversed(b[head:]), strict=False)) if x != y),
                min(len(a), len(b)) - head)
    if head >= 4 and tail == 0 and a[head - 1] in ":>›»|" and _letters(a[:head]) >= 4:  # a label or a breadcrumb
        width = max(_width(a[head:]), _width(b[head:]))
        return (*a[:head], f"{GAP}{min(120, width * 2)}")
    if head >= 4 and tail >= 4 and head + tail >= 12:
        width = max(_width(a[head:len(a) - tail]), _width(b[head:len(b) - tail]))
        return (*a[:head], f"{GAP}{min(120, width * 2)}", *a[len(a) - tail:])
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    same = sum(size for _, _, size in matcher.get_matching_blocks())
    if same < 4 or same < 0.75 * min(len(a), len(b)) or same < 0.5 * max(len(a), len(b)):
        return None
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(a[i1:i2])
            continue
        width = max(_width(a[i1:i2]), _width(b[j1:j2]))
        if out and out[-1].startswith(GAP):
            width += int(out.pop()[2:])
        out.append(f"{GAP}{min(120, width * 2)}")
    return tuple(out) if _letters(out) >= 4 else None


def _edges(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ("<",) + tokens[:2], (">",) + tokens[-2:]


def _merge_variants(keyed: list[list[tuple[tuple | None, str]]], min_pages: int) -> list[list[tuple]]:
    """Shapes that are variants of one line (a label some pages lack, ``generalise``) become
    that one shape when together on ``min_pages`` or more pages (never two lines of one page)."""
    pages_of: defaultdict[tuple, set[int]] = defaultdict(set)
    for n, page in enumerate(keyed):
        for i, (key, text) in enumerate(page):
            if (key is not None and (i < EDGE_LINES or i >= len(page) - EDGE_LINES)  # where a template is
                    and key_length(text) <= MAX_LEAD_LETTERS and not prose_like(text)):  # not two drafts' sentences
                pages_of[key].add(n)
    keys = sorted((k for k in pages_of if _letters(k) >= 4), key=lambda k: (-len(pages_of[k]), k))
    groups: list[list] = []  # [shape, pages, members]
    by_edge: defaultdict[tuple, list[int]] = defaultdict(list)
    for key in keys:
        for g in sorted({g for edge in _edges(key) for g in by_edge[edge][:MAX_TRIES]}):
            shape, pages, members = groups[g]
            merged = None if pages & pages_of[key] else generalise(shape, key)
            if merged is not None:
                groups[g] = [merged, pages | pages_of[key], members + [key]]
                break
        else:
            for edge in _edges(key):
                by_edge[edge].append(len(groups))
            groups.append([key, set(pages_of[key]), [key]])
    renamed = {m: shape for shape, pages, members in groups if len(members) > 1 and len(pages) >= min_pages
               for m in members}
    return [[(renamed.get(k, k), text) for k, text in page] for page in keyed]


def template_shapes(pages: Sequence[Sequence[str]], titles: Sequence[str | None] = (),
                    min_pages: int = MIN_PAGES, reviewed: bool = True) -> list[tuple[str, Found]]:
    """(regex, ``Found``) of the site template's line shapes, most frequent first, then in page
    order; ``titles``: each page's title, folded, made a wildcard (not when two or more pages'
    titles are alike but for their numbers: a byline taken for the title). A shape that is the
    title alone is the title."""
    titles = [t if t and len(t) >= 2 else None for t in list(titles) + [None] * (len(pages) - len(titles))]
    alike = Counter(shape_tokens(t) for t in titles if t)
    keyed = []
    for n, lines in enumerate(pages):
        title = titles[n] if titles[n] and alike[shape_tokens(titles[n])] < 2 else None  # 发布2019-05-08 …
        shapes = [(shape_tokens(text, title) if short else None, text) for short, text in _folded_lines(lines)]
        keyed.append([(None if key == (TITLE,) else key, text) for key, text in shapes])  # the title is the page's own
    min_pages = min(min_pages, len(pages))
    found = _template_keys(_merge_variants(keyed, min_pages) if reviewed else keyed, min_pages, reviewed)
    kept = [(render(key), f) for key, f in found.items() if _letters(key) or any(t not in (TITLE, INT) for t in key)]
    zones = ("header", "lead", "footer")
    return sorted(kept, key=lambda item: (-item[1].pages, zones.index(item[1].zone), item[1].at, item[0]))


def repeated_shapes(pages: Sequence[Sequence[str]], titles: Sequence[str | None] = (),
                    min_pages: int = MIN_PAGES) -> list[tuple[str, int]]:
    """Line shapes of the site template (``template_shapes``) with the number of pages each is on."""
    return [(shape, f.pages) for shape, f in template_shapes(pages, titles, min_pages)]


def _toml_string(text: str) -> str:
    if "'" not in text and "\n" not in text:
        return f"'{text}'"
    import json

    return json.dumps(text, ensure_ascii=False)


def _signatures(shapes: list[tuple[str, Found]], pages: int) -> list[str]:
    """Up to three shapes on all pages but at most one, with no title in them and the most
    letters of their own: they tell this site's pages from others."""
    common = [(s, _letters(f.tokens)) for s, f in shapes
              if f.pages >= max(MIN_PAGES, pages - 1) and TITLE not in f.tokens and _letters(f.tokens) >= 4]
    return [s for s, _ in sorted(common, key=lambda item: -item[1])[:3]]


ZONE_NAMES = {"header": "above the text", "lead": "between the title and the text", "footer": "below the text"}


def draft_rule_file(pages: Sequence[Sequence[str]], titles: Sequence[str | None], site_id: str,
                    name: str | None = None, sources: Sequence[str] = ()) -> str:
    """A rule file (TOML text) for the site these pages come from: its template line shapes as
    one rule, each with a comment saying where and on how many pages it was seen and one line
    it matched; the most common as signatures; the domains its lines name."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", site_id):
        raise ValueError(f"site id {site_id!r}: use lower-case letters, digits, - and _")
    shapes = template_shapes(pages, [fold_text(t) if t else None for t in titles])
    domains = sorted({m.group().lower() for lines in pages for line in lines
                      for m in _DOMAIN.finditer(fold_text(line))
                      if any(m.group().lower() in s.replace("\\", "") for s, _ in shapes)})
    out = [
        f"# Drafted by `jingwen learn` from {len(pages)} pages"
        + (f" ({', '.join(sources[:5])}{', …' if len(sources) > 5 else ''})" if sources else "") + ".",
        "# Review before use: every line pattern below removes whole lines that match it on any page",
        "# of this site. In a pattern \\d+ is any number, .{1,120} the page's title, .{0,N} a part",
        "# some pages lack. Pass the file with `jingwen clean --rules FILE` (with --select, name",
        f"# {site_id} too).",
        "",
        "[platform]",
        f"id = {_toml_string(site_id)}",
        f"name = {_toml_string(name or site_id)}",
        f"domains = [{', '.join(_toml_string(d) for d in domains)}]",
        f"signatures = [{', '.join(_toml_string(s) for s in _signatures(shapes, len(pages)))}]",
        "",
    ]
    if shapes:
        description = (f"Lines of the site template, repeated on {MIN_PAGES} or more of {len(pages)} pages "
                       "(jingwen learn)")
        out += ["[[rules]]", f"id = {_toml_string(site_id + '.template')}",
                f"description = {_toml_string(description)}", "lines = ["]
        for shape, f in shapes:
            out += [f"  # on {f.pages} of {len(pages)} pages, {ZONE_NAMES[f.zone]}: {f.example[:80]}",
                    f"  {_toml_string(shape)},"]
        out += ["]", ""]
    return "\n".join(out)
