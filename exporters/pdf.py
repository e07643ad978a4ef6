"""Print-ready PDF with reportlab's platypus and our own Chinese line breaking.

reportlab's ``Paragraph`` breaks Chinese lines with a Japanese kinsoku table and never checks
line ends; here each paragraph is a ``TextBlock`` flowable that cuts its text into unbreakable
units (``linebreak.units``), fills lines greedily, justifies them by spreading the extra space
between characters (never inside a Latin word), and draws every character with the first face
of its typeface's chain that has a glyph (``fonts.plan_fonts``). Only TrueType faces are used,
all embedded as subsets; the canvas's initial font is ours, so no Helvetica is referenced.

Headings become PDF bookmarks (and, with ``toc``, a table of contents whose entries link to
them); every page gets its number as the style says; ``crop_marks`` adds a bleed border with
crop marks and a TrimBox.

>>> from jingwen.cleaner.model.document import Block, Document
>>> pdf = render_pdf(Document([Block("正文。", 1)]))
>>> pdf[:5], b"/FontFile2" in pdf, b"Helvetica" in pdf
(b'%PDF-', True, False)
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field, replace
from itertools import accumulate
from types import SimpleNamespace

from jingwen.cleaner.model.document import HEADING, Document
from jingwen.exporters.compose import MARKS, OPENING, STOPS, blank_sides, mode_for, shifts
from jingwen.exporters.content import PARAGRAPH, TITLE, VERBATIM_ITEM, Content, Item, read_content
from jingwen.exporters.fonts import Face, FontPlan, coverage, ink_extents, plan_fonts
from jingwen.exporters.gongwen import COLOPHON, issued_parts, official_roles
from jingwen.exporters.linebreak import NO_START, expandable, fit_lines, units
from jingwen.exporters.options import ExportOptions
from jingwen.exporters.outlines import chunk_key, embeddable
from jingwen.exporters.paragraph import Measured, shaped_title, split_long_words, total_fit
from jingwen.exporters.style import Style, TextStyle, load_style
from jingwen.exporters.words import whole_words
from reportlab import rl_config
from reportlab.lib.colors import black
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

rl_config.useA85 = 0  # binary streams: smaller files, and no base-85 encoding in pure Python
ASCENT = 0.88  # the baseline sits 0.12 em above the bottom of the ideographic em box
# Closing marks drawn in the left half of their em box in Simplified Chinese faces: at the end
# of a line their blank right half may overhang the measure ("push in").
PUSH_IN = frozenset("，。、；：？！）》」』】〕")
HANGING = frozenset("，。、．")  # the marks that hang in the margin with [composition] hanging = true
ORPHANS = WIDOWS = 2

_fonts: dict[str, TTFont] = {}


class _GlyphTable:
    """The ``glyf`` table as slices of the font file, copied glyph by glyph."""

    def __init__(self, view: memoryview) -> None:
        self.view = view

    def __getitem__(self, index: slice) -> bytes:
        return bytes(self.view[index])


def _font(face: Face, code: int = 0x4E2D) -> TTFont:
    """The reportlab font that draws code point ``code`` of a face, registered once per process
    (a CFF face has one per chunk of its characters: ``exporters.outlines``).

    reportlab copies a font's whole ``glyf`` table (megabytes for a Chinese face) for every
    256-glyph subset it writes; handing it a view instead saves a fifth of a PDF's time.
    """
    key = chunk_key(face, code)
    font = _fonts.get(key)
    if font is None:
        path, index = embeddable(face, code)  # a CFF face: the TrueType build of code's chunk, cached
        font = TTFont(key, path, subfontIndex=index)
        ttf = font.face
        data = getattr(ttf, "_ttf_data", None)
        if isinstance(data, bytes) and hasattr(ttf, "get_table_pos"):
            view, get_table = memoryview(data), ttf.get_table

            def table(tag: str, view=view, get_table=get_table, ttf=ttf):
                if tag != "glyf":
                    return get_table(tag)
                pos, length = ttf.get_table_pos(tag)
                return _GlyphTable(view[pos:pos + length])

            ttf.get_table = table
        pdfmetrics.registerFont(font)
        _fonts[key] = font
    return font


def _is_latin(ch: str) -> bool:
    """Drawn with the paired Latin face: ASCII and Latin letters, digits, their punctuation."""
    return " " <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" or ch in "\u2010\u2011\u2013"


class _FaceTable(dict):
    """``char → (font name, advance in em)`` for one chain of faces, filled on first use; Latin
    letters, digits and their punctuation come from the paired proportional Latin face first."""

    def __init__(self, chain: tuple[Face, ...], latin: tuple[Face, ...] = ()) -> None:
        super().__init__()
        self.chain, self.latin = chain, latin
        self.blanks: dict[str, tuple[float, float]] = {}

    def face(self, ch: str) -> Face:
        code = ord(ch)
        if self.latin and _is_latin(ch):
            for face in self.latin:
                if code in coverage(face):
                    return face
        return next((f for f in self.chain if code in coverage(f)), self.chain[0])

    def __missing__(self, ch: str) -> tuple[str, float]:
        font = _font(self.face(ch), ord(ch))
        hit = self[ch] = (font.fontName, font.face.charWidths.get(ord(ch), font.face.defaultWidth) / 1000)
        return hit

    def blank(self, ch: str) -> tuple[float, float]:
        """The removable blank sides of a mark's em box, read from its glyph (see compose)."""
        found = self.blanks.get(ch)
        if found is None:
            extents = ink_extents(self.face(ch), ch).get(ch)
            found = self.blanks[ch] = blank_sides(*extents) if extents else (0.0, 0.0)
        return found

    def dash_gap(self) -> float:
        """The blank (em) between the ink of two ``—`` set side by side."""
        extents = ink_extents(self.face("—"), "—").get("—")
        if not extents:
            return 0.0
        advance, left, right = extents
        return max(0.0, left + advance - right) if advance > 0.8 else 0.0


