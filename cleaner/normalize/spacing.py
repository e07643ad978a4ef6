"""The spacing steps: scrape spaces inside Chinese text removed (``norm.space-cjk``: ``温州 一些企业``
→ ``温州一些企业``), the ideographic space after a chapter number (``norm.heading-space``:
``第一条 为`` → ``第一条\\u3000为``) and, with ``--space``, a space between Chinese and Latin
(``norm.space-cjk-latin``: ``使用Python3编写`` → ``使用 Python3 编写``)."""
from __future__ import annotations

from jingwen.cleaner.model.chinese import CLOSING_MARKS
from jingwen.cleaner.normalize.context import (
    CLAUSE,
    HAN,
    HAN_CHAR,
    HAN_RANGES,
    MASK,
    OPENING,
    PUNCT,
    PUNCT_RANGES,
    QUOTE,
    QUOTES,
    char_class,
)
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.normalize.line_kind import REFERENCE, line_kind
from jingwen.cleaner.patterns import compile_pattern

_CJK_OR_QUOTE = f"[{HAN_RANGES}{PUNCT_RANGES}{QUOTES}]"
_SEPARATORS = frozenset("·・—～〜|｜/／")  # a space around them separates items (· 3.1 · 3.2)
_CLOSING = frozenset(CLOSING_MARKS)
_NUMBER_PREFIX = compile_pattern(
    "第[一二三四五六七八九十百千零〇两0-9]+(?:部分|单元|[章节条款项编篇部回讲课卷集期])$")
# a space between Chinese (or its marks, quotes) on both sides: a line without one is left as it is
# by cjk_spaces (the space first, so the engine looks for it at C speed)
SPACE_QUICK = f" (?<={_CJK_OR_QUOTE} )(?={_CJK_OR_QUOTE})"
_SPACE_QUICK = LazyRegex(SPACE_QUICK)
_SINGLE_SPACE = compile_pattern(r"(?<=[^ \t]) (?=[^ \t])")
_LETTER_RUN = LazyRegex(f"(?<![^ \t\u3000])[{HAN_RANGES}](?: [{HAN_RANGES}])+(?![^ \t\u3000])")
# a label of two characters or more, unspaced, then a list of single characters: 地支：子 丑 寅
_LABELLED_LIST = LazyRegex(f"[{HAN_RANGES}]{{2}}[：:][{HAN_RANGES}] [{HAN_RANGES}]")
# a field label right after a space: 下联：  邮编：  出版社：  (the space separates two fields)
_LABEL_AHEAD = LazyRegex(f"[{HAN_RANGES}]{{1,6}}[：:]")
_MENTION = compile_pattern(r"@[^\s@]{1,20}$")
# a person's institution then the person, in brackets: （北京大学 王军教授） （复旦大学历史系 陈志敏）
_AFFILIATION = LazyRegex("（[^（）]{0,20}(?:大学|学院|学校|中学|小学|研究院|研究所|医院|公司|集团|中心|银行|"
                         "报社|出版社|委员会|协会|学会|博物馆|图书馆|[系部局厅处科院])$")
_NAME_CLOSES = LazyRegex(f"[{HAN_RANGES}]{{2,8}}）")
_ADDRESS_LABEL = compile_pattern("(?:地址|住址|地点|住所|通讯地址|收件地址|寄件地址)[：:]$")
# a space that is part of a form, ending here: a dictionary sense's part of speech (②形 友爱),
# a date before its weekday (2025年4月2日 星期三)
_FORM_SPACE = compile_pattern("(?:[①-⑳](?:名|动|形|副|量|代|数|介|连|助|叹|拟声|拟)|\\d日)$")
_WEEKDAY = compile_pattern("(?:星期|礼拜|周)[一二三四五六日天]")
# a record of ``label value`` fields: 计划到达 20:55　机型 空客A330  登机口 D212，舱位 经济舱（Y）
_RECORD_FIELD_END = "，,；;、\u3000|｜"
_LABEL_VALUE = LazyRegex(f"[{HAN_RANGES}]{{2,6}} [A-Za-z0-9]")
_FIELD_END = frozenset("，。；：！？、,;:!?")
# a space a form puts before or after a mark: a dateline's before its bracket (中新网上海11月27日电 （记者 陈静）)
_DATELINE = compile_pattern("\\d日电$")
# fields of a list (after a label's colon, set apart by 、 or ；), each one ``label name`` (产品部 林可)
_LIST_FIELD_END = "：:、；;"
_LIST_SPLIT = compile_pattern(f"[{_LIST_FIELD_END}]")
_PARALLEL_FIELD = LazyRegex("[^ \u3000]{1,8} [^ \u3000]{1,8}")
ITEM_MAX = 8  # characters of one item of a space-separated list (a name, a keyword, 高一（3）班)


