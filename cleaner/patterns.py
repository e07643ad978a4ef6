"""Compiling rule patterns, with an on-disk cache of the compiled form.

Compiling the few hundred rule patterns costs more than the rest of a ``jingwen clean --check``
on a small file. Like ``.pyc`` files for modules, the compiled form (the regex engine's code
list) is cached in the user's cache folder, keyed by Python and engine version, and stored
with ``marshal`` (plain data, no code execution). Facts this module works out about a pattern
(its width, the texts it needs) are keyed by this module's source file too, so a changed way of
working them out never reads an old answer. Any problem with the cache falls back to
``re.compile``; the cache only ever changes speed, never results.

>>> compile_pattern("查看更多", re.IGNORECASE).fullmatch("查看更多") is not None
True
"""
from __future__ import annotations

import functools
import marshal
import os
import re
import sys
from pathlib import Path

try:  # the engine's private interface: used only when it is there and behaves
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - other Python implementations
    _sre = None

MAX_BYTES = 768 * 1024
CODE_FORMAT = "I"  # the engine's code words: unsigned 32-bit (``_sre.CODESIZE`` is 4)
_entries: dict[tuple, object] = {}  # (pattern, flags) -> compiled form; (fact, pattern, flags) -> value
_used: set[tuple] = set()
_loaded = False
_dirty = False
_saver_registered = False


def cache_file() -> Path | None:
    if os.environ.get("JINGWEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}"
    return Path(base) / "jingwen" / f"patterns-{version}.marshal"


def _load() -> None:
    global _loaded, _entries
    _loaded = True
    path = cache_file()
    if path is None or _sre is None:
        return
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, dict):
            _entries = data
    except (OSError, ValueError, EOFError, TypeError):
        _entries = {}


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the cache when possible."""
    global _dirty
    if not _loaded:
        _load()
    flags = int(flags)
    key = (pattern, flags)
    _used.add(key)
    entry = _entries.get(key)
    if entry is not None:
        try:
            final_flags, packed, groups, groupindex, indexgroup = entry
            code = memoryview(packed).cast(CODE_FORMAT).tolist()
            return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
        except Exception:  # a stale or damaged entry: compile afresh
            pass
    if _sre is None:
        return re.compile(pattern, flags)
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        code, final_flags, groups = [int(c) for c in code], int(flags | parsed.state.flags), parsed.state.groups - 1
        compiled = _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
        entry = (final_flags, _packed(code), groups, groupindex, tuple(indexgroup))
    except re.error:
        raise
    except Exception:  # the private interface changed: the public one still works
        return re.compile(pattern, flags)
    _remember(key, entry)
    return compiled


def _packed(code: list[int]) -> bytes:
    """The engine's code words as bytes: a cache file loads several times faster than with a
    list of ints per pattern, and only the patterns a run uses are unpacked.

    >>> memoryview(_packed([17, 4, 0])).cast(CODE_FORMAT).tolist()
    [17, 4, 0]
    """
    from array import array  # only on a cache miss

    return array(CODE_FORMAT, code).tobytes()


def _remember(key: tuple, value: object) -> None:
    """Add an entry to the cache, written when the process ends (or by ``save_cache``)."""
    global _dirty, _saver_registered
    _entries[key] = value
    _dirty = True
    if not _saver_registered:
        import atexit

        atexit.register(save_cache)
        _saver_registered = True


def _fact(name: str, pattern: str, flags: int, compute) -> object:
    """A cached fact about a pattern (its width, its literal text), valid for this module's code."""
    return cached(f"{name}@{code_fingerprint()}", f"{int(flags)}:{pattern}", compute)


@functools.cache
def code_fingerprint() -> str:
    """This module's source file, by size and modification time: the facts' cache entries are
    only as good as the code that worked them out (an edited checkout or an upgrade starts
    afresh; a stat costs microseconds, reading and hashing the source would cost more).

    >>> code_fingerprint().count("-")
    1
    """
    try:
        stat = os.stat(__file__)
    except OSError:  # no source file (a frozen build): the version stands for the code
        from jingwen.version import VERSION

        return f"{VERSION}-0"
    return f"{stat.st_size:x}-{stat.st_mtime_ns:x}"


