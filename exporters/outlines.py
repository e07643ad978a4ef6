"""OpenType/CFF fonts made embeddable: reportlab embeds TrueType (``glyf``) outlines only, so a
CFF face (Noto Serif/Sans CJK, Source Han, many ``.otf`` files) is drawn from TrueType fonts
built with fontTools — cubic curves approximated by quadratic ones (``cu2qu``, within 1 unit of
the em, as in fontTools' otf2ttf recipe) — one per *chunk* of the face's characters, each built
once and kept in a cache folder.

Converting a whole Chinese face (65,535 glyphs) takes minutes; a document needs a few thousand.
The ``common`` chunk holds the characters nearly every text uses: Latin, punctuation and symbols,
and the 3,755 level-1 characters of GB 2312 (a Simplified face) or the 5,401 common characters of
Big5 (a Traditional one); every other character lives in the chunk of its 256 code points
(``4e``, ``9f``…), built when a document first needs it. The cache key is the font file's path,
size and modification time, the face and the chunk.

>>> chunk_of(ord("中"), "CN"), chunk_of(ord("A"), "TW"), chunk_of(ord("龘"), "CN")
('common', 'common', '9f')
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from jingwen.exporters.fonts import Face, FontError, coverage

MAX_ERROR = 1.0  # font units: the furthest a converted curve may stray from the original
CHUNK_BITS = 8  # rare characters are built in chunks of 256 code points
SCHEME = "3"  # bump when the chunks change: old cache files are then never read
# Code points in the common chunk besides the frequent Han characters (Latin, punctuation, symbols).
COMMON_RANGES = ((0x0020, 0x024F), (0x2000, 0x206F), (0x2150, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF),
                 (0x2500, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF))


def cache_folder() -> Path:
    """Where converted fonts are kept (``$JINGWEN_FONT_CACHE``, else the user's cache folder)."""
    if os.environ.get("JINGWEN_FONT_CACHE"):
        return Path(os.environ["JINGWEN_FONT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if os.name == "nt" else None) or Path.home() / ".cache"
    return Path(base) / "jingwen" / "fonts"


def _two_byte(encoding: str, rows: range, cells: list[int]) -> set[str]:
    out = set()
    for row in rows:
        for cell in cells:
            try:
                out.add(bytes((row, cell)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return out


@lru_cache(maxsize=2)
def common_han(script: str) -> frozenset[int]:
    """The frequent Han characters: GB 2312 level 1 (``CN``) or Big5 level 1 (``TW``), read from
    Python's own codecs.

    >>> len(common_han("CN")), len(common_han("TW"))
    (3755, 5401)
    """
    if script == "CN":
        chars = _two_byte("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    else:
        chars = _two_byte("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return frozenset(ord(c) for c in chars if "\u4e00" <= c <= "\u9fff")


def script_of(face: Face) -> str:
    """``CN`` for a Simplified face, ``TW`` for a Traditional one (by its family name).

    >>> script_of(Face("x.ttc", 3, "Noto Serif CJK TC")), script_of(Face("x.ttc", 2, "Noto Serif CJK SC"))
    ('TW', 'CN')
    """
    tail = face.family.upper().rsplit(" ", 1)[-1]
    return "TW" if tail in ("TC", "TW", "HK", "HC", "MO") else "CN"


def chunk_of(code: int, script: str) -> str:
    """The chunk that holds a code point (see the module docstring)."""
    if code in common_han(script) or any(lo <= code <= hi for lo, hi in COMMON_RANGES):
        return "common"
    return f"{code >> CHUNK_BITS:02x}"


def _chunk_codes(face: Face, chunk: str) -> list[int]:
    script = script_of(face)
    if chunk == "common":
        return sorted(c for c in coverage(face) if chunk_of(c, script) == "common")
    block = int(chunk, 16)
    return sorted(c for c in coverage(face) if c >> CHUNK_BITS == block and chunk_of(c, script) != "common")


def embeddable(face: Face, code: int | None = None) -> tuple[str, int]:
    """The TrueType file and face index that draw code point ``code`` of ``face``: the font itself
    when it has TrueType outlines, else the cached TrueType build of the chunk holding ``code``."""
    if face.truetype:
        return face.path, face.index
    chunk = "common" if code is None else chunk_of(code, script_of(face))
    source = Path(face.path)
    stat = source.stat()
    key = hashlib.sha1(f"{SCHEME}|{source.resolve()}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{chunk}".encode())
    target = cache_folder() / f"{source.stem}-{face.index}-{chunk}-{key.hexdigest()[:12]}.ttf"
    if not target.exists():
        _build(face, _chunk_codes(face, chunk), target, "" if chunk == "common" else chunk)
    return str(target), 0


def chunk_key(face: Face, code: int) -> str:
    """A name that tells the reportlab fonts of one face apart: ``JW-NotoSerifCJKRegular-2-common``."""
    return face.key if face.truetype else f"{face.key}-{chunk_of(code, script_of(face))}"


def _build(face: Face, codes: list[int], target: Path, suffix: str = "") -> None:
    """Write a TrueType font with the glyphs of ``codes`` converted from ``face``'s CFF outlines;
    ``suffix`` is added to its PostScript name (a PDF tells its fonts apart by that name)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    try:
        source = TTFont(face.path, fontNumber=face.index, lazy=True)
        if "CFF " not in source:
            raise FontError(f"{face.path}: neither TrueType nor CFF outlines (CFF2 variable fonts are not supported)")
        cmap = source.getBestCmap()
        mapping = {code: cmap[code] for code in codes if code in cmap}
        names = [".notdef", *sorted(set(mapping.values()) - {".notdef"})]
        glyph_set, metrics = source.getGlyphSet(), source["hmtx"]
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
            glyphs[name] = pen.glyph()
        builder = FontBuilder(source["head"].unitsPerEm, isTTF=True)
        builder.setupGlyphOrder(names)
        builder.setupCharacterMap(mapping)
        builder.setupGlyf(glyphs)
        # the left side bearing is the outline's xMin in TrueType
        builder.setupHorizontalMetrics({n: (metrics[n][0], getattr(glyphs[n], "xMin", 0)) for n in names})
        hhea = source["hhea"]
        builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
        builder.font["name"] = names_table = source["name"]
        for record in names_table.names if suffix else ():
            if record.nameID == 6:
                record.string = f"{record.toUnicode()}-{suffix}"
        builder.font["OS/2"] = source["OS/2"]
        builder.setupPost()
    except FontError:
        raise
    except Exception as e:  # noqa: BLE001 - fontTools raises many kinds of error on a damaged file
        raise FontError(f"{face.path}: not a usable font file ({e})") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        builder.save(tmp)
        os.replace(tmp, target)  # atomic: another process never reads half a font
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
