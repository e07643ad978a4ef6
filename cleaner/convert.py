"""Simplified/Traditional conversion: one adapter over whichever ``opencc`` module is installed.

Three packages install a module named ``opencc`` with the same ``OpenCC(config).convert(text)``:
the official C++ binding (``opencc``, the declared dependency), OpenCC's pure-Python port
(``opencc-py``) and ``opencc-python-reimplemented``. ``backend()`` says which one is active;
converters are built once per configuration and reused for every file (worker processes forked
after ``check_settings`` inherit them).

On top of OpenCC this stage adds what OpenCC leaves out: quotation marks (``--quotes``; OpenCC
never converts “” ↔ 「」), the user's phrase dictionary (``--dict``, wins over OpenCC's), and
the refusal to convert text already in the target script (OpenCC is not idempotent: ``s2t``
turns 台灣 into 臺灣).

>>> from jingwen.cleaner.model.document import Document
>>> from jingwen.cleaner.settings import Settings
>>> doc = convert_document(Document.from_lines(["他说：“软件的头发”"]), Settings(convert="s2twp", quotes="corner"))
>>> doc.blocks[0].text, doc.meta.language, doc.meta.script
('他說：「軟體的頭髮」', 'zh-TW', 'hant')
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from jingwen.cleaner.model.document import Change, Document
from jingwen.cleaner.model.errors import JingwenError
from jingwen.cleaner.model.quotes import QUOTE_STYLES, convert_quotes  # convert_quotes: also for tests
from jingwen.cleaner.settings import id_matches

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: conversion alone starts fast
if TYPE_CHECKING:
    from jingwen.cleaner.settings import Settings


@dataclass(frozen=True)
class Conversion:
    """One OpenCC configuration: the script it expects, the script and language it produces."""

    name: str
    source: str  # hans or hant: what detect_script should find in the input
    target: str  # hans or hant: what the output is written in
    language: str  # BCP 47 tag of the output (Document.meta.language)
    description: str
    name_zh: str = ""  # the web page's and the report's Chinese name …
    description_zh: str = ""  # … and one sentence


CONVERSIONS: dict[str, Conversion] = {c.name: c for c in (
    Conversion("s2t", "hans", "hant", "zh-Hant", "Simplified to Traditional (OpenCC standard)",
               "简体→繁体（OpenCC 标准）", "把简体字转换为 OpenCC 标准繁体字。"),
    Conversion("t2s", "hant", "hans", "zh-CN", "Traditional to Simplified",
               "繁体→简体", "把繁体字转换为简体字。"),
    Conversion("s2tw", "hans", "hant", "zh-TW", "Simplified to Taiwan standard",
               "简体→繁体（台湾）", "把简体字转换为台湾正体字，只换字不换词。"),
    Conversion("tw2s", "hant", "hans", "zh-CN", "Taiwan standard to Simplified",
               "繁体（台湾）→简体", "把台湾正体字转换为简体字，只换字不换词。"),
    Conversion("s2twp", "hans", "hant", "zh-TW", "Simplified to Taiwan standard with Taiwan phrases (软件 → 軟體)",
               "简体→繁体（台湾，含词汇）", "把简体字转换为台湾正体字，并换成台湾常用词（软件→軟體）。"),
    Conversion("tw2sp", "hant", "hans", "zh-CN", "Taiwan standard to Simplified with mainland phrases (軟體 → 软件)",
               "繁体（台湾）→简体（含大陆词汇）", "把台湾正体字转换为简体字，并换成大陆常用词（軟體→软件）。"),
    Conversion("s2hk", "hans", "hant", "zh-HK", "Simplified to Hong Kong standard",
               "简体→繁体（香港）", "把简体字转换为香港繁体字。"),
    Conversion("hk2s", "hant", "hans", "zh-CN", "Hong Kong standard to Simplified",
               "繁体（香港）→简体", "把香港繁体字转换为简体字。"),
    Conversion("s2hkp", "hans", "hant", "zh-HK", "Simplified to Hong Kong standard with Hong Kong phrases",
               "简体→繁体（香港，含词汇）", "把简体字转换为香港繁体字，并换成香港常用词。"),
    Conversion("hk2sp", "hant", "hans", "zh-CN", "Hong Kong standard to Simplified with mainland phrases",
               "繁体（香港）→简体（含大陆词汇）", "把香港繁体字转换为简体字，并换成大陆常用词。"),
    Conversion("t2tw", "hant", "hant", "zh-TW", "Traditional (OpenCC standard) to Taiwan standard",
               "繁体（OpenCC 标准）→台湾正体", "把 OpenCC 标准繁体字改为台湾正体字的写法。"),
    Conversion("tw2t", "hant", "hant", "zh-Hant", "Taiwan standard to Traditional (OpenCC standard)",
               "台湾正体→繁体（OpenCC 标准）", "把台湾正体字改为 OpenCC 标准繁体字的写法。"),
    Conversion("t2hk", "hant", "hant", "zh-HK", "Traditional (OpenCC standard) to Hong Kong standard",
               "繁体（OpenCC 标准）→香港繁体", "把 OpenCC 标准繁体字改为香港繁体字的写法。"),
    Conversion("hk2t", "hant", "hant", "zh-Hant", "Hong Kong standard to Traditional (OpenCC standard)",
               "香港繁体→繁体（OpenCC 标准）", "把香港繁体字改为 OpenCC 标准繁体字的写法。"),
    # Japanese: shinjitai (旧 体 仮) detect as Simplified, kyūjitai (舊 體 假) as Traditional.
    Conversion("t2jp", "hant", "hans", "ja", "Traditional (kyūjitai) to Japanese shinjitai",
               "繁体（旧字体）→日文新字体", "把日文里的旧字体（舊、體）改为新字体（旧、体）。"),
    Conversion("jp2t", "hans", "hant", "ja", "Japanese shinjitai to Traditional (kyūjitai)",
               "日文新字体→繁体（旧字体）", "把日文里的新字体（旧、体）改为旧字体（舊、體）。"),
)}

# Plain names for --to and --config: the choices most readers of each region expect.
ALIASES = {"traditional": "s2t", "simplified": "t2s", "taiwan": "s2twp", "hongkong": "s2hk"}
SCRIPT_NAMES = {"hans": "Simplified Chinese", "hant": "Traditional Chinese"}
# the edits conversion logs besides ``convert.<configuration>``
EDIT_IDS = {
    "convert.quotes": "quotation marks to 「」『』 (corner) or “”‘’ (curly), nested by depth",
    "convert.dict": "your phrase dictionary (source<TAB>target), applied before OpenCC",
}
# their Chinese names and descriptions (the web page, the report)
EDIT_IDS_ZH = {
    "convert.quotes": ("统一引号样式", "把引号统一为直角引号「」『』或弯引号“”‘’，按嵌套层次交替。"),
    "convert.dict": ("自定义词典", "在 OpenCC 转换之前，先按你的词典（每行“原词、制表符、译词”）替换。"),
}


# --- the backend -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Backend:
    """The installed ``opencc`` module: which package provides it, its version, its configs."""

    package: str  # opencc, opencc-py, opencc-python-reimplemented
    version: str
    configs: frozenset[str]  # configuration names it can build (without .json)

    def __str__(self) -> str:
        kind = {"opencc": "official C++ binding", "opencc-py": "OpenCC's pure-Python port"}.get(self.package)
        return f"{self.package} {self.version}" + (f", {kind}" if kind else "")


def _distribution_version(*names: str) -> str | None:
    import importlib.metadata  # slow to import; only --version and unusual backends need it

    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


@lru_cache(maxsize=1)
def backend() -> Backend:
    """Identify the installed ``opencc`` module by where its ``OpenCC`` class lives."""
    try:
        import opencc
    except ImportError:
        raise JingwenError("Simplified/Traditional conversion needs OpenCC: pip install opencc") from None
    module = getattr(opencc.OpenCC, "__module__", "")
    if module == "opencc._opencc_pure":
        package = "opencc-py"
    elif module == "opencc.opencc":
        package = "opencc-python-reimplemented"
    elif hasattr(opencc, "opencc_clib"):
        package = "opencc"
    else:
        package = "opencc (unknown implementation)"
    version = getattr(opencc, "__version__", None) or _distribution_version(package, "opencc") or "?"
    names = getattr(opencc, "CONFIGS", None)
    if names is None:  # opencc-python-reimplemented: the configs are files beside its module
        config_dir = Path(sys.modules[module].__file__).parent / "config" if module in sys.modules else None
        names = os.listdir(config_dir) if config_dir and config_dir.is_dir() else list(CONVERSIONS)
    configs = frozenset(n[:-5] if n.endswith(".json") else n for n in names)
    return Backend(package, version, configs)


def backend_name() -> str:
    """What ``jingwen --version`` says about conversion, e.g. ``opencc 1.4.2 (official C++ binding)``."""
    try:
        return str(backend())
    except JingwenError:
        return "none (pip install opencc)"


def config_name(name: str) -> str:
    """The OpenCC configuration a user's name stands for.

    >>> config_name("s2twp.json"), config_name("Taiwan"), config_name(" T2S ")
    ('s2twp', 's2twp', 't2s')
    """
    key = name.strip().lower()
    key = key[:-5] if key.endswith(".json") else key
    key = ALIASES.get(key, key)
    if key not in CONVERSIONS:
        raise JingwenError(f"unknown conversion {name!r}; choose one of {', '.join(CONVERSIONS)} "
                           f"(.json optional) or {', '.join(ALIASES)}")
    return key


def check_config(name: str) -> str:
    """Validate ``name`` and build its converter once, before any file is read.

    Returns the canonical configuration name; raises ``JingwenError`` with a one-line message
    for an unknown name or a configuration the installed backend lacks.
    """
    key = config_name(name)
    converter(key)
    return key


class Converter:
    """An OpenCC converter for one configuration, safe for any text."""

    def __init__(self, name: str, engine) -> None:
        self.name, self._engine = name, engine

    def convert(self, text: str) -> str:
        """``text`` converted: 汉字 → 漢字 with s2t.

        The C++ binding stops at a NUL character in configurations with several steps (s2twp
        returns 甲 for 甲\\x00乙), so text around NULs is converted piece by piece.
        """
        if not text:
            return text
        if "\x00" in text:
            return "\x00".join(self._engine.convert(part) if part else part for part in text.split("\x00"))
        return self._engine.convert(text)


def converter(name: str) -> Converter:
    """The converter for configuration ``name`` (``s2t``, ``tw2sp.json``), built once per process."""
    return _converter(config_name(name))


@cache
def _converter(key: str) -> Converter:
    active = backend()
    if key not in active.configs:
        raise JingwenError(f"conversion {key} is not available in {active}; it needs the official binding "
                           f"(pip uninstall {active.package}; pip install opencc)")
    import opencc

    try:
        engine = opencc.OpenCC(key)
    except Exception as e:  # a broken installation: missing or unreadable dictionary files
        raise JingwenError(f"cannot load OpenCC configuration {key} from {active}: {e}") from None
    return Converter(key, engine)


# --- the user's phrase dictionary ----------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class UserDictionary:
    """Phrases of the user's ``--dict FILE`` with their replacements, and a longest-match pattern."""

    path: str
    phrases: dict[str, str]
    pattern: re.Pattern | None


