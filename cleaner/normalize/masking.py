"""Masking: spans that no step may see (URLs, e-mail addresses, code spans, link targets ``](a.md)``,
spreadsheet formulas ``=IF(C2>=60,"合格","不合格")`` and other code written inside a sentence,
an image's ``!`` before ``[图](a.png)``, a JSON object inside a sentence ``返回{"code": 0}时`` and,
in Markdown, autolinks, HTML tags and comments) stand in as ``MASK`` while the steps run, so
the comma in ``访问https://example.com/a?b=1,联系`` after the URL is the sentence's, not the URL's."""
from __future__ import annotations

import re
from collections.abc import Sequence

from jingwen.cleaner.normalize.context import MASK
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.patterns import compile_pattern

# …/wiki/Python_(编程语言), …/wiki/长城_(中国): a bracket's content, and Chinese before _ ( or /
# (the characters a URL may hold, RFC 3986: not " ` < > \ ^ { } |, so a code span after one is its own)
_URL = r"(?:(?:https?|ftp|file)://|www\.)(?:\([^()\s]{1,80}\)|[!#-;=?-\[\]_a-z~]|[\u4e00-\u9fff]{1,20}(?=[_(/]))+"
# the top-level domain is letters and ends the address: a@b.cnＡＢ9:00 folded to a@b.cnAB9:00 is
# still a@b.cn and a time, not an address ending in 9 (the second run would judge the colon again)
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])"
_CODE_SPAN = r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)"  # `print("你好")`: in plain text too
# a Markdown link's target and title in plain text: [常见问题](./FAQ.md "FAQ") (a path, a file or an anchor)
# (a path may hold Chinese when it has a folder and a file's extension: images/架构图.png)
_TARGET = r'\((?:(?=[^()\s]*[./#])[!-\'*-~]+|(?=[^()\s]*/[^()\s/]*\.[A-Za-z0-9]{1,5}[ )])[^()\s"]+)(?: "[^"]*")?\)'
_LINK_TARGET = r'(?<=\])' + _TARGET
_IMAGE = r'!(?=\[[^\[\]]*\]' + _TARGET + ')'  # ![流程图](images/flow.png)
# a spreadsheet formula, its function's brackets nested up to three deep: =SUMIF(B2:B100,"销售部",D2:D100)
_FORMULA = r"(?<![A-Za-z0-9=<>!])=[A-Z][A-Z0-9.]{1,15}\((?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*\)"
# code written inside a sentence, recognised by its own syntax: a sheet-qualified cell ('1月销售'!B2),
# an environment assignment (APP_NAME="我的 应用"), an SQL statement up to its ; and a LIKE pattern
# (SELECT * FROM users WHERE name LIKE '张%';), Vim's substitute (:%s/旧/新/g), a quoted key and
# its value ("lodash": "^4.17.21") and a quoted version range ("~4.17.21") after Chinese text (a line
# of JSON is not masked: its kind lets the steps restore a mark between two Han characters)
_INLINE_CODE = (r"'[^'\n]{1,31}'!\$?[A-Z]{1,3}\$?\d+"
                r"|(?<![A-Za-z0-9_])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+=(?:\"[^\"\n]*\"|'[^'\n]*')"
                r"|(?<![A-Za-z0-9_])(?:SELECT [^;\n]{1,200}? FROM |UPDATE [A-Za-z_][\w.]* SET |DELETE FROM [A-Za-z_]"
                r"|INSERT INTO [A-Za-z_])[^;\n]{0,200}?;|(?<![A-Za-z0-9_])LIKE '[^'\n]*'"
                r"|(?<![A-Za-z0-9]):(?:%|\d+,\d+)?s/[^/\n]*/[^/\n]*/[gcie]*"
                r"|(?<=[\u4e00-\u9fff，。；：、（])"
                r"(?:\"[A-Za-z0-9@/_.-]{1,60}\": ?\"[^\"\n]{0,80}\"|\"[~^]\d+(?:\.\d+){0,2}\")")
_PLAIN_MASK = compile_pattern(f"{_CODE_SPAN}|{_URL}|{_EMAIL}|{_LINK_TARGET}|{_IMAGE}|{_FORMULA}|{_INLINE_CODE}|{MASK}")
_PLAIN_QUICK = compile_pattern(rf"[`@{MASK}]|://|www\.|\]\(|\{{\s*\"")
# what the code spans need (_FORMULA, _INLINE_CODE), looked for only in lines with = ' " or an SQL word
_CODE_QUICK = compile_pattern(r"=[A-Z][A-Z0-9.]{1,15}\(|'!|[A-Z0-9]=[\"']|SELECT |UPDATE |DELETE |INSERT |LIKE '"
                              r"|:%?s/|\": ?\"|\"[~^]\d")
