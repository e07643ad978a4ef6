"""``jingwen clean`` and ``jingwen convert``: text in, text out, file by file or record by record.

Text files go through ``tasks.text_task`` in worker processes (with the template lines learnt
from their folder, ``templates.py``); corpus files (JSON Lines,
Parquet) through ``jingwen.corpus``. Exit status: 0, 1 with ``--check`` when some file would
change, 2 when some input failed (one line each on standard error).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jingwen.batch.report import summarize, summary_line, write_report
from jingwen.cleaner.model.errors import JingwenError
from jingwen.commands.output import print_results
from jingwen.commands.status import EXIT_ERROR, EXIT_OK, EXIT_WOULD_CHANGE, check_outputs, check_report
from jingwen.config import settings_from


def cmd_clean(args: argparse.Namespace) -> int:
    from jingwen.batch.files import is_corpus, iter_inputs, output_path, refuse_shared_outputs, text_suffix
    from jingwen.batch.workers import run_tasks
    from jingwen.commands.tasks import TextJob, convert_office_files, text_task
    from jingwen.commands.templates import jobs_with_templates

    check_outputs(args)
    settings, values = settings_from(args)
    items = list(iter_inputs(args.paths, exclude=args.output_dir))
    check_report(args, items, (lambda i: output_path(i, args.output_dir, text_suffix(i.path))) if args.output_dir
                 else None)
    single_file = len(items) == 1 and (items[0].path is None or not Path(args.paths[0]).is_dir())
    to_stdout = not (args.output_dir or args.in_place or args.check or args.diff)
    if to_stdout and not single_file:
        raise JingwenError("several inputs: give -o OUTDIR, --in-place, --check or --diff")
    jobs = 1 if any(i.path is None for i in items) else values["jobs"]
    # one input: its workers go to the segments of a large text file instead
    job = TextJob(settings, args.output_dir, args.in_place, args.check, args.diff, to_stdout, args.debug,
                  report=bool(args.report or args.verbose), segment_jobs=jobs if len(items) == 1 else 1)
    dask = getattr(args, "dask", None)
    if dask:
        from jingwen.corpus.engines import check_dask

        check_dask(dask)  # no Dask here, or a bad spec: one line before any work
        job = job._replace(segment_jobs=1)  # a Dask worker starts no processes of its own
    corpus_items = [i for i in items if i.path is not None and is_corpus(i.path)]
    items = [i for i in items if i not in corpus_items]
    if args.output_dir:
        items = refuse_shared_outputs(items, lambda i: output_path(i, args.output_dir, text_suffix(i.path)))
    convert_office_files(items)
    tasks = list(zip(items, jobs_with_templates(items, job), strict=True))
    sharded = bool(corpus_items) and bool(args.output_dir) and not (args.check or args.diff)
    engine = _dask_engine(dask, bool(tasks) or sharded)
    try:
        results = engine.map(text_task, tasks, _task_failed(args.debug)) if engine and tasks else \
            run_tasks(text_task, tasks, jobs)
        entries = print_results(results, len(items), quiet=args.quiet, verbose=args.verbose)
        if corpus_items:
            from jingwen.commands.corpus import clean_corpora

            entries += clean_corpora(corpus_items, args, settings, to_stdout, jobs, engine)
    finally:
        if engine is not None:
            engine.close()
    summary = summarize(entries)
    if args.report:
        write_report(args.report, entries)
    if not args.quiet and not to_stdout and len(entries) > 1 or args.verbose:
        verb = "would be cleaned" if args.check or args.diff else \
            "converted" if args.command == "convert" else "cleaned"
        print(summary_line(summary, verb), file=sys.stderr)
    if summary["errors"]:
        return EXIT_ERROR
    if args.check and summary["changed"]:
        return EXIT_WOULD_CHANGE
    return EXIT_OK


def _dask_engine(spec: str | None, needed: bool):
    """With ``--dask``, one cluster for the command: its documents (a page read by OCR takes
    seconds) and the shards of its corpus files run there. None without ``--dask`` or when
    nothing would run there (corpus files streamed to standard output or checked run here)."""
    if not spec or not needed:
        return None
    from jingwen.corpus.engines import DaskEngine

    return DaskEngine(spec)


def _task_failed(debug: bool):
    from jingwen.commands.output import failure

    return lambda task, error: failure(task[0].display, error, debug)


def cmd_convert(args: argparse.Namespace) -> int:
    if not (args.convert or args.to_alias):
        raise JingwenError("convert needs --config CONFIG (or --to traditional|simplified|taiwan|hongkong)")
    return cmd_clean(args)
