"""What kind of line a step is looking at, on positive evidence only: a GB/T 7714 reference
(``[1] 王力. 汉语史稿[M]. 北京: 中华书局, 1980.``, whose punctuation the standard prescribes
half-width), a command line (``git commit -m "修复错误"``), a line of JSON, a statement of code
(``const msg = '保存成功';``, ``print(greet("小明"))  # 输出``) or of SQL (``UPDATE t SET a = '文具';``).
Typography steps leave such lines as they are; any other line is ``None``, plain text."""
from __future__ import annotations

from jingwen.cleaner.code_shapes import CODE_LINE, MAX_CODE_LINE, SQL_STATEMENT
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.patterns import compile_pattern

REFERENCE, COMMAND, JSON, CODE = "reference", "command", "json", "code"

# a document type code of GB/T 7714: [M] book, [J] journal, [D] thesis, [C] proceedings, [N]
# newspaper, [R] report, [S] standard, [P] patent, [EB/OL] online ..., then its punctuation
_TYPE_CODE = compile_pattern(r"\[(?:[MJDCNRSPGZA]|DB|CP|EB)(?:/(?:OL|CD|MT|DK))?\](?:[.,:]|//)")
_REFERENCE_START = compile_pattern(r"\s*(?:\[\d{1,4}\]|\d{1,4}\.)\s*\S")
_COMMANDS = ("git|pip3?|npm|npx|yarn|pnpm|python3?|node|java|javac|go|cargo|rustc|gcc|g\\+\\+|clang|make|cmake|"
             "curl|wget|echo|cd|ls|cat|grep|sed|awk|find|docker|kubectl|sudo|apt|apt-get|yum|dnf|brew|conda|"
             "ssh|scp|rsync|mysql|psql|export|chmod|chown|mkdir|rm|cp|mv|tar|unzip|zip|ping|ffmpeg|jingwen|"
             "opencc|pytest|ruff|uv|poetry")
# a shell prompt, or a command word (or a PowerShell Verb-Noun cmdlet) then an option, a path,
# a quoted argument or a file name
_COMMAND = compile_pattern(rf"\s*(?:\$ +\S|(?:{_COMMANDS}|[A-Z][a-z]+-[A-Z][A-Za-z]+)"
                           rf" +(?:-|[\"'./~]|[A-Za-z0-9_.-]+(?: |$)))")
_JSON = LazyRegex(r"\s*(?:\{\s*\"[^\"]*\"\s*:|\[\s*(?:\{\s*\"|\"[^\"]*\"\s*[,\]]))")


def line_kind(text: str) -> str | None:
    """The kind of ``text`` when the evidence says so, else None.

    >>> line_kind("[1] 王力. 汉语史稿[M]. 北京: 中华书局, 1980.")
    'reference'
    >>> line_kind('git commit -m "修复登录页面的错误"'), line_kind('{"name": "张三"}')
    ('command', 'json')
    >>> line_kind("const msg = '保存成功，3秒后跳转……';"), line_kind("UPDATE goods SET a = '文具';")
    ('code', 'code')
    >>> line_kind("git是一个版本控制系统。"), line_kind("见参考文献[1]。"), line_kind("Apple(苹果)公司")
    (None, None, None)
    """
    first = text[:1]
    if first in "{[" and (_JSON.match(text) or first == "[" and _json_array(text)):
        return JSON
    if "[" in text and _TYPE_CODE.search(text) and (_REFERENCE_START.match(text) or ". " in text):
        return REFERENCE
    if first.isascii() and _COMMAND.match(text):
        return COMMAND
    if first.isascii() and (first.isalnum() or first in "$=["):  # [ and digits: a log record's time
        if len(text) <= MAX_CODE_LINE and (CODE_LINE.fullmatch(text) or SQL_STATEMENT.fullmatch(text)):
            return CODE
    return None


def starts_command(text: str) -> bool:
    """Whether ``text`` opens with a command line (``kubectl scale deployment/web``).

    >>> starts_command("kubectl get pods -n kube-system"), starts_command("go语言")
    (True, False)
    """
    return _COMMAND.match(text) is not None


def _json_array(text: str) -> bool:
    """A JSON array of two values or more, one of them a string or a literal (``[1, 2.5, null, "四"]``;
    not ``[1, 2]``, an interval as much as an array)."""
    stripped = text.strip()
    if not stripped.endswith("]") or not ('"' in stripped or "null" in stripped or "true" in stripped
                                          or "false" in stripped):
        return False
    import json

    try:
        value = json.loads(stripped)
    except ValueError:
        return False
    return isinstance(value, list) and len(value) >= 2


def plain(text: str) -> bool:
    """Whether ``text`` is ordinary text that typography steps may change."""
    return line_kind(text) is None
