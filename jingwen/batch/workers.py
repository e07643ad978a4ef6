"""Running one task per input file, in parallel when asked, results in input order.

Workers are forked once and reused (``-j N``), so the cost of importing the exporters is paid
once per worker, not once per file. Results come back in the order the inputs were given,
so ``-j 2`` writes the same bytes and the same report as ``-j 1``.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when ``parent`` (the process that started it) ends,
    however it ends. A SIGKILL of the command alone must not leave workers running on,
    rewriting files for a command that is gone (issue 19).

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); elsewhere,
    and in case the parent died before that was set, a thread checks the parent's id.
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
    import threading

    threading.Thread(target=_watch_parent, args=(parent,), name="jingwen-parent-watch", daemon=True).start()


def forked_children_die_with_their_parent() -> None:
    """From now on, every process forked from this one (or from its forks) ends when the
    process that forked it ends, as ``worker_pool``'s workers do. For libraries that fork
    workers without an initializer: Dask's LocalCluster, whose forked workers could otherwise
    keep each other alive after a SIGKILL of the command (each holds a copy of the other's
    parent-alive pipe, so neither sees it close).
    """
    global _FORKS_DIE_WITH_PARENT
    if not _FORKS_DIE_WITH_PARENT and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_remember_forker, after_in_child=_die_with_forker)
        _FORKS_DIE_WITH_PARENT = True


_FORKS_DIE_WITH_PARENT = False
_forker = 0  # the id of the process about to fork, read by the child from its copy of memory


def _remember_forker() -> None:
    global _forker
    _forker = os.getpid()


def _die_with_forker() -> None:
    die_with_parent(_forker)


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def worker_pool(workers: int):
    """A pool of ``workers`` processes (forked on Linux) that end with this process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent,
                               initargs=(os.getpid(),))


def run_tasks(task: Callable[[object], object], items: Iterable[object], jobs: int) -> Iterator[object]:
    """``task(item)`` for every item, in order; in ``jobs`` worker processes when > 1."""
    items = list(items)
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield task(item)
        return
    workers = min(jobs, len(items))
    with worker_pool(workers) as pool:
        chunk = max(1, min(16, len(items) // (workers * 8)))
        yield from pool.map(task, items, chunksize=chunk)
