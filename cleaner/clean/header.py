"""Where the page header ends (the platform's lines above the document's first body line) and
where the page footer starts (the lines after its last one)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from jingwen.cleaner.clean.cues import HEADING, TIMESTAMP, line_cues
from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.model.document import FURNITURE
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.ruleset import Rule
from jingwen.cleaner.textfold import key_of_folded

BODY_LINE_KEY = 30  # a kept line with this many letters ends the page header
BODY_SENTENCE_ENDS = ("。", "!", "?", ";", "…")  # ... as does a shorter one ending a sentence
MAX_HEADER_BLOCKS = 250
HEADER_LOOKAHEAD = 6  # removed platform lines this close after a body-like line: still the header
_SENTENCE_MARK = compile_pattern(r"[。!?;,，]")  # a line with none of these is no sentence


def header_end(page: Page, rules: Sequence[Rule] = ()) -> int:
    """Where the page header ends: at the first line that reads like body text, unless platform
    lines follow it closely (an unknown notice inside a widget does not end the header). A line
    a header rule of ``rules`` matches is the header's however long it is: a breadcrumb that ends
    in the title (``您的位置:首页 > 新闻 > {a long title}``) or a greeting (``欢迎来到XX网!``).
    A body-like line that two lines a proving header rule matches follow closely (a site's
    notice above its breadcrumb and byline: ``8月1日起,…详情参阅资讯中心公告``) does not end it
    either; one such line does not (an author's menu path ``设置 > 显示 > 字体大小``)."""
    limit = min(len(page.blocks), MAX_HEADER_BLOCKS)
    line_rules = [r for r in rules if r.lines]
    proving = [r for r in line_rules if r.id in page.evidence_rules]
    start = 0
    while True:
        end = next((i for i in range(start, limit) if _body_like(page, i)
                    and not any(r.match_line(page.folded[i]) for r in line_rules)), limit)
        ahead = range(end + 1, min(limit, end + 1 + HEADER_LOOKAHEAD))
        later = [j for j in ahead if page.removed[j] in page.evidence_rules]
        matched = [j for j in ahead if page.editable(j) and any(r.match_line(page.folded[j]) for r in proving)]
        if len(matched) >= 2:  # two platform lines just ahead (a breadcrumb and a byline): still the header
            later = sorted(later + matched)
        if end >= limit or not later:
            return end
        start = later[-1] + 1


def text_start(page: Page, end: int) -> int:
    """Where the document's own text starts, at ``end`` (the header's end) or earlier: at its first
    heading (``一、总体情况``, ``第一章``) or a line introducing a list (``网站设以下一级栏目：``,
    six letters or more ending in a colon, no menu). The short lines after it (``首页``, ``浏览量:126400次``)
    are the document's items, not a site's header, on a page that shows no platform line.

    >>> from jingwen.cleaner.model.document import Document
    >>> page = Page.of(Document.from_lines(["收藏", "访问统计", "一、总体情况", "浏览量:126400次"]))
    >>> text_start(page, 4), text_start(Page.of(Document.from_lines(["栏目设置", "网站设以下栏目:", "首页"])), 3)
    (2, 1)
    """
    for i in range(end):
        text = page.folded[i].strip()
        if HEADING.search(text) or (text.endswith(":") and len(page.key(i)) >= 6
                                    and not line_cues(text)["separator"]):  # a menu's 管理 :: stays the site's
            return i
    return end


def _body_like(page: Page, i: int) -> bool:
    if page.removed[i] or i == page.title_index or page.blocks[i].kind == FURNITURE:
        return False
    key_length = len(page.key(i))
    if TIMESTAMP.search(page.folded[i]) and not _SENTENCE_MARK.search(page.folded[i]):
        return False  # a post's stamp to the second (admin 发表于2025-05-01 22:49:27 浏览3 评论0): a site's line
    return key_length >= BODY_LINE_KEY or (key_length >= 6 and page.folded[i].endswith(BODY_SENTENCE_ENDS))


def footer_start(page: Page, rules: Sequence[Rule] = ()) -> int:
    """Where the page footer starts: after the last line that reads like body text and is not
    a footer line itself (one that ``rules`` match). A site footer's ICP number in the middle of
    a document is the document's."""
    for i in range(len(page.blocks) - 1, -1, -1):
        if _body_like(page, i) and not any(r.lines and r.match_line(page.folded[i]) for r in rules):
            return i + 1
    return 0


# a breadcrumb's shape: a location label, or two separators between page names (not a sentence's 《》)
_BREADCRUMB = compile_pattern(
    r"^(?!.*[。!?])(?:.*(?:当前位置|您的位置|您现在的位置|所在位置|位置|导航)\s*:|(?:[^>›»》]*\w[^>›»》]*(?:[>›»]|\s》\s)){2})")


def removed_breadcrumb(page: Page, indices: Iterable[int]) -> int | None:
    """The first of ``indices`` that is a breadcrumb a proving rule removed (None: none is)."""
    return next((i for i in indices if page.removed[i] in page.evidence_rules and _BREADCRUMB.search(page.folded[i])),
                None)


def above_breadcrumb(page: Page, rule: Rule) -> None:
    """A site prints its breadcrumb (``当前位置:专利申请 > 国内专利 >``) under its own header:
    once a proving rule has removed a breadcrumb in the page header, the few short lines above it
    (a phone number, ``最新公告:NOTICE``, a notice, a column name) are the site's too, when
    another proving rule has fired on the page as well (a byline, a share notice). Nothing
    goes when more than ``max_lines`` lines or a line longer than ``max_key`` letters sit above
    it: that is a document, not a site's header.

    >>> from jingwen.cleaner.model.document import Document
    >>> from jingwen.cleaner.ruleset import load_rules
    >>> from jingwen.cleaner.clean.stage import clean
    >>> doc = clean(Document.from_lines(["400-800-1234", "专利申请", "当前位置:首页 > 专利申请 >",
    ...     "专利的审查程序", "发布时间:2024-02-23 10:12:37 浏览:",
    ...     "发明专利申请提出后,先进行初步审查,再进行实质审查,合格后授权。"]), load_rules())
    >>> [b.text for b in doc.blocks]
    ['专利的审查程序', '发明专利申请提出后,先进行初步审查,再进行实质审查,合格后授权。']
    """
    max_lines, max_key = int(rule.params.get("max_lines", 8)), int(rule.params.get("max_key", 48))
    crumb = removed_breadcrumb(page, range(min(page.zone_end, max_lines + 1)))
    if crumb is None or not any(r in page.evidence_rules for n, r in enumerate(page.removed) if n != crumb):
        return  # a breadcrumb alone is no proof: a how-to's menu path 设置 > 显示 > 字体 may sit there
    above = [i for i in page.kept(0, crumb, body_only=False) if page.folded[i].strip()]
    if len(above) > max_lines or any(len(page.key(i)) > max_key or not page.editable(i, rule) for i in above):
        return
    for i in above:
        page.remove(i, rule.id)


_SENTENCE_END = compile_pattern(r"[。!?;]\s*$")


# a breadcrumb's separators, and the marker some end it with (当前位置:首页 > 运维 > windows >内容正文)
_CRUMB_SPLIT = compile_pattern(r"\s*(?:[>›»/→]|\s》\s)\s*")
_CRUMB_END = compile_pattern(r"^(?:内容)?正文(?:内容)?$")
MAX_TITLE_KEY = 60  # a heading under the column's echo is no longer than this


def crumb_names(folded: str) -> list[str]:
    """The page names of a breadcrumb, its end marker (正文) left out.

    >>> crumb_names("当前位置: 首页 > 运维知识 > windows >内容正文")
    ['当前位置: 首页', '运维知识', 'windows']
    """
    return [name for name in _CRUMB_SPLIT.split(folded) if name.strip() and not _CRUMB_END.match(name)]


def crumb_echo(page: Page, rule: Rule) -> bool:
    """A site prints its column's name under the breadcrumb (``当前位置: 首页 > 运维知识 > windows
    >内容正文`` / ``windows`` / the title): the first line after a breadcrumb a proving rule removed
    goes when it repeats one of the breadcrumb's columns. The breadcrumb's first name (首页) never
    counts, and its last (often the article's own title) only when a separator or ``正文`` ends the
    breadcrumb and a heading other than the echo follows it.
    Returns whether a line went (the title is then looked for again).

    >>> from jingwen.cleaner.model.document import Document
    >>> from jingwen.cleaner.ruleset import load_rules
    >>> from jingwen.cleaner.clean.stage import clean
    >>> doc = clean(Document.from_lines(["当前位置: 首页 > 运维知识 > windows >内容正文", "windows",
    ...     "家庭网络入门", "家里有几台旧电脑,我想把它们连成一个小网络。"]), load_rules())
    >>> [b.text for b in doc.blocks]
    ['家庭网络入门', '家里有几台旧电脑,我想把它们连成一个小网络。']
    """
    crumb = removed_breadcrumb(page, range(min(page.zone_end, len(page.blocks))))
    if crumb is None:
        return False
    pieces = [name for name in _CRUMB_SPLIT.split(page.folded[crumb]) if name.strip()]
    ended = (bool(pieces) and _CRUMB_END.match(pieces[-1]) is not None) or page.folded[crumb].rstrip()[-1:] in ">›»/"
    names = crumb_names(page.folded[crumb])
    if len(names) < 2:
        return False
    lines = [i for i in range(crumb + 1, len(page.blocks)) if page.folded[i].strip()][:2]
    if not lines or page.removed[lines[0]] or not page.editable(lines[0], rule):
        return False
    echo, key = lines[0], page.key(lines[0])
    if key not in {key_of_folded(name) for name in names[1:-1]}:
        # the last name is the article's own title unless the line under it is a heading of
        # its own (another title, not a copy of this one, not a sentence)
        after = lines[1] if len(lines) > 1 else None
        if not (ended and key == key_of_folded(names[-1]) and after is not None and page.key(after) != key
                and len(page.key(after)) <= MAX_TITLE_KEY and not _SENTENCE_END.search(page.folded[after])):
            return False
    page.remove(echo, rule.id)
    page.title_index = None if page.title_index == echo else page.title_index
    return True


def below_breadcrumb(page: Page, rule: Rule) -> None:
    """A school's or a CMS's page lists its column's other articles between the breadcrumb and
    the article (``首页 > 校园新闻 >`` / ``少年强则国强`` / ``师恩颂`` / … / ``喜迎国庆``): when a
    proving rule removed the breadcrumb, another proving rule fired on the page, and the title is
    printed again a few lines down (its copy proves where the article starts), the short lines
    between the breadcrumb and the title are the site's. Nothing goes when more than
    ``max_lines`` lines sit there, or a line is longer than ``max_key`` letters or ends a sentence.

    >>> from jingwen.cleaner.model.document import Document
    >>> from jingwen.cleaner.ruleset import load_rules
    >>> from jingwen.cleaner.clean.stage import clean
    >>> doc = clean(Document.from_lines(["首页 > 校园新闻 > 学生风采", "师恩颂", "科技节感悟", "喜迎国庆",
    ...     "2021-09-27 作者(来源):林老师", "喜迎国庆", "国庆节就要到了,我们迎接祖国的生日。"]), load_rules())
    >>> [b.text for b in doc.blocks]
    ['喜迎国庆', '国庆节就要到了,我们迎接祖国的生日。']
    """
    max_lines, max_key = int(rule.params.get("max_lines", 40)), int(rule.params.get("max_key", 30))
    t = page.title_index
    if t is None:
        return
    crumb = removed_breadcrumb(page, range(t - 1, -1, -1))
    if crumb is None or not any(r in page.evidence_rules for n, r in enumerate(page.removed) if n != crumb):
        return
    title = page.key(t)
    if not any(page.key(j) == title for j in range(t + 1, min(len(page.blocks), t + 12))):
        return  # the title printed once: where the article starts is not proven
    between = [i for i in page.kept(crumb + 1, t, body_only=False) if page.folded[i].strip()]
    here = crumb_names(page.folded[crumb])[-1:]
    if here and any(page.key(i) == key_of_folded(here[0]) for i in between):
        return  # the breadcrumb's last page named under it (…>协议书>结算协议书 / 结算协议书): the title
    if not between or len(between) > max_lines or any(
            len(page.key(i)) > max_key or _SENTENCE_END.search(page.folded[i]) or not page.editable(i, rule)
            for i in between):
        return
    for i in between:
        page.remove(i, rule.id)

