"""Chinese fonts for export: find them, pick the right one per typeface and region, check coverage.

A style names typefaces (``song``, ``hei``, ``kai``, ``fangsong``, ``xiaobiaosong``); the families
behind each one, per region, are data in ``styles/typefaces.toml``. Fonts are found through
fontconfig (``fc-list``) where it exists, else by reading the usual font folders of Linux, macOS
and Windows. Font files are read with fontTools. reportlab embeds TrueType outlines (a ``glyf`` table) only:
installed faces are used when they have them; a CFF font given with ``--font`` (Noto CJK, Source
Han, an ``.otf``) is drawn from TrueType builds of its characters, made on first use and cached
(``exporters.outlines``).

Every role gets a chain of faces: the typeface's own, then its fallback typeface's, then any
other Chinese face found, then symbol faces; each character is drawn with the first face of
its chain that has a glyph for it.

>>> region_of("zh-Hant", "hant"), region_of("zh-HK", "hant"), region_of("zh-CN", "hans")
('TW', 'HK', 'CN')
"""
from __future__ import annotations

import mmap
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomllib
from fontTools.ttLib import TTCollection, TTFont
from jingwen.cleaner.model.chinese import is_cjk
from jingwen.cleaner.model.errors import ExportError

DEBIAN_PACKAGES = "fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
REGIONS = ("CN", "TW", "HK")
# Characters a face must have to count as a Chinese face at all.
CJK_PROBE = "中文。，"


class FontError(ExportError):
    """No usable font, or a font file that cannot be used (the message says what to do)."""


@dataclass(frozen=True)
class Face:
    """One face of a font file (a ``.ttc`` holds several, by ``index``)."""

    path: str
    index: int
    family: str  # the English (or first) family name, e.g. "AR PL UMing CN"
    names: tuple[str, ...] = ()  # every family name the file gives, localized ones included
    truetype: bool = True  # has TrueType (glyf) outlines: embeddable by reportlab
    style: str = "Regular"  # the subfamily: Regular, Bold, Italic, Light...
    fixed_pitch: bool = False  # every glyph one width (a monospaced face: never used for Latin text)

    @property
    def rank(self) -> int:
        """0 for a plain face, 1 for a light or condensed one, 2 for bold or italic: the order
        in which faces of one family are tried for running text."""
        folded = self.style.casefold()
        if any(w in folded for w in ("bold", "italic", "oblique", "black", "heavy")):
            return 2
        return 1 if any(w in folded for w in ("light", "thin", "condensed")) else 0

    @property
    def key(self) -> str:
        """A name to register the face under (PostScript-safe)."""
        stem = "".join(ch for ch in Path(self.path).stem if ch.isalnum())
        return f"JW-{stem}-{self.index}"

    def has(self, names: Iterable[str]) -> bool:
        wanted = {n.casefold() for n in names}
        return any(n.casefold() in wanted for n in self.names)


# --------------------------------------------------------------------------- reading font files (fontTools)

def _open_faces(path: str) -> list[TTFont]:
    """Every face of a font file, opened lazily (tables are read when first used)."""
    with open(path, "rb") as f:
        tag = f.read(4)
    if tag == b"ttcf":
        return list(TTCollection(path, lazy=True).fonts)
    if tag in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        return [TTFont(path, lazy=True)]
    raise ValueError("not a TrueType or OpenType font file")


def _names(font: TTFont, ids: tuple[int, ...]) -> list[str]:
    """The ``name`` records with these ids: English ones first, then the localized ones."""
    if "name" not in font:
        return []
    english: list[str] = []
    other: list[str] = []
    for record in font["name"].names:
        if record.nameID not in ids:
            continue
        try:
            name = record.toUnicode().strip()
        except (UnicodeDecodeError, LookupError):
            continue
        if not name:
            continue
        platform, language = record.platformID, record.langID
        is_english = (platform == 3 and language == 0x409) or (platform == 1 and language == 0)
        target = english if is_english else other
        if name not in target:
            target.append(name)
    return english + [n for n in other if n not in english]


def read_faces(path: str | os.PathLike) -> list[Face]:
    """The faces in a font file (raises ``FontError`` when it is not a font).

    >>> [f.family for f in read_faces("/usr/share/fonts/truetype/arphic/uming.ttc")][:2]
    ['AR PL UMing CN', 'AR PL UMing HK']
    """
    path = str(path)
    try:
        faces = []
        for index, font in enumerate(_open_faces(path)):
            names = _names(font, (1, 16))
            family = names[0] if names else Path(path).stem
            styles = _names(font, (2,))
            fixed = "post" in font and bool(font["post"].isFixedPitch)
            faces.append(Face(path, index, family, tuple(names) or (family,), "glyf" in font,
                              styles[0] if styles else "Regular", fixed))
        return faces
    except OSError as e:
        raise FontError(f"{path}: {e.strerror or e}") from None
    except Exception as e:  # noqa: BLE001 - fontTools raises many kinds of error on a damaged file
        raise FontError(f"{path}: not a usable font file ({e})") from None


