"""``jingwen export``: read, clean, normalize, convert, then write each requested format.

Where outputs go:

- ``-o OUTDIR``: ``OUTDIR/<stem>.<fmt>``, mirroring the folders below each folder argument
  (``raw/a/001.txt`` found under ``raw`` → ``OUTDIR/a/001.pdf``), as ``clean -o`` does;
- without ``-o``: next to each input file (``notes/a.txt`` → ``notes/a.pdf``); a folder argument
  then needs ``-o``, so that a whole tree is never filled with outputs by accident;
- standard input (``-``) without ``-o``: standard output, for one format only.

An output that is the input itself, or that two inputs would both write (``a.txt`` and ``a.md``
→ ``a.pdf``), is an error for that file; the others are still exported. Every file is written
through a temporary file and a rename. Exit status 0, or 2 when some input failed (one line each
on standard error).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from jingwen.batch.files import InputFile, atomic_write, output_path, refuse_shared_outputs, same_file
from jingwen.cleaner.model.errors import JingwenError
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.settings import Settings
from jingwen.commands.output import TaskResult, failure, print_results
from jingwen.commands.status import EXIT_ERROR, EXIT_OK, check_outputs, check_report
from jingwen.commands.tasks import convert_office_files, read_document, unchanged
from jingwen.config import settings_from


@dataclass(frozen=True)
class ExportJob:
    """What ``export`` does with each file (picklable: it travels to worker processes)."""

    settings: Settings
    formats: tuple[str, ...]
    options: object  # exporters.ExportOptions (imported lazily)
    outdir: Path | None = None
    to_stdout: bool = False
    debug: bool = False


def targets_for(item: InputFile, job: ExportJob) -> dict[str, Path]:
    """``{format: output path}`` for one input."""
    if job.outdir is not None:
        return {fmt: output_path(item, job.outdir, "." + fmt) for fmt in job.formats}
    if item.path is None:
        return {}
    return {fmt: item.path.with_suffix("." + fmt) for fmt in job.formats}


def export_task(args: tuple[InputFile, ExportJob]) -> TaskResult:
    """Export one input in every format (in a worker process or inline)."""
    from jingwen import exporters
    from jingwen.batch.report import file_entry
    from jingwen.exporters.content import read_content

    item, job = args
    try:
        doc, _ = read_document(item, job.settings, progress=True)
        original = doc.source_text
        doc = run_stages(doc, job.settings)
        status = "unchanged" if unchanged(doc, original) else "changed"
        result = TaskResult(file_entry(item.display, None, status, doc))
        content = read_content(doc, job.options.quotes)
        targets = targets_for(item, job)
        written: list[str] = []
        for fmt in job.formats:
            try:
                payload = exporters.render(doc, fmt, job.options, content)
            except JingwenError as e:
                raise JingwenError(f"{fmt}: {e}") from None
            if job.to_stdout:
                result.stdout = payload
                continue
            target = targets[fmt]
            if item.path is not None and same_file(target, item.path):
                raise JingwenError(f"output {target} is the input itself")
            atomic_write(target, payload)
            written.append(str(target))
        if "pdf" in job.formats:
            _warn_missing_glyphs(item, job, content, result)
        result.entry["output"] = written[0] if written else None
        result.entry["outputs"] = written
        return result
    except Exception as e:  # one bad file never stops the batch
        return failure(item.display, e, job.debug)


def _warn_missing_glyphs(item: InputFile, job: ExportJob, content, result: TaskResult) -> None:
    from jingwen.exporters.pdf import missing_glyphs, stand_in_fonts

    stand_ins = stand_in_fonts(content, job.options)
    if stand_ins:
        result.messages.append(f"jingwen: {item.display}: warning: fonts standing in: "
                               + "; ".join(f"{family} for {typeface}" for typeface, family in stand_ins))
    missing = "".join(sorted(missing_glyphs(content, job.options)))
    result.entry["missing_glyphs"] = missing
    if missing:
        result.messages.append(f"jingwen: {item.display}: warning: no installed font has {len(missing)} "
                               f"character(s), drawn as boxes in the PDF: {missing[:40]}")


def _options(args: argparse.Namespace, values: dict, quotes: str | None):
    from jingwen.exporters import ExportOptions

    return ExportOptions(style=values["style"] or "default", paper=values["paper"], font=values["font"],
                         toc=bool(values["toc"]), vertical=args.vertical, crop_marks=args.crop_marks,
                         quotes=quotes)


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` command; returns the exit status."""
    from jingwen import exporters
    from jingwen.batch.files import TEXT_SUFFIXES, iter_inputs
    from jingwen.batch.report import summarize, write_report
    from jingwen.batch.workers import run_tasks

    settings, values = settings_from(args)  # command line over [tool.jingwen] over defaults
    wanted = values["formats"]
    if not wanted:
        raise JingwenError("export needs --to FMT[,FMT...] (or [tool.jingwen.export] to = [...])")
    formats = exporters.parse_formats(wanted if isinstance(wanted, str) else ",".join(wanted))
    options = _options(args, values, settings.quotes)
    check_outputs(args)
    exporters.prepare(options, formats)

    items = list(iter_inputs(args.paths, suffixes=TEXT_SUFFIXES, exclude=args.output_dir))
    check_report(args, items)
    outdir = args.output_dir
    if outdir is None:
        folders = [p for p in args.paths if p != "-" and Path(p).is_dir()]
        if folders:
            raise JingwenError(f"{folders[0]} is a folder: give -o OUTDIR for the outputs")
    to_stdout = outdir is None and any(i.path is None for i in items)
    if to_stdout:
        if len(items) > 1 or len(formats) > 1:
            raise JingwenError("standard input is exported to standard output in one format only; "
                               "give -o OUTDIR for more")
        if formats[0] in exporters.BINARY and sys.stdout.isatty():
            raise JingwenError(f"not writing {formats[0].upper()} to a terminal: redirect it or give -o OUTDIR")
    job = ExportJob(settings, formats, options, outdir, to_stdout, args.debug)

    # every format of one input shares a stem: inputs sharing a stem would overwrite each other
    items = refuse_shared_outputs(items, lambda i: next(iter(targets_for(i, job).values())))
    jobs = 1 if to_stdout else values["jobs"]
    convert_office_files(items)
    results = run_tasks(export_task, [(item, job) for item in items], jobs)
    entries = print_results(results, len(items), quiet=args.quiet, verbose=args.verbose, label="exporting")
    summary = summarize(entries)
    if args.report:
        write_report(args.report, entries)
    if not args.quiet and not to_stdout and (len(entries) > 1 or args.verbose):
        done = summary["files"] - summary["errors"]
        outputs = sum(len(e.get("outputs") or []) for e in entries)
        plural = "s" if outputs != 1 else ""
        line = f"jingwen: {done} file{'s' if done != 1 else ''} exported ({outputs} output{plural})"
        if summary["errors"]:
            line += f", {summary['errors']} failed"
        print(line, file=sys.stderr)
    return EXIT_ERROR if summary["errors"] else EXIT_OK
