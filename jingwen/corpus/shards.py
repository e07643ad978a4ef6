"""Shard tasks, run in workers: a shard of a corpus file cleaned into a part file, then marked
done with its counts, so that a killed run resumes shard by shard."""
from __future__ import annotations

import json
import os
import re
import socket
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jingwen.batch.files import AtomicFile, atomic_write
from jingwen.cleaner.model.errors import JingwenError
from jingwen.cleaner.settings import Settings
from jingwen.corpus.formats import (
    LineWriter,
    ParquetPartWriter,
    open_lines,
    parquet_batches,
    parquet_output_schema,
    part_suffix,
    read_span,
)
from jingwen.corpus.records import DEFAULT_FIELD, clean_batch, clean_line
from jingwen.corpus.tally import Tally

DEFAULT_SHARD_SIZE = 32 * 2**20  # the largest shard chosen for a file (and a compressed file's shard)
MIN_SHARD_SIZE = 2**20
SHARDS_PER_FILE = 16  # a file is cut into this many shards, within the sizes above


def auto_shard_size(file_size: int) -> int:
    """The shard size for a file when none is given: about ``SHARDS_PER_FILE`` shards, so the
    workers share even one large file; from the file's size alone (not ``-j``), so a run resumed
    with other ``-j`` keeps its shards.

    >>> auto_shard_size(50 * 10**6), auto_shard_size(10**5), auto_shard_size(10**10) == DEFAULT_SHARD_SIZE
    (3125000, 1048576, True)
    """
    return min(DEFAULT_SHARD_SIZE, max(MIN_SHARD_SIZE, -(-file_size // SHARDS_PER_FILE)))
WORK_DIR = ".jingwen-work"
LAYOUT = 1  # version of the work folder's layout; a work folder of another layout is redone



@dataclass(frozen=True)
class CorpusJob:
    """What to do with every corpus file of a run (picklable: it travels to the workers)."""

    settings: Settings = Settings()
    field: str = DEFAULT_FIELD
    shard_size: int = 0  # bytes of input per shard; 0: ``auto_shard_size`` of each file


@dataclass(frozen=True)
class ShardTask:
    """One unit of work: shard ``index`` of ``source`` (``span``: byte range or row groups), or
    with ``index`` None every unfinished shard of a compressed file, streamed in order."""

    source: str
    fmt: str
    work: str
    job: CorpusJob
    run: str
    index: int | None = None
    span: tuple[int, ...] = ()


@dataclass
class TaskOutcome:
    source: str
    shards: list[int]
    error: str | None = None
    detail: str | None = None  # traceback of an unexpected error (shown with --debug)


def run_task(task: ShardTask) -> TaskOutcome:
    """Clean and mark one task's shards; never raises (the error is in the outcome)."""
    try:
        if task.index is None:
            return TaskOutcome(task.source, _stream_shards(task))
        if task.fmt == "parquet":
            _write_parquet_shard(task, task.index, task.span)
        else:
            _write_jsonl_shard(task, task.index, read_span(task.source, task.span[0], task.span[1]))
        return TaskOutcome(task.source, [task.index])
    except Exception as e:
        return task_failed(task, e)


def task_failed(task: ShardTask, error: BaseException) -> TaskOutcome:
    """The outcome of a task that raised ``error`` (here or on a worker that died)."""
    if isinstance(error, JingwenError):
        return TaskOutcome(task.source, [], str(error))
    if isinstance(error, MemoryError):
        return TaskOutcome(task.source, [], "out of memory")
    detail = "".join(traceback.format_exception(error)).rstrip()
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return TaskOutcome(task.source, [], f"{error.strerror}{where}")
    unreadable = isinstance(error, (OSError, EOFError, ValueError))  # corrupt gzip, truncated stream, ArrowInvalid
    if unreadable or type(error).__module__.startswith(("zstandard", "pyarrow")):
        return TaskOutcome(task.source, [], f"cannot read this {task.fmt} file ({error})", detail)
    return TaskOutcome(task.source, [], f"internal error ({type(error).__name__}: {error})", detail)


def _part(work: str | Path, index: int, fmt: str) -> Path:
    return Path(work) / f"part-{index:05d}{part_suffix(fmt)}"


def _marker(work: str | Path, index: int) -> Path:
    return Path(work) / f"part-{index:05d}.done"


def _write_jsonl_shard(task: ShardTask, index: int, lines: Iterable[bytes]) -> None:
    started, tally = time.monotonic(), Tally()
    part = _part(task.work, index, task.fmt)
    name, settings = task.job.field, task.job.settings
    with AtomicFile(part) as f:
        writer = LineWriter(f.file, task.fmt)
        for raw in lines:
            out = clean_line(raw, tally.lines + 1, name, settings, tally)
            if out is not None:
                writer.write(out)
        writer.close()
    _mark(task, index, part, tally, started)


def _write_parquet_shard(task: ShardTask, index: int, row_groups: tuple[int, ...]) -> None:
    import pyarrow.parquet as pq

    started, tally = time.monotonic(), Tally()
    part = _part(task.work, index, task.fmt)
    schema = parquet_output_schema(pq.read_schema(task.source), task.job.field)
    with AtomicFile(part) as f:
        writer = ParquetPartWriter(f.file, schema)
        for batch in parquet_batches(task.source, row_groups):
            writer.write(clean_batch(batch, task.job.field, task.job.settings, schema, tally))
        writer.close()
    _mark(task, index, part, tally, started)


def _mark(task: ShardTask, index: int, part: Path, tally: Tally, started: float) -> None:
    """The completion marker: written after the part, so a marker always means a whole part."""
    marker = {"layout": LAYOUT, "shard": index, "part": part.name, "part_bytes": part.stat().st_size,
              "run": task.run, "host": socket.gethostname(), "pid": os.getpid(),
              "seconds": round(time.monotonic() - started, 3),
              "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "tally": tally.as_json()}
    atomic_write(_marker(task.work, index), json.dumps(marker, ensure_ascii=False).encode("utf-8"))


def load_marker(work: str | Path, index: int) -> dict | None:
    """Shard ``index``'s marker, if the shard is complete (marker readable, part of its size)."""
    try:
        marker = json.loads(_marker(work, index).read_text(encoding="utf-8"))
        if marker.get("layout") != LAYOUT or not re.fullmatch(rf"part-{index:05d}\.[a-z.]+", marker["part"]):
            return None
        if (Path(work) / marker["part"]).stat().st_size == marker["part_bytes"]:
            return marker
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


class _Cutter:
    """Cuts a stream of lines into shards: each ends after the line reaching ``size`` bytes."""

    def __init__(self, lines: Iterable[bytes], size: int) -> None:
        self.lines, self.size = iter(lines), size

    def next_shard(self) -> Iterator[bytes] | None:
        first = next(self.lines, None)
        return None if first is None else self._shard(first)

    def _shard(self, first: bytes) -> Iterator[bytes]:
        yield first
        total = len(first)
        if total >= self.size:
            return
        for line in self.lines:
            yield line
            total += len(line)
            if total >= self.size:
                return


def _stream_shards(task: ShardTask) -> list[int]:
    """Every unfinished shard of a compressed file, in one pass; finished ones are only read."""
    written: list[int] = []
    with open_lines(task.source, task.fmt) as stream:
        cutter = _Cutter(stream, task.job.shard_size or DEFAULT_SHARD_SIZE)
        index = 0
        while True:
            shard = cutter.next_shard()
            if shard is None and index > 0:
                break
            shard = shard if shard is not None else iter(())
            if load_marker(task.work, index) is not None:
                for _ in shard:  # already done: skip its lines without parsing them
                    pass
            else:
                _write_jsonl_shard(task, index, shard)
                written.append(index)
            index += 1
    atomic_write(Path(task.work) / "stream.done", json.dumps({"shards": index, "run": task.run}).encode())
    return written
