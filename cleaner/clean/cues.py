"""Cues that tell a platform's line from an author's, on any site: the evidence the line score
(``scoring.py``) weighs. Each cue is a small number (mostly 0 or 1) computed from one line's
folded text and where it sits on the page; none names a site.

>>> cues = line_cues("时间:2021-03-05 来源:本站原创 作者:admin 阅读量:501")
>>> cues["meta_label"], cues["date"], cues["counter_or_size"], cues["sentence"]
(3.0, 1.0, 0.0, 0.0)
>>> line_cues("当前世界产业发展集群化趋势日益明显,产业集群已成为产业升级的客观要求。")["sentence"]
1.0
>>> line_cues("XX文库 - 千万精品文档,你想要的都能搜到,下载即用。")["slogan"]
1.0
"""
from __future__ import annotations

from functools import lru_cache

from jingwen.cleaner.code_shapes import HTML_TAGS
from jingwen.cleaner.patterns import compile_pattern

# platform vocabulary: words of download pages, menus and counters (folded: Simplified, lower case)
_VOCAB = compile_pattern(
    r"下载|上传|会员|vip|收藏|举报|分享|阅读|浏览|预览|积分|金币|下载券|文库|本文档|帮助中心|登录|注册|客服|"
    r"充值|打印|评论|点击|查看|关注|搜索|首页|栏目|导航|网友|(?<![最较大])小编|本站|本网|字体|放大|缩小|原创|推荐|热门|"
    r"投稿|侵权|删除|版权|免费|付费|手机版|电脑版|二维码|扫码|公众号|客户端|app|kb|mb|"
    r"\bsign (?:in|up)\b|\blog ?in\b|\baccounts?\b")
# ``label: value`` shapes of bylines and metadata widgets
_META_LABEL = compile_pattern(
    r"(?:^|[\s|,;【\[(])(?:发布|更新|上传|录入|添加|修改)?(?:时间|日期)\s*:|"
    r"(?:^|[\s|,;【\[(])(?:来源|出处|作者|责任编辑|编辑|审核|整理|录入|发布者?|上传者?|上传人|"
    r"阅读量?|阅读次数|浏览量?|浏览次数|点击量?|点击数|人气|热度|评论|字体|字号|"
    r"文档序号|文档编号|编号|序号|格式|页数|大小|栏目|分类|所属分类|类别|标签|tags|关键字|"
    r"价格|售价|下载次数|下载量|文件大小|文件格式|贡献者|评分|等级|类型|关键词|知识点|章/节|tag|公告|"
    r"最新公告|电话|热线|qq|微信|分类标签|文章分类)\s*:|(?:^|\s)发表于\s*(?=\d)")
