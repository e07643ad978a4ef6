"""Corpus mode: clean the text field of every record of JSON Lines and Parquet corpora.

``clean_record`` is the whole per-record job, for Spark, Ray or a loop of your own; the rest of
this module runs it over files of any size with flat memory, in this process, in ``-j N``
worker processes or on a Dask cluster, and resumes a killed run where it stopped.

>>> out = clean_record({"id": 7, "text": "下载本文档\\n第一章　总则\\n本办法自发布之日起施行。"})
>>> print(out["text"])
第一章　总则
本办法自发布之日起施行。
>>> out["id"], out["jingwen"]["removed"], out["jingwen"]["rules"]
(7, 1, ['generic.download-button'])

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

import hashlib
import json
import os
import re
import shutil
import socket
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from . import __version__
from .corpus_formats import (
    LineWriter,
    ParquetPartWriter,
    concatenate_parquet,
    corpus_format,
    jingwen_type,
    line_spans,
    open_lines,
    parquet_batches,
    parquet_output_schema,
    part_suffix,
    read_span,
    require,
    row_group_spans,
)
from .document import Document
from .errors import InputError, JingwenError, OutputError
from .fileio import AtomicFile, InputFile, atomic_write, same_file
from .pipeline import Settings, run_stages
from .readers.directives import apply_directives
from .readers.text import split_text

DEFAULT_FIELD = "text"
DEFAULT_SHARD_SIZE = 32 * 2**20
BAD_SHOWN = 10  # bad records listed (with line numbers) per file; all are counted
WORK_DIR = ".jingwen-work"
LAYOUT = 1  # version of the work folder's layout; a work folder of another layout is redone
_MISSING = object()


# One record -----------------------------------------------------------------------------------

def clean_field(text: str, settings: Settings) -> tuple[str, dict, list[str]]:
    """Clean one text as ``jingwen clean`` cleans a .txt file: the cleaned text, its ``jingwen``
    object, and the rule of every removed line.

    >>> text, meta, removed = clean_field("查看更多\\n定于周五召开全体会议。\\n", Settings())
    >>> text, meta["changed"], removed
    ('定于周五召开全体会议。\\n', True, ['generic.read-more'])
    """
    body = text[1:] if text.startswith("\ufeff") else text
    lines, newline, ends = split_text(body)
    doc = Document.from_lines(lines)
    doc.newline, doc.trailing_newline = newline, ends or not lines
    apply_directives(doc)
    doc = run_stages(doc, settings)
    out = doc.to_text()
    removed = [c.rule for c in doc.log if c.action == "remove"]
    tail = doc.truncated_tail
    meta = {"platform": doc.meta.platform, "script": doc.meta.script, "title": doc.meta.title,
            "changed": out != text, "removed": len(removed),
            "rules": list(dict.fromkeys(c.rule for c in doc.log if c.action in ("remove", "edit"))),
            "truncated_tail": tail, "tail_kept": bool(tail and doc.tail_kept), "error": None}
    return out, meta, removed


def error_meta(error: str) -> dict:
    """The ``jingwen`` object of a record that could not be cleaned."""
    return {"platform": None, "script": None, "title": None, "changed": False, "removed": 0, "rules": [],
            "truncated_tail": None, "tail_kept": False, "error": error}


def make_settings(**settings: Any) -> Settings:
    """``Settings`` from keyword arguments, lists accepted where tuples are expected."""
    return Settings(**{k: tuple(v) if isinstance(v, list) else v for k, v in settings.items()})


def clean_record(record: dict, *, field: str = DEFAULT_FIELD, **settings: Any) -> dict:
    """A new record with ``record[field]`` cleaned, other fields unchanged, and a ``jingwen``
    object (keyword arguments: ``Settings`` fields such as ``keep_tail=True``, ``convert="s2t"``).

    >>> clean_record({"url": "https://example.cn/1", "body": "查看更多\\n正文。"}, field="body")["body"]
    '正文。'
    >>> clean_record({"id": 1})["jingwen"]["error"]
    "no field 'text'"
    """
    if not isinstance(record, dict):
        raise TypeError(f"clean_record expects a dict, not {type(record).__name__}")
    return _clean_mapping(record, field, make_settings(**settings))[0]


def _clean_mapping(record: dict, name: str, settings: Settings) -> tuple[dict, dict, list[str], int, int]:
    text = record.get(name, _MISSING)
    if isinstance(text, str):
        out, meta, removed = clean_field(text, settings)
        return {**record, name: out, "jingwen": meta}, meta, removed, len(text), len(out)
    meta = error_meta(field_error(name, text))
    return {**record, "jingwen": meta}, meta, [], 0, 0


def field_error(name: str, value: Any) -> str:
    """Why a record's text field cannot be cleaned: ``no field 'text'``, ``field 'text' is null``."""
    if value is _MISSING:
        return f"no field {name!r}"
    return f"field {name!r} is null" if value is None else f"field {name!r} is {_json_kind(value)}, not a string"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