class _Advances(dict):
    """``char → advance in em`` (a view of a ``_FaceTable`` that ``sum(map(...))`` can use)."""

    def __init__(self, table: _FaceTable) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, ch: str) -> float:
        advance = self[ch] = self.table[ch][1]
        return advance


_tables: dict[tuple[tuple[Face, ...], tuple[Face, ...]], tuple[_FaceTable, _Advances]] = {}


class Typesetter:
    """Measures and assigns faces: ``(typeface, char) → (font name, advance)``, cached per process."""

    def __init__(self, plan: FontPlan) -> None:
        self.plan = plan
        self.faces: dict[str, _FaceTable] = {}
        self.advances: dict[str, _Advances] = {}
        for typeface, chain in plan.chains.items():
            key = (chain, plan.latin.get(typeface, ()))
            if key not in _tables:
                table = _FaceTable(*key)
                _tables[key] = (table, _Advances(table))
            self.faces[typeface], self.advances[typeface] = _tables[key]

    def glyph(self, typeface: str, ch: str) -> tuple[str, float]:
        """The font name and advance (in em) that draw ``ch`` in ``typeface``."""
        return self.faces[typeface][ch]

    def width(self, typeface: str, text: str) -> float:
        """The natural width of ``text`` in em."""
        return sum(map(self.advances[typeface].__getitem__, text))


@dataclass
class Line:
    text: str
    justify: bool  # spread to the full measure (every line of a justified paragraph but the last)
    indent: float = 0.0  # points
    shifts: list[float] | None = None  # pen moves (em) at the len(text) + 1 boundaries (compose.shifts)
    hyphen: bool = False  # a hyphen is drawn after the text (a word broken at the line end)
    hang: float = 0.0  # points the last mark may pass the right edge (push-in, hanging punctuation)


@dataclass
class Layout:
    """Shared state of one rendering: faces, style, the outline collected while drawing."""

    setter: Typesetter
    style: Style
    region: str
    pitch: float | None  # grid: the advance of one character of body text, points
    leading: float | None  # grid: the line pitch, points
    headings: list[tuple[int, str, str, int]] = field(default_factory=list)  # level, text, key, page
    outline_level: int = -1
    mode: str = "kaiming"  # punctuation compression (compose.MODES)
    hanging: bool = False  # 。，、 ending a line hang in the margin
    subset_names: dict[tuple[str, int], str] = field(default_factory=dict)  # (font, subset) → its PDF name