_DATE = compile_pattern(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?(?!\d)|\d{4}年\d{1,2}月")
# a date (and time) alone on its line, a weekday or ``#`` after it: a post's date above the text
DATE_LINE = compile_pattern(
    r"\s*(?:发布|更新)?(?:时间|日期)?\s*:?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:星期.|周.|#)?\s*|"
    r"\s*\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[\w#+.-]{1,10}){1,5}\s*")
_COUNTER_OR_SIZE = compile_pattern(
    r"\d+(?:\.\d+)?\s*(?:kb|mb|gb|k\b|m\b)|\d+\s*(?:次|人)?\s*(?:查看|阅读|浏览|下载|收藏|点赞|评论|次|人读|看过|围观)(?![\u4e00-\u9fff]{2})|"
    r"[共计]+\s*\d+\s*(?:页|道|题|篇|份|套)|\d+\s*(?:页|頁)\s*$|^\s*(?!0\d\s*$)\d+(?:\.\d+)?\s*$")
_DOMAIN = compile_pattern(
    r"(?:https?://|www\.)\S+|[a-z0-9-]{2,}\.(?:com|cn|net|org|cc|top|vip|info|edu)\b|icp|备案号|公网安备")
# a breadcrumb's or a menu's separators (a line may hold one piece: > 论文知识库); an XML tag's
# brackets (<config>) and the > before a quoted sentence (Markdown) are not (an HTML tag alone on
# its line, </div>, is a scraped page's residue: its bracket still counts)
_SEPARATOR = compile_pattern(r"\s[|>›»/]\s|^\s*[|›»/]|^\s*>\s*[^\s。，！？：:,.!?][^。，！？：:,.!?]{0,11}$"
                             r"|[|>›»/]\s*$|\||\s::\s")
_MARKUP_TAG = compile_pattern(r"</?(?P<name>[A-Za-z][\w:.-]*)(?:\s[^<>]*)?/?>")
_BRACKET_WIDGET = compile_pattern(r"【[^】]{1,10}】\s*【|【(?:字体|打印|关闭|收藏|返回|大|中|小)")
_SLOGAN = compile_pattern(
    r"欢迎(?:来到|访问|光临)|你想要的|您想要的|最新最全|一站式|海量|精品文档|千万|下载即用|"
    r"(?:分享|下载|学习|交流|资料|服务)平台|专业.{0,10}(?:平台|网站)|网站|好帮手|助手|赚钱")
_INTRO = compile_pattern(
    r"^(?:以下是|下面(?:是|我|(?<![最较大])小编|就|为)|(?<![最较大])小编|本文是|这是一篇)|(?<![最较大])小编|为大家|为您|给大家|给您|网友(?:为|给|整理|分享|上传|投稿)|帮助到|"
    r"整理(?:了|分享|的|发布)|(?:欢迎|敬请|供您)(?:阅读|参考|借鉴|下载|收藏)|希望(?:对|能)(?:你|您|大家)")
_QUESTION_BANK = compile_pattern(
    r"^(?:解析|答案|考点|点评|分析|详解|纠错|收藏本题|查看答案|查看解析)\s*:?\s*$|只看新题|组卷|\d+\s*道(?:试)?题|题库")
_SUMMARY_LABEL = compile_pattern(
    r"^\s*(?:【\s*(?:摘要|简介|导读|正文)\s*】|(?:文章大意|文本内容|内容摘要|文档内容|简介)\s*:)")
_FILE_EXT = compile_pattern(r"\.(?:docx?|pdf|pptx?|xlsx?|txt|rar|zip|wps)\b")
_NUMBERED = compile_pattern(r"^\s*(?:\d+\s*[.、:)]\s*){1,2}")
_BULLET = compile_pattern(r"^\s*[-•·*>▪◆■●]")
HEADING = compile_pattern(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条篇部分]|[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)]|"
    r"\d+(?:\.\d+)+\s)")
_SENTENCE = compile_pattern(r"[。;]|[!?]\s*$|[,、].{4,}[,、]")
_KEY_DROP = compile_pattern(r"[\W_]+")
# a site's name, alone or before its slogan: ``XX范文网 - 专业…平台``, ``三一办公``, ``XX文库``
_SITE_BANNER = compile_pattern(
    r"^\s*[\w.]{1,12}(?:网|文库|网站|平台|办公|题库|资源站|范文|文档|在线|中心|家园|之家)(?:\s*(?:[-_|—–:]|\s)\s*.{0,40})?$")
# a site's disclaimers of its content: ``本站所有内容均由网友上传…``
_DISCLAIMER = compile_pattern(
    r"(?:本站|本网|本平台|网站)(?:所有|全部|仅|只|不|部分|内容|资源|文档|提供|收录|发布)|侵权必究|如有侵权|"
    r"版权归.{0,10}所有|转载请注明|仅供(?:个人)?(?:学习|研究)|"
    r"(?:本|该)(?:资源|文档)(?:只|仅)?提供|请下载|下载后(?:查看|阅读|继续)|喜欢就下载")

_BANNER_SUFFIX = compile_pattern(r"网站|网|文库|平台|办公|题库|资源站|范文|文档|在线|中心|家园|之家")
_DASHED = compile_pattern(r"\s[-—–|]\s|赚钱")


def is_site_banner(folded: str) -> bool:
    """A site's name with its slogan (``XX范文网 - 专业…分享平台``, ``上传文档赚钱``): never the
    document's title.

    >>> is_site_banner("淘文阁 - 分享文档赚钱的网站"), is_site_banner("关于建设校园服务平台的方案")
    (True, False)
    """
    text = folded.lower()
    return bool(_SLOGAN.search(text)) and bool(_SITE_BANNER.search(text) or _DASHED.search(text))


# any of the cues a line's words give (not its shape or place): one search tells whether a line
# in the middle of the body needs scoring at all (``scoring.page_cues``)
CONTENT = compile_pattern("|".join(f"(?:{p.pattern})" for p in (
    _VOCAB, _META_LABEL, _DATE, _COUNTER_OR_SIZE, _DOMAIN, _SEPARATOR, _BRACKET_WIDGET, _SLOGAN, _INTRO,
    _QUESTION_BANK, _SUMMARY_LABEL, _FILE_EXT, _SITE_BANNER, _DISCLAIMER)))
