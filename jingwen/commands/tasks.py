"""Per-file work for the batch commands: read, run the stages, write, report.

Each task is a top-level function of one picklable argument, so it runs the same inline or in
a worker process, and returns a ``TaskResult`` the parent prints and collects in input order.
"""
from __future__ import annotations

import os
import sys
from collections import namedtuple
from pathlib import Path

from jingwen.batch.files import (
    InputFile,
    atomic_write,
    in_place_target,
    output_path,
    remove_stale_temporaries,
    same_file,
    text_suffix,
)
from jingwen.batch.progress import page_counter
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError, JingwenError
from jingwen.cleaner.readers import format_of, read_bytes
from jingwen.cleaner.settings import Settings
from jingwen.commands.output import TaskResult, failure

# what a job holds besides its Settings, and the defaults
_JOB_DEFAULTS = {
    "outdir": None,  # Path: write under it
    "in_place": False,
    "check": False,
    "diff": False,
    "to_stdout": False,
    "debug": False,
    "report": True,  # whether each edit is wanted (conversion alone skips listing them without --report)
    "segment_jobs": 1,  # worker processes for the segments of one large text file (stream.py)
}


class TextJob(namedtuple("TextJob", ["settings", *_JOB_DEFAULTS], defaults=_JOB_DEFAULTS.values())):
    """What ``clean``/``convert`` do with each file (a named tuple, as ``Settings``)."""

    __slots__ = ()


def read_each(paths: list[str], settings: Settings, debug: bool, failed: list[str]):
    """``(input, document)`` for every readable document among ``paths``; an input that cannot be
    read is one line on standard error, and its name goes to ``failed``."""
    from jingwen.batch.files import TEXT_SUFFIXES, iter_inputs
    from jingwen.commands.output import printable, reason

    for item in iter_inputs(paths, suffixes=TEXT_SUFFIXES):
        try:
            doc, _ = read_document(item, settings)
        except Exception as e:
            print(printable(f"jingwen: {item.display}: {reason(e, debug)}"), file=sys.stderr)
            failed.append(item.display)
            continue
        yield item, doc


def read_document(item: InputFile, settings: Settings, progress: bool = False) -> tuple[Document, bytes]:
    """The input read by its reader (``progress``: count the pages of a long PDF on a terminal)."""
    from jingwen.cleaner.pipeline import ruleset_for  # not loaded when a file is only converted

    if item.error:
        raise JingwenError(item.error)
    if item.path is None:
        data = sys.stdin.buffer.read()
        fmt = "txt"
    else:
        fmt = format_of(item.path)
        try:
            with open(item.path, "rb") as f:
                _refuse_oversized(os.fstat(f.fileno()).st_size, fmt)
                data = f.read()
        except IsADirectoryError:
            raise JingwenError("is a directory") from None
        except OSError as e:
            raise JingwenError(e.strerror or str(e)) from None
        fmt = format_of(item.path)
    on_page = page_counter(item.display, progress) if fmt in ("pdf", "image") else None
    return read_bytes(data, item.display, fmt, ruleset_for(settings).html_containers, on_page, settings.enabled), data


def convert_office_files(items: list[InputFile]) -> None:
    """``.doc``/``.wps``/``.rtf``/``.odt`` inputs of a batch, converted by one LibreOffice run
    before the workers start (each file alone would start LibreOffice once)."""
    office = [i.path for i in items if i.path is not None and not i.error and format_of(i.path) == "office"]
    if len(office) > 1:
        from jingwen.cleaner.readers.office import convert_batch

        convert_batch(office)


def _refuse_oversized(size: int, fmt: str) -> None:
    """Refuse, before reading it, a file larger than its format's reader can take."""
    from jingwen.cleaner.readers import MAX_INPUT_BYTES

    limit = MAX_INPUT_BYTES
    if fmt == "html":  # the HTML reader is loaded for HTML inputs only
        from jingwen.cleaner.readers.html import MAX_HTML_BYTES as limit
    if size > limit:
        raise InputError(f"{fmt.upper() if fmt != 'txt' else 'text'} file is {size // 2**20} MiB "
                         f"(limit {limit // 2**20} MiB)")


def as_read(doc: Document) -> str:
    """The document's lines as its reader found them, with those the reader already removed
    (HTML page chrome, PDF furniture) in their place: what ``--diff`` compares the output with.

    >>> doc = Document.from_lines(["正文。"])
    >>> doc.record("html.extract", 0, "remove", "首页")
    >>> as_read(doc)
    '首页\\n正文。\\n'
    """
    removed = [(c.line, c.text) for c in doc.log if c.action == "remove"]
    return "".join(text + "\n" for _, text in sorted([(b.line, b.text) for b in doc.body()] + removed))


def unchanged(doc: Document, original: str | None, text: str | None = None) -> bool:
    """Whether cleaning changed nothing (``text``: ``doc.to_text()`` when already made)."""
    if original is not None:
        return (doc.to_text() if text is None else text) == original
    return not any(c.action in ("remove", "edit") for c in doc.log)