def _letter_spaced(text: str) -> bool:
    """A line set with a space after every character (``温 州 发 展``, ``会 议 纪 要``), as PDFs
    copy: runs of single Han characters, at least 4 of them holding 60 % of the line's Han, or
    the whole line one run (``目 录``). A list of single characters after an unspaced label is
    no such line (``地支：子 丑 寅 卯``: a letter-spaced copy spaces its label too)."""
    runs = [m for m in _LETTER_RUN.finditer(text)]
    if not runs:
        return False
    if _LABELLED_LIST.search(text):
        return False
    if len(runs) == 1 and text.strip(" \t\u3000") == runs[0].group():
        return True
    singles = sum((m.end() - m.start() + 1) // 2 for m in runs)
    return singles >= 4 and singles >= 0.6 * len(HAN_CHAR.findall(text))


def _field(text: str, i: int) -> tuple[int, int]:
    """The field around position ``i``: the text between the nearest clause marks (or line ends)."""
    start = i
    while start > 0 and text[start - 1] not in _FIELD_END:
        start -= 1
    end = i
    while end < len(text) and text[end] not in _FIELD_END:
        end += 1
    return start, end


def separates_items(text: str, i: int) -> bool:
    """Whether the space at ``i`` separates items rather than splitting a sentence: a field label
    follows (``…100号 邮编：``, ``上联：… 下联：``), or the field is a list of short items
    (``教育 改革 创新``, after a label ``作者：张三 李四``) or of items of equal length (a couplet).

    >>> separates_items("作者：张三 李四", 5), separates_items("您可以点击 这里二次下载。", 5)
    (True, False)
    >>> separates_items("报告：古籍的未来（北京大学 王军教授）", 13), separates_items("地址：丹棱街5号 微软大厦", 8)
    (True, True)
    """
    if _LABEL_AHEAD.match(text, i + 1):
        return True
    if "（" in text and _AFFILIATION.search(text, max(0, i - 40), i) and _NAME_CLOSES.match(text, i + 1):
        return True  # （北京大学 王军教授）: an institution, then a person
    start, end = _field(text, i)
    if start and _ADDRESS_LABEL.search(text, max(0, start - 5), start):
        return True  # 地址：北京市海淀区丹棱街5号 微软大厦2号楼12层: an address's parts
    field = text[start:end].strip(" \t\u3000")
    # spaces next to Chinese punctuation or quotes are not the list's (this step may drop them):
    # the items are what is left, the same before and after (idempotence)
    field = "".join(c for k, c in enumerate(field) if c != " " or char_class(field[k - 1]) not in (PUNCT, QUOTE)
                    and char_class(field[k + 1]) not in (PUNCT, QUOTE))
    items = field.split(" ")
    if any(not item for item in items):
        return False  # runs of spaces: alignment, not a list
    if len(items) >= 3:
        return all(len(item) <= ITEM_MAX for item in items)
    after_label = start > 0 and text[start - 1] in "：:"
    short = all(len(item) <= 4 for item in items)
    return after_label and short or len(items) == 2 and len(items[0]) == len(items[1]) >= 4


def cjk_spaces(text: str) -> str:
    """Remove scrape spaces inside Chinese text: a single space next to Chinese punctuation,
    between two characters within a sentence (after its first clause: ``第一章 总则`` keeps
    its space), and in a letter-spaced line (``会 议 纪 要``, ``目 录``). A space that separates
    items stays: names and keywords (``作者：张三 李四``), fields (``100号 邮编：200120``),
    couplets. Runs of spaces (alignment, blanks to fill in ``（ ）``), ideographic spaces and
    spaces next to Latin text stay.

    >>> cjk_spaces("面临着巨大的挑战 ：首先，温州 一些企业。 与此同时")
    '面临着巨大的挑战：首先，温州一些企业。与此同时'
    >>> cjk_spaces("第一章 总则"), cjk_spaces("温 州 发 展 产 业"), cjk_spaces("目 录")
    ('第一章 总则', '温州发展产业', '目录')
    >>> cjk_spaces("关键词：教育 改革 创新"), cjk_spaces("书名：《围城》 作者：钱锺书")
    ('关键词：教育 改革 创新', '书名：《围城》 作者：钱锺书')
    """
    if " " not in text or not _SPACE_QUICK.search(text):
        return text  # (a letter-spaced line holds Chinese, a space, Chinese: the quick look finds it)
    spaced = _letter_spaced(text)
    first_clause = CLAUSE.search(text)
    clause_end = first_clause.start() if first_clause else len(text)
    row: list[bool] = []  # whether the line is a table row, found out once when asked

    def table_row() -> bool:
        if not row:
            row.append(_table_row(text))
        return row[0]

    fields: list[set[int]] = []  # the spaces of the line's parallel fields, found out once when asked

    def parallel() -> set[int]:
        if not fields:
            fields.append(_parallel_spaces(text))
        return fields[0]

    drop: list[int] = []
    for m in _SINGLE_SPACE.finditer(text):
        i = m.start()
        a, b = text[i - 1], text[i + 1]
        ca, cb = char_class(a), char_class(b)
        if ca not in (HAN, PUNCT, QUOTE) or cb not in (HAN, PUNCT, QUOTE) or a in _SEPARATORS or b in _SEPARATORS:
            continue
        if a in OPENING and b in _CLOSING:
            continue  # （ ） is a blank to fill in
        if i == 1 and a == "！" or b == "（" and _DATELINE.search(text, 0, i):
            continue  # ！ 请勿… (a warning's sign)  11月27日电 （记者
        if ca == HAN and cb == HAN and i in parallel():
            continue  # 与会：产品部 林可、技术部 郑浩然、测试部 吴桐
        if ca == HAN and cb == HAN:
            if not spaced and (i < clause_end or _NUMBER_PREFIX.search(text, 0, i) or separates_items(text, i)
                               or "@" in text and _MENTION.search(text, max(0, i - 21), i)
                               or _form_space(text, i) or _record_field(text, i) or table_row()):
                continue  # … or the space ending an @mention: @全体成员 材料
        elif QUOTE in (ca, cb) and PUNCT not in (ca, cb) and HAN not in (ca, cb):
            continue
        elif ca == QUOTE and a in "\u201c\u2018" or cb == QUOTE and b in "\u201d\u2019":
            continue  # a space inside the quotation marks is the quotation's own
        elif cb == HAN and a in _CLOSING and (_LABEL_AHEAD.match(text, i + 1) or table_row()):
            continue  # 《围城》 作者：  3月17日（周一） 张明 李强
        drop.append(i)
    if not drop:
        return text
    out, last = [], 0
    for i in drop:
        out.append(text[last:i])
        last = i + 1
    out.append(text[last:])
    return "".join(out)


def _parallel_spaces(text: str) -> set[int]:
    """The spaces that part the two words of a list's fields (between ``：`` ``、`` ``；``) when three
    fields or more are two words with one space alike: the list's own form (``与会：产品部 林可、技术部
    郑浩然、测试部 吴桐``), which scrape spaces do not repeat.

    >>> sorted(_parallel_spaces("与会：产品部 林可、技术部 郑浩然、测试部 吴桐"))
    [6, 13, 21]
    >>> _parallel_spaces("温州 一些企业、面临挑战")
    set()
    """
    if "、" not in text and "；" not in text:
        return set()
    spaces, start = set(), 0
    for m in _LIST_SPLIT.finditer(text + "、"):
        field = text[start:m.start()]
        stripped = field.strip(" \u3000")
        if _PARALLEL_FIELD.fullmatch(stripped):
            spaces.add(start + len(field) - len(field.lstrip(" \u3000")) + stripped.index(" "))
        start = m.end()
    return spaces if len(spaces) >= 3 else set()


_SENTENCE_MARK = compile_pattern("[，。；！？、]")
CELL_MAX = 16  # characters of one cell of a space-separated table row


def _table_row(text: str) -> bool:
    """Whether ``text`` is a table row of cells set apart by single spaces: three cells or more, each
    short, no sentence mark (``3月17日（周一） 张明 李强``, ``1 墙面乳胶漆 85 m² 2,975元 立邦净味``).

    >>> _table_row("3月17日（周一） 张明 李强"), _table_row("温州 一些企业，面临 挑战")
    (True, False)
    """
    if _SENTENCE_MARK.search(text):
        return False
    cells = text.strip(" \t\u3000").split(" ")
    return len(cells) >= 3 and all(0 < len(cell) <= CELL_MAX for cell in cells)


def _form_space(text: str, i: int) -> bool:
    """A space a form puts there: after a dictionary sense's part of speech (``②形 友爱``), between a
    date and its weekday (``4月2日 星期三``), inside a GB/T 7714 reference (a standard's title
    ``信息与文献 参考文献著录规则``, whose parts the standard sets apart)."""
    if _FORM_SPACE.search(text, max(0, i - 4), i):
        return text[i - 1] != "日" or _WEEKDAY.match(text, i + 1) is not None
    return "[" in text and line_kind(text) == REFERENCE


def _record_field(text: str, i: int) -> bool:
    """Whether the space at ``i`` parts a label from its value in a record of such fields: its field
    (between ``，`` ``、`` ideographic spaces) is ``label value``, and two other fields of the line
    are a Chinese label, a space and a number or code (``计划到达 20:55``, ``登机口 D212``)."""
    start = i
    while start > max(0, i - 7) and text[start - 1] not in _RECORD_FIELD_END:
        start -= 1
    end = text.find(" ", i + 1)
    if not 2 <= i - start <= 6 or start and text[start - 1] not in _RECORD_FIELD_END:
        return False  # the label is 2 to 6 characters
    if end != -1 and not any(text[k] in _RECORD_FIELD_END for k in range(i, end)):
        return False  # and the value has no space of its own
    others = sum(1 for m in _LABEL_VALUE.finditer(text) if m.start() != start
                 and (m.start() == 0 or text[m.start() - 1] in _RECORD_FIELD_END))
    return others >= 2


# a Chinese numeral: ``第3章 数据类型`` with digits is a modern book's heading, spaced as it is typed
_HEADING_SPACE = LazyRegex(
    f"^(第[一二三四五六七八九十百千零〇两]{{1,5}}(?:部分|单元|[章节条款编篇卷讲课回])) (?=[{HAN_RANGES}])")


def heading_space(text: str) -> str:
    """The space after a chapter or article number is the ideographic space, as Chinese
    documents set it (a half-width space between full-width characters is NFKC's fold of it).

    >>> heading_space("第一条 为维护全体业主的合法权益，制定本规约。"), heading_space("第一章　总则")
    ('第一条\u3000为维护全体业主的合法权益，制定本规约。', '第一章\u3000总则')
    >>> heading_space("第3章 亚当和夏娃的一天")  # digits: typed with the ASCII space
    '第3章 亚当和夏娃的一天'
    """
    if text[:1] != "第" or " " not in text:
        return text
    return _HEADING_SPACE.sub("\\1\u3000", text)


_CJK_LATIN = LazyRegex(f"(?<=[{HAN_RANGES}])(?=[A-Za-z0-9{MASK}])|(?<=[A-Za-z0-9{MASK}])(?=[{HAN_RANGES}])")


def cjk_latin_spacing(text: str) -> str:
    """Put a space between Chinese characters and Latin letters or digits (``--space``).

    >>> cjk_latin_spacing("使用Python3编写")
    '使用 Python3 编写'
    """
    if text.isascii() or not HAN_CHAR.search(text):
        return text
    return _CJK_LATIN.sub(" ", text)
