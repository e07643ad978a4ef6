"""The title, decided in one place: the line the page prints again (so that a site name above
it is passed over), kept once; its repeats, its file-name labels and its copy glued to the first
sentence are removed; the title printed in page tags or share notices where no line holds it.

Each check is named in a rule file (``builtin = "duplicate_title"``) with its id, description
and parameters, so it can be listed, selected and ignored like any pattern rule.
"""


from jingwen.cleaner.clean.cues import DATE_LINE, HEADING, is_site_banner, prose_like, topic_words
from jingwen.cleaner.clean.line_rules import BULLETS
from jingwen.cleaner.clean.line_weights import line_odds, load_weights
from jingwen.cleaner.clean.page import MERGED, Page
from jingwen.cleaner.model.chinese import HAN_RANGES
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.ruleset import Rule
from jingwen.cleaner.textfold import (
    FILE_EXTENSION,
    PINYIN_ANNOTATION,
    fold,
    fold_text,
    key_of_folded,
)

_CLAUSE_PUNCT = compile_pattern(r"[，,；;。！？!?：:]")
# a breadcrumb or its fragment (``/ 需求规格说明书.doc``, ``首页 > 范文 > 计划``) is never the title,
# nor is a question bank's question number (``第12题``)
_CRUMB = r"^\s*[/>|›»]|(?:\s[/>|›»]\s.*){2}"
_NOT_A_TITLE = compile_pattern(_CRUMB + r"|^\s*第\s*\d+\s*题\s*$")
# a breadcrumb glued to the title: two page names each followed by > (``程式人生 > 程式設計 >vue…``)
_GLUED_CRUMB = compile_pattern(r"^(?:[^>›»。，！？,!?]{1,20}?\s[>›»]\s?){2,}")
_BREADCRUMB = compile_pattern(f"{_CRUMB}|{_GLUED_CRUMB.pattern}")
_BUTTON_AFTER = compile_pattern(r"\s[^\s\d]{1,2}\s*$")  # a button's word after the title (``… 列印``)
_NUMBERED = compile_pattern(r"\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、:)]")  # a list's or a question's number
# lines that are plainly a page's widgets: a menu item with its bullet, a search box's list of
# engines (``百度360必应搜狗``), a call to scan a code (``“微信扫一扫”进入…``), related posts as
# truncated snippets (``论文撰写说明... · 问卷统计分析(表1,...``), a reader's page counter
# (``Está en la página 1de 12``), a breadcrumb glued without separators (``首页作文体裁作文游记作文``),
# a phone number alone (``或來電(02)2705-5066``)
_PLAIN_WIDGET = compile_pattern(
    r"^\s*(?:[•·▪◆■●]|-\s)\s*\S|扫一扫|(?:(?:百度|360|必应|搜狗|谷歌|google|bing|雅虎|yahoo|淘宝|头条|本站|站内|知乎)\s*){3,}|"
    r"\.\.\.\s*·\s*\S|^\s*(?:est[aá] en la p[aá]gina|you(?:'re| are) on page)\s*\d|^\s*首页[\u4e00-\u9fff]{8,20}\s*$|"
    r"^\W{0,2}(?:或|请)?(?:来电|致电|电话|客服电话)\W{0,2}\(?\d[\d()\s-]{6,16}\W{0,2}$")


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
REPEATED_HEADING = 5  # letters: a shorter line printed twice in a row is a figure's caption and its label (篦籬笆圖)
MIN_REPEATED_TITLE = 3  # letters: a shorter line printed twice is a widget's label (解析), not a title and its copy


