"""Structured data and code printed in plain text without a fence, on positive evidence only:
a run of lines (no blank line inside) whose every line has the shape of one format, confirmed by
that format's own parser where one exists. Such a run is verbatim (``code_blocks``): its
indentation, quotes and ASCII marks are the format's, not scrape residue.

- YAML: ASCII keys, at least one ``key:`` opening a more indented line, ``yaml.safe_load``
  (or indented ``key: value`` lines alone); an indented table, its columns set apart by spaces;
- TOML or INI: ``[section]`` / ``key = value`` / comment lines, ``tomllib`` or ``configparser``;
- CSV: three rows or more with the same number (>= 3) of short fields, set apart by ``,`` or
  ``;`` (``csv`` module), one column ASCII (numbers, codes) in every row under the first;
- LRC lyrics: ``[mm:ss.xx]`` timecodes and ``[ti:…]`` tags (the spaces in a lyric are pauses);
- SQL: a statement from an upper-case keyword to its ``;`` (``sqlite3.complete_statement``);
- Python: a ``def``/``class``/``for`` … line ending in ``:`` and its indented body (``ast``);
- a braced block: a line that starts with ASCII and ends in ``{``, its indented body, the
  closing ``}`` (Java, C, JavaScript, CSS, nginx, Lua); a shell script from its ``#!/`` line; XML from an opening
  tag alone on its line to its closing tag (``xml.etree``; HTML tags are a page's residue);
  a LaTeX environment from ``\\begin{…}`` to ``\\end{…}``; a Makefile rule and its tab-indented
  recipe; a Python traceback; a Java stack trace's frames; a BibTeX entry; a vCard or iCalendar
  object (``BEGIN:`` … ``END:``);
- a subtitle cue's number and timecode (SRT, WebVTT), its text left to the text's steps;
- a stanza with a hanging indent: a line of Chinese, then lines set in under it by ideographic
  spaces, every line words only (no mark, no digit: a poem's lines, not a paragraph's);
- a month's calendar: its weekday header (``日 一 二 三 四 五 六``, ``Mo Tu We …``) and its rows
  of day numbers, aligned by spaces;
- a commit as ``git log`` prints it; a diff hunk from its ``@@ -1,3 +1,3 @@`` line, a diff from
  its header (``diff --git a/x b/x``, or ``--- a/x`` then ``+++ b/x``); a registry
  key and its values; an ssh ``Host`` and its indented options;
- code lines: two or more statements in a row (``print(…)``, ``const x = …;``, ``<p>…</p>``),
  not HTML tags alone (that is scrape residue).

>>> from jingwen.cleaner.model.document import Document
>>> doc = Document.from_lines(["[ti:晚安]", "[00:12.34]晚安 这座城市", "作者：张三 李四"])
>>> data_block_end(doc.blocks, 0)
1
>>> data_block_end(Document.from_lines(["名称: 示例", "端口: 8080", "说明: 演示"]).blocks, 0) is None
True
"""
from __future__ import annotations

import re
from collections.abc import Callable

from jingwen.cleaner.code_shapes import CODE_LINE, HTML_LINE, HTML_TAGS
from jingwen.cleaner.patterns import compile_pattern

MAX_LINES = 5000  # a run is looked at this many lines at a time
MAX_LINE = 2000  # a longer line starts no block (nor do the shape patterns run on it)

_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_YAML_LINE = compile_pattern(rf"(?P<indent> *)(?:#.*|(?:- +)?(?:{_KEY}|\"[^\"]*\"): *(?P<value>.*)|- +\S.*)")
_YAML_PAIR = compile_pattern(rf"{_KEY}: +\S.*")
_COLUMNS = compile_pattern(r" {2,}")
_SENTENCE_MARK = compile_pattern(r"[。，,；;！!？?]")
_CONFIG_LINE = compile_pattern(rf"\[{_KEY}\]|{_KEY} *= *\S.*|[#;].*")
_SECTION = compile_pattern(rf"\[{_KEY}\]")
_LRC_LINE = compile_pattern(r"\[(?:\d{1,3}:\d{2}(?:[.:]\d{1,3})?|(?:ti|ar|al|au|by|offset|re|ve|length):[^\]]*)\].*")
_LRC_TIME = compile_pattern(r"\[\d{1,3}:\d{2}")
_SQL_START = compile_pattern(r"(?:--.*|(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE (?:TABLE|INDEX|VIEW|DATABASE)|"
                             r"ALTER TABLE|DROP (?:TABLE|INDEX|VIEW)|WITH) .*)")
