"""The line score: a site-agnostic check that weighs the cues of every line (``cues.py``) with
weights kept as data (``cleaner/data/line_score.json``, fitted by ``scripts/fit_line_score.py``
from labelled pages) and removes the lines whose score passes a threshold chosen for precision.
Each removal names the cues that fired, so ``--verbose``, the report and the web page explain it.

>>> from jingwen.cleaner.model.document import Document
>>> from jingwen.cleaner.ruleset import load_rules
>>> from jingwen.cleaner.clean.stage import clean
>>> doc = Document.from_lines(["文档序号:CN2024105 来源:国知局", "春天的校园",
...     "春天来了,校园里的花都开了,同学们在树下读书,老师在操场上散步。"])
>>> doc = clean(doc, load_rules().select(["generic"]))
>>> [b.text for b in doc.blocks]
['春天的校园', '春天来了,校园里的花都开了,同学们在树下读书,老师在操场上散步。']
>>> doc.log[0].rule, doc.log[0].why.startswith("meta_label")
('generic.score', True)
"""
from __future__ import annotations

import math

from jingwen.cleaner.clean.cues import (
    SHAPE_CUES,
    has_content,
    key_length,
    line_cues,
    prose_like,
    shows_site,
    topic_words,
)
from jingwen.cleaner.clean.line_rules import BULLETS
from jingwen.cleaner.clean.line_weights import load_weights, probability
from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.clean.title import heads_the_text
from jingwen.cleaner.model.chinese import HAN_RANGES
from jingwen.cleaner.model.document import FURNITURE, VERBATIM
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.ruleset import Rule
from jingwen.cleaner.textfold import FILE_EXTENSION

TITLE_THRESHOLD = 0.97
# what makes a long sentence a platform's notice rather than an author's sentence about reading
NOTICE_CUES = ("intro", "disclaimer", "meta_label", "summary_label", "question_bank", "domain", "separator")
MAX_SCORED_KEY = 160  # longer lines are the author's: never scored (and never cost time)
MAX_BODY_KEY = 48  # ... as are shorter ones between the first and the last line of prose
# a heading set with a space after every character (推 荐 信), as a document's typesetting does
_LETTER_SPACED = compile_pattern(f"[{HAN_RANGES}](?: [{HAN_RANGES}]){{1,9}}")


def page_positions(folded: list[str], starts_page: bool = True, ends_page: bool = True) -> tuple[int, int]:
    """``(body start, body end)``: the first and last line that reads as prose; lines before
    the start are the page header, lines after the end its footer. A piece of a large file
    that does not start (end) the page has no header (footer): its first (last) lines are
    inside the body, as they are when the file is cleaned whole.

    >>> page = ["首页 > 文档", "为规范档案管理,提高工作效率,结合本单位实际,制定本办法。本办法适用于各部门。", "上一篇"]
    >>> page_positions(page), page_positions(page, starts_page=False, ends_page=False)
    ((1, 1), (0, 3))
    """
    prose = [i for i, text in enumerate(folded) if text and prose_like(text)]
    if not prose and starts_page:
        return len(folded), len(folded)
    start = prose[0] if starts_page else 0
    end = len(folded) if not ends_page else prose[-1] if prose else -1
    return start, end


def explain(cues: dict[str, float], weights: dict[str, float]) -> str:
    """The cues that pushed the score up, strongest first (``vocab×2, header``)."""
    fired = sorted(((weights[c] * v, c, v) for c, v in cues.items() if v and weights[c] > 0), reverse=True)
    return ", ".join(c if v == 1 else f"{c}×{v:g}" for _, c, v in fired)


def page_cues(folded: list[str], title_key: str | None = None, skip_plain_body: bool = False,
              settled: list | None = None, starts_page: bool = True, ends_page: bool = True,
              positions: tuple[int, int] | None = None) -> list[dict | None]:
    """The cues of every line of a page (None for prose, blank and long lines, which are not
    scored): what the fitting script learns from and ``score_page`` weighs. ``skip_plain_body``:
    lines between the first and last prose line with no content cue at all are not looked at
    (the caller knows their shape alone cannot reach the threshold); ``settled``: lines already
    decided (removed by a rule, protected) are not looked at either; ``starts_page``,
    ``ends_page``: see ``page_positions``."""
    from jingwen.cleaner.textfold import FILE_EXTENSION, key_of_folded

    start, end = positions or page_positions(folded, starts_page, ends_page)
    table = table_rows(folded)
    topic = topic_words(title_key)
    out: list[dict | None] = []
    for i, text in enumerate(folded):
        in_body = start <= i <= end
        if (settled is not None and settled[i]) or i in table or (in_body and _BARE_NUMBER.fullmatch(text)):
            out.append(None)  # rows of a table drawn with | are the document's, whatever their words,
            continue  # and so is a bare number inside the text (a verse's or a section's number)
        limit = MAX_BODY_KEY if in_body else MAX_SCORED_KEY
        if (not text.strip() or len(text) > 2 * limit or (len(text) > limit and key_length(text) > limit)
                or (skip_plain_body and in_body and not has_content(text)
                    and not (title_key and title_key[:4] in text.lower()))
                or (in_body and prose_like(text))):
            out.append(None)  # the author's prose is never scored (nor are blank and long lines)
            continue
        variant = False
        if title_key and len(title_key) >= 4:
            k = key_of_folded(FILE_EXTENSION.sub("", text))
            variant = k != title_key and title_key in k and len(k) <= 3 * len(title_key) + 12
        out.append(line_cues(text, header=i < start, footer=i > end, title_variant=variant, topic=topic))
    return out


