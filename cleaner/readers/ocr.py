"""Scanned pages and images (``.png``, ``.jpg``) read by OCR: RapidOCR (PaddleOCR's Chinese
models on ONNX Runtime, shipped inside the ``rapidocr-onnxruntime`` wheel, offline, CPU).

It is the ``jingwen[ocr]`` extra: without it, reading an image or a scanned page is a one-line
``InputError`` naming the extra (``require``). OCR boxes become ``Line`` objects in
PDF points, so scanned pages go through the same furniture removal and paragraph rebuilding
as text PDFs (``page_layout.py``). What ``bench/ocr.py`` showed on pages mixing Chinese and
English, and what is done about it:

- the page is read in grey with light greys made white (``whiten``): a watermark under the
  text no longer joins a line of text to itself in the detector, which then lost the line;
- no angle classifier (upright pages): it turned some level lines upside down;
- a line's font size comes from its width in ems, not its box height, in which English text
  looks a size larger than Chinese (English lines were taken for headings, and their
  hyphenated words were not joined);
- the digit 1 read for the letter l in English words is corrected, as an edit with the rule
  ``ocr.one-for-l`` (``one_for_l``).
"""
from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers.page_layout import Line, build_document

MAX_PIXELS = 60_000_000  # a larger image is a decompression bomb, not a page
DEFAULT_DPI = 150
WHITE_FROM = 200  # grey level from which a page image is white before OCR (``whiten``)
OCR_HINT = "install the OCR extra: pip install 'jingwen[ocr]'"

# rule id -> (description, Chinese name, Chinese description), listed by ``jingwen rules``
RULES = {
    "ocr.one-for-l": ("OCR: the digit 1 read for the letter l inside an English word (1etter, shal1)",
                      "识别时字母 l 误作数字 1",
                      "文字识别把英文单词里的字母 l 认成了数字 1（如“1etter”“shal1”），改回 l。"),
}
_WORD = re.compile(r"[0-9A-Za-z]+")
# in a word whose only digits are 1s: 1s between letters, a 1 before four lower-case letters at
# the start (not 1st, 1min), a 1 ending a word after an l or a five-letter -a, 11 after a (shal1, sha11,
# annua1; not item1, data1)
_ONE = re.compile(r"(?<=[A-Za-z])1+(?=[a-z])|(?<=[a-z])1+(?=[A-Za-z])|^1(?=[a-z]{4,}$)|(?<=l)1$|(?<=a)11$"
                  r"|(?<=[a-z]{4}a)1$")


def one_for_l(text: str) -> str:
    """``text`` with the 1s of ``_ONE`` read as l.

    >>> one_for_l("a 1etter to1andscaping contractors shal1 sha11 annua1 send, 1st time, 1min, item1, data1")
    'a letter tolandscaping contractors shall shall annual send, 1st time, 1min, item1, data1'
    >>> one_for_l("COVID-19 H1N1 Win11 v1.2")
    'COVID-19 H1N1 Win11 v1.2'
    """
    def word(match: re.Match) -> str:
        w = match.group()
        return w if any(c.isdigit() and c != "1" for c in w) else _ONE.sub(lambda m: "l" * len(m.group()), w)
    return _WORD.sub(word, text) if "1" in text else text


