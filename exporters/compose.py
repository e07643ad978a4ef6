"""Composition per the W3C clreq, independent of any PDF library: how wide each punctuation mark is
set, and the space between Han and Latin text.

Every Chinese mark has a full em box of which one side is blank: ， 。 and closing marks keep their
ink on the left in Simplified Chinese faces, opening marks on the right, and Traditional faces
centre the stops. ``blank_sides`` reads that from the glyph, so the rules below work for any face:

* 开明式 (``kaiming``, the default for Simplified Chinese): every mark but the sentence stops
  ( 。！？ ) is set in half an em, its blank half removed;
* 全角式 (``quanjiao``): marks keep their full em, except that
* in both modes, two marks next to each other lose the blank between them down to half an em
  (``”，`` ``）。`` ``”“`` ``、“`` take 1.5 em together, not 2), and no boundary closes up by more
  than half an em, so glyph boxes never overlap by more and text extraction keeps their order;
* an opening mark that starts a line is set flush (its blank half dropped), so the line does not
  look indented by half an em;
* ``none`` keeps every mark in its em (a character grid, as GB/T 9704 documents are set);
* a quarter em separates Han characters from Latin letters and digits written without a space;
* the halves of ``——`` are drawn touching.

``shifts`` gives, for each boundary between two characters, how far the pen moves besides the
glyphs' own advances, in em: negative tightens, positive adds space.

>>> ink = {"，": (0.0, 0.5), "“": (0.5, 0.0), "”": (0.0, 0.5), "。": (0.0, 0.5)}
>>> blanks = lambda ch: ink.get(ch, (0.0, 0.0))
>>> shifts("好，“对”。", blanks, "kaiming")  # ，“ ” lose their blank halves (，“ at most half); 。 keeps its em
[0.0, 0.0, -0.5, 0.0, 0.0, -0.5, 0.0]
>>> shifts("好，“对”。", blanks, "quanjiao")  # only the pairs are tightened: ，“ and ”。
[0.0, 0.0, -0.5, 0.0, 0.0, -0.5, 0.0]
>>> shifts("“对", blanks, "quanjiao", line_start=True)  # flush at the start of a line
[-0.5, 0.0, 0.0]
>>> shifts("用Python写", blanks, "kaiming")
[0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0]
"""
from __future__ import annotations

import re
from collections.abc import Callable

from jingwen.cleaner.model.chinese import CLOSING_MARKS, HAN_RANGES, OPENING_MARKS

MODES = ("kaiming", "quanjiao", "none")
STOPS = frozenset("。！？．")  # sentence stops: full width in 开明式
PAUSES = frozenset("，、；：")
OPENING = frozenset(OPENING_MARKS)
CLOSING = frozenset(CLOSING_MARKS)
MARKS = STOPS | PAUSES | OPENING | CLOSING  # the marks whose em box has a blank side
HAN_LATIN_SPACE = 0.25
_HAN = re.compile(f"[{HAN_RANGES}]")
_LATIN = r"(?:[^\W_\u1100-\U0010ffff]|[\u1e00-\u1eff])"
_HAN_LATIN = re.compile(f"(?<=[{HAN_RANGES}])(?={_LATIN})|(?<={_LATIN})(?=[{HAN_RANGES}])")
_MAYBE_LATIN = re.compile(r"[^\u1100-\U0010ffff]|[\u1e00-\u1eff]")  # text without one has no Han–Latin boundary
_MARK = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")
_DASH_RUN = re.compile("—{2,}|―{2,}")

Blanks = Callable[[str], tuple[float, float]]


def blank_sides(advance: float, ink_left: float, ink_right: float) -> tuple[float, float]:
    """How much of a mark's em box may be removed on its left and right: half an em on the blank
    side, a quarter on each side of a centred mark, nothing for a narrow glyph or one whose ink
    spreads over both halves.

    >>> blank_sides(1.0, 0.17, 0.27), blank_sides(1.0, 0.58, 0.93), blank_sides(1.0, 0.38, 0.62)
    ((0.0, 0.5), (0.5, 0.0), (0.25, 0.25))
    >>> blank_sides(0.5, 0.1, 0.4), blank_sides(1.0, 0.1, 0.9)
    ((0.0, 0.0), (0.0, 0.0))
    """
    if advance < 0.9:
        return 0.0, 0.0
    if ink_right <= 0.55 * advance:
        return 0.0, 0.5
    if ink_left >= 0.45 * advance:
        return 0.5, 0.0
    if ink_left >= 0.2 * advance and ink_right <= 0.8 * advance:
        return 0.25, 0.25
    return 0.0, 0.0


