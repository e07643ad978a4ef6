"""Page shapes of sites with no rule file (issue 12), cleaned as users run the command with
site files off: the header reaches past a greeting and a breadcrumb that ends in a long title,
the title survives its own platform words, copies of it go, forum jammer lines go; and the
same shapes written by an author (a diary's date, a greeting, variable names) stay."""
from __future__ import annotations

import json

import pytest
from conftest import run_jingwen

GENERIC = ("--select", "generic,norm,struct")


def clean(tmp_path, name: str, text: str) -> tuple[list[str], list[dict]]:
    """The cleaned lines (blank lines dropped) and the removals reported for one page."""
    raw = tmp_path / f"{name}.txt"
    raw.write_text(text, encoding="utf-8")
    report = tmp_path / f"{name}.json"
    result = run_jingwen("clean", raw, "-o", tmp_path / "out", *GENERIC, "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    lines = [x for x in (tmp_path / "out" / raw.name).read_text(encoding="utf-8").splitlines() if x.strip()]
    return lines, json.loads(report.read_text(encoding="utf-8"))["files"][0]["removed"]


TITLE = "小型商店如何用表格管理库存:从进货登记到月底盘点的5MB模板"
BODY = ["开一家小店,最让人头疼的往往不是卖货,而是弄清楚仓库里到底还剩多少东西。",
        "每次进货时,把商品名称、数量和进价写进同一张表,日期写在最左边一列。"]


def test_greeting_and_long_breadcrumb_stay_in_the_header(tmp_path):
    page = ["欢迎来到星河网站建设!", "关于我们 客户服务", f"您的位置:首页 > 资讯 > 行业动态 > {TITLE}", TITLE,
            "2025-06-18 来源:https://blog.example.net/shop/1024  浏览:    关键词:库存", TITLE,
            "【免费下载链接】shop-sheet 小店库存表格模板 项目地址: https://gitcode.com/mirrors/shop-sheet", *BODY]
    lines, removed = clean(tmp_path, "studio", "\n".join(page) + "\n")
    assert lines[0] == TITLE.replace(":", "：")  # kept once, although 5MB reads as a file size
    assert len(lines) == 1 + len(BODY)
    rules = {r["rule"] for r in removed}
    assert {"generic.site-welcome", "generic.breadcrumb", "generic.promo-link"} <= rules


def test_title_with_a_copy_number_and_a_cut_off_summary_go(tmp_path):
    page = ["社区志愿服务工作总结", "社区志愿服务工作总结2", "作者:生活技巧分享网", "|", "528人看过",
            "发布时间:2025-11-03 09:12:45",
            "社区志愿服务工作总结过去一年,我们社区志愿服务队在街道党工委的指导下,围绕邻里守望的主题开展了一系列活动,"
            "志愿者每周上门两",
            "过去一年,我们社区志愿服务队在街道党工委的指导下,围绕邻里守望的主题开展了一系列活动,志愿者每周上门两次。",
            "一、主要工作", "我们组织居民清理楼道杂物,在空地上种植花草,小区面貌焕然一新。"]
    lines, removed = clean(tmp_path, "summary", "\n".join(page) + "\n")
    assert lines[0] == "社区志愿服务工作总结" and "社区志愿服务工作总结2" not in lines
    assert not any(x.endswith("每周上门两") for x in lines)
    assert lines[1].startswith("过去一年") and lines[-2:] == ["一、主要工作", "我们组织居民清理楼道杂物，在空地上种植花草，小区面貌焕然一新。"]
    by_rule = {r["rule"] for r in removed}
    assert {"generic.duplicate-title", "generic.auto-summary"} <= by_rule


def test_forum_jammer_lines_go_and_variable_names_stay(tmp_path):
    page = ["新学期班级工作计划的写法", "首先要摸清班级的情况,学生的成绩、性格和家庭背景都要心中有数。",
            ", k_ P2 q: a7 W& e9 Z. u; r", "其次要定好目标,目标不宜太多,两三条就够了。", "8 m* R4 b! J0 x; t5 Q$ c& d",
            "x1 x2 x3 y1 y2 y3", "最后要留出调整的余地,期中时要回头看一看。"]
    lines, removed = clean(tmp_path, "forum", "\n".join(page) + "\n")
    assert [r["rule"] for r in removed] == ["generic.jammer", "generic.jammer"]
    assert "x1 x2 x3 y1 y2 y3" in lines and len(lines) == 5


def test_a_dated_byline_goes(tmp_path):
    page = ["全国中学生作文大赛写作要求", "2023-03-16 来源:某某教育网", "要求:取譬适当,行文畅达,感情真挚,戒用套语。",
            "请以“遇见”为题,写一篇作文,字数在一千五百字左右。"]
    lines, removed = clean(tmp_path, "byline", "\n".join(page) + "\n")
    assert [r["rule"] for r in removed] == ["generic.byline"] and len(lines) == 3


@pytest.mark.parametrize("first", ["2021年9月9日 星期四 晴", "欢迎来到北京!", "关于建设校园服务平台的方案", "作者:张三 李四 王五"])
def test_an_authors_first_line_stays(tmp_path, first):
    page = [first, "今天和同学们一起去博物馆参观,看到了很多古代的青铜器。", "回家以后,我把看到的东西都写进了日记里。"]
    lines, removed = clean(tmp_path, "own", "\n".join(page) + "\n")
    assert removed == [] and len(lines) == 3


def test_the_issues_wenku_page_cleans_whole(tmp_path):
    """The slogans, breadcrumb, bylines, 范文 intro and preview notices issue 12 lists, around a plan."""
    body = ["校园绿化工作方案", "为了营造整洁优美的校园环境,学校决定在春季开展绿化美化活动,现将有关安排说明如下。",
            "一、工作目标", "通过植树、种花和养护,使校园绿化覆盖率明显提高,形成四季有绿、三季有花的景观。"]
    page = ["XX文库 - 千万精品文档,你想要的都能搜到,下载即用。", "文档库 最新最全的文档下载",
            "当前位置:文档库 › 校园绿化工作方案", body[0],
            "时间:2023-04-02 来源:本站原创 作者:佚名 编辑:小王 责任编辑:admin", "更新时间:2023-04-02 阅读量:881",
            "來源:市教育局【字體:放大 正常 縮小】【打印頁面】", "以下是网友为大家整理分享的校园绿化工作方案,欢迎阅读与收藏。",
            *body[1:], "本资源只提供10页预览,全部文档请下载后查看!喜欢就下载吧,查找使用更方便", "当前文档共51页 2.88",
            "下载后继续阅读", "上一篇:校园安全工作方案", "下一篇:学校卫生工作计划"]
    lines, _ = clean(tmp_path, "wenku", "\n".join(page) + "\n")
    assert [x.replace("，", ",") for x in lines] == body  # normalize writes the full-width comma


def test_question_bank_buttons_go_and_the_explanation_stays(tmp_path):
    page = ["软件设计师历年真题", "| 共计 160 道试题", "只看新题", "第1题",
            "数据流图中的加工必须有输入和输出,下列说法正确的是( )。", "A. 加工可以只有输入", "B. 加工必须既有输入又有输出",
            "解析", "加工是对数据的变换,因此必须既有输入又有输出。"]
    lines, removed = clean(tmp_path, "bank", "\n".join(page) + "\n")
    assert {r["text"] for r in removed} == {"| 共计 160 道试题", "只看新题"}
    assert lines[0] == "软件设计师历年真题" and "解析" in lines and len(lines) == len(page) - 2