class TextBlock(Flowable):
    """A paragraph, heading or title, broken into lines by our rules and split across pages."""

    def __init__(self, item: Item, tstyle: TextStyle, layout: Layout, lines: list[Line] | None = None,
                 first: bool = True, last: bool = True, right_inset: float = 0.0) -> None:
        super().__init__()
        self.right_inset = right_inset  # points kept free at the right (成文日期: four characters)
        self.item, self.tstyle, self.layout = item, tstyle, layout
        self.size = tstyle.size
        if layout.leading:
            self.leading = layout.leading * max(1, round(tstyle.size * 1.2 / layout.leading + 0.2))
        else:
            self.leading = tstyle.size * tstyle.line_height
        body_leading = layout.leading or layout.style.body.size * layout.style.body.line_height
        self.spaceBefore = tstyle.space_before * body_leading if first else 0
        self.spaceAfter = tstyle.space_after * body_leading if last else 0
        # grid: body text keeps the grid's character pitch; other sizes scale with it
        self.tracking = 0.0
        if layout.pitch:
            self.tracking = layout.pitch * tstyle.size / layout.style.body.size - tstyle.size
        self.lines, self.first, self.last = lines, first, last
        self._width: float | None = None if lines is None else -1
        self.keepWithNext = item.kind in (HEADING, TITLE)
        self.bookmark = True

    # -- layout
    def _measure(self, piece: str) -> float:
        return self.layout.setter.width(self.tstyle.typeface, piece) * self.size + self.tracking * len(piece)

    def _overhang(self, piece: str) -> float:
        if self.layout.region != "CN" or piece[-1] not in PUSH_IN or self.tstyle.align != "justify":
            return 0.0
        return 0.5 * self.size if self.layout.setter.glyph(self.tstyle.typeface, piece[-1])[1] >= 0.9 else 0.0

    def _break(self, width: float) -> list[Line]:
        indent = self.tstyle.indent * (self.size + self.tracking)
        lines: list[Line] = []
        verbatim = self.item.kind == VERBATIM_ITEM
        for n, segment in enumerate(self.item.text.split("\n")):
            first_indent = indent if n == 0 else 0.0
            if verbatim:
                pieces = [(ch, False) for ch in segment] or [("", False)]
            else:
                pieces = split_long_words(units(segment))
            measured, sh, expand = self._measured(pieces)
            heading = self.item.kind in (HEADING, TITLE)
            ranges = total_fit(measured, width - first_indent, width)
            if heading and len(ranges) > 1:  # a wrapped heading breaks between words, in balanced lines
                pieces = [(word, False) for word in whole_words([piece for piece, _ in pieces])]
                measured, sh, expand = self._measured(pieces)
                count = len(total_fit(measured, width - first_indent, width))
                shaped = shaped_title(measured, width - first_indent, count) \
                    if self.item.kind == TITLE and self.layout.style.official and not first_indent else None
                ranges = shaped or self._balance(measured, width, first_indent, count)
            offsets = [0]
            for text in measured.texts:
                offsets.append(offsets[-1] + len(text))
            for k, (j, e) in enumerate(ranges):
                a, b = offsets[j], offsets[e]
                text = segment[a:b] if not verbatim else "".join(measured.texts[j:e])
                more = e < len(measured.texts)
                line_shifts = sh[a:b + 1]
                line_shifts[0] = self._start_shift(text)
                line_shifts[-1] = self._end_shift(text) if more or b == len(segment) else 0.0
                justify = more and self.tstyle.align == "justify" and not verbatim and not heading
                hyphen = more and measured.hyphen[e - 1]
                lines.append(Line(text, justify, first_indent if k == 0 else 0.0, line_shifts, hyphen,
                                  measured.overhang[e - 1] if e > j else 0.0))
        return lines

    def _start_shift(self, text: str) -> float:
        """An opening mark that starts a line is set flush: its blank left side is dropped."""
        if text and text[0] in OPENING and self.layout.mode != "none":
            return -self.layout.setter.faces[self.tstyle.typeface].blank(text[0])[0]
        return 0.0

    def _end_shift(self, text: str) -> float:
        """In 开明式 a pause or closing mark that ends a line keeps only its inked half."""
        if text and text[-1] in MARKS and text[-1] not in STOPS and self.layout.mode == "kaiming":
            return -self.layout.setter.faces[self.tstyle.typeface].blank(text[-1])[1]
        return 0.0

    def _measured(self, pieces: list[tuple[str, bool]]) -> tuple[Measured, list[float], list[bool]]:
        """The pieces measured with compression and Han–Latin spacing (points); prefix sums over
        the characters keep this linear in the length of the paragraph."""
        setter, typeface, size, tracking = self.layout.setter, self.tstyle.typeface, self.size, self.tracking
        table = setter.faces[typeface]
        advance = setter.advances[typeface].__getitem__
        texts = [p for p, _ in pieces]
        text = "".join(texts)
        dash = table.dash_gap() if "—" in text else 0.0
        sh = shifts(text, table.blank, self.layout.mode, dash_gap=dash, latin_space=self.tstyle.latin_space)
        expand = expandable(text)
        # per character: advance + tracking + the shift before it; per boundary: expandable
        steps = zip(map(advance, text), sh[:-1], strict=True)
        char_w = [0.0, *accumulate([(a + b) * size + tracking for a, b in steps])]
        gap_sum = [0, *accumulate(expand)]
        kaiming = self.layout.mode == "kaiming"
        hanging = self.layout.hanging and self.tstyle.align == "justify"
        cn_justify = self.layout.region == "CN" and self.tstyle.align == "justify"
        flush = self.layout.mode != "none"
        ends = list(accumulate(map(len, texts)))
        starts = [0, *ends][:-1]
        glue = [sh[a] * size for a in starts]
        widths = [char_w[b] - char_w[a] - g for a, b, g in zip(starts, ends, glue, strict=True)]
        gaps = [gap_sum[b] - gap_sum[a + 1] if b - a > 1 else 0 for a, b in zip(starts, ends, strict=True)]
        joined = [not expand[a] for a in starts]
        count = len(texts)
        start, end, overhang = [0.0] * count, [0.0] * count, [0.0] * count
        if flush:  # a piece that starts with an opening mark
            for i in [i for i, piece in enumerate(texts) if piece[:1] in OPENING]:
                start[i] = -table.blank(texts[i][0])[0] * size
        for i in [i for i, piece in enumerate(texts) if piece[-1:] in MARKS]:  # a piece that ends with a mark
            last = texts[i][-1]
            cut = end[i] = -table.blank(last)[1] * size if kaiming and last not in STOPS else 0.0
            hang = 0.0  # push-in: the blank right side left to a closing mark may pass the measure
            if cn_justify and last not in OPENING:
                hang = max(table.blank(last)[1] * size + cut, 0.0)
            if hanging and last in HANGING:  # hanging punctuation: the whole mark may
                hang = max(hang, advance(last) * size + cut)
            overhang[i] = hang
        hyphen_width = advance("-") * size + tracking
        space = [p.isspace() for p in texts]
        hyphen = [h for _, h in pieces]
        return (Measured(texts, widths, glue, start, gaps, joined, hyphen, overhang, space, hyphen_width, size, end),
                sh, expand)

    def _balance(self, measured: Measured, width: float, indent: float, count: int) -> list[tuple[int, int]]:
        """A heading of ``count`` lines set as narrow as it goes without a further line, so that
        its last line is not one character under a full one."""
        low, high = width * (count - 1) / count, width
        for _ in range(12):
            middle = (low + high) / 2
            if len(total_fit(measured, middle - indent, middle)) > count:
                low = middle
            else:
                high = middle
        return total_fit(measured, high - indent, high)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._width != availWidth and self._width != -1:
            self.lines = self._break(availWidth - self.right_inset)
            self._width = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        total = len(self.lines)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit >= total:
            return [self]
        grid = self.layout.leading is not None  # a grid page is always full: no widow or orphan rule
        if total - fit < WIDOWS and not grid:
            fit = total - WIDOWS
        splittable = self.item.kind in ("paragraph", VERBATIM_ITEM) or total > 3  # a heading of a few lines stays whole
        if (fit < ORPHANS and not (grid and fit >= 1)) or not splittable:
            return []
        head = TextBlock(self.item, self.tstyle, self.layout, self.lines[:fit], self.first, False, self.right_inset)
        tail = TextBlock(self.item, self.tstyle, self.layout, self.lines[fit:], False, self.last, self.right_inset)
        head._width = tail._width = availWidth
        head.keepWithNext = tail.keepWithNext = False
        head.bookmark, tail.bookmark = self.bookmark, False
        return [head, tail]

    # -- drawing
    def draw(self) -> None:
        canv = self.canv
        if self.item.kind == HEADING and self.first and self.bookmark:
            self._bookmark(canv)
        typeface, size = self.tstyle.typeface, self.size
        text_obj = canv.beginText()
        if self.tstyle.bold:
            canv.setLineWidth(size * 0.03)
            text_obj.setTextRenderMode(2)
        # Text operators are written here rather than through TextObject.textOut, which measures
        # every string again and dominates the time of a long document.
        code, doc, escape, size_str = text_obj._code, canv._doc, escapePDF, fp_str(size)
        fonts = pdfmetrics.getFont
        names = self.layout.subset_names
        current_font: str | None = None
        current_spacing: float | None = None
        baseline = self.height - (self.leading - size) / 2 - ASCENT * size
        origin_x, origin_y = text_obj._x0, text_obj._y0
        for line in self.lines:
            x = line.indent + self._align_offset(line)
            y = fp_str(origin_y + baseline)
            for at, font_name, spacing, run in self._placed(line, typeface, x):
                code.append(f"1 0 0 1 {fp_str(origin_x + at)} {y} Tm")
                if spacing != current_spacing:
                    code.append(f"{fp_str(spacing)} Tc")
                    current_spacing = spacing
                font = fonts(font_name)
                for subset, chunk in font.splitString(run, doc):
                    name = names.get((font_name, subset))
                    if name is None:  # the first use of a subset registers it with the document
                        name = names[font_name, subset] = font.getSubsetInternalName(subset, doc)
                    if name != current_font:
                        code.append(f"{name} {size_str} Tf")
                        current_font = name
                    code.append(f"({escape(chunk)}) Tj")
            baseline -= self.leading
        canv.drawText(text_obj)

    def _natural(self, line: Line) -> float:
        """The width of a line as set: advances, tracking, compression and spacing, a hyphen."""
        width = self._measure(line.text)
        if line.shifts:
            width += sum(line.shifts) * self.size
        if line.hyphen:
            width += self._measure("-")
        return width

    def _align_offset(self, line: Line) -> float:
        align = self.tstyle.align
        if align in ("justify", "left") or line.justify:
            return 0.0
        room = self.width - self.right_inset - line.indent - self._natural(line)
        return room / 2 if align == "center" else room

    def _gap(self, line: Line) -> tuple[float, list[bool] | None]:
        """Extra space at each expandable boundary of a justified line, and those boundaries."""
        if not line.justify or len(line.text) < 2:
            return 0.0, None
        room = self.width - self.right_inset - line.indent - self._natural(line)
        if room < 0:  # the last mark passes the edge (push-in, hanging): the text before it fills the line
            room += line.hang
        if room <= 0:
            return 0.0, None
        expand = expandable(line.text)
        gaps = sum(expand)
        return (room / gaps, expand) if gaps else (0.0, None)

    def _placed(self, line: Line, typeface: str, x: float) -> list[tuple[float, str, float, str]]:
        """``(x, font name, char spacing, text)``: the line cut into runs of one face and even
        spacing, each placed at its own position; a run ends wherever compression or Han–Latin
        spacing moves the pen (a negative character spacing is not honoured by every reader)."""
        text, size, tracking = line.text, self.size, self.tracking
        n = len(text)
        if not n:
            return []
        faces = self.layout.setter.faces[typeface]
        advance = self.layout.setter.advances[typeface].__getitem__
        sh = line.shifts or [0.0] * (n + 1)
        gap, exp = self._gap(line)
        names = [faces[ch][0] for ch in text]
        # the space added at each boundary: tracking, and the justification gap where it may widen
        extra = [gap if e else 0.0 for e in exp] if exp else [0.0] * (n + 1)
        steps = [tracking + g for g in extra]
        x += sh[0] * size
        out: list[tuple[float, str, float, str]] = []
        i = 0
        while i < n:
            name = names[i]
            spacing: float | None = None
            j = i + 1
            while j < n and names[j] == name and not sh[j]:  # a shifted glyph is placed on its own
                if spacing is None:
                    spacing = steps[j]
                elif abs(steps[j] - spacing) > 1e-9:
                    break
                j += 1
            spacing = tracking if spacing is None else spacing
            out.append((x, name, spacing, text[i:j]))
            x += sum(map(advance, text[i:j])) * size + spacing * (j - i - 1) + tracking
            if j < n:
                x += sh[j] * size + extra[j]
            i = j
        if line.hyphen:
            out.append((x, faces["-"][0], tracking, "-"))
        return out

    def _runs(self, text: str, typeface: str, gap: float):
        """``(font name, char spacing, text)`` runs, one per change of face (a TOC page number)."""
        faces, tracking = self.layout.setter.faces[typeface], self.tracking
        runs: list[tuple[str, float, str]] = []
        for ch in text:
            name = faces[ch][0]
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1], runs[-1][2] + ch)
            else:
                runs.append((name, tracking + gap, ch))
        return runs

    def _bookmark(self, canv) -> None:
        layout = self.layout
        key = self.item.anchor
        level = min(self.item.level - 1, layout.outline_level + 1)
        layout.outline_level = level
        canv.bookmarkHorizontal(key, 0, self.height)
        canv.addOutlineEntry(self.item.text, key, level=level, closed=False)
        layout.headings.append((self.item.level, self.item.text, key, canv.getPageNumber()))