_SQL_MORE = compile_pattern(r"(?: +\S|(?:FROM|WHERE|AND|OR|GROUP BY|ORDER BY|HAVING|LIMIT|OFFSET|VALUES|SET|ON|"
                            r"(?:LEFT |RIGHT |INNER |OUTER |FULL |CROSS )*JOIN|UNION(?: ALL)?|RETURNING)\b|[()]).*")
# a braced block: a line starting with ASCII and ending in { (class Hello {, .title {, local 配置 = {),
# its indented body, the closing } alone (or with what follows it in C-like code)
_BRACE_OPEN = compile_pattern(r"[!-~][^{}]*\{\s*(?://[ -~]*)?")
_BRACE_CLOSE = compile_pattern(r"\s*\}[ -~]*")
_XML_OPEN = compile_pattern(r"<(?P<tag>[^\s<>/!?\"']+)(?:\s[^<>]*)?>")
_LATEX_BEGIN = compile_pattern(r"\\begin\{([A-Za-z]+\*?)\}")
# a Makefile rule: its target line, then recipe lines that start with a tab
_MAKE_TARGET = compile_pattern(r"[\w./%$(){}-]+(?: +[\w./%$(){}-]+)* *:(?!=)(?: *[ -~]*)?")
_EXCEPTION = compile_pattern(r"[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning)\b")
_BIBTEX = compile_pattern(r"@[A-Za-z]+\{[^,\s{}]+,")
_VCARD = compile_pattern(r"BEGIN:[A-Z]+")
_CUE_TIME = compile_pattern(r"(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3} --> (?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}(?: [ -~]*)?")
_COMMIT = compile_pattern(r"commit [0-9a-f]{7,40}(?: \(.*\))?")
_HUNK = compile_pattern(r"@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@.*")
# a diff's header: diff --git a/设置.py b/设置.py (index …, mode lines), then --- a/… and +++ b/…
_DIFF_GIT = compile_pattern(r"diff --git \S+ \S+")
_DIFF_HEADER = compile_pattern(
    r"(?:index [0-9a-f]+\.\.[0-9a-f]+|(?:new|deleted) file mode|old mode|new mode|similarity)\b.*")
# --- a/设置.py  +++ b/设置.py  --- /dev/null  --- 说明.txt<TAB>2024-06-01 (a path, then a tab and a time)
_DIFF_OLD, _DIFF_NEW = (compile_pattern(rf"{re.escape(mark)} [^\s]*[./][^\s]*(?:\t.*)?") for mark in ("---", "+++"))
# a Windows registry file's key and its values: [HKEY_CURRENT_USER\Software\示例] / "名称"="测试"
_REGISTRY_LINE = compile_pattern(r'\[-?HKEY_[^\]]+\]|"[^"]*"=.*|@=.*')
_SSH_HOST = compile_pattern(r"(?:Host|Match) +\S.*")
_SSH_OPTION = compile_pattern(r"[ \t]+[A-Z][A-Za-z]+ +\S.*")  # ····HostName 10.0.0.1
_WEEKDAYS = compile_pattern(r"\s*(?:日\s+一\s+二\s+三\s+四\s+五\s+六|一\s+二\s+三\s+四\s+五\s+六\s+日"
                            r"|Su\s+Mo\s+Tu\s+We\s+Th\s+Fr\s+Sa|Mo\s+Tu\s+We\s+Th\s+Fr\s+Sa\s+Su)\s*")
