"""Where corpus tasks run: in this process, in local worker processes (``-j N``), or on Dask
(``--dask local:N`` starts a cluster on loopback; ``--dask tcp://HOST:8786`` joins one).

Every engine has one method, ``run(fn, tasks, failed)``, yielding ``fn(task)`` for each task as
tasks complete (so the caller can assemble a file as soon as its shards are done and a
progress bar follows the workers); a task that dies with its worker yields ``failed(task, error)``.
On a remote cluster the workers must see the input and output folders at the same absolute
paths (a shared file system) and have jingwen installed.

>>> parse_dask("local:2"), parse_dask("tcp://127.0.0.1:8786")
(('local', 2), ('scheduler', 'tcp://127.0.0.1:8786'))
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

from jingwen.cleaner.model.errors import JingwenError

DASK_MISSING = "--dask needs dask.distributed: pip install 'jingwen[dask]'"


def parse_dask(spec: str) -> tuple[str, Any]:
    """``local`` / ``local:N`` (N worker processes) or a scheduler address ``SCHEME://HOST:PORT``."""
    spec = spec.strip()
    if spec == "local" or spec.startswith("local:"):
        from jingwen.batch.workers import default_jobs

        count = spec.partition(":")[2]
        if not count:
            return "local", default_jobs()
        if count.isdigit() and int(count) > 0:
            return "local", int(count)
    elif "://" in spec and spec.split("://", 1)[1]:
        return "scheduler", spec
    raise JingwenError(f"--dask {spec}: give local:N (N worker processes) or a scheduler address such as "
                       "tcp://HOST:8786")


def check_dask(spec: str) -> None:
    """Fail early, in one line, when ``--dask`` cannot work here."""
    parse_dask(spec)
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise JingwenError(DASK_MISSING) from None


def make_engine(jobs: int = 1, dask: str | None = None, tasks: int = 0):
    if isinstance(dask, DaskEngine):  # one cluster for a command's documents and corpus files
        return _Borrowed(dask)
    if dask:
        return DaskEngine(dask)
    if jobs > 1 and tasks > 1:
        return PoolEngine(min(jobs, tasks))
    return InlineEngine()


Failed = Callable[[Any, BaseException], Any]


class InlineEngine:
    """Tasks one after another in this process (``-j 1``)."""

    def run(self, fn: Callable, tasks: list, failed: Failed) -> Iterator:
        for task in tasks:
            yield fn(task)

    def close(self) -> None:
        pass


class PoolEngine:
    """``-j N``: N forked worker processes, results as they complete."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = None

    def run(self, fn: Callable, tasks: list, failed: Failed) -> Iterator:
        from concurrent.futures import as_completed

        from jingwen.batch.workers import worker_pool

        self.pool = worker_pool(self.workers)
        futures = {self.pool.submit(fn, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as e:  # BrokenProcessPool: a worker was killed (out of memory?)
                yield failed(futures[future], JingwenError(f"worker process died ({type(e).__name__})"))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _Borrowed:
    """An engine the caller made and closes."""

    def __init__(self, engine) -> None:
        self.run = engine.run

    def close(self) -> None:
        pass


class DaskEngine:
    """Tasks on a Dask cluster: a LocalCluster of N single-threaded worker processes listening
    on 127.0.0.1 without a dashboard, or an existing scheduler."""

    def __init__(self, spec: str) -> None:
        kind, value = parse_dask(spec)
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise JingwenError(DASK_MISSING) from None
        self.cluster = None
        if kind == "local":
            import dask

            # the workers' statistical profiler takes the GIL from our pure-Python tasks every
            # 10 ms, for a profile nobody can look at without a dashboard; on Linux the workers
            # are forked, as -j N's are: they start with jingwen loaded, in about 1 s where
            # spawned ones take 9 s and 4 s more to stop (bench/scaling.py)
            config = {"distributed.worker.profile.enabled": False}
            if sys.platform.startswith("linux"):
                from jingwen.batch.workers import forked_children_die_with_their_parent

                config["distributed.worker.multiprocessing-method"] = "fork"
                forked_children_die_with_their_parent()
            with dask.config.set(config):
                self.cluster = LocalCluster(n_workers=value, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:  # waits up to Dask's distributed.comm.timeouts.connect (30s unless configured)
                self.client = Client(value)
            except (OSError, TimeoutError) as e:
                raise JingwenError(f"cannot reach the Dask scheduler at {value} ({e})") from None

    def run(self, fn: Callable, tasks: list, failed: Failed) -> Iterator:
        from distributed import as_completed

        futures = self._submit(fn, tasks, "shard")
        task_of = {future.key: task for future, task in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            yield self._result(future, task_of[future.key], failed)

    def map(self, fn: Callable, tasks: list, failed: Failed) -> Iterator:
        """``fn(task)`` for every task, yielded in the order of ``tasks`` (documents: printed and
        reported in input order, as ``-j N`` does)."""
        for future, task in zip(self._submit(fn, tasks, "doc"), tasks, strict=True):
            yield self._result(future, task, failed)

    def _submit(self, fn: Callable, tasks: list, kind: str) -> list:
        import uuid

        batch = uuid.uuid4().hex[:8]  # keys name the run and the kind of task, for the cluster's dashboard
        return self.client.map(fn, tasks, key=[f"jingwen-{kind}-{batch}-{n}" for n in range(len(tasks))], pure=False)

    @staticmethod
    def _result(future, task, failed: Failed):
        try:
            return future.result()
        except Exception as e:  # KilledWorker, a worker without jingwen, ...
            return failed(task, JingwenError(f"Dask task failed ({type(e).__name__}: {e})"))
        finally:
            future.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
