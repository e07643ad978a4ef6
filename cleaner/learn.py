"""Learning a site's template from several of its pages.

Lines a site prints on every page (its banner, menus, notices, bylines with the date changed)
repeat across pages; the author's text does not. Two uses:

* ``repeated_lines``: while a batch is cleaned, lines repeated on three or more pages of one
  folder that do not read as body are the site's template (``template.repeated``);
* ``draft_rule_file``: ``jingwen learn PAGES -o site.toml`` turns the repeated line *shapes*
  (digits generalised, the page's own title a wildcard) into a rule file to review and pass
  with ``--rules``.

>>> bodies = ["春天来了,柳树发芽,燕子从南方飞回来。", "秋天的稻田一片金黄,农民忙着收割。",
...           "冬天下了第一场雪,孩子们堆起了雪人。", "夏天的午后,知了在树上不停地叫。"]
>>> pages = [["XX范文网 - 范文大全", f"浏览次数:{7 * n + 20}", body] for n, body in enumerate(bodies)]
>>> sorted(repeated_lines(pages).items())
[('XX范文网 - 范文大全', 4)]
>>> [shape for shape, _ in repeated_shapes(pages)]
['xx范文网\\\\ \\\\-\\\\ 范文大全', '浏览次数:\\\\d+']
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from jingwen.cleaner.clean.cues import HEADING, key_length, line_cues, prose_like
from jingwen.cleaner.textfold import fold_text

MIN_PAGES = 3  # a line on this many pages of one site is its template
MAX_TEMPLATE_LINE = 300
NOTICE_ODDS = 0.25  # copyright lines score 0.3, closing lines of documents (谢谢大家!) 0.03
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?:com|cn|net|org|cc|top|vip|info)(?:\.cn)?", re.IGNORECASE)


def _template_keys(pages: Sequence[Sequence[tuple[str | None, str]]], min_pages: int) -> dict[str, int]:
    """Keys (a line, or its shape) of the site template: on ``min_pages`` or more *different*
    pages (copies of one page prove nothing), above the first or below the last line that is
    the page's own on most of them (so a heading all the documents share, such as 参考文献, is
    not template), and not prose nor a heading; below the pages' own lines only when it reads as a notice.
    ``pages``: each page's (key, folded line) pairs in order."""
    distinct = list({tuple(page): page for page in pages if page}.values())
    count: Counter[str] = Counter()
    for page in distinct:
        count.update({key for key, _ in page if key is not None})  # None: a line too long to be template
    shared = {key for key, n in count.items() if n >= min_pages}
    outside: Counter[str] = Counter()
    above: Counter[str] = Counter()
    example: dict[str, str] = {}
    for page in distinct:
        own = [i for i, (key, _) in enumerate(page) if key not in shared]
        if not own:  # nothing of its own: a near copy, it tells nothing about where the body is
            continue
        placed: dict[str, str] = {}
        for i, (key, text) in enumerate(page):
            if key in shared:
                where = "header" if i < own[0] else "footer" if i > own[-1] else "body"
                placed[key] = where if placed.get(key, where) == where else "body"
                example.setdefault(key, text)
        outside.update(key for key, where in placed.items() if where != "body")
        above.update(key for key, where in placed.items() if where == "header")
    return {key: count[key] for key in shared
            if outside[key] * 2 >= count[key] and outside[key] >= min_pages and not prose_like(example[key])
            and not HEADING.match(example[key])
            and (above[key] * 2 >= outside[key] or reads_as_notice(example[key]))}


def reads_as_notice(folded: str) -> bool:
    """A line below the documents' own text is the site's only with some evidence: the line
    score, placed in the footer, gives it fair odds of being boilerplate (a closing line all
    the documents share, such as 继续做好各项工作。, is theirs).

    >>> reads_as_notice("免责声明:本站资料由会员上传,仅供学习交流,如有侵权请联系删除。")
    True
    >>> reads_as_notice("继续做好各项工作。")
    False
    """
    from jingwen.cleaner.clean.scoring import load_weights, probability

    weights, bias, _ = load_weights()
    return probability(line_cues(folded, footer=True), weights, bias) >= NOTICE_ODDS


def _folded_lines(lines: Sequence[str]) -> list[tuple[bool, str]]:
    """(short enough to be template, folded text) of the page's non-blank lines."""
    return [(len(text) <= MAX_TEMPLATE_LINE, text) for text in map(fold_text, lines)
            if text and key_length(text) >= 1]