# Counts ---------------------------------------------------------------------------------------

@dataclass
class Tally:
    """What happened to the records of a shard or a file; ``bad`` lists the first bad records
    with their line (JSON Lines) or row (Parquet) number, 1-based within the shard or file."""

    lines: int = 0
    records: int = 0
    changed: int = 0
    errors: int = 0
    truncated: int = 0
    chars_in: int = 0
    chars_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed: Counter = field(default_factory=Counter)
    platforms: Counter = field(default_factory=Counter)
    scripts: Counter = field(default_factory=Counter)
    bad: list = field(default_factory=list)

    NUMBERS = ("lines", "records", "changed", "errors", "truncated", "chars_in", "chars_out", "bytes_in", "bytes_out")
    COUNTERS = ("removed", "platforms", "scripts")

    def count(self, meta: dict, removed: list[str], chars_in: int, chars_out: int, line: int) -> None:
        self.records += 1
        if meta["error"]:
            self.errors += 1
            if len(self.bad) < BAD_SHOWN:
                self.bad.append({"line": line, "error": meta["error"]})
            return
        self.changed += meta["changed"]
        self.truncated += meta["truncated_tail"] is not None
        self.chars_in += chars_in
        self.chars_out += chars_out
        self.removed.update(removed)
        if meta["platform"]:
            self.platforms[meta["platform"]] += 1
        self.scripts[meta["script"]] += 1

    def add(self, other: Tally, line_offset: int = 0) -> None:
        """Add a later shard's counts (its line numbers shifted by ``line_offset``)."""
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in self.COUNTERS:
            getattr(self, name).update(getattr(other, name))
        room = BAD_SHOWN - len(self.bad)
        self.bad += [{"line": b["line"] + line_offset, "error": b["error"]} for b in other.bad[:max(room, 0)]]

    def as_json(self) -> dict:
        data: dict[str, Any] = {name: getattr(self, name) for name in self.NUMBERS}
        data.update({name: dict(getattr(self, name).most_common()) for name in self.COUNTERS})
        data["bad"] = self.bad
        return data

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        tally = cls(**{name: data[name] for name in cls.NUMBERS}, bad=list(data["bad"]))
        for name in cls.COUNTERS:
            getattr(tally, name).update(data[name])
        return tally


# Lines and batches ----------------------------------------------------------------------------

