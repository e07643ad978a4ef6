"""A corpus run killed midway (SIGKILL, no chance to clean up) resumes where it stopped: the
rerun skips every shard that has a completion marker, redoes the rest, and the output equals
an uninterrupted run byte for byte."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import jingwen_command, run_jingwen
from corpus_samples import make_records, read_bytes, reference, write_corpus

from jingwen.corpus.shards import WORK_DIR

SHARD = "8K"  # about a dozen records a shard: a few hundred shards, a few seconds of work


def markers(work: Path) -> dict[str, tuple[str, int]]:
    """Each marker's (run id, modification time in ns)."""
    return {p.name: (json.loads(p.read_text(encoding="utf-8"))["run"], p.stat().st_mtime_ns)
            for p in sorted(work.glob("part-*.done"))}


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_run_resumes_without_redoing_finished_shards(tmp_path, name, jobs):
    records = make_records(900, seed=31)
    src = write_corpus(tmp_path / "raw" / name, records)
    out, work = tmp_path / "out", tmp_path / "out" / WORK_DIR / name
    command = [*jingwen_command(), "clean", str(src), "-o", str(out), "-j", jobs, "--shard-size", SHARD]
    # its own session, so the kill takes the worker processes too, as a killed terminal would
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(work.glob("part-*.done"))) < 5:
        assert process.poll() is None, f"the run ended before it could be killed: {process.stderr.read()!r}"
        assert time.monotonic() < deadline, "no shard finished in time"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert not (out / name).exists() and not (work / "done").exists()  # killed midway
    finished = markers(work)
    assert len(finished) >= 5
    [first_run] = {run for run, _ in finished.values()}

    report = tmp_path / "report.json"
    rerun = run_jingwen("clean", src, "-o", out, "-j", jobs, "--shard-size", SHARD, "--report", report)
    assert rerun.returncode == 0, rerun.stderr
    after = markers(work)
    for marker, stamp in finished.items():  # not one finished shard was done again
        assert after[marker] == stamp, marker
    second_runs = {run for m, (run, _) in after.items() if m not in finished}
    assert len(second_runs) == 1 and first_run not in second_runs
    shards = json.loads(report.read_text(encoding="utf-8"))["files"][0]["corpus"]["shards"]
    assert shards == {"total": len(after), "resumed": len(finished), "run": len(after) - len(finished)}
    assert shards["run"] > 0
    assert not list(out.rglob("*.jingwen-tmp"))  # no temporary file of the killed run is left

    uninterrupted = tmp_path / "reference"
    assert run_jingwen("clean", src, "-o", uninterrupted, "--shard-size", SHARD).returncode == 0
    assert read_bytes(out / name) == read_bytes(uninterrupted / name)
    got = [json.loads(line) for line in read_bytes(out / name).decode("utf-8").splitlines()]
    assert got == reference(records)
