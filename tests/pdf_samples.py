"""Test documents for the PDF, image and LibreOffice readers, made here (nothing downloaded).

``make_source`` writes a document as data (headings, body paragraphs in Chinese and English,
a list, a small table); ``make_pdf`` lays it out with reportlab the way platform downloads
look: a diagonal platform watermark on every page, a running title header, ``第 N 页 共 M 页``
footers, hard-wrapped lines, first-line indents and paragraphs that run across page breaks.
The text is composed from phrases written for these tests, never taken from a real document.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

BODY_FONT = ("ARPLUMingCN", "/usr/share/fonts/truetype/arphic/uming.ttc", 2)  # subfont 2: AR PL UMing CN
HEAD_FONT = ("WQYZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)
WATERMARK = "原创力文档 max.book118.com 预览与源文档一致,下载高清无水印"
TITLE = "关于推进街道社区公共服务改进的工作方案"

_SUBJECTS = ["街道办事处", "社区居民委员会", "物业服务企业", "业主大会", "志愿服务队伍", "辖区学校",
             "卫生服务站", "养老服务中心", "文化活动室", "网格管理员", "楼栋长", "共建单位"]
_ACTIONS = ["应当每季度召开一次协调会议", "负责收集整理居民提出的意见建议", "要细化公共区域的日常保洁安排",
            "须在醒目位置公开收费项目和标准", "可以组织开展邻里互助活动", "要按时报送设施巡查记录",
            "应当为行动不便的老人提供上门服务", "负责登记维修申请并跟踪办理结果", "要合理安排停车位和充电设施",
            "应当配合做好防汛和消防安全检查", "可以邀请专业机构评估服务质量", "要建立问题台账并逐项销号"]
_TAILS = ["做到件件有回音", "确保各项措施落到实处", "切实提高群众满意度", "形成长效管理机制",
          "避免推诿扯皮现象", "接受居民监督", "并将结果在公告栏公示", "不断改进工作方法"]
_WORDS = ("the committee shall publish an annual report describing maintenance work completed in "
          "every residential building together with unresolved complaints and planned improvements "
          "residents may submit comments through the service desk or by letter and each comment "
          "receives a written answer within fifteen working days community volunteers coordinate "
          "visits to elderly neighbours while contractors responsible for lighting elevators drainage "
          "and landscaping report their schedules in advance administrative procedures accountability "
          "transparency infrastructure sustainability neighbourhood").split()


@dataclass
class Item:
    kind: str  # heading, para, en, list, row
    text: str
    level: int = 0


def _sentence(rnd: random.Random) -> str:
    parts = [rnd.choice(_SUBJECTS) + rnd.choice(_ACTIONS)]
    if rnd.random() < 0.6:
        parts.append(rnd.choice(_TAILS))
    return "，".join(parts) + "。"


def _paragraph(rnd: random.Random) -> str:
    return "".join(_sentence(rnd) for _ in range(rnd.randint(1, 7)))


def _english(rnd: random.Random) -> str:
    words = [rnd.choice(_WORDS) for _ in range(rnd.randint(25, 70))]
    return " ".join(words).capitalize() + "."


_NUMERALS = "一二三四五六七八九十"


def _chinese_number(n: int) -> str:
    """1-99 as Chinese numerals: ``12`` → ``十二``."""
    tens, ones = divmod(n, 10)
    return ((_NUMERALS[tens - 1] if tens > 1 else "") + "十" if tens else "") + (_NUMERALS[ones - 1] if ones else "")


def make_source(pages_hint: int = 10, seed: int = 1, latin: float = 0.15) -> list[Item]:
    """About ``pages_hint`` pages of document: chapters with numbered headings, body paragraphs,
    an English paragraph now and then (``latin``: the share of them), a numbered list and a
    three-column table."""
    rnd, items = random.Random(seed), [Item("heading", TITLE, 1)]
    chapters = max(2, round(pages_hint * 1.2))
    for c in range(chapters):
        items.append(Item("heading", f"{_chinese_number(c + 1)}、{rnd.choice(_SUBJECTS)}的工作职责", 2))
        for s in range(2):
            items.append(Item("heading", f"（{_NUMERALS[s]}）{rnd.choice(_ACTIONS)[:6]}", 3))
            for _ in range(rnd.randint(2, 4)):
                english = rnd.random() < latin
                items.append(Item("en", _english(rnd)) if english else Item("para", _paragraph(rnd)))
        if c % 3 == 1:
            for n in range(1, 4):
                items.append(Item("list", f"{n}. {rnd.choice(_SUBJECTS)}{rnd.choice(_ACTIONS)}。"))
        if c % 3 == 2:
            items.append(Item("row", "项目\t责任单位\t完成时限"))
            for n in range(3):
                items.append(Item("row", f"{rnd.choice(_TAILS)[:4]}\t{rnd.choice(_SUBJECTS)}\t{n + 3}月底"))
    return items


def expected_paragraphs(items: list[Item]) -> list[str]:
    return [item.text for item in items]


# --- layout -----------------------------------------------------------------------------------

def _fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path, index in (BODY_FONT, HEAD_FONT):
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))


def _wrap(text: str, font: str, size: float, width: float, first_indent: float, hyphenate: bool) -> list[str]:
    """Lines as a typesetter breaks them: Han text at any character, Latin text at spaces,
    a long Latin word split with a hyphen when ``hyphenate``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, avail = [], "", width - first_indent
    tokens = text.split(" ") if hyphenate else list(text)
    sep = " " if hyphenate else ""
    for token in tokens:
        trial = f"{line}{sep}{token}" if line else token
        if stringWidth(trial, font, size) <= avail:
            line = trial
            continue
        if hyphenate and len(token) >= 9 and line:
            for cut in range(len(token) - 3, 3, -1):
                head = f"{line} {token[:cut]}-"
                if stringWidth(head, font, size) <= avail:
                    lines.append(head)
                    line, token = "", token[cut:]
                    break
        if line:
            lines.append(line)
        line, avail = token, width
    if line:
        lines.append(line)
    return lines


