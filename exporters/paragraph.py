"""Paragraph-level line breaking: all the breaks of a paragraph chosen together (Knuth–Plass
"total fit"), over the unbreakable units of ``linebreak.units``.

A greedy fill decides each line alone, so the line before a long URL or English word is
stretched by up to an em and a half per gap, and a paragraph may end with one character on its
last line. Here every way of breaking is weighed at once: a line costs the square of the space
added per gap (an added quarter em is the most a good line shows; more is heavily penalised),
a hyphen costs a little, and a last line of a single character (a *runt*, ``了。``) costs so
much that another break is always chosen when there is one.

Before breaking, long Latin tokens are given break points: URLs after ``/ . - _ ? & =``, English
words of seven letters or more at the hyphenation points of ``pyphen`` (a hyphen is drawn at
the line end).

>>> split_long_words(["见", "https://example.org/a/b", "。"])
[('见', False), ('https://', False), ('example.', False), ('org/', False), ('a/', False), ('b', False), ('。', False)]
>>> split_long_words(["international", "，"])
[('in', True), ('ter', True), ('na', True), ('tion', True), ('al', False), ('，', False)]
"""
from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import add

LOOSE = 0.25  # em of added space per gap that a good line may show
RUNT_COST = 1e7
HYPHEN_COST = 300.0
FORCED_COST = 1e9
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S+|^\S+\.(?:com|org|net|cn|edu|gov|io)(?:/\S*)?$")
_URL_BREAK = re.compile(r"(?<=[/.\-_?&=])(?=[^/.\-_?&=])")
_WORD = re.compile(r"^[A-Za-z]{7,}")
_ASCII_HEAD = re.compile(r"^[!-~]+")
_URL_START = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|www\.)")


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=4096)
def _word_parts(word: str) -> tuple[str, ...]:
    positions = _hyphenator().positions(word)
    cuts = [p for p in positions if 2 <= p <= len(word) - 2]
    return tuple(word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True))


def split_long_words(pieces: Sequence[str]) -> list[tuple[str, bool]]:
    """``(piece, hyphen)``: URLs cut after their separators, long English words at their
    hyphenation points; ``hyphen`` is True where a line ending there needs a hyphen. A mark glued
    to the end of the token (``4 ）``) stays with its last part.

    >>> split_long_words(["https:", "/", "/", "w3.org/TR/clreq/", "#", "punctuation_adjustment"])[-3:]
    [('#', False), ('punctuation_', False), ('adjustment', False)]
    >>> split_long_words(["example.org/a?b=1 ）"])
    [('example.', False), ('org/', False), ('a?', False), ('b=', False), ('1 ）', False)]
    """
    out: list[tuple[str, bool]] = []
    in_url = False  # inside a URL cut into several units (https: / / www.w3.org …): never hyphenated
    for piece in pieces:
        head = _ASCII_HEAD.match(piece)
        in_url = bool(head) and (in_url or bool(_URL_START.match(piece)))
        if head is None or len(head.group(0)) < 7:
            out.append((piece, False))
            in_url = in_url and head is not None and head.end() == len(piece)
            continue
        core, rest = head.group(0), piece[head.end():]
        if in_url or _URL.match(core):
            parts = [part for part in _URL_BREAK.split(core) if part]
            hyphens = [False] * len(parts)
        else:
            word = _WORD.match(core)
            if word is None or not word.group(0).isalpha():
                out.append((piece, False))
                continue
            parts = list(_word_parts(word.group(0).lower()))
            at, cased = 0, []
            for part in parts:
                cased.append(core[at:at + len(part)])
                at += len(part)
            cased[-1] += core[at:]
            parts, hyphens = cased, [True] * (len(cased) - 1) + [False]
        parts[-1] += rest
        out.extend(zip(parts, hyphens, strict=True))
        in_url = in_url and not rest
    return out


@dataclass
class Measured:
    """A paragraph's pieces, measured (points) by the typesetter.

    ``glue[i]``: the space between piece i-1 and piece i when no line break falls there;
    ``start[i]``: the change of width when piece i starts a line (an opening mark set flush);
    ``gaps[i]``: the places inside piece i a justified line may widen; ``joined[i]``: the
    boundary before piece i may not widen (inside a word); ``overhang[i]``: how far piece i may
    stick out past the measure when it ends a line (push-in); ``end[i]``: the change of width
    when piece i ends a line.
    """

    texts: list[str]
    widths: list[float]
    glue: list[float]
    start: list[float]
    gaps: list[int]
    joined: list[bool]
    hyphen: list[bool]
    overhang: list[float]
    space: list[bool]
    hyphen_width: float
    em: float
    end: list[float]  # the change of width when piece i ends a line (a mark's blank half dropped)


