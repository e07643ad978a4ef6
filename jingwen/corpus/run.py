"""Corpus mode: the text field of every record of JSON Lines and Parquet corpora cleaned shard by
shard, in this process, in ``-j N`` worker processes or on Dask, resuming a killed run where it
stopped.

Every output record keeps its fields (in order) and gains ``jingwen``: platform, script,
title, changed, removed (lines), rules (ids that fired), truncated_tail, tail_kept, error.
A bad record (invalid JSON, no text field, text not a string) is passed through with
``jingwen.error`` set and its text untouched, so the output has one record per input record;
an invalid JSON line becomes ``{"jingwen": {..., "error": ..., "raw": "<the line>"}}``.

Shards, markers and resume (``jingwen clean corpus/ -o out/``)::

    out/web.jsonl.gz                              the output, assembled from the parts in order
    out/.jingwen-work/web.jsonl.gz/plan.json      input size and mtime, settings fingerprint, spans
    out/.jingwen-work/web.jsonl.gz/part-00003.jsonl.gz   one part per shard (written atomically)
    out/.jingwen-work/web.jsonl.gz/part-00003.done       then its marker: counts, run id, time
    out/.jingwen-work/web.jsonl.gz/done           assembled, with the file's totals (parts deleted)

A shard ends after the line that brings it to ``shard_size`` bytes of input. Shards of plain
``.jsonl`` (byte ranges) and Parquet (groups of row groups) are independent tasks; a compressed
file cannot be entered in the middle, so it is one task that streams through it, writing a part
per shard and skipping shards already marked. A rerun redoes only shards without a marker; a
changed input or changed settings start that file afresh.
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Any

from jingwen.batch.files import InputFile
from jingwen.cleaner.model.errors import JingwenError, OutputError
from jingwen.corpus.formats import corpus_format, open_lines, parquet_batches, parquet_output_schema, require
from jingwen.corpus.plan import CorpusFile, assemble, plan_file, portable, record_outcome, settings_fingerprint
from jingwen.corpus.records import clean_batch, clean_line
from jingwen.corpus.report import file_entry_of
from jingwen.corpus.shards import WORK_DIR, CorpusJob, run_task, task_failed
from jingwen.corpus.tally import Tally


def run_corpus(items: list[InputFile], job: CorpusJob, outdir: Path, *, jobs: int = 1, dask: Any = None,
               progress: bool = False) -> list[tuple[dict, CorpusFile]]:
    """Clean corpus files into ``outdir`` shard by shard, resuming earlier runs; one report
    entry (and the file's state) per input, in input order.

    ``jobs`` local worker processes, or ``dask``: ``local:N``, a scheduler address, or a
    ``DaskEngine`` the caller made (and closes).
    """
    from jingwen.batch.progress import Progress
    from jingwen.corpus.engines import make_engine

    job = portable(job)
    fingerprint = settings_fingerprint(job)
    run = uuid.uuid4().hex[:12]
    with _Lock(outdir / WORK_DIR):
        files, claimed = [], {}
        for item in items:  # a/x.jsonl and b/x.jsonl given as files would both write OUT/x.jsonl
            first = claimed.setdefault(item.relative, item)
            if first is not item:
                files.append(CorpusFile(item, corpus_format(item.path) or "",
                                        error=f"same output as {first.display}: {outdir / item.relative}"))
            else:
                files.append(plan_file(item, job, outdir, fingerprint, run))
        for cf in files:
            _finish_if_complete(cf)
        tasks = [t for cf in files if cf.error is None and not cf.complete for t in cf.tasks]
        tasks.sort(key=lambda t: t.index is not None)  # whole-file streams first: they are the longest
        if tasks:
            by_source = {str(cf.source): cf for cf in files if cf.source is not None}
            bar = Progress(len(tasks), enabled=progress, label="corpus shards")
            engine = make_engine(jobs=jobs, dask=dask, tasks=len(tasks))
            try:
                for outcome in engine.run(run_task, tasks, task_failed):
                    bar.advance()
                    cf = by_source[outcome.source]
                    record_outcome(cf, outcome)
                    _finish_if_complete(cf)
            finally:
                bar.close()
                engine.close()
        for cf in files:
            if cf.error is None and not cf.complete:
                cf.error = "some shards did not finish"
    return [(file_entry_of(cf, job), cf) for cf in files]


def _finish_if_complete(cf: CorpusFile) -> None:
    if cf.error is None and cf.complete:
        try:
            assemble(cf)
        except JingwenError as e:
            cf.error = str(e)
        except Exception as e:  # a part that cannot be read back (OSError, ArrowInvalid...)
            cf.error = f"cannot assemble {cf.output}: {getattr(e, 'strerror', None) or e}"


class _Lock:
    """An exclusive lock on an output folder's work folder, so two runs never share it.
    (POSIX record locks belong to the process: forked workers do not inherit them.)"""

    def __init__(self, work: Path) -> None:
        self.path = work / "lock"

    def __enter__(self) -> _Lock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = open(self.path, "a+")
        except OSError as e:
            raise OutputError(f"cannot write in {self.path.parent.parent}: {e.strerror or e}") from None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return self
        try:
            fcntl.lockf(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.file.close()
            raise JingwenError(f"another jingwen run is writing to {self.path.parent.parent}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


def stream_file(item: InputFile, job: CorpusJob, sink: IO[bytes] | None) -> Tally:
    """Clean one corpus file in this process, writing plain JSON Lines to ``sink`` (standard
    output) or nothing (``--check``)."""
    fmt = corpus_format(item.path) or ""
    require(fmt)
    tally = Tally()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        if sink is not None:
            raise JingwenError("Parquet output needs -o OUTDIR")
        schema = parquet_output_schema(pq.read_schema(item.path), job.field)
        groups = tuple(range(pq.ParquetFile(item.path).metadata.num_row_groups))
        for batch in parquet_batches(item.path, groups):
            clean_batch(batch, job.field, job.settings, schema, tally)
        return tally
    with open_lines(item.path, fmt) as stream:
        for raw in stream:
            out = clean_line(raw, tally.lines + 1, job.field, job.settings, tally)
            if out is not None and sink is not None:
                sink.write(out)
    return tally


def parse_size(value: str | int | None) -> int:
    """``"64M"`` → 67108864; plain numbers are bytes; None (not given) → 0, sized per file.

    >>> parse_size("64M"), parse_size("512k"), parse_size("1G"), parse_size(4096), parse_size(None)
    (67108864, 524288, 1073741824, 4096, 0)
    """
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    factor = {"K": 2**10, "M": 2**20, "G": 2**30}.get(text[-1:], 1)
    try:
        size = int(float(text[:-1] if factor > 1 else text) * factor)
    except ValueError:
        size = 0
    if size <= 0:
        raise JingwenError(f"--shard-size: cannot read {value!r} (examples: 64M, 512K, 1G)")
    return size