def table_rows(folded: list[str], min_rows: int = 3) -> set[int]:
    """Lines in a run of ``min_rows`` or more (blank lines between allowed) that each hold two
    or more ``|``: a table drawn with bars, such as a patent's bibliographic data; two rows are
    enough when each is closed by bars at both ends (a Markdown table's head and first row).

    >>> sorted(table_rows(["首页 | 教案 | 课件", "标题", "申请号 | CN1 |", "法律状态 | 授权 |", "", "发明人 | 某某 |"]))
    [2, 3, 5]
    >>> sorted(table_rows(["五、作用", "| 作用 | 说明 |", "| 展示成果 | 让领导看到 |", "| 反"]))
    [1, 2]
    """
    rows: set[int] = set()
    run: list[int] = []
    for i, text in enumerate(folded + ["."]):
        if not text.strip() or text.strip() == "|":  # a bar alone: a row's wrapped end
            continue
        if text.count("|") >= 2:
            run.append(i)
            continue
        if len(run) >= min_rows or (len(run) >= 2 and all(_CLOSED_ROW.match(folded[j]) for j in run)):
            rows.update(run)
        run = []
    return rows


_CLOSED_ROW = compile_pattern(r"^\s*\|.*\|\s*$")
_BARE_NUMBER = compile_pattern(r"\s*\d{1,4}\s*")


def shape_cannot_pass(weights: dict[str, float], bias: float, threshold: float) -> bool:
    """Whether a body line with no content cue and not holding the title stays below the
    threshold whatever its shape (its size is one of short/medium/long; sentence_long comes
    with sentence).

    >>> shape_cannot_pass({c: 0.5 for c in SHAPE_CUES}, -6.0, 0.9), shape_cannot_pass({"short": 9.0}, -1.0, 0.9)
    (True, False)
    """
    w = {c: weights.get(c, 0.0) for c in SHAPE_CUES}
    best = (bias + max(0.0, w["short"], w["medium"], w["long"])
            + max(0.0, w["sentence"], w["sentence"] + w["sentence_long"])
            + sum(max(0.0, w[c]) for c in ("numbered", "bullet", "heading")))
    return best < math.log(threshold / (1 - threshold))


def score_page(folded: list[str], title_key: str | None = None, settled: list | None = None,
               starts_page: bool = True, ends_page: bool = True,
               positions: tuple[int, int] | None = None) -> list[tuple[float, dict] | None]:
    """Probability and cues of every line of a page (None for lines not scored); ``positions``:
    the page's ``page_positions`` when the caller has them."""
    weights, bias, threshold = load_weights()
    skip = shape_cannot_pass(weights, bias, threshold)
    return [None if cues is None else (probability(cues, weights, bias), cues)
            for cues in page_cues(folded, title_key, skip_plain_body=skip, settled=settled,
                                  starts_page=starts_page, ends_page=ends_page, positions=positions)]


def _not_a_title(p: float, cues: dict, threshold: float, letters: int) -> bool:
    """The line taken for the title goes only on overwhelming evidence, and only when it is
    shaped like a widget (separators, labels, counters, a domain, a label of a few letters such as
    栏目): a title may well use platform
    words (``会员服务协议``), or a size (``…的5MB模板``: a counter or size makes only a short line
    a widget); then the stage takes another line for the title."""
    widget = (cues["separator"] or cues["meta_label"] or (cues["counter_or_size"] and letters <= 12) or cues["domain"]
              or letters <= 4)
    return bool(widget) and p >= max(threshold, TITLE_THRESHOLD)


def letter_spaced_lines(page: Page) -> set[int]:
    """Source lines set letter-spaced (``推 荐 信``), as read or before a repair joined them."""
    lines = {b.line for b in page.blocks if " " in b.text and _LETTER_SPACED.fullmatch(b.text.strip(" \t\u3000"))}
    lines.update(c.line for c in page.doc.log
                 if c.action == "edit" and c.before and _LETTER_SPACED.fullmatch(c.before.strip(" \t\u3000")))
    return lines


_ITEM_MARK = compile_pattern(rf"\s*([{BULLETS}])\s")


