"""Read and clean what the page sent: each input becomes a ``CleanedFile`` with its view.

One unreadable input never stops the others: it comes back with a message naming the file
and the reader's reason. A conversion refused because the text is already in the target
script is not an error here: the page shows the cleaned text unconverted, with a warning.

>>> from jingwen.cleaner.settings import Settings
>>> done = clean_input("a.txt", "下载本文档\\n软件的头发。\\n".encode(), Settings(convert="s2twp"))
>>> done.ok, done.doc.to_text(), done.entry["removed"], done.entry["script"]
(True, '軟體的頭髮。\\n', 1, 'hant')
>>> clean_input("b.bin", bytes(range(256)), Settings()).entry["error"]["zh"]
'「b.bin」无法处理：这是二进制文件（图片、压缩包等），不是文本、网页或 Word 文档'

The user has the last word: ``Adjustments`` keep lines whatever the rules say, remove lines the
rules kept (logged as ``user.remove``), switch rules off for this document, or replace the
cleaned text with the user's own edit; the exports are made from the adjusted document.

>>> data = "下载本文档\\n正文第一段。\\n正文第二段。\\n".encode()
>>> done = clean_input("c.txt", data, Settings(), adjust=Adjustments(keep=frozenset({1}), drop=frozenset({3})))
>>> done.doc.to_text(), [c.rule for c in done.doc.removed()]
('下载本文档\\n正文第一段。\\n', ['user.remove'])
>>> clean_input("d.txt", data, Settings(), adjust=Adjustments(off=("generic",))).doc.to_text()
'下载本文档\\n正文第一段。\\n正文第二段。\\n'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from jingwen.cleaner.convert import CONVERSIONS, QUOTE_STYLES, refusal
from jingwen.cleaner.model.document import FURNITURE, HEADING, Document, replace
from jingwen.cleaner.model.errors import InputError, JingwenError
from jingwen.cleaner.pipeline import ruleset_for, run_stages
from jingwen.cleaner.readers import format_of, read_bytes
from jingwen.cleaner.script import detect_script
from jingwen.cleaner.settings import Settings
from jingwen.web.labels import conversion_label, explain, labels, message
from jingwen.web.view import build_view, source_lines


class OptionError(JingwenError):
    """A page option with a value the server does not accept (a bilingual message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.message = message("bad-request", reason=reason)


@dataclass(frozen=True)
class Adjustments:
    """What the user decided for one document on the page: source lines to keep whatever the
    rules say, lines to remove though the rules kept them, rules (ids or prefixes) switched off
    for this document, and the cleaned text as they edited it (None: not edited)."""

    keep: frozenset[int] = frozenset()
    drop: frozenset[int] = frozenset()
    off: tuple[str, ...] = ()
    text: str | None = None

    @classmethod
    def of(cls, value: object) -> Adjustments:
        """From the page's JSON ``{keep: [line], drop: [line], off: [id], text}``; bad input refused."""
        if value is None:
            return cls()
        if not isinstance(value, dict):
            raise OptionError("adjust must be an object")
        lines = {}
        for key in ("keep", "drop"):
            items = value.get(key) or []
            if not isinstance(items, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in items):
                raise OptionError(f"{key} must be a list of line numbers")
            lines[key] = frozenset(items)
        off = value.get("off") or []
        if not isinstance(off, list) or not all(isinstance(r, str) and r for r in off):
            raise OptionError("off must be a list of rule ids")
        text = value.get("text")
        if text is not None and not isinstance(text, str):
            raise OptionError("text must be a string")
        return cls(lines["keep"], lines["drop"], tuple(off), text)


@dataclass
class CleanedFile:
    """One input after cleaning: ``entry`` is what the page shows, ``doc`` what is exported."""

    name: str
    entry: dict
    doc: Document | None = None

    @property
    def ok(self) -> bool:
        return self.doc is not None

    @property
    def exportable(self) -> bool:
        """Readable and with some text (an empty document makes a PDF viewers refuse)."""
        return self.doc is not None and bool(self.doc.to_text().strip())

    def stem(self, pasted: bool = False) -> str:
        """The name of its exports: the file's stem, or the title of pasted text."""
        if pasted and self.doc is not None and self.doc.meta.title:
            return self.doc.meta.title[:60]
        return PurePath(self.name).stem or "document"


@dataclass
class CleanResult:
    """Everything one clean request produced; exports refer to it by id."""

    files: list[CleanedFile]
    settings: Settings
    pasted: set[int] = field(default_factory=set)  # indices of pasted text (named by their title)


def page_settings(base: Settings, options: dict) -> Settings:
    """``base`` (configuration and command line) with the page's switches applied."""
    if not isinstance(options, dict):
        raise OptionError("options must be an object")
    convert = options.get("convert") or None
    if convert is not None and (not isinstance(convert, str) or convert not in CONVERSIONS):
        raise OptionError(f"unknown conversion {convert!r}")
    quotes = options.get("quotes") or None
    if quotes is not None and (not isinstance(quotes, str) or quotes not in QUOTE_STYLES):
        raise OptionError(f"unknown quote style {quotes!r}")
    flags = {}
    for name in ("force", "keep_tail", "normalize"):
        value = options.get(name, getattr(base, name))
        if not isinstance(value, bool):
            raise OptionError(f"{name} must be true or false")
        flags[name] = value
    return base._replace(convert=convert, quotes=quotes, **flags)


@lru_cache(maxsize=8)
def descriptions(settings: Settings) -> dict[str, dict[str, str]]:
    """Every rule and step id with its Chinese name and its description in both languages (the
    page shows the name; the id only on hover, for experts)."""
    from jingwen.cleaner.registry import all_ids

    out = {entry.id: {"name": entry.name_zh or entry.id, "zh": entry.description_zh or entry.description,
                      "en": entry.description} for entry in all_ids(settings.rule_files)}
    return out | labels()["rules"]


def tail_rule(settings: Settings) -> str | None:
    """The id of the rule that cuts the truncated tail (``generic.truncated-tail``)."""
    return next((r.id for r in ruleset_for(settings).rules if r.builtin == "truncated_tail"), None)


def _conversion_warning(settings: Settings, doc: Document) -> dict:
    """Why conversion was not applied, in both languages."""
    conversion = CONVERSIONS[settings.convert]
    script = detect_script("\n".join(b.text for b in doc.body()))
    names = labels()["scripts"]
    code = "not-converted" if script == conversion.target else "wrong-script"
    source = labels()["sources"].get(conversion.name, names[conversion.source])
    return message(code, script=names.get(script, names["none"]), source=source,
                   config=conversion_label(conversion.name))


def _read(name: str, data: bytes, settings: Settings, keep: frozenset[int]) -> Document:
    """The document as read; the lines the user keeps are protected from every rule and step."""
    doc = read_bytes(data, name, format_of(name), ruleset_for(settings).html_containers,
                     enabled=settings.enabled)
    for block in doc.blocks:
        if block.line in keep:
            block.protected = True
    return doc


def _target_words_inside(conversion, texts) -> bool:
    """Whether a conversion with phrases meets a text mixing both scripts: its phrase table may
    then convert a word already in the target script a second time (tw2sp: 程序员 → 进程员).

    >>> tw2sp = CONVERSIONS["tw2sp"]
    >>> _target_words_inside(tw2sp, ["這個程序员寫的軟體"]), _target_words_inside(tw2sp, ["軟體"])
    (True, False)
    """
    from jingwen.cleaner.textfold import script_tables

    if not conversion.name.endswith("p"):  # s2twp, tw2sp, s2hkp, hk2sp: the ones with phrases
        return False
    _, traditional_only, simplified_only = script_tables()
    source, target = (traditional_only, simplified_only) if conversion.target == "hans" else \
        (simplified_only, traditional_only)
    text = "".join(texts)
    return not source.isdisjoint(text) and not target.isdisjoint(text)  # both scripts: a mixed text


def _run(name: str, data: bytes, settings: Settings, keep: frozenset[int]) -> tuple[Document, list, list[dict]]:
    doc = _read(name, data, settings, keep)
    source = source_lines(doc)
    warnings = []
    conversion = CONVERSIONS.get(settings.convert or "")
    if conversion is not None and _target_words_inside(conversion, (s.text for s in source)):
        warnings.append(message("mixed-phrases", config=conversion_label(conversion.name)))
    try:
        return run_stages(doc, settings), source, warnings
    except JingwenError:
        if not settings.convert or settings.force:
            raise
    # conversion refused (text already in the target script): clean without it, and say so
    doc = _read(name, data, settings, keep)
    source = source_lines(doc)
    doc = run_stages(doc, settings._replace(convert=None))
    script = detect_script("\n".join(b.text for b in doc.body()))
    if refusal(CONVERSIONS[settings.convert], script) is None:  # not a refusal: a real failure
        run_stages(_read(name, data, settings, keep), settings)
    return doc, source, [_conversion_warning(settings, doc)]


def _drop(doc: Document, lines: frozenset[int]) -> None:
    """Remove the blocks the user removed (a block joined from several lines goes when any of
    them is named), logged as ``user.remove``."""
    if not lines:
        return
    kept = []
    for block in doc.blocks:
        if block.line in lines and block.kind != FURNITURE:
            doc.record("user.remove", block.line, "remove", text=block.text)
            if block.kind == HEADING and block.level == 0:
                doc.meta.title = None
        else:
            kept.append(block)
    doc.blocks = kept


def _edited(doc: Document, text: str, settings: Settings) -> Document:
    """The user's own edit of the cleaned text, as the document to export (its structure found
    again; nothing else changes it)."""
    from jingwen.cleaner.headings import find_structure
    from jingwen.cleaner.readers.text import text_document

    edited = text_document(text, source=doc.meta.source, fmt="txt")
    edited.meta = replace(doc.meta, title=None)
    edited.chars_in = doc.chars_in
    return find_structure(edited, settings)


def clean_input(name: str, data: bytes, settings: Settings, max_rows: int = 4000,
                adjust: Adjustments | None = None) -> CleanedFile:
    """Read ``data`` as the file ``name`` says, clean it with the user's ``adjust`` ments, and
    describe the result for the page."""
    adjust = adjust or Adjustments()
    if adjust.off:
        settings = settings._replace(ignore=settings.ignore + adjust.off)
    try:
        doc, source, warnings = _run(name, data, settings, adjust.keep)
        _drop(doc, adjust.drop)
    except (InputError, JingwenError) as e:
        reason = str(e)
        return CleanedFile(name, {"name": name, "ok": False, "detail": reason,
                                  "error": message("unreadable", name=name, reason=explain(name, reason))})
    except Exception as e:  # a bug must not take the other files down
        reason = f"internal error ({type(e).__name__}: {e})"
        return CleanedFile(name, {"name": name, "ok": False, "detail": reason,
                                  "error": message("unreadable", name=name, reason={"zh": reason, "en": reason})})
    view = build_view(source, doc, tail_rule(settings), max_rows)
    for row in view["rows"]:
        for line in row["lines"]:
            line["kept"] = line["n"] in adjust.keep
    known = descriptions(settings)
    text = doc.to_text()
    if adjust.text is not None and adjust.text != text:
        doc = _edited(doc, adjust.text, settings)
    empty = not doc.to_text().strip()
    if empty:
        warnings.append(message("empty", name=name))
    ruleset = ruleset_for(settings)
    platform = doc.meta.platform
    script_names = labels()["scripts"]
    entry = {
        "name": name, "ok": True, "title": doc.meta.title, "format": doc.meta.format,
        "platform": None if platform is None else {
            "id": platform, "name": ruleset.platforms[platform].name if platform in ruleset.platforms else platform,
            "confidence": round(doc.meta.platform_confidence, 2)},
        "script": doc.meta.script, "script_label": script_names.get(doc.meta.script, script_names["none"]),
        "language": doc.meta.language, "encoding": doc.meta.encoding,
        "removed": len(doc.removed()),
        "edited": len({c.line for c in doc.log if c.action == "edit"}),
        "truncated_tail": doc.truncated_tail, "tail_kept": doc.tail_kept,
        "chars_in": doc.chars_in, "chars_out": doc.chars_out(),
        "warnings": warnings, "view": view, "empty": empty,
        "text": text, "edited_text": adjust.text is not None and adjust.text != text,
        "keep_tail_option": settings.keep_tail,
        "rules": {rule: known.get(rule, {"name": rule, "zh": "", "en": ""})
                  for rule in [*view["rules_used"], *adjust.off, *(["user.keep"] if adjust.keep else [])]},
        "off": list(adjust.off),
    }
    return CleanedFile(name, entry, doc)
