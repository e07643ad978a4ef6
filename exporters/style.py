"""Style presets as data: ``styles/<name>.toml`` (default, gb9704, compact) or a TOML file of yours.

A style may ``extends = "default"`` and give only what differs. Font sizes are points or Chinese
size names (``三号`` = 16 pt); margins and distances are millimetres; ``space_before`` and
``space_after`` are in body lines.

>>> style = load_style("gb9704")
>>> style.body.size, style.title.size, style.grid
(16.0, 22.0, Grid(chars_per_line=28, lines_per_page=22))
>>> chinese_size("小四")
12.0
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tomllib
from jingwen.cleaner.model.errors import ExportError

STYLE_DIR = Path(__file__).parent / "styles"
MM = 72 / 25.4
# 字号 in points (the sizes of Chinese typesetting)
SIZE_NAMES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
              "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5}
PAPERS_MM = {"A4": (210, 297), "A5": (148, 210), "B5": (176, 250), "letter": (215.9, 279.4)}
ALIGNS = ("left", "center", "right", "justify")


def chinese_size(value: str | float) -> float:
    """A font size in points from a number or a size name such as ``三号`` or ``3号``."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("3", "三").replace("2", "二").replace("4", "四").replace("5", "五")
    text = text.replace("1", "一").replace("6", "六").replace("7", "七").replace("8", "八")
    if text in SIZE_NAMES:
        return float(SIZE_NAMES[text])
    try:
        return float(str(value).removesuffix("pt"))
    except ValueError:
        raise ExportError(f"unknown font size {value!r} (use points or a name like 三号, 小四)") from None


@dataclass(frozen=True)
class TextStyle:
    """How one kind of block looks."""

    typeface: str
    size: float  # points
    line_height: float  # multiple of size
    indent: float = 0  # first-line indent in characters
    align: str = "justify"
    space_before: float = 0  # body lines
    space_after: float = 0
    bold: bool = False
    latin_space: bool = True  # a quarter em between Han and Latin text (not inside a code: 〔2024〕12号)


@dataclass(frozen=True)
class Grid:
    """A fixed character and line grid (official documents: 28 × 22)."""

    chars_per_line: int
    lines_per_page: int


@dataclass(frozen=True)
class PageNumber:
    format: str = "{n}"
    position: str = "center"
    typeface: str = "song"
    size: float = 9
    below_text: float = 10  # mm
    inset: float = 0  # characters


@dataclass(frozen=True)
class Style:
    name: str
    description: str
    paper: str
    margins: tuple[float, float, float, float]  # top, bottom, left, right in mm
    page_number: PageNumber
    body: TextStyle
    title: TextStyle
    headings: tuple[TextStyle, TextStyle, TextStyle]
    verbatim: TextStyle
    grid: Grid | None
    toc_title: dict[str, str]
    hanging: bool = False  # 。，、 at a line end hang in the right margin (clreq hanging punctuation)
    official: bool = False  # recognise and lay out the parts of an official document (exporters.gongwen)
    punctuation: str | None = None  # compression: kaiming (开明式), quanjiao (全角式), none; None: by region

    def heading(self, level: int) -> TextStyle:
        return self.headings[min(max(level, 1), 3) - 1]

    def typefaces(self) -> list[str]:
        """Every typeface the style uses (the fonts export must find)."""
        used = [self.body.typeface, self.title.typeface, self.page_number.typeface, self.verbatim.typeface]
        used += [h.typeface for h in self.headings]
        return list(dict.fromkeys(used))

    def page_size_mm(self, paper: str | None = None) -> tuple[float, float]:
        paper = paper or self.paper
        if paper not in PAPERS_MM:
            raise ExportError(f"unknown paper {paper!r} (use {', '.join(PAPERS_MM)})")
        return PAPERS_MM[paper]

    def margins_for(self, paper: str | None = None) -> tuple[float, float, float, float]:
        """Margins in mm for ``paper``: the style's own on its paper, scaled by width on another."""
        if not paper or paper == self.paper:
            return self.margins
        scale = self.page_size_mm(paper)[0] / self.page_size_mm()[0]
        return tuple(round(m * scale, 2) for m in self.margins)  # type: ignore[return-value]

    def below_text_for(self, paper: str | None = None) -> float:
        """The page number's distance below the text (mm), scaled with the margins on another paper,
        so that an A5 folio is not pressed against the trim edge.

        >>> style = load_style("default")
        >>> style.below_text_for("A4"), style.below_text_for("A5")
        (10.0, 7.05)
        """
        if not paper or paper == self.paper:
            return self.page_number.below_text
        scale = self.page_size_mm(paper)[0] / self.page_size_mm()[0]
        return round(self.page_number.below_text * scale, 2)

    def grid_for(self, paper: str | None = None) -> Grid | None:
        """The grid holds on the style's own paper only."""
        return self.grid if not paper or paper == self.paper else None


