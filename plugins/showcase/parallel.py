"""The one place that runs work in parallel: how many workers, from what size on, and how.

Every step that fans out (loading files, rendering Markdown, related projects, the open data
beside the synergies, writing pages, scanning the built pages) calls this module; none sets up
processes or threads itself. Work is split only where it pays: below a step's threshold the
step runs in this process, and the result never depends on the number of workers.

Processes are forked (POSIX), so a worker starts at once with everything this process has
already loaded and shares it copy-on-write; results come back pickled. On a platform without
``fork`` everything runs in this process.

Work that waits on the network rather than on a core (the monthly check of external sources)
runs in threads instead: :func:`map_threads`.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import threading
import traceback
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Thresholds:
    """From how many items on each step is split over the cores. Below it, starting workers and
    sending results back costs more than it saves (measured; see docs/performance.md)."""

    load_files: int = 500
    """Files to load and validate (a file takes ~0.4 ms)."""
    render_bodies: int = 200
    """Markdown bodies missing from the cache (workers cost ~0.1 s)."""
    related_projects: int = 4000
    """Projects for the related-projects index (forking one costs ~0.05 s)."""
    write_pages: int = 600
    """Pages to render and write."""
    scan_pages: int = 1000
    """Built pages to scan for links and safety."""
    dependencies: int = 20000
    """Page dependencies of the last build to evaluate again (one takes ~15 µs)."""


THRESHOLDS = Thresholds()
CHUNK = 64
"""Items per chunk of :func:`map_chunks`: small enough to balance the cores, large enough that
the round trip to a worker (~1 ms) stays small next to the chunk's work."""


def usable_cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover (platforms without affinity)


def workers_for(setting: int | None) -> int:
    """The number of workers a setting asks for: ``None`` means one per usable core."""
    return usable_cores() if setting is None else max(1, setting)


def can_fork() -> bool:
    return hasattr(os, "fork")


def worth_it(items: int, threshold: int, workers: int) -> bool:
    """Whether ``items`` items are worth splitting over ``workers`` workers."""
    return workers > 1 and items >= threshold and can_fork()


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block, then restore it as it was.

    Loading, linking and deriving create millions of small objects that all stay alive and
    almost no reference cycles, so each collection walks a growing heap to free nothing (a
    third of the load time at 10,000 entries). Reference counting still frees what is
    dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made meanwhile is still counted as young: re-enabling alone would make
            # the next allocation walk all of it (~0.4 s at 10,000 entries). Freezing and
            # unfreezing moves it to the oldest generation without a walk.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def spare_final_collection() -> None:
    """For a program about to end: its objects are left to the operating system.

    At exit the interpreter collects once more, walking every object still alive (0.5 s after
    a validate of 10,000 files) to free memory the process gives back anyway; frozen objects
    are skipped. Call it after the last work of a program, never in a library function or a
    test: a frozen object is never collected."""
    gc.freeze()