def _item_of_kept_list(folded: list[str], scores: list, i: int, threshold: float) -> bool:
    """Whether line ``i`` is a bulleted item next to an item of the same bullet that stays (a
    line the score does not take): one list, the author's, whatever one item's words.

    >>> lines = ["调用限制:", "• 上传图片大小不超过 2M", "• 图片默认最多保存30天"]
    >>> _item_of_kept_list(lines, [None, (0.99, {}), (0.2, {})], 1, 0.9)
    True
    >>> _item_of_kept_list(lines, [None, (0.99, {}), (0.95, {})], 1, 0.9)
    False
    """
    mark = _ITEM_MARK.match(folded[i])
    if mark is None:
        return False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(folded) and not folded[j].strip():
            j += step
        if 0 <= j < len(folded) and (m := _ITEM_MARK.match(folded[j])) and m.group(1) == mark.group(1):
            if scores[j] is None or scores[j][0] < threshold:
                return True
    return False


_PICTURE_NAME = compile_pattern(r"\.(?:png|jpe?g|gif)\s*$")  # a document's own formats: FILE_EXTENSION


def _listed_file(folded: list[str], i: int) -> bool:
    """Whether line ``i``, a file name, is an item of a list the text gives: the line before it
    ends in a colon, or a neighbouring line names a file too.

    >>> _listed_file(["文件如下:", "实验记录.docx"], 1), _listed_file(["总结", "", "模板.doc"], 2)
    (True, False)
    """
    before = next((t for t in reversed(folded[:i]) if t.strip()), "")
    after = next((t for t in folded[i + 1:] if t.strip()), "")
    return before.rstrip().endswith((":", "：")) or any(
        FILE_EXTENSION.search(t.rstrip()) or _PICTURE_NAME.search(t) for t in (before, after))


def score_lines(page: Page, rule: Rule, ignored: list[Rule] = (), edges_only: tuple[int, int] | None = None,
                starts_page: bool = True, ends_page: bool = True) -> None:
    """Remove the lines whose score passes the threshold, except lines a rule the user switched
    off (``ignored``) matches: ``--ignore generic.read-more`` keeps 查看更多. ``edges_only``
    (header end, footer start): on a page without platform lines, only the page's edges are
    weighed, and only lines showing a site's furniture go (``cues.shows_site``: a separator, a
    domain, a slogan …): a byline or a URL line inside a document the user wrote is the
    document's, and so are a heading set letter-spaced (``推 荐 信``) and a title, heading or
    list item made of platform words (``会员章程``, ``1. 上传``, ``页数:191页``); a button of
    platform words above the title the title choice passed over (``APP下载``) still goes.
    ``starts_page``, ``ends_page``: false for the pieces of a large file that do not."""
    weights, _, threshold = load_weights()
    threshold = float(rule.params.get("threshold", threshold))
    title_key = page.title_key(page.title_index) if page.title_index is not None else None
    settled = [bool(removed) or block.protected or bool(block.ignore) or block.kind in (FURNITURE, VERBATIM)
               for removed, block in zip(page.removed, page.blocks, strict=True)]
    body = page_positions(page.folded, starts_page, ends_page)
    scores = score_page(page.folded, title_key, settled, starts_page, ends_page, positions=body)
    spaced = letter_spaced_lines(page) if edges_only is not None else set()
    for i, scored in enumerate(scores):
        if scored is None or not page.editable(i, rule) or page.blocks[i].kind in (FURNITURE, VERBATIM):
            continue
        if edges_only is not None and (edges_only[0] <= i < edges_only[1] or page.blocks[i].line in spaced):
            continue  # on a page without platform lines, a letter-spaced heading is the document's
        p, cues = scored
        button = cues["vocab_dense"] and page.title_index is not None and i < page.title_index
        if edges_only is not None and not button and not shows_site(page.folded[i], cues):
            continue  # ... and so is a line of platform words alone (会员章程, 页数:191页, 1. 上传)
        if edges_only is not None and cues["file_ext"] and _listed_file(page.folded, i):
            continue  # ... and a file the text lists (文件如下: / 流程图.png / 实验记录.docx)
        if page.blocks[i].ignore:  # the user switched rules off for this line: it is theirs to keep
            continue
        if (i == page.title_index and heads_the_text(page, i)
                and not _not_a_title(p, cues, threshold, len(page.key(i)))):
            continue
        if cues["sentence_long"] and not any(cues[c] for c in NOTICE_CUES):
            continue  # a long sentence goes only when it reads as a notice, not for its words alone
        if (p >= threshold and body[0] <= i <= body[1] and not shows_site(page.folded[i], cues)
                and _item_of_kept_list(page.folded, scores, i, threshold)):
            continue  # an item of the author's list inside the text (• 上传图片大小不超过 2M among the API's limits)
        if p >= threshold and not any(r.match_line(page.folded[i]) for r in ignored):
            page.remove(i, rule.id)
            page.why[i] = f"{explain(cues, weights)} (score {p:.2f})"