def is_han(ch: str) -> bool:
    """A Han character (or kana, Hangul, full-width letter): not a mark, not Latin.

    >>> is_han("中"), is_han("，"), is_han("a")
    (True, False, False)
    """
    return bool(_HAN.match(ch))


def shifts(text: str, blanks: Blanks, mode: str = "kaiming", line_start: bool = False,
           dash_gap: float = 0.0, latin_space: bool = True) -> list[float]:
    """Pen moves at the ``len(text) + 1`` boundaries of ``text`` (see the module docstring).

    ``line_start``: the text begins a line (an opening mark there is set flush). ``dash_gap``:
    the blank (em) between the ink of two adjacent ``—``, closed up inside a run of dashes and
    given back half before and half after it, so the run keeps its width. ``latin_space``: the
    quarter em between Han and Latin text (off inside a code such as a 发文字号).

    >>> shifts("甲——乙", lambda ch: (0.0, 0.0), dash_gap=0.2)
    [0.0, 0.1, -0.2, 0.1, 0.0]
    >>> shifts("12号", lambda ch: (0.0, 0.0)), shifts("12号", lambda ch: (0.0, 0.0), latin_space=False)
    ([0.0, 0.0, 0.25, 0.0], [0.0, 0.0, 0.0, 0.0])
    """
    n = len(text)
    out = [0.0] * (n + 1)
    for space in _HAN_LATIN.finditer(text) if latin_space and _MAYBE_LATIN.search(text) else ():
        out[space.start()] += HAN_LATIN_SPACE
    if mode == "none":
        return _close_dashes(text, out, dash_gap)
    marks = [found.start() for found in _MARK.finditer(text)]
    sides = {i: blanks(text[i]) for i in marks}
    removed_left: dict[int, float] = {}
    removed_right: dict[int, float] = {}
    if mode == "kaiming":
        for i in marks:
            if text[i] not in STOPS:
                left, right = sides[i]
                removed_left[i], removed_right[i] = left, right
                out[i] -= left
                out[i + 1] -= right
    for i in marks:
        if i - 1 in sides:  # adjacent marks: at most half an em of blank between them
            blank = (sides[i - 1][1] - removed_right.get(i - 1, 0.0)) + (sides[i][0] - removed_left.get(i, 0.0))
            already = removed_right.get(i - 1, 0.0) + removed_left.get(i, 0.0)
            if already < 0.5 and blank > 0:
                out[i] -= min(blank, 0.5 - already)
        if out[i] < -0.5:
            out[i] = -0.5
        if i + 1 < n and out[i + 1] < -0.5:
            out[i + 1] = -0.5
    if line_start and n and text[0] in OPENING:
        out[0] -= sides[0][0] - removed_left.get(0, 0.0)
    return _close_dashes(text, out, dash_gap)


def _close_dashes(text: str, out: list[float], dash_gap: float) -> list[float]:
    if dash_gap:
        for run in _DASH_RUN.finditer(text):
            i, j = run.span()
            for k in range(i + 1, j):
                out[k] -= dash_gap
            out[i] += dash_gap * (j - i - 1) / 2
            out[j] += dash_gap * (j - i - 1) / 2
    return out


def mode_for(region: str, requested: str | None = None) -> str:
    """The compression mode: the style's choice, else 开明式 for Simplified Chinese and 全角式 for
    Traditional (whose centred marks are set full width in Taiwan and Hong Kong).

    >>> mode_for("CN"), mode_for("TW"), mode_for("CN", "quanjiao")
    ('kaiming', 'quanjiao', 'quanjiao')
    """
    if requested:
        return requested
    return "kaiming" if region == "CN" else "quanjiao"