def text_task(args: tuple[InputFile, TextJob]) -> TaskResult:
    from jingwen.batch.report import file_entry

    item, job = args
    try:
        if _conversion_alone(item, job):
            return _convert_task(item, job)
        if _is_large_text(item) and not job.diff:
            return _large_text_task(item, job)
        from jingwen.cleaner.pipeline import run_stages

        doc, _ = read_document(item, job.settings, progress=not job.to_stdout)
        original = doc.source_text  # text inputs: their output is comparable character for character
        before = original if original is not None or not job.diff else as_read(doc)
        doc = run_stages(doc, job.settings)
        text = doc.to_text()
        same = unchanged(doc, original, text)
        status = "unchanged" if same else "changed"
        result = TaskResult(file_entry(item.display, None, status, doc))
        if job.diff:
            import difflib

            result.stdout = "".join(difflib.unified_diff(
                before.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=item.display, tofile=item.display + " (cleaned)"))
            return result
        if job.check:
            if not same:
                result.messages.append(f"would clean {item.display}")
            return result
        if job.to_stdout:
            result.stdout = text
            return result
        if job.in_place and (item.path is None or doc.meta.format not in ("txt", "md")):
            raise JingwenError("--in-place works on .txt and .md files only")
        if job.in_place and same:
            result.entry["output"] = str(item.path)
            remove_stale_temporaries(Path(os.path.realpath(item.path)))  # left by a killed run
            return result
        target = _text_target(item, job)
        atomic_write(target, text.encode("utf-8"), like=target if job.in_place else None)
        result.entry["output"] = str(item.path if job.in_place else target)
        return result
    except Exception as e:  # one bad file never stops the batch
        return failure(item.display, e, job.debug)


def _conversion_alone(item: InputFile, job: TextJob) -> bool:
    """``jingwen convert`` without ``--clean`` on a text file: OpenCC alone, streamed."""
    if job.settings.clean or job.diff or job.check or item.error:
        return False
    return item.path is None or format_of(item.path) in ("txt", "md")


def _convert_task(item: InputFile, job: TextJob) -> TaskResult:
    """Stream the file through the converter into its output, no document built (convert.py)."""
    from jingwen.batch.files import AtomicFile
    from jingwen.batch.report import file_entry
    from jingwen.cleaner.convert import convert_stream
    from jingwen.cleaner.model.tally import ChangeTally

    if job.in_place and item.path is None:
        raise JingwenError("--in-place works on .txt and .md files only")
    if job.to_stdout:
        source = sys.stdin.buffer if item.path is None else _open(item)
        with source:
            outcome = convert_stream(source, sys.stdout.buffer, job.settings, log_edits=job.report)
        target = None
    else:
        target = _text_target(item, job)  # --in-place: the file a link points to, keeping its mode and owner
        with _open(item) as source, AtomicFile(target, like=target if job.in_place else None) as out:
            outcome = convert_stream(source, out, job.settings, log_edits=job.report)
        if job.in_place:
            target = item.path
    entry = file_entry(item.display, str(target) if target else None, "changed" if outcome.changed else "unchanged")
    entry.update(script=outcome.script, language=outcome.language, chars_in=outcome.chars_in,
                 chars_out=outcome.chars_out, **ChangeTally().add_all(outcome.edits or ()).fields())
    return TaskResult(entry)


def _open(item: InputFile):
    try:
        return item.path.open("rb")
    except IsADirectoryError:
        raise JingwenError("is a directory") from None
    except OSError as e:
        raise JingwenError(e.strerror or str(e)) from None


def _is_large_text(item: InputFile) -> bool:
    from jingwen.batch.files import LARGE_FILE

    if item.path is None or item.error or format_of(item.path) not in ("txt", "md"):
        return False
    try:
        return item.path.stat().st_size > LARGE_FILE
    except OSError:
        return False


def _text_target(item: InputFile, job: TextJob) -> Path:
    if job.in_place:
        return in_place_target(item.path)
    target = output_path(item, job.outdir, text_suffix(item.path))
    if same_file(target, item.path):
        raise JingwenError(f"output {target} is the input itself (use --in-place to rewrite inputs)")
    return target


def _large_text_task(item: InputFile, job: TextJob) -> TaskResult:
    """A text file too large to hold: cleaned segment by segment into the output (stream.py)."""
    from jingwen.batch.files import AtomicFile
    from jingwen.batch.report import file_entry
    from jingwen.cleaner.stream import clean_large_file

    if job.check or job.to_stdout:
        sink = sys.stdout.buffer if job.to_stdout else None
        outcome = clean_large_file(item.path, job.settings, sink, jobs=job.segment_jobs)
        target = None
    else:
        target = _text_target(item, job)
        with AtomicFile(target, like=target if job.in_place else None) as out:
            outcome = clean_large_file(item.path, job.settings, out, jobs=job.segment_jobs)
        if job.in_place:
            target = item.path
    entry = file_entry(item.display, str(target) if target else None,
                       "changed" if outcome.changed else "unchanged")
    entry.update(
        platform=outcome.platform, platform_confidence=outcome.platform_confidence, script=outcome.script,
        language=outcome.language, title=outcome.title, truncated_tail=outcome.truncated_tail,
        tail_kept=outcome.tail_kept if outcome.truncated_tail else None,
        **outcome.changes.fields(), chars_in=outcome.chars_in, chars_out=outcome.chars_out)
    result = TaskResult(entry)
    if job.check and outcome.changed:
        result.messages.append(f"would clean {item.display}")
    return result