def repeated_lines(pages: Sequence[Sequence[str]], min_pages: int = MIN_PAGES) -> dict[str, int]:
    """Folded lines of the site template (``_template_keys``), with the number of pages each is on."""
    return _template_keys([[(text if short else None, text) for short, text in _folded_lines(lines)]
                           for lines in pages], min_pages)


def line_shape(folded: str, title: str | None = None) -> str:
    """A regex for the folded line with its numbers generalised and the page's title a wildcard.

    >>> line_shape("报告.doc_第3页", "报告")
    '.{1,120}\\\\.doc_第\\\\d+页'
    """
    parts = [folded] if not title or title not in folded else folded.split(title)
    shaped = []
    for part in parts:
        pieces, last = [], 0
        for m in _DIGITS.finditer(part):
            pieces.append(re.escape(part[last:m.start()]) + r"\d+" + (r"(?:\.\d+)?" if "." in m.group() else ""))
            last = m.end()
        pieces.append(re.escape(part[last:]))
        shaped.append("".join(pieces))
    return ".{1,120}".join(shaped).lower()


def repeated_shapes(pages: Sequence[Sequence[str]], titles: Sequence[str | None] = (),
                    min_pages: int = MIN_PAGES) -> list[tuple[str, int]]:
    """Line shapes of the site template (``_template_keys``), most frequent first (``titles``:
    each page's title, folded, made a wildcard)."""
    keyed = []
    for n, lines in enumerate(pages):
        title = titles[n] if n < len(titles) else None
        title = title if title and len(title) >= 2 else None
        keyed.append([(line_shape(text, title) if short else None, text) for short, text in _folded_lines(lines)])
    found = _template_keys(keyed, min(min_pages, len(pages)))
    kept = [(shape, n) for shape, n in found.items()
            if shape.replace(".{1,120}", "")]  # a line that is only the title is the title
    return sorted(kept, key=lambda item: (-item[1], item[0]))


def _toml_string(text: str) -> str:
    if "'" not in text and "\n" not in text:
        return f"'{text}'"
    import json

    return json.dumps(text, ensure_ascii=False)


def draft_rule_file(pages: Sequence[Sequence[str]], titles: Sequence[str | None], site_id: str,
                    name: str | None = None, sources: Sequence[str] = ()) -> str:
    """A rule file (TOML text) for the site these pages come from: its template lines as one
    rule, the most distinctive of them as signatures, the domains its lines name."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", site_id):
        raise ValueError(f"site id {site_id!r}: use lower-case letters, digits, - and _")
    folded_titles = [fold_text(t) if t else None for t in titles]
    shapes = repeated_shapes(pages, folded_titles)
    every = [s for s, n in shapes if n == len(pages) and ".{1,120}" not in s and key_length(s) >= 6]
    signatures = sorted(every, key=len, reverse=True)[:3]
    domains = sorted({m.group().lower() for lines in pages for line in lines
                      for m in _DOMAIN.finditer(fold_text(line))
                      if any(m.group().lower() in s.replace("\\", "") for s, _ in shapes)})
    out = [
        f"# Drafted by `jingwen learn` from {len(pages)} pages"
        + (f" ({', '.join(sources[:5])}{', …' if len(sources) > 5 else ''})" if sources else "") + ".",
        "# Review before use: every line pattern below removes whole lines that match it on any page",
        "# of this site. Pass the file with `jingwen clean --rules FILE`.",
        "",
        "[platform]",
        f"id = {_toml_string(site_id)}",
        f"name = {_toml_string(name or site_id)}",
        f"domains = [{', '.join(_toml_string(d) for d in domains)}]",
        f"signatures = [{', '.join(_toml_string(s) for s in signatures)}]",
        "",
    ]
    if shapes:
        description = (f"Lines of the site template, repeated on {MIN_PAGES} or more of {len(pages)} pages "
                       "(jingwen learn)")
        out += [
            "[[rules]]",
            f"id = {_toml_string(site_id + '.template')}",
            f"description = {_toml_string(description)}",
            "lines = [",
            *[f"  {_toml_string(shape)},  # on {n} of {len(pages)} pages" for shape, n in shapes],
            "]",
            "",
        ]
    return "\n".join(out)