def find_title(page: Page, header_end: int) -> None:
    """The title: on a page whose header held platform notices, the first title-like line the
    page prints again (with or without its file extension), so that a short site name printed
    above the title is passed over; otherwise the first line, if it looks like a title."""
    end = min(len(page.blocks), header_end + TITLE_AFTER_HEADER)
    kept = page.kept(0, end)
    candidates = [i for i in kept if _candidate(page, i)]
    if any(page.removed[:end]):
        # a menu item's bullet copy (``- 作品文章`` above the column's heading) is no title's repeat
        repeatable = [i for i in candidates if not _PLAIN_WIDGET.search(page.folded[i])]
        keys = {i: page.title_key(i) for i in repeatable}
        for i in repeatable:
            if len(keys[i]) < MIN_REPEATED_TITLE:  # 解析, 栏目: a widget's label printed twice is not a title
                continue
            if keys[i] != key_of_folded(FILE_EXTENSION.sub("", page.folded[i])):
                continue  # copies glued on one line: a copy of the title, not the title
            if any(keys[j] == keys[i] for j in repeatable if j != i):
                page.title_index = i
                return
    page.title_index = _first_title(page, kept, set(candidates))


MAX_PASSED = 8  # widget lines passed over before the title
# a site's name above the title (益智教育网, 学问君论坛): a proper name and a site's suffix
_SITE_NAME = compile_pattern(r"[\w\u4e00-\u9fff]{2,6}(?:网|网站|论坛|社区|文库|博客|之家|资源站)")
LONE_LABEL = 4  # letters: a column's name (財務行政, 创作中心), not a document's title, when the text never says it
COLUMN_NAME = 8  # letters: at most a column's name (校园散文精选) above a title
PROVEN_TITLE = 6  # letters: a title the text echoes is at least this long
ECHO_SHARE = 0.5  # of a title's letter pairs found in the text after it
ECHO_CHARS = 3000


def _candidate(page: Page, i: int) -> bool:
    folded = page.folded[i]
    return (is_title_like(folded) and len(page.key(i)) >= 2
            and not _NOT_A_TITLE.search(folded) and not is_site_banner(folded))


def _first_title(page: Page, kept: list[int], candidates: set[int]) -> int | None:
    """The first kept line, if it looks like a title; lines before it that are plainly widgets
    (``• 聊天消息``, ``百度360必应搜狗``, a breadcrumb, a date) are passed over for the next
    title-shaped line, and so are weaker ones (a column's name the text never says, ``APP下载``
    when the text never speaks of downloads) when the next line is proven a title (the text
    echoes it). No title proven, the first line that is not plainly a widget is the title if it
    looks like one, whatever its words (a document titled 下载须知 keeps it), else the first line
    if it does (``• 下载步骤`` above the steps is a list's heading, kept as the title)."""
    lines = [i for i in kept if page.folded[i].strip()][:MAX_PASSED + 1]
    if not lines:
        return None
    found = _past_widgets(page, lines, candidates)
    if found is None:  # no title proven: the first line not plainly a widget if title-shaped, else the first
        found = next((i for i in lines if not _plain_widget(page, i, i in candidates)), lines[0])
        if found not in candidates and not _plain_widget(page, lines[0], lines[0] in candidates):
            found = lines[0]
    if found not in candidates:
        return None
    button = _BUTTON_AFTER.search(page.folded[found])
    if button:  # ``{title} 列印`` with the title printed again below: the clean copy is the title
        bare = key_of_folded(page.folded[found][:button.start()])
        return next((j for j in lines if j > found and page.key(j) == bare), found)
    return found


def _past_widgets(page: Page, lines: list[int], candidates: set[int]) -> int | None:
    """The first of ``lines`` that is a title-shaped line and no widget, when only widgets
    precede it (and it proves itself against the weak ones); else None."""
    passed = 0  # letters of the weak widgets passed over: the title must prove itself against them
    worded = False  # one of them had platform words (下载须知 may be a user's title: only an echo proves another)
    for n, i in enumerate(lines):
        plain = _plain_widget(page, i, i in candidates)
        weak = not plain and i in candidates and _weak_widget(page, i, text_after(page, i))
        if i in candidates and not plain and not weak:
            following = lines[n + 1:n + 2]
            if (n == 0 and (any(page.removed[:i]) or _SITE_NAME.fullmatch(page.folded[i].strip()))
                    and not topic_words(page.key(i)) and _column_above_title(page, i, following, candidates)):
                continue  # below removed widgets, or named as a site (益智教育网), a column's name: passed over
            by_length = not worded or page.has_platform_lines()
            if n == 0 or not passed or _proven(page, i, passed, following, candidates, by_length):
                return i
            if not _column_above_title(page, i, following, candidates):
                return None
            weak = True  # a second column's name (校园散文精选) above the title the text echoes
        if not (plain or weak):
            return None  # a line neither a title nor a widget: the text has begun
        if weak:
            passed = max(passed, len(page.key(i)))
            worded = worded or bool(topic_words(page.key(i)))
    return None