def clean_line(raw: bytes, line: int, name: str, settings: Settings, tally: Tally) -> bytes | None:
    """One JSON Lines line in, one out (``None`` for a blank line, which is dropped).

    >>> tally = Tally()
    >>> line = json.dumps({"id": 1, "text": "查看更多\\n正文。"}, ensure_ascii=False).encode()
    >>> clean_line(line, 1, "text", Settings(), tally).decode()[:42]
    '{"id":1,"text":"正文。","jingwen":{"platform"'
    >>> json.loads(clean_line(b'{"id": 2, oops}', 2, "text", Settings(), tally))["jingwen"]["error"]
    'invalid JSON: Expecting property name enclosed in double quotes (column 11)'
    >>> tally.records, tally.changed, tally.errors, tally.bad[0]["line"]
    (2, 1, 1, 2)
    """
    tally.lines += 1
    tally.bytes_in += len(raw)
    data = raw.strip()
    if not data:
        return None
    if line == 1 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    record: Any = None
    try:
        record = json.loads(data.decode("utf-8"))
        error = None if isinstance(record, dict) else "not a JSON object"
    except UnicodeDecodeError as e:
        error = f"not UTF-8 (byte {data[e.start]:#04x} at column {e.start + 1})"
    except json.JSONDecodeError as e:
        error = f"invalid JSON: {e.msg} (column {e.colno})"
    except RecursionError:
        error = "invalid JSON: nested too deeply"
    if error is None:
        out, meta, removed, chars_in, chars_out = _clean_mapping(record, name, settings)
    else:
        meta = error_meta(error)
        meta["raw"] = raw.decode("utf-8", "replace").rstrip("\r\n")
        out, removed, chars_in, chars_out = {"jingwen": meta}, [], 0, 0
    tally.count(meta, removed, chars_in, chars_out, line)
    result = dump_line(out)
    tally.bytes_out += len(result)
    return result


def dump_line(record: dict) -> bytes:
    """A record as one line of UTF-8 JSON (lone surrogates, which UTF-8 cannot hold, escaped)."""
    try:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record, separators=(",", ":")).encode("ascii") + b"\n"


def clean_batch(batch, name: str, settings: Settings, schema, tally: Tally):
    """One Parquet record batch in, one out: the text column cleaned, a ``jingwen`` column added,
    every other column passed through as Arrow data (types untouched)."""
    import pyarrow as pa

    column = batch.column(batch.schema.get_field_index(name))
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    texts, metas = [], []
    tally.bytes_in += batch.nbytes
    for text in column.to_pylist():
        tally.lines += 1
        if text is None:
            meta = error_meta(field_error(name, None))
            tally.count(meta, [], 0, 0, tally.lines)
        else:
            out, meta, removed = clean_field(text, settings)
            tally.count(meta, removed, len(text), len(out), tally.lines)
            text = out
        texts.append(text)
        metas.append(meta)
    arrays = [pa.array(texts, type=f.type) if f.name == name else batch.column(batch.schema.get_field_index(f.name))
              for f in schema if f.name != "jingwen"]
    arrays.append(pa.array(metas, type=jingwen_type()))
    out = pa.RecordBatch.from_arrays(arrays, schema=schema)
    tally.bytes_out += out.nbytes
    return out


# Shard tasks (run in workers) -----------------------------------------------------------------

@dataclass(frozen=True)
class CorpusJob:
    """What to do with every corpus file of a run (picklable: it travels to the workers)."""

    settings: Settings = Settings()
    field: str = DEFAULT_FIELD
    shard_size: int = DEFAULT_SHARD_SIZE


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
        cutter = _Cutter(stream, task.job.shard_size)
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


# Files: plan, resume, assemble (in the process that runs the command) -------------------------

def settings_fingerprint(job: CorpusJob) -> str:
    """A hash of everything that decides the output: version, settings, field, shard size and
    the contents of every rule file and dictionary in use."""
    digest = hashlib.sha256(json.dumps([LAYOUT, __version__, repr(job.settings), job.field, job.shard_size],
                                       ensure_ascii=False).encode("utf-8"))
    builtin = sorted((Path(__file__).parent / "rules").glob("*.toml"))
    extra = [Path(p) for p in (*job.settings.rule_files, job.settings.user_dict or "") if p]
    for path in [*builtin, *extra]:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0missing")
    return digest.hexdigest()[:20]


def portable(job: CorpusJob) -> CorpusJob:
    """The job with absolute file paths, as workers in other folders or machines need them."""
    s = job.settings
    return replace(job, settings=replace(
        s, rule_files=tuple(os.path.abspath(p) for p in s.rule_files),
        user_dict=os.path.abspath(s.user_dict) if s.user_dict else None))


