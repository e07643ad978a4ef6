"""DOCX with python-docx, set up the way Chinese Word documents are.

python-docx's ``font.name`` never sets the East Asian font slot (its issue #154) and has no
indent in characters (#685), so this module writes ``w:rFonts/@w:eastAsia`` on the document
defaults, on Normal, Title and Heading 1–3 and on every run; ``w:lang/@w:eastAsia`` (zh-CN,
zh-TW or zh-HK); ``w:ind/@w:firstLineChars="200"`` with a ``w:firstLine`` in twips for
programs that ignore character units. Headings use the built-in Heading 1–3 styles (Word's
navigation pane and LibreOffice's navigator list them); the footer holds a PAGE field; the
title goes into the core properties; paper size and margins come from the style, and gb9704
gets its 28 × 22 character grid (``w:docGrid``).

>>> from jingwen.cleaner.model.document import Block, Document
>>> data = render_docx(Document([Block("正文。", 1)]))
>>> data[:2]
b'PK'
"""
from __future__ import annotations

import io
import math
import os
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import tomllib
from jingwen.cleaner.model.document import HEADING, Document
from jingwen.exporters.content import TITLE, VERBATIM_ITEM, Content, read_content
from jingwen.exporters.fonts import FontPlan, plan_fonts
from jingwen.exporters.gongwen import COLOPHON, issued_parts, official_roles
from jingwen.exporters.linebreak import units
from jingwen.exporters.options import ExportOptions
from jingwen.exporters.paragraph import Measured, shaped_title
from jingwen.exporters.style import Style, TextStyle, load_style
from jingwen.exporters.words import whole_words

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _set_fonts(rpr, family: str, latin: str | None = None) -> None:
    """Name ``family`` in every font slot of ``rpr`` (East Asian included) and drop theme fonts,
    which would win over the names."""
    fonts = rpr.get_or_add_rFonts()
    for attr in THEME_ATTRS:
        fonts.attrib.pop(_q(attr), None)
    latin = latin or family
    fonts.set(_q("ascii"), latin)
    fonts.set(_q("hAnsi"), latin)
    fonts.set(_q("eastAsia"), family)
    fonts.set(_q("cs"), latin)
    fonts.set(_q("hint"), "eastAsia")


def _set_lang(rpr, language: str) -> None:
    lang = rpr.find(_q("lang"))
    if lang is None:
        lang = rpr.makeelement(_q("lang"), {})
        successors = [rpr.find(_q(t)) for t in ("eastAsianLayout", "specVanish", "oMath")]
        successors = [s for s in successors if s is not None]
        if successors:
            successors[0].addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(_q("val"), "en-US")
    lang.set(_q("eastAsia"), language)
    lang.set(_q("bidi"), "ar-SA")


def _line_rule(tstyle: TextStyle, style: Style, grid_pitch: float | None) -> tuple[int, str]:
    if grid_pitch:
        return math.floor(grid_pitch * 20), "exact"  # 22 × 580 twips overflow 225 mm: a line lost
    return round(tstyle.size * tstyle.line_height * 20), "atLeast"