_DAY_ROW = compile_pattern(r"[ \t]*(?:[1-9]|[12]\d|3[01])(?:[ \t]+(?:[1-9]|[12]\d|3[01])){0,6}[ \t]*")
# a poem's line: Chinese words only, four to twenty-four of them (a paragraph has marks); indented under
# the first line by ideographic spaces (``我是一条小河`` / ``　　我无心的由你身边流过``)
_VERSE = compile_pattern("[\u4e00-\u9fff]{4,24}")
_VERSE_INDENTED = compile_pattern("\u3000{1,8}[\u4e00-\u9fff]{4,24}")
_PY_OPENER = compile_pattern(r"(?:async +)?(?:def|class|for|while|if|with|try)\b[ -~]*:\s*(?:#.*)?")


def _run(blocks: list, start: int, fits: Callable[[str], object]) -> int:
    """The last index of the run from ``start`` (no blank line inside) whose lines all fit
    (``start - 1``: the first does not)."""
    if not fits(blocks[start].text):
        return start - 1
    end = start
    while (end + 1 < len(blocks) and end + 1 - start < MAX_LINES and not blocks[end + 1].gap
           and len(blocks[end + 1].text) <= MAX_LINE and fits(blocks[end + 1].text)):
        end += 1
    return end


def _block(blocks: list, start: int, fits: Callable[[str], object], header: bool = False) -> int | None:
    """The end of a run of two lines or more from ``start`` that fit (``header``: the first line
    is a header the others follow without a blank line, and need not fit), or None."""
    first = start + 1 if header else start
    if header and (first == len(blocks) or blocks[first].gap):
        return None
    end = _run(blocks, first, fits)
    return end if end > start else None


def _text(blocks: list, start: int, end: int) -> str:
    return "\n".join(b.text for b in blocks[start:end + 1]) + "\n"


def _yaml(blocks: list, start: int) -> int | None:
    end = _run(blocks, start, _YAML_LINE.fullmatch)
    if end - start < 2:
        return None
    nested = False
    for a, b in zip(blocks[start:end], blocks[start + 1:end + 1], strict=True):
        m, n = _YAML_LINE.fullmatch(a.text), _YAML_LINE.fullmatch(b.text)
        deeper = len(n.group("indent")) > len(m.group("indent"))
        if deeper and (m.group("value") == "" or a.text.lstrip(" ").startswith("- ")):
            nested = True  # app: / ··name: …  or  - name: 测试 / ··url: …
    if not nested:
        return None
    try:
        import yaml

        value = yaml.safe_load(_text(blocks, start, end))
    except Exception:  # noqa: BLE001  any parser error: no evidence
        return None
    return end if isinstance(value, (dict, list)) else None


def _indented(blocks: list, start: int) -> int | None:
    """Indented ``key: value`` lines (YAML printed under a sentence) or an indented table whose
    columns are set apart by runs of spaces: the indentation is the author's."""
    text = blocks[start].text
    indent = len(text) - len(text.lstrip(" "))
    if indent < 2 or text[indent:indent + 1] == " ":
        return None
    same = lambda line: line[:indent] == " " * indent and line[indent:indent + 1] not in (" ", "")  # noqa: E731
    end = _run(blocks, start, same)
    lines = [b.text[indent:] for b in blocks[start:end + 1]]
    if all(_YAML_PAIR.fullmatch(line) for line in lines) and len(lines) >= 2:
        try:
            import yaml

            return end if isinstance(yaml.safe_load("\n".join(lines)), dict) else None
        except Exception:  # noqa: BLE001
            return None
    rows = [_COLUMNS.split(line.strip()) for line in lines]
    cells = [cell for row in rows for cell in row]
    if any(len(cell) > 16 or _SENTENCE_MARK.search(cell) for cell in cells):
        return None  # a table's cells are short and hold no sentence
    return end if len(rows) >= 3 and len({len(row) for row in rows}) == 1 and len(rows[0]) >= 2 else None


