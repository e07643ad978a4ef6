"""The title, decided in one place: the line the page prints again (so that a site name above
it is passed over), kept once; its repeats, its file-name labels and its copy glued to the first
sentence are removed; the title printed in page tags or share notices where no line holds it.

Each check is named in a rule file (``builtin = "duplicate_title"``) with its id, description
and parameters, so it can be listed, selected and ignored like any pattern rule.
"""


from jingwen.cleaner.clean.cues import is_site_banner
from jingwen.cleaner.clean.page import MERGED, Page
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
_NOT_A_TITLE = compile_pattern(r"^\s*[/>|›»]|(?:\s[/>|›»]\s.*){2}|^\s*第\s*\d+\s*题\s*$")


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
MIN_REPEATED_TITLE = 3  # letters: a shorter line printed twice is a widget's label (解析), not a title and its copy


def find_title(page: Page, header_end: int) -> None:
    """The title: on a page whose header held platform notices, the first title-like line the
    page prints again (with or without its file extension), so that a short site name printed
    above the title is passed over; otherwise the first line, if it looks like a title."""
    end = min(len(page.blocks), header_end + TITLE_AFTER_HEADER)
    kept = page.kept(0, end)
    candidates = [i for i in kept if is_title_like(page.folded[i]) and len(page.key(i)) >= 2
                  and not _NOT_A_TITLE.search(page.folded[i]) and not is_site_banner(page.folded[i])]
    if any(page.removed[:end]):
        keys = {i: page.title_key(i) for i in candidates}
        for i in candidates:
            if len(keys[i]) < MIN_REPEATED_TITLE:  # 解析, 栏目: a widget's label printed twice is not a title
                continue
            if keys[i] != key_of_folded(FILE_EXTENSION.sub("", page.folded[i])):
                continue  # copies glued on one line: a copy of the title, not the title
            if any(keys[j] == keys[i] for j in candidates if j != i):
                page.title_index = i
                return
    page.title_index = kept[0] if kept and candidates and candidates[0] == kept[0] else None


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
            if page.editable(i, rule) and len(tkey) >= MIN_REPEATED_TITLE and is_title_copy(page.title_key(i), tkey):
                page.remove(i, rule.id)
            elif i > page.title_index and page.key(i):
                break  # after the title, the document's own text has begun
        _file_name_title(page, rule, tkey)
    if not page.has_platform_lines():
        return  # a page without platform lines is the author's: a refrain repeated is the song's
    previous = None
    for i in page.kept(body_only=False):
        if previous is not None and page.editable(i, rule) and is_title_like(page.folded[i], limit):
            k = page.key(i)
            if k and page.title_key(i) == page.title_key(previous) and len(k) >= 4:
                page.remove(i, rule.id)
                continue
        previous = i


def _file_name_title(page: Page, rule: Rule, tkey: str) -> None:
    """A title printed as a file name (``第八章 顺序控制.ppt``) is the platform's label when the
    document's own text begins with that title: the label goes, the document keeps its own."""
    i = page.title_index
    if not tkey or not FILE_EXTENSION.search(page.folded[i]) or not page.editable(i, rule):
        return
    following = page.kept(i + 1)
    if following and page.key(following[0]).startswith(tkey) and len(page.key(following[0])) > len(tkey):
        page.remove(i, rule.id)


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
        return FILE_EXTENSION.sub("", first_line).strip()
    return page.notice_title
