"""PDF reader: the text layer through PDFium (pypdfium2), laid out by ``page_layout``.

Each character comes with its box, font size and angle; characters on one baseline
make a ``Line`` (a wide gap inside a line becomes a tab: a table row). Pages without a text
layer are read by OCR (``ocr.py``, the ``jingwen[ocr]`` extra) when it is installed, and are
a one-line error naming the extra when it is not.

PDFium runs in a forked child with a memory limit, a page limit and a time limit per page, so
a hostile file (a PDF bomb, a page tree claiming millions of pages, a loop PDFium gets stuck
in) costs at most ``MEMORY_LIMIT`` and ``PAGE_SECONDS`` and ends as one ``InputError`` line.
Encrypted files, files that are not PDF and files with no pages are refused the same way.
"""
from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Callable

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers.page_layout import Line, build_document

MAX_PAGES = 5000
PAGE_SECONDS = 8.0  # no page takes this long: longer is a file built to hang the reader
MEMORY_LIMIT = 320 * 2**20  # address space the child may add to the parent's
OCR_MEMORY = 2048 * 2**20  # ... and while a page is read by OCR (ONNX Runtime maps its models and arenas)
OCR_SECONDS = 180.0

_DAMAGED = "PDF damaged beyond repair (broken cross-reference table or objects)"
# PDFium's load errors; 0 ("success", yet no document) is what it says of a PDF without pages
_ERRORS = {0: "PDF has no pages", 1: "PDF cannot be opened (unknown error)", 2: "file not found", 3: _DAMAGED,
           4: "PDF is encrypted (password required)", 5: "PDF is encrypted with an unsupported security scheme",
           6: "PDF page damaged"}


