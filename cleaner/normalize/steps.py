"""``STEPS``: every normalization step in the order the stage runs them, from ``norm.mojibake``
to ``norm.hard-wrap``."""
from __future__ import annotations

from jingwen.cleaner.normalize.circled import circled_document, circled_numbers
from jingwen.cleaner.normalize.curly_quotes import quotes
from jingwen.cleaner.normalize.degrees import degree_signs
from jingwen.cleaner.normalize.ellipsis_dash import dash, ellipsis
from jingwen.cleaner.normalize.fullwidth import fullwidth_alnum
from jingwen.cleaner.normalize.invisible import strip_invisible
from jingwen.cleaner.normalize.line_edges import (
    strip_indent,
    strip_indent_markdown,
    strip_trailing,
    strip_trailing_markdown,
)
from jingwen.cleaner.normalize.mojibake_repair import mojibake_document, repair_mojibake
from jingwen.cleaner.normalize.punct_width import punct_width
from jingwen.cleaner.normalize.spacing import cjk_latin_spacing, cjk_spaces, heading_space
from jingwen.cleaner.normalize.step import Step
from jingwen.cleaner.normalize.wrap import unwrap, unwrap_document

STEPS: list[Step] = [
    Step("norm.mojibake", "repair Chinese mis-decoded as GBK/Big5/Latin-1 (鍙戝竷 → 发布)",
         repair_mojibake, document=mojibake_document,
         name_zh="修复乱码",
         description_zh="把按 GBK、Big5 或 Latin-1 错误解码的中文改回原字，例如“鍙戝竷”改为“发布”。"),
    Step("norm.invisible", "remove zero-width characters, BOM, soft hyphens and control characters; NFC",
         strip_invisible, masked=False, once=True,
         name_zh="删除不可见字符",
         description_zh="删除零宽字符、字节顺序标记、软连字符和控制字符，并统一字符组合形式。"),
    Step("norm.fullwidth-alnum", "full-width letters and digits to ASCII (ＡＢＣ１２３ → ABC123)", fullwidth_alnum,
         once=True,
         name_zh="全角字母数字改半角",
         description_zh="把全角字母和数字改成半角，例如“ＡＢＣ１２３”改为“ABC123”。"),
    Step("norm.indent", "remove leading indentation (spaces, 　); exporters indent paragraphs; aligned items keep it",
         strip_indent, markdown_fix=strip_indent_markdown, masked=False, once=True,
         name_zh="删除行首缩进",
         description_zh="删除行首的空格和全角空格；导出时由排版样式统一缩进。"),
    Step("norm.trailing-space", "remove trailing spaces and ideographic spaces",
         strip_trailing, markdown_fix=strip_trailing_markdown, masked=False, once=True,
         name_zh="删除行尾空格",
         description_zh="删除行尾的空格和全角空格。"),
    Step("norm.quotes", "straight quotes in Chinese context to paired “” ‘’", quotes,
         name_zh="规范引号",
         description_zh="把中文里的直引号改成成对的“”和‘’。"),
    Step("norm.punct-width", ", : ; ? ! ( ) ~ in Chinese context to ，：；？！（）～; ASCII kept in 9:00, 3:1, "
         "3,256.8, a:b=2:3, (1, 2), (02) 2311, (终稿).docx, :-), references, command lines, JSON", punct_width,
         name_zh="标点改全角",
         description_zh="把中文里的半角逗号、冒号、分号、问号、叹号、括号和波浪号改成全角；"
                        "9:00、3,256.8 这类保持不变。"),
    Step("norm.ellipsis", "...... / ... / 。。。 in Chinese text to …… (Taiwan's ⋯⋯ kept)", ellipsis,
         name_zh="规范省略号",
         description_zh="把中文里的“......”“...”“。。。”改成“……”。"),
    Step("norm.dash", "-- next to Chinese text to ——", dash,
         name_zh="规范破折号",
         description_zh="把中文旁边的“--”改成“——”。"),
    Step("norm.degree", "°C after a number in Chinese text to ℃ (°F to ℉)", degree_signs,
         name_zh="规范温度符号",
         description_zh="把中文里数字后面的“°C”改成“℃”（“°F”改成“℉”）。"),
    Step("norm.heading-space", "the space after 第X章/节/条 at a line start to the ideographic space", heading_space,
         name_zh="章节号后的空格",
         description_zh="把行首“第X章、节、条”后面的空格改成全角空格。"),
    Step("norm.space-cjk", "remove scrape spaces between Chinese characters and around Chinese punctuation, join "
         "letter-spaced headings (会 议 纪 要); spaces between list items and fields stay (作者：张三 李四)",
         cjk_spaces,
         name_zh="删除多余空格",
         description_zh="删除抓取时夹在汉字之间和中文标点前后的空格。"),
    Step("norm.space-cjk-latin", "a space between Chinese and Latin letters or digits (--space)",
         cjk_latin_spacing, option="space",
         name_zh="中英文之间加空格",
         description_zh="在汉字和英文字母或数字之间加一个空格（需要打开这个选项）。"),
    Step("norm.circled-numbers", "a folded list 1请… 2会场… (NFKC of ①②) back to ①②③", circled_numbers,
         document=circled_document,
         name_zh="恢复带圈数字",
         description_zh="把被拆平的列表“1请…… 2会场……”恢复成①②③。"),
    Step("norm.hard-wrap", "join lines of hard-wrapped paragraphs (PDF copies), no space between Chinese",
         unwrap, document=unwrap_document,
         name_zh="合并断行",
         description_zh="把从 PDF 复制来、被硬换行切开的段落接回一行，汉字之间不加空格。"),
]
STEP_IDS = [s.id for s in STEPS]