def parse_user_dict(text: str, path: str = "<dict>") -> dict[str, str]:
    """``source<TAB>target`` lines; blank lines and lines starting with ``#`` are skipped.

    >>> parse_user_dict("# 我的词典\\n鼠标\\t滑鼠\\n\\n内存\\t記憶體\\n")
    {'鼠标': '滑鼠', '内存': '記憶體'}
    """
    phrases: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise JingwenError(f"{path}:{number}: expected source<TAB>target, got {line[:40]!r}")
        source, target = parts[0].strip(), parts[1].strip()
        if source in phrases and phrases[source] != target:
            raise JingwenError(f"{path}:{number}: {source} is already mapped to {phrases[source]} "
                               f"on line {first_seen[source]}")
        phrases[source] = target
        first_seen.setdefault(source, number)
    return phrases


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching the longest of ``words`` at each place (a trie, so it stays
    fast with thousands of phrases).

    >>> re.findall(_trie_pattern(["中国", "中国人", "人民"]), "中国人民")
    ['中国人']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@lru_cache(maxsize=8)
def _load_user_dict(path: str, mtime_ns: int, size: int) -> UserDictionary:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise JingwenError(f"{path}: cannot read dictionary ({e.strerror or e})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise JingwenError(f"{path}:{line}: dictionary is not UTF-8 text") from None
    phrases = parse_user_dict(text, path)
    pattern = re.compile(_trie_pattern(phrases)) if phrases else None
    return UserDictionary(path, phrases, pattern)


def load_user_dict(path: str | os.PathLike) -> UserDictionary:
    """The dictionary in ``path``, parsed once per process (again if the file changes)."""
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise JingwenError(f"{path}: cannot read dictionary ({e.strerror or e})") from None
    return _load_user_dict(path, st.st_mtime_ns, st.st_size)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")


def _placeholders(text: str, count: int) -> Iterable[str]:
    """``count`` private-use characters that do not occur in ``text`` (OpenCC leaves them alone)."""
    taken = set(_PRIVATE_USE.findall(text))
    ranges = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))
    free = (chr(c) for r in ranges for c in r if chr(c) not in taken)
    for _ in range(count):
        try:
            yield next(free)
        except StopIteration:
            raise JingwenError("too many distinct dictionary phrases in one text") from None