class KeepWithNext(Flowable):
    """A heading and what follows it: never a heading alone at the foot of a page."""

    def __init__(self, head: Flowable, body: Flowable) -> None:
        super().__init__()
        self.head, self.body = head, body
        self.spaceBefore = head.getSpaceBefore()
        self.spaceAfter = body.getSpaceAfter()
        self._inner = head.getSpaceAfter() + body.getSpaceBefore()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, h1 = self.head.wrap(availWidth, availHeight)
        _, h2 = self.body.wrap(availWidth, availHeight)
        self.width, self.height = availWidth, h1 + self._inner + h2
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        _, h1 = self.head.wrap(availWidth, availHeight)
        room = availHeight - h1 - self._inner
        if room <= 0:
            return []
        parts = self.body.split(availWidth, room)
        if not parts:
            return []
        first, *rest = parts
        first.spaceBefore = 0
        return [_Stack(self.head, first, self._inner), *rest]

    def draw(self) -> None:
        stack = _Stack(self.head, self.body, self._inner)
        stack.wrap(self.width, self.height)
        stack.drawOn(self.canv, 0, 0)


class _Stack(Flowable):
    """Two flowables drawn one above the other (the first page's part of a KeepWithNext)."""

    def __init__(self, top: Flowable, bottom: Flowable, gap: float) -> None:
        super().__init__()
        self.top, self.bottom, self.gap = top, bottom, gap
        self.spaceBefore = top.getSpaceBefore()
        self.spaceAfter = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, h1 = self.top.wrap(availWidth, availHeight)
        _, h2 = self.bottom.wrap(availWidth, availHeight)
        self.width, self.height, self._h2 = availWidth, h1 + self.gap + h2, h2
        return self.width, self.height

    def draw(self) -> None:
        # top first: a heading's bookmark is written when it is drawn, so drawing order is outline order
        self.top.drawOn(self.canv, 0, self._h2 + self.gap)
        self.bottom.drawOn(self.canv, 0, 0)