@lru_cache(maxsize=8192)
def has_content(folded: str) -> bool:
    """Whether any cue of the line's words fires (lines repeat from page to page: asked once)."""
    return CONTENT.search(folded.lower()) is not None


# the cues a line without any content cue can still have, away from the header and footer
SHAPE_CUES = ("numbered", "bullet", "heading", "sentence", "short", "medium", "long", "title_variant", "sentence_long")

CUES = ("vocab", "meta_label", "date", "counter_or_size", "domain", "separator", "bracket_widget", "slogan",
        "intro", "question_bank", "summary_label", "file_ext", "numbered", "bullet", "heading", "sentence",
        "short", "medium", "long", "header", "footer", "title_variant",
        "vocab_short", "vocab_header", "sentence_long", "vocab_dense", "vocab_sentence", "site_banner", "disclaimer",
        "date_header")


# cues of a site's furniture (menus, banners, a domain, a 范文 intro, a widget, a file name): on a
# page that shows no platform line, what the score needs besides platform words, labels and
# counters, which an author's own headings and lists use as well (会员章程, 页数:191页, 1. 上传)
SITE_CUES = ("separator", "domain", "slogan", "site_banner", "intro", "bracket_widget", "question_bank",
             "summary_label", "file_ext")
# a date stamped to the second (时间:2024-04-28 19:28:06): a machine's, not an author's
TIMESTAMP = compile_pattern(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}:\d{2}")
# a counter of readers' actions (0 次下载, 501 查看, 1234人阅读): a site's widget, where a page count
# or a file size (共3页, 25.6MB) may be the author's
_SITE_COUNTER = compile_pattern(
    r"\d+\s*(?:次|人)?\s*(?:查看|阅读|浏览|下载|收藏|点赞|评论|人读|看过|围观)(?![\u4e00-\u9fff]{2})")
# labels a site gives its pages (来源:, 阅读量:, 文档序号:); an author labels 作者:, 时间:, 页数: too,
# and a settings guide 字号: (a site's font-size tools are generic.page-tools and generic.lone-label)
_SITE_LABEL = compile_pattern(
    r"(?:^|[\s|,;【\[(])(?:来源|出处|责任编辑|发布者|上传者?|上传人|上传时间|录入|阅读量|阅读次数|浏览量?|浏览次数|"
    r"点击量?|点击数|人气|热度|文档序号|文档编号|下载次数|下载量|文件大小|文件格式|贡献者|所属分类|栏目|tags?)\s*:")


def _names_a_site(text: str) -> bool:
    """A banner's name is a proper name (三一办公, 360文档中心), not platform words and a suffix
    (下载中心, 会员中心: a column's name).

    >>> _names_a_site("三一办公"), _names_a_site("下载中心")
    (True, False)
    """
    return key_length(_BANNER_SUFFIX.sub("", _VOCAB.sub("", text))) > 0


def shows_site(folded: str, cues: dict) -> bool:
    """Whether a line shows a site's furniture, not only words an author's heading uses too.

    >>> shows_site("首页 :: 新随笔 :: 联系", line_cues("首页 :: 新随笔 :: 联系"))
    True
    >>> shows_site("时间:2024-04-28 19:28:06", {}), shows_site("文档序号:CN2024105 来源:国知局", {})
    (True, True)
    >>> shows_site("第5章第3节 学案 0 次下载", {}), shows_site("共3页", {})
    (True, False)
    >>> shows_site("1. 上传", line_cues("1. 上传")), shows_site("页数:191页", line_cues("页数:191页"))
    (False, False)
    >>> shows_site("三一办公", line_cues("三一办公")), shows_site("下载中心", line_cues("下载中心"))
    (True, False)
    """
    text = folded.lower()
    if any(cues.get(c) for c in SITE_CUES if c != "site_banner") or (cues.get("site_banner") and _names_a_site(text)):
        return True
    return any(p.search(text) is not None for p in (TIMESTAMP, _SITE_LABEL, _SITE_COUNTER))


def key_length(folded: str) -> int:
    """Letters and digits of a line (punctuation and spaces not counted).

    >>> key_length("阅读量: 501 | 查看")
    8
    """
    return len(_KEY_DROP.sub("", folded))