def protect_phrases(text: str, user: UserDictionary) -> tuple[str, dict[int, str]]:
    """Replace the user's phrases with placeholders; ``text.translate(table)`` restores the
    user's targets after OpenCC and the quotes have run.

    >>> user = UserDictionary("d", {"鼠标": "滑鼠"}, re.compile("鼠标"))
    >>> shielded, table = protect_phrases("鼠标坏了", user)
    >>> len(shielded), shielded.translate(table)
    (3, '滑鼠坏了')
    """
    if user.pattern is None:
        return text, {}
    found = set(user.pattern.findall(text))
    if not found:
        return text, {}
    marks = dict(zip(sorted(found), _placeholders(text, len(found)), strict=True))
    shielded = user.pattern.sub(lambda m: marks[m.group()], text)
    return shielded, {ord(mark): user.phrases[phrase] for phrase, mark in marks.items()}


# --- the stage ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What converting one text means under given settings."""

    conversion: Conversion | None
    converter: Converter | None
    quotes: str | None
    user: UserDictionary | None

    @property
    def rule(self) -> str:
        """The rule id recorded in the change log: ``convert.s2twp``, or ``convert.quotes``."""
        if self.conversion:
            return f"convert.{self.conversion.name}"
        return "convert.dict" if self.user else "convert.quotes"

    def convert(self, text: str) -> str:
        """One text through the user's phrases, OpenCC and the quotes, in that order."""
        table: dict[int, str] = {}
        if self.user is not None:
            text, table = protect_phrases(text, self.user)
        if self.converter is not None:
            text = self.converter.convert(text)
        if self.quotes:
            text = convert_quotes(text, self.quotes)
        return text.translate(table) if table else text

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        """Many texts in one call: per-call overhead is paid once, not once per paragraph.

        Phrases never span a line break (no OpenCC dictionary entry holds one), so joining with
        ``\\n`` and splitting again gives exactly what converting each text alone would.
        """
        if not texts:
            return []
        joined = self.convert("\n".join(texts))
        parts = joined.split("\n")
        if len(parts) == len(texts):
            return parts
        breaks = [t.count("\n") for t in texts]
        if len(parts) != len(texts) + sum(breaks):
            return [self.convert(t) for t in texts]  # never expected; correctness over speed
        out, at = [], 0
        for n in breaks:
            out.append("\n".join(parts[at:at + n + 1]))
            at += n + 1
        return out


