"""The ``norm.punct-width`` step: ASCII ``, : ; ? ! ( ) ~`` that belong to Chinese text become
full-width ``，：；？！（）～`` (``电话:400(工作时间:9:00-18:30)`` → ``电话：400（工作时间：9:00-18:30）``);
numbers, times, ratios, English and code keep theirs."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from jingwen.cleaner.normalize.context import (
    CJK_CHAR,
    CJKISH,
    DIGIT,
    HAN,
    HAN_RANGES,
    HELD,
    LATIN,
    MARKS_BOTH,
    MASK,
    NUMBER_TOKEN,
    OPERATORS,
    OTHER,
    PUNCT_RANGES,
    QUOTE,
    QUOTES,
    TOKEN,
    char_class,
    glued_to_chinese,
    has_cjk,
    look_left,
    look_right,
)
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.normalize.line_kind import CODE, COMMAND, JSON, line_kind, starts_command
from jingwen.cleaner.patterns import compile_pattern, first_chars

_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", "~": "～"}
_MARKS = compile_pattern(r"[,:;?!~]")
_PUNCT_QUICK = compile_pattern(r"[,:;?!()~]")
_ENTITY = compile_pattern(r"&#?[A-Za-z0-9]{1,8}$")
# (not after an ellipsis in a list set apart by ASCII commas: a₁, a₂, …, aₙ)
_AFTER_CHINESE = compile_pattern(f"(?<=[{HAN_RANGES}{PUNCT_RANGES}])(?<!, …)[,;?!:]")


# an innermost pair after a Chinese character, or holding Chinese after neither a letter, a digit
# nor a mark (those go the slow way: f(x), 3(2), WTO,(见表))
_PAREN_PAIR = LazyRegex(f"(?:(?<![，；：？！{OPERATORS}])(?<=[{HAN_RANGES}{PUNCT_RANGES}{QUOTES}])"
                        f"|(?<![A-Za-z0-9,:;?!，：；？！{MASK}{HELD}])(?<![A-Za-z] )"
                        f"(?=\\((?![\"'`“‘])[^()]*[{HAN_RANGES}]))"
                        f"\\(([^()]*)\\)")


# a character only faces hold: combining accents, Thai, Hangul jamo, • ω ∀ ﾟ ▽ Д …
# (a combining accent after a Latin letter is that letter's: x̄ is a mean, not a face)
_FACE = "(?:(?<![A-Za-z])[\u0300-\u036f]|[\u0e00-\u0e7f\u3130-\u318f•ω∀´｀ﾟ▽≧≦Д╯╰ε‿º])"
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff"
_FACE_QUICK = compile_pattern(_FACE)
_HANGUL = compile_pattern("[\uac00-\ud7af]")

_GRIN_WORDS = "晚安|早安|午安|谢谢|感谢|祝福|快乐|开心|哈哈|嘻嘻|嘿嘿|好耶|加油|爱你"
_GRIN_PARTICLES = "啦呀哦吧呢哈嘿嘻喔噢耶啊咯哟"
_RARE_KEEP = compile_pattern(r"[“‘「『][,.:;?!()~][”’」』]|:(?:wq|[qwx]!)|[:;][DPp](?![A-Za-z0-9])")
_RARE_CODE = compile_pattern(r"(?<![A-Za-z0-9:]):[a-z][a-z_-]{1,20}: |(?<!\S):[a-z0-9_+-]{1,30}:(?!\S)"
                             r"|:=|[a-h][1-8][+#]?[!?]")
# ASCII that belongs where it stands, found before any mark is decided: a formula's ratios
# (a:b=2:3, 水泥:砂:石=1:2:4), a vector or interval (1, 2) (0, +∞), arithmetic (3+4)×5, an IPv6
# address, an area or country code (02) 2311-3731 (852) 2345 6789, a file name's brackets
# (终稿).docx, a Markdown link target ](…), an emoticon :-) :) (-_-) (๑•̀ㅂ•́), a signed number
# (-3), a run of symbols !@#$%, Markdown ~~struck~~, a regular expression's group (?<=：),
# Korean's marks after Hangul (안녕하세요, 세계!), an English author-year citation set off by a
# space (Smith (2020)), a CSS declaration font-family: "黑体", serif; a mark quoted as itself (“,”),
# Vim's :wq and :q!, a grin :D after a greeting (晚安:D) (the last six: rarer, see _RARE_SOURCE)
_KEEP_SOURCE = (
    r"[A-Za-z0-9.]+(?::[A-Za-z0-9.]+)+=[A-Za-z0-9.]+(?::[A-Za-z0-9.]+)*"
    r"|[A-Za-z0-9.]+=[A-Za-z0-9.]+(?::[A-Za-z0-9.]+)+"
    f"|[{HAN_RANGES}]{{1,4}}(?::[{HAN_RANGES}]{{1,4}})+=[0-9.]+(?::[0-9.]+)+"
    r"|\((?:\s*[+\-−]?[A-Za-z0-9.∞π]+\s*,)*\s*[+\-−]?[A-Za-z0-9.∞π]+\s*, \s*[+\-−]?[A-Za-z0-9.∞π]+\s*\)"
    r"|(?<![0-9A-Za-z])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})(?:[0-9A-Fa-f]{1,4}|(?=::))"
    r"(?::[0-9A-Fa-f]{0,4}){2,7}"
    r"(?![0-9A-Za-z:])"  # an IPv6 address: fe80::1ff:fe23, ::1
    r"|\(0\d{1,3}\)(?= ?\d)"
    r"|\([0-9A-Za-z. ]*[+\-*/^][0-9A-Za-z.+\-*/^ ]*\)(?::[A-Za-z0-9.]+)+=[A-Za-z0-9.]+(?::[A-Za-z0-9.]+)*"
    r"|\([0-9A-Za-z. ]*[+\-*/^][0-9A-Za-z.+\-*/^ ]*\)(?=[×÷+\-*/^=²³]|\d)"  # (3+4)×5, (m+n):n=7:2
    r"|(?<=[×÷+\-*/=])\([+\-−][0-9.]+\)|\([+\-−][0-9.]+\)(?=[×÷+\-*/=²³])"  # (-3)×(-4)
    # a formula typed with full-width operators: (x－2)(x－3)＝0
    r"|\([0-9A-Za-z. ]*[＋－−×÷][0-9A-Za-z.＋－−×÷ ]*\)(?=[×÷＋－−＝=(²³]|\d)"
    # a chemical name's locant then its bracket: α-甲基-4-(2-甲基丙基)苯乙酸, N-(4-羟基苯基)乙酰胺
    r"|(?<=[0-9A-Za-zα-ω′]-)\(\d{1,2}(?:,\d{1,2})*-[^()\s]{1,40}\)"
    r"|\([-^><TtoO;*=.~]{1,3}_[-^><TtoO;*=.~]{1,3}\)"  # a face (-_-) (^_^)
    r"|[!@#$%^&*]{3,}"  # a run of symbols, as in a password rule
    r"|~~[^~]+~~"  # Markdown strikethrough
    f"|(?<![A-Za-z-])[a-z]+(?:-[a-z]+)*: ?[^;\n{HAN_RANGES}]{{1,80}};"  # a CSS declaration
    r"|\([^()\s]{1,30}\)(?=[A-Za-z0-9_-]{0,12}\.[A-Za-z][A-Za-z0-9]{1,4}(?![A-Za-z0-9]))"  # (终稿)v2.docx
    r"|(?<=\])\([^()\s]*\)"
    r"|(?<![A-Za-z0-9])[:;]-[()]"
    f"|(?<![A-Za-z0-9(（])[:;]\\)(?=$|\\s|[{HAN_RANGES}{PUNCT_RANGES}])")
# rarer spans, looked for only in lines that may hold one (_rare): each alternative costs time
# at every position of every line the regex runs on
_RARE_SOURCE = (
    r"|\(\+?\d{1,4}\)(?= ?\d{3,4}[ -]?\d{4}(?!\d))"  # a country code before a number: (852) 2345 6789
    r"|(?<=[\uac00-\ud7af])[,.!?;:](?=\s|$)"  # Korean after Hangul: 안녕하세요, 세계!
    r"|(?<=[A-Za-z.] )\((?:19|20)\d{2}[a-z]?(?:, p+\. ?\d+(?:-\d+)?)?\)"  # an author-year citation: Smith (2020)
    r"|\(\?(?:<?[=!]|:|P?<[A-Za-z_]\w*>)[^()]*\)"  # a regular expression's group (?<=：)
    # a kaomoji (๑•̀ㅂ•́), its spaces single, its own kana after the face, its own ） (╯°□°）╯
    f"|\\((?:[^()\\s{HAN_RANGES}，。：；？！]| (?=\\S))*{_FACE}(?:[^()\\s{_IDEOGRAPHS}，。：；？！]| (?=\\S))*[)）]"
    r"|(?<![A-Za-z0-9:]):[a-z][a-z_-]{1,20}:(?= )"  # a field of reStructuredText, AsciiDoc: :maxdepth: 2
    r"|(?<![^\s]):[a-z0-9_+-]{1,30}:(?![^\s])"  # an emoji's short code set off by spaces: 评论 :+1: 或 :tada:
    r"|(?<![A-Za-z0-9]):=(?=[\s\u4e00-\u9fff])"  # Go's and Pascal's := named in a sentence (:=是短变量声明)
    r"|(?<![A-Za-z0-9])[KQRBN][a-h1-8]?x?[a-h][1-8](?:=[QRBN])?[+#]?[!?]{1,2}"  # a chess move's mark Qxf7+!!
    r"|(?<=[“‘「『])[,.:;?!()~](?=[”’」』])"  # a mark quoted as itself: 半角逗号“,”
    r"|(?<![A-Za-z0-9]):(?:wq|[qwx])!|(?<![A-Za-z0-9]):wq(?![A-Za-z0-9])"  # Vim's :wq :q! (not :w, a value)
    # a grin after a greeting or a sentence's particle (晚安:D 谢谢大家的祝福:D; 答案:D is a folded label)
    f"|(?:(?<={_GRIN_WORDS})|(?<=[{_GRIN_PARTICLES}]))[:;][DPp](?=$|\\s)")
_KEEP = LazyRegex(_KEEP_SOURCE)
_KEEP_WIDE = LazyRegex(_KEEP_SOURCE + _RARE_SOURCE)
_ARITHMETIC_OPEN = compile_pattern(r"\([0-9A-Za-z. ]*[+\-*/^＋－−×÷]")
_BRACKET_IN_FILE_NAME = compile_pattern(r"\)[A-Za-z0-9_-]{1,12}\.[A-Za-z]")


def _rare(text: str) -> bool:
    """What the rarer spans need: a bracket then a space, Hangul, ``(?``, a face's character, a
    quoted mark, Vim's ``:wq``, a grin, a field ``:maxdepth:``, ``:=``, a chess move's ``!``."""
    return ("(" in text and (") " in text or "(?" in text or _FACE_QUICK.search(text) is not None)
            or _HANGUL.search(text) is not None or _RARE_KEEP.search(text) is not None
            or (":" in text or "!" in text or "?" in text) and _RARE_CODE.search(text) is not None)


def _may_keep(text: str) -> bool:
    """What every ``_KEEP`` span needs (most lines have none: the regex is not run on them)."""
    if "=" in text and ":" in text:  # a formula's ratios
        return True
    if "(" in text and (", " in text or "(0" in text or ")." in text or "](" in text or _ARITHMETIC_OPEN.search(text)
                        or _BRACKET_IN_FILE_NAME.search(text)):
        return True  # a vector, an area code, a file name, a link target, arithmetic
    if "::" in text or text.count(":") >= 7:  # IPv6
        return True
    if ("-(" in text or "(-" in text or "(+" in text or "(−" in text or "_" in text or "~~" in text
            or ("@" in text and "#" in text)):
        return True  # a signed number, a face, strikethrough, a run of symbols
    if ":" in text and ";" in text:  # a CSS declaration
        return True
    return ":-" in text or ";-" in text or ":)" in text or ";)" in text  # emoticons


def _hold(text: str) -> tuple[str, list[str]]:
    """``text`` with the ASCII that belongs (``_KEEP``) stood in for by ``HELD`` (read as Latin)."""
    rare = _rare(text)
    if HELD in text or not (rare or _may_keep(text)):
        return text, []
    held: list[str] = []

    def keep(m: re.Match) -> str:
        span = m.group()
        if span.endswith(")") and span[0] in ":;" and m.string.count("(", 0, m.start()) > m.string.count(
                ")", 0, m.start()):
            return span  # :) closing an open bracket: (注:) is not a smile
        if (span[0] == ":" and span[-1] == ":" and not _TYPESET.search(m.string)
                and (m.string[m.start() - 1:m.start()].strip() or m.string[m.end():m.end() + 1].strip())):
            return span  # a field (:maxdepth:) only in a typed line: 编译失败:error: expected is folded
        held.append(span)
        return HELD

    return _keep_pattern(rare, "=" in text).sub(keep, text), held


def _keep_pattern(rare: bool, equals: bool):
    """``_KEEP`` (``_KEEP_WIDE`` for ``rare``); for a text without ``=``, the same behind a look at
    the first character, which only a span's first character passes (the spans that need ``=``
    left out): the engine then tries the alternatives only where one can start."""
    if equals:
        return _KEEP_WIDE if rare else _KEEP
    return _keep_without_equals(rare)


@cache
def _keep_without_equals(rare: bool):
    source = _KEEP_SOURCE + _RARE_SOURCE if rare else _KEEP_SOURCE
    first = first_chars(source, without="=")
    return compile_pattern(f"(?={first})(?:{source})") if first else _keep_pattern(rare, True)


def _release(text: str, held: list[str]) -> str:
    if not held:
        return text
    parts = text.split(HELD)
    out = [parts[0]]
    for span, part in zip(held, parts[1:], strict=True):  # the decisions never add or drop one
        out.append(span)
        out.append(part)
    return "".join(out)


# a line that holds a full-width mark was not folded: the author typed its ASCII marks, and the
# guesses that only a folded line supports (number lists, list brackets, Latin labels, spelled-out
# names, a comma between spaced groups) leave them alone (003: ``3)数据库（Database）是…``)
_TYPESET = compile_pattern("[，：；？！（）]")
_BETWEEN_HAN = LazyRegex(f"(?<=[{HAN_RANGES}])[,;:?!](?=[{HAN_RANGES}])")
_UNDECIDED = compile_pattern(r"[;?!~()]|(?<![0-9])[,:]|[,:](?![0-9])")


def _full_mark(m: re.Match) -> str:
    return _FULL[m.group()]


def _chinese_mark(chars: list[str], i: int, folded: bool = False) -> bool:
    """Whether the ASCII mark at ``i`` belongs to Chinese text (``folded``: see ``punct_width``)."""
    c = chars[i]
    n = len(chars)
    prev = chars[i - 1] if i else ""
    nxt = chars[i + 1] if i + 1 < n else ""
    if c == "~":
        return _chinese_tilde(chars, i, prev, nxt)
    if c == "," and prev == "…" and chars[i - 3:i - 1] == [",", " "]:
        return False  # a₁, a₂, …, aₙ  a list set apart by ASCII commas
    if c == ":" and nxt == " " and i == 0:
        return False  # :␣定义  a definition list's item (NFKC's fold of ： has no space after it)
    if c == ":" and prev.isalpha() and _BILINGUAL_LABEL.fullmatch("".join(chars[:i])):
        return True  # 航班 FLIGHT:CA1501  邮编/Postcode:830000  a bilingual label that opens with Chinese
    if folded and c == ":" and prev.isupper() and nxt.isascii() and nxt.isalnum() and _caps_after_han(chars, i):
        return True  # 首选DNS:223.5.5.5  a Chinese label ending in an abbreviation
    if c == ":" and nxt.isalpha() and glued_to_chinese(chars, i - 1) and starts_command("".join(chars[i + 1:i + 60])):
        return True  # 把副本数调到3:kubectl scale …  a command after a Chinese label
    if folded and c == ";" and (char_class(nxt) == HAN or nxt.isdigit() and _glued_right_to_chinese(chars, i + 1)) \
            and _plain_before(chars, i):
        return True  # 负责人:Grace Liu;截止  限速:120 km/h;隧道内  8:00—18:00;11月  (not id=1;即可)
    if c == "," and prev.isalpha() and _LIFE_YEARS.match("".join(chars[i + 1:i + 11])):
        return True  # (Albert Einstein,1879—1955): a life's years with the Chinese dash
    if c == "," and prev.isdigit() and nxt.isdigit() and _RATIO_GROUPS.match("".join(chars[max(0, i - 6):i + 7])):
        return True  # 3∶2(25∶21,22∶25): set scores in the Chinese ratio sign, not a number's comma
    if prev.isascii() and nxt.isascii() and (prev.isdigit() and nxt.isdigit() or c == ":" and prev.isalnum()
                                             and nxt.isalnum()):
        return False  # 3,256.8  9:00  3:1  a:c  fe80::1ff:fe23
    if c == ":" and prev == "%" and nxt.isascii() and nxt.isdigit() and i > 1 and chars[i - 2].isdigit():
        return False  # 58%:42%  a ratio of percentages
    if folded and c == "," and prev in ")]}" and nxt.isascii() and not nxt.isspace() and _between_groups(chars, i):
        return True  # A={1, 2, 3},B={2, 3, 4}: the line's own ASCII commas are followed by a space
    if c == ";" and prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha() and "；" not in chars:
        return False  # qwe;asd  a password, code (ASP.NET；SQL Server；… is a list whose ; was folded)
    if c == ":" and prev == "/" and nxt.isascii() and nxt.isalpha():
        return False  # /users/:id  a route's parameter
    if c == ":" and nxt in ("/", "\\"):
        return False  # C:\\  scheme://
    if c == ";" and _ENTITY.search("".join(chars[max(0, i - 10):i])):
        return False  # &nbsp;
    lc, j = look_left(chars, i - 1)
    if lc in CJKISH or prev in "\u201d\u2019" and _quotation_in_chinese(chars, i - 1):
        return True
    rc, k = look_right(chars, i + 1)
    if lc is None:
        return rc in CJKISH
    if nxt == " " and (rc in (LATIN, DIGIT) or c == ":" and k < n and chars[k] in "+(" and lc == LATIN):
        return False  # English goes on after it: SyntaxError: invalid syntax, Hello, World, Tel: +86 21
    glued_left = j == i - 1 or chars[j + 1] in QUOTES
    if c == ";" and char_class(nxt) == HAN and _after_money(chars, i):
        return True  # 支出合计:¥3,268.40;收入  (a statement's ; after code is kept: id=1;即可)
    if c == ":" and nxt == "“" and i + 2 < n and char_class(chars[i + 2]) in CJKISH:
        return True  # P45:“我们以为…”  a colon before a Chinese quotation
    if c == ":" and nxt == " " and prev.isascii() and prev.isalpha() and j == i - 1:
        return False  # NOTE: 修改配置  SCHEDULED: <…>: a space after it (NFKC's fold of ： has none)
    if c in "!?" and rc not in CJKISH and _field_value(chars, i):
        return False  # 密码：Abc@123!  a value after a label, not a sentence
    if glued_left and lc in (LATIN, DIGIT, OTHER) and _token_glued(chars, j):
        return True  # 加入WTO,  什么是API?  上午9:00,  38℃!  真好😊!
    glued_right = k == i + 1 < n
    # Hello,世界 (not ``WHERE id=1;即可``: a semicolon after code ends the statement)
    if glued_right and c in ",;" and chars[k] in "（" and k + 2 < n and chars[k + 1].isdigit():
        return True  # 3+4×5;（2） before the next item of a numbered list
    if folded and c == "," and _formula_comma(chars, i):
        return True  # π≈3.1416,e≈2.7183。  ∵ a∥b,c⊥a,∴ c⊥b
    return glued_right and rc == HAN and (c in ",:" or c != ";" and lc in (LATIN, DIGIT))


def _caps_after_han(chars: Sequence[str], i: int) -> bool:
    """Whether two capitals or more stand before ``i``, glued on their left to a Han character."""
    k = i - 1
    while k >= 0 and chars[k].isascii() and chars[k].isupper():
        k -= 1
    return i - k > 2 and k >= 0 and char_class(chars[k]) == HAN


_LIFE_YEARS = compile_pattern(r"\d{3,4}—(?:\d{3,4})?(?!\d)")
_RATIO_GROUPS = compile_pattern(r".*∶\d{1,3},\d{1,3}∶")
_CODE_CHARS = frozenset("=(){}[]<>\"'$`|\\~_&")


def _plain_before(chars: Sequence[str], i: int) -> bool:
    """Whether the ASCII stretch before ``i`` follows Chinese (or a symbol such as ×) and is one or
    two words, numbers or units, no code (``Grace Liu``, ``120 km/h``, ``AQI 135``; not ``id=1``,
    ``listen 443 ssl``, a statement of three words)."""
    k = i - 1
    while k >= 0 and chars[k].isascii():
        if chars[k] in _CODE_CHARS or chars[k] in "-/" and k and chars[k - 1] == " ":
            return False
        k -= 1
    return k >= 0 and k < i - 1 and "".join(chars[k + 1:i]).strip().count(" ") <= 1


# a relation of a formula: a comma between two of them, glued on both sides, is the sentence's
_RELATION = frozenset("=≈<>≤≥≠⊥∥≌∽∈∉⊆⊂")
_SEGMENT_END = frozenset(",;:，；：。、")


def _formula_comma(chars: Sequence[str], i: int) -> bool:
    """A comma glued on both sides between two relations of a formula, outside any bracket (looked
    for back to the last Han character, 200 characters at most), in a folded line
    (``π≈3.1416,e≈2.7183``, ``M = 72.4,SD = 8.6``): English sets a space after it, and a number's
    comma sits between digits."""
    n = len(chars)
    if not 0 < i < n - 1 or chars[i - 1] == " " or chars[i + 1] == " ":
        return False
    if chars[i - 1].isdigit() and chars[i + 1].isdigit() or chars[i + 1] in _RELATION or chars[i + 1] == "!":
        return False  # 3,256  numpy>=1.24,<2.0 (a version range)
    depth, k = 0, i - 1
    while k >= max(0, i - 200) and char_class(chars[k]) != HAN:  # inside a bracket: an argument's comma
        depth += (chars[k] in ")]}") - (chars[k] in "([{")
        if depth < 0:
            return False
        k -= 1

    def relation(step: int) -> bool:
        k = i + step
        while 0 <= k < n and chars[k] not in _SEGMENT_END and char_class(chars[k]) != HAN:
            if chars[k] in _RELATION:
                return True
            k += step
        return False

    return relation(-1) and relation(1)


_SPACED_GROUP = compile_pattern(r"[({\[][^(){}\[\]]*, [^(){}\[\]]*[)}\]]")


def _between_groups(chars: Sequence[str], i: int) -> bool:
    """Whether the comma at ``i`` stands outside brackets, in a line whose bracketed ASCII lists
    put a space after each comma (``{1, 2, 3},B=``: this comma is the sentence's)."""
    text = "".join(chars)
    if not _SPACED_GROUP.search(text):
        return False
    before = text[:i]
    return sum(before.count(o) - before.count(c) for o, c in ("()", "[]", "{}")) == 0


def _symbol(ch: str) -> bool:
    return char_class(ch) == OTHER and unicodedata.category(ch) in ("So", "No", "Mn")  # ℃ ² 😊 (not ASCII)


def _token_glued(chars: Sequence[str], j: int) -> bool:
    """Whether the token ending at ``j`` is glued to Chinese text on its left: an ASCII token
    (``TOKEN``, with the ``:`` ``,`` of a number, 9:00 1,500) and the symbols glued to it
    (``38℃`` ``好😊``), set off by a space or not (``是 Python!``)."""
    start = j
    while start >= 0:
        ch = chars[start]
        if not (ch in TOKEN or (ch in ":," and 0 < start and chars[start - 1].isdigit() and chars[start + 1].isdigit()
                                if ch.isascii() else _symbol(ch))):
            break
        start -= 1
    if start < j and start >= 0 and look_left(chars, start, " " + QUOTES)[0] in CJKISH:
        return True
    return start > 0 and chars[start] == " " and _unit_after_number(chars, start, j)


def _unit_after_number(chars: Sequence[str], space: int, j: int) -> bool:
    """Whether the token ending at ``j`` is a unit set after a number that is glued to Chinese text
    (``频率为50 Hz``, ``晶振为12.000 MHz``)."""
    if not 0 < j - space <= 3 or not all(c.isascii() and c.isalpha() for c in chars[space + 1:j + 1]):
        return False
    k = space - 1
    while k >= 0 and chars[k] in "0123456789.":
        k -= 1
    return k < space - 1 and chars[space - 1].isdigit() and k >= 0 and char_class(chars[k]) in CJKISH


def _unit_before(chars: Sequence[str], o: int) -> bool:
    """Whether a unit set after a number glued to Chinese text ends right before ``o``
    (``身高76.5 cm(P50),体重``: the bracket is the sentence's)."""
    k = o - 1
    while k >= 0 and chars[k].isascii() and chars[k].isalpha():
        k -= 1
    return k < o - 1 and k > 0 and chars[k] == " " and _unit_after_number(chars, k, o - 1)


_CURRENCY = frozenset("¥￥$€£")


def _after_money(chars: Sequence[str], i: int) -> bool:
    """Whether an amount of money ends right before ``i`` (``合计:¥3,268.40;收入``)."""
    k = i - 1
    while k >= 0 and (chars[k].isdigit() or chars[k] in ",."):
        k -= 1
    return k < i - 1 and k >= 0 and chars[k] in _CURRENCY


def _field_value(chars: Sequence[str], i: int) -> bool:
    """Whether the ASCII run ending at ``i`` starts right after a label's colon (``密码：``)."""
    k = i - 1
    while k >= 0 and chars[k].isascii() and not chars[k].isspace():
        k -= 1
    return k < i - 1 and k >= 0 and chars[k] in "：:"


def _quotation_in_chinese(chars: Sequence[str], close: int) -> bool:
    """Whether the quotation closed at ``close`` (“Add Python to PATH”) opened in Chinese text."""
    opener = "\u201c" if chars[close] == "\u201d" else "\u2018"
    for o in range(close - 1, -1, -1):
        if chars[o] == opener:
            return o > 0 and char_class(chars[o - 1]) in CJKISH
        if chars[o] == chars[close]:
            return False
    return False


def _glued_right_to_chinese(chars: Sequence[str], j: int) -> bool:
    """Whether the ASCII token starting at ``j`` (``5`` in ``3~5天``) is glued to Chinese text."""
    end = j
    while end < len(chars) and chars[end] in NUMBER_TOKEN:
        end += 1
    if end == j or end >= len(chars):
        return False
    return look_right(chars, end, QUOTES)[0] in CJKISH


def _chinese_tilde(chars: Sequence[str], i: int, prev: str, nxt: str) -> bool:
    """``~`` in Chinese text is the wave dash of ranges: 3～5天, 18～26℃ (not ``~/path``)."""
    if nxt in ("/", "\\") or not prev or not nxt:
        return False
    lc, rc = char_class(prev), char_class(nxt)
    if lc == LATIN and not nxt.isalnum():
        return False  # 220 V~，50 Hz  a unit's sign, no range after it
    if lc in CJKISH or rc in CJKISH:
        return True
    return (lc in (LATIN, DIGIT) and glued_to_chinese(chars, i - 1, NUMBER_TOKEN)
            or rc in (LATIN, DIGIT) and _glued_right_to_chinese(chars, i + 1))


def _class_before(chars: Sequence[str], i: int) -> str | None:
    """Class of the character before a bracket, looking past marks that may turn full-width."""
    if not i:
        return None
    if chars[i - 1] in MARKS_BOTH:
        return look_left(chars, i - 1, MARKS_BOTH)[0]
    return char_class(chars[i - 1])


_BILINGUAL_LABEL = LazyRegex(f"[{HAN_RANGES}]{{1,6}}(?: [A-Z][A-Z ]{{0,24}}|/[A-Za-z][A-Za-z ]{{0,24}})")
_YEAR = compile_pattern(r"(?:19|20)\d{2}[a-z]?(?:: ?\d{1,4}(?:[-–]\d{1,4})?)?")  # 2020, 1992: 34


def _year_after_name(chars: Sequence[str], o: int, c: int) -> bool:
    """An author-year citation inside a Chinese sentence: a capitalised name glued to Chinese text,
    a year (and a page) in brackets, Chinese after (``Smith和Lee(2020)指出``, ``引自 Fairbank(1992: 34)的``;
    ``Smith (2020)`` in English stays)."""
    if c - o > 16 or not chars[o - 1].isalpha() or _YEAR.fullmatch("".join(chars[o + 1:c])) is None:
        return False
    k = o - 1
    while k >= 0 and chars[k].isascii() and chars[k].isalpha():
        k -= 1
    return (chars[k + 1].isupper() and k >= 0 and look_left(chars, k, " ")[0] in CJKISH
            and look_right(chars, c + 1)[0] in CJKISH)


# what a bracket glued to a number or a code holds in a Chinese sentence: a time zone after a time
# (20:00(UTC+8)), a date (1.6835(2025-03-14)), a measurement (04:12(385 cm)), a stock's exchange
# code (美团-W(03690.HK)), a formula's domain (aₙ=2n(n∈N*)), a match's set scores in Chinese ratio signs
# (3∶2(25∶21,22∶25)), a guitar chord's frets (Am(x02210)), a bound on a variable (n(1≤n≤105)), an image's
# number (6 mm(IM 45)), an abbreviation of two capitals or more (△ACD(SAS), :80(TCP), 0x68(MPU-6050))
_ANNOTATION = compile_pattern(r"(?P<zone>(?:UTC|GMT)[+−-]\d{1,2}(?::\d\d)?)|\d{4}-\d{2}-\d{2}|\d{4,6}\.[A-Z]{2}"
                              r"|[a-z]∈[A-Z][*+]?|\d{1,2}∶\d{1,2}(?:,\d{1,2}∶\d{1,2})*|(?P<frets>[x0-9]{6})"
                              r"|[A-Z]{2,5} \d{1,5}"
                              r"|(?P<bound>[\d.]+[≤<][A-Za-z]{1,2}[≤<][\d.]+|\|[A-Za-z]{1,2}\|[≤<][\d.]+)"
                              r"|(?P<measure>\d+(?:\.\d+)? ?[A-Za-zμ]{1,4})"
                              r"|[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_TIME_END = compile_pattern(r"\d:\d\d$")
_CHORD_END = compile_pattern(r"(?<![A-Za-z])[A-G][#♯b♭]?(?:m|maj7?|m7|7|sus[24]|dim|aug|add9)?$")


def _annotation(chars: Sequence[str], o: int, c: int) -> bool:
    """A folded bracket glued to a number or a code, holding an annotation (``_ANNOTATION``), with
    Chinese after it or ending a line with Chinese (English sets a space before such a bracket:
    ``09:05 (UTC+8)``)."""
    m = _ANNOTATION.fullmatch("".join(chars[o + 1:c]))
    if m is None:
        return False
    if m.group("bound") and chars[o - 1] not in m.group("bound"):
        return False  # a bound on the variable before it: n(1≤n≤105), an(|ai|≤109) (not P(1<X<3))
    if m.group("frets") and not _CHORD_END.search("".join(chars[max(0, o - 8):o])):
        return False  # a guitar chord's frets only after the chord's name: C(x32010)、Am(x02210)
    if m.group("zone") and not _TIME_END.search("".join(chars[max(0, o - 6):o])):
        return False  # a time zone only after a time
    if m.group("measure") and not chars[o - 1].isdigit():
        return False  # a measurement only after a number
    after = look_right(chars, c + 1, " \t\u3000" + QUOTES + MARKS_BOTH)[0]
    return after in CJKISH or after is None and has_cjk(chars)  # …、16:40(402 cm) ending a Chinese line


_ENGLISH_NAME = compile_pattern(r"[A-Z][A-Za-z'-]*(?:,? [A-Za-z'-]+)+")
_TERM_AT_START = compile_pattern(r"[A-Z][A-Za-z0-9]{1,9}")


def _spelled_out(chars: Sequence[str], o: int, c: int) -> bool:
    """An English name in brackets after an abbreviation in a Chinese sentence
    (``缩写NASA(National Aeronautics and Space Administration)指``), or after a term that opens
    the line and is defined after a colon (``CIF(Cost, Insurance and Freight):成本、保险费加运费``)."""
    if " " not in chars[o + 1:c] or _ENGLISH_NAME.fullmatch("".join(chars[o + 1:c])) is None:
        return False
    if glued_to_chinese(chars, o - 1):
        return look_right(chars, c + 1)[0] in (*CJKISH, None)
    return (_TERM_AT_START.fullmatch("".join(chars[:o])) is not None and c + 2 < len(chars)
            and chars[c + 1] == ":" and char_class(chars[c + 2]) == HAN)


def _gloss_in_english(chars: Sequence[str], o: int, c: int) -> bool:
    """Brackets in an English sentence: a Latin word and a space before, and after them the
    sentence's English punctuation or a space, then a Latin word (``Mr. Zhang Wei (张伟), born``)."""
    if o < 2 or chars[o - 1] != " " or char_class(chars[o - 2]) != LATIN or not chars[o - 2].isascii():
        return False
    k = c + 1
    if k < len(chars) and chars[k] in ",.;:":
        k += 1
    return k + 1 < len(chars) and chars[k] == " " and chars[k + 1].isascii() and chars[k + 1].isalpha()


# the number of a list item before its lone bracket: 1)打开 a)政治面貌;b)学历, at the line start or
# after a Chinese mark or a space
_LIST_MARKER = LazyRegex(f"(?:^|(?<=[{PUNCT_RANGES};\\s]))(?:\\d{{1,2}}|[A-Za-z])$")


def _parens(chars: list[str], folded: bool = False) -> None:
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    for i, c in enumerate(chars):
        if c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    lone.extend(stack)
    n = len(chars)
    for o, c in pairs:
        inside = chars[o + 1:c]
        b = _class_before(chars, o)
        if _gloss_in_english(chars, o, c):
            convert = False  # Mr. Zhang Wei (张伟), born in …  a Chinese gloss in an English sentence
        elif b in (LATIN, DIGIT):
            convert = (has_cjk(inside) and (not inside or inside[0] not in "\"'`“‘")  # f(x) stays
                       or folded and (_spelled_out(chars, o, c) or _unit_before(chars, o) or _annotation(chars, o, c))
                       or _year_after_name(chars, o, c))
        elif b in CJKISH or b == QUOTE:
            convert = True
        elif (o and (unicodedata.category(chars[o - 1]) == "Sm" or chars[o - 1] == "/") and not has_cjk(inside)
              and "".join(inside).strip(" \u3000")):
            convert = False  # a formula's brackets after an operator: √(x − 1)  A=(1 2; 3 4)  1/(1－MPC)
        else:
            convert = has_cjk(inside) or look_right(chars, c + 1)[0] in CJKISH
        if convert:
            chars[o], chars[c] = "（", "）"
    for i in lone:
        b = _class_before(chars, i)
        a = char_class(chars[i + 1]) if i + 1 < n else None
        if (chars[i] == "(" and (b in CJKISH or a in CJKISH)
                or chars[i] == ")" and (b in CJKISH or folded and a in CJKISH
                                        and _LIST_MARKER.search("".join(chars[:i])))):
            chars[i] = _FULL[chars[i]]


# the slash of a Taiwan news byline, between the reporter and the place (記者林柏宇/台北報導)
_BYLINE_SLASH = LazyRegex(f"(?<=記者[{HAN_RANGES}]{{2}})/(?=[{HAN_RANGES}]{{2,3}}(?:報導|报道))"
                          f"|(?<=記者[{HAN_RANGES}]{{3}})/(?=[{HAN_RANGES}]{{2,3}}(?:報導|报道))")


def punct_width(text: str) -> str:
    """Restore full-width ``，：；？！（）`` (and ``～`` of ranges) where the ASCII mark belongs to
    Chinese text; keep ASCII in numbers, times, ratios, English and code (``f(x)``, ``C:\\``,
    ``&nbsp;``). A line with no full-width mark at all (``folded``) also gets the guesses that only
    folding explains: a list of numbers, a list item's bracket, Latin labels, spelled-out names.

    >>> punct_width("电话:400-050-0827(工作时间:9:00-18:30),比例3:1,共3,256.8万元")
    '电话：400-050-0827（工作时间：9:00-18:30），比例3:1，共3,256.8万元'
    >>> punct_width("什么是API?加入WTO,温州;He said: yes, f(x)")
    '什么是API？加入WTO，温州；He said: yes, f(x)'
    >>> punct_width("成绩为85,90,78。1)打开"), punct_width("成绩为85,90,78。1)打开（见下）")
    ('成绩为85，90，78。1）打开', '成绩为85,90,78。1)打开（见下）')
    """
    if "/" in text and ("報導" in text or "报道" in text):
        text = _BYLINE_SLASH.sub("／", text)
    if not _PUNCT_QUICK.search(text) or not CJK_CHAR.search(text):
        return text
    kind = line_kind(text)
    if kind:  # a command line or JSON: only a mark between two Han characters (echo "你好,世界")
        return _BETWEEN_HAN.sub(_full_mark, text) if kind in (COMMAND, JSON, CODE) else text
    text, held = _hold(text)
    folded = not _TYPESET.search(text)
    decided = _decide(text, folded)
    labelled = _latin_labels(decided) if folded else decided
    if labelled != decided:  # a label's colon is context for the marks after it
        decided = _decide(labelled, folded)
    return _release(decided, held)


# a field label of Latin letters at the line start or after a space, its value glued to the colon
# (QQ:12345, E-mail:a@b.cn), in a line whose Chinese labels have the full-width colon
_LATIN_LABEL = compile_pattern(r"(?:^|(?<=[ \u3000]))([A-Za-z][A-Za-z-]{1,9}):(?=[^\s/\\:])")
_LETTER_COLON = compile_pattern(r"[A-Za-z]:")
_CHINESE_LABEL = LazyRegex(f"[{HAN_RANGES}]：")


def _latin_labels(text: str) -> str:
    """``电话：0571-8765 QQ:12345`` → ``电话：0571-8765 QQ：12345``: the line's labels are alike."""
    if ":" not in text or not _LETTER_COLON.search(text) or "：" not in text or not _CHINESE_LABEL.search(text):
        return text
    return _LATIN_LABEL.sub("\\1：", text)


# a list of numbers inside a Chinese sentence (分别为85,90,78。 第5,6两章): glued to Chinese on both
# sides, and not a number with thousands separators (1,256人 3,256.8万元 keep theirs)
_NUMBER_RUN = LazyRegex(f"(?<=[{HAN_RANGES}{PUNCT_RANGES}])\\d+(?:\\.\\d+)?(?:,\\d+(?:\\.\\d+)?)+"
                        f"(?=[{HAN_RANGES}{PUNCT_RANGES}]|\\.{{3}}|$)")  # 1,2,3......
_THOUSANDS = compile_pattern(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_LIST_COMMA = compile_pattern(r"\d,(?!\d{3}(?!\d))\d")  # a comma not before a group of three digits


def _number_list(m: re.Match) -> str:
    run = m.group()
    return run if _THOUSANDS.fullmatch(run) else run.replace(",", "，")


def _number_lists(text: str) -> str:
    return _NUMBER_RUN.sub(_number_list, text) if "," in text and _LIST_COMMA.search(text) else text


_FULL_ITEM = compile_pattern(r"（\d{1,2}）")
_ITEM_NUMBER = compile_pattern(r"(?<![A-Za-z0-9(])\((\d{1,2})\)")


def _decide(text: str, folded: bool) -> str:
    # most marks follow a Chinese character, most brackets hold Chinese: decided at C speed
    if "(" in text:
        text = _PAREN_PAIR.sub("（\\1）", text)
    text = _AFTER_CHINESE.sub(_full_mark, text)
    if folded:
        text = _number_lists(text)
    if not _UNDECIDED.search(text):
        return text  # what is left sits inside numbers: 9:00, 3:1, 3,256.8
    while True:  # a mark decided full-width is context for the others (,,的): until none changes
        if "（" in text and "(" in text and _FULL_ITEM.search(text):
            text = _ITEM_NUMBER.sub("（\\1）", text)  # （1）…；(2)… : the line's list numbers are alike
        chars = list(text)
        if "(" in text or ")" in text:
            _parens(chars, folded)
        for m in _MARKS.finditer(text):
            i = m.start()
            if _chinese_mark(chars, i, folded):
                chars[i] = _FULL[chars[i]]
        result = "".join(chars)
        if folded:
            result = _number_lists(result)
        if result == text or not _UNDECIDED.search(result):
            return result
        text = result  # marks only ever turn full-width: this ends