class Colophon(Flowable):
    """版记 (GB/T 9704-2012, 7.4): 抄送 and the 印发 line in 4号 at the foot of the last page. A thick
    rule (0.35 mm) above the first of them and one on the bottom edge of the text area, a thin rule
    (0.25 mm) between 抄送 and the 印发 line; 抄送 one character in on both sides, its further
    lines under the first name after ``抄送：``; 印发机关 one character in from the left, 印发日期
    one character in from the right. It takes the rest of the page, so that it sits at the foot."""

    THICK, THIN = 0.35 * mm, 0.25 * mm

    def __init__(self, items: list[tuple[str, Item]], body: TextStyle, layout: Layout) -> None:
        super().__init__()
        self.tstyle = replace(body, size=14.0, indent=0, align="left", space_before=0, space_after=0)  # 4号
        probe = TextBlock(Item(PARAGRAPH, "抄"), self.tstyle, layout)
        self.em = probe.size + probe.tracking
        self.parts: list[tuple[str, list[TextBlock]]] = []
        for role, item in items:
            if role == "cc":
                label = len(item.text.split("：", 1)[0].split(":", 1)[0]) + 1  # 抄送：
                block = TextBlock(item, replace(self.tstyle, indent=-label), layout)
                self.parts.append((role, [block]))
                block.x = (1 + label) * self.em
                block.inset = (2 + label) * self.em
            else:
                org, date = issued_parts(item.text)
                left = TextBlock(Item(PARAGRAPH, org), self.tstyle, layout)
                right = TextBlock(Item(PARAGRAPH, date), replace(self.tstyle, align="right"), layout)
                left.x = right.x = self.em
                left.inset = right.inset = 2 * self.em
                self.parts.append((role, [left, right] if org else [right]))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._heights = []
        for _, blocks in self.parts:
            self._heights.append(max(b.wrap(availWidth - b.inset, 1e9)[1] for b in blocks))
        natural = sum(self._heights)
        self.width = availWidth
        self.height = max(natural, availHeight - 1e-3)  # the rest of the page: the last rule on its foot
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # never split: the whole 版记 moves to the next page

    def draw(self) -> None:
        canv, width = self.canv, self.width
        canv.saveState()
        y = 0.0
        canv.setLineWidth(self.THICK)
        canv.line(0, self.THICK / 2, width, self.THICK / 2)
        for n, ((_role, blocks), height) in enumerate(zip(reversed(self.parts), reversed(self._heights),
                                                         strict=True)):
            if n:  # a thin rule between 抄送 and the 印发 line
                canv.setLineWidth(self.THIN)
                canv.line(0, y, width, y)
            for block in blocks:
                block.drawOn(canv, block.x, y + height - block.height)
            y += height
        canv.setLineWidth(self.THICK)
        canv.line(0, y, width, y)
        canv.restoreState()