def heads_the_text(page: Page, i: int) -> bool:
    """Whether the title line ``i`` is the first kept line of text, or follows only widgets the
    title search passes over (so that it is the title again when the output is cleaned again)."""
    lines = [j for j in page.kept(0, i + 1) if page.folded[j].strip()]
    if lines[:1] == [i]:
        return True
    if len(lines) > MAX_PASSED + 1 or lines[-1:] != [i]:
        return False
    return _first_title(page, lines, {j for j in lines if _candidate(page, j)}) == i


def _proven(page: Page, i: int, passed: int, following: list[int], candidates: set[int],
            by_length: bool = True) -> bool:
    """A line taken for the title over a weaker widget must look like a document's title: not a
    numbered heading, and either echoed by the text after it (``作文是`` above 作文是…的宇宙) or,
    when ``by_length``, at least ``PROVEN_TITLE`` letters and twice as long as the widget; not a
    column's name above such a title."""
    if HEADING.search(page.folded[i]) or _NUMBERED.match(page.folded[i]):
        return False
    key = page.key(i)
    if _column_above_title(page, i, following, candidates):
        return False
    return ((by_length and len(key) >= PROVEN_TITLE and len(key) >= 2 * passed)
            or (len(key) >= MIN_REPEATED_TITLE and echoed(key, text_after(page, i))))


def _column_above_title(page: Page, i: int, following: list[int], candidates: set[int]) -> bool:
    """Whether line ``i``, short and not echoed by the text, sits right above a title-shaped line
    that the text does echo (``校园散文精选`` above ``春天的操场``): a column's name, not the title."""
    nxt = following[0] if following else None
    return (nxt is not None and nxt in candidates and len(page.key(i)) <= COLUMN_NAME
            and not _plain_widget(page, nxt, True) and not _NUMBERED.match(page.folded[nxt])
            and not HEADING.search(page.folded[nxt])
            and not echoed(page.key(i), text_after(page, i))
            and len(page.key(nxt)) >= MIN_REPEATED_TITLE and echoed(page.key(nxt), text_after(page, nxt)))


def text_after(page: Page, i: int) -> str:
    """The kept text after line ``i``, its first ``ECHO_CHARS`` letters (keys: lower case, no punctuation)."""
    out, size = [], 0
    for j in page.kept(i + 1):
        out.append(page.key(j))
        size += len(out[-1])
        if size > ECHO_CHARS:
            break
    return "".join(out)


def _plain_widget(page: Page, i: int, candidate: bool) -> bool:
    """A bullet's menu item, a search box's engines, a scan call, a date or number alone
    (2026年2月14日 星期六, 时间:2024-04-24), a breadcrumb, a site's banner, or a line the rules for
    scraped pages name (搜索, TOP, 归档): never the title."""
    folded = page.folded[i]
    return (i in page.widget_lines or bool(_PLAIN_WIDGET.search(folded)) or page.key(i).isdigit()
            or DATE_LINE.fullmatch(folded) is not None
            or bool(_BREADCRUMB.search(folded)) or (not candidate and is_site_banner(folded)))


def _weak_widget(page: Page, i: int, after: str) -> bool:
    """A column's name of a few letters the text never says (``財務行政``), or a line whose own cues
    score as a widget's while the text never uses its platform words (``APP下载``, ``查看原文``)."""
    key = page.key(i)
    if len(key) <= LONE_LABEL:
        return key not in after
    words = topic_words(key)
    return (bool(words) and not any(w in after for w in words)
            and line_odds(page.folded[i], header=True) >= load_weights()[2])