def fork_call(task: Callable[[], T]) -> Callable[[], T]:
    """Start ``task`` in a forked process and return the function that waits for its result.

    The child shares this process's memory copy-on-write, so nothing needs to be sent to it;
    it sends its result back pickled through a pipe and leaves at once. Call the returned
    function exactly once, also when something fails (see :func:`wait_all`): the child waits
    until its result is read.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running anything else
        code = 0
        try:
            os.close(read)
            gc.disable()  # a short life: collecting would only copy the pages it shares
            with open(write, "wb") as sink:
                pickle.dump(task(), sink, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(write)

    def result() -> T:
        with open(read, "rb") as source:
            data = source.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise RuntimeError("a worker process failed (its traceback is printed above)")
        return cast(T, pickle.loads(data))

    return result


def wait_all(pending: Iterable[Callable[[], T]]) -> list[T]:
    """The results of :func:`fork_call`, in order; every child is waited for, even when one
    failed, and then the first failure is raised."""
    results: list[T] = []
    failure: BaseException | None = None
    for result in pending:
        try:
            results.append(result())
        except BaseException as error:
            failure = failure or error
    if failure is not None:
        raise failure
    return results


def split_range(
    task: Callable[[range], list[T]], total: int, workers: int, threshold: int
) -> list[T]:
    """``task(range(total))``; from ``threshold`` items on, the range is cut into ``workers``
    consecutive parts, one done here and the others in forked processes, joined in order."""
    if not worth_it(total, threshold, workers):
        return task(range(total))
    parts = [range(total * k // workers, total * (k + 1) // workers) for k in range(workers)]
    pending = [fork_call(functools.partial(task, part)) for part in parts[1:]]
    try:
        found = task(parts[0])
    finally:
        rest = wait_all(pending)
    for more in rest:
        found += more
    return found


def start_range(
    task: Callable[[range], list[T]], total: int, workers: int, threshold: int
) -> Callable[[], list[T]]:
    """:func:`split_range` begun now and finished later: from ``threshold`` items on, every
    part of ``range(total)`` is started in a forked process, and the returned function waits
    for their results, joined in order; below it, the returned function does all the work
    here. Meanwhile this process is free for other work. Call the returned function exactly
    once, also when that other work fails (the workers wait until their results are read)."""
    if not worth_it(total, threshold, workers):
        return lambda: task(range(total))
    parts = [range(total * k // workers, total * (k + 1) // workers) for k in range(workers)]
    pending = [fork_call(functools.partial(task, part)) for part in parts]

    def result() -> list[T]:
        found: list[T] = []
        for more in wait_all(pending):
            found += more
        return found

    return result


def share_out(task: Callable[[Sequence[T]], R], items: Sequence[T], workers: int) -> list[R]:
    """``task`` on every ``workers``-th item (``items[k::workers]``), one share here and the
    others in forked processes; the results of the shares in share order. For work whose
    items cost about the same and whose results are small (writing pages)."""
    if workers <= 1 or not can_fork():
        return [task(items)]
    pending = [fork_call(functools.partial(task, items[k::workers])) for k in range(1, workers)]
    try:
        first = task(items[0::workers])
    finally:
        rest = wait_all(pending)
    return [first, *rest]


def map_chunks(
    task: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    threshold: int,
    chunk: int | None = None,
) -> list[R]:
    """``task`` over ``items`` in chunks, results in the order of ``items``; from ``threshold``
    items on, over ``workers`` cores.

    Workers take chunks from the front, this process takes them from the back; each worker has
    at most two chunks queued, so whoever is faster (this process also unpickles what the
    workers send back) simply ends up doing more of them. For work whose items vary in cost
    and whose results must come back (loading files, rendering bodies, scanning pages).
    """
    if not worth_it(len(items), threshold, workers):
        return task(items)
    size = chunk or CHUNK
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    results: list[list[R]] = [[] for _ in chunks]
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=get_context("fork")) as pool:
        sent: dict[int, Future[list[R]]] = {}
        front, back = 0, len(chunks)
        while front < back:
            queued = sum(not future.done() for future in sent.values())
            while queued < 2 * (workers - 1) and front < back:
                sent[front] = pool.submit(task, chunks[front])
                front += 1
                queued += 1
            if front < back:
                back -= 1
                results[back] = task(chunks[back])
        for index, future in sent.items():
            results[index] = future.result()
    return [result for chunk_results in results for result in chunk_results]


def map_threads(
    task: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    group: Callable[[T], Hashable] | None = None,
    per_group: int = 1,
) -> list[R]:
    """``task`` on every item in a pool of ``workers`` threads; the results in the order of
    ``items``. For work that waits (requests to other sites), not for work that computes.

    Items of one ``group`` (say, one web host) run at most ``per_group`` at a time: an item is
    only handed to a thread when its group has room, so a slow group holds at most
    ``per_group`` threads and never the whole pool. Groups take turns in the order they first
    appear. ``task`` should not raise; if it does, the error is raised here once the running
    items have finished.
    """
    if not items:
        return []
    key = group or (lambda item: None)
    queues: dict[Hashable, deque[int]] = {}
    for index, item in enumerate(items):
        queues.setdefault(key(item), deque()).append(index)
    results: list[R | None] = [None] * len(items)
    running: Counter[Hashable] = Counter()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pending: dict[Future[R], tuple[int, Hashable]] = {}

        def fill() -> None:
            while len(pending) < max(1, workers):
                ready = [g for g, queue in queues.items() if queue and running[g] < per_group]
                if not ready:
                    return
                for name in ready[: max(1, workers) - len(pending)]:
                    index = queues[name].popleft()
                    running[name] += 1
                    pending[pool.submit(task, items[index])] = (index, name)

        fill()
        while pending:
            done, _ = wait_futures(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index, name = pending.pop(future)
                running[name] -= 1
                results[index] = future.result()
            fill()
    return cast(list[R], results)


class Beside(threading.Thread, Generic[T]):
    """``task`` in a thread beside this one, for a step that mostly waits on a child process
    (the search indexer) while this one works; :meth:`result` joins it and re-raises."""

    def __init__(self, task: Callable[[], T]) -> None:
        super().__init__(daemon=True)
        self._task = task
        self._value: T | None = None
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._value = self._task()
        except BaseException as error:
            self._error = error

    def result(self) -> T:
        self.join()
        if self._error is not None:
            raise self._error
        return cast(T, self._value)