class TocEntry(TextBlock):
    """One line of the table of contents: the heading, a dot leader, its page number (a link)."""

    def __init__(self, item: Item, tstyle: TextStyle, layout: Layout, page: int) -> None:
        super().__init__(item, tstyle, layout)
        self.page = page
        self.keepWithNext = False
        self.bookmark = False

    def _break(self, width: float) -> list[Line]:
        self._number_width = self._measure("0000") + self.size
        indent = (self.item.level - 1) * 2 * (self.size + self.tracking)
        fitted = fit_lines(units(self.item.text), self._measure, width - indent - self._number_width,
                           width - indent - self._number_width)
        return [Line(text, False, indent) for text, _ in fitted]

    def draw(self) -> None:
        super().draw()
        canv, size = self.canv, self.size
        last = self.lines[-1]
        baseline = self.height - (len(self.lines) - 1) * self.leading - (self.leading - size) / 2 - ASCENT * size
        number = str(self.page)
        number_w = self._measure(number)
        start = last.indent + self._natural(last) + size * 0.5
        end = self.width - number_w - size * 0.5
        dot_font, dot_w = self.layout.setter.glyph(self.tstyle.typeface, ".")
        if end > start and dot_w:
            step = size * 0.5
            count = int((end - start) // step)
            text_obj = canv.beginText(end - count * step, baseline)
            text_obj.setFont(dot_font, size)
            text_obj.setCharSpace(step - dot_w * size)
            text_obj.textOut("." * count)
            canv.drawText(text_obj)
        text_obj = canv.beginText(self.width - number_w, baseline)
        for font_name, spacing, run in self._runs(number, self.tstyle.typeface, 0.0):
            text_obj.setFont(font_name, size)
            text_obj.setCharSpace(spacing)
            text_obj.textOut(run)
        canv.drawText(text_obj)
        canv.linkRect("", self.item.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)


def _pagesize(style: Style, options: ExportOptions) -> tuple[float, float]:
    w, h = style.page_size_mm(options.paper)
    return w * mm, h * mm


def _story(content: Content, layout: Layout, toc_pages: dict[str, int] | None) -> list[Flowable]:
    style = layout.style
    blocks: list[Flowable] = []
    roles: list[str | None] = [None] * len(content.items)
    if style.official:
        roles = official_roles([item.text for item in content.items], 0 if content.has_title else None)
    colophon = [(role, item) for item, role in zip(content.items, roles, strict=True) if role in COLOPHON]
    for n, (item, role) in enumerate(zip(content.items, roles, strict=True)):
        if role in COLOPHON:
            continue
        if item.kind == TITLE:
            tstyle = style.title
        elif item.kind == HEADING and role is None:
            tstyle = style.heading(item.level)
        elif item.kind == VERBATIM_ITEM:
            tstyle = style.verbatim
        else:
            tstyle = style.body
        inset = 0.0
        if role is not None:
            item = Item(PARAGRAPH, item.text) if item.kind == HEADING else item  # a list item, not a heading
            tstyle, inset = _official(role, tstyle, layout, content.items, roles, n)
        block = TextBlock(item, tstyle, layout, right_inset=inset)
        if role == "signature":
            block.keepWithNext = True  # the authority never on another page than its date
        blocks.append(block)
    if toc_pages is not None and content.headings:
        title = Item("heading-toc", style.toc_title.get(layout.region, "目录"))
        toc: list[Flowable] = [TextBlock(title, style.heading(1), layout)]
        toc[0].keepWithNext = True
        for heading in content.headings:
            toc.append(TocEntry(heading, style.body, layout, toc_pages.get(heading.anchor, 0)))
        at = 1 if content.has_title else 0
        blocks[at:at] = toc
    if colophon:
        blocks.append(Colophon(colophon, style.body, layout))
    # glue each heading (and the title) to what follows it, from the end backwards
    out: list[Flowable] = []
    for block in reversed(blocks):
        if getattr(block, "keepWithNext", False) and out:
            out[-1] = KeepWithNext(block, out[-1])
        else:
            out.append(block)
    out.reverse()
    return out


def _official(role: str, body: TextStyle, layout: Layout, items: list[Item], roles: list[str | None],
              n: int) -> tuple[TextStyle, float]:
    """The look of a part of an official document (GB/T 9704-2012, 7.2 and 7.3): its text style and
    the space it keeps free at the right."""
    em = body.size + (layout.pitch - layout.style.body.size if layout.pitch else 0.0)
    if role == "doc-number":  # 发文字号: centred, a code without Han–Latin spacing
        return replace(body, indent=0, align="center", latin_space=False), 0.0
    if role == "addressee":  # 主送机关: flush left
        return replace(body, indent=0, align="left"), 0.0
    if role == "attachment":  # 附件说明: one blank line below the text, two characters in
        return replace(body, align="left", space_before=1), 0.0
    if role == "attachment-item":  # under the first item's text: 附件： is three characters
        return replace(body, indent=body.indent + 3, align="left"), 0.0
    date_inset = 4 * em  # 成文日期: four characters in from the right
    if role == "date":
        return replace(body, indent=0, align="right"), date_inset
    if role == "signature":  # 署名: centred over the date
        date = items[n + 1].text if n + 1 < len(items) and roles[n + 1] == "date" else ""

        def width(text: str) -> float:  # as set: compression, Han–Latin spacing and grid pitch included
            block = TextBlock(Item(PARAGRAPH, text), replace(body, indent=0), layout)
            return block._natural(block._break(1e6)[0])

        inset = max(0.0, date_inset + (width(date) - width(items[n].text)) / 2) if date else date_inset
        return replace(body, indent=0, align="right", space_before=2), inset
    return body, 0.0


class _Template(BaseDocTemplate):
    def __init__(self, buf, layout: Layout, on_page, **kw) -> None:
        super().__init__(buf, **kw)
        self.layout = layout
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, 0, 0, 0, 0, id="text")
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=on_page)])