@lru_cache(maxsize=16)
def _opened(path: str, index: int) -> TTFont:
    """One face opened once per process, its tables read lazily and kept. The file is mapped, not
    held open: a batch's worker processes forked from this one would share an open file's offset
    and read each other's tables."""
    with open(path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[:4] == b"ttcf":
        return TTCollection(mapped, lazy=True).fonts[index]
    return TTFont(mapped, lazy=True)


@lru_cache(maxsize=64)
def coverage(face: Face) -> frozenset[int]:
    """Code points the face has a glyph for (its best Unicode ``cmap``).

    >>> face = find_face(["AR PL UMing CN"])
    >>> ord("中") in coverage(face), ord("\U0001F600") in coverage(face)
    (True, False)
    """
    font = _opened(face.path, face.index)
    if "cmap" not in font:
        return frozenset()
    cmap = font["cmap"].getBestCmap() or {}
    return frozenset(code for code, glyph in cmap.items() if glyph != ".notdef")


@lru_cache(maxsize=64)
def proportional_latin(face: Face) -> bool:
    """The face's own Latin letters have widths of their own (``i`` narrower than ``m``): it may set
    Latin text itself. UMing's Latin is monospaced (``l`` and ``1`` alike), Noto Serif CJK's is not.

    >>> proportional_latin(find_face(["AR PL UMing CN"]))
    False
    """
    font = _opened(face.path, face.index)
    cmap = (font["cmap"].getBestCmap() or {}) if "cmap" in font else {}
    if ord("i") not in cmap or ord("m") not in cmap:
        return False
    metrics = font["hmtx"]
    return metrics[cmap[ord("i")]][0] < 0.8 * metrics[cmap[ord("m")]][0]


@lru_cache(maxsize=64)
def ink_extents(face: Face, chars: str) -> dict[str, tuple[float, float, float]]:
    """``char → (advance, ink left, ink right)`` in em for the TrueType glyphs of ``chars``: where
    a punctuation mark's ink sits in its box (which half is blank), for compression.

    >>> uming = find_face(["AR PL UMing CN"])
    >>> advance, left, right = ink_extents(uming, "，")["，"]
    >>> advance, left < 0.5, right < 0.5
    (1.0, True, True)
    """
    from fontTools.pens.boundsPen import BoundsPen

    font = _opened(face.path, face.index)
    cmap = font["cmap"].getBestCmap() or {}
    upem = font["head"].unitsPerEm
    glyphs, metrics = font.getGlyphSet(), font["hmtx"]
    out = {}
    for ch in chars:
        name = cmap.get(ord(ch))
        if name is None:
            continue
        advance = metrics[name][0]
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds is None:
            out[ch] = (advance / upem, 0.0, advance / upem)
        else:
            out[ch] = (advance / upem, pen.bounds[0] / upem, pen.bounds[2] / upem)
    return out


# --------------------------------------------------------------------------- discovery

def font_folders() -> list[Path]:
    """The usual font folders of this platform (those that exist)."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        folders = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                   Path("/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        data_home = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data_home / "fonts", home / ".fonts"]
    return [f for f in folders if f.is_dir()]


def _fc_list() -> list[tuple[str, int]] | None:
    exe = shutil.which("fc-list")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--format", "%{file}\t%{index}\t%{fontformat}\n"], capture_output=True,
                             text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0].lower().endswith(FONT_SUFFIXES):
            try:
                found.append((parts[0], int(parts[1] or 0)))
            except ValueError:
                continue
    return found


@lru_cache(maxsize=1)
def installed_faces() -> tuple[Face, ...]:
    """Every face on this machine with TrueType or CFF outlines (fontconfig's list, else the font
    folders); a CFF face is embedded through ``exporters.outlines``."""
    listed = _fc_list()
    if listed is not None:
        files = sorted({path for path, _ in listed})
    else:
        files = sorted(str(p) for folder in font_folders() for p in folder.rglob("*")
                       if p.suffix.lower() in FONT_SUFFIXES)
    faces = []
    for path in files:
        try:
            faces.extend(read_faces(path))
        except FontError:
            continue
    faces.sort(key=lambda face: face.rank)  # stable: plain faces first, files in name order
    return tuple(faces)


# --------------------------------------------------------------------------- typefaces and regions

@lru_cache(maxsize=1)
def typefaces() -> dict:
    """The typeface table (``styles/typefaces.toml``)."""
    return tomllib.loads((Path(__file__).parent / "styles" / "typefaces.toml").read_text(encoding="utf-8"))


def region_of(language: str | None, script: str | None = None) -> str:
    """CN, TW or HK: which regional glyph forms and font families a document wants."""
    tag = (language or "").lower().replace("_", "-")
    if tag.endswith(("-hk", "-mo")) or "-hk-" in tag:
        return "HK"
    if tag.endswith("-tw") or "-tw-" in tag or "hant" in tag or script == "hant":
        return "TW"
    return "CN"


def language_of(language: str | None, script: str | None = None) -> str:
    """The BCP 47 tag exporters write: zh-CN, zh-TW or zh-HK (``zh-Hant`` → zh-TW).

    >>> language_of("zh-Hant"), language_of("zh"), language_of(None, "hant")
    ('zh-TW', 'zh-CN', 'zh-TW')
    """
    return "zh-" + region_of(language, script)


def _typeface(name: str) -> dict:
    table = typefaces()
    if name not in table:
        raise ExportError(f"unknown typeface {name!r} (known: {', '.join(sorted(table))})")
    return table[name]


def typeface_chain(name: str) -> list[str]:
    """``fangsong`` → ``['fangsong', 'song']``: a typeface and its fallbacks."""
    chain = []
    while name and name not in chain:
        chain.append(name)
        name = _typeface(name).get("fallback")
    return chain


# Faces that cannot be set vertically: WenQuanYi's vertical metrics are broken (its glyphs pile
# onto each other); UMing has no vertical forms of ，：；！？ (no ``vert`` substitution), so they are
# set upright in the bottom-left corner of their cell, a speck against the next column.
NO_VERTICAL = frozenset({"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "AR PL UMing TW",
                         "AR PL UMing HK"})


def css_stack(name: str, region: str, vertical: bool = False) -> str:
    """The CSS ``font-family`` value for a typeface; ``vertical`` leaves out the faces that cannot
    be set vertically and falls back to ``serif`` (whose faces can) rather than ``sans-serif``.

    >>> css_stack("hei", "CN").split(", ")[:2]
    ['"PingFang SC"', '"Heiti SC"']
    >>> "WenQuanYi" in css_stack("hei", "TW", vertical=True), css_stack("hei", "TW", vertical=True).split(", ")[-1]
    (False, 'serif')
    """
    families: list[str] = []
    chain = typeface_chain(name) + (["song"] if vertical and "song" not in typeface_chain(name) else [])
    for typeface in chain:
        for fam in _typeface(typeface)["css"][region]:
            if fam not in families and not (vertical and (fam in NO_VERTICAL or fam == "sans-serif")):
                families.append(fam)
    generic = [f for f in families if f in ("serif", "sans-serif")]
    named = [f for f in families if f not in ("serif", "sans-serif")]
    return ", ".join([f'"{f}"' for f in named] + generic[:1])


def find_face(families: Iterable[str], faces: Iterable[Face] | None = None) -> Face | None:
    """The first installed face with one of ``families`` (in the order given)."""
    pool = installed_faces() if faces is None else tuple(faces)
    for family in families:
        folded = family.casefold()
        for face in pool:
            if face.family.casefold() == folded:
                return face
        for face in pool:
            if any(n.casefold() == folded for n in face.names):
                return face
    return None


def user_faces(font_file: str, region: str) -> list[Face]:
    """The faces of a ``--font FILE``, the one for ``region`` first (raises ``FontError``).

    A ``.ttc`` holding regional subfonts (UMing CN/TW/HK) gives the one whose name ends with
    the region (or SC/TC); the file's other faces follow for characters the first lacks.
    """
    path = Path(font_file)
    if not path.is_file():
        raise FontError(f"--font {font_file}: no such font file")
    faces = read_faces(path)  # TrueType or CFF: a CFF face is converted for embedding (exporters.outlines)
    if not any(coverage(f) for f in faces):
        raise FontError(f"--font {font_file}: the font has no character map")
    tags = {"CN": ("CN", "SC", "GB"), "TW": ("TW", "TC"), "HK": ("HK", "HC")}[region]
    faces.sort(key=lambda f: 0 if any(f.family.upper().endswith(" " + t) for t in tags) else 1)
    return faces


# --------------------------------------------------------------------------- the plan for one document

@dataclass
class FontPlan:
    """The faces chosen for one document: a chain per typeface, and what they cannot show."""

    region: str
    chains: dict[str, tuple[Face, ...]] = field(default_factory=dict)
    latin: dict[str, tuple[Face, ...]] = field(default_factory=dict)  # the proportional Latin faces paired
    missing: frozenset[str] = frozenset()  # characters no face has
    user: bool = False  # the chains start with a --font FILE's faces

    def face_for(self, typeface: str) -> Face | None:
        chain = self.chains.get(typeface) or ()
        return chain[0] if chain else None

    def family(self, typeface: str) -> str:
        """The family name a DOCX names: the ``--font`` face when one was given, else the
        typeface's Windows name (SimSun for Song), which Word finds by that name or by its
        Chinese one, and LibreOffice through fontconfig (Noto Serif CJK SC here).

        >>> plan_fonts(["song", "hei"], "CN", embed=False).family("song")
        'SimSun'
        """
        if self.user:
            return self.chains[typeface][0].family
        return _typeface(typeface_chain(typeface)[0])["docx"][self.region]


    def stand_ins(self) -> list[tuple[str, str]]:
        """``(typeface, family)`` for each typeface none of whose own fonts is installed, with the
        face that stands in for it (仿宋 drawn with a Song face, say).

        >>> [typeface for typeface, _ in plan_fonts(["song", "fangsong"], "CN", "中文").stand_ins()]
        ['fangsong']
        """
        out = []
        for typeface, chain in self.chains.items():
            if not chain:
                continue
            own = _typeface(typeface)["families"][self.region]
            if not chain[0].has(own):
                out.append((typeface, chain[0].family))
        return out

    def latin_family(self, typeface: str) -> str:
        """The proportional Latin font a DOCX names for Latin text in ``typeface`` (Times New Roman
        beside Song, Arial beside Hei): a name every Word and LibreOffice resolves."""
        table = typefaces()
        latin = next((table[t]["latin"] for t in typeface_chain(typeface) if table[t].get("latin")), None)
        return table[latin]["docx"][self.region] if latin else self.family(typeface)


def plan_fonts(typefaces_used: Iterable[str], region: str, chars: Iterable[str] = (),
               font_file: str | None = None, embed: bool = True) -> FontPlan:
    """Choose faces for the typefaces a style uses.

    ``chars`` are the document's characters: with ``embed`` (PDF), a document with Chinese text
    and no Chinese TrueType face raises ``FontError`` naming the packages to install, and
    characters that no face has are listed in ``missing``.
    """
    names = tuple(dict.fromkeys(typefaces_used))
    chains = dict(_chains(names, region, font_file))
    latin = {name: ((chain[0],) if chain and proportional_latin(chain[0]) else ()) + latin_faces(name, region)
             for name, chain in chains.items()}  # a face's own proportional Latin first (Noto's)
    plan = FontPlan(region, chains, latin, user=bool(font_file))
    if embed:
        wanted = {c for c in chars if not c.isspace()}
        faces = list(dict.fromkeys(face for chain in chains.values() for face in chain))
        has_cjk = any(all(ord(c) in coverage(face) for c in CJK_PROBE) for face in faces)
        if not has_cjk and (any(is_cjk(c) for c in wanted) or not faces):
            raise FontError("no embeddable Chinese font found; install the Debian packages "
                            f"{DEBIAN_PACKAGES} (sudo apt-get install {DEBIAN_PACKAGES}) or give --font FILE.ttf")
        remaining = {ord(c) for c in wanted}
        for face in faces:
            if not remaining:
                break
            remaining -= coverage(face)
        plan.missing = frozenset(chr(c) for c in remaining)
    return plan


@lru_cache(maxsize=64)
def _chains(names: tuple[str, ...], region: str, font_file: str | None) -> tuple[tuple[str, tuple[Face, ...]], ...]:
    user = user_faces(font_file, region) if font_file else []
    pool = installed_faces()
    table = typefaces()
    everything = [n for n in table if n != "symbols" and not table[n].get("latin_only")]
    chains = []
    for name in names:
        chain: list[Face] = list(user)
        order = typeface_chain(name) + [t for t in everything if t not in typeface_chain(name)] + ["symbols"]
        for typeface in order:
            for family in table[typeface]["families"][region]:
                face = find_face([family], pool)
                if face is not None and face not in chain:
                    chain.append(face)
        chains.append((name, tuple(chain)))
    return tuple(chains)


@lru_cache(maxsize=64)
def latin_faces(name: str, region: str) -> tuple[Face, ...]:
    """The proportional Latin faces paired with a typeface (its ``latin`` entry), best first;
    monospaced faces are never among them.

    >>> [face.family for face in latin_faces("song", "CN")][-1:]
    ['DejaVu Serif']
    """
    table = typefaces()
    latin = _typeface(typeface_chain(name)[0]).get("latin") or next(
        (table[t].get("latin") for t in typeface_chain(name) if table[t].get("latin")), None)
    if not latin:
        return ()
    pool = [face for face in installed_faces() if not face.fixed_pitch and face.rank == 0]
    found = []
    for family in table[latin]["families"][region]:
        face = find_face([family], pool)
        if face is not None and face not in found:
            found.append(face)
    return tuple(found)


def check_font_file(font_file: str, region: str = "CN") -> Face:
    """Validate ``--font FILE`` before any work starts; the face that will be used."""
    return user_faces(font_file, region)[0]