def _configure(pstyle, tstyle: TextStyle, style: Style, plan: FontPlan, language: str,
               grid_pitch: float | None, body_leading: float) -> None:
    """Font, size, indent, alignment and spacing of a paragraph style."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    element = pstyle.element
    rpr = element.get_or_add_rPr()
    for tag in ("color",):
        for child in rpr.findall(_q(tag)):
            rpr.remove(child)
    _set_fonts(rpr, plan.family(tstyle.typeface), plan.latin_family(tstyle.typeface))
    pstyle.font.size = Pt(tstyle.size)
    pstyle.font.bold = tstyle.bold
    pstyle.font.italic = False
    _set_lang(rpr, language)
    fmt = pstyle.paragraph_format
    fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[tstyle.align]
    fmt.space_before = Pt(tstyle.space_before * body_leading)
    fmt.space_after = Pt(tstyle.space_after * body_leading)
    ppr = element.get_or_add_pPr()
    for child in ppr.findall(_q("pBdr")) + ppr.findall(_q("contextualSpacing")):
        ppr.remove(child)
    spacing = ppr.get_or_add_spacing()
    line, rule = _line_rule(tstyle, style, grid_pitch)
    spacing.set(_q("line"), str(line))
    spacing.set(_q("lineRule"), rule)
    ind = ppr.get_or_add_ind()
    chars = round(tstyle.indent * 100)
    ind.set(_q("firstLineChars"), str(chars))
    ind.set(_q("firstLine"), str(round(tstyle.indent * tstyle.size * 20)))


def _page_field(paragraph, fmt: str) -> None:
    """``— {n} —`` as text around a PAGE field (its cached result is 1)."""
    from docx.oxml import OxmlElement

    before, _, after = fmt.partition("{n}")

    def run_with(*children):
        run = paragraph.add_run()
        for child in children:
            run._r.append(child)
        return run

    def fld(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(_q("fldCharType"), kind)
        return el

    if before:
        paragraph.add_run(before)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run_with(fld("begin"))
    run_with(instr)
    run_with(fld("separate"))
    paragraph.add_run("1")
    run_with(fld("end"))
    if after:
        paragraph.add_run(after)


def _footer(section, style: Style, plan: FontPlan, language: str, outer: bool, odd: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    spec = style.page_number
    footer = section.footer if odd else section.even_page_footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if outer:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        inset = Pt(spec.inset * spec.size)
        if odd:
            fmt.right_indent = inset
        else:
            fmt.left_indent = inset
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph, spec.format)
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        _set_fonts(rpr, plan.family(spec.typeface))
        run.font.size = Pt(spec.size)
        _set_lang(rpr, language)


# Styles of python-docx's template that a document of ours uses; the other hundred-odd (table
# styles, list styles...) are dropped, which makes the file smaller and faster to write and read.
KEEP_STYLES = frozenset({"Normal", "Title", "Heading1", "Heading2", "Heading3", "Footer", "Header",
                         "DefaultParagraphFont", "TableNormal", "NoList", "FooterChar", "HeaderChar",
                         "TitleChar", "Heading1Char", "Heading2Char", "Heading3Char"})


@lru_cache(maxsize=16)
def _template(style_name: str, region: str, language: str, font: str | None, paper: str | None) -> bytes:
    """An empty DOCX with the styles, page set-up and footer of a style (built once per process)."""
    import docx
    from docx.shared import Mm

    style = load_style(style_name)
    plan = plan_fonts(style.typefaces(), region, font_file=font, embed=False)
    width_mm, height_mm = style.page_size_mm(paper)
    top, bottom, left, right = style.margins_for(paper)
    grid = style.grid_for(paper)
    grid_pitch = (height_mm - top - bottom) * 72 / 25.4 / grid.lines_per_page if grid else None
    body_leading = grid_pitch or style.body.size * style.body.line_height

    document = docx.Document()
    _drop_extras(document)
    styles = document.styles
    for element in list(styles.element.findall(_q("style"))):
        if element.get(_q("styleId")) not in KEEP_STYLES:
            styles.element.remove(element)
    defaults = styles.element.find(_q("docDefaults"))
    rpr_default = defaults.find(_q("rPrDefault")).find(_q("rPr"))
    _set_fonts(rpr_default, plan.family(style.body.typeface))
    for tag in ("sz", "szCs"):  # the grid's character pitch is counted from the default size
        rpr_default.find(_q(tag)).set(_q("val"), str(round(style.body.size * 2)))
    _set_lang(rpr_default, language)
    spacing = defaults.find(_q("pPrDefault")).find(_q("pPr")).find(_q("spacing"))
    for attr in ("after", "line", "lineRule"):
        spacing.attrib.pop(_q(attr), None)
    # Punctuation may hang in the margin: Word's own default, said out loud for LibreOffice, which
    # reads w:overflowPunct the wrong way round (val="1" turns its hanging punctuation off) and
    # otherwise hangs a 。 at the end of a justified line and does not draw it.
    spacing.addprevious(spacing.makeelement(_q("overflowPunct"), {_q("val"): "1"}))

    _configure(styles["Normal"], style.body, style, plan, language, grid_pitch, body_leading)
    _configure(styles["Title"], style.title, style, plan, language, grid_pitch, body_leading)
    if grid:  # a title larger than the grid's cells is set on its own pitch, not two cells a character
        title_ppr = styles["Title"].element.get_or_add_pPr()
        title_ppr.get_or_add_spacing().addprevious(title_ppr.makeelement(_q("snapToGrid"), {_q("val"): "0"}))
    for level in (1, 2, 3):
        hstyle = styles[f"Heading {level}"]
        _configure(hstyle, style.heading(level), style, plan, language, grid_pitch, body_leading)
        hstyle.paragraph_format.keep_with_next = True
    verbatim = styles.add_style("Verbatim", 1)
    verbatim.base_style = styles["Normal"]
    _configure(verbatim, style.verbatim, style, plan, language, grid_pitch, body_leading)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(min(top / 2, 15))
    spec = style.page_number
    section.footer_distance = Mm(max(bottom - style.below_text_for(paper) - spec.size * 1.5 * 25.4 / 72, 3))
    if grid:
        # A line grid, and the character pitch as negative letter spacing on the styles of body
        # size: LibreOffice gives a character two cells of a "linesAndChars" grid whenever its
        # glyph is wider than one cell (16 pt on a 15.8 pt pitch), Word squeezes; both honour this.
        sect = section._sectPr
        doc_grid = sect.find(_q("docGrid"))
        if doc_grid is None:
            doc_grid = sect.makeelement(_q("docGrid"), {})
            sect.append(doc_grid)
        doc_grid.set(_q("type"), "lines")
        # every page full (22 lines): no widow and orphan control, which leaves pages a line short
        styles["Normal"].paragraph_format.widow_control = False
        doc_grid.set(_q("linePitch"), str(math.floor(grid_pitch * 20)))  # rounding up loses the 22nd line
        pitch = (width_mm - left - right) * 72 / 25.4 / grid.chars_per_line
        for name in ["Normal", "Verbatim"] + [f"Heading {level}" for level in (1, 2, 3)]:
            pstyle = styles[name]
            size = pstyle.font.size.pt if pstyle.font.size else style.body.size
            twips = math.floor((pitch * size / style.body.size - size) * 20)
            if twips:
                rpr = pstyle.element.get_or_add_rPr()
                rpr.find(_q("sz")).addprevious(rpr.makeelement(_q("spacing"), {_q("val"): str(twips)}))
    if spec.position == "outer":
        document.settings.odd_and_even_pages_header_footer = True
        _footer(section, style, plan, language, True, odd=True)
        _footer(section, style, plan, language, True, odd=False)
    else:
        _footer(section, style, plan, language, False, odd=True)
    names = [plan.family(name) for name in style.typefaces()] + [plan.latin_family(name) for name in style.typefaces()]
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    part._blob = font_table(names).encode("utf-8")
    # the template's theme languages are en-US / ja-JP: Word would pick Japanese glyph forms
    for theme_lang in document.settings.element.iter(_q("themeFontLang")):
        theme_lang.set(_q("eastAsia"), language)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def render_docx(doc: Document, options: ExportOptions | None = None, content: Content | None = None) -> bytes:
    """The DOCX of ``doc`` as bytes."""
    import docx

    options = options or ExportOptions()
    content = content or read_content(doc, options.quotes)
    style = load_style(options.style)
    plan = plan_fonts(style.typefaces(), content.region, font_file=options.font, embed=False)
    document = docx.Document(io.BytesIO(_template(options.style, content.region, content.language, options.font,
                                                  options.paper)))
    body = document.element.body
    sect_pr = body[-1]
    family = {name: plan.family(name) for name in style.typefaces()}
    latin = {name: plan.latin_family(name) for name in style.typefaces()}
    roles: list[str | None] = [None] * len(content.items)
    if style.official:
        roles = official_roles([item.text for item in content.items], 0 if content.has_title else None)
    width_mm, height_mm = style.page_size_mm(options.paper)
    top, bottom, left, right = style.margins_for(options.paper)
    width_pt = (width_mm - left - right) * 72 / 25.4
    grid = style.grid_for(options.paper)
    leading = (height_mm - top - bottom) * 72 / 25.4 / grid.lines_per_page if grid else \
        style.body.size * style.body.line_height
    for n, item in enumerate(content.items):
        if item.kind == TITLE:
            style_id, tstyle = "Title", style.title
        elif item.kind == HEADING and roles[n] is None:
            style_id, tstyle = f"Heading{item.level}", style.heading(item.level)
        elif item.kind == VERBATIM_ITEM:
            style_id, tstyle = "Verbatim", style.verbatim
        else:
            style_id, tstyle = None, style.body
        extra = _official_ppr(roles[n], tstyle, content.items, roles, n, leading) if roles[n] else ""
        text = _broken_title(item.text, tstyle, width_pt, style.official) if item.kind == TITLE else item.text
        if roles[n] in COLOPHON:
            continue
        sect_pr.addprevious(_paragraph(text, style_id, family[tstyle.typeface], latin[tstyle.typeface], extra))
    colophon = [(role, item.text) for role, item in zip(roles, content.items, strict=True) if role in COLOPHON]
    if colophon:
        face = style.body.typeface
        for element in _colophon(colophon, width_pt, left * 72 / 25.4, family[face], latin[face]):
            sect_pr.addprevious(element)

    props = document.core_properties
    props.title = content.title
    props.subject = content.subject
    props.author = content.author or ""
    props.language = content.language
    props.comments = "jingwen (净文)"
    props.last_modified_by = "jingwen"
    props.revision = 1
    props.created = props.modified = _timestamp()
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _word_fonts() -> dict:
    return tomllib.loads((Path(__file__).parent / "word_fonts.toml").read_text(encoding="utf-8"))


def font_table(names: list[str]) -> str:
    """``word/fontTable.xml`` describing the fonts a document names (``word_fonts.toml``): the
    template's own table describes Japanese fonts (ＭＳ 明朝) a Chinese document never uses.

    >>> '<w:font w:name="SimSun"><w:altName w:val="宋体"/>' in font_table(["SimSun"])
    True
    """
    known = _word_fonts()
    entries = []
    for name in dict.fromkeys(names):
        info = known.get(name, {})
        alt = f'<w:altName w:val={quoteattr(info["alt"])}/>' if info.get("alt") else ""
        panose = f'<w:panose1 w:val="{info["panose"]}"/>' if info.get("panose") else ""
        entries.append(f'<w:font w:name={quoteattr(name)}>{alt}{panose}<w:charset w:val="{info.get("charset", "86")}"/>'
                       f'<w:family w:val="{info.get("family", "auto")}"/>'
                       f'<w:pitch w:val="{info.get("pitch", "variable")}"/>'
                       "</w:font>")
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts xmlns:w=\"{W}\">"
            + "".join(entries) + "</w:fonts>")


def _chars(text: str) -> float:
    """Width in characters: a Chinese character is one, Latin letters and digits half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _broken_title(text: str, tstyle: TextStyle, width: float, official: bool = False) -> str:
    """A title too long for one line, with line breaks between words and its lines balanced (the
    word processor would otherwise break inside a word: 安全生 / 产); ``official``: in the 梯形 or
    菱形 shape of a 公文 title (``paragraph.shaped_title``).

    >>> from jingwen.exporters.style import load_style
    >>> _broken_title("关于进一步加强全市安全生产大检查工作的通知", load_style("gb9704").title, 440).splitlines()
    ['关于进一步加强全市安全', '生产大检查工作的通知']
    >>> _broken_title("关于进一步加强全市安全生产大检查工作的通知", load_style("gb9704").title, 440, True).splitlines()
    ['关于进一步加强全市', '安全生产大检查工作的通知']
    """
    if "\n" in text or (_chars(text) + 1) * tstyle.size <= width:
        return text
    words = whole_words(units(text))
    per_line = int(width / tstyle.size) - 1  # a character to spare: word processors fill less tightly
    count = math.ceil(_chars(text) / per_line)
    if official:
        n = len(words)
        widths = [_chars(word) for word in words]
        measured = Measured(words, widths, [0.0] * n, [0.0] * n, [0] * n, [False] * n, [False] * n, [0.0] * n,
                            [w.isspace() for w in words], 0.0, 1.0, [0.0] * n)
        ranges = shaped_title(measured, per_line, count)
        if ranges:
            return "\n".join("".join(words[j:e]).strip() for j, e in ranges)
    target = _chars(text) / count
    lines, current = [], ""
    for word in words:
        nearer = abs(_chars(current) - target) < abs(_chars(current + word) - target)
        if current and (_chars(current + word) > per_line or (len(lines) < count - 1 and nearer)):
            lines.append(current)
            current = ""
        current += word
    lines.append(current)
    return "\n".join(line.strip() for line in lines)