def _page_number(layout: Layout, pagesize: tuple[float, float], margins: tuple[float, float, float, float],
                 crop_marks: bool, paper: str | None = None):
    style, setter = layout.style, layout.setter
    spec = style.page_number
    top, bottom, left, right = (m * mm for m in margins)
    width = pagesize[0] - left - right

    def on_page(canv, doc) -> None:
        if crop_marks and canv.getPageNumber() == 1:
            border = canv._getCmShift() or 0
            canv.setTrimBox((border, border, border + pagesize[0], border + pagesize[1]))
            canv.setBleedBox((border, border, border + pagesize[0], border + pagesize[1]))
        text = spec.format.format(n=canv.getPageNumber())
        size = spec.size
        tw = setter.width(spec.typeface, text) * size
        baseline = bottom - style.below_text_for(paper) * mm - ASCENT * size
        inset = spec.inset * size
        odd = canv.getPageNumber() % 2 == 1
        if spec.position == "outer":
            x = left + width - inset - tw if odd else left + inset
        else:
            x = left + (width - tw) / 2
        text_obj = canv.beginText(x, baseline)
        for ch in text:
            name, _ = setter.glyph(spec.typeface, ch)
            text_obj.setFont(name, size)
            text_obj.textOut(ch)
        canv.drawText(text_obj)

    return on_page