def _open(data: bytes):
    import pypdfium2 as pdfium

    if not data.lstrip()[:1024].count(b"%PDF"):
        raise InputError("not a PDF file (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        raise InputError(_ERRORS.get(code, f"PDF cannot be opened ({str(e).splitlines()[0][:80]})")) from None


def _page_lines(page, number: int) -> list[Line]:
    """The lines of one page, in the order PDFium gives its characters."""
    import ctypes

    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        box = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        unicode, char_box, char_angle, font_size = (raw.FPDFText_GetUnicode, raw.FPDFText_GetCharBox,
                                                    raw.FPDFText_GetCharAngle, raw.FPDFText_GetFontSize)
        chars = []
        for i in range(count):
            code = unicode(handle, i)
            if code == 2:  # PDFium marks a hyphen at the end of a line
                code = 0x2D
            if code in (0, 0xFFFE, 0xFFFF, 10, 13):
                continue
            if not char_box(handle, i, *box):
                continue
            angle = char_angle(handle, i)
            if angle < 0:
                angle = 0.0
            elif angle > 3.1416:
                angle -= 6.28319
            chars.append((chr(code), left.value, right.value, bottom.value, top.value,
                          font_size(handle, i), angle))
    finally:
        textpage.close()
    return _group(chars, number, height)


def _group(chars: list[tuple], number: int, height: float) -> list[Line]:
    """Characters → lines: a new line where the baseline moves or the angle changes."""
    lines: list[Line] = []
    current: list[tuple] = []

    def flush() -> None:
        if not current:
            return
        text, last_right = "", None
        for ch, x0, x1, *_ in current:
            if ch == " ":
                text += ch
                continue
            if last_right is not None and x0 - last_right > 3 * size:
                text = text.rstrip(" ") + "\t"  # a wide gap: table cells
            text += ch
            last_right = x1
        visible = [c for c in current if not c[0].isspace()] or current
        sizes = sorted(c[5] for c in visible)
        first_word = _first_word_width(current)
        lines.append(Line(number, text, visible[0][1], visible[-1][2], min(c[3] for c in visible),
                          sizes[len(sizes) // 2], current[0][6], height, first_word))

    size = 10.0
    for char in chars:
        ch, x0, x1, y0, y1, fsize, angle = char
        if current:
            prev = current[-1]
            same_angle = abs(angle - prev[6]) < 0.02
            if abs(angle) > 0.02 and same_angle:
                current.append(char)
                continue
            tolerance = max(fsize, prev[5]) * 0.5
            if not same_angle or abs(y0 - prev[3]) > tolerance and not ch.isspace() or x0 < prev[1] - fsize * 4:
                flush()
                current = []
        if not current and ch.isspace():
            continue
        size = fsize or size
        current.append(char)
    flush()
    for line in lines:
        line.text = line.text.strip(" ")
    return [line for line in lines if line.text.strip()]


def _first_word_width(chars: list[tuple]) -> float:
    """Width of the first Han character or Latin word of a line."""
    start = chars[0]
    if not start[0].isascii():
        return start[2] - start[1]
    end = start[2]
    for ch, _x0, x1, *_ in chars:
        if ch.isspace():
            break
        end = x1
    return end - start[1]


def _pages(data: bytes, send: Callable[[object], None]) -> None:
    """Read every page, sending ``("pages", n)`` then one ``("page", lines)`` per page."""
    pdf = _open(data)
    count = len(pdf)
    if count == 0:
        raise InputError("PDF has no pages")
    if count > MAX_PAGES:
        raise InputError(f"PDF has {count} pages (limit {MAX_PAGES})")
    send(("pages", count))
    for index in range(count):
        page = pdf[index]
        try:
            lines = _page_lines(page, index + 1)
            if _needs_ocr(page, lines):
                send(("ocr", index + 1))  # OCR is slow and large: the parent waits longer
                with _memory(OCR_MEMORY):
                    lines = [line for line in lines if line.angle] + _ocr_page(page, index + 1)
        finally:
            page.close()
        send(("page", lines))
    pdf.close()


OCR_BELOW = 40  # a page with an image and fewer characters of level text than this is a scan


def _needs_ocr(page, lines: list[Line]) -> bool:
    """A scanned page: an image, and no text layer, or only a platform's overlay on it (a
    watermark drawn at an angle, a line of site name). The angled lines are kept for the
    furniture rules; the level ones are read again, with the rest of the page, by OCR."""
    if sum(len(line.text) for line in lines if not line.angle) >= OCR_BELOW:
        return False
    import pypdfium2.raw as raw

    return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def _ocr_page(page, number: int) -> list[Line]:
    """A page that is only an image: rendered at 150 dpi and read by OCR."""
    from jingwen.cleaner.readers.ocr import ocr_lines, require

    require(f"page {number} has no text layer (only an image) and is read by OCR")
    _drop_angled_text(page)
    scale = 150 / 72
    image = page.render(scale=scale).to_pil()
    return ocr_lines(image, number, scale, page.get_height())


def _drop_angled_text(page) -> None:
    """Take the text drawn at an angle off a scanned page before it is rendered for OCR: a
    platform's overlay across the scan (kept as ``pdf.watermark`` lines from the text layer)
    would otherwise cut light bands through the characters under it (开 read as 并)."""
    import pypdfium2.raw as raw

    for obj in list(page.get_objects(max_depth=1)):
        if obj.type == raw.FPDF_PAGEOBJ_TEXT:
            matrix = obj.get_matrix()
            if abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3:
                page.remove_obj(obj)


# --- the bounded child ------------------------------------------------------------------------

class _memory:
    """Within the block, the child may use ``extra`` more bytes of address space than now."""

    def __init__(self, extra: int) -> None:
        self.extra = extra

    def __enter__(self) -> None:
        _limit(self.extra)

    def __exit__(self, *exc) -> None:
        _limit(MEMORY_LIMIT)


def _limit(extra: int) -> None:
    import resource

    try:
        with open(f"/proc/{os.getpid()}/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc (not Linux): the time limit still holds
        return
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    soft = used + extra if hard == resource.RLIM_INFINITY else min(hard, used + extra)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _child(data: bytes, fd: int) -> None:
    _limit(MEMORY_LIMIT)
    out = os.fdopen(fd, "wb")

    def send(message: object) -> None:
        blob = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(struct.pack("<I", len(blob)) + blob)
        out.flush()

    try:
        _pages(data, send)
    except InputError as e:
        send(("error", str(e)))
    except MemoryError:
        send(("error", f"PDF needs more than {MEMORY_LIMIT // 2**20} MiB to read (a PDF bomb?)"))
    except Exception as e:
        send(("error", f"PDF cannot be read ({type(e).__name__}: {str(e)[:80]})"))
    out.close()


def _receive(fd: int, pid: int, on_page: Callable[[int, int], None] | None) -> list[list[Line]]:
    import select

    pages: list[list[Line]] = []
    total, buffer, wait = 0, b"", PAGE_SECONDS
    stream = os.fdopen(fd, "rb", buffering=0)
    try:
        while True:
            ready, _, _ = select.select([stream], [], [], wait)
            if not ready:
                raise InputError(f"PDF page {len(pages) + 1} took over {wait:.0f} s to read (a PDF bomb?)")
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= 4:
                size = struct.unpack("<I", buffer[:4])[0]
                if len(buffer) < 4 + size:
                    break
                kind, value = pickle.loads(buffer[4:4 + size])
                buffer = buffer[4 + size:]
                if kind == "error":
                    raise InputError(value)
                if kind == "pages":
                    total = value
                elif kind == "ocr":
                    wait = OCR_SECONDS
                else:
                    wait = PAGE_SECONDS
                    pages.append(value)
                    if on_page is not None:
                        on_page(len(pages), total)
    finally:
        stream.close()
        _reap(pid)
    if len(pages) < total or not total:
        raise InputError("PDF reader stopped (out of memory: a PDF bomb?)")
    return pages


def _reap(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def read_pages(data: bytes, on_page: Callable[[int, int], None] | None = None) -> list[list[Line]]:
    """The lines of every page, read in a forked child bounded in memory and time."""
    import pypdfium2  # noqa: F401  (loaded before the fork: the child starts ready)

    if not hasattr(os, "fork"):  # Windows: in this process, without the limits
        pages: list[list[Line]] = []
        total = 0

        def keep(message: tuple) -> None:
            nonlocal total
            if message[0] == "pages":
                total = message[1]
            elif message[0] == "page":
                pages.append(message[1])
                if on_page is not None:
                    on_page(len(pages), total)

        _pages(data, keep)
        return pages
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, and leave without running the parent's clean-up
        os.close(read)
        try:
            _child(data, write)
        finally:
            os._exit(0)
    os.close(write)
    return _receive(read, pid, on_page)


def read_pdf(data: bytes, source: str, on_page: Callable[[int, int], None] | None = None,
             enabled: Callable[[str], bool] | None = None) -> Document:
    doc = build_document(read_pages(data, on_page), source, "pdf", enabled)
    if not doc.blocks and not doc.log:
        raise InputError("PDF has no text")
    return doc