def cached(kind: str, key: str, compute) -> object:
    """``compute()``, remembered across runs under ``(kind, key)`` when the value is plain data
    (the rule files' parsed TOML is cached this way, keyed by path, size and time)."""
    if not _loaded:
        _load()
    full = (kind, key)
    _used.add(full)
    if full in _entries:
        return _entries[full]
    value = compute()
    try:
        marshal.dumps(value)
    except ValueError:  # not plain data: compute it every time
        return value
    _remember(full, value)
    return value


def save_cache() -> None:
    """Write the cache (atomically); quietly skip when not possible."""
    global _dirty
    path = cache_file()
    if not _dirty or path is None:
        return
    _dirty = False
    # keep what other runs needed too (other length steps, other rule files) while the file stays
    # small enough to load in a millisecond or two; past that, only what this run used
    data = _entries
    if len(marshal.dumps(data)) > MAX_BYTES:
        data = {k: v for k, v in _entries.items() if k in _used}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


def max_width(pattern: str, flags: int = 0) -> float:
    """The longest text ``pattern`` can match (``inf`` when unbounded).

    >>> max_width("查看更多"), max_width(".{1,20}_第\\\\d页"), max_width("a.*")
    (4, 24, inf)
    """
    def compute() -> float:
        try:
            low, high = _parser.parse(pattern, flags).getwidth()
        except Exception:  # the private interface changed, or an odd pattern: assume anything
            return float("inf")
        return float("inf") if high >= _parser.MAXREPEAT else high

    return _fact("max_width", pattern, flags, compute)


def required_literal(pattern: str, flags: int = 0) -> str | None:
    """The longest run of literal characters every match of ``pattern`` must contain, for a
    cheap ``in`` test before the regex (None when there is none worth testing).

    >>> required_literal("(?:序言)?下载提示\\\\s*:"), required_literal("^【正文】\\\\s*"), required_literal("a|b")
    ('下载提示', '【正文】', None)
    """
    return _fact("literal", pattern, flags, lambda: _required_literal(pattern, flags))


def _required_literal(pattern: str, flags: int) -> str | None:
    try:
        items = list(_parser.parse(pattern, flags))
    except Exception:
        return None
    best, run = "", []
    literal = _parser.LITERAL if hasattr(_parser, "LITERAL") else None
    for op, value in items + [(None, None)]:
        if op is literal and literal is not None:
            run.append(chr(value))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    if len(best) < 2 or (flags & re.IGNORECASE and not best.isascii() and best.lower() != best):
        return None
    return best.lower() if flags & re.IGNORECASE else best


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Texts one of which every match of ``pattern`` contains, in lower case (None when no such
    set is known): a line lowered (``searchable``) holding none of them cannot match, so a
    multi-text search (Aho-Corasick) over it tells which rules are worth running. Case-less
    characters (Chinese, punctuation, digits) and ASCII letters are used; other cased letters,
    and ``i``/``s`` (which ``re.IGNORECASE`` also finds as ``ı``/``ſ``), end a text.

    >>> required_literals("(?:序言)?下载提示\\\\s*:"), required_literals("(?:阅读|浏览)\\\\s*\\\\d+\\\\s*次")
    (('下载提示',), ('浏览', '阅读'))
    >>> required_literals("Leave a Reply", re.IGNORECASE)
    ('leave a reply',)
    >>> required_literals(".{0,9}(?:icp备|公网安备).*"), required_literals("[-—]\\\\s*\\\\d+")
    (('cp备', '公网安备'), ('-', '—'))
    >>> required_literals("vip|\\\\d+") is None
    True
    """
    found = _fact("literals", pattern, flags, lambda: _literal_set(pattern, flags))
    return tuple(found) if found is not None else None


_ASCII_SEARCHABLE = frozenset("abcdefghjklmnopqrtuvwxyzABCDEFGHJKLMNOPQRTUVWXYZ")


def searchable(line: str) -> str:
    """``line`` as ``required_literals``' texts are looked for in it: lowered.

    >>> searchable("Recent Posts 近期文章")
    'recent posts 近期文章'
    """
    return line.lower()


def _caseless_part(text: str) -> str:
    """The longest run of ``text``, lowered, of characters that the lowered line holds as they
    are whenever a match holds them under IGNORECASE: case-less ones, and ASCII letters but
    ``i`` and ``s``."""
    runs, run = [], []
    for c in text:
        if _sre.unicode_iscased(ord(c)) and c not in _ASCII_SEARCHABLE:
            runs.append("".join(run))
            run = []
        else:
            run.append(c.lower())
    runs.append("".join(run))
    return max(runs, key=len, default="")


def _literal_set(pattern: str, flags: int) -> list[str] | None:
    if _sre is None:
        return None
    try:
        items = _parser.parse(pattern, flags)
    except Exception:
        return None
    found = _sequence_needs(list(items))
    return sorted(found) if found else None


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two requirement sets: longer shortest text, then fewer texts."""
    if not a:
        return b
    if not b:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence_needs(items: list) -> set[str] | None:
    best: set[str] | None = None
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is _parser.LITERAL:
            run.append(chr(value))
            continue
        if run:
            part = _caseless_part("".join(run))
            best = _better(best, {part} if part else None)
            run = []
        if op is not None:
            best = _better(best, _item_needs(op, value))
    return best