def make_pdf(path: Path, items: list[Item], watermark: str = WATERMARK, header: str = TITLE) -> int:
    """Lay ``items`` out on A4 pages; returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _fonts()
    body, head = BODY_FONT[0], HEAD_FONT[0]
    width, height = A4
    left, right, top, bottom = 72, width - 72, height - 80, 80
    size, leading = 10.5, 17
    # first pass: lines with their style; second: pages
    lines: list[tuple[str, str, float, float, float]] = []  # text, font, size, x, space before
    for item in items:
        if item.kind == "heading":
            hsize = {1: 18, 2: 15, 3: 12.5}[item.level]
            x = (width - stringWidth(item.text, head, hsize)) / 2 if item.level == 1 else left
            lines.append((item.text, head, hsize, x, 14))
        elif item.kind == "row":
            lines.append((item.text, body, size, left, 4))
        else:
            latin = item.kind == "en"
            indent = 0 if latin or item.kind == "list" else 2 * size
            for n, text in enumerate(_wrap(item.text, body, size, right - left, indent, latin)):
                gap = (8 if latin else 0) if n == 0 else 0
                lines.append((text, body, size, left + (indent if n == 0 else 0), gap))
    pages, page, y = [], [], top
    for text, font, fsize, x, before in lines:
        step = before + max(leading, fsize * 1.6)
        if y - step < bottom:
            pages.append(page)
            page, y = [], top
            step -= before
        y -= step
        page.append((text, font, fsize, x, y))
    pages.append(page)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(header)
    for number, page in enumerate(pages, 1):
        c.saveState()  # the watermark: large, light, diagonal, under the text
        c.setFillGray(0.85)
        c.setFont(head, 22)
        c.translate(width / 2, height / 2)
        c.rotate(40)
        c.drawCentredString(0, 0, watermark)
        c.restoreState()
        c.setFont(body, 9)
        c.drawCentredString(width / 2, height - 50, header)
        c.drawCentredString(width / 2, 45, f"第 {number} 页 共 {len(pages)} 页")
        for text, font, fsize, x, y in page:
            c.setFont(font, fsize)
            if "\t" in text:
                for col, cell in enumerate(text.split("\t")):
                    c.drawString(x + col * 140, y, cell)
            else:
                c.drawString(x, y, text)
        c.showPage()
    c.save()
    return len(pages)


def render_pages(pdf_path: Path, dpi: int = 150) -> list:
    """Every page of a PDF as a PIL image at ``dpi`` (PDFium renders)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil() for i in range(len(pdf))]
    finally:
        pdf.close()


def make_image_pdf(path: Path, text_pdf: Path, dpi: int = 150, pages: int | None = None,
                   overlay: str | None = WATERMARK) -> None:
    """A scan-like PDF: the pages of ``text_pdf`` as images at ``dpi``; the only text layer is
    ``overlay``, drawn across each page at an angle, as platforms stamp their previews."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for image in render_pages(text_pdf, dpi)[:pages]:
        c.drawImage(ImageReader(image), 0, 0, *A4)
        if overlay:
            _fonts()
            c.saveState()
            c.setFillGray(0.9)
            c.setFont(HEAD_FONT[0], 18)
            c.translate(A4[0] / 2, A4[1] / 3)
            c.rotate(35)
            c.drawCentredString(0, 0, overlay)
            c.restoreState()
        c.showPage()
    c.save()


# --- hostile and broken PDFs ------------------------------------------------------------------

def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written object by object, with a correct cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"


def _encrypted(good: bytes) -> bytes:
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(good))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _no_pages(_good: bytes) -> bytes:
    return _raw_pdf([_CATALOG, b"<< /Type /Pages /Count 0 /Kids [] >>"])


def _page_bomb(_good: bytes) -> bytes:
    """A page tree listing one page 200 000 times."""
    kids = b" ".join([b"3 0 R"] * 200_000)
    return _raw_pdf([_CATALOG, b"<< /Type /Pages /Count 200000 /Kids [" + kids + b"] >>",
                     _PAGE, b"<< /Length 0 >>\nstream\n\nendstream"])


def _stream_bomb(_good: bytes) -> bytes:
    """One page whose 1.9 MB content stream inflates to 980 MB of drawing operators."""
    import zlib

    packer, chunk = zlib.compressobj(9), b"0 0 m 1 1 l S\n" * 70_000
    packed = b"".join(packer.compress(chunk) for _ in range(1000)) + packer.flush()
    return _raw_pdf([_CATALOG, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>", _PAGE,
                     b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"])


def _truncated(good: bytes) -> bytes:
    return good[: len(good) // 3]


def _garbage(_good: bytes) -> bytes:
    return b"%PDF-1.4\n" + bytes(range(256)) * 40


# name -> (make it from a good PDF's bytes, what the one-line error says)
BAD_PDFS = {
    "encrypted": (_encrypted, "encrypted"),
    "no-pages": (_no_pages, "no pages"),
    "page-bomb": (_page_bomb, "200000 pages (limit"),
    "stream-bomb": (_stream_bomb, "PDF bomb"),
    "truncated": (_truncated, "damaged"),
    "garbage": (_garbage, "damaged"),
}


def broken_xref(good: bytes) -> bytes:
    """The cross-reference offset points nowhere: readers rebuild the table (PDFium does)."""
    at = good.rfind(b"startxref")
    return good[:at] + b"startxref\n999999\n%%EOF\n"