@dataclass
class CorpusFile:
    """One input file through a run: its plan, the shards finished, its report entry."""

    item: InputFile
    fmt: str = ""
    source: Path | None = None
    output: Path | None = None
    work: Path | None = None
    count: int | None = None  # number of shards (None: a stream not yet read to its end)
    markers: dict[int, dict] = field(default_factory=dict)
    resumed: int = 0  # shards finished before this run
    ran: int = 0  # shards finished by this run
    tasks: list[ShardTask] = field(default_factory=list)
    error: str | None = None
    detail: str | None = None
    done: dict | None = None  # the file-level marker once assembled

    @property
    def complete(self) -> bool:
        return self.done is not None or (
            self.error is None and self.count is not None and len(self.markers) == self.count)


def plan_file(item: InputFile, job: CorpusJob, outdir: Path, fingerprint: str, run: str) -> CorpusFile:
    """Check an input, load or start its work folder, and list the tasks left to do."""
    cf = CorpusFile(item)
    try:
        if item.error:
            raise InputError(item.error)
        cf.fmt = corpus_format(item.path) or ""
        require(cf.fmt)
        cf.source = item.path.resolve()
        st = cf.source.stat()
        cf.output = outdir / item.relative
        if same_file(cf.output, cf.source):
            raise OutputError(f"output {cf.output} is the input itself")
        cf.work = outdir / WORK_DIR / item.relative
        if cf.fmt == "parquet":
            import pyarrow.parquet as pq

            parquet_output_schema(pq.read_schema(cf.source), job.field)  # no such column: one error now
        identity = {"layout": LAYOUT, "source": str(cf.source), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                    "format": cf.fmt, "fingerprint": fingerprint}
        plan = _read_json(cf.work / "plan.json")
        if plan is None or plan.get("identity") != identity:
            _reset(cf.work)
            spans = _spans(cf.source, cf.fmt, job.shard_size)
            plan = {"identity": identity, "spans": spans, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            atomic_write(cf.work / "plan.json", json.dumps(plan).encode("utf-8"))
        done = _read_json(cf.work / "done")
        if done is not None:
            if _size(cf.output) == done.get("output_bytes"):
                cf.done, cf.count, cf.resumed = done, done["shards"], done["shards"]
                _remove_parts(cf.work, cf.count, cf.fmt)  # a run killed between assembly and cleanup
                return cf
            _reset(cf.work)  # the output was removed or changed since: start again
            atomic_write(cf.work / "plan.json", json.dumps(plan).encode("utf-8"))
        spans = plan["spans"]
        if spans is not None:
            cf.count = len(spans)
        else:
            stream = _read_json(cf.work / "stream.done")
            cf.count = stream["shards"] if stream else None
        for index in range(cf.count if cf.count is not None else _highest_marker(cf.work) + 1):
            marker = load_marker(cf.work, index)
            if marker is not None:
                cf.markers[index] = marker
        cf.resumed = len(cf.markers)
        task = ShardTask(str(cf.source), cf.fmt, str(cf.work.resolve()), job, run)
        if spans is not None:
            cf.tasks = [replace(task, index=k, span=tuple(spans[k])) for k in range(cf.count) if k not in cf.markers]
        elif not cf.complete:
            cf.tasks = [task]
    except JingwenError as e:
        cf.error = str(e)
    except Exception as e:  # unreadable, or not Parquet at all (ArrowInvalid)
        cf.error = getattr(e, "strerror", None) or f"cannot read this {cf.fmt} file ({e})"
    return cf


def _spans(source: Path, fmt: str, shard_size: int) -> list | None:
    if fmt == "jsonl":
        return [list(s) for s in line_spans(source, shard_size)]
    if fmt == "parquet":
        return [list(s) for s in row_group_spans(source, shard_size)]
    return None  # compressed: cut while streaming


def _reset(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _highest_marker(work: Path) -> int:
    numbers = [int(p.name[5:10]) for p in work.glob("part-[0-9][0-9][0-9][0-9][0-9].done")]
    return max(numbers, default=-1)


def _remove_parts(work: Path, count: int, fmt: str) -> None:
    for index in range(count):
        try:
            _part(work, index, fmt).unlink()
        except FileNotFoundError:
            pass


def record_outcome(cf: CorpusFile, outcome: TaskOutcome) -> None:
    """Take in a finished task: its shards' markers, or its error."""
    for index in outcome.shards:
        marker = load_marker(cf.work, index)
        if marker is None:
            outcome.error = outcome.error or f"shard {index} has no valid marker after it was written"
        else:
            cf.markers[index] = marker
            cf.ran += 1
    if outcome.error:
        cf.error, cf.detail = cf.error or outcome.error, cf.detail or outcome.detail
    elif cf.count is None:
        stream = _read_json(cf.work / "stream.done")
        if stream is None:
            cf.error = "the stream task ended without counting its shards"
        else:
            cf.count = stream["shards"]
            for index in range(cf.count):  # shards finished by an earlier run
                if index not in cf.markers and (marker := load_marker(cf.work, index)) is not None:
                    cf.markers[index] = marker


def assemble(cf: CorpusFile) -> None:
    """Concatenate the parts, in order, into the output (atomically), then mark the file done
    and delete the parts. Compressed parts are whole gzip members / zstd frames, so bytes are
    copied, never recompressed."""
    if cf.done is not None:
        return
    tally = file_tally(cf)
    parts = [_part(cf.work, k, cf.fmt) for k in range(cf.count)]
    with AtomicFile(cf.output) as f:
        if cf.fmt == "parquet":
            concatenate_parquet([str(p) for p in parts], f.file)
        else:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, f.file, 2**20)
                part.unlink()  # disk holds the output and one part, not all parts twice; if the run
                # dies before the rename below, the shards whose parts are gone are simply redone
    cf.done = {"layout": LAYOUT, "output": str(cf.output), "output_bytes": cf.output.stat().st_size,
               "shards": cf.count, "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "tally": tally.as_json()}
    atomic_write(cf.work / "done", json.dumps(cf.done, ensure_ascii=False).encode("utf-8"))
    _remove_parts(cf.work, cf.count, cf.fmt)


def file_tally(cf: CorpusFile) -> Tally:
    """The file's counts: its shards' in order, with line numbers counted from the file's start."""
    if cf.done is not None:
        return Tally.from_json(cf.done["tally"])
    total = Tally()
    for index in sorted(cf.markers):
        total.add(Tally.from_json(cf.markers[index]["tally"]), line_offset=total.lines)
    return total


# The report -----------------------------------------------------------------------------------

def corpus_entry(display: str, output: str | None, fmt: str, name: str, tally: Tally | None,
                 error: str | None = None, shards: dict | None = None) -> dict:
    """The report entry (DESIGN.md §4) of a corpus file: the contract's keys, with counts for
    what a text file lists line by line, and a ``corpus`` object with the record counts.

    >>> tally = Tally(records=3, changed=1, removed=Counter({"x.y": 2}))
    >>> e = corpus_entry("a.jsonl", "out/a.jsonl", "jsonl", "text", tally)
    >>> e["status"], e["corpus"]["records"], e["removed_by_rule"], e["lines_removed"]
    ('changed', {'in': 3, 'out': 3, 'changed': 1, 'errors': 0}, {'x.y': 2}, 2)
    """
    from .report import file_entry

    status = "error" if error else "changed" if tally and tally.changed else "unchanged"
    entry = file_entry(display, output if not error else None, status, error=error)
    tally = tally or Tally()
    entry.update(
        platform=_top(tally.platforms), script=_top(tally.scripts), chars_in=tally.chars_in,
        chars_out=tally.chars_out, removed_by_rule=dict(tally.removed.most_common()),
        lines_removed=sum(tally.removed.values()),
        corpus={"format": fmt, "field": name,
                "records": {"in": tally.records, "out": tally.records, "changed": tally.changed,
                            "errors": tally.errors},
                "bad_records": tally.bad, "truncated": tally.truncated, "bytes_in": tally.bytes_in,
                "platforms": dict(tally.platforms.most_common()), "scripts": dict(tally.scripts.most_common()),
                "shards": shards})
    return entry


def _top(counter: Counter) -> str | None:
    return counter.most_common(1)[0][0] if counter else None


def file_entry_of(cf: CorpusFile, job: CorpusJob) -> dict:
    shards = {"total": cf.count, "resumed": cf.resumed, "run": cf.ran}
    if cf.error:
        tally = file_tally(cf) if cf.markers else None
        return corpus_entry(cf.item.display, None, cf.fmt, job.field, tally, cf.error, shards)
    return corpus_entry(cf.item.display, str(cf.output), cf.fmt, job.field, file_tally(cf), None, shards)


# Running files --------------------------------------------------------------------------------

def run_corpus(items: list[InputFile], job: CorpusJob, outdir: Path, *, jobs: int = 1, dask: str | None = None,
               progress: bool = False) -> list[tuple[dict, CorpusFile]]:
    """Clean corpus files into ``outdir`` shard by shard, resuming earlier runs; one report
    entry (and the file's state) per input, in input order.

    ``jobs`` local worker processes, or ``dask``: ``local:N`` or a scheduler address.
    """
    from .batch import Progress
    from .corpus_engines import make_engine

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
    """``"64M"`` → 67108864; plain numbers are bytes.

    >>> parse_size("64M"), parse_size("512k"), parse_size("1G"), parse_size(4096)
    (67108864, 524288, 1073741824, 4096)
    """
    if value is None:
        return DEFAULT_SHARD_SIZE
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


# The command line -----------------------------------------------------------------------------

def clean_corpora(items: list[InputFile], args: Any, settings: Settings, to_stdout: bool,
                  jobs: int) -> tuple[list[dict], bool]:
    """``jingwen clean``/``convert`` for corpus files: report entries and whether any record
    changed. Standard output and ``--check`` stream each file in one process; ``-o`` shards."""
    import sys

    from .batch import run_tasks

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
        dask = getattr(args, "dask", None)
        results = [(entry, cf.detail) for entry, cf in run_corpus(
            items, job, args.output_dir, jobs=jobs, dask=dask, progress=not quiet)]
    changed = False
    for entry, detail in results:
        _print_entry(entry, detail, quiet, verbose, getattr(args, "check", False), getattr(args, "debug", False))
        changed = changed or entry["status"] == "changed"
    return [entry for entry, _ in results], changed


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


def _print_entry(entry: dict, detail: str | None, quiet: bool, verbose: bool, check: bool, debug: bool) -> None:
    import sys

    path = entry["path"]
    if entry["status"] == "error":
        print(f"jingwen: {path}: {entry['error']}", file=sys.stderr)
        if detail and debug:
            print(detail, file=sys.stderr)
        return
    corpus = entry["corpus"]
    records = corpus["records"]
    unit = "row" if corpus["format"] == "parquet" else "line"
    if records["errors"]:  # bad records are passed through, but never silently
        first = corpus["bad_records"][0]
        print(f"jingwen: {path}: {_plural(records['errors'], 'bad record')} passed through with jingwen.error "
              f"({unit} {first['line']}: {first['error']})", file=sys.stderr)
    if quiet:
        return
    if check:
        if records["changed"]:
            print(f"would clean {path} ({records['changed']} of {records['in']} records)", file=sys.stderr)
    elif entry["output"] != "-" or verbose:
        shards = corpus["shards"]
        line = f"jingwen: {path}: {records['in']} records, {records['changed']} changed"
        if entry["output"] and entry["output"] != "-":
            line += f" -> {entry['output']}"
        if shards:
            line += f" ({_plural(shards['total'], 'shard')}"
            line += f", {shards['resumed']} done by an earlier run)" if shards["resumed"] else ")"
        print(line, file=sys.stderr)
    if verbose:
        for rule, count in entry["removed_by_rule"].items():
            print(f"  {rule}: {count} lines removed", file=sys.stderr)
        for bad in corpus["bad_records"]:
            print(f"  {unit} {bad['line']}: {bad['error']}", file=sys.stderr)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