def render_pdf(doc: Document, options: ExportOptions | None = None, content: Content | None = None) -> bytes:
    """The PDF of ``doc`` as bytes."""
    options = options or ExportOptions()
    content = content or read_content(doc, options.quotes)
    style = load_style(options.style)
    plan = plan_fonts(style.typefaces(), content.region, content.chars | set(style.page_number.format + "0123456789"),
                      options.font, embed=True)
    return _build(content, style, plan, options)


def _build(content: Content, style: Style, plan: FontPlan, options: ExportOptions) -> bytes:
    pagesize = _pagesize(style, options)
    margins = style.margins_for(options.paper)
    grid = style.grid_for(options.paper)
    top, bottom, left, right = (m * mm for m in margins)
    pitch = leading = None
    if grid:
        pitch = (pagesize[0] - left - right) / grid.chars_per_line
        leading = (pagesize[1] - top - bottom) / grid.lines_per_page
    toc_pages: dict[str, int] | None = {} if options.toc else None
    for _ in range(3):  # a table of contents needs a second pass for its page numbers
        layout = Layout(Typesetter(plan), style, content.region, pitch, leading,
                        mode=mode_for(content.region, style.punctuation), hanging=style.hanging)
        buf = io.BytesIO()
        first_face = plan.face_for(style.body.typeface)
        kw = dict(pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
                  title=content.title, author=content.author or "", subject=content.subject,
                  creator="jingwen (净文)", lang=content.language, displayDocTitle=True,
                  initialFontName=_font(first_face).fontName if first_face else None,
                  invariant=1 if os.environ.get("SOURCE_DATE_EPOCH") else None)
        if options.crop_marks:
            kw["cropMarks"] = SimpleNamespace(borderWidth=10 * mm, markLength=7 * mm, markWidth=0.25, bleedWidth=0,
                                              markColor=black, markLast=1)
        on_page = _page_number(layout, pagesize, margins, options.crop_marks, options.paper)
        template = _Template(buf, layout, on_page, **kw)
        template.build(_story(content, layout, toc_pages), canvasmaker=_canvasmaker(bool(content.headings)))
        pages = {key: page for _, _, key, page in layout.headings}
        if toc_pages is None or pages == toc_pages:
            break
        toc_pages = pages
    return buf.getvalue()


def _canvasmaker(show_outline: bool):
    class OutlineCanvas(Canvas):
        """Opens with the bookmarks pane shown when there are bookmarks."""

        def save(self) -> None:
            if show_outline:
                self.showOutline()
            super().save()

    return OutlineCanvas


def missing_glyphs(content: Content, options: ExportOptions) -> frozenset[str]:
    """Characters of the document that no installed face can draw."""
    style = load_style(options.style)
    return plan_fonts(style.typefaces(), content.region, content.chars, options.font, embed=True).missing


def stand_in_fonts(content: Content, options: ExportOptions) -> list[tuple[str, str]]:
    """``(typeface, family)``: the style's typefaces with no font of their own here, and the face
    drawing them instead (for a one-line warning)."""
    from jingwen.exporters.fonts import typefaces

    style = load_style(options.style)
    plan = plan_fonts(style.typefaces(), content.region, (), options.font, embed=False)
    return [(typefaces()[name]["description"].split(":")[0], family) for name, family in plan.stand_ins()]


__all__ = ["render_pdf", "missing_glyphs", "stand_in_fonts", "TextBlock", "NO_START"]