def total_fit(m: Measured, first_width: float, width: float, candidates: int = 8) -> list[tuple[int, int]]:
    """The best breaks: ``(first piece, end piece)`` per line, whitespace at line edges excluded."""
    n = len(m.texts)
    if n == 0:
        return [(0, 0)]
    space, end, hyphen, overhang, joined, glue, em = m.space, m.end, m.hyphen, m.overhang, m.joined, m.glue, m.em
    # natural width of pieces [0, k) with glue between them; places that may widen in them
    prefix = [0.0] * (n + 1)
    for i, w in enumerate(m.widths):
        prefix[i + 1] = prefix[i] + (glue[i] if i else 0.0) + w
    widens = [0, *[0 if j else 1 for j in joined[1:]]]  # the boundary before piece i may widen
    gap_prefix = [0, *accumulate(map(add, m.gaps, widens))]
    best: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    order = [0]
    done = set()
    push, pop, loose = heapq.heappush, heapq.heappop, LOOSE
    while order:
        b = pop(order)
        if b in done:
            continue
        done.add(b)
        cost_here = best[b][0]
        j = b
        while j < n and space[j]:
            j += 1
        if j >= n:
            continue
        avail = first_width if b == 0 else width
        base = prefix[j] + (glue[j] if j else 0.0) - m.start[j]
        # the last end k with natural width <= avail + the largest possible overhang
        kmax = bisect.bisect_right(prefix, base + avail + em, j + 1) - 1
        kmax = max(kmax, j + 1)
        gaps_before = gap_prefix[j] + (0 if (j == 0 or joined[j]) else 1)  # the boundary before j does not widen
        tried = 0
        for k in range(min(kmax, n), j, -1):
            e = k
            while e > j + 1 and space[e - 1]:
                e -= 1
            natural = prefix[e] - base + end[e - 1] + (m.hyphen_width if hyphen[e - 1] and k < n else 0.0)
            room = avail - natural
            if room < -overhang[e - 1] - 1e-6:
                continue
            if room < 0:  # a mark pushed in or hanging: the text before it fills the measure from here
                room += overhang[e - 1]
            if k >= n:
                cost = _last_line_cost(m, j, e)
            else:
                gaps = gap_prefix[e] - gaps_before
                per_gap = max(room, 0.0) / gaps / em if gaps else (0.0 if room < em else 10.0)
                cost = (per_gap / loose) ** 2 * 100 if per_gap <= loose else 1e4 + per_gap * 1e4
                if hyphen[e - 1]:
                    cost += HYPHEN_COST
            total = cost_here + cost
            known = best.get(k)
            if known is None or total < known[0]:
                best[k] = (total, b)
                push(order, k)
            tried += 1
            if tried >= candidates or (k < n and room > 2 * em and tried > 1):
                break
        else:
            if tried == 0:  # nothing fits: a forced break after the first piece
                k = j + 1
                total = cost_here + FORCED_COST
                if k not in best or total < best[k][0]:
                    best[k] = (total, b)
                    push(order, k)
    if n not in best:
        return [(0, n)]
    breaks = []
    k = n
    while k > 0:
        b = best[k][1]
        breaks.append((b, k))
        k = b
    breaks.reverse()
    lines = []
    for b, k in breaks:
        j = b
        while j < k - 1 and m.space[j]:
            j += 1
        e = k
        while e > j + 1 and m.space[e - 1]:
            e -= 1
        lines.append((j, e))
    return lines


def _last_line_cost(m: Measured, j: int, e: int) -> float:
    """A runt costs: a last line (pieces j to e) with one letter or digit at most, after another line."""
    if j == 0:
        return 0.0
    letters = 0
    for i in range(e - 1, j - 1, -1):  # from the end: a second letter is usually found at once
        for ch in m.texts[i]:
            if ch.isalnum():
                letters += 1
                if letters > 1:
                    return 0.0
    return RUNT_COST


def shaped_title(m: Measured, width: float, count: int) -> list[tuple[int, int]] | None:
    """Breaks for a centred title of 2 or 3 lines in the shape GB/T 9704 asks of a 公文 title:
    梯形 (each line no longer than the next) or 菱形 (the middle line the longest), as narrow as
    it goes; the most balanced breaks when no such shape fits. ``None`` for other line counts.

    >>> m = Measured(list("甲乙丙丁戊"), [1.0] * 5, [0.0] * 5, [0.0] * 5, [0] * 5, [False] * 5,
    ...              [False] * 5, [0.0] * 5, [False] * 5, 0.0, 1.0, [0.0] * 5)
    >>> shaped_title(m, 4, 2)  # 2 + 3, not 3 + 2
    [(0, 2), (2, 5)]
    """
    n = len(m.texts)
    if count not in (2, 3) or n < count:
        return None

    def natural(j: int, e: int) -> float:
        return sum(m.widths[j:e]) + sum(m.glue[j + 1:e]) - m.start[j] + m.end[e - 1]

    best: tuple[tuple[bool, float, float], list[tuple[int, int]]] | None = None
    cuts = [(k,) for k in range(1, n)] if count == 2 else [(i, k) for i in range(1, n - 1) for k in range(i + 1, n)]
    for cut in cuts:
        ranges = list(zip((0, *cut), (*cut, n), strict=True))
        widths = [natural(j, e) for j, e in ranges]
        if max(widths) > width + 1e-6:
            continue
        shaped = widths[0] <= widths[1] + 1e-6  # 梯形 or 菱形 alike: the first line not the longer one
        key = (not shaped, max(widths), max(widths) - min(widths))
        if best is None or key < best[0]:
            best = (key, ranges)
    return best[1] if best else None
