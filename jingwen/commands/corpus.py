"""``jingwen clean``/``convert`` for corpus files: standard output and ``--check`` stream each file
in one process; ``-o`` shards and resumes."""
from __future__ import annotations

from typing import IO, Any

from jingwen.batch.files import InputFile
from jingwen.cleaner.model.errors import InputError, JingwenError
from jingwen.cleaner.settings import Settings
from jingwen.commands.output import TaskResult
from jingwen.corpus.formats import corpus_format
from jingwen.corpus.records import DEFAULT_FIELD
from jingwen.corpus.report import corpus_entry
from jingwen.corpus.run import parse_size, run_corpus, stream_file
from jingwen.corpus.shards import CorpusJob, ShardTask, task_failed


def clean_corpora(items: list[InputFile], args: Any, settings: Settings, to_stdout: bool, jobs: int,
                  engine: Any = None) -> list[dict]:
    """``jingwen clean``/``convert`` for corpus files: prints what happened to each and returns
    the report entries. Standard output and ``--check`` stream each file in one process; ``-o``
    shards (on ``engine``, the command's Dask cluster, when given)."""
    import sys

    from jingwen.batch.workers import run_tasks
    from jingwen.commands.output import print_results

    job = CorpusJob(settings, getattr(args, "field", None) or DEFAULT_FIELD,
                    parse_size(getattr(args, "shard_size", None)))
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", False)
    if getattr(args, "diff", False) or getattr(args, "in_place", False):
        flag = "--diff" if getattr(args, "diff", False) else "--in-place"
        reason = f"{flag} does not apply to corpus files; give -o OUTDIR (or --check)"
        results = [(corpus_entry(i.display, None, corpus_format(i.path) or "", job.field, None, reason), None)
                   for i in items]
    elif getattr(args, "check", False) or to_stdout:
        sink = sys.stdout.buffer if to_stdout else None
        if sink is not None:
            results = [_stream_entry((items[0], job, sink))]
        else:
            results = list(run_tasks(_stream_entry, [(i, job, None) for i in items], jobs))
    else:
        dask = engine or getattr(args, "dask", None)
        results = [(entry, cf.detail) for entry, cf in run_corpus(
            items, job, args.output_dir, jobs=jobs, dask=dask, progress=not quiet)]
    check, debug = getattr(args, "check", False), getattr(args, "debug", False)
    return print_results((_result(entry, detail, check, debug, verbose) for entry, detail in results), 0,
                         quiet=quiet, verbose=verbose)


def _stream_entry(args: tuple[InputFile, CorpusJob, IO[bytes] | None]) -> tuple[dict, str | None]:
    item, job, sink = args
    fmt = corpus_format(item.path) or ""
    try:
        if item.error:
            raise InputError(item.error)
        tally = stream_file(item, job, sink)
    except BrokenPipeError:  # standard output closed early (| head): the command ends quietly
        raise
    except JingwenError as e:
        return corpus_entry(item.display, None, fmt, job.field, None, str(e)), None
    except OSError as e:
        return corpus_entry(item.display, None, fmt, job.field, None, e.strerror or str(e)), None
    except Exception as e:
        outcome = task_failed(ShardTask(item.display, fmt, "", job, ""), e)
        return corpus_entry(item.display, None, fmt, job.field, None, outcome.error), outcome.detail
    return corpus_entry(item.display, "-" if sink is not None else None, fmt, job.field, tally), None


def _result(entry: dict, detail: str | None, check: bool, debug: bool, verbose: bool) -> TaskResult:
    """What to print for a corpus file (``detail``: the traceback of an internal error)."""
    path = entry["path"]
    if entry["status"] == "error":
        messages = [f"jingwen: {path}: {entry['error']}"] + ([detail] if detail and debug else [])
        return TaskResult(entry, messages=messages)
    result = TaskResult(entry)
    corpus = entry["corpus"]
    records = corpus["records"]
    unit = "row" if corpus["format"] == "parquet" else "line"
    if records["errors"]:  # bad records are passed through, but never silently
        first = corpus["bad_records"][0]
        result.warnings.append(f"jingwen: {path}: {_plural(records['errors'], 'bad record')} passed through with "
                               f"jingwen.error ({unit} {first['line']}: {first['error']})")
    if check:
        if records["changed"]:
            result.messages.append(f"would clean {path} ({records['changed']} of {records['in']} records)")
    elif entry["output"] != "-" or verbose:
        shards = corpus["shards"]
        line = f"jingwen: {path}: {records['in']} records, {records['changed']} changed"
        if entry["output"] and entry["output"] != "-":
            line += f" -> {entry['output']}"
        if shards:
            line += f" ({_plural(shards['total'], 'shard')}"
            line += f", {shards['resumed']} done by an earlier run)" if shards["resumed"] else ")"
        result.messages.append(line)
    return result


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