def _official_ppr(role: str, tstyle: TextStyle, items, roles, n: int, leading: float) -> str:
    """Paragraph properties of a part of an official document (see ``gongwen``; GB/T 9704 7.2–7.3)."""
    flush = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    if role == "doc-number":  # a code: no automatic space between its Han characters and digits (12号)
        return f'<w:keepNext/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{flush}<w:jc w:val="center"/>'
    if role == "addressee":
        return f'{flush}<w:jc w:val="left"/>'
    if role == "attachment":
        return f'<w:spacing w:before="{round(leading * 20)}"/><w:jc w:val="left"/>'
    if role == "attachment-item":
        chars = round((tstyle.indent + 3) * 100)
        return f'<w:ind w:firstLineChars="{chars}" w:firstLine="{round((tstyle.indent + 3) * tstyle.size * 20)}"/>' \
               '<w:jc w:val="left"/>'
    if role == "date":
        return f'<w:ind w:rightChars="400" w:right="{round(4 * tstyle.size * 20)}" w:firstLineChars="0" ' \
               'w:firstLine="0"/><w:jc w:val="right"/>'
    if role == "signature":
        date = items[n + 1].text if n + 1 < len(roles) and roles[n + 1] == "date" else items[n].text
        right = max(0.0, 4 + (_chars(date) - _chars(items[n].text)) / 2)
        return (f'<w:keepNext/><w:spacing w:before="{round(2 * leading * 20)}"/>'
                f'<w:ind w:rightChars="{round(right * 100)}" w:right="{round(right * tstyle.size * 20)}" '
                'w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>')
    return ""


