"""Scanned pages and images (``.png``, ``.jpg``) read by OCR: RapidOCR (PaddleOCR's Chinese
models on ONNX Runtime, shipped inside the ``rapidocr-onnxruntime`` wheel, offline, CPU).

It is the ``jingwen[ocr]`` extra: without it, reading an image or a scanned page is a one-line
``InputError`` naming the extra (``require``). OCR boxes become ``Line`` objects in
PDF points, so scanned pages go through the same furniture removal and paragraph rebuilding
as text PDFs (``page_layout.py``).
"""
from __future__ import annotations

import io
import math
from collections.abc import Callable
from functools import lru_cache

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers.page_layout import Line, build_document

MAX_PIXELS = 60_000_000  # a larger image is a decompression bomb, not a page
DEFAULT_DPI = 150
OCR_HINT = "install the OCR extra: pip install 'jingwen[ocr]'"


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

    result, _ = _engine()(numpy.asarray(image.convert("RGB")))
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
        lines.append(Line(page, text, first[0], row[-1][1], page_height - max(b[3] for b in row),
                          round(height / 1.1 * 2) / 2, 0.0, page_height, per_char * len(word)))
    return [line for line in lines if line.text.strip()]


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