def style_names() -> list[str]:
    return sorted(p.stem for p in STYLE_DIR.glob("*.toml") if p.stem != "typefaces")


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _raw(name: str, seen: tuple[str, ...] = ()) -> dict:
    path = Path(name)
    if path.suffix != ".toml":
        if name not in style_names():
            raise ExportError(f"unknown style {name!r} (built in: {', '.join(style_names())}; or a .toml file)")
        path = STYLE_DIR / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ExportError(f"style {name}: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ExportError(f"style {name}: {e}") from None
    parent = data.pop("extends", None)
    if parent:
        if parent in seen:
            raise ExportError(f"style {name}: circular 'extends'")
        data = _merge(_raw(parent, seen + (name,)), data)
    return data


def _text(data: dict, where: str) -> TextStyle:
    try:
        style = TextStyle(typeface=str(data["typeface"]), size=chinese_size(data["size"]),
                          line_height=float(data.get("line_height", 1.5)), indent=float(data.get("indent", 0)),
                          align=str(data.get("align", "justify")), space_before=float(data.get("space_before", 0)),
                          space_after=float(data.get("space_after", 0)), bold=bool(data.get("bold", False)))
    except KeyError as e:
        raise ExportError(f"style: [{where}] needs {e.args[0]}") from None
    if style.align not in ALIGNS:
        raise ExportError(f"style: [{where}] align must be one of {', '.join(ALIGNS)}")
    return style


@lru_cache(maxsize=32)
def load_style(name: str = "default") -> Style:
    """A style by name (``default``, ``gb9704``, ``compact``) or from a ``.toml`` path."""
    data = _raw(name)
    page, number = data.get("page", {}), data.get("page_number", {})
    body = _text(data.get("body", {}), "body")
    headings = data.get("heading", {})
    grid = data.get("grid")
    style = Style(
        name=str(data.get("name", Path(name).stem)), description=str(data.get("description", "")),
        paper=str(page.get("paper", "A4")),
        margins=tuple(float(page.get(f"margin_{side}", 25)) for side in ("top", "bottom", "left", "right")),
        page_number=PageNumber(format=str(number.get("format", "{n}")), position=str(number.get("position", "center")),
                               typeface=str(number.get("typeface", body.typeface)),
                               size=chinese_size(number.get("size", 9)),
                               below_text=float(number.get("below_text", 10)), inset=float(number.get("inset", 0))),
        body=body,
        title=_text(_merge(data.get("body", {}), data.get("title", {})), "title"),
        headings=tuple(_text(_merge(data.get("body", {}), headings.get(str(level), {})), f"heading.{level}")
                       for level in (1, 2, 3)),  # type: ignore[arg-type]
        verbatim=_text(_merge(data.get("body", {}), data.get("verbatim", {})), "verbatim"),
        grid=Grid(int(grid["chars_per_line"]), int(grid["lines_per_page"])) if grid else None,
        toc_title=dict(data.get("toc", {}).get("title", {"CN": "目录", "TW": "目錄", "HK": "目錄"})),
        punctuation=data.get("composition", {}).get("punctuation"),
        official=bool(data.get("official", False)),
        hanging=bool(data.get("composition", {}).get("hanging", False)),
    )
    if style.punctuation not in (None, "kaiming", "quanjiao", "none"):
        raise ExportError(f"style {name}: [composition] punctuation must be kaiming, quanjiao or none")
    style.page_size_mm()  # an unknown paper is an error here, not halfway through a batch
    from jingwen.exporters.fonts import typeface_chain

    for typeface in style.typefaces():
        typeface_chain(typeface)
    return style