def echoed(key: str, after: str) -> bool:
    """Whether the text after a line says it again: most of its letter pairs recur there.

    >>> echoed("刷题小程序的设计与实现", "本文介绍刷题小程序的设计过程与实现方法"), echoed("财务行政", "预算执行要点")
    (True, False)
    """
    pairs = {key[k:k + 2] for k in range(len(key) - 1)}
    return sum(p in after for p in pairs) >= ECHO_SHARE * len(pairs)


TOPIC_KEY = 4  # letters: a line this long may be a title the text speaks of
TOPIC_REPEATS = 2
_HAN_PAIR = compile_pattern(f"[{HAN_RANGES}]{{2}}")


def topical(key: str, after: str) -> bool:
    """Whether the text after a line speaks of what the line names: most of its letter pairs
    recur there, or one pair of Chinese letters recurs ``TOPIC_REPEATS`` times.

    >>> topical("如何坐禅", "选择坐禅场地。坐禅时间自行掌握。《坐禅仪》"), topical("本站原创", "本文介绍原创作品的版权")
    (True, False)
    """
    if echoed(key, after):
        return True
    return any(after.count(key[k:k + 2]) >= TOPIC_REPEATS for k in range(len(key) - 1)
               if _HAN_PAIR.fullmatch(key[k:k + 2]))


_COPY_NUMBER = compile_pattern(r"\d{1,3}")


def is_title_copy(key: str, title_key: str) -> bool:
    """Whether a line's key is the title's, or the title's with a copy number added
    (``工作总结2``, ``1工作总结``; 《》 and file extensions are already out of keys).

    >>> is_title_copy("社区工作总结2", "社区工作总结"), is_title_copy("社区工作总结报告", "社区工作总结")
    (True, False)
    """
    if key == title_key:
        return True
    if len(title_key) < 4 or not (key.startswith(title_key) or key.endswith(title_key)):
        return False
    rest = key[len(title_key):] if key.startswith(title_key) else key[:-len(title_key)]
    return _COPY_NUMBER.fullmatch(rest) is not None


def duplicate_title(page: Page, rule: Rule) -> None:
    """Remove repeats of the title in the header, and a title-like line repeated right after
    itself anywhere (360docs prints each sub-document's title twice). The header's repeats
    end at the first kept line that is not one: a song's chorus that repeats its first line
    (the title), after the song's own lines, is the song's. Repeats right after themselves are
    removed only on a page with platform lines (evidence that it was scraped)."""
    limit = int(rule.params.get("max_length", 80))
    if page.title_index is not None:
        tkey = page.title_key(page.title_index)
        # copies above it too (glued, in a widget): whatever precedes the title is the page's header
        end = max(page.zone_end, page.title_index)
        for i in page.kept(0, end, body_only=False):
            if i == page.title_index:
                continue
            copy = is_title_copy(page.title_key(i), tkey)
            if page.editable(i, rule) and len(tkey) >= MIN_REPEATED_TITLE and (
                    copy or _crumb_and_title(page.folded[i], tkey)):
                if page.title_key(i) != tkey and _heads_prose(page, i):
                    break  # 我的妈妈作文1 above the first essay's text: a collection's first heading
                if copy and page.title_key(i) != tkey and _NUMBERED.match(page.folded[i].lstrip(BULLETS + " ")):
                    continue  # - 1、{title}: the first entry of the page's table of contents
                page.remove(i, rule.id)
            elif i > page.title_index and page.key(i):
                break  # after the title, the document's own text has begun
        _file_name_title(page, rule, tkey)
        _site_suffixed_title(page, rule)
        _title_after_summary(page, rule, page.title_key(page.title_index))
    if not page.has_platform_lines():
        return  # a page without platform lines is the author's: a refrain repeated is the song's
    previous = None
    for i in page.kept(body_only=False):
        if (previous is not None and page.editable(i, rule) and is_title_like(page.folded[i], limit)
                and not _NUMBERED.match(page.folded[i])):  # a list's item twice (1. 支持https) is a table's cells
            k = page.key(i)
            if k and page.title_key(i) == page.title_key(previous) and len(k) >= REPEATED_HEADING:
                page.remove(i, rule.id)
                continue
        previous = i