def _config(blocks: list, start: int) -> int | None:
    end = _run(blocks, start, _CONFIG_LINE.fullmatch)
    lines = [b.text for b in blocks[start:end + 1]]
    keys = sum(1 for line in lines if "=" in line and not line.startswith(("#", ";", "[")))
    sections = sum(1 for line in lines if _SECTION.fullmatch(line))
    if not keys or keys + sections < 2:
        return None
    text = _text(blocks, start, end)
    try:
        import tomllib

        tomllib.loads(text)
        return end
    except Exception:  # noqa: BLE001
        pass
    if not sections or not _SECTION.fullmatch(lines[0]):
        return None
    import configparser

    try:
        configparser.ConfigParser(interpolation=None).read_string(text)
    except configparser.Error:
        return None
    return end


_DATA_FIELD = compile_pattern(r"[ -~]+")  # a number, a date, a code: ASCII


def _csv(blocks: list, start: int) -> int | None:
    import csv

    delimiter = "," if blocks[start].text.count(",") >= 2 else ";"

    def row(text: str) -> list[str] | None:
        if text.count(delimiter) < 2 or text[:1].isspace():
            return None
        fields = next(csv.reader([text], delimiter=delimiter))
        if any(not f or len(f) > 30 or f[0] == " " or f[-1] in "。！？" for f in fields):
            return None
        return fields

    first = row(blocks[start].text)
    if first is None:
        return None
    end = _run(blocks, start, lambda text: (r := row(text)) is not None and len(r) == len(first))
    if end - start < 2:
        return None
    # a table has a column of numbers or codes under its header; three lines of short clauses
    # (家人们谁懂啊,排了两个小时队…) have none
    records = [row(b.text) for b in blocks[start + 1:end + 1]]
    if not any(all(_DATA_FIELD.fullmatch(r[c].strip()) for r in records) for c in range(len(first))):
        return None
    return end


def _lrc(blocks: list, start: int) -> int | None:
    end = _run(blocks, start, _LRC_LINE.fullmatch)
    times = sum(1 for b in blocks[start:end + 1] if _LRC_TIME.match(b.text))
    return end if end > start and times else None


def _sql(blocks: list, start: int) -> int | None:
    import sqlite3

    first = start
    while first < len(blocks) and first - start < 20 and blocks[first].text.startswith("--"):
        first += 1  # comments before the statement
    if first == len(blocks) or first > start and blocks[first].gap or blocks[first].text.startswith("--"):
        return None
    end = first
    while not (blocks[end].text.rstrip().endswith(";") and sqlite3.complete_statement(_text(blocks, first, end))):
        if (end + 1 == len(blocks) or blocks[end + 1].gap or end - first >= MAX_LINES
                or not _SQL_MORE.fullmatch(blocks[end + 1].text)):
            return None
        end += 1
    return end


def _python(blocks: list, start: int) -> int | None:
    import ast
    import textwrap

    indent = len(blocks[start].text) - len(blocks[start].text.lstrip(" "))
    end = start
    while end + 1 < len(blocks) and end - start < MAX_LINES:
        text = blocks[end + 1].text
        if len(text) - len(text.lstrip(" ")) <= indent:
            break
        end += 1
    if end == start:
        return None
    try:
        ast.parse(textwrap.dedent(_text(blocks, start, end)))
    except (SyntaxError, ValueError):
        return None
    return end


def _code_line(text: str) -> object:
    return CODE_LINE.fullmatch(text) or HTML_LINE.fullmatch(text)


def _code(blocks: list, start: int) -> int | None:
    end = _run(blocks, start, _code_line)
    if end == start or all(HTML_LINE.fullmatch(b.text) for b in blocks[start:end + 1]):
        return None
    return end


def _braces(blocks: list, start: int) -> int | None:
    depth = 0
    for end in range(start, min(len(blocks), start + MAX_LINES)):
        text = blocks[end].text
        if end > start and not (text[:1] in " \t}" or not text):
            return None  # the body of a braced block is indented
        depth += text.count("{") - text.count("}")
        if depth <= 0:
            return end if end > start + 1 and _BRACE_CLOSE.fullmatch(text) else None
    return None


def _makefile(blocks: list, start: int) -> int | None:
    end = _run(blocks, start, lambda text: text.startswith("\t") or _MAKE_TARGET.fullmatch(text))
    return end if end > start and blocks[start + 1].text.startswith("\t") else None