def require(what: str) -> None:
    """Raise the one-line error naming the extra when RapidOCR is not installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        raise InputError(f"{what}: {OCR_HINT}") from None


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_lines(image, page: int, scale: float, page_height: float) -> list[Line]:
    """The text lines of a page image; ``scale`` is pixels per PDF point."""
    import numpy

    # no angle classifier: it turns some level lines upside down (an English line crossed by a
    # watermark came back as "S  s") and costs time; scanned previews are upright
    result, _ = _engine()(numpy.asarray(whiten(image)), use_cls=False)
    boxes, slanted = [], []
    for points, text, _score in result or ():
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = (min(xs) / scale, max(xs) / scale, min(ys) / scale, max(ys) / scale, text.strip())
        angle = math.atan2(points[0][1] - points[1][1], points[1][0] - points[0][0])
        if abs(angle) > 0.08 or (box[3] - box[2]) > 4 * _median_height(result, scale):
            slanted.append(Line(page, box[4], box[0], box[1], page_height - box[3], (box[3] - box[2]) / 1.1,
                                angle or 0.5, page_height))  # drawn at an angle: a watermark
        else:
            boxes.append(box)
    return _rows(boxes, page, page_height) + slanted


def whiten(image, cut: int = WHITE_FROM):
    """The page in grey levels with ``cut`` and lighter made white: a light watermark
    drawn across the text (grey 0.85 is 217) or the tint of the paper goes, while the dark text
    stays. Through a watermark the detector saw one shape and lost the line of text under it.

    >>> from PIL import Image
    >>> whiten(Image.new("L", (2, 1), 217)).getpixel((0, 0)), whiten(Image.new("L", (1, 1), 100)).getpixel((0, 0))
    ((255, 255, 255), (100, 100, 100))
    """
    return image.convert("L").point([v if v < cut else 255 for v in range(256)]).convert("RGB")


def _median_height(result, scale: float) -> float:
    heights = sorted(abs(points[3][1] - points[0][1]) / scale for points, _text, _score in result)
    return heights[len(heights) // 2]


def _rows(boxes: list[tuple], page: int, page_height: float) -> list[Line]:
    """Boxes on one row (overlapping vertically) make one line; far apart, they are table cells."""
    rows: list[list[tuple]] = []
    for box in sorted(boxes, key=lambda b: (b[2] + b[3]) / 2):
        middle = (box[2] + box[3]) / 2
        if rows and abs(middle - sum((b[2] + b[3]) / 2 for b in rows[-1]) / len(rows[-1])) < (box[3] - box[2]) * 0.5:
            rows[-1].append(box)
        else:
            rows.append([box])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[0])
        height = sorted(b[3] - b[2] for b in row)[len(row) // 2]
        text = row[0][4]
        for before, box in zip(row, row[1:], strict=False):
            text += ("\t" if box[0] - before[1] > height * 2 else " " if text[-1:].isascii() else "") + box[4]
        first = row[0]
        per_char = (first[1] - first[0]) / max(1, len(first[4]))
        word = first[4].split(" ")[0] if first[4][:1].isascii() else first[4][:1]
        fixed = one_for_l(text)
        lines.append(Line(page, fixed, first[0], row[-1][1], page_height - max(b[3] for b in row),
                          _font_size(row, height), 0.0, page_height, per_char * len(word),
                          ("ocr.one-for-l", text) if fixed != text else None))
    return [line for line in lines if line.text.strip()]


def _font_size(row: list[tuple], height: float) -> float:
    """The font size of a row of boxes, to half a point: the width of its text over its width
    in ems (a Han character is one em, a Latin letter or space half of one; a box starts at the
    ink of an opening bracket, in the right half of its em). Box heights vary with ascenders
    and descenders (an English line looks a size larger than a Chinese one); only for a text
    of under three ems is the height used."""
    ems = sum(_ems(box[4]) for box in row)
    if ems < 3:
        return round(height / 1.1 * 2) / 2
    return round(sum(box[1] - box[0] for box in row) / ems * 2) / 2


def _ems(text: str) -> float:
    """The width of ``text`` in ems.

    >>> _ems("（一）总则"), _ems("the rule")
    (4.4, 4.0)
    """
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
    return ems - 0.6 if text[:1] in "（《「『“‘【〔" else ems


def read_image(data: bytes, source: str, enabled: Callable[[str], bool] | None = None) -> Document:
    from PIL import Image

    require("an image is read by OCR")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError:
        raise InputError(f"image has over {MAX_PIXELS // 1_000_000} million pixels") from None
    except Exception as e:
        raise InputError(f"not a readable image ({type(e).__name__})") from None
    dpi = image.info.get("dpi", (DEFAULT_DPI,))[0] or DEFAULT_DPI
    scale = float(dpi) / 72
    height = image.height / scale
    doc = build_document([ocr_lines(image, 1, scale, height)], source, "image", enabled)
    if not doc.blocks:
        raise InputError("no text found in the image")
    return doc