def _heads_prose(page: Page, i: int) -> bool:
    """Whether the line right after ``i`` (blank lines passed over) is the author's prose and
    stays: ``i`` heads a section of the text."""
    after = next((j for j in range(i + 1, len(page.blocks)) if page.folded[j].strip()), None)
    return after is not None and not page.removed[after] and prose_like(page.folded[after])


def _crumb_and_title(folded: str, title_key: str) -> bool:
    """A breadcrumb with the title glued to its end (``程式人生 > 程式設計 >{title}``): a copy.

    >>> _crumb_and_title("1. 程式人生 > 程式设计 >vue元件库的主题编辑器", "vue元件库的主题编辑器")
    True
    """
    crumb = _GLUED_CRUMB.match(folded)
    return crumb is not None and key_of_folded(FILE_EXTENSION.sub("", folded[crumb.end():])) == title_key


def _file_name_title(page: Page, rule: Rule, tkey: str) -> None:
    """A title printed as a file name (``第八章 顺序控制.ppt``) is the platform's label when the
    document's own text begins with that title: the label goes, the document keeps its own."""
    i = page.title_index
    if not tkey or not FILE_EXTENSION.search(page.folded[i]) or not page.editable(i, rule):
        return
    following = page.kept(i + 1)
    if following and page.key(following[0]).startswith(tkey) and len(page.key(following[0])) > len(tkey):
        page.remove(i, rule.id)


SUMMARY_LETTERS = 40  # a paragraph between the title and its copy is a site's summary when at least this long


def _title_after_summary(page: Page, rule: Rule, tkey: str) -> None:
    """The title printed again after a site's summary of one or two long paragraphs
    (``{title}`` / ``本文深入探討……`` / ``{title}`` / ``概述``): the copy goes. A song's
    chorus that repeats its title comes after short lines, and stays; so does a chapter heading
    (``第一章　总则``) that the text repeats."""
    folded = page.folded[page.title_index]
    if len(tkey) < MIN_REPEATED_TITLE or HEADING.search(folded) or _NUMBERED.match(folded):
        return
    between = 0
    end = min(len(page.blocks), page.title_index + 40)
    for i in [j for j in page.kept(page.title_index + 1, end) if page.key(j)][:3]:
        if is_title_copy(page.title_key(i), tkey):
            if between and page.editable(i, rule):
                page.remove(i, rule.id)
            return
        if len(page.key(i)) < SUMMARY_LETTERS:
            return
        between += 1


_SITE_SUFFIX = compile_pattern(r"^(.*\S)\s+[-–—_|]\s+[^-–—_|]{2,12}\s*$")


def _site_suffixed_title(page: Page, rule: Rule) -> None:
    """A title printed with a site's name after it (``深度解读 Vue.js 的魅力 – wiki基地``) is the
    page's label when the next line is the same title without it: the label goes, and the
    clean line is the title.

    The suffix is short (2-12 characters after a spaced dash or bar) and the next kept line
    must be the rest exactly, so a title with its own subtitle (``诗经 - 国风``) followed by
    its text stays.
    """
    i = page.title_index
    found = _SITE_SUFFIX.match(page.folded[i])
    following = page.kept(i + 1)
    if found is None or not following or not page.editable(i, rule):
        return
    if page.key(following[0]) == key_of_folded(found.group(1)) and len(page.key(following[0])) >= MIN_REPEATED_TITLE:
        page.remove(i, rule.id)
        page.title_index = following[0]


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


def document_title(page: Page) -> str | None:
    """The document's title: the title line (its file extension dropped), else the title the
    platform's notices print."""
    if page.title_index is not None:
        first_line = page.blocks[page.title_index].text.strip().split("\n")[0]
        return _GLUED_CRUMB.sub("", FILE_EXTENSION.sub("", first_line)).strip() or first_line
    return page.notice_title