def _traceback(blocks: list, start: int) -> int | None:
    end = _block(blocks, start, lambda text: text.startswith(" "), header=True)  # the frames, indented
    if end is None:
        return None
    last = end + 1  # the exception's line: ValueError: 无效的输入
    return last if last < len(blocks) and not blocks[last].gap and _EXCEPTION.match(blocks[last].text) else end


# a Java (or JavaScript) stack frame, a chained cause, the frames left out
_FRAME = compile_pattern(r"\s+(?:at [\w$.<>/-]+(?: \[[^\]]*\])? ?\(.*\)|\.\.\. \d+ more)|Caused by: .*")


def _frames(blocks: list, start: int) -> int | None:
    """A stack trace's frames (``\tat com.example.Main.main(Main.java:12)``); the exception's
    line above them is left to the text's steps, which keep its ASCII."""
    end = _run(blocks, start, _FRAME.fullmatch)
    return end if end >= start else None


def _until(blocks: list, start: int, close: str) -> int | None:
    """The index of the line ``close`` (stripped) in the paragraph from ``start``, or None."""
    for j in range(start + 1, min(len(blocks), start + MAX_LINES)):
        if blocks[j].gap:
            return None
        if blocks[j].text.strip() == close:
            return j
    return None


def _bibtex(blocks: list, start: int) -> int | None:
    return _until(blocks, start, "}")


def _vcard(blocks: list, start: int) -> int | None:
    return _until(blocks, start, "END:" + blocks[start].text[6:].strip())


def _subtitle(blocks: list, start: int) -> int | None:
    """A subtitle cue's number and timecode line (1 / 00:00:01,000 --> 00:00:04,000); its text
    lines are the text's."""
    if start + 1 < len(blocks) and not blocks[start + 1].gap and _CUE_TIME.fullmatch(blocks[start + 1].text):
        return start + 1
    return start if _CUE_TIME.fullmatch(blocks[start].text) else None


def _commit(blocks: list, start: int) -> int | None:
    """A commit as ``git log`` prints it: its header lines, then its message indented by four
    spaces after a blank line."""
    end = _run(blocks, start, bool)
    while end + 1 < len(blocks) and blocks[end + 1].text.startswith("    ") and blocks[end + 1].gap <= 1:
        end += 1
    return end if end > start else None


def _diff_line(text: str) -> bool:
    return text[:1] in "+- \\" or text.startswith("@@")


def _diff(blocks: list, start: int) -> int | None:
    return _block(blocks, start, _diff_line)


def _diff_from_header(blocks: list, start: int) -> int | None:
    """A diff from its header: ``diff --git`` and its ``index`` lines, or straight ``--- a/x``;
    the ``--- `` line must be followed by ``+++ ``, then the diff's lines (`` context``, ``-old``, ``+new``)."""
    k = start + 1 if _DIFF_GIT.fullmatch(blocks[start].text) else start
    while k < len(blocks) and k - start < 6 and not blocks[k].gap and _DIFF_HEADER.fullmatch(blocks[k].text):
        k += 1
    if (k + 1 >= len(blocks) or blocks[k].gap or blocks[k + 1].gap or not _DIFF_OLD.fullmatch(blocks[k].text)
            or not _DIFF_NEW.fullmatch(blocks[k + 1].text)):
        return None
    end = _run(blocks, k, _diff_line)
    return end if end > k + 1 else None


def _calendar(blocks: list, start: int) -> int | None:
    """A month's calendar: its weekday header (``日 一 二 三 四 五 六``), then rows of day numbers."""
    return _block(blocks, start, _DAY_ROW.fullmatch, header=True)


def _stanza(blocks: list, start: int) -> int | None:
    """A stanza with a hanging indent: a line of Chinese words, then two lines or more of words,
    set in by ideographic spaces (a few may be flush), no mark anywhere."""
    end = _block(blocks, start, lambda text: _VERSE_INDENTED.fullmatch(text) or _VERSE.fullmatch(text), header=True)
    if end is None or sum(1 for b in blocks[start + 1:end + 1] if b.text[:1] == "\u3000") < 2:
        return None
    return end


