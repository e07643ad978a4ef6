"""The side-by-side view: rows of source lines and cleaned blocks, marks for removals, edits and tails."""
from __future__ import annotations

import io

from conftest import SEED
from jingwen.cleaner.model.errors import JingwenError
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers import read_bytes
from jingwen.cleaner.settings import Settings

from jingwen.web.cleaning import clean_input, page_settings
from jingwen.web.view import build_view, source_lines

PARAGRAPH = ("为进一步加强安全生产管理,切实保障职工生命财产安全,根据上级有关文件精神,结合我单位实际,"
             "现就有关事项通知如下,请各单位认真贯彻落实并按时上报工作情况,不得延误。"
             "各单位要高度重视安全生产工作,把安全放在首位,层层落实责任,确保不发生事故。")


def view_of(text: str, name: str = "a.txt", **settings) -> tuple[dict, object]:
    doc = read_bytes(text.encode("utf-8") if isinstance(text, str) else text, name,
                     name.rsplit(".", 1)[1] if "." in name else "txt")
    source = source_lines(doc)
    doc = run_stages(doc, Settings(**settings))
    return build_view(source, doc), doc


def marked(parts: list) -> str:
    return "".join(text for text, cls in parts if cls == "ed")


def test_every_source_line_appears_once_in_order():
    view, _ = view_of(SEED.read_text(encoding="utf-8"))
    numbers = [line["n"] for row in view["rows"] for line in row["lines"]]
    assert numbers == list(range(1, 23))
    original = SEED.read_text(encoding="utf-8").splitlines()
    for row in view["rows"]:
        for line in row["lines"]:
            assert "".join(text for text, _ in line["parts"]) == original[line["n"] - 1]


def test_cleaned_blocks_are_the_document():
    view, doc = view_of(SEED.read_text(encoding="utf-8"), convert="s2twp")
    assert [b["text"] for row in view["rows"] for b in row["blocks"]] == [b.text for b in doc.body()]
    for row in view["rows"]:
        for block in row["blocks"]:
            assert "".join(text for text, _ in block["parts"]) == block["text"]


def test_truncated_tail_marked_on_both_sides():
    view, doc = view_of(SEED.read_text(encoding="utf-8"))
    (row,) = [r for r in view["rows"] if r["lines"][0]["n"] == 21]
    tail = "".join(text for text, cls in row["lines"][0]["parts"] if cls == "tail")
    assert tail == doc.truncated_tail and tail.startswith("1994年以来")
    assert row["blocks"][0]["text"] == "一是扶上正轨。"
    assert row["blocks"][0]["tail"] == "cut" and row["blocks"][0]["tail_rule"] == "generic.truncated-tail"
    assert "generic.truncated-tail" in view["rules_used"]


def test_kept_tail_marked_in_the_cleaned_text():
    view, doc = view_of(SEED.read_text(encoding="utf-8"), keep_tail=True)
    (row,) = [r for r in view["rows"] if r["lines"][0]["n"] == 21]
    block = row["blocks"][0]
    assert block["tail"] == "kept"
    # the fragment as read had ASCII commas; the kept text has them normalized
    assert "".join(text for text, cls in block["parts"] if cls == "tail") == doc.truncated_tail.replace(",", "，")


def test_normalization_marked_but_conversion_not():
    view, _ = view_of("标题\n" + PARAGRAPH + "\n", convert="s2t")
    block = view["rows"][1]["blocks"][0]
    assert set(marked(block["parts"])) == {"，"}  # the punctuation normalized, not the converted characters
    assert block["rules"] == ["norm.punct-width", "convert.s2t"]
    assert "爲進一步加強" in block["text"]


def test_hard_wrapped_lines_join_into_one_row():
    lines = [PARAGRAPH[i:i + 24] for i in range(0, len(PARAGRAPH), 24)]
    view, doc = view_of("通知\n" + "\n".join(lines) + "\n" + "\n".join(lines) + "\n", convert="s2t")
    assert any(c.rule == "norm.hard-wrap" for c in doc.log)
    row = view["rows"][1]
    assert [line["n"] for line in row["lines"]] == [2, 3, 4, 5, 6]
    (block,) = row["blocks"]
    assert "norm.hard-wrap" in block["rules"]
    assert set(marked(block["parts"])) == {"，"}
    assert marked(block["parts"]).count("，") == PARAGRAPH.count(",")