def plan_for(settings: Settings) -> Plan:
    """The conversion ``settings`` ask for, with its converter and dictionary loaded."""
    conversion = CONVERSIONS[config_name(settings.convert)] if settings.convert else None
    if settings.quotes is not None and settings.quotes not in QUOTE_STYLES:
        raise JingwenError(f"unknown quote style {settings.quotes!r}; choose one of {', '.join(QUOTE_STYLES)}")
    return Plan(
        conversion=conversion,
        converter=converter(conversion.name) if conversion else None,
        quotes=settings.quotes,
        user=load_user_dict(settings.user_dict) if settings.user_dict else None,
    )


def check_settings(settings: Settings) -> None:
    """Everything about conversion that can be wrong before a file is read: the configuration,
    the backend, the quote style and the dictionary file (one ``JingwenError`` line each)."""
    plan_for(settings)


def detect_script(text: str) -> str:
    from jingwen.cleaner.script import detect_script as detect  # loaded when a script is looked at

    return detect(text)


def _sample(texts: Iterable[str]) -> str:
    from jingwen.cleaner.script import SAMPLE

    parts, size = [], 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size >= SAMPLE:
            break
    return "\n".join(parts)


def refusal(conversion: Conversion, script: str) -> str | None:
    """Why text in ``script`` should not go through ``conversion`` (None: it may).

    >>> refusal(CONVERSIONS["s2twp"], "hant")
    'already Traditional Chinese; use --force to convert anyway (s2twp converts Simplified Chinese)'
    >>> refusal(CONVERSIONS["s2twp"], "mixed") is None
    True
    """
    if script not in SCRIPT_NAMES or script == conversion.source:
        return None
    expects = f"{conversion.name} converts {SCRIPT_NAMES[conversion.source]}"
    if script == conversion.target:
        return f"already {SCRIPT_NAMES[script]}; use --force to convert anyway ({expects})"
    return f"text is {SCRIPT_NAMES[script]}; use --force to convert anyway ({expects})"


