"""Corpus files in the process that runs the command: plan their shards, resume an earlier run,
take in finished tasks, assemble the output."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from jingwen.batch.files import AtomicFile, InputFile, atomic_write, same_file
from jingwen.cleaner.model.errors import InputError, JingwenError, OutputError
from jingwen.cleaner.ruleset import builtin_rule_files
from jingwen.corpus.formats import (
    concatenate_parquet,
    corpus_format,
    line_spans,
    parquet_output_schema,
    require,
    row_group_spans,
)
from jingwen.corpus.shards import (
    LAYOUT,
    WORK_DIR,
    CorpusJob,
    ShardTask,
    TaskOutcome,
    _part,
    auto_shard_size,
    load_marker,
)
from jingwen.corpus.tally import Tally
from jingwen.version import VERSION


def settings_fingerprint(job: CorpusJob) -> str:
    """A hash of everything that decides the output: version, settings, field, shard size and
    the contents of every rule file and dictionary in use."""
    digest = hashlib.sha256(json.dumps([LAYOUT, VERSION, repr(job.settings), job.field, job.shard_size],
                                       ensure_ascii=False).encode("utf-8"))
    builtin = builtin_rule_files()
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
    return replace(job, settings=s._replace(
        rule_files=tuple(os.path.abspath(p) for p in s.rule_files),
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
            spans = _spans(cf.source, cf.fmt, job.shard_size or auto_shard_size(st.st_size))
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
