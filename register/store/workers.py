"""Work shared among the machine's cores, for the cold paths that parse many records at once.

Workers are forked, so they start with everything the parent has imported; they are handed a
chunk of inputs at a time (bounded, so memory does not grow with the register) and send back
only small results. Where fork is not available (Windows), the work runs in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

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
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        running: set[Future[list[Out]]] = set()
        for chunk in chunks:
            running.add(pool.submit(work, chunk))
            if len(running) >= 2 * workers:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        for future in running:
            yield from future.result()


def started_in_workers(
    work: Callable[[Chunk], list[Out]], chunks: Iterable[Chunk], *, items: int
) -> Callable[[], Iterator[Out]]:
    """`in_workers`, every chunk handed to the workers now, so that this process goes on with
    other work while they do this: call the result for the results, which ends the workers. (A
    worker holds every pipe that was open when it was forked: workers kept after their work
    would keep a git process that waits for the end of its input waiting for ever.)"""
    if items < WORTH_FORKING or (workers := cores()) < 2:
        return lambda: in_workers(work, chunks, items=items)  # here, when the results are asked for
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(work, chunk) for chunk in chunks]

    def results() -> Iterator[Out]:
        with pool:
            for future in futures:
                yield from future.result()

    return results