def test_deleted_fragments_struck_in_the_original():
    view, _ = view_of("通知\n本办法自发布之日起施行。第一页,共5页。\n第二条内容完整。   \n")
    row = view["rows"][1]
    parts = [(t, cls) for t, cls in row["lines"][0]["parts"]]
    assert parts == [("本办法自发布之日起施行。", ""), ("第一页,共5页。", "gone")]
    assert row["lines"][0]["rules"] == ["generic.page-number"]  # a cleaning rule: labelled on the original
    assert row["blocks"][0]["text"] == "本办法自发布之日起施行。"
    # trailing spaces removed by normalization are not struck (nothing to see)
    assert view["rows"][2]["lines"][0]["parts"] == [["第二条内容完整。   ", ""]]
    assert view["rows"][2]["blocks"][0]["rules"] == ["norm.trailing-space"]


def test_docx_header_and_footer_shown_as_furniture():
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "原创力文档 max.book118.com"
    document.add_paragraph("第一章 总则")
    document.add_paragraph("本办法自发布之日起施行。")
    buffer = io.BytesIO()
    document.save(buffer)
    cleaned = clean_input("a.docx", buffer.getvalue(), Settings())
    assert cleaned.ok
    lines = [line for row in cleaned.entry["view"]["rows"] for line in row["lines"]]
    furniture = [line for line in lines if line["furniture"]]
    assert furniture and "book118" in furniture[0]["parts"][0][0]
    assert all(not row["blocks"] or not any(line["furniture"] for line in row["lines"])
               for row in cleaned.entry["view"]["rows"])


def test_html_input_view():
    html = ("<html><body><div class='content'><h1>测试标题</h1><p>下载本文档</p><p>正文第一段,内容。</p>"
            "</div></body></html>")
    cleaned = clean_input("page.html", html.encode("utf-8"), Settings())
    assert cleaned.ok
    removed = [line["removed"] for row in cleaned.entry["view"]["rows"] for line in row["lines"] if line["removed"]]
    assert "generic.download-button" in removed


def test_long_documents_are_shown_in_part():
    text = "\n".join(f"第{n}段内容，完整的一句话。" for n in range(1, 501)) + "\n"
    cleaned = clean_input("long.txt", text.encode("utf-8"), Settings(), max_rows=100)
    assert len(cleaned.entry["view"]["rows"]) == 100
    assert cleaned.entry["view"]["more_rows"] == 400
    assert cleaned.doc.to_text().count("\n") == 500  # the export has everything


def test_page_options_validated():
    base = Settings(ignore=("generic.page-tag",))
    settings = page_settings(base, {"convert": "s2twp", "quotes": "corner", "keep_tail": True, "normalize": False})
    chosen = (settings.convert, settings.quotes, settings.keep_tail, settings.normalize)
    assert chosen == ("s2twp", "corner", True, False)
    assert settings.ignore == ("generic.page-tag",)  # the command line's settings stay
    assert page_settings(base, {"convert": ""}).convert is None
    for bad in ({"convert": "s2x"}, {"quotes": "fancy"}, {"force": "yes"}):
        try:
            page_settings(base, bad)
        except JingwenError as e:
            assert e.message["zh"].startswith("请求无效")
        else:
            raise AssertionError(bad)


def test_a_scored_removal_carries_the_cues_that_fired():
    view, _ = view_of("文档序号:CN2024105 来源:国知局\n春天的校园\n" + PARAGRAPH + "\n")
    first = view["rows"][0]["lines"][0]
    assert first["removed"] == "generic.score" and first["why"].startswith("meta_label")
    assert all("why" not in line for row in view["rows"][1:] for line in row["lines"])