def _registry(blocks: list, start: int) -> int | None:
    return _block(blocks, start, _REGISTRY_LINE.fullmatch)


def _ssh(blocks: list, start: int) -> int | None:
    return _block(blocks, start, _SSH_OPTION.fullmatch, header=True)


def _script(blocks: list, start: int) -> int | None:
    return _block(blocks, start, bool)


def _xml(blocks: list, start: int) -> int | None:
    m = _XML_OPEN.fullmatch(blocks[start].text)
    if not m or m.group("tag").lower() in HTML_TAGS:
        return None  # HTML tags on their own lines are a page's residue, not a sample of XML
    close = f"</{m.group('tag')}>"
    end = _run(blocks, start, lambda text: True)
    for j in range(start + 1, end + 1):
        if blocks[j].text.strip() == close:
            import xml.etree.ElementTree as ET

            try:
                ET.fromstring(_text(blocks, start, j))
            except ET.ParseError:  # not XML: a config section such as <VirtualHost *:80>, if indented
                return j if all(b.text[:1] in " \t" for b in blocks[start + 1:j]) else None
            return j
    return None


def _latex(blocks: list, start: int) -> int | None:
    m = _LATEX_BEGIN.match(blocks[start].text)
    close = f"\\end{{{m.group(1)}}}"
    end = _run(blocks, start, lambda text: True)
    for j in range(start + 1, end + 1):
        if blocks[j].text.strip() == close:
            return j
    return None


def _first_char_detectors(text: str) -> list[Callable[[list, int], int | None]]:
    """The detectors a line may start (a cheap look at its first characters)."""
    first = text[:1]
    if first in "日一" and _WEEKDAYS.fullmatch(text):
        return [_calendar]
    if not first.isascii():  # a line that starts with Chinese (not a calendar's header): a CSV row, a stanza
        return [_csv] if _csv_row_candidate(text) else [_stanza] if _VERSE.fullmatch(text) else []
    found: list[Callable[[list, int], int | None]] = []
    if text.startswith("  ") and ("  " in text.lstrip(" ") or ": " in text):
        found.append(_indented)  # (a table's columns, or key: value)
    if first in " \t" and _FRAME.fullmatch(text):
        found.append(_frames)
    if first == "[":
        found += [_registry, _lrc, _config] if text.startswith(("[HKEY_", "[-HKEY_")) else [_lrc, _config]
    elif first in "#;" and not text.startswith("#!/"):
        found += [_yaml, _config]
    if first in "SM" and _WEEKDAYS.fullmatch(text):
        found.append(_calendar)
    if first.isdigit() and (text.isdigit() or "-->" in text):
        found.append(_subtitle)
    elif first == "@" and _BIBTEX.fullmatch(text):
        found.append(_bibtex)
    elif first == "B" and _VCARD.fullmatch(text):
        found.append(_vcard)
    elif first in "HM" and _SSH_HOST.fullmatch(text):
        found.append(_ssh)
    elif first == "c" and _COMMIT.fullmatch(text):
        found.append(_commit)
    elif first == "@" and _HUNK.fullmatch(text):
        found.append(_diff)
    elif first == "d" and _DIFF_GIT.fullmatch(text) or first == "-" and _DIFF_OLD.fullmatch(text):
        found.append(_diff_from_header)
    if first.isascii() and (first.isalpha() or first in "_-$"):
        if text.startswith("Traceback (most recent call last):"):
            found.append(_traceback)
        if ":" in text and _MAKE_TARGET.fullmatch(text):
            found.append(_makefile)
        if _SQL_START.fullmatch(text):
            found.append(_sql)
        if _PY_OPENER.fullmatch(text):
            found.append(_python)
        if ":" in text:
            found.append(_yaml)
        if "=" in text:
            found.append(_config)
        if CODE_LINE.fullmatch(text):
            found.append(_code)
    if first == "<":
        found.append(_code if HTML_LINE.fullmatch(text) else _xml)
    elif first == "#" and text.startswith("#!/"):
        found.append(_script)  # a shell script from its #! line
    elif first == "\\" and _LATEX_BEGIN.match(text):
        found.append(_latex)
    if "{" in text and _BRACE_OPEN.fullmatch(text):
        found.append(_braces)
    if not first.isspace() and _csv_row_candidate(text):
        found.append(_csv)
    return found


