"""The truncated tail: where a free preview stopped, the body ends inside a sentence.

With evidence that the text is a scraped preview (a platform rule fired), the dangling
fragment after the last complete sentence of the last paragraph is cut off and reported. A
body that simply ends with a heading, a list item, a date or a signature is complete and left
alone. A last paragraph with no sentence end at all (a table row, a run-together table of
contents, a cut-off first sentence) has no boundary to cut at: it is kept, and reported.

>>> dangling_fragment("一是扶上正轨。1994年以来,市政府严厉打击制假售假,集中整治乐清低压电器、瑞安机械压力机")
(7, '1994年以来,市政府严厉打击制假售假,集中整治乐清低压电器、瑞安机械压力机')
>>> dangling_fragment("二〇二三年五月十日") is None
True
>>> dangling_fragment("competition n. 比赛;竞争")  # a word list: no sentence to cut after
(None, 'competition n. 比赛;竞争')
>>> dangling_fragment("文件系统是操作系统与驱动器之间的接口,当操作系")
(None, '文件系统是操作系统与驱动器之间的接口,当操作系')
"""
from __future__ import annotations

import re

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.model.chinese import AFTER_SENTENCE_END, SENTENCE_END_MARKS
from jingwen.cleaner.model.document import VERBATIM
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.ruleset import Rule

# a sentence ends with a stop mark, optionally followed by closing quotes or brackets
# the period of a dictionary abbreviation (``competition n. 比赛``) ends no sentence
_ABBREVIATION = "".join(rf"(?<!\b{a})" for a in ("n", "v", "vt", "vi", "adj", "adv", "prep", "conj", "pron", "num",
                                                  "art", "int", "abbr", "pl", "sb", "sth", "etc", "e.g", "i.e"))
_SENTENCE_END = compile_pattern(
    rf"(?:[{SENTENCE_END_MARKS}]|……|\.{{3,}}|…|(?<=[a-zA-Z)]){_ABBREVIATION}\.(?=\s))[{AFTER_SENTENCE_END}]*"
    r"|[”」』](?=\s*$)")
_ENDS_COMPLETE = compile_pattern(rf"(?:[{SENTENCE_END_MARKS}…]|\.{{3}})[{AFTER_SENTENCE_END}\s]*$|[”」』]\s*$")
_DATE = compile_pattern(
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?"
    r"|[〇零一二三四五六七八九○Ｏ0-9]{4}\s*年[〇零一二三四五六七八九十○]{1,3}月(?:[〇零一二三四五六七八九十○]{1,3}日)?)\s*$"
)
_NUMBERED = compile_pattern(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条篇部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|"
    r"\d+(?:\.\d+)*[、.．]?\s|\d+[、.．]|[①-⑳]|[a-zA-Z][.、)])"
)


def looks_complete(text: str) -> bool:
    """A final block that needs no sentence end: a heading, list item, date or signature."""
    t = text.strip()
    if not t or _ENDS_COMPLETE.search(t) or _DATE.search(t):
        return True
    numbered = _NUMBERED.match(t)
    rest = t[numbered.end():] if numbered else t
    no_comma = not re.search(r"[，,；;、]", rest)
    if numbered and len(t) <= 40 and no_comma:
        return True  # heading or list item
    prose = _SENTENCE_END.search(t) is not None  # a sentence already ended inside: not a heading
    return len(t) <= 20 and no_comma and not prose  # heading, name, signature, place


# a bare item label with nothing after it: the option or list item the preview cut off
_BARE_ITEM = compile_pattern(r"^\s*(?:[A-Ha-h]\s*[.、．)]|[(（][A-Ha-h][)）]|\d+(?:\.\d+)*\s*[.、．])\s*$")
# where an item of a run-together list starts: ``9.3 修订记录 9.4 审批意见`` or ``C.路程 D.``
_ITEM_START = compile_pattern(r"(?<=\s)(?:\d+(?:\.\d+)+\s+(?=\D)|[A-H]\s*[.、．](?!\d))")


def dangling_fragment(text: str) -> tuple[int | None, str] | None:
    """``(cut position, fragment)`` if ``text`` ends inside a sentence, else None; the cut
    position is None when the paragraph has no sentence end to cut after. A fragment that runs
    several list items together loses only its last item; a bare item label is all dangling.

    >>> dangling_fragment("D.")
    (0, 'D.')
    >>> dangling_fragment("见下表。9 附录 9.1 术语表 9.2 参考资料 9.3 修订记录 9.4 审批意见 9.5 返回指")
    (44, '9.5 返回指')
    >>> dangling_fragment("下列说法正确的是( )。A.速度是标量 B.位移是矢量 C.路程是矢量 D.")
    (36, 'D.')
    """
    if _BARE_ITEM.match(text):
        return 0, text.strip()
    if looks_complete(text):
        return None
    stripped = text.rstrip()
    ends = list(_SENTENCE_END.finditer(stripped))
    if ends:
        cut = ends[-1].end()
        fragment = stripped[cut:]
        items = list(_ITEM_START.finditer(stripped, cut))
        if len(items) >= 2 and items[-1].start() > cut + len(fragment) - len(fragment.lstrip()):
            cut = items[-1].start()
        fragment = stripped[cut:].strip()
        return (cut, fragment) if fragment else None
    return None, stripped.strip()


def cut_truncated_tail(page: Page, rule: Rule, keep_tail: bool) -> None:
    body = [i for i in page.kept() if page.blocks[i].kind != VERBATIM]
    if not body or not page.editable(body[-1], rule):
        return
    i = body[-1]
    text = page.blocks[i].text
    last_line_start = text.rfind("\n") + 1  # HTML residue may have split the block into lines
    found = dangling_fragment(text[last_line_start:])
    if found is None:
        return
    cut, fragment = found
    cut = None if cut is None else last_line_start + cut
    page.doc.truncated_tail = fragment
    if keep_tail or cut is None:
        page.doc.tail_kept = True
        page.doc.record(rule.id, page.blocks[i].line, "note", text=fragment)
    elif cut == 0 and last_line_start == 0:
        page.remove(i, rule.id)  # the whole block is the dangling item
    else:
        page.set_text(i, page.blocks[i].text[:cut].rstrip(), rule.id)
