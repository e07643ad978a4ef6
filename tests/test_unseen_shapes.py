"""More page shapes of sites with no rule file (issue 12, third round), cleaned as users run the
command with site files off: a site's phone number, notice and column name above its breadcrumb,
范文 and blog intros (以下我给大家整理了…范文, 今天给各位分享…的知识…别忘了关注本站), 本文目录一览,
a 由小编来回答 aside; and the same words written by an author (a speech that shares something
today, a school notice's first sentence, a how-to's menu path) stay. Prose is invented here; the
platform phrases are as sites print them."""
from __future__ import annotations

import json

from conftest import run_jingwen

GENERIC = ("--select", "generic,norm,struct")


def clean(tmp_path, name: str, lines: list[str]) -> tuple[list[str], set[str]]:
    """The cleaned lines (blank lines dropped) and the ids of the rules that removed lines."""
    raw = tmp_path / f"{name}.txt"
    raw.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / f"{name}.json"
    result = run_jingwen("clean", raw, "-o", tmp_path / "out", *GENERIC, "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    kept = [x for x in (tmp_path / "out" / raw.name).read_text(encoding="utf-8").splitlines() if x.strip()]
    removed = json.loads(report.read_text(encoding="utf-8"))["files"][0]["removed"]
    return kept, {r["rule"] for r in removed}


def test_site_header_above_a_breadcrumb_goes_with_the_byline(tmp_path):
    body = ["小区停车位的归属,首先要看购房合同里是怎么约定的。", "如果合同没有写明,可以查看小区的规划图纸和物业的备案材料。"]
    page = ["020-3366-7788", "最新公告:NOTICE", "10月1日起,本中心法律咨询改为预约制,详情参阅服务指南公告", "",
            "物业纠纷", "当前位置:法律咨询 > 物业纠纷 > 车位纠纷 >", "小区车位到底归谁所有",
            "律师在线 发布时间:2025-02-17 14:05:33 浏览:", *body]
    kept, rules = clean(tmp_path, "law", page)
    assert kept == ["小区车位到底归谁所有", *(b.replace(",", "，") for b in body)]
    assert {"generic.above-breadcrumb", "generic.breadcrumb", "generic.byline"} <= rules


def test_fanwen_intro_goes_on_a_page_without_platform_lines(tmp_path):
    intro = ("每到毕业季,同学们总要写一份自我鉴定,回顾几年来的成长。怎样写才能既真实又有条理呢?"
             "以下我给大家整理了一些自我鉴定范文,希望对大家能够有所帮助。")
    page = [intro, "自我鉴定篇一", "三年的中专生活转眼就要结束了,我在老师的帮助下学到了扎实的专业知识。",
            "在校期间,我担任班级的学习委员,组织同学们开展了多次互助学习活动。"]
    kept, rules = clean(tmp_path, "fanwen", page)
    assert kept[0] == "自我鉴定篇一" and len(kept) == 3
    assert "generic.compiler-intro" in rules


def test_blog_share_intro_toc_label_and_aside_go(tmp_path):
    page = ["阳台种菜用什么土(阳台种菜用什么盆)",
            "今天给各位分享阳台种菜用什么土的知识,其中也会对阳台种菜用什么盆进行解释,"
            "如果能碰巧解决你现在面临的问题,别忘了关注本站,现在开始吧!",
            "本文目录一览:", "阳台种菜用什么土", "阳台种菜最好用疏松透气的营养土,可以在园艺店买现成的。",
            "关于阳台种菜用什么土,由小编来回答。", "普通的田园土容易板结,浇水以后不透气,根系容易烂掉。"]
    kept, rules = clean(tmp_path, "blog", page)
    assert kept == ["阳台种菜用什么土（阳台种菜用什么盆）", "阳台种菜用什么土",
                    "阳台种菜最好用疏松透气的营养土，可以在园艺店买现成的。",
                    "普通的田园土容易板结，浇水以后不透气，根系容易烂掉。"]
    assert "generic.compiler-aside" in rules
    assert rules & {"generic.header-label", "generic.related-list"}  # the TOC label: alone, or as its list's head


def test_an_authors_sentences_at_the_top_of_a_page_stay(tmp_path):
    for name, first in (("speech", "今天我给大家分享一下我读《平凡的世界》的体会。"),
                        ("notice", "以下是为大家整理的报名须知,供参考。"),
                        ("form", "如需下载报名表，请登录学校官网。")):
        page = [first, "报名时间为每周一至周五上午,地点在教学楼一楼的教务处。", "请同学们带好身份证和两张一寸照片。"]
        kept, rules = clean(tmp_path, name, page)
        assert len(kept) == 3 and not rules, (name, kept, rules)


def test_a_how_to_with_a_menu_path_keeps_the_lines_above_it(tmp_path):
    page = ["手机字体怎么调大", "家里的老人看不清手机上的字,可以把字体调大一些。", "设置 > 显示 > 字体大小",
            "拖动下面的滑块,字体就会跟着变大。", "调好以后,返回桌面看看效果。"]
    kept, rules = clean(tmp_path, "howto", page)
    assert kept[:2] == ["手机字体怎么调大", "家里的老人看不清手机上的字，可以把字体调大一些。"]
    assert "generic.above-breadcrumb" not in rules


def test_english_sign_in_widget_and_a_dated_tag_line_go(tmp_path):
    page = ["Sign in with Microsoft", "Sign in or create an account.", "Hello,", "Select a different account.",
            "You have multiple accounts", "Choose the account you want to sign in with.",
            "您可以為選取的文字變更字元間距,讓標題看起來更寬鬆。", "變更字元間距", "選取要變更的文字,然後開啟字型對話方塊。"]
    kept, rules = clean(tmp_path, "signin", page)
    assert kept[0].startswith("您可以為選取的文字") and len(kept) == 3
    assert "generic.sign-in-widget" in rules
    page = ["用Shell批量压缩日志", "2023-08-09 22:41:07 日志 压缩 运维", "前言",
            "服务器上的日志越积越多,每个月都要手动打包一次。", "下面这段脚本会把七天前的日志压缩成一个文件。"]
    kept, rules = clean(tmp_path, "tags", page)
    assert kept[:2] == ["用Shell批量压缩日志", "前言"] and "generic.post-date" in rules


def test_a_letters_hello_and_a_diary_date_stay(tmp_path):
    page = ["Hello,", "Thank you for the books you sent last week; the children loved them.",
            "We will write again after the summer term."]
    kept, rules = clean(tmp_path, "letter", page)
    assert kept == page and not rules
    page = ["2021-09-09 星期四 晴", "今天学校组织我们去郊外秋游,大家玩得很开心。", "回来的路上下起了小雨。"]
    kept, rules = clean(tmp_path, "diary", page)
    assert kept[0] == "2021-09-09 星期四 晴" and len(kept) == 3


def test_a_column_promotion_goes_only_with_its_closing_line(tmp_path):
    promo = ["欢迎大家订阅我的专栏:Python小游戏实战!", "本专栏旨在带大家用小游戏学会编程,每周更新两篇!", "专栏特色",
             "1.项目驱动:每篇做一个能玩的小游戏,代码完整可运行。", "适合人群:", "- 想用Python做点好玩东西的初学者"]
    body = ["第1题(列表)", "下面哪个方法可以在列表末尾添加一个元素:( )。", "A.append B.insert C.pop D.remove"]
    kept, rules = clean(tmp_path, "promo", [*promo, "附上汇总贴:小游戏合集 | 汇总_爱写代码的小明的博客-CSDN博客", *body])
    assert kept == ["第1题（列表）", "下面哪个方法可以在列表末尾添加一个元素：（ ）。", "A.append B.insert C.pop D.remove"]
    assert "generic.column-promo" in rules
    kept, rules = clean(tmp_path, "open", promo + body)  # no closing line: only the invitation itself goes
    assert len(kept) == len(promo) - 1 + len(body) and kept[0].startswith("本专栏旨在")


def test_an_opening_sentence_about_net_users_stays_under_a_byline(tmp_path):
    first = ("路由器可以把多台设备连到网上,现在还是有不少网友不了解路由器,路由器的功能是什么呢?"
             "路由器让家里的手机都能浏览网页,处理各个客户端的请求,作用还是比较大的。")
    page = ["发布者:网络小王 | 本文章发表于:2023-08-29 阅读数:2664", first, "路由器的功能是什么?",
            "转发数据:路由器根据目标地址,为每个数据包选择一条合适的路径。"]
    kept, rules = clean(tmp_path, "router", page)
    assert kept[0].startswith("路由器可以把多台设备连到网上") and len(kept) == 3


def test_skip_links_and_a_location_breadcrumb_go(tmp_path):
    page = ["跳到主要內容區塊", "手機選單", ":::", "校園公告", "您现在的位置是:网站首页>校园生活>社团活动社团活动",
            "社團招新說明", "本學期社團招新將在九月第二週舉行,請有興趣的同學準時到活動中心報名。"]
    kept, rules = clean(tmp_path, "school", page)
    assert "跳到主要內容區塊" not in kept and ":::" not in kept and not any("网站首页" in x for x in kept)
    assert {"generic.skip-link", "generic.breadcrumb"} <= rules


def test_docin_report_and_embed_dialogs_go_with_its_rule_file(tmp_path):
    raw = tmp_path / "docin.txt"
    dialog = ["举报该文档为侵权文档。", "反馈该文档无法正常浏览。", "将文档分享至:", "文档地址:", "粘贴到BBS或博客",
              "flash地址:", "支持嵌入FLASH地址的网站使用", "450px*300px480px*400px650px*490px", "您的内容已经提交成功",
              "你可能喜欢君,已阅读到文档的结尾了呢~~"]
    body = ["班级读书会活动方案", "一、活动目的", "让每位同学每学期至少读完两本课外书,并能和同伴交流读书心得。"]
    raw.write_text("\n".join([*body[:1], *dialog, *body[1:]]) + "\n", encoding="utf-8")
    result = run_jingwen("clean", raw, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr.decode()
    kept = [x for x in (tmp_path / "out" / raw.name).read_text(encoding="utf-8").splitlines() if x.strip()]
    assert kept == ["班级读书会活动方案", "一、活动目的", "让每位同学每学期至少读完两本课外书，并能和同伴交流读书心得。"]
