"""Work shared among the machine's cores, for the cold paths that parse many records at once.

Workers are forked, so they start with everything the parent has imported; they are handed a
chunk of inputs at a time (bounded, so memory does not grow with the register) and send back
only small results. Where fork is not available (Windows), the work runs in this process.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Chunk = TypeVar("Chunk")
Out = TypeVar("Out")

WORTH_FORKING = 200  # fewer items than this are done sooner here than workers start


def cores() -> int:
    import multiprocessing  # some 10 ms of every start: only cold work needs it

    return min(os.cpu_count() or 1, 8) if "fork" in multiprocessing.get_all_start_methods() else 1


def in_workers(work: Callable[[Chunk], list[Out]], chunks: Iterable[Chunk], *, items: int) -> Iterator[Out]:
    """`work` applied to each chunk, on every core when there are enough `items` to be worth it."""
    if items < WORTH_FORKING or (workers := cores()) < 2:
        for chunk in chunks:
            yield from work(chunk)
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    pool = _pool(workers)
    running: set[Future[list[Out]]] = set()
    try:
        for chunk in chunks:
            running.add(pool.submit(work, chunk))
            if len(running) >= 2 * workers:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        for future in running:
            yield from future.result()
    except BaseException:
        for future in running:
            future.cancel()
        _forget_pool(pool)
        raise


def started_in_workers(
    work: Callable[[Chunk], list[Out]], chunks: Iterable[Chunk], *, items: int
) -> Callable[[], Iterator[Out]]:
    """`in_workers`, every chunk handed to the workers now, so that this process goes on with
    other work while they do this: call the result for the results. Every chunk is made at once,
    so this is for a bounded piece of work (a register's decisions), not for the whole register."""
    if items < WORTH_FORKING or (workers := cores()) < 2:
        return lambda: in_workers(work, chunks, items=items)  # here, when the results are asked for
    pool = _pool(workers)
    futures = [pool.submit(work, chunk) for chunk in chunks]

    def results() -> Iterator[Out]:
        try:
            for future in futures:
                yield from future.result()
        except BaseException:
            _forget_pool(pool)
            raise

    return results


_POOL: tuple[int, ProcessPoolExecutor] | None = None


def _pool(workers: int) -> ProcessPoolExecutor:
    """The process's workers, forked at its first cold work and kept to its end: the next piece
    of cold work (verify reads the decisions, then the approved versions) forks nothing, and
    finds the workers with what they imported for the first (the kinds' models) already."""
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid():  # a forked child forks its own
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if _POOL is None:
            atexit.register(end_workers)  # ended while Python still stands, not in its teardown
        _POOL = (os.getpid(), ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")))
    return _POOL[1]


def end_workers() -> None:
    """End this process's workers, if it has any (at its end; between two tests, so that each
    test's workers are forked from the process as that test made it)."""
    global _POOL
    if _POOL is not None and _POOL[0] == os.getpid():
        _POOL[1].shutdown()
    _POOL = None


def _forget_pool(pool: ProcessPoolExecutor) -> None:
    """After a failure the workers may be gone or busy with abandoned work: the next starts anew."""
    global _POOL
    if _POOL is not None and _POOL[1] is pool:
        _POOL = None
        pool.shutdown(wait=False, cancel_futures=True)