def _item_needs(op, value) -> set[str] | None:
    c = _parser
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = value
        return _sequence_needs(list(sub)) if not (add_flags or del_flags) else None
    if op is c.BRANCH:
        total: set[str] = set()
        for branch in value[1]:
            needs = _sequence_needs(list(branch))
            if not needs:
                return None
            total |= needs
        return total
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = value
        return _sequence_needs(list(sub)) if low >= 1 else None
    if op is c.ASSERT:  # a lookahead or lookbehind: what it sees is in the line too
        return _sequence_needs(list(value[1]))
    if op is c.IN and 0 < len(value) <= 16 and all(kind is c.LITERAL for kind, _ in value):
        chars = {chr(v) for _, v in value}
        return chars if all(not _sre.unicode_iscased(ord(ch)) for ch in chars) else None
    return None


def first_chars(pattern: str, without: str = "") -> str | None:
    """A character class (regex source) holding every character a match of ``pattern`` can start
    with, leaving out the top-level alternatives that need the character ``without`` outside any
    group (for a text that has none); None when unknown (an alternative may match empty text or
    start with any character). ``(?=[…])`` before the pattern then spares the engine a try of every
    alternative at each position where none can start.

    >>> first_chars(r"(?<=[甲乙])\\(x|[a-c]+=1|:-\\)", without="=")
    '[\\\\(:]'
    """
    if _sre is None:
        return None
    try:
        items = list(_parser.parse(pattern))
    except Exception:  # noqa: BLE001
        return None
    c = _parser
    if len(items) == 1 and items[0][0] is c.BRANCH:
        branches = [list(b) for b in items[0][1][1]]
    else:
        branches = [items]
    if without:
        needed = (c.LITERAL, ord(without))
        branches = [b for b in branches if needed not in b]
    ranges: list[tuple[int, int]] = []
    for branch in branches:
        if _starts(branch, ranges) is not True:
            return None
    return "[" + "".join(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
                         for lo, hi in sorted(set(ranges))) + "]"


def _starts(items: list, ranges: list[tuple[int, int]]) -> bool | None:
    """Add to ``ranges`` the characters a match of ``items`` can start with: True when done, None
    when ``items`` may match empty text (what follows them may start the match), False when
    unknown (a character no finite set names)."""
    c = _parser
    for op, value in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width: the match starts with what follows
        if op is c.LITERAL:
            ranges.append((value, value))
            return True
        if op is c.IN:
            for kind, v in value:
                if kind is c.LITERAL:
                    ranges.append((v, v))
                elif kind is c.RANGE:
                    ranges.append(v)
                else:  # a negated set, a category (\d \w \s): not worth naming
                    return False
            return True
        if op is c.SUBPATTERN:
            found = _starts(list(value[3]), ranges) if not (value[1] or value[2]) else False
        elif op is c.BRANCH:
            each = [_starts(list(b), ranges) for b in value[1]]
            found = False if False in each else None if None in each else True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            found = _starts(list(value[2]), ranges)
            if found and value[0] == 0:
                found = None  # optional: what follows may start the match too
        else:
            return False
        if found is not None:
            return found
    return None