COLOPHON_SIZE = 14.0  # 版记 in 4号
THICK, THIN = 8, 6  # rule weights in eighths of a point: 0.35 mm and 0.25 mm (GB/T 9704 7.4.1)


def _colophon(parts: list[tuple[str, str]], width: float, left: float, family: str, latin: str) -> list:
    """版记 (GB/T 9704 7.4; see ``pdf.Colophon``) as a one-column table floating at the foot of the
    text area of the last page, ``left`` points from the page's left edge, as wide as the text:
    its position is given from the page's edge, because LibreOffice sets a floating table as wide
    as the text area (counted from the margin) inline, as ordinary text after the body. A thick
    rule above its first row and below its last, thin ones between rows; 抄送
    one character in on both sides, its further lines under the first name; 印发日期 at a right tab
    one character from the edge. An empty paragraph follows (a document may not end with a table)."""
    from docx.oxml import parse_xml

    em, twips = round(COLOPHON_SIZE * 20), round(width * 20)
    rows = []
    for n, (role, text) in enumerate(parts):
        top = f'<w:top w:val="single" w:sz="{THICK}" w:space="0" w:color="000000"/>' if n == 0 else ""
        weight = THICK if n == len(parts) - 1 else THIN
        borders = f'<w:tcBorders>{top}<w:bottom w:val="single" w:sz="{weight}" w:space="0" w:color="000000"/>' \
                  '</w:tcBorders>'
        if role == "cc":
            label = len(text.split("：", 1)[0].split(":", 1)[0]) + 1  # 抄送：
            ppr = (f'<w:ind w:leftChars="{(1 + label) * 100}" w:left="{(1 + label) * em}" w:rightChars="100" '
                   f'w:right="{em}" w:hangingChars="{label * 100}" w:hanging="{label * em}"/><w:jc w:val="left"/>')
        else:
            org, date = issued_parts(text)
            text = f"{org}\t{date}"
            ppr = (f'<w:tabs><w:tab w:val="right" w:pos="{twips - em}"/></w:tabs><w:ind w:leftChars="100" '
                   f'w:left="{em}" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>')
        paragraph = _paragraph(text, None, family, latin, ppr, COLOPHON_SIZE)
        rows.append(f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/>{borders}</w:tcPr>'
                    f'{paragraph_xml(paragraph)}</w:tc></w:tr>')
    table = parse_xml(
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="margin" '
        f'w:horzAnchor="page" w:tblpX="{round(left * 20)}" w:tblpYSpec="bottom"/><w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{twips}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{twips}"/></w:tblGrid>{"".join(rows)}</w:tbl>')
    return [table, _paragraph("", None, family, latin, '<w:ind w:firstLineChars="0" w:firstLine="0"/>')]