def topic_words(title_key: str | None) -> frozenset:
    """The platform words of the title: the document's subject, not a platform's widget
    (a guide to 打印预览 says 打印 and 预览 in its headings).

    >>> sorted(topic_words("word打印预览的字为什么好小"))
    ['打印', '预览']
    """
    return frozenset(_VOCAB.findall(title_key.lower())) if title_key else frozenset()


def _separators(text: str) -> int:
    """Separators in ``text``, XML tags taken out first (``<config>`` holds none; ``</div>`` does)."""
    if "<" in text:
        text = _MARKUP_TAG.sub(lambda m: m.group() if m.group("name").lower() in HTML_TAGS else " ", text)
    return min(3, len(_SEPARATOR.findall(text)))


@lru_cache(maxsize=8192)  # a site's lines repeat from page to page: each is weighed once (do not mutate)
def line_cues(folded: str, header: bool = False, footer: bool = False, title_variant: bool = False,
              topic: frozenset = frozenset()) -> dict:
    """The cues of one line (``folded`` text; ``header``/``footer``: where it sits;
    ``title_variant``: the title with something added, such as a number or a site's name;
    ``topic``: platform words of the title, not counted as platform vocabulary)."""
    text = folded.lower()
    n = key_length(text)
    words = [w for w in _VOCAB.findall(text) if w not in topic]
    vocab = min(3, len(words))
    sentence = 1.0 if _SENTENCE.search(text) else 0.0
    short = 1.0 if n <= 8 else 0.0
    return {
        "vocab": float(vocab),
        "meta_label": float(min(3, len(_META_LABEL.findall(text)))),
        "date": 1.0 if _DATE.search(text) else 0.0,
        "counter_or_size": 1.0 if _COUNTER_OR_SIZE.search(text) else 0.0,
        "domain": 1.0 if _DOMAIN.search(text) else 0.0,
        "separator": float(_separators(text)),
        "bracket_widget": 1.0 if _BRACKET_WIDGET.search(text) else 0.0,
        "slogan": 1.0 if _SLOGAN.search(text) else 0.0,
        "intro": 1.0 if _INTRO.search(text) else 0.0,
        "question_bank": 1.0 if _QUESTION_BANK.search(text) else 0.0,
        "summary_label": 1.0 if _SUMMARY_LABEL.search(text) else 0.0,
        "file_ext": 1.0 if _FILE_EXT.search(text) else 0.0,
        "numbered": 1.0 if _NUMBERED.search(text) else 0.0,
        "bullet": 1.0 if _BULLET.search(text) else 0.0,
        "heading": 1.0 if HEADING.search(text) else 0.0,
        "sentence": sentence,
        "short": short,
        "medium": 1.0 if 8 < n <= 24 else 0.0,
        "long": 1.0 if n >= 48 else 0.0,
        "header": 1.0 if header else 0.0,
        "footer": 1.0 if footer else 0.0,
        "title_variant": 1.0 if title_variant else 0.0,
        "vocab_short": float(vocab) if n <= 16 else 0.0,
        "vocab_header": float(vocab) if header else 0.0,
        "sentence_long": 1.0 if sentence and n >= 30 else 0.0,
        "vocab_dense": 1.0 if vocab and 2 * sum(map(len, words)) >= n else 0.0,
        "vocab_sentence": float(vocab) if sentence else 0.0,
        "site_banner": 1.0 if _SITE_BANNER.search(text) else 0.0,
        "disclaimer": 1.0 if _DISCLAIMER.search(text) else 0.0,
        "date_header": 1.0 if header and DATE_LINE.fullmatch(text) else 0.0,
    }


@lru_cache(maxsize=8192)
def prose_like(folded: str) -> bool:
    """A line that reads as the author's prose: long, a sentence, no platform words or labels.

    >>> prose_like("当前世界产业发展集群化趋势日益明显,产业集群已成为产业升级的客观要求。")
    True
    >>> prose_like("本资源只提供10页预览,全部文档请下载后查看!喜欢就下载吧,查找使用更方便。")
    False
    """
    text = folded.lower()
    return (len(text) >= 20 and _SENTENCE.search(text) is not None and key_length(text) >= 20
            and not _VOCAB.search(text) and not _META_LABEL.search(text) and not _INTRO.search(text))