# where a JSON object may start: {"  (parsed by the json module from there; quoted in a shell '{…}')
_JSON_START = compile_pattern(r"'?\{\s*\"")
_MD_MASK = LazyRegex(
    _CODE_SPAN
    + r"|<!--.*?(?:-->|$)"  # HTML comment (to the end of the line when it goes on)
    r"|<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>"  # autolink
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # HTML tag
    r"|(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\)"  # link target
    r"|!(?=\[)"  # image marker
    r"|^\s{0,3}\[[^\]]+\]:.*$"  # link reference definition
    rf"|{_URL}|{_EMAIL}|{_FORMULA}|{_INLINE_CODE}|{MASK}"
)
_MD_QUICK = compile_pattern(rf"[`<\]!@{MASK}]|://|www\.|\{{\s*\"")
_URL_TRAILING = ".,;:!?'\"”’）)]"


def _trim_url(span: str) -> str:
    """A URL's closing punctuation belongs to the sentence (``见https://a.cn/x)。``), and so does
    a bracket right after its host, which a host cannot hold (``http://a.edu.cn(建议…)``), and a
    closing bracket the URL did not open, with what follows it (``(https://a.cn),2025年``)."""
    host = span.find("://") + 3 if "://" in span else 0
    bracket = span.find("(", host)
    if bracket >= 0 and "/" not in span[host:bracket]:
        span = span[:bracket]
    depth = 0
    for k, ch in enumerate(span):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            span = span[:k]
            break
    while span and span[-1] in _URL_TRAILING:
        if span[-1] == ")" and span.count("(") >= span.count(")"):
            break
        span = span[:-1]
    return span


def mask(text: str, markdown: bool = False) -> tuple[str, list[str]]:
    """Replace spans that no step may change with MASK; return the text and the spans.

    >>> mask("访问https://example.com/a?b=1,联系a@b.cn")
    ('访问\\ufdd0,联系\\ufdd0', ['https://example.com/a?b=1', 'a@b.cn'])
    >>> mask('可以写=IF(C2>=60,"合格","不合格")。')
    ('可以写\\ufdd0。', ['=IF(C2>=60,"合格","不合格")'])
    """
    pattern, quick = (_MD_MASK, _MD_QUICK) if markdown else (_PLAIN_MASK, _PLAIN_QUICK)
    if not quick.search(text) and not (_code_words(text) and _CODE_QUICK.search(text)):
        return text, []
    objects = _json_objects(text) if '"' in text and "{" in text else []
    spans: list[str] = []
    out: list[str] = []
    last = 0
    m = pattern.search(text)
    while m or objects:
        if objects and (m is None or objects[0][0] < m.end()):
            start, end = objects.pop(0)
            span = text[start:end]
        else:
            span, start, end = m.group(), m.start(), m.end()
            if span and span[0] in "hfwHFW" and re.match(_URL, span):
                span = _trim_url(span)
                end = start + len(span)  # what the URL gave back is looked at again (http://a.cn(见https://…)
        if span and start >= last:
            out.append(text[last:start])
            out.append(MASK)
            spans.append(span)
            last = end
        m = pattern.search(text, max(last, start + 1))
    out.append(text[last:])
    return "".join(out), spans


def _code_words(text: str) -> bool:
    """Whether ``text`` has a character or word the code spans need (most lines have none)."""
    return ("=" in text or "'" in text or '"' in text or ":" in text and "s/" in text
            or "SELECT" in text or "UPDATE" in text or "DELETE" in text or "INSERT" in text)


def _json_objects(text: str) -> list[tuple[int, int]]:
    """Where JSON objects with a key stand inside a sentence (start, end), in order; a pair of shell
    quotes around one (``-d '{"q": "天气"}'``) with it. A line that is JSON is not masked: its kind
    (``line_kind``) lets the steps restore a mark between two Han characters (``"成功，请稍候"``).

    >>> _json_objects('返回{"code": 0, "msg": "成功"}时；{见上}')
    [(2, 26)]
    """
    import json

    if text.lstrip(" \t[")[:1] == "{":
        return []  # a line of JSON
    decoder = json.JSONDecoder()
    found: list[tuple[int, int]] = []
    for m in _JSON_START.finditer(text):
        start = m.start() + (text[m.start()] == "'")
        if found and start < found[-1][1]:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if not isinstance(value, dict) or not value:
            continue
        if text[start - 1:start] == "'" and text[end:end + 1] == "'":
            start, end = start - 1, end + 1
        found.append((start, end))
    return found


def unmask(text: str, spans: Sequence[str]) -> str:
    """Put the masked spans back (``mask``'s inverse)."""
    if not spans:
        return text
    parts = text.split(MASK)
    out = [parts[0]]
    for span, part in zip(spans, parts[1:], strict=False):
        out.append(span)
        out.append(part)
    return "".join(out)