def convert_document(doc: Document, settings: Settings) -> Document:
    """Convert the text blocks and title of ``doc`` (not verbatim or protected blocks, not blocks
    that ignore the rule), set its language and script, and log one edit per changed block.

    Raises ``JingwenError`` when the text is already in the target script, unless ``--force``.
    """
    plan = plan_for(settings)
    rule = plan.rule
    blocks = [b for b in doc.text_blocks() if not (b.ignore and any(id_matches(rule, p) for p in b.ignore))]
    texts = [b.text for b in blocks]
    script_in = detect_script(_sample(texts))
    if plan.conversion is not None and not settings.force:
        reason = refusal(plan.conversion, script_in)
        if reason:
            raise JingwenError(reason)
    title = doc.meta.title
    converted = plan.convert_many(texts + ([title] if title else []))
    if title:
        doc.meta.title = converted.pop()
    changes = []
    for block, new in zip(blocks, converted, strict=True):
        if new != block.text:
            changes.append(Change(rule, block.line, "edit", "", block.text, new))
            block.text = new
    doc.log.extend(changes)
    if plan.conversion is not None:
        doc.meta.script = detect_script(_sample(b.text for b in doc.body()))
        doc.meta.language = plan.conversion.language
        forced = " (forced)" if settings.force and refusal(plan.conversion, script_in) else ""
        doc.record(rule, blocks[0].line if blocks else 0, "note",
                   text=f"{script_in} → {doc.meta.script}, language {doc.meta.language}{forced}")
    return doc


