"""HTML from a site with no known content container: trafilatura picks the article's lines
(``html.extract``), the cleaning rules run on them; a known container is read as before.

The fixtures imitate real pages (a 范文 site with a menu, breadcrumbs, a sidebar, comments and a
footer in plain ``<div>``s; a book118 preview page), with the platform phrases exact and the
prose written for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_jingwen
from jingwen.cleaner.model.document import HEADING
from jingwen.cleaner.readers import read_bytes
from jingwen.cleaner.readers.html_extract import kept_lines

FIXTURES = Path(__file__).parent / "fixtures" / "html"
UNKNOWN = FIXTURES / "unknown_site.html"
BOOK118 = FIXTURES / "book118_container.html"
ARTICLE = [
    "城南旧事读后感",
    "寒假里，我读了林海音的《城南旧事》。这本书用一个小姑娘的眼睛，写出了老北京城南一条胡同里的人和事，"
    "读完以后，那些人物好像一直站在我的面前。",
    "书里的小英子住在北京城南的一条胡同里。她常常坐在门口，看骆驼队慢慢走过，看井边打水的人说说笑笑。"
    "她用孩子的眼睛看着身边的大人们，看到了许多悲欢离合，却从来不用大人的道理去评判他们。",
    "一、难忘的人物",
    "书中有好几个人物让我久久不能忘记，下面是我印象最深的三个：",
    "疯女人秀贞，一直在等她失散多年的孩子小桂子，每天都站在会馆门口张望。",
    "藏在草丛里的年轻人，偷东西其实是为了供弟弟读书，他和小英子约定一起去看海。",
    "宋妈，为了挣钱离开了自己的家，最后才知道自己的两个孩子都已经不在了。",
    "二、我的收获",
    "我把每一章的感受记在了一张表里：",
    "章节\t我的感受",
    "惠安馆\t同情秀贞和妞儿",
    "我们看海去\t分不清好人和坏人",
    "爸爸的花儿落了\t长大就要学会坚强",
    "读完这本书，我明白了成长就是一次又一次的告别。小英子送走了秀贞、送走了宋妈，最后送走了爸爸，"
    "她也从一个懵懂的孩子变成了能照顾弟弟妹妹的大姐姐。",
    "以后我也要像小英子一样，用善良的眼睛去看身边的每一个人，也学会珍惜和家人在一起的每一天。",
]
SIDEBAR_AND_COMMENTS = ["热门文章", "红楼梦读后感800字", "城南旧事好词好句摘抄", "网友评论",
                        "写得真好，我也喜欢这本书！"]


def test_an_unknown_site_cleans_to_its_article_lines(tmp_path):
    report = tmp_path / "report.json"
    result = run_jingwen("clean", UNKNOWN, "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines() == ARTICLE
    removed = json.loads(report.read_text(encoding="utf-8"))["files"][0]["removed"]
    by_extractor = {r["text"] for r in removed if r["rule"] == "html.extract"}
    assert set(SIDEBAR_AND_COMMENTS) <= by_extractor
    assert not by_extractor & set(ARTICLE)


def test_without_the_extractor_the_sidebar_and_comments_stay():
    """Only the sidebar's lone label goes by a rule (generic.blog-label); its titles and the
    comments need the extractor."""
    result = run_jingwen("clean", UNKNOWN, "--ignore", "html.extract")
    lines = result.stdout.decode().splitlines()
    assert {"红楼梦读后感800字", "写得真好，我也喜欢这本书！"} <= set(lines)
    assert "热门文章" not in lines
    assert [line for line in lines if line in ARTICLE] == ARTICLE


def test_the_diff_shows_what_the_extractor_removed():
    diff = run_jingwen("clean", UNKNOWN, "--diff").stdout.decode().splitlines()
    assert "-热门文章" in diff and "-写得真好，我也喜欢这本书！" in diff
    assert " 一、难忘的人物" in diff


def test_headings_lists_and_tables_keep_their_kinds():
    doc = read_bytes(UNKNOWN.read_bytes(), UNKNOWN.name, "html")
    kinds = {b.text: (b.kind, b.level) for b in doc.blocks}
    assert kinds["城南旧事读后感"] == (HEADING, 1) and kinds["二、我的收获"] == (HEADING, 2)
    assert kinds["惠安馆\t同情秀贞和妞儿"] == ("paragraph", 0)
    assert [b.line for b in doc.blocks] == sorted(b.line for b in doc.blocks)  # the page's own line numbers
    assert not {b.line for b in doc.blocks} & {c.line for c in doc.log}


def test_a_known_container_page_is_read_exactly_as_before():
    """The expected file is the output of the reader before trafilatura came in."""
    result = run_jingwen("clean", BOOK118)
    assert result.stdout == (FIXTURES / "book118_container.expected.txt").read_bytes()
    doc = read_bytes(BOOK118.read_bytes(), BOOK118.name, "html", ["#contents"])
    assert not doc.log


def test_a_page_wrapped_in_a_form_is_read():
    """ASP.NET-style pages put the whole body in a <form> (and broken pages in an unclosed
    <header>): dropped by tag, nothing was left; the extractor weighs them instead."""
    body = "".join(f"<p>{line}</p>" for line in ARTICLE[1:3] + ARTICLE[-2:])
    page = (f"<html><body><form id='aspnetForm'><div class='menu'><a>首页</a> <a>读后感</a></div>"
            f"<div class='content'><h1>城南旧事读后感</h1>{body}</div>"
            f"<div class='links'><a>上一篇</a> <a>下一篇</a></div></form></body></html>")
    doc = read_bytes(page.encode(), "form.html", "html")
    assert [b.text for b in doc.blocks] == ARTICLE[:3] + ARTICLE[-2:]


def test_a_short_page_is_read_as_before():
    page = "<html><body><div>首页 登录</div><h1>通知</h1><p>明天下午三点开会。</p></body></html>"
    doc = read_bytes(page.encode(), "short.html", "html")
    assert [b.text for b in doc.blocks] == ["首页 登录", "通知", "明天下午三点开会。"] and not doc.log


def test_lines_are_matched_by_letters_where_pieces_or_words_meet():
    pieces = ["关于春天", "春天来了，万物复苏。报纸上的新闻说。", "Gr\u00fc\u00dfe aus K\u00f6ln"]
    lines = ["新闻", "关于春天", "春天来了，万物复苏。", "报纸上的新闻说。", "Gru\u0308\u00dfe aus Ko\u0308ln", "***",
             "相关文章"]
    assert kept_lines(lines, pieces) == [False, True, True, True, True, True, False]
    assert kept_lines(["Sch\u00adlüssel und Tür"], ["Schlüssel und Tür"]) == [True]