def starts_no_block(text: str) -> bool:
    """A cheap look at a line that shows no code or data block can start there (no fence, no
    JSON bracket, no detector of ``_first_char_detectors``): a line that starts with Chinese (not
    a calendar's 日 or 一) and is no CSV row, or indented Chinese with no ``{``, no run of spaces
    inside and no ``: `` (no column, no indented key). Most lines of prose are one of these.

    >>> starts_no_block("温州发展产业集群化,对策措施。"), starts_no_block("    近年来,我市把绿道建设作为抓手")
    (True, True)
    >>> starts_no_block("姓名,年龄,城市"), starts_no_block("  名称: 示例"), starts_no_block("\u3000{")
    (False, False, False)
    """
    first = text[:1]
    if not first.isspace():
        return first > "\x7f" and first not in "日一" and not _csv_row_candidate(text) and not _VERSE.fullmatch(text)
    if text.lstrip()[:1] <= "\x7f":  # a bracket, a fence or a stack frame's "at" may follow
        return False
    if not first.isascii():  # an ideographic space: only a CSV row's detector looks
        return not _csv_row_candidate(text)
    return "{" not in text and not (text.startswith("  ") and ("  " in text.lstrip(" ") or ": " in text))


def _csv_row_candidate(text: str) -> bool:
    """Two ``,`` (or ``;``) or more, no ``。``, nothing between them longer than a field (30 letters
    and its quotes)."""
    if "。" in text:
        return False
    delimiter = "," if text.count(",") >= 2 else ";" if text.count(";") >= 2 else None
    return delimiter is not None and max(map(len, text.split(delimiter))) <= 32


def _indent_of(text: str) -> str:
    return text[:len(text) - len(text.lstrip(" "))]


# the shape every line of a detector's run has, whatever line the run starts at: a run one of
# these detectors found no evidence in is not looked at again from its later lines (linear time
# on a long run of indented prose or of label lines)
_SHAPES: dict[Callable, Callable[[str, str], object]] = {
    _yaml: lambda text, first: _YAML_LINE.fullmatch(text),
    _config: lambda text, first: _CONFIG_LINE.fullmatch(text),
    _lrc: lambda text, first: _LRC_LINE.fullmatch(text),
    _code: lambda text, first: _code_line(text),
    _makefile: lambda text, first: text.startswith("\t") or _MAKE_TARGET.fullmatch(text),
    _frames: lambda text, first: _FRAME.fullmatch(text),
    _script: lambda text, first: bool(text),
    _stanza: lambda text, first: _VERSE_INDENTED.fullmatch(text) or _VERSE.fullmatch(text),
    # the rest of the paragraph, when the run's first line opened a tag that was not closed there
    # (a line such as <?xml …?> opens nothing: the next line may still open the block)
    _xml: lambda text, first: _XML_OPEN.fullmatch(first) is not None,
    _latex: lambda text, first: _LATEX_BEGIN.match(first) is not None,
    _indented: lambda text, first: _indent_of(text) == _indent_of(first) and text[len(_indent_of(first)):][:1] != "",
}


def data_block_end(blocks: list, start: int, tried: dict | None = None) -> int | None:
    """The last index of a data or code block starting at ``start``, or None (no evidence).
    ``tried``: for each detector, the end of the last run it found nothing in (kept by the caller
    from one line to the next)."""
    text = blocks[start].text
    if not text or len(text) > MAX_LINE:
        return None
    tried = {} if tried is None else tried
    for detect in _first_char_detectors(text):
        if tried.get(detect, -1) >= start:
            continue
        end = detect(blocks, start)
        if end is not None and end >= start:
            return end
        if detect in _SHAPES:
            tried[detect] = _run(blocks, start, lambda line, shape=_SHAPES[detect]: shape(line, text))
    return None