# --- conversion alone: a file streamed through OpenCC ---------------------------------------------

STREAM_CHUNK = 16 * 2**20  # bytes read at a time (cut after the last line break in them): memory stays bounded


@dataclass
class StreamOutcome:
    """What converting a stream did: whether the text changed, one ``Change`` per changed line
    (when asked for), the characters in and out, the input's encoding and the output's language."""

    changed: bool = False
    edits: list[Change] | None = None
    chars_in: int = 0
    chars_out: int = 0
    encoding: str = "utf-8"
    language: str | None = None
    script: str | None = None


def _chunks(source, size: int) -> Iterable[bytes]:
    """``source`` read ``size`` bytes at a time, each piece ending after a line break (but the last)."""
    carry = b""
    while True:
        data = source.read(size)
        if not data:
            if carry:
                yield carry
            return
        data = carry + data
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut]


def _changed_lines(before: str, after: str, first_line: int, rule: str) -> list[Change]:
    """One edit per line that differs (OpenCC never adds or removes a line break)."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return [Change(rule, first_line, "edit", "", before, after)]
    return [Change(rule, first_line + i, "edit", "", a.rstrip("\r"), b.rstrip("\r"))
            for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def convert_stream(source, sink, settings: Settings, *, log_edits: bool = False,
                   chunk: int = STREAM_CHUNK) -> StreamOutcome:
    """Convert the bytes of ``source`` (a binary file) into ``sink`` (anything with
    ``write(bytes)``; None to only look) exactly as OpenCC does, with ``--dict`` and ``--quotes``
    on top: no document is built, nothing but the conversion touches the text (line endings,
    spaces, a byte-order mark all pass through). UTF-8 is streamed piece by piece; a file in
    another encoding (GB18030, Big5) is read whole, decoded as the readers decode it, and written
    as UTF-8. Binary data and broken UTF-8 raise ``InputError``.

    >>> import io
    >>> from jingwen.cleaner.settings import Settings
    >>> out = io.BytesIO()
    >>> outcome = convert_stream(io.BytesIO("汉字 ；  空格\\r\\n".encode()), out, Settings(convert="s2t"))
    >>> out.getvalue().decode(), outcome.changed
    ('漢字 ；  空格\\r\\n', True)
    """
    from jingwen.cleaner.model.errors import InputError
    from jingwen.cleaner.readers.decode import decode_bytes, looks_binary

    plan = plan_for(settings)
    rule = plan.rule
    outcome = StreamOutcome(edits=[] if log_edits else None,
                            language=plan.conversion.language if plan.conversion else None)
    line, offset = 1, 0
    for number, data in enumerate(_chunks(source, chunk)):
        if number == 0:
            try:
                if data.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_binary(data):
                    raise UnicodeDecodeError("utf-8", data, 0, 1, "UTF-16/32 or binary")
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # not UTF-8: read whole and decoded (or refused) as the readers do
                text, outcome.encoding = decode_bytes(data + source.read())
                if text.startswith("\ufeff"):
                    text = text[1:]
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(f"invalid UTF-8 at byte offset {offset + e.start} in otherwise UTF-8 text") from None
        offset += len(data)
        result = plan.convert(text)
        if result != text:
            outcome.changed = True
            if log_edits:
                outcome.edits.extend(_changed_lines(text, result, line, rule))
        if number == 0 and plan.conversion is not None and log_edits:
            outcome.script = detect_script(result[:65536])
        outcome.chars_in += len(text)
        outcome.chars_out += len(result)
        line += text.count("\n")
        if sink is not None:
            sink.write(result.encode("utf-8", "surrogatepass"))
    return outcome
