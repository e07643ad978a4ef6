"""Notices printed on every page of a preview: a line with a web address that the whole file
repeats (``本試閱檔為五南所有。如欲購買此書,請至五南網站 www.wunan.com.tw``), and the lines that
follow each copy (the address's wrapped end ``tw``, a phone line ``或來電(02)2705-5066``).

The copies are counted over the whole file before it is cleaned, so a large file cleaned in
segments loses the same lines as when it is cleaned whole (``stream.py`` counts them in a first
pass; a page counts its own lines).

>>> page = "本书试读版为青山所有,如欲购买请至 www.qingshan.com\\n或来电(02)2345-6789\\n第一章\\n" * 3
>>> found = RunningNotices(min_count=3).add_text(page).found()
>>> sorted(len(keys) for keys in found)
[1, 1]
"""
from __future__ import annotations

from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.textfold import fold_text, key_of_folded

# on raw text, before folding: a line that may hold a web address (most lines have none)
# (case by case rather than ignoring case: several times faster over a large file)
MAY_HOLD_ADDRESS = compile_pattern(r"www\.|WWW\.|https?://|HTTPS?://"
                                   r"|\.(?:com|cn|net|org|edu|gov|tw|hk|COM|CN|NET|ORG|EDU|GOV|TW|HK)\b")
# a notice's words, in either script: asked of the raw line first, then of the folded one
_NOTICE_WORDS = compile_pattern(r"所有|版[权權]|[购購][买買书書]|[试試][读讀阅閱]|[预預][览覽]"
                                r"|下[载載]|[转轉][载載]|本站|本[书書]|[请請]至")
_WEB_ADDRESS = compile_pattern(r"(?:https?://|www\.)\S+|[a-z0-9-]{2,}\.(?:com|cn|net|org|edu|gov|tw|hk)\b")
_ADDRESS_END = compile_pattern(r"(?:com|net|org|edu|gov)?\.?(?:tw|hk|cn)/?")
_PHONE = compile_pattern(r"^\W{0,2}(?:或|请)?(?:来电|电话|致电|客服)\W{0,2}(?:\(\d{2,4}\))?\s*[\d-]{7,14}\W{0,2}$")
FOLLOWERS = 3  # lines after a copy that may be its wrapped address or phone line
FOLLOWER_CHARS = 40  # a follower is shorter than this
_FOLLOWER_SPAN = 400  # characters after a copy where its followers are looked for

MAX_KEYS = 100_000  # distinct candidates kept: memory stays bounded on a file of web addresses


def max_line_length(max_key: int) -> int:
    """The longest line a notice may be: its words, the web address and a little more."""
    return 2 * max_key + 40


def notice_key(folded: str, max_key: int = 40) -> str:
    """The key of a notice line (its text before the web address; copies wrapped mid-address
    compare equal), or "" when the line is no notice: no address, too short or long, or none of
    a notice's words (所有, 购买, 试读, 下载, 请至 …; an author's 详情请访问 is none)."""
    if len(folded) > max_line_length(max_key):  # a paragraph that gives an address is no notice
        return ""
    address = _WEB_ADDRESS.search(folded.lower())
    if address is None:
        return ""
    before = folded[:address.start()]
    k = key_of_folded(before)
    return k if 8 <= len(k) <= max_key and _NOTICE_WORDS.search(before) else ""


def follower_key(folded: str) -> str:
    """The key of a line that may follow a notice's copy: the address's wrapped end or a phone line
    ("" for any other line)."""
    text = folded.strip()
    if len(text) >= FOLLOWER_CHARS or not (_ADDRESS_END.fullmatch(text) or _PHONE.match(text)):
        return ""
    return key_of_folded(text) or text


class RunningNotices:
    """Counts notice lines and their followers over a file, text by text (raw text; the lines
    that hold a web address are found by one regular expression, then folded)."""

    def __init__(self, min_count: int = 3, max_key: int = 40) -> None:
        self.min_count, self.max_key = min_count, max_key
        self.max_line = max_line_length(max_key)
        self.copies: dict[str, int] = {}
        self.followed: dict[tuple[str, str], int] = {}

    @classmethod
    def for_params(cls, params: dict) -> RunningNotices:
        """An empty counter with a rule's parameters (``min_count``, ``max_key_length``)."""
        return cls(int(params.get("min_count", 3)), int(params.get("max_key_length", 40)))

    def add_text(self, text: str, lookahead: str = "") -> RunningNotices:
        """Count the notices in ``text`` (whole lines); ``lookahead``: the text after it, where the
        followers of its last copies may stand."""
        line_end = -1
        for m in MAY_HOLD_ADDRESS.finditer(text):
            if m.start() < line_end:
                continue  # another address on a line already counted
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end].strip()
            if len(line) > self.max_line or not _NOTICE_WORDS.search(line):
                continue
            k = notice_key(fold_text(line), self.max_key)
            if not k or (k not in self.copies and len(self.copies) >= MAX_KEYS):
                continue
            self.copies[k] = self.copies.get(k, 0) + 1
            after = text[line_end:line_end + _FOLLOWER_SPAN]
            if len(after) < _FOLLOWER_SPAN:
                after += lookahead[:_FOLLOWER_SPAN]
            for follower in [x.strip() for x in after.split("\n")[1:] if x.strip()][:FOLLOWERS]:
                f = follower_key(fold_text(follower)) if len(follower) < FOLLOWER_CHARS else ""
                if not f:
                    break
                self.followed[(k, f)] = self.followed.get((k, f), 0) + 1
        return self

    def found(self) -> tuple[frozenset[str], frozenset[str]]:
        """The keys of the notices repeated ``min_count`` times or more, and of their followers."""
        notices = frozenset(k for k, n in self.copies.items() if n >= self.min_count)
        followers = frozenset(f for (k, f), n in self.followed.items() if k in notices and n >= self.min_count)
        return notices, followers
