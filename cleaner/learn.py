"""Learning a site's template from several of its pages.

Lines a site prints on every page (its banner, menus, notices, bylines with the date changed)
repeat across pages; the author's text does not. Two uses:

* ``repeated_lines``: while a batch is cleaned, lines repeated on three or more pages of one
  folder that do not read as body are the site's template (``template.repeated``);
* ``draft_rule_file``: ``jingwen learn PAGES -o site.toml`` turns the repeated line *shapes*
  (digits generalised, the page's own title a wildcard) into a rule file to review and pass
  with ``--rules``.

>>> pages = [["XX范文网 - 范文大全", f"浏览次数:{7 * n + 20}",
...           f"这是第{n}篇文章的正文,每一篇都写得不一样,内容也各不相同。"] for n in range(4)]
>>> sorted(repeated_lines(pages).items())
[('XX范文网 - 范文大全', 4)]
>>> [shape for shape, _ in repeated_shapes(pages)]
['xx范文网\\\\ \\\\-\\\\ 范文大全', '浏览次数:\\\\d+']
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from jingwen.cleaner.clean.cues import key_length, prose_like
from jingwen.cleaner.clean.scoring import page_positions
from jingwen.cleaner.textfold import fold_text

MIN_PAGES = 3  # a line on this many pages of one site is its template
MAX_TEMPLATE_LINE = 300
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?:com|cn|net|org|cc|top|vip|info)(?:\.cn)?", re.IGNORECASE)


def _page_lines(lines: Sequence[str]) -> list[tuple[str, bool]]:
    """(folded line, outside the body) for the distinct non-blank lines of one page."""
    folded = [fold_text(line) for line in lines]
    start, end = page_positions(folded)
    seen: dict[str, bool] = {}
    for i, text in enumerate(folded):
        if text and len(text) <= MAX_TEMPLATE_LINE and key_length(text) >= 1:
            outside = i < start or i > end
            seen[text] = seen.get(text, True) and outside
    return list(seen.items())


def _reads_as_body(text: str, outside: int, pages: int) -> bool:
    """Prose, or a line that sits inside the body on most of its pages (a heading all the
    documents share, such as 参考文献): not the site's template."""
    return prose_like(text) or outside * 2 < pages


def repeated_lines(pages: Sequence[Sequence[str]], min_pages: int = MIN_PAGES) -> dict[str, int]:
    """Folded lines repeated on ``min_pages`` or more pages that do not read as body, with the
    number of pages each is on."""
    count: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for lines in pages:
        for text, out in _page_lines(lines):
            count[text] += 1
            outside[text] += out
    return {text: n for text, n in count.items()
            if n >= min_pages and not _reads_as_body(text, outside[text], n)}


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
    """Line shapes on ``min_pages`` or more pages that do not read as body, most frequent
    first (``titles``: each page's title, folded, made a wildcard)."""
    count: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for n, lines in enumerate(pages):
        title = titles[n] if n < len(titles) else None
        shapes: dict[str, bool] = {}
        for text, out in _page_lines(lines):
            shape = line_shape(text, title if title and len(title) >= 2 else None)
            shapes[shape] = shapes.get(shape, True) and out
            examples.setdefault(shape, text)
        for shape, out in shapes.items():
            count[shape] += 1
            outside[shape] += out
    min_pages = min(min_pages, len(pages))
    kept = [(shape, n) for shape, n in count.items()
            if n >= min_pages and not _reads_as_body(examples[shape], outside[shape], n)
            and shape.replace(".{1,120}", "")]  # a line that is only the title is the title
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
