"""Corpus mode throughput and memory: records/s and MB/s for one process, ``-j 2`` and a 2-worker
Dask LocalCluster, and the peak memory of the whole process tree on a 1 GB file.

    .venv/bin/python bench/corpus.py                  # 24 MB corpus x 3 engines, then the 1 GB file
    .venv/bin/python bench/corpus.py --mb 8 --no-big  # quick look
    .venv/bin/python bench/corpus.py --big-only --big-engine "--dask local:2"

The corpus is synthetic: each record joins 1-6 texts drawn from the seeds and the test cases
(platform notices, page tags, truncated tails, plus clean body text), about 3 KB of JSON,
with id/url/meta fields. It is written under a temporary folder (``--tmp``, default /tmp) and
deleted afterwards. With ``--repeat N`` each engine runs N times and the fastest run counts
(other work on the machine only ever slows a run down). Rates are over the whole command
(start-up, Dask cluster start, planning, assembly included); the start-up of each engine,
measured on a one-record corpus, is printed next to them. Peak memory is the largest sum of
the resident sizes of the command and all its descendants (workers, Dask nanny/scheduler),
sampled every 50 ms, plus the largest single process. "cores used" is CPU seconds over wall
seconds: on a machine shared with other work it shows how much of the parallelism was had.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
JINGWEN = str(Path(sys.executable).with_name("jingwen"))
ENGINES = {"1 process (-j 1)": ["-j", "1"], "-j 2": ["-j", "2"], "Dask LocalCluster, 2 workers": ["--dask", "local:2"]}


def sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in ("cleaning.toml", "negative.toml"):
        cases = tomllib.loads((ROOT / "tests" / "cases" / name).read_text(encoding="utf-8"))["case"]
        texts += [c["input"] for c in cases]
    return texts


def write_corpus(path: Path, size: int, seed: int = 0) -> int:
    """Write about ``size`` bytes of JSON Lines records; return the number of records."""
    rnd, texts, count, written = random.Random(seed), sample_texts(), 0, 0
    with open(path, "wb") as f:
        buffer = []
        while written < size:
            text = "\n".join(rnd.choice(texts).strip("\n") for _ in range(rnd.randint(1, 6))) + "\n"
            record = {"id": f"doc-{count:09d}", "url": f"https://example.cn/d/{count}", "text": text,
                      "meta": {"lang": "zh", "crawl": "2026-10", "score": round(rnd.random(), 4)}}
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            buffer.append(line)
            written += len(line)
            count += 1
            if len(buffer) >= 4096:
                f.write(b"".join(buffer))
                buffer = []
        f.write(b"".join(buffer))
    return count


class TreeMemory:
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.peak_total = self.peak_single = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stopped.is_set():
            total = 0
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for p in processes:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                self.peak_single = max(self.peak_single, rss)
            self.peak_total = max(self.peak_total, total)
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def run(src: Path, out: Path, engine: list[str], shard_size: str) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    command = [JINGWEN, "clean", str(src), "-o", str(out), "--shard-size", shard_size, "-q", *engine]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    cpu = _children_cpu() - cpu_before
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.decode()[-2000:]}")
    return {"seconds": seconds, "cpu": cpu, "peak_total": memory.peak_total, "peak_single": memory.peak_single}


def _children_cpu() -> float:
    """CPU seconds of every finished descendant (workers and Dask processes included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=24, help="size of the throughput corpus (default 24)")
    parser.add_argument("--shard-size", default="4M", help="shard size for the throughput runs (default 4M)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per engine, the fastest is kept (the machine may be shared; default 1)")
    parser.add_argument("--big-gb", type=float, default=1.0, help="size of the memory test file (default 1)")
    parser.add_argument("--big-engine", default="-j 2", help="engine for the big file (default: -j 2)")
    parser.add_argument("--no-big", action="store_true", help="skip the big file")
    parser.add_argument("--big-only", action="store_true", help="only the big file")
    parser.add_argument("--tmp", default=tempfile.gettempdir(), help="where to write the corpora")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jingwen-bench-", dir=opts.tmp))
    try:
        if not opts.big_only:
            src = work / "corpus.jsonl"
            records = write_corpus(src, int(opts.mb * 2**20))
            size = src.stat().st_size
            tiny = work / "tiny.jsonl"
            write_corpus(tiny, 1)
            print(f"corpus: {records:,} records, {size / 1e6:.1f} MB ({size / records / 1e3:.1f} kB a record), "
                  f"shards of {opts.shard_size}; {os.cpu_count()} cores")
            print(f"{'engine':30} {'seconds':>7} {'records/s':>9} {'MB/s':>5} {'start-up s':>10} {'CPU s':>6} "
                  f"{'cores used':>10} {'peak RSS (tree)':>15} {'largest process':>15}")
            outputs = {}
            for label, engine in ENGINES.items():
                startup = min(run(tiny, work / "out-tiny", engine, opts.shard_size)["seconds"]
                              for _ in range(opts.repeat))
                result = min((run(src, work / "out", engine, opts.shard_size) for _ in range(opts.repeat)),
                             key=lambda r: r["seconds"])
                outputs[label] = (work / "out" / "corpus.jsonl").read_bytes()
                print(f"{label:30} {result['seconds']:7.1f} {records / result['seconds']:9,.0f} "
                      f"{size / 1e6 / result['seconds']:5.2f} {startup:10.1f} {result['cpu']:6.1f} "
                      f"{result['cpu'] / result['seconds']:10.2f} {mb(result['peak_total']):>15} "
                      f"{mb(result['peak_single']):>15}", flush=True)
            same = len(set(outputs.values())) == 1
            print(f"outputs identical across engines: {same}")
            shutil.rmtree(work / "out", ignore_errors=True)
            src.unlink()
        if not opts.no_big:
            big = work / "big.jsonl"
            records = write_corpus(big, int(opts.big_gb * 2**30), seed=1)
            size = big.stat().st_size
            engine = opts.big_engine.split()
            print(f"big file: {records:,} records, {size / 1e9:.2f} GB, engine {opts.big_engine}, shards of 32M "
                  f"(the default)", flush=True)
            result = run(big, work / "out-big", engine, "32M")
            out_size = (work / "out-big" / "big.jsonl").stat().st_size
            print(f"  {result['seconds']:.0f} s, {records / result['seconds']:,.0f} records/s, "
                  f"{size / 1e6 / result['seconds']:.2f} MB/s, {result['cpu']:.0f} CPU s "
                  f"({result['cpu'] / result['seconds']:.2f} cores used); peak RSS of the process tree "
                  f"{mb(result['peak_total'])}, largest process {mb(result['peak_single'])}; "
                  f"output {out_size / 1e9:.2f} GB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
