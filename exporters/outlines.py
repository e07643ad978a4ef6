"""OpenType/CFF fonts made embeddable: reportlab embeds TrueType (``glyf``) outlines only, so a
CFF face (Noto CJK, Source Han, many ``.otf`` files) is converted once with fontTools — its cubic
curves approximated by quadratic ones (``cu2qu``, within 1 unit of the em) — and the TrueType
file kept in a cache folder, keyed by the source file's path, face, size and time.

``embeddable(face)`` is the ``(path, face index)`` to hand to reportlab: the font itself when it
has TrueType outlines, else the cached conversion.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from jingwen.exporters.fonts import Face, FontError

MAX_ERROR = 1.0  # font units: the furthest a converted curve may stray from the original


def cache_folder() -> Path:
    """Where converted fonts are kept (``$JINGWEN_FONT_CACHE``, else the user's cache folder)."""
    if os.environ.get("JINGWEN_FONT_CACHE"):
        return Path(os.environ["JINGWEN_FONT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if os.name == "nt" else None) or Path.home() / ".cache"
    return Path(base) / "jingwen" / "fonts"


def embeddable(face: Face) -> tuple[str, int]:
    """The TrueType file and face index that draw ``face`` (see the module docstring)."""
    if face.truetype:
        return face.path, face.index
    source = Path(face.path)
    stat = source.stat()
    key = hashlib.sha1(f"{source.resolve()}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache_folder() / f"{source.stem}-{face.index}-{key[:12]}.ttf"
    if not target.exists():
        _convert(face, target)
    return str(target), 0


def _convert(face: Face, target: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    try:
        font = TTFont(face.path, fontNumber=face.index)
    except Exception as e:  # noqa: BLE001 - fontTools raises many kinds of error on a damaged file
        raise FontError(f"{face.path}: not a usable font file ({e})") from None
    if "CFF " not in font:
        raise FontError(f"{face.path}: neither TrueType nor CFF outlines (CFF2 variable fonts are not supported)")
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for tag in ("VORG",):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyphs.items():  # the left side bearing is the outline's xMin in TrueType
        if hasattr(glyph, "xMin"):
            metrics[name] = (metrics[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)  # atomic: another process never reads half a font
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