def paragraph_xml(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode").replace(f' xmlns:w="{W}"', "")


def _paragraph(text: str, style_id: str | None, family: str, latin: str | None = None, extra: str = "",
               size: float | None = None):
    """A ``w:p`` with one run: the East Asian font named on the run too, line breaks as ``w:br``,
    tabs as ``w:tab``; ``extra``: further paragraph properties (in schema order after
    ``w:pStyle``); ``size``: the run's size in points, when not the style's."""
    from docx.oxml import parse_xml

    fonts = escape(family, {'"': "&quot;"})
    latin_fonts = escape(latin or family, {'"': "&quot;"})
    style_ref = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    ppr = f"<w:pPr>{style_ref}{extra}</w:pPr>" if style_ref or extra else ""
    parts = []
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("<w:br/>")
        parts.append("<w:tab/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in line.split("\t")))
    sz = f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    return parse_xml(f'<w:p xmlns:w="{W}">{ppr}<w:r><w:rPr><w:rFonts w:ascii="{latin_fonts}" '
                     f'w:hAnsi="{latin_fonts}" w:eastAsia="{fonts}" w:cs="{latin_fonts}" w:hint="eastAsia"/>{sz}'
                     f'</w:rPr>{"".join(parts)}</w:r></w:p>')


def _drop_extras(document) -> None:
    """Drop what python-docx's template carries and a new document should not: the thumbnail of
    a blank page (file managers would show it) and Word 2010's duplicate styles part."""
    for rels, kinds in ((document.part.package.rels, ("thumbnail",)),
                        (document.part.rels, ("stylesWithEffects", "customXml"))):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in kinds:
                rels.pop(rid)


def _timestamp() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
