"""Rule files: loading, selecting, and telling which platform a page came from.

Each ``cleaner/rules/<platform>.toml`` describes one platform (or ``generic.toml``, residue
shared by many) as data::

    [platform]
    id = "renrendoc"
    name = "人人文库"
    domains = ["renrendoc.com"]
    signatures = ['版权说明:本文档由用户提供并上传']   # regexes on folded text

    [[rules]]
    id = "renrendoc.copyright"
    description = "版权说明 notice under the preview"
    name_zh = "人人文库版权说明"                        # the Chinese name the web page shows …
    description_zh = "预览下面的“版权说明”一行。"          # … and one Chinese sentence
    lines = ['版权说明:本文档由用户提供并上传.*']      # each must match a whole folded line

Patterns are matched against *folded* text (see ``textfold``): half-width punctuation,
Simplified characters, single spaces, mirror pinyin removed, case ignored. A rule may hold
``lines`` (whole-line regexes), ``fragments`` (regexes cut out of a line, anchored at its
start or end or otherwise clearly delimited) and ``sections`` (a start line plus following
lines: ``then = N`` lines, lines matching ``items``, or up to a line matching ``until``).
``zone = "header"`` limits a rule to the page header before the body starts, ``zone = "footer"``
to the page footer after the body's last line, ``zone = "scraped"`` to a page that shows platform
lines, ``zone = "scraped-header"`` to the header of such a page, ``zone = "edges"`` to the header and
footer of any page and the whole of a scraped one; ``builtin``
names a check implemented in ``clean/title.py``, ``residue.py``, ``chunks.py`` or ``tail.py``
with its parameters as data.
``name_zh`` and ``description_zh`` are the rule's Chinese name and one-sentence description
(what the web page shows).

A user's file may also hold ``[[exceptions]]`` (an ``id`` and ``lines``): a whole line they
match is never removed by any rule ("never remove this" on the web page). ``detect = false``
in ``[platform]`` says the file names no platform (a user's own rules): its rules firing never
make it the reported source of a document.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import namedtuple
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

from jingwen.cleaner.model.errors import RuleError
from jingwen.cleaner.patterns import (
    cached,
    compile_pattern,
    max_width,
    required_literal,
    required_literals,
    save_cache,
    searchable,
)
from jingwen.cleaner.settings import id_matches

RULES_DIR = Path(__file__).with_name("rules")
FLAGS = re.IGNORECASE
# where a rule applies: anywhere; in the page header or footer; anywhere on a page that shows
# platform lines ("scraped": a lone 下载须知 or 隐私政策 is a site's link there, a document's title
# elsewhere) or only in such a page's header ("scraped-header"); above and below the text of any
# page and anywhere on a scraped one ("edges": a lone 查看更多 or 上一篇)
ZONES = ("any", "header", "footer", "scraped", "edges", "scraped-header")


class Section(namedtuple("Section", "start then items until within needs values",
                          defaults=(0, None, None, 40, None, False))):
    """A rule's section: the ``start`` label line and what follows it within ``within`` lines:
    up to a line matching ``until``, or the run of lines matching ``items``, then ``then`` more
    lines; with ``values``, a label ending in ``:`` may have its value on the next line (a site's
    field table: ``• 发文字号:`` / ``镇政发〔2024〕7号``); with ``needs``, only a section one of
    whose lines matches it (a book's fields go when one of them is a shop's own, 商品编码 or 开本)
    (a named tuple: cheaper to define than a dataclass)."""

    __slots__ = ()


# Rule, Platform and RuleSet are plain classes, not dataclasses: this module loads with every
# `clean`, and defining a dataclass costs ~0.6 ms.
class Rule:
    """One rule of a rule file (see cleaner/rules/*.toml)."""

    def __init__(self, id: str, description: str, platform: str, name_zh: str = "", description_zh: str = "",
                 lines: list[str] | None = None, fragments: list[re.Pattern] | None = None,
                 sections: list[Section] | None = None, zone: str = "any", builtin: str | None = None,
                 params: dict | None = None, evidence: bool = True, line_pattern: re.Pattern | None = None,
                 max_width: float = 0, fragment_literals: tuple[str | None, ...] = ()):
        self.id, self.description, self.platform = id, description, platform
        self.name_zh, self.description_zh = name_zh, description_zh
        self.lines = lines or []  # pattern sources; matched as one union
        self.fragments = fragments or []
        self.sections = sections or []
        self.zone = zone  # any | header | footer | scraped | edges | scraped-header
        self.builtin = builtin
        self.params = params or {}
        self.evidence = evidence  # a match is evidence that the text is a scraped preview
        self.line_pattern = line_pattern  # the union of ``lines``
        self.max_width = max_width  # the longest line ``lines`` can match
        self.fragment_literals = fragment_literals  # text each fragment needs (a cheap pre-test)

    def match_line(self, folded: str) -> bool:
        """Whether one of ``lines`` matches the whole (folded) line; ``clean`` asks all rules at
        once through ``line_union`` and calls this only for blocks with rules switched off."""
        if self.line_pattern is None and self.lines:
            self.line_pattern = _compile_union(self.lines, self.id)
        return self.line_pattern is not None and self.line_pattern.fullmatch(folded) is not None


class Platform:
    """A rule file's ``[platform]`` table."""

    def __init__(self, id: str, name: str, names: list[str], domains: list[str], signatures: list[re.Pattern],
                 html_containers: list[str], chunked: bool, source: Path, template: bool = False,
                 detect: bool = True):
        self.id, self.name, self.names, self.domains = id, name, names, domains
        self.signatures, self.html_containers, self.chunked, self.source = signatures, html_containers, chunked, source
        self.template = template  # shared page template (wenku-cms): reported only when no site is named
        self.detect = detect  # False: never reported as the source (a user's own rule file)


class RuleSet:
    """The platforms and rules in use."""

    def __init__(self, platforms: dict[str, Platform], rules: list[Rule], exceptions: list[Rule] | None = None,
                 templates: dict[str, int] | None = None, ignored: list[Rule] | None = None):
        self.platforms, self.rules = platforms, rules
        self.exceptions = exceptions or []  # lines no rule removes
        self.templates = templates or {}  # learnt from the batch: line pattern -> pages
        self.ignored = ignored or []  # rules the user switched off (--ignore): their lines stay

    def excepted(self, folded: str) -> bool:
        """Whether an exception matches this whole (folded) line.

        >>> RuleSet({}, [], [Rule("user.keep-1", "", "user", lines=["查看更多"])]).excepted("查看更多")
        True
        """
        return any(e.match_line(folded) for e in self.exceptions)

    @property
    def html_containers(self) -> list[str]:
        return [s for p in self.platforms.values() for s in p.html_containers]

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
        """Keep rules named by ``select`` (ids or prefixes; all when empty) minus ``ignore``."""
        select, ignore = list(select), list(ignore)
        kept = [r for r in self.rules
                if (not select or any(id_matches(r.id, s) for s in select))
                and not any(id_matches(r.id, s) for s in ignore)]
        ignored = [r for r in self.rules if r.lines and any(id_matches(r.id, s) for s in ignore)]
        return RuleSet(self.platforms, kept, self.exceptions, ignored=self.ignored + ignored)


@lru_cache(maxsize=64)
def _union(sources: tuple[str, ...], named: bool) -> re.Pattern | None:
    if not sources:
        return None
    if named:
        return compile_pattern("|".join(f"(?P<r{n}>{s})" for n, s in enumerate(sources)), FLAGS)
    return compile_pattern("|".join(f"(?:{s})" for s in sources), FLAGS)


LENGTH_STEPS = (0, 60, 200, 600, 2000)
PREFILTER_BELOW = 60  # LineMatcher: longer lines go straight to the union of all rules
PREFILTER_FROM_LINES = 200  # line_rules: documents this long use the prefilter


def line_union(rules: tuple[Rule, ...], length: int = 0) -> tuple[re.Pattern | None, tuple[Rule, ...]]:
    """All the rules' ``lines`` that can match a line of ``length`` characters, as one pattern
    (alternative ``r<n>`` for the n-th returned rule): one ``fullmatch`` per line instead of one
    per rule, the first rule in order still wins, and long body lines meet only the few rules
    whose patterns can be that long."""
    step = next(s for s in reversed(LENGTH_STEPS) if s <= length)
    able = tuple(r for r in rules if r.max_width >= step)
    return _union(tuple("|".join(f"(?:{p})" for p in r.lines) for r in able), True), able


class LineUnions:
    """``line_union`` for every length step of one list of rules, built on first use."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.by_step: dict[int, tuple[re.Pattern | None, tuple[Rule, ...]]] = {}

    def for_length(self, length: int) -> tuple[re.Pattern | None, tuple[Rule, ...]]:
        step = LENGTH_STEPS[bisect_right(LENGTH_STEPS, length) - 1]  # the longest step not above length
        found = self.by_step.get(step)
        if found is None:
            found = self.by_step[step] = line_union(self.rules, step)
        return found


class LoosePatterns(namedtuple("LoosePatterns", "lines max_width rule")):
    """The patterns of ``rule`` that name no selective text (a ``LineUnions`` entry)."""

    __slots__ = ()


class LineMatcher:
    """The first of ``rules`` whose ``lines`` match a whole line, asking few rules per line.

    Most patterns name texts one of which every match contains (``required_literals``); one
    Aho-Corasick pass over a short line finds which rules are possible through those patterns,
    and only they are asked, in rule order. The patterns without selective texts are asked through
    one union per length step (``LineUnions`` of ``LoosePatterns``). The earlier rule in order
    wins, so the answer is the one asking every rule in order gives. Lines of ``PREFILTER_BELOW``
    characters or more go to the union of all rules at once: they hold more of the texts, and the
    union is cheaper there (``bench/rules.py`` measures both by length). The texts are worked
    out on the first line that uses the prefilter: a short document never does.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.order = {id(r): n for n, r in enumerate(rules)}
        self.everything = LineUnions(rules)
        self._automaton = None

    @cached_property
    def _texts(self) -> list[list[tuple[str, ...] | None]]:
        """``required_literals`` of each rule's patterns."""
        return [[required_literals(p, FLAGS) for p in r.lines] for r in self.rules]

    @cached_property
    def gated(self) -> list[tuple[str, ...]]:
        """The selective texts of each rule's patterns (its other patterns join ``always``)."""
        return [tuple(sorted({t for found in per if selective(found) for t in found})) for per in self._texts]

    @cached_property
    def always(self) -> LineUnions:
        """The union of the patterns without selective texts."""
        return LineUnions(tuple(
            LoosePatterns(loose, r.max_width, r) for r, per in zip(self.rules, self._texts, strict=True)
            if (loose := tuple(p for p, found in zip(r.lines, per, strict=True) if not selective(found)))))

    @property
    def automaton(self):
        """The rules' texts in one Aho-Corasick automaton (built on first use; False: no texts)."""
        if self._automaton is None:
            import ahocorasick

            by_text: dict[str, list[int]] = {}
            for n, texts in enumerate(self.gated):
                for text in texts:
                    by_text.setdefault(text, []).append(n)
            self._automaton = False
            if by_text:
                self._automaton = ahocorasick.Automaton()
                for text, numbers in by_text.items():
                    self._automaton.add_word(text, frozenset(numbers))
                self._automaton.make_automaton()
        return self._automaton

    def match(self, folded: str, prefilter: bool = True) -> Rule | None:
        """The first rule matching ``folded``; ``prefilter=False`` asks the union of all rules
        (what a short document does: it has too few lines to repay building the automaton)."""
        length = len(folded)
        if length >= PREFILTER_BELOW or not prefilter:
            union, able = self.everything.for_length(length)
            m = union.fullmatch(folded) if union is not None else None
            return matched_rule(m, able) if m else None
        union, able = self.always.for_length(length)
        m = union.fullmatch(folded) if union is not None else None
        found = matched_rule(m, able).rule if m else None
        automaton = self._automaton if self._automaton is not None else self.automaton
        if not automaton:
            return found
        possible: set[int] = set()
        for _end, numbers in automaton.iter(searchable(folded)):
            possible |= numbers
        if not possible:  # no rule's text in the line: the rules without texts answered
            return found
        limit = self.order[id(found)] if found is not None else len(self.rules)
        for n in sorted(possible):
            if n >= limit:
                break
            rule = self.rules[n]
            if rule.max_width >= length and rule.match_line(folded):
                return rule
        return found


def selective(texts: tuple[str, ...] | None) -> bool:
    """Texts rare enough in body lines to be worth a look-up: no lone ASCII character (a comma,
    a dot, a space: folded prose has them on most lines)."""
    return bool(texts) and all(len(t) > 1 or not t.isascii() for t in texts)


_MATCHERS: dict[tuple, LineMatcher] = {}


def line_matcher(rules: tuple[Rule, ...]) -> LineMatcher:
    """A ``LineMatcher`` for these rules, built once per rule list (its automaton and unions).
    Keyed by the rules' identities: the cached matcher holds the rules, so no other object can
    take their ids while the key is in use."""
    key = tuple(map(id, rules))
    found = _MATCHERS.get(key)
    if found is None:
        if len(_MATCHERS) >= 16:
            _MATCHERS.clear()
        found = _MATCHERS[key] = LineMatcher(rules)
    return found


def start_union(rules: tuple[Rule, ...]) -> re.Pattern | None:
    """Any section start of these rules (to find the few lines worth a closer look)."""
    return _union(tuple(s.start.pattern for r in rules for s in r.sections), False)


def matched_rule(match: re.Match, rules: tuple[Rule, ...]) -> Rule:
    """The rule whose alternative of a ``line_union`` matched (its group ``r<n>`` closes after
    any group inside it, so it is the match's ``lastgroup``)."""
    name = match.lastgroup
    if name is not None and name[:1] == "r" and name[1:].isdigit():
        return rules[int(name[1:])]
    for name, value in match.groupdict().items():
        if value is not None and name.startswith("r") and name[1:].isdigit():
            return rules[int(name[1:])]
    raise ValueError("no rule alternative matched")


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return compile_pattern(pattern, FLAGS)
    except re.error as e:
        raise RuleError(f"{where}: bad pattern {pattern!r}: {e}") from None


def _compile_union(patterns: list[str], where: str) -> re.Pattern | None:
    """One pattern for a rule's ``lines`` (a bad one is named, not the union)."""
    if not patterns:
        return None
    try:
        return compile_pattern("|".join(f"(?:{p})" for p in patterns), FLAGS)
    except re.error:
        for p in patterns:
            _compile(p, where)
        raise RuleError(f"{where}: patterns do not combine") from None


def _as_list(value, where: str) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise RuleError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _parse_toml(path: Path) -> dict:
    import tomllib  # only on a cache miss: a warm start never loads the TOML parser

    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_rule_file(path: Path, validate: bool = True) -> tuple[Platform, list[Rule]]:
    """One rule file; ``validate`` compiles every pattern now (a user's file: errors name the
    rule at once); built-in files, checked by the tests, compile what they need when needed."""
    where = str(path)
    try:
        stat = path.stat()
        # keyed by the absolute path (resolving the links of 28 paths costs ~1 ms of every start)
        data = cached("toml", f"{os.path.abspath(path)}:{stat.st_size}:{stat.st_mtime_ns}", lambda: _parse_toml(path))
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(f"{where}: cannot read rule file: {e}") from None
    except ValueError as e:  # tomllib.TOMLDecodeError
        raise RuleError(f"{where}: invalid TOML: {e}") from None
    meta = data.get("platform")
    if not isinstance(meta, dict) or "id" not in meta:
        raise RuleError(f"{where}: missing [platform] table with an id")
    pid = meta["id"]
    platform = Platform(
        id=pid,
        name=meta.get("name", pid),
        names=_as_list(meta.get("names"), where),
        domains=_as_list(meta.get("domains"), where),
        signatures=[_compile(p, where) for p in _as_list(meta.get("signatures"), where)],
        html_containers=_as_list(meta.get("html_containers"), where),
        chunked=bool(meta.get("chunked", False)),
        source=path,
        template=bool(meta.get("template", False)),
        detect=bool(meta.get("detect", True)),
    )
    rules = []
    for i, entry in enumerate(data.get("rules", [])):
        rwhere = f"{where}: rule {entry.get('id', i + 1)}"
        rid = entry.get("id")
        if not rid or not isinstance(rid, str):
            raise RuleError(f"{rwhere}: missing id")
        if not rid.startswith(pid + "."):
            raise RuleError(f"{rwhere}: id must start with '{pid}.'")
        sections = []
        for s in _as_list(entry.get("sections"), rwhere):
            sections.append(Section(
                start=_compile(s["start"], rwhere),
                then=int(s.get("then", 0)),
                items=_compile(s["items"], rwhere) if s.get("items") else None,
                until=_compile(s["until"], rwhere) if s.get("until") else None,
                within=int(s.get("within", 40)),
                needs=_compile(s["needs"], rwhere) if s.get("needs") else None,
                values=bool(s.get("values", False)),
            ))
        zone = entry.get("zone", "any")
        if zone not in ZONES:
            raise RuleError(f"{rwhere}: zone must be one of {', '.join(map(repr, ZONES))}")
        rules.append(Rule(
            id=rid,
            description=entry.get("description", ""),
            platform=pid,
            name_zh=str(entry.get("name_zh", "")),
            description_zh=str(entry.get("description_zh", "")),
            lines=_as_list(entry.get("lines"), rwhere),
            line_pattern=_compile_union(_as_list(entry.get("lines"), rwhere), rwhere) if validate else None,
            max_width=max((max_width(p, FLAGS) for p in _as_list(entry.get("lines"), rwhere)), default=0),
            fragment_literals=tuple(required_literal(p, FLAGS) for p in _as_list(entry.get("fragments"), rwhere)),
            fragments=[_compile(p, rwhere) for p in _as_list(entry.get("fragments"), rwhere)],
            sections=sections,
            zone=zone,
            builtin=entry.get("builtin"),
            params={k: v for k, v in entry.items()
                    if k not in ("id", "description", "name_zh", "description_zh",
                                 "lines", "fragments", "sections", "zone", "builtin", "evidence")},
            evidence=bool(entry.get("evidence", True)),
        ))
    return platform, rules


def load_exceptions(path: Path) -> list[Rule]:
    """The ``[[exceptions]]`` of a rule file (whole-line patterns, checked now)."""
    data = _parse_toml(path)
    out = []
    for i, entry in enumerate(data.get("exceptions", [])):
        where = f"{path}: exception {entry.get('id', i + 1)}"
        lines = _as_list(entry.get("lines"), where)
        out.append(Rule(str(entry.get("id", f"exception-{i + 1}")), str(entry.get("description", "")),
                        str(data.get("platform", {}).get("id", "")), lines=lines,
                        line_pattern=_compile_union(lines, where)))
    return out


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> RuleSet:
    platforms: dict[str, Platform] = {}
    rules: list[Rule] = []
    exceptions: list[Rule] = []
    seen: dict[str, Path] = {}
    for path in paths:
        users = path.parent != RULES_DIR  # a user's file: checked now, may hold exceptions
        platform, file_rules = load_rule_file(path, validate=users)
        if users:
            exceptions += load_exceptions(path)
        if platform.id in platforms:
            # a user file may extend a built-in platform: its rules are added
            platforms[platform.id].signatures.extend(platform.signatures)
        else:
            platforms[platform.id] = platform
        for rule in file_rules:
            if rule.id in seen:
                raise RuleError(f"{path}: rule id {rule.id} already defined in {seen[rule.id]}")
            seen[rule.id] = path
            rules.append(rule)
    return RuleSet(platforms, rules, exceptions)


def builtin_rule_files() -> list[Path]:
    """Platform files first (their rules name the platform when they fire), generic last
    (listed with ``os.listdir``: ``Path.glob`` compiles a regular expression on every start)."""
    paths = [RULES_DIR / name for name in os.listdir(RULES_DIR) if name.endswith(".toml")]
    return sorted(paths, key=lambda p: (p.stem == "generic", p.stem))


def load_rules(extra: Iterable[str | Path] = ()) -> RuleSet:
    """Built-in rule files plus the user's (``--rules FILE``); cached per combination."""
    paths = builtin_rule_files()
    for p in extra:
        p = Path(p)
        if not p.is_file():
            raise RuleError(f"{p}: rule file not found")
        paths.append(p.resolve())
    rs = _load(tuple(paths))
    save_cache()
    return RuleSet(dict(rs.platforms), list(rs.rules), list(rs.exceptions))


def forget_loaded() -> None:
    """Drop the loaded rule files (a user's file was rewritten: the next load reads it again)."""
    _load.cache_clear()


def detect_platform(ruleset: RuleSet, folded_text: str, fired: Iterable[str] = ()) -> tuple[str | None, float]:
    """Score each platform by its signatures and domains in the text, and by its own rules
    that fired; return ``(platform id or None, confidence 0..1)``."""
    lowered = folded_text.lower()
    fired_by_platform: dict[str, int] = {}
    for rule_id in fired:
        pid = rule_id.split(".", 1)[0]
        fired_by_platform[pid] = fired_by_platform.get(pid, 0) + 1
    named, fallback = [], []
    for pid, platform in ruleset.platforms.items():
        if pid == "generic" or not platform.detect:
            continue
        named_score = 2.0 * sum(1 for sig in platform.signatures if sig.search(folded_text))
        named_score += 2.0 * sum(1 for d in platform.domains if d.lower() in lowered)
        fired_score = fired_by_platform.get(pid, 0)
        if named_score and not platform.template:
            named.append((named_score + fired_score, pid))
        elif fired_score or named_score:
            fallback.append((named_score + fired_score, pid))
    candidates = named or fallback
    if not candidates:
        return None, 0.0
    score, best = max(candidates)
    return best, round(min(1.0, score / 4.0), 2)
