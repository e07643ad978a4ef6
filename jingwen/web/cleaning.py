"""Read and clean what the page sent: each input becomes a ``CleanedFile`` with its view.

One unreadable input never stops the others: it comes back with a message naming the file
and the reader's reason. A conversion refused because the text is already in the target
script is not an error here: the page shows the cleaned text unconverted, with a warning.

>>> from jingwen.cleaner.settings import Settings
>>> done = clean_input("a.txt", "下载本文档\\n软件的头发。\\n".encode(), Settings(convert="s2twp"))
>>> done.ok, done.doc.to_text(), done.entry["removed"], done.entry["script"]
(True, '軟體的頭髮。\\n', 1, 'hant')
>>> clean_input("b.png", bytes(range(256)), Settings()).entry["error"]["zh"]
'「b.png」无法处理：这是二进制文件（图片、压缩包等），不是文本、网页或 Word 文档'
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePath

from jingwen.cleaner.convert import CONVERSIONS, QUOTE_STYLES, refusal
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError, JingwenError
from jingwen.cleaner.pipeline import ruleset_for, run_stages
from jingwen.cleaner.readers import format_of, read_bytes
from jingwen.cleaner.script import detect_script
from jingwen.cleaner.settings import Settings
from jingwen.web.labels import explain, labels, message
from jingwen.web.view import build_view, source_lines


# ids recorded by the conversion stage that no rule file describes
class OptionError(ValueError):
    """A page option with a value the server does not accept (a bilingual message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.message = message("bad-request", reason=reason)


@dataclass
class CleanedFile:
    """One input after cleaning: ``entry`` is what the page shows, ``doc`` what is exported."""

    name: str
    entry: dict
    doc: Document | None = None

    @property
    def ok(self) -> bool:
        return self.doc is not None

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
    return replace(base, convert=convert, quotes=quotes, **flags)


@lru_cache(maxsize=8)
def descriptions(settings: Settings) -> dict[str, str]:
    """Every rule and step id with its description (the page's hover text)."""
    from jingwen.cleaner.registry import all_ids

    return {entry.id: entry.description for entry in all_ids(settings.rule_files)}


def tail_rule(settings: Settings) -> str | None:
    """The id of the rule that cuts the truncated tail (``generic.truncated-tail``)."""
    return next((r.id for r in ruleset_for(settings).rules if r.builtin == "truncated_tail"), None)


def _conversion_warning(settings: Settings, doc: Document) -> dict:
    """Why conversion was not applied, in both languages."""
    conversion = CONVERSIONS[settings.convert]
    script = detect_script("\n".join(b.text for b in doc.body()))
    names = labels()["scripts"]
    code = "not-converted" if script == conversion.target else "wrong-script"
    return message(code, script=names.get(script, names["none"]), source=names[conversion.source],
                   config=labels()["conversions"][conversion.name])


def _run(name: str, data: bytes, settings: Settings) -> tuple[Document, list, list[dict]]:
    ruleset = ruleset_for(settings)
    doc = read_bytes(data, name, format_of(name), ruleset.html_containers)
    source = source_lines(doc)
    try:
        return run_stages(doc, settings), source, []
    except JingwenError:
        if not settings.convert or settings.force:
            raise
    # conversion refused (text already in the target script): clean without it, and say so
    doc = read_bytes(data, name, format_of(name), ruleset.html_containers)
    source = source_lines(doc)
    doc = run_stages(doc, replace(settings, convert=None))
    script = detect_script("\n".join(b.text for b in doc.body()))
    if refusal(CONVERSIONS[settings.convert], script) is None:  # not a refusal: a real failure
        run_stages(read_bytes(data, name, format_of(name), ruleset.html_containers), settings)
    return doc, source, [_conversion_warning(settings, doc)]


def clean_input(name: str, data: bytes, settings: Settings, max_rows: int = 4000) -> CleanedFile:
    """Read ``data`` as the file ``name`` says, clean it, and describe the result for the page."""
    try:
        doc, source, warnings = _run(name, data, settings)
    except (InputError, JingwenError) as e:
        reason = str(e)
        return CleanedFile(name, {"name": name, "ok": False, "detail": reason,
                                  "error": message("unreadable", name=name, reason=explain(name, reason))})
    except Exception as e:  # a bug must not take the other files down
        reason = f"internal error ({type(e).__name__}: {e})"
        return CleanedFile(name, {"name": name, "ok": False, "detail": reason,
                                  "error": message("unreadable", name=name, reason={"zh": reason, "en": reason})})
    view = build_view(source, doc, tail_rule(settings), max_rows)
    known = descriptions(settings)
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
        "warnings": warnings, "view": view,
        "rules": {rule: known.get(rule, "") for rule in view["rules_used"]},
    }
    return CleanedFile(name, entry, doc)
